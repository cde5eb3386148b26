"""No two current staff of one provider hold one certificate number: the schema's rule, and
the upgrade that resolves duplicates already stored (issue 12, point 5)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bscp_monitor.data.errors import DatabaseError
from bscp_monitor.data.models import DbsCheck, Provider, StaffMember
from bscp_monitor.data.store import Store
from tests.data.test_migrations import _database_at


def _add(store: Store, provider: str, name: str, number: str | None) -> int:
    with store.session() as s:
        owner = s.scalar(select(Provider).where(Provider.name == provider))
        if owner is None:
            owner = Provider(name=provider)
            s.add(owner)
            s.flush()
        person = StaffMember(provider_id=owner.id, full_name=name, normalised_name=name.lower())
        s.add(person)
        s.flush()
        s.add(DbsCheck(staff_member_id=person.id, certificate_number=number))
        s.flush()
        return person.id


def test_two_current_staff_of_one_provider_cannot_share_a_number(store: Store) -> None:
    ann = _add(store, "Sunrise Care", "Ann Lee", "001234567777")
    with pytest.raises(DatabaseError, match="UNIQUE"):
        _add(store, "Sunrise Care", "Ann Lee (copy)", "001234567777")
    # Another provider's person may hold it (one person working for both) ...
    _add(store, "Other Care", "Ann Lee", "001234567777")
    # ... and so may a newcomer once Ann has left; no number is no number.
    with store.session() as s:
        s.get_one(StaffMember, ann).left_on = date(2026, 1, 5)
    _add(store, "Sunrise Care", "Ann Leigh", "001234567777")
    _add(store, "Sunrise Care", "Bo Cole", None)
    _add(store, "Sunrise Care", "Cy Dent", None)
    # A new check for a current person with a number held by a colleague is refused too.
    bo = _add(store, "Sunrise Care", "Di Eve", "009999998888")
    with pytest.raises(DatabaseError, match="UNIQUE"), store.session() as s:
        s.add(DbsCheck(staff_member_id=bo, certificate_number="001234567777"))
    with store.session() as s:
        holders = s.scalars(
            select(StaffMember.full_name).where(
                StaffMember.current_certificate == "001234567777",
                StaffMember.left_on.is_(None),
            )
        ).all()
    assert sorted(holders) == ["Ann Lee", "Ann Leigh"]  # one at each provider


def test_the_upgrade_resolves_duplicates_without_deleting_anything(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _database_at(path, "0009_minuted_actions")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(
            "INSERT INTO provider (id, name, address, safeguarding_lead_name, "
            "safeguarding_lead_email, safeguarding_lead_phone, receives_bscp_updates, "
            "created_at) VALUES (1, 'Acme Care', '', '', '', '', 1, '2024-01-01 00:00:00')"
        )
        # Ann twice (two imports at once), the second written last; Bo once; Cy twice but
        # one of them has left (no conflict).
        people = [
            (1, "Ann Lee", None, "001234567777"),
            (2, "Bo Cole", None, "009876540001"),
            (3, "Ann Lee", None, "001234567777"),
            (4, "Cy Dent", "2025-01-01", "005555550002"),
            (5, "Cy Dent", None, "005555550002"),
        ]
        for staff_id, name, left_on, number in people:
            db.execute(
                "INSERT INTO staff_member (id, provider_id, full_name, normalised_name, role, "
                "contact_level, left_on) VALUES (?, 1, ?, ?, '', 'direct', ?)",
                (staff_id, name, name.lower(), left_on),
            )
            db.execute(
                "INSERT INTO dbs_check (staff_member_id, certificate_number, level, "
                "barred_list, expiry_from_provider, update_service) "
                "VALUES (?, ?, 'enhanced', 'children', 0, 0)",
                (staff_id, number),
            )
    db.close()
    store = Store.open(path)
    try:
        with store.session() as s:
            rows = {
                p.id: (p.full_name, p.left_on, p.current_certificate)
                for p in s.scalars(select(StaffMember))
            }
            events = s.execute(select_audit("staff_member")).all()
    finally:
        store.close()
    today = date.today()
    assert rows == {
        1: ("Ann Lee", today, "001234567777"),  # marked as left, kept
        2: ("Bo Cole", None, "009876540001"),
        3: ("Ann Lee", None, "001234567777"),  # written last: stays current
        4: ("Cy Dent", date(2025, 1, 1), "005555550002"),
        5: ("Cy Dent", None, "005555550002"),
    }
    assert len(events) == 1
    entity_id, summary, changes = events[0]
    assert entity_id == 1
    assert "ending 7777" in summary
    assert "Ann Lee (staff #3)" in summary
    assert "001234567777" not in summary + changes
    assert json.loads(changes)["left_on"]["new"] == today.isoformat()
    backups = list(tmp_path.glob("old.backup-*"))
    assert len(backups) == 1  # the register as it was


def select_audit(entity: str) -> Any:
    """A select of (entity_id, summary, changes) of the audit events of ``entity``."""
    from bscp_monitor.data.models import AuditEvent

    return select(AuditEvent.entity_id, AuditEvent.summary, AuditEvent.changes).where(
        AuditEvent.entity == entity
    )


def test_resolving_duplicates_works_on_both_databases(store_on_both: Store) -> None:
    """The upgrade's resolution, run on a register holding duplicates (the rule dropped for
    the test), on SQLite and PostgreSQL alike."""
    import importlib

    from sqlalchemy import text

    migration = importlib.import_module(
        "bscp_monitor.data.migrations.versions.0012_dbs_current_certificate"
    )
    store = store_on_both
    with store.session() as s:
        s.execute(text("DROP INDEX uq_staff_member_current_certificate"))
    first = _add(store, "Sunrise Care", "Ann Lee", "001234567777")
    second = _add(store, "Sunrise Care", "Ann Lee", "001234567777")
    with store.session() as s:
        assert migration.resolve_duplicates(s.connection(), date(2026, 12, 5)) == 1
    with store.session() as s:
        left = {p.id: p.left_on for p in s.scalars(select(StaffMember))}
        events = s.execute(select_audit("staff_member")).all()
    assert left == {first: date(2026, 12, 5), second: None}
    assert [e[0] for e in events] == [first]
