"""The builder of LBF's blank delaftale form, one per focus area, run at development time.

The writer does not run this: it opens the forms built here and shipped as package data
(``delaftale/word/forms/<area>.docx``), since building one through python-docx's style
lookups costs more than filling it. After changing the builder (or ``form``'s labels and
guidance), regenerate the shipped forms with::

    python -m delaftale.word.blank

``tests/test_blank_forms.py`` fails while the shipped forms differ from what this builds.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from delaftale.model import FocusArea
from delaftale.word import form
from delaftale.word.form import Section

__all__ = ["FORMS", "REGENERATE", "blank_form", "build", "form_path", "main"]

FORMS = Path(__file__).parent / "forms"
"""The folder of the shipped forms in a source checkout."""

REGENERATE = "python -m delaftale.word.blank"
"""The command that regenerates the shipped forms."""

# Column widths of the delmål table on A4 with 2.5 cm margins: the long texts get the room.
_DELMAAL_WIDTHS_CM = (2.6, 3.2, 3.0, 2.6, 2.1, 2.5)

# Every zip entry gets this time, so that building the forms again gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def blank_form(area: FocusArea) -> Any:
    """LBF's delaftale form for an area, blank, as a python-docx Document.

    A4, the form's labels as Heading 2 (sections) and Heading 3 (activity fields), its
    guidance highlighted green, an empty delmål table and one empty activity schema.
    """
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.0)
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    _ensure_style(document, "Heading 4")
    cell_style = styles.add_style("Tabeltekst", WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = styles["Normal"]
    cell_style.font.size = Pt(9)
    cell_style.paragraph_format.space_after = Pt(0)
    header_style = styles.add_style("Tabeloverskrift", WD_STYLE_TYPE.PARAGRAPH)
    header_style.base_style = cell_style
    header_style.font.bold = True
    document.add_paragraph(f"{form.TITLE_PREFIX} {area.title}", style="Title")
    _guidance(document.add_paragraph(), form.FORM_NOTE)
    for text in form.BOILERPLATE[1:]:
        document.add_paragraph(text)
    for label in form.LABELS:
        if label.section is Section.ACTIVITY_SCHEMAS:
            break
        document.add_paragraph(label.text, style="Heading 2")
        for guidance in label.guidance:
            _guidance(document.add_paragraph(), guidance)
        for fixed in label.fixed:
            document.add_paragraph(fixed)  # the form's own text, not guidance
        if label.section is Section.SUB_GOALS:
            table = document.add_table(rows=2, cols=len(form.DELMAAL_COLUMNS))
            table.style = "Table Grid"
            table.autofit = False
            for col, width in zip(
                table._tbl.tblGrid.iterfind(qn("w:gridCol")), _DELMAAL_WIDTHS_CM, strict=True
            ):
                col.set(qn("w:w"), str(int(width * 567)))  # twips
            for r, row in enumerate(table.rows):
                for cell, column, width in zip(
                    row.cells, form.DELMAAL_COLUMNS, _DELMAAL_WIDTHS_CM, strict=True
                ):
                    cell.width = Cm(width)
                    cell.paragraphs[0].style = header_style if r == 0 else cell_style
                    if r == 0:
                        cell.paragraphs[0].add_run(column.header)
    document.add_paragraph(form.ACTIVITY_SCHEMA_HEADING.text, style="Heading 2")
    for label in form.LABELS:
        if label.section is Section.ACTIVITY_NAME or label.section in form.ACTIVITY_FIELDS:
            document.add_paragraph(label.text, style="Heading 3")
            for guidance in label.guidance:
                _guidance(document.add_paragraph(), guidance)
    return document


def _guidance(paragraph: Any, text: str) -> None:
    paragraph.add_run(text).font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN


def _ensure_style(document: Any, name: str) -> None:
    # As the writer's: a heading style the base document lacks, bold italic.
    try:
        document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.font.bold = True
        style.font.italic = True


def build(area: FocusArea) -> bytes:
    """The blank form for an area as .docx bytes, the same bytes every time it is built.

    python-docx stamps each zip entry with the time of saving; here every entry gets the
    same time (and the same attributes), in python-docx's order.
    """
    saved = io.BytesIO()
    blank_form(area).save(saved)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever it is built
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()


def form_path(area: FocusArea, folder: Path = FORMS) -> Path:
    """Where the shipped blank form of an area lies in ``folder``."""
    return folder / f"{area.value}.docx"


def main(argv: list[str] | None = None) -> int:
    """Regenerate the shipped blank forms (into ``FORMS``, or the folder given)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else FORMS
    folder.mkdir(parents=True, exist_ok=True)
    for area in FocusArea:
        path = form_path(area, folder)
        data = build(area)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
