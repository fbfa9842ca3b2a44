"""Fuzz the reader with mutated .docx files: it reads them or raises a DelaftaleError.

The contract of ``read_docx_with_report`` on any bytes: it returns ``(Agreement, ParseReport)``
or raises a ``DelaftaleError`` subclass, and it returns in reasonable time. Never a KeyError,
IndexError, ValueError, ``zipfile.BadZipFile``, ``zlib.error``, lxml error, RecursionError
or MemoryError.

The inputs are the valid fixtures of ``fixtures/build_docx_fixtures.py`` (built once per
session into a temporary directory), mutated at three levels:

* bytes: bits flipped, bytes overwritten, inserted or deleted, the file truncated, often
  near a zip signature (local header, central directory, end record);
* zip: the package rebuilt with an entry removed, renamed, duplicated, replaced by other
  bytes, truncated, byte-mutated, recompressed, or with a header field patched;
* XML: a part (document, styles, numbering, footnotes, header, relationships, content
  types) parsed with lxml and changed node by node: elements deleted, duplicated, moved or
  wrapped, attributes (``w:val``, ``w:id``, ``r:id``, ``w:numId``, ``w:ilvl`` …) set to odd
  values or deleted, text replaced, deeply nested elements and form-shaped snippets inserted.

Each drawn input is a small, printable description (``ByteMutant``, ``ZipMutant``,
``XmlMutant``); ``.build()`` turns it into the bytes, so a failure Hypothesis reports can be
rebuilt exactly. The strategies live here rather than in ``strategies.py`` for now.
See ``docs/fuzzing.md``; the coverage-guided counterpart is ``fuzz/fuzz_read_docx.py``.
"""

from __future__ import annotations

import copy
import io
import signal
import struct
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from delaftale import Agreement, DelaftaleError, ParseReport, read_docx_with_report
from fixtures import build_docx_fixtures as fx

# --------------------------------------------------------------------------- the contract

HANG_SECONDS = 20.0
"""A single read of a ~50 kB file takes milliseconds; this long means a hang."""


class ReaderHangError(AssertionError):
    """The reader did not return within HANG_SECONDS."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ReaderHangError in the main thread after ``seconds`` (where SIGALRM exists)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise ReaderHangError(f"read_docx_with_report did not return within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_contract(data: bytes) -> None:
    """Read ``data``; anything but a result or a DelaftaleError propagates and fails the test."""
    with _time_limit(HANG_SECONDS):
        try:
            agreement, report = read_docx_with_report(data)
        except DelaftaleError:
            return
    assert isinstance(agreement, Agreement)
    assert isinstance(report, ParseReport)


# --------------------------------------------------------------------------- the fixtures

STEMS = tuple(sorted(p.stem for p in fx.EXAMPLES_DIR.glob("*.json")))
VALID = (
    *(f"{stem}--{layout}" for stem in STEMS for layout in fx.LAYOUTS),
    "missing-staffing",
    "not-a-delaftale",
)
"""Fixtures that are well-formed .docx packages (names known without building them)."""

BROKEN = ("corrupt", "not-a-docx", "legacy", "encrypted")
ZIP_TIME = (2025, 9, 1, 12, 0, 0)


@cache
def documents() -> dict[str, bytes]:
    """Every fixture's bytes, built once per session (the temporary directory is removed)."""
    with tempfile.TemporaryDirectory(prefix="delaftale-fuzz-") as tmp:
        return {name: path.read_bytes() for name, path in fx.build_all(Path(tmp)).items()}


@dataclass(frozen=True)
class Entry:
    name: str
    data: bytes
    compress_type: int = zipfile.ZIP_DEFLATED


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """The zip entries of a valid fixture, in order."""
    with zipfile.ZipFile(io.BytesIO(documents()[name])) as archive:
        return tuple(
            Entry(info.filename, archive.read(info), info.compress_type)
            for info in archive.infolist()
        )


def rezip(items: tuple[Entry, ...] | list[Entry]) -> bytes:
    """A zip of the entries as given (duplicates allowed; valid headers and CRCs)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name" is what we want
        with zipfile.ZipFile(buffer, "w") as archive:
            for item in items:
                info = zipfile.ZipInfo(item.name, date_time=ZIP_TIME)
                info.compress_type = item.compress_type
                archive.writestr(info, item.data, compresslevel=1)
    return buffer.getvalue()


# --------------------------------------------------------------------------- byte level

selectors = st.integers(min_value=0, max_value=2**16)
small_bytes = st.binary(min_size=1, max_size=16)


@dataclass(frozen=True)
class ByteOp:
    """One edit of a byte string at ``position`` (taken modulo its length).

    ``anchor`` "signature" puts the position ``offset`` bytes after the ``position``-th
    "PK" signature, so zip headers get hit far more often than by chance.
    """

    kind: str  # flip, overwrite, insert, delete, truncate
    position: int
    anchor: str = "any"
    offset: int = 0
    bit: int = 0
    payload: bytes = b""

    def apply(self, data: bytes) -> bytes:
        if not data:
            return self.payload if self.kind in ("insert", "overwrite") else data
        pos = self.position % len(data)
        if self.anchor == "signature":
            marks = [i for i in range(len(data) - 1) if data[i : i + 2] == b"PK"] or [0]
            pos = min(len(data) - 1, marks[self.position % len(marks)] + self.offset)
        elif self.anchor == "tail":
            pos = max(0, len(data) - 1 - self.position % min(len(data), 4096))
        if self.kind == "flip":
            return data[:pos] + bytes([data[pos] ^ (1 << self.bit)]) + data[pos + 1 :]
        if self.kind == "overwrite":
            return data[:pos] + self.payload + data[pos + len(self.payload) :]
        if self.kind == "insert":
            return data[:pos] + self.payload + data[pos:]
        if self.kind == "delete":
            return data[:pos] + data[pos + 1 + self.offset % 64 :]
        return data[:pos]  # truncate


byte_ops = st.builds(
    ByteOp,
    kind=st.sampled_from(["flip", "flip", "overwrite", "insert", "delete", "truncate"]),
    position=st.integers(min_value=0, max_value=2**20),
    anchor=st.sampled_from(["any", "signature", "signature", "tail"]),
    offset=st.integers(min_value=0, max_value=60),
    bit=st.integers(min_value=0, max_value=7),
    payload=st.one_of(
        small_bytes,
        st.sampled_from([b"\x00", b"\xff", b"\xff\xff\xff\xff", b"PK\x03\x04", b"PK\x01\x02"]),
    ),
)


@dataclass(frozen=True)
class ByteMutant:
    """A fixture with byte-level edits applied in order."""

    name: str
    ops: tuple[ByteOp, ...]

    def build(self) -> bytes:
        data = documents()[self.name]
        for op in self.ops:
            data = op.apply(data)
        return data


byte_mutants = st.builds(
    ByteMutant,
    name=st.sampled_from(VALID + BROKEN),
    ops=st.lists(byte_ops, min_size=1, max_size=6).map(tuple),
)


# --------------------------------------------------------------------------- zip level

KEY_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "word/header1.xml",
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

PAYLOADS = (
    b"",
    b"<",
    b"\xef\xbb\xbf",
    b"<?xml version='1.0' encoding='UTF-8'?>",
    b"<?xml version='1.0' encoding='x-no-such-codec'?><a/>",
    "<?xml version='1.0' encoding='UTF-16'?><a/>".encode("utf-16"),
    b"<a/>",
    b"<a><b></a>",
    b"\x00\x01\x02<a/>",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;&a;</x>',
    b"<!-- " + b"x" * 3000 + b' --><!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>',
    b'<?xml version="1.0"?><x xmlns:xi="http://www.w3.org/2001/XInclude">'
    b'<xi:include href="/etc/passwd" parse="text"/></x>',
    f'<w:document xmlns:w="{W_NS}"/>'.encode(),
    f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode(),
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Delaftale for indsatsområdet '
    f"Beskæftigelse</w:t></w:r></w:p></w:body></w:document>".encode(),
    f'<w:styles xmlns:w="{W_NS}"><w:style w:styleId="a"><w:basedOn w:val="a"/>'
    f"</w:style></w:styles>".encode(),
    f'<w:styles xmlns:w="{W_NS}"><w:style w:styleId="a">'.encode(),
    f'<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:default="1" w:styleId="N">'
    f'<w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    f"</w:styles>".encode(),
    f'<x:styles xmlns:x="{W_NS}"><x:style x:styleId="a"/></x:styles>'.encode(),
    f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="x"/>'
    f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    f"</w:numbering>".encode(),
    f'<Relationships xmlns="{REL_NS}"><Relationship Id="r" Type="x/officeDocument" '
    f'Target="word/document.xml"/></Relationships>'.encode(),
    f'<Relationships xmlns="{REL_NS}"><Relationship Id="r" Type="x/officeDocument" '
    f'Target="/../../word/document.xml"/></Relationships>'.encode(),
    f'<Types xmlns="{CT_NS}"><Default Extension="xml" ContentType="text/plain"/></Types>'.encode(),
    b"<a>" * 300 + b"</a>" * 300,
    f'<w:document xmlns:w="{W_NS}"><w:body>'.encode()
    + b"<w:sdt><w:sdtContent>" * 120
    + b"<w:p><w:r><w:t>Aktivitetsnavn:</w:t></w:r></w:p>"
    + b"</w:sdtContent></w:sdt>" * 120
    + b"</w:body></w:document>",
    b"PK\x05\x06" + b"\x00" * 18,
)
NAMES = (
    *KEY_PARTS,
    "",
    "/",
    "word/",
    "word",
    "/word/document.xml",
    "word/../word/document.xml",
    "WORD/DOCUMENT.XML",
    "word\\document.xml",
    "word/document.xml ",
    "word/_rels/.rels",
    "xl/workbook.xml",
    "ppt/presentation.xml",
    "æøå/ü.xml",
)
payloads = st.one_of(st.sampled_from(PAYLOADS), st.binary(max_size=300))
zip_name_chars = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")


@dataclass(frozen=True)
class EntryOp:
    """One change to the list of entries; ``index`` picks the entry (modulo the count).

    ``key`` True picks among the parts the reader reads, so they are hit most often;
    ``part`` names the entry instead (when the package has it).
    """

    kind: str  # remove, rename, replace, duplicate, truncate, mutate, recompress
    index: int = 0
    key: bool = True
    part: str = ""
    name: str = ""
    payload: bytes = b""
    size: int = 0
    byte_op: ByteOp | None = None
    method: int = zipfile.ZIP_STORED

    def apply(self, items: list[Entry]) -> list[Entry]:
        if not items:
            return [Entry(self.name, self.payload)] if self.kind == "replace" else items
        pool = [i for i, e in enumerate(items) if e.name == self.part]
        if not pool and self.key:
            pool = [i for i, e in enumerate(items) if e.name in KEY_PARTS]
        pool = pool or list(range(len(items)))
        i = pool[self.index % len(pool)]
        entry = items[i]
        out = list(items)
        if self.kind == "remove":
            del out[i]
        elif self.kind == "rename":
            out[i] = Entry(self.name, entry.data, entry.compress_type)
        elif self.kind == "replace":
            out[i] = Entry(entry.name, self.payload, entry.compress_type)
        elif self.kind == "duplicate":
            out.insert(self.size % (len(out) + 1), entry)
        elif self.kind == "truncate":
            out[i] = Entry(entry.name, entry.data[: self.size % (len(entry.data) + 1)])
        elif self.kind == "mutate" and self.byte_op is not None:
            out[i] = Entry(entry.name, self.byte_op.apply(entry.data), entry.compress_type)
        elif self.kind == "recompress":
            out[i] = Entry(entry.name, entry.data, self.method)
        return out


entry_ops = st.builds(
    EntryOp,
    kind=st.sampled_from(
        ["remove", "rename", "replace", "duplicate", "truncate", "mutate", "recompress"]
    ),
    index=selectors,
    key=st.booleans(),
    name=st.one_of(st.sampled_from(NAMES), st.text(zip_name_chars, max_size=20)),
    payload=payloads,
    size=st.integers(min_value=0, max_value=2**20),
    byte_op=byte_ops,
    method=st.sampled_from(
        [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
    ),
)

# (offset in the central directory record, struct format, offset in the local header or None)
HEADER_FIELDS = {
    "version_needed": (6, "<H", 4),
    "flags": (8, "<H", 6),
    "method": (10, "<H", 8),
    "crc": (16, "<I", 14),
    "compressed_size": (20, "<I", 18),
    "file_size": (24, "<I", 22),
    "name_length": (28, "<H", 26),
    "extra_length": (30, "<H", 28),
    "header_offset": (42, "<I", None),
    "name_byte": (46, "<B", 30),  # the first byte of the entry's name
}
EOCD_FIELDS = {
    "entries_on_disk": (8, "<H"),
    "entries": (10, "<H"),
    "cd_size": (12, "<I"),
    "cd_offset": (16, "<I"),
    "comment_length": (20, "<H"),
}
FIELD_VALUES = (0, 1, 2, 6, 8, 9, 12, 14, 20, 45, 63, 93, 98, 99, 0x20, 0x40, 0x0800, 0x0801)
FIELD_VALUES += (0x0008, 0xFF, 0xFFFF, 2**32 - 1)


@dataclass(frozen=True)
class HeaderPatch:
    """Overwrite one field of a zip header: a central directory record (and/or the local
    header it points to) or the end-of-central-directory record (``field`` in EOCD_FIELDS).

    ``index`` picks the record (modulo the count); ``part`` names it instead.
    """

    field: str
    value: int
    index: int = 0
    where: str = "both"  # central, local, both
    part: str = ""

    def apply(self, data: bytes) -> bytes:
        out = bytearray(data)
        eocd = data.rfind(b"PK\x05\x06")
        if eocd < 0 or eocd + 22 > len(data):
            return data
        if self.field in EOCD_FIELDS:
            at, fmt = EOCD_FIELDS[self.field]
            struct.pack_into(fmt, out, eocd + at, self.value % (1 << (8 * struct.calcsize(fmt))))
            return bytes(out)
        count, _, cd_offset = struct.unpack_from("<HII", data, eocd + 10)
        records = []
        named = []
        pos = cd_offset
        for _ in range(count):
            if data[pos : pos + 4] != b"PK\x01\x02" or pos + 46 > len(data):
                break
            records.append(pos)
            name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
            if self.part and data[pos + 46 : pos + 46 + name_len] == self.part.encode():
                named.append(pos)
            pos += 46 + name_len + extra_len + comment_len
        if not records:
            return data
        record = (named or records)[self.index % len(named or records)]
        cd_at, fmt, local_at = HEADER_FIELDS[self.field]
        size = struct.calcsize(fmt)
        value = self.value % (1 << (8 * size))
        if self.where in ("central", "both") and record + cd_at + size <= len(data):
            struct.pack_into(fmt, out, record + cd_at, value)
        if self.where in ("local", "both") and local_at is not None:
            local = struct.unpack_from("<I", data, record + 42)[0]
            if data[local : local + 4] == b"PK\x03\x04" and local + 31 <= len(data):
                struct.pack_into(fmt, out, local + local_at, value)
        return bytes(out)


header_patches = st.builds(
    HeaderPatch,
    field=st.sampled_from([*HEADER_FIELDS, *EOCD_FIELDS]),
    index=selectors,
    value=st.one_of(st.sampled_from(FIELD_VALUES), st.integers(min_value=0, max_value=2**32 - 1)),
    where=st.sampled_from(["central", "local", "both"]),
    part=st.sampled_from(["", *KEY_PARTS]),
)


@dataclass(frozen=True)
class ZipMutant:
    """A fixture re-zipped after entry changes, then with header fields patched."""

    name: str
    ops: tuple[EntryOp, ...]
    patches: tuple[HeaderPatch, ...] = ()

    def build(self) -> bytes:
        items = list(entries(self.name))
        for op in self.ops:
            items = op.apply(items)
        data = rezip(items)
        for patch in self.patches:
            data = patch.apply(data)
        return data


zip_mutants = st.builds(
    ZipMutant,
    name=st.sampled_from(VALID),
    ops=st.lists(entry_ops, max_size=4).map(tuple),
    patches=st.lists(header_patches, max_size=2).map(tuple),
).filter(lambda m: m.ops or m.patches)


# --------------------------------------------------------------------------- XML level


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
NUMBERING = "word/numbering.xml"
FOOTNOTES = "word/footnotes.xml"
HEADER = "word/header1.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
PACKAGE_RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"
XML_PARTS = (DOCUMENT, DOCUMENT, DOCUMENT, STYLES, NUMBERING, FOOTNOTES, HEADER)
XML_PARTS += (DOCUMENT_RELS, PACKAGE_RELS, CONTENT_TYPES)
R_ID = f"{{{R_NS}}}id"

XPATH_NS = {"w": W_NS, "r": R_NS, "p": REL_NS, "c": CT_NS}
STYLE_NAMES = ("List Bullet 0", "List Number 9", "Heading 0", "Overskrift 1", "Liste 10", "1")

# (part, XPath, attribute, values tried besides the general ones): what the reader reads
TARGETS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (DOCUMENT, "//w:pStyle", w("val"), ()),
    (DOCUMENT, "//w:rStyle", w("val"), ()),
    (DOCUMENT, "//w:ind", w("left"), ()),
    (DOCUMENT, "//w:ind", w("start"), ()),
    (DOCUMENT, "//w:footnoteReference", w("id"), ()),
    (DOCUMENT, "//w:headerReference", R_ID, ()),
    (DOCUMENT, "//w:headerReference", w("type"), ()),
    (DOCUMENT, "//w:highlight", w("val"), ()),
    (DOCUMENT, "//w:shd", w("fill"), ()),
    (DOCUMENT, "//w:b", w("val"), ()),
    (DOCUMENT, "//w:br", w("type"), ()),
    (STYLES, "//w:style", w("styleId"), ()),
    (STYLES, "//w:style", w("type"), ()),
    (STYLES, "//w:style[@w:default]", w("default"), ()),
    (STYLES, "//w:basedOn", w("val"), ()),
    (STYLES, "//w:style/w:name", w("val"), STYLE_NAMES),
    (STYLES, "//w:style[w:pPr/w:numPr]/w:name", w("val"), STYLE_NAMES),
    (STYLES, "//w:numId", w("val"), ()),
    (STYLES, "//w:ilvl", w("val"), ()),
    (STYLES, "//w:style/w:rPr/w:b", w("val"), ()),
    (NUMBERING, "//w:lvl", w("ilvl"), ()),
    (NUMBERING, "//w:abstractNum", w("abstractNumId"), ()),
    (NUMBERING, "//w:num", w("numId"), ()),
    (NUMBERING, "//w:num/w:abstractNumId", w("val"), ()),
    (NUMBERING, "//w:numFmt", w("val"), ()),
    (FOOTNOTES, "//w:footnote", w("id"), ()),
    (HEADER, "//w:pStyle", w("val"), ()),
    (DOCUMENT_RELS, "//p:Relationship", "Id", ()),
    (DOCUMENT_RELS, "//p:Relationship", "Type", ()),
    (DOCUMENT_RELS, "//p:Relationship", "Target", ()),
    (DOCUMENT_RELS, "//p:Relationship", "TargetMode", ()),
    (PACKAGE_RELS, "//p:Relationship", "Type", ()),
    (PACKAGE_RELS, "//p:Relationship", "Target", ()),
    (PACKAGE_RELS, "//p:Relationship", "TargetMode", ()),
    (CONTENT_TYPES, "//c:Override", "PartName", ()),
    (CONTENT_TYPES, "//c:Override", "ContentType", ()),
    (CONTENT_TYPES, "//c:Default", "Extension", ()),
    (CONTENT_TYPES, "//c:Default", "ContentType", ()),
)
# (part, XPath of the w:t whose text changes)
TEXT_TARGETS = (
    (DOCUMENT, "//w:t"),
    (DOCUMENT, "//w:t"),
    (DOCUMENT, "//w:tbl//w:t"),
    (HEADER, "//w:t"),
    (FOOTNOTES, "//w:t"),
)
ATTRIBUTES = tuple(sorted({attribute for _, _, attribute, _ in TARGETS}))
VALUES = (
    "",
    "0",
    "1",
    "2",
    "8",
    "9",
    "-1",
    "-0",
    "--5",
    "+3",
    " 7",
    "7 ",
    "x",
    "1.5",
    "1e3",
    "²",
    "٣",
    "Ⅻ",
    "9" * 30,
    "-" + "9" * 30,
    "2147483648",
    "NaN",
    "inf",
    "true",
    "false",
    "on",
    "off",
    "page",
    "continue",
    "restart",
    "paragraph",
    "character",
    "bullet",
    "decimal",
    "none",
    "auto",
    "FFFFFF",
    "F0B7",
    "D800",
    "DFFF",
    "FFFF",
    "0000",
    "rId1",
    "rId9",
    "rId10",
    "External",
    "../../../etc/passwd",
    "/word/document.xml",
    "word/document.xml",
    "/word/styles.xml",
    "document.xml",
    "styles.xml",
    "header1.xml",
    "footnotes.xml",
    ".",
    "..",
    "/",
    "http://example.com/x",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
    "Heading1",
    "ListBullet",
    "ListNumber",
    "Heading 2",
    "List Bullet 3",
    "List Bullet 0",
    "Opstilling-punkttegn 9",
)
TEXTS = (
    "",
    " ",
    "\t",
    "\n",
    fx.TITLE_PREFIX,
    f"{fx.TITLE_PREFIX} Beskæftigelse",
    f"{fx.TITLE_PREFIX} Ukendt område",
    "Delaftale for indsatsomradet Kriminalitetsforebyggelse",
    fx.L_INITIATIVE,
    fx.L_PERIOD,
    fx.L_PARTIES,
    fx.L_SUB_GOALS,
    fx.L_STAFFING,
    fx.L_MUNICIPAL,
    fx.L_NAME,
    fx.L_PURPOSE,
    fx.L_TARGET,
    fx.L_CONTENT,
    fx.L_RESPONSIBILITIES,
    "Delmål",
    "Indikator",
    "Baseline",
    "Baseline år",
    "Datakilde",
    "Udkast: 01 09 2025",
    "Udkast: 31 02 2025",
    "Udkast: 01 13 2025",
    "Udkast: 1. marts 99999",
    "Udkast: 00 00 0000",
    "1/11-2025 til 31/10-2029",
    "31/10-2029 til 1/11-2025",
    "32/13-2025 til 0/0-0",
    "1/1-99999 til 1/1-999999",
    "61,21 %",
    "1e999999 %",
    "9" * 400 + " %",
    "-5 %",
    "−5 %",
    "NaN %",
    "Infinity kr.",
    "1.234.567,89 kr.",
    "0,0000000000000000000000000001 %",
    "Udfyldes senere",
    "Skoleåret 2019/2020",
    "2023/1999",
    "1899",
    "9999-0000",
    "Indsatsområdet vægtes overordnet 14 %",
    "Indsatsområdet vægtes overordnet 999999999999999999999 %",
    "Boligsocial medarbejder: 50 %",
    "Boligsocial medarbejder: 1e9 % og 200 % af en stilling",
    "Projektleder: 30 % (heraf 10 % Uddannelse og livschancer, 20 % Beskæftigelse)",
    "\uf0b7\tpunkt",
    "-\t",
    "o\tx",
    "• ",
    "Overskrift 2",
)
xml_values = st.one_of(st.sampled_from(VALUES), st.integers().map(str), st.text(max_size=12))
xml_texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=40))


def _elements(root: Any, tag: str | None = None) -> list[Any]:
    return [e for e in root.iter(etree.Element) if tag is None or e.tag == tag]


def _pick(pool: list[Any], index: int) -> Any:
    return pool[index % len(pool)] if pool else None


def _chain(tags: tuple[str, ...], depth: int) -> tuple[Any, Any]:
    """``tags`` repeated ``depth`` times as nested elements: (outermost, innermost)."""
    outer = inner = etree.Element(tags[0])
    for tag in (tags * depth)[1:]:
        inner = etree.SubElement(inner, tag)
    return outer, inner


@dataclass(frozen=True)
class XmlOp:
    """One change to a parsed part; ``index`` and ``target`` pick elements modulo the count.

    ``path`` (XPath) narrows the elements ``set``/``unset``/``text`` pick from; ``insert`` adds the
    ``SNIPPETS`` entry ``snippet`` with its "A" and "B" attributes and "T" text filled in.
    """

    kind: str  # delete, duplicate, move, set, unset, text, wrap, nest, insert
    index: int
    target: int = 0
    path: str = ""
    attribute: str = ""
    value: str = ""
    other: str = ""
    tags: tuple[str, ...] = ()
    depth: int = 1
    snippet: str = ""

    def apply(self, root: Any) -> None:
        # lxml refuses text or names XML cannot hold (control characters): skip the change
        with suppress(ValueError):
            getattr(self, f"_{self.kind}")(root)

    def _pool(self, root: Any) -> list[Any]:
        if not self.path:
            return _elements(root)
        return [e for e in root.xpath(self.path, namespaces=XPATH_NS) if isinstance(e.tag, str)]

    def _delete(self, root: Any) -> None:
        element = _pick(_elements(root)[1:], self.index)
        if element is not None:
            element.getparent().remove(element)

    def _duplicate(self, root: Any) -> None:
        element = _pick(_elements(root)[1:], self.index)
        if element is not None:
            element.addnext(copy.deepcopy(element))

    def _move(self, root: Any) -> None:
        element = _pick(_elements(root)[1:], self.index)
        if element is None:
            return
        inside = set(element.iter())
        parent = _pick([e for e in _elements(root) if e not in inside], self.target)
        parent.insert(self.depth % (len(parent) + 1), element)

    def _set(self, root: Any) -> None:
        element = _pick(self._pool(root), self.index)
        if element is not None:
            element.set(self.attribute, self.value)

    def _unset(self, root: Any) -> None:
        pool = [e for e in self._pool(root) if self.attribute in e.attrib]
        element = _pick(pool, self.index)
        if element is not None:
            del element.attrib[self.attribute]

    def _text(self, root: Any) -> None:
        element = _pick(self._pool(root), self.index)
        if element is not None:
            element.text = self.value

    def _wrap(self, root: Any) -> None:
        element = _pick(_elements(root, w("p")) or _elements(root)[1:], self.index)
        if element is None:
            return
        outer, inner = _chain(self.tags, 1)
        element.addprevious(outer)
        inner.append(element)

    def _nest(self, root: Any) -> None:
        parent = _pick(_elements(root, w("body")) or _elements(root), self.index)
        outer, inner = _chain(self.tags, self.depth)
        paragraph = etree.SubElement(inner, w("p"))
        etree.SubElement(etree.SubElement(paragraph, w("r")), w("t")).text = self.value
        parent.insert(self.target % (len(parent) + 1), outer)

    def _insert(self, root: Any) -> None:
        _, parent_tag, template = SNIPPETS[self.snippet]
        pool = self._pool(root) if self.path else _elements(root, parent_tag)
        parent = _pick(pool or _elements(root), self.index)
        wrapper = etree.fromstring(
            f'<x xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:p="{REL_NS}" xmlns:c="{CT_NS}">'
            f"{template}</x>"
        )
        for element in wrapper.iter(etree.Element):
            for key, marker in element.attrib.items():
                if marker in ("A", "B"):
                    element.set(key, self.value if marker == "A" else self.other)
            if element.text == "T":
                element.text = self.value
        for child in wrapper:
            parent.insert(self.target % (len(parent) + 1), child)


def _cell(text: str, props: str = "") -> str:
    return f"<w:tc>{props}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


# name: (part, parent tag, XML whose "A"/"B" attribute values and "T" texts are filled in)
SNIPPETS = {
    "numPr": (
        DOCUMENT,
        w("pPr"),
        '<w:numPr><w:ilvl w:val="A"/><w:numId w:val="B"/></w:numPr>',
    ),
    "numPr-numId": (DOCUMENT, w("pPr"), '<w:numPr><w:numId w:val="A"/></w:numPr>'),
    "ind": (DOCUMENT, w("pPr"), '<w:ind w:left="A" w:start="B"/>'),
    "ind-start": (DOCUMENT, w("pPr"), '<w:ind w:start="A"/>'),
    "pStyle": (DOCUMENT, w("pPr"), '<w:pStyle w:val="A"/>'),
    "pPr": (
        DOCUMENT,
        w("p"),
        '<w:pPr><w:pStyle w:val="A"/><w:numPr><w:ilvl w:val="B"/></w:numPr></w:pPr>',
    ),
    "sym": (DOCUMENT, w("r"), '<w:sym w:font="Symbol" w:char="A"/>'),
    "footnoteReference": (DOCUMENT, w("r"), '<w:footnoteReference w:id="A"/>'),
    "br": (DOCUMENT, w("r"), '<w:br w:type="A"/>'),
    "run": (DOCUMENT, w("p"), '<w:r><w:rPr><w:b w:val="B"/></w:rPr><w:t>T</w:t></w:r>'),
    "rStyle": (DOCUMENT, w("rPr"), '<w:rStyle w:val="A"/>'),
    "highlight": (DOCUMENT, w("rPr"), '<w:highlight w:val="A"/>'),
    "shd": (DOCUMENT, w("rPr"), '<w:shd w:fill="A"/>'),
    "tcPr": (DOCUMENT, w("tc"), '<w:tcPr><w:vMerge w:val="A"/></w:tcPr>'),
    "paragraph": (DOCUMENT, w("body"), "<w:p><w:r><w:t>T</w:t></w:r></w:p>"),
    "cell-paragraph": (DOCUMENT, w("tc"), "<w:p><w:r><w:t>T</w:t></w:r></w:p>"),
    "delmaal-table": (
        DOCUMENT,
        w("body"),
        "<w:tbl><w:tr>"
        + "".join(_cell(h) for h in fx.SUB_GOAL_HEADER)
        + "</w:tr><w:tr>"
        + _cell("Et delmål")
        + _cell("T", '<w:tcPr><w:vMerge w:val="B"/></w:tcPr>')
        + _cell("T")
        + _cell("T")
        + _cell("T")
        + "</w:tr><w:tr/></w:tbl>",
    ),
    "sdt": (
        DOCUMENT,
        w("body"),
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>T</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    ),
    "headerReference": (DOCUMENT, w("sectPr"), '<w:headerReference w:type="B" r:id="A"/>'),
    "header-paragraph": (HEADER, w("hdr"), "<w:p><w:r><w:t>T</w:t></w:r></w:p>"),
    "style": (
        STYLES,
        w("styles"),
        '<w:style w:type="paragraph" w:default="1" w:styleId="A"><w:name w:val="B"/>'
        '<w:basedOn w:val="A"/><w:rPr><w:b/><w:highlight w:val="yellow"/></w:rPr>'
        '<w:pPr><w:numPr><w:ilvl w:val="B"/><w:numId w:val="A"/></w:numPr></w:pPr></w:style>',
    ),
    "basedOn": (STYLES, w("style"), '<w:basedOn w:val="A"/>'),
    "style-numPr": (
        STYLES,
        w("style"),
        '<w:pPr><w:numPr><w:ilvl w:val="A"/><w:numId w:val="B"/></w:numPr></w:pPr>',
    ),
    "abstractNum": (
        NUMBERING,
        w("numbering"),
        '<w:abstractNum w:abstractNumId="A"><w:lvl w:ilvl="B"><w:numFmt w:val="decimal"/>'
        '</w:lvl><w:lvl w:ilvl="A"/></w:abstractNum>',
    ),
    "lvl": (NUMBERING, w("abstractNum"), '<w:lvl w:ilvl="A"><w:numFmt w:val="B"/></w:lvl>'),
    "num": (NUMBERING, w("numbering"), '<w:num w:numId="A"><w:abstractNumId w:val="B"/></w:num>'),
    "footnote": (
        FOOTNOTES,
        w("footnotes"),
        '<w:footnote w:id="A"><w:p><w:r><w:t>T</w:t></w:r></w:p></w:footnote>',
    ),
    "relationship": (
        DOCUMENT_RELS,
        f"{{{REL_NS}}}Relationships",
        '<p:Relationship Id="A" Target="B" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/header"/>',
    ),
    "relationship-any": (
        DOCUMENT_RELS,
        f"{{{REL_NS}}}Relationships",
        '<p:Relationship Id="A" Type="B" Target="styles.xml"/>',
    ),
    "package-relationship": (
        PACKAGE_RELS,
        f"{{{REL_NS}}}Relationships",
        '<p:Relationship Id="A" Target="B" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/>',
    ),
    "override": (CONTENT_TYPES, f"{{{CT_NS}}}Types", '<c:Override PartName="A" ContentType="B"/>'),
    "default": (CONTENT_TYPES, f"{{{CT_NS}}}Types", '<c:Default Extension="A" ContentType="B"/>'),
}
WRAPPERS = (
    (w("sdt"),),
    (w("sdt"), w("sdtContent")),
    (w("sdtContent"),),
    (w("customXml"),),
    (w("smartTag"),),
    (w("ins"),),
    (w("hyperlink"),),
    (w("tbl"),),
    (w("tbl"), w("tr"), w("tc")),
    (w("tr"),),
    (w("tc"),),
    (w("r"),),
    (w("p"),),
    (w("body"),),
    (w("footnote"),),
    (w("style"),),
    ("{urn:example:unknown}x",),
    ("plain",),
)
NESTS = (
    (w("sdt"), w("sdtContent")),
    (w("tbl"), w("tr"), w("tc")),
    (w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent")),
    (w("customXml"),),
    (w("p"), w("r")),
    ("{urn:example:unknown}x",),
)
depths = st.one_of(st.integers(1, 300), st.sampled_from([42, 63, 84, 85, 126, 127, 128, 255]))

structure_ops = st.tuples(
    st.sampled_from(XML_PARTS),
    st.one_of(
        st.builds(XmlOp, kind=st.sampled_from(["delete", "duplicate"]), index=selectors),
        st.builds(
            XmlOp, kind=st.just("move"), index=selectors, target=selectors, depth=st.integers(0, 50)
        ),
        st.builds(XmlOp, kind=st.just("wrap"), index=selectors, tags=st.sampled_from(WRAPPERS)),
        st.builds(
            XmlOp,
            kind=st.just("nest"),
            index=selectors,
            target=selectors,
            tags=st.sampled_from(NESTS),
            depth=depths,
            value=st.sampled_from(TEXTS),
        ),
        st.builds(
            XmlOp,
            kind=st.just("set"),
            index=selectors,
            attribute=st.sampled_from(ATTRIBUTES),
            value=xml_values,
        ),
        st.builds(
            XmlOp, kind=st.just("unset"), index=selectors, attribute=st.sampled_from(ATTRIBUTES)
        ),
    ),
)


def _targeted(
    target: tuple[str, str, str, tuple[str, ...]], kind: str, index: int
) -> st.SearchStrategy[tuple[str, XmlOp]]:
    part, path, attribute, extra = target
    values = st.one_of(st.sampled_from(extra), xml_values) if extra else xml_values
    return values.map(
        lambda v: (part, XmlOp(kind=kind, index=index, path=path, attribute=attribute, value=v))
    )


def _inserted(snippet: str, index: int, target: int, value: str, other: str) -> tuple[str, XmlOp]:
    op = XmlOp(kind="insert", index=index, target=target, snippet=snippet, value=value, other=other)
    return SNIPPETS[snippet][0], op


value_ops = st.one_of(
    st.builds(
        _targeted,
        st.sampled_from(TARGETS),
        st.sampled_from(["set", "set", "set", "unset"]),
        selectors,
    ).flatmap(lambda ops: ops),
    st.builds(
        _inserted,
        st.sampled_from(sorted(SNIPPETS)),
        selectors,
        selectors,
        st.one_of(xml_values, xml_texts),
        xml_values,
    ),
    st.builds(
        lambda target, index, text: (
            target[0],
            XmlOp(kind="text", index=index, path=target[1], value=text),
        ),
        st.sampled_from(TEXT_TARGETS),
        selectors,
        xml_texts,
    ),
)


@dataclass(frozen=True)
class XmlMutant:
    """A fixture whose parts were changed as parsed trees, then re-zipped."""

    name: str
    ops: tuple[tuple[str, XmlOp], ...]

    def build(self) -> bytes:
        trees: dict[str, Any] = {}
        items = entries(self.name)
        present = {e.name: e.data for e in items}
        for part, op in self.ops:
            if part not in present:
                continue
            if part not in trees:
                trees[part] = etree.fromstring(present[part])
            op.apply(trees[part])
        changed = {
            part: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            for part, root in trees.items()
        }
        return rezip([Entry(e.name, changed.get(e.name, e.data), e.compress_type) for e in items])


def xml_mutants(ops: st.SearchStrategy[tuple[str, XmlOp]]) -> st.SearchStrategy[XmlMutant]:
    return st.builds(
        XmlMutant,
        name=st.sampled_from(VALID),
        ops=st.lists(ops, min_size=1, max_size=5).map(tuple),
    )


structure_mutants = xml_mutants(structure_ops)
value_mutants = xml_mutants(value_ops)

# --------------------------------------------------------------------------- the tests

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FORM = "ishoj-2025-beskaeftigelse--form"
FONTS = "word/fontTable.xml"

# The @example inputs are the crashes fuzzing found (docs/fuzzing.md), kept as regressions.


@settings(FUZZ, max_examples=300)
@given(byte_mutants)
@example(ByteMutant(FORM, (ByteOp("delete", position=2),)))  # ValueError: negative seek value
def test_byte_mutations_read_or_raise_a_delaftale_error(mutant: ByteMutant) -> None:
    assert_contract(mutant.build())


def _patched(*patches: HeaderPatch, ops: tuple[EntryOp, ...] = ()) -> ZipMutant:
    return ZipMutant(FORM, ops, patches)


@settings(FUZZ, max_examples=300)
@given(zip_mutants)
@example(  # zlib.error: a stored entry marked as deflated
    _patched(
        HeaderPatch("method", zipfile.ZIP_DEFLATED, part=DOCUMENT),
        ops=(EntryOp("recompress", part=DOCUMENT, method=zipfile.ZIP_STORED),),
    )
)
@example(_patched(HeaderPatch("method", 99, part=DOCUMENT)))  # NotImplementedError: method
@example(_patched(HeaderPatch("version_needed", 255, part=DOCUMENT, where="central")))
@example(_patched(HeaderPatch("flags", 0x20, part=DOCUMENT)))  # NotImplementedError: patched
@example(_patched(HeaderPatch("flags", 0x40, part=DOCUMENT)))  # NotImplementedError: encryption
@example(_patched(HeaderPatch("flags", 0x01, part=DOCUMENT)))  # RuntimeError: password required
@example(  # UnicodeDecodeError: a name flagged UTF-8 that is not
    _patched(
        HeaderPatch("flags", 0x0800, part=FONTS, where="central"),
        HeaderPatch("name_byte", 0xFF, part=FONTS, where="central"),
    )
)
@example(  # lzma.LZMAError: an LZMA entry's data read two bytes late
    _patched(
        HeaderPatch("extra_length", 2, part=DOCUMENT, where="local"),
        ops=(EntryOp("recompress", part=DOCUMENT, method=zipfile.ZIP_LZMA),),
    )
)
def test_zip_mutations_read_or_raise_a_delaftale_error(mutant: ZipMutant) -> None:
    assert_contract(mutant.build())


@settings(FUZZ, max_examples=250)
@given(structure_mutants)
def test_xml_structure_mutations_read_or_raise_a_delaftale_error(mutant: XmlMutant) -> None:
    assert_contract(mutant.build())


def _changed(part: str, op: XmlOp) -> XmlMutant:
    return XmlMutant(FORM, ((part, op),))


@settings(FUZZ, max_examples=400)
@given(value_mutants)
@example(_changed(DOCUMENT, XmlOp("insert", 0, snippet="numPr", value="x", other="1")))
@example(_changed(DOCUMENT, XmlOp("insert", 0, snippet="ind", value="²")))
@example(_changed(DOCUMENT, XmlOp("insert", 0, snippet="ind", value="--5")))
@example(
    _changed(
        STYLES,
        XmlOp(
            "insert",
            0,
            path="//w:style[@w:styleId='Normal']",
            snippet="style-numPr",
            value="x",
            other="1",
        ),
    )
)
@example(_changed(NUMBERING, XmlOp("set", 0, path="//w:lvl", attribute=w("ilvl"), value="x")))
@example(  # ValueError: 'level' must be >= 0: -1
    _changed(
        STYLES,
        XmlOp(
            "set",
            0,
            path="//w:style[@w:styleId='ListBullet']/w:name",
            attribute=w("val"),
            value="List Bullet 0",
        ),
    )
)
def test_xml_value_mutations_read_or_raise_a_delaftale_error(mutant: XmlMutant) -> None:
    assert_contract(mutant.build())


def test_unmutated_fixtures_read_or_raise_a_delaftale_error() -> None:
    for name in VALID + BROKEN:
        assert_contract(documents()[name])
    assert_contract(rezip(list(entries(VALID[0]))))
