"""The Thematic checks page (S6): the schedule by risk above, the checks below."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common import settings
from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import ContractRecord
from bscp_monitor.meetings import thematic_checks
from bscp_monitor.meetings.thematic_checks import THEMES, ScheduleState, ThematicCheckRecord
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.display import ErrorLabel
from bscp_monitor.ui.kit.eliding_combo import ElidingComboBox
from bscp_monitor.ui.kit.page_heading import page_heading, page_layout
from bscp_monitor.ui.kit.role_gate import grey_for_role
from bscp_monitor.ui.quality.thematic_dialog import (
    FollowUpActionDialog,
    OutcomeDialog,
    PlanCheckDialog,
)
from bscp_monitor.ui.quality.thematic_model import (
    CheckCol,
    ChecksModel,
    ChecksProxy,
    ScheduleCol,
    ScheduleModel,
)

RISKS = (("high", "High risk"), ("medium", "Medium risk"), ("low", "Low risk"))
ALL = "All"


def _table(parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionHeading")
    return label


class ThematicView(QWidget):
    """Thematic quality assurance checks and when each live contract is next due one."""

    changed = Signal()  # checks or actions were added or changed

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._contracts: list[ContractRecord] = []
        layout = page_layout(self)
        layout.addWidget(page_heading("Thematic checks", self))
        intro = QLabel(
            "Standard S6: a thematic quality assurance check of each contract as often as its "
            "risk requires. Follow-up actions join the contract's action log.",
            self,
        )
        intro.setObjectName("noteLabel")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        splitter.addWidget(self._build_schedule())
        splitter.addWidget(self._build_checks())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.splitter = splitter
        self.refresh()
        self._size_columns()

    # -- construction ------------------------------------------------------------------------

    def _build_schedule(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 4)
        bar = QHBoxLayout()
        bar.addWidget(_heading("Schedule by risk", box))
        bar.addStretch(1)
        self.interval_spins: dict[str, QSpinBox] = {}
        for risk, label in RISKS:
            spin = QSpinBox(box)
            spin.setRange(1, 60)
            spin.setSuffix(" months")
            spin.setPrefix("every ")
            spin.setKeyboardTracking(False)
            spin.setAccessibleName(f"Months between checks, {label.lower()}")
            spin.setObjectName(f"interval_{risk}")
            bar.addWidget(QLabel(label + ":", box))
            bar.addWidget(spin)
            self.interval_spins[risk] = spin
        layout.addLayout(bar)
        self.schedule_summary = QLabel(box)
        self.schedule_summary.setObjectName("noteLabel")
        layout.addWidget(self.schedule_summary)

        self.schedule_model = ScheduleModel(parent=self)
        self.schedule_table = named(
            _table(box), "Thematic check schedule", "Enter shows the contract's checks below"
        )
        self.schedule_table.setModel(self.schedule_model)
        self.schedule_table.sortByColumn(ScheduleCol.STATE, Qt.SortOrder.AscendingOrder)
        self.schedule_table.setToolTip("Double-click a contract to show its checks below.")
        layout.addWidget(self.schedule_table, 1)
        self.schedule_table.activated.connect(self._schedule_activated)  # Enter, double-click
        for risk, spin in self.interval_spins.items():
            spin.valueChanged.connect(lambda value, r=risk: self.set_interval(r, value))
        return box

    def _build_checks(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(_heading("Checks", box))
        bar.addSpacing(12)
        contract_label = QLabel("Contract:", box)
        bar.addWidget(contract_label)
        self.contract_filter = ElidingComboBox(box, min_chars=16)
        self.contract_filter.setAccessibleName("Show the checks of contract")
        bar.addWidget(self.contract_filter, 1)
        contract_label.setBuddy(self.contract_filter)  # the label a screen reader reads
        theme_label = QLabel("Theme:", box)
        bar.addWidget(theme_label)
        self.theme_filter = QComboBox(box)
        self.theme_filter.setAccessibleName("Show the checks of theme")
        self.theme_filter.setMinimumContentsLength(14)
        bar.addWidget(self.theme_filter)
        theme_label.setBuddy(self.theme_filter)
        # The buttons on a line of their own: beside the filters they made the page too
        # wide for a 1280-pixel screen.
        buttons = QHBoxLayout()
        self.plan_button = QPushButton("Plan check…", box)
        self.edit_button = QPushButton("Edit…", box)
        self.outcome_button = QPushButton("Record outcome…", box)
        self.action_button = QPushButton("Raise follow-up action…", box)
        self.evidence_button = QPushButton("Evidence…", box)
        self.evidence_button.setToolTip("Files attached to the check: reports, photos, matrices")
        for button in (self.plan_button, self.edit_button, self.outcome_button, self.action_button,
                       self.evidence_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(bar)
        layout.addLayout(buttons)

        self.checks_model = ChecksModel(parent=self)
        self.proxy = ChecksProxy(self)
        self.proxy.setSourceModel(self.checks_model)
        self.checks_table = named(_table(box), "Thematic checks")
        self.checks_table.setModel(self.proxy)
        self.checks_table.sortByColumn(CheckCol.PLANNED, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.checks_table, 1)
        self.empty_label = QLabel(box)
        self.empty_label.setObjectName("emptyStateText")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        self.count = QLabel(box)
        self.count.setObjectName("noteLabel")
        layout.addWidget(self.count)

        self.contract_filter.currentIndexChanged.connect(lambda _i: self._filter())
        self.theme_filter.currentIndexChanged.connect(lambda _i: self._filter())
        self.plan_button.clicked.connect(lambda: self.plan_check())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.outcome_button.clicked.connect(lambda: self.record_outcome())
        self.action_button.clicked.connect(lambda: self.raise_action())
        self.evidence_button.clicked.connect(lambda: self.show_evidence())
        grey_for_role(self._store, self.plan_button, self.edit_button, self.outcome_button,
                      self.action_button)  # fmt: skip
        self.checks_table.activated.connect(lambda _index: self.record_outcome())
        self.checks_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        return box

    def _size_columns(self) -> None:
        """Columns fit their contents within limits; the service and findings stretch."""
        sizes: tuple[tuple[QTableView, dict[int, int], int], ...] = (
            (self.schedule_table, {ScheduleCol.TITLE: 320}, ScheduleCol.TITLE),
            (self.checks_table, {CheckCol.SCOPE: 220, CheckCol.THEME: 180}, CheckCol.FINDINGS),
        )
        for table, limits, stretch in sizes:
            table.resizeColumnsToContents()
            header = table.horizontalHeader()
            for column in range(table.model().columnCount()):
                limit = limits.get(column, 150)
                header.resizeSection(column, min(max(header.sectionSize(column) + 12, 80), limit))
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the schedule, the intervals, the contracts and the checks."""
        selected = self.selected()
        intervals = settings.thematic_interval_months(self._store)
        for risk, spin in self.interval_spins.items():
            spin.blockSignals(True)
            spin.setValue(intervals[risk])
            spin.blockSignals(False)
        self._contracts = contracts.list_contracts(self._store)
        self._reload_schedule()
        self._fill_filters()
        self.checks_model.set_records(thematic_checks.list_checks(self._store))
        if selected is not None:
            self.select(selected.id)
        self._update_count()
        self._update_buttons()

    def _reload_schedule(self) -> None:
        rows = thematic_checks.schedule(self._store, date.today())
        self.schedule_model.set_records(rows)
        self.schedule_model.fetch_all()
        overdue = sum(r.state is ScheduleState.OVERDUE for r in rows)
        soon = sum(r.state is ScheduleState.DUE_SOON for r in rows)
        if not rows:
            self.schedule_summary.setText(
                "No live contracts: add a contract to see when its checks fall due."
            )
        else:
            noun = "contract" if len(rows) == 1 else "contracts"
            self.schedule_summary.setText(
                f"{len(rows)} live {noun}: {overdue} overdue, {soon} due within 30 days."
            )

    def _fill_filters(self) -> None:
        contract_id = self.contract_filter.currentData()
        theme = self.theme_filter.currentData()
        self.contract_filter.blockSignals(True)
        self.contract_filter.clear()
        self.contract_filter.addItem("All contracts", None)
        for contract in self._contracts:
            self.contract_filter.addItem(contract.reference, contract.id)
            self.contract_filter.setItemData(
                self.contract_filter.count() - 1, contract.title, Qt.ItemDataRole.ToolTipRole
            )
        self.contract_filter.setCurrentIndex(max(self.contract_filter.findData(contract_id), 0))
        self.contract_filter.blockSignals(False)
        themes = list(THEMES)
        known = {t.casefold() for t in themes}
        for record in thematic_checks.list_checks(self._store):
            if record.theme.casefold() not in known:
                known.add(record.theme.casefold())
                themes.append(record.theme)
        self.theme_filter.blockSignals(True)
        self.theme_filter.clear()
        self.theme_filter.addItem("All themes", "")
        for name in themes:
            self.theme_filter.addItem(name, name)
        self.theme_filter.setCurrentIndex(max(self.theme_filter.findData(theme or ""), 0))
        self.theme_filter.blockSignals(False)
        self.proxy.set_filter("contract_id", self.contract_filter.currentData())
        self.proxy.set_filter("theme", self.theme_filter.currentData())

    def _filter(self) -> None:
        self.proxy.set_filter("contract_id", self.contract_filter.currentData())
        self.proxy.set_filter("theme", self.theme_filter.currentData())
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        total = self.checks_model.total_count()
        shown = self.proxy.rowCount() if self.proxy.is_filtered() else total
        overdue = sum(r.overdue for r in self.checks_model.records())
        noun = "check" if total == 1 else "checks"
        text = f"{total} {noun}" if shown == total else f"Showing {shown} of {total} {noun}"
        if overdue:
            text += f"; {overdue} planned and overdue"
        self.count.setText(text)
        if total == 0:
            self.empty_label.setText(
                "No thematic checks yet. Choose Plan check… to plan one: pick the contract, "
                "a theme (domestic abuse, neglect, exploitation, the voice of the child, safer "
                "recruitment or your own) and a date."
                if self._contracts
                else "No contracts yet: add a contract on the Contracts page, then plan its "
                "thematic checks here."
            )
        elif shown == 0:
            self.empty_label.setText("No checks match the filters.")
        self.empty_label.setVisible(total == 0 or shown == 0)
        self.plan_button.setEnabled(bool(self._contracts))

    def set_interval(self, risk: str, months: int) -> bool:
        """Store the months between checks for a risk level and redo the schedule."""
        try:
            settings.set_thematic_interval(self._store, risk, months)
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return False
        self.error.clear_error()
        self._reload_schedule()
        self.changed.emit()
        return True

    def show_evidence(self) -> QWidget | None:
        """The selected check's evidence files, in their own window."""
        from bscp_monitor.ui.kit.attachments_panel import AttachmentsDialog

        record = self.selected()
        if record is None:
            return None
        dialog = AttachmentsDialog(self._store, "thematic_check", record.id,
                                   "Evidence of the thematic check", self)  # fmt: skip
        dialog.show()
        return dialog

    # -- selection ---------------------------------------------------------------------------

    def selected(self) -> ThematicCheckRecord | None:
        model = self.checks_table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows:
            return None
        return self.proxy.record_at(rows[0].row())

    def select(self, check_id: int) -> bool:
        row = self.proxy.row_where(lambda r: r.id == check_id)
        if row is None:
            return False
        self.checks_table.selectRow(row)
        self.checks_table.scrollTo(self.proxy.index(row, 0))
        return True

    def _update_buttons(self) -> None:
        record = self.selected()
        for button in (self.edit_button, self.outcome_button, self.action_button,
                       self.evidence_button):  # fmt: skip
            button.setEnabled(record is not None)

    def _schedule_activated(self, index: object) -> None:
        row = index.row()  # type: ignore[attr-defined]
        self.show_contract(self.schedule_model.record_at(row).contract_id)

    def show_contract(self, contract_id: int | None) -> None:
        """Filter the checks to one contract (None: all), of every theme, whatever theme was
        left chosen (a rating's cause must show all that makes it)."""
        self.theme_filter.setCurrentIndex(0)
        self.contract_filter.setCurrentIndex(max(self.contract_filter.findData(contract_id), 0))

    def _default_contract(self) -> int | None:
        current = self.contract_filter.currentData()
        if current is not None:
            return current
        rows = self.schedule_table.selectionModel().selectedRows()
        if rows:
            return self.schedule_model.record_at(rows[0].row()).contract_id
        return None

    # -- dialogs (each returns the dialog so tests can drive it without exec) --------------

    def plan_dialog(self) -> PlanCheckDialog:
        return PlanCheckDialog(self, self._store, self._contracts, self._default_contract())

    def edit_dialog(self, record: ThematicCheckRecord) -> PlanCheckDialog:
        return PlanCheckDialog(self, self._store, self._contracts, check=record)

    def plan_check(self) -> None:
        self._after(self.plan_dialog().ask())

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self._after(self.edit_dialog(record).ask())

    def record_outcome(self) -> None:
        record = self.selected()
        if record is not None:
            self._after(OutcomeDialog(self, self._store, record).ask())

    def raise_action(self) -> None:
        record = self.selected()
        if record is not None and FollowUpActionDialog(self, self._store, record).ask():
            self._after(record)

    def _after(self, result: object) -> None:
        if result is None:
            return
        check_id = getattr(result, "id", None)
        self.refresh()
        if isinstance(result, ThematicCheckRecord) and check_id is not None:
            self.select(check_id)
        self.changed.emit()
