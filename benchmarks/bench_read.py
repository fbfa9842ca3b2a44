"""Benchmark: read_docx against python-docx merely opening the same file, in the same run.

Goal (issue 3): reading a seed delaftale takes at most 2x the time python-docx needs to open
it, and the cost grows linearly with the document's length (1x, 10x, and with --long 100x
longer synthetic documents, made by repeating the activity schemas).

    python benchmarks/bench_read.py [--repeat 7] [--long]

Prints the best-of-N times and the ratios; no assertion, since shared machines are noisy.
"""

from __future__ import annotations

import argparse
import copy
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
import delaftale
from fixtures import build_docx_fixtures as fx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def cold() -> int:
    """Forget every functools cache in delaftale's loaded modules; the number forgotten.

    The reader keeps its memo per document, so this clears only what is built once (an
    area's title keys, a catalogue); each read is then of a document seen for the first time.
    """
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("delaftale") or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
                cleared += 1
    return cleared


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` cold runs, in seconds: the least disturbed by other load."""
    times = []
    for _ in range(repeat):
        cold()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def longer(data: bytes, factor: int) -> bytes:
    """The document with its activity schemas repeated so it is about `factor` times longer."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    children = [c for c in body if c.tag != f"{W}sectPr"]
    sect = body.find(f"{W}sectPr")
    for _ in range(factor - 1):
        for child in children[len(children) // 3 :]:
            if sect is not None:
                sect.addprevious(copy.deepcopy(child))
            else:
                body.append(copy.deepcopy(child))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--long", action="store_true", help="also measure a 100x document")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = fx.build_all(Path(tmp))
        print("read_docx vs docx.Document() on the same bytes (best of", args.repeat, "runs)")
        print(f"{'document':58} {'open ms':>8} {'read ms':>8} {'ratio':>6}")
        for name, path in sorted(files.items()):
            if "--" not in name:
                continue
            data = path.read_bytes()
            t_open = best(lambda d=data: docx.Document(io.BytesIO(d)), args.repeat)
            t_read = best(lambda d=data: delaftale.read_docx(d), args.repeat)
            print(f"{name:58} {t_open * 1e3:8.1f} {t_read * 1e3:8.1f} {t_read / t_open:6.2f}")
        base = files["ishoj-2025-beskaeftigelse--form"].read_bytes()
        factors = [1, 10, 100] if args.long else [1, 10]
        print("\nscaling: ishoj-2025-beskaeftigelse--form.docx with its schemas repeated")
        print(f"{'factor':>6} {'open ms':>9} {'read ms':>9} {'ratio':>6} {'read ms / factor':>17}")
        for factor in factors:
            data = longer(base, factor)
            repeat = max(1, args.repeat // (1 if factor < 100 else 3))
            t_open = best(lambda d=data: docx.Document(io.BytesIO(d)), repeat)
            t_read = best(lambda d=data: delaftale.read_docx(d), repeat)
            print(
                f"{factor:6} {t_open * 1e3:9.1f} {t_read * 1e3:9.1f} {t_read / t_open:6.2f} "
                f"{t_read * 1e3 / factor:17.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
