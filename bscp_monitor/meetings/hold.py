"""The hold on a meeting being recorded: one recorder at a time, colleagues read-only.

A meeting window that records takes the hold ("NAME is recording this meeting since 10:02"
for everyone else), beats a heartbeat while it is open and releases the hold when it
closes. A hold whose heartbeat stopped (the recorder's computer went to sleep, the network
went away) lapses after :data:`LAPSE`; anyone may then take it. Before that, a colleague
may take it over only explicitly (``take_over=True``), and the old holder's next heartbeat
learns it has lost the hold.

The hold is a row in ``meeting_hold`` (data/meetings.py), written in a transaction of its
own, so on a server two people asking at the same moment get one answer: one holds, the
other is told who does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bscp_monitor.common import audit
from bscp_monitor.common.clock import to_local
from bscp_monitor.common.errors import NotFoundError, UserError
from bscp_monitor.data.base import utcnow
from bscp_monitor.data.models import Meeting, MeetingHold
from bscp_monitor.data.store import Store

#: A hold with no heartbeat for this long has lapsed.
LAPSE = timedelta(minutes=2)
#: How often an open recording window beats (well inside LAPSE).
HEARTBEAT_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class Hold:
    meeting_id: int
    holder: str
    token: str
    since: datetime
    heartbeat_at: datetime

    def lapsed(self, now: datetime) -> bool:
        return now - self.heartbeat_at > LAPSE

    @property
    def words(self) -> str:
        """ "NAME is recording this meeting since 10:02"."""
        return f"{self.holder} is recording this meeting since {to_local(self.since):%H:%M}"


class HeldByAnother(UserError):
    """The meeting is being recorded by someone else; ``hold`` says who and since when."""

    def __init__(self, hold: Hold) -> None:
        super().__init__(
            f"{hold.words}. You can read it as it is saved, or take the recording over."
        )
        self.hold = hold


class HoldLost(UserError):
    """This window's hold was taken over (or lapsed and was taken)."""

    def __init__(self, hold: Hold | None) -> None:
        who = f"{hold.holder} took over the recording" if hold else "The recording hold ended"
        super().__init__(f"{who}; this window is now read-only. Your text is kept.")
        self.hold = hold


def _hold(row: MeetingHold) -> Hold:
    return Hold(row.meeting_id, row.holder, row.token, row.since, row.heartbeat_at)


def current_hold(store: Store, meeting_id: int) -> Hold | None:
    """Who holds the meeting now (None: nobody, or the hold lapsed)."""
    with store.session() as session:
        row = session.get(MeetingHold, meeting_id)
        if row is None:
            return None
        hold = _hold(row)
    return None if hold.lapsed(utcnow()) else hold


def take_hold(store: Store, meeting_id: int, take_over: bool = False) -> Hold:
    """Hold the meeting for this window (a new token). Raises HeldByAnother if someone
    holds it and ``take_over`` is not given; a lapsed hold is simply taken."""
    token = str(uuid.uuid4())
    for _attempt in range(2):  # a colleague inserting at the same moment: read theirs
        try:
            with store.session() as session:
                if session.get(Meeting, meeting_id) is None:
                    raise NotFoundError(f"There is no meeting {meeting_id}.")
                who = audit.user_of(session)
                now = utcnow()
                row = session.get(MeetingHold, meeting_id, with_for_update=True)
                if row is not None:
                    held = _hold(row)
                    if not held.lapsed(now) and not take_over:
                        raise HeldByAnother(held)
                    row.holder, row.token, row.since, row.heartbeat_at = who, token, now, now
                else:
                    row = MeetingHold(
                        meeting_id=meeting_id, holder=who, token=token, since=now,
                        heartbeat_at=now,
                    )  # fmt: skip
                    session.add(row)
                session.flush()
                return _hold(row)
        except IntegrityError:
            continue
    raise HeldByAnother(current_hold(store, meeting_id) or _nobody(meeting_id))


def _nobody(meeting_id: int) -> Hold:
    now = utcnow()
    return Hold(meeting_id, "someone else", "", now, now)


def heartbeat(store: Store, hold: Hold) -> Hold:
    """Keep the hold alive; raises HoldLost if it is no longer this window's."""
    with store.session() as session:
        row = session.get(MeetingHold, hold.meeting_id, with_for_update=True)
        if row is None or row.token != hold.token:
            raise HoldLost(None if row is None else _hold(row))
        row.heartbeat_at = utcnow()
        session.flush()
        return _hold(row)


def ensure_holding(store: Store, hold: Hold | None, meeting_id: int) -> None:
    """Before a save: refuse (HeldByAnother / HoldLost) unless this window may record."""
    current = current_hold(store, meeting_id)
    if current is None:
        return
    if hold is None:
        raise HeldByAnother(current)
    if current.token != hold.token:
        raise HoldLost(current)


def release(store: Store, hold: Hold) -> None:
    """End this window's hold (the window closes); someone else's is left alone."""
    with store.session() as session:
        session.execute(
            delete(MeetingHold).where(
                MeetingHold.meeting_id == hold.meeting_id, MeetingHold.token == hold.token
            )
        )


def holds(store: Store) -> list[Hold]:
    """Every live hold (a meetings list shows who is recording what)."""
    with store.session() as session:
        rows = [_hold(r) for r in session.scalars(select(MeetingHold))]
    now = utcnow()
    return [h for h in rows if not h.lapsed(now)]
