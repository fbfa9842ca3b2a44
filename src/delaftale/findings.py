"""Findings and reports: what was found, where, and how bad, in Danish and English.

The vocabulary every part of the library reports in: validation's rules and findings, and
the notes a reader adds to its ``ParseReport``. It sits below both, so a reader can say what
it could not place without importing the validation rules (``delaftale.validation``
re-exports these names).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs
from attrs import field, frozen

from delaftale.options import Language, check_option

__all__ = ["Finding", "Report", "Rule", "Severity"]


class Severity(enum.Enum):
    """How serious a finding is (*alvorlighed*)."""

    ERROR = "error"
    """Must be fixed: the agreement is wrong or incomplete for LBF (*fejl*)."""
    WARNING = "warning"
    """Probably wrong; check it (*advarsel*)."""
    INFO = "info"
    """Worth knowing; nothing to fix by itself (*oplysning*)."""

    @property
    def label_da(self) -> str:
        """The Danish word for the severity."""
        return {"error": "fejl", "warning": "advarsel", "info": "oplysning"}[self.value]


@frozen(kw_only=True)
class Rule:
    """A validation rule: a stable code, a severity, and its meaning and fix in both languages."""

    code: str = field(validator=attrs.validators.matches_re(r"[a-z][a-z0-9-]*"))
    severity: Severity
    title: str
    title_da: str
    fix: str
    fix_da: str
    scope: str = "agreement"


@frozen(kw_only=True)
class Finding:
    """One thing validation found.

    ``path`` points into the data as JSON path (``$.staffing.allocations[1].share``), using
    the field names of the JSON files. ``message`` is English, ``message_da`` Danish; both
    name the values involved.
    """

    code: str
    severity: Severity
    path: str
    message: str
    message_da: str

    def text(self, lang: Language = "da") -> str:
        """One line for people: severity, code, place and message in the chosen language."""
        check_option("lang", lang, Language)
        if lang == "da":
            return f"{self.severity.label_da} [{self.code}] {self.path}: {self.message_da}"
        return f"{self.severity.value} [{self.code}] {self.path}: {self.message}"


def _to_tuple(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(findings)


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@frozen(kw_only=True)
class Report:
    """Everything validation found, in the order the data was checked (*valideringsrapport*)."""

    findings: tuple[Finding, ...] = field(default=(), converter=_to_tuple)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and infos allowed)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity warning."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings of severity info."""
        return tuple(f for f in self.findings if f.severity is Severity.INFO)

    def codes(self) -> list[str]:
        """The codes of all findings, in order (handy in tests and scripts)."""
        return [f.code for f in self.findings]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def text(self, lang: Language = "da") -> str:
        """A readable report, most serious first; ``lang`` is ``"da"`` or ``"en"``."""
        check_option("lang", lang, Language)
        if not self.findings:
            return "Ingen fund." if lang == "da" else "No findings."
        ordered = sorted(self.findings, key=lambda f: _ORDER[f.severity])
        return "\n".join(f.text(lang) for f in ordered)
