"""The one shared module of Hypothesis strategies: every property test draws from here."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import reject
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
from delaftale.word.form import LABELS, match_label, normalise

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


MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(dates)
    end = draw(st.dates(min_value=date(2010, 1, 1), max_value=date(2045, 12, 31)))
    style = draw(st.sampled_from(["none", "short", "long"]))
    text = None
    if style == "short":  # "1/11-2025 til 31/10-2029", as Ishøj words it
        text = f"{start.day}/{start.month}-{start.year} til {end.day}/{end.month}-{end.year}"
    elif style == "long":  # "1. september 2021 – 31. august 2025", as Sønderborg does
        months = MONTHS
        text = (
            f"{start.day}. {months[start.month - 1]} {start.year} – "
            f"{end.day}. {months[end.month - 1]} {end.year}"
        )
    return Period(start=start, end=end, text=text)


indicators = st.builds(
    Indicator,
    description=names,
    baseline=st.none() | measurements(),
    comparison=st.none() | measurements(),
    baseline_year=st.none() | baseline_years(),
    data_source=st.none() | names,
    id=st.none() | st.from_regex(r"[a-zæøå][a-zæøå0-9-]{0,15}", fullmatch=True),
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
    "agreement_revisions",
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


# --------------------------------------------------------------------------- document-expressible
# Agreements a Word document can say exactly, for the round trip read_docx(write_docx(a)) == a.
# A document holds text, so structured values must be the ones their text states (a staff line
# whose share differs from its words cannot survive being printed), and content must not be
# mistaken for the form's own text (a paragraph "Formål:" is a label; "- x" is a bullet).
# The texts below are built here, in Danish notation, from the values they must read back as:
# the expected value is the drawn value, never the output of the code under test.

_LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
_word = st.text(alphabet=_LETTERS + _LETTERS.upper(), min_size=2, max_size=12)
_words = st.lists(_word, min_size=1, max_size=12).map(" ".join)
_marks = st.sampled_from(["", ".", ",", "!", "?", ":", ";", " (§ 85)", " – ok", " 7,5 timer"])


_plain_marks = st.sampled_from(["", ".", ",", "!", "?", ":", ";", " – ok"])


@st.composite
def doc_texts(draw: st.DrawFn, *, min_words: int = 2, figures: bool = True) -> str:
    """One line of content: Danish words, punctuation and figures, never a label or bullet.

    ``figures=False`` leaves out numbers, for the staffing section's other text: there a line
    like "Koordinator 7,5 timer" is a staff line, whatever its list style.
    """
    long = draw(st.integers(0, 19)) == 0  # now and then a long paragraph, as real ones are
    words = draw(
        st.lists(_word, min_size=max(min_words, 60 if long else 0), max_size=90 if long else 8)
    )
    text = " ".join(words) + draw(_marks if figures else _plain_marks)
    if figures and draw(st.booleans()):
        text += f" {draw(st.integers(0, 99999))} {draw(_word)}"
    if draw(st.integers(0, 9)) == 0:
        text += "\n" + " ".join(draw(st.lists(_word, min_size=1, max_size=5)))  # a line break
    return text


doc_paragraphs = st.one_of(
    st.builds(
        Paragraph,
        text=doc_texts(),
        kind=st.just(ParagraphKind.BODY),
        footnotes=st.lists(doc_texts(), max_size=1).map(tuple),
    ),
    st.builds(
        Paragraph,
        text=doc_texts(),
        kind=st.sampled_from([ParagraphKind.BULLET, ParagraphKind.NUMBERED]),
        level=st.integers(0, 8),
    ),
    st.builds(Paragraph, text=doc_texts(), kind=st.just(ParagraphKind.HEADING)),
)


def _doc_extend(
    inner: st.SearchStrategy[Paragraph | Table],
) -> st.SearchStrategy[Paragraph | Table]:
    @st.composite
    def tables(draw: st.DrawFn) -> Table:
        columns = draw(st.integers(1, 3))
        rows = draw(st.integers(1, 3))
        cell = st.lists(inner, max_size=2).map(lambda b: Text(blocks=tuple(b)))
        return Table(rows=tuple(tuple(draw(cell) for _ in range(columns)) for _ in range(rows)))

    return st.one_of(inner, tables())


doc_blocks: st.SearchStrategy[Paragraph | Table] = st.recursive(
    doc_paragraphs, _doc_extend, max_leaves=4
)
doc_text_fields = st.lists(doc_blocks, max_size=2).map(lambda b: Text(blocks=tuple(b)))


def _danish(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


@st.composite
def doc_measurements(draw: st.DrawFn) -> Measurement:
    kind = draw(st.sampled_from(["percent", "count", "pending", "prose"]))
    if kind == "pending":
        return Measurement(text="Udfyldes første hele kalenderår af helhedsplanen", pending=True)
    if kind == "prose":
        return Measurement(text="Se " + draw(_word).lower() + " i bilaget")
    if kind == "count":
        n = draw(st.integers(0, 999))
        return Measurement(text=f"{n} unge", value=Decimal(n), unit=Unit.COUNT)
    value = draw(st.decimals(min_value=0, max_value=999, places=2))
    count = draw(st.none() | st.integers(0, 999))
    text = f"{_danish(value)} % af de {draw(st.integers(13, 29))}-årige"
    if count is not None:
        text += f"\n{count} elever"
    return Measurement(text=text, value=value, unit=Unit.PERCENT, count=count)


@st.composite
def doc_baseline_years(draw: st.DrawFn) -> BaselineYear:
    year = draw(st.integers(2000, 2035))
    if draw(st.booleans()):
        return BaselineYear(text=str(year), year=year)
    return BaselineYear(text=f"Skoleåret {year}/{year + 1}", year=year, end_year=year + 1)


doc_indicators = st.builds(
    Indicator,
    description=doc_texts(),
    baseline=st.none() | doc_measurements(),
    comparison=st.none() | doc_measurements(),
    baseline_year=st.none() | doc_baseline_years(),
    data_source=st.none() | doc_texts(min_words=1),
)
doc_sub_goals = st.builds(
    SubGoal, title=doc_texts(), indicators=st.lists(doc_indicators, max_size=3).map(tuple)
)


@st.composite
def doc_parties(draw: st.DrawFn) -> Party:
    name = draw(_words)
    if draw(st.booleans()):
        return Party(name=name)
    role = " ".join(draw(st.lists(_word, min_size=1, max_size=3)))
    return Party(name=name, organisation=draw(_words), role=role)


@st.composite
def doc_staff_allocations(draw: st.DrawFn) -> StaffAllocation:
    count = draw(st.integers(1, 5))
    title = " ".join(draw(st.lists(_word, min_size=1, max_size=4)))
    hours = draw(st.none() | st.integers(1, 200).map(Decimal))
    share = draw(st.decimals(min_value=0, max_value=100, places=1))
    text = f"{count} {title}" if count > 1 else title
    if hours is not None:
        together = "samlet " if count > 1 else ""
        text += f" (ansat på {together}{hours} timer)"
    text += f": {_danish(share)} % af stillingen"
    others = []
    if draw(st.booleans()):
        other = draw(st.decimals(min_value=0, max_value=100, places=0))
        what = " ".join(draw(st.lists(_word, min_size=1, max_size=3)))
        area = draw(st.none() | st.sampled_from(FocusArea))
        text += f". De samme medarbejdere arbejder med {what} {_danish(other)} %"
        if area is not None:
            text += f" (beskrevet i delaftalen for {area.title.lower()})"
        others.append(OtherAreaShare(share=other, description=what, focus_area=area))
    return StaffAllocation(
        text=text,
        title=title,
        count=count,
        weekly_hours=hours,
        share=share,
        other_areas=tuple(others),
    )


_no_bullets = st.one_of(
    st.builds(
        Paragraph,
        text=doc_texts(figures=False),
        kind=st.sampled_from([ParagraphKind.BODY, ParagraphKind.HEADING]),
    ),
    doc_blocks.filter(lambda b: isinstance(b, Table)),
)
doc_staffings = st.builds(
    Staffing,
    area_weight=st.none() | st.decimals(min_value=0, max_value=100, places=2),
    allocations=st.lists(doc_staff_allocations(), max_size=3).map(tuple),
    # Only what cannot be read as a staff line: no bullets (every bullet is a staff line).
    note=st.lists(_no_bullets, max_size=2).map(lambda b: Text(blocks=tuple(b))),
)
doc_sections = st.builds(
    ActivitySection,
    # A title the form uses for a label of its own ("Aktiviteter", "Formål") is that label.
    title=st.lists(_word, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda title: match_label(title) is None),
    body=doc_text_fields,
)
doc_activities = st.builds(
    Activity,
    name=doc_texts(),
    name_note=doc_text_fields,
    purpose=doc_text_fields,
    target_group=doc_text_fields,
    content=doc_text_fields,
    responsibilities=doc_text_fields,
    extra_sections=st.lists(doc_sections, max_size=2).map(tuple),
)


@st.composite
def _doc_initiatives(draw: st.DrawFn) -> tuple[str | None, Text]:
    # Text under a missing name would be read as the name: a description needs a name.
    name = draw(st.none() | doc_texts())
    return name, (draw(doc_text_fields) if name is not None else Text())


doc_agreements = st.builds(
    lambda initiative, **fields: Agreement(
        initiative=initiative[0], initiative_description=initiative[1], **fields
    ),
    focus_area=st.sampled_from(FocusArea),
    initiative=_doc_initiatives(),
    period=st.none() | periods(),
    draft_date=st.none() | dates,
    parties=st.lists(doc_parties(), max_size=4).map(tuple),
    sub_goals=st.lists(doc_sub_goals, max_size=3).map(tuple),
    activity_names=st.lists(doc_texts(), max_size=4).map(tuple),
    staffing=doc_staffings,
    municipal_context=doc_text_fields,
    revision=doc_text_fields,
    activities=st.lists(doc_activities, max_size=3).map(tuple),
)
"""Agreements a Word document can state exactly: the domain of the Word round trip."""


def _edited_list(
    draw: st.DrawFn, items: tuple[Any, ...], fresh: st.SearchStrategy[Any]
) -> tuple[Any, ...]:
    """A list as a person revises it: an item removed, added, replaced, two swapped, or all
    put in another order."""
    out = list(items)
    for _ in range(draw(st.integers(1, 2))):
        edit = draw(st.sampled_from(["remove", "add", "replace", "swap", "reorder"]))
        if edit == "reorder":
            out = list(draw(st.permutations(out)))
        elif edit == "add" or not out:
            out.insert(draw(st.integers(0, len(out))), draw(fresh))
        elif edit == "remove":
            out.pop(draw(st.integers(0, len(out) - 1)))
        elif edit == "replace":
            out[draw(st.integers(0, len(out) - 1))] = draw(fresh)
        elif len(out) > 1:
            i, j = draw(st.lists(st.integers(0, len(out) - 1), min_size=2, max_size=2, unique=True))
            out[i], out[j] = out[j], out[i]
    return tuple(out)


_REVISABLE: dict[str, st.SearchStrategy[Any]] = {
    "parties": doc_parties(),
    "sub_goals": doc_sub_goals,
    "activity_names": doc_texts(),
    "activities": doc_activities,
}


@st.composite
def agreement_revisions(draw: st.DrawFn) -> tuple[Agreement, Agreement]:
    """An agreement and a revision of it (*en revideret delaftale*), as the board makes one.

    Both state exactly what a Word document can (``doc_agreements``) and share their focus
    area, so both are written into the same form. The revision changes one to three things:
    items of a list removed, added, replaced or swapped (parties, delmål, activities), a text
    or the staffing drawn anew, the period or the draft date changed.
    """
    old = draw(doc_agreements)
    changes: dict[str, Any] = {}
    fields = ["parties", "sub_goals", "activity_names", "activities", "staffing"]
    fields += ["municipal_context", "revision", "period", "draft_date"]
    for name in draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True)):
        if name in _REVISABLE:
            changes[name] = _edited_list(draw, getattr(old, name), _REVISABLE[name])
        elif name == "staffing":
            changes[name] = draw(doc_staffings)
        elif name in ("municipal_context", "revision"):
            changes[name] = draw(doc_text_fields)
        elif name == "period":
            changes[name] = draw(st.none() | periods())
        else:
            changes[name] = draw(st.none() | dates)
    return old, attrs.evolve(old, **changes)


# --------------------------------------------------------------------------- plans and budgets

from delaftale.followup import (  # noqa: E402
    Direction,
    FollowUp,
    IndicatorFollowUp,
    Observation,
    Target,
)
from delaftale.plan import (  # noqa: E402  (kept beside the strategies that use them)
    ActivityStatus,
    Budget,
    BudgetCategory,
    BudgetLine,
    FundingKind,
    FundingSource,
    Plan,
    PlanActivity,
    StaffPosition,
    YearAmount,
)

_years = st.integers(2020, 2032)


@st.composite
def year_amounts(draw: st.DrawFn) -> tuple[YearAmount, ...]:
    years = draw(st.lists(_years, max_size=4, unique=True))
    return tuple(
        YearAmount(year=y, amount=draw(st.decimals(min_value=0, max_value=10_000_000, places=2)))
        for y in years
    )


staff_positions = st.builds(
    StaffPosition,
    title=names,
    count=st.integers(1, 4),
    weekly_hours=st.none() | decimals,
    employer=st.none() | names,
    aliases=st.lists(names, max_size=2).map(tuple),
)
budget_lines = st.builds(
    BudgetLine,
    category=st.sampled_from(BudgetCategory),
    description=names,
    focus_area=st.none() | st.sampled_from(FocusArea),
    position=st.none() | names,
    amounts=year_amounts(),
)
funding_sources = st.builds(
    FundingSource, kind=st.sampled_from(FundingKind), name=st.none() | names, amounts=year_amounts()
)
budgets = st.builds(
    Budget,
    lines=st.lists(budget_lines, max_size=6).map(tuple),
    funding=st.lists(funding_sources, max_size=3).map(tuple),
)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Any plan the model accepts.

    Up to four agreements (one per area), positions whose titles the staff lines may or may
    not use, a budget or none.
    """
    areas = draw(st.lists(st.sampled_from(FocusArea), max_size=4, unique=True))
    drawn = tuple(draw(agreements.map(lambda a, f=f: attrs_evolve(a, focus_area=f))) for f in areas)
    return Plan(
        name=draw(names),
        period=draw(st.none() | periods()),
        municipality=draw(st.none() | names),
        positions=tuple(draw(st.lists(staff_positions, max_size=3))),
        agreements=drawn,
        activities=tuple(
            draw(
                st.lists(
                    st.builds(
                        PlanActivity,
                        focus_area=st.sampled_from(FocusArea),
                        name=names,
                        status=st.none() | st.sampled_from(ActivityStatus),
                    ),
                    max_size=3,
                )
            )
        ),
        budget=draw(st.none() | budgets),
        followup=draw(st.none() | followups()),
    )


# --------------------------------------------------------------------------- the follow-up

_followup_years = st.integers(2015, 2035)
followup_values = st.decimals(
    min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def observations(draw: st.DrawFn, year: int | None = None) -> Observation:
    """A year's figure: a value (with or without its unit), a count, or both."""
    value = draw(st.none() | followup_values)
    count = (
        draw(st.integers(0, 5_000)) if value is None else draw(st.none() | st.integers(0, 5_000))
    )
    return Observation(
        year=draw(_followup_years) if year is None else year,
        value=value,
        unit=None if value is None else draw(st.none() | st.sampled_from(Unit)),
        count=count,
        data_source=draw(st.none() | names),
        note=draw(st.none() | names),
    )


@st.composite
def indicator_followups(draw: st.DrawFn, area: FocusArea | None = None) -> IndicatorFollowUp:
    """One indicator's follow-up: figures for distinct years, perhaps a target and a direction."""
    years = draw(st.lists(_followup_years, max_size=5, unique=True))
    s, i = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    return IndicatorFollowUp(
        focus_area=draw(st.sampled_from(FocusArea)) if area is None else area,
        indicator=f"{s}.{i}",
        observations=tuple(draw(observations(year=y)) for y in years),
        target=draw(
            st.none()
            | st.builds(
                Target,
                value=followup_values,
                unit=st.none() | st.sampled_from(Unit),
                year=st.none() | _followup_years,
            )
        ),
        direction=draw(st.none() | st.sampled_from(Direction)),
    )


@st.composite
def followups(draw: st.DrawFn) -> FollowUp:
    """A follow-up of distinct indicators (area and key)."""
    entries = draw(st.lists(indicator_followups(), max_size=4))
    seen: set[tuple[FocusArea, str]] = set()
    kept = []
    for entry in entries:
        if (entry.focus_area, entry.indicator) not in seen:
            seen.add((entry.focus_area, entry.indicator))
            kept.append(entry)
    return FollowUp(indicators=tuple(kept))


def attrs_evolve(obj: Agreement, **changes: object) -> Agreement:
    """attrs.evolve, typed for the strategies above."""
    import attrs

    return attrs.evolve(obj, **changes)


# --------------------------------------------------------------------------- edits of one figure


def danish_figure(value: Decimal) -> str:
    """A figure in Danish notation, worked out here: 61.21 -> "61,21", 1505 -> "1.505"."""
    whole, _, fraction = format(value, "f").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return ".".join([whole, *groups]) + ("," + fraction if fraction else "")


@st.composite
def figure_edits(draw: st.DrawFn, agreement: Agreement) -> tuple[str, object, object]:
    """One figure of the agreement to change: (JSON path, old value, a different new value).

    Only figures a document states: staff shares and hours, baseline and comparison values,
    single baseline years, the period's end and the area weight. Rejects agreements without
    any (Hypothesis then draws another).
    """
    options: list[tuple[str, object, st.SearchStrategy[Any]]] = []
    shares = st.decimals(min_value=0, max_value=100, places=1)
    for a, line in enumerate(agreement.staffing.allocations):
        here = f"$.staffing.allocations[{a}]"
        if line.share is not None:
            options.append((f"{here}.share", line.share, shares))
        if line.weekly_hours is not None:
            options.append(
                (f"{here}.weekly_hours", line.weekly_hours, st.integers(1, 200).map(Decimal))
            )
    for g, goal in enumerate(agreement.sub_goals):
        for i, indicator in enumerate(goal.indicators):
            here = f"$.sub_goals[{g}].indicators[{i}]"
            for name in ("baseline", "comparison"):
                m = getattr(indicator, name)
                if m is not None and m.value is not None:
                    new = (
                        st.decimals(min_value=0, max_value=999, places=2)
                        if m.unit is Unit.PERCENT
                        else st.integers(0, 999).map(Decimal)
                    )
                    options.append((f"{here}.{name}.value", m.value, new))
            year = indicator.baseline_year
            if year is not None and year.year is not None and year.end_year is None:
                options.append((f"{here}.baseline_year.year", year.year, st.integers(2000, 2035)))
    if agreement.period is not None:
        start = agreement.period.start
        options.append(
            (
                "$.period.end",
                agreement.period.end,
                st.dates(min_value=start, max_value=date(2045, 12, 31)),
            )
        )
    if agreement.staffing.area_weight is not None:
        options.append(("$.staffing.area_weight", agreement.staffing.area_weight, shares))
    if not options:
        reject()
    path, old, new_values = draw(st.sampled_from(options))
    new = draw(new_values.filter(lambda v: v != old))
    return path, old, new


# --------------------------------------------------------------------------- hostile input
# Damaged copies of real inputs, for the fuzz tests of every reader: each asserts the readers'
# contract (a result or a DelaftaleError, nothing else).

ODD_NAMES = [
    "",
    ".",
    "..",
    "/",
    "/etc/passwd",
    "/dev/zero",
    "../ishoj-2025-beskaeftigelse.json",
    "sub/../../x.json",
    "a\x00b.json",
    "x" * 300 + ".json",
    "plan.json",
    "budget.csv",
    "budget.docx",
    "C:\\Windows\\win.ini",
    "~/.ssh/id_rsa",
    "nul.json",
    "\ud800.json",
]
"""File names a careless or hostile plan may hold."""

# JSON text put in place of a value: odd numbers are written out, not generated, as a
# float would never become "1e999999999".
ODD_TOKENS = [
    "1e999999999",
    "-1E-999999999",
    "1e99999999999999999999",
    "NaN",
    "Infinity",
    "1" * 5000,
    "0.1" + "0" * 5000 + "1",
    "[" * 5000 + "]" * 5000,
    "{}",
    "[]",
    "null",
    '"\\ud800"',
]
"""JSON tokens no well-behaved writer makes."""

json_texts = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(ODD_NAMES),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
).map(lambda value: json.dumps(value))
"""Any JSON value, as text."""

json_replacements = json_texts | st.sampled_from(ODD_TOKENS + [json.dumps(n) for n in ODD_NAMES])
"""JSON text to put in place of a value of a real document."""

_PLACEHOLDER = "\x01REPLACED\x01"


def json_paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in a JSON document, the top included, as key/index tuples."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += json_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += json_paths(item, (*path, index))
    return found


def _replaced(base: object, path: tuple[str | int, ...], token: str) -> bytes:
    if not path:
        return token.encode("utf-8", errors="surrogatepass")
    data: Any = json.loads(json.dumps(base))
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = _PLACEHOLDER
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace(json.dumps(_PLACEHOLDER), token).encode("utf-8", "surrogatepass")


@st.composite
def damaged_bytes(draw: st.DrawFn, data: bytes, *, max_changes: int = 6) -> bytes:
    """``data`` with a few bytes flipped, set, inserted or deleted, or cut short."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, max_changes))):
        kind = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "flip" and out:
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set" and out:
            out[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            out[at:at] = draw(
                st.sampled_from([b"\0", b'"', b";", b"\n", b"\xff", b"<", b"&lol;", b"9" * 50])
            )
        elif kind == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


@st.composite
def damaged_plans(
    draw: st.DrawFn, base: dict[str, Any], extra_names: tuple[str, ...] = ()
) -> bytes:
    """A plan.json (``base``, as parsed JSON) damaged one way or several.

    A value replaced by odd JSON; the file names replaced by odd names (``extra_names`` are
    real ones to mix in); bytes flipped; or the text cut short.
    """
    kind = draw(st.sampled_from(["value", "names", "bytes", "truncate"]))
    if kind == "value":
        data = _replaced(base, draw(st.sampled_from(json_paths(base))), draw(json_replacements))
    elif kind == "names":
        names = st.sampled_from(ODD_NAMES + list(extra_names)) | st.text(max_size=30)
        agreements = draw(st.lists(names | st.integers() | st.none(), max_size=4))
        changed = dict(base, agreements=agreements, budget=draw(names | st.none()))
        data = json.dumps(changed).encode()  # ASCII: a lone surrogate stays an escape
    else:
        data = json.dumps(base, ensure_ascii=False, indent=2).encode()
    if kind == "bytes":
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if kind == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    return data


_CELL_VALUES = st.one_of(
    st.tuples(st.just("n"), st.sampled_from(["1", "-0", "1e400", "nan", "1,5", "9" * 5000, ""])),
    st.tuples(st.sampled_from(["s"]), st.sampled_from(["0", "1", "99", "-1", "x"])),
    st.tuples(st.just("inlineStr"), st.text(max_size=20).map(lambda t: t.replace("<", "&lt;"))),
    st.tuples(
        st.sampled_from(["b", "e", "d", "str", "q"]),
        st.sampled_from(["1", "#N/A", "2026-13-01", ""]),
    ),
)


def _column_letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@st.composite
def sheet_cells(draw: st.DrawFn) -> str:
    """Rows of a worksheet's ``sheetData`` (XML): random cells at random places.

    Cells of every type, valid or not, near the top or anywhere up to one past Excel's last
    row and column, with or without a style or a formula, rows in order or not.
    """
    rows: dict[int, list[str]] = {}
    for _ in range(draw(st.integers(0, 12))):
        row = draw(st.one_of(st.integers(2, 30), st.integers(1, 1_048_577)))
        column = draw(st.one_of(st.integers(1, 6), st.integers(1, 16_385)))
        kind, value = draw(_CELL_VALUES)
        style = draw(st.sampled_from(["", ' s="1"', ' s="2"', ' s="99"']))
        body = f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>"
        formula = draw(st.sampled_from(["", "<f>A1*2</f>", '<f t="shared" si="0"/>']))
        rows.setdefault(row, []).append(
            f'<c r="{_column_letters(column)}{row}" t="{kind}"{style}>{formula}{body}</c>'
        )
    keys = sorted(rows) if draw(st.booleans()) else list(rows)
    return "".join(f'<row r="{r}">{"".join(rows[r])}</row>' for r in keys)


# --------------------------------------------------------------------------- styles.xml pieces

STYLE_PIECES = (
    "<w:style ",
    "<w:style>",
    "<w:style/>",
    "<w:styles ",
    "<w:styleX ",
    "</w:style>",
    "</w:styles>",
    ' w:styleId="a"',
    " w:type='paragraph'",
    ' w:default="1"',
    ">",
    "/>",
    "<",
    "w:style",
    '<w:name w:val="Normal"/>',
    "x",
    " ",
    "\n",
)


@st.composite
def styles_parts(draw: st.DrawFn) -> bytes:
    """Bytes shaped like a styles.xml part, well formed or not: style tags open, closed,
    unclosed, nested and near-misses (``<w:styles``, ``<w:styleX``), for the reader's fast
    style scan to be held to its regular-expression definition."""
    pieces = draw(st.lists(st.sampled_from(STYLE_PIECES), max_size=60))
    return "".join(pieces).encode("utf-8")


_FORM_WORDS = sorted(
    {word for label in LABELS for word in normalise(label.text).split()}
    | {"og", "for", "i", "delaftalen", "aktiviteter", "målgruppen"}
)


@st.composite
def label_like_texts(draw: st.DrawFn) -> str:
    """Texts near the form's labels: a label's words, cut, extended, re-cased, re-punctuated.

    For holding the reader's one-pass label matching to trying each label in turn.
    """
    base = normalise(draw(st.sampled_from(LABELS)).text).split()
    start = draw(st.integers(0, max(0, len(base) - 1)))
    end = draw(st.integers(start, len(base)))
    words = base[start:end] if draw(st.booleans()) else list(base)
    extra = draw(st.lists(st.sampled_from(_FORM_WORDS), max_size=3))
    position = draw(st.integers(0, len(words)))
    words[position:position] = extra
    separators = draw(
        st.lists(
            st.sampled_from([" ", "  ", " - ", ", ", " – ", "\u00ad"]),
            min_size=len(words),
            max_size=len(words),
        )
    )
    text = "".join(word + sep for word, sep in zip(words, separators, strict=True))
    text = draw(st.sampled_from([text, text.upper(), text.capitalize()]))
    return text + draw(st.sampled_from(["", ":", " :", ".", " (tilføj)"]))


# Paragraphs of one run of one text, the shape the Word reader takes a short cut for, with
# the properties that decide what it reads: paragraph styles (bold, highlighted, hidden, a
# heading), run properties it looks at (w:b, w:highlight, w:shd) and ones that take the run
# off the short cut (a character style, w:vanish, w:specVanish), and ones it ignores.
SIMPLE_RUN_STYLES = (
    '<w:style w:type="paragraph" w:styleId="Fed"><w:name w:val="Fed"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Gul"><w:name w:val="Gul"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:highlight w:val="green"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Skjult"><w:name w:val="Skjult"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="FedTegn"><w:name w:val="FedTegn"/>'
    "<w:rPr><w:b/><w:vanish/></w:rPr></w:style>"
)
_PARAGRAPH_PROPERTIES = st.sampled_from(
    [
        None,
        "",
        '<w:pStyle w:val="Fed"/>',
        '<w:pStyle w:val="Gul"/>',
        '<w:pStyle w:val="Skjult"/>',
        '<w:pStyle w:val="Heading2"/>',
        '<w:pStyle w:val="Fed"/><w:ind w:left="720"/>',
    ]
)
_RUN_PROPERTIES = st.sampled_from(
    [
        "<w:b/>",
        '<w:b w:val="0"/>',
        '<w:b w:val="false"/>',
        '<w:highlight w:val="green"/>',
        '<w:highlight w:val="none"/>',
        '<w:shd w:val="clear" w:fill="00FF00"/>',
        '<w:shd w:val="clear" w:fill="auto"/>',
        "<w:i/>",
        '<w:sz w:val="20"/>',
        '<w:rStyle w:val="FedTegn"/>',
        "<w:vanish/>",
        '<w:vanish w:val="0"/>',
        "<w:specVanish/>",
    ]
)
_RUN_TEXTS = st.sampled_from(
    ["Kommunen", "  ", "", "• Lektiecafé", "Boligsocial leder (ansat på 37 timer): 25 %", "AB"]
)


@st.composite
def simple_run_paragraphs(draw: st.DrawFn) -> str:
    """A w:p of one run of one text (or nearly: an empty run, a second run), as XML."""
    ppr = draw(_PARAGRAPH_PROPERTIES)
    rpr = draw(st.none() | st.lists(_RUN_PROPERTIES, max_size=3).map("".join))
    text = draw(_RUN_TEXTS)
    run = "<w:r>" + ("" if rpr is None else f"<w:rPr>{rpr}</w:rPr>")
    run += f'<w:t xml:space="preserve">{text}</w:t></w:r>'
    # Mostly the one run; sometimes a shape the short cut must leave to the walk.
    others = [run + run, "<w:r/>", run.replace("<w:t ", "<w:tab/><w:t ")]
    runs = draw(st.just(run) | st.sampled_from(others))
    return "<w:p>" + ("" if ppr is None else f"<w:pPr>{ppr}</w:pPr>") + runs + "</w:p>"


# --------------------------------------------------------------------------- revisions


def _maybe_edited(
    draw: st.DrawFn, items: tuple[Any, ...], fresh: st.SearchStrategy[Any]
) -> tuple[Any, ...]:
    return _edited_list(draw, items, fresh) if draw(st.booleans()) else items


@st.composite
def model_revisions(draw: st.DrawFn) -> tuple[Agreement, Agreement]:
    """Any agreement the model accepts and a revision of it (see ``agreement_revisions``).

    Activities, parties, delmål, indicators and staff lines edited as ``_edited_list`` does
    (or left alone), a share or the area weight changed, a text section drawn anew: the
    domain of the semantic diff, wider than what a Word document can state.
    """
    import attrs

    old = draw(agreements)
    staffing = old.staffing
    allocations = tuple(
        attrs.evolve(a, share=draw(st.none() | percents)) if draw(st.booleans()) else a
        for a in staffing.allocations
    )
    goals = tuple(
        attrs.evolve(
            goal,
            indicators=_maybe_edited(draw, goal.indicators, indicators),
        )
        for goal in old.sub_goals
    )
    new = attrs.evolve(
        old,
        activities=_maybe_edited(draw, old.activities, activities),
        parties=_maybe_edited(draw, old.parties, parties),
        sub_goals=_maybe_edited(draw, goals, sub_goals),
        activity_names=_maybe_edited(draw, old.activity_names, names),
        staffing=attrs.evolve(
            staffing,
            area_weight=staffing.area_weight if draw(st.booleans()) else draw(st.none() | percents),
            allocations=_maybe_edited(draw, allocations, staff_allocations()),
        ),
        municipal_context=old.municipal_context if draw(st.booleans()) else draw(texts),
    )
    return old, new


@st.composite
def text_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A paragraph and a rewording of it: words dropped, added or replaced."""
    words = draw(st.lists(_word, min_size=1, max_size=20))
    edited = list(words)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(edited)))
        if draw(st.booleans()) or not edited:
            edited.insert(at, draw(_word))
        else:
            edited.pop(min(at, len(edited) - 1))
    return " ".join(words) + draw(_marks), " ".join(edited) + draw(_marks)
