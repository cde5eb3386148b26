"""The audit trail: who, when, and what changed.

Who is the database login on a server (PostgreSQL's ``current_user``, which the server's
own rules hold every event to) and the OS user on a SQLite file."""

from __future__ import annotations

import getpass
import json
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import AuditEvent


@lru_cache(maxsize=1)
def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def user_of(session: Session) -> str:
    """Who is making the change: the database login on a server, else the OS user."""
    from bscp_monitor.data.dialect import database_user

    return database_user(session.connection()) or current_user()


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


#: Values kept out of the trail in full: only their last four characters are recorded.
MASKED_FIELDS = frozenset({"certificate_number"})


def _shown(name: str, value: Any) -> Any:
    value = _plain(value)
    if name in MASKED_FIELDS and isinstance(value, str) and value:
        return "*" * max(len(value) - 4, 0) + value[-4:]
    return value


def record(
    session: Session,
    action: AuditAction,
    entity: str,
    entity_id: int,
    summary: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> None:
    """Add an audit event in the caller's transaction. ``changes`` maps field to (old, new)."""
    payload = {
        name: {"old": _shown(name, old), "new": _shown(name, new)}
        for name, (old, new) in (changes or {}).items()
    }
    session.add(
        AuditEvent(
            user=user_of(session),
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=summary,
            changes=json.dumps(payload, ensure_ascii=False, sort_keys=True),
        )
    )


def apply_changes(target: object, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set attributes on an ORM object; return only those that really changed."""
    applied: dict[str, tuple[Any, Any]] = {}
    for name, new in changes.items():
        old = getattr(target, name)
        if old != new:
            setattr(target, name, new)
            applied[name] = (old, new)
    return applied


#: Edits to the same record by the same person within this many seconds share one event,
#: so typing minutes leaves a readable trail rather than one event per keystroke.
COALESCE_SECONDS = 300


def record_coalesced(
    session: Session,
    entity: str,
    entity_id: int,
    summary: str,
    changes: dict[str, tuple[Any, Any]],
) -> None:
    """An UPDATE event, merged into the latest one for this record if it is recent and ours."""
    from datetime import timedelta

    from sqlalchemy import select

    from bscp_monitor.data.base import utcnow

    latest = session.scalar(
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    now = utcnow()
    if (
        latest is not None
        and latest.action is AuditAction.UPDATE
        and latest.user == user_of(session)
        and now - latest.at <= timedelta(seconds=COALESCE_SECONDS)
    ):
        merged = json.loads(latest.changes or "{}")
        for name, (old, new) in changes.items():
            first_old = merged.get(name, {}).get("old", _plain(old))
            merged[name] = {"old": first_old, "new": _plain(new)}
        latest.changes = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        latest.at = now
        return
    record(session, AuditAction.UPDATE, entity, entity_id, summary, changes)
