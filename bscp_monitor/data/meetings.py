"""Contract monitoring meetings (S5): attendees, agenda, safeguarding prompts and actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bscp_monitor.data.base import Base, UtcDateTime, str_enum, utcnow
from bscp_monitor.data.enums import ActionStatus, AgendaKind, Attendance, MeetingStatus


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="RESTRICT"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    venue: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(default=False)
    chair: Mapped[str] = mapped_column(String(200), default="")
    minute_taker: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus, "status"), default=MeetingStatus.PLANNED
    )
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: The later meeting at which the minutes were approved (None for minutes approved
    #: before this was kept: revision 0011).
    approved_at_meeting_id: Mapped[int | None] = mapped_column(default=None)
    #: The actions its approved minutes hold are kept (MinutedAction); minutes approved
    #: before that was done show their actions as worked out now.
    actions_minuted: Mapped[bool] = mapped_column(default=False, server_default=false())
    next_meeting_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: The SEQUENCE of its calendar invitation: raised when it is moved or its venue changes.
    invite_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", order_by="Attendee.id", cascade="all, delete-orphan"
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        # A contract's meetings in date order: its meetings list, and the dashboard's latest
        # meeting held, next planned and last safeguarding discussion (compliance_facts.py).
        Index("ix_meeting_contract_starts", "contract_id", "starts_at", "status"),
    )


class Attendee(Base):
    __tablename__ = "attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    attendance: Mapped[Attendance] = mapped_column(
        str_enum(Attendance, "attendance"), default=Attendance.PRESENT
    )
    #: Where minutes and invitations are drafted to ("": no address).
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")


class AgendaItem(Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: How many times the record was saved (a stale copy's edit is refused:
    #: common/versions.py); SQLAlchemy counts it and checks it on every UPDATE.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[AgendaKind] = mapped_column(
        str_enum(AgendaKind, "kind"), default=AgendaKind.STANDARD
    )
    mandatory: Mapped[bool] = mapped_column(default=False)
    discussion: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    prompts: Mapped[list[PromptResponse]] = relationship(
        back_populates="agenda_item",
        order_by="PromptResponse.position",
        cascade="all, delete-orphan",
    )

    # A meeting's items (the meeting window, and the safeguarding item of each meeting).
    __table_args__ = (Index("ix_agenda_item_meeting", "meeting_id", "kind"),)


class PromptResponse(Base):
    """One structured prompt of the safeguarding item and what was said."""

    __tablename__ = "prompt_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(60))
    question: Mapped[str] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text, default="")
    concern: Mapped[bool] = mapped_column(default=False)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="prompts")

    __table_args__ = (
        UniqueConstraint("agenda_item_id", "key", name="uq_prompt_response_item_key"),
    )


class Action(Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: How many times the record was saved (a stale copy's edit is refused:
    #: common/versions.py); SQLAlchemy counts it and checks it on every UPDATE.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="RESTRICT"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    thematic_check_id: Mapped[int | None] = mapped_column(
        ForeignKey("thematic_check.id", ondelete="SET NULL")
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    owner_organisation: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, "status"), default=ActionStatus.OPEN
    )
    completed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(
            "(status IN ('done', 'dropped')) OR completed_on IS NULL",
            name="completed_only_when_closed",
        ),
    )


class ActionUpdate(Base):
    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus, "status"))

    action: Mapped[Action] = relationship(back_populates="updates")


class MinutedAction(Base):
    """An action as a meeting's minutes recorded it when they were approved (its wording,
    owner and due date), so later edits never change approved minutes. Its progress is
    kept by the updates, each at its meeting."""

    __tablename__ = "minuted_action"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    owner_organisation: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    carried: Mapped[bool] = mapped_column(default=False)  # else raised at the meeting


class MeetingHold(Base):
    """Who is recording a meeting: colleagues open it read-only until the hold ends (the
    window closes), lapses (no heartbeat for meetings/hold.py's LAPSE) or is taken over."""

    __tablename__ = "meeting_hold"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(120))
    #: One window's hold (the same person in two windows holds from one of them).
    token: Mapped[str] = mapped_column(String(36))
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime)
