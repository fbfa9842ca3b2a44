"""Writing delaftaler to Word: the built-in form and the user's templates, read back intact."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import attrs
import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

import delaftale
import seed_facts
from delaftale import (
    Agreement,
    Text,
    WriteError,
    read_docx,
    read_docx_with_report,
    render_docx,
    write_docx,
)
from fixtures.build_templates import TEMPLATES
from libreoffice import convert_to_pdf, needs_libreoffice
from strategies import doc_agreements

EXAMPLES = Path(__file__).parent.parent / "examples"
STEMS = sorted(seed_facts.BY_STEM)


def example(stem: str) -> Agreement:
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


@pytest.mark.parametrize("stem", STEMS)
def test_seed_examples_round_trip_through_the_built_in_form(stem: str) -> None:
    agreement = example(stem)
    read, report = read_docx_with_report(render_docx(agreement))
    assert read == agreement
    assert report.complete, report.text("en")


def test_write_docx_writes_the_file_and_returns_its_path(tmp_path: Path) -> None:
    agreement = example("ishoj-2025-beskaeftigelse")
    target = write_docx(agreement, tmp_path / "delaftale.docx")
    assert target == tmp_path / "delaftale.docx"
    assert read_docx(target) == agreement
    assert [p.name for p in tmp_path.iterdir()] == ["delaftale.docx"]  # no temporary left


class _Templates(dict[str, bytes]):
    """The template files by name, with a short repr: Hypothesis prints its test's arguments,
    and a quarter of a megabyte of bytes in a report helps nobody."""

    def __repr__(self) -> str:
        return f"<templates {sorted(self)}>"


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from fixtures.build_templates import build_templates

    built = build_templates(tmp_path_factory.mktemp("templates"))
    return _Templates({name: path.read_bytes() for name, path in built.items()})


FORMS = ("built-in", *TEMPLATES)


@pytest.mark.parametrize("form_name", FORMS[1:])
@pytest.mark.parametrize("stem", STEMS)
def test_seed_examples_round_trip_through_each_template(
    templates: dict[str, bytes], stem: str, form_name: str
) -> None:
    agreement = example(stem)
    read, report = read_docx_with_report(render_docx(agreement, template=templates[form_name]))
    assert read == agreement
    assert report.complete, report.text("en")


@given(agreement=doc_agreements, form_name=st.sampled_from(FORMS))
@settings(max_examples=60, deadline=None)
def test_round_trip_of_generated_agreements(
    templates: dict[str, bytes], agreement: Agreement, form_name: str
) -> None:
    template = None if form_name == "built-in" else templates[form_name]
    read, report = read_docx_with_report(render_docx(agreement, template=template))
    assert read == agreement
    assert report.unplaced == ()


# --------------------------------------------------------------------------- other readers


def _paragraph_texts(agreement: Agreement) -> list[str]:
    """Every paragraph the document must show, as text (tables and cells included)."""
    texts = [agreement.title]
    if agreement.initiative:
        texts.append(agreement.initiative)
    fields = [
        agreement.initiative_description,
        agreement.municipal_context,
        agreement.revision,
        agreement.staffing.note,
    ]
    for activity in agreement.activities:
        texts.append(activity.name)
        fields += [
            activity.name_note,
            activity.purpose,
            activity.target_group,
            activity.content,
            activity.responsibilities,
            *(s.body for s in activity.extra_sections),
        ]
        texts += [s.title for s in activity.extra_sections]
    texts += [p.text for field in fields for p in field.paragraphs()]
    texts += [str(party) for party in agreement.parties]
    texts += list(agreement.activity_names)
    texts += [a.text or "" for a in agreement.staffing.allocations]
    for goal in agreement.sub_goals:
        texts.append(goal.title)
        texts += [i.description for i in goal.indicators]
    return [t for t in texts if t]


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("form_name", FORMS)
def test_an_independent_reader_finds_every_paragraph(
    templates: dict[str, bytes], form_name: str
) -> None:
    import mammoth

    agreement = example("ishoj-2025-beskaeftigelse")
    template = None if form_name == "built-in" else templates[form_name]
    raw = mammoth.extract_raw_text(io.BytesIO(render_docx(agreement, template=template))).value
    found = _squash(raw)
    missing = [t for t in _paragraph_texts(agreement) if _squash(t) not in found]
    assert missing == []


@needs_libreoffice
@pytest.mark.parametrize("form_name", FORMS)
def test_libreoffice_renders_the_key_values(
    templates: dict[str, bytes], form_name: str, tmp_path: Path
) -> None:
    agreement = example("ishoj-2025-uddannelse-og-livschancer")
    template = None if form_name == "built-in" else templates[form_name]
    document = tmp_path / "delaftale.docx"
    document.write_bytes(render_docx(agreement, template=template))
    convert_to_pdf([document], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "delaftale.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    flat = _squash(text)
    for value in [
        "Delaftale for indsatsområdet Uddannelse og livschancer",
        "Udkast: 01 09 2025",
        "Den boligsociale helhedsplan i Ishøj",
        "1. november 2025 til 31. oktober 2029",
        "Center for Beskæftigelse og Erhverv, Ishøj Kommune, Centerchef",
        "61,21 %",
        "68,45 %",
        "LBF -",
        "Indsatsområdet vægtes overordnet 14 %",
        "Boligsocial leder (ansat på 37 timer): 25 % af stillingen",
        "Fremskudt uddannelsesvejledning",
        "Rekruttering",
    ]:
        assert value in flat, value
    if form_name != "built-in":
        from fixtures.build_templates import FOOTER_TEXT

        assert FOOTER_TEXT in flat  # the template's footer survived


# --------------------------------------------------------------------------- safe writing, errors


def test_a_failed_write_leaves_the_existing_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "delaftale.docx"
    target.write_bytes(b"the colleague's version")
    bad = attrs.evolve(example("ishoj-2025-beskaeftigelse"), revision=Text.of("ok\x01not ok"))
    with pytest.raises(WriteError, match=r"U\+0001.*\$\.revision\[0\]|\$\.revision\[0\].*U\+0001"):
        write_docx(bad, target)
    assert target.read_bytes() == b"the colleague's version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["delaftale.docx"]


def test_a_failure_while_saving_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from delaftale.word import writer

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", broken_replace)
    with pytest.raises(WriteError, match=r"out\.docx cannot be written: disk full"):
        write_docx(example("ishoj-2025-beskaeftigelse"), tmp_path / "out.docx")
    assert list(tmp_path.iterdir()) == []


def test_writing_over_the_template_is_refused(templates: dict[str, bytes], tmp_path: Path) -> None:
    template = tmp_path / "blank.docx"
    template.write_bytes(templates["table-form"])
    with pytest.raises(WriteError, match="the template itself"):
        write_docx(example("ishoj-2025-beskaeftigelse"), template, template=template)
    assert template.read_bytes() == templates["table-form"]
    out = write_docx(
        example("ishoj-2025-beskaeftigelse"), tmp_path / "filled.docx", template=str(template)
    )
    assert read_docx(out) == example("ishoj-2025-beskaeftigelse")


def test_a_template_that_is_not_a_delaftale_form_is_refused() -> None:
    letter = docx.Document()
    letter.add_paragraph("Kære bestyrelse")
    buffer = io.BytesIO()
    letter.save(buffer)
    with pytest.raises(WriteError, match="not a delaftale form"):
        render_docx(example("ishoj-2025-beskaeftigelse"), template=buffer.getvalue())


def test_a_template_without_an_activity_schema_is_refused_when_there_are_activities(
    templates: dict[str, bytes],
) -> None:
    document = docx.Document(io.BytesIO(templates["paragraph-form"]))
    body = document.element.body
    cut = False
    for element in list(body):
        text = "".join(t.text or "" for t in element.iter(qn("w:t")))
        cut = cut or "tilføj skemaer" in text
        if cut and element.tag != qn("w:sectPr"):
            body.remove(element)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(WriteError, match="no activity schema"):
        render_docx(example("ishoj-2025-beskaeftigelse"), template=buffer.getvalue())
    without = attrs.evolve(example("ishoj-2025-beskaeftigelse"), activities=())
    assert read_docx(render_docx(without, template=buffer.getvalue())) == without


def test_the_template_file_object_and_the_guidance_are_handled(
    templates: dict[str, bytes],
) -> None:
    agreement = example("soenderborg-2021-uddannelse-og-livschancer")
    data = render_docx(agreement, template=io.BytesIO(templates["paragraph-form"]))
    raw = _squash(__import__("mammoth").extract_raw_text(io.BytesIO(data)).value)
    assert "Her oplistes" not in raw
    assert "Vejledende tekst" not in raw
    assert "Ishøj Kommune · Den boligsociale helhedsplan" not in raw  # headers are not body...
    document = docx.Document(io.BytesIO(data))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Ishøj Kommune · Den boligsociale helhedsplan" in header  # ...and were kept


@pytest.mark.parametrize("form_name", FORMS)
def test_many_activities_round_trip(templates: dict[str, bytes], form_name: str) -> None:
    base = example("ishoj-2025-beskaeftigelse")
    many = tuple(
        attrs.evolve(activity, name=f"{activity.name} ({n})")
        for n in range(4)
        for activity in base.activities
    )
    agreement = attrs.evolve(base, activities=many, activity_names=tuple(a.name for a in many))
    template = None if form_name == "built-in" else templates[form_name]
    assert read_docx(render_docx(agreement, template=template)) == agreement


@pytest.mark.parametrize("template", [b"just text", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 64])
def test_a_template_that_is_not_a_docx_is_a_write_error(template: bytes) -> None:
    with pytest.raises(WriteError, match=r"saved as \.docx"):
        render_docx(example("ishoj-2025-beskaeftigelse"), template=template)


def test_a_hostile_template_is_held_to_the_readers_limits(templates: dict[str, bytes]) -> None:
    import zipfile

    def rebuilt(change: dict[str, bytes], extra: int = 0) -> bytes:
        source = zipfile.ZipFile(io.BytesIO(templates["table-form"]))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                out.writestr(info.filename, change.get(info.filename, source.read(info)))
            for n in range(extra):
                out.writestr(f"extra/part{n}.xml", b"<a/>")
        return buffer.getvalue()

    agreement = example("ishoj-2025-beskaeftigelse")
    styles = zipfile.ZipFile(io.BytesIO(templates["table-form"])).read("word/styles.xml")
    laughs = styles.replace(
        b"?>", b'?><!DOCTYPE w:styles [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1
    )
    with pytest.raises(WriteError, match=r"template cannot be used: .*DOCTYPE"):
        render_docx(agreement, template=rebuilt({"word/styles.xml": laughs}))
    with pytest.raises(WriteError, match=r"template cannot be used: .*zip entries"):
        render_docx(agreement, template=rebuilt({}, extra=5_001))
    bomb = b"<w:document/>" + b" " * (300 * 1024 * 1024)
    with pytest.raises(WriteError, match=r"template cannot be used: .*unpacks to \d+ bytes"):
        render_docx(agreement, template=rebuilt({"word/media/image1.png": bomb}))
