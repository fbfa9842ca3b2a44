"""The board's status report (status for delmål og indikatorer) as a Word document.

The plan is the Ishøj example's two delaftaler with follow-up figures typed in here; every
expected text below is worked out by hand from those figures (63,50 − 61,21 = 2,29).
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs
import docx
import pytest

import delaftale
from delaftale import Agreement, FocusArea, Period, WriteError
from delaftale.followup import Direction, FollowUp, IndicatorFollowUp, Observation, Target
from delaftale.model import BaselineYear, Indicator, Measurement, SubGoal, Unit
from delaftale.plan import Plan
from delaftale.word.status import status_report_bytes, write_status_report
from libreoffice import convert_to_pdf, needs_libreoffice

EXAMPLES = Path(__file__).parent.parent / "examples"
U, B = FocusArea.UDDANNELSE_OG_LIVSCHANCER, FocusArea.BESKAEFTIGELSE
D = Decimal
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

FOLLOWUP = FollowUp(
    indicators=[
        # Uddannelse 1.1, baseline 61,21 % (2023), comparison 68,45 %: up is better.
        IndicatorFollowUp(
            focus_area=U,
            indicator="1.1",
            observations=[
                Observation(year=2026, value=D("62.5"), unit=Unit.PERCENT),
                Observation(year=2027, value=D("63.50"), note="Foreløbigt tal"),
                Observation(year=2028, value=D("77.77")),  # after the year asked: never shown
            ],
            target=Target(value=D("70"), year=2029),
        ),
        # Uddannelse 2.1, baseline 8,87 %: "Færre" wants it down; 9,02 is the wrong way.
        IndicatorFollowUp(
            focus_area=U,
            indicator="2.1",
            observations=[Observation(year=2027, value=D("9.02"), count=41)],
        ),
        # Uddannelse 3.1, baseline pending: counts only.
        IndicatorFollowUp(
            focus_area=U,
            indicator="3.1",
            observations=[
                Observation(year=2026, count=12, data_source="Lokal registrering, SSP"),
                Observation(year=2027, count=15),
            ],
        ),
        # Beskæftigelse 3.1, baseline 81,40 %: the 2027 figure is a count, another unit.
        IndicatorFollowUp(
            focus_area=B,
            indicator="3.1",
            observations=[
                Observation(year=2026, value=D("82.1")),
                Observation(year=2027, value=D("57"), unit=Unit.COUNT),
            ],
        ),
    ]
)
"""Beskæftigelse 1.1, 2.1 and 4.1 have no figures: no chart for them."""

INDICATORS_WITH_FIGURES = 4


def agreement(stem: str) -> Agreement:
    text = (EXAMPLES / "ishoj-2025-plan" / f"{stem}.json").read_text(encoding="utf-8")
    return delaftale.loads(text, Agreement)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return Plan(
        name="Den boligsociale helhedsplan i Ishøj 2025-2029",
        municipality="Ishøj Kommune",
        period=Period(start=date(2025, 11, 1), end=date(2029, 10, 31)),
        agreements=[
            agreement("ishoj-2025-uddannelse-og-livschancer"),
            agreement("ishoj-2025-beskaeftigelse"),
        ],
        followup=FOLLOWUP,
    )


@pytest.fixture(scope="module")
def report(plan: Plan) -> bytes:
    return status_report_bytes(plan, 2027)


def blocks(data: bytes) -> list[object]:
    """The body's paragraphs (as text) and tables (as lists of row texts), in order."""
    document = docx.Document(io.BytesIO(data))
    found: list[object] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            found.append("".join(t.text or "" for t in element.iter(f"{W}t")))
        elif element.tag == f"{W}tbl":
            rows = []
            for tr in element.iterchildren(f"{W}tr"):
                rows.append(
                    [
                        "\n".join(
                            "".join(t.text or "" for t in p.iter(f"{W}t"))
                            for p in tc.iterchildren(f"{W}p")
                        )
                        for tc in tr.iterchildren(f"{W}tc")
                    ]
                )
            found.append(rows)
    return found


def table_of(
    data: bytes, area: str, indicator: str, words: tuple[str, str] = ("Indikator", "Delmål")
) -> dict[str, list[str]]:
    """The table under "Indikator <n>" in an area's section, by its rows' labels."""
    areas = {a.title for a in FocusArea} | {a.title_en for a in FocusArea}
    in_area = False
    seen = False
    for block in blocks(data):
        if isinstance(block, str):
            if block in areas:
                in_area = block == area
            if block.startswith((f"{words[0]} ", f"{words[1]} ")):
                seen = in_area and block == f"{words[0]} {indicator}"
        elif seen:
            assert isinstance(block, list)
            return {row[0]: row[1:] for row in block}
    raise AssertionError(f"no table for {indicator} in {area}")


def all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [
            n for n in archive.namelist() if re.fullmatch(r"word/(document|footer\d*)\.xml", n)
        ]
        xml = " ".join(archive.read(n).decode("utf-8") for n in parts)
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


# --------------------------------------------------------------------------- contents


def test_the_title_names_the_year_plan_municipality_and_period(report: bytes) -> None:
    texts = [b for b in blocks(report) if isinstance(b, str)]
    assert texts[:3] == [
        "Status for delmål og indikatorer 2027",
        "Den boligsociale helhedsplan i Ishøj 2025-2029",
        "Ishøj Kommune · Periode: 1. november 2025 til 31. oktober 2029",
    ]
    assert "til og med 2027" in texts[3]
    assert "»Udviklingen går den rigtige vej«" in texts[3]


def test_the_english_period_is_written_from_its_dates(plan: Plan) -> None:
    data = status_report_bytes(plan, 2027, lang="en", charts=False)
    texts = [b for b in blocks(data) if isinstance(b, str)]
    assert texts[2] == "Ishøj Kommune · Period: 1 November 2025 to 31 October 2029"
    # From the dates, not the Danish wording of the period, whatever the wording says.
    worded = attrs.evolve(
        plan,
        period=Period(
            start=date(2025, 11, 1), end=date(2029, 10, 31), text="1/11-2025 til 31/10-2029"
        ),
    )
    english = status_report_bytes(worded, 2027, lang="en", charts=False)
    assert "Period: 1 November 2025 to 31 October 2029" in all_text(english)
    danish = status_report_bytes(worded, 2027, charts=False)
    assert "Periode: 1/11-2025 til 31/10-2029" in all_text(danish)


def test_areas_sub_goals_and_indicators_are_headed_in_order(report: bytes) -> None:
    document = docx.Document(io.BytesIO(report))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Overblik")
    assert headings[1:7] == [
        ("Heading 1", "Uddannelse og livschancer"),
        ("Heading 2", "Delmål 1: Flere unge gennemfører en uddannelse højere end grundskolen"),
        ("Heading 3", "Indikator 1.1"),
        (
            "Heading 2",
            "Delmål 2: Færre unge afbryder uddannelse uden at påbegyndt en ny uddannelse",
        ),
        ("Heading 3", "Indikator 2.1"),
        (
            "Heading 2",
            "Delmål 3: Øge og styrke de unge gennem erhvervspraktikforløb, juniormesterlære og "
            "social praktik",
        ),
    ]
    assert ("Heading 1", "Beskæftigelse") in headings
    assert ("Heading 2", "Delmål 1: Øge de unges viden om arbejdsmarkedet") in headings
    assert headings[-2:] == [
        ("Heading 1", "Opfølgningens bemærkninger"),
        ("Heading 2", "Advarsler"),
    ]
    # Each area starts on a new page, after the title page with its overview, and so do
    # the follow-up's notes.
    for title in ("Uddannelse og livschancer", "Beskæftigelse", "Opfølgningens bemærkninger"):
        heading = next(p for p in document.paragraphs if p.text == title)
        assert heading.paragraph_format.page_break_before is True


def test_an_indicator_table_holds_the_hand_worked_figures(report: bytes) -> None:
    table = table_of(report, "Uddannelse og livschancer", "1.1")
    assert table[""] == ["Tal", "Bemærkning"]
    assert table["Baseline"][0] == "61,21 % (2023)"
    assert "Datakilde: LBF - Boligsociale Data" in table["Baseline"][1]
    assert table["2026"] == ["62,5 %", ""]
    assert table["2027"] == ["63,50 %", "Foreløbigt tal"]
    assert "2028" not in table  # measured after the year asked
    assert table["Sammenligning"][0] == "68,45 %"
    assert table["Mål"] == ["70 % i 2029", "Endnu ikke nået"]
    # 63,50 - 61,21 = 2,29 percentage points, from the baseline year to the latest figure.
    assert table["Ændring siden baseline"] == ["+2,29 procentpoint", "Fra 2023 til 2027"]
    assert table["Vurdering"] == ["Udviklingen går den rigtige vej"]
    assert table["Retning"] == ["Højere er bedre: 'Flere' i delmålet"]


def test_the_wrong_way_a_count_and_a_down_direction(report: bytes) -> None:
    table = table_of(report, "Uddannelse og livschancer", "2.1")
    assert table["Baseline"][0] == "8,87 % (2023)"
    assert table["2027"][0] == "9,02 % (41 personer)"
    # 9,02 - 8,87 = 0,15 up, and "Færre" wants it down.
    assert table["Ændring siden baseline"][0] == "+0,15 procentpoint"
    assert table["Vurdering"] == ["Udviklingen går den forkerte vej"]
    assert table["Retning"] == ["Lavere er bedre: 'Færre' i delmålet"]
    assert table["Mål"] == ["Ikke fastsat", ""]


def test_a_pending_baseline_with_counts(report: bytes) -> None:
    table = table_of(report, "Uddannelse og livschancer", "3.1")
    assert table["Baseline"][0] == "Endnu ikke målt (2026)"
    assert "Udfyldes første hele kalenderår af helhedsplanen" in table["Baseline"][1]
    assert table["2026"] == ["12 personer", "Datakilde: Lokal registrering, SSP"]
    assert table["2027"] == ["15 personer", ""]
    assert "Ændring siden baseline" not in table
    assert table["Vurdering"] == ["Baseline er endnu ikke målt"]


def test_a_figure_in_another_unit_is_shown_as_it_is_and_not_judged(report: bytes) -> None:
    table = table_of(report, "Beskæftigelse", "3.1")
    assert table["Baseline"][0] == "81,40 % (2023)"
    assert table["2026"][0] == "82,1 %"
    assert table["2027"][0] == "57"  # a count, in no percent
    assert table["Vurdering"] == [
        "Kan ikke vurderes: det seneste tal er opgjort i en anden enhed end baseline."
    ]


def test_an_indicator_without_figures(report: bytes) -> None:
    table = table_of(report, "Beskæftigelse", "1.1")
    assert table["Årets tal"] == ["Ingen tal til og med 2027", ""]
    assert table["Vurdering"] == ["Baseline er endnu ikke målt"]


def test_an_unknown_direction_is_explained(plan: Plan) -> None:
    goal = SubGoal(
        title="Unge og arbejdsmarkedet",
        indicators=[
            Indicator(
                description="Andel unge i job",
                baseline=Measurement(text="40 %", value=D("40"), unit=Unit.PERCENT),
                baseline_year=BaselineYear(text="2023", year=2023),
            )
        ],
    )
    plain = Plan(
        name="Plan",
        agreements=[Agreement(focus_area=B, sub_goals=[goal])],
        followup=FollowUp(
            indicators=[
                IndicatorFollowUp(
                    focus_area=B,
                    indicator="1.1",
                    observations=[Observation(year=2026, value=D("45"))],
                )
            ]
        ),
    )
    table = table_of(status_report_bytes(plain, 2026, charts=False), "Beskæftigelse", "1.1")
    assert table["Ændring siden baseline"][0] == "+5 procentpoint"
    assert table["Vurdering"][0].startswith("Kan ikke vurderes: tallet har flyttet sig")
    assert table["Retning"][0].startswith("Delmålets ordlyd siger ikke hvilken vej")
    # Set by hand in the follow-up, the direction is judged and says so.
    entry = attrs.evolve(plain.followup.indicators[0], direction=Direction.UP)  # type: ignore[union-attr]
    fixed = attrs.evolve(plain, followup=FollowUp(indicators=[entry]))
    table = table_of(status_report_bytes(fixed, 2026, charts=False), "Beskæftigelse", "1.1")
    assert table["Vurdering"] == ["Udviklingen går den rigtige vej"]
    assert table["Retning"] == ["Højere er bedre: angivet i opfølgningen"]


# --------------------------------------------------------------------------- the overview


@pytest.fixture(scope="module")
def example() -> Plan:
    """The example plan folder with its follow-up sheet (opfoelgning.csv) and target."""
    return delaftale.load_plan(EXAMPLES / "ishoj-2025-plan")


@pytest.fixture(scope="module")
def example_2026(example: Plan) -> bytes:
    return status_report_bytes(example, 2026, charts=False)


def overview(data: bytes) -> list[tuple[list[str], str | None]]:
    """The overview table's rows (the first table): cell texts and the last cell's fill."""
    document = docx.Document(io.BytesIO(data))
    table = next(document.element.body.iterchildren(f"{W}tbl"))
    rows = []
    for tr in table.iterchildren(f"{W}tr"):
        cells = list(tr.iterchildren(f"{W}tc"))
        texts = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in cells]
        shd = cells[-1].find(f"{W}tcPr/{W}shd")
        rows.append((texts, None if shd is None else shd.get(f"{W}fill")))
    return rows


def test_the_overview_comes_right_after_the_intro(example_2026: bytes) -> None:
    found = blocks(example_2026)
    assert found[3].startswith("Statussen viser")  # type: ignore[union-attr]
    assert found[4] == "Overblik"
    assert isinstance(found[5], list)
    assert found[6] == "Uddannelse og livschancer"


def test_the_overview_of_the_example_at_2026(example: Plan, example_2026: bytes) -> None:
    rows = overview(example_2026)
    assert rows[0][0] == ["Nr.", "Indikator", "Seneste tal", "Ændring siden baseline", "Vurdering"]
    by_area: dict[str, dict[str, tuple[list[str], str | None]]] = {}
    area = ""
    for texts, fill in rows[1:]:
        if len(texts) == 1:  # a focus area's row, across the table
            area = texts[0]
            by_area[area] = {}
        else:
            by_area[area][texts[0]] = (texts[1:], fill)
    assert list(by_area) == ["Uddannelse og livschancer", "Beskæftigelse"]
    assert list(by_area["Uddannelse og livschancer"]) == ["1.1", "2.1", "3.1"]
    assert list(by_area["Beskæftigelse"]) == ["1.1", "2.1", "3.1", "4.1"]
    u, b = by_area["Uddannelse og livschancer"], by_area["Beskæftigelse"]
    # 63,10 - 61,21 = 1,89 up, and "Flere" wants it up: green.
    assert u["1.1"] == (
        [
            "Andel unge, der har gennemført en uddannelse højere end grundskole",
            "63,10 % (2026)",
            "+1,89 procentpoint",
            "Udviklingen går den rigtige vej",
        ],
        "E2EFDA",
    )
    # 9,12 - 8,87 = 0,25 up, and "Færre" wants it down: red.
    assert u["2.1"][0][1:] == [
        "9,12 % (2026)",
        "+0,25 procentpoint",
        "Udviklingen går den forkerte vej",
    ]
    assert u["2.1"][1] == "F8D7D3"
    # A count against a baseline still to be measured: no change, grey.
    assert u["3.1"] == (
        [u["3.1"][0][0], "14 personer (2026)", "–", "Baseline er endnu ikke målt"],
        "F2F2F2",
    )
    # Beskæftigelse 3.1 has no 2026 figure: its latest is 2025's, 82,30 - 81,40 = 0,90.
    assert b["3.1"][0][1:] == [
        "82,30 % (2025)",
        "+0,90 procentpoint",
        "Udviklingen går den rigtige vej",
    ]
    assert b["3.1"][1] == "E2EFDA"
    assert b["1.1"][0][1:] == ["72 % (2026)", "–", "Baseline er endnu ikke målt"]
    assert b["4.1"][0][1:] == ["Ingen tal", "–", "Baseline er endnu ikke målt"]
    # A long description is cut at a space, never inside a number, with an ellipsis.
    description = example.agreements[0].sub_goals[2].indicators[0].description
    short = u["3.1"][0][0]
    assert short.endswith("…")
    assert " ".join(description.split()).startswith(short[:-1])
    assert len(short) <= 101
    assert b["3.1"][0][0] == (
        "Andel elever med gennemsnit på mindst 2,0 i både dansk og matematik ved afgangsprøve "
        "i 9. klasse"
    )


def test_the_overview_takes_a_plain_figure_in_the_baseline_unit(report: bytes) -> None:
    # The 2027 figure 63.50 is given without a unit: it is read in the baseline's percent.
    first = next(texts for texts, _ in overview(report) if texts[0] == "1.1")  # Uddannelse
    assert first[2:4] == ["63,50 % (2027)", "+2,29 procentpoint"]


def test_the_overview_in_english(example: Plan) -> None:
    rows = overview(status_report_bytes(example, 2026, lang="en", charts=False))
    assert rows[0][0] == [
        "No.",
        "Indicator",
        "Latest figure",
        "Change since baseline",
        "Assessment",
    ]
    assert rows[1][0] == ["Education and life chances"]
    assert rows[2][0][2:] == ["63,10 % (2026)", "+1,89 percentage points", "Moving the right way"]
    assert rows[4][0][2] == "14 people (2026)"


# --------------------------------------------------------------------------- the notes


def notes(data: bytes) -> list[object]:
    """What follows the heading "Opfølgningens bemærkninger" (or the English one)."""
    found = blocks(data)
    for title in ("Opfølgningens bemærkninger", "Notes from the follow-up"):
        if title in found:
            return found[found.index(title) + 1 :]
    raise AssertionError("no notes from the follow-up")


def test_the_notes_of_the_example_at_2026(example_2026: bytes) -> None:
    # Beskæftigelse 3.1 has figures up to 2025 and 4.1 none: no figure for 2026.
    assert notes(example_2026) == [
        "Advarsler",
        "Opfølgningen har intet tal for indikator 3.1 i Beskæftigelse i 2026.",
        "Opfølgningen har intet tal for indikator 4.1 i Beskæftigelse i 2026.",
    ]
    document = docx.Document(io.BytesIO(example_2026))
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in bullets] == notes(example_2026)[1:]
    with zipfile.ZipFile(io.BytesIO(example_2026)) as archive:
        numbering = archive.read("word/numbering.xml").decode("utf-8")
    assert '<w:numFmt w:val="bullet"/>' in numbering


def test_the_notes_of_the_example_at_2027(example: Plan) -> None:
    found = notes(status_report_bytes(example, 2027, charts=False))
    assert found[0] == "Advarsler"
    # The baselines due in 2026 (the period's first full year) are still pending in 2027.
    assert (
        "Baseline for indikator 3.1 i Uddannelse og livschancer skulle måles i 2026 og mangler "
        "stadig i 2027. Opfølgningen har 14 personer for 2026: skriv det ind som baseline."
    ) in found
    assert (
        "Baseline for indikator 1.1 i Beskæftigelse skulle måles i 2026 og mangler stadig i "
        "2027. Opfølgningen har 72 % (36 personer) for 2026: skriv det ind som baseline."
    ) in found
    assert (
        "Baseline for indikator 4.1 i Beskæftigelse skulle måles i 2026 og mangler stadig i 2027."
    ) in found
    assert (
        "Opfølgningen har intet tal for indikator 1.1 i Uddannelse og livschancer i 2027." in found
    )
    # Seven indicators, none with a 2027 figure; four baselines pending (U 3.1, B 1.1, 2.1, 4.1).
    assert len(found) == 1 + 7 + 4
    # Only the follow-up's findings: not the delaftaler's own (a draft, a missing section).
    assert not any("udkast" in str(text) for text in found)


def test_the_notes_in_english_and_by_severity(example: Plan) -> None:
    unknown = IndicatorFollowUp(
        focus_area=B, indicator="9.9", observations=[Observation(year=2026, value=D("1"))]
    )
    assert example.followup is not None
    odd = attrs.evolve(
        example,
        followup=FollowUp(indicators=[*example.followup.indicators, unknown]),
    )
    found = notes(status_report_bytes(odd, 2026, lang="en", charts=False))
    # The error first, under its own heading, then the warnings.
    assert found == [
        "Errors",
        "The follow-up names indicator '9.9' of Beskæftigelse, which the delaftale does not have.",
        "Warnings",
        "The follow-up has no figure for indicator 3.1 of Beskæftigelse in 2026.",
        "The follow-up has no figure for indicator 4.1 of Beskæftigelse in 2026.",
    ]


def test_no_notes(plan: Plan) -> None:
    goal = SubGoal(
        title="Flere unge i job",
        indicators=[
            Indicator(
                description="Andel unge i job",
                baseline=Measurement(text="40 %", value=D("40"), unit=Unit.PERCENT),
                baseline_year=BaselineYear(text="2023", year=2023),
            )
        ],
    )
    entry = IndicatorFollowUp(
        focus_area=B, indicator="1.1", observations=[Observation(year=2026, value=D("45"))]
    )
    clean = Plan(
        name="Plan",
        agreements=[Agreement(focus_area=B, sub_goals=[goal])],
        followup=FollowUp(indicators=[entry]),
    )
    assert notes(status_report_bytes(clean, 2026, charts=False)) == ["Ingen bemærkninger."]
    english = status_report_bytes(clean, 2026, lang="en", charts=False)
    assert notes(english) == ["No notes."]


def test_a_plan_without_indicators_has_no_overview_table() -> None:
    empty = Plan(name="Plan", agreements=[Agreement(focus_area=B)])
    found = blocks(status_report_bytes(empty, 2026))
    assert found[found.index("Overblik") + 1] == "Planen har endnu ingen indikatorer."
    assert not any(isinstance(b, list) for b in found)
    nothing = blocks(status_report_bytes(Plan(name="Plan", agreements=[]), 2026))
    assert nothing[nothing.index("Overblik") + 1 :] == [
        "Planen har endnu ingen delaftaler.",
        "Opfølgningens bemærkninger",
        "Ingen bemærkninger.",
    ]


# --------------------------------------------------------------------------- on one page


def _keeps(paragraph: object) -> bool:
    return paragraph.find(f"{W}pPr/{W}keepNext") is not None  # type: ignore[attr-defined]


def _row_keeps(tr: object) -> list[bool]:
    return [_keeps(p) for tc in tr.iterchildren(f"{W}tc") for p in tc.iterchildren(f"{W}p")]  # type: ignore[attr-defined]


def test_each_indicator_keeps_its_heading_description_table_and_chart_together(
    report: bytes,
) -> None:
    document = docx.Document(io.BytesIO(report))
    # The headings and the description keep with the next paragraph by their styles.
    for style in ("Heading 1", "Heading 2", "Heading 3", "Indikatorbeskrivelse"):
        assert document.styles[style].paragraph_format.keep_with_next is True, style
    body = list(document.element.body.iterchildren())
    tables = [n for n, e in enumerate(body) if e.tag == f"{W}tbl"]
    charted = plain = 0
    for n in tables[1:]:  # the indicators' tables, after the overview
        table, after = body[n], body[n + 1]
        assert body[n - 1].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Indikatorbeskrivelse"
        rows = list(table.iterchildren(f"{W}tr"))
        for tr in rows[:-1]:
            assert all(_row_keeps(tr))
        if after.find(f".//{W}drawing") is not None:
            # A chart follows: the last row keeps with it too, every cell paragraph.
            assert all(_row_keeps(rows[-1]))
            charted += 1
        else:
            assert not any(_row_keeps(rows[-1]))  # nothing to keep with: the next heading
            plain += 1
    assert (charted, plain) == (INDICATORS_WITH_FIGURES, 3)
    # The overview's rows keep together, and its heading with it.
    rows = list(body[tables[0]].iterchildren(f"{W}tr"))
    assert all(all(_row_keeps(tr)) for tr in rows[:-1])
    assert all(
        tr.find(f"{W}trPr/{W}cantSplit") is not None
        for n in tables
        for tr in body[n].iterchildren(f"{W}tr")
    )


# Numbers: every number in the report is one the data holds.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def test_no_number_appears_that_the_data_does_not_hold(plan: Plan, report: bytes) -> None:
    expected: set[str] = set()
    data_texts = [plan.name]
    for a in plan.agreements:
        for goal in a.sub_goals:
            data_texts.append(goal.title)
            for indicator in goal.indicators:
                data_texts.append(indicator.description)
                for m in (indicator.baseline, indicator.comparison):
                    if m is not None and m.text is not None:
                        data_texts.append(m.text)
                if indicator.baseline_year is not None:
                    data_texts.append(indicator.baseline_year.text)
    for text in data_texts:
        expected.update(_NUMBER.findall(text))
    # The figures, worked out by hand, the period's days and the years asked about.
    expected |= {"61,21", "62,5", "63,50", "68,45", "70", "2029", "2,29", "2023", "2027"}
    expected |= {"8,87", "9,02", "41", "0,15", "7,39", "12", "15", "2026"}
    expected |= {"81,40", "82,1", "57", "1", "31", "2025"}
    # The numbering of the delmål ("Delmål 2") and indicators ("Indikator 2.1").
    expected |= {"1", "2", "3", "4", "1.1", "2.1", "3.1", "4.1"}
    found = set(_NUMBER.findall(all_text(report)))
    assert found - expected == set()
    assert "77,77" not in all_text(report)  # the 2028 figure, after the year asked


# --------------------------------------------------------------------------- charts


def _pictures(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def test_one_chart_per_indicator_with_figures(report: bytes) -> None:
    document = docx.Document(io.BytesIO(report))
    shapes = document.inline_shapes
    assert len(shapes) == INDICATORS_WITH_FIGURES
    for shape in shapes:
        assert abs(shape.width.cm - 15.0) < 0.01
    pictures = _pictures(report)
    assert len(pictures) == INDICATORS_WITH_FIGURES
    for png in pictures:
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width, _height = struct.unpack(">II", png[16:24])
        assert width == 1181  # 15 cm at 200 dpi
    # The charts follow their indicators' tables, and none follows one without figures.
    order = []
    for block in blocks(report):
        if isinstance(block, str) and block.startswith("Indikator "):
            order.append(block)
    xml = zipfile.ZipFile(io.BytesIO(report)).read("word/document.xml").decode()
    described = re.findall(r'descr="Diagram: ([^"]*)"', xml)
    assert described == [
        "Andel unge, der har gennemført en uddannelse højere end grundskole",
        "Andel unge som i løbet af året har afbrudt en uddannelse og ikke påbegyndt en ny "
        "uddannelse",
        next(d for d in described if d.startswith("Antal unge der får erhvervspraktikplads")),
        "Andel elever med gennemsnit på mindst 2,0 i både dansk og matematik ved afgangsprøve "
        "i 9. klasse",
    ]


def test_charts_can_be_left_out(plan: Plan) -> None:
    data = status_report_bytes(plan, 2027, charts=False)
    assert _pictures(data) == []
    assert docx.Document(io.BytesIO(data)).inline_shapes._inline_lst == []


def test_no_chart_without_figures(plan: Plan) -> None:
    before = attrs.evolve(plan, followup=None)
    assert _pictures(status_report_bytes(before, 2027)) == []


def _bench_plan() -> Plan:
    """The benchmark's plan (benchmarks/bench_status.py): four agreements, 14 charts."""
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "bench_status.py"
    spec = importlib.util.spec_from_file_location("bench_status", path)
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    made: Plan = bench.four_agreement_plan()
    return made


@pytest.mark.parametrize(
    ("which", "year", "lang", "charts"),
    [("example", 2029, "da", 6), ("example", 2027, "en", 6), ("bench", 2029, "da", 14)],
)
def test_a_reports_charts_share_a_session_and_are_each_as_chart_png_draws_it(
    example: Plan,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
    year: int,
    lang: Literal["da", "en"],
    charts: int,
) -> None:
    # A report draws its charts through one session of its own (one renderer, one cache of
    # the lines of text set), made for the report and dropped with it; every chart is byte
    # for byte what chart_png draws alone for the same status.
    from delaftale import charts as charts_module
    from delaftale.charts import chart_png

    plan = example if which == "example" else _bench_plan()
    sessions: list[Any] = []
    drawn: list[tuple[Any, dict[str, Any], bytes]] = []

    class Recording(charts_module._ChartSession):
        def __init__(self) -> None:
            super().__init__()
            sessions.append(self)

        def png(self, status: Any, **arguments: Any) -> bytes:
            png = super().png(status, **arguments)
            drawn.append((status, arguments, png))
            return png

    monkeypatch.setattr(charts_module, "_ChartSession", Recording)
    data = status_report_bytes(plan, year, lang=lang)
    first = list(drawn)
    status_report_bytes(plan, year, lang=lang)  # the next report has a session of its own
    monkeypatch.undo()  # chart_png draws through a session of one, not a Recording
    assert len(sessions) == 2
    assert sessions[1] is not sessions[0]
    assert len(first) == charts
    assert [arguments for _, arguments, _ in first] == [{"lang": lang, "width_cm": 15.0}] * charts
    for status, arguments, png in first:
        assert png == chart_png(status, **arguments)
    assert set(_pictures(data)) == {png for _, _, png in first}
    assert sessions[1]._renderer is not sessions[0]._renderer


# --------------------------------------------------------------------------- language, files


def test_english_labels(plan: Plan) -> None:
    data = status_report_bytes(plan, 2027, lang="en", charts=False)
    table = table_of(data, "Education and life chances", "1.1", ("Indicator", "Sub-goal"))
    assert table["Change since baseline"] == ["+2,29 percentage points", "From 2023 to 2027"]
    assert table["Assessment"] == ["Moving the right way"]
    assert table["Target"] == ["70 % by 2029", "Not yet reached"]
    text = all_text(data)
    assert "Status of sub-goals and indicators 2027" in text
    assert "Higher is better: 'Flere' in the delmål" in text


def test_bad_arguments(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lang must be 'da' or 'en'"):
        status_report_bytes(plan, 2027, lang="de")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="year"):
        status_report_bytes(plan, 1066)
    with pytest.raises(WriteError, match=r"status\.docx"):
        write_status_report(plan, 2027, tmp_path / "status.pdf")


def test_written_atomically(plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "status.docx"
    assert write_status_report(plan, 2027, target, charts=False) == target
    good = target.read_bytes()
    assert table_of(good, "Uddannelse og livschancer", "1.1")["2027"][0] == "63,50 %"
    # A text Word cannot hold fails before anything is written: the old file stays whole.
    note = Observation(year=2026, value=D("1"), note="bad \x07 bell")
    broken = attrs.evolve(
        plan,
        followup=FollowUp(
            indicators=[IndicatorFollowUp(focus_area=B, indicator="1.1", observations=[note])]
        ),
    )
    with pytest.raises(WriteError, match=r"\$\.followup\.indicators\[0\]\.observations\[0\]\.note"):
        write_status_report(broken, 2027, target)
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.docx"]


def test_the_reader_limits_accept_it_and_mammoth_reads_it(report: bytes) -> None:
    import mammoth

    raw = mammoth.extract_raw_text(io.BytesIO(report)).value
    assert "Udviklingen går den rigtige vej" in raw
    assert "+2,29 procentpoint" in raw
    assert "61,21 % (2023)" in raw


@needs_libreoffice
def test_libreoffice_renders_it(report: bytes, tmp_path: Path) -> None:
    document = tmp_path / "status.docx"
    document.write_bytes(report)
    convert_to_pdf([document], tmp_path)
    pdf = tmp_path / "status.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    flat = " ".join(text.split())
    for expected in (
        "Status for delmål og indikatorer 2027",
        "Udviklingen går den rigtige vej",
        "Udviklingen går den forkerte vej",
        "Baseline er endnu ikke målt",
        "61,21 % (2023)",
        "+2,29 procentpoint",
        "9,02 % (41 personer)",
    ):
        assert expected in flat, expected
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    assert len(images.strip().splitlines()) - 2 == INDICATORS_WITH_FIGURES


@needs_libreoffice
def test_libreoffice_keeps_each_chart_on_its_tables_page(report: bytes, tmp_path: Path) -> None:
    document = tmp_path / "status.docx"
    document.write_bytes(report)
    convert_to_pdf([document], tmp_path)
    pdf = str(tmp_path / "status.pdf")
    images = subprocess.run(
        ["pdfimages", "-list", pdf], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    chart_pages = sorted(int(line.split()[0]) for line in images.strip().splitlines()[2:])
    pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", pdf], check=True, capture_output=True, text=True, timeout=60
            ).stdout,
        ).group(1)  # type: ignore[union-attr]
    )
    # A figure only each charted indicator's table holds (page 1, the overview, aside).
    markers = ("63,50 %", "9,02 % (41 personer)", "15 personer", "82,1 %")
    table_pages = []
    for page in range(2, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", pdf, "-"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        table_pages += [page for marker in markers if marker in " ".join(text.split())]
    assert len(table_pages) == INDICATORS_WITH_FIGURES
    assert chart_pages == sorted(table_pages)
    assert 1 not in chart_pages
