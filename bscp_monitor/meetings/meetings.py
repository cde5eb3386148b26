"""Contract monitoring meetings (S5): scheduling, attendees, the workflow and its guards.

Workflow: planned -> in progress -> draft minutes -> approved (locked). Minutes cannot
become draft or approved without a recorded safeguarding discussion, and the minutes of a
meeting are approved at a later meeting of the same contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from bscp_monitor.common import audit
from bscp_monitor.common.clock import to_local
from bscp_monitor.common.errors import NotFoundError, UserError, ValidationError
from bscp_monitor.data.base import utcnow
from bscp_monitor.data.enums import AgendaKind, Attendance, AuditAction, MeetingStatus
from bscp_monitor.data.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendee,
    Contract,
    Meeting,
    MetricEntry,
    MinutedAction,
    PromptResponse,
)
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import agenda
from bscp_monitor.meetings.guard import editable_meeting, load_meeting
from bscp_monitor.meetings.minuted_metrics import freeze_for_minutes
from bscp_monitor.meetings.recorded import recorded_at

STATUS_LABELS = {
    MeetingStatus.PLANNED: "Planned",
    MeetingStatus.IN_PROGRESS: "In progress",
    MeetingStatus.DRAFT_MINUTES: "Draft minutes",
    MeetingStatus.APPROVED: "Approved",
}
#: The moves the workflow allows (draft minutes may be reopened for correction).
TRANSITIONS = {
    MeetingStatus.PLANNED: {MeetingStatus.IN_PROGRESS},
    # Back to planned only while nothing has been recorded at it (started by mistake).
    MeetingStatus.IN_PROGRESS: {MeetingStatus.DRAFT_MINUTES, MeetingStatus.PLANNED},
    MeetingStatus.DRAFT_MINUTES: {MeetingStatus.IN_PROGRESS, MeetingStatus.APPROVED},
    MeetingStatus.APPROVED: set(),
}


@dataclass(frozen=True)
class AttendeeRecord:
    id: int
    name: str
    organisation: str
    role: str
    attendance: Attendance
    email: str = ""


@dataclass(frozen=True)
class PromptRecord:
    id: int
    key: str
    question: str
    response: str
    concern: bool


@dataclass(frozen=True)
class AgendaItemRecord:
    id: int
    position: int
    title: str
    kind: AgendaKind
    mandatory: bool
    discussion: str
    decisions: str
    prompts: tuple[PromptRecord, ...]
    version: int = 1  # the item's saves (common/versions.py)

    @property
    def has_safeguarding_discussion(self) -> bool:
        return bool(self.discussion.strip()) or any(p.response.strip() for p in self.prompts)


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    contract_id: int
    contract_reference: str
    contract_title: str
    provider_name: str
    starts_at: datetime
    venue: str
    online: bool
    chair: str
    minute_taker: str
    status: MeetingStatus
    approved_by: str
    approved_at: datetime | None
    next_meeting_on: date | None
    #: The SEQUENCE of its calendar invitation (raised each time it is moved).
    invite_sequence: int = 0
    #: The later meeting that approved these minutes (None if not kept, or not approved).
    approved_at_meeting_id: int | None = None

    @property
    def locked(self) -> bool:
        return self.status is MeetingStatus.APPROVED


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingSummary
    attendees: tuple[AttendeeRecord, ...]
    items: tuple[AgendaItemRecord, ...]

    @property
    def safeguarding_item(self) -> AgendaItemRecord:
        return next(i for i in self.items if i.kind is AgendaKind.SAFEGUARDING)


def summary_of(meeting: Meeting, contract: Contract) -> MeetingSummary:
    return MeetingSummary(
        id=meeting.id,
        contract_id=contract.id,
        contract_reference=contract.reference,
        contract_title=contract.title,
        provider_name=contract.provider.name,
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        online=meeting.online,
        chair=meeting.chair,
        minute_taker=meeting.minute_taker,
        status=meeting.status,
        approved_by=meeting.approved_by,
        approved_at=meeting.approved_at,
        next_meeting_on=meeting.next_meeting_on,
        invite_sequence=meeting.invite_sequence,
        approved_at_meeting_id=meeting.approved_at_meeting_id,
    )


def _item_record(item: AgendaItem) -> AgendaItemRecord:
    return AgendaItemRecord(
        id=item.id,
        position=item.position,
        title=item.title,
        kind=item.kind,
        mandatory=item.mandatory,
        discussion=item.discussion,
        decisions=item.decisions,
        prompts=tuple(
            PromptRecord(p.id, p.key, p.question, p.response, p.concern) for p in item.prompts
        ),
        version=item.version,
    )


def list_meetings(store: Store, contract_id: int | None = None) -> list[MeetingSummary]:
    """Meetings, newest first, optionally of one contract."""
    query = (
        select(Meeting, Contract)
        .join(Contract, Contract.id == Meeting.contract_id)
        .options(selectinload(Contract.provider))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if contract_id is not None:
        query = query.where(Meeting.contract_id == contract_id)
    with store.session() as session:
        return [summary_of(m, c) for m, c in session.execute(query).all()]


def get_meeting(store: Store, meeting_id: int) -> MeetingDetail:
    with store.session() as session:
        meeting = load_meeting(session, meeting_id)
        contract = session.get_one(Contract, meeting.contract_id)
        return MeetingDetail(
            meeting=summary_of(meeting, contract),
            attendees=tuple(
                AttendeeRecord(a.id, a.name, a.organisation, a.role, a.attendance, a.email)
                for a in meeting.attendees
            ),
            items=tuple(_item_record(i) for i in meeting.agenda_items),
        )


def schedule_meeting(
    store: Store,
    contract_id: int,
    starts_at: datetime,
    venue: str = "",
    online: bool = False,
    chair: str = "",
    minute_taker: str = "",
) -> MeetingSummary:
    """Plan a meeting with the contract's agenda (or the default), safeguarding item included."""
    if starts_at.tzinfo is None:
        raise ValidationError("A meeting time must carry its time zone.")
    with store.session() as session:
        contract = session.get(Contract, contract_id)
        if contract is None:
            raise NotFoundError(f"Contract {contract_id} does not exist.")
        _refuse_before_approved(session, contract_id, starts_at)
        meeting = Meeting(
            contract_id=contract_id,
            starts_at=starts_at,
            venue=venue.strip(),
            online=online,
            chair=chair.strip(),
            minute_taker=minute_taker.strip(),
            status=MeetingStatus.PLANNED,
        )
        session.add(meeting)
        agenda.build_agenda(meeting, agenda.template_for(contract))
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "meeting",
            meeting.id,
            f"Scheduled a monitoring meeting of {contract.reference}",
            {"starts_at": (None, starts_at), "venue": (None, meeting.venue)},
        )
        return summary_of(meeting, contract)


def cancel_meeting(store: Store, meeting_id: int) -> None:
    """Remove a planned meeting that will not take place. Only one still planned with
    nothing recorded at it (no discussion, answers, actions or metric values) can go; the
    trail keeps what it was."""
    with store.session() as session:
        meeting = load_meeting(session, meeting_id)
        day = to_local(meeting.starts_at).strftime("%d/%m/%Y %H:%M")
        if meeting.status is not MeetingStatus.PLANNED:
            raise UserError(
                f"The meeting of {day} has started, so it is part of the record and cannot "
                "be cancelled."
            )
        item_ids = [i.id for i in meeting.agenda_items]
        recorded = (
            any(i.discussion.strip() or i.decisions.strip() for i in meeting.agenda_items)
            or session.scalar(
                select(PromptResponse.id).where(
                    PromptResponse.agenda_item_id.in_(item_ids),
                    or_(PromptResponse.response != "", PromptResponse.concern.is_(True)),
                )
            )
            or session.scalar(select(Action.id).where(Action.meeting_id == meeting_id))
            or session.scalar(select(ActionUpdate.id).where(ActionUpdate.meeting_id == meeting_id))
            or session.scalar(select(MetricEntry.id).where(MetricEntry.meeting_id == meeting_id))
        )
        if recorded:
            raise UserError(
                f"Something is already recorded at the meeting of {day}, so it cannot be "
                "cancelled. Hold it, or move it to another date."
            )
        contract = session.get(Contract, meeting.contract_id)
        audit.record(
            session,
            AuditAction.ARCHIVE,
            "meeting",
            meeting.id,
            f"Cancelled the meeting of {day}"
            + (f" of {contract.reference}" if contract is not None else ""),
            {"starts_at": (meeting.starts_at, None), "venue": (meeting.venue, None)},
        )
        session.delete(meeting)


MEETING_FIELDS = {"starts_at", "venue", "online", "chair", "minute_taker", "next_meeting_on"}
#: What a calendar invitation says: a change to one sends an update (a higher SEQUENCE).
INVITE_FIELDS = {"starts_at", "venue", "online"}


def update_meeting(store: Store, meeting_id: int, **changes: object) -> None:
    unknown = set(changes) - MEETING_FIELDS
    if unknown:
        raise ValidationError(f"Unknown meeting fields: {', '.join(sorted(unknown))}.")
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    with store.session() as session:
        meeting = editable_meeting(session, meeting_id)
        new_start = cleaned.get("starts_at")
        if isinstance(new_start, datetime):
            _refuse_crossing_approved(session, meeting, new_start)
        applied = audit.apply_changes(meeting, cleaned)
        if applied:
            if set(applied) & INVITE_FIELDS:  # calendars must take the newer invitation
                meeting.invite_sequence += 1
            audit.record_coalesced(
                session, "meeting", meeting.id, f"Edited meeting {meeting.id}", applied
            )


def _refuse_before_approved(session: Session, contract_id: int, starts_at: datetime) -> None:
    """A new meeting may not come before one whose minutes are approved: they would no
    longer say what happened before and after it."""
    latest = session.scalar(
        select(func.max(Meeting.starts_at)).where(
            Meeting.contract_id == contract_id, Meeting.status == MeetingStatus.APPROVED
        )
    )
    if latest is not None and starts_at < latest:
        day = to_local(latest).strftime("%d/%m/%Y")
        raise UserError(
            f"A meeting cannot be added before the meeting of {day}, whose minutes are "
            "approved: they would no longer say what happened before and after it. Choose "
            "a later date."
        )


def _refuse_crossing_approved(session: Session, meeting: Meeting, new_start: datetime) -> None:
    """Approved minutes go by which meetings came before and after theirs (what was carried,
    updated, approved there): a meeting may not move to the other side of one."""
    approved = session.scalars(
        select(Meeting).where(
            Meeting.contract_id == meeting.contract_id,
            Meeting.status == MeetingStatus.APPROVED,
            Meeting.id != meeting.id,
        )
    )
    for other in approved:
        if (meeting.starts_at < other.starts_at) != (new_start < other.starts_at):
            day = to_local(other.starts_at).strftime("%d/%m/%Y")
            raise UserError(
                f"The meeting cannot move to the other side of the meeting of {day}, whose "
                "minutes are approved: they would no longer say what happened before and "
                "after it. Choose a date on the same side, or schedule another meeting."
            )


# -- attendees ---------------------------------------------------------------------------


def add_attendee(
    store: Store,
    meeting_id: int,
    name: str,
    organisation: str = "",
    role: str = "",
    attendance: Attendance = Attendance.PRESENT,
    email: str | None = None,
) -> AttendeeRecord:
    """Add someone to a meeting; without ``email`` the address last recorded for the same
    name at any meeting is used (addresses are remembered per person)."""
    if not name.strip():
        raise ValidationError("An attendee needs a name.")
    address = checked_email(email) if email is not None else None
    with store.session() as session:
        meeting = editable_meeting(session, meeting_id)
        if address is None:
            address = _remembered_email(session, name.strip())
        attendee = Attendee(
            meeting=meeting,
            name=name.strip(),
            organisation=organisation.strip(),
            role=role.strip(),
            attendance=Attendance(attendance),
            email=address,
        )
        session.add(attendee)
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "attendee",
            attendee.id,
            f"Added {attendee.name} to meeting {meeting_id}",
        )
        return AttendeeRecord(
            attendee.id,
            attendee.name,
            attendee.organisation,
            attendee.role,
            attendee.attendance,
            attendee.email,
        )


def checked_email(text: str) -> str:
    """An e-mail address as typed, trimmed; "" for none; ValidationError if it is not one."""
    address = text.strip()
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or any(c.isspace() or c in '<>(),;:"[]\\' for c in address)
        or len(address) > 254
    ):
        raise ValidationError(
            f"'{address}' is not an e-mail address: write it as name@example.gov.uk."
        )
    return address


def _remembered_email(session: Session, name: str) -> str:
    """The address most recently recorded for someone of this name ("" if none)."""
    rows = session.execute(
        select(Attendee.name, Attendee.email)
        .where(Attendee.email != "")
        .order_by(Attendee.id.desc())
    ).all()
    return next((email for other, email in rows if other.casefold() == name.casefold()), "")


def remembered_email(store: Store, name: str) -> str:
    """The address last recorded for someone of this name at any meeting ("" if none)."""
    with store.session() as session:
        return _remembered_email(session, name.strip())


def update_attendee(store: Store, attendee_id: int, **changes: object) -> None:
    allowed = {"name", "organisation", "role", "attendance", "email"}
    if set(changes) - allowed:
        raise ValidationError("Unknown attendee fields.")
    cleaned: dict[str, Any] = {
        k: v.strip() if isinstance(v, str) else v for k, v in changes.items()
    }
    if "email" in cleaned:
        cleaned["email"] = checked_email(str(cleaned["email"]))
    if "attendance" in cleaned:
        cleaned["attendance"] = Attendance(cleaned["attendance"])
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError("An attendee needs a name.")
    with store.session() as session:
        attendee = session.get(Attendee, attendee_id)
        if attendee is None:
            raise NotFoundError(f"There is no attendee {attendee_id}.")
        editable_meeting(session, attendee.meeting_id)
        applied = audit.apply_changes(attendee, cleaned)
        if applied:
            audit.record(
                session,
                AuditAction.UPDATE,
                "attendee",
                attendee.id,
                f"Updated attendee {attendee.name}",
                applied,
            )


def remove_attendee(store: Store, attendee_id: int) -> None:
    with store.session() as session:
        attendee = session.get(Attendee, attendee_id)
        if attendee is None:
            return
        editable_meeting(session, attendee.meeting_id)
        audit.record(
            session,
            AuditAction.ARCHIVE,
            "attendee",
            attendee.id,
            f"Removed {attendee.name} from meeting {attendee.meeting_id}",
        )
        session.delete(attendee)


def known_people(
    store: Store, contract_id: int, exclude_meeting_id: int | None = None
) -> list[tuple[str, str, str]]:
    """(name, organisation, role) of people seen at the contract's meetings, most recent first."""
    query = (
        select(Attendee.name, Attendee.organisation, Attendee.role)
        .join(Meeting, Meeting.id == Attendee.meeting_id)
        .where(Meeting.contract_id == contract_id)
        .order_by(Meeting.starts_at.desc(), Attendee.id)
    )
    if exclude_meeting_id is not None:
        query = query.where(Meeting.id != exclude_meeting_id)
    seen: dict[str, tuple[str, str, str]] = {}
    with store.session() as session:
        for name, organisation, role in session.execute(query).all():
            seen.setdefault(name.casefold(), (name, organisation, role))
    return list(seen.values())


# -- workflow ----------------------------------------------------------------------------


def safeguarding_gap(item: AgendaItem) -> str | None:
    """What is missing before minutes can be drafted, or None."""
    if item.discussion.strip() or any(p.response.strip() for p in item.prompts):
        return None
    return (
        f"The safeguarding item ('{item.title}') has no recorded discussion: answer at least "
        f"one of its {len(item.prompts)} prompts or write in its discussion field."
    )


def set_status(store: Store, meeting_id: int, target: MeetingStatus) -> MeetingSummary:
    """Move a meeting along the workflow. Approval goes through :func:`approve_minutes`."""
    target = MeetingStatus(target)
    if target is MeetingStatus.APPROVED:
        raise UserError("Minutes are approved at the next meeting: use 'Approve minutes' there.")
    with store.session() as session:
        meeting = editable_meeting(session, meeting_id)
        _check_move(meeting, target)
        if target is MeetingStatus.PLANNED:
            found = recorded_at(session, meeting)
            if found:
                raise UserError(
                    "This meeting cannot go back to planned: it has recorded "
                    + ", ".join(found)
                    + "."
                )
        old = meeting.status
        meeting.status = target
        audit.record(
            session,
            AuditAction.UPDATE,
            "meeting",
            meeting.id,
            f"Meeting {meeting.id}: {STATUS_LABELS[old]} -> {STATUS_LABELS[target]}",
            {"status": (old, target)},
        )
        contract = session.get_one(Contract, meeting.contract_id)
        return summary_of(meeting, contract)


def _check_move(meeting: Meeting, target: MeetingStatus) -> None:
    if target not in TRANSITIONS[meeting.status]:
        raise UserError(
            f"A meeting cannot go from {STATUS_LABELS[meeting.status].lower()} to "
            f"{STATUS_LABELS[target].lower()}."
        )
    if target in (MeetingStatus.DRAFT_MINUTES, MeetingStatus.APPROVED):
        item = next(i for i in meeting.agenda_items if i.kind is AgendaKind.SAFEGUARDING)
        gap = safeguarding_gap(item)
        if gap is not None:
            raise UserError(gap)


def approve_minutes(
    store: Store,
    meeting_id: int,
    approved_by: str,
    at_meeting_id: int,
    approved_at: datetime | None = None,
) -> MeetingSummary:
    """Approve (and lock) a meeting's draft minutes at a later meeting of the same contract."""
    if not approved_by.strip():
        raise ValidationError("Say who approved the minutes (usually the chair).")
    from bscp_monitor.meetings.actions import minuted_meeting_actions

    raised, carried = minuted_meeting_actions(store, meeting_id)  # as they stand, to keep
    with store.session() as session:
        meeting = editable_meeting(session, meeting_id)
        later = load_meeting(session, at_meeting_id)
        if later.contract_id != meeting.contract_id or later.starts_at <= meeting.starts_at:
            raise UserError("Minutes are approved at a later meeting of the same contract.")
        if later.status is MeetingStatus.APPROVED:
            raise UserError("That meeting is itself approved and locked.")
        if later.status is MeetingStatus.PLANNED:
            raise UserError(
                "Minutes are approved at a meeting that is taking place: start that meeting first."
            )
        _check_move(meeting, MeetingStatus.APPROVED)
        meeting.status = MeetingStatus.APPROVED
        meeting.approved_by = approved_by.strip()
        meeting.approved_at = approved_at or utcnow()
        meeting.approved_at_meeting_id = later.id
        freeze_for_minutes(session, meeting.id)  # its metrics as they stand, for good
        meeting.actions_minuted = True
        session.add_all(  # and which actions they hold, with wording, owner and due date
            MinutedAction(
                meeting_id=meeting.id,
                action_id=a.id,
                description=a.description,
                owner=a.owner,
                owner_organisation=a.owner_organisation,
                due_on=a.due_on,
                carried=carried_here,
            )
            for carried_here, group in ((False, raised), (True, carried))
            for a in group
        )
        audit.record(
            session,
            AuditAction.UPDATE,
            "meeting",
            meeting.id,
            f"Minutes of meeting {meeting.id} approved at meeting {later.id}",
            {
                "status": (MeetingStatus.DRAFT_MINUTES, MeetingStatus.APPROVED),
                "approved_by": ("", meeting.approved_by),
            },
        )
        contract = session.get_one(Contract, meeting.contract_id)
        return summary_of(meeting, contract)


def previous_meeting(store: Store, meeting_id: int) -> MeetingSummary | None:
    """The meeting of the same contract that took place just before this one, if any (one
    still only planned for an earlier date did not happen: it is passed over, so it cannot
    stand between a meeting and the minutes it approves)."""
    with store.session() as session:
        meeting = load_meeting(session, meeting_id)
        row = session.execute(
            select(Meeting, Contract)
            .join(Contract, Contract.id == Meeting.contract_id)
            .where(
                Meeting.contract_id == meeting.contract_id,
                Meeting.starts_at < meeting.starts_at,
                Meeting.status != MeetingStatus.PLANNED,
            )
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        ).first()
        return summary_of(row[0], row[1]) if row else None
