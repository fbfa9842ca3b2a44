"""JSON for the model: one cattrs converter, exact Decimals, ISO dates, every error with a path.

The JSON form is the model's field names, with two conveniences for people who write data
files by hand: a narrative field (``Text``) is a list whose items are
plain strings for body paragraphs, ``{"text": ..., "kind": "bullet"}`` objects for other
paragraphs, and ``{"table": [[cell, ...], ...]}`` for tables; and fields left at their default
are omitted. Decimals are written as strings ("61.21") so no JSON reader turns them into
floats; on reading, strings and JSON numbers are both taken exactly.
"""

from __future__ import annotations

import enum
import functools
import json
import math
import re
import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin

import attrs

from delaftale._regex import compiled
from delaftale.errors import DataError
from delaftale.model import FIGURE_DIGITS, Paragraph, ParagraphKind, Table, Text, figure_too_large

__all__ = ["converter", "dumps", "loads", "parse_json", "structure", "unstructure"]

T = TypeVar("T")

if TYPE_CHECKING:
    import cattrs

    converter: cattrs.Converter
    """The cattrs converter behind ``dumps`` and ``loads``, for tools that compose it."""

# The converter, with every hook below, is made at its first use (``converter``, ``loads``,
# ``dumps`` …), not at import: cattrs and the converter cost more to import and make than
# the rest of this module, and ``parse_json`` (the command's JSON reader) needs neither.
_CONVERTER: cattrs.Converter | None = None
_MAKING = threading.Lock()


def _converter() -> cattrs.Converter:
    """The one converter, made (with its hooks) at the first call."""
    global _CONVERTER
    if _CONVERTER is None:
        with _MAKING:
            if _CONVERTER is None:
                _CONVERTER = _make_converter()
    return _CONVERTER


if not TYPE_CHECKING:  # type checkers see the names declared above, and no others

    def __getattr__(name: str) -> Any:
        # ``delaftale.serialization.converter``: the converter, made when first asked for.
        if name == "converter":
            return _converter()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ASCII digits only: Python's Decimal() would read Arabic-Indic digits ("٢٧") as 27.
_DECIMAL_TEXT = compiled(r"-?[0-9]+(?:\.[0-9]+)?")


# --------------------------------------------------------------------------- scalars


def _structure_decimal(value: object, _cl: type) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str) and _DECIMAL_TEXT().fullmatch(value.strip()):
        result = Decimal(value.strip())
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(
            f"got {value!r}, which is not a figure; leave the field out (or null) when the "
            "figure is not known"
        )
    elif isinstance(value, float):
        raise TypeError(
            f"got the float {value!r}, which cannot hold exact figures; "
            f'write the number as a string, e.g. "{value}"'
        )
    else:
        raise ValueError(
            f'expected a number such as "61.21" (dot as decimal mark), got {_shown(value)}'
        )
    if not result.is_finite():
        raise ValueError(f"expected a finite number, got {_shown(value)}")
    if figure_too_large(result):
        raise ValueError(
            f"the number {_shown(value)} has more digits than a figure can "
            f"({FIGURE_DIGITS[0]} before the decimal mark, {FIGURE_DIGITS[1]} after)"
        )
    return result


def _shown(value: object) -> str:
    """A value as an error message quotes it, in JSON's words, cut short past 40 characters.

    null, true and false as JSON writes them; a list or an object by its kind only; a
    number as written ("1.5", never "Decimal('1.5')"); a text as its repr. A JSON integer
    may have 4,300 digits and a Decimal's text a hundred million; a message that quoted them
    whole would bury what it says.
    """
    if value is None or isinstance(value, bool | list | tuple | dict):
        return _kind(value)
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > 40:
        return f"with an exponent of {value.adjusted():,}"  # never formatted digit by digit
    if isinstance(value, int) and value.bit_length() > 133:
        return f"of {len(str(value)):,} digits"
    text = str(value) if isinstance(value, Decimal) else repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…"


_KINDS: dict[type, str] = {
    list: "a list",
    tuple: "a list",
    dict: "an object",
    str: "a text",
    int: "a number",
    float: "a number",
    Decimal: "a number",
}


def _kind(value: object) -> str:
    """What a JSON value is, in a message's words ("a list"), without its content."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return _KINDS.get(type(value), "a value of no JSON kind")


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def _structure_date(value: object, _cl: type) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from exc
    raise ValueError(f'expected an ISO date such as "2025-11-01", got {_shown(value)}')


def _structure_str(value: object, _cl: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text (a string), got {_shown(value)}")
    return value


_MAX_WHOLE = 10 ** FIGURE_DIGITS[0]


def _structure_int(value: object, _cl: type) -> int:
    # Bounded before int() is called: int(Decimal("1e999999999")) builds a billion digits.
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > 40:
        raise ValueError(f"the number {_shown(value)} is no count or year; correct it")
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            value = int(value)
        else:
            raise TypeError(f"expected a whole number, got {_shown(value)}")
    if abs(value) >= _MAX_WHOLE:
        raise ValueError(
            f"the whole number {_shown(value)} has more than {FIGURE_DIGITS[0]} digits, more "
            "than any count or year of a delaftale; correct it"
        )
    return value


def _structure_bool(value: object, _cl: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_shown(value)}")
    return value


def _structure_enum(value: object, cl: type[enum.Enum]) -> enum.Enum:
    try:
        return cl(value)
    except (ValueError, TypeError):
        allowed = ", ".join(repr(m.value) for m in cl)
        if not isinstance(value, str):  # "unknown code a list" would not read
            raise ValueError(f"expected a code, one of {allowed}; got {_shown(value)}") from None
        raise ValueError(f"unknown code {_shown(value)}; use one of {allowed}") from None


def _is_enum(cl: object) -> bool:
    return isinstance(cl, type) and issubclass(cl, enum.Enum)


# --------------------------------------------------------------------------- objects and lists
#
# cattrs takes whatever it is given: a string for a list is iterated letter by letter
# ("Fritidsjob" becomes ('F', 'r', ...)), a dict for a list by its keys, and a string for an
# object fails inside cattrs with "'str' object has no attribute 'keys'". So every object
# and every list checks the JSON kind of its value before cattrs touches it, and says what
# was expected and what was found in JSON's words. None passes only where the field is
# Optional: cattrs' own Optional hook returns None before the hooks below are called.

# Model classes whose JSON form is not an object: text blocks are lists and strings.
_NOT_OBJECTS: tuple[type, ...] = (Text, Paragraph, Table)

# What an object is, where a user may not know: the two a plan file may name by file name.
_OBJECT_NOUNS = {"Agreement": "a delaftale", "Budget": "a budget"}
_FILE_NAME_HINTS = {
    "Agreement": "a plan whose agreements are file names is read with delaftale.files.load_plan",
    "Budget": "a plan whose budget is a file name is read with delaftale.files.load_plan",
}


def _is_object_class(cl: object) -> bool:
    return isinstance(cl, type) and attrs.has(cl) and cl not in _NOT_OBJECTS


def _object_hook(cl: type) -> Callable[[object, type], object]:
    # cattrs' function for the class is generated at its first object, not with the class
    # that holds it: an agreement without staff lines builds no code for staff lines.
    structure_dict: Callable[[Any, Any], object] | None = None
    noun = _OBJECT_NOUNS.get(cl.__name__)
    expected = f"expected an object ({noun})" if noun else "expected an object"
    hint = _FILE_NAME_HINTS.get(cl.__name__)

    def structure_object(value: object, given: type) -> object:
        nonlocal structure_dict
        if not isinstance(value, dict):
            said = f"{expected}, got {_kind(value)}"
            if hint and isinstance(value, str):
                said += f"; {hint}"
            raise TypeError(said)
        if structure_dict is None:
            structure_dict = _converter().gen_structure_attrs_fromdict(cl)
        return structure_dict(value, given)

    return structure_object


def _is_list_type(cl: object) -> bool:
    """``tuple[X, ...]`` and ``list[X]``: a JSON list of X."""
    args = get_args(cl)
    origin = get_origin(cl)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis
    return origin is list and len(args) == 1


def _list_hook(cl: Any) -> Callable[[object, Any], object]:
    item_type = get_args(cl)[0]
    structure_item = _converter().get_structure_hook(item_type)
    make: Callable[[list[Any]], object] = tuple if get_origin(cl) is tuple else list

    def structure_list(value: object, _cl: Any) -> object:
        # _each refuses anything but a list: a string, an object, a number, null.
        return make(_each(value, lambda item: structure_item(item, item_type), item_type))

    return structure_list


# --------------------------------------------------------------------------- narrative text


def _each(items: object, fn: Callable[[Any], T], cl: type) -> list[T]:
    """Structure every item, collecting all failures with their index, as cattrs does."""
    if not isinstance(items, list | tuple):
        raise TypeError(f"expected a list, got {_kind(items)}")
    results: list[T] = []
    errors: list[Exception] = []
    for index, item in enumerate(items):
        try:
            results.append(fn(item))
        except Exception as exc:
            from cattrs.errors import IterableValidationNote

            note = IterableValidationNote(f"Structuring {cl} @ index {index}", index, cl)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    if errors:
        from cattrs.errors import IterableValidationError

        raise IterableValidationError(f"While structuring {cl!r}", errors, cl)
    return results


@functools.cache
def _structure_paragraph_dict() -> Callable[[Any, Any], Paragraph]:
    """A paragraph from its JSON object, as cattrs structures it; made at the first one."""
    made: Callable[[Any, Any], Paragraph] = _converter().gen_structure_attrs_fromdict(Paragraph)
    return made


def _structure_block(value: object) -> Paragraph | Table:
    if isinstance(value, str):
        return Paragraph(text=value)
    if isinstance(value, dict):
        from cattrs.errors import (
            AttributeValidationNote,
            ClassValidationError,
            ForbiddenExtraKeysError,
        )

        if "table" in value:
            extra = set(value) - {"table"}
            if extra:
                raise ForbiddenExtraKeysError("", Table, extra)
            try:
                rows = _each(
                    value["table"], lambda row: tuple(_each(row, _structure_cell, Text)), tuple
                )
            except Exception as exc:
                note = AttributeValidationNote("Structuring table", "table", list)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                raise ClassValidationError("While structuring Table", [exc], Table) from None
            return Table(rows=rows)
        return _structure_paragraph_dict()(value, Paragraph)
    raise TypeError(
        f"expected a paragraph (a string or an object with 'text') or a table "
        f"(an object with 'table'), got {_shown(value)}"
    )


def _structure_text_any(value: object) -> Text:
    return Text(blocks=_each(value, _structure_block, Paragraph | Table))  # type: ignore[arg-type]


def _structure_cell(value: object) -> Text:
    # A table cell holding one plain paragraph may be written as just its string.
    return Text.of(value) if isinstance(value, str) else _structure_text_any(value)


def _unstructure_cell(cell: Text) -> object:
    simple = _unstructure_text(cell)
    return simple[0] if len(simple) == 1 and isinstance(simple[0], str) else simple


def _structure_text(value: object, _cl: type) -> Text:
    return _structure_text_any(value)


def _unstructure_block(block: Paragraph | Table) -> object:
    if isinstance(block, Table):
        return {"table": [[_unstructure_cell(cell) for cell in row] for row in block.rows]}
    if block.kind is ParagraphKind.BODY and block.level == 0 and not block.footnotes:
        return block.text
    return _converter().unstructure(block, Paragraph)


def _unstructure_text(text: Text) -> list[object]:
    return [_unstructure_block(block) for block in text.blocks]


def _make_converter() -> cattrs.Converter:
    """The converter with this module's hooks, registered in this order (later ones win)."""
    import cattrs

    made = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)
    made.register_structure_hook(Decimal, _structure_decimal)
    made.register_unstructure_hook(Decimal, _unstructure_decimal)
    made.register_structure_hook(date, _structure_date)
    made.register_unstructure_hook(date, date.isoformat)
    made.register_structure_hook(str, _structure_str)
    made.register_structure_hook(int, _structure_int)
    made.register_structure_hook(bool, _structure_bool)
    made.register_structure_hook_func(_is_enum, _structure_enum)
    made.register_structure_hook_factory(_is_object_class, _object_hook)
    made.register_structure_hook_factory(_is_list_type, _list_hook)
    made.register_structure_hook(Text, _structure_text)
    made.register_unstructure_hook(Text, _unstructure_text)
    return made


# --------------------------------------------------------------------------- public functions


_FIELD_FIRST = compiled(r"^'(?P<field>\w+)' (?P<rest>must .*) @ (?P<path>\S+)$")


def _format_exception(exc: BaseException, cl: type | None) -> str:
    import cattrs.v
    from cattrs.errors import ForbiddenExtraKeysError

    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        names = ", ".join(sorted(exc.extra_fields))
        return f"unknown field(s) {names}: check the spelling against the JSON Schema"
    if isinstance(exc, ValueError | TypeError) and exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return cattrs.v.format_exception(exc, cl)


def _problems(exc: BaseException) -> list[str]:
    from cattrs.v import transform_error

    lines = transform_error(exc, path="$", format_exception=_format_exception)
    # Field validators name their field first ("'share' must not be negative @ $.x[0]"):
    # move the field into the path, where a user looks for it.
    tidy = []
    for line in lines:
        match = _FIELD_FIRST().match(line)
        tidy.append(f"{match['rest']} @ {match['path']}.{match['field']}" if match else line)
    return tidy


def structure(data: object, cls: type[T]) -> T:
    """Build a model object of type ``cls`` from plain data (dicts, lists, strings).

    Raises ``DataError`` listing every problem with its path.
    """
    if attrs.has(cls) and cls not in _NOT_OBJECTS and not isinstance(data, dict):
        raise DataError(
            f"The data is not a valid {cls.__name__}: it must be a JSON object "
            f"({{...}}), not {_kind(data)}."
        )
    from cattrs.errors import BaseValidationError

    try:
        return _converter().structure(data, cls)
    except RecursionError:
        raise DataError(f"The data is nested too deeply to be a {cls.__name__}.") from None
    except (BaseValidationError, ValueError, TypeError, KeyError) as exc:
        problems = _problems(exc)
        noun = "problem" if len(problems) == 1 else "problems"
        raise DataError(
            f"The data is not a valid {cls.__name__}: {len(problems)} {noun}, "
            "each with its place in the data ($ is the top):",
            problems,
        ) from exc


def unstructure(obj: object) -> Any:
    """Turn a model object into plain JSON-ready data (defaults omitted, Decimals as strings)."""
    return _converter().unstructure(obj)


def dumps(obj: object, *, indent: int | None = 2) -> str:
    """Serialise a model object to JSON text (UTF-8 letters kept, exact Decimals)."""
    return json.dumps(unstructure(obj), ensure_ascii=False, indent=indent) + "\n"


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def parse_json(text: str | bytes) -> Any:
    """JSON text as plain data, read the way every delaftale reader reads JSON.

    Numbers exactly (``61.21`` never passes through a float); a UTF-8 byte-order mark
    accepted; a key given twice in one object refused (which one counts cannot be told).
    Raises ``DataError`` naming the line and column, or the key, and what to do.
    """
    if isinstance(text, bytes | bytearray):
        text = bytes(text).removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
    else:
        text = text.removeprefix("\ufeff")
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKeyError as exc:
        raise DataError(
            f"The JSON has the key {exc.key!r} twice in one object, so which value counts "
            "cannot be told. Keep one of them."
        ) from None
    except json.JSONDecodeError as exc:
        raise DataError(
            f"This is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
            "Fix the syntax there (a missing comma or quote is the usual cause)."
        ) from exc
    except InvalidOperation:
        raise DataError(
            "The JSON holds a number beyond any range a figure can have (an exponent of "
            "billions, such as 1e999999999999999999). Correct the number."
        ) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"This is not readable JSON text: {exc}. Save the file as UTF-8.") from exc
    except RecursionError:
        raise DataError(
            "The JSON is nested too deeply to be a delaftale (lists or objects inside each "
            "other thousands of times)."
        ) from None
    except ValueError as exc:  # an integer of more than 4,300 digits, among others
        if "integer string conversion" in str(exc):
            raise DataError(
                "The JSON holds a whole number of more than 4,300 digits; no figure of a "
                "delaftale is that long. Correct the number."
            ) from None
        raise DataError(f"The JSON holds a value that cannot be read: {exc}.") from None


def loads(text: str | bytes, cls: type[T]) -> T:
    """Read JSON text into a model object of type ``cls``.

    JSON numbers are read exactly (``61.21`` never passes through a float); a UTF-8
    byte-order mark is accepted. Raises ``DataError`` for text that is not JSON, naming the
    line and column, for a key given twice in one object, and for data that does not fit,
    listing every problem with its path.
    """
    data = parse_json(text)
    return structure(data, cls)


def __dir__() -> list[str]:
    return sorted({*globals(), "converter"})
