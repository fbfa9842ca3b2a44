from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from delaftale import (
    RULES,
    Activity,
    Agreement,
    BaselineYear,
    FocusArea,
    Indicator,
    Measurement,
    OtherAreaShare,
    Party,
    Period,
    Report,
    Severity,
    StaffAllocation,
    Staffing,
    SubGoal,
    Text,
    Unit,
    validate,
)
from delaftale.danish import parse_staff_line
from delaftale.validation import names_match
from delaftale.validation._docs import rules_markdown
from strategies import agreements

ROOT = Path(__file__).parent.parent

PERIOD = Period(start=date(2025, 11, 1), end=date(2029, 10, 31))
GOOD_INDICATOR = Indicator(
    description="Andel unge med uddannelse",
    baseline=Measurement(text="61,21 %", value=Decimal("61.21"), unit=Unit.PERCENT),
    baseline_year=BaselineYear(text="2023", year=2023),
    data_source="LBF - Boligsociale Data",
)


def complete(**changes: object) -> Agreement:
    """An agreement with every section filled in soundly; tests change one thing at a time."""
    base = Agreement(
        focus_area=FocusArea.UDDANNELSE_OG_LIVSCHANCER,
        initiative="Den boligsociale helhedsplan i Ishøj",
        period=PERIOD,
        parties=(
            Party(
                name="Center for Kultur og Fritid", organisation="Ishøj Kommune", role="Centerchef"
            ),
        ),
        sub_goals=(
            SubGoal(title="Flere unge gennemfører en uddannelse", indicators=(GOOD_INDICATOR,)),
        ),
        activity_names=("Fremskudt uddannelsesvejledning",),
        activities=(Activity(name="Fremskudt uddannelsesvejledning"),),
        staffing=Staffing(
            area_weight=Decimal(14),
            allocations=(
                parse_staff_line("Boligsocial leder (ansat på 37 timer): 25 % af stillingen"),
            ),
        ),
        municipal_context=Text.of("Supplerer kommunens indsats."),
        revision=Text.of("Revideres årligt."),
    )
    return attrs.evolve(base, **changes)


def codes(agreement: Agreement) -> list[str]:
    return validate(agreement).codes()


def only(agreement: Agreement, code: str) -> Report:
    report = validate(agreement)
    assert report.codes() == [code], report.text("en")
    return report


def test_a_complete_sound_agreement_has_no_findings() -> None:
    report = validate(complete())
    assert report.findings == ()
    assert report.ok
    assert len(report) == 0
    assert report.text() == "Ingen fund."
    assert report.text("en") == "No findings."


def test_empty_sections_are_named_in_danish() -> None:
    bare = Agreement(focus_area=FocusArea.BESKAEFTIGELSE, initiative="X")
    report = validate(bare)
    assert set(report.codes()) == {"section-missing"}
    paths = [f.path for f in report]
    assert paths == [
        "$.period",
        "$.parties",
        "$.sub_goals",
        "$.activity_names",
        "$.staffing.allocations",
        "$.municipal_context",
        "$.revision",
        "$.activities",
    ]
    assert "Delaftalens parter" in report.findings[1].message_da
    assert report.ok  # warnings only


def test_draft_is_reported_as_info() -> None:
    report = only(complete(draft_date=date(2025, 9, 1)), "draft")
    assert report.infos[0].message_da == "Delaftalen er et udkast af 1. september 2025."


def test_period_end_before_start() -> None:
    bad = Period(start=date(2029, 10, 31), end=date(2025, 11, 1))
    report = only(complete(period=bad), "period-end-before-start")
    assert not report.ok
    assert "2025-11-01" in report.errors[0].message
    assert "1. november 2025" in report.errors[0].message_da


def test_period_length() -> None:
    three_years = Period(start=date(2025, 11, 1), end=date(2028, 10, 31))
    report = only(complete(period=three_years), "period-length")
    assert "36 months" in report.warnings[0].message
    ok = Period(start=date(2025, 11, 1), end=date(2029, 12, 31))  # 50 months: within slack
    assert codes(complete(period=ok)) == []


def test_focus_area_of_another_regulation() -> None:
    old_area = complete(focus_area=FocusArea.TRYGHED_OG_TRIVSEL)
    assert codes(old_area) == ["focus-area-regulativ"]
    new_area_old_plan = complete(period=Period(start=date(2015, 1, 1), end=date(2018, 12, 31)))
    # the 2023 baseline is also after a 2015 start: both are real findings
    assert codes(new_area_old_plan) == ["focus-area-regulativ", "baseline-year-after-start"]
    old_plan = complete(
        focus_area=FocusArea.TRYGHED_OG_TRIVSEL,
        period=Period(start=date(2015, 1, 1), end=date(2018, 12, 31)),
    )
    assert codes(old_plan) == ["baseline-year-after-start"]


def test_sub_goal_without_indicator() -> None:
    report = only(complete(sub_goals=(SubGoal(title="Flere i job"),)), "sub-goal-without-indicator")
    assert report.errors[0].path == "$.sub_goals[0].indicators"
    assert "Flere i job" in report.errors[0].message_da


def indicator(**changes: object) -> Agreement:
    return complete(
        sub_goals=(SubGoal(title="Delmål", indicators=(attrs.evolve(GOOD_INDICATOR, **changes),)),)
    )


def test_indicator_completeness() -> None:
    assert codes(indicator(baseline=None)) == ["baseline-missing"]
    assert codes(indicator(data_source=None)) == ["data-source-missing"]
    assert codes(indicator(baseline_year=None)) == ["baseline-year-missing"]
    unread = indicator(baseline=Measurement(text="Se bilag 2"))
    report = only(unread, "baseline-without-figure")
    assert report.findings[0].path == "$.sub_goals[0].indicators[0].baseline"
    assert "Se bilag 2" in report.findings[0].message


def test_baseline_year_after_start_unless_pending() -> None:
    late = indicator(baseline_year=BaselineYear(text="2026", year=2026))
    report = only(late, "baseline-year-after-start")
    assert "2026" in report.warnings[0].message_da
    pending = indicator(
        baseline=Measurement(text="Udfyldes første hele kalenderår", pending=True),
        baseline_year=BaselineYear(text="2026", year=2026),
    )
    assert codes(pending) == []
    same_year = indicator(baseline_year=BaselineYear(text="2025", year=2025))
    assert codes(same_year) == []


def test_activity_lists_and_schemas_must_match() -> None:
    missing = complete(activity_names=("Fremskudt uddannelsesvejledning", "Lektiecafé"))
    report = only(missing, "activity-not-described")
    assert report.errors[0].path == "$.activity_names[1]"
    assert "Lektiecafé" in report.errors[0].message_da
    unlisted = complete(
        activities=(Activity(name="Fremskudt uddannelsesvejledning"), Activity(name="Lektiecafé"))
    )
    report = only(unlisted, "activity-not-listed")
    assert report.errors[0].path == "$.activities[1].name"


def test_slightly_different_names_match_with_a_note() -> None:
    differs = complete(
        activities=(
            Activity(
                name="Fremskudt uddannelsesvejledning (Uddannelsesvejledning for unge jf. CFBU)"
            ),
        )
    )
    report = only(differs, "activity-name-differs")
    assert report.ok
    assert "CFBU" in report.infos[0].message


def test_exact_matches_are_taken_before_approximate_ones() -> None:
    # "Fritidsjob" alone would also approximately match the longer name; the exact pair wins.
    a = complete(
        activity_names=("Fritidsjob for unge", "Fritidsjob for unge med mentor"),
        activities=(
            Activity(name="Fritidsjob for unge med mentor"),
            Activity(name="Fritidsjob for unge"),
        ),
    )
    assert codes(a) == []


def test_activity_described_in_another_agreement() -> None:
    elsewhere = complete(
        activity_names=(
            "Fremskudt uddannelsesvejledning",
            "Åben rådgivning (fælles for alle delaftaler – beskrevet i delaftalen beskæftigelse)",
        )
    )
    report = only(elsewhere, "activity-described-elsewhere")
    assert "Beskæftigelse" in report.infos[0].message_da


def test_duplicate_schemas() -> None:
    twice = complete(
        activities=(
            Activity(name="Fremskudt uddannelsesvejledning"),
            Activity(name="Fremskudt uddannelsesvejledning"),
        )
    )
    assert codes(twice) == ["activity-duplicate", "activity-not-listed"]


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        (
            "Fremskudt uddannelsesvejledning",
            "Fremskudt uddannelsesvejledning (Uddannelsesvejledning for unge jf. CFBU)",
            True,
        ),
        (
            "Socialfaglig mentorindsats til udsatte unge ca. 16/17 – 30 år",
            "Socialfaglig mentorindsats",
            True,
        ),
        (
            "Fritidsjobforløb (tidligere kaldt lommepengejob)",
            "Fritidsjobforløb (tidligere kaldt lommepengejobs)",
            True,
        ),
        ("Lektiecafé", "Lektiecafé for unge", False),  # one word is too little to go on
        ("Sundhedstjek", "Beboerrådgivning", False),
        ("(x)", "Beboerrådgivning", False),
    ],
)
def test_names_match(a: str, b: str, match: bool) -> None:
    assert names_match(a, b) is match
    assert names_match(b, a) is match


def test_area_weight_range_and_missing() -> None:
    report = only(
        complete(
            staffing=Staffing(
                area_weight=Decimal(140),
                allocations=(StaffAllocation(title="Leder", share=Decimal(10)),),
            )
        ),
        "area-weight-range",
    )
    assert "140 %" in report.errors[0].message
    assert codes(
        complete(
            staffing=Staffing(allocations=(StaffAllocation(title="Leder", share=Decimal(10)),))
        )
    ) == ["area-weight-missing"]


def test_share_range() -> None:
    report = only(
        complete(
            staffing=Staffing(
                area_weight=Decimal(14),
                allocations=(StaffAllocation(title="Boligsocial leder", share=Decimal(125)),),
            )
        ),
        "share-range",
    )
    assert report.errors[0].path == "$.staffing.allocations[0].share"
    assert "Boligsocial leder" in report.errors[0].message_da
    assert "125 %" in report.errors[0].message


def test_shares_for_other_areas_add_up_to_at_most_100() -> None:
    line = parse_staff_line(
        "2 skole-hjem koordinatorer 70%. De samme medarbejdere arbejder med "
        "brobygning til fritidslivet 40% (beskrevet i delaftalen for "
        "kriminalitetsforebyggelse)"
    )
    report = only(
        complete(staffing=Staffing(area_weight=Decimal(14), allocations=(line,))),
        "staff-share-total",
    )
    message = report.errors[0].message
    assert "110 %" in message
    assert "70 % here" in message
    assert "40 % in Kriminalitetsforebyggelse" in message
    assert "40 % i Kriminalitetsforebyggelse" in report.errors[0].message_da
    fits = parse_staff_line(
        "2 skole-hjem koordinatorer 60%. De samme medarbejdere arbejder med "
        "brobygning til fritidslivet 40% (beskrevet i delaftalen for "
        "kriminalitetsforebyggelse)"
    )
    assert codes(complete(staffing=Staffing(area_weight=Decimal(14), allocations=(fits,)))) == []


def test_other_area_share_above_100_and_unknown_area() -> None:
    line = StaffAllocation(
        title="Leder", share=Decimal(10), other_areas=(OtherAreaShare(share=Decimal(101)),)
    )
    report = validate(complete(staffing=Staffing(area_weight=Decimal(14), allocations=(line,))))
    assert report.codes() == ["share-range", "staff-share-total"]
    assert "another area" in report.errors[1].message


def test_unreadable_staff_line() -> None:
    line = parse_staff_line("Diverse frivillige efter behov")
    report = only(
        complete(staffing=Staffing(area_weight=Decimal(14), allocations=(line,))),
        "staff-line-unparsed",
    )
    assert "Diverse frivillige" in report.warnings[0].message_da


def test_report_text_orders_by_severity_in_both_languages() -> None:
    a = complete(draft_date=date(2025, 9, 1), sub_goals=(SubGoal(title="Uden indikator"),))
    report = validate(a)
    assert report.codes() == ["draft", "sub-goal-without-indicator"]
    lines = report.text("da").splitlines()
    assert lines[0].startswith("fejl [sub-goal-without-indicator] $.sub_goals[0].indicators:")
    assert lines[1].startswith("oplysning [draft]")
    assert report.text("en").splitlines()[0].startswith("error [sub-goal-without-indicator]")
    assert report.infos[0].severity is Severity.INFO
    assert len(report.errors) == 1


@given(agreements)
def test_validation_never_raises_and_findings_are_well_formed(agreement: Agreement) -> None:
    report = validate(agreement)
    for finding in report:
        assert finding.code in RULES
        assert finding.severity is RULES[finding.code].severity
        assert finding.path.startswith("$")
        assert finding.message
        assert finding.message_da
    assert report.ok == (not report.errors)


def test_validate_refuses_other_types_clearly() -> None:
    with pytest.raises(TypeError, match="takes an Agreement or a Plan, not dict"):
        validate({"focus_area": "beskaeftigelse"})  # type: ignore[arg-type]


def test_every_rule_is_documented_and_docs_are_current() -> None:
    on_disk = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == rules_markdown(), (
        "docs/rules.md is out of date: run `python -m delaftale.validation docs/rules.md`"
    )
    for code in RULES:
        assert f"## {code}" in on_disk


def test_a_budget_swallowed_by_an_unclosed_quote_is_reported(tmp_path: Path) -> None:
    import shutil

    from delaftale import validate
    from delaftale.files import load_plan

    folder = tmp_path / "plan"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "ishoj-2025-plan", folder)
    good = validate(load_plan(folder / "plan.json")).codes()
    assert "budget-line-without-amounts" not in good
    assert "budget-empty" not in good
    csv = folder / "budget.csv"
    text = csv.read_text("utf-8")
    assert "Løn, boligsocial leder" in text
    csv.write_text(text.replace("Løn, boligsocial leder", '"Løn, boligsocial leder', 1), "utf-8")
    report = validate(load_plan(folder / "plan.json"))
    swallowed = [f for f in report if f.code == "budget-line-without-amounts"]
    assert len(swallowed) == 1
    assert swallowed[0].path.startswith("$.budget.lines[")
    empty = [f for f in report if f.code == "budget-empty"]
    assert [f.message for f in empty] == ["The budget has no funding."]
    assert empty[0].message_da == "Budgettet har ingen finansiering."
