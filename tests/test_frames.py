"""pandas views and budget reading (delaftale.frames): real values from the seed examples."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given

from delaftale import (
    Agreement,
    DataError,
    Finding,
    FocusArea,
    Severity,
    StaffAllocation,
    Staffing,
    loads,
    validate,
)
from delaftale.danish import format_decimal
from delaftale.frames import (
    activities_frame,
    budget_frame,
    indicators_frame,
    report_frame,
    staff_frame,
    staff_pivot,
)
from delaftale.plan import (
    ActivityStatus,
    Budget,
    BudgetCategory,
    BudgetLine,
    FundingKind,
    FundingSource,
    Plan,
    PlanActivity,
    StaffPosition,
    YearAmount,
)
from delaftale.spreadsheets import budget_from_frame, read_budget
from strategies import agreements, decimals

EXAMPLES = Path(__file__).parent.parent / "examples"
D = Decimal


def load(stem: str) -> Agreement:
    return loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"), Agreement)


@pytest.fixture(scope="module")
def uddannelse() -> Agreement:
    return load("ishoj-2025-uddannelse-og-livschancer")


@pytest.fixture(scope="module")
def beskaeftigelse() -> Agreement:
    return load("ishoj-2025-beskaeftigelse")


@pytest.fixture(scope="module")
def soenderborg() -> Agreement:
    return load("soenderborg-2021-uddannelse-og-livschancer")


@pytest.fixture(scope="module")
def ishoj(uddannelse: Agreement, beskaeftigelse: Agreement) -> list[Agreement]:
    return [uddannelse, beskaeftigelse]


# --------------------------------------------------------------------------- import


def test_import_delaftale_does_not_import_pandas() -> None:
    assert (Path(__file__).parent.parent / "src" / "delaftale" / "frames.py").is_file()
    code = "import sys, delaftale; print('pandas' in sys.modules, 'openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    code = "import sys, delaftale.frames; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


# --------------------------------------------------------------------------- indicators


def test_indicators_of_ishoj_uddannelse(uddannelse: Agreement) -> None:
    df = indicators_frame([uddannelse])
    assert len(df) == 3
    first = df.iloc[0]
    assert first["focus_area"] == "uddannelse_og_livschancer"
    assert first["area_title"] == "Uddannelse og livschancer"
    assert first["sub_goal"] == "Flere unge gennemfører en uddannelse højere end grundskolen"
    assert first["baseline_value"] == D("61.21")
    assert type(first["baseline_value"]) is Decimal
    assert first["baseline_unit"] == "percent"
    assert first["baseline_text"].startswith("61,21 % af de 18-29-årige")
    assert first["comparison_value"] == D("68.45")
    assert type(first["comparison_value"]) is Decimal
    assert first["comparison_unit"] == "percent"
    assert first["baseline_year"] == 2023
    assert first["baseline_year_text"] == "2023"
    assert first["data_source"] == "LBF - Boligsociale Data"
    assert not first["baseline_pending"]
    assert pd.isna(first["baseline_count"])
    # The third is still to be measured.
    third = df.iloc[2]
    assert third["baseline_pending"]
    assert third["baseline_value"] is None
    assert third["comparison_text"] is None
    assert third["comparison_value"] is None
    assert third["baseline_year"] == 2026


def test_indicator_columns_are_exact_and_typed(
    ishoj: list[Agreement], soenderborg: Agreement
) -> None:
    df = indicators_frame([*ishoj, soenderborg])
    assert len(df) == 3 + 4 + 4
    assert list(df.columns) == [
        "focus_area",
        "area_title",
        "sub_goal",
        "indicator",
        "baseline_text",
        "baseline_value",
        "baseline_unit",
        "baseline_count",
        "baseline_pending",
        "comparison_text",
        "comparison_value",
        "comparison_unit",
        "comparison_count",
        "baseline_year",
        "baseline_year_text",
        "data_source",
    ]
    assert df["baseline_value"].dtype == object
    assert df["comparison_value"].dtype == object
    assert str(df["baseline_count"].dtype) == "Int64"
    assert str(df["baseline_year"].dtype) == "Int64"
    assert df["baseline_pending"].dtype == bool
    assert all(v is None or type(v) is Decimal for v in df["baseline_value"])
    sb = df[df["data_source"] == "Data fra Børn, uddannelse og sundhed"].iloc[0]
    assert (sb["baseline_value"], sb["baseline_count"]) == (D("4.6"), 50)
    assert (sb["comparison_value"], sb["comparison_count"]) == (D("1.9"), 132)
    assert sb["baseline_year_text"] == "Skoleåret 2019/2020"
    assert sb["baseline_year"] == 2019
    # 81,40 % keeps its trailing zero.
    assert [str(v) for v in df["baseline_value"] if v is not None][:1] == ["61.21"]
    assert "81.40" in [str(v) for v in df["baseline_value"] if v is not None]


def test_indicator_without_figures() -> None:
    from delaftale import Indicator, SubGoal

    agreement = Agreement(
        focus_area=FocusArea.BESKAEFTIGELSE,
        sub_goals=[SubGoal(title="Flere i job", indicators=[Indicator(description="Andel")])],
    )
    row = indicators_frame([agreement]).iloc[0]
    assert row["baseline_text"] is None
    assert row["baseline_unit"] is None
    assert not row["baseline_pending"]
    assert pd.isna(row["baseline_year"])


def test_empty_frames_keep_their_columns_and_dtypes() -> None:
    df = indicators_frame([])
    assert df.empty
    assert len(df.columns) == 16
    assert df["baseline_value"].dtype == object
    assert str(df["baseline_year"].dtype) == "Int64"
    assert staff_frame([]).columns.tolist()[:3] == ["focus_area", "position", "count"]
    assert budget_frame(Budget())["year"].dtype == "int64"
    assert report_frame([]).empty
    pivot = staff_pivot([])
    assert pivot.empty
    assert list(pivot.columns) == ["total"]


# --------------------------------------------------------------------------- staff


def test_staff_frame(ishoj: list[Agreement], soenderborg: Agreement) -> None:
    df = staff_frame([*ishoj, soenderborg])
    assert len(df) == 7
    leader = df.iloc[0]
    assert leader["focus_area"] == "uddannelse_og_livschancer"
    assert leader["position"] == "Boligsocial leder"
    assert leader["count"] == 1
    assert leader["weekly_hours"] == D("37")
    assert leader["share"] == D("25")
    assert leader["hours_in_area"] == D("9.25")
    assert type(leader["hours_in_area"]) is Decimal
    assert leader["text"] == "Boligsocial leder (ansat på 37 timer): 25 % af stillingen"
    assert leader["other_areas"] is None
    staff = df.iloc[1]
    assert (staff["count"], staff["share"], staff["hours_in_area"]) == (2, D("15"), D("10.5"))
    coordinators = df.iloc[4]
    assert coordinators["position"] == "skole-hjem koordinatorer"
    assert coordinators["weekly_hours"] is None
    assert coordinators["hours_in_area"] is None
    assert coordinators["other_areas"] == (
        "40 % brobygning til fritidslivet (Kriminalitetsforebyggelse)"
    )
    assert df["count"].dtype == "int64"
    assert df["share"].dtype == object


def test_staff_other_areas_without_description_or_area() -> None:
    from delaftale import OtherAreaShare

    line = StaffAllocation(
        title="Projektleder",
        share=D("50"),
        other_areas=[
            OtherAreaShare(share=D("30")),
            OtherAreaShare(share=D("20"), description="fritidsjob"),
        ],
    )
    agreement = Agreement(
        focus_area=FocusArea.BESKAEFTIGELSE, staffing=Staffing(allocations=[line])
    )
    assert staff_frame([agreement]).iloc[0]["other_areas"] == "30 %; 20 % fritidsjob"


def test_staff_pivot_maps_positions(ishoj: list[Agreement]) -> None:
    pivot = staff_pivot(ishoj, positions=[StaffPosition(title="Boligsocial leder")])
    assert list(pivot.columns) == ["uddannelse_og_livschancer", "beskaeftigelse", "total"]
    assert pivot.index.name == "position"
    assert pivot.loc["Boligsocial leder", "uddannelse_og_livschancer"] == D("25")
    assert pivot.loc["Boligsocial leder", "beskaeftigelse"] == D("25")
    assert pivot.loc["Boligsocial leder", "total"] == D("50")
    assert type(pivot.loc["Boligsocial leder", "total"]) is Decimal
    # A line no position names is a row of its own title.
    assert pivot.loc["boligsociale medarbejdere", "total"] == D("55")
    assert list(pivot.index) == ["Boligsocial leder", "boligsociale medarbejdere"]


def test_staff_pivot_aliases_case_and_unused_positions(ishoj: list[Agreement]) -> None:
    positions = [
        StaffPosition(title="Projektleder"),
        StaffPosition(title="Boligsocial medarbejder", aliases=["Boligsociale   MEDARBEJDERE"]),
        StaffPosition(title="boligsocial LEDER"),
    ]
    pivot = staff_pivot(ishoj, positions=positions)
    assert list(pivot.index) == ["Projektleder", "Boligsocial medarbejder", "boligsocial LEDER"]
    assert pivot.loc["Projektleder"].tolist() == [D(0), D(0), D(0)]
    assert pivot.loc["Boligsocial medarbejder"].tolist() == [D("15"), D("40"), D("55")]
    assert pivot.loc["boligsocial LEDER", "total"] == D("50")


def test_staff_pivot_from_a_plan_uses_its_positions(ishoj: list[Agreement]) -> None:
    plan = Plan(
        name="Den boligsociale helhedsplan i Ishøj",
        agreements=ishoj,
        positions=[
            StaffPosition(title="Boligsocial medarbejder", aliases=["boligsociale medarbejdere"])
        ],
    )
    pivot = staff_pivot(plan)
    assert list(pivot.index) == ["Boligsocial medarbejder", "Boligsocial leder"]
    assert pivot.loc["Boligsocial medarbejder", "beskaeftigelse"] == D("40")


def test_staff_pivot_without_positions_and_with_untitled_lines(soenderborg: Agreement) -> None:
    untitled = StaffAllocation(text="En halv stilling", share=D("50"))
    hours_only = StaffAllocation(title="Projektleder", area_hours=D("10"))
    extra = Agreement(
        focus_area=FocusArea.KRIMINALITETSFOREBYGGELSE,
        staffing=Staffing(allocations=[untitled, hours_only]),
    )
    pivot = staff_pivot([soenderborg, extra])
    assert list(pivot.columns) == [
        "uddannelse_og_livschancer",
        "kriminalitetsforebyggelse",
        "total",
    ]
    # Other-area shares (40 % brobygning) are not counted; hours-only lines count 0.
    assert pivot.loc["skole-hjem koordinatorer"].tolist() == [D("60"), D(0), D("60")]
    assert pivot.loc["Projektleder"].tolist() == [D("37"), D(0), D("37")]
    assert pivot.loc["En halv stilling", "kriminalitetsforebyggelse"] == D("50")


# --------------------------------------------------------------------------- activities


def test_activities_frame_from_agreements(soenderborg: Agreement) -> None:
    df = activities_frame([soenderborg])
    assert df["name"].tolist() == list(soenderborg.activity_names)
    assert df["has_schema"].tolist() == [True, True, False]
    assert df.iloc[1]["schema_name"] == "Socialfaglig mentorindsats"
    assert df.iloc[2]["schema_name"] is None
    assert df["status"].tolist() == [None, None, None]
    assert df["has_schema"].dtype == bool


def test_activities_frame_from_a_plan(ishoj: list[Agreement]) -> None:
    plan = Plan(
        name="Ishøj",
        agreements=ishoj,
        activities=[
            PlanActivity(
                focus_area=FocusArea.BESKAEFTIGELSE,
                name="Fritidsjobforløb (tidligere kaldt lommepengejobs)",
                status=ActivityStatus.CONTINUED,
            ),
            PlanActivity(
                focus_area=FocusArea.BESKAEFTIGELSE,
                name="Social- og økonomisk rådgivning",
                status=ActivityStatus.NEW,
            ),
            # Same name, other area: must not match.
            PlanActivity(
                focus_area=FocusArea.BESKAEFTIGELSE,
                name="Fremskudt uddannelsesvejledning",
                status=ActivityStatus.REVISED,
            ),
            PlanActivity(
                focus_area=FocusArea.UDDANNELSE_OG_LIVSCHANCER,
                name="Samarbejde om erhvervspraktik, juniormesterlære og social praktik",
            ),
        ],
    )
    df = activities_frame(plan)
    assert df["focus_area"].tolist() == ["uddannelse_og_livschancer"] * 2 + ["beskaeftigelse"] * 3
    assert df["has_schema"].all()
    assert df["status"].tolist() == [None, None, None, "continued", "new"]
    assert df.iloc[0]["schema_name"] == (
        "Fremskudt uddannelsesvejledning (Uddannelsesvejledning for unge jf. CFBU)"
    )


# --------------------------------------------------------------------------- budget and report

BUDGET = Budget(
    lines=[
        BudgetLine(
            category=BudgetCategory.STAFF,
            description="Boligsocial leder",
            position="Boligsocial leder",
            amounts=[
                YearAmount(year=2026, amount=D("550000")),
                YearAmount(year=2027, amount=D("561000.50")),
            ],
        ),
        BudgetLine(
            category=BudgetCategory.ACTIVITIES,
            description="Fritidsjobforløb",
            focus_area=FocusArea.BESKAEFTIGELSE,
            amounts=[
                YearAmount(year=2026, amount=D("120000")),
                YearAmount(year=2027, amount=D("1234567.5")),
            ],
        ),
        BudgetLine(
            category=BudgetCategory.EVALUATION,
            description="Midtvejsevaluering",
            amounts=[YearAmount(year=2027, amount=D("75000"))],
        ),
    ],
    funding=[
        FundingSource(
            kind=FundingKind.LBF,
            name="Landsbyggefonden",
            amounts=[
                YearAmount(year=2026, amount=D("500000")),
                YearAmount(year=2027, amount=D("500000")),
            ],
        ),
        FundingSource(
            kind=FundingKind.MUNICIPALITY,
            amounts=[YearAmount(year=2026, amount=D("170000"))],
        ),
    ],
)


def test_budget_frame_is_tidy() -> None:
    df = budget_frame(BUDGET)
    assert len(df) == 2 + 2 + 1 + 2 + 1
    assert df.iloc[0].tolist() == [
        "cost",
        "staff",
        "Boligsocial leder",
        "shared",
        "Boligsocial leder",
        2026,
        D("550000"),
    ]
    assert df.iloc[3].tolist() == [
        "cost",
        "activities",
        "Fritidsjobforløb",
        "beskaeftigelse",
        None,
        2027,
        D("1234567.5"),
    ]
    funding = df[df["kind"] == "funding"]
    assert funding["category"].tolist() == ["lbf", "lbf", "municipality"]
    assert funding["description"].tolist() == ["Landsbyggefonden", "Landsbyggefonden", None]
    assert funding["focus_area"].tolist() == [None, None, None]
    assert all(type(a) is Decimal for a in df["amount"])
    costs = df[df["kind"] == "cost"]
    assert costs.groupby("year")["amount"].sum().to_dict() == {
        2026: D("670000"),
        2027: D("561000.50") + D("1234567.5") + D("75000"),
    }


def test_report_frame(beskaeftigelse: Agreement) -> None:
    report = validate(beskaeftigelse)
    df = report_frame(report)
    assert list(df.columns) == ["code", "severity", "path", "message", "message_da"]
    assert len(df) == len(report.findings)
    assert df["code"].tolist() == [f.code for f in report.findings]
    assert set(df["severity"]) <= {"error", "warning", "info"}
    finding = Finding(code="x-y", severity=Severity.ERROR, path="$.a", message="m", message_da="md")
    assert report_frame([finding]).iloc[0].tolist() == ["x-y", "error", "$.a", "m", "md"]


# --------------------------------------------------------------------------- reading budgets

HEADER_DA = ["Kategori", "Beskrivelse", "Indsatsområde", "Stilling", "Kilde", "2026", "2027"]
ROWS_DA = [
    ["Løn", "Boligsocial leder", "Fælles", "Boligsocial leder", "", "550.000", "561.000,50"],
    ["Aktiviteter", "Fritidsjobforløb", "Beskæftigelse", "", "", "120.000", "1.234.567,5"],
    ["Evaluering", "Midtvejsevaluering", "", "", "", "", "75.000,-"],
    ["Finansiering", "Landsbyggefonden", "", "", "LBF", "500.000", "500000"],
    ["finansiering", "", "fælles", "", "kommune", "170.000", ""],
]


def _csv(rows: list[list[str]], sep: str = ";") -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if sep in value else value

    return "\r\n".join(sep.join(cell(v) for v in row) for row in rows) + "\r\n"


def test_read_budget_csv_with_danish_headers_and_amounts(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    # Excel's "CSV UTF-8" starts with a byte-order mark; a blank line and a note column.
    rows = [[*HEADER_DA, "Note"], *([*r, "ok"] for r in ROWS_DA[:2]), [], *ROWS_DA[2:]]
    path.write_bytes(_csv(rows).encode("utf-8-sig"))
    assert read_budget(path) == BUDGET
    assert read_budget(str(path)) == BUDGET


def test_read_budget_csv_with_commas_and_mixed_languages(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    header = ["category", "Beskrivelse", "focus_area", "STILLING", "source", "2026", "2027"]
    path.write_text(_csv([header, *ROWS_DA], sep=","), encoding="utf-8")
    assert read_budget(path) == BUDGET


def test_read_budget_xlsx_with_numbers_title_row_and_funding_sheet(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Noter"
    notes.append(["Ikke budgettet"])
    ws = wb.create_sheet("Budget")
    ws.append(["Budget for den boligsociale helhedsplan 2026-2029"])
    ws.append([])
    ws.append(["Kategori", "Beskrivelse", "Indsatsområde", "Stilling", 2026, 2027, "I alt"])
    ws.append(["Løn", "Boligsocial leder", None, "Boligsocial leder", 550000, 561000.5, "=E4+F4"])
    ws.append(["Aktiviteter", "Fritidsjobforløb", "beskaeftigelse", None, 120000, "1.234.567,5"])
    ws.append([])
    ws.append(["Evaluering", "Midtvejsevaluering", "Fælles", None, None, 75000.0])
    funding = wb.create_sheet("Finansiering")
    funding.append(["Kilde", "Navn", "2026", "2027"])
    funding.append(["Landsbyggefonden", "Landsbyggefonden", 500000, "500.000"])
    funding.append(["Kommune", None, "170.000,00", None])
    wb.save(path)
    budget = read_budget(path)
    assert budget == BUDGET
    assert budget.lines[0].amounts[1].amount == D("561000.5")
    assert type(budget.lines[0].amounts[0].amount) is Decimal


def test_read_budget_xlsx_written_by_pandas(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    df = pd.DataFrame([[*r[:5], r[5] or None, r[6] or None] for r in ROWS_DA], columns=HEADER_DA)
    df.to_excel(path, sheet_name="Ark1", index=False)
    assert read_budget(path) == BUDGET


def test_budget_from_frame_reads_pandas_values() -> None:
    df = pd.DataFrame(
        {
            "kategori": ["løn", "finansiering"],
            "beskrivelse": ["Leder", None],
            "indsatsområde": ["Uddannelse og livschancer", None],
            "kilde": [None, "boligorganisation"],
            2026: [D("100.25"), 50],
            2027: [float("nan"), 60.5],
        }
    )
    budget = budget_from_frame(df)
    assert budget.lines == (
        BudgetLine(
            category=BudgetCategory.STAFF,
            description="Leder",
            focus_area=FocusArea.UDDANNELSE_OG_LIVSCHANCER,
            amounts=[YearAmount(year=2026, amount=D("100.25"))],
        ),
    )
    assert budget.funding == (
        FundingSource(
            kind=FundingKind.HOUSING_ORGANISATION,
            amounts=[
                YearAmount(year=2026, amount=D("50")),
                YearAmount(year=2027, amount=D("60.5")),
            ],
        ),
    )


def test_budget_from_frame_of_a_funding_sheet() -> None:
    df = pd.DataFrame({"Kilde": ["fond", "andet"], "Beskrivelse": ["Egmont", None], "2026": [1, 2]})
    budget = budget_from_frame(df, sheet="Funding")
    assert [s.kind for s in budget.funding] == [FundingKind.FOUNDATION, FundingKind.OTHER]
    assert budget.funding[0].name == "Egmont"
    assert budget.lines == ()


@given(decimals)
def test_danish_amounts_read_back_exactly(amount: Decimal) -> None:
    df = pd.DataFrame(
        {
            "kategori": ["andet", "andet"],
            "beskrivelse": ["a", "b"],
            "indsatsområde": ["fælles", ""],
            "2026": [format_decimal(amount), f"-{format_decimal(amount, grouping=False)}"],
        }
    )
    first, second = budget_from_frame(df).lines
    assert first.amounts[0].amount == amount
    assert second.amounts[0].amount == -amount


# --------------------------------------------------------------------------- budget errors


def test_every_bad_cell_is_named_at_once(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Budget"
    ws.append(["Kategori", "Beskrivelse", "Indsatsområde", "Stilling", "Kilde", 2026, 2027])
    ws.append(["Løn", "Leder", "Fælles", "Leder", None, 100, 100])  # row 2: fine
    ws.append(["Løn", "Leder", "Fælles", None, None, 12.345, "12,5,0"])  # row 3
    ws.append(["Husleje", "Lokaler", "Nørrebro", None, None, True, None])  # row 4
    ws.append(["Aktiviteter", None, "Beskæftigelse", None, "LBF", datetime(2026, 1, 5), 1])  # 5
    ws.append(["Finansiering", "LBF", "Beskæftigelse", "Leder", "Staten", 1, 1])  # row 6
    ws.append(["Andet", "Formel", None, None, None, "=F2*2", "kr. 1.000"])  # row 7
    ws.append([None, "Uden kategori", None, None, None, 1, None])  # row 8
    ws.append(["Finansiering", None, None, None, None, 1, 1])  # row 9
    wb.save(path)
    with pytest.raises(DataError) as info:
        read_budget(path)
    error = info.value
    assert error.summary == "The budget in 'budget.xlsx' cannot be read: 14 problems " + (
        "(budgettet har 14 fejl)"
    )
    sources = "write lbf, kommune, boligorganisation, fond or andet (or municipality, "
    sources += "housing_organisation, foundation, other)"
    categories = "write løn, aktiviteter, administration, evaluering, andet or finansiering "
    categories += "(or staff, activities, administration, evaluation, other, funding)"
    assert list(error.problems) == [
        "sheet 'Budget', row 3, column '2026': 12,345 has more than 2 decimals; an amount in "
        "kroner has at most 2 (øre): write thousands with dots and decimals with a comma, "
        "like 1.234 or 12,50",
        "sheet 'Budget', row 3, column '2027': '12,5,0' is not an amount; write it like "
        "250.000 or 1.234.567,50",
        f"sheet 'Budget', row 4, column 'Kategori': 'Husleje' is not a category; {categories}",
        "sheet 'Budget', row 4, column 'Indsatsområde': 'Nørrebro' is not a focus area; write "
        "its title (e.g. Beskæftigelse) or code, or fælles for a cost the whole plan shares",
        "sheet 'Budget', row 4, column '2026': SAND is not an amount; write it like 250.000 "
        "or 1.234.567,50",
        "sheet 'Budget', row 5, column 'Kilde': 'LBF': a source (kilde) belongs on a "
        "finansiering row; leave it empty on a cost",
        "sheet 'Budget', row 5, column 'Beskrivelse': the description is empty; say what the "
        "cost is",
        "sheet 'Budget', row 5, column '2026': 05-01-2026 is a date, not an amount; "
        "format the cell as a number",
        "sheet 'Budget', row 6, column 'Indsatsområde': 'Beskæftigelse': funding is for the "
        "whole plan; leave indsatsområde empty",
        "sheet 'Budget', row 6, column 'Stilling': 'Leder': funding has no position; leave "
        "stilling empty",
        f"sheet 'Budget', row 6, column 'Kilde': 'Staten' is not a funding source; {sources}",
        "sheet 'Budget', row 7, column '2026': the formula '=F2*2' has no saved value; open "
        "the file in Excel and save it again, or type the amount",
        f"sheet 'Budget', row 8, column 'Kategori': the category is empty; {categories}",
        f"sheet 'Budget', row 9, column 'Kilde': a funding row needs its source; {sources}",
    ]
    assert all(p in str(error) for p in error.problems)


def test_csv_problems_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "budget 2026.csv"
    rows = [
        ["kategori", "beskrivelse", "indsatsområde", "2026", "2027"],
        ["løn", "Leder", "", "100", "200"],
        [],
        ["andet", "X", "", "1,234", "-"],
        ["finansiering", "LBF", "", "1", "1"],
    ]
    path.write_text(_csv(rows), encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_budget(path)
    assert info.value.problems == (
        "file 'budget 2026.csv', row 4, column '2026': '1,234' has more than 2 decimals; an "
        "amount in kroner has at most 2 (øre): write thousands with dots and decimals with a "
        "comma, like 1.234 or 12,50",
        "file 'budget 2026.csv', row 4, column '2027': '-' is not an amount; write it like "
        "250.000 or 1.234.567,50",
        "file 'budget 2026.csv': row(s) 5 are finansiering (funding) but there is no column "
        "kilde (source); add one and write lbf, kommune, boligorganisation, fond or andet (or "
        "municipality, housing_organisation, foundation, other)",
    )


def test_budget_from_frame_counts_rows_as_excel_does() -> None:
    df = pd.DataFrame(
        {
            "Kategori": ["løn", "løn", "løn"],
            "Beskrivelse": ["a", "b", "c"],
            "Indsatsområde": ["", "", ""],
            "2026": ["1", "x", "2"],
        }
    )
    with pytest.raises(DataError) as info:
        budget_from_frame(df, sheet="Ark1")
    assert info.value.summary.startswith("The budget in sheet 'Ark1' cannot be read: 1 problem")
    assert info.value.problems == (
        "sheet 'Ark1', row 3, column '2026': 'x' is not an amount; write it like 250.000 or "
        "1.234.567,50",
    )
    with pytest.raises(DataError) as info:
        budget_from_frame(df)
    assert info.value.problems[0].startswith("row 3, column '2026': 'x' is not an amount")


def test_missing_columns_are_listed_with_what_was_found() -> None:
    df = pd.DataFrame({"Kategori": ["løn"], "Beskrivelse": ["a"], "Tekst": ["b"]})
    with pytest.raises(DataError) as info:
        budget_from_frame(df, sheet="Budget")
    assert info.value.problems == (
        "sheet 'Budget': the header (row 1) lacks indsatsområde (focus_area); one column per "
        "year, headed by the year (2026, 2027, …). It has 'Kategori', 'Beskrivelse', 'Tekst'. "
        "Expected: kategori (category), beskrivelse (description), indsatsområde (focus_area) "
        "and one column per year; stilling (position) and kilde (source) are optional",
    )
    funding = pd.DataFrame({"Navn": ["LBF"], "2026": [1]})
    with pytest.raises(DataError) as info:
        budget_from_frame(funding, sheet="Finansiering")
    assert info.value.problems == (
        "sheet 'Finansiering': the header (row 1) lacks kilde (source). It has 'Navn', '2026'. "
        "Expected: kilde (source) and one column per year; beskrivelse (description) is "
        "optional",
    )


def test_duplicate_columns_and_years() -> None:
    df = pd.DataFrame(
        [["løn", "a", "b", "", 1, 2, 3]],
        columns=["kategori", "beskrivelse", "description", "område", "2026", 2026, 2027],
    )
    with pytest.raises(DataError) as info:
        budget_from_frame(df)
    assert info.value.problems == (
        "row 1: the columns 'beskrivelse' and 'description' both mean beskrivelse "
        "(description); keep one",
        "row 1: the year 2026 has two columns ('2026' and '2026'); keep one",
    )


def test_an_empty_sheet_and_a_header_only_sheet(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_budget(empty)
    assert "It has no column names" in info.value.problems[0]
    header_only = tmp_path / "header.csv"
    header_only.write_text("kategori;beskrivelse;indsatsområde;2026\n", encoding="utf-8")
    assert read_budget(header_only) == Budget()


def test_funding_sheet_rejects_costs(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Funding"
    ws.append(["Kategori", "Kilde", "2026"])
    ws.append(["Løn", "LBF", 1])
    ws.append([None, "LBF", 2])
    wb.save(path)
    with pytest.raises(DataError) as info:
        read_budget(path)
    assert info.value.problems == (
        "sheet 'Funding', row 2, column 'Kategori': 'Løn' on the funding sheet; write "
        "finansiering or leave it empty, and put costs on the budget sheet",
    )


def test_unreadable_files(tmp_path: Path) -> None:
    ods = tmp_path / "budget.ods"
    ods.write_bytes(b"x")
    with pytest.raises(DataError, match=r"'budget.ods' is neither \.csv nor \.xlsx"):
        read_budget(ods)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("kategori;beskrivelse;indsatsområde;2026\n".encode("cp1252"))
    with pytest.raises(DataError, match="is not UTF-8 text; in Excel save it as 'CSV UTF-8'"):
        read_budget(latin)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(DataError, match=r"'broken\.xlsx' is not an Excel workbook"):
        read_budget(broken)
    with pytest.raises(FileNotFoundError):
        read_budget(tmp_path / "missing.csv")


def test_text_cells_from_excel_numbers_and_negative_amounts() -> None:
    df = pd.DataFrame(
        {
            "kategori": ["aktiviteter"],
            "beskrivelse": [2026.0],
            "indsatsområde": ["Delaftale for indsatsområdet Kriminalitetsforebyggelse"],
            "stilling": ["  Boligsocial   leder "],
            "2026": ["−1.500,25"],
            "2027": [float("inf")],
        }
    )
    with pytest.raises(DataError, match=r"column '2027': inf is not an amount"):
        budget_from_frame(df)
    df["2027"] = [None]
    (line,) = budget_from_frame(df).lines
    assert line.description == "2026"
    assert line.position == "Boligsocial leder"
    assert line.focus_area is FocusArea.KRIMINALITETSFOREBYGGELSE
    assert line.amounts == (YearAmount(year=2026, amount=D("-1500.25")),)


def test_odd_cells_are_refused() -> None:
    df = pd.DataFrame(
        {
            "kategori": ["andet", "andet", "andet"],
            "beskrivelse": ["a", "b", "c"],
            "indsatsområde": [None, None, None],
            "2026": [D("Infinity"), D("1.005"), object()],
        }
    )
    with pytest.raises(DataError) as info:
        budget_from_frame(df)
    problems = info.value.problems
    assert problems[0] == "row 2, column '2026': Infinity is not an amount; write it like " + (
        "250.000 or 1.234.567,50"
    )
    assert problems[1].startswith("row 3, column '2026': 1,005 has more than 2 decimals")
    assert problems[2].startswith("row 4, column '2026': <object object at")


# --------------------------------------------------------------------------- properties


@given(agreements)
def test_views_have_one_row_per_item(agreement: Agreement) -> None:
    indicators = indicators_frame([agreement])
    assert len(indicators) == sum(len(g.indicators) for g in agreement.sub_goals)
    assert all(v is None or type(v) is Decimal for v in indicators["baseline_value"])
    assert all(v is None or type(v) is Decimal for v in indicators["comparison_value"])
    staff = staff_frame([agreement])
    lines = agreement.staffing.allocations
    assert len(staff) == len(lines)
    assert staff["share"].tolist() == [line.share for line in lines]
    assert staff["hours_in_area"].tolist() == [line.hours_in_area for line in lines]
    activities = activities_frame([agreement])
    assert activities["name"].tolist() == list(agreement.activity_names)


@given(agreements)
def test_pivot_totals_are_the_shares_of_the_area(agreement: Agreement) -> None:
    pivot = staff_pivot([agreement])
    area = agreement.focus_area.value
    expected = sum((line.share or D(0) for line in agreement.staffing.allocations), D(0))
    assert sum(pivot[area].tolist(), D(0)) == expected
    assert sum(pivot["total"].tolist(), D(0)) == expected
    assert all(type(v) is Decimal for v in pivot["total"])


def test_odd_headers_are_ignored_or_read_as_years() -> None:
    df = pd.DataFrame(
        [["andet", "a", "", "1.000", "x", "y", "z"]],
        columns=["kategori", "beskrivelse", "indsatsområde", 2026.0, True, 7, None],
    )
    (line,) = budget_from_frame(df).lines
    assert line.amounts == (YearAmount(year=2026, amount=D("1000")),)


def test_formula_without_saved_value_in_a_text_cell(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["kategori", "beskrivelse", "indsatsområde", "2026"])
    ws.append(["andet", '=UPPER("x")', None, 5])
    wb.save(path)
    with pytest.raises(DataError) as info:
        read_budget(path)
    assert info.value.problems == (
        "sheet 'Sheet', row 2, column 'beskrivelse': the formula '=UPPER(\"x\")' has no saved "
        "value; open the file in Excel and save it again, or type the text",
    )


def test_amount_spellings() -> None:
    huge = "1.000.000.000.000.000.000.000.000.000.000"
    cells = ["250.000 kr.", "DKK 1.000", "1.000,-", " 7 ", "0,00", huge, f"{huge},005", 1e30]
    df = pd.DataFrame(
        {
            "kategori": ["andet"] * len(cells),
            "beskrivelse": [str(i) for i in range(len(cells))],
            "indsatsområde": [None] * len(cells),
            "2026": cells,
        }
    )
    with pytest.raises(DataError) as info:
        budget_from_frame(df)
    too_large = "has more than 15 digits; no budget amount is that large: check the cell"
    assert info.value.problems == (
        f"row 7, column '2026': '{huge}' {too_large}",
        f"row 8, column '2026': '{huge},005' {too_large}",  # too large comes first
        f"row 9, column '2026': 1{'0' * 30} {too_large}",
    )
    lines = budget_from_frame(df.drop(index=[5, 6, 7])).lines
    assert [line.amounts[0].amount for line in lines] == [
        D("250000"),
        D("1000"),
        D("1000"),
        D("7"),
        D("0"),
    ]


def test_budget_from_frame_is_public_at_the_top() -> None:
    import delaftale

    frame = pd.DataFrame(
        [
            {
                "Kategori": "Løn",
                "Beskrivelse": "Leder",
                "Indsatsområde": "Beskæftigelse",
                "Stilling": "Boligsocial leder",
                "2026": "150.000",
            }
        ]
    )
    budget = delaftale.budget_from_frame(frame, sheet="Budget")
    assert budget.lines[0].category is BudgetCategory.STAFF
    assert budget.lines[0].total == Decimal(150000)


def test_budget_reading_lives_in_spreadsheets_and_needs_no_pandas() -> None:
    import delaftale.frames
    import delaftale.spreadsheets

    # frames holds the analysis views only; budget reading is the spreadsheets module's.
    for name in ("read_budget", "budget_from_frame", "SpreadsheetLimits"):
        assert name in delaftale.spreadsheets.__all__
        assert not hasattr(delaftale.frames, name)
    assert not hasattr(delaftale.plan.Budget, "from_frame")  # the model imports no reader
    code = (
        "import sys, delaftale; "
        "b = delaftale.read_budget('examples/ishoj-2025-plan/budget.csv'); "
        "from delaftale.files import load_plan; "
        "p = load_plan('examples/ishoj-2025-plan/plan.json'); "
        "print(len(b.lines), sorted({'pandas', 'openpyxl', 'docx'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    # budget.csv has 14 cost lines (3 for each of the 4 areas, administration, evaluation),
    # and they are read without pandas, openpyxl or python-docx.
    assert done.stdout.strip() == "14 []"
