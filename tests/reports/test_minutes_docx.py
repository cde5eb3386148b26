"""Minutes and the action log as Word documents, read back with python-docx: real Heading
1/2 styles in the PDF's order, table header rows that repeat, the marking in header and
footer, page numbers as fields, DRAFT until approved, the document's properties."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from bscp_monitor.data.enums import MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.reports.action_log import export_action_log
from bscp_monitor.reports.minutes_docx import export_minutes_docx
from bscp_monitor.reports.minutes_pdf import export_minutes
from tests.reports.test_pdf_unicode import SAMPLES
from tests.reports.test_pdf_unicode import _meeting as multilingual_meeting


def _meeting_in(store: Store, status: MeetingStatus) -> int:
    return next(m.id for m in meetings.list_meetings(store) if m.status is status)


def _headings(doc: object, level: int) -> list[str]:
    return [
        p.text
        for p in doc.paragraphs
        if p.style.name == f"Heading {level}"  # type: ignore[attr-defined]
    ]


def _fields(part: object) -> list[str]:
    element = part._element  # type: ignore[attr-defined]
    return [t.text.strip() for t in element.iter(qn("w:instrText"))]


def test_minutes_as_word_follow_the_pdf(demo_store: Store, tmp_path: Path) -> None:
    meeting_id = _meeting_in(demo_store, MeetingStatus.APPROVED)
    doc = Document(str(export_minutes_docx(demo_store, meeting_id, tmp_path / "m.docx")))
    detail = meetings.get_meeting(demo_store, meeting_id)
    items = [f"{n}. {i.title}" for n, i in enumerate(detail.items, start=1)]
    assert _headings(doc, 1) == [*items, "Action log"]
    assert "Present" in _headings(doc, 2)
    assert "Discussion" in _headings(doc, 2)

    pdf = export_minutes(demo_store, meeting_id, tmp_path / "m.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    positions = [text.index(h) for h in [*items, "Action log Actions raised"]]
    assert positions == sorted(positions)  # the same sections in the same order

    section = doc.sections[0]
    header = " ".join(p.text for p in section.header.paragraphs)
    footer = " ".join(p.text for p in section.footer.paragraphs)
    assert "OFFICIAL-SENSITIVE" in header
    assert "DRAFT" not in header
    assert "OFFICIAL-SENSITIVE" in footer
    assert _fields(section.footer) == ["PAGE", "NUMPAGES"]
    assert any(p.text.startswith("Approved by ") for p in doc.paragraphs)

    props = doc.core_properties
    assert props.title == f"Minutes: {detail.meeting.contract_reference} " + (
        detail.meeting.contract_title
    )
    assert props.subject == "Minutes of a contract monitoring meeting (OFFICIAL-SENSITIVE)"
    assert props.language == "en-GB"


def test_every_table_repeats_its_header_row(demo_store: Store, tmp_path: Path) -> None:
    meeting_id = _meeting_in(demo_store, MeetingStatus.APPROVED)
    doc = Document(str(export_minutes_docx(demo_store, meeting_id, tmp_path / "m.docx")))
    tables = doc.tables[1:]  # the first is the meeting's facts, which has no header
    assert len(tables) >= 3
    for table in tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(r._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
                   for r in table.rows[1:])  # fmt: skip
    safeguarding = next(t for t in tables if t.rows[0].cells[1].text == "Prompt")
    assert [c.text for c in safeguarding.rows[0].cells] == ["#", "Prompt", "Response", "Flag"]


def test_draft_minutes_say_draft_in_the_header(store: Store, tmp_path: Path) -> None:
    meeting_id = multilingual_meeting(store)
    doc = Document(str(export_minutes_docx(store, meeting_id, tmp_path / "m.docx")))
    header = " ".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "OFFICIAL-SENSITIVE" in header
    assert "DRAFT" in header
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    for sample in SAMPLES.values():  # Word keeps every script as typed
        assert sample in body
        assert sample in cells
    assert "👍" in body  # and the emoji: Word can draw it
    assert doc.paragraphs[-1].text.startswith("DRAFT: these minutes are not yet approved.")


def test_action_log_as_word(demo_store: Store, tmp_path: Path) -> None:
    records = actions.list_actions(demo_store)
    doc = Document(str(export_action_log(records, tmp_path / "a.docx", "All contracts")))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Ref", "Action", "Owner"]
    assert [r.cells[0].text for r in table.rows[1:]] == [r.ref for r in records]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text
    assert _fields(section.footer) == ["PAGE", "NUMPAGES"]
