"""Reading delaftaler from PDF (exported by LibreOffice from the Word fixtures), losing nothing.

The PDFs are committed under ``tests/fixtures/pdf`` (made by ``build_pdf_fixtures.py``), so
these tests need no LibreOffice. They hold the PDF reader to the Word reader's expectations:
the facts typed by hand from the seed documents and the transcribed examples, with the few
differences a PDF cannot avoid written out by hand below (see docs/pdf.md).
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
import time
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import pytest

import delaftale
import seed_facts
from delaftale import (
    Agreement,
    CorruptPdfError,
    NotADelaftaleError,
    NotAPdfTextError,
    ParseReport,
    UnsafePdfError,
    unstructure,
)
from delaftale.pdf import EncryptedPdfError, PdfLimits, read_pdf, read_pdf_with_report
from delaftale.pdf.layout import join_lines, make_lines, paragraphs
from fixtures import build_docx_fixtures as fx
from texts import norm, strings

PDF_DIR = Path(__file__).parent / "fixtures" / "pdf"
EXAMPLES = Path(__file__).parent.parent / "examples"
LAYOUTS = ("form", "paragraphs", "plain-guidance")
STEMS = sorted(seed_facts.BY_STEM)


@functools.cache
def read(name: str) -> tuple[Agreement, ParseReport]:
    """Each committed PDF is read once per test process (a read takes a second or two)."""
    return read_pdf_with_report(PDF_DIR / f"{name}.pdf")


# --------------------------------------------------------------------------- known differences

# Words LibreOffice broke across the lines of a narrow delmål cell where the PDF cannot tell
# a break between two words from a break inside one: the line is filled to the cell's edge,
# no space glyph is kept, and the document has neither word whole elsewhere. Typed by hand
# from the fixture PDFs' pages (see docs/pdf.md); the reader joins them as one word.
RUN_TOGETHER = {
    "ishoj-2025-uddannelse-og-livschancer": ("påbegyndt en", "kalenderår af"),
    "ishoj-2025-beskaeftigelse": ("kalenderår af", "matematik ved"),
    "soenderborg-2021-uddannelse-og-livschancer": ("matematik ved",),
}


def _run_together(data: Any, pairs: tuple[str, ...]) -> Any:
    if isinstance(data, str):
        for pair in pairs:
            data = data.replace(pair, pair.replace(" ", ""))
        return data
    if isinstance(data, dict):
        return {k: _run_together(v, pairs) for k, v in data.items()}
    if isinstance(data, list):
        return [_run_together(v, pairs) for v in data]
    return data


def expected(stem: str) -> Agreement:
    """The transcribed example, with the words a PDF runs together run together in its
    delmål table (and nowhere else)."""
    data = json.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"))
    data["sub_goals"] = _run_together(data["sub_goals"], RUN_TOGETHER[stem])
    return delaftale.loads(json.dumps(data), Agreement)


def test_the_known_differences_are_real() -> None:
    # Every pair written out above is in its example's delmål table, so none is stale.
    for stem, pairs in RUN_TOGETHER.items():
        text = json.dumps(
            json.loads((EXAMPLES / f"{stem}.json").read_text("utf-8"))["sub_goals"],
            ensure_ascii=False,
        )
        assert all(pair in text for pair in pairs), stem


# --------------------------------------------------------------------------- the fixtures


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS)
def test_reads_the_seed_facts_in_every_layout(stem: str, layout: str) -> None:
    agreement, report = read(f"{stem}--{layout}")
    seed_facts.BY_STEM[stem](agreement)
    assert report.unplaced == ()
    assert report.notes == ()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS)
def test_every_layout_reads_back_the_transcribed_example(stem: str, layout: str) -> None:
    agreement, _ = read(f"{stem}--{layout}")
    assert agreement == expected(stem)


def test_the_delmaal_words_a_pdf_runs_together() -> None:
    agreement, _ = read("ishoj-2025-uddannelse-og-livschancer--form")
    assert (
        agreement.sub_goals[1].title
        == "Færre unge afbryder uddannelse uden at påbegyndten ny uddannelse"
    )
    # ... while words broken mid-word in the same narrow cells are joined right.
    assert agreement.sub_goals[0].title == (
        "Flere unge gennemfører en uddannelse højere end grundskolen"
    )
    assert agreement.sub_goals[1].indicators[0].data_source == "LBF - Beboerdata"


def test_a_delmaal_row_split_over_two_pages_is_one_row() -> None:
    # In the form layout the third delmål's row starts on page 2 and ends on page 3.
    agreement, _ = read("ishoj-2025-uddannelse-og-livschancer--form")
    third = agreement.sub_goals[2]
    assert third.title == (
        "Øge og styrke de unge gennem erhvervspraktikforløb, juniormesterlære og social praktik"
    )
    assert len(third.indicators) == 1
    assert third.indicators[0].description.endswith("ved aktivitetens opstart)")


def test_a_content_table_over_three_pages_is_one_table() -> None:
    agreement, _ = read("ishoj-2025-beskaeftigelse--form")
    tables = [b for b in agreement.activities[2].content.blocks if hasattr(b, "rows")]
    assert len(tables) == 1
    rows = tables[0].rows  # type: ignore[union-attr]
    assert [str(c) for c in rows[0]] == ["Elementer", "Indhold", "Aktører"]
    assert len(rows) == 4


def test_draft_line_is_read_from_the_header_and_from_the_body() -> None:
    for layout in LAYOUTS:
        agreement, _ = read(f"ishoj-2025-beskaeftigelse--{layout}")
        assert agreement.draft_date is not None
        assert agreement.draft_date.isoformat() == "2025-09-01"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS)
def test_no_header_guidance_or_form_text_ends_up_in_the_data(stem: str, layout: str) -> None:
    agreement, _ = read(f"{stem}--{layout}")
    blob = "\n".join(norm(s) for s in strings(unstructure(agreement))).casefold()
    leaked = [g for g in (*fx.GUIDANCE, *fx.BOILERPLATE[1:]) if norm(g).casefold()[:60] in blob]
    assert leaked == []
    assert "udkast" not in blob  # the page header, repeated on every page


def test_extra_sections_are_kept_by_name() -> None:
    for layout in LAYOUTS:
        agreement, _ = read(f"ishoj-2025-uddannelse-og-livschancer--{layout}")
        assert [s.title for s in agreement.activities[0].extra_sections] == ["Rekruttering"]
        assert "Rekruttering" not in str(agreement.activities[0].content)


def test_symbol_bullets_become_bullets_without_the_glyph() -> None:
    agreement, _ = read("soenderborg-2021-uddannelse-og-livschancer--paragraphs")
    paragraphs = list(agreement.activities[0].purpose.paragraphs())
    bullets = [p for p in paragraphs if p.kind.value == "bullet"]
    assert len(bullets) == 3
    assert all("\uf0b7" not in p.text and not p.text.startswith(("\t", " ")) for p in bullets)
    # A bullet's second line is part of the bullet, not a paragraph of its own.
    assert bullets[0].text.endswith("og måske i skolebestyrelsesarbejdet.")


def test_footnotes_are_kept_with_their_paragraph_and_not_as_text() -> None:
    for layout in LAYOUTS:
        agreement, _ = read(f"ishoj-2025-uddannelse-og-livschancer--{layout}")
        first = next(iter(agreement.municipal_context.paragraphs()))
        assert first.footnotes == ("Aftale om folkeskolens kvalitetsprogram",)
        texts = [s for s in strings(unstructure(agreement)) if "kvalitetsprogram" in s]
        assert "Aftale om folkeskolens kvalitetsprogram" in texts  # the footnote, once
        assert not any(t.startswith("1 Aftale") or t.endswith("2 0 2 5") for t in texts)


def test_sources_path_bytes_and_file_object() -> None:
    path = PDF_DIR / "not-a-delaftale.pdf"
    for source in (path, str(path), path.read_bytes(), io.BytesIO(path.read_bytes())):
        with pytest.raises(NotADelaftaleError):
            read_pdf(source)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'rb'"):
        read_pdf(io.StringIO("tekst"))  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_pdf(PDF_DIR / "nowhere.pdf")


def test_a_pdf_that_is_not_a_delaftale_says_so() -> None:
    with pytest.raises(NotADelaftaleError, match=r"not-a-delaftale\.pdf is a PDF, but not a"):
        read_pdf(PDF_DIR / "not-a-delaftale.pdf")


# --------------------------------------------------------------------------- PDFs made by hand


def _pdf(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A PDF of the given objects (1 is the catalog), with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return out


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(content: bytes, extra: bytes = b"", trailer: bytes = b"") -> bytes:
    return _pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content, extra),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        trailer=trailer,
    )


def _text(*lines: tuple[float, float, str], size: float = 11) -> bytes:
    """A content stream showing each (x, y, text) in Helvetica, WinAnsi-encoded."""
    shown = b"".join(
        b"BT /F1 %g Tf %g %g Td (%s) Tj ET\n" % (size, x, y, text.encode("cp1252"))
        for x, y, text in lines
    )
    return shown


def _pages(*contents: bytes) -> bytes:
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objects.append(_stream(content))
    return _pdf(*objects)


def test_page_headers_footers_and_numbers_are_left_out() -> None:
    header = (72, 760, "Udkast 1. september 2025")
    data = _pages(
        _text(
            header,
            (72, 700, "Delaftale for indsatsområdet Beskæftigelse"),
            (72, 670, "Delaftalens parter:"),
            (72, 650, "Center for Kultur og Fritid, Ishøj Kommune, Centerchef"),
            (72, 40, "Boligsocial helhedsplan Ishøj"),
            (500, 40, "Side 1 af 2"),
        ),
        _text(
            header,
            (72, 700, "Delaftalen gælder fra - til:"),
            (72, 680, "1/11-2025 til 31/10-2029"),
            (72, 40, "Boligsocial helhedsplan Ishøj"),
            (500, 40, "Side 2 af 2"),
        ),
    )
    agreement, report = read_pdf_with_report(data)
    assert agreement.draft_date is not None
    assert agreement.draft_date.isoformat() == "2025-09-01"
    assert [str(p) for p in agreement.parties] == [
        "Center for Kultur og Fritid, Ishøj Kommune, Centerchef"
    ]
    assert agreement.period is not None
    assert agreement.period.end.isoformat() == "2029-10-31"
    assert report.unplaced == ()
    blob = delaftale.dumps(agreement)
    assert "Side" not in blob
    assert "Boligsocial helhedsplan Ishøj" not in blob


def test_a_footnote_going_on_over_the_page_is_one_footnote() -> None:
    rule = b"72 100 150 0.5 re f\n"
    reference = b"BT /F1 6 Tf 260 655 Td (1) Tj ET\n"
    data = _pages(
        _text(
            (72, 700, "Delaftale for indsatsområdet Beskæftigelse"),
            (72, 670, "Sammenhæng med den kommunale indsats i boligområdet:"),
            (72, 650, "Kommunen driver en jobcafé."),
        )
        + reference
        + rule
        + _text((72, 85, "Jobcaféen åbnede i marts 2025 og har"), size=8)
        + b"BT /F1 5 Tf 66 88 Td (1) Tj ET\n",
        _text((72, 700, "Revision af delaftalen:"), (72, 680, "Hvert år i marts."))
        + rule
        + _text((72, 85, "åbent to dage om ugen."), size=8),
    )
    agreement, report = read_pdf_with_report(data)
    (paragraph,) = agreement.municipal_context.paragraphs()
    assert paragraph.text == "Kommunen driver en jobcafé."
    assert paragraph.footnotes == ("Jobcaféen åbnede i marts 2025 og har åbent to dage om ugen.",)
    assert str(agreement.revision) == "Hvert år i marts."
    assert report.unplaced == ()


def test_a_hand_made_pdf_with_text_is_read() -> None:
    text = b"BT /F1 12 Tf 72 700 Td (Delaftale for indsatsomr\xe5det Besk\xe6ftigelse) Tj ET"
    agreement = read_pdf(_one_page(text))
    assert agreement.focus_area is delaftale.FocusArea.BESKAEFTIGELSE


def test_a_scanned_pdf_has_no_text_to_read() -> None:
    from PIL import Image, ImageDraw

    page = Image.new("L", (425, 550), 255)
    draw = ImageDraw.Draw(page)
    for y in range(60, 500, 14):  # lines of "text", as a scanner sees them: pixels
        draw.rectangle((50, y, 370, y + 6), fill=40)
    scan = io.BytesIO()
    page.save(scan, "PDF", resolution=50)
    with pytest.raises(NotAPdfTextError, match=r"OCR.*Word file") as info:
        read_pdf(scan.getvalue())
    assert str(info.value).startswith("the document has no text to read: it is a scan")


def test_a_pdf_of_only_drawings_has_no_text_to_read() -> None:
    drawing = b"0 0 1 RG 72 72 m 500 700 l S 100 100 200 200 re f"
    with pytest.raises(NotAPdfTextError):
        read_pdf(_one_page(drawing))


def test_a_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    data = (PDF_DIR / "not-a-delaftale.pdf").read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: len(data) * 6 // 10])
    with pytest.raises(CorruptPdfError, match=r"broken\.pdf is a damaged PDF") as info:
        read_pdf(broken)
    assert "fresh copy" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("data", [b"", "Kære beboer, ...".encode(), b"PK\x03\x04 a zip file"])
def test_bytes_that_are_not_a_pdf_are_refused(data: bytes) -> None:
    with pytest.raises(CorruptPdfError, match="'%PDF-'"):
        read_pdf(data)


def test_a_pdf_with_a_password_is_refused_clearly() -> None:
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
        b"11" * 32,
        b"22" * 32,
    )
    data = _pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        encrypt,
        trailer=b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> "
        b"<0123456789abcdef0123456789abcdef>]",
    )
    with pytest.raises(EncryptedPdfError, match="password") as info:
        read_pdf(data)
    assert isinstance(info.value, CorruptPdfError)


def _bomb_stream() -> bytes:
    """Two Flate layers: some 2 KB that unpack to 1 MB, which unpacks to 1 GiB of zeros.

    Built from one compressed MiB repeated (a full flush makes each the same bytes), so the
    test takes milliseconds rather than compressing a gigabyte.
    """
    zeros = b"\0" * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    unit = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    assert unit == first
    inner = b"\x78\xda" + unit * 1024 + packer.flush() + b"\0\0\0\0"
    return zlib.compress(inner, 9)


def test_a_compression_bomb_is_refused_quickly_with_little_memory() -> None:
    bomb = _one_page(_bomb_stream(), b"/Filter [/FlateDecode /FlateDecode]")
    assert len(bomb) < 4096
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(UnsafePdfError, match=r"compression bomb.*max_stream_bytes"):
            read_pdf(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 5
    assert peak < 8 * 1024 * 1024


def test_streams_together_over_the_limit_are_refused() -> None:
    content = zlib.compress(b"0 0 m 1 1 l S\n" * 5000)
    data = _one_page(content, b"/Filter /FlateDecode")
    with pytest.raises(UnsafePdfError, match="max_total_bytes"):
        read_pdf(data, limits=PdfLimits(max_total_bytes=50_000))
    with pytest.raises(UnsafePdfError, match="max_stream_bytes"):
        read_pdf(data, limits=PdfLimits(max_stream_bytes=50_000))


def _drawn_many_times(form: bytes, times: int) -> bytes:
    """A page drawing one form XObject ``times`` times: a few KB that make a lot."""
    return _pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
        _stream(b"q " + b"/X1 Do " * times + b"Q"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(
            form,
            b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >>",
        ),
    )


def test_characters_are_counted_as_they_are_made() -> None:
    # 100 characters drawn 1,000 times: stopped at the limit, not after 100,000.
    data = _drawn_many_times(b"BT /F1 2 Tf 0 0 Td (" + b"x" * 100 + b") Tj ET", 1000)
    start = time.perf_counter()
    with pytest.raises(UnsafePdfError, match=r"more than 2000 characters.*max_chars"):
        read_pdf(data, limits=PdfLimits(max_chars=2000))
    assert time.perf_counter() - start < 2


def test_shapes_are_counted_as_they_are_made() -> None:
    data = _drawn_many_times(b"0 0 1 1 re f " * 10, 1000)
    with pytest.raises(UnsafePdfError, match="max_shapes"):
        read_pdf(data, limits=PdfLimits(max_shapes=500))


def test_lzw_streams_are_counted_too() -> None:
    # pdfminer decodes LZW with a generator; the pre-scan counts its output piece by piece.
    data = _one_page(bytes(range(256)) * 64, b"/Filter /LZWDecode")
    with pytest.raises(UnsafePdfError, match="max_stream_bytes"):
        read_pdf(data, limits=PdfLimits(max_stream_bytes=1000))


def test_a_folder_is_not_a_pdf(tmp_path: Path) -> None:
    with pytest.raises(CorruptPdfError, match="is a folder, not a PDF"):
        read_pdf(tmp_path)


def test_page_character_and_size_limits() -> None:
    path = PDF_DIR / "ishoj-2025-beskaeftigelse--form.pdf"
    with pytest.raises(UnsafePdfError, match=r"more than 2 pages.*max_pages"):
        read_pdf(path, limits=PdfLimits(max_pages=2))
    with pytest.raises(UnsafePdfError, match="max_file_bytes"):
        read_pdf(path, limits=PdfLimits(max_file_bytes=1000))
    with pytest.raises(UnsafePdfError, match="max_file_bytes"):
        read_pdf(path.read_bytes(), limits=PdfLimits(max_file_bytes=1000))
    with pytest.raises(UnsafePdfError, match="max_chars"):
        read_pdf(path, limits=PdfLimits(max_chars=1000))


def test_pages_packed_in_object_streams_are_counted() -> None:
    pages = b" ".join(b"<< /Type /Page /Parent 2 0 R >>" for _ in range(5))
    packed = _stream(zlib.compress(pages), b"/Type /ObjStm /N 5 /First 0 /Filter /FlateDecode")
    data = _pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] >>", packed)
    with pytest.raises(UnsafePdfError, match="more than 3 pages"):
        read_pdf(data, limits=PdfLimits(max_pages=3))


@pytest.mark.parametrize("value", [0, -1, "5", 2.5, True])
def test_limits_must_be_whole_numbers_of_at_least_one(value: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        PdfLimits(max_pages=value)


def test_the_pdf_library_is_imported_only_when_a_pdf_is_read() -> None:
    code = (
        "import sys, delaftale, delaftale.pdf; "
        "assert 'pdfplumber' not in sys.modules and 'pdfminer' not in sys.modules; "
        "assert 'docx' not in sys.modules and 'lxml' not in sys.modules, 'pdf imports Word'; "
        "delaftale.pdf.read_pdf_with_report; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr


# --------------------------------------------------------------------------- the layout rules


def _chars(
    text: str, x: float, top: float, size: float = 10, width: float = 5, font: str = "Serif"
) -> list[dict[str, Any]]:
    """Characters of one run of text, each ``width`` wide (a space 3 wide)."""
    out = []
    for ch in text:
        w = 3.0 if ch == " " else width
        out.append(
            {
                "text": ch,
                "fontname": font,
                "size": size,
                "x0": x,
                "x1": x + w,
                "top": top,
                "bottom": top + size,
                "non_stroking_color": (0,),
            }
        )
        x += w
    return out


def _lines(*rows: tuple[str, float, float]) -> list[Any]:
    return make_lines([c for text, x, top in rows for c in _chars(text, x, top)], page=1)


def test_a_small_raised_number_is_a_footnote_reference() -> None:
    chars = _chars("Tekst", 72, 100) + _chars("3", 97, 98, size=6) + _chars(" mere", 100, 100)
    (line,) = make_lines(chars, page=1)
    assert (line.text, line.refs, line.raw) == ("Tekst mere", ["3"], "Tekst3 mere")


def test_bullets_and_numbers_are_told_by_glyph_and_gap() -> None:
    bullet, numbered, date, dash = _lines(
        ("\uf0b7", 72, 100),
        ("Punkt", 90, 100),
        ("2.", 72, 120),
        ("Trin", 90, 120),
        ("1. november 2025", 72, 140),
        ("- Valg af uddannelse", 72, 160),
    )
    assert (bullet.kind.value, bullet.text) == ("bullet", "Punkt")
    assert (numbered.kind.value, numbered.text) == ("numbered", "Trin")
    assert (date.kind.value, date.text) == ("body", "1. november 2025")
    assert (dash.kind.value, dash.text, dash.weak_bullet) == ("bullet", "Valg af uddannelse", True)


@pytest.mark.parametrize(
    ("first", "second", "vocab", "joined"),
    [
        ("op-", "søger kommunen", {"opsøger"}, "opsøger kommunen"),
        ("op-", "søger kommunen", set(), "op-søger kommunen"),
        ("18-29-", "årige", {"1829årige"}, "18-29-årige"),
        ("Ansvars-", "og rollefordeling", set(), "Ansvars- og rollefordeling"),
        ("registrering\u00ad", "en", set(), "registreringen"),
        ("forløb", ", juniormesterlære", set(), "forløb, juniormesterlære"),
        ("grundskol", "en", {"grundskolen"}, "grundskolen"),
        ("påbegyndt", "en ny", {"påbegyndt", "en"}, "påbegyndt en ny"),
        ("aktiviteten", "s opstart", {"aktiviteten"}, "aktivitetens opstart"),
    ],
)
def test_words_broken_over_lines_are_joined_by_the_documents_words(
    first: str, second: str, vocab: set[str], joined: str
) -> None:
    lines = _lines((first, 72, 100), (second, 72, 112))
    assert join_lines(lines, body_right=72 + 5 * len(first) + 1, vocab=frozenset(vocab)) == joined


def test_a_line_ending_short_ends_its_paragraph() -> None:
    lines = _lines(
        ("Center for Kultur og Fritid", 72, 100),  # "Center" would have fitted after it
        ("Center for Børn og Unge og Familie i Ishøj", 72, 112),
        ("og resten af en lang linje", 72, 124),  # the line above was full: it goes on
    )
    paras = paragraphs(lines, body_right=72 + 200, body_left=72)
    assert [len(p.lines) for p in paras] == [1, 2]
