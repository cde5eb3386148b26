"""The contract window's lists: the contract's meetings, its actions and its provider's DBS
staff, each a table of the register pages' own columns; Enter or a double-click opens the
row's item as its page does (the meeting's window, the action's update dialog, the person's
DBS record)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.common.wording import counted
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.meetings.actions import ActionFilter
from bscp_monitor.ui.dbs.dbs_model import StaffCol, StaffFilterProxy, StaffTableModel, counts_line
from bscp_monitor.ui.kit.lazy_table import RECORD_ROLE, LazyTableModel
from bscp_monitor.ui.kit.register_page import record_table
from bscp_monitor.ui.meetings.actions_model import ActionCol, ActionsFilterProxy, ActionsTableModel
from bscp_monitor.ui.meetings.meetings_model import (
    DATE_COLUMN,
    MeetingsFilterProxy,
    MeetingsTableModel,
)


class ContractList(QWidget):
    """A note line, a table of records and an *Open* button; ``changed`` after an item
    opened from here was changed (the window passes it on)."""

    changed = Signal()
    #: The table's accessible name, what Enter does there, and the open button.
    noun = "Items"
    enter_does = "Enter opens the row"
    open_text = "Open"

    def __init__(
        self,
        store: Store,
        model: LazyTableModel,
        proxy: QSortFilterProxyModel,
        sort: tuple[int, Qt.SortOrder],
        hidden: tuple[int, ...],
        stretch: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.model = model
        self.proxy = proxy
        proxy.setSourceModel(model)
        layout = QVBoxLayout(self)
        self.note_label = QLabel(self)
        self.note_label.setObjectName("noteLabel")
        self.note_label.setWordWrap(True)
        layout.addWidget(self.note_label)
        self.table: QTableView = record_table(proxy, sort[0], sort[1], (), stretch)
        self.table.setParent(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setAccessibleName(self.noun)
        self.table.setAccessibleDescription(self.enter_does)
        for column in hidden:
            self.table.setColumnHidden(column, True)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_button())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.open_text, self)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._sized = False
        self._update_button()

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> list[Any]:
        raise NotImplementedError

    def note(self, records: list[Any]) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the list again; if the database cannot be read, say so in the note line."""
        keep = self.selected_record()
        try:
            records = self.load()
        except DatabaseError as exc:
            self.note_label.setText(str(exc))
            return
        self.model.set_records(records)
        self.note_label.setText(self.note(records))
        if not self._sized and records:
            self.table.resizeColumnsToContents()
            for column in range(self.model.columnCount()):
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), 180))
            self._sized = True
        if keep is not None:
            self.select(lambda record: record.id == keep.id)
        self._update_button()

    # -- selection and opening ---------------------------------------------------------------

    def selected_record(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], RECORD_ROLE) if rows else None

    def select(self, predicate: Callable[[Any], bool]) -> bool:
        for row in range(self.proxy.rowCount()):
            if predicate(self.proxy.data(self.proxy.index(row, 0), RECORD_ROLE)):
                self.table.selectRow(row)
                return True
        return False

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.selected_record() is not None)

    def open_row(self, row: int) -> None:
        record = self.proxy.data(self.proxy.index(row, 0), RECORD_ROLE)
        if record is not None:
            self.open_record(record)

    def open_selected(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.open_record(record)

    def open_record(self, record: Any) -> Any:
        raise NotImplementedError


class ContractMeetings(ContractList):
    """The contract's meetings, newest first; opening one shows its meeting window."""

    noun = "Meetings"
    enter_does = "Enter opens the meeting's window"
    open_text = "Open meeting"

    def __init__(self, store: Store, contract_id: int, parent: QWidget | None = None) -> None:
        self.contract_id = contract_id
        model = MeetingsTableModel()
        super().__init__(
            store,
            model,
            MeetingsFilterProxy(),
            (DATE_COLUMN, Qt.SortOrder.DescendingOrder),
            hidden=(1, 2, 3),  # contract, title, provider: this contract's
            stretch=None,
            parent=parent,
        )
        model.setParent(self)
        self.proxy.setParent(self)
        self.refresh()

    def load(self) -> list[meetings.MeetingSummary]:
        return meetings.list_meetings(self.store, contract_id=self.contract_id)

    def note(self, records: list[Any]) -> str:
        if not records:
            return "No meeting of this contract has been scheduled (Meetings page)."
        return f"{counted(len(records), 'meeting')}. Enter or a double-click opens one."

    def open_record(self, record: meetings.MeetingSummary) -> Any:
        from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

        try:
            window = MeetingWindow.open_for(self.window(), self.store, record.id)
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Cannot open the meeting", str(exc))
            self.refresh()
            return None
        if self not in window.listeners:
            window.listeners.append(self)
            window.meeting_changed.connect(self._meeting_changed)
        return window

    def _meeting_changed(self, _meeting_id: int) -> None:
        self.refresh()
        self.changed.emit()


class ContractActions(ContractList):
    """The contract's actions, by due date, overdue ones red and marked "(overdue)";
    opening one records an update, as on the Actions page."""

    noun = "Actions"
    enter_does = "Enter records an update to the action"
    open_text = "Update action…"

    def __init__(self, store: Store, contract_id: int, parent: QWidget | None = None) -> None:
        self.contract_id = contract_id
        super().__init__(
            store,
            ActionsTableModel(),
            ActionsFilterProxy(),
            (ActionCol.DUE, Qt.SortOrder.AscendingOrder),
            hidden=(ActionCol.CONTRACT, ActionCol.COMPLETED),  # the ref names it; Done says it
            stretch=ActionCol.ACTION,
            parent=parent,
        )
        self.model.setParent(self)
        self.proxy.setParent(self)
        self.refresh()

    def load(self) -> list[actions.ActionRecord]:
        return actions.list_actions(self.store, ActionFilter(contract_id=self.contract_id))

    def note(self, records: list[Any]) -> str:
        if not records:
            return "No action has been raised for this contract yet."
        today = date.today()
        open_count = sum(1 for r in records if not r.closed)
        overdue = sum(1 for r in records if r.overdue(today))
        return (
            f"{counted(len(records), 'action')}: {open_count} not closed, {overdue} overdue. "
            "Enter or a double-click records an update."
        )

    def open_record(self, record: actions.ActionRecord) -> actions.ActionRecord | None:
        from bscp_monitor.ui.meetings.action_dialog import ActionUpdateDialog

        updated = ActionUpdateDialog.record(self, self.store, record.id)
        if updated is not None:
            self.refresh()
            self.changed.emit()
        return updated


class ProviderStaff(ContractList):
    """The staff of the contract's provider in the DBS register (S4 is per provider);
    opening one edits the person's DBS record, as on the DBS register page."""

    noun = "DBS staff"
    enter_does = "Enter edits the person's DBS record"
    open_text = "Edit DBS record…"

    def __init__(self, store: Store, provider_id: int, parent: QWidget | None = None) -> None:
        self.provider_id = provider_id
        model = StaffTableModel()
        super().__init__(
            store,
            model,
            StaffFilterProxy(),
            (StaffCol.NAME, Qt.SortOrder.AscendingOrder),
            hidden=(StaffCol.PROVIDER,),
            stretch=None,
            parent=parent,
        )
        model.setParent(self)
        self.proxy.setParent(self)
        self.refresh()

    def set_provider(self, provider_id: int) -> None:
        self.provider_id = provider_id
        self.refresh()

    def load(self) -> list[dbs_register.StaffRecord]:
        return dbs_register.list_staff(self.store, provider_id=self.provider_id)

    def note(self, records: list[Any]) -> str:
        if not records:
            return (
                "No member of the provider's staff is in the DBS register: import the "
                "provider's DBS spreadsheet (File → Import DBS spreadsheet…)."
            )
        return counts_line(records) + ". Enter or a double-click edits a person's record."

    def open_record(self, record: dbs_register.StaffRecord) -> Any:
        from bscp_monitor.ui.dbs.dbs_staff_dialog import StaffEditDialog

        dialog = StaffEditDialog(self.store, record, self)
        if dialog.exec() and dialog.result_record is not None:
            self.refresh()
            self.changed.emit()
        return dialog.result_record
