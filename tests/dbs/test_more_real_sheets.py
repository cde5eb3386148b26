"""More shapes of providers' sheets (tests/dbs/more_real_sheets.py), read as a person would:
a fostering agency's tabs and headers, a council's return with dates in every spelling, an
HR system's CSV, a nursery's .ods with its header on row 7, two header rows with groups
over three columns, and a partial list re-imported over what the register holds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bscp_monitor.cli.main import main
from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.columns import Field
from bscp_monitor.dbs.headers import match_meaning
from bscp_monitor.dbs.importer import ImportPlan, Outcome, read_plan
from bscp_monitor.dbs.rows import Severity, StaffValues
from bscp_monitor.dbs.values import DateWithNote, parse_date
from tests.dbs import more_real_sheets
from tests.dbs.sheets import write_xlsx

TODAY = date(2025, 10, 15)


def _plan(path: Path) -> ImportPlan:
    return read_plan(path, "Provider", today=TODAY)


def _fields(plan: ImportPlan, sheet: int = 0) -> dict[str, Field | None]:
    return {c.header: c.field for c in plan.sheets[sheet].columns}


def _people(plan: ImportPlan) -> dict[str, StaffValues]:
    return {v.values.full_name: v.values for v in plan.verdicts() if v.values is not None}


def _messages(plan: ImportPlan, row: int, sheet: str | None) -> list[str]:
    return [p.message for p in plan.problems() if p.row == row and p.sheet == sheet]


def test_a_fostering_agencys_scr_with_a_tab_per_kind_of_person(tmp_path: Path) -> None:
    plan = _plan(more_real_sheets.fostering_scr(tmp_path / "SCR.xlsx"))
    assert [s.name for s in plan.sheets] == [
        "Staff",
        "Volunteers",
        "Contractors",
        "Governors & Trustees",
    ]
    assert _fields(plan) == {
        "Name (as on DBS)": Field.FULL_NAME,
        "Job title": Field.ROLE,
        "DBS Disclosure Ref": Field.CERTIFICATE,
        "Disclosure date": Field.ISSUE_DATE,
        "Enhanced DBS with barred list check (Y/N)": Field.BARRED_LIST,
        "Date of Children's Barred List check": Field.BARRED_CHECKED,
        "Prohibition from teaching check": Field.IGNORE,
        "Section 128 check": Field.IGNORE,
        "DBS Update Service (subscribed?)": Field.UPDATE_SERVICE,
        # Not "last updated" (of the sheet): when the Update Service status was checked.
        "Date Update Service last checked": Field.UPDATE_CHECKED,
        "Re-check due": Field.EXPIRY_DATE,
    }
    assert all(c.reason for s in plan.sheets for c in s.columns)
    people = _people(plan)
    amira = people["Amira Haddad"]
    assert amira.certificate_number == "001234567851"
    assert amira.update_service is True
    assert amira.update_service_checked_on == date(2025, 8, 1)
    assert amira.barred_list is BarredList.CHILDREN
    # A barred-list check is only made with an enhanced check: no level column, yet known.
    assert amira.level is DbsLevel.ENHANCED_BARRED
    assert people["Dev Patel"].update_service is True  # "Subscribed"
    assert people["Dev Patel"].update_service_checked_on == date(2025, 10, 1)
    assert people["Margaret O'Neill"].update_service is False  # "N"
    # "N" in the barred-list flag: no list, and no level guessed from it.
    assert people["Tom Baker"].barred_list is BarredList.NONE
    assert people["Tom Baker"].level is DbsLevel.UNKNOWN
    for sheet in ("Staff", "Volunteers", "Contractors", "Governors & Trustees"):
        for message in _messages(plan, 3, sheet):
            assert "needs an enhanced DBS check" not in message, (sheet, message)
    # "Not required" and "-" in checks the register has no field for say nothing.
    assert not any("Prohibition" in (p.column or "") for p in plan.problems())
    assert not any("128" in (p.column or "") for p in plan.problems())
    assert plan.outcomes == (Outcome.CREATED,) * 5


def test_a_councils_return_with_dates_in_every_spelling(tmp_path: Path) -> None:
    plan = _plan(more_real_sheets.council_sheet(tmp_path / "return.xlsx"))
    (sheet,) = plan.sheets
    assert sheet.header_row == 3
    fields = _fields(plan)
    assert fields["Service area"] is Field.IGNORE  # where they work: known, not imported
    assert fields["Next DBS check due"] is Field.EXPIRY_DATE
    assert not any(v.rejected for v in plan.verdicts())
    people = _people(plan)
    assert set(people) == {"Yusuf Ahmed", "Lily Brown", "Ben Clarke", "Ella Davies", "Finn Evans"}
    for person in people.values():
        assert person.issue_date == date(2024, 3, 1), person.full_name
    assert people["Lily Brown"].expiry_date == date(2027, 3, 1)  # "01-Mar-27"
    assert people["Ella Davies"].expiry_date == date(2027, 3, 1)  # "1 Mar 2027"
    assert people["Finn Evans"].expiry_date == date(2027, 3, 1)  # "1/3/27"
    assert people["Ben Clarke"].expiry_date == date(2027, 3, 1)  # "March 2027": the 1st
    assert _messages(plan, 6, "DBS return") == ["'March 2027' gives no day: read as 01/03/2027."]
    assert _messages(plan, 7, "DBS return") == [
        "'45352' is how Excel stores the date 01/03/2024 (a date cell saved as a number): "
        "read as that date."
    ]
    assert _messages(plan, 5, "DBS return") == []  # "1st March 2024" needs no word
    assert people["Finn Evans"].contact_level is ContactLevel.NONE
    # The totals under the table are notes, not people nor rejects.
    notes = [(n.row, n.severity) for n in plan.notes()]
    assert notes == [(9, Severity.NOTE), (10, Severity.NOTE)]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_an_hr_systems_csv_export(tmp_path: Path, delimiter: str) -> None:
    plan = _plan(more_real_sheets.hr_export_csv(tmp_path / "export.csv", delimiter))
    columns = {c.header: c for c in plan.sheets[0].columns}
    assert columns["Employee ID"].field is Field.IGNORE
    assert columns["Employee ID"].reason.startswith("staff number")  # not an identity check
    assert columns["Last Name"].field is Field.SURNAME
    assert columns["Update Service Member"].field is Field.UPDATE_SERVICE
    people = _people(plan)
    assert people["Linh Nguyen"].role == "Residential Worker; Nights"  # quoted, kept whole
    assert people["Linh Nguyen"].update_service is True  # "TRUE"
    assert people["Patrick O'Connor"].certificate_number == "001234567872"  # zeros back
    assert people["Patrick O'Connor"].issue_date == date(2023, 9, 30)


def test_a_nursery_ods_with_the_header_on_row_seven(tmp_path: Path) -> None:
    plan = _plan(more_real_sheets.logo_ods(tmp_path / "tracker.ods"))
    (sheet,) = plan.sheets
    assert sheet.header_row == 7
    assert "Little Acorns Nursery Group" in sheet.titles
    assert _fields(plan)["Staff member"] is Field.FULL_NAME
    assert _fields(plan)["Type of DBS"] is Field.LEVEL
    people = _people(plan)
    assert set(people) == {"Holly Green", "Jake Ross"}
    assert people["Holly Green"].issue_date == date(2023, 5, 5)
    assert plan.notes() == []


def test_two_header_rows_with_groups_over_three_columns(tmp_path: Path) -> None:
    plan = _plan(more_real_sheets.two_row_header(tmp_path / "vetting.xlsx"))
    (sheet,) = plan.sheets
    assert sheet.header_row == 3
    assert sheet.titles == ("Kingfisher Care — staff vetting",)  # not the group headings
    assert [(c.field, c.group) for c in sheet.columns] == [
        (Field.FULL_NAME, "Employee"),
        (Field.ROLE, "Employee"),
        (Field.START_DATE, "Employee"),
        (Field.CERTIFICATE, "DBS"),
        (Field.ISSUE_DATE, "DBS"),
        (Field.LEVEL, "DBS"),
        (Field.BARRED_CHECKED, "Barred list"),
        (Field.IGNORE, "Barred list"),
        (Field.UPDATE_SERVICE, "Update Service"),
        (Field.UPDATE_CHECKED, "Update Service"),
    ]
    people = _people(plan)
    assert set(people) == {"Nadia Ali", "Owen Price", "Rita Moss"}  # past the blank row
    assert people["Rita Moss"].update_service_checked_on == date(2025, 10, 1)
    assert [n.message for n in plan.notes()] == ["Not a staff row; not imported: 'Supply staff'."]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1st March 2024", date(2024, 3, 1)),
        ("2nd of May 2023", date(2023, 5, 2)),
        ("3rd Sept. 2021", date(2021, 9, 3)),
        ("01-Mar-24", date(2024, 3, 1)),
        ("March 1st, 2024", date(2024, 3, 1)),
        ("Mar 12 2021", date(2021, 3, 12)),
    ],
)
def test_dates_with_the_month_in_words(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("March 2024", date(2024, 3, 1)),
        ("Mar-24", date(2024, 3, 1)),
        ("45352", date(2024, 3, 1)),
        (45352, date(2024, 3, 1)),
        (45352.0, date(2024, 3, 1)),
    ],
)
def test_a_month_without_a_day_or_an_excel_serial_is_read_with_a_warning(
    value: object, day: date
) -> None:
    with pytest.raises(DateWithNote) as read:
        parse_date(value)
    assert read.value.day == day
    assert "01/03/2024" in str(read.value)


def test_a_partial_list_is_judged_on_the_record_it_leaves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names, posts and numbers over people the register knows as enhanced with the barred
    list (one in no contact): no "needs an enhanced check" warning made up from columns the
    sheet does not have; what the sheet does say is still judged, on the stored contact."""
    db = tmp_path / "bscp.db"
    full = more_real_sheets.council_sheet(tmp_path / "return.xlsx")
    args = ["--db", str(db), "import-dbs"]
    assert main([*args, str(full), "--provider", "Bucks", "--json"]) == 0
    capsys.readouterr()
    partial = write_xlsx(
        tmp_path / "partial.xlsx",
        {
            "S": [
                ["Surname", "Forename", "Post title", "DBS cert no", "Level of check"],
                ["Ahmed", "Yusuf", "Support worker", "001234567861", None],
                ["Evans", "Finn", "Administrator", "001234567865", None],
                # The sheet says Lily's check is standard: her stored regular contact needs
                # an enhanced one -- judged on the stored contact, said once.
                ["Brown", "Lily", "Support worker", "001234567862", "Standard"],
            ],
        },
    )
    for dry in (["--dry-run"], []):
        assert main([*args, str(partial), "--provider", "Bucks", "--json", *dry]) == 0
        out = json.loads(capsys.readouterr().out)
        assert (out["created"], out["rejected"]) == (0, 0)
        contact = [p for p in out["problems"] if "contact with children" in p["message"]]
        assert [(p["row"], p["message"]) for p in contact] == [
            (4, "Regular contact with children needs an enhanced DBS check; this one is standard.")
        ]


def test_an_hr_export_with_date_times_and_its_own_words(tmp_path: Path) -> None:
    plan = _plan(more_real_sheets.hr_datetimes_csv(tmp_path / "hr.csv"))
    assert _fields(plan)["Update Service Status"] is Field.UPDATE_SERVICE
    assert not any(v.rejected for v in plan.verdicts())
    people = _people(plan)
    ruth, sam, ivy = people["Ruth Okoro"], people["Sam Hughes"], people["Ivy Shah"]
    assert ruth.issue_date == date(2024, 3, 1)  # "01/03/2024 00:00:00"
    assert sam.issue_date == date(2024, 3, 1)  # "2024/03/01"
    assert (ruth.update_service, sam.update_service, ivy.update_service) == (True, False, False)
    assert ruth.contact_level is ContactLevel.DIRECT  # "Unsupervised"
    assert sam.contact_level is ContactLevel.OCCASIONAL  # "Limited"
    assert ivy.issue_date is None
    assert ivy.certificate_number is None  # "Applied ...": no certificate yet
    assert "'Awaiting' read as blank: no date yet." in _messages(plan, 4, None)
    for row in (2, 3):  # no level column: only what the sheet's words leave unknown is said
        assert all("contact with children" in m for m in _messages(plan, row, None))


def test_a_sheet_in_sections_with_its_headings_repeated(tmp_path: Path) -> None:
    plan = _plan(more_real_sheets.sectioned_scr(tmp_path / "SCR.xlsx"))
    assert set(_people(plan)) == {"Anna Bell", "Carl Dunn", "Eve Fox", "Gus Hale"}
    assert not any(v.rejected for v in plan.verdicts())  # nothing for the rejects file
    assert [(n.row, n.severity) for n in plan.notes()] == [
        (2, Severity.NOTE),  # "Teaching staff", right under the headings
        (5, Severity.NOTE),
        (7, Severity.NOTE),  # the headings again
        (9, Severity.NOTE),  # "Supply staff", no blank row before it
        (11, Severity.NOTE),
    ]
    assert "Name | Role" in plan.notes()[2].message


def test_names_in_pieces_and_surname_first(tmp_path: Path) -> None:
    plan = _plan(more_real_sheets.names_in_pieces(tmp_path / "HR.xlsx"))
    columns = {c.header: c for c in plan.sheets[0].columns}
    for header in ("Middle name", "Preferred name", "Known as", "Title"):
        assert columns[header].field is Field.IGNORE, header
        assert "known, not imported" in columns[header].reason
    assert columns["Surname"].field is Field.SURNAME
    people = _people(plan)
    assert set(people) == {"Anjali Patel", "John Smith", "Mary-Kate O'Brien"}
    assert people["Anjali Patel"].certificate_number == "001234567711"
    assert not any(v.rejected for v in plan.verdicts())


@pytest.mark.parametrize(
    ("header", "what"),
    [
        ("Date DBS applied for", "when the DBS was applied for"),
        ("DBS Application Date", "when the DBS was applied for"),
        ("Adults' barred list (Y/N)", "adults' barred list check"),
        ("Adult barred list check date", "adults' barred list check"),
        ("Update Service ID", "Update Service subscription ID"),
        ("Update Service Subscription Number", "Update Service subscription ID"),
    ],
)
def test_headers_near_a_field_that_are_not_it(header: str, what: str) -> None:
    """An application date is not the issue date; the adults' list is not the children's; a
    subscription ID is no Y/N (read as one, every ID said "not subscribed")."""
    found = match_meaning(header)
    assert found is not None
    assert found.field is Field.IGNORE
    assert found.what == what


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Position applied for", Field.ROLE),
        ("Children's barred list (Y/N)", Field.BARRED_LIST),
        ("Barred list (children and adults)", Field.BARRED_LIST),
        ("Update Service (Y/N)", Field.UPDATE_SERVICE),
        ("Date of DBS check", Field.ISSUE_DATE),
    ],
)
def test_the_fields_next_to_them_still_read(header: str, field: Field) -> None:
    found = match_meaning(header)
    assert found is not None
    assert found.field is field


def test_a_column_headed_only_dbs_holding_numbers_is_the_certificate(tmp_path: Path) -> None:
    """ "DBS" or "Enhanced DBS" alone says no "number", but its cells are certificate numbers:
    read as such (they were left out, every person imported without one)."""
    path = write_xlsx(
        tmp_path / "list.xlsx",
        {
            "S": [
                ["Name", "Role", "Enhanced DBS", "DBS Date"],
                ["Ann Lee", "Driver", "0012 3456 7801", date(2023, 1, 1)],
                ["Bo Ray", "Escort", 123456789012, date(2023, 1, 1)],
                ["Cy Fox", "Escort", "Applied", None],
            ],
        },
    )
    plan = _plan(path)
    column = plan.sheets[0].columns[2]
    assert column.field is Field.CERTIFICATE
    assert "12-digit numbers below" in column.reason
    people = _people(plan)
    assert people["Ann Lee"].certificate_number == "001234567801"
    assert people["Ann Lee"].level is DbsLevel.ENHANCED  # the header says so
    assert people["Cy Fox"].certificate_number is None
    # A "DBS" column of words ("Clear") stays unknown.
    words = write_xlsx(
        tmp_path / "words.xlsx",
        {"S": [["Name", "Role", "DBS", "DBS Date"], ["Ann Lee", "Driver", "Clear", "01/01/2023"]]},
    )
    assert _fields(_plan(words))["DBS"] is None
