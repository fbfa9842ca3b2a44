"""Filling forms of every layout the way a person would, checked in the written XML itself.

The reader forgives the writer (an answer in the label's cell reads back just as well), so
these tests look at the document: for each fixture form the test knows, from how the fixture
was built, where a person writes each answer (the cell to the right, the row below, the rest
of the label's cell, the paragraphs after the label, the label's own line), and checks that the
label keeps exactly its label and the answer stands there. Expected answers come from the
hand-made JSON examples, never from the code under test.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

import delaftale
from delaftale import Agreement, FilledTemplateWarning, WriteError, read_docx, render_docx
from delaftale.word.form import Section
from fixtures.build_docx_fixtures import LAYOUTS as FILLED_LAYOUTS
from fixtures.build_docx_fixtures import build_agreement
from fixtures.build_templates import (
    FOLLOW_UP,
    NOTE,
    PLACEHOLDER,
    SCHEMA_FIELDS,
    SECTIONS,
    TEMPLATES,
    build_templates,
)
from libreoffice import convert_to_pdf, needs_libreoffice

EXAMPLES = Path(__file__).parent.parent / "examples"
STEMS = (
    "ishoj-2025-beskaeftigelse",
    "ishoj-2025-uddannelse-og-livschancer",
    "soenderborg-2021-uddannelse-og-livschancer",
)
W_P, W_TC, W_TR, W_TBL, W_SDT = (qn(t) for t in ("w:p", "w:tc", "w:tr", "w:tbl", "w:sdt"))
LABELS = [label for label, _ in SECTIONS] + [label for label, _ in SCHEMA_FIELDS]
GUIDANCE = [g for _, guidance in SECTIONS + SCHEMA_FIELDS for g in guidance if g != FOLLOW_UP]


def squash(text: str) -> str:
    return " ".join(text.split())


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def data(stem: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"))
    return loaded


def example(stem: str) -> Agreement:
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


def first_text(blocks: list[Any]) -> str:
    first = blocks[0]
    return first if isinstance(first, str) else str(first["text"])


def expected_answers(stem: str) -> dict[str, str]:
    """For each label, a piece of text its answer must hold (from the JSON example)."""
    d = data(stem)
    start = d["period"]["start"][:4]
    answers = {
        SECTIONS[0][0]: d["initiative"],
        SECTIONS[1][0]: f"{start} til",
        SECTIONS[2][0]: d["parties"][0]["name"],
        SECTIONS[4][0]: d["activity_names"][0],
        SECTIONS[5][0]: d["staffing"]["allocations"][0]["text"],
        SECTIONS[6][0]: first_text(d["municipal_context"])[:60],
        SCHEMA_FIELDS[0][0]: d["activities"][0]["name"],
        SCHEMA_FIELDS[1][0]: first_text(d["activities"][0]["purpose"])[:60],
        SCHEMA_FIELDS[2][0]: first_text(d["activities"][0]["target_group"])[:60],
        SCHEMA_FIELDS[3][0]: first_text(d["activities"][0]["content"])[:60],
        SCHEMA_FIELDS[4][0]: first_text(d["activities"][0]["responsibilities"])[:60],
    }
    if d.get("revision"):
        answers[SECTIONS[7][0]] = first_text(d["revision"])[:60]
    return answers


# --------------------------------------------------------------------------- where answers go


def _cell(p: Any) -> Any:
    parent = p.getparent()
    while parent is not None and parent.tag != W_TC:
        parent = parent.getparent()
    return parent


def right_cell(label: Any) -> tuple[str, str]:
    cell = _cell(label)
    row = cell.getparent()
    cells = row.findall(W_TC)
    return text_of(cell), text_of(cells[cells.index(cell) + 1])


def row_below(label: Any) -> tuple[str, str]:
    cell = _cell(label)
    row = cell.getparent()
    below = row.getnext()
    while below.tag != W_TR:
        below = below.getnext()
    return text_of(cell), text_of(below.findall(W_TC)[0])


def own_cell(label: Any) -> tuple[str, str]:
    rest = [text_of(e) for e in label.itersiblings()]
    return text_of(label), " ".join(rest)


def following(label: Any) -> tuple[str, str]:
    texts = []
    for sibling in label.itersiblings():
        text = squash(text_of(sibling))
        if sibling.tag == W_P and text in {squash(x) for x in LABELS}:
            break
        if sibling.tag == W_TBL and any(squash(text_of(p)) in LABELS for p in sibling.iter(W_P)):
            break
        texts.append(text)
    return text_of(label), " ".join(texts)


def inline(label: Any) -> tuple[str, str]:
    whole = text_of(label)
    return whole[: whole.index(":") + 1], whole[whole.index(":") + 1 :]


Where = Callable[[Any], tuple[str, str]]
_MIXED: dict[str, Where] = dict.fromkeys(LABELS[:5], own_cell)
_MIXED.update(dict.fromkeys(LABELS[5:8], right_cell))
_MIXED.update(dict.fromkeys(LABELS[8:], following))
_MIXED[SECTIONS[1][0]] = inline
WHERE: dict[str, dict[str, Where]] = {
    "table-form": dict.fromkeys(LABELS, row_below),
    "paragraph-form": dict.fromkeys(LABELS, following),
    "two-column": dict.fromkeys(LABELS, right_cell),
    "content-controls": dict.fromkeys(LABELS, right_cell),
    "one-cell": dict.fromkeys(LABELS, own_cell),
    "headings-form": dict.fromkeys(LABELS, following),
    "mixed": _MIXED,
}


def test_every_template_fixture_has_its_expectations() -> None:
    assert set(WHERE) == set(TEMPLATES)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    built = build_templates(tmp_path_factory.mktemp("layouts"))
    return {name: path.read_bytes() for name, path in built.items()}


@pytest.fixture(scope="module")
def written(templates: dict[str, bytes]) -> dict[tuple[str, str], bytes]:
    out = {(stem, "built-in"): render_docx(example(stem)) for stem in STEMS}
    for stem in STEMS:
        for name, template in templates.items():
            out[(stem, name)] = render_docx(example(stem), template=template)
    return out


def _label_paragraph(body: Any, label: str) -> Any:
    for p in body.iter(W_P):
        text = squash(text_of(p))
        if text == squash(label) or (text.startswith(squash(label)) and W_SDT in _tags(p)):
            return p
    raise AssertionError(f"label {label!r} not found")


def _tag(sdt: Any) -> str:
    return str(sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")))


def _tags(p: Any) -> set[str]:
    return {child.tag for child in p}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("stem", STEMS)
def test_each_answer_is_where_a_person_would_write_it(
    written: dict[tuple[str, str], bytes], stem: str, name: str
) -> None:
    body = docx.Document(io.BytesIO(written[(stem, name)])).element.body
    for label, answer in expected_answers(stem).items():
        p = _label_paragraph(body, label)
        label_text, slot_text = WHERE[name][label](p)
        assert squash(label_text) == squash(label), (label, label_text)  # only the label
        assert squash(answer) in squash(slot_text), (label, answer, slot_text[:200])


@pytest.mark.parametrize("name", ["built-in", *sorted(TEMPLATES)])
@pytest.mark.parametrize("stem", STEMS)
def test_no_guidance_or_placeholder_is_left_and_the_delmaal_rows_hold_together(
    written: dict[tuple[str, str], bytes], stem: str, name: str
) -> None:
    document = written[(stem, name)]
    body = docx.Document(io.BytesIO(document)).element.body
    texts = [squash(text_of(p)) for p in body.iter(W_P)]
    for guidance in [*GUIDANCE, NOTE]:
        assert not any(squash(guidance)[:50] in t for t in texts), guidance[:50]
    assert not any(PLACEHOLDER in t for t in texts)
    # The form's own text under the delmål label is not guidance: it stays, once, plain.
    follow_up = [p for p in body.iter(W_P) if squash(text_of(p)) == FOLLOW_UP]
    assert len(follow_up) == 1
    assert not list(follow_up[0].iter(qn("w:highlight")))
    assert b"showingPlcHdr" not in zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml")
    # The delmål table: its header repeats on each page and no row splits across pages.
    table = next(t for t in body.iter(W_TBL) if "Datakilde" in text_of(t))
    rows = table.findall(W_TR)
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    data_rows = rows[1:]
    assert len(data_rows) == sum(len(g["indicators"]) or 1 for g in data(stem)["sub_goals"])
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in data_rows)
    first_goal = data(stem)["sub_goals"][0]["title"]
    assert squash(first_goal) in squash(text_of(data_rows[0].findall(W_TC)[0]))


@pytest.mark.parametrize("stem", STEMS)
def test_content_controls_are_filled_and_kept(
    written: dict[tuple[str, str], bytes], templates: dict[str, bytes], stem: str
) -> None:
    blank = docx.Document(io.BytesIO(templates["content-controls"])).element.body
    body = docx.Document(io.BytesIO(written[(stem, "content-controls")])).element.body
    controls: dict[str, Any] = {}
    for sdt in body.iter(W_SDT):  # the first of each: the first activity's
        controls.setdefault(sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")), sdt)
    wanted = {
        sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")) for sdt in blank.iter(W_SDT)
    }
    # Every control of the blank form is still there, except a plain-text control given more
    # than one paragraph (Sønderborg's name has a description under it): Word's plain-text
    # control holds one paragraph, so the answer takes its place.
    name = SECTIONS[0][0]
    several = bool(data(stem).get("initiative_description"))
    assert wanted - set(controls) == ({name} if several else set())
    answers = expected_answers(stem)
    if several:
        _, slot_text = right_cell(_label_paragraph(body, name))
        assert squash(answers.pop(name)) in squash(slot_text)
        assert squash(first_text(data(stem)["initiative_description"])) in squash(slot_text)
    for label, answer in answers.items():
        assert squash(answer) in squash(text_of(controls[label])), label
    period = controls[SECTIONS[1][0]]
    assert period.getparent().tag == W_P  # still a run-level control
    assert data(stem)["period"]["end"][:4] in text_of(period)
    for sdt in controls.values():
        for r in sdt.iter(qn("w:r")):
            style = r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
            assert style is None or style.get(qn("w:val")) != "PlaceholderText"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("stem", STEMS)
def test_what_is_written_in_each_layout_reads_back(
    written: dict[tuple[str, str], bytes], stem: str, name: str
) -> None:
    assert read_docx(written[(stem, name)]) == example(stem)


# --------------------------------------------------------------------------- filled-in templates


def _leaves(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _leaves(v)]
    if isinstance(value, list):
        return [s for v in value for s in _leaves(v)]
    return []


def _all_text(document: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(document))
    xml = " ".join(
        archive.read(n).decode("utf-8")
        for n in archive.namelist()
        if n.startswith("word/") and n.endswith(".xml")
    )
    return re.sub(r"<[^>]+>", "", xml)


PAIRS = [(old, new) for old in STEMS for new in STEMS if old != new]


@pytest.mark.parametrize("layout", FILLED_LAYOUTS)
@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_a_filled_in_delaftale_as_template_is_emptied_first(
    old: str, new: str, layout: str
) -> None:
    template = build_agreement(data(old), layout)
    with pytest.warns(FilledTemplateWarning, match="filled-in delaftale") as caught:
        document = render_docx(example(new), template=template)
    assert "udfyldt delaftale" in caught[0].message.message_da  # type: ignore[union-attr]
    text = _all_text(document)
    new_text = "\n".join(_leaves(data(new)))
    stale = [s for s in _leaves(data(old)) if len(s) >= 12 and s not in new_text and s in text]
    assert stale == []  # nothing of the old agreement is left, footnotes included
    assert read_docx(document) == example(new)
    body = docx.Document(io.BytesIO(document)).element.body
    names = [p for p in body.iter(W_P) if squash(text_of(p)) == "Aktivitetsnavn:"]
    assert len(names) == len(data(new)["activities"])  # one schema per new activity


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_form_filled_in_earlier_works_as_the_template_in_every_layout(
    written: dict[tuple[str, str], bytes], templates: dict[str, bytes], name: str
) -> None:
    old, new = STEMS[0], STEMS[2]
    with pytest.warns(FilledTemplateWarning):
        document = render_docx(example(new), template=written[(old, name)])
    blank = _all_text(templates[name])
    new_text = "\n".join(_leaves(data(new)))
    stale = [
        s
        for s in _leaves(data(old))
        if len(s) >= 12 and s not in new_text and s not in blank and s in _all_text(document)
    ]
    assert stale == []
    body = docx.Document(io.BytesIO(document)).element.body
    for label, answer in expected_answers(new).items():
        label_text, slot_text = WHERE[name][label](_label_paragraph(body, label))
        assert squash(label_text) == squash(label), (label, label_text)
        assert squash(answer) in squash(slot_text), (label, answer, slot_text[:200])
    if name == "content-controls":  # the emptied controls were filled again, not dropped
        blank_body = docx.Document(io.BytesIO(templates[name])).element.body
        tags = {_tag(sdt) for sdt in body.iter(W_SDT)}
        # Sønderborg's name has a description under it, too much for a plain-text control.
        assert {_tag(sdt) for sdt in blank_body.iter(W_SDT)} - tags == {SECTIONS[0][0]}
        assert b"showingPlcHdr" not in zipfile.ZipFile(io.BytesIO(document)).read(
            "word/document.xml"
        )
    assert read_docx(document) == example(new)


def test_a_blank_form_gives_no_warning(templates: dict[str, bytes]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_docx(example(STEMS[0]), template=templates["two-column"])


def test_a_filled_in_template_whose_slots_cannot_be_told_apart_is_refused() -> None:
    document = docx.Document(io.BytesIO(build_agreement(data(STEMS[0]), "paragraphs")))
    for p in document.paragraphs:
        if p.text.startswith("Delaftalens parter"):
            p._p.getparent().remove(p._p)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(WriteError, match=r"Delaftalens parter.*blank form"):
        render_docx(example(STEMS[1]), template=buffer.getvalue())


def test_the_command_line_prints_the_filled_template_warning(tmp_path: Path) -> None:
    from delaftale.cli import main

    template = tmp_path / "sidste-periode.docx"
    template.write_bytes(build_agreement(data(STEMS[0]), "form"))
    out = tmp_path / "ny.docx"
    args = ["write", str(EXAMPLES / f"{STEMS[1]}.json"), "-o", str(out), "--template"]
    with pytest.MonkeyPatch.context() as patch:
        errors = io.StringIO()
        patch.setattr("sys.stderr", errors)
        assert main([*args, str(template)]) == 0
    assert "Advarsel: Skabelonen er en udfyldt delaftale" in errors.getvalue()
    assert "Warning: The template is a filled-in delaftale" in errors.getvalue()
    assert read_docx(out) == example(STEMS[1])


# --------------------------------------------------------------------------- the reader's side


def test_the_reader_takes_no_placeholder_for_an_answer(templates: dict[str, bytes]) -> None:
    agreement, report = delaftale.read_docx_with_report(
        templates["content-controls"], focus_area=delaftale.FocusArea.BESKAEFTIGELSE
    )
    assert agreement.initiative is None
    assert agreement.parties == ()
    assert PLACEHOLDER not in delaftale.dumps(agreement)
    assert report.unplaced == ()


def test_the_reader_reads_an_answer_in_the_labels_own_line(
    written: dict[tuple[str, str], bytes],
) -> None:
    agreement = read_docx(written[(STEMS[0], "mixed")])
    assert agreement.period == example(STEMS[0]).period


# --------------------------------------------------------------------------- what a person sees


@needs_libreoffice
def test_each_filled_form_takes_about_as_many_pages_as_the_built_in_form(
    written: dict[tuple[str, str], bytes], tmp_path: Path
) -> None:
    for (stem, name), document in written.items():
        (tmp_path / f"{stem}--{name}.docx").write_bytes(document)
    convert_to_pdf(tmp_path.glob("*.docx"), tmp_path)

    def pages(stem: str, name: str) -> int:
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / f"{stem}--{name}.pdf")],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]

    too_long = {}
    for stem in STEMS:
        built_in = pages(stem, "built-in")
        for name in TEMPLATES:
            ratio = pages(stem, name) / built_in
            if ratio > 1.3:
                too_long[(stem, name)] = round(ratio, 2)
    assert too_long == {}


# --------------------------------------------------------------------------- the layout module


KINDS = {
    "table-form": "ROW_BELOW",
    "two-column": "RIGHT_CELL",
    "content-controls": "RIGHT_CELL",
    "one-cell": "OWN_CELL",
    "headings-form": "FOLLOWING",
    "paragraph-form": "FOLLOWING",
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_layout_module_names_each_forms_slots(templates: dict[str, bytes], name: str) -> None:
    from delaftale.word import layout

    body = docx.Document(io.BytesIO(templates[name])).element.body
    slots = [s for s in layout.find_slots(body) if s.section is not None]
    assert len(slots) == len(LABELS) + 1  # and the schema heading
    kinds = {s.kind.name for s in slots if squash(text_of(s.label)) in LABELS}
    assert kinds == {KINDS[name]}
    for slot in slots:  # a blank form's slots hold guidance, placeholders or nothing
        assert slot.answer_text() == ""


def test_the_layout_module_sees_a_control_on_the_labels_line(templates: dict[str, bytes]) -> None:
    from delaftale.word import layout

    body = docx.Document(io.BytesIO(templates["mixed"])).element.body
    period = next(s for s in layout.find_slots(body) if s.section is Section.PERIOD)
    assert period.kind is layout.SlotKind.INLINE
    assert layout.shows_placeholder(period.control())
    assert layout.paragraph_text(period.label).strip() == SECTIONS[1][0]


def _without(template: bytes, drop: Callable[[Any], bool]) -> bytes:
    document = docx.Document(io.BytesIO(template))
    for element in list(document.element.body):
        if drop(element):
            document.element.body.remove(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_form_without_the_delmaal_table_gets_one_after_the_labels_table(
    templates: dict[str, bytes],
) -> None:
    template = _without(
        templates["two-column"], lambda e: e.tag == W_TBL and "Datakilde" in text_of(e)
    )
    document = render_docx(example(STEMS[0]), template=template)
    body = docx.Document(io.BytesIO(document)).element.body
    table = next(t for t in body.iter(W_TBL) if "Datakilde" in text_of(t))
    assert table.getparent() is body  # not inside the label's cell
    spacer = table.getprevious()  # two tables that touch would be joined into one
    assert spacer.tag == W_P
    assert text_of(spacer) == ""
    assert "Delmål og indikatorer" in text_of(spacer.getprevious())
    assert table.getnext().tag == W_P
    assert read_docx(document) == example(STEMS[0])


def test_a_form_missing_a_label_for_content_is_refused(templates: dict[str, bytes]) -> None:
    revision = SECTIONS[7][0]
    template = _without(
        templates["paragraph-form"], lambda e: squash(text_of(e)) == squash(revision)
    )
    with pytest.raises(WriteError, match="no 'Revision af delaftalen"):
        render_docx(example(STEMS[2]), template=template)  # Sønderborg has a revision text
    schema_label = SCHEMA_FIELDS[1][0]
    template = _without(
        templates["paragraph-form"], lambda e: squash(text_of(e)) == squash(schema_label)
    )
    with pytest.raises(WriteError, match="activity schema has no 'Formål'"):
        render_docx(example(STEMS[2]), template=template)
