"""Every database failure leaves the store as one DatabaseError whose message is a line for
people (busy, damaged, or what failed), with SQLAlchemy's exception kept as its cause."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError as SqlDatabaseError
from sqlalchemy.exc import OperationalError

from bscp_monitor.common.errors import DatabaseError, StoreError
from bscp_monitor.contracts import providers
from bscp_monitor.data.db_errors import BUSY, database_error, database_message
from bscp_monitor.data.store import Store


def test_a_locked_database_is_busy_and_says_try_again() -> None:
    error = database_error(
        OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked"))
    )
    assert isinstance(error, DatabaseError)
    assert str(error) == BUSY
    assert error.busy
    assert error.detail == "database is locked"


def test_a_damaged_file_says_restore_from_a_backup() -> None:
    cause = SqlDatabaseError(
        "SELECT", {}, sqlite3.DatabaseError("database disk image is malformed")
    )
    error = database_error(cause)
    assert str(error).startswith("The database file is damaged (database disk image is malformed)")
    assert "backup" in str(error)
    assert not error.busy


def test_any_other_failure_names_it_in_one_line_without_the_sql() -> None:
    cause = OperationalError(
        "SELECT secret FROM t", {}, sqlite3.OperationalError("disk I/O error\nsecond line")
    )
    message = database_message(cause)
    assert message == "The database could not do this (disk I/O error). Nothing was changed."
    assert "SELECT" not in message
    assert "\n" not in message


def test_store_sessions_raise_database_error_and_roll_back(store: Store) -> None:
    providers.create_provider(store, name="Kept")
    missing = pytest.raises(DatabaseError, match="no such table: missing")
    with missing as caught, store.session() as session:
        session.execute(text("UPDATE provider SET name = 'Rolled back'"))
        session.execute(text("SELECT * FROM missing"))
    assert isinstance(caught.value.__cause__, OperationalError)  # the detail, for a bug report
    assert [p.name for p in providers.list_providers(store)] == ["Kept"]


def test_a_busy_database_write_without_the_orm_is_a_database_error(
    store: Store, db_path: Path
) -> None:
    holder = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the database
    try:
        # (the statements are the unit of work that fails)
        with pytest.raises(DatabaseError) as caught, store.connect() as connection:  # noqa: PT012
            connection.execute(text("PRAGMA busy_timeout = 0"))
            connection.execute(text("UPDATE provider SET name = 'Waiting'"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert caught.value.busy
    assert str(caught.value) == BUSY


def test_a_store_that_cannot_be_opened_is_a_database_error(tmp_path: Path) -> None:
    (tmp_path / "folder.sqlite3").mkdir()
    with pytest.raises(DatabaseError) as caught:
        Store.open(tmp_path / "folder.sqlite3")
    assert isinstance(caught.value, StoreError)
    assert "is a folder" in str(caught.value)
