from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given

from delaftale import Agreement, dumps, json_schema
from delaftale.schema import SCHEMAS, write_schemas
from strategies import agreements

ROOT = Path(__file__).parent.parent
SCHEMA_DIR = ROOT / "schemas"
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / "agreement.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_checked_in_schemas_match_the_code(name: str) -> None:
    on_disk = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert on_disk == json_schema(SCHEMAS[name]), (
        "schemas/ is out of date: run `python -m delaftale.schema schemas` and commit"
    )


def test_write_schemas(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "out")
    assert [p.name for p in written] == [f"{name}.schema.json" for name in SCHEMAS]
    assert json.loads(written[0].read_text(encoding="utf-8")) == json_schema(Agreement)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate_against_the_schema(path: Path) -> None:
    errors = list(_validator().iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    assert errors == []


@given(agreements)
def test_everything_dumps_writes_is_valid_under_the_schema(agreement: Agreement) -> None:
    assert list(_validator().iter_errors(json.loads(dumps(agreement)))) == []


@pytest.mark.parametrize(
    "bad",
    [
        {"initiative": "x"},
        {"focus_area": "sundhed", "initiative": "x"},
        {"focus_area": "beskaeftigelse", "initiative": "x", "unknown": 1},
        {"focus_area": "beskaeftigelse", "initiative": "x", "staffing": {"area_weight": "14,0"}},
        {"focus_area": "beskaeftigelse", "initiative": "x", "revision": [{"table": "x"}]},
    ],
)
def test_schema_refuses_what_the_loader_refuses(bad: dict[str, object]) -> None:
    assert list(_validator().iter_errors(bad)) != []
