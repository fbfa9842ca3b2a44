"""Benchmark: starting delaftale in a fresh process against ``import attrs, cattrs``.

Goal (issue 14): ``import delaftale`` costs at most 1.6x ``import attrs, cattrs``, measured in
fresh processes with bytecode compiled, and nothing is compiled or built at import that can
wait until first use. The bare import is lazy (PEP 562), so the table also prints what using
the package costs, each row a fresh process:

1. ``import delaftale``;
2. ``from delaftale import Agreement``: the model ready;
3. ``from delaftale import loads, Agreement`` and a ``loads`` of a small agreement: JSON ready;
4. ``from delaftale import validate``: the rules ready;
5. ``python -m delaftale --help``: the command's start.

The rows and the baseline alternate in each repetition (the order reversed every other round,
so neither always runs first); the children run with bytecode caches allowed
(PYTHONDONTWRITEBYTECODE removed) and are warmed once before measuring. Wall time of the
whole process: best and median of ``--repeat`` runs, and the ratio of each to the
baseline's. The last column names the heavy libraries each row loads (rows 1-4 load none).

    python benchmarks/bench_import.py [--repeat 21]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HEAVY = ("pandas", "docx", "lxml", "openpyxl", "matplotlib", "pdfplumber", "cattrs", "attrs")
"""Libraries whose loading each row reports: the heavy ones, and the baseline's two."""

SMALL = json.dumps(
    {
        "focus_area": "beskaeftigelse",
        "initiative": "Den boligsociale helhedsplan i Ishøj",
        "period": {"start": "2025-11-01", "end": "2029-10-31"},
        "sub_goals": [
            {
                "title": "Flere unge i job eller uddannelse",
                "indicators": [
                    {
                        "description": "Andel 18-29-årige i job eller uddannelse",
                        "baseline": {"text": "61,21 %", "value": "61.21", "unit": "percent"},
                    }
                ],
            }
        ],
        "activities": [{"name": "Fritidsjob", "purpose": ["Unge i fritidsjob."]}],
    },
    ensure_ascii=False,
)

ROWS: list[tuple[str, list[str]]] = [
    ("python -c pass", ["-c", "pass"]),
    ("import attrs, cattrs  (baseline)", ["-c", "import attrs, cattrs"]),
    ("1 import delaftale", ["-c", "import delaftale"]),
    ("2 from delaftale import Agreement", ["-c", "from delaftale import Agreement"]),
    (
        "3 from delaftale import loads + loads",
        ["-c", f"from delaftale import loads, Agreement\nloads({SMALL!r}, Agreement)"],
    ),
    ("4 from delaftale import validate", ["-c", "from delaftale import validate"]),
    ("5 python -m delaftale --help", ["-m", "delaftale", "--help"]),
]
BASELINE = 1

# What a row loads, asked in a separate child (the report itself must not be timed).
_LOADED = f"""\
import contextlib, io, runpy, sys
args = sys.argv[1:]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        if args[0] == "-c":
            exec(compile(args[1], "<row>", "exec"), {{"__name__": "__main__"}})
        else:
            sys.argv = [args[1], *args[2:]]
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
print(" ".join(m for m in {HEAVY!r} if m in sys.modules) or "-")
"""


def environment() -> dict[str, str]:
    """The environment of this process, with bytecode caches allowed."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(args: list[str], env: dict[str, str]) -> float:
    """Wall time of ``python args`` in a fresh process, in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def loaded(args: list[str], env: dict[str, str]) -> str:
    """The HEAVY libraries in sys.modules after running ``python args``."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, *args],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    env = environment()
    for _, row in ROWS:
        run(row, env)  # warm: bytecode compiled, files in the page cache
    times: list[list[float]] = [[] for _ in ROWS]
    order = list(range(len(ROWS)))
    for round_ in range(args.repeat):
        for i in order if round_ % 2 == 0 else reversed(order):
            times[i].append(run(ROWS[i][1], env))
    best = [min(t) for t in times]
    median = [statistics.median(t) for t in times]
    print(
        f"fresh-process start times, best / median of {args.repeat} (interleaved), "
        "ratio to the baseline's best / median"
    )
    print(f"{'row':38} {'best ms':>8} {'median ms':>10} {'ratio':>11}  loads")
    for i, (name, row) in enumerate(ROWS):
        ratio = f"{best[i] / best[BASELINE]:.2f} / {median[i] / median[BASELINE]:.2f}"
        print(
            f"{name:38} {best[i] * 1e3:8.1f} {median[i] * 1e3:10.1f} {ratio:>11}  "
            f"{loaded(row, env)}"
        )
    print("goal: row 1 at most 1.6x the baseline; rows 1-4 load no pandas, docx, lxml,")
    print("openpyxl, matplotlib or pdfplumber")
    return 0


if __name__ == "__main__":
    sys.exit(main())
