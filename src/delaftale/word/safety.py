"""Opening a .docx safely: recognise what a file is, and refuse hostile zips before parsing.

Every refusal is a ``ReadError`` subclass whose message names the file,
what is wrong and what to do. The limits are generous for real delaftaler (a few hundred
kilobytes, a few dozen zip entries) and can be raised per call with ``Limits``.
"""

from __future__ import annotations

import zipfile
from typing import Any

from attrs import frozen

from delaftale._limits import check_limits as _check_limits
from delaftale.errors import (
    CorruptDocxError,
    EncryptedDocxError,
    LegacyWordError,
    NotADocxError,
    UnsafeDocxError,
)
from delaftale.sources import read_source, recognise_format

__all__ = ["Limits", "check_zip", "read_source", "recognise"]

_MIB = 1024 * 1024


@frozen(kw_only=True)
class Limits:
    """Limits on a .docx, checked before it is unpacked and while it is read.

    The zip's size, entries and compression are checked before anything is unpacked; each
    XML part's element count before it is parsed; styles and footnotes as they are read.
    Beyond any of them the file is refused with ``UnsafeDocxError``. Raise them for unusual
    but trusted files.
    """

    max_file_bytes: int = 100 * _MIB
    """The .docx file itself."""
    max_entries: int = 5_000
    """Entries (parts) in the zip."""
    max_entry_bytes: int = 200 * _MIB
    """Uncompressed size of any one entry."""
    max_total_bytes: int = 500 * _MIB
    """Uncompressed size of all entries together."""
    max_ratio: int = 200
    """Uncompressed to compressed size of an entry (zip bombs reach thousands)."""
    max_elements: int = 2_000_000
    """XML elements in any one part, counted from its tags before it is parsed.

    A delaftale's document part has a few thousand, a long report's some tens of thousands;
    a part of tiny elements (``<a/>`` is four bytes) could otherwise build a tree of
    gigabytes within the byte limits.
    """
    max_styles: int = 20_000
    """Styles defined in styles.xml: Word's own parts define a few hundred, and Word allows
    no more than 4,079 in a document."""
    max_footnotes: int = 10_000
    """Footnotes in the footnotes part (a delaftale has a handful)."""
    max_paragraphs: int = 50_000
    """Paragraphs of the document's body (text boxes and table cells included), counted by
    the reader as it reads them: reading stops at the first one over the limit. The writer
    holds a template, and what it writes, to the same limit by counting the paragraph tags
    of the document part before anything parses it.

    A delaftale has a few hundred; reading and validating cost some 0.1 ms a paragraph, so
    this bounds a read of any file within the byte limits to seconds (240,000 one-line staff
    paragraphs in a 725 KB file took 30 s)."""

    def __attrs_post_init__(self) -> None:
        # Checked when built, not at the first read: a limit of "5" or 0 is a mistake.
        _check_limits(self)


def check_zip(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a zip whose entries exceed the limits, before anything is decompressed."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise UnsafeDocxError(
            f"{name} has {len(infos)} zip entries, more than the limit of {limits.max_entries}; "
            "a delaftale has a few dozen. Pass limits=Limits(max_entries=...) if you trust it."
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        # Two entries of one name: Word reads one, a zip library may read the other, so which
        # agreement is "in" the file cannot be told. Refused, not guessed.
        key = info.filename.casefold()
        if key in seen:
            raise CorruptDocxError(
                f"{name} holds the entry {info.filename} twice, so what the document says "
                "cannot be told. Open it in Word and save it again, or ask for a fresh copy."
            )
        seen.add(key)
        total += info.file_size
        if info.file_size > limits.max_entry_bytes:
            raise UnsafeDocxError(
                f"{name}: the entry {info.filename} unpacks to {info.file_size} bytes, more than "
                f"the limit of {limits.max_entry_bytes}. Pass limits=Limits(max_entry_bytes=...) "
                "if you trust the file."
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _MIB and ratio > limits.max_ratio:
            raise UnsafeDocxError(
                f"{name}: the entry {info.filename} is compressed {ratio:.0f} to 1, more than the "
                f"limit of {limits.max_ratio} to 1 (a zip bomb looks like this). Pass "
                "limits=Limits(max_ratio=...) if you trust the file."
            )
    if total > limits.max_total_bytes:
        raise UnsafeDocxError(
            f"{name} unpacks to {total} bytes, more than the limit of {limits.max_total_bytes}. "
            "Pass limits=Limits(max_total_bytes=...) if you trust the file."
        )


def recognise(source: Any, limits: Limits) -> tuple[bytes, str]:
    """The file's bytes and name, once it is known to be a zip and not a .doc or encrypted."""
    data, name = read_source(source, limits.max_file_bytes)
    if len(data) > limits.max_file_bytes:  # read from a stream: only the limit and one more
        raise UnsafeDocxError(
            f"{name} is more than the limit of {limits.max_file_bytes} bytes. Pass "
            "limits=Limits(max_file_bytes=...) if you trust the file."
        )
    if data.startswith(b"PK"):
        return data, name
    # Not a zip: what it is, as delaftale.read tells it (one truth for every reader).
    kind = recognise_format(data)
    if kind == "docx":  # an OLE file holding an encrypted package
        raise EncryptedDocxError(
            f"{name} is protected with a password. Open it in Word, remove the password "
            "(File > Info > Protect Document) and save it again."
        )
    if kind == "doc":
        raise LegacyWordError(
            f"{name} is an old Word document (.doc). delaftale.read (or 'delaftale read') "
            "reads it through LibreOffice; or open it in Word or LibreOffice, save it as a "
            "Word document (.docx) and read that file."
        )
    if kind in ("pdf", "rtf"):
        what = "a PDF" if kind == "pdf" else "an RTF document"
        raise NotADocxError(
            f"{name} is {what}, not a Word document. delaftale.read (or 'delaftale read') "
            "reads it; read_docx reads Word .docx files only."
        )
    raise NotADocxError(
        f"{name} is not a Word document. delaftale reads Word .docx files: save the "
        "delaftale from Word as .docx (delaftale.read also takes PDF, .doc, .rtf and .odt)."
    )
