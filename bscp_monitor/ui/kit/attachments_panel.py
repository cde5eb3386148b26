"""Evidence files attached to one record (a meeting, an agenda item, a clause element, a
self-assessment, a thematic check): listed with name, size, who added them and when; attached
from a file dialog, opened with the desktop's default program, removed after a question (the
audit trail keeps a note). A macro-enabled file is marked in the list and asked about before
it is opened."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.clock import format_local
from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.papers import attachments
from bscp_monitor.papers.attachments import AttachmentRecord
from bscp_monitor.ui.kit.accessible import named

FILE_TYPES = (
    "Documents and images (*.pdf *.doc *.docx *.docm *.xls *.xlsx *.xlsm *.csv *.odt *.ods "
    "*.ppt *.pptx *.txt *.rtf *.png *.jpg *.jpeg *.gif *.tif *.tiff *.heic *.eml *.msg);;"
    "All files (*)"
)
HEADERS = ("File", "Size", "Added by", "Added")


class AttachmentsPanel(QWidget):
    """The files of one record; ``changed`` after one is attached or removed."""

    changed = Signal()

    def __init__(
        self, store: Store, owner_kind: str, owner_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.owner_kind, self.owner_id = owner_kind, owner_id
        self.records: list[AttachmentRecord] = []
        self.table = named(
            QTableWidget(0, len(HEADERS), self), "Papers", "A double-click opens the paper"
        )
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.attach_button = QPushButton("Attach…", self)
        self.attach_button.setToolTip(
            f"Attach files (up to {attachments.size_text(attachments.MAX_BYTES)} each)"
        )
        self.attach_button.clicked.connect(self.choose_and_attach)
        self.open_button = QPushButton("Open", self)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("Remove…", self)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def set_owner(self, owner_kind: str, owner_id: int) -> None:
        """Show the files of another record."""
        self.owner_kind, self.owner_id = owner_kind, owner_id
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        """Approved minutes: their papers can be opened, not changed."""
        self.attach_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

    def refresh(self) -> None:
        try:
            self.records = attachments.list_attachments(self._store, self.owner_kind, self.owner_id)
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Attached files", str(exc))
            self.records = []
        self.table.setRowCount(len(self.records))
        for row, r in enumerate(self.records):
            name = r.name + ("  ⚠ macro-enabled" if r.risky else "")
            cells = (name, r.size_text, r.added_by, format_local(r.added_at))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if r.risky:
                    item.setToolTip("This file can carry macros: open it only if you trust it.")
                self.table.setItem(row, column, item)
        self._update_buttons()

    def _selected(self) -> AttachmentRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self._selected() is not None
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def attach_paths(self, paths: list[Path]) -> int:
        """Attach each file; one message naming any that could not be (the rest are kept)."""
        done, problems = 0, []
        for path in paths:
            try:
                attachments.attach_file(self._store, self.owner_kind, self.owner_id, path)
                done += 1
            except (UserError, DatabaseError) as exc:
                problems.append(str(exc))
        self.refresh()
        if done:
            self.changed.emit()
        if problems:
            QMessageBox.warning(self, "Attach files", "\n\n".join(problems))
        return done

    def choose_and_attach(self) -> int:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Attach files", str(Path.home()), FILE_TYPES
        )
        return self.attach_paths([Path(n) for n in names]) if names else 0

    def open_selected(self) -> Path | None:
        record = self._selected()
        if record is None:
            return None
        if record.risky:
            answer = QMessageBox.question(
                self,
                "Open file",
                f"{record.name} can carry macros, which can harm your computer. Open it only "
                "if you trust where it came from. Open it?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        try:
            folder = Path(tempfile.mkdtemp(prefix="bscp-file-"))
            path = attachments.save_copy(self._store, record.id, folder)
        except (UserError, DatabaseError, OSError) as exc:
            QMessageBox.warning(self, "Open file", str(exc))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def remove_selected(self) -> bool:
        record = self._selected()
        if record is None:
            return False
        answer = QMessageBox.question(
            self,
            "Remove file",
            f"Remove {record.name}? The audit trail keeps a note of who removed it and when.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            attachments.remove_attachment(self._store, record.id)
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(self, "Remove file", str(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


class AttachmentsDialog(QDialog):
    """A window of one record's evidence files (a thematic check, a self-assessment...)."""

    def __init__(
        self, store: Store, owner_kind: str, owner_id: int, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 320)
        self.panel = AttachmentsPanel(store, owner_kind, owner_id, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
