"""The annual follow-up (*opfølgning*): each indicator's figures over the years, judged.

The form asks the parties and the board to follow the delmål year by year ("årligt at følge
udviklingen hos de konkrete målgrupper"). ``FollowUp`` holds what that takes beyond the
delaftale itself: for each indicator the figures measured each year (``Observation``), an
optional ``Target`` and, where the wording does not say it, the ``Direction`` the delmål asks
for. ``status`` judges every indicator of a plan at a given year (``IndicatorStatus``).

An indicator is known by its numbers within its agreement, ``"2.1"`` for delmål 2, indicator
1, or by the explicit ``Indicator.id`` when the agreement gives one, so that follow-up data
survives a revision that renumbers the delmål.

Like the rest of the model this module does no I/O; the follow-up sheet is read by
``read_followup`` (``delaftale.spreadsheets``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from delaftale.errors import DataError
from delaftale.model import (
    Agreement,
    FocusArea,
    Indicator,
    Period,
    SubGoal,
    Unit,
    _finite_non_negative,
    _is_int,
    _non_blank,
)

__all__ = [
    "Assessment",
    "Direction",
    "DirectionReading",
    "FollowUp",
    "IndicatorFollowUp",
    "IndicatorStatus",
    "Observation",
    "Target",
    "assessment_text",
    "find_indicator",
    "first_full_year",
    "indicator_key",
    "merge_followup",
    "read_direction",
    "status",
    "status_records",
]

_FIRST_YEAR = 1990
_LAST_YEAR = 2100


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


def _to_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _year(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _is_int(_inst, attribute, value)
    if value is not None and not _FIRST_YEAR <= value <= _LAST_YEAR:
        raise ValueError(
            f"'{attribute.name}' must be a year from {_FIRST_YEAR} to {_LAST_YEAR}, got {value}"
        )


def _opt_text(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"'{attribute.name}' must be text (str), got {value!r}")
    _non_blank(_inst, attribute, value)


_OPT_DECIMAL = attrs.validators.optional(attrs.validators.instance_of(Decimal))
_OPT_UNIT = attrs.validators.optional(attrs.validators.instance_of(Unit))


class Direction(enum.Enum):
    """Which way a delmål wants its indicator to go (*retning*)."""

    UP = "up"
    """Higher is better: "Flere", "Øge", "stiger"."""
    DOWN = "down"
    """Lower is better: "Færre", "mindre", "falder", "reduceres"."""


class Assessment(enum.Enum):
    """How an indicator stands against its baseline in a given year (*vurdering*)."""

    IMPROVING = "improving"
    """The latest figure has moved from the baseline the way the delmål asks (*forbedret*)."""
    WORSENING = "worsening"
    """It has moved the other way (*forværret*)."""
    UNCHANGED = "unchanged"
    """It equals the baseline exactly (*uændret*)."""
    NO_DATA = "no_data"
    """No figure has been measured up to the year asked (*ingen tal*)."""
    PENDING_BASELINE = "pending_baseline"
    """The baseline is still to be measured, so nothing can be judged (*baseline mangler*)."""

    @property
    def label_da(self) -> str:
        """The assessment in plain Danish, as the board's status report words it."""
        return _ASSESSMENT_DA[self]

    @property
    def label_en(self) -> str:
        """The assessment in plain English."""
        return _ASSESSMENT_EN[self]


_ASSESSMENT_DA = {
    Assessment.IMPROVING: "Udviklingen går den rigtige vej",
    Assessment.WORSENING: "Udviklingen går den forkerte vej",
    Assessment.UNCHANGED: "Uændret i forhold til baseline",
    Assessment.NO_DATA: "Ingen tal endnu",
    Assessment.PENDING_BASELINE: "Baseline er endnu ikke målt",
}
_ASSESSMENT_EN = {
    Assessment.IMPROVING: "Moving the right way",
    Assessment.WORSENING: "Moving the wrong way",
    Assessment.UNCHANGED: "Unchanged from the baseline",
    Assessment.NO_DATA: "No figures yet",
    Assessment.PENDING_BASELINE: "The baseline is not yet measured",
}


@frozen(kw_only=True)
class Observation:
    """An indicator's figure for one year (*årets tal*), from the follow-up sheet.

    ``value`` is the figure, exact (61,21 % is 61.21); ``unit`` says what it is when the
    sheet says so ("61,21 %" is percent) and is ``None`` when the sheet gives a bare number,
    which is then read in the unit of the indicator's baseline. ``count`` is the number of
    people behind a share (*antal*); a row with only a count is a figure in ``count`` alone.
    """

    year: int = field(validator=_year, metadata=_doc("The year measured (År)."))
    value: Decimal | None = field(
        default=None,
        validator=[_OPT_DECIMAL, _finite_non_negative],
        metadata=_doc("The figure (Værdi), exact; 61,21 % is 61.21."),
    )
    unit: Unit | None = field(
        default=None,
        validator=_OPT_UNIT,
        metadata=_doc("percent, count or number as stated; null: the baseline's unit."),
    )
    count: int | None = field(
        default=None,
        validator=[_is_int, attrs.validators.optional(attrs.validators.ge(0))],
        metadata=_doc("Number of people behind the figure (Antal)."),
    )
    data_source: str | None = field(
        default=None, validator=_opt_text, metadata=_doc("Datakilde, e.g. 'Lokal registrering'.")
    )
    note: str | None = field(default=None, validator=_opt_text, metadata=_doc("Note."))

    def __attrs_post_init__(self) -> None:
        if self.value is None and self.count is None:
            raise ValueError(
                f"the figure for {self.year} needs a 'value' (Værdi) or a 'count' (Antal)"
            )
        if self.unit is not None and self.value is None:
            raise ValueError("'unit' belongs to a 'value'; give the value or leave the unit out")


@frozen(kw_only=True)
class Target:
    """What the parties aim for (*mål*): a figure, and the year it should be reached by."""

    value: Decimal = field(
        validator=[attrs.validators.instance_of(Decimal), _finite_non_negative],
        metadata=_doc("The figure aimed for, exact."),
    )
    unit: Unit | None = field(
        default=None,
        validator=_OPT_UNIT,
        metadata=_doc("percent, count or number; null: the baseline's unit."),
    )
    year: int | None = field(
        default=None, validator=_year, metadata=_doc("The year it should be reached by.")
    )


def _observations(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    attrs.validators.deep_iterable(
        member_validator=attrs.validators.instance_of(Observation),
        iterable_validator=attrs.validators.instance_of(tuple),
    )(_inst, attribute, value)
    years = [o.year for o in value]
    twice = sorted({y for y in years if years.count(y) > 1})
    if twice:
        raise ValueError(
            f"'{attribute.name}' has more than one figure for {', '.join(map(str, twice))}; "
            "keep one figure per year (put a second reading in the note)"
        )


def _sorted_observations(items: Iterable[Observation]) -> tuple[Observation, ...]:
    items = tuple(items)
    if all(isinstance(o, Observation) for o in items):
        return tuple(sorted(items, key=lambda o: o.year))
    return items  # the validator names what is wrong


@frozen(kw_only=True)
class IndicatorFollowUp:
    """The follow-up of one indicator (*opfølgning på en indikator*).

    ``indicator`` names it within its focus area's agreement: ``"2.1"`` (delmål 2, indicator
    1) or the indicator's explicit ``id``. The figures are kept in year order.
    """

    focus_area: FocusArea = field(
        validator=attrs.validators.instance_of(FocusArea), metadata=_doc("Indsatsområde.")
    )
    indicator: str = field(
        validator=[attrs.validators.instance_of(str), _non_blank],
        metadata=_doc("'2.1' for delmål 2, indicator 1, or the indicator's id."),
    )
    observations: tuple[Observation, ...] = field(
        default=(),
        converter=_sorted_observations,
        validator=_observations,
        metadata=_doc("The figures, at most one per year, in year order."),
    )
    target: Target | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Target)),
        metadata=_doc("What the parties aim for, if they set a target."),
    )
    direction: Direction | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Direction)),
        metadata=_doc("up or down, where the delmål's wording does not say (or says wrongly)."),
    )

    def observation(self, year: int) -> Observation | None:
        """The figure for one year, if there is one."""
        return next((o for o in self.observations if o.year == year), None)


def _unique_indicators(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    attrs.validators.deep_iterable(
        member_validator=attrs.validators.instance_of(IndicatorFollowUp),
        iterable_validator=attrs.validators.instance_of(tuple),
    )(_inst, attribute, value)
    seen: set[tuple[FocusArea, str]] = set()
    for item in value:
        key = (item.focus_area, _key_text(item.indicator))
        if key in seen:
            raise ValueError(
                f"'{attribute.name}' lists indicator {item.indicator} of "
                f"{item.focus_area.title} twice; merge the two"
            )
        seen.add(key)


@frozen(kw_only=True)
class FollowUp:
    """A plan's follow-up (*opfølgning*): the figures, targets and directions per indicator."""

    indicators: tuple[IndicatorFollowUp, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_unique_indicators,
        metadata=_doc("One entry per indicator followed."),
    )

    def find(self, area: FocusArea, key: str) -> IndicatorFollowUp | None:
        """The entry for an indicator of an area, by its key ("2.1" or its id)."""
        wanted = _key_text(key)
        return next(
            (
                i
                for i in self.indicators
                if i.focus_area is area and _key_text(i.indicator) == wanted
            ),
            None,
        )

    def years(self) -> list[int]:
        """Every year any figure is given for, in order."""
        return sorted({o.year for i in self.indicators for o in i.observations})


# --------------------------------------------------------------------------- identity

_NUMBERS = re.compile(r"\s*(\d+)\s*\.\s*(\d+)\s*")


def _key_text(key: str) -> str:
    """A key as compared: '2.1' and ' 2 . 1 ' are one; an id ignores case and spacing."""
    numbers = _NUMBERS.fullmatch(key)
    if numbers:
        return f"{int(numbers.group(1))}.{int(numbers.group(2))}"
    return " ".join(key.casefold().split())


def indicator_key(agreement: Agreement, sub_goal: int, indicator: int) -> str:
    """The key an indicator is followed by: its ``id``, else its numbers ("2.1").

    ``sub_goal`` and ``indicator`` are 1-based, as the form numbers them.
    """
    given = agreement.sub_goals[sub_goal - 1].indicators[indicator - 1].id
    return given if given is not None else f"{sub_goal}.{indicator}"


def _indicators(agreement: Agreement) -> Iterator[tuple[int, int, SubGoal, Indicator]]:
    for s, goal in enumerate(agreement.sub_goals, start=1):
        for i, indicator in enumerate(goal.indicators, start=1):
            yield s, i, goal, indicator


def find_indicator(agreement: Agreement, key: str) -> tuple[int, int] | None:
    """The (delmål, indicator) numbers a key names in an agreement, 1-based, or ``None``.

    An explicit ``id`` is matched first; numbers ("2.1") name an indicator by position.
    """
    wanted = _key_text(key)
    for s, i, _goal, indicator in _indicators(agreement):
        if indicator.id is not None and _key_text(indicator.id) == wanted:
            return s, i
    numbers = _NUMBERS.fullmatch(key)
    if numbers:
        s, i = int(numbers.group(1)), int(numbers.group(2))
        if 1 <= s <= len(agreement.sub_goals) and 1 <= i <= len(
            agreement.sub_goals[s - 1].indicators
        ):
            return s, i
    return None


# --------------------------------------------------------------------------- direction

# Words of a delmål that say which way it wants things to go. A delmål's title names the
# change ("Flere unge ...", "Færre unge afbryder ...", "... får mindre fravær"). The verbs are
# spelt out rather than matched by stem: "stig" would take "stigmatisering" for a rise.
_UP_WORDS = re.compile(
    r"\b(flere|mere|større|højere|bedre|øge|øges|øger|øget|øgede|øgning|forøge\w*"
    r"|stige|stiger|stigende|stigning\w*|steget|forbedre\w*|forbedring\w*)\b",
    re.IGNORECASE,
)
_DOWN_WORDS = re.compile(
    r"\b(færre|mindre|lavere|mindske\w*|formindske\w*|fald|falde|falder|faldende|faldet"
    r"|reducere\w*|reduktion\w*|nedbringe\w*|nedsætte\w*)\b",
    re.IGNORECASE,
)
# An indicator's own wording names a threshold as often as a change ("mere end 9 ulovlige
# fraværsdage"), so only verbs of change count there.
_UP_VERBS = re.compile(
    r"\b(stige|stiger|stigende|stigning|øges|øget|forøges|forbedres)\b", re.IGNORECASE
)
_DOWN_VERBS = re.compile(
    r"\b(falde|falder|faldende|fald|reduceres|reduceret|nedbringes|mindskes)\b", re.IGNORECASE
)
# "ikke" and "uden" may mean the indicator counts the opposite of what the delmål names;
# "uden for" (outside) is a place, and a remark in brackets ("ikke medregnet AMU") is not
# what is counted.
_NEGATION = re.compile(r"\b(ikke|uden)\b(?!\s+for\b)", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _negation(text: str) -> str | None:
    found = _NEGATION.search(_BRACKETS.sub(" ", text))
    return found.group(0) if found else None


@frozen(kw_only=True)
class DirectionReading:
    """Which way an indicator should go, and what says so.

    ``word`` is the word that decided ("Flere"), ``source`` where it stands ("delmål",
    "indicator" or "follow-up" for a direction set by hand). Where the wording is not
    clear, ``direction`` is ``None`` and ``doubt`` is the word that made it unclear: a word
    of the other direction ("Øge ... og mindske ..."), or a negation ("ikke", "uden") in the
    indicator and not in the delmål, or the other way round: "Flere unge fastholdes i
    uddannelse" measured as the share that "ikke har tilknytning" may count the opposite,
    or may not ("ikke har behov for sprogstøtte"), and guessing would give the board a
    wrong assessment.
    """

    direction: Direction | None
    word: str | None = None
    source: str | None = None
    doubt: str | None = None

    def explain(self, lang: str = "da") -> str:
        """What the direction rests on, in Danish (``"da"``) or English (``"en"``)."""
        en = lang == "en"
        if self.source == "follow-up":
            return "set in the follow-up" if en else "angivet i opfølgningen"
        if self.direction is None:
            if self.word is not None and self.doubt is not None and self.source == "both":
                if en:
                    return (
                        f"the delmål names both ways ('{self.word}' and '{self.doubt}'); "
                        "set the direction in the follow-up"
                    )
                return (
                    f"delmålet nævner begge veje ('{self.word}' og '{self.doubt}'); angiv "
                    "retningen i opfølgningen"
                )
            if self.word is not None and self.doubt is not None:
                if en:
                    return (
                        f"'{self.word}' in the delmål, but '{self.doubt}' in only one of "
                        "delmål and indicator: the indicator may count the opposite; set the "
                        "direction in the follow-up"
                    )
                return (
                    f"'{self.word}' i delmålet, men '{self.doubt}' i kun det ene af delmål og "
                    "indikator: indikatoren måler måske det modsatte; angiv retningen i "
                    "opfølgningen"
                )
            if en:
                return "no direction in the delmål's wording; set it in the follow-up"
            return "delmålets ordlyd siger ikke hvilken vej; angiv retningen i opfølgningen"
        if self.source == "indicator":
            return f"'{self.word}' in the indicator" if en else f"'{self.word}' i indikatoren"
        return f"'{self.word}' in the delmål" if en else f"'{self.word}' i delmålet"


def _one_way(
    text: str, up: re.Pattern[str], down: re.Pattern[str]
) -> tuple[Direction | None, str, str | None] | None:
    """The direction a text names and its word; both ways give ``(None, up, down)``."""
    ups = up.search(text)
    downs = down.search(text)
    if ups and downs:
        return None, ups.group(0), downs.group(0)
    if ups:
        return Direction.UP, ups.group(0), None
    if downs:
        return Direction.DOWN, downs.group(0), None
    return None


def read_direction(
    goal: SubGoal, indicator: Indicator, override: Direction | None = None
) -> DirectionReading:
    """The direction an indicator should go, from the delmål's Danish wording.

    "Flere", "Øge", "stiger", "højere" mean up; "Færre", "mindre", "falder", "reduceres",
    "nedbringe" down. The delmål's title is read first; when it names no change, the
    indicator's description, counting verbs of change only ("stiger", "falder"). Where the
    wording is not clear the direction is left unknown, never guessed (see
    ``DirectionReading``): the delmål names both ways, or one of delmål and indicator says
    "ikke"/"uden" and the other does not ("uden for" and remarks in brackets do not count).
    ``override`` (the follow-up's direction) wins over the wording.
    """
    if override is not None:
        return DirectionReading(direction=override, source="follow-up")
    found = _one_way(goal.title, _UP_WORDS, _DOWN_WORDS)
    if found is not None:
        direction, word, other = found
        if direction is None:
            return DirectionReading(direction=None, word=word, source="both", doubt=other)
        in_goal, in_indicator = _negation(goal.title), _negation(indicator.description)
        if (in_goal is None) != (in_indicator is None):
            return DirectionReading(
                direction=None, word=word, source="delmål", doubt=in_goal or in_indicator
            )
        return DirectionReading(direction=direction, word=word, source="delmål")
    found = _one_way(indicator.description, _UP_VERBS, _DOWN_VERBS)
    if found is not None and found[0] is not None:
        return DirectionReading(direction=found[0], word=found[1], source="indicator")
    return DirectionReading(direction=None)


# --------------------------------------------------------------------------- judgement


def first_full_year(period: Period) -> int:
    """The first full calendar year of a period (*første hele kalenderår*).

    A plan from 1 November 2025 has 2026; one from 1 January 2026 has 2026.
    """
    start = period.start
    return start.year if (start.month, start.day) == (1, 1) else start.year + 1


@frozen(kw_only=True)
class IndicatorStatus:
    """Where one indicator stands in a given year: the board's line for it.

    ``baseline`` and ``comparison`` are the agreement's figures; ``figures`` the follow-up's
    figures up to ``year``; ``latest`` the last of them after the baseline's year (a figure
    of the baseline year itself, or before it, is not progress; asked for a year before the
    baseline, an indicator has ``no_data``); ``change`` the latest figure minus
    the baseline, in the baseline's unit (percentage points for a share).
    ``assessment`` is ``None`` when the figures cannot be compared: the delmål's direction
    is not known and the figure moved, or the latest figure is in another unit than the
    baseline; ``reason`` says which.
    """

    focus_area: FocusArea
    sub_goal: int
    """The delmål's number in its agreement, from 1."""
    sub_goal_title: str
    indicator: int
    """The indicator's number under its delmål, from 1."""
    key: str
    """The key the follow-up knows it by: its id or "2.1"."""
    description: str
    year: int
    """The year asked about."""
    direction: DirectionReading
    unit: Unit | None
    """The baseline's unit, in which ``change`` is stated."""
    baseline: Decimal | None
    baseline_year: int | None
    baseline_pending: bool
    """The agreement says the baseline is still to be measured (udfyldes senere)."""
    comparison: Decimal | None
    figures: tuple[Observation, ...]
    latest: Observation | None
    change: Decimal | None
    target: Target | None
    target_reached: bool | None
    """Whether the latest figure has reached the target; ``None`` when it cannot be said."""
    assessment: Assessment | None
    reason: str | None = None
    """Why ``assessment`` is ``None``: ``"direction_unknown"`` or ``"unit_differs"``."""


def _figure(observation: Observation, unit: Unit | None) -> tuple[Decimal, Unit | None] | None:
    """The figure an observation gives to compare with a baseline in ``unit``."""
    if observation.value is not None:
        return observation.value, observation.unit or unit
    if observation.count is not None:
        return Decimal(observation.count), Unit.COUNT
    return None  # pragma: no cover - an Observation always has one of the two


def _better(change: Decimal, direction: Direction) -> bool:
    return change > 0 if direction is Direction.UP else change < 0


def _judge(
    area: FocusArea,
    numbers: tuple[int, int],
    goal: SubGoal,
    indicator: Indicator,
    key: str,
    follow: IndicatorFollowUp | None,
    year: int,
) -> IndicatorStatus:
    baseline = indicator.baseline
    base_value = baseline.value if baseline is not None else None
    unit = baseline.unit if baseline is not None else None
    comparison = indicator.comparison.value if indicator.comparison is not None else None
    direction = read_direction(goal, indicator, follow.direction if follow else None)
    figures = tuple(o for o in follow.observations if o.year <= year) if follow else ()
    # Progress is measured after the baseline: a figure of the baseline's own year (or of a
    # school year it spans) is the baseline measured again, one before it is history.
    measured = indicator.baseline_year
    since = (measured.end_year or measured.year) if measured is not None else None
    after = [o for o in figures if since is None or base_value is None or o.year > since]
    latest = after[-1] if after else None
    target = follow.target if follow else None

    change: Decimal | None = None
    reached: bool | None = None
    reason: str | None = None
    assessment: Assessment | None
    stated = _figure(latest, unit) if latest is not None else None
    if base_value is None:
        assessment = Assessment.PENDING_BASELINE
    elif stated is None:
        assessment = Assessment.NO_DATA
    elif stated[1] is not unit:
        assessment, reason = None, "unit_differs"
    else:
        change = stated[0] - base_value
        if change == 0:
            assessment = Assessment.UNCHANGED
        elif direction.direction is None:
            assessment, reason = None, "direction_unknown"
        elif _better(change, direction.direction):
            assessment = Assessment.IMPROVING
        else:
            assessment = Assessment.WORSENING
    if (
        target is not None
        and stated is not None
        and direction.direction is not None
        and (target.unit or unit) is stated[1]
    ):
        gap = stated[0] - target.value
        reached = gap == 0 or _better(gap, direction.direction)
    return IndicatorStatus(
        focus_area=area,
        sub_goal=numbers[0],
        sub_goal_title=goal.title,
        indicator=numbers[1],
        key=key,
        description=indicator.description,
        year=year,
        direction=direction,
        unit=unit,
        baseline=base_value,
        baseline_year=indicator.baseline_year.year if indicator.baseline_year else None,
        baseline_pending=baseline is not None and baseline.pending,
        comparison=comparison,
        figures=figures,
        latest=latest,
        change=change,
        target=target,
        target_reached=reached,
        assessment=assessment,
        reason=reason,
    )


def status(
    agreements: Sequence[Agreement], followup: FollowUp | None, year: int
) -> tuple[IndicatorStatus, ...]:
    """Every indicator of the agreements, judged at ``year`` against the follow-up's figures.

    One ``IndicatorStatus`` per indicator, in the order of the agreements, their delmål and
    their indicators; an indicator the follow-up has no figures for is judged ``no_data``
    (or ``pending_baseline``). Figures after ``year`` are left out, so a status for an
    earlier year reads as it would have then. ``Plan.status(year)`` calls this.
    """
    if type(year) is not int or not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValueError(
            f"the year must be a year from {_FIRST_YEAR} to {_LAST_YEAR}, got {year!r}"
        )
    follow = followup or FollowUp()
    found: list[IndicatorStatus] = []
    for agreement in agreements:
        for s, i, goal, indicator in _indicators(agreement):
            key = indicator_key(agreement, s, i)
            entry = follow.find(agreement.focus_area, key)
            if entry is None and indicator.id is not None:
                entry = follow.find(agreement.focus_area, f"{s}.{i}")
            found.append(_judge(agreement.focus_area, (s, i), goal, indicator, key, entry, year))
    return tuple(found)


def _number(value: Decimal | None) -> str | None:
    # Exact, as the JSON files write figures: "61.21", never a float.
    return None if value is None else format(value, "f")


def _observation_json(observation: Observation) -> dict[str, object]:
    return {
        "year": observation.year,
        "value": _number(observation.value),
        "unit": observation.unit.value if observation.unit else None,
        "count": observation.count,
        "data_source": observation.data_source,
        "note": observation.note,
    }


def status_records(
    statuses: Iterable[IndicatorStatus], *, lang: str = "da"
) -> list[dict[str, object]]:
    """The statuses as JSON-ready objects, one per indicator (what ``status --format json`` prints).

    Keys: ``focus_area`` (code), ``sub_goal`` and ``indicator`` (numbers from 1), ``key``,
    ``sub_goal_title``, ``description``, ``year``, ``direction`` ("up", "down" or null),
    ``direction_basis`` (what the direction rests on, in ``lang``), ``unit``, ``baseline``
    ({"year", "value", "pending"}), ``comparison`` (the value), ``figures`` (each year's
    {"year", "value", "unit", "count", "data_source", "note"}), ``latest`` ({"year",
    "value", "count"} or null), ``change``, ``target`` ({"value", "year"} or null),
    ``target_reached``, ``assessment`` (one of the five words, or null when the figures
    cannot be judged), ``assessment_text`` (in ``lang``) and ``reason``. Figures are exact
    decimal strings ("61.21").
    """
    records: list[dict[str, object]] = []
    for s in statuses:
        latest = s.latest
        target = s.target
        records.append(
            {
                "focus_area": s.focus_area.value,
                "sub_goal": s.sub_goal,
                "indicator": s.indicator,
                "key": s.key,
                "sub_goal_title": s.sub_goal_title,
                "description": s.description,
                "year": s.year,
                "direction": s.direction.direction.value if s.direction.direction else None,
                "direction_basis": s.direction.explain(lang),
                "unit": s.unit.value if s.unit else None,
                "baseline": {
                    "year": s.baseline_year,
                    "value": _number(s.baseline),
                    "pending": s.baseline_pending,
                },
                "comparison": _number(s.comparison),
                "figures": [_observation_json(o) for o in s.figures],
                "latest": None
                if latest is None
                else {"year": latest.year, "value": _number(latest.value), "count": latest.count},
                "change": _number(s.change),
                "target": None
                if target is None
                else {"value": _number(target.value), "year": target.year},
                "target_reached": s.target_reached,
                "assessment": s.assessment.value if s.assessment else None,
                "assessment_text": assessment_text(s, lang),
                "reason": s.reason,
            }
        )
    return records


_REASONS = {
    "direction_unknown": (
        "Kan ikke vurderes: tallet har flyttet sig, men delmålets ordlyd siger ikke, om det "
        "skal op eller ned. Angiv retningen i opfølgningen.",
        "Cannot be judged: the figure has moved, but the delmål's wording does not say whether "
        "it should go up or down. Set the direction in the follow-up.",
    ),
    "unit_differs": (
        "Kan ikke vurderes: det seneste tal er opgjort i en anden enhed end baseline.",
        "Cannot be judged: the latest figure is in another unit than the baseline.",
    ),
}


def assessment_text(status: IndicatorStatus, lang: str = "da") -> str:
    """The assessment in plain words, also when there is none (then: why not)."""
    if status.assessment is not None:
        return status.assessment.label_da if lang == "da" else status.assessment.label_en
    return _REASONS[status.reason or "direction_unknown"][0 if lang == "da" else 1]


# --------------------------------------------------------------------------- merging


def merge_followup(base: FollowUp | None, sheet: FollowUp) -> FollowUp:
    """The follow-up ``base`` (the plan's, from plan.json) with a sheet's figures added.

    Each indicator of ``base`` keeps its target and direction and gets the sheet's figures
    for it; an indicator only the sheet names is added after the others, in the sheet's
    order. Indicators are matched by focus area and key, as ``FollowUp.find`` matches them
    ("2.1" and " 2 . 1 " are one; an id ignores case). A target or direction the sheet's
    entry has fills one ``base`` lacks. ``base`` ``None`` gives ``sheet``.

    Raises ``DataError`` listing every year that has a figure in both for one indicator
    (keep one figure per year), and every target or direction the two set differently.
    """
    if base is None:
        return sheet
    entries = list(base.indicators)
    where = {(e.focus_area, _key_text(e.indicator)): n for n, e in enumerate(entries)}
    problems: list[str] = []
    for item in sheet.indicators:
        n = where.get((item.focus_area, _key_text(item.indicator)))
        if n is None:
            where[(item.focus_area, _key_text(item.indicator))] = len(entries)
            entries.append(item)
            continue
        entry = entries[n]
        named = f"indicator {entry.indicator} of {entry.focus_area.title}"
        given = {o.year for o in entry.observations}
        both = [o.year for o in item.observations if o.year in given]
        for year in both:
            problems.append(
                f"{named}: {year} has a figure both in the plan's follow-up and in the sheet; "
                "keep one figure per year (delete it from one of them)"
            )
        for name in ("target", "direction"):
            mine, theirs = getattr(entry, name), getattr(item, name)
            if mine is not None and theirs is not None and mine != theirs:
                problems.append(
                    f"{named}: the plan's follow-up and the sheet set different {name}s; "
                    "keep one of them"
                )
        if not problems:
            entries[n] = attrs.evolve(
                entry,
                observations=(*entry.observations, *item.observations),
                target=entry.target or item.target,
                direction=entry.direction or item.direction,
            )
    if problems:
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise DataError(
            f"The follow-up sheet cannot be merged into the plan's follow-up: {count}",
            problems,
        )
    return FollowUp(indicators=entries)
