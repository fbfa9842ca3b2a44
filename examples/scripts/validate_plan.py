"""Validate a boligsocial helhedsplan: its delaftaler, across them, and against its budget.

Prints the findings by severity (fejl, advarsler, oplysninger) and each staff position's
share (% of the position) per indsatsområde. Exit code 1 if there are errors (fejl), 2 if the
plan or a file it names cannot be read.

    python examples/scripts/validate_plan.py [PLAN.json] [--lang en] [--share-tolerance 1,5]

PLAN.json names its delaftaler and budget (default: the Ishøj 2025-29 example plan).
"""

import argparse
import sys
from decimal import Decimal
from pathlib import Path

import delaftale
from delaftale import frames
from delaftale.danish import parse_decimal
from delaftale.files import load_plan

EXAMPLE = Path(__file__).resolve().parent.parent / "ishoj-2025-plan" / "plan.json"
HEADINGS = {  # most serious first, in Danish and English
    delaftale.Severity.ERROR: ("Fejl", "Errors"),
    delaftale.Severity.WARNING: ("Advarsler", "Warnings"),
    delaftale.Severity.INFO: ("Oplysninger", "Information"),
}

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("plan", nargs="?", type=Path, default=EXAMPLE, help="the plan.json")
parser.add_argument("--lang", choices=["da", "en"], default="da", help="language of the report")
# A Danish number, "1,5": how far a staff share may be from the budget's salary split.
parser.add_argument(
    "--share-tolerance", type=parse_decimal, default=Decimal(1), help="percentage points"
)
# Compare each area weight (vægtning) with the area's share of all costs or of salaries only.
parser.add_argument("--weight-measure", choices=["costs", "salary"], default="costs")
args = parser.parse_args()

try:
    plan = load_plan(args.plan)  # plan.json with its delaftaler and budget
except (delaftale.DataError, OSError) as exc:
    parser.exit(2, f"{exc}\n")
report = delaftale.validate(
    plan, share_tolerance=args.share_tolerance, weight_measure=args.weight_measure
)
print(f"{plan.name}: {len(plan.agreements)} delaftaler")
for severity, (heading_da, heading_en) in HEADINGS.items():
    findings = [finding for finding in report if finding.severity is severity]
    print(f"\n{heading_da if args.lang == 'da' else heading_en} ({len(findings)})")
    for f in findings:
        print(f"  [{f.code}] {f.path}: {f.message_da if args.lang == 'da' else f.message}")

# Medarbejderressourcer: position × indsatsområde, % of the position, with the total.
print("\nMedarbejdere, % af stillingen" if args.lang == "da" else "\nStaff, % of the position")
print(frames.staff_pivot(plan).to_string())
sys.exit(0 if report.ok else 1)
