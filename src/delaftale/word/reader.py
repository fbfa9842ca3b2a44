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
from delaftale.findings import Severity
from delaftale.model import (
    Agreement,
    FocusArea,
    Paragraph,
    ParagraphKind,
    Table,
    Text,
)
from delaftale.parse_report import ParseReport
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
TAG_tcPr = f"{_W}tcPr"
TAG_vMerge = f"{_W}vMerge"
TAG_tr = f"{_W}tr"
TAG_type = f"{_W}type"
TAG_val = f"{_W}val"
TAG_vanish = f"{_W}vanish"
TAG_specVanish = f"{_W}specVanish"
TAG_fldChar = f"{_W}fldChar"
TAG_fldCharType = f"{_W}fldCharType"
TAG_docDefaults = f"{_W}docDefaults"
TAG_moveFrom = f"{_W}moveFrom"
TAG_moveTo = f"{_W}moveTo"
TAG_del = f"{_W}del"
TAG_ins = f"{_W}ins"
TAG_trPr = f"{_W}trPr"
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
_GLYPH_FIRST = frozenset("\uf0b7\uf0a7\uf076\uf0d8•·▪◦●○■□➢►-–o")

Source: TypeAlias = str | os.PathLike[str] | bytes | IO[bytes]
"""What the reader reads: a path, the file's bytes, or a binary file object."""


# --------------------------------------------------------------------------- document facts


# A style's start tag (group 1: its attributes; a trailing "/" when it is self-closing) or a
# style's end tag: what _style_tokens finds, without the regular expression's work.
_STYLE_TOKEN = re.compile(rb"<w:style\b([^>]*)>|</w:style>")
_STYLE_START = b"<w:style"
_STYLE_END = b"</w:style>"
_STYLE_NAME = b"w:style"  # in both tags
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _style_tokens(data: bytes) -> list[tuple[int, int, bytes | None]]:
    """The matches of ``_STYLE_TOKEN`` in ``data``, in order.

    (start, end, attributes) for each style start tag, (start, end, None) for each end tag.
    Found by bytes.find of the name both tags share, searched on from where the last match
    ended (matches do not overlap), so the work is one pass over the part: a fifth of the
    regular expression's, and linear even where the expression is not (many start tags
    left open, with no ">" after them, took it quadratic time).
    """
    tokens: list[tuple[int, int, bytes | None]] = []
    find = data.find
    size = len(data)
    pos = 0  # where the last match ended
    hit = find(_STYLE_NAME)
    while hit >= 0:
        after = hit + len(_STYLE_NAME)
        if hit > pos and data[hit - 1] == 0x3C:  # "<w:style", at or after pos
            if after < size and data[after] in _WORD_BYTES:  # "<w:styles": no word boundary
                hit = find(_STYLE_NAME, hit + 1)
                continue
            gt = find(b">", after)
            if gt < 0:  # no ">" left: neither tag can follow
                return tokens
            tokens.append((hit - 1, gt + 1, data[after:gt]))
            pos = gt + 1
            hit = find(_STYLE_NAME, pos)
        elif (
            hit - 2 >= pos
            and data[hit - 2] == 0x3C  # "</w:style>"
            and data[hit - 1] == 0x2F
            and data[after : after + 1] == b">"
        ):
            tokens.append((hit - 2, after + 1, None))
            pos = after + 1
            hit = find(_STYLE_NAME, pos)
        else:  # an attribute (w:styleId), or text
            hit = find(_STYLE_NAME, hit + 1)
    return tokens


_STYLES_ROOT = re.compile(rb"<w:styles\b[^>]*>")
_STYLES_OPEN = f'<w:styles xmlns:w="{W}">'.encode()
_STYLES_CLOSE = b"</w:styles>"
_ROOT_TAG_MAX = 16_384
"""A longer root start tag (Word's is about 1 KB) is not copied into every cut-out style."""


_ATTRIBUTE_PATTERNS: dict[bytes, re.Pattern[bytes]] = {}


def _attribute_pattern(name: bytes) -> re.Pattern[bytes]:
    # One compiled pattern per attribute name: building it per call was a tenth of a read.
    pattern = _ATTRIBUTE_PATTERNS.get(name)
    if pattern is None:
        pattern = re.compile(rb"\b" + re.escape(name) + rb"""=(?:"([^"]*)"|'([^']*)')""")
        _ATTRIBUTE_PATTERNS[name] = pattern
    return pattern


_STYLE_ID = _attribute_pattern(b"w:styleId")


def _attr(tag: bytes, name: bytes) -> str:
    match = _attribute_pattern(name).search(tag)
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
    # Whether its name says it is a heading ("Heading 1", "Overskrift 2"), for paragraphs.
    heading: bool = attrs.field(init=False)

    @heading.default
    def _heading(self) -> bool:
        return _HEADING_STYLE.match(self.name) is not None


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
        self._count = 0  # style start tags seen, against the limit
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
        every self-closing style: 80,000 of them in 250 KB took minutes. The tags are those
        ``_STYLE_TOKEN`` finds; ``_scan_regular`` takes the shape Word writes in bulk.
        """
        if self._scan_regular(data):
            return
        self._spans.clear()
        self.default_paragraph = ""
        self._count = 0
        opened: list[tuple[str, int]] = []  # start tags not yet closed
        self._take(_style_tokens(data), 0, opened)
        self._spans.update((sid, None) for sid, _ in opened)  # never closed

    def _scan_regular(self, data: bytes) -> bool:
        """``_scan`` for a part where each style ends at the next end tag, as Word writes it.

        Split at the end tags (in C), every piece between two of them must be one style: its
        start tag, at the piece's start and closed within it, and no other start tag. Then
        the pieces are the styles, with no search through them; what comes before the first
        end tag and after the last is read tag by tag. False (the index left to be made
        again) when any piece is otherwise, or a style is left open before the first piece.
        """
        pieces = data.split(_STYLE_END)
        if len(pieces) < 2:
            return False
        self._count = 0
        opened: list[tuple[str, int]] = []
        head = len(pieces[0]) + len(_STYLE_END)  # up to the first end tag
        self._take(_style_tokens(data[:head]), 0, opened)
        if opened:  # an unclosed start tag before the first end tag
            return False
        spans = self._spans
        pos = head
        for index in range(1, len(pieces) - 1):
            piece = pieces[index]
            if (
                len(piece) <= len(_STYLE_START)
                or not piece.startswith(_STYLE_START)
                or piece[len(_STYLE_START)] in _WORD_BYTES
            ):
                return False
            gt = piece.find(b">", len(_STYLE_START))
            if gt < 0 or piece.find(_STYLE_START, gt + 1) >= 0:
                return False
            attrs_text = piece[len(_STYLE_START) : gt]
            sid = self._style_start(attrs_text)
            end = pos + len(piece) + len(_STYLE_END)
            # <w:style .../>: the tag is the whole style; else it ends at the end tag.
            spans[sid] = (pos, pos + gt + 1) if attrs_text.endswith(b"/") else (pos, end)
            pos = end
        self._take(_style_tokens(data[pos:]), pos, opened)
        spans.update((sid, None) for sid, _ in opened)  # never closed
        return True

    def _take(
        self,
        tokens: list[tuple[int, int, bytes | None]],
        offset: int,
        opened: list[tuple[str, int]],
    ) -> None:
        """Index styles by their tags (``_style_tokens`` of the part from ``offset`` on)."""
        spans = self._spans
        for token_start, token_end, attrs_text in tokens:
            if attrs_text is None:  # </w:style>
                if len(opened) == 1:
                    sid, start = opened[0]
                    spans[sid] = (start, offset + token_end)
                else:  # styles inside styles: not what Word writes; parse the part whole
                    spans.update((sid, None) for sid, _ in opened)
                opened.clear()
                continue
            sid = self._style_start(attrs_text)
            if attrs_text.endswith(b"/"):  # <w:style .../>: the tag is the whole style
                spans[sid] = (offset + token_start, offset + token_end)
            else:
                opened.append((sid, offset + token_start))

    def _style_start(self, attrs_text: bytes) -> str:
        """Count a style's start tag against the limit, note a default, return its id."""
        self._count += 1
        if self._count > self._limit:
            self._too_many()
        found = _STYLE_ID.search(attrs_text)  # _attr(attrs_text, b"w:styleId")
        sid = (
            ""
            if found is None
            else (found.group(1) if found.group(1) is not None else found.group(2)).decode(
                "utf-8", "replace"
            )
        )
        if (
            b"w:default" in attrs_text
            and _attr(attrs_text, b"w:default") in ("1", "true", "on")
            and _attr(attrs_text, b"w:type") == "paragraph"
        ):
            self.default_paragraph = sid
        return sid

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
        based = _child(style, TAG_basedOn)
        parent = self.facts(based.get(TAG_val, ""), depth + 1) if based is not None else None
        name_el = _child(style, TAG_name)
        rpr = _child(style, TAG_rPr)
        bold_el = hl = shd = vanish = None
        if rpr is not None:
            bold_el, _, hl, shd, vanish, _ = _run_properties(rpr)
        num_el = _path(style, TAG_pPr, TAG_numPr, TAG_numId)
        num = parent.num if parent is not None else None
        if num_el is not None:
            lvl = _path(style, TAG_pPr, TAG_numPr, TAG_ilvl)
            level = _int(lvl.get(TAG_val)) if lvl is not None else 0
            num = (num_el.get(TAG_val, ""), level)
        own_highlight = _highlighted(hl, shd)
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
                fmt = _child(lvl, TAG_numFmt)
                levels[_int(lvl.get(TAG_ilvl))] = (
                    fmt.get(TAG_val, "decimal") if fmt is not None else "decimal"
                )
            abstract[an.get(TAG_abstractNumId, "")] = levels
        for n in self._numbering.iterfind(TAG_num):
            ref = _child(n, TAG_abstractNumId)
            if ref is not None:
                for level, fmt in abstract.get(ref.get(TAG_val, ""), {}).items():
                    formats[(n.get(TAG_numId, ""), level)] = fmt
        return formats


_SMALL_INT = re.compile(r"-?\d{1,6}")
_SYM_CODE = re.compile(r"[0-9A-Fa-f]{2,4}")
_NUMBERED_STYLE = re.compile(r"\s(\d)$")
_HEADING_STYLE = re.compile(r"(heading|overskrift)\s*\d", re.IGNORECASE)


def _int(value: str | None) -> int:
    """A small whole number from an attribute; 0 for anything else (damaged or hostile XML)."""
    if value is None or not _SMALL_INT.fullmatch(value.strip()):
        return 0
    return int(value)


def _child(element: Any, tag: str) -> Any:
    """``element.find(tag)``: its first child with this tag, or None.

    lxml's ``find`` goes through ElementPath, a couple of microseconds a call; the reader
    asks a dozen times a paragraph, and this loop over a few children is many times faster.
    """
    return _first_in(element[:], tag)


def _first_in(children: list[Any], tag: str) -> Any:
    """The first of ``children`` (``element[:]``, a list) with this tag, or None."""
    for child in children:
        if child.tag == tag:
            return child
    return None


def _path(element: Any, *tags: str) -> Any:
    """``element.find("a/b/c")`` for the tags a, b, c: the first match in document order."""
    for child in element[:]:
        if child.tag == tags[0]:
            if len(tags) == 1:
                return child
            found = _path(child, *tags[1:])
            if found is not None:
                return found
    return None


def _simple_run(run: Any) -> tuple[Any, Any, Any, Any] | None:
    """(w:t, w:b, w:highlight, w:shd) of a run that is one text and nothing else, or None.

    The run holds its w:t, after its w:rPr if it has one, and the w:rPr neither names a
    character style nor hides the text (w:rStyle, w:vanish, w:specVanish): the text's
    formatting is then the paragraph style's and the run's w:b, w:highlight and w:shd.
    """
    kids = run[:]
    if len(kids) == 1:
        t = kids[0]
        return (t, None, None, None) if t.tag == TAG_t else None
    if len(kids) != 2 or kids[1].tag != TAG_t or kids[0].tag != TAG_rPr:
        return None
    b, rs, hl, shd, vanish, spec = _run_properties(kids[0])
    if rs is not None or vanish is not None or spec is not None:
        return None
    return kids[1], b, hl, shd


def _run_properties(rpr: Any) -> tuple[Any, Any, Any, Any, Any, Any]:
    """The first w:b, w:rStyle, w:highlight, w:shd, w:vanish, w:specVanish of a w:rPr.

    The first of each, as ``find()`` would give: the only run properties the reader reads.
    """
    b = rs = hl = shd = vanish = spec = None
    for child in rpr[:]:
        tag = child.tag
        if tag == TAG_b:
            b = child if b is None else b
        elif tag == TAG_rStyle:
            rs = child if rs is None else rs
        elif tag == TAG_highlight:
            hl = child if hl is None else hl
        elif tag == TAG_shd:
            shd = child if shd is None else shd
        elif tag == TAG_vanish:
            vanish = child if vanish is None else vanish
        elif tag == TAG_specVanish:
            spec = child if spec is None else spec
    return b, rs, hl, shd, vanish, spec


def _on(element: Any) -> bool:
    if element is None:
        return False
    # <w:b/> holds no attribute at all: values() says so for a sixth of get()'s cost.
    return not element.values() or element.get(TAG_val, "true") not in ("0", "false", "off")


def _highlighted(hl: Any, shd: Any) -> bool:
    """Whether a run property's first w:highlight or w:shd marks its text."""
    if hl is not None and hl.get(TAG_val, "none") != "none":
        return True
    return shd is not None and shd.get(TAG_fill, "auto") not in ("auto", "FFFFFF", "ffffff")


# Children of a run that hold no run, text box or subdocument: the run's own text loop reads
# them, and nothing below them is looked at.
_RUN_LEAVES = frozenset((TAG_del, TAG_pPr, TAG_rPr, TAG_t))
# Children that are, or may hold, a run, a text box or a subdocument: a run's child with one
# of these tags, or with any child of its own (a drawing, ruby text), is looked into after
# the run.
_RUN_NESTING = frozenset(
    (TAG_r, TAG_txbxContent, TAG_subDoc, TAG_AlternateContent, TAG_sdt, TAG_moveFrom)
)


# Block and row-level wrappers whose content Word shows (see _shown_children), and tracked
# changes around blocks or rows: inserted or moved here (shown), deleted or moved away (not
# shown: read as accepted).
_WRAPPERS = frozenset(
    (TAG_sdt, TAG_customXml, TAG_AlternateContent, TAG_ins, TAG_moveTo, TAG_del, TAG_moveFrom)
)
# A paragraph mark deleted or moved away: accepted, the paragraph joins the next one.
_GONE = frozenset((TAG_del, TAG_moveFrom))


# --------------------------------------------------------------------------- flattening


class _Flattener:
    """Turns the body into a stream of Line / DelmaalGrid / ContentTable items."""

    def __init__(self, styles: _Styles, footnotes: dict[str, str]) -> None:
        self.styles = styles
        self.footnotes = footnotes
        # The form's reading of each distinct text of this document (labels, guidance),
        # shared with the assembler: worked out once per text, dropped with the document.
        self.memo = form.Memo()
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
        # Whether the mark of the paragraph read last is a tracked deletion (or moved away):
        # Word, accepting it, joins the paragraph to the next one.
        self.mark_gone = False
        self.raw_text = ""  # the paragraph read last, as Word shows it: what it joins with
        # Paragraphs of the body read so far, against Limits.max_paragraphs (see add_blocks).
        self.paragraphs = 0
        self.max_paragraphs: int | None = None
        self.name = "the document"

    # paragraphs ---------------------------------------------------------------

    def paragraph(self, p: Any, location: str, kids: list[Any] | None = None) -> Line:
        """The paragraph as a Line; ``kids``: its children, ``p[:]``, when already at hand.

        ``p[:]`` (one list, built in C) is read instead of iterating ``p``, and attributes
        are asked for as seldom as may be: lxml's iterator and ``get`` with a namespaced name
        cost more than the rest of the work on a short paragraph.
        """
        if kids is None:
            kids = p[:]
        # w:pPr comes first where Word writes it; anywhere else, the first one is found too.
        ppr = kids[0] if kids and kids[0].tag == TAG_pPr else _first_in(kids, TAG_pPr)
        style_id = ""
        num: tuple[str, int] | None = None
        left = 0
        self.mark_gone = False
        if ppr is not None:
            ps = numpr = ind = None
            for child in ppr[:]:  # the first of each, as find() would give
                tag = child.tag
                if tag == TAG_pStyle:
                    ps = child if ps is None else ps
                elif tag == TAG_numPr:
                    numpr = child if numpr is None else numpr
                elif tag == TAG_ind:
                    ind = child if ind is None else ind
                elif tag == TAG_rPr and len(child):
                    # The paragraph mark's own run properties: a tracked deletion of the mark
                    # (or its move away) comes first in them where Word writes it.
                    self.mark_gone = self.mark_gone or any(m.tag in _GONE for m in child[:2])
            if ps is not None:
                style_id = ps.get(TAG_val, "")
            if numpr is not None:
                nid = _child(numpr, TAG_numId)
                ilvl = _child(numpr, TAG_ilvl)
                if nid is not None:
                    num = (
                        nid.get(TAG_val, ""),
                        _int(ilvl.get(TAG_val)) if ilvl is not None else 0,
                    )
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
        # The runs and text boxes of the paragraph as Word shows them, in order, walked
        # without a generator (one resumed for every run cost a tenth of the paragraph's
        # time) and without recursion. Every run, with whether it stands in moved-away text
        # (w:moveFrom anywhere above it: Word shows it struck through there and reads it
        # where it was moved to); each text box after the run that anchors it; each
        # subdocument. Left out: runs of a content control showing its placeholder, tracked
        # deletions (w:del), and every alternative of mc:AlternateContent but the one Word
        # shows, so a text box is found once, not as DrawingML and again as VML. Runs in
        # hyperlinks, fields, smart tags, custom XML and insertions are runs like any other.
        # A run is looked into (a drawing's text box, ruby text) only when one of its
        # children may hold one.
        stack: list[tuple[Iterator[Any], bool, Any]] = []
        children: Iterator[Any] = iter(kids)
        moved = False
        anchor: Any = None
        # Most paragraphs are one run of one text, with or without paragraph and run
        # properties (a form's answers, a list's items). Such a paragraph is read here as
        # the walk below would read it, and the walk is given nothing to do.
        single = (
            kids[0] if len(kids) == 1 else kids[1] if len(kids) == 2 and ppr is kids[0] else None
        )
        if single is not None and single.tag == TAG_r:
            simple = _simple_run(single)
            if simple is not None:
                t, b, hl, shd = simple
                if default_hidden or para_hidden:
                    unseen.append(t.text or "")
                    parts.append("")
                else:
                    joined = t.text or ""
                    parts.append(joined)
                    if joined.strip():
                        text_runs = 1
                        bold_runs = _on(b) if b is not None else style.bold
                        highlighted_runs = _highlighted(hl, shd) or style.highlight
                children = iter(())
        while True:
            element = next(children, None)
            if element is None:
                if not stack:
                    break
                children, moved, anchor = stack.pop()
                continue
            tag = element.tag
            if tag == TAG_r:
                run = element
                run_kids = run[:]
                rpr = (
                    run_kids[0]
                    if run_kids and run_kids[0].tag == TAG_rPr
                    else _first_in(run_kids, TAG_rPr)
                )
                run_facts = None
                hidden = default_hidden or para_hidden
                b = hl = shd = None
                if rpr is not None:
                    b, rs, hl, shd, vanish, spec = _run_properties(rpr)
                    run_style = rs.get(TAG_val) if rs is not None else None
                    if run_style:
                        run_facts = self.styles.facts(run_style)
                        hidden = default_hidden or (para_hidden != run_facts.hidden)
                    if vanish is not None:  # direct formatting: its value, whatever the styles say
                        hidden = _on(vanish)
                    hidden = hidden or _on(spec)
                if moved or hidden or in_code:
                    unseen_runs.add(run)
                run_text = []
                nesting = False
                for child in run_kids:
                    ctag = child.tag
                    if ctag == TAG_t:
                        if moved or hidden or in_code:
                            unseen.append(child.text or "")
                        else:
                            run_text.append(child.text or "")
                        continue
                    if ctag == TAG_rPr:
                        continue
                    if (ctag in _RUN_NESTING or len(child)) and ctag not in _RUN_LEAVES:
                        nesting = nesting or isinstance(ctag, str)
                    if ctag == TAG_fldChar:
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
                        pass
                    elif ctag == TAG_tab:
                        run_text.append("\t")
                    elif ctag in (TAG_br, TAG_cr):
                        # values(): no attribute at all, no type, for a fraction of get()
                        if not child.values() or child.get(TAG_type) != "page":
                            run_text.append("\n")
                    elif ctag == TAG_noBreakHyphen:
                        run_text.append("-")
                    elif ctag == TAG_sym:
                        code = child.get(TAG_char, "")
                        if _SYM_CODE.fullmatch(code):
                            run_text.append(chr(int(code, 16)))
                    elif ctag == TAG_footnoteReference:
                        note = self.footnote(child.get(TAG_id, ""), location)
                        if note is not None:
                            notes.append(note)
                joined = "".join(run_text)
                if joined.strip():
                    text_runs += 1
                    inherited_bold = bool(run_facts and run_facts.bold) or style.bold
                    bold = _on(b) if b is not None else inherited_bold
                    bold_runs += bold
                    highlighted = (
                        (rpr is not None and _highlighted(hl, shd))
                        or style.highlight
                        or bool(run_facts and run_facts.highlight)
                    )
                    highlighted_runs += highlighted
                parts.append(joined)
                if nesting:  # a drawing's text box, ruby text: looked into, after the run
                    stack.append((children, moved, anchor))
                    children, anchor = iter(run_kids), run
            elif tag == TAG_txbxContent:
                # A text box: read once, after this paragraph, unless its anchor run is hidden.
                if anchor in unseen_runs:
                    unseen.append(f" {_raw_text(element)} ")
                else:
                    boxes.append(element)
            elif tag == TAG_subDoc:
                # A subdocument Word puts in a paragraph of its own: not read, and said so.
                subdocs += 1
                self.not_read.append(
                    (
                        f"{location}, imported content {subdocs}",
                        TAG_subDoc,
                        self.part,
                        _rel_id(element),
                    )
                )
            elif tag == TAG_AlternateContent:
                chosen = _shown_alternative(element)
                if chosen is not None:
                    stack.append((children, moved, anchor))
                    children = iter(chosen[:])
            elif tag == TAG_sdt:
                if not shows_placeholder(element):
                    stack.append((children, moved, anchor))
                    children = iter(element[:])
            elif tag == TAG_moveFrom:
                stack.append((children, moved, anchor))
                children, moved = iter(element[:]), True
            elif tag not in _RUN_LEAVES and isinstance(tag, str) and len(element):
                stack.append((children, moved, anchor))
                children = iter(element[:])
        text = self.raw_text = "".join(parts)
        if unseen and "".join(unseen).strip():
            self.not_shown.append((location, "".join(unseen).strip()))
        self.last_boxes = boxes

        kind = ParagraphKind.BODY
        level = 0
        style_name = style.name
        if num is not None and num[0] not in ("", "0"):
            fmt = self.styles.num_format(num)
            kind = ParagraphKind.BULLET if fmt in ("bullet", "none") else ParagraphKind.NUMBERED
            level = max(0, min(num[1], 8))
            numbered_style = _NUMBERED_STYLE.search(style.name)
            if from_style and level == 0 and numbered_style:
                # "List Bullet 2" / "Opstilling-punkttegn 2": the level is in the style's name.
                level = max(0, int(numbered_style.group(1)) - 1)
        else:
            # Only text starting with a glyph, an "o" or white space (str.isspace is the
            # pattern's \s) can start with a bullet.
            glyph = (
                _GLYPH_BULLET.match(text)
                if text and (text[0] in _GLYPH_FIRST or text[0].isspace())
                else None
            )
            if glyph and text[glyph.end() :].strip():
                kind = ParagraphKind.BULLET
                text = text[glyph.end() :]
                level = max(0, min(8, round(left / 720) - 1))
            elif style.heading:
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

    def paragraph_items(
        self, p: Any, location: str, out: list[Item], kids: list[Any] | None = None
    ) -> None:
        """A paragraph, then the blocks of its text boxes (each read once, see paragraph)."""
        out.append(self.paragraph(p, location, kids))
        for n, box in enumerate(self.last_boxes, start=1):
            self.add_blocks(box, f"{location}, text box {n}, ", out)

    # tables -------------------------------------------------------------------

    def grid(self, tbl: Any) -> list[list[tuple[Any, bool]]]:
        """Rows of (tc, is_vertical_continuation), one entry per real cell (spans collapsed).

        Rows and cells inside content controls and custom XML (a delmål row in a repeating
        section, say) are rows and cells as Word shows them.
        """
        rows: list[list[tuple[Any, bool]]] = []
        for tr in _shown_children(tbl, TAG_tr):
            # A row deleted with tracked changes (w:trPr/w:del) is read as accepted: gone.
            # w:trPr comes first, or after w:tblPrEx.
            head = tr[:2]
            trpr = head[0] if head and head[0].tag == TAG_trPr else _first_in(head, TAG_trPr)
            if trpr is not None and len(trpr) and _first_in(trpr[:], TAG_del) is not None:
                continue
            row = []
            for tc in _shown_children(tr, TAG_tc):
                tc_kids = tc[:]
                tcpr = (
                    tc_kids[0]
                    if tc_kids and tc_kids[0].tag == TAG_tcPr
                    else _first_in(tc_kids, TAG_tcPr)
                )
                vmerge = _first_in(tcpr[:], TAG_vMerge) if tcpr is not None else None
                cont = vmerge is not None and vmerge.get(TAG_val, "continue") == "continue"
                row.append((tc, cont))
            rows.append(row)
        return rows

    def blocks(self, container: Any, location: str) -> list[Item]:
        """Items of a body, a cell or a text box, in order.

        Descends into layout tables, and through content controls, custom XML and markup
        compatibility (one alternative) as Word shows them; paragraphs and tables are counted
        through them, so every location is told once.
        """
        out: list[Item] = []
        self.add_blocks(container, location, out)
        return out

    def add_blocks(self, container: Any, location: str, out: list[Item]) -> None:
        """``blocks``, appended to ``out``.

        One list for the whole body, not a generator stacked on a generator for every
        table, cell and paragraph.
        """
        p_index = t_index = c_index = 0
        # A paragraph whose mark is a tracked deletion, read as accepted: joined to the next
        # paragraph (which keeps its own kind and style), or dropped when nothing of it shows.
        joining: Line | None = None
        joining_raw = ""
        for child in _shown_children(container, TAG_p, TAG_tbl, TAG_altChunk, TAG_subDoc):
            tag = child.tag
            if tag == TAG_p:
                p_index += 1
                self.paragraphs += 1
                if self.max_paragraphs is not None and self.paragraphs > self.max_paragraphs:
                    raise UnsafeDocxError(
                        f"{self.name} holds more than {self.max_paragraphs} paragraphs, the "
                        "limit (a delaftale has a few hundred). The file was not read. Pass "
                        "limits=Limits(max_paragraphs=...) if you trust it."
                    )
                where = f"{location}paragraph {p_index}"
                kids = child[:]
                inline = split_inline(child) if _first_in(kids, TAG_sdt) is not None else None
                if inline is not None and self.memo(_raw_text_of(inline[0])).label:
                    # "Label: [content control]" in one paragraph: the label, then the answer.
                    label, answer = _split_paragraph(child, *inline)
                    self.paragraph_items(label, where, out)
                    self.paragraph_items(answer, where, out)
                else:
                    # paragraph_items, inline: this runs for every paragraph of the body
                    line = self.paragraph(child, where, kids)
                    if joining is not None and out and out[-1] is joining:
                        out.pop()
                        raw = self.raw_text
                        plain = line.text == raw.strip()  # no bullet glyph taken off
                        raw = joining_raw + raw
                        line.text = raw.strip() if plain else f"{joining.text} {line.text}"
                        line.footnotes = joining.footnotes + line.footnotes
                    else:
                        raw = self.raw_text
                    joining = None
                    if self.mark_gone and not self.last_boxes:
                        if not line.text and not line.footnotes:
                            continue
                        joining, joining_raw = line, raw
                    out.append(line)
                    if self.last_boxes:
                        for n, box in enumerate(self.last_boxes, start=1):
                            self.add_blocks(box, f"{where}, text box {n}, ", out)
            elif tag == TAG_tbl:
                t_index += 1
                self.table(child, f"{location}table {t_index}", out)
            else:
                # Content Word imports when it opens the file (HTML, RTF, another .docx) or
                # links from another file: not read here, and said so.
                c_index += 1
                where = f"{location}imported content {c_index}"
                self.not_read.append((where, tag, self.part, _rel_id(child)))

    def table(self, tbl: Any, location: str, out: list[Item]) -> None:
        grid = self.grid(tbl)
        if not grid:
            return
        delmaal = self.delmaal(grid, location)
        if delmaal is not None:
            out.append(delmaal)
            return
        if self.is_layout(grid):
            for r, row in enumerate(grid, start=1):
                for c, (tc, cont) in enumerate(row, start=1):
                    if not cont:
                        self.add_blocks(tc, f"{location}, row {r}, cell {c}, ", out)
            return
        table = self.content_table(grid)
        out.append(ContentTable(table=table, location=location, text=str(Text.of(table))))

    def is_layout(self, grid: list[list[tuple[Any, bool]]]) -> bool:
        """A table is layout (the form's label boxes) when a cell starts with a form label."""
        for row in grid:
            for tc, _ in row:
                for p in _shown_children(tc, TAG_p):
                    # Not p.itertext(): python-docx's element classes override .text.
                    text = "".join(t.text or "" for t in p.iter(TAG_t)).strip()
                    if not text:
                        continue
                    reading = self.memo(text)
                    if reading.label is not None or reading.guidance:
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
            if len(row) < 4:  # four named columns at least, "Delmål" among them
                continue
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


def _shown_children(container: Any, *tags: str) -> list[Any]:
    """The children of a block container with one of ``tags``, seen through wrappers.

    Block and row-level wrappers Word shows the content of: content controls (unless they
    show their placeholder, which is no answer), custom XML, and one alternative of
    ``mc:AlternateContent``. Iterative, so deep wrapping costs no Python recursion. A
    container without wrappers (nearly all) is one list comprehension.
    """
    kids = container[:]
    found = []
    for child in kids:  # nearly every container: no wrapper, one pass
        tag = child.tag
        if tag in tags:
            found.append(child)
        elif tag in _WRAPPERS:
            break
    else:
        return found
    found = []
    stack = [iter(kids)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag in tags:
            found.append(child)
        elif tag == TAG_sdt:
            content = _child(child, TAG_sdtContent)
            if content is not None and not shows_placeholder(child):
                stack.append(iter(content[:]))
        elif tag in (TAG_customXml, TAG_ins, TAG_moveTo):
            stack.append(iter(child[:]))
        elif tag == TAG_AlternateContent:
            chosen = _shown_alternative(child)
            if chosen is not None:
                stack.append(iter(chosen[:]))
    return found


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
        flattener.paragraphs, flattener.name = 0, package.name
        flattener.max_paragraphs = package.limits.max_paragraphs  # the body's, not a header's
        items = flattener.blocks(body, "")
        not_read = [(where, _not_read_note(package, *what)) for where, *what in flattener.not_read]
    assembler = Assembler(package.name, memo=flattener.memo)
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
