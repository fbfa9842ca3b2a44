"""A .docx opened for reading: its zip, relationships and XML parts, parsed safely with lxml.

The reader does not go through python-docx: python-docx parses every part of the package
into proxy objects, which costs more than the whole of the reader's own work. This module
parses only the parts the reader needs (document, styles, numbering, footnotes, headers),
with a parser that never loads a DTD, resolves an entity or touches the network, and refuses
any part that declares a DOCTYPE, holds more elements than ``Limits.max_elements``, or
exceeds one of libxml2's own limits (nesting depth, text node length, entity expansion):
each an ``UnsafeDocxError``, while a part that is merely not well-formed is damaged
(``CorruptDocxError``).
"""

from __future__ import annotations

import io
import lzma
import posixpath
import re
import zipfile
import zlib
from typing import Any

from lxml import etree

from delaftale.errors import CorruptDocxError, NotADocxError, UnsafeDocxError
from delaftale.word.safety import Limits, check_zip, recognise

__all__ = ["Package", "open_package"]

# What zipfile and zlib raise on a damaged archive or entry: a file that Word would call
# damaged is a CorruptDocxError, whatever the zip library's own complaint.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,  # unknown compression, zip version, "patched data", strong encryption
    RuntimeError,  # an encrypted entry ("password required")
    zlib.error,
    lzma.LZMAError,  # a damaged LZMA-compressed entry (bz2 raises OSError)
    ValueError,  # negative seeks in a damaged directory
    UnicodeDecodeError,  # a file name that is not UTF-8 though flagged so
    KeyError,
    OSError,
    EOFError,
)

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "/officeDocument"
_WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


# What libxml2 says when a part exceeds one of its own limits (libxml2 2.9 to 2.14 wordings),
# and what to call that limit in a message. Such a part was built to exhaust a reader (or is
# nothing Word writes): UnsafeDocxError, not CorruptDocxError "damaged", as errors.py says.
_PARSER_LIMITS = (
    ("excessive depth", "nests XML elements more than {depth} levels deep"),
    ("entity reference loop", "declares entities that refer to each other in a loop"),
    ("amplification", "declares entities that expand without bound ('billion laughs')"),
    ("huge text node", "holds a text node longer than the XML parser's limit (10,000,000 bytes)"),
    (
        "text node too long",
        "holds a text node longer than the XML parser's limit (10,000,000 bytes)",
    ),
    ("name too long", "holds an XML name longer than the XML parser's limit"),
    ("resource limit", "exceeds a limit of the XML parser"),
    ("try xml_parse_huge", "exceeds a limit of the XML parser"),
    ("huge input lookup", "exceeds a limit of the XML parser"),
    ("memory allocation failed", "needs more memory than the XML parser allows"),
)
_LIMIT_CODES = frozenset(
    (
        etree.ErrorTypes.ERR_RESOURCE_LIMIT,
        etree.ErrorTypes.ERR_ENTITY_LOOP,
        etree.ErrorTypes.ERR_NAME_TOO_LONG,
        etree.ErrorTypes.ERR_NO_MEMORY,
    )
)


def _parser_limit(exc: etree.XMLSyntaxError) -> str | None:
    """Which of libxml2's own limits a parse error reports, in words; None for plain damage."""
    message = str(exc).casefold()
    for key, words in _PARSER_LIMITS:
        if key in message:
            depth = re.search(r"excessive depth in document: (\d+)", message)
            return words.format(depth=depth.group(1) if depth else 256)
    if getattr(exc, "code", None) in _LIMIT_CODES:
        return "exceeds a limit of the XML parser"
    return None


# A paragraph's start tag, whatever its namespace prefix (an upper bound: DrawingML's a:p counts).
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class Package:
    """The parts of an opened .docx, parsed on demand."""

    def __init__(self, archive: zipfile.ZipFile, name: str, limits: Limits | None = None) -> None:
        self.archive = archive
        self.name = name
        self.limits = limits or Limits()
        self._names = set(archive.namelist())
        self._parser = _parser()
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self._types: Any = None
        self.main = self._main_document()

    def has(self, path: str) -> bool:
        """Whether the package holds a part at this path."""
        return path in self._names

    def raw(self, path: str) -> bytes:
        """The bytes of a part, after refusing a DOCTYPE or entity declaration in it.

        A part with more elements than ``Limits.max_elements`` is refused here too, before
        lxml builds a tree of it: every element has a tag starting with ``<``, so the count of
        ``<`` less the count of end tags ``</`` is an upper bound on the elements (comments
        and processing instructions counted too), found at memory speed.
        """
        try:
            data = self.archive.read(path)
        except ZIP_ERRORS as exc:
            raise CorruptDocxError(
                f"{self.name} is a damaged .docx: the part {path} cannot be read ({exc}). Open "
                "it in Word, which may repair it, and save it again."
            ) from None
        head = data[:2048].lstrip(b"\xef\xbb\xbf")
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise UnsafeDocxError(
                f"{self.name}: the part {path} declares a DOCTYPE or entities, which Word never "
                "writes and XML attacks use. The file was not read."
            )
        # Each element takes at least one byte and one "<": the counts are needed only when
        # the part is longer than the limit, and "</" only when "<" alone exceeds it.
        limit = self.limits.max_elements
        elements = 0
        if len(data) > limit and (elements := data.count(b"<")) > limit:
            elements -= data.count(b"</")
        if elements > limit:
            raise UnsafeDocxError(
                f"{self.name}: the part {path} holds {elements} XML elements, more than the "
                f"limit of {self.limits.max_elements} (a delaftale has a few thousand). The "
                "file was not read. Pass limits=Limits(max_elements=...) if you trust it."
            )
        return data

    def parse(self, data: bytes, path: str) -> Any:
        """Parse XML bytes of (a piece of) a part safely.

        Damage raises ``CorruptDocxError``; a DOCTYPE, or a limit of the XML parser exceeded
        (depth, a huge text node, entity loops), raises ``UnsafeDocxError``.
        """
        try:
            root = etree.fromstring(data, self._parser)
        except etree.XMLSyntaxError as exc:
            limit = _parser_limit(exc)
            if limit is None and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
                limit = "declares a DOCTYPE or entities"  # after a long comment, past raw()'s look
            if limit is not None:
                raise UnsafeDocxError(
                    f"{self.name}: the part {path} {limit}, which Word never writes and attacks "
                    "on XML readers use. The file was not read; ask the sender for the "
                    "document as saved by Word."
                ) from None
            raise CorruptDocxError(
                f"{self.name} is a damaged .docx: {path} is not well-formed XML ({exc}). Open it "
                "in Word, which may repair it, and save it again."
            ) from None
        if root.getroottree().docinfo.doctype:
            raise UnsafeDocxError(
                f"{self.name}: the part {path} declares a DOCTYPE; the file was not read."
            )
        return root

    def check_paragraphs(
        self,
        path: str,
        advice: str = " Pass limits=Limits(max_paragraphs=...) if you trust it.",
    ) -> None:
        """Refuse a part with more paragraphs than ``Limits.max_paragraphs``, before parsing.

        The reader counts the body's paragraphs as it reads them; the writer checks a
        template and its own result with this, so neither takes in or hands out what the
        reader would refuse. Every tag holds a "<", so a part with no more of them than the
        limit is not searched.
        """
        data = self.raw(path)
        limit = self.limits.max_paragraphs
        if data.count(b"<") <= limit:
            return
        paragraphs = len(_PARAGRAPH_TAG.findall(data))
        if paragraphs > limit:
            raise UnsafeDocxError(
                f"{self.name} holds {paragraphs} paragraphs, more than the limit of {limit} (a "
                f"delaftale has a few hundred).{advice}"
            )

    def xml(self, path: str) -> Any:
        """The parsed root element of a part; refuses DTDs and reports damage clearly."""
        return self.parse(self.raw(path), path)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """The relationships of a part: id -> (type, target path), external targets left out."""
        cached = self._rels.get(part)
        if cached is not None:
            return cached
        folder, base = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_path):
            self._rels[part] = {}
            return {}
        out = {}
        for rel in self.xml(rels_path).iter(_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            out[rel.get("Id", "")] = (rel.get("Type", ""), path)
        self._rels[part] = out
        return out

    def related(self, part: str, kind: str) -> str | None:
        """The path of the first part related to ``part`` by a relationship type ending ``kind``."""
        for rel_type, path in self.rels(part).values():
            if rel_type.endswith(kind) and self.has(path):
                return path
        return None

    def _main_document(self) -> str:
        main = self.related("", _OFFICE_DOCUMENT) if self.has("_rels/.rels") else None
        if main is None:
            if "mimetype" in self._names and any(
                n in self._names for n in ("content.xml", "META-INF/manifest.xml")
            ):
                raise NotADocxError(
                    f"{self.name} is an OpenDocument file (.odt, from LibreOffice or Google "
                    "Docs), not a Word document. delaftale.read (or 'delaftale read') reads it "
                    "through LibreOffice; or save it as a Word document (.docx) and read that."
                )
            kind = (
                "an Excel workbook"
                if any(n.startswith("xl/") for n in self._names)
                else "a PowerPoint file"
                if any(n.startswith("ppt/") for n in self._names)
                else "a zip file"
            )
            raise NotADocxError(
                f"{self.name} is {kind}, not a Word document. delaftale reads Word .docx files."
            )
        content_type = self.content_type(main)
        if content_type not in _WORD_MAIN_TYPES:
            shown = content_type or "of no known type"
            raise NotADocxError(
                f"{self.name} is not a Word document (its main part is {shown}). delaftale "
                "reads Word .docx files."
            )
        return main

    def content_type(self, path: str) -> str:
        """The content type of a part ("" when [Content_Types].xml does not say)."""
        if not self.has("[Content_Types].xml"):
            return ""
        if self._types is None:
            self._types = self.xml("[Content_Types].xml")
        types = self._types
        for override in types.iter(f"{_CT}Override"):
            if override.get("PartName", "").lstrip("/") == path:
                return str(override.get("ContentType", ""))
        extension = posixpath.splitext(path)[1].lstrip(".")
        for default in types.iter(f"{_CT}Default"):
            if default.get("Extension", "").lower() == extension.lower():
                return str(default.get("ContentType", ""))
        return ""


def open_package(source: Any, limits: Limits | None = None) -> Package:
    """Recognise the file, check the zip against the limits, and open it for reading."""
    limits = limits or Limits()
    data, name = recognise(source, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise CorruptDocxError(
            f"{name} is a damaged .docx ({exc}). Open it in Word, which may repair it, and save "
            "it again; or ask the sender for a new copy."
        ) from None
    check_zip(archive, name, limits)
    return Package(archive, name, limits)
