"""The Contracts page: the register, searchable and sortable, with its everyday actions."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
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
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.display import CONTRACT_STATUS_LABELS, RISK_LABELS
from bscp_monitor.ui.kit.register_page import EmptyRegisterPage, RegisterPage, table_with_count
from bscp_monitor.ui.kit.role_gate import grey_for_role

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


class ContractsView(RegisterPage):
    """The register. Emits ``contracts_changed`` after any change made from here."""

    contracts_changed = Signal()
    read_error_title = "Cannot read the register"
    model: ContractsTableModel
    proxy: ContractsFilterProxy

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.set_models(ContractsTableModel(parent=self), ContractsFilterProxy(self))
        self._build()
        grey_for_role(self._store, self.new_button, self.edit_button, self.archive_button,
                      self.empty_new_button)  # fmt: skip
        self.refresh()

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.make_search(
            "Search reference, title, provider or manager", self._search_changed, 200, 420
        )

        self.status_combo = named(QComboBox(), "Status filter")
        self.status_combo.addItem("All statuses", None)
        for status, label in CONTRACT_STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.risk_combo = named(QComboBox(), "Risk filter")
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

        top = self.heading_row("Contracts", self.new_button, self.edit_button, self.archive_button)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.risk_combo)
        filters.addWidget(self.archived_check)
        filters.addStretch(1)

        # The title takes the room left by the others (its full text is in the tooltip).
        self.make_table(
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

        self.lay_out(top, filters, self.pages)

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> list[ContractRecord]:
        return contracts.list_contracts(
            self._store, include_archived=self.archived_check.isChecked()
        )

    def show_loaded(self, loaded: list[ContractRecord]) -> None:
        self.model.set_records(loaded)
        empty = not loaded and not self.archived_check.isChecked()
        self.pages.setCurrentIndex(1 if empty else 0)  # the empty page, or the table

    def count_text(self) -> str:
        shown = self.proxy.rowCount()
        total = self.model.total_count()
        noun = "contract" if total == 1 else "contracts"
        if self.proxy.is_filtered():
            return f"Showing {shown} of {total} {noun}."
        return f"{total} {noun}."

    # -- selection ---------------------------------------------------------------------------

    def selected_record(self) -> ContractRecord | None:
        return super().selected_record()

    def update_buttons(self) -> None:
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

    # -- filters -----------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self.update_count()

    def _status_changed(self, _index: int) -> None:
        data = self.status_combo.currentData()
        self.proxy.set_status(ContractStatus(data) if data else None)
        self.update_count()

    def _risk_changed(self, _index: int) -> None:
        data = self.risk_combo.currentData()
        self.proxy.set_risk(RiskLevel(data) if data else None)
        self.update_count()

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
            self.select_record(record.id)
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
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Cannot change the contract", str(exc))
            return
        self.refresh(select_id=record.id)
        self.contracts_changed.emit()

    def open_contract_at(self, row: int) -> None:
        self.open_contract(self.proxy.record_at(row).id)

    def open_contract(self, contract_id: int) -> QWidget | None:
        """Open the contract's own window (one per contract)."""
        from bscp_monitor.ui.contracts.contract_window import ContractWindow

        self.select_record(contract_id)
        window = ContractWindow.open_for(self, self._store, contract_id)
        with contextlib.suppress(RuntimeError, TypeError):  # connected once per window
            window.contract_changed.connect(
                self._contract_changed, Qt.ConnectionType.UniqueConnection
            )
        return window

    def _contract_changed(self, contract_id: int) -> None:
        self.refresh(select_id=contract_id)
        self.contracts_changed.emit()
