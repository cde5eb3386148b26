"""A meeting run end to end through the GUI: schedule, attendees, the safeguarding guard,
prompts and concerns, an action, the workflow, the agenda by keyboard, minutes to PDF, and
approval at the next meeting. Stored text is read back through a new Store."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import ActionStatus, AgendaKind, Attendance, MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.ui.meetings import meeting_window
from bscp_monitor.ui.meetings.action_dialog import RaiseActionDialog
from bscp_monitor.ui.meetings.meeting_exports import minutes_file_name
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow
from bscp_monitor.ui.meetings.meetings_model import MeetingsFilterProxy, MeetingsTableModel
from bscp_monitor.ui.meetings.meetings_view import MeetingsView
from bscp_monitor.ui.meetings.schedule_dialog import ScheduleMeetingDialog
from tests.registers import meeting_under_way

RESPONSE = "Three concerns raised, all referred to MASH"


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def warning(_parent, _title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    )
    return shown


@pytest.fixture
def contract_id(store: Store) -> int:
    provider = providers.create_provider(store, "Barnardo's")
    return contracts.create_contract(
        store,
        reference="ECHS-CSE-0114",
        title="CSE Recovery Service",
        provider_id=provider.id,
        start_date=date(2024, 10, 1),
        end_date=date(2030, 9, 30),
    ).id


def _schedule(qtbot, store: Store, contract_id: int, day: date, chair: str) -> int:
    dialog = ScheduleMeetingDialog(store, contract_id)
    qtbot.addWidget(dialog)
    dialog.date_edit.set_value(day)
    QTest.keyClicks(dialog.venue_edit, "Civic Centre, Room 2.14")
    dialog.chair_edit.clear()
    QTest.keyClicks(dialog.chair_edit, chair)
    QTest.keyClicks(dialog.minute_taker_edit, "Daniel Okafor")
    assert dialog.submit()
    assert dialog.result_record is not None
    return dialog.result_record.id


def _open(qtbot, store: Store, meeting_id: int, register: bool = True) -> MeetingWindow:
    window = MeetingWindow(store, meeting_id)
    if register:  # a window closed by the test itself is deleted (WA_DeleteOnClose)
        qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _item(window: MeetingWindow, kind: AgendaKind | None = None, title: str = ""):
    return next(
        i for i in window.detail.items if (kind is not None and i.kind is kind) or i.title == title
    )


def _add_attendee(window: MeetingWindow, name: str, org: str, attendance: Attendance) -> None:
    panel = window.attendees_panel
    QTest.keyClicks(panel.name_edit, name)
    QTest.keyClicks(panel.organisation_edit, org)
    panel.attendance_combo.setCurrentIndex(panel.attendance_combo.findData(attendance))
    panel.add_button.click()


def test_a_meeting_end_to_end(
    qtbot, store: Store, db_path: Path, tmp_path: Path, contract_id: int, messages, monkeypatch
) -> None:
    first_day = date.today() - timedelta(days=7)
    meeting_id = _schedule(qtbot, store, contract_id, first_day, "Sarah Whitfield")
    window = _open(qtbot, store, meeting_id)
    assert window.detail.meeting.status is MeetingStatus.PLANNED
    assert window.start_button.isVisible()

    _add_attendee(window, "Sarah Whitfield", "London Borough of Bromley", Attendance.PRESENT)
    _add_attendee(window, "Joanne Pryce", "Barnardo's", Attendance.PRESENT)
    _add_attendee(window, "Ruth Campbell", "London Borough of Bromley", Attendance.APOLOGIES)
    qtbot.waitUntil(lambda: window.attendees_panel.model.rowCount() == 3)

    window.start_button.click()
    assert window.detail.meeting.status is MeetingStatus.IN_PROGRESS

    # the guard: no safeguarding discussion yet
    window.draft_button.click()
    assert len(messages) == 1
    assert "safeguarding item" in messages[0]
    assert "prompts" in messages[0]
    assert "Traceback" not in messages[0]
    assert meetings.get_meeting(store, meeting_id).meeting.status is MeetingStatus.IN_PROGRESS

    # a prompt response, typed, and a concern
    safeguarding = _item(window, AgendaKind.SAFEGUARDING)
    assert window.select_item(safeguarding.id)
    assert window.editor.safeguarding is not None
    row = window.editor.safeguarding.row_for("concerns_referrals")
    row.response.setFocus()
    QTest.keyClicks(row.response, RESPONSE)
    row.concern.click()
    assert row.concern.isChecked()

    # an action raised from the safeguarding item
    def fill_and_accept(dialog: RaiseActionDialog) -> int:
        QTest.keyClicks(dialog.description_edit, "Send the training matrix")
        dialog.owner_combo.setCurrentText("Joanne Pryce")
        assert dialog.organisation_edit.text() == "Barnardo's"
        return QDialog.DialogCode.Accepted if dialog.submit() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(RaiseActionDialog, "exec", fill_and_accept)
    assert window.editor.raise_button is not None
    window.editor.raise_button.click()
    qtbot.waitUntil(lambda: window.editor.raised_model.rowCount() == 1)

    window.draft_button.click()
    assert len(messages) == 1
    assert window.detail.meeting.status is MeetingStatus.DRAFT_MINUTES
    assert window.reopen_button.isVisible()

    # reorder by keyboard: Finance up one place
    finance = _item(window, title="Finance")
    window.tabs.setCurrentWidget(window.agenda_panel)
    window.select_item(finance.id)
    window.agenda_panel.list.setFocus()
    QTest.keyClick(window.agenda_panel.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.agenda_panel.ids().index(finance.id) == 7)

    # the safeguarding item cannot be removed
    window.select_item(safeguarding.id)
    assert not window.agenda_panel.remove_button.isEnabled()
    window.agenda_panel.list.setFocus()
    QTest.keyClick(window.agenda_panel.list, Qt.Key.Key_Delete)
    assert len(messages) == 2
    assert "cannot be removed" in messages[1]

    # minutes to PDF
    out = tmp_path / "minutes.pdf"
    suggested: list[str] = []

    def save_name(_parent, _caption, default, _filter):
        suggested.append(default)
        return str(out), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    window.export_button.click()
    assert out.exists(), messages
    assert Path(suggested[0]).name == minutes_file_name(window.detail.meeting)
    assert Path(suggested[0]).name == f"Minutes ECHS-CSE-0114 {first_day:%d-%m-%Y}.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    flat = " ".join(text.split())
    for expected in (RESPONSE, "CONCERN", "OFFICIAL-SENSITIVE", "Joanne Pryce", "Ruth Campbell"):
        assert expected in flat, expected

    # what was typed is in the database, seen by a new Store
    fresh = Store.open(db_path)
    try:
        detail = meetings.get_meeting(fresh, meeting_id)
        prompt = next(p for p in detail.safeguarding_item.prompts if p.key == "concerns_referrals")
        assert prompt.response == RESPONSE
        assert prompt.concern
        titles = [i.title for i in detail.items]
        assert titles.index("Finance") == 7
        assert titles.index("Risks and issues") == 8
        assert agenda.item_ids(fresh, meeting_id).index(finance.id) == 7
        assert {a.name: a.attendance for a in detail.attendees}["Ruth Campbell"] is (
            Attendance.APOLOGIES
        )
        (raised,) = actions.meeting_actions(fresh, meeting_id)[0]
        assert raised.owner == "Joanne Pryce"
        assert raised.agenda_item_id == safeguarding.id
    finally:
        fresh.close()

    # the next meeting approves these minutes
    meeting_window.WINDOWS.register(meeting_id, window)
    second_id = _schedule(qtbot, store, contract_id, date.today() + timedelta(days=60), "Pat Lee")
    second = _open(qtbot, store, second_id)
    minutes_item = _item(second, title="Minutes of the last meeting and matters arising")
    second.select_item(minutes_item.id)
    assert second.editor.approve_button is not None
    assert first_day.strftime("%d/%m/%Y") in second.editor.approve_button.text()
    assert not second.editor.approve_button.isEnabled()  # approved at a meeting under way
    assert second.move_to(MeetingStatus.IN_PROGRESS)
    second.select_item(minutes_item.id)
    assert second.editor.approve_button is not None
    assert second.editor.approve_button.isEnabled()
    asked: list[str] = []

    def get_text(_parent, _title, _label, text=""):
        asked.append(text)
        return "Pat Lee", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    second.editor.approve_button.click()
    assert asked == ["Pat Lee"]  # the chair is offered
    qtbot.waitUntil(lambda: window.detail.meeting.status is MeetingStatus.APPROVED)
    assert window.banner.isVisible()
    assert window.banner.text().startswith("Approved by Pat Lee on ")
    assert window.banner.text().endswith("— locked")
    assert window.editor.discussion_edit is not None
    assert window.editor.discussion_edit.isReadOnly()
    assert not window.reopen_button.isVisible()
    assert not window.draft_button.isVisible()
    assert not window.agenda_panel.add_button.isVisible()
    meeting_window.WINDOWS.forget(meeting_id, window)

    fresh = Store.open(db_path)
    try:
        first = meetings.get_meeting(fresh, meeting_id).meeting
        assert first.status is MeetingStatus.APPROVED
        assert first.approved_by == "Pat Lee"
    finally:
        fresh.close()
    assert len(messages) == 2


def test_typed_discussion_is_flushed_on_close(
    qtbot, store: Store, db_path: Path, contract_id: int
) -> None:
    meeting_id = _schedule(qtbot, store, contract_id, date.today(), "Sarah Whitfield")
    window = _open(qtbot, store, meeting_id, register=False)
    item = _item(window, title="Finance")
    window.select_item(item.id)
    edit = window.editor.discussion_edit
    assert edit is not None
    edit.setFocus()
    QTest.keyClicks(edit, "Spend on track")
    assert window.autosaver.has_pending()
    window.close()
    fresh = Store.open(db_path)
    try:
        stored = next(i for i in meetings.get_meeting(fresh, meeting_id).items if i.id == item.id)
        assert stored.discussion == "Spend on track"
    finally:
        fresh.close()


def test_meetings_view_lists_filters_and_opens(qtbot, demo_store: Store) -> None:
    view = MeetingsView(demo_store)
    qtbot.addWidget(view)
    view.show()
    assert view.model.rowCount() == len(meetings.list_meetings(demo_store))
    starts = [
        view.model.record_at(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).starts_at
        for r in range(view.proxy.rowCount())
    ]
    assert starts == sorted(starts, reverse=True)  # newest first
    view.status_combo.setCurrentIndex(view.status_combo.findData(MeetingStatus.APPROVED))
    assert view.proxy.rowCount() == 1
    view.status_combo.setCurrentIndex(0)
    QTest.keyClicks(view.search_edit, "orpington")
    assert view.proxy.rowCount() == 1
    view.search_edit.clear()
    window = view.open_meeting(view.meeting_id_at(0))
    assert isinstance(window, MeetingWindow)
    assert view.open_meeting(window.meeting_id) is window  # one window per meeting
    meeting_id = window.meeting_id
    window.close()
    assert meeting_window.WINDOWS.get(meeting_id) is None


def test_meetings_view_empty_state(qtbot, store: Store) -> None:
    view = MeetingsView(store)
    qtbot.addWidget(view)
    assert view.pages.currentWidget() is view.empty_page
    assert "No contract monitoring meeting" in view.empty_text.text()


def test_meetings_model_passes_the_model_tester(qtbot, demo_store: Store) -> None:
    model = MeetingsTableModel()
    proxy = MeetingsFilterProxy()
    proxy.setSourceModel(model)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_records(meetings.list_meetings(demo_store))
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    proxy.set_search_text("barnardo")
    proxy.set_status(MeetingStatus.PLANNED)
    proxy.set_contract(None)
    model.set_records([])


def _click_item(window: MeetingWindow, item_id: int) -> None:
    agenda_list = window.agenda_panel.list
    row = window.agenda_panel.ids().index(item_id)
    rect = agenda_list.visualItemRect(agenda_list.item(row))
    QTest.mouseClick(agenda_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_minutes_typed_survive_moving_between_items(qtbot, store: Store, contract_id: int) -> None:
    """Type under one item, go to another and back: what was typed is there, and typing on
    adds to it (it used to show the item as it was when the window opened, and typing on
    overwrote what had been saved)."""
    meeting_id = _schedule(qtbot, store, contract_id, date.today(), "Sarah Whitfield")
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    window = _open(qtbot, store, meeting_id)
    first, second = [i for i in window.detail.items if i.kind is AgendaKind.STANDARD][:2]
    _click_item(window, first.id)
    editor = window.editor.discussion_edit
    editor.setFocus()
    QTest.keyClicks(editor, "Invoices paid on time.")
    _click_item(window, second.id)
    _click_item(window, first.id)
    editor = window.editor.discussion_edit  # the editor as shown now
    assert editor.toPlainText() == "Invoices paid on time."
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    QTest.keyClicks(editor, " Budget on track.")
    window.flush()
    stored = next(i for i in meetings.get_meeting(store, meeting_id).items if i.id == first.id)
    assert stored.discussion == "Invoices paid on time. Budget on track."


def test_safeguarding_answers_survive_moving_between_items(
    qtbot, store: Store, contract_id: int
) -> None:
    meeting_id = _schedule(qtbot, store, contract_id, date.today(), "Sarah Whitfield")
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    window = _open(qtbot, store, meeting_id)
    safeguarding = _item(window, AgendaKind.SAFEGUARDING)
    other = next(i for i in window.detail.items if i.kind is AgendaKind.STANDARD)
    _click_item(window, safeguarding.id)
    row = window.editor.safeguarding.rows[0]
    row.concern.setChecked(True)
    row.response.setFocus()
    QTest.keyClicks(row.response, "County lines concern")
    _click_item(window, other.id)
    _click_item(window, safeguarding.id)
    row = window.editor.safeguarding.rows[0]
    assert (row.concern.isChecked(), row.response.toPlainText()) == (True, "County lines concern")


def test_cancel_a_planned_meeting_from_the_list(
    qtbot, store: Store, contract_id: int, monkeypatch
) -> None:
    held = _schedule(qtbot, store, contract_id, date.today() - timedelta(days=30), "Sarah")
    meetings.set_status(store, held, MeetingStatus.IN_PROGRESS)
    planned = _schedule(qtbot, store, contract_id, date.today() + timedelta(days=30), "Sarah")
    view = MeetingsView(store)
    qtbot.addWidget(view)
    changed: list[bool] = []
    view.meetings_changed.connect(lambda: changed.append(True))
    assert view.select_record(held)
    assert not view.cancel_button.isEnabled()  # it has started: part of the record
    assert view.select_record(planned)
    assert view.cancel_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert view.cancel_selected()
    assert [m.id for m in meetings.list_meetings(store)] == [held]
    assert view.model.rowCount() == 1
    assert changed == [True]


def _wait_briefly_for_locks(store: Store) -> None:
    """New connections wait 50 ms for another program's lock, not 5 s."""
    from sqlalchemy import event

    store.engine.dispose()
    event.listen(store.engine, "connect", lambda c, _r: c.execute("PRAGMA busy_timeout=50"))


def test_typing_is_kept_while_the_database_is_locked(
    qtbot, store: Store, contract_id: int, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holds the database's write lock past the busy timeout while the
    minute taker types: the save fails ('database is locked'). The text stays pending (it
    used to be dropped), the user is told once, the window will not close on it, and it is
    saved when the lock is gone."""
    import sqlite3

    shown: list[str] = []
    monkeypatch.setattr(meeting_window, "report_error", lambda _p, _t, text: shown.append(text))
    _wait_briefly_for_locks(store)
    when = datetime(2026, 10, 6, 10, tzinfo=ZoneInfo("Europe/London"))
    meeting_id = meetings.schedule_meeting(store, contract_id, when, chair="Sarah Whitfield").id
    window = _open(qtbot, store, meeting_id, register=False)
    item = _item(window, title="Finance")
    assert window.select_item(item.id)
    QTest.keyClicks(window.editor.discussion_edit, "Two missing-from-home episodes")

    blocker = sqlite3.connect(db_path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        assert window.flush() is False
        assert window.flush() is False  # tried again: still locked, said only once
        assert window.autosaver.has_pending()
        assert len([m for m in shown if "Saving is delayed" in m]) == 1
        assert not window.close()  # the window stays open rather than lose the text
        assert window.isVisible()
    finally:
        blocker.rollback()
        blocker.close()
    assert window.flush() is True
    stored = next(i for i in meetings.get_meeting(store, meeting_id).items if i.id == item.id)
    assert stored.discussion == "Two missing-from-home episodes"
    assert window.close()


def test_typing_kept_while_locked_survives_moving_between_items(
    qtbot, store: Store, contract_id: int, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While saving is delayed (database locked), the user looks at another item and comes
    back: the editor shows what they typed (not the stored text), and typing goes on from
    it; all of it is saved when the lock is gone."""
    import sqlite3

    from PySide6.QtGui import QTextCursor

    monkeypatch.setattr(meeting_window, "report_error", lambda *_a: None)
    _wait_briefly_for_locks(store)
    when = datetime(2026, 10, 6, 10, tzinfo=ZoneInfo("Europe/London"))
    meeting_id = meetings.schedule_meeting(store, contract_id, when, chair="Sarah Whitfield").id
    window = _open(qtbot, store, meeting_id, register=False)
    finance = _item(window, title="Finance")
    other = next(i for i in window.detail.items if i.id != finance.id)
    assert window.select_item(finance.id)
    blocker = sqlite3.connect(db_path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        QTest.keyClicks(window.editor.discussion_edit, "Two missing-from-home episodes")
        assert window.flush() is False
        assert window.select_item(other.id)
        assert window.select_item(finance.id)
        edit = window.editor.discussion_edit
        assert edit.toPlainText() == "Two missing-from-home episodes"
        edit.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(edit, ".")
    finally:
        blocker.rollback()
        blocker.close()
    assert window.flush() is True
    stored = next(i for i in meetings.get_meeting(store, meeting_id).items if i.id == finance.id)
    assert stored.discussion == "Two missing-from-home episodes."
    assert window.close()


def test_closing_the_main_window_saves_open_meetings_first(
    qtbot, store: Store, contract_id: int, tmp_path: Path
) -> None:
    """Typing in a meeting window is saved within 400 ms; quitting the app (closing the main
    window) inside that time must save it too, not leave it behind with the meeting window."""
    from PySide6.QtCore import QSettings

    from bscp_monitor.ui.main_window import MainWindow

    main = MainWindow(
        store, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(main)
    main.show()
    when = datetime(2026, 10, 6, 10, tzinfo=ZoneInfo("Europe/London"))
    meeting_id = meetings.schedule_meeting(store, contract_id, when, chair="Sarah Whitfield").id
    window = MeetingWindow.open_for(main, store, meeting_id)
    finance = _item(window, title="Finance")
    assert window.select_item(finance.id)
    QTest.keyClicks(window.editor.discussion_edit, "Typed just before quitting")
    assert window.autosaver.has_pending()
    assert main.close()
    stored = next(i for i in meetings.get_meeting(store, meeting_id).items if i.id == finance.id)
    assert stored.discussion == "Typed just before quitting"
    assert meeting_window.open_window(meeting_id) is None or not window.isVisible()


def test_opening_another_database_saves_and_closes_meeting_windows(
    qtbot, store: Store, contract_id: int, db_path: Path, tmp_path: Path
) -> None:
    """File > Open database... while a meeting window is open: what was typed is saved to
    the meeting's own database and the window closes (it used to stay open on the old one)."""
    from PySide6.QtCore import QSettings

    from bscp_monitor.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    main = MainWindow(store, settings=settings)
    qtbot.addWidget(main)
    main.show()
    when = datetime(2026, 10, 6, 10, tzinfo=ZoneInfo("Europe/London"))
    meeting_id = meetings.schedule_meeting(store, contract_id, when, chair="Sarah Whitfield").id
    window = MeetingWindow.open_for(main, store, meeting_id)
    finance = _item(window, title="Finance")
    assert window.select_item(finance.id)
    QTest.keyClicks(window.editor.discussion_edit, "Typed before switching")
    other = tmp_path / "other.sqlite3"
    Store.open(other).close()
    assert main.switch_to(other)
    assert meeting_window.open_window(meeting_id) is None
    old = Store.open(db_path)
    try:
        stored = next(i for i in meetings.get_meeting(old, meeting_id).items if i.id == finance.id)
    finally:
        old.close()
    assert stored.discussion == "Typed before switching"


def test_approved_minutes_show_actions_as_they_stood_not_overdue_by_today(
    qtbot, store: Store
) -> None:
    """At the meeting of 60 days ago an action was raised, due 14 days later. At the next
    meeting (30 days ago) it was reported done, and there the first meeting's minutes were
    approved. Opening the approved minutes today, the action must read as it stood at
    that meeting ("Open": it was neither overdue then, nor is it overdue now -- it is done).
    Instead the window's status cell says "Open — overdue" in red, judged against today's
    date: locked, approved minutes now claim the action was overdue (the exported PDF of the
    same minutes says just "Open"), and the mark changes as days pass."""
    today = date.today()
    provider = providers.create_provider(store, "Harbour Youth Trust").id
    contract_id = contracts.create_contract(
        store,
        reference="HYT-1",
        title="Youth support",
        provider_id=provider,
        start_date=today - timedelta(days=400),
        end_date=today + timedelta(days=700),
    ).id
    first = meeting_under_way(store, contract_id, today - timedelta(days=60))
    item = meetings.get_meeting(store, first).safeguarding_item
    action = actions.raise_action(
        store,
        first,
        item.id,
        "Send the updated safeguarding policy",
        "Amira Khan",
        due_on=today - timedelta(days=46),
    )
    meetings.set_status(store, first, MeetingStatus.DRAFT_MINUTES)
    second = meeting_under_way(store, contract_id, today - timedelta(days=30))
    actions.update_action(
        store,
        action.id,
        ActionStatus.DONE,
        "Policy received",
        at_meeting_id=second,
        completed_on=today - timedelta(days=30),
    )
    meetings.approve_minutes(store, first, "Chair", second)

    window = MeetingWindow(store, first)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.select_item(item.id)
    window.grab()
    model = window.editor.raised_model
    assert model.rowCount() == 1
    status = model.index(0, model.columnCount() - 1).data()
    assert status == "Open", status
