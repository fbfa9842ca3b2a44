"""The goal catalogues shipped as package data, and the rules that use them."""

from __future__ import annotations

import attrs

from delaftale import Agreement, FocusArea, Plan, Regulativ, SubGoal, validate
from delaftale.catalogue import all_goals, goal, lbf_goals, social_mobility_goals


def test_the_ten_goals_for_social_mobility_as_in_the_seed() -> None:
    goals = social_mobility_goals()
    assert [g.number for g in goals] == list(range(1, 11))
    assert goals[1].title == "Flere udsatte unge skal gennemføre en ungdomsuddannelse."
    assert goals[5].title == "Færre udsatte unge skal begå kriminalitet."
    assert goals[9].id == "social-mobility-2016:10"


def test_lbf_goals_per_area_from_the_ishoj_overview() -> None:
    employment = [g.title for g in lbf_goals() if g.focus_area is FocusArea.BESKAEFTIGELSE]
    assert employment == [
        "Øge de unges viden om arbejdsmarkedet",
        "Øge de unges tilknytning til arbejdsmarkedet",
        "Øge de unges uddannelsesparathed",
        "Øge de voksnes tilknytning til arbejdsmarkedet",
    ]
    assert {g.regulativ for g in lbf_goals()} == {Regulativ.R2019}
    assert {g.focus_area for g in lbf_goals()} == {
        a for a in FocusArea if a.regulativ is Regulativ.R2019
    }


def test_ids_are_unique_and_found() -> None:
    ids = [g.id for g in all_goals()]
    assert len(ids) == len(set(ids))
    assert goal("lbf-2019:beskaeftigelse:1") is not None
    assert goal("nope") is None


def agreement_with_goals(*refs: str) -> Agreement:
    return Agreement(
        focus_area=FocusArea.BESKAEFTIGELSE,
        initiative="Helhedsplanen",
        sub_goals=(SubGoal(title="Øge de unges viden om arbejdsmarkedet", goals=refs),),
    )


def test_sub_goal_goal_references_are_checked() -> None:
    ok = validate(agreement_with_goals("lbf-2019:beskaeftigelse:1", "social-mobility-2016:2"))
    assert not {"goal-unknown", "goal-other-area"} & set(ok.codes())
    report = validate(
        agreement_with_goals("lbf-2019:beskæftigelse:1", "lbf-2019:uddannelse_og_livschancer:1")
    )
    found = [(f.code, f.path) for f in report if f.code.startswith("goal")]
    assert found == [
        ("goal-unknown", "$.sub_goals[0].goals[0]"),
        ("goal-other-area", "$.sub_goals[0].goals[1]"),
    ]
    other = next(f for f in report if f.code == "goal-other-area")
    assert "Uddannelse og livschancer" in other.message_da


def test_plan_national_goals_are_checked() -> None:
    plan = Plan(name="P", national_goals=("social-mobility-2016:2", "social-mobility-2016:11"))
    found = [(f.code, f.path) for f in validate(plan)]
    assert found == [("plan-national-goal-unknown", "$.national_goals[1]")]
    assert attrs.evolve(plan, national_goals=("social-mobility-2016:6",)).national_goals
