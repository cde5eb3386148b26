"""The shared demo fixtures: the demo seeded once per session, each test its own copy."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from bscp_monitor.common.dates import add_months
from bscp_monitor.contracts import providers
from bscp_monitor.data.store import Store
from bscp_monitor.demo.seed import seed_demo


def _counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def test_the_demo_store_holds_what_seeding_makes_in_its_own_wal_file(
    demo_store: Store, db_path: Path, tmp_path: Path, today: date
) -> None:
    assert demo_store.path == db_path.resolve()
    with demo_store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    fresh = Store.open(tmp_path / "fresh.sqlite3")
    try:
        seed_demo(fresh, today)
    finally:
        fresh.close()
    copied = _counts(db_path)
    assert copied["contract"] > 0
    assert copied["audit_event"] > 0
    assert copied == _counts(tmp_path / "fresh.sqlite3")


def test_a_change_to_one_copy_is_not_in_the_next(
    demo_store: Store, copy_demo: Callable[[Path], Path], tmp_path: Path
) -> None:
    providers.create_provider(demo_store, "Only In This Copy Ltd")
    names = {p.name for p in providers.list_providers(demo_store)}
    assert "Only In This Copy Ltd" in names
    other = copy_demo(tmp_path / "other.sqlite3")
    again = Store.open(other)
    try:
        assert {p.name for p in providers.list_providers(again)} == names - {
            "Only In This Copy Ltd"
        }
    finally:
        again.close()


def test_a_copy_for_the_command_line_is_a_closed_file_like_seed_demo_makes(
    copy_demo: Callable[[Path], Path], tmp_path: Path
) -> None:
    db = copy_demo(tmp_path / "cli.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("cli")) == ["cli.sqlite3"]
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()
    assert _counts(db)["contract"] > 0


@pytest.mark.parametrize("today", [date(2025, 1, 31)])
def test_a_test_with_another_today_gets_the_demo_as_at_that_day(
    demo_store: Store, today: date
) -> None:
    """The template is made per day: dates in the demo are relative to the test's today."""
    barnardos = next(p for p in providers.list_providers(demo_store) if p.name == "Barnardo's")
    assert barnardos.bscp_training_last_attended == add_months(today, -5)
    assert add_months(today, -5) != add_months(date.today(), -5)
