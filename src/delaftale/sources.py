"""Where a document's bytes come from, and what they are.

``read_source`` takes a path, bytes or a binary file object and returns the bytes (bounded:
never more than one byte over the limit, whatever the source) and a name to use in messages.
``recognise_format`` tells from the bytes alone which of the formats delaftale reads they
are. Both sit below every reader (Word, PDF, conversion, JSON), so no reader imports another
to learn what a file is.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from typing import IO, Any, Literal

from delaftale.errors import NotADocxError, ReadError, UnsafeDocxError

__all__ = ["DocumentFormat", "MissingFileError", "read_source", "recognise_format"]

DocumentFormat = Literal["docx", "pdf", "doc", "rtf", "odt", "json"]
"""What a file is, as ``recognise_format`` tells it from its content."""

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"
_PDF_HEADER_WINDOW = 1024  # the PDF reference lets readers find %PDF- within the first 1 KB


def recognise_format(data: bytes) -> DocumentFormat | None:
    """What the bytes are, from their content; None for anything delaftale does not read."""
    if data.startswith(b"PK"):
        return "odt" if _is_odf_text(data) else "docx"
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(_OLE):
        # An encrypted .docx is an OLE file too: the Word reader says it is protected.
        return "docx" if _ENCRYPTED in data else "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    return None


def _is_odf_text(data: bytes) -> bool:
    """An OpenDocument text: its first zip entry is ``mimetype`` naming a text document."""
    if data[30:38] == b"mimetype" and _ODF_TEXT in data[:200]:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("mimetype")
            return info.file_size < 200 and archive.read(info).startswith(_ODF_TEXT)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return False


def read_source(source: Any, max_bytes: int | None = None) -> tuple[bytes, str]:
    """The bytes of a path, bytes or binary file object, and a name to use in messages.

    The name is the path, or a file object's ``name`` when that is a path; never the object's
    ``repr`` (``<_io.BytesIO object at 0x…>`` tells a reader nothing). With ``max_bytes``
    at most one byte more than that is read, whatever the source: a path naming
    ``/dev/zero`` or a pipe, or a file object that never ends, cannot fill the memory. A
    named pipe nobody writes to reads as empty instead of waiting for ever.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), "the document"
    limit = -1 if max_bytes is None else max_bytes + 1
    if isinstance(source, str | os.PathLike):
        path = os.fsdecode(source)
        return _read_path(path, limit), path
    read = getattr(source, "read", None)
    if not callable(read):
        raise TypeError(
            "a delaftale is read from a path, the file's bytes or a binary file object, not "
            f"{type(source).__name__}"
        )
    reader: IO[bytes] = source
    try:
        data = reader.read(limit)
    except UnicodeDecodeError:  # a file opened in text mode decodes what it reads
        data = None
    if not isinstance(data, bytes | bytearray):
        raise TypeError(
            "a delaftale is read from a binary file object: open the file with 'rb', not 'r'"
        )
    return bytes(data), _file_name(source)


class MissingFileError(ReadError, FileNotFoundError):
    """The file to read does not exist.

    A ``ReadError`` (so a ``DelaftaleError``) and a ``FileNotFoundError``, so code catching
    either keeps working.
    """


def _read_path(path: str, limit: int) -> bytes:
    # Opened without waiting: a plain open() of a named pipe blocks until someone writes.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise MissingFileError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise NotADocxError(
            f"{path} is a folder, not a Word document; give the path of the .docx file."
        ) from None
    except ValueError:  # a NUL in the name
        raise MissingFileError(f"{path!r}: no such file; a file name cannot hold NUL") from None
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            raise
        shown = path if len(path) <= 80 else f"{path[:60]}… ({len(path)} characters)"
        raise MissingFileError(
            f"{shown}: no such file; the name is longer than a file name can be (was the "
            "file's content given where its name belongs? Pass bytes for content)"
        ) from None
    info = os.fstat(fd)
    try:
        if stat.S_ISDIR(info.st_mode):
            raise NotADocxError(
                f"{path} is a folder, not a Word document; give the path of the .docx file."
            )
        if stat.S_ISREG(info.st_mode) and limit >= 0 and info.st_size >= limit:
            raise UnsafeDocxError(  # refused by its size, without reading a byte
                f"{path} is {info.st_size} bytes, more than the limit of {limit - 1}. Pass "
                "limits=Limits(max_file_bytes=...) if you trust the file."
            )
        if not stat.S_ISREG(info.st_mode) and hasattr(os, "set_blocking"):
            # A pipe or device that has a writer (standard input, a shell's <(…)) is read as
            # it comes; one without a writer reads as empty.
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")  # takes over the descriptor
    except BaseException:
        os.close(fd)
        raise
    with handle:
        if stat.S_ISREG(info.st_mode):
            # Its size is known and within the limit: read() of the limit itself would set
            # aside the limit's 100 MiB before reading a byte.
            return handle.read(info.st_size + 1 if limit < 0 else min(limit, info.st_size + 1))
        chunks: list[bytes] = []
        total = 0
        while limit < 0 or total < limit:
            chunk = handle.read(1 << 16 if limit < 0 else min(1 << 16, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)


def _file_name(source: Any) -> str:
    """A file object's name when it is a path: a temporary file's name is a number or None."""
    name = getattr(source, "name", None)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    if isinstance(name, os.PathLike):
        name = os.fspath(name)
    return name if isinstance(name, str) and name.strip() else "the document"
