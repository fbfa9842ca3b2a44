"""Building Word documents from raw XML in tests: namespaces and python-docx's default parts."""

from __future__ import annotations

import io
import zipfile

import docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
"""The namespace declarations a test document's root element needs."""


def default_parts() -> dict[str, bytes]:
    """The parts of python-docx's default document, by name, in zip order."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --------------------------------------------------------------------------- tracked changes
#
# Accepting and rejecting Word's revision marks in document.xml, written independently of
# delaftale.word.tracked and of the reader: plain lxml, following Word's semantics. A
# paragraph whose mark is deleted (accept) or inserted (reject) is joined to the paragraph
# after it, which keeps its own properties; one with nothing left is simply gone.

_W = f"{{{W_NS}}}"
_MARK_TAGS = {"ins": f"{_W}ins", "del": f"{_W}del"}


def _resolve(root: object, keep: str) -> object:
    """A copy of the document (root element or XML bytes) with every change accepted
    (``keep="ins"``) or rejected (``keep="del"``)."""
    from copy import deepcopy

    from lxml import etree

    if isinstance(root, bytes | str):
        tree = etree.fromstring(root.encode() if isinstance(root, str) else root)
    else:
        tree = deepcopy(root)
    drop = _MARK_TAGS["del" if keep == "ins" else "ins"]
    kept = _MARK_TAGS[keep]
    move_drop = f"{_W}moveFrom" if keep == "ins" else f"{_W}moveTo"
    move_keep = f"{_W}moveTo" if keep == "ins" else f"{_W}moveFrom"
    # Rows marked as gone go, with their content; tables left without rows go too.
    for tr in list(tree.iter(f"{_W}tr")):
        trpr = tr.find(f"{_W}trPr")
        if trpr is not None and trpr.find(drop) is not None:
            tr.getparent().remove(tr)
    for tbl in list(tree.iter(f"{_W}tbl")):
        if tbl.find(f"{_W}tr") is None:
            tbl.getparent().remove(tbl)
    # Paragraphs whose mark goes: joined to the next paragraph.
    for p in list(tree.iter(f"{_W}p")):
        mark = p.find(f"{_W}pPr/{_W}rPr")
        if mark is None or (mark.find(drop) is None and mark.find(move_drop) is None):
            continue
        _strip_runs(p, drop, move_drop)
        following = p.getnext()
        while following is not None and following.tag not in (f"{_W}p", f"{_W}tbl", f"{_W}sdt"):
            following = following.getnext()
        has_content = any(c.tag != f"{_W}pPr" for c in p)
        last = following is None and p.getparent().tag in (f"{_W}tc", f"{_W}body")
        if last:
            # The last paragraph of a cell or of the body: its mark cannot go.
            gone = mark.find(drop) if mark.find(drop) is not None else mark.find(move_drop)
            mark.remove(gone)
        elif following is not None and following.tag == f"{_W}p":
            anchor = following.find(f"{_W}pPr")
            at = 0 if anchor is None else following.index(anchor) + 1
            for child in [c for c in p if c.tag != f"{_W}pPr"]:
                following.insert(at, child)
                at += 1
            p.getparent().remove(p)
        elif not has_content:
            p.getparent().remove(p)
        else:
            mark.remove(mark.find(drop) if mark.find(drop) is not None else mark.find(move_drop))
    # Run-level changes; the property changes' old values when rejecting.
    _strip_runs(tree, drop, move_drop)
    for wrapper in list(tree.iter(kept, move_keep)):
        parent = wrapper.getparent()
        if parent.tag == f"{_W}rPr" or parent.tag == f"{_W}trPr":
            parent.remove(wrapper)
            continue
        for child in list(wrapper):
            wrapper.addprevious(child)
        parent.remove(wrapper)
    for change in list(tree.iter(f"{_W}pPrChange")):
        ppr = change.getparent()
        if keep == "del":
            old = change.find(f"{_W}pPr")
            for child in [c for c in ppr if c.tag not in (f"{_W}rPr", f"{_W}sectPr")]:
                ppr.remove(child)
            for n, child in enumerate(list(old) if old is not None else []):
                ppr.insert(n, child)
        else:
            ppr.remove(change)
    if keep == "del":
        for text in tree.iter(f"{_W}delText"):
            text.tag = f"{_W}t"
    return tree


def _strip_runs(tree: object, drop: str, move_drop: str) -> None:
    for wrapper in list(tree.iter(drop, move_drop)):  # type: ignore[attr-defined]
        parent = wrapper.getparent()
        if parent is not None and parent.tag not in (f"{_W}rPr", f"{_W}trPr"):
            parent.remove(wrapper)


def accept_all(document_xml: bytes | object) -> object:
    """document.xml (bytes or a root element) with every tracked change accepted."""
    return _resolve(document_xml, "ins")


def reject_all(document_xml: bytes | object) -> object:
    """document.xml (bytes or a root element) with every tracked change rejected."""
    return _resolve(document_xml, "del")


def paragraph_texts(root: object) -> list[str]:
    """The text of every paragraph in document order, table cells' paragraphs included
    (w:t, tabs as tab characters, breaks as newlines; deleted text is not w:t)."""
    out = []
    for p in root.iter(f"{_W}p"):  # type: ignore[attr-defined]
        parts = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            else:
                parts.append("\n")
        out.append("".join(parts))
    return out
