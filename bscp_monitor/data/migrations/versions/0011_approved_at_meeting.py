"""Which meeting approved a meeting's minutes: ``meeting.approved_at_meeting_id``.

Item 2 of a meeting's minutes records "The minutes of the meeting on dd/mm/yyyy were
agreed as a correct record" when they were approved at that meeting. Minutes approved
before this revision have no value (NULL): the minutes then go by the approval's date.

Revision ID: 0011_approved_at_meeting
Revises: 0010_email_and_invites
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_approved_at_meeting"
down_revision = "0010_email_and_invites"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain column (no foreign key): SQLite adds it in place, and the approving meeting
    # being deleted later leaves the approval as it was.
    op.add_column("meeting", sa.Column("approved_at_meeting_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("meeting", "approved_at_meeting_id")
