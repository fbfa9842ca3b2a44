"""Checks of a plan's annual follow-up (*opfølgning*). None raises on bad data.

They need to know "when": a baseline is overdue only after the year it was due, and a year's
figure is missing only for the year asked. The year is the one ``validate(plan, year=...)``
is given; without one, the last year the follow-up has figures for (and the year-specific
check is skipped).
"""

from __future__ import annotations

from collections.abc import Iterator

from delaftale.danish import format_decimal, format_figure, format_observation, format_percent
from delaftale.findings import Finding
from delaftale.followup import (
    DirectionReading,
    IndicatorFollowUp,
    Observation,
    find_indicator,
    first_full_year,
    indicator_key,
    read_direction,
)
from delaftale.model import Agreement, Indicator, Period, Unit
from delaftale.plan import Plan
from delaftale.validation._rules import rule

__all__ = ["check_followup"]

_UNIT_WORDS = {
    Unit.PERCENT: ("a percentage", "en procentdel"),
    Unit.COUNT: ("a count", "et antal"),
    Unit.NUMBER: ("a number", "et tal"),
}


def _finding(code: str, path: str, en: str, da: str) -> Finding:
    r = rule(code)
    return Finding(code=code, severity=r.severity, path=path, message=en, message_da=da)


def _period(plan: Plan, agreement: Agreement) -> Period | None:
    return agreement.period or plan.period


def _named(agreement: Agreement, s: int, i: int) -> tuple[str, str]:
    """'indicator 2.1 of Beskæftigelse' in English and Danish."""
    key = indicator_key(agreement, s, i)
    title = agreement.focus_area.title
    return f"indicator {key} of {title}", f"indikator {key} i {title}"


def _baseline_due(plan: Plan, agreement: Agreement, indicator: Indicator) -> int | None:
    """The year a pending baseline is to be measured: its stated year, else the first full one."""
    if indicator.baseline_year is not None and indicator.baseline_year.year is not None:
        return indicator.baseline_year.year
    period = _period(plan, agreement)
    return first_full_year(period) if period is not None else None


def _check_indicators(plan: Plan, as_of: int | None, asked: int | None) -> Iterator[Finding]:
    followup = plan.followup
    for a, agreement in enumerate(plan.agreements):
        for s, goal in enumerate(agreement.sub_goals, start=1):
            for i, indicator in enumerate(goal.indicators, start=1):
                path = f"$.agreements[{a}].sub_goals[{s - 1}].indicators[{i - 1}]"
                en, da = _named(agreement, s, i)
                entry = None
                if followup is not None:
                    entry = followup.find(agreement.focus_area, indicator_key(agreement, s, i))
                    if entry is None and indicator.id is not None:
                        entry = followup.find(agreement.focus_area, f"{s}.{i}")
                baseline = indicator.baseline
                pending = baseline is not None and baseline.pending and baseline.value is None
                due = _baseline_due(plan, agreement, indicator) if pending else None
                if due is not None and as_of is not None and as_of > due:
                    found = entry.observation(due) if entry is not None else None
                    hint_en = hint_da = ""
                    if found is not None:
                        figure_en = format_observation(found, lang="en")
                        hint_en = (
                            f" The follow-up has {figure_en} for {due}: set it as the baseline."
                        )
                        figure_da = format_observation(found)
                        hint_da = (
                            f" Opfølgningen har {figure_da} for {due}: skriv det ind som baseline."
                        )
                    yield _finding(
                        "followup-baseline-pending",
                        f"{path}.baseline",
                        f"The baseline of {en} was to be measured in {due} and is still "
                        f"pending in {as_of}.{hint_en}",
                        f"Baseline for {da} skulle måles i {due} og mangler stadig i "
                        f"{as_of}.{hint_da}",
                    )
                if asked is not None and (entry is None or entry.observation(asked) is None):
                    yield _finding(
                        "followup-no-figure",
                        path,
                        f"The follow-up has no figure for {en} in {asked}.",
                        f"Opfølgningen har intet tal for {da} i {asked}.",
                    )
                if entry is None:
                    continue
                reading = read_direction(goal, indicator, entry.direction)
                if reading.direction is None and entry.observations:
                    yield _direction_unknown(agreement, (s, i), reading, path)
                k = followup.indicators.index(entry) if followup is not None else 0
                yield from _check_figures(
                    plan, agreement, indicator, entry, f"$.followup.indicators[{k}]", (en, da)
                )


def _direction_unknown(
    agreement: Agreement, numbers: tuple[int, int], reading: DirectionReading, path: str
) -> Finding:
    s, i = numbers
    key = indicator_key(agreement, s, i)
    area = agreement.focus_area
    where = (
        f'plan.json: "followup": {{"indicators": [{{"focus_area": "{area.value}", '
        f'"indicator": "{key}", "direction": "up"}}]}} (or "down")'
    )
    return _finding(
        "followup-direction-unknown",
        path,
        f"Indicator {key} of {area.title} cannot be judged: {reading.explain('en')}. "
        f"Set it in {where}.",
        f"Indikator {key} i {area.title} kan ikke vurderes: {reading.explain('da')}. "
        f"Angiv den i {where}.",
    )


def _stated_unit(observation: Observation) -> Unit | None:
    """The unit a figure states: its own, a count for a figure given as Antal alone."""
    if observation.value is None:
        return Unit.COUNT
    return observation.unit


def _check_figures(
    plan: Plan,
    agreement: Agreement,
    indicator: Indicator,
    entry: IndicatorFollowUp,
    path: str,
    named: tuple[str, str],
) -> Iterator[Finding]:
    """One indicator's figures against its baseline and the plan's period."""
    period = _period(plan, agreement)
    baseline = indicator.baseline
    unit = baseline.unit if baseline is not None else None
    measured = indicator.baseline_year
    for j, observation in enumerate(entry.observations):
        here = f"{path}.observations[{j}]"
        shown = f"{observation.year}: {format_observation(observation)}"
        if period is not None and observation.year > period.end.year + 1:
            last = period.end.year
            yield _finding(
                "followup-year-after-period",
                f"{here}.year",
                f"The figure {shown} of {named[0]} is for a year after the period, which "
                f"ends in {last}; check the year.",
                f"Tallet {shown} for {named[1]} gælder et år efter perioden, som slutter i "
                f"{last}; tjek året.",
            )
        stated = _stated_unit(observation)
        if unit is None or baseline is None or baseline.value is None:
            continue
        if stated is not None and stated is not unit:
            yield _unit_differs(f"{here}.unit", named, shown, stated, unit)
            continue
        value = observation.value
        if value is None:
            continue
        if unit is Unit.PERCENT and (value > 100 or (value < 1 <= baseline.value / 5)):
            yield _finding(
                "followup-figure-implausible",
                f"{here}.value",
                f"The figure {shown} of {named[0]} is far from a share like its baseline "
                f"({format_percent(baseline.value)}): a fraction (0,0912 for 9,12 %) or a "
                "percentage cell holding 9,12 (shown as 912 %) gives this; write the share "
                "in percent, like 9,12 %.",
                f"Tallet {shown} for {named[1]} ligner ikke en andel som baseline "
                f"({format_percent(baseline.value)}): en brøk (0,0912 for 9,12 %) eller en "
                "procentcelle med 9,12 (vist som 912 %) giver det; skriv andelen i procent, "
                "fx 9,12 %.",
            )
        if (
            measured is not None
            and measured.year is not None
            and measured.year <= observation.year <= (measured.end_year or measured.year)
            and value != baseline.value
        ):
            base = format_figure(baseline.value, unit)
            yield _finding(
                "followup-baseline-differs",
                f"{here}.value",
                f"The figure {shown} of {named[0]} is for the baseline's year but differs "
                f"from the baseline ({base}); correct one of them.",
                f"Tallet {shown} for {named[1]} gælder baselinens år, men afviger fra "
                f"baseline ({base}); ret det ene.",
            )
    target = entry.target
    if target is not None and unit is not None and target.unit not in (None, unit):
        yield _unit_differs(
            f"{path}.target.unit", named, format_decimal(target.value), target.unit, unit
        )


def _unit_differs(
    path: str, named: tuple[str, str], figure: str, unit: Unit, baseline: Unit
) -> Finding:
    got_en, got_da = _UNIT_WORDS[unit]
    want_en, want_da = _UNIT_WORDS[baseline]
    return _finding(
        "followup-unit-differs",
        path,
        f"The figure {figure} of {named[0]} is {got_en}, its baseline {want_en}; the two "
        "cannot be compared.",
        f"Tallet {figure} for {named[1]} er {got_da}, dets baseline {want_da}; de kan ikke "
        "sammenlignes.",
    )


def _check_entries(plan: Plan) -> Iterator[Finding]:
    """Entries naming no indicator of the plan, and targets outside the period."""
    if plan.followup is None:
        return
    for k, entry in enumerate(plan.followup.indicators):
        path = f"$.followup.indicators[{k}]"
        agreement = plan.agreement(entry.focus_area)
        title = entry.focus_area.title
        if agreement is None:
            yield _finding(
                "followup-unknown-indicator",
                f"{path}.focus_area",
                f"The follow-up has figures for {title}, but the plan has no delaftale for it.",
                f"Opfølgningen har tal for {title}, men helhedsplanen har ingen delaftale for det.",
            )
            continue
        if find_indicator(agreement, entry.indicator) is None:
            yield _finding(
                "followup-unknown-indicator",
                f"{path}.indicator",
                f"The follow-up names indicator '{entry.indicator}' of {title}, which the "
                "delaftale does not have.",
                f"Opfølgningen nævner indikator '{entry.indicator}' i {title}, som delaftalen "
                "ikke har.",
            )
        period = _period(plan, agreement)
        target = entry.target
        if target is None or target.year is None or period is None:
            continue
        if not period.start.year <= target.year <= period.end.year:
            first, last = period.start.year, period.end.year
            yield _finding(
                "followup-target-year",
                f"{path}.target.year",
                f"The target of indicator {entry.indicator} of {title} is for {target.year}, "
                f"outside the period {first}-{last}.",
                f"Målet for indikator {entry.indicator} i {title} gælder {target.year}, uden "
                f"for perioden {first}-{last}.",
            )


def check_followup(plan: Plan, year: int | None) -> Iterator[Finding]:
    """The follow-up's findings for a plan, as of ``year`` (see the module's docstring)."""
    as_of = year
    if as_of is None and plan.followup is not None:
        years = plan.followup.years()
        as_of = years[-1] if years else None
    yield from _check_entries(plan)
    yield from _check_indicators(plan, as_of, year)
