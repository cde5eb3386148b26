"""The Alembic chain: from empty to head, matching the models, and an old database upgraded."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import bscp_monitor.data.store as store_module
from bscp_monitor.contracts.register import find_contract
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


def test_the_chain_from_empty_gives_the_schema_of_a_new_database(tmp_path: Path) -> None:
    """New databases are created from the models and stamped; the migration chain run from
    an empty file must arrive at the same schema, constraints included."""
    from sqlalchemy import create_engine

    chained = tmp_path / "chained.sqlite3"
    engine = create_engine(f"sqlite:///{chained}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with engine.connect() as conn:
        assert compare_metadata(_context(conn), Base.metadata) == []
    engine.dispose()
    fresh = Store.open(tmp_path / "fresh.sqlite3")
    fresh.close()

    def schema(path: Path) -> dict[str, str]:
        with sqlite3.connect(path) as db:
            rows = db.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
            ).fetchall()
        db.close()
        return {name: _canonical(sql) for name, sql in rows}

    assert schema(chained) == schema(tmp_path / "fresh.sqlite3")


def _context(conn: Any) -> MigrationContext:
    """Alembic's view of the database, leaving out the search index (not in the models)."""
    from bscp_monitor.data.search_index import modelled

    return MigrationContext.configure(conn, opts={"include_name": modelled})


def _canonical(sql: str) -> str:
    """DDL with its clauses sorted: SQLite keeps them as written, and the two paths write
    the same columns and constraints in a different order."""
    import re

    body = sql[sql.index("(") + 1 : sql.rindex(")")] if "(" in sql else sql
    parts, depth, current = [], 0, ""
    for ch in body:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    head = sql[: sql.index("(")] if "(" in sql else ""
    return (
        re.sub(r"\s+", " ", head.strip()).replace('"', "")
        + " | "
        + " ; ".join(sorted(re.sub(r"\s+", " ", p.strip()).replace('"', "") for p in parts))
    )


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
        assert compare_metadata(_context(conn), Base.metadata) == []


def test_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    old = tmp_path / "council.sqlite3"
    shutil.copy(FIXTURE, old)
    original = _sha(old)

    store = Store.open(old)
    try:
        assert store.report.upgraded_from == "0001_register"
        backup = store.report.backup_path
        assert backup is not None
        assert backup.parent == tmp_path
        assert "0001_register" in backup.name
        assert _sha(backup) == original or _backup_holds_old_data(backup)
        with store.engine.connect() as conn:
            assert compare_metadata(_context(conn), Base.metadata) == []
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


def _database_at(path: Path, revision: str) -> None:
    """A database migrated to ``revision`` only, foreign keys enforced as the app has them."""
    store = Store.open(path)  # head, then back down: the chain is what is under test
    try:
        config = _alembic_config()
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, revision)
    finally:
        store.close()


def _add_staff_with_a_check(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(
            "INSERT INTO provider (id, name, address, safeguarding_lead_name, "
            "safeguarding_lead_email, safeguarding_lead_phone, receives_bscp_updates, "
            "created_at) VALUES (1, 'Acme Care', '', '', '', '', 1, '2024-01-01 00:00:00')"
        )
        db.execute(
            "INSERT INTO staff_member (id, provider_id, full_name, normalised_name, role, "
            "contact_level) VALUES (1, 1, 'Ann Lee', 'ann lee', '', 'direct')"
        )
        db.execute(
            "INSERT INTO dbs_check (id, staff_member_id, certificate_number, level, "
            "barred_list, expiry_from_provider, update_service) "
            "VALUES (1, 1, '000123456789', 'enhanced', 'children', 0, 0)"
        )
    db.close()


def _enum_checks(path: Path) -> dict[str, str]:
    """ck_<table>_<column> -> its CHECK text, for every enum column's constraint."""
    import re

    from sqlalchemy import Enum

    names = {
        f"ck_{t.name}_{c.type.name}"
        for t in Base.metadata.tables.values()
        for c in t.columns
        if isinstance(c.type, Enum)
    }
    with sqlite3.connect(path) as db:
        sql = "\n".join(
            r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
        )
    db.close()
    found = dict(re.findall(r"CONSTRAINT (\w+) CHECK \((.*)\)", sql))
    return {name: found[name] for name in names if name in found}


def test_enum_checks_are_or_chains_after_upgrading_from_0003_with_data_kept(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.sqlite3"
    _database_at(old, "0003_app_settings")
    before = _enum_checks(old)
    assert before["ck_staff_member_contact_level"] == (
        "contact_level IN ('direct', 'regular', 'occasional', 'none')"
    )
    _add_staff_with_a_check(old)

    store = Store.open(old)
    try:
        assert store.report.upgraded_from == "0003_app_settings"
        with store.engine.connect() as conn:
            assert compare_metadata(_context(conn), Base.metadata) == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()
    after = _enum_checks(old)
    assert after.keys() == before.keys()
    assert len(after) >= 19
    assert after["ck_staff_member_contact_level"] == (
        "contact_level = 'direct' OR contact_level = 'regular' "
        "OR contact_level = 'occasional' OR contact_level = 'none'"
    )
    assert all(" IN (" not in text for text in after.values())
    fresh = tmp_path / "fresh.sqlite3"
    Store.open(fresh).close()
    assert _enum_checks(fresh) == after  # the models and the migration agree, word for word
    with sqlite3.connect(old) as db:
        assert db.execute("SELECT full_name FROM staff_member").fetchall() == [("Ann Lee",)]
        assert db.execute("SELECT level, barred_list FROM dbs_check").fetchall() == [
            ("enhanced", "children")
        ]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError, match="ck_dbs_check_level"):
            db.execute("UPDATE dbs_check SET level = 'enhanced-ish'")
        with pytest.raises(sqlite3.IntegrityError, match="ck_staff_member_contact_level"):
            db.execute("UPDATE staff_member SET contact_level = 'Direct'")
    db.close()


def test_rebuilding_tables_with_foreign_keys_on_is_refused_rather_than_losing_rows(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.sqlite3"
    _database_at(old, "0003_app_settings")
    _add_staff_with_a_check(old)
    engine = store_module._build_engine(f"sqlite:///{old}")  # foreign keys on
    try:
        config = _alembic_config()
        with pytest.raises(RuntimeError, match="foreign keys off"), engine.begin() as conn:  # noqa: PT012
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    with sqlite3.connect(old) as db:
        assert db.execute("SELECT count(*) FROM dbs_check").fetchone() == (1,)
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0003_app_settings",
        )
    db.close()


def test_planned_meetings_with_nothing_answered_take_the_merged_questions(tmp_path: Path) -> None:
    """0016: a planned meeting's unanswered safeguarding questions of the earlier set (17,
    five asked twice) become the merged set; a meeting with an answer keeps its own."""
    from datetime import UTC, datetime

    from bscp_monitor.meetings import meetings
    from bscp_monitor.meetings.prompt_set import safeguarding_prompts
    from tests.registers import make_contract

    path = tmp_path / "old.sqlite3"
    store = Store.open(path)
    try:
        contract_id = make_contract(store)
        planned = meetings.schedule_meeting(
            store, contract_id, datetime(2027, 1, 7, 10, tzinfo=UTC)
        )
        answered = meetings.schedule_meeting(
            store, contract_id, datetime(2027, 2, 7, 10, tzinfo=UTC)
        )
        items = {
            m: meetings.get_meeting(store, m).safeguarding_item.id
            for m in (planned.id, answered.id)
        }
    finally:
        store.close()
    _database_at(path, "0015_versions_and_holds")
    old_set = [("concerns", "What safeguarding concerns have been raised?"),
               ("referrals", "How many referrals were made?"),
               ("clause_10", "Any allegations and LADO referrals?")]  # fmt: skip
    with sqlite3.connect(path) as db:
        for item_id in items.values():
            db.execute("DELETE FROM prompt_response WHERE agenda_item_id = ?", (item_id,))
            for n, (key, question) in enumerate(old_set, start=1):
                db.execute(
                    "INSERT INTO prompt_response (agenda_item_id, position, key, question, "
                    "response, concern) VALUES (?, ?, ?, ?, ?, 0)",
                    (item_id, n, key, question,
                     "Two, both accepted." if item_id == items[answered.id] and n == 2 else ""),
                )  # fmt: skip
    store = Store.open(path)  # upgrades to the head
    try:
        merged = meetings.get_meeting(store, planned.id).safeguarding_item.prompts
        assert [(p.key, p.question) for p in merged] == [
            (p.key, p.question) for p in safeguarding_prompts()
        ]
        kept = meetings.get_meeting(store, answered.id).safeguarding_item.prompts
        assert [(p.key, p.question, p.response) for p in kept] == [
            ("concerns", "What safeguarding concerns have been raised?", ""),
            ("referrals", "How many referrals were made?", "Two, both accepted."),
            ("clause_10", "Any allegations and LADO referrals?", ""),
        ]
    finally:
        store.close()
