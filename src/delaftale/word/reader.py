"""Read a filled-in delaftale (.docx) into an ``Agreement``, losing nothing.

The reader understands the *form*, not one layout. It flattens the document into a stream of
paragraphs and tables (descending into the one-column tables the official form uses for its
labels), recognises labels, guidance and boilerplate by their words (see
``form``), and files everything else under the section whose label came
last. Whatever it cannot file goes to ``ParseReport.unplaced`` with its location.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from typing import IO, Any, TypeAlias

import attrs

from delaftale.assembly import Assembler, ContentTable, DelmaalGrid, Item, Line
from delaftale.danish import (
    parse_draft_line,
)
from delaftale.errors import CorruptDocxError, NotADelaftaleError, UnsafeDocxError
from delaftale.model import (
    Agreement,
    FocusArea,
    Paragraph,
    ParagraphKind,
    Table,
    Text,
)
from delaftale.parse_report import ParseReport
from delaftale.validation import Severity
from delaftale.word import form
from delaftale.word.layout import shows_placeholder, split_inline
from delaftale.word.package import Package, open_package
from delaftale.word.safety import Limits

__all__ = ["read_docx", "read_docx_with_report"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_NS = {"w": W}
# Qualified tag names, built once: the reader compares them in its innermost loops.
TAG_body = f"{_W}body"
TAG_headerReference = f"{_W}headerReference"
TAG_abstractNum = f"{_W}abstractNum"
TAG_abstractNumId = f"{_W}abstractNumId"
TAG_b = f"{_W}b"
TAG_basedOn = f"{_W}basedOn"
TAG_br = f"{_W}br"
TAG_char = f"{_W}char"
TAG_cr = f"{_W}cr"
TAG_default = f"{_W}default"
TAG_fill = f"{_W}fill"
TAG_footnote = f"{_W}footnote"
TAG_footnoteReference = f"{_W}footnoteReference"
TAG_highlight = f"{_W}highlight"
TAG_id = f"{_W}id"
TAG_ilvl = f"{_W}ilvl"
TAG_ind = f"{_W}ind"
TAG_left = f"{_W}left"
TAG_lvl = f"{_W}lvl"
TAG_name = f"{_W}name"
TAG_noBreakHyphen = f"{_W}noBreakHyphen"
TAG_num = f"{_W}num"
TAG_numFmt = f"{_W}numFmt"
TAG_numId = f"{_W}numId"
TAG_numPr = f"{_W}numPr"
TAG_p = f"{_W}p"
TAG_pPr = f"{_W}pPr"
TAG_pStyle = f"{_W}pStyle"
TAG_r = f"{_W}r"
TAG_rPr = f"{_W}rPr"
TAG_rStyle = f"{_W}rStyle"
TAG_sdt = f"{_W}sdt"
TAG_sdtContent = f"{_W}sdtContent"
TAG_shd = f"{_W}shd"
TAG_start = f"{_W}start"
TAG_style = f"{_W}style"
TAG_styleId = f"{_W}styleId"
TAG_sym = f"{_W}sym"
TAG_t = f"{_W}t"
TAG_tab = f"{_W}tab"
TAG_tbl = f"{_W}tbl"
TAG_tc = f"{_W}tc"
TAG_tr = f"{_W}tr"
TAG_type = f"{_W}type"
TAG_val = f"{_W}val"
TAG_vanish = f"{_W}vanish"
TAG_specVanish = f"{_W}specVanish"
TAG_fldChar = f"{_W}fldChar"
TAG_fldCharType = f"{_W}fldCharType"
TAG_docDefaults = f"{_W}docDefaults"
TAG_moveFrom = f"{_W}moveFrom"
TAG_del = f"{_W}del"
TAG_txbxContent = f"{_W}txbxContent"
TAG_customXml = f"{_W}customXml"
TAG_altChunk = f"{_W}altChunk"
TAG_subDoc = f"{_W}subDoc"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
TAG_AlternateContent = f"{{{MC}}}AlternateContent"
TAG_Choice = f"{{{MC}}}Choice"
TAG_Fallback = f"{{{MC}}}Fallback"
_RUN_DEFAULTS = f"{_W}rPrDefault/{_W}rPr/{_W}vanish"

# The namespaces Word understands in ``mc:Choice Requires="..."`` (ECMA-376 Part 3): a choice
# requiring any other is one Word skips, showing the next choice or the fallback. The usual
# prefixes stand for them when a prefix is not declared (not well-formed MCE, read leniently).
_KNOWN_NAMESPACES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "c",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "dgm",
    "http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas": "lc",
    "urn:schemas-microsoft-com:vml": "v",
    "urn:schemas-microsoft-com:office:office": "o",
    "urn:schemas-microsoft-com:office:word": "w10",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape": "wps",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup": "wpg",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas": "wpc",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingInk": "wpi",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing": "wp14",
    "http://schemas.microsoft.com/office/word/2010/wordml": "w14",
    "http://schemas.microsoft.com/office/word/2012/wordml": "w15",
    "http://schemas.microsoft.com/office/word/2015/wordml/symex": "w16se",
    "http://schemas.microsoft.com/office/word/2016/wordml/cid": "w16cid",
    "http://schemas.microsoft.com/office/word/2018/wordml": "w16",
    "http://schemas.microsoft.com/office/word/2018/wordml/cex": "w16cex",
    "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash": "w16sdtdh",
    "http://schemas.microsoft.com/office/word/2023/wordml/word16du": "w16du",
    "http://schemas.microsoft.com/office/drawing/2010/main": "a14",
    "http://schemas.microsoft.com/office/drawing/2014/main": "a16",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "cx",
    "http://schemas.microsoft.com/office/drawing/2015/9/8/chartex": "cx1",
    "http://schemas.microsoft.com/office/drawing/2015/10/21/chartex": "cx2",
    "http://schemas.microsoft.com/office/drawing/2016/5/9/chartex": "cx3",
    "http://schemas.microsoft.com/office/drawing/2016/5/10/chartex": "cx4",
    "http://schemas.microsoft.com/office/drawing/2016/5/11/chartex": "cx5",
    "http://schemas.microsoft.com/office/drawing/2016/5/12/chartex": "cx6",
    "http://schemas.microsoft.com/office/drawing/2016/5/13/chartex": "cx7",
    "http://schemas.microsoft.com/office/drawing/2016/5/14/chartex": "cx8",
    "http://schemas.microsoft.com/office/drawing/2016/ink": "aink",
    "http://schemas.microsoft.com/office/drawing/2017/model3d": "am3d",
}
_KNOWN_PREFIXES = frozenset(_KNOWN_NAMESPACES.values())

# Bullet glyphs people type or Word's Symbol font produces, with the space or tab after them.
_GLYPH_BULLET = re.compile(r"^\s*(?:[\uf0b7\uf0a7\uf076\uf0d8•·▪◦●○■□➢►\-–]|o(?=\t))[\t ]+")

Source: TypeAlias = str | os.PathLike[str] | bytes | IO[bytes]
"""What the reader reads: a path, the file's bytes, or a binary file object."""


# --------------------------------------------------------------------------- document facts


# A style's start tag (group 1: its attributes; a trailing "/" when it is self-closing) or a
# style's end tag, found in one pass over styles.xml.
_STYLE_TOKEN = re.compile(rb"<w:style\b([^>]*)>|</w:style>")
_STYLES_ROOT = re.compile(rb"<w:styles\b[^>]*>")
_STYLES_OPEN = f'<w:styles xmlns:w="{W}">'.encode()
_STYLES_CLOSE = b"</w:styles>"
_ROOT_TAG_MAX = 16_384
"""A longer root start tag (Word's is about 1 KB) is not copied into every cut-out style."""


_ATTRIBUTE_PATTERNS: dict[bytes, re.Pattern[bytes]] = {}


def _attr(tag: bytes, name: bytes) -> str:
    # One compiled pattern per attribute name: building it per call was a tenth of a read.
    pattern = _ATTRIBUTE_PATTERNS.get(name)
    if pattern is None:
        pattern = re.compile(rb"\b" + re.escape(name) + rb"""=(?:"([^"]*)"|'([^']*)')""")
        _ATTRIBUTE_PATTERNS[name] = pattern
    match = pattern.search(tag)
    if match is None:
        return ""
    value = match.group(1) if match.group(1) is not None else match.group(2)
    return value.decode("utf-8", "replace")


@attrs.frozen
class _StyleFacts:
    name: str
    bold: bool
    highlight: bool
    num: tuple[str, int] | None
    # Whether the style hides its text (w:vanish): the nearest value set along its basedOn
    # chain, as toggle properties are read within one level of the hierarchy (17.7.3).
    hidden: bool = False


class _Styles:
    """What the reader needs from styles.xml and numbering.xml, resolved lazily and cached.

    A document defines a hundred or more styles and uses a handful. Parsing all of styles.xml
    (often several hundred kilobytes) costs more than reading the whole agreement, so when
    the part uses the usual ``w:`` prefix only the styles actually used are cut out and
    parsed, each on its own; otherwise the part is parsed whole.

    Finding the styles is one pass over the part, so its cost is linear in the part's size
    whatever the styles look like (self-closing, unclosed, tens of thousands); more styles
    than ``Limits.max_styles`` are refused.
    """

    def __init__(self, package: Package | None, styles_path: str | None, numbering: Any) -> None:
        self._elements: dict[str, Any] = {}
        # Where each style stands in the part; None: its end cannot be told from the tags
        # alone, so the part is parsed whole when that style is wanted.
        self._spans: dict[str, tuple[int, int] | None] = {}
        self._facts: dict[str, _StyleFacts] = {}
        self._numbering = numbering
        self._formats: dict[tuple[str, int], str] | None = None
        self._package = package
        self._path = styles_path or ""
        self._data = b""
        self._open = _STYLES_OPEN
        self.default_paragraph = ""
        # Whether the document defaults (w:docDefaults/w:rPrDefault) hide all text.
        self.default_hidden = False
        self._limit = package.limits.max_styles if package is not None else 0
        if package is None or styles_path is None:
            return
        data = package.raw(styles_path)
        root = _STYLES_ROOT.search(data)
        if b"<w:style " not in data or root is None or len(root.group(0)) > _ROOT_TAG_MAX:
            self._index(package.parse(data, styles_path))
            return
        self._data = data
        # The cut-out styles are wrapped in the part's own root start tag, so every namespace
        # the part declares (w14, mc, ...) is declared for them too.
        self._open = root.group(0)
        self._scan(data)
        self._scan_defaults(data)

    def _scan_defaults(self, data: bytes) -> None:
        """Read w:docDefaults, cut out of the part like a style (two finds: linear)."""
        start = data.find(b"<w:docDefaults")
        if start < 0:
            return
        end = data.find(b"</w:docDefaults>", start)
        if end < 0:
            return
        piece = self._open + data[start : end + len(b"</w:docDefaults>")] + _STYLES_CLOSE
        assert self._package is not None
        try:
            defaults = self._package.parse(piece, self._path).find(TAG_docDefaults)
        except CorruptDocxError:
            return
        self._read_defaults(defaults)

    def _read_defaults(self, defaults: Any) -> None:
        if defaults is not None:
            self.default_hidden = _on(defaults.find(_RUN_DEFAULTS))

    def _scan(self, data: bytes) -> None:
        """Index the styles by their tags, in one pass: a style ends at its own end tag.

        Searching for each style's end tag from its start went to the end of the part for
        every self-closing style: 80,000 of them in 250 KB took minutes.
        """
        opened: list[tuple[str, int]] = []  # start tags not yet closed
        count = 0
        for token in _STYLE_TOKEN.finditer(data):
            attrs_text = token.group(1)
            if attrs_text is None:  # </w:style>
                if len(opened) == 1:
                    sid, start = opened[0]
                    self._spans[sid] = (start, token.end())
                else:  # styles inside styles: not what Word writes; parse the part whole
                    self._spans.update((sid, None) for sid, _ in opened)
                opened.clear()
                continue
            count += 1
            if count > self._limit:
                self._too_many()
            sid = _attr(attrs_text, b"w:styleId")
            if (
                b"w:default" in attrs_text
                and _attr(attrs_text, b"w:default")
                in (
                    "1",
                    "true",
                    "on",
                )
                and _attr(attrs_text, b"w:type") == "paragraph"
            ):
                self.default_paragraph = sid
            if attrs_text.endswith(b"/"):  # <w:style .../>: the tag is the whole style
                self._spans[sid] = (token.start(), token.end())
            else:
                opened.append((sid, token.start()))
        self._spans.update((sid, None) for sid, _ in opened)  # never closed

    def _too_many(self) -> None:
        assert self._package is not None
        raise UnsafeDocxError(
            f"{self._package.name}: {self._path} defines more than {self._limit} styles (Word's "
            "own documents define a few hundred). The file was not read. Pass "
            "limits=Limits(max_styles=...) if you trust it."
        )

    def _index(self, styles: Any) -> None:
        if (
            self._package is not None
            and len(styles) > self._limit
            and sum(1 for _ in styles.iterfind(TAG_style)) > self._limit
        ):
            self._too_many()
        self._read_defaults(styles.find(TAG_docDefaults))
        for style in styles.iterfind(TAG_style):
            sid = style.get(TAG_styleId, "")
            self._elements[sid] = style
            if style.get(TAG_default) in ("1", "true", "on") and style.get(TAG_type) == "paragraph":
                self.default_paragraph = sid

    def _element(self, sid: str) -> Any:
        element = self._elements.get(sid)
        if element is None and sid in self._spans and self._package is not None:
            span = self._spans[sid]
            if span is None:
                return self._whole(sid)
            start, end = span
            piece = self._open + self._data[start:end] + _STYLES_CLOSE
            try:
                element = self._package.parse(piece, self._path).find(TAG_style)
            except CorruptDocxError:
                return self._whole(sid)  # something the cut cannot carry
            self._elements[sid] = element
        return element

    def _whole(self, sid: str) -> Any:
        """Parse the whole part once instead of cutting styles out of it."""
        assert self._package is not None
        self._spans.clear()
        self._index(self._package.xml(self._path))
        return self._elements.get(sid)

    def facts(self, sid: str, depth: int = 0) -> _StyleFacts:
        """Name, bold, highlight and numbering of a style, following basedOn."""
        cached = self._facts.get(sid)
        if cached is not None:
            return cached
        style = self._element(sid)
        if style is None or depth > 20:  # unknown id, or a basedOn cycle
            return _StyleFacts(name=sid, bold=False, highlight=False, num=None)
        based = style.find(TAG_basedOn)
        parent = self.facts(based.get(TAG_val, ""), depth + 1) if based is not None else None
        name_el = style.find(TAG_name)
        rpr = style.find(TAG_rPr)
        bold_el = rpr.find(TAG_b) if rpr is not None else None
        num_el = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
        num = parent.num if parent is not None else None
        if num_el is not None:
            lvl = style.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
            level = _int(lvl.get(TAG_val)) if lvl is not None else 0
            num = (num_el.get(TAG_val, ""), level)
        own_highlight = rpr is not None and _has_highlight(rpr)
        vanish = rpr.find(TAG_vanish) if rpr is not None else None
        facts = _StyleFacts(
            name=name_el.get(TAG_val, sid) if name_el is not None else sid,
            bold=_on(bold_el) if bold_el is not None else bool(parent and parent.bold),
            highlight=own_highlight or bool(parent and parent.highlight),
            num=num,
            hidden=_on(vanish) if vanish is not None else bool(parent and parent.hidden),
        )
        self._facts[sid] = facts
        return facts

    def num_format(self, num: tuple[str, int]) -> str:
        """The numFmt of a list level ("bullet", "decimal", ...); "bullet" when unknown."""
        if self._formats is None:
            self._formats = self._read_formats()
        return self._formats.get(num, "bullet")

    def _read_formats(self) -> dict[tuple[str, int], str]:
        formats: dict[tuple[str, int], str] = {}
        if self._numbering is None:
            return formats
        abstract: dict[str, dict[int, str]] = {}
        for an in self._numbering.iterfind(TAG_abstractNum):
            levels = {}
            for lvl in an.iterfind(TAG_lvl):
                fmt = lvl.find(TAG_numFmt)
                levels[_int(lvl.get(TAG_ilvl))] = (
                    fmt.get(TAG_val, "decimal") if fmt is not None else "decimal"
                )
            abstract[an.get(TAG_abstractNumId, "")] = levels
        for n in self._numbering.iterfind(TAG_num):
            ref = n.find(TAG_abstractNumId)
            if ref is not None:
                for level, fmt in abstract.get(ref.get(TAG_val, ""), {}).items():
                    formats[(n.get(TAG_numId, ""), level)] = fmt
        return formats


def _int(value: str | None) -> int:
    """A small whole number from an attribute; 0 for anything else (damaged or hostile XML)."""
    if value is None or not re.fullmatch(r"-?\d{1,6}", value.strip()):
        return 0
    return int(value)


def _on(element: Any) -> bool:
    if element is None:
        return False
    return element.get(TAG_val, "true") not in ("0", "false", "off")


def _has_highlight(rpr: Any) -> bool:
    hl = rpr.find(TAG_highlight)
    if hl is not None and hl.get(TAG_val, "none") != "none":
        return True
    shd = rpr.find(TAG_shd)
    return shd is not None and shd.get(TAG_fill, "auto") not in ("auto", "FFFFFF", "ffffff")


# --------------------------------------------------------------------------- flattening


class _Flattener:
    """Turns the body into a stream of Line / DelmaalGrid / ContentTable items."""

    def __init__(self, styles: _Styles, footnotes: dict[str, str]) -> None:
        self.styles = styles
        self.footnotes = footnotes
        # Text Word does not show (hidden runs, text moved away): left out, and said so.
        self.not_shown: list[tuple[str, str]] = []
        # Content Word shows that the reader cannot read (an imported chunk, a subdocument):
        # said so, with its tag, the part being read and the relationship id that names it.
        self.not_read: list[tuple[str, str, str, str]] = []
        self.part = ""
        # A footnote's text is read at its first reference only (see paragraph); the later
        # references of a footnote referenced again, by footnote id, for the report.
        self.footnote_first: dict[str, str] = {}
        self.footnote_again: dict[str, list[str]] = {}
        # The text boxes of the paragraph read last, read after it as blocks of their own.
        self.last_boxes: list[Any] = []

    # paragraphs ---------------------------------------------------------------

    def paragraph(self, p: Any, location: str) -> Line:
        ppr = p.find(TAG_pPr)
        style_id = ""
        num: tuple[str, int] | None = None
        left = 0
        if ppr is not None:
            ps = ppr.find(TAG_pStyle)
            if ps is not None:
                style_id = ps.get(TAG_val, "")
            numpr = ppr.find(TAG_numPr)
            if numpr is not None:
                nid = numpr.find(TAG_numId)
                ilvl = numpr.find(TAG_ilvl)
                if nid is not None:
                    num = (
                        nid.get(TAG_val, ""),
                        _int(ilvl.get(TAG_val)) if ilvl is not None else 0,
                    )
            ind = ppr.find(TAG_ind)
            if ind is not None:
                raw = ind.get(TAG_left) or ind.get(TAG_start) or "0"
                left = _int(raw)
        style = self.styles.facts(style_id or self.styles.default_paragraph)
        from_style = num is None
        if from_style:
            num = style.num

        parts: list[str] = []
        notes: list[str] = []
        bold_runs = highlighted_runs = text_runs = 0
        unseen: list[str] = []
        boxes: list[Any] = []
        unseen_runs: set[Any] = set()
        # Whether text is hidden when a run does not say: the document defaults hide it all,
        # else the paragraph style's and the character style's w:vanish toggle it (17.7.3).
        default_hidden = self.styles.default_hidden
        para_hidden = style.hidden
        # The complex fields open here, innermost last: True while in the field's code
        # (between its begin and separate fldChar), which Word does not show, only the
        # result (between separate and end). in_code counts the fields in their code. Fields
        # are followed within their paragraph: an end with no begin is ignored, and a begin
        # never closed hides the rest of its paragraph only.
        fields: list[bool] = []
        in_code = 0
        subdocs = 0
        for run, moved, anchor in _shown_runs(p):
            if run.tag == TAG_subDoc:
                # A subdocument Word puts in a paragraph of its own: not read, and said so.
                subdocs += 1
                self.not_read.append(
                    (f"{location}, imported content {subdocs}", TAG_subDoc, self.part, _rel_id(run))
                )
                continue
            if run.tag == TAG_txbxContent:
                # A text box: read once, after this paragraph, unless its anchor run is hidden.
                if anchor in unseen_runs:
                    unseen.append(f" {_raw_text(run)} ")
                else:
                    boxes.append(run)
                continue
            rpr = run.find(TAG_rPr)
            run_facts = None
            hidden = default_hidden or para_hidden
            if rpr is not None:
                rs = rpr.find(TAG_rStyle)
                if rs is not None and rs.get(TAG_val):
                    run_facts = self.styles.facts(rs.get(TAG_val))
                    hidden = default_hidden or (para_hidden != run_facts.hidden)
                vanish = rpr.find(TAG_vanish)
                if vanish is not None:  # direct formatting: its value, whatever the styles say
                    hidden = _on(vanish)
                hidden = hidden or _on(rpr.find(TAG_specVanish))
            if moved or hidden or in_code:
                unseen_runs.add(run)
            run_text = []
            for child in run:
                tag = child.tag
                if tag == TAG_fldChar:
                    kind = child.get(TAG_fldCharType)
                    if kind == "begin":
                        fields.append(True)
                        in_code += 1
                    elif kind == "separate" and fields and fields[-1]:
                        fields[-1] = False
                        in_code -= 1
                    elif kind == "end" and fields:
                        in_code -= fields.pop()
                elif moved or hidden or in_code:
                    if tag == TAG_t:
                        unseen.append(child.text or "")
                elif tag == TAG_t:
                    run_text.append(child.text or "")
                elif tag == TAG_tab:
                    run_text.append("\t")
                elif tag in (TAG_br, TAG_cr):
                    if child.get(TAG_type) != "page":
                        run_text.append("\n")
                elif tag == TAG_noBreakHyphen:
                    run_text.append("-")
                elif tag == TAG_sym:
                    code = child.get(TAG_char, "")
                    if re.fullmatch(r"[0-9A-Fa-f]{2,4}", code):
                        run_text.append(chr(int(code, 16)))
                elif tag == TAG_footnoteReference:
                    note = self.footnote(child.get(TAG_id, ""), location)
                    if note is not None:
                        notes.append(note)
            joined = "".join(run_text)
            if joined.strip():
                text_runs += 1
                b = rpr.find(TAG_b) if rpr is not None else None
                inherited_bold = bool(run_facts and run_facts.bold) or style.bold
                bold = _on(b) if b is not None else inherited_bold
                bold_runs += bold
                hl = (
                    (rpr is not None and _has_highlight(rpr))
                    or style.highlight
                    or bool(run_facts and run_facts.highlight)
                )
                highlighted_runs += hl
            parts.append(joined)
        text = "".join(parts)
        if "".join(unseen).strip():
            self.not_shown.append((location, "".join(unseen).strip()))
        self.last_boxes = boxes

        kind = ParagraphKind.BODY
        level = 0
        style_name = style.name
        if num is not None and num[0] not in ("", "0"):
            fmt = self.styles.num_format(num)
            kind = ParagraphKind.BULLET if fmt in ("bullet", "none") else ParagraphKind.NUMBERED
            level = max(0, min(num[1], 8))
            numbered_style = re.search(r"\s(\d)$", style.name)
            if from_style and level == 0 and numbered_style:
                # "List Bullet 2" / "Opstilling-punkttegn 2": the level is in the style's name.
                level = max(0, int(numbered_style.group(1)) - 1)
        else:
            glyph = _GLYPH_BULLET.match(text)
            if glyph and text[glyph.end() :].strip():
                kind = ParagraphKind.BULLET
                text = text[glyph.end() :]
                level = max(0, min(8, round(left / 720) - 1))
            elif re.match(r"(heading|overskrift)\s*\d", style_name, re.IGNORECASE):
                kind = ParagraphKind.HEADING
        return Line(
            text=text.strip(),
            kind=kind,
            level=level,
            footnotes=tuple(notes),
            location=location,
            highlighted=text_runs > 0 and highlighted_runs == text_runs,
            signature=(style_name, text_runs > 0 and bold_runs == text_runs),
        )

    def footnote(self, footnote_id: str, location: str) -> str | None:
        """The text of a footnote at its first reference; None at any later one.

        Word's own footnotes are referenced once each. A footnote referenced again (an
        edited file, or one made to multiply its text into the data: 3,000 references to
        one long footnote made gigabytes) keeps its text at its first reference only, so the
        data stays as large as the document; the later references are listed in the report.
        """
        text = self.footnotes.get(footnote_id)
        if text is None:
            return None
        if footnote_id in self.footnote_first:
            self.footnote_again.setdefault(footnote_id, []).append(location)
            return None
        self.footnote_first[footnote_id] = location
        return text

    def paragraph_items(self, p: Any, location: str) -> Iterator[Item]:
        """A paragraph, then the blocks of its text boxes (each read once, see _shown_runs)."""
        para = self.paragraph(p, location)
        boxes = self.last_boxes
        yield para
        for n, box in enumerate(boxes, start=1):
            yield from self.blocks(box, f"{location}, text box {n}, ")

    # tables -------------------------------------------------------------------

    def grid(self, tbl: Any) -> list[list[tuple[Any, bool]]]:
        """Rows of (tc, is_vertical_continuation), one entry per real cell (spans collapsed).

        Rows and cells inside content controls and custom XML (a delmål row in a repeating
        section, say) are rows and cells as Word shows them.
        """
        rows: list[list[tuple[Any, bool]]] = []
        for tr in _shown_children(tbl, TAG_tr):
            row = []
            for tc in _shown_children(tr, TAG_tc):
                vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                cont = vmerge is not None and vmerge.get(TAG_val, "continue") == "continue"
                row.append((tc, cont))
            rows.append(row)
        return rows

    def cell_items(self, tc: Any, location: str) -> Iterator[Item]:
        yield from self.blocks(tc, location)

    def blocks(self, container: Any, location: str) -> Iterator[Item]:
        """Items of a body, a cell or a text box, in order.

        Descends into layout tables, and through content controls, custom XML and markup
        compatibility (one alternative) as Word shows them; paragraphs and tables are counted
        through them, so every location is told once.
        """
        p_index = t_index = c_index = 0
        for child in _shown_children(container, TAG_p, TAG_tbl, TAG_altChunk, TAG_subDoc):
            tag = child.tag
            if tag == TAG_p:
                p_index += 1
                where = f"{location}paragraph {p_index}"
                inline = split_inline(child) if child.find(TAG_sdt) is not None else None
                if inline is not None and form.match_label(_raw_text_of(inline[0])):
                    # "Label: [content control]" in one paragraph: the label, then the answer.
                    label, answer = _split_paragraph(child, *inline)
                    yield from self.paragraph_items(label, where)
                    yield from self.paragraph_items(answer, where)
                else:
                    yield from self.paragraph_items(child, where)
            elif tag == TAG_tbl:
                t_index += 1
                yield from self.table(child, f"{location}table {t_index}")
            else:
                # Content Word imports when it opens the file (HTML, RTF, another .docx) or
                # links from another file: not read here, and said so.
                c_index += 1
                where = f"{location}imported content {c_index}"
                self.not_read.append((where, tag, self.part, _rel_id(child)))

    def table(self, tbl: Any, location: str) -> Iterator[Item]:
        grid = self.grid(tbl)
        if not grid:
            return
        delmaal = self.delmaal(grid, location)
        if delmaal is not None:
            yield delmaal
            return
        if self.is_layout(grid):
            for r, row in enumerate(grid, start=1):
                for c, (tc, cont) in enumerate(row, start=1):
                    if not cont:
                        yield from self.cell_items(tc, f"{location}, row {r}, cell {c}, ")
            return
        table = self.content_table(grid)
        yield ContentTable(table=table, location=location, text=str(Text.of(table)))

    def is_layout(self, grid: list[list[tuple[Any, bool]]]) -> bool:
        """A table is layout (the form's label boxes) when a cell starts with a form label."""
        for row in grid:
            for tc, _ in row:
                for p in _shown_children(tc, TAG_p):
                    # Not p.itertext(): python-docx's element classes override .text.
                    text = "".join(t.text or "" for t in p.iter(TAG_t)).strip()
                    if not text:
                        continue
                    if form.match_label(text) is not None or form.is_guidance(text):
                        return True
                    break
        return False

    def content_table(self, grid: list[list[tuple[Any, bool]]]) -> Table:
        rows = []
        for row in grid:
            cells = []
            for tc, cont in row:
                cells.append(Text() if cont else self.cell_text(tc))
            rows.append(tuple(cells))
        return Table(rows=tuple(rows))

    def cell_text(self, tc: Any) -> Text:
        blocks: list[Paragraph | Table] = []
        for item in self.blocks(tc, ""):
            if isinstance(item, Line):
                if item.text:
                    blocks.append(item.block())
            elif isinstance(item, ContentTable):
                blocks.append(item.table)
            else:  # a delmål-shaped table nested in a cell: keep it as a plain table
                blocks.append(
                    Table(
                        rows=tuple(
                            tuple(Text.of(t) if t else Text() for t, _ in row) for row in item.rows
                        )
                    )
                )
        return Text(blocks=tuple(blocks))

    def delmaal(self, grid: list[list[tuple[Any, bool]]], location: str) -> DelmaalGrid | None:
        header_row = None
        columns: dict[int, str] = {}
        for r, row in enumerate(grid[:3]):  # the header may follow a title row
            found: dict[int, str] = {}
            for c, (tc, _) in enumerate(row):
                col = form.match_column(_raw_text(tc))
                if col is not None and col.field not in found.values():
                    found[c] = col.field
            if len(found) >= 4 and "title" in found.values():
                header_row, columns = r, found
                break
        if header_row is None:
            return None
        # The header (and any title row above it) is matched, not read: content Word shows
        # there that the reader cannot read is still said.
        for r, row in enumerate(grid[: header_row + 1], start=1):
            for c, (tc, cont) in enumerate(row, start=1):
                if cont:
                    continue
                for n, element in enumerate(tc.iter(TAG_altChunk, TAG_subDoc), start=1):
                    where = f"{location}, row {r}, cell {c}, imported content {n}"
                    self.not_read.append((where, element.tag, self.part, _rel_id(element)))
        rows = []
        for row in grid[header_row + 1 :]:
            cells = []
            for tc, cont in row:
                cells.append(("" if cont else self.plain(tc), cont))
            rows.append(cells)
        return DelmaalGrid(columns=columns, rows=rows, location=location)

    def plain(self, tc: Any, location: str = "") -> str:
        texts = []
        for item in self.blocks(tc, location):
            if isinstance(item, Line | ContentTable) and item.text:
                texts.append(item.text)
        return "\n".join(texts)


def _shown_alternative(alternate: Any) -> Any:
    """The one alternative of ``mc:AlternateContent`` Word shows.

    Its first choice whose ``Requires`` names only namespaces Word understands, else its
    fallback. Word writes a text box twice, as a DrawingML choice and a VML fallback, so
    reading both would read it twice; and a choice requiring a namespace Word does not know
    is one Word skips, so its text is no text Word shows.
    """
    fallback = None
    for child in alternate:
        if child.tag == TAG_Choice:
            if _understood(child):
                return child
        elif child.tag == TAG_Fallback and fallback is None:
            fallback = child
    return fallback


def _understood(choice: Any) -> bool:
    """Whether every prefix a ``mc:Choice`` requires stands for a namespace Word knows."""
    requires = choice.get("Requires", "").split()
    if not requires:
        return True
    in_scope = choice.nsmap
    for prefix in requires:
        uri = in_scope.get(prefix)
        if uri is None:
            if prefix not in _KNOWN_PREFIXES:
                return False
        elif uri not in _KNOWN_NAMESPACES:
            return False
    return True


def _shown_children(container: Any, *tags: str) -> Iterator[Any]:
    """The children of a block container with one of ``tags``, seen through wrappers.

    Block and row-level wrappers Word shows the content of: content controls (unless they
    show their placeholder, which is no answer), custom XML, and one alternative of
    ``mc:AlternateContent``. Iterative, so deep wrapping costs no Python recursion.
    """
    stack = [iter(container)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag in tags:
            yield child
        elif tag == TAG_sdt:
            content = child.find(TAG_sdtContent)
            if content is not None and not shows_placeholder(child):
                stack.append(iter(content))
        elif tag == TAG_customXml:
            stack.append(iter(child))
        elif tag == TAG_AlternateContent:
            chosen = _shown_alternative(child)
            if chosen is not None:
                stack.append(iter(chosen))


def _shown_runs(p: Any) -> Iterator[tuple[Any, bool, Any]]:
    """The runs of a paragraph as Word shows them, in order, and its text boxes.

    Yields ``(run, moved_away, None)`` for each run, ``(txbxContent, False, anchor)``
    for each text box, after the run that anchors it, and ``(subDoc, False, None)`` for
    each subdocument (which Word puts in a paragraph of its own). Left out: runs of a
    content control showing its placeholder, tracked deletions (``w:del``), and every alternative of
    ``mc:AlternateContent`` but the one Word shows, so a text box is found once, not once
    as DrawingML and again as VML. Runs inside hyperlinks, fields, smart tags, custom XML
    and tracked insertions are runs like any other. A run stands in moved-away text
    (``w:moveFrom``) when any wrapper above it is one: Word shows that text struck through
    at its old place and as the text where it was moved to (``w:moveTo``), so it is read
    once, there. Each element is visited once, without Python recursion.
    """
    stack: list[tuple[Iterator[Any], bool, Any]] = [(iter(p), False, None)]
    while stack:
        children, moved, anchor = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == TAG_r:
            yield child, moved, None
            stack.append((iter(child), moved, child))  # a drawing's text box, ruby text
        elif tag == TAG_txbxContent:
            yield child, False, anchor
        elif tag == TAG_subDoc:
            yield child, False, None
        elif tag == TAG_AlternateContent:
            chosen = _shown_alternative(child)
            if chosen is not None:
                stack.append((iter(chosen), moved, anchor))
        elif tag == TAG_sdt:
            if not shows_placeholder(child):
                stack.append((iter(child), moved, anchor))
        elif tag == TAG_moveFrom:
            stack.append((iter(child), True, anchor))
        elif tag not in (TAG_del, TAG_pPr, TAG_rPr, TAG_t) and isinstance(tag, str):
            stack.append((iter(child), moved, anchor))


_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _rel_id(element: Any) -> str:
    return str(element.get(_R_ID, ""))


def _raw_text_of(elements: list[Any]) -> str:
    return "".join(t.text or "" for e in elements for t in e.iter(TAG_t))


def _split_paragraph(p: Any, before: list[Any], control: Any) -> tuple[Any, Any]:
    """Two detached paragraphs: the label's words, and the content control's answer."""
    label, answer = p.makeelement(TAG_p), p.makeelement(TAG_p)
    ppr = p.find(TAG_pPr)
    for part in (label, answer):
        if ppr is not None:
            part.append(copy.deepcopy(ppr))
    for child in before:
        label.append(copy.deepcopy(child))
    answer.append(copy.deepcopy(control))
    return label, answer


def _raw_text(element: Any) -> str:
    """All w:t text under an element, paragraphs joined by spaces (for quick checks only)."""
    return " ".join("".join(t.text or "" for t in p.iter(TAG_t)) for p in element.iter(TAG_p))


# --------------------------------------------------------------------------- entry points


def _footnotes(package: Package, flattener: _Flattener) -> dict[str, str]:
    """The text of each footnote by its id, read as Word shows it (as body text is)."""
    path = package.related(package.main, "/footnotes")
    if path is None:
        return {}
    root = package.xml(path)
    flattener.part = path
    limit = package.limits.max_footnotes
    notes = {}
    for count, fn in enumerate(root.iterfind(TAG_footnote), start=1):
        if count > limit:
            raise UnsafeDocxError(
                f"{package.name}: {path} holds more than {limit} footnotes (a delaftale has a "
                "handful). The file was not read. Pass limits=Limits(max_footnotes=...) if you "
                "trust it."
            )
        footnote_id = fn.get(TAG_id, "")
        text = flattener.plain(fn, f"footnote {footnote_id}, ")
        if text:
            notes[footnote_id] = text
    return notes


def _not_read_note(package: Package, tag: str, part: str, rel_id: str) -> tuple[str, str]:
    """The English and Danish note for content Word shows and the reader does not read."""
    rel = package.rels(part).get(rel_id)  # a subdocument's is external: left out
    what = f" ({rel[1]}, {package.content_type(rel[1]) or '?'})" if rel is not None else ""
    if tag == TAG_altChunk:
        # Word converts the chunk (HTML, RTF, another .docx) into its own paragraphs when it
        # opens the file, and saves them as such.
        return (
            f"The document holds imported content{what} that Word shows but delaftale does "
            "not read; it is not in the agreement. Open the document in Word and save it "
            "again: Word turns it into ordinary text, which delaftale reads.",
            f"Dokumentet indeholder importeret indhold{what}, som Word viser, men delaftale "
            "ikke læser; det er ikke med i aftalen. Åbn dokumentet i Word og gem det igen: så "
            "bliver det til almindelig tekst, som delaftale læser.",
        )
    return (
        "The document links a subdocument (another file) that Word can show but delaftale "
        "does not read; it is not in the agreement. Copy its text into the document in Word.",
        "Dokumentet henviser til et underdokument (en anden fil), som Word kan vise, men "
        "delaftale ikke læser; det er ikke med i aftalen. Kopiér teksten ind i dokumentet i "
        "Word.",
    )


def _header_paragraphs(package: Package, body: Any, flattener: _Flattener) -> Iterator[Line]:
    """Paragraphs of the headers the sections refer to (for the draft line)."""
    rels = package.rels(package.main)
    seen: set[str] = set()
    for ref in body.iter(TAG_headerReference):
        rel = rels.get(ref.get(_R_ID, ""))
        if rel is None or rel[1] in seen or not package.has(rel[1]):
            continue
        seen.add(rel[1])
        flattener.part = rel[1]
        for item in flattener.blocks(package.xml(rel[1]), f"header {rel[1]}, "):
            if isinstance(item, Line):
                yield item
    flattener.part = package.main


def read_docx_with_report(
    source: Source, *, focus_area: FocusArea | None = None, limits: Limits | None = None
) -> tuple[Agreement, ParseReport]:
    """Read a delaftale .docx and say what could not be placed.

    ``source`` is a path, the file's bytes, or a binary file object. ``focus_area`` overrides
    the area read from the title. Raises a ``ReadError`` subclass for
    a file that is not a readable .docx or not a delaftale.
    """
    package = open_package(source, limits)
    with package.archive:
        root = package.xml(package.main)
        body = root.find(TAG_body)
        if body is None:
            raise NotADelaftaleError(f"{package.name} is a Word file with no body text.")
        styles_path = package.related(package.main, "/styles")
        numbering_path = package.related(package.main, "/numbering")
        styles = _Styles(
            package, styles_path, package.xml(numbering_path) if numbering_path else None
        )
        flattener = _Flattener(styles, {})
        flattener.footnotes = _footnotes(package, flattener)
        flattener.part = package.main
        headers = list(_header_paragraphs(package, body, flattener))
        # Footnotes referenced in a header (where Word shows none) do not count as read.
        flattener.footnote_first.clear()
        flattener.footnote_again.clear()
        items = list(flattener.blocks(body, ""))
        not_read = [(where, _not_read_note(package, *what)) for where, *what in flattener.not_read]
    assembler = Assembler(package.name)
    for para in headers:
        draft = parse_draft_line(para.text)
        if draft is not None and assembler.draft is None:
            assembler.draft = draft
    assembler.walk(items)
    for location, text in flattener.not_shown:
        assembler.note(
            "text-not-shown",
            location,
            f"Text Word does not show (hidden, or moved elsewhere) was left out: '{text}'.",
            f"Tekst, som Word ikke viser (skjult eller flyttet), er udeladt: '{text}'.",
            Severity.INFO,
        )
    for location, (en, da) in not_read:
        assembler.note("content-not-read", location, en, da)
    for footnote_id, again in flattener.footnote_again.items():
        first = flattener.footnote_first[footnote_id]
        shown = ", ".join(again[:5]) + (f" and {len(again) - 5} more" if len(again) > 5 else "")
        vist = ", ".join(again[:5]) + (f" og {len(again) - 5} flere" if len(again) > 5 else "")
        assembler.note(
            "footnote-repeated",
            again[0],
            f"Footnote {footnote_id} is referenced {len(again) + 1} times; its text is kept "
            f"once, at its first reference ({first}), not at the later ones ({shown}).",
            f"Fodnote {footnote_id} har {len(again) + 1} henvisninger; teksten er taget med "
            f"én gang, ved den første ({first}), ikke ved de senere ({vist}).",
            Severity.INFO,
        )
    agreement = assembler.agreement(focus_area)
    return agreement, ParseReport(
        source=package.name, unplaced=assembler.unplaced, notes=assembler.notes
    )


def read_docx(
    source: Source, *, focus_area: FocusArea | None = None, limits: Limits | None = None
) -> Agreement:
    """Read a delaftale .docx into an ``Agreement``.

    The same as ``read_docx_with_report``, without the report.
    """
    return read_docx_with_report(source, focus_area=focus_area, limits=limits)[0]
