"""Write the filled-in delaftaler of a boligsocial helhedsplan from its data, and its overview.

For every delaftale in the plan it writes "<OUT>/Delaftale <indsatsområde>.docx" (LBF's form,
or your own blank form with --template), and the plan's overordnet aktivitetsoversigt as
"<OUT>/Aktivitetsoversigt.docx". Existing files of those names are replaced.

    python examples/scripts/write_all_agreements.py [PLAN.json] [--out delaftaler]
        [--template "Kommunens skabelon.docx"]

Default PLAN.json: the Ishøj 2025-29 example plan; default OUT: ./delaftaler.
"""

import argparse
from pathlib import Path

import delaftale
from delaftale.files import load_plan

EXAMPLE = Path(__file__).resolve().parent.parent / "ishoj-2025-plan" / "plan.json"

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("plan", nargs="?", type=Path, default=EXAMPLE, help="the plan.json")
parser.add_argument("--out", type=Path, default=Path("delaftaler"), help="folder to write to")
parser.add_argument("--template", type=Path, help="a blank delaftale form (.docx) to fill in")
args = parser.parse_args()

try:
    plan = load_plan(args.plan)  # plan.json with its delaftaler and budget
except (delaftale.DataError, OSError) as exc:
    parser.exit(2, f"{exc}\n")
args.out.mkdir(parents=True, exist_ok=True)
try:
    for agreement in plan.agreements:
        # "Delaftale Beskæftigelse.docx": the indsatsområde's Danish title names the file.
        path = args.out / f"Delaftale {agreement.focus_area.title}.docx"
        delaftale.write_docx(agreement, path, template=args.template)
        print(f"Skrev {path} ({len(agreement.activities)} aktivitetsskemaer)")
    # The overview: one table per indsatsområde with delmål, partners and activity status.
    overview = delaftale.write_overview(plan, args.out / "Aktivitetsoversigt.docx")
    print(f"Skrev {overview}")
except (delaftale.WriteError, delaftale.ReadError, OSError) as exc:  # e.g. a bad template
    parser.exit(1, f"{exc}\n")
