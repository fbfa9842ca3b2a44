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


def test_areas_sub_goals_and_indicators_are_headed_in_order(report: bytes) -> None:
    document = docx.Document(io.BytesIO(report))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[:6] == [
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
    # Each area after the first starts on a new page.
    beskaeftigelse = next(p for p in document.paragraphs if p.text == "Beskæftigelse")
    assert beskaeftigelse.paragraph_format.page_break_before is True


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
