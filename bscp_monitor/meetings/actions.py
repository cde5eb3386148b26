"""Actions raised at meetings (or by thematic checks), their updates, and the carry-forward:
open actions of earlier meetings appear in every later meeting of the contract until closed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from bscp_monitor.common import audit
from bscp_monitor.common.clock import to_local
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.common.versions import check_version
from bscp_monitor.data.enums import ActionStatus, AuditAction
from bscp_monitor.data.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Contract,
    Meeting,
    MinutedAction,
    ThematicCheck,
)
from bscp_monitor.data.store import Store
from bscp_monitor.meetings.guard import editable_meeting, load_meeting

CLOSED = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})
STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}


@dataclass(frozen=True)
class ActionUpdateRecord:
    at: datetime
    meeting_id: int | None
    meeting_date: date | None
    status: ActionStatus
    note: str


@dataclass(frozen=True)
class ActionRecord:
    id: int
    ref: str
    contract_id: int
    contract_reference: str
    meeting_id: int | None
    meeting_date: date | None
    agenda_item_id: int | None
    agenda_item_title: str
    description: str
    owner: str
    owner_organisation: str
    due_on: date | None
    status: ActionStatus
    completed_on: date | None
    updates: tuple[ActionUpdateRecord, ...]
    version: int = 1  # the action's saves (common/versions.py)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def overdue(self, today: date) -> bool:
        return not self.closed and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class ActionFilter:
    contract_id: int | None = None
    owner: str | None = None
    statuses: frozenset[ActionStatus] | None = None
    open_only: bool = False
    overdue_on: date | None = None  # only actions overdue on this date


def _ref(contract_reference: str, action_id: int) -> str:
    return f"{contract_reference}/A{action_id:03d}"


def _lookup(session: Session, key: Any, value: Any, ids: set[int]) -> dict[Any, Any]:
    if not ids:
        return {}
    return {k: v for k, v in session.execute(select(key, value).where(key.in_(ids))).all()}


def _source_title(action: Action, titles: dict[int, str], themes: dict[int, str]) -> str:
    """Where the action came from: its agenda item, or the thematic check that raised it."""
    if action.agenda_item_id is not None:
        return titles.get(action.agenda_item_id, "")
    if action.thematic_check_id is not None and action.thematic_check_id in themes:
        return f"Thematic check: {themes[action.thematic_check_id]}"
    return ""


def _records(session: Session, rows: list[Action]) -> list[ActionRecord]:
    contract_ids = {a.contract_id for a in rows}
    meeting_ids = {a.meeting_id for a in rows if a.meeting_id is not None}
    meeting_ids |= {u.meeting_id for a in rows for u in a.updates if u.meeting_id is not None}
    item_ids = {a.agenda_item_id for a in rows if a.agenda_item_id is not None}
    refs = _lookup(session, Contract.id, Contract.reference, contract_ids)
    starts = _lookup(session, Meeting.id, Meeting.starts_at, meeting_ids)
    titles = _lookup(session, AgendaItem.id, AgendaItem.title, item_ids)
    check_ids = {a.thematic_check_id for a in rows if a.thematic_check_id is not None}
    themes = _lookup(session, ThematicCheck.id, ThematicCheck.theme, check_ids)
    out = []
    for a in rows:
        started = starts.get(a.meeting_id) if a.meeting_id is not None else None
        out.append(
            ActionRecord(
                id=a.id,
                ref=_ref(refs[a.contract_id], a.id),
                contract_id=a.contract_id,
                contract_reference=refs[a.contract_id],
                meeting_id=a.meeting_id,
                meeting_date=to_local(started).date() if started else None,
                agenda_item_id=a.agenda_item_id,
                agenda_item_title=_source_title(a, titles, themes),
                description=a.description,
                owner=a.owner,
                owner_organisation=a.owner_organisation,
                due_on=a.due_on,
                status=a.status,
                completed_on=a.completed_on,
                updates=tuple(
                    ActionUpdateRecord(
                        u.at,
                        u.meeting_id,
                        to_local(starts[u.meeting_id]).date() if u.meeting_id in starts else None,
                        u.status,
                        u.note,
                    )
                    for u in a.updates
                ),
                version=a.version,
            )
        )
    return out


def check_action_text(description: str, owner: str) -> None:
    """An action needs a description and an owner (ValidationError otherwise)."""
    if not (description or "").strip():
        raise ValidationError("Describe the action.")
    if not (owner or "").strip():
        raise ValidationError("Every action needs an owner.")


def create_action(
    session: Session,
    contract_id: int,
    raised_from: str,
    description: str,
    owner: str,
    owner_organisation: str = "",
    due_on: date | None = None,
    *,
    meeting_id: int | None = None,
    agenda_item_id: int | None = None,
    thematic_check_id: int | None = None,
) -> ActionRecord:
    """Add an open action in the caller's session, with its audit record ("Raised action N
    ``raised_from``"). The caller has checked where it is raised (a meeting that can be
    edited, a thematic check)."""
    check_action_text(description, owner)
    action = Action(
        contract_id=contract_id,
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id,
        thematic_check_id=thematic_check_id,
        description=description.strip(),
        owner=owner.strip(),
        owner_organisation=(owner_organisation or "").strip(),
        due_on=due_on,
        status=ActionStatus.OPEN,
    )
    session.add(action)
    session.flush()
    changes: dict[str, tuple[object, object]] = {
        "description": (None, action.description),
        "owner": (None, action.owner),
        "due_on": (None, due_on),
    }
    if thematic_check_id is not None:
        changes["thematic_check_id"] = (None, thematic_check_id)
    audit.record(
        session,
        AuditAction.CREATE,
        "action",
        action.id,
        f"Raised action {action.id} {raised_from}",
        changes,
    )
    return _records(session, [action])[0]


def raise_action(
    store: Store,
    meeting_id: int,
    agenda_item_id: int | None,
    description: str,
    owner: str,
    owner_organisation: str = "",
    due_on: date | None = None,
) -> ActionRecord:
    """Raise an action at a meeting, from one of its agenda items."""
    check_action_text(description, owner)
    with store.session() as session:
        meeting = editable_meeting(session, meeting_id)
        if agenda_item_id is not None:
            item = session.get(AgendaItem, agenda_item_id)
            if item is None or item.meeting_id != meeting_id:
                raise ValidationError("That agenda item is not part of this meeting.")
        return create_action(
            session,
            meeting.contract_id,
            f"at meeting {meeting_id}",
            description,
            owner,
            owner_organisation,
            due_on,
            meeting_id=meeting_id,
            agenda_item_id=agenda_item_id,
        )


EDITABLE = {"description", "owner", "owner_organisation", "due_on"}


def edit_action(store: Store, action_id: int, **changes: object) -> ActionRecord:
    return edit_action_at(store, action_id, None, changes)


def edit_action_at(
    store: Store, action_id: int, expected_version: int | None, changes: dict[str, object]
) -> ActionRecord:
    """edit_action from a copy read at ``expected_version`` (ChangedMeanwhile if a
    colleague saved the action since)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(f"Unknown action fields: {', '.join(sorted(unknown))}.")
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    for name in ("description", "owner"):
        if name in cleaned and not cleaned[name]:
            raise ValidationError(f"An action needs its {name}.")
    with store.session() as session:
        action = session.get(Action, action_id)
        if action is None:
            raise NotFoundError(f"There is no action {action_id}.")
        check_version(session, action, expected_version, "action")
        if action.meeting_id is not None:
            meeting = load_meeting(session, action.meeting_id)
            if meeting.status.value == "approved" and {"description"} & set(cleaned):
                raise ValidationError(
                    "The wording of an action in approved minutes cannot change; add an update."
                )
        applied = audit.apply_changes(action, cleaned)
        if applied:
            audit.record_coalesced(
                session, "action", action.id, f"Edited action {action.id}", applied
            )
            session.flush()
        return _records(session, [action])[0]


def update_action(
    store: Store,
    action_id: int,
    status: ActionStatus,
    note: str = "",
    at_meeting_id: int | None = None,
    completed_on: date | None = None,
    expected_version: int | None = None,
) -> ActionRecord:
    """Record progress on an action (at a later meeting or between meetings)."""
    status = ActionStatus(status)
    with store.session() as session:
        action = session.get(Action, action_id)
        if action is None:
            raise NotFoundError(f"There is no action {action_id}.")
        check_version(session, action, expected_version, "action")
        if at_meeting_id is not None:
            meeting = editable_meeting(session, at_meeting_id)
            if meeting.contract_id != action.contract_id:
                raise ValidationError("That meeting is of another contract.")
        old_status, old_completed = action.status, action.completed_on
        if status in CLOSED:
            completed = completed_on or date.today()
            if completed > date.today():
                raise ValidationError("An action cannot be completed on a future date.")
            action.completed_on = completed
        else:
            action.completed_on = None
        action.status = status
        action.updates.append(
            ActionUpdate(meeting_id=at_meeting_id, status=status, note=note.strip())
        )
        session.flush()
        audit.record(
            session,
            AuditAction.UPDATE,
            "action",
            action.id,
            f"Action {action.id}: {STATUS_LABELS[status]}",
            {"status": (old_status, status), "completed_on": (old_completed, action.completed_on)},
        )
        return _records(session, [action])[0]


def as_minuted(
    record: ActionRecord, later_meetings: set[int], approved_at: datetime | None
) -> ActionRecord:
    """The action as a meeting's minutes record it: without the updates made at later
    meetings, nor (once the minutes are approved) those made outside meetings after the
    approval; its status is the one the last update kept gave (open, with none). So later
    progress never changes minutes, however late they were typed up."""
    kept = tuple(
        u
        for u in record.updates
        if u.meeting_id not in later_meetings
        and (u.meeting_id is not None or approved_at is None or u.at < approved_at)
    )
    if len(kept) == len(record.updates):
        return record
    status = kept[-1].status if kept else ActionStatus.OPEN
    completed = None
    if kept and status in CLOSED:
        typed = to_local(kept[-1].at).date()
        # The completion date recorded, if it belongs to this closing (given on or before
        # the day the update was made); else the day the update was made.
        recorded = record.completed_on
        completed = recorded if recorded is not None and recorded <= typed else typed
    return replace(record, status=status, completed_on=completed, updates=kept)


def get_action(store: Store, action_id: int) -> ActionRecord:
    with store.session() as session:
        action = session.get(Action, action_id)
        if action is None:
            raise NotFoundError(f"There is no action {action_id}.")
        return _records(session, [action])[0]


def list_actions(store: Store, flt: ActionFilter | None = None) -> list[ActionRecord]:
    flt = flt or ActionFilter()
    query = select(Action).options(selectinload(Action.updates)).order_by(Action.id)
    if flt.contract_id is not None:
        query = query.where(Action.contract_id == flt.contract_id)
    if flt.owner:
        query = query.where(Action.owner.ilike(f"%{flt.owner.strip()}%"))
    if flt.statuses:
        query = query.where(Action.status.in_(list(flt.statuses)))
    if flt.open_only or flt.overdue_on is not None:
        query = query.where(Action.status.not_in(list(CLOSED)))
    if flt.overdue_on is not None:
        query = query.where(Action.due_on < flt.overdue_on)
    with store.session() as session:
        return _records(session, list(session.scalars(query)))


def _closed_here_or_later(action: Action, earlier_ids: set[int]) -> bool:
    """Whether the update that closed the action (the first of its last run of closed ones)
    was made at this meeting or a later one: it was reviewed here while still open, whatever
    completion date was given. (Closed between meetings, the completion date decides.)"""
    closing = None
    for update in action.updates:
        closed = update.status in CLOSED
        closing = (closing or update) if closed else None
    return (
        closing is not None
        and closing.meeting_id is not None
        and (closing.meeting_id not in earlier_ids)
    )


def meeting_actions(store: Store, meeting_id: int) -> tuple[list[ActionRecord], list[ActionRecord]]:
    """(actions raised at this meeting, actions carried forward from earlier meetings).

    Carried forward: actions of the same contract raised at earlier meetings, or outside any
    meeting (thematic check follow-ups) before it started, that were still open when this
    meeting started (or are open now), shown with their history.
    """
    with store.session() as session:
        meeting = load_meeting(session, meeting_id)
        raised = list(
            session.scalars(
                select(Action)
                .options(selectinload(Action.updates))
                .where(Action.meeting_id == meeting_id)
                .order_by(Action.id)
            )
        )
        earlier_ids = set(
            session.scalars(
                select(Meeting.id).where(
                    Meeting.contract_id == meeting.contract_id,
                    Meeting.starts_at < meeting.starts_at,
                )
            )
        )
        meeting_day = to_local(meeting.starts_at).date()
        candidates = session.scalars(
            select(Action)
            .options(selectinload(Action.updates))
            .where(
                or_(
                    Action.meeting_id.in_(earlier_ids),
                    # raised outside meetings (thematic check follow-ups) before this one
                    and_(
                        Action.meeting_id.is_(None),
                        Action.contract_id == meeting.contract_id,
                        Action.created_at < meeting.starts_at,
                    ),
                )
            )
            .order_by(Action.id)
        )
        carried = [
            a
            for a in candidates
            if a.status not in CLOSED
            or (a.completed_on is not None and a.completed_on >= meeting_day)
            or _closed_here_or_later(a, earlier_ids)
        ]
        return _records(session, raised), _records(session, carried)


def minuted_meeting_actions(
    store: Store, meeting_id: int
) -> tuple[list[ActionRecord], list[ActionRecord]]:
    """``meeting_actions`` as the meeting's minutes record them (``as_minuted``): nothing
    from later meetings, nor, once approved, from after the approval. Approved minutes hold
    exactly the actions they held when approved, with the wording, owner and due date they
    had then (``MinutedAction``). The minutes and the meeting's window both show this."""
    with store.session() as session:
        meeting = load_meeting(session, meeting_id)
        approved_at = meeting.approved_at
        later = set(
            session.scalars(
                select(Meeting.id).where(
                    Meeting.contract_id == meeting.contract_id,
                    Meeting.starts_at > meeting.starts_at,
                )
            )
        )
        minuted_list = meeting.actions_minuted  # approved minutes: the actions they held
        kept = {
            m.action_id: m
            for m in session.scalars(
                select(MinutedAction).where(MinutedAction.meeting_id == meeting_id)
            )
        }
        records: list[ActionRecord] = []
        if kept:
            held = session.scalars(
                select(Action)
                .options(selectinload(Action.updates))
                .where(Action.id.in_(kept))
                .order_by(Action.id)
            )
            records = _records(session, list(held))
    if not minuted_list:
        raised, carried = meeting_actions(store, meeting_id)
        return (
            [as_minuted(a, later, approved_at) for a in raised],
            [as_minuted(a, later, approved_at) for a in carried],
        )

    def minuted(a: ActionRecord) -> ActionRecord:
        snapshot = kept[a.id]  # as approved: later edits of wording, owner, due date
        return replace(
            as_minuted(a, later, approved_at),
            description=snapshot.description,
            owner=snapshot.owner,
            owner_organisation=snapshot.owner_organisation,
            due_on=snapshot.due_on,
        )

    return (
        [minuted(a) for a in records if not kept[a.id].carried],
        [minuted(a) for a in records if kept[a.id].carried],
    )
