"""Coverage-guided fuzzing of ``delaftale.read_docx_with_report`` with atheris (libFuzzer).

The contract under test: on any bytes the reader returns ``(Agreement, ParseReport)`` or
raises a ``DelaftaleError`` subclass. Anything else (KeyError, ValueError, zlib.error, an lxml
error, RecursionError …) is a crash: libFuzzer stops and writes the input to ``crash-<sha1>``.

atheris is not a project dependency. Install it into the venv first (Linux or macOS, CPython
3.8-3.11 wheels; elsewhere it builds from source and needs clang)::

    .venv/bin/pip install atheris

Run (see fuzz/README.md)::

    .venv/bin/python fuzz/fuzz_read_docx.py -runs=20000 /tmp/delaftale-corpus

When the first corpus directory is missing or empty, the seed corpus is written into it
first: every fixture of ``tests/fixtures/build_docx_fixtures.py`` (valid delaftaler in three
layouts, a letter, a .doc, an encrypted and a truncated file), plus each valid one re-zipped
with only the parts the reader reads. ``-max_len`` and ``-timeout`` get defaults suited to
~50 kB .docx files when not given.

A custom mutator keeps most mutations inside the zip: it unpacks the input, mutates one
entry's uncompressed bytes with libFuzzer's own mutator (or removes, duplicates, truncates or
recompresses an entry: stored, deflate, bzip2, lzma), and re-zips it with valid CRCs, so the
XML parser and the reader see the changes instead of zipfile rejecting a bad checksum. One
mutation in five is a plain byte mutation of the whole file, which keeps the zip code itself
under test.

Set ``DELAFTALE_FUZZ_CRASH_DIR=dir`` to keep going after a crash: each distinct crash
(exception type and innermost frame in delaftale) is saved once to ``dir`` with its
traceback, and fuzzing continues. Without it, the first crash stops the run as usual.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import sys
import tempfile
import traceback
import warnings
import zipfile
from pathlib import Path

import atheris

# Only delaftale's own modules are instrumented: coverage feedback where the bugs would be.
with atheris.instrument_imports(include=["delaftale"]):
    from delaftale import DelaftaleError, read_docx_with_report
    from delaftale.word import reader  # noqa: F401  (imported lazily by read_docx_with_report)

ROOT = Path(__file__).resolve().parents[1]
KEY_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "word/header1.xml",
)
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
DEFAULT_FLAGS = ("-max_len=262144", "-timeout=20")
CRASH_DIR = os.environ.get("DELAFTALE_FUZZ_CRASH_DIR")
_seen: set[str] = set()


def _crash_key(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "delaftale" in f.filename and "fuzz_read_docx" not in f.filename]
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    last = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {where} (raised at {last})"


def _keep(data: bytes, exc: Exception) -> None:
    key = _crash_key(exc)
    if key in _seen:
        return
    _seen.add(key)
    assert CRASH_DIR is not None
    out = Path(CRASH_DIR)
    out.mkdir(parents=True, exist_ok=True)
    stem = "atheris-" + hashlib.sha1(key.encode()).hexdigest()[:10]
    (out / f"{stem}.docx").write_bytes(data)
    (out / f"{stem}.txt").write_text(key + "\n\n" + "".join(traceback.format_exception(exc)))
    print(f"\n== new crash: {key} -> {out / stem}.docx", file=sys.stderr, flush=True)


def TestOneInput(data: bytes) -> None:  # noqa: N802  (the name atheris documents)
    """Read the bytes; a DelaftaleError is an accepted outcome, anything else a crash."""
    try:
        read_docx_with_report(data)
    except DelaftaleError:
        return
    except Exception as exc:
        if CRASH_DIR is None:
            raise
        _keep(data, exc)


# --------------------------------------------------------------------------- mutator


def _unzip(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:  # any damage: fall back to mutating the raw bytes
        return None


def _zip(items: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a duplicated entry is intended
        with zipfile.ZipFile(buffer, "w") as archive:
            for info, content in items:
                fresh = zipfile.ZipInfo(info.filename, date_time=(2025, 9, 1, 12, 0, 0))
                fresh.compress_type = info.compress_type
                archive.writestr(fresh, content, compresslevel=1)
    return buffer.getvalue()


def CustomMutator(data: bytes, max_size: int, seed: int) -> bytes:  # noqa: N802
    """Mutate inside the zip (see the module docstring); sometimes the raw bytes."""
    rng = random.Random(seed)
    items = _unzip(data) if rng.random() < 0.8 else None
    if not items:
        return atheris.Mutate(data, max_size)
    key = [i for i, (info, _) in enumerate(items) if info.filename in KEY_PARTS]
    index = rng.choice(key if key and rng.random() < 0.9 else range(len(items)))
    info, content = items[index]
    roll = rng.random()
    if roll < 0.04:
        del items[index]
    elif roll < 0.07:
        items.insert(rng.randrange(len(items) + 1), (info, content))
    elif roll < 0.10:
        items[index] = (info, content[: rng.randrange(len(content) + 1)])
    elif roll < 0.13:
        info = zipfile.ZipInfo(info.filename)
        info.compress_type = rng.choice(METHODS)
        items[index] = (info, content)
    else:
        items[index] = (info, atheris.Mutate(content, len(content) + 256))
    try:
        out = _zip(items)
    except Exception:
        return atheris.Mutate(data, max_size)
    return out if len(out) <= max_size else atheris.Mutate(data, max_size)


# --------------------------------------------------------------------------- seed corpus


def write_seed_corpus(corpus: Path) -> int:
    """Write the fixtures (and slimmed copies of the valid ones) into ``corpus``."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.build_docx_fixtures import build_all

    corpus.mkdir(parents=True, exist_ok=True)
    count = 0
    with tempfile.TemporaryDirectory(prefix="delaftale-seeds-") as tmp:
        for name, path in sorted(build_all(Path(tmp)).items()):
            data = path.read_bytes()
            (corpus / f"seed-{name}{path.suffix}").write_bytes(data)
            count += 1
            items = _unzip(data)
            if items and "--" in name:
                slim = [(i, c) for i, c in items if i.filename in KEY_PARTS]
                (corpus / f"seed-{name}--slim.docx").write_bytes(_zip(slim))
                count += 1
    return count


def main(argv: list[str]) -> None:
    """Seed the corpus directory when missing or empty, add default flags, and fuzz."""
    paths = [Path(a) for a in argv[1:] if not a.startswith("-")]
    # A file argument means "run these inputs"; a missing or empty directory gets the seeds.
    if paths and (not paths[0].exists() or (paths[0].is_dir() and not any(paths[0].iterdir()))):
        n = write_seed_corpus(paths[0])
        print(f"wrote {n} seed inputs to {paths[0]}", file=sys.stderr)
    flags = [f for f in DEFAULT_FLAGS if not any(a.startswith(f.split("=")[0]) for a in argv)]
    atheris.Setup([argv[0], *flags, *argv[1:]], TestOneInput, custom_mutator=CustomMutator)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
