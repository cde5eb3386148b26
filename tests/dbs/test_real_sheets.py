"""Sheets in the shapes providers really send, read as a person would (issue 12, points 2-4
and 7): which columns are read as what, what each row says, and what is only a note."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.columns import Field, find_header
from bscp_monitor.dbs.importer import ImportPlan, read_plan
from bscp_monitor.dbs.notes import note_text
from bscp_monitor.dbs.rows import RowReader, Severity, StaffValues
from tests.dbs import real_sheets

TODAY = date(2025, 10, 15)


def _plan(path: Path) -> ImportPlan:
    return read_plan(path, "Provider", today=TODAY)


def _fields(plan: ImportPlan, sheet: int = 0) -> dict[str, Field | None]:
    return {c.header: c.field for c in plan.sheets[sheet].columns}


def _people(plan: ImportPlan) -> dict[str, StaffValues]:
    return {v.values.full_name: v.values for v in plan.verdicts() if v.values is not None}


def _messages(plan: ImportPlan, row: int, sheet: str | None = None) -> list[str]:
    return [p.message for p in plan.problems() if p.row == row and p.sheet == sheet]


def _no_full_numbers(plan: ImportPlan) -> None:
    """Point 7: no message carries a whole certificate number (12 digits, however spaced)."""
    for problem in plan.problems():
        digits = re.sub(r"[\s-]", "", problem.message)
        assert not re.search(r"\d{12}", digits), problem.message


def test_a_school_scr_with_group_headings_over_date_checked(tmp_path: Path) -> None:
    plan = _plan(real_sheets.school_scr(tmp_path / "SCR.xlsx"))
    assert [s.name for s in plan.sheets] == [
        "Teaching staff",
        "Support staff",
        "Governors",
        "Supply and agency",
    ]
    teaching = plan.sheets[0]
    assert teaching.header_row == 5  # title, "last updated", a blank, then two header rows
    assert _fields(plan) == {
        "Surname": Field.SURNAME,
        "Forename(s)": Field.FORENAME,
        "Post": Field.ROLE,
        "Start date": Field.START_DATE,
        "Identity: Date checked": Field.IGNORE,
        "Identity: Checked by": Field.IGNORE,
        "Certificate No.": Field.CERTIFICATE,
        "Date of certificate": Field.ISSUE_DATE,
        "Enhanced DBS: Date checked": Field.IGNORE,  # the date of the certificate is read
        "Seen by": Field.IGNORE,
        "Children's Barred List: Date checked": Field.BARRED_CHECKED,
        "Children's Barred List: Checked by": Field.IGNORE,
        "Prohibition from teaching: Date checked": Field.IGNORE,
        "Prohibition from teaching: Checked by": Field.IGNORE,
        "Right to work: Date checked": Field.IGNORE,
        "Right to work: Checked by": Field.IGNORE,
        "Qualifications: Date checked": Field.IGNORE,
    }
    # Every column says why: the words that matched, or what it holds.
    reasons = {c.header: c.reason for c in teaching.columns}
    assert reasons["Children's Barred List: Date checked"] == "matched “barred” + “checked”"
    assert reasons["Identity: Date checked"].startswith("identity check")
    assert all(reasons.values())
    people = _people(plan)
    priya = people["Priya Adams"]
    assert priya.certificate_number == "001234567801"
    assert priya.issue_date == date(2022, 8, 1)
    assert priya.barred_list_checked_on == date(2022, 8, 3)
    assert priya.barred_list is BarredList.CHILDREN
    assert priya.level is DbsLevel.ENHANCED  # the group heading says "Enhanced DBS"
    assert people["Seán O'Brien"].certificate_number == "012345678902"  # a number cell
    wojciech = people["Wojciech Nowak"]  # "Applied 10/06/25": imported, as missing
    assert wojciech.certificate_number is None
    assert _messages(plan, 8, "Teaching staff") == [
        "The certificate column says 'Applied 10/06/25': no certificate yet, so the check is "
        "recorded as missing."
    ]
    # The support staff: a "DBS" prefix, a CRB certificate, a tick and a List 99 check.
    assert people["Kwame Okafor"].certificate_number == "001234567803"
    assert people["Kwame Okafor"].barred_list is BarredList.CHILDREN  # "Y"
    amelia = people["Amelia Smith-Jones"]
    assert amelia.certificate_number == "001234567804"
    assert amelia.barred_list is BarredList.CHILDREN
    assert amelia.barred_list_checked_on == date(2011, 3, 1)
    warnings = " ".join(_messages(plan, 7, "Support staff"))
    assert "marked CRB" in warnings
    assert "List 99" in warnings
    # Governors and supply staff: their own columns.
    assert _fields(plan, 2)["Section 128 check (date)"] is Field.IGNORE
    assert _fields(plan, 2)["Date appointed"] is Field.START_DATE
    supply = _fields(plan, 3)
    assert supply["Agency"] is Field.IGNORE
    assert supply["DBS certificate provided (Y/N)"] is Field.IGNORE
    assert supply["Date of DBS"] is Field.ISSUE_DATE
    assert supply["Barred list checked (Y/N)"] is Field.BARRED_CHECKED
    assert people["Mei Chen"].barred_list is BarredList.CHILDREN  # "Y" under "checked (Y/N)"
    assert not [v for v in plan.verdicts() if v.rejected]
    assert not [p for p in plan.problems() if p.severity is Severity.ERROR]
    _no_full_numbers(plan)


def test_a_flat_scr_worded_as_the_statutory_guidance(tmp_path: Path) -> None:
    plan = _plan(real_sheets.flat_scr(tmp_path / "flat.xlsx"))
    fields = _fields(plan)
    assert fields == {
        "Full name": Field.FULL_NAME,
        "Date of birth": Field.DATE_OF_BIRTH,
        "Job title": Field.ROLE,
        "Start date": Field.START_DATE,
        "Identity verified (date)": Field.IGNORE,
        "Enhanced DBS with children's barred list — certificate number": Field.CERTIFICATE,
        "Date of DBS certificate": Field.ISSUE_DATE,
        "Children's barred list check (date)": Field.BARRED_LIST,
        "Prohibition check (date)": Field.IGNORE,
        "Section 128 (date or N/A)": Field.IGNORE,
        "Overseas checks (if applicable)": Field.IGNORE,
        "Right to work checked (date)": Field.IGNORE,
        "Qualifications verified (date)": Field.IGNORE,
        "Regulated activity (Y/N)": Field.CONTACT,
        "Checked by (initials)": Field.IGNORE,
    }
    people = _people(plan)
    grace, harry = people["Grace Taylor"], people["Harry Brown"]
    assert grace.contact_level is ContactLevel.DIRECT  # "Y"
    assert harry.contact_level is ContactLevel.NONE  # "N": no regulated contact, never direct
    assert grace.barred_list_checked_on == date(2021, 4, 21)  # a date in the barred column
    assert grace.level is DbsLevel.ENHANCED
    # "N/A", "Not required" and "-" in the ignored columns say nothing; in a read column, a
    # warning that it was read as blank, never a rejected row.
    assert _messages(plan, 3, "SCR") == ["The DBS check expired on 20/04/2024."]
    assert "'-' read as blank." in _messages(plan, 4, "SCR")
    assert not [v for v in plan.verdicts() if v.rejected]


def test_a_voluntary_groups_dbs_log(tmp_path: Path) -> None:
    plan = _plan(real_sheets.volunteer_log(tmp_path / "log.ods"))
    assert plan.sheets[0].header_row == 3
    fields = _fields(plan)
    assert fields["Volunteer's full name"] is Field.FULL_NAME  # once refused: no names found
    assert fields["Position"] is Field.ROLE
    assert fields["Level of DBS check"] is Field.LEVEL
    assert fields["Justification for level"] is Field.IGNORE
    assert fields["Date seen"] is Field.IGNORE
    assert fields["Seen by"] is Field.IGNORE
    assert fields["Outcome"] is Field.IGNORE
    assert fields["Update Service (Y/N)"] is Field.UPDATE_SERVICE
    assert fields["Last status check"] is Field.UPDATE_CHECKED
    assert fields["Next renewal due"] is Field.EXPIRY_DATE
    people = _people(plan)
    isla = people["Isla Evans"]
    assert isla.date_of_birth == date(1988, 3, 2)  # dd.mm.yy
    assert isla.issue_date == date(2024, 2, 14)
    assert isla.level is DbsLevel.ENHANCED_BARRED
    assert isla.update_service is True  # "Yes - status checked 01/09/2025"
    assert isla.update_service_checked_on == date(2025, 9, 1)
    assert isla.expiry_date == date(2026, 9, 1)  # a year after the status check
    assert "'N/A' read as blank." in _messages(plan, 4, "DBS log")
    assert people["Oscar Hall"].expiry_date == date(2026, 6, 1)
    assert people["Oscar Hall"].update_service is False  # "N"
    assert not [v for v in plan.verdicts() if v.rejected]


def test_a_contractors_csv_with_a_signature_block(tmp_path: Path) -> None:
    plan = _plan(real_sheets.contractor_csv(tmp_path / "contractor.csv"))
    assert len(plan.outcomes) == 2  # the two drivers; the signature block is no row
    notes = plan.notes()
    assert [n.row for n in notes] == [6, 7, 8, 9]
    assert all(n.severity is Severity.NOTE for n in notes)
    assert notes[0].message == (
        "Not a staff row; not imported: 'Signed: ______________________ Date: ____________'."
    )
    people = _people(plan)
    assert people["Zara Khan"].certificate_number == "012345678932"  # a CSV loses zeros
    assert any("lost its leading zeros" in m for m in _messages(plan, 4))
    assert people["Jack Walker"].update_service is True
    assert people["Jack Walker"].update_service_checked_on == date(2025, 10, 1)
    assert not [v for v in plan.verdicts() if v.rejected]


def test_an_excel_mangled_csv(tmp_path: Path) -> None:
    plan = _plan(real_sheets.mangled_csv(tmp_path / "mangled.csv"))
    people = _people(plan)
    assert people["Noah Green"].certificate_number == "012345678941"
    assert people["Noah Green"].issue_date == date(2021, 4, 3)
    assert people["Muhammad Ali Khan"].contact_level is ContactLevel.NONE
    [rejected] = [v for v in plan.verdicts() if v.rejected]
    assert rejected.row == 3
    [error] = rejected.problems
    assert "turned by Excel into a rounded number" in error.message
    assert "send the file again" in error.message
    _no_full_numbers(plan)


# --- no message shows a whole certificate number (point 7) ------------------------------------

_NUMBER = st.text(alphabet="0123456789", min_size=12, max_size=12)
_SHAPED = st.one_of(
    _NUMBER,
    _NUMBER.map(lambda n: f"{n[:4]} {n[4:8]} {n[8:]}"),
    _NUMBER.map(lambda n: f"DBS {n}"),
    _NUMBER.map(lambda n: f"CRB {n[:6]}-{n[6:]}"),
    _NUMBER.map(lambda n: f"Applied, ref {n}"),
    _NUMBER.map(lambda n: f"{n} (checked)"),
    _NUMBER.map(lambda n: n[1:]),  # 11 digits: a number with a lost digit, nearly whole
    _NUMBER.map(lambda n: int(n)),
    _NUMBER.map(lambda n: f"Total: {n}"),
)
_CELL = st.one_of(st.none(), _SHAPED, st.sampled_from(["Ann Lee", "Y", "N/A", "12/03/2021"]))
_EVERY_COLUMN = [
    "Name",
    "Role",
    "Contact with children",
    "DBS Certificate Number",
    "DBS Level",
    "DBS Issue Date",
    "Renewal due",
    "Barred list",
    "Barred list check date",
    "Update Service",
    "Status check date",
    "Date of birth",
    "Start date",
]


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.lists(_CELL, min_size=13, max_size=13), min_size=1, max_size=6))
def test_no_message_shows_a_whole_number_wherever_it_is_written(rows: list[list[object]]) -> None:
    found = find_header([_EVERY_COLUMN])
    assert found is not None
    reader = RowReader("Staff", found.columns, 3, TODAY, text_lost_zeros=True)
    seen: set[str] = set()
    for number, cells in enumerate(rows, start=2):
        verdict = reader.read(cells, number, seen)
        for problem in verdict.problems:
            digits = re.sub(r"[\s-]", "", problem.message)
            assert not re.search(r"\d{11}", digits), problem.message
        text = note_text(cells, after_blank=True, name_column=0)
        assert text is None or not re.search(r"\d{11}", re.sub(r"[\s-]", "", text))
