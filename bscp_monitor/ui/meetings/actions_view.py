"""The Actions page: every contract's actions, filtered by contract, owner, status and overdue,
with overdue actions highlighted; update, correct and export them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import ContractRecord
from bscp_monitor.meetings import actions
from bscp_monitor.meetings.actions import STATUS_LABELS, ActionRecord
from bscp_monitor.reports.action_log import export_action_log
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.register_page import RegisterPage
from bscp_monitor.ui.kit.role_gate import grey_for_role
from bscp_monitor.ui.meetings.action_dialog import ActionEditDialog, ActionUpdateDialog
from bscp_monitor.ui.meetings.actions_model import (
    NOT_CLOSED,
    ActionCol,
    ActionsFilterProxy,
    ActionsTableModel,
)

#: Widths that fit 1366 pixels across; the action takes what is left (full text as a tooltip).
COLUMN_WIDTHS = {
    ActionCol.REF: 146,
    ActionCol.CONTRACT: 104,
    ActionCol.RAISED: 94,
    ActionCol.OWNER: 110,
    ActionCol.ORGANISATION: 110,
    ActionCol.DUE: 174,
    ActionCol.STATUS: 84,
    ActionCol.COMPLETED: 94,
    ActionCol.LATEST: 130,
}

XLSX_FILTER = "Excel workbook (*.xlsx)"
PDF_FILTER = "PDF document (*.pdf)"
DOCX_FILTER = "Word document (*.docx)"
_SUFFIXES = {XLSX_FILTER: ".xlsx", PDF_FILTER: ".pdf", DOCX_FILTER: ".docx"}
EMPTY_TEXT = (
    "No actions have been raised yet. Actions are raised from agenda items during a "
    "monitoring meeting."
)


class ActionsView(RegisterPage):
    """The action log across contracts. Emits ``actions_changed`` after a change made here."""

    actions_changed = Signal()
    read_error_title = "Cannot read the actions"
    model: ActionsTableModel
    proxy: ActionsFilterProxy

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.set_models(ActionsTableModel(parent=self), ActionsFilterProxy(self))
        self._build()
        grey_for_role(self.store, self.update_button, self.edit_button)
        self.refresh()

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.update_button = QPushButton("Update…")
        self.update_button.setToolTip("Record progress: a new status, a note, completion")
        self.update_button.clicked.connect(self.update_selected)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Correct the wording, owner, organisation or due date")
        self.edit_button.clicked.connect(self.edit_selected)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(
            "Save the actions shown as an Excel workbook, a PDF or a Word document"
        )
        self.export_button.clicked.connect(self.export)
        self.remind_button = QPushButton("Reminders…")
        self.remind_button.setToolTip(
            "One e-mail draft per owner listing their open and overdue actions (of the "
            "contract chosen below), saved in a folder for your mail program"
        )
        self.remind_button.clicked.connect(self.write_reminders)
        top = self.heading_row(
            "Actions", self.update_button, self.edit_button, self.export_button, self.remind_button
        )
        self.make_search(
            "Search ref, action, owner or organisation", self._filters_changed, 200, 360
        )
        self.contract_combo = named(QComboBox(), "Contract filter")
        self.contract_combo.setMinimumWidth(160)
        self.contract_combo.setMaximumWidth(320)
        self.contract_combo.setToolTip("Contract")
        self.contract_combo.currentIndexChanged.connect(self._filters_changed)
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText("Owner")
        named(self.owner_edit, "Owner filter")
        self.owner_edit.setClearButtonEnabled(True)
        self.owner_edit.setMaximumWidth(180)
        self.owner_edit.textChanged.connect(self._filters_changed)
        self.status_combo = named(QComboBox(), "Status filter")
        self.status_combo.setToolTip("Status")
        self.status_combo.addItem("All statuses", None)
        self.status_combo.addItem("Not closed", NOT_CLOSED)
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, status.value)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.overdue_check = QCheckBox("Overdue only")
        self.overdue_check.toggled.connect(self._filters_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.contract_combo, 1)
        filters.addWidget(self.owner_edit, 1)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.overdue_check)
        filters.addStretch(1)

        self.make_table(
            ActionCol.DUE,
            Qt.SortOrder.AscendingOrder,
            COLUMN_WIDTHS.items(),
            stretch_column=ActionCol.ACTION,
        )
        # The reference already names the contract (ECHS-CSE-0114/A001): the action's own
        # words get the room instead. The contract filter above still picks by contract.
        self.table.setColumnHidden(ActionCol.CONTRACT, True)
        self.table.activated.connect(lambda _index: self.update_selected())

        self.count_label = QLabel()
        self.count_label.setObjectName("noteLabel")
        self.message_label = QLabel()
        self.message_label.setObjectName("noteLabel")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.message_label)

        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.table, 1)
        table_layout.addLayout(footer)

        self.empty_page = QWidget()
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.setContentsMargins(0, 8, 0, 0)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("emptyStateText")
        self.empty_label.setWordWrap(True)
        self.empty_label.setMaximumWidth(640)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(table_page)
        self.pages.addWidget(self.empty_page)

        self.lay_out(top, self.pages)

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> tuple[list[ActionRecord], list[ContractRecord]]:
        return actions.list_actions(self.store), contracts.list_contracts(self.store)

    def show_loaded(self, loaded: tuple[list[ActionRecord], list[ContractRecord]]) -> None:
        """The actions, keeping the filters."""
        records, registered = loaded
        self._fill_contracts(registered, records)
        self.model.set_records(records, date.today())
        self._filters_changed()
        empty = not records
        self.pages.setCurrentIndex(1 if empty else 0)  # the empty page, or the table
        for button in (
            self.update_button,
            self.edit_button,
            self.export_button,
            self.remind_button,
        ):
            button.setVisible(not empty)

    def _fill_contracts(self, registered: list, records: list[ActionRecord]) -> None:
        """Every contract in the register, and any other (archived) one that has actions."""
        current = self.contract_combo.currentData()
        choices = {c.id: f"{c.reference} — {c.title}" for c in registered}
        for record in records:
            choices.setdefault(record.contract_id, record.contract_reference)
        self.contract_combo.blockSignals(True)
        self.contract_combo.clear()
        self.contract_combo.addItem("All contracts", None)
        for contract_id, text in sorted(choices.items(), key=lambda item: item[1].casefold()):
            self.contract_combo.addItem(text, contract_id)
        index = self.contract_combo.findData(current) if current is not None else 0
        self.contract_combo.setCurrentIndex(max(index, 0))
        self.contract_combo.blockSignals(False)

    def _filters_changed(self, *_args: object) -> None:
        self.proxy.set_search_text(self.search_edit.text())
        self.proxy.set_contract(self.contract_combo.currentData())
        self.proxy.set_owner(self.owner_edit.text())
        self.proxy.set_status(self.status_combo.currentData())
        self.proxy.set_overdue_only(self.overdue_check.isChecked())
        self.update_count()
        self.update_buttons()

    def count_text(self) -> str:
        shown = self.proxy.matching_records()
        total = self.model.total_count()
        overdue = sum(1 for record in shown if record.overdue(self.model.today))
        noun = "action" if total == 1 else "actions"
        return f"Showing {len(shown)} of {total} {noun} · {overdue} overdue"

    # -- selection ---------------------------------------------------------------------------

    def selected_record(self) -> ActionRecord | None:
        return super().selected_record()

    def update_buttons(self) -> None:
        chosen = self.selected_record() is not None
        self.update_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)

    # -- changes -----------------------------------------------------------------------------

    def update_selected(self) -> ActionRecord | None:
        record = self.selected_record()
        if record is None:
            return None
        return self._changed(ActionUpdateDialog.record(self, self.store, record.id))

    def edit_selected(self) -> ActionRecord | None:
        record = self.selected_record()
        if record is None:
            return None
        return self._changed(ActionEditDialog.edit(self, self.store, record.id))

    def _changed(self, record: ActionRecord | None) -> ActionRecord | None:
        if record is not None:
            self.show_record(record)
            self.actions_changed.emit()
        return record

    def show_record(self, record: ActionRecord) -> None:
        """Show a changed action in its row and keep it selected if the filters still show it."""
        if not self.model.replace_record(record):
            self.refresh(select_id=record.id)
            return
        self._filters_changed()
        self.select_record(record.id)

    # -- export ------------------------------------------------------------------------------

    def export_title(self) -> str:
        """Which actions an export holds, in words: the contract and the filters applied."""
        parts = [self.contract_combo.currentText() or "All contracts"]
        if self.status_combo.currentIndex() > 0:
            parts.append(f"status: {self.status_combo.currentText().lower()}")
        if self.overdue_check.isChecked():
            parts.append("overdue only")
        if self.owner_edit.text().strip():
            parts.append(f"owner: {self.owner_edit.text().strip()}")
        if self.search_edit.text().strip():
            parts.append(f"search: “{self.search_edit.text().strip()}”")
        return " · ".join(parts)

    def _default_path(self) -> Path:
        contract_id = self.contract_combo.currentData()
        stem = "Action log"
        if contract_id is not None:
            stem += f" {self.contract_combo.currentText().split(' — ')[0]}"
        stem = stem.replace("/", "-")
        return Path.home() / f"{stem} {date.today().isoformat()}.xlsx"

    def write_reminders(self) -> list[Path]:
        """Ask for a folder, write one reminder draft per owner there and open the folder."""
        from bscp_monitor.reports.minutes_email import write_action_reminders

        chosen = QFileDialog.getExistingDirectory(
            self, "Save action reminders in", str(Path.home())
        )
        if not chosen:
            return []
        try:
            drafts = write_action_reminders(
                self.store, Path(chosen), date.today(), self.contract_combo.currentData()
            )
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Cannot write the reminders", str(exc))
            return []
        except OSError as exc:
            QMessageBox.warning(
                self,
                "Cannot write the reminders",
                f"{chosen} cannot be written ({exc.strerror or exc}). Choose another folder.",
            )
            return []
        if drafts:
            self.message_label.setText(
                f"{len(drafts)} reminder draft{'s' if len(drafts) != 1 else ''} saved in {chosen}"
            )
            QDesktopServices.openUrl(QUrl.fromLocalFile(chosen))
        else:
            self.message_label.setText("No open actions: no reminders written.")
        return [d.path for d in drafts]

    def export(self) -> Path | None:
        """Ask where, then write what the filters show; one message if that fails."""
        chosen, selected_filter = QFileDialog.getSaveFileName(
            self,
            "Export action log",
            str(self._default_path()),
            f"{XLSX_FILTER};;{PDF_FILTER};;{DOCX_FILTER}",
        )
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:  # some file dialogs leave the extension to the application
            path = path.with_suffix(_SUFFIXES.get(selected_filter, ".xlsx"))
        records = self.proxy.matching_records()
        try:
            written = export_action_log(records, path, self.export_title())
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Cannot export the action log", str(exc))
            return None
        except OSError as exc:
            QMessageBox.warning(
                self,
                "Cannot export the action log",
                f"{path} cannot be written ({exc.strerror or exc}). Choose another place.",
            )
            return None
        noun = "action" if len(records) == 1 else "actions"
        message = f"Exported {len(records)} {noun} to {written} on {format_date(date.today())}."
        self.message_label.setText(message)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 10_000)
        return written
