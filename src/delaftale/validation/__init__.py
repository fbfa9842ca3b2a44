"""Validation: rules that a person checking a delaftale by hand would apply.

:func:`validate` never raises on bad data; it returns a :class:`Report` of
:class:`Finding` objects, each with a stable rule ``code``, a :class:`Severity`, a JSON
``path`` and a message in English and Danish. :data:`RULES` lists every rule.
"""

from __future__ import annotations

from delaftale.model import Agreement
from delaftale.validation._agreement import check_agreement, names_match
from delaftale.validation._report import Finding, Report, Rule, Severity
from delaftale.validation._rules import RULES

__all__ = ["RULES", "Finding", "Report", "Rule", "Severity", "names_match", "validate"]


def validate(obj: Agreement) -> Report:
    """Check an agreement and return everything found; never raises on bad data.

    >>> from delaftale import Agreement, FocusArea
    >>> validate(Agreement(focus_area=FocusArea.BESKAEFTIGELSE, initiative="X")).ok
    True
    """
    if not isinstance(obj, Agreement):
        raise TypeError(f"validate() takes an Agreement, not {type(obj).__name__}")
    return Report(findings=tuple(check_agreement(obj)))
