"""S6 thematic checks: planning, outcomes, validation, the schedule by risk at its boundaries,
follow-up actions in the action log, and the audit trail."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bscp_monitor.common.dates import add_months
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.common.settings import set_thematic_interval
from bscp_monitor.compliance import rules as compliance
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract, set_contract_archived, update_contract
from bscp_monitor.data.enums import ActionStatus, ContractStatus, Rag, RiskLevel
from bscp_monitor.data.models import AuditEvent
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, thematic_checks
from bscp_monitor.meetings.actions import ActionFilter
from bscp_monitor.meetings.thematic_checks import THEMES, ScheduleState
from bscp_monitor.reports.action_log import export_action_log

START = date(2022, 4, 1)
DONE = date(2024, 1, 15)  # in the past, so it may be recorded as done
DUE_AFTER_DONE_HIGH = date(2024, 7, 15)  # six months on


def _contract(
    store: Store, reference: str, risk: RiskLevel = RiskLevel.HIGH, provider: str = "Barnardo's"
) -> int:
    provider_id = create_provider(store, f"{provider} {reference}").id
    return create_contract(
        store,
        reference=reference,
        title=f"Service {reference}",
        provider_id=provider_id,
        start_date=START,
        end_date=date(2030, 3, 31),
        risk_level=risk,
    ).id


@pytest.fixture
def contract_id(store: Store) -> int:
    return _contract(store, "ECHS-CSE-0114")


def _row(store: Store, contract_id: int, today: date) -> thematic_checks.ScheduleRow:
    return next(r for r in thematic_checks.schedule(store, today) if r.contract_id == contract_id)


def _events(store: Store, entity: str, entity_id: int) -> list[AuditEvent]:
    with store.session() as session:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        ).all()
        session.expunge_all()
        return list(rows)


def _done_check(store: Store, contract_id: int, done_on: date = DONE, theme: str = "Neglect"):
    check = thematic_checks.plan_check(store, contract_id, theme, done_on, "Ten case files")
    return thematic_checks.record_outcome(
        store, check.id, done_on, "Plans reflect the children's views.", Rag.GREEN
    )


# -- planning and outcomes ---------------------------------------------------------------------


def test_themes_are_the_partnerships_priorities() -> None:
    assert THEMES == (
        "Domestic abuse",
        "Neglect",
        "Exploitation",
        "Voice of the child",
        "Safer recruitment",
    )


def test_plan_then_record_outcome(store: Store, contract_id: int) -> None:
    planned = thematic_checks.plan_check(
        store, contract_id, "  voice of the child ", date(2024, 2, 1), " Five case files "
    )
    assert planned.theme == "Voice of the child"  # a known theme, in its usual spelling
    assert planned.scope == "Five case files"
    assert planned.contract_reference == "ECHS-CSE-0114"
    assert planned.done_on is None
    assert planned.rag is None
    assert not planned.done
    done = thematic_checks.record_outcome(
        store, planned.id, date(2024, 2, 3), "  Views recorded in 4 of 5 files. ", "amber"
    )
    assert (done.done_on, done.findings, done.rag) == (
        date(2024, 2, 3),
        "Views recorded in 4 of 5 files.",
        Rag.AMBER,
    )
    assert done.done
    assert not done.overdue
    assert [c.id for c in thematic_checks.list_checks(store, contract_id)] == [planned.id]
    assert thematic_checks.get_check(store, planned.id).findings.startswith("Views")


def test_custom_themes_are_kept(store: Store, contract_id: int) -> None:
    check = thematic_checks.plan_check(store, contract_id, "Online  safety", date(2024, 5, 1))
    assert check.theme == "Online safety"


@pytest.mark.parametrize(
    ("theme", "message"),
    [("", "theme"), ("   ", "theme"), ("x" * 121, "at most 120")],
)
def test_a_theme_is_needed(store: Store, contract_id: int, theme: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        thematic_checks.plan_check(store, contract_id, theme, date(2024, 5, 1))
    assert thematic_checks.list_checks(store) == []


def test_planning_needs_a_date_and_a_live_contract(store: Store, contract_id: int) -> None:
    with pytest.raises(ValidationError, match="dd/mm/yyyy"):
        thematic_checks.plan_check(store, contract_id, "Neglect", None)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        thematic_checks.plan_check(store, 999, "Neglect", date(2024, 5, 1))
    set_contract_archived(store, contract_id, True)
    with pytest.raises(ValidationError, match="archived"):
        thematic_checks.plan_check(store, contract_id, "Neglect", date(2024, 5, 1))


def test_outcome_validation(store: Store, contract_id: int) -> None:
    check = thematic_checks.plan_check(store, contract_id, "Neglect", date(2024, 5, 1))
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        thematic_checks.record_outcome(store, check.id, tomorrow, "Found things", Rag.GREEN)
    with pytest.raises(ValidationError, match="red, amber or green"):
        thematic_checks.record_outcome(store, check.id, DONE, "Found things", "purple")
    with pytest.raises(ValidationError, match="found"):
        thematic_checks.record_outcome(store, check.id, DONE, "   ", Rag.GREEN)
    with pytest.raises(ValidationError, match="before the contract started"):
        thematic_checks.record_outcome(store, check.id, date(2022, 3, 31), "Found", Rag.RED)
    with pytest.raises(NotFoundError):
        thematic_checks.record_outcome(store, 999, DONE, "Found", Rag.RED)
    assert thematic_checks.get_check(store, check.id).done_on is None
    # done today is accepted
    today = thematic_checks.record_outcome(store, check.id, date.today(), "Found", Rag.RED)
    assert today.done_on == date.today()


def test_update_check(store: Store, contract_id: int) -> None:
    check = thematic_checks.plan_check(store, contract_id, "Neglect", date(2024, 5, 1))
    changed = thematic_checks.update_check(
        store, check.id, scope="Ten files", planned_on=date(2024, 6, 1), theme="exploitation"
    )
    assert (changed.scope, changed.planned_on, changed.theme) == (
        "Ten files",
        date(2024, 6, 1),
        "Exploitation",
    )
    with pytest.raises(ValidationError, match="Unknown"):
        thematic_checks.update_check(store, check.id, rag="red")
    with pytest.raises(ValidationError, match="theme"):
        thematic_checks.update_check(store, check.id, theme="")
    thematic_checks.record_outcome(store, check.id, DONE, "Found", Rag.AMBER)
    with pytest.raises(ValidationError, match="keeps its findings"):
        thematic_checks.update_check(store, check.id, findings=" ")
    assert thematic_checks.update_check(store, check.id, findings="Better").findings == "Better"


def test_a_planned_check_past_its_date_is_overdue(store: Store, contract_id: int) -> None:
    today = date(2024, 5, 10)
    late = thematic_checks.plan_check(store, contract_id, "Neglect", date(2024, 5, 9))
    on_day = thematic_checks.plan_check(store, contract_id, "Exploitation", date(2024, 5, 10))
    done = thematic_checks.plan_check(store, contract_id, "Domestic abuse", date(2024, 1, 1))
    thematic_checks.record_outcome(store, done.id, date(2024, 1, 2), "Found", Rag.GREEN)
    flags = {c.id: c.overdue for c in thematic_checks.list_checks(store, today=today)}
    assert flags == {late.id: True, on_day.id: False, done.id: False}
    row = _row(store, contract_id, today)
    assert row.next_planned == date(2024, 5, 9)  # the earliest check not done


# -- the schedule by risk ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (DUE_AFTER_DONE_HIGH - timedelta(days=31), ScheduleState.ON_SCHEDULE),
        (DUE_AFTER_DONE_HIGH - timedelta(days=30), ScheduleState.DUE_SOON),
        (DUE_AFTER_DONE_HIGH - timedelta(days=1), ScheduleState.DUE_SOON),
        (DUE_AFTER_DONE_HIGH, ScheduleState.DUE_SOON),
        (DUE_AFTER_DONE_HIGH + timedelta(days=1), ScheduleState.OVERDUE),
    ],
)
def test_schedule_boundaries(
    store: Store, contract_id: int, today: date, state: ScheduleState
) -> None:
    _done_check(store, contract_id)
    row = _row(store, contract_id, today)
    assert (row.risk_level, row.interval_months) == (RiskLevel.HIGH, 6)
    assert (row.last_done, row.next_due) == (DONE, DUE_AFTER_DONE_HIGH)
    assert row.state is state


def test_schedule_follows_risk_and_settings(store: Store) -> None:
    ids = {risk: _contract(store, f"R-{risk.value}", risk) for risk in RiskLevel}
    today = date(2022, 5, 1)
    rows = {r.contract_id: r for r in thematic_checks.schedule(store, today)}
    assert {risk: rows[i].interval_months for risk, i in ids.items()} == {
        RiskLevel.HIGH: 6,
        RiskLevel.MEDIUM: 12,
        RiskLevel.LOW: 24,
    }
    # never checked: due the interval after the contract started
    assert rows[ids[RiskLevel.LOW]].next_due == add_months(START, 24)
    assert rows[ids[RiskLevel.HIGH]].last_done is None
    set_thematic_interval(store, "high", 3)
    set_thematic_interval(store, "low", 36)
    rows = {r.contract_id: r for r in thematic_checks.schedule(store, today)}
    assert rows[ids[RiskLevel.HIGH]].interval_months == 3
    assert rows[ids[RiskLevel.HIGH]].next_due == date(2022, 7, 1)
    assert rows[ids[RiskLevel.LOW]].next_due == add_months(START, 36)
    with pytest.raises(ValidationError):
        set_thematic_interval(store, "high", 0)


def test_a_done_check_resets_the_clock(store: Store, contract_id: int) -> None:
    today = DONE + timedelta(days=5)
    before = _row(store, contract_id, today)
    assert before.state is ScheduleState.OVERDUE  # due six months after the start, long ago
    assert before.next_due == date(2022, 10, 1)
    # a planned check does not reset it; only one that was done
    thematic_checks.plan_check(store, contract_id, "Neglect", DONE)
    assert _row(store, contract_id, today).state is ScheduleState.OVERDUE
    _done_check(store, contract_id)
    after = _row(store, contract_id, today)
    assert (after.last_done, after.next_due, after.state) == (
        DONE,
        DUE_AFTER_DONE_HIGH,
        ScheduleState.ON_SCHEDULE,
    )
    # the latest check counts, whichever order they were recorded in
    _done_check(store, contract_id, date(2023, 6, 1), "Exploitation")
    assert _row(store, contract_id, today).last_done == DONE


def test_high_risk_last_checked_seven_months_ago_is_overdue(store: Store, contract_id: int) -> None:
    today = add_months(DONE, 7)
    _done_check(store, contract_id)
    row = _row(store, contract_id, today)
    assert row.state is ScheduleState.OVERDUE
    assert "was due on 15/07/2024" in row.reason


def test_schedule_lists_live_contracts_only(store: Store, contract_id: int) -> None:
    archived = _contract(store, "OLD-1")
    ended = _contract(store, "OLD-2")
    set_contract_archived(store, archived, True)
    update_contract(store, ended, status=ContractStatus.ENDED)
    assert [r.contract_id for r in thematic_checks.schedule(store)] == [contract_id]


def test_schedule_agrees_with_compliance_s6(demo_store: Store, today: date) -> None:
    rows = {r.contract_id: r for r in thematic_checks.schedule(demo_store, today)}
    results = compliance.compute_compliance(demo_store, today)
    assert rows
    assert set(rows) == {c.contract_id for c in results}
    to_rag = {
        ScheduleState.OVERDUE: Rag.RED,
        ScheduleState.DUE_SOON: Rag.AMBER,
        ScheduleState.ON_SCHEDULE: Rag.GREEN,
    }
    for result in results:
        s6 = result.standard("S6")
        assert to_rag[rows[result.contract_id].state] is s6.rag
        assert rows[result.contract_id].reason == s6.reason


# -- follow-up actions -------------------------------------------------------------------------


def test_follow_up_actions_join_the_action_log(
    store: Store, contract_id: int, tmp_path: Path
) -> None:
    check = _done_check(store, contract_id)
    due = date.today() + timedelta(days=28)
    action = thematic_checks.raise_thematic_action(
        store, check.id, " Audit supervision notes ", " Jo Bloggs ", "Barnardo's", due
    )
    assert (action.contract_id, action.meeting_id, action.agenda_item_id) == (
        contract_id,
        None,
        None,
    )
    assert action.agenda_item_title == "Thematic check: Neglect"
    assert (action.description, action.owner, action.due_on) == (
        "Audit supervision notes",
        "Jo Bloggs",
        due,
    )
    listed = actions.list_actions(store, ActionFilter(contract_id=contract_id))
    assert [a.id for a in listed] == [action.id]
    assert listed[0].meeting_date is None
    assert actions.get_action(store, action.id).ref == f"ECHS-CSE-0114/A{action.id:03d}"
    assert thematic_checks.get_check(store, check.id).open_actions == 1

    xlsx = export_action_log(listed, tmp_path / "log.xlsx", "Action log")
    sheet = load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Action"] == "Audit supervision notes"
    assert row["Agenda item"] == "Thematic check: Neglect"
    assert row["Raised on"] is None
    assert row["Contract"] == "ECHS-CSE-0114"
    assert export_action_log(listed, tmp_path / "log.pdf", "Action log").stat().st_size > 0

    actions.update_action(store, action.id, ActionStatus.DONE, "Done", completed_on=date.today())
    counted = thematic_checks.get_check(store, check.id)
    assert (counted.open_actions, counted.total_actions) == (0, 1)


def test_follow_up_action_validation(store: Store, contract_id: int) -> None:
    check = thematic_checks.plan_check(store, contract_id, "Neglect", DONE)
    with pytest.raises(ValidationError, match="Describe"):
        thematic_checks.raise_thematic_action(store, check.id, " ", "Jo")
    with pytest.raises(ValidationError, match="owner"):
        thematic_checks.raise_thematic_action(store, check.id, "Do it", " ")
    with pytest.raises(NotFoundError):
        thematic_checks.raise_thematic_action(store, 999, "Do it", "Jo")
    assert actions.list_actions(store) == []


# -- the audit trail ---------------------------------------------------------------------------


def test_every_change_is_audited(store: Store, contract_id: int) -> None:
    check = thematic_checks.plan_check(store, contract_id, "Neglect", DONE, "Files")
    thematic_checks.record_outcome(store, check.id, DONE, "Found", Rag.RED)
    thematic_checks.update_check(store, check.id, scope="Twelve files")
    events = _events(store, "thematic_check", check.id)
    # edits soon after by the same person share the latest update event (audit convention)
    assert [e.action.value for e in events] == ["create", "update"]
    assert "Planned a thematic check (Neglect) of ECHS-CSE-0114" in events[0].summary
    assert "Recorded the outcome of thematic check" in events[1].summary
    outcome = json.loads(events[1].changes)
    assert outcome["rag"] == {"old": None, "new": "red"}
    assert outcome["done_on"]["new"] == DONE.isoformat()
    assert outcome["scope"] == {"old": "Files", "new": "Twelve files"}

    action = thematic_checks.raise_thematic_action(store, check.id, "Do it", "Jo")
    (raised,) = _events(store, "action", action.id)
    assert raised.action.value == "create"
    assert f"from thematic check {check.id}" in raised.summary
    assert json.loads(raised.changes)["thematic_check_id"]["new"] == check.id


def test_nothing_changed_leaves_no_event(store: Store, contract_id: int) -> None:
    check = thematic_checks.plan_check(store, contract_id, "Neglect", DONE, "Files")
    thematic_checks.update_check(store, check.id, scope="Files")
    assert len(_events(store, "thematic_check", check.id)) == 1
