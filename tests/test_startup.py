"""What starting delaftale costs: nothing is imported, compiled or built before it is used.

Each check runs in a fresh interpreter, as a program importing delaftale would, and looks at
``sys.modules`` (and at the expressions compiled) after the import.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import delaftale
from delaftale.model import Agreement, FocusArea
from delaftale.word import writer


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _loaded(code: str, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` are in sys.modules after running ``code`` in a fresh interpreter."""
    shown = f"import sys\n{code}\nprint(' '.join(m for m in {names!r} if m in sys.modules))"
    return _run(shown).split()


def test_a_bare_import_builds_no_model_and_imports_no_cattrs() -> None:
    names = ("attrs", "cattrs", "delaftale.model", "delaftale.danish", "delaftale.validation")
    assert _loaded("import delaftale", names) == []


def test_the_public_names_work_after_a_bare_import() -> None:
    out = _run(
        "import delaftale\n"
        "print(delaftale.Agreement.__name__, delaftale.danish.__name__,"
        " delaftale.frames.__name__)\n"
        "missing = [n for n in delaftale.__all__ if n not in dir(delaftale)]\n"
        "print(missing)\n"
        "namespace = {}\n"
        "exec('from delaftale import *', namespace)\n"
        "print(sorted(set(delaftale.__all__) - set(namespace)))\n"
    )
    assert out.splitlines() == [
        "Agreement delaftale.danish delaftale.frames",
        "[]",
        "[]",
    ]


def test_dir_lists_every_public_name() -> None:
    assert set(delaftale.__all__) <= set(dir(delaftale))


def test_the_model_alone_imports_neither_cattrs_nor_the_rules() -> None:
    names = ("cattrs", "delaftale.validation", "delaftale.plan", "docx", "lxml")
    assert _loaded("from delaftale import Agreement", names) == []


def test_cattrs_is_imported_and_the_converter_made_at_the_first_conversion() -> None:
    code = (
        "import delaftale.serialization as s\n"
        "print('cattrs' in sys.modules, s.parse_json('{\"a\": 1.5}'))\n"
        "from delaftale import Agreement\n"
        'a = s.loads(\'{"focus_area": "beskaeftigelse"}\', Agreement)\n'
        "print('cattrs' in sys.modules, s.converter is s.converter, s.dumps(a) == s.dumps(a))"
    )
    assert _run(f"import sys\n{code}").splitlines() == [
        "False {'a': Decimal('1.5')}",
        "True True True",
    ]


def test_the_converter_is_the_one_loads_uses() -> None:
    from delaftale import serialization

    converter = serialization.converter
    assert converter is serialization._converter()
    example = Agreement(focus_area=FocusArea.BESKAEFTIGELSE, initiative="X")
    assert converter.unstructure(example) == serialization.unstructure(example)


def test_checking_an_agreement_imports_no_plan() -> None:
    code = (
        "from delaftale import validate, Agreement, FocusArea\n"
        "validate(Agreement(focus_area=FocusArea.BESKAEFTIGELSE))"
    )
    assert _loaded(code, ("delaftale.plan", "delaftale.validation._plan", "cattrs")) == []
    out = _run(
        "from delaftale import validate, Plan, PlanOptions\n"
        "from delaftale.validation import PlanOptions as options\n"
        "print(options is PlanOptions, validate(Plan(name='X')).ok)"
    )
    assert out == "True True"


def test_importing_compiles_no_regular_expression_of_ours() -> None:
    # Compiled at first use: importing these modules compiles none of their expressions.
    modules = (
        "delaftale.danish",
        "delaftale.serialization",
        "delaftale.edit",
        "delaftale.validation",
        "delaftale.validation._agreement",
    )
    code = (
        "import re, sys\n"
        "compile, callers = re.compile, []\n"
        "def counting(*args, **kwargs):\n"
        "    callers.append(sys._getframe(1).f_globals.get('__name__'))\n"
        "    return compile(*args, **kwargs)\n"
        "re.compile = counting\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        f"print(sorted({{c for c in callers if c in {modules!r}}}))"
    )
    assert _run(code) == "[]"


def test_the_built_in_form_s_unchanged_parts_are_copied_not_compressed_again() -> None:
    example = Agreement(focus_area=FocusArea.BESKAEFTIGELSE, initiative="Helhedsplan")
    document, styles, kept = writer._open_built_in_form(example.focus_area)
    writer._Filler(document, example, styles).fill()
    copied = writer._save(document, kept)
    saved = io.BytesIO()
    document.save(saved)  # python-docx's own save of the same document
    with zipfile.ZipFile(io.BytesIO(copied)) as ours, zipfile.ZipFile(saved) as theirs:
        assert ours.testzip() is None
        assert ours.namelist() == theirs.namelist()
        for name in theirs.namelist():
            assert ours.read(name) == theirs.read(name), name
        form = zipfile.ZipFile(io.BytesIO(writer.blank_form_bytes(example.focus_area)))
        for name in ("word/styles.xml", "word/stylesWithEffects.xml", "word/theme/theme1.xml"):
            assert name in kept
            assert ours.getinfo(name).compress_size == form.getinfo(name).compress_size
        assert "word/document.xml" not in kept  # parsed and filled: written from its XML
    assert delaftale.read_docx(copied) == example


def test_a_kept_part_changed_after_opening_is_written_from_its_xml() -> None:
    from docx.enum.style import WD_STYLE_TYPE

    example = Agreement(focus_area=FocusArea.BESKAEFTIGELSE)
    document, _, kept = writer._open_built_in_form(example.focus_area)
    assert "word/styles.xml" in kept
    document.styles.add_style("Ny typografi", WD_STYLE_TYPE.PARAGRAPH)  # parses the part
    with zipfile.ZipFile(io.BytesIO(writer._save(document, kept))) as archive:
        assert b"Ny typografi" in archive.read("word/styles.xml")


def test_a_type_checker_sees_the_lazy_names_and_catches_typos(tmp_path: Path) -> None:
    # The lazy __getattr__ is hidden from type checkers: the names are declared for them,
    # and a misspelt one is an error, not Any.
    from typecheck import mypy_errors

    errors = mypy_errors(
        tmp_path,
        "import delaftale\n"
        "from delaftale import serialization, validation\n"
        "a: delaftale.Agreement = delaftale.loads('{}', delaftale.Agreement)\n"
        "r: delaftale.Report = delaftale.validate(a)\n"
        "f: type[delaftale.Limits] = delaftale.Limits\n"
        "o: type[validation.PlanOptions] = validation.PlanOptions\n"
        "c = serialization.converter\n"
        "x = delaftale.Agrement\n"
        "y = validation.PlanOpshuns\n"
        "z = serialization.convertr\n",
    )
    assert [e.split(":")[1] for e in errors] == ["8", "9", "10"], errors


def test_odd_names_are_attribute_errors_and_dir_shows_the_public_names() -> None:
    import delaftale

    for name in (".model", "word.reader", "Agrement", "__wrapped__", "x y"):
        assert not hasattr(delaftale, name)
    shown = dir(delaftale)
    assert set(delaftale.__all__) <= set(shown)
    assert not {"Any", "TYPE_CHECKING", "annotations", "_LAZY"} & set(shown)


def test_reports_pickled_before_findings_moved_still_load() -> None:
    import pickle

    from delaftale import Finding, Severity

    finding = Finding(code="x", severity=Severity.ERROR, path="$", message="m", message_da="m")
    # Protocol 0 names the class's module as text: as an earlier version wrote it.
    old = pickle.dumps(finding, protocol=0).replace(
        b"delaftale.findings", b"delaftale.validation._report"
    )
    assert b"delaftale.validation._report" in old
    assert pickle.loads(old) == finding
