"""When the next monitoring meeting is due: the contract window, the schedule dialog and
the dashboard go by one rule (contracts.meeting_due)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bscp_monitor.common.clock import to_utc
from bscp_monitor.common.dates import add_months
from bscp_monitor.compliance.rules import AlertKind, compute_compliance
from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import (
    ContractStatus,
    MeetingStatus,
    MetricDirection,
    MetricFrequency,
    MetricUnit,
    Rag,
    RiskLevel,
)
from bscp_monitor.data.models import Meeting, MetricDefinition
from bscp_monitor.data.store import Store
from tests.registers import meeting_under_way


def _at(day: date, hour: int = 10) -> datetime:
    return to_utc(datetime.combine(day, time(hour)))


def _contract(store: Store, today: date, reference: str = "T-1", **values) -> tuple[int, int]:
    provider_id = providers.create_provider(store, f"Provider {reference}").id
    fields = dict(
        reference=reference,
        title=f"Service {reference}",
        provider_id=provider_id,
        start_date=add_months(today, -12),
        end_date=add_months(today, 36),
        status=ContractStatus.ACTIVE,
        risk_level=RiskLevel.MEDIUM,
        meeting_frequency_months=3,
        decision_lead_months=6,
    )
    fields.update(values)
    return provider_id, contracts.create_contract(store, **fields).id


def test_a_planned_meeting_that_never_took_place_is_not_the_next_meeting_due(
    store: Store, today: date
) -> None:
    """A meeting was planned for 40 days ago but never took place (left planned); the
    contract's meeting was then held 10 days ago. The Dashboard rightly raises nothing
    (compliance._meeting_due passes over a planned meeting older than the last held one),
    but the contract's window ('Next meeting due') and the Schedule meeting dialog (which
    pre-fills that date) say the next meeting is due 40 days ago: contracts._next_meeting_dues
    takes the earliest planned meeting whatever its date. It should be the last held meeting
    plus the frequency (or a planned meeting after the last held one)."""
    _provider, contract_id = _contract(store, today)
    with store.session() as session:
        session.add(
            Meeting(
                contract_id=contract_id,
                starts_at=_at(today - timedelta(days=40)),
                status=MeetingStatus.PLANNED,
            )
        )
        session.add(
            Meeting(
                contract_id=contract_id,
                starts_at=_at(today - timedelta(days=10)),
                status=MeetingStatus.DRAFT_MINUTES,
            )
        )
    [judged] = compute_compliance(store, today)
    assert AlertKind.MEETING_OVERDUE not in {a.kind for a in judged.alerts}
    record = contracts.get_contract(store, contract_id, today)
    assert record.next_meeting_due == add_months(today - timedelta(days=10), 3)


def test_a_planned_meeting_later_than_the_frequency_is_not_the_next_due(
    store: Store, today: date
) -> None:
    """Held 80 days ago (quarterly), the next planned in 60 days: due by the frequency, as
    the dashboard's 'meeting overdue' alert says -- not at the far planned date."""
    _provider, contract_id = _contract(store, today)
    with store.session() as session:
        session.add(
            Meeting(
                contract_id=contract_id,
                starts_at=_at(today - timedelta(days=80)),
                status=MeetingStatus.DRAFT_MINUTES,
            )
        )
        session.add(
            Meeting(
                contract_id=contract_id,
                starts_at=_at(today + timedelta(days=60)),
                status=MeetingStatus.PLANNED,
            )
        )
    record = contracts.get_contract(store, contract_id, today)
    assert record.next_meeting_due == add_months(today - timedelta(days=80), 3)
    assert contracts.meeting_due(None, today, 3, today - timedelta(days=10)) == today
    assert contracts.meeting_due(None, None, 3, date(2024, 1, 31)) == date(2024, 4, 30)


def test_s5_and_the_meeting_alert_agree_at_a_month_end(
    store: Store,
) -> None:
    """A monthly-monitored contract last met (with a full safeguarding discussion) on
    30/04/2026. On 31/05/2026 the dashboard's alerts say "A monitoring meeting was due by
    30/05/2026" (red, overdue) -- and the contract's own record says its next meeting was
    due 30/05/2026 -- yet in the same row S5 is green, "Safeguarding discussed at the
    meeting of 30/04/2026", i.e. within the meeting frequency. Both cannot be true: the
    meeting is either within the frequency or overdue. (The two rules clamp month ends in
    opposite directions: S5 counts back from today, the alert counts on from the meeting.)
    """
    provider = providers.create_provider(store, "Month End Trust").id
    contract_id = contracts.create_contract(
        store,
        reference="ME-1",
        title="Monthly service",
        provider_id=provider,
        start_date=date(2025, 1, 1),
        end_date=date(2030, 1, 1),
        meeting_frequency_months=1,
    ).id
    with store.session() as session:
        session.add(
            MetricDefinition(
                contract_id=contract_id,
                name="Concerns raised",
                unit=MetricUnit.COUNT,
                direction=MetricDirection.LOWER_IS_BETTER,
                frequency=MetricFrequency.MONTHLY,
                safeguarding=True,
            )
        )
    meeting_under_way(store, contract_id, date(2026, 4, 30), status=MeetingStatus.DRAFT_MINUTES)
    today = date(2026, 5, 31)

    (result,) = compute_compliance(store, today)
    overdue = [a for a in result.alerts if a.kind is AlertKind.MEETING_OVERDUE]
    assert contracts.get_contract(store, contract_id, today).next_meeting_due == date(2026, 5, 30)
    assert overdue, "the meeting alert is expected: the next meeting was due 30/05/2026"
    assert result.standard("S5").rag is not Rag.GREEN, result.standard("S5").reason
