from __future__ import annotations

import inspect
import subprocess
import sys

import delaftale


def test_import_does_not_load_pandas_or_docx() -> None:
    code = (
        "import sys, delaftale; "
        "print(sorted(m for m in ('pandas', 'docx', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_public_name_exists_and_has_a_docstring() -> None:
    missing = [n for n in delaftale.__all__ if not hasattr(delaftale, n)]
    assert missing == []
    undocumented = [
        name
        for name in delaftale.__all__
        if name not in {"__version__", "RULES", "Block", "Language", "WeightMeasure"}  # aliases
        and not inspect.getdoc(getattr(delaftale, name))
    ]
    assert undocumented == []


def test_public_functions_and_methods_have_docstrings() -> None:
    undocumented = []
    for name in delaftale.__all__:
        obj = getattr(delaftale, name)
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or (
                    not callable(member) and not isinstance(member, property)
                ):
                    continue
                if not inspect.getdoc(member):
                    undocumented.append(f"{name}.{attr}")
    assert undocumented == []


def test_package_is_typed() -> None:
    from importlib.resources import files

    assert files("delaftale").joinpath("py.typed").is_file()
