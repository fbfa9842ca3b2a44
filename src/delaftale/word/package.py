"""A .docx opened for reading: its zip, relationships and XML parts, parsed safely with lxml.

The reader does not go through python-docx: python-docx parses every part of the package
into proxy objects, which costs more than the whole of the reader's own work. This module
parses only the parts the reader needs (document, styles, numbering, footnotes, headers),
with a parser that never loads a DTD, resolves an entity or touches the network, and refuses
any part that declares a DOCTYPE.
"""

from __future__ import annotations

import io
import lzma
import posixpath
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

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name
        self._names = set(archive.namelist())
        self._parser = _parser()
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self.main = self._main_document()

    def has(self, path: str) -> bool:
        """Whether the package holds a part at this path."""
        return path in self._names

    def raw(self, path: str) -> bytes:
        """The bytes of a part, after refusing a DOCTYPE or entity declaration in it."""
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
        return data

    def parse(self, data: bytes, path: str) -> Any:
        """Parse XML bytes of (a piece of) a part safely; damage raises CorruptDocxError."""
        try:
            root = etree.fromstring(data, self._parser)
        except etree.XMLSyntaxError as exc:
            raise CorruptDocxError(
                f"{self.name} is a damaged .docx: {path} is not well-formed XML ({exc}). Open it "
                "in Word, which may repair it, and save it again."
            ) from None
        if root.getroottree().docinfo.doctype:
            raise UnsafeDocxError(
                f"{self.name}: the part {path} declares a DOCTYPE; the file was not read."
            )
        return root

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
        content_type = self._content_type(main)
        if content_type not in _WORD_MAIN_TYPES:
            shown = content_type or "of no known type"
            raise NotADocxError(
                f"{self.name} is not a Word document (its main part is {shown}). delaftale "
                "reads Word .docx files."
            )
        return main

    def _content_type(self, path: str) -> str:
        if not self.has("[Content_Types].xml"):
            return ""
        types = self.xml("[Content_Types].xml")
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
    return Package(archive, name)
