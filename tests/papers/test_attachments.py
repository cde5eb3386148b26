"""Evidence files: stored in the database with their owner, size, type, who and when;
too large, empty or executable files refused (nothing stored); macro-enabled documents
marked; listed without their bytes; named in the minutes under "Papers"; removal audited."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from bscp_monitor.common.errors import NotFoundError, UserError
from bscp_monitor.data.models import Attachment, AuditEvent
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings
from bscp_monitor.papers import attachments
from bscp_monitor.reports.minutes_docx import export_minutes_docx
from bscp_monitor.reports.minutes_pdf import export_minutes
from tests.registers import make_contract, meeting_under_way

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def _count(store: Store) -> int:
    with store.session() as session:
        return len(session.scalars(select(Attachment.id)).all())


def test_attach_list_open_and_remove(store: Store, tmp_path: Path) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    record = attachments.attach(store, "meeting", meeting_id, "Safeguarding policy.pdf", PDF)
    assert (record.name, record.size, record.content_type) == (
        "Safeguarding policy.pdf", len(PDF), "application/pdf")  # fmt: skip
    assert record.added_by
    assert record.added_at is not None
    assert not record.risky
    assert record.size_text == "10 KB"
    assert attachments.list_attachments(store, "meeting", meeting_id) == [record]
    copy = attachments.save_copy(store, record.id, tmp_path)
    assert copy.name == "Safeguarding policy.pdf"
    assert copy.read_bytes() == PDF  # byte for byte

    attachments.remove_attachment(store, record.id)
    assert attachments.list_attachments(store, "meeting", meeting_id) == []
    with store.session() as session:
        trail = session.scalars(
            select(AuditEvent.summary).where(AuditEvent.entity == "attachment")
        ).all()
    assert any(s.startswith("Removed Safeguarding policy.pdf (10 KB)") for s in trail)
    with pytest.raises(NotFoundError):
        attachments.remove_attachment(store, record.id)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("setup.exe", b"MZ\x90\x00", "program or script"),
        ("policy.pdf", b"MZ\x90\x00rest", "program or script"),  # a program renamed
        ("run.ps1", b"Write-Host hi", "program or script"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_dangerous_or_empty_files_are_refused(
    store: Store, name: str, data: bytes, words: str
) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    with pytest.raises(UserError, match=words):
        attachments.attach(store, "meeting", meeting_id, name, data)
    assert _count(store) == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    monkeypatch.setattr(attachments, "MAX_BYTES", 1000)
    big = tmp_path / "matrix.xlsx"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(UserError, match=r"matrix\.xlsx is 1001 bytes; files of up to 1000"):
        attachments.attach_file(store, "meeting", meeting_id, big)
    assert _count(store) == 0
    with pytest.raises(NotFoundError):
        attachments.attach(store, "thematic_check", 999, "a.pdf", b"%PDF")
    with pytest.raises(UserError):
        attachments.attach(store, "provider", 1, "a.pdf", b"%PDF")


def test_papers_named_in_the_minutes(store: Store, tmp_path: Path) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    item = meetings.get_meeting(store, meeting_id).safeguarding_item
    number = 1 + [i.id for i in meetings.get_meeting(store, meeting_id).items].index(item.id)
    attachments.attach(store, "agenda_item", item.id, "Training matrix.xlsm", b"PK\x03\x04data")
    attachments.attach(store, "meeting", meeting_id, "Agenda pack.pdf", PDF)
    papers = attachments.meeting_papers(store, meeting_id)
    assert [p.name for p in papers] == ["Agenda pack.pdf", "Training matrix.xlsm"]
    assert papers[1].risky  # macro-enabled: kept, marked

    pdf = export_minutes(store, meeting_id, tmp_path / "m.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "Papers" in text
    assert "Agenda pack.pdf" in text
    assert "Training matrix.xlsm (macro-enabled: open with care)" in text
    doc = Document(str(export_minutes_docx(store, meeting_id, tmp_path / "m.docx")))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Paper")
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [
        ["Agenda pack.pdf", "10 KB", "The meeting"],
        ["Training matrix.xlsm (macro-enabled: open with care)", "8 bytes",
         f"{number}. {item.title}"],
    ]  # fmt: skip
    assert io.BytesIO(attachments.attachment_data(store, papers[0].id)).read() == PDF


def test_approved_minutes_papers_are_fixed(demo_store: Store) -> None:
    from bscp_monitor.data.enums import MeetingStatus

    approved = next(
        m.id for m in meetings.list_meetings(demo_store) if m.status is MeetingStatus.APPROVED
    )
    with pytest.raises(UserError, match="approved and locked"):
        attachments.attach(demo_store, "meeting", approved, "late.pdf", b"%PDF")
    item = meetings.get_meeting(demo_store, approved).items[0]
    with pytest.raises(UserError, match="approved and locked"):
        attachments.attach(demo_store, "agenda_item", item.id, "late.pdf", b"%PDF")
    assert _count(demo_store) == 0
