"""Writing delaftaler to Word: the built-in form and the user's templates, read back intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import delaftale
import seed_facts
from delaftale import Agreement, read_docx, read_docx_with_report, render_docx, write_docx
from strategies import doc_agreements

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


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from fixtures.build_templates import build_templates

    built = build_templates(tmp_path_factory.mktemp("templates"))
    return {name: path.read_bytes() for name, path in built.items()}


FORMS = ("built-in", "table-form", "paragraph-form")


@pytest.mark.parametrize("form_name", FORMS[1:])
@pytest.mark.parametrize("stem", STEMS)
def test_seed_examples_round_trip_through_each_template(
    templates: dict[str, bytes], stem: str, form_name: str
) -> None:
    agreement = example(stem)
    read, report = read_docx_with_report(render_docx(agreement, template=templates[form_name]))
    assert read == agreement
    assert report.complete, report.text("en")


@given(agreement=doc_agreements, form_name=st.sampled_from(FORMS))
@settings(max_examples=60, deadline=None)
def test_round_trip_of_generated_agreements(
    templates: dict[str, bytes], agreement: Agreement, form_name: str
) -> None:
    template = None if form_name == "built-in" else templates[form_name]
    read, report = read_docx_with_report(render_docx(agreement, template=template))
    assert read == agreement
    assert report.unplaced == ()
