"""The plan level: a boligsocial helhedsplan with its delaftaler, staff positions and budget.

A ``Plan`` is what the *strategisk samarbejdsaftale* governs: the plan's period, its
parties and estates, the staff positions it pays for, one ``Agreement`` per
focus area, and the ``Budget``. Like the rest of the model it does no I/O: budgets are
read from CSV or Excel by ``read_budget`` (pandas, in ``frames.py``).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from delaftale.errors import DataError
from delaftale.followup import FollowUp, IndicatorStatus, status
from delaftale.model import (
    Agreement,
    FocusArea,
    Period,
    _finite_non_negative,
    figure_too_large,
)

__all__ = [
    "ActivityStatus",
    "Budget",
    "BudgetCategory",
    "BudgetLine",
    "FundingKind",
    "FundingSource",
    "Plan",
    "PlanActivity",
    "StaffPosition",
    "YearAmount",
]


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


def _to_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _non_blank(_inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValueError(f"'{attribute.name}' must not be empty or only whitespace")


def _finite(_inst: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    # A DataError is a ValueError too; the number is never printed whole.
    if not value.is_finite():
        raise DataError(f"'{attribute.name}' must be a finite number, got {value!r}")
    if figure_too_large(value):
        raise DataError(f"'{attribute.name}' has more digits than a figure can, got {value:.3g}")


def _tuple_of(kind: type) -> Any:
    return attrs.validators.deep_iterable(
        member_validator=attrs.validators.instance_of(kind),
        iterable_validator=attrs.validators.instance_of(tuple),
    )


_STR = attrs.validators.instance_of(str)
_OPT_STR = attrs.validators.optional(_STR)


class ActivityStatus(enum.Enum):
    """An activity's status in the plan overview (*aktivitetsoversigt*)."""

    NEW = "new"
    """Ny aktivitet."""
    CONTINUED = "continued"
    """Fortsættelse af igangværende aktivitet."""
    REVISED = "revised"
    """Revideret igangværende aktivitet."""

    @property
    def label_da(self) -> str:
        """The Danish wording used in plan overviews."""
        return {
            "new": "ny aktivitet",
            "continued": "fortsættelse af igangværende aktivitet",
            "revised": "revideret igangværende aktivitet",
        }[self.value]


@frozen(kw_only=True)
class PlanActivity:
    """An activity as the plan overview lists it: area, name and status."""

    focus_area: FocusArea = field(
        validator=attrs.validators.instance_of(FocusArea), metadata=_doc("Indsatsområde.")
    )
    name: str = field(validator=[_STR, _non_blank], metadata=_doc("As in the delaftale's list."))
    status: ActivityStatus | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ActivityStatus)),
        metadata=_doc("new, continued or revised."),
    )
    note: str | None = field(
        default=None, validator=[_OPT_STR, _non_blank], metadata=_doc("A remark in the overview.")
    )


@frozen(kw_only=True)
class StaffPosition:
    """A staff position the plan pays for (*stilling*), e.g. "Boligsocial leder", 37 hours.

    ``aliases`` are other names the delaftaler use for it ("boligsociale medarbejdere" for
    "Boligsocial medarbejder"), so their staff lines can be matched to it.
    """

    title: str = field(validator=[_STR, _non_blank], metadata=_doc("The position's title."))
    count: int = field(
        default=1,
        validator=[attrs.validators.instance_of(int), attrs.validators.ge(1)],
        metadata=_doc("How many people hold it."),
    )
    weekly_hours: Decimal | None = field(
        default=None,
        validator=attrs.validators.optional(
            [attrs.validators.instance_of(Decimal), _finite_non_negative]
        ),
        metadata=_doc("Weekly hours of all of them together."),
    )
    employer: str | None = field(
        default=None, validator=[_OPT_STR, _non_blank], metadata=_doc("Who employs them.")
    )
    aliases: tuple[str, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(str),
        metadata=_doc("Other names the delaftaler use for the position."),
    )

    def names(self) -> tuple[str, ...]:
        """The title and the aliases."""
        return (self.title, *self.aliases)


@frozen(kw_only=True)
class YearAmount:
    """An amount of money in one budget year (kroner, exact)."""

    year: int = field(
        validator=[attrs.validators.instance_of(int), attrs.validators.ge(1990)],
        metadata=_doc("The budget year."),
    )
    amount: Decimal = field(
        validator=[attrs.validators.instance_of(Decimal), _finite],
        metadata=_doc("Kroner, exact."),
    )


def _sum(amounts: Iterable[YearAmount], year: int | None = None) -> Decimal:
    return sum((a.amount for a in amounts if year is None or a.year == year), Decimal(0))


def _amounts_validator(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _tuple_of(YearAmount)(_inst, attribute, value)
    years = [a.year for a in value]
    if len(years) != len(set(years)):
        raise ValueError(f"'{attribute.name}' names a year twice: {sorted(years)}")


class BudgetCategory(enum.Enum):
    """The kind of cost of a budget line (*udgiftstype*)."""

    STAFF = "staff"
    """Løn (salaries)."""
    ACTIVITIES = "activities"
    """Aktiviteter."""
    ADMINISTRATION = "administration"
    """Administration."""
    EVALUATION = "evaluation"
    """Evaluering."""
    OTHER = "other"
    """Andet."""


@frozen(kw_only=True)
class BudgetLine:
    """One line of the plan's budget: a cost, per year, in an area or shared."""

    category: BudgetCategory = field(
        validator=attrs.validators.instance_of(BudgetCategory),
        metadata=_doc("staff, activities, administration, evaluation or other."),
    )
    description: str = field(validator=[_STR, _non_blank], metadata=_doc("What the cost is."))
    focus_area: FocusArea | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(FocusArea)),
        metadata=_doc("The area it belongs to; null for costs shared by the whole plan."),
    )
    position: str | None = field(
        default=None,
        validator=[_OPT_STR, _non_blank],
        metadata=_doc("For a salary line: the staff position's title."),
    )
    amounts: tuple[YearAmount, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_amounts_validator,
        metadata=_doc("Amount per year."),
    )

    @property
    def total(self) -> Decimal:
        """The line's amount over all years."""
        return _sum(self.amounts)

    def in_year(self, year: int) -> Decimal:
        """The amount in one year (0 when the line has none that year)."""
        return _sum(self.amounts, year)


class FundingKind(enum.Enum):
    """Who pays (*finansieringskilde*)."""

    LBF = "lbf"
    """Landsbyggefonden."""
    MUNICIPALITY = "municipality"
    """Kommunen."""
    HOUSING_ORGANISATION = "housing_organisation"
    """Boligorganisationen."""
    FOUNDATION = "foundation"
    """Fonde."""
    OTHER = "other"
    """Andre."""


@frozen(kw_only=True)
class FundingSource:
    """One source of funding, per year."""

    kind: FundingKind = field(
        validator=attrs.validators.instance_of(FundingKind),
        metadata=_doc("lbf, municipality, housing_organisation, foundation or other."),
    )
    name: str | None = field(
        default=None, validator=[_OPT_STR, _non_blank], metadata=_doc("E.g. 'Ishøj Kommune'.")
    )
    amounts: tuple[YearAmount, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_amounts_validator,
        metadata=_doc("Amount per year."),
    )

    @property
    def total(self) -> Decimal:
        """The source's amount over all years."""
        return _sum(self.amounts)

    def in_year(self, year: int) -> Decimal:
        """The amount in one year (0 when none)."""
        return _sum(self.amounts, year)


@frozen(kw_only=True)
class Budget:
    """The plan's budget (*budget*): cost lines and funding sources, per year."""

    lines: tuple[BudgetLine, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(BudgetLine),
        metadata=_doc("The cost lines (udgifter)."),
    )
    funding: tuple[FundingSource, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(FundingSource),
        metadata=_doc("The funding sources (finansiering)."),
    )

    def years(self) -> list[int]:
        """Every year a line or a source names, in order."""
        amounts = [*(line.amounts for line in self.lines), *(s.amounts for s in self.funding)]
        return sorted({a.year for group in amounts for a in group})

    @property
    def total_costs(self) -> Decimal:
        """All costs over all years."""
        return sum((line.total for line in self.lines), Decimal(0))

    @property
    def total_funding(self) -> Decimal:
        """All funding over all years."""
        return sum((source.total for source in self.funding), Decimal(0))


def _one_per_area(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _tuple_of(Agreement)(_inst, attribute, value)
    counted = Counter(a.focus_area for a in value)
    twice = sorted(area.value for area, n in counted.items() if n > 1)
    if twice:
        raise ValueError(f"'{attribute.name}' has more than one delaftale for {', '.join(twice)}")


@frozen(kw_only=True)
class Plan:
    """A boligsocial helhedsplan (*strategisk samarbejdsaftale*) with its delaftaler.

    At most one agreement per focus area. ``positions`` are the staff positions the plan
    pays for; the agreements' staff lines are matched to them by title or alias.
    """

    name: str = field(validator=[_STR, _non_blank], metadata=_doc("The plan's name."))
    period: Period | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Period)),
        metadata=_doc("The plan's period."),
    )
    municipality: str | None = field(
        default=None, validator=[_OPT_STR, _non_blank], metadata=_doc("Kommune.")
    )
    housing_organisations: tuple[str, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(str),
        metadata=_doc("Boligorganisation(er)."),
    )
    estates: tuple[str, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(str),
        metadata=_doc("Afdelinger (boligområder) the plan covers."),
    )
    positions: tuple[StaffPosition, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(StaffPosition),
        metadata=_doc("The staff positions the plan pays for."),
    )
    agreements: tuple[Agreement, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_one_per_area,
        metadata=_doc("The delaftaler, at most one per focus area."),
    )
    activities: tuple[PlanActivity, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(PlanActivity),
        metadata=_doc("The overview's activities with their status."),
    )
    national_goals: tuple[str, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(str),
        metadata=_doc("Ids of national goals the plan serves, e.g. 'social-mobility-2016:2'."),
    )
    budget: Budget | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Budget)),
        metadata=_doc("The plan's budget."),
    )
    followup: FollowUp | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(FollowUp)),
        metadata=_doc("The annual follow-up (opfølgning): figures per indicator per year."),
    )

    def agreement(self, area: FocusArea) -> Agreement | None:
        """The delaftale for an area, if the plan has one."""
        return next((a for a in self.agreements if a.focus_area is area), None)

    def position(self, name: str) -> StaffPosition | None:
        """The position a staff line's title names (title or alias, ignoring case)."""
        key = " ".join(name.casefold().split())
        for position in self.positions:
            if key in {" ".join(n.casefold().split()) for n in position.names()}:
                return position
        return None

    def status(self, year: int) -> tuple[IndicatorStatus, ...]:
        """Every indicator of the plan's delaftaler judged at ``year`` (see ``followup.status``)."""
        return status(self.agreements, self.followup, year)
