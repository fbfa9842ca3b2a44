"""Read a folder of filled-in delaftaler (.docx) into one table of indicators (indikatorer).

One row per indikator of every delmål, with its baseline, baseline år and datakilde, and the
file it came from. Files that cannot be read are named on stderr; the rest are still read.

    python examples/scripts/indicators_table.py FOLDER [--csv indikatorer.csv]

The CSV file opens directly in Danish Excel: UTF-8 with BOM (so æøå show), ";" between
columns and decimal commas ("61,21"). Exit code 1 if a file could not be read.
"""

import argparse
import sys
from pathlib import Path

import delaftale
from delaftale import frames
from delaftale.danish import format_decimal

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("folder", type=Path, help="folder with the delaftaler (.docx)")
parser.add_argument("--csv", type=Path, help="also write the table to this CSV file")
args = parser.parse_args()
if not args.folder.is_dir():
    parser.error(f"{args.folder} is not a folder")

agreements, files, failed = [], [], 0
for path in sorted(args.folder.glob("*.docx")):
    if path.name.startswith("~$"):  # Word's lock file for a document that is open
        continue
    try:
        agreement, parse_report = delaftale.read_docx_with_report(path)
    except delaftale.ReadError as exc:  # not a .docx, a .doc, encrypted, not a delaftale …
        print(exc, file=sys.stderr)  # the message names the file and what to do
        failed += 1
        continue
    if parse_report.unplaced:  # text the reader could not put in a field (uplaceret tekst)
        print(f"{path.name}: {len(parse_report.unplaced)} uplacerede tekststykker", file=sys.stderr)
    agreements.append(agreement)
    # indicators_frame lists the indicators in order, so one file name per indicator row.
    files += [path.name for goal in agreement.sub_goals for _ in goal.indicators]

table = frames.indicators_frame(agreements)
table.insert(0, "file", files)
shown = ["file", "area_title", "sub_goal", "indicator", "baseline_text", "baseline_year"]
print(table.to_string(columns=shown, max_colwidth=40, index=False))

if args.csv:
    for column in ("baseline_value", "comparison_value"):  # exact Decimals, Danish notation
        table[column] = [
            None if v is None else format_decimal(v, grouping=False) for v in table[column]
        ]
    table.to_csv(args.csv, sep=";", index=False, encoding="utf-8-sig")
    print(f"Skrev {len(table)} indikatorer til {args.csv}")
sys.exit(1 if failed else 0)
