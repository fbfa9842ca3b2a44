"""The form's knowledge applied to a stream of blocks: paragraphs and tables -> ``Agreement``.

Every reader (Word, PDF) turns its document into the same stream of items: a paragraph
(``Line``) with the few formatting signals the form needs (list kind, bold, highlight), the
delmål table (``DelmaalGrid``) and any other table kept as content (``ContentTable``). The
``Assembler`` recognises labels, guidance and boilerplate by their words (``word/form.py``,
which imports nothing of Word) and files everything else under the section whose label came
last; whatever it cannot file goes to the report's ``unplaced``. Nothing here knows a file
format.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from delaftale.danish import (
    parse_area_weight,
    parse_baseline_year,
    parse_draft_line,
    parse_measurement,
    parse_party,
    parse_period,
    parse_staff_line,
)
from delaftale.errors import NotADelaftaleError, NotationError
from delaftale.findings import Finding, Severity
from delaftale.model import (
    Activity,
    ActivitySection,
    Agreement,
    FocusArea,
    Indicator,
    Paragraph,
    ParagraphKind,
    Period,
    StaffAllocation,
    Staffing,
    SubGoal,
    Table,
    Text,
    paragraph_of,
)
from delaftale.parse_report import Unplaced
from delaftale.word import form
from delaftale.word.form import Section

__all__ = ["Assembler", "ContentTable", "DelmaalGrid", "Item", "Line"]

_LABEL_LIKE_MAX_WORDS = 5
# The sections of an activity schema: its name and its fields.
_ACTIVITY_SECTIONS = (Section.ACTIVITY_NAME, *form.ACTIVITY_FIELDS)


@attrs.define
class Line:
    """A paragraph as the reader sees it: text, list kind and the formatting signals it needs.

    ``signature`` is (style name, all bold): activity schemas' own extra labels are told by
    it. ``location`` says where the paragraph is, in the reader's words ("table 3, row 2").
    """

    text: str
    kind: ParagraphKind
    level: int
    footnotes: tuple[str, ...]
    location: str
    highlighted: bool
    signature: tuple[str, bool]

    def block(self) -> Paragraph:
        """The paragraph as the model keeps it."""
        return paragraph_of(self.text, self.kind, self.level, self.footnotes)


@attrs.define
class DelmaalGrid:
    """The six-column delmål table below its header: cells as (text, continued) per row.

    ``columns`` maps a cell's index to the field it holds (``form.DELMAAL_COLUMNS``);
    ``continued`` is true for a cell merged with the one above (a delmål title spanning its
    indicators' rows).
    """

    columns: dict[int, str]
    rows: list[list[tuple[str, bool]]]
    location: str


@attrs.define
class ContentTable:
    """A table that is content (kept as a Table block in the field it stands in)."""

    table: Table
    location: str
    text: str


Item = Line | DelmaalGrid | ContentTable


def _blank(draft: Any) -> bool:
    """Whether an activity schema holds nothing at all: no name, no field, no extra section."""
    return not draft.name and not any(draft.fields.values()) and not draft.extras


# --------------------------------------------------------------------------- assembling


@attrs.define
class _ActivityDraft:
    name: list[Line | ContentTable] = attrs.field(factory=list)
    fields: dict[Section, list[Paragraph | Table]] = attrs.field(factory=dict)
    extras: list[tuple[str, list[Paragraph | Table]]] = attrs.field(factory=list)
    location: str = ""


class Assembler:
    """Files a stream of items under the form's sections and builds the agreement."""

    def __init__(
        self, source: str, what: str = "a Word document", memo: form.Memo | None = None
    ) -> None:
        self.source = source
        # The form's reading of each distinct text, for this document only (a reader that
        # matched labels while flattening passes its own, so nothing is read twice).
        self.memo = memo if memo is not None else form.Memo()
        self.what = what  # what the file is, for messages: "a Word document", "a PDF"
        self.notes: list[Finding] = []
        self.unplaced: list[Unplaced] = []
        self.area: FocusArea | None = None
        self.title_text: str | None = None
        self.draft: date | None = None
        self.sections: dict[Section, list[Line | ContentTable]] = {}
        self.labels_seen: list[Section] = []
        self.delmaal: list[DelmaalGrid] = []
        self.activities: list[_ActivityDraft] = []
        self.current: Section | None = None
        self.activity_field: Section | tuple[str, int] | None = None
        self.label_signatures: set[tuple[str, bool]] = set()

    def note(
        self, code: str, where: str, en: str, da: str, severity: Severity = Severity.WARNING
    ) -> None:
        """Add a note to the report, in English and Danish."""
        self.notes.append(
            Finding(code=code, severity=severity, path=where, message=en, message_da=da)
        )

    def _place(self, item: Line | ContentTable, text: str) -> None:
        self.unplaced.append(Unplaced(location=item.location, text=text))

    # the walk -------------------------------------------------------------------

    def walk(self, items: list[Item]) -> None:
        """File the items, in document order."""
        # Each paragraph's reading (label, guidance …), worked out once for both passes.
        memo = self.memo
        readings = [memo(item.text) if isinstance(item, Line) else None for item in items]
        for item, reading in zip(items, readings, strict=True):
            lab = reading.label if reading is not None else None
            if lab is not None and (
                lab.section in form.ACTIVITY_FIELDS or lab.section is Section.ACTIVITY_NAME
            ):
                assert isinstance(item, Line)
                self.label_signatures.add(item.signature)
        for item, reading in zip(items, readings, strict=True):
            if isinstance(item, DelmaalGrid):
                self.delmaal.append(item)
                if self.current not in (Section.SUB_GOALS, None):
                    self.note(
                        "delmaal-table-out-of-place",
                        item.location,
                        "The delmål table stands outside the section 'Delmål og "
                        "indikatorer'; it was read as the delmål table all the same.",
                        "Delmålstabellen står uden for afsnittet 'Delmål og indikatorer'; "
                        "den er læst som delmålstabel alligevel.",
                        Severity.INFO,
                    )
            elif isinstance(item, ContentTable):
                self._content(item)
            elif item.text:
                assert reading is not None
                self._paragraph(item, reading)

    def _paragraph(self, para: Line, reading: form.Reading) -> None:
        """File a paragraph; ``reading`` is the form's reading of its text."""
        text = para.text
        label = reading.label
        if self.area is None and reading.title:
            self.title_text = text
            self.area = FocusArea.from_title(text)
            if self.area is None:
                self.note(
                    "title-area-unknown",
                    para.location,
                    f"The title '{text}' names no known focus area.",
                    f"Titlen '{text}' nævner intet kendt indsatsområde.",
                )
            return
        draft = parse_draft_line(text) if text[:6].casefold() == "udkast" else None
        if draft is not None and self.draft is None:
            self.draft = draft
            return
        if label is not None:
            self._switch(label.section, para)
            return
        if reading.form_text:
            return
        if para.highlighted and self.current is not None:
            self.note(
                "guidance-by-highlight",
                para.location,
                f"Highlighted text taken for guidance and left out: '{text}'.",
                f"Fremhævet tekst opfattet som vejledning og udeladt: '{text}'.",
                Severity.INFO,
            )
            return
        if self.current is None:
            self._place(para, text)
            return
        if self._in_activity() and self._is_extra_label(para):
            activity = self.activities[-1]
            activity.extras.append((text.rstrip(":").strip(), []))
            self.activity_field = ("extra", len(activity.extras) - 1)
            return
        self._add(para)

    def _content(self, table: ContentTable) -> None:
        if self.current is None:
            self._place(table, table.text)
            return
        self._add(table)

    def _in_activity(self) -> bool:
        return bool(self.activities) and self.current in _ACTIVITY_SECTIONS

    def _is_extra_label(self, para: Line) -> bool:
        # The cheap tests first: most paragraphs fail on their signature.
        return (
            self.activity_field is not Section.ACTIVITY_NAME
            and para.signature in self.label_signatures
            and para.signature != ("", False)
            and (para.signature[1] or para.kind is ParagraphKind.HEADING)
            and para.kind in (ParagraphKind.BODY, ParagraphKind.HEADING)
            and 0 < len(para.text.rstrip(":").split()) <= _LABEL_LIKE_MAX_WORDS
            and not any(ch.isdigit() for ch in para.text)
        )

    def _switch(self, section: Section, para: Line) -> None:
        self.labels_seen.append(section)
        if section is Section.ACTIVITY_SCHEMAS:
            self.current = section
            return
        if section is Section.ACTIVITY_NAME:
            self.activities.append(_ActivityDraft(location=para.location))
            self.current = self.activity_field = section
            return
        if section in form.ACTIVITY_FIELDS:
            if not self.activities or section in self.activities[-1].fields:
                # A field label with no Aktivitetsnavn before it (or a second one): a schema
                # whose name row is missing. Start it so nothing is lost.
                self.activities.append(_ActivityDraft(location=para.location))
                self.note(
                    "activity-name-missing",
                    para.location,
                    "An activity schema has no 'Aktivitetsnavn'.",
                    "Et aktivitetsskema mangler 'Aktivitetsnavn'.",
                )
            self.activities[-1].fields.setdefault(section, [])
            self.current = self.activity_field = section
            return
        self.current = section
        self.activity_field = None

    def _add(self, item: Line | ContentTable) -> None:
        assert self.current is not None
        if self.current is Section.ACTIVITY_SCHEMAS:
            self._place(item, item.text)
            return
        if self._in_activity():
            activity = self.activities[-1]
            field = self.activity_field
            if field is Section.ACTIVITY_NAME:
                activity.name.append(item)
            elif isinstance(field, tuple):
                activity.extras[field[1]][1].append(_block(item))
            else:
                assert isinstance(field, Section)
                activity.fields.setdefault(field, []).append(_block(item))
            return
        self.sections.setdefault(self.current, []).append(item)

    # building the agreement ----------------------------------------------------------

    def agreement(self, focus_area: FocusArea | None) -> Agreement:
        """The agreement the filed items make; ``focus_area`` overrides the title's."""
        area = focus_area or self.area
        if area is None:
            if self.title_text is None and len(set(self.labels_seen)) < 2:
                raise NotADelaftaleError(
                    f"{self.source} is {self.what}, but not a delaftale: it has neither "
                    "the title 'Delaftale for indsatsområdet …' nor the form's labels. Check "
                    "that this is the right file."
                )
            what = f"'{self.title_text}'" if self.title_text else "no title"
            raise NotADelaftaleError(
                f"{self.source}: the focus area could not be found (the document has {what}). "
                "Put the title 'Delaftale for indsatsområdet <area>' in the document, or pass "
                "focus_area= to read_docx."
            )
        self._check_sections()
        initiative, description = self._initiative()
        return Agreement(
            focus_area=area,
            initiative=initiative,
            initiative_description=description,
            period=self._period(),
            draft_date=self.draft,
            parties=self._parties(),
            sub_goals=self._sub_goals(),
            activity_names=self._activity_names(),
            staffing=self._staffing(),
            municipal_context=self._text(Section.MUNICIPAL_CONTEXT),
            revision=self._text(Section.REVISION),
            # An empty schema is the form's own, not an activity: a blank form reads as empty.
            activities=tuple(self._activity(a) for a in self.activities if not _blank(a)),
        )

    def _check_sections(self) -> None:
        for section in form.BASIC_SECTIONS:
            if section not in self.labels_seen and not (
                section is Section.SUB_GOALS and self.delmaal
            ):
                lab = next(x for x in form.LABELS if x.section is section)
                self.note(
                    "section-not-found",
                    f"$.{section.value}",
                    f"The section '{lab.text.rstrip(':')}' was not found in the document.",
                    f"Afsnittet '{lab.text.rstrip(':')}' findes ikke i dokumentet.",
                )

    def _paras(self, section: Section) -> list[Line]:
        """The section's paragraphs; any table in a one-line section goes to unplaced."""
        out = []
        for item in self.sections.get(section, []):
            if isinstance(item, Line):
                out.append(item)
            else:
                self._place(item, item.text)
        return out

    def _text(self, section: Section) -> Text:
        return Text(blocks=tuple(_block(i) for i in self.sections.get(section, [])))

    def _initiative(self) -> tuple[str | None, Text]:
        items = self.sections.get(Section.INITIATIVE, [])
        if not items or not isinstance(items[0], Line):
            return None, Text(blocks=tuple(_block(i) for i in items))
        return items[0].text, Text(blocks=tuple(_block(i) for i in items[1:]))

    def _period(self) -> Period | None:
        paras = self._paras(Section.PERIOD)
        if not paras:
            return None
        text = " ".join(p.text for p in paras)
        try:
            return parse_period(text)
        except NotationError as exc:
            for p in paras:
                self._place(p, p.text)
            self.note(
                "period-unreadable",
                paras[0].location,
                f"The period could not be read: {exc}",
                f"Perioden kunne ikke læses: '{text}'. Skriv den som '1/11-2025 til 31/10-2029'.",
            )
            return None

    def _parties(self) -> tuple[Any, ...]:
        return tuple(parse_party(p.text) for p in self._paras(Section.PARTIES))

    def _activity_names(self) -> tuple[str, ...]:
        return tuple(p.text for p in self._paras(Section.ACTIVITY_LIST))

    def _staffing(self) -> Staffing:
        weight = None
        allocations: list[StaffAllocation] = []
        note: list[Paragraph | Table] = []
        for item in self.sections.get(Section.STAFFING, []):
            if isinstance(item, ContentTable):
                note.append(item.table)
                continue
            found = parse_area_weight(item.text)
            if found is not None and weight is None and len(item.text) < 80:
                weight = found
                continue
            try:
                line = parse_staff_line(item.text)
            except NotationError:  # a lone bullet glyph: not a staff line, keep it as text
                note.append(item.block())
                continue
            if line.parsed or item.kind is ParagraphKind.BULLET:
                allocations.append(line)
            else:
                note.append(item.block())
        return Staffing(
            area_weight=weight, allocations=tuple(allocations), note=Text(blocks=tuple(note))
        )

    def _sub_goals(self) -> tuple[SubGoal, ...]:
        if len(self.delmaal) > 1:
            self.note(
                "several-delmaal-tables",
                self.delmaal[1].location,
                "The document has more than one delmål table; their rows were read in order.",
                "Dokumentet har mere end én delmålstabel; rækkerne er læst i rækkefølge.",
                Severity.INFO,
            )
        # The section has no field for free text (a SubGoal is a title and its indicators):
        # a paragraph or table written beside the delmål table is listed, not dropped.
        for item in self.sections.get(Section.SUB_GOALS, []):
            self._place(item, item.text)
        goals: list[tuple[str, list[Indicator]]] = []
        for table in self.delmaal:
            for r, row in enumerate(table.rows, start=2):
                values: dict[str, str] = {}
                title_continued = False
                for c, (text, continued) in enumerate(row):
                    name = table.columns.get(c)
                    if name is not None:
                        values[name] = text.strip()
                        if name == "title":
                            title_continued = continued
                    elif text.strip():
                        self.unplaced.append(
                            Unplaced(location=f"{table.location}, row {r}, cell {c + 1}", text=text)
                        )
                if not any(values.values()):
                    continue
                title = values.get("title", "")
                if title and not title_continued:
                    goals.append((title, []))
                elif not goals:
                    goals.append(("", []))
                description = values.get("description", "")
                if not description:
                    rest = {k: v for k, v in values.items() if v and k != "title"}
                    if rest:
                        self.unplaced.append(
                            Unplaced(
                                location=f"{table.location}, row {r}",
                                text=" | ".join(rest.values()),
                            )
                        )
                        self.note(
                            "indicator-missing",
                            f"{table.location}, row {r}",
                            "A row of the delmål table has figures but no indicator.",
                            "En række i delmålstabellen har tal, men ingen indikator.",
                        )
                    continue
                goals[-1][1].append(
                    Indicator(
                        description=description,
                        baseline=parse_measurement(values["baseline"])
                        if values.get("baseline")
                        else None,
                        comparison=parse_measurement(values["comparison"])
                        if values.get("comparison")
                        else None,
                        baseline_year=parse_baseline_year(values["baseline_year"])
                        if values.get("baseline_year")
                        else None,
                        data_source=values.get("data_source") or None,
                    )
                )
        result = []
        for title, indicators in goals:
            if not title:
                self.note(
                    "sub-goal-title-missing",
                    "$.sub_goals",
                    "Indicators stand in the delmål table without a delmål above them.",
                    "Der står indikatorer i delmålstabellen uden et delmål over dem.",
                )
                title = "(delmål ikke angivet)"
            result.append(SubGoal(title=title, indicators=tuple(indicators)))
        return tuple(result)

    def _activity(self, draft: _ActivityDraft) -> Activity:
        first = draft.name[0] if draft.name else None
        if isinstance(first, Line):
            name = first.text
            note: list[Paragraph | Table] = [_block(i) for i in draft.name[1:]]
        else:
            note = [_block(i) for i in draft.name]
            name = "(aktivitetsnavn mangler)"
            self.note(
                "activity-name-missing",
                draft.location,
                "An activity schema has no name.",
                "Et aktivitetsskema har intet navn.",
            )
        fields = draft.fields
        return Activity(
            name=name,
            name_note=Text(blocks=tuple(note)),
            purpose=Text(blocks=tuple(fields.get(Section.PURPOSE, []))),
            target_group=Text(blocks=tuple(fields.get(Section.TARGET_GROUP, []))),
            content=Text(blocks=tuple(fields.get(Section.CONTENT, []))),
            responsibilities=Text(blocks=tuple(fields.get(Section.RESPONSIBILITIES, []))),
            extra_sections=tuple(
                ActivitySection(title=title, body=Text(blocks=tuple(body)))
                for title, body in draft.extras
            ),
        )


def _block(item: Line | ContentTable) -> Paragraph | Table:
    return item.block() if isinstance(item, Line) else item.table
