"""A value of the wrong JSON kind is refused in words a user understands, with its path.

A string where a list belongs must not be split into letters, a dict for a list not read by
its keys, and no message may show Python's insides ("'str' object has no attribute 'keys'",
"NoneType", "decimal.Decimal"). The sweep puts every wrong kind of JSON value at every field
of an agreement and a plan built from the examples.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import attrs
import pytest

from delaftale import Agreement, DataError, Paragraph, Table, Text, loads, structure, unstructure
from delaftale.files import load_plan
from delaftale.plan import Plan
from delaftale.serialization import parse_json

EXAMPLES = Path(__file__).parent.parent / "examples"
BESK_JSON = EXAMPLES / "ishoj-2025-beskaeftigelse.json"
PLAN_DIR = EXAMPLES / "ishoj-2025-plan"

# Every kind of JSON value, as parse_json gives it (1.5 is read as a Decimal).
WRONG_KINDS: tuple[object, ...] = (None, "x", Decimal("1.5"), 7, True, [], {})

PYTHON_INSIDES = (
    "unknown error",
    "object has no attribute",
    "not iterable",
    "NoneType",
    "decimal.Decimal",
    "<class",
)

Path_ = tuple[str | int, ...]
_MISSING = object()
_NOT_OBJECTS = (Text, Paragraph, Table)


def _agreement_data() -> dict[str, Any]:
    data: dict[str, Any] = parse_json(BESK_JSON.read_bytes())
    return data


def _plan_data() -> dict[str, Any]:
    """plan.json with its agreements inlined from the files beside it, its budget and follow-up."""
    data: dict[str, Any] = parse_json((PLAN_DIR / "plan.json").read_bytes())
    data["agreements"] = [parse_json((PLAN_DIR / name).read_bytes()) for name in data["agreements"]]
    loaded = load_plan(PLAN_DIR / "plan.json")
    data["budget"] = unstructure(loaded.budget)
    data["followup"] = unstructure(loaded.followup)
    return data


def _optional_inner(tp: Any) -> tuple[Any, bool]:
    """``X | None`` → (X, True); any other type → (it, False)."""
    if get_origin(tp) in (Union, types.UnionType):
        args = get_args(tp)
        if type(None) in args:
            rest = tuple(a for a in args if a is not type(None))
            return (rest[0] if len(rest) == 1 else Union[rest]), True  # noqa: UP007
    return tp, False


def _is_list_type(tp: Any) -> bool:
    return get_origin(tp) in (tuple, list)


def _is_object_type(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp) and tp not in _NOT_OBJECTS


def _field_paths(data: object, cls: type, prefix: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every field of ``cls`` (present in ``data`` or not) and, through the data, its fields.

    Of a list only the first item is walked: the others have the same fields.
    """
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        path = (*prefix, field.name)
        field_type = hints[field.name]
        yield path, field_type
        value = data.get(field.name, _MISSING) if isinstance(data, dict) else _MISSING
        yield from _within(value, field_type, path)


def _within(value: object, tp: Any, path: Path_) -> Iterator[tuple[Path_, Any]]:
    inner, _ = _optional_inner(tp)
    if _is_object_type(inner) and isinstance(value, dict):
        yield from _field_paths(value, inner, path)
    elif _is_list_type(inner) and isinstance(value, list) and value:
        item_type = get_args(inner)[0]
        yield (*path, 0), item_type
        yield from _within(value[0], item_type, (*path, 0))
    elif inner is Text and isinstance(value, list) and value:
        yield (*path, 0), Paragraph | Table  # a block: a string, a paragraph or a table


def _put(data: Any, path: Path_, value: object) -> object:
    """Set the value at ``path``; return what was there (``_MISSING`` for an absent field)."""
    *head, last = path
    container = data
    for step in head:
        container = container[step]
    old = container.get(last, _MISSING) if isinstance(container, dict) else container[last]
    if value is _MISSING:
        del container[last]
    else:
        container[last] = value
    return old


def _dotted(path: Path_) -> str:
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)


def _must_refuse(tp: Any, value: object) -> bool:
    """Whether the value is of a JSON kind the field can never take."""
    inner, optional = _optional_inner(tp)
    if value is None:
        return not optional
    if _is_list_type(inner):
        return not isinstance(value, list)
    if _is_object_type(inner):
        return not isinstance(value, dict)
    return False


def _sweep(data: dict[str, Any], cls: type) -> list[str]:
    structure(data, cls)  # the untouched data is valid
    faults: list[str] = []
    for path, field_type in _field_paths(data, cls):
        for wrong in WRONG_KINDS:
            old = _put(data, path, wrong)
            where = f"{_dotted(path)} = {wrong!r}"
            try:
                structure(data, cls)
            except DataError as exc:
                if not exc.problems:
                    faults.append(f"{where}: no problems listed: {exc}")
                for problem in exc.problems:
                    if " @ $" not in problem:
                        faults.append(f"{where}: a problem without a path: {problem}")
                    faults.extend(
                        f"{where}: {insides!r} in {problem}"
                        for insides in PYTHON_INSIDES
                        if insides in problem
                    )
                faults.extend(
                    f"{where}: {insides!r} in the message {exc}"
                    for insides in PYTHON_INSIDES
                    if insides in str(exc)
                )
            except Exception as exc:
                faults.append(f"{where}: {type(exc).__name__} instead of DataError: {exc}")
            else:
                if _must_refuse(field_type, wrong):
                    faults.append(f"{where}: read, though the field cannot take it")
            finally:
                _put(data, path, old)
    return faults


def test_every_wrong_kind_at_every_agreement_field_is_refused_in_plain_words() -> None:
    data = _agreement_data()
    assert len(list(_field_paths(data, Agreement))) > 50  # the walk reaches deep
    assert _sweep(data, Agreement) == []


def test_every_wrong_kind_at_every_plan_field_is_refused_in_plain_words() -> None:
    data = _plan_data()
    paths = {_dotted(path) for path, _ in _field_paths(data, Plan)}
    assert {"$.estates", "$.agreements[0].activity_names", "$.budget.lines[0]"} <= paths
    assert _sweep(data, Plan) == []


@pytest.mark.parametrize(
    "field", ["activity_names", "sub_goals", "parties", "activities", "municipal_context"]
)
def test_a_string_for_a_list_is_refused_not_split_into_letters(field: str) -> None:
    data = _agreement_data()
    data[field] = "Fritidsjob"
    with pytest.raises(DataError) as info:
        loads(json.dumps(data), Agreement)
    assert info.value.problems == (f"expected a list, got a text @ $.{field}",)


@pytest.mark.parametrize("field", ["estates", "housing_organisations"])
def test_a_string_for_a_plan_list_of_strings_is_refused(field: str) -> None:
    data = _plan_data()
    data[field] = "Vejleåparken"
    with pytest.raises(DataError) as info:
        structure(data, Plan)
    assert info.value.problems == (f"expected a list, got a text @ $.{field}",)


def test_an_object_for_a_list_is_not_read_by_its_keys() -> None:
    data = _agreement_data()
    data["activity_names"] = {"Fritidsjob": 1}
    with pytest.raises(DataError) as info:
        structure(data, Agreement)
    assert info.value.problems == ("expected a list, got an object @ $.activity_names",)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("staffing", None, "expected an object, got null @ $.staffing"),
        ("period", "x", "expected an object, got a text @ $.period"),
        ("period", True, "expected an object, got true @ $.period"),
        ("period", [], "expected an object, got a list @ $.period"),
        ("sub_goals", Decimal("1.5"), "expected a list, got a number @ $.sub_goals"),
        ("sub_goals", None, "expected a list, got null @ $.sub_goals"),
        ("initiative", Decimal("1.5"), "expected text (a string), got 1.5 @ $.initiative"),
    ],
)
def test_a_wrong_kind_is_named_in_json_words(field: str, value: object, said: str) -> None:
    data = _agreement_data()
    data[field] = value
    with pytest.raises(DataError) as info:
        structure(data, Agreement)
    assert info.value.problems == (said,)


def test_null_for_required_text_is_named_null() -> None:
    data = _agreement_data()
    data["sub_goals"][0]["title"] = None
    with pytest.raises(DataError) as info:
        structure(data, Agreement)
    assert info.value.problems == ("expected text (a string), got null @ $.sub_goals[0].title",)


def test_null_is_taken_for_an_optional_object() -> None:
    data = _agreement_data()
    data["period"] = None
    assert structure(data, Agreement).period is None


def test_a_plan_whose_agreements_are_file_names_points_to_load_plan() -> None:
    text = (PLAN_DIR / "plan.json").read_text("utf-8")
    with pytest.raises(DataError) as info:
        loads(text, Plan)
    problems = info.value.problems
    assert problems[0].startswith("expected an object (a delaftale), got a text; ")
    assert "delaftale.files.load_plan" in problems[0]
    assert problems[0].endswith("@ $.agreements[0]")
    assert any(p.endswith("@ $.budget") and "load_plan" in p for p in problems)


def test_a_long_value_of_the_wrong_kind_is_not_quoted() -> None:
    data = _agreement_data()
    data["staffing"]["allocations"][0]["count"] = ["x" * 10_000]
    data["initiative"] = {"x" * 10_000: 1}
    with pytest.raises(DataError) as info:
        structure(data, Agreement)
    assert "xxxxxxxxxx" not in str(info.value)


def test_a_code_given_as_another_kind_says_a_code_is_expected() -> None:
    data = _agreement_data()
    data["focus_area"] = {"code": "beskaeftigelse"}
    with pytest.raises(DataError) as info:
        structure(data, Agreement)
    (problem,) = info.value.problems
    assert problem.startswith("expected a code, one of 'uddannelse_og_livschancer', ")
    assert problem.endswith("; got an object @ $.focus_area")
