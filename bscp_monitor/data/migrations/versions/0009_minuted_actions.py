"""Actions as approved minutes recorded them: ``minuted_action``.

Approving a meeting's minutes records which actions they hold (raised there or carried to
it) and copies each one's wording, owner and due date, so reopening, reassigning or
re-dating an action later leaves those minutes as they were.
``meeting.actions_minuted`` says a meeting's kept actions are its minutes' (an empty set
too). Minutes approved before this revision show their actions as worked out now.

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
        sa.Column("carried", sa.Boolean(), nullable=False),
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


    op.add_column(
        "meeting",
        sa.Column("actions_minuted", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    # Dropped in place (SQLite 3.35+): rebuilding the meeting table would set every metric
    # value's and action's meeting to NULL on the way (their foreign keys).
    op.drop_column("meeting", "actions_minuted")
    op.drop_table("minuted_action")
