"""A revised delaftale as a Word document with tracked changes (delaftale.word.tracked).

Each case is a revision a board makes, by hand, of an example agreement: the old and the new
version written into the same form, the new one marked against the old. The marks are
checked independently of the code under test and of our reader: ``wordxml.accept_all`` and
``reject_all`` apply Word's semantics with plain lxml, and must give the new and the old
document paragraph for paragraph; LibreOffice, where installed, shows both the deleted and
the inserted words, and accepts or rejects every change to the new or old text.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import delaftale
from delaftale import (
    Activity,
    Agreement,
    BaselineYear,
    Indicator,
    Measurement,
    Paragraph,
    ParagraphKind,
    SubGoal,
    Text,
    Unit,
    WriteError,
    read_docx,
    render_docx,
)
from delaftale.edit import replace
from delaftale.word.tracked import tracked_changes_bytes
from fixtures.build_templates import build_templates
from libreoffice import convert_to_pdf, needs_libreoffice, soffice
from strategies import agreement_revisions
from wordxml import NAMESPACES, W_NS, accept_all, default_parts, paragraph_texts, reject_all

EXAMPLES = Path(__file__).parent.parent / "examples"
AUTHOR = "Bestyrelsen for Den boligsociale helhedsplan i Ishøj"
WHEN = datetime.datetime(2026, 3, 1, 10, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
WHEN_TEXT = "2026-03-01T09:30:00Z"
FORMS = ("built-in", "table-form", "one-cell", "content-controls")
W = f"{{{W_NS}}}"
REVISIONS = (f"{W}ins", f"{W}del", f"{W}pPrChange")


def example(stem: str) -> Agreement:
    return delaftale.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


BESK = "ishoj-2025-beskaeftigelse"
UDD = "ishoj-2025-uddannelse-og-livschancer"
SOEN = "soenderborg-2021-uddannelse-og-livschancer"


# --------------------------------------------------------------------------- the revisions


def staff_share(a: Agreement) -> Agreement:
    return replace(a, "$.staffing.allocations[0].share", Decimal(30))


NEW_ACTIVITY = Activity(
    name="Lektiecafé for udskolingen",
    purpose=Text(
        blocks=(Paragraph(text="Flere unge skal gennemføre folkeskolen med karakterer."),)
    ),
    content=Text(
        blocks=(
            Paragraph(text="To gange om ugen i beboerhuset.", kind=ParagraphKind.BULLET),
            Paragraph(text="Frivillige lektiehjælpere.", kind=ParagraphKind.BULLET),
        )
    ),
)


def activity_added(a: Agreement) -> Agreement:
    return attrs.evolve(
        a,
        activities=(*a.activities, NEW_ACTIVITY),
        activity_names=(*a.activity_names, NEW_ACTIVITY.name),
    )


def activity_removed(a: Agreement) -> Agreement:
    return attrs.evolve(
        a,
        activities=a.activities[:1] + a.activities[2:],
        activity_names=a.activity_names[:1] + a.activity_names[2:],
    )


def baseline_filled(a: Agreement) -> Agreement:
    return replace(
        a,
        "$.sub_goals[0].indicators[0].baseline",
        Measurement(text="45 % af de unge", value=Decimal(45), unit=Unit.PERCENT),
    )


def reworded(a: Agreement) -> Agreement:
    first, *rest = a.municipal_context.blocks
    assert isinstance(first, Paragraph)
    assert "valgt at etablere" in first.text
    changed = attrs.evolve(
        first, text=first.text.replace("valgt at etablere", "besluttet at oprette")
    )
    return attrs.evolve(a, municipal_context=Text(blocks=(changed, *rest)))


def activities_swapped(a: Agreement) -> Agreement:
    acts, names = a.activities, a.activity_names
    return attrs.evolve(
        a,
        activities=(acts[1], acts[0], *acts[2:]),
        activity_names=(names[1], names[0], *names[2:]),
    )


NEW_GOAL = SubGoal(
    title="Flere unge i fritidsjob",
    indicators=(
        Indicator(
            description="Andelen af 13-17-årige med et fritidsjob",
            baseline=Measurement(text="18 %", value=Decimal(18), unit=Unit.PERCENT),
            baseline_year=BaselineYear(text="2025", year=2025),
            data_source="Lokal registrering",
        ),
    ),
)


def sub_goal_added(a: Agreement) -> Agreement:
    return attrs.evolve(a, sub_goals=(*a.sub_goals, NEW_GOAL))


def last_party_removed(a: Agreement) -> Agreement:
    return attrs.evolve(a, parties=a.parties[:-1])


def first_party_removed(a: Agreement) -> Agreement:
    return attrs.evolve(a, parties=a.parties[1:])


def bullet_made_body(a: Agreement) -> Agreement:
    act = a.activities[0]
    blocks = list(act.responsibilities.blocks)
    k = next(
        i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.kind.value == "bullet"
    )
    blocks[k] = attrs.evolve(blocks[k], kind=ParagraphKind.BODY, level=0)
    changed = attrs.evolve(act, responsibilities=Text(blocks=tuple(blocks)))
    return attrs.evolve(a, activities=(changed, *a.activities[1:]))


def draft_moved(a: Agreement) -> Agreement:
    return attrs.evolve(a, draft_date=datetime.date(2025, 10, 15))


# (name, example, revision, words deleted, words inserted): the words a person expects struck
# through and underlined.
CASES: list[tuple[str, str, Callable[[Agreement], Agreement], list[str], list[str]]] = [
    ("staff share 25 -> 30", BESK, staff_share, ["25"], ["30"]),
    ("activity added", BESK, activity_added, [], ["Lektiecafé for udskolingen", "Frivillige"]),
    ("activity removed", BESK, activity_removed, ["Fritidsjobforløb"], []),
    ("baseline filled in", BESK, baseline_filled, ["Udfyldes"], ["45"]),
    ("text reworded", BESK, reworded, ["valgt", "etablere"], ["besluttet", "oprette"]),
    ("activities swapped", UDD, activities_swapped, [], []),
    ("delmål added", SOEN, sub_goal_added, [], ["Flere unge i fritidsjob", "18 %"]),
    ("last party removed", BESK, last_party_removed, ["Vejleåparken"], []),
    ("first party removed", UDD, first_party_removed, [], []),
    ("bullet made body", BESK, bullet_made_body, [], []),
    ("draft date moved", BESK, draft_moved, [], []),
]


class _Forms(dict[str, bytes | None]):
    """The blank forms by name; shown by their names only (Hypothesis prints arguments)."""

    def __repr__(self) -> str:
        return f"<forms {', '.join(self)}>"


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes | None]:
    built = build_templates(tmp_path_factory.mktemp("tracked-templates"))
    out = _Forms({"built-in": None})
    out.update({name: built[name].read_bytes() for name in FORMS if name != "built-in"})
    return out


# --------------------------------------------------------------------------- looking at the XML


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def document(data: bytes) -> Any:
    return etree.fromstring(parts(data)["word/document.xml"])


def signature(root: Any) -> list[tuple[str, str, bool]]:
    """Each paragraph's text, style and whether it is in a list: what accepting must give."""
    out = []
    texts = paragraph_texts(root)
    for text, p in zip(texts, root.iter(f"{W}p"), strict=True):
        style = p.find(f"{W}pPr/{W}pStyle")
        listed = p.find(f"{W}pPr/{W}numPr") is not None
        out.append((text, style.get(f"{W}val") if style is not None else "", listed))
    # Word ends a body with a paragraph (after a table at the end it shows an empty one),
    # so empty plain paragraphs at the very end are no content: the writer ends some bodies
    # with a table, some with an empty paragraph.
    if root.find(f"{W}body") is not None:
        while out and out[-1] == ("", "", False):
            out.pop()
    return out


def inside(element: Any, tag: str) -> bool:
    return any(a.tag == tag for a in element.iterancestors())


def marked_text(root: Any, tag: str) -> str:
    """The text inside ``w:ins`` (tag ins: w:t) or ``w:del`` (tag del: w:delText)."""
    if tag == "del":
        return "".join(t.text or "" for t in root.iter(f"{W}delText"))
    return "".join(t.text or "" for t in root.iter(f"{W}t") if inside(t, f"{W}ins"))


def check_marks(old: bytes, new: bytes, tracked: bytes) -> None:
    """What every tracked document must be, whatever the revision."""
    old_parts, new_parts, out_parts = parts(old), parts(new), parts(tracked)
    assert list(out_parts) == list(new_parts)
    marked = set()
    for name, data in out_parts.items():
        if data != new_parts[name]:
            marked.add(name)
            # The body, headers and footers; the footnotes when a deleted reference's footnote
            # is copied in.
            assert name in ("word/document.xml", "word/footnotes.xml") or (
                "/header" in name or "/footer" in name
            ), name
    root = etree.fromstring(out_parts["word/document.xml"])
    # Accepting every change gives the new document, rejecting every change the old one:
    # paragraph for paragraph, with their styles.
    assert signature(accept_all(root)) == signature(document(new))
    assert signature(reject_all(root)) == signature(document(old))
    # Every mark has the author, the date in UTC, and an id no other w:id in the package has.
    ids: list[str] = []
    others: set[str] = set()
    for name in marked:
        for element in etree.fromstring(out_parts[name]).iter():
            if element.get(f"{W}id") is None:
                continue
            if element.tag in REVISIONS:
                assert element.get(f"{W}author") == AUTHOR
                assert element.get(f"{W}date") == WHEN_TEXT
                ids.append(element.get(f"{W}id"))
            else:
                others.add(element.get(f"{W}id"))
    for name, data in out_parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name not in marked:
            others.update(e.get(f"{W}id") for e in etree.fromstring(data).iter() if e.get(f"{W}id"))
    assert len(ids) == len(set(ids))
    assert not set(ids) & others
    # Deleted text is w:delText inside w:del, never w:t; w:ins and w:del around runs hold runs.
    for element in root.iter(f"{W}ins", f"{W}del"):
        parent = element.getparent().tag
        if parent in (f"{W}rPr", f"{W}trPr"):
            assert len(element) == 0
        else:
            assert [c.tag for c in element] == [f"{W}r"] * len(element)
    for t in root.iter(f"{W}t"):
        assert not inside(t, f"{W}del")
    for t in root.iter(f"{W}delText"):
        assert inside(t, f"{W}del") or inside(t, f"{W}trPr")
    del old_parts


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("name", "stem", "revise", "deleted", "inserted"), CASES, ids=[c[0] for c in CASES]
)
def test_a_revision_is_marked_where_a_person_expects_and_accepts_to_the_new_version(
    templates: dict[str, bytes | None],
    form: str,
    name: str,
    stem: str,
    revise: Callable[[Agreement], Agreement],
    deleted: list[str],
    inserted: list[str],
) -> None:
    old_agreement = example(stem)
    new_agreement = revise(old_agreement)
    assert new_agreement != old_agreement
    template = templates[form]
    old, new = render_docx(old_agreement, template), render_docx(new_agreement, template)
    tracked = tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN)
    check_marks(old, new, tracked)
    root = document(tracked)
    deleted_text, inserted_text = marked_text(root, "del"), marked_text(root, "ins")
    for words in deleted:
        assert words in deleted_text, (words, deleted_text[:300])
    for words in inserted:
        assert words in inserted_text, (words, inserted_text[:300])
    marks = [e for data in parts(tracked).values() for e in (b"<w:ins ", b"<w:del ") if e in data]
    assert marks or root.find(f".//{W}pPrChange") is not None
    # Our reader reads a tracked document as accepted: the new agreement.
    read = read_docx(tracked)
    assert read == read_docx(new)
    if read_docx(new) == new_agreement:
        assert read == new_agreement


def test_the_marks_stand_on_the_words_that_changed_and_nowhere_else() -> None:
    old = render_docx(example(BESK))
    new = render_docx(staff_share(example(BESK)))
    root = document(tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN))
    (d,) = root.iter(f"{W}del")
    (i,) = root.iter(f"{W}ins")
    assert "".join(d.itertext()) == "25"
    assert "".join(i.itertext()) == "30"
    p = d.getparent()
    assert p is i.getparent()
    assert p.tag == f"{W}p"
    shown = "".join(t.text or "" for t in p.iter(f"{W}t") if not inside(t, f"{W}ins"))
    assert shown == "Boligsocial leder (ansat på 37 timer):  % af stillingen"
    assert d.getnext() is i  # deleted first, then inserted, as Word shows a replacement


def test_a_reworded_paragraph_keeps_its_unchanged_words_unmarked() -> None:
    old = render_docx(example(BESK))
    new = render_docx(reworded(example(BESK)))
    root = document(tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN))
    assert marked_text(root, "del") == "valgtetablere"  # "at" between them is kept
    assert marked_text(root, "ins") == "besluttetoprette"
    (p,) = {d.getparent() for d in root.iter(f"{W}del", f"{W}ins")}
    assert paragraph_texts(reject_all(p))[0].startswith(
        "Ishøj Kommune har pr. 1. juni 2025 valgt at etablere en fritidsjobindsats"
    )
    assert paragraph_texts(accept_all(p))[0].startswith(
        "Ishøj Kommune har pr. 1. juni 2025 besluttet at oprette en fritidsjobindsats"
    )


def test_an_added_delmaal_is_an_inserted_row_and_a_removed_party_a_deleted_paragraph(
    templates: dict[str, bytes | None],
) -> None:
    old_agreement = example(SOEN)
    new_agreement = last_party_removed(sub_goal_added(old_agreement))
    old, new = render_docx(old_agreement), render_docx(new_agreement)
    root = document(tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN))
    rows = [tr for tr in root.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}ins") is not None]
    assert len(rows) == 1
    assert "Flere unge i fritidsjob" in "".join(t.text or "" for t in rows[0].iter(f"{W}t"))
    gone = old_agreement.parties[-1].name
    assert gone in marked_text(root, "del")
    assert gone not in "".join(t.text or "" for t in root.iter(f"{W}t"))


def test_a_changed_list_kind_is_a_paragraph_property_change() -> None:
    old = render_docx(example(BESK))
    new = render_docx(bullet_made_body(example(BESK)))
    root = document(tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN))
    (change,) = root.iter(f"{W}pPrChange")
    assert change.find(f"{W}pPr/{W}numPr") is not None  # the old properties: a list item
    assert change.getparent().find(f"{W}numPr") is None  # the new: a body paragraph
    assert root.find(f".//{W}ins") is None
    assert root.find(f".//{W}del") is None


def test_a_moved_draft_date_is_marked_in_the_header() -> None:
    old = render_docx(example(BESK))
    new = render_docx(draft_moved(example(BESK)))
    tracked = tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN)
    header = etree.fromstring(parts(tracked)["word/header1.xml"])
    assert marked_text(header, "del") == "01 09"
    assert marked_text(header, "ins") == "15 10"
    assert paragraph_texts(accept_all(header)) == paragraph_texts(
        etree.fromstring(parts(new)["word/header1.xml"])
    )
    assert paragraph_texts(reject_all(header)) == paragraph_texts(
        etree.fromstring(parts(old)["word/header1.xml"])
    )
    assert parts(tracked)["word/document.xml"] == parts(new)["word/document.xml"]


@pytest.mark.parametrize("form", FORMS)
def test_identical_documents_give_the_new_one_back_without_marks(
    templates: dict[str, bytes | None], form: str
) -> None:
    agreement = example(UDD)
    old = render_docx(agreement, templates[form])
    new = render_docx(agreement, templates[form])
    tracked = tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN)
    assert tracked == new
    for data in parts(tracked).values():
        assert b"<w:ins " not in data
        assert b"<w:del " not in data


def test_documents_of_different_forms_are_refused_with_advice(
    templates: dict[str, bytes | None],
) -> None:
    old = render_docx(example(BESK))
    new = render_docx(staff_share(example(BESK)), templates["table-form"])
    with pytest.raises(WriteError, match=r"same form.*same template"):
        tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN)


def test_an_author_is_required() -> None:
    old = render_docx(example(BESK))
    with pytest.raises(WriteError, match="author"):
        tracked_changes_bytes(old, old, author="  ", date=WHEN)


def test_a_naive_date_is_taken_as_utc() -> None:
    old = render_docx(example(BESK))
    new = render_docx(staff_share(example(BESK)))
    root = document(
        tracked_changes_bytes(old, new, author="A", date=datetime.datetime(2026, 1, 2, 3, 4, 5))
    )
    assert {e.get(f"{W}date") for e in root.iter(f"{W}ins", f"{W}del")} == {"2026-01-02T03:04:05Z"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=agreement_revisions(), form=st.sampled_from(FORMS))
def test_accepting_gives_the_new_and_rejecting_the_old_for_any_revision(
    templates: dict[str, bytes | None], pair: tuple[Agreement, Agreement], form: str
) -> None:
    old_agreement, new_agreement = pair
    old = render_docx(old_agreement, templates[form])
    new = render_docx(new_agreement, templates[form])
    tracked = tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN)
    root = document(tracked)
    assert signature(accept_all(root)) == signature(document(new))
    assert signature(reject_all(root)) == signature(document(old))
    assert read_docx(tracked) == read_docx(new)


# --------------------------------------------------------------------------- LibreOffice


def _revised_pair() -> tuple[bytes, bytes]:
    """Several revisions at once, for the independent readers."""
    old_agreement = example(BESK)
    new_agreement = last_party_removed(reworded(staff_share(activity_added(old_agreement))))
    return render_docx(old_agreement), render_docx(new_agreement)


@needs_libreoffice
def test_libreoffice_shows_both_the_deleted_and_the_inserted_words(tmp_path: Path) -> None:
    old, new = _revised_pair()
    path = tmp_path / "tracked.docx"
    path.write_bytes(tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN))
    convert_to_pdf([path], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "tracked.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    (reworded_line,) = [line for line in lines if "Ishøj Kommune har pr. 1. juni" in line]
    for words in ("valgt", "besluttet", "etablere", "oprette"):  # deleted and inserted
        assert words in reworded_line
    (staff_line,) = [line for line in lines if "Boligsocial leder (ansat" in line]
    assert "2530 % af stillingen" in staff_line  # 25 struck through, 30 underlined
    squashed = " ".join(lines)
    assert "Lektiecafé for udskolingen" in squashed
    assert "Den boligsociale helhedsplan i Vejleåparken" in squashed  # the removed party


_UNO_SCRIPT = """
import subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

soffice, profile, pipe = sys.argv[1:4]
jobs = sys.argv[4:]
office = subprocess.Popen([soffice, "--headless", "--invisible", "--nologo", "--norestore",
    "-env:UserInstallation=file://" + profile, "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(480):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    else:
        sys.exit("LibreOffice did not answer")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatcher = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", ctx)
    for i in range(0, len(jobs), 3):
        source, action, target = jobs[i:i + 3]
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
        if action != "none":
            frame = doc.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, ".uno:%sAllTrackedChanges" % action, "", 0, ())
        doc.storeToURL(uno.systemPathToFileUrl(target),
            (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,")))
        doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        office.wait(timeout=60)
    except subprocess.TimeoutExpired:
        office.kill()
"""


def _uno_python() -> str | None:
    python = shutil.which("python3", path="/usr/bin:/usr/local/bin")
    if python is None or soffice() is None:
        return None
    found = subprocess.run([python, "-c", "import uno"], capture_output=True, check=False)
    return python if found.returncode == 0 else None


@pytest.mark.skipif(
    _uno_python() is None,
    reason="LibreOffice's Python bridge (python3-uno, Debian's package) or soffice is not "
    "installed here: LibreOffice cannot accept the changes by itself",
)
def test_libreoffice_accepting_every_change_gives_the_new_text_and_rejecting_the_old(
    tmp_path: Path,
) -> None:
    old, new = _revised_pair()
    files = {
        "old": old,
        "new": new,
        "tracked": tracked_changes_bytes(old, new, author=AUTHOR, date=WHEN),
    }
    for name, data in files.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    jobs = [
        ("old", "none", "old"),
        ("new", "none", "new"),
        ("tracked", "Accept", "accepted"),
        ("tracked", "Reject", "rejected"),
    ]
    args = [
        x
        for source, action, out in jobs
        for x in (str(tmp_path / f"{source}.docx"), action, str(tmp_path / f"{out}.txt"))
    ]
    script = tmp_path / "accept.py"
    script.write_text(_UNO_SCRIPT, encoding="utf-8")
    python, command = _uno_python(), soffice()
    assert python is not None
    assert command is not None
    subprocess.run(
        [python, str(script), command, str(tmp_path / "lo"), f"delaftale-{tmp_path.name}", *args],
        check=True,
        capture_output=True,
        timeout=600,
    )
    text = {
        name: (tmp_path / f"{name}.txt").read_text(encoding="utf-8")
        for name in ("old", "new", "accepted", "rejected")
    }
    assert text["accepted"] == text["new"]
    assert text["rejected"] == text["old"]
    assert text["new"] != text["old"]


# --------------------------------------------------------------------------- the reader


def _word_document(body: str) -> bytes:
    """A .docx of a body written the way Word writes tracked changes made by a person."""
    files = default_parts()
    files["word/document.xml"] = (
        f"<w:document {NAMESPACES}><w:body>{body}<w:sectPr/></w:body></w:document>"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_BY = 'w:author="Lis Hansen" w:date="2026-02-03T10:00:00Z"'
_MOVED = "Vejleåparken, Boligforeningen AAB, Boligsocial leder"


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def _cells(*texts: str, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    out = []
    for n, text in enumerate(texts):
        run = f"<w:r><{tag}>{text}</{tag}></w:r>"
        if deleted:
            run = f'<w:del w:id="{300 + n}" {_BY}>{run}</w:del>'
        out.append(f"<w:tc><w:p>{run}</w:p></w:tc>")
    return "".join(out)


def test_the_reader_reads_a_document_with_a_persons_tracked_changes_as_accepted() -> None:
    # Tracked changes as Word writes them when a person edits with "Track changes" on: a
    # deleted paragraph (runs and mark), two paragraphs joined by deleting the mark between
    # them, a paragraph moved (moveFrom/moveTo ranges), an inserted paragraph, a deleted
    # delmål row and an inserted one.
    header = ("Delmål", "Indikator", "Baseline boligområde/målgruppe", "Evt. anden baseline")
    header += ("Baseline år", "Datakilde")
    body = "".join(
        [
            _p("Delaftale for indsatsområdet Beskæftigelse"),
            _p("Delaftalens parter:"),
            _p("Center for Børn og Forebyggelse, Ishøj Kommune, Centerchef"),
            # deleted whole: text and mark
            f'<w:p><w:pPr><w:rPr><w:del w:id="1" {_BY}/></w:rPr></w:pPr>'
            f'<w:del w:id="2" {_BY}><w:r><w:delText>Jobcenter Ishøj, Centerchef</w:delText>'
            "</w:r></w:del></w:p>",
            # the mark between two paragraphs deleted: one party
            f'<w:p><w:pPr><w:rPr><w:del w:id="3" {_BY}/></w:rPr></w:pPr>'
            "<w:r><w:t xml:space='preserve'>Center for Kultur </w:t></w:r></w:p>",
            _p("og Fritid, Ishøj Kommune, Centerchef"),
            # moved away from here ...
            f'<w:moveFromRangeStart w:id="4" w:name="move1" {_BY}/>'
            f'<w:p><w:pPr><w:rPr><w:moveFrom w:id="5" {_BY}/></w:rPr></w:pPr>'
            f'<w:moveFrom w:id="6" {_BY}><w:r><w:t>{_MOVED}</w:t>'
            '</w:r></w:moveFrom></w:p><w:moveFromRangeEnd w:id="4"/>',
            f'<w:p><w:pPr><w:rPr><w:ins w:id="7" {_BY}/></w:rPr></w:pPr>'
            f'<w:ins w:id="8" {_BY}><w:r><w:t>Ungdomsskolen, Ishøj Kommune, Leder</w:t></w:r>'
            "</w:ins></w:p>",
            # ... to here
            f'<w:moveToRangeStart w:id="9" w:name="move1" {_BY}/>'
            f'<w:p><w:pPr><w:rPr><w:moveTo w:id="10" {_BY}/></w:rPr></w:pPr>'
            f'<w:moveTo w:id="11" {_BY}><w:r><w:t>{_MOVED}</w:t>'
            '</w:r></w:moveTo></w:p><w:moveToRangeEnd w:id="9"/>',
            _p("Delmål og indikatorer for indsatsområdet"),
            "<w:tbl><w:tblGrid>" + "<w:gridCol/>" * 6 + "</w:tblGrid>",
            f"<w:tr>{_cells(*header)}</w:tr>",
            f"<w:tr>{_cells('Flere i job', 'Andel i job', '40 %', '', '2024', 'Jobcenter')}</w:tr>",
            f'<w:tr><w:trPr><w:del w:id="12" {_BY}/></w:trPr>'
            f"{_cells('Færre unge uden job', 'Andel', '9 %', '', '2024', 'DST', deleted=True)}"
            "</w:tr>",
            f'<w:tr><w:trPr><w:ins w:id="13" {_BY}/></w:trPr>'
            f"{_cells('Flere i fritidsjob', 'Andel', '18 %', '', '2025', 'Lokal registrering')}"
            "</w:tr></w:tbl>",
            _p("Aktiviteter, som skal bidrage til indfrielsen af delmålene:"),
        ]
    )
    agreement = read_docx(_word_document(body))
    assert [p.name for p in agreement.parties] == [
        "Center for Børn og Forebyggelse",
        "Center for Kultur og Fritid",
        "Ungdomsskolen",
        "Vejleåparken",
    ]
    assert [g.title for g in agreement.sub_goals] == ["Flere i job", "Flere i fritidsjob"]


def test_a_paragraph_of_one_repeated_word_costs_little() -> None:
    # difflib's matcher took over five seconds on this (its time grows with the cube of the
    # length when every other token is the same); the bounded alignment takes milliseconds.
    area = delaftale.FocusArea.BESKAEFTIGELSE
    old = Agreement(focus_area=area, municipal_context=Text(blocks=(Paragraph(text="a " * 500),)))
    new = attrs.evolve(old, municipal_context=Text(blocks=(Paragraph(text="b a " * 250),)))
    tracked = tracked_changes_bytes(render_docx(old), render_docx(new), author="S", date=WHEN)
    assert read_docx(tracked).municipal_context == read_docx(render_docx(new)).municipal_context
    assert signature(accept_all(document(tracked))) == signature(document(render_docx(new)))


def test_revision_docx_writes_both_versions_into_the_form_and_compares_them() -> None:
    old = delaftale.read(EXAMPLES / "ishoj-2025-beskaeftigelse.json")
    leader = old.staffing.allocations[0]
    new = attrs.evolve(
        old,
        staffing=attrs.evolve(
            old.staffing,
            allocations=(attrs.evolve(leader, share=Decimal(30)), *old.staffing.allocations[1:]),
        ),
    )
    data = delaftale.revision_docx(old, new, author="Sekretariatet", date=WHEN)
    root = document(data)
    deleted = [t.text for t in root.iter(f"{W}delText")]
    inserted = [t.text for t in root.iter(f"{W}t") if t.getparent().getparent().tag == f"{W}ins"]
    assert deleted == ["25"]
    assert inserted == ["30"]
    assert {e.get(f"{W}author") for e in root.iter(f"{W}ins", f"{W}del")} == {"Sekretariatet"}
    assert read_docx(data) == read_docx(render_docx(new))
    other = attrs.evolve(new, focus_area=delaftale.FocusArea.KRIMINALITETSFOREBYGGELSE)
    with pytest.raises(WriteError, match="one area's delaftale"):
        delaftale.revision_docx(old, other)


def _footnotes(data: bytes) -> dict[str, str]:
    """Footnote id -> its text (w:t and w:delText), read from footnotes.xml here."""
    root = etree.fromstring(parts(data)["word/footnotes.xml"])
    return {
        note.get(f"{W}id"): "".join(t.text or "" for t in note.iter(f"{W}t", f"{W}delText")).strip()
        for note in root.iter(f"{W}footnote")
    }


def test_a_reworded_paragraph_with_a_footnote_keeps_each_footnote_once() -> None:
    # The probe's case: Beskæftigelse's first purpose paragraph reworded, its footnote kept.
    old = delaftale.read(EXAMPLES / "ishoj-2025-beskaeftigelse.json")
    first = old.activities[0]
    para = first.purpose.blocks[0]
    assert para.footnotes == (
        "Blandt andet: Beskæftigelsesministeriet, Aftale om flere unge i fritidsjob, "
        "september 2024",
    )
    reworded = attrs.evolve(para, text="Vi vil give flere unge et fritidsjob.")
    new = attrs.evolve(
        old,
        activities=(
            attrs.evolve(first, purpose=Text(blocks=(reworded, *first.purpose.blocks[1:]))),
            *old.activities[1:],
        ),
    )
    tracked = tracked_changes_bytes(render_docx(old), render_docx(new), author="S", date=WHEN)
    root = document(tracked)
    references = [r.get(f"{W}id") for r in root.iter(f"{W}footnoteReference")]
    assert len(references) == len(set(references)), "a footnote referenced twice"
    notes = _footnotes(tracked)
    deleted = [
        r.get(f"{W}id")
        for r in root.iter(f"{W}footnoteReference")
        if any(a.tag == f"{W}del" for a in r.iterancestors())
    ]
    # The deleted reference points at a copy of the old footnote, its text marked deleted.
    assert [notes[i] for i in deleted] == [para.footnotes[0]]
    # Accepting gives the new document; the reader reads the new agreement.
    assert signature(accept_all(root)) == signature(document(render_docx(new)))
    assert read_docx(tracked) == read_docx(render_docx(new))
