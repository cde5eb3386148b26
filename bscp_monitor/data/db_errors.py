"""Database failures in words for people: what is wrong and what to do, never the SQL.

The store turns every SQLAlchemy failure into one :class:`DatabaseError` carrying that
line (:func:`database_errors`), so nothing above ``data/`` needs to know SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError

from bscp_monitor.data.dialect import lost_connection
from bscp_monitor.data.errors import DatabaseError

BUSY = (
    "The database is busy: another program (or another copy of BSCP Monitor) is writing to "
    "it. Try again in a moment; nothing was changed."
)
DAMAGED = (
    "The database file is damaged ({detail}). Nothing was changed. Restore it from a backup "
    "(File > Back up database... makes one) or ask IT to recover the file."
)
REFUSED = (
    "Your database login is not allowed to do this ({detail}). Nothing was changed. Ask "
    "whoever runs the database server for the role you need (reader, editor or DBS officer)."
)
NOT_CONNECTED = (
    "The database server cannot be reached ({detail}). Nothing was changed; try again when "
    "it is back."
)
FAILED = "The database could not do this ({detail}). Nothing was changed."


def _detail(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    text = str(original)
    first = text.splitlines()[0].strip() if text else ""
    return first or type(original).__name__


def _is_busy(detail: str) -> bool:
    lowered = detail.lower()
    return "locked" in lowered or "busy" in lowered


def database_message(exc: BaseException) -> str:
    """One line for people about a failed database operation."""
    detail = _detail(exc)
    lowered = detail.lower()
    if _is_busy(detail):
        return BUSY
    if lost_connection(exc):
        return NOT_CONNECTED.format(detail=detail)
    if "permission denied" in lowered or "row-level security" in lowered:
        return REFUSED.format(detail=detail)
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return DAMAGED.format(detail=detail)
    return FAILED.format(detail=detail)


def database_error(exc: SQLAlchemyError) -> DatabaseError:
    """The core's DatabaseError for a SQLAlchemy failure (raise it ``from exc``)."""
    detail = _detail(exc)
    return DatabaseError(
        database_message(exc),
        busy=_is_busy(detail),
        detail=detail,
        disconnected=lost_connection(exc),
    )


@contextmanager
def database_errors() -> Iterator[None]:
    """Within this block, a SQLAlchemy failure comes out as a DatabaseError."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise database_error(exc) from exc


__all__ = ["DatabaseError", "database_error", "database_errors", "database_message"]
