"""A version on every record a team edits, and the hold on a meeting being recorded.

``version`` on contract, provider, action and agenda_item (1 for every existing record)
counts the record's saves: an edit made from a stale copy is refused rather than written
over a colleague's (common/versions.py). ``meeting_hold``: who is recording a meeting, since
when, and their last heartbeat (meetings/hold.py).

Revision ID: 0015_versions_and_holds
Revises: 0014_search_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_versions_and_holds"
down_revision = "0014_search_index"
branch_labels = None
depends_on = None

VERSIONED = ("contract", "provider", "action", "agenda_item")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(
            table, sa.Column("version", sa.Integer(), server_default="1", nullable=False)
        )
    op.create_table(
        "meeting_hold",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("token", sa.String(length=36), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_hold_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_hold")),
    )


def downgrade() -> None:
    op.drop_table("meeting_hold")
    for table in VERSIONED:  # in place (SQLite 3.35+): no table is rebuilt
        op.drop_column(table, "version")
