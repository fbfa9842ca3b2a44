"""The follow-up sheet (opfølgningsark): read_followup, followup_from_csv and merge_followup.

The fixture sheets (``tests/fixtures/followup``, made by ``make_followup_sheets.py``) hold the
same made-up figures in five spellings; each must read to the figures written down by hand
in that script. Then every kind of bad cell with its exact place, the Windows-1252 warning,
Excel's percent-formatted cells, the limits (a value at row 1,000,000, a huge cell), and
merging a sheet into a plan's follow-up.

The hostile workbooks are written as XML by hand (``_workbook``), as in
``test_budget_hostile.py``, so openpyxl is never asked to build what a test is about.
"""

from __future__ import annotations

import codecs
import io
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaftale.errors import DataError, DelaftaleError, GuessedEncodingWarning
from delaftale.followup import (
    Direction,
    FollowUp,
    IndicatorFollowUp,
    Observation,
    Target,
    merge_followup,
)
from delaftale.model import FocusArea, Unit
from delaftale.plan import Budget
from delaftale.spreadsheets import (
    SpreadsheetLimits,
    _format_kind,
    followup_from_csv,
    read_budget,
    read_followup,
)
from fixtures import make_followup_sheets as sheets
from strategies import damaged_bytes, sheet_cells

FIXTURES = Path(__file__).parent / "fixtures" / "followup"
MIB = 1024 * 1024
UDD = FocusArea.UDDANNELSE_OG_LIVSCHANCER
BESK = FocusArea.BESKAEFTIGELSE
HEADER = "Indsatsområde;Delmål nr.;Indikator nr.;År;Værdi;Antal;Datakilde;Note\r\n"


def _expected(ids: bool = False) -> FollowUp:
    """The fixtures' figures, from the literals written down in make_followup_sheets.py."""
    return FollowUp(
        indicators=[
            IndicatorFollowUp(
                focus_area=FocusArea(area),
                indicator=sheets.IDS[(area, key)] if ids else key,
                observations=tuple(
                    Observation(
                        year=year,
                        value=None if value is None else Decimal(value),
                        unit=None if unit is None else Unit(unit),
                        count=count,
                        data_source=source,
                        note=note,
                    )
                    for year, value, unit, count, source, note in rows
                ),
            )
            for (area, key), rows in sheets.EXPECTED.items()
        ]
    )


def _csv(tmp_path: Path, text: str, name: str = "opfoelgning.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _problems(path: Path, limits: SpreadsheetLimits | None = None) -> DataError:
    with pytest.raises(DataError) as caught:
        read_followup(path, limits=limits)
    return caught.value


# --------------------------------------------------------------------------- the fixtures


@pytest.mark.parametrize(
    "name", ["opfoelgning-da.csv", "opfoelgning-en.csv", "opfoelgning.xlsx", "opfoelgning-ids.csv"]
)
def test_each_spelling_reads_to_the_figures_worked_out_by_hand(name: str) -> None:
    followup = read_followup(FIXTURES / name)
    assert followup == _expected(ids="ids" in name)
    # Exactly, not only equal in value: 61,21 % stays 61.21, trailing zeros and all.
    first = followup.indicators[0].observations[0]
    assert str(first.value) == "62.05"
    assert followup.indicators[3].observations[0].value == Decimal(82)


def test_the_windows_1252_sheet_reads_the_same_and_warns() -> None:
    with pytest.warns(GuessedEncodingWarning) as caught:
        followup = read_followup(FIXTURES / "opfoelgning-cp1252.csv")
    assert followup == _expected()
    (warning,) = caught
    assert str(warning.message) == (
        "'opfoelgning-cp1252.csv' is not UTF-8 text, so it was read as Windows-1252 (Latin-1), "
        "the encoding Danish Excel's 'CSV (semikolonsepareret)' writes. In Excel save it as "
        "CSV UTF-8 (CSV UTF-8 (kommasepareret)) to be sure æ, ø and å are read right"
    )
    assert warning.filename == __file__  # it points at the caller, not into the library
    # The en dash is 0x96 in Windows-1252, a control character in Latin-1.
    assert followup.indicators[2].observations[0].note == (
        "Opgjort 31/12 – praktikpladser og mesterlære"
    )


def test_the_warning_points_at_the_caller_by_every_way_in(tmp_path: Path) -> None:
    import shutil

    import delaftale
    from delaftale.spreadsheets import followup_from_csv

    data = (FIXTURES / "opfoelgning-cp1252.csv").read_bytes()
    folder = tmp_path / "plan"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "ishoj-2025-plan", folder)
    (folder / "opfoelgning.csv").write_bytes(data)
    for way in (
        lambda: followup_from_csv(data),
        lambda: delaftale.read_followup(folder / "opfoelgning.csv"),
        lambda: delaftale.load_plan(folder),
        lambda: delaftale.load_plan(folder, followup=folder / "opfoelgning.csv"),
    ):
        with pytest.warns(GuessedEncodingWarning) as caught:
            way()
        assert [w.filename for w in caught] == [__file__]


def test_the_fixture_files_are_what_the_script_makes(tmp_path: Path) -> None:
    assert (FIXTURES / "opfoelgning-da.csv").read_bytes() == sheets.danish_csv()
    assert (FIXTURES / "opfoelgning-en.csv").read_bytes() == sheets.english_csv()
    assert (FIXTURES / "opfoelgning-cp1252.csv").read_bytes() == sheets.windows_1252_csv()
    assert (FIXTURES / "opfoelgning-ids.csv").read_bytes() == sheets.ids_csv()
    # The workbook's zip holds a timestamp: built again, it reads the same.
    assert read_followup(sheets.workbook(tmp_path / "opfoelgning.xlsx")) == _expected()


def test_followup_from_csv_reads_bytes_as_a_file() -> None:
    data = (FIXTURES / "opfoelgning-da.csv").read_bytes()
    assert followup_from_csv(data) == _expected()
    with pytest.raises(DataError, match=r"^'x\.csv' is \d+ bytes, more than the limit of 100\."):
        followup_from_csv(data, name="x.csv", limits=SpreadsheetLimits(max_file_bytes=100))


def test_encodings(tmp_path: Path) -> None:
    text = (FIXTURES / "opfoelgning-da.csv").read_text("utf-8-sig")
    for name, data in {
        "plain.csv": text.encode("utf-8"),
        "unicode.csv": text.encode("utf-16"),  # Excel's "Unicode Text", with its BOM
    }.items():
        (tmp_path / name).write_bytes(data)
        assert read_followup(tmp_path / name) == _expected(), name
    # The five bytes Windows-1252 leaves undefined are read as Latin-1 does.
    data = (HEADER + "Beskæftigelse;3;1;2026;5;;;a\x81b\r\n").encode("latin-1")
    with pytest.warns(GuessedEncodingWarning, match="read as Windows-1252"):
        followup = followup_from_csv(data)
    assert followup.indicators[0].observations[0].note == "a\x81b"
    # UTF-8's byte-order mark, then a byte UTF-8 does not use: damaged, not guessed at.
    row = "Beskæftigelse;3;1;2026;5;;;\r\n".encode("cp1252")
    data = codecs.BOM_UTF8 + HEADER.encode("utf-8") + row
    with pytest.raises(DataError) as caught:
        followup_from_csv(data, name="mixed.csv")
    assert str(caught.value) == (
        "'mixed.csv' begins as UTF-8 text (with a byte-order mark), but line 2 has the byte "
        "0xE6, which UTF-8 does not use there; the file is damaged or pieced together. In "
        "Excel save it as 'CSV UTF-8' (CSV UTF-8 (kommasepareret)) again"
    )


def test_the_budget_reader_still_refuses_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_bytes("Kategori;Beskrivelse;Indsatsområde;2026\r\n".encode("cp1252"))
    with pytest.raises(DataError, match="which the budget reader does not guess at"):
        read_budget(path)


# --------------------------------------------------------------------------- reading cells


def test_values_counts_and_years_in_danish_notation(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Opfølgning 2026;;;\r\n"  # a title row above the header is passed over
        ";;;\r\n"
        + HEADER
        + "Beskæftigelse;1;1;2026;61,21%;1.234;LBF - Beboerdata;\r\n"
        + "beskaeftigelse;1;1;2027; 1.234,5 ;0;;\r\n"  # the code, any case; spaces around
        + "BESKÆFTIGELSE;1;1;2028;61.21;;;\r\n"  # a single dot is a decimal point
        + ";;;;;;;\r\n"  # a blank row is skipped
        + "Beskæftigelse;2,0;1;2030;0 procent;;;\r\n"  # a whole number written 2,0
        + "Beskæftigelse;1;1;2029;1.234;12,0;;\r\n",  # thousands; a whole count
    )
    assert read_followup(path) == FollowUp(
        indicators=[
            IndicatorFollowUp(
                focus_area=BESK,
                indicator="1.1",
                observations=(
                    Observation(
                        year=2026,
                        value=Decimal("61.21"),
                        unit=Unit.PERCENT,
                        count=1234,
                        data_source="LBF - Beboerdata",
                    ),
                    Observation(year=2027, value=Decimal("1234.5"), count=0),
                    Observation(year=2028, value=Decimal("61.21")),
                    Observation(year=2029, value=Decimal(1234), count=12),
                ),
            ),
            IndicatorFollowUp(
                focus_area=BESK,
                indicator="2.1",
                observations=(Observation(year=2030, value=Decimal(0), unit=Unit.PERCENT),),
            ),
        ]
    )


BAD_ROWS = (
    "Sport;1;1;2026;61,21 %;;;\r\n"  # row 2
    "Beskæftigelse;0;1;2026;61,21 %;;;\r\n"  # row 3
    "Beskæftigelse;1;2,5;2026;61,21;;;\r\n"  # row 4
    "Beskæftigelse;1;1;1980;61,21;;;\r\n"  # row 5
    "Beskæftigelse;1;1;2026;abc;;;\r\n"  # row 6
    "Beskæftigelse;1;1;2027;-3,5 %;;;\r\n"  # row 7
    "Beskæftigelse;1;1;2028;1,12345678901;;;\r\n"  # row 8
    "Beskæftigelse;1;1;2029;;12,5;;\r\n"  # row 9
    "Beskæftigelse;2;1;2026;;;;\r\n"  # row 10
    "Beskæftigelse;2;1;;5;;;\r\n"  # row 11
    ";2;1;2027;5;;;\r\n"  # row 12
    "Beskæftigelse;;1;2028;5;;;\r\n"  # row 13
    "Beskæftigelse;3;1;2026;5;;;\r\n"  # row 14: fine
    "Beskæftigelse;3;1;2026;6;;;\r\n"  # row 15: 2026 again
    "Beskæftigelse;3;1;2027;5;-2;;\r\n"  # row 16
    "Beskæftigelse;3;1;2028;5;40 %;;\r\n"  # row 17
    "Beskæftigelse;3;1;20266;5;;;\r\n"  # row 18
    "Beskæftigelse;3;1;2029;1234567890123456;;;\r\n"  # row 19
)


def test_every_bad_cell_is_named_with_its_place_at_once(tmp_path: Path) -> None:
    error = _problems(_csv(tmp_path, HEADER + BAD_ROWS, "bad.csv"))
    assert error.summary == (
        "The follow-up sheet in 'bad.csv' cannot be read: 17 problems (opfølgningsarket har 17 "
        "fejl)"
    )
    assert list(error.problems) == [
        "file 'bad.csv', row 2, column 'Indsatsområde': 'Sport' is not a focus area; write its "
        "title (e.g. Beskæftigelse) or code",
        "file 'bad.csv', row 3, column 'Delmål nr.': '0' is not a number from 1; write the "
        "delmål's number, like 2",
        "file 'bad.csv', row 4, column 'Indikator nr.': '2,5' is not a whole number; write the "
        "indicator's number under its delmål, like 1 (indicator 2.1 is 2 in Delmål nr. and 1 "
        "in Indikator nr.)",
        "file 'bad.csv', row 5, column 'År': '1980' is not a year from 1990 to 2100; write the "
        "year measured, like 2026",
        "file 'bad.csv', row 6, column 'Værdi': 'abc' is not a figure; write it like 61,21 % "
        "for a share, or like 12 or 1.234,5",
        "file 'bad.csv', row 7, column 'Værdi': '-3,5 %' is below zero, and no figure of a "
        "delmål is: check the cell",
        "file 'bad.csv', row 8, column 'Værdi': '1,12345678901' has 11 decimals, more than the "
        "10 a figure may have; round it (in Excel with the function AFRUND)",
        "file 'bad.csv', row 9, column 'Antal': '12,5' is not a whole number; Antal is a whole "
        "number of people, like 12 or 1.234",
        "file 'bad.csv', row 10, column 'Værdi': the row has no figure; write the figure in "
        "Værdi or Antal, or delete the row",
        "file 'bad.csv', row 11, column 'År': the year is empty; write the year measured, like "
        "2026",
        "file 'bad.csv', row 12, column 'Indsatsområde': the focus area is empty; write its "
        "title (e.g. Beskæftigelse) or code",
        "file 'bad.csv', row 13, column 'Delmål nr.': the delmål's number is empty; write it, "
        "like 2",
        "file 'bad.csv', row 15, column 'År': indicator 3.1 of Beskæftigelse has a figure for "
        "2026 in row 14 already; keep one figure per year (put a second reading in the note)",
        "file 'bad.csv', row 16, column 'Antal': '-2' is below zero; Antal is a whole number of "
        "people, like 12 or 1.234",
        "file 'bad.csv', row 17, column 'Antal': '40 %' is a percentage; write the share in "
        "Værdi, and in Antal the number of people",
        "file 'bad.csv', row 18, column 'År': '20266' is not a year from 1990 to 2100; write "
        "the year measured, like 2026",
        "file 'bad.csv', row 19, column 'Værdi': '1234567890123456' has more than 15 digits "
        "before the decimal mark; no figure of a delmål is that large: check the cell",
    ]
    assert str(error).count("\n  - ") == 17


def test_the_unit_column(tmp_path: Path) -> None:
    header = "Indsatsområde;Delmål nr.;Indikator nr.;År;Værdi;Enhed;Antal\r\n"
    good = _csv(
        tmp_path,
        header
        + "Beskæftigelse;1;1;2026;61,21;procent;\r\n"
        + "Beskæftigelse;1;1;2027;61,5 %;%;\r\n"
        + "Beskæftigelse;1;1;2028;12;Antal;\r\n"
        + "Beskæftigelse;1;1;2029;3,5;number;\r\n"
        + "Beskæftigelse;1;1;2030;;;7\r\n",
        "good.csv",
    )
    (entry,) = read_followup(good).indicators
    assert [(o.value, o.unit, o.count) for o in entry.observations] == [
        (Decimal("61.21"), Unit.PERCENT, None),
        (Decimal("61.5"), Unit.PERCENT, None),
        (Decimal(12), Unit.COUNT, None),
        (Decimal("3.5"), Unit.NUMBER, None),
        (None, None, 7),
    ]
    bad = _csv(
        tmp_path,
        header
        + "Beskæftigelse;1;1;2026;61,21 %;antal;\r\n"
        + "Beskæftigelse;1;1;2027;61,21;kroner;\r\n"
        + "Beskæftigelse;1;1;2028;;procent;7\r\n",
        "unit.csv",
    )
    assert list(_problems(bad).problems) == [
        "file 'unit.csv', row 2, column 'Værdi': '61,21 %' is a percentage, but Enhed says "
        "'antal'; write the figure without % or make Enhed procent",
        "file 'unit.csv', row 3, column 'Enhed': 'kroner' is not a unit; write procent (or %), "
        "antal or tal (percent, count, number), or leave it empty",
        "file 'unit.csv', row 4, column 'Enhed': 'procent', but the row has no Værdi, whose "
        "unit it is; write the value in Værdi, or leave Enhed empty (Antal is always a number "
        "of people)",
    ]


def test_indicators_by_id(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Indsatsområde;Delmål nr.;Indikator nr.;Indikator-id;År;Antal\r\n"
        "Beskæftigelse;;;Job-1;2026;4\r\n"
        "Beskæftigelse;2;1;job-1;2027;5\r\n"  # the id names it, whatever the numbers say
        "Beskæftigelse;2;1;;2026;6\r\n"
        "Beskæftigelse;;;;2027;7\r\n",
        "ids.csv",
    )
    error = _problems(path)
    assert list(error.problems) == [
        "file 'ids.csv', row 5, column 'Delmål nr.': the delmål's number is empty; write it, "
        "like 2, or the indicator's id in the id column",
        "file 'ids.csv', row 5, column 'Indikator nr.': the indicator's number under its "
        "delmål is empty; write it, like 1, or the indicator's id in the id column",
    ]
    path.write_text(path.read_text("utf-8").rsplit("Beskæftigelse;;;;", 1)[0], "utf-8")
    assert read_followup(path) == FollowUp(
        indicators=[
            IndicatorFollowUp(
                focus_area=BESK,
                indicator="Job-1",
                observations=(Observation(year=2026, count=4), Observation(year=2027, count=5)),
            ),
            IndicatorFollowUp(
                focus_area=BESK, indicator="2.1", observations=(Observation(year=2026, count=6),)
            ),
        ]
    )
    only_ids = _csv(tmp_path, "Område;Id;Year;Value\r\nBeskæftigelse;;2026;5\r\n", "only.csv")
    assert list(_problems(only_ids).problems) == [
        "file 'only.csv', row 2, column 'Id': the indicator's id is empty; write the id the "
        "delaftale gives the indicator"
    ]


def test_missing_and_doubled_columns(tmp_path: Path) -> None:
    error = _problems(_csv(tmp_path, "Indsatsområde;År;Note\r\nBeskæftigelse;2026;x\r\n"))
    assert error.problems == (
        "file 'opfoelgning.csv': the header (row 1) lacks delmål nr. and indikator nr. "
        "(sub-goal no. and indicator no.), or id (the indicator's id); værdi (value) or antal "
        "(count). It has 'Indsatsområde', 'År', 'Note'. Expected: indsatsområde, delmål nr. and "
        "indikator nr. (or id), år, and værdi or antal; datakilde, note and enhed are optional "
        "(in English: focus area, sub-goal no., indicator no., year, value, count, data source, "
        "note, unit)",
    )
    error = _problems(
        _csv(tmp_path, "Focus area;Indicator no.;Year;Værdi;Value\r\nBeskæftigelse;1;2026;5;5\r\n")
    )
    assert error.problems == (
        "file 'opfoelgning.csv', row 1: the columns 'Værdi' and 'Value' both mean værdi "
        "(value); keep one",
        "file 'opfoelgning.csv': the header (row 1) lacks delmål nr. (sub-goal no.), or id (the "
        "indicator's id). It has 'Focus area', 'Indicator no.', 'Year', 'Værdi', 'Value'. "
        "Expected: indsatsområde, delmål nr. and indikator nr. (or id), år, and værdi or antal; "
        "datakilde, note and enhed are optional (in English: focus area, sub-goal no., "
        "indicator no., year, value, count, data source, note, unit)",
    )


def test_files_that_are_no_follow_up_sheet(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_followup(tmp_path / "missing.csv")
    assert isinstance(caught.value, FileNotFoundError)
    assert str(caught.value) == (
        f"'{tmp_path / 'missing.csv'}': no such file; check the path of the follow-up sheet"
    )
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(DataError) as caught:
        read_followup(tmp_path / "notes.txt")
    assert str(caught.value) == (
        "'notes.txt' is neither .csv nor .xlsx; save the follow-up sheet from Excel as an .xlsx "
        "workbook (Excel-projektmappe) or as CSV UTF-8"
    )
    # A folder, whatever its name, is not taken for a file saved wrongly.
    for name in ("folder.xlsx", "plan"):
        (tmp_path / name).mkdir()
        with pytest.raises(DataError) as caught:
            read_followup(tmp_path / name)
        assert str(caught.value) == (
            f"'{tmp_path / name}' is a folder, not a follow-up sheet; give the sheet's file "
            "(the .csv or .xlsx file, such as opfoelgning.csv), or read the plan folder with "
            "load_plan, which finds the folder's follow-up sheet itself"
        )
    # A follow-up's JSON is plan.json's, not a sheet saved in another format.
    (tmp_path / "followup.json").write_text('{"indicators": []}', "utf-8")
    with pytest.raises(DataError) as caught:
        read_followup(tmp_path / "followup.json")
    assert str(caught.value) == (
        "'followup.json' is a .json file, and read_followup reads a follow-up sheet, a .csv or "
        '.xlsx file. A follow-up in JSON is read with load_plan, as plan.json\'s "followup" '
        "(a follow-up object, or the name of its .json file)"
    )
    (tmp_path / "old.xlsx").write_bytes(b"Indsatsomr\xe5de;\xc5r\r\n")
    with pytest.raises(DataError, match=r"it is text\. If it is CSV, name it 'old\.csv'"):
        read_followup(tmp_path / "old.xlsx")


def test_a_share_above_100_percent_is_refused(tmp_path: Path) -> None:
    header = "Indsatsområde;Delmål nr.;Indikator nr.;År;Værdi;Enhed\r\n"
    udd = "Uddannelse og livschancer;2;1"
    path = _csv(
        tmp_path,
        header
        + f"{udd};2026;150 %;\r\n"  # row 2
        + f"{udd};2027;100,5;procent\r\n"  # row 3: a share by its Enhed
        + f"{udd};2028;101 procent;\r\n"  # row 4
        + f"{udd};2029;100 %;\r\n",  # row 5: the whole, and no more, is fine
        "shares.csv",
    )
    assert list(_problems(path).problems) == [
        "file 'shares.csv', row 2, column 'Værdi': '150 %' is more than 100 %, and a share is "
        "at most 100 %: check the cell",
        "file 'shares.csv', row 3, column 'Værdi': '100,5' is more than 100, but Enhed says "
        "'procent', and a share is at most 100 %: check the figure, or correct Enhed",
        "file 'shares.csv', row 4, column 'Værdi': '101 procent' is more than 100 %, and a "
        "share is at most 100 %: check the cell",
    ]
    # A bare number is in the baseline's unit, which the sheet does not know: the validation
    # judges it against the baseline. So is a number in another unit.
    path = _csv(
        tmp_path,
        header + f"{udd};2026;100 %;\r\n" + f"{udd};2027;150;\r\n" + f"{udd};2028;150;antal\r\n",
    )
    (entry,) = read_followup(path).indicators
    assert [(o.value, o.unit) for o in entry.observations] == [
        (Decimal(100), Unit.PERCENT),
        (Decimal(150), None),
        (Decimal(150), Unit.COUNT),
    ]


def test_a_description_column_beside_the_number_is_left_alone(tmp_path: Path) -> None:
    # As a person lays the sheet out: the delmål's title and the indicator's wording beside
    # their numbers, and a column of their own (Ansvarlig) that the reader does not know.
    path = _csv(
        tmp_path,
        "Indsatsområde;Delmål nr.;Delmål;Indikator nr.;Indikator;År;Værdi;Antal;Ansvarlig\r\n"
        "Beskæftigelse;3;Flere i job;1;Andel beskæftigede;2026;82 %;;Mette\r\n"
        "Beskæftigelse;4;Flere tættere på job;1;Antal voksne i job;2026;;37;\r\n",
    )
    expected = FollowUp(
        indicators=[
            IndicatorFollowUp(
                focus_area=BESK,
                indicator="3.1",
                observations=(Observation(year=2026, value=Decimal(82), unit=Unit.PERCENT),),
            ),
            IndicatorFollowUp(
                focus_area=BESK, indicator="4.1", observations=(Observation(year=2026, count=37),)
            ),
        ]
    )
    assert read_followup(path) == expected
    first = FollowUp(indicators=expected.indicators[:1])
    english = _csv(
        tmp_path,
        "Focus area,Sub-goal,Sub-goal no.,Indicator,Indicator no.,Year,Value\r\n"
        "Employment,More in work,3,Share employed,1,2026,82 %\r\n",
        "english.csv",
    )
    assert read_followup(english) == first
    # Without a "nr." column the bare name is the number, for each of the two on its own.
    for header in (
        "Indsatsområde;Delmål;Indikator;År;Værdi",
        "Område;Delmål;Indikator nr.;År;Værdi",
    ):
        path = _csv(tmp_path, f"{header}\r\nBeskæftigelse;3;1;2026;82 %\r\n", "bare.csv")
        assert read_followup(path) == first, header
    # Two columns with the number's own name are still two.
    path = _csv(
        tmp_path,
        "Indsatsområde;Delmål nr.;Delmål nr;Indikator nr.;År;Værdi\r\n"
        "Beskæftigelse;3;3;1;2026;82 %\r\n",
        "twice.csv",
    )
    assert _problems(path).problems == (
        "file 'twice.csv', row 1: the columns 'Delmål nr.' and 'Delmål nr' both mean delmål nr. "
        "(sub-goal no.); keep one",
    )


def test_total_and_note_rows_are_one_problem_each(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        HEADER
        + "Beskæftigelse;3;1;2026;82 %;;LBF - Beboerdata;\r\n"  # row 2: fine
        + "Beskæftigelse;4;1;2026;;37;Jobcenteret;\r\n"  # row 3: fine
        + "I alt;;;;;37;;\r\n"  # row 4
        + ";;;;;;;Tallene for 2026 er foreløbige\r\n"  # row 5
        + ";;;;;;Jobcenteret;\r\n"  # row 6
        + "Beskæftigelse i alt;;;2026;;37;;\r\n"  # row 7
        + "Total:;;;;82 %;37;;\r\n"  # row 8
        + ";;;;;;;Samlet set går det godt\r\n"  # row 9: a note, though it begins "Samlet"
        + "Sum;;;;;;;\r\n",  # row 10
        "rows.csv",
    )
    error = _problems(path)
    assert error.summary == (
        "The follow-up sheet in 'rows.csv' cannot be read: 7 problems (opfølgningsarket har 7 fejl)"
    )
    total = "delete it: the follow-up sheet has one row per indicator and year"
    assert list(error.problems) == [
        f"file 'rows.csv', row 4: the row looks like a total row ('I alt'); {total}",
        "file 'rows.csv', row 5: the row has only a note ('Tallene for 2026 er foreløbige'); "
        "put the note on the row of the figure it belongs to, or delete the row",
        "file 'rows.csv', row 6: the row has only a data source ('Jobcenteret'); put it on the "
        "row of the figure it belongs to, or delete the row",
        f"file 'rows.csv', row 7: the row looks like a total row ('Beskæftigelse i alt'); {total}",
        f"file 'rows.csv', row 8: the row looks like a total row ('Total:'); {total}",
        "file 'rows.csv', row 9: the row has only a note ('Samlet set går det godt'); put the "
        "note on the row of the figure it belongs to, or delete the row",
        f"file 'rows.csv', row 10: the row looks like a total row ('Sum'); {total}",
    ]


def test_an_empty_file_is_said_to_be_empty_and_a_header_alone_has_no_figures(
    tmp_path: Path,
) -> None:
    empty = (
        "the file is empty: it has neither a header nor rows. Save the follow-up sheet with its "
        "header (Indsatsområde, Delmål nr., Indikator nr., År, Værdi, Antal, Datakilde, Note) "
        "and a row per indicator and year"
    )
    for data in (b"", codecs.BOM_UTF8, b";;;\r\n\r\n  \r\n"):
        (tmp_path / "empty.csv").write_bytes(data)
        error = _problems(tmp_path / "empty.csv")
        assert error.summary == (
            "The follow-up sheet in 'empty.csv' cannot be read: 1 problem (opfølgningsarket har "
            "1 fejl)"
        )
        assert error.problems == (f"file 'empty.csv': {empty}",)
        with pytest.raises(DataError) as caught:
            followup_from_csv(data)
        assert caught.value.problems == (f"file 'opfoelgning.csv': {empty}",)
    # A header and no rows yet (a new year's sheet, say) is a follow-up without figures.
    for text in (HEADER, "Opfølgning 2026;;\r\n\r\n" + HEADER + ";;;;;;;\r\n"):
        assert read_followup(_csv(tmp_path, text)) == FollowUp()
    assert read_followup(_xlsx(tmp_path, {"Opfølgning": _sheet(_header())})) == FollowUp()
    error = _problems(_xlsx(tmp_path, {"Opfølgning": _sheet("")}))
    assert error.problems == (
        "sheet 'Opfølgning': the sheet is empty. The figures are read from the sheet named "
        "Opfølgning (or Follow-up), else the first sheet: put them there, with the header "
        "(Indsatsområde, Delmål nr., Indikator nr., År, Værdi, Antal, Datakilde, Note)",
    )


def test_english_focus_area_titles(tmp_path: Path) -> None:
    # The titles 'status --lang en' writes, in any case and spelling of the hyphen.
    areas = {
        "Education and life chances": UDD,
        "EMPLOYMENT": BESK,
        "crime prevention": FocusArea.KRIMINALITETSFOREBYGGELSE,
        "Cohesion and Citizenship": FocusArea.SAMMENHAENGSKRAFT_OG_MEDBORGERSKAB,
        "Crime-preventive work": FocusArea.KRIMINALPRAEVENTIV_INDSATS,
    }
    rows = "".join(f"{title};1;1;2026;5\r\n" for title in areas)
    path = _csv(tmp_path, "Focus area;Sub-goal no.;Indicator no.;Year;Value\r\n" + rows)
    assert [e.focus_area for e in read_followup(path).indicators] == list(areas.values())


# --------------------------------------------------------------------------- Excel

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XLSX_HEADER = ("Indsatsområde", "Delmål nr.", "Indikator nr.", "År", "Værdi")


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(r: int, *cells: str) -> str:
    return f'<row r="{r}">{"".join(cells)}</row>'


def _header(r: int = 1) -> str:
    return _row(r, *(_text(f"{c}{r}", h) for c, h in zip("ABCDE", XLSX_HEADER, strict=True)))


def _figure_row(r: int, value: str, style: int = 0, year: str = "2026") -> str:
    """Beskæftigelse 3.1 in ``year``; the value as stored, in cell style ``style``."""
    return _row(
        r,
        _text(f"A{r}", "Beskæftigelse"),
        f'<c r="B{r}"><v>3</v></c>',
        f'<c r="C{r}"><v>1</v></c>',
        f'<c r="D{r}"><v>{year}</v></c>',
        f'<c r="E{r}" s="{style}"><v>{value}</v></c>',
    )


def _sheet(rows: str, before: str = "") -> str:
    return f'<worksheet xmlns="{NS}">{before}<sheetData>{rows}</sheetData></worksheet>'


def _rels(*targets: tuple[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_NS}/{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, start=1)
    )
    return f'<Relationships xmlns="{PKG_NS}">{items}</Relationships>'


# Cell styles 1-6: 0.00% (built-in 10), 0% (built-in 9), "0.0 %" and "[Red]0.00%" (custom,
# percent), '0.0"%"' and "0\%" (custom: a % shown as text; the number is not multiplied).
STYLES = (
    '<numFmts><numFmt numFmtId="164" formatCode="0.0 %"/>'
    '<numFmt numFmtId="165" formatCode="[Red]0.00%"/>'
    '<numFmt numFmtId="166" formatCode="0.0&quot;%&quot;"/>'
    '<numFmt numFmtId="167" formatCode="0\\%"/></numFmts>'
    '<cellXfs><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="9"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs>'
)


def _workbook(sheets: dict[str, str], styles: str = STYLES) -> bytes:
    """A minimal .xlsx: sheet name -> worksheet XML, with the styles given."""
    items = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    targets = [("worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(sheets) + 1)]
    parts = {
        "_rels/.rels": _rels(("officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}"><sheets>{items}</sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": _rels(*targets, ("styles", "styles.xml")),
        "xl/styles.xml": f'<styleSheet xmlns="{NS}">{styles}</styleSheet>',
    }
    for i, xml in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx(tmp_path: Path, sheets: dict[str, str], name: str = "opfoelgning.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(_workbook(sheets))
    return path


def test_percent_formats_are_told_from_others() -> None:
    for code in ("0%", "0.00%", "0.0 %", "[Red]0.00%", "#,##0.00%;[Red]-0%", "0.00 % "):
        assert _format_kind(code) == 3, code  # a percentage
    for code in ('0.0"%"', "0\\%", "General", "0.00", "0;0%", "#,##0"):
        assert _format_kind(code) == 0, code  # a number: the % is text, or in another section
    assert _format_kind("dd-mm-yyyy") == 1
    assert _format_kind("[h]:mm") == 2


def test_percent_formatted_cells_are_read_as_percentages(tmp_path: Path) -> None:
    rows = _header() + "".join(
        _figure_row(r, value, style, year=str(2024 + r))
        for r, value, style in (
            (2, "0.6121", 1),  # 0.00%: 61,21 %
            (3, "0.6", 2),  # 0%: 60 %
            (4, "1", 3),  # 0.0 %, a whole number stored: 100 %
            (5, "0.0887", 4),  # [Red]0.00%: 8,87 %
            (6, "81.4", 5),  # 0.0"%": shown 81,4%, but the number is 81.4
            (7, "61.21", 0),  # a plain number: the baseline's unit
            (8, "0", 1),  # 0 %
        )
    )
    (entry,) = read_followup(_xlsx(tmp_path, {"Opfølgning": _sheet(rows)})).indicators
    assert [(str(o.value), o.unit) for o in entry.observations] == [
        ("61.21", Unit.PERCENT),
        ("60", Unit.PERCENT),
        ("100", Unit.PERCENT),
        ("8.87", Unit.PERCENT),
        ("81.4", None),
        ("61.21", None),
        ("0", Unit.PERCENT),
    ]


def test_a_percentage_cell_above_100_percent_is_refused(tmp_path: Path) -> None:
    # 63,1 typed, then the column formatted as a percentage: Excel shows 6.310 %.
    rows = (
        _header()
        + _figure_row(2, "63.1", 1)  # 0.00%: 6310 %
        + _figure_row(3, "1.005", 2, year="2027")  # 0%: 100,5 %
        + _figure_row(4, "150", 2, year="2028")  # 0%: 15000 %
        + _figure_row(5, "1", 2, year="2029")  # 0%: 100 %, which is fine
    )
    error = _problems(_xlsx(tmp_path, {"Opfølgning": _sheet(rows)}))
    assert list(error.problems) == [
        "sheet 'Opfølgning', row 2, column 'Værdi': 6310 % is more than 100 %, and a share is "
        "at most 100 %. The cell is formatted as a percentage and holds 63,1, which Excel shows "
        "as 6310 %: if 63,1 % is meant, type 63,1 % or format the cell as a number",
        "sheet 'Opfølgning', row 3, column 'Værdi': 100,5 % is more than 100 %, and a share is "
        "at most 100 %. The cell is formatted as a percentage and holds 1,005, which Excel "
        "shows as 100,5 %: if 1,005 % is meant, type 1,005 % or format the cell as a number",
        "sheet 'Opfølgning', row 4, column 'Værdi': 15000 % is more than 100 %, and a share is "
        "at most 100 %: check the cell",
    ]


def test_excel_cells_that_are_no_figure(tmp_path: Path) -> None:
    rows = (
        _header()
        + _figure_row(2, "0.30000000000000004", 1)  # a sum's float, shown as 30,00 %
        + _figure_row(3, "0.5", 1, year="2026.0")  # a year stored as 2026.0 is 2026
        + _row(
            4,
            _text("A4", "Beskæftigelse"),
            '<c r="B4"><v>3</v></c>',
            '<c r="C4" s="1"><v>1</v></c>',
            '<c r="D4"><v>2027</v></c>',
            '<c r="E4" t="b"><v>1</v></c>',
        )
        + _row(
            5,
            _text("A5", "Beskæftigelse"),
            '<c r="B5"><v>3.5</v></c>',
            '<c r="C5"><v>1</v></c>',
            '<c r="D5" t="e"><v>#REF!</v></c>',
            '<c r="E5"><f>A1*2</f></c>',
        )
    )
    error = _problems(_xlsx(tmp_path, {"Opfølgning": _sheet(rows)}))
    assert list(error.problems) == [
        "sheet 'Opfølgning', row 2, column 'Værdi': 30,000000000000004 % has 15 decimals, more "
        "than the 10 a figure may have; round it (in Excel with the function AFRUND)",
        "sheet 'Opfølgning', row 4, column 'Indikator nr.': 100 % is formatted as a percentage, "
        "not a number; write the indicator's number under its delmål, like 1 (indicator 2.1 is "
        "2 in Delmål nr. and 1 in Indikator nr.) (format the cell as a number)",
        "sheet 'Opfølgning', row 4, column 'Værdi': SAND is not a figure; write it like "
        "61,21 % for a share, or like 12 or 1.234,5",
        "sheet 'Opfølgning', row 5, column 'Delmål nr.': 3,5 is not a whole number; write the "
        "delmål's number, like 2",
        "sheet 'Opfølgning', row 5, column 'År': the cell shows the error #REF!; correct its "
        "formula in Excel, or type the value",
        "sheet 'Opfølgning', row 5, column 'Værdi': the formula '=A1*2' has no saved value; "
        "open the file in Excel and save it again, or type the figure",
    ]


def test_the_sheet_named_opfoelgning_is_read_else_the_first(tmp_path: Path) -> None:
    figures = _sheet(_header() + _figure_row(2, "0.5", 1))
    other = _sheet(_row(1, _text("A1", "Noter")))
    expected = FollowUp(
        indicators=[
            IndicatorFollowUp(
                focus_area=BESK,
                indicator="3.1",
                observations=(Observation(year=2026, value=Decimal(50), unit=Unit.PERCENT),),
            )
        ]
    )
    for name in ("Opfølgning", "OPFOELGNING", "follow-up", "Followup"):
        assert read_followup(_xlsx(tmp_path, {"Noter": other, name: figures})) == expected
    assert read_followup(_xlsx(tmp_path, {"Tal": figures, "Noter": other})) == expected
    # A merged area cell down the rows is refused, not read as filling them.
    rows = _header() + _figure_row(2, "0.5", 1) + _figure_row(3, "0.6", 1, year="2027")
    merged = _sheet(rows).replace(
        "</sheetData>", '</sheetData><mergeCells><mergeCell ref="A2:A3"/></mergeCells>'
    )
    error = _problems(_xlsx(tmp_path, {"Opfølgning": merged}))
    assert error.problems == (
        "sheet 'Opfølgning', row 2: the cells A2:A3 are merged, and Excel keeps their value in "
        "A2 only; unmerge them and write each cell's own value (the focus area, delmål and "
        "indicator on every row)",
    )


def test_a_percent_formatted_budget_amount_is_still_its_number(tmp_path: Path) -> None:
    # The budget reader's behaviour is unchanged: an amount in a 0% cell is kroner.
    header = _row(
        1,
        _text("A1", "Kategori"),
        _text("B1", "Beskrivelse"),
        _text("C1", "Indsatsområde"),
        '<c r="D1"><v>2026</v></c>',
    )
    line = _row(
        2,
        _text("A2", "Løn"),
        _text("B2", "Leder"),
        _text("C2", "Fælles"),
        '<c r="D2" s="2"><v>250000</v></c>',
    )
    path = _xlsx(tmp_path, {"Budget": _sheet(header + line)}, "budget.xlsx")
    budget = read_budget(path)
    assert isinstance(budget, Budget)
    assert budget.lines[0].amounts[0].amount == Decimal(250000)


# --------------------------------------------------------------------------- limits


def _peak_mib(call: Callable[[], object]) -> float:
    """The MiB traced while ``call`` runs (no time limit: these machines are shared)."""
    tracemalloc.start()
    try:
        call()
    except DataError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
    return peak


def test_a_value_at_xfd1048576_is_refused_at_once(tmp_path: Path) -> None:
    rows = _header() + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    sheet = _sheet(rows, before='<dimension ref="A1:XFD1048576"/>')
    path = _xlsx(tmp_path, {"Opfølgning": sheet})
    assert path.stat().st_size < 5_000
    assert _peak_mib(lambda: read_followup(path)) < 4
    error = _problems(path)
    assert error.summary == (
        "The follow-up sheet in 'opfoelgning.xlsx' cannot be read: it goes beyond the follow-up "
        "sheet reader's limits"
    )
    assert error.problems == (
        "sheet 'Opfølgning', cell XFD1048576: a value below row 10,000 and right of column GR; "
        "the reader takes 10,000 rows and 200 columns (A to GR), and a follow-up sheet has a "
        "few dozen. Delete what is there (select the rows or columns past the figures, "
        "right-click, Delete) and save again, or pass limits=SpreadsheetLimits(max_rows=..., "
        "max_columns=...) to read_followup if the follow-up sheet really is that large",
    )


def test_a_sheet_of_many_stored_cells_is_refused(tmp_path: Path) -> None:
    rows = _header() + "".join(f'<row r="{r}">' + "<c/>" * 100 + "</row>" for r in range(2, 1003))
    error = _problems(_xlsx(tmp_path, {"Opfølgning": _sheet(rows)}, "cells.xlsx"))
    assert error.problems == (
        "sheet 'Opfølgning', row 1001: the sheet stores more than 100,000 cells, filled or "
        "only formatted; a follow-up sheet has a few hundred. Copy the follow-up sheet's cells "
        "to a new workbook, or pass limits=SpreadsheetLimits(max_cells=...) to read_followup "
        "if the follow-up sheet really is that large",
    )


def test_a_csv_value_at_row_a_million_is_refused_in_one_scan(tmp_path: Path) -> None:
    text = HEADER + "\r\n" * 999_998 + "Beskæftigelse;1;1;2026;5\r\n"
    path = _csv(tmp_path, text, "deep.csv")
    del text
    assert _peak_mib(lambda: read_followup(path)) < 40  # the file's bytes and its text
    error = _problems(path)
    assert error.summary == (
        "The follow-up sheet in 'deep.csv' cannot be read: it goes beyond the follow-up sheet "
        "reader's limits"
    )
    assert error.problems == (
        "file 'deep.csv', line 1000000: a value ('Beskæftigelse;1;1;2…') below row 10,000; the "
        "reader takes 10,000 rows, and a follow-up sheet has a few dozen. Delete the rows below "
        "the figures and save again, or pass limits=SpreadsheetLimits(max_rows=...) to "
        "read_followup if the follow-up sheet really is that large",
    )


def test_huge_cells_and_lines_are_bad_cells_or_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + "Beskæftigelse;1;1;2026;" + "1" * 40_000 + "\r\n", "huge.csv")
    assert _problems(path).problems == (
        "file 'huge.csv', row 2, column 'Værdi': the cell holds more than 32,767 characters, "
        "more than Excel lets a cell hold (it starts '" + "1" * 29 + "…'); shorten it",
    )
    path = _csv(tmp_path, HEADER + "Beskæftigelse;1;1;2026;" + "1" * 20_000 + "\r\n", "big.csv")
    (problem,) = _problems(path).problems
    assert problem == (
        "file 'big.csv', row 2, column 'Værdi': '" + "1" * 38 + "… has more than 15 digits "
        "before the decimal mark; no figure of a delmål is that large: check the cell"
    )
    path = _csv(tmp_path, HEADER + "Beskæftigelse;1;1;2026;5;;;" + "x" * (2 * MIB) + "\r\n")
    assert _problems(path).problems == (
        "file 'opfoelgning.csv', line 2: the line is longer than 1,048,576 characters, which no "
        "follow-up sheet has; is it a CSV file of the follow-up sheet?",
    )
    with pytest.raises(DataError, match=r"is larger than 1,000 bytes, the limit; a follow-up"):
        read_followup(path, limits=SpreadsheetLimits(max_file_bytes=1_000))


# --------------------------------------------------------------------------- merging


def _entry(
    area: FocusArea,
    key: str,
    *years: int,
    target: Target | None = None,
    direction: Direction | None = None,
) -> IndicatorFollowUp:
    """An indicator's follow-up with a figure for each year (the year less 1960, say)."""
    return IndicatorFollowUp(
        focus_area=area,
        indicator=key,
        observations=tuple(Observation(year=y, value=Decimal(y - 1960)) for y in years),
        target=target,
        direction=direction,
    )


def test_a_sheet_adds_its_figures_to_the_plans_follow_up() -> None:
    target = Target(value=Decimal(70), year=2029)
    base = FollowUp(
        indicators=[
            _entry(UDD, "1.1", 2025, target=target),
            _entry(UDD, "Job-1", direction=Direction.DOWN),
            _entry(BESK, "2.1"),
        ]
    )
    sheet = FollowUp(
        indicators=[
            _entry(BESK, "3.1", 2026),
            _entry(UDD, " 1 . 1 ", 2027, 2026),
            _entry(UDD, "job-1", 2026, direction=Direction.DOWN),
        ]
    )
    assert merge_followup(base, sheet) == FollowUp(
        indicators=[
            _entry(UDD, "1.1", 2025, 2026, 2027, target=target),
            _entry(UDD, "Job-1", 2026, direction=Direction.DOWN),
            _entry(BESK, "2.1"),
            _entry(BESK, "3.1", 2026),
        ]
    )
    assert merge_followup(None, sheet) is sheet
    # A target the sheet's entry has fills one the plan's lacks.
    with_target = FollowUp(indicators=[_entry(BESK, "2.1", target=target)])
    assert merge_followup(base, with_target).indicators[2] == _entry(BESK, "2.1", target=target)


def test_a_year_in_both_is_refused_naming_area_indicator_and_year() -> None:
    base = FollowUp(
        indicators=[
            _entry(UDD, "1.1", 2025, 2026, target=Target(value=Decimal(70))),
            _entry(BESK, "3.1", 2026),
        ]
    )
    sheet = FollowUp(
        indicators=[
            _entry(UDD, "1.1", 2026, 2027, target=Target(value=Decimal(75))),
            _entry(BESK, "3.1", 2027),
            _entry(BESK, "4.1", 2026),
        ]
    )
    with pytest.raises(DataError) as caught:
        merge_followup(base, sheet)
    assert caught.value.summary == (
        "The follow-up sheet cannot be merged into the plan's follow-up: 2 problems"
    )
    assert caught.value.problems == (
        "indicator 1.1 of Uddannelse og livschancer: 2026 has a figure both in the plan's "
        "follow-up and in the sheet; keep one figure per year (delete it from one of them)",
        "indicator 1.1 of Uddannelse og livschancer: the plan's follow-up and the sheet set "
        "different targets; keep one of them",
    )


# --------------------------------------------------------------------------- fuzzing

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _assert_contract(path: Path) -> None:
    """A FollowUp, or a DataError naming the file; no other exception, no other warning."""
    message: str | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = read_followup(path)
        except DelaftaleError as error:
            message = str(error)
        else:
            assert isinstance(result, FollowUp)
    assert all(issubclass(w.category, GuessedEncodingWarning) for w in caught)
    if message is not None:
        assert path.name in message, message
        assert "object at 0x" not in message


@FUZZ
@given(data=st.data(), name=st.sampled_from(sheets.FILES))
def test_fuzz_damaged_sheets(tmp_path: Path, data: st.DataObject, name: str) -> None:
    damaged = data.draw(damaged_bytes((FIXTURES / name).read_bytes()))
    path = tmp_path / name
    path.write_bytes(damaged)
    _assert_contract(path)


@FUZZ
@given(cells=sheet_cells())
def test_fuzz_random_cells(tmp_path: Path, cells: str) -> None:
    path = _xlsx(tmp_path, {"Opfølgning": _sheet(_header() + cells)})
    _assert_contract(path)
