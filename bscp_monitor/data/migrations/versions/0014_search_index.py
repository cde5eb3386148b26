"""The full-text index of what was said: ``search_index`` (SQLite FTS5, Porter stemming,
contentless, no positions) and the triggers that keep it current, filled from the text
already written. PostgreSQL needs no table (its own full-text search reads the sources).
The statements are data/search_index.py's at this revision.

Revision ID: 0014_search_index
Revises: 0013_attachments
"""

from __future__ import annotations

from alembic import op

from bscp_monitor.data import search_index

revision = "0014_search_index"
down_revision = "0013_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.install(op.get_bind())


def downgrade() -> None:
    search_index.uninstall(op.get_bind())
