"""Benchmark: `import delaftale` against importing what it stands on, in fresh processes.

Goal (issue 7): ``python -c "import delaftale"`` takes at most 1.5x the time of
``python -c "import docx, attrs, cattrs"``, and does not import pandas (nor python-docx:
the Word code is imported on first use).

    python benchmarks/bench_import.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def timed(code: str, repeat: int) -> tuple[float, float]:
    """Best and median wall time of running ``python -c code`` in a fresh process."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    empty = timed("pass", args.repeat)
    base = timed("import docx, attrs, cattrs", args.repeat)
    ours = timed("import delaftale", args.repeat)
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, delaftale; print(sorted(m for m in ('pandas', 'docx', 'lxml', 'openpyxl')"
            " if m in sys.modules))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"fresh-process import times, best / median of {args.repeat} runs")
    print(f"{'python -c pass':34} {empty[0] * 1e3:7.1f} / {empty[1] * 1e3:7.1f} ms")
    print(f"{'import docx, attrs, cattrs':34} {base[0] * 1e3:7.1f} / {base[1] * 1e3:7.1f} ms")
    print(f"{'import delaftale':34} {ours[0] * 1e3:7.1f} / {ours[1] * 1e3:7.1f} ms")
    print(f"ratio (best): {ours[0] / base[0]:.2f}   ratio (median): {ours[1] / base[1]:.2f}")
    print(f"heavy modules loaded by import delaftale: {loaded}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
