"""Sheets in the shapes providers really send (shared/DOMAIN.md section 4a), written by the
tests: a school's single central record (title rows, a tab per staff group, group headings
over "Date checked" sub-headers, a supply/agency tab), a flat SCR worded as statutory
guidance words the checks, a voluntary group's DBS log, a contractor's CSV with a signature
block, and a CSV that Excel has mangled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.dbs.sheets import Rows, write_csv, write_ods, write_xlsx

SCHOOL_GROUPS = [
    "Surname",
    "Forename(s)",
    "Post",
    "Start date",
    "Identity",
    None,
    "Enhanced DBS",
    None,
    None,
    None,
    "Children's Barred List",
    None,
    "Prohibition from teaching",
    None,
    "Right to work",
    None,
    "Qualifications",
]
SCHOOL_SUBS = [
    None,
    None,
    None,
    None,
    "Date checked",
    "Checked by",
    "Certificate No.",
    "Date of certificate",
    "Date checked",
    "Seen by",
    "Date checked",
    "Checked by",
    "Date checked",
    "Checked by",
    "Date checked",
    "Checked by",
    "Date checked",
]
SCHOOL_MERGES = [
    "A1:Q1",
    "A4:A5",
    "B4:B5",
    "C4:C5",
    "D4:D5",
    "E4:F4",
    "G4:J4",
    "K4:L4",
    "M4:N4",
    "O4:P4",
]


def _school_row(
    surname: str,
    forename: str,
    post: str,
    number: object,
    issued: object,
    barred: object,
    start: date = date(2019, 9, 1),
) -> list[object]:
    return [
        surname,
        forename,
        post,
        start,
        start,
        "JB",
        number,
        issued,
        start,
        "JB",
        barred,
        "JB",
        start,
        "JB",
        start,
        "JB",
        "N/A",
    ]


def school_scr(path: Path) -> Path:
    """An .xlsx SCR: teaching and support staff tabs (group headings over sub-headers,
    merged), a governors tab and a supply/agency tab with its own columns."""
    title = ["St Mary's C of E Primary School — Single Central Record"]
    updated = ["Last updated: 01/09/2025 by the School Business Manager"]
    teaching: Rows = [
        title,
        updated,
        [None],
        SCHOOL_GROUPS,
        SCHOOL_SUBS,
        _school_row(
            "Adams", "Priya", "Class teacher", "0012 3456 7801", date(2022, 8, 1), date(2022, 8, 3)
        ),
        _school_row(
            "O'Brien", "Seán", "Deputy head", 12345678902, date(2023, 7, 1), date(2023, 7, 2)
        ),
        _school_row(
            "Nowak", "Wojciech", "Class teacher", "Applied 10/06/25", None, date(2025, 6, 9)
        ),
    ]
    support: Rows = [
        title,
        updated,
        [None],
        SCHOOL_GROUPS,
        SCHOOL_SUBS,
        _school_row(
            "Okafor", "Kwame", "Teaching assistant", "DBS 0012 3456 7803", date(2024, 1, 5), "Y"
        ),
        _school_row(
            "Smith-Jones",
            "Amelia",
            "Midday supervisor",
            "CRB 0012-3456-7804",
            "12/03/2011",
            "List 99 checked 01/03/2011",
        ),  # fmt: skip
    ]
    governors: Rows = [
        ["Governing body"],
        [
            "Full name",
            "Role",
            "Date appointed",
            "Enhanced DBS certificate number",
            "DBS date of issue",
            "Section 128 check (date)",
            "Identity checked (Y/N)",
        ],
        ["Ann Lee", "Chair of governors", date(2020, 1, 6), "001234567805", date(2020, 1, 2),
         date(2020, 1, 6), "Y"],
    ]  # fmt: skip
    supply: Rows = [
        ["Supply and agency staff"],
        [
            "Name",
            "Agency",
            "Role",
            "Written confirmation of checks received (date)",
            "DBS certificate number",
            "DBS certificate provided (Y/N)",
            "Date of DBS",
            "Barred list checked (Y/N)",
            "Start date",
        ],
        ["Mei Chen", "Teach Supply Ltd", "Supply teacher", date(2025, 9, 1), "001234567806", "Y",
         date(2024, 3, 1), "Y", date(2025, 9, 2)],
    ]  # fmt: skip
    return write_xlsx(
        path,
        {
            "Teaching staff": teaching,
            "Support staff": support,
            "Governors": governors,
            "Supply and agency": supply,
        },
        merged={"Teaching staff": SCHOOL_MERGES, "Support staff": SCHOOL_MERGES},
    )


FLAT_HEADER = [
    "Full name",
    "Date of birth",
    "Job title",
    "Start date",
    "Identity verified (date)",
    "Enhanced DBS with children's barred list — certificate number",
    "Date of DBS certificate",
    "Children's barred list check (date)",
    "Prohibition check (date)",
    "Section 128 (date or N/A)",
    "Overseas checks (if applicable)",
    "Right to work checked (date)",
    "Qualifications verified (date)",
    "Regulated activity (Y/N)",
    "Checked by (initials)",
]


def flat_scr(path: Path) -> Path:
    """One sheet, one row per person, headers worded as the statutory guidance words the
    checks, with their qualifiers in brackets."""
    rows: Rows = [
        ["Sunrise Children's Homes Ltd: single central record"],
        FLAT_HEADER,
        ["Grace Taylor", date(1990, 4, 2), "Residential care worker", date(2021, 5, 4),
         date(2021, 4, 1), "001234567811", date(2021, 4, 20), date(2021, 4, 21), "N/A", "N/A",
         "Not required", date(2021, 4, 1), date(2021, 4, 1), "Y", "HR"],
        ["Harry Brown", date(1975, 11, 30), "Cook", date(2018, 2, 1), date(2018, 1, 10),
         "001234567812", date(2018, 1, 20), "-", "N/A", "N/A", "N/A", date(2018, 1, 10), "N/A",
         "N", "HR"],
    ]  # fmt: skip
    return write_xlsx(path, {"SCR": rows})


LOG_HEADER = [
    "Volunteer's full name",
    "Date of birth",
    "Position",
    "Level of DBS check",
    "Justification for level",
    "Certificate number",
    "Date of issue",
    "Date seen",
    "Seen by",
    "Outcome",
    "Update Service (Y/N)",
    "Last status check",
    "Next renewal due",
]


def volunteer_log(path: Path) -> Path:
    """A voluntary group's DBS log (.ods): dates typed as dd.mm.yy, free-text Update Service."""
    rows: Rows = [
        ["Riverside Youth Club — DBS log (volunteers)"],
        [None],
        LOG_HEADER,
        ["Isla Evans", "02.03.88", "Youth leader", "Enhanced (child workforce) + barred list",
         "Unsupervised work with children", "001234567821", "14.02.24", "20.02.24", "Chair",
         "Clear", "Yes - status checked 01/09/2025", None, "N/A"],
        ["Oscar Hall", "15.07.01", "Helper", "Enhanced", "Regulated activity", "001234567822",
         "01.06.23", "05.06.23", "Chair", "Clear", "N", None, "01.06.26"],
        ["Leo Wright", "09.09.99", "Treasurer", "Basic", "No contact with children",
         "001234567823", "03.03.25", "04.03.25", "Chair", "Clear", "No", None, None],
    ]  # fmt: skip
    return write_ods(path, {"DBS log": rows})


CONTRACTOR_HEADER = [
    "Name",
    "Role",
    "DBS certificate no.",
    "Date of issue",
    "DBS level",
    "On Update Service?",
    "Last status check",
]


def contractor_csv(path: Path) -> Path:
    """A contractor's "DBS record" as a CSV, with a signature block under the table."""
    rows: Rows = [
        ["Brightpath Transport Ltd — DBS record for the home-to-school contract"],
        CONTRACTOR_HEADER,
        ["Jack Walker", "Driver", "001234567831", "04/05/2023", "Enhanced with barred list",
         "Yes", "01/10/2025"],
        ["Zara Khan", "Passenger assistant", "12345678932", "11/11/2022", "Enhanced + child barred",
         "Y", "02/10/2025"],
        [None] * 7,
        ["Signed: ______________________", None, "Date: ____________"],
        ["Print name: R. Patel (Operations Manager)"],
        ["Checked by: contracts officer"],
        ["__________________________________________"],
    ]  # fmt: skip
    return write_csv(path, rows)


def mangled_csv(path: Path) -> Path:
    """A CSV saved by Excel: leading zeros gone, one number rounded to scientific notation."""
    rows: Rows = [
        ["Name", "DBS Number", "Issue date", "Level", "Contact with children"],
        ["Noah Green", "12345678941", "3/4/2021", "Enhanced with barred list", "Direct"],
        ["Chloé Roberts", "1.23457E+11", "01.06.23", "Enhanced with barred list", "Direct"],
        ["Muhammad Ali Khan", "123456789430", "2021-04-03", "Enhanced", "N"],
    ]
    return write_csv(path, rows)
