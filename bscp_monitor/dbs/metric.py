"""The metric BSCP Monitor computes rather than is told: the percentage of a provider's
contact staff with a valid DBS check on a day, from the DBS register (metrics.compute
stores it as a period's value)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bscp_monitor.data.enums import DbsStanding
from bscp_monitor.data.models import StaffMember
from bscp_monitor.data.server_roles import numbers_hidden
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import CONTACT_STAFF, DbsStatus, status_of


@dataclass(frozen=True)
class DbsCompliance:
    """The DBS compliance of a provider's contact staff on a day."""

    as_of: date
    in_date: int  # in date or expiring, i.e. valid on the day
    total: int  # current staff in direct or regular contact with children

    @property
    def percentage(self) -> float:
        """Exact, never rounded before it is rated: 189 of 199 (94.97%) is below a 95%
        amber line (values are shown to two places)."""
        return 100.0 * self.in_date / self.total


def dbs_compliance(store: Store, provider_id: int, as_of: date) -> DbsCompliance:
    """Of the provider's staff in direct or regular contact with children on ``as_of``
    (started and not left), how many hold a DBS check valid that day."""
    with store.session() as session:
        return dbs_compliance_in(session, provider_id, as_of)


def dbs_compliance_in(session: Session, provider_id: int, as_of: date) -> DbsCompliance:
    people = session.scalars(
        select(StaffMember).where(
            StaffMember.provider_id == provider_id,
            StaffMember.contact_level.in_(CONTACT_STAFF),
            (StaffMember.left_on.is_(None)) | (StaffMember.left_on > as_of),
            (StaffMember.start_date.is_(None)) | (StaffMember.start_date <= as_of),
        )
    ).all()
    valid = 0
    if numbers_hidden(session.connection()):
        # A login that may not read certificate numbers (a team server's roles): the
        # standing the database keeps from the latest check says the same (it is
        # status_of leaving out the day: data/dbs_triggers.py).
        for person in people:  # valid: in date or due for re-check, i.e. not expired
            expiry = person.dbs_expiry
            dated = person.dbs_standing is DbsStanding.DATED and expiry is not None
            valid += dated and expiry is not None and expiry >= as_of
        return DbsCompliance(as_of=as_of, in_date=valid, total=len(people))
    for person in people:
        check = person.dbs_checks[-1] if person.dbs_checks else None
        status = status_of(check, person.contact_level, as_of)[0]
        if status in (DbsStatus.IN_DATE, DbsStatus.EXPIRING):
            valid += 1
    return DbsCompliance(as_of=as_of, in_date=valid, total=len(people))


__all__ = ["DbsCompliance", "dbs_compliance", "dbs_compliance_in"]
