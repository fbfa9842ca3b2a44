"""Read a born-digital PDF delaftale (exported from Word or LibreOffice) into an ``Agreement``.

The PDF is turned into the same stream of items the Word reader makes (``Line``,
``DelmaalGrid``, ``ContentTable``) and handed to the same ``Assembler``, which knows the
form by its words. What a PDF does not say is told from its layout: paragraphs from line
positions, bold from font names, bullets from their glyphs, footnotes from small raised
numbers and the small text under the footnote rule, tables from ruled cells, page headers and
footers from lines repeated at the same height on several pages.

pdfplumber (on pdfminer.six, both MIT) is imported here only, and only when a PDF is read.
Before it sees the file, ``safety.prescan`` checks the raw bytes against ``PdfLimits``.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
from collections import Counter
from typing import IO, Any, TypeAlias

import attrs

from delaftale.assembly import Assembler, ContentTable, DelmaalGrid, Item, Line
from delaftale.danish import parse_draft_line
from delaftale.errors import (
    CorruptPdfError,
    DelaftaleError,
    EncryptedPdfError,
    NotADocxError,
    NotAPdfTextError,
    UnsafeDocxError,
    UnsafePdfError,
)
from delaftale.model import Agreement, FocusArea, Paragraph, ParagraphKind, Table, Text
from delaftale.parse_report import ParseReport
from delaftale.pdf.layout import Box, Para, PLine, join_lines, make_lines, paragraphs, vocabulary
from delaftale.pdf.safety import PdfLimits, prescan
from delaftale.sources import read_source
from delaftale.word import form

__all__ = ["EncryptedPdfError", "PdfLimits", "Source", "read_pdf", "read_pdf_with_report"]

Source: TypeAlias = str | os.PathLike[str] | bytes | IO[bytes]
"""What the reader reads: a path, the file's bytes, or a binary file object."""


_PAGE_NUMBER = re.compile(
    r"(?:side|page|s\.)?\s*-?\s*\d{1,4}\s*-?(?:\s*(?:af|of|/)\s*\d{1,4})?", re.IGNORECASE
)
_FEW_LINES = 30
"""With fewer lines outside boxes, the right margin is not told by the longest line."""
_MARGIN = 0.1
"""Header and footer lines stand in the top and bottom tenth of the page."""

Rect: TypeAlias = tuple[float, float, float, float]


# --------------------------------------------------------------------------- extraction


@attrs.define(eq=False)
class _Cell:
    bbox: Rect  # x0, top, x1, bottom
    lines: list[PLine] = attrs.field(factory=list)
    continued: bool = False


@attrs.define(eq=False)
class _Grid:
    """A table of two or more columns (delmål or content), perhaps over several pages."""

    page: int
    top: float
    bottom: float
    xs: list[float]
    rows: list[list[_Cell | None]]
    last_page: int = 0
    """The page its last part stands on."""


@attrs.define(eq=False)
class _Page:
    number: int
    width: float
    height: float
    lines: list[PLine]
    grids: list[_Grid]
    footnotes: dict[str, list[PLine]]
    margin_lines: list[PLine]
    rules: list[float]


def _is_green(rect: dict[str, Any]) -> bool:
    color = rect.get("non_stroking_color")
    if not rect.get("fill") or not isinstance(color, list | tuple) or len(color) != 3:
        return False
    r, g, b = (float(v) if isinstance(v, int | float) else 0.0 for v in color)
    return g > 0.5 and g > r + 0.25 and g > b + 0.25


def _rulings(page: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The page's ruled lines as edges (vertical, horizontal): strokes and thin filled bars.

    Large filled rectangles (a cell's grey shading, a green highlight) are not rulings: taken
    as such, every highlighted line of guidance would make a table row.
    """
    vertical: list[dict[str, Any]] = []
    horizontal: list[dict[str, Any]] = []

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        if x1 - x0 < 1.5 and bottom - top > 3:
            x = (x0 + x1) / 2
            vertical.append(
                {
                    "x0": x,
                    "x1": x,
                    "top": top,
                    "bottom": bottom,
                    "orientation": "v",
                    "object_type": "line",
                    "width": 0,
                    "height": bottom - top,
                }
            )
        elif bottom - top < 1.5 and x1 - x0 > 3:
            y = (top + bottom) / 2
            horizontal.append(
                {
                    "x0": x0,
                    "x1": x1,
                    "top": y,
                    "bottom": y,
                    "orientation": "h",
                    "object_type": "line",
                    "width": x1 - x0,
                    "height": 0,
                }
            )

    for line in page.lines:
        add(line["x0"], line["top"], line["x1"], line["bottom"])
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if x1 - x0 < 2.5 or bottom - top < 2.5:
            if x1 - x0 < 2.5:
                add((x0 + x1) / 2, top, (x0 + x1) / 2 + 0.1, bottom)
            else:
                add(x0, (top + bottom) / 2, x1, (top + bottom) / 2 + 0.1)
        elif rect.get("stroke"):
            add(x0, top, x0 + 0.1, bottom)
            add(x1, top, x1 + 0.1, bottom)
            add(x0, top, x1, top + 0.1)
            add(x0, bottom, x1, bottom + 0.1)
    return vertical, horizontal


def _tables(
    page: Any, vertical: list[dict[str, Any]], horizontal: list[dict[str, Any]]
) -> list[tuple[Rect, list[list[Rect | None]]]]:
    """The page's ruled tables of two or more columns, as rows of cell boxes.

    A cell is None where a merged cell covers it. pdfplumber's ``find_tables`` is run only
    when the rulings can make columns (more than two distinct vertical positions): a page of
    the form's one-column boxes has just their left and right edges.
    """
    if len({round(e["x0"]) for e in vertical}) < 3 or len(horizontal) < 2:
        return []
    found = page.find_tables(
        {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_vertical_lines": vertical,
            "explicit_horizontal_lines": horizontal,
        }
    )
    return [_rows(t.cells) for t in found]


def _rows(found: list[Rect]) -> tuple[Rect, list[list[Rect | None]]]:
    """A table's cells as rows aligned on its columns (None where no cell starts).

    A table nested in a framed box comes out of pdfplumber with the box as a cell around the
    inner cells, and slivers between the box's edges and the inner table's: both are left out.
    """
    cells = [
        c
        for c in found
        if c[2] - c[0] >= 8
        and not any(
            d is not c
            and d[0] >= c[0] - 1
            and d[2] <= c[2] + 1
            and d[1] >= c[1] - 1
            and d[3] <= c[3] + 1
            and (d[2] - d[0]) * (d[3] - d[1]) < (c[2] - c[0]) * (c[3] - c[1])
            for d in found
        )
    ]
    if not cells:
        return (0.0, 0.0, 0.0, 0.0), []
    xs: list[float] = []
    for x in sorted(c[0] for c in cells):
        if not xs or x - xs[-1] > 2:
            xs.append(x)
    tops: list[float] = []
    for y in sorted(c[1] for c in cells):
        if not tops or y - tops[-1] > 2:
            tops.append(y)
    rows: list[list[Rect | None]] = [[None] * len(xs) for _ in tops]
    for c in cells:
        col = min(range(len(xs)), key=lambda i: abs(xs[i] - c[0]))
        row = min(range(len(tops)), key=lambda i: abs(tops[i] - c[1]))
        rows[row][col] = c
    bbox = (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )
    return bbox, rows


def _boxes(vertical: list[dict[str, Any]], horizontal: list[dict[str, Any]]) -> list[Rect]:
    """Ruled boxes between a left and the nearest right edge, cut by the rules across them.

    The form's one-column layout tables (a label row, an answer row) and a single framed box
    (which pdfplumber does not take for a table) are such boxes; their text is read in order.
    """
    boxes: list[Rect] = []
    edges = sorted(vertical, key=lambda e: e["x0"])
    for i, left in enumerate(edges):
        for right in edges[i + 1 :]:
            if right["x0"] - left["x0"] < 20:
                continue
            top = max(left["top"], right["top"])
            bottom = min(left["bottom"], right["bottom"])
            if bottom - top < 5:
                continue
            ys = sorted(
                h["top"]
                for h in horizontal
                if h["x0"] <= left["x0"] + 3
                and h["x1"] >= right["x0"] - 3
                and top - 3 <= h["top"] <= bottom + 3
            )
            if len(ys) < 2:
                continue  # an inner table's edge: the box closes further right
            for y0, y1 in itertools.pairwise(ys):
                if y1 - y0 > 3:
                    boxes.append((left["x0"], y0, right["x0"], y1))
            break
    return boxes


def _open_error(exc: BaseException, name: str) -> DelaftaleError:
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = (
            seen.__cause__
            or seen.__context__
            or (seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
        )
    kinds = {type(e).__name__ for e in chain}
    if kinds & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return EncryptedPdfError(
            f"{name} is protected with a password, so its text cannot be read. Open it with "
            "the password and save a copy without one (or print it to PDF), or ask for the "
            "delaftale as a Word file."
        )
    detail = str(chain[-1])[:200] or type(chain[-1]).__name__
    return CorruptPdfError(
        f"{name} is a damaged PDF (truncated, or its structure cannot be parsed: {detail}). "
        "Ask for a fresh copy, export it again from Word or LibreOffice, or read the Word file."
    )


class _Budget:
    """Characters and shapes made so far, refused as soon as there are more than the limits.

    Counted while pdfminer interprets the pages, before pdfplumber turns each into a
    dictionary of some 2 KB: a form XObject of a thousand characters drawn ten thousand times
    (a few kilobytes of PDF) is stopped at the limit, not after ten million dictionaries.
    """

    def __init__(self, name: str, limits: PdfLimits) -> None:
        self.name = name
        self.limits = limits
        self.chars = 0
        self.shapes = 0

    def char(self) -> None:
        self.chars += 1
        if self.chars > self.limits.max_chars:
            self.too_many_chars()

    def shape(self) -> None:
        self.shapes += 1
        if self.shapes > self.limits.max_shapes:
            raise UnsafePdfError(
                f"{self.name} draws more than {self.limits.max_shapes} lines, shapes and "
                "figures (a delaftale draws some hundreds). The file was not read. Pass "
                "limits=PdfLimits(max_shapes=...) if you trust it."
            )

    def too_many_chars(self) -> None:
        raise UnsafePdfError(
            f"{self.name} holds more than {self.limits.max_chars} characters (a delaftale "
            "has some tens of thousands). The file was not read. Pass "
            "limits=PdfLimits(max_chars=...) if you trust it."
        )


def _lay_out(pdf: Any, page: Any, budget: _Budget) -> None:
    """Interpret the page as pdfplumber does, counting what it makes against the budget.

    pdfplumber keeps a page's pdfminer layout in ``page._layout`` and makes it on first use;
    it is made here instead with a device that counts. Should pdfplumber change this, the
    page is read without counting (the stream limits still hold) and the characters are
    counted when made.
    """
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber import page as plumber_page

    aggregator = getattr(plumber_page, "PDFPageAggregatorWithMarkedContent", None)
    if aggregator is None or "_layout" in vars(page):  # pragma: no cover - another version
        return

    class Counting(aggregator):  # type: ignore[misc, valid-type]
        def render_char(self, *args: Any, **kwargs: Any) -> Any:
            budget.char()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args: Any, **kwargs: Any) -> Any:
            budget.shape()
            return super().paint_path(*args, **kwargs)

        def begin_figure(self, *args: Any, **kwargs: Any) -> Any:
            budget.shape()
            return super().begin_figure(*args, **kwargs)

        def render_image(self, *args: Any, **kwargs: Any) -> Any:
            budget.shape()
            return super().render_image(*args, **kwargs)

    device = Counting(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams)
    PDFPageInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _extract(data: bytes, name: str, limits: PdfLimits) -> list[_Page]:
    """Open the PDF with pdfplumber and take from every page what the reader needs."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # pdfminer's own, and anything a malformed file provokes
        raise _open_error(exc, name) from None
    pages: list[_Page] = []
    chars_seen = 0
    try:
        count = len(pdf.pages)
        if count > limits.max_pages:
            raise UnsafePdfError(
                f"{name} has {count} pages, more than the limit of {limits.max_pages} (a "
                "delaftale has a few dozen at most). The file was not read. Pass "
                "limits=PdfLimits(max_pages=...) if you trust it."
            )
        budget = _Budget(name, limits)
        for number, page in enumerate(pdf.pages, start=1):
            _lay_out(pdf, page, budget)
            chars = page.chars
            chars_seen += len(chars)
            if chars_seen > limits.max_chars:  # pragma: no cover - the budget stops it first
                budget.too_many_chars()
            pages.append(_page(page, number, chars))
            page.close()
    except DelaftaleError:
        raise
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise _open_error(exc, name) from None
    finally:
        with contextlib.suppress(Exception):  # closing a damaged file may fail as well
            pdf.close()
    return pages


def _page(page: Any, number: int, chars: list[dict[str, Any]]) -> _Page:
    width, height = float(page.width), float(page.height)
    highlights = [(r["x0"], r["x1"], r["top"], r["bottom"]) for r in page.rects if _is_green(r)]
    vertical, horizontal = _rulings(page) if chars else ([], [])
    tables = _tables(page, vertical, horizontal)
    grids: list[_Grid] = []
    key = number * 10_000
    for bbox, rows in tables:
        run: list[list[Rect | None]] = []
        for row in [*rows, []]:
            present = [c for c in row if c is not None]
            full = len(present) == 1 and present[0][0] - bbox[0] < 3 and bbox[2] - present[0][2] < 3
            if (full or not row) and run:
                grids.append(_grid(run, number))
                run = []
            elif row and not full:
                run.append(row)
    layout_cells = []
    for x0, top, x1, bottom in _boxes(vertical, horizontal):
        key += 1
        layout_cells.append(Box(x0, x1, top, bottom, number, key))
    layout_cells.sort(key=lambda b: (b.x1 - b.x0) * (b.bottom - b.top))  # innermost first
    # Characters in a grid's cell belong to it; the rest is the page's text (in layout cells
    # or not), read in order.
    free: list[dict[str, Any]] = []
    cell_chars: dict[int, list[dict[str, Any]]] = {}
    cells = [(cell, id(cell)) for grid in grids for row in grid.rows for cell in row if cell]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for cell, ident in cells:
            x0, top, x1, bottom = cell.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                cell_chars.setdefault(ident, []).append(ch)
                break
        else:
            free.append(ch)
    for cell, ident in cells:
        x0, top, x1, bottom = cell.bbox
        key += 1
        box = Box(x0, x1, top, bottom, number, key)
        cell.lines = make_lines(cell_chars.get(ident, []), number, highlights)
        _fit(box, cell.lines)
        for line in cell.lines:
            line.box = box
    lines = make_lines(free, number, highlights)
    by_box: dict[int, list[PLine]] = {}
    for line in lines:
        cy = (line.top + line.bottom) / 2
        for box in layout_cells:
            if box.x0 <= line.x0 and line.x1 <= box.x1 + 2 and box.top <= cy <= box.bottom:
                line.box = box
                by_box.setdefault(box.key, []).append(line)
                break
    for box in layout_cells:
        _fit(box, by_box.get(box.key, []))
    margin = [
        ln
        for ln in lines
        if ln.box is None and (ln.bottom < _MARGIN * height or ln.top > (1 - _MARGIN) * height)
    ]
    return _Page(number, width, height, lines, grids, {}, margin, _rules(page, height))


def _fit(box: Box, lines: list[PLine]) -> None:
    """A cell's text edges: its padding measured from its lines (LibreOffice's is 5.5 pt)."""
    pad = min((ln.glyph_x0 for ln in lines), default=box.x0 + 5.5) - box.x0
    pad = pad if 0 < pad < 20 else 5.5
    box.left = box.x0 + pad
    box.right = box.x1 - pad


def _grid(rows: list[list[Rect | None]], page: int) -> _Grid:
    xs = sorted({round(c[0], 1) for row in rows for c in row if c is not None})
    out: list[list[_Cell | None]] = []
    spans: dict[int, float] = {}  # column -> bottom of the last cell seen there
    for row in rows:
        cells: list[_Cell | None] = []
        top = min(c[1] for c in row if c is not None)
        for col, cell in enumerate(row):
            if cell is not None:
                cells.append(_Cell(bbox=cell))
                spans[col] = cell[3]
            elif spans.get(col, 0) > top + 1:
                cells.append(_Cell(bbox=(0, 0, 0, 0), continued=True))
            else:
                cells.append(None)
        out.append(cells)
    all_cells = [c for row in rows for c in row if c is not None]
    return _Grid(
        page=page,
        last_page=page,
        top=min(c[1] for c in all_cells),
        bottom=max(c[3] for c in all_cells),
        xs=xs,
        rows=out,
    )


def _rules(page: Any, height: float) -> list[float]:
    """Where short rules stand in the lower part of the page: footnote separators, perhaps."""
    return [
        r["top"]
        for r in (*page.rects, *page.lines)
        if r["bottom"] - r["top"] < 1.5
        and 20 < r["x1"] - r["x0"] < 0.45 * float(page.width)
        and r["top"] > 0.4 * height
    ]


def _footnotes(page: _Page) -> None:
    """Take the footnotes at the page's foot out of its lines, by number.

    Word and LibreOffice put them under a short rule in the lower part of the page, each
    starting with its number raised and small. Lines under the rule with no number, in a
    smaller size than the page's text, go on the footnote of the page before
    (``page.footnotes[""]``).
    """
    for rule in sorted(page.rules, reverse=True):  # the lowest short rule with notes under it
        below = [ln for ln in page.lines if ln.top > rule and ln.box is None]
        if not below:
            continue
        if below[0].refs and below[0].raw.startswith(below[0].refs[0]):
            break
        above = sorted(ln.size for ln in page.lines if ln.top < rule)
        if above and all(ln.size < above[len(above) // 2] for ln in below):
            break
    else:
        return
    notes: dict[str, list[PLine]] = {}
    current = notes.setdefault("", [])  # a note going on from the page before
    for line in below:
        if line.refs and line.raw.startswith(line.refs[0]):
            current = notes.setdefault(line.refs[0], [])
            line.refs = []
            line.raw = line.text
        current.append(line)
    if not notes[""]:
        del notes[""]
    page.footnotes = notes
    page.lines = [ln for ln in page.lines if not (ln.top > rule and ln.box is None)]


# --------------------------------------------------------------------------- the document


def _margin_key(line: PLine) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text), round(line.top / 3)


def _strip_margins(pages: list[_Page]) -> list[str]:
    """Remove page headers, footers and page numbers; the header texts (for the draft line)."""
    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        seen.update({_margin_key(ln) for ln in page.margin_lines})
    headers: list[str] = []
    for page in pages:
        drop = set()
        for line in page.margin_lines:
            repeated = len(pages) > 1 and seen[_margin_key(line)] > 1
            if repeated or _PAGE_NUMBER.fullmatch(line.text):
                drop.add(id(line))
                if line.text not in headers:
                    headers.append(line.text)
        page.lines = [ln for ln in page.lines if id(ln) not in drop]
    return headers


def _join_grids(pages: list[_Page]) -> list[tuple[int, float, PLine | _Grid]]:
    """Everything in reading order; a table going on over a page break made one table."""
    flow: list[tuple[int, float, PLine | _Grid]] = []
    for page in pages:
        entries: list[tuple[int, float, PLine | _Grid]] = [
            (page.number, ln.top, ln) for ln in page.lines
        ]
        entries += [(page.number, g.top, g) for g in page.grids]
        entries.sort(key=lambda e: e[1])
        for entry in entries:
            item = entry[2]
            last = flow[-1][2] if flow else None
            if (
                isinstance(item, _Grid)
                and isinstance(last, _Grid)
                and last.last_page == entry[0] - 1
                and len(item.xs) == len(last.xs)
                and all(abs(a - b) < 3 for a, b in zip(item.xs, last.xs, strict=True))
            ):
                _continue(last, item)
                continue
            flow.append(entry)
    return flow


def _cell_text(
    cell: _Cell | None,
    body_right: float,
    exact: bool = False,
    vocab: frozenset[str] = frozenset(),
) -> str:
    """A delmål cell's text: its paragraphs joined by spaces (as the transcriptions have them)."""
    if cell is None:
        return ""
    return " ".join(
        join_lines(p.lines, body_right, exact, vocab)
        for p in paragraphs(cell.lines, body_right, 0.0, exact)
    )


def _continue(grid: _Grid, more: _Grid) -> None:
    """Append a table's next-page part: drop a repeated header, rejoin a row split in two."""
    rows = more.rows
    if rows and grid.rows:
        texts = [_cell_text(c, 0) for c in rows[0]]
        if texts == [_cell_text(c, 0) for c in grid.rows[0]]:
            rows = rows[1:]  # the header row, repeated on the new page
    if rows and grid.rows:
        first = [_cell_text(c, 0) for c in rows[0]]
        filled = [t for t in first if t]
        if filled and all(not (t[0].isupper() or t[0].isdigit()) for t in filled):
            # The row was split by the page break: its cells go on where they stopped.
            for col, cell in enumerate(rows[0]):
                target = grid.rows[-1][col] if col < len(grid.rows[-1]) else None
                if cell is not None and target is not None:
                    target.lines.extend(cell.lines)
            rows = rows[1:]
    grid.rows.extend(rows)
    grid.last_page = more.page


def _kind(para: Para, body: tuple[str, float]) -> ParagraphKind:
    first = para.first
    if para.kind is not ParagraphKind.BODY:
        return para.kind
    family = first.font.split("-", 1)[0]
    if all(ln.bold for ln in para.lines) and (
        family != body[0].split("-", 1)[0] or first.size > body[1] + 0.5
    ):
        return ParagraphKind.HEADING
    return ParagraphKind.BODY


_SENTENCE_END = re.compile(r"[.:)](?= [A-ZÆØÅ])")


def _guidance_heads(text: str) -> list[str]:
    """The form's guidance paragraphs a paragraph starts with, when more text follows them."""
    heads: list[str] = []
    while len(text) > 40 and not form.is_guidance(text):
        for match in _SENTENCE_END.finditer(text):
            head = text[: match.end()]
            if form.is_guidance(head):
                heads.append(head)
                text = text[match.end() :].lstrip()
                break
        else:
            break
    return heads


class _Builder:
    """Turns the pages into the Assembler's items."""

    def __init__(self, pages: list[_Page]) -> None:
        self.pages = pages
        self.headers = _strip_margins(pages)
        for page in pages:
            _footnotes(page)
        self.notes: dict[str, str] = {}
        all_lines = [ln for p in pages for ln in p.lines]
        fonts: Counter[tuple[str, float]] = Counter()
        for ln in all_lines:
            fonts[(ln.font, ln.size)] += len(ln.text)
        self.body_font = fonts.most_common(1)[0][0] if fonts else ("", 11.0)
        free = [ln for ln in all_lines if ln.box is None]
        # Whether the PDF keeps the space at the end of a line broken at a space (LibreOffice
        # does): then a line without one was broken inside a word.
        self.exact = any(ln.trailing_space for ln in all_lines)
        cell_lines = [
            ln
            for p in pages
            for g in p.grids
            for row in g.rows
            for cell in row
            if cell is not None
            for ln in cell.lines
        ]
        self.vocab = vocabulary([*all_lines, *cell_lines])
        self.body_right = max((ln.x1 for ln in free), default=0.0)
        self.body_left = min((ln.glyph_x0 for ln in free), default=0.0)
        if len(free) < _FEW_LINES and pages:
            # Too few lines to find the right margin by the longest: take it as wide as the
            # left one, as the page's text is set.
            self.body_right = max(self.body_right, pages[0].width - self.body_left)
        last = ""
        for page in pages:
            for number, note_lines in page.footnotes.items():
                text = join_lines(note_lines, self.body_right, self.exact, self.vocab)
                if number == "" and last:  # the footnote of the page before goes on
                    self.notes[last] += " " + text
                elif text and number and number not in self.notes:
                    self.notes[number] = text
                    last = number
        self.used: set[str] = set()
        for ln in all_lines:
            if ln.refs and not all(r in self.notes for r in ln.refs):
                ln.text, ln.refs = ln.raw, []
        for page in pages:
            for grid in page.grids:
                for row in grid.rows:
                    for cell in row:
                        for ln in cell.lines if cell is not None else ():
                            if ln.refs and not all(r in self.notes for r in ln.refs):
                                ln.text, ln.refs = ln.raw, []

    def items(self) -> list[Item]:
        flow = _join_grids(self.pages)
        items: list[Item] = []
        run: list[PLine] = []
        counts: Counter[int] = Counter()
        tables: Counter[int] = Counter()
        for _page_no, _top, entry in flow:
            if isinstance(entry, PLine):
                run.append(entry)
                continue
            items += self._lines(run, counts)
            run = []
            tables[entry.page] += 1
            items.append(self._table(entry, f"page {entry.page}, table {tables[entry.page]}"))
        items += self._lines(run, counts)
        return items

    def _footnotes(self, lines: list[PLine]) -> tuple[str, ...]:
        out = []
        for ln in lines:
            for ref in ln.refs:
                if ref in self.notes and ref not in self.used:
                    self.used.add(ref)
                    out.append(self.notes[ref])
        return tuple(out)

    def _lines(self, run: list[PLine], counts: Counter[int]) -> list[Item]:
        out: list[Item] = []
        for para in paragraphs(run, self.body_right, self.body_left, self.exact):
            first = para.first
            counts[first.page] += 1
            kind = _kind(para, self.body_font)
            text = join_lines(para.lines, self.body_right, self.exact, self.vocab)
            location = f"page {first.page}, paragraph {counts[first.page]}"
            signature = (
                f"{first.font}@{first.size}@{first.color}",
                all(ln.bold for ln in para.lines),
            )
            for guidance in _guidance_heads(text):
                # Two paragraphs of the form's guidance with nothing between them to tell
                # where one ends: the guidance the form has is split off by its words.
                out.append(Line(guidance, kind, 0, (), location, True, signature))
                text = text[len(guidance) :].lstrip()
            out.append(
                Line(
                    text=text,
                    kind=kind,
                    level=para.level,
                    footnotes=self._footnotes(para.lines),
                    location=location,
                    highlighted=all(ln.highlighted for ln in para.lines),
                    signature=signature,
                )
            )
        return out

    def _table(self, grid: _Grid, location: str) -> DelmaalGrid | ContentTable:
        texts = [
            [_cell_text(c, self.body_right, self.exact, self.vocab) for c in row]
            for row in grid.rows
        ]
        for r, row in enumerate(texts[:3]):
            found: dict[int, str] = {}
            for c, text in enumerate(row):
                col = form.match_column(text)
                if col is not None and col.field not in found.values():
                    found[c] = col.field
            if len(found) >= 4 and "title" in found.values():
                rows = [
                    [
                        (texts[i][c], cell is not None and cell.continued)
                        for c, cell in enumerate(grid.rows[i])
                    ]
                    for i in range(r + 1, len(grid.rows))
                ]
                return DelmaalGrid(columns=found, rows=rows, location=location)
        table = Table(rows=tuple(tuple(self._cell(cell) for cell in row) for row in grid.rows))
        return ContentTable(table=table, location=location, text=str(Text.of(table)))

    def _cell(self, cell: _Cell | None) -> Text:
        if cell is None or cell.continued:
            return Text()
        blocks = []
        for para in paragraphs(cell.lines, self.body_right, self.body_left, self.exact):
            kind = _kind(para, self.body_font)
            blocks.append(
                Paragraph(
                    text=join_lines(para.lines, self.body_right, self.exact, self.vocab),
                    kind=kind,
                    level=para.level,
                    footnotes=self._footnotes(para.lines),
                )
            )
        return Text(blocks=tuple(blocks))


# --------------------------------------------------------------------------- entry points


def _read(source: Source, limits: PdfLimits) -> tuple[bytes, str]:
    try:
        data, name = read_source(source, limits.max_file_bytes)
    except UnsafeDocxError as exc:
        raise UnsafePdfError(str(exc).replace("limits=Limits(", "limits=PdfLimits(")) from None
    except NotADocxError as exc:  # a folder
        raise CorruptPdfError(
            str(exc).replace("Word document", "PDF").replace(".docx", ".pdf")
        ) from None
    except TypeError:
        raise TypeError(
            "read_pdf needs a path, the file's bytes or a binary file object (opened with "
            f"'rb'), not {type(source).__name__}"
        ) from None
    if len(data) > limits.max_file_bytes:
        raise UnsafePdfError(
            f"{name} is more than the limit of {limits.max_file_bytes} bytes. Pass "
            "limits=PdfLimits(max_file_bytes=...) if you trust the file."
        )
    return data, name


def read_pdf_with_report(
    source: Source, *, focus_area: FocusArea | None = None, limits: PdfLimits | None = None
) -> tuple[Agreement, ParseReport]:
    """Read a delaftale PDF (exported from Word or LibreOffice) and say what was not placed.

    ``source`` is a path, the file's bytes, or a binary file object. ``focus_area`` overrides
    the area read from the title. Raises ``NotAPdfTextError`` for a scanned PDF (no text),
    ``CorruptPdfError`` for a damaged one (``EncryptedPdfError`` for one needing a
    password), ``UnsafePdfError`` for one over ``limits`` and ``NotADelaftaleError`` for a
    PDF that is not a delaftale.
    """
    limits = limits or PdfLimits()
    data, name = _read(source, limits)
    prescan(data, name, limits)
    pages = _extract(data, name, limits)
    if not any(page.lines or page.grids for page in pages):
        raise NotAPdfTextError(
            f"{name} has no text to read: it is a scan (pictures of the pages) or empty. Run "
            "it through OCR (text recognition) first, or ask for the delaftale as a Word file "
            "or as a PDF exported from Word or LibreOffice."
        )
    builder = _Builder(pages)
    items = builder.items()
    assembler = Assembler(name, what="a PDF")
    for text in builder.headers:
        draft = parse_draft_line(text) if form.is_draft_line(text) else None
        if draft is not None and assembler.draft is None:
            assembler.draft = draft
    assembler.walk(items)
    agreement = assembler.agreement(focus_area)
    return agreement, ParseReport(source=name, unplaced=assembler.unplaced, notes=assembler.notes)


def read_pdf(
    source: Source, *, focus_area: FocusArea | None = None, limits: PdfLimits | None = None
) -> Agreement:
    """Read a delaftale PDF into an ``Agreement``.

    The same as ``read_pdf_with_report``, without the report.
    """
    return read_pdf_with_report(source, focus_area=focus_area, limits=limits)[0]
