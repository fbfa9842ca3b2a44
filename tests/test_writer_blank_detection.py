"""How the writer tells a blank form with a municipality's own wording from a filled-in one.

A blank template that still holds the form's guidance is a blank form, whatever stands in a
couple of its slots: its standard wording is kept. A filled-in delaftale is still recognised
(and emptied, with a ``FilledTemplateWarning`` pointing at the caller), and the warning counts
only the activity schemas that held something.
"""

from __future__ import annotations

import copy
import io
import json
import warnings
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

import delaftale
from delaftale import Agreement, FilledTemplateWarning, read_docx, render_docx
from delaftale.word import form, layout
from delaftale.word.form import Section
from delaftale.word.writer import blank_form
from fixtures.build_docx_fixtures import build_agreement

EXAMPLES = Path(__file__).parent.parent / "examples"
STEM = "ishoj-2025-beskaeftigelse"
W_P = qn("w:p")

STANDARD = {
    Section.MUNICIPAL_CONTEXT: (
        "Her redegøres for, hvordan",
        "STDTEXT-A Ishøj Kommunes beskæftigelsesstrategi 2025 gælder.",
    ),
    Section.REVISION: (
        "Her beskrives lokale aftaler for revision",
        "STDTEXT-B Delaftalen revideres årligt i styregruppen.",
    ),
}

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201ffa0e5c5"
    "0000000049454e44ae426082"
)


def data(stem: str = STEM) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"))
    return loaded


def agreement(value: dict[str, Any]) -> Agreement:
    return delaftale.loads(json.dumps(value), Agreement)


def text_of(element: Any) -> str:
    return layout.paragraph_text(element) if element.tag == W_P else "".join(element.itertext())


def save(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def municipal_blank_template() -> bytes:
    """LBF's blank form with a logo and standard wording after the guidance in two slots."""
    document = blank_form(agreement(data()).focus_area)
    logo = io.BytesIO(PNG)
    header = document.sections[0].header
    header.paragraphs[0].add_run().add_picture(logo, width=Cm(3))
    title = document.paragraphs[0]
    title.insert_paragraph_before().add_run().add_picture(io.BytesIO(PNG), width=Cm(4))
    for needle, standard in STANDARD.values():
        guidance = next(p for p in document.paragraphs if p.text.strip().startswith(needle))
        added = copy.deepcopy(guidance._p)
        for child in list(added):
            added.remove(child)
        guidance._p.addnext(added)
        added.append(added.makeelement(qn("w:r"), {}))
        added[-1].append(added.makeelement(qn("w:t"), {}))
        added[-1][-1].text = standard
    return save(document)


def test_the_probe_template_is_blank_before_the_standard_wording_is_added() -> None:
    body = docx.Document(io.BytesIO(municipal_blank_template())).element.body
    slots = {s.section: s for s in layout.find_slots(body)}
    for section, (_, standard) in STANDARD.items():
        assert slots[section].answer_text() == standard


def test_standard_wording_in_two_slots_of_a_blank_form_is_kept_without_a_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = render_docx(agreement(data()), template=municipal_blank_template())
    assert [w for w in caught if issubclass(w.category, FilledTemplateWarning)] == []
    body = docx.Document(io.BytesIO(document)).element.body
    slots: dict[Section | None, layout.Slot] = {}
    for slot in layout.find_slots(body):
        slots.setdefault(slot.section, slot)
    for section, (_, standard) in STANDARD.items():
        held = [text_of(e).strip() for e in slots[section].elements()]
        assert standard in held, (section, held)
        assert held[-1] == standard  # kept after the answer
    texts = [layout.paragraph_text(p).strip() for p in body.iter(W_P)]
    assert [t for t in texts if t and form.is_guidance(t)] == []
    assert (
        read_docx(document).municipal_context.blocks[-1].text
        == STANDARD[  # type: ignore[union-attr]
            Section.MUNICIPAL_CONTEXT
        ][1]
    )


@pytest.mark.parametrize("layout_name", ["form", "paragraphs", "plain-guidance"])
def test_a_filled_in_delaftale_is_still_recognised(layout_name: str) -> None:
    template = build_agreement(data("ishoj-2025-uddannelse-og-livschancer"), layout_name)
    with pytest.warns(FilledTemplateWarning, match="filled-in delaftale") as caught:
        document = render_docx(agreement(data()), template=template)
    assert read_docx(document) == agreement(data())
    assert "activity schema(s)" in str(caught[0].message)


def _filled_with_blank_schema() -> bytes:
    """A filled-in delaftale (one activity) whose activity schema was then emptied."""
    one = data()
    one["activities"] = one["activities"][:1]
    document = docx.Document(io.BytesIO(render_docx(agreement(one))))
    for slot in layout.find_slots(document.element.body):
        if slot.section in form.ACTIVITY_FIELDS or slot.section is Section.ACTIVITY_NAME:
            slot.clear()
    return save(document)


def test_the_warning_counts_only_the_activity_schemas_that_held_something() -> None:
    with pytest.warns(FilledTemplateWarning) as caught:
        render_docx(agreement(data()), template=_filled_with_blank_schema())
    message = caught[0].message
    assert isinstance(message, FilledTemplateWarning)
    assert "activity schema" not in str(message)
    assert "its answers and delmål rows were emptied" in str(message)
    assert "dens svar og delmålsrækker er tømt" in message.message_da

    two = data()
    two["activities"] = two["activities"][:2]
    assert len(two["activities"]) == 2
    with pytest.warns(FilledTemplateWarning) as caught:
        render_docx(agreement(data()), template=render_docx(agreement(two)))
    assert "2 activity schema(s) were emptied" in str(caught[0].message)


@pytest.mark.parametrize("how", ["render_docx", "write_docx"])
def test_the_warning_points_at_the_caller(how: str, tmp_path: Path) -> None:
    template = build_agreement(data("ishoj-2025-uddannelse-og-livschancer"), "form")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if how == "render_docx":
            delaftale.render_docx(agreement(data()), template=template)
        else:
            delaftale.write_docx(agreement(data()), tmp_path / "ny.docx", template=template)
    found = [w for w in caught if issubclass(w.category, FilledTemplateWarning)]
    assert len(found) == 1
    assert Path(found[0].filename).resolve() == Path(__file__).resolve()
