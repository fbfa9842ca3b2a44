"""What changed between two versions of a delaftale or a plan (*revision af delaftalen*).

``diff(old, new)`` compares two agreements, or two plans, as data: it lists each change with
its JSON path (the path in ``delaftale.dumps`` output), its kind (added, removed, changed,
moved), the old and the new value as JSON, and a sentence in Danish and in English
("Boligsocial leder: andel i Beskæftigelse ændret fra 25 % til 30 %"). Parties, delmål,
indicators, activities, staff lines, positions, budget lines and the follow-up's figures are
matched by identity, not by position: an indicator by its ``id`` where it has one, a budget
amount by its year, the rest by the similarity of their names. A reordering is therefore a
move, not a removal and an addition. Text sections are compared by paragraph, with the words
that changed in each paragraph.

``apply_changes(old, changes)`` applies such a list to ``old`` and gives ``new``: the list
holds everything that differs, nothing more.

The module does no I/O; reading the two versions and writing the tracked-changes document
are the command's and ``delaftale.word``'s work.
"""

from __future__ import annotations

import bisect
import copy
import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
from attrs import field, frozen

from delaftale._align import Opcode, align
from delaftale.danish import format_date, format_decimal, format_figure
from delaftale.findings import Finding
from delaftale.followup import FollowUp, IndicatorFollowUp, Observation, Target
from delaftale.model import (
    Activity,
    ActivitySection,
    Agreement,
    BaselineYear,
    FocusArea,
    Indicator,
    Measurement,
    OtherAreaShare,
    Party,
    Period,
    StaffAllocation,
    Staffing,
    SubGoal,
    Unit,
)
from delaftale.plan import (
    ActivityStatus,
    Budget,
    BudgetLine,
    FundingSource,
    Plan,
    PlanActivity,
    StaffPosition,
    YearAmount,
)
from delaftale.serialization import structure, unstructure
from delaftale.validation import validate

__all__ = [
    "Change",
    "ChangeKind",
    "ParagraphChange",
    "Revision",
    "apply_changes",
    "changes_from_record",
    "diff",
    "revision_record",
]

T = TypeVar("T", Agreement, Plan)

# --------------------------------------------------------------------------- results


class ChangeKind(enum.Enum):
    """What happened to a value between the two versions."""

    ADDED = "added"
    """Only in the new version (tilføjet)."""
    REMOVED = "removed"
    """Only in the old version (fjernet)."""
    CHANGED = "changed"
    """In both, with another value (ændret)."""
    MOVED = "moved"
    """In both, at another place in its list (flyttet); changes inside it are listed apart."""


@frozen
class ParagraphChange:
    """One paragraph of a text section that differs (afsnit), with the words that changed.

    ``number`` counts the paragraphs of the new text from 1 (of the old text for a removed
    paragraph). ``words`` is the paragraph as a list of ``(op, text)`` pieces, ``op`` being
    ``"equal"``, ``"delete"`` or ``"insert"``: joining the equal and deleted pieces gives
    the old paragraph, the equal and inserted ones the new. A table counts as one paragraph
    whose text is its cells, row by row.
    """

    kind: ChangeKind
    number: int
    old: str | None
    new: str | None
    words: tuple[tuple[str, str], ...] = ()
    form_da: str = ""
    """What changed besides the words, in Danish: "punkt → brødtekst", "fodnote fjernet"."""
    form_en: str = ""
    """The same in English."""

    def marked(self, context: int = 6, lang: str = "da") -> str:
        """The paragraph with its changes marked ``[-old-]{+new+}``, long equal runs cut.

        ``context`` is how many words of unchanged text are kept on each side of a change,
        and a changed stretch longer than 60 words shows its start and end. An added
        paragraph is all ``{+…+}``, a removed one all ``[-…-]``. A change of the paragraph's
        form (a list item, a footnote) follows in brackets, in ``lang``.
        """
        form = self.form_da if lang == "da" else self.form_en
        note = f" ({form})" if form else ""
        if self.kind is ChangeKind.ADDED:
            return f"{{+{_long(self.new or '')}+}}"
        if self.kind is ChangeKind.REMOVED:
            return f"[-{_long(self.old or '')}-]"
        out = []
        last = len(self.words) - 1
        for n, (op, text) in enumerate(self.words):
            if op == "delete":
                out.append(f"[-{_long(text)}-]")
            elif op == "insert":
                out.append(f"{{+{_long(text)}+}}")
            else:
                out.append(_cut(text, context, head=n > 0, tail=n < last))
        return "".join(out) + note


def _long(text: str, words: int = 60) -> str:
    """A changed stretch of more than ``words`` words: its first and last words."""
    split = text.split(" ")
    if len(split) <= words:
        return text
    half = words // 2
    return " ".join(split[:half]) + f" … ({len(split) - words} ord) … " + " ".join(split[-half:])


def _cut(text: str, context: int, *, head: bool, tail: bool) -> str:
    """Unchanged text between changes, shortened to ``context`` words after and before them."""
    words = text.split(" ")
    if len(words) <= 2 * context + 1:
        return text
    if head and tail:
        return " ".join(words[:context]) + " … " + " ".join(words[-context:])
    if head:
        return " ".join(words[:context]) + " …"
    if tail:
        return "… " + " ".join(words[-context:])
    return text


@frozen
class Change:
    """One difference between the two versions (ændring).

    ``path`` is the JSON path of the value in the new version (for a removed value, in the
    old one); ``old_path`` is where the value was in the old version when that differs (a
    moved item, or a value inside one). ``old`` and ``new`` are the values as JSON (``None``
    for the missing side). ``section`` is the part of the agreement or plan, as a path
    (``"$.activities"``, ``"$.agreements[1].staffing"``), for grouping. ``text_da`` and
    ``text_en`` say it in a sentence. ``paragraphs`` holds the paragraph and word detail of
    a changed text section. ``wording`` marks a change of the author's wording alone, kept
    beside parsed values: a staff line's text when its share changed (the share is the
    change, the wording follows it), or a period or baseline written otherwise with the same
    dates or figures. The command's text leaves these out and counts them.
    """

    kind: ChangeKind
    path: str
    old: Any
    new: Any
    text_da: str
    text_en: str
    section: str
    old_path: str | None = None
    paragraphs: tuple[ParagraphChange, ...] = ()
    wording: bool = False

    def text(self, lang: str = "da") -> str:
        """The sentence in Danish (``"da"``) or English (``"en"``)."""
        return self.text_en if lang == "en" else self.text_da


def _changes(items: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(items)


def _findings(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(items)


@frozen
class Revision:
    """The difference between two versions: the changes, and the findings that moved.

    ``findings_appeared`` are the validation findings of the new version that the old one
    did not have; ``findings_disappeared`` the old version's findings that are gone. A
    finding is the same finding when its rule and its message are (so a figure that changed
    in a message counts as one finding gone and another come).
    """

    changes: tuple[Change, ...] = field(default=(), converter=_changes)
    findings_appeared: tuple[Finding, ...] = field(default=(), converter=_findings)
    findings_disappeared: tuple[Finding, ...] = field(default=(), converter=_findings)
    titles: dict[str, tuple[str, str]] = field(factory=dict, eq=False, repr=False)
    """The sections' titles, Danish and English, by section path."""

    @property
    def equal(self) -> bool:
        """Whether the two versions hold the same data."""
        return not self.changes

    def sections(self, lang: str = "da") -> list[tuple[str, list[Change]]]:
        """The changes grouped by section, with the section's title in ``lang``.

        In the order the sections first appear; "Personaleressourcer", or for a plan
        "Beskæftigelse › Personaleressourcer".
        """
        groups: dict[str, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.section, []).append(change)
        return [
            (self.titles.get(section, (section, section))[0 if lang == "da" else 1], changes)
            for section, changes in groups.items()
        ]


# --------------------------------------------------------------------------- paths

Step = str | int
Steps = tuple[Step, ...]

_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _path(steps: Steps) -> str:
    return "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps)


def _steps(path: str) -> Steps:
    if not path.startswith("$"):
        raise ValueError(f"'{path}' is not a JSON path: it must start with '$'.")
    steps: list[Step] = []
    at = 1
    while at < len(path):
        match = _STEP.match(path, at)
        if match is None:
            raise ValueError(f"'{path}' is not a JSON path this library writes (at {at}).")
        name, index = match.groups()
        steps.append(name if name is not None else int(index))
        at = match.end()
    return tuple(steps)


# --------------------------------------------------------------------------- matching

# Above this many candidate pairs in one list, items are matched by equal names only: the
# similarity of every pair would cost too much (a list of 1,000 activities on each side).
MAX_FUZZY_PAIRS = 10_000
# ... and a whole diff compares at most this many pairs of names.
MAX_DIFF_PAIRS = 100_000
# Aligning two texts (paragraphs, or the words of two paragraphs) costs the product of their
# lengths once their common start and end are cut off: above this many cells, the middle is
# shown as replaced whole; a whole diff spends at most MAX_DIFF_CELLS on its texts.
MAX_ALIGN_CELLS = 250_000
MAX_DIFF_CELLS = 4_000_000
# Above this many pairs in one run of replaced paragraphs, they are not paired for detail.
MAX_PARAGRAPH_PAIRS = 2_500
# Names are compared for similarity by their first so many characters.
NAME_CHARS = 200
# Below this share of words in common, a changed paragraph is shown rewritten whole.
MOSTLY_NEW = 0.3
# How alike two paragraphs must be to be one paragraph reworded.
PARAGRAPHS_ALIKE = 0.4
# How alike two names must be (0 to 1) to be the same item with its name changed.
SIMILAR = 0.6


def _normal(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text[: NAME_CHARS * 4]).casefold()
    return " ".join(re.findall(r"\w+", folded))[:NAME_CHARS]


class _Name:
    """A name prepared once for comparing with many: its words and its letter pairs."""

    __slots__ = ("pairs", "size", "text", "words")

    def __init__(self, name: str) -> None:
        self.text = _normal(name)
        self.words = frozenset(self.text.split())
        self.pairs = Counter(self.text[k : k + 2] for k in range(len(self.text) - 1))
        self.size = max(len(self.text) - 1, 0)


def _similarity(a: _Name, b: _Name, at_least: float = SIMILAR) -> float:
    """How alike two names are, 0 to 1, in time linear in their length.

    The larger of: the share of letter pairs they have in common (Dice's coefficient), and 1
    when one name's words are all in the other ("Lektiecafé" and "Lektiecafé for 4.-6.
    klasse"). Below ``at_least`` the answer is only "less": 0.
    """
    if not a.text or not b.text:
        return 0.0
    if a.text == b.text or a.words <= b.words or b.words <= a.words:
        return 1.0
    total = a.size + b.size
    if not total or 2 * min(a.size, b.size) / total < at_least:  # lengths too far apart
        return 0.0
    small, large = (a.pairs, b.pairs) if len(a.pairs) <= len(b.pairs) else (b.pairs, a.pairs)
    common = sum(min(count, large[pair]) for pair, count in small.items() if pair in large)
    return 2 * common / total


@frozen
class _Key:
    group: Any = None  # items match only within the same group (a budget line's category)
    exact: Any = None  # an identity both sides state (an indicator id, a year)
    name: str = ""  # the name compared for similarity


def _match(
    old: Sequence[_Key], new: Sequence[_Key], budget: list[int], reduced: list[int]
) -> dict[int, int]:
    """Pairs old index -> new index: identities first, then equal names, then similar ones.

    Similar names are looked for while the list's pairs are within ``MAX_FUZZY_PAIRS`` and
    ``budget`` (a one-item list shared by a whole diff) still holds them; otherwise the
    number of pairs not compared is put on ``reduced``.
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()

    def pair_by(key: Callable[[_Key], Any]) -> None:
        wanted: dict[Any, list[int]] = {}
        for j, item in enumerate(new):
            value = key(item)
            if j not in taken and value is not None:
                wanted.setdefault(value, []).append(j)
        for i, item in enumerate(old):
            value = key(item)
            if i in pairs or value is None:
                continue
            candidates = wanted.get(value)
            if candidates:
                j = candidates.pop(0)
                pairs[i] = j
                taken.add(j)

    pair_by(lambda k: (k.group, k.exact) if k.exact is not None else None)
    pair_by(lambda k: (k.group, _normal(k.name)) if k.name and k.exact is None else None)
    free_old = [i for i in range(len(old)) if i not in pairs and old[i].exact is None]
    free_new = [j for j in range(len(new)) if j not in taken and new[j].exact is None]
    wanted = len(free_old) * len(free_new)
    if free_old and free_new and wanted <= min(MAX_FUZZY_PAIRS, budget[0]):
        budget[0] -= wanted
        names_new = {j: _Name(new[j].name) for j in free_new}
        scored = []
        for i in free_old:
            a = _Name(old[i].name)
            for j in free_new:
                if old[i].group != new[j].group:
                    continue
                score = _similarity(a, names_new[j])
                if score >= SIMILAR:
                    scored.append((-score, abs(i - j), i, j))
        scored.sort()
        for _score, _distance, i, j in scored:
            if i not in pairs and j not in taken:
                pairs[i] = j
                taken.add(j)
    elif free_old and free_new:
        reduced.append(wanted)
    return pairs


# Up to this many matched items, the items kept in place are chosen to prefer those whose
# number did not change (quadratic); above it, any longest run is kept (n log n).
_PLACES_WEIGHED = 400


def _stayed(pairs: dict[int, int]) -> set[int]:
    """The old indices of the longest run of pairs kept in order: the rest moved.

    Of several longest runs, the one with the most items at an unchanged number is kept, so
    that an item reported as moved has a new number where that can be.
    """
    ordered = sorted(pairs.items(), key=lambda item: item[1])  # by new index
    olds = [i for i, _j in ordered]
    if not olds:
        return set()
    before: list[int] = [-1] * len(olds)
    if len(olds) <= _PLACES_WEIGHED:
        best: list[tuple[int, int]] = []
        for n, (i, j) in enumerate(ordered):
            here = (1, int(i == j))
            for m in range(n):
                if olds[m] < i:
                    length, same = best[m]
                    candidate = (length + 1, same + int(i == j))
                    if candidate > here:
                        here, before[n] = candidate, m
            best.append(here)
        n = max(range(len(olds)), key=lambda k: best[k])
    else:
        tails: list[int] = []
        tail_at: list[int] = []
        for n, value in enumerate(olds):
            k = bisect.bisect_left(tails, value)
            if k == len(tails):
                tails.append(value)
                tail_at.append(n)
            else:
                tails[k] = value
                tail_at[k] = n
            before[n] = tail_at[k - 1] if k else -1
        n = tail_at[-1]
    kept: set[int] = set()
    while n >= 0:
        kept.add(olds[n])
        n = before[n]
    return kept


# --------------------------------------------------------------------------- identities


def _s(item: Any, key: str) -> str:
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, str) else ""


def _key_of(cls: type | None, item: Any) -> _Key:
    if cls is None or not isinstance(item, dict):
        return _Key(name=item if isinstance(item, str) else repr(item))
    if cls is Indicator:
        return _Key(exact=item.get("id"), name=_s(item, "description"))
    if cls is Party:
        return _Key(name=f"{_s(item, 'name')} {_s(item, 'organisation')}")
    if cls is SubGoal:
        return _Key(name=_s(item, "title"))
    if cls is Activity:
        return _Key(name=_s(item, "name"))
    if cls is ActivitySection:
        return _Key(name=_s(item, "title"))
    if cls is StaffAllocation:
        return _Key(name=_s(item, "title") or _s(item, "text"))
    if cls is OtherAreaShare:
        return _Key(exact=item.get("focus_area"), name=_s(item, "description"))
    if cls is StaffPosition:
        return _Key(name=_s(item, "title"))
    if cls is Agreement:
        return _Key(exact=item.get("focus_area"))
    if cls is PlanActivity:
        return _Key(group=item.get("focus_area"), name=_s(item, "name"))
    if cls is BudgetLine:
        return _Key(
            group=(item.get("category"), item.get("focus_area")),
            name=f"{_s(item, 'description')} {_s(item, 'position')}",
        )
    if cls is FundingSource:
        return _Key(group=item.get("kind"), name=_s(item, "name"))
    if cls is YearAmount or cls is Observation:
        return _Key(exact=item.get("year"))
    if cls is IndicatorFollowUp:
        return _Key(exact=(item.get("focus_area"), item.get("indicator")))
    return _Key(name=repr(item))


# Record classes and, per field, the class of a nested record or of a list's items (None for
# a list of strings). Fields not named here are plain values.
_FIELDS: dict[type, dict[str, type | None]] = {
    Agreement: {
        "parties": Party,
        "sub_goals": SubGoal,
        "activity_names": None,
        "staffing": Staffing,
        "activities": Activity,
    },
    SubGoal: {"indicators": Indicator, "goals": None},
    Activity: {"extra_sections": ActivitySection},
    Staffing: {"allocations": StaffAllocation},
    StaffAllocation: {"other_areas": OtherAreaShare},
    Plan: {
        "housing_organisations": None,
        "estates": None,
        "positions": StaffPosition,
        "agreements": Agreement,
        "activities": PlanActivity,
        "national_goals": None,
        "budget": Budget,
        "followup": FollowUp,
    },
    StaffPosition: {"aliases": None},
    Budget: {"lines": BudgetLine, "funding": FundingSource},
    BudgetLine: {"amounts": YearAmount},
    FundingSource: {"amounts": YearAmount},
    FollowUp: {"indicators": IndicatorFollowUp},
    IndicatorFollowUp: {"observations": Observation},
}
_TEXT_FIELDS = frozenset(
    (
        (Agreement, "initiative_description"),
        (Agreement, "municipal_context"),
        (Agreement, "revision"),
        (Activity, "name_note"),
        (Activity, "purpose"),
        (Activity, "target_group"),
        (Activity, "content"),
        (Activity, "responsibilities"),
        (ActivitySection, "body"),
        (Staffing, "note"),
    )
)
_WHOLE_FIELDS: dict[tuple[type, str], type] = {
    (Agreement, "period"): Period,
    (Plan, "period"): Period,
    (Indicator, "baseline"): Measurement,
    (Indicator, "comparison"): Measurement,
    (Indicator, "baseline_year"): BaselineYear,
    (IndicatorFollowUp, "target"): Target,
}
# The field that names an item (and is in its label): a change of it is a renaming.
_NAME_FIELDS = frozenset(
    (
        (Activity, "name"),
        (Party, "name"),
        (SubGoal, "title"),
        (StaffPosition, "title"),
        (ActivitySection, "title"),
        (PlanActivity, "name"),
        (BudgetLine, "description"),
        (FundingSource, "name"),
    )
)
# Nested records: (class, field) -> (the record's class, whether a missing one is an empty one
# rather than none at all).
_RECORDS: dict[tuple[type, str], tuple[type, bool]] = {
    (Agreement, "staffing"): (Staffing, True),
    (Plan, "budget"): (Budget, False),
    (Plan, "followup"): (FollowUp, False),
}


def _list_item(cls: type, name: str) -> tuple[bool, type | None]:
    """Whether ``cls.name`` is a list matched item by item, and its items' class."""
    fields = _FIELDS.get(cls, {})
    if name in fields and (cls, name) not in _RECORDS:
        return True, fields[name]
    return False, None


# --------------------------------------------------------------------------- wording

_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "focus_area": ("indsatsområde", "focus area"),
    "initiative": ("navn på den boligsociale indsats", "name of the initiative"),
    "initiative_description": ("beskrivelse af initiativet", "description of the initiative"),
    "period": ("periode", "period"),
    "draft_date": ("udkastets dato", "draft date"),
    "municipal_context": (
        "sammenhæng med den kommunale indsats",
        "links with the municipality's work",
    ),
    "revision": ("revision af delaftalen", "revision clause"),
    "name": ("navn", "name"),
    "organisation": ("organisation", "organisation"),
    "role": ("rolle", "role"),
    "title": ("titel", "title"),
    "description": ("beskrivelse", "description"),
    "baseline": ("baseline", "baseline"),
    "comparison": ("anden baseline", "other baseline"),
    "baseline_year": ("baselineår", "baseline year"),
    "data_source": ("datakilde", "data source"),
    "id": ("id", "id"),
    "name_note": ("note til navnet", "note on the name"),
    "purpose": ("formål", "purpose"),
    "target_group": ("målgruppe", "target group"),
    "content": ("indhold", "content"),
    "responsibilities": ("ansvar og roller", "responsibilities"),
    "body": ("tekst", "text"),
    "note": ("note", "note"),
    "text": ("tekst", "wording"),
    "count": ("antal", "count"),
    "weekly_hours": ("ugentlige timer", "weekly hours"),
    "share": ("andel", "share"),
    "area_hours": ("timer til området", "hours for the area"),
    "area_weight": ("vægt i helhedsplanen", "weight in the plan"),
    "employer": ("arbejdsgiver", "employer"),
    "status": ("status", "status"),
    "category": ("kategori", "category"),
    "position": ("stilling", "position"),
    "amount": ("beløb", "amount"),
    "kind": ("type", "kind"),
    "municipality": ("kommune", "municipality"),
    "target": ("mål", "target"),
    "direction": ("retning", "direction"),
    "value": ("tal", "figure"),
    "unit": ("enhed", "unit"),
    "indicator": ("indikator", "indicator"),
    "year": ("år", "year"),
    "goals": ("mål", "goals"),
    "aliases": ("andre navne", "other names"),
    "parties": ("delaftalens parter", "parties"),
    "sub_goals": ("delmål og indikatorer", "sub-goals and indicators"),
    "activity_names": ("aktivitetsliste", "list of activities"),
    "staffing": ("medarbejderressourcer", "staff resources"),
    "activities": ("aktiviteter", "activities"),
    "housing_organisations": ("boligorganisationer", "housing organisations"),
    "estates": ("boligafdelinger", "estates"),
    "positions": ("stillinger", "positions"),
    "agreements": ("delaftaler", "agreements"),
    "national_goals": ("nationale mål", "national goals"),
    "budget": ("budget", "budget"),
    "followup": ("opfølgning", "follow-up"),
    "lines": ("budgetlinjer", "budget lines"),
    "funding": ("finansiering", "funding"),
    "observations": ("tal", "figures"),
    "allocations": ("personale", "staff"),
    "other_areas": ("andele i andre indsatsområder", "shares in other areas"),
    "extra_sections": ("ekstra afsnit", "extra sections"),
    "indicators": ("indikatorer", "indicators"),
    "amounts": ("beløb", "amounts"),
}

# What one item of each list is called: (Danish, English).
_ITEM_WORDS: dict[type | None, tuple[str, str]] = {
    Party: ("Part", "Party"),
    SubGoal: ("Delmål", "Sub-goal"),
    Indicator: ("Indikator", "Indicator"),
    Activity: ("Aktivitet", "Activity"),
    ActivitySection: ("Afsnit", "Section"),
    StaffAllocation: ("Personale", "Staff"),
    OtherAreaShare: ("Andel i andet område", "Share in another area"),
    StaffPosition: ("Stilling", "Position"),
    Agreement: ("Delaftale", "Agreement"),
    PlanActivity: ("Aktivitet i planens oversigt", "Activity in the plan's list"),
    BudgetLine: ("Budgetlinje", "Budget line"),
    FundingSource: ("Finansiering", "Funding"),
    YearAmount: ("Beløb", "Amount"),
    IndicatorFollowUp: ("Opfølgning på indikator", "Follow-up of indicator"),
    Observation: ("Tal", "Figure"),
}

_LIST_ITEM_WORDS: dict[str, tuple[str, str]] = {
    "activity_names": ("Aktivitet i listen", "Activity in the list"),
    "goals": ("Mål", "Goal"),
    "estates": ("Boligafdeling", "Estate"),
    "housing_organisations": ("Boligorganisation", "Housing organisation"),
    "national_goals": ("Nationalt mål", "National goal"),
    "aliases": ("Andet navn", "Other name"),
}


_QUOTED = 80  # a quoted value longer than this is cut


def _short(text: str, limit: int = _QUOTED) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(text: str, lang: str, limit: int = 80) -> str:
    return f"»{_short(text, limit)}«" if lang == "da" else f"“{_short(text, limit)}”"


def _area(value: Any, lang: str) -> str:
    try:
        area = FocusArea(value)
    except ValueError:
        return str(value)
    return area.title if lang == "da" else area.title_en


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _number(value: Any, lang: str) -> str:
    number = _decimal(value)
    if number is None:
        return str(value)
    shown = format_decimal(number)
    return shown if lang == "da" else shown.replace(".", "\u2009").replace(",", ".")


def _measurement_words(data: Any, lang: str) -> str:
    try:
        measurement = structure(data, Measurement)
    except Exception:
        return _quoted(str(data), lang)
    if measurement.value is not None:
        shown = format_figure(measurement.value, measurement.unit)
        if lang == "en":
            shown = shown.replace(",", ".")
        if measurement.count is not None:
            shown += f" ({'antal' if lang == 'da' else 'count'} {measurement.count})"
        return shown
    if measurement.count is not None:
        return str(measurement.count)
    pending = "afventer" if lang == "da" else "pending"
    if measurement.text:
        text = _quoted(measurement.text, lang)
        return f"{pending} ({text})" if measurement.pending else text
    return pending if measurement.pending else ("tom" if lang == "da" else "empty")


def _value_words(name: str, value: Any, lang: str) -> str:
    """A value as a person reads it: 25 %, 37 timer, 150.000 kr., 1. november 2025."""
    if value is None:
        return "intet" if lang == "da" else "nothing"
    if name in ("baseline", "comparison"):
        return _measurement_words(value, lang)
    if name == "period" and isinstance(value, dict):
        try:
            period = structure(value, Period)
        except Exception:
            return _quoted(str(value), lang)
        if lang == "da":
            return f"{format_date(period.start)} – {format_date(period.end)}"
        return f"{period.start.isoformat()} – {period.end.isoformat()}"
    if name == "baseline_year" and isinstance(value, dict):
        return str(value.get("text", value))
    if name == "target" and isinstance(value, dict):
        unit = value.get("unit")
        figure = _decimal(value.get("value"))
        shown = (
            format_figure(figure, Unit(unit) if unit in {u.value for u in Unit} else None)
            if figure is not None
            else str(value.get("value"))
        )
        year = value.get("year")
        return f"{shown} ({year})" if year else shown
    if name in ("share", "area_weight"):
        return f"{_number(value, lang)} %"
    if name in ("weekly_hours", "area_hours"):
        return f"{_number(value, lang)} {'timer' if lang == 'da' else 'hours'}"
    if name == "amount":
        return f"{_number(value, lang)} kr." if lang == "da" else f"DKK {_number(value, lang)}"
    if name == "draft_date" and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value)) if lang == "da" else value
        except ValueError:
            return value
    if name == "focus_area":
        return _area(value, lang)
    if name == "status" and isinstance(value, str):
        try:
            status = ActivityStatus(value)
        except ValueError:
            return _quoted(value, lang)
        return status.label_da if lang == "da" else value
    if isinstance(value, bool):
        return ("ja" if value else "nej") if lang == "da" else ("yes" if value else "no")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _quoted(value, lang)
    if isinstance(value, list):
        return _quoted("; ".join(_plain(item) for item in value), lang)
    return _quoted(_plain(value), lang)


def _plain(value: Any) -> str:
    """The words of a JSON value, for a short quote."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("text", "name", "title", "description"):
            if isinstance(value.get(key), str):
                return str(value[key])
        if "table" in value:
            return _block_text(value)
        return " ".join(_plain(v) for v in value.values() if not isinstance(v, bool))
    if isinstance(value, list):
        return " ".join(_plain(v) for v in value)
    return str(value)


def _item_label(
    cls: type | None, list_name: str, item: Any, number: int, lang: str
) -> tuple[str, str, str]:
    """How one item of a list is named: its kind, its name, and the two as a sentence's start.

    ("Aktivitet", "Lektiecafé", "Aktivitet »Lektiecafé«"); a staff line is its title alone
    ("Boligsocial leder"), an agreement in a plan its area ("Delaftale Beskæftigelse").
    """
    words = _ITEM_WORDS.get(cls) if cls is not None else _LIST_ITEM_WORDS.get(list_name)
    kind = (words or ("Element", "Item"))[0 if lang == "da" else 1]
    data = item if isinstance(item, dict) else {}
    if cls is Agreement:
        name = _area(data.get("focus_area"), lang)
        return kind, name, f"{kind} {name}"
    if cls is Indicator:
        kind = f"{kind} {number}"
    if cls is YearAmount or cls is Observation:
        year = str(data.get("year", item))
        return kind, year, f"{kind} {year}"
    if cls is OtherAreaShare and data.get("focus_area"):
        name = _area(data.get("focus_area"), lang)
        return kind, name, f"{kind} {name}"
    if cls is IndicatorFollowUp:
        name = f"{data.get('indicator')} ({_area(data.get('focus_area'), lang)})"
        return kind, name, f"{kind} {name}"
    if cls is StaffAllocation:
        name = _short(_s(item, "title") or _s(item, "text"))
        return kind, name, name
    if cls is PlanActivity:
        kind = f"{kind} ({_area(data.get('focus_area'), lang)})"
        name = _s(item, "name")
    elif cls is BudgetLine:
        area = data.get("focus_area")
        where = f" ({_area(area, lang)})" if area else ""
        name = _s(item, "description") + where
    elif cls is Party:
        organisation = _s(item, "organisation")
        name = _s(item, "name") + (f" ({organisation})" if organisation else "")
    elif cls is FundingSource:
        name = _s(item, "name") or str(data.get("kind"))
    else:
        name = _key_of(cls, item).name if cls is not None else _plain(item)
    return kind, _short(name), f"{kind} {_quoted(name, lang)}"


def _field_label(cls: type | None, name: str, lang: str, area: Any) -> str:
    words = _FIELD_WORDS.get(name, (name.replace("_", " "), name.replace("_", " ")))
    label = words[0 if lang == "da" else 1]
    if cls is StaffAllocation and name in ("share", "area_hours") and area is not None:
        label += f" i {_area(area, lang)}" if lang == "da" else f" in {_area(area, lang)}"
    if cls is SubGoal and name == "title":
        label = "delmålets ordlyd" if lang == "da" else "wording of the sub-goal"
    if cls is Activity and name == "name":
        label = "navn" if lang == "da" else "name"
    return label


# --------------------------------------------------------------------------- text sections

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _block_text(block: Any) -> str:
    if isinstance(block, str):
        return block
    if isinstance(block, dict):
        if "table" in block:
            rows = block.get("table") or []
            return " / ".join(
                " | ".join(_plain(cell) for cell in row) for row in rows if isinstance(row, list)
            )
        return str(block.get("text", ""))
    return _plain(block)


def _align(a: Sequence[str], b: Sequence[str], budget: list[int]) -> list[Opcode]:
    """Opcodes aligning two texts' tokens or paragraphs (see ``delaftale._align``)."""
    return align(a, b, max_cells=MAX_ALIGN_CELLS, budget=budget)


def _word_count(tokens: Sequence[str]) -> int:
    return sum(1 for token in tokens if token[:1].isalnum() or token[:1] == "_")


def _joined_changes(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each run of deletions and insertions as one deletion, then one insertion."""
    out: list[tuple[str, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(("delete", "".join(deleted)))
        if inserted:
            out.append(("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op, text in ops:
        if op == "equal":
            flush()
            out.append((op, text))
        else:
            (deleted if op == "delete" else inserted).append(text)
    flush()
    return out


def _word_ops(old: str, new: str, budget: list[int]) -> tuple[tuple[str, str], ...]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    ops: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))

    opcodes = _align(a, b, budget)
    same = sum(_word_count(a[i1:i2]) for tag, i1, i2, _j1, _j2 in opcodes if tag == "equal")
    words = _word_count(a) + _word_count(b)
    if words and 2 * same / words < MOSTLY_NEW:
        # Next to nothing in common: the paragraph was rewritten, not edited.
        return tuple((op, text) for op, text in (("delete", old), ("insert", new)) if text)
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        text = "".join(a[i1:i2])
        between = 0 < n < len(opcodes) - 1
        if tag == "equal" and not (between and text.isspace()):
            add("equal", text)
        else:
            # A space between two changed words joins them: "[-a b-]{+c d+}", not
            # "[-a-]{+c+} [-b-]{+d+}".
            add("delete", text)
            add("insert", "".join(b[j1:j2]))
    return tuple(_joined_changes(ops))


def _paragraph_changes(
    old: list[Any], new: list[Any], budget: list[int]
) -> tuple[ParagraphChange, ...]:
    """The paragraphs that differ, aligned by their text, with word detail for each pair."""
    a = [_block_text(b) for b in old]
    b = [_block_text(b) for b in new]
    out: list[ParagraphChange] = []
    for tag, i1, i2, j1, j2 in _align(a, b, budget):
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if old[i] != new[j]:  # same words, other form (a list item, a footnote)
                    out.append(_changed(old[i], new[j], j, a[i], b[j], (("equal", b[j]),)))
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        # Pair each old paragraph with the most alike new one, in order; the rest are
        # removed or added. Many paragraphs replaced at once are not paired.
        paired: dict[int, int] = {}
        start = 0
        pairing = len(olds) * len(news) <= MAX_PARAGRAPH_PAIRS
        names = {j: _Name(b[j]) for j in news} if pairing else {}
        for i in olds if pairing else ():
            best, best_score = None, PARAGRAPHS_ALIKE
            name = _Name(a[i])
            for j in news[start:]:
                score = _similarity(name, names[j], PARAGRAPHS_ALIKE)
                if score > best_score:
                    best, best_score = j, score
            if best is not None:
                paired[i] = best
                start = news.index(best) + 1
        from_old = {j: i for i, j in paired.items()}
        for i in olds:
            if i not in paired:
                out.append(ParagraphChange(ChangeKind.REMOVED, i + 1, a[i], None))
        for j in news:
            if j not in from_old:
                out.append(ParagraphChange(ChangeKind.ADDED, j + 1, None, b[j]))
                continue
            i = from_old[j]
            out.append(_changed(old[i], new[j], j, a[i], b[j], _word_ops(a[i], b[j], budget)))
    return tuple(out)


def _changed(
    old: Any, new: Any, j: int, old_text: str, new_text: str, words: tuple[tuple[str, str], ...]
) -> ParagraphChange:
    """A paragraph in both versions that differs: its words, and its form if that changed."""
    form_da, form_en = _form_change(old, new)
    return ParagraphChange(
        ChangeKind.CHANGED, j + 1, old_text, new_text, words, form_da=form_da, form_en=form_en
    )


_BLOCK_KINDS = {
    "body": ("brødtekst", "body text"),
    "bullet": ("punkt", "bullet"),
    "numbered": ("nummereret punkt", "numbered item"),
    "heading": ("overskrift", "heading"),
    "table": ("tabel", "table"),
}


def _block_form(block: Any) -> tuple[str, int, list[Any]]:
    """A text block's kind, level and footnotes, as the JSON holds them."""
    if isinstance(block, dict):
        if "table" in block:
            return "table", 0, []
        notes = block.get("footnotes")
        return (
            str(block.get("kind", "body")),
            int(block.get("level", 0) or 0),
            notes if isinstance(notes, list) else [],
        )
    return "body", 0, []


def _form_change(old: Any, new: Any) -> tuple[str, str]:
    """What changed in a paragraph besides its words: its kind, level, footnotes."""
    kind_a, level_a, notes_a = _block_form(old)
    kind_b, level_b, notes_b = _block_form(new)
    da: list[str] = []
    en: list[str] = []
    if kind_a != kind_b:
        a, b = (
            _BLOCK_KINDS.get(kind_a, (kind_a, kind_a)),
            _BLOCK_KINDS.get(kind_b, (kind_b, kind_b)),
        )
        da.append(f"{a[0]} → {b[0]}")
        en.append(f"{a[1]} → {b[1]}")
    elif level_a != level_b:
        da.append(f"niveau {level_a + 1} → {level_b + 1}")
        en.append(f"level {level_a + 1} → {level_b + 1}")
    if notes_a != notes_b:
        if len(notes_b) > len(notes_a):
            da.append("fodnote tilføjet")
            en.append("footnote added")
        elif len(notes_b) < len(notes_a):
            da.append("fodnote fjernet")
            en.append("footnote removed")
        else:
            da.append("fodnote ændret")
            en.append("footnote changed")
    return ", ".join(da), ", ".join(en)


def _same_words(a: str | None, b: str | None) -> bool:
    def words(text: str | None) -> str:
        return " ".join(unicodedata.normalize("NFC", text or "").split())

    return words(a) == words(b)


def _paragraph_summary(changes: Sequence[ParagraphChange], lang: str) -> str:
    counts = Counter(change.kind for change in changes)
    parts = []
    words = {
        ChangeKind.CHANGED: (
            ("afsnit ændret", "afsnit ændret"),
            ("paragraph changed", "paragraphs changed"),
        ),
        ChangeKind.ADDED: (
            ("afsnit tilføjet", "afsnit tilføjet"),
            ("paragraph added", "paragraphs added"),
        ),
        ChangeKind.REMOVED: (
            ("afsnit fjernet", "afsnit fjernet"),
            ("paragraph removed", "paragraphs removed"),
        ),
    }
    for kind in (ChangeKind.CHANGED, ChangeKind.ADDED, ChangeKind.REMOVED):
        n = counts.get(kind, 0)
        if n:
            singular, plural = words[kind][0 if lang == "da" else 1]
            parts.append(f"{n} {singular if n == 1 else plural}")
    return ", ".join(parts)


# --------------------------------------------------------------------------- the walk


@frozen
class _Context:
    """Where the walk is: the items it is inside, for the sentence."""

    labels_da: tuple[str, ...] = ()
    labels_en: tuple[str, ...] = ()
    area: Any = None  # the focus area of the agreement being walked
    section: Steps = ()
    # The kind of item the walk is in ("Aktivitet", "Activity") when its label holds its name.
    named: tuple[str, str] | None = None

    def inside(self, da: str, en: str, named: tuple[str, str] | None = None) -> _Context:
        return attrs.evolve(
            self,
            labels_da=(*self.labels_da, da),
            labels_en=(*self.labels_en, en),
            named=named,
        )

    def outside(self) -> _Context:
        """The context of the item's list: for a change of the item's own name."""
        return attrs.evolve(
            self, labels_da=self.labels_da[:-1], labels_en=self.labels_en[:-1], named=None
        )


class _Differ:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        # The alignment cells a diff may spend on text (see _align), shared by all its texts.
        self.budget = [MAX_DIFF_CELLS]
        # The name pairs a diff may compare for similarity, and the lists that had more.
        self.pair_budget = [MAX_DIFF_PAIRS]
        self.reduced: list[int] = []
        self.titles: dict[str, tuple[str, str]] = {}
        self.areas: dict[Steps, Any] = {}  # an agreement's path in a plan -> its area

    def emit(
        self,
        kind: ChangeKind,
        new_steps: Steps | None,
        old_steps: Steps | None,
        old: Any,
        new: Any,
        ctx: _Context,
        da: str,
        en: str,
        *,
        paragraphs: tuple[ParagraphChange, ...] = (),
        wording: bool = False,
    ) -> None:
        path = new_steps if new_steps is not None else old_steps
        assert path is not None
        old_path = (
            old_steps
            if old_steps is not None and (old_steps != path or kind is ChangeKind.MOVED)
            else None
        )
        section = _path(ctx.section)
        if section not in self.titles:
            self.titles[section] = self.title(ctx.section)
        prefix_da = ": ".join(ctx.labels_da)
        prefix_en = ": ".join(ctx.labels_en)
        self.changes.append(
            Change(
                kind=kind,
                path=_path(path),
                old_path=_path(old_path) if old_path is not None else None,
                old=copy.deepcopy(old),
                new=copy.deepcopy(new),
                text_da=_capital(f"{prefix_da}: {da}" if prefix_da else da),
                text_en=_capital(f"{prefix_en}: {en}" if prefix_en else en),
                section=section,
                paragraphs=paragraphs,
                wording=wording,
            )
        )

    def long_change(self, old: Any, new: Any) -> str:
        """Two long texts as their changed words in place (``[-old-]{+new+}``), else ""."""
        if not (isinstance(old, str) and isinstance(new, str)):
            return ""
        if len(" ".join(old.split())) <= _QUOTED and len(" ".join(new.split())) <= _QUOTED:
            return ""
        words = _word_ops(old, new, self.budget)
        return ParagraphChange(ChangeKind.CHANGED, 1, old, new, words).marked(context=4)

    def title(self, section: Steps) -> tuple[str, str]:
        """A section's title: the field's name, after its agreement's area in a plan."""
        names = [step for step in section if isinstance(step, str)]
        if not names:
            return ("Generelt", "General")
        da, en = _FIELD_WORDS.get(names[-1], (names[-1], names[-1]))
        if names[-1] == "agreements" and len(section) >= 2:
            area = self.areas.get(section[:2])
            da, en = _area(area, "da"), _area(area, "en")
        elif section[:1] == ("agreements",) and len(section) >= 3:
            area = self.areas.get(section[:2])
            da = f"{_area(area, 'da')} › {_capital(da)}"
            en = f"{_area(area, 'en')} › {_capital(en)}"
        elif section[:1] == ("budget",) and len(section) >= 2:
            da, en = f"Budget › {_capital(da)}", f"Budget › {_capital(en)}"
        return _capital(da), _capital(en)

    # records ----------------------------------------------------------------

    def record(
        self,
        cls: type,
        old: dict[str, Any],
        new: dict[str, Any],
        op: Steps,
        np: Steps,
        ctx: _Context,
    ) -> None:
        if cls is Agreement:
            ctx = attrs.evolve(ctx, area=new.get("focus_area", old.get("focus_area")))
            self.areas[np] = ctx.area
        start = len(self.changes)
        names = [name for name in _field_order(cls) if name in old or name in new]
        names += [name for name in new if name not in names] + [
            name for name in old if name not in names and name not in new
        ]
        for name in names:
            here = ctx
            if len(ctx.section) < _section_depth(np):
                here = attrs.evolve(ctx, section=(*np, name))
            self.value(cls, name, old.get(name), new.get(name), (*op, name), (*np, name), here)
        if cls is StaffAllocation:
            self.mark_wording(start, np)

    def mark_wording(self, start: int, np: Steps) -> None:
        """A staff line's text that changed with its figures is the figures' wording."""
        own = [c for c in self.changes[start:] if _steps(c.path)[: len(np) + 1] != (*np, "text")]
        if not own:
            return
        for n in range(start, len(self.changes)):
            change = self.changes[n]
            if _steps(change.path) == (*np, "text"):
                self.changes[n] = attrs.evolve(change, wording=True)

    def value(
        self, cls: type, name: str, old: Any, new: Any, op: Steps, np: Steps, ctx: _Context
    ) -> None:
        if old == new:
            return
        label_da = _field_label(cls, name, "da", ctx.area)
        label_en = _field_label(cls, name, "en", ctx.area)
        is_list, item_cls = _list_item(cls, name)
        if is_list and isinstance(old or [], list) and isinstance(new or [], list):
            # A list missing on one side is an empty list (the JSON leaves empty lists out).
            self.items(item_cls, name, old or [], new or [], op, np, ctx)
            return
        record, empty = _RECORDS.get((cls, name), (None, False))
        if (
            record is not None
            and isinstance(old or {}, dict)
            and isinstance(new or {}, dict)
            and (empty or (old is not None and new is not None))
        ):
            self.record(record, old or {}, new or {}, op, np, ctx)
            return
        if (
            (cls, name) in _TEXT_FIELDS
            and isinstance(old or [], list)
            and isinstance(new or [], list)
        ):
            paragraphs = _paragraph_changes(old or [], new or [], self.budget)
            kind = (
                ChangeKind.ADDED
                if old is None
                else ChangeKind.REMOVED
                if new is None
                else ChangeKind.CHANGED
            )
            verb = {
                ChangeKind.ADDED: ("tilføjet", "added"),
                ChangeKind.REMOVED: ("fjernet", "removed"),
                ChangeKind.CHANGED: ("ændret", "changed"),
            }[kind]
            summary_da = _paragraph_summary(paragraphs, "da")
            summary_en = _paragraph_summary(paragraphs, "en")
            # Only spacing or the encoding of letters changed (two spaces for one, "å" as
            # "a" and a ring): the same words, a change of wording alone.
            spacing = bool(paragraphs) and all(
                p.kind is ChangeKind.CHANGED and not p.form_da and _same_words(p.old, p.new)
                for p in paragraphs
            )
            if spacing:
                summary_da = "kun mellemrum eller tegnenes kodning"
                summary_en = "only spacing or the encoding of letters"
            self.emit(
                kind,
                np if new is not None else None,
                op if old is not None else None,
                old,
                new,
                ctx,
                f"{label_da} {verb[0]} ({summary_da})",
                f"{label_en} {verb[1]} ({summary_en})",
                paragraphs=paragraphs,
                wording=spacing,
            )
            return
        if ctx.named is not None and (cls, name) in _NAME_FIELDS and old and new:
            # The item's own name: said of the item, not under its (new) name.
            kind_da, kind_en = ctx.named
            renamed = (
                ("omdøbt", "renamed")
                if cls in (Activity, Party, StaffPosition, ActivitySection, PlanActivity)
                else ("ændret", "changed")
            )
            long = self.long_change(old, new)
            self.emit(
                ChangeKind.CHANGED,
                np,
                op,
                old,
                new,
                ctx.outside(),
                f"{kind_da} {renamed[0]}: {long}"
                if long
                else f"{kind_da} {renamed[0]} fra {_value_words(name, old, 'da')} "
                f"til {_value_words(name, new, 'da')}",
                f"{kind_en} {renamed[1]}: {long}"
                if long
                else f"{kind_en} {renamed[1]} from {_value_words(name, old, 'en')} "
                f"to {_value_words(name, new, 'en')}",
            )
            return
        if (
            (cls, name) in _WHOLE_FIELDS
            and isinstance(old, dict)
            and isinstance(new, dict)
            and _without_text(old) == _without_text(new)
        ):
            # The same figures or dates in other words ("1/11-2025" for "1/11–2025").
            self.emit(
                ChangeKind.CHANGED,
                np,
                op,
                old,
                new,
                ctx,
                f"{label_da}: ordlyden ændret fra {_quoted(str(old.get('text', '')), 'da')} til "
                f"{_quoted(str(new.get('text', '')), 'da')} (samme værdi)",
                f"{label_en}: wording changed from {_quoted(str(old.get('text', '')), 'en')} "
                f"to {_quoted(str(new.get('text', '')), 'en')} (same value)",
                wording=True,
            )
            return
        if new is None:
            self.emit(
                ChangeKind.REMOVED,
                None,
                op,
                old,
                None,
                ctx,
                f"{label_da} fjernet (var {_value_words(name, old, 'da')})",
                f"{label_en} removed (was {_value_words(name, old, 'en')})",
            )
        elif old is None:
            self.emit(
                ChangeKind.ADDED,
                np,
                None,
                None,
                new,
                ctx,
                f"{label_da} tilføjet: {_value_words(name, new, 'da')}",
                f"{label_en} added: {_value_words(name, new, 'en')}",
            )
        elif long := self.long_change(old, new):
            # Words too many to quote whole: the ones that changed, in their place.
            self.emit(
                ChangeKind.CHANGED,
                np,
                op,
                old,
                new,
                ctx,
                f"{label_da} ændret: {long}",
                f"{label_en} changed: {long}",
            )
        else:
            self.emit(
                ChangeKind.CHANGED,
                np,
                op,
                old,
                new,
                ctx,
                f"{label_da} ændret fra {_value_words(name, old, 'da')} "
                f"til {_value_words(name, new, 'da')}",
                f"{label_en} changed from {_value_words(name, old, 'en')} "
                f"to {_value_words(name, new, 'en')}",
            )

    # lists ------------------------------------------------------------------

    def items(
        self,
        cls: type | None,
        name: str,
        old: list[Any],
        new: list[Any],
        op: Steps,
        np: Steps,
        ctx: _Context,
    ) -> None:
        keys_old = [_key_of(cls, item) for item in old]
        keys_new = [_key_of(cls, item) for item in new]
        pairs = _match(keys_old, keys_new, self.pair_budget, self.reduced)
        stayed = _stayed(pairs)
        by_new = {j: i for i, j in pairs.items()}
        for i, item in enumerate(old):
            if i not in pairs:
                da = _item_label(cls, name, item, i + 1, "da")[:2]
                en = _item_label(cls, name, item, i + 1, "en")[:2]
                self.emit(
                    ChangeKind.REMOVED,
                    None,
                    (*op, i),
                    item,
                    None,
                    ctx,
                    _kind_sentence(da, "fjernet") + _what_it_holds(cls, item, "da"),
                    _kind_sentence(en, "removed") + _what_it_holds(cls, item, "en"),
                )
        for j, item in enumerate(new):
            kind_da, name_da, label_da = _item_label(cls, name, item, j + 1, "da")
            kind_en, name_en, label_en = _item_label(cls, name, item, j + 1, "en")
            da, en = (kind_da, name_da), (kind_en, name_en)
            if j not in by_new:
                self.emit(
                    ChangeKind.ADDED,
                    (*np, j),
                    None,
                    None,
                    item,
                    ctx,
                    _kind_sentence(da, "tilføjet") + _what_it_holds(cls, item, "da"),
                    _kind_sentence(en, "added") + _what_it_holds(cls, item, "en"),
                )
                continue
            i = by_new[j]
            if i not in stayed:
                self.emit(
                    ChangeKind.MOVED,
                    (*np, j),
                    (*op, i),
                    i,
                    j,
                    ctx,
                    _kind_sentence(
                        da,
                        f"flyttet fra nr. {i + 1} til nr. {j + 1}"
                        if i != j
                        else f"flyttet i forhold til de andre (nr. {j + 1})",
                    ),
                    _kind_sentence(
                        en,
                        f"moved from no. {i + 1} to no. {j + 1}"
                        if i != j
                        else f"moved among the others (no. {j + 1})",
                    ),
                )
            if old[i] == item:
                continue
            if cls is YearAmount and _is_amount(item) and _is_amount(old[i]):
                year = item["year"]
                self.emit(
                    ChangeKind.CHANGED,
                    (*np, j, "amount"),
                    (*op, i, "amount"),
                    old[i]["amount"],
                    item["amount"],
                    ctx,
                    f"beløb i {year} ændret fra "
                    f"{_value_words('amount', old[i]['amount'], 'da')} til "
                    f"{_value_words('amount', item['amount'], 'da')}",
                    f"amount in {year} changed from "
                    f"{_value_words('amount', old[i]['amount'], 'en')} to "
                    f"{_value_words('amount', item['amount'], 'en')}",
                )
                continue
            if cls is None or not isinstance(item, dict) or not isinstance(old[i], dict):
                self.emit(
                    ChangeKind.CHANGED,
                    (*np, j),
                    (*op, i),
                    old[i],
                    item,
                    ctx,
                    f"{_item_label(cls, name, old[i], i + 1, 'da')[2]} ændret til "
                    f"{_value_words(name, item, 'da')}",
                    f"{_item_label(cls, name, old[i], i + 1, 'en')[2]} changed to "
                    f"{_value_words(name, item, 'en')}",
                )
                continue
            if cls is Indicator:
                inner = ctx.inside(
                    f"{kind_da} {_quoted(name_da, 'da', 40)}",
                    f"{kind_en} {_quoted(name_en, 'en', 40)}",
                )
            else:
                inner = ctx.inside(label_da, label_en, named=(kind_da, kind_en))
            self.record(cls, old[i], item, (*op, i), (*np, j), inner)


def _without_text(value: dict[str, Any]) -> dict[str, Any]:
    return {key: item for key, item in value.items() if key != "text"}


def _what_it_holds(cls: type | None, item: Any, lang: str) -> str:
    """What an added or removed item holds that the board asks about: indicators, amounts."""
    if not isinstance(item, dict):
        return ""
    if cls is SubGoal:
        n = len(item.get("indicators") or ())
        if lang == "da":
            return f" ({n} {'indikator' if n == 1 else 'indikatorer'})"
        return f" ({n} {'indicator' if n == 1 else 'indicators'})"
    if cls in (BudgetLine, FundingSource):
        amounts = [a for a in item.get("amounts") or () if _is_amount(a)]
        figures = [_decimal(a["amount"]) for a in amounts]
        if not amounts or any(f is None for f in figures):
            return ""
        total = sum(f for f in figures if f is not None)
        years = sorted(int(a["year"]) for a in amounts)
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        shown = _value_words("amount", str(total), lang)
        return f" ({span}: {shown} {'i alt' if lang == 'da' else 'in all'})"
    return ""


def _is_amount(item: Any) -> bool:
    return isinstance(item, dict) and set(item) == {"year", "amount"}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _kind_sentence(label: tuple[str, str], verb: str) -> str:
    """The sentence of an added, removed or moved item: "Aktivitet tilføjet: Lektiecafé"."""
    kind, name = label
    return f"{kind} {verb}: {name}"


def _field_order(cls: type) -> list[str]:
    return [a.name for a in attrs.fields(cls)] if attrs.has(cls) else []


def _section_depth(np: Steps) -> int:
    """How deep a section path goes: $.activities, or $.agreements[1].staffing in a plan."""
    if np[:1] == ("agreements",) and len(np) >= 2:
        return 3
    if np[:1] == ("budget",):
        return 2
    return 1


# --------------------------------------------------------------------------- the API


def diff(old: T, new: T, *, findings: bool = True) -> Revision:
    """The changes from ``old`` to ``new``: two ``Agreement``s or two ``Plan``s.

    With ``findings`` (the default) both versions are validated and the findings that
    appeared or disappeared are listed too; without it the revision holds the changes only.
    Raises ``TypeError`` when the two are not of the same kind.
    """
    if type(old) is not type(new) or not isinstance(old, Agreement | Plan):
        raise TypeError(
            f"diff compares two agreements or two plans, not {_a(type(old).__name__)} "
            f"and {_a(type(new).__name__)}."
        )
    differ = _Differ()
    old_data, new_data = unstructure(old), unstructure(new)
    differ.record(type(old), old_data, new_data, (), (), _Context())
    appeared: list[Finding] = []
    disappeared: list[Finding] = []
    if findings:
        before = [(_area_of(old, f), f) for f in validate(old).findings]
        after = [(_area_of(new, f), f) for f in validate(new).findings]
        appeared = _missing_from(after, before)
        disappeared = _missing_from(before, after)
    return Revision(differ.changes, appeared, disappeared, titles=differ.titles)


def _a(name: str) -> str:
    return f"an {name}" if name[:1] in "AEIOU" else f"a {name}"


_AGREEMENT_PATH = re.compile(r"\$\.agreements\[(\d+)\]")


def _area_of(version: Agreement | Plan, finding: Finding) -> FocusArea | None:
    """The focus area a finding is about: its agreement's, in a plan; None for the plan's."""
    if isinstance(version, Agreement):
        return version.focus_area
    match = _AGREEMENT_PATH.match(finding.path)
    if match is None or int(match.group(1)) >= len(version.agreements):
        return None
    return version.agreements[int(match.group(1))].focus_area


def _finding_key(area: FocusArea | None, finding: Finding) -> tuple[Any, ...]:
    # The same rule, about the same agreement, saying the same. A message naming a list place
    # ("its schema (activities[1])") names the same thing when only the place moved.
    return finding.code, area, re.sub(r"\[\d+\]", "[]", finding.message)


def _missing_from(
    findings: Iterable[tuple[FocusArea | None, Finding]],
    others: Iterable[tuple[FocusArea | None, Finding]],
) -> list[Finding]:
    """The findings not among ``others`` (rule, agreement and message alike), counted."""
    left = Counter(_finding_key(*f) for f in others)
    out = []
    for area, finding in findings:
        key = _finding_key(area, finding)
        if left[key]:
            left[key] -= 1
        else:
            out.append(finding)
    return out


def _children(containers: dict[Steps, type], np: Steps) -> list[tuple[Step, type]]:
    return [
        (steps[-1], kind)
        for steps, kind in containers.items()
        if len(steps) == len(np) + 1 and steps[:-1] == np
    ]


def apply_changes(old: T, changes: Iterable[Change]) -> T:
    """``old`` with ``changes`` applied: given ``diff(old, new).changes``, ``new``.

    The changes must come from a diff of ``old`` (their paths are into it and into the new
    version). Raises ``ValueError`` for a change whose path is not a path this library
    writes, and the structuring error of ``delaftale.loads`` if the result is not valid.
    """
    changed: dict[Steps, Any] = {}
    removed: set[Steps] = set()
    added: dict[Steps, dict[Step, Any]] = {}
    moved: dict[Steps, dict[int, int]] = {}
    before = unstructure(old)
    for change in changes:
        steps = _steps(change.path)
        old_steps = _steps(change.old_path) if change.old_path is not None else steps
        if change.kind is not ChangeKind.ADDED:
            _check_fits(before, change, old_steps)
        if change.kind is ChangeKind.REMOVED:
            removed.add(steps)
        elif change.kind is ChangeKind.ADDED:
            added.setdefault(steps[:-1], {})[steps[-1]] = change.new
        elif change.kind is ChangeKind.MOVED:
            if not isinstance(steps[-1], int) or not isinstance(old_steps[-1], int):
                raise ValueError(f"A move must be between list places, not {change.path}.")
            moved.setdefault(steps[:-1], {})[steps[-1]] = old_steps[-1]
        else:
            changed[steps] = change.new

    # Containers the old version leaves out (an empty list, an empty staffing section) that
    # changes add to: made empty, then filled.
    containers: dict[Steps, type] = {}
    for steps in [
        *changed,
        *((*p, k) for p, ks in added.items() for k in ks),
        *((*p, j) for p, js in moved.items() for j in js),
    ]:
        for n in range(len(steps)):
            containers.setdefault(steps[:n], list if isinstance(steps[n], int) else dict)

    def rebuild(node: Any, op: Steps, np: Steps) -> Any:
        if np in changed:
            return copy.deepcopy(changed[np])
        if isinstance(node, dict):
            out = {
                k: rebuild(v, (*op, k), (*np, k))
                for k, v in node.items()
                if (*op, k) not in removed
            }
            for key, value in added.get(np, {}).items():
                out[str(key)] = copy.deepcopy(value)
            for key, kind in _children(containers, np):
                if key not in out and isinstance(key, str):
                    out[key] = rebuild(kind(), (*op, key), (*np, key))
            return out
        if isinstance(node, list):
            kept = [i for i in range(len(node)) if (*op, i) not in removed]
            new_items = added.get(np, {})
            moves = moved.get(np, {})
            moved_old = set(moves.values())
            rest: Iterator[int] = iter([i for i in kept if i not in moved_old])
            out_list = []
            for j in range(len(kept) + len(new_items)):
                if j in new_items:
                    out_list.append(copy.deepcopy(new_items[j]))
                    continue
                i = moves[j] if j in moves else next(rest, None)
                if i is None:
                    raise ValueError(
                        f"The changes place more items at {_path(np)} than the version has: "
                        "apply the changes to the version they were made from."
                    )
                out_list.append(rebuild(node[i], (*op, i), (*np, j)))
            return out_list
        return node

    data = rebuild(before, (), ())
    return structure(data, type(old))


_MISSING = object()


def _value_at(data: Any, steps: Steps) -> Any:
    node = data
    for step in steps:
        in_list = isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node)
        in_dict = isinstance(step, str) and isinstance(node, dict) and step in node
        if not (in_list or in_dict):
            return _MISSING
        node = node[step]
    return node


def _check_fits(before: Any, change: Change, old_steps: Steps) -> None:
    """Refuse a change that was not made from this version: its old value is not there."""
    found = _value_at(before, old_steps)
    if change.kind is ChangeKind.MOVED:
        fits = found is not _MISSING and old_steps[-1] == change.old
    elif found is _MISSING:
        # A value the old version leaves out (an empty list, a field at its default) is
        # changed from nothing.
        fits = change.kind is ChangeKind.CHANGED and change.old in (None, [], {})
    else:
        fits = found == change.old
    if not fits:
        where = _path(old_steps)
        has = "nothing" if found is _MISSING else _short(repr(found), 60)
        raise ValueError(
            f"The change at {where} does not fit this version: it has {has} there, the change "
            f"expects {_short(repr(change.old), 60)}. Apply the changes to the version they "
            "were made from."
        )


def changes_from_record(record: Any) -> list[Change]:
    """The changes of a revision read back from its JSON (``revision_record``'s output).

    ``record`` is the whole record (with ``"changes"``) or the list of changes. Raises
    ``ValueError`` naming the change that lacks a field or has an unknown kind.
    """
    items = record.get("changes") if isinstance(record, dict) else record
    if not isinstance(items, list):
        raise ValueError('A revision\'s JSON has a list of changes under "changes".')
    changes = []
    for n, item in enumerate(items):
        try:
            paragraphs = tuple(
                ParagraphChange(
                    kind=ChangeKind(p["kind"]),
                    number=int(p["number"]),
                    old=p.get("old"),
                    new=p.get("new"),
                    words=tuple((str(op), str(text)) for op, text in p.get("words", ())),
                    form_da=str(p.get("form_da", "")),
                    form_en=str(p.get("form_en", "")),
                )
                for p in item.get("paragraphs", ())
            )
            changes.append(
                Change(
                    kind=ChangeKind(item["kind"]),
                    path=str(item["path"]),
                    old=item.get("old"),
                    new=item.get("new"),
                    text_da=str(item.get("text_da", "")),
                    text_en=str(item.get("text_en", "")),
                    section=str(item.get("section", "$")),
                    old_path=item.get("old_path"),
                    paragraphs=paragraphs,
                    wording=bool(item.get("wording", False)),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(
                f"Change {n + 1} of the revision's JSON cannot be read: {exc}."
            ) from None
    return changes


def revision_record(revision: Revision) -> dict[str, Any]:
    """The revision as JSON-ready data: ``equal``, ``changes`` and the findings that moved.

    Each change has ``kind``, ``path`` (and ``old_path`` where it differs), ``section``,
    ``section_da``/``section_en``, ``old``, ``new``, ``text_da``, ``text_en``, and for a
    text section ``paragraphs`` (each with ``kind``, ``number``, ``old``, ``new`` and
    ``words``, a list of ``[op, text]``); a wording change carries ``"wording": true``.
    """
    changes = []
    for change in revision.changes:
        da, en = revision.titles.get(change.section, (change.section, change.section))
        record: dict[str, Any] = {"kind": change.kind.value, "path": change.path}
        if change.old_path is not None:
            record["old_path"] = change.old_path
        record.update(
            section=change.section,
            section_da=da,
            section_en=en,
            old=change.old,
            new=change.new,
            text_da=change.text_da,
            text_en=change.text_en,
        )
        if change.paragraphs:
            record["paragraphs"] = [
                {
                    "kind": p.kind.value,
                    "number": p.number,
                    "old": p.old,
                    "new": p.new,
                    "words": [list(w) for w in p.words],
                    **({"form_da": p.form_da, "form_en": p.form_en} if p.form_da else {}),
                }
                for p in change.paragraphs
            ]
        if change.wording:
            record["wording"] = True
        changes.append(record)
    return {
        "equal": revision.equal,
        "changes": changes,
        "findings_appeared": unstructure(revision.findings_appeared),
        "findings_disappeared": unstructure(revision.findings_disappeared),
    }
