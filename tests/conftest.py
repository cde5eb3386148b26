"""Shared fixtures. Qt runs offscreen; every test writes only under tmp_path."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path

import pytest

from bscp_monitor.data.store import Store
from bscp_monitor.demo.seed import seed_demo
from tests.pg_server import REQUIRE_ENV, PgServer, start_server, why_unavailable


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject's addopts): the whole suite, or any folder of it, runs on a
    worker per core; tests named by file run in this one process, which starts sooner."""
    here = config.invocation_params.dir
    if any((here / arg.split("::", 1)[0]).is_dir() for arg in config.args):
        return None  # xdist's count: one per core (at most --maxprocesses)
    return 0


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep QSettings, the default database and any user file inside tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("BSCP_MONITOR_DB", raising=False)
    monkeypatch.delenv("BSCP_MONITOR_BUSY_TIMEOUT", raising=False)
    monkeypatch.delenv("BSCP_MONITOR_IMPORT_WAIT", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite3"


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, empty database (the schema at head, no records), made once per session and
    closed: one file, no -wal or -shm beside it, to copy."""
    path = tmp_path_factory.mktemp("empty-template") / "empty.sqlite3"
    made = Store.open(path)
    assert made.report.created
    made.close()
    leftovers = [p.name for p in path.parent.iterdir() if p != path]
    assert leftovers == [], f"the empty template is not closed: {leftovers}"
    return path


@pytest.fixture
def store(db_path: Path, empty_template: Path) -> Iterator[Store]:
    """A new, empty database in its own file at ``db_path`` (a copy of the session's empty
    template unless a fixture put a database there first), open."""
    if not db_path.exists():
        shutil.copyfile(empty_template, db_path)
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_on_both(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Store]:
    """A new, empty store on SQLite, then on PostgreSQL (a module that wants its tests run on
    both names this fixture ``store`` in its own fixture)."""
    location = str(db_path) if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = Store.open(location)
    yield opened
    opened.close()


@pytest.fixture
def today() -> date:
    return date.today()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Callable[[date], Path]:
    """The demo register for a given today, seeded once per session into a template file.

    The template is checkpointed and closed, so it is one self-contained file (still in WAL
    mode, like a file ``seed-demo`` makes, but with no -wal or -shm beside it) that can be
    copied at any time. A test module that overrides ``today`` gets its own template.
    """
    made: dict[date, Path] = {}

    def template(day: date) -> Path:
        if day not in made:
            path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
            seeding = Store.open(path)
            try:
                seed_demo(seeding, day)
                with seeding.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                seeding.close()
            made[day] = path
        path = made[day]
        leftovers = [p.name for p in path.parent.iterdir() if p != path]
        assert leftovers == [], f"the demo template is not closed: {leftovers}"
        return path

    return template


@pytest.fixture
def copy_demo(demo_template: Callable[[date], Path], today: date) -> Callable[[Path], Path]:
    """Copy the demo register (for ``today``) to a new database file; returns its path.

    The same file ``seed-demo`` would make there; for tests that drive the command line.
    """

    def copy(target: Path) -> Path:
        assert not target.exists(), f"{target} already exists"
        shutil.copyfile(demo_template(today), target)
        return target

    return copy


@pytest.fixture
def demo_store(store: Store, today: date, demo_template: Callable[[date], Path]) -> Store:
    """``store`` (its own SQLite file in tmp_path) holding the demo register for ``today``.

    Seeded once per session and copied in with SQLite's backup API, which replaces the
    open database page by page, consistently (the file stays in WAL mode).
    """
    source = sqlite3.connect(demo_template(today))
    try:
        raw = store.engine.raw_connection()
        try:
            source.backup(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
    finally:
        source.close()
    return store


# --- PostgreSQL: one throwaway server per session (tests/pg_server.py) ----------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    reason = why_unavailable()
    if reason is not None:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{REQUIRE_ENV} is set but {reason}")
        pytest.skip(reason)
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


#: The moment the demo databases compared across SQLite and PostgreSQL were written.
SEEDED_AT = datetime.combine(date.today(), time(9, 0), tzinfo=UTC)


def seed_demo_at_nine(store: Store) -> None:
    """The demo, as at today, with every record stamped at 09:00 UTC today: two databases
    seeded so are the same, timestamps included."""
    from bscp_monitor.data import base

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:
            return cls.fromtimestamp(SEEDED_AT.timestamp(), tz)

    real = base.datetime
    base.datetime = Frozen  # type: ignore[misc]
    try:
        seed_demo(store, date.today())
    finally:
        base.datetime = real  # type: ignore[misc]


@pytest.fixture(scope="session")
def _pg_demo_template(pg_server: PgServer) -> str:
    """A database holding the demo data (as at today), seeded once, to copy per test."""
    name = pg_server.new_database()
    seeded = Store.open(pg_server.url(name))
    try:
        seed_demo_at_nine(seeded)
    finally:
        seeded.close()
    return name


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database (no tables)."""
    name = pg_server.new_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_demo_url(pg_server: PgServer, _pg_demo_template: str) -> Iterator[str]:
    """The URL of a fresh PostgreSQL database holding the demo data (as at today)."""
    name = pg_server.new_database(_pg_demo_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)
