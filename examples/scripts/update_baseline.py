"""Update one indicator's baseline in a delaftale's JSON, validate it and save it again.

    python examples/scripts/update_baseline.py [AGREEMENT.json] --sub-goal 1 --indicator 1
        --baseline "43,5 %" [--year 2026] [--out NEW.json | --in-place] [--docx NEW.docx]

Delmål and indikator are numbered from 1, as in the delmål table; the baseline is Danish text.
The input is only overwritten with --in-place; by default the result is saved beside it as
"<name>-updated.json". Exit code 1 if the updated delaftale has errors (fejl).
"""

import argparse
import sys
from pathlib import Path

import attrs

import delaftale
from delaftale.danish import parse_baseline_year, parse_measurement

EXAMPLE = Path(__file__).resolve().parent.parent / "ishoj-2025-beskaeftigelse.json"

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("agreement", nargs="?", type=Path, default=EXAMPLE, help="delaftale JSON")
parser.add_argument("--sub-goal", type=int, default=1, help="delmål number, from 1")
parser.add_argument("--indicator", type=int, default=1, help="indikator number in the delmål")
parser.add_argument("--baseline", required=True, help='the baseline as written: "43,5 %%"')
parser.add_argument("--year", help='baseline år as written: "2026", "Skoleåret 2025/2026"')
parser.add_argument("--out", type=Path, help="where to save the JSON")
parser.add_argument("--in-place", action="store_true", help="overwrite the input JSON")
parser.add_argument("--docx", type=Path, help="also write the delaftale as Word here")
args = parser.parse_args()
out = args.agreement if args.in_place else args.out
out = out or args.agreement.with_name(f"{args.agreement.stem}-updated.json")
if out.resolve() == args.agreement.resolve() and not args.in_place:
    parser.error("--out is the input file; pass --in-place to overwrite it")

try:
    agreement = delaftale.loads(args.agreement.read_bytes(), delaftale.Agreement)
except (delaftale.DataError, OSError) as exc:  # not found, not JSON, not a delaftale
    parser.exit(2, f"{exc}\n")
g, i = args.sub_goal - 1, args.indicator - 1  # 0-based positions in the tuples
if not (0 <= g < len(agreement.sub_goals) and 0 <= i < len(agreement.sub_goals[g].indicators)):
    parser.error(f"{args.agreement} has no indikator {args.indicator} in delmål {args.sub_goal}")
indicators = list(agreement.sub_goals[g].indicators)
# The model is immutable (frozen): evolve makes a new indikator, delmål and delaftale.
year = parse_baseline_year(args.year) if args.year else indicators[i].baseline_year
baseline = parse_measurement(args.baseline)  # "43,5 %" -> 43.5 percent, text kept
indicators[i] = attrs.evolve(indicators[i], baseline=baseline, baseline_year=year)
goals = list(agreement.sub_goals)
goals[g] = attrs.evolve(goals[g], indicators=indicators)
updated = attrs.evolve(agreement, sub_goals=goals)

report = delaftale.validate(updated)
print(report.text())  # Danish, most serious first
out.write_text(delaftale.dumps(updated), encoding="utf-8", newline="\n")
print(f"Skrev {out}")
if args.docx:
    print(f"Skrev {delaftale.write_docx(updated, args.docx)}")
sys.exit(0 if report.ok else 1)
