"""The minutes PDF, read back as text: every section, the marking on every page, page
numbers, the DRAFT state and approval, long text and long tables across pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from bscp_monitor.common.errors import UserError
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.enums import ActionStatus, Attendance, MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.meetings.prompt_set import safeguarding_prompts
from bscp_monitor.reports.minutes_pdf import export_minutes

LONDON = ZoneInfo("Europe/London")
TITLES = [
    "Welcome and apologies",
    "Minutes of the last meeting and matters arising",
    "Declarations of interest",
    "Action log review",
    "Performance and metrics",
    "Safeguarding",
    "Voice of the child and feedback",
    "Risks and issues",
    "Finance",
    "Any other business",
    "Date of next meeting",
]
PREVIOUS_DAY, MEETING_DAY, NEXT_DAY = date(2024, 3, 5), date(2024, 6, 4), date(2024, 9, 3)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _pages(path: Path) -> list[str]:
    return [_norm(page.extract_text() or "") for page in PdfReader(path).pages]


def _between(text: str, start: str, end: str) -> str:
    head = text.index(start)
    return text[head : text.index(end, head)]


@dataclass
class Built:
    contract_id: int
    previous_id: int
    meeting_id: int
    refs: dict[str, str]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def _items(store: Store, meeting_id: int) -> dict[str, meetings.AgendaItemRecord]:
    return {i.title: i for i in meetings.get_meeting(store, meeting_id).items}


def _contract(store: Store) -> int:
    provider_id = create_provider(store, "Barnardo's").id
    return create_contract(
        store,
        reference="ECHS-CSE-0114",
        title="CSE Recovery Service",
        provider_id=provider_id,
        start_date=date(2022, 4, 1),
        end_date=date(2027, 3, 31),
        contract_manager="Sarah Whitfield",
        value_pence=10_000_000,
    ).id


def _minute_safeguarding(store: Store, meeting_id: int, text: str) -> None:
    agenda.update_item(
        store, meetings.get_meeting(store, meeting_id).safeguarding_item.id, discussion=text
    )


def _build(store: Store) -> Built:
    contract_id = _contract(store)
    previous = meetings.schedule_meeting(
        store, contract_id, _at(PREVIOUS_DAY), venue="Bromley Civic Centre"
    ).id
    meetings.set_status(store, previous, MeetingStatus.IN_PROGRESS)
    _minute_safeguarding(store, previous, "Nothing to report.")
    carried = actions.raise_action(
        store,
        previous,
        _items(store, previous)["Safeguarding"].id,
        "Sessional staff to complete refresher training",
        "Joanne Pryce",
        "Barnardo's",
        date(2024, 5, 1),
    )
    meetings.set_status(store, previous, MeetingStatus.DRAFT_MINUTES)

    meeting_id = meetings.schedule_meeting(
        store,
        contract_id,
        _at(MEETING_DAY),
        venue="Barnardo's, Orpington office",
        chair="Sarah Whitfield",
        minute_taker="Daniel Okafor",
    ).id
    meetings.add_attendee(
        store, meeting_id, "Sarah Whitfield", "London Borough of Bromley", "Chair"
    )
    meetings.add_attendee(store, meeting_id, "Tom Ellery", "Barnardo's", "Service manager")
    meetings.add_attendee(
        store,
        meeting_id,
        "Ruth Campbell",
        "London Borough of Bromley",
        "Atlas Team manager",
        Attendance.APOLOGIES,
    )
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    items = _items(store, meeting_id)
    agenda.update_item(
        store,
        items["Performance and metrics"].id,
        discussion="Fifteen young people supported this quarter.",
        decisions="Provider to bring a waiting list recovery plan.",
    )
    agenda.update_item(
        store,
        items["Risks and issues"].id,
        discussion="The decision deadline has passed.",
        decisions="Options paper to the Executive.",
    )
    agenda.update_item(
        store, items["Finance"].id, discussion="Invoices from <b>x</b> & Co paid on time."
    )
    safeguarding = items["Safeguarding"]
    agenda.update_prompt(
        store, safeguarding.prompts[0].id, response="Safeguarding is a standing item."
    )
    agenda.update_prompt(
        store,
        safeguarding.prompts[7].id,
        response="County lines recruitment near two schools.",
        concern=True,
    )
    agenda.update_item(store, safeguarding.id, discussion="The safeguarding lead reported.")
    waiting = actions.raise_action(
        store,
        meeting_id,
        items["Performance and metrics"].id,
        "Bring a waiting list recovery plan",
        "Tom Ellery",
        "Barnardo's",
        date(2024, 7, 15),
    )
    paper = actions.raise_action(
        store,
        meeting_id,
        items["Risks and issues"].id,
        "Options paper for the Executive",
        "Sarah Whitfield",
        "London Borough of Bromley",
        date(2024, 8, 30),
    )
    actions.update_action(
        store, carried.id, ActionStatus.IN_PROGRESS, "Four of six trained", meeting_id
    )
    meetings.update_meeting(store, meeting_id, next_meeting_on=NEXT_DAY)
    meetings.set_status(store, meeting_id, MeetingStatus.DRAFT_MINUTES)
    return Built(
        contract_id,
        previous,
        meeting_id,
        {"carried": carried.ref, "waiting": waiting.ref, "paper": paper.ref},
    )


@pytest.fixture
def built(store: Store) -> Built:
    return _build(store)


def test_every_section_of_the_draft_minutes(store: Store, built: Built, tmp_path: Path) -> None:
    out = export_minutes(store, built.meeting_id, tmp_path / "minutes.pdf")
    assert out == tmp_path / "minutes.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    pages = _pages(out)
    n = len(pages)
    assert n >= 2
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, number  # header and footer
        assert f"Page {number} of {n}" in page
        assert "DRAFT" in page  # the watermark on every page
    text = " ".join(pages)

    # Title block.
    assert "ECHS-CSE-0114" in text
    assert "CSE Recovery Service" in text
    assert "Provider Barnardo's" in text
    assert "Date 04/06/2024" in text
    assert "Time 10:00" in text
    assert "Venue Barnardo's, Orpington office" in text
    assert "Chair Sarah Whitfield" in text
    assert "Minutes taken by Daniel Okafor" in text
    assert "Draft minutes" in text
    assert "2024-06-04" not in text
    assert "06/04/2024" not in text

    # Attendance.
    present = _between(text, "Present", "Apologies")
    assert "Sarah Whitfield" in present
    assert "Tom Ellery" in present
    assert "Ruth Campbell" not in present
    apologies = _between(text, "Apologies Name", "1. Welcome and apologies")
    assert "Ruth Campbell" in apologies
    assert "Atlas Team manager" in apologies
    assert "Tom Ellery" not in apologies

    # One numbered section per item, in order.
    positions = [text.index(f"{k}. {title}") for k, title in enumerate(TITLES, start=1)]
    assert positions == sorted(positions)
    ends = [*positions[1:], text.index("Action log Actions raised")]
    sections = {
        title: text[start:end] for title, start, end in zip(TITLES, positions, ends, strict=True)
    }
    performance = sections["Performance and metrics"]
    assert "Discussion Fifteen young people supported this quarter." in performance
    assert "Decisions Provider to bring a waiting list recovery plan." in performance
    assert built.refs["waiting"] in performance
    assert "Bring a waiting list recovery plan (Tom Ellery (Barnardo's), due 15/07/2024)" in (
        performance
    )
    risks = sections["Risks and issues"]
    assert "The decision deadline has passed." in risks
    assert "Options paper to the Executive." in risks
    assert built.refs["paper"] in risks
    assert built.refs["waiting"] not in risks
    assert "Invoices from <b>x</b> & Co paid on time." in sections["Finance"]
    assert "Nothing recorded." in sections["Any other business"]
    assert "The next meeting will be held on 03/09/2024." in sections["Date of next meeting"]

    # Safeguarding: the prompts answered, with their responses and the concern; then one
    # line naming those not discussed (no rows of "No response recorded").
    sg = sections["Safeguarding"]
    assert "1 concern flagged." in sg
    prompts = safeguarding_prompts()
    for k in (1, 8):
        assert f"6.{k} {_norm(prompts[k - 1].question)[:40]}" in sg, prompts[k - 1].key
    for k in range(2, 8):
        assert _norm(prompts[k - 1].question)[:40] not in sg
    assert "Safeguarding is a standing item." in sg
    assert "County lines recruitment near two schools. CONCERN" in sg
    assert sg.count("CONCERN") == 1
    assert "No response recorded" not in sg
    not_discussed = "; ".join(f"6.{k} {prompts[k - 1].topic}" for k in (2, 3, 4, 5, 6, 7, 9))
    assert f"Not discussed: {not_discussed}." in sg
    assert "The safeguarding lead reported." in sg

    # Carried forward under the action log review, with its history.
    review = sections["Action log review"]
    assert "Actions carried forward from earlier meetings" in review
    assert built.refs["carried"] in review
    assert "Sessional staff to complete refresher training" in review
    assert "Raised 05/03/2024" in review
    assert "01/05/2024" in review
    assert "04/06/2024: In progress — Four of six trained" in review

    # The action log: refs, owners, due dates, statuses.
    log = text[text.index("Action log Actions raised") :]
    assert "Ref Action Owner Due Status" in log
    for ref in built.refs.values():
        assert ref in log
    carried_row = _between(log, built.refs["carried"], built.refs["waiting"])
    assert "Joanne Pryce (Barnardo's)" in carried_row
    assert "01/05/2024" in carried_row
    assert "In progress" in carried_row
    waiting_row = _between(log, built.refs["waiting"], built.refs["paper"])
    assert "Tom Ellery (Barnardo's)" in waiting_row
    assert "15/07/2024 Open" in waiting_row
    paper_row = log[log.index(built.refs["paper"]) :]
    assert "30/08/2024 Open" in paper_row
    assert "Date of next meeting: 03/09/2024" in log
    assert "DRAFT: these minutes are not yet approved." in log
    assert "Approved by" not in text


def test_approved_minutes_say_who_and_when(store: Store, built: Built, tmp_path: Path) -> None:
    later = meetings.schedule_meeting(store, built.contract_id, _at(NEXT_DAY)).id
    meetings.set_status(store, later, MeetingStatus.IN_PROGRESS)
    meetings.approve_minutes(
        store, built.meeting_id, "Sarah Whitfield", later, approved_at=_at(NEXT_DAY, 11)
    )
    pages = _pages(export_minutes(store, built.meeting_id, tmp_path / "approved.pdf"))
    text = " ".join(pages)
    assert "Approved by Sarah Whitfield on 03/09/2024." in text
    assert "Approved minutes" in text
    assert "DRAFT" not in text  # neither the watermark nor the sentence
    assert "Draft minutes" not in text
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {len(pages)}" in page


def test_the_previous_meeting_has_no_carried_actions(
    store: Store, built: Built, tmp_path: Path
) -> None:
    text = " ".join(_pages(export_minutes(store, built.previous_id, tmp_path / "first.pdf")))
    assert "No open actions were carried forward." in text
    assert built.refs["carried"] in text
    assert "Venue Bromley Civic Centre" in text
    assert "Chair —" in text


def test_long_discussion_splits_across_pages(store: Store, built: Built, tmp_path: Path) -> None:
    words = [f"word{n}" for n in range(6000)]
    paragraphs = "\n\n".join(" ".join(words[k : k + 300]) for k in range(0, 6000, 300))
    finance = _items(store, built.meeting_id)["Finance"].id
    agenda.update_item(store, finance, discussion=paragraphs)
    pages = _pages(export_minutes(store, built.meeting_id, tmp_path / "long.pdf"))
    assert len(pages) > 4
    text = " ".join(pages)
    found = re.findall(r"word(\d+)", text)
    assert [int(w) for w in found] == list(range(6000))  # every word, once, in order
    holding = [k for k, page in enumerate(pages) if "word" in page]
    assert len(holding) >= 3
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {len(pages)}" in page


def test_a_long_action_log_repeats_its_header(store: Store, built: Built, tmp_path: Path) -> None:
    for n in range(120):
        actions.raise_action(
            store, built.meeting_id, None, f"Follow-up action number {n}", f"Owner {n}"
        )
    pages = _pages(export_minutes(store, built.meeting_id, tmp_path / "actions.pdf"))
    log_start = next(k for k, page in enumerate(pages) if "Action log Actions raised" in page)
    log_pages = [page for page in pages[log_start:] if "Follow-up action number" in page]
    assert len(log_pages) >= 2  # (the closing lines may have a page of their own)
    with_header = [page for page in log_pages if "Ref Action Owner Due Status" in page]
    assert len(with_header) == len(log_pages) >= 2
    text = " ".join(pages)
    for n in range(120):
        assert f"Follow-up action number {n} Owner {n} " in text


def test_an_unwritable_target_leaves_nothing(store: Store, built: Built, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a plain file", encoding="utf-8")
    with pytest.raises(UserError):
        export_minutes(store, built.meeting_id, blocker / "minutes.pdf")
    assert blocker.read_text(encoding="utf-8") == "a plain file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["home", "not-a-folder", "register.sqlite3", *_sqlite_side_files(tmp_path)]
    )

    with pytest.raises(UserError):
        export_minutes(store, built.meeting_id, tmp_path / "missing" / "minutes.pdf")
    assert not (tmp_path / "missing").exists()


def test_a_folder_as_the_target(store: Store, built: Built, tmp_path: Path) -> None:
    folder = tmp_path / "minutes.pdf"
    folder.mkdir()
    with pytest.raises(UserError):
        export_minutes(store, built.meeting_id, folder)
    assert folder.is_dir()
    assert list(folder.iterdir()) == []
    assert not list(tmp_path.glob("*.partial"))
    assert not list(tmp_path.glob(".*.partial"))


def _sqlite_side_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith("register.sqlite3-")]


def _held(store: Store, contract_id: int, day: date) -> int:
    meeting_id = meetings.schedule_meeting(store, contract_id, _at(day)).id
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    _minute_safeguarding(store, meeting_id, "Nothing to report.")
    return meeting_id


def test_approved_minutes_keep_their_actions_as_they_stood(store: Store, tmp_path: Path) -> None:
    """An action carried to February's meeting and closed at March's: February's approved
    minutes still show it open, as it was when they were approved."""
    contract_id = _contract(store)
    january = _held(store, contract_id, date(2025, 1, 10))
    action = actions.raise_action(
        store,
        january,
        _items(store, january)["Safeguarding"].id,
        "Refresher training for sessional staff",
        "Joanne Pryce",
        "Barnardo's",
        date(2025, 2, 1),
    )
    meetings.set_status(store, january, MeetingStatus.DRAFT_MINUTES)
    february = _held(store, contract_id, date(2025, 2, 10))
    meetings.approve_minutes(store, january, "Sarah Whitfield", february)
    actions.update_action(store, action.id, ActionStatus.IN_PROGRESS, "Half trained", february)
    meetings.set_status(store, february, MeetingStatus.DRAFT_MINUTES)
    march = _held(store, contract_id, date(2025, 3, 10))
    meetings.approve_minutes(store, february, "Sarah Whitfield", march)
    before = _pages(export_minutes(store, february, tmp_path / "before.pdf"))
    actions.update_action(
        store, action.id, ActionStatus.DONE, "All trained", march, completed_on=date(2025, 3, 10)
    )
    after = _pages(export_minutes(store, february, tmp_path / "after.pdf"))
    assert after == before
    text = " ".join(after)
    assert "Half trained" in text
    assert "All trained" not in text
    assert "Done 10/03/2025" not in text
    march_text = " ".join(_pages(export_minutes(store, march, tmp_path / "march.pdf")))
    assert "All trained" in march_text  # March's own minutes say it was closed


def test_an_action_as_minuted() -> None:
    from datetime import UTC

    from bscp_monitor.meetings.actions import ActionRecord, ActionUpdateRecord, as_minuted

    def update(day: int, status: ActionStatus, meeting: int | None) -> ActionUpdateRecord:
        return ActionUpdateRecord(datetime(2025, 3, day, 12, tzinfo=UTC), meeting, None, status, "")

    record = ActionRecord(
        1, "X/A001", 1, "X", 1, None, None, "", "Do it", "Ann", "", None,
        ActionStatus.DONE, date(2025, 3, 20),
        (update(5, ActionStatus.IN_PROGRESS, 2), update(8, ActionStatus.IN_PROGRESS, None),
         update(20, ActionStatus.DONE, 3)),
    )  # fmt: skip
    assert as_minuted(record, set(), None) is record
    at_two = as_minuted(record, {3}, None)  # meeting 3 came later
    assert (at_two.status, at_two.completed_on, len(at_two.updates)) == (
        ActionStatus.IN_PROGRESS,
        None,
        2,
    )
    approved = as_minuted(record, {3}, datetime(2025, 3, 7, tzinfo=UTC))
    assert len(approved.updates) == 1  # the update between meetings came after approval
    first = as_minuted(record, {2, 3}, datetime(2025, 3, 1, tzinfo=UTC))
    assert (first.status, first.updates) == (ActionStatus.OPEN, ())


def test_a_safeguarding_answer_longer_than_a_page_goes_on_over_the_next(
    store: Store, built: Built, tmp_path: Path
) -> None:
    """An ordinary long answer to a safeguarding prompt (a LADO referral, ~700 words) used to
    stop the export with reportlab's LayoutError: a table row could not split."""
    sentence = (
        "The designated safeguarding lead described the allegation, the strategy discussion "
        "with the LADO, the interim safety plan and the actions agreed with the police. "
    )
    prompt = meetings.get_meeting(store, built.meeting_id).safeguarding_item.prompts[0]
    agenda.update_prompt(store, prompt.id, response=sentence * 28 + "End of the account.")
    pages = _pages(export_minutes(store, built.meeting_id, tmp_path / "minutes.pdf"))
    text = " ".join(pages)
    assert "End of the account." in text
    assert text.count("strategy discussion with the LADO") == 28  # nothing lost at the break


def test_a_long_but_legal_file_name_is_written(store: Store, built: Built, tmp_path: Path) -> None:
    """A 240-character name is legal; the temporary name the export uses must not push it
    over the file system's limit (it used to: a traceback, from the clean-up too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / ("Minutes " + "x" * 228 + ".pdf")
    assert len(target.name) == 240
    export_minutes(store, built.meeting_id, target)
    assert "Safeguarding" in " ".join(_pages(target))
    assert [p.name for p in folder.iterdir()] == [target.name]  # no draft left
