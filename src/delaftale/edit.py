"""Change one value by its JSON path, keeping the author's wording consistent with it.

``replace(plan, "$.agreements[1].staffing.allocations[0].share", Decimal("25"))`` returns a new
plan (the model is frozen) in which that share is 25 and the staff line's wording says so:
"Boligsocial leder (ansat på 37 timer): 25 % af stillingen". The paths are the ones
validation findings carry, so a script can act on a finding directly.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from delaftale._regex import compiled
from delaftale.danish import (
    format_baseline_year,
    format_measurement,
    format_period,
    format_staff_line,
)
from delaftale.errors import DataError
from delaftale.model import BaselineYear, Measurement, Period, StaffAllocation
from delaftale.serialization import _converter, _kind, _problems

__all__ = ["replace"]

T = TypeVar("T")


# One step of a path: ``.name`` or ``[index]``.
_STEP = compiled(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,9})\]")


def _steps(path: str) -> list[str | int]:
    if not path.startswith("$"):
        raise DataError(f"The path {path!r} does not start with '$' (write it like $.period.end).")
    steps: list[str | int] = []
    position = 1
    while position < len(path):
        match = _STEP().match(path, position)
        if match is None:
            raise DataError(
                f"The path {path!r} cannot be read at {path[position:]!r}; write it like "
                "$.staffing.allocations[0].share."
            )
        steps.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    if not steps:
        raise DataError("The path '$' names the whole object; name a field inside it.")
    return steps


def _shown(steps: list[str | int]) -> str:
    return "$" + "".join(f".{s}" if isinstance(s, str) else f"[{s}]" for s in steps)


def _child(obj: Any, step: str | int, done: list[str | int]) -> Any:
    where = _shown(done)
    if isinstance(step, int):
        if not isinstance(obj, tuple):
            raise DataError(f"{where} is not a list, so it has no [{step}].")
        if step >= len(obj):
            raise DataError(f"{where} has {len(obj)} entries, so [{step}] does not exist.")
        return obj[step]
    if not attrs.has(type(obj)):
        raise DataError(f"{where} is a {type(obj).__name__}, which has no field {step!r}.")
    names = [f.name for f in attrs.fields(type(obj))]
    if step not in names:
        raise DataError(
            f"{where} ({type(obj).__name__}) has no field {step!r}; its fields are "
            + ", ".join(names)
            + "."
        )
    return getattr(obj, step)


_JSON_KINDS = (str, int, float, bool, list, dict)


def _fit(obj: Any, name: str, value: Any, where: str) -> Any:
    """The value as the field takes it, given as a model value or in its JSON form.

    A model value (a ``Decimal``, a ``date``, a model object, a tuple) is taken as it is and
    checked by the model. A JSON value (a text, a number, a list, an object) is read the way
    ``loads`` reads that field: "2030-01-01" for a date, "beskaeftigelse" for a focus area,
    "61.21" or 61 for a figure; a text where a list belongs is refused, not split into
    letters.
    """
    if isinstance(value, float):
        raise DataError(
            f"{where}: {value!r} is a float, which cannot hold every decimal figure exactly "
            f"(0.1 is stored as 0.1000000000000000055…); give a Decimal such as "
            f"Decimal({str(value)!r}), or the text {str(value)!r}."
        )
    attrs.resolve_types(type(obj))
    field_type: Any = attrs.fields_dict(type(obj))[name].type
    if isinstance(value, tuple):
        # A list changed at one index ($.sub_goals[0]): its new item may be in JSON form.
        (item_type, *_rest) = typing.get_args(field_type) or (Any,)
        return tuple(
            _structured(item, item_type, f"{where}[{n}]") if isinstance(item, _JSON_KINDS) else item
            for n, item in enumerate(value)
        )
    if not isinstance(value, _JSON_KINDS):
        return value  # a Decimal, a date or a model object: the model checks it
    return _structured(value, field_type, where)


def _structured(value: Any, field_type: Any, where: str) -> Any:
    from cattrs.errors import BaseValidationError

    try:
        return _converter().structure(value, field_type)
    except RecursionError:
        raise DataError(f"{where}: the value is nested too deeply.") from None
    except (BaseValidationError, ValueError, TypeError, KeyError) as exc:
        problems = [p.replace(" @ $", f" @ {where}", 1) for p in _problems(exc)]
        raise DataError(f"{where}: {_kind(value)} does not fit this field.", problems) from None


_REWORD: dict[type, Callable[[Any], str]] = {
    StaffAllocation: format_staff_line,
    Measurement: format_measurement,
    BaselineYear: format_baseline_year,
    Period: format_period,
}


def _reworded(obj: Any) -> Any:
    """The object with its wording brought in line with its values (see ``danish``)."""
    reword = _REWORD.get(type(obj))
    if reword is None or obj.text is None:
        return obj
    return attrs.evolve(obj, text=reword(obj))


def _set(obj: Any, steps: list[str | int], value: Any, done: list[str | int]) -> Any:
    step, rest = steps[0], steps[1:]
    current = _child(obj, step, done)
    where = _shown([*done, step])
    new = _set(current, rest, value, [*done, step]) if rest else value
    if isinstance(step, int):
        return (*obj[:step], new, *obj[step + 1 :])
    if not rest or isinstance(new, tuple):
        new = _fit(obj, step, new, where)
    try:
        changed = attrs.evolve(obj, **{step: new})
    except ValueError as exc:  # the model's own validators (DataError among them) say why
        raise DataError(f"{where}: {exc}") from None
    except TypeError:
        # attrs' own messages name Python classes and validator functions: say it in the
        # data's words instead.
        raise DataError(
            f"{where}: {_kind(new)} does not fit this field; give it as the JSON files do "
            "(see docs/model.md), or as the model's own value."
        ) from None
    return changed if step == "text" else _reworded(changed)


def replace(obj: T, path: str, value: Any) -> T:
    """A copy of ``obj`` with the value at ``path`` changed, its wording kept consistent.

    ``obj`` is an ``Agreement``, a ``Plan`` or any part of them; ``path`` is a JSON path as
    validation findings give it (``$.staffing.allocations[0].share``,
    ``$.agreements[1].sub_goals[0].indicators[0].baseline.value``, ``$.period.end``).
    Where the changed object keeps the author's wording (a staff line, a baseline, a baseline
    year, the period), the wording is updated to state the new value: the figure changed in
    place when that is unambiguous, else the form's canonical wording. Setting ``text``
    itself changes only the wording.

    Raises ``DataError`` naming the path when it does not exist or the value does not fit
    the field (a float for an exact figure, a negative share, a value without its unit).
    """
    steps = _steps(path)
    result: T = _set(obj, steps, value, [])
    return result
