"""Reading a plan's budget and follow-up sheet from spreadsheets (CSV and Excel), within limits.

``read_budget`` reads the budget table (``docs/frames.md``) from a .csv or .xlsx file and
``budget_from_frame`` from a pandas DataFrame; ``read_followup`` reads the annual follow-up
sheet (*opfølgningsark*: each indicator's figure per year) from a .csv or .xlsx file. The two
readers share one machinery, held to ``SpreadsheetLimits``. Neither pandas nor any Excel
library is imported to read a file: a CSV file is read with the ``csv`` module, and an .xlsx
workbook by streaming the XML of the parts a reader needs with expat, counting every cell as
it passes, so that nothing is sized from what the file declares (the comment at the Excel part
says why not openpyxl). pandas is imported only when ``budget_from_frame`` is given a DataFrame.

Every problem is a ``DataError`` naming the file, the sheet, the row as Excel numbers it and
the column, the value and what to write instead; a value beyond the limits names its cell,
the limit and the setting that raises it.
"""

from __future__ import annotations

import array
import codecs
import csv
import io
import math
import numbers
import os
import posixpath
import re
import stat
import struct
import sys
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote
from xml.parsers import expat

import attrs
from attrs import frozen

from delaftale._limits import check_limits as _check_limits
from delaftale.danish import (
    format_decimal,
    parse_decimal,
)
from delaftale.errors import (
    DataError,
    FigureTooLargeError,
    GuessedEncodingWarning,
    NotationError,
)
from delaftale.followup import FollowUp, IndicatorFollowUp, Observation, _key_text
from delaftale.model import FIGURE_DIGITS, FocusArea, Unit, figure_too_large
from delaftale.plan import (
    Budget,
    BudgetCategory,
    BudgetLine,
    FundingKind,
    FundingSource,
    YearAmount,
)

if TYPE_CHECKING:
    import pandas as pd

_T = TypeVar("_T")

__all__ = [
    "SpreadsheetLimits",
    "budget_from_csv",
    "budget_from_frame",
    "followup_from_csv",
    "read_budget",
    "read_followup",
]

# --------------------------------------------------------------------------- budget tables

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "_": " ", "-": " "})


def _key(text: str) -> str:
    """Fold case, æ/ø/å, punctuation and spacing: 'Indsatsområde:' is 'indsatsomraade'."""
    folded = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    return " ".join(re.sub(r"[^\w ]", " ", folded).split())


def _keys(table: dict[str, Any]) -> dict[str, Any]:
    return {_key(word): value for word, value in table.items()}


_HEADERS = _keys(
    {
        "kategori": "category",
        "category": "category",
        "beskrivelse": "description",
        "description": "description",
        "navn": "description",
        "name": "description",
        "indsatsområde": "focus_area",
        "focus_area": "focus_area",
        "område": "focus_area",
        "area": "focus_area",
        "stilling": "position",
        "position": "position",
        "kilde": "source",
        "source": "source",
        "finansieringskilde": "source",
        "funding source": "source",
    }
)

_HEADER_LABELS = {
    "category": "kategori (category)",
    "description": "beskrivelse (description)",
    "focus_area": "indsatsområde (focus_area)",
    "position": "stilling (position)",
    "source": "kilde (source)",
    "year": "one column per year, headed by the year (2026, 2027, …)",
}

_CATEGORIES = _keys(
    {
        "løn": BudgetCategory.STAFF,
        "lon": BudgetCategory.STAFF,
        "staff": BudgetCategory.STAFF,
        "aktiviteter": BudgetCategory.ACTIVITIES,
        "aktivitet": BudgetCategory.ACTIVITIES,
        "activities": BudgetCategory.ACTIVITIES,
        "activity": BudgetCategory.ACTIVITIES,
        "administration": BudgetCategory.ADMINISTRATION,
        "evaluering": BudgetCategory.EVALUATION,
        "evaluation": BudgetCategory.EVALUATION,
        "andet": BudgetCategory.OTHER,
        "other": BudgetCategory.OTHER,
    }
)
_FUNDING_WORDS = {_key("finansiering"), _key("funding")}
_CATEGORY_HINT = (
    "write løn, aktiviteter, administration, evaluering, andet or finansiering "
    "(or staff, activities, administration, evaluation, other, funding)"
)

_SOURCES = _keys(
    {
        "lbf": FundingKind.LBF,
        "landsbyggefonden": FundingKind.LBF,
        "kommune": FundingKind.MUNICIPALITY,
        "kommunen": FundingKind.MUNICIPALITY,
        "municipality": FundingKind.MUNICIPALITY,
        "boligorganisation": FundingKind.HOUSING_ORGANISATION,
        "boligorganisationen": FundingKind.HOUSING_ORGANISATION,
        "boligorganisationer": FundingKind.HOUSING_ORGANISATION,
        "housing_organisation": FundingKind.HOUSING_ORGANISATION,
        "fond": FundingKind.FOUNDATION,
        "fonde": FundingKind.FOUNDATION,
        "foundation": FundingKind.FOUNDATION,
        "andet": FundingKind.OTHER,
        "andre": FundingKind.OTHER,
        "other": FundingKind.OTHER,
    }
)
_SOURCE_HINT = (
    "write lbf, kommune, boligorganisation, fond or andet "
    "(or municipality, housing_organisation, foundation, other)"
)
_SHARED_WORDS = {_key("fælles"), _key("shared")}
_FUNDING_SHEETS = {_key("finansiering"), _key("funding")}
_AMOUNT_HINT = "write it like 250.000 or 1.234.567,50"


class _UnsavedFormula:
    """A formula cell whose workbook holds no computed value (saved by a program, not Excel)."""

    def __init__(self, formula: str, origin: str | None = None) -> None:
        self.formula = formula
        self.origin = origin  # the cell a shared formula was copied from, if this is a copy

    def describe(self) -> str:
        """'the formula '=A1*2'' as messages name it."""
        if self.origin is not None:
            return f"the formula copied from cell {self.origin}"
        return f"the formula '{self.formula}'"

    def __str__(self) -> str:
        return self.formula


class _BadValue:
    """A cell whose saved value cannot be used: an Excel error such as #DIV/0!, or damage."""

    def __init__(self, shown: str, message: str) -> None:
        self.shown = shown
        self.message = message

    def __str__(self) -> str:
        return self.shown


class _BadCellError(Exception):
    """A cell that cannot be read; the message says what is expected."""


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    # A DataFrame's missing values; pandas is loaded whenever a DataFrame was given.
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NA or value is pd.NaT)


def _show(value: Any) -> str:
    """A cell's value for a message: text quoted, numbers as Danish Excel shows them (12,5)."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) and math.isfinite(value):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and value.is_finite():
        return format_decimal(value, grouping=False)
    if isinstance(value, bool):  # as Danish Excel shows a logical value
        return "SAND" if value else "FALSK"
    if isinstance(value, datetime):  # as Danish Excel shows a date: 05-01-2026
        shown = f"{value:%d-%m-%Y}"
        return shown if value.time() == time(0) else f"{shown} {value:%H:%M}"
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value)


def _decimal_places(amount: Decimal) -> int:
    """How many decimals a finite Decimal has once trailing zeros are dropped (1.50 has 1)."""
    _sign, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros)) if any(digits) else 0


def _check_saved(value: Any, what: str) -> None:
    """Refuse a formula without its saved value, or a cell whose value cannot be used.

    ``what`` is what to type instead ("the amount", "the text").
    """
    if isinstance(value, _UnsavedFormula):
        raise _BadCellError(
            f"{value.describe()} has no saved value; open the file in Excel "
            f"and save it again, or type {what}"
        )
    if isinstance(value, _BadValue):
        raise _BadCellError(value.message)


def _float_decimal(value: float) -> Decimal:
    """A finite float as the Decimal it shows, exactly: never a float's binary expansion."""
    # repr gives the shortest text that is this float: 561000.5, not 561000.5000000001.
    exact = Decimal(repr(value))
    return exact.to_integral_value() if value.is_integer() else exact  # 250000.0 is 250000


def _cell_text(value: Any) -> str | None:
    """A text cell as a stripped string; ``None`` when empty."""
    if _is_missing(value):
        return None
    _check_saved(value, "the text")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


# "kr. 250.000", "250.000 kr.", "250.000 DKK", and "250.000,-" (whole kroner).
_CURRENCY = re.compile(r"^(?:kr\.?|dkk)\s*|\s*(?:kr\.?|dkk)$|,[-–]$", re.IGNORECASE)


def _amount(value: Any) -> Decimal | None:
    """A cell as an exact amount in kroner (at most 2 decimals), or ``None`` when empty."""
    if _is_missing(value):
        return None
    _check_saved(value, "the amount")
    if isinstance(value, bool):
        raise _BadCellError(f"{_show(value)} is not an amount; {_AMOUNT_HINT}")
    if isinstance(value, datetime | date | time):
        raise _BadCellError(f"{_show(value)} is a date, not an amount; format the cell as a number")
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _BadCellError(f"{value} is not an amount; {_AMOUNT_HINT}")
        amount = _float_decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _BadCellError(f"{value} is not an amount; {_AMOUNT_HINT}")
        amount = value
    elif isinstance(value, str):
        text = _CURRENCY.sub("", value.strip()).strip()
        if not text:
            return None
        negative = text[0] in "-−"
        try:
            amount = parse_decimal(text[1:] if negative else text)
        except FigureTooLargeError:
            amount = Decimal(10) ** FIGURE_DIGITS[0]  # reported as too large below
        except NotationError:
            raise _BadCellError(f"'{value}' is not an amount; {_AMOUNT_HINT}") from None
        amount = -amount if negative else amount
    else:
        raise _BadCellError(f"{_show(value)} is not an amount; {_AMOUNT_HINT}")
    if _decimal_places(amount) > 2:
        raise _BadCellError(
            f"{_show(value)} has more than 2 decimals; an amount in kroner has at most 2 (øre): "
            "write thousands with dots and decimals with a comma, like 1.234 or 12,50"
        )
    if figure_too_large(amount):
        raise _BadCellError(
            f"{_show(value)} has more than {FIGURE_DIGITS[0]} digits; no budget amount is that "
            "large: check the cell"
        )
    return amount


def _year_header(value: Any) -> int | None:
    if isinstance(value, bool) or _is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if not isinstance(value, numbers.Integral):
        return None
    year = int(value)
    return year if 1990 <= year <= 2100 else None


class _Table:
    """One sheet (or CSV file) of a budget: its header and its rows with their Excel numbers."""

    def __init__(
        self,
        where: str | None,
        header: Sequence[Any],
        rows: Sequence[tuple[int, Sequence[Any]]],
        *,
        header_row: int = 1,
        funding_only: bool = False,
        merges: Sequence[tuple[int, int, int, int]] = (),
    ) -> None:
        self.where = where
        self.header = list(header)
        self.rows = rows
        self.header_row = header_row
        self.funding_only = funding_only
        self.merges = merges  # (first row, first column, last row, last column)

    def place(self, row: int | None = None, column: Any = None) -> str:
        """'sheet 'Budget', row 7, column '2027'', leaving out what is not known."""
        parts = [self.where] if self.where else []
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column '{column}'")
        return ", ".join(parts)

    def problem(self, row: int | None, column: Any, message: str) -> str:
        """A problem text starting with its place."""
        place = self.place(row, column)
        return f"{place}: {message}" if place else message


class _Columns:
    """Where each known column of a table stands."""

    def __init__(self) -> None:
        self.fields: dict[str, int] = {}
        self.years: list[tuple[int, int]] = []  # (column index, year)


def _find_columns(
    table: _Table,
    headers: dict[str, str],
    labels: dict[str, str],
    problems: list[str],
    *,
    years: bool,
) -> _Columns:
    """The known columns of a table's header; a field or year headed twice is a problem.

    ``headers`` maps folded column names to fields, ``labels`` names each field in a message;
    with ``years``, a year heads a column of its own (the budget's amounts per year).
    """
    columns = _Columns()
    named: dict[str, Any] = {}
    year_heads: dict[int, Any] = {}
    for j, head in enumerate(table.header):
        year = _year_header(head) if years else None
        if year is not None:
            if year in year_heads:
                problems.append(
                    table.problem(
                        table.header_row,
                        None,
                        f"the year {year} has two columns ('{year_heads[year]}' and '{head}'); "
                        "keep one",
                    )
                )
                continue
            year_heads[year] = head
            columns.years.append((j, year))
            continue
        if not isinstance(head, str):
            continue
        field = headers.get(_key(head))
        if field is None:
            continue
        if field in columns.fields:
            problems.append(
                table.problem(
                    table.header_row,
                    None,
                    f"the columns '{named[field]}' and '{head}' both mean "
                    f"{labels[field]}; keep one",
                )
            )
            continue
        columns.fields[field] = j
        named[field] = head
    return columns


def _header_lacks(table: _Table, lacking: str, expected: str) -> str:
    """The problem of a header without the columns a reader needs."""
    found = ", ".join(f"'{h}'" for h in table.header if not _is_missing(h) and str(h).strip())
    return table.problem(
        None,
        None,
        f"the header (row {table.header_row}) lacks {lacking}. It has "
        f"{found or 'no column names'}. Expected: {expected}",
    )


def _map_columns(table: _Table, problems: list[str]) -> _Columns | None:
    columns = _find_columns(table, _HEADERS, _HEADER_LABELS, problems, years=True)
    required = ["source"] if table.funding_only else ["category", "description", "focus_area"]
    missing = [f for f in required if f not in columns.fields]
    if not columns.years:
        missing.append("year")
    if not missing:
        return columns
    if table.funding_only:
        expected = "kilde (source) and one column per year; beskrivelse (description) is optional"
    else:
        expected = (
            "kategori (category), beskrivelse (description), indsatsområde (focus_area) and one "
            "column per year; stilling (position) and kilde (source) are optional"
        )
    problems.append(_header_lacks(table, "; ".join(_HEADER_LABELS[m] for m in missing), expected))
    return None


class _Row:
    """The cells of one data row, read field by field; problems are collected, not raised."""

    def __init__(self, table: _Table, columns: _Columns, number: int, cells: Sequence[Any]) -> None:
        self.table = table
        self.columns = columns
        self.number = number
        self.cells = cells
        self.problems: list[str] = []
        self.unreadable: set[str] = set()  # fields whose cell could not be read at all

    def raw(self, j: int) -> Any:
        """The cell in column ``j`` (``None`` past the end of a short row)."""
        return self.cells[j] if j < len(self.cells) else None

    def blank(self) -> bool:
        """Whether every known column of the row is empty."""
        used = [*self.columns.fields.values(), *(j for j, _ in self.columns.years)]
        return not any(_cell_filled(self.raw(j)) for j in used)

    def bad(self, j: int, message: str) -> None:
        """Note a problem with the cell in column ``j``."""
        self.problems.append(self.table.problem(self.number, self.table.header[j], message))

    def parsed(self, field: str, parse: Callable[[Any], _T | None]) -> _T | None:
        """A field's cell read by ``parse``; ``None`` when absent, empty or bad (noted)."""
        j = self.columns.fields.get(field)
        if j is None:
            return None
        try:
            return parse(self.raw(j))
        except _BadCellError as exc:
            self.bad(j, str(exc))
            self.unreadable.add(field)
            return None

    def text(self, field: str) -> str | None:
        """The text of a field's cell, ``None`` when the column is absent or the cell empty."""
        return self.parsed(field, _cell_text)

    def bad_field(self, field: str, message: str) -> None:
        """Note a problem with a field's cell, unless the cell could not be read at all."""
        if field in self.unreadable:
            return
        self.bad(self.columns.fields[field], message)

    def amounts(self) -> list[YearAmount]:
        """The row's amounts, one per filled year cell."""
        amounts: list[YearAmount] = []
        for j, year in self.columns.years:
            try:
                amount = _amount(self.raw(j))
            except _BadCellError as exc:
                self.bad(j, str(exc))
                continue
            if amount is not None:
                amounts.append(YearAmount(year=year, amount=amount))
        return amounts


def _read_row(row: _Row) -> BudgetLine | FundingSource | None:
    """The line or funding source a row states; ``None`` with ``row.problems`` when it is bad."""
    fields = row.columns.fields
    funding_only = row.table.funding_only
    category_text = row.text("category")
    category: BudgetCategory | None = None
    is_funding = funding_only
    if category_text is None:
        if "category" in fields and not funding_only:
            row.bad_field("category", f"the category is empty; {_CATEGORY_HINT}")
    elif _key(category_text) in _FUNDING_WORDS:
        is_funding = True
    elif funding_only:
        row.bad_field(
            "category",
            f"'{category_text}' on the funding sheet; write finansiering or leave it empty, "
            "and put costs on the budget sheet",
        )
    elif _key(category_text) in _CATEGORIES:
        category = _CATEGORIES[_key(category_text)]
    else:
        row.bad_field("category", f"'{category_text}' is not a category; {_CATEGORY_HINT}")

    description = row.text("description")
    area_text = row.text("focus_area")
    position = row.text("position")
    source_text = row.text("source")

    area: FocusArea | None = None
    if area_text is not None and _key(area_text) not in _SHARED_WORDS:
        if is_funding:
            row.bad_field(
                "focus_area",
                f"'{area_text}': funding is for the whole plan; leave indsatsområde empty",
            )
        else:
            area = FocusArea.from_title(area_text)
            if area is None:
                row.bad_field(
                    "focus_area",
                    f"'{area_text}' is not a focus area; write its title (e.g. Beskæftigelse) "
                    "or code, or fælles for a cost the whole plan shares",
                )
    if is_funding and position is not None:
        row.bad_field("position", f"'{position}': funding has no position; leave stilling empty")
    if not is_funding and source_text is not None:
        row.bad_field(
            "source",
            f"'{source_text}': a source (kilde) belongs on a finansiering row; leave it empty "
            "on a cost",
        )
    if category is not None and description is None:
        row.bad_field("description", "the description is empty; say what the cost is")

    kind: FundingKind | None = None
    if is_funding and "source" in fields:
        if source_text is None:
            row.bad_field("source", f"a funding row needs its source; {_SOURCE_HINT}")
        elif _key(source_text) not in _SOURCES:
            row.bad_field("source", f"'{source_text}' is not a funding source; {_SOURCE_HINT}")
        else:
            kind = _SOURCES[_key(source_text)]

    amounts = row.amounts()
    if row.problems:
        return None
    if kind is not None:
        return FundingSource(kind=kind, name=description, amounts=amounts)
    if category is not None and description is not None:
        return BudgetLine(
            category=category,
            description=description,
            focus_area=area,
            position=position,
            amounts=amounts,
        )
    return None  # a funding row without a kilde column: reported once for the table


def _merged_problems(table: _Table, kind: _Kind) -> list[str]:
    """A merged range holding a value below the header: one value shown for several cells.

    Excel keeps the value in the range's first cell only, so a person reading "150.000"
    across 2026-2029 and the data (2026 only) would disagree. Merged titles above the header
    are fine.
    """
    values = dict(table.rows)
    found = []
    for r1, c1, r2, c2 in table.merges:
        cells = values.get(r1)
        if r2 <= table.header_row or cells is None or c1 > len(cells):
            continue
        if not _cell_filled(cells[c1 - 1]):
            continue
        ref = f"{_column_letters(c1)}{r1}:{_column_letters(c2)}{r2}"
        found.append(
            table.problem(
                r1,
                None,
                f"the cells {ref} are merged, and Excel keeps their value in "
                f"{_column_letters(c1)}{r1} only; unmerge them and write each cell's own "
                f"value ({kind.merged_hint})",
            )
        )
    return found


def _read_table(table: _Table, problems: list[str]) -> tuple[list[BudgetLine], list[FundingSource]]:
    problems.extend(_merged_problems(table, _BUDGET))
    columns = _map_columns(table, problems)
    if columns is None:
        return [], []
    lines: list[BudgetLine] = []
    funding: list[FundingSource] = []
    without_source: list[int] = []
    for number, cells in table.rows:
        row = _Row(table, columns, number, cells)
        if row.blank():
            continue
        item = _read_row(row)
        problems.extend(row.problems)
        if isinstance(item, BudgetLine):
            lines.append(item)
        elif isinstance(item, FundingSource):
            funding.append(item)
        elif not row.problems:
            without_source.append(number)
    if without_source:
        rows = ", ".join(str(r) for r in without_source)
        problems.append(
            table.problem(
                None,
                None,
                f"row(s) {rows} are finansiering (funding) but there is no column kilde "
                f"(source); add one and {_SOURCE_HINT}",
            )
        )
    return lines, funding


def _budget(tables: Sequence[_Table], source: str | None) -> Budget:
    problems: list[str] = []
    lines: list[BudgetLine] = []
    funding: list[FundingSource] = []
    for table in tables:
        table_lines, table_funding = _read_table(table, problems)
        lines.extend(table_lines)
        funding.extend(table_funding)
    if problems:
        where = f" in {source}" if source else ""
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise DataError(
            f"The budget{where} cannot be read: {count} (budgettet har {len(problems)} fejl)",
            problems,
        )
    return Budget(lines=lines, funding=funding)


def budget_from_frame(df: pd.DataFrame, *, sheet: str | None = None) -> Budget:
    """Read a budget from a DataFrame laid out as the budget sheet (see ``docs/frames.md``).

    The frame's column names are the header (row 1 in Excel), so its first row is Excel row 2
    in messages; ``sheet`` names the sheet in messages. A sheet named ``finansiering`` or
    ``funding`` is read as a funding sheet. Raises ``DataError`` listing every
    bad cell (row, column, value and what to write instead) or missing column at once.
    """
    rows = [(i + 2, list(row)) for i, row in enumerate(df.itertuples(index=False, name=None))]
    table = _Table(
        f"sheet '{sheet}'" if sheet else None,
        list(df.columns),
        rows,
        funding_only=sheet is not None and _key(sheet) in _FUNDING_SHEETS,
    )
    return _budget([table], f"sheet '{sheet}'" if sheet else None)


@frozen
class _Kind:
    """What a reader reads: the words of its messages, its columns, and which sheets it reads.

    The budget's and the follow-up sheet's readers share the machinery below (files, CSV,
    Excel, limits); each message names what is being read in that reader's words.
    """

    noun: str
    """'budget', 'follow-up sheet': "The budget in 'x' cannot be read"."""
    short: str
    """'budget', 'follow-up': "a budget workbook", "not a follow-up file"."""
    content: str
    """'the budget', 'the figures': "delete the rows below the budget"."""
    function: str
    """The function whose ``limits=`` a message names: 'read_budget'."""
    headers: dict[str, str]
    """Folded column names -> fields."""
    year_headers: bool
    """Whether a year heads a column of its own (the budget's amounts)."""
    merged_hint: str
    """What each cell of a merged range below the header should hold instead."""
    guesses_encoding: bool
    """Whether CSV bytes that are not UTF-8 are read as Windows-1252, with a warning."""
    percent_cells: bool
    """Whether a number in a cell formatted as a percentage is read as one (0,6121: 61,21 %)."""
    sheets: Callable[[list[str], str], list[tuple[str, bool]]]
    """The sheets of a workbook to read, each with whether it holds funding only."""


def _budget_sheets(names: list[str], file: str) -> list[tuple[str, bool]]:
    """The sheet named Budget (else the first), and the funding sheets."""
    funding = [n for n in names if _key(n) in _FUNDING_SHEETS]
    main = next((n for n in names if _key(n) == "budget"), None)
    if main is None:
        main = next((n for n in names if n not in funding), None)
    chosen = [*([(main, False)] if main is not None else []), *((n, True) for n in funding)]
    if not chosen:
        raise DataError(
            f"'{file}' has no worksheet with the budget; put the budget on a sheet named "
            "Budget (see the budget table format)"
        )
    return chosen


_BUDGET = _Kind(
    noun="budget",
    short="budget",
    content="the budget",
    function="read_budget",
    headers=_HEADERS,
    year_headers=True,
    merged_hint="an amount in every year's column",
    guesses_encoding=False,
    percent_cells=False,
    sheets=_budget_sheets,
)


def _known_header(rows: Sequence[Sequence[Any]], kind: _Kind) -> int | None:
    """The first of the top rows with two known column names (a budget's: or a name and a year)."""
    for i, row in enumerate(rows[:20]):
        known = sum(
            1
            for cell in row
            if (kind.year_headers and _year_header(cell) is not None)
            or (isinstance(cell, str) and _key(cell) in kind.headers)
        )
        if known >= 2:
            return i
    return None


def _cell_filled(value: Any) -> bool:
    return not _is_missing(value) and str(value).strip() != ""


def _table_from_rows(
    where: str,
    rows: Sequence[Sequence[Any]],
    kind: _Kind,
    *,
    funding_only: bool = False,
    merges: Sequence[tuple[int, int, int, int]] = (),
) -> _Table:
    """A table from every row of a sheet, row 1 first; the header may follow title rows.

    The header is the first row naming two known columns; failing that, the first row with
    anything in it (so the missing-columns message shows what the sheet has).
    """
    h = _known_header(rows, kind)
    if h is None:
        h = next((i for i, row in enumerate(rows) if any(_cell_filled(c) for c in row)), None)
    if h is None:
        return _Table(where, [], [], funding_only=funding_only)
    body = [(h + 2 + i, row) for i, row in enumerate(rows[h + 1 :])]
    return _Table(where, rows[h], body, header_row=h + 1, funding_only=funding_only, merges=merges)


# --------------------------------------------------------------------------- budget files

_MIB = 1024 * 1024


@frozen(kw_only=True)
class SpreadsheetLimits:
    """Limits on a budget file (.csv or .xlsx), checked while it is read.

    A real budget is a few kilobytes: a few dozen rows and a dozen columns. These limits are
    far above that and keep a small hostile or broken file (a value in cell XFD1048576, a zip
    bomb, a sheet of a million empty cells) from taking minutes or gigabytes. A file beyond a
    limit is refused with a ``DataError`` naming the limit; raise the limit for an unusual but
    trusted file, e.g. ``read_budget(path, limits=SpreadsheetLimits(max_rows=50_000))``.
    """

    max_file_bytes: int = 20 * _MIB
    """The file itself, .csv or .xlsx."""
    max_entries: int = 1_000
    """Entries (parts) in the .xlsx zip."""
    max_entry_bytes: int = 50 * _MIB
    """Uncompressed size of any one entry of the .xlsx."""
    max_total_bytes: int = 200 * _MIB
    """Uncompressed size of all entries together."""
    max_ratio: int = 200
    """Uncompressed to compressed size of an entry over 1 MiB (zip bombs reach thousands)."""
    max_sheets: int = 100
    """Sheets in the workbook."""
    max_rows: int = 10_000
    """The last row holding a value, in a sheet that is read or in a CSV file."""
    max_columns: int = 200
    """The last column holding a value (column 200 is GR)."""
    max_cells: int = 100_000
    """Cells stored in a sheet that is read, filled or only formatted (the sheet's XML size)."""
    max_cell_chars: int = 32_767
    """Characters in one cell (Excel's own limit); a longer cell is a bad cell."""
    max_elements: int = 1_000_000
    """XML elements read from the workbook's parts together (a budget's are a few thousand)."""

    def __attrs_post_init__(self) -> None:
        # Checked when built, not at the first read: a limit of "5" or 0 is a mistake.
        _check_limits(self)


class _MissingFileError(DataError, FileNotFoundError):
    """A spreadsheet that does not exist; also a ``FileNotFoundError``, as it always was."""


def _brief(text: str, size: int = 40) -> str:
    """Text from a file, cut short for a message (a sheet name or cell can be megabytes)."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _column_letters(column: int) -> str:
    """Excel's letters for a 1-based column number: 1 is A, 200 is GR, 16384 is XFD."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _long_cell(text: str, limits: SpreadsheetLimits) -> _BadValue:
    """A cell longer than the limit: kept as a bad cell, so its row and column are named."""
    return _BadValue(
        _brief(text),
        f"the cell holds more than {limits.max_cell_chars:,} characters, more than Excel lets "
        f"a cell hold (it starts '{_brief(text, 30)}'); shorten it",
    )


def _beyond_limits(
    source: str, where: str, row: int, column: int, limits: SpreadsheetLimits, kind: _Kind
) -> DataError:
    """The refusal of a value outside the rows and columns a sheet may use."""
    beyond = []
    knobs = []
    if row > limits.max_rows:
        beyond.append(f"below row {limits.max_rows:,}")
        knobs.append("max_rows=...")
    if column > limits.max_columns:
        beyond.append(f"right of column {_column_letters(limits.max_columns)}")
        knobs.append("max_columns=...")
    return DataError(
        f"The {kind.noun} in {source} cannot be read: it goes beyond the {kind.noun} reader's "
        "limits",
        [
            f"{where}, cell {_column_letters(column)}{row}: a value {' and '.join(beyond)}; the "
            f"reader takes {limits.max_rows:,} rows and {limits.max_columns} columns (A to "
            f"{_column_letters(limits.max_columns)}), and a {kind.noun} has a few dozen. Delete "
            f"what is there (select the rows or columns past {kind.content}, right-click, "
            f"Delete) and save again, or pass limits=SpreadsheetLimits({', '.join(knobs)}) to "
            f"{kind.function} if the {kind.noun} really is that large",
        ],
    )


def _file_bytes(path: Path, limits: SpreadsheetLimits, kind: _Kind) -> bytes:
    """The file's bytes; a missing file, a folder, a special file or no access is a DataError."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise _MissingFileError(
            f"'{path}': no such file; check the path of the {kind.noun}"
        ) from None
    except ValueError:  # a NUL character in the path
        raise DataError(f"{str(path)!r} is not a valid file name; check the path") from None
    except OSError as exc:
        raise DataError(
            f"'{path}' cannot be read ({exc.strerror or exc}); check that it is a file you may read"
        ) from None
    if stat.S_ISDIR(mode):
        raise DataError(
            f"'{path}' is a folder, not a {kind.short} file; give the path of the .csv or "
            ".xlsx file in it"
        )
    if not stat.S_ISREG(mode):
        # A pipe or device would block or never end; a spreadsheet is always a plain file.
        raise DataError(f"'{path}' is not a regular file; give the path of the {kind.short} file")
    try:
        with path.open("rb") as handle:
            # At most one byte past the limit, without a buffer of the limit's size up front.
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, limits.max_file_bytes) + 1)
    except FileNotFoundError:  # removed since
        raise _MissingFileError(
            f"'{path}': no such file; check the path of the {kind.noun}"
        ) from None
    except OSError as exc:
        raise DataError(
            f"'{path}' cannot be read ({exc.strerror or exc}); check that it is a file you may read"
        ) from None
    if len(data) > limits.max_file_bytes:
        raise DataError(
            f"'{path.name}' is larger than {limits.max_file_bytes:,} bytes, the limit; a "
            f"{kind.noun} is a few kilobytes. Pass limits=SpreadsheetLimits(max_file_bytes=...) "
            f"to {kind.function} if you trust the file."
        )
    return data


# ---- CSV

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")  # the container of .xls files and encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_CSV_LINE_CHARS = 1 << 20  # a budget line has a few hundred characters
_CSV_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")  # a line and its end, as csv wants them


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


# Windows-1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D); Latin-1 reads
# them as control characters. The table turns Latin-1's reading of 0x80-0x9F into cp1252's.
_CP1252_TABLE = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _windows_1252(data: bytes) -> str:
    """Bytes as Windows-1252 text; the five bytes it leaves undefined are read as Latin-1."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_CP1252_TABLE)


def _csv_text(data: bytes, path: Path, kind: _Kind) -> tuple[str, bool]:
    """The text of a CSV file, and whether its encoding was guessed.

    UTF-8 (a BOM is fine) or UTF-16 with its BOM. Other bytes are refused, or, for a reader
    that ``guesses_encoding``, read as Windows-1252 (the second item is then true).
    """
    name = path.name
    if data.startswith(b"PK\x03\x04"):
        raise DataError(
            f"'{name}' is not CSV text but an Excel workbook or another zip file; if it is the "
            f"{kind.short} workbook, name it '{path.stem}.xlsx'"
        )
    if data.startswith(_OLE):
        raise DataError(
            f"'{name}' is not CSV text but an old Excel workbook (.xls); open it in Excel and "
            "save it as 'CSV UTF-8' (CSV UTF-8 (kommasepareret)) or as .xlsx"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" (Unicode-tekst): UTF-16 with a byte-order mark, unambiguous.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(
                f"'{name}' is damaged UTF-16 text; in Excel save it as 'CSV UTF-8' "
                "(CSV UTF-8 (kommasepareret))"
            ) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # Danish Excel's plain "CSV (semikolonsepareret)" is Windows-1252. The budget
            # reader refuses it: a wrong guess changes names silently, and the fix is one
            # click. The follow-up sheet's reader reads it so, saying so in a warning: its
            # text is names and notes beside figures, and it is kept by many hands.
            # utf-8-sig counts from after a byte-order mark; the file's own offset is wanted.
            bom = data.startswith(codecs.BOM_UTF8)
            at = exc.start + (3 if bom else 0)
            line = data.count(b"\n", 0, at) + 1
            if kind.guesses_encoding and not bom:
                return _csv_checked(_windows_1252(data), name, kind), True
            if kind.guesses_encoding:  # UTF-8's own mark, then bytes UTF-8 does not use
                raise DataError(
                    f"'{name}' begins as UTF-8 text (with a byte-order mark), but line {line} "
                    f"has the byte 0x{data[at]:02X}, which UTF-8 does not use there; the file "
                    "is damaged or pieced together. In Excel save it as 'CSV UTF-8' (CSV UTF-8 "
                    "(kommasepareret)) again"
                ) from None
            raise DataError(
                f"'{name}' is not UTF-8 text; in Excel save it as 'CSV UTF-8' (CSV UTF-8 "
                f"(kommasepareret)). Line {line} has the byte 0x{data[at]:02X}, as "
                "'CSV (semikolonsepareret)' writes æ, ø and å in the older Windows-1252 "
                "encoding, which the budget reader does not guess at"
            ) from None
    return _csv_checked(text, name, kind), False


def _csv_checked(text: str, name: str, kind: _Kind) -> str:
    """CSV text, once it is known to hold no NUL character (which CSV text never does)."""
    nul = text.find("\x00")
    if nul >= 0:
        raise DataError(
            f"'{name}', line {_line_of(text, nul)}: a NUL character, which CSV text never "
            "holds; the file is probably a spreadsheet or UTF-16 text named .csv. In Excel "
            f"save the {kind.noun} as 'CSV UTF-8' (CSV UTF-8 (kommasepareret)), or give the "
            ".xlsx file"
        )
    return text


class _CsvTextError(Exception):
    """Text the csv module cannot split into rows; the message names the line."""


def _csv_records(
    text: str, delimiter: str, where: str, kind: _Kind
) -> Iterator[tuple[list[str], int]]:
    """The records of CSV text, each with the offset in the text after it.

    Over-long lines and text the csv module cannot read raise ``_CsvTextError``.
    """
    line = 0
    offset = 0

    def lines() -> Iterator[str]:
        # One line of a million characters would make the csv module build a row of a million
        # cells before anything could be checked; a line of a budget has a few hundred.
        nonlocal line, offset
        # Lines found in the text itself: io.StringIO would first copy it, at 4 bytes a letter.
        for line, match in enumerate(_CSV_LINE.finditer(text), start=1):
            text_line = match.group()
            offset += len(text_line)
            if len(text_line) > _CSV_LINE_CHARS:
                raise _CsvTextError(
                    f"{where}, line {line}: the line is longer than {_CSV_LINE_CHARS:,} "
                    f"characters, which no {kind.noun} has; is it a CSV file of the {kind.noun}?"
                )
            yield text_line

    reader = csv.reader(lines(), delimiter=delimiter)
    row = 0
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise _CsvTextError(
                    f"{where}, row {row + 1} (from line {start}): a cell is longer than "
                    f'{csv.field_size_limit():,} characters. Usually a quotation mark (") '
                    "opens a cell and is never closed, so the rest of the file runs into it: "
                    f"check the quotation marks from line {start} on"
                ) from None
            raise _CsvTextError(
                f"{where}, line {line}: the CSV text cannot be read ({exc}); save the "
                f"{kind.noun} from Excel as 'CSV UTF-8' (CSV UTF-8 (kommasepareret)) again"
            ) from None
        row += 1
        yield record, offset


# What the rows Excel writes below a table down to its "used range" hold: separators, quotes
# and white space. Anything else below the last row a sheet may use is a value.
_CSV_VALUE = re.compile(r'[^\s;,"]')


def _csv_rest(text: str, offset: int, where: str, limits: SpreadsheetLimits, kind: _Kind) -> None:
    """Refuse a value in the text after the last row a sheet may use; one scan, not a parse.

    Parsing a million empty rows one by one would take seconds; a regular expression finds
    the first character that is not a separator, quote or white space in a blink.
    """
    value = _CSV_VALUE.search(text, offset)
    if value is None:
        return
    line = _line_of(text, value.start())
    start = value.start()
    raise DataError(
        f"The {kind.noun} in {where.removeprefix('file ')} cannot be read: it goes beyond the "
        f"{kind.noun} reader's limits",
        [
            f"{where}, line {line}: a value ('{_brief(text[start : start + 40], 20)}') below "
            f"row {limits.max_rows:,}; the reader takes {limits.max_rows:,} rows, and a "
            f"{kind.noun} has a few dozen. Delete the rows below {kind.content} and save again, "
            f"or pass limits=SpreadsheetLimits(max_rows=...) to {kind.function} if the "
            f"{kind.noun} really is that large",
        ],
    )


def _csv_head(
    text: str, delimiter: str, where: str, limits: SpreadsheetLimits, kind: _Kind
) -> list[list[str]]:
    """The first 20 records, each cut to the columns a sheet may use: enough to find the header."""
    head: list[list[str]] = []
    try:
        for record, _ in _csv_records(text, delimiter, where, kind):
            head.append(record[: limits.max_columns + 1])
            if len(head) == 20:
                break
    except _CsvTextError:
        pass  # reported only if this separator is chosen, when the whole text is read
    return head


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _outside_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside delaftale.

    The sheet may be read by ``read_followup``, ``followup_from_csv``, ``load_plan`` or the
    top-level wrappers; the warning belongs to the line of the user's code that asked.
    """
    frame: FrameType | None = sys._getframe(1)  # the function that warns
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _PACKAGE_DIR + os.sep
    ):
        frame = frame.f_back
        level += 1
    return level


def _csv_tables(data: bytes, path: Path, limits: SpreadsheetLimits, kind: _Kind) -> list[_Table]:
    where = f"file '{path.name}'"
    text, guessed = _csv_text(data, path, kind)
    if guessed:
        warnings.warn(
            GuessedEncodingWarning(
                f"'{path.name}' is not UTF-8 text, so it was read as Windows-1252 (Latin-1), "
                "the encoding Danish Excel's 'CSV (semikolonsepareret)' writes. In Excel save "
                "it as CSV UTF-8 (CSV UTF-8 (kommasepareret)) to be sure æ, ø and å are read "
                "right"
            ),
            stacklevel=_outside_stacklevel(),
        )
    heads = {d: _csv_head(text, d, where, limits, kind) for d in (";", ",", "\t")}
    # The separator is the one that splits the header into known columns; failing that, the
    # one that splits the first row into the most cells.
    delimiter = next(
        (d for d, rows in heads.items() if _known_header(rows, kind) is not None), None
    )
    if delimiter is None:
        delimiter = max(heads, key=lambda d: len(heads[d][0]) if heads[d] else 0)
    rows: list[Sequence[Any]] = []
    try:
        records = _csv_records(text, delimiter, where, kind)
        for number, (record, offset) in enumerate(records, start=1):
            filled = [j for j, field in enumerate(record) if field.strip()]
            if filled and filled[-1] >= limits.max_columns:
                first = next(j for j in filled if j >= limits.max_columns)
                raise _beyond_limits(f"'{path.name}'", where, number, first + 1, limits, kind)
            cells: list[Any] = record[: filled[-1] + 1] if filled else []
            for j, field in enumerate(cells):
                if len(field) > limits.max_cell_chars:
                    cells[j] = _long_cell(field, limits)
            rows.append(cells)
            if number == limits.max_rows:
                _csv_rest(text, offset, where, limits, kind)  # a value below, or empty rows
                break
    except _CsvTextError as exc:
        raise DataError(f"The {kind.noun} in '{path.name}' cannot be read", [str(exc)]) from None
    return [_table_from_rows(where, rows, kind)]


# ---- Excel
#
# An .xlsx is read by streaming its XML with expat, not through openpyxl or pandas: openpyxl
# sizes rows from the sheet's <dimension> (which the file itself declares), builds each row
# whole before anything can be checked (one row of two million empty cells, in a 9 KB file,
# took 9 s and 660 MB even in read-only mode) and, without a <dimension>, parses every sheet of
# the workbook when it opens it. Here only the parts the budget needs are read, every cell is
# counted as it streams past, a value past the limits is refused at once, a DOCTYPE is refused
# before any entity could be declared, and memory stays in proportion to the cells kept.

_SHEET_NS = frozenset(
    {
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",  # Strict Open XML
    }
)
_PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # an unsupported compression method
    RuntimeError,  # an encrypted entry
    ValueError,
    OSError,
    struct.error,
)
_CHUNK = 64 * 1024
_CELLESS_SHEETS = frozenset({"chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet"})
_MAX_SHEET_ROW = 1_048_576  # Excel's last row and column
_MAX_SHEET_COLUMN = 16_384
_MAX_NUMBER_FORMATS = 10_000  # Excel allows about 250 custom number formats
_MAX_RELATIONSHIPS = 10_000
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_MAX_MERGES = 10_000  # a budget sheet merges a few titles
# What may stand between a worksheet's cells and its merged ranges (ECMA-376, CT_Worksheet).
_BETWEEN_CELLS_AND_MERGES = frozenset(
    {
        "mergeCells",
        "sheetCalcPr",
        "sheetProtection",
        "protectedRanges",
        "scenarios",
        "autoFilter",
        "sortState",
        "dataConsolidate",
        "customSheetViews",
    }
)


def _column_number(letters: str) -> int:
    """Excel's column letters as a number: A is 1, XFD is 16,384."""
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column


_SMALL_INT = re.compile(r"\s*\+?([0-9]{1,9})\s*")
_WHOLE = re.compile(r"\s*[+-]?[0-9]{1,18}\s*")

# Built-in number formats that show a date or time (ECMA-376 18.8.30); 46 is [h]:mm:ss;
# 9 and 10 are 0% and 0.00%.
_DATE, _ELAPSED, _PERCENT = 1, 2, 3
_BUILTIN_KINDS = {
    **dict.fromkeys([*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)], _DATE),
    46: _ELAPSED,
    9: _PERCENT,
    10: _PERCENT,
}
_ELAPSED_PART = re.compile(r"h+|m+|s+", re.IGNORECASE)


def _format_kind(code: str) -> int:
    """Whether an Excel number format shows a date, an elapsed time ([h]:mm), a percentage.

    Only the first section counts; quoted text, escaped characters and [colours] or
    [$-locales] are skipped. A % outside them makes Excel show the number times 100 ("0.00%"
    shows 0.6121 as 61.21%); a date's letters win over it. Linear in the code's length.
    """
    kind = 0
    i = 0
    while i < len(code):
        char = code[i]
        if char == ";":
            break
        if char == '"':
            end = code.find('"', i + 1)
            i = len(code) if end < 0 else end + 1
            continue
        if char in "\\_*":  # \x shows x, _x leaves x's width, *x repeats x
            i += 2
            continue
        if char == "[":
            end = code.find("]", i + 1)
            inside = code[i + 1 : len(code) if end < 0 else end]
            if _ELAPSED_PART.fullmatch(inside):
                return _ELAPSED
            i = len(code) if end < 0 else end + 1
            continue
        if char in "dmyhsDMYHS":
            kind = _DATE
        elif char == "%" and kind != _DATE:
            kind = _PERCENT
        i += 1
    return kind


class _DamageError(Exception):
    """A part of the workbook that is not as Excel writes it; the message says what."""


class _Stop(Exception):  # noqa: N818 (control flow, not an error)
    """Everything needed from a part has been read; stop parsing it."""


def _split(tag: str) -> tuple[str, str]:
    """An expat name 'namespace local' as (namespace, local name)."""
    namespace, _, local = tag.rpartition(" ")
    return namespace, local


_LOCAL_NAMES: dict[str, str] = {}


def _local_name(tag: str) -> str:
    """An element's local name in SpreadsheetML, '' for other namespaces (a cached lookup)."""
    local = _LOCAL_NAMES.get(tag)
    if local is None:
        namespace, local = _split(tag)
        if namespace not in _SHEET_NS:
            local = ""
        if len(_LOCAL_NAMES) < 1_000:  # a hostile part may use any number of names
            _LOCAL_NAMES[tag] = local
    return local


class _XmlReader:
    """What a part's elements are turned into, fed by expat as the part streams past."""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        """An element starts."""

    def end(self, tag: str) -> None:
        """An element ends."""

    def data(self, text: str) -> None:
        """Character data."""


class _RelsReader(_XmlReader):
    """A relationships part: id -> (kind, target); the kind is the type's last word."""

    def __init__(self) -> None:
        self.targets: dict[str, tuple[str, str]] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag != f"{_PACKAGE_RELS_NS} Relationship" or attrs.get("TargetMode") == "External":
            return
        if len(self.targets) >= _MAX_RELATIONSHIPS:
            raise _DamageError(f"it has more than {_MAX_RELATIONSHIPS:,} relationships")
        kind = attrs.get("Type", "").rpartition("/")[2]
        self.targets[attrs.get("Id", "")] = (kind, attrs.get("Target", ""))


class _WorkbookReader(_XmlReader):
    """xl/workbook.xml: the sheets in order (name, relationship id) and the date system."""

    def __init__(self, where: str, limits: SpreadsheetLimits, kind: _Kind) -> None:
        self.where = where
        self.limits = limits
        self.kind = kind
        self.sheets: list[tuple[str, str]] = []
        self.date1904 = False
        self.root: tuple[str, str] | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        namespace, local = _split(tag)
        if self.root is None:
            self.root = (namespace, local)
            if namespace not in _SHEET_NS or local != "workbook":
                raise _Stop  # a Word document's main part, say; the caller says what it is
        if namespace not in _SHEET_NS:
            return
        if local == "sheet":
            if len(self.sheets) >= self.limits.max_sheets:
                kind = self.kind
                raise DataError(
                    f"{self.where} has more than {self.limits.max_sheets} sheets, the limit; a "
                    f"{kind.short} workbook has one or two. Copy the {kind.short} sheet to a "
                    "new workbook, or pass limits=SpreadsheetLimits(max_sheets=...) to "
                    f"{kind.function} if you trust the file."
                )
            # r:id, in the transitional or the strict relationships namespace.
            rid = next((v for k, v in attrs.items() if _split(k)[1] == "id" and " " in k), "")
            self.sheets.append((attrs.get("name", ""), rid))
        elif local == "workbookPr":
            self.date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")


class _StylesReader(_XmlReader):
    """xl/styles.xml: the number format of each cell style, to tell dates from numbers."""

    def __init__(self) -> None:
        self.custom: dict[int, int] = {}  # numFmtId -> kind, for the file's own formats
        self.cell_formats = array.array("l")  # cellXfs: style index -> numFmtId
        self.depth = 0
        self.in_cell_xfs = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        local = _local_name(tag)
        if local == "numFmt" and self.depth == 3:
            if len(self.custom) >= _MAX_NUMBER_FORMATS:
                raise _DamageError(f"it defines more than {_MAX_NUMBER_FORMATS:,} number formats")
            self.custom[self._id(attrs.get("numFmtId"))] = _format_kind(attrs.get("formatCode", ""))
        elif local == "cellXfs" and self.depth == 2:
            self.in_cell_xfs = True
        elif local == "xf" and self.in_cell_xfs and self.depth == 3:
            self.cell_formats.append(self._id(attrs.get("numFmtId", "0")))

    def end(self, tag: str) -> None:
        if self.depth == 2:
            self.in_cell_xfs = False
        self.depth -= 1

    @staticmethod
    def _id(text: str | None) -> int:
        if text is not None and len(text) <= 9 and text.isascii() and text.isdigit():
            return int(text)  # the usual case, quickly
        match = _SMALL_INT.fullmatch(text or "")
        if match is None:
            raise _DamageError(f"a number format id is '{_brief(text or '')}', not a number")
        return int(match.group(1))

    def kind(self, style: int) -> int:
        """Whether cells of this style show a date, an elapsed time, a percentage or a number."""
        if not 0 <= style < len(self.cell_formats):
            return 0
        number_format = self.cell_formats[style]
        if number_format in self.custom:
            return self.custom[number_format]
        return _BUILTIN_KINDS.get(number_format, 0)


def _excel_date(serial: float, *, date1904: bool, elapsed: bool) -> datetime | timedelta:
    """The date (or elapsed time) a serial number shows, as Excel counts days."""
    if elapsed:
        return timedelta(days=serial)
    if date1904:
        base = datetime(1904, 1, 1)
    else:
        base = datetime(1899, 12, 30)
        if 0 <= serial < 60:
            serial += 1  # Excel counts 29 February 1900, which never was (Lotus 1-2-3's bug)
    day, fraction = divmod(serial, 1)
    return base + timedelta(days=day, milliseconds=round(fraction * 86_400_000))


class _PercentCell:
    """A number in a cell formatted as a percentage: Excel shows 0.6121 as 61,21 %."""

    def __init__(self, number: int | float) -> None:
        self.number = number

    def percent(self) -> Decimal:
        """The percentage shown, exactly: 0.6121 is 61.21, 1 is 100."""
        shown = (
            _float_decimal(self.number) if isinstance(self.number, float) else Decimal(self.number)
        ).scaleb(2)
        exponent = shown.as_tuple().exponent
        assert isinstance(exponent, int)  # finite: the reader keeps no other number here
        if exponent > 0 and not figure_too_large(shown):
            return shown.quantize(Decimal(1))  # 6E+1 is 60
        return shown

    def __str__(self) -> str:
        return f"{_brief(format_decimal(self.percent(), grouping=False), 30)} %"


class _SharedText:
    """A cell holding shared text number ``index`` (xl/sharedStrings.xml), resolved later."""

    def __init__(self, index: int) -> None:
        self.index = index


class _SheetReader(_XmlReader):
    """One worksheet's cells, checked one by one against the limits as they stream past.

    Keeps the cells that hold something as (row, column, value); rows and cells must come in
    order, as Excel writes them: a cell twice, or out of place, is damage, not a choice.
    """

    def __init__(
        self,
        source: str,
        where: str,
        limits: SpreadsheetLimits,
        styles: _StylesReader,
        date1904: bool,
        kind: _Kind,
    ) -> None:
        self.source = source  # the file, quoted
        self.where = where  # the sheet
        self.limits = limits
        self.reader = kind
        self.styles = styles
        self.date1904 = date1904
        self.path: list[str] = []  # local names of the open elements, '' outside SpreadsheetML
        self.row = 0
        self.column = 0
        self.cells = 0
        self.values: list[tuple[int, int, Any]] = []
        self.masters: dict[str, str] = {}  # shared formula id -> the cell holding its text
        # The cell being read.
        self.type = "n"
        self.style = 0
        self.value: str | None = None
        self.formula: str | None = None
        self.formula_attrs: dict[str, str] = {}
        self.inline: list[str] | None = None
        self.chars = 0
        self.too_long = False
        self.text: list[str] | None = None  # collecting the text of <v>, <f> or <t>
        # Merged ranges (first row, first column, last row, last column), from <mergeCells>
        # after the cells: Excel keeps a merged range's value in its first cell only.
        self.merges: list[tuple[int, int, int, int]] = []
        self.cells_done = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local_name(tag)
        path = self.path
        path.append(local)
        depth = len(path)
        if depth == 2 and self.cells_done and local not in _BETWEEN_CELLS_AND_MERGES:
            raise _Stop  # past where <mergeCells> can stand: the rest is layout
        if depth == 3 and local == "mergeCell" and path[:2] == ["worksheet", "mergeCells"]:
            self._merge(attrs.get("ref", ""))
            return
        if depth < 3 or path[0] != "worksheet" or path[1] != "sheetData":
            return
        if depth == 3 and local == "row":
            self._start_row(attrs)
        elif depth == 4 and local == "c" and path[2] == "row":
            self._start_cell(attrs)
        elif depth < 5 or path[3] != "c" or path[2] != "row":
            return
        elif depth == 5 and local in ("v", "f"):
            self.text = []
            if local == "f":
                self.formula_attrs = attrs
        elif depth == 5 and local == "is":
            self.inline = []
        elif local == "t" and path[4] == "is" and (depth == 6 or (depth == 7 and path[5] == "r")):
            self.text = []

    def data(self, text: str) -> None:
        if self.text is None:
            return
        self.chars += len(text)
        if self.chars > self.limits.max_cell_chars:
            self.too_long = True  # kept short: the cell becomes a bad cell, named by its place
            text = text[: max(0, self.limits.max_cell_chars - (self.chars - len(text)))]
        self.text.append(text)

    def end(self, tag: str) -> None:
        path = self.path
        local = path.pop()
        depth = len(path) + 1
        if depth == 2 and local == "sheetData" and path[0] == "worksheet":
            self.cells_done = True
        if depth == 2 and local == "mergeCells" and path[0] == "worksheet":
            raise _Stop  # the rest of the sheet is layout: not needed
        if self.text is not None and depth >= 5:
            text = "".join(self.text)
            self.text = None
            if local == "v":
                self.value = text
            elif local == "f":
                self.formula = text
            elif self.inline is not None:
                self.inline.append(text)
        elif depth == 4 and local == "c" and path[-1] == "row" and path[1] == "sheetData":
            self._end_cell()

    def _damage(self, message: str) -> _DamageError:
        return _DamageError(message)  # the caller names the sheet and its part

    def _merge(self, ref: str) -> None:
        corners = [_CELL_REF.fullmatch(part) for part in ref.split(":")]
        if len(corners) != 2 or corners[0] is None or corners[1] is None:
            return  # a merge Excel could not have written changes no value: left alone
        if len(self.merges) >= _MAX_MERGES:
            raise self._damage(f"it merges more than {_MAX_MERGES:,} ranges of cells")
        (c1, r1), (c2, r2) = (
            (_column_number(m.group(1)), int(m.group(2))) for m in corners if m is not None
        )
        if (r1, c1) != (r2, c2):
            self.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))

    def _start_row(self, attrs: dict[str, str]) -> None:
        text = attrs.get("r")
        if text is None:
            row = self.row + 1
        else:
            match = _SMALL_INT.fullmatch(text)
            if match is None:
                raise self._damage(f"a row's number is '{_brief(text)}'")
            row = int(match.group(1))
        if row > _MAX_SHEET_ROW:
            raise self._damage(f"row {row:,} is past Excel's last row ({_MAX_SHEET_ROW:,})")
        if row <= self.row:
            raise self._damage(f"row {row} comes after row {self.row}")
        self.row = row
        self.column = 0

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.cells += 1
        if self.cells > self.limits.max_cells:
            noun, function = self.reader.noun, self.reader.function
            raise DataError(
                f"The {noun} in {self.source} cannot be read: it goes beyond the {noun} "
                "reader's limits",
                [
                    f"{self.where}, row {self.row}: the sheet stores more than "
                    f"{self.limits.max_cells:,} "
                    f"cells, filled or only formatted; a {noun} has a few hundred. Copy the "
                    f"{noun}'s cells to a new workbook, or pass limits=SpreadsheetLimits("
                    f"max_cells=...) to {function} if the {noun} really is that large",
                ],
            )
        ref = attrs.get("r")
        if ref is None:
            column = self.column + 1
        else:
            match = _CELL_REF.fullmatch(ref)
            if match is None:
                raise self._damage(f"row {self.row}: a cell is named '{_brief(ref)}'")
            column = _column_number(match.group(1))
            if int(match.group(2)) != self.row:
                raise self._damage(f"the cell {ref} stands in row {self.row}")
        if column > _MAX_SHEET_COLUMN:
            raise self._damage(f"the cell {_brief(ref or '')} is past Excel's last column (XFD)")
        if column <= self.column:
            raise self._damage(
                f"the cell {_column_letters(column)}{self.row} comes after "
                f"{_column_letters(self.column)}{self.row}"
            )
        self.column = column
        self.type = attrs.get("t", "n")
        style = attrs.get("s")
        if style is None:
            self.style = 0
        else:
            match = _SMALL_INT.fullmatch(style)
            self.style = int(match.group(1)) if match else 0
        self.value = self.formula = self.inline = None
        self.formula_attrs = {}
        self.chars = 0
        self.too_long = False

    def _end_cell(self) -> None:
        value = self._cell_value()
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        if self.row > self.limits.max_rows or self.column > self.limits.max_columns:
            raise _beyond_limits(
                self.source, self.where, self.row, self.column, self.limits, self.reader
            )
        self.values.append((self.row, self.column, value))

    def _cell_value(self) -> Any:
        value, kind = self.value, self.type
        if self.too_long:
            return _long_cell(value or "".join(self.inline or ()), self.limits)
        if self.formula is not None:
            shared = self.formula_attrs.get("t") == "shared"
            if shared and self.formula:
                ref = f"{_column_letters(self.column)}{self.row}"
                self.masters.setdefault(self.formula_attrs.get("si", ""), ref)
            # Excel always saves a formula's result (an empty text result as t="str" with an
            # empty <v>); a program that cannot calculate writes the formula alone.
            if value is None or (value == "" and kind != "str"):
                if shared and not self.formula:
                    origin = self.masters.get(self.formula_attrs.get("si", ""), "?")
                    return _UnsavedFormula("", origin)
                return _UnsavedFormula(f"={self.formula}")
        if kind == "inlineStr":
            return None if self.inline is None else "".join(self.inline)
        if value is None or value == "":
            return None
        if kind == "s":
            match = _SMALL_INT.fullmatch(value)
            if match is None:
                return self._bad(value)
            return _SharedText(int(match.group(1)))
        if kind == "str":
            return value
        if kind == "b":
            flag = {"1": True, "true": True, "0": False, "false": False}.get(value.strip())
            return self._bad(value) if flag is None else flag
        if kind == "e":
            return _BadValue(
                value,
                f"the cell shows the error {_brief(value)}; correct its formula in Excel, or "
                "type the value",
            )
        if kind == "d":
            try:
                return datetime.fromisoformat(value.strip())
            except ValueError:
                return self._bad(value)
        if kind != "n":
            return self._bad(value)
        return self._number(value)

    def _number(self, text: str) -> Any:
        number: int | float
        try:
            number = int(text) if _WHOLE.fullmatch(text) else float(text)
        except ValueError:
            return self._bad(text)
        kind = self.styles.kind(self.style) if self.style else 0
        if not kind or not math.isfinite(number):
            return number
        if kind == _PERCENT:
            # Shown as number x 100 %; read so only by a reader of shares (the budget's
            # amounts are kroner, whatever their format).
            return _PercentCell(number) if self.reader.percent_cells else number
        try:
            return _excel_date(number, date1904=self.date1904, elapsed=kind == _ELAPSED)
        except (OverflowError, ValueError):
            return _BadValue(
                text,
                f"{_brief(text)} is formatted as a date, but is no date Excel can show; format "
                "the cell as a number",
            )

    def _bad(self, text: str) -> _BadValue:
        return _BadValue(
            _brief(text),
            f"the cell's stored value '{_brief(text)}' is damaged (not of its type "
            f"'{_brief(self.type)}'); type it again in Excel and save",
        )


class _SharedTextReader(_XmlReader):
    """xl/sharedStrings.xml: the texts of the given numbers only, the rest passed over."""

    def __init__(self, needed: set[int], limits: SpreadsheetLimits) -> None:
        self.needed = needed
        self.last = max(needed)
        self.limits = limits
        self.texts: dict[int, Any] = {}
        self.index = -1
        self.path: list[str] = []
        self.parts: list[str] | None = None  # the texts of the current item, when needed
        self.collecting = False
        self.chars = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local_name(tag)
        self.path.append(local)
        path = self.path
        if len(path) == 2 and local == "si":
            self.index += 1
            if self.index > self.last:
                raise _Stop
            self.parts = [] if self.index in self.needed else None
            self.chars = 0
        elif (
            self.parts is not None
            and local == "t"
            and path[1] == "si"
            and (len(path) == 3 or (len(path) == 4 and path[2] == "r"))
        ):
            self.collecting = True

    def data(self, text: str) -> None:
        if self.collecting and self.parts is not None:
            self.chars += len(text)
            room = self.limits.max_cell_chars + 1 - (self.chars - len(text))
            if room > 0:
                self.parts.append(text[:room])  # enough to show, and to tell it is too long

    def end(self, tag: str) -> None:
        local = self.path.pop()
        self.collecting = False
        if len(self.path) == 1 and local == "si" and self.parts is not None:
            text = "".join(self.parts)
            long = self.chars > self.limits.max_cell_chars
            self.texts[self.index] = _long_cell(text, self.limits) if long else text
            self.parts = None


class _Book:
    """An .xlsx file's zip, checked against the limits; its parts read by streaming."""

    def __init__(self, data: bytes, name: str, limits: SpreadsheetLimits, kind: _Kind) -> None:
        self.name = name
        self.limits = limits
        self.kind = kind
        self.elements = 0  # read so far, from all parts
        self._recognise(data)
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except _ZIP_ERRORS as exc:
            raise self.damaged(
                f"the zip cannot be read ({_brief(str(exc), 80)}); it may be cut off, copied or "
                "downloaded only in part"
            ) from None
        self.parts = self._check(infos)

    def _recognise(self, data: bytes) -> None:
        name = self.name
        if not data:
            raise DataError(
                f"'{name}' is not an Excel workbook: it is empty (0 bytes); save the "
                f"{self.kind.noun} from Excel again"
            )
        if data.startswith(_OLE):
            if _ENCRYPTED in data:
                raise DataError(
                    f"'{name}' is not an Excel workbook that can be read: it is protected with "
                    "a password. Open it in Excel, remove the password (File > Info > Protect "
                    "Workbook) and save it again"
                )
            raise DataError(
                f"'{name}' is not an Excel workbook (.xlsx) but an old one (.xls); open it in "
                "Excel and save it as .xlsx (Excel-projektmappe)"
            )
        if not data.startswith(b"PK"):
            kind = "text" if b"\x00" not in data[:4096] else "neither a workbook nor text"
            stem = Path(name).stem
            raise DataError(
                f"'{name}' is not an Excel workbook: it is {kind}. If it is CSV, name it "
                f"'{stem}.csv'; otherwise open it in Excel and save it as .xlsx "
                "(Excel-projektmappe)"
            )

    def damaged(self, detail: str) -> DataError:
        """The refusal of a workbook that is not as Excel writes it."""
        return DataError(
            f"'{self.name}' is a damaged Excel workbook: {detail}. Open it in Excel, which may "
            "repair it, and save it again"
        )

    def _too_large(self, detail: str, knob: str) -> DataError:
        return DataError(
            f"'{self.name}'{detail}. Pass limits=SpreadsheetLimits({knob}=...) to "
            f"{self.kind.function} if you trust the file"
        )

    def _check(self, infos: list[zipfile.ZipInfo]) -> dict[str, str]:
        """Part names (folded) -> zip names, once the zip is within the limits."""
        limits = self.limits
        if len(infos) > limits.max_entries:
            raise self._too_large(
                f" has {len(infos):,} zip entries, more than the limit of {limits.max_entries:,}; "
                f"a {self.kind.short} workbook has a dozen or two",
                "max_entries",
            )
        parts: dict[str, str] = {}
        total = 0
        for info in infos:
            key = info.filename.casefold()
            if key in parts:
                # Excel would read one, another tool the other: which figures are in the file
                # cannot be told. Refused, not guessed.
                raise self.damaged(f"it holds the part {_brief(info.filename, 80)} twice")
            parts[key] = info.filename
            total += info.file_size
            if info.file_size > limits.max_entry_bytes:
                raise self._too_large(
                    f": the part {_brief(info.filename, 80)} unpacks to {info.file_size:,} "
                    f"bytes, more than the limit of {limits.max_entry_bytes:,}",
                    "max_entry_bytes",
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _MIB and ratio > limits.max_ratio:
                raise self._too_large(
                    f": the part {_brief(info.filename, 80)} is compressed {ratio:.0f} to 1, more "
                    f"than the limit of {limits.max_ratio} to 1 (a zip bomb looks like this)",
                    "max_ratio",
                )
        if total > limits.max_total_bytes:
            raise self._too_large(
                f" unpacks to {total:,} bytes, more than the limit of {limits.max_total_bytes:,}",
                "max_total_bytes",
            )
        return parts

    def has(self, part: str) -> bool:
        """Whether the zip holds this part (names compared as OPC does, ignoring case)."""
        return part.casefold() in self.parts

    def parse(self, part: str, reader: _XmlReader, what: str) -> None:
        """Stream a part through expat into ``reader``; a DOCTYPE is refused at once."""
        shown = _brief(part, 80)  # a part's name is the file's to choose, up to 64 KB

        def refuse(*_: Any) -> None:
            raise DataError(
                f"'{self.name}': the part {shown} declares a DOCTYPE or entities, which Excel "
                "never writes and XML attacks use. The file was not read."
            )

        parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        limit = self.limits.max_elements

        def start(tag: str, attrs: dict[str, str]) -> None:
            # Every element costs time, wherever it is and whatever it is: they are counted
            # for the whole workbook, so no part can be made to take minutes.
            self.elements += 1
            if self.elements > limit:
                kind = self.kind
                raise self._too_large(
                    f": reading {what} ({shown}) went past {limit:,} XML elements, the limit; "
                    f"a {kind.short} workbook has a few thousand. Copy the {kind.noun} to a "
                    "new workbook",
                    "max_elements",
                )
            reader.start(tag, attrs)

        parser.StartElementHandler = start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.data
        try:
            with self.archive.open(self.parts[part.casefold()]) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Stop:
            return
        except DataError:
            raise  # a limit or a DOCTYPE, from a reader (a ValueError, so before _ZIP_ERRORS)
        except _DamageError as exc:
            raise self.damaged(f"in {what} ({shown}), {exc}") from None
        except expat.ExpatError as exc:
            raise self.damaged(
                f"{what} ({shown}) is not well-formed XML (line {exc.lineno}, column "
                f"{exc.offset}: {expat.ErrorString(exc.code)})"
            ) from None
        except _ZIP_ERRORS as exc:
            raise self.damaged(
                f"{what} ({shown}) cannot be unpacked ({_brief(str(exc), 80)})"
            ) from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """The relationships of a part (from its _rels part), targets resolved to part names."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", f"{base}.rels")
        reader = _RelsReader()
        if self.has(rels_part):
            self.parse(rels_part, reader, "the relationships")
        resolved = {}
        for rid, (kind, target) in reader.targets.items():
            target = unquote(target.replace("\\", "/"))
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            resolved[rid] = (kind, posixpath.normpath(path))
        return resolved

    def _not_a_workbook(self) -> DataError:
        for part, kind in (
            ("word/document.xml", "a Word document (.docx)"),
            ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
            ("xl/workbook.bin", "an Excel binary workbook (.xlsb)"),
            ("content.xml", "an OpenDocument file (.ods)"),
        ):
            if self.has(part):
                return DataError(
                    f"'{self.name}' is not an Excel workbook: it is {kind}. Give the "
                    f"{self.kind.noun}'s file, or save the {self.kind.noun} as .xlsx "
                    "(Excel-projektmappe)"
                )
        return DataError(
            f"'{self.name}' is not an Excel workbook: it is a zip file without a workbook part "
            f"(xl/workbook.xml). Save the {self.kind.noun} from Excel as .xlsx "
            "(Excel-projektmappe)"
        )

    def sheets(self) -> tuple[list[tuple[str, str]], dict[str, str], bool]:
        """The worksheets (name, part) in order, the parts by kind, and the 1904 date system."""
        main = next(
            (t for kind, t in self.rels("").values() if kind == "officeDocument"),
            "xl/workbook.xml",
        )
        if not self.has(main):
            raise self._not_a_workbook()
        workbook = _WorkbookReader(f"'{self.name}'", self.limits, self.kind)
        self.parse(main, workbook, "the workbook")
        if workbook.root is None or workbook.root[1] != "workbook":
            raise self._not_a_workbook()
        relations = self.rels(main)
        by_kind = dict(relations.values())
        sheets = []
        seen: set[str] = set()
        for name, rid in workbook.sheets:
            if name.casefold() in seen:
                # Excel refuses two sheets of one name; which one is meant cannot be told.
                raise self.damaged(f"it has two sheets named '{_brief(name)}'")
            seen.add(name.casefold())
            kind, target = relations.get(rid, ("", ""))
            if kind == "worksheet":
                if not self.has(target):
                    raise self.damaged(
                        f"the sheet '{_brief(name)}' has no part ({_brief(target, 80)})"
                    )
                sheets.append((name, target))
            elif kind not in _CELLESS_SHEETS:
                raise self.damaged(f"the sheet '{_brief(name)}' has no relationship to its part")
        return sheets, by_kind, workbook.date1904


def _xlsx_tables(data: bytes, path: Path, limits: SpreadsheetLimits, kind: _Kind) -> list[_Table]:
    book = _Book(data, path.name, limits, kind)
    sheets, parts, date1904 = book.sheets()
    chosen = kind.sheets([name for name, _ in sheets], path.name)
    funding = {name for name, funding_only in chosen if funding_only}
    styles = _StylesReader()
    if "styles" in parts:
        if not book.has(parts["styles"]):
            raise book.damaged(f"its styles part ({_brief(parts['styles'], 80)}) is missing")
        book.parse(parts["styles"], styles, "the styles")
    read: list[tuple[str, _SheetReader]] = []
    for name, _ in chosen:
        where = f"sheet '{_brief(name)}'"
        reader = _SheetReader(f"'{path.name}'", where, limits, styles, date1904, kind)
        book.parse(dict(sheets)[name], reader, f"the sheet '{_brief(name)}'")
        read.append((name, reader))
    needed = {v.index for _, r in read for _, _, v in r.values if isinstance(v, _SharedText)}
    texts: dict[int, Any] = {}
    if needed:
        strings = parts.get("sharedStrings", "")
        if not book.has(strings):
            raise book.damaged(
                "cells refer to shared texts, but it has none (xl/sharedStrings.xml)"
            )
        shared = _SharedTextReader(needed, limits)
        book.parse(strings, shared, "the shared texts")
        texts = shared.texts
    tables = []
    for name, reader in read:
        height = max((r for r, _, _ in reader.values), default=0)
        width = max((c for _, c, _ in reader.values), default=0)
        rows: list[list[Any]] = [[None] * width for _ in range(height)]
        for r, c, value in reader.values:
            if isinstance(value, _SharedText):
                if value.index not in texts:
                    raise book.damaged(
                        f"the cell {_column_letters(c)}{r} of sheet '{_brief(name)}' refers to "
                        f"shared text number {value.index}, which the workbook does not have"
                    )
                value = texts[value.index]
            rows[r - 1][c - 1] = value
        where = f"sheet '{_brief(name)}'"
        tables.append(
            _table_from_rows(where, rows, kind, funding_only=name in funding, merges=reader.merges)
        )
    return tables


def read_budget(path: str | os.PathLike[str], *, limits: SpreadsheetLimits | None = None) -> Budget:
    """Read a plan's budget from a .csv or .xlsx file laid out as in ``docs/frames.md``.

    CSV: UTF-8 (with or without the BOM Excel writes; UTF-16 with its BOM also does), separated
    by ``;``, ``,`` or tabs, whichever the header uses; other encodings (Danish Excel's plain
    "CSV (semikolonsepareret)" is Windows-1252) are refused, not guessed. Excel: the sheet named
    ``Budget`` (any case), else the first sheet; a sheet named ``Finansiering`` or ``Funding``
    holds funding. Title rows above the header are skipped. Amounts may be numbers or Danish
    notation ("1.234.567,50"). A formula cell must hold its saved value (as Excel saves it).

    The file is held to ``limits`` (``SpreadsheetLimits()`` by default): file and part sizes,
    the rows, columns and cells in use, the number of sheets. Nothing is sized from what the
    file declares; cells are counted as they are read.

    Raises ``DataError`` for everything wrong with the file, never another exception: every bad
    cell at once, each with its sheet (or file), its row as Excel numbers it, its column, the
    value and what to write; a value beyond the limits with its cell; a damaged, foreign or
    hostile file with what to do. A file that does not exist raises a ``DataError`` that is
    also a ``FileNotFoundError``.
    """
    p = Path(path)
    return _budget(_file_tables(p, limits or SpreadsheetLimits(), _BUDGET), f"'{p.name}'")


def _file_tables(p: Path, limits: SpreadsheetLimits, kind: _Kind) -> list[_Table]:
    """The tables of a .csv or .xlsx file, read as ``kind`` (a budget, a follow-up sheet)."""
    if p.suffix.casefold() not in (".csv", ".xlsx", ".xlsm"):
        raise DataError(
            f"'{p.name}' is neither .csv nor .xlsx; save the {kind.noun} from Excel as an "
            ".xlsx workbook (Excel-projektmappe) or as CSV UTF-8"
        )
    data = _file_bytes(p, limits, kind)
    if p.suffix.casefold() == ".csv":
        return _csv_tables(data, p, limits, kind)
    return _xlsx_tables(data, p, limits, kind)


def budget_from_csv(
    data: bytes, *, name: str = "budget.csv", limits: SpreadsheetLimits | None = None
) -> Budget:
    """Read a budget from a CSV file's bytes, as ``read_budget`` reads a .csv file.

    ``name`` is used in messages. The bytes are held to ``limits`` like a file's (their size
    too). Raises ``DataError`` as ``read_budget`` does.
    """
    limits = limits or SpreadsheetLimits()
    _check_size(data, name, limits)
    return _budget(_csv_tables(data, Path(name), limits, _BUDGET), f"'{name}'")


def _check_size(data: bytes, name: str, limits: SpreadsheetLimits) -> None:
    """Refuse CSV bytes given as such that are larger than a file may be."""
    if len(data) > limits.max_file_bytes:
        raise DataError(
            f"'{name}' is {len(data)} bytes, more than the limit of {limits.max_file_bytes}. "
            "Pass limits=SpreadsheetLimits(max_file_bytes=...) if you trust it."
        )


# --------------------------------------------------------------------------- follow-up sheets
#
# The follow-up sheet (opfølgningsark): a row per indicator per year, as a secretariat keeps
# it for the board, read with the machinery above. Its cells are checked one by one like the
# budget's, and every problem is reported at once with its place.

_FOLLOWUP_HEADERS: dict[str, str] = _keys(
    {
        "indsatsområde": "focus_area",
        "focus area": "focus_area",
        "område": "focus_area",
        "area": "focus_area",
        "delmål nr.": "sub_goal",
        "delmål": "sub_goal",
        "sub-goal no.": "sub_goal",
        "sub-goal": "sub_goal",
        "indikator nr.": "indicator",
        "indikator": "indicator",
        "indicator no.": "indicator",
        "indicator": "indicator",
        "id": "id",
        "indikator-id": "id",
        "indicator id": "id",
        "år": "year",
        "year": "year",
        "værdi": "value",
        "value": "value",
        "antal": "count",
        "count": "count",
        "enhed": "unit",
        "unit": "unit",
        "datakilde": "data_source",
        "data source": "data_source",
        "kilde": "data_source",
        "source": "data_source",
        "note": "note",
        "bemærkning": "note",
        "bemærkninger": "note",
        "comment": "note",
    }
)
# A column with a number's own name ("Delmål nr.") makes the bare name ("Delmål") the
# delmål's title beside it, as a person writes it: a description, not a second number.
_NUMBERED_COLUMNS = (
    (
        frozenset(_key(n) for n in ("delmål nr.", "sub-goal no.")),
        frozenset({_key("delmål"), _key("sub-goal")}),
    ),
    (
        frozenset(_key(n) for n in ("indikator nr.", "indicator no.")),
        frozenset({_key("indikator"), _key("indicator")}),
    ),
)
_FOLLOWUP_LABELS = {
    "focus_area": "indsatsområde (focus area)",
    "sub_goal": "delmål nr. (sub-goal no.)",
    "indicator": "indikator nr. (indicator no.)",
    "id": "id (the indicator's id)",
    "year": "år (year)",
    "value": "værdi (value)",
    "count": "antal (count)",
    "unit": "enhed (unit)",
    "data_source": "datakilde (data source)",
    "note": "note",
}
_FOLLOWUP_EXPECTED = (
    "indsatsområde, delmål nr. and indikator nr. (or id), år, and værdi or antal; datakilde, "
    "note and enhed are optional (in English: focus area, sub-goal no., indicator no., year, "
    "value, count, data source, note, unit)"
)
_FOLLOWUP_SHEETS = frozenset(
    _key(n) for n in ("Opfølgning", "Opfoelgning", "Follow-up", "Followup")
)
_UNITS = _keys(
    {
        "procent": Unit.PERCENT,
        "percent": Unit.PERCENT,
        "pct": Unit.PERCENT,
        "antal": Unit.COUNT,
        "count": Unit.COUNT,
        "tal": Unit.NUMBER,
        "number": Unit.NUMBER,
    }
)
_AREA_HINT = "write its title (e.g. Beskæftigelse) or code"
_FIGURE_HINT = "write it like 61,21 % for a share, or like 12 or 1.234,5"
_COUNT_HINT = "Antal is a whole number of people, like 12 or 1.234"
_UNIT_HINT = "write procent (or %), antal or tal (percent, count, number), or leave it empty"
_PERCENT_MARK = re.compile(r"\s*(?:%|procent|pct\.?)$", re.IGNORECASE)
_MAX_COUNT = 10 ** FIGURE_DIGITS[0]


def _followup_sheets(names: list[str], file: str) -> list[tuple[str, bool]]:
    """The sheet named Opfølgning (or Follow-up, in any case), else the first sheet."""
    chosen = next((n for n in names if _key(n) in _FOLLOWUP_SHEETS), names[0] if names else None)
    if chosen is None:
        raise DataError(
            f"'{file}' has no worksheet with the follow-up; put the figures on a sheet named "
            "Opfølgning"
        )
    return [(chosen, False)]


_FOLLOWUP = _Kind(
    noun="follow-up sheet",
    short="follow-up",
    content="the figures",
    function="read_followup",
    headers=_FOLLOWUP_HEADERS,
    year_headers=False,
    merged_hint="the focus area, delmål and indicator on every row",
    guesses_encoding=True,
    percent_cells=True,
    sheets=_followup_sheets,
)


def _filled(value: Any, what: str) -> bool:
    """Whether a cell holds something to read; a formula without its value is a bad cell."""
    if _is_missing(value):
        return False
    _check_saved(value, what)
    return not (isinstance(value, str) and not value.strip())


def _refuse_kinds(value: Any, what: str, hint: str) -> None:
    """Refuse a logical value or a date where a number is wanted."""
    if isinstance(value, bool):
        raise _BadCellError(f"{_show(value)} is not {what}; {hint}")
    if isinstance(value, datetime | date | time | timedelta):
        raise _BadCellError(
            f"{_show(value)} is a date or time, not {what}; format the cell as a number"
        )


def _figure(value: Any) -> tuple[Decimal, bool] | None:
    """A Værdi cell: the figure, exact, and whether the cell says it is a percentage."""
    if not _filled(value, "the figure"):
        return None
    _refuse_kinds(value, "a figure", _FIGURE_HINT)
    percent = False
    if isinstance(value, _PercentCell):
        figure, percent = value.percent(), True
    elif isinstance(value, numbers.Integral):
        figure = Decimal(int(value))
    elif isinstance(value, float) and math.isfinite(value):
        figure = _float_decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        mark = _PERCENT_MARK.search(text)
        if mark is not None:
            text, percent = text[: mark.start()], True
        negative = text[:1] in ("-", "−")
        try:
            figure = parse_decimal(text[1:] if negative else text)
        except FigureTooLargeError:
            places = _written_decimals(text)
            if places > FIGURE_DIGITS[1]:
                raise _BadCellError(_too_many_decimals(value, places)) from None
            figure = Decimal(10) ** FIGURE_DIGITS[0]  # reported as too large below
        except NotationError:
            raise _BadCellError(f"{_show(value)} is not a figure; {_FIGURE_HINT}") from None
        figure = -figure if negative else figure
    else:
        raise _BadCellError(f"{_show(value)} is not a figure; {_FIGURE_HINT}")
    if figure < 0:
        raise _BadCellError(
            f"{_show(value)} is below zero, and no figure of a delmål is: check the cell"
        )
    places = _decimal_places(figure)
    if places > FIGURE_DIGITS[1]:  # a float's, or a percentage's from a float
        raise _BadCellError(_too_many_decimals(value, places))
    if figure_too_large(figure):
        raise _BadCellError(
            f"{_brief(_show(value))} has more than {FIGURE_DIGITS[0]} digits before the decimal "
            "mark; no figure of a delmål is that large: check the cell"
        )
    return figure.copy_abs() if figure.is_zero() else figure, percent


def _written_decimals(text: str) -> int:
    """The decimals a number in Danish notation is written with: "1,5000" has 4."""
    text = text.replace(" ", "")
    if "," in text:
        return len(text.rpartition(",")[2])
    if "." not in text or re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return 0
    return len(text.rpartition(".")[2])


def _too_many_decimals(value: Any, places: int) -> str:
    return (
        f"{_brief(_show(value))} has {places} decimals, more than the {FIGURE_DIGITS[1]} a "
        "figure may have; round it (in Excel with the function AFRUND)"
    )


def _whole(value: Any, what: str, hint: str) -> int | None:
    """A cell holding a whole number (text in Danish notation, or a number); ``None`` if empty."""
    if not _filled(value, what):
        return None
    _refuse_kinds(value, what, hint)
    if isinstance(value, _PercentCell):
        raise _BadCellError(
            f"{_show(value)} is formatted as a percentage, not {what}; {hint} (format the cell "
            "as a number)"
        )
    number: Decimal
    if isinstance(value, numbers.Integral):
        number = Decimal(int(value))
    elif isinstance(value, float) and math.isfinite(value):
        number = _float_decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        negative = text[:1] in ("-", "−")
        try:
            number = parse_decimal(text[1:] if negative else text)
        except FigureTooLargeError:
            number = Decimal(_MAX_COUNT)  # reported as too large below
        except NotationError:
            raise _BadCellError(f"{_show(value)} is not {what}; {hint}") from None
        number = -number if negative else number
    else:
        raise _BadCellError(f"{_show(value)} is not {what}; {hint}")
    if number != number.to_integral_value():
        raise _BadCellError(f"{_show(value)} is not a whole number; {hint}")
    if number >= _MAX_COUNT:
        raise _BadCellError(
            f"{_brief(_show(value))} has more than {FIGURE_DIGITS[0]} digits; check the cell"
        )
    return int(number)


def _count(value: Any) -> int | None:
    """An Antal cell: a whole number of people, 0 or more."""
    if isinstance(value, str) and "%" in value:
        raise _BadCellError(
            f"{_show(value)} is a percentage; write the share in Værdi, and in Antal the "
            "number of people"
        )
    count = _whole(value, "a count", _COUNT_HINT)
    if count is not None and count < 0:
        raise _BadCellError(f"{_show(value)} is below zero; {_COUNT_HINT}")
    return count


def _ordinal(value: Any, hint: str) -> int | None:
    """A delmål's or an indicator's number: a whole number from 1."""
    number = _whole(value, "a number", hint)
    if number is not None and number < 1:
        raise _BadCellError(f"{_show(value)} is not a number from 1; {hint}")
    return number


def _sub_goal_number(value: Any) -> int | None:
    return _ordinal(value, "write the delmål's number, like 2")


def _indicator_number(value: Any) -> int | None:
    return _ordinal(
        value,
        "write the indicator's number under its delmål, like 1 (indicator 2.1 is 2 in "
        "Delmål nr. and 1 in Indikator nr.)",
    )


def _year_cell(value: Any) -> int | None:
    """An År cell: a year from 1990 to 2100, as a number or text."""
    if not _filled(value, "the year"):
        return None
    if isinstance(value, datetime | date):
        raise _BadCellError(
            f"{_show(value)} is a date; write the year alone, like 2026 (format the cell as a "
            "number)"
        )
    year = None if isinstance(value, _PercentCell) else _year_header(value)
    if year is None:
        raise _BadCellError(
            f"{_brief(_show(value))} is not a year from 1990 to 2100; write the year measured, "
            "like 2026"
        )
    return year


def _unit(value: Any) -> Unit | None:
    """An Enhed cell: procent (or %), antal or tal, in Danish or English."""
    text = _cell_text(value)
    if text is None:
        return None
    unit = Unit.PERCENT if text == "%" else _UNITS.get(_key(text))
    if unit is None:
        raise _BadCellError(f"'{_brief(text)}' is not a unit; {_UNIT_HINT}")
    return unit


def _followup_headers(table: _Table) -> dict[str, str]:
    """The column names a table's header is read with: "Delmål" is a title beside "Delmål nr."."""
    heads = {_key(head) for head in table.header if isinstance(head, str)}
    headers = _FOLLOWUP_HEADERS
    for numbered, bare in _NUMBERED_COLUMNS:
        if heads & numbered:
            headers = {name: field for name, field in headers.items() if name not in bare}
    return headers


def _followup_columns(table: _Table, problems: list[str]) -> _Columns | None:
    headers = _followup_headers(table)
    columns = _find_columns(table, headers, _FOLLOWUP_LABELS, problems, years=False)
    fields = columns.fields
    lacking = []
    if "focus_area" not in fields:
        lacking.append(_FOLLOWUP_LABELS["focus_area"])
    numbers = [f for f in ("sub_goal", "indicator") if f not in fields]
    if "id" not in fields and len(numbers) == 2:
        lacking.append(
            "delmål nr. and indikator nr. (sub-goal no. and indicator no.), or id (the "
            "indicator's id)"
        )
    elif "id" not in fields and numbers:
        lacking.append(f"{_FOLLOWUP_LABELS[numbers[0]]}, or id (the indicator's id)")
    if "year" not in fields:
        lacking.append(_FOLLOWUP_LABELS["year"])
    if "value" not in fields and "count" not in fields:
        lacking.append("værdi (value) or antal (count)")
    if not lacking:
        return columns
    problems.append(_header_lacks(table, "; ".join(lacking), _FOLLOWUP_EXPECTED))
    return None


def _sheet_area(text: str) -> FocusArea | None:
    """The focus area a sheet's cell names: its Danish title or code, or its English title.

    The English titles are those ``status --lang en`` writes ("Employment"), so that a sheet
    made from that output reads back.
    """
    area = FocusArea.from_title(text)
    if area is None:
        area = _ENGLISH_AREAS.get(_key(text))
    return area


_ENGLISH_AREAS = {_key(area.title_en): area for area in FocusArea}


def _indicator_of(row: _Row) -> str | None:
    """The key of the indicator a row gives a figure for: its id, else "2.1"; noted if none."""
    fields = row.columns.fields
    ident = row.text("id")
    sub_goal = row.parsed("sub_goal", _sub_goal_number)
    indicator = row.parsed("indicator", _indicator_number)
    if ident is not None:
        return ident  # the id names the indicator whatever its numbers are now
    if sub_goal is not None and indicator is not None:
        return f"{sub_goal}.{indicator}"
    if "sub_goal" in fields and "indicator" in fields:
        or_id = ", or the indicator's id in the id column" if "id" in fields else ""
        if sub_goal is None:
            row.bad_field("sub_goal", f"the delmål's number is empty; write it, like 2{or_id}")
        if indicator is None:
            row.bad_field(
                "indicator",
                f"the indicator's number under its delmål is empty; write it, like 1{or_id}",
            )
    else:
        row.bad_field(
            "id", "the indicator's id is empty; write the id the delaftale gives the indicator"
        )
    return None


def _followup_row(row: _Row) -> tuple[FocusArea, str, Observation] | None:
    """The indicator a row gives a figure for, and the figure; ``None`` with problems noted."""
    fields = row.columns.fields
    area: FocusArea | None = None
    area_text = row.text("focus_area")
    if area_text is None:
        row.bad_field("focus_area", f"the focus area is empty; {_AREA_HINT}")
    else:
        area = _sheet_area(area_text)
        if area is None:
            row.bad_field("focus_area", f"'{_brief(area_text)}' is not a focus area; {_AREA_HINT}")
    key = _indicator_of(row)
    year = row.parsed("year", _year_cell)
    if year is None:
        row.bad_field("year", "the year is empty; write the year measured, like 2026")
    figure = row.parsed("value", _figure)
    count = row.parsed("count", _count)
    unit = row.parsed("unit", _unit)
    data_source = row.text("data_source")
    note = row.text("note")
    if figure is None and count is None and not {"value", "count"} & row.unreadable:
        row.bad_field(
            "value" if "value" in fields else "count",
            "the row has no figure; write the figure in Værdi or Antal, or delete the row",
        )
    value: Decimal | None = None
    if figure is not None:
        value, percent = figure
        if percent and unit is not None and unit is not Unit.PERCENT:
            shown = _show(row.raw(fields["value"]))
            row.bad_field(
                "value",
                f"{shown} is a percentage, but Enhed says {_show(row.raw(fields['unit']))}; "
                "write the figure without % or make Enhed procent",
            )
        elif value > 100 and (percent or unit is Unit.PERCENT):
            row.bad_field("value", _above_100(row, percent))
        unit = unit or (Unit.PERCENT if percent else None)
    elif unit is not None and "value" not in row.unreadable:
        row.bad_field(
            "unit",
            f"{_show(row.raw(fields['unit']))}, but the row has no Værdi, whose unit it is; "
            "write the value in Værdi, or leave Enhed empty (Antal is always a number of "
            "people)",
        )
    if row.problems or area is None or key is None or year is None:
        return None
    observation = Observation(
        year=year, value=value, unit=unit, count=count, data_source=data_source, note=note
    )
    return area, key, observation


def _above_100(row: _Row, percent: bool) -> str:
    """The problem of a share above 100 %: written so, in a percentage cell, or in procent."""
    fields = row.columns.fields
    raw = row.raw(fields["value"])
    shown = _show(raw)
    if isinstance(raw, _PercentCell) and raw.number <= 100:
        # A share typed as a number (63,1) in a cell formatted as a percentage after it was
        # typed: Excel shows it as 6.310 %, and the reader reads what Excel shows.
        number = _brief(_show(raw.number), 30)
        return (
            f"{shown} is more than 100 %, and a share is at most 100 %. The cell is formatted "
            f"as a percentage and holds {number}, which Excel shows as {shown}: if {number} % "
            f"is meant, type {number} % or format the cell as a number"
        )
    if percent:
        return f"{shown} is more than 100 %, and a share is at most 100 %: check the cell"
    return (
        f"{shown} is more than 100, but Enhed says {_show(row.raw(fields['unit']))}, and a "
        "share is at most 100 %: check the figure, or correct Enhed"
    )


# What the first filled cell of a total row says: "I alt", "Total", "Sum", "Beskæftigelse i alt".
_TOTAL_ROW = re.compile(
    r"(?:i ?alt|total|totalt|sum|summen|samlet|subtotal|grand total)(?: .*)?|.* (?:i ?alt|totalt?)"
)


def _not_a_figure_row(row: _Row) -> str | None:
    """What is wrong with a row that is not an indicator's figure at all: a total, a note.

    Said once for the row, where the cell-by-cell reading would name every empty cell.
    """
    fields = row.columns.fields
    notes = {fields.get("note"), fields.get("data_source")}  # a note may say "Samlet set …"
    first = next(
        (cell for j, cell in enumerate(row.cells) if j not in notes and _cell_filled(cell)), None
    )
    if isinstance(first, str) and _TOTAL_ROW.fullmatch(_key(first)):
        return (
            f"the row looks like a total row ('{_brief(first)}'); delete it: the follow-up "
            "sheet has one row per indicator and year"
        )
    filled = {field for field, j in fields.items() if _cell_filled(row.raw(j))}
    if not filled or not filled <= {"note", "data_source"}:
        return None
    if "note" in filled:
        note = _brief(_show(row.raw(fields["note"])))
        return (
            f"the row has only a note ({note}); put the note on the row of the figure it "
            "belongs to, or delete the row"
        )
    source = _brief(_show(row.raw(fields["data_source"])))
    return (
        f"the row has only a data source ({source}); put it on the row of the figure it "
        "belongs to, or delete the row"
    )


def _empty_table(table: _Table) -> str:
    """The problem of a file or sheet with nothing in it."""
    if table.where is not None and table.where.startswith("sheet "):
        return table.problem(
            None,
            None,
            "the sheet is empty. The figures are read from the sheet named Opfølgning (or "
            "Follow-up), else the first sheet: put them there, with the header "
            f"({_FOLLOWUP_COLUMNS})",
        )
    return table.problem(
        None,
        None,
        "the file is empty: it has neither a header nor rows. Save the follow-up sheet with "
        f"its header ({_FOLLOWUP_COLUMNS}) and a row per indicator and year",
    )


_FOLLOWUP_COLUMNS = "Indsatsområde, Delmål nr., Indikator nr., År, Værdi, Antal, Datakilde, Note"


def _followup(tables: Sequence[_Table], source: str) -> FollowUp:
    problems: list[str] = []
    entries: dict[tuple[FocusArea, str], tuple[str, list[Observation]]] = {}
    rows_of: dict[tuple[FocusArea, str, int], int] = {}  # (area, key, year) -> its row
    for table in tables:
        if not any(_cell_filled(head) for head in table.header):
            problems.append(_empty_table(table))  # no row holds anything
            continue
        problems.extend(_merged_problems(table, _FOLLOWUP))
        columns = _followup_columns(table, problems)
        if columns is None:
            continue
        for number, cells in table.rows:
            row = _Row(table, columns, number, cells)
            if row.blank():
                continue
            not_a_figure = _not_a_figure_row(row)
            if not_a_figure is not None:
                problems.append(table.problem(number, None, not_a_figure))
                continue
            read = _followup_row(row)
            problems.extend(row.problems)
            if read is None:
                continue
            area, key, observation = read
            indicator = (area, _key_text(key))
            first = rows_of.setdefault((*indicator, observation.year), number)
            if first != number:
                problems.append(
                    table.problem(
                        number,
                        table.header[columns.fields["year"]],
                        f"indicator {_brief(key)} of {area.title} has a figure for "
                        f"{observation.year} in row {first} already; keep one figure per year "
                        "(put a second reading in the note)",
                    )
                )
                continue
            entries.setdefault(indicator, (key, []))[1].append(observation)
    if problems:
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise DataError(
            f"The follow-up sheet in {source} cannot be read: {count} "
            f"(opfølgningsarket har {len(problems)} fejl)",
            problems,
        )
    return FollowUp(
        indicators=[
            IndicatorFollowUp(focus_area=area, indicator=key, observations=tuple(observations))
            for (area, _), (key, observations) in entries.items()
        ]
    )


def read_followup(
    path: str | os.PathLike[str], *, limits: SpreadsheetLimits | None = None
) -> FollowUp:
    """Read a plan's follow-up sheet (*opfølgningsark*) from a .csv or .xlsx file.

    One row per indicator per year, headed (in any order, any case; title rows above the
    header are skipped) Indsatsområde; Delmål nr.; Indikator nr.; År; Værdi; Antal;
    Datakilde; Note, or in English Focus area; Sub-goal no.; Indicator no.; Year; Value;
    Count; Data source; Note. Instead of the two numbers a column Id may name the indicator
    by its ``Indicator.id``; a row giving both is the id's. A column Enhed (Unit: procent,
    antal, tal) may state the value's unit. Required: the focus area, the year, the indicator
    and Værdi or Antal.

    Værdi is read exactly: "61,21 %" (or a number in a cell formatted as a percentage, which
    Excel stores as 0,6121) is 61.21 percent; a bare "61,21" is 61.21 in the baseline's unit
    (``Observation.unit`` is ``None``); "1.234,5" is 1234.5. Antal is a whole number of
    people. A share is at most 100 %: "150 %", a percentage cell Excel shows as 6.310 % (the
    number 63,1, formatted as a percentage after it was typed) or more than 100 with Enhed
    procent is a bad cell. Each row becomes an ``Observation`` of the indicator's
    ``IndicatorFollowUp``; the entries are in the order the sheet first names them.

    CSV: as ``read_budget`` reads it (UTF-8 with or without a BOM, UTF-16 with its BOM,
    semicolons, commas or tabs), except that bytes that are not UTF-8 are read as
    Windows-1252, what Danish Excel's "CSV (semikolonsepareret)" writes, with a
    ``GuessedEncodingWarning`` saying so. Excel: the sheet named Opfølgning (or Opfoelgning,
    Follow-up; any case), else the first sheet. The file is held to ``limits`` as
    ``read_budget`` holds a budget.

    Columns the reader does not know (Ansvarlig, Kommentar til bestyrelsen, …) are left
    alone, and so are a delmål's title and an indicator's description beside its number: a
    column Delmål (Sub-goal) or Indikator (Indicator) is the number only when the sheet has
    no Delmål nr. (Sub-goal no.) or Indikator nr. (Indicator no.) column; beside one it is a
    description, not read. A focus area may be named by its English title too (Employment,
    as ``status --lang en`` writes it). A sheet with a header and no rows is a follow-up
    without figures.

    Raises ``DataError`` listing every problem at once, each with its place (file or sheet,
    row, column), the value and what to write instead: a bad cell, a row without a figure,
    two figures for one indicator and year, a share above 100 %, a total row or a row with
    only a note, a missing column, an empty file. A folder or a .json file is refused
    with what to give instead.
    """
    p = Path(path)
    if os.path.isdir(p):
        raise DataError(
            f"'{p}' is a folder, not a follow-up sheet; give the sheet's file (the .csv or "
            ".xlsx file, such as opfoelgning.csv), or read the plan folder with load_plan, "
            "which finds the folder's follow-up sheet itself"
        )
    if p.suffix.casefold() == ".json":
        raise DataError(
            f"'{p.name}' is a .json file, and read_followup reads a follow-up sheet, a .csv or "
            ".xlsx file. A follow-up in JSON is read with load_plan, as plan.json's "
            '"followup" (a follow-up object, or the name of its .json file)'
        )
    return _followup(_file_tables(p, limits or SpreadsheetLimits(), _FOLLOWUP), f"'{p.name}'")


def _has_followup_header(path: Path) -> bool:
    """Whether the sheet the budget reader would read has a follow-up sheet's header.

    That is: År and Værdi or Antal, and no Kategori. For a plan folder's only spreadsheet,
    which would be taken for the budget; a file that cannot be read says no (the budget
    reader then says why).
    """
    sniff = attrs.evolve(_FOLLOWUP, sheets=_budget_sheets)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GuessedEncodingWarning)
            tables = _file_tables(path, SpreadsheetLimits(), sniff)
    except (DataError, OSError):
        return False
    if not tables:
        return False
    heads = {_key(head) for head in tables[0].header if isinstance(head, str)}
    fields = {_FOLLOWUP_HEADERS.get(head) for head in heads}
    budget = {_key("kategori"), _key("category")}
    return "year" in fields and bool(fields & {"value", "count"}) and not heads & budget


def followup_from_csv(
    data: bytes, *, name: str = "opfoelgning.csv", limits: SpreadsheetLimits | None = None
) -> FollowUp:
    """Read a follow-up sheet from a CSV file's bytes, as ``read_followup`` reads a .csv file.

    ``name`` is used in messages and warnings. The bytes are held to ``limits`` like a
    file's (their size too). Raises ``DataError`` and warns as ``read_followup`` does.
    """
    limits = limits or SpreadsheetLimits()
    _check_size(data, name, limits)
    return _followup(_csv_tables(data, Path(name), limits, _FOLLOWUP), f"'{name}'")
