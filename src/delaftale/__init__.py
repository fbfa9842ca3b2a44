"""delaftale: typed data, validation and Word I/O for Landsbyggefonden delaftaler.

A *delaftale* is the partial agreement for one focus area (*indsatsområde*) of a
*boligsocial helhedsplan*. This package models it (``Agreement`` and its parts),
reads and writes it as JSON (``loads``, ``dumps``), and checks it
(``validate``). pandas is never imported by ``import delaftale``.
"""

from __future__ import annotations

import types as _types
from typing import TYPE_CHECKING, Any

from delaftale.errors import (
    ConversionError,
    CorruptDocxError,
    CorruptPdfError,
    DataError,
    DelaftaleError,
    EncryptedDocxError,
    EncryptedPdfError,
    FigureTooLargeError,
    FilledTemplateWarning,
    GuessedEncodingWarning,
    LegacyWordError,
    NotADelaftaleError,
    NotADocxError,
    NotAPdfTextError,
    NotationError,
    ReadError,
    UnsafeDocxError,
    UnsafePdfError,
    WriteError,
)
from delaftale.options import Language, WeightMeasure

if TYPE_CHECKING:
    import datetime
    import os
    from pathlib import Path
    from typing import BinaryIO

    from delaftale import danish
    from delaftale.edit import (
        replace,
    )
    from delaftale.findings import (
        Finding,
        Report,
        Rule,
        Severity,
    )
    from delaftale.followup import (
        Assessment,
        Direction,
        DirectionReading,
        FollowUp,
        IndicatorFollowUp,
        IndicatorStatus,
        Observation,
        Target,
        indicator_key,
        merge_followup,
        read_direction,
    )
    from delaftale.model import (
        Activity,
        ActivitySection,
        Agreement,
        BaselineYear,
        Block,
        FocusArea,
        Indicator,
        Measurement,
        OtherAreaShare,
        Paragraph,
        ParagraphKind,
        Party,
        Period,
        Regulativ,
        StaffAllocation,
        Staffing,
        SubGoal,
        Table,
        Text,
        Unit,
    )
    from delaftale.parse_report import (
        ParseReport,
        Unplaced,
    )
    from delaftale.pdf.safety import (
        PdfLimits,
    )
    from delaftale.plan import (
        ActivityStatus,
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
    from delaftale.reading import (
        read,
        read_with_report,
    )
    from delaftale.revisions import (
        Change,
        ChangeKind,
        ParagraphChange,
        Revision,
        apply_changes,
        changes_from_record,
        diff,
        revision_record,
    )
    from delaftale.schema import (
        json_schema,
    )
    from delaftale.serialization import (
        dumps,
        loads,
        structure,
        unstructure,
    )
    from delaftale.spreadsheets import (
        SpreadsheetLimits,
        budget_from_frame,
    )
    from delaftale.validation import (
        RULES,
        PlanOptions,
        validate,
    )
    from delaftale.word.safety import (
        Limits,
    )

# Every other public name is imported from its module when first used (PEP 562), so
# ``import delaftale`` builds no attrs class, compiles no expression and imports neither
# attrs nor cattrs: a tool that imports delaftale to read one file, or only for its errors,
# pays for what it uses. ``from delaftale import Agreement`` works as before.
_LAZY: dict[str, str] = {
    "Activity": "delaftale.model",
    "ActivitySection": "delaftale.model",
    "Agreement": "delaftale.model",
    "BaselineYear": "delaftale.model",
    "Block": "delaftale.model",
    "FocusArea": "delaftale.model",
    "Indicator": "delaftale.model",
    "Measurement": "delaftale.model",
    "OtherAreaShare": "delaftale.model",
    "Paragraph": "delaftale.model",
    "ParagraphKind": "delaftale.model",
    "Party": "delaftale.model",
    "Period": "delaftale.model",
    "Regulativ": "delaftale.model",
    "StaffAllocation": "delaftale.model",
    "Staffing": "delaftale.model",
    "SubGoal": "delaftale.model",
    "Table": "delaftale.model",
    "Text": "delaftale.model",
    "Unit": "delaftale.model",
    "replace": "delaftale.edit",
    "Assessment": "delaftale.followup",
    "Direction": "delaftale.followup",
    "DirectionReading": "delaftale.followup",
    "FollowUp": "delaftale.followup",
    "IndicatorFollowUp": "delaftale.followup",
    "IndicatorStatus": "delaftale.followup",
    "Observation": "delaftale.followup",
    "Target": "delaftale.followup",
    "indicator_key": "delaftale.followup",
    "merge_followup": "delaftale.followup",
    "Change": "delaftale.revisions",
    "ChangeKind": "delaftale.revisions",
    "ParagraphChange": "delaftale.revisions",
    "Revision": "delaftale.revisions",
    "apply_changes": "delaftale.revisions",
    "changes_from_record": "delaftale.revisions",
    "diff": "delaftale.revisions",
    "revision_record": "delaftale.revisions",
    "read_direction": "delaftale.followup",
    "ParseReport": "delaftale.parse_report",
    "Unplaced": "delaftale.parse_report",
    "ActivityStatus": "delaftale.plan",
    "Budget": "delaftale.plan",
    "BudgetCategory": "delaftale.plan",
    "BudgetLine": "delaftale.plan",
    "FundingKind": "delaftale.plan",
    "FundingSource": "delaftale.plan",
    "Plan": "delaftale.plan",
    "PlanActivity": "delaftale.plan",
    "StaffPosition": "delaftale.plan",
    "YearAmount": "delaftale.plan",
    "read": "delaftale.reading",
    "read_with_report": "delaftale.reading",
    "json_schema": "delaftale.schema",
    "dumps": "delaftale.serialization",
    "loads": "delaftale.serialization",
    "structure": "delaftale.serialization",
    "unstructure": "delaftale.serialization",
    "Finding": "delaftale.findings",
    "Report": "delaftale.findings",
    "Rule": "delaftale.findings",
    "Severity": "delaftale.findings",
    "RULES": "delaftale.validation",
    "PlanOptions": "delaftale.validation",
    "validate": "delaftale.validation",
    "SpreadsheetLimits": "delaftale.spreadsheets",
    "budget_from_frame": "delaftale.spreadsheets",
    "Limits": "delaftale.word.safety",
    "PdfLimits": "delaftale.pdf.safety",
}
__version__ = "0.1.0"


def read_docx(
    source: str | os.PathLike[str] | bytes | BinaryIO,
    *,
    focus_area: FocusArea | None = None,
    limits: Limits | None = None,
) -> Agreement:
    """Read a filled-in delaftale (.docx: a path, bytes or a binary file object).

    Guidance text, labels and the form's fixed paragraphs are recognised by their words and
    left out; everything else lands in a field. Use ``read_docx_with_report`` to also
    get what could not be placed. Raises a ``ReadError`` subclass for a file that is
    not a readable .docx (``NotADocxError``, ``LegacyWordError``,
    ``EncryptedDocxError``, ``CorruptDocxError``, ``UnsafeDocxError``) or
    not a delaftale (``NotADelaftaleError``).
    """
    from delaftale.word.reader import read_docx as _read

    return _read(source, focus_area=focus_area, limits=limits)


def read_docx_with_report(
    source: str | os.PathLike[str] | bytes | BinaryIO,
    *,
    focus_area: FocusArea | None = None,
    limits: Limits | None = None,
) -> tuple[Agreement, ParseReport]:
    """Read a delaftale .docx, returning the agreement and a ``ParseReport``.

    The report lists every piece of content the reader could not place (with its location
    in the document) and notes such as a section that was not found.
    """
    from delaftale.word.reader import read_docx_with_report as _read

    return _read(source, focus_area=focus_area, limits=limits)


def write_docx(
    agreement: Agreement,
    path: str | os.PathLike[str],
    template: str | os.PathLike[str] | bytes | BinaryIO | None = None,
    *,
    limits: Limits | None = None,
) -> Path:
    """Write the agreement as a filled-in delaftale .docx at ``path``; returns the path.

    Without ``template`` the built-in form is used; with it (a path, bytes or binary file of
    a blank delaftale form, such as LBF's own or a municipality's variant) the content is
    written into that form, keeping its logos, headers, styles and page setup. The file is
    written to a temporary file beside the target and renamed into place, so a failure never
    leaves a half-written document. Raises ``WriteError`` for content a Word document
    cannot hold, a template that is not a delaftale form or is refused by ``limits`` (the
    reader's, by default), a result ``read_docx`` would refuse under the same limits, and a
    ``path`` named for another format (.pdf, .doc, .docm, .dotx, .dotm, .odt, .rtf, .json …:
    write a .docx and convert it with LibreOffice, ``soffice --headless --convert-to pdf``
    or ``delaftale.office.docx_to_pdf``).

    The result is always a plain .docx: a template's macros (.docm, .dotm) and its external
    relationships (an attached template, linked pictures and objects, which Word would fetch
    from a server when the document is opened) are left out; its hyperlinks are kept.

    Each answer goes where a person would write it in that form (the cell to the right of
    the label, the row below it, the rest of its cell, the paragraphs after it, or a content
    control there). A *filled-in* delaftale given as the template is emptied first (answers,
    delmål rows, all but one activity schema) and ``FilledTemplateWarning`` says so.
    """
    from delaftale.word.writer import write_docx as _write

    return _write(agreement, path, template, limits=limits)


def render_docx(
    agreement: Agreement,
    template: str | os.PathLike[str] | bytes | BinaryIO | None = None,
    *,
    limits: Limits | None = None,
) -> bytes:
    """The filled-in delaftale as .docx bytes, as ``write_docx`` would write it."""
    from delaftale.word.writer import render_docx as _render

    return _render(agreement, template, limits=limits)


def revision_docx(
    old: Agreement,
    new: Agreement,
    template: str | os.PathLike[str] | bytes | BinaryIO | None = None,
    *,
    author: str = "delaftale",
    date: datetime.datetime | None = None,
    limits: Limits | None = None,
) -> bytes:
    """The new version as .docx bytes with Word's tracked changes against the old version.

    Both are written into ``template`` (or the built-in form) and compared: inserted and
    deleted words, rows and paragraphs are marked with ``author`` and ``date`` (now, by
    default), so the board can accept or reject each change in Word; accepting all gives the
    new version, and ``read_docx`` reads the file as the new version. See
    ``docs/revisions.md``.
    """
    from delaftale.word.tracked import revision_docx as _revision

    return _revision(old, new, template, author=author, date=date, limits=limits)


def read_budget(path: str | os.PathLike[str], *, limits: SpreadsheetLimits | None = None) -> Budget:
    """Read a plan's budget from a .csv or .xlsx file (Danish or English column names).

    See ``docs/frames.md`` for the table. Raises ``DataError`` listing every bad cell
    with its sheet, row and column. The file is held to ``limits``
    (``SpreadsheetLimits()`` by default: file and part sizes, rows, columns and cells in
    use); raise them for a file you trust. Neither pandas nor an Excel library is imported.
    """
    from delaftale.spreadsheets import read_budget as _read

    return _read(path, limits=limits)


def render_overview(plan: Plan) -> bytes:
    """The plan's activity overview (*overordnet aktivitetsoversigt*) as .docx bytes.

    One table per focus area: the LBF delmål, the municipal partners (the parties of the
    plan's municipality) and every activity with its status, as the Ishøj overview does.
    """
    from delaftale.word.overview import render_overview as _render

    return _render(plan)


def write_overview(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write the plan's activity overview .docx at ``path`` (temporary file, then renamed).

    Returns the path. A ``path`` named for another format (.pdf, .doc, .docm, .dotx …) is
    refused with ``WriteError``: write a .docx and convert it with LibreOffice.
    """
    from delaftale.word.overview import write_overview as _write

    return _write(plan, path)


def load_plan(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    followup: str | os.PathLike[str] | None = None,
) -> Plan:
    """Read a plan: its plan.json, or a folder of delaftaler, a budget and a follow-up sheet.

    A folder holding ``plan.json`` is read as that file. A folder without one is read as a
    plan made of every delaftale in it (.docx, .pdf, .doc, .rtf, .odt or JSON), its
    budget file (``budget.xlsx``, ``budget.csv`` …) and its follow-up sheet
    (``opfoelgning.csv`` or ``.xlsx``); see ``docs/plan.md``. The files a plan.json names
    must lie in its folder (``root`` widens that on purpose); nothing outside a folder is
    read. ``followup`` is a follow-up sheet given by the caller, from anywhere: it takes
    the place of the plan's own (see ``docs/followup.md``). Raises ``DataError`` naming the
    file and what to do.
    """
    from delaftale.files import load_plan as _load

    return _load(path, root=root, followup=followup)


def read_followup(
    path: str | os.PathLike[str], *, limits: SpreadsheetLimits | None = None
) -> FollowUp:
    """Read an annual follow-up sheet (*opfølgning*, .csv or .xlsx) into a ``FollowUp``.

    One row per indicator and year: Indsatsområde, Delmål nr., Indikator nr. (or Id), År,
    Værdi and/or Antal, Datakilde, Note (English headers too); see ``docs/followup.md``.
    Raises ``DataError`` listing every bad cell with its sheet, row and column; a CSV file
    that is not UTF-8 is read as Windows-1252 with a ``GuessedEncodingWarning``.
    """
    from delaftale.spreadsheets import read_followup as _read

    return _read(path, limits=limits)


def write_status_report(
    plan: Plan,
    year: int,
    path: str | os.PathLike[str],
    *,
    lang: Language = "da",
    charts: bool = True,
) -> Path:
    """Write the board's status report for ``year`` (.docx) at ``path``; returns the path.

    Per focus area each delmål and indicator with its baseline, the years' figures,
    comparison, target, change and assessment in plain Danish (``lang="en"``: English), and
    a chart per indicator with figures (``charts=False`` leaves them out). Written whole or
    not at all.
    """
    from delaftale.word.status import write_status_report as _write

    return _write(plan, year, path, lang=lang, charts=charts)


def save_plan(plan: Plan, folder: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the plan as a folder ``load_plan`` reads back exactly; returns plan.json's path.

    ``plan.json``, one JSON file per delaftale (``beskaeftigelse.json`` …) and the budget as
    ``budget.csv`` in Danish Excel's dialect (or ``budget.json`` when a spreadsheet cannot
    hold it exactly); each file written whole or not at all. Files already there are
    replaced only with ``overwrite=True``; raises ``WriteError`` saying which and what to do.
    """
    from delaftale.files import save_plan as _save

    return _save(plan, folder, overwrite=overwrite)


if not TYPE_CHECKING:  # type checkers see the names imported above, and no others

    def __getattr__(name: str) -> Any:
        import importlib
        import importlib.util

        module = _LAZY.get(name)
        # A submodule used as an attribute (``delaftale.danish``, ``delaftale.frames``)
        # after a plain ``import delaftale``, as when the package imported them eagerly.
        if module is None and name.isidentifier() and not name.startswith("_"):
            try:
                if importlib.util.find_spec(f"delaftale.{name}") is not None:
                    module = f"delaftale.{name}"
            except (ImportError, ValueError):
                module = None
        if module is None:
            raise AttributeError(f"module 'delaftale' has no attribute {name!r}")
        found = importlib.import_module(module)
        value = found if module == f"delaftale.{name}" else getattr(found, name)
        globals()[name] = value  # looked up once
        return value


def __dir__() -> list[str]:
    # The public names, the module's own dunders and the submodules imported so far; not the
    # helpers this file imports (Any, TYPE_CHECKING).
    shown = {name for name, value in globals().items() if name.startswith("__")}
    shown |= {name for name, value in globals().items() if isinstance(value, _types.ModuleType)}
    return sorted({*__all__, *shown} - {"annotations"})


__all__ = [
    "RULES",
    "Activity",
    "ActivitySection",
    "ActivityStatus",
    "Agreement",
    "Assessment",
    "BaselineYear",
    "Block",
    "Budget",
    "BudgetCategory",
    "BudgetLine",
    "Change",
    "ChangeKind",
    "ConversionError",
    "CorruptDocxError",
    "CorruptPdfError",
    "DataError",
    "DelaftaleError",
    "Direction",
    "DirectionReading",
    "EncryptedDocxError",
    "EncryptedPdfError",
    "FigureTooLargeError",
    "FilledTemplateWarning",
    "Finding",
    "FocusArea",
    "FollowUp",
    "FundingKind",
    "FundingSource",
    "GuessedEncodingWarning",
    "Indicator",
    "IndicatorFollowUp",
    "IndicatorStatus",
    "Language",
    "LegacyWordError",
    "Limits",
    "Measurement",
    "NotADelaftaleError",
    "NotADocxError",
    "NotAPdfTextError",
    "NotationError",
    "Observation",
    "OtherAreaShare",
    "Paragraph",
    "ParagraphChange",
    "ParagraphKind",
    "ParseReport",
    "Party",
    "PdfLimits",
    "Period",
    "Plan",
    "PlanActivity",
    "PlanOptions",
    "ReadError",
    "Regulativ",
    "Report",
    "Revision",
    "Rule",
    "Severity",
    "SpreadsheetLimits",
    "StaffAllocation",
    "StaffPosition",
    "Staffing",
    "SubGoal",
    "Table",
    "Target",
    "Text",
    "Unit",
    "Unplaced",
    "UnsafeDocxError",
    "UnsafePdfError",
    "WeightMeasure",
    "WriteError",
    "YearAmount",
    "__version__",
    "apply_changes",
    "budget_from_frame",
    "changes_from_record",
    "danish",
    "diff",
    "dumps",
    "indicator_key",
    "json_schema",
    "load_plan",
    "loads",
    "merge_followup",
    "read",
    "read_budget",
    "read_direction",
    "read_docx",
    "read_docx_with_report",
    "read_followup",
    "read_with_report",
    "render_docx",
    "render_overview",
    "replace",
    "revision_docx",
    "revision_record",
    "save_plan",
    "structure",
    "unstructure",
    "validate",
    "write_docx",
    "write_overview",
    "write_status_report",
]
