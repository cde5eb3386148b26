"""S4: the DBS register of contracted staff, with each person's status, edits by hand and
the audited reveal of a certificate number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bscp_monitor.common import audit, settings
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.common.versions import check_version
from bscp_monitor.common.wording import counted
from bscp_monitor.data.enums import AuditAction, BarredList, ContactLevel, DbsLevel, DbsStanding
from bscp_monitor.data.models import DbsCheck, Provider, StaffMember
from bscp_monitor.data.server_roles import (
    Allowed as Allowed,  # what a login may do: the pages grey what it may not
)
from bscp_monitor.data.server_roles import (
    allowed,
    masked_numbers,
    numbers_hidden,
    reveal_number,
)
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.rows import derived_expiry
from bscp_monitor.dbs.values import CellError, normalise_name, parse_certificate, parse_name

EXPIRING_DAYS = 90
CONTACT_STAFF = frozenset({ContactLevel.DIRECT, ContactLevel.REGULAR})


class DbsStatus(StrEnum):
    MISSING = "missing"
    INVALID = "invalid"
    EXPIRED = "expired"
    EXPIRING = "expiring"
    IN_DATE = "in_date"


STATUS_LABELS = {
    DbsStatus.MISSING: "Missing",
    DbsStatus.INVALID: "Invalid",
    DbsStatus.EXPIRED: "Expired",
    DbsStatus.EXPIRING: "Expiring within 90 days",
    DbsStatus.IN_DATE: "In date",
}
LEVEL_LABELS = {
    DbsLevel.BASIC: "Basic",
    DbsLevel.STANDARD: "Standard",
    DbsLevel.ENHANCED: "Enhanced",
    DbsLevel.ENHANCED_BARRED: "Enhanced with barred list",
    DbsLevel.UNKNOWN: "Not known",
}


@dataclass(frozen=True)
class StaffRecord:
    id: int
    provider_id: int
    provider_name: str
    full_name: str
    role: str
    contact_level: ContactLevel
    left_on: date | None
    certificate_number: str | None
    level: DbsLevel
    barred_list: BarredList
    issue_date: date | None
    expiry_date: date | None
    update_service: bool
    status: DbsStatus
    reason: str
    #: The record's saves (common/versions.py): an edit passes the one it showed.
    version: int = field(default=1, compare=False)

    @property
    def masked_number(self) -> str:
        return mask(self.certificate_number)


def mask(number: str | None) -> str:
    """Only the last four digits show: ********6789."""
    if not number:
        return ""
    return "*" * (len(number) - 4) + number[-4:]


class CheckLike(Protocol):
    """A DBS check, or any row with these columns (bulk queries pass SQL rows); read only."""

    @property
    def certificate_number(self) -> str | None: ...
    @property
    def level(self) -> DbsLevel: ...
    @property
    def barred_list(self) -> BarredList: ...
    @property
    def expiry_date(self) -> date | None: ...


def status_of(check: CheckLike | None, contact: ContactLevel, today: date) -> tuple[DbsStatus, str]:
    """The status of a person's DBS record and why, in words."""
    if check is None or not check.certificate_number:
        return DbsStatus.MISSING, "No DBS certificate number is recorded."
    if contact in CONTACT_STAFF:
        if check.level not in (DbsLevel.ENHANCED, DbsLevel.ENHANCED_BARRED):
            return DbsStatus.INVALID, (
                f"{contact.value.capitalize()} contact with children needs an enhanced check "
                f"({LEVEL_LABELS[check.level].lower()} recorded)."
            )
        if check.barred_list in (BarredList.NONE, BarredList.ADULTS):
            return DbsStatus.INVALID, "No children's barred list check is recorded."
    if check.expiry_date is None:
        return DbsStatus.INVALID, "Neither an issue date nor a re-check date is recorded."
    if check.expiry_date < today:
        return DbsStatus.EXPIRED, f"Expired on {check.expiry_date:%d/%m/%Y}."
    if check.expiry_date <= today + timedelta(days=EXPIRING_DAYS):
        return DbsStatus.EXPIRING, f"Due for re-check on {check.expiry_date:%d/%m/%Y}."
    return DbsStatus.IN_DATE, f"In date until {check.expiry_date:%d/%m/%Y}."


def standing_of(check: CheckLike | None, contact: ContactLevel) -> tuple[DbsStanding, date | None]:
    """What ``status_of`` makes of a check, leaving out today's date, and the expiry date
    that then decides between expired, due for re-check and in date. The database keeps
    this for every person (data/dbs_triggers.py); writers that know it may store it."""
    if check is None or not check.certificate_number:
        return DbsStanding.MISSING, None
    if contact in CONTACT_STAFF and (
        check.level not in (DbsLevel.ENHANCED, DbsLevel.ENHANCED_BARRED)
        or check.barred_list in (BarredList.NONE, BarredList.ADULTS)
    ):
        return DbsStanding.INVALID, check.expiry_date
    if check.expiry_date is None:
        return DbsStanding.INVALID, None
    return DbsStanding.DATED, check.expiry_date


def _record(
    person: StaffMember,
    provider_name: str,
    today: date,
    masked: dict[int, str | None] | None = None,
) -> StaffRecord:
    """``masked``: on a server where this login may not read full numbers, the masked
    number of each check (status_of needs only whether there is one)."""
    check = person.dbs_checks[-1] if person.dbs_checks else None
    judged: CheckLike | None = check
    number = None
    if check is not None:
        if masked is None:
            number = check.certificate_number
        else:
            number = masked.get(check.id)
            judged = _Masked(number, check.level, check.barred_list, check.expiry_date)
    status, reason = status_of(judged, person.contact_level, today)
    if person.purged_on is not None:  # the note that the record was purged
        reason = (
            f"Record purged on {format_date(person.purged_on)}: the certificate number and "
            "date of birth were erased under the retention rule; the rest is kept."
        )
    return StaffRecord(
        id=person.id,
        provider_id=person.provider_id,
        provider_name=provider_name,
        full_name=person.full_name,
        role=person.role,
        contact_level=person.contact_level,
        left_on=person.left_on,
        certificate_number=number,
        level=check.level if check else DbsLevel.UNKNOWN,
        barred_list=check.barred_list if check else BarredList.NONE,
        issue_date=check.issue_date if check else None,
        expiry_date=check.expiry_date if check else None,
        update_service=check.update_service if check else False,
        status=status,
        reason=reason,
        version=person.version,
    )


@dataclass(frozen=True)
class _Masked:
    """A check as a login that sees only the last four digits of its number reads it."""

    certificate_number: str | None
    level: DbsLevel
    barred_list: BarredList
    expiry_date: date | None


def _checks_loaded(hidden: bool) -> Any:
    """How a person's checks are loaded: without the number where the login may not read it."""
    if hidden:
        return selectinload(StaffMember.dbs_checks).defer(
            DbsCheck.certificate_number, raiseload=True
        )
    return selectinload(StaffMember.dbs_checks)


def _masked_for(session: Session, people: list[StaffMember]) -> dict[int, str | None] | None:
    connection = session.connection()
    if not numbers_hidden(connection):
        return None
    return masked_numbers(connection, [p.dbs_checks[-1].id for p in people if p.dbs_checks])


def list_staff(
    store: Store,
    provider_id: int | None = None,
    include_left: bool = False,
    today: date | None = None,
) -> list[StaffRecord]:
    today = today or date.today()
    query = (
        select(StaffMember, Provider.name)
        .join(Provider, Provider.id == StaffMember.provider_id)
        .order_by(Provider.name, StaffMember.normalised_name, StaffMember.id)
    )
    if provider_id is not None:
        query = query.where(StaffMember.provider_id == provider_id)
    if not include_left:
        query = query.where(StaffMember.left_on.is_(None))
    with store.session() as session:
        hidden = numbers_hidden(session.connection())
        rows = session.execute(query.options(_checks_loaded(hidden))).all()
        masked = _masked_for(session, [person for person, _name in rows])
        return [_record(person, name, today, masked) for person, name in rows]


def get_staff(store: Store, staff_id: int, today: date | None = None) -> StaffRecord:
    with store.session() as session:
        hidden = numbers_hidden(session.connection())
        person = session.get(StaffMember, staff_id, options=[_checks_loaded(hidden)])
        if person is None:
            raise NotFoundError(f"There is no staff member {staff_id}.")
        provider = session.get_one(Provider, person.provider_id)
        masked = _masked_for(session, [person])
        return _record(person, provider.name, today or date.today(), masked)


def reveal_certificate(store: Store, staff_id: int) -> str | None:
    """The full certificate number; the audit trail records who looked, and when."""
    with store.session() as session:
        hidden = numbers_hidden(session.connection())
        person = session.get(StaffMember, staff_id, options=[_checks_loaded(hidden)])
        if person is None:
            raise NotFoundError(f"There is no staff member {staff_id}.")
        check = person.dbs_checks[-1] if person.dbs_checks else None
        if hidden:  # on a server: its own function reveals, and writes the audit event
            return None if check is None else reveal_number(session.connection(), check.id)
        audit.record(
            session,
            AuditAction.REVEAL,
            "staff_member",
            person.id,
            f"Revealed the DBS certificate number of {person.full_name}",
        )
        return check.certificate_number if check else None


def allowed_here(store: Store) -> Allowed:
    """What this login may do with the register (a team server's role; SQLite: all)."""
    with store.session() as session:
        return allowed(session.connection())


def numbers_hidden_here(store: Store) -> bool:
    """Whether this login reads only the last four digits of certificate numbers (a team
    server's roles: data/server_roles.py)."""
    with store.session() as session:
        return numbers_hidden(session.connection())


def record_reveal_of_register(store: Store, provider_id: int | None, count: int) -> None:
    """One audit event for a register listed with its numbers shown (e.g. ``dbs --reveal``)."""
    with store.session() as session:
        audit.record(
            session,
            AuditAction.REVEAL,
            "dbs_register",
            provider_id or 0,
            f"Revealed {counted(count, 'DBS certificate number')}",
        )


STAFF_EDITABLE = {"full_name", "role", "contact_level", "left_on"}
#: The facts a re-check date not given by the provider is worked out from.
_EXPIRY_FACTS = {"issue_date", "expiry_date", "update_service", "expiry_from_provider"}
CHECK_EDITABLE = {
    "certificate_number",
    "level",
    "barred_list",
    "issue_date",
    "expiry_date",
    "update_service",
}


def _refuse_certificate_of_another(session: Session, person: StaffMember, number: str) -> None:
    """A certificate belongs to one person: another of the provider's staff (current or
    left) with that number means a mistyped number or the same person twice. (The import
    matches rows by number, so it would update whichever came first.)"""
    holder = session.scalars(
        select(StaffMember)
        .join(DbsCheck, DbsCheck.staff_member_id == StaffMember.id)
        .where(
            StaffMember.provider_id == person.provider_id,
            StaffMember.id != person.id,
            DbsCheck.certificate_number == number,
        )
        .limit(1)
    ).first()
    if holder is not None:
        left = " (who has left)" if holder.left_on is not None else ""
        raise ValidationError(
            f"That certificate number is already recorded for {holder.full_name}{left}. "
            "A DBS certificate belongs to one person: check the number."
        )


def _cleaned_staff_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes of a hand edit, parsed and checked (ValidationError)."""
    unknown = set(changes) - STAFF_EDITABLE - CHECK_EDITABLE
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    cleaned = dict(changes)
    try:
        if "full_name" in cleaned:
            cleaned["full_name"] = parse_name(cleaned["full_name"])
        if "certificate_number" in cleaned:
            cleaned["certificate_number"], _ = parse_certificate(cleaned["certificate_number"])
    except CellError as exc:
        raise ValidationError(str(exc)) from exc
    for name, vocabulary in (
        ("contact_level", ContactLevel),
        ("level", DbsLevel),
        ("barred_list", BarredList),
    ):
        if name in cleaned:
            cleaned[name] = vocabulary(cleaned[name])
    issue = cleaned.get("issue_date")
    if issue is not None and issue > date.today():
        raise ValidationError("The DBS issue date cannot be in the future.")
    left = cleaned.get("left_on")
    if left is not None and left > date.today():  # S4 counts everyone who has not left
        raise ValidationError(
            "The date someone left cannot be in the future: mark them as left on the day."
        )
    return cleaned


def _apply_check_changes(
    session: Session,
    person: StaffMember,
    check_changes: dict[str, Any],
    applied: dict[str, tuple[Any, Any]],
    recheck_years: int,
) -> None:
    """Change the person's latest DBS check (adding one if they have none), noting each
    change in ``applied``."""
    check = person.dbs_checks[-1] if person.dbs_checks else None
    if check is None:
        check = DbsCheck(staff_member=person)
        session.add(check)
    if "expiry_date" in check_changes:
        check_changes["expiry_from_provider"] = check_changes["expiry_date"] is not None
    applied.update(audit.apply_changes(check, check_changes))
    if check.expiry_from_provider or not applied.keys() & _EXPIRY_FACTS:
        return
    # A re-check date the provider never gave follows the issue date and the Update
    # Service, as the import works it out.
    derived = derived_expiry(
        check.issue_date,
        None,
        check.update_service,
        check.update_service_checked_on,
        recheck_years,
        date.today(),
    )
    worked_out = audit.apply_changes(check, {"expiry_date": derived})
    if "expiry_date" in worked_out:  # one change from the first old value
        first = applied.get("expiry_date", worked_out["expiry_date"])[0]
        applied["expiry_date"] = (first, derived)
        if first == derived:  # back where it was: no change after all
            del applied["expiry_date"]


def update_staff(
    store: Store, staff_id: int, *, expected_version: int | None = None, **changes: Any
) -> StaffRecord:
    """Edit a person's record by hand (audited); ``left_on`` marks them as having left.
    ChangedMeanwhile if the record was saved since the copy at ``expected_version``."""
    cleaned = _cleaned_staff_changes(changes)
    recheck_years = settings.dbs_recheck_years(store)
    with store.session() as session:
        person = session.get(StaffMember, staff_id)
        if person is None:
            raise NotFoundError(f"There is no staff member {staff_id}.")
        check_version(session, person, expected_version, "staff_member")
        applied = audit.apply_changes(
            person, {k: v for k, v in cleaned.items() if k in STAFF_EDITABLE}
        )
        if "full_name" in applied:
            person.normalised_name = normalise_name(person.full_name)
        if cleaned.get("certificate_number"):
            _refuse_certificate_of_another(session, person, cleaned["certificate_number"])
        check_changes = {k: v for k, v in cleaned.items() if k in CHECK_EDITABLE}
        if check_changes:
            _apply_check_changes(session, person, check_changes, applied, recheck_years)
        if applied:
            person.version += 1
            session.flush()
            audit.record(
                session,
                AuditAction.UPDATE,
                "staff_member",
                person.id,
                f"Edited the DBS record of {person.full_name}",
                applied,
            )
        provider = session.get_one(Provider, person.provider_id)
        return _record(person, provider.name, date.today())
