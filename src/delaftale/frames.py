"""pandas views of agreements, plans, budgets and reports; budgets read from CSV and Excel.

This is the only module that imports pandas (and openpyxl). ``import delaftale`` does not
import it, so the model, JSON and validation work without pandas being loaded.

Numbers stay exact: every amount, share, hour and baseline value is a ``Decimal``
in a column of dtype ``object`` (``None`` where the data has none), never a float. Text columns
are ``object`` columns of ``str`` or ``None``; optional whole numbers (counts, years) use
pandas' nullable ``Int64``. See ``docs/frames.md`` for every column and the budget table format.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from delaftale.danish import (
    format_baseline_year,
    format_decimal,
    format_measurement,
    format_percent,
    format_staff_line,
    parse_decimal,
)
from delaftale.errors import DataError, FigureTooLargeError, NotationError
from delaftale.model import FIGURE_DIGITS, Agreement, FocusArea, StaffAllocation, figure_too_large
from delaftale.plan import (
    Budget,
    BudgetCategory,
    BudgetLine,
    FundingKind,
    FundingSource,
    Plan,
    PlanActivity,
    StaffPosition,
    YearAmount,
)
from delaftale.validation import Finding, Report, names_match

__all__ = [
    "activities_frame",
    "budget_frame",
    "budget_from_frame",
    "indicators_frame",
    "read_budget",
    "report_frame",
    "staff_frame",
    "staff_pivot",
]

SHARED = "shared"
"""The ``focus_area`` of a budget line that the whole plan shares (*fælles*)."""

TOTAL = "total"
"""The name of the sum column of ``staff_pivot``."""


# --------------------------------------------------------------------------- frame building

# Column kinds: "text" and "decimal" are object columns (str/Decimal or None), "int" is
# int64 (always present), "opt_int" is pandas' nullable Int64 (<NA> when missing), "bool" is bool.
_Schema = Sequence[tuple[str, str]]


def _column(kind: str, values: list[Any]) -> pd.Series[Any]:
    if kind == "int":
        return pd.Series(values, dtype="int64")
    if kind == "opt_int":
        return pd.Series(values, dtype="Int64")
    if kind == "bool":
        return pd.Series(values, dtype=bool)
    return pd.Series(values, dtype=object)


def _frame(schema: _Schema, rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with exactly the schema's columns and dtypes, also when there are no rows."""
    data = {name: _column(kind, [row[name] for row in rows]) for name, kind in schema}
    return pd.DataFrame(data, columns=[name for name, _ in schema])


def _agreements(source: Plan | Iterable[Agreement]) -> list[Agreement]:
    return list(source.agreements) if isinstance(source, Plan) else list(source)


# --------------------------------------------------------------------------- agreement views

_INDICATOR_SCHEMA: _Schema = (
    ("focus_area", "text"),
    ("area_title", "text"),
    ("sub_goal", "text"),
    ("indicator", "text"),
    ("baseline_text", "text"),
    ("baseline_value", "decimal"),
    ("baseline_unit", "text"),
    ("baseline_count", "opt_int"),
    ("baseline_pending", "bool"),
    ("comparison_text", "text"),
    ("comparison_value", "decimal"),
    ("comparison_unit", "text"),
    ("comparison_count", "opt_int"),
    ("baseline_year", "opt_int"),
    ("baseline_year_text", "text"),
    ("data_source", "text"),
)


def indicators_frame(agreements: Plan | Iterable[Agreement]) -> pd.DataFrame:
    """One row per indicator (*indikator*) of every delmål of the agreements, in order.

    Columns: ``focus_area`` (code), ``area_title`` (Danish), ``sub_goal``, ``indicator``,
    ``baseline_text``, ``baseline_value`` (Decimal), ``baseline_unit`` (percent, count,
    number), ``baseline_count``, ``baseline_pending``, ``comparison_text``,
    ``comparison_value`` (Decimal), ``comparison_unit``, ``comparison_count``,
    ``baseline_year`` (the first calendar year), ``baseline_year_text`` and ``data_source``.
    A delmål without indicators has no row. A ``Plan`` stands for its
    agreements.
    """
    rows: list[dict[str, Any]] = []
    for agreement in _agreements(agreements):
        for sub_goal in agreement.sub_goals:
            for indicator in sub_goal.indicators:
                base, comp, year = indicator.baseline, indicator.comparison, indicator.baseline_year
                rows.append(
                    {
                        "focus_area": agreement.focus_area.value,
                        "area_title": agreement.focus_area.title,
                        "sub_goal": sub_goal.title,
                        "indicator": indicator.description,
                        "baseline_text": format_measurement(base) if base else None,
                        "baseline_value": base.value if base else None,
                        "baseline_unit": base.unit.value if base and base.unit else None,
                        "baseline_count": base.count if base else None,
                        "baseline_pending": base.pending if base else False,
                        "comparison_text": format_measurement(comp) if comp else None,
                        "comparison_value": comp.value if comp else None,
                        "comparison_unit": comp.unit.value if comp and comp.unit else None,
                        "comparison_count": comp.count if comp else None,
                        "baseline_year": year.year if year else None,
                        "baseline_year_text": format_baseline_year(year) if year else None,
                        "data_source": indicator.data_source,
                    }
                )
    return _frame(_INDICATOR_SCHEMA, rows)


_STAFF_SCHEMA: _Schema = (
    ("focus_area", "text"),
    ("position", "text"),
    ("count", "int"),
    ("weekly_hours", "decimal"),
    ("share", "decimal"),
    ("hours_in_area", "decimal"),
    ("text", "text"),
    ("other_areas", "text"),
)


def _other_areas(line: StaffAllocation) -> str | None:
    parts = []
    for other in line.other_areas:
        words = [format_percent(other.share)]
        if other.description:
            words.append(other.description)
        if other.focus_area:
            words.append(f"({other.focus_area.title})")
        parts.append(" ".join(words))
    return "; ".join(parts) or None


def staff_frame(agreements: Plan | Iterable[Agreement]) -> pd.DataFrame:
    """One row per staff line (*medarbejderressource*) of the agreements, in order.

    Columns: ``focus_area`` (code), ``position`` (the line's title), ``count``,
    ``weekly_hours``, ``share`` (percent in this area), ``hours_in_area`` (all Decimal),
    ``text`` (the line as written) and ``other_areas``: the shares of the same staff that the
    line states for other areas, as one readable string ("40 % brobygning til fritidslivet
    (Kriminalitetsforebyggelse)", several joined by "; "), or ``None``.
    """
    rows = [
        {
            "focus_area": agreement.focus_area.value,
            "position": line.title,
            "count": line.count,
            "weekly_hours": line.weekly_hours,
            "share": line.share,
            "hours_in_area": line.hours_in_area,
            "text": format_staff_line(line),  # the wording, never a stale figure
            "other_areas": _other_areas(line),
        }
        for agreement in _agreements(agreements)
        for line in agreement.staffing.allocations
    ]
    return _frame(_STAFF_SCHEMA, rows)


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def staff_pivot(
    agreements: Plan | Iterable[Agreement], *, positions: Iterable[StaffPosition] = ()
) -> pd.DataFrame:
    """Shares of each position per focus area: a position × area table with a ``total`` column.

    The index (named ``position``) has one row per position and the columns are the focus
    area codes of the agreements, in ``FocusArea`` order, then ``total``.
    Each cell is the sum of the ``share`` (percent, Decimal) of the agreement's own staff
    lines for that position; a position without a line in an area has ``Decimal(0)`` there.
    Shares that a line states for other areas (``other_areas``) and lines without a share
    are not counted (see ``staff_frame`` for those).

    With ``positions`` (or a ``Plan`` with positions), a staff line belongs
    to the position whose title or alias equals the line's title, ignoring case and extra
    spaces; every given position has a row, in the given order, also when no line names it.
    Lines that match no position, and every line when no positions are given, are rows of
    their own title (or their text, when the line has no title).
    """
    agreement_list = _agreements(agreements)
    position_list = list(positions)
    if not position_list and isinstance(agreements, Plan):
        position_list = list(agreements.positions)
    present = {a.focus_area for a in agreement_list}
    areas = [area for area in FocusArea if area in present]

    labels: dict[str, str] = {}  # key -> row label, in row order
    aliases: dict[str, str] = {}  # name key -> row key
    for position in position_list:
        key = _name_key(position.title)
        labels.setdefault(key, position.title)
        for name in position.names():
            aliases.setdefault(_name_key(name), key)

    cells: dict[tuple[str, FocusArea], Decimal] = {}
    for agreement in agreement_list:
        for line in agreement.staffing.allocations:
            label = line.title or line.text or ""
            key = aliases.get(_name_key(label), _name_key(label))
            labels.setdefault(key, label)
            if line.share is not None:
                cell = (key, agreement.focus_area)
                cells[cell] = cells.get(cell, Decimal(0)) + line.share

    table: dict[str, list[Decimal]] = {area.value: [] for area in areas}
    table[TOTAL] = []
    for key in labels:
        row = [cells.get((key, area), Decimal(0)) for area in areas]
        for area, value in zip(areas, row, strict=True):
            table[area.value].append(value)
        table[TOTAL].append(sum(row, Decimal(0)))
    index = pd.Index(list(labels.values()), name="position", dtype=object)
    frame = pd.DataFrame(
        {name: pd.Series(values, index=index, dtype=object) for name, values in table.items()},
        index=index,
        columns=[*(area.value for area in areas), TOTAL],
    )
    frame.columns.name = "focus_area"
    return frame


_ACTIVITY_SCHEMA: _Schema = (
    ("focus_area", "text"),
    ("name", "text"),
    ("has_schema", "bool"),
    ("schema_name", "text"),
    ("status", "text"),
)


def _find_named(name: str, candidates: Sequence[str]) -> int | None:
    """The index of the candidate naming the same activity: equal names first, then close."""
    key = _name_key(name)
    for i, candidate in enumerate(candidates):
        if _name_key(candidate) == key:
            return i
    return next((i for i, c in enumerate(candidates) if names_match(name, c)), None)


def activities_frame(plan_or_agreements: Plan | Iterable[Agreement]) -> pd.DataFrame:
    """One row per activity an agreement lists (*Aktiviteter*), in order.

    Columns: ``focus_area`` (code), ``name`` (as listed), ``has_schema`` (whether the
    agreement has an activity schema of that name; names match when they are equal or
    close, as ``names_match`` decides), ``schema_name`` (the
    matching schema's name, or ``None``) and ``status``: for a ``Plan``, the
    status of the plan overview's activity in the same area with the same or a close name
    (``new``, ``continued``, ``revised``), else ``None``.
    """
    plan_activities: Sequence[PlanActivity] = ()
    if isinstance(plan_or_agreements, Plan):
        plan_activities = plan_or_agreements.activities
    rows: list[dict[str, Any]] = []
    for agreement in _agreements(plan_or_agreements):
        schemas = [activity.name for activity in agreement.activities]
        listed = [pa for pa in plan_activities if pa.focus_area is agreement.focus_area]
        for name in agreement.activity_names:
            s = _find_named(name, schemas)
            p = _find_named(name, [pa.name for pa in listed])
            status = listed[p].status if p is not None else None
            rows.append(
                {
                    "focus_area": agreement.focus_area.value,
                    "name": name,
                    "has_schema": s is not None,
                    "schema_name": schemas[s] if s is not None else None,
                    "status": status.value if status is not None else None,
                }
            )
    return _frame(_ACTIVITY_SCHEMA, rows)


# --------------------------------------------------------------------------- budget and report

_BUDGET_SCHEMA: _Schema = (
    ("kind", "text"),
    ("category", "text"),
    ("description", "text"),
    ("focus_area", "text"),
    ("position", "text"),
    ("year", "int"),
    ("amount", "decimal"),
)


def budget_frame(budget: Budget) -> pd.DataFrame:
    """The budget as a tidy table: one row per line (or funding source) per year.

    Columns: ``kind`` (``"cost"`` or ``"funding"``), ``category`` (the
    ``BudgetCategory`` of a cost, the
    ``FundingKind`` of funding), ``description`` (a cost's description,
    a source's name), ``focus_area`` (a code, ``"shared"`` for a cost the plan shares,
    ``None`` for funding), ``position``, ``year`` and ``amount`` (Decimal). Costs come first,
    then funding, each in order; a line without amounts has no row.
    """
    rows: list[dict[str, Any]] = []
    for line in budget.lines:
        for amount in line.amounts:
            rows.append(
                {
                    "kind": "cost",
                    "category": line.category.value,
                    "description": line.description,
                    "focus_area": line.focus_area.value if line.focus_area else SHARED,
                    "position": line.position,
                    "year": amount.year,
                    "amount": amount.amount,
                }
            )
    for source in budget.funding:
        for amount in source.amounts:
            rows.append(
                {
                    "kind": "funding",
                    "category": source.kind.value,
                    "description": source.name,
                    "focus_area": None,
                    "position": None,
                    "year": amount.year,
                    "amount": amount.amount,
                }
            )
    return _frame(_BUDGET_SCHEMA, rows)


_REPORT_SCHEMA: _Schema = (
    ("code", "text"),
    ("severity", "text"),
    ("path", "text"),
    ("message", "text"),
    ("message_da", "text"),
)


def report_frame(report: Report | Iterable[Finding]) -> pd.DataFrame:
    """One row per finding of a validation report.

    Any findings will do, such as a ``ParseReport``'s ``notes``. Columns:
    ``code``, ``severity`` (``error``, ``warning``, ``info``), ``path``, ``message``
    (English) and ``message_da`` (Danish).
    """
    findings = report.findings if isinstance(report, Report) else tuple(report)
    rows = [
        {
            "code": f.code,
            "severity": f.severity.value,
            "path": f.path,
            "message": f.message,
            "message_da": f.message_da,
        }
        for f in findings
    ]
    return _frame(_REPORT_SCHEMA, rows)


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

    def __init__(self, formula: str) -> None:
        self.formula = formula


class _BadCellError(Exception):
    """A cell that cannot be read; the message says what is expected."""


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _show(value: Any) -> str:
    """A cell's value for a message: text quoted, numbers as Danish Excel shows them (12,5)."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) and math.isfinite(value):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and value.is_finite():
        return format_decimal(value, grouping=False)
    return str(value)


def _decimal_places(amount: Decimal) -> int:
    """How many decimals a finite Decimal has once trailing zeros are dropped (1.50 has 1)."""
    _sign, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros)) if any(digits) else 0


def _cell_text(value: Any) -> str | None:
    """A text cell as a stripped string; ``None`` when empty."""
    if _is_missing(value):
        return None
    if isinstance(value, _UnsavedFormula):
        raise _BadCellError(
            f"the formula '{value.formula}' has no saved value; open the file in Excel "
            "and save it again, or type the text"
        )
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
    if isinstance(value, _UnsavedFormula):
        raise _BadCellError(
            f"the formula '{value.formula}' has no saved value; open the file in Excel "
            "and save it again, or type the amount"
        )
    if isinstance(value, bool):
        raise _BadCellError(f"{value} is not an amount; {_AMOUNT_HINT}")
    if isinstance(value, datetime | date | time):
        raise _BadCellError(f"{value} is a date, not an amount; format the cell as a number")
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _BadCellError(f"{value} is not an amount; {_AMOUNT_HINT}")
        # repr gives the shortest text that is this float: 561000.5, not 561000.5000000001.
        amount = Decimal(repr(value))
        if value.is_integer():
            amount = amount.to_integral_value()  # 250000.0 is 250000
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
    ) -> None:
        self.where = where
        self.header = list(header)
        self.rows = rows
        self.header_row = header_row
        self.funding_only = funding_only

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


def _map_columns(table: _Table, problems: list[str]) -> _Columns | None:
    columns = _Columns()
    named: dict[str, Any] = {}
    year_heads: dict[int, Any] = {}
    for j, head in enumerate(table.header):
        year = _year_header(head)
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
        field = _HEADERS.get(_key(head))
        if field is None:
            continue
        if field in columns.fields:
            problems.append(
                table.problem(
                    table.header_row,
                    None,
                    f"the columns '{named[field]}' and '{head}' both mean "
                    f"{_HEADER_LABELS[field]}; keep one",
                )
            )
            continue
        columns.fields[field] = j
        named[field] = head
    required = ["source"] if table.funding_only else ["category", "description", "focus_area"]
    missing = [f for f in required if f not in columns.fields]
    if not columns.years:
        missing.append("year")
    if not missing:
        return columns
    found = ", ".join(f"'{h}'" for h in table.header if not _is_missing(h) and str(h).strip())
    if table.funding_only:
        expected = "kilde (source) and one column per year; beskrivelse (description) is optional"
    else:
        expected = (
            "kategori (category), beskrivelse (description), indsatsområde (focus_area) and one "
            "column per year; stilling (position) and kilde (source) are optional"
        )
    problems.append(
        table.problem(
            None,
            None,
            f"the header (row {table.header_row}) lacks "
            + "; ".join(_HEADER_LABELS[m] for m in missing)
            + f". It has {found or 'no column names'}. Expected: {expected}",
        )
    )
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

    def text(self, field: str) -> str | None:
        """The text of a field's cell, ``None`` when the column is absent or the cell empty."""
        j = self.columns.fields.get(field)
        if j is None:
            return None
        try:
            return _cell_text(self.raw(j))
        except _BadCellError as exc:
            self.bad(j, str(exc))
            self.unreadable.add(field)
            return None

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


def _read_table(table: _Table, problems: list[str]) -> tuple[list[BudgetLine], list[FundingSource]]:
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


def _known_header(rows: Sequence[Sequence[Any]]) -> int | None:
    """The first of the top rows with two known column names (or a name and a year)."""
    for i, row in enumerate(rows[:20]):
        known = sum(
            1
            for cell in row
            if _year_header(cell) is not None or (isinstance(cell, str) and _key(cell) in _HEADERS)
        )
        if known >= 2:
            return i
    return None


def _cell_filled(value: Any) -> bool:
    return not _is_missing(value) and str(value).strip() != ""


def _table_from_rows(
    where: str, rows: Sequence[Sequence[Any]], *, funding_only: bool = False
) -> _Table:
    """A table from every row of a sheet, row 1 first; the header may follow title rows.

    The header is the first row naming two known columns; failing that, the first row with
    anything in it (so the missing-columns message shows what the sheet has).
    """
    h = _known_header(rows)
    if h is None:
        h = next((i for i, row in enumerate(rows) if any(_cell_filled(c) for c in row)), None)
    if h is None:
        return _Table(where, [], [], funding_only=funding_only)
    body = [(h + 2 + i, row) for i, row in enumerate(rows[h + 1 :])]
    return _Table(where, rows[h], body, header_row=h + 1, funding_only=funding_only)


def _csv_tables(path: Path) -> list[_Table]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(
            f"'{path.name}' is not UTF-8 text; in Excel save it as 'CSV UTF-8' "
            "(CSV UTF-8 (kommasepareret))"
        ) from None
    parsed = {
        d: list(csv.reader(io.StringIO(text, newline=""), delimiter=d)) for d in (";", ",", "\t")
    }
    # The separator is the one that splits the header into known columns; failing that, the
    # one that splits the first row into the most cells.
    chosen = next((rows for rows in parsed.values() if _known_header(rows) is not None), None)
    if chosen is None:
        chosen = max(parsed.values(), key=lambda rows: len(rows[0]) if rows else 0)
    return [_table_from_rows(f"file '{path.name}'", chosen)]


def _xlsx_tables(path: Path) -> list[_Table]:
    # Read twice through pandas (which uses openpyxl): the values Excel saved, and the
    # formulas, to tell a formula without a saved value from an empty cell.
    def read(data_only: bool) -> dict[str, pd.DataFrame]:
        return pd.read_excel(
            path,
            sheet_name=None,
            header=None,
            dtype=object,
            keep_default_na=False,
            engine="openpyxl",
            engine_kwargs={"data_only": data_only},
        )

    try:
        values, formulas = read(True), read(False)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DataError(
            f"'{path.name}' is not an Excel workbook that can be read ({exc}); "
            "open it in Excel and save it as .xlsx (Excel-projektmappe)"
        ) from None
    names = list(values)
    funding_names = [n for n in names if _key(n) in _FUNDING_SHEETS]
    main = next((n for n in names if _key(n) == "budget"), None)
    if main is None:
        main = next((n for n in names if n not in funding_names), None)
    tables = []
    for name in [*([main] if main is not None else []), *funding_names]:
        rows = [list(row) for row in values[name].itertuples(index=False, name=None)]
        for r, row in enumerate(formulas[name].itertuples(index=False, name=None)):
            for c, formula in enumerate(row):
                if isinstance(formula, str) and formula.startswith("=") and rows[r][c] == "":
                    rows[r][c] = _UnsavedFormula(formula)
        tables.append(_table_from_rows(f"sheet '{name}'", rows, funding_only=name in funding_names))
    return tables


def read_budget(path: str | os.PathLike[str]) -> Budget:
    """Read a plan's budget from a .csv or .xlsx file laid out as in ``docs/frames.md``.

    CSV: UTF-8 (with or without the BOM Excel writes), separated by ``;``, ``,`` or tabs,
    whichever the header uses. Excel: the sheet named ``Budget`` (any case), else the first
    sheet; a sheet named ``Finansiering`` or ``Funding`` holds funding. Title rows above the
    header are skipped. Amounts may be numbers or Danish notation ("1.234.567,50").

    Raises ``DataError`` listing every bad cell at once, each with its sheet
    (or file), its row as Excel numbers it, its column, the value and what to write, and
    ``FileNotFoundError`` for a file that does not exist.
    """
    p = Path(path)
    suffix = p.suffix.casefold()
    if suffix == ".csv":
        tables = _csv_tables(p)
    elif suffix in (".xlsx", ".xlsm"):
        tables = _xlsx_tables(p)
    else:
        raise DataError(
            f"'{p.name}' is neither .csv nor .xlsx; save the budget from Excel as an "
            ".xlsx workbook (Excel-projektmappe) or as CSV UTF-8"
        )
    return _budget(tables, f"'{p.name}'")
