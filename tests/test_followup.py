"""The annual follow-up: the model, the direction read from the wording, the judgement, the rules.

Every expected figure is worked out by hand from the seed agreements' baselines (Ishøj 2025
Uddannelse og livschancer: delmål 1 61,21 %, delmål 2 8,87 %; Beskæftigelse delmål 3
81,40 %) and the made-up figures written here.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from delaftale import Agreement, FocusArea, Indicator, Measurement, Period, SubGoal, Unit
from delaftale.files import load_plan
from delaftale.followup import (
    Assessment,
    Direction,
    FollowUp,
    IndicatorFollowUp,
    Observation,
    Target,
    find_indicator,
    first_full_year,
    read_direction,
    status,
)
from delaftale.plan import Plan
from delaftale.schema import json_schema
from delaftale.serialization import dumps, loads
from delaftale.validation import validate
from strategies import indicator_followups, observations

ROOT = Path(__file__).parent.parent
UDD = FocusArea.UDDANNELSE_OG_LIVSCHANCER
BES = FocusArea.BESKAEFTIGELSE
D = Decimal


def _pct(year: int, value: str) -> Observation:
    return Observation(year=year, value=D(value), unit=Unit.PERCENT)


@pytest.fixture(scope="module")
def ishoj() -> Plan:
    return load_plan(ROOT / "examples" / "ishoj-2025-plan")


@pytest.fixture(scope="module")
def followed(ishoj: Plan) -> Plan:
    return attrs.evolve(
        ishoj,
        followup=FollowUp(
            indicators=(
                IndicatorFollowUp(
                    focus_area=UDD,
                    indicator="1.1",
                    observations=(_pct(2027, "63.50"), _pct(2026, "62.00")),  # sorted by year
                    target=Target(value=D("65"), year=2029),
                ),
                IndicatorFollowUp(
                    focus_area=UDD,
                    indicator="2.1",
                    observations=(_pct(2026, "9.10"), _pct(2027, "8.87"), _pct(2028, "8.00")),
                ),
                IndicatorFollowUp(
                    focus_area=UDD,
                    indicator="3.1",
                    observations=(Observation(year=2026, count=40),),
                ),
                IndicatorFollowUp(
                    focus_area=BES,
                    indicator="3.1",
                    observations=(Observation(year=2026, value=D("12"), unit=Unit.COUNT),),
                ),
            )
        ),
    )


def _by_key(statuses: tuple[object, ...], area: FocusArea, key: str) -> object:
    return next(s for s in statuses if s.focus_area is area and s.key == key)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- judgement


def test_share_moving_up_as_the_delmal_asks_is_improving(followed: Plan) -> None:
    s = _by_key(followed.status(2027), UDD, "1.1")
    assert s.direction.direction is Direction.UP  # "Flere unge gennemfører ..."
    assert s.baseline == D("61.21")
    assert s.comparison == D("68.45")
    assert s.baseline_year == 2023
    assert s.latest == _pct(2027, "63.50")
    assert s.change == D("2.29")  # 63,50 - 61,21
    assert s.assessment is Assessment.IMPROVING
    assert s.target_reached is False  # 63,50 < 65
    assert [o.year for o in s.figures] == [2026, 2027]


def test_a_status_for_an_earlier_year_ignores_later_figures(followed: Plan) -> None:
    s = _by_key(followed.status(2026), UDD, "1.1")
    assert s.latest == _pct(2026, "62.00")
    assert s.change == D("0.79")
    assert [o.year for o in s.figures] == [2026]
    assert _by_key(followed.status(2025), UDD, "1.1").assessment is Assessment.NO_DATA


def test_share_rising_where_the_delmal_asks_for_fewer_is_worsening(followed: Plan) -> None:
    # "Færre unge afbryder uddannelse ...": 9,10 % against 8,87 % is 0,23 points the wrong way.
    s = _by_key(followed.status(2026), UDD, "2.1")
    assert s.direction.direction is Direction.DOWN
    assert s.direction.doubt is None
    assert s.change == D("0.23")
    assert s.assessment is Assessment.WORSENING
    back = _by_key(followed.status(2027), UDD, "2.1")
    assert back.change == 0
    assert back.assessment is Assessment.UNCHANGED
    down = _by_key(followed.status(2028), UDD, "2.1")
    assert down.change == D("-0.87")
    assert down.assessment is Assessment.IMPROVING


def test_a_pending_baseline_is_judged_pending_even_with_figures(followed: Plan) -> None:
    s = _by_key(followed.status(2027), UDD, "3.1")
    assert s.baseline is None
    assert s.baseline_pending
    assert s.latest == Observation(year=2026, count=40)
    assert s.assessment is Assessment.PENDING_BASELINE
    assert s.change is None


def test_a_figure_in_another_unit_is_not_judged(followed: Plan) -> None:
    s = _by_key(followed.status(2027), BES, "3.1")
    assert s.unit is Unit.PERCENT
    assert s.baseline == D("81.40")
    assert s.assessment is None
    assert s.reason == "unit_differs"
    assert s.change is None


def test_indicators_without_follow_up_have_no_data(followed: Plan) -> None:
    statuses = followed.status(2027)
    assert len(statuses) == 7  # 3 indicators in Uddannelse og livschancer, 4 in Beskæftigelse
    s = _by_key(statuses, BES, "4.1")
    assert s.assessment is Assessment.PENDING_BASELINE  # 'Udfyldes første hele kalenderår'
    assert _by_key(statuses, FocusArea.BESKAEFTIGELSE, "1.1").figures == ()


def test_a_bare_number_is_read_in_the_baselines_unit(ishoj: Plan) -> None:
    plan = attrs.evolve(
        ishoj,
        followup=FollowUp(
            indicators=(
                IndicatorFollowUp(
                    focus_area=BES,
                    indicator="3.1",
                    observations=(Observation(year=2026, value=D("80.4")),),
                ),
            )
        ),
    )
    s = _by_key(plan.status(2026), BES, "3.1")
    assert s.change == D("-1.00")
    assert s.assessment is Assessment.WORSENING


def test_target_reached_follows_the_direction(ishoj: Plan) -> None:
    entry = IndicatorFollowUp(
        focus_area=UDD,
        indicator="2.1",
        observations=(_pct(2027, "7.50"),),
        target=Target(value=D("7.50"), unit=Unit.PERCENT, year=2029),
    )
    plan = attrs.evolve(ishoj, followup=FollowUp(indicators=(entry,)))
    assert _by_key(plan.status(2027), UDD, "2.1").target_reached is True  # equal counts
    higher = attrs.evolve(entry, observations=(_pct(2027, "7.51"),))
    plan = attrs.evolve(ishoj, followup=FollowUp(indicators=(higher,)))
    assert _by_key(plan.status(2027), UDD, "2.1").target_reached is False  # down is better


def test_the_year_must_be_a_year(followed: Plan) -> None:
    for bad in (True, 1989, 2101, "2027"):
        with pytest.raises(ValueError, match="year"):
            followed.status(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- direction


def _sonderborg() -> Agreement:
    from delaftale.serialization import loads as load

    text = (ROOT / "examples" / "soenderborg-2021-uddannelse-og-livschancer.json").read_text()
    return load(text, Agreement)


@pytest.mark.parametrize(
    ("number", "direction", "word", "doubt"),
    [
        (1, Direction.DOWN, "mindre", None),  # "Børn i grundskolen får mindre fravær"
        (2, Direction.UP, "Flere", None),  # "Flere elever gennemfører ..."
        (3, None, None, None),  # "De unge gennemfører uddannelse efter grundskolen"
        # "Flere unge fastholdes i uddannelse", measured as the share that "ikke har
        # tilknytning": it probably counts the opposite, but "ikke har behov for
        # sprogstøtte" would not, so the direction is left to the secretariat.
        (4, None, "Flere", "ikke"),
    ],
)
def test_direction_from_the_sonderborg_wording(
    number: int, direction: Direction | None, word: str | None, doubt: str | None
) -> None:
    goal = _sonderborg().sub_goals[number - 1]
    reading = read_direction(goal, goal.indicators[0])
    assert (reading.direction, reading.word, reading.doubt) == (direction, word, doubt)


def test_a_negation_in_only_one_of_delmal_and_indicator_is_explained() -> None:
    goal = _sonderborg().sub_goals[3]
    reading = read_direction(goal, goal.indicators[0])
    assert reading.explain("da") == (
        "'Flere' i delmålet, men 'ikke' i kun det ene af delmål og indikator: indikatoren "
        "måler måske det modsatte; angiv retningen i opfølgningen"
    )


def test_a_negation_in_both_delmal_and_indicator_is_no_doubt(ishoj: Plan) -> None:
    # "Færre unge afbryder uddannelse uden at ..." / "... har afbrudt ... og ikke påbegyndt"
    goal = ishoj.agreements[0].sub_goals[1]
    reading = read_direction(goal, goal.indicators[0])
    assert reading.direction is Direction.DOWN
    assert reading.doubt is None
    assert reading.explain("da") == "'Færre' i delmålet"
    assert reading.explain("en") == "'Færre' in the delmål"


@pytest.mark.parametrize(
    ("title", "description", "expected"),
    [
        ("Øge beskæftigelsen", "Andel i job", Direction.UP),
        ("Færre anmeldelser", "Antal anmeldelser", Direction.DOWN),
        ("Ledigheden reduceres", "Andel ledige", Direction.DOWN),
        ("Nedbringe fraværet", "Fravær i dage", Direction.DOWN),
        ("Højere trivsel", "Andel der trives", Direction.UP),
        ("Øge trivslen og mindske ensomheden", "Andel", None),  # both ways: not guessed
        ("Unge i uddannelse", "Andelen stiger", Direction.UP),  # the indicator's verb
        ("Unge i uddannelse", "Andelen falder", Direction.DOWN),
        ("Unge i uddannelse", "Andel med mere end 9 fraværsdage", None),  # a threshold
        # What a user probe found misread before:
        (
            "Flere beboere deltager i foreningslivet",
            "Andel i aktiviteter uden for området",
            Direction.UP,
        ),
        (
            "Flere unge gennemfører en uddannelse",
            "Andel med uddannelse (ikke medregnet AMU)",
            Direction.UP,
        ),
        ("Mindre stigmatisering af området", "Andel der oplever stigmatisering", Direction.DOWN),
        ("Mindre stigmatisering og færre unge der afbryder", "Andel", Direction.DOWN),
        ("Reducere ungdomsledigheden", "Andel unge uden for beskæftigelse", Direction.DOWN),
        ("Flere børn har alderssvarende sprog", "Andel der ikke har behov for sprogstøtte", None),
        ("Unge i uddannelse", "Andel der oplever stigmatisering", None),  # not "stiger"
    ],
)
def test_direction_words(title: str, description: str, expected: Direction | None) -> None:
    goal = SubGoal(title=title, indicators=(Indicator(description=description),))
    assert read_direction(goal, goal.indicators[0]).direction is expected


def test_a_direction_set_in_the_follow_up_wins() -> None:
    goal = SubGoal(title="Færre ledige", indicators=(Indicator(description="Andel ledige"),))
    reading = read_direction(goal, goal.indicators[0], Direction.UP)
    assert reading.direction is Direction.UP
    assert reading.source == "follow-up"
    assert reading.explain("da") == "angivet i opfølgningen"


def test_unknown_direction_leaves_a_change_unjudged_but_not_an_equal_figure() -> None:
    agreement = _sonderborg()  # delmål 3 has no direction word; baseline 45,3 %
    changed = IndicatorFollowUp(focus_area=UDD, indicator="3.1", observations=(_pct(2022, "47"),))
    s = status((agreement,), FollowUp(indicators=(changed,)), 2022)[2]
    assert s.assessment is None
    assert s.reason == "direction_unknown"
    assert s.change == D("1.7")
    same = attrs.evolve(changed, observations=(_pct(2022, "45.30"),))
    assert status((agreement,), FollowUp(indicators=(same,)), 2022)[2].assessment is (
        Assessment.UNCHANGED
    )
    set_up = attrs.evolve(changed, direction=Direction.UP)
    assert status((agreement,), FollowUp(indicators=(set_up,)), 2022)[2].assessment is (
        Assessment.IMPROVING
    )


# --------------------------------------------------------------------------- identity


def test_an_explicit_id_survives_a_revision_that_renumbers(ishoj: Plan) -> None:
    udd = ishoj.agreements[0]
    first = udd.sub_goals[0]
    named = attrs.evolve(
        first, indicators=(attrs.evolve(first.indicators[0], id="udd-gennemfoert"),)
    )
    new_goal = SubGoal(
        title="Flere unge i fritidsjob", indicators=(Indicator(description="Andel"),)
    )
    revised = attrs.evolve(udd, sub_goals=(new_goal, named, *udd.sub_goals[1:]))
    entry = IndicatorFollowUp(
        focus_area=UDD, indicator="UDD-Gennemfoert", observations=(_pct(2026, "62.00"),)
    )
    s = status((revised,), FollowUp(indicators=(entry,)), 2026)
    assert [x.key for x in s] == ["1.1", "udd-gennemfoert", "3.1", "4.1"]
    assert s[1].sub_goal == 2
    assert s[1].latest == _pct(2026, "62.00")
    assert s[0].figures == ()  # the new delmål 1 does not take the old 1.1's figures
    assert find_indicator(revised, "udd-gennemfoert") == (2, 1)
    assert find_indicator(revised, " 2 . 1 ") == (2, 1)
    assert find_indicator(revised, "5.1") is None
    assert find_indicator(revised, "x") is None


def test_an_id_that_looks_like_numbers_is_refused() -> None:
    with pytest.raises(ValueError, match="looks like the numbers"):
        Indicator(description="x", id="2.1")


def test_model_refuses_what_cannot_be_right() -> None:
    with pytest.raises(ValueError, match="more than one figure for 2026"):
        IndicatorFollowUp(
            focus_area=UDD, indicator="1.1", observations=(_pct(2026, "1"), _pct(2026, "2"))
        )
    with pytest.raises(ValueError, match="needs a 'value'"):
        Observation(year=2026)
    with pytest.raises(ValueError, match="'unit' belongs to a 'value'"):
        Observation(year=2026, count=3, unit=Unit.PERCENT)
    with pytest.raises(ValueError, match="from 1990 to 2100"):
        Observation(year=1900, count=3)
    with pytest.raises(ValueError, match="negative"):
        Observation(year=2026, value=D("-1"))
    with pytest.raises(ValueError, match="twice"):
        FollowUp(
            indicators=(
                IndicatorFollowUp(focus_area=UDD, indicator="2.1"),
                IndicatorFollowUp(focus_area=UDD, indicator=" 2 . 1"),
            )
        )


@pytest.mark.parametrize(
    ("start", "expected"),
    [(date(2025, 11, 1), 2026), (date(2026, 1, 1), 2026), (date(2021, 9, 1), 2022)],
)
def test_first_full_calendar_year(start: date, expected: int) -> None:
    assert first_full_year(Period(start=start, end=date(2030, 1, 1))) == expected


# --------------------------------------------------------------------------- rules


def _codes(plan: Plan, year: int | None = None) -> list[tuple[str, str]]:
    return [
        (f.code, f.path)
        for f in validate(plan, year=year).findings
        if f.code.startswith("followup")
    ]


def test_rules_as_of_the_year_asked(followed: Plan) -> None:
    found = _codes(followed, 2027)
    pending = [p for c, p in found if c == "followup-baseline-pending"]
    # Due in 2026 (baseline år 2026, the first full calendar year), still pending in 2027.
    assert pending == [
        "$.agreements[0].sub_goals[2].indicators[0].baseline",
        "$.agreements[1].sub_goals[0].indicators[0].baseline",
        "$.agreements[1].sub_goals[1].indicators[0].baseline",
        "$.agreements[1].sub_goals[3].indicators[0].baseline",
    ]
    missing = [p for c, p in found if c == "followup-no-figure"]
    # 2027 figures exist for Uddannelse 1.1 and 2.1 only.
    assert "$.agreements[0].sub_goals[0].indicators[0]" not in missing
    assert "$.agreements[0].sub_goals[1].indicators[0]" not in missing
    assert len(missing) == 5
    assert ("followup-unit-differs", "$.followup.indicators[3].observations[0].unit") in found


def test_an_overdue_baseline_points_to_the_figure_that_could_fill_it(followed: Plan) -> None:
    report = validate(followed, year=2027)
    finding = next(
        f
        for f in report.findings
        if f.path == "$.agreements[0].sub_goals[2].indicators[0].baseline"
    )
    assert "skulle måles i 2026 og mangler stadig i 2027" in finding.message_da
    assert "40 personer for 2026" in finding.message_da
    assert "40 people for 2026" in finding.message


def test_not_yet_overdue_in_the_year_it_is_due(followed: Plan) -> None:
    assert not [c for c, _ in _codes(followed, 2026) if c == "followup-baseline-pending"]


def test_without_a_year_the_follow_up_is_checked_as_of_its_last_year(followed: Plan) -> None:
    found = _codes(followed)
    assert not [c for c, _ in found if c == "followup-no-figure"]
    assert [c for c, _ in found].count("followup-baseline-pending") == 4  # as of 2028


def test_unknown_indicators_and_target_years(ishoj: Plan) -> None:
    plan = attrs.evolve(
        ishoj,
        followup=FollowUp(
            indicators=(
                IndicatorFollowUp(focus_area=UDD, indicator="9.1"),
                IndicatorFollowUp(focus_area=FocusArea.KRIMINALITETSFOREBYGGELSE, indicator="1.1"),
                IndicatorFollowUp(
                    focus_area=UDD, indicator="1.1", target=Target(value=D("70"), year=2031)
                ),
                IndicatorFollowUp(
                    focus_area=UDD, indicator="2.1", target=Target(value=D("7"), year=2029)
                ),
            )
        ),
    )
    found = _codes(plan)
    assert ("followup-unknown-indicator", "$.followup.indicators[0].indicator") in found
    assert ("followup-unknown-indicator", "$.followup.indicators[1].focus_area") in found
    assert ("followup-target-year", "$.followup.indicators[2].target.year") in found  # 2025-29
    assert ("followup-target-year", "$.followup.indicators[3].target.year") not in found


def test_direction_unknown_is_reported_once_figures_exist() -> None:
    agreement = _sonderborg()
    plan = Plan(name="Sønderborg", agreements=(agreement,), period=agreement.period)
    entry = IndicatorFollowUp(focus_area=UDD, indicator="3.1", observations=(_pct(2022, "47"),))
    found = _codes(attrs.evolve(plan, followup=FollowUp(indicators=(entry,))))
    assert (
        found.count(("followup-direction-unknown", "$.agreements[0].sub_goals[2].indicators[0]"))
        == 1
    )
    fixed = FollowUp(indicators=(attrs.evolve(entry, direction=Direction.UP),))
    assert "followup-direction-unknown" not in [
        c for c, _ in _codes(attrs.evolve(plan, followup=fixed))
    ]


def test_validate_refuses_a_year_that_is_not_one(followed: Plan) -> None:
    with pytest.raises(ValueError, match="year must be a year"):
        validate(followed, year=20270)


# --------------------------------------------------------------------------- JSON


def test_follow_up_round_trips_and_matches_the_schema(followed: Plan) -> None:
    text = dumps(followed)
    data = json.loads(text)
    jsonschema.validate(data, json_schema(Plan))
    entry = data["followup"]["indicators"][0]
    assert entry["observations"][0] == {"year": 2026, "value": "62.00", "unit": "percent"}
    assert entry["target"] == {"value": "65", "year": 2029}
    assert loads(text, Plan) == followed


@given(entry=indicator_followups())
def test_figures_are_kept_in_year_order(entry: IndicatorFollowUp) -> None:
    years = [o.year for o in entry.observations]
    assert years == sorted(years)
    assert len(set(years)) == len(years)


@given(
    later=st.lists(st.integers(2028, 2035), unique=True, max_size=3).flatmap(
        lambda years: st.tuples(*(observations(year=y) for y in years))
    )
)
def test_figures_after_the_year_asked_change_nothing(
    ishoj: Plan, later: tuple[Observation, ...]
) -> None:
    # A status for 2027 must read as it did in 2027, whatever is added for later years.
    base = IndicatorFollowUp(focus_area=UDD, indicator="1.1", observations=(_pct(2027, "63.50"),))
    before = status(ishoj.agreements, FollowUp(indicators=(base,)), 2027)
    grown = attrs.evolve(base, observations=(*base.observations, *later))
    assert status(ishoj.agreements, FollowUp(indicators=(grown,)), 2027) == before


@given(value=st.decimals(min_value=0, max_value=100, places=2), up=st.booleans())
def test_the_assessment_follows_the_sign_of_the_change(
    ishoj: Plan, value: Decimal, up: bool
) -> None:
    direction = Direction.UP if up else Direction.DOWN
    entry = IndicatorFollowUp(
        focus_area=UDD, indicator="1.1", observations=(_pct(2027, str(value)),), direction=direction
    )
    s = _by_key(status(ishoj.agreements, FollowUp(indicators=(entry,)), 2027), UDD, "1.1")
    baseline = D("61.21")
    if value == baseline:
        assert s.assessment is Assessment.UNCHANGED
    elif (value > baseline) == up:
        assert s.assessment is Assessment.IMPROVING
    else:
        assert s.assessment is Assessment.WORSENING


def test_measurement_of_the_seed_is_what_the_judgement_compares(ishoj: Plan) -> None:
    # The baseline compared is the agreement's parsed value, not its wording.
    baseline = ishoj.agreements[0].sub_goals[0].indicators[0].baseline
    assert baseline == Measurement(
        text=baseline.text if baseline else None, value=D("61.21"), unit=Unit.PERCENT
    )


# --------------------------------------------------------------------------- views


def test_status_records_are_exact_json(followed: Plan) -> None:
    from delaftale.followup import status_records

    records = status_records(followed.status(2027))
    first = records[0]
    assert first["focus_area"] == "uddannelse_og_livschancer"
    assert (first["sub_goal"], first["indicator"], first["key"]) == (1, 1, "1.1")
    assert first["direction"] == "up"
    assert first["baseline"] == {"year": 2023, "value": "61.21", "pending": False}
    assert first["latest"] == {"year": 2027, "value": "63.50", "count": None}
    assert first["change"] == "2.29"
    assert first["target"] == {"value": "65", "year": 2029}
    assert first["assessment"] == "improving"
    assert first["assessment_text"] == "Udviklingen går den rigtige vej"
    unit = next(r for r in records if r["focus_area"] == "beskaeftigelse" and r["key"] == "3.1")
    assert unit["assessment"] is None
    assert unit["assessment_text"] == (
        "Kan ikke vurderes: det seneste tal er opgjort i en anden enhed end baseline."
    )
    assert json.loads(json.dumps(records)) == records


def test_status_frame_keeps_figures_exact(followed: Plan) -> None:
    from delaftale.frames import status_frame

    frame = status_frame(followed, 2027)
    assert len(frame) == 7
    row = frame.iloc[0]
    assert row["change"] == D("2.29")
    assert isinstance(row["change"], Decimal)
    assert row["assessment"] == "improving"
    assert [c for c in frame.columns if isinstance(c, int)] == [2026, 2027]
    assert frame.iloc[0][2026] == D("62.00")
    assert frame.iloc[2][2026] == D(40)  # a count only
    assert frame.iloc[3][2027] is None  # no figure
    assert str(frame["baseline_year"].dtype) == "Int64"


@pytest.mark.parametrize(
    ("change", "unit", "expected"),
    [
        (D("2.29"), Unit.PERCENT, "+2,29 procentpoint"),
        (D("-0.87"), Unit.PERCENT, "-0,87 procentpoint"),
        (D("0.00"), Unit.PERCENT, "0,00 procentpoint"),
        (D("1234"), Unit.COUNT, "+1.234"),
        (D("-3"), None, "-3"),
    ],
)
def test_format_change(change: Decimal, unit: Unit | None, expected: str) -> None:
    from delaftale.danish import format_change

    assert format_change(change, unit) == expected


def test_progress_is_measured_after_the_baseline_year(ishoj: Plan) -> None:
    # Uddannelse 1.1's baseline is 61,21 % in 2023. A 2023 figure is the baseline measured
    # again, a 2022 one history: neither is progress, and a status for 2021 has no data.
    entry = IndicatorFollowUp(
        focus_area=UDD,
        indicator="1.1",
        observations=(_pct(2022, "59.00"), _pct(2023, "60.00"), _pct(2024, "62.21")),
    )
    plan = attrs.evolve(ishoj, followup=FollowUp(indicators=(entry,)))
    assert _by_key(plan.status(2021), UDD, "1.1").assessment is Assessment.NO_DATA
    at_2023 = _by_key(plan.status(2023), UDD, "1.1")
    assert at_2023.assessment is Assessment.NO_DATA
    assert [o.year for o in at_2023.figures] == [2022, 2023]  # shown, not judged
    at_2024 = _by_key(plan.status(2024), UDD, "1.1")
    assert at_2024.change == D("1.00")  # 62,21 - 61,21
    assert at_2024.assessment is Assessment.IMPROVING


def test_figures_checked_against_the_baseline_and_the_period(ishoj: Plan) -> None:
    # Uddannelse 2.1: baseline 8,87 % in 2023; the plan runs 2025-2029.
    entry = IndicatorFollowUp(
        focus_area=UDD,
        indicator="2.1",
        observations=(
            Observation(year=2023, value=D("9.5"), unit=Unit.PERCENT),  # not the baseline
            Observation(year=2024, value=D("0.0912")),  # a fraction, not 9,12 %
            Observation(year=2025, value=D("912")),  # a percent cell holding 9,12
            Observation(year=2026, count=45),  # Antal only: a count against a share
            Observation(year=2030, value=D("8")),  # the year after the period: fine
            Observation(year=2062, value=D("8")),  # a typo for 2026
        ),
    )
    plan = attrs.evolve(ishoj, followup=FollowUp(indicators=(entry,)))
    found = _codes(plan, 2026)
    here = "$.followup.indicators[0].observations"
    assert ("followup-baseline-differs", f"{here}[0].value") in found
    assert ("followup-figure-implausible", f"{here}[1].value") in found
    assert ("followup-figure-implausible", f"{here}[2].value") in found
    assert ("followup-unit-differs", f"{here}[3].unit") in found
    assert ("followup-year-after-period", f"{here}[5].year") in found
    assert ("followup-year-after-period", f"{here}[4].year") not in found
    # The judgement agrees with the unit rule: 45 people cannot be compared with 8,87 %.
    s = _by_key(plan.status(2026), UDD, "2.1")
    assert s.reason == "unit_differs"


def test_an_unclear_direction_says_where_to_set_it() -> None:
    agreement = _sonderborg()
    plan = Plan(name="Sønderborg", agreements=(agreement,), period=agreement.period)
    entry = IndicatorFollowUp(focus_area=UDD, indicator="4.1", observations=(_pct(2022, "10"),))
    report = validate(attrs.evolve(plan, followup=FollowUp(indicators=(entry,))))
    (finding,) = [f for f in report.findings if f.code == "followup-direction-unknown"]
    assert finding.path == "$.agreements[0].sub_goals[3].indicators[0]"
    assert "'Flere' i delmålet, men 'ikke' i kun det ene" in finding.message_da
    assert (
        '"followup": {"indicators": [{"focus_area": "uddannelse_og_livschancer", '
        '"indicator": "4.1", "direction": "up"}]}'
    ) in finding.message_da


@pytest.mark.parametrize(
    ("observation", "unit", "lang", "expected"),
    [
        (Observation(year=2026, value=D("63.10"), unit=Unit.PERCENT), None, "da", "63,10 %"),
        (Observation(year=2026, value=D("80.5")), Unit.PERCENT, "da", "80,5 %"),  # baseline's
        (
            Observation(year=2026, value=D("72"), unit=Unit.PERCENT, count=36),
            None,
            "da",
            "72 % (36 personer)",
        ),
        (Observation(year=2026, count=1234), Unit.PERCENT, "da", "1.234 personer"),
        (Observation(year=2026, count=14), None, "en", "14 people"),
    ],
)
def test_format_observation(
    observation: Observation, unit: Unit | None, lang: str, expected: str
) -> None:
    from delaftale.danish import format_observation

    assert format_observation(observation, unit, lang=lang) == expected
