"""The change watcher: a commit made by another process is seen at the next poll (SQLite's
data_version, PostgreSQL's NOTIFY naming the tables written); a rolled-back write is not;
a watcher whose server went away says so and, once back, reports a change of everything."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bscp_monitor.data.change_watch import Changes, ChangeWatcher
from bscp_monitor.data.store import Store
from tests.pg_server import PgServer
from tests.registers import make_contract

ROOT = Path(__file__).resolve().parents[2]


def add_contract_elsewhere(location: str, reference: str) -> None:
    """Another process (another client) opens the database and adds a contract."""
    script = (
        "import sys\n"
        "from bscp_monitor.data.store import Store\n"
        "from tests.registers import make_contract\n"
        "store = Store.open(sys.argv[1])\n"
        "make_contract(store, reference=sys.argv[2], provider='Elsewhere Care')\n"
        "store.close()\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, location, reference], cwd=ROOT, check=True, timeout=120
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, db_path: Path) -> str:
    return str(db_path) if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))


@pytest.fixture
def opened(location: str) -> Iterator[Store]:
    store = Store.open(location)
    yield store
    store.close()


def poll_until(watcher: ChangeWatcher, tries: int = 200) -> Changes | None:
    """The first change seen (a notification may take a moment to arrive)."""
    for _ in range(tries):
        found = watcher.poll()
        if found is not None:
            return found
        time.sleep(0.01)
    return None


def test_a_commit_by_another_process_is_seen_once(opened: Store, location: str) -> None:
    watcher = opened.watch_changes()
    try:
        assert watcher.poll() is None
        add_contract_elsewhere(location, "ELSE-0001")
        seen = poll_until(watcher)
        assert seen is not None
        assert seen.touches("contract")
        if opened.engine.dialect.name == "postgresql":
            assert "contract" in seen.tables
            assert "provider" in seen.tables
            assert not seen.touches("meeting")
        assert poll_until(watcher, tries=20) is None  # said once
    finally:
        watcher.close()


def test_another_stores_commit_is_seen_and_a_rollback_is_not(opened: Store, location: str) -> None:
    """Another client in this same process (its own Store): what it rolls back is never
    announced; what it commits is."""
    watcher = opened.watch_changes()
    other = Store.open(location)
    try:

        def change_and_fail() -> None:
            with other.session() as session:
                session.execute(text("UPDATE app_setting SET value = value"))
                session.execute(text("DELETE FROM contract"))
                raise RuntimeError("changed my mind")

        with pytest.raises(RuntimeError):
            change_and_fail()
        assert poll_until(watcher, tries=20) is None
        make_contract(other, reference="HERE-0001")
        seen = poll_until(watcher)
        assert seen is not None
        assert seen.touches("contract")
    finally:
        other.close()
        watcher.close()


def test_the_watchers_own_store_commits_count_only_on_sqlite(opened: Store) -> None:
    """On PostgreSQL the notification names its writer, and a watcher leaves out its own
    store's commits (the windows that made them show them); a SQLite file cannot say who
    wrote, so there they count."""
    watcher = opened.watch_changes()
    try:
        make_contract(opened, reference="OWN-0001")
        seen = poll_until(watcher, tries=50)
        if opened.engine.dialect.name == "postgresql":
            assert seen is None
        else:
            assert seen is not None
            assert seen.everything
    finally:
        watcher.close()


def test_a_watcher_outlives_its_server_going_away(pg_server: PgServer, pg_url: str) -> None:
    store = Store.open(pg_url)
    watcher = store.watch_changes()
    try:
        pg_server.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()",
            database=pg_url.rsplit("/", 1)[1],
        )
        for _ in range(500):  # the backend ends a moment after being told to
            assert watcher.poll() is None
            if not watcher.connected:
                break
            time.sleep(0.01)
        assert watcher.connected is False
        make_contract(store, reference="BACK-0001")  # a dead pooled connection is replaced
        seen = watcher.poll()  # reconnects: what happened meanwhile was not heard
        assert watcher.connected is True
        assert seen is not None
        assert seen.everything
        add_contract_elsewhere(pg_url, "BACK-0002")
        seen = poll_until(watcher)
        assert seen is not None
        assert "contract" in seen.tables
    finally:
        watcher.close()
        store.close()


def test_a_readers_list_hears_an_editors_commit(pg_server: PgServer, pg_demo_url: str) -> None:
    """On a server set up by init-server: a reader (who may change nothing) watches, an editor
    adds a contract in another process; the reader's watcher hears which tables changed."""
    from bscp_monitor.cli.main import main
    from bscp_monitor.data.server_roles import EDITOR, READER

    assert main(["--db", pg_demo_url, "init-server"]) == 0
    database = pg_demo_url.rsplit("/", 1)[1]
    logins = {role: f"{database}_{role.removeprefix('bscp_')}" for role in (READER, EDITOR)}
    for role, login in logins.items():
        pg_server.admin(f"CREATE ROLE {login} LOGIN IN ROLE {role}")
    try:
        reader = Store.open(pg_server.url(database, user=logins[READER]))
        watcher = reader.watch_changes()
        try:
            add_contract_elsewhere(pg_server.url(database, user=logins[EDITOR]), "EDIT-0001")
            seen = poll_until(watcher)
            assert seen is not None
            assert "contract" in seen.tables
        finally:
            watcher.close()
            reader.close()
    finally:
        pg_server.drop_database(database)
        for login in logins.values():
            pg_server.admin(f"DROP ROLE IF EXISTS {login}")
