"""What a DBS check amounts to, as the import judges it: the expiry date it works out, a
barred-list cell read, and the warnings the contact level asks for (dbs/rows.py reads each
row with these)."""

from __future__ import annotations

from datetime import date, datetime

from bscp_monitor.common.dates import add_months
from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.values import (
    CellError,
    NotApplicable,
    cell_text,
    date_in_text,
    masked_text,
    parse_yes_no,
)
from bscp_monitor.dbs.verdicts import Problem, Severity

#: An Update Service status check this recent means the certificate is current.
UPDATE_SERVICE_VALID_MONTHS = 12
CONTACT_STAFF = frozenset({ContactLevel.DIRECT, ContactLevel.REGULAR})

_WARNING = Severity.WARNING
_ENHANCED_LEVELS = (DbsLevel.ENHANCED, DbsLevel.ENHANCED_BARRED)
_NO_CHILDREN_LIST = (BarredList.NONE, BarredList.ADULTS)
_CHILDREN, _NO_LIST = BarredList.CHILDREN, BarredList.NONE


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


_CHECKED_WORDS = {"clear", "checked", "done", "ok", "okay", "satisfactory", "no trace", "seen"}


def read_barred(value: object) -> tuple[BarredList | None, date | None, str | None]:
    """A barred-list cell: (the list checked or None when blank, a check date written in it,
    a warning). Yes/No/ticks, "Clear", a date, or "List 99" (the old children's list)."""
    if isinstance(value, datetime):
        return _CHILDREN, value.date(), None
    if isinstance(value, date):
        return _CHILDREN, value, None
    text = cell_text(value).casefold()
    if not text:
        return None, None, None
    if "99" in text and "list" in text:
        return (
            _CHILDREN,
            date_in_text(text, past=True),
            f"'{masked_text(value)}' is a List 99 check, the children's barred list before "
            "2009: read as a children's barred list check (an old check).",
        )
    if "both" in text or ("child" in text and "adult" in text):
        return BarredList.BOTH, None, None
    if "child" in text:
        return _CHILDREN, None, None
    if "adult" in text:
        return BarredList.ADULTS, None, None
    if text in _CHECKED_WORDS:
        return _CHILDREN, None, None
    try:
        answer = parse_yes_no(value)
    except NotApplicable:
        raise
    except CellError:
        day = date_in_text(text, past=True)
        if day is None:
            raise
        return _CHILDREN, day, None
    if answer is None:
        return None, None, None
    return (_CHILDREN if answer else _NO_LIST), None, None


_NEEDS_ENHANCED = " contact with children needs an enhanced DBS check; this one is "
_NO_BARRED = "No children's barred list check is recorded for a person in "


def contact_warnings(
    sheet: str | None,
    row: int,
    header: str | None,
    contact: ContactLevel,
    level: DbsLevel,
    barred: BarredList,
) -> list[Problem]:
    """What the contact level asks of the check: an enhanced DBS and the children's list."""
    if contact not in CONTACT_STAFF:
        return []
    found = []
    if level not in _ENHANCED_LEVELS:
        message = _MESSAGES.get((contact, level))
        if message is None:
            message = _MESSAGES[contact, level] = (
                f"{contact.value.capitalize()}{_NEEDS_ENHANCED}{level.value.replace('_', ' ')}."
            )
        found.append(Problem(sheet, row, header, _WARNING, message))
    if barred in _NO_CHILDREN_LIST:
        message = _MESSAGES.get((contact, barred))
        if message is None:
            message = _MESSAGES[contact, barred] = (
                f"{_NO_BARRED}{contact.value} contact with children."
            )
        found.append(Problem(sheet, row, header, _WARNING, message))
    return found


# Warnings repeated on thousands of rows, each text made once (and held once: a sheet at
# the row bound has a hundred thousand of them).
_MESSAGES: dict[tuple[ContactLevel, DbsLevel | BarredList], str] = {}
_EXPIRED: dict[date, str] = {}


def expired_message(expiry: date) -> str:
    """'The DBS check expired on dd/mm/yyyy.' (each text made once)."""
    found = _EXPIRED.get(expiry)
    if found is not None:
        return found
    message = _EXPIRED[expiry] = f"The DBS check expired on {expiry.strftime('%d/%m/%Y')}."
    return message


def is_contact_warning(problem: Problem) -> bool:
    """One of ``contact_warnings``' (judged again on a matched person's whole record)."""
    return _NEEDS_ENHANCED in problem.message or problem.message.startswith(_NO_BARRED)
