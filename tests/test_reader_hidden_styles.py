"""The Word reader leaves out text Word does not show because of styles, fields and MCE.

Each test builds its document here, from python-docx's default package with document.xml
and styles.xml replaced, and hides a "9" in front of "25 % af stillingen" (read as 925 %
before the fix) or hides a whole staffing line, in one way Word hides text:

- a character style with ``w:vanish``, also through ``w:basedOn``;
- a paragraph style with ``w:vanish``, and the document defaults (``w:rPrDefault``);
- ``w:specVanish`` on a run;
- the code part of a complex field (between its ``begin`` and ``separate`` fldChar);
- an ``mc:Choice`` requiring a namespace Word does not understand (Word shows the fallback);
- a VML text box anchored in a run hidden by its style.

Each checks the share read (25, not 925), that the hidden line is no allocation, and that the
report's ``text-not-shown`` note names the hidden text and where it was. The controls check
that text is read where Word shows it: a style turning ``w:vanish`` off again lower in its
basedOn chain, direct ``w:vanish w:val="0"``, the toggle (17.7.3: a hidden paragraph style
and a hidden character style cancel out), and a paragraph whose mark alone is hidden.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from delaftale import read_docx_with_report
from delaftale.model import Agreement
from delaftale.parse_report import ParseReport
from wordxml import NAMESPACES, default_parts

TITLE = "Delaftale for indsatsområdet Beskæftigelse"
STAFFING = "Medarbejderressourcer for indsatsområdet:"
LEADER = "Boligsocial leder (ansat på 37 timer): "
SHARE = "25 % af stillingen"
EXTRA = "Ekstra medarbejder (ansat på 37 timer): 99 % af stillingen"


BASE = default_parts()


def r(text: str, rpr: str = "") -> str:
    """A run holding ``text``, with run properties ``rpr`` (the inside of w:rPr)."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f"<w:r>{props}<w:t xml:space='preserve'>{text}</w:t></w:r>"


def p(inner: str, ppr: str = "") -> str:
    """A paragraph of runs ``inner``, with paragraph properties ``ppr`` (inside w:pPr)."""
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{props}{inner}</w:p>"


def char_style(sid: str, rpr: str = "", based_on: str = "") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="character" w:styleId="{sid}"><w:name w:val="{sid}"/>{based}'
        f"<w:rPr>{rpr}</w:rPr></w:style>"
    )


def para_style(sid: str, rpr: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/>'
        f'<w:basedOn w:val="Normal"/><w:rPr>{rpr}</w:rPr></w:style>'
    )


def build(body: str, *, styles: str = "", defaults: str = "", visible: str = "") -> bytes:
    """A .docx: the title and the staffing label (their runs' properties ``visible``), then
    ``body``; ``styles`` added to python-docx's styles.xml, ``defaults`` into its
    w:rPrDefault run properties."""
    files = dict(BASE)
    head = p(r(TITLE, visible)) + p(r(STAFFING, visible))
    files["word/document.xml"] = (
        f"<w:document {NAMESPACES}><w:body>{head}{body}</w:body></w:document>"
    ).encode()
    part = files["word/styles.xml"].replace(b"</w:styles>", styles.encode() + b"</w:styles>")
    files["word/styles.xml"] = part.replace(
        b"<w:rPrDefault><w:rPr>", b"<w:rPrDefault><w:rPr>" + defaults.encode(), 1
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read(data: bytes) -> tuple[Agreement, ParseReport]:
    return read_docx_with_report(data)


def shares(agreement: Agreement) -> list[tuple[str | None, Decimal | None]]:
    return [(a.title, a.share) for a in agreement.staffing.allocations]


def leader_line(hidden_nine: str, visible: str = "") -> str:
    """The leader's paragraph: label, the hidden run(s) ``hidden_nine``, then the share."""
    return p(r(LEADER, visible) + hidden_nine + r(SHARE, visible))


def assert_read_as_shown(agreement: Agreement, report: ParseReport, *hidden: str) -> None:
    """25 %, not 925 %; no extra allocation; each hidden text noted at the leader's line
    (paragraph 3) or, for the extra line, at paragraph 4; nothing unplaced."""
    ((title, share),) = shares(agreement)
    assert title == "Boligsocial leder"
    assert share == Decimal(25)
    notes = [n for n in report.notes if n.code == "text-not-shown"]
    for text in hidden:
        assert any(f"'{text}'" in n.message for n in notes), (text, notes)
    assert not report.unplaced


# --------------------------------------------------------------------------- character styles


def test_a_character_style_hiding_its_text_hides_it() -> None:
    data = build(
        leader_line(r("9", '<w:rStyle w:val="Skjult"/>'))
        + p(r(EXTRA, '<w:rStyle w:val="Skjult"/>')),
        styles=char_style("Skjult", "<w:vanish/>"),
    )
    agreement, report = read(data)
    assert_read_as_shown(agreement, report, "9", EXTRA)
    paths = {n.path for n in report.notes if n.code == "text-not-shown"}
    assert paths == {"paragraph 3", "paragraph 4"}


def test_a_character_style_based_on_a_hidden_one_hides_its_text() -> None:
    styles = char_style("Skjult", "<w:vanish/>") + char_style("Note", "<w:b/>", "Skjult")
    data = build(
        leader_line(r("9", '<w:rStyle w:val="Note"/>')) + p(r(EXTRA, '<w:rStyle w:val="Note"/>')),
        styles=styles,
    )
    agreement, report = read(data)
    assert_read_as_shown(agreement, report, "9", EXTRA)


def test_a_style_turning_vanish_off_again_lower_in_its_chain_shows_its_text() -> None:
    # Control: the nearest value along basedOn counts, so val="0" shows the text again; and
    # direct formatting val="0" shows text its character style hides.
    styles = char_style("Skjult", "<w:vanish/>") + char_style(
        "Synlig", '<w:vanish w:val="0"/>', "Skjult"
    )
    data = build(
        p(r("Boligsocial leder: ", '<w:rStyle w:val="Synlig"/>') + r(SHARE))
        + p(
            r("Koordinator: 40 % af stillingen", '<w:rStyle w:val="Skjult"/><w:vanish w:val="0"/>')
        ),
        styles=styles,
    )
    agreement, report = read(data)
    assert shares(agreement) == [("Boligsocial leder", Decimal(25)), ("Koordinator", Decimal(40))]
    assert "text-not-shown" not in report.codes()


def test_a_hidden_paragraph_style_and_a_hidden_character_style_cancel_out() -> None:
    # w:vanish is a toggle property (ECMA-376 17.7.3): set in both the paragraph style and
    # the character style, the two toggle it on and off again, so Word shows the text.
    styles = para_style("SkjultAfsnit", "<w:vanish/>") + char_style("Skjult", "<w:vanish/>")
    data = build(
        p(
            r("Koordinator: 40 % af stillingen", '<w:rStyle w:val="Skjult"/>'),
            '<w:pStyle w:val="SkjultAfsnit"/>',
        )
        + p(r("9") + r(SHARE), '<w:pStyle w:val="SkjultAfsnit"/>'),
        styles=styles,
    )
    agreement, report = read(data)
    assert shares(agreement) == [("Koordinator", Decimal(40))]
    assert any("'925 % af stillingen'" in n.message for n in report.notes)


# --------------------------------------------------------------------------- paragraph styles


def test_a_paragraph_style_hiding_its_runs_hides_the_paragraph() -> None:
    data = build(
        leader_line("") + p(r(EXTRA), '<w:pStyle w:val="SkjultAfsnit"/>'),
        styles=para_style("SkjultAfsnit", "<w:vanish/>"),
    )
    agreement, report = read(data)
    assert_read_as_shown(agreement, report, EXTRA)
    (note,) = [n for n in report.notes if n.code == "text-not-shown"]
    assert note.path == "paragraph 4"


def test_document_defaults_hiding_text_hide_what_is_not_shown_directly() -> None:
    # Hidden by w:docDefaults: only the runs that turn w:vanish off directly are shown.
    shown = '<w:vanish w:val="0"/>'
    data = build(
        leader_line(r("9"), shown) + p(r(EXTRA)),
        defaults="<w:vanish/>",
        visible=shown,
    )
    agreement, report = read(data)
    assert_read_as_shown(agreement, report, "9", EXTRA)


def test_a_hidden_paragraph_mark_hides_the_mark_only() -> None:
    # Control: w:pPr/w:rPr/w:vanish hides the paragraph mark, not the paragraph's text.
    data = build(
        leader_line("", "") + p(r("Koordinator: 40 % af stillingen"), "<w:rPr><w:vanish/></w:rPr>")
    )
    agreement, report = read(data)
    assert [share for _, share in shares(agreement)] == [Decimal(25), Decimal(40)]
    assert "text-not-shown" not in report.codes()


# --------------------------------------------------------------------------- runs and fields


def test_spec_vanish_on_a_run_hides_it() -> None:
    data = build(leader_line(r("9", "<w:specVanish/>")) + p(r(EXTRA, "<w:specVanish/>")))
    agreement, report = read(data)
    assert_read_as_shown(agreement, report, "9", EXTRA)


def fld(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def test_text_in_a_field_code_is_not_shown() -> None:
    # Word shows a complex field's result (between separate and end), not its code (between
    # begin and separate): w:instrText, but also a w:t placed there. Fields nest: the inner
    # field's result is part of the outer field's code.
    code = r("9") + "<w:r><w:instrText> QUOTE </w:instrText></w:r>"
    inner = fld("begin") + r("8") + fld("separate") + r("7") + fld("end")
    field = fld("begin") + code + inner + fld("separate") + r("2") + fld("end")
    data = build(
        p(r(LEADER) + field + r("5 % af stillingen"))
        + p(fld("begin") + r(EXTRA) + fld("separate") + fld("end"))
        # An end with no begin and a begin with no end stay inside their paragraph.
        + p(fld("end") + r("Koordinator: 40 % af stillingen") + fld("begin") + r("1")),
    )
    agreement, report = read(data)
    assert shares(agreement) == [
        ("Boligsocial leder", Decimal(25)),
        ("Koordinator", Decimal(40)),
    ]
    notes = {n.path: n.message for n in report.notes if n.code == "text-not-shown"}
    assert "'987'" in notes["paragraph 3"]
    assert f"'{EXTRA}'" in notes["paragraph 4"]
    assert "'1'" in notes["paragraph 5"]
    assert not report.unplaced


# --------------------------------------------------------------------------- markup compatibility


def alternate(choice: str, fallback: str, requires: str) -> str:
    return (
        f'<mc:AlternateContent><mc:Choice Requires="{requires}">{choice}</mc:Choice>'
        f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>"
    )


def test_a_choice_requiring_a_namespace_word_does_not_know_shows_the_fallback() -> None:
    unknown = 'xmlns:x99="urn:example:not-understood"'
    runs = alternate(r("9"), "", "x99").replace("<mc:Choice", f"<mc:Choice {unknown}")
    # The first understood choice wins; with none understood, the fallback.
    paragraphs = (
        '<mc:AlternateContent xmlns:x99="urn:example:not-understood">'
        f'<mc:Choice Requires="x99">{p(r(EXTRA))}</mc:Choice>'
        f'<mc:Choice Requires="w14 wps">{p(r("Koordinator: 40 % af stillingen"))}</mc:Choice>'
        f"<mc:Fallback>{p(r('Projektleder: 10 % af stillingen'))}</mc:Fallback>"
        "</mc:AlternateContent>"
        # A known prefix bound to an unknown namespace is not understood either.
        + alternate(
            p(r(EXTRA)),
            p(r("Projektleder: 10 % af stillingen")),
            "wps",
        ).replace("<mc:Choice", '<mc:Choice xmlns:wps="urn:example:not-wps"')
    )
    data = build(leader_line(runs) + paragraphs)
    agreement, report = read(data)
    assert shares(agreement) == [
        ("Boligsocial leder", Decimal(25)),
        ("Koordinator", Decimal(40)),
        ("Projektleder", Decimal(10)),
    ]
    assert not report.unplaced


# --------------------------------------------------------------------------- text boxes


def test_a_vml_text_box_anchored_in_a_run_hidden_by_its_style_is_not_shown() -> None:
    box = (
        '<w:r><w:rPr><w:rStyle w:val="Skjult"/></w:rPr><w:pict><v:shape><v:textbox>'
        f"<w:txbxContent>{p(r(EXTRA))}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    data = build(leader_line(box), styles=char_style("Skjult", "<w:vanish/>"))
    agreement, report = read(data)
    assert_read_as_shown(agreement, report, EXTRA)
