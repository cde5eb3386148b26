"""S6: thematic quality assurance checks, their schedule by the contract's risk, and the
follow-up actions they raise (which join the action log).

The schedule rule itself (when the next check falls due and how it is rated) lives in
:mod:`bscp_monitor.compliance.rules`; this module only applies it per contract.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bscp_monitor.common import audit
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.common.settings import thematic_interval_months
from bscp_monitor.common.versions import check_version
from bscp_monitor.compliance.rules import judge_s6, thematic_due
from bscp_monitor.contracts.register import CLOSED_STATUSES
from bscp_monitor.data.enums import AuditAction, Rag, RiskLevel
from bscp_monitor.data.models import Action, Contract, Provider, ThematicCheck
from bscp_monitor.data.store import Store
from bscp_monitor.meetings.actions import (
    CLOSED,
    ActionRecord,
    check_action_text,
    create_action,
)

#: The BSCP's priorities and the voice of the child, plus safer recruitment; any other
#: theme may be typed.
THEMES = ("Domestic abuse", "Neglect", "Exploitation", "Voice of the child", "Safer recruitment")
THEME_MAX_LENGTH = 120


class ScheduleState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_SCHEDULE = "on_schedule"


SCHEDULE_STATE_LABELS = {
    ScheduleState.OVERDUE: "Overdue",
    ScheduleState.DUE_SOON: "Due soon",
    ScheduleState.ON_SCHEDULE: "On schedule",
}
_STATE_OF_RAG = {
    Rag.RED: ScheduleState.OVERDUE,
    Rag.AMBER: ScheduleState.DUE_SOON,
    Rag.GREEN: ScheduleState.ON_SCHEDULE,
}


@dataclass(frozen=True)
class ThematicCheckRecord:
    id: int
    contract_id: int
    contract_reference: str
    contract_title: str
    theme: str
    planned_on: date | None
    done_on: date | None
    scope: str
    findings: str
    rag: Rag | None
    #: Planned, not done, and the planned date has passed.
    overdue: bool
    open_actions: int = 0
    total_actions: int = 0
    #: The record's saves (common/versions.py): an edit passes the one it showed.
    version: int = field(default=1, compare=False)

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class ScheduleRow:
    """One live contract's place in the thematic check schedule."""

    contract_id: int
    reference: str
    title: str
    provider: str
    risk_level: RiskLevel
    interval_months: int
    last_done: date | None
    next_due: date
    #: The earliest check planned and not yet done, if any.
    next_planned: date | None
    state: ScheduleState
    reason: str


# -- reading ---------------------------------------------------------------------------------


def _action_counts(session: Session, check_ids: list[int]) -> dict[int, tuple[int, int]]:
    if not check_ids:
        return {}
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = session.execute(
        select(Action.thematic_check_id, Action.status).where(
            Action.thematic_check_id.in_(check_ids)
        )
    ).all()
    for check_id, status in rows:
        if check_id is None:  # (never: only these checks' actions were asked for)
            continue
        counts[check_id][1] += 1
        if status not in CLOSED:
            counts[check_id][0] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def _to_records(
    session: Session, checks: list[ThematicCheck], today: date
) -> list[ThematicCheckRecord]:
    contract_ids = {c.contract_id for c in checks}
    contracts = (
        {
            row.id: (row.reference, row.title)
            for row in session.execute(
                select(Contract.id, Contract.reference, Contract.title).where(
                    Contract.id.in_(contract_ids)
                )
            )
        }
        if contract_ids
        else {}
    )
    counts = _action_counts(session, [c.id for c in checks])
    out = []
    for c in checks:
        reference, title = contracts[c.contract_id]
        open_count, total = counts.get(c.id, (0, 0))
        out.append(
            ThematicCheckRecord(
                id=c.id,
                contract_id=c.contract_id,
                contract_reference=reference,
                contract_title=title,
                theme=c.theme,
                planned_on=c.planned_on,
                done_on=c.done_on,
                scope=c.scope,
                findings=c.findings,
                rag=c.rag,
                overdue=c.done_on is None and c.planned_on is not None and c.planned_on < today,
                open_actions=open_count,
                total_actions=total,
                version=c.version,
            )
        )
    return out


def list_checks(
    store: Store, contract_id: int | None = None, today: date | None = None
) -> list[ThematicCheckRecord]:
    """Thematic checks (of one contract or all), the most recent first."""
    today = today or date.today()
    query = select(ThematicCheck).order_by(
        func.coalesce(ThematicCheck.done_on, ThematicCheck.planned_on).desc(),
        ThematicCheck.id.desc(),
    )
    if contract_id is not None:
        query = query.where(ThematicCheck.contract_id == contract_id)
    with store.session() as session:
        return _to_records(session, list(session.scalars(query)), today)


def _load(session: Session, check_id: int) -> ThematicCheck:
    check = session.get(ThematicCheck, check_id)
    if check is None:
        raise NotFoundError(f"There is no thematic check {check_id}; it may have been removed.")
    return check


def get_check(store: Store, check_id: int, today: date | None = None) -> ThematicCheckRecord:
    with store.session() as session:
        return _to_records(session, [_load(session, check_id)], today or date.today())[0]


def schedule(store: Store, today: date | None = None) -> list[ScheduleRow]:
    """Every live contract: its risk, interval, last check done, next due date and state."""
    today = today or date.today()
    intervals = thematic_interval_months(store)
    with store.session() as session:
        contracts = list(
            session.scalars(
                select(Contract)
                .where(
                    Contract.archived_at.is_(None),
                    Contract.status.not_in(list(CLOSED_STATUSES)),
                )
                .order_by(Contract.reference)
            )
        )
        providers = dict(session.execute(select(Provider.id, Provider.name)).all())
        last_done = dict(
            session.execute(
                select(ThematicCheck.contract_id, func.max(ThematicCheck.done_on))
                .where(ThematicCheck.done_on.is_not(None))
                .group_by(ThematicCheck.contract_id)
            ).all()
        )
        planned = dict(
            session.execute(
                select(ThematicCheck.contract_id, func.min(ThematicCheck.planned_on))
                .where(ThematicCheck.done_on.is_(None), ThematicCheck.planned_on.is_not(None))
                .group_by(ThematicCheck.contract_id)
            ).all()
        )
        rows = []
        for c in contracts:
            interval = intervals[c.risk_level.value]
            done = last_done.get(c.id)
            judged = judge_s6(done, c.start_date, interval, c.risk_level, today)
            rows.append(
                ScheduleRow(
                    contract_id=c.id,
                    reference=c.reference,
                    title=c.title,
                    provider=providers.get(c.provider_id, ""),
                    risk_level=c.risk_level,
                    interval_months=interval,
                    last_done=done,
                    next_due=thematic_due(done, c.start_date, interval),
                    next_planned=planned.get(c.id),
                    state=_STATE_OF_RAG[judged.rag],
                    reason=judged.reason,
                )
            )
        return rows


# -- changing --------------------------------------------------------------------------------


def _clean_theme(theme: str) -> str:
    cleaned = " ".join((theme or "").split())
    if not cleaned:
        raise ValidationError("Give the check a theme, e.g. Neglect or Voice of the child.")
    if len(cleaned) > THEME_MAX_LENGTH:
        raise ValidationError(
            f"A theme can be at most {THEME_MAX_LENGTH} characters; put the detail in the scope."
        )
    for known in THEMES:  # "neglect" is the theme Neglect
        if cleaned.casefold() == known.casefold():
            return known
    return cleaned


def _need_date(value: object, what: str) -> date:
    if not isinstance(value, date):
        raise ValidationError(f"Give the {what} as a date (dd/mm/yyyy).")
    return value


def _contract_for_checks(session: Session, contract_id: int) -> Contract:
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFoundError(f"There is no contract {contract_id}.")
    if contract.archived_at is not None:
        raise ValidationError(
            f"Contract {contract.reference} is archived: restore it before planning checks."
        )
    return contract


def plan_check(
    store: Store, contract_id: int, theme: str, planned_on: date, scope: str = ""
) -> ThematicCheckRecord:
    """Plan a thematic check of a contract on a date."""
    theme = _clean_theme(theme)
    planned_on = _need_date(planned_on, "planned date")
    with store.session() as session:
        contract = _contract_for_checks(session, contract_id)
        check = ThematicCheck(
            contract_id=contract.id,
            theme=theme,
            planned_on=planned_on,
            scope=(scope or "").strip(),
            findings="",
        )
        session.add(check)
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "thematic_check",
            check.id,
            f"Planned a thematic check ({theme}) of {contract.reference} "
            f"for {format_date(planned_on)}",
            {
                "theme": (None, theme),
                "planned_on": (None, planned_on),
                "scope": (None, check.scope),
            },
        )
        return _to_records(session, [check], date.today())[0]


def record_outcome(
    store: Store,
    check_id: int,
    done_on: date,
    findings: str,
    rag: Rag | str,
    *,
    expected_version: int | None = None,
) -> ThematicCheckRecord:
    """Record (or correct) when a check was done, what it found and its rating
    (ChangedMeanwhile if the check was saved since the copy at ``expected_version``)."""
    done_on = _need_date(done_on, "date the check was done")
    if done_on > date.today():
        raise ValidationError("A check cannot have been done on a future date.")
    try:
        rating = Rag(rag)
    except ValueError:
        raise ValidationError("Rate the check red, amber or green.") from None
    findings = (findings or "").strip()
    if not findings:
        raise ValidationError("Write down what the check found.")
    with store.session() as session:
        check = _load(session, check_id)
        check_version(session, check, expected_version, "thematic_check")
        contract = session.get(Contract, check.contract_id)
        if contract is not None and done_on < contract.start_date:
            raise ValidationError(
                f"The check cannot be done before the contract started "
                f"({format_date(contract.start_date)})."
            )
        first = check.done_on is None
        applied = audit.apply_changes(
            check, {"done_on": done_on, "findings": findings, "rag": rating}
        )
        if applied:
            check.version += 1
            audit.record(
                session,
                AuditAction.UPDATE,
                "thematic_check",
                check.id,
                f"{'Recorded' if first else 'Corrected'} the outcome of thematic check "
                f"{check.id} ({check.theme}): {rating.value}",
                applied,
            )
        return _to_records(session, [check], date.today())[0]


EDITABLE = frozenset({"theme", "scope", "findings", "planned_on"})


def update_check(
    store: Store, check_id: int, *, expected_version: int | None = None, **changes: Any
) -> ThematicCheckRecord:
    """Change a check's theme, scope, findings or planned date (ChangedMeanwhile if it was
    saved since the copy at ``expected_version`` was read)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(f"Unknown thematic check fields: {', '.join(sorted(unknown))}.")
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "theme":
            cleaned[name] = _clean_theme(value)
        elif name == "planned_on":
            cleaned[name] = _need_date(value, "planned date")
        else:
            cleaned[name] = (value or "").strip()
    with store.session() as session:
        check = _load(session, check_id)
        check_version(session, check, expected_version, "thematic_check")
        if "findings" in cleaned and not cleaned["findings"] and check.done_on is not None:
            raise ValidationError("A check that has been done keeps its findings.")
        applied = audit.apply_changes(check, cleaned)
        if applied:
            check.version += 1
            audit.record_coalesced(
                session, "thematic_check", check.id, f"Edited thematic check {check.id}", applied
            )
        return _to_records(session, [check], date.today())[0]


def raise_thematic_action(
    store: Store,
    thematic_check_id: int,
    description: str,
    owner: str,
    owner_organisation: str = "",
    due_on: date | None = None,
) -> ActionRecord:
    """A follow-up action of a thematic check: it joins the contract's action log."""
    check_action_text(description, owner)
    if due_on is not None and not isinstance(due_on, date):
        raise ValidationError("Give the due date as a date (dd/mm/yyyy).")
    with store.session() as session:
        check = _load(session, thematic_check_id)
        return create_action(
            session,
            check.contract_id,
            f"from thematic check {check.id} ({check.theme})",
            description,
            owner,
            owner_organisation,
            due_on,
            thematic_check_id=check.id,
        )


__all__ = [
    "SCHEDULE_STATE_LABELS",
    "THEMES",
    "ScheduleRow",
    "ScheduleState",
    "ThematicCheckRecord",
    "get_check",
    "list_checks",
    "plan_check",
    "raise_thematic_action",
    "record_outcome",
    "schedule",
    "update_check",
]
