"""Errors the core raises for people: each message says what is wrong and what to do."""

from __future__ import annotations


class UserError(Exception):
    """Something the user asked for cannot be done; the message explains it."""


class ValidationError(UserError):
    """A value that is not acceptable; nothing has been stored."""


class NotFoundError(UserError):
    """A record that does not exist (or no longer exists)."""
