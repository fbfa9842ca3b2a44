"""Regular expressions compiled at their first use, not when their module is imported.

Compiling a module's expressions can cost more than importing it; a program that imports
delaftale and never reads a staff line should not pay for the staff line's expression.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = ["compiled"]


def compiled(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function giving the compiled expression, compiled at its first call: ``_X_RE().search``."""

    @functools.cache
    def pattern_compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return pattern_compiled
