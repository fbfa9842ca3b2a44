"""One truth per figure: a written delaftale never states a number the data does not hold.

The figures expected here are worked out by hand (or drawn by Hypothesis and written in Danish
notation by the test's own formatter, ``strategies.danish_figure``), never by the code under
test.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import delaftale
from delaftale import Agreement, DataError, read_docx, render_docx
from delaftale.danish import (
    format_baseline_year,
    format_measurement,
    format_period,
    format_staff_line,
    parse_baseline_year,
    parse_measurement,
    parse_period,
    parse_staff_line,
    wording_differences,
)
from fixtures.build_templates import TEMPLATES, build_templates
from strategies import MONTHS, danish_figure, doc_agreements, figure_edits

EXAMPLES = Path(__file__).parent.parent / "examples"
FORMS = ("built-in", *TEMPLATES)


def example(stem: str) -> Agreement:
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


# --------------------------------------------------------------------------- the wording rules


LEADER = "Boligsocial leder (ansat på 37 timer): 35 % af stillingen"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, LEADER),  # agrees: the author's line, unchanged
        ({"share": Decimal(25)}, "Boligsocial leder (ansat på 37 timer): 25 % af stillingen"),
        (
            {"weekly_hours": Decimal(30)},
            "Boligsocial leder (ansat på 30 timer): 35 % af stillingen",
        ),
        ({"title": "Projektleder"}, "Projektleder (ansat på 37 timer): 35 % af stillingen"),
        # 37 stands twice once the share is 37: changing the hours is then ambiguous, so the
        # line is worded anew from the values.
        (
            {"share": Decimal(37), "weekly_hours": Decimal(30)},
            "Boligsocial leder (ansat på 30 timer): 37 % af stillingen",
        ),
        (
            {"share": None, "area_hours": Decimal("7.5")},
            "Boligsocial leder (ansat på 37 timer): 7,5 timer om ugen",
        ),
    ],
)
def test_a_staff_line_states_its_values(change: dict[str, Any], expected: str) -> None:
    line = attrs.evolve(parse_staff_line(LEADER), **change)
    assert format_staff_line(line) == expected


def test_an_ambiguous_figure_is_not_edited_in_place() -> None:
    # "37" is both the hours and the share: which one the author meant cannot be told.
    line = parse_staff_line("Projektleder (ansat på 37 timer): 37 % af stillingen")
    assert format_staff_line(attrs.evolve(line, share=Decimal(25))) == (
        "Projektleder (ansat på 37 timer): 25 % af stillingen"  # worded anew, not guessed
    )
    assert parse_staff_line(format_staff_line(attrs.evolve(line, share=Decimal(25)))).share == 25


@pytest.mark.parametrize(
    ("text", "change", "expected"),
    [
        (
            "61,21 % af de 18-29-årige har gennemført en uddannelse",
            {"value": Decimal(50)},
            "50 % af de 18-29-årige har gennemført en uddannelse",
        ),
        ("4,6%\n50 elever", {"count": 48}, "4,6%\n48 elever"),
        ("5.526 unge", {"value": Decimal(5600)}, "5.600 unge"),
        # The figure was still pending; now it has a value: the old wording cannot hold it.
        (
            "Udfyldes første hele kalenderår af helhedsplanen",
            {"value": Decimal("12.5"), "unit": delaftale.Unit.PERCENT, "pending": False},
            "12,5 %",
        ),
    ],
)
def test_a_baseline_states_its_values(text: str, change: dict[str, Any], expected: str) -> None:
    assert format_measurement(attrs.evolve(parse_measurement(text), **change)) == expected


def test_a_period_keeps_its_wording_while_it_states_the_days() -> None:
    period = parse_period("1/11-2025 til 31/10-2029")
    assert format_period(period) == "1/11-2025 til 31/10-2029"
    later = attrs.evolve(period, end=date(2030, 6, 30))
    assert format_period(later) == "1/11-2025 til 30/6-2030"  # the author's numeric style
    long = parse_period("1. september 2021 – 31. august 2025")
    assert format_period(attrs.evolve(long, start=date(2021, 10, 1))) == (
        "1. oktober 2021 til 31. august 2025"
    )
    assert period == attrs.evolve(period, text="1. november 2025 til 31. oktober 2029")


def test_a_baseline_year_states_its_years() -> None:
    year = parse_baseline_year("Skoleåret 2019/2020")
    assert format_baseline_year(year) == "Skoleåret 2019/2020"
    assert (
        format_baseline_year(attrs.evolve(year, year=2020, end_year=2021)) == "Skoleåret 2020/2021"
    )
    single = parse_baseline_year("2021, ultimo februar")
    assert format_baseline_year(attrs.evolve(single, year=2022)) == "2022, ultimo februar"


def test_wording_differences_name_both_figures() -> None:
    line = attrs.evolve(parse_staff_line(LEADER), share=Decimal(25))
    assert wording_differences(line) == [("share", Decimal(35), Decimal(25))]
    assert wording_differences(parse_staff_line(LEADER)) == []
    assert wording_differences(parse_staff_line("Se budgettet")) == []  # states no figure


# --------------------------------------------------------------------------- the written document


def _document_text(document: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml").decode("utf-8")
    xml = re.sub(r"</w:p>", "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)


def test_the_issue_example_a_share_changed_with_attrs_evolve(tmp_path: Path) -> None:
    agreement = example("ishoj-2025-uddannelse-og-livschancer")
    staffing = agreement.staffing
    leader = staffing.allocations[0]
    assert leader.text == "Boligsocial leder (ansat på 37 timer): 25 % af stillingen"
    changed = attrs.evolve(
        agreement,
        staffing=attrs.evolve(
            staffing,
            allocations=(attrs.evolve(leader, share=Decimal(35)), *staffing.allocations[1:]),
        ),
    )
    report = delaftale.validate(changed)
    assert [f.code for f in report if f.code == "wording-disagrees"] == ["wording-disagrees"]
    finding = next(f for f in report if f.code == "wording-disagrees")
    assert "35 %" in finding.message
    assert "25 %" in finding.message
    assert "35 %" in finding.message_da
    document = render_docx(changed)
    text = _document_text(document)
    assert "Boligsocial leder (ansat på 37 timer): 35 % af stillingen" in text
    assert "Boligsocial leder (ansat på 37 timer): 25 % af stillingen" not in text
    assert read_docx(document).staffing.allocations[0].share == 35


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    built = build_templates(tmp_path_factory.mktemp("wording"))
    return {name: path.read_bytes() for name, path in built.items()}


def _get(obj: Any, path: str) -> Any:
    for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        obj = getattr(obj, name) if name else obj[int(index)]
    return obj


def _evolve(obj: Any, path: str, value: Any) -> Any:
    """What an attrs user writes: nested attrs.evolve, the wording left as it was."""
    steps = re.findall(r"\.(\w+)|\[(\d+)\]", path)
    name, index = steps[0]
    rest = "".join(f".{n}" if n else f"[{i}]" for n, i in steps[1:])
    child = getattr(obj, name) if name else obj[int(index)]
    new = _evolve(child, rest, value) if rest else value
    if name:
        return attrs.evolve(obj, **{name: new})
    return (*obj[: int(index)], new, *obj[int(index) + 1 :])


def _shown(value: object) -> list[str]:
    """How a document may state the figure: Danish notation; a date in either style."""
    if isinstance(value, date):
        months = MONTHS  # the test's own month names, not the code under test's
        return [
            f"{value.day}/{value.month}-{value.year}",
            f"{value.day}. {months[value.month - 1]} {value.year}",
        ]
    if isinstance(value, int):
        return [str(value)]
    assert isinstance(value, Decimal)
    return [danish_figure(value)]


def _numbers(text: str) -> list[Decimal]:
    found = []
    for token in re.findall(r"(?<![\d,.])\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text):
        found.append(Decimal(token.replace(".", "").replace(",", ".")))
    return found


@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_a_changed_figure_is_written_and_the_old_one_is_not(
    templates: dict[str, bytes], data: st.DataObject
) -> None:
    agreement = data.draw(doc_agreements, label="agreement")
    path, old, new = data.draw(figure_edits(agreement), label="edit")
    with_helper = data.draw(st.booleans(), label="with delaftale.replace")
    edited = (
        delaftale.replace(agreement, path, new) if with_helper else _evolve(agreement, path, new)
    )
    form_name = data.draw(st.sampled_from(FORMS), label="form")
    template = None if form_name == "built-in" else templates[form_name]
    document = render_docx(edited, template=template)
    read = read_docx(document)
    assert _get(read, path) == new
    # The wording the document holds for that figure states the new figure, not the old.
    owner = path.rsplit(".", 1)[0]
    if path == "$.staffing.area_weight":
        wording = next(
            line for line in _document_text(document).splitlines() if "vægtes overordnet" in line
        )
        others: list[object] = []
    else:
        worded = _get(read, owner)
        wording = worded.text
        others = [
            v for k, v in attrs.asdict(worded, recurse=False).items() if k != path.rsplit(".", 1)[1]
        ]
        # A staff line states its shares in other areas too ("… arbejder med AA 0 %"): the
        # old figure may rightly stand there.
        others += [o.share for o in getattr(worded, "other_areas", ())]
    assert any(shown in wording for shown in _shown(new)), (wording, new)
    if isinstance(old, date):
        assert not any(shown in wording for shown in _shown(old)) or old in others
    else:
        stated = _numbers(wording)
        assert Decimal(old) not in stated or any(  # type: ignore[arg-type]
            isinstance(o, Decimal | int) and not isinstance(o, bool) and Decimal(o) == Decimal(old)  # type: ignore[arg-type]
            for o in others
        ), (wording, old)
    assert wording.strip() in _document_text(document)


@pytest.mark.parametrize("form_name", FORMS)
@pytest.mark.parametrize(
    "stem",
    [
        "ishoj-2025-beskaeftigelse",
        "ishoj-2025-uddannelse-og-livschancer",
        "soenderborg-2021-uddannelse-og-livschancer",
    ],
)
def test_unchanged_agreements_keep_their_wording_byte_for_byte(
    templates: dict[str, bytes], stem: str, form_name: str
) -> None:
    agreement = example(stem)
    assert agreement.period is not None
    worded = attrs.evolve(
        agreement,
        period=attrs.evolve(
            agreement.period,
            text="1/11-2025 til 31/10-2029"
            if stem.startswith("ishoj")
            else "1. september 2021 – 31. august 2025",
        ),
    )
    template = None if form_name == "built-in" else templates[form_name]
    read = read_docx(render_docx(worded, template=template))
    assert read.period is not None
    assert read.period.text == worded.period.text  # type: ignore[union-attr]
    assert [a.text for a in read.staffing.allocations] == [
        a.text for a in agreement.staffing.allocations
    ]
    for goal, read_goal in zip(agreement.sub_goals, read.sub_goals, strict=True):
        for i, r in zip(goal.indicators, read_goal.indicators, strict=True):
            for name in ("baseline", "comparison"):
                if getattr(i, name) is not None:
                    assert getattr(r, name).text == getattr(i, name).text
            if i.baseline_year is not None:
                assert r.baseline_year.text == i.baseline_year.text  # type: ignore[union-attr]


# --------------------------------------------------------------------------- replace()


def test_replace_on_a_plan_by_a_findings_path() -> None:
    from delaftale.files import load_plan

    plan = load_plan(EXAMPLES / "ishoj-2025-plan" / "plan.json")
    path = "$.agreements[1].staffing.allocations[0].share"
    changed = delaftale.replace(plan, path, Decimal("30"))
    line = changed.agreements[1].staffing.allocations[0]
    assert line.share == 30
    assert line.text == "Boligsocial leder (ansat på 37 timer): 30 % af stillingen"
    assert plan.agreements[1].staffing.allocations[0].share == 25  # the original is untouched
    assert changed.agreements[0] is plan.agreements[0]
    assert delaftale.replace(plan, path, 30) == changed  # an int is taken as a Decimal


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "$.staffing.allocations[9].share",
            Decimal(1),
            r"\$\.staffing\.allocations has \d+ entries",
        ),
        ("$.staffing.allocations[0].shar", Decimal(1), r"has no field 'shar'; its fields are text"),
        (
            "$.staffing.allocations[0].share",
            0.25,
            r"\$\.staffing\.allocations\[0\]\.share: 0\.25 is a float",
        ),
        (
            "$.staffing.allocations[0].share",
            Decimal(-5),
            r"\$\.staffing\.allocations\[0\]\.share: 'share' must not be negative, got -5$",
        ),
        (
            "$.sub_goals[0].indicators[0].baseline.unit",
            None,
            r"baseline\.unit: 'value' and 'unit' must both be given or both be null$",
        ),
        ("staffing.area_weight", Decimal(1), r"does not start with '\$'"),
        ("$.staffing..share", Decimal(1), r"cannot be read at '\.\.share'"),
        ("$.initiative[0]", Decimal(1), r"\$\.initiative is not a list"),
    ],
)
def test_replace_names_the_path_when_it_cannot(path: str, value: object, message: str) -> None:
    with pytest.raises(DataError, match=message):
        delaftale.replace(example("ishoj-2025-uddannelse-og-livschancer"), path, value)


def test_replace_takes_json_forms_and_refuses_a_text_for_a_list() -> None:
    agreement = example("ishoj-2025-beskaeftigelse")
    changed = delaftale.replace(agreement, "$.period.end", "2030-01-01")
    assert changed.period is not None
    assert changed.period.end == date(2030, 1, 1)
    changed = delaftale.replace(agreement, "$.staffing.allocations[0].share", "30")
    assert changed.staffing.allocations[0].share == Decimal(30)
    changed = delaftale.replace(agreement, "$.sub_goals[0]", {"title": "Flere i job"})
    assert changed.sub_goals[0].title == "Flere i job"
    assert changed.sub_goals[1:] == agreement.sub_goals[1:]
    with pytest.raises(DataError) as info:
        delaftale.replace(agreement, "$.activity_names", "Fritidsjob")  # not ten letters
    assert info.value.problems == ("expected a list, got a text @ $.activity_names",)
    with pytest.raises(DataError) as info:
        delaftale.replace(agreement, "$.period.end", 20300101)
    message = str(info.value)
    for internal in ("<class", "Attribute(", "mappingproxy", "<function", " at 0x"):
        assert internal not in message
    assert message.startswith("$.period.end: a number does not fit this field.")
