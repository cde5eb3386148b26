"""Dialogs for actions at a meeting: raising one from an agenda item, and recording an
update (status and note) on a carried-forward action."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor import actions
from bscp_monitor.actions import ActionRecord
from bscp_monitor.data.enums import ActionStatus
from bscp_monitor.data.store import Store
from bscp_monitor.dates import add_months, format_date
from bscp_monitor.errors import UserError
from bscp_monitor.ui.date_edit import DateEdit
from bscp_monitor.ui.display import ErrorLabel
from bscp_monitor.ui.meeting_widgets import ACTION_STATUS_LABELS


def _buttons(dialog: QDialog, text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(dialog)
    box.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(QDialogButtonBox.StandardButton.Cancel)
    box.rejected.connect(dialog.reject)
    return box


class RaiseActionDialog(QDialog):
    """Description, owner (attendees offered), organisation and due date."""

    def __init__(
        self,
        store: Store,
        meeting_id: int,
        item_id: int | None,
        item_title: str,
        people: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._meeting_id = meeting_id
        self._item_id = item_id
        self._organisations = {name: organisation for name, organisation in people}
        self.result_record: ActionRecord | None = None
        self.setWindowTitle("Raise an action")
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        note = QLabel(f"From the agenda item <b>{item_title}</b>", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlaceholderText("What is to be done")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(80)
        self.owner_combo = QComboBox(self)
        self.owner_combo.setEditable(True)
        self.owner_combo.addItems([name for name, _org in people])
        self.owner_combo.setCurrentIndex(-1)
        self.owner_combo.lineEdit().setPlaceholderText("Who will do it")
        self.owner_combo.currentTextChanged.connect(self._owner_changed)
        self.organisation_edit = QLineEdit(self)
        self.due_edit = DateEdit(self, optional=True)
        self.due_edit.set_value(add_months(date.today(), 1))
        form.addRow("Action", self.description_edit)
        form.addRow("Owner", self.owner_combo)
        form.addRow("Organisation", self.organisation_edit)
        form.addRow("Due", self.due_edit)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.buttons = _buttons(self, "Raise action")
        self.buttons.accepted.connect(self.submit)
        layout.addWidget(self.buttons)

    def _owner_changed(self, name: str) -> None:
        if name in self._organisations:
            self.organisation_edit.setText(self._organisations[name])

    def submit(self) -> bool:
        try:
            self.result_record = actions.raise_action(
                self._store,
                self._meeting_id,
                self._item_id,
                self.description_edit.toPlainText(),
                self.owner_combo.currentText(),
                self.organisation_edit.text(),
                self.due_edit.value(),
            )
        except UserError as exc:
            self.error.show_error(str(exc))
            return False
        self.accept()
        return True

    @classmethod
    def raise_for(
        cls,
        parent: QWidget | None,
        store: Store,
        meeting_id: int,
        item_id: int | None,
        item_title: str,
        people: list[tuple[str, str]],
    ) -> ActionRecord | None:
        dialog = cls(store, meeting_id, item_id, item_title, people, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_record
        return None


class ActionUpdateDialog(QDialog):
    """Record progress on an action at this meeting: a status and a note."""

    def __init__(
        self,
        store: Store,
        action: ActionRecord,
        meeting_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._action = action
        self._meeting_id = meeting_id
        self.result_record: ActionRecord | None = None
        self.setWindowTitle(f"Update action {action.ref}")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        due = f" — due {format_date(action.due_on)}" if action.due_on else ""
        summary = QLabel(f"<b>{action.ref}</b> {action.description}<br>{action.owner}{due}", self)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        form = QFormLayout()
        self.status_combo = QComboBox(self)
        for status, label in ACTION_STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.status_combo.setCurrentIndex(self.status_combo.findData(action.status))
        self.completed_edit = DateEdit(self)
        self.completed_label = QLabel("Completed on", self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText("What was reported at this meeting")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(80)
        form.addRow("Status", self.status_combo)
        form.addRow(self.completed_label, self.completed_edit)
        form.addRow("Note", self.note_edit)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.buttons = _buttons(self, "Record update")
        self.buttons.accepted.connect(self.submit)
        layout.addWidget(self.buttons)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def _status_changed(self) -> None:
        closing = self.status_combo.currentData() in actions.CLOSED
        self.completed_label.setVisible(closing)
        self.completed_edit.setVisible(closing)

    def submit(self) -> bool:
        status = ActionStatus(self.status_combo.currentData())
        try:
            self.result_record = actions.update_action(
                self._store,
                self._action.id,
                status,
                self.note_edit.toPlainText(),
                at_meeting_id=self._meeting_id,
                completed_on=self.completed_edit.value() if status in actions.CLOSED else None,
            )
        except UserError as exc:
            self.error.show_error(str(exc))
            return False
        self.accept()
        return True

    @classmethod
    def record(
        cls, parent: QWidget | None, store: Store, action: ActionRecord, meeting_id: int
    ) -> ActionRecord | None:
        dialog = cls(store, action, meeting_id, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_record
        return None
