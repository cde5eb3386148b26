"""Metric values keep, once their meeting's minutes are approved, the metric as it stood.

Adds ``metric_entry.minuted_name``, ``minuted_target``, ``minuted_direction``,
``minuted_amber`` and ``minuted_red``. Approving minutes copies the metric's name, target,
direction and thresholds onto the values recorded at that meeting, so changing the metric
later leaves the approved minutes (their target and RAG) as they were. Values already in
approved minutes get the metric as it stands now: the best record there is.

Revision ID: 0008_minuted_metrics
Revises: 0007_dbs_tally
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_minuted_metrics"
down_revision = "0007_dbs_tally"
branch_labels = None
depends_on = None

COLUMNS = ("minuted_name", "minuted_target", "minuted_direction", "minuted_amber", "minuted_red")


def upgrade() -> None:
    op.add_column("metric_entry", sa.Column("minuted_name", sa.String(length=200)))
    op.add_column("metric_entry", sa.Column("minuted_target", sa.Float()))
    op.add_column("metric_entry", sa.Column("minuted_direction", sa.String(length=24)))
    op.add_column("metric_entry", sa.Column("minuted_amber", sa.Float()))
    op.add_column("metric_entry", sa.Column("minuted_red", sa.Float()))
    op.execute(
        """
        UPDATE metric_entry SET
            (minuted_name, minuted_target, minuted_direction, minuted_amber, minuted_red) = (
                SELECT d.name, d.target, d.direction, d.amber_threshold, d.red_threshold
                FROM metric_definition AS d WHERE d.id = metric_entry.definition_id)
        WHERE meeting_id IN (SELECT id FROM meeting WHERE status = 'approved')
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("metric_entry") as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column)
