"""The six BSCP standards judged per contract (red, amber, green, each with a one-line
reason), the overall rating (the worst of the six) and the alerts of the dashboard.

The rules are pure functions of plain values (tested at their boundaries);
``compute_compliance`` applies them to the facts compliance_facts.py reads for all live
contracts at once, so the dashboard of a large register stays quick (bench/dashboard.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from bscp_monitor.common import wording
from bscp_monitor.common.dates import add_months, format_date
from bscp_monitor.common.settings import thematic_interval_months
from bscp_monitor.common.wording import counted
from bscp_monitor.compliance.facts import ContractFacts, PortfolioFacts, load_facts
from bscp_monitor.contracts.register import DEADLINE_WARNING_MONTHS, decision_deadline, meeting_due
from bscp_monitor.data.enums import ClauseStatus, Rag, RiskLevel
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import DbsStatus
from bscp_monitor.standards import CLAUSE_ELEMENTS

#: Risk levels in words (formatting a StrEnum member is slow).
_RISK_WORDS = {risk: risk.value for risk in RiskLevel}
RAG_ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
#: Self-assessments and thematic checks due this soon are amber / raise an alert.
DUE_SOON_DAYS = 30
TRAINING_VALID_MONTHS = 12


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
    #: Red for what has passed or is overdue (expired DBS checks included), amber for what
    #: is coming soon.
    rag: Rag


@dataclass(frozen=True)
class ContractCompliance:
    contract_id: int
    reference: str
    title: str
    provider: str
    risk_level: RiskLevel
    standards: tuple[StandardResult, ...]
    alerts: tuple[Alert, ...]
    overall: Rag = field(init=False)  # the worst of the six

    def __post_init__(self) -> None:
        object.__setattr__(self, "overall", worst(s.rag for s in self.standards))

    def standard(self, code: str) -> StandardResult:
        return next(s for s in self.standards if s.standard == code)


def worst(rags: Iterable[Rag]) -> Rag:
    return max(rags, key=RAG_ORDER.__getitem__, default=Rag.GREEN)


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


def judge_s2(statuses: Mapping[int, ClauseStatus]) -> StandardResult:
    """From each clause element's status (by element number; unassessed ones may be left out)."""
    counts = Counter(statuses.get(e.number, ClauseStatus.NOT_ASSESSED) for e in CLAUSE_ELEMENTS)
    return judge_s2_counts(counts)


def judge_s2_counts(counts: Mapping[ClauseStatus, int]) -> StandardResult:
    """From how many of the ten elements are in each status (not assessed: the rest)."""
    total = len(CLAUSE_ELEMENTS)
    missing = counts.get(ClauseStatus.MISSING, 0)
    present = counts.get(ClauseStatus.PRESENT, 0)
    partial = counts.get(ClauseStatus.PARTIAL, 0)
    if missing:
        return StandardResult("S2", Rag.RED, f"{missing} of {total} clause elements missing.")
    if present == total:
        return StandardResult("S2", Rag.GREEN, f"All {total} clause elements present.")
    parts = []
    if partial:
        parts.append(f"{partial} partial")
    not_assessed = total - present - partial
    if not_assessed:
        parts.append(f"{not_assessed} not yet assessed")
    return StandardResult(
        "S2",
        Rag.AMBER,
        f"{present} of {total} clause elements present; " + ", ".join(parts) + ".",
    )


def training_current(last_attended: date | None, today: date) -> bool:
    """BSCP training counts for S3 when attended in the last TRAINING_VALID_MONTHS months
    (older needs a refresher; never attended is not current)."""
    return last_attended is not None and last_attended >= add_months(today, -TRAINING_VALID_MONTHS)


def judge_s3(receives_updates: bool, training: date | None, today: date) -> StandardResult:
    trained = training_current(training, today)
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
            else f"last attended BSCP training on {format_date(training)}, "
            f"over {TRAINING_VALID_MONTHS} months ago"
        )
    rag = Rag.RED if len(gaps) == 2 else Rag.AMBER
    return StandardResult("S3", rag, "The provider " + " and ".join(gaps) + ".")


def judge_s4(statuses: Iterable[DbsStatus] | Mapping[DbsStatus, int]) -> StandardResult:
    """From the DBS status of each current contact staff member, or how many are in each."""
    counts: Mapping[DbsStatus, int] = (
        statuses if isinstance(statuses, Mapping) else Counter(statuses)
    )
    people = sum(counts.values())
    if not people:
        return StandardResult(
            "S4", Rag.RED, "No DBS records of staff in direct or regular contact with children."
        )
    bad = {
        "missing": counts.get(DbsStatus.MISSING, 0),
        "not the check the role needs": counts.get(DbsStatus.INVALID, 0),
        "expired": counts.get(DbsStatus.EXPIRED, 0),
    }
    if any(bad.values()):
        detail = ", ".join(f"{n} {what}" for what, n in bad.items() if n)
        return StandardResult("S4", Rag.RED, f"Contact staff DBS records: {detail}.")
    expiring = counts.get(DbsStatus.EXPIRING, 0)
    if expiring:
        return StandardResult(
            "S4",
            Rag.AMBER,
            f"{expiring} of {people} contact staff DBS checks are due for re-check within 90 days.",
        )
    return StandardResult(
        "S4", Rag.GREEN, f"All {people} contact staff have an in-date DBS record."
    )


def judge_s5(
    last_discussion: date | None, frequency_months: int, safeguarding_metrics: int, today: date
) -> StandardResult:
    # Within the frequency: the next meeting not yet overdue, as the meeting-overdue alert and
    # contracts.meeting_due count it (on from the meeting, so month ends clamp alike).
    recent = last_discussion is not None and add_months(last_discussion, frequency_months) >= today
    if recent and safeguarding_metrics:
        return StandardResult(
            "S5",
            Rag.GREEN,
            f"Safeguarding discussed at the meeting of {format_date(last_discussion)}; "
            f"{counted(safeguarding_metrics, 'safeguarding metric')} in the contract.",
        )
    gaps = []
    if not recent:
        gaps.append(
            "no monitoring meeting with a safeguarding discussion"
            if last_discussion is None
            else f"the last safeguarding discussion ({format_date(last_discussion)}) is older "
            f"than the meeting frequency ({counted(frequency_months, 'month')})"
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
    every = f"{wording.every(interval_months)} for {_RISK_WORDS[risk]} risk"
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


# -- all contracts at once ------------------------------------------------------------------


def compute_compliance(store: Store, today: date | None = None) -> list[ContractCompliance]:
    """Every live contract judged against S1-S6, with its alerts (by reference)."""
    today = today or date.today()
    intervals = thematic_interval_months(store)
    return judge_portfolio(load_facts(store, today), intervals, today)


def judge_portfolio(
    facts: PortfolioFacts, intervals: Mapping[str, int], today: date
) -> list[ContractCompliance]:
    no_staff: dict[DbsStatus, int] = {}
    # Contracts of one provider share its self-assessment, BSCP facts and staff: S1, S3, S4
    # and the provider's alerts are judged once per provider, S2 once per clause tally.
    by_provider: dict[int, tuple[StandardResult, StandardResult, StandardResult, list[Alert]]]
    by_provider = {}
    s2: dict[tuple[int, ...], StandardResult] = {}
    results = []
    for c in facts.contracts:
        provider = by_provider.get(c.provider_id)
        if provider is None:
            dbs = facts.dbs.get(c.provider_id, no_staff)
            provider = by_provider[c.provider_id] = (
                judge_s1(c.assessment_completed, c.assessment_due, today),
                judge_s3(c.receives_bscp_updates, c.bscp_training_last_attended, today),
                judge_s4(dbs),
                _provider_alerts(c.assessment_due, dbs, today),
            )
        clauses = tuple(c.clause_counts.values())
        if clauses not in s2:
            s2[clauses] = judge_s2_counts(c.clause_counts)
        interval = intervals[c.risk_level]  # a StrEnum: its value is the key
        next_thematic = thematic_due(c.thematic_done, c.start_date, interval)
        standards = (
            provider[0],
            s2[clauses],
            provider[1],
            provider[2],
            judge_s5(c.last_discussion, c.meeting_frequency_months, c.safeguarding_metrics, today),
            judge_s6(c.thematic_done, c.start_date, interval, c.risk_level, today),
        )
        results.append(
            ContractCompliance(
                c.id,
                c.reference,
                c.title,
                c.provider_name,
                c.risk_level,
                standards,
                tuple(_alerts(c, today, provider[3], _meeting_due(c), next_thematic)),
            )
        )
    return results


def _meeting_due(c: ContractFacts) -> date:
    return meeting_due(c.last_held, c.next_planned, c.meeting_frequency_months, c.start_date)


def _provider_alerts(
    assessment_due: date | None, dbs: Mapping[DbsStatus, int], today: date
) -> list[Alert]:
    """The alerts every contract of a provider shares: its self-assessment and its staff's
    DBS checks."""
    alerts = []
    if assessment_due is not None and assessment_due <= today + timedelta(days=DUE_SOON_DAYS):
        late = assessment_due < today
        alerts.append(
            Alert(
                AlertKind.SELF_ASSESSMENT_DUE,
                assessment_due,
                f"The self-assessment {'was' if late else 'is'} due on "
                f"{format_date(assessment_due)}.",
                Rag.RED if late else Rag.AMBER,
            )
        )
    expired = dbs.get(DbsStatus.EXPIRED, 0)
    expiring = dbs.get(DbsStatus.EXPIRING, 0)
    if expired or expiring:
        parts = [f"{expired} expired"] if expired else []
        parts += [f"{expiring} expiring within 90 days"] if expiring else []
        rag = Rag.RED if expired else Rag.AMBER
        alerts.append(Alert(AlertKind.DBS, None, "DBS checks: " + ", ".join(parts) + ".", rag))
    return alerts


def _alerts(
    c: ContractFacts,
    today: date,
    provider_alerts: list[Alert],
    meeting_due: date,
    thematic: date,
) -> list[Alert]:
    overdue_actions = c.overdue_actions
    alerts = []
    soon = add_months(today, DEADLINE_WARNING_MONTHS)
    end = c.end_date
    deadline = decision_deadline(end, c.decision_lead_months)
    if deadline <= soon:
        passed = deadline < today
        alerts.append(
            Alert(
                AlertKind.DECISION_DEADLINE,
                deadline,
                f"Decision deadline {format_date(deadline)} {'passed' if passed else 'is near'}.",
                Rag.RED if passed else Rag.AMBER,
            )
        )
    if end <= soon:
        rag = Rag.RED if end < today else Rag.AMBER
        ends = "ended" if end < today else "ends"
        alerts.append(
            Alert(AlertKind.CONTRACT_ENDING, end, f"Contract {ends} {format_date(end)}.", rag)
        )
    if meeting_due < today:
        message = (
            f"A monitoring meeting was due by {format_date(meeting_due)}."
            if c.last_held is not None
            else f"No monitoring meeting held yet: the first was due by {format_date(meeting_due)}."
        )
        alerts.append(Alert(AlertKind.MEETING_OVERDUE, meeting_due, message, Rag.RED))
    if overdue_actions:
        alerts.append(
            Alert(
                AlertKind.ACTION_OVERDUE,
                None,
                f"{counted(overdue_actions, 'action')} overdue.",
                Rag.RED,
            )
        )
    alerts += provider_alerts
    if thematic <= today + timedelta(days=DUE_SOON_DAYS):
        late = thematic < today
        alerts.append(
            Alert(
                AlertKind.THEMATIC_CHECK_DUE,
                thematic,
                f"A thematic check {'was' if late else 'is'} due on {format_date(thematic)}.",
                Rag.RED if late else Rag.AMBER,
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
    "judge_portfolio",
    "judge_s2",
    "judge_s2_counts",
    "judge_s3",
    "judge_s4",
    "judge_s5",
    "judge_s6",
    "thematic_due",
    "worst",
]
