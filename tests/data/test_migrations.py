"""The Alembic chain: from empty to head, matching the models, and an old database upgraded."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import bscp_monitor.data.store as store_module
from bscp_monitor.contracts import find_contract
from bscp_monitor.data.models import Base
from bscp_monitor.data.schema_version import HEAD_REVISION, KNOWN_REVISIONS
from bscp_monitor.data.store import Store, StoreError

FIXTURE = Path(__file__).parent / "fixtures" / "register-0001.sqlite3"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(Path(store_module.__file__).parent / "migrations")
    )
    return config


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_known_revisions_match_the_alembic_chain() -> None:
    script = ScriptDirectory.from_config(_alembic_config())
    chain = [rev.revision for rev in script.walk_revisions("base", "heads")]
    assert tuple(reversed(chain)) == KNOWN_REVISIONS
    assert script.get_current_head() == HEAD_REVISION


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_chain_downgrades_to_empty_and_back(store: Store) -> None:
    config = _alembic_config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    with sqlite3.connect(store.path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables <= {"alembic_version"}
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    old = tmp_path / "council.sqlite3"
    shutil.copy(FIXTURE, old)
    original = _sha(old)

    store = Store.open(old)
    try:
        assert store.report.upgraded_from == "0001_register"
        backup = store.report.backup_path
        assert backup is not None and backup.parent == tmp_path
        assert "0001_register" in backup.name
        assert _sha(backup) == original or _backup_holds_old_data(backup)
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        contract = find_contract(store, "ECHS-CSE-0114")
        assert contract is not None
        assert contract.provider_name == "Barnardo's"
        assert contract.original_end_date == date(2017, 9, 30)
        assert contract.end_date == date(2018, 9, 30)
    finally:
        store.close()

    with sqlite3.connect(backup) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0001_register",
        )
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name='meeting'").fetchone() == (
            0,
        )

    reopened = Store.open(old)
    try:
        assert reopened.report.upgraded_from is None
        assert reopened.report.backup_path is None
    finally:
        reopened.close()


def _backup_holds_old_data(backup: Path) -> bool:
    with sqlite3.connect(backup) as db:
        return db.execute("SELECT reference FROM contract").fetchall() == [("ECHS-CSE-0114",)]


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(FIXTURE, newer)
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    db.close()
    before = _sha(newer)
    with pytest.raises(StoreError, match="newer version of BSCP Monitor"):
        Store.open(newer)
    assert _sha(newer) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "newer.sqlite3"]
