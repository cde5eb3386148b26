"""Edits from a stale copy: refused with who changed the record and when, never written over.

Every record a team edits carries a version (data/: contract, provider, action, agenda
item) that the database counts up on each save. A page remembers the version it showed; a
save passes it as ``expected_version`` and, if a colleague saved the record meanwhile, is
refused with :class:`ChangedMeanwhile` -- "Changed by NAME at HH:MM since you opened it" --
and nothing is written: the page keeps the person's own text to copy or apply again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.errors import UserError
from bscp_monitor.data.models import AuditEvent


class Versioned(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def version(self) -> int: ...


class ChangedMeanwhile(UserError):
    """A colleague saved the record since the copy being edited was read."""

    def __init__(self, who: str, at: datetime | None, current_version: int) -> None:
        when = f" at {to_local(at):%H:%M}" if at is not None else ""
        super().__init__(
            f"Changed by {who}{when} since you opened it. Your text is kept: copy it, look "
            "at the record as it is now, and make your change again."
        )
        self.who = who
        self.at = at
        self.current_version = current_version


def check_version(session: Session, record: Versioned, expected: int | None, entity: str) -> None:
    """Refuse (ChangedMeanwhile) if ``record`` is no longer at the ``expected`` version; no
    expectation (None) accepts any."""
    if expected is None or record.version == expected:
        return
    latest = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == record.id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    who = latest.user if latest is not None else "someone else"
    raise ChangedMeanwhile(who, latest.at if latest is not None else None, record.version)


__all__ = ["ChangedMeanwhile", "check_version"]
