"""Danish notation: numbers, percents, dates, periods, baselines, parties and staff lines.

Two kinds of function live here:

* strict parsers (``parse_decimal``, ``parse_percent``, ``parse_date``, ``parse_period``) for
  text that must be a value; they raise ``NotationError`` naming the
  text and the expected form;
* lenient readers of free text (``parse_measurement``, ``parse_baseline_year``,
  ``parse_party``, ``parse_staff_line``) that always keep the original text and fill the
  structured fields only where the text is unambiguous. Nothing is guessed silently: what is
  not understood stays ``None`` next to its text, and validation says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

import attrs

from delaftale._regex import compiled
from delaftale.errors import FigureTooLargeError, NotationError
from delaftale.followup import Observation
from delaftale.model import (
    FIGURE_DIGITS,
    BaselineYear,
    FocusArea,
    Measurement,
    OtherAreaShare,
    Party,
    Period,
    StaffAllocation,
    Unit,
    figure_too_large,
)

__all__ = [
    "MONTHS",
    "Worded",
    "described_elsewhere",
    "format_baseline_year",
    "format_change",
    "format_date",
    "format_decimal",
    "format_figure",
    "format_measurement",
    "format_observation",
    "format_percent",
    "format_period",
    "format_staff_line",
    "parse_area_weight",
    "parse_baseline_year",
    "parse_date",
    "parse_decimal",
    "parse_draft_line",
    "parse_measurement",
    "parse_party",
    "parse_percent",
    "parse_period",
    "parse_staff_line",
    "wording_differences",
]

MONTHS: tuple[str, ...] = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
"""Danish month names, January first."""

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})

# A Danish number: 61,21 | 5.526 | 1.234.567,5 | 7 | 81,40 | and, leniently, 61.21.
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
# Where free text is searched for a number, the number must start where no number goes on:
# not right after a digit, nor after a digit and a mark ("1.234.5 %" holds no 5 %). Besides
# being right, this keeps every search linear: a pattern that may start at each position of a
# long run of digits would otherwise scan the rest of the run from each of them (quadratic).
_STARTS = r"(?<!\d)(?<!\d[.,])"


_NUMBER_RE = compiled(rf"(?<![\d,.])(?:{_NUMBER})(?![\d])")
_PERCENT_RE = compiled(rf"(?<![\d,.])({_NUMBER})\s?(?:%|procent\b|pct\.?)", re.IGNORECASE)


def _require_text(text: str, what: str) -> str:
    cleaned = _clean(text)
    if not cleaned:
        raise NotationError(
            f"An empty text is not {what}; leave the field out (null) when it is not stated."
        )
    return cleaned


def _clean(text: str) -> str:
    """NFC, dashes folded, non-breaking and repeated spaces made single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


# --------------------------------------------------------------------------- numbers


def parse_decimal(text: str) -> Decimal:
    """Parse a Danish number exactly: ``"61,21"`` → 61.21, ``"5.526"`` → 5526.

    A comma is the decimal mark and dots group thousands. Without a comma, dots followed by
    groups of exactly three digits are thousands ("1.505" is 1505); any other single dot is
    read as a decimal point ("61.21"), as people sometimes write.
    """
    cleaned = _clean(text).replace(" ", "")
    if cleaned.startswith("-"):
        raise NotationError(f"{text!r} is negative; delaftale figures are never below zero")
    if not re.fullmatch(_NUMBER, cleaned):
        raise NotationError(
            f"{text!r} is not a Danish number; write it like 61,21 or 5.526 (tal som 61,21)"
        )
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise NotationError(f"{text!r} is not a number") from exc
    if figure_too_large(value):
        raise FigureTooLargeError(
            f"{text[:30]!r} has more digits than a figure can ({FIGURE_DIGITS[0]} before the "
            f"decimal mark, {FIGURE_DIGITS[1]} after)"
        )
    return value


def parse_percent(text: str) -> Decimal:
    """Parse a percentage such as ``"61,21 %"``, ``"4,6%"`` or ``"37 procent"`` → Decimal."""
    cleaned = _clean(text)
    match = re.fullmatch(rf"({_NUMBER})\s?(?:%|procent|pct\.?)", cleaned, re.IGNORECASE)
    if not match:
        raise NotationError(f"{text!r} is not a percentage; write it like 61,21 % (procent)")
    return parse_decimal(match.group(1))


def format_decimal(value: Decimal, *, grouping: bool = True) -> str:
    """Format a Decimal the Danish way, exactly as stored: 61.21 → ``"61,21"``, 5526 → ``"5.526"``.

    Trailing zeros are kept (81.40 → ``"81,40"``), as the document wrote them.
    """
    sign = "-" if value < 0 else ""
    plain = format(abs(value), "f")
    whole, _, fraction = plain.partition(".")
    if grouping and len(whole) > 3:
        head = len(whole) % 3 or 3  # groups of three from the right, in one pass
        whole = ".".join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))])
    return sign + whole + ("," + fraction if fraction else "")


def format_percent(value: Decimal) -> str:
    """Format a percentage: Decimal("61.21") → ``"61,21 %"``."""
    return f"{format_decimal(value)} %"


def format_figure(value: Decimal, unit: Unit | None) -> str:
    """A follow-up figure in its unit: 61.21 percent → ``"61,21 %"``, 1234 → ``"1.234"``."""
    return format_percent(value) if unit is Unit.PERCENT else format_decimal(value)


def format_observation(
    observation: Observation, unit: Unit | None = None, *, lang: str = "da"
) -> str:
    """A follow-up figure as people read it: ``"63,10 %"``, ``"72 % (36 personer)"``.

    A count alone is ``"14 personer"``; a bare value is shown in ``unit`` (its baseline's).
    """
    people = "personer" if lang == "da" else "people"
    if observation.value is None:
        return f"{format_decimal(Decimal(observation.count or 0))} {people}"
    shown = format_figure(observation.value, observation.unit or unit)
    if observation.count is None:
        return shown
    return f"{shown} ({format_decimal(Decimal(observation.count))} {people})"


def format_change(change: Decimal, unit: Unit | None, *, lang: str = "da") -> str:
    """A change from a baseline, signed: ``"+2,29 procentpoint"`` for a share, ``"-3"`` else.

    A share changes by percentage points (*procentpoint*), not by percent.
    """
    sign = "+" if change > 0 else ""
    number = sign + format_decimal(change)
    if unit is Unit.PERCENT:
        return f"{number} {'procentpoint' if lang == 'da' else 'percentage points'}"
    return number


# --------------------------------------------------------------------------- dates


def _month_number(name: str) -> int | None:
    name = name.casefold().rstrip(".")
    for i, month in enumerate(MONTHS, start=1):
        if len(name) >= 3 and month.startswith(name):
            return i
    return None


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise NotationError(f"{text!r} is not a real date ({exc})") from exc


def parse_date(text: str) -> date:
    """Parse a Danish date as the forms write them.

    Accepts ``1/11-2025``, ``1/11–2025``, ``1/11 2025``, ``01/11/2025``, ``1.11.2025``,
    ``01 09 2025``, ``1-11-2025``, ``1. november 2025``, ``1 nov. 2025`` and ISO
    ``2025-11-01``.
    """
    cleaned = _clean(text).rstrip(".,:; ")
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", cleaned)
    if iso:
        return _make_date(int(iso[1]), int(iso[2]), int(iso[3]), text)
    numeric = re.fullmatch(r"(\d{1,2})\s?[/.\- ]\s?(\d{1,2})\s?[/.\- ]\s?(\d{4})", cleaned)
    if numeric:
        return _make_date(int(numeric[3]), int(numeric[2]), int(numeric[1]), text)
    named = re.fullmatch(r"(\d{1,2})\.? ?([A-Za-zæøåÆØÅ]+)\.? (\d{4})", cleaned)
    if named:
        month = _month_number(named[2])
        if month is not None:
            return _make_date(int(named[3]), month, int(named[1]), text)
    raise NotationError(
        f"{text!r} is not a date; write it like 1/11-2025 or 1. november 2025 (dato)"
    )


def format_date(value: date, *, style: str = "long") -> str:
    """Format a date: ``"1. november 2025"`` (``style="long"``) or ``"1/11-2025"`` (``"short"``)."""
    if style == "long":
        return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"
    if style == "short":
        return f"{value.day}/{value.month}-{value.year}"
    raise ValueError(f"style must be 'long' or 'short', not {style!r}")


def parse_period(text: str) -> Period:
    """Parse a period as "Delaftalen gælder fra - til" states it.

    Accepts ``1/11-2025 til 31/10-2029``, the same with an en dash inside a date
    (``1/11–2025``), and ``1. september 2021 – 31. august 2025``.
    """
    cleaned = _clean(text)
    cleaned = re.sub(r"^(?:fra|fra og med)\s+", "", cleaned, flags=re.IGNORECASE)
    parts = re.split(r"\s+til(?: og med)?\s+", cleaned, flags=re.IGNORECASE)
    if len(parts) != 2:
        parts = re.split(r"\s+-\s+", cleaned)
    if len(parts) != 2:
        raise NotationError(
            f"{text!r} is not a period; write it like 1/11-2025 til 31/10-2029 (periode)"
        )
    return Period(start=parse_date(parts[0]), end=parse_date(parts[1]), text=text.strip() or None)


def format_period(period: Period, *, style: str | None = None) -> str:
    """The period to print: the author's wording while it states the days, else the days.

    ``"1/11-2025 til 31/10-2029"`` stays as written while start and end are those days;
    otherwise (or without wording) the days are formatted in the wording's own style
    (``"1/11-2025 til …"`` for numeric wording, ``"1. november 2025 til …"`` otherwise), or in
    ``style`` ("long" or "short") when given.
    """
    if style is None and period.text is not None:
        if not wording_differences(period):
            return period.text
        style = "short" if re.search(r"\d\s?/\s?\d", period.text) else "long"
    style = style or "long"
    return f"{format_date(period.start, style=style)} til {format_date(period.end, style=style)}"


def parse_draft_line(text: str) -> date | None:
    """Read the draft line ``"Udkast: 01 09 2025"``; ``None`` when the text is not one."""
    match = re.fullmatch(r"udkast\s*(?:af|pr\.)?\s*:?\s*(.+)", _clean(text), re.IGNORECASE)
    if not match:
        return None
    try:
        return parse_date(match.group(1))
    except NotationError:
        return None


# --------------------------------------------------------------------------- baselines

_PENDING_RE = compiled(
    r"\b(udfyldes|afventer|endnu ikke|fastsættes|opgøres (?:ved|i|efter|første)|"
    r"foreligger ikke|kendes ikke|ikke tilgængelig)",
    re.IGNORECASE,
)
# Words that make a number a count of people or things ("50 elever", "5.526 unge").
_COUNT_NOUNS = (
    r"elever|elev|unge|ung|børn|barn|voksne|personer|person|beboere|beboer|borgere|borger|"
    r"familier|familie|husstande|husstand|deltagere|deltager|forældre|medarbejdere|"
    r"lejemål|boliger|sager|forløb|ansatte|kvinder|mænd|drenge|piger"
)
_COUNT_RE = compiled(rf"(?<![\d,.\-])({_NUMBER})\s+(?:{_COUNT_NOUNS})\b", re.IGNORECASE)


def parse_measurement(text: str) -> Measurement:
    """Read a baseline or comparison cell, keeping its text.

    ``"61,21 % af de 18-29-årige …"`` → 61.21 percent; ``"4,6% 50 elever"`` → 4.6 percent,
    count 50; ``"5.526 unge"`` → 5526 count; ``"Udfyldes første hele kalenderår af
    helhedsplanen"`` → pending. Where the text states two percentages or two counts the
    corresponding field stays ``None``: choosing one would be a guess.
    """
    try:
        return _parse_measurement(text)
    except NotationError:
        if not _clean(text):
            raise
        return Measurement(text=text.strip())  # a figure too long to be one: text only


def _parse_measurement(text: str) -> Measurement:
    cleaned = _require_text(text, "a baseline")
    pending = bool(_PENDING_RE().search(cleaned))
    percents = _PERCENT_RE().findall(cleaned)
    counts = [parse_decimal(n) for n in _COUNT_RE().findall(cleaned)]
    count = int(counts[0]) if len(counts) == 1 and counts[0] == counts[0].to_integral() else None
    value: Decimal | None = None
    unit: Unit | None = None
    if len(percents) == 1:
        value, unit = parse_decimal(percents[0]), Unit.PERCENT
    elif not percents and count is not None:
        value, unit, count = Decimal(count), Unit.COUNT, None
    elif not percents and not counts:
        numbers = _NUMBER_RE().findall(cleaned)
        if len(numbers) == 1 and re.fullmatch(rf"(?:{_NUMBER})\s*[^\d]{{0,20}}", cleaned):
            value, unit = parse_decimal(numbers[0]), Unit.NUMBER
    return Measurement(
        text=text.strip() or None,
        value=value,
        unit=unit,
        count=count,
        pending=pending and value is None,
    )


def format_measurement(measurement: Measurement) -> str:
    """The text to show for a measurement; it never states a figure the values do not hold.

    The author's wording while it states the value, count and pending flag; the wording with
    its figures changed where that is unambiguous ("61,21 % af de 18-29-årige …" with the
    value 50 becomes "50 % af de 18-29-årige …"); else the canonical text made from the values.
    """
    text = measurement.text
    if text is not None:
        if not wording_differences(measurement):
            return text
        stated = parse_measurement(text)
        if stated.unit is measurement.unit:
            updated = _retarget(
                text,
                [
                    (stated.value, measurement.value, format_decimal),
                    (_dec(stated.count), _dec(measurement.count), format_decimal),
                ],
            )
            if updated is not None:
                candidate = attrs.evolve(measurement, text=updated)
                if not wording_differences(candidate):
                    return updated
    return _canonical_measurement(measurement)


def _canonical_measurement(measurement: Measurement) -> str:
    if measurement.value is None:
        return "Udfyldes første hele kalenderår af helhedsplanen"
    if measurement.unit is Unit.PERCENT:
        shown = format_percent(measurement.value)
    else:
        shown = format_decimal(measurement.value)
    if measurement.count is not None:
        shown += f" ({format_decimal(Decimal(measurement.count))})"
    return shown


def parse_baseline_year(text: str) -> BaselineYear:
    """Read "Baseline år": ``"2023"``, ``"Skoleåret 2019/2020"``, ``"2021, ultimo februar"``."""
    cleaned = _require_text(text, "a baseline year")
    span = re.search(r"\b((?:19|20)\d{2})\s?[/-]\s?((?:19|20)?\d{2})\b", cleaned)
    if span:
        first = int(span[1])
        last = int(span[2]) if len(span[2]) == 4 else first // 100 * 100 + int(span[2])
        if last >= first:
            return BaselineYear(text=cleaned, year=first, end_year=last if last != first else None)
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", cleaned)]
    if len(years) == 1:
        return BaselineYear(text=cleaned, year=years[0])
    return BaselineYear(text=cleaned)


# --------------------------------------------------------------------------- parties


def parse_party(text: str) -> Party:
    """Read a party line: "unit, organisation, role" when it has exactly that shape.

    ``"Center for Kultur og Fritid, Ishøj Kommune, Centerchef"`` splits in three; any other
    shape (a list of schools, "Socialpsykiatrien /Udsatteteam") is kept whole as the name.
    """
    cleaned = _require_text(text, "a party")
    parts = [p.strip() for p in cleaned.split(",")]
    if len(parts) == 3 and all(parts) and len(parts[2].split()) <= 4:
        return Party(name=parts[0], organisation=parts[1], role=parts[2])
    return Party(name=cleaned)


# --------------------------------------------------------------------------- staffing

# The area's words and the "(fælles … - " before them are bounded: unbounded, each of many
# "beskrevet i delaftalen" or "(fælles" in one long run of words would scan the rest of the
# run (quadratic). An area's title, with "indsatsområdet" and a few words before it, is far
# shorter than _AREA_CHARS.
_AREA_CHARS = 150
_ELSEWHERE_RE = compiled(
    r"(?:beskrevet|beskrives)\s+(?:i|under)\s+(?:delaftalen|indsatsområdet|delaftale)\s+"
    r"(?:for\s+|om\s+)?"
    rf"(?P<area>[A-Za-zæøåÆØÅ][\w æøåÆØÅ-]{{0,{_AREA_CHARS}}}?)\s*(?:\)|\.|,|$)"
    rf"|\((?:fælles .{{0,{_AREA_CHARS}}}?- )?\s*delaftale(?:n)?\s+(?:for\s+)?"
    rf"(?P<area2>[A-Za-zæøåÆØÅ][\w æøåÆØÅ-]{{0,{_AREA_CHARS}}}?)\)",
    re.IGNORECASE,
)


def described_elsewhere(text: str) -> FocusArea | None:
    """The area named in "(beskrevet i delaftalen for kriminalitetsforebyggelse)", if any."""
    for match in _ELSEWHERE_RE().finditer(_clean(text)):
        area = FocusArea.from_title(match.group("area") or match.group("area2"))
        if area is not None:
            return area
    return None


def parse_area_weight(text: str) -> Decimal | None:
    """Read "Indsatsområdet vægtes overordnet 14 %" → 14; ``None`` when the line is not one."""
    match = re.search(
        rf"vægte[st]\s+(?:overordnet\s+)?(?:med\s+)?({_NUMBER})\s?%", _clean(text), re.IGNORECASE
    )
    if not match:
        return None
    try:
        return parse_decimal(match.group(1))
    except NotationError:
        return None


_HOURS = r"(?:ansat\s+)?(?:på\s+)?(?:samlet\s+|i alt\s+)?(?P<hours>" + _NUMBER + r")\s+timer"
# The title is lazy and may hold digits, so the share or hours after it is tried at every
# position of the line: ``_STARTS`` makes each try inside a run of digits fail at once. The
# count has at most 15 digits (``FIGURE_DIGITS``); a longer one is no count (and could not
# even be made an int).
_MAIN_RE = compiled(
    rf"^(?:(?P<count>\d{{1,{FIGURE_DIGITS[0]}}})\s+)?(?P<title>[^():%\d][^():%]*?)\s*"
    rf"(?:\(\s*{_HOURS}[^)]*\))?\s*:?\s*"
    rf"(?:{_STARTS}(?P<share>{_NUMBER})\s?%|{_STARTS}(?P<area_hours>{_NUMBER})\s+timer)"
    r"(?:\s+(?:af\s+(?:stillingen|stillingerne|tiden|arbejdstiden)(?:\s+til\s+sammen)?|"
    r"om ugen|ugentligt))?\s*$",
    re.IGNORECASE,
)
_OTHER_RE = compiled(
    r"^(?:de\s+samme|samme)\s+medarbejder(?:e)?\s+(?:arbejder|bruger|anvender)\s+"
    r"(?:med|i|på|til)?\s*(?P<desc>.*?)\s*" + _STARTS + r"(?P<share>" + _NUMBER + r")\s?%"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def parse_staff_line(text: str) -> StaffAllocation:
    """Read one staff line of "Medarbejderressourcer for indsatsområdet".

    Understands, among others::

        Boligsocial leder (ansat på 37 timer): 25 % af stillingen
        2 boligsociale medarbejdere (ansat på samlet 70 timer): 15 % af stillingerne til sammen
        Projektleder 37%
        2 skole-hjem koordinatorer 60%. De samme medarbejdere arbejder med brobygning til
        fritidslivet 40% (beskrevet i delaftalen for kriminalitetsforebyggelse)

    A line it cannot read completely comes back with only ``text``: no share is guessed.
    """
    try:
        return _parse_staff_line(text)
    except NotationError:
        cleaned = re.sub(r"^(?:[-•\u2022\uf0b7*–]\s*)", "", _clean(text))
        if not cleaned:
            raise
        return StaffAllocation(text=text.strip())  # a figure too long to be one: text only


def _parse_staff_line(text: str) -> StaffAllocation:
    cleaned = re.sub(r"^(?:[-•\u2022\uf0b7*–]\s*)", "", _require_text(text, "a staff line"))
    boundary = r"(?<=%)\.\s+|(?<=%\))\.?\s+|\.\s+(?=(?:de |den )?samme medarbejder)"
    sentences = [s.strip() for s in re.split(boundary, cleaned, flags=re.IGNORECASE) if s.strip()]
    if not sentences:
        raise NotationError(f"{text!r} is only a bullet, not a staff line")
    main = _MAIN_RE().match(sentences[0].rstrip("."))
    others: list[OtherAreaShare] = []
    for sentence in sentences[1:]:
        other = _OTHER_RE().match(sentence.rstrip("."))
        if not other or _PERCENT_RE().search(other.group("rest")):
            return StaffAllocation(text=text.strip())
        others.append(
            OtherAreaShare(
                share=parse_decimal(other.group("share")),
                description=other.group("desc").strip() or None,
                focus_area=described_elsewhere(other.group("rest")),
            )
        )
    if not main or int(main.group("count") or 1) < 1:
        return StaffAllocation(text=text.strip())  # "0 medarbejdere" is not a position
    return StaffAllocation(
        text=text.strip(),
        title=main.group("title").strip(),
        count=int(main.group("count") or 1),
        weekly_hours=parse_decimal(main.group("hours")) if main.group("hours") else None,
        share=parse_decimal(main.group("share")) if main.group("share") else None,
        area_hours=parse_decimal(main.group("area_hours")) if main.group("area_hours") else None,
        other_areas=tuple(others),
    )


def format_staff_line(allocation: StaffAllocation) -> str:
    """The line to print for an allocation; it never states a figure the values do not hold.

    The author's line while it states the allocation's values; the line with its figures
    (and position) changed where that is unambiguous ("Boligsocial leder (ansat på 37 timer):
    35 % af stillingen" with the share 25 says "25 %"); else the form's wording built from the
    values. A line nobody could read (no position) is printed as it is.
    """
    text = allocation.text
    if text is None or allocation.title is None:
        return text if text is not None else _canonical_staff_line(allocation)
    if not wording_differences(allocation):
        return text
    stated = parse_staff_line(text)
    if stated.title is not None and len(stated.other_areas) == len(allocation.other_areas):
        updated: str | None = text
        if stated.title != allocation.title:
            # A new position name replaces the old one only where the old stands once.
            once = text.count(stated.title) == 1
            updated = text.replace(stated.title, allocation.title) if once else None
        pairs: list[tuple[Decimal | None, Decimal | None, _Formatter]] = [
            (stated.share, allocation.share, format_decimal),
            (stated.weekly_hours, allocation.weekly_hours, format_decimal),
            (stated.area_hours, allocation.area_hours, format_decimal),
            (_dec(stated.count), _dec(allocation.count), format_decimal),
        ]
        pairs += [
            (o.share, n.share, format_decimal)
            for o, n in zip(stated.other_areas, allocation.other_areas, strict=True)
        ]
        retargeted = _retarget(updated, pairs) if updated is not None else None
        if retargeted is not None and not wording_differences(
            attrs.evolve(allocation, text=retargeted)
        ):
            return retargeted
    return _canonical_staff_line(allocation)


def _canonical_staff_line(allocation: StaffAllocation) -> str:
    parts = [f"{allocation.count} " if allocation.count > 1 else "", allocation.title or ""]
    line = "".join(parts)
    if allocation.weekly_hours is not None:
        together = "samlet " if allocation.count > 1 else ""
        line += f" (ansat på {together}{format_decimal(allocation.weekly_hours)} timer)"
    if allocation.share is not None:
        whose = "af stillingerne til sammen" if allocation.count > 1 else "af stillingen"
        line += f": {format_percent(allocation.share)} {whose}"
    elif allocation.area_hours is not None:
        line += f": {format_decimal(allocation.area_hours)} timer om ugen"
    for other in allocation.other_areas:
        who = "De samme medarbejdere" if allocation.count > 1 else "Samme medarbejder"
        what = f"med {other.description} " if other.description else ""
        line += f". {who} arbejder {what}{format_percent(other.share)}"
        if other.focus_area is not None:
            line += f" (beskrevet i delaftalen for {other.focus_area.title.lower()})"
    return line


# --------------------------------------------------------------------------- wording and values

_Formatter = Callable[[Decimal], str]
Worded = StaffAllocation | Measurement | BaselineYear | Period
"""The model's objects that keep the author's wording beside their values."""


def _dec(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _year(value: Decimal) -> str:
    return str(int(value))


def _stated(worded: Worded) -> dict[str, object]:
    """The values the wording states, by field, as the parser reads them."""
    if isinstance(worded, Period):
        try:
            period = parse_period(worded.text or "")
        except NotationError:
            return {"start": None, "end": None}
        return {"start": period.start, "end": period.end}
    if isinstance(worded, BaselineYear):
        read = parse_baseline_year(worded.text)
        return {"year": read.year, "end_year": read.end_year}
    if isinstance(worded, Measurement):
        m = parse_measurement(worded.text or "")
        return {"value": m.value, "unit": m.unit, "count": m.count, "pending": m.pending}
    a = parse_staff_line(worded.text or "")
    return {
        "title": a.title,
        "count": a.count,
        "weekly_hours": a.weekly_hours,
        "share": a.share,
        "area_hours": a.area_hours,
        "other_areas": tuple(o.share for o in a.other_areas),
    }


def wording_differences(worded: Worded) -> list[tuple[str, object, object]]:
    """Where the author's wording and the values disagree: (field, stated, value) triples.

    Empty when the object keeps no wording, when its wording states exactly its values, or
    (for a staff line nobody could read) when the wording states no figures at all. Figures
    compare by value: the wording "25 %" states the share 25.0.
    """
    if worded.text is None:
        return []
    try:
        stated = _stated(worded)
    except NotationError:
        return []
    if isinstance(worded, StaffAllocation):
        if stated["title"] is None and worded.title is None:
            return []  # an unread line, kept as text: it states nothing the values hold
        values: dict[str, object] = {
            "title": worded.title,
            "count": worded.count,
            "weekly_hours": worded.weekly_hours,
            "share": worded.share,
            "area_hours": worded.area_hours,
            "other_areas": tuple(o.share for o in worded.other_areas),
        }
    else:
        values = {name: getattr(worded, name) for name in stated}
    return [(name, stated[name], values[name]) for name in stated if stated[name] != values[name]]


def _retarget(
    text: str, pairs: list[tuple[Decimal | None, Decimal | None, _Formatter]]
) -> str | None:
    """The text with each old figure written as its new one; ``None`` when that is ambiguous.

    A figure is changed only where it stands exactly once in the text; a figure that appears
    or disappears (None on one side) cannot be placed, so the text cannot be kept.
    """
    spans: list[tuple[int, int, Decimal]] = []
    for match in _NUMBER_RE().finditer(text):
        try:
            spans.append((match.start(), match.end(), parse_decimal(match.group())))
        except NotationError:  # pragma: no cover - the pattern admits only numbers
            continue
    edits: dict[tuple[int, int], str] = {}
    for old, new, show in pairs:
        if old == new:
            continue
        if old is None or new is None:
            return None
        hits = [(a, b) for a, b, value in spans if value == old]
        if len(hits) != 1 or hits[0] in edits:
            return None
        edits[hits[0]] = show(new)
    for (a, b), shown in sorted(edits.items(), reverse=True):
        text = text[:a] + shown + text[b:]
    return text


def format_baseline_year(year: BaselineYear) -> str:
    """The baseline year to print: the wording while it states the years, else the years.

    "Skoleåret 2019/2020" stays; with ``year`` 2020 and ``end_year`` 2021 it becomes
    "Skoleåret 2020/2021"; a wording that cannot be changed unambiguously gives "2020/2021".
    """
    if not wording_differences(year):
        return year.text
    stated = parse_baseline_year(year.text)
    updated = _retarget(
        year.text,
        [
            (_dec(stated.year), _dec(year.year), _year),
            (_dec(stated.end_year), _dec(year.end_year), _year),
        ],
    )
    if updated is not None and not wording_differences(attrs.evolve(year, text=updated)):
        return updated
    if year.year is None:
        return year.text
    return f"{year.year}/{year.end_year}" if year.end_year is not None else str(year.year)
