"""S5 metrics (issue 5, points 1 and 2): RAG at every boundary, threshold checks, the library,
values per period (upsert), the DBS compliance % computed from the register, and the audit."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bscp_monitor.common.errors import NotFoundError, UserError, ValidationError
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.enums import (
    AuditAction,
    BarredList,
    ContactLevel,
    DbsLevel,
    MeetingStatus,
    MetricDirection,
    MetricFrequency,
    MetricUnit,
    Rag,
)
from bscp_monitor.data.models import AuditEvent, DbsCheck, MetricEntry, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import metric as dbs_metric
from bscp_monitor.meetings import meetings, metrics
from bscp_monitor.meetings import minuted_metrics as meeting_metrics
from bscp_monitor.meetings.metric_periods import (
    format_value,
    next_period,
    parse_value,
    period_end,
    period_label,
    period_start,
    previous_period,
    reporting_period,
)
from bscp_monitor.meetings.metrics import METRIC_LIBRARY, rag_for

HIGHER = MetricDirection.HIGHER_IS_BETTER
LOWER = MetricDirection.LOWER_IS_BETTER
MONTHLY, QUARTERLY = MetricFrequency.MONTHLY, MetricFrequency.QUARTERLY
TODAY = date(2026, 3, 18)
DBS_NAME = "% of contact staff with an in-date enhanced DBS"
LONDON = ZoneInfo("Europe/London")


def _contract(store: Store, reference: str = "ECHS-CSE-0114", provider: str = "Barnardo's") -> int:
    provider_id = create_provider(store, provider).id
    return create_contract(
        store,
        reference=reference,
        title=f"Service {reference}",
        provider_id=provider_id,
        start_date=date(2022, 4, 1),
        end_date=date(2027, 3, 31),
        contract_manager="Sarah Whitfield",
        value_pence=10_000_000,
    ).id


@pytest.fixture
def contract_id(store: Store) -> int:
    return _contract(store)


def _events(store: Store, entity: str) -> list[AuditEvent]:
    with store.session() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id)
        ).all()
        session.expunge_all()
        return list(rows)


def _metric(store: Store, contract_id: int, **values: Any) -> metrics.MetricRecord:
    spec: dict[str, Any] = {
        "name": "Waiting list",
        "unit": MetricUnit.COUNT,
        "direction": LOWER,
        "target": 5,
        "amber": 5,
        "red": 10,
        "frequency": MONTHLY,
    }
    spec.update(values)
    return metrics.define_metric(store, contract_id, **spec)


# --- RAG ---------------------------------------------------------------------------------

# (value, expected) around red 90 and amber 95 when higher is better.
HIGHER_CASES = [
    (0, Rag.RED),
    (89.9, Rag.RED),
    (90, Rag.AMBER),
    (94.9, Rag.AMBER),
    (95, Rag.GREEN),
    (99, Rag.GREEN),
    (100, Rag.GREEN),
]
# (value, expected) around amber 5 and red 10 when lower is better.
LOWER_CASES = [
    (0, Rag.GREEN),
    (5, Rag.GREEN),
    (5.1, Rag.AMBER),
    (6, Rag.AMBER),
    (10, Rag.AMBER),
    (10.1, Rag.RED),
    (11, Rag.RED),
]


@pytest.mark.parametrize(("value", "expected"), HIGHER_CASES)
def test_rag_higher_is_better_at_each_boundary(value: float, expected: Rag) -> None:
    assert rag_for(value, 100, HIGHER, amber=95, red=90) is expected


@pytest.mark.parametrize(("value", "expected"), LOWER_CASES)
def test_rag_lower_is_better_at_each_boundary(value: float, expected: Rag) -> None:
    assert rag_for(value, 5, LOWER, amber=5, red=10) is expected


@pytest.mark.parametrize(
    ("unit", "target", "amber", "red", "values"),
    [
        (MetricUnit.COUNT, 20, 15, 10, [(9, Rag.RED), (10, Rag.AMBER), (15, Rag.GREEN)]),
        (MetricUnit.PERCENTAGE, 100, 95, 90, [(89, Rag.RED), (90, Rag.AMBER), (95, Rag.GREEN)]),
        (MetricUnit.DAYS, 30, 20, 10, [(9.5, Rag.RED), (10, Rag.AMBER), (20, Rag.GREEN)]),
        (MetricUnit.POUNDS, 500, 400, 300, [(299, Rag.RED), (300, Rag.AMBER), (400, Rag.GREEN)]),
    ],
)  # fmt: skip
def test_rag_is_the_same_rule_for_every_unit(
    store: Store,
    contract_id: int,
    unit: MetricUnit,
    target: float,
    amber: float,
    red: float,
    values: list[tuple[float, Rag]],
) -> None:
    record = _metric(
        store, contract_id, name=f"{unit} metric", unit=unit, direction=HIGHER,
        target=target, amber=amber, red=red,
    )  # fmt: skip
    for value, expected in values:
        assert record.rag(value) is expected, (unit, value)
    # and lower-is-better mirrors it
    lower = _metric(
        store, contract_id, name=f"{unit} lower", unit=unit, direction=LOWER,
        target=red, amber=amber, red=target,
    )  # fmt: skip
    assert lower.rag(red) is Rag.GREEN
    assert lower.rag(amber) is Rag.GREEN
    assert lower.rag(amber + 0.5) is Rag.AMBER
    assert lower.rag(target) is Rag.AMBER
    assert lower.rag(target + 1) is Rag.RED


def test_rag_without_thresholds_is_the_target_met_or_not() -> None:
    assert rag_for(100, 100, HIGHER) is Rag.GREEN
    assert rag_for(101, 100, HIGHER) is Rag.GREEN
    assert rag_for(99.9, 100, HIGHER) is Rag.AMBER
    assert rag_for(0, 0, LOWER) is Rag.GREEN
    assert rag_for(1, 0, LOWER) is Rag.AMBER
    assert rag_for(3, 5, LOWER) is Rag.GREEN


def test_no_target_and_no_thresholds_means_no_rag() -> None:
    assert rag_for(12, None, HIGHER) is None
    assert rag_for(12, None, LOWER) is None


def test_one_threshold_only() -> None:
    # A red line alone, with a target: below red is red, below target amber.
    assert rag_for(79, 100, HIGHER, red=80) is Rag.RED
    assert rag_for(80, 100, HIGHER, red=80) is Rag.AMBER
    assert rag_for(100, 100, HIGHER, red=80) is Rag.GREEN
    # A red line alone without a target: red or green.
    assert rag_for(11, None, LOWER, red=10) is Rag.RED
    assert rag_for(10, None, LOWER, red=10) is Rag.GREEN
    # An amber line alone.
    assert rag_for(94, None, HIGHER, amber=95) is Rag.AMBER
    assert rag_for(95, None, HIGHER, amber=95) is Rag.GREEN


# --- thresholds and definitions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "amber", "red"),
    [
        (HIGHER, 100, 90, 95),  # red above amber
        (HIGHER, 90, 95, 80),  # amber above target
        (HIGHER, 80, None, 90),  # red above target
        (LOWER, 5, 10, 8),  # red below amber
        (LOWER, 5, 3, 10),  # amber below target
        (LOWER, 5, None, 4),  # red below target
    ],
)
def test_thresholds_out_of_order_are_refused(
    store: Store,
    contract_id: int,
    direction: MetricDirection,
    target: float,
    amber: float | None,
    red: float,
) -> None:
    with pytest.raises(ValidationError, match="is better"):
        _metric(
            store, contract_id, unit=MetricUnit.PERCENTAGE, direction=direction,
            target=target, amber=amber, red=red,
        )  # fmt: skip
    assert metrics.list_metrics(store, contract_id) == []


def test_thresholds_equal_to_each_other_are_allowed(store: Store, contract_id: int) -> None:
    record = _metric(store, contract_id, target=5, amber=5, red=5)
    assert (record.target, record.amber_threshold, record.red_threshold) == (5, 5, 5)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "   "}, "needs a name"),
        ({"name": "x" * 201}, "too long"),
        ({"unit": MetricUnit.PERCENTAGE, "target": 120, "amber": None, "red": None}, "between 0"),
        ({"target": -1, "amber": None, "red": None}, "negative"),
        ({"target": 2.5, "amber": None, "red": None}, "whole number"),
        ({"computed_key": "astrology"}, "cannot compute"),
    ],
)
def test_bad_definitions_are_refused(
    store: Store, contract_id: int, values: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _metric(store, contract_id, **values)


def test_names_are_unique_per_contract(store: Store, contract_id: int) -> None:
    _metric(store, contract_id)
    with pytest.raises(ValidationError, match="already has a metric called 'Waiting list'"):
        _metric(store, contract_id, name="  waiting   LIST ")
    other = _contract(store, "ECHS-DA-0221", "Bridgeway")
    assert _metric(store, other).name == "Waiting list"


def test_unknown_contract(store: Store) -> None:
    with pytest.raises(NotFoundError):
        _metric(store, 999)


def test_update_checks_and_audits(store: Store, contract_id: int) -> None:
    record = _metric(store, contract_id)
    changed = metrics.update_metric(store, record.id, target=3, amber_threshold=4)
    assert (changed.target, changed.amber_threshold) == (3, 4)
    with pytest.raises(ValidationError, match="lower is better"):
        metrics.update_metric(store, record.id, red_threshold=2)
    with pytest.raises(ValidationError, match="cannot be changed: computed_key"):
        metrics.update_metric(store, record.id, computed_key="dbs_compliance")
    update = _events(store, "metric_definition")[-1]
    assert update.action is AuditAction.UPDATE
    assert json.loads(update.changes) == {
        "amber_threshold": {"old": 5.0, "new": 4.0},
        "target": {"old": 5.0, "new": 3.0},
    }
    metrics.record_value(store, record.id, date(2026, 1, 1), 4, today=TODAY)
    with pytest.raises(UserError, match="unit and frequency cannot change"):
        metrics.update_metric(store, record.id, frequency=QUARTERLY)


def test_delete_only_without_values(store: Store, contract_id: int) -> None:
    empty = _metric(store, contract_id, name="Missing episodes", target=0, amber=None, red=None)
    used = _metric(store, contract_id)
    metrics.record_value(store, used.id, TODAY, 3, today=TODAY)
    with pytest.raises(UserError, match="1 recorded value"):
        metrics.delete_metric(store, used.id)
    metrics.delete_metric(store, empty.id)
    assert [m.name for m in metrics.list_metrics(store, contract_id)] == ["Waiting list"]
    assert _events(store, "metric_definition")[-1].summary.startswith("Deleted the metric")


# --- the library ---------------------------------------------------------------------------


def test_the_library_has_the_issues_metrics() -> None:
    names = {m.name for m in METRIC_LIBRARY}
    for expected in (
        DBS_NAME,
        "% of staff with safeguarding training in date",
        "Safeguarding concerns raised",
        "Referrals to children's social care",
        "Allegations against staff referred to the LADO",
        "Children and young people supported",
        "Waiting list",
        "Missing episodes",
        "Exploitation risk assessments completed",
    ):
        assert expected in names
    dbs = metrics.library_entry(DBS_NAME)
    assert (dbs.unit, dbs.direction, dbs.target, dbs.amber, dbs.red) == (
        MetricUnit.PERCENTAGE, HIGHER, 100, 95, 90
    )  # fmt: skip
    assert dbs.computed_key == "dbs_compliance"
    assert sum(1 for m in METRIC_LIBRARY if m.computed_key) == 1
    for entry in METRIC_LIBRARY:  # every library entry is itself a valid definition
        metrics.check_thresholds(entry.direction, entry.target, entry.amber, entry.red)


def test_add_from_library(store: Store, contract_id: int) -> None:
    record = metrics.add_from_library(store, contract_id, "waiting list")
    assert (record.name, record.target, record.red_threshold) == ("Waiting list", 5, 10)
    assert record.safeguarding
    assert not record.computed
    dbs = metrics.add_from_library(store, contract_id, DBS_NAME)
    assert dbs.computed
    assert dbs.source == "computed from the DBS register"
    available = [m.name for m in metrics.library_available(store, contract_id)]
    assert "Waiting list" not in available
    assert DBS_NAME not in available
    assert len(available) == len(METRIC_LIBRARY) - 2
    with pytest.raises(ValidationError, match="already has"):
        metrics.add_from_library(store, contract_id, "Waiting list")
    with pytest.raises(NotFoundError, match="no metric called 'Horoscopes'"):
        metrics.add_from_library(store, contract_id, "Horoscopes")


# --- periods and values --------------------------------------------------------------------


def test_periods() -> None:
    assert period_start(MONTHLY, date(2026, 3, 31)) == date(2026, 3, 1)
    assert period_start(QUARTERLY, date(2026, 3, 31)) == date(2026, 1, 1)
    assert period_start(QUARTERLY, date(2026, 4, 1)) == date(2026, 4, 1)
    assert period_start(QUARTERLY, date(2026, 12, 25)) == date(2026, 10, 1)
    assert period_end(MONTHLY, date(2024, 2, 1)) == date(2024, 2, 29)
    assert period_end(QUARTERLY, date(2026, 10, 1)) == date(2026, 12, 31)
    assert next_period(MONTHLY, date(2026, 12, 1)) == date(2027, 1, 1)
    assert next_period(QUARTERLY, date(2026, 10, 1)) == date(2027, 1, 1)
    assert previous_period(MONTHLY, date(2026, 1, 1)) == date(2025, 12, 1)
    assert previous_period(QUARTERLY, date(2026, 1, 1)) == date(2025, 10, 1)
    assert period_label(MONTHLY, date(2026, 3, 1)) == "March 2026"
    assert period_label(QUARTERLY, date(2026, 1, 1)) == "Q1 2026"
    assert period_label(QUARTERLY, date(2026, 10, 1)) == "Q4 2026"
    # a meeting reviews the last whole period before it
    assert reporting_period(MONTHLY, date(2026, 4, 14)) == date(2026, 3, 1)
    assert reporting_period(QUARTERLY, date(2026, 4, 14)) == date(2026, 1, 1)
    assert reporting_period(QUARTERLY, date(2026, 3, 31)) == date(2025, 10, 1)


def test_values_in_words_and_back() -> None:
    assert format_value(95, MetricUnit.PERCENTAGE) == "95%"
    assert format_value(93.333, MetricUnit.PERCENTAGE) == "93.33%"
    assert format_value(94.97, MetricUnit.PERCENTAGE) == "94.97%"  # not a "95%" below target
    assert format_value(968 / 1019 * 100, MetricUnit.PERCENTAGE) == "94.99%"  # 94.995...
    assert format_value(99.999, MetricUnit.PERCENTAGE) == "99.99%"
    assert format_value(94.99, MetricUnit.PERCENTAGE) == "94.99%"  # 94.98999... as a float
    assert format_value(0.07, MetricUnit.PERCENTAGE) == "0.07%"
    assert format_value(100, MetricUnit.PERCENTAGE) == "100%"
    assert format_value(87.5, MetricUnit.PERCENTAGE) == "87.5%"
    assert format_value(1, MetricUnit.DAYS) == "1 day"
    assert format_value(12, MetricUnit.DAYS) == "12 days"
    assert format_value(1250.5, MetricUnit.POUNDS) == "£1,250.50"
    assert format_value(1250, MetricUnit.POUNDS) == "£1,250"
    assert format_value(1200, MetricUnit.COUNT) == "1,200"
    assert format_value(None, MetricUnit.COUNT) == ""
    assert parse_value(" 95% ", MetricUnit.PERCENTAGE) == 95
    assert parse_value("£1,200.50", MetricUnit.POUNDS) == 1200.5
    assert parse_value("12 days", MetricUnit.DAYS) == 12
    with pytest.raises(ValidationError, match="'lots' is not a number"):
        parse_value("lots", MetricUnit.COUNT)
    with pytest.raises(ValidationError, match="empty"):
        parse_value("  ", MetricUnit.COUNT)
    with pytest.raises(ValidationError, match="between 0 and 100"):
        parse_value("101", MetricUnit.PERCENTAGE)
    with pytest.raises(ValidationError, match="whole number"):
        parse_value("2.5", MetricUnit.COUNT)


def test_record_upserts_per_period_and_audits(store: Store, contract_id: int) -> None:
    record = _metric(store, contract_id)
    first = metrics.record_value(store, record.id, date(2026, 2, 14), 7, today=TODAY)
    assert first.period_start == date(2026, 2, 1)
    assert first.rag is Rag.AMBER
    again = metrics.record_value(store, record.id, date(2026, 2, 1), 12, today=TODAY)
    assert again.id == first.id
    assert again.value == 12
    assert again.rag is Rag.RED
    metrics.record_value(store, record.id, date(2026, 2, 1), 12, today=TODAY)  # no change
    metrics.record_value(store, record.id, date(2026, 1, 1), 3, today=TODAY)
    history = metrics.entries(store, record.id)
    assert [(e.period_start, e.value, e.rag) for e in history] == [
        (date(2026, 1, 1), 3, Rag.GREEN),
        (date(2026, 2, 1), 12, Rag.RED),
    ]
    listed = metrics.list_metrics(store, contract_id)[0]
    assert (listed.latest_period, listed.latest_value, listed.latest_rag) == (
        date(2026, 2, 1), 12, Rag.RED
    )  # fmt: skip
    assert listed.entry_count == 2
    events = _events(store, "metric_entry")
    assert [e.action for e in events] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.CREATE,
    ]
    assert events[0].summary == "Recorded 'Waiting list' for February 2026: 7"
    assert json.loads(events[1].changes) == {"value": {"old": 7.0, "new": 12.0}}


def test_bad_values_and_future_periods_are_refused(store: Store, contract_id: int) -> None:
    record = _metric(store, contract_id)
    with pytest.raises(ValidationError, match="whole number"):
        metrics.record_value(store, record.id, TODAY, 2.5, today=TODAY)
    with pytest.raises(ValidationError, match="April 2026 has not started"):
        metrics.record_value(store, record.id, date(2026, 4, 1), 2, today=TODAY)
    metrics.record_value(store, record.id, TODAY, 2, today=TODAY)  # the current period is fine
    with pytest.raises(NotFoundError):
        metrics.record_value(store, 999, TODAY, 2, today=TODAY)


def test_a_value_can_be_removed(store: Store, contract_id: int) -> None:
    record = _metric(store, contract_id)
    metrics.record_value(store, record.id, TODAY, 2, today=TODAY)
    assert metrics.delete_value(store, record.id, TODAY) is True
    assert metrics.delete_value(store, record.id, TODAY) is False
    assert metrics.entries(store, record.id) == []
    assert _events(store, "metric_entry")[-1].action is AuditAction.ARCHIVE


def test_list_metrics_of_all_contracts(store: Store, contract_id: int) -> None:
    other = _contract(store, "ECHS-DA-0221", "Bridgeway")
    a = _metric(store, contract_id)
    b = _metric(store, other, name="Missing episodes", target=0, amber=None, red=None)
    metrics.record_value(store, b.id, date(2026, 1, 1), 0, today=TODAY)
    metrics.record_value(store, b.id, date(2026, 3, 1), 2, today=TODAY)
    records = {m.id: m for m in metrics.list_metrics(store)}
    assert records[a.id].latest_value is None
    assert records[a.id].latest_rag is None
    assert records[b.id].latest_value == 2
    assert records[b.id].latest_rag is Rag.AMBER
    assert records[b.id].entry_count == 2


# --- the computed DBS compliance ---------------------------------------------------------


_CERTIFICATES = itertools.count(1_234_566_789)  # one provider's staff never share one


def _staff(
    store: Store,
    provider_id: int,
    name: str,
    contact: ContactLevel,
    expiry: date | None,
    left_on: date | None = None,
    start: date | None = None,
    level: DbsLevel = DbsLevel.ENHANCED_BARRED,
) -> None:
    with store.session() as session:
        person = StaffMember(
            provider_id=provider_id,
            full_name=name,
            normalised_name=name.lower(),
            contact_level=contact,
            left_on=left_on,
            start_date=start,
        )
        if expiry is not None:
            person.dbs_checks.append(
                DbsCheck(
                    certificate_number=f"{next(_CERTIFICATES):012d}",
                    level=level,
                    barred_list=BarredList.CHILDREN,
                    issue_date=date(2023, 1, 1),
                    expiry_date=expiry,
                )
            )
        session.add(person)


@pytest.fixture
def register(store: Store) -> tuple[int, int]:
    """A contract whose provider has 10 current contact staff, 7 with a valid DBS on TODAY."""
    contract = _contract(store)
    provider = create_provider(store, "Other provider").id
    from bscp_monitor.contracts.register import get_contract

    provider_id = get_contract(store, contract).provider_id
    far, soon, past = date(2027, 6, 1), date(2026, 4, 30), date(2026, 3, 1)
    for n in range(5):
        _staff(store, provider_id, f"Direct {n}", ContactLevel.DIRECT, far)
    _staff(store, provider_id, "Regular in date", ContactLevel.REGULAR, far)
    _staff(store, provider_id, "Regular expiring", ContactLevel.REGULAR, soon)  # still valid
    _staff(store, provider_id, "Direct expired", ContactLevel.DIRECT, past)
    _staff(store, provider_id, "Direct missing", ContactLevel.DIRECT, None)
    _staff(store, provider_id, "Direct basic", ContactLevel.DIRECT, far, level=DbsLevel.BASIC)
    # not counted at all:
    _staff(store, provider_id, "Occasional", ContactLevel.OCCASIONAL, None)
    _staff(store, provider_id, "No contact", ContactLevel.NONE, None)
    _staff(store, provider_id, "Left", ContactLevel.DIRECT, None, left_on=date(2026, 2, 1))
    _staff(store, provider_id, "Starts later", ContactLevel.DIRECT, None, start=date(2026, 6, 1))
    _staff(store, provider, "Elsewhere", ContactLevel.DIRECT, None)
    return contract, provider_id


def test_dbs_compliance_is_computed_from_the_register(
    store: Store, register: tuple[int, int]
) -> None:
    contract, provider_id = register
    result = dbs_metric.dbs_compliance(store, provider_id, TODAY)
    assert (result.in_date, result.total, result.percentage) == (7, 10, 70.0)
    record = metrics.add_from_library(store, contract, DBS_NAME)
    entry = metrics.compute(store, record.id, TODAY, today=TODAY)
    assert (entry.period_start, entry.value, entry.rag) == (date(2026, 3, 1), 70.0, Rag.RED)
    # a past period is judged as at its last day: in January the expired check was in date,
    # and the leaver had not left
    january = metrics.compute(store, record.id, date(2026, 1, 10), today=TODAY)
    assert january.value == pytest.approx(100 * 8 / 11)  # exact: rated before it is shown
    assert _events(store, "metric_entry")[0].summary == (
        f"Computed '{DBS_NAME}' for March 2026: 70%"
    )


def test_computed_metrics_refuse_typed_values(store: Store, register: tuple[int, int]) -> None:
    contract, _ = register
    record = metrics.add_from_library(store, contract, DBS_NAME)
    with pytest.raises(UserError, match="computed from the DBS register, so it cannot be typed"):
        metrics.record_value(store, record.id, TODAY, 100, today=TODAY)
    typed = metrics.add_from_library(store, contract, "Waiting list")
    with pytest.raises(UserError, match="typed, not computed"):
        metrics.compute(store, typed.id, TODAY, today=TODAY)
    with store.session() as session:
        assert session.scalars(select(MetricEntry)).all() == []


def test_computing_without_contact_staff_says_so(store: Store, contract_id: int) -> None:
    record = metrics.add_from_library(store, contract_id, DBS_NAME)
    with pytest.raises(UserError, match="no staff in direct or regular contact"):
        metrics.compute(store, record.id, TODAY, today=TODAY)


# --- values recorded at a meeting ------------------------------------------------------------


def _meeting(store: Store, contract_id: int, day: date) -> int:
    return meetings.schedule_meeting(
        store, contract_id, datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)
    ).id


def test_values_recorded_at_a_meeting(store: Store, contract_id: int) -> None:
    record = _metric(store, contract_id)
    meeting_id = _meeting(store, contract_id, date(2026, 3, 10))
    period = reporting_period(record.frequency, date(2026, 3, 10))
    entry = metrics.record_value(store, record.id, period, 8, meeting_id=meeting_id, today=TODAY)
    assert entry.meeting_id == meeting_id
    values = meeting_metrics.meeting_values(store, meeting_id)
    assert [(v.metric.name, v.entry.value, v.entry.rag, v.period_label) for v in values] == [
        ("Waiting list", 8, Rag.AMBER, "February 2026")
    ]
    other = _meeting(store, _contract(store, "ECHS-DA-0221", "Bridgeway"), date(2026, 3, 11))
    with pytest.raises(ValidationError, match="another contract"):
        metrics.record_value(store, record.id, period, 8, meeting_id=other, today=TODAY)


def test_approved_minutes_lock_their_values(store: Store, contract_id: int) -> None:
    record = _metric(store, contract_id)
    meeting_id = _meeting(store, contract_id, date(2026, 3, 10))
    metrics.record_value(store, record.id, date(2026, 2, 1), 8, meeting_id=meeting_id, today=TODAY)
    with store.session() as session:
        from bscp_monitor.data.models import Meeting

        session.get_one(Meeting, meeting_id).status = MeetingStatus.APPROVED
    with pytest.raises(UserError, match="approved and locked"):
        metrics.record_value(
            store, record.id, date(2026, 2, 1), 9, meeting_id=meeting_id, today=TODAY
        )
    with pytest.raises(UserError, match="approved and locked"):
        metrics.delete_value(store, record.id, date(2026, 2, 1))


def _held(store: Store, contract_id: int, day: date) -> int:
    from bscp_monitor.meetings import agenda

    when = datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)
    meeting_id = meetings.schedule_meeting(store, contract_id, when, chair="Sarah Whitfield").id
    meetings.set_status(store, meeting_id, MeetingStatus.IN_PROGRESS)
    item = meetings.get_meeting(store, meeting_id).safeguarding_item
    agenda.update_item(store, item.id, discussion="Nothing to report.")
    return meeting_id


def test_a_value_in_approved_minutes_cannot_be_changed(store: Store, contract_id: int) -> None:
    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    first = _held(store, contract_id, date(2025, 2, 10))
    metrics.record_value(store, waiting.id, date(2025, 1, 1), 7, meeting_id=first, today=TODAY)
    meetings.set_status(store, first, MeetingStatus.DRAFT_MINUTES)
    later = _held(store, contract_id, date(2025, 3, 10))
    meetings.approve_minutes(store, first, "Sarah Whitfield", later)
    with pytest.raises(UserError, match="approved minutes of the meeting of 10/02/2025"):
        metrics.record_value(store, waiting.id, date(2025, 1, 1), 12, today=TODAY)
    with pytest.raises(UserError, match="approved minutes"):  # nor moved to a later meeting
        metrics.record_value(store, waiting.id, date(2025, 1, 1), 7, meeting_id=later, today=TODAY)
    assert [v.entry.value for v in meeting_metrics.meeting_values(store, first)] == [7]
    # The same value confirmed without moving it changes nothing, and is allowed.
    metrics.record_value(store, waiting.id, date(2025, 1, 1), 7, today=TODAY)


def test_approved_minutes_keep_the_metric_as_it_stood(
    store: Store, contract_id: int, tmp_path: Any
) -> None:
    """The waiting list is 7 (amber against target 5, red 10) in minutes that are then
    approved; relaxing the metric later (and renaming it) changes the live view, not them."""
    from pypdf import PdfReader

    from bscp_monitor.reports.minutes_pdf import export_minutes

    def text(path: Any) -> str:
        return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())

    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    first = _held(store, contract_id, date(2025, 2, 10))
    metrics.record_value(store, waiting.id, date(2025, 1, 1), 7, meeting_id=first, today=TODAY)
    meetings.set_status(store, first, MeetingStatus.DRAFT_MINUTES)
    later = _held(store, contract_id, date(2025, 3, 10))
    meetings.approve_minutes(store, first, "Sarah Whitfield", later)
    before = text(export_minutes(store, first, tmp_path / "before.pdf"))
    assert "Waiting list" in before
    assert "Amber" in before

    metrics.update_metric(
        store, waiting.id, name="Children waiting", target=10, amber_threshold=10,
        red_threshold=15,
    )  # fmt: skip

    (value,) = meeting_metrics.meeting_values(store, first)
    assert (value.metric.name, value.metric.target, value.entry.rag) == (
        "Waiting list",
        5,
        Rag.AMBER,
    )
    assert text(export_minutes(store, first, tmp_path / "after.pdf")) == before
    # The Metrics page goes by the metric as it is now.
    assert [e.rag for e in metrics.entries(store, waiting.id)] == [Rag.GREEN]


def test_upgrading_keeps_approved_minutes_as_the_metric_stands(
    store: Store, contract_id: int, db_path: Any
) -> None:
    """A database from before 0008: values already in approved minutes get the metric as it
    stands (the best record there is); others are left to be frozen at their approval."""
    from alembic import command

    from tests.data.test_migrations import _alembic_config

    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    first = _held(store, contract_id, date(2025, 2, 10))
    metrics.record_value(store, waiting.id, date(2025, 1, 1), 7, meeting_id=first, today=TODAY)
    meetings.set_status(store, first, MeetingStatus.DRAFT_MINUTES)
    later = _held(store, contract_id, date(2025, 3, 10))
    meetings.approve_minutes(store, first, "Sarah Whitfield", later)
    metrics.record_value(store, waiting.id, date(2025, 2, 1), 9, meeting_id=later, today=TODAY)
    config = _alembic_config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0007_dbs_tally")
    store.close()

    upgraded = Store.open(db_path)
    try:
        assert upgraded.report.upgraded_from == "0007_dbs_tally"
        with upgraded.session() as s:
            rows = s.execute(
                select(MetricEntry.meeting_id, MetricEntry.minuted_name, MetricEntry.minuted_target)
            ).all()
        assert sorted(rows) == sorted([(first, "Waiting list", 5.0), (later, None, None)])
    finally:
        upgraded.close()


def test_dbs_compliance_just_below_the_amber_line_is_amber(store: Store) -> None:
    """189 of 199 contact staff in date is 94.97%: below the library metric's 95% line, so
    amber -- not rounded to 95.0 first and rated green."""
    from bscp_monitor.contracts.register import get_contract

    contract = _contract(store)
    provider_id = get_contract(store, contract).provider_id
    with store.session() as s:
        for n in range(199):
            person = StaffMember(
                provider_id=provider_id,
                full_name=f"Worker {n}",
                normalised_name=f"worker {n}",
                contact_level=ContactLevel.DIRECT,
            )
            person.dbs_checks.append(
                DbsCheck(
                    certificate_number=f"{n:012d}",
                    level=DbsLevel.ENHANCED_BARRED,
                    barred_list=BarredList.CHILDREN,
                    issue_date=date(2023, 1, 1),
                    expiry_date=date(2029, 1, 1) if n < 189 else date(2026, 1, 1),
                )
            )
            s.add(person)
    record = metrics.add_from_library(store, contract, DBS_NAME)
    entry = metrics.compute(store, record.id, TODAY, today=TODAY)
    assert entry.value == pytest.approx(100 * 189 / 199)
    assert entry.rag is Rag.AMBER
    assert format_value(entry.value, MetricUnit.PERCENTAGE) == "94.97%"


def test_a_computed_metric_keeps_its_unit(store: Store, contract_id: int) -> None:
    """The DBS % is computed as a percentage: Change... cannot make it pounds or a count,
    even before any value exists (its other settings can change)."""
    record = metrics.add_from_library(store, contract_id, DBS_NAME)
    for unit in (MetricUnit.POUNDS, MetricUnit.COUNT, MetricUnit.DAYS):
        with pytest.raises(UserError, match="computed by the app as a percentage"):
            metrics.update_metric(store, record.id, unit=unit)
    changed = metrics.update_metric(store, record.id, target=98)
    assert (changed.unit, changed.target) == (MetricUnit.PERCENTAGE, 98)


def test_a_corrected_value_is_recorded_when_corrected(store: Store) -> None:
    """The history's 'Recorded' date belongs to the value shown: a correction moves it, the
    same value typed again does not."""
    from datetime import UTC, datetime

    from bscp_monitor.data.models import MetricEntry

    record = _metric(store, _contract(store))
    metrics.record_value(store, record.id, date(2025, 10, 1), 4, today=TODAY)
    first = datetime(2025, 11, 3, 12, tzinfo=UTC)
    with store.session() as session:  # typed back in November
        session.query(MetricEntry).update({"recorded_at": first})
    metrics.record_value(store, record.id, date(2025, 10, 1), 4, today=TODAY)
    [same] = metrics.entries(store, record.id)
    assert same.recorded_at == first
    metrics.record_value(store, record.id, date(2025, 10, 1), 9, today=TODAY)
    [corrected] = metrics.entries(store, record.id)
    assert corrected.value == 9
    assert corrected.recorded_at > first
