"""The delaftale command, run in-process (and once as a real process)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import delaftale
from delaftale import Agreement, FocusArea
from delaftale.cli import main
from libreoffice import needs_libreoffice

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
BESK = EXAMPLES / "ishoj-2025-beskaeftigelse.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_write_then_read_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docx = tmp_path / "besk.docx"
    code, _, err = run(capsys, "write", str(BESK), "-o", str(docx))
    assert code == 0
    assert str(docx) in err
    code, out, err = run(capsys, "read", str(docx))
    assert code == 0
    assert err == ""  # a complete parse prints no report
    assert delaftale.loads(out, Agreement) == delaftale.loads(BESK.read_text("utf-8"), Agreement)
    code, _, _ = run(capsys, "read", str(docx), "-o", str(tmp_path / "out.json"))
    assert code == 0
    assert (tmp_path / "out.json").read_text("utf-8") == out


def test_read_prints_the_parse_report_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Delaftale for indsatsområdet Beskæftigelse")
    document.add_paragraph("Bilag 3")
    path = tmp_path / "kort.docx"
    document.save(str(path))
    code, out, err = run(capsys, "read", str(path), "--lang", "en")
    assert code == 0
    assert json.loads(out)["focus_area"] == "beskaeftigelse"
    assert "not placed (paragraph 2): Bilag 3" in err
    assert "[section-not-found]" in err


def test_validate_exit_codes_and_grouping(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(BESK))
    assert code == 0
    assert "Advarsler (1):" in out
    assert "Oplysninger (3):" in out
    code, out, _ = run(capsys, "validate", str(EXAMPLES / "plan-with-mismatches"), "--lang", "en")
    assert code == 1
    assert "Errors (" in out
    assert "Boligsocial leder is allocated 110 %" in out
    code, out, _ = run(capsys, "validate", str(BESK), "nowhere.json")
    assert code == 2
    assert "Kan ikke bruges: nowhere.json: no such file" in out


def test_validate_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(BESK))
    assert code == 0
    (result,) = json.loads(out)
    assert result["file"] == str(BESK)
    assert result["error"] is None
    assert [f["code"] for f in result["findings"]][:2] == ["draft", "section-missing"]
    code, out, _ = run(capsys, "validate", "--format", "csv", "--lang", "en", str(BESK))
    assert out.startswith("\ufeff")  # Danish Excel's dialect by default (test_cli_batch.py)
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["file", "code", "severity", "path", "message"]
    assert rows[1][1:4] == ["draft", "info", "$.draft_date"]


def test_validate_reads_docx_and_plan_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx_path = tmp_path / "a.docx"
    agreement = delaftale.loads(BESK.read_text("utf-8"), Agreement)
    docx_path.write_bytes(delaftale.render_docx(agreement))
    code, out, _ = run(
        capsys, "validate", str(docx_path), str(EXAMPLES / "ishoj-2025-plan" / "plan.json")
    )
    assert code == 0
    assert "plan-agreement-missing" in out
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    code, out, _ = run(capsys, "validate", str(tmp_path / "notes.txt"), str(tmp_path / "empty"))
    assert code == 2
    assert "notes.txt is not a document delaftale reads" in out
    assert "empty: no delaftaler in this folder" in out


def test_errors_are_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"focus_area": "sundhed"}', encoding="utf-8")
    code, out, err = run(capsys, "write", str(bad), "-o", str(tmp_path / "x.docx"))
    assert code == 2
    assert out == ""
    assert err.startswith(f"delaftale: {bad}: The data is not a valid Agreement")
    assert "Traceback" not in err
    assert "unknown code 'sundhed'" in err
    code, _, err = run(capsys, "--debug", "read", str(tmp_path / "none.docx"))
    assert code == 2
    assert "Traceback" in err


def test_schema_new_and_blank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "plan")
    assert json.loads(out)["title"] == "Plan"
    new = tmp_path / "ny.json"
    code, _, _ = run(capsys, "new", "Kriminalitetsforebyggelse", "-o", str(new))
    assert code == 0
    data = json.loads(new.read_text("utf-8"))
    assert data["sub_goals"] == []
    loaded = delaftale.loads(new.read_text("utf-8"), Agreement)
    assert loaded.focus_area is FocusArea.KRIMINALITETSFOREBYGGELSE
    form = tmp_path / "blank.docx"
    code, _, _ = run(capsys, "blank", "beskaeftigelse", "-o", str(form))
    assert code == 0
    assert delaftale.read_docx(form).focus_area is FocusArea.BESKAEFTIGELSE
    with pytest.raises(SystemExit):
        main(["new", "sundhed", "-o", str(new)])
    assert "unknown focus area 'sundhed'" in capsys.readouterr().err


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "delaftale", "validate", "--format", "json", str(BESK)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)[0]["error"] is None


def test_progress_shows_only_on_a_terminal_for_batches(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    files = [str(BESK)] * 3
    shown = Terminal()
    monkeypatch.setattr(sys, "stderr", shown)
    assert main(["validate", "--jobs", "1", *files]) == 0
    assert "validerer:" in shown.getvalue()  # tqdm's bar, on the terminal only
    assert "/3 [" in shown.getvalue()
    monkeypatch.undo()
    capsys.readouterr()
    code, out, err = run(capsys, "validate", "--jobs", "1", *files)
    assert (code, err) == (0, "")  # not a terminal: no progress, nothing but the results
    assert out.count(str(BESK)) == 3
    small = Terminal()
    monkeypatch.setattr(sys, "stderr", small)
    assert main(["validate", str(BESK)]) == 0
    assert small.getvalue() == ""  # one file: no progress bar


def test_validate_csv_never_starts_a_cell_with_a_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = delaftale.loads(BESK.read_bytes(), Agreement)
    hostile = delaftale.replace(
        agreement, "$.staffing.allocations[0].text", '=HYPERLINK("http://x","klik")'
    )
    monkeypatch.chdir(tmp_path)
    Path("=cmd.json").write_text(delaftale.dumps(hostile), encoding="utf-8")
    _, out, _ = run(capsys, "validate", "--format", "csv", "--lang", "en", "=cmd.json")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert {row[0] for row in rows[1:]} == {"'=cmd.json"}  # the file name, made inert
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_commands_refuse_to_write_over_their_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "a.json"
    data.write_bytes(BESK.read_bytes())
    code, _, err = run(capsys, "write", str(data), "-o", str(data))
    assert code == 2
    assert "also the input" in err
    assert data.read_bytes() == BESK.read_bytes()
    document = tmp_path / "a.docx"
    assert run(capsys, "write", str(data), "-o", str(document))[0] == 0
    before = document.read_bytes()
    code, _, err = run(capsys, "read", str(document), "-o", str(document))
    assert code == 2
    assert document.read_bytes() == before


def test_dash_means_standard_output_for_documents(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert main(["write", str(BESK), "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"PK")
    assert delaftale.read_docx(out) == delaftale.loads(BESK.read_bytes(), Agreement)
    assert main(["blank", "beskaeftigelse", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"PK")


def test_writing_keeps_modes_follows_links_and_spares_special_files(tmp_path: Path) -> None:
    import os
    import stat

    from delaftale.files import write_atomically

    existing = tmp_path / "existing.json"
    existing.write_text("old")
    existing.chmod(0o640)
    write_atomically(existing, b"new")
    assert (existing.read_bytes(), stat.S_IMODE(existing.stat().st_mode)) == (b"new", 0o640)
    old_umask = os.umask(0o022)
    try:
        fresh = write_atomically(tmp_path / "fresh.json", b"x")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not mkstemp's 0600
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomically(link, b"through the link")
    assert link.is_symlink()
    assert real.read_bytes() == b"through the link"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(fifo, b"to the pipe")
        assert os.read(reader, 100) == b"to the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe, not replaced by a file
    long_name = tmp_path / ("d" * 240 + ".json")
    assert write_atomically(long_name, b"ok").read_bytes() == b"ok"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(OSError, match="no-such-folder"):
        write_atomically(tmp_path / "no-such-folder" / "x.json", b"x")


def test_a_blank_form_reads_as_an_empty_agreement_and_validates_without_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "skema.docx"
    assert run(capsys, "blank", "beskaeftigelse", "-o", str(blank))[0] == 0
    agreement, report = delaftale.read_docx_with_report(blank)
    assert agreement == Agreement(focus_area=FocusArea.BESKAEFTIGELSE)
    assert report.notes == ()
    code, out, _ = run(capsys, "validate", str(blank))
    assert code == 0  # warnings for the empty sections, no error
    assert "Fejl" not in out


def test_careless_input_gets_a_clear_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from delaftale.files import load_plan

    document = tmp_path / "a.docx"
    assert run(capsys, "write", str(BESK), "-o", str(document))[0] == 0
    code, _, err = run(capsys, "write", str(document), "-o", str(tmp_path / "b.docx"))
    assert code == 2
    assert "is a Word document" in err
    assert "delaftale read" in err
    (tmp_path / "empty").mkdir()
    with pytest.raises(delaftale.DataError, match=r"plan\.json"):
        load_plan(tmp_path / "empty")
    with pytest.raises(delaftale.DataError, match="no such file"):
        load_plan(tmp_path / "plan.json")
    with pytest.raises(delaftale.DataError, match="not JSON; read a delaftale"):
        load_plan(document)


def _actions(parser: argparse.ArgumentParser, where: str) -> list[tuple[str, argparse.Action]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _actions(sub, f"{where} {name}")
        elif not isinstance(action, argparse._HelpAction | argparse._VersionAction):
            found.append((where, action))
    return found


def test_every_command_line_option_has_help_text() -> None:
    from delaftale.cli import _parser

    actions = _actions(_parser(), "delaftale")
    assert len(actions) > 15  # every command's arguments were walked
    missing = [f"{where} {a.dest}" for where, a in actions if not (a.help or "").strip()]
    assert missing == []


def test_read_area_names_the_focus_area_of_a_form_without_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Delaftalen gælder fra - til:")
    document.add_paragraph("1. november 2025 til 31. oktober 2029")
    document.add_paragraph("Delaftalens parter:")
    document.add_paragraph("Ishøj Kommune")
    path = tmp_path / "uden-titel.docx"
    document.save(str(path))
    code, _, err = run(capsys, "read", str(path))
    assert code == 2
    assert "focus area could not be found" in err
    code, out, _ = run(capsys, "read", str(path), "--area", "Beskæftigelse")
    assert code == 0
    data = json.loads(out)
    assert data["focus_area"] == "beskaeftigelse"
    assert data["period"]["start"] == "2025-11-01"
    assert data["period"]["end"] == "2029-10-31"


def test_write_refuses_names_of_other_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for suffix in (".docm", ".dotx", ".doc", ".odt", ".json"):
        target = tmp_path / f"out{suffix}"
        code, _, err = run(capsys, "write", str(BESK), "-o", str(target))
        assert code == 2
        assert f"out{suffix} names" in err
        assert "delaftale writes" in err
        assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


def test_write_pdf_without_libreoffice_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import delaftale.office

    monkeypatch.setattr(delaftale.office, "soffice", lambda: None)
    target = tmp_path / "besk.pdf"
    code, _, err = run(capsys, "write", str(BESK), "-o", str(target))
    assert code == 2
    assert "needs LibreOffice" in err
    assert "libreoffice-writer-nogui" in err
    assert not target.exists()


@needs_libreoffice
def test_write_pdf_through_libreoffice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "besk.pdf"
    code, _, err = run(capsys, "write", str(BESK), "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, check=True, text=True
    ).stdout
    # The figures of the seed, in the wording a person reads (from the seed document).
    assert "1. november 2025 til 31. oktober 2029" in text
    assert "Beskæftigelse" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["besk.pdf"]


def test_validate_root_lets_a_plan_reach_a_wider_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = tmp_path / "plans"
    (plans / "ishoj").mkdir(parents=True)
    (plans / "shared").mkdir()
    plan = json.loads((EXAMPLES / "ishoj-2025-plan" / "plan.json").read_text("utf-8"))
    for name in plan["agreements"]:
        (plans / "shared" / name).write_bytes((EXAMPLES / name).read_bytes())
    plan["agreements"] = [f"../shared/{name}" for name in plan["agreements"]]
    plan["budget"] = "../shared/budget.csv"
    plan["followup"]["sheet"] = "../shared/opfoelgning.csv"
    for name in ("budget.csv", "opfoelgning.csv"):
        (plans / "shared" / name).write_bytes((EXAMPLES / "ishoj-2025-plan" / name).read_bytes())
    (plans / "ishoj" / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(plans / "ishoj"))
    assert code == 2
    assert "--root" in out  # the refusal says how to widen the folder
    code, out, _ = run(capsys, "validate", str(plans / "ishoj"), "--root", str(plans))
    assert code in (0, 1), out
    assert "Kan ikke bruges" not in out


def test_json_inputs_are_bounded_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(17 * 2**20)  # sparse: 17 MiB, more than any delaftale
    code, _, err = run(capsys, "write", str(big), "-o", str(tmp_path / "x.docx"))
    assert code == 2
    assert str(big) in err
    assert "16,777,216" in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"focus_area": "beskaeftigelse", "period": 7}', encoding="utf-8")
    code, _, err = run(capsys, "write", str(bad), "-o", str(tmp_path / "x.docx"))
    assert code == 2
    assert err.startswith(f"delaftale: {bad}:")
    assert "$.period" in err
    code, out, _ = run(capsys, "validate", str(big), str(BESK))
    assert code == 2
    assert "16,777,216" in out
    assert "ishoj-2025-beskaeftigelse.json\n  Ingen fund." in out or "Advarsler" in out


def test_dev_stdout_into_a_pipe_is_written_to_directly(tmp_path: Path) -> None:
    done = subprocess.run(
        f"{sys.executable} -m delaftale new beskaeftigelse -o /dev/stdout | cat",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["focus_area"] == "beskaeftigelse"


def test_json_commands_refuse_a_document_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = tmp_path / "besk.docx"
    assert run(capsys, "write", str(BESK), "-o", str(docx))[0] == 0
    for args in (("read", str(docx)), ("new", "beskaeftigelse")):
        target = tmp_path / "out.docx"
        code, _, err = run(capsys, *args, "-o", str(target))
        assert code == 2
        assert "this command writes JSON, not .docx; name the output out.json" in err
        assert not target.exists()


def test_operating_system_errors_are_one_plain_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_name = tmp_path / ("x" * 300 + ".json")
    code, _, err = run(capsys, "new", "beskaeftigelse", "-o", str(long_name))
    assert code == 2
    assert err.endswith("the name is too long for the file system; use a shorter name\n")
    assert "Errno" not in err
    code, _, err = run(capsys, "new", "beskaeftigelse", "-o", str(tmp_path / "no" / "x.json"))
    assert code == 2
    assert "no such file or folder; check the path" in err
    assert "Errno" not in err


def test_validate_csv_defuses_formulas_after_a_semicolon(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(BESK.read_text("utf-8"))
    data["activity_names"][0] = "Fritidsjob;=cmd|' /C calc'!A0;x"
    bad = tmp_path / "inj.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad), "--format", "csv")
    assert code in (0, 1)
    assert "=cmd" in out  # the text is kept …
    for piece in out.replace(",", ";").split(";"):
        assert not piece.strip('"').startswith(("=", "+", "@")), piece  # … but never live


def test_dash_means_standard_input_for_read_and_write(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "delaftale"]
    document = subprocess.run(
        [*command, "write", "-", "-o", "-"],
        input=BESK.read_bytes(),
        capture_output=True,
        check=True,
    ).stdout
    assert document.startswith(b"PK")
    done = subprocess.run([*command, "read", "-"], input=document, capture_output=True, check=True)
    expected = delaftale.loads(BESK.read_text("utf-8"), Agreement)
    assert delaftale.loads(done.stdout, Agreement) == expected
    refused = subprocess.run(
        [*command, "read", "-"], input=b"not a document", capture_output=True, check=False
    )
    assert refused.returncode == 2
    assert refused.stderr.decode().startswith(
        "delaftale: (standard input) is not a document delaftale reads"
    )


def test_validate_takes_the_budget_options_and_schema_writes_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = str(EXAMPLES / "plan-with-mismatches")

    def codes(*options: str) -> list[str]:
        out = run(capsys, "validate", plan, "--format", "json", *options)[1]
        return [f["code"] for f in json.loads(out)[0]["findings"]]

    default = codes()
    # The example's mismatches, worked out by hand in test_plan.py: 4 shares, 1 area weight.
    assert default.count("budget-position-share") == 4
    assert default.count("budget-area-weight") == 1
    assert codes("--weight-measure", "costs") == default
    assert "budget-area-weight" not in codes("--weight-tolerance", "100")
    assert "budget-position-share" not in codes("--share-tolerance", "100")
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", plan, "--share-tolerance", "abc"])
    assert exit_info.value.code == 2
    assert "is not a number of percentage points" in capsys.readouterr().err
    target = tmp_path / "agreement.schema.json"
    assert run(capsys, "schema", "-o", str(target))[0] == 0
    assert json.loads(target.read_text("utf-8"))["title"]


def test_the_template_can_come_from_standard_input(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "delaftale"]
    blank = subprocess.run(
        [*command, "blank", "beskaeftigelse", "-o", "-"], capture_output=True, check=True
    ).stdout
    out = tmp_path / "besk.docx"
    subprocess.run(
        [*command, "write", str(BESK), "--template", "-", "-o", str(out)],
        input=blank,
        capture_output=True,
        check=True,
    )
    assert delaftale.read_docx(out) == delaftale.loads(BESK.read_text("utf-8"), Agreement)
