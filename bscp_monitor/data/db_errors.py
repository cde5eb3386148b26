"""Database failures in words for people: what is wrong and what to do, never the SQL."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

BUSY = (
    "The database is busy: another program (or another copy of BSCP Monitor) is writing to "
    "it. Try again in a moment; nothing was changed."
)
DAMAGED = (
    "The database file is damaged ({detail}). Nothing was changed. Restore it from a backup "
    "(File > Back up database... makes one) or ask IT to recover the file."
)
FAILED = "The database could not do this ({detail}). Nothing was changed."


def database_message(exc: SQLAlchemyError | Exception) -> str:
    """One line for people about a failed database operation."""
    original = getattr(exc, "orig", None) or exc
    detail = str(original).splitlines()[0].strip() or type(original).__name__
    lowered = detail.lower()
    if "locked" in lowered or "busy" in lowered:
        return BUSY
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return DAMAGED.format(detail=detail)
    return FAILED.format(detail=detail)


__all__ = ["database_message"]
