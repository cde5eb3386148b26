"""The Word minutes hold the same content in the same order as the PDF minutes, on every
meeting of the demo (every status): the text of each, read back with its own library
(pypdf, which reads a reportlab page in drawing order; python-docx paragraphs and table
cells in document order), is the same word for word once the PDF's page furniture and the
table header rows it repeats on a new page are set aside."""

from __future__ import annotations

import difflib
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from bscp_monitor.data.enums import MeetingStatus, MetricDirection, MetricFrequency, MetricUnit
from bscp_monitor.data.models import MetricDefinition, MetricEntry
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings
from bscp_monitor.papers import attachments
from bscp_monitor.reports.minutes_docx import export_minutes_docx
from bscp_monitor.reports.minutes_pdf import export_minutes

#: What every PDF page carries besides the content.
_FURNITURE = re.compile(r"OFFICIAL-SENSITIVE|\S+ · Minutes of \d\d/\d\d/\d{4}|Page \d+ of \d+")


def _docx_words(path: Path) -> list[str]:
    """The document's words: paragraphs and table cells (row by row) in document order."""
    blocks: list[str] = []

    def text(element: Any) -> str:  # a line break or tab is a space between words
        return "".join(
            (t.text or "") if t.tag == qn("w:t") else " "
            for t in element.iter(qn("w:t"), qn("w:br"), qn("w:tab"))
        )

    for child in Document(str(path)).element.body:
        if child.tag == qn("w:p"):
            blocks.append(text(child))
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                blocks += [text(p) for p in cell.iter(qn("w:p"))]
    return " ".join(blocks).split()


def _pdf_words(path: Path, headers: list[list[str]], draft: bool) -> list[str]:
    """The PDF's words in drawing order, without furniture, the DRAFT watermark (once a
    page) or the header rows repeated on a new page."""
    words: list[str] = []
    for page in PdfReader(path).pages:
        page_words = _FURNITURE.sub(" ", page.extract_text() or "").split()
        if draft:
            page_words.remove("DRAFT")
        if words:  # a table going on from the last page repeats its header row first
            for header in headers:
                if page_words[: len(header)] == header:
                    page_words = page_words[len(header) :]
                    break
        words += page_words
    return words


#: The header row of each table that may go on over a page.
HEADERS = [
    h.split()
    for h in (
        "Name Organisation Role",
        "Paper Size For",
        "# Prompt Response Flag",
        "Metric Period Value Target RAG",
        "Ref Action Owner Due Status History",
        "Ref Action Owner Due Status",
    )
]


#: Parts of the minutes the meetings compared must hold between them.
MARKERS = (
    "Papers", "Quarterly return.xlsx", "Training matrix.docm (macro-enabled",
    "Metrics recorded at this meeting", "Declarations of interest",
    "were agreed as a correct record", "OVERDUE", "Not discussed:", "CONCERN",
    "Approved by", "DRAFT: these minutes", "Actions carried forward",
)  # fmt: skip


def test_word_and_pdf_minutes_say_the_same_in_the_same_order(
    demo_store: Store, tmp_path: Path
) -> None:
    planned = next(m for m in meetings.list_meetings(demo_store)
                   if m.status is MeetingStatus.PLANNED)  # fmt: skip
    under_way = meetings.schedule_meeting(
        demo_store, planned.contract_id, planned.starts_at - timedelta(days=7)
    )
    meetings.set_status(demo_store, under_way.id, MeetingStatus.IN_PROGRESS)
    # Papers and metric values recorded at the meeting, which the demo's meetings lack.
    item = meetings.get_meeting(demo_store, under_way.id).items[-1]
    attachments.attach(demo_store, "meeting", under_way.id, "Quarterly return.xlsx", b"x" * 2048)
    attachments.attach(demo_store, "agenda_item", item.id, "Training matrix.docm", b"PK" * 9)
    with demo_store.session() as session:
        metric = MetricDefinition(
            contract_id=planned.contract_id, name="Visits within 10 working days",
            unit=MetricUnit.PERCENTAGE, target=95, direction=MetricDirection.HIGHER_IS_BETTER,
            amber_threshold=90, red_threshold=80, frequency=MetricFrequency.MONTHLY,
        )  # fmt: skip
        session.add(metric)
        session.flush()
        session.add(MetricEntry(definition_id=metric.id, period_start=date(2026, 1, 1),
                                value=88, meeting_id=under_way.id))  # fmt: skip
    listed = meetings.list_meetings(demo_store)
    assert {m.status for m in listed} >= {
        MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS, MeetingStatus.DRAFT_MINUTES,
        MeetingStatus.APPROVED,
    }  # fmt: skip
    seen: set[str] = set()
    for m in listed:
        pdf = export_minutes(demo_store, m.id, tmp_path / f"{m.id}.pdf")
        docx = export_minutes_docx(demo_store, m.id, tmp_path / f"{m.id}.docx")
        in_pdf, in_word = _pdf_words(pdf, HEADERS, draft=not m.locked), _docx_words(docx)
        diff = [
            line
            for line in difflib.unified_diff(in_pdf, in_word, "pdf", "docx", n=4, lineterm="")
        ]
        assert in_pdf == in_word, f"meeting {m.id} ({m.status.value}):\n" + "\n".join(diff[:60])
        seen |= {marker for marker in MARKERS if marker in " ".join(in_word)}
    assert seen == set(MARKERS)  # what the comparison covered


def test_word_marks_concerns_and_overdue_actions_in_red(demo_store: Store, tmp_path: Path) -> None:
    red: list[tuple[str, bool]] = []
    for m in meetings.list_meetings(demo_store):
        doc = Document(str(export_minutes_docx(demo_store, m.id, tmp_path / f"{m.id}.docx")))
        red += [
            (run.text, bool(run.bold))
            for table in doc.tables
            for row in table.rows
            for cell in row.cells
            for paragraph in cell.paragraphs
            for run in paragraph.runs
            if run.font.color.rgb is not None and str(run.font.color.rgb) == "B3261E"
        ]
    assert ("CONCERN", True) in red
    assert any(text.endswith("— OVERDUE") and not bold for text, bold in red)
    assert all(text == "CONCERN" or "OVERDUE" in text or "/" in text for text, _ in red)
