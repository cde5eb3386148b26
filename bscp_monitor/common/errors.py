"""Errors the core raises for people: each message says what is wrong and what to do.

UserError: what was asked cannot be done (bad input, a rule). DatabaseError: the database
failed (busy, damaged, cannot be opened); the store raises it for every database failure,
so callers never see SQLAlchemy's exceptions. Anything else is a bug."""

from __future__ import annotations

from bscp_monitor.data.errors import DatabaseError, StoreError


class UserError(Exception):
    """Something the user asked for cannot be done; the message explains it."""


class ValidationError(UserError):
    """A value that is not acceptable; nothing has been stored."""


class NotFoundError(UserError):
    """A record that does not exist (or no longer exists)."""


__all__ = ["DatabaseError", "NotFoundError", "StoreError", "UserError", "ValidationError"]
