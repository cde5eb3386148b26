"""Contracts: the register, the decision deadline and the history of extensions and variations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bscp_monitor.common import audit
from bscp_monitor.common.caseless import caseless
from bscp_monitor.common.clock import to_local
from bscp_monitor.common.dates import add_months, format_date
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.common.versions import check_version
from bscp_monitor.data.base import utcnow
from bscp_monitor.data.enums import (
    AuditAction,
    ContractStatus,
    MeetingStatus,
    RiskLevel,
    VariationKind,
)
from bscp_monitor.data.models import Contract, ContractVariation, Meeting, Provider
from bscp_monitor.data.store import Store

#: A decision deadline this close (or passed) is highlighted.
DEADLINE_WARNING_MONTHS = 3
DEFAULT_DECISION_LEAD_MONTHS = 6
CLOSED_STATUSES = frozenset({ContractStatus.ENDED, ContractStatus.DECOMMISSIONED})


class DeadlineState(StrEnum):
    """Where a contract stands against its decision deadline."""

    NOT_APPLICABLE = "not_applicable"  # ended, decommissioned or archived
    OK = "ok"
    SOON = "soon"  # within DEADLINE_WARNING_MONTHS
    PASSED = "passed"


@dataclass(frozen=True)
class VariationRecord:
    id: int
    kind: VariationKind
    new_end_date: date | None
    approval_date: date | None
    approver: str
    route: str
    reason: str


@dataclass(frozen=True)
class ContractRecord:
    id: int
    reference: str
    title: str
    service_description: str
    provider_id: int
    provider_name: str
    commissioning_team: str
    contract_manager: str
    start_date: date
    original_end_date: date
    end_date: date
    value_pence: int
    status: ContractStatus
    risk_level: RiskLevel
    meeting_frequency_months: int
    decision_lead_months: int
    decision_deadline: date
    deadline_state: DeadlineState
    next_meeting_due: date | None
    archived: bool
    variations: tuple[VariationRecord, ...] = ()
    version: int = 1  # the contract's saves (common/versions.py)


EDITABLE = {
    "reference",
    "title",
    "service_description",
    "provider_id",
    "commissioning_team",
    "contract_manager",
    "start_date",
    "end_date",
    "value_pence",
    "status",
    "risk_level",
    "meeting_frequency_months",
    "decision_lead_months",
}
REQUIRED = ("reference", "title", "provider_id", "start_date", "end_date")


def decision_deadline(end_date: date, lead_months: int) -> date:
    """The date by which a decision on what follows must be approved (the Bromley rule)."""
    return add_months(end_date, -lead_months)


def deadline_state(
    deadline: date, status: ContractStatus, archived: bool, today: date
) -> DeadlineState:
    if archived or status in CLOSED_STATUSES:
        return DeadlineState.NOT_APPLICABLE
    if deadline < today:
        return DeadlineState.PASSED
    if deadline <= add_months(today, DEADLINE_WARNING_MONTHS):
        return DeadlineState.SOON
    return DeadlineState.OK


def effective_end_date(contract: Contract) -> date:
    """The end date as the latest extension or variation that moved it left it."""
    end = contract.end_date
    for variation in contract.variations:  # ordered by id: the latest wins
        if variation.new_end_date is not None:
            end = variation.new_end_date
    return end


def _variation_record(v: ContractVariation) -> VariationRecord:
    return VariationRecord(
        v.id, v.kind, v.new_end_date, v.approval_date, v.approver, v.route, v.reason
    )


def _record(contract: Contract, next_due: date | None, today: date) -> ContractRecord:
    end = effective_end_date(contract)
    deadline = decision_deadline(end, contract.decision_lead_months)
    archived = contract.archived_at is not None
    return ContractRecord(
        id=contract.id,
        reference=contract.reference,
        title=contract.title,
        service_description=contract.service_description,
        provider_id=contract.provider_id,
        provider_name=contract.provider.name,
        commissioning_team=contract.commissioning_team,
        contract_manager=contract.contract_manager,
        start_date=contract.start_date,
        original_end_date=contract.end_date,
        end_date=end,
        value_pence=contract.value_pence,
        status=contract.status,
        risk_level=contract.risk_level,
        meeting_frequency_months=contract.meeting_frequency_months,
        decision_lead_months=contract.decision_lead_months,
        decision_deadline=deadline,
        deadline_state=deadline_state(deadline, contract.status, archived, today),
        # no monitoring meeting is due on a contract that has ended or is archived
        next_meeting_due=None if archived or contract.status in CLOSED_STATUSES else next_due,
        archived=archived,
        variations=tuple(_variation_record(v) for v in contract.variations),
        version=contract.version,
    )


def meeting_due(
    last_held: date | None, next_planned: date | None, frequency: int, start_date: date
) -> date:
    """When the next monitoring meeting is due: the frequency after the last one held (or,
    before the first, after the contract started), or the next one planned (after the last
    held) if it is sooner. The dashboard's rule too."""
    due = add_months(last_held if last_held is not None else start_date, frequency)
    if next_planned is not None and next_planned < due:
        return next_planned
    return due


def _next_meeting_dues(session: Session, contract_ids: list[int] | None) -> dict[int, date]:
    """Per contract: when its next meeting is due (``meeting_due``). A meeting planned before
    the latest one held never took place and does not count."""
    planned = select(Meeting.contract_id, Meeting.starts_at).where(
        Meeting.status == MeetingStatus.PLANNED
    )
    held = select(Meeting.contract_id, func.max(Meeting.starts_at)).where(
        Meeting.status != MeetingStatus.PLANNED
    )
    if contract_ids is not None:
        planned = planned.where(Meeting.contract_id.in_(contract_ids))
        held = held.where(Meeting.contract_id.in_(contract_ids))
    held_at = dict(session.execute(held.group_by(Meeting.contract_id)).all())
    next_planned: dict[int, datetime] = {}
    for contract_id, starts_at in session.execute(planned).all():
        last = held_at.get(contract_id)
        if last is not None and starts_at <= last:
            continue
        if contract_id not in next_planned or starts_at < next_planned[contract_id]:
            next_planned[contract_id] = starts_at
    terms = select(Contract.id, Contract.meeting_frequency_months, Contract.start_date)
    if contract_ids is not None:
        terms = terms.where(Contract.id.in_(contract_ids))
    dues: dict[int, date] = {}
    for contract_id, frequency, start_date in session.execute(terms).all():
        last = held_at.get(contract_id)
        planned_at = next_planned.get(contract_id)
        dues[contract_id] = meeting_due(
            to_local(last).date() if last is not None else None,
            to_local(planned_at).date() if planned_at is not None else None,
            frequency,
            start_date,
        )
    return dues


def list_contracts(
    store: Store, include_archived: bool = False, today: date | None = None
) -> list[ContractRecord]:
    today = today or date.today()
    query = (
        select(Contract)
        .options(selectinload(Contract.provider), selectinload(Contract.variations))
        .order_by(Contract.reference)
    )
    if not include_archived:
        query = query.where(Contract.archived_at.is_(None))
    with store.session() as session:
        contracts = session.scalars(query).all()
        dues = _next_meeting_dues(session, None)
        return [_record(c, dues.get(c.id), today) for c in contracts]


def _load(session: Session, contract_id: int) -> Contract:
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFoundError(f"Contract {contract_id} does not exist.")
    return contract


def get_contract(store: Store, contract_id: int, today: date | None = None) -> ContractRecord:
    with store.session() as session:
        contract = _load(session, contract_id)
        dues = _next_meeting_dues(session, [contract_id])
        return _record(contract, dues.get(contract_id), today or date.today())


def find_contract(store: Store, reference: str) -> ContractRecord | None:
    with store.session() as session:
        contract_id = session.scalar(
            select(Contract.id).where(
                func.casefold(Contract.reference) == caseless(reference.strip())
            )
        )
    return get_contract(store, contract_id) if contract_id is not None else None


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(f"Unknown contract fields: {', '.join(sorted(unknown))}.")
    cleaned: dict[str, Any] = {
        k: v.strip() if isinstance(v, str) else v for k, v in changes.items()
    }
    for name in ("reference", "title"):
        if name in cleaned and not cleaned[name]:
            raise ValidationError(f"A contract needs a {name}.")
    if "status" in cleaned:
        cleaned["status"] = ContractStatus(cleaned["status"])
    if "risk_level" in cleaned:
        cleaned["risk_level"] = RiskLevel(cleaned["risk_level"])
    if cleaned.get("value_pence", 0) < 0:
        raise ValidationError("The contract value cannot be negative.")
    if not 1 <= cleaned.get("meeting_frequency_months", 1) <= 12:
        raise ValidationError("Meetings must be held at least once every 12 months.")
    if not 0 <= cleaned.get("decision_lead_months", 0) <= 24:
        raise ValidationError("The decision lead time must be between 0 and 24 months.")
    return cleaned


def _check_dates(start: date, end: date) -> None:
    if end < start:
        raise ValidationError(
            f"The end date {format_date(end)} is before the start date {format_date(start)}."
        )


def _check_reference(session: Session, reference: str, except_id: int | None = None) -> None:
    query = select(Contract.id).where(func.casefold(Contract.reference) == caseless(reference))
    if except_id is not None:
        query = query.where(Contract.id != except_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"The reference {reference} is already used by another contract.")


def _check_provider(session: Session, provider_id: int) -> None:
    provider = session.get(Provider, provider_id)
    if provider is None:
        raise ValidationError("Choose the provider of the contract.")
    if provider.archived_at is not None:
        raise ValidationError(f"{provider.name} is archived; restore it first.")


def create_contract(store: Store, **values: Any) -> ContractRecord:
    cleaned = _clean(values)
    missing = [name for name in REQUIRED if cleaned.get(name) in (None, "")]
    if missing:
        raise ValidationError(
            f"A contract needs: {', '.join(m.replace('_', ' ') for m in missing)}."
        )
    _check_dates(cleaned["start_date"], cleaned["end_date"])
    with store.session() as session:
        _check_reference(session, cleaned["reference"])
        _check_provider(session, cleaned["provider_id"])
        contract = Contract(**cleaned)
        session.add(contract)
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "contract",
            contract.id,
            f"Created contract {contract.reference}",
            {k: (None, v) for k, v in cleaned.items()},
        )
        contract_id = contract.id
    return get_contract(store, contract_id)


def update_contract(
    store: Store, contract_id: int, *, expected_version: int | None = None, **changes: Any
) -> ContractRecord:
    """Change some fields of a contract at once, audited. Raises ValidationError, or
    ChangedMeanwhile if the contract was saved since ``expected_version`` was read."""
    cleaned = _clean(changes)
    with store.session() as session:
        contract = _load(session, contract_id)
        check_version(session, contract, expected_version, "contract")
        if "reference" in cleaned:
            _check_reference(session, cleaned["reference"], contract_id)
        if "provider_id" in cleaned and cleaned["provider_id"] != contract.provider_id:
            _check_provider(session, cleaned["provider_id"])
        start = cleaned.get("start_date", contract.start_date)
        _check_dates(start, cleaned.get("end_date", contract.end_date))
        if "end_date" not in cleaned:  # the end date as extensions and variations left it
            _check_dates(start, effective_end_date(contract))
        applied = audit.apply_changes(contract, cleaned)
        if applied:
            try:
                session.flush()
            except IntegrityError as exc:
                raise ValidationError("That change breaks a rule of the register.") from exc
            audit.record(
                session,
                AuditAction.UPDATE,
                "contract",
                contract.id,
                f"Updated contract {contract.reference}: {', '.join(applied)}",
                applied,
            )
    return get_contract(store, contract_id)


def set_contract_archived(store: Store, contract_id: int, archived: bool) -> ContractRecord:
    """Archive (or restore) a contract. Contracts are never deleted: their history stays."""
    with store.session() as session:
        contract = _load(session, contract_id)
        if archived and contract.archived_at is None:
            contract.archived_at = utcnow()
            audit.record(
                session,
                AuditAction.ARCHIVE,
                "contract",
                contract.id,
                f"Archived contract {contract.reference}",
            )
        elif not archived and contract.archived_at is not None:
            provider = session.get(Provider, contract.provider_id)
            if provider is not None and provider.archived_at is not None:
                raise ValidationError(
                    f"{provider.name} is archived: restore the provider first, then the "
                    f"contract {contract.reference}."
                )
            contract.archived_at = None
            audit.record(
                session,
                AuditAction.RESTORE,
                "contract",
                contract.id,
                f"Restored contract {contract.reference}",
            )
    return get_contract(store, contract_id)


def add_variation(
    store: Store,
    contract_id: int,
    kind: VariationKind,
    new_end_date: date | None,
    approval_date: date | None,
    approver: str,
    route: str,
    reason: str = "",
) -> ContractRecord:
    """Record an extension or variation; an extension moves the contract's end date."""
    kind = VariationKind(kind)
    if kind is VariationKind.EXTENSION and new_end_date is None:
        raise ValidationError("An extension needs its new end date.")
    if not approver.strip() or approval_date is None:
        raise ValidationError("Record who approved the change and on what date.")
    with store.session() as session:
        contract = _load(session, contract_id)
        if new_end_date is not None and new_end_date < contract.start_date:
            raise ValidationError("The new end date is before the contract started.")
        old_end = effective_end_date(contract)
        if kind is VariationKind.EXTENSION and new_end_date is not None and new_end_date <= old_end:
            raise ValidationError(
                f"An extension moves the end date later than {format_date(old_end)}: check "
                "the year, or record a variation to shorten the contract."
            )
        variation = ContractVariation(
            contract=contract,
            kind=kind,
            new_end_date=new_end_date,
            approval_date=approval_date,
            approver=approver.strip(),
            route=route.strip(),
            reason=reason.strip(),
        )
        session.add(variation)  # contract=... has already appended it to contract.variations
        new_end = effective_end_date(contract)
        if kind is VariationKind.EXTENSION and contract.status is ContractStatus.ACTIVE:
            contract.status = ContractStatus.EXTENDED
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "contract_variation",
            variation.id,
            f"Recorded {kind.value} of {contract.reference}",
            {"end_date": (old_end, new_end), "route": (None, variation.route)},
        )
    return get_contract(store, contract_id)
