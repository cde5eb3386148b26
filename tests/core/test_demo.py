"""The demo register: the real CSE contract history and a realistic mix around it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bscp_monitor import actions, clauses, contracts, meetings, providers, self_assessments
from bscp_monitor.clock import to_local
from bscp_monitor.contracts import DeadlineState
from bscp_monitor.data.enums import (
    ActionStatus,
    Attendance,
    ClauseStatus,
    MeetingStatus,
    VariationKind,
)
from bscp_monitor.data.models import (
    AuditEvent,
    ClauseCheck,
    Contract,
    ContractVariation,
    Provider,
    SelfAssessment,
)
from bscp_monitor.data.store import Store
from bscp_monitor.demo import seed_demo
from bscp_monitor.errors import UserError

CSE_TITLE = "Child Sexual Exploitation (CSE) Recovery Service"


def _cse(store: Store, today: date) -> contracts.ContractRecord:
    [cse] = [c for c in contracts.list_contracts(store, today=today) if c.title == CSE_TITLE]
    return cse


def test_the_cse_recovery_service_keeps_its_real_history(demo_store: Store, today: date) -> None:
    cse = _cse(demo_store, today)
    assert cse.provider_name == "Barnardo's"
    assert cse.original_end_date == date(2017, 9, 30)

    exemption = [
        v for v in cse.variations if "exemption to competitive tendering" in v.route.lower()
    ]
    assert len(exemption) == 1
    [first] = exemption
    assert first.kind is VariationKind.EXTENSION
    assert first.new_end_date == date(2018, 9, 30)
    assert first.approval_date is not None and first.approval_date < date(2017, 9, 30)
    assert cse.variations[0] == first  # the first entry of its history

    # The current end date is the latest that any variation set.
    latest_end = [v.new_end_date for v in cse.variations if v.new_end_date is not None][-1]
    assert cse.end_date == latest_end


def test_other_contracts_with_other_providers(demo_store: Store, today: date) -> None:
    listed = contracts.list_contracts(demo_store, include_archived=True, today=today)
    others = [c for c in listed if c.provider_name != "Barnardo's"]
    assert len(others) >= 2
    assert len({c.provider_name for c in others}) >= 2
    assert len({c.reference.lower() for c in listed}) == len(listed)
    names = {p.name for p in providers.list_providers(demo_store)}
    assert {c.provider_name for c in listed} <= names


def test_a_mix_of_clause_statuses_and_risk_levels(demo_store: Store, today: date) -> None:
    listed = contracts.list_contracts(demo_store, today=today)
    statuses = {row.status for c in listed for row in clauses.clause_checklist(demo_store, c.id)}
    assert statuses == set(ClauseStatus)  # present, partial, missing and not assessed
    assert len({c.risk_level for c in listed}) >= 2


def test_deadlines_passed_and_soon_relative_to_today(demo_store: Store, today: date) -> None:
    states = {c.deadline_state for c in contracts.list_contracts(demo_store, today=today)}
    assert DeadlineState.PASSED in states
    assert DeadlineState.SOON in states


def test_demo_has_self_assessments_for_its_providers(demo_store: Store, today: date) -> None:
    barnardos = providers.find_provider(demo_store, "barnardo's")
    assert barnardos is not None
    assessments = self_assessments.list_self_assessments(demo_store, barnardos.id)
    assert assessments
    assert all(a.completed_on <= today for a in assessments)


def _counts(store: Store) -> dict[str, int]:
    models = (Provider, Contract, ContractVariation, ClauseCheck, SelfAssessment, AuditEvent)
    with store.session() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) or 0 for m in models}


def test_seeding_twice_is_refused_and_changes_nothing(demo_store: Store, today: date) -> None:
    before = _counts(demo_store)
    assert before["Contract"] >= 3 and before["AuditEvent"] > 0
    listed_before = contracts.list_contracts(demo_store, include_archived=True, today=today)
    with pytest.raises(UserError, match="already holds"):
        seed_demo(demo_store, today)
    assert _counts(demo_store) == before
    assert contracts.list_contracts(demo_store, include_archived=True, today=today) == listed_before


def test_seed_demo_reports_what_it_added(store: Store, today: date) -> None:
    summary = seed_demo(store, today)
    counts = _counts(store)
    assert summary.providers == counts["Provider"]
    assert summary.contracts == counts["Contract"]


def test_a_database_with_only_a_provider_is_refused_whole(store: Store, today: date) -> None:
    """A provider whose name the demo also uses must not leave half a demo behind."""
    providers.create_provider(store, "Kestrel Care Ltd")
    before = _counts(store)
    with pytest.raises(UserError, match="only added to an empty one"):
        seed_demo(store, today)
    assert _counts(store) == before


def test_the_cse_contract_has_meetings_and_actions(demo_store: Store, today: date) -> None:
    cse = _cse(demo_store, today)
    listed = meetings.list_meetings(demo_store, cse.id)
    assert {m.contract_id for m in meetings.list_meetings(demo_store)} == {cse.id}
    by_status = {m.status: m for m in listed}
    assert len(listed) == len(by_status) == 3
    approved = by_status[MeetingStatus.APPROVED]
    draft = by_status[MeetingStatus.DRAFT_MINUTES]
    planned = by_status[MeetingStatus.PLANNED]
    day = {m.id: to_local(m.starts_at).date() for m in listed}
    assert day[approved.id] < day[draft.id] < today < day[planned.id]

    # The approved meeting: approved at the draft meeting, with full minutes.
    assert approved.approved_by == "Sarah Whitfield"
    assert approved.approved_at is not None
    assert to_local(approved.approved_at).date() == day[draft.id]
    detail = meetings.get_meeting(demo_store, approved.id)
    assert [i.title for i in detail.items] == [
        "Welcome and apologies",
        "Minutes of the last meeting and matters arising",
        "Action log review",
        "Performance and metrics",
        "Safeguarding",
        "Voice of the child and feedback",
        "Risks and issues",
        "Finance",
        "Any other business",
        "Date of next meeting",
    ]
    assert detail.safeguarding_item.has_safeguarding_discussion
    assert any(p.concern for p in detail.safeguarding_item.prompts)
    attendance = {a.attendance for a in detail.attendees}
    assert {Attendance.PRESENT, Attendance.APOLOGIES} <= attendance
    assert meetings.get_meeting(demo_store, draft.id).safeguarding_item.has_safeguarding_discussion

    # Actions that are open, overdue and done; the open ones carried to the next meeting.
    every = actions.list_actions(demo_store, actions.ActionFilter(contract_id=cse.id))
    statuses = {a.status for a in every}
    assert {ActionStatus.OPEN, ActionStatus.DONE} <= statuses
    assert [a for a in every if a.status is ActionStatus.OPEN and not a.overdue(today)]
    assert [a for a in every if a.overdue(today)]
    done = [a for a in every if a.status is ActionStatus.DONE]
    assert all(a.completed_on is not None and a.completed_on <= today for a in done)
    carried = actions.meeting_actions(demo_store, planned.id)[1]
    assert {a.id for a in carried} == {a.id for a in every if not a.closed}


def test_demo_dbs_registers_show_every_status_for_real_reasons(demo_store: Store) -> None:
    from bscp_monitor.dbs_register import DbsStatus, list_staff

    staff = list_staff(demo_store)
    statuses = {s.status for s in staff}
    assert statuses == set(DbsStatus)
    by_name = {s.full_name: s for s in staff}
    assert by_name["Grace Mensah"].status is DbsStatus.MISSING
    assert by_name["Sophie Turner"].status is DbsStatus.INVALID  # enhanced, no barred list
    assert {s.provider_name for s in staff} == {"Barnardo's", "Bridgeway Family Support CIC"}
