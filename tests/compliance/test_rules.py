"""The six BSCP standards at their boundaries (the day before, of and after each date limit),
the overall rating, and compute_compliance on a real store: what counts, what is listed and
every kind of alert (issue 5, point 4)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from bscp_monitor.common.clock import to_utc
from bscp_monitor.common.dates import add_months
from bscp_monitor.common.settings import set_thematic_interval, thematic_interval_months
from bscp_monitor.compliance.rules import (
    AlertKind,
    ContractCompliance,
    compute_compliance,
    judge_s1,
    judge_s2,
    judge_s3,
    judge_s4,
    judge_s5,
    judge_s6,
    thematic_due,
    worst,
)
from bscp_monitor.contracts import clauses, providers, self_assessments
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import (
    ActionStatus,
    AssessmentStage,
    BarredList,
    ClauseStatus,
    ContactLevel,
    ContractStatus,
    DbsLevel,
    MeetingStatus,
    MetricDirection,
    MetricFrequency,
    MetricUnit,
    Rag,
    RiskLevel,
    VariationKind,
)
from bscp_monitor.data.models import (
    DbsCheck,
    MetricDefinition,
    StaffMember,
    ThematicCheck,
)
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import DbsStatus
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.standards import CLAUSE_ELEMENTS

TODAY = date(2025, 6, 15)
DAY = timedelta(days=1)
P, A, M, N = (
    ClauseStatus.PRESENT,
    ClauseStatus.PARTIAL,
    ClauseStatus.MISSING,
    ClauseStatus.NOT_ASSESSED,
)


# -- worst ----------------------------------------------------------------------------------


def test_worst_orders_red_over_amber_over_green() -> None:
    assert worst([Rag.GREEN, Rag.AMBER, Rag.GREEN]) is Rag.AMBER
    assert worst([Rag.AMBER, Rag.RED, Rag.GREEN]) is Rag.RED
    assert worst([Rag.RED, Rag.AMBER]) is Rag.RED
    assert worst([Rag.GREEN] * 6) is Rag.GREEN
    assert worst(iter([Rag.AMBER])) is Rag.AMBER  # any iterable, e.g. a generator
    assert worst([]) is Rag.GREEN


# -- S1: a self-assessment completed and not past its next due date -------------------------


def test_s1_without_a_self_assessment_is_red() -> None:
    result = judge_s1(None, None, TODAY)
    assert (result.standard, result.rag) == ("S1", Rag.RED)
    assert result.reason == "No BSCP self-assessment has been recorded."


@pytest.mark.parametrize(
    ("next_due", "rag"),
    [(TODAY - DAY, Rag.RED), (TODAY, Rag.GREEN), (TODAY + DAY, Rag.GREEN)],
    ids=["due-yesterday", "due-today", "due-tomorrow"],
)
def test_s1_at_the_next_due_date(next_due: date, rag: Rag) -> None:
    result = judge_s1(date(2023, 6, 1), next_due, TODAY)
    assert result.rag is rag
    if rag is Rag.RED:
        assert result.reason == "The self-assessment was due again on 14/06/2025."
    else:
        assert result.reason.startswith("Self-assessment completed 01/06/2023; next due ")


def test_s1_without_a_next_due_date_is_green() -> None:
    result = judge_s1(date(2020, 1, 1), None, TODAY)
    assert result.rag is Rag.GREEN
    assert result.reason == "Self-assessment completed 01/01/2020."


# -- S2: the ten clause elements ------------------------------------------------------------


def _statuses(*values: ClauseStatus) -> dict[int, ClauseStatus]:
    return {number: status for number, status in enumerate(values, start=1)}


def test_s2_all_present_is_green() -> None:
    result = judge_s2(_statuses(*[P] * 10))
    assert (result.standard, result.rag) == ("S2", Rag.GREEN)
    assert result.reason == "All 10 clause elements present."
    assert len(CLAUSE_ELEMENTS) == 10


def test_s2_one_partial_is_amber() -> None:
    result = judge_s2(_statuses(*[P] * 9, A))
    assert result.rag is Rag.AMBER
    assert result.reason == "9 of 10 clause elements present; 1 partial."


def test_s2_one_not_assessed_is_amber() -> None:
    result = judge_s2(_statuses(*[P] * 9, N))
    assert result.rag is Rag.AMBER
    assert result.reason == "9 of 10 clause elements present; 1 not yet assessed."
    # An element with no row at all is not yet assessed either.
    assert judge_s2(_statuses(*[P] * 9)) == result


def test_s2_one_missing_is_red_even_with_partials() -> None:
    result = judge_s2(_statuses(P, P, A, A, P, N, P, P, P, M))
    assert result.rag is Rag.RED
    assert result.reason == "1 of 10 clause elements missing."


def test_s2_reason_counts_each_kind() -> None:
    result = judge_s2(_statuses(P, A, N, N, P, N, N, A, N, N))
    assert result.rag is Rag.AMBER
    assert result.reason == "2 of 10 clause elements present; 2 partial, 6 not yet assessed."
    assert judge_s2({}).reason == "0 of 10 clause elements present; 10 not yet assessed."
    assert judge_s2(_statuses(M, M, M, P, P, P, P, P, P, P)).reason == (
        "3 of 10 clause elements missing."
    )


# -- S3: BSCP updates and BSCP training in the last 12 months -------------------------------


def test_s3_training_exactly_twelve_months_ago_is_green() -> None:
    limit = add_months(TODAY, -12)
    assert limit == date(2024, 6, 15)
    for training in (limit, limit + DAY):
        result = judge_s3(True, training, TODAY)
        assert (result.standard, result.rag) == ("S3", Rag.GREEN)
    assert judge_s3(True, limit, TODAY).reason == (
        "Receives BSCP updates; BSCP training attended 15/06/2024."
    )


def test_s3_training_twelve_months_and_a_day_ago_is_not_trained() -> None:
    result = judge_s3(True, date(2024, 6, 14), TODAY)
    assert result.rag is Rag.AMBER
    assert result.reason == (
        "The provider last attended BSCP training on 14/06/2024, over 12 months ago."
    )


def test_s3_one_gap_amber_both_red() -> None:
    no_updates = judge_s3(False, TODAY - DAY, TODAY)
    assert no_updates.rag is Rag.AMBER
    assert no_updates.reason == "The provider does not receive BSCP updates."
    no_training = judge_s3(True, None, TODAY)
    assert no_training.rag is Rag.AMBER
    assert no_training.reason == "The provider has no BSCP training recorded."
    both = judge_s3(False, None, TODAY)
    assert both.rag is Rag.RED
    assert both.reason == (
        "The provider does not receive BSCP updates and has no BSCP training recorded."
    )
    assert judge_s3(False, date(2024, 6, 14), TODAY).rag is Rag.RED


def test_s3_at_a_month_end_the_limit_is_clamped() -> None:
    leap_day = date(2024, 2, 29)
    # Twelve months before 28/02/2025 is 28/02/2024: the leap day after it counts.
    assert judge_s3(True, leap_day, date(2025, 2, 28)).rag is Rag.GREEN
    assert judge_s3(True, date(2024, 2, 27), date(2025, 2, 28)).rag is Rag.AMBER


# -- S4: DBS records of contact staff -------------------------------------------------------


def test_s4_without_contact_staff_is_red() -> None:
    result = judge_s4([])
    assert (result.standard, result.rag) == ("S4", Rag.RED)
    assert result.reason == "No DBS records of staff in direct or regular contact with children."


@pytest.mark.parametrize("bad", [DbsStatus.MISSING, DbsStatus.INVALID, DbsStatus.EXPIRED])
def test_s4_any_missing_invalid_or_expired_is_red(bad: DbsStatus) -> None:
    result = judge_s4([DbsStatus.IN_DATE] * 5 + [DbsStatus.EXPIRING, bad])
    assert result.rag is Rag.RED


def test_s4_expiring_only_is_amber_and_all_in_date_green() -> None:
    amber = judge_s4([DbsStatus.IN_DATE, DbsStatus.EXPIRING, DbsStatus.IN_DATE])
    assert amber.rag is Rag.AMBER
    assert amber.reason == ("1 of 3 contact staff DBS checks are due for re-check within 90 days.")
    green = judge_s4([DbsStatus.IN_DATE] * 4)
    assert green.rag is Rag.GREEN
    assert green.reason == "All 4 contact staff have an in-date DBS record."


def test_s4_reason_counts_each_problem() -> None:
    statuses = [DbsStatus.MISSING] * 2 + [DbsStatus.INVALID] + [DbsStatus.EXPIRED] * 3
    result = judge_s4(statuses + [DbsStatus.IN_DATE, DbsStatus.EXPIRING])
    assert result.reason == (
        "Contact staff DBS records: 2 missing, 1 not the check the role needs, 3 expired."
    )
    assert judge_s4([DbsStatus.EXPIRED]).reason == "Contact staff DBS records: 1 expired."


# -- S5: a recent safeguarding discussion and a safeguarding metric -------------------------


@pytest.mark.parametrize("frequency", [1, 3, 6, 12])
def test_s5_discussion_exactly_frequency_months_ago_is_recent(frequency: int) -> None:
    limit = add_months(TODAY, -frequency)
    for day in (limit, limit + DAY):
        result = judge_s5(day, frequency, 1, TODAY)
        assert (result.standard, result.rag) == ("S5", Rag.GREEN), day
    older = judge_s5(limit - DAY, frequency, 1, TODAY)
    assert older.rag is Rag.AMBER
    assert older.reason.startswith("The last safeguarding discussion (")
    said = "1 month" if frequency == 1 else f"{frequency} months"
    assert older.reason.endswith(f"is older than the meeting frequency ({said}).")


def test_s5_the_limit_at_a_month_end() -> None:
    """Counted on from the meeting, as the meeting-overdue alert counts: 30/04 + 1 month is
    30/05, so on 31/05 the discussion of 30/04 is out of a monthly frequency; 31/01 + 1
    month is 28/02 (2025)."""
    assert judge_s5(date(2026, 4, 30), 1, 1, date(2026, 5, 30)).rag is Rag.GREEN
    assert judge_s5(date(2026, 4, 30), 1, 1, date(2026, 5, 31)).rag is Rag.AMBER
    assert judge_s5(date(2025, 1, 31), 1, 1, date(2025, 2, 28)).rag is Rag.GREEN
    assert judge_s5(date(2025, 1, 31), 1, 1, date(2025, 3, 1)).rag is Rag.AMBER
    assert judge_s5(date(2025, 2, 28), 3, 1, date(2025, 5, 28)).rag is Rag.GREEN
    assert judge_s5(date(2025, 2, 28), 3, 1, date(2025, 5, 31)).rag is Rag.AMBER


def test_s5_metric_count_zero_and_one() -> None:
    none = judge_s5(TODAY - DAY, 3, 0, TODAY)
    assert none.rag is Rag.AMBER
    assert none.reason == "No safeguarding metric in the contract."
    one = judge_s5(TODAY - DAY, 3, 1, TODAY)
    assert one.rag is Rag.GREEN
    assert one.reason == (
        "Safeguarding discussed at the meeting of 14/06/2025; "
        "1 safeguarding metric in the contract."
    )


def test_a_monthly_frequency_is_said_in_words() -> None:
    """Not "(1 months)": as the Thematic checks page says it."""
    s5 = judge_s5(TODAY - timedelta(days=62), 1, 1, TODAY)
    assert s5.reason.endswith("older than the meeting frequency (1 month).")
    s6 = judge_s6(None, TODAY - timedelta(days=40), 1, RiskLevel.HIGH, TODAY)
    assert s6.reason.endswith("(every month for high risk).")


def test_s5_one_gap_amber_both_red() -> None:
    no_meeting = judge_s5(None, 3, 2, TODAY)
    assert no_meeting.rag is Rag.AMBER
    assert no_meeting.reason == "No monitoring meeting with a safeguarding discussion."
    both = judge_s5(None, 3, 0, TODAY)
    assert both.rag is Rag.RED
    assert both.reason == (
        "No monitoring meeting with a safeguarding discussion; "
        "no safeguarding metric in the contract."
    )
    stale = judge_s5(date(2025, 1, 1), 3, 0, TODAY)
    assert stale.rag is Rag.RED
    assert stale.reason == (
        "The last safeguarding discussion (01/01/2025) is older than the meeting frequency "
        "(3 months); no safeguarding metric in the contract."
    )


# -- S6: thematic checks on the schedule of the contract's risk -----------------------------


def _s6_due_on(due: date, today: date = TODAY) -> Rag:
    """S6 for a medium-risk contract whose last check makes the next one fall due on ``due``."""
    last = add_months(due, -12)
    assert thematic_due(last, date(2020, 1, 1), 12) == due
    return judge_s6(last, date(2020, 1, 1), 12, RiskLevel.MEDIUM, today).rag


def test_s6_at_the_due_date() -> None:
    assert _s6_due_on(TODAY - DAY) is Rag.RED
    assert _s6_due_on(TODAY) is Rag.AMBER
    assert _s6_due_on(TODAY + DAY) is Rag.AMBER
    assert _s6_due_on(TODAY + timedelta(days=30)) is Rag.AMBER
    assert _s6_due_on(TODAY + timedelta(days=31)) is Rag.GREEN


def test_s6_reasons() -> None:
    red = judge_s6(date(2024, 6, 14), date(2020, 1, 1), 12, RiskLevel.MEDIUM, TODAY)
    assert (red.standard, red.rag) == ("S6", Rag.RED)
    assert red.reason == "A thematic check was due on 14/06/2025 (every 12 months for medium risk)."
    amber = judge_s6(date(2024, 6, 15), date(2020, 1, 1), 12, RiskLevel.MEDIUM, TODAY)
    assert (
        amber.reason == "A thematic check is due on 15/06/2025 (every 12 months for medium risk)."
    )
    green = judge_s6(date(2025, 5, 1), date(2020, 1, 1), 6, RiskLevel.HIGH, TODAY)
    assert green.rag is Rag.GREEN
    assert (
        green.reason == "Thematic checks on schedule (last done 01/05/2025; next due 01/11/2025)."
    )
    never = judge_s6(None, date(2025, 1, 1), 24, RiskLevel.LOW, TODAY)
    assert never.reason == "Thematic checks on schedule (next due 01/01/2027)."


def test_s6_without_a_check_counts_from_the_start() -> None:
    start = add_months(TODAY, -6) - DAY
    assert judge_s6(None, start, 6, RiskLevel.HIGH, TODAY).rag is Rag.RED
    assert judge_s6(None, add_months(TODAY, -6), 6, RiskLevel.HIGH, TODAY).rag is Rag.AMBER
    assert judge_s6(None, TODAY, 6, RiskLevel.HIGH, TODAY).rag is Rag.GREEN


def test_s6_the_last_check_resets_the_schedule() -> None:
    start = date(2015, 1, 1)
    assert judge_s6(None, start, 12, RiskLevel.MEDIUM, TODAY).rag is Rag.RED
    assert judge_s6(TODAY - DAY, start, 12, RiskLevel.MEDIUM, TODAY).rag is Rag.GREEN
    assert thematic_due(TODAY - DAY, start, 12) == date(2026, 6, 14)


def test_s6_the_interval_follows_the_risk() -> None:
    last = add_months(TODAY, -7)  # seven months ago
    start = date(2020, 1, 1)
    assert judge_s6(last, start, 6, RiskLevel.HIGH, TODAY).rag is Rag.RED
    assert judge_s6(last, start, 12, RiskLevel.MEDIUM, TODAY).rag is Rag.GREEN
    assert judge_s6(last, start, 24, RiskLevel.LOW, TODAY).rag is Rag.GREEN


# == compute_compliance on a real store =====================================================


def _at(day: date, hour: int = 10) -> datetime:
    return to_utc(datetime.combine(day, time(hour, 0)))


@dataclass(frozen=True)
class Built:
    provider_id: int
    contract_id: int
    reference: str


def _contract(store: Store, provider_id: int, reference: str, today: date, **values: Any) -> int:
    fields: dict[str, Any] = {
        "reference": reference,
        "title": f"Service {reference}",
        "provider_id": provider_id,
        "start_date": add_months(today, -2),
        "end_date": add_months(today, 36),
        "status": ContractStatus.ACTIVE,
        "risk_level": RiskLevel.MEDIUM,
        "meeting_frequency_months": 3,
        "decision_lead_months": 6,
    }
    fields.update(values)
    return contracts.create_contract(store, **fields).id


_CERTIFICATES = itertools.count(1_234_567_890)


def _staff(
    store: Store,
    provider_id: int,
    name: str,
    expiry: date | None,
    contact: ContactLevel = ContactLevel.DIRECT,
    left_on: date | None = None,
    certificate: str | None = "each their own",
    level: DbsLevel = DbsLevel.ENHANCED_BARRED,
) -> int:
    """A person and (unless certificate and expiry are both None) a check; by default each
    person gets a certificate number of their own (one provider's current staff never share
    one: the schema refuses it)."""
    if certificate == "each their own":
        certificate = f"{next(_CERTIFICATES):012d}"
    with store.session() as session:
        person = StaffMember(
            provider_id=provider_id,
            full_name=name,
            normalised_name=name.lower(),
            role="Support worker",
            contact_level=contact,
            left_on=left_on,
        )
        session.add(person)
        if certificate is not None or expiry is not None:
            session.add(
                DbsCheck(
                    staff_member=person,
                    certificate_number=certificate,
                    level=level,
                    barred_list=BarredList.CHILDREN,
                    expiry_date=expiry,
                )
            )
        session.flush()
        return person.id


def _add_check(store: Store, staff_id: int, expiry: date) -> None:
    with store.session() as session:
        session.add(
            DbsCheck(
                staff_member_id=staff_id,
                certificate_number="009876543210",
                level=DbsLevel.ENHANCED_BARRED,
                barred_list=BarredList.CHILDREN,
                expiry_date=expiry,
            )
        )


def _meeting(
    store: Store,
    contract_id: int,
    day: date,
    discussion: str = "Two concerns raised and referred the same day.",
    status: MeetingStatus = MeetingStatus.DRAFT_MINUTES,
) -> int:
    """A meeting on ``day`` whose safeguarding item has ``discussion``, moved to ``status``."""
    meeting = meetings.schedule_meeting(store, contract_id, _at(day))
    detail = meetings.get_meeting(store, meeting.id)
    agenda.update_item(store, detail.safeguarding_item.id, discussion=discussion)
    if status is not MeetingStatus.PLANNED:
        meetings.set_status(store, meeting.id, MeetingStatus.IN_PROGRESS)
    if status is MeetingStatus.DRAFT_MINUTES:
        meetings.set_status(store, meeting.id, MeetingStatus.DRAFT_MINUTES)
    return meeting.id


def _metric(store: Store, contract_id: int, safeguarding: bool = True) -> None:
    with store.session() as session:
        session.add(
            MetricDefinition(
                contract_id=contract_id,
                name="Safeguarding concerns raised" if safeguarding else "Occupancy",
                unit=MetricUnit.COUNT,
                target=None,
                direction=MetricDirection.LOWER_IS_BETTER,
                frequency=MetricFrequency.MONTHLY,
                safeguarding=safeguarding,
            )
        )


def _thematic(
    store: Store, contract_id: int, done_on: date | None, planned_on: date | None = None
) -> None:
    with store.session() as session:
        session.add(
            ThematicCheck(
                contract_id=contract_id,
                theme="Exploitation",
                planned_on=planned_on,
                done_on=done_on,
                rag=Rag.GREEN if done_on else None,
            )
        )


def _good(
    store: Store,
    today: date,
    reference: str = "T-GOOD",
    thematic_done: date | None = None,
    **contract: Any,
) -> Built:
    """A contract that meets all six standards and raises no alert."""
    provider_id = providers.create_provider(
        store,
        f"Provider of {reference}",
        receives_bscp_updates=True,
        bscp_training_last_attended=add_months(today, -1),
    ).id
    contract_id = _contract(store, provider_id, reference, today, **contract)
    for element in CLAUSE_ELEMENTS:
        clauses.update_clause_check(store, contract_id, element.number, status=P)
    self_assessments.add_self_assessment(
        store,
        provider_id,
        add_months(today, -1),
        AssessmentStage.PERIODIC,
        Rag.GREEN,
        next_due=add_months(today, 23),
    )
    _staff(store, provider_id, f"Worker of {reference}", add_months(today, 24))
    _meeting(store, contract_id, add_months(today, -1))
    _metric(store, contract_id)
    _thematic(store, contract_id, thematic_done or add_months(today, -1))
    return Built(provider_id, contract_id, reference)


def _judged(store: Store, today: date, reference: str) -> ContractCompliance:
    listed = {c.reference: c for c in compute_compliance(store, today)}
    return listed[reference]


def _rag(store: Store, today: date, reference: str, standard: str) -> Rag:
    return _judged(store, today, reference).standard(standard).rag


def test_a_contract_meeting_every_standard_is_green_without_alerts(
    store: Store, today: date
) -> None:
    built = _good(store, today)
    result = _judged(store, today, built.reference)
    assert [s.standard for s in result.standards] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert {s.standard: s.rag for s in result.standards} == dict.fromkeys(
        ("S1", "S2", "S3", "S4", "S5", "S6"), Rag.GREEN
    )
    assert result.overall is Rag.GREEN
    assert result.alerts == ()
    assert (result.contract_id, result.title) == (built.contract_id, "Service T-GOOD")
    assert result.provider == "Provider of T-GOOD"
    assert result.risk_level is RiskLevel.MEDIUM
    assert result.standard("S4").reason == "All 1 contact staff have an in-date DBS record."
    assert result.standard("S5").reason.endswith("1 safeguarding metric in the contract.")


def test_an_empty_contract_is_red_for_each_standard_with_reasons(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Bare Ltd").id
    _contract(store, provider_id, "T-BARE", today, start_date=add_months(today, -30))
    result = _judged(store, today, "T-BARE")
    reasons = {s.standard: (s.rag, s.reason) for s in result.standards}
    assert reasons == {
        "S1": (Rag.RED, "No BSCP self-assessment has been recorded."),
        "S2": (Rag.AMBER, "0 of 10 clause elements present; 10 not yet assessed."),
        "S3": (
            Rag.RED,
            "The provider does not receive BSCP updates and has no BSCP training recorded.",
        ),
        "S4": (Rag.RED, "No DBS records of staff in direct or regular contact with children."),
        "S5": (
            Rag.RED,
            "No monitoring meeting with a safeguarding discussion; "
            "no safeguarding metric in the contract.",
        ),
        "S6": (Rag.RED, reasons["S6"][1]),
    }
    assert reasons["S6"][1].endswith("(every 12 months for medium risk).")
    assert result.overall is Rag.RED


def test_overall_is_the_worst_of_the_six(store: Store, today: date) -> None:
    amber = _good(store, today, "T-AMBER")
    clauses.update_clause_check(store, amber.contract_id, 3, status=A)
    red = _good(store, today, "T-RED")
    clauses.update_clause_check(store, red.contract_id, 3, status=A)
    clauses.update_clause_check(store, red.contract_id, 4, status=M)
    listed = {c.reference: c for c in compute_compliance(store, today)}
    assert listed["T-AMBER"].overall is Rag.AMBER
    assert listed["T-RED"].overall is Rag.RED
    assert [s.rag for s in listed["T-RED"].standards].count(Rag.RED) == 1


# -- S1 on the store ------------------------------------------------------------------------


@pytest.mark.parametrize(("offset", "rag"), [(-1, Rag.RED), (0, Rag.GREEN), (1, Rag.GREEN)])
def test_s1_next_due_boundary_on_the_store(
    store: Store, today: date, offset: int, rag: Rag
) -> None:
    built = _good(store, today)
    self_assessments.add_self_assessment(
        store,
        built.provider_id,
        today - timedelta(days=10),
        AssessmentStage.PERIODIC,
        Rag.AMBER,
        next_due=today + timedelta(days=offset),
    )
    assert _rag(store, today, built.reference, "S1") is rag


def test_s1_uses_the_latest_completed_self_assessment(store: Store, today: date) -> None:
    built = _good(store, today)
    # An older assessment recorded later, long overdue: the latest completed one counts.
    self_assessments.add_self_assessment(
        store,
        built.provider_id,
        add_months(today, -40),
        AssessmentStage.TENDER,
        Rag.GREEN,
        next_due=add_months(today, -16),
    )
    assert _rag(store, today, built.reference, "S1") is Rag.GREEN


# -- S2 on the store ------------------------------------------------------------------------


def test_s2_on_the_store(store: Store, today: date) -> None:
    built = _good(store, today)
    clauses.update_clause_check(store, built.contract_id, 2, status=A)
    clauses.update_clause_check(store, built.contract_id, 7, status=N)
    s2 = _judged(store, today, built.reference).standard("S2")
    assert (s2.rag, s2.reason) == (
        Rag.AMBER,
        "8 of 10 clause elements present; 1 partial, 1 not yet assessed.",
    )
    clauses.update_clause_check(store, built.contract_id, 9, status=M)
    s2 = _judged(store, today, built.reference).standard("S2")
    assert (s2.rag, s2.reason) == (Rag.RED, "1 of 10 clause elements missing.")


# -- S3 on the store ------------------------------------------------------------------------


def test_s3_training_limit_on_the_store(store: Store, today: date) -> None:
    built = _good(store, today)
    limit = add_months(today, -12)
    providers.update_provider(store, built.provider_id, bscp_training_last_attended=limit)
    assert _rag(store, today, built.reference, "S3") is Rag.GREEN
    providers.update_provider(store, built.provider_id, bscp_training_last_attended=limit - DAY)
    assert _rag(store, today, built.reference, "S3") is Rag.AMBER
    providers.update_provider(store, built.provider_id, receives_bscp_updates=False)
    assert _rag(store, today, built.reference, "S3") is Rag.RED


# -- S4 on the store ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "rag"),
    [(-1, Rag.RED), (0, Rag.AMBER), (1, Rag.AMBER), (90, Rag.AMBER), (91, Rag.GREEN)],
)
def test_s4_expiry_boundaries_on_the_store(
    store: Store, today: date, offset: int, rag: Rag
) -> None:
    built = _good(store, today)
    _staff(store, built.provider_id, "Second Worker", today + timedelta(days=offset))
    assert _rag(store, today, built.reference, "S4") is rag


def test_s4_missing_and_invalid_records_are_red(store: Store, today: date) -> None:
    built = _good(store, today)
    _staff(store, built.provider_id, "No Certificate", None, certificate=None)
    _staff(
        store,
        built.provider_id,
        "Standard Only",
        add_months(today, 12),
        contact=ContactLevel.REGULAR,
        level=DbsLevel.STANDARD,
    )
    s4 = _judged(store, today, built.reference).standard("S4")
    assert (s4.rag, s4.reason) == (
        Rag.RED,
        "Contact staff DBS records: 1 missing, 1 not the check the role needs.",
    )


def test_s4_leavers_and_occasional_contact_staff_do_not_count(store: Store, today: date) -> None:
    built = _good(store, today)
    _staff(
        store,
        built.provider_id,
        "Gone Away",
        today - timedelta(days=200),
        left_on=today - timedelta(days=10),
    )
    _staff(store, built.provider_id, "Office Helper", None, contact=ContactLevel.OCCASIONAL)
    _staff(store, built.provider_id, "Night Porter", None, contact=ContactLevel.NONE)
    result = _judged(store, today, built.reference)
    assert result.standard("S4").rag is Rag.GREEN
    assert result.standard("S4").reason == "All 1 contact staff have an in-date DBS record."
    assert not [a for a in result.alerts if a.kind is AlertKind.DBS]


def test_s4_only_leavers_is_no_contact_staff(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Leavers Ltd").id
    _contract(store, provider_id, "T-LEFT", today)
    _staff(store, provider_id, "Gone Away", add_months(today, 12), left_on=today - DAY)
    s4 = _judged(store, today, "T-LEFT").standard("S4")
    assert (s4.rag, s4.reason) == (
        Rag.RED,
        "No DBS records of staff in direct or regular contact with children.",
    )


def test_s4_the_latest_check_of_a_person_counts(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Renewals Ltd").id
    _contract(store, provider_id, "T-RENEW", today)
    person = _staff(store, provider_id, "Renewed Worker", today - DAY)
    assert _rag(store, today, "T-RENEW", "S4") is Rag.RED
    _add_check(store, person, add_months(today, 36))
    assert _rag(store, today, "T-RENEW", "S4") is Rag.GREEN


def test_s4_is_judged_per_provider_of_the_contract(store: Store, today: date) -> None:
    first = _good(store, today, "T-ONE")
    second = _good(store, today, "T-TWO")
    _staff(store, second.provider_id, "Expired Worker", today - DAY)
    assert _rag(store, today, "T-ONE", "S4") is Rag.GREEN
    assert _rag(store, today, "T-TWO", "S4") is Rag.RED
    del first


# -- S5 on the store ------------------------------------------------------------------------


@pytest.mark.parametrize(("extra_days", "rag"), [(0, Rag.GREEN), (1, Rag.AMBER)])
def test_s5_meeting_frequency_limit_on_the_store(
    store: Store, today: date, extra_days: int, rag: Rag
) -> None:
    provider_id = providers.create_provider(store, "Meetings Ltd").id
    contract_id = _contract(store, provider_id, "T-MEET", today, meeting_frequency_months=3)
    _metric(store, contract_id)
    _meeting(store, contract_id, add_months(today, -3) - timedelta(days=extra_days))
    assert _rag(store, today, "T-MEET", "S5") is rag


def test_s5_a_planned_meeting_does_not_count(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Planned Ltd").id
    contract_id = _contract(store, provider_id, "T-PLAN", today)
    _metric(store, contract_id)
    _meeting(store, contract_id, today - DAY, status=MeetingStatus.PLANNED)
    s5 = _judged(store, today, "T-PLAN").standard("S5")
    assert (s5.rag, s5.reason) == (
        Rag.AMBER,
        "No monitoring meeting with a safeguarding discussion.",
    )
    meetings.set_status(store, meetings.list_meetings(store, contract_id)[0].id, "in_progress")
    assert _rag(store, today, "T-PLAN", "S5") is Rag.GREEN


@pytest.mark.parametrize("blank", ["   ", "  \n\t ", "\r\n", "\u00a0\u2003"])
def test_s5_a_whitespace_only_discussion_does_not_count(
    store: Store, today: date, blank: str
) -> None:
    provider_id = providers.create_provider(store, "Blank Ltd").id
    contract_id = _contract(store, provider_id, "T-BLANK", today)
    _metric(store, contract_id)
    meeting_id = _meeting(
        store, contract_id, today - DAY, discussion=blank, status=MeetingStatus.IN_PROGRESS
    )
    prompt = meetings.get_meeting(store, meeting_id).safeguarding_item.prompts[0]
    agenda.update_prompt(store, prompt.id, response=blank)
    item = meetings.get_meeting(store, meeting_id).safeguarding_item
    assert not item.has_safeguarding_discussion  # the meeting and compliance agree
    assert _rag(store, today, "T-BLANK", "S5") is Rag.AMBER
    # A prompt answered for real is a safeguarding discussion.
    agenda.update_prompt(store, prompt.id, response="One concern, referred to MASH.")
    assert _rag(store, today, "T-BLANK", "S5") is Rag.GREEN


def test_s5_the_latest_held_meeting_counts(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Latest Ltd").id
    contract_id = _contract(store, provider_id, "T-LATEST", today, meeting_frequency_months=1)
    _metric(store, contract_id)
    _meeting(store, contract_id, add_months(today, -4))
    assert _rag(store, today, "T-LATEST", "S5") is Rag.AMBER
    _meeting(store, contract_id, today - timedelta(days=3))
    s5 = _judged(store, today, "T-LATEST").standard("S5")
    assert s5.rag is Rag.GREEN
    assert (today - timedelta(days=3)).strftime("%d/%m/%Y") in s5.reason


def test_s5_only_safeguarding_metrics_count(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Metrics Ltd").id
    contract_id = _contract(store, provider_id, "T-METRIC", today)
    _meeting(store, contract_id, today - DAY)
    _metric(store, contract_id, safeguarding=False)
    s5 = _judged(store, today, "T-METRIC").standard("S5")
    assert (s5.rag, s5.reason) == (Rag.AMBER, "No safeguarding metric in the contract.")
    _metric(store, contract_id)
    _metric(store, contract_id)
    assert (
        _judged(store, today, "T-METRIC")
        .standard("S5")
        .reason.endswith("2 safeguarding metrics in the contract.")
    )


def test_s5_metrics_and_meetings_of_another_contract_do_not_count(
    store: Store, today: date
) -> None:
    _good(store, today, "T-BUSY")
    provider_id = providers.create_provider(store, "Quiet Ltd").id
    _contract(store, provider_id, "T-QUIET", today)
    assert _rag(store, today, "T-QUIET", "S5") is Rag.RED


# -- S6 on the store ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_in_days", "rag"),
    [(-1, Rag.RED), (0, Rag.AMBER), (1, Rag.AMBER), (30, Rag.AMBER), (31, Rag.GREEN)],
)
def test_s6_due_boundaries_on_the_store(
    store: Store, today: date, due_in_days: int, rag: Rag
) -> None:
    provider_id = providers.create_provider(store, "Themes Ltd").id
    due = today + timedelta(days=due_in_days)
    contract_id = _contract(store, provider_id, "T-THEME", today, start_date=date(2015, 1, 1))
    _thematic(store, contract_id, add_months(due, -12))
    assert thematic_due(add_months(due, -12), date(2015, 1, 1), 12) == due
    assert _rag(store, today, "T-THEME", "S6") is rag
    alerts = [a for a in _judged(store, today, "T-THEME").alerts]
    due_alerts = [a for a in alerts if a.kind is AlertKind.THEMATIC_CHECK_DUE]
    if rag is Rag.GREEN:
        assert due_alerts == []
    else:
        assert [a.due for a in due_alerts] == [due]


def test_s6_a_planned_check_not_yet_done_does_not_count(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Planned Themes Ltd").id
    contract_id = _contract(store, provider_id, "T-TPLAN", today, start_date=date(2015, 1, 1))
    _thematic(store, contract_id, None, planned_on=today + DAY)
    assert _rag(store, today, "T-TPLAN", "S6") is Rag.RED
    _thematic(store, contract_id, today - DAY)
    assert _rag(store, today, "T-TPLAN", "S6") is Rag.GREEN


def test_s6_interval_by_risk_from_the_settings(store: Store, today: date) -> None:
    assert thematic_interval_months(store) == {"high": 6, "medium": 12, "low": 24}
    provider_id = providers.create_provider(store, "Risky Ltd").id
    last = add_months(today, -7)
    for reference, risk in (("T-HIGH", "high"), ("T-MED", "medium"), ("T-LOW", "low")):
        contract_id = _contract(
            store, provider_id, reference, today, risk_level=risk, start_date=date(2015, 1, 1)
        )
        _thematic(store, contract_id, last)
    rags = {c.reference: c.standard("S6").rag for c in compute_compliance(store, today)}
    assert rags == {"T-HIGH": Rag.RED, "T-MED": Rag.GREEN, "T-LOW": Rag.GREEN}
    high = _judged(store, today, "T-HIGH").standard("S6").reason
    assert high.endswith("(every 6 months for high risk).")

    set_thematic_interval(store, "medium", 6)
    set_thematic_interval(store, "high", 9)
    rags = {c.reference: c.standard("S6").rag for c in compute_compliance(store, today)}
    assert rags == {"T-HIGH": Rag.GREEN, "T-MED": Rag.RED, "T-LOW": Rag.GREEN}


# -- which contracts are listed -------------------------------------------------------------


def test_archived_ended_and_decommissioned_contracts_are_not_listed(
    store: Store, today: date
) -> None:
    provider_id = providers.create_provider(store, "Listing Ltd").id
    for reference, status in (
        ("T-ACTIVE", ContractStatus.ACTIVE),
        ("T-DRAFT", ContractStatus.DRAFT),
        ("T-EXTENDED", ContractStatus.EXTENDED),
        ("T-ENDED", ContractStatus.ENDED),
        ("T-GONE", ContractStatus.DECOMMISSIONED),
        ("T-ARCHIVED", ContractStatus.ACTIVE),
    ):
        _contract(store, provider_id, reference, today, status=status)
    archived = contracts.find_contract(store, "T-ARCHIVED")
    assert archived is not None
    contracts.set_contract_archived(store, archived.id, True)
    listed = [c.reference for c in compute_compliance(store, today)]
    assert listed == ["T-ACTIVE", "T-DRAFT", "T-EXTENDED"]  # in reference order


def test_an_empty_register_has_no_compliance(store: Store, today: date) -> None:
    assert compute_compliance(store, today) == []


# -- alerts ---------------------------------------------------------------------------------


def _kinds(store: Store, today: date, reference: str) -> dict[AlertKind, list[Any]]:
    out: dict[AlertKind, list[Any]] = {}
    for alert in _judged(store, today, reference).alerts:
        out.setdefault(alert.kind, []).append(alert)
    return out


def test_decision_deadline_passed(store: Store, today: date) -> None:
    _good(store, today, end_date=add_months(today, 5), decision_lead_months=6)
    kinds = _kinds(store, today, "T-GOOD")
    assert set(kinds) == {AlertKind.DECISION_DEADLINE}
    [alert] = kinds[AlertKind.DECISION_DEADLINE]
    assert alert.due == add_months(today, -1)
    assert alert.message == f"Decision deadline {alert.due:%d/%m/%Y} passed."


def test_decision_deadline_near(store: Store, today: date) -> None:
    _good(store, today, end_date=add_months(today, 8), decision_lead_months=6)
    [alert] = _kinds(store, today, "T-GOOD")[AlertKind.DECISION_DEADLINE]
    assert alert.due == add_months(today, 2)
    assert alert.message == f"Decision deadline {alert.due:%d/%m/%Y} is near."


@pytest.mark.parametrize(("extra_days", "alerted"), [(-1, True), (0, True), (1, False)])
def test_decision_deadline_three_months_boundary(
    store: Store, today: date, extra_days: int, alerted: bool
) -> None:
    deadline = add_months(today, 3) + timedelta(days=extra_days)
    _good(store, today, end_date=add_months(deadline, 12), decision_lead_months=12)
    assert contracts.decision_deadline(add_months(deadline, 12), 12) == deadline
    kinds = _kinds(store, today, "T-GOOD")
    assert (AlertKind.DECISION_DEADLINE in kinds) is alerted
    assert AlertKind.CONTRACT_ENDING not in kinds


@pytest.mark.parametrize(("extra_days", "alerted"), [(-1, True), (0, True), (1, False)])
def test_contract_ending_within_three_months(
    store: Store, today: date, extra_days: int, alerted: bool
) -> None:
    end = add_months(today, 3) + timedelta(days=extra_days)
    _good(store, today, end_date=end, decision_lead_months=0)
    kinds = _kinds(store, today, "T-GOOD")
    if alerted:
        [alert] = kinds[AlertKind.CONTRACT_ENDING]
        assert (alert.due, alert.message) == (end, f"Contract ends {end:%d/%m/%Y}.")
    else:
        assert AlertKind.CONTRACT_ENDING not in kinds


def test_an_extension_moves_the_end_and_clears_the_alerts(store: Store, today: date) -> None:
    built = _good(store, today, end_date=add_months(today, 2))
    assert {AlertKind.CONTRACT_ENDING, AlertKind.DECISION_DEADLINE} <= set(
        _kinds(store, today, built.reference)
    )
    contracts.add_variation(
        store,
        built.contract_id,
        VariationKind.EXTENSION,
        new_end_date=add_months(today, 24),
        approval_date=today,
        approver="Director",
        route="Extension",
    )
    assert _kinds(store, today, built.reference) == {}
    # An extended contract is still live.
    assert _judged(store, today, built.reference).overall is Rag.GREEN


def test_meeting_overdue_after_the_frequency(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Late Ltd").id
    contract_id = _contract(store, provider_id, "T-LATE", today, meeting_frequency_months=3)
    held = add_months(today, -3) - DAY
    _meeting(store, contract_id, held)
    [alert] = _kinds(store, today, "T-LATE")[AlertKind.MEETING_OVERDUE]
    assert alert.due == today - DAY
    assert alert.message == f"A monitoring meeting was due by {alert.due:%d/%m/%Y}."


@pytest.mark.parametrize("days_since_due", [-1, 0, 1])
def test_without_any_meeting_the_first_is_overdue_a_frequency_after_the_start(
    store: Store, days_since_due: int
) -> None:
    """No meeting held or planned: the first was due a frequency after the start (judged the
    day before, of and after that date)."""
    today = date(2026, 6, 15)
    due = today - timedelta(days=days_since_due)
    provider_id = providers.create_provider(store, "Quiet Ltd").id
    start = date(2026, 3, 15) - timedelta(days=days_since_due)
    _contract(store, provider_id, "T-QUIET", today, start_date=start, meeting_frequency_months=3)
    overdue = _kinds(store, today, "T-QUIET").get(AlertKind.MEETING_OVERDUE, [])
    if days_since_due <= 0:
        assert overdue == []
        return
    [alert] = overdue
    assert alert.due == due
    assert alert.message == (
        f"No monitoring meeting held yet: the first was due by {due:%d/%m/%Y}."
    )


def test_meeting_due_today_is_not_overdue(store: Store, today: date) -> None:
    built = _good(store, today)
    _meeting(store, built.contract_id, add_months(today, -3))
    assert _kinds(store, today, built.reference) == {}


def test_a_planned_meeting_whose_date_has_passed_is_overdue(store: Store, today: date) -> None:
    built = _good(store, today)
    _meeting(store, built.contract_id, today - DAY, status=MeetingStatus.PLANNED)
    [alert] = _kinds(store, today, built.reference)[AlertKind.MEETING_OVERDUE]
    assert alert.due == today - DAY


def test_a_planned_meeting_that_never_took_place_is_passed_over(store: Store, today: date) -> None:
    """Planned for last month, never held; a meeting was held since: nothing is overdue."""
    built = _good(store, today)  # holds a meeting recently
    _meeting(store, built.contract_id, today - timedelta(days=40), status=MeetingStatus.PLANNED)
    assert AlertKind.MEETING_OVERDUE not in _kinds(store, today, built.reference)


def test_a_meeting_planned_ahead_is_not_overdue(store: Store, today: date) -> None:
    built = _good(store, today)
    _meeting(store, built.contract_id, today + DAY, status=MeetingStatus.PLANNED)
    assert _kinds(store, today, built.reference) == {}


def test_action_overdue(store: Store, today: date) -> None:
    built = _good(store, today)
    meeting_id = meetings.list_meetings(store, built.contract_id)[0].id
    on_time = actions.raise_action(store, meeting_id, None, "Send the policy", "Ann", "", today)
    late = actions.raise_action(store, meeting_id, None, "Send the matrix", "Bo", "", today - DAY)
    actions.raise_action(store, meeting_id, None, "No date", "Cy")
    [alert] = _kinds(store, today, built.reference)[AlertKind.ACTION_OVERDUE]
    assert (alert.due, alert.message) == (None, "1 action overdue.")
    actions.update_action(store, late.id, ActionStatus.IN_PROGRESS, "Half done")
    assert AlertKind.ACTION_OVERDUE in _kinds(store, today, built.reference)
    actions.update_action(store, late.id, ActionStatus.DONE, "Sent", completed_on=today)
    assert _kinds(store, today, built.reference) == {}
    del on_time


@pytest.mark.parametrize(("offset", "word"), [(-1, "was"), (0, "is"), (30, "is"), (31, None)])
def test_self_assessment_due_within_thirty_days_or_past(
    store: Store, today: date, offset: int, word: str | None
) -> None:
    built = _good(store, today)
    due = today + timedelta(days=offset)
    self_assessments.add_self_assessment(
        store,
        built.provider_id,
        today - timedelta(days=10),
        AssessmentStage.AD_HOC,
        Rag.GREEN,
        next_due=due,
    )
    kinds = _kinds(store, today, built.reference)
    if word is None:
        assert kinds == {}
    else:
        [alert] = kinds[AlertKind.SELF_ASSESSMENT_DUE]
        assert alert.due == due
        assert alert.message == f"The self-assessment {word} due on {due:%d/%m/%Y}."


def test_dbs_expired_and_expiring(store: Store, today: date) -> None:
    built = _good(store, today)
    _staff(store, built.provider_id, "Expired One", today - DAY)
    _staff(store, built.provider_id, "Expiring One", today + timedelta(days=10))
    _staff(store, built.provider_id, "Expiring Two", today + timedelta(days=90))
    [alert] = _kinds(store, today, built.reference)[AlertKind.DBS]
    assert alert.message == "DBS checks: 1 expired, 2 expiring within 90 days."


def test_dbs_expiring_only(store: Store, today: date) -> None:
    built = _good(store, today)
    _staff(store, built.provider_id, "Expiring One", today)
    [alert] = _kinds(store, today, built.reference)[AlertKind.DBS]
    assert alert.message == "DBS checks: 1 expiring within 90 days."


def test_dbs_missing_records_raise_no_dbs_alert(store: Store, today: date) -> None:
    """Missing or invalid records make S4 red; the alert is about dates only."""
    built = _good(store, today)
    _staff(store, built.provider_id, "No Certificate", None, certificate=None)
    assert _kinds(store, today, built.reference) == {}
    assert _rag(store, today, built.reference, "S4") is Rag.RED


def test_thematic_check_due_and_overdue(store: Store, today: date) -> None:
    provider_id = providers.create_provider(store, "Due Ltd").id
    _contract(store, provider_id, "T-DUE", today, start_date=add_months(today, -12))
    [alert] = _kinds(store, today, "T-DUE")[AlertKind.THEMATIC_CHECK_DUE]
    assert alert.due == today
    assert alert.message == f"A thematic check is due on {today:%d/%m/%Y}."
    _contract(store, provider_id, "T-OVERDUE", today, start_date=add_months(today, -13))
    [alert] = _kinds(store, today, "T-OVERDUE")[AlertKind.THEMATIC_CHECK_DUE]
    assert alert.message == f"A thematic check was due on {alert.due:%d/%m/%Y}."


def test_every_alert_kind_at_once(store: Store, today: date) -> None:
    built = _good(
        store,
        today,
        thematic_done=add_months(today, -12),
        end_date=add_months(today, 2),
        decision_lead_months=6,
    )
    meeting_id = _meeting(store, built.contract_id, add_months(today, -4))
    actions.raise_action(store, meeting_id, None, "Late", "Ann", "", today - DAY)
    self_assessments.add_self_assessment(
        store, built.provider_id, today, AssessmentStage.AD_HOC, Rag.GREEN, next_due=today
    )
    _staff(store, built.provider_id, "Expired One", today - DAY)
    # The good meeting of a month ago is the latest held: make a planned one overdue instead.
    _meeting(store, built.contract_id, today - DAY, status=MeetingStatus.PLANNED)
    assert set(_kinds(store, today, built.reference)) == set(AlertKind)


@pytest.mark.parametrize(("days", "message"), [(-1, "ended"), (0, "ends"), (1, "ends")])
def test_a_contract_past_its_end_has_ended(
    store: Store, today: date, days: int, message: str
) -> None:
    """A live contract whose end date has passed (not yet marked ended) says so in the past."""
    end = today + timedelta(days=days)
    _good(store, today, start_date=add_months(today, -12), end_date=end, decision_lead_months=0)
    [alert] = _kinds(store, today, "T-GOOD")[AlertKind.CONTRACT_ENDING]
    assert alert.message == f"Contract {message} {end:%d/%m/%Y}."
    assert alert.rag is (Rag.RED if days < 0 else Rag.AMBER)
