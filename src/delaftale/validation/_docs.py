"""The rule catalogue as Markdown, for docs/rules.md."""

from __future__ import annotations

from delaftale.validation._rules import RULES

__all__ = ["rules_markdown"]

_HEADER = """\
# Validation rules / Valideringsregler

Generated from `delaftale.validation.RULES` by `python -m delaftale.validation docs/rules.md`;
a test fails when this file and the code differ.

Every finding has a stable `code`, a `severity` (`error` must be fixed, `warning` should be
checked, `info` is worth knowing), a `path` into the data (`$.staffing.allocations[1].share`)
and a message in Danish and English that names the values involved. `validate()` never raises
on bad data: a report with no errors has `report.ok == True`.

| code | severity | meaning | betydning |
|---|---|---|---|
"""


def rules_markdown() -> str:
    """The catalogue: a summary table, then each rule's meaning and fix in both languages."""
    lines = [_HEADER.rstrip("\n")]
    for r in RULES.values():
        lines.append(f"| [`{r.code}`](#{r.code}) | {r.severity.value} | {r.title} | {r.title_da} |")
    for r in RULES.values():
        lines += [
            "",
            f"## {r.code}",
            "",
            f"Severity / alvorlighed: **{r.severity.value}** ({r.severity.label_da}).",
            "",
            f"- **Meaning:** {r.title}.",
            f"- **How to fix:** {r.fix}",
            f"- **Betydning:** {r.title_da}.",
            f"- **Sådan rettes det:** {r.fix_da}",
        ]
    return "\n".join(lines) + "\n"
