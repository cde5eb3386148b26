"""The one database failure the rest of the program sees (standard library only, so it can
be caught without importing SQLAlchemy)."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database operation failed. ``str(exc)`` is one line for people saying what is wrong
    and what to do (never the SQL); ``busy`` when another program holds the database, so
    trying again later may work; ``disconnected`` when the database server could not be
    reached (or the connection broke), so trying again once it is back will work; ``detail``
    is the first line of the underlying error."""

    def __init__(
        self, message: str, *, busy: bool = False, detail: str = "", disconnected: bool = False
    ) -> None:
        super().__init__(message)
        self.busy = busy
        self.disconnected = disconnected
        self.detail = detail or message


class StoreError(DatabaseError):
    """A database that cannot be used (opened, upgraded or backed up); the message says what
    is wrong and what to do."""


__all__ = ["DatabaseError", "StoreError"]
