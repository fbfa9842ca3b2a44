"""Benchmark: read_pdf against pdfplumber's own plain text extraction of the same file.

Goal (the PDF reader's issue): reading a delaftale PDF takes at most 3x the time pdfplumber
needs for ``page.extract_text()`` over all pages of the same file, opened from the same
bytes, measured side by side in the same run. The PDFs are the committed fixtures
(``tests/fixtures/pdf``: the examples in three layouts, exported by LibreOffice).

The two are measured interleaved (baseline, reader, baseline, reader, ...) so a change of
load on a shared machine hits both alike, and the medians are compared.

    python benchmarks/bench_pdf.py [--repeat 5] [--profile NAME]

Prints the median times and the ratio read / extract_text; no assertion, since shared
machines are noisy. ``--profile`` prints a cProfile of one read of the named fixture.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).parent))
from bench_read import cold

from delaftale.pdf import read_pdf

PDF_DIR = Path(__file__).parent.parent / "tests" / "fixtures" / "pdf"


def extract_text(data: bytes) -> None:
    """The baseline: pdfplumber's plain text of every page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def read(data: bytes) -> None:
    """The reader, from the same bytes."""
    cold()
    read_pdf(data)


def interleaved(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median seconds of each, measured alternately."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for fn, times in ((first, a), (second, b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", help="profile one read of this fixture (file stem)")
    args = parser.parse_args()
    if args.profile:
        data = (PDF_DIR / f"{args.profile}.pdf").read_bytes()
        profiler = cProfile.Profile()
        profiler.runcall(read, data)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return 0
    print(f"read_pdf vs page.extract_text() on every page (median of {args.repeat}, interleaved)")
    print(f"{'document':58} {'pages':>5} {'text ms':>8} {'read ms':>8} {'ratio':>6}")
    ratios = []
    for path in sorted(PDF_DIR.glob("*--*.pdf")):
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        t_text, t_read = interleaved(
            lambda d=data: extract_text(d), lambda d=data: read(d), args.repeat
        )
        ratios.append(t_read / t_text)
        print(
            f"{path.stem:58} {pages:5} {t_text * 1e3:8.0f} {t_read * 1e3:8.0f} "
            f"{t_read / t_text:6.2f}"
        )
    print(f"\nmedian ratio {statistics.median(ratios):.2f}, worst {max(ratios):.2f} (goal: 3.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
