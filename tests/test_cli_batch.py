"""The delaftale command over many files: read into a folder, validate folders, --jobs, CSV."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import delaftale
from delaftale import Agreement
from delaftale import cli as cli_module
from delaftale.cli import main
from fixtures import build_docx_fixtures as fx

EXAMPLES = Path(__file__).parent.parent / "examples"
BESK = "ishoj-2025-beskaeftigelse"
UDD = "ishoj-2025-uddannelse-og-livschancer"
SDB = "soenderborg-2021-uddannelse-og-livschancer"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def example(stem: str) -> Agreement:
    """The hand-transcribed example: what reading its form-layout fixture must give."""
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text("utf-8"), Agreement)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.build_all(tmp_path_factory.mktemp("docx"))


def _folder(where: Path, built: dict[str, Path], names: dict[str, str]) -> Path:
    """A folder of documents: {file name in the folder: fixture name}."""
    where.mkdir(parents=True, exist_ok=True)
    for name, fixture in names.items():
        shutil.copyfile(built[fixture], where / name)
    return where


def _junk_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("junk.bin", os.urandom(64))
    return path


# The expected agreement of each output stem, taken from the examples (the form layout reads
# back exactly its example; test_word_reader.py).
FOLDER = {
    f"{BESK}.docx": f"{BESK}--form",
    f"{UDD}.docx": f"{UDD}--form",
    f"{SDB}.docx": f"{SDB}--form",
    "kopi af beskaeftigelse.docx": f"{BESK}--form",
}
EXPECTED = {BESK: BESK, UDD: UDD, SDB: SDB, "kopi af beskaeftigelse": BESK}


def test_reading_a_folder_writes_one_json_per_document(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path / "delaftaler", built, FOLDER)
    (docs / "~$beskaeftigelse.docx").write_bytes(b"lock")  # Word's lock file: skipped
    (docs / ".skjult.docx").write_bytes(b"hidden")  # hidden: skipped
    (docs / "noter.txt").write_text("not a document", encoding="utf-8")  # not a document name
    out = tmp_path / "json" / "ud"  # created, parents too
    code, stdout, err = run(
        capsys, "read", str(docs), "-o", str(out), "--jobs", "1", "--lang", "en"
    )
    assert code == 0, err
    assert stdout == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}.json" for s in EXPECTED)
    for stem, expected in EXPECTED.items():
        assert delaftale.loads((out / f"{stem}.json").read_bytes(), Agreement) == example(expected)
    assert err == f"delaftale: 4 of 4 documents read into {out}\n"


def test_one_bad_file_never_stops_the_batch(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path / "docs", built, {"a.docx": f"{BESK}--form", "d.docx": f"{SDB}--form"})
    _junk_zip(docs / "b.docx")  # a zip, but of junk
    (docs / "c.docx").write_text("Kære Mette, her er delaftalen.", encoding="utf-8")  # text
    shutil.copyfile(built["missing-staffing"], docs / "e.docx")  # read, with a note
    out = tmp_path / "out"
    missing = tmp_path / "findes-ikke.docx"
    code, _, err = run(
        capsys, "read", str(docs), str(missing), "-o", str(out), "--jobs", "1", "--lang", "en"
    )
    assert code == 2
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "d.json", "e.json"]
    assert delaftale.loads((out / "d.json").read_bytes(), Agreement) == example(SDB)
    lines = err.splitlines()
    # In input order, each naming its file and saying what is wrong, one line each.
    assert lines[0].startswith(f"delaftale: {docs / 'b.docx'} is a zip file, not a Word")
    assert lines[1].startswith(f"delaftale: {docs / 'c.docx'} is not a document delaftale reads")
    assert lines[2].startswith(f"{docs / 'e.docx'}: ")
    assert "[section-not-found] $.staffing" in lines[2]
    assert lines[3].startswith(f"delaftale: {missing}")
    assert "no such file" in lines[3]
    assert lines[4] == (
        f"delaftale: 3 of 6 documents read into {out} (1 with notes above); 3 could not be read"
    )
    assert "Traceback" not in err


def test_jobs_2_gives_what_jobs_1_gives(
    tmp_path: Path,
    built: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = _folder(tmp_path / "docs", built, FOLDER)
    _junk_zip(docs / "b-junk.docx")
    shutil.copyfile(built["missing-staffing"], docs / "note.docx")
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code, _, err = run(capsys, "read", str(docs), "-o", str(out), "--jobs", jobs)
        files = {p.name: p.read_bytes() for p in out.iterdir()}
        results[jobs] = (code, err.replace(str(out), "OUT"), files)
    assert results["1"] == results["2"]
    assert results["2"][0] == 2
    assert len(results["2"][2]) == 5

    checked = [run(capsys, "validate", str(docs), "--jobs", jobs) for jobs in ("1", "2")]
    assert checked[0] == checked[1]
    assert checked[1][1].count("Kan ikke bruges") == 1  # b-junk.docx

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Terminal()
    monkeypatch.setattr("sys.stderr", shown)
    assert main(["read", str(docs), "-o", str(tmp_path / "out3"), "--jobs", "2"]) == 2
    assert "læser:" in shown.getvalue()  # tqdm's bar, on a terminal
    assert "/6 [" in shown.getvalue()


_READ_ONE = cli_module._read_one  # the real one, whatever a test patches in its place


def _worker_dies(job: cli_module._ReadJob) -> cli_module._ReadResult:
    if job.source.endswith("c.docx"):
        os._exit(3)  # as a worker killed for its memory would
    return _READ_ONE(job)


def test_a_worker_that_dies_is_reported_per_file(
    tmp_path: Path,
    built: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = {f"{n}.docx": f"{BESK}--form" for n in "abcd"}
    docs = _folder(tmp_path / "docs", built, names)
    monkeypatch.setattr(cli_module, "_read_one", _worker_dies)
    code, _, err = run(capsys, "read", str(docs), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert code == 2
    assert "Traceback" not in err
    assert f"delaftale: {docs / 'c.docx'}: the worker process reading it stopped" in err
    assert "--jobs 1" in err
    # After the pool broke, every file not finished was read again in a process of its own:
    # only the file that kills its process fails; the others are all written.
    for name in "abd":
        assert delaftale.loads((tmp_path / "out" / f"{name}.json").read_bytes(), Agreement) == (
            example(BESK)
        )
        assert f"{docs / name}.docx: the worker" not in err
    assert not (tmp_path / "out" / "c.json").exists()
    assert err.splitlines()[-1] == (
        f"delaftale: 3 af 4 dokumenter læst til {tmp_path / 'out'}; 1 kunne ikke læses"
    )


def test_two_documents_with_one_name_are_refused_before_anything_is_written(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    first = _folder(tmp_path / "a", built, {"Ishoj.docx": f"{BESK}--form"})
    second = _folder(tmp_path / "b", built, {"ishoj.docx": f"{UDD}--form"})
    out = tmp_path / "out"
    code, _, err = run(capsys, "read", str(first), str(second), "-o", str(out))
    assert code == 2
    assert str(first / "Ishoj.docx") in err
    assert str(second / "ishoj.docx") in err
    assert "nothing was written" in err
    assert not out.exists()


def test_batches_never_write_over_an_input_and_need_a_folder(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path / "docs", built, {"a.docx": f"{BESK}--form"})
    data = docs / "b.json"
    shutil.copyfile(EXAMPLES / f"{UDD}.json", data)  # a delaftale's JSON: read as one
    before = data.read_bytes()
    code, _, err = run(capsys, "read", str(docs), "-o", str(docs))
    assert code == 2
    assert f"-o {docs} is the folder being read; write the JSON to another folder" in err
    assert not (docs / "a.json").exists()
    code, _, err = run(capsys, "read", str(docs / "a.docx"), str(data), "-o", str(docs))
    assert code == 2
    assert f"{data} is an input" in err
    assert data.read_bytes() == before
    assert not (docs / "a.json").exists()
    code, _, err = run(capsys, "read", str(docs / "a.docx"), str(data))
    assert code == 2
    assert "add -o FOLDER" in err
    code, _, err = run(capsys, "read", str(docs / "a.docx"), "-", "-o", str(tmp_path / "x"))
    assert code == 2
    assert "standard input (-) is read alone" in err
    code, _, err = run(capsys, "read", str(docs), "-o", str(data))
    assert (code, data.read_bytes()) == (2, before)
    assert "is a file; -o takes a folder" in err
    code, _, err = run(capsys, "read", str(docs), "-o", str(tmp_path / "alle.json"))
    assert code == 2
    assert "names a file, but several documents are read into a folder" in err
    assert not (tmp_path / "alle.json").exists()
    # One document into a folder, named with a trailing slash or existing: <stem>.json there.
    code, _, _ = run(capsys, "read", str(docs / "a.docx"), "-o", f"{tmp_path / 'new'}{os.sep}")
    assert code == 0
    assert delaftale.loads((tmp_path / "new" / "a.json").read_bytes(), Agreement) == example(BESK)
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "read", str(empty), "-o", str(tmp_path / "out"), "--lang", "en")
    assert code == 2
    assert f"delaftale: {empty}: no documents to read in this folder" in err


def test_validate_takes_folders_of_delaftaler_and_plan_folders(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path / "docs", built, {"a.docx": f"{BESK}--form", "c.docx": f"{SDB}--form"})
    _junk_zip(docs / "b.docx")
    plan = EXAMPLES / "plan-with-mismatches"
    code, out, _ = run(capsys, "validate", str(docs), str(plan), "--lang", "en", "--jobs", "1")
    assert code == 2  # b.docx cannot be used
    heads = [line for line in out.splitlines() if not line.startswith(" ")]
    # A batch folder: each document on its own, in order; a plan folder: one plan.
    assert heads == [str(docs / "a.docx"), str(docs / "b.docx"), str(docs / "c.docx"), str(plan)]
    assert "Boligsocial leder is allocated 110 %" in out
    (docs / "b.docx").unlink()
    assert run(capsys, "validate", str(docs), "--jobs", "1")[0] == 0
    # With a budget beside them, the same delaftaler are one plan, checked against it.
    shutil.copyfile(EXAMPLES / "ishoj-2025-plan" / "budget.csv", docs / "budget.csv")
    code, out, _ = run(capsys, "validate", str(docs), "--lang", "en", "--jobs", "1")
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [str(docs)]
    assert "[budget-position-share] $.agreements[0]" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, _ = run(capsys, "validate", str(empty), "--lang", "en")
    assert code == 2
    assert f"{empty}: no delaftaler in this folder" in out


def _csv_rows(out: str, delimiter: str) -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
    )


def test_csv_findings_are_in_danish_excels_dialect_and_never_live(
    tmp_path: Path,
    built: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(built[f"{BESK}--form"], tmp_path / "=cmd.docx")
    plan = str(EXAMPLES / "plan-with-mismatches")
    code, out, _ = run(capsys, "validate", "=cmd.docx", plan, "--format", "csv")
    assert code == 1
    assert out.startswith("\ufefffile;code;severity;path;message\r\n")  # BOM, semicolons
    rows = _csv_rows(out, ";")
    assert all(len(row) == 5 for row in rows)
    assert {row[0] for row in rows[1:]} == {"'=cmd.docx", plan}  # the name made inert
    shares = [row[4] for row in rows if row[1] == "budget-position-share"]
    assert "lægger 23,81 % af stillingens løn" in shares[0]  # decimal comma, one cell

    code, out, _ = run(
        capsys, "validate", "=cmd.docx", plan, "--format", "csv", "--csv-dialect", "plain"
    )
    assert code == 1
    assert out.startswith("file,code,severity,path,message\r\n")  # no BOM, commas
    rows = _csv_rows(out, ",")
    assert all(len(row) == 5 for row in rows)
    assert rows[1][0] == "'=cmd.docx"
    assert any("23,81 %" in row[4] for row in rows)  # quoted, so the comma stays in the cell


def test_a_bug_is_one_line_per_file_and_a_traceback_only_with_debug(
    tmp_path: Path,
    built: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = _folder(tmp_path / "docs", built, {"a.docx": f"{BESK}--form"})

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("a bug\nsecond line")

    monkeypatch.setattr("delaftale.reading.read_with_report", broken)
    monkeypatch.setattr(cli_module, "_load", broken)
    out = str(tmp_path / "out")
    code, _, err = run(capsys, "read", str(docs), "-o", out, "--jobs", "1")
    assert code == 2
    assert f"delaftale: {docs / 'a.docx'}: unexpected TypeError in delaftale (a bug); " in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "--debug", "read", str(docs), "-o", out, "--jobs", "1")
    assert code == 2
    assert "Traceback" in err
    code, stdout, _ = run(capsys, "validate", str(docs), "--format", "csv", "--jobs", "1")
    assert code == 2
    row = _csv_rows(stdout, ";")[1]
    assert row[:4] == [str(docs / "a.docx"), "unusable-input", "error", ""]
    assert "unexpected TypeError" in row[4]
    code, _, err = run(capsys, "--debug", "validate", str(docs), "--jobs", "1")
    assert "Traceback" in err
    for bad in ("0", "mange"):
        with pytest.raises(SystemExit):
            main(["read", str(docs), "-o", out, "--jobs", bad])
        assert "give the number of processes, 1 or more" in capsys.readouterr().err


def test_a_folder_that_cannot_be_used_is_one_line_and_the_rest_goes_on(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.docx"
    shutil.copyfile(built[f"{BESK}--form"], outside)
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "a.docx").symlink_to(outside)  # leads out of the folder: refused
    (linked / ".budget.csv").write_text("hidden", encoding="utf-8")  # hidden: no plan folder
    good = _folder(tmp_path / "good", built, {"b.docx": f"{SDB}--form"})
    out = tmp_path / "out"
    code, _, err = run(capsys, "read", str(linked), str(good), "-o", str(out), "--lang", "en")
    assert code == 2
    assert f"{linked / 'a.docx'} is a symbolic link" in err
    assert err.splitlines()[-1] == (
        f"delaftale: 1 of 1 document read into {out}; 1 input(s) could not be used"
    )
    assert delaftale.loads((out / "b.json").read_bytes(), Agreement) == example(SDB)
    code, stdout, _ = run(capsys, "validate", str(linked), str(good), "--lang", "en")
    assert code == 2
    assert f"{linked / 'a.docx'} is a symbolic link" in stdout
    assert str(good / "b.docx") in stdout


# --------------------------------------------------------------------------- the new-user probe


def test_validate_shows_the_cells_to_fix_in_a_plan_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLES / "ishoj-2025-plan", plan)
    budget = plan / "budget.csv"
    lines = budget.read_text("utf-8-sig").splitlines()
    header = lines[0].split(";")
    year = next(i for i, cell in enumerate(header) if cell.strip().isdigit())
    row = lines[1].split(";")
    row[year] = "abc"
    lines[1] = ";".join(row)
    budget.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(plan), "--lang", "en")
    assert code == 2
    # The first line says which file; the lines under it which cell and what to write.
    assert "'abc' is not an amount" in out
    assert f"column '{header[year].strip()}'" in out


def test_a_csv_report_saved_in_a_folder_does_not_make_it_a_plan(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path / "docs", built, {"a.docx": f"{BESK}--form"})
    (docs / "fund.csv").write_bytes(b"")  # as the shell makes it for "> docs/fund.csv"
    code, out, _ = run(capsys, "validate", str(docs), "--jobs", "1")
    assert code == 0, out
    assert out.splitlines()[0] == str(docs / "a.docx")
    (docs / "budget.csv").write_bytes((EXAMPLES / "ishoj-2025-plan" / "budget.csv").read_bytes())
    code, out, _ = run(capsys, "validate", str(docs), "--jobs", "1")
    assert out.splitlines()[0] == str(docs)  # a file named budget: one plan


def test_a_link_out_of_a_folder_is_one_failed_file_and_the_rest_is_read(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path / "docs", built, {"a.docx": f"{BESK}--form"})
    outside = _folder(tmp_path / "elsewhere", built, {"secret.docx": f"{UDD}--form"})
    (docs / "link.docx").symlink_to(outside / "secret.docx")
    out = tmp_path / "out"
    code, _, err = run(capsys, "read", str(docs), "-o", str(out), "--jobs", "1")
    assert code == 2
    assert f"{docs / 'link.docx'} is a symbolic link to" in err
    assert sorted(p.name for p in out.iterdir()) == ["a.json"]
    code, stdout, _ = run(capsys, "validate", str(docs), "--jobs", "1")
    assert code == 2
    assert str(docs / "a.docx") in stdout
    assert "is a symbolic link to" in stdout


def test_every_clash_of_names_is_named_at_once(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(
        tmp_path / "docs",
        built,
        {"a.docx": f"{BESK}--form", "b.docx": f"{UDD}--form", "c.docx": f"{SDB}--form"},
    )
    (docs / "a.json").write_bytes((EXAMPLES / f"{BESK}.json").read_bytes())
    (docs / "B.pdf").write_bytes(b"%PDF-1.7")
    code, _, err = run(capsys, "read", str(docs), "-o", str(tmp_path / "out"))
    assert code == 2
    assert f"{docs / 'a.docx'} and {docs / 'a.json'} would both be written as" in err
    assert f"{docs / 'b.docx'} and {docs / 'B.pdf'} would both be written as" in err
    assert not (tmp_path / "out").exists()


def test_subfolders_are_said_not_to_be_read_and_empty_files_are_called_empty(
    tmp_path: Path, built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path / "docs", built, {"a.docx": f"{BESK}--form"})
    _folder(docs / "2024", built, {"old.docx": f"{UDD}--form"})
    (docs / "tom.docx").write_bytes(b"")
    code, _, err = run(capsys, "read", str(docs), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 2
    assert f"{docs}: 1 subfolder(s) not read (2024)" in err
    assert f"{docs / 'tom.docx'} is empty (0 bytes)" in err
    assert (tmp_path / "out" / "a.json").exists()


def test_an_output_folder_nothing_can_be_written_in_is_refused_before_reading(
    tmp_path: Path,
    built: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As root, a folder's mode does not stop writing; the refusal is made to happen.
    import tempfile

    docs = _folder(tmp_path / "docs", built, {"a.docx": f"{BESK}--form"})

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refused)
    reads: list[object] = []
    monkeypatch.setattr(cli_module, "_read_one", lambda job: reads.append(job))
    code, _, err = run(capsys, "read", str(docs), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 2
    assert f"{tmp_path / 'out'}: permission denied" in err
    assert "nothing was read" in err
    assert reads == []


def test_a_file_content_given_as_its_name_is_a_clear_error() -> None:
    text = (EXAMPLES / f"{BESK}.json").read_text("utf-8")
    with pytest.raises(delaftale.ReadError, match=r"the name is longer than a file name can be"):
        delaftale.read(text)
    with pytest.raises(TypeError, match=r"^a delaftale is read from a path"):
        delaftale.read(None)  # type: ignore[arg-type]


def test_ctrl_c_twice_stops_a_batch_at_once_without_a_traceback(
    tmp_path: Path, built: dict[str, Path]
) -> None:
    # Ctrl-C reaches the whole process group (the command and its workers), and impatient
    # people press it twice. The command must stop, say nothing but its own line, leave no
    # half-written file and no process behind.
    docs = _folder(tmp_path / "docs", built, {f"d{n:03}.docx": f"{BESK}--form" for n in range(150)})
    out = tmp_path / "out"
    command = [sys.executable, "-m", "delaftale", "read", str(docs), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while not (out.exists() and any(out.glob("*.json"))) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the command hung after Ctrl-C")
    said = err.decode("utf-8", "replace")
    assert process.returncode in (130, -signal.SIGINT), said
    assert "Traceback" not in said
    assert "Exception ignored" not in said
    written = list(out.glob("*.json"))
    assert len(written) < 150  # it stopped
    for path in written:  # each file whole
        assert delaftale.loads(path.read_bytes(), Agreement) == example(BESK)
    assert not [p for p in out.iterdir() if p.suffix != ".json"]  # no temporary file left


def test_an_interrupt_thrown_away_inside_a_destructor_still_stops_the_batch() -> None:
    # Python prints "Exception ignored" for a KeyboardInterrupt raised in a __del__ (a zip
    # file closed by the garbage collector) and goes on; the flag the handler set does not.
    with cli_module._Interrupts() as interrupts:
        with pytest.raises(KeyboardInterrupt):
            interrupts._handle(signal.SIGINT, None)
        interrupts._handle(signal.SIGINT, None)  # a second Ctrl-C: handled once is enough
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # stopping: no second traceback
    signal.signal(signal.SIGINT, signal.default_int_handler)
