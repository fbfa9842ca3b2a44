"""JSON Schemas generated from the model, so data files can be checked by any tool.

The schemas in ``schemas/`` are written by ``python -m delaftale.schema`` and a test fails
when they differ from what this module generates: they cannot drift from the code.
"""

from __future__ import annotations

import enum
import json
import sys
import types
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from delaftale.model import Agreement, Paragraph, Table, Text
from delaftale.plan import Budget, Plan

__all__ = ["SCHEMAS", "json_schema", "write_schemas"]

_BASE_URI = "https://delaftale.invalid/schemas/"


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n\n")[0].replace("\n", " ").strip()


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder first: the model is recursive (Text in Table)
            self.defs[name] = self.define(cls)
        return {"$ref": f"#/$defs/{name}"}

    def define(self, cls: type) -> dict[str, Any]:
        if cls is Text:
            return {
                "description": _first_line(Text.__doc__)
                + " Items: a string (a body paragraph), a paragraph object, or a table.",
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "string"},
                        self.ref(Paragraph),
                        self.ref(Table),
                    ]
                },
            }
        if cls is Table:
            cell = {"anyOf": [{"type": "string"}, self.ref(Text)]}
            return {
                "description": _first_line(Table.__doc__),
                "type": "object",
                "properties": {
                    "table": {
                        "description": "Rows of cells; a cell is a string or a list of blocks.",
                        "type": "array",
                        "items": {"type": "array", "items": cell},
                    }
                },
                "required": ["table"],
                "additionalProperties": False,
            }
        if issubclass(cls, enum.Enum):
            return {
                "description": _first_line(cls.__doc__),
                "enum": [m.value for m in cls],
            }
        properties: dict[str, Any] = {}
        required: list[str] = []
        hints = typing.get_type_hints(cls)
        for a in attrs.fields(cls):  # type: ignore[arg-type]  # attrs-ness checked by caller
            prop = self.type_schema(hints[a.name])
            doc = a.metadata.get("doc")
            if doc:
                prop = {"description": doc, **prop}
            properties[a.name] = prop
            if a.default is attrs.NOTHING:
                required.append(a.name)
        schema: dict[str, Any] = {
            "description": _first_line(cls.__doc__),
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        return schema

    def type_schema(self, hint: Any) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            options = [self.type_schema(a) for a in args if a is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(args[0])}
        if hint is str:
            return {"type": "string"}
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer"}
        if hint is Decimal:
            return {
                "anyOf": [
                    {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"},
                    {"type": "number"},
                ]
            }
        if hint is date:
            return {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
        if isinstance(hint, type) and (attrs.has(hint) or issubclass(hint, enum.Enum)):
            return self.ref(hint)
        raise TypeError(f"no JSON Schema for {hint!r}")  # pragma: no cover - model bug


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a model class's JSON form."""
    builder = _Builder()
    root = builder.define(cls)
    name = cls.__name__.lower()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE_URI}{name}.schema.json",
        "title": cls.__name__,
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


SCHEMAS: dict[str, type] = {"agreement": Agreement, "plan": Plan, "budget": Budget}
"""The schemas published in ``schemas/``: file stem to model class."""


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema in ``SCHEMAS`` to ``folder/<name>.schema.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cls in SCHEMAS.items():
        path = folder / f"{name}.schema.json"
        text = json.dumps(json_schema(cls), ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - exercised by the drift test's instructions
    for written_path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(written_path)
