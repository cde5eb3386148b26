"""S4 from a tally: how many current contact staff have each DBS standing, per provider.

Adds ``dbs_tally``, counted from the staff, and three triggers on ``staff_member`` that keep
it right; replaces ``ix_staff_member_dbs_summary`` (every current contact person, by
provider) with ``ix_staff_member_dbs_due`` (those with a dated check, by expiry date), so the
dashboard reads a few hundred tally rows and only the people whose check has expired or is
due for re-check. The trigger statements are copied here as they stand at this revision
(data/dbs_triggers.py holds the current ones; tests/data/test_migrations.py checks a new
database and an upgraded one match).

Revision ID: 0007_dbs_tally
Revises: 0006_meeting_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bscp_monitor.data import dialect

revision = "0007_dbs_tally"
down_revision = "0006_meeting_indexes"
branch_labels = None
depends_on = None

S4_STAFF = "left_on IS NULL AND contact_level IN ('direct', 'regular')"

TRIGGERS = {
    "trg_staff_tally_inserted": """
CREATE TRIGGER trg_staff_tally_inserted AFTER INSERT ON staff_member BEGIN
    INSERT INTO dbs_tally (provider_id, dbs_standing, people)
    SELECT NEW.provider_id, NEW.dbs_standing, 1 WHERE NEW.left_on IS NULL AND NEW.contact_level IN ('direct', 'regular')
    ON CONFLICT (provider_id, dbs_standing) DO UPDATE SET people = people + (1);
END
""",
    "trg_staff_tally_deleted": """
CREATE TRIGGER trg_staff_tally_deleted AFTER DELETE ON staff_member BEGIN
    INSERT INTO dbs_tally (provider_id, dbs_standing, people)
    SELECT OLD.provider_id, OLD.dbs_standing, -1 WHERE OLD.left_on IS NULL AND OLD.contact_level IN ('direct', 'regular')
    ON CONFLICT (provider_id, dbs_standing) DO UPDATE SET people = people + (-1);
END
""",
    "trg_staff_tally_updated": """
CREATE TRIGGER trg_staff_tally_updated AFTER UPDATE OF provider_id, left_on, contact_level, dbs_standing ON staff_member BEGIN
    INSERT INTO dbs_tally (provider_id, dbs_standing, people)
    SELECT OLD.provider_id, OLD.dbs_standing, -1 WHERE OLD.left_on IS NULL AND OLD.contact_level IN ('direct', 'regular')
    ON CONFLICT (provider_id, dbs_standing) DO UPDATE SET people = people + (-1);
    INSERT INTO dbs_tally (provider_id, dbs_standing, people)
    SELECT NEW.provider_id, NEW.dbs_standing, 1 WHERE NEW.left_on IS NULL AND NEW.contact_level IN ('direct', 'regular')
    ON CONFLICT (provider_id, dbs_standing) DO UPDATE SET people = people + (1);
END
""",
}


def upgrade() -> None:
    op.create_table(
        "dbs_tally",
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("dbs_standing", sa.String(length=7), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider.id"],
            name=op.f("fk_dbs_tally_provider_id_provider"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("provider_id", "dbs_standing", name=op.f("pk_dbs_tally")),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO dbs_tally (provider_id, dbs_standing, people) "
        f"SELECT provider_id, dbs_standing, count(*) FROM staff_member WHERE {S4_STAFF} "
        "GROUP BY provider_id, dbs_standing"
    )
    for ddl in TRIGGERS.values():  # each database's form of a trigger: data/dialect.py
        for statement in dialect.trigger_ddl(op.get_bind().dialect.name, ddl):
            op.execute(statement)
    op.drop_index("ix_staff_member_dbs_summary", table_name="staff_member")
    op.create_index(
        "ix_staff_member_dbs_due",
        "staff_member",
        ["dbs_expiry", "provider_id"],
        sqlite_where=sa.text(f"{S4_STAFF} AND dbs_standing = 'dated'"),
        postgresql_where=sa.text(f"{S4_STAFF} AND dbs_standing = 'dated'"),
    )


def downgrade() -> None:
    op.drop_index("ix_staff_member_dbs_due", table_name="staff_member")
    op.create_index(
        "ix_staff_member_dbs_summary",
        "staff_member",
        ["provider_id", "dbs_standing", "dbs_expiry"],
        sqlite_where=sa.text(S4_STAFF),
        postgresql_where=sa.text(S4_STAFF),
    )
    for name in TRIGGERS:
        for statement in dialect.drop_trigger_ddl(op.get_bind().dialect.name, name, "staff_member"):
            op.execute(statement)
    op.drop_table("dbs_tally")
