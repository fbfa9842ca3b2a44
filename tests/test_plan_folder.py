"""Plan folders: load_plan(folder) with or without plan.json, and save_plan writing one back."""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import delaftale
from delaftale import (
    Agreement,
    Budget,
    BudgetCategory,
    BudgetLine,
    DataError,
    FocusArea,
    FundingKind,
    FundingSource,
    Plan,
    StaffPosition,
    WriteError,
    YearAmount,
)
from delaftale.files import MAX_PLAN_DOCUMENTS, load_plan, plan_from_folder, save_plan
from delaftale.followup import FollowUp, IndicatorFollowUp, Observation, Target
from delaftale.model import Unit
from fixtures import build_docx_fixtures as fx

EXAMPLE = Path(__file__).parent.parent / "examples" / "ishoj-2025-plan"
UDD = "ishoj-2025-uddannelse-og-livschancer.json"
BESK = "ishoj-2025-beskaeftigelse.json"


@pytest.fixture(scope="module")
def example_plan() -> Plan:
    return load_plan(EXAMPLE / "plan.json")


def _agreement(name: str) -> Agreement:
    return delaftale.loads((EXAMPLE / name).read_bytes(), Agreement)


def _folder(tmp_path: Path, *names: str) -> Path:
    """A folder holding copies of the example plan's files (no plan.json)."""
    folder = tmp_path / "plan"
    folder.mkdir()
    for name in names:
        shutil.copy(EXAMPLE / name, folder / name)
    return folder


# --------------------------------------------------------------------------- reading a folder


def test_a_folder_with_plan_json_is_read_as_its_plan_json(example_plan: Plan) -> None:
    assert load_plan(EXAMPLE) == example_plan
    assert delaftale.load_plan(EXAMPLE) == example_plan


def test_a_folder_of_json_delaftaler_and_budget_csv(tmp_path: Path, example_plan: Plan) -> None:
    folder = _folder(tmp_path, BESK, UDD, "budget.csv")
    plan = load_plan(folder)
    # The same delaftaler (in the focus areas' order) and the same budget as plan.json gives.
    assert plan.agreements == example_plan.agreements
    assert plan.budget == example_plan.budget
    # Only what the delaftaler say in common; the rest is empty.
    # The positions the budget pays for, with the delaftaler's plural name as an alias (the
    # staff line "2 boligsociale medarbejdere", Ishøj's seed), as plan.json gives them.
    assert plan == Plan(
        name="Den boligsociale helhedsplan i Ishøj",
        period=example_plan.period,
        positions=[
            StaffPosition(title="Boligsocial leder"),
            StaffPosition(title="Boligsocial medarbejder", aliases=["boligsociale medarbejdere"]),
        ],
        agreements=example_plan.agreements,
        budget=example_plan.budget,
    )
    assert plan_from_folder(folder) == plan
    # So the staff shares are matched to the budget's: no position is "0 %" in a delaftale.
    report = delaftale.validate(plan)
    assert not [f for f in report if f.code.startswith("budget-position")]
    assert report.ok


def test_a_folder_of_word_delaftaler(tmp_path: Path, example_plan: Plan) -> None:
    folder = _folder(tmp_path, "budget.csv")
    for name in (UDD, BESK):
        data = json.loads((EXAMPLE / name).read_text(encoding="utf-8"))
        (folder / name.replace(".json", ".docx")).write_bytes(fx.build_agreement(data, "form"))
    (folder / "~$hoj-2025-beskaeftigelse.docx").write_bytes(b"Word's lock file")
    (folder / ".hidden.docx").write_bytes(b"not read")
    plan = load_plan(folder)
    assert plan.agreements == (_agreement(UDD), _agreement(BESK))
    assert plan.budget == example_plan.budget


def test_without_budget_or_common_initiative(tmp_path: Path) -> None:
    folder = _folder(tmp_path, BESK)
    other = attrs.evolve(_agreement(UDD), initiative="Helhedsplanen i Vejleåparken", period=None)
    (folder / "udd.json").write_text(delaftale.dumps(other), encoding="utf-8")
    plan = load_plan(folder)
    assert plan.budget is None
    assert plan.name == "plan"  # the folder's name: the delaftaler name two initiatives
    assert plan.period == _agreement(BESK).period  # the one period stated
    assert [a.focus_area for a in plan.agreements] == [
        FocusArea.UDDANNELSE_OG_LIVSCHANCER,
        FocusArea.BESKAEFTIGELSE,
    ]


def test_two_delaftaler_for_one_area_are_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, BESK, UDD)
    shutil.copy(EXAMPLE / BESK, folder / "beskaeftigelse-gammel.json")
    with pytest.raises(DataError) as caught:
        load_plan(folder)
    message = str(caught.value)
    assert "beskaeftigelse-gammel.json and ishoj-2025-beskaeftigelse.json" in message
    assert "Beskæftigelse" in message
    assert "out of the folder" in message


def test_a_document_that_cannot_be_read_is_named_not_dropped(tmp_path: Path) -> None:
    folder = _folder(tmp_path, BESK, UDD)
    (folder / "noter.docx").write_bytes(b"just some text, not a Word document")
    with pytest.raises(DataError, match=r"noter\.docx cannot be read as a delaftale: .*not a"):
        load_plan(folder)
    (folder / "noter.docx").unlink()
    (folder / "udkast.json").write_text('{"focus_area": "beskaeftigelse",', encoding="utf-8")
    with pytest.raises(DataError, match=r"udkast\.json cannot be read .*line 1") as caught:
        load_plan(folder)
    assert "move it out of the folder" in str(caught.value)


def test_budget_file_choice(tmp_path: Path, example_plan: Plan) -> None:
    folder = _folder(tmp_path, BESK)
    csv_bytes = (EXAMPLE / "budget.csv").read_bytes()
    # The only spreadsheet in the folder is the budget, whatever its name.
    (folder / "penge 2026-29.csv").write_bytes(csv_bytes)
    assert load_plan(folder).budget == example_plan.budget
    # Two spreadsheets: which one is the budget cannot be told.
    (folder / "gammel.csv").write_bytes(csv_bytes)
    with pytest.raises(DataError) as caught:
        load_plan(folder)
    message = str(caught.value)
    assert "gammel.csv and penge 2026-29.csv could each be the plan's budget" in message
    assert "budget.xlsx" in message
    # A name beginning with "budget" wins over the other spreadsheets …
    (folder / "budget-2026.csv").write_bytes(csv_bytes)
    assert load_plan(folder).budget == example_plan.budget
    # … but two such names are refused, naming both …
    (folder / "Budget-udkast.csv").write_bytes(b"not read")
    with pytest.raises(DataError, match=r"budget-2026\.csv and Budget-udkast\.csv could each"):
        load_plan(folder)
    # … unless one is named budget itself.
    (folder / "budget.csv").write_bytes(csv_bytes)
    assert load_plan(folder).budget == example_plan.budget
    (folder / "budget.json").write_text(delaftale.dumps(example_plan.budget), encoding="utf-8")
    with pytest.raises(DataError, match=r"budget\.csv and budget\.json could each"):
        load_plan(folder)


def test_a_bad_budget_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, BESK)
    (folder / "budget.csv").write_text("Kategori;Beskrivelse\nLøn;x\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"budget \(budget\.csv\)"):
        load_plan(folder)


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "budget.csv")
    with pytest.raises(DataError, match=r"neither plan\.json nor a delaftale"):
        load_plan(folder)


def test_a_folder_of_too_many_documents_is_refused_before_reading(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    for n in range(MAX_PLAN_DOCUMENTS + 1):
        (folder / f"{n:02}.json").write_bytes(b"")  # never read
    with pytest.raises(DataError, match=f"{MAX_PLAN_DOCUMENTS + 1} documents, more than"):
        load_plan(folder)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symbolic_links_out_of_the_folder_are_refused(tmp_path: Path) -> None:
    outside = _folder(tmp_path, BESK, "budget.csv", "plan.json")
    folder = tmp_path / "linked"
    folder.mkdir()
    shutil.copy(EXAMPLE / UDD, folder / UDD)
    # A delaftale linked from outside.
    (folder / "besk.json").symlink_to(outside / BESK)
    with pytest.raises(DataError, match=r"besk\.json is a symbolic link.*outside"):
        load_plan(folder)
    (folder / "besk.json").unlink()
    # A budget linked from outside.
    (folder / "budget.csv").symlink_to(outside / "budget.csv")
    with pytest.raises(DataError, match=r"budget\.csv is a symbolic link that leads outside"):
        load_plan(folder)
    (folder / "budget.csv").unlink()
    # A plan.json linked from outside: its names would be read outside the folder.
    (folder / "plan.json").symlink_to(outside / "plan.json")
    with pytest.raises(DataError, match=r"plan\.json is a symbolic link that leads outside"):
        load_plan(folder)
    (folder / "plan.json").unlink()
    # A link that stays inside is fine.
    (folder / "budget.csv").write_bytes((EXAMPLE / "budget.csv").read_bytes())
    (folder / "budget-link.csv").symlink_to(folder / "budget.csv")
    assert load_plan(folder).budget is not None


# --------------------------------------------------------------------------- save_plan


def test_save_and_load_round_trip_the_example(tmp_path: Path, example_plan: Plan) -> None:
    written = save_plan(example_plan, tmp_path / "ud" / "ishoj")  # folders made
    assert written == tmp_path / "ud" / "ishoj" / "plan.json"
    assert load_plan(written) == example_plan
    assert load_plan(written.parent) == example_plan
    assert sorted(p.name for p in written.parent.iterdir()) == [
        "beskaeftigelse.json",
        "budget.csv",
        "plan.json",
        "uddannelse-og-livschancer.json",
    ]
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["agreements"] == ["uddannelse-og-livschancer.json", "beskaeftigelse.json"]
    assert data["budget"] == "budget.csv"
    assert data["name"] == "Den boligsociale helhedsplan i Ishøj 2025-2029"


def test_the_budget_csv_is_danish_excel(tmp_path: Path, example_plan: Plan) -> None:
    data = (save_plan(example_plan, tmp_path).parent / "budget.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").split("\r\n")
    # Expected rows written out by hand from examples/ishoj-2025-plan/budget.csv.
    assert lines[0] == "Kategori;Beskrivelse;Indsatsområde;Stilling;Kilde;2026;2027;2028;2029"
    assert lines[1] == (
        "Løn;Løn, boligsocial leder;Uddannelse og livschancer;Boligsocial leder;;"
        "150000;150000;150000;150000"
    )
    assert (
        lines[13]
        == "Administration;Administration og sekretariat;Fælles;;;150000;150000;150000;150000"
    )
    assert lines[15] == "Finansiering;Landsbyggefonden;;;LBF;1950000;1950000;1950000;1950000"
    assert (
        lines[17]
        == "Finansiering;Boligforeningen AAB;;;Boligorganisation;200000;200000;200000;200000"
    )
    assert lines[18:] == [""]


BUDGET_WITH_ORE = (
    "\ufeffKategori;Beskrivelse;Indsatsområde;Stilling;Kilde;2026;2027\r\n"
    "Løn;Løn, boligsocial leder;Beskæftigelse;Boligsocial leder;;1.234.567,50;150.000\r\n"
    "Aktiviteter;Fritidsjob;Beskæftigelse;;;12.345,05;\r\n"
    "Evaluering;Evaluering;Fælles;;;;0,5\r\n"
    "Andet;Tilbagebetaling;Fælles;;;-1.000,25;\r\n"
    "Finansiering;Landsbyggefonden;;;LBF;900.000;100.000\r\n"
    "Finansiering;;;;Fond;1,01;2\r\n"
)


def test_a_budget_read_from_csv_round_trips_to_the_ore(tmp_path: Path) -> None:
    source = tmp_path / "kilde.csv"
    source.write_text(BUDGET_WITH_ORE, encoding="utf-8", newline="")
    budget = delaftale.read_budget(source)
    assert budget.lines[0].amounts[0].amount == Decimal("1234567.50")
    plan = Plan(name="Plan med øre", agreements=[_agreement(BESK)], budget=budget)
    written = save_plan(plan, tmp_path / "ud")
    back = load_plan(written)
    assert back == plan
    assert back.budget is not None
    assert [str(a.amount) for a in back.budget.lines[0].amounts] == ["1234567.50", "150000"]
    text = (written.parent / "budget.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeffKategori;")
    rows = text[1:].split("\r\n")
    assert (
        rows[1] == "Løn;Løn, boligsocial leder;Beskæftigelse;Boligsocial leder;;1234567,50;150000"
    )
    assert rows[2] == "Aktiviteter;Fritidsjob;Beskæftigelse;;;12345,05;"
    assert rows[3] == "Evaluering;Evaluering;Fælles;;;;0,5"
    assert rows[4] == "Andet;Tilbagebetaling;Fælles;;;-1000,25;"
    assert rows[6] == "Finansiering;;;;Fond;1,01;2"


def test_a_budget_a_spreadsheet_cannot_hold_is_saved_as_json(tmp_path: Path) -> None:
    lines = (
        BudgetLine(
            category=BudgetCategory.OTHER,
            description="- to  spaces, and a formula-like start",
            amounts=[
                YearAmount(year=2027, amount=Decimal("1.125")),
                YearAmount(year=2026, amount=Decimal(1)),
            ],
        ),
    )
    funding = (
        FundingSource(kind=FundingKind.LBF, amounts=[YearAmount(year=2026, amount=Decimal(2))]),
    )
    for budget in (Budget(lines=lines, funding=funding), Budget()):
        plan = Plan(name="Plan", budget=budget)
        folder = tmp_path / f"ud{len(budget.lines)}"
        written = save_plan(plan, folder)
        assert json.loads(written.read_text(encoding="utf-8"))["budget"] == "budget.json"
        assert not (folder / "budget.csv").exists()
        assert load_plan(written) == plan
        assert load_plan(folder) == plan


def test_a_plan_without_agreements_or_budget(tmp_path: Path) -> None:
    plan = Plan(name="Tom plan")
    written = save_plan(plan, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
    assert load_plan(written) == plan


def test_save_plan_replaces_files_only_when_told(tmp_path: Path, example_plan: Plan) -> None:
    folder = tmp_path / "plan"
    save_plan(example_plan, folder)
    (folder / "noter.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(WriteError) as caught:
        save_plan(example_plan, folder)
    message = str(caught.value)
    assert "already holds" in message
    assert "plan.json" in message
    assert "overwrite=True" in message
    smaller = attrs.evolve(example_plan, agreements=example_plan.agreements[1:], budget=None)
    assert load_plan(save_plan(smaller, folder, overwrite=True)) == smaller
    assert (folder / "noter.txt").read_text(encoding="utf-8") == "mine"
    # A file of the same name that is not from save_plan is refused too.
    other = tmp_path / "other"
    other.mkdir()
    (other / "budget.csv").write_text("someone's budget", encoding="utf-8")
    with pytest.raises(WriteError, match=r"already holds budget\.csv"):
        save_plan(example_plan, other)
    assert not (other / "plan.json").exists()


def test_save_plan_never_writes_through_a_link_or_into_a_file(
    tmp_path: Path, example_plan: Plan
) -> None:
    folder = tmp_path / "plan"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    if hasattr(os, "symlink"):
        (folder / "budget.csv").symlink_to(victim)
        with pytest.raises(WriteError, match="symbolic link"):
            save_plan(example_plan, folder, overwrite=True)
        assert victim.read_text(encoding="utf-8") == "keep"
        assert not (folder / "plan.json").exists()
    with pytest.raises(WriteError, match="is a file, not a folder"):
        save_plan(example_plan, victim)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "plan.json").mkdir()
    with pytest.raises(WriteError, match="not a file"):
        save_plan(example_plan, tmp_path / "other", overwrite=True)


# --------------------------------------------------------------------------- the follow-up

SHEET = (
    "\ufeffIndsatsområde;Delmål nr.;Indikator nr.;År;Værdi;Antal;Datakilde;Note\r\n"
    "Beskæftigelse;3;1;2026;82,5 %;;LBF - Beboerdata;\r\n"
    "Uddannelse og livschancer;3;1;2026;;14;Lokal registrering;\r\n"
)
SHEET_FOLLOWUP = FollowUp(
    indicators=[
        IndicatorFollowUp(
            focus_area=FocusArea.BESKAEFTIGELSE,
            indicator="3.1",
            observations=(
                Observation(
                    year=2026,
                    value=Decimal("82.5"),
                    unit=Unit.PERCENT,
                    data_source="LBF - Beboerdata",
                ),
            ),
        ),
        IndicatorFollowUp(
            focus_area=FocusArea.UDDANNELSE_OG_LIVSCHANCER,
            indicator="3.1",
            observations=(Observation(year=2026, count=14, data_source="Lokal registrering"),),
        ),
    ]
)


def _plan_folder(tmp_path: Path, **changes: object) -> Path:
    """A folder with the example's plan.json (changed so), its delaftaler and budget.

    The example's own follow-up is left out: each test says what plan.json gives.
    """
    tmp_path.mkdir(parents=True, exist_ok=True)
    folder = _folder(tmp_path, BESK, UDD, "budget.csv")
    data = json.loads((EXAMPLE / "plan.json").read_text("utf-8"))
    data.pop("followup", None)
    data.update(changes)
    (folder / "plan.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder


def test_a_folder_follow_up_sheet_is_read_and_is_no_budget(
    tmp_path: Path, example_plan: Plan
) -> None:
    folder = _folder(tmp_path, BESK, UDD)
    (folder / "penge 2026-29.csv").write_bytes((EXAMPLE / "budget.csv").read_bytes())
    (folder / "OPFØLGNING.csv").write_text(SHEET, "utf-8")
    plan = load_plan(folder)
    # The follow-up sheet is not a second candidate for the budget, nor a delaftale.
    assert plan.budget == example_plan.budget
    assert plan.followup == SHEET_FOLLOWUP
    assert plan_from_folder(folder) == plan
    # A follow-up's JSON in the folder is a follow-up too, not a delaftale.
    (folder / "OPFØLGNING.csv").unlink()
    (folder / "followup.json").write_text(delaftale.dumps(SHEET_FOLLOWUP), "utf-8")
    assert load_plan(folder).followup == SHEET_FOLLOWUP
    # Without one, no follow-up.
    (folder / "followup.json").unlink()
    assert load_plan(folder).followup is None


def test_two_follow_up_sheets_are_refused_naming_both(tmp_path: Path) -> None:
    folder = _folder(tmp_path, BESK)
    (folder / "opfoelgning.csv").write_text(SHEET, "utf-8")
    (folder / "Followup.xlsx").write_bytes(b"never read")
    with pytest.raises(DataError) as caught:
        load_plan(folder)
    assert str(caught.value) == (
        f"{folder}: Followup.xlsx and opfoelgning.csv could each be the plan's follow-up sheet, "
        "so which one counts cannot be told. Keep one of them in the folder (move the others "
        'out), or name the one to use in plan.json ("followup": "opfoelgning.csv").'
    )
    # plan.json naming one settles it.
    folder = _plan_folder(tmp_path / "named", followup="opfoelgning.csv")
    (folder / "opfoelgning.csv").write_text(SHEET, "utf-8")
    (folder / "Followup.xlsx").write_bytes(b"never read")
    assert load_plan(folder).followup == SHEET_FOLLOWUP


def test_a_follow_up_sheet_whose_name_begins_so(tmp_path: Path, example_plan: Plan) -> None:
    def fresh(name: str, *files: str) -> Path:
        (tmp_path / name).mkdir()
        return _folder(tmp_path / name, *files)

    # As the budget may be budget-2026.xlsx: the sheet's name with a year or a word added.
    for n, name in enumerate(("opfølgning 2026.csv", "Opfoelgning-2026.csv", "followup_2026.csv")):
        folder = fresh(str(n), BESK, UDD)
        (folder / "penge 2026-29.csv").write_bytes((EXAMPLE / "budget.csv").read_bytes())
        (folder / name).write_text(SHEET, "utf-8")
        plan = load_plan(folder)
        # Neither a second candidate for the budget nor a delaftale.
        assert plan.budget == example_plan.budget, name
        assert plan.followup == SHEET_FOLLOWUP, name
    # A follow-up's JSON so named is a follow-up too, not a delaftale.
    folder = fresh("json", BESK, UDD)
    (folder / "followup-2026.json").write_text(delaftale.dumps(SHEET_FOLLOWUP), "utf-8")
    assert load_plan(folder).followup == SHEET_FOLLOWUP
    # The file named opfoelgning itself is taken before one whose name only begins so.
    folder = fresh("both", BESK)
    (folder / "opfoelgning.csv").write_text(SHEET, "utf-8")
    (folder / "opfoelgning-2025.csv").write_text("never read", "utf-8")
    assert load_plan(folder).followup == SHEET_FOLLOWUP
    # Two whose names begin so are refused, naming both.
    folder = fresh("two", BESK)
    (folder / "opfølgning 2026.csv").write_text(SHEET, "utf-8")
    (folder / "opfølgning 2025.xlsx").write_bytes(b"never read")
    with pytest.raises(DataError) as caught:
        load_plan(folder)
    assert str(caught.value) == (
        f"{folder}: opfølgning 2025.xlsx and opfølgning 2026.csv could each be the plan's "
        "follow-up sheet, so which one counts cannot be told. Keep one of them in the folder "
        '(move the others out), or name the one to use in plan.json ("followup": '
        '"opfoelgning.csv"). A file named opfoelgning.csv (or .xlsx) is taken before those '
        "whose names begin with opfoelgning, opfølgning or followup."
    )


def test_a_follow_up_sheet_under_another_name_is_not_taken_for_the_budget(
    tmp_path: Path,
) -> None:
    # The folder's only spreadsheet would be the budget; its header says it is a follow-up.
    folder = _folder(tmp_path, BESK, UDD)
    (folder / "tal 2026.csv").write_text(SHEET, "utf-8")
    with pytest.raises(DataError) as caught:
        load_plan(folder)
    assert str(caught.value) == (
        f"{folder}: tal 2026.csv is the folder's only spreadsheet, so it would be taken for the "
        "plan's budget, but its header is a follow-up sheet's (År and Værdi or Antal, no "
        "Kategori). If it is the follow-up sheet, name it opfoelgning.csv; if it is the "
        "budget, give it the budget's columns (Kategori, Beskrivelse, Indsatsområde and a "
        "column per year) and name it budget.csv."
    )
    # So named, it is the follow-up, and the plan has no budget.
    (folder / "tal 2026.csv").rename(folder / "opfoelgning.csv")
    plan = load_plan(folder)
    assert (plan.budget, plan.followup) == (None, SHEET_FOLLOWUP)
    # A budget's header, or a file named budget…, is read as a budget as before.
    (folder / "penge.csv").write_bytes((EXAMPLE / "budget.csv").read_bytes())
    assert load_plan(folder).budget is not None
    (folder / "penge.csv").unlink()
    (folder / "budget-2026.csv").write_text(SHEET, "utf-8")
    with pytest.raises(DataError, match=r"budget \(budget-2026\.csv\): The budget in"):
        load_plan(folder)


def test_a_bad_follow_up_sheet_is_named_with_its_problems(tmp_path: Path) -> None:
    folder = _folder(tmp_path, BESK)
    (folder / "opfoelgning.csv").write_text(SHEET.replace("82,5 %", "82,5 kr"), "utf-8")
    with pytest.raises(DataError) as caught:
        load_plan(folder)
    assert caught.value.summary == (
        f"{folder}: followup (opfoelgning.csv): The follow-up sheet in 'opfoelgning.csv' "
        "cannot be read: 1 problem (opfølgningsarket har 1 fejl)"
    )
    assert caught.value.problems == (
        "file 'opfoelgning.csv', row 2, column 'Værdi': '82,5 kr' is not a figure; write it "
        "like 61,21 % for a share, or like 12 or 1.234,5",
    )


def test_plan_json_names_the_follow_up_inside_its_folder(tmp_path: Path) -> None:
    folder = _plan_folder(tmp_path, followup="tal/opfølgning 2026.csv")
    (folder / "tal").mkdir()
    (folder / "tal" / "opfølgning 2026.csv").write_text(SHEET, "utf-8")
    (folder / "opfoelgning.csv").write_text("not read: plan.json names the sheet", "utf-8")
    assert load_plan(folder).followup == SHEET_FOLLOWUP
    (tmp_path / "elsewhere.csv").write_text(SHEET, "utf-8")
    for name, how in (
        ("../elsewhere.csv", "goes up"),
        (str(tmp_path / "x.csv"), "is an absolute path"),
    ):
        folder = _plan_folder(tmp_path / how.replace(" ", "-"), followup=name)
        with pytest.raises(DataError) as caught:
            load_plan(folder)
        assert str(caught.value).startswith(
            f"{folder / 'plan.json'}: followup names {name}, which {how} outside the plan's "
            f"folder {folder}."
        )
    folder = _plan_folder(tmp_path / "txt", followup="tal.txt")
    with pytest.raises(DataError) as caught:
        load_plan(folder)
    assert str(caught.value) == (
        f"{folder / 'plan.json'}: followup names tal.txt, a .txt file; a follow-up is a .xlsx "
        "workbook, a .csv file or a .json file. Save the follow-up sheet from Excel as .xlsx "
        "(or as CSV UTF-8) and name that file."
    )
    folder = _plan_folder(tmp_path / "number", followup=7)
    with pytest.raises(DataError, match=r"followup is a number; give the name of the follow-up"):
        load_plan(folder)


def test_plan_json_follow_up_object_with_a_sheet_merged_into_it(tmp_path: Path) -> None:
    def given(observation: dict[str, object]) -> dict[str, object]:
        entry = {
            "focus_area": "beskaeftigelse",
            "indicator": "3.1",
            "target": {"value": "85", "unit": "percent", "year": 2029},
            "observations": [observation],
        }
        return {"indicators": [entry], "sheet": "opfoelgning.csv"}

    folder = _plan_folder(
        tmp_path, followup=given({"year": 2025, "value": "82.3", "unit": "percent"})
    )
    (folder / "opfoelgning.csv").write_text(SHEET, "utf-8")
    followup = load_plan(folder).followup
    assert followup is not None
    besk, udd = followup.indicators
    assert besk == IndicatorFollowUp(
        focus_area=FocusArea.BESKAEFTIGELSE,
        indicator="3.1",
        target=Target(value=Decimal(85), unit=Unit.PERCENT, year=2029),
        observations=(
            Observation(year=2025, value=Decimal("82.3"), unit=Unit.PERCENT),
            *SHEET_FOLLOWUP.indicators[0].observations,
        ),
    )
    assert udd == SHEET_FOLLOWUP.indicators[1]
    # A year in both is refused, naming area, indicator and year.
    folder = _plan_folder(tmp_path / "both", followup=given({"year": 2026, "value": "80"}))
    (folder / "opfoelgning.csv").write_text(SHEET, "utf-8")
    with pytest.raises(DataError) as caught:
        load_plan(folder)
    assert caught.value.summary == (
        f"{folder / 'plan.json'}: followup: The follow-up sheet cannot be merged into the "
        "plan's follow-up: 1 problem"
    )
    assert caught.value.problems == (
        "indicator 3.1 of Beskæftigelse: 2026 has a figure both in the plan's follow-up and in "
        "the sheet; keep one figure per year (delete it from one of them)",
    )
    # Without a sheet the object is the follow-up; a sheet in the folder then would be left
    # unread, so the plan is refused, saying how to name it.
    folder = _plan_folder(tmp_path / "object", followup={"indicators": []})
    assert load_plan(folder).followup == FollowUp()
    (folder / "opfoelgning.csv").write_text("not read", "utf-8")
    with pytest.raises(DataError, match="which would not be read"):
        load_plan(folder)


def test_a_follow_up_sheet_given_explicitly(tmp_path: Path) -> None:
    mine = tmp_path / "mine" / "tal.csv"  # anywhere: the caller chose it
    mine.parent.mkdir()
    mine.write_text(SHEET, "utf-8")
    # It replaces the folder's sheet, with or without plan.json …
    folder = _folder(tmp_path, BESK)
    (folder / "opfoelgning.csv").write_text("not read", "utf-8")
    assert load_plan(folder, followup=mine).followup == SHEET_FOLLOWUP
    folder = _plan_folder(tmp_path / "json")
    (folder / "opfoelgning.csv").write_text("not read", "utf-8")
    assert load_plan(folder, followup=str(mine)).followup == SHEET_FOLLOWUP
    # … and the sheet plan.json names; it is added to a follow-up object.
    folder = _plan_folder(tmp_path / "named", followup="missing.csv")
    assert load_plan(folder / "plan.json", followup=mine).followup == SHEET_FOLLOWUP
    target = {"value": "85"}
    given = {"indicators": [{"focus_area": "beskaeftigelse", "indicator": "3.1", "target": target}]}
    folder = _plan_folder(tmp_path / "object", followup={**given, "sheet": "missing.csv"})
    followup = load_plan(folder, followup=mine).followup
    assert followup is not None
    assert followup.indicators[0].target == Target(value=Decimal(85))
    assert followup.indicators[0].observations == SHEET_FOLLOWUP.indicators[0].observations
    # Its own problems are the reader's.
    with pytest.raises(DataError, match=r"no such file; check the path of the follow-up sheet"):
        load_plan(folder, followup=tmp_path / "nowhere.csv")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_follow_up_sheet_linked_from_outside_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.csv").write_text(SHEET, "utf-8")
    folder = _folder(tmp_path, BESK)
    (folder / "opfoelgning.csv").symlink_to(tmp_path / "outside.csv")
    with pytest.raises(DataError, match=r"opfoelgning\.csv is a symbolic link that leads outside"):
        load_plan(folder)


def test_a_sheet_beside_a_saved_follow_up_is_not_left_unread(tmp_path: Path) -> None:
    # save_plan writes the follow-up into plan.json; a sheet dropped into the folder later
    # must not be ignored without a word.
    import delaftale

    plan = delaftale.load_plan(Path(__file__).parent.parent / "examples" / "ishoj-2025-plan")
    saved = delaftale.save_plan(plan, tmp_path / "plan")
    assert delaftale.load_plan(saved.parent) == plan
    (saved.parent / "opfoelgning.csv").write_text(
        "Indsatsområde;Delmål nr.;Indikator nr.;År;Værdi\nBeskæftigelse;3;1;2027;79 %\n",
        "utf-8",
    )
    with pytest.raises(delaftale.DataError, match="which would not be read") as refused:
        delaftale.load_plan(saved.parent)
    assert '"sheet": "opfoelgning.csv"' in str(refused.value)
