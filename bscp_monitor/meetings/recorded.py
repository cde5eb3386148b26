"""What has been recorded at a meeting: a started meeting may go back to planned only while
nothing has (it was started by mistake, or early)."""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from bscp_monitor.data.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Meeting,
    MetricEntry,
    PromptResponse,
)
from bscp_monitor.data.store import Store
from bscp_monitor.meetings.guard import load_meeting


def recorded_at(session: Session, meeting: Meeting) -> list[str]:
    """What the meeting has recorded, in words (empty when nothing has been).

    Attendance, the chair, venue and agenda are prepared before a meeting and do not count.
    """
    found: list[str] = []
    if any(i.discussion.strip() or i.decisions.strip() for i in meeting.agenda_items):
        found.append("discussion or decisions")
    if session.scalar(
        select(
            exists()
            .where(PromptResponse.agenda_item_id == AgendaItem.id)
            .where(AgendaItem.meeting_id == meeting.id)
            .where(or_(PromptResponse.response != "", PromptResponse.concern.is_(True)))
        )
    ):
        found.append("safeguarding answers")
    if session.scalar(select(exists().where(Action.meeting_id == meeting.id))):
        found.append("actions raised")
    if session.scalar(select(exists().where(ActionUpdate.meeting_id == meeting.id))):
        found.append("action progress")
    if session.scalar(select(exists().where(MetricEntry.meeting_id == meeting.id))):
        found.append("metric values")
    if session.scalar(select(exists().where(Meeting.approved_at_meeting_id == meeting.id))):
        found.append("the approval of earlier minutes")
    return found


def recorded_at_meeting(store: Store, meeting_id: int) -> list[str]:
    """:func:`recorded_at` for a meeting by its id."""
    with store.session() as session:
        return recorded_at(session, load_meeting(session, meeting_id))
