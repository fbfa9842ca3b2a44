"""Benchmark: what a revision costs, against what it cannot do without.

Issue 16 sets no speed goal; this shows where a revision's time goes, against floors measured
in the same run (interleaved, medians):

- the semantic diff of two versions of a delaftale (``delaftale.diff`` without findings)
  against turning both into JSON data (``unstructure``), which it must do first: the floor;
- the same diff with the findings (both versions validated) against validating both;
- the tracked-changes document (``revision_docx``) against writing both versions into the
  form (``render_docx`` twice), which it must do first: the floor;
- and the plan's diff (Ishøj 2025-29, with a few changes) against unstructuring both plans.

The revision is the hand-made one of tests/fixtures/make_revisions.py (seven changes to
Beskæftigelse), applied to the example agreement.

    python benchmarks/bench_revisions.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs

import delaftale
from delaftale.serialization import structure, unstructure

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures import make_revisions  # noqa: E402


def timed(fn: Callable[[], object]) -> float:
    """One run of ``fn``, in seconds."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    """Time each job and its floor alternately; print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    old_data, new_data, _expected = make_revisions.revised("ishoj-2025-beskaeftigelse")
    old = structure(old_data, delaftale.Agreement)
    new = structure(new_data, delaftale.Agreement)
    plan = delaftale.load_plan(ROOT / "examples" / "ishoj-2025-plan")
    leader = plan.positions[0]
    area = plan.agreements[1]
    revised_plan = attrs.evolve(
        plan,
        positions=(attrs.evolve(leader, weekly_hours=Decimal(30)), *plan.positions[1:]),
        agreements=(
            plan.agreements[0],
            attrs.evolve(area, staffing=attrs.evolve(area.staffing, area_weight=Decimal(30))),
        ),
    )

    jobs: dict[str, Callable[[], object]] = {
        "unstructure both": lambda: (unstructure(old), unstructure(new)),
        "diff": lambda: delaftale.diff(old, new, findings=False),
        "validate both": lambda: (delaftale.validate(old), delaftale.validate(new)),
        "diff + findings": lambda: delaftale.diff(old, new),
        "render both": lambda: (delaftale.render_docx(old), delaftale.render_docx(new)),
        "revision_docx": lambda: delaftale.revision_docx(old, new, author="bench"),
        "unstructure plans": lambda: (unstructure(plan), unstructure(revised_plan)),
        "plan diff": lambda: delaftale.diff(plan, revised_plan, findings=False),
    }
    for job in jobs.values():  # warm up: imports, the shipped form
        job()
    runs: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits all alike
        for name, job in jobs.items():
            runs[name].append(timed(job))
    median = {name: statistics.median(times) * 1000 for name, times in runs.items()}
    print(f"medians of {args.repeat} runs, in ms")
    for name, ms in median.items():
        print(f"  {name:<20} {ms:8.2f}")
    print("ratios")
    for job, floor in (
        ("diff", "unstructure both"),
        ("diff + findings", "validate both"),
        ("revision_docx", "render both"),
        ("plan diff", "unstructure plans"),
    ):
        print(f"  {job} / {floor}: {median[job] / median[floor]:.2f}x")


if __name__ == "__main__":
    main()
