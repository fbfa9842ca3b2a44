"""The Word reader's fast paths, held to the definitions they replace.

The styles scan finds style tags with ``bytes.find`` instead of the regular expression
``_STYLE_TOKEN``: for any bytes at all it must find exactly the expression's matches. And it
must stay linear where the expression was not (start tags left open with no ">" after them).
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import given

import delaftale
from delaftale.word.reader import _STYLE_TOKEN, _style_tokens
from strategies import styles_parts


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
