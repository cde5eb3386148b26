"""Actions closed at (or after) a meeting, whatever completion date is given, stay in that
meeting's carried-forward list and minutes; minutes give the completion date recorded; a
meeting's window shows its actions as its minutes do."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.enums import ActionStatus, MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.reports.minutes_pdf import export_minutes

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def contract(store: Store, reference: str = "ECHS-CSE-0114") -> int:
    provider_id = create_provider(store, "Barnardo's " + reference).id
    return create_contract(
        store,
        reference=reference,
        title="CSE Recovery Service",
        provider_id=provider_id,
        start_date=date(2022, 4, 1),
        end_date=date(2030, 3, 31),
        contract_manager="Sarah Whitfield",
        value_pence=10_000_000,
    ).id


def items(store: Store, meeting_id: int) -> dict[str, meetings.AgendaItemRecord]:
    return {i.title: i for i in meetings.get_meeting(store, meeting_id).items}


def held(store: Store, contract_id: int, day: date, hour: int = 10, minute: int = 0) -> int:
    meeting_id = meetings.schedule_meeting(store, contract_id, at(day, hour, minute)).id
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    agenda.update_item(
        store,
        meetings.get_meeting(store, meeting_id).safeguarding_item.id,
        discussion="Nothing to report.",
    )
    return meeting_id


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_an_action_closed_at_a_meeting_with_an_earlier_completion_date_stays_in_it(
    store: Store,
) -> None:
    """At the May meeting the manager reviews an action carried from March; the owner says it
    was finished on 1 May, so the manager records 'Done', completed 01/05, at the May meeting.
    The action then disappears from the May meeting's carried-forward list and from its
    minutes, together with the update just recorded there. It should stay in the meeting at
    which it was reviewed and closed (its update was made at that meeting)."""
    cid = contract(store)
    march = held(store, cid, date(2025, 3, 4))
    action = actions.raise_action(
        store,
        march,
        items(store, march)["Safeguarding"].id,
        "Refresher training for sessional staff",
        "Joanne Pryce",
        "Barnardo's",
        date(2025, 4, 30),
    )
    may = held(store, cid, date(2025, 5, 13))
    _, carried_before = actions.meeting_actions(store, may)
    assert [a.id for a in carried_before] == [action.id]

    actions.update_action(
        store,
        action.id,
        ActionStatus.DONE,
        "All six trained",
        may,
        completed_on=date(2025, 5, 1),
    )
    _, carried_after = actions.meeting_actions(store, may)
    assert [a.id for a in carried_after] == [action.id], (
        "the action closed at this very meeting vanished from its carried-forward list"
    )


def test_approved_minutes_keep_a_carried_action_closed_later_with_an_earlier_date(
    store: Store, tmp_path: Path
) -> None:
    """March's minutes carried an open action from January and were approved in April. At
    April's meeting the owner reports it was actually finished back in February, so it is
    closed with completed on 20/02. March's approved minutes, exported again, no longer list
    the action at all. Approved minutes must never change: the action should still appear,
    as it stood at March's meeting (open)."""
    cid = contract(store)
    january = held(store, cid, date(2025, 1, 14))
    action = actions.raise_action(
        store,
        january,
        items(store, january)["Safeguarding"].id,
        "Audit the referral log",
        "Tom Ellery",
        "Barnardo's",
        date(2025, 2, 28),
    )
    meetings.set_status(store, january, MeetingStatus.DRAFT_MINUTES)
    march = held(store, cid, date(2025, 3, 11))
    meetings.approve_minutes(store, january, "Sarah Whitfield", march)
    meetings.set_status(store, march, MeetingStatus.DRAFT_MINUTES)
    april = held(store, cid, date(2025, 4, 8))
    meetings.approve_minutes(store, march, "Sarah Whitfield", april)
    before = pdf_text(export_minutes(store, march, tmp_path / "before.pdf"))
    assert action.ref in before

    actions.update_action(
        store,
        action.id,
        ActionStatus.DONE,
        "Was done in February",
        april,
        completed_on=date(2025, 2, 20),
    )
    after = pdf_text(export_minutes(store, march, tmp_path / "after.pdf"))
    assert action.ref in after, "an action vanished from approved minutes"
    assert after == before


def test_minutes_give_the_completion_date_recorded(store: Store, tmp_path: Path) -> None:
    """Between meetings the manager records an action as Done, completed on a date the owner
    gives (a week ago); at the next meeting a confirming update is added. The first meeting's
    minutes then print 'Done <today>' (the day the update was typed) while the action log
    says 'Done <the recorded date>'. The minutes should show the completion date recorded."""
    today = date.today()
    cid = contract(store)
    first = held(store, cid, today - timedelta(days=60))
    action = actions.raise_action(
        store,
        first,
        items(store, first)["Safeguarding"].id,
        "Send the DBS spreadsheet",
        "Tom Ellery",
        "Barnardo's",
        today - timedelta(days=30),
    )
    completed = today - timedelta(days=7)
    actions.update_action(store, action.id, ActionStatus.DONE, "Sent", completed_on=completed)
    second = held(store, cid, today)
    actions.update_action(
        store,
        action.id,
        ActionStatus.DONE,
        "Confirmed received",
        second,
        completed_on=completed,
    )
    recorded = actions.get_action(store, action.id)
    assert recorded.completed_on == completed
    text = pdf_text(export_minutes(store, first, tmp_path / "first.pdf"))
    shown = f"Done {completed:%d/%m/%Y}"
    assert shown in text, f"minutes do not show {shown!r}: they show the day it was typed"


def _approved_with_action(store: Store):
    cid = contract(store)
    january = held(store, cid, date(2026, 1, 13))
    action = actions.raise_action(
        store, january, items(store, january)["Safeguarding"].id,
        "Refresher training for sessional staff", "Joanne Pryce", "Barnardo's",
        date(2026, 2, 27),
    )  # fmt: skip
    meetings.set_status(store, january, MeetingStatus.DRAFT_MINUTES)
    february = held(store, cid, date(2026, 2, 10))
    meetings.approve_minutes(store, january, "Sarah Whitfield", february)
    return cid, february, action


def test_an_approved_meetings_window_shows_its_actions_as_minuted(qtbot, store: Store) -> None:
    """February's minutes are approved in March, where the action is closed: February's
    (locked) window shows it in progress, as its minutes do, without March's note."""
    from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

    cid, february, action = _approved_with_action(store)
    actions.update_action(store, action.id, ActionStatus.IN_PROGRESS, "Half trained", february)
    meetings.set_status(store, february, MeetingStatus.DRAFT_MINUTES)
    march = held(store, cid, date(2026, 3, 10))
    meetings.approve_minutes(store, february, "Sarah Whitfield", march)
    actions.update_action(
        store, action.id, ActionStatus.DONE, "All trained", march, completed_on=date(2026, 3, 10)
    )
    window = MeetingWindow(store, february)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    review = next(i for i in window.detail.items if i.title == "Action log review")
    assert window.select_item(review.id)
    shown = window.editor.carried_model.record_at(0)
    assert (shown.id, shown.status) == (action.id, ActionStatus.IN_PROGRESS)
    assert all(u.note != "All trained" for u in shown.updates)


def test_approved_minutes_keep_an_actions_owner_and_due_date(store: Store, tmp_path: Path) -> None:
    """January's approved minutes record the action due 27/02/2026, owned by Joanne Pryce.
    In March it is handed to Tom Ellery and given until 30/04: the action log says so, and
    January's minutes still say what was approved."""
    cid, february, action = _approved_with_action(store)
    january = actions.get_action(store, action.id).meeting_id
    assert january is not None
    before = pdf_text(export_minutes(store, january, tmp_path / "before.pdf"))
    assert "27/02/2026" in before
    assert "Joanne Pryce" in before
    actions.edit_action(store, action.id, due_on=date(2026, 4, 30), owner="Tom Ellery")
    after = pdf_text(export_minutes(store, january, tmp_path / "after.pdf"))
    assert after == before
    now = actions.get_action(store, action.id)
    assert (now.owner, now.due_on) == ("Tom Ellery", date(2026, 4, 30))
    # February's minutes (not yet approved) show the action as it stands.
    february_text = pdf_text(export_minutes(store, february, tmp_path / "february.pdf"))
    assert "Tom Ellery" in february_text
    assert "30/04/2026" in february_text
