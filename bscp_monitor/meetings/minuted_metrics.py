"""Metric values recorded at a meeting, as its minutes show them.

Once a meeting's minutes are approved they never change: its values are already locked
(metrics refuses to change or move them), and ``freeze_for_minutes`` copies onto each the
metric as it stood -- name, target, direction, thresholds -- so the target and RAG in the
minutes stay as approved when the metric is changed later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from bscp_monitor.data.models import MetricDefinition, MetricEntry
from bscp_monitor.data.store import Store
from bscp_monitor.meetings.metrics import EntryRecord, MetricRecord, entry_record, metric_record


@dataclass(frozen=True)
class MeetingValue:
    """A metric value recorded at a meeting (for its minutes)."""

    metric: MetricRecord
    entry: EntryRecord

    @property
    def period_label(self) -> str:
        return self.metric.label(self.entry.period_start)


def freeze_for_minutes(session: Session, meeting_id: int) -> None:
    """Copy each metric, as it stands, onto the values recorded at the meeting (called as
    its minutes are approved, in the same transaction)."""
    rows = session.execute(
        select(MetricEntry, MetricDefinition)
        .join(MetricDefinition, MetricDefinition.id == MetricEntry.definition_id)
        .where(MetricEntry.meeting_id == meeting_id)
    ).all()
    for entry, definition in rows:
        entry.minuted_name = definition.name
        entry.minuted_target = definition.target
        entry.minuted_direction = definition.direction
        entry.minuted_amber = definition.amber_threshold
        entry.minuted_red = definition.red_threshold


def _as_minuted(entry: MetricEntry, definition: MetricDefinition) -> MeetingValue:
    metric = metric_record(definition, 0, None, None)
    if entry.minuted_name is not None and entry.minuted_direction is not None:
        metric = replace(
            metric,
            name=entry.minuted_name,
            target=entry.minuted_target,
            direction=entry.minuted_direction,
            amber_threshold=entry.minuted_amber,
            red_threshold=entry.minuted_red,
        )
    return MeetingValue(
        metric, replace(entry_record(entry, definition), rag=metric.rag(entry.value))
    )


def meeting_values(store: Store, meeting_id: int) -> list[MeetingValue]:
    """The values recorded (or computed) at a meeting, in the order of the metrics, each
    with the metric as the approved minutes have it (or as it stands, before approval)."""
    with store.session() as session:
        rows = session.execute(
            select(MetricEntry, MetricDefinition)
            .join(MetricDefinition, MetricDefinition.id == MetricEntry.definition_id)
            .where(MetricEntry.meeting_id == meeting_id)
            .order_by(MetricDefinition.id, MetricEntry.period_start)
        ).all()
        return [_as_minuted(entry, definition) for entry, definition in rows]
