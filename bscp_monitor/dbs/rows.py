"""The verdict on each row of a provider's DBS spreadsheet: what it says, and its errors
(row rejected) and warnings (row imported). The same file always gets the same verdict.

The records are in dbs/verdicts.py and the rules of a check in dbs/row_rules.py; their
names are offered here too, where the import's callers have always found them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.columns import DATE_FIELDS, Column, Field
from bscp_monitor.dbs.row_rules import (
    CONTACT_STAFF as CONTACT_STAFF,
)
from bscp_monitor.dbs.row_rules import (
    UPDATE_SERVICE_VALID_MONTHS as UPDATE_SERVICE_VALID_MONTHS,
)
from bscp_monitor.dbs.row_rules import (
    contact_warnings as contact_warnings,
)
from bscp_monitor.dbs.row_rules import (
    derived_expiry as derived_expiry,
)
from bscp_monitor.dbs.row_rules import (
    expired_message,
    read_barred,
)
from bscp_monitor.dbs.row_rules import (
    is_contact_warning as is_contact_warning,
)
from bscp_monitor.dbs.values import (
    CellError,
    DateWithNote,
    NotApplicable,
    cell_text,
    ending,
    level_note,
    masked_text,
    not_applicable,
    parse_certificate,
    parse_contact,
    parse_date,
    parse_level,
    parse_name,
    parse_update_text,
    parse_yes_no,
)
from bscp_monitor.dbs.verdicts import (
    ALL_GIVEN as ALL_GIVEN,
)
from bscp_monitor.dbs.verdicts import (
    FIELD_ATTRIBUTES as FIELD_ATTRIBUTES,
)
from bscp_monitor.dbs.verdicts import (
    GIVEN_ORDER,
)
from bscp_monitor.dbs.verdicts import (
    NO_NUMBER as NO_NUMBER,
)
from bscp_monitor.dbs.verdicts import (
    Problem as Problem,
)
from bscp_monitor.dbs.verdicts import (
    RowVerdict as RowVerdict,
)
from bscp_monitor.dbs.verdicts import (
    Severity as Severity,
)
from bscp_monitor.dbs.verdicts import (
    StaffValues as StaffValues,
)

# Looked up once: an enum member read from its class costs a dictionary walk each time.
_ERROR, _WARNING, _NOTE = Severity.ERROR, Severity.WARNING, Severity.NOTE
_ENHANCED_LEVELS = (DbsLevel.ENHANCED, DbsLevel.ENHANCED_BARRED)
_NO_CHILDREN_LIST = (BarredList.NONE, BarredList.ADULTS)
_DIRECT, _CHILDREN, _NO_LIST = ContactLevel.DIRECT, BarredList.CHILDREN, BarredList.NONE
_UNKNOWN_LEVEL = DbsLevel.UNKNOWN
_CHILDREN_LISTS = (BarredList.CHILDREN, BarredList.BOTH)
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
_DATE_NAMES = (
    "date_of_birth",
    "start_date",
    "issue_date",
    "expiry_date",
    "barred_list_checked_on",
    "update_service_checked_on",
)


class RowReader:
    """Reads the rows of one sheet against its column mapping.

    It judges tens of thousands of rows per import, so the per-row work is kept lean: the
    cells of every field picked out at once, the mapping's headers and enum members looked
    up beforehand, and the verdicts on repeated texts (levels, contact, yes/no) remembered.
    Unusual cells ("N/A", "Applied 10/06/25", "Yes - status checked 01/09/2026") are read on
    the slow path, after the usual reading fails.
    """

    def __init__(
        self,
        sheet: str | None,
        columns: Sequence[Column],
        policy_years: int,
        today: date,
        text_lost_zeros: bool = False,
    ) -> None:
        self.sheet = sheet
        self.today = today
        self.policy_years = policy_years
        self.text_lost_zeros = text_lost_zeros  # a CSV: Excel wrote numbers without zeros
        self.by_field: dict[Field, Column] = {
            c.field: c for c in columns if c.field is not None and c.field is not Field.IGNORE
        }
        self._headers: dict[Field, str] = {f: column.header for f, column in self.by_field.items()}
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
        self._h_barred_checked = header(Field.BARRED_CHECKED)
        self._h_update = header(Field.UPDATE_SERVICE)
        self._has_parts = Field.FORENAME in self.by_field or Field.SURNAME in self.by_field
        # A sheet with no level column whose certificate column is headed "Enhanced DBS"
        # says the level of every certificate in it (for people new to the register).
        certificate = self.by_field.get(Field.CERTIFICATE)
        self._implied_level = (
            DbsLevel.ENHANCED
            if Field.LEVEL not in self.by_field
            and certificate is not None
            and "enhanced" in f"{certificate.group} {certificate.header}".casefold()
            else None
        )
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
        self._levels: dict[str, tuple[DbsLevel, BarredList | None, bool, str | None]] = {}
        self._contacts: dict[str, ContactLevel | None] = {}
        self._yes_no: dict[str, bool | None] = {}
        self._texts: dict[str, str] = {}
        # Dates written as text, read without a problem (a sheet of 50,000 rows spans a few
        # thousand days at most); dates of birth apart (a two-digit year reads otherwise).
        self._dates: dict[str, date] = {}
        self._past_dates: dict[str, date] = {}
        self._given: dict[tuple[bool, ...], frozenset[str]] = {}

    def _future_checks(
        self,
        problems: list[Problem],
        sheet: str | None,
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

    def _level(self, cell: object) -> tuple[DbsLevel, BarredList | None, bool, str | None]:
        if type(cell) is str:
            try:
                return self._levels[cell]
            except KeyError:
                pass
        level, barred, recognised = parse_level(cell)
        found = (level, barred, recognised, level_note(cell) if recognised else None)
        if type(cell) is str:
            self._levels[cell] = found
        return found

    def _given_fields(self, key: tuple[bool, ...]) -> frozenset[str]:
        try:
            return self._given[key]
        except KeyError:
            names = ("full_name", *(n for n, on in zip(GIVEN_ORDER, key, strict=True) if on))
            given = self._given[key] = frozenset(names)
            return given

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
        if number is None and number_cell is not None:
            try:
                number, number_warning = parse_certificate(number_cell, self.text_lost_zeros)
                if number_warning:
                    problems.append(
                        Problem(sheet, row, self._h_certificate, _WARNING, number_warning)
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
        barred_ticked = None  # a barred-list date column holding "Yes" or "Clear"
        for position, header, past in self._date_slots:
            value = dates[position]
            if value is None:
                continue
            if type(value) is datetime:  # the commonest: a real date cell
                dates[position] = value.date()
                continue
            if type(value) is str:  # a date written as text, read before on this sheet?
                known = (self._past_dates if past else self._dates).get(value)
                if known is not None:
                    dates[position] = known
                    continue
            try:
                day = dates[position] = parse_date(value, past)
                if type(value) is str and day is not None:
                    (self._past_dates if past else self._dates)[value] = day
            except DateWithNote as exc:
                dates[position] = exc.day
                problems.append(Problem(sheet, row, header, _WARNING, str(exc)))
            except NotApplicable as exc:
                dates[position] = None
                problems.append(Problem(sheet, row, header, _WARNING, str(exc)))
            except CellError as exc:
                dates[position] = None
                if position == 4:  # barred list check: "Yes", "Clear", "List 99 ..."
                    try:
                        barred_ticked, day, note = read_barred(value)
                    except CellError:
                        barred_ticked = None
                    else:
                        dates[position] = day
                        if note:
                            problems.append(Problem(sheet, row, header, _WARNING, note))
                        if barred_ticked is not None:
                            continue
                error = True
                problems.append(Problem(sheet, row, header, _ERROR, str(exc)))
        birth, start, issue, expiry_given, barred_checked, update_checked = dates
        today = self.today
        if issue is not None and issue > today:
            error = True
            problems.append(
                Problem(sheet, row, self._h_issue, _ERROR, "The DBS issue date is in the future.")
            )
        if number is not None and number in seen:
            error = True
            problems.append(
                Problem(
                    sheet,
                    row,
                    self._h_certificate,
                    _ERROR,
                    f"{ending(number).capitalize()} is already used by an earlier row.",
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
        contact_given = contact is not None
        if contact is None:
            contact_text = cell_text(contact_cell)
            if not_applicable(contact_text):
                problems.append(
                    Problem(
                        sheet, row, self._h_contact, _WARNING, f"'{contact_text}' read as blank."
                    )
                )
            elif contact_text:
                contact_given = True
                problems.append(
                    Problem(
                        sheet,
                        row,
                        self._h_contact,
                        _WARNING,
                        f"The contact level '{masked_text(contact_cell)}' is not recognised; "
                        "taken as direct.",
                    )
                )
            contact = _DIRECT

        found_level = self._levels.get(level_cell) if type(level_cell) is str else None
        if found_level is None:
            found_level = self._level(level_cell)
        level, level_barred, recognised, level_warning = found_level
        level_given = recognised and level is not _UNKNOWN_LEVEL
        if level_cell is None and number is not None and self._implied_level is not None:
            level = self._implied_level
        if not recognised:
            if not_applicable(level_cell):
                message = f"'{cell_text(level_cell)}' read as blank."
            else:
                message = f"The DBS level '{masked_text(level_cell)}' is not recognised."
            problems.append(Problem(sheet, row, self._h_level, _WARNING, message))
        elif level_warning:
            problems.append(Problem(sheet, row, self._h_level, _WARNING, level_warning))
        barred = level_barred
        if barred_cell is not None:
            try:
                explicit, barred_day, barred_note = read_barred(barred_cell)
                if explicit is not None:
                    barred = explicit
                if barred_day is not None and barred_checked is None:
                    barred_checked = barred_day
                if barred_note:
                    problems.append(Problem(sheet, row, self._h_barred, _WARNING, barred_note))
            except NotApplicable as exc:
                problems.append(Problem(sheet, row, self._h_barred, _WARNING, str(exc)))
            except CellError as exc:
                problems.append(Problem(sheet, row, self._h_barred, _WARNING, str(exc)))
        if barred_ticked is not None and barred is None:
            barred = barred_ticked
        barred_given = barred is not None or barred_checked is not None
        if barred is None:
            barred = _CHILDREN if barred_checked else _NO_LIST
        if (
            barred_given
            and level_cell is None
            and number is not None
            and level is _UNKNOWN_LEVEL
            and barred in _CHILDREN_LISTS
        ):  # a barred-list check is only ever made with an enhanced DBS check
            level = DbsLevel.ENHANCED_BARRED

        update = False
        update_given = False
        if update_cell is not None:
            try:
                if type(update_cell) is str:
                    try:
                        answer = self._yes_no[update_cell]
                    except KeyError:
                        answer = self._yes_no[update_cell] = parse_yes_no(update_cell)
                else:
                    answer = parse_yes_no(update_cell)
                update = bool(answer)
                update_given = answer is not None
            except NotApplicable as exc:
                problems.append(Problem(sheet, row, self._h_update, _WARNING, str(exc)))
            except CellError as exc:
                written = parse_update_text(update_cell)
                if written is None:
                    problems.append(
                        Problem(
                            sheet, row, self._h_update, _WARNING, f"{exc} Taken as not subscribed."
                        )
                    )
                    update_given = True
                else:
                    update, status_day = written
                    update_given = True
                    if status_day is not None and update_checked is None:
                        update_checked = status_day
        if (barred_checked is not None and barred_checked > today) or (
            update_checked is not None and update_checked > today
        ):  # a check not yet made proves nothing
            error = True
            self._future_checks(problems, sheet, row, barred_checked, update_checked)
        if error or name is None:
            return RowVerdict(sheet, row, tuple(cells), None, tuple(problems))

        if number is None and not any(
            p.column == self._h_certificate and p.severity is _WARNING for p in problems
        ):
            problems.append(
                Problem(
                    sheet,
                    row,
                    self._h_certificate,
                    _WARNING,
                    NO_NUMBER,
                )
            )
        # (A person with no certificate yet is missing: what level it is, nobody knows.)
        if contact in CONTACT_STAFF and (number is not None or level_cell is not None):
            problems += contact_warnings(sheet, row, self._h_level, contact, level, barred)
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
                    expired_message(expiry),
                )
            )
        if number is not None:
            seen.add(number)
        role = self._text(role_cell)
        key = (
            bool(role),
            contact_given,
            birth is not None,
            start is not None,
            number is not None,
            level_given,
            barred_given,
            barred_checked is not None,
            issue is not None,
            expiry_given is not None,
            update_given,
            update_checked is not None,
        )
        given = self._given.get(key) or self._given_fields(key)
        values = StaffValues(
            full_name=name,
            role=role,
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
            given=given,
        )
        return RowVerdict(sheet, row, tuple(cells), values, tuple(problems))
