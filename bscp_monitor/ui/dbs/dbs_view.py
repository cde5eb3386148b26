"""The DBS register page: providers' staff and their DBS checks, with status in words and
colour, search and filters, imports, the audited reveal, edits and leavers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from bscp_monitor.common import settings
from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.dbs.register import STATUS_LABELS, StaffRecord
from bscp_monitor.dbs.rows import UPDATE_SERVICE_VALID_MONTHS
from bscp_monitor.ui.dbs.dbs_model import StaffCol, StaffFilterProxy, StaffTableModel, counts_line
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.register_page import EmptyRegisterPage, RegisterPage, table_with_count

#: Widths that fit 1366 pixels across; the name takes what is left.
COLUMN_WIDTHS = {
    StaffCol.PROVIDER: 128,
    StaffCol.ROLE: 108,
    StaffCol.CONTACT: 92,
    StaffCol.CERTIFICATE: 116,
    StaffCol.LEVEL: 82,
    StaffCol.BARRED: 92,
    StaffCol.ISSUE: 88,
    StaffCol.EXPIRY: 88,
    StaffCol.UPDATE_SERVICE: 70,
    StaffCol.STATUS: 170,
}
RECHECK_TIP = (
    "DBS certificates have no official expiry date: only the issue date is printed. When a "
    "provider's spreadsheet gives no expiry or renewal date, the re-check date is the issue "
    "date plus this many years — unless the person is on the DBS Update Service and had a "
    f"status check within the last {UPDATE_SERVICE_VALID_MONTHS} months. It applies to "
    "imports from now on."
)


class DbsView(RegisterPage):
    """Emits ``register_changed`` after an import or an edit made from here."""

    register_changed = Signal()

    read_error_title = "Cannot read the DBS register"
    model: StaffTableModel
    proxy: StaffFilterProxy

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.set_models(StaffTableModel(self), StaffFilterProxy(self))
        self._build()
        self._show_allowed()
        self.refresh()

    def _show_allowed(self) -> None:
        """On a team server, what this login's role may not do is greyed, saying why."""
        self.allowed: dbs_register.Allowed | None = None
        try:
            self.allowed = dbs_register.allowed_here(self._store)
        except DatabaseError:
            return
        role = self.allowed.role_name
        if not self.allowed.reveal:
            self.reveal_button.setToolTip(
                "Only a DBS officer can reveal a full certificate number on this server"
                + (f" (your login is a {role})." if role else ".")
            )
        if not self.allowed.write:
            why = "Your login may read the register but not change it" + (
                f" (it is a {role} on this server)." if role else "."
            )
            for button in (self.import_button, self.edit_button, self.left_button,
                           self.purge_button):  # fmt: skip
                button.setEnabled(False)
                button.setToolTip(why)

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.import_button = QPushButton("Import DBS spreadsheet…")
        self.import_button.clicked.connect(lambda: self.import_spreadsheet())
        self.reveal_button = QPushButton("Reveal number")
        self.reveal_button.setToolTip(
            "Show the full certificate number of the selected person. The audit trail "
            "records who looked, and when."
        )
        self.reveal_button.clicked.connect(self.reveal_selected)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.left_button = QPushButton("Mark as left…")
        self.left_button.clicked.connect(self.mark_selected_left)
        self.purge_button = QPushButton("Purge leavers…")
        self.purge_button.setToolTip(
            "Erase the certificate numbers and dates of birth of people who left more than "
            "the retention period ago (12 months unless changed); names, roles and dates "
            "are kept."
        )
        self.purge_button.clicked.connect(lambda: self.purge_leavers())
        top = self.heading_row(
            "DBS register",
            self.reveal_button,
            self.edit_button,
            self.left_button,
            self.purge_button,
            12,
            self.import_button,
        )
        self.make_search(
            "Search name, role, provider or last 4 digits", self._search_changed, 150, 360
        )
        self.provider_combo = named(QComboBox(), "Provider filter")
        self.provider_combo.setMinimumWidth(140)
        self.provider_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.provider_combo.currentIndexChanged.connect(self._provider_changed)
        # A contract's staff are its provider's contracted staff (S4 is per provider).
        self.contract_combo = named(QComboBox(), "Contract filter")
        self.contract_combo.setMinimumWidth(140)
        self.contract_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.contract_combo.setToolTip("Show the staff of the provider delivering this contract")
        self.contract_combo.currentIndexChanged.connect(self._contract_changed)
        self._contract_providers: dict[int, tuple[int, str]] = {}
        self.status_combo = named(QComboBox(), "Status filter")
        self.status_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status_combo.setMinimumWidth(130)
        self.status_combo.addItem("All statuses", None)
        self.status_combo.addItem("Needs attention", "attention")
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.left_check = QCheckBox("Show leavers")
        self.left_check.setToolTip("Show people who have left the provider too")
        self.left_check.toggled.connect(lambda _on: self.refresh())
        self.recheck_spin = QSpinBox()
        self.recheck_spin.setRange(1, 10)
        self.recheck_spin.setSuffix(" years")
        self.recheck_spin.setToolTip(RECHECK_TIP)
        self.recheck_spin.setValue(settings.dbs_recheck_years(self._store))
        self.recheck_spin.valueChanged.connect(self._recheck_changed)
        recheck_label = QLabel("Re-check after")
        recheck_label.setToolTip(RECHECK_TIP)
        recheck_label.setBuddy(self.recheck_spin)
        self.filter_bar = QWidget()
        filters = QHBoxLayout(self.filter_bar)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.contract_combo)
        filters.addWidget(self.provider_combo)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.left_check)
        filters.addStretch(1)
        filters.addWidget(recheck_label)
        filters.addWidget(self.recheck_spin)

        self.make_table(
            StaffCol.PROVIDER,
            Qt.SortOrder.AscendingOrder,
            COLUMN_WIDTHS.items(),
            stretch_column=StaffCol.NAME,
        )
        self.table.activated.connect(lambda _index: self.edit_selected())

        table_page, self.count_label = table_with_count(self.table)
        self.empty_page = EmptyRegisterPage(
            "No DBS records yet",
            "Import a provider's staff list — a Single Central Record-style spreadsheet "
            "(.xlsx, .xlsm, .xls, .ods or .csv) — to see whose DBS check is missing, expired "
            "or due for re-check. You can also drop the file on this window. You will see a "
            "preview of every row before anything is saved.",
            "Import DBS spreadsheet…",
            lambda: self.import_spreadsheet(),
        )
        self.empty_text = self.empty_page.text_label
        self.empty_import_button = self.empty_page.button

        self.pages = QStackedWidget()
        self.pages.addWidget(table_page)
        self.pages.addWidget(self.empty_page)
        self.lay_out(top, self.filter_bar, self.pages)

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> list[StaffRecord]:
        """The register (revealed numbers are masked again once shown)."""
        return dbs_register.list_staff(self._store, include_left=self.left_check.isChecked())

    def show_loaded(self, records: list[StaffRecord]) -> None:
        self.model.set_records(records)
        self._fill_providers(records)
        empty = not records and not self.left_check.isChecked()
        self.pages.setCurrentIndex(1 if empty else 0)  # the empty page, or the table
        self.filter_bar.setVisible(not empty)
        for button in (self.reveal_button, self.edit_button, self.left_button):
            button.setVisible(not empty)

    def _fill_providers(self, records: list[StaffRecord]) -> None:
        self._fill_contracts()
        current = self.provider_combo.currentData()
        providers = sorted(
            {(r.provider_id, r.provider_name) for r in records}, key=lambda p: p[1].casefold()
        )
        self.provider_combo.blockSignals(True)
        self.provider_combo.clear()
        self.provider_combo.addItem("All providers", None)
        for provider_id, name in providers:
            self.provider_combo.addItem(name, provider_id)
        chosen = self._contract_providers.get(self.contract_combo.currentData())
        if chosen is not None:  # the provider of the contract chosen, staff or none
            current = chosen[0]
            if self.provider_combo.findData(current) < 0:
                self.provider_combo.addItem(chosen[1], current)
        self.provider_combo.setCurrentIndex(max(self.provider_combo.findData(current), 0))
        self.provider_combo.blockSignals(False)
        self.proxy.set_filter("provider", self.provider_combo.currentData())

    def count_text(self) -> str:
        line = counts_line(self.proxy.visible_records())
        if self.proxy.is_filtered():
            line += f" (of {self.model.total_count()} listed)"
        return line

    # -- selection ---------------------------------------------------------------------------

    def selected_record(self) -> StaffRecord | None:
        return super().selected_record()

    def update_buttons(self) -> None:
        record = self.selected_record()
        allowed: dbs_register.Allowed | None = getattr(self, "allowed", None)
        write = allowed is None or allowed.write
        self.edit_button.setEnabled(write and record is not None)
        self.left_button.setEnabled(write and record is not None and record.left_on is None)
        self.reveal_button.setEnabled(
            (allowed is None or allowed.reveal)
            and record is not None
            and bool(record.certificate_number)
            and not self.model.is_revealed(record.id)
        )

    # -- filters -----------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self.update_count()

    def _provider_changed(self, _index: int) -> None:
        self.proxy.set_filter("provider", self.provider_combo.currentData())
        contract = self._contract_providers.get(self.contract_combo.currentData())
        if contract is not None and contract[0] != self.provider_combo.currentData():
            self.contract_combo.blockSignals(True)
            self.contract_combo.setCurrentIndex(0)
            self.contract_combo.blockSignals(False)
        self.update_count()

    def _fill_contracts(self) -> None:
        from bscp_monitor.contracts.register import list_contracts

        current = self.contract_combo.currentData()
        self.contract_combo.blockSignals(True)
        self.contract_combo.clear()
        self.contract_combo.addItem("All contracts", None)
        self._contract_providers = {}
        for c in list_contracts(self._store):
            self.contract_combo.addItem(f"{c.reference} — {c.provider_name}", c.id)
            self._contract_providers[c.id] = (c.provider_id, c.provider_name)
        self.contract_combo.setCurrentIndex(max(self.contract_combo.findData(current), 0))
        self.contract_combo.blockSignals(False)

    def _contract_changed(self, _index: int) -> None:
        contract = self._contract_providers.get(self.contract_combo.currentData())
        if contract is None:
            return
        provider_id, provider_name = contract
        index = self.provider_combo.findData(provider_id)
        if index < 0:  # the provider has no staff recorded yet
            self.provider_combo.addItem(provider_name, provider_id)
            index = self.provider_combo.count() - 1
        self.provider_combo.setCurrentIndex(index)

    def show_contract(self, contract_id: int) -> None:
        """The staff of the provider of a contract, every one still with it, whatever filter
        and search were left (a rating's cause must show all that makes it)."""
        self.search_edit.clear()
        self.status_combo.setCurrentIndex(0)
        self.left_check.setChecked(False)
        index = self.contract_combo.findData(contract_id)
        if index >= 0:
            self.contract_combo.setCurrentIndex(index)
            self._contract_changed(index)  # its provider again, if a refresh had let it go

    def _status_changed(self, _index: int) -> None:
        self.proxy.set_filter("status", self.status_combo.currentData())
        self.update_count()

    def _recheck_changed(self, years: int) -> None:
        try:
            settings.set_dbs_recheck_years(self._store, years)
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Re-check policy", str(exc))

    # -- actions -----------------------------------------------------------------------------

    def import_spreadsheet(self, path: Path | str | None = None) -> None:
        from bscp_monitor.ui.dbs.dbs_import_dialog import DbsImportDialog

        if DbsImportDialog.run(self, self._store, path) is not None:
            self.refresh()
            self.register_changed.emit()

    def purge_leavers(self) -> int | None:
        """The retention dialog; how many people were purged (None if cancelled)."""
        from bscp_monitor.ui.dbs.dbs_purge_dialog import PurgeLeaversDialog

        result = PurgeLeaversDialog(self._store, self).ask()
        if result is None:
            return None
        self.refresh()
        self.register_changed.emit()
        QMessageBox.information(self, "Purge leavers", result.summary())
        return result.purged

    def reveal_selected(self) -> str | None:
        record = self.selected_record()
        if record is None:
            return None
        try:
            number = dbs_register.reveal_certificate(self._store, record.id)
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Reveal number", str(exc))
            return None
        if number:
            self.model.show_number(record.id, number)
        self.update_buttons()
        return number

    def edit_selected(self) -> StaffRecord | None:
        from bscp_monitor.ui.dbs.dbs_staff_dialog import StaffEditDialog

        record = self.selected_record()
        if record is None:
            return None
        dialog = StaffEditDialog(self._store, record, self)
        if dialog.exec() and dialog.result_record is not None:
            self.refresh(select_id=record.id)
            self.register_changed.emit()
        return dialog.result_record

    def mark_selected_left(self) -> StaffRecord | None:
        from bscp_monitor.ui.dbs.dbs_staff_dialog import MarkLeftDialog

        record = self.selected_record()
        if record is None:
            return None
        dialog = MarkLeftDialog(self._store, record, self)
        if dialog.exec() and dialog.result_record is not None:
            self.refresh()
            self.register_changed.emit()
        return dialog.result_record
