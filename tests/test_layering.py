"""The package's layering, as docs/architecture.md draws it, checked from the source.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: an
import deferred to first use is still a dependency. The checks:

- a module imports only from its own layer or the layers below (``LAYERS``);
- no two modules import each other, directly or round a loop (no cycles);
- python-docx and lxml only under ``delaftale.word``, pandas only in ``frames`` and
  ``spreadsheets``, openpyxl only in ``spreadsheets``, matplotlib only in ``charts``, the PDF
  library only under ``delaftale.pdf``, tqdm only in ``cli``;
- the readers report what they could not place without importing the validation rules;
- nothing imports the command line (``cli``) but ``__main__``;
- the model and its vocabulary do no I/O (no files, paths, zips, processes or sockets).

Each check is a function of a mapping from module names to source text, so the tests at the
end can prove that each one fails on a tree that breaks it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src"

LAYERS: dict[str, int] = {
    # 0: foundations: errors, option words, limits, expressions compiled when first used
    "delaftale.errors": 0,
    "delaftale.options": 0,
    "delaftale._limits": 0,
    "delaftale._regex": 0,
    "delaftale._align": 0,
    # 1: the model and the vocabulary of findings
    "delaftale.model": 1,
    "delaftale.findings": 1,
    "delaftale.followup": 1,
    # 2: Danish notation, the plan, reference data, a reader's report, bytes and their format
    "delaftale.danish": 2,
    "delaftale.plan": 2,
    "delaftale.catalogue": 2,
    "delaftale.csv_export": 2,
    "delaftale.sources": 2,
    "delaftale.parse_report": 2,
    # 3: working on the model in memory: JSON, schemas, edits, validation, revisions
    "delaftale.serialization": 3,
    "delaftale.schema": 3,
    "delaftale.edit": 3,
    "delaftale.validation": 3,
    "delaftale.revisions": 3,
    # 4: documents and files, one format per module or package
    "delaftale.assembly": 4,
    "delaftale.word": 4,
    "delaftale.pdf": 4,
    "delaftale.office": 4,
    "delaftale.reading": 4,
    "delaftale.spreadsheets": 4,
    "delaftale.files": 4,
    "delaftale.frames": 4,
    "delaftale.charts": 4,
    # 5: the command
    "delaftale.cli": 5,
    "delaftale.__main__": 5,
}
"""The layer of each module or package (a package's modules share its layer)."""

FACADE = "delaftale"
"""The package's ``__init__``: it re-exports from every layer; only the command uses it."""

TOP = max(LAYERS.values())

LIBRARIES: dict[str, tuple[str, ...]] = {
    "docx": ("delaftale.word",),
    "lxml": ("delaftale.word",),
    "pandas": ("delaftale.frames", "delaftale.spreadsheets"),
    "openpyxl": ("delaftale.spreadsheets",),
    "matplotlib": ("delaftale.charts",),
    "pdfplumber": ("delaftale.pdf",),
    "pdfminer": ("delaftale.pdf",),
    "tqdm": ("delaftale.cli",),
}
"""Third-party libraries held to the modules that own them."""

READERS = (
    "delaftale.assembly",
    "delaftale.word.reader",
    "delaftale.word.package",
    "delaftale.word.safety",
    "delaftale.word.form",
    "delaftale.word.layout",
    "delaftale.pdf",
    "delaftale.sources",
    "delaftale.reading",
    "delaftale.parse_report",
)
"""Modules that report what they could not place with ``findings``, not the rules."""

PURE = (
    "delaftale.model",
    "delaftale.findings",
    "delaftale.followup",
    "delaftale.danish",
    "delaftale.plan",
)
"""Modules that must do no I/O."""

IO_MODULES = frozenset(
    {"os", "io", "pathlib", "zipfile", "shutil", "subprocess", "tempfile", "socket", "urllib"}
)


def source_tree() -> dict[str, str]:
    """Every module of the installed source, by dotted name."""
    tree = {}
    for path in sorted((SRC / "delaftale").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        tree[".".join(parts)] = path.read_text(encoding="utf-8")
    return tree


def _within(module: str, owner: str) -> bool:
    return module == owner or module.startswith(owner + ".")


def imports(tree: Mapping[str, str]) -> Iterator[tuple[str, str, int]]:
    """(importer, imported, line) for every import in the tree, resolved to module names.

    ``from delaftale.word import form`` names the module ``delaftale.word.form``; a name
    that is not a module names its module. Third-party imports give their top package.
    """
    for module, text in tree.items():
        package = module if _is_package(module, tree) else ""
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield module, alias.name, node.lineno
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    here = (package or module).split(".")
                    if not package:
                        here = here[:-1]
                    here = here[: len(here) - node.level + 1]
                    base = ".".join([*here, base] if base else here)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    yield module, full if full in tree else base, node.lineno


def _is_package(module: str, tree: Mapping[str, str]) -> bool:
    return any(other.startswith(module + ".") for other in tree)


def layer_of(module: str) -> int | None:
    """The layer of a module: that of the longest entry of ``LAYERS`` holding it."""
    owners = [owner for owner in LAYERS if _within(module, owner)]
    return LAYERS[max(owners, key=len)] if owners else None


def layering_problems(tree: Mapping[str, str]) -> list[str]:
    """Imports from a higher layer, into the façade or the command, or of unknown modules."""
    problems = []
    for importer, imported, line in imports(tree):
        if not _within(imported, "delaftale"):
            continue
        where = f"{importer}:{line} imports {imported}"
        if imported == FACADE and importer != FACADE and layer_of(importer) != TOP:
            problems.append(f"{where}: below the command, no module imports the package itself")
            continue
        if FACADE in (importer, imported):
            continue
        if _within(imported, "delaftale.cli") and importer != "delaftale.__main__":
            problems.append(f"{where}: only __main__ may import the command line")
            continue
        low, high = layer_of(importer), layer_of(imported)
        if low is None or high is None:
            unknown = importer if low is None else imported
            problems.append(f"{where}: {unknown} has no layer; add it to LAYERS (and the doc)")
        elif high > low:
            problems.append(f"{where}: layer {low} may not import layer {high}")
        elif _within(imported, "delaftale.validation") and any(
            _within(importer, reader) for reader in READERS
        ):
            problems.append(f"{where}: a reader reports with delaftale.findings, not the rules")
    return problems


def cycles(tree: Mapping[str, str]) -> list[list[str]]:
    """Every group of modules that import each other round a loop (Tarjan's algorithm)."""
    edges: dict[str, set[str]] = {module: set() for module in tree}
    for importer, imported, _ in imports(tree):
        if imported in tree and imported != importer and importer != FACADE:
            edges[importer].add(imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(tree):
        if module not in index:
            visit(module)
    return found


def library_problems(tree: Mapping[str, str]) -> list[str]:
    """Third-party libraries imported outside the modules that own them; I/O in pure ones."""
    problems = []
    for importer, imported, line in imports(tree):
        top = imported.split(".")[0]
        owners = LIBRARIES.get(top)
        if owners and not any(_within(importer, owner) for owner in owners):
            problems.append(f"{importer}:{line} imports {top}, which only {owners} may import")
        if top in IO_MODULES and any(_within(importer, pure) for pure in PURE):
            problems.append(f"{importer}:{line} imports {top}: the model does no I/O")
    return problems


def test_every_module_has_a_layer_and_imports_only_downwards() -> None:
    assert layering_problems(source_tree()) == []


def test_no_import_cycles() -> None:
    assert cycles(source_tree()) == []


def test_libraries_stay_in_their_modules() -> None:
    assert library_problems(source_tree()) == []


def test_the_layers_are_the_documented_ones() -> None:
    # docs/architecture.md names every entry of LAYERS in its table, with its layer.
    doc = (Path(__file__).parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].isdigit():
            for name in cells[1].replace("`", "").split(","):
                rows[f"delaftale.{name.strip().removesuffix('/')}"] = int(cells[0])
    assert rows == LAYERS


# The checks themselves: each fails on a tree that breaks its rule.

_GOOD = {
    "delaftale": "from delaftale.model import Agreement\n",
    "delaftale.errors": "",
    "delaftale.validation": "from delaftale.model import Agreement\n",
    "delaftale.model": "import decimal\nfrom delaftale.errors import DataError\n",
    "delaftale.word": "",
    "delaftale.word.reader": "import lxml\nfrom delaftale.model import Agreement\n",
    "delaftale.cli": "import delaftale\nfrom delaftale.word import reader\n",
    "delaftale.__main__": "from delaftale.cli import main\n",
}


def test_the_checks_pass_a_tree_that_keeps_the_rules() -> None:
    assert layering_problems(_GOOD) == []
    assert cycles(_GOOD) == []
    assert library_problems(_GOOD) == []


@pytest.mark.parametrize(
    ("module", "text", "expected"),
    [
        ("delaftale.model", "def f():\n    from delaftale.word import reader\n", "layer 1"),
        ("delaftale.errors", "from delaftale import model\n", "layer 0"),
        ("delaftale.word.reader", "import delaftale\n", "package itself"),
        ("delaftale.word.reader", "from delaftale.cli import main\n", "__main__"),
        ("delaftale.model", "from delaftale.novelty import x\n", "no layer"),
        ("delaftale.word.reader", "from delaftale.validation import Severity\n", "findings"),
    ],
)
def test_layering_catches(module: str, text: str, expected: str) -> None:
    (problem,) = layering_problems({**_GOOD, module: text})
    assert expected in problem


def test_cycles_are_caught_even_inside_functions() -> None:
    tree = {**_GOOD, "delaftale.errors": "def f():\n    from .model import Agreement\n"}
    assert cycles(tree) == [["delaftale.errors", "delaftale.model"]]


@pytest.mark.parametrize(
    ("module", "text", "expected"),
    [
        ("delaftale.model", "from docx import Document\n", "docx"),
        ("delaftale.cli", "import pandas as pd\n", "pandas"),
        ("delaftale.word.reader", "import matplotlib.pyplot\n", "matplotlib"),
        ("delaftale.model", "from pathlib import Path\n", "no I/O"),
    ],
)
def test_library_checks_catch(module: str, text: str, expected: str) -> None:
    (problem,) = library_problems({**_GOOD, module: text})
    assert expected in problem
