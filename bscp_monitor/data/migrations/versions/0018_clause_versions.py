"""A version on each safeguarding clause check (S2), 1 for every existing one.

The checklist in a contract window saves each field as it is changed; two colleagues with
the same contract open would otherwise write over each other's evidence notes. The edit
function counts the version up and refuses a save from a stale copy (common/versions.py).

Revision ID: 0018_clause_versions
Revises: 0017_more_versions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_clause_versions"
down_revision = "0017_more_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "clause_check", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("clause_check", "version")  # in place (SQLite 3.35+)
