"""The verdict on each row of a provider's DBS spreadsheet: what it says, and its errors
(row rejected) and warnings (row imported). The same file always gets the same verdict."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dates import add_months
from bscp_monitor.dbs_columns import DATE_FIELDS, Column, Field
from bscp_monitor.dbs_values import (
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


@dataclass(frozen=True)
class Problem:
    sheet: str | None
    row: int
    column: str | None
    severity: Severity
    message: str


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


@dataclass(frozen=True)
class RowVerdict:
    sheet: str | None
    row: int  # as the spreadsheet shows it
    cells: tuple[object, ...]
    values: StaffValues | None  # None when rejected
    problems: tuple[Problem, ...]

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


class RowReader:
    """Reads the rows of one sheet against its column mapping."""

    def __init__(
        self, sheet: str | None, columns: Sequence[Column], policy_years: int, today: date
    ) -> None:
        self.sheet = sheet
        self.today = today
        self.policy_years = policy_years
        self.by_field = {c.field: c for c in columns if c.field not in (None, Field.IGNORE)}
        self._index = tuple((field, column.index) for field, column in self.by_field.items())
        self._headers = {field: column.header for field, column in self.by_field.items()}
        # The mapped date columns, in a fixed order (so are their problems).
        self._date_fields = tuple(f for f in Field if f in DATE_FIELDS and f in self.by_field)

    def _cells(self, cells: Sequence[object]) -> Callable[[Field], object]:
        """The row's cell for a field (None when the field is not mapped or the row short)."""
        width = len(cells)
        return {field: cells[index] for field, index in self._index if index < width}.get

    def read(self, cells: Sequence[object], row: int, seen: set[str]) -> RowVerdict:
        """The verdict on one non-blank row; ``seen`` holds numbers of earlier accepted rows."""
        problems: list[Problem] = []
        cell = self._cells(cells)

        def problem(field: Field | None, severity: Severity, message: str) -> None:
            header = self._headers.get(field) if field is not None else None
            problems.append(Problem(self.sheet, row, header, severity, message))

        name = self._name(cell, problem)
        number = None
        try:
            number, padded = parse_certificate(cell(Field.CERTIFICATE))
            if padded:
                problem(Field.CERTIFICATE, Severity.WARNING, padded)
        except CellError as exc:
            problem(Field.CERTIFICATE, Severity.ERROR, str(exc))
        dates: dict[Field, date | None] = dict.fromkeys(DATE_FIELDS)
        for field in self._date_fields:  # an unmapped date is None, and never wrong
            try:
                dates[field] = parse_date(cell(field), past=field is Field.DATE_OF_BIRTH)
            except CellError as exc:
                dates[field] = None
                problem(field, Severity.ERROR, str(exc))
        issue = dates[Field.ISSUE_DATE]
        if issue is not None and issue > self.today:
            problem(Field.ISSUE_DATE, Severity.ERROR, "The DBS issue date is in the future.")
        if number is not None and number in seen:
            problem(
                Field.CERTIFICATE,
                Severity.ERROR,
                f"The certificate number {number} is already used by an earlier row.",
            )
        contact = self._contact(cell, problem)
        level, level_barred, recognised = parse_level(cell(Field.LEVEL))
        if not recognised:
            problem(
                Field.LEVEL,
                Severity.WARNING,
                f"The DBS level '{cell_text(cell(Field.LEVEL))}' is not recognised.",
            )
        barred = level_barred
        try:
            explicit = _barred(cell(Field.BARRED_LIST))
            if explicit is not None:
                barred = explicit
        except CellError as exc:
            problem(Field.BARRED_LIST, Severity.WARNING, str(exc))
        if barred is None:
            barred = BarredList.CHILDREN if dates[Field.BARRED_CHECKED] else BarredList.NONE
        update = False
        try:
            update = bool(parse_yes_no(cell(Field.UPDATE_SERVICE)))
        except CellError as exc:
            problem(Field.UPDATE_SERVICE, Severity.WARNING, f"{exc} Taken as not subscribed.")
        if any(p.severity is Severity.ERROR for p in problems) or name is None:
            return RowVerdict(self.sheet, row, tuple(cells), None, tuple(problems))

        if number is None:
            problem(Field.CERTIFICATE, Severity.WARNING, "There is no DBS certificate number.")
        if contact in CONTACT_STAFF:
            if level not in (DbsLevel.ENHANCED, DbsLevel.ENHANCED_BARRED):
                problem(
                    Field.LEVEL,
                    Severity.WARNING,
                    f"{contact.value.capitalize()} contact with children needs an enhanced DBS "
                    f"check; this one is {level.value.replace('_', ' ')}.",
                )
            if barred in (BarredList.NONE, BarredList.ADULTS):
                problem(
                    Field.LEVEL,
                    Severity.WARNING,
                    "No children's barred list check is recorded for a person in "
                    f"{contact.value} contact with children.",
                )
        expiry = derived_expiry(
            issue,
            dates[Field.EXPIRY_DATE],
            update,
            dates[Field.UPDATE_CHECKED],
            self.policy_years,
            self.today,
        )
        if expiry is not None and expiry < self.today:
            problem(
                Field.EXPIRY_DATE if dates[Field.EXPIRY_DATE] else Field.ISSUE_DATE,
                Severity.WARNING,
                f"The DBS check expired on {expiry.strftime('%d/%m/%Y')}.",
            )
        if number is not None:
            seen.add(number)
        values = StaffValues(
            full_name=name,
            role=cell_text(cell(Field.ROLE)),
            contact_level=contact,
            date_of_birth=dates[Field.DATE_OF_BIRTH],
            start_date=dates[Field.START_DATE],
            certificate_number=number,
            level=level,
            barred_list=barred,
            barred_list_checked_on=dates[Field.BARRED_CHECKED],
            issue_date=issue,
            expiry_date=expiry,
            expiry_from_provider=dates[Field.EXPIRY_DATE] is not None,
            update_service=update,
            update_service_checked_on=dates[Field.UPDATE_CHECKED],
        )
        return RowVerdict(self.sheet, row, tuple(cells), values, tuple(problems))

    def _name(self, cell: Callable[[Field], object], problem: object) -> str | None:
        full = cell(Field.FULL_NAME)
        if full in (None, "") and (
            Field.FORENAME in self.by_field or Field.SURNAME in self.by_field
        ):
            parts = [cell_text(cell(f)) for f in (Field.FORENAME, Field.SURNAME)]
            full = " ".join(p for p in parts if p)
            field = Field.SURNAME if Field.SURNAME in self.by_field else Field.FORENAME
        else:
            field = Field.FULL_NAME
        try:
            return parse_name(full)
        except CellError as exc:
            problem(field, Severity.ERROR, str(exc))  # type: ignore[operator]
            return None

    def _contact(self, cell: Callable[[Field], object], problem: object) -> ContactLevel:
        raw = cell(Field.CONTACT)
        level = parse_contact(raw)
        if level is None:
            if cell_text(raw):
                problem(  # type: ignore[operator]
                    Field.CONTACT,
                    Severity.WARNING,
                    f"The contact level '{cell_text(raw)}' is not recognised; taken as direct.",
                )
            return ContactLevel.DIRECT
        return level
