"""Hostile and broken budget files: bounded, explained, never a traceback (issue 12).

``read_budget`` on any file returns a ``Budget`` or raises a ``DataError`` naming the file, the
place (sheet, row, column or cell, line) and what to do; in bounded time and memory whatever
the file declares. One regression test per class of defect, then a Hypothesis fuzz test over
damaged copies of the example budget, as CSV and as .xlsx.

The hostile workbooks are written as XML by hand (``_workbook``), so openpyxl is never asked
to build what the test is about (a cell at XFD1048576, a million rows).
"""

from __future__ import annotations

import codecs
import io
import os
import sys
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaftale.errors import DataError, DelaftaleError
from delaftale.plan import Budget, BudgetCategory, FundingKind
from delaftale.spreadsheets import SpreadsheetLimits, read_budget
from strategies import damaged_bytes, sheet_cells

EXAMPLE_CSV = Path(__file__).parent.parent / "examples" / "ishoj-2025-plan" / "budget.csv"
MIB = 1024 * 1024

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ("Kategori", "Beskrivelse", "Indsatsområde", "2026")


# --------------------------------------------------------------------------- building files


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row() -> str:
    cells = [_inline(f"{c}1", h) for c, h in zip("ABC", HEADER[:3], strict=True)]
    return '<row r="1">' + "".join(cells) + '<c r="D1"><v>2026</v></c></row>'


def _line_row(row: int, amount: str = "100") -> str:
    return (
        f'<row r="{row}">{_inline(f"A{row}", "Løn")}{_inline(f"B{row}", "Leder")}'
        f'{_inline(f"C{row}", "Fælles")}<c r="D{row}"><v>{amount}</v></c></row>'
    )


def _sheet(rows: str, *, before: str = "") -> str:
    return f'<worksheet xmlns="{NS}">{before}<sheetData>{rows}</sheetData></worksheet>'


def _rels(*targets: tuple[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_NS}/{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, start=1)
    )
    return f'<Relationships xmlns="{PKG_NS}">{items}</Relationships>'


def _workbook(
    sheets: dict[str, str] | None = None,
    *,
    shared: str | None = None,
    styles: str | None = None,
    extra: dict[str, str | bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
    workbook_pr: str = "",
    namespace: str = NS,
) -> bytes:
    """A minimal .xlsx whose parts are the given XML: sheet name -> worksheet XML."""
    sheets = sheets if sheets is not None else {"Budget": _sheet(_header_row() + _line_row(2))}
    sheet_items = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    workbook = (
        f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}">{workbook_pr}'
        f"<sheets>{sheet_items}</sheets></workbook>"
    )
    targets = [("worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(sheets) + 1)]
    if shared is not None:
        targets.append(("sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        targets.append(("styles", "styles.xml"))
    parts: dict[str, str | bytes] = {
        "_rels/.rels": _rels(("officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": _rels(*targets),
    }
    for i, xml in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}">{shared}</sst>'
    if styles is not None:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{NS}">{styles}</styleSheet>'
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data.replace(NS, namespace) if isinstance(data, str) else data)
    return buffer.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refusal(path: Path, limits: SpreadsheetLimits | None = None) -> DataError:
    with pytest.raises(DataError) as info:
        read_budget(path, limits=limits)
    return info.value


@contextmanager
def _bounded(mib: float) -> Iterator[None]:
    """Assert that the block traces less than ``mib`` MiB.

    No time limit: these machines are shared, and a timed test fails on a busy one. The
    inputs are the guard: each is large enough that the old reader took seconds to minutes
    and gigabytes (the numbers are in docs/security.md).
    """
    tracemalloc.start()
    try:
        yield
    finally:
        peak = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
    assert peak < mib, f"peak {peak:.1f} MiB traced"


def _example_xlsx(path: Path) -> Path:
    """The example budget as an Excel workbook: numbers as numbers, funding on its own sheet."""
    rows = [line.split(";") for line in EXAMPLE_CSV.read_text("utf-8-sig").splitlines()]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Budget"
    funding = book.create_sheet("Finansiering")
    funding.append(["Kilde", "Beskrivelse", *(int(y) for y in rows[0][5:])])
    sheet.append([*rows[0][:5], *(int(y) for y in rows[0][5:])])
    for row in rows[1:]:
        amounts = [int(a.replace(".", "")) for a in row[5:]]
        if row[0] == "Finansiering":
            funding.append([row[4], row[1], *amounts])
        else:
            sheet.append([*row[:5], *amounts])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def example_budget() -> Budget:
    return read_budget(EXAMPLE_CSV)


# --------------------------------------------------------------------------- unbounded cost


def test_a_value_at_xfd1048576_is_refused_at_once_in_little_memory(tmp_path: Path) -> None:
    # The workbook also declares its dimension as the whole sheet: nothing is sized from it.
    rows = _header_row() + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = _write(
        tmp_path,
        "budget.xlsx",
        _workbook({"Budget": _sheet(rows, before='<dimension ref="A1:XFD1048576"/>')}),
    )
    assert path.stat().st_size < 5_000
    with _bounded(mib=4):
        error = _refusal(path)
    assert error.summary == (
        "The budget in 'budget.xlsx' cannot be read: it goes beyond the budget reader's limits"
    )
    (problem,) = error.problems
    assert problem.startswith(
        "sheet 'Budget', cell XFD1048576: a value below row 10,000 and right of column GR; "
        "the reader takes 10,000 rows and 200 columns (A to GR)"
    )
    assert "limits=SpreadsheetLimits(max_rows=..., max_columns=...)" in problem


def test_a_declared_dimension_is_not_trusted(tmp_path: Path) -> None:
    sheet = _sheet(_header_row() + _line_row(2), before='<dimension ref="A1:XFD1048576"/>')
    budget = read_budget(_write(tmp_path, "b.xlsx", _workbook({"Budget": sheet})))
    assert [line.amounts[0].amount for line in budget.lines] == [Decimal(100)]


def test_a_sheet_of_100k_filled_rows_is_refused_at_the_first_row_past_the_limit(
    tmp_path: Path,
) -> None:
    rows = _header_row() + "".join(_line_row(r) for r in range(2, 100_002))
    path = _write(tmp_path, "rows.xlsx", _workbook({"Budget": _sheet(rows)}))
    with _bounded(mib=16):
        error = _refusal(path)
    (problem,) = error.problems
    assert problem.startswith("sheet 'Budget', cell A10001: a value below row 10,000;")
    assert "SpreadsheetLimits(max_rows=...)" in problem


def test_a_value_right_of_the_last_column_is_refused_and_empty_cells_there_are_not(
    tmp_path: Path,
) -> None:
    far = '<row r="3"><c r="GS3"><v>7</v></c></row>'
    path = _write(tmp_path, "wide.xlsx", _workbook({"Budget": _sheet(_header_row() + far)}))
    (problem,) = _refusal(path).problems
    assert problem.startswith("sheet 'Budget', cell GS3: a value right of column GR;")
    assert "SpreadsheetLimits(max_columns=...)" in problem
    assert read_budget(path, limits=SpreadsheetLimits(max_columns=201)) == Budget()
    # Formatted but empty cells anywhere (Excel writes them for a border) hold no value.
    empty = '<row r="5000"><c r="XFD5000" s="0"/></row><row r="1048576"><c r="XFD1048576"/></row>'
    path = _write(tmp_path, "formatted.xlsx", _workbook({"Budget": _sheet(_header_row() + empty)}))
    assert read_budget(path) == Budget()


def test_a_sheet_of_many_stored_cells_is_refused(tmp_path: Path) -> None:
    # 100,001 empty cells in a 7 kB file: each costs time, filled or not.
    rows = _header_row() + "".join(
        f'<row r="{r}">' + "<c/>" * 100 + "</row>" for r in range(2, 1003)
    )
    path = _write(tmp_path, "cells.xlsx", _workbook({"Budget": _sheet(rows)}))
    with _bounded(mib=4):
        error = _refusal(path)
    (problem,) = error.problems
    assert problem.startswith(
        "sheet 'Budget', row 1001: the sheet stores more than 100,000 cells, filled or only "
        "formatted"
    )
    assert "SpreadsheetLimits(max_cells=...)" in problem
    assert read_budget(path, limits=SpreadsheetLimits(max_cells=200_000)) == Budget()


def test_xml_elements_are_counted_in_every_part_read(tmp_path: Path) -> None:
    styles = "<cellXfs>" + '<xf numFmtId="0"/>' * 2_000 + "</cellXfs>"
    path = _write(tmp_path, "styles.xlsx", _workbook(styles=styles))
    error = _refusal(path, SpreadsheetLimits(max_elements=1_000))
    assert str(error) == (
        "'styles.xlsx': reading the styles (xl/styles.xml) went past 1,000 XML elements, the "
        "limit; a budget workbook has a few thousand. Copy the budget to a new workbook. Pass "
        "limits=SpreadsheetLimits(max_elements=...) to read_budget if you trust the file"
    )
    # Elements outside the cells count too (a sheet's columns, say).
    cols = "<cols>" + '<col min="1" max="1"/>' * 2_000 + "</cols>"
    sheet = _sheet(_header_row() + _line_row(2), before=cols)
    error = _refusal(
        _write(tmp_path, "cols.xlsx", _workbook({"Budget": sheet})),
        SpreadsheetLimits(max_elements=1_000),
    )
    assert "reading the sheet 'Budget' (xl/worksheets/sheet1.xml) went past 1,000" in str(error)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = _sheet(_header_row() + " " * (60 * MIB))
    path = _write(tmp_path, "bomb.xlsx", _workbook({"Budget": bomb}))
    assert path.stat().st_size < 2 * MIB
    with _bounded(mib=8):
        error = _refusal(path)
    assert str(error).startswith(
        f"'bomb.xlsx': the part xl/worksheets/sheet1.xml unpacks to {len(bomb.encode()):,} bytes"
    )
    assert "more than the limit of 52,428,800" in str(error)
    assert "SpreadsheetLimits(max_entry_bytes=...)" in str(error)
    error = _refusal(path, SpreadsheetLimits(max_entry_bytes=100 * MIB))
    assert "is compressed" in str(error)
    assert "more than the limit of 200 to 1 (a zip bomb looks like this)" in str(error)


def test_zip_and_file_limits(tmp_path: Path) -> None:
    path = _write(tmp_path, "b.xlsx", _workbook())
    cases = {
        SpreadsheetLimits(max_file_bytes=100): "'b.xlsx' is larger than 100 bytes, the limit",
        SpreadsheetLimits(max_entries=3): "'b.xlsx' has 4 zip entries, more than the limit of 3",
        SpreadsheetLimits(max_entry_bytes=100): "'b.xlsx': the part _rels/.rels unpacks to",
        SpreadsheetLimits(max_total_bytes=100): "'b.xlsx' unpacks to",
    }
    for limits, start in cases.items():
        assert start in str(_refusal(path, limits))
    assert len(read_budget(path).lines) == 1


def test_too_many_sheets_are_refused(tmp_path: Path) -> None:
    sheets = {f"Ark{i}": _sheet("") for i in range(1, 102)}
    error = _refusal(_write(tmp_path, "many.xlsx", _workbook(sheets)))
    assert str(error).startswith("'many.xlsx' has more than 100 sheets, the limit;")
    assert "SpreadsheetLimits(max_sheets=...)" in str(error)


# --------------------------------------------------------------------------- XML attacks


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


@pytest.mark.parametrize(
    ("part", "head"),
    [
        ("xl/workbook.xml", LAUGHS),
        ("xl/worksheets/sheet1.xml", LAUGHS),
        ("xl/worksheets/sheet1.xml", '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
        ("xl/sharedStrings.xml", '<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">'),
        ("xl/_rels/workbook.xml.rels", "<!DOCTYPE x>"),
        # Past the first kilobytes too: a long comment cannot hide it.
        ("xl/worksheets/sheet1.xml", "<!--" + "x" * 100_000 + "--><!DOCTYPE x>"),
    ],
)
def test_a_doctype_or_entity_is_refused(tmp_path: Path, part: str, head: str) -> None:
    rows = _header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    parts: dict[str, str | bytes] = {
        "xl/workbook.xml": (
            f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}"><sheets>'
            '<sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/worksheets/sheet1.xml": _sheet(rows),
        "xl/sharedStrings.xml": f'<sst xmlns="{NS}"><si><t>Løn</t></si></sst>',
        "xl/_rels/workbook.xml.rels": _rels(
            ("worksheet", "worksheets/sheet1.xml"), ("sharedStrings", "sharedStrings.xml")
        ),
    }
    parts[part] = head + str(parts[part])
    path = _write(tmp_path, "x.xlsx", _workbook(shared="", extra=parts))
    with _bounded(mib=4):
        error = _refusal(path)
    assert str(error) == (
        f"'x.xlsx': the part {part} declares a DOCTYPE or entities, which Excel never writes "
        "and XML attacks use. The file was not read."
    )


def test_a_doctype_is_found_in_any_encoding(tmp_path: Path) -> None:
    # The DOCTYPE is refused by the XML parser as it meets it, not by a search of the bytes
    # that an encoding could hide it from: UTF-16 is read, and its DOCTYPE refused.
    sheet = _sheet(_header_row() + _line_row(2))
    utf16 = codecs.BOM_UTF16_LE + ('<?xml version="1.0" encoding="UTF-16"?>' + sheet).encode(
        "utf-16-le"
    )
    path = _write(tmp_path, "u16.xlsx", _workbook(extra={"xl/worksheets/sheet1.xml": utf16}))
    assert len(read_budget(path).lines) == 1
    hostile = codecs.BOM_UTF16_LE + ("<!DOCTYPE x [<!ENTITY a 'b'>]>" + sheet).encode("utf-16-le")
    path = _write(tmp_path, "u16.xlsx", _workbook(extra={"xl/worksheets/sheet1.xml": hostile}))
    assert "declares a DOCTYPE or entities" in str(_refusal(path))


# --------------------------------------------------------------------------- damaged workbooks


def test_files_that_are_not_workbooks(tmp_path: Path) -> None:
    word = tmp_path / "word.xlsx"
    docx.Document().save(str(word))
    good = _workbook()
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600
    cases: dict[str, tuple[bytes | Path, str]] = {
        "empty.xlsx": (b"", "'empty.xlsx' is not an Excel workbook: it is empty (0 bytes)"),
        "text.xlsx": (
            EXAMPLE_CSV.read_bytes(),
            "'text.xlsx' is not an Excel workbook: it is text. If it is CSV, name it 'text.csv'",
        ),
        "word.xlsx": (word, "'word.xlsx' is not an Excel workbook: it is a Word document (.docx)"),
        "old.xlsx": (ole, "'old.xlsx' is not an Excel workbook (.xlsx) but an old one (.xls)"),
        "locked.xlsx": (
            ole + "EncryptedPackage".encode("utf-16-le"),
            "'locked.xlsx' is not an Excel workbook that can be read: it is protected with a "
            "password",
        ),
        "cut.xlsx": (
            good[: len(good) // 2],
            "'cut.xlsx' is a damaged Excel workbook: the zip cannot be read (File is not a zip "
            "file); it may be cut off",
        ),
        "zip.xlsx": (
            _zip({"a.txt": "a"}),
            "'zip.xlsx' is not an Excel workbook: it is a zip file without a workbook part",
        ),
        "ods.xlsx": (
            _zip(
                {
                    "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": "<x/>",
                }
            ),
            "'ods.xlsx' is not an Excel workbook: it is an OpenDocument file (.ods)",
        ),
    }
    for name, (content, message) in cases.items():
        path = content if isinstance(content, Path) else _write(tmp_path, name, content)
        assert str(_refusal(path)).startswith(message), name


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _damaged(tmp_path: Path, data: bytes) -> str:
    message = str(_refusal(_write(tmp_path, "d.xlsx", data)))
    assert message.startswith("'d.xlsx' is a damaged Excel workbook: ")
    assert message.endswith(". Open it in Excel, which may repair it, and save it again")
    return message.removeprefix("'d.xlsx' is a damaged Excel workbook: ").split(". Open it")[0]


def test_damaged_workbooks_are_named_with_their_part(tmp_path: Path) -> None:
    sheet = _sheet(_header_row() + _line_row(2))
    missing = _workbook({"Budget": sheet}, extra={})
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(missing)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            if "sheet1" not in info.filename:
                dst.writestr(info, src.read(info))
    assert _damaged(tmp_path, buffer.getvalue()) == (
        "the sheet 'Budget' has no part (xl/worksheets/sheet1.xml)"
    )
    broken = _workbook(extra={"xl/worksheets/sheet1.xml": sheet[:-20]})
    assert _damaged(tmp_path, broken).startswith(
        "the sheet 'Budget' (xl/worksheets/sheet1.xml) is not well-formed XML (line 1, column "
    )
    no_strings = _sheet(_header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    assert _damaged(tmp_path, _workbook({"Budget": no_strings})) == (
        "cells refer to shared texts, but it has none (xl/sharedStrings.xml)"
    )
    beyond = _sheet(_header_row() + '<row r="2"><c r="B2" t="s"><v>5</v></c></row>')
    assert _damaged(tmp_path, _workbook({"Budget": beyond}, shared="<si><t>a</t></si>")) == (
        "the cell B2 of sheet 'Budget' refers to shared text number 5, which the workbook does "
        "not have"
    )
    assert _damaged(tmp_path, _workbook({"Budget": sheet, "budget": sheet})) == (
        "it has two sheets named 'budget'"
    )
    wb_rels = _rels(("styles", "styles.xml"))
    assert _damaged(tmp_path, _workbook(extra={"xl/_rels/workbook.xml.rels": wb_rels})) == (
        "the sheet 'Budget' has no relationship to its part"
    )
    assert _damaged(tmp_path, _workbook(styles="", extra={"xl/styles.xml": b""})).startswith(
        "the styles (xl/styles.xml) is not well-formed XML"
    )


@pytest.mark.parametrize(
    ("rows", "damage"),
    [
        ('<row r="3"/><row r="2"/>', "row 2 comes after row 3"),
        ('<row r="2"/><row r="2"/>', "row 2 comes after row 2"),
        ('<row r="1048577"/>', "row 1,048,577 is past Excel's last row (1,048,576)"),
        ('<row r="x"/>', "a row's number is 'x'"),
        ('<row r="2"><c r="B2"/><c r="A2"/></row>', "the cell A2 comes after B2"),
        ('<row r="2"><c r="B2"/><c r="B2"/></row>', "the cell B2 comes after B2"),
        ('<row r="2"><c r="A3"/></row>', "the cell A3 stands in row 2"),
        ('<row r="2"><c r="XFE2"/></row>', "the cell XFE2 is past Excel's last column (XFD)"),
        ('<row r="2"><c r="2A"/></row>', "row 2: a cell is named '2A'"),
    ],
)
def test_cells_out_of_place_are_damage_not_a_choice(tmp_path: Path, rows: str, damage: str) -> None:
    sheet = _sheet(_header_row().replace('<row r="1">', "<row>") + rows)
    assert _damaged(tmp_path, _workbook({"Budget": sheet})) == (
        f"in the sheet 'Budget' (xl/worksheets/sheet1.xml), {damage}"
    )


def test_a_duplicate_zip_entry_is_refused(tmp_path: Path) -> None:
    data = _workbook()
    buffer = io.BytesIO(data)
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(buffer, "a") as archive,
    ):
        archive.writestr("xl/worksheets/sheet1.xml", _sheet(_header_row() + _line_row(2, "999")))
    assert _damaged(tmp_path, buffer.getvalue()) == (
        "it holds the part xl/worksheets/sheet1.xml twice"
    )


def test_a_workbook_without_a_budget_sheet(tmp_path: Path) -> None:
    empty = _workbook({}, extra={"xl/_rels/workbook.xml.rels": _rels()})
    assert str(_refusal(_write(tmp_path, "none.xlsx", empty))).startswith(
        "'none.xlsx' has no worksheet with the budget; put the budget on a sheet named Budget"
    )


# --------------------------------------------------------------------------- cells


def test_excel_errors_dates_and_long_cells_are_bad_cells_with_their_place(tmp_path: Path) -> None:
    styles = (
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-406]d. mmmm yyyy"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/>'
        '<xf numFmtId="3"/><xf numFmtId="165"/></cellXfs>'
    )
    long_text = "x" * 40_000
    rows = (
        _header_row()
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>Løn</t></is></c>'
        + f'<c r="B2" t="inlineStr"><is><t>{long_text}</t></is></c>'
        + '<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        + '<row r="3">'
        + _inline("A3", "Løn")
        + _inline("B3", "a")
        + '<c r="D3" s="1"><v>46027</v></c></row>'
        + '<row r="4">'
        + _inline("A4", "Løn")
        + _inline("B4", "b")
        + '<c r="D4" s="2"><v>46027</v></c></row>'
        + '<row r="5">'
        + _inline("A5", "Løn")
        + '<c r="B5" t="s"><v>0</v></c><c r="D5" s="3"><v>1000</v></c></row>'
        + '<row r="6">'
        + _inline("A6", "Løn")
        + _inline("B6", "c")
        + '<c r="D6" t="n"><v>1,5</v></c></row>'
        + '<row r="7">'
        + _inline("A7", "Løn")
        + _inline("B7", "d")
        + '<c r="D7" s="1"><v>1e300</v></c></row>'
    )
    path = _write(
        tmp_path,
        "cells.xlsx",
        _workbook({"Budget": _sheet(rows)}, shared=f"<si><t>{long_text}</t></si>", styles=styles),
    )
    error = _refusal(path)
    long = (
        "the cell holds more than 32,767 characters, more than Excel lets a cell hold (it "
        "starts 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'); shorten it"
    )
    assert error.problems == (
        f"sheet 'Budget', row 2, column 'Beskrivelse': {long}",
        "sheet 'Budget', row 2, column '2026': the cell shows the error #DIV/0!; correct its "
        "formula in Excel, or type the value",
        "sheet 'Budget', row 3, column '2026': 05-01-2026 is a date, not an amount; "
        "format the cell as a number",
        "sheet 'Budget', row 4, column '2026': 05-01-2026 is a date, not an amount; "
        "format the cell as a number",
        f"sheet 'Budget', row 5, column 'Beskrivelse': {long}",
        "sheet 'Budget', row 6, column '2026': the cell's stored value '1,5' is damaged (not of "
        "its type 'n'); type it again in Excel and save",
        "sheet 'Budget', row 7, column '2026': 1e300 is formatted as a date, but is no date "
        "Excel can show; format the cell as a number",
    )
    assert str(error).count("x") < 200  # a long cell is not repeated in the message


def test_saved_and_unsaved_formulas(tmp_path: Path) -> None:
    rows = (
        _header_row()
        # Excel: a saved number, and a saved empty text (t="str", empty <v>).
        + '<row r="2">'
        + _inline("A2", "Løn")
        + _inline("B2", "a")
        + '<c r="C2" t="str"><f>IF(1,"","")</f><v></v></c><c r="D2"><f>50*2</f><v>100</v></c></row>'
        # A program that cannot calculate: a shared formula and its copy, without values.
        + '<row r="3">'
        + _inline("A3", "Løn")
        + _inline("B3", "b")
        + '<c r="D3"><f t="shared" ref="D3:D4" si="0">D2*2</f></c></row>'
        + '<row r="4">'
        + _inline("A4", "Løn")
        + _inline("B4", "c")
        + '<c r="D4"><f t="shared" si="0"/></c></row>'
    )
    error = _refusal(_write(tmp_path, "f.xlsx", _workbook({"Budget": _sheet(rows)})))
    assert error.problems == (
        "sheet 'Budget', row 3, column '2026': the formula '=D2*2' has no saved value; open "
        "the file in Excel and save it again, or type the amount",
        "sheet 'Budget', row 4, column '2026': the formula copied from cell D3 has no saved "
        "value; open the file in Excel and save it again, or type the amount",
    )
    saved = rows.split('<row r="3">')[0]
    (line,) = read_budget(_write(tmp_path, "s.xlsx", _workbook({"Budget": _sheet(saved)}))).lines
    assert line.focus_area is None
    assert line.amounts[0].amount == Decimal(100)


def test_the_1904_date_system_and_strict_open_xml(tmp_path: Path) -> None:
    styles = '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
    rows = (
        _header_row()
        + '<row r="2">'
        + _inline("A2", "Løn")
        + _inline("B2", "a")
        + ('<c r="D2" s="1"><v>0</v></c></row>')
    )
    data = _workbook(
        {"Budget": _sheet(rows)}, styles=styles, workbook_pr='<workbookPr date1904="1"/>'
    )
    (problem,) = _refusal(_write(tmp_path, "mac.xlsx", data)).problems
    assert "01-01-1904 is a date" in problem
    strict = _workbook(namespace="http://purl.oclc.org/ooxml/spreadsheetml/main")
    assert len(read_budget(_write(tmp_path, "strict.xlsx", strict)).lines) == 1


def test_the_example_budget_reads_the_same_from_xlsx_and_csv(
    tmp_path: Path, example_budget: Budget
) -> None:
    budget = read_budget(_example_xlsx(tmp_path / "budget.xlsx"))
    assert budget.lines == example_budget.lines
    assert {s.kind for s in budget.funding} == {
        FundingKind.LBF,
        FundingKind.MUNICIPALITY,
        FundingKind.HOUSING_ORGANISATION,
    }
    assert budget.lines[0].category is BudgetCategory.STAFF


# --------------------------------------------------------------------------- CSV


CSV_HEADER = "Kategori;Beskrivelse;Indsatsområde;2026\r\n"


def test_a_csv_field_over_128_kb_is_named_by_row_and_line(tmp_path: Path) -> None:
    text = CSV_HEADER + "Løn;a;Fælles;1\r\n" + "Løn;" + "x" * 200_000 + ";Fælles;1\r\n"
    error = _refusal(_write(tmp_path, "big.csv", text.encode()))
    assert error.summary == "The budget in 'big.csv' cannot be read"
    assert error.problems == (
        "file 'big.csv', row 3 (from line 3): a cell is longer than 131,072 characters. Usually "
        'a quotation mark (") opens a cell and is never closed, so the rest of the file runs '
        "into it: check the quotation marks from line 3 on",
    )
    quote = CSV_HEADER + 'Løn;"Leder;Fælles;1\r\n' + "Løn;a;Fælles;1\r\n" * 20_000
    (problem,) = _refusal(_write(tmp_path, "quote.csv", quote.encode())).problems
    assert problem.startswith("file 'quote.csv', row 2 (from line 2): a cell is longer than")


def test_a_csv_cell_longer_than_excel_allows_is_a_bad_cell(tmp_path: Path) -> None:
    text = CSV_HEADER + "Løn;" + "x" * 40_000 + ";Fælles;1\r\n"
    (problem,) = _refusal(_write(tmp_path, "long.csv", text.encode())).problems
    assert problem.startswith(
        "file 'long.csv', row 2, column 'Beskrivelse': the cell holds more than 32,767 characters"
    )


def test_a_csv_line_of_a_million_cells_is_refused(tmp_path: Path) -> None:
    text = CSV_HEADER + ";" * (2 * MIB) + "\r\n"
    with _bounded(mib=40):
        (problem,) = _refusal(_write(tmp_path, "line.csv", text.encode())).problems
    assert problem == (
        "file 'line.csv', line 2: the line is longer than 1,048,576 characters, which no "
        "budget has; is it a CSV file of the budget?"
    )


def test_csv_rows_and_columns_past_the_limits(tmp_path: Path) -> None:
    # Excel pads rows with separators and writes empty rows down to its used range: fine.
    padded = CSV_HEADER.replace("\r\n", ";" * 300 + "\r\n") + ";;;;\r\n" * 20_000
    assert read_budget(_write(tmp_path, "padded.csv", padded.encode())) == Budget()
    below = CSV_HEADER + "\r\n" * 10_000 + "Løn;a;Fælles;1\r\n"
    (problem,) = _refusal(_write(tmp_path, "below.csv", below.encode())).problems
    assert problem.startswith(
        "file 'below.csv', line 10002: a value ('Løn;a;Fælles;1') below row 10,000;"
    )
    assert "SpreadsheetLimits(max_rows=...)" in problem
    limits = SpreadsheetLimits(max_rows=20_000)
    assert len(read_budget(_write(tmp_path, "below.csv", below.encode()), limits=limits).lines) == 1
    # A million empty rows below the budget are passed over in one scan, not parsed.
    empty = CSV_HEADER + "Løn;a;Fælles;1\r\n" + "\r\n" * (5 * MIB) + ';;"";\r\n'
    path = _write(tmp_path, "empty.csv", empty.encode())
    del empty
    with _bounded(mib=40):  # the file's bytes and its text: 20 MiB
        assert len(read_budget(path).lines) == 1
    right = CSV_HEADER + ";" * 200 + "x\r\n"
    (problem,) = _refusal(_write(tmp_path, "right.csv", right.encode())).problems
    assert problem.startswith("file 'right.csv', cell GS2: a value right of column GR;")


def test_csv_encodings(tmp_path: Path, example_budget: Budget) -> None:
    text = EXAMPLE_CSV.read_text("utf-8-sig")
    for name, data in {
        "plain.csv": text.encode("utf-8"),
        "bom.csv": codecs.BOM_UTF8 + text.encode("utf-8"),
        "unicode.csv": text.encode("utf-16"),  # Excel's "Unicode Text", with its BOM
    }.items():
        assert read_budget(_write(tmp_path, name, data)) == example_budget, name
    # Danish Excel's "CSV (semikolonsepareret)" is Windows-1252: refused, not guessed.
    error = _refusal(_write(tmp_path, "Lønninger.csv", text.encode("cp1252")))
    assert str(error) == (
        "'Lønninger.csv' is not UTF-8 text; in Excel save it as 'CSV UTF-8' (CSV UTF-8 "
        "(kommasepareret)). Line 1 has the byte 0xE5, as 'CSV (semikolonsepareret)' writes æ, "
        "ø and å in the older Windows-1252 encoding, which the budget reader does not guess at"
    )
    error = _refusal(_write(tmp_path, "u16.csv", "Kategori;Beskrivelse\r\n".encode("utf-16-le")))
    assert str(error).startswith("'u16.csv', line 1: a NUL character, which CSV text never holds")
    nul = CSV_HEADER + "Løn;a\x00b;Fælles;1\r\n"
    assert str(_refusal(_write(tmp_path, "nul.csv", nul.encode()))).startswith(
        "'nul.csv', line 2: a NUL character"
    )


def test_csv_files_that_are_not_csv(tmp_path: Path) -> None:
    cases = {
        "book.csv": (
            _workbook(),
            "'book.csv' is not CSV text but an Excel workbook or another "
            "zip file; if it is the budget workbook, name it 'book.xlsx'",
        ),
        "old.csv": (
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100,
            "'old.csv' is not CSV text but an old Excel workbook (.xls)",
        ),
    }
    for name, (data, message) in cases.items():
        assert str(_refusal(_write(tmp_path, name, data))).startswith(message)


def test_paths_that_are_no_budget_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    error = _refusal(missing)
    assert str(error) == f"'{missing}': no such file; check the path of the budget"
    assert isinstance(error, FileNotFoundError)  # as read_budget always raised
    folder = tmp_path / "budget.xlsx"
    folder.mkdir()
    assert str(_refusal(folder)) == (
        f"'{folder}' is a folder, not a budget file; give the path of the .csv or .xlsx file in it"
    )
    assert "is not a valid file name" in str(_refusal(Path("bud\0get.csv")))
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.csv"
        os.mkfifo(fifo)
        assert str(_refusal(fifo)) == (
            f"'{fifo}' is not a regular file; give the path of the budget file"
        )
    if sys.platform != "win32" and os.geteuid() != 0:
        locked = _write(tmp_path, "locked.csv", b"x")
        locked.chmod(0)
        assert "cannot be read (Permission denied)" in str(_refusal(locked))


def test_csv_limits_on_file_size(tmp_path: Path) -> None:
    path = _write(tmp_path, "b.csv", EXAMPLE_CSV.read_bytes())
    error = _refusal(path, SpreadsheetLimits(max_file_bytes=1_000))
    assert str(error).startswith("'b.csv' is larger than 1,000 bytes, the limit; a budget is")


# --------------------------------------------------------------------------- fuzzing
#
# Damaged copies of the example budget, as CSV and as .xlsx (stored, so byte damage reaches the
# XML, and deflated, so it reaches the zip): read_budget returns a Budget or raises a
# DelaftaleError that names the file, quickly. The strategies are built here from bytes.

FUZZ = settings(
    max_examples=150,
    deadline=None,  # no timing in tests: the machines are shared
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _assert_contract(path: Path) -> None:
    message: str | None = None
    try:
        result = read_budget(path)
    except DelaftaleError as error:
        message = str(error)
    else:
        assert isinstance(result, Budget)
    if message is not None:
        assert path.name in message, message
        assert "object at 0x" not in message


@pytest.fixture(scope="module")
def example_xlsx(tmp_path_factory: pytest.TempPathFactory) -> dict[int, bytes]:
    path = _example_xlsx(tmp_path_factory.mktemp("fuzz") / "budget.xlsx")
    stored = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    return {zipfile.ZIP_DEFLATED: path.read_bytes(), zipfile.ZIP_STORED: stored.getvalue()}


@FUZZ
@given(data=st.data())
def test_fuzz_damaged_csv(tmp_path: Path, data: st.DataObject) -> None:
    damaged = data.draw(damaged_bytes(EXAMPLE_CSV.read_bytes()))
    _assert_contract(_write(tmp_path, "budget.csv", damaged))


@FUZZ
@given(data=st.data(), compression=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
def test_fuzz_damaged_xlsx(
    tmp_path: Path, example_xlsx: dict[int, bytes], data: st.DataObject, compression: int
) -> None:
    damaged = data.draw(damaged_bytes(example_xlsx[compression]))
    _assert_contract(_write(tmp_path, "budget.xlsx", damaged))


@FUZZ
@given(cells=sheet_cells())
def test_fuzz_random_cells(tmp_path: Path, cells: str) -> None:
    styles = '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="46"/></cellXfs>'
    rows = _header_row() + cells
    data = _workbook({"Budget": _sheet(rows)}, shared="<si><t>Løn</t></si>", styles=styles)
    _assert_contract(_write(tmp_path, "budget.xlsx", data))


# --------------------------------------------------------------------------- merged cells


def test_merged_cells_below_the_header_are_named_not_read_as_one_year(
    tmp_path: Path, example_budget: Budget
) -> None:
    path = _example_xlsx(tmp_path / "budget.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Budget"]
    # Row 2 is 'Løn, boligsocial leder' with 150.000 in each of F2:I2 (the example CSV);
    # merged, Excel shows 150.000 across the four years and keeps it in F2 only.
    sheet.merge_cells("F2:I2")
    book.save(path)
    with pytest.raises(DataError) as info:
        read_budget(path)
    assert info.value.problems == (
        "sheet 'Budget', row 2: the cells F2:I2 are merged, and Excel keeps their value in F2 "
        "only; unmerge them and write each cell's own value (an amount in every year's column)",
    )


def test_a_merged_title_above_the_header_is_fine(tmp_path: Path, example_budget: Budget) -> None:
    path = _example_xlsx(tmp_path / "budget.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Budget"]
    sheet.insert_rows(1)
    sheet["A1"] = "Budget for helhedsplanen 2025-2029"
    sheet.merge_cells("A1:I1")
    sheet.merge_cells("A30:C31")  # an empty merged area below the table changes nothing
    book.save(path)
    assert read_budget(path) == example_budget


def test_a_windows_1252_byte_after_a_bom_is_named_where_it_is(tmp_path: Path) -> None:
    # A UTF-8 byte-order mark, then the header in Windows-1252: the first bad byte is the å
    # of "Indsatsområde" (0xE5), not the "o" three bytes before it (0x6F).
    text = EXAMPLE_CSV.read_text("utf-8-sig")
    path = _write(tmp_path, "budget.csv", codecs.BOM_UTF8 + text.encode("cp1252"))
    message = str(_refusal(path))
    assert "Line 1 has the byte 0xE5" in message
