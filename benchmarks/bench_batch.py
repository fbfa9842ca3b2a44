"""Benchmark: ``delaftale read DIR -o OUT --jobs 2`` on 60 documents against the bare floor.

Goal (issue 13): reading a folder of 60 delaftaler with ``--jobs 2`` costs at most 6x the
bare floor of the same 60 files, measured in the same run. The floor is what any reader must
do at the least: open the zip, parse word/document.xml (``xml.etree.ElementTree``) and
iterate its text, all 60 files one after another in one process.

Measured, interleaved (floor, command, in-process, ... in each repetition), medians:

- ``command``: ``python -m delaftale read DIR -o OUT --jobs 2`` as a subprocess: the user's
  real cost, the interpreter's start-up and imports included;
- ``main(jobs=2)``: the same through ``delaftale.cli.main`` in this process (worker
  processes, no interpreter start-up for the command itself);
- ``main(jobs=1)``: in this process, one file after another, no worker processes;
- ``python -c pass``: the interpreter's bare start-up, for scale.

    python benchmarks/bench_batch.py [--repeat 5] [--files 60] [--profile]

``--profile`` adds where the time goes in one ``--jobs 1`` run (cProfile, top functions by
own time and by cumulative time). Prints times and ratios; no assertion (shared machines).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from delaftale.cli import main as cli_main
from fixtures import build_docx_fixtures as fx


def documents(folder: Path, count: int) -> Path:
    """``count`` delaftaler in ``folder/docs``: the nine good fixtures, copied round-robin."""
    built = fx.build_all(folder / "fixtures")
    good = sorted(path for name, path in built.items() if "--" in name)
    docs = folder / "docs"
    docs.mkdir()
    for n in range(count):
        shutil.copyfile(good[n % len(good)], docs / f"delaftale-{n:03}.docx")
    return docs


def floor(docs: Path) -> int:
    """Open each zip, parse word/document.xml, iterate its text: the least any reader does."""
    characters = 0
    for path in sorted(docs.iterdir()):
        with zipfile.ZipFile(path) as archive:
            root = ET.fromstring(archive.read("word/document.xml"))
        for text in root.itertext():
            characters += len(text)
    return characters


def fresh(out: Path) -> Path:
    """An empty output folder (each run writes all its JSON files anew)."""
    shutil.rmtree(out, ignore_errors=True)
    return out


def command(docs: Path, out: Path, jobs: int) -> None:
    """The command as a user runs it: a new interpreter."""
    argv = ["read", str(docs), "-o", str(fresh(out)), "--jobs", str(jobs)]
    done = subprocess.run(
        [sys.executable, "-m", "delaftale", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the command failed ({done.returncode}): {done.stderr}")


def in_process(docs: Path, out: Path, jobs: int) -> None:
    """The command through ``main`` in this process."""
    with contextlib.redirect_stderr(io.StringIO()):
        code = cli_main(["read", str(docs), "-o", str(fresh(out)), "--jobs", str(jobs)])
    if code != 0:
        raise SystemExit(f"main() returned {code}")


def bare_python() -> None:
    """The interpreter's start-up alone."""
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def timed(fn: Callable[[], object]) -> float:
    """Seconds ``fn`` takes, once."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def profile(docs: Path, out: Path) -> None:
    """Where one in-process ``--jobs 1`` run spends its time."""
    profiler = cProfile.Profile()
    profiler.enable()
    in_process(docs, out, 1)
    profiler.disable()
    for key, title in (("tottime", "own time"), ("cumulative", "cumulative time")):
        print(f"\nprofile of main(jobs=1), top functions by {title}:")
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(key).print_stats(18)
        body = text.getvalue()
        print(body[body.index("   ncalls") :].rstrip())


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="also profile a --jobs 1 run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(Path(tmp), args.files)
        out = Path(tmp) / "out"
        floor(docs)  # warm the file cache, so the first measure is not the disk's
        measures: dict[str, Callable[[], object]] = {
            "floor (zip + parse + text, 1 process)": lambda: floor(docs),
            "command: delaftale read --jobs 2": lambda: command(docs, out, 2),
            "main(): read --jobs 2, in process": lambda: in_process(docs, out, 2),
            "main(): read --jobs 1, in process": lambda: in_process(docs, out, 1),
            "python -c pass (start-up, for scale)": bare_python,
        }
        times: dict[str, list[float]] = {name: [] for name in measures}
        for _ in range(args.repeat):
            for name, fn in measures.items():
                times[name].append(timed(fn))
        median = {name: statistics.median(values) for name, values in times.items()}
        base = median["floor (zip + parse + text, 1 process)"]
        cores = os.cpu_count()
        print(f"{args.files} documents, {cores} cores, median of {args.repeat} interleaved runs")
        print(f"{'measure':42} {'ms':>8} {'x floor':>8}")
        for name, value in median.items():
            print(f"{name:42} {value * 1e3:8.1f} {value / base:8.2f}")
        ratio = median["command: delaftale read --jobs 2"] / base
        print(f"\ngoal: command <= 6x the floor; measured {ratio:.2f}x")
        if args.profile:
            profile(docs, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
