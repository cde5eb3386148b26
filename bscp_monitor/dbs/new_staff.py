"""New people written by a DBS import, a batch at a time: their staff rows and DBS checks.

On SQLite a batch is two statements of many rows each, run on a thread of their own while
the import goes on judging and matching the next rows. SQLite lets go of Python's lock
while it runs a statement, and a statement of 2,000 rows is one long step, so on two cores
the writing and the reading overlap (a statement per row would hand the lock back and
forth on every row, waiting each time). Only one batch is ever in flight, and the import
touches the connection only after ``wait`` -- every other use of it (an update of a
person already held, the end of the bulk load) waits first. An error in a batch comes out
of the next ``add``, ``wait`` or ``close``, and the transaction is rolled back as ever.

Elsewhere (PostgreSQL) each batch is written at once, on the caller's thread, through
SQLAlchemy's multi-row INSERT ... RETURNING.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel, DbsStanding
from bscp_monitor.data.models import DbsCheck, StaffMember
from bscp_monitor.data.store import sqlite_path
from bscp_monitor.dbs.changes import CHECK_FIELDS
from bscp_monitor.dbs.register import standing_of
from bscp_monitor.dbs.rows import StaffValues
from bscp_monitor.dbs.values import normalise_name

STANDING_COLUMNS = ("dbs_standing", "dbs_expiry")
_STAFF_COLUMNS = (
    "id, provider_id, full_name, normalised_name, role, contact_level, date_of_birth, "
    "start_date, dbs_standing, dbs_expiry, current_certificate"
)
_CHECK_COLUMNS = (
    "staff_member_id, import_batch_id, certificate_number, level, barred_list, "
    "barred_list_checked_on, issue_date, expiry_date, expiry_from_provider, update_service, "
    "update_service_checked_on"
)
_WIDTH = 11  # values a row of either statement binds
#: Rows a statement writes (fewer where SQLite allows fewer than 22,000 values a statement).
ROWS_PER_STATEMENT = 2000
#: Enum members as their values, as SQLAlchemy stores them: the driver binds an exact str at
#: once, but first offers a StrEnum member to its adapters.
_STORED: dict[object, str] = {
    member: member.value
    for kind in (ContactLevel, DbsLevel, BarredList, DbsStanding)
    for member in kind
}


#: While a writer's thread is waiting for it, Python's lock passes between threads this
#: often (seconds): the default (5 ms) would keep the thread waiting that long to start
#: each batch, and again to finish it, while the import goes on judging rows.
SWITCH_INTERVAL = 0.0002


class _Switching:
    """How many writers' threads are alive, and the interval to put back after the last."""

    lock = threading.Lock()
    writers = 0
    usual = 0.005


def _quick_switching(on: bool) -> None:
    """The quicker switch interval while any writer's thread is alive (writers may nest:
    two imports in one process); the usual one back when the last ends."""
    with _Switching.lock:
        if on:
            if _Switching.writers == 0:
                _Switching.usual = sys.getswitchinterval()
                sys.setswitchinterval(min(SWITCH_INTERVAL, _Switching.usual))
            _Switching.writers += 1
        else:
            _Switching.writers -= 1
            if _Switching.writers == 0:
                sys.setswitchinterval(_Switching.usual)


@lru_cache(maxsize=8)
def _statement(table: str, columns: str, rows: int) -> str:
    """INSERT of ``rows`` rows of eleven values (the same text each time: SQLite prepares it
    once)."""
    one = "(" + ", ".join("?" * _WIDTH) + ")"
    return f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * rows)


class NewStaffWriter:
    """Adds new people and their checks for one provider within the import's transaction."""

    def __init__(self, session: Session, provider_id: int, batch_id: int) -> None:
        self._session = session
        self._provider_id = provider_id
        self._batch_id = batch_id
        self._connection: Connection = session.connection()
        self._sqlite = self._connection.dialect.name == "sqlite"
        self._pool: ThreadPoolExecutor | None = None
        self._flight: Future[None] | None = None
        self._last_id = 0
        self.rows_per_statement = ROWS_PER_STATEMENT
        if self._sqlite:
            # The ids are given here: the next free ones, as SQLite itself would choose (the
            # tables have no AUTOINCREMENT), and nobody else can take them, since this
            # transaction holds the write lock (it has written the import batch).
            self._last_id = session.scalar(select(func.max(StaffMember.id))) or 0
            driver = self._connection.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            limit = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            self.rows_per_statement = max(1, min(self.rows_per_statement, limit // _WIDTH))
            # A database in memory is one per thread: written on the caller's.
            url = self._connection.engine.url.render_as_string(hide_password=False)
            if sqlite_path(url) is not None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="dbs-import-writer")
                _quick_switching(True)

    def add(self, rows: list[StaffValues]) -> None:
        """Write these people (their rows are made here; the writing may still be going on
        when this returns, on SQLite)."""
        if not rows:
            return
        if not self._sqlite:
            self._insert_returning(rows)
            return
        step = self.rows_per_statement
        for start in range(0, len(rows), step):
            staff, checks = self._values(rows[start : start + step])
            self.wait()
            if self._pool is None:
                self._write(tuple(staff), tuple(checks))
            else:
                self._flight = self._pool.submit(self._write, tuple(staff), tuple(checks))

    def wait(self) -> None:
        """Until the batch in flight is written (its error, if any, raised here)."""
        flight, self._flight = self._flight, None
        if flight is not None:
            flight.result()

    def close(self) -> None:
        """Wait for the last batch and let the thread go (also after an error)."""
        try:
            self.wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
                _quick_switching(False)

    def _write(self, staff: tuple[object, ...], checks: tuple[object, ...]) -> None:
        rows = len(staff) // _WIDTH
        connection = self._connection
        connection.exec_driver_sql(_statement("staff_member", _STAFF_COLUMNS, rows), staff)
        connection.exec_driver_sql(_statement("dbs_check", _CHECK_COLUMNS, rows), checks)

    def _values(self, rows: list[StaffValues]) -> tuple[list[object], list[object]]:
        """The two statements' values, row after row, stored as SQLAlchemy stores them
        (enums by value, dates as ISO text, booleans as 1 and 0)."""
        stored = _STORED
        provider_id, batch_id = self._provider_id, self._batch_id
        staff_id = self._last_id
        staff: list[object] = []
        checks: list[object] = []
        add_staff, add_check = staff.extend, checks.extend
        for v in rows:
            staff_id += 1
            birth, start = v.date_of_birth, v.start_date
            barred_on, issue, expiry = v.barred_list_checked_on, v.issue_date, v.expiry_date
            update_on = v.update_service_checked_on
            expiry_text = None if expiry is None else expiry.isoformat()
            standing, standing_expiry = standing_of(v, v.contact_level)
            add_staff(
                (
                    staff_id,
                    provider_id,
                    v.full_name,
                    normalise_name(v.full_name),
                    v.role,
                    stored[v.contact_level],
                    None if birth is None else birth.isoformat(),
                    None if start is None else start.isoformat(),
                    stored[standing],
                    None if standing_expiry is None else expiry_text,
                    v.certificate_number or None,
                )
            )
            add_check(
                (
                    staff_id,
                    batch_id,
                    v.certificate_number,
                    stored[v.level],
                    stored[v.barred_list],
                    None if barred_on is None else barred_on.isoformat(),
                    None if issue is None else issue.isoformat(),
                    expiry_text,
                    int(v.expiry_from_provider),
                    int(v.update_service),
                    None if update_on is None else update_on.isoformat(),
                )
            )
        self._last_id = staff_id
        return staff, checks

    def _insert_returning(self, rows: list[StaffValues]) -> None:
        session = self._session
        ids = session.scalars(
            insert(StaffMember).returning(StaffMember.id, sort_by_parameter_order=True),
            [
                {
                    "provider_id": self._provider_id,
                    "full_name": v.full_name,
                    "normalised_name": normalise_name(v.full_name),
                    "role": v.role,
                    "contact_level": v.contact_level,
                    "date_of_birth": v.date_of_birth,
                    "start_date": v.start_date,
                    **dict(zip(STANDING_COLUMNS, standing_of(v, v.contact_level), strict=True)),
                    "current_certificate": v.certificate_number or None,
                }
                for v in rows
            ],
        ).all()
        session.execute(
            insert(DbsCheck),
            [
                {
                    "staff_member_id": staff_id,
                    "import_batch_id": self._batch_id,
                    **{name: getattr(v, name) for name in CHECK_FIELDS},
                }
                for staff_id, v in zip(ids, rows, strict=True)
            ],
        )
