"""delaftale.read: the format told by content; .doc, .rtf and .odt read through LibreOffice."""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import signal
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest

import delaftale
import seed_facts
from delaftale import (
    Agreement,
    ConversionError,
    DataError,
    Measurement,
    NotADelaftaleError,
    NotADocxError,
    ReadError,
)
from delaftale.reading import documents_in, recognise_format
from fixtures import build_docx_fixtures as fx
from fixtures.build_office_fixtures import FIXTURES as OFFICE_FIXTURES
from libreoffice import needs_libreoffice

EXAMPLES = Path(__file__).parent.parent / "examples"
OFFICE = Path(__file__).parent / "fixtures" / "office"


def example(stem: str) -> Agreement:
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.build_all(tmp_path_factory.mktemp("docx"))


# --------------------------------------------------------------------------- recognising


def test_formats_are_told_by_content_not_name(word: dict[str, Path]) -> None:
    docx = word["ishoj-2025-beskaeftigelse--form"].read_bytes()
    assert recognise_format(docx) == "docx"
    assert recognise_format(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj") == "pdf"
    # The PDF reference lets a reader find the header after up to 1 KB of other bytes.
    assert recognise_format(b"\x00" * 500 + b"%PDF-1.4") == "pdf"
    assert recognise_format(b"\x00" * 2000 + b"%PDF-1.4") is None
    assert recognise_format(fx.legacy_doc()) == "doc"
    assert recognise_format(fx.encrypted_docx()) == "docx"  # the Word reader says: password
    assert recognise_format(b"{\\rtf1\\ansi hello}") == "rtf"
    assert recognise_format(b'\xef\xbb\xbf\n  {"focus_area": "x"}') == "json"
    assert recognise_format(b"Delaftale for indsatsomr\xc3\xa5det") is None
    for name in ("soenderborg-2021-uddannelse-og-livschancer--paragraphs.odt",):
        assert recognise_format((OFFICE / name).read_bytes()) == "odt"


def test_read_of_a_docx_is_the_word_reader(word: dict[str, Path]) -> None:
    path = word["ishoj-2025-beskaeftigelse--form"]
    assert delaftale.read(path) == example("ishoj-2025-beskaeftigelse")
    # By content: the same file under a PDF's name, as bytes and as a file object.
    assert delaftale.read(path.read_bytes()) == example("ishoj-2025-beskaeftigelse")
    renamed = path.with_name("delaftale.pdf")
    renamed.write_bytes(path.read_bytes())
    with renamed.open("rb") as handle:
        agreement, report = delaftale.read_with_report(handle)
    assert agreement == example("ishoj-2025-beskaeftigelse")
    assert report.source == str(renamed)


def test_read_of_a_json_agreement(tmp_path: Path) -> None:
    path = EXAMPLES / "ishoj-2025-beskaeftigelse.json"
    agreement, report = delaftale.read_with_report(path)
    assert agreement == example("ishoj-2025-beskaeftigelse")
    assert report.complete
    plan = EXAMPLES / "ishoj-2025-plan" / "plan.json"
    with pytest.raises(NotADelaftaleError, match=r"plan\.json is a plan: .*load_plan"):
        delaftale.read(plan)
    broken = tmp_path / "broken.json"
    broken.write_text('{"focus_area": "beskaeftigelse", "period": 7}', encoding="utf-8")
    with pytest.raises(DataError, match=r"broken\.json"):
        delaftale.read(broken)


def test_unknown_content_is_refused_naming_the_formats(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("Referat af mødet", encoding="utf-8")
    with pytest.raises(NotADocxError, match=r"notes\.docx is not a document delaftale reads.*PDF"):
        delaftale.read(path)


def test_an_office_file_that_is_not_word_is_named_so(tmp_path: Path) -> None:
    # An OLE file without a WordDocument stream: an .xls or an Outlook message.
    data = fx._cfb([("Workbook", bytes(4096))])
    with pytest.raises(NotADocxError, match=r"an Office file, but not a Word document"):
        delaftale.read(data)


def test_read_docx_says_opendocument_for_an_odt() -> None:
    odt = OFFICE / "soenderborg-2021-uddannelse-og-livschancer--paragraphs.odt"
    with pytest.raises(NotADocxError, match=r"is an OpenDocument file \(\.odt") as caught:
        delaftale.read_docx(odt)
    assert "zip" not in str(caught.value)
    assert "delaftale.read" in str(caught.value)


def test_read_docx_points_a_pdf_and_a_doc_to_read() -> None:
    with pytest.raises(NotADocxError, match=r"is a PDF, not a Word document\. delaftale\.read"):
        delaftale.read_docx(b"%PDF-1.7\n")
    with pytest.raises(delaftale.LegacyWordError, match=r"delaftale\.read .*LibreOffice"):
        delaftale.read_docx(fx.legacy_doc())
    with pytest.raises(NotADocxError, match=r"is an RTF document, not a Word document"):
        delaftale.read_docx(b"{\\rtf1\\ansi Delaftale}")


# --------------------------------------------------------------------------- via LibreOffice


def _lines_joined(m: Measurement | None) -> Measurement | None:
    if m is None or m.text is None:
        return m
    return attrs.evolve(m, text=" ".join(m.text.split()))


def _cell_lines_joined(agreement: Agreement) -> Agreement:
    """Line breaks inside delmål cells as spaces (the transcription joins a cell's lines)."""
    goals = tuple(
        attrs.evolve(
            g,
            indicators=tuple(
                attrs.evolve(
                    i, baseline=_lines_joined(i.baseline), comparison=_lines_joined(i.comparison)
                )
                for i in g.indicators
            ),
        )
        for g in agreement.sub_goals
    )
    return attrs.evolve(agreement, sub_goals=goals)


@needs_libreoffice
@pytest.mark.parametrize(
    ("stem", "layout", "suffix"), [(s, la, x) for s, la, _, x in OFFICE_FIXTURES]
)
def test_doc_rtf_and_odt_read_as_the_transcribed_example(
    stem: str, layout: str, suffix: str
) -> None:
    path = OFFICE / f"{stem}--{layout}{suffix}"
    agreement, report = delaftale.read_with_report(path)
    seed_facts.BY_STEM[stem](agreement)
    assert report.unplaced == ()
    assert report.notes[0].code == "converted"
    expected = example(stem)
    if suffix == ".doc":
        # Saved as .doc by LibreOffice, the one heading inside an activity's content (the
        # third activity's) comes back as a level-3 bullet (the .doc keeps the list the
        # heading style carried, not the style's outline): the one known difference, written
        # into the expectation.
        data = delaftale.unstructure(expected)
        (heading,) = [
            p
            for p in data["activities"][2]["content"]
            if isinstance(p, dict) and p.get("kind") == "heading"
        ]
        assert heading["text"] == "Afsøgning af mulighed for lokal Jobcafé"
        heading.update(kind="bullet", level=2)
        expected = delaftale.structure(data, Agreement)
    if suffix == ".odt":
        # The paragraphs layout puts a delmål cell's lines in paragraphs of their own, which
        # are kept as lines (as the Word reader does for the same layout).
        assert _cell_lines_joined(agreement) == _cell_lines_joined(expected)
    else:
        assert agreement == expected


def test_without_libreoffice_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("delaftale.office.soffice", lambda: None)
    odt = OFFICE / "soenderborg-2021-uddannelse-og-livschancer--paragraphs.odt"
    with pytest.raises(ConversionError) as caught:
        delaftale.read(odt)
    said = str(caught.value)
    assert said.startswith(f"{odt} is an OpenDocument text (.odt")
    assert "needs LibreOffice, which is not installed here" in said
    assert "apt-get install libreoffice-writer-nogui" in said
    assert "save it as a Word document (.docx)" in said


@needs_libreoffice
def test_a_damaged_doc_is_a_read_error_not_a_traceback() -> None:
    # An OLE file with an empty WordDocument stream: LibreOffice cannot make a delaftale of it.
    with pytest.raises(ReadError) as caught:
        delaftale.read(fx.legacy_doc())
    assert "the document" in str(caught.value)


@needs_libreoffice
@needs_libreoffice
def test_a_conversion_past_its_time_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("delaftale.office.READ_CONVERT_SECONDS", 0.2)
    rtf = OFFICE / "ishoj-2025-uddannelse-og-livschancer--plain-guidance.rtf"
    with pytest.raises(
        ConversionError, match=r"took more than 0\.2 s to convert it and was stopped"
    ):
        delaftale.read(rtf)


@pytest.mark.skipif(os.name != "posix", reason="process groups")
def test_a_stopped_conversion_leaves_no_process_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # LibreOffice's soffice is a script that starts soffice.bin: killing the script alone
    # leaves the real work running. A stand-in does the same (a child of its own, detached
    # from the output pipes), so the test needs no LibreOffice and does not depend on timing.
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\nexec </dev/null >/dev/null 2>&1\n( sleep 30; echo late ) &\nsleep 30\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr("delaftale.office.soffice", lambda: str(fake))
    monkeypatch.setattr("delaftale.office.READ_CONVERT_SECONDS", 0.5)
    folders: list[str] = []
    real = tempfile.TemporaryDirectory

    def recorded(*args: Any, **kwargs: Any) -> tempfile.TemporaryDirectory[str]:
        made = real(*args, **kwargs)
        folders.append(made.name)
        return made

    monkeypatch.setattr("delaftale.office.tempfile.TemporaryDirectory", recorded)
    rtf = OFFICE / "ishoj-2025-uddannelse-og-livschancer--plain-guidance.rtf"
    with pytest.raises(ConversionError, match=r"was stopped"):
        delaftale.read(rtf)
    (folder,) = folders
    left = _processes_using(folder)  # the stand-in's child names the folder in its arguments
    for pid in left:  # not left running if the test fails
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert left == []


def _processes_using(folder: str) -> list[int]:
    """The live processes whose command line names ``folder`` (its profile or its file)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            status = (entry / "status").read_text()
        except OSError:
            continue
        state = next((line for line in status.splitlines() if line.startswith("State:")), "")
        if folder in command and "Z" not in state:
            found.append(int(entry.name))
    return found


# --------------------------------------------------------------------------- folders


def test_documents_in_a_folder(tmp_path: Path) -> None:
    for name in (
        "b.docx",
        "A.pdf",
        "c.odt",
        "d.doc",
        "e.rtf",
        "f.json",
        "plan.json",
        "budget.json",
        "budget.xlsx",
        "notes.txt",
        ".hidden.docx",
        "~$b.docx",
    ):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub.docx").mkdir()  # a folder with a document's name is not a document
    names = [p.name for p in documents_in(tmp_path)]
    assert names == ["A.pdf", "b.docx", "c.odt", "d.doc", "e.rtf", "f.json"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_documents_in_refuses_a_link_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "secret.docx"
    outside.write_bytes(b"x")
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "inside.docx").write_bytes(b"x")
    (folder / "also.docx").symlink_to(folder / "inside.docx")  # within: fine
    assert [p.name for p in documents_in(folder)] == ["also.docx", "inside.docx"]
    (folder / "link.docx").symlink_to(outside)
    with pytest.raises(ReadError, match=r"link\.docx is a symbolic link to .*outside"):
        documents_in(folder)


def test_documents_in_a_missing_folder_or_a_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"no such folder"):
        documents_in(tmp_path / "nope")
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(ReadError, match=r"is a file, not a folder"):
        documents_in(tmp_path / "a.docx")


def test_read_takes_a_binary_stream_and_names_it(word: dict[str, Path]) -> None:
    data = word["soenderborg-2021-uddannelse-og-livschancer--form"].read_bytes()
    agreement, report = delaftale.read_with_report(io.BytesIO(data))
    assert agreement == example("soenderborg-2021-uddannelse-og-livschancer")
    assert report.source == "the document"


def test_soffice_is_not_run_for_word_or_json(
    word: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("LibreOffice started for a .docx")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    delaftale.read(word["ishoj-2025-beskaeftigelse--paragraphs"])
    delaftale.read(EXAMPLES / "ishoj-2025-beskaeftigelse.json")


# --------------------------------------------------------------------------- hostile documents

_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">
<office:body><office:text>
<text:p>Delaftale for indsatsområdet Beskæftigelse<draw:frame svg:width="2cm" svg:height="2cm">
<draw:image xlink:href="{base}/picture.png" xlink:type="simple" xlink:show="embed"
 xlink:actuate="onLoad"/></draw:frame></text:p>
<text:section text:name="s"><text:section-source xlink:href="{base}/section.odt"/></text:section>
</office:text></office:body></office:document-content>"""

_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _odt_linking(base: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", _ODT_CONTENT.format(base=base))
        archive.writestr("META-INF/manifest.xml", _ODT_MANIFEST)
    return out.getvalue()


@needs_libreoffice
def test_converting_fetches_nothing_a_document_links_to() -> None:
    # An .odt linking a picture and a section on a server: LibreOffice's default would fetch
    # the picture while converting (measured: an OPTIONS and a GET), telling the sender the
    # file was opened or reaching a server inside the network. The profile blocks it.
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(f"GET {self.path}")
            self.send_error(404)

        def do_OPTIONS(self) -> None:
            asked.append(f"OPTIONS {self.path}")
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        agreement = delaftale.read(_odt_linking(base))  # a title and nothing else
    finally:
        server.shutdown()
        server.server_close()
    assert asked == []
    assert agreement.focus_area is delaftale.FocusArea.BESKAEFTIGELSE


def test_a_pdf_under_a_word_name_is_read_as_the_pdf_it_is(tmp_path: Path) -> None:
    pdf = Path(__file__).parent / "fixtures" / "pdf" / "ishoj-2025-beskaeftigelse--form.pdf"
    disguised = tmp_path / "Delaftale Beskæftigelse.docx"
    disguised.write_bytes(pdf.read_bytes())
    agreement, report = delaftale.read_with_report(disguised)
    seed_facts.BY_STEM["ishoj-2025-beskaeftigelse"](agreement)
    assert report.source == str(disguised)
    assert report.unplaced == ()
    with pytest.raises(NotADocxError, match=r"is a PDF, not a Word document"):
        delaftale.read_docx(disguised)
