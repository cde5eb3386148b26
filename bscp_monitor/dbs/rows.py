"""The verdict on each row of a provider's DBS spreadsheet: what it says, and its errors
(row rejected) and warnings (row imported). The same file always gets the same verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from operator import itemgetter
from typing import Any

from bscp_monitor.common.dates import add_months
from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.columns import DATE_FIELDS, Column, Field
from bscp_monitor.dbs.values import (
    CellError,
    cell_text,
    parse_certificate,
    parse_contact,
    parse_date,
    parse_level,
    parse_name,
    parse_yes_no,
)

#: An Update Service status check this recent means the certificate is current.
UPDATE_SERVICE_VALID_MONTHS = 12
CONTACT_STAFF = frozenset({ContactLevel.DIRECT, ContactLevel.REGULAR})


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# An import makes one RowVerdict and one StaffValues per row, and a Problem per warning:
# tens of thousands of each. These stay frozen dataclasses (equality, hash, repr, replace()),
# but fill their fields in one step: the generated __init__ of a frozen dataclass calls
# object.__setattr__ once per field, which made StaffValues cost 4 µs a row.
# tests/core/test_dbs_rows.py checks each __init__ against the fields.
_set = object.__setattr__


@dataclass(frozen=True)
class Problem:
    sheet: str | None
    row: int
    column: str | None
    severity: Severity
    message: str

    def __init__(
        self, sheet: str | None, row: int, column: str | None, severity: Severity, message: str
    ) -> None:
        _set(
            self,
            "__dict__",
            {
                "sheet": sheet,
                "row": row,
                "column": column,
                "severity": severity,
                "message": message,
            },
        )


@dataclass(frozen=True)
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
    ) -> None:
        _set(
            self,
            "__dict__",
            {
                "full_name": full_name,
                "role": role,
                "contact_level": contact_level,
                "date_of_birth": date_of_birth,
                "start_date": start_date,
                "certificate_number": certificate_number,
                "level": level,
                "barred_list": barred_list,
                "barred_list_checked_on": barred_list_checked_on,
                "issue_date": issue_date,
                "expiry_date": expiry_date,
                "expiry_from_provider": expiry_from_provider,
                "update_service": update_service,
                "update_service_checked_on": update_service_checked_on,
            },
        )


@dataclass(frozen=True)
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
        _set(
            self,
            "__dict__",
            {"sheet": sheet, "row": row, "cells": cells, "values": values, "problems": problems},
        )

    @property
    def rejected(self) -> bool:
        return self.values is None


def derived_expiry(
    issue: date | None,
    provider_expiry: date | None,
    update_service: bool,
    status_checked: date | None,
    policy_years: int,
    today: date,
) -> date | None:
    """The provider's date if given; else issue + policy, unless a recent Update Service check."""
    if provider_expiry is not None:
        return provider_expiry
    if (
        update_service
        and status_checked is not None
        and status_checked >= add_months(today, -UPDATE_SERVICE_VALID_MONTHS)
    ):
        return add_months(status_checked, UPDATE_SERVICE_VALID_MONTHS)
    if issue is None:
        return None
    return add_months(issue, 12 * policy_years)


def _barred(value: object) -> BarredList | None:
    text = cell_text(value).casefold()
    if not text:
        return None
    if "both" in text or ("child" in text and "adult" in text):
        return BarredList.BOTH
    if "child" in text:
        return BarredList.CHILDREN
    if "adult" in text:
        return BarredList.ADULTS
    answer = parse_yes_no(value)
    return BarredList.CHILDREN if answer else BarredList.NONE


# Looked up once: an enum member read from its class costs a dictionary walk each time.
_ERROR, _WARNING = Severity.ERROR, Severity.WARNING
_ENHANCED_LEVELS = (DbsLevel.ENHANCED, DbsLevel.ENHANCED_BARRED)
_NO_CHILDREN_LIST = (BarredList.NONE, BarredList.ADULTS)
_DIRECT, _CHILDREN, _NO_LIST = ContactLevel.DIRECT, BarredList.CHILDREN, BarredList.NONE
#: The fields a row is read for, in the order ``RowReader._pick`` returns their cells.
_READ_FIELDS = (
    Field.FULL_NAME,
    Field.FORENAME,
    Field.SURNAME,
    Field.DATE_OF_BIRTH,
    Field.ROLE,
    Field.START_DATE,
    Field.CONTACT,
    Field.CERTIFICATE,
    Field.ISSUE_DATE,
    Field.EXPIRY_DATE,
    Field.LEVEL,
    Field.BARRED_LIST,
    Field.BARRED_CHECKED,
    Field.UPDATE_SERVICE,
    Field.UPDATE_CHECKED,
)


#: The date fields in the order of Field (the order of their problems in a row).
_DATE_ORDER = tuple(f for f in Field if f in DATE_FIELDS)


class RowReader:
    """Reads the rows of one sheet against its column mapping.

    It judges tens of thousands of rows per import, so the per-row work is kept lean: the
    cells of every field picked out at once, the mapping's headers and enum members looked
    up beforehand, and the verdicts on repeated texts (levels, contact, yes/no) remembered.
    """

    def __init__(
        self, sheet: str | None, columns: Sequence[Column], policy_years: int, today: date
    ) -> None:
        self.sheet = sheet
        self.today = today
        self.policy_years = policy_years
        self.by_field = {c.field: c for c in columns if c.field not in (None, Field.IGNORE)}
        self._headers = {field: column.header for field, column in self.by_field.items()}
        # Each field's cell in one call; an unmapped field reads index -1, the None that
        # ``read`` appends to every row (rows shorter than the mapping are padded first).
        indices = [self.by_field[f].index if f in self.by_field else -1 for f in _READ_FIELDS]
        self._pick = itemgetter(*indices)
        self._width = max(indices) + 1
        header = self._headers.get
        self._h_certificate = header(Field.CERTIFICATE)
        self._h_issue = header(Field.ISSUE_DATE)
        self._h_expiry = header(Field.EXPIRY_DATE)
        self._h_contact = header(Field.CONTACT)
        self._h_level = header(Field.LEVEL)
        self._h_barred = header(Field.BARRED_LIST)
        self._h_update = header(Field.UPDATE_SERVICE)
        self._has_parts = Field.FORENAME in self.by_field or Field.SURNAME in self.by_field
        self._h_name = header(Field.FULL_NAME)
        self._h_parts = header(Field.SURNAME if Field.SURNAME in self.by_field else Field.FORENAME)
        # The mapped date columns, in a fixed order (so are their problems): the position of
        # each in ``read``'s list of dates, its header, and whether it is a date of birth.
        self._date_slots = tuple(
            (_DATE_ORDER.index(f), self._headers[f], f is Field.DATE_OF_BIRTH)
            for f in _DATE_ORDER
            if f in self.by_field
        )
        # Texts repeated on thousands of rows (a sheet holds a handful of spellings).
        self._levels: dict[str, tuple[DbsLevel, BarredList | None, bool]] = {}
        self._contacts: dict[str, ContactLevel | None] = {}
        self._yes_no: dict[str, bool | None] = {}
        self._texts: dict[str, str] = {}

    def _future_checks(
        self,
        problems: list[Problem],
        sheet: str,
        row: int,
        barred_checked: date | None,
        update_checked: date | None,
    ) -> None:
        for checked, field, what in (
            (barred_checked, Field.BARRED_CHECKED, "barred list check"),
            (update_checked, Field.UPDATE_CHECKED, "Update Service status check"),
        ):
            if checked is not None and checked > self.today:
                header = self._headers.get(field, "")
                message = f"The date of the {what} is in the future."
                problems.append(Problem(sheet, row, header, _ERROR, message))

    def _text(self, value: object) -> str:
        """cell_text, remembered for texts (roles repeat down a sheet)."""
        if type(value) is not str:
            return cell_text(value)
        try:
            return self._texts[value]
        except KeyError:
            text = self._texts[value] = cell_text(value)
            return text

    def read(self, cells: Sequence[object], row: int, seen: set[str]) -> RowVerdict:  # noqa: C901
        """The verdict on one non-blank row; ``seen`` holds numbers of earlier accepted rows.

        One long function on purpose: every row of a 50,000-row sheet goes through it, and
        a call per field costs (bench/dbs_import.py)."""
        problems: list[Problem] = []
        sheet = self.sheet
        error = False

        if len(cells) < self._width:
            padded = [*cells, *([None] * (self._width - len(cells))), None]
        else:
            padded = [*cells, None]
        (
            full,
            forename,
            surname,
            birth_cell,
            role_cell,
            start_cell,
            contact_cell,
            number_cell,
            issue_cell,
            expiry_cell,
            level_cell,
            barred_cell,
            barred_checked_cell,
            update_cell,
            update_checked_cell,
        ) = self._pick(padded)

        # The name: the full name, else forename and surname joined.
        if (full is None or full == "") and self._has_parts:
            parts = [cell_text(forename), cell_text(surname)]
            full = " ".join(p for p in parts if p)
            name_header = self._h_parts
        else:
            name_header = self._h_name
        try:
            name: str | None = parse_name(full)
        except CellError as exc:
            name = None
            error = True
            problems.append(Problem(sheet, row, name_header, _ERROR, str(exc)))

        number = None
        if type(number_cell) is str:  # the usual shapes: digits, spaced or hyphenated
            digits = number_cell.replace(" ", "").replace("-", "")
            if len(digits) == 12 and digits.isascii() and digits.isdigit():
                number = digits
        if number is None:
            try:
                number, padded_warning = parse_certificate(number_cell)
                if padded_warning:
                    problems.append(
                        Problem(sheet, row, self._h_certificate, _WARNING, padded_warning)
                    )
            except CellError as exc:
                error = True
                problems.append(Problem(sheet, row, self._h_certificate, _ERROR, str(exc)))

        # The dates, in a fixed order (so are their problems); an unmapped one reads None.
        dates: list[Any] = [
            birth_cell,
            start_cell,
            issue_cell,
            expiry_cell,
            barred_checked_cell,
            update_checked_cell,
        ]
        for position, header, past in self._date_slots:
            value = dates[position]
            if value is None:
                continue
            if type(value) is datetime:  # the commonest: a real date cell
                dates[position] = value.date()
                continue
            try:
                dates[position] = parse_date(value, past)
            except CellError as exc:
                dates[position] = None
                error = True
                problems.append(Problem(sheet, row, header, _ERROR, str(exc)))
        birth, start, issue, expiry_given, barred_checked, update_checked = dates
        today = self.today
        if issue is not None and issue > today:
            error = True
            problems.append(
                Problem(sheet, row, self._h_issue, _ERROR, "The DBS issue date is in the future.")
            )
        if (barred_checked is not None and barred_checked > today) or (
            update_checked is not None and update_checked > today
        ):  # a check not yet made proves nothing
            error = True
            self._future_checks(problems, sheet, row, barred_checked, update_checked)
        if number is not None and number in seen:
            error = True
            problems.append(
                Problem(
                    sheet,
                    row,
                    self._h_certificate,
                    _ERROR,
                    f"The certificate number {number} is already used by an earlier row.",
                )
            )

        # Contact with children: not recognised is taken as direct (with a warning).
        if type(contact_cell) is str:
            try:
                contact = self._contacts[contact_cell]
            except KeyError:
                contact = self._contacts[contact_cell] = parse_contact(contact_cell)
        else:
            contact = parse_contact(contact_cell)
        if contact is None:
            if cell_text(contact_cell):
                problems.append(
                    Problem(
                        sheet,
                        row,
                        self._h_contact,
                        _WARNING,
                        f"The contact level '{cell_text(contact_cell)}' is not recognised; "
                        "taken as direct.",
                    )
                )
            contact = _DIRECT

        if type(level_cell) is str:
            try:
                level, level_barred, recognised = self._levels[level_cell]
            except KeyError:
                found = self._levels[level_cell] = parse_level(level_cell)
                level, level_barred, recognised = found
        else:
            level, level_barred, recognised = parse_level(level_cell)
        if not recognised:
            problems.append(
                Problem(
                    sheet,
                    row,
                    self._h_level,
                    _WARNING,
                    f"The DBS level '{cell_text(level_cell)}' is not recognised.",
                )
            )
        barred = level_barred
        if barred_cell is not None:
            try:
                explicit = _barred(barred_cell)
                if explicit is not None:
                    barred = explicit
            except CellError as exc:
                problems.append(Problem(sheet, row, self._h_barred, _WARNING, str(exc)))
        if barred is None:
            barred = _CHILDREN if barred_checked else _NO_LIST

        update = False
        try:
            if type(update_cell) is str:
                try:
                    answer = self._yes_no[update_cell]
                except KeyError:
                    answer = self._yes_no[update_cell] = parse_yes_no(update_cell)
            else:
                answer = parse_yes_no(update_cell)
            update = bool(answer)
        except CellError as exc:
            problems.append(
                Problem(sheet, row, self._h_update, _WARNING, f"{exc} Taken as not subscribed.")
            )
        if error or name is None:
            return RowVerdict(sheet, row, tuple(cells), None, tuple(problems))

        if number is None:
            problems.append(
                Problem(
                    sheet,
                    row,
                    self._h_certificate,
                    _WARNING,
                    "There is no DBS certificate number.",
                )
            )
        if contact in CONTACT_STAFF:
            if level not in _ENHANCED_LEVELS:
                problems.append(
                    Problem(
                        sheet,
                        row,
                        self._h_level,
                        _WARNING,
                        f"{contact.value.capitalize()} contact with children needs an enhanced "
                        f"DBS check; this one is {level.value.replace('_', ' ')}.",
                    )
                )
            if barred in _NO_CHILDREN_LIST:
                problems.append(
                    Problem(
                        sheet,
                        row,
                        self._h_level,
                        _WARNING,
                        "No children's barred list check is recorded for a person in "
                        f"{contact.value} contact with children.",
                    )
                )
        expiry = derived_expiry(
            issue,
            expiry_given,
            update,
            update_checked,
            self.policy_years,
            today,
        )
        if expiry is not None and expiry < today:
            problems.append(
                Problem(
                    sheet,
                    row,
                    self._h_expiry if expiry_given else self._h_issue,
                    _WARNING,
                    f"The DBS check expired on {expiry.strftime('%d/%m/%Y')}.",
                )
            )
        if number is not None:
            seen.add(number)
        values = StaffValues(
            full_name=name,
            role=self._text(role_cell),
            contact_level=contact,
            date_of_birth=birth,
            start_date=start,
            certificate_number=number,
            level=level,
            barred_list=barred,
            barred_list_checked_on=barred_checked,
            issue_date=issue,
            expiry_date=expiry,
            expiry_from_provider=expiry_given is not None,
            update_service=update,
            update_service_checked_on=update_checked,
        )
        return RowVerdict(sheet, row, tuple(cells), values, tuple(problems))
