"""Actions as approved minutes recorded them: ``minuted_action``.

Approving a meeting's minutes copies each of its actions' wording, owner and due date, so
reassigning an action or moving its due date later leaves those minutes as they were.
Minutes approved before this revision show their actions as they stand now.

Revision ID: 0009_minuted_actions
Revises: 0008_minuted_metrics
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_minuted_actions"
down_revision = "0008_minuted_metrics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minuted_action",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("owner_organisation", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_minuted_action_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_minuted_action_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "action_id", name=op.f("pk_minuted_action")),
    )


def downgrade() -> None:
    op.drop_table("minuted_action")
