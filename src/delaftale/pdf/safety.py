"""Opening a PDF safely: its limits, and a pre-scan of the raw bytes before any parsing.

pdfminer (under pdfplumber) unpacks every stream whole in memory, so a PDF of a few kilobytes
whose stream inflates to gigabytes (a "zip bomb", often two Flate layers deep) would take all
the memory before a page is read. The pre-scan inflates every stream itself, in bounded
chunks, counting what it unpacks to without keeping it, and counts the page objects (also
those packed in object streams); a file over a limit is refused with ``UnsafePdfError``
before pdfminer sees it. Nothing here imports pdfplumber or pdfminer.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from attrs import frozen

from delaftale._limits import check_limits as _check_limits
from delaftale.errors import CorruptPdfError, UnsafePdfError

__all__ = ["PdfLimits", "ScanResult", "prescan"]

_MIB = 1024 * 1024
_CHUNK = 1 << 16


@frozen(kw_only=True)
class PdfLimits:
    """Limits on a PDF, checked on its raw bytes before it is parsed and while it is read.

    The file's size, what each stream and all streams unpack to, and the number of pages are
    checked by a pre-scan of the raw bytes before the PDF library parses anything; the
    characters and shapes as the pages are interpreted. Beyond any of them the file is refused with
    ``UnsafePdfError``. Raise them for unusual but trusted files.
    """

    max_file_bytes: int = 50 * _MIB
    """The PDF file itself (a delaftale exported from Word is some 100 KB to a few MB)."""
    max_pages: int = 300
    """Pages (a delaftale has 5 to 30)."""
    max_stream_bytes: int = 50 * _MIB
    """What any one stream unpacks to (a page's text is some tens of kilobytes)."""
    max_total_bytes: int = 200 * _MIB
    """What all streams together unpack to."""
    max_chars: int = 200_000
    """Characters on all pages together (a delaftale has some 50,000).

    Counted as the pages are interpreted: each costs some 2 KB while it is read."""
    max_shapes: int = 200_000
    """Lines, rectangles, curves, images and form XObjects drawn on all pages together (a
    delaftale draws some hundreds: its table rules and highlights)."""

    def __attrs_post_init__(self) -> None:
        # Checked when built, not at the first read: a limit of "5" or 0 is a mistake.
        _check_limits(self)


@frozen
class ScanResult:
    """What the pre-scan found: the pages it counted and what the streams unpack to."""

    pages: int
    unpacked_bytes: int


# "stream" as a keyword (not the end of "endstream"), followed by its end of line.
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"\bobj\b")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)(?![A-Za-z])")
_LZW = re.compile(rb"/(?:LZWDecode|LZW)(?![A-Za-z])")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_DICT_BACK = 4096
"""How far before ``stream`` its dictionary (with /Filter) is looked for."""


class _Counter:
    """Counts unpacked bytes against the limits, refusing as soon as one is passed."""

    def __init__(self, name: str, limits: PdfLimits) -> None:
        self.name = name
        self.limits = limits
        self.total = 0
        self.pages = 0

    def add(self, stream_bytes: int, more: int) -> None:
        self.total += more
        limits = self.limits
        if stream_bytes > limits.max_stream_bytes:
            raise UnsafePdfError(
                f"{self.name}: a stream of the PDF unpacks to more than the limit of "
                f"{limits.max_stream_bytes} bytes (a compression bomb looks like this). The "
                "file was not read. Pass limits=PdfLimits(max_stream_bytes=...) if you trust it."
            )
        if self.total > limits.max_total_bytes:
            raise UnsafePdfError(
                f"{self.name}: the streams of the PDF unpack to more than the limit of "
                f"{limits.max_total_bytes} bytes together. The file was not read. Pass "
                "limits=PdfLimits(max_total_bytes=...) if you trust it."
            )

    def count_pages(self, found: int) -> None:
        self.pages += found
        if self.pages > self.limits.max_pages:
            raise UnsafePdfError(
                f"{self.name} has more than {self.limits.max_pages} pages (a delaftale has a "
                "few dozen at most). The file was not read. Pass "
                "limits=PdfLimits(max_pages=...) if you trust it."
            )


def _source(data: bytes, start: int) -> Iterator[bytes]:
    """The file's bytes from ``start`` to its end, in chunks (a stream ends where it ends)."""
    for offset in range(start, len(data), _CHUNK):
        yield data[offset : offset + _CHUNK]


def _inflate(chunks: Iterator[bytes], first: list[bool]) -> Iterator[bytes]:
    """One Flate layer over ``chunks``, in bounded pieces; stops at the end of the zlib data.

    ``first[0]`` is set to False once any output was made, so a stream that is not zlib data
    at all (an image, a raw stream) is told from a damaged one.
    """
    inflater = zlib.decompressobj()
    for chunk in chunks:
        pending = chunk
        while pending:
            try:
                out = inflater.decompress(pending, _CHUNK)
            except zlib.error:
                return  # not (or no longer) zlib data: pdfminer will make of it what it can
            if out:
                first[0] = False
                yield out
            if inflater.eof:
                return
            pending = inflater.unconsumed_tail
    try:
        rest = inflater.flush()
    except zlib.error:  # pragma: no cover - flush of a truncated stream
        return
    if rest:
        yield rest


def _lzw(chunks: Iterator[bytes], counter: _Counter) -> Iterator[bytes]:
    """One LZW layer, decoded by pdfminer's own decoder piece by piece (it is a generator)."""
    import io

    from pdfminer.lzw import LZWDecoder

    parts = []
    size = 0
    for chunk in chunks:  # what goes into the LZW layer is counted as it is gathered
        size += len(chunk)
        counter.add(size, 0)
        parts.append(chunk)
    data = b"".join(parts)
    try:
        yield from LZWDecoder(io.BytesIO(data)).run()
    except Exception:  # damaged LZW data: pdfminer fails on it as it likes
        return


def _filters(data: bytes, keyword: int) -> tuple[int, bool]:
    """How many Flate layers the stream's dictionary names, and whether it names LZW."""
    start = max(0, keyword - _DICT_BACK)
    head = data[start:keyword]
    objs = list(_OBJ.finditer(head))
    if objs:
        head = head[objs[-1].end() :]
    return len(_FLATE.findall(head)), _LZW.search(head) is not None


def _stream_end(data: bytes, start: int) -> int:
    end = data.find(b"endstream", start)
    return len(data) if end < 0 else end


def prescan(data: bytes, name: str, limits: PdfLimits) -> ScanResult:
    """Check a PDF's raw bytes against the limits before it is parsed.

    Every stream is inflated (through as many Flate layers as its dictionary names, and LZW)
    in chunks of 64 KB, and only counted; page objects are counted in the file and in what
    the streams unpack to. Raises ``UnsafePdfError`` over a limit, ``CorruptPdfError`` for
    bytes that are not a PDF.
    """
    if b"%PDF-" not in data[:1024]:
        what = "empty" if not data.strip() else "not a PDF"
        raise CorruptPdfError(
            f"{name} is {what}: it does not start with '%PDF-'. Check that this is the right "
            "file, or ask for the delaftale as a Word file or a PDF exported from Word."
        )
    counter = _Counter(name, limits)
    counter.count_pages(len(_PAGE.findall(data)))
    for match in _STREAM.finditer(data):
        start = match.end()
        flate, lzw = _filters(data, match.start())
        first = [True]
        pieces: Iterator[bytes] = _inflate(_source(data, start), first)
        for _ in range(flate - 1):
            pieces = _inflate(pieces, [True])
        if lzw:
            pieces = _lzw(
                _inflate(_source(data, start), first)
                if flate
                else _source(data[: _stream_end(data, start)], start),
                counter,
            )
        size = 0
        tail = b""
        for piece in pieces:
            size += len(piece)
            counter.add(size, len(piece))
            window = tail + piece
            found = len(_PAGE.findall(window)) - len(_PAGE.findall(tail))
            if found:
                counter.count_pages(found)
            tail = window[-32:]
    return ScanResult(pages=counter.pages, unpacked_bytes=counter.total)
