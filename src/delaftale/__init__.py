"""delaftale: typed data, validation and Word I/O for Landsbyggefonden delaftaler.

A *delaftale* is the partial agreement for one focus area (*indsatsområde*) of a
*boligsocial helhedsplan*. This package models it (:class:`Agreement` and its parts),
reads and writes it as JSON (:func:`loads`, :func:`dumps`), and checks it
(:func:`validate`). pandas is never imported by ``import delaftale``.
"""

from __future__ import annotations

from delaftale import danish
from delaftale.errors import DataError, DelaftaleError, NotationError
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
from delaftale.schema import json_schema
from delaftale.serialization import dumps, loads, structure, unstructure
from delaftale.validation import RULES, Finding, Report, Rule, Severity, validate

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "Activity",
    "ActivitySection",
    "Agreement",
    "BaselineYear",
    "Block",
    "DataError",
    "DelaftaleError",
    "Finding",
    "FocusArea",
    "Indicator",
    "Measurement",
    "NotationError",
    "OtherAreaShare",
    "Paragraph",
    "ParagraphKind",
    "Party",
    "Period",
    "Regulativ",
    "Report",
    "Rule",
    "Severity",
    "StaffAllocation",
    "Staffing",
    "SubGoal",
    "Table",
    "Text",
    "Unit",
    "__version__",
    "danish",
    "dumps",
    "json_schema",
    "loads",
    "structure",
    "unstructure",
    "validate",
]
