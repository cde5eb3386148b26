"""The meeting window's documents: minutes as Word through the Export dialog, minutes as an
e-mail draft opened in the mail program, action reminders from the actions page."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.ui.meetings.actions_view import ActionsView
from bscp_monitor.ui.meetings.meeting_window import MINUTES_DOCX, MeetingWindow
from tests.registers import make_contract, meeting_under_way


@pytest.fixture
def window(qtbot, store: Store, monkeypatch: pytest.MonkeyPatch) -> MeetingWindow:
    def refuse(_parent, _title, text, *args, **kwargs):
        raise AssertionError(text)

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(refuse))
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
