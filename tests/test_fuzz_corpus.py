"""Inputs that once crashed the reader (found by fuzzing): each must now give an Agreement or
a DelaftaleError, never anything else. New crashes found by tests/test_fuzz_reader.py or
fuzz/fuzz_read_docx.py are added to tests/fuzz_corpus/ when they are fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from delaftale import Agreement, DelaftaleError, read_docx_with_report

CORPUS = sorted((Path(__file__).parent / "fuzz_corpus").glob("*.docx"))


def test_the_corpus_is_there() -> None:
    assert len(CORPUS) >= 19


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_a_former_crash_now_keeps_the_contract(path: Path) -> None:
    message = ""
    try:
        agreement, _ = read_docx_with_report(path.read_bytes())
    except DelaftaleError as exc:
        message = str(exc)
        assert message  # a message a person can act on
    else:
        assert isinstance(agreement, Agreement)
