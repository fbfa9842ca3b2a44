"""The option words the library's functions take, as ``Literal`` types.

``mypy --strict`` (or any type checker) then catches a misspelt option where it is written,
and each function also checks the word at run time, naming the words it takes.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["DateStyle", "Language", "WeightMeasure", "check_option"]

Language = Literal["da", "en"]
"""The language of a report or message: ``"da"`` (Danish) or ``"en"`` (English)."""

WeightMeasure = Literal["costs", "salary"]
"""What an area's share of the budget counts: all costs (``"costs"``) or salaries only."""

DateStyle = Literal["long", "short"]
"""How a date is written: ``"1. november 2025"`` (long) or ``"1/11-2025"`` (short)."""


def check_option(name: str, value: object, allowed: object) -> None:
    """Raise ``ValueError`` naming the words allowed when ``value`` is not one of them.

    ``allowed`` is one of the ``Literal`` types of this module.
    """
    words = get_args(allowed)
    if value not in words:
        shown = " or ".join(repr(w) for w in words)
        raise ValueError(f"{name} must be {shown}, not {value!r}")
