"""A revised delaftale as a Word document with tracked changes (*revisionsmærker*).

When the board (*bestyrelsen*) revises a delaftale, it wants the new version with Word's
revision marks wherever it differs from the old one: inserted text underlined, deleted text
struck through, each change with its author and date, so that it can accept or reject every
change in Word. Accepting all of them gives exactly the new document's text; rejecting all
of them gives the old one's.

Both versions are written by our own writer into the same form (the built-in form, or the
same blank template), so the two packages differ only where the data differ. This module
compares their XML and returns the new package with the marks added to ``word/document.xml``
and to the headers and footers present under the same name in both (a header only the new
package has, such as the built-in form's draft line, is marked inserted whole). Every other
part of the new package is kept byte for byte (its footnotes, numbering and styles are the
new ones).

Two documents of different forms are refused (``WriteError``) rather than compared: when
their bodies have a different number of sections, or another page size, margins or columns.
Compared block by block, two forms would give a document marked from end to end.

How the two are compared:

- The blocks of the body (paragraphs ``w:p``, tables ``w:tbl``, block content controls
  ``w:sdt``) are aligned by a longest common subsequence (``delaftale._align``) on a key:
  the block's kind, its paragraph style and its visible text. The common start and end are
  matched first, in linear time; the blocks between them are aligned only while ``len(old) *
  len(new)`` is at most ``MAX_ALIGNMENT`` (the alignment's cost grows with that product),
  and while the document's ``MAX_DOCUMENT_ALIGNMENT`` lasts. Beyond it the blocks between
  are marked as deleted and inserted whole, coarse but still exact.
- Blocks that differ and stand at the same place are paired when alike (paragraphs sharing
  at least half their words, or only their properties changed; tables of the same grid;
  content controls of the same tag); others are deleted and inserted whole.
- A paired paragraph of plain runs (text, tabs, breaks, footnote references, also inside
  inline content controls of the same tag) is compared word by word: kept words in the new
  run's formatting, deleted words in ``w:del`` with the old run's formatting, inserted words
  in ``w:ins``. Word lists of more than ``MAX_WORD_ALIGNMENT`` pairs are not aligned: the
  old text is deleted and the new inserted. A paragraph holding anything else (fields,
  drawings, hyperlinks, bookmarks) is changed whole, within one paragraph: the old content
  deleted, then the new inserted.
- Paired tables are aligned row by row (key: the row's text), and paired rows cell by cell,
  recursing into the cells' blocks. A row only in the new version is inserted
  (``w:trPr/w:ins``), a row only in the old one is kept with ``w:trPr/w:del``; rows whose
  cell counts differ are deleted and inserted whole, as are tables whose grids differ.
- A paragraph only in the new version has its runs and its paragraph mark inserted
  (``w:pPr/w:rPr/w:ins``); one only in the old version is put back with its runs and its
  paragraph mark deleted. Word merges a paragraph whose mark is deleted with the paragraph
  after it, and keeps the properties of that next paragraph's mark: the marks are placed so
  that accepting (or rejecting) every change gives the new (or old) paragraphs one for one,
  also at the end of a table cell or of the body, where the last mark can be neither
  deleted nor inserted (there the paragraph before takes the mark, or the last old and new
  paragraphs share one paragraph). A block content control followed by a paragraph is no
  end: Word's flow of text goes on after it.
- Changed paragraph properties (a bullet made a body paragraph, another style) are recorded
  as ``w:pPrChange`` holding the old properties. Changed run formatting alone (bold, say) is
  not marked: the new formatting stands.

Footnotes: a footnote whose reference is deleted is copied into the new footnotes part under
an id of its own, its text marked deleted, so that no footnote is referenced twice and
rejecting the deletion brings it back (when the new version has no footnotes at all there is
no part to hold it, and the reference is left out). Not marked: run formatting, table, row
and cell properties, and section properties. Bookmarks, comments and proofing marks in
deleted text are left out; a list number in old text is pointed at a list of the same format
in the new numbering part. A header or footer only the old package had is not shown. When a
body ends with a table in one version only, the accepted (or rejected) document may end with
one empty paragraph more than that version, as Word shows one after a table at the end
anyway.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from copy import deepcopy
from typing import Any

from lxml import etree

from delaftale._align import Opcode, align
from delaftale.errors import WriteError
from delaftale.model import Agreement
from delaftale.word.package import Package, open_package
from delaftale.word.safety import Limits
from delaftale.word.writer import TemplateSource, check_output, render_docx

__all__ = [
    "MAX_ALIGNMENT",
    "MAX_DOCUMENT_ALIGNMENT",
    "MAX_WORD_ALIGNMENT",
    "revision_docx",
    "tracked_changes_bytes",
]

MAX_ALIGNMENT = 250_000
"""The largest ``len(old) * len(new)`` of blocks (or rows) aligned one by one.

The blocks between the common start and end of two versions are aligned by a longest
common subsequence (``delaftale._align``), whose time and memory grow with this product; a
delaftale has a few hundred blocks, so revisions of it stay far below the bound. Beyond it
those blocks are marked as deleted and inserted whole.
"""

MAX_WORD_ALIGNMENT = 250_000
"""The largest ``len(old) * len(new)`` of a paragraph's words (and spaces) aligned word by word.

A paragraph of 250 words against one of 250 words is 250,000 pairs, about 0,1 s at worst
(the common start and end are cut off first, so an edit of a few words costs next to
nothing); a longer changed stretch is marked as deleted and inserted whole.
"""

MAX_DOCUMENT_ALIGNMENT = 4_000_000
"""The pairs all alignments of one document may take together; then the rest is coarse."""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _q(name: str) -> str:
    return _W + name


P, R, T, TBL, TR, TC, SDT = (_q(n) for n in ("p", "r", "t", "tbl", "tr", "tc", "sdt"))
PPR, RPR, TRPR, TCPR, SDTPR, SDT_CONTENT = (
    _q(n) for n in ("pPr", "rPr", "trPr", "tcPr", "sdtPr", "sdtContent")
)
INS, DEL, DEL_TEXT, PPR_CHANGE = (_q(n) for n in ("ins", "del", "delText", "pPrChange"))
TAB, BR, CR, FOOTNOTE_REF = (_q(n) for n in ("tab", "br", "cr", "footnoteReference"))
INSTR_TEXT, DEL_INSTR_TEXT = _q("instrText"), _q("delInstrText")
SECT_PR, TBL_PR_EX = _q("sectPr"), _q("tblPrEx")
ID, AUTHOR, DATE, VAL = _q("id"), _q("author"), _q("date"), _q("val")
P_STYLE, NUM_PR, NUM_ID, TAG = _q("pStyle"), _q("numPr"), _q("numId"), _q("tag")
GRID_COL, TBL_GRID = _q("gridCol"), _q("tblGrid")

_BLOCKS = frozenset((P, TBL, SDT))
# Elements whose runs are runs of the paragraph (wrapped where they stand).
_RUN_CONTAINERS = frozenset(
    _q(n) for n in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")
)
# Markers that carry ids of their own (bookmarks, comments, permissions): left out of
# deleted text, whose old ids could clash with the new document's.
_MARKERS = frozenset(
    _q(n)
    for n in (
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "commentReference",
        "permStart",
        "permEnd",
        "proofErr",
        "lastRenderedPageBreak",
        "annotationRef",
        "endnoteReference",
    )
)
# What a plain run may hold for the word-by-word comparison.
_PLAIN_RUN = frozenset((RPR, T, TAB, BR, CR, FOOTNOTE_REF, _q("lastRenderedPageBreak")))
# Children of w:pPr after which w:rPr must not stand (CT_PPr: ... rPr, sectPr, pPrChange).
_AFTER_PARA_RPR = frozenset((SECT_PR, PPR_CHANGE))
_NOT_IN_PPR_BASE = frozenset((RPR, SECT_PR, PPR_CHANGE))
# Children of w:trPr after which w:ins and w:del must not stand.
_AFTER_ROW_MARK = frozenset((_q("trPrChange"),))

# A word (letters and digits, with inner "." or "," as in 61,21 or 1.000), a run of white
# space, or any other single character.
_TOKEN = re.compile(r"\w+(?:[.,]\w+)*|\s+|[^\w\s]")
_ID_ATTRIBUTE = re.compile(rb'\bw:id="(-?\d+)"')
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HEADER_FOOTER_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
)
_SIMILAR = 0.5  # quick_ratio of two paragraphs' words at which a changed one is paired
_PAIRING_WINDOW = 60  # blocks searched ahead for a partner within a changed stretch

Key = tuple[str, ...]


# --------------------------------------------------------------------------- the package


class _Side:
    """What one version's package says beyond its XML: footnote texts, lists, relationships."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.notes: dict[str, str] = {}
        self.note_elements: dict[str, Any] = {}
        self.footnotes_part = package.related(package.main, "/footnotes")
        self.footnotes_root: Any = None
        if self.footnotes_part is not None:
            self.footnotes_root = package.xml(self.footnotes_part)
            for note in self.footnotes_root.iter(_q("footnote")):
                text = "".join(t.text or "" for t in note.iter(T))
                self.notes[note.get(ID, "")] = " ".join(text.split())
                self.note_elements[note.get(ID, "")] = note
        self.list_formats: dict[str, str] = {}
        numbering = package.related(package.main, "/numbering")
        if numbering is not None:
            root = package.xml(numbering)
            abstract = {}
            for a in root.iter(_q("abstractNum")):
                fmt = a.find(f"{_W}lvl/{_W}numFmt")
                abstract[a.get(_q("abstractNumId"), "")] = (
                    fmt.get(VAL, "") if fmt is not None else ""
                )
            for num in root.iter(_q("num")):
                ref = num.find(_q("abstractNumId"))
                if ref is not None:
                    self.list_formats[num.get(NUM_ID, "")] = abstract.get(ref.get(VAL, ""), "")

    def relationships(self, part: str) -> dict[str, tuple[str, str, str]]:
        """A part's relationships, external ones too: id -> (type, target, mode)."""
        folder, _, base = part.rpartition("/")
        path = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not self.package.has(path):
            return {}
        return {
            rel.get("Id", ""): (
                rel.get("Type", ""),
                rel.get("Target", ""),
                rel.get("TargetMode", ""),
            )
            for rel in self.package.xml(path).iter(_REL)
        }


class _Revisions:
    """The revision marks of one run of ``tracked_changes_bytes``: ids, author, date."""

    def __init__(
        self,
        old: _Side,
        new: _Side,
        author: str,
        date: str,
        first_id: int,
    ) -> None:
        self.old = old
        self.new = new
        self.author = author
        self.date = date
        self.next_id = first_id
        self.marks = 0
        # The alignment pairs this document may still spend (MAX_DOCUMENT_ALIGNMENT).
        self.budget = [MAX_DOCUMENT_ALIGNMENT]
        # Old footnotes whose reference is deleted are copied into the new footnotes part
        # under ids of their own, their text marked deleted: two references to one footnote
        # renumber every later footnote in LibreOffice and are not valid in Word.
        self.notes_added = False
        self.old_rels: dict[str, tuple[str, str, str]] = {}
        self.new_rels: dict[str, tuple[str, str, str]] = {}

    def mark(self, tag: str) -> Any:
        """A new revision element (``w:ins``, ``w:del``, ``w:pPrChange``) with its own id."""
        element = etree.Element(tag, nsmap={"w": W})
        element.set(ID, str(self.next_id))
        element.set(AUTHOR, self.author)
        element.set(DATE, self.date)
        self.next_id += 1
        self.marks += 1
        return element

    # keys -------------------------------------------------------------------

    def text(self, element: Any, side: _Side) -> str:
        """The visible text of a block as the comparison sees it (footnotes by their text)."""
        out: list[str] = []
        for node in element.iter(T, TAB, BR, CR, FOOTNOTE_REF, _q("drawing"), _q("pict")):
            tag = node.tag
            if tag == T:
                out.append(node.text or "")
            elif tag == TAB:
                out.append("\t")
            elif tag in (BR, CR):
                out.append("\n")
            elif tag == FOOTNOTE_REF:
                out.append(f"\x00note:{side.notes.get(node.get(ID, ''), '')}\x00")
            else:
                out.append("\x00picture\x00")
        return "".join(out)

    def key(self, element: Any, side: _Side) -> Key:
        """The key a block is aligned by: its kind, paragraph style (or control tag), text."""
        tag = element.tag
        if tag == P:
            style = element.find(f"{PPR}/{P_STYLE}")
            return ("p", style.get(VAL, "") if style is not None else "", self.text(element, side))
        if tag == SDT:
            return ("sdt", _control_tag(element), self.text(element, side))
        if tag == TR:
            return ("tr", "\x1f".join(self.text(tc, side) for tc in element.iter(TC)))
        return ("tbl", self.text(element, side))

    # containers -------------------------------------------------------------

    def container(self, old: Any, new: Any) -> None:
        """Mark the differences between two containers of blocks (body, cell, control)."""
        old_blocks = [c for c in old if c.tag in _BLOCKS]
        new_blocks = [c for c in new if c.tag in _BLOCKS]
        old_keys = [self.key(b, self.old) for b in old_blocks]
        new_keys = [self.key(b, self.new) for b in new_blocks]
        items: list[_Item] = []
        for op, i1, i2, j1, j2 in _align(old_keys, new_keys, self.budget):
            if op == "equal":
                for o, n in zip(old_blocks[i1:i2], new_blocks[j1:j2], strict=True):
                    items.extend(self.matched(o, n))
            elif op == "coarse":
                items.extend(self.deleted(o) for o in old_blocks[i1:i2])
                items.extend(self.inserted(n) for n in new_blocks[j1:j2])
            else:
                for o, n in self.pairs(old_blocks[i1:i2], new_blocks[j1:j2]):
                    if o is not None and n is not None:
                        items.extend(self.matched(o, n))
                    elif o is not None:
                        items.append(self.deleted(o))
                    elif n is not None:
                        items.append(self.inserted(n))
        if not _open_end(new):
            self.settle_end(items)
        _place(new, items, new_blocks)
        for item in items:
            if item.mark:
                self.mark_paragraph(item.element, item.mark)

    def pairs(self, old: list[Any], new: list[Any]) -> list[tuple[Any, Any]]:
        """Old and new blocks of a changed stretch, paired where alike, in order.

        Greedy and in order: each old block takes the first alike new block within
        ``_PAIRING_WINDOW`` after the last one taken; the new blocks it passes over are
        inserted before it. Paragraphs are alike when they share at least half their words
        (``_SIMILAR``): a reworded sentence is marked word by word, a line put in place of an
        unrelated one is deleted and inserted whole.
        """
        out: list[tuple[Any, Any]] = []
        j = 0
        for o in old:
            found = None
            for k in range(j, min(len(new), j + _PAIRING_WINDOW)):
                if self.alike(o, new[k]):
                    found = k
                    break
            if found is None:
                out.append((o, None))
                continue
            out.extend((None, n) for n in new[j:found])
            out.append((o, new[found]))
            j = found + 1
        out.extend((None, n) for n in new[j:])
        return out

    def alike(self, old: Any, new: Any) -> bool:
        """Whether two blocks are one block changed (paired) rather than one put for another."""
        if old.tag != new.tag:
            return False
        if old.tag == TBL:
            return _grid(old) == _grid(new)
        if old.tag == SDT:
            return _control_tag(old) == _control_tag(new)
        if old.tag == TR:
            return len(old.findall(TC)) == len(new.findall(TC))
        old_text, new_text = self.text(old, self.old), self.text(new, self.new)
        if old_text == new_text:
            return True  # only its properties changed
        a, b = old_text.split(), new_text.split()
        if not a or not b:
            return a == b
        # The words both have, counted as often as both have them (difflib's quick_ratio).
        common = sum((Counter(a) & Counter(b)).values())
        return 2 * common / (len(a) + len(b)) >= _SIMILAR

    def matched(self, old: Any, new: Any) -> list[_Item]:
        """The items for an old block paired with a new one (same kind)."""
        if new.tag == P:
            self.paragraph(old, new)
            return [_Item(new)]
        if new.tag == SDT:
            old_content, new_content = old.find(SDT_CONTENT), new.find(SDT_CONTENT)
            if old_content is not None and new_content is not None:
                self.container(old_content, new_content)
            return [_Item(new)]
        if _grid(old) != _grid(new):
            return [self.deleted(old), self.inserted(new)]
        self.table(old, new)
        return [_Item(new)]

    def deleted(self, old: Any) -> _Item:
        """An old block put back into the new document, all of it marked deleted."""
        copy = deepcopy(old)
        self.prepare_old(copy)
        if copy.tag == P:
            self.wrap_runs(copy, DEL)
            return _Item(copy, DEL)
        self.mark_all(copy, DEL)
        return _Item(copy, whole=DEL)

    def inserted(self, new: Any) -> _Item:
        """A new block, all of it marked inserted."""
        if new.tag == P:
            self.wrap_runs(new, INS)
            return _Item(new, INS)
        self.mark_all(new, INS)
        return _Item(new, whole=INS)

    def settle_end(self, items: list[_Item]) -> None:
        """Place the marks of changed paragraphs at a container's end where Word keeps them.

        A deleted paragraph mark joins its paragraph to the next one (whose mark's
        properties stay); an inserted one, when rejected, likewise. The last paragraph of a
        cell or of the body has no next paragraph, so its mark must stay. For the changed
        paragraphs at the end: deleted ones are put first; if there are inserted ones too, the
        last deleted paragraph's content joins the last inserted paragraph, whose mark stays
        (with the old properties as its ``w:pPrChange``); if only deleted (inserted) ones, the
        paragraph before them takes the deleted (inserted) mark and the last one keeps its
        mark with that paragraph's new (old) properties.

        Tables inserted (deleted) whole after them, at the very end, are gone when the
        changes are rejected (accepted): inserted (deleted) paragraphs before them are at
        the end then, and are treated so.
        """
        end = len(items)
        while end and items[end - 1].whole:
            end -= 1
        start = end
        while start and items[start - 1].element.tag == P and items[start - 1].mark:
            start -= 1
        tail = items[start:end]
        if not tail:
            return
        deleted = [i for i in tail if i.mark == DEL]
        inserted = [i for i in tail if i.mark == INS]
        if end < len(items):
            gone = {i.whole for i in items[end:]}
            if len(gone) > 1 or (deleted and inserted) or (deleted and gone != {DEL}):
                return
            if inserted and gone != {INS}:
                return
        trailing = items[end:]
        del items[end:]
        items[start:] = deleted + inserted
        # The paragraph before them, looking past paragraphs and tables changed the same way
        # as all of them (gone together when accepted or rejected).
        kind = "" if deleted and inserted else DEL if deleted else INS
        at = start - 1
        while at >= 0 and kind and kind in (items[at].whole, items[at].mark):
            at -= 1
        before = items[at] if at >= 0 else None
        usable = (
            before is not None
            and before.element.tag == P
            and before.element.find(f"{PPR}/{SECT_PR}") is None
        )
        if usable and before is not None and before.mark and kind:
            # A paragraph changed the other way, with only blocks changed like the last ones
            # between: the same as both changed at the end (below), joined in the last one.
            (inserted if kind == DEL else deleted).append(before)
            items.remove(before)
        if deleted and inserted:
            self.join_end(items, deleted[-1], inserted[-1])
        elif deleted and usable:
            assert before is not None
            last = deleted[-1]
            old_ppr = last.element.find(PPR)
            old_ppr = deepcopy(old_ppr) if old_ppr is not None else None
            _set_ppr(last.element, _base_ppr(before.element.find(PPR)))
            self.record_ppr(last.element, old_ppr)
            before.mark, last.mark = DEL, ""
        elif inserted and usable:
            assert before is not None
            last = inserted[-1]
            self.record_ppr(last.element, _old_ppr(before.element))
            before.mark, last.mark = INS, ""
        else:
            # After a table (which Word follows with an empty paragraph at a body's end): the
            # last paragraph keeps its mark, and is that plain paragraph in the version
            # without it.
            last = items[-1]
            last.mark = ""
            if inserted:
                self.record_ppr(last.element, None)
            else:
                old_ppr = last.element.find(PPR)
                old_ppr = deepcopy(old_ppr) if old_ppr is not None else None
                _set_ppr(last.element, etree.Element(PPR))
                self.record_ppr(last.element, old_ppr)
        items.extend(trailing)

    def join_end(self, items: list[_Item], old: _Item, new: _Item) -> None:
        """The last paragraph of a container, as an old one deleted and a new one inserted.

        The old paragraph's (deleted) content joins the new paragraph, which keeps its mark,
        records the old properties, and ends the container.
        """
        ppr = new.element.find(PPR)
        anchor = 0 if ppr is None else new.element.index(ppr) + 1
        for child in [c for c in old.element if c.tag != PPR]:
            new.element.insert(anchor, child)
            anchor += 1
        self.record_ppr(new.element, old.element.find(PPR))
        new.mark = ""
        for item in (old, new):
            if item in items:
                items.remove(item)
        items.append(new)

    # paragraphs -------------------------------------------------------------

    def paragraph(self, old: Any, new: Any) -> None:
        """Mark the differences between a paired old and new paragraph, in the new one."""
        self.record_ppr(new, old.find(PPR))
        if self.text(old, self.old) == self.text(new, self.new):
            return
        old_slots, new_slots = _slots(old), _slots(new)
        if (
            old_slots is not None
            and new_slots is not None
            and [s[0] for s in old_slots] == [s[0] for s in new_slots]
        ):
            for (_, old_runs, _), (_, new_runs, holder) in zip(old_slots, new_slots, strict=True):
                self.words(old_runs, new_runs, holder)
            return
        # Not plain runs: the old content deleted, then the new inserted, in one paragraph.
        self.wrap_runs(new, INS)
        copy = deepcopy(old)
        self.prepare_old(copy)
        self.wrap_runs(copy, DEL)
        ppr = new.find(PPR)
        at = 0 if ppr is None else new.index(ppr) + 1
        for child in [c for c in copy if c.tag != PPR]:
            new.insert(at, child)
            at += 1

    def record_ppr(self, new: Any, old_ppr: Any) -> None:
        """Record the old paragraph properties as ``w:pPrChange`` when they differ."""
        ppr = new.find(PPR)
        if old_ppr is None and ppr is None:
            return
        if old_ppr is not None and ppr is not None and _same(old_ppr, ppr):
            return
        if self.ppr_form(old_ppr, self.old) == self.ppr_form(ppr, self.new):
            return
        if ppr is None:
            ppr = etree.Element(PPR)
            new.insert(0, ppr)
        for change in ppr.findall(PPR_CHANGE):
            ppr.remove(change)
        change = self.mark(PPR_CHANGE)
        base = _base_ppr(old_ppr)
        self.map_lists(base)
        change.append(base)
        ppr.append(change)

    def ppr_form(self, ppr: Any, side: _Side) -> bytes:
        """Paragraph properties as compared: lists by their format, not their number."""
        base = _base_ppr(ppr)
        for num in base.iter(NUM_ID):
            num.set(VAL, side.list_formats.get(num.get(VAL, ""), num.get(VAL, "")))
        return bytes(etree.tostring(base, method="c14n"))

    def map_lists(self, element: Any) -> None:
        """Point old list numbers at a list of the same format in the new numbering part."""
        for num in element.iter(NUM_ID):
            value = num.get(VAL, "")
            wanted = self.old.list_formats.get(value)
            if wanted is None or self.new.list_formats.get(value) == wanted:
                continue
            same = [nid for nid, fmt in self.new.list_formats.items() if fmt == wanted]
            if same:
                num.set(VAL, same[0])

    def words(self, old_runs: list[Any], new_runs: list[Any], holder: Any) -> None:
        """Compare two lists of plain runs word by word; the result replaces the new runs."""
        old_tokens = self.tokens(old_runs, self.old)
        new_tokens = self.tokens(new_runs, self.new)
        if [t[0] for t in old_tokens] == [t[0] for t in new_tokens]:
            return
        pieces: list[tuple[str, Any, Any]] = []  # (mark or "", source run, token)
        codes = align(
            [t[0] for t in old_tokens],
            [t[0] for t in new_tokens],
            max_cells=MAX_WORD_ALIGNMENT,
            budget=self.budget,
        )
        # Changes separated only by white space are one change ("01 09" -> "15 10" is one
        # deletion and one insertion, not two of each); a change's deleted words come
        # before its inserted ones.
        deleted: list[tuple[str, Any, Any]] = []
        inserted: list[tuple[str, Any, Any]] = []
        for n, (op, i1, i2, j1, j2) in enumerate(codes):
            between = 0 < n < len(codes) - 1
            if op == "equal" and not (
                between and all(t[0][0] == "t" and t[0][1].isspace() for t in new_tokens[j1:j2])
            ):
                pieces.extend(deleted + inserted)
                deleted, inserted = [], []
                pieces.extend(("", t[1], t[2]) for t in new_tokens[j1:j2])
                continue
            deleted.extend((DEL, t[1], t[2]) for t in old_tokens[i1:i2])
            inserted.extend((INS, t[1], t[2]) for t in new_tokens[j1:j2])
        pieces.extend(deleted + inserted)
        at = holder.index(new_runs[0]) if new_runs else _content_start(holder)
        for run in new_runs:
            holder.remove(run)
        for element in self.build_runs(pieces):
            holder.insert(at, element)
            at += 1

    def tokens(self, runs: list[Any], side: _Side) -> list[tuple[Key, Any, Any]]:
        """A run list as (key, run, content) tokens: words, spaces, tabs, breaks, notes."""
        out: list[tuple[Key, Any, Any]] = []
        for run in runs:
            for child in run:
                tag = child.tag
                if tag == T:
                    out.extend((("t", w), run, w) for w in _TOKEN.findall(child.text or ""))
                elif tag == TAB:
                    out.append((("tab",), run, child))
                elif tag in (BR, CR):
                    out.append((("br", child.get(_q("type"), "")), run, child))
                elif tag == FOOTNOTE_REF:
                    note = side.notes.get(child.get(ID, ""), "")
                    out.append((("note", note), run, child))
        return out

    def build_runs(self, pieces: list[tuple[str, Any, Any]]) -> list[Any]:
        """Runs (in ``w:ins``/``w:del`` where marked) holding the pieces, in order."""
        out: list[Any] = []
        wrapper: Any = None
        state: str | None = None
        run: Any = None
        source: Any = None
        for mark, src, token in pieces:
            if mark == DEL and not isinstance(token, str) and token.tag == FOOTNOTE_REF:
                token = self.old_note(token)
                if token is None:
                    continue
            if mark != state:
                state, run = mark, None
                wrapper = self.mark(mark) if mark else None
                if wrapper is not None:
                    out.append(wrapper)
            if run is None or src is not source:
                source = src
                run = etree.Element(R, dict(src.attrib))
                rpr = src.find(RPR)
                if rpr is not None:
                    run.append(deepcopy(rpr))
                (wrapper.append(run) if wrapper is not None else out.append(run))
            if isinstance(token, str):
                text_tag = DEL_TEXT if mark == DEL else T
                last = run[-1] if len(run) else None
                if last is not None and last.tag == text_tag:
                    last.text = (last.text or "") + token
                else:
                    t = etree.SubElement(run, text_tag)
                    t.text = token
                    t.set(_XML_SPACE, "preserve")
            else:
                run.append(deepcopy(token))
        return out

    def old_note(self, reference: Any) -> Any:
        """A deleted old footnote reference, pointed at a copy of its footnote; or None.

        The copy goes into the new package's footnotes part with an id of its own and its
        text marked deleted, so rejecting the deletion brings the old footnote back and
        accepting it leaves the new footnotes as they are. None when the new package has no
        footnotes part to hold it (every footnote removed): the reference is left out.
        """
        note = self.old.note_elements.get(reference.get(ID, ""))
        if note is None or self.new.footnotes_root is None:
            return None
        copy = deepcopy(note)
        note_id = str(self.next_id)  # above every id in the package, as the marks' are
        self.next_id += 1
        copy.set(ID, note_id)
        for node in [e for e in copy.iter() if isinstance(e.tag, str)]:
            if any(name.startswith(_R) for name in node.attrib):
                _drop_relationship(node)  # a hyperlink of the old package's
        for p in list(copy.iter(P)):
            self.wrap_runs(p, DEL)
        self.new.footnotes_root.append(copy)
        self.notes_added = True
        moved = deepcopy(reference)
        moved.set(ID, note_id)
        return moved

    # whole blocks -----------------------------------------------------------

    def prepare_old(self, element: Any) -> None:
        """Make old content fit the new package: markers out, notes, lists, links mapped."""
        for marker in list(element.iter(*_MARKERS)):
            marker.getparent().remove(marker)
        for reference in list(element.iter(FOOTNOTE_REF)):
            mapped = self.old_note(reference)
            if mapped is None:
                reference.getparent().remove(reference)
            else:
                reference.set(ID, mapped.get(ID))
        self.map_lists(element)
        for node in [e for e in element.iter() if isinstance(e.tag, str)]:
            for name, value in node.attrib.items():
                if not name.startswith(_R):
                    continue
                if self.old_rels.get(value) != self.new_rels.get(value):
                    _drop_relationship(node)
                    break

    def wrap_runs(self, holder: Any, tag: str) -> None:
        """Put every run of a paragraph (or run container) in ``w:ins``/``w:del``."""
        group: Any = None
        for child in list(holder):
            ctag = child.tag
            if ctag == R:
                if tag == DEL:
                    for t in child.iter(T, INSTR_TEXT):
                        t.tag = DEL_TEXT if t.tag == T else DEL_INSTR_TEXT
                if group is None:
                    group = self.mark(tag)
                    child.addprevious(group)
                group.append(child)
                continue
            group = None
            if ctag in _RUN_CONTAINERS:
                self.wrap_runs(child, tag)
            elif ctag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.wrap_runs(content, tag)

    def mark_all(self, element: Any, tag: str) -> None:
        """Mark a whole table (every row) or block control (every paragraph) with ``tag``."""
        if element.tag == TBL:
            for tr in element.findall(TR):
                self.mark_row(tr, tag)
                for tc in tr.findall(TC):
                    self.mark_blocks(tc, tag, keep_last=True)
        elif element.tag == SDT:
            content = element.find(SDT_CONTENT)
            if content is not None:
                self.mark_blocks(content, tag, keep_last=False)

    def mark_blocks(self, container: Any, tag: str, *, keep_last: bool) -> None:
        blocks = [c for c in container if c.tag in _BLOCKS]
        paragraphs = [b for b in blocks if b.tag == P]
        for block in blocks:
            if block.tag == P:
                self.wrap_runs(block, tag)
                if not (keep_last and block is paragraphs[-1]):
                    self.mark_paragraph(block, tag)
            else:
                self.mark_all(block, tag)

    def mark_row(self, tr: Any, tag: str) -> None:
        trpr = tr.find(TRPR)
        if trpr is None:
            trpr = etree.Element(TRPR)
            prex = tr.find(TBL_PR_EX)
            tr.insert(0 if prex is None else tr.index(prex) + 1, trpr)
        _insert_before(trpr, self.mark(tag), _AFTER_ROW_MARK)

    def mark_paragraph(self, p: Any, tag: str) -> None:
        """Mark a paragraph's mark (``w:pPr/w:rPr/w:ins`` or ``w:del``)."""
        ppr = p.find(PPR)
        if ppr is None:
            ppr = etree.Element(PPR)
            p.insert(0, ppr)
        rpr = ppr.find(RPR)
        if rpr is None:
            rpr = etree.Element(RPR)
            _insert_before(ppr, rpr, _AFTER_PARA_RPR)
        rpr.insert(0, self.mark(tag))

    # tables -----------------------------------------------------------------

    def table(self, old: Any, new: Any) -> None:
        """Mark the differences between two tables of the same grid, row by row."""
        old_rows, new_rows = old.findall(TR), new.findall(TR)
        old_keys = [self.key(r, self.old) for r in old_rows]
        new_keys = [self.key(r, self.new) for r in new_rows]
        items: list[_Item] = []
        for op, i1, i2, j1, j2 in _align(old_keys, new_keys, self.budget):
            if op == "equal":
                pairs: Iterable[tuple[Any, Any]] = zip(
                    old_rows[i1:i2], new_rows[j1:j2], strict=True
                )
            elif op == "coarse":
                pairs = [(o, None) for o in old_rows[i1:i2]] + [(None, n) for n in new_rows[j1:j2]]
            else:
                pairs = self.pairs(old_rows[i1:i2], new_rows[j1:j2])
            for o, n in pairs:
                if o is not None and n is not None and self.alike(o, n):
                    for oc, nc in zip(o.findall(TC), n.findall(TC), strict=True):
                        self.container(oc, nc)
                    items.append(_Item(n))
                    continue
                if o is not None:
                    copy = deepcopy(o)
                    self.prepare_old(copy)
                    self.mark_row(copy, DEL)
                    for tc in copy.findall(TC):
                        self.mark_blocks(tc, DEL, keep_last=True)
                    items.append(_Item(copy))
                if n is not None:
                    self.mark_row(n, INS)
                    for tc in n.findall(TC):
                        self.mark_blocks(tc, INS, keep_last=True)
                    items.append(_Item(n))
        _place(new, items, new_rows)


class _Item:
    """A block of the output, with the mark its paragraph mark is to get ("" for none).

    ``whole`` is ``INS`` or ``DEL`` for a table or control inserted or deleted whole.
    """

    __slots__ = ("element", "mark", "whole")

    def __init__(self, element: Any, mark: str = "", *, whole: str = "") -> None:
        self.element = element
        self.mark = mark
        self.whole = whole


# --------------------------------------------------------------------------- helpers


def _align(a: list[Key], b: list[Key], budget: list[int]) -> list[Opcode]:
    """Opcodes aligning two key lists; "coarse" for a middle too large to align."""
    return align(a, b, max_cells=MAX_ALIGNMENT, budget=budget, coarse="coarse")


def _place(container: Any, items: list[_Item], new_children: list[Any]) -> None:
    """Put the output items in the container: new ones stay, old ones go in among them."""
    kept = {id(c) for c in new_children}
    previous: Any = None
    for item in items:
        element = item.element
        if previous is not None:
            if element.getprevious() is not previous:
                previous.addnext(element)
        elif id(element) in kept:
            pass
        else:
            first = next((c for c in container if c.tag in _BLOCKS or c.tag == TR), None)
            if first is not None:
                first.addprevious(element)
            else:
                sect = container.find(SECT_PR)
                if sect is not None:
                    sect.addprevious(element)
                else:
                    container.append(element)
        previous = element


def _open_end(container: Any) -> bool:
    """Whether a paragraph follows the container in Word's flow of text.

    So for a block content control's content followed by a paragraph: its last paragraph's
    mark may be deleted or inserted like any other (it joins the paragraph after the control).
    """
    if container.tag != SDT_CONTENT:
        return False
    sdt = container.getparent()
    following = sdt.getnext() if sdt is not None else None
    return following is not None and following.tag == P


def _slots(p: Any) -> list[tuple[Key, list[Any], Any]] | None:
    """A paragraph's plain content as slots, or None when it holds anything else.

    Each slot is (kind, runs, holder): the runs directly in the paragraph ("runs"), or the
    runs of an inline content control ("control", tag); holder is the element they sit in.
    """
    slots: list[tuple[Key, list[Any], Any]] = []
    current: list[Any] | None = None
    for child in p:
        tag = child.tag
        if tag == PPR or tag == _q("proofErr"):
            continue
        if tag == R:
            if not _plain(child):
                return None
            if current is None:
                current = []
                slots.append((("runs",), current, p))
            current.append(child)
            continue
        current = None
        if tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is None or not all(c.tag == R and _plain(c) for c in content):
                return None
            slots.append((("control", _control_tag(child)), list(content), content))
            continue
        return None
    return slots


def _plain(run: Any) -> bool:
    return all(c.tag in _PLAIN_RUN for c in run)


def _content_start(holder: Any) -> int:
    ppr = holder.find(PPR)
    return 0 if ppr is None else holder.index(ppr) + 1


def _control_tag(sdt: Any) -> str:
    tag = sdt.find(f"{SDTPR}/{TAG}")
    return str(tag.get(VAL, "")) if tag is not None else ""


def _grid(tbl: Any) -> int:
    grid = tbl.find(TBL_GRID)
    return len(grid.findall(GRID_COL)) if grid is not None else 0


def _same(a: Any, b: Any) -> bool:
    """Whether two elements are written the same (the common case: equal properties)."""
    return bytes(etree.tostring(a)) == bytes(etree.tostring(b))


def _base_ppr(ppr: Any) -> Any:
    """A copy of paragraph properties without their mark's run properties, section, change."""
    base = etree.Element(PPR)
    if ppr is not None:
        for child in ppr:
            if isinstance(child.tag, str) and child.tag not in _NOT_IN_PPR_BASE:
                base.append(deepcopy(child))
    return base


def _old_ppr(p: Any) -> Any:
    """A paragraph's properties before any change recorded in it."""
    ppr = p.find(PPR)
    change = ppr.find(f"{PPR_CHANGE}/{PPR}") if ppr is not None else None
    return deepcopy(change) if change is not None else deepcopy(ppr)


def _set_ppr(p: Any, base: Any) -> None:
    """Give a paragraph new base properties, keeping its mark's run properties."""
    ppr = p.find(PPR)
    rpr = ppr.find(RPR) if ppr is not None else None
    if ppr is not None:
        p.remove(ppr)
    if rpr is not None:
        base.append(rpr)
    if len(base):
        p.insert(0, base)


def _insert_before(parent: Any, child: Any, later: frozenset[str]) -> None:
    """Append ``child`` to ``parent``, but before the first child whose tag is in ``later``."""
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return
    parent.append(child)


def _drop_relationship(node: Any) -> None:
    """Old content whose relationship the new package lacks: a link unwrapped, else dropped."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tag == _q("hyperlink"):
        for child in list(node):
            node.addprevious(child)
        parent.remove(node)
        return
    while parent is not None and node.tag != R and parent.tag not in (P, TC):
        node, parent = parent, parent.getparent()
    if parent is not None:
        parent.remove(node)


def _sections(body: Any) -> list[bytes]:
    """The body's sections, each as its page setup (size, margins, columns)."""
    out = []
    for sect in body.iter(SECT_PR):
        setup = [
            etree.tostring(child, method="c14n")
            for child in sect
            if child.tag in (_q("pgSz"), _q("pgMar"), _q("cols"))
        ]
        out.append(b"".join(setup))
    return out


def _order_notes(footnotes: Any, document: Any) -> None:
    """Put the footnotes in the order of their references in the body.

    Word finds a footnote by its id; LibreOffice takes them in the order of the part, so a
    copied footnote appended at the end shifted every later footnote by one there.
    """
    notes = [n for n in footnotes if n.tag == _q("footnote") and n.get(_q("type")) is None]
    by_id = {n.get(ID): n for n in notes}
    order = []
    for reference in document.iter(FOOTNOTE_REF):
        note = by_id.pop(reference.get(ID), None)
        if note is not None:
            order.append(note)
    order += [n for n in notes if n.get(ID) in by_id]  # referenced nowhere in the body
    for note in notes:
        footnotes.remove(note)
    footnotes.extend(order)


def _date_text(date: datetime.datetime) -> str:
    if date.tzinfo is not None:
        date = date.astimezone(datetime.UTC)
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


def _first_free_id(package: Package) -> int:
    """One more than the largest ``w:id`` in any XML part of the package."""
    largest = 0
    for name in package.archive.namelist():
        if name.endswith(".xml") and name.startswith("word/"):
            data = package.raw(name)
            if b'w:id="' in data:  # styles, themes and settings hold none: not searched
                for found in _ID_ATTRIBUTE.findall(data):
                    largest = max(largest, int(found))
    return largest + 1


def _serialise(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _rewrite(data: bytes, changed: dict[str, bytes]) -> bytes:
    """The package with the changed parts replaced, every other entry as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            target.writestr(copy, changed.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def _opened(data: bytes, which: str) -> Package:
    if not isinstance(data, bytes | bytearray):
        raise WriteError(
            f"tracked_changes_bytes takes the {which} document as bytes (render_docx's result), "
            f"not {type(data).__name__}."
        )
    return open_package(bytes(data))


# --------------------------------------------------------------------------- entry point


def tracked_changes_bytes(old: bytes, new: bytes, *, author: str, date: datetime.datetime) -> bytes:
    """The new delaftale as .docx bytes, with Word's tracked changes against the old one.

    ``old`` and ``new`` are two versions of a delaftale written by ``render_docx`` into the
    same form (both with the built-in form, or both with the same blank template). The
    result is ``new`` with revision marks (*revisionsmærker*: ``w:ins``, ``w:del``,
    ``w:pPrChange``, each with ``author``, ``date`` and an id unique in the package) in
    ``word/document.xml`` and in the headers and footers both have, wherever the two
    differ: accepting every change in Word gives the new document's text, rejecting every
    change gives the old one's. Every other part of ``new`` is kept as it is. Two documents
    with the same content give ``new`` back unchanged.

    ``date`` is written in UTC as ``YYYY-MM-DDTHH:MM:SSZ``; a naive datetime is taken to be
    UTC already. See the module's documentation for how the two are compared and what is
    not marked.

    Raises ``WriteError`` when the author is empty or holds characters Word cannot store,
    or when the two documents were clearly not written into the same form (other sections,
    page size or margins): write both with the same template and try again. Raises the
    reader's errors (``NotADocxError``, ``CorruptDocxError``, ``UnsafeDocxError``) for bytes
    that are not a sound .docx.
    """
    if not author.strip():
        raise WriteError(
            "tracked_changes_bytes needs the author of the changes (author='...'), such as "
            "the board's name or a person's: Word shows it beside every change."
        )
    if _INVALID_XML.search(author):
        raise WriteError(
            f"The author {author!r} holds a control character, which Word cannot store: "
            "remove it and try again."
        )
    if not isinstance(date, datetime.datetime):
        raise WriteError(
            "tracked_changes_bytes needs the date of the changes as a datetime.datetime "
            f"(date=...), not {type(date).__name__}."
        )
    old_package, new_package = _opened(old, "old"), _opened(new, "new")
    old_side, new_side = _Side(old_package), _Side(new_package)
    revisions = _Revisions(
        old_side, new_side, author.strip(), _date_text(date), _first_free_id(new_package)
    )

    old_document = old_package.xml(old_package.main)
    new_document = new_package.xml(new_package.main)
    old_body, new_body = old_document.find(_q("body")), new_document.find(_q("body"))
    if old_body is None or new_body is None:
        raise WriteError(
            "One of the two documents has no body: pass two delaftaler written by render_docx."
        )
    if _sections(old_body) != _sections(new_body):
        raise WriteError(
            "The old and the new delaftale were not written into the same form: their "
            f"sections differ ({len(_sections(old_body))} against {len(_sections(new_body))} "
            "sections, or another page size or margins). Write both versions with the same "
            "template (or both with the built-in form) and compare those."
        )

    parts = [(old_package.main, new_package.main, old_document, new_document)]
    changed: dict[str, bytes] = {}
    for name in sorted(new_package.archive.namelist()):
        kind = new_package.content_type(name)
        if name == new_package.main or kind not in _HEADER_FOOTER_TYPES:
            continue
        if not old_package.has(name):
            # A header only the new version has (the built-in form's draft line, say): all
            # of it inserted. One only the old version had is not shown: the new package
            # has nowhere to show it without adding a part.
            root = new_package.xml(name)
            revisions.mark_blocks(root, INS, keep_last=True)
            changed[name] = _serialise(root)
        elif old_package.content_type(name) == kind and old_package.raw(name) != new_package.raw(
            name
        ):
            parts.append((name, name, old_package.xml(name), new_package.xml(name)))

    for old_name, new_name, old_root, new_root in parts:
        before = revisions.marks
        revisions.old_rels = old_side.relationships(old_name)
        revisions.new_rels = new_side.relationships(new_name)
        old_container = old_root.find(_q("body")) if old_root.tag == _q("document") else old_root
        new_container = new_root.find(_q("body")) if new_root.tag == _q("document") else new_root
        revisions.container(old_container, new_container)
        if revisions.marks != before:
            changed[new_name] = _serialise(new_root)
    if revisions.notes_added and new_side.footnotes_part is not None:
        _order_notes(new_side.footnotes_root, new_document)
        changed[new_side.footnotes_part] = _serialise(new_side.footnotes_root)
    if not changed:
        return bytes(new)
    return _rewrite(bytes(new), changed)


def revision_docx(
    old: Agreement,
    new: Agreement,
    template: TemplateSource | None = None,
    *,
    author: str = "delaftale",
    date: datetime.datetime | None = None,
    limits: Limits | None = None,
) -> bytes:
    """The new version of a delaftale as .docx bytes, with tracked changes against the old.

    Both versions are written into the same form (``template``, a blank delaftale form, or
    the built-in one; see ``render_docx``) and compared by ``tracked_changes_bytes``.
    ``author`` is the name Word shows on every change; ``date`` is when they were made (now,
    by default). Raises ``WriteError`` for two agreements of different focus areas (their
    forms differ), and whatever ``render_docx`` raises.
    """
    if old.focus_area is not new.focus_area:
        raise WriteError(
            f"The old version is a delaftale for {old.focus_area.title}, the new one for "
            f"{new.focus_area.title}: revision marks compare two versions of one area's "
            "delaftale."
        )
    when = date or datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    limits = limits or Limits()
    data = tracked_changes_bytes(
        render_docx(old, template, limits=limits),
        render_docx(new, template, limits=limits),
        author=author,
        date=when,
    )
    check_output(data, limits, "The document with revision marks")
    return data
