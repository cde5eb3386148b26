"""More sheets in the shapes providers really send, unlike those in real_sheets.py: an
independent fostering agency's SCR with a tab per kind of person and headers worded as
their own forms word them; a council-style sheet (frozen panes, hidden columns, merged
title, a totals row, dates typed in many spellings and Excel serial numbers in a text
column); an HR system's CSV export (semicolons, a BOM, quoted fields); a LibreOffice .ods
with its header on row 7 under a logo and instructions; and two header rows where some
groups span three columns, with sub-heading and blank rows in the middle of the table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.dbs.sheets import Rows, write_csv, write_ods, write_xlsx

AGENCY_HEADER = [
    "Name (as on DBS)",
    "Job title",
    "DBS Disclosure Ref",
    "Disclosure date",
    "Enhanced DBS with barred list check (Y/N)",
    "Date of Children's Barred List check",
    "Prohibition from teaching check",
    "Section 128 check",
    "DBS Update Service (subscribed?)",
    "Date Update Service last checked",
    "Re-check due",
]


def fostering_scr(path: Path) -> Path:
    """An independent fostering agency's SCR: Staff / Volunteers / Contractors /
    Governors & Trustees tabs, one header on each."""

    def tab(*people: list[object]) -> Rows:
        return [["Brighter Futures Fostering — Single Central Record"], AGENCY_HEADER, *people]

    return write_xlsx(
        path,
        {
            "Staff": tab(
                [
                    "Amira Haddad",
                    "Supervising social worker",
                    "001234567851",
                    date(2023, 2, 1),
                    "Y",
                    date(2023, 2, 1),
                    "N/A",
                    "N/A",
                    "Yes",
                    date(2025, 8, 1),
                    date(2026, 2, 1),
                ],
                [
                    "Tom Baker",
                    "Finance officer",
                    "001234567852",
                    date(2022, 6, 10),
                    "N",
                    "N/A",
                    "N/A",
                    "N/A",
                    "No",
                    None,
                    date(2025, 6, 10),
                ],
            ),
            "Volunteers": tab(
                [
                    "Sue Ellis",
                    "Mentor",
                    "001234567853",
                    date(2024, 1, 15),
                    "Y",
                    date(2024, 1, 15),
                    "Not required",
                    "Not required",
                    "Y",
                    date(2025, 9, 30),
                    None,
                ],
            ),
            "Contractors": tab(
                [
                    "Dev Patel",
                    "Independent reviewing officer",
                    "001234567854",
                    date(2021, 11, 3),
                    "Yes",
                    date(2021, 11, 3),
                    "-",
                    "-",
                    "Subscribed",
                    date(2025, 10, 1),
                    date(2024, 11, 3),
                ],
            ),
            "Governors & Trustees": tab(
                [
                    "Margaret O'Neill",
                    "Trustee",
                    "001234567855",
                    date(2020, 3, 9),
                    "Y",
                    date(2020, 3, 9),
                    "N/A",
                    date(2020, 3, 9),
                    "N",
                    None,
                    date(2023, 3, 9),
                ],
            ),
        },
    )


COUNCIL_HEADER = [
    "Ref",
    "Surname",
    "Forename",
    "Service area",
    "Post title",
    "DBS cert no",
    "DBS issue date",
    "Level of check",
    "Barred list (children)",
    "Next DBS check due",
    "Contact with children",
]


def council_sheet(path: Path) -> Path:
    """A council-style sheet: merged title, frozen panes, a hidden column, a totals row,
    real Excel dates and text dates in many spellings, and an Excel serial number typed
    into a text column."""
    from openpyxl import Workbook

    rows: Rows = [
        ["Buckinghamshire Council — Children's Services contracted staff DBS return"],
        [None],
        COUNCIL_HEADER,
        [1, "Ahmed", "Yusuf", "Short breaks", "Support worker", "001234567861",
         date(2024, 3, 1), "Enhanced + children's barred list", "Yes", date(2027, 3, 1),
         "Direct"],
        [2, "Brown", "Lily", "Short breaks", "Support worker", "001234567862",
         "1st March 2024", "Enhanced", "Y", "01-Mar-27", "Regular"],
        [3, "Clarke", "Ben", "Short breaks", "Driver", "001234567863", "2024-03-01",
         "Enhanced", "Yes", "March 2027", "Occasional"],
        [4, "Davies", "Ella", "Family support", "Family support worker", "001234567864",
         "45352", "Enhanced", "Yes", "1 Mar 2027", "Direct"],
        [5, "Evans", "Finn", "Family support", "Administrator", "001234567865",
         "01/03/2024", "Standard", "No", "1/3/27", "None"],
        ["Total", None, None, None, None, None, None, None, None, None, None],
        ["Total staff: 5", None, None, None, None, None, None, None, None, None, None],
    ]  # fmt: skip
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "DBS return"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                if isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
    sheet.merge_cells("A1:K1")
    sheet.freeze_panes = "C4"
    sheet.column_dimensions["D"].hidden = True
    book.save(path)
    return path


HR_HEADER = [
    "Employee ID",
    "Last Name",
    "First Name",
    "Job Title",
    "Department",
    "DBS Certificate Number",
    "DBS Issue Date",
    "DBS Check Level",
    "Update Service Member",
    "DBS Renewal Date",
]


def hr_export_csv(path: Path, delimiter: str = ";") -> Path:
    """An HR system's export: a BOM, semicolons (or tabs), every field quoted."""
    rows: Rows = [
        HR_HEADER,
        ["E1001", "Nguyen", "Linh", "Residential Worker; Nights", "Children's Homes",
         "001234567871", "14/02/2024", "Enhanced with Barred List (Children)", "TRUE",
         "14/02/2027"],
        ["E1002", "O'Connor", "Patrick", "Team Leader", "Children's Homes", "1234567872",
         "2023-09-30", "Enhanced with Barred List (Children)", "FALSE", "30/09/2026"],
    ]  # fmt: skip
    import csv
    import io

    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path


def logo_ods(path: Path) -> Path:
    """A LibreOffice .ods: a logo row, instructions, the header on row 7."""
    rows: Rows = [
        ["[logo]"],
        ["Little Acorns Nursery Group"],
        ["DBS tracker"],
        ["Instructions: complete one row per member of staff. Dates as dd/mm/yyyy."],
        ["Please do not change the column headings."],
        [None],
        ["Staff member", "Role", "DBS number", "Date of DBS", "Type of DBS",
         "Update service", "Renewal date"],
        ["Holly Green", "Nursery practitioner", "001234567881", date(2023, 5, 5),
         "Enhanced child workforce", "Yes", date(2026, 5, 5)],
        ["Jake Ross", "Cook", "001234567882", date(2022, 1, 10), "Enhanced", "No",
         date(2025, 1, 10)],
    ]  # fmt: skip
    return write_ods(path, {"Tracker": rows})


TWO_ROW_GROUPS = [
    "Employee",
    None,
    None,
    "DBS",
    None,
    None,
    "Barred list",
    None,
    "Update Service",
    None,
]
TWO_ROW_SUBS = [
    "Name",
    "Job",
    "Start",
    "Number",
    "Issued",
    "Level",
    "Checked",
    "Result",
    "Registered",
    "Last checked",
]


def two_row_header(path: Path) -> Path:
    """Two header rows, groups spanning three columns; a "Supply staff" sub-heading and a
    blank row in the middle of the table."""
    rows: Rows = [
        ["Kingfisher Care — staff vetting"],
        TWO_ROW_GROUPS,
        TWO_ROW_SUBS,
        ["Nadia Ali", "Care worker", date(2022, 4, 1), "001234567891", date(2022, 3, 1),
         "Enhanced", date(2022, 3, 2), "Clear", "Yes", date(2025, 9, 1)],
        ["Owen Price", "Care worker", date(2021, 1, 4), "001234567892", date(2020, 12, 1),
         "Enhanced", date(2020, 12, 2), "Clear", "No", None],
        [None],
        ["Supply staff"],
        ["Rita Moss", "Agency care worker", date(2025, 6, 1), "001234567893",
         date(2025, 5, 1), "Enhanced", date(2025, 5, 2), "Clear", "Yes", date(2025, 10, 1)],
    ]  # fmt: skip
    merged = ["A1:J1", "A2:C2", "D2:F2", "G2:H2", "I2:J2"]
    return write_xlsx(path, {"Vetting": rows}, merged={"Vetting": merged})


def hr_datetimes_csv(path: Path) -> Path:
    """An HR system's CSV whose dates are date-times as text ("01/03/2024 00:00:00") or
    year first ("2024/03/01"), whose Update Service column says "Member" or "Lapsed", whose
    contact column says "Limited" or "Unsupervised" and one issue date "Awaiting"."""
    rows: Rows = [
        ["Full Name", "Position", "Contact with children", "DBS Number", "DBS Issue Date",
         "Update Service Status"],
        ["Ruth Okoro", "Escort", "Unsupervised", "001234567901", "01/03/2024 00:00:00",
         "Member"],
        ["Sam Hughes", "Caretaker", "Limited", "001234567902", "2024/03/01", "Lapsed"],
        ["Ivy Shah", "Support worker", "Unsupervised", "Applied 01/09/25", "Awaiting",
         "Not a member"],
    ]  # fmt: skip
    return write_csv(path, rows)


SECTIONED_HEADER = ["Name", "Role", "DBS certificate number", "Date of issue", "Contact"]


def sectioned_scr(path: Path) -> Path:
    """One long sheet in sections: a heading right under the column headings, the headings
    repeated part-way down (as a printed sheet repeats them), a "Supply staff" line after a
    blank row, a total and a key at the foot."""
    rows: Rows = [
        SECTIONED_HEADER,
        ["Teaching staff"],
        ["Anna Bell", "Teacher", "001234567701", date(2023, 1, 1), "Direct"],
        [None],
        ["Support staff", None, None, None, None],
        ["Carl Dunn", "Teaching assistant", "001234567702", date(2023, 2, 1), "Regular"],
        SECTIONED_HEADER,
        ["Eve Fox", "Cleaner", "001234567703", date(2023, 3, 1), "None"],
        ["Supply staff"],
        ["Gus Hale", "Supply teacher", "001234567704", date(2024, 9, 1), "Direct"],
        ["Total: 4 staff"],
    ]
    return write_xlsx(path, {"SCR": rows})


def names_in_pieces(path: Path) -> Path:
    """Names as HR systems hold them: a title, surname, forenames, middle and preferred
    names in columns of their own; another tab lists "Surname, Forename"."""
    pieces: Rows = [
        ["Title", "Surname", "Forename(s)", "Middle name", "Preferred name", "Known as",
         "Post held", "DBS Cert. No.", "Issued on"],
        ["Mrs", "Patel", "Anjali", "K", "Anji", "Anji", "Manager", "0012 3456 7711",
         "01/02/2022"],
    ]  # fmt: skip
    listed: Rows = [
        ["Staff Name", "Position", "DBS No.", "DBS Date"],
        ["Smith, John", "Driver", "001234567721", "01/01/2023"],
        ["O'Brien, Mary-Kate", "Escort", "001234567722", "02/02/2022"],
    ]
    return write_xlsx(path, {"HR": pieces, "Drivers": listed})
