"""The blank forms shipped as package data are what the builder makes."""

from __future__ import annotations

import io
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from delaftale import FocusArea
from delaftale.word import blank, writer

EXAMPLES = Path(__file__).parent.parent / "examples"


def _parts(data: bytes) -> dict[str, bytes]:
    """Every part of a .docx: XML canonicalised (C14N), anything else as it is."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            if name.endswith((".xml", ".rels")):
                raw = etree.tostring(etree.fromstring(raw), method="c14n")
            parts[name] = raw
    return parts


@pytest.mark.parametrize("area", list(FocusArea), ids=lambda a: a.value)
def test_shipped_form_is_what_the_builder_makes(area: FocusArea) -> None:
    path = blank.form_path(area)
    fix = f"Regenerate the shipped forms with `{blank.REGENERATE}` and commit them."
    shipped = pkgutil.get_data("delaftale.word", f"forms/{area.value}.docx")
    assert shipped is not None, f"{path} is missing. {fix}"
    built, ours = _parts(blank.build(area)), _parts(shipped)
    assert sorted(ours) == sorted(built), (
        f"{path} does not hold the parts the builder makes "
        f"(missing: {sorted(set(built) - set(ours))}, extra: {sorted(set(ours) - set(built))}). "
        f"{fix}"
    )
    differ = [name for name in built if built[name] != ours[name]]
    assert differ == [], f"{path} differs from what the builder makes in {differ}. {fix}"


def test_building_twice_gives_the_same_bytes() -> None:
    area = FocusArea.BESKAEFTIGELSE
    assert blank.build(area) == blank.build(area)


def test_writing_does_not_build_the_form() -> None:
    example = EXAMPLES / "ishoj-2025-beskaeftigelse.json"
    code = (
        "import sys, pathlib, delaftale; "
        f"a = delaftale.loads(pathlib.Path({str(example)!r}).read_text('utf-8'), "
        "delaftale.Agreement); delaftale.render_docx(a); "
        "print('delaftale.word.blank' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("area", list(FocusArea), ids=lambda a: a.value)
def test_style_names_read_from_the_shipped_bytes_are_python_docx_s(area: FocusArea) -> None:
    _, styles = writer._open_blank_form(area)
    parsed = docx.Document(io.BytesIO(writer.blank_form_bytes(area)))
    assert styles is not None
    assert styles == writer._style_ids(parsed)
    assert styles[1]["Heading 4"] == "Heading4"
    assert styles[1] == {s.name: s.style_id for s in parsed.styles}


def test_style_names_not_written_as_expected_are_left_to_the_parser() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    named = f'<w:styles {w}><w:style w:styleId="A"><w:name w:val="a"/></w:style></w:styles>'
    assert writer._stored_style_ids(named.encode()) == ({"a"}, {"a": "A"})
    for odd in (
        f'<w:styles {w}><w:style w:styleId="A"><w:basedOn w:val="B"/></w:style></w:styles>',
        f'<w:styles {w}><w:style w:styleId="A"><w:name w:val="a&amp;b"/></w:style></w:styles>',
        f"<w:styles {w}><w:style/></w:styles>",
    ):
        assert writer._stored_style_ids(odd.encode()) is None


def test_the_built_in_form_s_styles_are_written_unparsed_or_as_changed() -> None:
    area = FocusArea.BESKAEFTIGELSE
    shipped = _parts(writer.blank_form_bytes(area))["word/styles.xml"]
    document, _ = writer._open_blank_form(area)
    part = document.part.part_related_by(RT.STYLES)
    assert part.blob == zipfile.ZipFile(io.BytesIO(writer.blank_form_bytes(area))).read(
        "word/styles.xml"
    )
    out = io.BytesIO()
    document.save(out)
    assert _parts(out.getvalue())["word/styles.xml"] == shipped
    document.styles.add_style("Ny typografi", WD_STYLE_TYPE.PARAGRAPH)  # parses the part
    out = io.BytesIO()
    document.save(out)
    assert b"Ny typografi" in _parts(out.getvalue())["word/styles.xml"]


def test_regenerating_writes_every_form_and_then_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert blank.main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{a.value}.docx" for a in FocusArea
    )
    assert capsys.readouterr().out.count("wrote ") == len(FocusArea)
    for area in FocusArea:
        shipped = pkgutil.get_data("delaftale.word", f"forms/{area.value}.docx")
        assert shipped is not None
        assert _parts(blank.form_path(area, tmp_path).read_bytes()) == _parts(shipped)
    assert blank.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""  # the same bytes again: nothing rewritten
