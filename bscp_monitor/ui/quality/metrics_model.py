"""Table models of the Metrics page: a contract's metrics with their latest value and RAG,
and the history of one metric."""

from __future__ import annotations

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import MetricDirection, Rag
from bscp_monitor.meetings.metric_periods import FREQUENCY_LABELS, UNIT_LABELS, format_value
from bscp_monitor.meetings.metrics import EntryRecord, MetricRecord
from bscp_monitor.ui.kit.display import GREY, RAG_COLOURS, RAG_LABELS
from bscp_monitor.ui.kit.lazy_table import Column, LazyTableModel


def rag_text(rag: Rag | None, has_value: bool = True) -> str:
    """The RAG in words, so colour is never the only cue."""
    if not has_value:
        return "No value yet"
    return RAG_LABELS[rag] if rag is not None else "No RAG (no target)"


def rag_colours(rag: Rag | None) -> tuple[str, str] | None:
    return RAG_COLOURS[rag] if rag is not None else None


def target_text(m: MetricRecord) -> str:
    """'≥ 100%' or '≤ 5': the target and which way is better."""
    if m.target is None:
        return "—"
    sign = "≥" if m.direction is MetricDirection.HIGHER_IS_BETTER else "≤"
    return f"{sign} {format_value(m.target, m.unit)}"


def thresholds_text(m: MetricRecord) -> str:
    parts = []
    if m.amber_threshold is not None:
        parts.append(f"amber {format_value(m.amber_threshold, m.unit)}")
    if m.red_threshold is not None:
        parts.append(f"red {format_value(m.red_threshold, m.unit)}")
    better = "higher" if m.direction is MetricDirection.HIGHER_IS_BETTER else "lower"
    return f"{better.capitalize()} is better" + (f"; {', '.join(parts)}" if parts else "")


def _latest_rag(m: MetricRecord) -> str:
    return rag_text(m.latest_rag, m.latest_value is not None)


def _latest_colours(m: MetricRecord) -> tuple[str, str] | None:
    return rag_colours(m.latest_rag) if m.latest_value is not None else GREY


class MetricsModel(LazyTableModel):
    """One row per metric of the contract."""

    batch_size = None  # a contract has a handful

    columns = (
        Column("Metric", lambda m: m.name, tooltip=lambda m: m.name),
        Column("Unit", lambda m: UNIT_LABELS[m.unit]),
        Column("Target", target_text, sort_key=lambda m: m.target, tooltip=thresholds_text),
        Column("Frequency", lambda m: FREQUENCY_LABELS[m.frequency]),
        Column(
            "Latest period",
            lambda m: m.label(m.latest_period) if m.latest_period else "—",
            sort_key=lambda m: m.latest_period,
        ),
        Column(
            "Latest value",
            lambda m: m.show(m.latest_value) or "—",
            sort_key=lambda m: m.latest_value,
            align_right=True,
        ),
        Column("RAG", _latest_rag, colours=_latest_colours),
        Column(
            "Computed",
            lambda m: "Yes — DBS register" if m.computed else "No",
            tooltip=lambda m: m.source.capitalize() if m.computed else "Typed in",
        ),
    )

    def row_of(self, metric_id: int) -> int:
        return next((r for r, m in enumerate(self.records()) if m.id == metric_id), -1)


class HistoryModel(LazyTableModel):
    """The values of one metric, newest period first."""

    batch_size = None

    def __init__(self, parent=None) -> None:
        super().__init__(parent=parent)
        self.metric: MetricRecord | None = None
        self.columns = (
            Column("Period", self._label, sort_key=lambda e: e.period_start),
            Column("Value", self._value, sort_key=lambda e: e.value, align_right=True),
            Column("RAG", lambda e: rag_text(e.rag), colours=lambda e: rag_colours(e.rag)),
            Column(
                "Recorded",
                lambda e: (
                    format_date(to_local(e.recorded_at).date())
                    + (" at a meeting" if e.meeting_id else "")
                ),
            ),
        )

    def set_history(self, metric: MetricRecord | None, history: list[EntryRecord]) -> None:
        self.metric = metric
        self.set_records(sorted(history, key=lambda e: e.period_start, reverse=True))

    def _label(self, e: EntryRecord) -> str:
        return self.metric.label(e.period_start) if self.metric else format_date(e.period_start)

    def _value(self, e: EntryRecord) -> str:
        return self.metric.show(e.value) if self.metric else f"{e.value:g}"
