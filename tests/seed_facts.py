"""Facts about the seed delaftaler, typed by hand from ../shared/seeds.

Both the JSON examples and the Word fixtures built from them must show these facts; the
values come from reading the seed documents, never from running the code under test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from delaftale import Agreement, FocusArea, Unit


def ishoj_uddannelse(a: Agreement) -> None:
    """Ishøj 2025-29, Uddannelse og livschancer."""
    assert a.focus_area is FocusArea.UDDANNELSE_OG_LIVSCHANCER
    assert a.initiative == "Den boligsociale helhedsplan i Ishøj"
    assert a.draft_date == date(2025, 9, 1)
    assert a.period is not None
    assert (a.period.start, a.period.end) == (date(2025, 11, 1), date(2029, 10, 31))
    assert len(a.parties) == 5
    assert str(a.parties[0]) == "Center for Beskæftigelse og Erhverv, Ishøj Kommune, Centerchef"
    assert a.parties[4].organisation == "boligforeningen AAB"
    assert len(a.sub_goals) == 3
    first = a.sub_goals[0].indicators[0]
    assert first.baseline is not None
    assert first.comparison is not None
    assert first.baseline.value == Decimal("61.21")
    assert first.baseline.unit is Unit.PERCENT
    assert first.comparison.value == Decimal("68.45")
    assert first.baseline_year is not None
    assert first.baseline_year.year == 2023
    assert first.data_source == "LBF - Boligsociale Data"
    third = a.sub_goals[2].indicators[0]
    assert third.baseline is not None
    assert third.baseline.pending
    assert third.data_source == "Lokal registrering"
    assert "ved aktivitetens opstart" in third.description
    assert len(a.activity_names) == 2
    assert len(a.activities) == 2
    assert [s.title for s in a.activities[0].extra_sections] == ["Rekruttering"]
    assert a.staffing.area_weight == Decimal(14)
    leader, staff = a.staffing.allocations
    assert (leader.title, leader.count, leader.weekly_hours, leader.share) == (
        "Boligsocial leder",
        1,
        Decimal(37),
        Decimal(25),
    )
    assert (staff.count, staff.weekly_hours, staff.share) == (2, Decimal(70), Decimal(15))
    assert not a.revision


def ishoj_beskaeftigelse(a: Agreement) -> None:
    """Ishøj 2025-29, Beskæftigelse."""
    assert a.focus_area is FocusArea.BESKAEFTIGELSE
    assert a.period is not None
    assert a.period.start == date(2025, 11, 1)
    assert len(a.parties) == 5
    assert [g.title for g in a.sub_goals] == [
        "Øge de unges viden om arbejdsmarkedet",
        "Øge de unges tilknytning til arbejdsmarkedet",
        "Øge de unges uddannelsesparathed",
        "Øge de voksnes tilknytning til arbejdsmarkedet",
    ]
    third = a.sub_goals[2].indicators[0]
    assert third.baseline is not None
    assert third.baseline.value == Decimal("81.40")
    assert third.comparison is None
    assert third.data_source == "LBF - Beboerdata"
    assert (
        sum(1 for g in a.sub_goals if g.indicators[0].baseline and g.indicators[0].baseline.pending)
        == 3
    )
    assert len(a.activities) == 3
    assert a.staffing.area_weight == Decimal(27)
    assert [x.share for x in a.staffing.allocations] == [Decimal(25), Decimal(40)]
    # The nested table Elementer / Indhold / Aktører stays a table inside the field.
    tables = [b for b in a.activities[2].content.blocks if hasattr(b, "rows")]
    assert len(tables) == 1
    header = [str(cell) for cell in tables[0].rows[0]]  # type: ignore[union-attr]
    assert header == ["Elementer", "Indhold", "Aktører"]
    assert [str(row[0]) for row in tables[0].rows[1:]] == [  # type: ignore[union-attr]
        "Åben rådgivning",
        "Rådgivning efter aftale",
        "Opsøgende uddannelses- og socialindsats",
    ]
    footnotes = [
        f
        for act in a.activities
        for field in (
            act.name_note,
            act.purpose,
            act.target_group,
            act.content,
            act.responsibilities,
        )
        for p in field.paragraphs()
        for f in p.footnotes
    ]
    assert len(footnotes) == 7
    assert "Landsbyggefondens beboerdata 2023" in footnotes


def soenderborg(a: Agreement) -> None:
    """Sønderborg 2021-25, Uddannelse og livschancer."""
    assert a.period is not None
    assert (a.period.start, a.period.end) == (date(2021, 9, 1), date(2025, 8, 31))
    assert a.draft_date is None
    assert len(a.parties) == 2
    assert len(a.sub_goals) == 4
    pupils = a.sub_goals[0].indicators[0]
    assert pupils.baseline is not None
    assert pupils.comparison is not None
    assert (pupils.baseline.value, pupils.baseline.count) == (Decimal("4.6"), 50)
    assert (pupils.comparison.value, pupils.comparison.count) == (Decimal("1.9"), 132)
    assert pupils.baseline_year is not None
    assert (pupils.baseline_year.year, pupils.baseline_year.end_year) == (2019, 2020)
    young = a.sub_goals[2].indicators[0]
    assert young.comparison is not None
    assert young.comparison.count == 5526
    detached = a.sub_goals[3].indicators[0]
    assert detached.baseline is not None
    assert detached.baseline.value == Decimal("11.65")
    assert detached.baseline.count is None
    assert a.staffing.area_weight is None
    lines = a.staffing.allocations
    assert [(x.count, x.share) for x in lines] == [
        (2, Decimal(60)),
        (1, Decimal(80)),
        (1, Decimal(37)),
    ]
    assert lines[0].other_areas[0].share == Decimal(40)
    assert lines[0].other_areas[0].focus_area is FocusArea.KRIMINALITETSFOREBYGGELSE
    assert lines[1].other_areas[0].share == Decimal(20)
    assert len(a.activity_names) == 3
    assert len(a.activities) == 2


BY_STEM = {
    "ishoj-2025-uddannelse-og-livschancer": ishoj_uddannelse,
    "ishoj-2025-beskaeftigelse": ishoj_beskaeftigelse,
    "soenderborg-2021-uddannelse-og-livschancer": soenderborg,
}
"""The fact check for each example, by file stem."""
