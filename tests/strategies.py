"""The one shared module of Hypothesis strategies: every property test draws from here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

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
    StaffAllocation,
    Staffing,
    SubGoal,
    Table,
    Text,
    Unit,
)

# Danish letters, punctuation the documents use, the Symbol bullet, and some of everything else.
DANISH = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789 ,.;:-–()%/”’\uf0b7"

danish_text = st.text(alphabet=DANISH, max_size=60)
any_text = st.one_of(danish_text, st.text(max_size=40))
names = st.text(alphabet=DANISH, min_size=1, max_size=40).filter(lambda s: s.strip() != "")
long_text = st.text(alphabet=DANISH, min_size=200, max_size=300)

decimals = st.decimals(
    min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False
)
percents = st.decimals(min_value=0, max_value=150, places=2, allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=date(2010, 1, 1), max_value=date(2040, 12, 31))

paragraphs = st.builds(
    Paragraph,
    text=st.one_of(any_text, any_text, any_text, long_text),
    kind=st.sampled_from(ParagraphKind),
    level=st.integers(0, 8),
    footnotes=st.lists(danish_text, max_size=2).map(tuple),
)


def _texts(blocks: st.SearchStrategy[Paragraph | Table]) -> st.SearchStrategy[Text]:
    return st.lists(blocks, max_size=2).map(lambda b: Text(blocks=tuple(b)))


def _extend(blocks: st.SearchStrategy[Paragraph | Table]) -> st.SearchStrategy[Paragraph | Table]:
    cells = _texts(blocks)
    tables = st.lists(st.lists(cells, min_size=1, max_size=2), min_size=1, max_size=2).map(
        lambda rows: Table(rows=tuple(tuple(r) for r in rows))
    )
    return st.one_of(blocks, tables)


blocks: st.SearchStrategy[Paragraph | Table] = st.recursive(paragraphs, _extend, max_leaves=4)
texts = _texts(blocks)


@st.composite
def measurements(draw: st.DrawFn) -> Measurement:
    unit = draw(st.none() | st.sampled_from(Unit))
    value = None if unit is None else draw(decimals)
    text = draw(st.none() | names)
    pending = draw(st.booleans()) if value is None else False
    if text is None and value is None:
        pending = True
    return Measurement(
        text=text,
        value=value,
        unit=unit,
        count=draw(st.none() | st.integers(0, 100_000)),
        pending=pending,
    )


@st.composite
def baseline_years(draw: st.DrawFn) -> BaselineYear:
    year = draw(st.none() | st.integers(1990, 2040))
    end = None if year is None else draw(st.none() | st.integers(year, year + 2))
    return BaselineYear(text=draw(names), year=year, end_year=end)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(dates)
    end = draw(st.dates(min_value=date(2010, 1, 1), max_value=date(2045, 12, 31)))
    return Period(start=start, end=end)


indicators = st.builds(
    Indicator,
    description=names,
    baseline=st.none() | measurements(),
    comparison=st.none() | measurements(),
    baseline_year=st.none() | baseline_years(),
    data_source=st.none() | names,
)
sub_goals = st.builds(SubGoal, title=names, indicators=st.lists(indicators, max_size=3).map(tuple))
parties = st.builds(Party, name=names, organisation=st.none() | names, role=st.none() | names)
other_area_shares = st.builds(
    OtherAreaShare,
    share=percents,
    description=st.none() | names,
    focus_area=st.none() | st.sampled_from(FocusArea),
)


@st.composite
def staff_allocations(draw: st.DrawFn) -> StaffAllocation:
    text = draw(st.none() | names)
    title = draw(names if text is None else st.none() | names)
    return StaffAllocation(
        text=text,
        title=title,
        count=draw(st.integers(1, 12)),
        weekly_hours=draw(st.none() | decimals),
        share=draw(st.none() | percents),
        area_hours=draw(st.none() | decimals),
        other_areas=tuple(draw(st.lists(other_area_shares, max_size=2))),
    )


staffings = st.builds(
    Staffing,
    area_weight=st.none() | percents,
    allocations=st.lists(staff_allocations(), max_size=4).map(tuple),
    note=texts,
)
activity_sections = st.builds(ActivitySection, title=names, body=texts)
activities = st.builds(
    Activity,
    name=names,
    name_note=texts,
    purpose=texts,
    target_group=texts,
    content=texts,
    responsibilities=texts,
    extra_sections=st.lists(activity_sections, max_size=2).map(tuple),
)
agreements = st.builds(
    Agreement,
    focus_area=st.sampled_from(FocusArea),
    initiative=st.none() | names,
    initiative_description=texts,
    period=st.none() | periods(),
    draft_date=st.none() | dates,
    parties=st.lists(parties, max_size=5).map(tuple),
    sub_goals=st.lists(sub_goals, max_size=3).map(tuple),
    activity_names=st.lists(names, max_size=6).map(tuple),
    staffing=staffings,
    municipal_context=texts,
    revision=texts,
    activities=st.lists(activities, max_size=3).map(tuple),
)
"""Any agreement the model accepts, sound or not: Danish letters, long texts, nested tables."""

__all__ = [
    "DANISH",
    "activities",
    "agreements",
    "blocks",
    "dates",
    "decimals",
    "measurements",
    "names",
    "percents",
    "periods",
    "staff_allocations",
    "texts",
]


def exact_decimal(value: str) -> Decimal:
    """A Decimal from its text, for expected values read off the seed documents."""
    return Decimal(value)
