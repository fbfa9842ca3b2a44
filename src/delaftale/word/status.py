"""The board's status report (*status for delmål og indikatorer*) as a .docx.

Once a year the board of the boligsociale indsats follows the delmål: for each focus area,
each delmål and its indicators, the baseline, the figures measured each year, the comparison
and the target, and whether things are moving the way the delmål asks. The report takes that
from ``Plan.status(year)`` (``delaftale.followup``) and writes it the way a secretariat
hands it to the board: an overview of every indicator on the first page, a heading per focus
area and delmål, a small table per indicator, the assessment in plain Danish (or English), a
chart of the figures over the years (``delaftale.charts``) for each indicator that has
figures, kept on one page with its table, and at the end the follow-up's validation findings
for the year (``delaftale.validation``).

Every number in the report is one the data holds, in Danish notation; a figure the data does
not hold is never written. Formatting lives in named styles, as in the activity overview.
"""

from __future__ import annotations

import functools
import io
import os
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import attrs
import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from delaftale.danish import (
    format_baseline_year,
    format_change,
    format_decimal,
    format_figure,
    format_measurement,
    format_observation,
    format_period,
)
from delaftale.errors import WriteError
from delaftale.files import os_error_words, write_atomically
from delaftale.findings import Finding, Severity
from delaftale.followup import (
    Assessment,
    Direction,
    IndicatorStatus,
    Observation,
    assessment_text,
)
from delaftale.model import Agreement, FocusArea, Indicator, Measurement, Period
from delaftale.options import Language, check_option
from delaftale.plan import Plan
from delaftale.validation import validate
from delaftale.word.safety import Limits
from delaftale.word.writer import check_output, docx_target

if TYPE_CHECKING:
    from delaftale.charts import _ChartSession

__all__ = ["status_report_bytes", "write_status_report"]

# A4 with 2.5 cm side margins leaves 16 cm: label | figure | note and source.
_PAGE_WIDTH_CM, _PAGE_HEIGHT_CM, _SIDE_MARGIN_CM = 21.0, 29.7, 2.5
_COLUMN_WIDTHS_CM = (4.7, 4.3, 7.0)
_CHART_WIDTH_CM = 15.0

# Style names, Danish like the overview's, since Danish users see them in Word.
_TABLE_STYLE = "Indikatortabel"
_CELL = "Tabeltekst"
_LABEL = "Tabelrubrik"
_NOTE = "Tabelnote"
_DESCRIPTION = "Indikatorbeskrivelse"
_META = "Rapportoplysninger"
_CHART = "Diagram"

# Light fills for the assessment: green the right way, red the wrong way, grey otherwise.
_FILLS = {
    Assessment.IMPROVING: "E2EFDA",
    Assessment.WORSENING: "F8D7D3",
}
_NEUTRAL_FILL = "F2F2F2"

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Status for delmål og indikatorer {year}",
        "period": "Periode: {period}",
        "intro": (
            "Statussen viser for hvert indsatsområde delmålene og deres indikatorer: baseline, "
            "tallene for hvert år til og med {year}, sammenligningen og målet, hvor de er "
            "angivet. Vurderingen sammenligner det seneste tal med baseline: »Udviklingen går "
            "den rigtige vej« betyder, at tallet har flyttet sig fra baseline i den retning, "
            "delmålet sigter mod. Retningen læses af delmålets ordlyd (fx »Flere« eller "
            "»Færre«) eller er angivet i opfølgningen; rækken Retning viser, hvad den bygger på. "
            "Først kommer et overblik over alle indikatorer, til sidst opfølgningens "
            "bemærkninger til tallene for {year}."
        ),
        "overview": "Overblik",
        "number": "Nr.",
        "indicator_column": "Indikator",
        "latest": "Seneste tal",
        "no_latest": "Ingen tal",
        "none": "–",
        "no_statuses": "Planen har endnu ingen indikatorer.",
        "notes_heading": "Opfølgningens bemærkninger",
        "no_notes": "Ingen bemærkninger.",
        "error": "Fejl",
        "warning": "Advarsler",
        "info": "Oplysninger",
        "no_agreements": "Planen har endnu ingen delaftaler.",
        "no_sub_goals": "Delaftalen har endnu ingen delmål.",
        "no_indicators": "Delmålet har endnu ingen indikatorer.",
        "sub_goal": "Delmål {n}: {title}",
        "indicator": "Indikator {n}",
        "figure": "Tal",
        "note": "Bemærkning",
        "baseline": "Baseline",
        "comparison": "Sammenligning",
        "target": "Mål",
        "change": "Ændring siden baseline",
        "assessment": "Vurdering",
        "direction": "Retning",
        "figures": "Årets tal",
        "no_figures": "Ingen tal til og med {year}",
        "not_given": "Ikke angivet",
        "not_set": "Ikke fastsat",
        "pending": "Endnu ikke målt",
        "source": "Datakilde: {source}",
        "people": "personer",
        "target_by": "{value} i {year}",
        "reached": "Nået",
        "not_reached": "Endnu ikke nået",
        "from_to": "Fra {first} til {last}",
        "up": "Højere er bedre: {basis}",
        "down": "Lavere er bedre: {basis}",
        "chart": "Diagram: {description}",
        "page": "Side ",
    },
    "en": {
        "title": "Status of sub-goals and indicators {year}",
        "period": "Period: {period}",
        "intro": (
            "For each focus area this status shows the sub-goals (delmål) and their indicators: "
            "the baseline, the figures for each year up to {year}, the comparison and the "
            "target where they are given. The assessment compares the latest figure with the "
            "baseline: 'Moving the right way' means the figure has moved from the baseline the "
            "way the sub-goal asks. That direction is read from the sub-goal's wording (such as "
            "'Flere', more, or 'Færre', fewer) or set in the follow-up; the row Direction shows "
            "what it rests on. An overview of all indicators comes first, and the follow-up's "
            "notes on the figures for {year} come last."
        ),
        "overview": "Overview",
        "number": "No.",
        "indicator_column": "Indicator",
        "latest": "Latest figure",
        "no_latest": "No figures",
        "none": "–",
        "no_statuses": "The plan has no indicators yet.",
        "notes_heading": "Notes from the follow-up",
        "no_notes": "No notes.",
        "error": "Errors",
        "warning": "Warnings",
        "info": "Information",
        "no_agreements": "The plan has no delaftaler yet.",
        "no_sub_goals": "The delaftale has no sub-goals yet.",
        "no_indicators": "The sub-goal has no indicators yet.",
        "sub_goal": "Sub-goal {n}: {title}",
        "indicator": "Indicator {n}",
        "figure": "Figure",
        "note": "Note",
        "baseline": "Baseline",
        "comparison": "Comparison",
        "target": "Target",
        "change": "Change since baseline",
        "assessment": "Assessment",
        "direction": "Direction",
        "figures": "Figures",
        "no_figures": "No figures up to {year}",
        "not_given": "Not given",
        "not_set": "Not set",
        "pending": "Not yet measured",
        "source": "Data source: {source}",
        "people": "people",
        "target_by": "{value} by {year}",
        "reached": "Reached",
        "not_reached": "Not yet reached",
        "from_to": "From {first} to {last}",
        "up": "Higher is better: {basis}",
        "down": "Lower is better: {basis}",
        "chart": "Chart: {description}",
        "page": "Page ",
    },
}


# --------------------------------------------------------------------------- the texts


def _people(count: int, words: dict[str, str]) -> str:
    return f"{format_decimal(Decimal(count))} {words['people']}"


def _measurement_text(measurement: Measurement, words: dict[str, str]) -> str:
    """The figure of a baseline or comparison, short: ``"4,6 % (50 personer)"``."""
    if measurement.value is None or measurement.unit is None:
        return words["pending"] if measurement.pending else format_measurement(measurement)
    text = format_figure(measurement.value, measurement.unit)
    if measurement.count is not None:
        text += f" ({_people(measurement.count, words)})"
    return text


def _wording(measurement: Measurement) -> str | None:
    """The document's wording of a figure, when it says more than the figure itself."""
    if measurement.text is None or measurement.value is None:
        return measurement.text
    wording = format_measurement(measurement)
    bare = format_figure(measurement.value, measurement.unit)
    return None if wording.replace(" ", "") == bare.replace(" ", "") else wording


def _target_text(status: IndicatorStatus, words: dict[str, str]) -> str:
    target = status.target
    assert target is not None
    value = format_figure(target.value, target.unit or status.unit)
    if target.year is None:
        return value
    return words["target_by"].format(value=value, year=target.year)


def _direction_text(status: IndicatorStatus, lang: str) -> str:
    words = _WORDS[lang]
    reading = status.direction
    basis = reading.explain(lang)
    if reading.direction is Direction.UP:
        return words["up"].format(basis=basis)
    if reading.direction is Direction.DOWN:
        return words["down"].format(basis=basis)
    return basis[:1].upper() + basis[1:] + "."


def _notes(observation: Observation, words: dict[str, str]) -> list[str]:
    notes = [observation.note] if observation.note is not None else []
    if observation.data_source is not None:
        notes.append(words["source"].format(source=observation.data_source))
    return notes


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _period_text(period: Period, lang: str) -> str:
    """The period in the report's language: the Danish wording, or the English days.

    In Danish the author's wording stands while it states the days (``format_period``); in
    English the days are written from the period's dates: "1 November 2025 to 31 October 2029".
    """
    if lang == "da":
        return format_period(period)

    def day(value: date) -> str:
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"

    return f"{day(period.start)} to {day(period.end)}"


_SHORT = 100
"""The longest description the overview writes whole, in characters."""


def _short(text: str, limit: int = _SHORT) -> str:
    """A description short enough for the overview, cut at a space with an ellipsis.

    Cut only at a space, so a number ("2,0") is never cut in two.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[:cut] if cut > 0 else text[:limit]
    return head.rstrip(" ,;:-–") + "…"


def _latest_text(status: IndicatorStatus, words: dict[str, str]) -> str:
    """The latest figure with its year, as the overview shows it: ``"63,10 % (2026)"``.

    A share's count of people is left to the indicator's own table; a count alone is the
    figure ("14 personer (2026)").
    """
    latest = status.latest
    if latest is None:
        return words["no_latest"]
    if latest.value is None:
        assert latest.count is not None  # an Observation has a value or a count
        figure = _people(latest.count, words)
    else:
        figure = format_figure(latest.value, latest.unit or status.unit)
    return f"{figure} ({latest.year})"


Row = tuple[str, str, list[str]]
"""A row of an indicator's table: label, figure, notes (one paragraph each)."""


def _rows(status: IndicatorStatus, indicator: Indicator, lang: str) -> list[Row]:
    """The table of one indicator, row by row; the assessment rows come after."""
    words = _WORDS[lang]
    rows: list[Row] = []

    baseline = indicator.baseline
    notes: list[str] = []
    if baseline is None:
        shown = words["not_given"]
    else:
        shown = _measurement_text(baseline, words)
        wording = _wording(baseline)
        if wording is not None and wording != shown:
            notes.append(wording)
    if indicator.baseline_year is not None:
        shown += f" ({format_baseline_year(indicator.baseline_year)})"
    if indicator.data_source is not None:
        notes.append(words["source"].format(source=indicator.data_source))
    rows.append((words["baseline"], shown, notes))

    for observation in status.figures:
        rows.append(
            (
                str(observation.year),
                format_observation(observation, status.unit, lang=lang),
                _notes(observation, words),
            )
        )
    if not status.figures:
        rows.append((words["figures"], words["no_figures"].format(year=status.year), []))

    comparison = indicator.comparison
    if comparison is not None:
        wording = _wording(comparison)
        shown = _measurement_text(comparison, words)
        rows.append((words["comparison"], shown, [wording] if wording and wording != shown else []))

    if status.target is None:
        rows.append((words["target"], words["not_set"], []))
    else:
        reached = {True: [words["reached"]], False: [words["not_reached"]], None: []}
        rows.append((words["target"], _target_text(status, words), reached[status.target_reached]))

    if status.change is not None and status.latest is not None:
        span = (
            [words["from_to"].format(first=status.baseline_year, last=status.latest.year)]
            if status.baseline_year is not None
            else []
        )
        rows.append((words["change"], format_change(status.change, status.unit, lang=lang), span))
    return rows


# --------------------------------------------------------------------------- the template

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _style_xml(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
    custom: bool = True,
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    flag = ' w:customStyle="1"' if custom else ""
    return (
        f'<w:style w:type="{kind}"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>{based}'
        f"<w:qFormat/>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}"
        f"{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{extra}</w:style>"
    )


def _size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _heading(level: int, before: int, after: int, color: str, points: float) -> str:
    return _style_xml(
        "paragraph",
        f"Heading{level}",
        f"heading {level}",
        ppr=(
            f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
            f'<w:outlineLvl w:val="{level - 1}"/>'
        ),
        rpr=f'<w:b/><w:bCs/><w:color w:val="{color}"/>{_size(points)}',
        custom=False,
    )


_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"'

_STYLES = (
    f'<w:styles xmlns:w="{_W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Calibri" w:eastAsia="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>'
    f'{_size(11)}<w:lang w:val="{{lang}}" w:eastAsia="en-US" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
    "</w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
    '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
    '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style>"
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    + _style_xml(
        "paragraph",
        "Title",
        "Title",
        ppr='<w:spacing w:after="120" w:line="240" w:lineRule="auto"/>',
        rpr=f'<w:color w:val="1F4E79"/><w:kern w:val="28"/>{_size(22)}',
        custom=False,
    )
    + _style_xml(
        "paragraph",
        "Subtitle",
        "Subtitle",
        ppr='<w:spacing w:after="60"/>',
        rpr=f'<w:color w:val="404040"/>{_size(14)}',
        custom=False,
    )
    + _heading(1, 360, 120, "1F4E79", 16)
    + _heading(2, 280, 80, "2E74B5", 13)
    + _heading(3, 200, 40, "2E74B5", 11)
    + _style_xml(
        "paragraph",
        "Footer",
        "footer",
        ppr='<w:jc w:val="center"/>',
        rpr=f'<w:color w:val="595959"/>{_size(9)}',
        custom=False,
    )
    + _style_xml(
        "paragraph",
        "Rapportoplysninger",
        _META,
        ppr='<w:spacing w:after="240"/>',
        rpr='<w:color w:val="595959"/>',
    )
    + _style_xml(
        "paragraph",
        "Indikatorbeskrivelse",
        _DESCRIPTION,
        ppr='<w:keepNext/><w:spacing w:after="100"/>',
    )
    + _style_xml(
        "paragraph",
        "Tabeltekst",
        _CELL,
        ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        rpr=_size(10),
    )
    + _style_xml("paragraph", "Tabelrubrik", _LABEL, based_on="Tabeltekst", rpr="<w:b/><w:bCs/>")
    + _style_xml(
        "paragraph",
        "Tabelnote",
        _NOTE,
        based_on="Tabeltekst",
        rpr=f'<w:color w:val="404040"/>{_size(9)}',
    )
    + _style_xml(
        "paragraph",
        "Diagram",
        _CHART,
        ppr='<w:spacing w:before="120" w:after="240"/><w:jc w:val="center"/>',
    )
    + _style_xml(
        "paragraph",
        "ListBullet",
        "List Bullet",
        ppr=(
            '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
            '<w:spacing w:after="80"/><w:ind w:left="360" w:hanging="360"/>'
        ),
        custom=False,
    )
    + _style_xml(
        "table",
        "Indikatortabel",
        _TABLE_STYLE,
        based_on="TableNormal",
        extra=(
            "<w:tblPr><w:tblBorders>"
            f"<w:top {_BORDER}/><w:left {_BORDER}/><w:bottom {_BORDER}/><w:right {_BORDER}/>"
            f"<w:insideH {_BORDER}/><w:insideV {_BORDER}/></w:tblBorders><w:tblCellMar>"
            '<w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
            '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
            '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DBE5F1"/></w:tcPr>'
            "</w:tblStylePr>"
        ),
    )
    + "</w:styles>"
)

_TEMPLATE_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_CT_WML}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{_CT_WML}.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{_CT_WML}.settings+xml"/>'
        f'<Override PartName="/word/numbering.xml" ContentType="{_CT_WML}.numbering+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_RELS_NS}"><Relationship Id="rId1" '
        f'Type="{_OFFICE_RELS}/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
    "word/_rels/document.xml.rels": (
        f'<Relationships xmlns="{_RELS_NS}">'
        f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{_OFFICE_RELS}/settings" Target="settings.xml"/>'
        f'<Relationship Id="rId3" Type="{_OFFICE_RELS}/numbering" Target="numbering.xml"/>'
        "</Relationships>"
    ),
    "word/document.xml": (
        f'<w:document xmlns:w="{_W_NS}" xmlns:r="{_R_NS}"><w:body><w:sectPr>'
        f'<w:pgSz w:w="{Cm(_PAGE_WIDTH_CM).twips}" w:h="{Cm(_PAGE_HEIGHT_CM).twips}"/>'
        f'<w:pgMar w:top="{Cm(2).twips}" w:right="{Cm(_SIDE_MARGIN_CM).twips}" '
        f'w:bottom="{Cm(2).twips}" w:left="{Cm(_SIDE_MARGIN_CM).twips}" '
        f'w:header="{Cm(1.2).twips}" w:footer="{Cm(1.0).twips}" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>'
    ),
    # One list: the bullets of the follow-up's notes (style "List Bullet").
    "word/numbering.xml": (
        f'<w:numbering xmlns:w="{_W_NS}"><w:abstractNum w:abstractNumId="0">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ),
    "word/settings.xml": (
        f'<w:settings xmlns:w="{_W_NS}"><w:defaultTabStop w:val="1304"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
        '<w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    ),
}


@functools.cache
def _template(lang: str) -> bytes:
    """The report's blank document: A4, its styles and nothing else, as .docx bytes.

    python-docx's own default document carries 800 KB of styles nobody uses here, which cost
    more to read, look up and write than the whole report; this one is a few kilobytes.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        parts = dict(_TEMPLATE_PARTS)
        parts["word/styles.xml"] = _STYLES.replace("{lang}", _LANGUAGE[lang])
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, _XML_DECLARATION + xml.encode("utf-8"))
    return out.getvalue()


_XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_LANGUAGE = {"da": "da-DK", "en": "en-GB"}


# --------------------------------------------------------------------------- the document


def _new_document(plan: Plan, year: int, lang: str) -> Any:
    words = _WORDS[lang]
    document = docx.Document(io.BytesIO(_template(lang)))
    footer = document.sections[0].footer.paragraphs[0]
    footer.style = "Footer"
    footer.add_run(f"{words['title'].format(year=year)} · {plan.name} · {words['page']}")
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    properties = document.core_properties
    properties.title = f"{words['title'].format(year=year)}: {plan.name}"
    properties.language = _LANGUAGE[lang]
    return document


def _text_xml(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraphs_xml(lines: list[str], style: str, *, keep_with_next: bool = False) -> str:
    """A cell's paragraphs, one per line; a cell needs one paragraph even when empty."""
    keep = "<w:keepNext/>" if keep_with_next else ""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>'
    return "".join(f"<w:p>{ppr}{_text_xml(line)}</w:p>" for line in lines) or f"<w:p>{ppr}</w:p>"


def _cell_xml(
    lines: list[str],
    style: str,
    width: float,
    *,
    span: int = 1,
    fill: str | None = None,
    keep: bool,
) -> str:
    tcpr = f'<w:tcW w:w="{Cm(width).twips}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if fill is not None:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    return (
        f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{_paragraphs_xml(lines, style, keep_with_next=keep)}</w:tc>"
    )


def _table_xml(widths: tuple[float, ...], rows: list[str]) -> Any:
    """A table in the report's style as a ``w:tbl`` element, built as XML in one go."""
    total = sum(Cm(w).twips for w in widths)
    grid = "".join(f'<w:gridCol w:w="{Cm(w).twips}"/>' for w in widths)
    return parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblStyle w:val="{_TABLE_STYLE}"/><w:tblW w:w="{total}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


_HEADER_ROW = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"


def _fill(status: IndicatorStatus) -> str:
    """The assessment's shade: green the right way, red the wrong way, grey otherwise."""
    if status.assessment is None:
        return _NEUTRAL_FILL
    return _FILLS.get(status.assessment, _NEUTRAL_FILL)


def _indicator_table(
    status: IndicatorStatus, indicator: Indicator, lang: str, *, keep_last: bool
) -> Any:
    """The indicator's table as a ``w:tbl`` element.

    Every cell paragraph of every row keeps with the next (``w:keepNext``), and so does the
    last row's when ``keep_last`` (a chart follows): Word then keeps the table on one page
    with what follows it, where they fit. No row splits over two pages; the header row
    repeats if the table does break.
    """
    words = _WORDS[lang]
    label_w, figure_w, note_w = _COLUMN_WIDTHS_CM
    rows = [
        _HEADER_ROW
        + _cell_xml([], _LABEL, label_w, keep=True)
        + _cell_xml([words["figure"]], _LABEL, figure_w, keep=True)
        + _cell_xml([words["note"]], _LABEL, note_w, keep=True)
        + "</w:tr>"
    ]
    for label, figure, notes in _rows(status, indicator, lang):
        rows.append(
            _ROW
            + _cell_xml([label], _LABEL, label_w, keep=True)
            + _cell_xml([figure], _CELL, figure_w, keep=True)
            + _cell_xml(notes, _NOTE, note_w, keep=True)
            + "</w:tr>"
        )
    verdicts = (
        (words["assessment"], assessment_text(status, lang), _LABEL, _fill(status)),
        (words["direction"], _direction_text(status, lang), _CELL, None),
    )
    for n, (label, text, style, shade) in enumerate(verdicts):
        keep = keep_last or n < len(verdicts) - 1
        rows.append(
            _ROW
            + _cell_xml([label], _LABEL, label_w, keep=keep)
            + _cell_xml([text], style, figure_w + note_w, span=2, fill=shade, keep=keep)
            + "</w:tr>"
        )
    return _table_xml(_COLUMN_WIDTHS_CM, rows)


# The overview: number | indicator | latest figure | change | assessment (16 cm).
_OVERVIEW_WIDTHS_CM = (1.2, 5.3, 2.8, 3.0, 3.7)
_AREA_FILL = "EDF2F8"


def _overview_table(groups: list[tuple[str, list[IndicatorStatus]]], lang: str) -> Any:
    """One row per indicator under a row per focus area, all kept together where they fit."""
    words = _WORDS[lang]
    number_w, text_w, latest_w, change_w, verdict_w = _OVERVIEW_WIDTHS_CM
    rows = [
        _HEADER_ROW
        + _cell_xml([words["number"]], _LABEL, number_w, keep=True)
        + _cell_xml([words["indicator_column"]], _LABEL, text_w, keep=True)
        + _cell_xml([words["latest"]], _LABEL, latest_w, keep=True)
        + _cell_xml([words["change"]], _LABEL, change_w, keep=True)
        + _cell_xml([words["assessment"]], _LABEL, verdict_w, keep=True)
        + "</w:tr>"
    ]
    last = [s for _, found in groups for s in found][-1]
    for title, found in groups:
        rows.append(
            _ROW
            + _cell_xml(
                [title], _LABEL, sum(_OVERVIEW_WIDTHS_CM), span=5, fill=_AREA_FILL, keep=True
            )
            + "</w:tr>"
        )
        for status in found:
            keep = status is not last
            change = (
                format_change(status.change, status.unit, lang=lang)
                if status.change is not None
                else words["none"]
            )
            rows.append(
                _ROW
                + _cell_xml([f"{status.sub_goal}.{status.indicator}"], _CELL, number_w, keep=keep)
                + _cell_xml([_short(status.description)], _CELL, text_w, keep=keep)
                + _cell_xml([_latest_text(status, words)], _CELL, latest_w, keep=keep)
                + _cell_xml([change], _CELL, change_w, keep=keep)
                + _cell_xml(
                    [assessment_text(status, lang)], _CELL, verdict_w, fill=_fill(status), keep=keep
                )
                + "</w:tr>"
            )
    return _table_xml(_OVERVIEW_WIDTHS_CM, rows)


_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def _followup_findings(plan: Plan, year: int) -> list[Finding]:
    """The follow-up's validation findings for ``year``, errors first, then warnings."""
    found = [f for f in validate(plan, year=year).findings if f.code.startswith("followup")]
    return sorted(found, key=lambda f: _SEVERITIES.index(f.severity))


def _notes_section(document: Any, findings: list[Finding], lang: str) -> None:
    """The follow-up's findings, a bullet each under a heading per severity."""
    words = _WORDS[lang]
    heading = document.add_heading(words["notes_heading"], level=1)
    heading.paragraph_format.page_break_before = True
    if not findings:
        document.add_paragraph(words["no_notes"])
        return
    for severity in _SEVERITIES:
        these = [f for f in findings if f.severity is severity]
        if not these:
            continue
        document.add_heading(words[severity.value], level=2)
        for finding in these:
            text = finding.message_da if lang == "da" else finding.message
            document.add_paragraph(text, style="List Bullet")


def _chart(document: Any, status: IndicatorStatus, lang: Language, session: _ChartSession) -> None:
    png = session.png(status, lang=lang, width_cm=_CHART_WIDTH_CM)
    paragraph = document.add_paragraph(style=_CHART)
    inline = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(_CHART_WIDTH_CM))
    # Alternative text for a screen reader: what the chart shows.
    described = _WORDS[lang]["chart"].format(description=status.description)
    inline._inline.docPr.set("descr", described)


def _chart_session() -> _ChartSession:
    from delaftale.charts import _ChartSession

    return _ChartSession()


def _has_chart(status: IndicatorStatus) -> bool:
    from delaftale.charts import has_chart

    return has_chart(status)


def _indicator(agreement: Agreement, status: IndicatorStatus) -> Indicator:
    return agreement.sub_goals[status.sub_goal - 1].indicators[status.indicator - 1]


def _for_chart(status: IndicatorStatus, indicator: Indicator) -> IndicatorStatus:
    """The status as the chart should draw it: the comparison only in the baseline's unit.

    ``IndicatorStatus`` carries the comparison's value without its unit; the chart draws it
    on the baseline's axis, so a comparison in another unit is left out of the chart (the
    table still shows it).
    """
    comparison = indicator.comparison
    if status.comparison is not None and (comparison is None or comparison.unit is not status.unit):
        return attrs.evolve(status, comparison=None)
    return status


def _areas(plan: Plan) -> list[Agreement]:
    return [a for a in (plan.agreement(area) for area in FocusArea) if a is not None]


def _texts(plan: Plan) -> Iterator[tuple[str, str]]:
    """Every text of the data the report writes, with its path."""
    yield plan.name, "$.name"
    if plan.municipality is not None:
        yield plan.municipality, "$.municipality"
    for a, agreement in enumerate(plan.agreements):
        for s, goal in enumerate(agreement.sub_goals):
            where = f"$.agreements[{a}].sub_goals[{s}]"
            yield goal.title, f"{where}.title"
            for i, indicator in enumerate(goal.indicators):
                here = f"{where}.indicators[{i}]"
                yield indicator.description, f"{here}.description"
                if indicator.data_source is not None:
                    yield indicator.data_source, f"{here}.data_source"
                for name in ("baseline", "comparison"):
                    measurement = getattr(indicator, name)
                    if measurement is not None and measurement.text is not None:
                        yield measurement.text, f"{here}.{name}.text"
                if indicator.baseline_year is not None:
                    yield indicator.baseline_year.text, f"{here}.baseline_year.text"
    if plan.followup is not None:
        for n, entry in enumerate(plan.followup.indicators):
            for o, observation in enumerate(entry.observations):
                where = f"$.followup.indicators[{n}].observations[{o}]"
                if observation.note is not None:
                    yield observation.note, f"{where}.note"
                if observation.data_source is not None:
                    yield observation.data_source, f"{where}.data_source"


def _check_texts(plan: Plan) -> None:
    # Checked before anything is built, so the error names the field in the data.
    for text, where in _texts(plan):
        bad = _INVALID_XML.search(text)
        if bad:
            raise WriteError(
                f"The text at {where} contains the control character U+{ord(bad.group()):04X}, "
                "which a Word document cannot hold. Remove it from the data and write again."
            )


def status_report_bytes(
    plan: Plan, year: int, *, lang: Language = "da", charts: bool = True
) -> bytes:
    """The board's status report for ``year`` as .docx bytes (see ``write_status_report``)."""
    check_option("lang", lang, Language)
    statuses = plan.status(year)  # checks the year
    _check_texts(plan)
    words = _WORDS[lang]
    document = _new_document(plan, year, lang)
    body = document.element.body
    document.add_paragraph(words["title"].format(year=year), style="Title")
    document.add_paragraph(plan.name, style="Subtitle")
    meta = [plan.municipality] if plan.municipality is not None else []
    if plan.period is not None:
        meta.append(words["period"].format(period=_period_text(plan.period, lang)))
    if meta:
        document.add_paragraph(" · ".join(meta), style=_META)
    document.add_paragraph(words["intro"].format(year=year))

    by_area: dict[FocusArea, list[IndicatorStatus]] = {}
    for status in statuses:
        by_area.setdefault(status.focus_area, []).append(status)
    areas = _areas(plan)
    # The report's charts share a renderer and the lines of text it set; dropped on return.
    session = _chart_session()

    def title(area: FocusArea) -> str:
        return area.title_en if lang == "en" else area.title

    document.add_heading(words["overview"], level=1)
    groups = [
        (title(a.focus_area), by_area[a.focus_area]) for a in areas if a.focus_area in by_area
    ]
    if groups:
        body.sectPr.addprevious(_overview_table(groups, lang))
    else:
        document.add_paragraph(words["no_statuses"] if areas else words["no_agreements"])

    for agreement in areas:
        area = agreement.focus_area
        heading = document.add_heading(title(area), level=1)
        heading.paragraph_format.page_break_before = True  # each area on a page of its own
        if not agreement.sub_goals:
            document.add_paragraph(words["no_sub_goals"])
        found = by_area.get(area, [])
        for s, goal in enumerate(agreement.sub_goals, start=1):
            document.add_heading(words["sub_goal"].format(n=s, title=goal.title), level=2)
            if not goal.indicators:
                document.add_paragraph(words["no_indicators"])
            for status in (x for x in found if x.sub_goal == s):
                indicator = _indicator(agreement, status)
                number = f"{status.sub_goal}.{status.indicator}"
                document.add_heading(words["indicator"].format(n=number), level=3)
                document.add_paragraph(status.description, style=_DESCRIPTION)
                drawn = _for_chart(status, indicator)
                chart = charts and _has_chart(drawn)
                # The heading and description keep with the next paragraph (their styles),
                # the table's rows too and, when a chart follows, its last row: the whole
                # indicator stays on one page where it fits.
                body.sectPr.addprevious(_indicator_table(status, indicator, lang, keep_last=chart))
                if chart:
                    _chart(document, drawn, lang, session)
    _notes_section(document, _followup_findings(plan, year), lang)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    check_output(data, Limits(), "The status report")
    return data


def write_status_report(
    plan: Plan,
    year: int,
    path: str | os.PathLike[str],
    *,
    lang: Language = "da",
    charts: bool = True,
) -> Path:
    """Write the board's status report for ``year`` (*status for delmål og indikatorer*).

    A4; the title "Status for delmål og indikatorer {year}", the plan's name, municipality and
    period, and a short introduction on how to read the assessment. Then an overview
    ("Overblik"), a row per indicator under a row per focus area: its number ("1.1"), its
    description (cut at 100 characters), the latest figure with its year ("63,10 % (2026)"),
    the change since the baseline and the assessment, shaded. Then per focus area (in
    ``FocusArea`` order, each on a new page) a heading, per delmål a heading ("Delmål 1: …"),
    and per indicator its description and a table: the baseline with its year
    ("61,21 % (2023)") and data source, each year's figure up to ``year`` with its note and
    source ("8,4 % (41 personer)"), the comparison, the target ("70 % i 2029") and whether
    it is reached, the change since the baseline ("+2,29 procentpoint"), the assessment in
    plain Danish (shaded green or red) and what the delmål's direction rests on. Each indicator with
    figures gets a chart of them (``delaftale.charts.chart_png``, 15 cm wide at 200 dpi)
    unless ``charts`` is false; an indicator's headings, description, table and chart keep
    together on one page where they fit (Word's keep-with-next). Last, on a new page,
    "Opfølgningens bemærkninger": the follow-up's findings of
    ``validate(plan, year=year)`` (codes ``followup-…``), a bullet each under a heading per
    severity, errors first; "Ingen bemærkninger." when there are none. ``lang="en"`` writes
    the report's own words, the findings and the period's days in English; the data's texts
    stay as written and numbers keep the Danish notation.

    The statuses are ``plan.status(year)``. The document is written to a temporary file in
    the target folder and renamed into place, so a failure never leaves a half-written file.
    Raises ``ValueError`` for a year outside 1990-2100 or an unknown ``lang``, and
    ``WriteError`` for text a Word document cannot hold or a name that promises another
    format (.pdf, .doc …). Returns the path.
    """
    target = docx_target(path)
    data = status_report_bytes(plan, year, lang=lang, charts=charts)
    try:
        return write_atomically(target, data)
    except OSError as exc:
        raise WriteError(
            f"{target} cannot be written: {os_error_words(exc)}. Nothing was written there."
        ) from None
