"""Minutes shaped like a council's: a declarations-of-interest item; item 2 records that the
last minutes were agreed as a correct record when they were approved at this meeting;
headings kept with the text that follows; overdue actions marked in the action log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import KeepTogether, Paragraph

from bscp_monitor.data.enums import MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.reports.minutes_pdf import export_minutes, kept_with_next, minutes_story
from bscp_monitor.reports.pdf_layout import styles
from tests.registers import make_contract, meeting_under_way

AGREED = "The minutes of the meeting on 01/10/2026 were agreed as a correct record."


def _text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def _two_meetings(store: Store) -> tuple[int, int]:
    contract_id = make_contract(store)
    first = meeting_under_way(store, contract_id, date(2026, 10, 1))
    item = meetings.get_meeting(store, first).safeguarding_item
    actions.raise_action(
        store, first, item.id, "Send the training matrix", "Lena Price", due_on=date(2026, 11, 1)
    )
    actions.raise_action(
        store, first, item.id, "Book the audit", "Lena Price", due_on=date(2027, 3, 1)
    )
    meetings.set_status(store, first, MeetingStatus.DRAFT_MINUTES)
    second = meeting_under_way(store, contract_id, date(2026, 12, 3))
    return first, second


def test_item_two_records_the_minutes_agreed_here(store: Store, tmp_path: Path) -> None:
    first, second = _two_meetings(store)
    before = _text(export_minutes(store, second, tmp_path / "before.pdf"))
    assert "3. Declarations of interest" in before
    assert "agreed as a correct record" not in before  # not yet approved

    meetings.approve_minutes(store, first, "Sarah Whitfield", second)
    text = _text(export_minutes(store, second, tmp_path / "second.pdf"))
    assert f"2. Minutes of the last meeting and matters arising {AGREED}" in text
    assert "agreed as a correct record" not in _text(
        export_minutes(store, first, tmp_path / "first.pdf")
    )


def test_overdue_actions_are_marked_in_the_action_log(store: Store, tmp_path: Path) -> None:
    _first, second = _two_meetings(store)
    text = _text(export_minutes(store, second, tmp_path / "second.pdf"))
    log = text[text.index("Action log Actions raised") :]
    matrix = log[log.index("Send the training matrix") :]
    assert matrix.index("OVERDUE") < matrix.index("Book the audit")  # due 01/11: overdue
    assert "OVERDUE" not in matrix[matrix.index("Book the audit") :]  # due 01/03/2027: not


def test_every_heading_is_kept_with_what_follows(store: Store) -> None:
    _first, second = _two_meetings(store)
    first_item = meetings.get_meeting(store, second).items[0]
    agenda.update_item(store, first_item.id, discussion="All present.", decisions="None.")
    detail = meetings.get_meeting(store, second)
    story = minutes_story(detail, [], [])
    headings = {styles()[name].name for name in ("h1", "h2")}
    loose = [f for f in story if isinstance(f, Paragraph) and f.style.name in headings]
    assert loose == []
    kept = [f for f in story if isinstance(f, KeepTogether)]
    assert len(kept) >= len(detail.items)
    lone = Paragraph("Discussion", styles()["h2"])
    assert kept_with_next([lone]) == [lone]  # a heading at the very end has nothing to join


def test_the_word_minutes_print_only_the_questions_answered(store: Store, tmp_path: Path) -> None:
    from docx import Document

    from bscp_monitor.meetings.prompt_set import safeguarding_prompts
    from bscp_monitor.reports.minutes_docx import export_minutes_docx

    _first, second = _two_meetings(store)
    item = meetings.get_meeting(store, second).safeguarding_item
    agenda.update_prompt(store, item.prompts[1].id, response="One allegation, referred.")
    document = Document(str(export_minutes_docx(store, second, tmp_path / "minutes.docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    prompts = safeguarding_prompts()
    assert prompts[1].question in text
    assert "One allegation, referred." in text
    assert prompts[2].question not in text
    assert "No response recorded" not in text
    topics = "; ".join(f"6.{n} {prompts[n - 1].topic}" for n in (1, 3, 4, 5, 6, 7, 8, 9))
    assert f"Not discussed: {topics}." in text
