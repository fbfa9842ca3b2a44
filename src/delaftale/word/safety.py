"""Opening a .docx safely: recognise what a file is, and refuse hostile zips before parsing.

Every refusal is a ``ReadError`` subclass whose message names the file,
what is wrong and what to do. The limits are generous for real delaftaler (a few hundred
kilobytes, a few dozen zip entries) and can be raised per call with ``Limits``.
"""

from __future__ import annotations

import os
import zipfile
from typing import IO, Any

from attrs import frozen

from delaftale.errors import (
    CorruptDocxError,
    EncryptedDocxError,
    LegacyWordError,
    NotADocxError,
    UnsafeDocxError,
)

__all__ = ["Limits", "check_zip", "read_source", "recognise"]

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_MIB = 1024 * 1024


@frozen(kw_only=True)
class Limits:
    """Limits checked before a .docx is parsed; raise them for unusual but trusted files."""

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


def read_source(source: Any) -> tuple[bytes, str]:
    """The bytes of a path, bytes or binary file object, and a name to use in messages."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), "the document"
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        try:
            with open(path, "rb") as handle:
                return handle.read(), str(path)
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: no such file; check the path") from None
    reader: IO[bytes] = source
    data = reader.read()
    if not isinstance(data, bytes):
        raise TypeError("read_docx needs a binary file object (open the file with 'rb')")
    return data, str(getattr(source, "name", "the document"))


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
    data, name = read_source(source)
    if len(data) > limits.max_file_bytes:
        raise UnsafeDocxError(
            f"{name} is {len(data)} bytes, more than the limit of {limits.max_file_bytes}. "
            "Pass limits=Limits(max_file_bytes=...) if you trust the file."
        )
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise EncryptedDocxError(
                f"{name} is protected with a password. Open it in Word, remove the password "
                "(File > Info > Protect Document) and save it again."
            )
        raise LegacyWordError(
            f"{name} is an old Word document (.doc). Open it in Word or LibreOffice and save it "
            "as a Word document (.docx), then read that file."
        )
    if not data.startswith(b"PK"):
        kind = "a PDF" if data.startswith(b"%PDF") else "not a Word document"
        raise NotADocxError(
            f"{name} is {kind}. delaftale reads Word .docx files: save the delaftale from Word "
            "as .docx."
        )
    return data, name
