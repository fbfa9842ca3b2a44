"""The ``delaftale`` command: read, write and validate delaftaler from a shell.

Errors are one line, never a traceback (unless ``--debug``). ``read`` and ``validate`` take
many files and folders at once (a batch), in worker processes (``--jobs``), with a progress
bar on a terminal; one bad file never stops a batch. ``read`` exits 0 when every document
was read and 2 when one could not be. ``validate`` exits 0 when no file has errors, 1 when
some file has errors, and 2 when some input cannot be used at all. See docs/batches.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import delaftale
from delaftale.csv_export import CSV_DIALECTS, csv_bytes
from delaftale.danish import parse_decimal
from delaftale.errors import (
    DataError,
    DelaftaleError,
    FilledTemplateWarning,
    GuessedEncodingWarning,
)
from delaftale.files import os_error_words, read_json_stream, write_atomically
from delaftale.findings import Severity
from delaftale.model import Agreement, FocusArea
from delaftale.options import Language, WeightMeasure
from delaftale.serialization import parse_json

if TYPE_CHECKING:
    from delaftale.findings import Report

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


# --------------------------------------------------------------------------- loading inputs

_BUDGET_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def _holds_a_plan(folder: Path) -> bool:
    """True for a plan folder: one with plan.json, a budget or a follow-up sheet.

    A budget is a file named budget… (budget.xlsx …), a follow-up sheet opfoelgning… (or
    opfølgning…, followup…; opfoelgning.csv, opfølgning 2026.xlsx).

    Any other folder is a batch: each document in it is read or validated on its own.
    """
    from delaftale.reading import _is_followup_name

    if (folder / "plan.json").is_file():
        return True
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name.casefold()
                if entry.name.startswith((".", "~$")):
                    continue
                # A file named budget…: any other spreadsheet in a folder (a report saved
                # there, say) does not make the folder's delaftaler a plan.
                is_budget = name.startswith("budget") and name.endswith(
                    (*_BUDGET_SUFFIXES, ".json")
                )
                # A follow-up sheet (opfoelgning.csv, opfølgning 2026.xlsx …) belongs to a
                # plan as well; the same names as the plan folder's reader takes.
                is_followup = _is_followup_name(entry.name) and name.endswith(_BUDGET_SUFFIXES)
                if (is_budget or is_followup) and entry.is_file():
                    return True
    except OSError:
        pass  # documents_in says what is wrong with the folder
    return False


def _load(path: Path, root: str | None = None) -> Agreement | delaftale.Plan:
    """An agreement (any format ``delaftale.read`` knows) or a plan (a plan folder or file)."""
    from delaftale.files import load_plan, read_json_bytes

    if path.is_dir():  # its plan.json, or its delaftaler and a budget
        return load_plan(path, root=root)
    if not path.exists():
        raise _UnusableInputError(f"{path}: no such file; check the name")
    if path.suffix.lower() == ".json":
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
    from delaftale.reading import read

    return read(path)


_PROBLEMS_SHOWN = 10
"""Problems of a ``DataError`` shown under its first line (a budget's bad cells, say)."""


def _one_line(name: str, exc: BaseException) -> str:
    """An error that names the file (most messages already start with it).

    One line, but for a ``DataError``: its problems (the cells or fields to fix) follow,
    one per line, the first ten of them, so that a batch says what to correct.
    """
    said = _os_error(exc) if isinstance(exc, OSError) else str(exc)
    first = said.splitlines()[0] if said.strip() else type(exc).__name__
    line = first if first.startswith(name) else f"{name}: {first}"
    problems = exc.problems if isinstance(exc, DataError) else ()
    shown = [f"  - {problem}" for problem in problems[:_PROBLEMS_SHOWN]]
    if len(problems) > _PROBLEMS_SHOWN:
        shown.append(f"  … and {len(problems) - _PROBLEMS_SHOWN} more")
    return "\n".join([line, *shown])


def _unexpected(name: str, exc: Exception) -> str:
    said = str(exc).splitlines()[0] if str(exc).strip() else "no message"
    return (
        f"{name}: unexpected {type(exc).__name__} in delaftale ({said}); this is a bug, please "
        "report it with the file if you can (--debug shows the details)"
    )


# --------------------------------------------------------------------------- batches
#
# A batch runs one small job per file, in worker processes when there are enough files to
# pay for their start-up. A job never raises: it returns plain data (a report, an error line),
# so a bad file is one line in the output, and the results come back in input order.

_J = TypeVar("_J")
_R = TypeVar("_R")

_POOL_FROM = 3
"""Files from which a batch uses worker processes: starting them costs about 0.1-0.3 s."""


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give the number of processes, 1 or more")
    return value


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group; the command stops the workers itself, so
    # each of them does not print a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Bar:
    """A tqdm progress bar on stderr when stderr is a terminal; otherwise nothing at all.

    tqdm is imported only for a bar that is shown, so a batch into a pipe or a file costs
    nothing for it. The bar starts (``start``) once the worker processes are running: tqdm
    keeps a thread, and a process should not fork while it has threads. Lines written while
    the bar is shown go above it (``say``).
    """

    def __init__(self, total: int, what: str, lang: Language) -> None:
        self.total, self.what, self.lang = total, what, lang
        self.bar: Any = None

    def start(self) -> None:
        if self.bar is None and self.total > 1 and sys.stderr.isatty():
            from tqdm import tqdm  # type: ignore[import-untyped]  # (no stubs installed)

            unit = "fil" if self.lang == "da" else "file"
            self.bar = tqdm(
                total=self.total, desc=self.what, unit=unit, file=sys.stderr, leave=False
            )

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def say(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=sys.stderr)
        else:
            sys.stderr.write(text + "\n")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _Interrupts:
    """Ctrl-C noticed even where Python throws it away.

    An interrupt that arrives inside a destructor (a zip file closed by the garbage
    collector) is printed as "Exception ignored" and lost; the batch would read on. The
    handler also sets a flag, which the batch checks after each file.
    """

    def __init__(self) -> None:
        self.seen = False
        self._before: Any = None

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self._before = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: object) -> None:
        if self.seen:  # a second Ctrl-C while the first is being handled: once is enough
            return
        self.seen = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.seen:
            raise KeyboardInterrupt

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self._before is None:
            return
        if self.seen or isinstance(error, KeyboardInterrupt):
            # The command is stopping: a second Ctrl-C must not break its cleaning up
            # (the worker processes are being stopped) into a traceback or a hang.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        else:
            signal.signal(signal.SIGINT, self._before)


def _stop_workers(pool: Any) -> None:
    """Stop a pool's worker processes now, whatever they are doing, and let the pool go."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:  # gone before anything is cleaned up after them
        with contextlib.suppress(Exception):
            process.join(timeout=5)
    pool.shutdown(wait=False, cancel_futures=True)
    # Let the pool's manager thread finish closing its wake-up pipe before the interpreter
    # exits: otherwise concurrent.futures' exit hook can write to the pipe as it is closed
    # and print "Exception ignored in atexit callback … Bad file descriptor" (seen under
    # load, after a second Ctrl-C).
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        with contextlib.suppress(Exception):
            manager.join(timeout=5)


def _alone(job: Callable[[_J], _R], item: _J, crashed: Callable[[_J, str], _R]) -> _R:
    """Run one job in a worker process of its own: after a worker died, each file alone."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    solo = ProcessPoolExecutor(max_workers=1, initializer=_ignore_interrupts)
    try:
        return solo.submit(job, item).result()
    except BrokenProcessPool:
        return crashed(item, "the worker process reading it stopped (out of memory, or killed)")
    except KeyboardInterrupt:
        _stop_workers(solo)
        raise
    finally:
        solo.shutdown(wait=False, cancel_futures=True)


def _each(
    job: Callable[[_J], _R],
    items: Sequence[_J],
    *,
    jobs: int,
    crashed: Callable[[_J, str], _R],
    done: Callable[[_R], None],
    bar: _Bar,
) -> None:
    """Run ``job`` on every item, calling ``done`` with each result in the items' order.

    In ``jobs`` worker processes when there are at least ``_POOL_FROM`` items, else here. A
    worker that dies (killed for memory, say) breaks the pool: the files finished before
    are reported as they were, and every file not finished is then run again in a process
    of its own, so only the file that kills its process is reported through ``crashed``.
    Ctrl-C stops the workers at once and raises ``KeyboardInterrupt``.
    """
    with _Interrupts() as interrupts:
        if jobs <= 1 or len(items) < _POOL_FROM:
            bar.start()
            for item in items:
                result = job(item)
                interrupts.check()
                bar.step()
                done(result)
            return
        from concurrent.futures import Future, ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(items)), initializer=_ignore_interrupts
        )
        futures: list[Future[_R]] = []
        broken = False
        try:
            futures.extend(pool.submit(job, item) for item in items)
            bar.start()
            for item, future in zip(items, futures, strict=True):
                outcome: _R | None = None
                if not broken:
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        broken = True
                    except Exception as exc:  # a result that could not be sent back, say
                        outcome = crashed(item, f"{type(exc).__name__}: {exc}")
                if broken:
                    finished = future.done() and not future.cancelled()
                    if finished and future.exception() is None:
                        outcome = future.result()
                    else:
                        outcome = _alone(job, item, crashed)
                interrupts.check()
                assert outcome is not None
                bar.step()
                done(outcome)
        except KeyboardInterrupt:
            _stop_workers(pool)
            raise
        pool.shutdown()


def _crash_line(name: str, why: str) -> str:
    return f"{name}: {why}; run again with --jobs 1, or read this file alone, to see why"


# --------------------------------------------------------------------------- read


@dataclass(frozen=True)
class _ReadJob:
    source: str
    target: str
    area: FocusArea | None
    lang: Language


@dataclass(frozen=True)
class _ReadResult:
    source: str
    error: str | None = None
    notes: tuple[str, ...] = ()
    detail: str | None = None  # a traceback, for --debug, when delaftale itself failed


def _read_one(job: _ReadJob) -> _ReadResult:
    """Read one document and write its JSON; in a worker process, so it never raises."""
    from delaftale.reading import read_with_report

    try:
        agreement, report = read_with_report(Path(job.source), focus_area=job.area)
        write_atomically(job.target, delaftale.dumps(agreement).encode("utf-8"))
    except (DelaftaleError, OSError) as exc:
        return _ReadResult(job.source, error=_one_line(job.source, exc))
    except Exception as exc:
        return _ReadResult(
            job.source, error=_unexpected(job.source, exc), detail=traceback.format_exc()
        )
    notes = () if report.complete else tuple(report.text(job.lang).splitlines())
    return _ReadResult(job.source, notes=notes)


def _read_failed(job: _ReadJob, why: str) -> _ReadResult:
    return _ReadResult(job.source, error=_crash_line(job.source, why))


def _is_batch(args: argparse.Namespace) -> bool:
    """Several inputs, a folder among them, or -o naming a folder: one JSON file per document."""
    if len(args.files) > 1 or any(f != "-" and Path(f).is_dir() for f in args.files):
        return True
    out = args.output
    return out is not None and out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir())


def _cmd_read(args: argparse.Namespace) -> int:
    if _is_batch(args):
        return _read_batch(args)
    (given,) = args.files
    _not_the_input(args.output, given)
    from delaftale.reading import read_with_report

    source: Any = _StandardInput() if given == "-" else Path(given)
    agreement, report = read_with_report(source, focus_area=args.area)
    _write_text(args.output, delaftale.dumps(agreement))
    if not report.complete:
        sys.stderr.write(report.text(args.lang) + "\n")
    return EXIT_OK


def _documents(given: Sequence[str]) -> tuple[list[Path], list[str], list[str]]:
    """The documents the inputs name (folders listed), what was refused, what was not read.

    The second list has a line per unusable input or refused file, the third a line per
    folder whose subfolders were not read.
    """
    from delaftale.reading import READABLE_SUFFIXES, documents_in

    found: list[Path] = []
    problems: list[str] = []
    notes: list[str] = []
    seen: set[str] = set()
    for name in given:
        path = Path(name)
        if path.is_dir():
            refused: list[tuple[Path, str]] = []
            try:
                inside = documents_in(path, refused=refused)
            except DelaftaleError as exc:
                problems.append(_one_line(name, exc))
                continue
            problems.extend(why for _, why in refused)
            if not inside and not refused:
                kinds = ", ".join(sorted(READABLE_SUFFIXES))
                problems.append(f"{name}: no documents to read in this folder ({kinds})")
            folders = _subfolders(path)
            if folders:
                shown = ", ".join(folders[:3]) + (" …" if len(folders) > 3 else "")
                notes.append(
                    f"{name}: {len(folders)} subfolder(s) not read ({shown}); a folder's "
                    "documents are those directly in it: give a subfolder by name to read it"
                )
            paths = inside
        else:
            paths = [path]
        for p in paths:
            key = os.path.normcase(os.path.abspath(p))
            if key not in seen:  # the same file given twice is read once
                seen.add(key)
                found.append(p)
    return found, problems, notes


def _subfolders(folder: Path) -> list[str]:
    """The names of a folder's subfolders, hidden ones left out."""
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if not e.name.startswith(".") and e.is_dir())
    except OSError:
        return []


def _targets(sources: Sequence[Path], folder: Path) -> list[Path]:
    """The JSON file for each document, refusing clashes and inputs before anything is written."""
    by_stem: dict[str, list[Path]] = {}
    for source in sources:
        by_stem.setdefault(source.stem.casefold(), []).append(source)
    clashes = [paths for paths in by_stem.values() if len(paths) > 1]
    if clashes:
        said = "; ".join(
            f"{' and '.join(str(p) for p in paths)} would "
            f"{'both' if len(paths) == 2 else 'all'} be written as "
            f"{folder / (paths[0].stem + '.json')}"
            for paths in clashes
        )
        raise _UnusableInputError(
            f"{said}. Rename one of each, or read them into different folders (nothing was written)"
        )
    targets = [folder / f"{source.stem}.json" for source in sources]
    names = {os.path.normcase(os.path.abspath(s)) for s in sources}
    files = {_identity(s) for s in sources} - {None}  # the same file by another name, too
    for source, target in zip(sources, targets, strict=True):
        if os.path.normcase(os.path.abspath(target)) in names or _identity(target) in files:
            raise _UnusableInputError(
                f"{target} is an input; reading {source} would write over it. Give another "
                "-o folder (nothing was written)"
            )
    return targets


def _remove_stray_temporaries(folder: Path, since: float) -> None:
    """Remove the temporary files of writes a stopped worker did not finish.

    A worker stopped by Ctrl-C (killed: it cannot clean up) may leave the temporary file of
    the JSON it was writing; each is removed here, so the folder holds whole files only.
    Only ``write_atomically``'s own names, made since the batch began, are touched.
    """
    from delaftale.files import _TEMPORARY

    for stray in folder.glob(f"{_TEMPORARY[0]}*{_TEMPORARY[1]}"):
        with contextlib.suppress(OSError):
            if stray.stat().st_mtime >= since - 1:
                stray.unlink()


def _same_folder(a: Path, b: Path) -> bool:
    """Whether two names are one existing folder (a link or another spelling included)."""
    try:
        return b.is_dir() and os.path.samefile(a, b)
    except OSError:
        return False


def _writable(folder: Path) -> None:
    """Refuse, once and before anything is read, an output folder nothing can be written in."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise _UnusableInputError(
            f"{folder}: {os_error_words(exc)} (the JSON files are written there); nothing was read"
        ) from None


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode (a link or another spelling is the same file); None if none."""
    try:
        facts = path.stat()
    except OSError:
        return None
    return (facts.st_dev, facts.st_ino)


def _read_batch(args: argparse.Namespace) -> int:
    da = args.lang == "da"
    if args.files == ["-"]:
        raise _UnusableInputError(
            "standard input (-) has no name to make NAME.json of; give -o FILE.json, or save "
            "the document and give its name"
        )
    if "-" in args.files:
        raise _UnusableInputError(
            "standard input (-) is read alone; give the documents of a batch as files or folders"
        )
    if args.output is None or args.output == "-":
        raise _UnusableInputError(
            "several documents, or a folder, are read into a folder: add -o FOLDER (one "
            "<name>.json is written there for each document)"
        )
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise _UnusableInputError(
            f"{folder} is a file; -o takes a folder when several documents are read"
        )
    if not folder.exists() and folder.suffix.lower() in (".json", *_NOT_JSON_NAMES):
        raise _UnusableInputError(
            f"-o {args.output} names a file, but several documents are read into a folder, "
            f"one NAME.json each; give a folder (-o {folder.with_suffix('')}{os.sep})"
        )
    for given in args.files:
        if Path(given).is_dir() and _same_folder(Path(given), folder):
            raise _UnusableInputError(
                f"-o {args.output} is the folder being read; write the JSON to another folder "
                "(in it, the JSON files would be read as delaftaler next time, beside their "
                "documents). Nothing was read"
            )
    sources, problems, notes = _documents(args.files)
    targets = _targets(sources, folder)
    if sources:
        folder.mkdir(parents=True, exist_ok=True)
        _writable(folder)
    for line in problems:
        sys.stderr.write(f"delaftale: {line}\n")
    for line in notes:
        sys.stderr.write(f"delaftale: {line}\n")
    read, to_check, failed = 0, 0, 0
    bar = _Bar(len(sources), "læser" if da else "reading", args.lang)

    def done(result: _ReadResult) -> None:
        nonlocal read, to_check, failed
        if result.error is not None:
            failed += 1
            bar.say(f"delaftale: {result.error}")
            if args.debug and result.detail:
                bar.say(result.detail.rstrip())
            return
        read += 1
        if result.notes:
            to_check += 1
            for note in result.notes:
                bar.say(f"{result.source}: {note}")

    jobs = [
        _ReadJob(str(s), str(t), args.area, args.lang)
        for s, t in zip(sources, targets, strict=True)
    ]
    started = time.time()
    try:
        _each(_read_one, jobs, jobs=args.jobs, crashed=_read_failed, done=done, bar=bar)
    finally:
        bar.close()
        if sources:
            _remove_stray_temporaries(folder, started)
    n = len(sources)
    if da:
        summary = f"delaftale: {read} af {n} dokument{'er' if n != 1 else ''} læst til {folder}"
        summary += f" ({to_check} med noter ovenfor)" if to_check else ""
        summary += f"; {failed} kunne ikke læses" if failed else ""
        summary += f"; {len(problems)} input kunne ikke bruges" if problems else ""
    else:
        summary = f"delaftale: {read} of {n} document{'s' if n != 1 else ''} read into {folder}"
        summary += f" ({to_check} with notes above)" if to_check else ""
        summary += f"; {failed} could not be read" if failed else ""
        summary += f"; {len(problems)} input(s) could not be used" if problems else ""
    sys.stderr.write(summary + "\n")
    return EXIT_UNUSABLE if failed or problems else EXIT_OK


# --------------------------------------------------------------------------- other commands


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


@dataclass(frozen=True)
class _CheckJob:
    name: str
    root: str | None
    share_tolerance: Decimal
    weight_tolerance: Decimal
    weight_measure: WeightMeasure
    year: int | None = None


@dataclass(frozen=True)
class _Checked:
    name: str
    report: Report | None = None
    error: str | None = None
    detail: str | None = None


def _check_one(job: _CheckJob) -> _Checked:
    """Validate one agreement or plan; in a worker process, so it never raises."""
    try:
        report = delaftale.validate(
            _load(Path(job.name), job.root),
            share_tolerance=job.share_tolerance,
            weight_tolerance=job.weight_tolerance,
            weight_measure=job.weight_measure,
            year=job.year,
        )
    except (DelaftaleError, _UnusableInputError, OSError) as exc:
        return _Checked(job.name, error=_one_line(job.name, exc))
    except Exception as exc:
        return _Checked(job.name, error=_unexpected(job.name, exc), detail=traceback.format_exc())
    return _Checked(job.name, report=report)


def _check_failed(job: _CheckJob, why: str) -> _Checked:
    return _Checked(job.name, error=_crash_line(job.name, why))


def _to_check(given: Sequence[str]) -> list[str | _Checked]:
    """Each input as a name to validate, a folder of documents as its documents, in order.

    A plan folder (plan.json, or a budget file) is one name; an unusable folder is its
    result already (an error).
    """
    from delaftale.reading import READABLE_SUFFIXES, documents_in

    items: list[str | _Checked] = []
    for name in given:
        path = Path(name)
        if not path.is_dir() or _holds_a_plan(path):
            items.append(name)
            continue
        refused: list[tuple[Path, str]] = []
        try:
            inside = documents_in(path, refused=refused)
        except DelaftaleError as exc:
            items.append(_Checked(name, error=_one_line(name, exc)))
            continue
        items.extend(_Checked(str(link), error=why) for link, why in refused)
        if not inside and not refused:
            kinds = ", ".join(sorted(READABLE_SUFFIXES))
            items.append(
                _Checked(
                    name,
                    error=f"{name}: no delaftaler in this folder ({kinds}), and no plan.json or "
                    "budget file that would make it a plan folder",
                )
            )
        items.extend(str(p) for p in inside)
    return items


def _cmd_validate(args: argparse.Namespace) -> int:
    items = _to_check(args.files)
    names = [item for item in items if isinstance(item, str)]
    jobs = [
        _CheckJob(
            name,
            args.root,
            args.share_tolerance,
            args.weight_tolerance,
            args.weight_measure,
            args.year,
        )
        for name in names
    ]
    checked: list[_Checked] = []
    bar = _Bar(len(jobs), "validerer" if args.lang == "da" else "validating", args.lang)

    def done(result: _Checked) -> None:
        checked.append(result)
        if args.debug and result.detail:
            bar.say(result.detail.rstrip())

    try:
        _each(_check_one, jobs, jobs=args.jobs, crashed=_check_failed, done=done, bar=bar)
    finally:
        bar.close()
    found = iter(checked)
    results = [item if isinstance(item, _Checked) else next(found) for item in items]
    if args.format == "json":
        out = [
            {
                "file": r.name,
                "error": r.error,
                "findings": delaftale.unstructure(r.report.findings) if r.report else [],
            }
            for r in results
        ]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        _write_bytes("-", csv_bytes(_finding_rows(results, args.lang), args.csv_dialect))
    else:
        for r in results:
            sys.stdout.write(f"{r.name}\n")
            if r.error is not None:
                label = "Kan ikke bruges" if args.lang == "da" else "Cannot be used"
                sys.stdout.write(f"  {label}: {r.error}\n")
            elif r.report is not None:
                sys.stdout.write(_grouped(r.report, args.lang))
    if any(r.error is not None for r in results):
        return EXIT_UNUSABLE
    if any(r.report is not None and not r.report.ok for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


def _finding_rows(results: Sequence[_Checked], lang: Language) -> list[list[object]]:
    """The findings as CSV rows: file, code, severity, path, message; an unusable input too."""
    rows: list[list[object]] = [["file", "code", "severity", "path", "message"]]
    for r in results:
        if r.error is not None:
            rows.append([r.name, "unusable-input", "error", "", r.error])
        for f in r.report or ():
            message = f.message_da if lang == "da" else f.message
            rows.append([r.name, f.code, f.severity.value, f.path, message])
    return rows


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
    from delaftale.word.writer import blank_form_bytes

    target = _write_document(args.output, blank_form_bytes(args.area))
    sys.stderr.write(f"{target}\n")
    return EXIT_OK


# --------------------------------------------------------------------------- status


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1990 <= year <= 2100:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year from 1990 to 2100; write it like 2027"
        )
    return year


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


_STATUS_WORDS = {
    "da": {
        "title": "Status for delmål og indikatorer",
        "years": "Tal fra opfølgningen",
        "none": "ingen",
        "delmal": "Delmål",
        "baseline": "Baseline",
        "pending": "udfyldes senere",
        "comparison": "Sammenligning",
        "target": "Mål",
        "reached": "nået",
        "not_reached": "endnu ikke nået",
        "change": "Ændring",
        "direction": "Retning",
        "up": "op",
        "down": "ned",
        "unknown": "ukendt",
        "assessment": "Vurdering",
        "findings": "Opfølgningens fund",
    },
    "en": {
        "title": "Status of the sub-goals (delmål) and indicators",
        "years": "Figures from the follow-up",
        "none": "none",
        "delmal": "Delmål",
        "baseline": "Baseline",
        "pending": "to be measured",
        "comparison": "Comparison",
        "target": "Target",
        "reached": "reached",
        "not_reached": "not yet reached",
        "change": "Change",
        "direction": "Direction",
        "up": "up",
        "down": "down",
        "unknown": "unknown",
        "assessment": "Assessment",
        "findings": "Findings of the follow-up",
    },
}


def _status_text(plan: delaftale.Plan, statuses: Sequence[Any], year: int, lang: Language) -> str:
    from delaftale.danish import format_change, format_figure, format_observation
    from delaftale.followup import assessment_text

    words = _STATUS_WORDS[lang]
    lines = [f"{words['title']} {year}: {plan.name}"]
    area = None
    goal = None
    for s in statuses:
        if s.focus_area is not area:
            area, goal = s.focus_area, None
            lines += ["", s.focus_area.title if lang == "da" else s.focus_area.title_en]
        if s.sub_goal != goal:
            goal = s.sub_goal
            lines.append(f"  {words['delmal']} {s.sub_goal}: {_shorten(s.sub_goal_title, 70)}")
        lines.append(f"    {s.key:<6} {_shorten(s.description, 70)}")
        if s.baseline is not None:
            base = format_figure(s.baseline, s.unit)
            if s.baseline_year is not None:
                base += f" ({s.baseline_year})"
        else:
            base = words["pending"] if s.baseline_pending else words["none"]
        parts = [f"{words['baseline']} {base}"]
        parts += [f"{o.year}: {format_observation(o, s.unit, lang=lang)}" for o in s.figures]
        if s.comparison is not None:
            parts.append(f"{words['comparison']} {format_figure(s.comparison, s.unit)}")
        if s.target is not None:
            target = format_figure(s.target.value, s.target.unit or s.unit)
            reached = {True: words["reached"], False: words["not_reached"]}.get(
                s.target_reached, ""
            )
            parts.append(
                f"{words['target']} {target}"
                + (f" ({s.target.year})" if s.target.year is not None else "")
                + (f", {reached}" if reached else "")
            )
        lines.append("           " + " · ".join(parts))
        detail = []
        if s.change is not None:
            detail.append(f"{words['change']} {format_change(s.change, s.unit, lang=lang)}")
        way = s.direction.direction
        detail.append(
            f"{words['direction']} {words[way.value] if way else words['unknown']}"
            f" ({s.direction.explain(lang)})"
        )
        lines.append("           " + " · ".join(detail))
        lines.append(f"           {words['assessment']}: {assessment_text(s, lang)}")
    return "\n".join(lines) + "\n"


_STATUS_COLUMNS = {
    "da": [
        "Indsatsområde",
        "Delmål nr.",
        "Indikator nr.",
        "Nøgle",
        "Indikator",
        "Retning",
        "Enhed",
        "Baseline",
        "Baseline år",
        "Sammenligning",
        "Seneste år",
        "Seneste værdi",
        "Seneste antal",
        "Ændring",
        "Mål",
        "Mål år",
        "Mål nået",
        "Vurdering (kode)",
        "Vurdering",
    ],
    "en": [
        "Focus area",
        "Sub-goal no.",
        "Indicator no.",
        "Key",
        "Indicator",
        "Direction",
        "Unit",
        "Baseline",
        "Baseline year",
        "Comparison",
        "Latest year",
        "Latest value",
        "Latest count",
        "Change",
        "Target",
        "Target year",
        "Target reached",
        "Assessment (code)",
        "Assessment",
    ],
}


def _csv_words() -> dict[str, dict[object, str]]:
    from delaftale.followup import Direction
    from delaftale.model import Unit

    return {
        "da": {
            Direction.UP: "op",
            Direction.DOWN: "ned",
            Unit.PERCENT: "procent",
            Unit.COUNT: "antal",
            Unit.NUMBER: "tal",
            True: "ja",
            False: "nej",
        },
        "en": {
            Direction.UP: "up",
            Direction.DOWN: "down",
            Unit.PERCENT: "percent",
            Unit.COUNT: "count",
            Unit.NUMBER: "number",
            True: "yes",
            False: "no",
        },
    }


def _status_rows(statuses: Sequence[Any], lang: Language) -> list[list[object]]:
    """The statuses as CSV rows: one per indicator, then one column per year's figure."""
    from delaftale.followup import assessment_text

    words = _csv_words()
    years = sorted({o.year for s in statuses for o in s.figures})
    rows: list[list[object]] = [[*_STATUS_COLUMNS[lang], *years]]
    for s in statuses:
        latest, target = s.latest, s.target
        by_year = {o.year: o for o in s.figures}
        rows.append(
            [
                s.focus_area.title if lang == "da" else s.focus_area.title_en,
                s.sub_goal,
                s.indicator,
                s.key,
                s.description,
                words[lang].get(s.direction.direction),
                words[lang].get(s.unit),
                s.baseline,
                s.baseline_year,
                s.comparison,
                latest.year if latest else None,
                latest.value if latest else None,
                latest.count if latest else None,
                s.change,
                target.value if target else None,
                target.year if target else None,
                words[lang].get(s.target_reached),
                s.assessment.value if s.assessment else None,
                assessment_text(s, lang),
                *(
                    (by_year[y].value if by_year[y].value is not None else by_year[y].count)
                    if y in by_year
                    else None
                    for y in years
                ),
            ]
        )
    return rows


def _cmd_status(args: argparse.Namespace) -> int:
    from delaftale.files import load_plan
    from delaftale.followup import status_records

    _not_the_input(args.output, args.plan, args.followup)
    path = Path(args.plan)
    if not path.exists():
        raise _UnusableInputError(f"{path}: no such plan folder or file; check the name")
    plan = load_plan(path, root=args.root, followup=args.followup)
    year = args.year
    if year is None:
        years = plan.followup.years() if plan.followup is not None else []
        if not years:
            raise _UnusableInputError(
                f"{path}: the plan has no follow-up figures to take the year from; give the "
                "year (--year 2027) or the follow-up sheet (opfoelgning.csv in the plan's "
                "folder, or --followup FILE)"
            )
        year = years[-1]
    statuses = plan.status(year)
    findings = [
        f for f in delaftale.validate(plan, year=year).findings if f.code.startswith("followup")
    ]
    kind = _status_output(args)
    if kind == "report":
        target = _write_status_report(plan, year, args)
        sys.stderr.write(f"{target}\n")
        return EXIT_OK
    if kind == "json":
        out = status_records(statuses, lang=args.lang)
        data = (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif kind == "csv":
        data = csv_bytes(_status_rows(statuses, args.lang), args.csv_dialect)
    else:
        text = _status_text(plan, statuses, year, args.lang)
        if findings:
            text += f"\n{_STATUS_WORDS[args.lang]['findings']}:\n"
            text += _grouped(delaftale.Report(findings=tuple(findings)), args.lang)
        data = text.encode("utf-8")
    if args.output is None or args.output == "-":
        _write_bytes("-", data)
    else:
        sys.stderr.write(f"{write_atomically(args.output, data)}\n")
    return EXIT_OK


_STATUS_SUFFIXES = {".docx": "report", ".pdf": "report", ".json": "json", ".csv": "csv"}


def _status_output(args: argparse.Namespace) -> str:
    """What ``status`` writes: "report", "json", "csv" or "text", from -o's name and --format."""
    if args.output is None or args.output == "-":
        return str(args.format or "text")
    return _named_output(
        args,
        _STATUS_SUFFIXES,
        "status.docx (the board's report; status.pdf through LibreOffice), status.json, "
        "status.csv or status.txt",
    )


def _named_output(args: argparse.Namespace, suffixes: dict[str, str], names: str) -> str:
    """The kind of output -o's name asks for (.txt and .md are text); --format must agree."""
    suffix = Path(args.output).suffix.lower()
    kind = suffixes.get(suffix, "text" if suffix in (".txt", ".md") else None)
    if kind is None:
        raise _UnusableInputError(f"{args.output}: name the output {names}")
    if args.format is not None and args.format != kind:
        raise _UnusableInputError(
            f"{args.output}: the name says {kind}, --format says {args.format}; name the file "
            "for the format or leave --format out"
        )
    return kind


def _write_status_report(plan: delaftale.Plan, year: int, args: argparse.Namespace) -> str:
    from delaftale.word.status import status_report_bytes

    document = status_report_bytes(plan, year, lang=args.lang, charts=not args.no_charts)
    return _write_document(args.output, document)


# --------------------------------------------------------------------------- diff

_DIFF_WORDS = {
    "da": {
        "equal": "Ingen ændringer: {old} og {new} indeholder det samme.",
        "head": "{n} ændringer fra {old} til {new}:",
        "head1": "1 ændring fra {old} til {new}:",
        "paragraph": "afsnit",
        "appeared": "Fund, der er kommet til",
        "disappeared": "Fund, der er forsvundet",
        "wording": "Desuden {n} {changes} af ordlyden alene, med samme tal og datoer (vises "
        "med --format json).",
        "only_wording": "Kun ordlyden er ændret, {n} {places}, med samme tal og datoer: {old} og "
        "{new} (vises med --format json).",
        "areas": "Bemærk: {old} er en delaftale for {a}, {new} for {b}.",
    },
    "en": {
        "equal": "No changes: {old} and {new} hold the same.",
        "head": "{n} changes from {old} to {new}:",
        "head1": "1 change from {old} to {new}:",
        "paragraph": "paragraph",
        "appeared": "Findings that appeared",
        "disappeared": "Findings that disappeared",
        "wording": "Also {n} {changes} of wording alone, with the same figures and dates (shown "
        "with --format json).",
        "only_wording": "Only the wording changed, in {n} {places}, with the same figures and "
        "dates: {old} and {new} (shown with --format json).",
        "areas": "Note: {old} is a delaftale for {a}, {new} for {b}.",
    },
}
_PLACES = {"da": ("sted", "steder"), "en": ("place", "places")}
_DIFF_MARKS = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}
_DIFF_SUFFIXES = {".docx": "document", ".pdf": "document", ".json": "json", ".csv": "csv"}


def _diff_text(revision: Any, old: str, new: str, lang: Language) -> str:
    words = _DIFF_WORDS[lang]
    shown = [c for c in revision.changes if not c.wording]
    wording = len(revision.changes) - len(shown)
    if revision.equal:
        text = words["equal"].format(old=old, new=new) + "\n"
    elif not shown:
        places = _PLACES[lang][wording != 1]
        text = words["only_wording"].format(n=wording, places=places, old=old, new=new) + "\n"
    else:
        key = "head1" if len(shown) == 1 else "head"
        lines = [words[key].format(n=len(shown), old=old, new=new)]
        for title, changes in revision.sections(lang):
            changes = [c for c in changes if not c.wording]
            if not changes:
                continue
            lines.append(f"\n{title}")
            for change in changes:
                lines.append(f"  {_DIFF_MARKS[change.kind.value]} {change.text(lang)}")
                for paragraph in change.paragraphs:
                    lines.append(
                        f"      {words['paragraph']} {paragraph.number}: "
                        f"{paragraph.marked(lang=lang)}"
                    )
        if wording:
            noun = {"da": ("ændring", "ændringer"), "en": ("change", "changes")}[lang]
            lines.append("\n" + words["wording"].format(n=wording, changes=noun[wording != 1]))
        text = "\n".join(lines) + "\n"
    for key, found in (
        ("appeared", revision.findings_appeared),
        ("disappeared", revision.findings_disappeared),
    ):
        if found:
            text += f"\n{words[key]} ({len(found)}):\n"
            text += _grouped(delaftale.Report(findings=tuple(found)), lang)
    return text


def _diff_rows(revision: Any, lang: Language) -> list[list[object]]:
    rows: list[list[object]] = [["section", "kind", "path", "old_path", "old", "new", "text"]]
    paragraph = _DIFF_WORDS[lang]["paragraph"]
    for title, changes in revision.sections(lang):
        for change in changes:
            if change.paragraphs:
                # A text section: a row per changed paragraph, its old and new words.
                rows.extend(
                    [
                        title,
                        change.kind.value,
                        change.path,
                        change.old_path or "",
                        p.old or "",
                        p.new or "",
                        f"{change.text(lang)}: {paragraph} {p.number}",
                    ]
                    for p in change.paragraphs
                )
                continue
            rows.append(
                [
                    title,
                    change.kind.value,
                    change.path,
                    change.old_path or "",
                    _cell(change.old),
                    _cell(change.new),
                    change.text(lang),
                ]
            )
    return rows


_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_CELL_CHARACTERS = 32_000  # Excel keeps 32,767 characters of a cell


def _cell(value: object) -> object:
    """A change's old or new value as a CSV cell: a figure as a number, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return Decimal(value)  # "25.5" as 25,5 in Danish Excel, not the 25th of May
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > _CELL_CHARACTERS:
        return text[: _CELL_CHARACTERS - 40] + f" … ({len(text):,} tegn; se --format json)"
    return text


def _diff_output(args: argparse.Namespace, plan: bool) -> str:
    """What ``diff`` writes: "document", "json", "csv", "text", or "folder" for a plan."""
    if args.output is None or args.output == "-":
        return str(args.format or "text")
    if (
        plan
        and args.format is None
        and (Path(args.output).suffix == "" or Path(args.output).is_dir())
    ):
        return "folder"
    suffixes = {k: v for k, v in _DIFF_SUFFIXES.items() if not plan or v != "document"}
    what = (
        "a folder for the plan's revised delaftaler (revision/), "
        if plan
        else "revision.docx (the new version with Word's revision marks; revision.pdf "
        "through LibreOffice), "
    )
    return _named_output(args, suffixes, f"{what}revision.json, revision.csv or revision.txt")


def _revision_date(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _UnusableInputError(
            f"--date {text}: give the revision's date as 2026-12-02 or 2026-12-02T14:30"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def _tracked(old: Agreement, new: Agreement, args: argparse.Namespace) -> bytes:
    from delaftale.word.tracked import revision_docx

    if old.focus_area is not new.focus_area:
        raise _UnusableInputError(
            f"{args.old} is a delaftale for {old.focus_area.title}, {args.new} for "
            f"{new.focus_area.title}: a document with revision marks compares two versions of "
            "one area's delaftale"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FilledTemplateWarning)
        data = revision_docx(
            old, new, args.template, author=args.author, date=_revision_date(args.date)
        )
    said: set[str] = set()  # both versions are written into the template: one warning
    for warning in caught:
        message = warning.message
        if isinstance(message, FilledTemplateWarning):
            if str(message) not in said:
                said.add(str(message))
                sys.stderr.write(f"Advarsel: {message.message_da}\nWarning: {message}\n")
        else:
            warnings.warn_explicit(
                message, warning.category, warning.filename, warning.lineno, source=warning.source
            )
    return data


def _tracked_plan(old: delaftale.Plan, new: delaftale.Plan, args: argparse.Namespace) -> None:
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for agreement in new.agreements:
        before = old.agreement(agreement.focus_area) or Agreement(focus_area=agreement.focus_area)
        data = _tracked(before, agreement, args)
        name = agreement.focus_area.value.replace("_", "-") + ".docx"
        sys.stderr.write(f"{write_atomically(folder / name, data)}\n")
    for agreement in old.agreements:
        if new.agreement(agreement.focus_area) is None:
            area = agreement.focus_area
            sys.stderr.write(
                f"Delaftalen for {area.title} er ikke i den nye plan; den har intet dokument.\n"
                if args.lang == "da"
                else f"The delaftale for {area.title_en} is not in the new plan: no document.\n"
            )


def _cmd_diff(args: argparse.Namespace) -> int:
    from delaftale.revisions import diff, revision_record

    _not_the_input(args.output, args.old, args.new)
    if args.template is not None:
        _not_the_input(args.output, args.template)
    old = _load(Path(args.old), args.root)
    new = _load(Path(args.new), args.root)
    if type(old) is not type(new):
        what = {Agreement: "a delaftale", delaftale.Plan: "a plan"}
        raise _UnusableInputError(
            f"{args.old} is {what[type(old)]}, {args.new} is {what[type(new)]}: compare two "
            "delaftaler, or two plans"
        )
    plan = isinstance(old, delaftale.Plan)
    kind = _diff_output(args, plan)
    if kind in ("document", "folder"):
        if not args.author.strip():
            raise _UnusableInputError(
                "--author: give the name Word shows on every change (the board's, or yours)"
            )
    else:
        given = [
            option
            for option, value in (
                ("--template", args.template),
                ("--author", args.author if args.author != "delaftale" else None),
                ("--date", args.date),
            )
            if value is not None
        ]
        if given:
            raise _UnusableInputError(
                f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} for the document "
                "with revision marks: add -o revision.docx (or leave "
                f"{'it' if len(given) == 1 else 'them'} out)"
            )
    if (
        isinstance(old, Agreement)
        and isinstance(new, Agreement)
        and old.focus_area is not new.focus_area
        and kind == "text"
    ):
        da = args.lang == "da"
        note = _DIFF_WORDS[args.lang]["areas"].format(
            old=args.old,
            new=args.new,
            a=old.focus_area.title if da else old.focus_area.title_en,
            b=new.focus_area.title if da else new.focus_area.title_en,
        )
        sys.stderr.write(note + "\n")
    revision = diff(old, new, findings=not args.no_findings)  # type: ignore[type-var]
    if kind == "document":
        assert isinstance(old, Agreement)
        assert isinstance(new, Agreement)
        sys.stderr.write(f"{_write_document(args.output, _tracked(old, new, args))}\n")
    elif kind == "folder":
        assert isinstance(old, delaftale.Plan)
        assert isinstance(new, delaftale.Plan)
        _tracked_plan(old, new, args)
    else:
        if kind == "json":
            record = {"old": args.old, "new": args.new, **revision_record(revision)}
            data = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        elif kind == "csv":
            data = csv_bytes(_diff_rows(revision, args.lang), args.csv_dialect)
        else:
            data = _diff_text(revision, args.old, args.new, args.lang).encode("utf-8")
        if args.output is None or args.output == "-":
            _write_bytes("-", data)
        else:
            sys.stderr.write(f"{write_atomically(args.output, data)}\n")
    return EXIT_OK if revision.equal else EXIT_FINDINGS


_LANG_HELP = "the language of reports and messages: da (Danish, default) or en"
_JOBS_HELP = (
    "how many files to work on at once, in worker processes (default: the number of "
    "cores; 1: one at a time, in this process)"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="delaftale",
        description="Read, write and validate Landsbyggefonden delaftaler.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version", version=delaftale.__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    read = sub.add_parser(
        "read",
        help="delaftaler (Word, PDF, .doc, .rtf, .odt) as JSON (parse report on stderr)",
        description="Read delaftaler into JSON. One document: its JSON on standard output or "
        "in -o FILE. Several documents or folders: one NAME.json per document in -o FOLDER "
        "(a folder's documents are those directly in it). Exit code: 0 when every document "
        "was read, 2 when one could not be (each said on stderr; the others are written).",
    )
    read.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="filled-in delaftaler (.docx, .pdf, .doc, .rtf, .odt) or folders of them; "
        "- for standard input",
    )
    read.add_argument(
        "-o",
        "--output",
        help="one document: write its JSON here instead of to standard output (or -); "
        "several, or a folder: the folder to write one NAME.json per document into",
    )
    read.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, help=_JOBS_HELP)
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
        "validate",
        help="check agreements (Word, PDF, JSON …), plan folders, or folders of delaftaler",
        description="Check delaftaler and plans. A folder with plan.json or a budget file "
        "(budget.xlsx, budget.csv, budget-2026.xlsx …) is ONE plan, checked as a whole; any "
        "other folder is a batch: each "
        "document directly in it is checked on its own. Exit code: 0 when no file has "
        "errors, 1 when some file has, 2 when some input cannot be used.",
    )
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="agreements (.docx, .pdf, .doc, .rtf, .odt, .json), plan files, plan folders "
        "or folders of delaftaler",
    )
    validate.add_argument("--lang", choices=["da", "en"], default="da", help=_LANG_HELP)
    validate.add_argument(
        "--format",
        choices=["text", "json", "csv"],
        default="text",
        help="text for people (default), json or csv for programs and spreadsheets",
    )
    validate.add_argument(
        "--csv-dialect",
        choices=CSV_DIALECTS,
        default="excel-da",
        help="for --format csv: excel-da (default: semicolons, decimal commas, a UTF-8 "
        "byte-order mark, as Danish Excel opens it) or plain (commas, for programs)",
    )
    validate.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, help=_JOBS_HELP)
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
        "--year",
        type=_year,
        help="for a plan with an annual follow-up: the year checked (an indicator without a "
        "figure for it is reported); default: the last year the follow-up has figures for",
    )
    validate.add_argument(
        "--root",
        metavar="FOLDER",
        help="let a plan's file names reach files under FOLDER; default: the plan's own folder",
    )
    validate.set_defaults(run=_cmd_validate)

    status = sub.add_parser(
        "status",
        help="the annual follow-up: each indicator's figures over the years, judged",
        description="Judge every indicator of a plan's delaftaler at a year against the "
        "follow-up's figures (opfoelgning.csv or .xlsx in the plan's folder, or --followup): "
        "baseline, each year's figure, comparison, target, the change and the assessment "
        "(improving, worsening, unchanged, no_data, pending_baseline). With -o status.docx, "
        "the board's status report with a chart per indicator.",
    )
    status.add_argument("plan", metavar="PLAN", help="a plan folder or plan file (plan.json)")
    status.add_argument(
        "--year",
        type=_year,
        help="the year to judge (default: the last year the follow-up has figures for)",
    )
    status.add_argument(
        "--followup",
        metavar="FILE",
        help="the follow-up sheet (.csv or .xlsx); default: opfoelgning.csv/.xlsx in the "
        "plan's folder",
    )
    status.add_argument(
        "--format",
        choices=["text", "json", "csv"],
        default=None,
        help="text for people (default), json (one object per indicator) or csv; with -o, "
        "the file's name says it",
    )
    status.add_argument(
        "--csv-dialect",
        choices=CSV_DIALECTS,
        default="excel-da",
        help="for --format csv: excel-da (default) or plain",
    )
    status.add_argument("--lang", choices=["da", "en"], default="da", help=_LANG_HELP)
    status.add_argument(
        "-o",
        "--output",
        help="write here: status.docx is the board's report (status.pdf through LibreOffice), "
        "status.json, status.csv or status.txt the status in that format; - for standard "
        "output",
    )
    status.add_argument(
        "--no-charts", action="store_true", help="leave the charts out of the status report"
    )
    status.add_argument(
        "--root",
        metavar="FOLDER",
        help="let a plan's file names reach files under FOLDER; default: the plan's own folder",
    )
    status.set_defaults(run=_cmd_status)

    diff = sub.add_parser(
        "diff",
        help="what changed between two versions of a delaftale or a plan",
        description="Compare two versions of a delaftale (any format delaftale reads: .docx, "
        ".pdf, .doc, .odt, .json …) or of a plan (plan folders or plan files): each change "
        "with its place, the old and the new value, in a sentence, grouped by section; "
        "activities, parties, delmål and indicators are matched by name (and id), so a "
        "reordering is a move. The findings of the checks that appeared or disappeared "
        "follow. With -o revision.docx, the new version with Word's revision marks. Exit "
        "code: 0 when the two hold the same, 1 when they differ, 2 when an input cannot be "
        "used.",
    )
    diff.add_argument("old", metavar="OLD", help="the earlier version")
    diff.add_argument("new", metavar="NEW", help="the revised version")
    diff.add_argument(
        "--format",
        choices=["text", "json", "csv"],
        default=None,
        help="text for people (default), json or csv for programs and spreadsheets; with -o, "
        "the file's name says it",
    )
    diff.add_argument(
        "--csv-dialect",
        choices=CSV_DIALECTS,
        default="excel-da",
        help="for --format csv: excel-da (default) or plain",
    )
    diff.add_argument("--lang", choices=["da", "en"], default="da", help=_LANG_HELP)
    diff.add_argument(
        "-o",
        "--output",
        help="write here: revision.docx is the new version with revision marks (revision.pdf "
        "through LibreOffice; for plans a folder, one .docx per delaftale), revision.json, "
        "revision.csv or revision.txt the changes; - for standard output",
    )
    diff.add_argument(
        "--template",
        metavar="FORM",
        help="for -o revision.docx: the blank delaftale form (.docx) to write both versions "
        "into; default: the built-in form",
    )
    diff.add_argument(
        "--author",
        default="delaftale",
        help="for -o revision.docx: the name Word shows on each revision mark (default: delaftale)",
    )
    diff.add_argument(
        "--date",
        metavar="DATE",
        help="for -o revision.docx: the revision marks' date, 2026-12-02 or 2026-12-02T14:30 "
        "(default: now)",
    )
    diff.add_argument(
        "--no-findings",
        action="store_true",
        help="leave out the findings of the checks that appeared or disappeared",
    )
    diff.add_argument(
        "--root",
        metavar="FOLDER",
        help="let a plan's file names reach files under FOLDER; default: the plan's own folder",
    )
    diff.set_defaults(run=_cmd_diff)

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


def _one_line_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A warning of delaftale's own as one line for people, not Python's file and source line."""
    if issubclass(category, GuessedEncodingWarning):
        sys.stderr.write(f"Advarsel / Warning: {message}\n")
        return
    _show_warning(message, category, filename, lineno, file, line)


_show_warning = warnings.showwarning


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            # The command says what it guessed, once per file, as one line.
            warnings.simplefilter("always", GuessedEncodingWarning)
            warnings.showwarning = _one_line_warning
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
