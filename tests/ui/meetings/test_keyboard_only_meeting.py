"""A whole meeting by keyboard alone (key events only: no clicks, no slot calls), from the
Meetings page to the exported PDF: open the meeting, add attendees and mark one's apologies,
start it, type the discussion and decisions, answer a safeguarding question and flag a
concern, raise an action with owner and due date, record a metric value, mark the minutes as
draft, export the PDF and close the window. The PDF is read back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from bscp_monitor.common.database import Store
from bscp_monitor.data.enums import Attendance, MeetingStatus
from bscp_monitor.meetings import actions, meetings, metrics, minuted_metrics
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.meetings.action_dialog import RaiseActionDialog
from bscp_monitor.ui.meetings.meeting_window import open_window
from tests.registers import make_contract


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None, "the keyboard is nowhere: focus was lost"
    QTest.keyClick(focus, key, modifier)


def _type(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def _tab_to(qtbot, wanted: QWidget, limit: int = 120) -> None:
    """Press Tab until ``wanted`` has the keyboard (as a user would)."""
    for _ in range(limit):
        if QApplication.focusWidget() is wanted:
            return
        _key(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {wanted!r} ({wanted.accessibleName()})")


def _down_to(qtbot, text: str, limit: int = 20) -> None:
    """Home, then arrow down a list until its current item reads ``text``."""
    view = QApplication.focusWidget()
    _key(Qt.Key.Key_Home)
    for _ in range(limit):
        if text in str(view.currentIndex().data()):
            return
        _key(Qt.Key.Key_Down)
    raise AssertionError(f"no item {text!r}")


@pytest.fixture
def planned(store: Store) -> int:
    contract_id = make_contract(store, start=date(2024, 1, 1))
    metrics.add_from_library(store, contract_id, "Waiting list")
    return meetings.schedule_meeting(store, contract_id, datetime(2026, 11, 10, 10, tzinfo=UTC)).id


def test_a_whole_meeting_by_keyboard(
    qtbot, store: Store, planned: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "minutes.pdf"
    monkeypatch.setattr(  # the system's save dialog: the file name typed there
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    # The Meetings page (Ctrl+4); Tab to its table; Enter opens the meeting.
    _key(Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = main.stack.currentWidget()
    qtbot.waitUntil(lambda: hasattr(page, "table"))
    _tab_to(qtbot, page.table)
    _key(Qt.Key.Key_Down)
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: open_window(planned) is not None)
    window = open_window(planned)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isAncestorOf(QApplication.focusWidget()))

    # Attendees (Ctrl+Tab to the tab): two people, the second sends apologies.
    assert QApplication.focusWidget() is window.agenda_panel.list
    _key(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    panel = window.attendees_panel
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is panel)
    _tab_to(qtbot, panel.name_edit)
    _type("Sarah Whitfield")
    _key(Qt.Key.Key_Return)
    _type("Lena Price")
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    _tab_to(qtbot, panel.table)
    _key(Qt.Key.Key_Down)  # Lena Price
    for _ in range(3):
        _key(Qt.Key.Key_Right)  # to Attendance
    _type("A")  # Apologies
    people = {a.name: a.attendance for a in meetings.get_meeting(store, planned).attendees}
    assert people == {"Sarah Whitfield": Attendance.PRESENT, "Lena Price": Attendance.APOLOGIES}
    assert meetings.get_meeting(store, planned).meeting.status is MeetingStatus.PLANNED

    # Start the meeting (Tab to the button, Space).
    _tab_to(qtbot, window.start_button)
    _key(Qt.Key.Key_Space)
    assert meetings.get_meeting(store, planned).meeting.status is MeetingStatus.IN_PROGRESS

    # The agenda: back to its tab, arrow to an item, type its discussion and decisions.
    _tab_to(qtbot, window.tabs.tabBar())
    _key(Qt.Key.Key_Left)
    _tab_to(qtbot, window.agenda_panel.list)
    _down_to(qtbot, "Risks and issues")
    _tab_to(qtbot, window.editor.discussion_edit)
    _type("The provider's risk register was reviewed.")
    _tab_to(qtbot, window.editor.decisions_edit)
    _type("Risk register to be reviewed monthly.")

    # Safeguarding: answer a question, flag a concern, raise an action (owner, due date).
    _tab_to(qtbot, window.agenda_panel.list)
    _down_to(qtbot, "Safeguarding")
    rows = window.editor.safeguarding.rows
    _tab_to(qtbot, rows[0].response)
    _type("Two referrals to MASH, both accepted.")
    _tab_to(qtbot, rows[7].response)
    _type("County lines concern near two schools.")
    _tab_to(qtbot, rows[7].concern)
    _key(Qt.Key.Key_Space)

    def fill_action() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RaiseActionDialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.description_edit)
        _type("Send the exploitation risk assessment")
        _key(Qt.Key.Key_Tab)
        _type("Lena Price")
        _key(Qt.Key.Key_Tab)
        _type("Barnardo's")
        _key(Qt.Key.Key_Tab)
        _type("1/12/26")
        _key(Qt.Key.Key_Return)

    _tab_to(qtbot, window.editor.raise_button)
    QTimer.singleShot(0, fill_action)
    _key(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.editor.raised_model.rowCount() == 1)
    # The keyboard is back where it was: on the (rebuilt) Raise action button.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor.raise_button)

    # Performance: a value for the metric, recorded with Enter.
    _tab_to(qtbot, window.agenda_panel.list)
    _down_to(qtbot, "Performance")
    row = window.editor.metrics_panel.rows[0]
    _tab_to(qtbot, row.edit)
    _type("7")
    _key(Qt.Key.Key_Return)
    assert row.minuted_label.text() == "✓ Minuted"

    # Draft minutes, export, close.
    _tab_to(qtbot, window.draft_button)
    _key(Qt.Key.Key_Space)
    assert meetings.get_meeting(store, planned).meeting.status is MeetingStatus.DRAFT_MINUTES
    _tab_to(qtbot, window.export_button)
    _key(Qt.Key.Key_Space)
    qtbot.waitUntil(out.exists)
    _key(Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: open_window(planned) is None)

    (action,) = actions.list_actions(store)
    assert (action.owner, action.due_on) == ("Lena Price", date(2026, 12, 1))
    assert [v.entry.value for v in minuted_metrics.meeting_values(store, planned)] == [7]
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    assert "Present Name Organisation Role Sarah Whitfield" in text
    assert "Apologies Name Organisation Role Lena Price" in text
    assert "The provider's risk register was reviewed." in text
    assert "Risk register to be reviewed monthly." in text
    assert "Two referrals to MASH, both accepted." in text
    assert "County lines concern near two schools. CONCERN" in text
    assert "1 concern flagged." in text
    assert "Send the exploitation risk assessment" in text
    assert "01/12/2026" in text
    assert "Waiting list" in text
    assert "DRAFT" in text
