"""Writing delaftaler to Word: the built-in form and the user's templates, read back intact."""

from __future__ import annotations

from pathlib import Path

import pytest
import seed_facts

import delaftale
from delaftale import Agreement, read_docx, read_docx_with_report, render_docx, write_docx

EXAMPLES = Path(__file__).parent.parent / "examples"
STEMS = sorted(seed_facts.BY_STEM)


def example(stem: str) -> Agreement:
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


@pytest.mark.parametrize("stem", STEMS)
def test_seed_examples_round_trip_through_the_built_in_form(stem: str) -> None:
    agreement = example(stem)
    read, report = read_docx_with_report(render_docx(agreement))
    assert read == agreement
    assert report.complete, report.text("en")


def test_write_docx_writes_the_file_and_returns_its_path(tmp_path: Path) -> None:
    agreement = example("ishoj-2025-beskaeftigelse")
    target = write_docx(agreement, tmp_path / "delaftale.docx")
    assert target == tmp_path / "delaftale.docx"
    assert read_docx(target) == agreement
    assert [p.name for p in tmp_path.iterdir()] == ["delaftale.docx"]  # no temporary left
