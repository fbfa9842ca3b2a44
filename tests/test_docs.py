"""The documentation: its code runs as written, every page is in the site, the site builds."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"

# Pages whose ```python blocks are a runnable session, from the repository root.
RUNNABLE_PAGES = ["tutorial.md", "schemas.md", "integration.md", "followup.md", "revisions.md"]

_FENCE = re.compile(r"^```([\w-]*)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)


def _fences(page: str) -> list[tuple[str, str, int, int]]:
    """Every fenced block of a page: (language, body, start, end offsets in the text)."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return [(m.group(1), m.group(2), m.start(), m.end()) for m in _FENCE.finditer(text)]


def _sessions(page: str) -> list[tuple[str, str | None]]:
    """The page's python blocks in order, each with the text block that shows its output.

    A ```text block counts as a python block's output when nothing but blank lines stands
    between the two; its last line may be ``...`` to show only the start of the output.
    """
    text = (DOCS / page).read_text(encoding="utf-8")
    fences = _fences(page)
    sessions: list[tuple[str, str | None]] = []
    for i, (lang, body, _start, end) in enumerate(fences):
        if lang != "python":
            continue
        expected = None
        if i + 1 < len(fences):
            next_lang, next_body, next_start, _ = fences[i + 1]
            if next_lang == "text" and not text[end:next_start].strip():
                expected = next_body
        sessions.append((body, expected))
    return sessions


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def _check_output(expected: str, printed: str, where: str) -> None:
    want, got = _lines(expected), _lines(printed)
    if want and want[-1] == "...":
        want = want[:-1]
        got = got[: len(want)]
    assert got == want, f"{where}: the output shown in the page differs from what the code prints"


def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize("page", RUNNABLE_PAGES)
def test_code_blocks_run_in_order_and_print_what_the_page_shows(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a reader would: from the repository root, where examples/ is. What the code writes
    # goes to a folder it makes with tempfile, which is put inside tmp_path here.
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    examples_before = _listing(ROOT / "examples")
    sessions = _sessions(page)
    assert sessions, f"{page} has no python code blocks"
    namespace: dict[str, object] = {"__name__": f"docs_{Path(page).stem}"}
    for n, (code, expected) in enumerate(sessions, start=1):
        where = f"{page}, python block {n}"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, where, "exec"), namespace)
        if expected is not None:
            _check_output(expected, out.getvalue(), where)
    assert _listing(ROOT / "examples") == examples_before, f"{page} wrote into examples/"
    if page == "tutorial.md":
        work = namespace["work"]  # the tutorial's own folder, with the files it wrote
        assert isinstance(work, Path)
        assert work.parent == tmp_path
        assert sorted(p.suffix for p in work.iterdir()) == [".docx", ".docx", ".json"]


def test_the_tutorial_installs_with_the_readmes_first_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("<!-- setup:begin -->", 1)[1].split("<!-- setup:end -->", 1)[0]
    readme_commands = [
        line for line in setup.strip().splitlines() if line.strip() and not line.startswith("```")
    ]
    shell_blocks = [body.strip() for lang, body, _, _ in _fences("tutorial.md") if lang == "sh"]
    assert shell_blocks, "the tutorial shows no install command"
    assert shell_blocks[0] == readme_commands[0]


def _nav_pages() -> list[str]:
    """The .md files named in mkdocs.yml's nav (read without a YAML library)."""
    lines = MKDOCS_YML.read_text(encoding="utf-8").splitlines()
    start = lines.index("nav:")
    pages: list[str] = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith((" ", "-")):
            break  # the next top-level key
        pages.extend(re.findall(r"([\w./-]+\.md)\s*$", line))
    return pages


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    nav = _nav_pages()
    on_disk = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert len(nav) == len(set(nav)), "a page is in the nav twice"
    assert sorted(nav) == on_disk
    assert nav[0] == "index.md"


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    for module in ("mkdocs", "mkdocstrings", "mkdocstrings_handlers.python"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[dev]')")
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["-f", str(MKDOCS_YML), "-d", str(site)]
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for page in _nav_pages():
        built = page.removesuffix(".md")
        built = "index.html" if built == "index" else f"{built}/index.html"
        assert (site / built).is_file(), f"{page} was not built"
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("delaftale.validate", "delaftale.Agreement", "delaftale.frames.staff_pivot"):
        assert f'id="{name}"' in api, f"the API reference lacks {name}"
