"""The Contracts page: the register, searchable and sortable, with its everyday actions."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.enums import ContractStatus, RiskLevel
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import ContractRecord
from bscp_monitor.ui.contracts.contract_dialog import ContractDialog
from bscp_monitor.ui.contracts.contracts_model import (
    HEADERS,
    ContractCol,
    ContractsFilterProxy,
    ContractsTableModel,
)
from bscp_monitor.ui.kit.display import CONTRACT_STATUS_LABELS, RISK_LABELS
from bscp_monitor.ui.kit.register_page import EmptyRegisterPage, record_table, table_with_count

#: Widths that fit 1366 pixels across; the title takes what is left (full title as a tooltip).
COLUMN_WIDTHS = {
    ContractCol.REFERENCE: 122,
    ContractCol.PROVIDER: 136,
    ContractCol.STATUS: 122,
    ContractCol.RISK: 72,
    ContractCol.START: 94,
    ContractCol.END: 94,
    ContractCol.DEADLINE: 160,
    ContractCol.MANAGER: 142,
    ContractCol.VALUE: 104,
}
#: Columns that cannot be hidden from the header's menu.
ALWAYS_SHOWN = (ContractCol.REFERENCE, ContractCol.TITLE)


class ContractsView(QWidget):
    """The register. Emits ``contracts_changed`` after any change made from here."""

    contracts_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.model = ContractsTableModel(parent=self)
        self.proxy = ContractsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.refresh()

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        heading = QLabel("Contracts")
        heading.setObjectName("pageHeading")

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search reference, title, provider or manager")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(200)
        self.search_edit.setMaximumWidth(420)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.search_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search_shortcut.activated.connect(self.focus_search)

        self.status_combo = QComboBox()
        self.status_combo.addItem("All statuses", None)
        for status, label in CONTRACT_STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.risk_combo = QComboBox()
        self.risk_combo.addItem("All risks", None)
        for risk, label in RISK_LABELS.items():
            self.risk_combo.addItem(label, risk)
        self.risk_combo.currentIndexChanged.connect(self._risk_changed)
        self.archived_check = QCheckBox("Show archived")
        self.archived_check.toggled.connect(lambda _on: self.refresh())

        self.new_button = QPushButton("New contract…")
        self.new_button.clicked.connect(self.new_contract)
        self.edit_button = QPushButton("Edit details…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button = QPushButton("Archive")
        self.archive_button.clicked.connect(self.archive_or_restore_selected)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.archive_button)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.risk_combo)
        filters.addWidget(self.archived_check)
        filters.addStretch(1)

        # The title takes the room left by the others (its full text is in the tooltip).
        self.table = record_table(
            self.proxy,
            ContractCol.REFERENCE,
            Qt.SortOrder.AscendingOrder,
            COLUMN_WIDTHS.items(),
            stretch_column=ContractCol.TITLE,
        )
        header = self.table.horizontalHeader()
        # The start date matters least day to day; it is one right-click away on the header.
        # (A saved header layout, restored by the main window, overrides this.)
        self.table.setColumnHidden(ContractCol.START, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.activated.connect(lambda index: self.open_contract_at(index.row()))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        table_page, self.count_label = table_with_count(self.table)
        self.empty_page = EmptyRegisterPage(
            "No contracts yet",
            "The register is empty. Add the first contract: its reference, title and "
            "provider are enough to start; dates, value and risk can follow.",
            "New contract…",
            self.new_contract,
        )
        self.empty_text = self.empty_page.text_label
        self.empty_new_button = self.empty_page.button

        self.pages = QStackedWidget()
        self.pages.addWidget(table_page)
        self.pages.addWidget(self.empty_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.pages, 1)

    # -- loading -----------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        """Reload from the store, keeping the selected contract selected."""
        keep = select_id if select_id is not None else self.selected_id()
        try:
            records = contracts.list_contracts(
                self._store, include_archived=self.archived_check.isChecked()
            )
        except DatabaseError as exc:  # the database went away: say so, keep what is shown
            QMessageBox.warning(self, "Cannot read the register", str(exc))
            return
        self.model.set_records(records)
        empty = not records and not self.archived_check.isChecked()
        self.pages.setCurrentWidget(self.empty_page if empty else self.pages.widget(0))
        if keep is not None:
            self.select_contract(keep)
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        total = self.model.total_count()
        noun = "contract" if total == 1 else "contracts"
        if self.proxy.is_filtered():
            self.count_label.setText(f"Showing {shown} of {total} {noun}.")
        else:
            self.count_label.setText(f"{total} {noun}.")

    # -- selection ---------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        record = self.selected_record()
        return record.id if record is not None else None

    def selected_record(self) -> ContractRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.record_at(rows[0].row())

    def select_contract(self, contract_id: int) -> bool:
        row = self.proxy.row_of(contract_id)
        if row is None:
            return False
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _update_buttons(self, *_args: object) -> None:
        record = self.selected_record()
        self.edit_button.setEnabled(record is not None)
        self.archive_button.setEnabled(record is not None)
        self.archive_button.setText("Restore" if record and record.archived else "Archive")

    def _header_menu(self, position: QPoint) -> None:
        """Show or hide columns, e.g. to give the title more room on a small screen."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in ContractCol:
            if column in ALWAYS_SHOWN:
                continue
            action = menu.addAction(HEADERS[column])
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.popup(header.mapToGlobal(position))

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # -- filters -----------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self._update_count()

    def _status_changed(self, _index: int) -> None:
        data = self.status_combo.currentData()
        self.proxy.set_status(ContractStatus(data) if data else None)
        self._update_count()

    def _risk_changed(self, _index: int) -> None:
        data = self.risk_combo.currentData()
        self.proxy.set_risk(RiskLevel(data) if data else None)
        self._update_count()

    # -- actions -----------------------------------------------------------------------------

    def new_contract(self) -> ContractRecord | None:
        record = ContractDialog.create(self, self._store)
        if record is not None:
            self.contract_added(record)
        return record

    def contract_added(self, record: ContractRecord) -> None:
        """Show a newly created contract: clear filters that would hide it, select it."""
        self.refresh(select_id=record.id)
        if self.selected_id() != record.id:  # hidden by the search or a filter
            self.search_edit.clear()
            self.status_combo.setCurrentIndex(0)
            self.risk_combo.setCurrentIndex(0)
            self.select_contract(record.id)
        self.contracts_changed.emit()

    def edit_selected(self) -> None:
        contract_id = self.selected_id()
        if contract_id is None:
            return
        if ContractDialog.edit(self, self._store, contract_id) is not None:
            self.refresh(select_id=contract_id)
            self.contracts_changed.emit()

    def archive_or_restore_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        if not record.archived:
            answer = QMessageBox.question(
                self,
                "Archive contract",
                f"Archive {record.reference} {record.title}?\n\n"
                "It leaves the register but is never deleted: its history, meetings and "
                "records are kept, and it can be restored with Show archived.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            contracts.set_contract_archived(self._store, record.id, not record.archived)
        except UserError as exc:
            QMessageBox.warning(self, "Cannot change the contract", str(exc))
            return
        self.refresh(select_id=record.id)
        self.contracts_changed.emit()

    def open_contract_at(self, row: int) -> None:
        self.open_contract(self.proxy.record_at(row).id)

    def open_contract(self, contract_id: int) -> QWidget | None:
        """Open the contract's own window (one per contract)."""
        from bscp_monitor.ui.contracts.contract_window import ContractWindow

        self.select_contract(contract_id)
        window = ContractWindow.open_for(self, self._store, contract_id)
        with contextlib.suppress(RuntimeError, TypeError):  # connected once per window
            window.contract_changed.connect(
                self._contract_changed, Qt.ConnectionType.UniqueConnection
            )
        return window

    def _contract_changed(self, contract_id: int) -> None:
        self.refresh(select_id=contract_id)
        self.contracts_changed.emit()
