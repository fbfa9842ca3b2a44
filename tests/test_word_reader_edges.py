"""The reader on small, odd documents built here: each test one irregularity a real file has."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import docx
import pytest
from docx.document import Document

from delaftale import ParagraphKind, read_docx_with_report
from delaftale.model import Table

TITLE = "Delaftale for indsatsområdet Beskæftigelse"


def build(fill: Callable[[Document], None]) -> bytes:
    document = docx.Document()
    document.add_paragraph(TITLE)
    fill(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def delmaal_table(document: Document, rows: list[list[str]]) -> None:
    header = ["Delmål", "Indikator", "Baseline", "Evt. anden baseline", "Baseline år", "Datakilde"]
    table = document.add_table(rows=1 + len(rows), cols=len(rows[0]) if rows else 6)
    for c, text in enumerate(header[: len(table.columns)]):
        table.cell(0, c).text = text
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def test_unreadable_period_is_kept_unplaced_and_noted() -> None:
    def fill(d: Document) -> None:
        d.add_paragraph("Delaftalen gælder fra - til:")
        d.add_paragraph("Fra efteråret og fire år frem")

    agreement, report = read_docx_with_report(build(fill))
    assert agreement.period is None
    assert "period-unreadable" in report.codes()
    assert [u.text for u in report.unplaced] == ["Fra efteråret og fire år frem"]


def test_delmaal_rows_without_an_indicator_or_a_delmaal() -> None:
    def fill(d: Document) -> None:
        d.add_paragraph("Delmål og indikatorer for indsatsområdet")
        delmaal_table(
            d,
            [
                ["", "Andel i job", "40 %", "", "2023", "Jobcenteret"],
                ["Flere i job", "", "12 %", "", "2023", "LBF"],
                ["", "", "", "", "", ""],
                ["Flere i uddannelse", "", "", "", "", ""],
            ],
        )

    agreement, report = read_docx_with_report(build(fill))
    titles = [g.title for g in agreement.sub_goals]
    assert titles == ["(delmål ikke angivet)", "Flere i job", "Flere i uddannelse"]
    assert agreement.sub_goals[0].indicators[0].baseline is not None
    assert agreement.sub_goals[0].indicators[0].baseline.value == Decimal(40)
    assert agreement.sub_goals[1].indicators == ()
    assert "indicator-missing" in report.codes()
    assert "sub-goal-title-missing" in report.codes()
    assert any("12 %" in u.text for u in report.unplaced)


def test_extra_columns_in_the_delmaal_table_are_unplaced_not_lost() -> None:
    def fill(d: Document) -> None:
        d.add_paragraph("Delmål og indikatorer for indsatsområdet")
        table = d.add_table(rows=2, cols=7)
        for c, text in enumerate(
            ["Delmål", "Indikator", "Baseline", "Anden baseline", "Baseline år", "Datakilde", "Mål"]
        ):
            table.cell(0, c).text = text
        for c, text in enumerate(["Flere i job", "Andel", "40 %", "", "2023", "LBF", "50 %"]):
            table.cell(1, c).text = text

    agreement, report = read_docx_with_report(build(fill))
    assert agreement.sub_goals[0].indicators[0].description == "Andel"
    assert [u.text for u in report.unplaced] == ["50 %"]


def test_two_delmaal_tables_and_one_out_of_place() -> None:
    def fill(d: Document) -> None:
        d.add_paragraph("Delmål og indikatorer for indsatsområdet")
        delmaal_table(d, [["Flere i job", "Andel", "40 %", "", "2023", "LBF"]])
        d.add_paragraph("Sammenhæng med den kommunale indsats i boligområdet:")
        delmaal_table(d, [["Flere i uddannelse", "Andel", "30 %", "", "2023", "LBF"]])

    agreement, report = read_docx_with_report(build(fill))
    assert [g.title for g in agreement.sub_goals] == ["Flere i job", "Flere i uddannelse"]
    assert {"several-delmaal-tables", "delmaal-table-out-of-place"} <= set(report.codes())


def test_tables_where_one_line_answers_belong_are_unplaced() -> None:
    def fill(d: Document) -> None:
        d.add_paragraph("Delaftalens parter:")
        table = d.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Center for Kultur og Fritid"
        table.cell(0, 1).text = "Centerchef"

    agreement, report = read_docx_with_report(build(fill))
    assert agreement.parties == ()
    assert [u.text for u in report.unplaced] == ["Center for Kultur og Fritid\nCenterchef"]


def test_content_tables_and_text_in_staffing_and_schemas() -> None:
    def fill(d: Document) -> None:
        d.add_paragraph("Medarbejderressourcer for indsatsområdet:")
        d.add_paragraph("Indsatsområdet vægtes overordnet 27 %:")
        d.add_paragraph("Boligsocial leder (ansat på 37 timer): 25 % af stillingen")
        d.add_paragraph("Timerne fordeles efter behov.")
        table = d.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Leder"
        table.cell(0, 1).text = "25 %"
        d.add_paragraph(
            "Aktiviteter, som skal bidrage til indfrielsen af delmålene for indsatsområdet "
            "(tilføj skemaer - ét skema pr. aktivitet):"
        )
        d.add_paragraph("Løs tekst før første skema")
        d.add_paragraph("Aktivitetsnavn:")
        d.add_paragraph("Jobcafé")
        inner = d.add_table(rows=1, cols=1)
        inner.cell(0, 0).text = "Tabel under navnet"
        d.add_paragraph("Formål:")
        d.add_paragraph("At flere kommer i job.")
        d.add_paragraph("Formål:")
        d.add_paragraph("Et andet skema uden navn.")

    agreement, report = read_docx_with_report(build(fill))
    staffing = agreement.staffing
    assert staffing.area_weight == Decimal(27)
    assert [a.share for a in staffing.allocations] == [Decimal(25)]
    assert "Timerne fordeles efter behov." in str(staffing.note)
    assert any(isinstance(b, Table) for b in staffing.note.blocks)
    assert [u.text for u in report.unplaced] == ["Løs tekst før første skema"]
    first, second = agreement.activities
    assert first.name == "Jobcafé"
    assert isinstance(first.name_note.blocks[0], Table)
    assert str(first.purpose) == "At flere kommer i job."
    assert second.name == "(aktivitetsnavn mangler)"
    assert report.codes().count("activity-name-missing") == 2  # the label, then the name


def test_word_numbering_formats_and_symbol_fields() -> None:
    def fill(d: Document) -> None:
        d.add_paragraph("Sammenhæng med den kommunale indsats i boligområdet:")
        d.add_paragraph("første", style="List Number")
        d.add_paragraph("punkt", style="List Bullet 2")
        para = d.add_paragraph("kommune")
        run = para.add_run()
        sym = run._r.makeelement(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sym",
            {"{http://schemas.openxmlformats.org/wordprocessingml/2006/main}char": "F0E0"},
        )
        run._r.append(sym)

    agreement, _ = read_docx_with_report(build(fill))
    kinds = [(p.kind, p.level) for p in agreement.municipal_context.paragraphs()]
    assert kinds == [
        (ParagraphKind.NUMBERED, 0),
        (ParagraphKind.BULLET, 1),
        (ParagraphKind.BODY, 0),
    ]
    assert list(agreement.municipal_context.paragraphs())[2].text == "kommune\uf0e0"


def test_document_without_title_or_labels_is_not_a_delaftale() -> None:
    from delaftale import NotADelaftaleError

    document = docx.Document()
    document.add_paragraph("Indkøbsliste")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(NotADelaftaleError, match="neither"):
        read_docx_with_report(buffer.getvalue())


def test_title_with_an_unknown_area_is_reported() -> None:
    from delaftale import FocusArea, NotADelaftaleError

    document = docx.Document()
    document.add_paragraph("Delaftale for indsatsområdet Sundhed")
    document.add_paragraph("Delaftalens parter:")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(NotADelaftaleError, match="'Delaftale for indsatsområdet Sundhed'"):
        read_docx_with_report(buffer.getvalue())
    agreement, report = read_docx_with_report(
        buffer.getvalue(), focus_area=FocusArea.SAMMENHAENGSKRAFT_OG_MEDBORGERSKAB
    )
    assert agreement.focus_area is FocusArea.SAMMENHAENGSKRAFT_OG_MEDBORGERSKAB
    assert "title-area-unknown" in report.codes()


def test_guidance_highlighted_through_a_character_style_is_recognised() -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_COLOR_INDEX

    def fill(d: Document) -> None:
        style = d.styles.add_style("Vejledning", WD_STYLE_TYPE.CHARACTER)
        style.font.highlight_color = WD_COLOR_INDEX.YELLOW
        d.add_paragraph("Revision af delaftalen:")
        d.add_paragraph().add_run("Beskriv her jeres egne aftaler om revision.", style="Vejledning")
        d.add_paragraph().add_run(
            "Her beskrives lokale aftaler for revision af delaftalen.", style="Vejledning"
        )
        d.add_paragraph("Delaftalen revideres hvert år i januar.")

    agreement, report = read_docx_with_report(build(fill))
    assert str(agreement.revision) == "Delaftalen revideres hvert år i januar."
    assert report.codes().count("guidance-by-highlight") == 1


def test_a_list_style_numbered_zero_is_the_first_level() -> None:
    # Found by fuzzing: a style renamed "List Bullet 0" gave level -1.
    def fill(d: Document) -> None:
        d.styles["List Bullet"].name = "List Bullet 0"
        d.add_paragraph("Sammenhæng med den kommunale indsats i boligområdet:")
        d.add_paragraph("punkt", style="List Bullet 0")

    agreement, _ = read_docx_with_report(build(fill))
    (paragraph,) = agreement.municipal_context.paragraphs()
    assert (paragraph.kind, paragraph.level) == (ParagraphKind.BULLET, 0)


def test_text_word_does_not_show_is_left_out_and_noted() -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def fill(d: Document) -> None:
        d.add_paragraph("Medarbejderressourcer for indsatsområdet:")
        line = d.add_paragraph()
        line.add_run("Boligsocial leder: ")
        hidden = line.add_run("9")
        hidden.font.hidden = True  # w:vanish: a hidden "9" must not make 25 % into 925 %
        line.add_run("25 % af stillingen")
        moved = d.add_paragraph()
        moved._p.append(
            parse_xml(
                f'<w:moveFrom {nsdecls("w")} w:id="1" w:author="A" w:date="2025-09-01T00:00:00Z">'
                "<w:r><w:t>Koordinator: 50 % af stillingen</w:t></w:r></w:moveFrom>"
            )
        )
        to = d.add_paragraph()
        to._p.append(
            parse_xml(
                f'<w:moveTo {nsdecls("w")} w:id="2" w:author="A" w:date="2025-09-01T00:00:00Z">'
                "<w:r><w:t>Koordinator: 40 % af stillingen</w:t></w:r></w:moveTo>"
            )
        )

    agreement, report = read_docx_with_report(build(fill))
    shares = [(a.title, a.share) for a in agreement.staffing.allocations]
    assert shares == [("Boligsocial leder", Decimal(25)), ("Koordinator", Decimal(40))]
    notes = [n for n in report.notes if n.code == "text-not-shown"]
    assert [n.message.split("left out: ", 1)[1] for n in notes] == [
        "'9'.",
        "'Koordinator: 50 % af stillingen'.",
    ]


def test_a_zip_holding_an_entry_twice_is_refused() -> None:
    import warnings
    import zipfile

    from delaftale import CorruptDocxError

    original = build(lambda d: d.add_paragraph("Delaftalens parter:"))
    source = zipfile.ZipFile(io.BytesIO(original))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr(
            "word/document.xml", source.read("word/document.xml").replace(b"Delaftalens", b"Andre")
        )
    with pytest.raises(CorruptDocxError, match=r"word/document\.xml twice"):
        read_docx_with_report(buffer.getvalue())
