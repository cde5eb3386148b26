"""The Dashboard, the app's first page: the register's counts, every live contract against
the BSCP standards S1-S6 (each rating in colour and in words, its reason as the tooltip)
and the alerts of the whole portfolio, soonest first. Opening a rating leads to its cause.

Only real data from the store: nothing here is invented or sampled.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
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
from bscp_monitor.common.enums import Rag
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.compliance.portfolio import (
    OVERALL,
    STANDARD_CODES,
    STANDARD_TITLES,
    PortfolioSummary,
    counts_text,
    portfolio_summary,
    start_portfolio_summary,
)
from bscp_monitor.compliance.rules import AlertKind
from bscp_monitor.contracts.register import DEADLINE_WARNING_MONTHS
from bscp_monitor.ui.dashboard.dashboard_model import (
    CONTRACT_ROLE,
    FIRST_STANDARD,
    HEADERS,
    PROVIDER,
    REFERENCE,
    STANDARD_ROLE,
    TITLE,
    AlertsModel,
    ComplianceModel,
)
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.cell_painter import CellPainter
from bscp_monitor.ui.kit.page_heading import page_heading, page_layout
from bscp_monitor.ui.kit.worker import GeneratorTask, run_with_progress

PDF_FILTER = "PDF (*.pdf)"
XLSX_FILTER = "Excel workbook (*.xlsx)"

FILTERS = (
    ("All contracts", None),
    ("Red overall", Rag.RED),
    ("Amber overall", Rag.AMBER),
    ("Green overall", Rag.GREEN),
)
#: Where opening each standard's rating leads.
CAUSES = {
    "S1": "the contract's self-assessments",
    "S2": "the contract's safeguarding clause",
    "S3": "the provider's BSCP updates and training",
    "S4": "the provider's staff in the DBS register",
    "S5": "the contract's monitoring meetings",
    "S6": "the thematic checks",
}


class CountCard(QFrame):
    """A number with its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countCard")
        self.number_label = QLabel("0", self)
        self.number_label.setObjectName("countNumber")
        self.caption_label = QLabel(caption, self)
        self.caption_label.setObjectName("countCaption")
        self.caption_label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 6)
        layout.setSpacing(10)
        layout.addWidget(self.number_label)
        layout.addWidget(self.caption_label, 1)

    def set_count(self, count: int) -> None:
        self.number_label.setText(str(count))


def _table(parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    return table


class DashboardView(QWidget):
    """Emits ``contract_requested(id)`` when a contract or an alert is opened, and
    ``cause_requested(id, standard)`` when a rating S1..S6 is opened."""

    contract_requested = Signal(int)
    cause_requested = Signal(int, str)
    report_written = Signal(object)  # the Path of a board report just written

    def __init__(
        self, store: Store, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._report_task: GeneratorTask | None = None
        # The database is read on a thread while the page is built and polished: SQLite
        # holds no lock on Python meanwhile (bench/dashboard.py).
        pending = start_portfolio_summary(store, today or date.today())
        try:
            self._build()
            self.ensurePolished()
        finally:
            summary = pending()  # the thread is always waited for
        self._show(summary)

    def _build(self) -> None:
        # Every widget is made with its final parent, from the top down: with the app's
        # style sheet, moving a finished subtree into place restyles all of it (about 6 ms
        # of this page's 9, bench/dashboard.py).
        layout = page_layout(self)
        top = QHBoxLayout()
        layout.addLayout(top)
        heading = page_heading("Dashboard", self)
        self.filter_combo = QComboBox(self)
        for text, _rag in FILTERS:
            self.filter_combo.addItem(text)
        self.filter_combo.setToolTip("Show only the contracts with this overall rating")
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)
        self.report_button = QPushButton("Board report…", self)
        self.report_button.setToolTip(
            "Write the portfolio report for the safeguarding partnership's board (PDF or XLSX)"
        )
        self.report_button.clicked.connect(lambda: self.export_report())
        top.addWidget(heading)
        top.addStretch(1)
        show_label = QLabel("&Show:", self)
        show_label.setBuddy(self.filter_combo)  # its label for a screen reader; Alt+S
        top.addWidget(show_label)
        top.addWidget(self.filter_combo)
        top.addWidget(self.report_button)

        cards = QHBoxLayout()
        cards.setSpacing(10)
        layout.addLayout(cards)
        self.live_card = CountCard("Live contracts (draft, active or extended)", self)
        self.providers_card = CountCard("Providers", self)
        self.red_card = CountCard("Contracts rated red overall", self)
        self.deadline_card = CountCard(
            f"Decision deadlines passed or within {DEADLINE_WARNING_MONTHS} months", self
        )
        for card in (self.live_card, self.providers_card, self.red_card, self.deadline_card):
            cards.addWidget(card, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        upper = QWidget(self.splitter)
        lower = QWidget(self.splitter)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.setSpacing(4)
        note = QLabel(
            "Each live contract against the BSCP standards. Point at a rating for its reason; "
            "double-click it (or press Enter) to go to its cause.",
            upper,
        )
        note.setObjectName("noteLabel")
        note.setWordWrap(True)
        upper_layout.addWidget(note)
        summary = QGridLayout()
        summary.setHorizontalSpacing(18)
        summary.setVerticalSpacing(2)
        upper_layout.addLayout(summary)
        self.summary_labels: dict[str, QLabel] = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for position, code in enumerate((*STANDARD_CODES, OVERALL)):
            # Plain text (a rich-text label lays out a whole document: bench/dashboard.py).
            tip = (
                f"{code} {STANDARD_TITLES[code]}"
                if code in STANDARD_TITLES
                else "Overall: the worst of the six standards"
            )
            code_label = QLabel(f"{code}:", upper)
            code_label.setAccessibleName(tip)
            code_label.setFont(bold)
            code_label.setToolTip(tip)
            label = QLabel(upper)
            label.setObjectName("ragSummary")
            label.setWordWrap(True)  # so a narrow window can still shrink
            label.setToolTip(tip)
            self.summary_labels[code] = label
            cell = QHBoxLayout()
            cell.setSpacing(4)
            cell.addWidget(code_label)
            cell.addWidget(label, 1)
            summary.addLayout(cell, position // 4, position % 4)
        self.empty_label = QLabel("There are no live contracts in the register yet.", upper)
        self.empty_label.setObjectName("noteLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        upper_layout.addWidget(self.empty_label, 1)  # the table's room, when it is hidden

        self.model = ComplianceModel(self)
        self.table = _table(upper)
        self.table.setObjectName("complianceTable")
        named(
            self.table,
            "Contracts against the standards S1 to S6",
            "Each rating in words and colour, its reason in the tooltip; Enter goes to its cause",
        )
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellPainter(self.model.cell, self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._compliance_activated)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(56)
        self.table.setColumnWidth(REFERENCE, 122)
        self.table.setColumnWidth(PROVIDER, 190)
        for column in range(FIRST_STANDARD, len(HEADERS)):
            self.table.setColumnWidth(column, 66)
        upper_layout.addWidget(self.table, 1)

        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.setSpacing(4)
        self.alerts_heading = QLabel("Alerts", lower)
        self.alerts_heading.setObjectName("sectionHeading")
        lower_layout.addWidget(self.alerts_heading)
        self.no_alerts_label = QLabel("Nothing is overdue or due soon.", lower)
        self.no_alerts_label.setObjectName("noteLabel")
        lower_layout.addWidget(self.no_alerts_label)
        self.alerts_model = AlertsModel(self)
        self.alerts = _table(lower)
        self.alerts.setObjectName("alertsTable")
        named(self.alerts, "Alerts", "What is overdue or due soon; Enter opens the contract")
        self.alerts.setModel(self.alerts_model)
        self.alerts.setItemDelegate(CellPainter(self.alerts_model.cell, self.alerts))
        self.alerts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alerts.activated.connect(self._alert_activated)
        alerts_header = self.alerts.horizontalHeader()
        alerts_header.setStretchLastSection(True)
        self.alerts.setColumnWidth(0, 92)
        self.alerts.setColumnWidth(1, 86)
        self.alerts.setColumnWidth(2, 122)
        lower_layout.addWidget(self.alerts, 1)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._show(portfolio_summary(self._store, self._today or date.today()))

    def refresh_in_place(self) -> bool:
        """Refresh because someone else changed the register, keeping the selected contract
        selected and the tables scrolled where they were; if the database cannot be read
        just now, what is shown stays (False)."""
        current = self.table.currentIndex()
        keep = self.model.result(current.row()).contract_id if current.isValid() else None
        bars = [self.table.verticalScrollBar(), self.alerts.verticalScrollBar()]
        tops = [bar.value() for bar in bars]
        try:
            summary = portfolio_summary(self._store, self._today or date.today())
        except DatabaseError:
            return False
        self._show(summary)
        if keep is not None:
            for row in range(self.model.rowCount()):
                if self.model.result(row).contract_id == keep:
                    self.table.setCurrentIndex(self.model.index(row, current.column()))
                    break
        for bar, top in zip(bars, tops, strict=True):
            bar.setValue(top)
        return True

    def _show(self, summary: PortfolioSummary) -> None:
        results, alerts, counts = summary.results, summary.alerts, summary.counts
        self.model.set_results(results)
        self.alerts_model.set_alerts(alerts)
        self.live_card.set_count(len(results))
        self.providers_card.set_count(summary.providers)
        self.red_card.set_count(counts[OVERALL][Rag.RED])
        self.deadline_card.set_count(
            sum(1 for a in alerts if a.alert.kind is AlertKind.DECISION_DEADLINE)
        )
        for code, label in self.summary_labels.items():
            label.setText(counts_text(counts[code]))
        self._show_table()
        self.alerts_heading.setText(f"Alerts ({len(alerts)})" if alerts else "Alerts")
        self.alerts.setVisible(bool(alerts))
        self.no_alerts_label.setVisible(not alerts)

    def alert_ids(self) -> list[int]:
        """The contract of each alert, in the order shown."""
        return [a.contract_id for a in self.alerts_model.alerts()]

    def shown_references(self) -> list[str]:
        return [self.model.index(row, REFERENCE).data() for row in range(self.model.rowCount())]

    def set_overall_filter(self, rag: Rag | None) -> None:
        self.filter_combo.setCurrentIndex([r for _t, r in FILTERS].index(rag))

    def _filter_changed(self, index: int) -> None:
        self.model.set_overall(FILTERS[max(index, 0)][1])
        self._show_table()

    def _show_table(self) -> None:
        """The table, or why it is empty: no live contract, or none of the rating chosen."""
        shown = self.model.rowCount() > 0
        self.table.setVisible(shown)
        self.empty_label.setVisible(not shown)
        if not self.model.results():
            self.empty_label.setText("There are no live contracts in the register yet.")
        elif not shown:
            wanted = self.filter_combo.currentText().lower()
            self.empty_label.setText(
                f"No live contract is {wanted.replace(' overall', '')} overall. Choose "
                '"All contracts" under Show to see them all.'
            )

    # -- opening -----------------------------------------------------------------------------

    def _compliance_activated(self, index: QModelIndex) -> None:
        contract_id = index.data(CONTRACT_ROLE)
        if not isinstance(contract_id, int):
            return
        standard = index.data(STANDARD_ROLE)
        if standard in CAUSES:
            self.cause_requested.emit(contract_id, standard)
        else:
            self.contract_requested.emit(contract_id)

    def _alert_activated(self, index: QModelIndex) -> None:
        contract_id = index.data(CONTRACT_ROLE)
        if isinstance(contract_id, int):
            self.contract_requested.emit(contract_id)

    def export_report(self, path: str | Path | None = None) -> GeneratorTask | None:
        """Ask where to save the board report (unless given) and write it off the UI thread,
        with progress and Cancel; ``report_written(path)`` follows when it is done."""
        if path is None:
            today = self._today or date.today()
            folder = self._store.path.parent if self._store.path is not None else Path.home()
            suggested = folder / f"BSCP portfolio report {today:%Y-%m-%d}.pdf"
            file_name, chosen = QFileDialog.getSaveFileName(
                self, "Board report", str(suggested), f"{PDF_FILTER};;{XLSX_FILTER}"
            )
            if not file_name:
                return None
            path = Path(file_name)
            if path.suffix.lower() not in (".pdf", ".xlsx"):  # "Report v1.2": the kind chosen
                path = path.with_name(path.name + (".xlsx" if chosen == XLSX_FILTER else ".pdf"))
        from bscp_monitor.reports.board_report import check_report_path, report_steps

        try:
            target = check_report_path(path)
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Board report", str(exc))
            return None
        task = run_with_progress(
            self,
            "Board report",
            lambda: report_steps(self._store, target, self._today),
            unit="steps",
        )
        task.finished.connect(lambda written: self.report_written.emit(written))
        task.failed.connect(lambda message: QMessageBox.warning(self, "Board report", message))
        self._report_task = task
        return task
