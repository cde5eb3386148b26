"""Seeing that others changed the database, so open lists and the dashboard can refresh.

A :class:`ChangeWatcher` holds one connection of its own and is polled (the UI polls it from
a timer every couple of seconds; it never waits). On PostgreSQL that connection LISTENs on
the channel every committing writer notifies (data/dialect.announce_writes names the tables
written); on SQLite it reads ``PRAGMA data_version``, which moves whenever another connection
commits. On PostgreSQL the commits of this watcher's own store are left out (the windows
that made them show them already); a SQLite file does not say who wrote, so there every
commit counts. If the server goes away the watcher says so (``connected`` is False), tries again
at later polls (less often each time, at most every 30 s), and once back reports a change of
everything (what happened meanwhile was not heard).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from bscp_monitor.data import dialect

#: After a failed connection, the first wait before trying again, and the longest (seconds).
RETRY_S = 2.0
MAX_RETRY_S = 30.0
#: The tables of a change whose tables are not known (SQLite, or after a reconnection).
EVERYTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Changes:
    """What changed since the last poll: the tables named, or every table (``tables``
    empty) when the database does not say which."""

    tables: frozenset[str]

    @property
    def everything(self) -> bool:
        return not self.tables

    def touches(self, *tables: str) -> bool:
        """Whether any of ``tables`` may have changed."""
        return self.everything or any(t in self.tables for t in tables)


class ChangeWatcher:
    """Polled for commits made by other connections (other clients, other processes)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._postgresql = engine.dialect.name == dialect.POSTGRESQL
        self._raw: Any = None
        self._version: int | None = None
        self.connected = True
        self._next_try = 0.0
        self._wait = RETRY_S
        self._open()

    def _open(self) -> bool:
        try:
            raw = self._engine.raw_connection()
            driver = raw.driver_connection
            raw.detach()  # its own, never back in the pool
            if self._postgresql:
                dialect.start_listening(driver)
            else:
                self._version = dialect.data_version(driver)
        except Exception as exc:  # SQLAlchemy's, or the driver's own raised outside it
            if not dialect.lost_connection(exc):
                raise
            self.connected = False
            return False
        self._raw = driver
        self.connected = True
        return True

    def poll(self) -> Changes | None:
        """What others committed since the last poll, or None if nothing (or if the server
        cannot be reached: see ``connected``)."""
        if self._raw is None:
            # Trying to connect may wait for the server (up to the connect timeout), so after
            # a failure it is tried less often: 2 s, 4 s ... at most every 30 s.
            now = time.monotonic()
            if now < self._next_try:
                return None
            if self._open():
                self._wait = RETRY_S
                return Changes(EVERYTHING)
            self._next_try = now + self._wait
            self._wait = min(self._wait * 2, MAX_RETRY_S)
            return None
        driver = self._raw
        try:
            if self._postgresql:
                tables = dialect.others_tables(
                    dialect.notifications(driver), dialect.writer_of(self._engine)
                )
                return None if tables is None else Changes(frozenset(tables))
            version = dialect.data_version(driver)
        except Exception as exc:
            if not dialect.lost_connection(exc):
                raise
            self._drop()
            self.connected = False
            return None
        if version == self._version:
            return None
        self._version = version
        return Changes(EVERYTHING)

    def _drop(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            # a broken connection may fail to close: it is gone anyway
            with contextlib.suppress(Exception):
                raw.close()

    def close(self) -> None:
        self._drop()
