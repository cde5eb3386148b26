"""The Meetings page: every contract monitoring meeting, newest first, filtered by contract,
status and search; scheduling a meeting and opening one's window."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from bscp_monitor.common.clock import format_local, to_local
from bscp_monitor.common.database import Store
from bscp_monitor.common.enums import MeetingStatus
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.contracts import register as contracts
from bscp_monitor.meetings import hold, meetings
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.register_page import EmptyRegisterPage, RegisterPage, table_with_count
from bscp_monitor.ui.kit.role_gate import grey_for_role
from bscp_monitor.ui.meetings.meeting_widgets import MEETING_STATUS_LABELS, report_error
from bscp_monitor.ui.meetings.meetings_model import (
    DATE_COLUMN,
    ListedMeeting,
    MeetingsFilterProxy,
    MeetingsTableModel,
    listed,
)

COLUMN_WIDTHS = (128, 128, 190, 140, 160, 120, 90)  # Status takes the rest


class MeetingsView(RegisterPage):
    """Emits ``meetings_changed`` when a meeting is scheduled, changed in its window or
    cancelled (the dashboard's S5 and alerts)."""

    meetings_changed = Signal()
    read_error_title = "Cannot read the meetings"
    model: MeetingsTableModel
    proxy: MeetingsFilterProxy

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.set_models(MeetingsTableModel(parent=self), MeetingsFilterProxy(self))
        self._build()
        grey_for_role(self.store, self.schedule_button, self.cancel_button,
                      self.empty_schedule_button)  # fmt: skip
        self.refresh()

    def _build(self) -> None:
        self.schedule_button = QPushButton("Schedule meeting…")
        self.schedule_button.clicked.connect(self.schedule_meeting)
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(self.open_selected)
        self.cancel_button = QPushButton("Cancel meeting…")
        self.cancel_button.setToolTip(
            "Remove a planned meeting that will not take place (only one with nothing "
            "recorded at it)"
        )
        self.cancel_button.clicked.connect(lambda: self.cancel_selected())
        top = self.heading_row(
            "Meetings", self.cancel_button, self.open_button, self.schedule_button
        )
        self.make_search(
            "Search contract, title, provider, venue or chair",
            lambda _text: self._filters_changed(),
            0,
            420,
        )
        self.contract_combo = named(QComboBox(), "Contract filter")
        self.contract_combo.setMinimumWidth(220)
        self.contract_combo.currentIndexChanged.connect(self._filters_changed)
        self.status_combo = named(QComboBox(), "Status filter")
        self.status_combo.addItem("All statuses", None)
        for status, label in MEETING_STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.contract_combo)
        filters.addWidget(self.status_combo)
        filters.addStretch(1)

        self.make_table(
            DATE_COLUMN,
            Qt.SortOrder.DescendingOrder,
            enumerate(COLUMN_WIDTHS),
            stretch_column=None,
        )
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        table_page, self.count_label = table_with_count(self.table)
        self.empty_page = EmptyRegisterPage(
            "No meetings yet",
            "No contract monitoring meeting has been scheduled. Schedule the first one: "
            "its agenda, safeguarding item included, is prepared from the template.",
            "Schedule meeting…",
            self.schedule_meeting,
        )
        self.empty_text = self.empty_page.text_label
        self.empty_schedule_button = self.empty_page.button

        self.pages = QStackedWidget()
        self.pages.addWidget(table_page)
        self.pages.addWidget(self.empty_page)
        self.lay_out(top, filters, self.pages)

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> tuple[list[ListedMeeting], list[contracts.ContractRecord]]:
        return (
            listed(meetings.list_meetings(self.store), hold.holds(self.store)),
            contracts.list_contracts(self.store, include_archived=True),
        )

    def show_loaded(
        self, loaded: tuple[list[ListedMeeting], list[contracts.ContractRecord]]
    ) -> None:
        records, contract_list = loaded
        self._fill_contracts(contract_list)
        self.model.set_records(records)
        self.pages.setCurrentIndex(1 if not records else 0)
        self.schedule_button.setEnabled(bool(contract_list))
        self.empty_schedule_button.setEnabled(bool(contract_list))
        if not contract_list:
            self.empty_text.setText(
                "No contract monitoring meeting has been scheduled, and there is no contract "
                "yet. Add a contract first (Contracts page), then schedule its meetings here."
            )

    def _fill_contracts(self, contract_list: list[contracts.ContractRecord]) -> None:
        current = self.contract_combo.currentData()
        blocked = self.contract_combo.blockSignals(True)
        self.contract_combo.clear()
        self.contract_combo.addItem("All contracts", None)
        for c in contract_list:
            self.contract_combo.addItem(f"{c.reference} — {c.title}", c.id)
        index = self.contract_combo.findData(current) if current is not None else 0
        self.contract_combo.setCurrentIndex(max(index, 0))
        self.contract_combo.blockSignals(blocked)
        self.proxy.set_contract(self.contract_combo.currentData())

    def show_contract(self, contract_id: int) -> None:
        """Every meeting of a contract, whatever status filter and search were left."""
        self.search_edit.clear()
        self.status_combo.setCurrentIndex(0)
        index = self.contract_combo.findData(contract_id)
        if index >= 0:
            self.contract_combo.setCurrentIndex(index)

    def _filters_changed(self) -> None:
        self.proxy.set_contract(self.contract_combo.currentData())
        self.proxy.set_status(self.status_combo.currentData())
        self.proxy.set_search_text(self.search_edit.text())
        self.update_count()

    def count_text(self) -> str:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if self.proxy.is_filtered():
            return f"{shown} of {total} meetings shown"
        return f"{total} meeting{'s' if total != 1 else ''}"

    def update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)
        summary = self.selected_summary()
        self.cancel_button.setEnabled(
            summary is not None and summary.status is MeetingStatus.PLANNED
        )

    def selected_summary(self) -> meetings.MeetingSummary | None:
        return self.selected_record()

    def cancel_selected(self) -> bool:
        """Ask, then remove the selected planned meeting (the core refuses one that has
        anything recorded at it, and says why)."""
        summary = self.selected_summary()
        if summary is None or summary.status is not MeetingStatus.PLANNED:
            return False
        day = format_local(summary.starts_at)
        answer = QMessageBox.question(
            self,
            "Cancel meeting",
            f"Cancel the meeting of {day} ({summary.contract_reference})? It will be removed "
            "from the list; the audit trail keeps a note of it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        from bscp_monitor.ui.meetings.meeting_window import open_window

        window = open_window(summary.id)
        if window is not None:  # its typing saved first: the core then judges what is recorded
            window.flush()
        try:
            cancellation = self._cancellation(summary.id)
            meetings.cancel_meeting(self.store, summary.id)
        except (UserError, DatabaseError) as exc:
            report_error(self, "Cancel meeting", exc)
            return False
        if window is not None:
            window.close()
        self.refresh()
        self.meetings_changed.emit()
        if cancellation is not None:  # invited people's calendars are told
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(cancellation)))
        return True

    def _cancellation(self, meeting_id: int) -> Path | None:
        """The meeting's calendar cancellation (.ics) written before it goes, when anyone
        at it has an e-mail address (so could hold its invitation); else None."""
        from bscp_monitor.reports import calendar_ics

        detail = meetings.get_meeting(self.store, meeting_id)
        if not any(a.email for a in detail.attendees):
            return None
        m = detail.meeting
        folder = Path(tempfile.mkdtemp(prefix="bscp-invite-"))
        name = f"Cancelled {m.contract_reference} {to_local(m.starts_at):%d-%m-%Y}.ics"
        path = folder / name.replace("/", "-")
        return calendar_ics.write_calendar(
            calendar_ics.meeting_invitation(self.store, meeting_id, cancel=True), path
        )

    # -- selection and opening ---------------------------------------------------------------

    def meeting_id_at(self, proxy_row: int) -> int:
        return self.record_at(proxy_row).id

    def open_row(self, proxy_row: int) -> None:
        self.open_meeting(self.meeting_id_at(proxy_row))

    def open_selected(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is not None:
            self.open_meeting(meeting_id)

    def open_meeting(self, meeting_id: int):
        from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

        try:
            window = MeetingWindow.open_for(self.window(), self.store, meeting_id)
        except (UserError, DatabaseError) as exc:
            report_error(self, "Cannot open the meeting", exc)
            self.refresh()
            return None
        if self not in window.listeners:
            window.listeners.append(self)
            window.meeting_changed.connect(self._meeting_changed)
        return window

    def _meeting_changed(self, meeting_id: int) -> None:
        self.refresh(select_id=meeting_id)
        self.meetings_changed.emit()  # started, held, approved: the dashboard's S5 and alerts

    def schedule_meeting(self) -> None:
        from bscp_monitor.ui.meetings.schedule_dialog import ScheduleMeetingDialog

        summary = ScheduleMeetingDialog.schedule(
            self, self.store, contract_id=self.contract_combo.currentData()
        )
        if summary is not None:
            self.refresh(select_id=summary.id)
            self.meetings_changed.emit()
            self.open_meeting(summary.id)
