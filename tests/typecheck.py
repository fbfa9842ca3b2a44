"""Running mypy --strict on a user's program, to test what a type checker catches."""

from __future__ import annotations

from pathlib import Path

import pytest


def mypy_errors(tmp_path: Path, program: str) -> list[str]:
    """The error lines ``mypy --strict`` gives for ``program`` (written to ``user_code.py``)."""
    api = pytest.importorskip("mypy.api")
    path = tmp_path / "user_code.py"
    path.write_text(program, encoding="utf-8")
    out, _, status = api.run(
        [
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(path),
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == (1 if errors else 0), out
    return errors
