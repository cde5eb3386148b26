"""Approved minutes never change afterwards: they hold the actions they held when approved,
whatever is reopened, confirmed, typed up late or scheduled later."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bscp_monitor.data.enums import ActionStatus, MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.reports.minutes_pdf import export_minutes
from tests.meetings.test_actions_closing import contract, held, items, pdf_text


def _carried_ids(store: Store, meeting_id: int) -> list[int]:
    return [a.id for a in actions.minuted_meeting_actions(store, meeting_id)[1]]


def _closed_before_february(store: Store) -> tuple[int, int, int]:
    """An action raised in January and closed between meetings (completed 30/01), so not
    carried to February; February's minutes approved in March. (action, February, March)"""
    cid = contract(store)
    january = held(store, cid, date(2025, 1, 14))
    action = actions.raise_action(
        store, january, items(store, january)["Safeguarding"].id,
        "Audit the referral log", "Tom Ellery", "Barnardo's", date(2025, 2, 28),
    )  # fmt: skip
    actions.update_action(
        store, action.id, ActionStatus.DONE, "Done", completed_on=date(2025, 1, 30)
    )
    meetings.set_status(store, january, MeetingStatus.DRAFT_MINUTES)
    february = held(store, cid, date(2025, 2, 11))
    meetings.approve_minutes(store, january, "Sarah Whitfield", february)
    meetings.set_status(store, february, MeetingStatus.DRAFT_MINUTES)
    march = held(store, cid, date(2025, 3, 11))
    meetings.approve_minutes(store, february, "Sarah Whitfield", march)
    assert _carried_ids(store, february) == []
    return action.id, february, march


def test_an_action_reopened_after_approval_stays_out_of_approved_minutes(
    store: Store, tmp_path: Path
) -> None:
    """Reopened at March's meeting, the action is open again, but February's approved
    minutes (which did not carry it) stay as they were."""
    action_id, february, march = _closed_before_february(store)
    before = pdf_text(export_minutes(store, february, tmp_path / "before.pdf"))
    actions.update_action(store, action_id, ActionStatus.OPEN, "Not finished after all", march)

    assert _carried_ids(store, february) == [], "approved minutes gained a carried action"
    after = pdf_text(export_minutes(store, february, tmp_path / "after.pdf"))
    assert after == before


def test_confirming_done_at_a_later_meeting_leaves_approved_minutes_alone(
    store: Store,
) -> None:
    """A confirming 'Done' at March's meeting does not make the action one that was closed
    there: it is not carried to February (closed between meetings before it)."""
    action_id, february, march = _closed_before_february(store)

    actions.update_action(
        store, action_id, ActionStatus.DONE, "Confirmed", march, completed_on=date(2025, 1, 30)
    )

    assert _carried_ids(store, february) == [], "approved minutes gained a carried action"


def test_an_action_raised_late_at_an_earlier_meeting_stays_out_of_approved_minutes(
    store: Store,
) -> None:
    """January's minutes are still in draft when February's are approved (in March). An
    action then added to January's draft shows in February's approved minutes."""
    cid = contract(store)
    january = held(store, cid, date(2025, 1, 14))
    meetings.set_status(store, january, MeetingStatus.DRAFT_MINUTES)
    february = held(store, cid, date(2025, 2, 11))
    meetings.set_status(store, february, MeetingStatus.DRAFT_MINUTES)
    march = held(store, cid, date(2025, 3, 11))
    meetings.approve_minutes(store, february, "Sarah Whitfield", march)
    assert _carried_ids(store, february) == []

    actions.raise_action(store, january, None, "Typed up late", "Tom Ellery")

    assert _carried_ids(store, february) == [], "approved minutes gained a carried action"


def test_no_meeting_can_be_added_before_approved_minutes(store: Store) -> None:
    """Moving a meeting across approved minutes is refused, and so is scheduling one on the
    far side: what was recorded there would change the approved minutes."""
    import pytest

    from bscp_monitor.common.errors import UserError

    cid = contract(store)
    february = held(store, cid, date(2025, 2, 11))
    meetings.set_status(store, february, MeetingStatus.DRAFT_MINUTES)
    march = held(store, cid, date(2025, 3, 11))
    meetings.approve_minutes(store, february, "Sarah Whitfield", march)
    with pytest.raises(UserError, match="before the meeting of 11/02/2025"):
        held(store, cid, date(2025, 1, 20))
    assert len(meetings.list_meetings(store, cid)) == 2
    held(store, cid, date(2025, 4, 8))  # after it: fine
