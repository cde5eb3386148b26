"""The store: owns the engine, checks and upgrades the schema, hands out short sessions.

Every operation runs in its own ``with store.session() as s:`` block, which commits on
exit, so every change is persisted at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from bscp_monitor.data import dialect
from bscp_monitor.data.caseless import caseless
from bscp_monitor.data.change_watch import ChangeWatcher
from bscp_monitor.data.db_errors import database_errors
from bscp_monitor.data.errors import DatabaseError, StoreError
from bscp_monitor.data.precheck import (
    ENV_VAR,
    check_revision,
    check_sqlite_file,
    default_database_path,
    peek_sqlite_file,
)
from bscp_monitor.data.schema_version import HEAD_REVISION

__all__ = [
    "BUSY_TIMEOUT_ENV_VAR",
    "DEFAULT_BUSY_TIMEOUT",
    "ENV_VAR",
    "DatabaseError",
    "OpenReport",
    "Store",
    "StoreError",
    "busy_timeout_from_environment",
    "default_database_path",
]

# How long (seconds) a write waits for another program's lock before failing with
# "database is locked": the GUI mid-save, a backup tool.
DEFAULT_BUSY_TIMEOUT = 5.0
BUSY_TIMEOUT_ENV_VAR = "BSCP_MONITOR_BUSY_TIMEOUT"


@dataclass(frozen=True)
class OpenReport:
    """What happened when the database was opened."""

    created: bool
    upgraded_from: str | None
    backup_path: Path | None


def resolve_url(location: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from a path, a URL, the environment variable, or the default file."""
    if location is None or str(location) == "":
        env = os.environ.get(ENV_VAR, "")
        if env:
            location = env
        else:
            path = default_database_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{path}"
    text_location = str(location)
    if "://" in text_location:
        return dialect.with_driver(text_location)
    return f"sqlite:///{Path(text_location).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for memory or other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def shown_url(url: str) -> str:
    """A URL fit for a message: any password hidden."""
    return _shown(url)


def _shown(url: str) -> str:
    """A URL fit for a message: any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def busy_timeout_from_environment() -> float:
    """The busy timeout in seconds: BSCP_MONITOR_BUSY_TIMEOUT if set, else the default."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise StoreError(
            f"{BUSY_TIMEOUT_ENV_VAR} is {raw!r}: give the seconds to wait for a locked "
            "database, from 0 to 3600 (for example 5)."
        )
    return seconds


def _casefold(value: object) -> object:
    return caseless(value) if isinstance(value, str) else value


def _build_engine(url: str, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    try:
        # A server's connections may have died (a restart, the network): each is tried
        # before use and replaced if dead, so the next save after an outage simply works.
        # A server that does not answer at all (the network gone) fails a connection after
        # 5 s, not the system's minutes, unless the URL says otherwise.
        options: dict[str, Any] = {}
        if not url.startswith("sqlite"):
            options["pool_pre_ping"] = True
            if "connect_timeout" not in url:
                options["connect_args"] = {"connect_timeout": 5}
        engine = create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError(f"{_shown(url)} is not a usable database URL ({exc}).") from exc
    except ImportError as exc:
        raise StoreError(
            f"The database driver for {_shown(url)} is not installed ({exc.name}). "
            "Install it, or use a SQLite file."
        ) from exc
    if engine.dialect.name == "sqlite":
        listener = dialect.sqlite_on_connect(_casefold, round(busy_timeout * 1000))
        event.listen(engine, "connect", listener)
    dialect.announce_writes(engine)
    return engine


def _current_revision(engine: Engine) -> tuple[str | None, bool]:
    """(the stored Alembic revision or None, whether the database holds any table)."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables:
            return None, bool(tables)
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        return (rows[0] if rows else None), True


def _create_at_head(engine: Engine) -> None:
    """A new, empty database: the current schema from the models, stamped at the head.

    This is Alembic's own advice for new databases ("create_all, then stamp"); the chain of
    migrations from empty is what older databases take, and tests/data/test_migrations.py
    checks that both give the same schema.
    """
    from bscp_monitor.data import dbs_triggers, search_index
    from bscp_monitor.data.models import Base

    with engine.begin() as conn:
        dialect.install_functions(conn)
        Base.metadata.create_all(conn)
        dbs_triggers.install(conn)
        search_index.install(conn)
        conn.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        conn.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
            {"head": HEAD_REVISION},
        )


def _alembic_upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Migrations rebuild tables (SQLite's way to change one), and dropping a table
            # with foreign keys enforced deletes its rows, cascading to the tables that
            # refer to it. So, as SQLite's documentation prescribes: foreign keys off
            # (settable only outside a transaction), migrate, check every reference, on again.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        noun = "reference" if len(broken) == 1 else "references"
                        raise StoreError(
                            f"Upgrading the database left {len(broken)} broken {noun} "
                            f"(first: table {broken[0][0]}); it was not upgraded."
                        )
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def _backup_file(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.backup-{stamp}-{revision}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        target = sqlite3.connect(backup)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return backup


class Store:
    """The one owner of the engine. Build it with :meth:`open`."""

    def __init__(self, engine: Engine, report: OpenReport) -> None:
        self.engine = engine
        self.report = report
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.engine.url.render_as_string(hide_password=False))

    @classmethod
    def open(
        cls,
        location: str | os.PathLike[str] | None = None,
        *,
        busy_timeout: float | None = None,
        ask_password: Callable[[str], str | None] | None = None,
    ) -> Store:
        """Open (creating or upgrading) a database; raise StoreError if it cannot be used.

        ``busy_timeout`` is how many seconds a SQLite write waits for another program's
        lock (default: BSCP_MONITOR_BUSY_TIMEOUT, else 5 s). ``ask_password``: called
        with the server's URL (no password in it) when a server asks for a password that
        libpq's own ways (.pgpass, a service file, GSSAPI) did not supply; what it returns
        is used for this store only and kept in memory, never written anywhere.
        """
        if busy_timeout is None:
            busy_timeout = busy_timeout_from_environment()
        elif busy_timeout < 0:
            raise ValueError(f"busy_timeout must not be negative, not {busy_timeout}")
        url = resolve_url(location)
        try:
            path = sqlite_path(url)
        except ArgumentError as exc:
            raise StoreError(f"{_shown(url)} is not a usable database URL.") from exc
        if path is not None:
            check_sqlite_file(path)
            check_revision(*peek_sqlite_file(path))
        engine = _build_engine(url, busy_timeout)
        try:
            try:
                report = cls._prepare_schema(engine, path)
            except DBAPIError as exc:
                password = (
                    dialect.password_wanted(exc) and ask_password and ask_password(_shown(url))
                )
                if not password:
                    raise
                engine.dispose()
                engine = _build_engine(dialect.with_password(url, password), busy_timeout)
                report = cls._prepare_schema(engine, path)
        except StoreError:
            engine.dispose()
            raise
        except DBAPIError as exc:
            engine.dispose()
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise StoreError(
                f"The database {_shown(url)} cannot be opened ({reason}). "
                "Check the path or URL and your permissions."
            ) from exc
        return cls(engine, report)

    @staticmethod
    def _prepare_schema(engine: Engine, path: Path | None) -> OpenReport:
        revision, has_tables = _current_revision(engine)
        if revision == HEAD_REVISION:
            return OpenReport(created=False, upgraded_from=None, backup_path=None)
        check_revision(revision, has_tables)
        if revision is None:
            _create_at_head(engine)
            return OpenReport(created=True, upgraded_from=None, backup_path=None)
        backup = None
        if path is not None:
            backup = _backup_file(path, revision)
        _alembic_upgrade(engine)
        return OpenReport(created=False, upgraded_from=revision, backup_path=backup)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work, committed on success and rolled back on any error; a
        database failure (in the block or at commit) comes out as a DatabaseError."""
        with database_errors(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading, without the ORM; a database failure comes out as a
        DatabaseError."""
        with database_errors(), self.engine.connect() as connection:
            yield connection

    def watch_changes(self) -> ChangeWatcher:
        """A watcher of commits made by others (see data/change_watch); close it after use."""
        return ChangeWatcher(self.engine)

    def backup_to(self, target: Path) -> None:
        """Copy a consistent snapshot of a SQLite database to ``target``."""
        source = self.path
        if source is None:
            raise StoreError("Only a database file can be backed up from here.")
        if not target.parent.is_dir():
            raise StoreError(f"The folder {target.parent} does not exist. Choose another folder.")
        try:
            target.unlink(missing_ok=True)
            raw = self.engine.raw_connection()
            try:
                dest = sqlite3.connect(target)
                try:
                    raw.driver_connection.backup(dest)  # type: ignore[union-attr]
                finally:
                    dest.close()
            finally:
                raw.close()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"The backup could not be written to {target} ({exc}).") from exc

    def close(self) -> None:
        self.engine.dispose()
