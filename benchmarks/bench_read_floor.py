"""Benchmark: read_docx against the physical floor of reading the same .docx, interleaved.

Goal (issue 14): reading a delaftale costs at most 4x the floor, for documents of 1x to 100x
the length of a seed agreement. The floor is what any reader must do: open the zip, parse
word/document.xml with lxml and visit the text of every ``w:t``. Nothing is cached across
measurements: before every read, every ``functools`` cache in delaftale's modules is
cleared, so each read is of a document seen for the first time, and each measurement reads
its own copy of the bytes.

    python benchmarks/bench_read_floor.py [--repeat 15] [--long]

For each document, floor and read alternate (floor, read, floor, read …) so both see the
same load; the table gives the medians and their ratio. No assertion: shared machines are
noisy, so read the ratio, not the milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from bench_read import cold as forget
from bench_read import longer

import delaftale
from fixtures import build_docx_fixtures as fx

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def floor(data: bytes) -> int:
    """Open the zip, parse document.xml with lxml and visit every w:t's text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return sum(len(t.text or "") for t in root.iter(W_T))


def interleaved(
    runs: list[tuple[str, Callable[[bytes], object]]], data: bytes, repeat: int
) -> dict[str, float]:
    """Median seconds of each function on fresh copies of ``data``, alternating them."""
    times: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _ in range(repeat):
        for name, fn in runs:
            copy = bytes(bytearray(data))  # a new object each time: no identity-keyed cache
            forget()
            gc.collect()
            start = time.perf_counter()
            fn(copy)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--long", action="store_true", help="also measure a 100x document")
    args = parser.parse_args()
    runs: list[tuple[str, Callable[[bytes], object]]] = [
        ("floor", floor),
        ("read", lambda d: delaftale.read_docx(d)),
    ]
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        files = fx.build_all(Path(tmp))
        delaftale.read_docx(files["ishoj-2025-beskaeftigelse--form"])  # imports, not timed
        print(f"read_docx vs the floor (zip + lxml parse + every w:t), medians of {args.repeat}")
        print(f"cleared before each read: {forget()} functools caches in delaftale's modules")
        print(f"{'document':52} {'floor ms':>9} {'read ms':>9} {'ratio':>6}")
        for name, path in sorted(files.items()):
            if "--" not in name:
                continue
            medians = interleaved(runs, path.read_bytes(), args.repeat)
            ratio = medians["read"] / medians["floor"]
            ratios.append(ratio)
            print(
                f"{name:52} {medians['floor'] * 1e3:9.2f} {medians['read'] * 1e3:9.2f} {ratio:6.2f}"
            )
        base = files["ishoj-2025-beskaeftigelse--form"].read_bytes()
        for factor in [10, 100] if args.long else [10]:
            data = longer(base, factor)
            repeat = max(3, args.repeat // (1 if factor < 100 else 3))
            medians = interleaved(runs, data, repeat)
            ratio = medians["read"] / medians["floor"]
            ratios.append(ratio)
            label = f"ishoj-2025-beskaeftigelse--form x{factor} ({len(data) // 1024} KiB)"
            print(
                f"{label:52} {medians['floor'] * 1e3:9.2f} {medians['read'] * 1e3:9.2f} "
                f"{ratio:6.2f}"
            )
    print(f"ratio range: {min(ratios):.2f}-{max(ratios):.2f} (goal: at most 4)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
