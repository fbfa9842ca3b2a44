"""Checks on one delaftale. Each check reads the model and yields findings; none raises."""

from __future__ import annotations

import collections
import enum
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

from delaftale.danish import (
    Worded,
    described_elsewhere,
    format_date,
    format_decimal,
    format_percent,
    wording_differences,
)
from delaftale.findings import Finding
from delaftale.model import Agreement, Indicator, Regulativ
from delaftale.validation._rules import rule

__all__ = ["CHECKS", "FUZZY_BUDGET", "NameIndex", "check_agreement", "names_match"]

Check = Callable[[Agreement, str], Iterator[Finding]]

_HUNDRED = Decimal(100)
# "About four years": a helhedsplan runs 48 months; allow two months either way for
# periods that start or end mid-month or are agreed a little late.
_PERIOD_MONTHS = 48
_PERIOD_SLACK = 2


def _finding(code: str, path: str, en: str, da: str) -> Finding:
    r = rule(code)
    return Finding(code=code, severity=r.severity, path=path, message=en, message_da=da)


# --------------------------------------------------------------------------- completeness

_SECTIONS: tuple[tuple[str, str, str, Callable[[Agreement], object]], ...] = (
    (
        "initiative",
        "the name of the initiative",
        "Navn på den boligsociale indsats",
        lambda a: a.initiative,
    ),
    ("period", "the period", "Delaftalen gælder fra - til", lambda a: a.period),
    ("parties", "the parties", "Delaftalens parter", lambda a: a.parties),
    ("sub_goals", "the sub-goals and indicators", "Delmål og indikatorer", lambda a: a.sub_goals),
    ("activity_names", "the list of activities", "Aktiviteter", lambda a: a.activity_names),
    (
        "staffing.allocations",
        "the staff resources",
        "Medarbejderressourcer for indsatsområdet",
        lambda a: a.staffing.allocations,
    ),
    (
        "municipal_context",
        "the link to the municipality's work",
        "Sammenhæng med den kommunale indsats i boligområdet",
        lambda a: a.municipal_context,
    ),
    ("revision", "the local agreement on revision", "Revision af delaftalen", lambda a: a.revision),
    ("activities", "the activity schemas", "Aktivitetsskemaer", lambda a: a.activities),
)


def _check_sections(agreement: Agreement, root: str) -> Iterator[Finding]:
    for path, en, da, get in _SECTIONS:
        if not get(agreement):
            yield _finding(
                "section-missing",
                f"{root}.{path}",
                f"The section '{da}' ({en}) is empty.",
                f"Afsnittet '{da}' er tomt.",
            )


def _check_draft(agreement: Agreement, root: str) -> Iterator[Finding]:
    if agreement.draft_date is not None:
        when = format_date(agreement.draft_date)
        yield _finding(
            "draft",
            f"{root}.draft_date",
            f"This is a draft dated {agreement.draft_date.isoformat()}.",
            f"Delaftalen er et udkast af {when}.",
        )


# --------------------------------------------------------------------------- period


def _check_period(agreement: Agreement, root: str) -> Iterator[Finding]:
    period = agreement.period
    if period is None:
        return
    path = f"{root}.period"
    start, end = format_date(period.start), format_date(period.end)
    if period.end <= period.start:
        yield _finding(
            "period-end-before-start",
            path,
            f"The period ends ({period.end.isoformat()}) before it starts "
            f"({period.start.isoformat()}).",
            f"Perioden slutter ({end}) før den begynder ({start}).",
        )
        return
    months = period.months()
    if abs(months - _PERIOD_MONTHS) > _PERIOD_SLACK:
        yield _finding(
            "period-length",
            path,
            f"The period {period.start.isoformat()} to {period.end.isoformat()} covers {months} "
            f"months; a helhedsplan runs 48 (four years).",
            f"Perioden {start} til {end} dækker {months} måneder; en helhedsplan løber 48 "
            f"måneder (fire år).",
        )
    regulativ = agreement.focus_area.regulativ
    area = agreement.focus_area
    if regulativ is Regulativ.R2019 and period.start < date(2019, 1, 1):
        yield _finding(
            "focus-area-regulativ",
            f"{root}.focus_area",
            f"'{area.title}' is a focus area of the 2019 regulation, but the period starts "
            f"{period.start.isoformat()}.",
            f"'{area.title}' er et indsatsområde i 2019-regulativet, men perioden starter {start}.",
        )
    if regulativ is Regulativ.R2015 and period.start >= date(2021, 1, 1):
        yield _finding(
            "focus-area-regulativ",
            f"{root}.focus_area",
            f"'{area.title}' is a focus area of the 2015-18 funds; a plan starting "
            f"{period.start.isoformat()} uses the 2019 regulation's areas.",
            f"'{area.title}' er et indsatsområde fra 2015-18-midlerne; en plan, der starter "
            f"{start}, bruger 2019-regulativets områder.",
        )


# --------------------------------------------------------------------------- delmål


def _check_sub_goals(agreement: Agreement, root: str) -> Iterator[Finding]:
    for g, goal in enumerate(agreement.sub_goals):
        path = f"{root}.sub_goals[{g}]"
        if not goal.indicators:
            yield _finding(
                "sub-goal-without-indicator",
                f"{path}.indicators",
                f"The sub-goal '{goal.title}' has no indicator.",
                f"Delmålet '{goal.title}' har ingen indikator.",
            )
        for i, indicator in enumerate(goal.indicators):
            yield from _check_indicator(agreement, indicator, f"{path}.indicators[{i}]")


def _check_goal_refs(agreement: Agreement, root: str) -> Iterator[Finding]:
    from delaftale.catalogue import goal  # reference data, read once when first needed

    for g, sub_goal in enumerate(agreement.sub_goals):
        for r, ref in enumerate(sub_goal.goals):
            path = f"{root}.sub_goals[{g}].goals[{r}]"
            found = goal(ref)
            if found is None:
                yield _finding(
                    "goal-unknown",
                    path,
                    f"The delmål '{sub_goal.title}' refers to '{ref}', which is in no catalogue.",
                    f"Delmålet '{sub_goal.title}' henviser til '{ref}', som ikke findes i "
                    "kataloget.",
                )
            elif found.focus_area is not None and found.focus_area is not agreement.focus_area:
                yield _finding(
                    "goal-other-area",
                    path,
                    f"The delmål '{sub_goal.title}' refers to '{found.title}', LBF's goal for "
                    f"{found.focus_area.title}, not {agreement.focus_area.title}.",
                    f"Delmålet '{sub_goal.title}' henviser til '{found.title}', LBF's mål for "
                    f"{found.focus_area.title}, ikke {agreement.focus_area.title}.",
                )


def _check_indicator(agreement: Agreement, indicator: Indicator, path: str) -> Iterator[Finding]:
    name = indicator.description
    baseline = indicator.baseline
    if baseline is None:
        yield _finding(
            "baseline-missing",
            f"{path}.baseline",
            f"The indicator '{name}' has no baseline.",
            f"Indikatoren '{name}' har ingen baseline.",
        )
    elif baseline.value is None and not baseline.pending:
        yield _finding(
            "baseline-without-figure",
            f"{path}.baseline",
            f"No figure could be read from the baseline '{baseline.text}' of '{name}'.",
            f"Der kunne ikke aflæses et tal i baseline '{baseline.text}' for '{name}'.",
        )
    year = indicator.baseline_year
    if baseline is not None and year is None:
        yield _finding(
            "baseline-year-missing",
            f"{path}.baseline_year",
            f"The baseline of '{name}' has no baseline year.",
            f"Baseline for '{name}' mangler baseline år.",
        )
    pending = baseline is not None and baseline.pending
    if (
        year is not None
        and year.year is not None
        and agreement.period is not None
        and year.year > agreement.period.start.year
        and not pending
    ):
        yield _finding(
            "baseline-year-after-start",
            f"{path}.baseline_year",
            f"The baseline year {year.text} of '{name}' is after the agreement starts "
            f"({agreement.period.start.isoformat()}), and the baseline is not marked pending.",
            f"Baseline år {year.text} for '{name}' ligger efter delaftalens start "
            f"({format_date(agreement.period.start)}), og baseline er ikke angivet som "
            f"'udfyldes senere'.",
        )
    if indicator.data_source is None:
        yield _finding(
            "data-source-missing",
            f"{path}.data_source",
            f"The indicator '{name}' has no data source.",
            f"Indikatoren '{name}' mangler datakilde.",
        )


# --------------------------------------------------------------------------- activities

_PARENTHESES = r"\([^()]*\)"  # compiled at the first name (re's cache), not at import
_FOLD = str.maketrans({"–": "-", "—": "-"})


@functools.lru_cache(maxsize=4096)
def _tokens(name: str, *, keep_parentheses: bool) -> tuple[str, ...]:
    text = unicodedata.normalize("NFC", name).casefold().translate(_FOLD)
    if not keep_parentheses:
        text = re.sub(_PARENTHESES, " ", text)
    return tuple(re.findall(r"[\wæøå]+", text))


def names_match(a: str, b: str) -> bool:
    """Whether two activity names plausibly name the same activity.

    True when they are equal once case, punctuation and parenthesised remarks are ignored,
    or when all the words of the shorter name stand in the longer one ("Socialfaglig
    mentorindsats" and "Socialfaglig mentorindsats til udsatte unge ca. 16/17 - 30 år").
    """
    ta, tb = _tokens(a, keep_parentheses=False), _tokens(b, keep_parentheses=False)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return len(short) >= 2 and set(short) <= set(long_)


# Matching a listed name against the schemas' names by ``names_match`` (one word set within
# the other) cannot be done for all pairs: 2,000 activities make four million pairs. The
# ``NameIndex`` finds the candidates through the words instead, and stops looking for such
# partial matches once it has spent this many steps (a word compared counts as one) on one
# agreement; after that only names equal but for case, punctuation and parenthesised remarks
# match. Real agreements list a few dozen activities and never come near it.
FUZZY_BUDGET = 400_000


class NameIndex:
    """Activity schemas' names, to find the first one a name plausibly names (``names_match``).

    ``first(name)`` gives the lowest index, among the names not yet taken, that
    ``names_match`` pairs with ``name``; ``schema_first`` says whether the indexed name is
    ``names_match``'s first argument (which decides, when both have as many words, which one
    must hold the other's words). ``take`` marks an index as matched. Candidates come from
    the words, not from every name: a name whose words all stand in another is filed under
    its rarest word, and a name holding all of another's words holds that one's rarest word.
    After ``budget`` steps only names with the same words count (see ``FUZZY_BUDGET``).
    """

    def __init__(self, names: list[str], *, budget: int = FUZZY_BUDGET) -> None:
        self._words = [_tokens(n, keep_parentheses=False) for n in names]
        self._sets = [frozenset(w) for w in self._words]
        self._left = [True] * len(names)
        self._equal: dict[tuple[str, ...], collections.deque[int]] = {}
        self._having: dict[str, collections.deque[int]] = {}  # word -> names holding it
        self._rarest: dict[str, collections.deque[int]] = {}  # word -> names it is rarest in
        self.budget = budget
        for i, words in enumerate(self._words):
            if words:
                self._equal.setdefault(words, collections.deque()).append(i)
                for word in self._sets[i]:
                    self._having.setdefault(word, collections.deque()).append(i)
        for i, found in enumerate(self._sets):
            if len(self._words[i]) >= 2:
                rarest = min(found, key=lambda w: (len(self._having[w]), w))
                self._rarest.setdefault(rarest, collections.deque()).append(i)

    def left(self, index: int) -> bool:
        """Whether a name is not yet taken."""
        return self._left[index]

    def take(self, index: int) -> None:
        """Mark a name as matched: ``first`` no longer gives it."""
        self._left[index] = False

    def _live(self, queue: collections.deque[int] | None) -> collections.deque[int]:
        # Names already taken leave the front of a queue once and for all.
        if queue is None:
            return collections.deque()
        while queue and not self._left[queue[0]]:
            queue.popleft()
        return queue

    def first(self, name: str, *, schema_first: bool) -> int | None:
        """The lowest index not yet taken whose name ``names_match`` pairs with ``name``."""
        words = _tokens(name, keep_parentheses=False)
        if not words:
            return None
        same = self._live(self._equal.get(words))
        exact = same[0] if same else None
        if self.budget <= 0:
            return exact
        best = self._partial(frozenset(words), len(words), schema_first, exact)
        return exact if self.budget <= 0 else best  # out of steps: the search was cut short

    def _partial(
        self, found: frozenset[str], count: int, schema_first: bool, best: int | None
    ) -> int | None:
        # Names whose words all stand in this one (and have at least two).
        for word in found:
            for i in self._live(self._rarest.get(word)):
                if best is not None and i >= best:
                    break
                mine = len(self._words[i])
                self.budget -= 1 + mine
                if self.budget <= 0:
                    return None
                shorter = mine < count or (mine == count and schema_first)
                if self._left[i] and shorter and self._sets[i] <= found:
                    best = i
                    break
        # Names holding all of this one's words (when it has at least two).
        if count >= 2:
            rarest = min(found, key=lambda w: len(self._having.get(w, ())))
            for i in self._live(self._having.get(rarest)):
                if best is not None and i >= best:
                    break
                self.budget -= 1 + count
                if self.budget <= 0:
                    return None
                longer = len(self._words[i]) > count or (
                    len(self._words[i]) == count and not schema_first
                )
                if self._left[i] and longer and found <= self._sets[i]:
                    best = i
                    break
        return best


def _check_activities(agreement: Agreement, root: str) -> Iterator[Finding]:
    schemas = list(enumerate(agreement.activities))
    seen: dict[tuple[str, ...], int] = {}
    for s, activity in schemas:
        key = _tokens(activity.name, keep_parentheses=True)
        if key in seen:
            yield _finding(
                "activity-duplicate",
                f"{root}.activities[{s}].name",
                f"The activity schema '{activity.name}' appears twice (also "
                f"activities[{seen[key]}]).",
                f"Aktivitetsskemaet '{activity.name}' findes to gange (også "
                f"activities[{seen[key]}]).",
            )
        seen.setdefault(key, s)

    # First the names as written (ignoring case and punctuation), each taking the first
    # schema of that name not yet taken; then the others by names_match, in list order.
    same: dict[tuple[str, ...], collections.deque[int]] = {}
    for s, activity in schemas:
        key = _tokens(activity.name, keep_parentheses=True)
        same.setdefault(key, collections.deque()).append(s)
    index = NameIndex([a.name for a in agreement.activities])
    pending: list[tuple[int, str]] = []
    for n, name in enumerate(agreement.activity_names):
        exact = same.get(_tokens(name, keep_parentheses=True))
        if exact:
            index.take(exact.popleft())
        else:
            pending.append((n, name))
    for n, name in pending:
        path = f"{root}.activity_names[{n}]"
        close = index.first(name, schema_first=True)
        if close is not None:
            index.take(close)
            schema = agreement.activities[close]
            yield _finding(
                "activity-name-differs",
                path,
                f"The list names '{name}', its schema (activities[{close}]) '{schema.name}'.",
                f"Listen kalder aktiviteten '{name}', skemaet (activities[{close}]) "
                f"'{schema.name}'.",
            )
            continue
        elsewhere = described_elsewhere(name)
        if elsewhere is not None and elsewhere is not agreement.focus_area:
            yield _finding(
                "activity-described-elsewhere",
                path,
                f"'{name}' is described in the delaftale for {elsewhere.title}.",
                f"'{name}' er beskrevet i delaftalen for {elsewhere.title}.",
            )
            continue
        yield _finding(
            "activity-not-described",
            path,
            f"The activity '{name}' is listed but has no activity schema.",
            f"Aktiviteten '{name}' står i listen, men har intet aktivitetsskema.",
        )
    for s, activity in schemas:
        if index.left(s):
            yield _finding(
                "activity-not-listed",
                f"{root}.activities[{s}].name",
                f"The activity schema '{activity.name}' is not in the list of activities.",
                f"Aktivitetsskemaet '{activity.name}' står ikke i listen over aktiviteter.",
            )


# --------------------------------------------------------------------------- staffing


def _check_staffing(agreement: Agreement, root: str) -> Iterator[Finding]:
    staffing = agreement.staffing
    path = f"{root}.staffing"
    weight = staffing.area_weight
    if weight is None:
        if staffing.allocations:
            yield _finding(
                "area-weight-missing",
                f"{path}.area_weight",
                "The area's overall weight ('Indsatsområdet vægtes overordnet N %') is not stated.",
                "Indsatsområdets samlede vægt ('Indsatsområdet vægtes overordnet N %') er ikke "
                "angivet.",
            )
    elif weight > _HUNDRED:
        yield _finding(
            "area-weight-range",
            f"{path}.area_weight",
            f"The area weight is {format_percent(weight)}; it must be at most 100 %.",
            f"Indsatsområdets vægt er {format_percent(weight)}; den kan højst være 100 %.",
        )
    for a, line in enumerate(staffing.allocations):
        here = f"{path}.allocations[{a}]"
        who = line.title or line.text or "?"
        if not line.parsed:
            yield _finding(
                "staff-line-unparsed",
                here,
                f"The staff line '{line.text}' names no position with a share or hours.",
                f"Medarbejderlinjen '{line.text}' angiver ingen stilling med andel eller timer.",
            )
        if line.share is not None and line.share > _HUNDRED:
            yield _finding(
                "share-range",
                f"{here}.share",
                f"{who} is given {format_percent(line.share)} of the position(s); at most 100 %.",
                f"{who} får {format_percent(line.share)} af stillingen; højst 100 %.",
            )
        for o, other in enumerate(line.other_areas):
            if other.share > _HUNDRED:
                yield _finding(
                    "share-range",
                    f"{here}.other_areas[{o}].share",
                    f"{who} is given {format_percent(other.share)} in another area; at most 100 %.",
                    f"{who} får {format_percent(other.share)} i et andet område; højst 100 %.",
                )
        if line.other_areas and line.share is not None:
            total = line.share + sum((o.share for o in line.other_areas), Decimal(0))
            if total > _HUNDRED:
                parts_en = [f"{format_percent(line.share)} here"]
                parts_da = [f"{format_percent(line.share)} her"]
                for other in line.other_areas:
                    where = other.focus_area.title if other.focus_area else "another area"
                    hvor = other.focus_area.title if other.focus_area else "et andet område"
                    parts_en.append(f"{format_percent(other.share)} in {where}")
                    parts_da.append(f"{format_percent(other.share)} i {hvor}")
                yield _finding(
                    "staff-share-total",
                    here,
                    f"{who} adds up to {format_percent(total)}: " + ", ".join(parts_en) + ".",
                    f"{who} bliver i alt {format_percent(total)}: " + ", ".join(parts_da) + ".",
                )


_FIELD_NAMES = {
    "title": ("the position", "stillingen"),
    "count": ("the number of people", "antallet af personer"),
    "weekly_hours": ("the weekly hours", "ugetimerne"),
    "share": ("the share", "andelen"),
    "area_hours": ("the hours in this area", "timerne i indsatsområdet"),
    "other_areas": ("the shares in other areas", "andelene i andre indsatsområder"),
    "value": ("the value", "værdien"),
    "unit": ("the unit", "enheden"),
    "pending": ("whether it is still to be measured", "om den endnu ikke er målt"),
    "year": ("the year", "året"),
    "end_year": ("the last year", "det sidste år"),
    "start": ("the start", "starten"),
    "end": ("the end", "slutningen"),
}


def _figure(name: str, value: object, lang: str) -> str:
    if value is None:
        return "nothing" if lang == "en" else "intet"
    if isinstance(value, tuple):
        return ", ".join(_figure(name, v, lang) for v in value) or _figure(name, None, lang)
    if isinstance(value, bool):
        return {True: ("yes", "ja"), False: ("no", "nej")}[value][lang != "en"]
    if isinstance(value, Decimal):
        return format_percent(value) if name in ("share", "other_areas") else format_decimal(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _worded(agreement: Agreement, root: str) -> Iterator[tuple[str, str, str, Worded]]:
    """Every object keeping the author's wording: path, what it is (en, da), the object."""
    if agreement.period is not None:
        yield f"{root}.period", "the period", "perioden", agreement.period
    for a, line in enumerate(agreement.staffing.allocations):
        yield f"{root}.staffing.allocations[{a}]", "the staff line", "medarbejderlinjen", line
    for g, goal in enumerate(agreement.sub_goals):
        for i, indicator in enumerate(goal.indicators):
            here = f"{root}.sub_goals[{g}].indicators[{i}]"
            if indicator.baseline is not None:
                yield f"{here}.baseline", "the baseline", "baselinen", indicator.baseline
            if indicator.comparison is not None:
                yield (
                    f"{here}.comparison",
                    "the other baseline",
                    "den anden baseline",
                    (indicator.comparison),
                )
            if indicator.baseline_year is not None:
                yield (
                    f"{here}.baseline_year",
                    "the baseline year",
                    "baselineåret",
                    (indicator.baseline_year),
                )


def _check_wording(agreement: Agreement, root: str) -> Iterator[Finding]:
    for path, what, hvad, worded in _worded(agreement, root):
        differences = wording_differences(worded)
        if not differences:
            continue
        en = "; ".join(
            f"{_FIELD_NAMES[n][0]} is {_figure(n, v, 'en')} in the data but "
            f"{_figure(n, s, 'en')} in the wording"
            for n, s, v in differences
        )
        da = "; ".join(
            f"{_FIELD_NAMES[n][1]} er {_figure(n, v, 'da')} i data, men "
            f"{_figure(n, s, 'da')} i formuleringen"
            for n, s, v in differences
        )
        yield _finding(
            "wording-disagrees",
            path,
            f"The wording of {what} '{worded.text}' does not state its values: {en}.",
            f"Formuleringen af {hvad} '{worded.text}' passer ikke med værdierne: {da}.",
        )


CHECKS: tuple[Check, ...] = (
    _check_draft,
    _check_sections,
    _check_period,
    _check_sub_goals,
    _check_goal_refs,
    _check_activities,
    _check_staffing,
    _check_wording,
)
"""The agreement checks, in the order their findings appear."""


def check_agreement(agreement: Agreement, root: str = "$") -> Iterator[Finding]:
    """Every finding for one agreement; ``root`` prefixes paths (a plan passes its own)."""
    for check in CHECKS:
        yield from check(agreement, root)
