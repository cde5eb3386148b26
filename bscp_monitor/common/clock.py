"""Local time for people (Europe/London) and UTC for storage."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/London")


def to_utc(local: datetime) -> datetime:
    """A wall-clock time in London (naive or aware) as an aware UTC timestamp."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=LOCAL_ZONE)
    return local.astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """An aware timestamp as London wall-clock time (aware)."""
    return moment.astimezone(LOCAL_ZONE)


def format_local(moment: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in London time, or an empty string."""
    return to_local(moment).strftime("%d/%m/%Y %H:%M") if moment is not None else ""
