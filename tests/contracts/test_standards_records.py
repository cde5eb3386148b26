"""The BSCP standards as data, the S2 clause checklist and the S1 self-assessments."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bscp_monitor import standards
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.contracts import clauses, self_assessments
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.enums import AssessmentStage, AuditAction, ClauseStatus, Rag
from bscp_monitor.data.models import AuditEvent, SelfAssessment
from bscp_monitor.data.store import Store


@pytest.fixture
def provider_id(store: Store) -> int:
    return create_provider(store, "Barnardo's").id


@pytest.fixture
def contract_id(store: Store, provider_id: int) -> int:
    return create_contract(
        store,
        reference="ECHS-CSE-0114",
        title="CSE Recovery Service",
        provider_id=provider_id,
        start_date=date(2014, 10, 1),
        end_date=date(2017, 9, 30),
    ).id


def _audits(store: Store, entity: str) -> list[AuditEvent]:
    with store.session() as s:
        return list(
            s.scalars(select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id))
        )


# --- the standards as data ----------------------------------------------------------------


def test_the_six_standards() -> None:
    assert [s.code for s in standards.STANDARDS] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    by_code = {s.code: s for s in standards.STANDARDS}
    assert "self-assessment" in by_code["S1"].expectation.lower()
    assert "ten elements" in by_code["S2"].expectation
    assert "DBS" in by_code["S4"].expectation
    assert "risk" in by_code["S6"].expectation


def test_the_ten_clause_elements_in_the_seeds_order() -> None:
    elements = standards.CLAUSE_ELEMENTS
    assert [e.number for e in elements] == list(range(1, 11))
    text = {e.number: e.text for e in elements}
    assert "safeguarding children and young people" in text[1]
    assert "Working Together" in text[2]
    assert "Children Act 1989" in text[2]
    assert "safer recruitment" in text[3]
    assert "child protection policy" in text[4]
    assert "whistleblowing" in text[5]
    assert "induction" in text[6]
    assert "Local Child Safeguarding Practice Reviews" in text[7]
    assert "exploitation" in text[8]
    assert "peer-on-peer" in text[8]
    assert "report and respond to concerns" in text[9]
    assert "LADO" in text[10]
    for element in elements:
        assert element.title
        assert element.question.endswith("?")
        assert standards.clause_element(element.number) is element


# --- S2: the clause checklist -------------------------------------------------------------


def test_a_new_contract_has_ten_elements_not_assessed(store: Store, contract_id: int) -> None:
    checklist = clauses.clause_checklist(store, contract_id)
    assert [row.element.number for row in checklist] == list(range(1, 11))
    assert {row.status for row in checklist} == {ClauseStatus.NOT_ASSESSED}
    assert all(row.checked_on is None and row.clause_ref == "" for row in checklist)


def test_update_clause_check_persists_every_field(store: Store, contract_id: int) -> None:
    checked = date.today() - timedelta(days=10)
    clauses.update_clause_check(
        store,
        contract_id,
        5,
        status=ClauseStatus.PARTIAL,
        clause_ref=" Schedule 2, cl. 14.5 ",
        note="Policy not dated.",
        checked_on=checked,
    )
    checklist = clauses.clause_checklist(store, contract_id)
    row = checklist[4]
    assert row.element.number == 5
    assert (row.status, row.clause_ref, row.note, row.checked_on) == (
        ClauseStatus.PARTIAL,
        "Schedule 2, cl. 14.5",
        "Policy not dated.",
        checked,
    )
    others = [r.status for r in checklist if r.element.number != 5]
    assert others == [ClauseStatus.NOT_ASSESSED] * 9

    [event] = _audits(store, "clause_check")
    assert event.action is AuditAction.UPDATE
    assert "ECHS-CSE-0114" in event.summary
    assert json.loads(event.changes)["status"] == {"old": "not_assessed", "new": "partial"}


def test_a_status_change_alone_is_stamped_with_today(store: Store, contract_id: int) -> None:
    earlier = date(2023, 1, 9)
    clauses.update_clause_check(store, contract_id, 2, status="present", checked_on=earlier)
    assert clauses.clause_checklist(store, contract_id)[1].checked_on == earlier

    clauses.update_clause_check(store, contract_id, 2, note="Seen the signed copy.")
    assert clauses.clause_checklist(store, contract_id)[1].checked_on == earlier

    clauses.update_clause_check(store, contract_id, 2, status="missing")
    row = clauses.clause_checklist(store, contract_id)[1]
    assert row.status is ClauseStatus.MISSING
    assert row.checked_on == date.today()
    assert row.note == "Seen the signed copy."


@pytest.mark.parametrize("element", [0, 11, -1])
def test_elements_outside_one_to_ten_are_refused(
    store: Store, contract_id: int, element: int
) -> None:
    with pytest.raises(ValidationError, match="1 to 10"):
        clauses.update_clause_check(store, contract_id, element, status="present")
    assert _audits(store, "clause_check") == []


def test_a_future_check_date_is_refused(store: Store, contract_id: int) -> None:
    with pytest.raises(ValidationError, match="future"):
        clauses.update_clause_check(
            store, contract_id, 1, status="present", checked_on=date.today() + timedelta(days=1)
        )
    assert clauses.clause_checklist(store, contract_id)[0].status is ClauseStatus.NOT_ASSESSED
    assert _audits(store, "clause_check") == []


def test_an_unknown_field_or_contract_is_refused(store: Store, contract_id: int) -> None:
    with pytest.raises(ValidationError, match="evidence"):
        clauses.update_clause_check(store, contract_id, 1, evidence="x")
    with pytest.raises(NotFoundError):
        clauses.update_clause_check(store, contract_id + 1, 1, status="present")
    with pytest.raises(NotFoundError):
        clauses.clause_checklist(store, contract_id + 1)


def test_only_a_real_change_is_audited(store: Store, contract_id: int) -> None:
    checked = date.today() - timedelta(days=3)
    values = {"status": ClauseStatus.PRESENT, "clause_ref": "cl. 9", "checked_on": checked}
    clauses.update_clause_check(store, contract_id, 10, **values)
    clauses.update_clause_check(store, contract_id, 10, **values)
    clauses.update_clause_check(store, contract_id, 10, status="present", clause_ref=" cl. 9 ")
    assert len(_audits(store, "clause_check")) == 1
    assert clauses.clause_checklist(store, contract_id)[9].checked_on == checked

    clauses.update_clause_check(store, contract_id, 10, clause_ref="cl. 9.1")
    events = _audits(store, "clause_check")
    assert len(events) == 2
    assert json.loads(events[1].changes) == {"clause_ref": {"old": "cl. 9", "new": "cl. 9.1"}}


# --- S1: self-assessments -------------------------------------------------------------------


def test_next_due_defaults_to_two_years_after_completion(store: Store, provider_id: int) -> None:
    record = self_assessments.add_self_assessment(
        store, provider_id, date(2020, 2, 29), AssessmentStage.TENDER, Rag.GREEN
    )
    assert record.next_due == date(2022, 2, 28)
    assert record.stage is AssessmentStage.TENDER
    assert record.outcome is Rag.GREEN
    [event] = _audits(store, "self_assessment")
    assert event.entity_id == record.id
    assert json.loads(event.changes)["outcome"] == {"old": None, "new": "green"}

    explicit = self_assessments.add_self_assessment(
        store, provider_id, date(2021, 6, 1), "periodic", "amber", next_due=date(2022, 6, 1)
    )
    assert explicit.next_due == date(2022, 6, 1)


def test_self_assessments_are_listed_newest_first(
    store: Store, provider_id: int, contract_id: int
) -> None:
    other = create_provider(store, "Kestrel Care Ltd").id
    for completed in (date(2022, 3, 1), date(2024, 1, 10), date(2018, 7, 4)):
        self_assessments.add_self_assessment(
            store, provider_id, completed, "periodic", "amber", contract_id=contract_id
        )
    self_assessments.add_self_assessment(store, other, date(2023, 1, 1), "ad_hoc", "red")

    listed = self_assessments.list_self_assessments(store, provider_id)
    assert [a.completed_on for a in listed] == [
        date(2024, 1, 10),
        date(2022, 3, 1),
        date(2018, 7, 4),
    ]
    assert {a.contract_id for a in listed} == {contract_id}
    assert [a.outcome for a in self_assessments.list_self_assessments(store, other)] == [Rag.RED]


def test_overdue_at_the_boundary(store: Store, provider_id: int) -> None:
    record = self_assessments.add_self_assessment(
        store, provider_id, date(2022, 5, 15), "periodic", "green"
    )
    due = record.next_due
    assert due == date(2024, 5, 15)
    assert record.overdue(due - timedelta(days=1)) is False
    assert record.overdue(due) is False
    assert record.overdue(due + timedelta(days=1)) is True
    [listed] = self_assessments.list_self_assessments(store, provider_id)
    assert listed.overdue(due + timedelta(days=1)) is True


def test_refused_self_assessments_store_nothing(store: Store, provider_id: int) -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        self_assessments.add_self_assessment(store, provider_id, tomorrow, "tender", "green")
    with pytest.raises(ValidationError, match="after the date completed"):
        self_assessments.add_self_assessment(
            store, provider_id, date(2023, 5, 1), "tender", "green", next_due=date(2023, 4, 30)
        )
    with pytest.raises(NotFoundError):
        self_assessments.add_self_assessment(
            store, provider_id + 9, date(2023, 5, 1), "tender", "green"
        )
    with store.session() as s:
        assert s.scalar(select(func.count(SelfAssessment.id))) == 0
    assert _audits(store, "self_assessment") == []
