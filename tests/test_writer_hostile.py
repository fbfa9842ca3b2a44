"""The writer against hostile and careless input: templates, results too big to read, names.

Issue 12, the writer's classes. Every check reads the written zip's XML directly, not
through delaftale's reader, so a reader that skipped something could not hide it.
"""

from __future__ import annotations

import io
import os
import random
import re
import string
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import attrs
import pytest
from lxml import etree

import delaftale
from delaftale import (
    Agreement,
    Limits,
    Plan,
    Table,
    Text,
    WriteError,
    read_docx,
    render_docx,
    write_docx,
    write_overview,
)
from fixtures.build_templates import TEMPLATES
from libreoffice import convert_to_pdf, needs_libreoffice
from typecheck import mypy_errors

EXAMPLES = Path(__file__).parent.parent / "examples"

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MS_REL = "http://schemas.microsoft.com/office/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

LEAKS = (b"\\\\server", b"//server/share", b"tracker.example", b"intranet.example")
"""What a hostile template points Word at; none of it may reach the written file."""


def example(stem: str = "ishoj-2025-beskaeftigelse") -> Agreement:
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A blank form (the table layout, with a header logo and a footer) as .docx bytes."""
    out = tmp_path_factory.mktemp("form")
    path = out / "table-form.docx"
    TEMPLATES["table-form"](out).save(str(path))
    return path.read_bytes()


def rebuilt(
    base: bytes,
    edit: Callable[[str, bytes], bytes | None] = lambda _name, data: data,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """The package with each part passed through ``edit`` (None drops it) and parts added."""
    source = zipfile.ZipFile(io.BytesIO(base))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = edit(info.filename, source.read(info))
            if data is not None:
                out.writestr(info.filename, data)
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return buffer.getvalue()


def rel(rel_id: str, rel_type: str, target: str, *, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"{mode}/>'.encode()


def add_rels(data: bytes, *rels: bytes) -> bytes:
    return data.replace(b"</Relationships>", b"".join(rels) + b"</Relationships>")


def picture(attrs: str, name: str) -> bytes:
    """A run holding an inline picture whose a:blip has ``attrs`` (r:embed, r:link)."""
    return (
        f'<w:r><w:drawing><wp:inline xmlns:a="{A}" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<wp:extent cx="576000" cy="230400"/><wp:docPr id="7" name="Picture 7"/><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f"<pic:blipFill><a:blip {attrs}/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="576000" cy="230400"/></a:xfrm>'
        '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    ).encode()


def macro_template(base: bytes, main_type: str) -> bytes:
    """The form as a .docm/.dotm/.dotx: a VBA project, its data, key bindings, main type."""

    def edit(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(MAIN.encode(), main_type.encode())
            return data.replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b'<Override PartName="/word/vbaData.xml" '
                b'ContentType="application/vnd.ms-word.vbaData+xml"/>'
                b'<Override PartName="/word/customizations.xml" '
                b'ContentType="application/vnd.ms-word.keyMapCustomizations+xml"/></Types>',
            )
        if name == "word/_rels/document.xml.rels":
            return add_rels(
                data,
                rel("rIdVba", f"{MS_REL}/vbaProject", "vbaProject.bin"),
                rel("rIdKeys", f"{MS_REL}/keyMapCustomizations", "customizations.xml"),
            )
        return data

    wne = "http://schemas.microsoft.com/office/word/2006/wordml"
    return rebuilt(
        base,
        edit,
        {
            "word/vbaProject.bin": b'\xd0\xcf\x11\xe0 Sub AutoOpen(): Shell "calc" End Sub',
            "word/_rels/vbaProject.bin.rels": (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                b'relationships">'
                + rel("rId1", f"{MS_REL}/wordVbaData", "vbaData.xml")
                + b"</Relationships>"
            ),
            "word/vbaData.xml": f'<wne:vbaSuppData xmlns:wne="{wne}"/>'.encode(),
            "word/customizations.xml": f'<wne:tcg xmlns:wne="{wne}"/>'.encode(),
        },
    )


def linking_template(base: bytes) -> bytes:
    """The form pointing Word at servers: an attached template on a share, linked pictures,
    a linked OLE object, a sub-document and a web frame; and a hyperlink, which is content."""

    def edit(name: str, data: bytes) -> bytes:
        if name == "word/_rels/settings.xml.rels":
            raise AssertionError("the form has no settings relationships to extend")
        if name == "word/settings.xml":
            return data.replace(
                b"<w:zoom ", b'<w:attachedTemplate r:id="rIdTpl"/><w:linkStyles/><w:zoom ', 1
            )
        if name == "word/webSettings.xml":
            return data.replace(
                b"</w:webSettings>",
                f'<w:frameset xmlns:r="{R}"><w:frame><w:name w:val="f"/>'
                '<w:sourceFileName r:id="rIdFrame"/></w:frame></w:frameset>'
                "</w:webSettings>".encode(),
            )
        if name == "word/header1.xml":
            linked_only = picture('r:link="rIdLinked"', "linked.png")
            both = picture('r:embed="rId1" r:link="rIdBoth"', "both.png")
            ole = (
                b'<w:r><w:object><v:shape id="o1" style="width:10pt;height:10pt">'
                b'<v:imagedata r:id="rId1"/></v:shape><o:OLEObject Type="Link" '
                b'ProgID="Excel.Sheet.12" ShapeID="o1" r:id="rIdOle" UpdateMode="Always">'
                b"<o:LinkType>EnhancedMetafile</o:LinkType></o:OLEObject></w:object></w:r>"
            )
            return data.replace(b"</w:p></w:hdr>", linked_only + both + ole + b"</w:p></w:hdr>")
        if name == "word/_rels/header1.xml.rels":
            return add_rels(
                data,
                rel(
                    "rIdLinked",
                    f"{OFFICE_REL}/image",
                    "http://tracker.example/px.png",
                    external=True,
                ),
                rel(
                    "rIdBoth",
                    f"{OFFICE_REL}/image",
                    "file://///server/share/logo.png",
                    external=True,
                ),
                rel(
                    "rIdOle",
                    f"{OFFICE_REL}/oleObject",
                    "\\\\server\\share\\budget.xlsx",
                    external=True,
                ),
            )
        if name == "word/footer1.xml":
            link = b'<w:hyperlink r:id="rIdHref"><w:r><w:t>lbf.dk</w:t></w:r></w:hyperlink>'
            return data.replace(b"</w:p></w:ftr>", link + b"</w:p></w:ftr>")
        if name == "word/document.xml":
            sub = b'<w:p><w:subDoc r:id="rIdSub"/></w:p><w:sectPr'
            return data.replace(b"<w:sectPr", sub, 1)
        if name == "word/_rels/document.xml.rels":
            return add_rels(
                data,
                rel(
                    "rIdSub",
                    f"{OFFICE_REL}/subDocument",
                    "http://intranet.example/a.docx",
                    external=True,
                ),
            )
        return data

    footer_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rel("rIdHref", f"{OFFICE_REL}/hyperlink", "https://lbf.dk/", external=True)
        + b"</Relationships>"
    )
    settings_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rel(
            "rIdTpl",
            f"{OFFICE_REL}/attachedTemplate",
            "file:///\\\\server\\skabeloner\\x.dotm",
            external=True,
        )
        + b"</Relationships>"
    )
    web_rels = settings_rels.replace(b"rIdTpl", b"rIdFrame").replace(b"attachedTemplate", b"frame")
    return rebuilt(
        base,
        edit,
        {
            "word/_rels/settings.xml.rels": settings_rels,
            "word/_rels/footer1.xml.rels": footer_rels,
            "word/_rels/webSettings.xml.rels": web_rels,
        },
    )


def parts(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def assert_plain_docx(data: bytes) -> None:
    """A plain .docx: main part typed as a document, no macro parts or types, no external
    relationship but hyperlinks, no internal one to a missing part, no r:id left dangling."""
    files = parts(data)
    types = etree.fromstring(files["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    assert overrides["/word/document.xml"] == MAIN
    declared = [t.get("ContentType", "") for t in types]
    assert not [t for t in declared if "vba" in t or "macro" in t.casefold() or "keyMap" in t]
    assert not [t for t in declared if "template.main" in t]
    assert not [n for n in files if "vba" in n.casefold() or "customizations" in n]
    for name, blob in files.items():
        for leak in LEAKS:
            assert leak not in blob, (name, leak)
        if not name.endswith(".rels"):
            continue
        folder, base = name.rsplit("/_rels/", 1) if "/_rels/" in name else ("", name[6:])
        source = f"{folder}/{base[: -len('.rels')]}".lstrip("/")
        ids = set()
        for relationship in etree.fromstring(blob).iter(REL):
            ids.add(relationship.get("Id"))
            if relationship.get("TargetMode") == "External":
                assert relationship.get("Type", "").endswith("/hyperlink"), (
                    name,
                    relationship.attrib,
                )
            else:
                target = os.path.normpath(os.path.join(folder, relationship.get("Target", "")))
                assert target.lstrip("/") in files, (name, relationship.attrib)
        if source in files:
            root = etree.fromstring(files[source])
            used = {
                value
                for element in root.iter()
                if isinstance(element.tag, str)
                for key, value in element.attrib.items()
                if key.startswith(f"{{{R}}}")
            }
            assert used <= ids, (source, used - ids)


# --------------------------------------------------------------------------- macros


@pytest.mark.parametrize(
    "main_type",
    [
        "application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ],
    ids=["docm", "dotm", "dotx"],
)
def test_a_macro_enabled_or_template_file_is_written_as_a_plain_docx(
    form: bytes, main_type: str
) -> None:
    template = macro_template(form, main_type)
    assert {"word/vbaProject.bin", "word/vbaData.xml"} <= set(parts(template))
    agreement = example()
    data = render_docx(agreement, template=template)
    assert_plain_docx(data)
    assert read_docx(data) == agreement


# --------------------------------------------------------------------------- external links


def test_external_relationships_are_dropped_with_what_used_them_and_hyperlinks_kept(
    form: bytes,
) -> None:
    template = linking_template(form)
    everything = b"".join(parts(template).values())
    assert all(leak in everything for leak in LEAKS)
    agreement = example()
    data = render_docx(agreement, template=template)
    assert_plain_docx(data)
    files = parts(data)
    settings = etree.fromstring(files["word/settings.xml"])
    assert settings.find(f"{{{W}}}attachedTemplate") is None
    assert settings.find(f"{{{W}}}linkStyles") is None  # else Normal.dotm restyles it
    assert b"w:frame>" not in files["word/webSettings.xml"]
    assert b"subDoc" not in files["word/document.xml"]
    header = etree.fromstring(files["word/header1.xml"])
    blips = list(header.iter(f"{{{A}}}blip"))
    # The logo, and the picture that was linked and embedded, keep their embedded copy; the
    # picture that was only linked, and the linked object, are gone.
    assert [b.get(f"{{{R}}}embed") for b in blips] == ["rId1", "rId1"]
    assert all(b.get(f"{{{R}}}link") is None for b in blips)
    names = [e.get("name") for e in header.iter("{*}cNvPr")]
    assert names == ["logo.png", "both.png"]
    assert b"OLEObject" not in files["word/header1.xml"]
    footer_rels = etree.fromstring(files["word/_rels/footer1.xml.rels"])
    (href,) = [r for r in footer_rels.iter(REL) if r.get("Target") == "https://lbf.dk/"]
    assert href.get("TargetMode") == "External"
    footer = etree.fromstring(files["word/footer1.xml"])
    assert [h.get(f"{{{R}}}id") for h in footer.iter(f"{{{W}}}hyperlink")] == [href.get("Id")]
    assert read_docx(data) == agreement


@needs_libreoffice
def test_a_cleaned_template_result_opens_in_libreoffice(form: bytes, tmp_path: Path) -> None:
    template = macro_template(
        linking_template(form), MAIN.replace("document.main", "template.main")
    )
    document = write_docx(example(), tmp_path / "cleaned.docx", template=template)
    convert_to_pdf([document], tmp_path)
    assert (tmp_path / "cleaned.pdf").stat().st_size > 1000


# --------------------------------------------------------------------------- refused by the reader


def test_a_result_bigger_than_the_readers_limit_is_not_written(form: bytes, tmp_path: Path) -> None:
    # A template just under the limit, whose picture the agreement's text pushes over it:
    # the template is accepted, the result would be refused by read_docx, so it is not
    # written. (The same with the default 100 MiB limit costs seconds; the check is one.)
    # The header's logo replaced by a picture of 1.5 MB that does not compress.
    template = rebuilt(
        form,
        lambda n, d: d.replace(b"media/image1.png", b"media/big.png") if ".rels" in n else d,
        {"word/media/big.png": random.Random(12).randbytes(1_500_000)},
    )
    limits = Limits(max_file_bytes=len(template) + 2_000)
    target = tmp_path / "delaftale.docx"
    with pytest.raises(WriteError) as caught:
        write_docx(example(), target, template=template, limits=limits)
    message = str(caught.value)
    assert "read_docx would refuse it" in message
    assert "word/media/big.png (1.4 MiB)" in message
    assert "Compress Pictures" in message
    assert not target.exists()
    # With room for it, the same template writes, and the result reads with those limits.
    roomy = Limits(max_file_bytes=len(template) + 200_000)
    written = write_docx(example(), target, template=template, limits=roomy)
    assert read_docx(written, limits=roomy) == example()


def test_text_the_reader_would_refuse_is_not_written(tmp_path: Path) -> None:
    base = example()
    target = tmp_path / "delaftale.docx"
    # So repetitive it compresses like a zip bomb: the reader refuses it, so the writer does.
    repetitive = attrs.evolve(base, municipal_context=Text.of("ab" * 2_000_000))
    with pytest.raises(WriteError, match=r"read_docx would refuse it .*compressed.*document\.xml"):
        write_docx(repetitive, target)
    # One line longer than an XML parser reads as one text (ten million bytes).
    letters = random.Random(1).choices(string.ascii_letters, k=10_100_000)
    too_long = attrs.evolve(base, municipal_context=Text.of("".join(letters)))
    with pytest.raises(
        WriteError, match=r"would refuse its part word/document\.xml.*Split very long"
    ):
        write_docx(too_long, target)
    # Tables in tables, deeper than can be read back: refused with the place in the data.
    nested = Text.of("bund")
    for _ in range(70):
        nested = Text(blocks=(Table(rows=((nested,),)),))
    deep = attrs.evolve(base, revision=nested)
    with pytest.raises(WriteError, match=r"\$\.revision\[0\]\.table\[0\]\[0\]\[0\]\.table"):
        write_docx(deep, target)
    assert not target.exists()


# --------------------------------------------------------------------------- hostile templates


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        out.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{OFFICE_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        out.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _nested(depth: int) -> bytes:
    body = "<w:sdt><w:sdtContent>" * depth + "</w:sdtContent></w:sdt>" * depth
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


OLE = bytes.fromhex("D0CF11E0A1B11AE1")

HOSTILE: dict[str, Callable[[bytes], bytes]] = {
    "doc": lambda _form: OLE + b"\0" * 512,
    "pdf": lambda _form: b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n",
    "xlsx": lambda _form: _xlsx(),
    "encrypted": lambda _form: OLE + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"),
    "damaged-zip": lambda form: form[: len(form) // 2],
    "no-document-part": lambda form: rebuilt(
        form, lambda n, d: None if n == "word/document.xml" else d
    ),
    "doctype": lambda form: rebuilt(
        form,
        lambda n, d: (
            d.replace(
                b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
            )
            if n == "word/document.xml"
            else d
        ),
    ),
    "deep-nesting": lambda form: rebuilt(
        form, lambda n, d: _nested(300) if n == "word/document.xml" else d
    ),
    "not-xml": lambda form: rebuilt(
        form, lambda n, d: d[: len(d) // 2] if n == "word/styles.xml" else d
    ),
    "footnotes-not-xml": lambda form: rebuilt(
        form,
        lambda n, d: (
            add_rels(d, rel("rIdF", f"{OFFICE_REL}/footnotes", "footnotes.xml"))
            if n == "word/_rels/document.xml.rels"
            else d
        ),
        {"word/footnotes.xml": b"<w:footnotes><w:footnote>"},
    ),
    "missing-part": lambda form: rebuilt(
        form, lambda n, d: None if n == "word/numbering.xml" else d
    ),
    "not-a-document": lambda form: rebuilt(
        form, lambda n, d: f'<w:ftr xmlns:w="{W}"/>'.encode() if n == "word/document.xml" else d
    ),
    "no-sections": lambda form: rebuilt(
        form,
        lambda n, d: (
            d[: d.index(b"<w:sectPr")] + b"</w:body></w:document>"
            if n == "word/document.xml"
            else d
        ),
    ),
    "empty": lambda _form: b"",
    # Found by mutating templates: python-docx stumbles over these with AttributeError,
    # TypeError and (half-way through filling) KeyError.
    "rels-not-relationships": lambda form: rebuilt(
        form,
        lambda n, d: (
            d.replace(b"<Relationships ", b"<Relationshipz ").replace(
                b"</Relationships>", b"</Relationshipz>"
            )
            if n == "word/_rels/document.xml.rels"
            else d
        ),
    ),
    "relationship-without-target": lambda form: rebuilt(
        form,
        lambda n, d: (
            d.replace(b'Target="styles.xml"', b"") if n == "word/_rels/document.xml.rels" else d
        ),
    ),
    "header-of-another-type": lambda form: rebuilt(
        form,
        lambda n, d: (
            re.sub(rb'(/word/header1\.xml" ContentType=")[^"]*', rb"\1application/xml", d)
            if n == "[Content_Types].xml"
            else d
        ),
    ),
    # Valid, and accepted: a form with no page setup, a form with no lists (python-docx
    # cannot make the numbering part the bullets need).
    "no-numbering": lambda form: rebuilt(
        form,
        lambda n, d: (
            None
            if n == "word/numbering.xml"
            else re.sub(rb"<Relationship [^>]*numbering\.xml\"/>", b"", d)
            if n == "word/_rels/document.xml.rels"
            else d
        ),
    ),
    "dangling-header-reference": lambda form: rebuilt(
        form,
        lambda n, d: (
            re.sub(rb"<Relationship [^>]*header1\.xml\"/>", b"", d)
            if n == "word/_rels/document.xml.rels"
            else d
        ),
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("given_as", ["path", "bytes", "file"])
def test_a_hostile_template_is_a_write_error_naming_it(
    form: bytes, kind: str, given_as: str, tmp_path: Path
) -> None:
    data = HOSTILE[kind](form)
    path = tmp_path / "skabelon.docx"
    path.write_bytes(data)
    target = tmp_path / "delaftale.docx"
    with path.open("rb") as handle:
        sources: dict[str, Path | bytes | BinaryIO] = {"path": path, "bytes": data, "file": handle}
        template = sources[given_as]
        try:
            write_docx(example(), target, template=template)
        except WriteError as exc:
            message = str(exc)
        else:
            assert kind in ("no-sections", "no-numbering"), "accepted"
            assert read_docx(target) == example()
            return
    assert "object at 0x" not in message
    assert "<_io" not in message
    assert str(path) in message if given_as != "bytes" else "the template" in message.casefold()
    assert message.startswith("The template"), message
    assert not target.exists()


def test_a_template_path_that_is_missing_a_folder_a_device_or_too_big_is_a_write_error(
    form: bytes, tmp_path: Path
) -> None:
    target = tmp_path / "delaftale.docx"
    with pytest.raises(WriteError, match=r"template .*nowhere\.docx does not exist; check"):
        write_docx(example(), target, template=tmp_path / "nowhere.docx")
    with pytest.raises(WriteError, match=r"is a folder, not a file"):
        write_docx(example(), target, template=tmp_path)
    (tmp_path / "form.docx").write_bytes(form)
    with (
        (tmp_path / "form.docx").open(encoding="latin-1") as text,
        pytest.raises(WriteError, match=r"form\.docx was opened as text; open it .*'rb'"),
    ):
        render_docx(example(), template=text)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not int"):
        render_docx(example(), template=7)  # type: ignore[arg-type]
    # A device or a named pipe would be read for ever (or wait for ever): refused unread.
    specials = [Path("/dev/zero")] if Path("/dev/zero").exists() else []
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.docx")
        specials.append(tmp_path / "pipe.docx")
    for special in specials:
        with pytest.raises(WriteError, match=r"is not a regular file"):
            write_docx(example(), target, template=special)
    # No more than the limit is read, from a path or a file object.
    small = Limits(max_file_bytes=len(form) - 1)
    for given in (tmp_path / "form.docx", io.BytesIO(form)):
        with pytest.raises(WriteError, match=rf"larger than the limit of {len(form) - 1} bytes"):
            write_docx(example(), target, template=given, limits=small)
    assert not target.exists()


def test_messages_name_a_template_given_as_a_file_object_never_its_repr(form: bytes) -> None:
    # python-docx's own messages name the file object it was given: none may get through.
    hostile = [HOSTILE[k](form) for k in ("missing-part", "not-xml", "pdf", "no-document-part")]
    for data in hostile:
        with pytest.raises(WriteError) as caught:
            render_docx(example(), template=io.BytesIO(data))
        assert "0x" not in str(caught.value)
        assert "BytesIO" not in str(caught.value)
        assert str(caught.value).startswith("The template")


# --------------------------------------------------------------------------- output names


@pytest.mark.parametrize(
    "suffix", [".pdf", ".PDF", ".doc", ".docm", ".dotx", ".dotm", ".odt", ".rtf", ".json"]
)
def test_a_target_named_for_another_format_is_refused(suffix: str, tmp_path: Path) -> None:
    target = tmp_path / f"delaftale{suffix}"
    with pytest.raises(WriteError, match=r"delaftale\.docx") as caught:
        write_docx(example(), target)
    if suffix.casefold() == ".pdf":
        assert "soffice --headless --convert-to pdf delaftale.docx" in str(caught.value)
    with pytest.raises(WriteError, match=r"overview\.docx"):
        write_overview(Plan(name="X"), tmp_path / f"overview{suffix}")
    assert list(tmp_path.iterdir()) == []
    assert write_docx(example(), tmp_path / "delaftale") == tmp_path / "delaftale"  # no suffix


# --------------------------------------------------------------------------- types


def test_mypy_strict_checks_the_writers_parameters(tmp_path: Path) -> None:
    errors = mypy_errors(
        tmp_path,
        "import io\n"
        "from pathlib import Path\n"
        "import delaftale\n"
        "from delaftale import Agreement, FocusArea, Plan\n"
        "a = Agreement(focus_area=FocusArea.BESKAEFTIGELSE)\n"
        "p: Path = delaftale.write_docx(a, 'x.docx', template=io.BytesIO(b''))\n"
        "q: Path = delaftale.write_overview(Plan(name='X'), Path('o.docx'))\n"
        "b: bytes = delaftale.render_docx(a, template=b'')\n"
        "delaftale.write_docx(a, 42)\n"
        "delaftale.render_docx(a, template=3.5)\n"
        "delaftale.read_budget(None)\n",
    )
    assert [e.split(":")[1] for e in errors] == ["9", "10", "11"], errors


def test_the_writer_refuses_styles_beyond_the_readers_limit() -> None:
    import re

    from delaftale import UnsafeDocxError

    document = render_docx(example())
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        styles = len(re.findall(rb"<w:style[\s/>]", archive.read("word/styles.xml")))
    assert styles > 10  # counted here from the XML, not by the code under test
    tight = Limits(max_styles=styles - 1)
    with pytest.raises(UnsafeDocxError, match="styles"):
        read_docx(document, limits=tight)  # the reader refuses it …
    with pytest.raises(WriteError, match=f"holds {styles} styles, more than the limit of"):
        render_docx(example(), limits=tight)  # … so the writer does not make it
    assert read_docx(render_docx(example(), limits=Limits(max_styles=styles))) == example()


def test_a_target_that_cannot_be_written_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"cannot be written: it is a folder"):
        write_docx(example(), tmp_path)
    missing = tmp_path / "ikke-her" / "delaftale.docx"
    with pytest.raises(
        WriteError, match=r"delaftale\.docx cannot be written: no such file or folder"
    ):
        write_docx(example(), missing)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_the_writer_holds_templates_and_results_to_the_paragraph_limit(form: bytes) -> None:
    # Counted here from the XML (paragraph start tags), not by the code under test.
    document = render_docx(example())
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        written = len(re.findall(rb"<w:p[\s/>]", archive.read("word/document.xml")))
    with zipfile.ZipFile(io.BytesIO(form)) as archive:
        blank = len(re.findall(rb"<w:p[\s/>]", archive.read("word/document.xml")))
    assert blank < written
    # The reader refuses the result under a limit below its paragraphs, so the writer does
    # not hand it out … (the reader counts the paragraphs it reads, which leaves out the six
    # cells of the delmål table's header row: the limit is put well below both counts)
    tight = Limits(max_paragraphs=written - 10)
    with pytest.raises(delaftale.UnsafeDocxError, match="paragraphs"):
        read_docx(document, limits=tight)
    with pytest.raises(WriteError, match=f"holds {written} paragraphs, more than the limit"):
        render_docx(example(), limits=tight)
    # … and a template beyond the limit is refused before python-docx parses it.
    with pytest.raises(WriteError, match=f"holds {blank} paragraphs, more than the limit of 1"):
        render_docx(example(), template=form, limits=Limits(max_paragraphs=1))
    assert read_docx(render_docx(example(), limits=Limits(max_paragraphs=written))) == example()
