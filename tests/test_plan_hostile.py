"""Hostile and careless plan folders: ``load_plan`` answers with a Plan or a DelaftaleError.

A plan file names other files (its delaftaler, its budget). Those names stay inside the
plan's folder unless the caller allows a wider ``root``; errors name the plan file, the
name in it and the place, and never quote a file that has not shown itself to be a
delaftale or a budget. One test per class of issue 12, then a fuzz test over the reader.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings

import delaftale
from delaftale import DataError, DelaftaleError, Plan
from delaftale.cli import main
from delaftale.files import load_plan
from strategies import damaged_plans

EXAMPLES = Path(__file__).parent.parent / "examples"
PLAN_FOLDERS = ["ishoj-2025-plan", "plan-with-mismatches"]
UDD = "ishoj-2025-uddannelse-og-livschancer.json"
BESK = "ishoj-2025-beskaeftigelse.json"

# What a file outside the plan's folder (or a file that is no delaftale) holds: no error
# message may show it.
SECRET = "TOPSECRET-4711"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def plan_json(tmp_path: Path) -> Path:
    """A copy of the Ishøj example plan folder, as ``tmp_path/plan/plan.json``."""
    shutil.copytree(EXAMPLES / "ishoj-2025-plan", tmp_path / "plan")
    return tmp_path / "plan" / "plan.json"


def rewrite(plan: Path, **changes: Any) -> Path:
    """Change top-level fields of a plan file (as JSON data) and save it; returns the path."""
    data = json.loads(plan.read_text(encoding="utf-8"))
    data.update(changes)
    plan.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return plan


def refused(plan: Path, **options: Any) -> str:
    """The message of the DataError ``load_plan`` raises (it must raise one)."""
    with pytest.raises(DataError) as info:
        load_plan(plan, **options)
    message = str(info.value)
    assert message.startswith(str(plan)), message  # every message names the plan file
    assert SECRET not in message
    assert "Traceback" not in message
    return message


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail instead of hanging (a named pipe opened the ordinary way blocks for ever)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- the examples


@pytest.mark.parametrize("folder", PLAN_FOLDERS)
@pytest.mark.parametrize("name", [UDD, BESK])
def test_the_example_plans_hold_copies_identical_to_the_top_level_examples(
    folder: str, name: str
) -> None:
    # A plan keeps its delaftaler in its own folder; the top-level files are what the README
    # and validate_examples.py use. The copies must not drift from them.
    assert (EXAMPLES / folder / name).read_bytes() == (EXAMPLES / name).read_bytes()


@pytest.mark.parametrize("folder", PLAN_FOLDERS)
def test_the_example_plans_name_only_files_in_their_own_folder(folder: str) -> None:
    data = json.loads((EXAMPLES / folder / "plan.json").read_text(encoding="utf-8"))
    names = [item for item in data["agreements"] if isinstance(item, str)]
    if isinstance(data.get("budget"), str):
        names.append(data["budget"])
    assert names
    for name in names:
        assert "/" not in name
        assert "\\" not in name
        assert (EXAMPLES / folder / name).is_file()
    assert isinstance(load_plan(EXAMPLES / folder / "plan.json"), Plan)


# --------------------------------------------------------------------------- confinement


@pytest.fixture
def secret_outside(tmp_path: Path) -> Path:
    """A file beside the plan's folder, outside it, that is JSON but no delaftale."""
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({SECRET: SECRET, "focus_area": SECRET}), encoding="utf-8")
    return secret


def _absolute(plan: Path, secret: Path) -> str:
    return str(secret)


def _up(plan: Path, secret: Path) -> str:
    return "../secret.json"


def _up_and_back(plan: Path, secret: Path) -> str:
    return "./sub/../../secret.json"


def _symlink(plan: Path, secret: Path) -> str:
    (plan.parent / "innocent.json").symlink_to(secret)
    return "innocent.json"


def _symlinked_folder(plan: Path, secret: Path) -> str:
    (plan.parent / "shared").symlink_to(secret.parent, target_is_directory=True)
    return "shared/secret.json"


OUTSIDE = {
    "absolute path": (_absolute, "is an absolute path outside"),
    "../": (_up, "goes up outside"),
    "./sub/../../": (_up_and_back, "goes up outside"),
    "symlink to a file outside": (
        _symlink,
        "is, or passes through, a symbolic link that leads outside",
    ),
    "symlink to a folder outside": (
        _symlinked_folder,
        "is, or passes through, a symbolic link that leads outside",
    ),
}


@pytest.mark.parametrize("field", ["agreements", "budget"])
@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_a_name_leading_out_of_the_plans_folder_is_refused_unread(
    case: str,
    field: str,
    plan_json: Path,
    secret_outside: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make, how = OUTSIDE[case]
    name = make(plan_json, secret_outside)
    if field == "agreements":
        rewrite(plan_json, agreements=[UDD, name])
        where = "agreements[1]"
    else:
        rewrite(plan_json, budget=name)
        where = "budget"
    opened: list[str] = []
    real_open = os.open

    def spy(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    message = refused(plan_json)
    assert f"{where} names {name}, which {how} the plan's folder {plan_json.parent}" in message
    assert "copy the file into the plan's folder" in message
    assert "root" in message
    assert not any("secret" in path for path in opened), opened


def test_the_refusal_tells_nothing_about_whether_a_file_outside_exists(
    plan_json: Path, secret_outside: Path
) -> None:
    rewrite(plan_json, agreements=["../secret.json"])
    there = refused(plan_json)
    rewrite(plan_json, agreements=["../absent.json"])
    absent = refused(plan_json)
    assert there.replace("secret", "absent") == absent


def test_a_symlink_inside_the_folder_to_a_file_inside_is_followed(plan_json: Path) -> None:
    folder = plan_json.parent
    (folder / "delaftaler").mkdir()
    (folder / BESK).rename(folder / "delaftaler" / BESK)
    (folder / "besk-link.json").symlink_to(Path("delaftaler") / BESK)
    rewrite(plan_json, agreements=[UDD, "besk-link.json"])
    assert load_plan(plan_json) == load_plan(EXAMPLES / "ishoj-2025-plan" / "plan.json")


def test_root_lets_a_plan_reach_a_wider_folder_and_no_further(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLES / "ishoj-2025-plan", plans / "ishoj")
    (plans / "shared").mkdir()
    (plans / "ishoj" / BESK).rename(plans / "shared" / BESK)
    plan = rewrite(plans / "ishoj" / "plan.json", agreements=[UDD, f"../shared/{BESK}"])
    assert "outside the plan's folder" in refused(plan)
    loaded = load_plan(plan, root=plans)
    assert loaded == load_plan(EXAMPLES / "ishoj-2025-plan" / "plan.json")
    (tmp_path / "secret.json").write_text(SECRET, encoding="utf-8")
    rewrite(plan, agreements=[UDD, "../../secret.json"])
    message = refused(plan, root=plans)
    assert f"agreements[1] names ../../secret.json, which goes up outside {plans}" in message
    assert "give a root that holds it" in message
    with pytest.raises(DataError, match=r"\(root\) is not a folder"):
        load_plan(plan, root=tmp_path / "secret.json")


# --------------------------------------------------------------------------- foreign content


def _latin1(secret: str) -> bytes:
    return f'{{"focus_area": "{secret} æøå"}}'.encode("latin-1")


FOREIGN: dict[str, tuple[bytes, str]] = {
    "text, not JSON": (f"{SECRET}\n".encode(), "is not valid JSON: Expecting value at line 1"),
    "JSON with a syntax error": (
        f'{{"a": "{SECRET}" "b": 1}}'.encode(),
        "is not valid JSON: Expecting ',' delimiter at line 1, column",
    ),
    "Latin-1": (_latin1(SECRET), "is not UTF-8 text: line 1, column 32"),
    "UTF-16": ('{"focus_area": "x"}'.encode("utf-16"), "saved as UTF-16"),
    "a key twice": (
        f'{{"{SECRET}": 1, "{SECRET}": 2}}'.encode(),
        "has a key twice in one object",
    ),
    "a list": (json.dumps([SECRET]).encode(), "holds a list, not a delaftale"),
    "a text": (json.dumps(SECRET).encode(), "holds a text, not a delaftale"),
    "an object that is no delaftale": (
        json.dumps({SECRET: SECRET, "password": SECRET}).encode(),
        "is JSON, but not a delaftale: it has no focus_area",
    ),
    "a huge number under a key": (
        f'{{"{SECRET}": 1e999999999}}'.encode(),
        "is JSON, but not a delaftale: it has no focus_area",
    ),
    "a zip": (b"PK\x03\x04" + SECRET.encode(), "is a Word or zip file"),
    "nested thousands deep": (b"[" * 100_000 + SECRET.encode(), "nested too deeply"),
    "a huge exponent": (
        b'{"focus_area": "beskaeftigelse", "x": 1e99999999999999999999}',
        "exponent too large to read at line 1, column 39",
    ),
}


@pytest.mark.parametrize("case", sorted(FOREIGN))
def test_a_named_file_that_is_no_delaftale_is_named_never_quoted(
    case: str, plan_json: Path
) -> None:
    content, expected = FOREIGN[case]
    (plan_json.parent / "other.json").write_bytes(content)
    rewrite(plan_json, agreements=[UDD, "other.json"])
    message = refused(plan_json)
    assert "agreements[1] (other.json)" in message
    assert expected in message


@pytest.mark.parametrize("case", ["text, not JSON", "a key twice", "Latin-1"])
def test_a_named_budget_json_is_named_never_quoted(case: str, plan_json: Path) -> None:
    content, expected = FOREIGN[case]
    (plan_json.parent / "budget.json").write_bytes(content)
    message = refused(rewrite(plan_json, budget="budget.json"))
    assert "budget (budget.json)" in message
    assert expected in message
    (plan_json.parent / "budget.json").write_text(json.dumps({"password": SECRET}), "utf-8")
    assert "is JSON, but not a budget" in refused(plan_json)


def test_a_delaftale_with_a_mistake_is_reported_with_its_place(plan_json: Path) -> None:
    # A file that says it is a delaftale gets the usual problems with their values: they are
    # the user's own data, and the values show what to fix.
    data = json.loads((plan_json.parent / BESK).read_text(encoding="utf-8"))
    data["staffing"]["area_weight"] = "mange"
    (plan_json.parent / BESK).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as info:
        load_plan(plan_json)
    assert info.value.summary.startswith(f"{plan_json}: agreements[1] ({BESK}): ")
    assert any("$.staffing.area_weight" in p and "mange" in p for p in info.value.problems)


# --------------------------------------------------------------------------- careless input


def test_a_plan_json_in_latin_1_names_the_line_and_column_and_says_save_as_utf8(
    plan_json: Path,
) -> None:
    text = plan_json.read_text(encoding="utf-8")
    # Ishøj is on line 2 of the rewritten file: "name" comes first.
    plan_json.write_bytes(text.encode("cp1252", errors="replace"))
    message = refused(plan_json)
    first = text.splitlines()[1]  # "name": "Den boligsociale helhedsplan i Ishøj 2025-2029",
    column = first.index("ø") + 1
    assert f"is not UTF-8 text: line 2, column {column}" in message
    assert "save it as UTF-8" in message
    assert "Latin-1" in message


def _two_files_for_one_area(plan: Path) -> str:
    rewrite(plan, agreements=[UDD, BESK, BESK])
    return (
        f"agreements[1] ({BESK}) and agreements[2] ({BESK}) are both delaftaler for Beskæftigelse"
    )


def _a_file_and_an_object_for_one_area(plan: Path) -> str:
    inline = json.loads((plan.parent / UDD).read_text(encoding="utf-8"))
    rewrite(plan, agreements=[UDD, BESK, inline])
    return (
        f"agreements[0] ({UDD}) and agreements[2] are both delaftaler for Uddannelse og livschancer"
    )


def _plan_is_a_list(plan: Path) -> str:
    plan.write_text("[1, 2]", encoding="utf-8")
    return "must hold a JSON object (the plan), not a list"


def _agreements_not_a_list(plan: Path) -> str:
    rewrite(plan, agreements=BESK)
    return "agreements is a text; it must be a list"


def _agreement_a_number(plan: Path) -> str:
    rewrite(plan, agreements=[UDD, 7])
    return "agreements[1] is a number; each item of agreements is the name"


def _budget_a_list(plan: Path) -> str:
    rewrite(plan, budget=["budget.csv"])
    return "budget is a list; give the name of the budget's file"


def _budget_a_docx(plan: Path) -> str:
    (plan.parent / "budget.docx").write_bytes(b"PK\x03\x04" + SECRET.encode())
    rewrite(plan, budget="budget.docx")
    return "budget names budget.docx, a Word document; a budget is a .xlsx workbook"


def _budget_without_extension(plan: Path) -> str:
    (plan.parent / "budget").write_text(SECRET, encoding="utf-8")
    rewrite(plan, budget="budget")
    return "budget names budget, a file without an extension"


def _agreement_a_docx(plan: Path) -> str:
    (plan.parent / "besk.docx").write_bytes(b"PK\x03\x04" + SECRET.encode())
    rewrite(plan, agreements=[UDD, "besk.docx"])
    return "agreements[1] (besk.docx) is a Word document; read it first with 'delaftale read"


def _agreement_a_folder(plan: Path) -> str:
    (plan.parent / "sub.json").mkdir()
    rewrite(plan, agreements=[UDD, "sub.json"])
    return f"agreements[1] names sub.json, which is a folder in {plan.parent}"


def _budget_a_folder(plan: Path) -> str:
    (plan.parent / "sub.csv").mkdir()
    rewrite(plan, budget="sub.csv")
    return f"budget names sub.csv, which is a folder in {plan.parent}"


def _agreement_the_folder_itself(plan: Path) -> str:
    rewrite(plan, agreements=["."])
    return f"agreements[0] names ., which is a folder in {plan.parent}"


def _agreement_missing(plan: Path) -> str:
    rewrite(plan, agreements=["mangler.json"])
    return f"agreements[0] names mangler.json, which is not a file in {plan.parent}"


def _agreement_empty_name(plan: Path) -> str:
    rewrite(plan, agreements=[" "])
    return "agreements[0] is an empty name"


def _nul_byte(plan: Path) -> str:
    rewrite(plan, agreements=["besk\x00.json"])
    return "agreements[0] names besk\\x00.json, which holds a character that no file name can"


def _budget_nul_byte(plan: Path) -> str:
    rewrite(plan, budget="budget\x00.csv")
    return "budget names budget\\x00.csv, which holds a character that no file name can"


def _lone_surrogate(plan: Path) -> str:
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(f'"{BESK}"', '"besk\\ud800.json"'), "utf-8"
    )
    return "agreements[1] names besk\\ud800.json, which holds a character that no file name"


def _control_characters_are_shown_escaped(plan: Path) -> str:
    rewrite(plan, agreements=["a\nb\x1b[31m.json"])
    return "agreements[0] names a\\nb\\x1b[31m.json, which is not a file"


def _very_long_name(plan: Path) -> str:
    rewrite(plan, agreements=["a" * 300 + ".json"])
    return "agreements[0] (" + "a" * 200 + "…" + "a" * 75 + ".json) cannot be used: the name is "


def _very_long_budget_name(plan: Path) -> str:
    rewrite(plan, budget="b" * 300 + ".csv")
    return "budget (" + "b" * 200 + "…" + "b" * 76 + ".csv) cannot be used: the name is longer"


def _huge_exponent_in_the_plan(plan: Path) -> str:
    text = plan.read_text(encoding="utf-8").replace('"count": 2', '"count": 1e999999999')
    plan.write_text(text, encoding="utf-8")
    return "the number at $.positions[1].count has more than 4,300 digits"


def _huge_exponent_in_an_agreement(plan: Path) -> str:
    path = plan.parent / BESK
    data = json.loads(path.read_text(encoding="utf-8"))
    data["staffing"]["allocations"][0]["count"] = "EXPONENT"
    path.write_text(json.dumps(data).replace('"EXPONENT"', "-1E+99999999"), encoding="utf-8")
    return (
        f"agreements[1] ({BESK}): the number at $.staffing.allocations[0].count has more "
        "than 4,300 digits"
    )


def _exponent_beyond_decimal(plan: Path) -> str:
    text = plan.read_text(encoding="utf-8").replace('"count": 2', '"count": 2e99999999999999999999')
    plan.write_text(text, encoding="utf-8")
    return "holds a number with an exponent too large to read at line "


def _too_large_a_file(plan: Path) -> str:
    with (plan.parent / "big.json").open("wb") as big:
        big.truncate(17 * 2**20)  # sparse: nothing is written, and nothing must be read
    rewrite(plan, agreements=[UDD, "big.json"])
    return "agreements[1] (big.json) cannot be used: it is 17,825,792 bytes, more than"


def _a_named_pipe(plan: Path) -> str:
    os.mkfifo(plan.parent / "pipe.json")
    rewrite(plan, agreements=[UDD, "pipe.json"])
    return "agreements[1] (pipe.json) cannot be used: it is not a regular file"


def _a_named_pipe_as_budget(plan: Path) -> str:
    os.mkfifo(plan.parent / "pipe.csv")
    rewrite(plan, budget="pipe.csv")
    return "budget names pipe.csv, which is not a file in"


def _a_symlink_loop(plan: Path) -> str:
    (plan.parent / "loop.json").symlink_to("loop.json")
    rewrite(plan, agreements=["loop.json"])
    return "agreements[0] names loop.json, which cannot be followed"


CARELESS: dict[str, Callable[[Path], str]] = {
    f.__name__.strip("_"): f
    for f in [
        _two_files_for_one_area,
        _a_file_and_an_object_for_one_area,
        _plan_is_a_list,
        _agreements_not_a_list,
        _agreement_a_number,
        _budget_a_list,
        _budget_a_docx,
        _budget_without_extension,
        _agreement_a_docx,
        _agreement_a_folder,
        _budget_a_folder,
        _agreement_the_folder_itself,
        _agreement_missing,
        _agreement_empty_name,
        _nul_byte,
        _budget_nul_byte,
        _lone_surrogate,
        _control_characters_are_shown_escaped,
        _very_long_name,
        _very_long_budget_name,
        _huge_exponent_in_the_plan,
        _huge_exponent_in_an_agreement,
        _exponent_beyond_decimal,
        _too_large_a_file,
        _a_named_pipe,
        _a_named_pipe_as_budget,
        _a_symlink_loop,
    ]
}


@pytest.mark.parametrize("case", sorted(CARELESS))
def test_careless_plans_get_a_data_error_naming_file_place_and_what_to_do(
    case: str, plan_json: Path
) -> None:
    if "pipe" in case and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    expected = CARELESS[case](plan_json)
    with within(20):
        message = refused(plan_json)
    assert expected in message


def test_an_unreadable_file_says_permission_denied(
    plan_json: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    denied: set[str] = {str((plan_json.parent / BESK).resolve())}
    if os.geteuid() == 0:  # root reads anything: make the system say no instead
        real_open = os.open

        def deny(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
            if os.fspath(path) in denied:
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real_open(path, flags, mode, **kwargs)

        monkeypatch.setattr(os, "open", deny)
    else:
        (plan_json.parent / BESK).chmod(0)
    message = refused(plan_json)
    expected = f"agreements[1] ({BESK}) cannot be used: you may not read it (permission denied)"
    assert expected in message
    denied.add(str(plan_json))
    if os.geteuid() != 0:
        plan_json.chmod(0)
    assert "cannot be read as a plan: you may not read it (permission denied)" in refused(plan_json)


def test_the_command_line_answers_two_delaftaler_for_one_area_with_exit_2(
    plan_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite(plan_json, agreements=[UDD, BESK, BESK])
    code = main(["validate", str(plan_json.parent), "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "are both delaftaler for Beskæftigelse" in out + err
    assert "Traceback" not in out + err


# --------------------------------------------------------------------------- fuzz

_BASE = json.loads((EXAMPLES / "ishoj-2025-plan" / "plan.json").read_text(encoding="utf-8"))


@given(damaged_plans(_BASE, extra_names=(BESK, UDD)))
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_a_damaged_plan_folder_gives_a_plan_or_a_delaftale_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plan"
        plan_file = str(folder / "plan.json")
        shutil.copytree(EXAMPLES / "ishoj-2025-plan", folder)
        (folder / "plan.json").write_bytes(data)
        try:
            with within(30):
                result: Plan | DelaftaleError = load_plan(folder / "plan.json")
        except DelaftaleError as exc:
            result = exc
    if isinstance(result, DelaftaleError):
        event(f"refused: {type(result).__name__}")
        message = str(result)
        assert message.startswith(plan_file), message  # the answer names the file
        assert "Traceback" not in message
    else:
        event("read")
        assert isinstance(result, Plan)
        delaftale.validate(result)  # what was read can be checked
