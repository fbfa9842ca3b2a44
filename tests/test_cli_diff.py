"""``delaftale diff OLD NEW``: the changes between two versions, from a shell.

The inputs are the hand-made revisions of tests/fixtures/make_revisions.py, written as JSON
files and as Word documents the fixture builder makes; the sentences expected are the ones
written by hand there.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from delaftale.cli import main
from fixtures import build_docx_fixtures as fx
from fixtures import make_revisions

ROOT = Path(__file__).parent.parent
PLAN = ROOT / "examples" / "ishoj-2025-plan"
STEM = "ishoj-2025-beskaeftigelse"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new, _expected = make_revisions.revised(STEM)
    paths = []
    for name, data in (("old", old), ("new", new)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def test_text_groups_the_changes_by_section(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    old, new = versions
    code, out, _err = run(capsys, "diff", str(old), str(new))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"7 ændringer fra {old} til {new}:"
    # Each section's title on its own line, its changes under it, in the order of the form.
    also = lines.index(
        "Desuden 1 ændring af ordlyden alene, med samme tal og datoer (vises med --format json)."
    )
    assert lines[also + 2] == "Fund, der er kommet til (1):"
    sections = [line for line in lines[1:also] if line and not line.startswith(" ")]
    assert sections == [
        "Delaftalens parter",
        "Delmål og indikatorer",
        "Aktivitetsliste",
        "Medarbejderressourcer",
        "Sammenhæng med den kommunale indsats",
        "Aktiviteter",
    ]
    after_staff = lines[lines.index("Medarbejderressourcer") + 1]
    assert after_staff == "  ~ Boligsocial leder: andel i Beskæftigelse ændret fra 25 % til 30 %"
    assert "  + Aktivitet tilføjet: Lektiecafé" in lines
    assert "  - Part fjernet: Center for Kultur og Fritid (Ishøj Kommune)" in lines
    # The reworded paragraph, its changed words marked.
    (detail,) = [line for line in lines if line.strip().startswith("afsnit 3:")]
    assert "[-drevet-]{+ledet+}" in detail
    # The staff line's wording, which follows its share, is not a change of its own here.
    assert "tekst ændret" not in out
    # The new activity is in the list and has a schema: no finding came or went about it.
    assert "activity-not-listed" not in out
    # The baseline filled in for 2026, a year after the agreement's start (1 November 2025),
    # is no longer marked "to be filled in later": the rule on baseline years now warns.
    assert "[baseline-year-after-start] $.sub_goals[0].indicators[0].baseline_year" in out


def test_equal_versions_exit_0(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    old, _new = versions
    code, out, _err = run(capsys, "diff", str(old), str(old), "--lang", "en")
    assert code == 0
    assert out == f"No changes: {old} and {old} hold the same.\n"


def test_json_lists_every_change(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    old, new = versions
    code, out, _err = run(capsys, "diff", str(old), str(new), "--format", "json")
    assert code == 1
    record = json.loads(out)
    assert record["old"] == str(old)
    assert record["equal"] is False
    _o, _n, expected = make_revisions.revised(STEM)
    seen = {(c["kind"], c["path"], c["text_da"]) for c in record["changes"] if not c.get("wording")}
    assert seen == {(e.kind, e.path, e.text_da) for e in expected}
    (share,) = [c for c in record["changes"] if c["path"].endswith("share")]
    assert (share["old"], share["new"]) == ("25", "30")
    assert share["section_en"] == "Staff resources"


def test_csv_for_danish_excel(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    old, new = versions
    code, out, _err = run(capsys, "diff", str(old), str(new), "--format", "csv")
    assert code == 1
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["section", "kind", "path", "old_path", "old", "new", "text"]
    share = next(r for r in rows if r[2] == "$.staffing.allocations[0].share")
    assert share[0] == "Medarbejderressourcer"
    assert share[4:6] == ["25", "30"]
    text = next(r for r in rows if r[2] == "$.municipal_context")
    # A text section is a row per changed paragraph, with that paragraph's old and new words.
    assert "drevet af Tryghed" in text[4]
    assert "ledet af Tryghed" in text[5]
    assert "afsnit 3" in text[6]


def test_word_documents_are_compared_as_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old_data, new_data, expected = make_revisions.revised(STEM)
    old, new = tmp_path / "v1.docx", tmp_path / "v2.docx"
    old.write_bytes(fx.build_agreement(old_data, "form"))
    new.write_bytes(fx.build_agreement(new_data, "plain-guidance"))  # another layout: same data
    code, out, _err = run(capsys, "diff", str(old), str(new), "--format", "json")
    assert code == 1
    seen = {
        (c["kind"], c["path"], c["text_da"])
        for c in json.loads(out)["changes"]
        if not c.get("wording")
    }
    assert seen == {(e.kind, e.path, e.text_da) for e in expected}


def test_unusable_inputs_exit_2(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, _new = versions
    code, _out, err = run(capsys, "diff", str(old), str(tmp_path / "missing.json"))
    assert code == 2
    assert "missing.json: no such file" in err
    code, _out, err = run(capsys, "diff", str(old), str(PLAN))
    assert code == 2
    assert "compare two delaftaler, or two plans" in err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _out, err = run(capsys, "diff", str(broken), str(old))
    assert code == 2
    assert "broken.json" in err
    code, _out, err = run(capsys, "diff", str(old), str(old), "-o", str(tmp_path / "x.xlsx"))
    assert code == 2
    assert "revision.docx" in err


def test_output_file_by_its_name(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    target = tmp_path / "revision.json"
    code, out, err = run(capsys, "diff", str(old), str(new), "-o", str(target))
    assert code == 1
    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["equal"] is False
    code, _out, err = run(capsys, "diff", str(old), str(new), "-o", str(target), "--format", "csv")
    assert code == 2
    assert "--format says csv" in err
    code, _out, err = run(capsys, "diff", str(old), str(new), "-o", str(old))
    assert code == 2
    assert "also the input" in err


def test_two_plan_folders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    revised = tmp_path / "plan-2027"
    shutil.copytree(PLAN, revised)
    plan_json = revised / "plan.json"
    data = json.loads(plan_json.read_text(encoding="utf-8"))
    assert data["positions"][0]["title"] == "Boligsocial leder"
    assert data["positions"][0]["weekly_hours"] == "37"
    data["positions"][0]["weekly_hours"] = "30"
    plan_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(capsys, "diff", str(PLAN), str(revised))
    assert code == 1
    assert (
        "Stillinger\n  ~ Stilling »Boligsocial leder«: ugentlige timer ændret fra 37 timer " in out
    )


def test_csv_figures_are_numbers_for_danish_excel(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old_data, _new, _expected = make_revisions.revised(STEM)
    new_data = json.loads(json.dumps(old_data))
    new_data["staffing"]["allocations"][0]["share"] = "25.5"
    paths = []
    for name, data in (("a", old_data), ("b", new_data)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    code, out, _err = run(capsys, "diff", *paths, "--format", "csv", "--no-findings")
    assert code == 1
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    share = next(r for r in rows if r[2] == "$.staffing.allocations[0].share")
    assert share[4:6] == ["25", "25,5"]  # not 25.5, which Danish Excel takes for 25 May


def test_two_areas_are_compared_with_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = ROOT / "examples" / "ishoj-2025-beskaeftigelse.json"
    new = ROOT / "examples" / "ishoj-2025-uddannelse-og-livschancer.json"
    code, _out, err = run(capsys, "diff", str(old), str(new), "--no-findings")
    assert code == 1
    assert err == (
        f"Bemærk: {old} er en delaftale for Beskæftigelse, {new} for Uddannelse og livschancer.\n"
    )
    code, _out, err = run(capsys, "diff", str(old), str(new), "-o", str(tmp_path / "revision.docx"))
    assert code == 2
    assert "one area's delaftale" in err


def test_two_plans_give_a_folder_of_revised_delaftaler(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    revised = tmp_path / "plan-2027"
    shutil.copytree(PLAN, revised)
    name = "ishoj-2025-beskaeftigelse.json"
    data = json.loads((revised / name).read_text(encoding="utf-8"))
    assert data["staffing"]["allocations"][0]["share"] == "25"
    data["staffing"]["allocations"][0]["share"] = "30"
    (revised / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out_dir = tmp_path / "revision"
    code, _out, err = run(capsys, "diff", str(PLAN), str(revised), "-o", str(out_dir))
    assert code == 1
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == ["beskaeftigelse.docx", "uddannelse-og-livschancer.docx"]
    assert str(out_dir / "beskaeftigelse.docx") in err
    changed = (out_dir / "beskaeftigelse.docx").read_bytes()
    unchanged = (out_dir / "uddannelse-og-livschancer.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(changed)) as archive:
        body = archive.read("word/document.xml")
    assert b'<w:delText xml:space="preserve">25</w:delText>' in body
    with zipfile.ZipFile(io.BytesIO(unchanged)) as archive:
        assert b"<w:ins " not in archive.read("word/document.xml")


def test_document_options_without_a_document_are_refused(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    code, _out, err = run(capsys, "diff", str(old), str(new), "--author", "Sekretariatet")
    assert code == 2
    assert "--author is for the document with revision marks: add -o revision.docx" in err
    code, _out, err = run(
        capsys, "diff", str(old), str(new), "-o", str(tmp_path / "r.docx"), "--author", " "
    )
    assert code == 2
    assert "--author: give the name Word shows on every change" in err
    assert not (tmp_path / "r.docx").exists()
