"""Reading a plan from files: a plan JSON whose agreements and budget may be other files.

A plan file holds the plan's own data; in ``"agreements"`` each item is either an agreement
object or the name of a JSON file (relative to the plan file) holding one, and ``"budget"``
is a budget object or the name of a .csv/.xlsx/.json file. So a secretariat keeps one folder
per plan: the plan, the four delaftaler and the budget spreadsheet.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import attrs

from delaftale.errors import DataError
from delaftale.model import Agreement
from delaftale.plan import Budget, Plan
from delaftale.serialization import loads, parse_json, structure

__all__ = ["load_plan", "write_atomically"]


def _read_json(path: Path) -> Any:
    if path.is_dir():
        raise DataError(
            f"{path} is a folder; give the plan's JSON file in it (plan.json), not the folder."
        )
    if not path.is_file():
        raise DataError(f"{path}: no such file; check the path to the plan's JSON file.")
    data = path.read_bytes()
    if data.startswith(b"PK"):
        raise DataError(
            f"{path} is a Word or zip file, not JSON; read a delaftale with "
            "'delaftale read FILE.docx -o FILE.json' first."
        )
    try:
        return parse_json(data)
    except DataError as exc:
        raise DataError(f"{path}: {exc}") from None


def _budget(item: Any, folder: Path, plan_path: Path) -> Any:
    if not isinstance(item, str):
        return item
    path = folder / item
    if not path.is_file():
        raise DataError(
            f"{plan_path}: budget names {item}, which is not a file in {folder}. Correct the "
            "name in the plan file."
        )
    if path.suffix.lower() == ".json":
        return loads(path.read_bytes(), Budget)
    from delaftale.frames import read_budget  # pandas only when a spreadsheet is read

    return read_budget(path)


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read a plan JSON file, following file names given for its agreements and budget.

    Raises ``DataError`` listing every problem with its place, naming
    the file it is in.
    """
    plan_path = Path(path)
    folder = plan_path.parent
    data = _read_json(plan_path)
    if not isinstance(data, dict):
        raise DataError(
            f"{plan_path} must hold a JSON object (the plan), not {type(data).__name__}."
        )
    agreements: list[Any] = []
    for n, item in enumerate(data.get("agreements", [])):
        if isinstance(item, str):
            if not (folder / item).is_file():
                raise DataError(
                    f"{plan_path}: agreements[{n}] names {item}, which is not a file in "
                    f"{folder}. Correct the name in the plan file."
                )
            try:
                agreements.append(loads((folder / item).read_bytes(), Agreement))
            except DataError as exc:
                raise DataError(
                    f"{plan_path}: agreements[{n}] ({item}): {exc.summary}", exc.problems
                ) from None
        else:
            agreements.append(item)
    budget = _budget(data.get("budget"), folder, plan_path)
    plan_data = {k: v for k, v in data.items() if k not in ("agreements", "budget")}
    try:
        plan = structure(plan_data, Plan)
        parsed = [a if isinstance(a, Agreement) else structure(a, Agreement) for a in agreements]
        parsed_budget = (
            budget if budget is None or isinstance(budget, Budget) else structure(budget, Budget)
        )
    except DataError as exc:
        raise DataError(f"{plan_path}: {exc.summary}", exc.problems) from None
    return attrs.evolve(plan, agreements=tuple(parsed), budget=parsed_budget)


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
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not target.is_file():
        try:
            with target.open("wb") as out:
                out.write(data)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        return Path(path)
    mode = _mode_for(target)
    folder = target.parent if str(target.parent) else Path(".")
    temporary = ""
    try:
        # A short temporary name: the target's own name may be near the 255-byte limit.
        handle, temporary = tempfile.mkstemp(prefix=".delaftale-", suffix=".tmp", dir=folder)
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
