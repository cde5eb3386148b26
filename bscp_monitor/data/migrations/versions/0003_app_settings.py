"""Settings kept in the database (the DBS re-check policy).

Revision ID: 0003_app_settings
Revises: 0002_meetings_dbs_quality
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_app_settings"
down_revision = "0002_meetings_dbs_quality"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_setting")),
    )


def downgrade() -> None:
    op.drop_table("app_setting")
