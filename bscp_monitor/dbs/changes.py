"""What an import changes in a person's stored record, field by field.

A row changes only what it states (``StaffValues.given``): a column not in the sheet, a
blank cell or "N/A" keeps the stored value, and a blank cell in a mapped column is reported
("Blank in the sheet; kept 05/04/2026"). A re-check date the provider never gave is worked
out again only when what it follows (certificate, issue date, Update Service) changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bscp_monitor.data.enums import BarredList, DbsLevel
from bscp_monitor.dbs.columns import Column, Field
from bscp_monitor.dbs.rows import (
    FIELD_ATTRIBUTES,
    Problem,
    RowVerdict,
    Severity,
    StaffValues,
    contact_warnings,
    is_contact_warning,
)
from bscp_monitor.dbs.rows import derived_expiry as _derived
from bscp_monitor.dbs.values import ending

STAFF_FIELDS = ("full_name", "role", "contact_level", "date_of_birth", "start_date")
CHECK_FIELDS = (
    "certificate_number",
    "level",
    "barred_list",
    "barred_list_checked_on",
    "issue_date",
    "expiry_date",
    "expiry_from_provider",
    "update_service",
    "update_service_checked_on",
)
#: Field names as the import's JSON "changes" and the preview show them.
CHANGE_LABELS = {
    "full_name": "Name",
    "role": "Role",
    "contact_level": "Contact with children",
    "date_of_birth": "Date of birth",
    "start_date": "Start date",
    "certificate_number": "DBS certificate number",
    "level": "DBS level",
    "barred_list": "Barred list",
    "barred_list_checked_on": "Barred list check date",
    "issue_date": "DBS issue date",
    "expiry_date": "DBS expiry / renewal date",
    "update_service": "Update Service",
    "update_service_checked_on": "Update Service status check date",
    "left_on": "Left on",
}
_EXPIRY_INPUTS = ("certificate_number", "issue_date", "update_service", "update_service_checked_on")
_NOTHING = (None, "", False, DbsLevel.UNKNOWN, BarredList.NONE)


@dataclass(frozen=True)
class Change:
    sheet: str | None
    row: int
    field: str  # a key of CHANGE_LABELS
    old: object
    new: object


def differences(
    staff: object, check: object | None, values: StaffValues, policy_years: int, today: date
) -> dict[str, tuple[object, object]]:
    """{field: (old, new)} for what the row changes in the stored person and check."""
    given = values.given
    changes: dict[str, tuple[object, object]] = {}
    for name in STAFF_FIELDS:
        if name in given:
            old, new = getattr(staff, name), getattr(values, name)
            if old != new:
                changes[name] = (old, new)
    if check is None:  # a first check: whatever the row says
        for name in CHECK_FIELDS:
            new = getattr(values, name)
            if new not in (None, False):
                changes[name] = (None, new)
    else:
        merged = {
            name: getattr(values, name) if name in given else getattr(check, name)
            for name in CHECK_FIELDS
        }
        inputs_changed = any(
            name in given and getattr(values, name) != getattr(check, name)
            for name in _EXPIRY_INPUTS
        )
        if "expiry_date" in given:
            merged["expiry_date"], merged["expiry_from_provider"] = values.expiry_date, True
        elif inputs_changed:
            merged["expiry_from_provider"] = False
            merged["expiry_date"] = _derived(
                merged["issue_date"],
                None,
                bool(merged["update_service"]),
                merged["update_service_checked_on"],
                policy_years,
                today,
            )
        else:  # nothing it follows changed: as it was
            merged["expiry_date"] = check.expiry_date  # type: ignore[attr-defined]
            merged["expiry_from_provider"] = check.expiry_from_provider  # type: ignore[attr-defined]
        for name in CHECK_FIELDS:
            old = getattr(check, name)
            if old != merged[name]:
                changes[name] = (old, merged[name])
    left_on = getattr(staff, "left_on", None)
    if left_on is not None:  # on the provider's current list again: back
        changes["left_on"] = (left_on, None)
    return changes


def reported(verdict: RowVerdict, changes: dict[str, tuple[object, object]]) -> list[Change]:
    """The changes as the import reports them (the internal expiry flag left out)."""
    return [
        Change(verdict.sheet, verdict.row, name, old, new)
        for name, (old, new) in changes.items()
        if name in CHANGE_LABELS
    ]


def kept_warnings(
    verdict: RowVerdict, columns: tuple[Column, ...], staff: object, check: object | None
) -> list[Problem]:
    """ "Blank in the sheet; kept 05/04/2026": a mapped column the row leaves empty (or says
    nothing readable in) while the record holds a value, which is kept."""
    values = verdict.values
    if values is None:
        return []
    problems = []
    for column in columns:
        if column.field is None or column.field is Field.IGNORE:
            continue
        name = FIELD_ATTRIBUTES.get(column.field)
        if name is None or name in values.given:
            continue
        holder = staff if name in STAFF_FIELDS else check
        if holder is None:
            continue
        if name == "expiry_date" and not getattr(holder, "expiry_from_provider", False):
            continue  # worked out, not given: it follows the dates the row does give
        old = getattr(holder, name)
        if old in _NOTHING:
            continue
        cell = verdict.cells[column.index] if column.index < len(verdict.cells) else None
        blank = cell is None or (isinstance(cell, str) and not cell.strip())
        message = f"{'Blank in the sheet; kept' if blank else 'Kept'} {shown(name, old)}."
        problems.append(
            Problem(verdict.sheet, verdict.row, column.header, Severity.WARNING, message)
        )
    return problems


#: What the contact rule is judged on; a row not giving them all leaves the record's in place.
_CONTACT_RULE_FIELDS = ("contact_level", "level", "barred_list")


def rejudged_warnings(verdict: RowVerdict, staff: object, check: object | None) -> list[Problem]:
    """A matched person's contact-rule warnings judged on the record the import leaves: what
    the row gives, else what is stored (a list without a contact column is not "direct")."""
    values = verdict.values
    if values is None or all(name in values.given for name in _CONTACT_RULE_FIELDS):
        return [p for p in verdict.problems if is_contact_warning(p)]
    given = values.given
    contact = values.contact_level
    if "contact_level" not in given:
        contact = getattr(staff, "contact_level", contact)
    level, barred = values.level, values.barred_list
    if check is not None:
        if "level" not in given:
            level = getattr(check, "level", level)
        if "barred_list" not in given and "barred_list_checked_on" not in given:
            barred = getattr(check, "barred_list", barred)
    if values.certificate_number is None and not getattr(check, "certificate_number", None):
        return []  # missing: what level it is, nobody knows
    header = next((p.column for p in verdict.problems if is_contact_warning(p)), None)
    return contact_warnings(verdict.sheet, verdict.row, header, contact, level, barred)


def shown(name: str, value: object) -> str:
    """A stored value in words, for messages and the preview (numbers masked)."""
    if value is None or value == "":
        return "(blank)"
    if name == "certificate_number":
        return ending(str(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    return str(value)


def json_value(name: str, value: object, reveal: bool = False) -> object:
    """A changed value for JSON: ISO dates, enum values, masked certificate numbers."""
    if value is None:
        return None
    if name == "certificate_number":
        text = str(value)
        return text if reveal else "*" * (len(text) - 4) + text[-4:]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
