"""Indexes on a contract's meetings (by date) and a meeting's agenda items.

Both foreign keys had none: listing a contract's meetings, opening a meeting, and the
dashboard's latest meeting and safeguarding discussion per contract scanned every row.

Revision ID: 0006_meeting_indexes
Revises: 0005_dbs_standing
"""

from __future__ import annotations

from alembic import op

revision = "0006_meeting_indexes"
down_revision = "0005_dbs_standing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_meeting_contract_starts", "meeting", ["contract_id", "starts_at", "status"]
    )
    op.create_index("ix_agenda_item_meeting", "agenda_item", ["meeting_id", "kind"])


def downgrade() -> None:
    op.drop_index("ix_agenda_item_meeting", table_name="agenda_item")
    op.drop_index("ix_meeting_contract_starts", table_name="meeting")
