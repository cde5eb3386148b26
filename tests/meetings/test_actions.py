"""Actions: raising them, their updates, the carry-forward to later meetings and the
Actions view's filters."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.enums import ActionStatus
from bscp_monitor.data.models import Action
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.meetings.actions import ActionFilter, ActionRecord

LONDON = ZoneInfo("Europe/London")
M1_DAY, M2_DAY, M3_DAY = date(2024, 1, 9), date(2024, 3, 5), date(2024, 6, 4)


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


def _meeting(store: Store, contract_id: int, day: date, hour: int = 10) -> int:
    starts = datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)
    return meetings.schedule_meeting(store, contract_id, starts).id


def _item_id(store: Store, meeting_id: int, title: str = "Performance and metrics") -> int:
    return next(i.id for i in meetings.get_meeting(store, meeting_id).items if i.title == title)


@pytest.fixture
def contract_id(store: Store) -> int:
    return _contract(store, "ECHS-CSE-0114", "Barnardo's")


@pytest.fixture
def three(store: Store, contract_id: int) -> tuple[int, int, int]:
    """Three meetings of one contract, scheduled out of order."""
    m3 = _meeting(store, contract_id, M3_DAY)
    m1 = _meeting(store, contract_id, M1_DAY)
    m2 = _meeting(store, contract_id, M2_DAY)
    return m1, m2, m3


def _ids(records: list[ActionRecord]) -> list[int]:
    return [a.id for a in records]


# --- raising an action ----------------------------------------------------------------------


def test_raise_action(store: Store, contract_id: int) -> None:
    m = _meeting(store, contract_id, M1_DAY)
    item = _item_id(store, m)
    a = actions.raise_action(
        store, m, item, " Bring a recovery plan ", " Tom Ellery ", " Barnardo's ", date(2024, 2, 1)
    )
    b = actions.raise_action(store, m, None, "Send the training matrix", "Joanne Pryce")
    assert re.fullmatch(r"ECHS-CSE-0114/A\d{3}", a.ref)
    assert a.ref == f"ECHS-CSE-0114/A{a.id:03d}"
    assert b.ref == f"ECHS-CSE-0114/A{b.id:03d}"
    assert b.id == a.id + 1
    assert (a.description, a.owner, a.owner_organisation) == (
        "Bring a recovery plan",
        "Tom Ellery",
        "Barnardo's",
    )
    assert a.status is ActionStatus.OPEN
    assert a.completed_on is None
    assert a.due_on == date(2024, 2, 1)
    assert (a.meeting_id, a.meeting_date, a.contract_id) == (m, M1_DAY, contract_id)
    assert (a.agenda_item_id, a.agenda_item_title) == (item, "Performance and metrics")
    assert a.updates == ()
    assert actions.list_actions(store) == [a, b]


def test_raise_action_needs_description_owner_and_an_item_of_the_meeting(
    store: Store, contract_id: int
) -> None:
    m = _meeting(store, contract_id, M1_DAY)
    other = _meeting(store, contract_id, M2_DAY)
    with pytest.raises(ValidationError, match="Describe"):
        actions.raise_action(store, m, None, "   ", "Tom")
    with pytest.raises(ValidationError, match="owner"):
        actions.raise_action(store, m, None, "Do it", "  ")
    with pytest.raises(ValidationError, match="not part of this meeting"):
        actions.raise_action(store, m, _item_id(store, other), "Do it", "Tom")
    with pytest.raises(ValidationError, match="not part of this meeting"):
        actions.raise_action(store, m, 99_999, "Do it", "Tom")
    with pytest.raises(NotFoundError):
        actions.raise_action(store, 99_999, None, "Do it", "Tom")
    assert actions.list_actions(store) == []


def test_the_ref_carries_larger_numbers(store: Store, contract_id: int) -> None:
    m = _meeting(store, contract_id, M1_DAY)
    with store.session() as s:  # an old register with many actions already
        s.add(Action(id=999, contract_id=contract_id, meeting_id=m, description="Old", owner="X"))
    last = actions.raise_action(store, m, None, "Action 1000", "Tom")
    assert last.ref == "ECHS-CSE-0114/A1000"


# --- updates and completion -----------------------------------------------------------------


def test_done_and_dropped_set_completed_on(
    store: Store, three: tuple[int, int, int], today: date
) -> None:
    m1, m2, _ = three
    action = actions.raise_action(store, m1, None, "Recovery plan", "Tom")
    done = actions.update_action(store, action.id, ActionStatus.DONE, "Plan received")
    assert done.status is ActionStatus.DONE
    assert done.completed_on == today
    assert done.closed

    reopened = actions.update_action(store, action.id, "open", "Plan rejected")
    assert reopened.status is ActionStatus.OPEN
    assert reopened.completed_on is None
    progress = actions.update_action(store, action.id, ActionStatus.IN_PROGRESS)
    assert progress.completed_on is None

    dropped = actions.update_action(
        store, action.id, ActionStatus.DROPPED, "No longer needed", m2, completed_on=M2_DAY
    )
    assert dropped.status is ActionStatus.DROPPED
    assert dropped.completed_on == M2_DAY

    with pytest.raises(ValidationError, match="future"):
        actions.update_action(
            store, action.id, ActionStatus.DONE, completed_on=today + timedelta(days=1)
        )
    stored = actions.list_actions(store)[0]
    assert (stored.status, stored.completed_on) == (ActionStatus.DROPPED, M2_DAY)
    assert len(stored.updates) == 4


def test_updates_are_recorded_with_their_meeting(
    store: Store, three: tuple[int, int, int], contract_id: int
) -> None:
    m1, m2, m3 = three
    action = actions.raise_action(store, m1, None, "Training matrix", "Joanne")
    actions.update_action(store, action.id, ActionStatus.IN_PROGRESS, " 4 of 6 trained ", m2)
    actions.update_action(store, action.id, ActionStatus.IN_PROGRESS, "Chased by email")
    record = actions.update_action(
        store, action.id, ActionStatus.DONE, "All trained", m3, completed_on=M3_DAY
    )
    assert [(u.meeting_id, u.meeting_date, u.status, u.note) for u in record.updates] == [
        (m2, M2_DAY, ActionStatus.IN_PROGRESS, "4 of 6 trained"),
        (None, None, ActionStatus.IN_PROGRESS, "Chased by email"),
        (m3, M3_DAY, ActionStatus.DONE, "All trained"),
    ]
    assert all(u.at.tzinfo is not None for u in record.updates)

    elsewhere = _meeting(store, _contract(store, "ECHS-YOS-0200", "Kestrel Care Ltd"), M2_DAY)
    with pytest.raises(ValidationError, match="another contract"):
        actions.update_action(store, action.id, ActionStatus.OPEN, "", elsewhere)
    with pytest.raises(NotFoundError):
        actions.update_action(store, 99_999, ActionStatus.OPEN)
    assert len(actions.list_actions(store, ActionFilter(contract_id=contract_id))[0].updates) == 3


# --- the carry-forward ----------------------------------------------------------------------


def test_open_actions_are_carried_forward_until_closed(
    store: Store, three: tuple[int, int, int]
) -> None:
    m1, m2, m3 = three
    kept_open = actions.raise_action(store, m1, None, "Information-sharing route", "Sarah")
    closed_at_m2 = actions.raise_action(store, m1, _item_id(store, m1), "Recovery plan", "Tom")
    in_progress = actions.raise_action(store, m1, None, "Training matrix", "Joanne")
    raised_at_m2 = actions.raise_action(store, m2, _item_id(store, m2), "Options paper", "Sarah")

    raised, carried = actions.meeting_actions(store, m1)
    assert _ids(raised) == [kept_open.id, closed_at_m2.id, in_progress.id]
    assert carried == []

    actions.update_action(store, in_progress.id, ActionStatus.IN_PROGRESS, "Half done", m2)
    actions.update_action(
        store, closed_at_m2.id, ActionStatus.DONE, "Received", m2, completed_on=M2_DAY
    )

    raised, carried = actions.meeting_actions(store, m2)
    assert _ids(raised) == [raised_at_m2.id]
    assert _ids(carried) == [kept_open.id, closed_at_m2.id, in_progress.id]
    shown_closed = next(a for a in carried if a.id == closed_at_m2.id)
    assert shown_closed.status is ActionStatus.DONE
    assert shown_closed.completed_on == M2_DAY
    assert [u.note for u in shown_closed.updates] == ["Received"]  # with its history

    raised, carried = actions.meeting_actions(store, m3)
    assert raised == []
    assert _ids(carried) == [kept_open.id, in_progress.id, raised_at_m2.id]
    assert closed_at_m2.id not in _ids(carried)


def test_closed_before_the_meeting_is_not_carried(
    store: Store, three: tuple[int, int, int]
) -> None:
    m1, m2, m3 = three
    action = actions.raise_action(store, m1, None, "Recovery plan", "Tom")
    actions.update_action(
        store, action.id, ActionStatus.DROPPED, completed_on=M2_DAY - timedelta(days=1)
    )
    assert actions.meeting_actions(store, m2)[1] == []
    assert actions.meeting_actions(store, m3)[1] == []


def test_other_contracts_actions_never_appear(store: Store, three: tuple[int, int, int]) -> None:
    m1, m2, m3 = three
    other_contract = _contract(store, "ECHS-YOS-0200", "Kestrel Care Ltd")
    other_m = _meeting(store, other_contract, M1_DAY, hour=9)
    foreign = actions.raise_action(store, other_m, None, "Their action", "Kim")
    assert foreign.ref == f"ECHS-YOS-0200/A{foreign.id:03d}"
    mine = actions.raise_action(store, m1, None, "Our action", "Tom")
    for meeting_id in (m2, m3):
        raised, carried = actions.meeting_actions(store, meeting_id)
        assert foreign.id not in _ids(raised) + _ids(carried)
        assert _ids(carried) == [mine.id]
    later_other = _meeting(store, other_contract, M3_DAY)
    assert _ids(actions.meeting_actions(store, later_other)[1]) == [foreign.id]


# --- the Actions view's filters ---------------------------------------------------------------


def test_list_actions_filters(store: Store, three: tuple[int, int, int], contract_id: int) -> None:
    m1, m2, _ = three
    other_contract = _contract(store, "ECHS-YOS-0200", "Kestrel Care Ltd")
    other_m = _meeting(store, other_contract, M1_DAY)
    on = date(2024, 4, 1)
    late = actions.raise_action(store, m1, None, "Late", "Tom Ellery", due_on=date(2024, 3, 1))
    due_on_day = actions.raise_action(store, m1, None, "Due that day", "Joanne Pryce", due_on=on)
    no_due = actions.raise_action(store, m1, None, "No due date", "tom ellery")
    done_late = actions.raise_action(store, m2, None, "Done", "Sarah", due_on=date(2024, 1, 1))
    actions.update_action(store, done_late.id, ActionStatus.DONE, completed_on=M2_DAY)
    going = actions.raise_action(store, m2, None, "Going", "Sarah", due_on=date(2024, 2, 1))
    actions.update_action(store, going.id, ActionStatus.IN_PROGRESS)
    foreign = actions.raise_action(store, other_m, None, "Theirs", "Tom Ellery", due_on=on)

    every = [late.id, due_on_day.id, no_due.id, done_late.id, going.id, foreign.id]
    assert _ids(actions.list_actions(store)) == every
    assert _ids(actions.list_actions(store, ActionFilter(contract_id=contract_id))) == every[:5]
    assert _ids(actions.list_actions(store, ActionFilter(contract_id=other_contract))) == [
        foreign.id
    ]
    assert _ids(actions.list_actions(store, ActionFilter(owner="  TOM "))) == [
        late.id,
        no_due.id,
        foreign.id,
    ]
    assert _ids(actions.list_actions(store, ActionFilter(owner="pryce"))) == [due_on_day.id]
    assert _ids(
        actions.list_actions(store, ActionFilter(statuses=frozenset({ActionStatus.DONE})))
    ) == [done_late.id]
    assert _ids(
        actions.list_actions(
            store,
            ActionFilter(statuses=frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE})),
        )
    ) == [done_late.id, going.id]
    open_ids = [late.id, due_on_day.id, no_due.id, going.id, foreign.id]
    assert _ids(actions.list_actions(store, ActionFilter(open_only=True))) == open_ids
    overdue = actions.list_actions(store, ActionFilter(overdue_on=on))
    assert _ids(overdue) == [late.id, going.id]  # due strictly before, not closed, has a date
    assert all(a.overdue(on) for a in overdue)
    combined = ActionFilter(contract_id=contract_id, owner="sarah", open_only=True)
    assert _ids(actions.list_actions(store, combined)) == [going.id]


def test_overdue_boundary(store: Store, contract_id: int, today: date) -> None:
    m = _meeting(store, contract_id, M1_DAY)
    due_today = actions.raise_action(store, m, None, "Today", "Tom", due_on=today)
    due_yesterday = actions.raise_action(
        store, m, None, "Yesterday", "Tom", due_on=today - timedelta(days=1)
    )
    no_date = actions.raise_action(store, m, None, "Whenever", "Tom")
    assert not due_today.overdue(today)
    assert due_today.overdue(today + timedelta(days=1))
    assert due_yesterday.overdue(today)
    assert not no_date.overdue(today)
    for status in (ActionStatus.DONE, ActionStatus.DROPPED):
        closed = actions.update_action(store, due_yesterday.id, status)
        assert closed.closed
        assert not closed.overdue(today)
        assert not closed.overdue(today + timedelta(days=365))
    still = actions.update_action(store, due_yesterday.id, ActionStatus.IN_PROGRESS)
    assert still.overdue(today)
    assert _ids(actions.list_actions(store, ActionFilter(overdue_on=today))) == [due_yesterday.id]


def test_thematic_follow_ups_come_up_at_the_next_meeting(store: Store) -> None:
    """An action raised outside meetings (a thematic check's follow-up) is carried into the
    action log review of meetings after it was raised, and not into earlier ones."""
    from datetime import datetime

    from bscp_monitor.common.clock import to_utc
    from bscp_monitor.contracts import providers
    from bscp_monitor.contracts import register as contracts
    from bscp_monitor.data.enums import Rag
    from bscp_monitor.meetings import meetings, thematic_checks

    provider = providers.create_provider(store, "Provider")
    contract = contracts.create_contract(
        store,
        reference="C-1",
        title="Service",
        provider_id=provider.id,
        start_date=date(2020, 1, 1),
        end_date=date(2030, 1, 1),
    )
    past = meetings.schedule_meeting(store, contract.id, to_utc(datetime(2021, 1, 4, 10)))
    future = meetings.schedule_meeting(store, contract.id, to_utc(datetime(2099, 1, 5, 10)))
    check = thematic_checks.plan_check(store, contract.id, "Exploitation", date(2022, 1, 1))
    thematic_checks.record_outcome(store, check.id, date(2022, 1, 10), "Gaps found", Rag.AMBER)
    follow_up = thematic_checks.raise_thematic_action(
        store, check.id, "Refresh exploitation training", "Lead", "Provider", None
    )
    assert follow_up.id in {a.id for a in actions.meeting_actions(store, future.id)[1]}
    assert follow_up.id not in {a.id for a in actions.meeting_actions(store, past.id)[1]}
