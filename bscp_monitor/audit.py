"""The audit trail: who (OS user), when, and what changed."""

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


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
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
        name: {"old": _plain(old), "new": _plain(new)}
        for name, (old, new) in (changes or {}).items()
    }
    session.add(
        AuditEvent(
            user=current_user(),
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
