"""Option words are Literal types: a type checker catches a misspelt one, and so does the code."""

from __future__ import annotations

from pathlib import Path

import pytest

import delaftale
from delaftale import Agreement, FocusArea, Plan
from delaftale.parse_report import ParseReport
from typecheck import mypy_errors

ROOT = Path(__file__).parent.parent


def test_a_wrong_language_is_refused_naming_the_words_taken() -> None:
    report = delaftale.validate(Agreement(focus_area=FocusArea.BESKAEFTIGELSE))
    for text in (report.text, ParseReport().text):
        with pytest.raises(ValueError, match=r"lang must be 'da' or 'en', not 'fr'"):
            text("fr")  # type: ignore[arg-type]
    assert delaftale.validate(Agreement(focus_area=FocusArea.BESKAEFTIGELSE)).text("en")


def test_a_wrong_weight_measure_is_refused() -> None:
    plan = Plan(name="X")
    with pytest.raises(ValueError, match=r"weight_measure must be 'costs' or 'salary'"):
        delaftale.validate(plan, weight_measure="lønninger")  # type: ignore[arg-type]


def test_mypy_strict_catches_a_misspelt_option(tmp_path: Path) -> None:
    errors = mypy_errors(
        tmp_path,
        "import delaftale\n"
        "from delaftale import Agreement, FocusArea, Plan\n"
        "report = delaftale.validate(Agreement(focus_area=FocusArea.BESKAEFTIGELSE))\n"
        "print(report.text('english'))\n"
        "delaftale.validate(Plan(name='X'), weight_measure='salaries')\n"
        "print(report.text('en'))\n",
    )
    assert len(errors) == 2, errors  # the two misspelt words, and not the right one on line 6
    assert "user_code.py:4:" in errors[0]
    assert "\"Literal['da', 'en']\"" in errors[0]
    assert "user_code.py:5:" in errors[1]
    assert "\"Literal['costs', 'salary']\"" in errors[1]


def test_limits_are_checked_when_built() -> None:
    from delaftale import Limits, SpreadsheetLimits

    with pytest.raises(TypeError, match=r"Limits\(max_paragraphs='5'\): a limit is a whole number"):
        Limits(max_paragraphs="5")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Limits\(max_file_bytes=0\): a limit is at least 1"):
        Limits(max_file_bytes=0)
    with pytest.raises(ValueError, match=r"SpreadsheetLimits\(max_rows=-1\)"):
        SpreadsheetLimits(max_rows=-1)
    assert Limits(max_paragraphs=1).max_paragraphs == 1


def test_a_wrong_weight_measure_is_refused_for_an_agreement_too() -> None:
    with pytest.raises(ValueError, match=r"weight_measure must be 'costs' or 'salary'"):
        delaftale.validate(
            Agreement(focus_area=FocusArea.BESKAEFTIGELSE),
            weight_measure="bogus",  # type: ignore[arg-type]
        )


def test_mypy_strict_checks_what_read_docx_is_given(tmp_path: Path) -> None:
    errors = mypy_errors(
        tmp_path,
        "from pathlib import Path\n"
        "import delaftale\n"
        "delaftale.read_docx(Path('a.docx'))\n"
        "delaftale.read_docx(b'PK')\n"
        "with open('a.docx', 'rb') as f:\n"
        "    delaftale.read_docx_with_report(f)\n"
        "delaftale.read_docx(42)\n",
    )
    assert [e.split(":")[1] for e in errors] == ["7"], errors
