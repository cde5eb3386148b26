"""Attendees' e-mail addresses and meetings' calendar-invite sequence.

``attendee.email`` is the address minutes and invitations are drafted to (empty: none);
``meeting.invite_sequence`` is the SEQUENCE of the meeting's calendar invitation, raised
each time the meeting is moved or its venue changes, so calendars take the newer one.

Revision ID: 0010_email_and_invites
Revises: 0009_minuted_actions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_email_and_invites"
down_revision = "0009_minuted_actions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "attendee",
        sa.Column("email", sa.String(length=254), server_default="", nullable=False),
    )
    op.add_column(
        "meeting",
        sa.Column("invite_sequence", sa.Integer(), server_default="0", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("meeting", "invite_sequence")
    op.drop_column("attendee", "email")
