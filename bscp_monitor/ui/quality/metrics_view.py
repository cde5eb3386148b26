"""The Metrics page (S5): a contract's safeguarding metrics with their latest value and RAG,
and below, the selected metric's history and trend chart. Metrics are added from the
library or written by hand; values are typed per period, except computed metrics (DBS
compliance), which the app works out from its own register."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.common.wording import counted
from bscp_monitor.contracts import register as contracts
from bscp_monitor.meetings import metrics
from bscp_monitor.meetings.metric_periods import period_label, short_period_label
from bscp_monitor.meetings.metrics import MetricRecord
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.charts import ChartPoint, TrendChart
from bscp_monitor.ui.kit.display import ErrorLabel
from bscp_monitor.ui.kit.eliding_combo import ElidingComboBox
from bscp_monitor.ui.kit.page_heading import page_heading, page_layout
from bscp_monitor.ui.kit.role_gate import grey_for_role
from bscp_monitor.ui.quality.metric_dialog import LibraryDialog, MetricDialog, RecordValueDialog
from bscp_monitor.ui.quality.metrics_model import HistoryModel, MetricsModel, thresholds_text

METRIC_WIDTHS = (0, 86, 84, 84, 112, 96, 130, 150)  # the name takes what is left
HISTORY_WIDTHS = (120, 84, 130, 150)


def _table(model: object, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)  # type: ignore[arg-type]
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    return table


class MetricsView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.store = store
        self._today = today
        self.model = MetricsModel(parent=self)
        self.history_model = HistoryModel(parent=self)
        self._build()
        grey_for_role(self.store, self.library_button, self.new_button, self.edit_button,
                      self.delete_button, self.record_button, self.compute_button)  # fmt: skip
        self.refresh()

    @property
    def today(self) -> date:
        return self._today or date.today()

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        heading = page_heading("Metrics", self)
        self.contract_combo = ElidingComboBox(self, min_chars=24)
        self.contract_combo.setAccessibleName("Contract whose metrics are shown")
        self.contract_combo.currentIndexChanged.connect(lambda _i: self._load_metrics())
        contract_label = QLabel("&Contract", self)
        contract_label.setBuddy(self.contract_combo)
        self.library_button = QPushButton("Add from library…", self)
        self.library_button.clicked.connect(self.add_from_library)
        self.new_button = QPushButton("New metric…", self)
        self.new_button.clicked.connect(self.new_metric)
        self.edit_button = QPushButton("Change…", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the selected metric (only one with no values)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.record_button = QPushButton("Record value…", self)
        self.record_button.clicked.connect(self.record_selected)
        self.compute_button = QPushButton("Compute now", self)
        self.compute_button.setToolTip(
            "Work out this period's value from the DBS register of the contract's provider"
        )
        self.compute_button.clicked.connect(self.compute_selected)
        # The heading and the contract on one line, the buttons on the next: on one line they
        # made the page too wide for a 1280-pixel screen (a projector's).
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(contract_label)
        top.addWidget(self.contract_combo, 1)
        buttons = QHBoxLayout()
        for button in (self.library_button, self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.compute_button)
        buttons.addStretch(1)

        self.note = QLabel(self)
        self.note.setObjectName("noteLabel")
        self.note.setWordWrap(True)
        self.error = ErrorLabel(self)

        self.table = named(_table(self.model, self), "Metrics", "Enter records a value")
        header = self.table.horizontalHeader()
        for column, width in enumerate(METRIC_WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.table.activated.connect(lambda _i: self._activate())  # Enter or double-click

        self.history_heading = QLabel("History", self)
        self.history_heading.setObjectName("sectionHeading")
        self.history_heading.setWordWrap(True)
        self.history_heading.setMinimumWidth(120)
        self.history_table = named(_table(self.history_model, self), "History of the metric")
        for column, width in enumerate(HISTORY_WIDTHS):
            self.history_table.setColumnWidth(column, width)
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.chart = TrendChart(self)
        history_box = QWidget(self)
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.history_heading)
        history_layout.addWidget(self.history_table, 1)
        self.history_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.history_splitter.addWidget(history_box)
        self.history_splitter.addWidget(self.chart)
        self.history_splitter.setStretchFactor(1, 1)
        self.history_splitter.setSizes([500, 700])
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.history_splitter)
        self.splitter.setSizes([260, 360])
        self.splitter.setChildrenCollapsible(False)

        layout = page_layout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            contract_list = contracts.list_contracts(self.store)
        except DatabaseError as exc:  # the database went away: say so, keep what is shown
            QMessageBox.warning(self, "Cannot read the contracts", str(exc))
            return
        current = self.contract_combo.currentData()
        blocked = self.contract_combo.blockSignals(True)
        self.contract_combo.clear()
        for c in contract_list:
            self.contract_combo.addItem(f"{c.reference} — {c.title} ({c.provider_name})", c.id)
        index = self.contract_combo.findData(current) if current is not None else 0
        self.contract_combo.setCurrentIndex(max(index, 0))
        self.contract_combo.blockSignals(blocked)
        self._load_metrics()

    def contract_id(self) -> int | None:
        return self.contract_combo.currentData()

    def select_contract(self, contract_id: int) -> bool:
        index = self.contract_combo.findData(contract_id)
        if index < 0:
            return False
        self.contract_combo.setCurrentIndex(index)
        return True

    show_contract = select_contract  # the name other pages use to point at a contract

    def _load_metrics(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self._selected_id()
        contract_id = self.contract_id()
        self.error.clear_error()
        records = metrics.list_metrics(self.store, contract_id) if contract_id is not None else []
        self.model.set_records(records)
        has_contract = contract_id is not None
        self.library_button.setEnabled(has_contract)
        self.new_button.setEnabled(has_contract)
        if not has_contract:
            self.note.setText("There is no contract yet: add one on the Contracts page first.")
        elif not records:
            self.note.setText(
                "This contract has no metrics yet. Add safeguarding metrics from the library "
                "(standard S5 needs at least one), or write your own."
            )
        else:
            self.note.setText(f"{counted(len(records), 'metric')}. Select one to see its history.")
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and records:
            row = 0
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._selection_changed()

    def _selected_id(self) -> int | None:
        metric = self.selected_metric()
        return metric.id if metric else None

    def selected_metric(self) -> MetricRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def select_metric(self, metric_id: int) -> bool:
        row = self.model.row_of(metric_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def _selection_changed(self) -> None:
        metric = self.selected_metric()
        self.edit_button.setEnabled(metric is not None)
        # Only a metric with no values can go: its values are part of the record.
        self.delete_button.setEnabled(metric is not None and not metric.entry_count)
        self.record_button.setEnabled(metric is not None and not metric.computed)
        self.compute_button.setEnabled(metric is not None and metric.computed)
        self.compute_button.setVisible(any(m.computed for m in self.model.records()))
        if metric is not None and metric.computed:
            self.record_button.setToolTip(f"Not typed: this metric is {metric.source}")
        else:
            self.record_button.setToolTip("Record the value of a period for the selected metric")
        self._show_history(metric)

    def _show_history(self, metric: MetricRecord | None) -> None:
        if metric is None:
            self.history_heading.setText("History")
            self.history_model.set_history(None, [])
            self.chart.clear()
            return
        history = metrics.entries(self.store, metric.id)
        suffix = f" — {metric.source}" if metric.computed else ""
        self.history_heading.setText(f"History{suffix}")
        self.history_heading.setToolTip(thresholds_text(metric))
        self.history_model.set_history(metric, history)
        self.chart.set_data(
            [
                ChartPoint(short_period_label(metric.frequency, e.period_start), e.value, e.rag)
                for e in history
            ],
            metric.target,
            metric.unit,
            metric.name,
        )

    # -- actions -----------------------------------------------------------------------------

    def _activate(self) -> None:
        metric = self.selected_metric()
        if metric is None:
            return
        if metric.computed:
            self.compute_selected()
        else:
            self.record_selected()

    def add_from_library(self) -> None:
        contract_id = self.contract_id()
        if contract_id is None:
            return
        added = LibraryDialog.add(self, self.store, contract_id)
        if added:
            self._load_metrics(added[0].id)

    def new_metric(self) -> None:
        contract_id = self.contract_id()
        if contract_id is None:
            return
        record = MetricDialog.create(self, self.store, contract_id)
        if record is not None:
            self._load_metrics(record.id)

    def edit_selected(self) -> None:
        metric = self.selected_metric()
        if metric is None:
            return
        record = MetricDialog.edit(self, self.store, metric)
        if record is not None:
            self._load_metrics(record.id)

    def delete_selected(self) -> bool:
        metric = self.selected_metric()
        if metric is None or metric.entry_count:
            return False
        answer = QMessageBox.question(
            self, "Delete metric", f"Delete the metric '{metric.name}'? It has no values yet."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            metrics.delete_metric(self.store, metric.id)
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return False
        self._load_metrics()
        return True

    def record_selected(self) -> None:
        metric = self.selected_metric()
        if metric is None or metric.computed:
            return
        if RecordValueDialog.record(self, self.store, metric) is not None:
            self._load_metrics(metric.id)

    def compute_selected(self) -> bool:
        metric = self.selected_metric()
        if metric is None or not metric.computed:
            return False
        try:
            entry = metrics.compute(self.store, metric.id, self.today, today=self.today)
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return False
        self._load_metrics(metric.id)
        self.note.setText(
            f"{metric.name} for {period_label(metric.frequency, entry.period_start)}: "
            f"{metric.show(entry.value)}, {metric.source}."
        )
        return True
