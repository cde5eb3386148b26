"""Monitoring meetings (S5): the agenda template, the workflow and its guards, the lock on
approved minutes, attendees and the coalesced audit trail of typed minutes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bscp_monitor.common import audit
from bscp_monitor.common.errors import NotFoundError, UserError, ValidationError
from bscp_monitor.common.resource_files import resource_path
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.base import utcnow
from bscp_monitor.data.enums import (
    ActionStatus,
    AgendaKind,
    Attendance,
    AuditAction,
    MeetingStatus,
)
from bscp_monitor.data.models import AuditEvent, Contract
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.meetings.prompt_set import safeguarding_prompts

LONDON = ZoneInfo("Europe/London")
DEFAULT_TITLES = [
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


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def _contract(store: Store, reference: str, provider: str) -> int:
    provider_id = create_provider(store, provider).id
    return create_contract(
        store,
        reference=reference,
        title=f"Service {reference}",
        provider_id=provider_id,
        start_date=date(2022, 4, 1),
        end_date=date(2027, 3, 31),
        contract_manager="Sarah Whitfield",
        value_pence=10_000_000,
    ).id


@pytest.fixture
def contract_id(store: Store) -> int:
    return _contract(store, "ECHS-CSE-0114", "Barnardo's")


@pytest.fixture
def other_contract_id(store: Store) -> int:
    return _contract(store, "ECHS-YOS-0200", "Kestrel Care Ltd")


def _schedule(store: Store, contract_id: int, day: date) -> int:
    return meetings.schedule_meeting(
        store, contract_id, _at(day), venue="Civic Centre", chair="Sarah Whitfield"
    ).id


def _safeguarding(store: Store, meeting_id: int) -> meetings.AgendaItemRecord:
    return meetings.get_meeting(store, meeting_id).safeguarding_item


def _item(store: Store, meeting_id: int, title: str) -> meetings.AgendaItemRecord:
    return next(i for i in meetings.get_meeting(store, meeting_id).items if i.title == title)


def _status(store: Store, meeting_id: int) -> MeetingStatus:
    return meetings.get_meeting(store, meeting_id).meeting.status


def _dump(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def _minuted_draft(store: Store, meeting_id: int) -> None:
    """Take a meeting to draft minutes with a safeguarding discussion."""
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    agenda.update_item(
        store, _safeguarding(store, meeting_id).id, discussion="Safeguarding lead reported."
    )
    meetings.set_status(store, meeting_id, MeetingStatus.DRAFT_MINUTES)


# --- scheduling and the agenda template ----------------------------------------------------


def test_the_shipped_template_is_the_default_agenda_in_order(
    store: Store, contract_id: int
) -> None:
    shipped = json.loads(resource_path("agenda_template.json").read_text(encoding="utf-8"))
    assert [i["title"] for i in shipped["items"]] == DEFAULT_TITLES

    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    detail = meetings.get_meeting(store, meeting_id)
    assert detail.meeting.status is MeetingStatus.PLANNED
    assert [i.title for i in detail.items] == DEFAULT_TITLES
    assert [i.position for i in detail.items] == list(range(1, 12))
    kinds = {i.title: i.kind for i in detail.items}
    assert kinds["Action log review"] is AgendaKind.ACTIONS_REVIEW
    assert kinds["Performance and metrics"] is AgendaKind.PERFORMANCE

    [safeguarding] = [i for i in detail.items if i.kind is AgendaKind.SAFEGUARDING]
    assert safeguarding.title == "Safeguarding"
    assert safeguarding.mandatory is True
    assert [i.title for i in detail.items if i.mandatory] == ["Safeguarding"]
    assert len(safeguarding_prompts()) == 9
    assert [(p.key, p.question) for p in safeguarding.prompts] == [
        (p.key, p.question) for p in safeguarding_prompts()
    ]
    assert all(p.response == "" and p.concern is False for p in safeguarding.prompts)
    # Every meeting has its own prompts.
    again = _safeguarding(store, _schedule(store, contract_id, date(2024, 6, 5)))
    assert {p.id for p in again.prompts}.isdisjoint({p.id for p in safeguarding.prompts})


def test_a_naive_time_is_refused(store: Store, contract_id: int) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        meetings.schedule_meeting(store, contract_id, datetime(2024, 3, 5, 10, 0))
    assert meetings.list_meetings(store) == []


def test_scheduling_for_an_unknown_contract(store: Store) -> None:
    with pytest.raises(NotFoundError):
        meetings.schedule_meeting(store, 999, _at(date(2024, 3, 5)))


def test_a_contracts_own_template_is_used(store: Store, contract_id: int) -> None:
    first = _schedule(store, contract_id, date(2024, 3, 5))
    agenda.rename_item(store, _item(store, first, "Finance").id, "Finance and invoicing")
    agenda.remove_item(store, _item(store, first, "Voice of the child and feedback").id)
    added = agenda.add_item(store, first, "Young people's participation")
    agenda.move_item(store, added, 0)
    agenda.save_as_contract_template(store, first)

    expected = [
        "Young people's participation",
        "Welcome and apologies",
        "Minutes of the last meeting and matters arising",
        "Declarations of interest",
        "Action log review",
        "Performance and metrics",
        "Safeguarding",
        "Risks and issues",
        "Finance and invoicing",
        "Any other business",
        "Date of next meeting",
    ]
    assert [i.title for i in meetings.get_meeting(store, first).items] == expected
    second = meetings.get_meeting(store, _schedule(store, contract_id, date(2024, 6, 5)))
    assert [i.title for i in second.items] == expected
    assert second.safeguarding_item.mandatory
    assert len(second.safeguarding_item.prompts) == len(safeguarding_prompts())
    assert _item(store, second.meeting.id, "Action log review").kind is AgendaKind.ACTIONS_REVIEW

    # Another contract keeps the default.
    other = _contract(store, "ECHS-YOS-0200", "Kestrel Care Ltd")
    elsewhere = meetings.get_meeting(store, _schedule(store, other, date(2024, 6, 6)))
    assert [i.title for i in elsewhere.items] == DEFAULT_TITLES

    agenda.reset_contract_template(store, contract_id)
    with store.session() as s:
        assert s.get_one(Contract, contract_id).agenda_template is None
    third = meetings.get_meeting(store, _schedule(store, contract_id, date(2024, 9, 5)))
    assert [i.title for i in third.items] == DEFAULT_TITLES


def test_a_stored_template_without_safeguarding_still_gets_the_item(
    store: Store, contract_id: int
) -> None:
    template = [
        {"title": "Welcome", "kind": "standard"},
        {"title": "Matters arising", "kind": "standard"},
        {"title": "Action log review", "kind": "actions_review"},
        {"title": "Performance", "kind": "performance"},
        {"title": "Any other business", "kind": "standard"},
        {"title": "Date of next meeting", "kind": "standard"},
    ]
    with store.session() as s:
        s.get_one(Contract, contract_id).agenda_template = json.dumps(template)

    detail = meetings.get_meeting(store, _schedule(store, contract_id, date(2024, 3, 5)))
    titles = [i.title for i in detail.items]
    assert [t for t in titles if t != "Safeguarding"] == [t["title"] for t in template]
    assert titles.count("Safeguarding") == 1
    assert [i.position for i in detail.items] == list(range(1, 8))
    item = detail.safeguarding_item
    assert item.mandatory
    assert item.kind is AgendaKind.SAFEGUARDING
    assert [p.key for p in item.prompts] == [p.key for p in safeguarding_prompts()]


# --- the workflow and its guards ------------------------------------------------------------


def test_planned_in_progress_draft(store: Store, contract_id: int) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    with pytest.raises(UserError, match="planned to draft minutes"):
        meetings.set_status(store, meeting_id, MeetingStatus.DRAFT_MINUTES)
    assert _status(store, meeting_id) is MeetingStatus.PLANNED

    summary = meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    assert summary.status is MeetingStatus.IN_PROGRESS
    prompt = _safeguarding(store, meeting_id).prompts[0]
    agenda.update_prompt(store, prompt.id, response="Safeguarding is explicit in every plan.")
    summary = meetings.set_status(store, meeting_id, MeetingStatus.DRAFT_MINUTES)
    assert summary.status is MeetingStatus.DRAFT_MINUTES
    assert _status(store, meeting_id) is MeetingStatus.DRAFT_MINUTES
    # Draft minutes may be reopened for correction, but not sent back to planned.
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    with pytest.raises(UserError):
        meetings.set_status(store, meeting_id, MeetingStatus.PLANNED)
    assert _status(store, meeting_id) is MeetingStatus.IN_PROGRESS


def test_draft_is_refused_without_a_safeguarding_discussion(
    store: Store, contract_id: int, db_path: Path
) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    # Other items minuted: still not enough.
    agenda.update_item(
        store, _item(store, meeting_id, "Finance").id, discussion="Invoices paid on time."
    )
    item = _safeguarding(store, meeting_id)
    agenda.update_prompt(store, item.prompts[3].id, concern=True)  # a flag is not a discussion
    before = _dump(db_path)
    with pytest.raises(UserError) as refused:
        meetings.set_status(store, meeting_id, MeetingStatus.DRAFT_MINUTES)
    message = str(refused.value)
    assert "no recorded discussion" in message
    assert "its 9 prompts" in message
    assert "Safeguarding" in message
    assert _dump(db_path) == before
    assert _status(store, meeting_id) is MeetingStatus.IN_PROGRESS


def test_whitespace_is_not_a_discussion(store: Store, contract_id: int) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    item = _safeguarding(store, meeting_id)
    agenda.update_item(store, item.id, discussion="  \n\t  ", decisions="Decided nothing.")
    for prompt in item.prompts:
        agenda.update_prompt(store, prompt.id, response=" \n ")
    assert not _safeguarding(store, meeting_id).has_safeguarding_discussion
    with pytest.raises(UserError, match="no recorded discussion"):
        meetings.set_status(store, meeting_id, MeetingStatus.DRAFT_MINUTES)
    assert _status(store, meeting_id) is MeetingStatus.IN_PROGRESS


@pytest.mark.parametrize("how", ["discussion", "one prompt"])
def test_a_discussion_or_one_prompt_response_suffices(
    store: Store, contract_id: int, how: str
) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    item = _safeguarding(store, meeting_id)
    if how == "discussion":
        agenda.update_item(store, item.id, discussion="No concerns this quarter.")
    else:
        agenda.update_prompt(store, item.prompts[-1].id, response="None known.")
    assert _safeguarding(store, meeting_id).has_safeguarding_discussion
    meetings.set_status(store, meeting_id, MeetingStatus.DRAFT_MINUTES)
    assert _status(store, meeting_id) is MeetingStatus.DRAFT_MINUTES


def test_approval_only_through_approve_minutes(store: Store, contract_id: int) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    _minuted_draft(store, meeting_id)
    with pytest.raises(UserError, match="next meeting"):
        meetings.set_status(store, meeting_id, MeetingStatus.APPROVED)
    assert _status(store, meeting_id) is MeetingStatus.DRAFT_MINUTES


def test_approval_needs_a_later_meeting_of_the_same_contract(
    store: Store, contract_id: int, other_contract_id: int, db_path: Path
) -> None:
    earlier = _schedule(store, contract_id, date(2024, 1, 9))
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    other = _schedule(store, other_contract_id, date(2024, 6, 5))
    _minuted_draft(store, meeting_id)

    before = _dump(db_path)
    for at in (meeting_id, earlier, other):
        with pytest.raises(UserError, match="later meeting of the same contract"):
            meetings.approve_minutes(store, meeting_id, "Sarah Whitfield", at)
    with pytest.raises(NotFoundError):
        meetings.approve_minutes(store, meeting_id, "Sarah Whitfield", 999)
    with pytest.raises(ValidationError):
        meetings.approve_minutes(store, meeting_id, "   ", earlier)
    assert _dump(db_path) == before
    assert _status(store, meeting_id) is MeetingStatus.DRAFT_MINUTES


def test_approval_needs_draft_minutes_with_a_safeguarding_discussion(
    store: Store, contract_id: int
) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    later = _schedule(store, contract_id, date(2024, 6, 5))
    meetings.set_status(store, later, MeetingStatus.IN_PROGRESS)
    with pytest.raises(UserError):  # still planned
        meetings.approve_minutes(store, meeting_id, "Sarah Whitfield", later)
    _minuted_draft(store, meeting_id)
    # The discussion is cleared while in draft: approval says what is missing.
    agenda.update_item(store, _safeguarding(store, meeting_id).id, discussion="   ")
    with pytest.raises(UserError) as refused:
        meetings.approve_minutes(store, meeting_id, "Sarah Whitfield", later)
    assert "no recorded discussion" in str(refused.value)
    assert "9 prompts" in str(refused.value)
    assert _status(store, meeting_id) is MeetingStatus.DRAFT_MINUTES


def test_approved_minutes_record_who_and_when_and_are_locked(
    store: Store, contract_id: int, db_path: Path
) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    later = _schedule(store, contract_id, date(2024, 6, 5))
    meetings.set_status(store, later, MeetingStatus.IN_PROGRESS)
    attendee = meetings.add_attendee(store, meeting_id, "Joanne Pryce", "Barnardo's")
    _minuted_draft(store, meeting_id)
    action = actions.raise_action(store, meeting_id, None, "Send the training matrix", "Joanne")

    when = _at(date(2024, 6, 5), 11)
    summary = meetings.approve_minutes(store, meeting_id, " Sarah Whitfield ", later, when)
    assert summary.status is MeetingStatus.APPROVED
    assert summary.locked
    stored = meetings.get_meeting(store, meeting_id).meeting
    assert stored.approved_by == "Sarah Whitfield"
    assert stored.approved_at == when
    assert stored.locked

    item = _safeguarding(store, meeting_id)
    other_item = _item(store, meeting_id, "Finance")
    before = _dump(db_path)
    refused: list[Callable[[], Any]] = [
        lambda: meetings.update_meeting(store, meeting_id, venue="Elsewhere"),
        lambda: meetings.add_attendee(store, meeting_id, "Tom Ellery"),
        lambda: meetings.update_attendee(store, attendee.id, attendance=Attendance.ABSENT),
        lambda: meetings.remove_attendee(store, attendee.id),
        lambda: meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS),
        lambda: meetings.approve_minutes(store, meeting_id, "Someone", later),
        lambda: agenda.add_item(store, meeting_id, "Late item"),
        lambda: agenda.rename_item(store, other_item.id, "Money"),
        lambda: agenda.move_item(store, other_item.id, 0),
        lambda: agenda.remove_item(store, other_item.id),
        lambda: agenda.update_item(store, other_item.id, discussion="Changed afterwards"),
        lambda: agenda.update_item(store, item.id, decisions="Changed afterwards"),
        lambda: agenda.update_prompt(store, item.prompts[0].id, response="Changed"),
        lambda: agenda.update_prompt(store, item.prompts[0].id, concern=True),
        lambda: actions.raise_action(store, meeting_id, other_item.id, "Too late", "Tom"),
        lambda: actions.update_action(store, action.id, "done", "", at_meeting_id=meeting_id),
    ]
    for attempt in refused:
        with pytest.raises(UserError, match="locked"):
            attempt()
    assert _dump(db_path) == before
    assert meetings.get_meeting(store, meeting_id).meeting.status is MeetingStatus.APPROVED


def test_minutes_cannot_be_approved_at_a_locked_meeting(store: Store, contract_id: int) -> None:
    first = _schedule(store, contract_id, date(2024, 3, 5))
    second = _schedule(store, contract_id, date(2024, 6, 5))
    third = _schedule(store, contract_id, date(2024, 9, 5))
    _minuted_draft(store, first)
    _minuted_draft(store, second)
    meetings.set_status(store, third, MeetingStatus.IN_PROGRESS)
    meetings.approve_minutes(store, second, "Chair", third)
    with pytest.raises(UserError, match="locked"):
        meetings.approve_minutes(store, first, "Chair", second)  # approved meetings are locked
    assert _status(store, first) is MeetingStatus.DRAFT_MINUTES


def test_update_meeting(store: Store, contract_id: int) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    meetings.update_meeting(
        store, meeting_id, venue="  Room 2.14 ", online=True, next_meeting_on=date(2024, 6, 5)
    )
    m = meetings.get_meeting(store, meeting_id).meeting
    assert (m.venue, m.online, m.next_meeting_on) == ("Room 2.14", True, date(2024, 6, 5))
    with pytest.raises(ValidationError, match="status"):
        meetings.update_meeting(store, meeting_id, status=MeetingStatus.APPROVED)


# --- attendees ------------------------------------------------------------------------------


def test_attendees_added_updated_removed(store: Store, contract_id: int) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    sarah = meetings.add_attendee(
        store, meeting_id, " Sarah Whitfield ", "LB Bromley", "Chair", Attendance.PRESENT
    )
    ruth = meetings.add_attendee(
        store, meeting_id, "Ruth Campbell", "LB Bromley", "Atlas Team", "apologies"
    )
    tom = meetings.add_attendee(store, meeting_id, "Tom Ellery", "Barnardo's")
    assert sarah.name == "Sarah Whitfield"
    assert ruth.attendance is Attendance.APOLOGIES
    assert tom.attendance is Attendance.PRESENT
    with pytest.raises(ValidationError):
        meetings.add_attendee(store, meeting_id, "  ")

    meetings.update_attendee(store, tom.id, attendance="absent", role=" Service manager ")
    with pytest.raises(ValidationError):
        meetings.update_attendee(store, tom.id, name=" ")
    with pytest.raises(ValidationError):
        meetings.update_attendee(store, tom.id, phone="01234 567890")
    with pytest.raises(NotFoundError):
        meetings.update_attendee(store, 999, role="x")
    meetings.remove_attendee(store, sarah.id)

    attendees = meetings.get_meeting(store, meeting_id).attendees
    assert [(a.name, a.role, a.attendance) for a in attendees] == [
        ("Ruth Campbell", "Atlas Team", Attendance.APOLOGIES),
        ("Tom Ellery", "Service manager", Attendance.ABSENT),
    ]
    assert {a.value for a in Attendance} == {"present", "apologies", "absent"}


def test_known_people_come_from_the_contracts_other_meetings(
    store: Store, contract_id: int, other_contract_id: int
) -> None:
    first = _schedule(store, contract_id, date(2024, 1, 9))
    second = _schedule(store, contract_id, date(2024, 3, 5))
    current = _schedule(store, contract_id, date(2024, 6, 5))
    other = _schedule(store, other_contract_id, date(2024, 5, 1))
    meetings.add_attendee(store, first, "Ruth Campbell", "LB Bromley", "Atlas Team manager")
    meetings.add_attendee(store, first, "joanne pryce", "Barnardo's", "old role")
    meetings.add_attendee(store, second, "Joanne Pryce", "Barnardo's", "Safeguarding lead")
    meetings.add_attendee(store, second, "Tom Ellery", "Barnardo's", "Service manager")
    meetings.add_attendee(store, other, "Kim Other", "Kestrel Care Ltd", "Director")
    meetings.add_attendee(store, current, "Daniel Okafor", "LB Bromley", "Minutes")

    known = meetings.known_people(store, contract_id, exclude_meeting_id=current)
    assert known == [
        ("Joanne Pryce", "Barnardo's", "Safeguarding lead"),
        ("Tom Ellery", "Barnardo's", "Service manager"),
        ("Ruth Campbell", "LB Bromley", "Atlas Team manager"),
    ]
    names = [k[0] for k in meetings.known_people(store, contract_id)]
    assert "Kim Other" not in names
    assert [k[0] for k in meetings.known_people(store, other_contract_id)] == ["Kim Other"]


def test_previous_meeting(store: Store, contract_id: int, other_contract_id: int) -> None:
    first = _schedule(store, contract_id, date(2024, 1, 9))
    third = _schedule(store, contract_id, date(2024, 9, 5))
    second = _schedule(store, contract_id, date(2024, 3, 5))  # scheduled out of order
    other = _schedule(store, other_contract_id, date(2024, 8, 1))
    for held in (first, second, other):
        meetings.set_status(store, held, MeetingStatus.IN_PROGRESS)
    assert meetings.previous_meeting(store, first) is None
    previous = meetings.previous_meeting(store, third)
    assert previous is not None
    assert previous.id == second
    previous = meetings.previous_meeting(store, second)
    assert previous is not None
    assert previous.id == first
    with pytest.raises(NotFoundError):
        meetings.previous_meeting(store, 999)


def test_a_meeting_that_did_not_take_place_is_passed_over(store: Store, contract_id: int) -> None:
    """January's minutes in draft, February planned but never held, March held: March
    approves January's minutes."""
    january = _schedule(store, contract_id, date(2024, 1, 9))
    meetings.set_status(store, january, MeetingStatus.IN_PROGRESS)
    february = _schedule(store, contract_id, date(2024, 2, 6))  # stays planned
    march = _schedule(store, contract_id, date(2024, 3, 5))
    meetings.set_status(store, march, MeetingStatus.IN_PROGRESS)
    previous = meetings.previous_meeting(store, march)
    assert previous is not None
    assert previous.id == january
    assert meetings.get_meeting(store, february).meeting.status is MeetingStatus.PLANNED


def test_list_meetings_newest_first_and_by_contract(
    store: Store, contract_id: int, other_contract_id: int
) -> None:
    a = _schedule(store, contract_id, date(2024, 1, 9))
    b = _schedule(store, contract_id, date(2024, 3, 5))
    c = _schedule(store, other_contract_id, date(2024, 2, 1))
    assert [m.id for m in meetings.list_meetings(store)] == [b, c, a]
    assert [m.id for m in meetings.list_meetings(store, contract_id)] == [b, a]
    m = meetings.list_meetings(store, other_contract_id)[0]
    assert (m.contract_reference, m.provider_name) == ("ECHS-YOS-0200", "Kestrel Care Ltd")
    assert m.starts_at == _at(date(2024, 2, 1))


# --- the coalesced audit trail of typing ----------------------------------------------------


def _item_events(store: Store, item_id: int) -> list[AuditEvent]:
    with store.session() as s:
        return list(
            s.scalars(
                select(AuditEvent)
                .where(AuditEvent.entity == "agenda_item", AuditEvent.entity_id == item_id)
                .order_by(AuditEvent.id)
            )
        )


def test_typing_leaves_one_coalesced_event(store: Store, contract_id: int) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    item_id = _item(store, meeting_id, "Finance").id
    text = "Invoices for Q1 were paid on time."
    for n in range(1, len(text) + 1):
        agenda.update_item(store, item_id, discussion=text[:n])
    agenda.update_item(store, item_id, discussion=text)  # no change: no event

    [event] = _item_events(store, item_id)
    assert event.action is AuditAction.UPDATE
    assert event.user == audit.current_user()
    assert json.loads(event.changes) == {"discussion": {"old": "", "new": text}}

    # Decisions typed in the same minutes join the same event.
    agenda.update_item(store, item_id, decisions="Agreed.")
    [event] = _item_events(store, item_id)
    assert json.loads(event.changes) == {
        "discussion": {"old": "", "new": text},
        "decisions": {"old": "", "new": "Agreed."},
    }
    assert _item(store, meeting_id, "Finance").discussion == text


def test_another_user_starts_a_new_event(
    store: Store, contract_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    item_id = _item(store, meeting_id, "Finance").id
    agenda.update_item(store, item_id, discussion="One")
    agenda.update_item(store, item_id, discussion="One two")
    monkeypatch.setattr(audit, "current_user", lambda: "another.person")
    agenda.update_item(store, item_id, discussion="One two three")
    agenda.update_item(store, item_id, discussion="One two three four")

    first, second = _item_events(store, item_id)
    assert first.user != "another.person"
    assert json.loads(first.changes)["discussion"] == {"old": "", "new": "One two"}
    assert second.user == "another.person"
    assert json.loads(second.changes)["discussion"] == {
        "old": "One two",
        "new": "One two three four",
    }


def test_an_old_event_is_not_extended(store: Store, contract_id: int) -> None:
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    item_id = _item(store, meeting_id, "Finance").id
    agenda.update_item(store, item_id, discussion="Morning notes")
    [event] = _item_events(store, item_id)
    with store.session() as s:
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.id == event.id)
            .values(at=utcnow() - timedelta(seconds=audit.COALESCE_SECONDS + 60))
        )
    agenda.update_item(store, item_id, discussion="Morning notes, afternoon notes")
    first, second = _item_events(store, item_id)
    assert json.loads(first.changes)["discussion"] == {"old": "", "new": "Morning notes"}
    assert json.loads(second.changes)["discussion"] == {
        "old": "Morning notes",
        "new": "Morning notes, afternoon notes",
    }
    # Within the window it coalesces again (into the newer event).
    agenda.update_item(store, item_id, discussion="Evening")
    first, second = _item_events(store, item_id)
    assert json.loads(second.changes)["discussion"] == {"old": "Morning notes", "new": "Evening"}


def test_a_rename_between_keystrokes_is_its_own_event(store: Store, contract_id: int) -> None:
    """Coalescing only merges into an UPDATE of the same record by the same person."""
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    item_id = agenda.add_item(store, meeting_id, "Estates")
    agenda.update_item(store, item_id, discussion="Lease")
    events = _item_events(store, item_id)
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert json.loads(events[1].changes) == {"discussion": {"old": "", "new": "Lease"}}


def test_a_planned_meeting_with_nothing_recorded_can_be_cancelled(
    store: Store, contract_id: int
) -> None:
    meeting_id = _schedule(store, contract_id, date(2025, 2, 6))
    meetings.cancel_meeting(store, meeting_id)
    assert meetings.list_meetings(store, contract_id) == []
    with store.session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "meeting").order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None
        assert event.entity_id == meeting_id
        assert event.summary.startswith("Cancelled the meeting of 06/02/2025 10:00")


def test_a_meeting_that_started_or_has_anything_recorded_cannot_be_cancelled(
    store: Store, contract_id: int
) -> None:
    started = _schedule(store, contract_id, date(2025, 1, 9))
    meetings.set_status(store, started, MeetingStatus.IN_PROGRESS)
    with pytest.raises(UserError, match="has started"):
        meetings.cancel_meeting(store, started)
    noted = _schedule(store, contract_id, date(2025, 2, 6))
    agenda.update_item(store, _safeguarding(store, noted).id, discussion="Pre-meeting note")
    with pytest.raises(UserError, match="already recorded"):
        meetings.cancel_meeting(store, noted)
    answered = _schedule(store, contract_id, date(2025, 3, 6))
    prompt = _safeguarding(store, answered).prompts[0]
    agenda.update_prompt(store, prompt.id, response="Raised in advance")
    with pytest.raises(UserError, match="already recorded"):
        meetings.cancel_meeting(store, answered)
    # A safeguarding concern ticked before the meeting, with no words yet, is recorded too.
    flagged = _schedule(store, contract_id, date(2025, 4, 3))
    agenda.update_prompt(store, _safeguarding(store, flagged).prompts[2].id, concern=True)
    with pytest.raises(UserError, match="already recorded"):
        meetings.cancel_meeting(store, flagged)
    # So is progress on an earlier action noted at it (it would become "between meetings").
    earlier = _schedule(store, contract_id, date(2024, 12, 5))
    meetings.set_status(store, earlier, MeetingStatus.IN_PROGRESS)
    action = actions.raise_action(store, earlier, None, "Send the training matrix", "Joanne")
    progressed = _schedule(store, contract_id, date(2025, 5, 1))
    actions.update_action(
        store, action.id, ActionStatus.IN_PROGRESS, "Half done", at_meeting_id=progressed
    )
    with pytest.raises(UserError, match="already recorded"):
        meetings.cancel_meeting(store, progressed)
    assert len(meetings.list_meetings(store, contract_id)) == 6


def test_minutes_are_approved_at_a_meeting_under_way(store: Store, contract_id: int) -> None:
    """Not at one still planned, which could then be cancelled, leaving approved minutes
    approved at a meeting that never took place."""
    meeting_id = _schedule(store, contract_id, date(2024, 3, 5))
    later = _schedule(store, contract_id, date(2024, 6, 5))
    _minuted_draft(store, meeting_id)
    with pytest.raises(UserError, match="start that meeting first"):
        meetings.approve_minutes(store, meeting_id, "Sarah Whitfield", later)
    assert _status(store, meeting_id) is MeetingStatus.DRAFT_MINUTES
    meetings.set_status(store, later, MeetingStatus.IN_PROGRESS)
    meetings.approve_minutes(store, meeting_id, "Sarah Whitfield", later)
    assert _status(store, meeting_id) is MeetingStatus.APPROVED


def test_a_meeting_cannot_move_across_one_with_approved_minutes(
    store: Store, contract_id: int
) -> None:
    """February's meeting approved January's minutes; moving February before January would
    put February's progress into January's approved minutes. Refused; a move on the same
    side is fine."""
    january = _schedule(store, contract_id, date(2025, 1, 9))
    february = _schedule(store, contract_id, date(2025, 2, 6))
    _minuted_draft(store, january)
    meetings.set_status(store, february, MeetingStatus.IN_PROGRESS)
    meetings.approve_minutes(store, january, "Sarah Whitfield", february)
    with pytest.raises(UserError, match="other side of the meeting of 09/01/2025"):
        meetings.update_meeting(store, february, starts_at=_at(date(2024, 12, 12)))
    meetings.update_meeting(store, february, starts_at=_at(date(2025, 2, 13)))
    assert meetings.get_meeting(store, february).meeting.starts_at == _at(date(2025, 2, 13))
    planned = _schedule(store, contract_id, date(2025, 3, 6))
    with pytest.raises(UserError, match="other side"):
        meetings.update_meeting(store, planned, starts_at=_at(date(2024, 11, 7)))
