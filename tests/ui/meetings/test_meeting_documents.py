"""The meeting window's documents: minutes as Word through the Export dialog, minutes as an
e-mail draft opened in the mail program, action reminders from the actions page, calendar
invitations and cancellations opened in the calendar program."""

from __future__ import annotations

from datetime import date, datetime
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bscp_monitor.common.clock import to_utc
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.reports import calendar_ics
from bscp_monitor.ui.meetings.actions_view import ActionsView
from bscp_monitor.ui.meetings.meeting_exports import MINUTES_DOCX
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow
from bscp_monitor.ui.meetings.meetings_view import MeetingsView
from tests.registers import make_contract, meeting_under_way


def _refuse(_parent: object, _title: str, text: str, *args: object, **kwargs: object) -> None:
    raise AssertionError(text)


@pytest.fixture
def window(qtbot, store: Store, monkeypatch: pytest.MonkeyPatch) -> MeetingWindow:
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(_refuse))
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    shown = MeetingWindow(store, meeting_id)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_minutes_exported_as_word(
    window: MeetingWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "minutes"  # no extension: the chosen type gives it
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), MINUTES_DOCX))
    )
    window.export_minutes()
    written = tmp_path / "minutes.docx"
    doc = Document(str(written))
    assert doc.paragraphs[0].text == "Contract monitoring meeting"
    assert "minutes.docx" in window.saved_label.text()


def test_send_minutes_opens_a_draft_in_the_mail_program(
    window: MeetingWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings.add_attendee(store, window.meeting_id, "Sarah Whitfield", email="sarah@bromley.gov.uk")
    window.reload()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    path = window.send_minutes()
    assert path is not None
    assert opened == [QUrl.fromLocalFile(str(path))]
    message = message_from_bytes(path.read_bytes(), policy=default)
    assert [a.addr_spec for a in message["To"].addresses] == ["sarah@bromley.gov.uk"]
    assert len(list(message.iter_attachments())) == 2
    assert "1 attendee" in window.saved_label.text()


def test_reminders_written_to_the_chosen_folder(
    qtbot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    actions.raise_action(store, meeting_id, None, "Send the policy", "Tom Ellery")
    view = ActionsView(store)
    qtbot.addWidget(view)
    view.refresh()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(tmp_path))
    )
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    assert view.write_reminders() == [tmp_path / "Actions Tom Ellery.eml"]
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]
    assert "1 reminder draft saved" in view.message_label.text()


def test_calendar_invite_opened_in_the_calendar_program(
    window: MeetingWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings.add_attendee(store, window.meeting_id, "Sarah Whitfield", email="sarah@bromley.gov.uk")
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    path = window.calendar_invite()
    assert path is not None
    assert opened == [QUrl.fromLocalFile(str(path))]
    cal = Calendar.from_ical(path.read_bytes())
    assert str(cal["METHOD"]) == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:sarah@bromley.gov.uk"  # one: not a list


def test_cancelling_an_invited_meeting_opens_its_cancellation(
    qtbot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = make_contract(store)
    planned = meetings.schedule_meeting(store, contract, to_utc(datetime(2030, 7, 1, 10))).id
    meetings.add_attendee(store, planned, "Sarah Whitfield", email="sarah@bromley.gov.uk")
    uid = str(calendar_ics.meeting_invitation(store, planned).walk("VEVENT")[0]["UID"])
    view = MeetingsView(store)
    qtbot.addWidget(view)
    assert view.select_record(planned)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(_refuse))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    assert view.cancel_selected()
    assert meetings.list_meetings(store) == []
    (url,) = opened
    cal = Calendar.from_ical(Path(url.toLocalFile()).read_bytes())
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(cal.walk("VEVENT")[0]["UID"]) == uid
