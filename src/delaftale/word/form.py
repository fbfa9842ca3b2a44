"""LBF's delaftale form: its labels, guidance and fixed text, shared by the reader and writer.

Labels are recognised by their words, not their layout: ``match_label`` normalises case,
punctuation, dashes and whitespace, then tries each label's pattern, so "Delaftalen gælder
fra – til" and "Delaftalen gælder fra - til:" are the same label, and "Målgruppe:" is
"Målgruppe(r):". Guidance and boilerplate are recognised the same way, by their words, whether
or not they are still highlighted green.
"""

from __future__ import annotations

import enum
import itertools
import re
import unicodedata
from typing import NamedTuple

from attrs import frozen

__all__ = [
    "ACTIVITY_FIELDS",
    "ACTIVITY_SCHEMA_HEADING",
    "BASIC_SECTIONS",
    "BOILERPLATE",
    "DELMAAL_COLUMNS",
    "FIXED_TEXTS",
    "FORM_NOTE",
    "GUIDANCE",
    "LABELS",
    "TITLE_PREFIX",
    "Column",
    "Label",
    "Memo",
    "Reading",
    "Section",
    "is_boilerplate",
    "is_draft_line",
    "is_fixed_text",
    "is_guidance",
    "match_column",
    "match_label",
    "normalise",
    "read_text",
]


class Section(enum.Enum):
    """The parts of the form, in order; activity fields come once per activity schema."""

    INITIATIVE = "initiative"
    PERIOD = "period"
    PARTIES = "parties"
    SUB_GOALS = "sub_goals"
    ACTIVITY_LIST = "activity_names"
    STAFFING = "staffing"
    MUNICIPAL_CONTEXT = "municipal_context"
    REVISION = "revision"
    ACTIVITY_SCHEMAS = "activities"
    ACTIVITY_NAME = "name"
    PURPOSE = "purpose"
    TARGET_GROUP = "target_group"
    CONTENT = "content"
    RESPONSIBILITIES = "responsibilities"


@frozen
class Label:
    """A label of the form: the text the writer prints, and the pattern the reader accepts."""

    section: Section
    text: str
    pattern: str
    guidance: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    """The form's own plain text under the label: not guidance, kept in every filled form."""


_INVISIBLE = re.compile(r"[\u00ad\u200b]")  # soft hyphen, zero-width space
_WORD = re.compile(r"[^\W_]+")


# UTF-8 bytes with every ASCII character but letters and digits made a space; the bytes of
# other characters (æ, ø, å, –, ’ …) kept for the word test below.
_ASCII_GAPS = bytes(c if chr(c).isalnum() or c >= 0x80 else 0x20 for c in range(256))
# Punctuation beyond ASCII that Danish documents use most (dashes, quotes, the ellipsis,
# bullets, guillemets, the section sign, the no-break space), as UTF-8. None is a letter or
# digit, so each is a gap between words.
_COMMON_MARKS = tuple(
    mark.encode()
    for mark in (
        "\u2013\u2014\u2010\u2011"  # dashes and hyphens
        "\u2019\u2018\u201c\u201d\u201e\u00ab\u00bb"  # quotes
        "\u2026\u2022\u00b7\u00a7\u00a0"  # … • · § and the no-break space
    )
)


def normalise(text: str) -> str:
    """Text reduced to lower-case words: punctuation, dashes and extra whitespace removed.

    A word is a run of letters and digits; soft hyphens and zero-width spaces
    are removed first, so a word they break stays one word.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    if "\u00ad" in text or "\u200b" in text:
        text = _INVISIBLE.sub("", text)
    # ASCII punctuation and spaces, and the marks above, become spaces in C on the UTF-8
    # bytes; then one test in C tells whether the words are letters and digits only. A text
    # with any other punctuation goes through the expression.
    data = text.encode("utf-8", "surrogatepass").translate(_ASCII_GAPS)
    if b"\xc2" in data or b"\xe2" in data:
        for mark in _COMMON_MARKS:
            if mark in data:
                data = data.replace(mark, b" ")
    words = data.decode("utf-8", "surrogatepass").split()
    joined = "".join(words)
    if joined.isalnum() or not joined:
        return " ".join(words)
    return " ".join(_WORD.findall(text))


TITLE_PREFIX = "Delaftale for indsatsområdet"
"""The title's fixed words; the focus area's title follows."""

FORM_NOTE = "(Vejledende tekst er fremhævet med grønt og slettes af ansøger, når skemaet udfyldes)"
"""The note under the title; part of the blank form, not of an agreement."""

BOILERPLATE: tuple[str, ...] = (
    FORM_NOTE,
    "Bestyrelsen for den boligsociale indsats har ansvar for, at denne delaftale til hver en "
    "tid understøtter de overordnede mål i den strategiske samarbejdsaftale. Delaftalerne er "
    "således bilag til den strategiske aftale og skal altid ses i sammenhæng hermed.",
    "Bestyrelsen har ligeledes ansvar for, at delaftalen til hver en tid afspejler de "
    "aktiviteter og samarbejder, der gennemføres i boligområdet.",
    "Beskrivelsen af områdets problemkompleks inden for dette indsatsområde fremgår af den "
    "strategiske aftale.",
)
"""The form's fixed paragraphs, printed by the writer and skipped by the reader."""

_SUB_GOAL_GUIDANCE = (
    "Der skal opsættes delmål for nærværende indsatsområde samt indikatorer, der sikrer, at der "
    "løbende kan følges op på disse.",
    "Delmål skal forstås som ’skridt på vejen’ til at opnå de overordnede mål jf. den "
    "strategiske aftale og beskriver de konkrete succeser, der ønskes opnået med de "
    "aktiviteter, der iværksættes inden for dette indsatsområde.",
    "Indikatorer er variable, der bruges til at vise, om delmålene opnås. Som inspiration "
    "stiller Landsbyggefonden en liste over relevante indikatorer til rådighed. Der kan "
    "suppleres med indikatorer, som de lokale parter vurderer vigtige for den lokale indsats.",
    "Delmål og de dertil knyttede indikatorer kan enten relatere sig til det samlede antal "
    "aktiviteter eller til enkelte aktiviteter, der iværksættes inden for dette indsatsområde.",
    "Formålet med delmål og indikatorer på dette niveau er årligt at følge udviklingen hos de "
    "konkrete målgrupper/områder, som de boligsociale aktiviteter arbejder med inden for "
    "indsatsområdet. Jo tættere på målgruppen det er muligt at komme med tilgængelige data, jo "
    "bedre grundlag er der for at vurdere aktiviteternes virkning samt foretage lokal "
    "justering, når dette evt. er nødvendigt.",
)
_SUB_GOAL_FIXED = (
    "Delaftalens parter og bestyrelsen har ansvar for løbende at følge op på delmålene.",
)

LABELS: tuple[Label, ...] = (
    Label(
        Section.INITIATIVE,
        "Navn på den boligsociale indsats, som delaftalen vedrører:",
        r"navn på (den )?(boligsociale )?(indsats|helhedsplan)( som (del)?aftalen vedrører)?",
    ),
    Label(Section.PERIOD, "Delaftalen gælder fra - til:", r"(del)?aftalen gælder( fra)?( til)?"),
    Label(
        Section.PARTIES,
        "Delaftalens parter:",
        r"(del)?aftalens parter",
        (
            "Her oplistes delaftalens parter, forstået som de organisationer og funktioner, der "
            "er ansvarlige for implementering af delaftalen lokalt. Det vil være naturligt, at "
            "disse parter er repræsenteret i en evt. styre-/følgegruppe for indsatsområdet.",
        ),
    ),
    Label(
        Section.SUB_GOALS,
        "Delmål og indikatorer for indsatsområdet",
        r"delmål og indikatorer( for indsatsområdet)?",
        _SUB_GOAL_GUIDANCE,
        _SUB_GOAL_FIXED,
    ),
    Label(
        Section.ACTIVITY_LIST,
        "Aktiviteter, som skal bidrage til indfrielsen af delmålene for indsatsområdet og "
        "understøtte opnåelsen af de overordnede mål jf. den strategiske samarbejdsaftale:",
        r"aktiviteter( som skal bidrage til indfrielsen af delmålene)?( for indsatsområdet)?"
        r"( og understøtte opnåelsen af de overordnede mål( jf)?( den)? strategiske "
        r"(samarbejds)?aftale)?",
        ("Her oplistes de aktiviteter, som delaftalen omfatter.",),
    ),
    Label(
        Section.STAFFING,
        "Medarbejderressourcer for indsatsområdet:",
        r"medarbejderressourcer( for indsatsområdet)?",
        (
            "Her oplistes de medarbejdere/-funktioner, der indgår i dette indsatsområde, "
            "herunder hvor stor en del af den enkelte medarbejders samlede ressourcer der "
            "forventes anvendt i indsatsområdet (timer eller %). Angivelserne skal stemme "
            "overens med angivelserne i budgettet.",
        ),
    ),
    Label(
        Section.MUNICIPAL_CONTEXT,
        "Sammenhæng med den kommunale indsats i boligområdet:",
        r"sammenhæng(en)? med (den )?kommunale indsats( i boligområdet)?",
        (
            "Her redegøres for, hvordan de boligsociale aktiviteter inden for dette "
            "indsatsområde supplerer den eksisterende kommunale indsats i boligområdet.",
        ),
    ),
    Label(
        Section.REVISION,
        "Revision af delaftalen (Eventuelle reviderede aftaler skal ikke fremsendes til "
        "Landsbyggefonden, men fonden skal om nødvendigt til enhver tid kunne rekvirere "
        "ajourførte delaftaler):",
        r"revision af (del)?aftalen( eventuelle reviderede aftaler .{0,200})?",
        ("Her beskrives lokale aftaler for revision af delaftalen.",),
    ),
    Label(
        Section.ACTIVITY_SCHEMAS,
        "Aktiviteter, som skal bidrage til indfrielsen af delmålene for indsatsområdet "
        "(tilføj skemaer - ét skema pr. aktivitet):",
        r"aktiviteter( som skal bidrage til indfrielsen af delmålene)?( for indsatsområdet)? "
        r"tilføj skema(er)? ét skema pr aktivitet",
    ),
    Label(Section.ACTIVITY_NAME, "Aktivitetsnavn:", r"aktivitet(en)?s ?navn"),
    Label(
        Section.PURPOSE,
        "Formål:",
        r"formål(et|ene)?",
        (
            "Her beskrives formålet(-ene) med den givne aktivitet, herunder hvordan denne "
            "aktivitet er med til at understøtte opnåelsen af delmålene for indsatsområdet og "
            "de overordnede mål i den strategiske aftale. Beskrivelsen bedes holdt kort og i "
            "punktform.",
        ),
    ),
    Label(
        Section.TARGET_GROUP,
        "Målgruppe(r):",
        r"målgruppe( ?r|n|rne)?",
        (
            "Beskrivelse af målgruppen/målgrupperne: antal, aldersgruppe, køn, etnicitet eller "
            "andre relevante oplysninger.",
        ),
    ),
    Label(
        Section.CONTENT,
        "Indhold og praksis:",
        r"indhold og praksis",
        (
            "Kort beskrivelse af aktivitetens indhold, hvordan den udføres samt eventuelle "
            "overvejelser om forankring. Kan beskrives i punktform.",
        ),
    ),
    Label(
        Section.RESPONSIBILITIES,
        "Ansvars- og rollefordeling:",
        r"ansvars ?(og )?rollefordeling(en)?",
        (
            "Her anføres ansvars- og rollefordelingen for parterne bag den givne aktivitet. I "
            "beskrivelsen skal der sættes fokus på, hvilke organisationer og funktioner der "
            "varetager hvilke opgaver i forbindelse med implementering af aktiviteten.",
        ),
    ),
)
"""Every label of the form, in form order."""

BASIC_SECTIONS: tuple[Section, ...] = (
    Section.INITIATIVE,
    Section.PERIOD,
    Section.PARTIES,
    Section.SUB_GOALS,
    Section.ACTIVITY_LIST,
    Section.STAFFING,
    Section.MUNICIPAL_CONTEXT,
    Section.REVISION,
)
"""The sections every delaftale has once, before the activity schemas, in form order."""

ACTIVITY_FIELDS: tuple[Section, ...] = (
    Section.PURPOSE,
    Section.TARGET_GROUP,
    Section.CONTENT,
    Section.RESPONSIBILITIES,
)
"""The narrative fields of an activity schema, in form order (after the name)."""

ACTIVITY_SCHEMA_HEADING = next(lab for lab in LABELS if lab.section is Section.ACTIVITY_SCHEMAS)
"""The heading printed before each activity schema."""

GUIDANCE: tuple[str, ...] = tuple(g for lab in LABELS for g in lab.guidance)
"""Every guidance paragraph of the form (green in the official form)."""

_GUIDANCE_KEYS = tuple(normalise(g) for g in GUIDANCE)
FIXED_TEXTS: tuple[str, ...] = tuple(f for lab in LABELS for f in lab.fixed)
"""The form's plain text under its labels ("Delaftalens parter og bestyrelsen har ansvar …")."""

_BOILERPLATE_KEYS = tuple(normalise(b) for b in (*BOILERPLATE, *FIXED_TEXTS))
_FIXED_KEYS = frozenset(normalise(f) for f in FIXED_TEXTS)
_KEY_SETS = {keys: frozenset(keys) for keys in (_GUIDANCE_KEYS, _BOILERPLATE_KEYS)}
# One string holding every key, so "is this a piece of some key" is one substring search.
_KEY_TEXTS = {keys: "\x00".join(keys) for keys in (_GUIDANCE_KEYS, _BOILERPLATE_KEYS)}
# Every two neighbouring words of the keys. A piece of a key may begin and end inside a word,
# but its second and third words are whole words of the key, side by side: a text whose
# second and third words are no such pair is no piece of a key, told without a search.
_KEY_PAIRS = {
    keys: frozenset(pair for key in keys for pair in itertools.pairwise(key.split()))
    for keys in (_GUIDANCE_KEYS, _BOILERPLATE_KEYS)
}
# The activity-list label and the schema heading share their first words: try the longer first.
_LABEL_ORDER = sorted(LABELS, key=lambda lab: lab.section is not Section.ACTIVITY_SCHEMAS)
# Every label in one expression, tried in that order in one pass: the alternatives are
# named l0, l1 … after their place in _LABEL_ORDER, and the one that matched is the last
# group closed (each label's own groups close inside it).
_LABELS_RE = re.compile("|".join(f"(?P<l{i}>{lab.pattern})" for i, lab in enumerate(_LABEL_ORDER)))
_TITLE_KEY = normalise(TITLE_PREFIX)
_MAX_LABEL_KEY = 300


def is_draft_line(text: str) -> bool:
    """Whether a paragraph is the draft line ("Udkast: 01 09 2025", or "Udkast" alone)."""
    return len(text) < 60 and re.match(r"\s*udkast\b", text, re.IGNORECASE) is not None


def _label_of_key(key: str) -> Label | None:
    if not key or len(key) > _MAX_LABEL_KEY:
        return None
    found = _LABELS_RE.fullmatch(key)
    if found is None or found.lastgroup is None:
        return None
    return _LABEL_ORDER[int(found.lastgroup[1:])]


def match_label(text: str) -> Label | None:
    """The form label this paragraph is, or ``None``.

    The whole paragraph must be the label (give or take punctuation and case): a content
    paragraph that starts with "Formålene med aktiviteten" is not the label "Formål".
    """
    return _label_of_key(normalise(text))


def _known(key: str, keys: tuple[str, ...]) -> bool:
    if len(key) < 12:
        return False
    if key in _KEY_SETS[keys]:
        return True
    # A guidance paragraph may be split over several paragraphs or lose its last words.
    if len(key) < 40:
        return False
    words = key.split(" ", 4)
    if len(words) >= 4 and (words[1], words[2]) not in _KEY_PAIRS[keys]:
        return False
    return key in _KEY_TEXTS[keys]


def is_guidance(text: str) -> bool:
    """Whether a paragraph is (part of) one of the form's guidance paragraphs, by its words."""
    return _known(normalise(text), _GUIDANCE_KEYS)


def is_boilerplate(text: str) -> bool:
    """Whether a paragraph is the form's note, its fixed paragraphs or its text under a label."""
    return _known(normalise(text), _BOILERPLATE_KEYS)


def is_fixed_text(text: str) -> bool:
    """Whether a paragraph is the form's plain text under a label (``FIXED_TEXTS``)."""
    return normalise(text) in _FIXED_KEYS


class Reading(NamedTuple):
    """What the form makes of one paragraph's text, from its words normalised once."""

    key: str
    """The text as ``normalise`` gives it."""
    label: Label | None
    """The label the text is (``match_label``), or None."""
    guidance: bool
    """Whether it is (part of) a guidance paragraph (``is_guidance``)."""
    form_text: bool
    """Whether it is the form's own text: guidance, the note, fixed text (``is_boilerplate``)."""
    title: bool
    """Whether it starts with the title's fixed words ("Delaftale for indsatsområdet")."""


def read_text(text: str) -> Reading:
    """The form's reading of a paragraph's text: its label, guidance, boilerplate, title."""
    key = normalise(text)
    guidance = _known(key, _GUIDANCE_KEYS)
    return Reading(
        key,
        _label_of_key(key),
        guidance,
        guidance or _known(key, _BOILERPLATE_KEYS),
        key.startswith(_TITLE_KEY),
    )


class Memo:
    """``read_text`` for the texts of one document, each distinct text read once.

    A reader makes one per document and drops it with the document, so nothing grows
    across documents and no text of one document evicts another's.
    """

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, Reading] = {}

    def __call__(self, text: str) -> Reading:
        """The reading of ``text``, worked out at its first occurrence in the document."""
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = read_text(text)
        return found


@frozen
class Column:
    """A column of the delmål table: the field it fills and the header the writer prints."""

    field: str
    header: str
    pattern: str


DELMAAL_COLUMNS: tuple[Column, ...] = (
    Column("title", "Delmål", r"delmål(et)?"),
    Column("description", "Indikator", r"indikator(er)?"),
    Column("baseline", "Baseline boligområde/målgruppe", r"baseline( boligområde)?( ?målgruppe)?"),
    Column("comparison", "Evt. anden baseline", r"(evt )?anden baseline( \w+)?"),
    Column("baseline_year", "Baseline år", r"baseline ?år(stal)?"),
    Column("data_source", "Datakilde", r"data ?kilde(r)?"),
)
"""The six columns of the delmål table, in form order."""

_COLUMN_RE = [(col, re.compile(col.pattern)) for col in DELMAAL_COLUMNS]


def match_column(header: str) -> Column | None:
    """The delmål-table column a header cell names ("Evt. anden baseline Kommune" included)."""
    key = normalise(header)
    for col, pattern in _COLUMN_RE:
        if pattern.fullmatch(key):
            return col
    return None
