"""A meeting's own details: date and time, venue, online, chair, minute taker and the date
of the next meeting. Typed text is autosaved; choices are stored at once."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

from bscp_monitor.common.clock import to_local, to_utc
from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.meetings import MeetingSummary
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.autosave import Autosaver
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.meetings.meeting_widgets import report_error

TEXT_FIELDS = (("venue", "Venue"), ("chair", "Chair"), ("minute_taker", "Minute taker"))


def meeting_key(field: str) -> tuple[str, str]:
    return ("meeting", field)


class MeetingDetailsPanel(QWidget):
    """``changed`` after a stored choice (typed text goes through the window's autosaver)."""

    changed = Signal()

    def __init__(
        self, store: Store, meeting_id: int, autosaver: Autosaver, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.meeting_id = meeting_id
        self._autosaver = autosaver
        form = QFormLayout(self)
        form.setContentsMargins(10, 10, 10, 10)
        self.date_edit = named(DateEdit(self), "Date")
        self.time_edit = named(QTimeEdit(self), "Time")
        self.time_edit.setDisplayFormat("HH:mm")
        when = QHBoxLayout()
        when.addWidget(self.date_edit)
        when.addWidget(QLabel("at", self))
        when.addWidget(self.time_edit)
        when.addStretch(1)
        form.addRow("Date and time", when)
        self.edits: dict[str, QLineEdit] = {}
        for field, label in TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.textEdited.connect(
                lambda text, f=field: self._autosaver.changed(meeting_key(f), text)
            )
            edit.editingFinished.connect(self._autosaver.flush)
            self.edits[field] = edit
            form.addRow(label, edit)
            if field == "venue":
                self.online_check = QCheckBox("Online meeting", self)
                form.addRow("", self.online_check)
        self.next_edit = DateEdit(self, optional=True)
        form.addRow("Next meeting", self.next_edit)
        note = QLabel("Every change is saved as you make it.", self)
        note.setObjectName("noteLabel")
        form.addRow("", note)
        self.online_check.toggled.connect(lambda on: self._store_change(online=on))
        self.next_edit.value_changed.connect(lambda d: self._store_change(next_meeting_on=d))
        self.date_edit.editingFinished.connect(self._when_changed)
        self.time_edit.editingFinished.connect(self._when_changed)
        self.date_edit.value_changed.connect(lambda _d: self._when_changed())
        self._starts_at: datetime | None = None
        self._loading = False

    def show_meeting(self, m: MeetingSummary) -> None:
        self._loading = True
        try:
            local = to_local(m.starts_at)
            self._starts_at = m.starts_at
            self.date_edit.set_value(local.date())
            self.time_edit.setTime(QTime(local.hour, local.minute))
            for field, edit in self.edits.items():
                if not edit.hasFocus() or m.locked:
                    edit.setText(getattr(m, field))
                edit.setReadOnly(m.locked)
            self.online_check.setChecked(m.online)
            self.next_edit.set_value(m.next_meeting_on)
            for widget in (self.online_check, self.next_edit, self.date_edit, self.time_edit):
                widget.setEnabled(not m.locked)
        finally:
            self._loading = False

    def _when_changed(self) -> None:
        if self._loading:
            return
        day = self.date_edit.value()
        if day is None:
            return
        qt = self.time_edit.time()
        starts_at = to_utc(datetime.combine(day, time(qt.hour(), qt.minute())))
        if starts_at != self._starts_at:
            self._starts_at = starts_at
            self._store_change(starts_at=starts_at)

    def _store_change(self, **changes: object) -> None:
        if self._loading:
            return
        try:
            meetings.update_meeting(self._store, self.meeting_id, **changes)
        except (UserError, DatabaseError) as exc:
            report_error(self, "Meeting details", exc)
        self.changed.emit()
