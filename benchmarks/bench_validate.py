"""Benchmark: validating a national portfolio of plans against cattrs structuring the same plans.

Goal (issue 5): validating a synthetic national portfolio of 1,000 plans x 4 agreements takes
no longer than cattrs (with the project's converter) needs to structure the same plans from
JSON-ready data, measured side by side in the same run.

The portfolio is built from the repository's examples: the four delaftaler of
``examples/plan-with-mismatches``, sometimes with Sønderborg's Uddannelse og livschancer in
place of Ishøj's, and either that plan's budget or Ishøj's (``examples/ishoj-2025-plan``).
Plan names, municipalities, initiatives, area weights and staff shares vary a little from plan
to plan (seeded, so every run builds the same portfolio).

    python benchmarks/bench_validate.py [--repeat 3] [--plans 1000]

Prints the best-of-N times and the ratio validate / structure; no assertion, since shared
machines are noisy.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs

import delaftale
from delaftale.files import load_plan

EXAMPLES = Path(__file__).parent.parent / "examples"
SEED = 5

MUNICIPALITIES = [
    "Ishøj Kommune",
    "Sønderborg Kommune",
    "Aarhus Kommune",
    "Odense Kommune",
    "Aalborg Kommune",
    "Esbjerg Kommune",
    "Høje-Taastrup Kommune",
    "Albertslund Kommune",
]


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds: the least disturbed by other load."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def nudge(value: Decimal | None, rng: random.Random) -> Decimal | None:
    """The percentage moved by a few points either way (or not at all), never below zero."""
    if value is None:
        return None
    return max(Decimal(0), value + rng.choice([Decimal(-5), Decimal(0), Decimal(0), Decimal(5)]))


def vary(agreement: delaftale.Agreement, n: int, rng: random.Random) -> delaftale.Agreement:
    """The agreement with its initiative renamed and its weight and staff shares nudged."""
    allocations = tuple(
        attrs.evolve(line, share=nudge(line.share, rng)) for line in agreement.staffing.allocations
    )
    staffing = attrs.evolve(
        agreement.staffing,
        area_weight=nudge(agreement.staffing.area_weight, rng),
        allocations=allocations,
    )
    initiative = f"{agreement.initiative or 'Helhedsplan'} ({n:04d})"
    return attrs.evolve(agreement, initiative=initiative, staffing=staffing)


def portfolio(count: int) -> list[delaftale.Plan]:
    """`count` plans of four agreements each, varied a little from the examples (seeded)."""
    ishoj = load_plan(EXAMPLES / "ishoj-2025-plan" / "plan.json")
    mismatches = load_plan(EXAMPLES / "plan-with-mismatches" / "plan.json")
    soenderborg = delaftale.loads(
        (EXAMPLES / "soenderborg-2021-uddannelse-og-livschancer.json").read_bytes(),
        delaftale.Agreement,
    )
    budgets = [ishoj.budget, mismatches.budget]
    rng = random.Random(SEED)
    plans = []
    for n in range(count):
        agreements = list(mismatches.agreements)
        if rng.random() < 0.25:
            agreements[0] = soenderborg  # the same focus area, another plan's text
        municipality = rng.choice(MUNICIPALITIES)
        plans.append(
            attrs.evolve(
                mismatches,
                name=f"Den boligsociale helhedsplan {n:04d} i {municipality}",
                municipality=municipality,
                agreements=tuple(vary(a, n, rng) for a in agreements),
                budget=rng.choice(budgets),
            )
        )
    return plans


def main() -> int:
    """Build the portfolio, run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plans", type=int, default=1000)
    args = parser.parse_args()
    plans = portfolio(args.plans)
    data = [delaftale.unstructure(plan) for plan in plans]
    findings = sum(len(delaftale.validate(plan).findings) for plan in plans)
    agreements = sum(len(plan.agreements) for plan in plans)
    print(f"portfolio: {len(plans)} plans, {agreements} agreements, {findings} findings")

    def structure_all() -> None:
        """cattrs: every plan structured from its JSON-ready data (the baseline)."""
        for item in data:
            delaftale.structure(item, delaftale.Plan)

    def validate_all() -> None:
        """delaftale: every plan validated, agreements, plan and budget checks."""
        for plan in plans:
            delaftale.validate(plan)

    t_structure = best(structure_all, args.repeat)
    t_validate = best(validate_all, args.repeat)
    print("validate vs cattrs structure of the same plans, best of", args.repeat, "runs")
    print(f"{'structure s':>12} {'validate s':>11} {'ratio':>6}")
    print(f"{t_structure:12.3f} {t_validate:11.3f} {t_validate / t_structure:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
