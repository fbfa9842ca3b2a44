"""The plan's activity overview (overordnet aktivitetsoversigt) as a Word table.

Expected texts are typed by hand from the seeds: the Ishøj overview 2025-29
(ishoj-2025-helhedsplan-indsatsomraader-oversigt.txt) for the statuses and the partners, the
two Ishøj delaftaler for the exact delmål and activity names the overview shows.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

import delaftale
from delaftale import Agreement, FocusArea, Period, WriteError
from delaftale.plan import ActivityStatus, Plan, PlanActivity
from delaftale.word.overview import render_overview, write_overview

EXAMPLES = Path(__file__).parent.parent / "examples"
B, U = FocusArea.BESKAEFTIGELSE, FocusArea.UDDANNELSE_OG_LIVSCHANCER
UDD_STEM = "ishoj-2025-uddannelse-og-livschancer"

HEADER = ("Indsatsområde med delmål (jf. Landsbyggefonden)", "Samarbejdsparter i fagcentrene")
SOCIAL_NOTE = (
    "varetages i samarbejde med medarbejder ansat i CBE – den tidsbegrænsede stilling "
    "indgår efter byrådets beslutning i budgetforhandlinger"
)

# The left cell, line by line: area, "Delmål:", the delmål, then each activity and its status.
UDDANNELSE_LEFT = [
    "Uddannelse og livschancer",
    "Delmål:",
    "Flere unge gennemfører en uddannelse højere end grundskolen",
    "Færre unge afbryder uddannelse uden at påbegyndt en ny uddannelse",
    "Øge og styrke de unge gennem erhvervspraktikforløb, juniormesterlære og social praktik",
    "Fremskudt uddannelsesvejledning",
    "(fortsættelse af igangværende aktivitet)",
    "Samarbejde om erhvervspraktik, juniormesterlære og social praktik på 8. årgang på "
    "Strandgårdskolen",
    "(ny aktivitet)",
]
BESKAEFTIGELSE_LEFT = [
    "Beskæftigelse",
    "Delmål:",
    "Øge de unges viden om arbejdsmarkedet",
    "Øge de unges tilknytning til arbejdsmarkedet",
    "Øge de unges uddannelsesparathed",
    "Øge de voksnes tilknytning til arbejdsmarkedet",
    "Tættere på fritidsjob - Fritidsjobworkshops i udskolingsklasserne",
    "(ny aktivitet)",
    "Fritidsjobforløb (tidligere kaldt lommepengejob)",
    "(revideret igangværende aktivitet)",
    "Social- og økonomisk rådgivning",
    f"({SOCIAL_NOTE})",
]
# "Samarbejdsparter i fagcentrene" in the overview: the same four centres in both areas.
CENTRES = {
    "center for beskæftigelse og erhverv",
    "center for børn og forebyggelse",
    "center for dagtilbud og uddannelse",
    "center for kultur og fritid",
}


def agreement(stem: str) -> Agreement:
    text = (EXAMPLES / f"{stem}.json").read_text(encoding="utf-8")
    return delaftale.loads(text, Agreement)


@pytest.fixture(scope="module")
def plan() -> Plan:
    # The agreements in the "wrong" order: the overview must follow FocusArea's order.
    return Plan(
        name="Den boligsociale helhedsplan i Ishøj",
        municipality="Ishøj Kommune",
        period=Period(start=date(2025, 11, 1), end=date(2029, 10, 31)),
        agreements=[agreement("ishoj-2025-beskaeftigelse"), agreement(UDD_STEM)],
        activities=[
            # Names as the overview writes them; matched to the delaftale's longer names.
            PlanActivity(focus_area=B, name="Fritidsjobforløb", status=ActivityStatus.REVISED),
            PlanActivity(focus_area=B, name="Tættere på fritidsjob", status=ActivityStatus.NEW),
            PlanActivity(focus_area=B, name="Social- og økonomisk rådgivning", note=SOCIAL_NOTE),
            PlanActivity(
                focus_area=U,
                name="Fremskudt uddannelsesvejledning",
                status=ActivityStatus.CONTINUED,
            ),
            PlanActivity(
                focus_area=U,
                name="Samarbejde om erhvervspraktik, juniormesterlære og social praktik på 8. "
                "årgang på Strandgårdskolen",
                status=ActivityStatus.NEW,
            ),
        ],
    )


def document(plan: Plan) -> Any:
    return docx.Document(io.BytesIO(render_overview(plan)))


@pytest.fixture(scope="module")
def overview(plan: Plan) -> Any:
    return document(plan)


def lines(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- layout


def test_the_title_names_the_plan_and_its_period(overview: Any) -> None:
    texts = [p.text for p in overview.paragraphs if p.text.strip()]
    assert texts[:3] == [
        "Overordnet aktivitetsoversigt",
        "Den boligsociale helhedsplan i Ishøj",
        "Periode: 1. november 2025 til 31. oktober 2029",
    ]
    assert overview.paragraphs[0].style.name == "Title"


def test_one_table_per_area_in_focus_area_order_with_the_header_row(overview: Any) -> None:
    assert len(overview.tables) == 2
    for table in overview.tables:
        assert len(table.columns) == 2
        assert tuple(flat(c.text) for c in table.rows[0].cells) == HEADER
    areas = [table.rows[1].cells[0].paragraphs[0].text for table in overview.tables]
    assert areas == ["Uddannelse og livschancer", "Beskæftigelse"]


def test_the_header_row_repeats_on_every_page(overview: Any) -> None:
    for table in overview.tables:
        header, *rest = table.rows
        trpr = header._tr.trPr
        assert trpr is not None
        assert trpr.find(qn("w:tblHeader")) is not None
        for row in rest:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None


def test_the_page_is_a4(overview: Any) -> None:
    section = overview.sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.05)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.05)


@pytest.mark.parametrize(
    ("index", "expected"), [(0, UDDANNELSE_LEFT), (1, BESKAEFTIGELSE_LEFT)], ids=["udd", "besk"]
)
def test_the_left_cell_lists_delmaal_and_activities_with_status(
    overview: Any, index: int, expected: list[str]
) -> None:
    cell = overview.tables[index].rows[1].cells[0]
    assert lines(cell) == expected


def test_delmaal_are_bullets_and_emphasis_comes_from_styles(overview: Any) -> None:
    cell = overview.tables[1].rows[1].cells[0]
    paragraphs = [p for p in cell.paragraphs if p.text.strip()]
    goals = [p for p in paragraphs if p.text.startswith("Øge ")]
    assert len(goals) == 4
    assert {p.style.name for p in goals} == {"List Bullet"}
    assert paragraphs[0].style.font.bold is True  # the area title, bold through its style
    for table in overview.tables:
        for row in table.rows:
            for c in row.cells:
                for p in c.paragraphs:
                    assert all(r.bold is None and r.italic is None for r in p.runs)


def test_the_right_cell_lists_the_municipal_partners_only(overview: Any) -> None:
    for table in overview.tables:
        partners = lines(table.rows[1].cells[1])
        assert {p.casefold() for p in partners} == CENTRES
        assert len(partners) == 4
        text = table.rows[1].cells[1].text
        assert "Den boligsociale helhedsplan i Ishøj" not in text
        assert "Den boligsociale helhedsplan i Vejleåparken" not in text
        assert "AAB" not in text


def test_without_a_municipality_every_party_is_listed(plan: Plan) -> None:
    tables = document(attrs.evolve(plan, municipality=None)).tables
    assert "Den boligsociale helhedsplan i Ishøj" in lines(tables[0].rows[1].cells[1])
    assert "Den boligsociale helhedsplan i Vejleåparken" in lines(tables[1].rows[1].cells[1])
    assert len(lines(tables[1].rows[1].cells[1])) == 5


def test_the_municipality_is_matched_regardless_of_case(plan: Plan) -> None:
    tables = document(attrs.evolve(plan, municipality="  ishøj   kommune")).tables
    assert {p.casefold() for p in lines(tables[0].rows[1].cells[1])} == CENTRES


def test_an_activity_without_a_status_gets_no_status_line(plan: Plan) -> None:
    only_besk = attrs.evolve(plan, activities=[a for a in plan.activities if a.focus_area is B])
    cell = document(only_besk).tables[0].rows[1].cells[0]
    assert lines(cell)[-2:] == [
        "Fremskudt uddannelsesvejledning",
        "Samarbejde om erhvervspraktik, juniormesterlære og social praktik på 8. årgang på "
        "Strandgårdskolen",
    ]


def test_status_and_note_share_the_parentheses(plan: Plan) -> None:
    activities = [
        attrs.evolve(a, note="placeret i Vejleåparken") if a.name == "Fritidsjobforløb" else a
        for a in plan.activities
    ]
    cell = document(attrs.evolve(plan, activities=activities)).tables[1].rows[1].cells[0]
    assert "(revideret igangværende aktivitet; placeret i Vejleåparken)" in lines(cell)


def test_a_plan_activity_the_delaftale_does_not_list_is_still_shown(plan: Plan) -> None:
    extra = PlanActivity(focus_area=B, name="Jobcafé", status=ActivityStatus.NEW)
    cell = document(attrs.evolve(plan, activities=[*plan.activities, extra])).tables[1]
    assert lines(cell.rows[1].cells[0])[-2:] == ["Jobcafé", "(ny aktivitet)"]


def test_an_activity_of_another_area_is_not_matched(plan: Plan) -> None:
    moved = [
        attrs.evolve(a, focus_area=U) if a.name == "Fritidsjobforløb" else a
        for a in plan.activities
    ]
    overview = document(attrs.evolve(plan, activities=moved))
    besk = lines(overview.tables[1].rows[1].cells[0])
    assert "(revideret igangværende aktivitet)" not in besk
    # It is the plan's activity in Uddannelse og livschancer now, so it is shown there.
    assert lines(overview.tables[0].rows[1].cells[0])[-2:] == [
        "Fritidsjobforløb",
        "(revideret igangværende aktivitet)",
    ]


def test_only_areas_with_a_delaftale_get_a_table(plan: Plan) -> None:
    overview = document(attrs.evolve(plan, agreements=[agreement(UDD_STEM)]))
    assert len(overview.tables) == 1
    empty = document(attrs.evolve(plan, agreements=[]))
    assert empty.tables == []
    assert "Planen har endnu ingen delaftaler." in [p.text for p in empty.paragraphs]


def test_text_word_cannot_hold_is_refused_with_its_path(plan: Plan) -> None:
    bad = [*plan.activities[:2], attrs.evolve(plan.activities[2], note="a\x01b")]
    with pytest.raises(
        WriteError, match=r"\$\.activities\[2\]\.note contains the control character U\+0001"
    ):
        render_overview(attrs.evolve(plan, activities=bad))


# --------------------------------------------------------------------------- writing


def test_write_overview_writes_a_valid_docx(plan: Plan, tmp_path: Path) -> None:
    target = write_overview(plan, tmp_path / "oversigt.docx")
    assert target == tmp_path / "oversigt.docx"
    reopened = docx.Document(str(target))
    assert len(reopened.tables) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["oversigt.docx"]  # no temporary left


def test_a_failed_write_leaves_no_temporary_file(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from delaftale.word import overview as module

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    target = tmp_path / "oversigt.docx"
    target.write_bytes(b"the colleague's version")
    monkeypatch.setattr(module.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_overview(plan, target)
    assert [p.name for p in tmp_path.iterdir()] == ["oversigt.docx"]
    assert target.read_bytes() == b"the colleague's version"
