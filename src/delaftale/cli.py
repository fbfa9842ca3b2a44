"""The ``delaftale`` command: read, write and validate delaftaler from a shell.

Errors are one line, never a traceback (unless ``--debug``). ``validate`` exits 0 when no
file has errors, 1 when some file has errors, and 2 when some input cannot be used at all.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import traceback
import warnings
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import delaftale
from delaftale.danish import parse_decimal
from delaftale.errors import DataError, DelaftaleError, FilledTemplateWarning
from delaftale.files import os_error_words, read_json_stream, write_atomically
from delaftale.model import Agreement, FocusArea
from delaftale.options import Language
from delaftale.serialization import parse_json
from delaftale.validation import Report, Severity

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2

_HEADINGS = {
    "da": {Severity.ERROR: "Fejl", Severity.WARNING: "Advarsler", Severity.INFO: "Oplysninger"},
    "en": {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Notes"},
}


class _UnusableInputError(Exception):
    """An input the command cannot use; the message is shown as one line."""


def _area(text: str) -> FocusArea:
    area = FocusArea.from_title(text)
    if area is None:
        codes = ", ".join(a.value for a in FocusArea)
        raise argparse.ArgumentTypeError(f"unknown focus area {text!r}; use one of {codes}")
    return area


# --------------------------------------------------------------------------- output helpers


_NOT_JSON_NAMES = (".docx", ".docm", ".dotx", ".dotm", ".doc", ".pdf", ".odt", ".rtf", ".xlsx")


def _write_text(path: str | None, text: str) -> None:
    if path is None or path == "-":
        sys.stdout.write(text)
        return
    if Path(path).suffix.lower() in _NOT_JSON_NAMES:
        raise _UnusableInputError(
            f"{path}: this command writes JSON, not {Path(path).suffix}; name the output "
            f"{Path(path).with_suffix('.json').name} (delaftale write makes the .docx)."
        )
    write_atomically(path, text.encode("utf-8"))


def _write_bytes(path: str, data: bytes) -> str:
    """Write a document to ``path``, or to standard output for "-"; returns what was written."""
    if path == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return "(standard output)"
    return str(write_atomically(path, data))


def _write_document(path: str, docx: bytes) -> str:
    """Write a .docx to ``path``, as a PDF through LibreOffice when the name ends .pdf.

    A name promising another format (.doc, .docm, .dotx, .odt …) is refused by the writer's
    own rule (``docx_target``): Word will not open a .docx saved under such a name.
    """
    if path == "-":
        return _write_bytes(path, docx)
    if Path(path).suffix.lower() == ".pdf":
        from delaftale.office import docx_to_pdf

        return _write_bytes(path, docx_to_pdf(docx, name=Path(path).name))
    from delaftale.word.writer import docx_target

    docx_target(path)
    return _write_bytes(path, docx)


class _StandardInput:
    """Standard input as the binary file object the readers take, named for messages."""

    name = "(standard input)"

    def read(self, size: int = -1) -> bytes:
        return sys.stdin.buffer.read(size)


def _template(given: str | None, data: str) -> Any:
    """The --template argument as the writer takes it: a path, or standard input for -."""
    if given is None:
        return None
    if given != "-":
        return Path(given)
    if data == "-":
        raise _UnusableInputError(
            "the data and the template cannot both come from standard input; give one as a file"
        )
    return _StandardInput()


def _tolerance(text: str) -> Decimal:
    """A tolerance in percentage points, as the command line gives it ("1", "0,5")."""
    try:
        value = parse_decimal(text)
    except DelaftaleError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of percentage points (such as 1 or 0,5)"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a tolerance cannot be negative")
    return value


def _read_standard_input() -> bytes:
    """JSON from standard input, bounded like a JSON file."""
    return read_json_stream(sys.stdin.buffer, "(standard input)")


def _not_the_input(output: str | None, *inputs: str | None) -> None:
    """Refuse an output that is one of the inputs: writing it would destroy what is read."""
    if output is None or output == "-":
        return
    out = Path(output)
    for given in inputs:
        if given is None or not Path(given).exists() or not out.exists():
            continue
        if os.path.samefile(given, out):
            raise _UnusableInputError(
                f"{output} is also the input; write to another file (the input would be lost)."
            )


class _Progress:
    """A one-line progress counter on stderr for batches, only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.active = total > 3 and stream.isatty()
        self.done = 0

    def step(self, name: str) -> None:
        self.done += 1
        if self.active:
            self.stream.write(f"\r[{self.done}/{self.total}] {name[:60]:<60}")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r" + " " * 72 + "\r")
            self.stream.flush()


# --------------------------------------------------------------------------- loading inputs


def _load(path: Path, root: str | None = None) -> Agreement | delaftale.Plan:
    """An agreement (.docx or .json) or a plan (a folder with plan.json, or a plan .json)."""
    from delaftale.files import load_plan, read_json_bytes

    if path.is_dir():
        plan_file = path / "plan.json"
        if not plan_file.exists():
            raise _UnusableInputError(
                f"{path} is a folder without plan.json; give the files one by one"
            )
        return load_plan(plan_file, root=root)
    if not path.exists():
        raise _UnusableInputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm", ".dotx", ".doc"):
        return delaftale.read_docx(path)
    if suffix == ".json":
        raw = read_json_bytes(path)
        try:
            head = parse_json(raw)
        except DataError:
            head = None
        if isinstance(head, dict) and "focus_area" not in head and "name" in head:
            return load_plan(path, root=root)
        try:
            return delaftale.loads(raw, Agreement)
        except DataError as exc:
            raise DataError(f"{path}: {exc.summary}", exc.problems) from None
    raise _UnusableInputError(
        f"{path}: cannot read {suffix or 'a file without extension'}; "
        "give a .docx, a .json or a plan folder"
    )


# --------------------------------------------------------------------------- commands


def _cmd_read(args: argparse.Namespace) -> int:
    _not_the_input(args.output, args.file)
    source: Any = _StandardInput() if args.file == "-" else Path(args.file)
    agreement, report = delaftale.read_docx_with_report(source, focus_area=args.area)
    _write_text(args.output, delaftale.dumps(agreement))
    if not report.complete:
        sys.stderr.write(report.text(args.lang) + "\n")
    return EXIT_OK


def _cmd_write(args: argparse.Namespace) -> int:
    _not_the_input(args.output, args.data, args.template)
    from delaftale.files import read_json_bytes

    data = Path(args.data)
    raw = _read_standard_input() if args.data == "-" else read_json_bytes(data)
    if raw.startswith(b"PK") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _UnusableInputError(
            f"{data} is a Word document, not the JSON data 'write' takes; run "
            f"'delaftale read {data} -o {data.stem}.json' first, then write from that JSON."
        )
    try:
        agreement = delaftale.loads(raw, Agreement)
    except DataError as exc:
        raise DataError(f"{data}: {exc.summary}", exc.problems) from None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FilledTemplateWarning)
        document = delaftale.render_docx(agreement, template=_template(args.template, args.data))
        target = _write_document(args.output, document)
    for warning in caught:
        message = warning.message
        if isinstance(message, FilledTemplateWarning):
            sys.stderr.write(f"Advarsel: {message.message_da}\nWarning: {message}\n")
        else:
            warnings.warn_explicit(
                message, warning.category, warning.filename, warning.lineno, source=warning.source
            )
    sys.stderr.write(f"{target}\n")
    return EXIT_OK


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _SafeCsv:
    """A CSV writer whose cells never start a spreadsheet formula.

    User text (a staff title "=HYPERLINK(…)", a file named "=cmd.json") at the start of a
    cell is live when the file is opened in Excel; such a cell gets a leading apostrophe,
    which Excel and LibreOffice show as text and do not print.
    """

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: Sequence[str]) -> None:
        self.writer.writerow([_defused(c) for c in row])


def _defused(cell: str) -> str:
    """A cell no spreadsheet runs, with an apostrophe before a formula character.

    At the cell's start, and after each semicolon, where Danish Excel (which splits on ";")
    starts a new cell.
    """
    if cell.startswith(_FORMULA_START):
        cell = "'" + cell
    return _AFTER_SEMICOLON.sub(";'", cell)


_AFTER_SEMICOLON = re.compile(r";(?=[=+\-@\t\r])")


def _grouped(report: Report, lang: Language) -> str:
    if not report.findings:
        return "  Ingen fund.\n" if lang == "da" else "  No findings.\n"
    lines = []
    for severity in Severity:
        found = [f for f in report if f.severity is severity]
        if not found:
            continue
        lines.append(f"  {_HEADINGS[lang][severity]} ({len(found)}):")
        for f in found:
            message = f.message_da if lang == "da" else f.message
            lines.append(f"    [{f.code}] {f.path}: {message}")
    return "\n".join(lines) + "\n"


def _cmd_validate(args: argparse.Namespace) -> int:
    results: list[tuple[str, Report | None, str | None]] = []
    progress = _Progress(len(args.files), sys.stderr)
    for name in args.files:
        progress.step(name)
        try:
            found = delaftale.validate(
                _load(Path(name), args.root),
                share_tolerance=args.share_tolerance,
                weight_tolerance=args.weight_tolerance,
                weight_measure=args.weight_measure,
            )
            results.append((name, found, None))
        except (DelaftaleError, _UnusableInputError, OSError) as exc:
            said = _os_error(exc) if isinstance(exc, OSError) else str(exc)
            results.append((name, None, said.splitlines()[0] if said else type(exc).__name__))
    progress.close()
    if args.format == "json":
        out = [
            {
                "file": name,
                "error": error,
                "findings": delaftale.unstructure(report.findings) if report else [],
            }
            for name, report, error in results
        ]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = _SafeCsv(csv.writer(buffer))
        writer.writerow(["file", "code", "severity", "path", "message"])
        for name, report, error in results:
            if error is not None:
                writer.writerow([name, "unusable-input", "error", "", error])
            for f in report or ():
                writer.writerow(
                    [
                        name,
                        f.code,
                        f.severity.value,
                        f.path,
                        f.message_da if args.lang == "da" else f.message,
                    ]
                )
        sys.stdout.write(buffer.getvalue())
    else:
        for name, report, error in results:
            sys.stdout.write(f"{name}\n")
            if error is not None:
                label = "Kan ikke bruges" if args.lang == "da" else "Cannot be used"
                sys.stdout.write(f"  {label}: {error}\n")
            elif report is not None:
                sys.stdout.write(_grouped(report, args.lang))
    if any(error is not None for _, _, error in results):
        return EXIT_UNUSABLE
    if any(report is not None and not report.ok for _, report, _ in results):
        return EXIT_FINDINGS
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from delaftale.schema import SCHEMAS

    schema = delaftale.json_schema(SCHEMAS[args.kind])
    _write_text(args.output, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    # Every field, empty: the file loads as it is, and shows what there is to fill in.
    skeleton = {
        "focus_area": args.area.value,
        "initiative": None,
        "initiative_description": [],
        "period": None,
        "draft_date": None,
        "parties": [],
        "sub_goals": [],
        "activity_names": [],
        "staffing": {"area_weight": None, "allocations": [], "note": []},
        "municipal_context": [],
        "revision": [],
        "activities": [],
    }
    delaftale.structure(skeleton, Agreement)
    _write_text(args.output, json.dumps(skeleton, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _cmd_blank(args: argparse.Namespace) -> int:
    from delaftale.word.writer import blank_form

    out = io.BytesIO()
    blank_form(args.area).save(out)
    target = _write_document(args.output, out.getvalue())
    sys.stderr.write(f"{target}\n")
    return EXIT_OK


_LANG_HELP = "the language of reports and messages: da (Danish, default) or en"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="delaftale",
        description="Read, write and validate Landsbyggefonden delaftaler.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version", version=delaftale.__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    read = sub.add_parser("read", help="a .docx delaftale as JSON (parse report on stderr)")
    read.add_argument("file", help="the filled-in delaftale (.docx); - for standard input")
    read.add_argument(
        "-o", "--output", help="write the JSON here instead of to standard output (or -)"
    )
    read.add_argument("--lang", choices=["da", "en"], default="da", help=_LANG_HELP)
    read.add_argument(
        "--area",
        type=_area,
        help="the focus area, for a form whose title does not name it: code or Danish title",
    )
    read.set_defaults(run=_cmd_read)

    write = sub.add_parser("write", help="a filled-in .docx from a JSON agreement")
    write.add_argument(
        "data", help="the agreement as JSON (from 'delaftale read' or 'new'); - for standard input"
    )
    write.add_argument(
        "-o",
        "--output",
        required=True,
        help="write the .docx here (a name ending .pdf: a PDF, through LibreOffice); "
        "- for standard output",
    )
    write.add_argument(
        "--template",
        help="a blank delaftale form (.docx) to fill in, - for standard input; default: LBF's form",
    )
    write.set_defaults(run=_cmd_write)

    validate = sub.add_parser(
        "validate", help="check .docx or JSON agreements, or plan folders (plan.json, budget)"
    )
    validate.add_argument(
        "files", nargs="+", help="agreements (.docx, .json), plan files or plan folders"
    )
    validate.add_argument("--lang", choices=["da", "en"], default="da", help=_LANG_HELP)
    validate.add_argument(
        "--format",
        choices=["text", "json", "csv"],
        default="text",
        help="text for people (default), json or csv for programs and spreadsheets",
    )
    validate.add_argument(
        "--weight-measure",
        choices=["costs", "salary"],
        default="costs",
        help="what an area's share of the budget counts: all costs (default) or salaries",
    )
    validate.add_argument(
        "--share-tolerance",
        type=_tolerance,
        default=Decimal(1),
        metavar="POINTS",
        help="how far a position's share may be from the budget's, in percentage points "
        "(default 1)",
    )
    validate.add_argument(
        "--weight-tolerance",
        type=_tolerance,
        default=Decimal(2),
        metavar="POINTS",
        help="how far an area weight may be from the area's share of the budget, in "
        "percentage points (default 2)",
    )
    validate.add_argument(
        "--root",
        metavar="FOLDER",
        help="let a plan's file names reach files under FOLDER; default: the plan's own folder",
    )
    validate.set_defaults(run=_cmd_validate)

    schema = sub.add_parser("schema", help="print a JSON Schema")
    schema.add_argument(
        "kind",
        nargs="?",
        choices=["agreement", "plan", "budget"],
        default="agreement",
        help="what the schema describes (default: agreement)",
    )
    schema.add_argument(
        "-o", "--output", help="write the schema here instead of to standard output (or -)"
    )
    schema.set_defaults(run=_cmd_schema)

    new = sub.add_parser("new", help="a blank data file (JSON) to fill in")
    new.add_argument("area", type=_area, help="focus area: code or Danish title")
    new.add_argument(
        "-o", "--output", required=True, help="write the JSON here; - for standard output"
    )
    new.set_defaults(run=_cmd_new)

    blank = sub.add_parser("blank", help="LBF's blank delaftale form (.docx)")
    blank.add_argument("area", type=_area, help="focus area: code or Danish title")
    blank.add_argument(
        "-o",
        "--output",
        required=True,
        help="write the blank form (.docx) here; - for standard output",
    )
    blank.set_defaults(run=_cmd_blank)
    return parser


def _os_error(exc: OSError) -> str:
    """An operating-system error as one plain line: the file, then what to do."""
    if exc.errno is None:
        return str(exc)
    said = os_error_words(exc)
    where = exc.filename if exc.filename not in (None, "") else "''"
    return f"{where}: {said}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        result: int = args.run(args)
        return result
    except (DelaftaleError, _UnusableInputError, OSError) as exc:
        if args.debug:
            traceback.print_exc()
        first = (_os_error(exc) if isinstance(exc, OSError) else str(exc)).splitlines()
        sys.stderr.write(f"delaftale: {first[0] if first else type(exc).__name__}\n")
        for more in first[1:]:
            sys.stderr.write(f"{more}\n")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
