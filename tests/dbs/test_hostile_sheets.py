"""Files that claim more than a staff list holds are refused before a grid is built, and
whatever a reader raises is one line (issue 12, point 6)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from bscp_monitor.cli.main import main
from bscp_monitor.dbs.importer import read_plan
from bscp_monitor.dbs.rejects import safe_sheet_title, write_rejects
from bscp_monitor.dbs.sheet_bounds import SheetBounds, SheetTooLarge
from bscp_monitor.dbs.spreadsheet_reader import SpreadsheetError, read_spreadsheet
from tests.dbs.sheets import write_csv, write_ods, write_xls, write_xlsx

HEADER = ["Name", "Role", "DBS Certificate Number", "DBS Issue Date", "DBS Level"]
ROWS = [HEADER, ["Ann Lee", "Cook", "001234567890", "01/02/2024", "Enhanced"]]


def with_sheet_data(path: Path, sheet_data: str, dimension: str | None = None) -> Path:
    """An .xlsx whose first sheet's <sheetData> (and <dimension>) are replaced."""
    base = write_xlsx(path.with_name("base-" + path.name), {"Staff": ROWS})
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(
                    r"<sheetData>.*</sheetData>", f"<sheetData>{sheet_data}</sheetData>", text
                )
                if dimension:
                    text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', text)
                data = text.encode()
            out.writestr(info, data, zipfile.ZIP_DEFLATED)
    return path


NAME = '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'


@pytest.mark.parametrize(
    ("sheet_data", "dimension", "reaches"),
    [
        (NAME + '<row r="3"><c r="ZZZZZZ3"><v>1</v></c></row>', None, "column 321,272,406"),
        (NAME + '<row r="5000"><c r="XFD5000"><v>1</v></c></row>', None, "column 16,384"),
        (NAME + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', None, "row 1,048,576"),
        # Lower case, single quotes and spaces round the '=': calamine reads them all.
        (NAME + "<row r=\"3\"><c\n r =\n 'zzz3'><v>1</v></c></row>", None, "column 18,278"),
        # Cells without a reference are placed one after another.
        (NAME + "<row>" + "<c><v>1</v></c>" * 501 + "</row>", None, "column 501"),
        (NAME, "A1:XFD1048576", "row 1,048,576"),
        # 10,000 rows by 500 columns: each bound kept, but 5,000,000 cells.
        (NAME + '<row r="10000"><c r="SF10000"><v>1</v></c></row>', None, "column 500"),
    ],
    ids=["ZZZZZZ3", "XFD5000", "XFD1048576", "odd-spelling", "no-references", "dimension", "cells"],
)
def test_an_xlsx_reaching_too_far_is_refused_before_reading(
    tmp_path: Path, sheet_data: str, dimension: str | None, reaches: str
) -> None:
    path = with_sheet_data(tmp_path / "hostile.xlsx", sheet_data, dimension)
    with pytest.raises(SheetTooLarge) as caught:
        read_spreadsheet(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("The sheet 'Staff' of hostile.xlsx reaches row")
    assert reaches in message
    assert "the limit is 200,000 rows, 500 columns and 4,000,000 cells" in message


def test_an_xlsx_at_the_bounds_is_read(tmp_path: Path) -> None:
    path = with_sheet_data(
        tmp_path / "wide.xlsx", NAME + '<row r="3"><c r="SF3"><v>7</v></c></row>'
    )
    sheet = read_spreadsheet(path)[0]
    assert len(sheet.rows) == 3
    assert len(sheet.rows[2]) == 500
    assert sheet.rows[2][499] == 7


def test_the_bounds_can_be_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "staff.xlsx", {"Staff": ROWS})
    read_spreadsheet(path)
    monkeypatch.setenv("BSCP_MONITOR_MAX_COLUMNS", "4")
    with pytest.raises(SheetTooLarge, match="column 5; the limit is 200,000 rows, 4 columns"):
        read_spreadsheet(path)
    assert read_spreadsheet(path, bounds=SheetBounds(columns=5))[0].rows[1][0] == "Ann Lee"
    monkeypatch.setenv("BSCP_MONITOR_MAX_COLUMNS", "many")
    with pytest.raises(Exception, match="BSCP_MONITOR_MAX_COLUMNS should be a whole number"):
        read_spreadsheet(path)


def test_an_ods_with_repeated_data_beyond_the_bounds_is_refused(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "staff.ods", {"Staff": ROWS})
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    content = parts["content.xml"].decode()
    # One data cell repeated across 600 columns, in a row repeated 300,000 times.
    repeated = (
        '<table:table-row table:number-rows-repeated="300000"><table:table-cell '
        'table:number-columns-repeated="600" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    content = content.replace("</table:table>", repeated + "</table:table>", 1)
    parts["content.xml"] = content.encode()
    hostile = tmp_path / "hostile.ods"
    with zipfile.ZipFile(hostile, "w") as out:
        out.writestr("mimetype", parts.pop("mimetype"), zipfile.ZIP_STORED)
        for name, data in parts.items():
            out.writestr(name, data, zipfile.ZIP_DEFLATED)
    with pytest.raises(SheetTooLarge, match=r"^The sheet 'Staff' of hostile.ods reaches row"):
        read_spreadsheet(hostile)


def test_an_ods_with_empty_repeats_to_the_sheet_end_is_read(tmp_path: Path) -> None:
    # LibreOffice writes the empty rest of a sheet as repeated empty rows and cells.
    path = write_ods(tmp_path / "staff.ods", {"Staff": ROWS})
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    tail = (
        '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = parts["content.xml"].decode().replace("</table:table>", tail + "</table:table>")
    parts["content.xml"] = content.encode()
    padded = tmp_path / "padded.ods"
    with zipfile.ZipFile(padded, "w") as out:
        out.writestr("mimetype", parts.pop("mimetype"), zipfile.ZIP_STORED)
        for name, data in parts.items():
            out.writestr(name, data, zipfile.ZIP_DEFLATED)
    assert read_spreadsheet(padded)[0].rows[1][0] == "Ann Lee"


def test_an_xls_with_a_far_cell_is_refused(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Big")
    sheet.write(0, 0, "Name")
    sheet.write(65535, 255, "x")
    book.save(str(tmp_path / "big.xls"))
    with pytest.raises(SheetTooLarge, match="^The sheet 'Big' of big.xls reaches row 65,536"):
        read_spreadsheet(tmp_path / "big.xls")


def test_a_truncated_xls_is_one_line_and_nothing_on_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Truncated, the reader panics (a BaseException) and Rust prints to descriptor 2.
    data = write_xls(tmp_path / "whole.xls", {"Staff": ROWS * 40}).read_bytes()
    for cut in (len(data) - 100, len(data) - 300, len(data) // 2):
        (tmp_path / "cut.xls").write_bytes(data[:cut])
        with pytest.raises(SpreadsheetError) as caught:
            read_spreadsheet(tmp_path / "cut.xls")
        assert "\n" not in str(caught.value)
        assert str(caught.value).startswith("cut.xls cannot be read")
    assert capfd.readouterr().err == ""


def test_a_csv_row_wider_than_the_bound_is_refused_before_it_is_split(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("Name,Role\n" + "x," * 20_000_000 + "\n")
    with pytest.raises(SheetTooLarge, match="^wide.csv reaches row 1 and column 501; the limit"):
        read_spreadsheet(path)
    quoted = tmp_path / "quoted.csv"  # commas inside quotes are not cells
    write_csv(quoted, [HEADER, ["Ann Lee", "," * 900, "001234567890", "01/02/2024", "Enhanced"]])
    assert read_spreadsheet(quoted)[0].rows[1][1] == "," * 900


def test_safe_sheet_titles() -> None:
    taken: set[str] = set()
    assert safe_sheet_title("Staff/Volunteers [2025]: *all*?", taken) == "Staff Volunteers 2025 all"
    assert safe_sheet_title("STAFF VOLUNTEERS 2025 ALL", taken) == "STAFF VOLUNTEERS 2025 ALL (2)"
    long = "A very long sheet name that goes past thirty-one characters"
    assert safe_sheet_title(long, taken) == long[:31]
    assert safe_sheet_title(long, taken) == long[:27] + " (2)"
    assert safe_sheet_title("'\\\\'", taken) == "Rejected rows"
    assert safe_sheet_title(None, taken) == "Rejected rows (2)"
    assert all(len(t) <= 31 for t in taken)


def test_rejects_from_any_sheet_name_and_the_widest_row(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wide = ["Bob Jones", "Cook", "12345", "01/02/2024", "Enhanced", *(["x"] * 495)]
    path = write_ods(tmp_path / "staff.ods", {"Staff/Agency: [1]": [HEADER, wide]})
    plan = read_plan(path, "Sunrise Care")
    assert plan.verdicts()[0].rejected
    out = tmp_path / "rejects.xlsx"
    assert write_rejects(plan, out) == 1
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Staff Agency 1"]
    row = next(book["Staff Agency 1"].iter_rows(min_row=2, values_only=True))
    assert row[0] == "Bob Jones"
    assert row[499] == "x"
    assert row[500] == 2


def test_the_command_line_says_one_line_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "register.sqlite3"
    good = write_xlsx(tmp_path / "good.xlsx", {"Staff": ROWS})
    assert main(["import-dbs", str(good), "--provider", "Sunrise", "--db", str(db)]) == 0
    before = db.read_bytes()
    hostile = with_sheet_data(
        tmp_path / "hostile.xlsx", NAME + '<row r="5000"><c r="XFD5000"><v>1</v></c></row>'
    )
    capsys.readouterr()
    code = main(["import-dbs", str(hostile), "--provider", "Sunrise", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert "The sheet 'Staff' of hostile.xlsx reaches row 5,000 and column 16,384" in err
    assert db.read_bytes() == before


def _with_shared_strings(path: Path, strings: list[str], cells: int) -> Path:
    """An .xlsx whose column A names shared string 1 in rows 2 to ``cells`` + 1."""
    base = write_xlsx(path.with_name("base-" + path.name), {"Staff": ROWS})
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(2, cells + 2)
    )
    sst = "".join(f"<si><t>{text}</t></si>" for text in strings)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>".encode(), data
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            out.writestr(info, data, zipfile.ZIP_DEFLATED)
        out.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + sst
            + "</sst>",
            zipfile.ZIP_DEFLATED,
        )
    return path


def test_one_long_shared_string_shown_in_many_cells_is_refused(tmp_path: Path) -> None:
    # 7 KB on disk; read, 200 copies of a million characters, twice over.
    path = _with_shared_strings(tmp_path / "repeated.xlsx", ["Name", "y" * 1_000_000], 200)
    with pytest.raises(SheetTooLarge) as caught:
        read_spreadsheet(path)
    assert str(caught.value) == (
        "The sheet 'Staff' of repeated.xlsx repeats text in its cells to over 100 million "
        "characters when read (no staff list does); it was not opened."
    )
    # Shared strings as Excel writes them, a short one in many cells, are read.
    fine = _with_shared_strings(tmp_path / "fine.xlsx", ["Name", "Ann Lee"], 3000)
    sheet = read_spreadsheet(fine)[0]
    assert sheet.rows[0] == ["Name"]
    assert sheet.rows[3000] == ["Ann Lee"]


def test_long_text_in_repeated_ods_cells_is_refused(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "staff.ods", {"Staff": ROWS})
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    repeated = (
        '<table:table-row table:number-rows-repeated="2000"><table:table-cell '
        'table:number-columns-repeated="5" office:value-type="string">'
        f"<text:p>{'z' * 20_000}</text:p></table:table-cell></table:table-row>"
    )
    content = parts["content.xml"].decode().replace("</table:table>", repeated + "</table:table>")
    parts["content.xml"] = content.encode()
    hostile = tmp_path / "hostile.ods"
    with zipfile.ZipFile(hostile, "w") as out:
        out.writestr("mimetype", parts.pop("mimetype"), zipfile.ZIP_STORED)
        for name, data in parts.items():
            out.writestr(name, data, zipfile.ZIP_DEFLATED)
    with pytest.raises(SheetTooLarge, match="repeats text in its cells to over 100 million"):
        read_spreadsheet(hostile)


def _xls_records(path: Path) -> tuple[bytes, list[tuple[int, int, int]]]:
    import struct

    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        data = ole.openstream("Workbook").read()
    records, offset = [], 0
    while offset + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, offset)
        records.append((kind, offset + 4, length))
        offset += 4 + length
    return data, records


def test_xls_shared_strings_are_measured_across_continue_records(tmp_path: Path) -> None:
    from bscp_monitor.dbs.xls_bounds import shared_string_lengths

    strings = ["Name", "Zoë Brontë", "x" * 9000, "Ann Lee", "é" * 9000, "Bo"]
    path = write_xls(tmp_path / "strings.xls", {"Staff": [[s] for s in strings]})
    assert shared_string_lengths(*_xls_records(path)) == [len(s) for s in strings]


def test_one_long_xls_string_shown_in_many_cells_is_refused(tmp_path: Path) -> None:
    long = "y" * 30_000
    rows = [["Name", "Role"]] + [["Ann Lee", long] for _ in range(3500)]
    path = write_xls(tmp_path / "repeated.xls", {"Staff": rows})
    assert path.stat().st_size < 300_000  # 105 million characters when read
    with pytest.raises(SheetTooLarge, match="^The sheet 'Staff' of repeated.xls repeats text"):
        read_spreadsheet(path)
    rows = [["Name", "Role"]] + [["Ann Lee", "Carer"] for _ in range(3500)]
    assert len(read_spreadsheet(write_xls(tmp_path / "fine.xls", {"Staff": rows}))[0].rows) == 3501
