"""The exception hierarchy: every error the library raises on purpose is a DelaftaleError.

Validation never raises on bad data (it returns a Report); exceptions are for input the
caller must handle: text that is not Danish notation, data that does not fit the model.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DataError", "DelaftaleError", "NotationError"]


class DelaftaleError(Exception):
    """Base class of every error raised by delaftale on purpose."""


class NotationError(DelaftaleError, ValueError):
    """Text that should be a Danish number, percent, date or period, and is not.

    The message quotes the text, says what was expected, and gives an example.
    """


class DataError(DelaftaleError, ValueError):
    """Data (JSON or Python dicts) that does not fit the model.

    ``problems`` lists every problem found, each as "what @ $.path"; the message holds them
    all, one per line, so a user fixes everything in one go.
    """

    def __init__(self, summary: str, problems: Sequence[str] = ()) -> None:
        self.summary = summary
        self.problems: tuple[str, ...] = tuple(problems)
        lines = [summary, *(f"  - {p}" for p in self.problems)]
        super().__init__("\n".join(lines))
