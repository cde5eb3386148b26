"""Dialogs of the Metrics page: define or change a metric, add metrics from the library, and
record the value of a period. Each offers a classmethod returning the result (None if
cancelled); errors show inline and keep the dialog open."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.enums import MetricDirection, MetricFrequency, MetricUnit
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.meetings import metrics
from bscp_monitor.meetings.metric_periods import (
    FREQUENCY_LABELS,
    UNIT_LABELS,
    editable_value,
    format_value,
    parse_value,
    period_label,
    previous_period,
    recent_periods,
)
from bscp_monitor.meetings.metric_rules import COMPUTED_SOURCES, NAME_LENGTH, LibraryMetric
from bscp_monitor.meetings.metrics import EntryRecord, MetricRecord
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.display import chip_style
from bscp_monitor.ui.kit.record_dialog import RecordDialog
from bscp_monitor.ui.quality.metrics_model import rag_colours, rag_text

DIRECTION_LABELS = {
    MetricDirection.HIGHER_IS_BETTER: "Higher is better",
    MetricDirection.LOWER_IS_BETTER: "Lower is better",
}
#: How far back the record dialog offers periods.
PERIODS_OFFERED = {MetricFrequency.MONTHLY: 24, MetricFrequency.QUARTERLY: 12}


def _combo(parent: QWidget, labels: dict) -> QComboBox:
    combo = QComboBox(parent)
    for value, label in labels.items():
        combo.addItem(label, value.value)  # the enum's string: Qt keeps it as it is
    return combo


def library_summary(entry: LibraryMetric) -> str:
    parts = [UNIT_LABELS[entry.unit], DIRECTION_LABELS[entry.direction].lower()]
    if entry.target is not None:
        parts.append(f"target {format_value(entry.target, entry.unit)}")
    for name, value in (("amber", entry.amber), ("red", entry.red)):
        if value is not None:
            parts.append(f"{name} {format_value(value, entry.unit)}")
    parts.append(FREQUENCY_LABELS[entry.frequency].lower())
    if entry.computed_key:
        parts.append(COMPUTED_SOURCES[entry.computed_key])
    return " · ".join(parts)


class MetricDialog(RecordDialog[MetricRecord]):
    """Every field of a metric; thresholds may be left blank."""

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        contract_id: int,
        metric: MetricRecord | None = None,
    ) -> None:
        super().__init__(
            parent,
            "Change metric" if metric else "New metric",
            "Save" if metric else "Add metric",
            min_width=500,
        )
        self._store = store
        self._contract_id = contract_id
        self._metric = metric
        form = self.form
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(NAME_LENGTH)
        self.name_edit.setPlaceholderText("e.g. Return home interviews within 72 hours")
        self.unit_combo = _combo(self, UNIT_LABELS)
        self.direction_combo = _combo(self, DIRECTION_LABELS)
        self.target_edit = QLineEdit(self)
        self.amber_edit = QLineEdit(self)
        self.red_edit = QLineEdit(self)
        for edit in (self.target_edit, self.amber_edit, self.red_edit):
            edit.setPlaceholderText("None")
        self.frequency_combo = _combo(self, FREQUENCY_LABELS)
        self.safeguarding_check = QCheckBox("A safeguarding metric (counts towards S5)", self)
        self.safeguarding_check.setChecked(True)
        form.addRow("Name", self.name_edit)
        form.addRow("Unit", self.unit_combo)
        form.addRow("Direction", self.direction_combo)
        form.addRow("Target", self.target_edit)
        form.addRow("Amber threshold", self.amber_edit)
        form.addRow("Red threshold", self.red_edit)
        form.addRow("Frequency", self.frequency_combo)
        form.addRow("", self.safeguarding_check)
        self.body.addLayout(form)
        self.hint = self.add_note("", "noteLabel")
        self.direction_combo.currentIndexChanged.connect(self._explain)
        if metric is not None:
            self._fill(metric)
        self._explain()

    def _fill(self, m: MetricRecord) -> None:
        self.name_edit.setText(m.name)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(m.unit.value))
        self.direction_combo.setCurrentIndex(self.direction_combo.findData(m.direction.value))
        self.frequency_combo.setCurrentIndex(self.frequency_combo.findData(m.frequency.value))
        for edit, value in (
            (self.target_edit, m.target),
            (self.amber_edit, m.amber_threshold),
            (self.red_edit, m.red_threshold),
        ):
            edit.setText(editable_value(value))
        self.safeguarding_check.setChecked(m.safeguarding)
        if m.entry_count:  # the store refuses these changes once values exist
            self.unit_combo.setEnabled(False)
            self.frequency_combo.setEnabled(False)
        if m.computed:  # the app computes it in its own unit
            self.unit_combo.setEnabled(False)
            self.unit_combo.setToolTip(f"Computed {m.source}: always a percentage.")

    def _explain(self, *_args: object) -> None:
        direction = MetricDirection(self.direction_combo.currentData())
        if direction is MetricDirection.HIGHER_IS_BETTER:
            text = "Below the red threshold is red, below amber is amber, otherwise green."
        else:
            text = "Above the red threshold is red, above amber is amber, otherwise green."
        self.hint.setText(
            text + " With no thresholds, meeting the target is green and missing it amber; "
            "with no target either, values have no RAG."
        )

    def _number(self, edit: QLineEdit, unit: MetricUnit, what: str) -> float | None:
        text = edit.text().strip()
        return None if not text else parse_value(text, unit, what)

    def save_record(self) -> MetricRecord:
        unit = MetricUnit(self.unit_combo.currentData())
        target = self._number(self.target_edit, unit, "The target")
        amber = self._number(self.amber_edit, unit, "The amber threshold")
        red = self._number(self.red_edit, unit, "The red threshold")
        values: dict[str, Any] = {
            "name": self.name_edit.text(),
            "unit": unit,
            "direction": MetricDirection(self.direction_combo.currentData()),
            "frequency": MetricFrequency(self.frequency_combo.currentData()),
            "safeguarding": self.safeguarding_check.isChecked(),
        }
        if self._metric is None:
            return metrics.define_metric(
                self._store, self._contract_id, target=target, amber=amber, red=red, **values
            )
        return metrics.update_metric(
            self._store,
            self._metric.id,
            expected_version=self._metric.version,
            target=target,
            amber_threshold=amber,
            red_threshold=red,
            **values,
        )

    @classmethod
    def create(cls, parent: QWidget | None, store: Store, contract_id: int) -> MetricRecord | None:  # type: ignore[override]  # not QWidget.create
        return cls(parent, store, contract_id).ask()

    @classmethod
    def edit(
        cls, parent: QWidget | None, store: Store, metric: MetricRecord
    ) -> MetricRecord | None:
        return cls(parent, store, metric.contract_id, metric).ask()


class LibraryDialog(RecordDialog[list[MetricRecord]]):
    """The library's metrics the contract does not have yet; tick one or more to add."""

    def __init__(self, parent: QWidget | None, store: Store, contract_id: int) -> None:
        super().__init__(parent, "Add metrics from the library", "Add", min_width=0)
        self.add_button = self.accept_button
        self._store = store
        self._contract_id = contract_id
        self.added: list[MetricRecord] = []
        self.setMinimumSize(620, 420)
        layout = self.body
        self.add_note(
            "Safeguarding metrics used across BSCP contracts. Choose one or more; their "
            "targets and thresholds can be changed afterwards."
        )
        self.list = named(
            QListWidget(self), "Metrics in the library", "Space ticks a metric to add it"
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        for entry in metrics.library_available(store, contract_id):
            item = QListWidgetItem(f"{entry.name}\n    {library_summary(entry)}")
            item.setData(Qt.ItemDataRole.UserRole, entry.name)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemDoubleClicked.connect(self._toggle)
        layout.addWidget(self.list, 1)
        self._nothing_to_add = self.list.count() == 0
        if self._nothing_to_add:
            none = QLabel("This contract already has every metric in the library.", self)
            none.setObjectName("noteLabel")
            layout.addWidget(none)
        self.add_button.setEnabled(not self._nothing_to_add)

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def names(self) -> list[str]:
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())]

    def choose(self, *names: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        items = [self.list.item(r) for r in range(self.list.count())]
        ticked = [i for i in items if i.checkState() == Qt.CheckState.Checked]
        return [i.data(Qt.ItemDataRole.UserRole) for i in ticked or self.list.selectedItems()]

    def save_record(self) -> list[MetricRecord]:
        chosen = self.chosen()
        if not chosen:
            raise UserError("Tick the metrics to add (or press Cancel).")
        for name in chosen:
            self.added.append(metrics.add_from_library(self._store, self._contract_id, name))
        return self.added

    @classmethod
    def add(cls, parent: QWidget | None, store: Store, contract_id: int) -> list[MetricRecord]:
        return cls(parent, store, contract_id).ask() or []


class RecordValueDialog(RecordDialog[EntryRecord]):
    """The period (the latest whole one by default) and its value, with its RAG as typed."""

    def __init__(
        self, parent: QWidget | None, store: Store, metric: MetricRecord, today: date | None = None
    ) -> None:
        super().__init__(parent, f"Record a value — {metric.name}", "Record", min_width=480)
        self._store = store
        self._metric = metric
        self._today = today or date.today()
        self._existing = {e.period_start: e for e in metrics.entries(store, metric.id)}
        self.add_note(f"<b>{escape(metric.name)}</b>")
        form = self.form
        self.period_combo = QComboBox(self)
        periods = recent_periods(metric.frequency, self._today, PERIODS_OFFERED[metric.frequency])
        self._periods = periods
        for start in periods:
            self.period_combo.addItem(period_label(metric.frequency, start))
        self.set_period(previous_period(metric.frequency, periods[0]))  # the last whole one
        self.value_edit = QLineEdit(self)
        self.value_edit.setPlaceholderText(UNIT_LABELS[metric.unit].lower())
        self.rag_label = QLabel(self)
        self.rag_label.setObjectName("ragPreview")
        self.rag_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        form.addRow("Period", self.period_combo)
        form.addRow("Value", self.value_edit)
        form.addRow("RAG", self.rag_label)
        self.body.addLayout(form)
        self.note = self.add_note("", "noteLabel")
        self._filled: str | None = None  # the value put in the box from a period's record
        self._typed = ""  # what the user typed into the box
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.value_edit.textChanged.connect(self._preview)
        self._period_changed()

    def period(self) -> date:
        return self._periods[self.period_combo.currentIndex()]

    def set_period(self, start: date) -> None:
        if start in self._periods:
            self.period_combo.setCurrentIndex(self._periods.index(start))

    def _period_changed(self, *_args: object) -> None:
        text = self.value_edit.text()
        if self._filled is None or text != self._filled:
            self._typed = text  # the user's own, kept while another period's value shows
        existing = self._existing.get(self.period())
        if existing is not None:
            self.note.setText(
                f"{self.period_combo.currentText()} already has the value "
                f"{self._metric.show(existing.value)}: recording replaces it."
            )
            self._filled = editable_value(existing.value)
            self.value_edit.setText(self._filled)
        else:
            self.note.setText("")
            # Another period's value shown here must not be recorded for this one; a value
            # the user typed stays, or comes back (they may be choosing the period for it).
            self.value_edit.setText(self._typed)
            self._filled = None
        self._preview()

    def _preview(self, *_args: object) -> None:
        try:
            value = parse_value(self.value_edit.text(), self._metric.unit)
        except (UserError, DatabaseError):
            self.rag_label.setText("—")
            self.rag_label.setStyleSheet("")
            return
        rag = self._metric.rag(value)
        self.rag_label.setText(rag_text(rag))
        colours = rag_colours(rag)
        self.rag_label.setStyleSheet(chip_style(colours) if colours else "")

    def save_record(self) -> EntryRecord:
        value = parse_value(self.value_edit.text(), self._metric.unit)
        return metrics.record_value(
            self._store, self._metric.id, self.period(), value, today=self._today
        )

    @classmethod
    def record(
        cls, parent: QWidget | None, store: Store, metric: MetricRecord
    ) -> EntryRecord | None:
        return cls(parent, store, metric).ask()
