"""Text helpers the reader tests share: every string of read data, and text compared loosely."""

from __future__ import annotations

import re
import unicodedata
from typing import Any


def norm(text: str) -> str:
    """The text in NFC with its white space runs made one space, trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def strings(data: Any) -> list[str]:
    """Every string in unstructured (JSON-shaped) data, in order."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return []
