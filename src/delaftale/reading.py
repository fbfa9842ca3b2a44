r"""One entry point for every delaftale a user has: Word, PDF, old Word, RTF, OpenDocument, JSON.

``read_with_report(source)`` recognises what a file is by its content, not its name (a PDF
saved as ``delaftale.docx`` is read as the PDF it is), and hands it to the reader for that
format:

- a zip with ``word/…``: the Word reader (``read_docx_with_report``);
- ``%PDF``: the PDF reader (``delaftale.pdf``);
- an OLE file (old Word, .doc), ``{\rtf`` (RTF) or a zip whose ``mimetype`` is an
  OpenDocument text (.odt): LibreOffice converts it to .docx, then the Word reader reads it;
- ``{`` (delaftale's JSON): ``loads(…, Agreement)``.

Every reader keeps its own limits; the file is read once, bounded by the largest of them.
``documents_in(folder)`` lists the documents of a folder the way batches and plan folders
take them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from delaftale.errors import (
    DataError,
    NotADelaftaleError,
    NotADocxError,
    ReadError,
)
from delaftale.findings import Finding, Severity
from delaftale.model import Agreement, FocusArea
from delaftale.parse_report import ParseReport
from delaftale.sources import DocumentFormat, read_source, recognise_format

if TYPE_CHECKING:
    from delaftale.pdf.reader import PdfLimits
    from delaftale.word.reader import Source
    from delaftale.word.safety import Limits

__all__ = [
    "READABLE_SUFFIXES",
    "DocumentFormat",
    "documents_in",
    "read",
    "read_with_report",
    "recognise_format",
]

READABLE_SUFFIXES = frozenset(
    {".docx", ".docm", ".dotx", ".dotm", ".pdf", ".doc", ".rtf", ".odt", ".json"}
)
"""The names a folder scan (``documents_in``) picks up; each file is then read by content."""

MAX_FOLDER_DOCUMENTS = 10_000
"""Documents ``documents_in`` lists at most: more is refused, not read for minutes."""

_FOLLOWUP_STEMS = ("opfoelgning", "opfølgning", "followup", "follow-up")
"""Names of a plan folder's follow-up file (opfoelgning.csv, followup.json …), any case."""
_FOLLOWUP_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".json")


def _followup_name_level(name: str) -> int | None:
    """How a file's name makes it a plan folder's follow-up file, or ``None`` if it does not.

    0 for a name that is one of ``_FOLLOWUP_STEMS`` (opfoelgning.csv, Followup.xlsx,
    followup.json), 1 for one that begins with it (opfølgning 2026.csv, opfoelgning-2026.xlsx),
    as a budget may be budget-2026.xlsx; .csv, .xlsx, .xlsm or .json, any case. The one rule
    by which plan folders find the follow-up (``files._followup_in``) and leave it out of the
    budget and the delaftaler (``documents_in``).
    """
    path = Path(name.casefold())
    if path.suffix not in _FOLLOWUP_SUFFIXES:
        return None
    if path.stem in _FOLLOWUP_STEMS:
        return 0
    return 1 if path.stem.startswith(_FOLLOWUP_STEMS) else None


def _is_followup_name(name: str) -> bool:
    """Whether a file's name is a follow-up's (see ``_followup_name_level``)."""
    return _followup_name_level(name) is not None


_JSON_MAX_BYTES = 16 * 2**20
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # an OLE file of Word, not Excel or Outlook


def read_with_report(
    source: Source,
    *,
    focus_area: FocusArea | None = None,
    limits: Limits | None = None,
    pdf_limits: PdfLimits | None = None,
) -> tuple[Agreement, ParseReport]:
    """Read a delaftale in any format delaftale knows, returning it and a ``ParseReport``.

    ``source`` is a path, the file's bytes or a binary file object; its format is recognised
    by content (see the module's table). ``limits`` are the Word reader's (for .docx and
    for what LibreOffice converts), ``pdf_limits`` the PDF reader's. A .doc, .rtf or .odt
    file needs LibreOffice; without it ``ConversionError`` says what to install. Raises a
    ``ReadError`` subclass for a file no reader can use, naming it and what to do.
    """
    from delaftale.pdf.reader import PdfLimits
    from delaftale.word.reader import read_docx_with_report
    from delaftale.word.safety import Limits

    limits = limits or Limits()
    pdf_limits = pdf_limits or PdfLimits()
    most = max(limits.max_file_bytes, pdf_limits.max_file_bytes)
    data, name = read_source(source, most)
    if not data.strip():
        raise NotADocxError(
            f"{name} is empty ({len(data)} bytes): it holds no document. Save the delaftale "
            "again, or ask for a new copy."
        )
    kind = recognise_format(data)
    if kind == "pdf":
        from delaftale.pdf.reader import read_pdf_with_report

        return read_pdf_with_report(_named(data, name), focus_area=focus_area, limits=pdf_limits)
    if kind == "json":
        return _read_json(data, name)
    if kind is None:
        raise NotADocxError(
            f"{name} is not a document delaftale reads. Give the delaftale as Word (.docx or "
            ".doc), PDF, OpenDocument (.odt), RTF or delaftale's JSON."
        )
    if kind == "docx":  # the Word reader holds it to its own limits
        return read_docx_with_report(_named(data, name), focus_area=focus_area, limits=limits)
    # A format LibreOffice turns into Word: held to the Word reader's limits before that.
    if len(data) > limits.max_file_bytes:
        from delaftale.errors import UnsafeDocxError

        raise UnsafeDocxError(
            f"{name} is more than the limit of {limits.max_file_bytes} bytes. Pass "
            "limits=Limits(max_file_bytes=...) if you trust the file."
        )
    if kind == "doc" and _WORD_STREAM not in data:
        raise NotADocxError(
            f"{name} is an Office file, but not a Word document (an Excel workbook or an "
            "Outlook message, perhaps). Give the delaftale itself."
        )
    from delaftale.office import convert_to_docx

    converted = convert_to_docx(data, suffix=f".{kind}", name=name)
    agreement, report = read_docx_with_report(
        _named(converted, name), focus_area=focus_area, limits=limits
    )
    what = {"doc": "old Word (.doc)", "rtf": "RTF", "odt": "OpenDocument (.odt)"}[kind]
    hvad = {"doc": "en gammel Word-fil (.doc)", "rtf": "RTF", "odt": "OpenDocument (.odt)"}[kind]
    note = Finding(
        code="converted",
        severity=Severity.INFO,
        path="$",
        message=f"Read from {what} after LibreOffice converted it to .docx.",
        message_da=f"Læst fra {hvad}, efter at LibreOffice har konverteret den til .docx.",
    )
    return agreement, ParseReport(
        source=report.source, unplaced=report.unplaced, notes=(note, *report.notes)
    )


def read(
    source: Source,
    *,
    focus_area: FocusArea | None = None,
    limits: Limits | None = None,
    pdf_limits: PdfLimits | None = None,
) -> Agreement:
    """Read a delaftale in any format delaftale knows (see ``read_with_report``)."""
    return read_with_report(source, focus_area=focus_area, limits=limits, pdf_limits=pdf_limits)[0]


def _named(data: bytes, name: str) -> io.BytesIO:
    """The bytes as a file object carrying the source's name, for the readers' messages."""
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def _read_json(data: bytes, name: str) -> tuple[Agreement, ParseReport]:
    """A delaftale's JSON (as ``delaftale read`` writes it), bounded like any JSON file."""
    from delaftale.serialization import loads, parse_json

    if len(data) > _JSON_MAX_BYTES:
        raise DataError(f"{name} is more than {_JSON_MAX_BYTES:,} bytes; no delaftale is.")
    head = parse_json(data)
    if isinstance(head, dict) and "focus_area" not in head:
        what = "a plan" if "agreements" in head else "JSON, but not a delaftale"
        raise NotADelaftaleError(
            f"{name} is {what}: it has no focus_area. A plan is read with load_plan (or "
            "'delaftale validate FOLDER'); a delaftale's JSON is what 'delaftale read' writes."
        )
    try:
        agreement: Agreement = loads(data, Agreement)
    except DataError as exc:
        raise DataError(f"{name}: {exc.summary}", exc.problems) from None
    return agreement, ParseReport(source=name)


def documents_in(
    folder: str | os.PathLike[str], *, refused: list[tuple[Path, str]] | None = None
) -> list[Path]:
    """The delaftaler in a folder, as batches and plan folders take them, sorted by name.

    Files directly in the folder whose names end in one of ``READABLE_SUFFIXES``, leaving
    out hidden files, Office's lock files (``~$…``), ``plan.json``, budget files
    (``budget*.json``) and follow-up files (``opfoelgning*.json``, ``followup*.json``). Each is
    read later by its content. A symbolic link that leads out of
    the folder is refused before anything is read: delaftale reads nothing outside the
    folder it was given. With ``refused`` (a list) such a link is left out and added to it
    with the reason, so a batch goes on with the rest; without, it raises ``ReadError``. A
    folder of more than ``MAX_FOLDER_DOCUMENTS`` documents raises ``ReadError``.
    """
    base = Path(folder)
    try:
        inside = base.resolve(strict=True)
        entries = sorted(os.scandir(base), key=lambda e: (e.name.casefold(), e.name))
    except FileNotFoundError:
        raise ReadError(f"{base}: no such folder; check the path.") from None
    except NotADirectoryError:
        raise ReadError(f"{base} is a file, not a folder.") from None
    except OSError as exc:
        raise ReadError(f"{base} cannot be listed: {exc.strerror or exc}.") from None
    found: list[Path] = []
    for entry in entries:
        name = entry.name
        lower = name.casefold()
        if name.startswith((".", "~$")) or Path(lower).suffix not in READABLE_SUFFIXES:
            continue
        if lower == "plan.json" or (lower.startswith("budget") and lower.endswith(".json")):
            continue
        if _is_followup_name(name):
            continue
        path = base / name
        if entry.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(inside):
                why = (
                    f"{path} is a symbolic link to {target}, outside {base}; delaftale reads "
                    "nothing outside the folder it is given. Copy the file into the folder."
                )
                if refused is None:
                    raise ReadError(why)
                refused.append((path, why))
                continue
        if not path.is_file():
            continue
        found.append(path)
        if len(found) > MAX_FOLDER_DOCUMENTS:
            raise ReadError(
                f"{base} holds more than {MAX_FOLDER_DOCUMENTS} documents; give a smaller "
                "folder, or the files in parts."
            )
    return found
