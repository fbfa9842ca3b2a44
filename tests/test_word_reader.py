"""Reading real-looking delaftaler from Word, in several layouts, losing nothing."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest

import delaftale
import seed_facts
from delaftale import (
    Agreement,
    CorruptDocxError,
    EncryptedDocxError,
    FocusArea,
    LegacyWordError,
    Measurement,
    NotADelaftaleError,
    NotADocxError,
    ReadError,
    read_docx,
    read_docx_with_report,
    unstructure,
)
from fixtures import build_docx_fixtures as fx
from texts import norm, strings

EXAMPLES = Path(__file__).parent.parent / "examples"
LAYOUTS = ("form", "paragraphs", "plain-guidance")
STEMS = sorted(seed_facts.BY_STEM)


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.build_all(tmp_path_factory.mktemp("docx"))


def example(stem: str) -> Agreement:
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS)
def test_reads_the_seed_facts_in_every_layout(
    fixtures: dict[str, Path], stem: str, layout: str
) -> None:
    agreement, report = read_docx_with_report(fixtures[f"{stem}--{layout}"])
    seed_facts.BY_STEM[stem](agreement)
    assert report.unplaced == ()


def _cell_lines_joined(agreement: Agreement) -> Agreement:
    """The agreement with line breaks inside baseline cells made spaces.

    The transcribed examples join a cell's lines with spaces ("4,6% 50 elever"); the
    paragraphs layout puts them in separate paragraphs of the cell, which the reader keeps as
    lines ("4,6%\n50 elever"). Everything else must be identical.
    """

    def join(m: Measurement | None) -> Measurement | None:
        if m is None or m.text is None:
            return m
        return attrs.evolve(m, text=" ".join(m.text.split()))

    goals = tuple(
        attrs.evolve(
            g,
            indicators=tuple(
                attrs.evolve(i, baseline=join(i.baseline), comparison=join(i.comparison))
                for i in g.indicators
            ),
        )
        for g in agreement.sub_goals
    )
    return attrs.evolve(agreement, sub_goals=goals)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS)
def test_every_layout_reads_back_the_transcribed_example(
    fixtures: dict[str, Path], stem: str, layout: str
) -> None:
    read = read_docx(fixtures[f"{stem}--{layout}"])
    if layout == "form":
        assert read == example(stem)
    else:
        assert _cell_lines_joined(read) == _cell_lines_joined(example(stem))


# --------------------------------------------------------------------------- nothing lost


_BULLET = re.compile(r"^\s*(?:[\uf0b7•\-–]|o(?=\t))[\t ]+")


def _form_text() -> set[str]:
    known = {*fx.LABELS, *fx.GUIDANCE, *fx.BOILERPLATE}
    return {norm(t).casefold() for t in known}


def _input_paragraphs(path: Path) -> list[str]:
    """Every paragraph of the body, in tables too, as python-docx sees it."""
    document = docx.Document(str(path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out = []
    for p in document.element.body.iter(f"{w}p"):
        text = "".join(
            {f"{w}tab": "\t", f"{w}br": "\n"}.get(el.tag) or (el.text or "")
            for el in p.iter(f"{w}t", f"{w}tab", f"{w}br")
        )
        out.append(text)
    return out


def _is_the_period(text: str, agreement: Agreement) -> bool:
    """The period is kept as dates, not as text: it is kept if it parses to the same dates."""
    try:
        return delaftale.danish.parse_period(text) == agreement.period
    except delaftale.NotationError:
        return False


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS)
def test_nothing_is_lost(fixtures: dict[str, Path], stem: str, layout: str) -> None:
    path = fixtures[f"{stem}--{layout}"]
    agreement, report = read_docx_with_report(path)
    found = strings(unstructure(agreement)) + [u.text for u in report.unplaced]
    found += [str(party) for party in agreement.parties]  # split into name, organisation, role
    blob = "\n".join(norm(s) for s in found)
    form_text = _form_text()
    missing = []
    for raw in _input_paragraphs(path):
        text = norm(_BULLET.sub("", raw))
        if not text or text.casefold() in form_text:
            continue
        if text.startswith(fx.TITLE_PREFIX) or text.startswith("Udkast:"):
            continue
        if text.casefold().rstrip(":") in {t.rstrip(":") for t in form_text}:
            continue
        if text in blob or text.rstrip(":") in blob:  # extra section titles lose their colon
            continue
        if _is_the_period(text, agreement):
            continue
        weight = delaftale.danish.parse_area_weight(text)
        if weight is not None and weight == agreement.staffing.area_weight:
            continue
        missing.append(text)
    assert missing == []


# --------------------------------------------------------------------------- layouts


def test_draft_line_is_read_from_the_header_and_from_the_body(fixtures: dict[str, Path]) -> None:
    for layout in LAYOUTS:
        a = read_docx(fixtures[f"ishoj-2025-beskaeftigelse--{layout}"])
        assert a.draft_date is not None
        assert a.draft_date.isoformat() == "2025-09-01"


def test_extra_sections_are_kept_by_name(fixtures: dict[str, Path]) -> None:
    for layout in LAYOUTS:
        a = read_docx(fixtures[f"ishoj-2025-uddannelse-og-livschancer--{layout}"])
        assert [s.title for s in a.activities[0].extra_sections] == ["Rekruttering"], layout
        assert "Rekruttering" not in str(a.activities[0].content)


def test_symbol_bullets_become_bullets_without_the_glyph(fixtures: dict[str, Path]) -> None:
    a = read_docx(fixtures["soenderborg-2021-uddannelse-og-livschancer--paragraphs"])
    bullets = [p for p in a.activities[0].purpose.paragraphs() if p.kind.value == "bullet"]
    assert bullets
    assert all("\uf0b7" not in p.text and not p.text.startswith("\t") for p in bullets)


def test_footnotes_are_kept_with_their_paragraph(fixtures: dict[str, Path]) -> None:
    a = read_docx(fixtures["ishoj-2025-uddannelse-og-livschancer--paragraphs"])
    first = next(iter(a.municipal_context.paragraphs()))
    assert first.footnotes == ("Aftale om folkeskolens kvalitetsprogram",)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "error", "advice"),
    [
        ("not-a-docx.docx", NotADocxError, "save the delaftale from Word"),
        ("legacy.doc", LegacyWordError, "save it as a Word document"),
        ("encrypted.docx", EncryptedDocxError, "remove the password"),
        ("corrupt.docx", CorruptDocxError, "damaged"),
        ("not-a-delaftale.docx", NotADelaftaleError, "right file"),
    ],
)
def test_unreadable_files_raise_a_clear_delaftale_error(
    fixtures: dict[str, Path], name: str, error: type[ReadError], advice: str
) -> None:
    with pytest.raises(error) as info:
        read_docx(fixtures[name.rsplit(".", 1)[0]])
    assert isinstance(info.value, delaftale.DelaftaleError)
    assert name in str(info.value)
    assert advice in str(info.value)


def test_other_office_files_are_named(tmp_path: Path) -> None:
    workbook = tmp_path / "budget.docx"
    with zipfile.ZipFile(workbook, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(NotADocxError, match="Excel"):
        read_docx(workbook)
    with pytest.raises(NotADocxError, match="PDF"):
        read_docx(b"%PDF-1.7 ...")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_docx(tmp_path / "nowhere.docx")


def test_missing_section_parses_the_rest_and_reports_the_gap(fixtures: dict[str, Path]) -> None:
    agreement, report = read_docx_with_report(fixtures["missing-staffing"])
    assert agreement.staffing.allocations == ()
    assert len(agreement.sub_goals) == 3
    assert report.codes() == ["section-not-found"]
    assert report.notes[0].path == "$.staffing"
    assert "Medarbejderressourcer" in report.notes[0].message_da


def test_sources_path_bytes_and_file_object(fixtures: dict[str, Path]) -> None:
    path = fixtures["ishoj-2025-beskaeftigelse--form"]
    from_path = read_docx(path)
    assert read_docx(str(path)) == from_path
    assert read_docx(path.read_bytes()) == from_path
    with path.open("rb") as handle:
        assert read_docx(handle) == from_path
    with pytest.raises(TypeError, match="'rb'"):
        read_docx(io.StringIO("tekst"))


def test_focus_area_can_be_given_when_the_title_is_missing() -> None:
    document = docx.Document()
    document.add_paragraph("Delaftalens parter:")
    document.add_paragraph("Center for Kultur og Fritid, Ishøj Kommune, Centerchef")
    document.add_paragraph("Delaftalen gælder fra - til:")
    document.add_paragraph("1/11-2025 til 31/10-2029")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(NotADelaftaleError, match="focus_area="):
        read_docx(buffer.getvalue())
    a = read_docx(buffer.getvalue(), focus_area=FocusArea.BESKAEFTIGELSE)
    assert a.focus_area is FocusArea.BESKAEFTIGELSE
    assert str(a.parties[0]) == "Center for Kultur og Fritid, Ishøj Kommune, Centerchef"


def test_highlighted_unknown_text_is_dropped_as_guidance_and_noted() -> None:
    from docx.enum.text import WD_COLOR_INDEX

    document = docx.Document()
    document.add_paragraph("Delaftale for indsatsområdet Beskæftigelse")
    document.add_paragraph("Sammenhæng med den kommunale indsats i boligområdet:")
    run = document.add_paragraph().add_run("Skriv her om kommunens egne tilbud (kommunens tekst).")
    run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
    document.add_paragraph("Kommunen driver en jobcafé.")
    buffer = io.BytesIO()
    document.save(buffer)
    agreement, report = read_docx_with_report(buffer.getvalue())
    assert str(agreement.municipal_context) == "Kommunen driver en jobcafé."
    assert "guidance-by-highlight" in report.codes()
    assert "kommunens egne tilbud" in report.text("en")


def test_text_before_the_first_label_is_reported_unplaced() -> None:
    document = docx.Document()
    document.add_paragraph("Delaftale for indsatsområdet Beskæftigelse")
    document.add_paragraph("Bilag 3 til den strategiske samarbejdsaftale")
    document.add_paragraph("Delaftalens parter:")
    buffer = io.BytesIO()
    document.save(buffer)
    _, report = read_docx_with_report(buffer.getvalue())
    assert [(u.location, u.text) for u in report.unplaced] == [
        ("paragraph 2", "Bilag 3 til den strategiske samarbejdsaftale")
    ]
    assert "ikke placeret (paragraph 2)" in report.text()


def test_report_json_friendly(fixtures: dict[str, Path]) -> None:
    _, report = read_docx_with_report(fixtures["missing-staffing"])
    assert json.dumps(unstructure(report))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS)
def test_no_guidance_or_form_text_ends_up_in_the_data(
    fixtures: dict[str, Path], stem: str, layout: str
) -> None:
    agreement = read_docx(fixtures[f"{stem}--{layout}"])
    blob = "\n".join(norm(s) for s in strings(unstructure(agreement))).casefold()
    leaked = [g for g in (*fx.GUIDANCE, *fx.BOILERPLATE[1:]) if norm(g).casefold()[:60] in blob]
    assert leaked == []


def _rewrite(path: Path, part: str, change: Any) -> bytes:
    """The .docx at `path` with one part's bytes changed by `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == part else data)
    return out.getvalue()


def test_styles_with_another_namespace_prefix_read_the_same(fixtures: dict[str, Path]) -> None:
    # The fast path cuts used styles out of styles.xml by their "w:" tags; a part written with
    # another prefix must be parsed whole and give the same result.
    path = fixtures["soenderborg-2021-uddannelse-og-livschancer--plain-guidance"]
    renamed = _rewrite(
        path,
        "word/styles.xml",
        lambda d: d.replace(b"w:", b"ws:").replace(b"xmlns:w=", b"xmlns:ws="),
    )
    assert read_docx(renamed) == read_docx(path)


def test_a_part_with_a_doctype_is_refused(fixtures: dict[str, Path]) -> None:
    path = fixtures["ishoj-2025-beskaeftigelse--form"]
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;">]>'
    )
    hostile = _rewrite(path, "word/document.xml", lambda d: bomb + d.split(b"?>", 1)[1])
    with pytest.raises(delaftale.UnsafeDocxError, match="DOCTYPE"):
        read_docx(hostile)


def test_a_part_that_is_not_xml_is_corrupt(fixtures: dict[str, Path]) -> None:
    path = fixtures["ishoj-2025-beskaeftigelse--form"]
    broken = _rewrite(path, "word/document.xml", lambda d: d[: len(d) // 2])
    with pytest.raises(CorruptDocxError, match="not well-formed"):
        read_docx(broken)


def test_zip_limits_are_enforced(fixtures: dict[str, Path]) -> None:
    path = fixtures["ishoj-2025-beskaeftigelse--form"]
    with pytest.raises(delaftale.UnsafeDocxError, match="max_entries"):
        read_docx(path, limits=delaftale.Limits(max_entries=5))
    with pytest.raises(delaftale.UnsafeDocxError, match="max_total_bytes"):
        read_docx(path, limits=delaftale.Limits(max_total_bytes=1000))
    with pytest.raises(delaftale.UnsafeDocxError, match="max_entry_bytes"):
        read_docx(path, limits=delaftale.Limits(max_entry_bytes=1000))
    with pytest.raises(delaftale.UnsafeDocxError, match="max_file_bytes"):
        read_docx(path, limits=delaftale.Limits(max_file_bytes=1000))


def test_a_zip_bomb_entry_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(delaftale.UnsafeDocxError, match="zip bomb"):
        read_docx(bomb)


def test_a_real_zip_bomb_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    bomb = tmp_path / "bomb.docx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(300):  # 300 MiB of zeros, about 300 KiB packed
                entry.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(delaftale.UnsafeDocxError, match=r"zip bomb|max_entry_bytes"):
            read_docx(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # the bomb is refused before anything is unpacked


def test_a_macro_enabled_document_is_read_and_its_macros_neither_run_nor_kept(
    fixtures: dict[str, Path],
) -> None:
    path = fixtures["ishoj-2025-beskaeftigelse--form"]
    main_type = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    macro_type = b"application/vnd.ms-word.document.macroEnabled.main+xml"
    docm = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(docm, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(main_type, macro_type)
            target.writestr(info, data)
        target.writestr("word/vbaProject.bin", b'Attribute VB_Name = "AutoOpen"\x00' * 10)
    agreement, report = read_docx_with_report(docm.getvalue())
    assert agreement == read_docx(path)
    assert report.unplaced == ()
    assert "VB_Name" not in delaftale.dumps(agreement)


def test_styles_using_other_word_namespaces_are_read(fixtures: dict[str, Path]) -> None:
    # Found by fuzzing: Word 2010+ puts w14 elements in styles; the styles cut out one by one
    # must keep the part's namespace declarations, or a valid file reads as "damaged".
    path = fixtures["ishoj-2025-beskaeftigelse--form"]
    w14 = b"http://schemas.microsoft.com/office/word/2010/wordml"
    mc = b"http://schemas.openxmlformats.org/markup-compatibility/2006"

    def add_w14(data: bytes) -> bytes:
        declare = b""
        for prefix, uri in ((b"w14", w14), (b"mc", mc)):
            if b"xmlns:" + prefix + b"=" not in data[: data.find(b">", data.find(b"<w:styles"))]:
                declare += b"xmlns:" + prefix + b'="' + uri + b'" '
        data = data.replace(b"<w:styles ", b"<w:styles " + declare, 1)
        return data.replace(b"<w:rPr>", b'<w:rPr><w14:ligatures w14:val="standardContextual"/>')

    assert read_docx(_rewrite(path, "word/styles.xml", add_w14)) == read_docx(path)


def test_a_lone_bullet_glyph_in_staffing_is_kept_as_text() -> None:
    # Found by fuzzing: a paragraph holding only the Symbol bullet made the whole read fail.
    document = docx.Document()
    document.add_paragraph("Delaftale for indsatsområdet Beskæftigelse")
    document.add_paragraph("Medarbejderressourcer for indsatsområdet:")
    document.add_paragraph("Projektleder 37%")
    document.add_paragraph("\uf0b7")
    buffer = io.BytesIO()
    document.save(buffer)
    agreement = read_docx(buffer.getvalue())
    assert [a.title for a in agreement.staffing.allocations] == ["Projektleder"]
    assert str(agreement.staffing.note) == "\uf0b7"
