"""Checking a limits class when it is built (``Limits``, ``SpreadsheetLimits``)."""

from __future__ import annotations

from typing import Any

import attrs


def check_limits(limits: Any) -> None:
    """Every field of a limits class must be a whole number of at least 1."""
    for field in attrs.fields(type(limits)):
        value = getattr(limits, field.name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(
                f"{type(limits).__name__}({field.name}={value!r}): a limit is a whole number"
            )
        if value < 1:
            raise ValueError(
                f"{type(limits).__name__}({field.name}={value}): a limit is at least 1; a "
                "smaller one would refuse every file"
            )
