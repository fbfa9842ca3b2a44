"""Nothing the reader is given is silently lost.

A free paragraph put anywhere in a filled form lands either in the agreement's data or in
the report's ``unplaced`` list; a subdocument (``w:subDoc``), which the reader cannot read,
is reported as ``content-not-read``, once, wherever Word puts it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

import delaftale
from fixtures.build_templates import paragraph_form

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ishoj-2025-beskaeftigelse.json"
MARK = "VIGTIGNOTE"
FREE = f"<w:p><w:r><w:t>{MARK} indikator to maales foerst senere.</w:t></w:r></w:p>"
FIXED_SENTENCE = "Delaftalens parter og bestyrelsen har ansvar"
SUB_GOALS_LABEL = "Delmål og indikatorer for indsatsområdet"
SUBDOC_REL = (
    '<Relationship Id="rId99" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/subDocument" '
    'Target="file:///C:/andet/underdokument.docx" TargetMode="External"/>'
)


def _agreement() -> delaftale.Agreement:
    return delaftale.loads(EXAMPLE.read_bytes(), delaftale.Agreement)


@pytest.fixture(scope="module")
def built_in() -> bytes:
    return delaftale.render_docx(_agreement())


@pytest.fixture(scope="module")
def from_template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    tmp = tmp_path_factory.mktemp("template")
    path = tmp / "paragraph-form.docx"
    paragraph_form(tmp).save(str(path))
    return delaftale.render_docx(_agreement(), template=path)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, value in parts.items():
            z.writestr(name, value)
    return out.getvalue()


def _body(data: bytes) -> str:
    return _parts(data)["word/document.xml"].decode("utf-8")


def _with_body(data: bytes, xml: str, rels: str = "") -> bytes:
    parts = _parts(data)
    parts["word/document.xml"] = xml.encode("utf-8")
    if rels:
        name = "word/_rels/document.xml.rels"
        parts[name] = parts[name].replace(
            b"</Relationships>", rels.encode("utf-8") + b"</Relationships>"
        )
    return _zip(parts)


def _body_paragraph_ends(xml: str) -> list[int]:
    """Offsets just after each top-level ``</w:p>`` of the body (not in tables or boxes)."""
    start = xml.index("<w:body>") + len("<w:body>")
    ends = []
    depth = 0
    for m in re.finditer(r"<(/?)w:(p|tbl|txbxContent|sdt)\b[^>]*?(/?)>", xml[start:]):
        closing, tag, empty = m.group(1), m.group(2), m.group(3)
        if empty:
            continue
        if not closing:
            depth += 1
        else:
            depth -= 1
            if depth == 0 and tag == "p":
                ends.append(start + m.end())
    return ends


def _after(xml: str, needle: str) -> int:
    """The offset just after the paragraph holding ``needle``."""
    return xml.index("</w:p>", xml.index(needle)) + len("</w:p>")


def _kept(data: bytes) -> tuple[bool, bool]:
    agreement, report = delaftale.read_docx_with_report(io.BytesIO(data))
    in_data = MARK in delaftale.dumps(agreement)
    in_unplaced = any(MARK in u.text for u in report.unplaced)
    return in_data, in_unplaced


def test_free_paragraph_after_delmaal_sentence_is_unplaced(built_in: bytes) -> None:
    xml = _body(built_in)
    at = _after(xml, FIXED_SENTENCE)
    data = _with_body(built_in, xml[:at] + FREE + xml[at:])
    agreement, report = delaftale.read_docx_with_report(io.BytesIO(data))
    assert MARK not in delaftale.dumps(agreement)
    [unplaced] = [u for u in report.unplaced if MARK in u.text]
    assert unplaced.location.startswith("paragraph ")
    assert "All content was placed" not in report.text("en")
    # The delmål table is still read.
    assert agreement.sub_goals == _agreement().sub_goals


def test_free_paragraph_after_delmaal_label_is_unplaced(built_in: bytes) -> None:
    xml = _body(built_in)
    at = _after(xml, SUB_GOALS_LABEL)
    data = _with_body(built_in, xml[:at] + FREE + xml[at:])
    assert _kept(data) == (False, True)


@pytest.mark.parametrize("form", ["built_in", "from_template"])
def test_free_paragraph_anywhere_is_kept(form: str, request: pytest.FixtureRequest) -> None:
    data: bytes = request.getfixturevalue(form)
    xml = _body(data)
    ends = _body_paragraph_ends(xml)
    assert len(ends) > 20
    lost = []
    for n, at in enumerate(ends, start=1):
        in_data, in_unplaced = _kept(_with_body(data, xml[:at] + FREE + xml[at:]))
        if not (in_data or in_unplaced):
            lost.append(n)
    assert lost == [], f"a paragraph after body paragraph(s) {lost} was lost"


def _not_read(data: bytes) -> list[delaftale.Finding]:
    _, report = delaftale.read_docx_with_report(io.BytesIO(data))
    return [n for n in report.notes if n.code == "content-not-read"]


@pytest.mark.parametrize(
    "subdoc",
    ['<w:p><w:subDoc r:id="rId99"/></w:p>', '<w:subDoc r:id="rId99"/>'],
    ids=["paragraph-level", "body-level"],
)
@pytest.mark.parametrize("needle", [SUB_GOALS_LABEL, "Sammenhæng med den kommunale indsats"])
def test_subdocument_is_reported_once(built_in: bytes, subdoc: str, needle: str) -> None:
    xml = _body(built_in)
    at = _after(xml, needle)
    data = _with_body(built_in, xml[:at] + subdoc + xml[at:], SUBDOC_REL)
    [note] = _not_read(data)
    assert "subdocument" in note.message
    assert "imported content 1" in note.path
    if subdoc.startswith("<w:p>"):
        assert note.path.startswith("paragraph ")


@pytest.mark.parametrize("cell", [1, 7], ids=["delmaal-header", "delmaal-row"])
def test_subdocument_in_a_table_cell_is_reported(built_in: bytes, cell: int) -> None:
    xml = _body(built_in)
    at = [m.end() for m in re.finditer("<w:tc>", xml)][cell - 1]
    at = xml.index("</w:p>", at) + len("</w:p>")
    data = _with_body(built_in, xml[:at] + '<w:p><w:subDoc r:id="rId99"/></w:p>' + xml[at:])
    assert len(_not_read(data)) == 1


def test_no_subdocument_no_note(built_in: bytes) -> None:
    assert _not_read(built_in) == []
