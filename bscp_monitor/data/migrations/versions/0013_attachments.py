"""Evidence files: ``attachment`` (the file's bytes in the database, with its owner --
a meeting, agenda item, clause element, self-assessment or thematic check -- name, size,
type, who added it and when).

Revision ID: 0013_attachments
Revises: 0012_dbs_current_certificate
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_attachments"
down_revision = "0012_dbs_current_certificate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("risky", sa.Boolean(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    op.create_index("ix_attachment_owner", "attachment", ["owner_kind", "owner_id"])


def downgrade() -> None:
    op.drop_index("ix_attachment_owner", table_name="attachment")
    op.drop_table("attachment")
