"""The meeting window's documents: minutes as Word through the Export dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bscp_monitor.data.store import Store
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
