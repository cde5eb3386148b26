"""Schedule a contract monitoring meeting: contract, date and time, venue or online, chair
and minute taker. The agenda (safeguarding item included) comes from the template."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

from bscp_monitor.common.clock import to_utc
from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import UserError
from bscp_monitor.contracts import register as contracts
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.meetings import MeetingSummary
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.kit.record_dialog import RecordDialog

DEFAULT_TIME = time(10, 0)


class ScheduleMeetingDialog(RecordDialog[MeetingSummary]):
    def __init__(
        self, store: Store, contract_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, "Schedule a monitoring meeting", "Schedule")
        self.schedule_button = self.accept_button
        self._store = store
        self._records = {c.id: c for c in contracts.list_contracts(store)}
        self.add_note(
            "The agenda is prepared from the contract's template (or the default), with the "
            "mandatory safeguarding item.",
            "noteLabel",
        )

        form = self.form
        self.contract_combo = QComboBox(self)
        for c in self._records.values():
            self.contract_combo.addItem(f"{c.reference} — {c.title}", c.id)
        self.due_label = QLabel(self)
        self.due_label.setObjectName("noteLabel")
        self.date_edit = named(DateEdit(self), "Date")
        self.time_edit = named(QTimeEdit(self), "Time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setTime(QTime(DEFAULT_TIME.hour, DEFAULT_TIME.minute))
        when = QHBoxLayout()
        when.addWidget(self.date_edit)
        when.addWidget(QLabel("at", self))
        when.addWidget(self.time_edit)
        when.addStretch(1)
        self.venue_edit = QLineEdit(self)
        self.venue_edit.setPlaceholderText("e.g. Civic Centre, Room 2.14 — or the meeting link")
        self.online_check = QCheckBox("Online meeting", self)
        self.chair_edit = QLineEdit(self)
        self.minute_taker_edit = QLineEdit(self)
        form.addRow("Contract", self.contract_combo)
        form.addRow("", self.due_label)
        form.addRow("Date and time", when)
        form.addRow("Venue", self.venue_edit)
        form.addRow("", self.online_check)
        form.addRow("Chair", self.chair_edit)
        form.addRow("Minute taker", self.minute_taker_edit)
        self.body.addLayout(form)

        self.contract_combo.currentIndexChanged.connect(self._contract_changed)
        if contract_id is not None and (index := self.contract_combo.findData(contract_id)) >= 0:
            self.contract_combo.setCurrentIndex(index)
        self._contract_changed()
        if not self._records:
            self.error.show_error("There is no contract yet: add one before scheduling.")
            self.schedule_button.setEnabled(False)

    def _contract_changed(self) -> None:
        record = self._records.get(self.contract_combo.currentData())
        if record is None:
            self.due_label.hide()
            return
        due = record.next_meeting_due
        soon = date.today() + timedelta(days=7)
        if due is None:
            self.date_edit.set_value(soon)
            self.due_label.setText("No meeting is due: the contract has ended or is archived.")
        elif due < date.today():  # overdue: suggest a date soon, not one already past
            self.date_edit.set_value(soon)
            self.due_label.setText(f"A meeting was due by {format_date(due)}: it is overdue.")
        else:
            self.date_edit.set_value(due)
            self.due_label.setText(f"Next meeting due {format_date(due)}.")
        self.due_label.show()
        if record.contract_manager and not self.chair_edit.text():
            self.chair_edit.setText(record.contract_manager)

    def starts_at(self) -> datetime:
        day = self.date_edit.value() or date.today()
        qt = self.time_edit.time()
        return to_utc(datetime.combine(day, time(qt.hour(), qt.minute())))

    def save_record(self) -> MeetingSummary:
        contract_id = self.contract_combo.currentData()
        if contract_id is None:
            raise UserError("Choose the contract.")
        return meetings.schedule_meeting(
            self._store,
            contract_id,
            self.starts_at(),
            venue=self.venue_edit.text(),
            online=self.online_check.isChecked(),
            chair=self.chair_edit.text(),
            minute_taker=self.minute_taker_edit.text(),
        )

    @classmethod
    def schedule(
        cls, parent: QWidget | None, store: Store, contract_id: int | None = None
    ) -> MeetingSummary | None:
        return cls(store, contract_id, parent).ask()
