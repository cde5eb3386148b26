"""Checks of a database file that need only the standard library.

They run before SQLAlchemy is even imported, so the command line refuses an unusable
file at once and the GUI can show its window while the store opens in the background.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from bscp_monitor.data.errors import StoreError
from bscp_monitor.data.schema_version import KNOWN_REVISIONS

ENV_VAR = "BSCP_MONITOR_DB"
DEFAULT_FILE_NAME = "bscp-monitor.sqlite3"


def default_database_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("BSCP Monitor", appauthor=False)) / DEFAULT_FILE_NAME


def location_path(location: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file a --db value (or the environment, or the default) names, if a path."""
    if location is None or str(location) == "":
        env = os.environ.get(ENV_VAR, "")
        if not env:
            path = default_database_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            return path
        location = env
    text = str(location)
    if "://" in text:
        return None
    return Path(text).expanduser().resolve()


def precheck(location: str | os.PathLike[str] | None) -> None:
    """Refuse (StoreError) a file that cannot be a usable BSCP Monitor database."""
    path = location_path(location)
    if path is None:
        return
    check_sqlite_file(path)
    check_revision(*peek_sqlite_file(path))


def check_sqlite_file(path: Path) -> None:
    if not path.parent.is_dir():
        raise StoreError(
            f"The folder {path.parent} does not exist. Choose a database in an existing folder."
        )
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Choose a .sqlite3 file.")
    if path.exists() and path.stat().st_size > 0 and not _readable_by_sqlite(path):
        if _starts_as_sqlite(path):
            return  # a damaged database: peek_sqlite_file says so
        raise StoreError(
            f"{path} is not a BSCP Monitor database (it is not a SQLite file). "
            "Choose another file, or a new file name to start an empty database."
        )


def _readable_by_sqlite(path: Path) -> bool:
    """Whether SQLite takes the file for a database, asked through SQLite itself.

    Not with open(): closing any handle of a file drops every POSIX lock this process holds
    on it, so reading the header of a database this process already has open (a second
    store, a watcher, a backup) would silently free the first one's locks and let another
    process write under it. SQLite keeps one handle per file for the process."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be read ({exc}). Check its permissions.") from exc
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "file is encrypted" in str(exc):
            return False
        raise StoreError(f"{path} cannot be read ({exc}). Check its permissions.") from exc
    finally:
        conn.close()
    return True


def _starts_as_sqlite(path: Path) -> bool:
    """The file's first bytes, read directly: only for a file SQLite refused, which this
    process cannot have open as a database (so no lock of ours can be dropped)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError as exc:
        raise StoreError(f"{path} cannot be read ({exc.strerror}). Check its permissions.") from exc


def peek_sqlite_file(path: Path) -> tuple[str | None, bool]:
    """Like _current_revision, read-only, so a file that is refused is left byte for byte."""
    if not path.exists() or path.stat().st_size == 0:
        return None, False
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened ({exc}). Check its permissions.") from exc
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "alembic_version" not in tables:
            return None, bool(tables)
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return (row[0] if row else None), True
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is damaged or not a BSCP Monitor database ({exc}). "
            "Restore it from a backup, or choose another file."
        ) from exc
    finally:
        conn.close()


def check_revision(revision: str | None, has_tables: bool) -> None:
    if revision is None and has_tables:
        raise StoreError(
            "This file is not a BSCP Monitor database (it holds other tables). "
            "Choose another file, or a new file name to start an empty database."
        )
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"This database was written by a newer version of BSCP Monitor "
            f"(schema {revision}). Install the newer version to open it; "
            "the file has been left untouched."
        )
