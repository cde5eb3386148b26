"""A version on the other records edited from a copy shown in a dialog: thematic checks,
metric definitions and DBS staff records (1 for every existing record).

The edit functions count it up on each save and refuse an edit from a stale copy
(common/versions.py), as for contracts, providers, actions and agenda items (0015).

Revision ID: 0017_more_versions
Revises: 0016_merged_prompts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_more_versions"
down_revision = "0016_merged_prompts"
branch_labels = None
depends_on = None

VERSIONED = ("thematic_check", "metric_definition", "staff_member")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(
            table, sa.Column("version", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade() -> None:
    for table in VERSIONED:  # in place (SQLite 3.35+): no table is rebuilt
        op.drop_column(table, "version")
