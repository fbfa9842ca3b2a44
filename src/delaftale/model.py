"""The typed delaftale model: frozen, keyword-only attrs classes, free of I/O.

Each class mirrors one part of Landsbyggefonden's delaftale form (see ``docs/model.md``).
The classes refuse values that can never be right (a negative share, a float where an exact
number belongs, an empty activity name); whether a well-formed agreement is *sound* for LBF
(shares within 100 %, a four-year period, every listed activity described) is the job of
``validate``, which reports instead of raising.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from delaftale.errors import DataError

__all__ = [
    "FIGURE_DIGITS",
    "Activity",
    "ActivitySection",
    "Agreement",
    "BaselineYear",
    "Block",
    "FocusArea",
    "Indicator",
    "Measurement",
    "OtherAreaShare",
    "Paragraph",
    "ParagraphKind",
    "Party",
    "Period",
    "Regulativ",
    "StaffAllocation",
    "Staffing",
    "SubGoal",
    "Table",
    "Text",
    "Unit",
    "figure_too_large",
]


# --------------------------------------------------------------------------- validators


def _doc(text: str) -> dict[str, str]:
    """Field metadata: the description that docs and JSON Schemas show for a field."""
    return {"doc": text}


def _non_blank(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValueError(f"'{attribute.name}' must not be empty or only whitespace")


FIGURE_DIGITS = (15, 10)
"""The largest figure the model takes: 15 digits before the decimal mark, 10 after.

More than any delaftale or budget states, and small enough that every figure prints in a few
characters: ``Decimal("1e-99999999")`` would print as a hundred million zeros."""


def figure_too_large(value: Decimal) -> bool:
    """Whether a Decimal has more digits than ``FIGURE_DIGITS`` allows (or is not finite)."""
    if not value.is_finite():
        return True
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    return value.adjusted() >= FIGURE_DIGITS[0] or exponent < -FIGURE_DIGITS[1]


def _finite_non_negative(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # A DataError is a ValueError as well, so callers catching ValueError still do; the
    # number is never printed whole (Decimal("1e-99999999") would be a hundred million zeros).
    if value is None:
        return
    if not value.is_finite():
        raise DataError(f"'{attribute.name}' must be a finite number, got {value!r}")
    if figure_too_large(value):
        raise DataError(
            f"'{attribute.name}' has more digits than a figure can ({FIGURE_DIGITS[0]} before "
            f"the decimal mark, {FIGURE_DIGITS[1]} after)"
        )
    if value < 0:
        raise DataError(f"'{attribute.name}' must not be negative, got {value}")
    if value.is_signed():  # Decimal("-0"): not below zero, but printed "-0" in JSON
        raise DataError(f"'{attribute.name}' must not be negative, got {value}; write 0")


def _positive_int(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < 1:
        raise ValueError(f"'{attribute.name}' must be at least 1, got {value}")


def _is_int(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # bool is an int subclass; a count of True people is a bug, not a number.
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise TypeError(f"'{attribute.name}' must be a whole number (int), got {value!r}")


def _to_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    # Lists are accepted and frozen into tuples; the field validators check the members.
    return tuple(items)


_DECIMAL = attrs.validators.instance_of(Decimal)
_OPT_DECIMAL = attrs.validators.optional(_DECIMAL)
_STR = attrs.validators.instance_of(str)
_OPT_STR = attrs.validators.optional(_STR)


def _tuple_of(kind: type | tuple[type, ...]) -> Any:
    exact = attrs.validators.deep_iterable(
        member_validator=attrs.validators.instance_of(kind),
        iterable_validator=attrs.validators.instance_of(tuple),
    )

    def validate(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        # The common case in one pass; attrs' own validator names what is wrong.
        if not (isinstance(value, tuple) and all(isinstance(v, kind) for v in value)):
            exact(inst, attribute, value)

    return validate


def _level(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # A list level: a whole number 0-8 (Word's nine levels), checked in one call.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"'{attribute.name}' must be a whole number (int), got {value!r}")
    if value < 0:
        raise ValueError(f"'{attribute.name}' must be >= 0: {value}")
    if value > 8:
        raise ValueError(f"'{attribute.name}' must be <= 8: {value}")


def _opt_non_blank(inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        _non_blank(inst, attribute, value)


# --------------------------------------------------------------------------- focus areas


class Regulativ(enum.Enum):
    """The LBF regulation a focus area belongs to (*regulativ*)."""

    R2019 = "2019"
    """Landsbyggefondens 2019-regulativ, plans from 2021 to 2029 (*2021-2029-midlerne*)."""
    R2015 = "2015"
    """The 2015-2018 funds (*2015-2018-midlerne*), the older four areas."""


class FocusArea(enum.Enum):
    """A focus area (*indsatsområde*); one delaftale per area in a plan.

    The value is the stable code used in data files. ``title`` is the Danish title as it
    stands in the form ("Delaftale for indsatsområdet <title>").
    """

    UDDANNELSE_OG_LIVSCHANCER = "uddannelse_og_livschancer"
    BESKAEFTIGELSE = "beskaeftigelse"
    KRIMINALITETSFOREBYGGELSE = "kriminalitetsforebyggelse"
    SAMMENHAENGSKRAFT_OG_MEDBORGERSKAB = "sammenhaengskraft_og_medborgerskab"
    TRYGHED_OG_TRIVSEL = "tryghed_og_trivsel"
    KRIMINALPRAEVENTIV_INDSATS = "kriminalpraeventiv_indsats"
    UDDANNELSE_OG_BESKAEFTIGELSE = "uddannelse_og_beskaeftigelse"
    FOREBYGGELSE_OG_FORAELDREANSVAR = "forebyggelse_og_foraeldreansvar"

    @property
    def title(self) -> str:
        """The Danish title, e.g. ``"Uddannelse og livschancer"``."""
        return _AREA_TITLES[self][0]

    @property
    def title_en(self) -> str:
        """An English rendering of the title, for messages in English."""
        return _AREA_TITLES[self][1]

    @property
    def regulativ(self) -> Regulativ:
        """Which LBF regulation defines this area."""
        return _AREA_TITLES[self][2]

    @classmethod
    def from_title(cls, text: str) -> FocusArea | None:
        """Find the area a title names, or ``None``.

        Accepts the Danish title with or without "Delaftale for indsatsområdet", in any case,
        with æ/ø/å or their ASCII spellings, and the stable code itself.
        """
        key = _area_key(text)
        exact, by_length = _area_keys()
        if key in exact:
            return exact[key]
        # "Delaftale for indsatsområdet Beskæftigelse" and the like. The longest title wins:
        # "... Uddannelse og beskæftigelse" also ends with "beskæftigelse".
        for ending, area in by_length:
            if key.endswith(ending):
                return area
        return None


_AREA_TITLES: dict[FocusArea, tuple[str, str, Regulativ]] = {
    FocusArea.UDDANNELSE_OG_LIVSCHANCER: (
        "Uddannelse og livschancer",
        "Education and life chances",
        Regulativ.R2019,
    ),
    FocusArea.BESKAEFTIGELSE: ("Beskæftigelse", "Employment", Regulativ.R2019),
    FocusArea.KRIMINALITETSFOREBYGGELSE: (
        "Kriminalitetsforebyggelse",
        "Crime prevention",
        Regulativ.R2019,
    ),
    FocusArea.SAMMENHAENGSKRAFT_OG_MEDBORGERSKAB: (
        "Sammenhængskraft og medborgerskab",
        "Cohesion and citizenship",
        Regulativ.R2019,
    ),
    FocusArea.TRYGHED_OG_TRIVSEL: ("Tryghed og trivsel", "Safety and well-being", Regulativ.R2015),
    FocusArea.KRIMINALPRAEVENTIV_INDSATS: (
        "Kriminalpræventiv indsats",
        "Crime-preventive work",
        Regulativ.R2015,
    ),
    FocusArea.UDDANNELSE_OG_BESKAEFTIGELSE: (
        "Uddannelse og beskæftigelse",
        "Education and employment",
        Regulativ.R2015,
    ),
    FocusArea.FOREBYGGELSE_OG_FORAELDREANSVAR: (
        "Forebyggelse og forældreansvar",
        "Prevention and parental responsibility",
        Regulativ.R2015,
    ),
}

_ASCII_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "_": " ", "-": " ", "–": " "})


@functools.cache
def _area_keys() -> tuple[dict[str, FocusArea], tuple[tuple[str, FocusArea], ...]]:
    """Each area's title and code as keys, and " <title key>" endings, longest title first.

    Worked out once, at the first title read (eight areas, not a cache that grows).
    """
    exact: dict[str, FocusArea] = {}
    for area in reversed(FocusArea):  # the first area wins a key two share, as before
        exact[_area_key(area.value)] = area
        exact[_area_key(area.title)] = area
    endings = sorted(FocusArea, key=lambda a: -len(a.title))
    return exact, tuple((" " + _area_key(a.title), a) for a in endings)


def _area_key(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).casefold().translate(_ASCII_FOLD)
    return re.sub(r"[^a-z0-9 ]", "", re.sub(r"\s+", " ", folded)).strip()


# --------------------------------------------------------------------------- text blocks


class ParagraphKind(enum.Enum):
    """What a paragraph is in the document: body text, a list item or a sub-heading."""

    BODY = "body"
    BULLET = "bullet"
    NUMBERED = "numbered"
    HEADING = "heading"


@frozen(kw_only=True)
class Paragraph:
    """One paragraph of narrative text (*brødtekst*, *punkt*, *overskrift*)."""

    text: str = field(validator=_STR, metadata=_doc("The paragraph's text, without bullet glyph."))
    kind: ParagraphKind = field(
        default=ParagraphKind.BODY,
        validator=attrs.validators.instance_of(ParagraphKind),
        metadata=_doc("body, bullet, numbered or heading."),
    )
    level: int = field(
        default=0,
        validator=_level,
        metadata=_doc("List nesting level, 0 for the outermost (Word allows 0-8)."),
    )
    footnotes: tuple[str, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(str),
        metadata=_doc("Texts of footnotes referenced in this paragraph (*fodnoter*), in order."),
    )


_PARAGRAPH_FIELDS = ("text", "kind", "level", "footnotes")


def paragraph_of(
    text: str, kind: ParagraphKind, level: int, footnotes: tuple[str, ...]
) -> Paragraph:
    """``Paragraph(text=…, kind=…, level=…, footnotes=…)``, built fast when the values are right.

    A reader makes hundreds of paragraphs a document; values of exactly the types the
    fields hold (and a level of 0-8) are set directly, which is what the validators would
    let through, without a call per field. Anything else goes through the validators.
    """
    if (
        type(text) is str
        and type(kind) is ParagraphKind
        and type(level) is int
        and 0 <= level <= 8
        and type(footnotes) is tuple
        and all(type(note) is str for note in footnotes)
    ):
        made = object.__new__(Paragraph)
        for name, value in zip(_PARAGRAPH_FIELDS, (text, kind, level, footnotes), strict=True):
            object.__setattr__(made, name, value)
        return made
    return Paragraph(text=text, kind=kind, level=level, footnotes=footnotes)


def _rows_to_tuples(rows: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(row) for row in rows)


@frozen(kw_only=True)
class Table:
    """A table inside a narrative field, e.g. the *Elementer / Indhold / Aktører* table.

    Each cell is a ``Text``, so a cell can hold several paragraphs, lists or another table.
    """

    rows: tuple[tuple[Text, ...], ...] = field(
        converter=_rows_to_tuples,
        metadata=_doc("Rows of cells; each cell is a list of blocks."),
    )

    @rows.validator
    def _check_rows(self, _attribute: attrs.Attribute[Any], rows: Any) -> None:
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if not isinstance(cell, Text):
                    raise TypeError(f"table cell [{r}][{c}] must be a Text, got {cell!r}")


Block = Paragraph | Table
"""One block of narrative text: a ``Paragraph`` or a ``Table``."""


@frozen(kw_only=True)
class Text:
    """A narrative field kept losslessly: an ordered sequence of paragraphs and tables.

    ``Text.of("a", "b")`` builds body paragraphs; ``str(text)`` gives plain text with one
    paragraph per line.
    """

    blocks: tuple[Block, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of((Paragraph, Table)),
        metadata=_doc("The paragraphs and tables, in document order."),
    )

    @classmethod
    def of(cls, *paragraphs: str | Block) -> Text:
        """Build a Text from strings (body paragraphs) and blocks."""
        return cls(blocks=tuple(Paragraph(text=p) if isinstance(p, str) else p for p in paragraphs))

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph, including those inside table cells, in document order."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block
            else:
                for row in block.rows:
                    for cell in row:
                        yield from cell.paragraphs()

    def __str__(self) -> str:
        return "\n".join(p.text for p in self.paragraphs())


# --------------------------------------------------------------------------- basic fields


@frozen(kw_only=True)
class Period:
    """The period the agreement runs (*Delaftalen gælder fra - til*), both days included.

    ``start`` and ``end`` are the truth; ``text`` only keeps the author's wording so that a
    document read and written again still says "1/11-2025 til 31/10-2029". Two periods with
    the same days are equal whatever their wording.
    """

    start: date = field(
        validator=attrs.validators.instance_of(date), metadata=_doc("First day (fra).")
    )
    end: date = field(
        validator=attrs.validators.instance_of(date), metadata=_doc("Last day (til).")
    )
    text: str | None = field(
        default=None,
        eq=False,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc(
            "The period as worded in the document ('1/11-2025 til 31/10-2029'); written back "
            "while it states start and end, else the dates are. Not part of equality."
        ),
    )

    def months(self) -> int:
        """Whole months covered, the last day included: 1/11-2025 to 31/10-2029 is 48."""
        after = date.fromordinal(self.end.toordinal() + 1)
        months = (after.year - self.start.year) * 12 + after.month - self.start.month
        return months - 1 if after.day < self.start.day else months


@frozen(kw_only=True)
class Party:
    """One party to the agreement (*delaftalens parter*).

    The form asks for "the organisations and functions responsible", usually written
    "unit, organisation, role": ``Center for Beskæftigelse og Erhverv, Ishøj Kommune,
    Centerchef``. Text that does not have that shape is kept whole in ``name``.
    """

    name: str = field(
        validator=[_STR, _non_blank],
        metadata=_doc("The unit or function, or the whole text when it cannot be split."),
    )
    organisation: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc("The organisation (organisation), e.g. 'Ishøj Kommune'."),
    )
    role: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc("The responsible role (funktion), e.g. 'Centerchef'."),
    )

    def __str__(self) -> str:
        return ", ".join(p for p in (self.name, self.organisation, self.role) if p)


# --------------------------------------------------------------------------- delmål


class Unit(enum.Enum):
    """The unit of a measured value."""

    PERCENT = "percent"
    """A share in percent: "61,21 %"."""
    COUNT = "count"
    """A number of people or things: "50 elever"."""
    NUMBER = "number"
    """Any other number: an average, a grade, an amount."""


@frozen(kw_only=True)
class Measurement:
    """A baseline or comparison figure (*baseline*, *evt. anden baseline*).

    ``text`` always holds what the document says. ``value``/``unit`` and ``count`` hold the
    numbers parsed from it ("4,6% / 50 elever" is 4.6 percent and a count of 50); they are
    ``None`` where the text states no number, or where it states several and picking one
    would be a guess. ``pending`` marks a baseline still to be measured ("Udfyldes første
    hele kalenderår af helhedsplanen").
    """

    text: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc("The figure as written in the document; null when built from data."),
    )
    value: Decimal | None = field(
        default=None,
        validator=[_OPT_DECIMAL, _finite_non_negative],
        metadata=_doc("The main number, exact (61,21 % is 61.21)."),
    )
    unit: Unit | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Unit)),
        metadata=_doc("percent, count or number; null when there is no value."),
    )
    count: int | None = field(
        default=None,
        validator=[_is_int, attrs.validators.optional(attrs.validators.ge(0))],
        metadata=_doc("Number of people behind a percentage ('50 elever'), when stated once."),
    )
    pending: bool = field(
        default=False,
        validator=attrs.validators.instance_of(bool),
        metadata=_doc("True when the figure is still to be measured (udfyldes senere)."),
    )

    def __attrs_post_init__(self) -> None:
        if (self.unit is None) != (self.value is None):
            raise ValueError("'value' and 'unit' must both be given or both be null")
        if self.text is None and self.value is None and not self.pending:
            raise ValueError("a measurement needs its 'text', a 'value', or 'pending': true")


@frozen(kw_only=True)
class BaselineYear:
    """When a baseline was measured (*baseline år*).

    ``text`` keeps the wording ("Skoleåret 2019/2020", "2021, ultimo februar"); ``year`` is
    the first calendar year it names and ``end_year`` the last, for school years.
    """

    text: str = field(validator=[_STR, _non_blank], metadata=_doc("The year as written."))
    year: int | None = field(
        default=None,
        validator=[_is_int, attrs.validators.optional(attrs.validators.ge(1900))],
        metadata=_doc("The (first) calendar year named."),
    )
    end_year: int | None = field(
        default=None,
        validator=[_is_int, attrs.validators.optional(attrs.validators.ge(1900))],
        metadata=_doc("The last calendar year named, for a span such as a school year."),
    )

    @end_year.validator
    def _end_after_year(self, _attribute: attrs.Attribute[Any], end_year: int | None) -> None:
        if end_year is not None and (self.year is None or end_year < self.year):
            raise ValueError("'end_year' needs 'year' and must not be before it")


@frozen(kw_only=True)
class Indicator:
    """An indicator (*indikator*): a measurable variable that shows whether a delmål is met."""

    description: str = field(
        validator=[_STR, _non_blank], metadata=_doc("What is measured (Indikator).")
    )
    baseline: Measurement | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Measurement)),
        metadata=_doc("Baseline boligområde/målgruppe."),
    )
    comparison: Measurement | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Measurement)),
        metadata=_doc("Evt. anden baseline, usually the municipality's figure."),
    )
    baseline_year: BaselineYear | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(BaselineYear)),
        metadata=_doc("Baseline år."),
    )
    data_source: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc("Datakilde, e.g. 'LBF - Boligsociale Data'."),
    )
    id: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc(
            "A stable id for the annual follow-up, kept when a revision renumbers the delmål; "
            "null means the indicator is known by its numbers ('2.1': delmål 2, indicator 1). "
            "Not part of the Word form."
        ),
    )

    @id.validator
    def _id_not_numbers(self, _attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and re.fullmatch(r"\s*\d+\s*\.\s*\d+\s*", value):
            raise ValueError(
                f"'id' {value!r} looks like the numbers of an indicator ('2.1' is delmål 2, "
                "indicator 1) and would be taken for another one; use a word, "
                "e.g. 'udd-gennemfoert'"
            )


@frozen(kw_only=True)
class SubGoal:
    """A sub-goal (*delmål*): a step towards the strategic agreement's overall goals."""

    title: str = field(validator=[_STR, _non_blank], metadata=_doc("The delmål as written."))
    indicators: tuple[Indicator, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(Indicator),
        metadata=_doc("The indicators that follow it (one table row each)."),
    )
    goals: tuple[str, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(str),
        metadata=_doc("Ids of catalogue goals it serves, e.g. 'lbf-2019:beskaeftigelse:1'."),
    )


# --------------------------------------------------------------------------- activities


@frozen(kw_only=True)
class ActivitySection:
    """An extra, named section of an activity schema that the form does not have.

    Practitioners add fields such as "Rekruttering" or "Kilde"; they are kept with their
    heading so nothing is lost.
    """

    title: str = field(
        validator=[_STR, _non_blank], metadata=_doc("The heading, e.g. Rekruttering.")
    )
    body: Text = field(
        factory=Text,
        validator=attrs.validators.instance_of(Text),
        metadata=_doc("The section's text."),
    )


@frozen(kw_only=True)
class Activity:
    """One activity schema (*aktivitetsskema*): one per activity the agreement lists."""

    name: str = field(validator=[_STR, _non_blank], metadata=_doc("Aktivitetsnavn."))
    name_note: Text = field(
        factory=Text,
        validator=attrs.validators.instance_of(Text),
        metadata=_doc("Notes written under the name, e.g. which CFBU type the activity matches."),
    )
    purpose: Text = field(
        factory=Text, validator=attrs.validators.instance_of(Text), metadata=_doc("Formål.")
    )
    target_group: Text = field(
        factory=Text, validator=attrs.validators.instance_of(Text), metadata=_doc("Målgruppe(r).")
    )
    content: Text = field(
        factory=Text,
        validator=attrs.validators.instance_of(Text),
        metadata=_doc("Indhold og praksis."),
    )
    responsibilities: Text = field(
        factory=Text,
        validator=attrs.validators.instance_of(Text),
        metadata=_doc("Ansvars- og rollefordeling."),
    )
    extra_sections: tuple[ActivitySection, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(ActivitySection),
        metadata=_doc("Fields added to the form, such as Rekruttering, in document order."),
    )


# --------------------------------------------------------------------------- staffing


@frozen(kw_only=True)
class OtherAreaShare:
    """A share of the same staff that a staff line says is used in another area.

    From "De samme medarbejdere arbejder med brobygning til fritidslivet 40% (beskrevet i
    delaftalen for kriminalitetsforebyggelse)".
    """

    share: Decimal = field(
        validator=[_DECIMAL, _finite_non_negative], metadata=_doc("Percent of the position(s).")
    )
    description: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc("What the staff do there, e.g. 'brobygning til fritidslivet'."),
    )
    focus_area: FocusArea | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(FocusArea)),
        metadata=_doc("The area whose delaftale describes that work, when named."),
    )


@frozen(kw_only=True)
class StaffAllocation:
    """One staff line (*medarbejderressource*): who, and how much of their time, in this area.

    "2 boligsociale medarbejdere (ansat på samlet 70 timer): 15 % af stillingerne til sammen"
    is ``count=2``, ``weekly_hours=70`` (for all of them together), ``share=15``.
    ``text`` keeps the line as written; a line the parser could not read has only ``text``.
    """

    text: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc("The staff line as written; null when built from data."),
    )
    title: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc("The position, e.g. 'Boligsocial leder'."),
    )
    count: int = field(
        default=1,
        validator=[_is_int, _positive_int],
        metadata=_doc("How many people hold the position(s)."),
    )
    weekly_hours: Decimal | None = field(
        default=None,
        validator=[_OPT_DECIMAL, _finite_non_negative],
        metadata=_doc("Weekly hours of all the positions together (ansat på ... timer)."),
    )
    share: Decimal | None = field(
        default=None,
        validator=[_OPT_DECIMAL, _finite_non_negative],
        metadata=_doc("Percent of the position(s) used in this area."),
    )
    area_hours: Decimal | None = field(
        default=None,
        validator=[_OPT_DECIMAL, _finite_non_negative],
        metadata=_doc("Weekly hours used in this area, when the line gives hours, not percent."),
    )
    other_areas: tuple[OtherAreaShare, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(OtherAreaShare),
        metadata=_doc("Shares of the same staff stated for other areas."),
    )

    def __attrs_post_init__(self) -> None:
        if self.text is None and self.title is None:
            raise ValueError("a staff allocation needs its 'text' as written, or a 'title'")

    @property
    def hours_in_area(self) -> Decimal | None:
        """Weekly hours used in this area: stated hours, or hours × share when both are known."""
        if self.area_hours is not None:
            return self.area_hours
        if self.weekly_hours is None or self.share is None:
            return None
        return self.weekly_hours * self.share / Decimal(100)

    @property
    def parsed(self) -> bool:
        """Whether the line was understood: a position and a share or hours in this area."""
        return self.title is not None and (self.share is not None or self.area_hours is not None)


@frozen(kw_only=True)
class Staffing:
    """The staff resources of the focus area (*medarbejderressourcer for indsatsområdet*)."""

    area_weight: Decimal | None = field(
        default=None,
        validator=[_OPT_DECIMAL, _finite_non_negative],
        metadata=_doc("Percent: 'Indsatsområdet vægtes overordnet 14 %'."),
    )
    allocations: tuple[StaffAllocation, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(StaffAllocation),
        metadata=_doc("The staff lines, in document order."),
    )
    note: Text = field(
        factory=Text,
        validator=attrs.validators.instance_of(Text),
        metadata=_doc("Other text in the section that is not a staff line."),
    )


# --------------------------------------------------------------------------- agreement


@frozen(kw_only=True)
class Agreement:
    """A delaftale: the partial agreement for one focus area of a boligsocial helhedsplan.

    Fields follow the form in order. Only ``focus_area`` is required, so a draft (or a
    document with a section missing) can be modelled while it is being filled in;
    ``validate`` says what is missing.
    """

    focus_area: FocusArea = field(
        validator=attrs.validators.instance_of(FocusArea),
        metadata=_doc("Indsatsområde, from the title 'Delaftale for indsatsområdet ...'."),
    )
    initiative: str | None = field(
        default=None,
        validator=[_OPT_STR, _opt_non_blank],
        metadata=_doc("Navn på den boligsociale indsats, som delaftalen vedrører."),
    )
    initiative_description: Text = field(
        factory=Text,
        validator=attrs.validators.instance_of(Text),
        metadata=_doc("Further text under the initiative's name, such as a motto."),
    )
    period: Period | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Period)),
        metadata=_doc("Delaftalen gælder fra - til."),
    )
    draft_date: date | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(date)),
        metadata=_doc("Date of the draft line 'Udkast: 01 09 2025'; null for a final text."),
    )
    parties: tuple[Party, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(Party),
        metadata=_doc("Delaftalens parter."),
    )
    sub_goals: tuple[SubGoal, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(SubGoal),
        metadata=_doc("Delmål og indikatorer for indsatsområdet."),
    )
    activity_names: tuple[str, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(str),
        metadata=_doc("The list of activities the agreement covers (Aktiviteter, ...)."),
    )
    staffing: Staffing = field(
        factory=Staffing,
        validator=attrs.validators.instance_of(Staffing),
        metadata=_doc("Medarbejderressourcer for indsatsområdet."),
    )
    municipal_context: Text = field(
        factory=Text,
        validator=attrs.validators.instance_of(Text),
        metadata=_doc("Sammenhæng med den kommunale indsats i boligområdet."),
    )
    revision: Text = field(
        factory=Text,
        validator=attrs.validators.instance_of(Text),
        metadata=_doc("Revision af delaftalen."),
    )
    activities: tuple[Activity, ...] = field(
        default=(),
        converter=_to_tuple,
        validator=_tuple_of(Activity),
        metadata=_doc("One schema per activity (ét skema pr. aktivitet)."),
    )

    @activity_names.validator
    def _names_not_blank(self, _attribute: attrs.Attribute[Any], names: tuple[str, ...]) -> None:
        for i, name in enumerate(names):
            if not name.strip():
                raise ValueError(f"'activity_names[{i}]' must not be empty")

    @property
    def title(self) -> str:
        """The document title, "Delaftale for indsatsområdet <area>"."""
        return f"Delaftale for indsatsområdet {self.focus_area.title}"


for _cls in (Paragraph, Table, Text, Activity, ActivitySection, Agreement):
    attrs.resolve_types(_cls, globals(), locals())
