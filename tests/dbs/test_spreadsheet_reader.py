"""Reading providers' spreadsheets in every format, and refusing broken or hostile files with
one clear message (issue 4, points 3, 8 and 12)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from bscp_monitor.dbs import spreadsheet_reader
from bscp_monitor.dbs.importer import read_plan
from bscp_monitor.dbs.spreadsheet_reader import SpreadsheetError, read_spreadsheet
from tests.dbs.sheets import write_csv, write_ods, write_sheet, write_xls, write_xlsx

TODAY = date(2025, 6, 15)

# One SCR-style table: a title row, the header, staff, a blank row, a note under the table.
SCR = [
    ["Single Central Record — Sunrise Care (£ budget holder: Zoë Brontë)", None, None, None, None],
    ["Name", "Role", "DBS Certificate Number", "DBS Issue Date", "DBS Level"],
    ["Zoë Brontë", "Manager (£)", "001234567890", date(2021, 3, 12), "Enhanced with barred list"],
    ["Siobhán O'Connor", "Cook", "0098 7654 3210", date(2019, 11, 2), "Basic"],
    [None, None, None, None, None],
    ["Ann Lee", "Driver", "ABC", date(2022, 1, 5), "Enhanced"],
    ["Total staff: 3", None, None, None, None],
]
EXPECTED_ROWS = [
    ["Name", "Role", "DBS Certificate Number", "DBS Issue Date", "DBS Level"],
    ["Zoë Brontë", "Manager (£)", "001234567890", date(2021, 3, 12), "Enhanced with barred list"],
    ["Siobhán O'Connor", "Cook", "0098 7654 3210", date(2019, 11, 2), "Basic"],
]


def _as_date(value: object) -> object:
    """CSV cells are text; the other formats hold real dates."""
    if isinstance(value, str) and value.count("/") == 2:
        day, month, year = value.split("/")
        return date(int(year), int(month), int(day))
    return value


def _summary(path: Path) -> list[tuple[object, ...]]:
    plan = read_plan(path, "Sunrise Care", today=TODAY)
    return [
        (
            v.row,
            v.values,
            tuple((p.row, p.column, p.severity, p.message) for p in v.problems),
        )
        for v in plan.verdicts()
    ]


FORMATS = [
    ("xlsx", lambda p: write_xlsx(p, {"Staff": SCR})),
    ("xlsm", lambda p: write_xlsx(p, {"Staff": SCR})),
    ("xls", lambda p: write_xls(p, {"Staff": SCR})),
    ("ods", lambda p: write_ods(p, {"Staff": SCR})),
    ("csv", lambda p: write_csv(p, SCR)),
    ("csv", lambda p: write_csv(p, SCR, bom=True)),
    ("csv", lambda p: write_csv(p, SCR, encoding="cp1252")),
    ("csv", lambda p: write_csv(p, SCR, delimiter=";")),
    ("csv", lambda p: write_csv(p, SCR, encoding="cp1252", delimiter=";")),
    ("csv", lambda p: write_csv(p, SCR, delimiter="\t")),
]
FORMAT_IDS = [
    "xlsx",
    "xlsm",
    "xls",
    "ods",
    "csv-utf8",
    "csv-utf8-bom",
    "csv-cp1252",
    "csv-semicolon",
    "csv-cp1252-semicolon",
    "csv-tab",
]


@pytest.mark.parametrize(("suffix", "write"), FORMATS, ids=FORMAT_IDS)
def test_every_format_reads_the_same_rows(tmp_path: Path, suffix: str, write: object) -> None:
    path = tmp_path / f"scr.{suffix}"
    write(path)  # type: ignore[operator]
    [sheet] = read_spreadsheet(path)
    assert sheet.name == (None if suffix == "csv" else "Staff")
    assert sheet.first_row_number == 1
    rows = [[_as_date(c) for c in row[:5]] for row in sheet.rows]
    assert rows[1:4] == EXPECTED_ROWS
    assert rows[0][0].startswith("Single Central Record — Sunrise Care (£")
    assert rows[4] == [None] * 5 or rows[4] == [] or all(c is None for c in rows[4])
    assert rows[5][0] == "Ann Lee"
    assert rows[6][0] == "Total staff: 3"
    assert len(rows) == 7


def test_every_format_gives_the_same_verdicts(tmp_path: Path) -> None:
    summaries = {}
    for (suffix, write), name in zip(FORMATS, FORMAT_IDS, strict=True):
        path = tmp_path / f"{name}.{suffix}"
        write(path)  # type: ignore[operator]
        summaries[name] = _summary(path)
    reference = summaries["xlsx"]
    assert [row for row, _values, _problems in reference] == [3, 4, 6]  # row 7: a note
    assert reference[0][1] is not None
    assert reference[0][1].full_name == "Zoë Brontë"
    assert reference[1][1] is not None
    assert reference[1][1].certificate_number == "009876543210"
    assert reference[2][1] is None  # a bad number
    for name, summary in summaries.items():
        assert summary == reference, name


def test_xlsm_is_read_by_calamine(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "macro.xlsm", {"Staff": SCR})
    with zipfile.ZipFile(path) as archive:
        assert "xl/workbook.xml" in archive.namelist()
    [sheet] = read_spreadsheet(path)
    assert sheet.rows[2][0] == "Zoë Brontë"


def test_row_numbers_and_columns_as_the_spreadsheet_shows_them(tmp_path: Path) -> None:
    # A table starting at B3: leading empty rows and columns are kept, so indexes match.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Staff"
    for c, text in enumerate(["Name", "DBS No", "Issued"], start=2):
        sheet.cell(row=3, column=c, value=text)
    sheet.cell(row=5, column=2, value="Ann Lee")
    book.save(tmp_path / "offset.xlsx")
    [data] = read_spreadsheet(tmp_path / "offset.xlsx")
    assert data.rows[2][1:4] == ["Name", "DBS No", "Issued"]
    assert data.rows[4][1] == "Ann Lee"
    plan = read_plan(tmp_path / "offset.xlsx", "P", today=TODAY)
    assert plan.sheets[0].header_row == 3
    assert [v.row for v in plan.verdicts()] == [5]


# --- several sheets ---------------------------------------------------------------------------


def _book(tmp_path: Path, suffix: str = "xlsx") -> Path:
    sheets = {
        "Staff": [SCR[1], SCR[2]],
        "Notes": [["Read me"], ["This list was updated in March."]],
        "Volunteers": [
            ["Volunteer name", "DBS No", "Date of issue"],
            ["Ann Lee", "111122223333", date(2023, 5, 1)],
        ],
    }
    path = tmp_path / f"book.{suffix}"
    {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods}[suffix](path, sheets)
    return path


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_several_sheets(tmp_path: Path, suffix: str) -> None:
    path = _book(tmp_path, suffix)
    assert [s.name for s in read_spreadsheet(path)] == ["Staff", "Notes", "Volunteers"]
    [only] = read_spreadsheet(path, "Volunteers")
    assert only.name == "Volunteers"
    assert only.rows[1][0] == "Ann Lee"
    # Without a sheet named, every sheet with a header is imported; "Notes" has none.
    plan = read_plan(path, "P", today=TODAY)
    assert [s.name for s in plan.sheets] == ["Staff", "Volunteers"]
    assert [v.values.full_name for v in plan.verdicts() if v.values] == ["Zoë Brontë", "Ann Lee"]
    plan = read_plan(path, "P", sheet="Volunteers", today=TODAY)
    assert [s.name for s in plan.sheets] == ["Volunteers"]
    assert [v.row for v in plan.verdicts()] == [2]


def test_an_unknown_sheet_names_the_sheets(tmp_path: Path) -> None:
    path = _book(tmp_path)
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(path, "Staff list")
    message = str(caught.value)
    assert "no sheet called 'Staff list'" in message
    assert "'Staff', 'Notes', 'Volunteers'" in message
    with pytest.raises(SpreadsheetError, match="no sheet called"):
        read_plan(path, "P", sheet="staff")  # sheet names are exact


def test_a_sheet_named_in_a_csv_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "staff.csv", SCR)
    with pytest.raises(SpreadsheetError, match="CSV file: it has no sheet called 'Staff'"):
        read_spreadsheet(path, "Staff")


def test_a_sheet_without_a_header_when_named(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match="No table of staff was found in the sheet 'Notes'"):
        read_plan(_book(tmp_path), "P", sheet="Notes")


# --- file-level failures ----------------------------------------------------------------------


def _refused(path: Path, *fragments: str) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_plan(path, "P", today=TODAY)
    message = str(caught.value)
    assert "\n" not in message
    assert "Traceback" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "nowhere.xlsx", "nowhere.xlsx does not exist")


def test_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "staff.xlsx"
    folder.mkdir()
    _refused(folder, "is a folder, not a spreadsheet")


@pytest.mark.parametrize("name", ["staff.docx", "staff.pdf", "staff", "staff.txt", "staff.numbers"])
def test_an_unknown_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not really")
    _refused(path, "is not a spreadsheet BSCP Monitor reads", ".xlsx, .xlsm, .xls, .ods or .csv")


def test_extensions_are_read_whatever_their_case(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "STAFF.XLSX", {"Staff": SCR})
    assert read_spreadsheet(path)[0].rows[2][0] == "Zoë Brontë"


@pytest.mark.parametrize("suffix", ["xlsx", "xlsm", "ods", "xls"])
def test_a_text_file_renamed_as_a_spreadsheet(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"staff.{suffix}"
    path.write_text("Name,DBS No,Issued\nAnn Lee,001234567890,12/03/2021\n", encoding="utf-8")
    _refused(path, f"is not a real .{suffix} spreadsheet")


def test_a_truncated_xlsx(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", {"Staff": SCR}).read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    _refused(path, "truncated.xlsx is damaged or truncated")


def test_a_truncated_xls_and_ods(tmp_path: Path) -> None:
    for suffix, writer in (("xls", write_xls), ("ods", write_ods)):
        whole = writer(tmp_path / f"whole.{suffix}", {"Staff": SCR}).read_bytes()
        path = tmp_path / f"truncated.{suffix}"
        path.write_bytes(whole[: len(whole) // 2])
        _refused(path, f"truncated.{suffix}")


def test_a_damaged_xml_member(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "staff.xlsx", {"Staff": SCR})
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    _refused(path, "is damaged", "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods", "csv"])
def test_an_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty.{suffix}"
    path.write_bytes(b"")
    _refused(path, "empty.", "is empty")


def test_a_password_protected_file_ole_header(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    _refused(path, "locked.xlsx is password-protected")


def test_a_really_encrypted_xlsx(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = write_xlsx(tmp_path / "plain.xlsx", {"Staff": SCR})
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        ooxml.OOXMLFile(handle).encrypt("s3cret", encrypted)
    path = tmp_path / "encrypted.xlsx"
    path.write_bytes(encrypted.getvalue())
    _refused(path, "encrypted.xlsx is password-protected")


def test_a_binary_csv(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(b"Name,DBS No\x00\x01\x02,Issued\n" * 10)
    _refused(path, "is not a text CSV file")


def test_no_header_found(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", {"Sheet1": [["Ann Lee", "001234567890"]] * 3})
    _refused(path, "No table of staff was found in list.xlsx", "--map")
    csv_path = write_csv(tmp_path / "list.csv", [["a", "b", "c"], ["1", "2", "3"]])
    _refused(csv_path, "No table of staff was found in list.csv")


def test_a_header_without_a_name_column(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "nameless.xlsx",
        {"Staff": [["Role", "DBS No", "Issued"], ["Carer", "001234567890", "12/03/2021"]]},
    )
    _refused(path, "No column of names was found")


# --- hostile files ----------------------------------------------------------------------------


def _rewrite_member(path: Path, member: str, change: object) -> None:
    """Rewrite one member of a zip package in place (the others copied as they are)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    assert member in [info.filename for info, _ in items]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == member:
                data = change(data)  # type: ignore[operator]
            target.writestr(info.filename, data)


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>\n'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


def _with_doctype(doctype: bytes, entity: bytes) -> object:
    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        # Use the entity inside the first text node so a parser would expand it.
        return doctype + body.replace(b"<t>", b"<t>" + entity, 1)

    return change


def _shared_strings_book(path: Path, shared: bytes) -> Path:
    """An .xlsx whose name cell A2 comes from xl/sharedStrings.xml, as Excel writes it
    (openpyxl writes inline strings, so the part is added by hand)."""
    write_xlsx(path, {"Staff": [["Name", "DBS No", "Issued"], ["placeholder", None, None]]})
    with zipfile.ZipFile(path) as source:
        items = {info.filename: source.read(info) for info in source.infolist()}
    items["xl/sharedStrings.xml"] = shared
    items["xl/_rels/workbook.xml.rels"] = items["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    sheet = items["xl/worksheets/sheet1.xml"]
    inline = b'<c r="A2" t="inlineStr"><is><t>placeholder</t></is></c>'
    assert inline in sheet
    items["xl/worksheets/sheet1.xml"] = sheet.replace(inline, b'<c r="A2" t="s"><v>0</v></c>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in items.items():
            target.writestr(name, data)
    return path


SST = (
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>%s</t></si></sst>'
)


def test_shared_strings_are_read(tmp_path: Path) -> None:
    # The hand-made shared strings part is sound: without a DOCTYPE it reads normally.
    path = _shared_strings_book(tmp_path / "shared.xlsx", SST % b"Ann Lee")
    [sheet] = read_spreadsheet(path)
    assert sheet.rows[1][0] == "Ann Lee"


@pytest.mark.parametrize(
    ("doctype", "entity"), [(BILLION_LAUGHS, b"&lol2;"), (EXTERNAL_ENTITY, b"&xxe;")]
)
def test_entity_attacks_in_shared_strings_are_refused(
    tmp_path: Path, doctype: bytes, entity: bytes
) -> None:
    path = _shared_strings_book(tmp_path / "attack.xlsx", doctype + SST % entity)
    _refused(path, "attack.xlsx contains XML entity declarations", "not opened")


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_entity_attacks_in_other_parts_are_refused(tmp_path: Path, member: str) -> None:
    path = write_xlsx(tmp_path / "attack.xlsx", {"Staff": SCR})
    _rewrite_member(path, member, _with_doctype(BILLION_LAUGHS, b"&lol2;"))
    _refused(path, "attack.xlsx contains XML entity declarations", "not opened")


def test_an_entity_attack_in_an_ods(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "attack.ods", {"Staff": SCR})
    _rewrite_member(path, "content.xml", _with_doctype(BILLION_LAUGHS, b""))
    _refused(path, "attack.ods contains XML entity declarations")


def _add_zeros(path: Path, name: str, megabytes: int) -> None:
    """Append a member of zeros, streamed in 1 MB chunks (it compresses about 1000:1)."""
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", {"Staff": SCR})
    _add_zeros(path, "xl/media/padding.bin", 450)
    assert path.stat().st_size < 1024 * 1024
    _refused(path, "bomb.xlsx expands to far more data than a staff list holds", "zip bomb")


def test_a_small_member_with_a_huge_ratio_is_refused(tmp_path: Path) -> None:
    # Far under the total limit, but a 20 MB member squeezed 1000:1 is no staff list.
    path = write_xlsx(tmp_path / "ratio.xlsx", {"Staff": SCR})
    _add_zeros(path, "xl/media/padding.bin", 20)
    _refused(path, "zip bomb")


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods", "csv"])
def test_over_the_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    monkeypatch.setenv("BSCP_MONITOR_MAX_ROWS", "5")
    rows = [SCR[1]] + [[f"Person {chr(65 + i)}", "Carer", None, None, None] for i in range(8)]
    path = write_sheet(tmp_path / f"long.{suffix}", rows)
    message = _refused(path, "long.", "limit")
    assert "5" in message
    monkeypatch.setenv("BSCP_MONITOR_MAX_ROWS", "9")
    assert len(read_spreadsheet(path)[0].rows) == 9  # at the limit is fine


def test_over_the_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "big.xlsx", {"Staff": SCR})
    monkeypatch.setattr(spreadsheet_reader, "MAX_FILE_BYTES", 1024)
    _refused(path, "big.xlsx is", "the limit is")
