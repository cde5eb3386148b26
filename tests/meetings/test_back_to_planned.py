"""A meeting started by mistake goes back to planned while nothing is recorded at it; once
anything is, it cannot (and the refusal names what was recorded)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bscp_monitor.common.errors import UserError
from bscp_monitor.data.enums import MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from tests.registers import make_contract, meeting_under_way


def _started(store: Store) -> int:
    contract_id = make_contract(store)
    meeting = meetings.schedule_meeting(store, contract_id, datetime(2027, 1, 7, 10, tzinfo=UTC))
    meetings.add_attendee(store, meeting.id, "Sarah Whitfield", "Council", "Chair")
    meetings.set_status(store, meeting.id, MeetingStatus.IN_PROGRESS)
    return meeting.id


def test_started_meeting_goes_back_to_planned_while_nothing_is_recorded(store: Store) -> None:
    meeting_id = _started(store)
    back = meetings.set_status(store, meeting_id, MeetingStatus.PLANNED)
    assert back.status is MeetingStatus.PLANNED
    assert meetings.get_meeting(store, meeting_id).attendees[0].name == "Sarah Whitfield"
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)  # and on again


def test_discussion_or_an_answer_keeps_it_started(store: Store) -> None:
    meeting_id = _started(store)
    item = meetings.get_meeting(store, meeting_id).safeguarding_item
    agenda.update_prompt(store, item.prompts[0].id, response="Two referrals")
    with pytest.raises(UserError, match="safeguarding answers"):
        meetings.set_status(store, meeting_id, MeetingStatus.PLANNED)
    assert meetings.get_meeting(store, meeting_id).meeting.status is MeetingStatus.IN_PROGRESS
    agenda.update_prompt(store, item.prompts[0].id, response="")
    first = meetings.get_meeting(store, meeting_id).items[0]
    agenda.update_item(store, first.id, decisions="Agreed")
    with pytest.raises(UserError, match="discussion or decisions"):
        meetings.set_status(store, meeting_id, MeetingStatus.PLANNED)


def test_an_action_raised_keeps_it_started(store: Store) -> None:
    meeting_id = _started(store)
    item = meetings.get_meeting(store, meeting_id).safeguarding_item
    actions.raise_action(
        store, meeting_id, item.id, "Send the audit", "Lena Price", due_on=date(2027, 2, 1)
    )
    with pytest.raises(UserError, match="actions raised"):
        meetings.set_status(store, meeting_id, MeetingStatus.PLANNED)


def test_approving_earlier_minutes_keeps_it_started_and_is_kept(store: Store) -> None:
    contract_id = make_contract(store)
    first = meeting_under_way(
        store, contract_id, date(2026, 10, 1), status=MeetingStatus.DRAFT_MINUTES
    )
    second = _started_for(store, contract_id)
    meetings.approve_minutes(store, first, "Sarah Whitfield", second)
    assert meetings.get_meeting(store, first).meeting.approved_at_meeting_id == second
    with pytest.raises(UserError, match="approval of earlier minutes"):
        meetings.set_status(store, second, MeetingStatus.PLANNED)


def test_draft_minutes_never_go_back_to_planned(store: Store) -> None:
    contract_id = make_contract(store)
    meeting_id = meeting_under_way(
        store, contract_id, date(2026, 10, 1), status=MeetingStatus.DRAFT_MINUTES
    )
    with pytest.raises(UserError, match="draft minutes to planned"):
        meetings.set_status(store, meeting_id, MeetingStatus.PLANNED)


def _started_for(store: Store, contract_id: int) -> int:
    meeting = meetings.schedule_meeting(store, contract_id, datetime(2027, 1, 7, 10, tzinfo=UTC))
    meetings.set_status(store, meeting.id, MeetingStatus.IN_PROGRESS)
    return meeting.id
