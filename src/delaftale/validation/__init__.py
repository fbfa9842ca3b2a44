"""Validation: rules that a person checking a delaftale by hand would apply.

``validate`` never raises on bad data; it returns a ``Report`` of
``Finding`` objects, each with a stable rule ``code``, a ``Severity``, a JSON
``path`` and a message in English and Danish. ``RULES`` lists every rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from delaftale.findings import Finding, Report, Rule, Severity
from delaftale.model import Agreement
from delaftale.options import WeightMeasure, check_option
from delaftale.validation._agreement import check_agreement, names_match
from delaftale.validation._rules import RULES

if TYPE_CHECKING:
    from delaftale.plan import Plan
    from delaftale.validation._plan import PlanOptions

__all__ = [
    "RULES",
    "Finding",
    "PlanOptions",
    "Report",
    "Rule",
    "Severity",
    "names_match",
    "validate",
]


def validate(
    obj: Agreement | Plan,
    *,
    share_tolerance: Decimal = Decimal(1),
    weight_tolerance: Decimal = Decimal(2),
    weight_measure: WeightMeasure = "costs",
    year: int | None = None,
) -> Report:
    """Check an agreement, or a plan with its agreements and budget; never raises on bad data.

    For a plan the report holds each agreement's findings (paths under
    ``$.agreements[i]``), then the checks across agreements and against the budget. The
    keyword arguments tune the budget checks: ``share_tolerance`` is how many percentage
    points a position's share in an area may differ from the budget's salary allocation
    (default 1); ``weight_tolerance`` how far an area weight may be from the area's share of
    the budget (default 2); ``weight_measure`` whether that share counts all costs
    (``"costs"``, the default) or salaries only (``"salary"``). ``year`` is the year of the
    annual follow-up being checked: a plan's indicators without a figure for it are reported,
    and a baseline still pending after the year it was due; without it, the follow-up is
    checked as of the last year it has figures for.

    Example::

        from delaftale import Agreement, FocusArea
        validate(Agreement(focus_area=FocusArea.BESKAEFTIGELSE, initiative="X")).ok  # True
    """
    check_option("weight_measure", weight_measure, WeightMeasure)  # for an agreement too
    if year is not None and (type(year) is not int or not 1990 <= year <= 2100):
        raise ValueError(f"year must be a year from 1990 to 2100, got {year!r}")
    if isinstance(obj, Agreement):
        return Report(findings=tuple(check_agreement(obj)))
    # The plan and its checks are imported for the first plan: checking an agreement (the
    # command's ``validate`` of documents) needs neither.
    from delaftale.plan import Plan
    from delaftale.validation._plan import PlanOptions, check_plan

    if not isinstance(obj, Plan):
        raise TypeError(f"validate() takes an Agreement or a Plan, not {type(obj).__name__}")
    options = PlanOptions(
        share_tolerance=share_tolerance,
        weight_tolerance=weight_tolerance,
        weight_measure=weight_measure,
        year=year,
    )
    return Report(findings=tuple(check_plan(obj, options)))


if not TYPE_CHECKING:  # type checkers see the names declared above, and no others

    def __getattr__(name: str) -> Any:
        # ``PlanOptions`` is imported with the plan's checks, when first asked for.
        if name == "PlanOptions":
            from delaftale.validation._plan import PlanOptions

            return PlanOptions
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
