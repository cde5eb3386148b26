"""The Papers tab of a meeting: files attached from the file dialog, listed with size and
who added them, opened with the default program, removed after a question; a program is
refused in one message and nothing is stored; approved minutes' papers are read-only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bscp_monitor.data.store import Store
from bscp_monitor.papers import attachments
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow
from tests.registers import make_contract, meeting_under_way


def test_papers_attached_opened_and_removed(
    qtbot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    window = MeetingWindow(store, meeting_id)
    qtbot.addWidget(window)
    window.show()
    panel = window.papers_panel
    assert window.tabs.tabText(window.tabs.indexOf(panel.parentWidget())) == "Papers"

    policy = tmp_path / "Safeguarding policy.pdf"
    policy.write_bytes(b"%PDF-1.4 policy")
    tool = tmp_path / "tool.exe"
    tool.write_bytes(b"MZ\x90\x00")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *_a, **_k: ([str(policy), str(tool)], "")))  # fmt: skip
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text: warnings.append(text))
    )
    assert panel.choose_and_attach() == 1
    assert len(warnings) == 1 and "tool.exe is a program or script" in warnings[0]  # noqa: PT018
    assert [r.name for r in attachments.list_attachments(store, "meeting", meeting_id)] == [
        "Safeguarding policy.pdf"
    ]
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == "Safeguarding policy.pdf"
    assert panel.table.item(0, 1).text() == "15 bytes"

    panel.select_row(0)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    path = panel.open_selected()
    assert path is not None
    assert opened == [QUrl.fromLocalFile(str(path))]
    assert path.read_bytes() == b"%PDF-1.4 policy"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert panel.remove_selected()
    assert panel.table.rowCount() == 0
    assert attachments.list_attachments(store, "meeting", meeting_id) == []

    # an agenda item's papers: chosen above the list
    item = window.detail.safeguarding_item
    window.papers_for.setCurrentIndex(window.papers_for.findData(f"agenda_item:{item.id}"))
    assert (panel.owner_kind, panel.owner_id) == ("agenda_item", item.id)
    assert panel.attach_paths([policy]) == 1
    (paper,) = attachments.meeting_papers(store, meeting_id)
    assert (paper.owner_kind, paper.owner_id) == ("agenda_item", item.id)
    window.reload()  # the choice is kept
    assert (panel.owner_kind, panel.owner_id) == ("agenda_item", item.id)
    assert panel.table.rowCount() == 1


def test_a_thematic_checks_evidence(qtbot, store: Store, tmp_path: Path) -> None:
    from bscp_monitor.meetings import thematic_checks
    from bscp_monitor.ui.kit.attachments_panel import AttachmentsDialog
    from bscp_monitor.ui.quality.thematic_view import ThematicView

    check = thematic_checks.plan_check(store, make_contract(store), "Neglect", date(2026, 3, 2))
    view = ThematicView(store)
    qtbot.addWidget(view)
    view.show()
    assert not view.evidence_button.isEnabled()
    assert view.select(check.id)
    assert view.evidence_button.isEnabled()
    dialog = view.show_evidence()
    assert isinstance(dialog, AttachmentsDialog)
    qtbot.addWidget(dialog)
    photo = tmp_path / "certificate.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    assert dialog.panel.attach_paths([photo]) == 1
    (stored,) = attachments.list_attachments(store, "thematic_check", check.id)
    assert (stored.name, stored.content_type) == ("certificate.jpg", "image/jpeg")


def test_a_self_assessments_evidence(qtbot, store: Store, tmp_path: Path) -> None:
    from bscp_monitor.contracts import providers
    from bscp_monitor.contracts.self_assessments import add_self_assessment
    from bscp_monitor.data.enums import AssessmentStage, Rag
    from bscp_monitor.ui.contracts.self_assessments_panel import SelfAssessmentsPanel

    contract = make_contract(store)
    provider = providers.find_provider(store, "Barnardo's")
    assert provider is not None
    panel = SelfAssessmentsPanel(store, provider.id, contract)
    qtbot.addWidget(panel)
    assert not panel.evidence_button.isEnabled()  # nothing to attach to yet
    done = add_self_assessment(store, provider.id, date(2026, 1, 5),
                               list(AssessmentStage)[0], Rag.GREEN)  # fmt: skip
    panel.reload()
    assert panel.evidence_button.isEnabled()
    dialog = panel.show_evidence()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Evidence of the self-assessment of 05/01/2026"
    audit_file = tmp_path / "Section 11 audit.docx"
    audit_file.write_bytes(b"PK\x03\x04 docx")
    assert dialog.panel.attach_paths([audit_file]) == 1
    (stored,) = attachments.list_attachments(store, "self_assessment", done.id)
    assert stored.name == "Section 11 audit.docx"
