"""Keeping leavers' personal data no longer than needed (the DBS code of practice).

A setting (``dbs_retention_months``, default 12) says how long after a person left their
DBS certificate number and date of birth are kept. ``purge_leavers`` erases both for
everyone who left before the cut-off -- the number from every DBS check they have, the date
of birth from their record and from the audit trail's earlier entries -- and keeps their
name, role, contact level, dates (start, left, check dates) and the day of the purge
(``purged_on``, shown as the note that the record was purged). Each person purged gets an
audit event. A dry run says who would be purged and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bscp_monitor.common import audit
from bscp_monitor.common.dates import add_months, format_date
from bscp_monitor.common.errors import ValidationError
from bscp_monitor.common.settings import DBS_RETENTION_MONTHS as RETENTION_MONTHS
from bscp_monitor.common.settings import get_setting, set_setting
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import AuditEvent, DbsCheck, Provider, StaffMember
from bscp_monitor.data.store import Store

ERASED = "(erased)"


def retention_months(store: Store) -> int:
    """Months after a person left that their certificate number and date of birth are kept."""
    return int(get_setting(store, RETENTION_MONTHS))


def set_retention_months(store: Store, months: int) -> None:
    if not 1 <= months <= 120:
        raise ValidationError("Leavers' DBS details are kept between 1 and 120 months.")
    set_setting(store, RETENTION_MONTHS, str(months))


@dataclass(frozen=True)
class PurgedPerson:
    id: int
    name: str
    provider: str
    left_on: date


@dataclass(frozen=True)
class PurgeResult:
    cutoff: date  # people who left before this day are purged
    months: int
    dry_run: bool
    people: tuple[PurgedPerson, ...]

    @property
    def purged(self) -> int:
        return len(self.people)

    def as_json(self) -> dict[str, object]:
        return {
            "cutoff": self.cutoff.isoformat(),
            "retention_months": self.months,
            "dry_run": self.dry_run,
            "purged": self.purged,
            "people": [
                {
                    "id": p.id,
                    "name": p.name,
                    "provider": p.provider,
                    "left_on": p.left_on.isoformat(),
                }
                for p in self.people
            ],
        }

    def summary(self) -> str:
        before = f"left before {format_date(self.cutoff)} ({self.months} months' retention)"
        if not self.people:
            return f"No leaver who {before} has a certificate number or date of birth to erase."
        noun = "leaver" if self.purged == 1 else "leavers"
        verb = "Would erase" if self.dry_run else "Erased"
        return (
            f"{verb} the certificate numbers and dates of birth of {self.purged} {noun} who "
            f"{before}; names, roles and dates are kept."
        )


def cutoff_for(today: date, months: int) -> date:
    return add_months(today, -months)


def _due(session: Session, cutoff: date) -> list[tuple[StaffMember, str]]:
    """Leavers before ``cutoff`` who still have a number or a date of birth, by name."""
    has_number = (
        select(DbsCheck.id)
        .where(DbsCheck.staff_member_id == StaffMember.id, DbsCheck.certificate_number.is_not(None))
        .exists()
    )
    rows = session.execute(
        select(StaffMember, Provider.name)
        .join(Provider, Provider.id == StaffMember.provider_id)
        .where(
            StaffMember.left_on.is_not(None),
            StaffMember.left_on < cutoff,
            or_(StaffMember.date_of_birth.is_not(None), has_number),
        )
        .order_by(Provider.name, StaffMember.full_name, StaffMember.id)
    ).all()
    return [(person, provider) for person, provider in rows]


def _scrub_earlier_events(session: Session, staff_id: int) -> None:
    """The date of birth out of the person's earlier audit events (numbers there are masked
    already)."""
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity == "staff_member",
            AuditEvent.entity_id == staff_id,
            AuditEvent.changes.contains("date_of_birth"),
        )
    ).all()
    for event in events:
        try:
            changes = json.loads(event.changes)
        except ValueError:
            continue
        if isinstance(changes, dict) and isinstance(changes.get("date_of_birth"), dict):
            changes["date_of_birth"] = {"old": ERASED, "new": ERASED}
            event.changes = json.dumps(changes, ensure_ascii=False, sort_keys=True)


def purge_leavers(store: Store, dry_run: bool = False, today: date | None = None) -> PurgeResult:
    """Erase the certificate numbers and dates of birth of people who left before the
    cut-off (today less the retention setting); one transaction, each person audited."""
    today = today or date.today()
    months = retention_months(store)
    cutoff = cutoff_for(today, months)
    people = []
    with store.session() as session:
        for person, provider in _due(session, cutoff):
            assert person.left_on is not None
            people.append(PurgedPerson(person.id, person.full_name, provider, person.left_on))
            if dry_run:
                continue
            checks = session.scalars(
                select(DbsCheck).where(
                    DbsCheck.staff_member_id == person.id,
                    DbsCheck.certificate_number.is_not(None),
                )
            ).all()
            for check in checks:
                check.certificate_number = None
            person.date_of_birth = None
            person.purged_on = today
            session.flush()
            _scrub_earlier_events(session, person.id)
            audit.record(
                session,
                AuditAction.UPDATE,
                "staff_member",
                person.id,
                f"Purged {person.full_name} ({provider}), who left on "
                f"{format_date(person.left_on)}: certificate number and date of birth erased "
                f"after {months} months (retention rule); name, role and dates kept",
                {"certificate_number": (ERASED, None), "date_of_birth": (ERASED, None)},
            )
        if dry_run:
            session.rollback()
    return PurgeResult(cutoff, months, dry_run, tuple(people))
