"""Search everything (Ctrl+Shift+F): what was said in minutes, prompt answers, actions and
their updates, and contracts, providers, staff and attendees by name; each hit shown in
context; Enter or a double-click opens the meeting (at its item) or the contract."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.papers.search import Hit, search

HEADERS = ("Found in", "Where", "Text")
KIND_WORDS = {
    "minutes": "Minutes",
    "prompt answer": "Prompt answer",
    "action": "Action",
    "action update": "Action update",
    "contract": "Contract",
    "provider": "Provider",
    "staff": "DBS staff",
    "attendee": "Attendee",
}


class SearchDialog(QDialog):
    """A search box and its hits; non-modal, one per main window."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search")
        self.resize(900, 520)
        self._store = store
        self.hits: list[Hit] = []
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(
            "Search minutes, prompt answers, actions, contracts, providers and people"
        )
        self.edit.setClearButtonEnabled(True)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 110)
        self.table.setColumnWidth(1, 290)
        # Enter, or a double-click (a single click where the desktop says so), opens a hit.
        self.table.activated.connect(lambda index: self.open_hit(index.row()))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("noteLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run)
        self.edit.textChanged.connect(lambda _text: self._timer.start())
        self.edit.returnPressed.connect(self._enter)

    @property
    def store(self) -> Store:
        return self._store

    def _enter(self) -> None:
        if self._timer.isActive() or not self.hits:
            self._timer.stop()
            self.run()
        if self.hits:
            self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            rows = self.table.selectionModel().selectedRows()
            if rows:
                self.open_hit(rows[0].row())
            return
        super().keyPressEvent(event)

    def run(self) -> list[Hit]:
        text = self.edit.text().strip()
        try:
            self.hits = search(self._store, text) if text else []
        except (UserError, DatabaseError) as exc:
            self.hits = []
            self.count_label.setText(str(exc))
            return []
        self.table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            cells = (KIND_WORDS.get(hit.kind, hit.kind), hit.where, hit.snippet)
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if text:
            self.count_label.setText(
                f"{len(self.hits)} found" if self.hits else f"Nothing found for “{text}”."
            )
        else:
            self.count_label.setText("")
        return self.hits

    def open_hit(self, row: int) -> QWidget | None:
        """Open what the hit is in: its meeting (at the item), else its contract."""
        if not 0 <= row < len(self.hits):
            return None
        hit = self.hits[row]
        parent = self.parentWidget()
        if hit.meeting_id is not None:
            from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

            window = MeetingWindow.open_for(parent, self._store, hit.meeting_id)
            if hit.agenda_item_id is not None:
                window.select_item(hit.agenda_item_id)
            return window
        if hit.contract_id is not None:
            from bscp_monitor.ui.contracts.contract_window import ContractWindow

            return ContractWindow.open_for(parent, self._store, hit.contract_id)
        return None
