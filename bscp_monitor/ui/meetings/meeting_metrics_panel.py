"""The contract's metrics under a meeting's 'Performance and metrics' item: one value box per
metric for the period the meeting reviews (the last whole month or quarter before it),
stored as the meeting's record when Enter is pressed or the box is left. Computed metrics
(DBS compliance) have a Compute button instead of a box."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.meetings import metrics
from bscp_monitor.meetings.meetings import MeetingSummary
from bscp_monitor.meetings.metric_periods import editable_value, parse_value, reporting_period
from bscp_monitor.meetings.metrics import EntryRecord, MetricRecord
from bscp_monitor.meetings.minuted_metrics import MeetingValue, meeting_values
from bscp_monitor.ui.kit.display import AMBER, GREEN, ErrorLabel, chip_style
from bscp_monitor.ui.quality.metrics_model import rag_colours, rag_text, target_text

NOT_RECORDED = "Not yet recorded — press Enter or Record to minute it"


class MetricRow:
    """The widgets of one metric."""

    def __init__(self, metric: MetricRecord, period, entry: EntryRecord | None) -> None:
        self.metric = metric
        self.period = period
        self.entry = entry
        self.edit: QLineEdit | None = None
        self.compute_button: QPushButton | None = None
        self.rag_label = QLabel()
        self.minuted_label = QLabel()
        self.record_button: QPushButton | None = None
        self.value_label: QLabel | None = None

    def show_rag(self) -> None:
        value = self.entry.value if self.entry else None
        rag = self.metric.rag(value)
        self.rag_label.setText(rag_text(rag, value is not None))
        colours = rag_colours(rag)
        self.rag_label.setStyleSheet(chip_style(colours) if colours else "")

    def show_minuted(self, meeting_id: int, typed: str | None = None) -> None:
        """Whether the value shown is in this meeting's minutes, in words (never colour
        alone): nothing on screen looks minuted that is not."""
        entry = self.entry
        shown = editable_value(entry.value) if entry is not None else ""
        if typed is not None and typed.strip() != shown:
            text, colours = NOT_RECORDED, AMBER
        elif entry is None:
            text, colours = "Not reported", None
        elif entry.meeting_id == meeting_id:
            text, colours = "✓ Minuted", GREEN
        elif entry.meeting_id is None:
            text, colours = NOT_RECORDED, AMBER
        else:
            text, colours = "Reported at another meeting", None
        self.minuted_label.setText(text)
        self.minuted_label.setStyleSheet(chip_style(colours) if colours else "")
        self.minuted_label.setAccessibleName(f"{self.metric.name}: {text}")


class MeetingMetricsPanel(QWidget):
    changed = Signal()

    def __init__(
        self, store, meeting: MeetingSummary, locked: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._meeting = meeting
        self._locked = locked
        self.rows: list[MetricRow] = []
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        try:
            records = metrics.list_metrics(store, meeting.contract_id)
            recorded = meeting_values(store, meeting.id)
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            layout.addWidget(self.error)
            return
        if locked:  # approved: exactly what its minutes hold, as they hold it
            self._show_minuted(layout, recorded)
            return
        if not records:
            none = QLabel(
                "This contract has no metrics yet: add them on the Metrics page (standard S5 "
                "needs at least one safeguarding metric).",
                self,
            )
            none.setObjectName("noteLabel")
            none.setWordWrap(True)
            layout.addWidget(none)
            return
        day = to_local(meeting.starts_at).date()
        intro = QLabel(
            "Values for the last whole period before the meeting, stored as reported at this "
            "meeting (press Enter, Record or leave the box); the Minutes column says which are "
            "minuted. They appear in the minutes with their RAG.",
            self,
        )
        intro.setObjectName("noteLabel")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = self._grid(layout)
        # A value already recorded at this meeting is shown for its own period (the meeting
        # may have been moved since); else the box is for the period the meeting reviews,
        # with any value typed for it on the Metrics page, to confirm here.
        here = {v.metric.id: v.entry for v in recorded}
        for number, metric in enumerate(records, start=1):
            entry = here.get(metric.id)
            if entry is not None:
                row = MetricRow(metric, entry.period_start, entry)
            else:
                period = reporting_period(metric.frequency, day)
                existing = {e.period_start: e for e in metrics.entries(store, metric.id)}
                row = MetricRow(metric, period, existing.get(period))
            self._add_row(grid, number, row)
            self.rows.append(row)
        layout.addWidget(self.error)

    def _grid(self, layout: QVBoxLayout) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for column, text in enumerate(("Metric", "Period", "Target", "Value", "RAG", "Minutes")):
            head = QLabel(f"<b>{text}</b>", self)
            grid.addWidget(head, 0, column)
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)
        return grid

    def _show_minuted(self, layout: QVBoxLayout, recorded: list[MeetingValue]) -> None:
        """The values of approved minutes, each with the metric (target, thresholds, RAG) as
        it stood when they were approved; values recorded elsewhere since are not theirs."""
        note = QLabel(
            "The values reported at this meeting, as its approved minutes hold them."
            if recorded
            else "No metric value was reported at this meeting.",
            self,
        )
        note.setObjectName("noteLabel")
        note.setWordWrap(True)
        layout.addWidget(note)
        if not recorded:
            return
        grid = self._grid(layout)
        for number, value in enumerate(recorded, start=1):
            row = MetricRow(value.metric, value.entry.period_start, value.entry)
            self._add_row(grid, number, row)
            self.rows.append(row)

    def _add_row(self, grid: QGridLayout, number: int, row: MetricRow) -> None:
        m = row.metric
        name = QLabel(m.name, self)
        name.setWordWrap(True)
        grid.addWidget(name, number, 0)
        grid.addWidget(QLabel(m.label(row.period), self), number, 1)
        grid.addWidget(QLabel(target_text(m), self), number, 2)
        if m.computed:
            cell = QWidget(self)
            line = QGridLayout(cell)
            line.setContentsMargins(0, 0, 0, 0)
            row.value_label = QLabel(m.show(row.entry.value) if row.entry else "—", cell)
            row.compute_button = QPushButton("Compute", cell)
            row.compute_button.setAutoDefault(False)
            row.compute_button.setToolTip(m.source.capitalize())
            row.compute_button.setEnabled(not self._locked)
            row.compute_button.clicked.connect(lambda _c=False, r=row: self.compute(r))
            line.addWidget(row.value_label, 0, 0)
            line.addWidget(row.compute_button, 0, 1)
            grid.addWidget(cell, number, 3)
        else:
            row.edit = QLineEdit(self)
            row.edit.setObjectName(f"metricValue{m.id}")
            row.edit.setMaximumWidth(140)
            row.edit.setPlaceholderText("Not reported")
            row.edit.setAccessibleName(f"{m.name}, {m.label(row.period)}")
            row.edit.setText(editable_value(row.entry.value) if row.entry else "")
            row.edit.setReadOnly(self._locked)
            row.edit.editingFinished.connect(lambda r=row: self.save(r))
            row.edit.textEdited.connect(lambda text, r=row: r.show_minuted(self._meeting.id, text))
            cell = QWidget(self)
            line = QGridLayout(cell)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(row.edit, 0, 0)
            if not self._locked:
                row.record_button = QPushButton("Record", cell)
                row.record_button.setAutoDefault(False)
                row.record_button.setToolTip("Minute this value as reported at this meeting")
                row.record_button.setAccessibleName(f"Record {m.name}")
                row.record_button.clicked.connect(lambda _c=False, r=row: self.save(r))
                line.addWidget(row.record_button, 0, 1)
            grid.addWidget(cell, number, 3)
        row.rag_label.setParent(self)
        row.show_rag()
        grid.addWidget(row.rag_label, number, 4, Qt.AlignmentFlag.AlignLeft)
        row.minuted_label.setParent(self)
        row.minuted_label.setWordWrap(True)
        row.show_minuted(self._meeting.id)
        grid.addWidget(row.minuted_label, number, 5, Qt.AlignmentFlag.AlignLeft)

    def row_for(self, metric_id: int) -> MetricRow:
        return next(r for r in self.rows if r.metric.id == metric_id)

    def save(self, row: MetricRow) -> bool:
        """Store what the box of ``row`` holds (empty: nothing, unless this meeting had
        recorded a value, which is then removed)."""
        if self._locked or row.edit is None:
            return False
        text = row.edit.text().strip()
        try:
            if not text:
                if row.entry is not None and row.entry.meeting_id == self._meeting.id:
                    metrics.delete_value(self._store, row.metric.id, row.period)
                    row.entry = None
                    self._saved(row)
                return True
            value = parse_value(text, row.metric.unit, f"The value of '{row.metric.name}'")
            # Unchanged and already reported at a meeting: nothing to do. (A value typed on
            # the Metrics page and confirmed here is now reported here, so in the minutes.)
            unchanged = row.entry is not None and row.entry.value == value
            if unchanged and row.entry is not None and row.entry.meeting_id is not None:
                return True
            row.entry = metrics.record_value(
                self._store, row.metric.id, row.period, value, meeting_id=self._meeting.id
            )
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return False
        self._saved(row)
        return True

    def compute(self, row: MetricRow) -> bool:
        if self._locked:
            return False
        try:
            row.entry = metrics.compute(
                self._store, row.metric.id, row.period, meeting_id=self._meeting.id
            )
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return False
        if row.value_label is not None:
            row.value_label.setText(row.metric.show(row.entry.value))
        self._saved(row)
        return True

    def _saved(self, row: MetricRow) -> None:
        self.error.clear_error()
        row.show_rag()
        row.show_minuted(self._meeting.id)
        self.changed.emit()
