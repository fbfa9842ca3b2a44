"""Write a filled-in delaftale (.docx) from an ``Agreement``.

One code path serves both cases. With no template the writer opens LBF's blank form as the
package ships it (``forms/<area>.docx``, built by ``blank_form`` at development time: labels
as headings, the guidance highlighted green, an empty delmål table and one empty activity
schema); with ``template=`` it opens the user's own blank form. Then it
fills the form: it finds each label by the words of ``form``, removes the
guidance, writes the content after the label (or into the row under it, in table layouts),
fills the delmål table row by row in the table's own style, and repeats the activity schema
once per activity. Everything else in a template (logos, headers, footers, styles, page
setup) stays as it was.
"""

from __future__ import annotations

import copy
import functools
import io
import os
import pkgutil
import posixpath
import re
import stat
import struct
import sys
import time
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO, TypeAlias, cast

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.oxml import serialize_part_xml
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from docx.package import Package as DocxPackage
from docx.parts.numbering import NumberingPart
from docx.parts.styles import StylesPart
from docx.styles import BabelFish
from lxml import etree

from delaftale.danish import (
    format_baseline_year,
    format_measurement,
    format_percent,
    format_period,
    format_staff_line,
)
from delaftale.errors import (
    CorruptDocxError,
    EncryptedDocxError,
    FilledTemplateWarning,
    LegacyWordError,
    NotADocxError,
    ReadError,
    WriteError,
)
from delaftale.model import (
    Activity,
    Agreement,
    FocusArea,
    Indicator,
    Paragraph,
    ParagraphKind,
    SubGoal,
    Table,
    Text,
)
from delaftale.word import form, layout
from delaftale.word.form import Section
from delaftale.word.package import ZIP_ERRORS, Package, open_package
from delaftale.word.safety import Limits

__all__ = [
    "TemplateSource",
    "blank_form",
    "check_output",
    "docx_target",
    "render_docx",
    "write_docx",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _R, _T, _TBL, _TR, _TC = (qn(t) for t in ("w:p", "w:r", "w:t", "w:tbl", "w:tr", "w:tc"))
_PPR, _RPR, _TCPR = qn("w:pPr"), qn("w:rPr"), qn("w:tcPr")
_NUMPR, _PSTYLE = qn("w:numPr"), qn("w:pStyle")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --------------------------------------------------------------------------- the blank form


def blank_form(area: FocusArea) -> Any:
    """LBF's delaftale form for an area, blank, as a python-docx Document.

    A4, the form's labels as Heading 2 (sections) and Heading 3 (activity fields), its
    guidance highlighted green, an empty delmål table and one empty activity schema.
    """
    from delaftale.word.blank import blank_form as build

    return build(area)


@functools.cache
def blank_form_bytes(area: FocusArea) -> bytes:
    """The built-in blank form of an area as .docx bytes, as the package ships it."""
    # Building the form through python-docx's style lookups costs more than filling it, so
    # the forms are built at development time (delaftale.word.blank) and shipped as package
    # data. pkgutil rather than importlib.resources: the same loader, a tenth of the import.
    name = f"forms/{area.value}.docx"
    data = pkgutil.get_data("delaftale.word", name)
    if data is None:  # pragma: no cover - only a loader without get_data
        raise WriteError(f"The built-in form delaftale/word/{name} cannot be loaded.")
    return data


# The styles' names as stored ("heading 4"), and as python-docx gives them ("Heading 4")
# with their ids.
_StyleNames: TypeAlias = tuple[set[str], dict[str, str]]


class _StoredStylesPart(StylesPart):
    """A styles part kept as its bytes until something asks for its XML.

    The built-in form's styles.xml is python-docx's default set, 350 KB: parsing it and
    writing it out again would cost a fifth of a write, and the writer only needs the
    styles' names and ids (``_stored_style_ids``). Asked for its XML (``element``), it is
    parsed, and from then on written out from the XML as any styles part.
    """

    def __init__(self, partname: PackURI, content_type: str, blob: bytes, package: Any) -> None:
        Part.__init__(self, partname, content_type, blob, package)
        self._parsed: Any = None

    @property
    def _element(self) -> Any:
        if self._parsed is None:
            self._parsed = parse_xml(self._blob or b"")
        return self._parsed

    @_element.setter
    def _element(self, element: Any) -> None:
        self._parsed = element

    @property
    def blob(self) -> bytes:
        if self._parsed is None:
            return self._blob or b""
        return bytes(serialize_part_xml(self._parsed))


def _blank_part(
    partname: PackURI, content_type: str, reltype: str, blob: bytes, package: Any
) -> Part:
    if content_type == CT.WML_STYLES:
        return _StoredStylesPart(partname, content_type, blob, package)
    factory: Any = PartFactory  # as docx.Document would: the part class for the type
    return cast(Part, factory(partname, content_type, reltype, blob, package))


def _open_blank_form(area: FocusArea) -> tuple[Any, _StyleNames | None]:
    """The built-in form as a python-docx Document, its styles part left unparsed.

    As ``docx.Document`` opens it, but for the styles part; with the styles' names and ids,
    or None when they could not be read from its bytes (the writer then parses the part).
    """
    document, styles, _ = _open_built_in_form(area)
    return document, styles


def _open_built_in_form(area: FocusArea) -> tuple[Any, _StyleNames | None, _Kept]:
    """``_open_blank_form``, and the parts kept as read, to be copied when saved (``_save``)."""
    form = blank_form_bytes(area)
    package = DocxPackage()
    reader: Any = PackageReader  # docx.opc's reading is untyped
    unmarshaller: Any = Unmarshaller
    unmarshaller.unmarshal(reader.from_file(io.BytesIO(form)), package, _blank_part)
    document = package.main_document_part.document
    styles = document.part.part_related_by(RT.STYLES)
    return document, _stored_style_ids(styles.blob), _kept_parts(package, form)


# A part kept as the bytes it was read with: those bytes, and its entry and compressed bytes
# in the form's zip.
_Kept: TypeAlias = dict[str, tuple[bytes, zipfile.ZipInfo, bytes]]
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # a zip entry's local header (zipfile's own)


def _kept_parts(package: Any, form: bytes) -> _Kept:
    """The parts of a package opened from ``form`` that hold their bytes as read, unparsed.

    python-docx parses only the parts it works on (the document, settings, numbering …); the
    others (the theme, fonts, stylesWithEffects, and the built-in styles part the writer
    leaves unparsed: 800 KB of XML in all) are written out as read. Keyed by member name.
    """
    with zipfile.ZipFile(io.BytesIO(form)) as archive:
        entries = {info.filename: info for info in archive.infolist()}
    kept: _Kept = {}
    for part in package.iter_parts():
        if isinstance(part, _StoredStylesPart):
            if part._parsed is not None:
                continue  # its XML was asked for: written from the XML
        elif isinstance(part, XmlPart):
            continue  # written from its XML
        info = entries.get(part.partname.membername)
        blob = part.blob
        if info is None or info.compress_type != zipfile.ZIP_DEFLATED or not blob:
            continue
        header = _LOCAL_HEADER.unpack_from(form, info.header_offset)
        start = info.header_offset + _LOCAL_HEADER.size + header[10] + header[11]
        compressed = form[start : start + info.compress_size]
        if header[0] == b"PK\x03\x04" and len(compressed) == info.compress_size:
            kept[info.filename] = (blob, info, compressed)
    return kept


class _CopyingZipWriter:
    """python-docx's zip writer (``PhysPkgWriter``), copying the parts it can.

    A part whose bytes are still those the form was read with (the very object) is copied
    compressed, as the form holds it, instead of compressed again: the same bytes in the
    same entry, with the date and attributes ``ZipFile.writestr`` gives every other entry.
    """

    def __init__(self, stream: BinaryIO, kept: _Kept) -> None:
        self._zip = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED)
        self._kept = kept

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        name = pack_uri.membername
        kept = self._kept.get(name)
        if kept is None or kept[0] is not blob:
            self._zip.writestr(name, blob)
            return
        _, source, compressed = kept
        info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16  # as writestr sets it
        info.file_size, info.compress_size, info.CRC = (
            source.file_size,
            source.compress_size,
            source.CRC,
        )
        archive: Any = self._zip  # the entry is added as ZipFile.open(..., "w") adds it
        info.header_offset = archive.fp.tell()
        archive.fp.write(info.FileHeader())
        archive.fp.write(compressed)
        archive.filelist.append(info)
        archive.NameToInfo[name] = info
        archive.start_dir = archive.fp.tell()
        archive._didModify = True

    def close(self) -> None:
        self._zip.close()


def _save(document: Any, kept: _Kept) -> bytes:
    """The document as .docx bytes, as ``document.save`` writes them, copying kept parts.

    The same entries in the same order with the same content as python-docx's
    ``OpcPackage.save``; only the kept parts' compressed bytes are the form's own.
    """
    package = document.part.package
    if not kept:
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _CopyingZipWriter(out, kept)
    docx_writer: Any = PackageWriter  # docx.opc's writing is untyped
    docx_writer._write_content_types_stream(writer, package.parts)
    docx_writer._write_pkg_rels(writer, package.rels)
    docx_writer._write_parts(writer, package.parts)
    writer.close()
    return out.getvalue()


# A style's start tag and the name that follows it, as python-docx writes styles.xml.
_STORED_STYLE = re.compile(rb'<w:style( [^>]*[^/])?>\s*<w:name w:val="([^"&]*)"/>')
_STORED_STYLE_ID = re.compile(rb' w:styleId="([^"&]*)"')


def _stored_style_ids(xml: bytes) -> _StyleNames | None:
    """``_style_ids`` read from the bytes of a styles part python-docx wrote, or None.

    None when the part is not written as expected: a style without a name just after its
    start tag, a name or id with a character reference, or another prefix than ``w:``.
    """
    found = _STORED_STYLE.findall(xml)
    if len(found) != xml.count(b"<w:style ") + xml.count(b"<w:style>") or b"<w:style/" in xml:
        return None
    stored: set[str] = set()
    ids: dict[str, str] = {}
    for attributes, name in found:
        value = name.decode()
        stored.add(value)
        style_id = _STORED_STYLE_ID.search(attributes or b"")
        if style_id is not None:
            ids[BabelFish.internal2ui(value)] = style_id.group(1).decode()
    return stored, ids


def _ensure_style(document: Any, name: str) -> None:
    """Add a heading style a template lacks, so content headings stay headings, not bold text."""
    try:
        document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.font.bold = True
        style.font.italic = True


def _style_ids(document: Any) -> _StyleNames:
    """The styles' names as stored ("heading 4"), and as python-docx gives them, with ids.

    The second is ``{"Heading 4": "Heading4", ...}``, as ``{s.name: s.style_id for s in
    document.styles}`` without the styles that lack a name or an id; read from the XML
    without a python-docx proxy per style (a form has some 160 styles).
    """
    stored: set[str] = set()
    ids: dict[str, str] = {}
    for style in document.styles.element.iterchildren(_STYLE):
        name = style.find(_NAME)
        value = None if name is None else name.get(_VAL)
        if value is None:
            continue
        stored.add(value)
        style_id = style.get(_STYLE_ID)
        if style_id is not None:  # a style without an id cannot be referred to
            ids[BabelFish.internal2ui(value)] = style_id
    return stored, ids


_STYLE, _NAME, _VAL, _STYLE_ID = (qn(t) for t in ("w:style", "w:name", "w:val", "w:styleId"))


# --------------------------------------------------------------------------- small XML helpers


@functools.cache
def _clark(tag: str) -> str:
    return str(qn(tag))


_NSMAP = {"w": W}


def _el(tag: str, **attrs: str) -> Any:
    # python-docx's parser makes its element classes; cheaper than OxmlElement per element.
    element = oxml_parser.makeelement(_clark(tag), nsmap=_NSMAP)
    for key, value in attrs.items():
        element.set(_clark(f"w:{key}"), value)
    return element


def _child(parent: Any, tag: str, **attrs: str) -> Any:
    # Made in place: the parent is a w: element, so the prefix it has in scope is used, as
    # appending an element made by _el would (lxml reconciles it), in half the time.
    element = etree.SubElement(parent, _clark(tag))
    for key, value in attrs.items():
        element.set(_clark(f"w:{key}"), value)
    return element


def _text_of(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(_T))


def _check_text(text: str, where: str) -> None:
    bad = _INVALID_XML.search(text)
    if bad:
        raise WriteError(
            f"The text at {where} contains the control character U+{ord(bad.group()):04X}, "
            "which a Word document cannot hold. Remove it from the data and write again."
        )


# --------------------------------------------------------------------------- footnotes, lists


def _parse_part(data: bytes, what: str) -> Any:
    """A template's part python-docx keeps as bytes, parsed as the reader would parse it."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise WriteError(
            f"The template's {what} part is not readable XML ({exc}). Open the template in "
            "Word, which may repair it, and save it again as .docx."
        ) from None


class _Footnotes:
    """Adds footnotes to word/footnotes.xml, creating the part when the document has none."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.root: Any = None
        self.part: Any = None
        self.next_id = 1

    def add(self, text: str) -> int:
        if self.root is None:
            self._open()
        note_id = self.next_id
        self.next_id += 1
        note = _child(self.root, "w:footnote", id=str(note_id))
        for n, line in enumerate(text.split("\n")):
            p = _child(note, "w:p")
            _child(_child(p, "w:pPr"), "w:pStyle", val="FootnoteText")
            if n == 0:
                ref = _child(p, "w:r")
                _child(_child(ref, "w:rPr"), "w:vertAlign", val="superscript")
                _child(ref, "w:footnoteRef")
                _child(_child(p, "w:r"), "w:t").text = " "
                p[-1][-1].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            _child(_child(p, "w:r"), "w:t").text = line
        return note_id

    def _open(self) -> None:
        doc_part = self.document.part
        for rel in doc_part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                self.part = rel.target_part
                self.root = (
                    self.part.element
                    if isinstance(self.part, XmlPart)
                    else _parse_part(self.part.blob, "footnotes")
                )
                ids = [int(f.get(qn("w:id"), "0")) for f in self.root.iter(qn("w:footnote"))]
                self.next_id = max([0, *ids]) + 1
                return
        self.root = parse_xml(
            f'<w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            "</w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
        )
        self.part = XmlPart(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, doc_part.package
        )
        doc_part.relate_to(self.part, RT.FOOTNOTES)

    def drop_unreferenced(self, body: Any) -> None:
        """Remove footnotes nothing refers to any more (an emptied filled-in template's)."""
        if self.root is None:
            self._open()
        used = {ref.get(qn("w:id")) for ref in body.iter(qn("w:footnoteReference"))}
        for note in list(self.root.iter(qn("w:footnote"))):
            if note.get(qn("w:type")) in (None, "normal") and note.get(qn("w:id")) not in used:
                self.root.remove(note)

    def finish(self) -> None:
        if self.part is not None and not isinstance(self.part, XmlPart):
            self.part._blob = etree.tostring(
                self.root, xml_declaration=True, encoding="UTF-8", standalone=True
            )


class _Lists:
    """Word numbering for bullets and numbered lists: one nine-level definition each."""

    def __init__(self, document: Any) -> None:
        part = document.part
        try:
            numbering = part.part_related_by(RT.NUMBERING)
        except KeyError:
            # A form without lists has no numbering part, and python-docx cannot make one.
            numbering = NumberingPart(
                part.package.next_partname("/word/numbering%d.xml"),
                CT.WML_NUMBERING,
                parse_xml(f'<w:numbering xmlns:w="{W}"/>'),
                part.package,
            )
            part.relate_to(numbering, RT.NUMBERING)
        self.numbering = numbering.element
        abstract_ids = [
            int(a.get(qn("w:abstractNumId"), "0")) for a in self.numbering.iter(qn("w:abstractNum"))
        ]
        self._next_abstract = max([0, *abstract_ids]) + 1
        self.bullet_abstract = self._abstract("bullet")
        self.decimal_abstract = self._abstract("decimal")
        self.bullet_num = self._num(self.bullet_abstract)

    def _abstract(self, fmt: str) -> str:
        abstract_id = str(self._next_abstract)
        self._next_abstract += 1
        abstract = _el("w:abstractNum", abstractNumId=abstract_id)
        _child(abstract, "w:multiLevelType", val="hybridMultilevel")
        glyphs = ("\u2022", "o", "\u25aa")
        for level in range(9):
            lvl = _child(abstract, "w:lvl", ilvl=str(level))
            _child(lvl, "w:start", val="1")
            _child(lvl, "w:numFmt", val=fmt)
            text = glyphs[level % 3] if fmt == "bullet" else f"%{level + 1}."
            _child(lvl, "w:lvlText", val=text)
            _child(lvl, "w:lvlJc", val="left")
            ppr = _child(lvl, "w:pPr")
            _child(ppr, "w:ind", left=str(720 + 360 * level), hanging="360")
        first_num = next(iter(self.numbering.iter(qn("w:num"))), None)
        if first_num is not None:
            first_num.addprevious(abstract)  # abstractNum elements must precede num elements
        else:
            self.numbering.append(abstract)
        return abstract_id

    def _num(self, abstract_id: str, restart: bool = False) -> str:
        ids = [int(n.get(qn("w:numId"), "0")) for n in self.numbering.iter(qn("w:num"))]
        num_id = str(max([0, *ids]) + 1)
        num = _child(self.numbering, "w:num", numId=num_id)
        _child(num, "w:abstractNumId", val=abstract_id)
        if restart:
            override = _child(num, "w:lvlOverride", ilvl="0")
            _child(override, "w:startOverride", val="1")
        return num_id

    def new_numbered_list(self) -> str:
        return self._num(self.decimal_abstract, restart=True)


# --------------------------------------------------------------------------- writing blocks

# Each table in a table cell is three XML levels deeper (table, row, cell); the reader's
# parser stops at 256 levels, so a few more than 64 nested tables cannot be read back.
_MAX_NESTED_TABLES = 64


class _Writer:
    """Builds w:p and w:tbl elements for the model's blocks, in the document's own styles."""

    def __init__(self, document: Any, style_ids: dict[str, str]) -> None:
        self.document = document
        self.footnotes = _Footnotes(document)
        self._lists: _Lists | None = None
        self.style_ids = style_ids  # a style's name ("Heading 4") -> its id
        self.numbered: str | None = None

    @property
    def lists(self) -> _Lists:
        if self._lists is None:
            self._lists = _Lists(self.document)
        return self._lists

    def paragraph(self, block: Paragraph, where: str, base: Any = None) -> Any:
        _check_text(block.text, where)
        p = _el("w:p")
        ppr = (
            copy.deepcopy(base.find(_PPR))
            if base is not None and base.find(_PPR) is not None
            else _el("w:pPr")
        )
        restyled = block.kind is not ParagraphKind.BODY
        for old in ppr.findall(_NUMPR) + (ppr.findall(_PSTYLE) if restyled else []):
            ppr.remove(old)
        if block.kind in (ParagraphKind.BULLET, ParagraphKind.NUMBERED):
            if block.kind is ParagraphKind.NUMBERED:
                if self.numbered is None:
                    self.numbered = self.lists.new_numbered_list()
                num_id = self.numbered
            else:
                num_id = self.lists.bullet_num
            style = self.style_ids.get("List Paragraph")
            if style:
                ppr.insert(0, _el("w:pStyle", val=style))
            numpr = _el("w:numPr")
            _child(numpr, "w:ilvl", val=str(block.level))
            _child(numpr, "w:numId", val=num_id)
            ppr.insert(1 if style else 0, numpr)
        elif block.kind is ParagraphKind.HEADING:
            ppr.insert(0, _el("w:pStyle", val=self.style_ids.get("Heading 4", "Heading4")))
        if block.kind is not ParagraphKind.NUMBERED:
            self.numbered = None
        if len(ppr):
            p.append(ppr)
        # Only the paragraph's formatting is taken from the base, never its run formatting:
        # bold content would look like a label.
        self._runs(p, block.text)
        for note in block.footnotes:
            _check_text(note, f"{where} (footnote)")
            run = _child(p, "w:r")
            style = self.style_ids.get("footnote reference")
            rp = _child(run, "w:rPr")
            if style:
                _child(rp, "w:rStyle", val=style)
            _child(rp, "w:vertAlign", val="superscript")
            _child(run, "w:footnoteReference", id=str(self.footnotes.add(note)))
        return p

    def _runs(self, p: Any, text: str, rpr: Any = None) -> None:
        run = _child(p, "w:r")
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        for n, line in enumerate(text.split("\n")):
            if n:
                _child(run, "w:br")
            for m, piece in enumerate(line.split("\t")):
                if m:
                    _child(run, "w:tab")
                if piece:
                    t = _child(run, "w:t")
                    t.text = piece
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def table(self, block: Table, where: str, width: int = 9000) -> Any:
        depth = where.count(".table[") + 1  # the tables this one sits in, by its path
        if depth > _MAX_NESTED_TABLES:
            raise WriteError(
                f"The table at {where} is nested {depth} tables deep; read_docx reads no more "
                f"than {_MAX_NESTED_TABLES} (an XML parser reads 256 levels). Nest fewer tables."
            )
        self.numbered = None
        columns = max((len(row) for row in block.rows), default=1) or 1
        widths = _column_widths(block, columns, max(width - 230, 1000))  # less cell margins
        tbl = _el("w:tbl")
        tblpr = _child(tbl, "w:tblPr")
        style = self.style_ids.get("Table Grid")
        if style:
            _child(tblpr, "w:tblStyle", val=style)
        _child(tblpr, "w:tblW", w="0", type="auto")
        grid = _child(tbl, "w:tblGrid")
        for column_width in widths:
            _child(grid, "w:gridCol", w=str(column_width))
        for r, row in enumerate(block.rows):
            tr = _child(tbl, "w:tr")
            for c in range(columns):
                tc = _child(tr, "w:tc")
                _child(_child(tc, "w:tcPr"), "w:tcW", w=str(widths[c]), type="dxa")
                cell = row[c] if c < len(row) else Text()
                self.fill_cell(tc, cell, f"{where}.table[{r}][{c}]", widths[c])
        return tbl

    def fill_cell(self, tc: Any, text: Text, where: str, width: int = 9000) -> None:
        saved = self.numbered
        self.numbered = None
        last = None
        for i, block in enumerate(text.blocks):
            last = self.block(block, f"{where}[{i}]", width=width)
            tc.append(last)
        if last is None or last.tag != _P:
            tc.append(_el("w:p"))  # Word requires a cell to end with a paragraph
        self.numbered = saved

    def block(
        self, block: Paragraph | Table, where: str, base: Any = None, width: int = 9000
    ) -> Any:
        if isinstance(block, Paragraph):
            return self.paragraph(block, where, base)
        return self.table(block, where, width)


def _column_widths(block: Table, columns: int, width: int) -> list[int]:
    """Column widths that give the long texts the room, as a person sizing a table would.

    Each column's share grows with the square root of its longest cell's text (so a column
    of long descriptions gets more room than one of names, without starving the names), and
    no column gets less than half an equal share.
    """
    longest = [1] * columns
    for row in block.rows:
        for c, cell in enumerate(row[:columns]):
            longest[c] = max(longest[c], len(str(cell)))
    weights = [max(n, 16) ** 0.5 for n in longest]
    floor = width / columns / 2
    spare = width - floor * columns
    total = sum(weights)
    return [int(floor + spare * w / total) for w in weights]


# --------------------------------------------------------------------------- locating the form


def _paragraphs(container: Any) -> Iterator[Any]:
    """Every w:p under a container, in document order, tables included."""
    yield from container.iter(_P)


def _label_sections(container: Any) -> list[tuple[Section, Any]]:
    return list(layout.label_paragraphs([container]))


def _is_highlighted(p: Any) -> bool:
    runs = [r for r in p.iter(_R) if "".join(t.text or "" for t in r.iter(_T)).strip()]
    return bool(runs) and all(
        r.find(f"{_RPR}/{qn('w:highlight')}") is not None
        and r.find(f"{_RPR}/{qn('w:highlight')}").get(qn("w:val")) != "none"
        for r in runs
    )


def _remove(element: Any) -> None:
    parent = element.getparent()
    if parent is None:
        return
    parent.remove(element)
    if parent.tag == _TC and parent.find(_P) is None and parent.find(_TBL) is None:
        parent.append(_el("w:p"))


def _is_guidance_paragraph(p: Any) -> bool:
    text = layout.paragraph_text(p).strip()
    if not text or form.match_label(text) is not None:
        return False
    if form.is_fixed_text(text):
        _unhighlight(p)  # the form's own text, even where a template made it green
        return False
    return (
        form.is_guidance(text)
        or normalised_note(text)
        or (_is_highlighted(p) and not text.startswith(form.TITLE_PREFIX))
    )


def _holds_guidance(slot: layout.Slot) -> bool:
    """Whether the slot holds one of the form's guidance paragraphs (recognised by its words)."""
    for element in slot.elements():
        for p in [element] if element.tag == _P else element.iter(_P):
            text = layout.paragraph_text(p).strip()
            if text and form.match_label(text) is None and form.is_guidance(text):
                return True
    return False


def _schema_held_answers(schema: list[Any]) -> bool:
    """Whether an activity schema of a filled-in template held anything (before emptying)."""
    return any(
        slot.answer_text()
        for slot in layout.find_slots(schema)
        if slot.section is not Section.ACTIVITY_SCHEMAS
    )


def _caller_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning point at the first frame outside delaftale.

    Called from the function that warns; so a warning points at the code that called
    ``delaftale.write_docx`` or ``render_docx`` (or the writer's own functions) directly.
    """
    level = 1
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and str(frame.f_globals.get("__name__", "")).partition(".")[0] == (
        "delaftale"
    ):
        frame = frame.f_back
        level += 1
    return level


def _unhighlight(p: Any) -> None:
    for highlight in list(p.iter(qn("w:highlight"))):
        highlight.getparent().remove(highlight)


def _remove_guidance(container: Any) -> None:
    for p in list(_paragraphs(container)):
        if _is_guidance_paragraph(p):
            _remove(p)


def normalised_note(text: str) -> bool:
    """Whether a paragraph is the form's note about green guidance text."""
    return form.normalise(text) == form.normalise(form.FORM_NOTE)


def _set_label_text(p: Any, text: str) -> None:
    runs = list(p.iter(_R))
    rpr = runs[0].find(_RPR) if runs else None
    for run in runs:
        run.getparent().remove(run)
    run = _child(p, "w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = _child(run, "w:t")
    t.text = text


_ACTIVITY_LABELS = (Section.ACTIVITY_SCHEMAS, Section.ACTIVITY_NAME, *form.ACTIVITY_FIELDS)


def _split_schemas(block: list[Any]) -> list[list[Any]]:
    """The activity block cut into one list of elements per activity schema."""
    schemas: list[list[Any]] = []
    has_name = False
    for element in block:
        sections = [s for s, _ in _label_sections(element)]
        if sections.count(Section.ACTIVITY_NAME) > 1:
            raise WriteError(
                "The template is a filled-in delaftale whose activity schemas share one table, "
                "so one schema cannot be told from the next. Give a blank form, or the same "
                "delaftale with one activity schema, as the template."
            )
        starts = bool(sections) and (
            sections[0] is Section.ACTIVITY_SCHEMAS
            or (sections[0] is Section.ACTIVITY_NAME and has_name)
        )
        if not schemas or starts:
            schemas.append([])
            has_name = False
        schemas[-1].append(element)
        has_name = has_name or Section.ACTIVITY_NAME in sections
    return schemas


# --------------------------------------------------------------------------- filling


class _Filler:
    def __init__(
        self, document: Any, agreement: Agreement, styles: _StyleNames | None = None
    ) -> None:
        self.document = document
        self.agreement = agreement
        self.body = document.element.body
        stored, style_ids = styles or _style_ids(document)
        if BabelFish.ui2internal("Heading 4") not in stored:
            _ensure_style(document, "Heading 4")  # python-docx's lookup, by id too
            stored, style_ids = _style_ids(document)
        self.writer = _Writer(document, style_ids)
        # Content takes the paragraph formatting of the slot; where the slot has none, that
        # of the template's own body text: the first of the form's fixed paragraphs.
        self.body_base = next(
            (
                p
                for p in _paragraphs(self.body)
                if form.is_boilerplate(_text_of(p)) and not normalised_note(_text_of(p))
            ),
            None,
        )
        self.filled_template = False
        self.bases: dict[Any, Any] = {}  # label element -> its slot's formatting
        self.text_width = _text_width(document)
        self.old_schemas = 0

    def fill(self) -> None:
        self.check_is_form()
        self.title()
        self.draft_line()
        found = layout.find_slots(self.body)
        self.bases = {s.label: s.base() for s in found}
        self.filled_template = self.is_filled(found)
        _remove_guidance(self.body)
        schemas = self.take_activity_block()
        slots: dict[Section | None, layout.Slot] = {}
        for slot in layout.find_slots(self.body):
            slots.setdefault(slot.section, slot)  # the first of each label wins
        if self.filled_template:
            self.check_slots_apart(slots)
            for slot in slots.values():
                slot.clear()
        a = self.agreement
        self.section(slots, Section.INITIATIVE, self.initiative_blocks(), "$.initiative")
        period = [Paragraph(text=format_period(a.period))] if a.period else []
        self.section(slots, Section.PERIOD, period, "$.period")
        parties = [Paragraph(text=str(p)) for p in a.parties]
        self.section(slots, Section.PARTIES, parties, "$.parties")
        self.delmaal(slots.get(Section.SUB_GOALS))
        names = [Paragraph(text=n, kind=ParagraphKind.BULLET) for n in a.activity_names]
        self.section(slots, Section.ACTIVITY_LIST, names, "$.activity_names")
        self.section(slots, Section.STAFFING, self.staffing_blocks(), "$.staffing")
        self.section(
            slots,
            Section.MUNICIPAL_CONTEXT,
            list(a.municipal_context.blocks),
            "$.municipal_context",
        )
        self.section(slots, Section.REVISION, list(a.revision.blocks), "$.revision")
        self.activities(schemas)
        if self.filled_template:
            self.writer.footnotes.drop_unreferenced(self.body)
            if self.old_schemas:
                emptied = (
                    f"its answers, delmål rows and {self.old_schemas} activity schema(s) were "
                    "emptied"
                )
                emptied_da = (
                    f"dens svar, delmålsrækker og {self.old_schemas} aktivitetsskema(er) er tømt"
                )
            else:
                emptied = "its answers and delmål rows were emptied"
                emptied_da = "dens svar og delmålsrækker er tømt"
            warnings.warn(
                FilledTemplateWarning(
                    f"The template is a filled-in delaftale, not a blank form: {emptied} and "
                    "the new agreement written in their place; its layout, styles, headers "
                    "and page setup are kept.",
                    f"Skabelonen er en udfyldt delaftale, ikke et blankt skema: {emptied_da}, "
                    "og den nye aftale er skrevet i stedet; layout, typografier, sidehoveder "
                    "og sideopsætning er bevaret.",
                ),
                stacklevel=_caller_stacklevel(),
            )
        self.writer.footnotes.finish()

    def check_is_form(self) -> None:
        found = {section for section, _ in _label_sections(self.body)}
        basic = form.BASIC_SECTIONS
        missing = [s for s in basic if s not in found]
        if len(missing) > len(basic) // 2:
            raise WriteError(
                "The template is not a delaftale form: the labels "
                + ", ".join(f"'{_label_text(s)}'" for s in missing[:3])
                + " … were not found. Use LBF's blank delaftale form, or leave template out."
            )

    def is_filled(self, slots: list[layout.Slot]) -> bool:
        """Whether the template is a filled-in delaftale: its answer slots hold answers.

        Two answers (the delmål table counting as one slot) make it filled in, unless the
        form's guidance still stands in most of its slots and answers in no more than half of
        them: that is a blank form with the municipality's standard wording in a few slots,
        which is kept. (A form filled in around its guidance has answers in most slots.)
        """
        slots = [s for s in slots if s.section is not Section.ACTIVITY_SCHEMAS]
        answered = sum(1 for s in slots if s.answer_text())
        guided = sum(1 for s in slots if _holds_guidance(s))
        total = len(slots)
        found = _find_delmaal_table(self.body)
        if found is not None:
            tbl, header, _ = found
            rows = tbl.findall(_TR)[header + 1 :]
            answered += any(_text_of(row).strip() for row in rows)
            total += 1
        if guided * 2 > total and answered * 2 <= total:
            return False
        return answered >= 2

    def check_slots_apart(self, slots: dict[Section | None, layout.Slot]) -> None:
        missing = [s for s in form.BASIC_SECTIONS if s not in slots]
        if missing:
            raise WriteError(
                "The template is a filled-in delaftale without the label "
                f"'{_label_text(missing[0])}', so its old answer there cannot be told from the "
                "answer before it. Give a blank form as the template, or add the label."
            )

    # the fixed parts ---------------------------------------------------------------

    def title(self) -> None:
        for p in _paragraphs(self.body):
            if form.normalise(_text_of(p)).startswith(form.normalise(form.TITLE_PREFIX)):
                _set_label_text(p, self.agreement.title)
                return
        title = _el("w:p")
        style = self.writer.style_ids.get("Title")
        if style:
            _child(_child(title, "w:pPr"), "w:pStyle", val=style)
        _child(_child(title, "w:r"), "w:t").text = self.agreement.title
        self.body.insert(0, title)

    def draft_line(self) -> None:
        draft = self.agreement.draft_date
        text = f"Udkast: {draft:%d %m %Y}" if draft else None
        done = False
        for p in [*self.header_paragraphs(), *self.body.iter(_P)]:
            if form.is_draft_line(_text_of(p)):
                if text and not done:
                    _set_label_text(p, text)
                    done = True
                else:
                    _remove(p)
        if text and not done:
            header = self.document.sections[0].header
            header.is_linked_to_previous = False
            first = header.paragraphs[0]
            if first.text.strip() or first._p.find(f".//{qn('w:drawing')}") is not None:
                first.insert_paragraph_before(text)  # keep the template's logo and text
            else:
                first.text = text

    def header_paragraphs(self) -> list[Any]:
        paragraphs = []
        for section in self.document.sections:
            for header in (section.header, section.first_page_header, section.even_page_header):
                if not header.is_linked_to_previous:
                    paragraphs += list(header._element.iter(_P))
        return paragraphs

    # basic sections ------------------------------------------------------------------

    def put(self, slot: layout.Slot, blocks: Sequence[Paragraph | Table], where: str) -> None:
        """Write blocks into a slot, in the slot's own paragraph style."""
        base = self.bases.get(slot.label)
        if base is None:
            base = slot.base()
        if base is None:
            base = self.body_base
        width = slot.width() or self.text_width
        self.writer.numbered = None
        elements = [
            self.writer.block(block, f"{where}[{i}]", base, width) for i, block in enumerate(blocks)
        ]
        if elements:
            slot.fill(elements)
        else:
            slot.clear_placeholder()

    def section(
        self,
        slots: dict[Section | None, layout.Slot],
        section: Section,
        blocks: Sequence[Paragraph | Table],
        where: str,
    ) -> None:
        slot = slots.get(section)
        if slot is None:
            if blocks:
                raise WriteError(
                    f"The template has no '{_label_text(section)}' label, so {where} cannot be "
                    "written. Add the label to the template."
                )
            return
        self.put(slot, blocks, where)

    def initiative_blocks(self) -> list[Paragraph | Table]:
        a = self.agreement
        first = [Paragraph(text=a.initiative)] if a.initiative else []
        return [*first, *a.initiative_description.blocks]

    def staffing_blocks(self) -> list[Paragraph | Table]:
        staffing = self.agreement.staffing
        blocks: list[Paragraph | Table] = []
        if staffing.area_weight is not None:
            weight = format_percent(staffing.area_weight)
            blocks.append(Paragraph(text=f"Indsatsområdet vægtes overordnet {weight}:"))
        blocks += [
            Paragraph(text=format_staff_line(a), kind=ParagraphKind.BULLET)
            for a in staffing.allocations
        ]
        return [*blocks, *staffing.note.blocks]

    # the delmål table ------------------------------------------------------------------------

    def delmaal(self, slot: layout.Slot | None) -> None:
        goals = self.agreement.sub_goals
        found = _find_delmaal_table(self.body)
        if found is None:
            if not goals:
                return
            if slot is None:
                raise WriteError(
                    "The template has neither the delmål table nor the label 'Delmål og "
                    "indikatorer for indsatsområdet'. Add them to the template."
                )
            tbl = self.writer.table(
                Table(rows=((tuple(Text.of(c.header) for c in form.DELMAAL_COLUMNS)),)), "$"
            )
            # The table goes after the label's table (or paragraph), not inside a cell.
            anchor = slot.label
            while anchor.getparent() is not None and anchor.getparent() is not self.body:
                anchor = anchor.getparent()
            if anchor.tag == _TBL:
                spacer = _el("w:p")  # Word joins two tables that touch into one
                anchor.addnext(spacer)
                anchor = spacer
            anchor.addnext(tbl)
            following = tbl.getnext()
            if following is not None and following.tag == _TBL:
                tbl.addnext(_el("w:p"))
            found = (tbl, 0, {i: c.field for i, c in enumerate(form.DELMAAL_COLUMNS)})
        tbl, header, columns = found
        rows = tbl.findall(_TR)
        header_row = rows[header]
        trpr = header_row.find(qn("w:trPr"))
        if trpr is None:
            trpr = _el("w:trPr")
            header_row.insert(0 if header_row.find(qn("w:tblPrEx")) is None else 1, trpr)
        if trpr.find(qn("w:tblHeader")) is None:
            _child(trpr, "w:tblHeader")  # the header repeats on every page
        existing = rows[header + 1 :]
        prototype = copy.deepcopy(existing[0] if existing else header_row)
        prototype_trpr = prototype.find(qn("w:trPr"))
        if prototype_trpr is not None:
            for flag in prototype_trpr.findall(qn("w:tblHeader")):
                prototype_trpr.remove(flag)
        needed = [
            (g, goal, i, indicator)
            for g, goal in enumerate(goals)
            for i, indicator in enumerate(goal.indicators or (None,))
        ]
        # The form's own empty rows are filled first, then rows are added in their style.
        for row in existing[len(needed) :]:
            tbl.remove(row)
        last = existing[-1] if existing[: len(needed)] else header_row
        for n, (g, goal, i, indicator) in enumerate(needed):
            if n < len(existing):
                row = existing[n]
            else:
                row = copy.deepcopy(prototype)
                last.addnext(row)
            last = row
            _keep_row_together(row)
            self.delmaal_row(
                row,
                columns,
                goal,
                indicator,
                first=i == 0,
                where=f"$.sub_goals[{g}]",
                merged=len(goal.indicators) > 1,
            )

    def delmaal_row(
        self,
        row: Any,
        columns: dict[int, str],
        goal: SubGoal,
        indicator: Indicator | None,
        *,
        first: bool,
        where: str,
        merged: bool,
    ) -> None:
        values = _indicator_texts(goal, indicator)
        for c, tc in enumerate(row.findall(_TC)):
            name = columns.get(c)
            text = values.get(name, "") if name else ""
            if name == "title" and not first:
                text = ""
            base = tc.find(_P)
            for p in tc.findall(_P) + tc.findall(_TBL) + tc.findall(qn("w:sdt")):
                tc.remove(p)
            tcpr = tc.find(_TCPR)
            if tcpr is None:
                tcpr = _el("w:tcPr")
                tc.insert(0, tcpr)
            for old in tcpr.findall(qn("w:vMerge")):
                tcpr.remove(old)
            if name == "title" and merged:
                tcpr.append(_el("w:vMerge", val="restart") if first else _el("w:vMerge"))
            lines = text.split("\n") if text else [""]
            for line in lines:
                block = Paragraph(text=line)
                tc.append(self.writer.paragraph(block, f"{where}.{name or 'cell'}", base))

    # activities ----------------------------------------------------------------------------

    def take_activity_block(self) -> list[Any]:
        """Cut the activity schema out of the document; returns its top-level elements.

        A filled-in template holds one schema per old activity: only the first is kept, as
        the pattern every new activity is written in.
        """
        children = [c for c in self.body if c.tag != qn("w:sectPr")]
        start = None
        for i, child in enumerate(children):
            sections = [s for s, _ in _label_sections(child)]
            if start is None and (
                Section.ACTIVITY_SCHEMAS in sections or Section.ACTIVITY_NAME in sections
            ):
                start = i
            elif start is not None and any(s not in _ACTIVITY_LABELS for s in sections):
                children = children[:i]
                break
        if start is None:
            if self.agreement.activities:
                raise WriteError(
                    "The template has no activity schema ('Aktivitetsnavn:' …), so the "
                    "activities cannot be written. Add one schema to the template."
                )
            return []
        block = children[start:]
        self.schema_before = block[-1].getnext()  # what follows the schemas: sectPr or more text
        if self.filled_template:
            schemas = _split_schemas(block)
            # counted in place: an answer in the paragraphs after a label is found by sibling
            self.old_schemas = sum(1 for schema in schemas if _schema_held_answers(schema))
        for element in block:
            self.body.remove(element)
        if self.filled_template:
            block = schemas[0]
        return block

    def activities(self, block: list[Any]) -> None:
        if not block:
            return
        for a, activity in enumerate(self.agreement.activities):
            copies = [copy.deepcopy(e) for e in block]
            for element in copies:
                if self.schema_before is None:
                    self.body.append(element)
                else:
                    self.schema_before.addprevious(element)
            self.activity(copies, activity, f"$.activities[{a}]")

    def activity(self, elements: list[Any], activity: Activity, where: str) -> None:
        slots: dict[Section | None, layout.Slot] = {}
        for found in layout.find_slots(elements):
            slots.setdefault(found.section, found)
        if self.filled_template:
            _drop_unknown_rows(elements, slots.values())
            for found in slots.values():
                found.clear()
        fields = {
            Section.ACTIVITY_NAME: [Paragraph(text=activity.name), *activity.name_note.blocks],
            Section.PURPOSE: list(activity.purpose.blocks),
            Section.TARGET_GROUP: list(activity.target_group.blocks),
            Section.CONTENT: list(activity.content.blocks),
            Section.RESPONSIBILITIES: list(activity.responsibilities.blocks),
        }
        names = {
            Section.ACTIVITY_NAME: "name",
            Section.PURPOSE: "purpose",
            Section.TARGET_GROUP: "target_group",
            Section.CONTENT: "content",
            Section.RESPONSIBILITIES: "responsibilities",
        }
        for section, blocks in fields.items():
            slot = slots.get(section)
            if slot is None:
                if blocks:
                    raise WriteError(
                        f"The template's activity schema has no '{_label_text(section)}' label, "
                        f"so {where}.{names[section]} cannot be written. Add it to the template."
                    )
                continue
            self.put(slot, blocks, f"{where}.{names[section]}")
        if activity.extra_sections:
            content_slot = slots.get(Section.CONTENT)
            if content_slot is None:
                raise WriteError(
                    f"The template's activity schema has no 'Indhold og praksis' label to place "
                    f"the extra sections of {where} after."
                )
            self.extra_sections(activity, content_slot, where)

    def extra_sections(self, activity: Activity, after: layout.Slot, where: str) -> None:
        """Extra fields ("Rekruttering") after 'Indhold og praksis', in that field's layout."""
        if after.kind in (layout.SlotKind.FOLLOWING, layout.SlotKind.INLINE):
            prev = (after.elements() or [after.label])[-1]
            if prev.tag != _P and prev.tag != _TBL:
                prev = after.label
            for s, section in enumerate(activity.extra_sections):
                label = copy.deepcopy(after.label)
                for control in label.findall(qn("w:sdt")):
                    label.remove(control)
                _set_label_text(label, f"{section.title}:")
                prev.addnext(label)
                slot = layout.slot_of(label)
                self.put(slot, section.body.blocks, f"{where}.extra_sections[{s}].body")
                prev = (slot.elements() or [label])[-1]
            return
        # Table layouts: copy the label's row (and the answer's row under it) per section.
        label_row = _row_of(after.label)
        rows = [label_row]
        if after.kind is layout.SlotKind.ROW_BELOW:
            rows.append(_row_of(after.cell))
        prev_row = rows[-1]
        for s, section in enumerate(activity.extra_sections):
            copies = [copy.deepcopy(r) for r in rows]
            for row in copies:
                prev_row.addnext(row)
                prev_row = row
            new_label = next(p for p in copies[0].iter(_P) if _text_of(p).strip())
            if _label_sections(new_label):
                _set_label_text(new_label, f"{section.title}:")
            slot = layout.slot_of(new_label)
            slot.clear()
            self.put(slot, section.body.blocks, f"{where}.extra_sections[{s}].body")


def _text_width(document: Any) -> int:
    """The width between the margins of the last section, in twips (9000 when unknown)."""
    section = document.sections[-1]
    try:
        width = int(section.page_width.twips - section.left_margin.twips)
        width -= int(section.right_margin.twips)
    except (AttributeError, TypeError, ValueError):
        return 9000
    return width if 2000 <= width <= 30000 else 9000


def _row_of(element: Any) -> Any:
    while element is not None and element.tag != _TR:
        element = element.getparent()
    return element


def _drop_unknown_rows(elements: list[Any], slots: Iterable[layout.Slot]) -> None:
    """Remove rows of a filled-in schema table that are neither a label's nor an answer's.

    These are the old activity's extra sections ("Rekruttering:"), which are not the form's.
    """
    keep = set()
    for slot in slots:
        keep.add(_row_of(slot.label))
        if slot.cell is not None:
            keep.add(_row_of(slot.cell))
    for element in elements:
        if element.tag != _TBL:
            continue
        for tr in element.findall(_TR):
            if tr not in keep:
                element.remove(tr)


def _keep_row_together(row: Any) -> None:
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = _el("w:trPr")
        row.insert(0 if row.find(qn("w:tblPrEx")) is None else 1, trpr)
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.insert(0, _el("w:cantSplit"))  # a delmål row never splits across pages


def _label_text(section: Section) -> str:
    return next(x.text for x in form.LABELS if x.section is section).rstrip(":")


def _find_delmaal_table(body: Any) -> tuple[Any, int, dict[int, str]] | None:
    for tbl in body.iter(_TBL):
        found = layout.delmaal_header(tbl)
        if found is not None:
            return tbl, *found
    return None


def _indicator_texts(goal: SubGoal, indicator: Indicator | None) -> dict[str, str]:
    values = {"title": goal.title}
    if indicator is None:
        return values
    values["description"] = indicator.description
    if indicator.baseline is not None:
        values["baseline"] = format_measurement(indicator.baseline)
    if indicator.comparison is not None:
        values["comparison"] = format_measurement(indicator.comparison)
    if indicator.baseline_year is not None:
        values["baseline_year"] = format_baseline_year(indicator.baseline_year)
    if indicator.data_source is not None:
        values["data_source"] = indicator.data_source
    return values


# --------------------------------------------------------------------------- the template package

TemplateSource: TypeAlias = str | os.PathLike[str] | bytes | BinaryIO
"""A template: the path of a .docx, its bytes, or a binary file object open on it."""

_RELS_TAG = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC_NS = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"

# Parts that hold or serve macros: a .docm's or .dotm's VBA project, its data, and the key
# assignments and toolbars that call it. None belongs in a plain .docx.
_MACRO_TYPES = frozenset(
    {
        "application/vnd.ms-office.vbaProject",
        "application/vnd.ms-word.vbaData+xml",
        "application/vnd.ms-word.keyMapCustomizations+xml",
        "application/vnd.ms-word.attachedToolbars",
    }
)

# An element that refers to a removed relationship goes with the object it belongs to: the
# picture, the embedded object, the sub-document, the mail merge, the frame.
_OWNERS = frozenset(
    _clark(t)
    for t in (
        "w:drawing",
        "w:pict",
        "w:object",
        "w:subDoc",
        "w:attachedTemplate",
        "w:mailMerge",
        "w:frame",
    )
)


class _NamedBytes(io.BytesIO):
    """Bytes with the name the safe opener's messages use for them."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def _serialise(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _read_template(template: TemplateSource, limits: Limits) -> tuple[bytes, str]:
    """The template's bytes and its name for messages: its path, file name or "the template".

    Never the repr of a file object or of bytes. No more than ``limits.max_file_bytes`` is
    read: a template path of /dev/zero or a 10 GB file ends here, not in memory.
    """
    if isinstance(template, bytes | bytearray | memoryview):
        return _within(bytes(template), "the template", limits), "the template"
    if isinstance(template, str | os.PathLike):
        path = Path(template)
        if path.is_dir():
            raise WriteError(
                f"The template {path} is a folder, not a file; give the blank form's .docx file."
            )
        try:
            # Looked at before it is opened: opening a named pipe waits for a writer.
            if not stat.S_ISREG(path.stat().st_mode):
                raise WriteError(
                    f"The template {path} is not a regular file (a device or a pipe); give "
                    "the blank form's .docx file."
                )
            with path.open("rb") as handle:
                data = handle.read(limits.max_file_bytes + 1)
        except FileNotFoundError:
            raise WriteError(f"The template {path} does not exist; check the path.") from None
        except OSError as exc:
            raise WriteError(
                f"The template {path} cannot be read ({exc.strerror or type(exc).__name__}); "
                "check the path and that you may read the file."
            ) from None
        return _within(data, str(path), limits), str(path)
    read = getattr(template, "read", None)
    if read is None:
        raise TypeError(
            f"template must be a path, bytes or a binary file object, not {type(template).__name__}"
        )
    name = getattr(template, "name", None)
    name = f"the template {name}" if isinstance(name, str) and name else "the template"
    data = read(limits.max_file_bytes + 1)
    if not isinstance(data, bytes):
        raise WriteError(
            f"{name[0].upper()}{name[1:]} was opened as text; open it in binary mode ('rb')."
        )
    return _within(data, name, limits), name


def _within(data: bytes, name: str, limits: Limits) -> bytes:
    if len(data) > limits.max_file_bytes:
        the = "The template" if name == "the template" else f"The template {name}"
        raise WriteError(
            f"{the} is larger than the limit of {limits.max_file_bytes} bytes; a blank form "
            "is some tens of kilobytes. Make its pictures smaller, or pass "
            "limits=Limits(max_file_bytes=...) if you trust it."
        )
    return data


def _unusable(exc: ReadError, name: str, data: bytes) -> WriteError:
    """A WriteError for a template the safe opener refused, saying what to do instead."""
    the = "The template" if name == "the template" else f"The template {name}"
    if isinstance(exc, LegacyWordError):
        return WriteError(
            f"{the} is an old Word document (.doc); a template must be saved as .docx. Open it "
            "in Word or LibreOffice, save it as a Word document (.docx) and give that file."
        )
    if isinstance(exc, EncryptedDocxError):
        return WriteError(
            f"{the} is protected with a password. Open it in Word, remove the password (File > "
            "Info > Protect Document), save it and give that file."
        )
    if isinstance(exc, NotADocxError):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except ZIP_ERRORS:
            names = []
        if any(n.startswith("word/") for n in names):
            return WriteError(
                f"The template cannot be used: {name} is a damaged .docx, its document part is "
                "missing. Open it in Word, which may repair it, and save it again as .docx."
            )
        return WriteError(
            f"The template cannot be used: {exc} A template is a blank delaftale form saved "
            "as .docx."
        )
    return WriteError(f"The template cannot be used: {exc}")


def _open_template(data: bytes, name: str, limits: Limits) -> Package:
    """Open the template through the reader's safe opener, with the reader's limits."""
    if not data:
        the = "The template" if name == "the template" else f"The template {name}"
        raise WriteError(f"{the} is empty (0 bytes); give a blank delaftale form saved as .docx.")
    try:
        package = open_package(_NamedBytes(data, name), limits)
        package.check_paragraphs(package.main)  # python-docx would parse them all first
        # python-docx parses these parts with entities on: refuse a DOCTYPE in any of them.
        for part in package.archive.namelist():
            if part.endswith((".xml", ".rels")):
                package.raw(part)
        # The parts the agreement is written into, parsed as the reader parses them, so that
        # damage or a parser limit is named with the part; python-docx parses the others.
        # (The main part is parsed in _plain_docx.)
        footnotes = package.related(package.main, "/footnotes")
        if footnotes:
            package.xml(footnotes)
    except ReadError as exc:
        raise _unusable(exc, name, data) from None
    return package


def _rels_source(rels_path: str) -> str | None:
    """The part a relationships part belongs to ("" for the package), None if it is not one."""
    folder, base = posixpath.split(rels_path)
    if posixpath.basename(folder) != "_rels" or not base.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def _target_path(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _references(root: Any) -> set[str]:
    """The relationship ids a part's XML refers to (r:id, r:embed, r:link …)."""
    return {
        value
        for element in root.iter()
        if isinstance(element.tag, str)
        for key, value in element.attrib.items()
        if key.startswith(_R_NS)
    }


def _check_relationships(root: Any, path: str, name: str) -> None:
    """Refuse a relationships part python-docx would stumble over, naming it."""
    problem = None
    if root.tag != f"{_RELS_TAG[: -len('Relationship')]}Relationships":
        problem = "is not a relationships part"
    elif any(rel.tag != _RELS_TAG for rel in root):
        problem = "holds something other than relationships"
    elif any(not rel.get("Id") or not rel.get("Type") or rel.get("Target") is None for rel in root):
        problem = "holds a relationship without an id, type or target"
    if problem:
        raise CorruptDocxError(
            f"{name} is a damaged .docx: {path} {problem}. Open it in Word, which may repair "
            "it, and save it again."
        )


# The parts of the main document python-docx and the writer work on, by relationship type:
# python-docx gives a part of another content type no XML, and the writer would fail on it.
_PART_TYPES = {
    "/styles": CT.WML_STYLES,
    "/numbering": CT.WML_NUMBERING,
    "/settings": CT.WML_SETTINGS,
    "/header": CT.WML_HEADER,
    "/footer": CT.WML_FOOTER,
    "/footnotes": CT.WML_FOOTNOTES,
}


def _check_part_types(root: Any, package: Package, content_type: Callable[[str], str]) -> None:
    for rel in root:
        kind = "/" + rel.get("Type", "").rpartition("/")[2]
        expected = _PART_TYPES.get(kind)
        if expected is None or rel.get("TargetMode") == "External":
            continue
        path = _target_path(package.main, rel.get("Target", ""))
        if package.has(path) and content_type(path) != expected:
            raise CorruptDocxError(
                f"{package.name} is a damaged .docx: its {kind.lstrip('/')} part {path} is "
                f"declared as {content_type(path) or 'nothing'} in [Content_Types].xml. Open "
                "it in Word, which may repair it, and save it again."
            )


def _drop_references(root: Any, removed: set[str]) -> bool:
    """Remove what refers to a removed relationship; whether anything did.

    A picture that is linked and also embedded keeps its embedded copy; a picture that is
    only linked, a linked object, a sub-document, a frame and the attached template go.
    """
    found = [
        (element, [k for k, v in element.attrib.items() if k.startswith(_R_NS) and v in removed])
        for element in root.iter()
        if isinstance(element.tag, str)
    ]
    found = [(element, keys) for element, keys in found if keys]
    for element, keys in found:
        if element.tag == _BLIP and keys == [f"{_R_NS}link"] and element.get(f"{_R_NS}embed"):
            del element.attrib[f"{_R_NS}link"]  # Word shows the embedded copy
            continue
        owner = element
        while owner is not None and owner.tag not in _OWNERS:
            owner = owner.getparent()
        owner = element if owner is None else owner
        parent = owner.getparent()
        if parent is not None and parent.tag in (f"{_MC_NS}Choice", f"{_MC_NS}Fallback"):
            owner = parent.getparent() if parent.getparent() is not None else owner
        if owner.tag == _clark("w:attachedTemplate"):
            # Without its template, "update styles from the template" would restyle the
            # document from Word's Normal.dotm when it is opened.
            for flag in owner.getparent().findall(_clark("w:linkStyles")):
                owner.getparent().remove(flag)
        if owner.getparent() is None:
            for key in keys:
                del element.attrib[key]
        else:
            owner.getparent().remove(owner)
    return bool(found)


def _plain_docx(package: Package) -> bytes | None:
    """The template as a plain .docx, or None when it is one already.

    Removed: macros (``vbaProject.bin`` and the parts that serve it), every external
    relationship except hyperlinks (the attached template, linked pictures and objects,
    sub-documents, frames, mail-merge sources: Word fetches these when the document is opened,
    telling a server who opened it), and what referred to them. A template (.dotx, .dotm) or
    macro-enabled (.docm) main part becomes a document's.
    """
    names = package.archive.namelist()
    types = package.xml("[Content_Types].xml")
    overrides = {o.get("PartName", "").lstrip("/"): o for o in types.iter(f"{_CT_NS}Override")}
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "")
        for d in types.iter(f"{_CT_NS}Default")
    }

    def content_type(part: str) -> str:
        override = overrides.get(part)
        if override is not None:
            return str(override.get("ContentType", ""))
        return str(defaults.get(posixpath.splitext(part)[1].lstrip(".").lower(), ""))

    dropped = {
        n
        for n in names
        if content_type(n) in _MACRO_TYPES or posixpath.basename(n).casefold() == "vbaproject.bin"
    }
    dropped |= {r for r in names if _rels_source(r) in dropped}
    main_root = package.xml(package.main)
    main_ids: set[str] = set()
    changed: dict[str, bytes] = {}
    for rels_path in names:
        source = _rels_source(rels_path)
        if source is None or rels_path in dropped:
            continue
        root = package.xml(rels_path)
        _check_relationships(root, rels_path, package.name)
        if source == package.main:
            main_ids = {rel.get("Id", "") for rel in root}
            _check_part_types(root, package, content_type)
        removed: set[str] = set()
        for rel in list(root.iter(_RELS_TAG)):
            rel_type = rel.get("Type", "")
            external = rel.get("TargetMode") == "External"
            if external and rel_type.endswith("/hyperlink"):
                continue  # a link a person wrote; Word follows it only when it is clicked
            if (
                external
                or rel_type.endswith("/attachedTemplate")
                or _target_path(source, rel.get("Target", "")) in dropped
            ):
                root.remove(rel)
                removed.add(rel.get("Id", ""))
        if not removed:
            continue
        changed[rels_path] = _serialise(root)
        if source and package.has(source) and source.endswith(".xml"):
            part = main_root if source == package.main else package.xml(source)
            if _drop_references(part, removed):
                changed[source] = _serialise(part)
    dangling = _references(main_root) - main_ids
    if dangling:
        raise CorruptDocxError(
            f"{package.name} is a damaged .docx: {package.main} refers to the relationship "
            f"{min(dangling)}, which it does not have. Open it in Word, which may repair it, "
            "and save it again."
        )
    if dropped or content_type(package.main) != CT.WML_DOCUMENT_MAIN:
        for part in dropped:
            if part in overrides:
                types.remove(overrides[part])
        for default in list(types.iter(f"{_CT_NS}Default")):
            if default.get("ContentType") in _MACRO_TYPES:
                types.remove(default)
        main = overrides.get(package.main)
        if main is None:
            main = etree.SubElement(types, f"{_CT_NS}Override", PartName=f"/{package.main}")
        main.set("ContentType", CT.WML_DOCUMENT_MAIN)
        changed["[Content_Types].xml"] = _serialise(types)
    if not changed:
        return None
    out = io.BytesIO()
    # Stored, not deflated: this zip only feeds python-docx, which compresses what it saves.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as rebuilt:
        for info in package.archive.infolist():
            if info.filename not in dropped:
                data = changed.get(info.filename)
                if data is None:
                    data = package.archive.read(info)
                rebuilt.writestr(info.filename, data)
    return out.getvalue()


def _load_template(template: TemplateSource, limits: Limits) -> Any:
    """The template as a python-docx Document, checked, and cleaned to a plain .docx."""
    data, name = _read_template(template, limits)
    package = _open_template(data, name, limits)
    damaged = (
        f"The template cannot be used: {name} is a damaged .docx (%s). Open it in Word, "
        "which may repair it, and save it again as .docx."
    )
    with package.archive:
        try:
            cleaned = _plain_docx(package)
        except ReadError as exc:
            raise _unusable(exc, name, data) from None
        except ZIP_ERRORS as exc:
            raise WriteError(damaged % exc) from None
    try:
        document = docx.Document(io.BytesIO(data if cleaned is None else cleaned))
    except KeyError as exc:  # a relationship to a part the zip does not hold
        raise WriteError(damaged % (exc.args[0] if exc.args else "a part is missing")) from None
    except etree.XMLSyntaxError as exc:
        # Not well-formed, or beyond a parser limit: name the part, as the reader would.
        found = _unreadable_part(data, name, limits)
        raise found or WriteError(damaged % f"a part is not readable XML: {exc}") from None
    except (*ZIP_ERRORS, etree.LxmlError, OpcError) as exc:
        raise WriteError(damaged % (type(exc).__name__)) from None
    element = document.element
    if element.tag != _clark("w:document") or element.find(_clark("w:body")) is None:
        raise WriteError(damaged % "its document part has no body")
    if not element.sectPr_lst:
        # A form without page setup is valid (Word uses its defaults); python-docx needs one.
        element.body.append(_el("w:sectPr"))
    return document


def _unreadable_part(data: bytes, name: str, limits: Limits) -> WriteError | None:
    """The error for the first XML part the reader's parser refuses, if any.

    Called only after python-docx failed to parse: parsing every part up front would cost
    a third of a write.
    """
    try:
        package = open_package(_NamedBytes(data, name), limits)
        with package.archive:
            for part in package.archive.namelist():
                if part.endswith((".xml", ".rels")):
                    package.xml(part)
    except ReadError as exc:
        return _unusable(exc, name, data)
    return None


# --------------------------------------------------------------------------- the result


# The parts the agreement's text is written into; the others (styles, theme, fonts) come
# from the template, already checked, or from the built-in form.
_FILLED_PARTS = ("/footnotes", "/numbering", "/header", "/footer")
# Start tags of a style and of a footnote, whatever the prefix (not <w:styles>, <w:footnotes>),
# and the word each of them holds; compiled when a part holds the word more often than allowed.
_COUNTED = {
    "/styles": (
        rb"<(?:[A-Za-z_][\w.-]*:)?style[\s/>]",
        b"style",
        "styles",
        "max_styles",
    ),
    "/footnotes": (
        rb"<(?:[A-Za-z_][\w.-]*:)?footnote[\s/>]",
        b"footnote",
        "footnotes",
        "max_footnotes",
    ),
}


def check_output(data: bytes, limits: Limits, what: str = "The delaftale") -> None:
    """Refuse to hand out a document ``read_docx`` (with the same limits) would refuse.

    The reader's own opener checks the zip (file size, entries, sizes, compression) and the
    parts the agreement's text went into are parsed with the reader's parser (XML depth, the
    length of one text). Costs about a millisecond for a delaftale.
    """
    name = "the written document"
    try:
        package = open_package(_NamedBytes(data, name), limits)
    except ReadError as exc:
        raise WriteError(
            f"{what} was not written: read_docx would refuse it ({exc}) "
            f"{_largest_part_advice(data)}"
        ) from None
    with package.archive:
        parts = [package.main]
        parts += [
            path
            for rel_type, path in package.rels(package.main).values()
            if rel_type.endswith(_FILLED_PARTS) and package.has(path)
        ]
        try:
            package.check_paragraphs(package.main, advice="")
        except ReadError as exc:
            raise WriteError(
                f"{what} was not written: {exc} Shorten the agreement's text, or give the same "
                "limits=Limits(max_paragraphs=...) to write_docx and read_docx."
            ) from None
        for part in parts:
            try:
                package.xml(part)
            except ReadError as exc:
                # Our own XML is well-formed: what the parser refuses is beyond its limits,
                # a text of over ten million bytes or elements nested over 256 levels deep.
                raise WriteError(
                    f"{what} was not written: read_docx would refuse its part {part}, which "
                    "holds the agreement's text. Split very long paragraphs, nest fewer tables, "
                    "or shorten the text; or give the same limits=Limits(...) to write_docx and "
                    f"read_docx if the limit is the reader's own. (read_docx: {exc})"
                ) from None
        for rel_type, path in package.rels(package.main).values():
            kind = next((k for k in _COUNTED if rel_type.endswith(k)), None)
            if kind is None or not package.has(path):
                continue
            tag, word, what_counted, field = _COUNTED[kind]
            raw = package.raw(path)
            limit = getattr(limits, field)
            # Each tag holds its word once, so the word's count bounds the tags': counted at
            # memory speed, the tags need matching only when that bound exceeds the limit.
            if raw.count(word) <= limit:
                continue
            count = len(re.findall(tag, raw))
            if count > limit:
                raise WriteError(
                    f"{what} was not written: read_docx would refuse it, as its part {path} "
                    f"holds {count} {what_counted}, more than the limit of {limit}. Remove "
                    f"unused {what_counted} from the template, or give the same "
                    f"limits=Limits({field}=...) to write_docx and read_docx."
                )


def _largest_part_advice(data: bytes) -> str:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except ZIP_ERRORS:
        return ""
    if not infos:
        return ""
    largest = max(infos, key=lambda i: i.file_size)
    size = f"{largest.file_size / 1024 / 1024:.1f} MiB"
    if largest.filename.startswith(("word/media/", "word/embeddings/")):
        return (
            f"Its largest part is the template's picture or object {largest.filename} ({size}): "
            "make it smaller in the template (Word: Picture Format > Compress Pictures), or "
            "give the same limits=Limits(...) to write_docx and read_docx."
        )
    return (
        f"Its largest part is {largest.filename} ({size}), which holds the agreement's text: "
        "shorten it or make it less repetitive, or give the same limits=Limits(...) to "
        "write_docx and read_docx."
    )


# Names that promise another format than a .docx (the command line refuses the same ones).
_OTHER_FORMATS = {
    ".pdf": "a PDF",
    ".odt": "an OpenDocument text",
    ".ott": "an OpenDocument template",
    ".rtf": "a Rich Text file",
    ".doc": "an old Word document",
    ".dot": "an old Word template",
    ".docm": "a macro-enabled Word document",
    ".dotx": "a Word template",
    ".dotm": "a macro-enabled Word template",
    ".txt": "a text file",
    ".json": "JSON data (written with delaftale.dumps)",
    ".html": "a web page",
}
_CONVERTIBLE = (".pdf", ".odt", ".ott", ".rtf")
_WORD_NAMES = (".doc", ".dot", ".docm", ".dotx", ".dotm")


def docx_target(path: str | os.PathLike[str]) -> Path:
    """The target as a Path, refused (``WriteError``) when its name promises another format.

    Word will not open a .docx named .doc, .docm, .dotx …, and a .pdf, .odt or .json name
    promises what the file is not. Other names (.docx, none, .tmp) are written.
    """
    target = Path(path)
    suffix = target.suffix.casefold()
    kind = _OTHER_FORMATS.get(suffix)
    if kind is None:
        return target
    docx_name = target.with_suffix(".docx").name
    if suffix in _CONVERTIBLE:
        extra = (
            "; in Python, delaftale.office.docx_to_pdf(render_docx(...)) does the same"
            if suffix == ".pdf"
            else ""
        )
        raise WriteError(
            f"{target} names {kind}, but delaftale writes Word documents (.docx). Write "
            f"{docx_name} and convert it with LibreOffice: soffice --headless --convert-to "
            f"{suffix.lstrip('.')} {docx_name}{extra}."
        )
    why = f", which Word will not open under a {suffix} name" if suffix in _WORD_NAMES else ""
    raise WriteError(
        f"{target} names {kind}, but delaftale writes a plain Word document (.docx){why}. "
        f"Write {docx_name} instead."
    )


# --------------------------------------------------------------------------- entry points


def render_docx(
    agreement: Agreement,
    template: TemplateSource | None = None,
    *,
    limits: Limits | None = None,
) -> bytes:
    """The filled-in delaftale as .docx bytes (see ``write_docx``)."""
    limits = limits or Limits()
    kept: _Kept = {}
    if template is None:
        document, styles, kept = _open_built_in_form(agreement.focus_area)
    else:
        document, styles = _load_template(template, limits), None
    _Filler(document, agreement, styles).fill()
    data = _save(document, kept)
    check_output(data, limits)
    return data


def write_docx(
    agreement: Agreement,
    path: str | os.PathLike[str],
    template: TemplateSource | None = None,
    *,
    limits: Limits | None = None,
) -> Path:
    """Write the agreement as a filled-in delaftale .docx at ``path``; returns the path.

    ``template`` is a blank delaftale form (path, bytes or binary file) such as LBF's own or a
    municipality's variant; without it the built-in form is used. The template is held to
    ``limits`` (the reader's, by default) and written out as a plain .docx: its macros and
    external relationships (an attached template, linked pictures) are left out, hyperlinks
    kept. The written document is held to the same limits: what ``read_docx`` would refuse is
    not written. The document is written to a temporary file in the target folder and renamed
    into place, so a failure never leaves a half-written file or harms an existing one.
    Writing over the template itself, or to a name that promises another format (.pdf, .doc,
    .docm, .dotx, .dotm, .odt, .rtf, .json …), is refused: write a .docx and convert it with
    LibreOffice (``soffice --headless --convert-to pdf``, or ``delaftale.office.docx_to_pdf``).
    """
    target = docx_target(path)
    if template is not None and isinstance(template, str | os.PathLike):
        source = Path(template)
        if source.resolve() == target.resolve() or (
            target.exists() and source.exists() and os.path.samefile(source, target)
        ):
            raise WriteError(
                f"{target} is the template itself; write the filled-in delaftale to another file."
            )
    data = render_docx(agreement, template, limits=limits)
    # Imported here: delaftale.files is the plan-folder code, which render_docx never needs.
    from delaftale.files import os_error_words, write_atomically

    try:
        return write_atomically(target, data)
    except OSError as exc:
        raise WriteError(
            f"{target} cannot be written: {os_error_words(exc)}. Nothing was written there."
        ) from None
