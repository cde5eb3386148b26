"""No two current staff of one provider hold one certificate number; purged leavers.

Adds ``staff_member.current_certificate`` (the latest check's number, kept by the DBS
triggers, which are rewritten here to keep it) and the partial unique index
``uq_staff_member_current_certificate`` on (provider_id, current_certificate) among staff
who have not left. Adds ``staff_member.purged_on``: the day a leaver's certificate number
and date of birth were erased under the retention rule.

Two imports for one provider run at the same moment could each add every person (issue
12), so a register may already hold current staff sharing a number. Before the index is
made, each such group is resolved without deleting anything: the person whose latest check
was written last stays current; each other one is marked as having left today, with an
audit event naming the person kept (numbers masked). The upgrade's backup file holds the
register as it was.

The trigger statements are copied here as they stand at this revision (data/dbs_triggers.py
holds the current ones; tests/data/test_migrations.py checks a new database and an upgraded
one match).

Revision ID: 0012_dbs_current_certificate
Revises: 0011_approved_at_meeting
"""

from __future__ import annotations

import getpass
import json
import logging
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from bscp_monitor.data import dialect

revision = "0012_dbs_current_certificate"
down_revision = "0011_approved_at_meeting"
branch_labels = None
depends_on = None

log = logging.getLogger("bscp_monitor.migrations")

HOLDER = "left_on IS NULL AND current_certificate IS NOT NULL"


def _recompute(who: str) -> str:
    return f"""
    UPDATE staff_member SET (dbs_standing, dbs_expiry, current_certificate) = (
        SELECT
            CASE
              WHEN d.id IS NULL OR coalesce(d.certificate_number, '') = ''
                THEN 'missing'
              WHEN staff_member.contact_level IN ('direct', 'regular')
                   AND (d.level NOT IN ('enhanced', 'enhanced_barred')
                        OR d.barred_list IN ('none', 'adults')) THEN 'invalid'
              WHEN d.expiry_date IS NULL THEN 'invalid'
              ELSE 'dated'
            END,
            CASE WHEN coalesce(d.certificate_number, '') = '' THEN NULL
                 ELSE d.expiry_date END,
            CASE WHEN coalesce(d.certificate_number, '') = '' THEN NULL
                 ELSE d.certificate_number END
        FROM (SELECT 1) LEFT JOIN dbs_check AS d ON d.id = (
            SELECT max(latest.id) FROM dbs_check AS latest
            WHERE latest.staff_member_id = staff_member.id
        )
    )
    WHERE staff_member.id = {who};"""


TRIGGERS = {
    "trg_dbs_check_inserted": "CREATE TRIGGER trg_dbs_check_inserted AFTER INSERT ON dbs_check "
    "BEGIN" + _recompute("NEW.staff_member_id") + "\nEND",
    "trg_dbs_check_updated": "CREATE TRIGGER trg_dbs_check_updated AFTER UPDATE ON dbs_check "
    "BEGIN" + _recompute("NEW.staff_member_id") + _recompute("OLD.staff_member_id") + "\nEND",
    "trg_dbs_check_deleted": "CREATE TRIGGER trg_dbs_check_deleted AFTER DELETE ON dbs_check "
    "BEGIN" + _recompute("OLD.staff_member_id") + "\nEND",
    "trg_staff_contact_changed": "CREATE TRIGGER trg_staff_contact_changed AFTER UPDATE OF "
    "contact_level ON staff_member BEGIN" + _recompute("NEW.id") + "\nEND",
}


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _masked(number: str) -> str:
    return "*" * max(len(number) - 4, 0) + number[-4:]


def resolve_duplicates(connection: sa.Connection, today: date) -> int:
    """Leave one current holder of each (provider, number); the others marked as left today,
    each with an audit event. The number of people marked."""
    rows = connection.execute(
        sa.text(
            "SELECT s.id, s.provider_id, s.current_certificate, s.full_name, "
            "(SELECT max(d.id) FROM dbs_check AS d WHERE d.staff_member_id = s.id) AS latest "
            f"FROM staff_member AS s WHERE s.{HOLDER.replace(' AND ', ' AND s.')} "
            "AND EXISTS (SELECT 1 FROM staff_member AS o WHERE o.id <> s.id "
            "AND o.provider_id = s.provider_id AND o.current_certificate = s.current_certificate "
            "AND o.left_on IS NULL) "
            "ORDER BY s.provider_id, s.current_certificate, latest DESC, s.id DESC"
        )
    ).all()
    audit = sa.table(
        "audit_event",
        sa.column("at", sa.DateTime()),
        sa.column("user", sa.String()),
        sa.column("action", sa.String()),
        sa.column("entity", sa.String()),
        sa.column("entity_id", sa.Integer()),
        sa.column("summary", sa.Text()),
        sa.column("changes", sa.Text()),
    )
    kept: dict[tuple[int, str], tuple[int, str]] = {}
    marked = 0
    now = datetime.now(UTC).replace(tzinfo=None)
    for staff_id, provider_id, number, name, _latest in rows:
        key = (provider_id, number)
        if key not in kept:
            kept[key] = (staff_id, name)
            continue
        kept_id, kept_name = kept[key]
        connection.execute(
            sa.text("UPDATE staff_member SET left_on = :today WHERE id = :id"),
            {"today": today, "id": staff_id},
        )
        summary = (
            f"Marked {name} as left when upgrading the database: the certificate number "
            f"ending {number[-4:]} was also held by {kept_name} (staff #{kept_id}), who was "
            "written last and stays current. A duplicate, most likely from two imports run "
            "at the same moment; nothing was deleted."
        )
        changes = {
            "left_on": {"old": None, "new": today.isoformat()},
            "certificate_number": {"old": _masked(number), "new": _masked(number)},
        }
        connection.execute(
            audit.insert().values(
                at=now,
                user=_user(),
                action="update",
                entity="staff_member",
                entity_id=staff_id,
                summary=summary,
                changes=json.dumps(changes, sort_keys=True),
            )
        )
        marked += 1
    if marked:
        log.warning(
            "Upgrade: %d duplicate current staff (a certificate number held twice by one "
            "provider's staff) marked as left; see the audit trail.",
            marked,
        )
    return marked


TABLES = {
    "trg_dbs_check_inserted": "dbs_check",
    "trg_dbs_check_updated": "dbs_check",
    "trg_dbs_check_deleted": "dbs_check",
    "trg_staff_contact_changed": "staff_member",
}


def _write_triggers(triggers: dict[str, str]) -> None:
    """Replace the DBS triggers, each in the database's form (data/dialect.py)."""
    name = op.get_bind().dialect.name
    for trigger, ddl in triggers.items():
        for statement in dialect.drop_trigger_ddl(name, trigger, TABLES[trigger]):
            op.execute(statement)
        for statement in dialect.trigger_ddl(
            name, ddl, skippable=trigger == "trg_dbs_check_inserted"
        ):
            op.execute(statement)


def upgrade() -> None:
    op.add_column("staff_member", sa.Column("current_certificate", sa.String(12), nullable=True))
    op.add_column("staff_member", sa.Column("purged_on", sa.Date(), nullable=True))
    _write_triggers(TRIGGERS)
    name = op.get_bind().dialect.name
    every = _recompute("staff_member.id").replace("WHERE staff_member.id = staff_member.id;", "")
    op.execute(dialect.sql_body(name, every))
    resolve_duplicates(op.get_bind(), date.today())
    op.create_index(
        "uq_staff_member_current_certificate",
        "staff_member",
        ["provider_id", "current_certificate"],
        unique=True,
        sqlite_where=sa.text(HOLDER),
        postgresql_where=sa.text(HOLDER),
    )


def downgrade() -> None:
    op.drop_index("uq_staff_member_current_certificate", table_name="staff_member")
    # The triggers as 0005 wrote them: without the certificate number.
    _write_triggers(
        {
            trigger: ddl.replace(
                "(dbs_standing, dbs_expiry, current_certificate)", "(dbs_standing, dbs_expiry)"
            ).replace(
                """,
            CASE WHEN coalesce(d.certificate_number, '') = '' THEN NULL
                 ELSE d.certificate_number END""",
                "",
            )
            for trigger, ddl in TRIGGERS.items()
        }
    )
    op.drop_column("staff_member", "purged_on")
    op.drop_column("staff_member", "current_certificate")
