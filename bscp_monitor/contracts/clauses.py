"""S2: the ten elements of the safeguarding clause, checked per contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from bscp_monitor.common import audit
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.common.versions import check_version
from bscp_monitor.data.enums import AuditAction, ClauseStatus
from bscp_monitor.data.models import ClauseCheck, Contract
from bscp_monitor.data.store import Store
from bscp_monitor.standards import CLAUSE_ELEMENTS, ClauseElement


@dataclass(frozen=True)
class ClauseCheckRecord:
    element: ClauseElement
    status: ClauseStatus
    clause_ref: str
    note: str
    checked_on: date | None
    #: Its saves (common/versions.py); 0 while it was never assessed (no row yet).
    version: int = field(default=0, compare=False)


EDITABLE = {"status", "clause_ref", "note", "checked_on"}


def clause_checklist(store: Store, contract_id: int) -> list[ClauseCheckRecord]:
    """All ten elements in order; those never assessed show as not yet assessed."""
    with store.session() as session:
        if session.get(Contract, contract_id) is None:
            raise NotFoundError(f"Contract {contract_id} does not exist.")
        rows = {
            c.element: c
            for c in session.scalars(
                select(ClauseCheck).where(ClauseCheck.contract_id == contract_id)
            )
        }
    checklist = []
    for element in CLAUSE_ELEMENTS:
        row = rows.get(element.number)
        if row is None:
            checklist.append(ClauseCheckRecord(element, ClauseStatus.NOT_ASSESSED, "", "", None))
        else:
            checklist.append(
                ClauseCheckRecord(
                    element, row.status, row.clause_ref, row.note, row.checked_on, row.version
                )
            )
    return checklist


def update_clause_check(
    store: Store,
    contract_id: int,
    element: int,
    *,
    expected_version: int | None = None,
    **changes: Any,
) -> int:
    """Record the status or evidence of one clause element, audited; its version after the
    save. ChangedMeanwhile (nothing written) if it was saved since the copy at
    ``expected_version`` (0: never assessed) was read."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(f"Unknown clause check fields: {', '.join(sorted(unknown))}.")
    if not 1 <= element <= len(CLAUSE_ELEMENTS):
        raise ValidationError(f"There is no clause element {element}; they run from 1 to 10.")
    cleaned: dict[str, Any] = {
        k: v.strip() if isinstance(v, str) else v for k, v in changes.items()
    }
    if "status" in cleaned:
        cleaned["status"] = ClauseStatus(cleaned["status"])
    checked_on = cleaned.get("checked_on")
    if checked_on is not None and checked_on > date.today():
        raise ValidationError("A clause cannot have been checked on a future date.")
    with store.session() as session:
        contract = session.get(Contract, contract_id)
        if contract is None:
            raise NotFoundError(f"Contract {contract_id} does not exist.")
        row = session.scalar(
            select(ClauseCheck).where(
                ClauseCheck.contract_id == contract_id, ClauseCheck.element == element
            )
        )
        if row is not None:
            check_version(session, row, expected_version, "clause_check")
        elif expected_version:  # shown assessed, and gone since: nobody deletes one
            raise NotFoundError(f"Clause element {element} is no longer recorded.")
        if row is None:
            row = ClauseCheck(
                contract_id=contract_id,
                element=element,
                status=ClauseStatus.NOT_ASSESSED,
                clause_ref="",
                note="",
            )
            session.add(row)
        if "status" in cleaned and "checked_on" not in cleaned and row.status != cleaned["status"]:
            cleaned["checked_on"] = date.today()
        applied = audit.apply_changes(row, cleaned)
        if applied and row.id is not None:
            row.version += 1
        if applied:
            session.flush()
            audit.record(
                session,
                AuditAction.UPDATE,
                "clause_check",
                row.id,
                f"Clause element {element} of {contract.reference}: {', '.join(applied)}",
                applied,
            )
        session.flush()
        return row.version
