"""S1: BSCP self-assessments (section 11 audits) completed by providers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bscp_monitor.common import audit
from bscp_monitor.common.dates import add_months
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.data.enums import AssessmentStage, AuditAction, Rag
from bscp_monitor.data.models import Provider, SelfAssessment
from bscp_monitor.data.store import Store

#: The usual interval before the next self-assessment falls due.
DEFAULT_INTERVAL_MONTHS = 24


@dataclass(frozen=True)
class SelfAssessmentRecord:
    id: int
    provider_id: int
    contract_id: int | None
    completed_on: date
    stage: AssessmentStage
    outcome: Rag
    next_due: date | None
    notes: str

    def overdue(self, today: date) -> bool:
        return self.next_due is not None and self.next_due < today


def _record(a: SelfAssessment) -> SelfAssessmentRecord:
    return SelfAssessmentRecord(
        a.id, a.provider_id, a.contract_id, a.completed_on, a.stage, a.outcome, a.next_due, a.notes
    )


def list_self_assessments(store: Store, provider_id: int) -> list[SelfAssessmentRecord]:
    """A provider's self-assessments, newest first."""
    with store.session() as session:
        rows = session.scalars(
            select(SelfAssessment)
            .where(SelfAssessment.provider_id == provider_id)
            .order_by(SelfAssessment.completed_on.desc(), SelfAssessment.id.desc())
        ).all()
        return [_record(a) for a in rows]


def add_self_assessment(
    store: Store,
    provider_id: int,
    completed_on: date,
    stage: AssessmentStage,
    outcome: Rag,
    next_due: date | None = None,
    notes: str = "",
    contract_id: int | None = None,
) -> SelfAssessmentRecord:
    """Record a completed self-assessment; the next due date defaults to two years on."""
    if completed_on > date.today():
        raise ValidationError("A self-assessment cannot be completed on a future date.")
    if next_due is None:
        next_due = add_months(completed_on, DEFAULT_INTERVAL_MONTHS)
    if next_due < completed_on:
        raise ValidationError("The next due date must come after the date completed.")
    with store.session() as session:
        provider = session.get(Provider, provider_id)
        if provider is None:
            raise NotFoundError(f"Provider {provider_id} does not exist.")
        assessment = SelfAssessment(
            provider_id=provider_id,
            contract_id=contract_id,
            completed_on=completed_on,
            stage=AssessmentStage(stage),
            outcome=Rag(outcome),
            next_due=next_due,
            notes=notes.strip(),
        )
        session.add(assessment)
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "self_assessment",
            assessment.id,
            f"Recorded {assessment.stage.value} self-assessment of {provider.name}",
            {"completed_on": (None, completed_on), "outcome": (None, assessment.outcome)},
        )
        return _record(assessment)
