"""Small registers for tests: a contract (and its provider), a meeting under way, each in
one call."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from bscp_monitor.common.clock import to_utc
from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import agenda, meetings


def make_contract(
    store: Store,
    reference: str = "ECHS-CSE-0114",
    provider: str = "Barnardo's",
    start: date = date(2024, 10, 1),
    end: date = date(2030, 9, 30),
    **kw: Any,
) -> int:
    found = providers.find_provider(store, provider)
    pid = found.id if found is not None else providers.create_provider(store, provider).id
    return contracts.create_contract(
        store, reference=reference, title=f"Service {reference}", provider_id=pid,
        start_date=start, end_date=end, **kw,
    ).id  # fmt: skip


def meeting_under_way(
    store: Store,
    contract_id: int,
    day: date,
    discussion: str = "Two referrals made; both followed up.",
    status: MeetingStatus = MeetingStatus.IN_PROGRESS,
) -> int:
    """A meeting at 10:00 (London) on ``day`` whose safeguarding item is discussed, moved on
    to ``status`` (in progress, or draft minutes)."""
    meeting = meetings.schedule_meeting(
        store, contract_id, to_utc(datetime.combine(day, time(10, 0)))
    )
    item = meetings.get_meeting(store, meeting.id).safeguarding_item
    agenda.update_item(store, item.id, discussion=discussion)
    meetings.set_status(store, meeting.id, MeetingStatus.IN_PROGRESS)
    if status is MeetingStatus.DRAFT_MINUTES:
        meetings.set_status(store, meeting.id, MeetingStatus.DRAFT_MINUTES)
    return meeting.id
