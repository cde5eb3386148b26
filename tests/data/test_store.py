"""The store: URLs and paths, refusing unusable files, SQLite settings, constraints, backups."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from bscp_monitor.data.enums import ContractStatus
from bscp_monitor.data.models import (
    ClauseCheck,
    Contract,
    DbsCheck,
    Provider,
    StaffMember,
)
from bscp_monitor.data.store import DatabaseError, Store, StoreError, resolve_url, sqlite_path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _provider(store: Store, name: str = "Barnardo's") -> int:
    with store.session() as s:
        provider = Provider(name=name)
        s.add(provider)
        s.flush()
        return provider.id


def _contract(provider_id: int, reference: str = "C-1", **overrides: object) -> Contract:
    values: dict[str, object] = {
        "reference": reference,
        "title": "CSE Recovery Service",
        "provider_id": provider_id,
        "start_date": date(2017, 10, 1),
        "end_date": date(2018, 9, 30),
    }
    values.update(overrides)
    return Contract(**values)


def test_a_new_file_is_created_at_the_current_schema(db_path: Path) -> None:
    store = Store.open(db_path)
    try:
        assert store.report.created is True
        assert store.path == db_path.resolve()
        with store.session() as s:
            assert s.scalar(text("SELECT count(*) FROM contract")) == 0
    finally:
        store.close()
    again = Store.open(db_path)
    assert again.report.created is False
    again.close()


def test_sqlite_is_opened_with_foreign_keys_wal_and_busy_timeout(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def _busy_timeout(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("PRAGMA busy_timeout")).scalar_one())


def test_the_busy_timeout_is_a_parameter_then_the_environment_then_five_seconds(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = Store.open(db_path, busy_timeout=0.25)
    try:
        assert _busy_timeout(given) == 250
    finally:
        given.close()
    monkeypatch.setenv("BSCP_MONITOR_BUSY_TIMEOUT", "1.5")
    from_env = Store.open(db_path)
    try:
        assert _busy_timeout(from_env) == 1500
    finally:
        from_env.close()
    overridden = Store.open(db_path, busy_timeout=0)
    try:
        assert _busy_timeout(overridden) == 0
    finally:
        overridden.close()


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "99999"])
def test_a_bad_busy_timeout_in_the_environment_is_one_message(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("BSCP_MONITOR_BUSY_TIMEOUT", value)
    with pytest.raises(StoreError, match="BSCP_MONITOR_BUSY_TIMEOUT .*seconds"):
        Store.open(db_path)
    assert not db_path.exists()


def test_a_short_busy_timeout_gives_up_on_a_held_lock_quickly(db_path: Path) -> None:
    """The wait is the parameter's: a write under another program's lock fails (the lock is
    held throughout, so only the timeout can end the wait), and the row is not stored."""
    from bscp_monitor.data.errors import DatabaseError

    store = Store.open(db_path, busy_timeout=0.05)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseError, match="busy") as raised, store.session() as s:
            s.add(Provider(name="Barnardo's"))
        assert raised.value.busy
        holder.execute("ROLLBACK")
        with store.session() as s:
            assert s.scalar(text("SELECT count(*) FROM provider")) == 0
    finally:
        holder.close()
        store.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(DatabaseError), store.session() as s:
        s.add(_contract(provider_id=999))
    with store.session() as s:
        assert s.scalar(text("SELECT count(*) FROM contract")) == 0


def test_reference_is_unique_and_dates_are_ordered(store: Store) -> None:
    provider_id = _provider(store)
    with store.session() as s:
        s.add(_contract(provider_id))
    with pytest.raises(DatabaseError), store.session() as s:
        s.add(_contract(provider_id))
    with pytest.raises(DatabaseError, match="ends_after_start"), store.session() as s:
        s.add(_contract(provider_id, "C-2", end_date=date(2017, 1, 1)))


def test_enum_columns_refuse_unknown_values(store: Store) -> None:
    provider_id = _provider(store)
    with store.session() as s:
        s.add(_contract(provider_id, status=ContractStatus.EXTENDED))
    with pytest.raises(DatabaseError), store.session() as s:
        s.execute(text("UPDATE contract SET status = 'paused'"))
    with pytest.raises(DatabaseError), store.session() as s:
        s.add(_contract(provider_id, "C-3", status="paused"))


def test_clause_elements_run_from_one_to_ten_once_per_contract(store: Store) -> None:
    provider_id = _provider(store)
    with store.session() as s:
        contract = _contract(provider_id)
        s.add(contract)
        s.flush()
        contract_id = contract.id
        s.add(ClauseCheck(contract_id=contract_id, element=10))
    with pytest.raises(DatabaseError, match="element_range"), store.session() as s:
        s.add(ClauseCheck(contract_id=contract_id, element=11))
    with pytest.raises(DatabaseError), store.session() as s:
        s.add(ClauseCheck(contract_id=contract_id, element=10))


@pytest.mark.parametrize("number", ["12345678901", "1234567890123", "12345678901A"])
def test_dbs_certificate_numbers_are_twelve_digit_text(store: Store, number: str) -> None:
    provider_id = _provider(store)
    with store.session() as s:
        staff = StaffMember(provider_id=provider_id, full_name="Ann Lee", normalised_name="ann lee")
        s.add(staff)
        s.flush()
        s.add(DbsCheck(staff_member_id=staff.id, certificate_number="000123456789"))
        staff_id = staff.id
    with store.session() as s:
        stored = s.scalar(text("SELECT certificate_number FROM dbs_check"))
        assert stored == "000123456789"
    with pytest.raises(DatabaseError), store.session() as s:
        s.add(DbsCheck(staff_member_id=staff_id, certificate_number=number))


def test_resolve_url_takes_paths_urls_the_environment_and_a_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "a.sqlite3"
    assert resolve_url(file) == f"sqlite:///{file.resolve()}"
    assert resolve_url("sqlite:////srv/x.db") == "sqlite:////srv/x.db"
    monkeypatch.setenv("BSCP_MONITOR_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_url(None) == f"sqlite:///{(tmp_path / 'env.sqlite3').resolve()}"
    monkeypatch.delenv("BSCP_MONITOR_DB")
    default = resolve_url(None)
    path = sqlite_path(default)
    assert path is not None
    assert path.name == "bscp-monitor.sqlite3"
    assert str(path).startswith(str(tmp_path))  # the data folder is under the test's HOME
    assert path.parent.is_dir()
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("postgresql://u:p@h/db") is None


def test_url_form_opens_the_same_file(db_path: Path) -> None:
    Store.open(db_path).close()
    store = Store.open(f"sqlite:///{db_path}")
    try:
        assert store.path == db_path
        assert store.report.created is False
    finally:
        store.close()


def test_an_in_memory_url_works() -> None:
    store = Store.open("sqlite://")
    try:
        assert store.report.created is True
        assert store.path is None
    finally:
        store.close()


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "x.sqlite3")
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        Store.open(tmp_path)


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("Minutes of the meeting\n" * 50)
    before = _sha(notes)
    with pytest.raises(StoreError, match="not a BSCP Monitor database"):
        Store.open(notes)
    assert _sha(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "notes.sqlite3"]


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE foo (x)")
        db.execute("INSERT INTO foo VALUES (1)")
    db.close()
    before = _sha(other)
    with pytest.raises(StoreError, match="not a BSCP Monitor database"):
        Store.open(other)
    assert _sha(other) == before


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    store = Store.open(empty)
    assert store.report.created is True
    store.close()


def test_backup_to_writes_a_consistent_copy(demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite3"
    demo_store.backup_to(target)
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT count(*) FROM contract").fetchone()[0] >= 3
    db.close()
    copy = Store.open(target)
    assert copy.report.created is False
    copy.close()


def test_backup_to_a_missing_folder_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        store.backup_to(tmp_path / "missing" / "b.sqlite3")


def test_a_failed_unit_of_work_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as s:  # noqa: PT012 -- the unit of work
        s.add(Provider(name="Half written"))
        s.flush()
        raise RuntimeError("stop")
    with store.session() as s:
        assert s.scalar(text("SELECT count(*) FROM provider")) == 0


def test_a_damaged_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = _sha(damaged)
    with pytest.raises(StoreError, match="damaged or not a BSCP Monitor database"):
        Store.open(damaged)
    assert _sha(damaged) == before


def test_checking_a_file_this_process_has_open_keeps_its_locks(tmp_path: Path) -> None:
    """Reading the header with open() and closing it would drop every POSIX lock the process
    holds on the file (a second store, a watcher): another process could then write under a
    transaction of ours. The check reads through SQLite, which keeps its locks."""
    import sqlite3
    import subprocess
    import sys

    from bscp_monitor.data.precheck import check_sqlite_file

    path = tmp_path / "held.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    try:
        check_sqlite_file(path)
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], timeout=0, "
                "isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('wrote')",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "wrote" not in other.stdout
    assert "locked" in other.stderr
