"""From a page's characters and rulings to text lines, paragraphs and table cells.

Nothing here imports a PDF library: the reader hands over pdfplumber's character and
rectangle dictionaries (``text``, ``fontname``, ``size``, ``x0``, ``x1``, ``top``,
``bottom``, ``non_stroking_color``), and gets back lines with the signals the form needs.
A PDF has no paragraphs, only positioned glyphs; paragraphs are told from the lines as a
reader's eye tells them: a vertical gap, a bullet, a change of font or highlight, a start
further left or right, or a line that ends short although the next line's first word would
have fitted after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from delaftale.model import ParagraphKind

__all__ = [
    "Box",
    "PLine",
    "Para",
    "join_lines",
    "make_lines",
    "paragraphs",
    "vocabulary",
]

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_STRONG_GLYPHS = frozenset("\uf0b7\uf0a7\uf076\uf0d8\uf0fc•·▪◦●○■□➢►✓")
_WEAK_GLYPHS = frozenset("-–")
_NUMBER = re.compile(r"(\d{1,2}|[a-z])[.)]$")
_CONJUNCTIONS = frozenset({"og", "eller", "samt", "til", "and", "or"})
_SUPERSCRIPT = 0.85
"""A character smaller than this share of its line's size, and raised, is a superscript."""


def base_font(fontname: str) -> str:
    """A font's name without the subset tag ("BAAAAA+DejaVuSerif" -> "DejaVuSerif")."""
    return fontname.split("+", 1)[-1]


def is_bold(fontname: str) -> bool:
    """Whether a font is a bold face, by its name."""
    return _BOLD.search(base_font(fontname)) is not None


@attrs.define(eq=False)
class Box:
    """Where a line stands: the page's text column, or a cell of a table (layout or content).

    ``key`` tells boxes apart; a box continued on the next page (same left and right) is the
    same box for paragraphs.
    """

    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    key: int
    left: float = 0.0
    """Where the text starts (after the cell's padding)."""
    right: float = 0.0
    """How far a line of text may reach."""


@attrs.define(eq=False)
class PLine:
    """One line of text on a page, with what paragraphs and labels are told by."""

    page: int
    text: str
    raw: str
    """The text with its superscripts (footnote references) left in."""
    refs: list[str]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    color: str
    bold: bool
    highlighted: bool
    kind: ParagraphKind = ParagraphKind.BODY
    glyph_x0: float = 0.0
    """Where a bullet's or number's glyph starts (the line's x0 otherwise)."""
    first_word: float = 0.0
    """Width of the line's first word (after a bullet glyph)."""
    first_char: float = 0.0
    """Width of the line's first character (after a bullet glyph)."""
    space: float = 3.0
    trailing_space: bool = False
    """Whether a space glyph ends the line (LibreOffice keeps the space it broke the line at)."""
    trailing_spaces: int = 0
    """How many (two where the author typed two)."""
    weak_bullet: bool = False
    """Started by "-" or "–" and a space: a bullet if it starts a paragraph, else text."""
    unbulleted: str = ""
    """The text with the glyph kept (for a weak bullet that is not one)."""
    box: Box | None = None

    @property
    def single_word(self) -> bool:
        """Whether the line is one word (a word broken mid-word fills its lines alone)."""
        return " " not in self.text


@attrs.define(eq=False)
class Para:
    """A paragraph: its lines, kind and level."""

    lines: list[PLine]
    kind: ParagraphKind
    level: int

    @property
    def first(self) -> PLine:
        """Its first line."""
        return self.lines[0]


def _cluster(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into lines by their baseline; superscripts join their line."""
    ordered = sorted(chars, key=lambda c: c["bottom"])
    groups: list[list[dict[str, Any]]] = []
    start = -1e9
    for c in ordered:
        if c["bottom"] - start > 1.5:
            groups.append([c])
            start = c["bottom"]
        else:
            groups[-1].append(c)
    return _superscripts_forward(groups)


def _superscripts_forward(lines: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Join a line of small raised characters to the larger line just below it.

    A superscript's baseline is above its line's, so sorted by baseline it comes first.
    """
    out: list[list[dict[str, Any]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines):
            nxt = lines[i + 1]
            size = max(c["size"] for c in line)
            next_size = max(c["size"] for c in nxt)
            mid = (min(c["top"] for c in line) + max(c["bottom"] for c in line)) / 2
            if size < _SUPERSCRIPT * next_size and min(c["top"] for c in nxt) - 1 <= mid <= max(
                c["bottom"] for c in nxt
            ):
                out.append(line + nxt)
                i += 2
                continue
        out.append(line)
        i += 1
    return out


def _color(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ",".join(f"{v:.2f}" if isinstance(v, int | float) else "?" for v in value)
    return str(value)


def _inside(x: float, y: float, rects: Sequence[tuple[float, float, float, float]]) -> bool:
    return any(r[0] <= x <= r[1] and r[2] <= y <= r[3] for r in rects)


def make_lines(
    chars: Iterable[dict[str, Any]],
    page: int,
    highlights: Sequence[tuple[float, float, float, float]] = (),
) -> list[PLine]:
    """The page's (or a cell's) characters as lines, top to bottom.

    ``highlights`` are filled rectangles (x0, x1, top, bottom) taken for a highlight pen: a
    line whose characters all stand on one is highlighted.
    """
    useful = [c for c in chars if c.get("text")]
    lines = []
    for group in _cluster(useful):
        line = _line(sorted(group, key=lambda c: c["x0"]), page, highlights)
        if line is not None:
            lines.append(line)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _line(
    chars: list[dict[str, Any]],
    page: int,
    highlights: Sequence[tuple[float, float, float, float]],
) -> PLine | None:
    main = [c for c in chars if not c["text"].isspace()]
    if not main:
        return None
    size = max(c["size"] for c in main)
    baseline = max(c["bottom"] for c in main if c["size"] >= _SUPERSCRIPT * size)
    text: list[str] = []
    raw: list[str] = []
    refs: list[str] = []
    sup: list[str] = []
    prev: dict[str, Any] | None = None
    body = []
    for c in chars:
        ch = c["text"]
        small = c["size"] < _SUPERSCRIPT * size and c["bottom"] < baseline - 0.15 * size
        if small and not ch.isspace():
            sup.append(ch)
            raw.append(ch)
            prev = c
            continue
        if sup:
            refs.append("".join(sup))
            sup = []
        if ch.isspace():
            if text:  # every space the author typed, two included ("og  distriktsleder")
                text.append(" ")
                raw.append(" ")
            prev = c
            continue
        if prev is not None and c["x0"] - prev["x1"] > 0.2 * c["size"] and text and text[-1] != " ":
            text.append(" ")
            raw.append(" ")
        text.append(ch)
        raw.append(ch)
        body.append(c)
        prev = c
    if sup:
        refs.append("".join(sup))
    if not body:  # only superscripts: a footnote number alone on its line, say
        body = main
        text = raw = [c["text"] for c in main]
        refs = []
    line = PLine(
        page=page,
        text="".join(text).strip(),
        raw="".join(raw).strip(),
        refs=refs,
        x0=min(c["x0"] for c in main),
        x1=max(c["x1"] for c in main),
        top=min(c["top"] for c in body),
        bottom=max(c["bottom"] for c in body),
        size=round(max(c["size"] for c in body), 1),
        font="",
        color="",
        bold=False,
        highlighted=bool(highlights)
        and all(
            _inside((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, highlights)
            for c in (body[0], body[len(body) // 2], body[-1])
        ),
    )
    spaces = [c["x1"] - c["x0"] for c in chars if c["text"] == " "]
    line.space = spaces[0] if spaces else 0.3 * line.size
    trailing = 0
    while trailing < len(chars) and chars[-1 - trailing]["text"].isspace():
        trailing += 1
    line.trailing_space = trailing > 0
    line.trailing_spaces = trailing
    words = body[_bullet(line, body) :] or body
    # The font of the words, not of a bullet glyph (OpenSymbol, Symbol) before them.
    line.font = base_font(words[0]["fontname"])
    line.color = _color(words[0].get("non_stroking_color"))
    line.bold = all(is_bold(c["fontname"]) for c in words)
    return line


def _bullet(line: PLine, body: list[dict[str, Any]]) -> int:
    """Recognise a bullet glyph or a list number at the line's start, and measure its words.

    Returns how many characters the glyph or number takes.
    """
    start = 0
    glyph = body[0]["text"]
    gap = body[1]["x0"] - body[0]["x1"] if len(body) > 1 else 0.0
    wide = gap > 0.5 * line.size  # a tab after the glyph, as list numbering makes
    text = line.text
    if glyph in _STRONG_GLYPHS and len(body) > 1:
        line.kind, start = ParagraphKind.BULLET, 1
    elif glyph in _WEAK_GLYPHS and len(body) > 1 and text[1:2] == " ":
        line.kind, start = ParagraphKind.BULLET, 1
        line.weak_bullet = not wide
    elif glyph == "o" and len(body) > 1 and wide:
        line.kind, start = ParagraphKind.BULLET, 1
    else:
        number = text.split(" ", 1)[0]
        if _NUMBER.match(number) and len(body) > len(number):
            after = body[len(number)]
            if after["x0"] - body[len(number) - 1]["x1"] > 0.5 * line.size:
                line.kind, start = ParagraphKind.NUMBERED, len(number)
    if start:
        line.glyph_x0 = body[0]["x0"]
        line.unbulleted = text
        cut = len(glyph) if line.kind is ParagraphKind.BULLET else len(text.split(" ", 1)[0])
        line.text = text[cut:].strip()
        line.raw = line.raw[line.raw.find(text[:cut]) + cut :].strip()
        line.x0 = body[start]["x0"]
    else:
        line.glyph_x0 = line.x0
    rest = body[start:]
    end = rest[0]
    for c in rest:
        if c["x0"] - end["x1"] > 0.2 * c["size"]:
            break
        end = c
    line.first_word = end["x1"] - rest[0]["x0"]
    line.first_char = rest[0]["x1"] - rest[0]["x0"]
    return start


# --------------------------------------------------------------------------- paragraphs


def _same_box(a: PLine, b: PLine) -> bool:
    if a.box is b.box:
        return True
    if a.box is None or b.box is None or a.page == b.page:
        return False
    # A cell continued on the next page: same left and right edges.
    return abs(a.box.x0 - b.box.x0) < 2 and abs(a.box.x1 - b.box.x1) < 2


def _right(line: PLine, body_right: float) -> float:
    return line.box.right if line.box is not None else body_right


def _fits(prev: PLine, line: PLine, body_right: float) -> bool:
    """Whether the line's first word would have fitted at the end of the line before."""
    room = _right(prev, body_right) - prev.x1
    return room > prev.space * max(1, prev.trailing_spaces) + line.first_word + 1.0


def breaks(prev: PLine, line: PLine, para: Para, body_right: float, exact: bool = False) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev`` (the paragraph ``para``)."""
    if not _same_box(prev, line):
        return True
    if line.page == prev.page and line.top - prev.bottom > 0.45 * prev.size:
        return True
    if line.kind is not ParagraphKind.BODY and not line.weak_bullet:
        return True
    if (
        prev.bold != line.bold
        or abs(prev.size - line.size) > 0.6
        or prev.font != line.font
        or prev.highlighted != line.highlighted
    ):
        return True
    expected = para.first.x0
    start = line.glyph_x0 if line.weak_bullet else line.x0
    if abs(start - expected) > 4.5 and not (
        para.kind is ParagraphKind.BULLET and abs(start - para.first.glyph_x0) <= 4.5
    ):  # a typed "- " bullet goes on under its dash, a list bullet under its text
        return True
    if exact and not prev.trailing_space:
        room = _right(prev, body_right) - prev.x1
        if room > prev.space + 0.5:
            # The line ends short of the edge without the space it was broken at: the end
            # of a paragraph, unless it was broken after a hyphen or mid-word.
            return not (
                prev.text.endswith(("-", "/"))
                or (prev.single_word and room < line.first_char + 1.0)
            )
    return _fits(prev, line, body_right)


_WORD = re.compile(r"\w+")
_CLOSING = frozenset(",.;:!?)]}»”’")


_WIDE = 150.0
"""A column this wide (points) breaks no word mid-word: every word on its lines is whole."""


def vocabulary(lines: Iterable[PLine]) -> frozenset[str]:
    """The document's words known to stand whole, to judge words broken in narrow cells.

    All words of lines in wide columns; in a narrow cell only those inside a line, and its
    last word when a space glyph follows it.
    """
    words: set[str] = set()
    for line in lines:
        found = _WORD.findall(line.text.casefold())
        box = line.box
        if box is None or box.right - box.left > _WIDE:
            words.update(found)
        else:
            words.update(found[1:] if line.trailing_space else found[1:-1])
    return frozenset(words)


def _runs_on(out: str, prev: PLine, line: PLine, gap: float, vocab: frozenset[str]) -> bool:
    """Whether a line broken where no space glyph tells goes on without a space."""
    text = line.text
    if text[:1] in _CLOSING:  # "erhvervspraktikforløb" "," : a line does not start so
        return True
    if out[-1:] in _CLOSING:
        return False
    if out.endswith("-") and len(out) > 1 and out[-2].isalnum():
        return text.split(" ", 1)[0].casefold() not in _CONJUNCTIONS  # "Ansvars-" "og"
    a = _WORD.findall(out[-60:])
    b = _WORD.match(text)
    if a and b and prev.single_word:
        head, joined = a[-1].casefold(), (a[-1] + b.group()).casefold()
        # The document's own words decide: "grundskol"+"en" is "grundskolen" when that stands
        # whole elsewhere and "grundskol" does not; "påbegyndt" "en" the other way round.
        whole = joined in vocab or _starts_a_word(joined, vocab)  # "gennemført(e)"
        if whole and head not in vocab:
            return True
        if head in vocab and not whole:
            # "påbegyndt" "en": two words; "aktiviteten" "s": a word's last letter.
            return b.group().casefold() not in vocab
    # No word of the document tells: a line of one word filling a narrow cell to its edge,
    # with no room for the next line's first character, was broken mid-word.
    return (
        prev.single_word
        and text[:1].isalnum()
        and prev.box is not None
        and prev.box.right - prev.box.left <= _WIDE
        and gap < line.first_char + 1.0
    )


def _starts_a_word(prefix: str, vocab: frozenset[str]) -> bool:
    return any(word.startswith(prefix) for word in vocab)


def join_lines(
    lines: Sequence[PLine],
    body_right: float,
    exact: bool = False,
    vocab: frozenset[str] = frozenset(),
) -> str:
    """The lines of a paragraph (or a cell) as one text.

    With ``exact`` (the PDF keeps the space glyph at the end of a line broken at a space when
    it fits, as LibreOffice's do), a line ending in one goes on after a space, and a line
    ending short of the edge without one goes on without ("18-29-" "årige"). Otherwise, and
    where the space would not have fitted, it is judged: a hyphen at the end runs on unless
    the next word is "og"/"eller" ("Ansvars-" "og"); a comma never starts a line; a word
    broken mid-word in a narrow cell ("gennemfør" "t") is joined when the document's own
    words say so (``vocab``), or when the line is one word reaching the cell's right edge.
    """
    out = ""
    prev: PLine | None = None
    for line in lines:
        text = line.text
        if prev is None or not out:
            out = text
            prev = line
            continue
        gap = _right(prev, body_right) - prev.x1
        if exact and prev.trailing_space:
            out += " " * prev.trailing_spaces + text
        elif out.endswith("\u00ad"):  # a soft hyphen Word shows only at the end of a line
            out = out[:-1] + text
        elif (exact and gap > prev.space + 0.5) or _runs_on(out, prev, line, gap, vocab):
            out = _unhyphenated(out, text, vocab) + text
        else:
            out += " " + text
        prev = line
    return out.replace("\u00ad", "")


def _unhyphenated(out: str, text: str, vocab: frozenset[str]) -> str:
    """The text so far without a hyphen at its end that only broke a word ("op-" "søger").

    Kept when the document does not have the word whole elsewhere: "18-29-" "årige",
    "skole-" "hjemkoordinatorer".
    """
    if not out.endswith("-"):
        return out
    head = _WORD.findall(out[-60:])
    tail = _WORD.match(text)
    if head and tail and out[-len(head[-1]) - 1 : -1] == head[-1]:
        joined = (head[-1] + tail.group()).casefold()
        if joined in vocab and not head[-1].isdigit():
            return out[:-1]
    return out


def paragraphs(
    lines: Sequence[PLine], body_right: float, body_left: float, exact: bool = False
) -> list[Para]:
    """Consecutive lines grouped into paragraphs (see ``breaks``)."""
    paras: list[Para] = []
    prev: PLine | None = None
    for line in lines:
        if prev is not None and paras and not breaks(prev, line, paras[-1], body_right, exact):
            if line.weak_bullet:  # "- " inside a paragraph: a dash that wrapped, not a bullet
                line.kind, line.text, line.raw = (
                    ParagraphKind.BODY,
                    line.unbulleted,
                    line.unbulleted,
                )
                line.x0 = line.glyph_x0
            paras[-1].lines.append(line)
        else:
            paras.append(Para(lines=[line], kind=line.kind, level=0))
        prev = line
    for para in paras:
        first = para.first
        if first.kind is not ParagraphKind.BODY:
            left = first.box.left if first.box is not None else body_left
            para.level = _level(first.glyph_x0, left)
    return paras


def _level(glyph_x0: float, left: float) -> int:
    return max(0, min(8, round((glyph_x0 - left) / 17.9)))
