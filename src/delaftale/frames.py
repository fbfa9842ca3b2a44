"""pandas views of agreements, plans, budgets and reports, for analysts.

This module has one job: views for analysis. Reading a budget from a spreadsheet or a
DataFrame is ``delaftale.spreadsheets``' job (``read_budget``, ``budget_from_frame``). With
it, this is the only module that imports pandas; ``import delaftale`` does not, so the
model, JSON and validation work without pandas being loaded.

Numbers stay exact: every amount, share, hour and baseline value is a ``Decimal``
in a column of dtype ``object`` (``None`` where the data has none), never a float. Text columns
are ``object`` columns of ``str`` or ``None``; optional whole numbers (counts, years) use
pandas' nullable ``Int64``. See ``docs/frames.md`` for every column and the budget table format.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from delaftale.danish import (
    format_baseline_year,
    format_measurement,
    format_percent,
    format_staff_line,
)
from delaftale.followup import Observation, assessment_text
from delaftale.model import Agreement, FocusArea, StaffAllocation
from delaftale.plan import (
    Budget,
    Plan,
    PlanActivity,
    StaffPosition,
)
from delaftale.validation import Finding, Report, names_match

__all__ = [
    "activities_frame",
    "budget_frame",
    "indicators_frame",
    "report_frame",
    "staff_frame",
    "staff_pivot",
    "status_frame",
]

_MOVED = frozenset({"read_budget", "budget_from_frame", "SpreadsheetLimits"})

if not TYPE_CHECKING:  # type checkers see only this module's own names

    def __getattr__(name: str) -> Any:
        if name in _MOVED:
            raise AttributeError(
                f"delaftale.frames.{name} has moved: budgets are read by delaftale.spreadsheets; "
                f"use delaftale.{name} (see docs/frames.md)"
            )
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


# --------------------------------------------------------------------------- the follow-up

_STATUS_SCHEMA: _Schema = (
    ("focus_area", "text"),
    ("area_title", "text"),
    ("sub_goal", "int"),
    ("indicator", "int"),
    ("key", "text"),
    ("sub_goal_title", "text"),
    ("description", "text"),
    ("year", "int"),
    ("direction", "text"),
    ("direction_basis", "text"),
    ("unit", "text"),
    ("baseline", "decimal"),
    ("baseline_year", "opt_int"),
    ("baseline_pending", "bool"),
    ("comparison", "decimal"),
    ("latest_year", "opt_int"),
    ("latest_value", "decimal"),
    ("latest_count", "opt_int"),
    ("change", "decimal"),
    ("target", "decimal"),
    ("target_year", "opt_int"),
    ("target_reached", "object"),
    ("assessment", "text"),
    ("assessment_text", "text"),
    ("reason", "text"),
)


def _figure_of(observation: Observation | None) -> Decimal | None:
    if observation is None:
        return None
    return observation.value if observation.value is not None else Decimal(observation.count or 0)


def status_frame(plan: Plan, year: int, *, lang: str = "da") -> pd.DataFrame:
    """One row per indicator of the plan, judged at ``year`` (see ``Plan.status``).

    Columns: ``focus_area`` (code), ``area_title``, ``sub_goal`` and ``indicator`` (numbers
    from 1), ``key`` ("2.1" or the indicator's id), ``sub_goal_title``, ``description``,
    ``year``, ``direction`` ("up", "down" or ``None``), ``direction_basis`` (in ``lang``),
    ``unit``, ``baseline`` (Decimal), ``baseline_year``, ``baseline_pending``,
    ``comparison``, ``latest_year``, ``latest_value`` (Decimal, ``None`` for a figure given
    as a count only), ``latest_count``, ``change`` (Decimal, in the baseline's unit),
    ``target``, ``target_year``, ``target_reached`` (``True``, ``False`` or ``None``),
    ``assessment`` (improving, worsening, unchanged, no_data, pending_baseline, or ``None``
    when the figures cannot be judged), ``assessment_text`` and ``reason``; then one column
    per year the follow-up has figures for up to ``year`` (the int year as the column
    name), holding that year's figure (Decimal; a count where only a count is given).
    """
    statuses = plan.status(year)
    years = sorted({o.year for s in statuses for o in s.figures})
    rows: list[dict[str, Any]] = []
    for s in statuses:
        latest, target = s.latest, s.target
        rows.append(
            {
                "focus_area": s.focus_area.value,
                "area_title": s.focus_area.title,
                "sub_goal": s.sub_goal,
                "indicator": s.indicator,
                "key": s.key,
                "sub_goal_title": s.sub_goal_title,
                "description": s.description,
                "year": s.year,
                "direction": s.direction.direction.value if s.direction.direction else None,
                "direction_basis": s.direction.explain(lang),
                "unit": s.unit.value if s.unit else None,
                "baseline": s.baseline,
                "baseline_year": s.baseline_year,
                "baseline_pending": s.baseline_pending,
                "comparison": s.comparison,
                "latest_year": latest.year if latest else None,
                "latest_value": latest.value if latest else None,
                "latest_count": latest.count if latest else None,
                "change": s.change,
                "target": target.value if target else None,
                "target_year": target.year if target else None,
                "target_reached": s.target_reached,
                "assessment": s.assessment.value if s.assessment else None,
                "assessment_text": assessment_text(s, lang),
                "reason": s.reason,
            }
        )
    frame = _frame(_STATUS_SCHEMA, rows)
    for y in years:
        frame[y] = _column(
            "decimal",
            [_figure_of(next((o for o in s.figures if o.year == y), None)) for s in statuses],
        )
    return frame
