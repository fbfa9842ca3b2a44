"""What reading a document could not place: the other half of a reader's answer."""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from attrs import field, frozen

from delaftale.findings import Finding
from delaftale.options import Language, check_option

__all__ = ["ParseReport", "Unplaced"]


@frozen(kw_only=True)
class Unplaced:
    """A piece of the document's content that the reader could not put in any field.

    ``location`` says where it stands in the document ("paragraph 14", "table 2, row 3,
    cell 1"), so a person can find it; ``text`` is the content, whole.
    """

    location: str
    text: str


def _unplaced(items: Iterable[Unplaced]) -> tuple[Unplaced, ...]:
    return tuple(items)


def _notes(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(items)


@frozen(kw_only=True)
class ParseReport:
    """What the reader noticed: content it could not place, and notes about the document.

    Notes are ``Finding`` objects with their own codes (listed in
    ``docs/reading.md``): a missing section, a period that could not be read, text that was
    dropped as guidance because it was highlighted, and so on.
    """

    source: str = attrs.field(default="")
    unplaced: tuple[Unplaced, ...] = field(default=(), converter=_unplaced)
    notes: tuple[Finding, ...] = field(default=(), converter=_notes)

    @property
    def complete(self) -> bool:
        """True when every piece of content found a field and nothing was noted."""
        return not self.unplaced and not self.notes

    def codes(self) -> list[str]:
        """The codes of the notes, in order."""
        return [n.code for n in self.notes]

    def text(self, lang: Language = "da") -> str:
        """A readable summary for people, in Danish (``"da"``) or English (``"en"``)."""
        check_option("lang", lang, Language)
        lines = [n.text(lang) for n in self.notes]
        for u in self.unplaced:
            label = "ikke placeret" if lang == "da" else "not placed"
            lines.append(f"{label} ({u.location}): {u.text}")
        if not lines:
            return "Alt indhold er placeret." if lang == "da" else "All content was placed."
        return "\n".join(lines)
