"""The plan level: cross-agreement and budget checks, on the examples and on small cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from delaftale import (
    Agreement,
    Budget,
    BudgetCategory,
    BudgetLine,
    DataError,
    FocusArea,
    FundingKind,
    FundingSource,
    Period,
    Plan,
    StaffAllocation,
    Staffing,
    StaffPosition,
    YearAmount,
    structure,
    unstructure,
    validate,
)
from delaftale.files import load_plan
from strategies import plans

EXAMPLES = Path(__file__).parent.parent / "examples"


def plan_findings(plan: Plan, **options: object) -> list[tuple[str, str, str]]:
    report = validate(plan, **options)  # type: ignore[arg-type]
    return [(f.code, f.path, f.message) for f in report if f.code.startswith(("plan", "budget"))]


def test_ishoj_plan_matches_its_budget() -> None:
    plan = load_plan(EXAMPLES / "ishoj-2025-plan" / "plan.json")
    assert [a.focus_area for a in plan.agreements] == [
        FocusArea.UDDANNELSE_OG_LIVSCHANCER,
        FocusArea.BESKAEFTIGELSE,
    ]
    assert plan.budget is not None
    assert plan.budget.total_costs == plan.budget.total_funding == Decimal("10400000")
    # Only the two delaftaler that are not in the seeds are reported missing.
    assert [code for code, _, _ in plan_findings(plan)] == [
        "plan-agreement-missing",
        "plan-agreement-missing",
    ]


def test_the_mismatch_example_finds_each_mismatch_with_its_numbers() -> None:
    plan = load_plan(EXAMPLES / "plan-with-mismatches" / "plan.json")
    found = plan_findings(plan)
    expected = [
        ("plan-period-outside", "$.agreements[2].period", "2030-06-30"),
        ("plan-area-weights-sum", "$.agreements", "add up to 102 %"),
        (
            "plan-position-over-allocated",
            "$.positions[0]",
            "Boligsocial leder is allocated 110 % across Uddannelse og livschancer (25 %), "
            "Beskæftigelse (25 %), Kriminalitetsforebyggelse (35 %), Sammenhængskraft og "
            "medborgerskab (25 %)",
        ),
        (
            "plan-other-area-share-mismatch",
            "$.agreements[2].staffing.allocations[0].other_areas[0]",
            "works 30 % in Sammenhængskraft og medborgerskab; the delaftale for Sammenhængskraft "
            "og medborgerskab says 25 %",
        ),
        (
            "plan-activity-elsewhere-missing",
            "$.agreements[2].activity_names[1]",
            "Beboerrådgivning",
        ),
        ("budget-position-share", "$.agreements[0].staffing.allocations[0].share", "23,81 %"),
        (
            "budget-position-share",
            "$.agreements[1].staffing.allocations[0].share",
            "28,57 % of the position's salary there (720.000 of 2.520.000 kr.)",
        ),
        ("budget-position-share", "$.agreements[2].staffing.allocations[0].share", "35 %"),
        ("budget-position-share", "$.agreements[3].staffing.allocations[0].share", "23,81 %"),
        ("budget-area-weight", "$.agreements[3].staffing.area_weight", "29,63 %"),
        ("budget-cofinancing", "$.budget.funding", "76,36 % in 2027"),
        ("budget-cofinancing", "$.budget.funding", "75,36 % overall"),
        ("budget-unbalanced", "$.budget", "In 2026"),
        ("budget-unbalanced", "$.budget", "In 2027"),
        ("budget-unbalanced", "$.budget", "In 2028"),
        ("budget-unbalanced", "$.budget", "In 2029"),
    ]
    assert [(c, p) for c, p, _ in found] == [(c, p) for c, p, _ in expected]
    for (_, _, message), (_, _, needle) in zip(found, expected, strict=True):
        assert needle in message


def line(title: str, share: str, **more: object) -> StaffAllocation:
    return StaffAllocation(title=title, share=Decimal(share), **more)  # type: ignore[arg-type]


def agreement(area: FocusArea, *lines: StaffAllocation, weight: str | None = None) -> Agreement:
    return Agreement(
        focus_area=area,
        initiative="Helhedsplanen",
        staffing=Staffing(area_weight=Decimal(weight) if weight else None, allocations=lines),
    )


AREAS = [a for a in FocusArea if a.regulativ.value == "2019"]


def test_a_position_short_of_100_across_all_four_is_a_warning() -> None:
    plan = Plan(
        name="P",
        positions=[StaffPosition(title="Leder")],
        agreements=[agreement(a, line("Leder", "20")) for a in AREAS],
    )
    report = validate(plan)
    (finding,) = [f for f in report if f.code == "plan-position-under-allocated"]
    assert "80 %" in finding.message
    assert "20 % is not accounted for" in finding.message
    assert "20 % er ikke placeret" in finding.message_da
    assert report.ok


def test_staff_lines_naming_no_position_are_reported() -> None:
    plan = Plan(
        name="P",
        positions=[StaffPosition(title="Leder", aliases=["Projektleder"])],
        agreements=[agreement(AREAS[0], line("projektleder", "50"), line("Kok", "10"))],
    )
    codes = [(f.code, f.path) for f in validate(plan)]
    assert ("plan-staff-line-unmatched", "$.agreements[0].staffing.allocations[1].title") in codes
    assert not any(p.endswith("allocations[0].title") for _, p in codes)


def test_weights_need_all_four_stated() -> None:
    three = Plan(name="P", agreements=[agreement(a, weight="30") for a in AREAS[:3]])
    assert "plan-area-weights-sum" not in validate(three).codes()
    four = Plan(name="P", agreements=[agreement(a, weight="25") for a in AREAS])
    assert "plan-area-weights-sum" not in validate(four).codes()


def test_share_stated_for_another_area_that_states_nothing() -> None:
    from delaftale import OtherAreaShare

    first = agreement(
        AREAS[0],
        line("Leder", "60", other_areas=[OtherAreaShare(share=Decimal(40), focus_area=AREAS[2])]),
    )
    plan = Plan(name="P", agreements=[first, agreement(AREAS[2])])
    (finding,) = [f for f in validate(plan) if f.code == "plan-other-area-share-mismatch"]
    assert "says nothing" in finding.message
    assert "siger ingenting" in finding.message_da


def test_budget_checks_honour_tolerance_and_measure() -> None:
    years = [YearAmount(year=2026, amount=Decimal(100))]

    def salary(area: FocusArea, amount: int) -> BudgetLine:
        return BudgetLine(
            category=BudgetCategory.STAFF,
            description="Løn",
            focus_area=area,
            position="Leder",
            amounts=[YearAmount(year=2026, amount=Decimal(amount))],
        )

    budget = Budget(
        lines=[
            salary(AREAS[0], 51),
            salary(AREAS[1], 49),
            BudgetLine(
                category=BudgetCategory.ACTIVITIES,
                description="Aktiviteter",
                focus_area=AREAS[1],
                amounts=years,
            ),
        ],
        funding=[
            FundingSource(
                kind=FundingKind.LBF, amounts=[YearAmount(year=2026, amount=Decimal(150))]
            ),
            FundingSource(
                kind=FundingKind.MUNICIPALITY, amounts=[YearAmount(year=2026, amount=Decimal(50))]
            ),
        ],
    )
    plan = Plan(
        name="P",
        positions=[StaffPosition(title="Leder")],
        budget=budget,
        agreements=[
            agreement(AREAS[0], line("Leder", "50"), weight="51"),
            agreement(AREAS[1], line("Leder", "50"), weight="49"),
        ],
    )
    assert "budget-position-share" not in validate(plan).codes()  # 51 vs 50: within 1 point
    strict = validate(plan, share_tolerance=Decimal("0.5")).codes()
    assert strict.count("budget-position-share") == 2
    # By all costs the first area has 51 of 200 (25,5 %); by salary 51 of 100 (51 %).
    assert validate(plan).codes().count("budget-area-weight") == 2
    assert "budget-area-weight" not in validate(plan, weight_measure="salary").codes()
    with pytest.raises(ValueError, match="weight_measure"):
        validate(plan, weight_measure="everything")


def test_cofinancing_is_checked_per_year_and_overall() -> None:
    def funding(kind: FundingKind, *amounts: tuple[int, int]) -> FundingSource:
        return FundingSource(
            kind=kind, amounts=[YearAmount(year=y, amount=Decimal(a)) for y, a in amounts]
        )

    budget = Budget(
        funding=[
            funding(FundingKind.LBF, (2026, 80), (2027, 70)),
            funding(FundingKind.MUNICIPALITY, (2026, 20), (2027, 30)),
        ]
    )
    plan = Plan(name="P", budget=budget)
    found = [f.message for f in validate(plan) if f.code == "budget-cofinancing"]
    assert found == [
        "LBF funds 80 % in 2026 (80 of 100 kr.); local co-financing is 20 %, below 25 %."
    ]


def test_agreement_period_inside_the_plan() -> None:
    plan = Plan(
        name="P",
        period=Period(start=date(2025, 11, 1), end=date(2029, 10, 31)),
        agreements=[
            attrs.evolve(
                agreement(AREAS[0]), period=Period(start=date(2025, 10, 1), end=date(2029, 10, 31))
            )
        ],
    )
    (finding,) = [f for f in validate(plan) if f.code == "plan-period-outside"]
    assert "1. oktober 2025" in finding.message_da


def test_plan_model_refuses_two_agreements_for_one_area_and_a_year_twice() -> None:
    with pytest.raises(ValueError, match="more than one delaftale for beskaeftigelse"):
        Plan(name="P", agreements=[agreement(FocusArea.BESKAEFTIGELSE)] * 2)
    with pytest.raises(ValueError, match="names a year twice"):
        BudgetLine(
            category=BudgetCategory.OTHER,
            description="x",
            amounts=[YearAmount(year=2026, amount=Decimal(1))] * 2,
        )


def test_load_plan_names_the_file_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text(
        '{"name": "P", "positions": [{"title": ""}], "budget": {"lines": 3}}', encoding="utf-8"
    )
    with pytest.raises(DataError) as info:
        load_plan(bad)
    assert str(bad) in str(info.value)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match="line 1"):
        load_plan(broken)


@given(plans())
@settings(max_examples=40, deadline=None)
def test_plans_round_trip_and_validation_never_raises(plan: Plan) -> None:
    assert structure(unstructure(plan), Plan) == plan
    report = validate(plan)
    assert report.ok == (not report.errors)


def test_load_plan_names_a_missing_agreement_or_budget_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text('{"name": "P", "agreements": ["mangler.json"]}', encoding="utf-8")
    with pytest.raises(DataError, match=r"agreements\[0\] names mangler.json"):
        load_plan(plan)
    plan.write_text('{"name": "P", "budget": "budget.xlsx"}', encoding="utf-8")
    with pytest.raises(DataError, match=r"budget names budget\.xlsx"):
        load_plan(plan)


def test_position_hours_are_a_non_negative_figure_and_errors_are_data_errors() -> None:
    from delaftale import DataError, StaffPosition

    for bad in ("-1", "-0", "NaN", "1e30"):
        with pytest.raises(DataError, match="weekly_hours"):
            StaffPosition(title="Leder", weekly_hours=Decimal(bad))
    assert StaffPosition(title="Leder", weekly_hours=Decimal("37")).weekly_hours == 37
