"""The Word reader on hostile and odd .docx files: bounded cost, and content read as Word shows it.

Each test builds its document here, from python-docx's default package with parts replaced
or added, and checks one class of defect of issue 12: what the reader returns (the text read
once, the row read as a delmål, the note listed) or the error it raises and its message.
The large inputs are the guards against quadratic cost: before the fix they took minutes
(80,000 self-closing styles took about a minute) or gigabytes (a footnote referenced 3,000
times); no timing is asserted.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from delaftale import (
    CorruptDocxError,
    Limits,
    NotADelaftaleError,
    NotADocxError,
    ParagraphKind,
    UnsafeDocxError,
    dumps,
    read_docx,
    read_docx_with_report,
)
from delaftale.model import Agreement
from delaftale.parse_report import ParseReport
from wordxml import NAMESPACES, W_NS, default_parts

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TITLE = "Delaftale for indsatsområdet Beskæftigelse"
STAFFING = "Medarbejderressourcer for indsatsområdet:"
PARTIES = "Delaftalens parter:"
CONTEXT = "Sammenhæng med den kommunale indsats i boligområdet:"


# --------------------------------------------------------------------------- building documents


def p(text: str, inner: str = "") -> str:
    """A paragraph holding ``text`` in one run, then ``inner`` (more runs, wrappers)."""
    run = f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>" if text else ""
    return f"<w:p>{run}{inner}</w:p>"


def build(
    body: str,
    *,
    parts: dict[str, tuple[str, bytes]] | None = None,
    replace: dict[str, bytes] | None = None,
    stored: bool = False,
    title: str = TITLE,
) -> bytes:
    """A .docx whose body is the ``title`` paragraph and then ``body`` (WordprocessingML).

    ``parts`` adds parts related to the main document: relationship id -> (relationship
    type ending, e.g. "footnotes"; the part's bytes), each named word/<id>.xml.
    ``replace`` replaces whole parts by name; ``stored`` stores entries uncompressed.
    """
    files = default_parts()
    document = f"<w:document {NAMESPACES}><w:body>{p(title)}{body}</w:body></w:document>"
    files["word/document.xml"] = document.encode()
    rels = files["word/_rels/document.xml.rels"]
    for rel_id, (kind, data) in (parts or {}).items():
        target = f"{rel_id}.xml"
        rels = rels.replace(
            b"</Relationships>",
            f'<Relationship Id="{rel_id}" Type="{REL}/{kind}" Target="{target}"/>'
            "</Relationships>".encode(),
        )
        files[f"word/{target}"] = data
    files["word/_rels/document.xml.rels"] = rels
    files.update(replace or {})
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read(data: bytes, **options: object) -> tuple[Agreement, ParseReport]:
    return read_docx_with_report(data, **options)  # type: ignore[arg-type]


def shares(agreement: Agreement) -> list[tuple[str | None, Decimal | None]]:
    return [(a.title, a.share) for a in agreement.staffing.allocations]


# --------------------------------------------------------------------------- unbounded cost


def _styles_with(count: int) -> bytes:
    """The default styles.xml with ``count`` self-closing styles before Word's own."""
    styles = default_parts()["word/styles.xml"]
    extra = b"".join(b'<w:style w:type="paragraph" w:styleId="S%d"/>' % i for i in range(count))
    at = styles.index(b"<w:style ")
    return styles[:at] + extra + styles[at:]


def test_many_self_closing_styles_are_indexed_in_one_pass() -> None:
    # 80,000 self-closing styles: each one's end was searched for to the end of the part, so
    # this took about a minute; it is one pass now. The list style after them still works.
    data = build(
        p(CONTEXT)
        + "<w:p><w:pPr><w:pStyle w:val='ListBullet'/></w:pPr><w:r><w:t>et punkt</w:t></w:r></w:p>"
        + "<w:p><w:pPr><w:pStyle w:val='S79999'/></w:pPr><w:r><w:t>brødtekst</w:t></w:r></w:p>",
        replace={"word/styles.xml": _styles_with(80_000)},
    )
    agreement, _ = read(data, limits=Limits(max_styles=100_000))
    paragraphs = list(agreement.municipal_context.paragraphs())
    assert [(x.text, x.kind) for x in paragraphs] == [
        ("et punkt", ParagraphKind.BULLET),
        ("brødtekst", ParagraphKind.BODY),
    ]
    with pytest.raises(UnsafeDocxError, match=r"more than 20000 styles.*max_styles"):
        read(data)


def test_styles_that_do_not_close_where_expected_are_read_from_the_whole_part() -> None:
    # A style whose end tag is missing until after another style's start: the tags alone
    # cannot say where it ends, so the part is parsed whole (and, well-formed, read).
    styles = default_parts()["word/styles.xml"].replace(
        b"<w:style ",
        b'<w:style w:type="paragraph" w:styleId="Outer"><w:name w:val="Outer"/>'
        b'<w:style w:type="paragraph" w:styleId="Inner"/></w:style><w:style ',
        1,
    )
    data = build(
        p(CONTEXT)
        + "<w:p><w:pPr><w:pStyle w:val='ListBullet'/></w:pPr><w:r><w:t>et punkt</w:t></w:r></w:p>",
        replace={"word/styles.xml": styles},
    )
    agreement, _ = read(data)
    (paragraph,) = agreement.municipal_context.paragraphs()
    assert paragraph.kind is ParagraphKind.BULLET


def test_elements_beyond_the_limit_are_refused_before_parsing() -> None:
    data = build(p(PARTIES) + p("Kommunen") * 600)
    with pytest.raises(UnsafeDocxError, match=r"word/document\.xml holds \d+ XML elements.*"):
        read(data, limits=Limits(max_elements=1_000))
    agreement, _ = read(data)
    assert len(agreement.parties) == 600


def test_paragraphs_beyond_the_limit_stop_the_read() -> None:
    # 1 title + 1 label + 600 parties = 602 paragraphs, whatever the prefix.
    data = build(p(PARTIES) + p("Kommunen") * 600)
    with pytest.raises(UnsafeDocxError, match=r"holds more than 601 paragraphs, the limit"):
        read(data, limits=Limits(max_paragraphs=601))
    assert len(read(data, limits=Limits(max_paragraphs=602))[0].parties) == 600
    body = p(TITLE) + p(PARTIES) + p("Kommunen") * 600
    other = body.replace("<w:", "<ns0:").replace("</w:", "</ns0:")  # any prefix counts
    document = (
        f"<ns0:document {NAMESPACES.replace('xmlns:w=', 'xmlns:ns0=')}>"
        f"<ns0:body>{other}</ns0:body></ns0:document>"
    )
    prefixed = build("", replace={"word/document.xml": document.encode()})
    with pytest.raises(UnsafeDocxError, match="holds more than 601 paragraphs"):
        read(prefixed, limits=Limits(max_paragraphs=601))
    assert len(read(prefixed)[0].parties) == 600
    assert Limits().max_paragraphs == 50_000


def test_footnotes_beyond_the_limit_are_refused() -> None:
    notes = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:t>n</w:t></w:r></w:p></w:footnote>' for i in range(20)
    )
    data = build(
        p(PARTIES),
        parts={"rIdFn": ("footnotes", f"<w:footnotes {NAMESPACES}>{notes}</w:footnotes>".encode())},
    )
    with pytest.raises(UnsafeDocxError, match=r"more than 10 footnotes.*max_footnotes"):
        read(data, limits=Limits(max_footnotes=10))


def test_a_footnote_referenced_thousands_of_times_is_kept_once() -> None:
    # 3,000 references to one 200 KB footnote multiplied it into 600 MB of data. Word's own
    # footnotes are referenced once each: the text is kept at the first reference, and the
    # others are listed in the report.
    text = "Kilde: Danmarks Statistik. " * 7_500
    footnotes = (
        f"<w:footnotes {NAMESPACES}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    ref = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    data = build(
        p(CONTEXT) + "".join(p(f"Afsnit {i}", ref) for i in range(3_000)),
        parts={"rIdFn": ("footnotes", footnotes.encode())},
    )
    assert len(data) < 300_000
    agreement, report = read(data)
    paragraphs = list(agreement.municipal_context.paragraphs())
    assert len(paragraphs) == 3_000
    assert paragraphs[0].footnotes == (text.strip(),)
    assert all(x.footnotes == () for x in paragraphs[1:])
    assert len(dumps(agreement)) < 2 * len(text) + 1_000_000
    (note,) = [n for n in report.notes if n.code == "footnote-repeated"]
    assert note.path == "paragraph 4"
    assert "referenced 3000 times" in note.message
    assert "first reference (paragraph 3)" in note.message
    assert "and 2994 more" in note.message


# --------------------------------------------------------------------------- as Word shows it


def text_box(text: str) -> str:
    """A run anchoring a text box, as Word writes it: a DrawingML choice, a VML fallback."""
    content = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Tekstfelt 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape id="Tekstfelt 1"><v:textbox>{content}</v:textbox>'
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_a_text_box_is_read_once_after_its_paragraph() -> None:
    # Both alternatives were read into the anchoring paragraph: "Koordinator: 40 %…" twice.
    vml_only = (
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"{p('Projektleder: 10 % af stillingen')}</w:txbxContent></v:textbox></v:shape></w:pict>"
        "</w:r>"
    )
    data = build(
        p(STAFFING)
        + p("Boligsocial leder: 25 % af stillingen", text_box("Koordinator: 40 % af stillingen"))
        + p("", vml_only)
    )
    agreement, report = read(data)
    assert shares(agreement) == [
        ("Boligsocial leder", Decimal(25)),
        ("Koordinator", Decimal(40)),
        ("Projektleder", Decimal(10)),
    ]
    assert not report.unplaced
    assert set(report.codes()) == {"section-not-found"}  # the form's other sections


def test_markup_compatibility_shows_one_alternative_at_any_level() -> None:
    # Paragraphs inside mc:AlternateContent in the body were read zero times; the choice is
    # what Word shows, the fallback only when there is no choice.
    choice = (
        "<mc:AlternateContent>"
        f'<mc:Choice Requires="w14">{p("Kommunen")}</mc:Choice>'
        f"<mc:Fallback>{p('Kommunen (fallback)')}</mc:Fallback></mc:AlternateContent>"
    )
    fallback = f"<mc:AlternateContent><mc:Fallback>{p('Boligorganisationen')}</mc:Fallback>"
    data = build(p(PARTIES) + choice + fallback + "</mc:AlternateContent>")
    agreement, _ = read(data)
    assert [x.name for x in agreement.parties] == ["Kommunen", "Boligorganisationen"]


def test_a_text_box_anchored_in_hidden_text_is_not_shown_and_noted() -> None:
    hidden_box = text_box("Koordinator: 90 % af stillingen").replace(
        "<w:r>", "<w:r><w:rPr><w:vanish/></w:rPr>", 1
    )
    data = build(p(STAFFING) + p("Boligsocial leder: 25 % af stillingen", hidden_box))
    agreement, report = read(data)
    assert shares(agreement) == [("Boligsocial leder", Decimal(25))]
    (note,) = [n for n in report.notes if n.code == "text-not-shown"]
    assert "'Koordinator: 90 % af stillingen'" in note.message


def delmaal_table(rows: list[str]) -> str:
    header = ["Delmål", "Indikator", "Baseline", "Evt. anden baseline", "Baseline år", "Datakilde"]
    return f"<w:tbl>{row(header)}{''.join(rows)}</w:tbl>"


def row(cells: list[str]) -> str:
    return "<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in cells) + "</w:tr>"


def in_control(xml: str, *, placeholder: bool = False) -> str:
    pr = "<w:sdtPr><w:showingPlcHdr/></w:sdtPr>" if placeholder else "<w:sdtPr/>"
    return f"<w:sdt>{pr}<w:sdtContent>{xml}</w:sdtContent></w:sdt>"


def test_delmaal_rows_and_cells_in_content_controls_and_custom_xml_are_read() -> None:
    # Rows in a row-level content control (a repeating section) were dropped silently.
    goal = ["Flere i job", "Andel i job", "40 %", "", "2023", "Jobcenteret"]
    cells = "".join(f"<w:tc>{p(c)}</w:tc>" for c in goal[2:])
    cell_in_control = in_control(f"<w:tc>{p('Ledighed')}</w:tc>")
    table = delmaal_table(
        [
            in_control(row(goal)),
            f"<w:customXml w:element='r'>{row(['', 'Andel i uddannelse', '', '', '', ''])}"
            "</w:customXml>",
            f"<w:tr><w:tc>{p('Færre ledige')}</w:tc>{cell_in_control}{cells}</w:tr>",
            in_control(row(["Skjult", "Pladsholder", "", "", "", ""]), placeholder=True),
        ]
    )
    agreement, report = read(build(p("Delmål og indikatorer for indsatsområdet") + table))
    assert [(g.title, [i.description for i in g.indicators]) for g in agreement.sub_goals] == [
        ("Flere i job", ["Andel i job", "Andel i uddannelse"]),
        ("Færre ledige", ["Ledighed"]),
    ]
    first = agreement.sub_goals[0].indicators[0]
    assert first.baseline_year is not None
    assert (first.baseline_year.year, first.data_source) == (2023, "Jobcenteret")
    assert not report.unplaced


def test_custom_xml_and_smart_tags_are_read_as_their_content() -> None:
    # Paragraphs inside block-level w:customXml were read zero times; run-level custom XML
    # and smart tags hold ordinary runs, and a placeholder inside them is no answer.
    placeholder = in_control("<w:r><w:t>Klik eller tryk her for at skrive tekst.</w:t></w:r>")
    data = build(
        p(PARTIES) + f"<w:customXml w:uri='urn:x' w:element='parter'>{p('Kommunen')}"
        f"<w:customXml w:element='inner'>{p('Boligorganisationen')}</w:customXml></w:customXml>"
        + p(
            "",
            "<w:smartTag w:element='place'><w:r><w:t>Lands</w:t></w:r></w:smartTag>"
            "<w:customXml w:element='x'><w:r><w:t>byggefonden</w:t></w:r></w:customXml>"
            f"<w:smartTag w:element='y'>{placeholder}</w:smartTag>",
        )
    )
    agreement, _ = read(data)
    assert [x.name for x in agreement.parties] == [
        "Kommunen",
        "Boligorganisationen",
        "Landsbyggefonden",
    ]


def test_imported_content_is_listed_as_not_read() -> None:
    # w:altChunk: content Word imports (here HTML) when it opens the file; w:subDoc: a
    # subdocument in another file. Neither is read, and the report says so.
    chunk = b"<html><body><p>Koordinator: 40 % af stillingen</p></body></html>"
    files = default_parts()
    types = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="htm" ContentType="text/html"/></Types>'
    )
    data = build(
        p(STAFFING) + '<w:altChunk r:id="rIdChunk"/><w:subDoc r:id="rIdExternal"/>',
        parts={"rIdChunk": ("aFChunk", chunk)},
        replace={"[Content_Types].xml": types},
    )
    data = data.replace(b'Target="rIdChunk.xml"', b'Target="rIdChunk.htm"')
    data = _renamed(data, "word/rIdChunk.xml", "word/rIdChunk.htm")
    agreement, report = read(data)
    assert agreement.staffing.allocations == ()
    chunk_note, subdocument = [n for n in report.notes if n.code == "content-not-read"]
    assert chunk_note.path == "imported content 1"
    assert chunk_note.severity.value == "warning"
    assert "imported content (word/rIdChunk.htm, text/html)" in chunk_note.message
    assert "save it again" in chunk_note.message
    assert "importeret indhold (word/rIdChunk.htm, text/html)" in chunk_note.message_da
    assert subdocument.path == "imported content 2"
    assert "subdocument" in subdocument.message


def _renamed(data: bytes, old: str, new: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                body = body.replace(old.removeprefix("word/").encode(), new[5:].encode())
            out.writestr(new if info.filename == old else info.filename, body)
    return buffer.getvalue()


# --------------------------------------------------------------------------- parser limits


def test_deep_nesting_is_unsafe_not_damaged() -> None:
    deep = "<w:customXml w:element='x'>" * 300 + p("Kommunen") + "</w:customXml>" * 300
    with pytest.raises(UnsafeDocxError, match=r"more than 256 levels deep.*not read"):
        read(build(p(PARTIES) + deep))
    # Well below the parser's limit, the same nesting is read (without Python recursion).
    shallow = "<w:customXml w:element='x'>" * 200 + p("Kommunen") + "</w:customXml>" * 200
    agreement, _ = read(build(p(PARTIES) + shallow))
    assert [x.name for x in agreement.parties] == ["Kommunen"]


def test_deep_nesting_in_a_used_style_is_unsafe() -> None:
    # A style is cut out of styles.xml and parsed alone: its parser limit is no damage either.
    deep = b"<w:rPr>" * 300 + b"</w:rPr>" * 300
    style = b'<w:style w:type="paragraph" w:styleId="Deep">' + deep + b"</w:style>"
    styles = default_parts()["word/styles.xml"].replace(b"<w:style ", style + b"<w:style ", 1)
    data = build(
        p(PARTIES) + "<w:p><w:pPr><w:pStyle w:val='Deep'/></w:pPr><w:r><w:t>K</w:t></w:r></w:p>",
        replace={"word/styles.xml": styles},
    )
    with pytest.raises(UnsafeDocxError, match=r"styles\.xml nests XML elements"):
        read(data)


def test_entities_declared_after_a_long_comment_are_unsafe() -> None:
    # The DOCTYPE is past the first 2 KB that are checked before parsing; the parser's own
    # complaint (an entity loop) is reported as unsafe, not as damage.
    document = (
        b"<?xml version='1.0'?><!-- " + b"x" * 3000 + b" --><!DOCTYPE w:document ["
        b'<!ENTITY a "&b;"><!ENTITY b "&a;">]>'
        b"<w:document xmlns:w='" + W_NS.encode() + b"'><w:body><w:p><w:r><w:t>&a;</w:t></w:r>"
        b"</w:p></w:body></w:document>"
    )
    with pytest.raises(UnsafeDocxError, match=r"document\.xml declares .*not read"):
        read(build("", replace={"word/document.xml": document}))


def test_a_text_node_beyond_the_parsers_limit_is_unsafe() -> None:
    # Stored, not deflated, so the compression-ratio limit does not answer first.
    body = p(PARTIES) + p("K" * 10_000_001)
    with pytest.raises(UnsafeDocxError, match=r"text node longer than the XML parser's limit"):
        read(build(body, stored=True))


def test_plain_damage_is_still_damage() -> None:
    with pytest.raises(CorruptDocxError, match=r"not well-formed XML"):
        read(build("<w:p><w:r><w:t>Kommunen</w:r></w:p>"))


# --------------------------------------------------------------------------- messages


def test_messages_never_show_a_file_objects_repr() -> None:
    not_a_delaftale = build(p("Dagsorden"), title="Referat af mødet")
    with pytest.raises(NotADelaftaleError) as caught:
        read_docx_with_report(io.BytesIO(not_a_delaftale))
    assert str(caught.value).startswith("the document is a Word document, but not a delaftale")
    with tempfile.TemporaryFile() as handle:  # its name is a file descriptor, a number
        handle.write(not_a_delaftale)
        handle.seek(0)
        with pytest.raises(NotADelaftaleError, match=r"^the document is a Word document"):
            read_docx_with_report(handle)
    with tempfile.SpooledTemporaryFile() as spooled:  # its name is None
        spooled.write(b"plain text")
        spooled.seek(0)
        with pytest.raises(NotADocxError, match=r"^the document is not a Word document"):
            read_docx_with_report(spooled)
    with pytest.raises(TypeError, match=r"not int$"):
        read_docx_with_report(42)


def test_a_folder_is_not_a_word_document(tmp_path: Path) -> None:
    with pytest.raises(NotADocxError, match=r"is a folder, not a Word document"):
        read_docx_with_report(tmp_path)


# --------------------------------------------------------------------------- sources that never end


def test_a_device_a_pipe_or_an_endless_stream_is_bounded(tmp_path: Path) -> None:
    zero = tmp_path / "zero.docx"
    zero.symlink_to("/dev/zero")
    with pytest.raises(UnsafeDocxError, match=r"zero.docx is more than the limit of 104857600"):
        read_docx(zero)
    small = Limits(max_file_bytes=1000)
    with pytest.raises(UnsafeDocxError, match="more than the limit of 1000 bytes"):
        read_docx(zero, limits=small)

    pipe = tmp_path / "pipe.docx"
    os.mkfifo(pipe)  # nobody writes to it: read as empty, never waited on
    with pytest.raises(NotADocxError, match=r"pipe\.docx is not a Word document"):
        read_docx(pipe)

    class Endless:
        name = "endless.docx"

        def read(self, size: int = -1) -> bytes:
            assert size >= 0, "an endless stream must be read with a bound"
            return b"PK" + b"\0" * (size - 2)

    with pytest.raises(UnsafeDocxError, match=r"endless\.docx is more than the limit of 1000"):
        read_docx(Endless(), limits=small)


def test_a_large_file_is_refused_by_its_size_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.docx"
    with big.open("wb") as handle:
        handle.truncate(2000)  # sparse
    opened: list[int] = []
    real_fdopen = os.fdopen

    def spy(fd: int, *args: Any, **kwargs: Any) -> Any:
        opened.append(fd)
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", spy)
    with pytest.raises(
        UnsafeDocxError, match=r"big\.docx is 2000 bytes, more than the limit of 1000"
    ):
        read_docx(big, limits=Limits(max_file_bytes=1000))
    assert opened == []  # never opened for reading, let alone read


def test_a_missing_file_or_a_text_mode_file_gets_an_answer(tmp_path: Path) -> None:
    from delaftale import DelaftaleError

    missing = tmp_path / "findes-ikke.docx"
    with pytest.raises(DelaftaleError, match=r"findes-ikke\.docx: no such file") as info:
        read_docx(missing)
    assert isinstance(info.value, FileNotFoundError)  # callers catching that still do
    document = tmp_path / "a.docx"
    document.write_bytes(build(p(PARTIES) + p("Kommunen")))
    with (
        document.open(encoding="utf-8") as text_mode,
        pytest.raises(TypeError, match=r"open the file with 'rb'"),
    ):
        read_docx(text_mode)  # type: ignore[arg-type]
