"""Each staff member's DBS standing kept beside them by triggers (S4 in one index scan).

Adds ``staff_member.dbs_standing`` and ``staff_member.dbs_expiry``, the index
``ix_staff_member_dbs_summary`` and four triggers that keep the two columns right from the
person's latest DBS check; then works out every existing person's standing. The trigger
statements are copied here as they stand at this revision (data/dbs_triggers.py holds the
current ones; tests/data/test_migrations.py checks a new database and an upgraded one match).

Revision ID: 0005_dbs_standing
Revises: 0004_fast_enum_checks
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bscp_monitor.data import dialect

revision = "0005_dbs_standing"
down_revision = "0004_fast_enum_checks"
branch_labels = None
depends_on = None

def _standing(check: str) -> str:
    """The (standing, expiry) of the check row ``check`` for the staff_member row in scope."""
    return f"""
            CASE
              WHEN {check}.id IS NULL OR coalesce({check}.certificate_number, '') = ''
                THEN 'missing'
              WHEN staff_member.contact_level IN ('direct', 'regular')
                   AND ({check}.level NOT IN ('enhanced', 'enhanced_barred')
                        OR {check}.barred_list IN ('none', 'adults')) THEN 'invalid'
              WHEN {check}.expiry_date IS NULL THEN 'invalid'
              ELSE 'dated'
            END,
            CASE WHEN coalesce({check}.certificate_number, '') = '' THEN NULL
                 ELSE {check}.expiry_date END"""


#: The standing of the staff member whose id is {who}, worked out from their latest check.
_RECOMPUTE = (
    """
    UPDATE staff_member SET (dbs_standing, dbs_expiry) = (
        SELECT"""
    + _standing("d")
    + """
        FROM (SELECT 1) LEFT JOIN dbs_check AS d ON d.id = (
            SELECT max(latest.id) FROM dbs_check AS latest
            WHERE latest.staff_member_id = staff_member.id
        )
    )
    WHERE staff_member.id = {who};"""
)

TRIGGERS = {
    "trg_dbs_check_inserted": (
        "CREATE TRIGGER trg_dbs_check_inserted AFTER INSERT ON dbs_check BEGIN"
        + _RECOMPUTE.format(who="NEW.staff_member_id")
        + "\nEND"
    ),
    "trg_dbs_check_updated": (
        "CREATE TRIGGER trg_dbs_check_updated AFTER UPDATE ON dbs_check BEGIN"
        + _RECOMPUTE.format(who="NEW.staff_member_id")
        + _RECOMPUTE.format(who="OLD.staff_member_id")
        + "\nEND"
    ),
    "trg_dbs_check_deleted": (
        "CREATE TRIGGER trg_dbs_check_deleted AFTER DELETE ON dbs_check BEGIN"
        + _RECOMPUTE.format(who="OLD.staff_member_id")
        + "\nEND"
    ),
    "trg_staff_contact_changed": (
        "CREATE TRIGGER trg_staff_contact_changed AFTER UPDATE OF contact_level "
        "ON staff_member BEGIN" + _RECOMPUTE.format(who="NEW.id") + "\nEND"
    ),
}

RECOMPUTE_ALL = _RECOMPUTE.format(who="staff_member.id").replace(
    "WHERE staff_member.id = staff_member.id;", ""
)


def upgrade() -> None:
    op.add_column(
        "staff_member",
        sa.Column(
            "dbs_standing", sa.String(length=7), server_default="missing", nullable=False
        ),
    )
    op.add_column("staff_member", sa.Column("dbs_expiry", sa.Date(), nullable=True))
    op.create_index(
        "ix_staff_member_dbs_summary",
        "staff_member",
        ["provider_id", "dbs_standing", "dbs_expiry"],
        sqlite_where=sa.text("left_on IS NULL AND contact_level IN ('direct', 'regular')"),
        postgresql_where=sa.text("left_on IS NULL AND contact_level IN ('direct', 'regular')"),
    )
    name = op.get_bind().dialect.name  # each database's form of a trigger: data/dialect.py
    for trigger, ddl in TRIGGERS.items():
        skippable = trigger == "trg_dbs_check_inserted"
        for statement in dialect.trigger_ddl(name, ddl, skippable=skippable):
            op.execute(statement)
    op.execute(dialect.sql_body(name, RECOMPUTE_ALL))


def downgrade() -> None:
    for name, ddl in TRIGGERS.items():
        table = "staff_member" if " ON staff_member " in ddl else "dbs_check"
        for statement in dialect.drop_trigger_ddl(op.get_bind().dialect.name, name, table):
            op.execute(statement)
    op.drop_index("ix_staff_member_dbs_summary", table_name="staff_member")
    with op.batch_alter_table("staff_member") as batch:
        batch.drop_column("dbs_expiry")
        batch.drop_column("dbs_standing")
