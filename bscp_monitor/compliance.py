"""The six BSCP standards judged per contract (red, amber, green, each with a one-line
reason), the overall rating (the worst of the six) and the alerts of the dashboard.

Everything is computed for all live contracts at once from a handful of bulk queries, so
the dashboard of a large register stays quick (bench/dashboard.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from bscp_monitor.clock import to_local
from bscp_monitor.contracts import (
    CLOSED_STATUSES,
    DEADLINE_WARNING_MONTHS,
    decision_deadline,
)
from bscp_monitor.data.enums import (
    ActionStatus,
    AgendaKind,
    ClauseStatus,
    ContactLevel,
    MeetingStatus,
    Rag,
    RiskLevel,
)
from bscp_monitor.data.models import (
    Action,
    AgendaItem,
    ClauseCheck,
    Contract,
    ContractVariation,
    DbsCheck,
    Meeting,
    MetricDefinition,
    PromptResponse,
    Provider,
    SelfAssessment,
    StaffMember,
    ThematicCheck,
)
from bscp_monitor.data.store import Store
from bscp_monitor.dates import add_months, format_date
from bscp_monitor.dbs_register import EXPIRING_DAYS, DbsStatus, status_of
from bscp_monitor.settings import thematic_interval_months
from bscp_monitor.standards import CLAUSE_ELEMENTS

RAG_ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
#: Self-assessments and thematic checks due this soon are amber / raise an alert.
DUE_SOON_DAYS = 30
TRAINING_VALID_MONTHS = 12
CONTACT_STAFF = frozenset({ContactLevel.DIRECT, ContactLevel.REGULAR})
#: Every character Python's str.strip() removes (as meetings.safeguarding_gap does): SQLite's
#: trim() alone strips only spaces, so a discussion of newlines or tabs would count.
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class AlertKind(StrEnum):
    DECISION_DEADLINE = "decision_deadline"
    CONTRACT_ENDING = "contract_ending"
    MEETING_OVERDUE = "meeting_overdue"
    ACTION_OVERDUE = "action_overdue"
    SELF_ASSESSMENT_DUE = "self_assessment_due"
    DBS = "dbs"
    THEMATIC_CHECK_DUE = "thematic_check_due"


@dataclass(frozen=True)
class StandardResult:
    standard: str  # "S1".."S6"
    rag: Rag
    reason: str


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    due: date | None
    message: str


@dataclass(frozen=True)
class ContractCompliance:
    contract_id: int
    reference: str
    title: str
    provider: str
    risk_level: RiskLevel
    standards: tuple[StandardResult, ...]
    alerts: tuple[Alert, ...]

    @property
    def overall(self) -> Rag:
        return worst(s.rag for s in self.standards)

    def standard(self, code: str) -> StandardResult:
        return next(s for s in self.standards if s.standard == code)


def worst(rags: object) -> Rag:
    return max(rags, key=RAG_ORDER.__getitem__, default=Rag.GREEN)  # type: ignore[call-overload]


# -- the rules, one per standard (pure functions of plain values) ---------------------------


def judge_s1(latest_completed: date | None, next_due: date | None, today: date) -> StandardResult:
    if latest_completed is None:
        return StandardResult("S1", Rag.RED, "No BSCP self-assessment has been recorded.")
    if next_due is not None and next_due < today:
        return StandardResult(
            "S1", Rag.RED, f"The self-assessment was due again on {format_date(next_due)}."
        )
    due = f"; next due {format_date(next_due)}" if next_due else ""
    return StandardResult(
        "S1", Rag.GREEN, f"Self-assessment completed {format_date(latest_completed)}{due}."
    )


def judge_s2(statuses: dict[int, ClauseStatus]) -> StandardResult:
    counts: dict[ClauseStatus, int] = defaultdict(int)
    for element in CLAUSE_ELEMENTS:
        counts[statuses.get(element.number, ClauseStatus.NOT_ASSESSED)] += 1
    total = len(CLAUSE_ELEMENTS)
    if counts[ClauseStatus.MISSING]:
        return StandardResult(
            "S2",
            Rag.RED,
            f"{counts[ClauseStatus.MISSING]} of {total} clause elements missing.",
        )
    if counts[ClauseStatus.PRESENT] == total:
        return StandardResult("S2", Rag.GREEN, f"All {total} clause elements present.")
    parts = []
    if counts[ClauseStatus.PARTIAL]:
        parts.append(f"{counts[ClauseStatus.PARTIAL]} partial")
    if counts[ClauseStatus.NOT_ASSESSED]:
        parts.append(f"{counts[ClauseStatus.NOT_ASSESSED]} not yet assessed")
    return StandardResult(
        "S2",
        Rag.AMBER,
        f"{counts[ClauseStatus.PRESENT]} of {total} clause elements present; "
        + ", ".join(parts)
        + ".",
    )


def judge_s3(receives_updates: bool, training: date | None, today: date) -> StandardResult:
    trained = training is not None and training >= add_months(today, -TRAINING_VALID_MONTHS)
    if receives_updates and trained:
        return StandardResult(
            "S3",
            Rag.GREEN,
            f"Receives BSCP updates; BSCP training attended {format_date(training)}.",
        )
    gaps = []
    if not receives_updates:
        gaps.append("does not receive BSCP updates")
    if not trained:
        gaps.append(
            "has no BSCP training recorded"
            if training is None
            else f"last attended BSCP training on {format_date(training)}, over 12 months ago"
        )
    rag = Rag.RED if len(gaps) == 2 else Rag.AMBER
    return StandardResult("S3", rag, "The provider " + " and ".join(gaps) + ".")


def judge_s4(statuses: list[DbsStatus]) -> StandardResult:
    if not statuses:
        return StandardResult(
            "S4", Rag.RED, "No DBS records of staff in direct or regular contact with children."
        )
    counts: dict[DbsStatus, int] = defaultdict(int)
    for status in statuses:
        counts[status] += 1
    bad = {
        "missing": counts[DbsStatus.MISSING],
        "not the check the role needs": counts[DbsStatus.INVALID],
        "expired": counts[DbsStatus.EXPIRED],
    }
    if any(bad.values()):
        detail = ", ".join(f"{n} {what}" for what, n in bad.items() if n)
        return StandardResult("S4", Rag.RED, f"Contact staff DBS records: {detail}.")
    if counts[DbsStatus.EXPIRING]:
        return StandardResult(
            "S4",
            Rag.AMBER,
            f"{counts[DbsStatus.EXPIRING]} of {len(statuses)} contact staff DBS checks are due "
            "for re-check within 90 days.",
        )
    return StandardResult(
        "S4", Rag.GREEN, f"All {len(statuses)} contact staff have an in-date DBS record."
    )


def judge_s5(
    last_discussion: date | None, frequency_months: int, safeguarding_metrics: int, today: date
) -> StandardResult:
    recent = last_discussion is not None and last_discussion >= add_months(today, -frequency_months)
    if recent and safeguarding_metrics:
        return StandardResult(
            "S5",
            Rag.GREEN,
            f"Safeguarding discussed at the meeting of {format_date(last_discussion)}; "
            f"{safeguarding_metrics} safeguarding metric(s) in the contract.",
        )
    gaps = []
    if not recent:
        gaps.append(
            "no monitoring meeting with a safeguarding discussion"
            if last_discussion is None
            else f"the last safeguarding discussion ({format_date(last_discussion)}) is older "
            f"than the meeting frequency ({frequency_months} months)"
        )
    if not safeguarding_metrics:
        gaps.append("no safeguarding metric in the contract")
    rag = Rag.RED if len(gaps) == 2 else Rag.AMBER
    text = "; ".join(gaps)
    return StandardResult("S5", rag, text[0].upper() + text[1:] + ".")


def thematic_due(last_done: date | None, start: date, interval_months: int) -> date:
    """When the next thematic check is due: the interval after the last one (or the start)."""
    return add_months(last_done or start, interval_months)


def judge_s6(
    last_done: date | None, start: date, interval_months: int, risk: RiskLevel, today: date
) -> StandardResult:
    due = thematic_due(last_done, start, interval_months)
    every = f"every {interval_months} months for {risk.value} risk"
    if due < today:
        return StandardResult(
            "S6", Rag.RED, f"A thematic check was due on {format_date(due)} ({every})."
        )
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return StandardResult(
            "S6", Rag.AMBER, f"A thematic check is due on {format_date(due)} ({every})."
        )
    done = f"last done {format_date(last_done)}; " if last_done else ""
    return StandardResult(
        "S6", Rag.GREEN, f"Thematic checks on schedule ({done}next due {format_date(due)})."
    )


# -- bulk loading ---------------------------------------------------------------------------


def _live_contracts(session: Session) -> list[Contract]:
    return list(
        session.scalars(
            select(Contract)
            .where(Contract.archived_at.is_(None), Contract.status.not_in(list(CLOSED_STATUSES)))
            .order_by(Contract.reference)
        )
    )


def _end_dates(session: Session) -> dict[int, date]:
    rows = session.execute(
        select(ContractVariation.contract_id, ContractVariation.new_end_date)
        .where(ContractVariation.new_end_date.is_not(None))
        .order_by(ContractVariation.id)
    ).all()
    return {contract_id: end for contract_id, end in rows}  # the latest wins


def _dbs_statuses(session: Session, today: date) -> dict[int, list[DbsStatus]]:
    """Per provider: the DBS status of each current contact staff member.

    The rows are grouped in SQL by everything ``status_of`` looks at -- whether there is a
    certificate number, the level, the barred list and which side of ``today`` and of the
    re-check window the expiry date falls -- so ``status_of`` judges one representative of
    each group (with its real values) instead of every person: tens of thousands of staff
    make a few hundred groups.
    """
    later = aliased(DbsCheck)
    latest_id = (
        select(func.max(later.id))
        .where(later.staff_member_id == StaffMember.id)
        .correlate(StaffMember)
        .scalar_subquery()
    )
    has_number = func.coalesce(DbsCheck.certificate_number, "") != ""
    expiry_band = case(
        (DbsCheck.expiry_date.is_(None), 0),
        (DbsCheck.expiry_date < today, 1),
        (DbsCheck.expiry_date <= today + timedelta(days=EXPIRING_DAYS), 2),
        else_=3,
    )
    rows = session.execute(
        select(
            StaffMember.provider_id,
            StaffMember.contact_level,
            func.max(DbsCheck.certificate_number).label("certificate_number"),
            DbsCheck.level,
            DbsCheck.barred_list,
            func.min(DbsCheck.expiry_date).label("expiry_date"),
            func.count().label("people"),
        )
        .outerjoin(DbsCheck, DbsCheck.id == latest_id)
        .where(
            StaffMember.left_on.is_(None),
            StaffMember.contact_level.in_(list(CONTACT_STAFF)),
        )
        .group_by(
            StaffMember.provider_id,
            StaffMember.contact_level,
            has_number,
            DbsCheck.level,
            DbsCheck.barred_list,
            expiry_band,
        )
    ).all()
    out: dict[int, list[DbsStatus]] = defaultdict(list)
    for row in rows:
        check = row if row.certificate_number else None
        out[row.provider_id].extend([status_of(check, row.contact_level, today)[0]] * row.people)
    return out


def _last_discussions(session: Session) -> dict[int, date]:
    """Per contract: the latest held meeting whose safeguarding item has a discussion."""
    answered = exists().where(
        PromptResponse.agenda_item_id == AgendaItem.id,
        func.trim(PromptResponse.response, _WHITESPACE) != "",
    )
    rows = session.execute(
        select(Meeting.contract_id, func.max(Meeting.starts_at))
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(
            Meeting.status != MeetingStatus.PLANNED,
            AgendaItem.kind == AgendaKind.SAFEGUARDING,
            or_(func.trim(AgendaItem.discussion, _WHITESPACE) != "", answered),
        )
        .group_by(Meeting.contract_id)
    ).all()
    return {contract_id: to_local(at).date() for contract_id, at in rows}


def compute_compliance(store: Store, today: date | None = None) -> list[ContractCompliance]:
    """Every live contract judged against S1-S6, with its alerts."""
    today = today or date.today()
    intervals = thematic_interval_months(store)
    with store.session() as session:
        contracts = _live_contracts(session)
        providers = {p.id: p for p in session.scalars(select(Provider))}
        ends = _end_dates(session)
        latest_assessment: dict[int, tuple[date, date | None]] = {}
        for provider_id, completed, due in session.execute(
            select(
                SelfAssessment.provider_id, SelfAssessment.completed_on, SelfAssessment.next_due
            ).order_by(SelfAssessment.completed_on, SelfAssessment.id)
        ).all():
            latest_assessment[provider_id] = (completed, due)
        clauses: dict[int, dict[int, ClauseStatus]] = defaultdict(dict)
        for contract_id, element, status in session.execute(
            select(ClauseCheck.contract_id, ClauseCheck.element, ClauseCheck.status)
        ).all():
            clauses[contract_id][element] = status
        dbs = _dbs_statuses(session, today)
        discussions = _last_discussions(session)
        metric_counts = dict(
            session.execute(
                select(MetricDefinition.contract_id, func.count(MetricDefinition.id))
                .where(MetricDefinition.safeguarding.is_(True))
                .group_by(MetricDefinition.contract_id)
            ).all()
        )
        thematic_done = dict(
            session.execute(
                select(ThematicCheck.contract_id, func.max(ThematicCheck.done_on))
                .where(ThematicCheck.done_on.is_not(None))
                .group_by(ThematicCheck.contract_id)
            ).all()
        )
        next_meetings = _next_meeting_due(session)
        overdue_actions = dict(
            session.execute(
                select(Action.contract_id, func.count(Action.id))
                .where(
                    Action.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
                    Action.due_on < today,
                )
                .group_by(Action.contract_id)
            ).all()
        )
        # Contracts of one provider share its staff: judge them once per provider.
        s4 = {pid: judge_s4(dbs.get(pid, [])) for pid in providers}
        dbs_counts = {pid: Counter(dbs.get(pid, [])) for pid in providers}
        results = []
        for c in contracts:
            provider = providers[c.provider_id]
            completed, due = latest_assessment.get(c.provider_id, (None, None))
            interval = intervals[c.risk_level.value]
            standards = (
                judge_s1(completed, due, today),
                judge_s2(clauses.get(c.id, {})),
                judge_s3(
                    provider.receives_bscp_updates, provider.bscp_training_last_attended, today
                ),
                s4[c.provider_id],
                judge_s5(
                    discussions.get(c.id),
                    c.meeting_frequency_months,
                    metric_counts.get(c.id, 0),
                    today,
                ),
                judge_s6(thematic_done.get(c.id), c.start_date, interval, c.risk_level, today),
            )
            end = ends.get(c.id, c.end_date)
            alerts = _alerts(
                c,
                end,
                today,
                due,
                dbs_counts[c.provider_id],
                next_meetings.get(c.id),
                overdue_actions.get(c.id, 0),
                thematic_due(thematic_done.get(c.id), c.start_date, interval),
            )
            results.append(
                ContractCompliance(
                    c.id,
                    c.reference,
                    c.title,
                    provider.name,
                    c.risk_level,
                    standards,
                    tuple(alerts),
                )
            )
        return results


def _next_meeting_due(session: Session) -> dict[int, date]:
    held = dict(
        session.execute(
            select(Meeting.contract_id, func.max(Meeting.starts_at))
            .where(Meeting.status != MeetingStatus.PLANNED)
            .group_by(Meeting.contract_id)
        ).all()
    )
    planned = dict(
        session.execute(
            select(Meeting.contract_id, func.min(Meeting.starts_at))
            .where(Meeting.status == MeetingStatus.PLANNED)
            .group_by(Meeting.contract_id)
        ).all()
    )
    frequency = dict(session.execute(select(Contract.id, Contract.meeting_frequency_months)).all())
    dues = {cid: add_months(to_local(at).date(), frequency[cid]) for cid, at in held.items()}
    for cid, at in planned.items():
        dues[cid] = min(dues.get(cid, to_local(at).date()), to_local(at).date())
    return dues


def _alerts(
    c: Contract,
    end: date,
    today: date,
    assessment_due: date | None,
    dbs: Counter[DbsStatus],
    meeting_due: date | None,
    overdue_actions: int,
    thematic: date,
) -> list[Alert]:
    alerts = []
    soon = add_months(today, DEADLINE_WARNING_MONTHS)
    deadline = decision_deadline(end, c.decision_lead_months)
    if deadline <= soon:
        state = "passed" if deadline < today else "is near"
        alerts.append(
            Alert(
                AlertKind.DECISION_DEADLINE,
                deadline,
                f"Decision deadline {format_date(deadline)} {state}.",
            )
        )
    if end <= soon:
        alerts.append(Alert(AlertKind.CONTRACT_ENDING, end, f"Contract ends {format_date(end)}."))
    if meeting_due is not None and meeting_due < today:
        alerts.append(
            Alert(
                AlertKind.MEETING_OVERDUE,
                meeting_due,
                f"A monitoring meeting was due by {format_date(meeting_due)}.",
            )
        )
    if overdue_actions:
        alerts.append(
            Alert(AlertKind.ACTION_OVERDUE, None, f"{overdue_actions} action(s) overdue.")
        )
    if assessment_due is not None and assessment_due <= today + timedelta(days=DUE_SOON_DAYS):
        word = "was" if assessment_due < today else "is"
        alerts.append(
            Alert(
                AlertKind.SELF_ASSESSMENT_DUE,
                assessment_due,
                f"The self-assessment {word} due on {format_date(assessment_due)}.",
            )
        )
    expired = dbs[DbsStatus.EXPIRED]
    expiring = dbs[DbsStatus.EXPIRING]
    if expired or expiring:
        parts = [f"{expired} expired"] if expired else []
        parts += [f"{expiring} expiring within 90 days"] if expiring else []
        alerts.append(Alert(AlertKind.DBS, None, "DBS checks: " + ", ".join(parts) + "."))
    if thematic <= today + timedelta(days=DUE_SOON_DAYS):
        word = "was" if thematic < today else "is"
        alerts.append(
            Alert(
                AlertKind.THEMATIC_CHECK_DUE,
                thematic,
                f"A thematic check {word} due on {format_date(thematic)}.",
            )
        )
    return alerts


__all__ = [
    "Alert",
    "AlertKind",
    "ContractCompliance",
    "StandardResult",
    "compute_compliance",
    "judge_s1",
    "judge_s2",
    "judge_s3",
    "judge_s4",
    "judge_s5",
    "judge_s6",
    "thematic_due",
    "worst",
]
