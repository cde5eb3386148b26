"""The records of a DBS import's verdicts: each row's values (StaffValues), its problems
(Problem, with their Severity) and the verdict on it (RowVerdict); the row's reading is
dbs/rows.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.columns import Field

#: The warning on a row without a certificate number (left out for a person the register
#: already holds a number for, when the sheet has none to give: not news).
NO_NUMBER = "There is no DBS certificate number."


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # a line that is not a staff row (a note, a total, a signature)


# An import makes one RowVerdict and one StaffValues per row, and a Problem per warning:
# hundreds of thousands of each on a sheet at the row bound. These stay frozen dataclasses
# (equality, hash, repr, replace()), with slots: a slotted StaffValues takes 170 bytes where
# one with a __dict__ took 600, which kept a 200,000-row import's peak memory near 500 MB.
# Their fields are filled through each slot's own setter, bound once (``_setters``): the
# generated __init__ of a frozen dataclass calls object.__setattr__ once per field, which
# looks each name up again and made StaffValues cost twice as much.
# tests/dbs/test_rows.py checks each __init__ against the fields.


def _setters(cls: type, names: str) -> tuple[Any, ...]:
    """The slot setters of ``cls`` for the fields ``names`` (space-separated), in order."""
    return tuple(cls.__dict__[name].__set__ for name in names.split())


@dataclass(frozen=True, slots=True)
class Problem:
    sheet: str | None
    row: int
    column: str | None
    severity: Severity
    message: str

    def __init__(
        self, sheet: str | None, row: int, column: str | None, severity: Severity, message: str
    ) -> None:
        _p_sheet(self, sheet)
        _p_row(self, row)
        _p_column(self, column)
        _p_severity(self, severity)
        _p_message(self, message)


_p_sheet, _p_row, _p_column, _p_severity, _p_message = _setters(
    Problem, "sheet row column severity message"
)


@dataclass(frozen=True, slots=True)
class StaffValues:
    """One person and their DBS check, as read from a row."""

    full_name: str
    role: str
    contact_level: ContactLevel
    date_of_birth: date | None
    start_date: date | None
    certificate_number: str | None
    level: DbsLevel
    barred_list: BarredList
    barred_list_checked_on: date | None
    issue_date: date | None
    expiry_date: date | None
    expiry_from_provider: bool
    update_service: bool
    update_service_checked_on: date | None
    #: The fields this row states. What a row leaves out -- a column not in the sheet, a
    #: blank cell, "N/A" -- is not news: an import never changes a stored value with it.
    given: frozenset[str]

    def __init__(
        self,
        full_name: str,
        role: str,
        contact_level: ContactLevel,
        date_of_birth: date | None,
        start_date: date | None,
        certificate_number: str | None,
        level: DbsLevel,
        barred_list: BarredList,
        barred_list_checked_on: date | None,
        issue_date: date | None,
        expiry_date: date | None,
        expiry_from_provider: bool,
        update_service: bool,
        update_service_checked_on: date | None,
        given: frozenset[str] = frozenset(),
    ) -> None:
        _v_full_name(self, full_name)
        _v_role(self, role)
        _v_contact_level(self, contact_level)
        _v_date_of_birth(self, date_of_birth)
        _v_start_date(self, start_date)
        _v_certificate_number(self, certificate_number)
        _v_level(self, level)
        _v_barred_list(self, barred_list)
        _v_barred_list_checked_on(self, barred_list_checked_on)
        _v_issue_date(self, issue_date)
        _v_expiry_date(self, expiry_date)
        _v_expiry_from_provider(self, expiry_from_provider)
        _v_update_service(self, update_service)
        _v_update_service_checked_on(self, update_service_checked_on)
        _v_given(self, given or ALL_GIVEN)


(
    _v_full_name,
    _v_role,
    _v_contact_level,
    _v_date_of_birth,
    _v_start_date,
    _v_certificate_number,
    _v_level,
    _v_barred_list,
    _v_barred_list_checked_on,
    _v_issue_date,
    _v_expiry_date,
    _v_expiry_from_provider,
    _v_update_service,
    _v_update_service_checked_on,
    _v_given,
) = _setters(
    StaffValues,
    "full_name "
    "role "
    "contact_level "
    "date_of_birth "
    "start_date "
    "certificate_number "
    "level "
    "barred_list "
    "barred_list_checked_on "
    "issue_date "
    "expiry_date "
    "expiry_from_provider "
    "update_service "
    "update_service_checked_on "
    "given",
)


#: The fields a row may state besides the name, in the order of ``RowReader``'s flags.
GIVEN_ORDER = (
    "role",
    "contact_level",
    "date_of_birth",
    "start_date",
    "certificate_number",
    "level",
    "barred_list",
    "barred_list_checked_on",
    "issue_date",
    "expiry_date",
    "update_service",
    "update_service_checked_on",
)
ALL_GIVEN = frozenset(("full_name", *GIVEN_ORDER))
#: The value a field of StaffValues is stored under, for each field of a column.
FIELD_ATTRIBUTES = {
    Field.DATE_OF_BIRTH: "date_of_birth",
    Field.ROLE: "role",
    Field.START_DATE: "start_date",
    Field.CONTACT: "contact_level",
    Field.CERTIFICATE: "certificate_number",
    Field.ISSUE_DATE: "issue_date",
    Field.EXPIRY_DATE: "expiry_date",
    Field.LEVEL: "level",
    Field.BARRED_LIST: "barred_list",
    Field.BARRED_CHECKED: "barred_list_checked_on",
    Field.UPDATE_SERVICE: "update_service",
    Field.UPDATE_CHECKED: "update_service_checked_on",
}


@dataclass(frozen=True, slots=True)
class RowVerdict:
    sheet: str | None
    row: int  # as the spreadsheet shows it
    cells: tuple[object, ...]
    values: StaffValues | None  # None when rejected
    problems: tuple[Problem, ...]

    def __init__(
        self,
        sheet: str | None,
        row: int,
        cells: tuple[object, ...],
        values: StaffValues | None,
        problems: tuple[Problem, ...],
    ) -> None:
        _r_sheet(self, sheet)
        _r_row(self, row)
        _r_cells(self, cells)
        _r_values(self, values)
        _r_problems(self, problems)

    @property
    def rejected(self) -> bool:
        return self.values is None


_r_sheet, _r_row, _r_cells, _r_values, _r_problems = _setters(
    RowVerdict, "sheet row cells values problems"
)
