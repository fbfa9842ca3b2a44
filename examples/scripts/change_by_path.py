"""Change one figure of a delaftale or a plan by its JSON path, keeping the wording right.

    python examples/scripts/change_by_path.py DATA PATH VALUE [--out NEW.json] [--docx NEW.docx]

DATA is a delaftale's JSON or a plan.json; PATH is the path validation findings show, such as
"$.staffing.allocations[0].share" or, in a plan, "$.agreements[1].staffing.allocations[0].share";
VALUE is Danish notation: "25", "61,21", or a date "31/10-2029" for $.period.end. The wording
is reworded to state the new figure. --out/--docx save the changed delaftale (for a plan, the
one the path points into). Exit code 1 on errors (fejl), 2 if the path or value is unusable.
"""

import argparse
import re
import sys
from pathlib import Path

import delaftale
from delaftale.danish import parse_date, parse_decimal
from delaftale.files import load_plan

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("data", type=Path, help="a delaftale's JSON, or a plan.json")
parser.add_argument("path", help='a JSON path: "$.staffing.allocations[0].share"')
parser.add_argument("value", help='the new value in Danish notation: "25", "61,21", "31/10-2029"')
parser.add_argument("--out", type=Path, help="save the changed delaftale's JSON here")
parser.add_argument("--docx", type=Path, help="write the changed delaftale as Word here")
args = parser.parse_args()

try:
    if args.data.name == "plan.json":
        data = load_plan(args.data)
    else:
        data = delaftale.loads(args.data.read_bytes(), delaftale.Agreement)
except (delaftale.DelaftaleError, OSError) as exc:
    parser.exit(2, f"{exc}\n")
try:
    last = args.path.rsplit(".", 1)[-1]
    value = parse_date(args.value) if last in ("start", "end") else parse_decimal(args.value)
    value = int(value) if last in ("year", "end_year", "count") else value
    changed = delaftale.replace(data, args.path, value)
except delaftale.DelaftaleError as exc:
    parser.exit(2, f"{exc}\n")

# Show the wording that now states the figure: the object the path's last step is a field of.
owner = changed
for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", args.path.rsplit(".", 1)[0]):
    owner = getattr(owner, name) if name else owner[int(index)]
print(getattr(owner, "text", None) or owner)
report = delaftale.validate(changed)
print(report.text())
agreement = changed
if isinstance(changed, delaftale.Plan):
    match = re.match(r"\$\.agreements\[(\d+)\]", args.path)
    agreement = changed.agreements[int(match.group(1))] if match else None
if args.out and agreement is not None:
    args.out.write_text(delaftale.dumps(agreement), encoding="utf-8", newline="\n")
    print(f"Skrev {args.out}")
if args.docx and agreement is not None:
    print(f"Skrev {delaftale.write_docx(agreement, args.docx)}")
sys.exit(0 if report.ok else 1)
