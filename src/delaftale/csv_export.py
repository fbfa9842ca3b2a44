"""CSV files people open in Excel: Danish Excel's dialect by default, never a live formula.

Danish Excel opens a CSV file by double-click only when its cells are separated by
semicolons (the comma is the decimal mark there), reads æ, ø and å right only when the file
starts with a UTF-8 byte-order mark, and takes 61,21 as a number where 61.21 would be text
or a date. So every CSV file delaftale writes is, by default, in that dialect
(``"excel-da"``); ``"plain"`` gives commas, decimal points and no byte-order mark, for
programs.

In both, a text cell beginning with ``= + - @`` (or a tab or carriage return) gets a leading
apostrophe, so no spreadsheet runs user text (a staff title ``=HYPERLINK(…)``, a file named
``=cmd.json``) as a formula; so does such a character after a semicolon inside a cell,
where a semicolon-splitting Excel would start a new cell. Numbers are written from their
``Decimal`` value, exactly (61,21 stays 61,21, never 61,2099…), and are not escaped: a
negative number is a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Literal, get_args

__all__ = ["CSV_DIALECTS", "CsvDialect", "csv_bytes", "csv_cell", "csv_text", "defuse"]

CsvDialect = Literal["excel-da", "plain"]
"""``excel-da``: semicolons, decimal commas, a UTF-8 byte-order mark (the default);
``plain``: commas, decimal points, no byte-order mark."""

CSV_DIALECTS: tuple[str, ...] = get_args(CsvDialect)
"""The dialects' names, for command-line choices."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_AFTER_SEMICOLON = re.compile(r";(?=[=+\-@\t\r])")
_BOM = "\ufeff"


def defuse(cell: str) -> str:
    """A text cell no spreadsheet runs: an apostrophe before a formula character.

    At the cell's start, and after each semicolon inside it, where Danish Excel (which
    splits on ";") would start a new cell. Excel and LibreOffice show the apostrophe's cell
    as text and do not print the apostrophe.
    """
    if cell.startswith(_FORMULA_START):
        cell = "'" + cell
    return _AFTER_SEMICOLON.sub(";'", cell)


def csv_cell(value: object, dialect: CsvDialect = "excel-da") -> str:
    """One cell's text: a number in the dialect's notation, a date as ISO, text defused.

    ``None`` is an empty cell. A ``Decimal`` or ``int`` is written exactly, with a decimal
    comma in ``excel-da`` and no thousands separator (Excel reads "1.234" as text or a
    date); a ``bool`` is "true"/"false"; anything else is its text, defused.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", ",") if dialect == "excel-da" else text
    if isinstance(value, date):
        return value.isoformat()
    return defuse(str(value))


def csv_text(rows: Iterable[Sequence[object]], dialect: CsvDialect = "excel-da") -> str:
    """The rows as CSV text in the dialect, the byte-order mark first in ``excel-da``."""
    if dialect not in CSV_DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}; use one of {', '.join(CSV_DIALECTS)}")
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if dialect == "excel-da" else ",", lineterminator="\r\n"
    )
    for row in rows:
        writer.writerow([csv_cell(cell, dialect) for cell in row])
    text = buffer.getvalue()
    return _BOM + text if dialect == "excel-da" else text


def csv_bytes(rows: Iterable[Sequence[object]], dialect: CsvDialect = "excel-da") -> bytes:
    """The rows as a CSV file's bytes (UTF-8), as ``csv_text`` makes them."""
    return csv_text(rows, dialect).encode("utf-8")
