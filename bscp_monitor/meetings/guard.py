"""Loading a meeting for reading or for change: approved minutes are locked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bscp_monitor.common.errors import NotFoundError, UserError
from bscp_monitor.data.enums import MeetingStatus
from bscp_monitor.data.models import Meeting


def load_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(f"There is no meeting {meeting_id}.")
    return meeting


def editable_meeting(session: Session, meeting_id: int) -> Meeting:
    """The meeting, refusing any change once its minutes are approved."""
    meeting = load_meeting(session, meeting_id)
    if meeting.status is MeetingStatus.APPROVED:
        raise UserError(
            "These minutes are approved and locked; they can no longer be changed. "
            "Record any correction at the next meeting."
        )
    return meeting
