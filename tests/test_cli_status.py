"""``delaftale status``: the follow-up judged from a shell, against figures worked out by hand.

The example plan folder (examples/ishoj-2025-plan) holds a follow-up sheet of made-up figures
(opfoelgning.csv) and, in plan.json, a target for Uddannelse og livschancer 1.1. By hand:
1.1: 63,10 - 61,21 = +1,89 points, 'Flere' asks for up: improving, target 65 % not reached;
2.1: 9,12 - 8,87 = +0,25 points, 'Færre' asks for down: worsening;
Beskæftigelse 3.1: no 2026 figure, so 2025's 82,30 - 81,40 = +0,90: improving.
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

ROOT = Path(__file__).parent.parent
PLAN = ROOT / "examples" / "ishoj-2025-plan"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _record(records: list[dict[str, object]], area: str, key: str) -> dict[str, object]:
    return next(r for r in records if r["focus_area"] == area and r["key"] == key)


def test_json_has_the_keys_the_issue_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", str(PLAN), "--year", "2026", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert len(records) == 7
    for record in records:
        assert {"focus_area", "sub_goal", "indicator", "direction", "baseline", "latest"} <= set(
            record
        )
        assert record["assessment"] in (
            "improving",
            "worsening",
            "unchanged",
            "no_data",
            "pending_baseline",
        )
    first = _record(records, "uddannelse_og_livschancer", "1.1")
    assert first["direction"] == "up"
    assert first["baseline"] == {"year": 2023, "value": "61.21", "pending": False}
    assert first["latest"] == {"year": 2026, "value": "63.10", "count": None}
    assert first["change"] == "1.89"
    assert first["assessment"] == "improving"
    assert first["target"] == {"value": "65", "year": 2029}
    assert first["target_reached"] is False
    second = _record(records, "uddannelse_og_livschancer", "2.1")
    assert (second["direction"], second["change"], second["assessment"]) == (
        "down",
        "0.25",
        "worsening",
    )
    third = _record(records, "beskaeftigelse", "3.1")
    assert third["latest"] == {"year": 2025, "value": "82.30", "count": None}
    assert (third["change"], third["assessment"]) == ("0.90", "improving")
    pending = _record(records, "uddannelse_og_livschancer", "3.1")
    assert pending["assessment"] == "pending_baseline"
    assert pending["latest"] == {"year": 2026, "value": None, "count": 14}


def test_the_year_defaults_to_the_last_with_figures(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "status", str(PLAN), "--format", "json")
    assert {r["year"] for r in json.loads(out)} == {2026}


def test_an_earlier_year_reads_as_it_did_then(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "status", str(PLAN), "--year", "2025", "--format", "json")
    first = _record(json.loads(out), "uddannelse_og_livschancer", "1.1")
    assert first["latest"] == {"year": 2025, "value": "62.40", "count": None}
    assert first["change"] == "1.19"  # 62,40 - 61,21


def test_text_is_a_readable_table_with_the_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", str(PLAN), "--year", "2026")
    assert code == 0
    assert out.startswith("Status for delmål og indikatorer 2026: ")
    assert "Baseline 61,21 % (2023) · 2024: 61,80 % · 2025: 62,40 % · 2026: 63,10 %" in out
    assert "Ændring +1,89 procentpoint · Retning op ('Flere' i delmålet)" in out
    assert "Vurdering: Udviklingen går den rigtige vej" in out
    assert "Vurdering: Udviklingen går den forkerte vej" in out
    assert "Mål 65 % (2029), endnu ikke nået" in out
    # Beskæftigelse 3.1 and 4.1 have no 2026 figure.
    assert out.count("[followup-no-figure]") == 2


def test_text_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "status", str(PLAN), "--year", "2027", "--lang", "en")
    assert "Assessment: Moving the right way" in out
    assert "Change +1,89 percentage points" in out
    assert "[followup-baseline-pending]" in out


def test_csv_is_for_danish_excel(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", str(PLAN), "--year", "2026", "--format", "csv")
    assert code == 0
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["Indsatsområde", "Delmål nr.", "Indikator nr."]
    assert header[-3:] == ["2024", "2025", "2026"]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Baseline"] == "61,21"
    assert first["Ændring"] == "1,89"
    assert first["2026"] == "63,10"
    assert first["Vurdering (kode)"] == "improving"
    assert first["Vurdering"] == "Udviklingen går den rigtige vej"
    assert (first["Retning"], first["Enhed"], first["Mål nået"]) == ("op", "procent", "nej")
    besk = dict(zip(header, rows[4], strict=True))  # Beskæftigelse 1.1: 72 % (36 personer)
    assert (besk["Seneste værdi"], besk["Seneste antal"]) == ("72", "36")


def test_a_plan_without_figures_needs_a_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(PLAN, folder)
    (folder / "opfoelgning.csv").unlink()
    plan = json.loads((folder / "plan.json").read_text("utf-8"))
    plan.pop("followup", None)
    (folder / "plan.json").write_text(json.dumps(plan), "utf-8")
    code, _, err = run(capsys, "status", str(folder))
    assert code == 2
    assert "give the year (--year 2027)" in err
    code, out, _ = run(capsys, "status", str(folder), "--year", "2026", "--format", "json")
    assert code == 0
    assert {r["assessment"] for r in json.loads(out)} == {"no_data", "pending_baseline"}


def test_a_sheet_given_explicitly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "tal.csv"
    sheet.write_text(
        "Indsatsområde;Delmål nr.;Indikator nr.;År;Værdi\nBeskæftigelse;3;1;2026;79,40 %\n",
        "utf-8",
    )
    code, out, _ = run(capsys, "status", str(PLAN), "--followup", str(sheet), "--format", "json")
    assert code == 0
    third = _record(json.loads(out), "beskaeftigelse", "3.1")
    assert (third["change"], third["assessment"]) == ("-2.00", "worsening")  # 79,40 - 81,40


def test_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "status", str(tmp_path / "nothing"))
    assert code == 2
    assert "no such plan folder or file" in err
    with pytest.raises(SystemExit) as exited:
        main(["status", str(PLAN), "--year", "twenty"])
    assert exited.value.code == 2
    code, _, err = run(capsys, "status", str(PLAN), "-o", str(tmp_path / "status.xls"))
    assert code == 2
    assert "name the output status.docx" in err
    code, _, err = run(
        capsys, "status", str(PLAN), "-o", str(tmp_path / "s.json"), "--format", "csv"
    )
    assert code == 2
    assert "the name says json, --format says csv" in err
    assert not (tmp_path / "s.json").exists()
    with pytest.raises(SystemExit):
        main(["status", str(PLAN), "--year", "1800"])
    assert "from 1990 to 2100" in capsys.readouterr().err


def test_the_output_name_chooses_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, _ = run(capsys, "status", str(PLAN), "--year", "2026", "--format", "json")
    code, out, _ = run(
        capsys, "status", str(PLAN), "--year", "2026", "-o", str(tmp_path / "s.json")
    )
    assert (code, out) == (0, "")
    assert (tmp_path / "s.json").read_text("utf-8") == printed
    code, _, _ = run(capsys, "status", str(PLAN), "--year", "2026", "-o", str(tmp_path / "s.csv"))
    assert (tmp_path / "s.csv").read_bytes().startswith("\ufeff".encode())
    code, _, _ = run(capsys, "status", str(PLAN), "--year", "2026", "-o", str(tmp_path / "s.txt"))
    assert (tmp_path / "s.txt").read_text("utf-8").startswith("Status for delmål og indikatorer")


def test_a_bare_figure_is_shown_in_the_baselines_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "tal.csv"
    sheet.write_text(
        "Indsatsområde;Delmål nr.;Indikator nr.;År;Værdi;Antal\n"
        "Beskæftigelse;3;1;2026;80,5;1.234\n",
        "utf-8",
    )
    _, out, _ = run(capsys, "status", str(PLAN), "--followup", str(sheet), "--year", "2026")
    assert "2026: 80,5 % (1.234 personer)" in out


def test_a_windows_1252_sheet_is_one_warning_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "tal.csv"
    sheet.write_bytes(
        "Indsatsområde;Delmål nr.;Indikator nr.;År;Værdi\nBeskæftigelse;3;1;2026;80,5 %\n".encode(
            "cp1252"
        )
    )
    code, _, err = run(capsys, "status", str(PLAN), "--followup", str(sheet), "--year", "2026")
    assert code == 0
    (line,) = err.splitlines()
    assert line.startswith("Advarsel / Warning: 'tal.csv' is not UTF-8 text")


def test_the_report_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "status.docx"
    code, out, err = run(capsys, "status", str(PLAN), "--year", "2026", "-o", str(target))
    assert code == 0
    assert out == ""
    assert str(target) in err
    with zipfile.ZipFile(target) as package:
        document = package.read("word/document.xml").decode("utf-8")
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
    assert "Udviklingen går den rigtige vej" in document
    # Charts for the indicators with figures: Uddannelse 1.1, 2.1, 3.1; Beskæftigelse 1.1-3.1.
    assert len(pictures) == 6


def test_validate_checks_the_follow_up_as_of_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    # As of 2026 (the sheet's last year) the pending baselines are not yet overdue.
    code, out, _ = run(capsys, "validate", str(PLAN), "--format", "json")
    codes = [f["code"] for f in json.loads(out)[0]["findings"]]
    assert "followup-baseline-pending" not in codes
    assert "followup-no-figure" not in codes
    # As of 2027 four baselines due in 2026 are overdue, and no indicator has a 2027 figure.
    code, out, _ = run(capsys, "validate", str(PLAN), "--format", "json", "--year", "2027")
    codes = [f["code"] for f in json.loads(out)[0]["findings"]]
    assert codes.count("followup-baseline-pending") == 4
    assert codes.count("followup-no-figure") == 7
    assert code == 0  # warnings, no errors


def test_a_folder_of_delaftaler_and_a_named_sheet_is_a_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ishoj"
    folder.mkdir()
    for name in ("ishoj-2025-uddannelse-og-livschancer.json", "ishoj-2025-beskaeftigelse.json"):
        shutil.copy(PLAN / name, folder / name)
    (folder / "opfølgning 2026.csv").write_text(
        "Indsatsområde;Delmål nr.;Indikator nr.;År;Værdi\nBeskæftigelse;3;1;2026;79,40 %\n",
        "utf-8",
    )
    code, out, _ = run(capsys, "status", str(folder), "--format", "json")
    assert code == 0
    third = _record(json.loads(out), "beskaeftigelse", "3.1")
    assert (third["change"], third["assessment"]) == ("-2.00", "worsening")  # 79,40 - 81,40
    # validate takes the folder as one plan too, not as a batch of its documents.
    code, out, _ = run(capsys, "validate", str(folder), "--format", "json")
    assert [r["file"] for r in json.loads(out)] == [str(folder)]
