"""The semantic diff of two versions (delaftale.revisions): what changed, where, in words."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import delaftale
from delaftale import Agreement, ChangeKind, Plan, apply_changes, diff, read_docx
from delaftale.revisions import MAX_FUZZY_PAIRS, revision_record
from delaftale.serialization import structure, unstructure
from fixtures import build_docx_fixtures as fx
from fixtures import make_revisions
from strategies import agreements, model_revisions, plans, text_pairs

EXAMPLES = Path(__file__).parent.parent / "examples"
QUICK = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
PLANS = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


def _at(data: Any, path: str) -> Any:
    """The value at a JSON path of the kind the diff writes ($.a[1].b), worked out here."""
    node = data
    for part in path[2:].replace("[", ".[").split(".") if len(path) > 1 else []:
        if not part:
            continue
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node


def _seen(revision: delaftale.Revision) -> set[tuple[str, str, str, str | None]]:
    return {
        (c.kind.value, c.path, c.text_da, c.old_path) for c in revision.changes if not c.wording
    }


# --------------------------------------------------------------------------- properties


@QUICK
@given(agreements)
def test_an_agreement_has_no_changes_from_itself(agreement: Agreement) -> None:
    revision = diff(agreement, agreement)
    assert revision.equal
    assert revision.changes == ()
    assert revision.findings_appeared == revision.findings_disappeared == ()


@PLANS
@given(plans())
def test_a_plan_has_no_changes_from_itself(plan: Plan) -> None:
    assert diff(plan, plan).equal


@QUICK
@given(model_revisions())
def test_applying_the_changes_to_the_old_version_gives_the_new(
    pair: tuple[Agreement, Agreement],
) -> None:
    old, new = pair
    revision = diff(old, new, findings=False)
    assert apply_changes(old, revision.changes) == new
    assert revision.equal == (old == new)


@QUICK
@given(agreements, agreements)
def test_applying_works_between_any_two_agreements(old: Agreement, new: Agreement) -> None:
    assert apply_changes(old, diff(old, new, findings=False).changes) == new


@PLANS
@given(st.data())
def test_applying_works_between_any_two_plans(data: st.DataObject) -> None:
    old, new = data.draw(plans()), data.draw(plans())
    assert apply_changes(old, diff(old, new, findings=False).changes) == new


@QUICK
@given(model_revisions())
def test_each_change_names_the_value_at_its_path(pair: tuple[Agreement, Agreement]) -> None:
    old, new = pair
    before, after = unstructure(old), unstructure(new)
    for change in diff(old, new, findings=False).changes:
        if change.kind is ChangeKind.REMOVED:
            assert _at(before, change.path) == change.old
            assert change.new is None
        elif change.kind is ChangeKind.MOVED:
            assert change.old_path is not None
            assert change.old_path.endswith(f"[{change.old}]")
            assert change.path.endswith(f"[{change.new}]")
        else:
            assert _at(after, change.path) == change.new
            if change.kind is ChangeKind.CHANGED:
                assert _at(before, change.old_path or change.path) == change.old
            else:
                assert change.old is None


@QUICK
@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ", min_size=3),
        min_size=2,
        max_size=6,
        unique_by=lambda s: s.strip(),
    ).filter(lambda names: all(n.strip() for n in names)),
    st.randoms(),
)
def test_a_reordering_is_moves_and_nothing_else(names: list[str], random: Any) -> None:
    old = Agreement(
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        activities=tuple(delaftale.Activity(name=n) for n in names),
    )
    order = list(old.activities)
    random.shuffle(order)
    new = attrs.evolve(old, activities=tuple(order))
    changes = diff(old, new, findings=False).changes
    assert {c.kind for c in changes} <= {ChangeKind.MOVED}
    # Each moved activity goes to where the new version has it.
    for change in changes:
        assert new.activities[change.new] == old.activities[change.old]
    # The fewest moves: all but the longest run kept in order (worked out by brute force).
    positions = [names.index(a.name) for a in order]
    longest = max((len(run) for run in _increasing_runs(positions)), default=0)
    assert len(changes) == len(names) - longest


def _increasing_runs(values: list[int]) -> list[list[int]]:
    """Every increasing subsequence (small lists only)."""
    runs: list[list[int]] = [[]]
    for value in values:
        runs += [[*run, value] for run in runs if not run or run[-1] < value]
    return runs


@QUICK
@given(text_pairs())
def test_word_detail_gives_both_paragraphs_back(pair: tuple[str, str]) -> None:
    old_text, new_text = pair
    old = Agreement(
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        municipal_context=delaftale.Text(
            blocks=(delaftale.Paragraph(text="Fast."), delaftale.Paragraph(text=old_text))
        ),
    )
    new = attrs.evolve(
        old,
        municipal_context=delaftale.Text(
            blocks=(delaftale.Paragraph(text="Fast."), delaftale.Paragraph(text=new_text))
        ),
    )
    changes = diff(old, new, findings=False).changes
    if old_text == new_text:
        assert changes == ()
        return
    (change,) = changes
    assert change.path == "$.municipal_context"
    for paragraph in change.paragraphs:
        if paragraph.kind is ChangeKind.CHANGED:
            assert paragraph.number == 2
            assert "".join(t for op, t in paragraph.words if op != "insert") == old_text
            assert "".join(t for op, t in paragraph.words if op != "delete") == new_text
        elif paragraph.kind is ChangeKind.ADDED:
            assert paragraph.new == new_text
        else:
            assert paragraph.old == old_text


# --------------------------------------------------------------------------- by hand


@pytest.mark.parametrize("stem", sorted(make_revisions.REVISIONS))
def test_hand_made_revisions_of_the_seed_agreements(stem: str) -> None:
    old_data, new_data, expected = make_revisions.revised(stem)
    old, new = structure(old_data, Agreement), structure(new_data, Agreement)
    revision = diff(old, new)
    assert _seen(revision) == {(e.kind, e.path, e.text_da, e.old_path) for e in expected}
    assert apply_changes(old, revision.changes) == new


def test_the_reworded_paragraph_shows_the_words_that_changed() -> None:
    stem = "ishoj-2025-beskaeftigelse"
    old_data, new_data, _expected = make_revisions.revised(stem)
    revision = diff(structure(old_data, Agreement), structure(new_data, Agreement))
    (change,) = [c for c in revision.changes if c.path == "$.municipal_context"]
    number, words = make_revisions.PARAGRAPH_WORDS[stem]
    (paragraph,) = change.paragraphs
    assert paragraph.number == number
    assert tuple(w for w in paragraph.words if w[0] != "equal") == words
    assert "{+ledet+}" in paragraph.marked()
    assert "[-drevet-]" in paragraph.marked()


def test_a_staff_lines_wording_follows_its_figures() -> None:
    old_data, new_data, _expected = make_revisions.revised("ishoj-2025-beskaeftigelse")
    revision = diff(structure(old_data, Agreement), structure(new_data, Agreement))
    (wording,) = [c for c in revision.changes if c.wording]
    assert wording.path == "$.staffing.allocations[0].text"
    assert wording.new == "Boligsocial leder (ansat på 37 timer): 30 % af stillingen"


def test_english_sentences() -> None:
    old_data, new_data, _expected = make_revisions.revised("ishoj-2025-beskaeftigelse")
    revision = diff(structure(old_data, Agreement), structure(new_data, Agreement))
    texts = {c.text_en for c in revision.changes}
    assert "Boligsocial leder: share in Employment changed from 25 % to 30 %" in texts
    assert "Activity added: Lektiecafé" in texts


@pytest.mark.parametrize("layout", ["form", "paragraphs"])
@pytest.mark.parametrize("stem", sorted(make_revisions.REVISIONS))
def test_the_same_changes_from_word_documents(stem: str, layout: str) -> None:
    """Two .docx made by the fixture builder (not our writer), read, then compared."""
    old_data, new_data, expected = make_revisions.revised(stem)
    old = read_docx(fx.build_agreement(old_data, layout))
    new = read_docx(fx.build_agreement(new_data, layout))
    assert _seen(diff(old, new, findings=False)) == {
        (e.kind, e.path, e.text_da, e.old_path) for e in expected
    }


def test_an_indicator_with_an_id_is_followed_through_a_rewording() -> None:
    goal = delaftale.SubGoal(
        title="Flere unge i job",
        indicators=(
            delaftale.Indicator(description="Andel unge i job", id="job"),
            delaftale.Indicator(description="Andel unge i uddannelse", id="udd"),
        ),
    )
    old = Agreement(focus_area=delaftale.FocusArea.BESKAEFTIGELSE, sub_goals=(goal,))
    reworded = attrs.evolve(
        goal,
        indicators=(
            delaftale.Indicator(description="Antal unge under uddannelse", id="udd"),
            delaftale.Indicator(description="Andel unge i job", id="job"),
        ),
    )
    new = attrs.evolve(old, sub_goals=(reworded,))
    changes = diff(old, new, findings=False).changes
    # Matched by id, not by the words: one moved past the other, one reworded; no indicator
    # removed or added.
    assert sorted(c.kind.value for c in changes) == ["changed", "moved"]
    (changed,) = [c for c in changes if c.kind is ChangeKind.CHANGED]
    assert changed.path == "$.sub_goals[0].indicators[0].description"
    assert (changed.old, changed.new) == ("Andel unge i uddannelse", "Antal unge under uddannelse")


def test_a_removed_and_an_added_activity_are_not_taken_for_one() -> None:
    old = Agreement(
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        activities=(delaftale.Activity(name="Fritidsjobforløb"),),
    )
    new = attrs.evolve(old, activities=(delaftale.Activity(name="Lektiecafé"),))
    texts = [c.text_da for c in diff(old, new, findings=False).changes]
    assert texts == ["Aktivitet fjernet: Fritidsjobforløb", "Aktivitet tilføjet: Lektiecafé"]


def test_a_renamed_activity_with_words_added_is_the_same_activity() -> None:
    old = Agreement(
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        activities=(delaftale.Activity(name="Lektiecafé"), delaftale.Activity(name="Sundhedstjek")),
    )
    new = attrs.evolve(
        old,
        activities=(
            delaftale.Activity(name="Lektiecafé for 4.-6. klasse"),
            delaftale.Activity(name="Sundhedstjek"),
        ),
    )
    (change,) = diff(old, new, findings=False).changes
    assert change.kind is ChangeKind.CHANGED
    assert change.path == "$.activities[0].name"


def test_a_long_list_is_matched_by_equal_names_only() -> None:
    # Above MAX_FUZZY_PAIRS candidate pairs, similar names are not compared pair by pair.
    n = int(MAX_FUZZY_PAIRS**0.5) + 2
    old = Agreement(
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        activity_names=tuple(f"Aktivitet nummer {k}" for k in range(n)),
    )
    new = attrs.evolve(old, activity_names=tuple(f"Aktivitet nummer {k}!" for k in range(n)))
    changes = diff(old, new, findings=False).changes
    # "!" is not a word: the names are equal once normalised, so each is a change, not a
    # removal and an addition.
    assert {c.kind for c in changes} == {ChangeKind.CHANGED}
    assert apply_changes(old, changes) == new


# --------------------------------------------------------------------------- plans


def _plan() -> Plan:
    return delaftale.load_plan(EXAMPLES / "ishoj-2025-plan")


def test_plan_changes_and_the_findings_they_bring() -> None:
    old = _plan()
    leader = old.positions[0]
    assert leader.title == "Boligsocial leder"
    assert leader.weekly_hours == Decimal(37)
    area = old.agreements[1]
    assert area.focus_area is delaftale.FocusArea.BESKAEFTIGELSE
    assert area.staffing.area_weight == Decimal(27)
    line = old.budget.lines[0]
    assert line.description == "Løn, boligsocial leder"
    amounts = tuple(
        attrs.evolve(a, amount=Decimal(160000)) if a.year == 2027 else a for a in line.amounts
    )
    new = attrs.evolve(
        old,
        positions=(attrs.evolve(leader, weekly_hours=Decimal(30)), *old.positions[1:]),
        agreements=(
            old.agreements[0],
            attrs.evolve(area, staffing=attrs.evolve(area.staffing, area_weight=Decimal(45))),
            *old.agreements[2:],
        ),
        budget=attrs.evolve(
            old.budget, lines=(attrs.evolve(line, amounts=amounts), *old.budget.lines[1:])
        ),
    )
    revision = diff(old, new)
    assert _seen(revision) == {
        (
            "changed",
            "$.positions[0].weekly_hours",
            "Stilling »Boligsocial leder«: ugentlige timer ændret fra 37 timer til 30 timer",
            None,
        ),
        (
            "changed",
            "$.agreements[1].staffing.area_weight",
            "Delaftale Beskæftigelse: vægt i helhedsplanen ændret fra 27 % til 45 %",
            None,
        ),
        (
            "changed",
            "$.budget.lines[0].amounts[1].amount",
            "Budgetlinje »Løn, boligsocial leder (Uddannelse og livschancer)«: beløb i 2027 "
            "ændret fra 150.000 kr. til 160.000 kr.",
            None,
        ),
    }
    titles = [title for title, _changes in revision.sections()]
    assert titles == [
        "Stillinger",
        "Beskæftigelse › Medarbejderressourcer",
        "Budget › Budgetlinjer",
    ]
    # An area weight of 45 % where the budget gives Beskæftigelse far less: the budget rule
    # that compares them finds it in the new version only; going back, it disappears.
    assert any(
        f.code == "budget-area-weight" and f.path == "$.agreements[1].staffing.area_weight"
        for f in revision.findings_appeared
    )
    back = diff(new, old)
    assert {f.code for f in back.findings_disappeared} == {
        f.code for f in revision.findings_appeared
    }
    assert apply_changes(old, revision.changes) == new


def test_comparing_an_agreement_with_a_plan_is_refused() -> None:
    with pytest.raises(TypeError, match="two agreements or two plans"):
        diff(Agreement(focus_area=delaftale.FocusArea.BESKAEFTIGELSE), _plan())  # type: ignore[type-var]


def test_the_json_record_is_json_and_gives_the_changes_back() -> None:
    old_data, new_data, _expected = make_revisions.revised("ishoj-2025-beskaeftigelse")
    old = structure(old_data, Agreement)
    revision = diff(old, structure(new_data, Agreement))
    record = json.loads(json.dumps(revision_record(revision)))
    assert record["equal"] is False
    changes = [
        delaftale.Change(
            kind=ChangeKind(c["kind"]),
            path=c["path"],
            old_path=c.get("old_path"),
            old=c["old"],
            new=c["new"],
            text_da=c["text_da"],
            text_en=c["text_en"],
            section=c["section"],
        )
        for c in record["changes"]
    ]
    assert apply_changes(old, changes) == structure(new_data, Agreement)
    (text,) = [c for c in record["changes"] if c["path"] == "$.municipal_context"]
    assert text["section_da"] == "Sammenhæng med den kommunale indsats"
    assert text["paragraphs"][0]["number"] == 3
    assert ["delete", "drevet"] in text["paragraphs"][0]["words"]
    assert {f["code"] for f in record["findings_appeared"]} <= {
        f.code for f in delaftale.validate(structure(new_data, Agreement)).findings
    }


def test_a_path_that_is_not_ours_is_refused() -> None:
    old = Agreement(focus_area=delaftale.FocusArea.BESKAEFTIGELSE)
    bad = delaftale.Change(
        kind=ChangeKind.CHANGED,
        path="activities/0",
        old=None,
        new=None,
        text_da="",
        text_en="",
        section="$",
    )
    with pytest.raises(ValueError, match="JSON path"):
        apply_changes(old, [bad])


def test_the_diff_does_not_change_its_inputs() -> None:
    old_data, new_data, _expected = make_revisions.revised(
        "soenderborg-2021-uddannelse-og-livschancer"
    )
    kept = copy.deepcopy((old_data, new_data))
    old, new = structure(old_data, Agreement), structure(new_data, Agreement)
    revision = diff(old, new)
    apply_changes(old, revision.changes)
    assert (unstructure(old), unstructure(new)) == (
        unstructure(structure(kept[0], Agreement)),
        unstructure(structure(kept[1], Agreement)),
    )


def test_a_hostile_text_costs_little() -> None:
    # A paragraph of one word repeated, reworded: difflib's matcher takes minutes on this
    # (its time grows with the cube of the length); the alignment's table is bounded.
    old = Agreement(
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        municipal_context=delaftale.Text(blocks=(delaftale.Paragraph(text="a " * 20_000),)),
    )
    new = attrs.evolve(
        old,
        municipal_context=delaftale.Text(blocks=(delaftale.Paragraph(text="a b " * 10_000),)),
    )
    (change,) = diff(old, new, findings=False).changes
    (paragraph,) = change.paragraphs
    # Too large to align word by word: the paragraph is shown replaced, both texts whole.
    assert "".join(t for op, t in paragraph.words if op != "insert") == "a " * 20_000
    assert "".join(t for op, t in paragraph.words if op != "delete") == "a b " * 10_000
    assert apply_changes(old, [change]) == new


# --------------------------------------------------------------------------- found by trying it


def _with_context(*blocks: delaftale.Paragraph) -> Agreement:
    return Agreement(
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        municipal_context=delaftale.Text(blocks=blocks),
    )


def test_a_change_near_the_end_of_a_long_value_is_shown() -> None:
    text = "Andel elever med gennemsnit på mindst 2,0 i dansk og matematik ved afgangsprøven i "
    old = Agreement(
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        sub_goals=(
            delaftale.SubGoal(
                title="Flere består",
                indicators=(delaftale.Indicator(description=text + "9. klasse"),),
            ),
        ),
    )
    goal = old.sub_goals[0]
    new = attrs.evolve(
        old,
        sub_goals=(
            attrs.evolve(
                goal,
                indicators=(attrs.evolve(goal.indicators[0], description=text + "10. klasse"),),
            ),
        ),
    )
    (change,) = diff(old, new, findings=False).changes
    # The unchanged start is cut to its last four space-separated pieces (the last is the
    # empty one after "i ").
    assert change.text_da.endswith("beskrivelse ændret: … ved afgangsprøven i [-9-]{+10+}. klasse")


def test_words_changed_side_by_side_are_one_change() -> None:
    old = _with_context(delaftale.Paragraph(text="Vi kører i den gamle røde bil hver dag."))
    new = _with_context(delaftale.Paragraph(text="Vi kører i den nye blå bil hver dag."))
    ((change,),) = [c.paragraphs for c in diff(old, new, findings=False).changes]
    assert [w for w in change.words if w[0] != "equal"] == [
        ("delete", "gamle røde"),
        ("insert", "nye blå"),
    ]


def test_a_rewritten_paragraph_is_shown_whole() -> None:
    # Alike in letters (the same stems), hardly a word in common: rewritten, not edited.
    old = _with_context(delaftale.Paragraph(text="Forældrene deltager i skolens møder."))
    new = _with_context(delaftale.Paragraph(text="Forældre deltog i skolernes mødeaftener."))
    ((change,),) = [c.paragraphs for c in diff(old, new, findings=False).changes]
    assert change.kind is ChangeKind.CHANGED
    assert change.words == (
        ("delete", "Forældrene deltager i skolens møder."),
        ("insert", "Forældre deltog i skolernes mødeaftener."),
    )


def test_paragraphs_with_nothing_alike_are_removed_and_added() -> None:
    old = _with_context(delaftale.Paragraph(text="Kommunen driver en lektiecafé om onsdagen."))
    new = _with_context(delaftale.Paragraph(text="Biblioteket holder åbent længere hver torsdag."))
    ((removed, added),) = [c.paragraphs for c in diff(old, new, findings=False).changes]
    assert (removed.kind, added.kind) == (ChangeKind.REMOVED, ChangeKind.ADDED)


def test_a_paragraphs_form_is_said() -> None:
    old = _with_context(
        delaftale.Paragraph(text="Lektiehjælp", kind=delaftale.ParagraphKind.BULLET),
        delaftale.Paragraph(text="Se rapporten.", footnotes=("Rapport 2024",)),
    )
    new = _with_context(
        delaftale.Paragraph(text="Lektiehjælp"), delaftale.Paragraph(text="Se rapporten.")
    )
    (change,) = diff(old, new, findings=False).changes
    assert [(p.number, p.form_da, p.form_en) for p in change.paragraphs] == [
        (1, "punkt → brødtekst", "bullet → body text"),
        (2, "fodnote fjernet", "footnote removed"),
    ]
    assert change.paragraphs[1].marked() == "Se rapporten. (fodnote fjernet)"
    assert not change.wording


def test_spacing_and_letter_encoding_alone_are_wording() -> None:
    old = _with_context(delaftale.Paragraph(text="Mødet holdes på skolen."))
    new = _with_context(delaftale.Paragraph(text="Mødet  holdes pa\u030a skolen."))  # NFD å
    (change,) = diff(old, new, findings=False).changes
    assert change.wording
    assert "kun mellemrum eller tegnenes kodning" in change.text_da


def test_a_removed_agreement_takes_its_own_findings_away() -> None:
    old = _plan()
    assert [a.focus_area for a in old.agreements] == [
        delaftale.FocusArea.UDDANNELSE_OG_LIVSCHANCER,
        delaftale.FocusArea.BESKAEFTIGELSE,
    ]
    new = attrs.evolve(old, agreements=old.agreements[1:])
    gone = diff(old, new).findings_disappeared
    # Beskæftigelse (old $.agreements[1]) is in both plans, with the same findings: none of
    # them went. Uddannelse og livschancer's (old $.agreements[0]) did.
    assert not [f for f in gone if f.path.startswith("$.agreements[1]")]
    assert any(f.path.startswith("$.agreements[0]") for f in gone)


def test_changes_from_another_version_are_refused() -> None:
    old_data, new_data, _expected = make_revisions.revised("ishoj-2025-beskaeftigelse")
    old, new = structure(old_data, Agreement), structure(new_data, Agreement)
    changes = diff(old, new, findings=False).changes
    with pytest.raises(ValueError, match=r"does not fit this version"):
        apply_changes(new, changes)  # made from old, applied to new
    gone = delaftale.Change(
        kind=ChangeKind.REMOVED,
        path="$.activities[99]",
        old={"name": "Lektiecafé"},
        new=None,
        text_da="",
        text_en="",
        section="$.activities",
    )
    with pytest.raises(ValueError, match=r"\$\.activities\[99\] does not fit this version"):
        apply_changes(old, [gone])


def test_changes_read_back_from_json_apply() -> None:
    old_data, new_data, _expected = make_revisions.revised(
        "soenderborg-2021-uddannelse-og-livschancer"
    )
    old, new = structure(old_data, Agreement), structure(new_data, Agreement)
    record = json.loads(json.dumps(revision_record(diff(old, new))))
    changes = delaftale.changes_from_record(record)
    assert changes == list(diff(old, new).changes)
    assert apply_changes(old, changes) == new
    with pytest.raises(ValueError, match="Change 1 of the revision's JSON cannot be read"):
        delaftale.changes_from_record({"changes": [{"kind": "renamed", "path": "$"}]})


def test_an_added_budget_line_says_its_amounts() -> None:
    old = _plan()
    line = delaftale.BudgetLine(
        category=delaftale.BudgetCategory.ACTIVITIES,
        description="Jobcafé",
        focus_area=delaftale.FocusArea.BESKAEFTIGELSE,
        amounts=(
            delaftale.YearAmount(year=2026, amount=Decimal(20000)),
            delaftale.YearAmount(year=2027, amount=Decimal("20000.50")),
        ),
    )
    new = attrs.evolve(old, budget=attrs.evolve(old.budget, lines=(*old.budget.lines, line)))
    (change,) = diff(old, new, findings=False).changes
    # 20.000 + 20.000,50 = 40.000,50, by hand.
    assert change.text_da == (
        "Budgetlinje tilføjet: Jobcafé (Beskæftigelse) (2026–2027: 40.000,50 kr. i alt)"
    )
