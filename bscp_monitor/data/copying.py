"""A whole database copied to another, empty one -- SQLite to a server, or back -- and checked.

Every table is copied row for row (ids kept, the audit trail included) in one transaction
of the target; the DBS tally is not copied but kept by the target's own triggers as the
staff arrive, and checked like every other table. Afterwards each table's rows are counted
and a checksum (SHA-256 of every row, in id order, as the app reads it) is compared between
the two databases: a copy that differs in any value is rolled back and reported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, func, insert, inspect, select

from bscp_monitor.data import dbs_triggers, dialect
from bscp_monitor.data.base import Base
from bscp_monitor.data.db_errors import database_errors
from bscp_monitor.data.errors import DatabaseError

if TYPE_CHECKING:
    from bscp_monitor.data.store import Store

#: Kept by the triggers of the target (data/dbs_triggers.py), never copied.
_DERIVED = {"dbs_tally"}
_CHUNK = 2000


class CopyError(DatabaseError):
    """The target cannot take the copy (not empty), or the copy did not verify."""


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str  # hex SHA-256 of the table's rows in id order


@dataclass(frozen=True)
class CopyReport:
    tables: list[TableCheck]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):  # a file's content: its own digest stands in
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, Enum):
        return value.value
    return value


def _ordered(table: Table) -> Any:
    query = select(table).order_by(*table.primary_key.columns)
    if table.name == "dbs_tally":  # a tally row that came down to 0 is as good as none
        query = query.where(table.c.people != 0)
    return query


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    result = connection.execution_options(yield_per=_CHUNK).execute(_ordered(table))
    for row in result.mappings():
        yield dict(row)


def table_check(connection: Connection, table: Table) -> TableCheck:
    """The table's row count and checksum, as the app reads its values."""
    digest = hashlib.sha256()
    count = 0
    for row in _rows(connection, table):
        count += 1
        line = json.dumps([_plain(row[c.name]) for c in table.columns], ensure_ascii=False)
        digest.update(line.encode())
        digest.update(b"\n")
    return TableCheck(table.name, count, digest.hexdigest())


def holdings(connection: Connection) -> dict[str, int]:
    """Rows per app table that exists in the database (an empty dict: no tables at all)."""
    present = set(inspect(connection).get_table_names())
    return {
        t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one())
        for t in _tables()
        if t.name in present
    }


def refuse_non_empty(connection: Connection, shown: str) -> None:
    held = {name: n for name, n in holdings(connection).items() if n}
    if held:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(held.items())[:3])
        raise CopyError(
            f"{shown} already holds records ({listed}...); a copy goes only into an empty "
            "database. Nothing was copied."
        )


def copy_all(source: Connection, target: Connection) -> CopyReport:
    """Copy every table of ``source`` into ``target`` (an empty database at the same schema
    revision, inside a transaction the caller commits) and verify it; raise CopyError if
    any table differs."""
    target_dialect = dialect.name_of(target)
    with dbs_triggers.bulk_load(target):
        for table in _tables():
            if table.name in _DERIVED:
                continue
            batch: list[dict[str, Any]] = []
            for row in _rows(source, table):
                batch.append(row)
                if len(batch) >= _CHUNK:
                    target.execute(insert(table), batch)
                    batch = []
            if batch:
                target.execute(insert(table), batch)
            if "id" in table.columns and target_dialect == dialect.POSTGRESQL:
                dialect.after_explicit_ids(target, table.name)
    checks: list[TableCheck] = []
    for table in _tables():
        before, after = table_check(source, table), table_check(target, table)
        if before != after:
            what = "rows" if before.rows != after.rows else "values"
            raise CopyError(
                f"The copy of table {table.name} differs in its {what} ({before.rows} rows "
                f"in the source, {after.rows} in the copy). Nothing was copied."
            )
        checks.append(after)
    return CopyReport(checks)


def copy_database(source: Store, location: str) -> CopyReport:
    """Copy the whole of ``source`` into the database at ``location`` (a SQLite file that
    does not exist or is empty, or an empty server database) and verify it. A new file is
    removed again if the copy fails."""
    from bscp_monitor.data.store import Store, resolve_url, shown_url, sqlite_path

    url = resolve_url(location)
    shown = shown_url(url)
    path = sqlite_path(url)
    if path is not None and path.exists() and path == source.path:
        raise CopyError("A database cannot be copied onto itself. Name another file or server.")
    new_file = path is not None and not path.exists()
    try:
        target = Store.open(location)
    except DatabaseError:
        if new_file and path is not None:
            _remove_sqlite(path)
        raise
    try:
        with database_errors():
            with target.engine.connect() as conn:
                refuse_non_empty(conn, shown)
            with _snapshot(source) as reading, target.engine.begin() as writing:
                return copy_all(reading, writing)
    except DatabaseError:
        target.close()
        if new_file and path is not None:
            _remove_sqlite(path)
        raise
    finally:
        target.close()


@contextmanager
def _snapshot(store: Store) -> Iterator[Connection]:
    """A connection reading one consistent snapshot of the whole database."""
    with store.engine.connect() as conn:
        if dialect.name_of(conn) == dialect.POSTGRESQL:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn
        else:
            conn.exec_driver_sql("BEGIN")  # SQLite: one read transaction for every table
            try:
                yield conn
            finally:
                conn.rollback()


def _remove_sqlite(path: Path) -> None:
    for leftover in (path, *(Path(f"{path}{end}") for end in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
