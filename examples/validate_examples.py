"""Load every delaftale in examples/ and validate it: the job a secretariat runs before a board
meeting. Exit code 1 if any agreement has errors.

    python examples/validate_examples.py [--lang en] [FILE.json ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import delaftale


def check_plan(path: Path, lang: str) -> int:
    """Validate a plan folder's plan.json: its agreements, across them, and its budget."""
    from delaftale.files import load_plan

    plan = load_plan(path)
    report = delaftale.validate(plan)
    print(f"== {path.parent.name}/{path.name}: {plan.name}, {len(plan.agreements)} delaftaler")
    print(report.text(lang))
    return int(not report.ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--lang", choices=["da", "en"], default="da")
    args = parser.parse_args(argv)
    here = Path(__file__).parent
    files = args.files or [*sorted(here.glob("*.json")), here / "ishoj-2025-plan" / "plan.json"]
    failed = 0
    for path in files:
        if path.name == "plan.json":
            failed += check_plan(path, args.lang)
            continue
        try:
            agreement = delaftale.loads(path.read_bytes(), delaftale.Agreement)
        except delaftale.DelaftaleError as exc:
            print(f"{path.name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        report = delaftale.validate(agreement)
        goals = sum(len(g.indicators) for g in agreement.sub_goals)
        print(
            f"== {path.name}: {agreement.title}, {len(agreement.sub_goals)} delmål, "
            f"{goals} indikatorer, {len(agreement.activities)} aktiviteter, "
            f"{len(agreement.staffing.allocations)} medarbejderlinjer"
        )
        print(report.text(args.lang))
        failed += not report.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
