"""E-mail drafts read back with the standard library's parser: the minutes addressed to the
attendees with an address, the PDF and Word minutes attached intact byte for byte, a body
with the decisions and each owner's actions; one reminder per owner of open actions."""

from __future__ import annotations

import io
from datetime import date
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.reports import minutes_email
from bscp_monitor.reports.minutes_email import write_action_reminders, write_minutes_email
from tests.registers import make_contract, meeting_under_way


def _meeting(store: Store) -> int:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    meetings.add_attendee(store, meeting_id, "Sarah Whitfield", email="sarah@bromley.gov.uk")
    meetings.add_attendee(store, meeting_id, "Γιώργος Παπαδόπουλος", email="giorgos@example.org")
    meetings.add_attendee(store, meeting_id, "Tom Ellery")  # no address: not addressed
    items = meetings.get_meeting(store, meeting_id).items
    agenda.update_item(store, items[7].id, decisions="Risk register to be reviewed monthly.")
    actions.raise_action(store, meeting_id, items[7].id, "Send the risk register", "Tom Ellery",
                         due_on=date(2026, 3, 30))  # fmt: skip
    actions.raise_action(store, meeting_id, items[5].id, "Book training", "Sarah Whitfield")
    return meeting_id


def _read(path: Path) -> EmailMessage:
    parsed = message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_minutes_draft_addressed_with_both_documents(store: Store, tmp_path: Path) -> None:
    meeting_id = _meeting(store)
    draft = write_minutes_email(store, meeting_id, tmp_path / "minutes.eml")
    assert draft.to == ("sarah@bromley.gov.uk", "giorgos@example.org")
    message = _read(tmp_path / "minutes.eml")
    to = message["To"].addresses
    assert [(a.display_name, a.addr_spec) for a in to] == [
        ("Sarah Whitfield", "sarah@bromley.gov.uk"),
        ("Γιώργος Παπαδόπουλος", "giorgos@example.org"),
    ]
    assert message["Subject"] == "[OFFICIAL-SENSITIVE] Minutes: ECHS-CSE-0114 meeting of 02/03/2026"
    assert message["X-Unsent"] == "1"
    assert message["Date"]
    assert message["Message-ID"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")  # SMTP line endings
    assert "8. Risks and issues\n   Risk register to be reviewed monthly." in text
    assert "Tom Ellery\n  - ECHS-CSE-0114/A001: Send the risk register (open, due 30/03/2026)" in (
        text
    )
    assert "Sarah Whitfield\n  - ECHS-CSE-0114/A002: Book training (open)" in text
    assert "draft until approved" in text

    files = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(files) == {"Minutes ECHS-CSE-0114 02-03-2026.pdf",
                          "Minutes ECHS-CSE-0114 02-03-2026.docx"}  # fmt: skip
    pdf = files["Minutes ECHS-CSE-0114 02-03-2026.pdf"]
    assert pdf.get_content_type() == "application/pdf"
    pages = PdfReader(io.BytesIO(pdf.get_content())).pages
    assert "Contract monitoring meeting" in (pages[0].extract_text() or "")
    word = files["Minutes ECHS-CSE-0114 02-03-2026.docx"].get_content()
    assert Document(io.BytesIO(word)).paragraphs[0].text == "Contract monitoring meeting"


def test_attachments_survive_the_file_byte_for_byte(store: Store, tmp_path: Path) -> None:
    message = minutes_email.minutes_message(store, _meeting(store))
    before = [part.get_content() for part in message.iter_attachments()]
    minutes_email._write(message, tmp_path / "m.eml")
    after = [part.get_content() for part in _read(tmp_path / "m.eml").iter_attachments()]
    assert len(before) == 2
    assert before == after


def test_one_reminder_per_owner_overdue_first(store: Store, tmp_path: Path) -> None:
    meeting_id = _meeting(store)
    items = meetings.get_meeting(store, meeting_id).items
    actions.raise_action(store, meeting_id, items[4].id, "Late report", "Sarah Whitfield",
                         due_on=date(2026, 3, 10))  # fmt: skip
    out = tmp_path / "reminders"
    out.mkdir()
    drafts = write_action_reminders(store, out, date(2026, 3, 20))
    assert sorted(p.name for p in out.iterdir()) == [
        "Actions Sarah Whitfield.eml",
        "Actions Tom Ellery.eml",
    ]
    assert [d.to for d in drafts] == [("sarah@bromley.gov.uk",), ()]
    sarah = _read(out / "Actions Sarah Whitfield.eml")
    assert sarah["Subject"] == "[OFFICIAL-SENSITIVE] Action reminder: 2 open actions (1 overdue)"
    body = sarah.get_body(preferencelist=("plain",))
    assert body is not None
    lines = [line for line in body.get_content().splitlines() if line.startswith("  - ")]
    assert "you have 2 open actions, 1 of them overdue" in body.get_content()
    assert lines == [
        "  - ECHS-CSE-0114/A003: Late report (open, due 10/03/2026) (OVERDUE)",
        "  - ECHS-CSE-0114/A002: Book training (open)",
    ]
    tom = _read(out / "Actions Tom Ellery.eml")
    assert tom["To"] is None  # no address known: the user fills it in
