"""The seed delaftaler as data: expected values typed from ../shared/seeds, not from the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import seed_facts
from delaftale import Agreement, Severity, loads, validate

EXAMPLES = Path(__file__).parent.parent / "examples"
ALL = sorted(EXAMPLES.glob("*.json"))


def load(name: str) -> Agreement:
    return loads((EXAMPLES / name).read_text(encoding="utf-8"), Agreement)


def test_there_are_three_seed_examples() -> None:
    assert [p.name for p in ALL] == [
        "ishoj-2025-beskaeftigelse.json",
        "ishoj-2025-uddannelse-og-livschancer.json",
        "soenderborg-2021-uddannelse-og-livschancer.json",
    ]


@pytest.mark.parametrize("stem", sorted(seed_facts.BY_STEM))
def test_examples_match_the_seed(stem: str) -> None:
    seed_facts.BY_STEM[stem](load(f"{stem}.json"))


# The findings each real document deserves, documented in docs/examples.md.
EXPECTED_FINDINGS = {
    "ishoj-2025-uddannelse-og-livschancer.json": [
        "draft",
        "section-missing",
        "activity-name-differs",
        "activity-name-differs",
    ],
    "ishoj-2025-beskaeftigelse.json": [
        "draft",
        "section-missing",
        "activity-name-differs",
        "activity-name-differs",
    ],
    "soenderborg-2021-uddannelse-og-livschancer.json": [
        "activity-name-differs",
        "activity-name-differs",
        "activity-described-elsewhere",
        "area-weight-missing",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_FINDINGS))
def test_examples_raise_exactly_the_documented_findings(name: str) -> None:
    report = validate(load(name))
    assert report.codes() == EXPECTED_FINDINGS[name]
    assert report.ok
    assert all(f.severity is not Severity.ERROR for f in report)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_examples_are_stored_in_canonical_form(path: Path) -> None:
    # A data file written by hand stays stable when a tool loads and saves it.
    from delaftale import dumps

    text = path.read_text(encoding="utf-8")
    assert json.loads(dumps(loads(text, Agreement))) == json.loads(text)
