"""Checks across a plan's delaftaler and against its budget. None raises on bad data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

from attrs import frozen

from delaftale.danish import described_elsewhere, format_date, format_decimal, format_percent
from delaftale.findings import Finding
from delaftale.model import FocusArea, StaffAllocation
from delaftale.plan import Budget, BudgetCategory, FundingKind, Plan, YearAmount
from delaftale.validation._agreement import NameIndex, check_agreement
from delaftale.validation._followup import check_followup
from delaftale.validation._rules import rule

__all__ = ["PlanOptions", "check_plan"]

_HUNDRED = Decimal(100)
_LBF_MAX = Decimal(75)


@frozen(kw_only=True)
class PlanOptions:
    """Tolerances and measures of the plan and budget checks.

    ``share_tolerance``: percentage points a position's share in an area may differ from the
    budget's salary allocation (default 1). ``weight_tolerance``: points an area weight may
    differ from the area's share of the budget (default 2). ``weight_measure``: ``"costs"``
    (all of the area's costs, the default) or ``"salary"`` (salary lines only); shared costs
    (lines with no area) are left out of both sides of the share. ``year``: the follow-up
    year checked (see ``validate``).
    """

    share_tolerance: Decimal = Decimal(1)
    weight_tolerance: Decimal = Decimal(2)
    weight_measure: str = "costs"
    year: int | None = None


def _finding(code: str, path: str, en: str, da: str) -> Finding:
    r = rule(code)
    return Finding(code=code, severity=r.severity, path=path, message=en, message_da=da)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _pct(value: Decimal) -> str:
    return format_percent(value.quantize(Decimal("0.01")).normalize())


class _Positions:
    """The plan's positions by each of their names, so a staff line finds its position at once.

    The same answers as ``Plan.position`` (title or alias, ignoring case and spacing; the
    first position of the name), without looking through every position for every line.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._index: dict[str, int] = {}
        for i, position in enumerate(plan.positions):
            for name in position.names():
                self._index.setdefault(_key(name), i)

    def index(self, name: str) -> int | None:
        """The index of the position a name names, if any."""
        return self._index.get(_key(name))

    def name(self, title: str) -> str:
        """The position's title for a name of it; the name itself when no position has it."""
        i = self.index(title)
        return self.plan.positions[i].title if i is not None else title


# A staff line naming none of the plan's positions lists them; this many at most, so that
# thousands of such lines in a plan of thousands of positions do not make a report of
# millions of names.
_KNOWN_SHOWN = 12


def _where(plan: Plan, area: FocusArea) -> int:
    return next(i for i, a in enumerate(plan.agreements) if a.focus_area is area)


# --------------------------------------------------------------------------- staff shares


@frozen
class _Line:
    agreement: int
    line: int
    area: FocusArea
    position: str
    allocation: StaffAllocation


def _lines(plan: Plan, positions: _Positions) -> list[_Line]:
    out = []
    for a, agreement in enumerate(plan.agreements):
        for n, allocation in enumerate(agreement.staffing.allocations):
            if allocation.title is not None:
                position = positions.name(allocation.title)
                out.append(_Line(a, n, agreement.focus_area, position, allocation))
    return out


def _check_unmatched(plan: Plan, lines: list[_Line], positions: _Positions) -> Iterator[Finding]:
    if not plan.positions:
        return
    titles = [p.title for p in plan.positions[:_KNOWN_SHOWN]]
    more = len(plan.positions) - len(titles)
    known = ", ".join(titles) + (f" and {more:,} more" if more else "")
    kendte = ", ".join(titles) + (f" og {more:,} flere".replace(",", ".") if more else "")
    for x in lines:
        if positions.index(x.position) is None:
            yield _finding(
                "plan-staff-line-unmatched",
                f"$.agreements[{x.agreement}].staffing.allocations[{x.line}].title",
                f"'{x.position}' in {x.area.title} is none of the plan's positions ({known}).",
                f"'{x.position}' i {x.area.title} er ingen af planens stillinger ({kendte}).",
            )


def _shares(plan: Plan, lines: list[_Line]) -> dict[str, dict[FocusArea, Decimal]]:
    """Each position's share per area, counting nothing twice.

    Its own lines first; then shares stated in other areas' lines, for areas whose delaftale
    the plan does not have.
    """
    shares: dict[str, dict[FocusArea, Decimal]] = defaultdict(dict)
    names = {_key(x.position): x.position for x in lines}
    for x in lines:
        if x.allocation.share is not None:
            row = shares[names[_key(x.position)]]
            row[x.area] = row.get(x.area, Decimal(0)) + x.allocation.share
    present = {a.focus_area for a in plan.agreements}
    for x in lines:
        for other in x.allocation.other_areas:
            area = other.focus_area
            if area is not None and area not in present:
                shares[names[_key(x.position)]].setdefault(area, other.share)
    return shares


def _check_totals(plan: Plan, lines: list[_Line], positions: _Positions) -> Iterator[Finding]:
    regulativ_areas = {
        a
        for a in FocusArea
        if plan.agreements and a.regulativ is plan.agreements[0].focus_area.regulativ
    }
    complete = regulativ_areas <= {a.focus_area for a in plan.agreements}
    for position, by_area in _shares(plan, lines).items():
        total = sum(by_area.values(), Decimal(0))
        parts = ", ".join(f"{a.title} ({_pct(s)})" for a, s in by_area.items())
        index = positions.index(position)
        path = f"$.positions[{index}]" if index is not None else "$.agreements"
        if total > _HUNDRED:
            yield _finding(
                "plan-position-over-allocated",
                path,
                f"{position} is allocated {_pct(total)} across {parts}.",
                f"{position} er fordelt med {_pct(total)} på {parts}.",
            )
        elif complete and total < _HUNDRED:
            yield _finding(
                "plan-position-under-allocated",
                path,
                f"{position} is allocated {_pct(total)} across all four delaftaler ({parts}); "
                f"{_pct(_HUNDRED - total)} is not accounted for.",
                f"{position} er fordelt med {_pct(total)} på alle fire delaftaler ({parts}); "
                f"{_pct(_HUNDRED - total)} er ikke placeret.",
            )


def _check_other_area_shares(plan: Plan, lines: list[_Line]) -> Iterator[Finding]:
    by_area: dict[tuple[FocusArea, str], list[_Line]] = defaultdict(list)
    for y in lines:
        by_area[y.area, _key(y.position)].append(y)
    for x in lines:
        for o, other in enumerate(x.allocation.other_areas):
            area = other.focus_area
            target = plan.agreement(area) if area is not None else None
            if area is None or target is None:
                continue
            theirs = by_area.get((area, _key(x.position)), [])
            stated = sum((y.allocation.share or Decimal(0) for y in theirs), Decimal(0))
            if theirs and stated == other.share:
                continue
            said = _pct(stated) if theirs else "nothing"
            sagt = _pct(stated) if theirs else "ingenting"
            yield _finding(
                "plan-other-area-share-mismatch",
                f"$.agreements[{x.agreement}].staffing.allocations[{x.line}].other_areas[{o}]",
                f"The delaftale for {x.area.title} says {x.position} works {_pct(other.share)} "
                f"in {area.title}; the delaftale for {area.title} says {said}.",
                f"Delaftalen for {x.area.title} siger, at {x.position} arbejder "
                f"{_pct(other.share)} i {area.title}; delaftalen for {area.title} siger {sagt}.",
            )


# --------------------------------------------------------------------------- the plan as a whole


def _check_agreements_present(plan: Plan) -> Iterator[Finding]:
    if not plan.agreements:
        return
    regulativ = plan.agreements[0].focus_area.regulativ
    present = {a.focus_area for a in plan.agreements}
    for area in FocusArea:
        if area.regulativ is regulativ and area not in present:
            yield _finding(
                "plan-agreement-missing",
                "$.agreements",
                f"The plan has no delaftale for {area.title}.",
                f"Helhedsplanen har ingen delaftale for {area.title}.",
            )


def _check_weights(plan: Plan) -> Iterator[Finding]:
    weights = [(a.focus_area, a.staffing.area_weight) for a in plan.agreements]
    if len(weights) < 4 or any(w is None for _, w in weights):
        return
    total = sum((w for _, w in weights if w is not None), Decimal(0))
    if total != _HUNDRED:
        parts = ", ".join(f"{area.title} {_pct(w)}" for area, w in weights if w is not None)
        yield _finding(
            "plan-area-weights-sum",
            "$.agreements",
            f"The area weights add up to {_pct(total)}, not 100 %: {parts}.",
            f"Indsatsområdernes vægte giver {_pct(total)}, ikke 100 %: {parts}.",
        )


def _check_periods(plan: Plan) -> Iterator[Finding]:
    if plan.period is None:
        return
    for a, agreement in enumerate(plan.agreements):
        p = agreement.period
        if p is None or (plan.period.start <= p.start and p.end <= plan.period.end):
            continue
        yield _finding(
            "plan-period-outside",
            f"$.agreements[{a}].period",
            f"The delaftale for {agreement.focus_area.title} runs {p.start.isoformat()} to "
            f"{p.end.isoformat()}, outside the plan's {plan.period.start.isoformat()} to "
            f"{plan.period.end.isoformat()}.",
            f"Delaftalen for {agreement.focus_area.title} løber {format_date(p.start)} til "
            f"{format_date(p.end)}, uden for planens {format_date(plan.period.start)} til "
            f"{format_date(plan.period.end)}.",
        )


def _check_activities_elsewhere(plan: Plan) -> Iterator[Finding]:
    indexes: dict[FocusArea, NameIndex] = {}  # each agreement's schema names, when asked for
    for a, agreement in enumerate(plan.agreements):
        for n, name in enumerate(agreement.activity_names):
            area = described_elsewhere(name)
            if area is None or area is agreement.focus_area:
                continue
            target = plan.agreement(area)
            if target is None:
                continue  # plan-agreement-missing says so already
            if area not in indexes:
                indexes[area] = NameIndex([schema.name for schema in target.activities])
            if indexes[area].first(name, schema_first=False) is not None:
                continue
            yield _finding(
                "plan-activity-elsewhere-missing",
                f"$.agreements[{a}].activity_names[{n}]",
                f"'{name}' is said to be described in the delaftale for {area.title}, which has "
                "no schema for it.",
                f"'{name}' skulle være beskrevet i delaftalen for {area.title}, men den har intet "
                "skema for aktiviteten.",
            )


def _check_national_goals(plan: Plan) -> Iterator[Finding]:
    from delaftale.catalogue import goal

    for n, ref in enumerate(plan.national_goals):
        if goal(ref) is None:
            yield _finding(
                "plan-national-goal-unknown",
                f"$.national_goals[{n}]",
                f"The plan refers to '{ref}', which is in no catalogue.",
                f"Planen henviser til '{ref}', som ikke findes i kataloget.",
            )


# --------------------------------------------------------------------------- the budget


def _check_budget_positions(
    plan: Plan, budget: Budget, lines: list[_Line], positions: _Positions, options: PlanOptions
) -> Iterator[Finding]:
    salary: dict[str, dict[FocusArea | None, Decimal]] = defaultdict(dict)
    names: dict[str, str] = {}
    for line in budget.lines:
        if line.category is BudgetCategory.STAFF and line.position:
            name = positions.name(line.position)
            names.setdefault(_key(name), name)
            row = salary[_key(name)]
            row[line.focus_area] = row.get(line.focus_area, Decimal(0)) + line.total
    stated: dict[str, dict[FocusArea, tuple[Decimal, _Line]]] = defaultdict(dict)
    for x in lines:
        if x.allocation.share is not None:
            stated[_key(x.position)][x.area] = (x.allocation.share, x)
    for key, by_area in salary.items():
        total = sum(by_area.values(), Decimal(0))
        if total == 0:
            continue
        position = names[key]
        for agreement in plan.agreements:
            area = agreement.focus_area
            budget_share = by_area.get(area, Decimal(0)) * _HUNDRED / total
            own = stated[key].get(area)
            share = own[0] if own else Decimal(0)
            if abs(share - budget_share) <= options.share_tolerance:
                continue
            path = (
                f"$.agreements[{own[1].agreement}].staffing.allocations[{own[1].line}].share"
                if own
                else f"$.agreements[{_where(plan, area)}].staffing.allocations"
            )
            yield _finding(
                "budget-position-share",
                path,
                f"{position} has {_pct(share)} in {area.title} in the delaftale, but the budget "
                f"puts {_pct(budget_share)} of the position's salary there "
                f"({format_decimal(by_area.get(area, Decimal(0)))} of "
                f"{format_decimal(total)} kr.).",
                f"{position} har {_pct(share)} i {area.title} i delaftalen, men budgettet lægger "
                f"{_pct(budget_share)} af stillingens løn dér "
                f"({format_decimal(by_area.get(area, Decimal(0)))} af "
                f"{format_decimal(total)} kr.).",
            )


def _check_budget_weights(plan: Plan, budget: Budget, options: PlanOptions) -> Iterator[Finding]:
    salary_only = options.weight_measure == "salary"
    by_area: dict[FocusArea, Decimal] = defaultdict(Decimal)
    for line in budget.lines:
        if line.focus_area is None or (salary_only and line.category is not BudgetCategory.STAFF):
            continue
        by_area[line.focus_area] += line.total
    total = sum(by_area.values(), Decimal(0))
    if total == 0:
        return
    measure = "salary" if salary_only else "costs"
    maal = "løn" if salary_only else "udgifter"
    for a, agreement in enumerate(plan.agreements):
        weight = agreement.staffing.area_weight
        if weight is None:
            continue
        share = by_area.get(agreement.focus_area, Decimal(0)) * _HUNDRED / total
        if abs(share - weight) <= options.weight_tolerance:
            continue
        title = agreement.focus_area.title
        yield _finding(
            "budget-area-weight",
            f"$.agreements[{a}].staffing.area_weight",
            f"{title} is weighted {_pct(weight)}, but has {_pct(share)} of the budget's "
            f"{measure} placed in areas.",
            f"{title} vægtes {_pct(weight)}, men har {_pct(share)} af budgettets {maal} "
            "fordelt på områder.",
        )


def _by_year(groups: Iterable[tuple[YearAmount, ...]]) -> dict[int, Decimal]:
    """The amounts of many lines or sources summed per year, in one pass (not one per year)."""
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for amounts in groups:
        for amount in amounts:
            sums[amount.year] += amount.amount
    return sums


def _check_cofinancing(budget: Budget) -> Iterator[Finding]:
    periods: list[tuple[str, str, Decimal, Decimal]] = []
    lbf_by_year = _by_year(s.amounts for s in budget.funding if s.kind is FundingKind.LBF)
    funding_by_year = _by_year(s.amounts for s in budget.funding)
    for year in budget.years():
        lbf = lbf_by_year.get(year, Decimal(0))
        total = funding_by_year.get(year, Decimal(0))
        periods.append((f"in {year}", f"i {year}", lbf, total))
    lbf_all = sum((s.total for s in budget.funding if s.kind is FundingKind.LBF), Decimal(0))
    periods.append(("overall", "samlet", lbf_all, budget.total_funding))
    for en, da, lbf, total in periods:
        if total <= 0 or lbf * _HUNDRED / total <= _LBF_MAX:
            continue
        share = lbf * _HUNDRED / total
        yield _finding(
            "budget-cofinancing",
            "$.budget.funding",
            f"LBF funds {_pct(share)} {en} ({format_decimal(lbf)} of {format_decimal(total)} "
            f"kr.); local co-financing is {_pct(_HUNDRED - share)}, below 25 %.",
            f"LBF finansierer {_pct(share)} {da} ({format_decimal(lbf)} af "
            f"{format_decimal(total)} kr.); den lokale medfinansiering er "
            f"{_pct(_HUNDRED - share)}, under 25 %.",
        )


def _check_budget_filled(budget: Budget) -> Iterator[Finding]:
    # A budget read from a damaged file can come out nearly empty without any cell being
    # wrong: one unclosed quotation mark in a CSV swallows every line after it.
    rows: list[tuple[str, int, str, tuple[YearAmount, ...]]] = [
        ("lines", n, line.description, line.amounts) for n, line in enumerate(budget.lines)
    ]
    rows += [
        ("funding", n, source.name or source.kind.value, source.amounts)
        for n, source in enumerate(budget.funding)
    ]
    for name, n, what, amounts in rows:
        if not any(a.amount for a in amounts):
            shown = what if len(what) <= 60 else what[:57] + "…"
            yield _finding(
                "budget-line-without-amounts",
                f"$.budget.{name}[{n}]",
                f"The line '{shown}' has no amount in any year.",
                f"Linjen '{shown}' har intet beløb i noget år.",
            )
    missing = [
        (en, da)
        for en, da, present in (
            ("cost lines", "udgiftslinjer", budget.lines),
            ("funding", "finansiering", budget.funding),
        )
        if not present
    ]
    if missing:
        yield _finding(
            "budget-empty",
            "$.budget",
            f"The budget has no {' and no '.join(en for en, _ in missing)}.",
            f"Budgettet har ingen {' og ingen '.join(da for _, da in missing)}.",
        )


def _check_balance(budget: Budget) -> Iterator[Finding]:
    costs_by_year = _by_year(line.amounts for line in budget.lines)
    funding_by_year = _by_year(s.amounts for s in budget.funding)
    for year in budget.years():
        costs = costs_by_year.get(year, Decimal(0))
        funding = funding_by_year.get(year, Decimal(0))
        if costs != funding and budget.funding:
            yield _finding(
                "budget-unbalanced",
                "$.budget",
                f"In {year} the costs are {format_decimal(costs)} kr. and the funding "
                f"{format_decimal(funding)} kr.",
                f"I {year} er udgifterne {format_decimal(costs)} kr. og finansieringen "
                f"{format_decimal(funding)} kr.",
            )


def check_plan(plan: Plan, options: PlanOptions) -> Iterator[Finding]:
    """Every finding for a plan: each agreement's own, then the plan's and the budget's."""
    for a, agreement in enumerate(plan.agreements):
        yield from check_agreement(agreement, f"$.agreements[{a}]")
    positions = _Positions(plan)
    lines = _lines(plan, positions)
    yield from _check_agreements_present(plan)
    yield from _check_periods(plan)
    yield from _check_weights(plan)
    yield from _check_unmatched(plan, lines, positions)
    yield from _check_totals(plan, lines, positions)
    yield from _check_other_area_shares(plan, lines)
    yield from _check_activities_elsewhere(plan)
    yield from _check_national_goals(plan)
    if plan.budget is not None:
        yield from _check_budget_positions(plan, plan.budget, lines, positions, options)
        yield from _check_budget_weights(plan, plan.budget, options)
        yield from _check_budget_filled(plan.budget)
        yield from _check_cofinancing(plan.budget)
        yield from _check_balance(plan.budget)
    yield from check_followup(plan, options.year)
