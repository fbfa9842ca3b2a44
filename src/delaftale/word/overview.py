"""Write a plan's activity overview (*overordnet aktivitetsoversigt*) as a .docx table.

The layout follows the overview in Ishøj's plan 2025-29: one two-column table per focus area
the plan has a delaftale for. The left cell holds the area, its delmål as bullets, and the
activities with their status in parentheses ("(ny aktivitet)"); the right cell holds the
municipal partners (*samarbejdsparter i fagcentrene*): the delaftale's parties whose
organisation is the plan's municipality. Formatting lives in named styles, so a reader can
restyle the document in Word instead of fighting direct formatting.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from delaftale.danish import format_period
from delaftale.errors import WriteError
from delaftale.files import write_atomically
from delaftale.model import Agreement, FocusArea
from delaftale.plan import Plan, PlanActivity
from delaftale.validation import names_match
from delaftale.word.safety import Limits
from delaftale.word.writer import check_output, docx_target

__all__ = ["render_overview", "write_overview"]

TITLE = "Overordnet aktivitetsoversigt"
# The reference on a line of its own, as in Ishøj's overview: wrapped, "(jf." would dangle.
HEADER_AREA = "Indsatsområde med delmål\n(jf. Landsbyggefonden)"
HEADER_PARTNERS = "Samarbejdsparter i fagcentrene"
SUB_GOALS_LABEL = "Delmål:"
NO_AGREEMENTS = "Planen har endnu ingen delaftaler."

# A4 with 2.5 cm side margins leaves 16 cm; the area column carries the long texts.
_PAGE_WIDTH_CM, _PAGE_HEIGHT_CM, _SIDE_MARGIN_CM = 21.0, 29.7, 2.5
_COLUMN_WIDTHS_CM = (9.0, 7.0)

# Style names. Danish, like the writer's "Tabeltekst", since Danish users see them in Word.
_TABLE_STYLE = "Aktivitetsoversigt"
_CELL = "Tabeltekst"
_HEADER = "Tabeloverskrift"
_AREA = "Indsatsområde"
_LABEL = "Tabelrubrik"
_ACTIVITY = "Aktivitet"
_STATUS = "Aktivitetsstatus"
_BULLET = "List Bullet"

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --------------------------------------------------------------------------- content


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _municipal_partners(plan: Plan, agreement: Agreement) -> list[str]:
    """The partners the overview's right column lists for one delaftale.

    The names of the parties whose organisation is ``plan.municipality`` (ignoring case and
    spacing), in the delaftale's order and each once; every party's name when the plan names
    no municipality.
    """
    municipality = None if plan.municipality is None else _key(plan.municipality)
    names: list[str] = []
    seen: set[str] = set()
    for party in agreement.parties:
        if municipality is not None and (
            party.organisation is None or _key(party.organisation) != municipality
        ):
            continue
        if _key(party.name) not in seen:
            seen.add(_key(party.name))
            names.append(party.name)
    return names


def _overview_activities(plan: Plan, agreement: Agreement) -> list[tuple[str, PlanActivity | None]]:
    """The activities one area's cell lists, each with the plan's entry for it (or ``None``).

    First the delaftale's activity names in order, each matched to an entry of
    ``plan.activities`` in the same area (the same name first, then
    ``names_match``; an entry is used once). Entries of the area
    that match no name follow under their own names: they are part of the plan's overview
    even where the delaftale does not (yet) list them.
    """
    area = agreement.focus_area
    candidates = [a for a in plan.activities if a.focus_area is area]
    used: set[int] = set()
    matched: dict[int, int] = {}
    names = list(agreement.activity_names)
    for exact in (True, False):
        for n, name in enumerate(names):
            if n in matched:
                continue
            for c, candidate in enumerate(candidates):
                if c in used:
                    continue
                if exact:
                    hit = _key(candidate.name) == _key(name)
                else:
                    hit = names_match(candidate.name, name)
                if hit:
                    matched[n] = c
                    used.add(c)
                    break
    rows: list[tuple[str, PlanActivity | None]] = [
        (name, candidates[matched[n]] if n in matched else None) for n, name in enumerate(names)
    ]
    rows += [(c.name, c) for i, c in enumerate(candidates) if i not in used]
    return rows


def _status_text(activity: PlanActivity | None) -> str | None:
    """The status line under an activity: "(ny aktivitet)", the note, or both; else ``None``."""
    if activity is None:
        return None
    parts: list[str] = []
    if activity.status is not None:
        parts.append(activity.status.label_da)
    if activity.note is not None:
        note = activity.note.strip()
        if note.startswith("(") and note.endswith(")"):
            note = note[1:-1].strip()
        parts.append(note)
    return f"({'; '.join(parts)})" if parts else None


# --------------------------------------------------------------------------- the document


def _check_texts(plan: Plan) -> None:
    # Checked before anything is built, so the error names the field in the data.
    texts: list[tuple[str, str]] = [(plan.name, "$.name")]
    for i, agreement in enumerate(plan.agreements):
        where = f"$.agreements[{i}]"
        texts += [
            (g.title, f"{where}.sub_goals[{n}].title") for n, g in enumerate(agreement.sub_goals)
        ]
        texts += [
            (name, f"{where}.activity_names[{n}]")
            for n, name in enumerate(agreement.activity_names)
        ]
        texts += [(p.name, f"{where}.parties[{n}].name") for n, p in enumerate(agreement.parties)]
    for n, activity in enumerate(plan.activities):
        texts.append((activity.name, f"$.activities[{n}].name"))
        if activity.note is not None:
            texts.append((activity.note, f"$.activities[{n}].note"))
    for text, where in texts:
        bad = _INVALID_XML.search(text)
        if bad:
            raise WriteError(
                f"The text at {where} contains the control character U+{ord(bad.group()):04X}, "
                "which a Word document cannot hold. Remove it from the data and write again."
            )


def _paragraph_style(
    document: Any,
    name: str,
    base: str,
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    before: float | None = None,
    after: float | None = None,
    keep_with_next: bool | None = None,
) -> Any:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    # An ASCII style id, whatever the Danish name: ids are identifiers, and not every
    # consumer of .docx files takes "Indsatsområde" as one.
    style.style_id = name.replace(" ", "").translate(_ASCII)
    style.base_style = document.styles[base]
    style.quick_style = True
    if size is not None:
        style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_with_next
    return style


def _table_style(document: Any) -> None:
    # python-docx cannot describe a table style's header-row formatting, so that part is XML.
    # The grid comes from "Table Grid"; the first row (tblLook firstRow) gets a light fill.
    style = document.styles.add_style(_TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Table Grid"]
    element = style.element
    element.append(
        parse_xml(
            f"<w:tblPr {nsdecls('w')}><w:tblCellMar>"
            '<w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
        )
    )
    element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">'
            "<w:rPr><w:b/><w:bCs/></w:rPr>"
            '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DBE5F1"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    )


def _new_document(plan: Plan) -> Any:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(_PAGE_WIDTH_CM), Cm(_PAGE_HEIGHT_CM)
    section.left_margin = section.right_margin = Cm(_SIDE_MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(2.0)
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    # Danish proofing and hyphenation for the whole document, set once in the defaults.
    for lang in styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "da-DK")
    title = styles["Title"]
    title.font.size = Pt(22)
    _paragraph_style(document, _CELL, "Normal", before=0, after=2)
    _paragraph_style(document, _HEADER, _CELL, bold=True)
    _paragraph_style(document, _AREA, _CELL, size=13, bold=True, after=6, keep_with_next=True)
    _paragraph_style(document, _LABEL, _CELL, bold=True, keep_with_next=True)
    _paragraph_style(document, _ACTIVITY, _CELL, bold=True, before=8, keep_with_next=True)
    _paragraph_style(document, _STATUS, _CELL, italic=True)
    styles[_BULLET].paragraph_format.space_after = Pt(2)
    _table_style(document)
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Side ")
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    properties = document.core_properties
    properties.title = f"{TITLE}: {plan.name}"
    properties.language = "da-DK"
    return document


def _fill(cell: Any, lines: list[tuple[str, str]]) -> None:
    """Write (text, style name) lines into a new cell, whose one empty paragraph comes first."""
    paragraph = cell.paragraphs[0]
    paragraph.style = _CELL
    for n, (text, style) in enumerate(lines):
        if n == 0:
            paragraph.style = style
            paragraph.add_run(text)
        else:
            cell.add_paragraph(text, style=style)


def _area_table(document: Any, plan: Plan, agreement: Agreement) -> None:
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles[_TABLE_STYLE]
    table.autofit = False
    tbl = table._tbl
    look = tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstColumn"), "0")
    tblw = tbl.tblPr.find(qn("w:tblW"))
    if tblw is not None:
        tblw.set(qn("w:type"), "dxa")
        tblw.set(qn("w:w"), str(sum(Cm(w).twips for w in _COLUMN_WIDTHS_CM)))
    for col, width in zip(tbl.tblGrid.iterfind(qn("w:gridCol")), _COLUMN_WIDTHS_CM, strict=True):
        col.set(qn("w:w"), str(Cm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, _COLUMN_WIDTHS_CM, strict=True):
            cell.width = Cm(width)
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    # Repeat the header on every page the table runs over, and never split it.
    trpr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    trpr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, text in zip(header.cells, (HEADER_AREA, HEADER_PARTNERS), strict=True):
        _fill(cell, [(text, _HEADER)])

    left = [(agreement.focus_area.title, _AREA)]
    if agreement.sub_goals:
        left.append((SUB_GOALS_LABEL, _LABEL))
        left += [(goal.title, _BULLET) for goal in agreement.sub_goals]
    for name, activity in _overview_activities(plan, agreement):
        left.append((name, _ACTIVITY))
        status = _status_text(activity)
        if status is not None:
            left.append((status, _STATUS))
    right = [(partner, _CELL) for partner in _municipal_partners(plan, agreement)]
    for cell, lines in zip(table.rows[1].cells, (left, right), strict=True):
        _fill(cell, lines)


def _areas(plan: Plan) -> list[Agreement]:
    return [a for a in (plan.agreement(area) for area in FocusArea) if a is not None]


def render_overview(plan: Plan) -> bytes:
    """The plan's activity overview (*overordnet aktivitetsoversigt*) as .docx bytes.

    A4; the title, the plan's name and period, then one table per focus area the plan has a
    delaftale for, in ``FocusArea`` order. Each table has a header row that
    repeats on every page: "Indsatsområde med delmål (jf. Landsbyggefonden)" |
    "Samarbejdsparter i fagcentrene". The left cell holds the area's title, its delmål as
    bullets and each activity with its status from ``plan.activities`` in parentheses; the
    right cell the delaftale's parties whose organisation is ``plan.municipality`` (all
    parties when the plan names no municipality). Raises ``WriteError`` for
    text a Word document cannot hold.
    """
    _check_texts(plan)
    document = _new_document(plan)
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(plan.name, style="Subtitle")
    if plan.period is not None:
        document.add_paragraph(f"Periode: {format_period(plan.period)}")
    areas = _areas(plan)
    if not areas:
        document.add_paragraph(NO_AGREEMENTS)
    for n, agreement in enumerate(areas):
        if n:
            # Two tables with nothing between them melt into one in Word.
            document.add_paragraph()
        _area_table(document, plan, agreement)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    check_output(data, Limits(), "The overview")
    return data


def write_overview(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write the plan's activity overview (see ``render_overview``) at ``path``.

    The document is written to a temporary file in the target folder and renamed into place,
    so a failure never leaves a half-written file or harms an existing one. Returns the path.
    A name that promises another format (.pdf, .doc, .docm, .dotx …) is refused with
    ``WriteError``: write a .docx and convert it with LibreOffice.
    """
    target = docx_target(path)
    data = render_overview(plan)
    return write_atomically(target, data)
