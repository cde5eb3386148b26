"""Dialogs for the action log: record progress on an action, and raise a new one at a meeting."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import ActionStatus
from bscp_monitor.meetings import actions
from bscp_monitor.meetings.actions import CLOSED, STATUS_LABELS, ActionRecord
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.kit.record_dialog import RecordDialog


def history_text(record: ActionRecord) -> str:
    """The action's updates, oldest first, one line each (plain text)."""
    lines = []
    for update in record.updates:
        when = format_date(update.meeting_date) if update.meeting_date else ""
        if not when:
            when = format_date(to_local(update.at).date())  # London, not UTC
        line = f"{when}: {STATUS_LABELS[update.status]}"
        if update.meeting_date:
            line += " (at a meeting)"
        if update.note:
            line += f" — {update.note}"
        lines.append(line)
    return "\n".join(lines)


class ActionUpdateDialog(RecordDialog[ActionRecord]):
    """New status, a note and (when done or dropped) the completion date.

    ``at_meeting_id`` records the update as made at that meeting (the action log review);
    without it the update is recorded between meetings.
    """

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        action_id: int,
        at_meeting_id: int | None = None,
    ) -> None:
        record = actions.get_action(store, action_id)
        super().__init__(parent, f"Update action {record.ref}", "Record update")
        self.record_button = self.accept_button
        self._store = store
        self._action_id = action_id
        self._at_meeting_id = at_meeting_id

        layout = self.body
        due = format_date(record.due_on) if record.due_on else "no due date"
        intro = QLabel(
            f"<b>{escape(record.ref)}</b> — {escape(record.description)}<br>"
            f"Owner: {escape(record.owner)}"
            + (f" ({escape(record.owner_organisation)})" if record.owner_organisation else "")
            + f" · Due: {due} · Now: <b>{STATUS_LABELS[record.status]}</b>",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        history = history_text(record)
        if history:
            self.history_label = QLabel("History:\n" + history, self)
            self.history_label.setObjectName("noteLabel")
            self.history_label.setWordWrap(True)
            layout.addWidget(self.history_label)

        form = self.form
        self.status_combo = QComboBox(self)
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, status.value)
        self.status_combo.setCurrentIndex(self.status_combo.findData(record.status.value))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText("What has happened since (recorded in the history)")
        self.note_edit.setFixedHeight(90)
        self.completed_label = QLabel("Completed on", self)
        self.completed_edit = DateEdit(self)
        self.completed_edit.set_value(record.completed_on or date.today())
        self.completed_edit.setMaximumDate(QDate.currentDate())
        form.addRow("New status", self.status_combo)
        form.addRow("Note", self.note_edit)
        form.addRow(self.completed_label, self.completed_edit)
        layout.addLayout(form)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def selected_status(self) -> ActionStatus:
        return ActionStatus(self.status_combo.currentData())

    def _status_changed(self, *_args: object) -> None:
        closing = self.selected_status() in CLOSED
        self.completed_label.setVisible(closing)
        self.completed_edit.setVisible(closing)
        self.completed_edit.setEnabled(closing)

    def save_record(self) -> ActionRecord:
        status = self.selected_status()
        return actions.update_action(
            self._store,
            self._action_id,
            status,
            self.note_edit.toPlainText(),
            at_meeting_id=self._at_meeting_id,
            completed_on=self.completed_edit.value() if status in CLOSED else None,
        )

    @classmethod
    def record(
        cls,
        parent: QWidget | None,
        store: Store,
        action_id: int,
        at_meeting_id: int | None = None,
    ) -> ActionRecord | None:
        """Show the dialog; the updated action, or None if cancelled."""
        return cls(parent, store, action_id, at_meeting_id).ask()


class RaiseActionDialog(RecordDialog[ActionRecord]):
    """Description, owner (offered from ``owners``: names, or (name, organisation) pairs
    whose organisation fills itself in), organisation and an optional due date."""

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        meeting_id: int,
        agenda_item_id: int | None,
        owners: Iterable[str | tuple[str, str]] = (),
        item_title: str = "",
    ) -> None:
        super().__init__(parent, "Raise an action", "Raise action")
        self.raise_button = self.accept_button
        self._store = store
        self._meeting_id = meeting_id
        self._agenda_item_id = agenda_item_id

        layout = self.body
        if item_title:
            note = QLabel(f"From the agenda item <b>{escape(item_title)}</b>", self)
            note.setWordWrap(True)
            layout.addWidget(note)
        form = self.form
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlaceholderText("What is to be done")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(90)
        self.owner_combo = QComboBox(self)
        self.owner_combo.setEditable(True)
        self._organisations: dict[str, str] = {}
        seen: set[str] = set()
        for owner in owners:
            name, organisation = (owner, "") if isinstance(owner, str) else owner
            name = name.strip()
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                self.owner_combo.addItem(name)
                if organisation:
                    self._organisations[name] = organisation
        self.owner_combo.setCurrentIndex(-1)
        self.owner_combo.setEditText("")
        line_edit = self.owner_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText("Who will do it")
        self.owner_combo.currentTextChanged.connect(self._owner_changed)
        self.organisation_edit = QLineEdit(self)
        self.organisation_edit.setPlaceholderText("e.g. the provider or the council")
        self.due_edit = DateEdit(self, optional=True)
        form.addRow("Action", self.description_edit)
        form.addRow("Owner", self.owner_combo)
        form.addRow("Organisation", self.organisation_edit)
        form.addRow("Due", self.due_edit)
        layout.addLayout(form)
        self.description_edit.setFocus()

    def _owner_changed(self, name: str) -> None:
        if name in self._organisations:
            self.organisation_edit.setText(self._organisations[name])

    def save_record(self) -> ActionRecord:
        return actions.raise_action(
            self._store,
            self._meeting_id,
            self._agenda_item_id,
            self.description_edit.toPlainText(),
            self.owner_combo.currentText(),
            self.organisation_edit.text(),
            self.due_edit.value(),
        )

    @classmethod
    def raise_for(
        cls,
        parent: QWidget | None,
        store: Store,
        meeting_id: int,
        agenda_item_id: int | None,
        owners: Iterable[str | tuple[str, str]] = (),
        item_title: str = "",
    ) -> ActionRecord | None:
        """Show the dialog; the new action, or None if cancelled."""
        return cls(parent, store, meeting_id, agenda_item_id, owners, item_title).ask()


class ActionEditDialog(RecordDialog[ActionRecord]):
    """Correct an action's wording, owner, organisation or due date (only changes are stored).

    The wording of an action in approved minutes is fixed; the core says so if it is changed.
    """

    def __init__(self, parent: QWidget | None, store: Store, action_id: int) -> None:
        original = actions.get_action(store, action_id)
        super().__init__(parent, f"Edit action {original.ref}", "Save")
        self._original = original
        self.save_button = self.accept_button
        self._store = store
        self._action_id = action_id

        layout = self.body
        form = self.form
        self.description_edit = QPlainTextEdit(self._original.description, self)
        self.description_edit.setFixedHeight(90)
        self.owner_edit = QLineEdit(self._original.owner, self)
        self.organisation_edit = QLineEdit(self._original.owner_organisation, self)
        self.due_edit = DateEdit(self, optional=True)
        self.due_edit.set_value(self._original.due_on)
        form.addRow("Action", self.description_edit)
        form.addRow("Owner", self.owner_edit)
        form.addRow("Organisation", self.organisation_edit)
        form.addRow("Due", self.due_edit)
        layout.addLayout(form)
        note = QLabel("To record progress or close the action, use Update… instead.", self)
        note.setObjectName("noteLabel")
        layout.addWidget(note)

    def changes(self) -> dict[str, object]:
        original = self._original
        values: dict[str, object] = {
            "description": self.description_edit.toPlainText().strip(),
            "owner": self.owner_edit.text().strip(),
            "owner_organisation": self.organisation_edit.text().strip(),
            "due_on": self.due_edit.value(),
        }
        return {name: value for name, value in values.items() if value != getattr(original, name)}

    def save_record(self) -> ActionRecord:
        changes = self.changes()
        if not changes:
            return self._original
        # From the copy shown: a colleague's save since is not written over (the dialog stays
        # open with this text, and says who changed it and when).
        return actions.edit_action_at(
            self._store, self._action_id, self._original.version, changes
        )

    @classmethod
    def edit(cls, parent: QWidget | None, store: Store, action_id: int) -> ActionRecord | None:
        """Show the dialog; the action as saved, or None if cancelled."""
        return cls(parent, store, action_id).ask()
