"""The safeguarding metrics of live contracts and their values, as the board report needs
them: one series per metric, oldest period first, each value rated red, amber or green by
the metrics' own rule (metric_rules.rag_for). One bulk query for every contract at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bscp_monitor.data.enums import MetricDirection, MetricFrequency, MetricUnit, Rag
from bscp_monitor.data.models import MetricDefinition, MetricEntry
from bscp_monitor.data.store import Store
from bscp_monitor.meetings.metric_periods import format_value, period_label, short_period_label
from bscp_monitor.meetings.metric_rules import rag_for


@dataclass(frozen=True)
class MetricPoint:
    period_start: date
    value: float
    rag: Rag | None


@dataclass(frozen=True)
class MetricSeries:
    metric_id: int
    contract_id: int
    name: str
    unit: MetricUnit
    target: float | None
    direction: MetricDirection
    frequency: MetricFrequency
    points: tuple[MetricPoint, ...]

    def format(self, value: float | None) -> str:
        return format_value(value, self.unit) or "—"

    def label(self, point: MetricPoint) -> str:
        """'March 2026' or 'Q1 2026', as the Metrics page names the period."""
        return period_label(self.frequency, point.period_start)

    def short_label(self, point: MetricPoint) -> str:
        """'Mar 26' or 'Q1 26', for a chart's axis."""
        return short_period_label(self.frequency, point.period_start)


def load_series(store: Store, contract_ids: Iterable[int]) -> dict[int, list[MetricSeries]]:
    """Per contract: its safeguarding metrics that have at least one value."""
    wanted = set(contract_ids)
    if not wanted:
        return {}
    with store.session() as session:
        definitions = session.execute(
            select(MetricDefinition)
            .where(
                MetricDefinition.contract_id.in_(wanted),
                MetricDefinition.safeguarding.is_(True),
            )
            .order_by(MetricDefinition.contract_id, MetricDefinition.name, MetricDefinition.id)
        ).scalars()
        defs = [
            (d.id, d.contract_id, d.name, d.unit, d.target, d.direction, d.frequency)
            + (d.amber_threshold, d.red_threshold)
            for d in definitions
        ]
        values: dict[int, list[tuple[date, float]]] = defaultdict(list)
        for definition_id, period, value in session.execute(
            select(MetricEntry.definition_id, MetricEntry.period_start, MetricEntry.value)
            .join(MetricDefinition, MetricDefinition.id == MetricEntry.definition_id)
            .where(MetricDefinition.contract_id.in_(wanted))
            .order_by(MetricEntry.period_start)
        ).all():
            values[definition_id].append((period, value))
    out: dict[int, list[MetricSeries]] = defaultdict(list)
    for metric_id, contract_id, name, unit, target, direction, frequency, amber, red in defs:
        if not values.get(metric_id):
            continue
        points = tuple(
            MetricPoint(period, value, rag_for(value, target, direction, amber, red))
            for period, value in values[metric_id]
        )
        out[contract_id].append(
            MetricSeries(metric_id, contract_id, name, unit, target, direction, frequency, points)
        )
    return dict(out)
