"""Reading a plan from files: a plan JSON whose agreements, budget and follow-up may be files.

A plan file holds the plan's own data; in ``"agreements"`` each item is either an agreement
object or the name of a JSON file (relative to the plan file) holding one, ``"budget"`` is a
budget object or the name of a .csv/.xlsx/.json file, and ``"followup"`` a follow-up object
or the name of a follow-up sheet (.csv/.xlsx) or JSON file. So a secretariat keeps one folder
per plan: the plan, the four delaftaler, the budget spreadsheet and the follow-up sheet
(``opfoelgning.csv``, read without being named).

The names a plan gives are confined to the plan's folder (its subfolders included): a plan
file came from someone, and its names must not make the library read other files on the
machine (``/home/x/.ssh/id_rsa``, ``../../secret.json``, a symbolic link leading out of the
folder). ``load_plan(path, root=FOLDER)`` lets them reach a wider folder on purpose. Errors
about a named file say which name, which file and what is wrong where (line and column, or
the place in the data), but quote nothing from a file that has not shown itself to be a
delaftale or a budget.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import attrs

from delaftale.csv_export import csv_bytes
from delaftale.errors import DataError, DelaftaleError, ReadError, WriteError
from delaftale.followup import FollowUp, merge_followup
from delaftale.model import Agreement, FocusArea
from delaftale.plan import Budget, BudgetCategory, FundingKind, Plan, StaffPosition
from delaftale.serialization import (
    _DuplicateKeyError,
    _kind,
    dumps,
    parse_json,
    structure,
    unstructure,
)

__all__ = [
    "MAX_PLAN_DOCUMENTS",
    "PLAN_FILE",
    "budget_csv",
    "load_plan",
    "os_error_words",
    "plan_from_folder",
    "read_json_bytes",
    "read_json_stream",
    "save_plan",
    "write_atomically",
]

_T = TypeVar("_T")

# A delaftale's JSON is some 50 KB, a plan with an inline budget some 100 KB. A JSON file
# of more than this is a mistake or an attack; it is refused without being read.
_MAX_JSON_BYTES = 16 * 2**20

# A number written with an exponent ("1e999999999") is read as a Decimal in no time, but a
# field that holds a whole number (a count, a year) turns it into a Python int digit by
# digit: a billion digits, minutes and gigabytes. Refused before the model sees it, with the
# same bound as Python puts on integers written out in JSON (4,300 digits).
_MAX_EXPONENT = 4300

_WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc")
_BUDGET_SHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm")
_BUDGET_KEYS = frozenset({"lines", "funding"})
_TOO_LONG = "the name is longer than the file system allows"


class _UnreadableError(Exception):
    """Why a file cannot be read, in words that quote nothing from it; the caller says whose.

    ``missing`` and ``folder`` mark the two a caller words its own way.
    """

    def __init__(self, reason: str, *, missing: bool = False, folder: bool = False) -> None:
        super().__init__(reason)
        self.missing = missing
        self.folder = folder


def _show(name: str) -> str:
    """A name from a plan file as a message shows it: printable, and at most some 300 characters.

    A name is the plan's own text, so it may be shown, but a control character in it could
    forge lines of a log, and a name of a megabyte would bury the message.
    """
    if len(name) > 300:  # real paths are shown whole; a name of a megabyte is not
        name = f"{name[:200]}…{name[-80:]}"
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in name)


# --------------------------------------------------------------------------- reading bytes


def _read_bytes(path: Path, *, follow_symlinks: bool = True) -> bytes:
    """A regular file's bytes, at most ``_MAX_JSON_BYTES``; else ``_UnreadableError`` saying why.

    The file is opened without waiting (a named pipe would block a plain ``open`` for ever)
    and checked to be a regular file before a byte is read: a folder, a device such as
    ``/dev/zero`` or a pipe is refused. With ``follow_symlinks=False`` a symbolic link in
    the last place of ``path`` is refused: the caller has resolved every link already, so
    one found now was put there since.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _UnreadableError("there is no such file", missing=True) from None
    except IsADirectoryError:
        raise _UnreadableError("it is a folder, not a file", folder=True) from None
    except PermissionError:
        raise _UnreadableError(
            "you may not read it (permission denied); ask whoever manages the folder to let "
            "you read it, or copy the file to a folder of your own"
        ) from None
    except ValueError:  # a NUL character, which no file name can hold
        raise _UnreadableError("the name holds a NUL character, which no file name can") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _UnreadableError(_TOO_LONG) from None
        if exc.errno == errno.ELOOP:
            raise _UnreadableError("it is a symbolic link that cannot be followed") from None
        raise _UnreadableError(f"it cannot be opened ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _UnreadableError("it is a folder, not a file", folder=True)
        if not stat.S_ISREG(info.st_mode):
            raise _UnreadableError("it is not a regular file (a device, a pipe or a socket)")
        if info.st_size > _MAX_JSON_BYTES:
            raise _UnreadableError(
                f"it is {info.st_size:,} bytes, more than any plan or delaftale needs "
                f"({_MAX_JSON_BYTES:,} at most)"
            )
        handle = os.fdopen(fd, "rb")  # takes over the descriptor
    except BaseException:
        os.close(fd)
        raise
    with handle:
        try:
            data = handle.read(_MAX_JSON_BYTES + 1)  # a file that grew since fstat stops here
        except OSError as exc:
            raise _UnreadableError(f"it cannot be read ({exc.strerror or exc})") from None
    if len(data) > _MAX_JSON_BYTES:
        raise _UnreadableError(f"it is more than {_MAX_JSON_BYTES:,} bytes")
    return data


def read_json_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a JSON file given by a user, bounded like a plan's files.

    Raises ``DataError`` naming the file and why it cannot be used: missing, a folder, a
    pipe or device (never waited on), unreadable, or more than 16 MiB.
    """
    try:
        return _read_bytes(Path(path))
    except _UnreadableError as exc:
        raise DataError(f"{_show(os.fspath(path))}: {exc}.") from None


def read_json_stream(stream: BinaryIO, name: str) -> bytes:
    """The bytes of JSON given as a stream (standard input), bounded like a JSON file."""
    data = stream.read(_MAX_JSON_BYTES + 1)
    if len(data) > _MAX_JSON_BYTES:
        raise DataError(f"{name} is more than {_MAX_JSON_BYTES:,} bytes; no delaftale is.")
    return data


_OS_WORDS = {
    errno.ENAMETOOLONG: "the name is too long for the file system; use a shorter name",
    errno.EISDIR: "it is a folder; give a file name",
    errno.ENOTDIR: "a part of the path is not a folder; check the path",
    errno.EROFS: "the file system is read-only; write somewhere else",
    errno.EACCES: "permission denied; ask for access, or use a file or folder you may use",
    errno.ENOSPC: "the disk is full; free some space (nothing was half-written)",
    errno.ENOENT: "no such file or folder; check the path",
}


def os_error_words(exc: OSError) -> str:
    """What an operating-system error means for the user, and what to do, in one phrase."""
    return _OS_WORDS.get(exc.errno or 0, exc.strerror or str(exc))


# --------------------------------------------------------------------------- reading JSON


def _decode(data: bytes) -> str:
    """JSON bytes as text, or ``_UnreadableError`` naming the line and column of the first bad byte.

    The byte itself is not shown (it is the file's content, and means nothing to a user).
    A plan.json in Latin-1 or Windows-1252 is refused, not guessed at: the two differ in
    the very characters (– “ ” €) that a Danish text holds, and a guess would change them.
    """
    if data.startswith(b"PK"):
        raise _UnreadableError(
            "it is a Word or zip file, not JSON; read a delaftale with "
            "'delaftale read FILE.docx -o FILE.json' first"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _UnreadableError(
            "it is saved as UTF-16 ('Unicode'), not UTF-8; open it in an editor and save it "
            "as UTF-8"
        )
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise _UnreadableError(
            f"it is not UTF-8 text: line {line}, column {column} holds a byte UTF-8 does not "
            "use (the file was probably saved as Latin-1 or Windows-1252); open it in an "
            "editor and save it as UTF-8"
        ) from None


_HUGE_EXPONENT = re.compile(r"-?\d+(?:\.\d+)?[eE][+-]?\d{10,}")


def _place(text: str, offset: int) -> str:
    """An offset in a text as its line and column, both counted from 1."""
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)  # rfind is -1 on the first line
    return f"line {line}, column {column}"


def _parse(text: str, *, quote: bool) -> Any:
    """JSON text as data, or ``_UnreadableError`` saying what is wrong and where.

    With ``quote=False`` (a file a plan names) the reason quotes nothing from the file:
    the JSON decoder's own messages are fixed texts with a line and column, but the key of a
    duplicate key is the file's content, and is left out.
    """
    try:
        return parse_json(text)
    except DataError as exc:
        why = exc.__cause__ or exc.__context__
        if isinstance(why, json.JSONDecodeError):
            raise _UnreadableError(
                f"it is not valid JSON: {why.msg} at line {why.lineno}, column {why.colno}; "
                "fix the syntax there (a missing comma or quote is the usual cause)"
            ) from None
        if isinstance(why, InvalidOperation):
            huge = _HUGE_EXPONENT.search(text)
            where = f" at {_place(text, huge.start())}" if huge else ""
            raise _UnreadableError(
                f"it holds a number with an exponent too large to read{where}; no figure of "
                "a plan is that large: correct the number"
            ) from None
        if isinstance(why, _DuplicateKeyError) and not quote:
            raise _UnreadableError(
                "it has a key twice in one object, so which value counts cannot be told; "
                "keep one of them"
            ) from None
        content_free = isinstance(why, RecursionError) or (
            isinstance(why, ValueError) and "integer string conversion" in str(why)
        )
        if quote or content_free:
            raise _UnreadableError(exc.summary.rstrip(".")) from None
        raise _UnreadableError("it cannot be read as JSON") from None


def _refuse_huge_numbers(data: object) -> str | None:
    """The place ($-path) of the first number whose exponent is beyond ``_MAX_EXPONENT``."""
    stack: list[tuple[object, str]] = [(data, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, Decimal):
            if value.is_finite() and abs(value.adjusted()) > _MAX_EXPONENT:
                return path
        elif isinstance(value, dict):
            stack.extend((v, f"{path}.{_show(k)}") for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(value))))
    return None


def _huge_number_message(path: str) -> str:
    return (
        f"the number at {path} has more than {_MAX_EXPONENT:,} digits (written with an "
        "exponent, such as 1e99999); no figure of a plan is that long: correct it"
    )


# --------------------------------------------------------------------------- the plan


@attrs.frozen
class _Folder:
    """The plan file, its folder, and the folder the names in it may reach."""

    plan: Path
    folder: Path
    allowed: Path
    root_given: bool

    def fail(self, message: str, problems: tuple[str, ...] = ()) -> DataError:
        return DataError(f"{self.plan}: {message}", problems)

    def resolve(self, name: str, where: str) -> Path:
        """The file ``name`` leads to, every symbolic link followed, or ``DataError``.

        The containment check is made on the resolved path, so a link inside the folder that
        leads out of it is refused too; and it comes before the file is looked for, so the
        answer tells nothing about files outside (whether they exist or not).
        """
        shown = _show(name)
        if not name.strip():
            raise self.fail(f"{where} is an empty name; give the name of a file in {self.folder}.")
        try:
            if "\x00" in name:
                raise ValueError(name)
            os.fsencode(name)  # a lone surrogate ("\\ud800" in JSON) has no bytes
        except ValueError:  # UnicodeEncodeError included
            raise self.fail(
                f"{where} names {shown}, which holds a character that no file name can (a NUL "
                "or a lone surrogate). Correct the name in the plan file."
            ) from None
        candidate = self.folder / name
        try:
            resolved = candidate.resolve()
        except RuntimeError:  # a loop of symbolic links, before Python 3.13
            raise self.fail(
                f"{where} names {shown}, which cannot be followed (a symbolic link that leads "
                "back to itself). Correct the name in the plan file."
            ) from None
        except OSError as exc:  # the same from 3.13 (ELOOP), or the system refusing
            why = "a symbolic link that leads back to itself"
            if exc.errno != errno.ELOOP:
                why = exc.strerror or "the system cannot look it up"
            raise self.fail(
                f"{where} names {shown}, which cannot be followed ({why}). Correct the name "
                "in the plan file."
            ) from None
        if resolved.is_relative_to(self.allowed):
            return resolved
        if Path(name).is_absolute():
            how = "is an absolute path"
        elif ".." in Path(name).parts:
            how = "goes up"
        else:
            how = "is, or passes through, a symbolic link that leads"
        if self.root_given:
            raise self.fail(
                f"{where} names {shown}, which {how} outside {self.allowed}, the folder the "
                "plan's files may be in (root). Copy the file into that folder, or give a "
                "root that holds it."
            )
        raise self.fail(
            f"{where} names {shown}, which {how} outside the plan's folder {self.folder}. A "
            "plan may only name files in its own folder and its subfolders, so that a plan "
            "file cannot make delaftale read other files on this machine: copy the file into "
            "the plan's folder and name it there, or, if you trust the plan file, allow a "
            "wider folder explicitly (root= of load_plan, --root on the command line)."
        )

    def read_json(self, name: str, where: str, expected: str) -> dict[str, Any]:
        """The JSON data of a file the plan names, checked to be an object."""
        path = self.resolve(name, where)
        label = f"{where} ({_show(name)})"
        if path.suffix.lower() in _WORD_SUFFIXES:
            stem = _show(Path(name).stem)
            raise self.fail(
                f"{label} is a Word document; read it first with 'delaftale read "
                f"{_show(Path(name).name)} -o {stem}.json' and name {stem}.json in the plan."
            )
        try:
            data = _parse(_decode(_read_bytes(path, follow_symlinks=False)), quote=False)
        except _UnreadableError as exc:
            if exc.missing or exc.folder:
                what = "a folder" if exc.folder else "not a file"
                raise self.fail(
                    f"{where} names {_show(name)}, which is {what} in {self.folder}. Correct "
                    "the name in the plan file."
                ) from None
            raise self.fail(f"{label} cannot be used: {exc}.") from None
        if not isinstance(data, dict):
            raise self.fail(
                f"{label} holds {_kind(data)}, not {expected} (a JSON object); name "
                f"{expected}'s JSON file."
            )
        return data

    def structure(self, data: dict[str, Any], cls: type[_T], label: str) -> _T:
        """The model object in a named file's data, which has shown itself to be one."""
        huge = _refuse_huge_numbers(data)
        if huge is not None:
            raise self.fail(f"{label}: {_huge_number_message(huge)}.")
        try:
            return structure(data, cls)
        except DataError as exc:
            raise self.fail(f"{label}: {exc.summary}", exc.problems) from None

    def agreement(self, name: str, where: str) -> Agreement:
        """The agreement in the JSON file ``name``, named in the plan at ``where``."""
        data = self.read_json(name, where, "a delaftale")
        label = f"{where} ({_show(name)})"
        # Only a file that says it is a delaftale has its values quoted in the problems:
        # another JSON file (a configuration, someone's notes) is named, never shown.
        if "focus_area" not in data:
            raise self.fail(
                f"{label} is JSON, but not a delaftale: it has no focus_area. Name a "
                "delaftale's JSON file (as 'delaftale read' writes it)."
            )
        return self.structure(data, Agreement, label)

    def budget(self, name: str) -> Budget:
        """The budget in the file ``name`` (.json, .csv or .xlsx), named in the plan."""
        path = self.resolve(name, "budget")
        suffix = path.suffix.lower()  # of the file read, as read_budget goes by it
        if suffix == ".json":
            data = self.read_json(name, "budget", "a budget")
            if data and not _BUDGET_KEYS & data.keys():
                raise self.fail(
                    f"budget ({_show(name)}) is JSON, but not a budget: it has neither lines "
                    "nor funding. Name the budget's file."
                )
            return self.structure(data, Budget, f"budget ({_show(name)})")
        self.check_sheet(name, path, "budget", ("a budget", "the budget"))
        from delaftale.spreadsheets import read_budget  # neither pandas nor an Excel library

        try:
            return read_budget(path)
        except DataError as exc:
            raise self.fail(f"budget ({_show(name)}): {exc.summary}", exc.problems) from None
        except OSError as exc:
            raise self.fail(f"budget ({_show(name)}) cannot be read: {exc.strerror}.") from None

    def check_sheet(self, name: str, path: Path, where: str, noun: tuple[str, str]) -> None:
        """Refuse a named spreadsheet that is not a regular .xlsx or .csv file.

        ``noun`` is what the sheet holds, as "a budget" and "the budget" in a message.
        """
        suffix = path.suffix.lower()  # of the file read, as the readers go by it
        try:
            mode: int | None = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            why = _TOO_LONG if exc.errno == errno.ENAMETOOLONG else exc.strerror
            raise self.fail(f"{where} ({_show(name)}) cannot be used: {why}.") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise self.fail(
                f"{where} names {_show(name)}, which is a folder in {self.folder}. Correct the "
                "name in the plan file."
            )
        if suffix not in _BUDGET_SHEET_SUFFIXES:
            if suffix in _WORD_SUFFIXES:
                what = "a Word document"
            else:
                what = f"a {_show(suffix)} file" if suffix else "a file without an extension"
            raise self.fail(
                f"{where} names {_show(name)}, {what}; {noun[0]} is a .xlsx workbook, a .csv "
                f"file or a .json file. Save {noun[1]} from Excel as .xlsx (or as CSV UTF-8) "
                "and name that file."
            )
        # Not a regular file: missing, or a device or named pipe the reader would wait on.
        if mode is None or not stat.S_ISREG(mode):
            raise self.fail(
                f"{where} names {_show(name)}, which is not a file in {self.folder}. Correct the "
                "name in the plan file."
            )

    def followup(self, name: str, where: str = "followup") -> FollowUp:
        """The follow-up in the file ``name`` (.csv, .xlsx or a follow-up's .json).

        ``where`` is the place in the plan that names it: ``followup``, ``followup.sheet``.
        """
        path = self.resolve(name, where)
        label = f"{where} ({_show(name)})"
        if path.suffix.lower() == ".json":
            data = self.read_json(name, where, "a follow-up")
            if data and "indicators" not in data:
                raise self.fail(
                    f"{label} is JSON, but not a follow-up: it has no indicators. Name the "
                    "follow-up's file (a .csv or .xlsx sheet, or a follow-up's JSON)."
                )
            return self.structure(data, FollowUp, label)
        self.check_sheet(name, path, where, ("a follow-up", "the follow-up sheet"))
        from delaftale.spreadsheets import read_followup

        try:
            return read_followup(path)
        except DataError as exc:
            raise self.fail(f"{label}: {exc.summary}", exc.problems) from None
        except OSError as exc:
            raise self.fail(f"{label} cannot be read: {exc.strerror}.") from None

    def merged(self, base: FollowUp | None, sheet: FollowUp | None) -> FollowUp | None:
        """The plan's follow-up with a sheet's figures added (``merge_followup``)."""
        if sheet is None:
            return base
        try:
            return merge_followup(base, sheet)
        except DataError as exc:
            raise self.fail(f"followup: {exc.summary}", exc.problems) from None


def _read_plan_json(plan_path: Path) -> dict[str, Any]:
    """The plan file's data, an object; its own content may be quoted (it is the user's)."""
    try:
        data = _parse(_decode(_read_bytes(plan_path)), quote=True)
    except _UnreadableError as exc:
        if exc.folder:
            raise DataError(
                f"{plan_path} is a folder; give the plan's JSON file in it (plan.json), not "
                "the folder."
            ) from None
        if exc.missing:
            raise DataError(
                f"{plan_path}: no such file; check the path to the plan's JSON file."
            ) from None
        raise DataError(f"{plan_path} cannot be read as a plan: {exc}.") from None
    if not isinstance(data, dict):
        raise DataError(f"{plan_path} must hold a JSON object (the plan), not {_kind(data)}.")
    return data


def load_plan(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    followup: str | os.PathLike[str] | None = None,
) -> Plan:
    """Read a plan: its JSON file, or a folder of delaftaler, a budget and a follow-up sheet.

    ``path`` is a plan JSON file, or a folder. A folder holding ``plan.json`` is read as
    that file. A folder without one is read as a plan made of what it holds (see
    ``plan_from_folder``): every delaftale directly in it (.docx, .pdf, .doc, .rtf, .odt or
    delaftale's JSON), its budget file and its follow-up sheet, nothing outside the folder;
    ``root`` does not widen that. Raises ``DataError`` naming the file and what to do.

    ``followup`` is a follow-up sheet (.csv or .xlsx, read by ``read_followup``) the caller
    gives, from anywhere: it takes the place of the sheet the plan would read (the folder's
    ``opfoelgning.csv``, or the sheet plan.json names), and its figures are added to a
    follow-up that plan.json gives as an object or a JSON file (``merge_followup``).

    The rest of this says how a plan JSON file is read.

    The names in ``"agreements"`` and ``"budget"`` are relative to the plan file's folder,
    and must lead to files in that folder or its subfolders: an absolute path, a ``../``
    or a symbolic link that leads out of it is refused, before anything is looked up there,
    so a plan file from someone else cannot make this read other files on the machine.
    ``root`` widens that on purpose: a folder (holding the plan's folder, usually) whose
    files the names may reach, e.g. ``root="plans"`` for a plan that names
    ``"../shared/budget.xlsx"``. Give the narrowest folder that works; ``root="/"`` lifts
    the confinement altogether.

    A plan file or a JSON file it names must be UTF-8 JSON (a byte-order mark is
    accepted; Latin-1 is refused, not guessed), a regular file (not a folder, device or
    pipe) and at most 16 MiB. Raises ``DataError`` naming the plan file, the name in it
    (``agreements[1]``), the place (line and column, or ``$.path``) and what to do. The
    message quotes nothing from a named file unless it is a delaftale (an object with
    ``focus_area``) or a budget. Two delaftaler for one focus area are refused as well.

    The follow-up (``Plan.followup``) is plan.json's ``"followup"``: the name of a file in
    the folder (a .csv or .xlsx sheet, or a follow-up's .json), confined as the budget's is,
    or a follow-up object (``{"indicators": [...]}``, with targets and directions, say),
    which may name a sheet whose figures are added to it (``"sheet": "opfoelgning.csv"``;
    a year given in both is refused). When plan.json says nothing of it, the folder's
    follow-up sheet is read, if it has one (``opfoelgning.csv`` or ``.xlsx``; see
    ``plan_from_folder``).
    """
    given = Path(path)
    sheet = _followup_given(followup)
    if given.is_dir():
        plan_file = given / PLAN_FILE
        if os.path.lexists(plan_file):
            _refuse_link_out(given, plan_file)
            return _load_plan_file(plan_file, root, sheet)
        return _folder_plan(given, sheet)
    return _load_plan_file(given, root, sheet)


def _followup_given(path: str | os.PathLike[str] | None) -> FollowUp | None:
    """The follow-up sheet a caller gives ``load_plan``, read (any path: the caller chose it)."""
    if path is None:
        return None
    from delaftale.spreadsheets import read_followup

    return read_followup(path)


def _plan_followup(here: _Folder, given: Any, sheet: FollowUp | None) -> FollowUp | None:
    """The follow-up plan.json's ``"followup"`` gives, with the caller's ``sheet`` added.

    A sheet the caller gives replaces a sheet the plan names (or the folder's); it is added
    to a follow-up object or JSON file.
    """
    if given is None:
        if sheet is not None:
            return sheet
        found = _followup_in(here.folder)
        return here.followup(found.name) if found is not None else None
    if isinstance(given, str):
        if sheet is not None and Path(given).suffix.lower() != ".json":
            return sheet
        return here.merged(here.followup(given), sheet)
    if not isinstance(given, dict):
        raise here.fail(
            f"followup is {_kind(given)}; give the name of the follow-up sheet's file, in "
            'quotes ("opfoelgning.csv"), or a follow-up object ({"indicators": [...]}).'
        )
    data = dict(given)
    named = data.pop("sheet", None)
    if named is not None and not isinstance(named, str):
        raise here.fail(
            f"followup.sheet is {_kind(named)}; give the name of the follow-up sheet's file, "
            'in quotes ("opfoelgning.csv").'
        )
    try:
        base = structure(data, FollowUp)
    except DataError as exc:
        raise here.fail(f"followup: {exc.summary}", exc.problems) from None
    if sheet is None and named is not None:
        sheet = here.followup(named, "followup.sheet")
    if sheet is None:
        # A sheet beside a plan.json that holds the follow-up as data (as save_plan writes
        # it) would otherwise be left unread without a word, and its figures lost.
        found = _followup_in(here.folder)
        if found is not None:
            raise here.fail(
                f"followup holds the follow-up as data and names no sheet, but the folder has "
                f"{_show(found.name)}, which would not be read. Name it in plan.json "
                f'("followup": {{"sheet": {json.dumps(found.name, ensure_ascii=False)}, '
                '"indicators": [...]}), and its figures are added; or move it out of the '
                "folder."
            )
    return here.merged(base, sheet)


def _load_plan_file(
    plan_path: Path, root: str | os.PathLike[str] | None, sheet: FollowUp | None = None
) -> Plan:
    """The plan in a plan JSON file, its named files confined to its folder (or ``root``)."""
    data = _read_plan_json(plan_path)
    # The folder as the user wrote it, for messages; "." said as the folder it stands for.
    folder = plan_path.parent if plan_path.parent != Path(".") else Path.cwd()
    allowed = Path(root if root is not None else folder)
    if root is not None and not os.path.isdir(allowed):  # False, not an error, for odd names
        raise DataError(
            f"{allowed} (root) is not a folder; give the folder the plan's files are in."
        )
    here = _Folder(plan_path, folder, allowed.resolve(), root_given=root is not None)
    huge = _refuse_huge_numbers(data)
    if huge is not None:
        raise here.fail(f"{_huge_number_message(huge)}.")
    items = data.get("agreements", [])
    if not isinstance(items, list):
        raise here.fail(
            f"agreements is {_kind(items)}; it must be a list, each item the name of a "
            'delaftale\'s JSON file ("beskaeftigelse.json") or a delaftale object.'
        )
    agreements: list[tuple[str, Agreement]] = []
    for n, item in enumerate(items):
        where = f"agreements[{n}]"
        if isinstance(item, str):
            agreements.append((f"{where} ({_show(item)})", here.agreement(item, where)))
        elif isinstance(item, dict):
            try:
                agreements.append((where, structure(item, Agreement)))
            except DataError as exc:
                raise here.fail(f"{where}: {exc.summary}", exc.problems) from None
        else:
            raise here.fail(
                f"{where} is {_kind(item)}; each item of agreements is the name of a "
                'delaftale\'s JSON file, in quotes ("beskaeftigelse.json"), or a delaftale '
                "object."
            )
    # A plan has one delaftale per focus area (Plan's own rule); said here with the names
    # the user wrote, where the model could only say which area.
    first: dict[FocusArea, str] = {}
    for label, agreement in agreements:
        if agreement.focus_area in first:
            raise here.fail(
                f"{first[agreement.focus_area]} and {label} are both delaftaler for "
                f"{agreement.focus_area.title}; a plan has one delaftale per focus area. "
                "Remove one of them from agreements."
            )
        first[agreement.focus_area] = label
    given = data.get("budget")
    budget: Budget | None
    if given is None:
        budget = None
    elif isinstance(given, str):
        budget = here.budget(given)
    elif isinstance(given, dict):
        try:
            budget = structure(given, Budget)
        except DataError as exc:
            raise here.fail(f"budget: {exc.summary}", exc.problems) from None
    else:
        raise here.fail(
            f"budget is {_kind(given)}; give the name of the budget's file, in quotes "
            '("budget.xlsx"), or a budget object.'
        )
    followup = _plan_followup(here, data.get("followup"), sheet)
    plan_data = {k: v for k, v in data.items() if k not in ("agreements", "budget", "followup")}
    try:
        plan = structure(plan_data, Plan)
        return attrs.evolve(
            plan,
            agreements=tuple(a for _, a in agreements),
            budget=budget,
            followup=followup,
        )
    except DataError as exc:
        raise here.fail(exc.summary, exc.problems) from None
    except (ValueError, TypeError) as exc:  # a rule of Plan's across its parts, if one is added
        raise here.fail(f"{exc}.") from None


# --------------------------------------------------------------------------- plan folders

PLAN_FILE = "plan.json"
"""The plan's own file in a plan folder; ``load_plan(folder)`` reads it when it is there."""

MAX_PLAN_DOCUMENTS = 50
"""Delaftaler a folder without plan.json may hold. A plan has four; more is refused."""

_BUDGET_NAMED = frozenset({".xlsx", ".xlsm", ".csv", ".json"})
_BUDGET_SHEETS = frozenset({".xlsx", ".xlsm", ".csv"})
# A plan folder holds a handful of files; one of a million is no plan folder, and listing it
# whole would take seconds before anything useful was said.
_MAX_FOLDER_ENTRIES = 10_000
_FOLDER_RULE = (
    "A plan folder is read only inside itself, so that a folder from someone else cannot "
    "make delaftale read other files on this machine"
)


def _as_shown(folder: Path) -> Path:
    """The folder as messages name it: "." said as the folder it stands for."""
    return folder if folder != Path(".") else Path.cwd()


def _refuse_link_out(folder: Path, path: Path) -> None:
    """``DataError`` when ``path`` in ``folder`` is a symbolic link leading out, or nowhere."""
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        raise DataError(
            f"{path} is a symbolic link that cannot be followed (it leads back to itself). "
            "Remove the link, or replace it with the file."
        ) from None
    if not inside:
        raise DataError(
            f"{path} is a symbolic link that leads outside the folder {_as_shown(folder)}. "
            f"{_FOLDER_RULE}: copy the file into the folder instead of linking to it."
        )


def _listing(folder: Path) -> list[str]:
    """The names directly in ``folder``, sorted; ``DataError`` for a folder too large for a plan."""
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                names.append(entry.name)
                if len(names) > _MAX_FOLDER_ENTRIES:
                    raise DataError(
                        f"{_as_shown(folder)} holds more than {_MAX_FOLDER_ENTRIES:,} files; a "
                        "plan's folder holds its delaftaler, its budget and perhaps plan.json. "
                        "Put those in a folder of their own and give that folder."
                    )
    except OSError as exc:
        raise DataError(f"{_as_shown(folder)} cannot be listed: {os_error_words(exc)}.") from None
    return sorted(names, key=lambda n: (n.casefold(), n))


def _joined(names: list[str]) -> str:
    """'a, b and c'; at most ten names shown."""
    shown = [_show(n) for n in names[:10]] + (
        [f"{len(names) - 10} more"] if len(names) > 10 else []
    )
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _budget_in(folder: Path) -> Path | None:
    """The budget file of a folder without plan.json, or ``None`` when it has none.

    In order: a file named ``budget`` (.xlsx, .csv or .json), then one whose name begins with
    ``budget``, then the only spreadsheet (.xlsx or .csv) that is not the follow-up sheet
    (``opfoelgning.csv``, ``opfølgning 2026.xlsx``, see ``_followup_in``). Two at the first
    level that has any are refused: which one counts cannot be told. The only spreadsheet is
    refused, not taken, when its header is a follow-up sheet's (År and Værdi or Antal, no
    Kategori): a follow-up sheet under another name, which the budget reader would only say
    lacks the budget's columns.
    """
    from delaftale.reading import _is_followup_name

    def usable(name: str) -> bool:
        return (
            not name.startswith((".", "~$"))
            and name.casefold() != PLAN_FILE
            and not _is_followup_name(name)
        )

    names = [n for n in _listing(folder) if usable(n)]
    stem = {n: Path(n.casefold()).stem for n in names}
    suffix = {n: Path(n.casefold()).suffix for n in names}
    levels = (
        [n for n in names if stem[n] == "budget" and suffix[n] in _BUDGET_NAMED],
        [n for n in names if stem[n].startswith("budget") and suffix[n] in _BUDGET_NAMED],
        [n for n in names if suffix[n] in _BUDGET_SHEETS],
    )
    for number, level in enumerate(levels):
        files = []
        for name in level:
            path = folder / name
            if path.is_symlink():
                _refuse_link_out(folder, path)
            if path.is_file():
                files.append(name)
        if len(files) == 1:
            if number == len(levels) - 1:
                _refuse_followup_sheet(folder, folder / files[0])
            return folder / files[0]
        if files:
            raise DataError(
                f"{_as_shown(folder)}: {_joined(files)} could each be the plan's budget, so "
                "which one counts cannot be told. A file named budget (budget.xlsx, budget.csv "
                "or budget.json) is taken first, then one whose name begins with 'budget', then "
                "the folder's only spreadsheet (.xlsx or .csv). Name the budget to use "
                "budget.xlsx (or budget.csv), or move the others out of the folder."
            )
    return None


def _refuse_followup_sheet(folder: Path, path: Path) -> None:
    """Refuse the folder's only spreadsheet as its budget when its header is a follow-up's."""
    from delaftale.spreadsheets import _has_followup_header

    if not _has_followup_header(path):
        return
    suffix = path.suffix.lower()
    raise DataError(
        f"{_as_shown(folder)}: {_show(path.name)} is the folder's only spreadsheet, so it would "
        "be taken for the plan's budget, but its header is a follow-up sheet's (År and Værdi "
        f"or Antal, no Kategori). If it is the follow-up sheet, name it opfoelgning{suffix}; "
        "if it is the budget, give it the budget's columns (Kategori, Beskrivelse, "
        f"Indsatsområde and a column per year) and name it budget{suffix}."
    )


def _followup_in(folder: Path) -> Path | None:
    """The follow-up file of a plan folder, or ``None`` when it has none.

    A file named ``opfoelgning``, ``opfølgning``, ``followup`` or ``follow-up`` (any case),
    .csv, .xlsx, .xlsm or .json (a follow-up's JSON), else one whose name begins so
    (``opfølgning 2026.csv``), as ``_budget_in`` takes ``budget-2026.xlsx``. Two at the first
    level that has any are refused: which one counts cannot be told. A symbolic link leading
    out of the folder is refused.
    """
    from delaftale.reading import _followup_name_level

    levels: tuple[list[str], list[str]] = ([], [])
    for name in _listing(folder):
        level = None if name.startswith((".", "~$")) else _followup_name_level(name)
        if level is None:
            continue
        path = folder / name
        if path.is_symlink():
            _refuse_link_out(folder, path)
        if path.is_file():
            levels[level].append(name)
    for number, files in enumerate(levels):
        if len(files) > 1:
            first = (
                " A file named opfoelgning.csv (or .xlsx) is taken before those whose names "
                "begin with opfoelgning, opfølgning or followup."
                if number
                else ""
            )
            raise DataError(
                f"{_as_shown(folder)}: {_joined(files)} could each be the plan's follow-up "
                "sheet, so which one counts cannot be told. Keep one of them in the folder "
                '(move the others out), or name the one to use in plan.json ("followup": '
                f'"opfoelgning.csv").{first}'
            )
        if files:
            return folder / files[0]
    return None


def plan_from_folder(folder: str | os.PathLike[str]) -> Plan:
    """A plan made of a folder's delaftaler, budget and follow-up, for a folder without plan.json.

    Every document directly in the folder (``delaftale.reading.documents_in``: .docx, .pdf,
    .doc, .rtf, .odt and delaftale's JSON; hidden files, Word's ``~$`` lock files,
    ``plan.json`` and ``budget*.json`` left out) is read as a delaftale, by its content.
    The budget is the file named ``budget.xlsx``, ``budget.csv`` or ``budget.json``, else
    the one whose name begins with ``budget``, else the folder's only .xlsx or .csv; a
    folder without one gives a plan without a budget (and the only spreadsheet is refused
    when its header is a follow-up sheet's). The follow-up is the file named
    ``opfoelgning`` (or ``opfølgning``, ``followup``; any case) .csv, .xlsx or .json, else
    the one whose name begins so (``opfølgning 2026.csv``), read by ``read_followup`` (or as
    a follow-up's JSON); two such files are refused. Neither is taken for the budget.

    The plan's ``name`` is the delaftaler's common initiative (*Navn på den boligsociale
    indsats*) when they state one and the same, else the folder's name; its ``period`` is
    their common period, when the ones that state one agree, else ``None``. The
    agreements are in the order of the focus areas. Its ``positions`` are those the budget's
    salary lines name, each with the delaftaler's staff-line titles that differ from it only
    by a plural or definite ending as aliases ("boligsociale medarbejdere" for "Boligsocial
    medarbejder"). Everything else is empty (write a plan.json for the municipality, the
    estates, the positions' hours and the rest).

    Nothing outside the folder is read: a symbolic link leading out of it is refused. Raises
    ``DataError`` naming the file and what to do: a document that cannot be read (with the
    reader's reason), two delaftaler for one focus area, two files that could each be the
    budget, two follow-up sheets, a folder without any delaftale, or more than
    ``MAX_PLAN_DOCUMENTS`` of them.
    """
    return _folder_plan(Path(folder), None)


def _folder_plan(base: Path, sheet: FollowUp | None) -> Plan:
    """``plan_from_folder``, with the follow-up sheet a caller gave (replacing the folder's)."""
    from delaftale.reading import documents_in

    shown = _as_shown(base)
    if not base.is_dir():
        raise DataError(f"{shown} is not a folder; give the folder of the plan's delaftaler.")
    budget_path = _budget_in(base)
    followup_path = _followup_in(base) if sheet is None else None
    try:
        documents = documents_in(base)
    except ReadError as exc:  # a link leading out, or a folder of thousands
        raise DataError(str(exc)) from None
    if len(documents) > MAX_PLAN_DOCUMENTS:
        raise DataError(
            f"{shown} holds {len(documents)} documents, more than the {MAX_PLAN_DOCUMENTS} a "
            "plan folder may hold (a plan has one delaftale per focus area, four in all). Give "
            "the folder of one plan, or write a plan.json naming its delaftaler."
        )
    if not documents:
        raise DataError(
            f"{shown} holds neither plan.json nor a delaftale (.docx, .pdf, .doc, .rtf, .odt or "
            "delaftale's JSON). Put the plan's delaftaler in it, or give the plan's JSON file."
        )
    read: dict[FocusArea, tuple[Path, Agreement]] = {}
    for path in documents:
        agreement = _read_listed(shown, path)
        area = agreement.focus_area
        if area in read:
            raise DataError(
                f"{shown}: {_show(read[area][0].name)} and {_show(path.name)} are both "
                f"delaftaler for {area.title}; a plan has one delaftale per focus area. Move "
                "the one that does not belong to this plan (an older version, perhaps) out of "
                "the folder."
            )
        read[area] = (path, agreement)
    agreements = [read[area][1] for area in FocusArea if area in read]
    initiatives = {a.initiative for a in agreements if a.initiative is not None}
    periods = {a.period for a in agreements if a.period is not None}
    name = initiatives.pop() if len(initiatives) == 1 else (base.resolve().name or str(shown))
    here = _Folder(shown, base, base.resolve(), root_given=False)
    budget = here.budget(budget_path.name) if budget_path is not None else None
    followup = here.followup(followup_path.name) if followup_path is not None else sheet
    return Plan(
        name=name,
        period=periods.pop() if len(periods) == 1 else None,
        positions=_positions_named(agreements, budget),
        agreements=agreements,
        budget=budget,
        followup=followup,
    )


# Danish plural and definite endings, longest first: "boligsociale medarbejdere" and
# "medarbejderne" name the position "Boligsocial medarbejder".
_ENDINGS = ("erne", "ere", "ene", "er", "en", "e")


def _folded(title: str) -> tuple[str, ...]:
    """A staff title's words in lower case, each without a plural or definite ending."""
    words = []
    for word in title.casefold().split():
        for ending in _ENDINGS:
            if len(word) > len(ending) + 3 and word.endswith(ending):
                word = word[: -len(ending)]
                break
        words.append(word)
    return tuple(words)


def _positions_named(agreements: list[Agreement], budget: Budget | None) -> list[StaffPosition]:
    """The positions a folder plan's budget pays for, with the delaftaler's names for them.

    Without a plan.json nobody has listed the positions, so they are taken from the budget's
    salary lines (their ``position``); a delaftale's staff line whose title is the same but
    for a plural or definite ending ("boligsociale medarbejdere" for "Boligsocial
    medarbejder") becomes an alias, so the lines are matched to the budget as they would be
    with a plan.json that says so.
    """
    if budget is None:
        return []
    titles = list(dict.fromkeys(line.position for line in budget.lines if line.position))
    staff = list(
        dict.fromkeys(
            line.title
            for agreement in agreements
            for line in agreement.staffing.allocations
            if line.title
        )
    )
    positions = []
    for title in titles:
        key = _folded(title)
        aliases = [
            name
            for name in staff
            if _folded(name) == key and name.casefold().split() != title.casefold().split()
        ]
        positions.append(StaffPosition(title=title, aliases=aliases))
    return positions


def _read_listed(folder: Path, path: Path) -> Agreement:
    """The delaftale in a document of a plan folder, or ``DataError`` naming it and why not."""
    from delaftale.reading import read_with_report

    after = (
        " Correct or replace the file, or move it out of the folder if it is not one of the "
        "plan's delaftaler."
    )
    try:
        return read_with_report(path)[0]
    except DataError as exc:
        raise DataError(
            f"{folder}: {_show(path.name)} cannot be read as a delaftale: "
            f"{exc.summary.rstrip('.')}.{after}",
            exc.problems,
        ) from None
    except DelaftaleError as exc:
        raise DataError(
            f"{folder}: {_show(path.name)} cannot be read as a delaftale: "
            f"{str(exc).rstrip('.')}.{after}"
        ) from None
    except OSError as exc:
        raise DataError(
            f"{folder}: {_show(path.name)} cannot be read: {os_error_words(exc)}.{after}"
        ) from None


def _agreement_file(area: FocusArea) -> str:
    """The file ``save_plan`` writes an area's delaftale to: ``beskaeftigelse.json``."""
    return area.value.replace("_", "-") + ".json"


_CATEGORY_DA = {
    BudgetCategory.STAFF: "Løn",
    BudgetCategory.ACTIVITIES: "Aktiviteter",
    BudgetCategory.ADMINISTRATION: "Administration",
    BudgetCategory.EVALUATION: "Evaluering",
    BudgetCategory.OTHER: "Andet",
}
_FUNDING_DA = {
    FundingKind.LBF: "LBF",
    FundingKind.MUNICIPALITY: "Kommune",
    FundingKind.HOUSING_ORGANISATION: "Boligorganisation",
    FundingKind.FOUNDATION: "Fond",
    FundingKind.OTHER: "Andet",
}


def budget_csv(budget: Budget) -> bytes:
    """The budget as the CSV file a secretariat keeps, in Danish Excel's dialect.

    Semicolons, decimal commas, no thousands separator, a UTF-8 byte-order mark; Danish
    column names (Kategori, Beskrivelse, Indsatsområde, Stilling, Kilde, then one column per
    year), a cost line per row (its area's title, or Fælles), then the funding rows
    (Finansiering). Amounts are written exactly from their ``Decimal``; a year a line has no
    amount for is an empty cell. ``read_budget`` reads it as ``docs/frames.md`` describes.
    """
    years = budget.years()
    rows: list[list[object]] = [
        ["Kategori", "Beskrivelse", "Indsatsområde", "Stilling", "Kilde", *years]
    ]
    for line in budget.lines:
        amounts = {a.year: a.amount for a in line.amounts}
        area = line.focus_area.title if line.focus_area is not None else "Fælles"
        rows.append(
            [_CATEGORY_DA[line.category], line.description, area, line.position, None]
            + [amounts.get(year) for year in years]
        )
    for source in budget.funding:
        amounts = {a.year: a.amount for a in source.amounts}
        rows.append(
            ["Finansiering", source.name, None, None, _FUNDING_DA[source.kind]]
            + [amounts.get(year) for year in years]
        )
    return csv_bytes(rows, "excel-da")


def _budget_file(budget: Budget) -> tuple[str, bytes]:
    """The budget's file for ``save_plan``: budget.csv when it reads back exactly, else JSON.

    A spreadsheet cannot hold everything the model can: a budget without any year, an
    amount with more than two decimals, text with line breaks or doubled spaces (a cell's
    text is read with its white space tidied), text starting with = + - @ (written with an
    apostrophe, so Excel runs no formula), a line's years out of order. Such a budget is
    written as budget.json, so that what is saved is what is loaded.
    """
    from delaftale.spreadsheets import budget_from_csv

    if budget.years():
        data = budget_csv(budget)
        try:
            back = budget_from_csv(data)
        except DataError:
            back = None
        if back == budget:
            return "budget.csv", data
    return "budget.json", dumps(budget).encode("utf-8")


def save_plan(plan: Plan, folder: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write a plan as a plan folder, the layout ``load_plan`` reads; returns plan.json's path.

    The folder (made if missing) gets ``plan.json`` (the plan's own fields, its delaftaler
    and its budget named by file), one JSON file per delaftale named by its focus area
    (``uddannelse-og-livschancer.json``, ``beskaeftigelse.json`` …) and the budget as
    ``budget.csv`` in Danish Excel's dialect (semicolons, decimal commas, a byte-order mark;
    see ``budget_csv``), or as ``budget.json`` when a spreadsheet cannot hold it exactly.
    ``load_plan(save_plan(plan, folder)) == plan`` holds, to the last øre.

    Each file is written whole or not at all (``write_atomically``), plan.json last, so a
    plan.json never names a file that was not written. A folder already holding one of these
    names is refused unless ``overwrite=True``; then those files are replaced, and nothing
    else in the folder is touched (a file of an earlier save that the plan no longer names
    stays, unnamed). A symbolic link or a folder in place of one of the files is always
    refused. Raises ``WriteError`` saying which file and what to do.
    """
    target = Path(folder)
    files: dict[str, bytes] = {}
    for agreement in plan.agreements:
        files[_agreement_file(agreement.focus_area)] = dumps(agreement).encode("utf-8")
    data = unstructure(plan)
    data.pop("agreements", None)
    data.pop("budget", None)
    if plan.agreements:
        data["agreements"] = list(files)
    if plan.budget is not None:
        budget_name, budget_data = _budget_file(plan.budget)
        files[budget_name] = budget_data
        data["budget"] = budget_name
    files[PLAN_FILE] = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriteError(
            f"{target} is a file, not a folder; give a folder for the plan (it is made if missing)."
        ) from None
    except OSError as exc:
        raise WriteError(f"{target}: the folder cannot be made: {os_error_words(exc)}.") from None
    present = []
    for name in files:
        path = target / name
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise WriteError(f"{path} cannot be looked at: {os_error_words(exc)}.") from None
        if stat.S_ISLNK(mode):
            raise WriteError(
                f"{path} is a symbolic link; save_plan does not write through links (one could "
                "lead outside the folder). Remove the link, or save the plan in another folder."
            )
        if not stat.S_ISREG(mode):
            raise WriteError(
                f"{path} is a folder or another thing that is not a file; save_plan writes a "
                "file of that name. Move it away, or save the plan in another folder."
            )
        present.append(name)
    if present and not overwrite:
        raise WriteError(
            f"{target} already holds {_joined(present)}; save_plan replaces files only when "
            "told to. Pass overwrite=True to replace them (nothing else in the folder is "
            "touched), or save the plan in a new folder."
        )
    for name, content in files.items():  # plan.json is the last
        try:
            write_atomically(target / name, content)
        except OSError as exc:
            raise WriteError(f"{target / name} cannot be written: {os_error_words(exc)}.") from None
    return target / PLAN_FILE


_TEMPORARY = (".delaftale-", ".tmp")
"""Prefix and suffix of ``write_atomically``'s temporary files (a batch removes strays)."""


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A failure (a full disk, an interrupted run) never leaves a half-written file, and an
    existing file is only ever replaced by a complete new one. A new file gets the usual
    permissions (the umask honoured), a replaced file keeps its own; a symbolic link is
    written through (its target replaced, the link kept); something that is not a regular
    file (``/dev/null``, a pipe) is written to directly, never replaced. Errors name
    ``path``, not the temporary file. Returns the path.
    """
    target = Path(path)
    try:
        special = not stat.S_ISREG(os.stat(target).st_mode)  # follows links
    except OSError:
        special = False
    if special:
        # Written through the name given: /dev/stdout is a link to /proc/self/fd/1, whose
        # target ("pipe:[…]") is no path at all.
        try:
            with open(target, "wb") as out:
                out.write(data)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        return Path(path)
    if target.is_symlink():
        target = target.resolve()
    mode = _mode_for(target)
    folder = target.parent if str(target.parent) else Path(".")
    temporary = ""
    try:
        # A short temporary name: the target's own name may be near the 255-byte limit.
        handle, temporary = tempfile.mkstemp(prefix=_TEMPORARY[0], suffix=_TEMPORARY[1], dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    except BaseException:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise
    return Path(path)


def _mode_for(target: Path) -> int:
    """The permission bits a written file gets: an existing file's own, else 0666 - umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
