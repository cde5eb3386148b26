"""Keys in a meeting window never move its stage by accident: no default buttons, Enter in
every line edit and list of a planned meeting leaves it planned; Start can be undone while
nothing is recorded; Ctrl+W, Esc (outside a text box) and Close close the window."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from bscp_monitor.data.enums import Attendance, MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import agenda, meetings
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow, open_window
from tests.registers import make_contract


def _planned(store: Store) -> int:
    contract_id = make_contract(store)
    earlier = meetings.schedule_meeting(store, contract_id, datetime(2026, 10, 1, 9, tzinfo=UTC))
    meetings.add_attendee(store, earlier.id, "Lena Price", "Barnardo's", "Service manager")
    meeting = meetings.schedule_meeting(store, contract_id, datetime(2027, 1, 7, 10, tzinfo=UTC))
    return meeting.id


def _window(qtbot, store: Store, meeting_id: int, register: bool = True) -> MeetingWindow:
    window = MeetingWindow.open_for(None, store, meeting_id)
    if register:  # a window the test closes is deleted (WA_DeleteOnClose)
        qtbot.addWidget(window)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    return window


def _status(store: Store, meeting_id: int) -> MeetingStatus:
    return meetings.get_meeting(store, meeting_id).meeting.status


def test_no_button_is_default_or_auto_default(qtbot, store: Store) -> None:
    window = _window(qtbot, store, _planned(store))
    buttons = window.findChildren(QPushButton)
    assert buttons
    assert [b.text() for b in buttons if b.autoDefault() or b.isDefault()] == []


def test_enter_in_every_line_edit_and_list_leaves_the_meeting_planned(
    qtbot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []  # a second Enter adds the same person twice: one message, no box
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: shown.append(text))
    )
    meeting_id = _planned(store)
    window = _window(qtbot, store, meeting_id)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        widgets = [
            w
            for w in window.findChildren(QLineEdit) + window.findChildren(QAbstractItemView)
            if w.isVisible() and w.isEnabled()
        ]
        assert widgets
        for widget in widgets:
            if isinstance(widget, QLineEdit) and not widget.isReadOnly() and not widget.text():
                QTest.keyClicks(widget, "x")
            widget.setFocus()
            QTest.keyClick(widget, Qt.Key.Key_Return)
            QTest.keyClick(widget, Qt.Key.Key_Enter)
            assert _status(store, meeting_id) is MeetingStatus.PLANNED, widget
    assert window.isVisible()


def test_start_then_back_to_planned_while_nothing_is_recorded(qtbot, store: Store) -> None:
    meeting_id = _planned(store)
    window = _window(qtbot, store, meeting_id)
    assert not window.back_button.isVisible()
    window.start_button.setFocus()
    QTest.keyClick(window.start_button, Qt.Key.Key_Space)
    assert _status(store, meeting_id) is MeetingStatus.IN_PROGRESS
    assert window.back_button.isVisible()
    window.back_button.setFocus()
    QTest.keyClick(window.back_button, Qt.Key.Key_Return)  # Enter on a focused button presses it
    assert _status(store, meeting_id) is MeetingStatus.PLANNED
    assert window.start_button.isVisible()
    assert not window.back_button.isVisible()
    window.start_button.click()
    prompt = window.detail.safeguarding_item.prompts[0]
    agenda.update_prompt(store, prompt.id, response="One referral, to MASH")
    window.reload()
    assert not window.back_button.isVisible()  # something is recorded: no way back


def test_ctrl_w_closes_the_window(qtbot, store: Store) -> None:
    meeting_id = _planned(store)
    window = _window(qtbot, store, meeting_id, register=False)
    window.agenda_panel.list.setFocus()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.agenda_panel.list.hasFocus())
    QTest.keyClick(window.agenda_panel.list, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: open_window(meeting_id) is None)


def test_esc_closes_the_window_except_while_typing(qtbot, store: Store) -> None:
    meeting_id = _planned(store)
    window = _window(qtbot, store, meeting_id, register=False)
    window.tabs.setCurrentWidget(window.attendees_panel)
    edit = window.attendees_panel.name_edit
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_Escape)
    assert window.isVisible()
    window.tabs.setFocus()
    QTest.keyClick(window.tabs, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: open_window(meeting_id) is None)


def test_close_button_closes_the_window(qtbot, store: Store) -> None:
    meeting_id = _planned(store)
    window = _window(qtbot, store, meeting_id, register=False)
    window.close_button.setFocus()
    QTest.keyClick(window.close_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: open_window(meeting_id) is None)


def _with_attendees(store: Store) -> int:
    meeting_id = _planned(store)
    meetings.add_attendee(store, meeting_id, "Sarah Whitfield", "Council", "Chair")
    meetings.add_attendee(store, meeting_id, "Lena Price", "Barnardo's", "Manager")
    return meeting_id


def test_closed_attendance_box_ignores_arrows_and_wheel_and_focus_stays(
    qtbot, store: Store
) -> None:
    meeting_id = _with_attendees(store)
    window = _window(qtbot, store, meeting_id)
    window.tabs.setCurrentWidget(window.attendees_panel)
    panel = window.attendees_panel
    combo = panel.table.indexWidget(panel.model.index(0, 3))
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    window.activateWindow()
    qtbot.waitUntil(combo.hasFocus)
    QTest.keyClick(combo, Qt.Key.Key_Down)
    QTest.keyClick(combo, Qt.Key.Key_Up)
    QTest.keyClick(combo, Qt.Key.Key_Down)
    wheel = QWheelEvent(
        QPointF(5, 5), combo.mapToGlobal(QPointF(5, 5)), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(combo, wheel)
    attendees = meetings.get_meeting(store, meeting_id).attendees
    assert [a.attendance for a in attendees] == [Attendance.PRESENT, Attendance.PRESENT]
    # Typed into (a letter picks the choice): stored, and the keyboard stays on that row.
    QTest.keyClicks(combo, "A")
    attendees = meetings.get_meeting(store, meeting_id).attendees
    assert attendees[0].attendance is Attendance.APOLOGIES
    focus = QApplication.focusWidget()
    assert isinstance(focus, QComboBox)
    assert panel.table.indexAt(focus.pos()).row() == 0


def test_tab_leaves_the_attendee_table(qtbot, store: Store) -> None:
    window = _window(qtbot, store, _with_attendees(store))
    window.tabs.setCurrentWidget(window.attendees_panel)
    table = window.attendees_panel.table
    assert not table.tabKeyNavigation()
    table.setFocus()
    window.activateWindow()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(window.attendees_panel.model.index(0, 0))
    seen = []
    for _ in range(4):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert any(not (w is table or table.isAncestorOf(w)) for w in seen)
