"""The demo register: the real CSE contract history and a realistic mix around it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.errors import UserError
from bscp_monitor.contracts import clauses, providers, self_assessments
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import DeadlineState
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
from bscp_monitor.demo.seed import seed_demo
from bscp_monitor.meetings import actions, meetings

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
    assert first.approval_date is not None
    assert first.approval_date < date(2017, 9, 30)
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
    assert before["Contract"] >= 3
    assert before["AuditEvent"] > 0
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
    assert {m.id for m in listed} <= {m.id for m in meetings.list_meetings(demo_store)}
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
        "Declarations of interest",
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
    # Every open action of the contract comes up at the next meeting: those raised at
    # earlier meetings and the thematic check's follow-up raised outside any meeting.
    assert {a.id for a in carried} == {a.id for a in every if not a.closed}
    assert any(a.meeting_id is None for a in carried)


def test_demo_dbs_registers_show_every_status_for_real_reasons(demo_store: Store) -> None:
    from bscp_monitor.dbs.register import DbsStatus, list_staff

    staff = list_staff(demo_store)
    statuses = {s.status for s in staff}
    assert statuses == set(DbsStatus)
    by_name = {s.full_name: s for s in staff}
    assert by_name["Grace Mensah"].status is DbsStatus.MISSING
    assert by_name["Sophie Turner"].status is DbsStatus.INVALID  # enhanced, no barred list
    assert {s.provider_name for s in staff} == {
        "Barnardo's",
        "Bridgeway Family Support CIC",
        "Kestrel Care Ltd",
        "Safe Haven Youth Trust",
    }


def test_the_demo_shows_every_rag_state_for_real_reasons(demo_store: Store, today: date) -> None:
    """Issue 5, point 8: across the demo's contracts each standard shows at least two RAG
    states (S2-S6 all three; S1's rule has no amber), and red, amber and green all occur."""
    from bscp_monitor.compliance.rules import compute_compliance
    from bscp_monitor.data.enums import Rag

    results = compute_compliance(demo_store, today)
    by_standard: dict[str, set[Rag]] = {}
    for result in results:
        for standard in result.standards:
            by_standard.setdefault(standard.standard, set()).add(standard.rag)
            assert standard.reason.strip()  # every RAG with its reason
    assert list(by_standard) == ["S1", "S2", "S3", "S4", "S5", "S6"]
    for code, rags in by_standard.items():
        assert len(rags) >= 2, (code, rags)
    assert by_standard["S1"] == {Rag.RED, Rag.GREEN}
    for code in ("S2", "S3", "S4", "S5", "S6"):
        assert by_standard[code] == set(Rag), code
    overall = {r.overall for r in results}
    assert set().union(overall, *by_standard.values()) == set(Rag)
    assert overall == set(Rag)  # one meeting all six, one amber at worst, others red

    judged = {r.reference: r for r in results}
    rhi = judged["ECHS-RHI-0412"]
    assert rhi.overall is Rag.GREEN
    assert rhi.alerts == ()
    sb = judged["ECHS-SB-0305"]
    assert [sb.standard(c).rag for c in ("S4", "S5", "S6")] == [Rag.AMBER] * 3
    assert "due for re-check within 90 days" in sb.standard("S4").reason
    assert sb.standard("S5").reason == "No monitoring meeting with a safeguarding discussion."
    assert sb.standard("S6").reason.startswith("A thematic check is due on ")
    cse = judged["ECHS-CSE-0114"]
    assert cse.standard("S5").rag is Rag.GREEN
    assert cse.standard("S6").rag is Rag.GREEN
    da = judged["ECHS-DA-0221"]
    assert da.standard("S5").rag is Rag.RED
    assert da.standard("S6").rag is Rag.RED
    assert "meeting_overdue" in {a.kind.value for a in da.alerts}


def test_the_demo_has_metrics_and_thematic_checks(demo_store: Store, today: date) -> None:
    from bscp_monitor.data.enums import Rag
    from bscp_monitor.meetings import metrics, thematic_checks

    cse = _cse(demo_store, today)
    cse_metrics = {m.name: m for m in metrics.list_metrics(demo_store, cse.id)}
    assert {
        "Children and young people supported",
        "Waiting list",
        "% of contact staff with an in-date enhanced DBS",
    } <= set(cse_metrics)
    assert all(m.entry_count == 12 for m in cse_metrics.values())  # a year of monthly values
    dbs = cse_metrics["% of contact staff with an in-date enhanced DBS"]
    assert dbs.computed_key is not None
    assert all(e.period_start <= today for e in metrics.entries(demo_store, dbs.id))

    [done] = [c for c in thematic_checks.list_checks(demo_store, cse.id, today) if c.done_on]
    assert done.theme == "Exploitation"
    assert done.rag is Rag.AMBER
    assert done.findings
    assert done.total_actions == 1
    assert done.done_on is not None
    assert done.done_on <= today
    follow_up = [
        a
        for a in actions.list_actions(demo_store, actions.ActionFilter(contract_id=cse.id))
        if a.meeting_id is None
    ]
    assert len(follow_up) == 1
    assert not follow_up[0].closed


def test_cli_compliance_json_lists_every_live_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from bscp_monitor.cli.main import main

    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "seed-demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "compliance", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    store = Store.open(db)
    try:
        listed = contracts.list_contracts(store, include_archived=True)
    finally:
        store.close()
    live = {
        c.reference
        for c in listed
        if not c.archived and c.status.value not in ("ended", "decommissioned")
    }
    assert live == {"ECHS-CSE-0114", "ECHS-DA-0221", "ECHS-SB-0305", "ECHS-RHI-0412"}
    rows = document["contracts"]
    references = [row["reference"] for row in rows]
    assert sorted(references) == sorted(live)
    rags = {"red", "amber", "green"}
    for row in rows:
        assert row["overall"] in rags
        assert [s["standard"] for s in row["standards"]] == ["S1", "S2", "S3", "S4", "S5", "S6"]
        assert all(s["rag"] in rags and s["reason"] for s in row["standards"])
    assert {row["overall"] for row in rows} == {"red", "amber", "green"}
