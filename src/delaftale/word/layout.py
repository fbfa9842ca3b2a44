"""Where each label's answer sits, in any layout of the form: shared by the reader and writer.

A person filling in a delaftale by hand puts the answer where the form leaves room for it:

* the cell to the right of the label cell (two-column tables, label left, answer right);
* the cell in the row below (LBF's one-column label rows: a shaded label row, a white row);
* the rest of the label's own cell (LBF's one-cell style: label and guidance in one cell);
* the paragraphs after a label paragraph or heading (no layout tables);
* a content control (``w:sdt``, block or run level) in any of those places, or in the label's
  own paragraph after the label ("Delaftalen gælder fra - til: [Klik her …]").

``slot_of`` finds that *answer slot* for a label paragraph, and a ``Slot`` can say what it
holds now, empty itself and take new content. The reader uses the same module to see through
content controls (a placeholder is not an answer), so a layout one side learns, the other
side learns too. Only lxml's element API is used, so python-docx's element classes (writer)
and plain lxml elements (reader) both work.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from delaftale.word import form
from delaftale.word.form import Section

__all__ = [
    "PLACEHOLDER_TEXTS",
    "Slot",
    "SlotKind",
    "delmaal_header",
    "find_slots",
    "is_placeholder_text",
    "label_paragraphs",
    "paragraph_text",
    "shows_placeholder",
    "slot_of",
    "split_inline",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
P, R, T, TBL, TR, TC = (f"{_W}{t}" for t in ("p", "r", "t", "tbl", "tr", "tc"))
SDT, SDT_CONTENT, SDT_PR = f"{_W}sdt", f"{_W}sdtContent", f"{_W}sdtPr"
PPR, RPR, TCPR, TCW = f"{_W}pPr", f"{_W}rPr", f"{_W}tcPr", f"{_W}tcW"
_SHOWING = f"{_W}showingPlcHdr"
_PLAIN_TEXT = f"{_W}text"
_SECT_PR = f"{_W}sectPr"
_VAL = f"{_W}val"
_BLOCKS = (P, TBL, SDT)

PLACEHOLDER_TEXTS: tuple[str, ...] = (
    "Klik eller tryk her for at skrive tekst.",
    "Klik her for at angive tekst.",
    "Klik eller tryk for at angive en dato.",
    "Click or tap here to enter text.",
    "Click here to enter text.",
    "Click or tap to enter a date.",
)
"""Word's own placeholder texts for content controls (Danish and English Word)."""

_PLACEHOLDER_KEYS = frozenset(form.normalise(t) for t in PLACEHOLDER_TEXTS)


def is_placeholder_text(text: str) -> bool:
    """Whether a text is one of Word's content-control placeholders, by its words."""
    return form.normalise(text) in _PLACEHOLDER_KEYS


def _on(element: Any) -> bool:
    return element is not None and element.get(_VAL, "true") not in ("0", "false", "off")


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(T))


def shows_placeholder(sdt: Any) -> bool:
    """Whether a content control shows its placeholder (so it holds no answer)."""
    pr = sdt.find(SDT_PR)
    if pr is not None and _on(pr.find(_SHOWING)):
        return True
    content = sdt.find(SDT_CONTENT)
    return content is not None and is_placeholder_text(_text(content))


def paragraph_text(p: Any) -> str:
    """The text a person reads in a paragraph, leaving out content controls' placeholders."""
    parts = []
    for child in p:
        if child.tag == SDT:
            if not shows_placeholder(child):
                parts.append(_text(child))
        else:
            parts.append(_text(child))
    return "".join(parts)


def _label(p: Any) -> form.Label | None:
    text = paragraph_text(p).strip()
    label = form.match_label(text) if text else None
    if label is None and p.find(SDT) is not None:
        split = split_inline(p)
        if split is not None:
            label = form.match_label("".join(_text(c) for c in split[0]))
    return label


def split_inline(p: Any) -> tuple[list[Any], Any] | None:
    """A paragraph's children before a run-level content control that follows text, and it.

    "Delaftalen gælder fra - til: [control]": the label's words, then the answer's control.
    """
    control = _inline_control(p)
    if control is None:
        return None
    before = []
    for child in p:
        if child is control:
            break
        if child.tag != PPR:
            before.append(child)
    return before, control


class SlotKind(enum.Enum):
    """Where an answer sits relative to its label."""

    RIGHT_CELL = "the cell to the right of the label"
    ROW_BELOW = "the cell in the row below the label"
    OWN_CELL = "the rest of the label's own cell"
    FOLLOWING = "the paragraphs after the label"
    INLINE = "a content control in the label's own paragraph"


def _cell_of(element: Any) -> Any:
    """The w:tc an element stands in directly (or through block content controls)."""
    parent = element.getparent()
    while parent is not None and parent.tag in (SDT_CONTENT, SDT):
        parent = parent.getparent()
    return parent if parent is not None and parent.tag == TC else None


def _cells(tr: Any) -> list[Any]:
    cells = []
    for child in tr:
        if child.tag == TC:
            cells.append(child)
        elif child.tag == SDT:  # a row whose cells sit in a content control
            content = child.find(SDT_CONTENT)
            if content is not None:
                cells.extend(c for c in content if c.tag == TC)
    return cells


def _next_row(tr: Any) -> Any:
    row = tr.getnext()
    while row is not None and row.tag != TR:
        row = row.getnext()
    return row


def _has_label(element: Any) -> bool:
    return any(_label(p) is not None for p in element.iter(P))


def delmaal_header(tbl: Any) -> tuple[int, dict[int, str]] | None:
    """Whether a table is the delmål table: its header row and the field of each column.

    The header may follow a title row; four or more of the six columns, "Delmål" among them,
    make it the delmål table.
    """
    for r, row in enumerate(list(tbl.iterfind(TR))[:3]):
        columns: dict[int, str] = {}
        for c, tc in enumerate(row.findall(TC)):
            column = form.match_column(" ".join(_text(p) for p in tc.iter(P)))
            if column is not None and column.field not in columns.values():
                columns[c] = column.field
        if len(columns) >= 4 and "title" in columns.values():
            return r, columns
    return None


def _is_delmaal_table(tbl: Any) -> bool:
    return delmaal_header(tbl) is not None


def _is_boundary(element: Any) -> bool:
    """Whether an element after a label paragraph ends that label's answer."""
    tag = element.tag
    if tag == P:
        return _label(element) is not None
    if tag == TBL:
        return _is_delmaal_table(element) or _has_label(element)
    if tag == SDT:
        return _has_label(element) or any(_is_delmaal_table(t) for t in element.iter(TBL))
    return tag == _SECT_PR or tag not in _BLOCKS


def _inline_control(p: Any) -> Any:
    """A run-level content control after the label's words, in the label's paragraph."""
    seen_text = False
    for child in p:
        if child.tag == SDT and seen_text:
            return child
        if _text(child).strip():
            seen_text = True
    return None


@attrs.define(eq=False)
class Slot:
    """The answer slot of one label: where a person writes the answer to it.

    ``label`` is the label's ``w:p``; ``cell`` the ``w:tc`` holding the answer for the cell
    kinds (the label's own cell for ``OWN_CELL``). What the slot holds is worked out from the
    document as it stands, so the slot stays right while the document is edited around it.
    """

    section: Section | None
    label: Any
    kind: SlotKind
    cell: Any = None

    # what it holds -------------------------------------------------------------------

    def elements(self) -> list[Any]:
        """The block elements (w:p, w:tbl, w:sdt) of the answer as the document stands."""
        if self.kind in (SlotKind.RIGHT_CELL, SlotKind.ROW_BELOW):
            return [c for c in self.cell if c.tag in _BLOCKS]
        if self.kind is SlotKind.INLINE:
            control = _inline_control(self.label)
            return [control] if control is not None else []
        found = []
        sibling = self.label.getnext()
        while sibling is not None:
            if self.kind is SlotKind.FOLLOWING and _is_boundary(sibling):
                break
            if sibling.tag in _BLOCKS:
                found.append(sibling)
            sibling = sibling.getnext()
        return found

    def control(self) -> Any:
        """The content control that takes the answer, if the slot has one."""
        for element in self.elements():
            if element.tag == SDT:
                return element
            if element.tag == P:
                for child in element:
                    if child.tag == SDT:
                        return child
        return None

    def answer_text(self) -> str:
        """The answer's text: guidance, placeholders, labels and the form's fixed text left out."""
        texts = []
        for element in self.elements():
            paragraphs = [element] if element.tag == P else list(element.iter(P))
            for p in paragraphs:
                text = paragraph_text(p).strip()
                if (
                    text
                    and not form.is_guidance(text)
                    and not form.is_boilerplate(text)
                    and not is_placeholder_text(text)
                    and form.match_label(text) is None
                ):
                    texts.append(text)
        return "\n".join(texts)

    def width(self) -> int | None:
        """The width of the answer's cell in twentieths of a point, when the cell says it."""
        if self.cell is None:
            return None
        tcw = self.cell.find(f"{TCPR}/{TCW}")
        if tcw is None or tcw.get(f"{_W}type", "dxa") != "dxa":
            return None
        value = tcw.get(f"{_W}w", "")
        return int(value) if value.isdigit() and 500 <= int(value) <= 40000 else None

    def base(self) -> Any:
        """A paragraph carrying the slot's own paragraph formatting, or ``None``.

        The first paragraph in the slot that is neither guidance nor a placeholder gives it
        (a form's answer cell often holds one empty paragraph in the cell's style); the
        paragraph-mark run formatting is left out, so green guidance does not colour content.
        """
        for element in self.elements():
            paragraphs = [element] if element.tag == P else list(element.iter(P))
            for p in paragraphs:
                text = paragraph_text(p).strip()
                if form.is_guidance(text) or is_placeholder_text(text):
                    continue
                ppr = p.find(PPR)
                if ppr is None:
                    return None
                clean = p.makeelement(P, nsmap=p.nsmap)
                ppr_copy = copy.deepcopy(ppr)
                for rpr in ppr_copy.findall(RPR):
                    ppr_copy.remove(rpr)
                clean.append(ppr_copy)
                return clean
        return None

    # changing it -----------------------------------------------------------------------

    def clear(self) -> None:
        """Empty the slot; a content control is kept (emptied) so the form stays a form."""
        for element in self.elements():
            if element.tag == SDT:
                content = element.find(SDT_CONTENT)
                if content is not None:
                    for child in list(content):
                        content.remove(child)
                continue
            control = next((c for c in element if c.tag == SDT), None)
            if element.tag == P and control is not None and element is not self.label:
                for child in list(element):
                    if child is not control and child.tag != PPR:
                        element.remove(child)
                content = control.find(SDT_CONTENT)
                if content is not None:
                    for child in list(content):
                        content.remove(child)
                continue
            if element.tag == P and form.is_fixed_text(paragraph_text(element)):
                continue  # the form's own text under the label stays
            element.getparent().remove(element)
        self._close_cell()

    def clear_placeholder(self) -> None:
        """Take a content control's placeholder away, for an answer left empty."""
        control = self.control()
        if control is None or not shows_placeholder(control):
            return
        content = control.find(SDT_CONTENT)
        if content is not None:
            _clear_children(content)
            if control.getparent() is not None and control.getparent().tag != P:
                content.append(content.makeelement(P, nsmap=content.nsmap))
        _unshow(control.find(SDT_PR))

    def fill(self, blocks: list[Any]) -> None:
        """Put the answer's block elements (w:p, w:tbl) into the slot.

        A content control takes them (its placeholder and ``showingPlcHdr`` removed); a
        control that cannot hold them (a plain-text control given several paragraphs, a
        run-level control given more than one paragraph of body text) is replaced by them.
        Otherwise they go first in the slot, before whatever it still holds.
        """
        control = self.control()
        if control is not None:
            self._fill_control(control, blocks)
        elif self.kind in (SlotKind.RIGHT_CELL, SlotKind.ROW_BELOW):
            _insert_first(self.cell, blocks)
        else:
            _insert_after(self.label, blocks)
        if self.cell is not None:
            # The empty paragraphs the guidance stood in would show as blank lines.
            ours = {id(b) for b in blocks}
            for element in self.elements():
                if id(element) not in ours and _is_empty_paragraph(element):
                    element.getparent().remove(element)
        self._close_cell()

    def _fill_control(self, control: Any, blocks: list[Any]) -> None:
        pr = control.find(SDT_PR)
        content = control.find(SDT_CONTENT)
        if content is None:
            content = control.makeelement(SDT_CONTENT, nsmap=control.nsmap)
            control.append(content)
        run_level = control.getparent() is not None and control.getparent().tag == P
        plain = pr is not None and pr.find(_PLAIN_TEXT) is not None
        one_paragraph = len(blocks) == 1 and blocks[0].tag == P and _is_body(blocks[0])
        if run_level and one_paragraph:
            _clear_children(content)
            for run in [c for c in blocks[0] if c.tag != PPR]:
                content.append(run)
            _unshow(pr)
            return
        if not run_level and (one_paragraph or not plain):
            _clear_children(content)
            for block in blocks:
                content.append(block)
            _unshow(pr)
            return
        # The control cannot hold this content: the content takes the control's place.
        if run_level:
            p = control.getparent()
            p.remove(control)
            if p is self.label or paragraph_text(p).strip():
                _insert_after(p, blocks)
            else:
                _replace(p, blocks)
        else:
            _replace(control, blocks)

    def _close_cell(self) -> None:
        cell = self.cell if self.cell is not None else _cell_of(self.label)
        if cell is not None:
            last = [c for c in cell if c.tag in _BLOCKS]
            if not last or last[-1].tag != P:
                cell.append(cell.makeelement(P, nsmap=cell.nsmap))  # a cell ends with a w:p


def _is_empty_paragraph(element: Any) -> bool:
    if element.tag != P or _text(element).strip():
        return False
    return all(child.tag in (PPR, R) and not _has_object(child) for child in element)


def _has_object(run: Any) -> bool:
    """Whether a run holds something visible without text (a picture, a footnote mark …)."""
    return any(child.tag not in (RPR, T, f"{_W}tab", f"{_W}br") for child in run)


def _is_body(p: Any) -> bool:
    ppr = p.find(PPR)
    return ppr is None or ppr.find(f"{_W}numPr") is None


def _unshow(pr: Any) -> None:
    if pr is None:
        return
    for flag in pr.findall(_SHOWING):
        pr.remove(flag)


def _clear_children(element: Any) -> None:
    for child in list(element):
        element.remove(child)


def _insert_after(anchor: Any, blocks: Iterable[Any]) -> None:
    for block in blocks:
        anchor.addnext(block)
        anchor = block


def _insert_first(cell: Any, blocks: list[Any]) -> None:
    first = next((c for c in cell if c.tag in _BLOCKS), None)
    if first is None:
        cell.extend(blocks)
        return
    for block in blocks:
        first.addprevious(block)


def _replace(element: Any, blocks: list[Any]) -> None:
    _insert_after(element, blocks)
    element.getparent().remove(element)


def slot_of(label: Any, section: Section | None = None) -> Slot:
    """The answer slot of a label paragraph, found the way a person would find it.

    ``section`` names the label (``None`` for a label the form does not know, such as an
    activity's extra section "Rekruttering:").
    """
    if _inline_control(label) is not None:
        return Slot(section=section, label=label, kind=SlotKind.INLINE)
    cell = _cell_of(label)
    if cell is None:
        return Slot(section=section, label=label, kind=SlotKind.FOLLOWING)
    row = cell.getparent()
    while row is not None and row.tag != TR:
        row = row.getparent()
    if row is None:
        return Slot(section=section, label=label, kind=SlotKind.OWN_CELL, cell=cell)
    cells = _cells(row)
    index = cells.index(cell)
    if index + 1 < len(cells) and not _has_label(cells[index + 1]):
        return Slot(section=section, label=label, kind=SlotKind.RIGHT_CELL, cell=cells[index + 1])
    rest = [
        e
        for e in label.itersiblings()
        if e.tag in _BLOCKS and (e.tag != P or paragraph_text(e).strip())
    ]
    below = _next_row(row)
    if not rest and below is not None:
        below_cells = _cells(below)
        if below_cells:
            target = below_cells[min(index, len(below_cells) - 1)]
            if not _has_label(target) and not _is_delmaal_inside(target):
                return Slot(section=section, label=label, kind=SlotKind.ROW_BELOW, cell=target)
    return Slot(section=section, label=label, kind=SlotKind.OWN_CELL, cell=cell)


def _is_delmaal_inside(cell: Any) -> bool:
    return any(_is_delmaal_table(t) for t in cell.iter(TBL))


def label_paragraphs(elements: Iterable[Any]) -> Iterator[tuple[Section, Any]]:
    """Every paragraph that is a form label, with its section, in document order."""
    for element in elements:
        for p in [element] if element.tag == P else element.iter(P):
            label = _label(p)
            if label is not None:
                yield label.section, p


def find_slots(elements: Iterable[Any]) -> list[Slot]:
    """The answer slot of every label in the given block elements (or a body), in order."""
    return [slot_of(p, section) for section, p in label_paragraphs(elements)]
