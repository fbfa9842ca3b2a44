from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

from delaftale import (
    Activity,
    ActivitySection,
    Agreement,
    BaselineYear,
    FocusArea,
    Indicator,
    Measurement,
    OtherAreaShare,
    Paragraph,
    ParagraphKind,
    Party,
    Period,
    Regulativ,
    StaffAllocation,
    Staffing,
    SubGoal,
    Table,
    Text,
    Unit,
)


def test_classes_are_frozen_and_keyword_only() -> None:
    party = Party(name="Center for Kultur og Fritid")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        party.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Party("Center for Kultur og Fritid")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cls", "kwargs", "message"),
    [
        (Party, {"name": "  "}, "'name' must not be empty"),
        (Party, {"name": "x", "role": ""}, "'role' must not be empty"),
        (Measurement, {"text": "x", "value": 61.21, "unit": Unit.PERCENT}, "Decimal"),
        (Measurement, {"text": "x", "value": Decimal("NaN"), "unit": Unit.PERCENT}, "finite"),
        (Measurement, {"text": "x", "value": Decimal(-1), "unit": Unit.PERCENT}, "negative"),
        (Measurement, {"text": "x", "value": Decimal(1)}, "'value' and 'unit'"),
        (Measurement, {}, "needs its 'text'"),
        (Measurement, {"text": "x", "count": True}, "whole number"),
        (Measurement, {"text": "x", "count": -1}, "count"),
        (BaselineYear, {"text": "x", "year": 2020, "end_year": 2019}, "end_year"),
        (BaselineYear, {"text": "x", "end_year": 2019}, "end_year"),
        (BaselineYear, {"text": "x", "year": 1066}, "year"),
        (Indicator, {"description": ""}, "'description' must not be empty"),
        (StaffAllocation, {}, "needs its 'text'"),
        (StaffAllocation, {"title": "Leder", "count": 0}, "at least 1"),
        (StaffAllocation, {"title": "Leder", "share": Decimal(-5)}, "negative"),
        (StaffAllocation, {"title": "Leder", "weekly_hours": 37}, "Decimal"),
        (OtherAreaShare, {"share": Decimal("Infinity")}, "finite"),
        (Staffing, {"area_weight": Decimal(-1)}, "negative"),
        (Paragraph, {"text": "x", "level": 9}, "level"),
        (Paragraph, {"text": 3}, "str"),
        (Table, {"rows": [["not a Text"]]}, r"cell \[0\]\[0\]"),
        (Text, {"blocks": ["plain string"]}, "Paragraph"),
        (ActivitySection, {"title": ""}, "'title' must not be empty"),
        (Activity, {"name": " "}, "'name' must not be empty"),
        (SubGoal, {"title": "x", "indicators": ["y"]}, "Indicator"),
        (Agreement, {"focus_area": "beskaeftigelse", "initiative": "x"}, "FocusArea"),
        (
            Agreement,
            {
                "focus_area": FocusArea.BESKAEFTIGELSE,
                "initiative": "x",
                "activity_names": ["a", " "],
            },
            r"activity_names\[1\]",
        ),
        (Period, {"start": "2025-11-01", "end": date(2029, 10, 31)}, "date"),
    ],
)
def test_constructors_refuse_values_that_can_never_be_right(
    cls: type, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        cls(**kwargs)


def test_lists_become_tuples() -> None:
    goal = SubGoal(title="x", indicators=[Indicator(description="y")])
    assert isinstance(goal.indicators, tuple)
    table = Table(rows=[[Text.of("a")]])
    assert isinstance(table.rows, tuple)
    assert isinstance(table.rows[0], tuple)


def test_focus_area_titles_codes_and_regulation() -> None:
    assert FocusArea.BESKAEFTIGELSE.title == "Beskæftigelse"
    assert FocusArea.BESKAEFTIGELSE.title_en == "Employment"
    current = [a for a in FocusArea if a.regulativ is Regulativ.R2019]
    assert [a.value for a in current] == [
        "uddannelse_og_livschancer",
        "beskaeftigelse",
        "kriminalitetsforebyggelse",
        "sammenhaengskraft_og_medborgerskab",
    ]
    assert len([a for a in FocusArea if a.regulativ is Regulativ.R2015]) == 4


@pytest.mark.parametrize(
    ("text", "area"),
    [
        (
            "Delaftale for indsatsområdet Uddannelse og livschancer ",
            FocusArea.UDDANNELSE_OG_LIVSCHANCER,
        ),
        ("Beskæftigelse", FocusArea.BESKAEFTIGELSE),
        ("beskaeftigelse", FocusArea.BESKAEFTIGELSE),
        ("SAMMENHÆNGSKRAFT OG MEDBORGERSKAB", FocusArea.SAMMENHAENGSKRAFT_OG_MEDBORGERSKAB),
        ("Kriminalpræventiv indsats", FocusArea.KRIMINALPRAEVENTIV_INDSATS),
        (
            "Delaftale for indsatsområdet Forebyggelse og forældreansvar",
            FocusArea.FOREBYGGELSE_OG_FORAELDREANSVAR,
        ),
        ("Delaftale for indsatsområdet Sundhed", None),
    ],
)
def test_focus_area_from_title(text: str, area: FocusArea | None) -> None:
    assert FocusArea.from_title(text) is area


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 11, 1), date(2029, 10, 31), 48),
        (date(2021, 9, 1), date(2025, 8, 31), 48),
        (date(2021, 9, 15), date(2025, 9, 14), 48),
        (date(2021, 9, 15), date(2025, 9, 13), 47),
        (date(2025, 1, 1), date(2025, 12, 31), 12),
    ],
)
def test_period_months(start: date, end: date, months: int) -> None:
    assert Period(start=start, end=end).months() == months


def test_text_helpers() -> None:
    text = Text.of(
        "Første afsnit",
        Paragraph(text="punkt", kind=ParagraphKind.BULLET),
        Table(rows=[[Text.of("celle a"), Text.of("celle b")]]),
    )
    assert [p.text for p in text.paragraphs()] == ["Første afsnit", "punkt", "celle a", "celle b"]
    assert str(text) == "Første afsnit\npunkt\ncelle a\ncelle b"
    assert text
    assert not Text()


def test_party_str_joins_its_parts() -> None:
    assert str(Party(name="A", organisation="B", role="C")) == "A, B, C"
    assert str(Party(name="A")) == "A"


def test_staff_allocation_hours() -> None:
    line = StaffAllocation(title="Leder", weekly_hours=Decimal(37), share=Decimal(25))
    assert line.hours_in_area == Decimal("9.25")
    assert StaffAllocation(title="Leder", share=Decimal(25)).hours_in_area is None
    assert not StaffAllocation(text="noget").parsed


def test_agreement_title() -> None:
    a = Agreement(focus_area=FocusArea.KRIMINALITETSFOREBYGGELSE, initiative="X")
    assert a.title == "Delaftale for indsatsområdet Kriminalitetsforebyggelse"


def test_focus_area_from_title_prefers_the_longest_title() -> None:
    # Found by the Word round trip: "Uddannelse og beskæftigelse" also ends with "beskæftigelse".
    title = "Delaftale for indsatsområdet Uddannelse og beskæftigelse"
    assert FocusArea.from_title(title) is FocusArea.UDDANNELSE_OG_BESKAEFTIGELSE


def test_paragraph_of_is_the_validated_paragraph() -> None:
    import attrs

    from delaftale.model import paragraph_of

    # Every field is set: a field added to Paragraph must be added to paragraph_of too.
    assert [f.name for f in attrs.fields(Paragraph)] == ["text", "kind", "level", "footnotes"]
    fast = paragraph_of("Lektiecafé", ParagraphKind.BULLET, 2, ("Kilde: DST",))
    slow = Paragraph(
        text="Lektiecafé", kind=ParagraphKind.BULLET, level=2, footnotes=("Kilde: DST",)
    )
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    # Values the fields do not hold go through the validators and are refused as before.
    with pytest.raises(ValueError, match="'level' must be <= 8: 9"):
        paragraph_of("x", ParagraphKind.BODY, 9, ())
    with pytest.raises(TypeError):
        paragraph_of("x", ParagraphKind.BODY, True, ())
    with pytest.raises(TypeError):
        paragraph_of("x", ParagraphKind.BODY, 0, (1,))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        paragraph_of("x", "body", 0, ())  # type: ignore[arg-type]
    # A list of footnotes is turned into a tuple by the converter, as Paragraph does.
    assert paragraph_of("x", ParagraphKind.BODY, 0, ["a"]).footnotes == ("a",)  # type: ignore[arg-type]
