"""Benchmark: peak memory (RSS) reading a 100x longer delaftale, each in a fresh process.

Goal (issue 7): record the peak resident memory of ``read_docx`` on a document 100 times the
length of a seed delaftale, against python-docx merely opening the same file, measured in
separate fresh processes in the same run: the high-water mark of resident memory (VmHWM in
/proc/self/status; ``ru_maxrss`` is inherited from the parent and so useless here) after the
work, against the same mark after the imports.

    python benchmarks/bench_memory.py [--factor 100]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from bench_read import longer

from fixtures import build_docx_fixtures as fx

_PROBE = """
def hwm():
    with open("/proc/self/status") as status:
        return int(next(l for l in status if l.startswith("VmHWM:")).split()[1])
{setup}
start = hwm()
{work}
print(start, hwm())
"""


def peak_kib(setup: str, work: str) -> tuple[int, int]:
    """(RSS after imports, peak RSS after the work) in KiB, in a fresh process."""
    code = _PROBE.format(setup=setup, work=work)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[0]), int(out[1])


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = fx.build_all(Path(tmp))["ishoj-2025-beskaeftigelse--form"].read_bytes()
        path = Path(tmp) / "long.docx"
        path.write_bytes(longer(base, args.factor))
        size = path.stat().st_size
        docx_start, docx_peak = peak_kib("import docx", f"docx.Document({str(path)!r})")
        ours_start, ours_peak = peak_kib(
            "import delaftale, delaftale.word.reader", f"delaftale.read_docx({str(path)!r})"
        )
    print(f"document: {args.factor}x the Beskæftigelse form, {size / 1024:.0f} KiB on disk")
    print(f"{'':28} {'RSS before':>11} {'peak':>9} {'growth':>9}")
    print(
        f"{'docx.Document() open':28} {docx_start:9} K {docx_peak:7} K {docx_peak - docx_start:7} K"
    )
    print(
        f"{'delaftale.read_docx':28} {ours_start:9} K {ours_peak:7} K {ours_peak - ours_start:7} K"
    )
    growth = (ours_peak - ours_start) / max(docx_peak - docx_start, 1)
    print(f"growth ratio read_docx / docx open: {growth:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
