"""The Word reader's fast paths, held to the definitions they replace.

A paragraph of one run of one text is read without the walk over its runs: it must give the
Line the walk gives. The styles scan finds style tags with ``bytes.find`` instead of the
regular expression ``_STYLE_TOKEN``: for any bytes at all it must find exactly the
expression's matches. And it must stay linear where the expression was not (start tags left
open with no ">" after them).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import delaftale
from delaftale.word.reader import _STYLE_TOKEN, _style_tokens
from strategies import SIMPLE_RUN_STYLES, simple_run_paragraphs, styles_parts
from wordxml import NAMESPACES, default_parts


@given(styles_parts())
def test_the_styles_scan_finds_what_the_expression_finds(data: bytes) -> None:
    expected = [
        (m.start(), m.end(), m.group(1) if m.group(0) != b"</w:style>" else None)
        for m in _STYLE_TOKEN.finditer(data)
    ]
    assert _style_tokens(data) == expected


def test_the_styles_scan_on_the_real_forms_styles() -> None:
    # LBF's blank form as the writer makes it: Word's own styles part, some 300 KB.
    out = io.BytesIO()
    from delaftale.word.writer import blank_form

    blank_form(delaftale.FocusArea.BESKAEFTIGELSE).save(out)
    with zipfile.ZipFile(out) as archive:
        styles = archive.read("word/styles.xml")
    expected = [
        (m.start(), m.end(), m.group(1) if m.group(0) != b"</w:style>" else None)
        for m in _STYLE_TOKEN.finditer(styles)
    ]
    assert len(expected) > 100
    assert _style_tokens(styles) == expected


def test_open_style_tags_without_an_end_stay_linear() -> None:
    # 200,000 "<w:style " with no ">" anywhere after them (1.8 MB): the expression took
    # 1.4 s for 54 KB of them and grows with the square, hours for this; the scan is one
    # pass. No time is measured: the size is the guard, the answer is worked out by hand
    # (no ">" follows any of them, so no tag is found).
    data = b"<w:style " * 200_000
    assert _style_tokens(data) == []
    closed = data + b">"
    tokens = _style_tokens(closed)
    assert tokens == [(0, len(closed), closed[len(b"<w:style") : -1])]


def _run(rpr: str, text: str = "Kommunen", ppr: str = "") -> str:
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{props}<w:r><w:rPr>{rpr}</w:rPr><w:t>{text}</w:t></w:r></w:p>"


@settings(max_examples=80, deadline=None)
@given(st.lists(simple_run_paragraphs(), min_size=1, max_size=8))
@example([_run("<w:b/>"), _run('<w:b w:val="0"/>', ppr='<w:pStyle w:val="Fed"/>')])
@example([_run('<w:highlight w:val="green"/>'), _run('<w:shd w:val="clear" w:fill="00FF00"/>')])
@example([_run("<w:i/>", ppr='<w:pStyle w:val="Skjult"/>'), _run("<w:vanish/>")])
def test_one_run_paragraphs_read_as_the_walk_reads_them(paragraphs: list[str]) -> None:
    # The short cut for a paragraph of one run of one text gives the Line the full walk
    # gives (text, kind, level, bold and highlight signals), and the same notes of text
    # Word does not show.
    from delaftale import assembly
    from delaftale.word import reader

    title = "<w:p><w:r><w:t>Delaftale for indsatsområdet Beskæftigelse</w:t></w:r></w:p>"
    label = "<w:p><w:r><w:t>Delaftalens parter:</w:t></w:r></w:p>"
    files = dict(default_parts())
    files["word/document.xml"] = (
        f"<w:document {NAMESPACES}><w:body>{title}{label}{''.join(paragraphs)}"
        "</w:body></w:document>"
    ).encode()
    files["word/styles.xml"] = files["word/styles.xml"].replace(
        b"</w:styles>", SIMPLE_RUN_STYLES.encode() + b"</w:styles>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    document = out.getvalue()

    seen: list[list[object]] = []
    walk = assembly.Assembler.walk

    def recording(self: assembly.Assembler, items: list[assembly.Item]) -> None:
        seen.append(list(items))
        walk(self, items)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assembly.Assembler, "walk", recording)
        fast = delaftale.read_docx_with_report(document)
        patch.setattr(reader, "_simple_run", lambda run: None)
        walked = delaftale.read_docx_with_report(document)
    assert seen[0] == seen[1]
    assert fast == walked
