"""The database as the wings above and the UI see it: the Store (engine and short
sessions), opening one, the checks of a file made before SQLAlchemy is imported, and the
errors. Every database failure comes out of the store as one DatabaseError whose message
is a line for people; nothing above ``data/`` catches SQLAlchemy's own exceptions.

Importing this module imports SQLAlchemy; code that must start quickly imports the errors
from ``bscp_monitor.common.errors`` and this module only when it opens a database."""

from __future__ import annotations

import os

from bscp_monitor.data.errors import DatabaseError, StoreError
from bscp_monitor.data.precheck import ENV_VAR, default_database_path, location_path, precheck
from bscp_monitor.data.store import OpenReport, Store


def open_store(location: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating or upgrading) the database at a path or URL (None: the environment
    variable, else the user's own file); StoreError, in words, if it cannot be used."""
    return Store.open(location)


__all__ = [
    "ENV_VAR",
    "DatabaseError",
    "OpenReport",
    "Store",
    "StoreError",
    "default_database_path",
    "location_path",
    "open_store",
    "precheck",
]
