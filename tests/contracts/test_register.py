"""Contracts: the register, its audit trail, the decision deadline and variations."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bscp_monitor.common.dates import add_months
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import DeadlineState, add_variation, create_contract
from bscp_monitor.data.enums import AuditAction, ContractStatus, MeetingStatus, VariationKind
from bscp_monitor.data.models import AuditEvent, Contract, ContractVariation, Meeting
from bscp_monitor.data.store import Store

FIXED_TODAY = date(2024, 5, 15)


@pytest.fixture
def provider_id(store: Store) -> int:
    return create_provider(store, "Barnardo's").id


def _new(store: Store, provider_id: int, **overrides: Any) -> contracts.ContractRecord:
    values: dict[str, Any] = {
        "reference": "ECHS-CSE-0114",
        "title": "CSE Recovery Service",
        "provider_id": provider_id,
        "start_date": date(2014, 10, 1),
        "end_date": date(2017, 9, 30),
        "contract_manager": "Sarah Whitfield",
        "value_pence": 16_500_000,
    }
    values.update(overrides)
    return create_contract(store, **values)


def _events(store: Store, entity: str, entity_id: int) -> list[AuditEvent]:
    with store.session() as s:
        return list(
            s.scalars(
                select(AuditEvent)
                .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
                .order_by(AuditEvent.id)
            )
        )


def _count(store: Store, model: type) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# --- create, update, archive, restore with their audit trail -------------------------------


def test_create_stores_the_contract_and_audits_it(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id)
    again = contracts.get_contract(store, record.id)
    assert again == record
    assert record.reference == "ECHS-CSE-0114"
    assert record.provider_name == "Barnardo's"
    assert record.status is ContractStatus.ACTIVE
    assert record.original_end_date == record.end_date == date(2017, 9, 30)
    assert record.decision_lead_months == 6
    assert record.archived is False

    [event] = _events(store, "contract", record.id)
    assert event.user == getpass.getuser()
    assert event.action is AuditAction.CREATE
    assert "ECHS-CSE-0114" in event.summary
    changes = json.loads(event.changes)
    assert changes["reference"] == {"old": None, "new": "ECHS-CSE-0114"}
    assert changes["end_date"] == {"old": None, "new": "2017-09-30"}
    assert changes["value_pence"] == {"old": None, "new": 16_500_000}


def test_text_is_trimmed_on_create(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id, reference="  C-1  ", title=" Title ")
    assert (record.reference, record.title) == ("C-1", "Title")


def test_update_changes_fields_and_audits_old_and_new(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id)
    updated = contracts.update_contract(
        store, record.id, title="CSE and Missing Service", value_pence=17_000_000, risk_level="high"
    )
    assert updated.title == "CSE and Missing Service"
    assert updated.value_pence == 17_000_000
    assert contracts.get_contract(store, record.id) == updated

    create, update = _events(store, "contract", record.id)
    assert create.action is AuditAction.CREATE
    assert update.action is AuditAction.UPDATE
    assert update.user == getpass.getuser()
    assert json.loads(update.changes) == {
        "title": {"old": "CSE Recovery Service", "new": "CSE and Missing Service"},
        "value_pence": {"old": 16_500_000, "new": 17_000_000},
        "risk_level": {"old": "medium", "new": "high"},
    }


def test_an_update_that_changes_nothing_is_not_audited(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id)
    contracts.update_contract(store, record.id, title=record.title, value_pence=record.value_pence)
    assert len(_events(store, "contract", record.id)) == 1


def test_archive_and_restore_are_audited_once_each(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id)
    archived = contracts.set_contract_archived(store, record.id, True)
    assert archived.archived is True
    contracts.set_contract_archived(store, record.id, True)  # already archived: no new event
    restored = contracts.set_contract_archived(store, record.id, False)
    assert restored.archived is False
    actions = [e.action for e in _events(store, "contract", record.id)]
    assert actions == [AuditAction.CREATE, AuditAction.ARCHIVE, AuditAction.RESTORE]


def test_archived_contracts_are_hidden_but_never_deleted(store: Store, provider_id: int) -> None:
    kept = _new(store, provider_id, reference="A-1")
    gone = _new(store, provider_id, reference="B-2")
    contracts.set_contract_archived(store, gone.id, True)

    assert [c.reference for c in contracts.list_contracts(store)] == ["A-1"]
    everything = contracts.list_contracts(store, include_archived=True)
    assert [(c.reference, c.archived) for c in everything] == [("A-1", False), ("B-2", True)]
    with store.session() as s:
        assert s.get(Contract, gone.id) is not None
        assert s.get(Contract, kept.id).archived_at is None

    contracts.set_contract_archived(store, gone.id, False)
    assert [c.reference for c in contracts.list_contracts(store)] == ["A-1", "B-2"]


# --- refusals: nothing is stored --------------------------------------------------------------


def test_a_duplicate_reference_is_refused_case_insensitively(
    store: Store, provider_id: int
) -> None:
    _new(store, provider_id, reference="ECHS-CSE-0114")
    events = _count(store, AuditEvent)
    with pytest.raises(ValidationError, match="already used"):
        _new(store, provider_id, reference=" echs-cse-0114 ", title="Another")
    assert _count(store, Contract) == 1
    assert _count(store, AuditEvent) == events


def test_renaming_onto_another_reference_is_refused(store: Store, provider_id: int) -> None:
    _new(store, provider_id, reference="A-1")
    other = _new(store, provider_id, reference="B-2")
    with pytest.raises(ValidationError, match="already used"):
        contracts.update_contract(store, other.id, reference="a-1")
    assert contracts.get_contract(store, other.id).reference == "B-2"
    # Changing only the case of its own reference is allowed.
    assert contracts.update_contract(store, other.id, reference="b-2").reference == "b-2"


def test_an_end_before_the_start_is_refused_on_create(store: Store, provider_id: int) -> None:
    with pytest.raises(ValidationError, match="before the start date"):
        _new(store, provider_id, start_date=date(2020, 5, 1), end_date=date(2020, 4, 30))
    assert _count(store, Contract) == 0
    assert _count(store, AuditEvent) == 1  # only the provider's creation


def test_an_end_before_the_start_is_refused_on_update(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id)
    events = _count(store, AuditEvent)
    with pytest.raises(ValidationError, match="30/09/2013"):
        contracts.update_contract(store, record.id, end_date=date(2013, 9, 30), title="Changed")
    with pytest.raises(ValidationError, match="before the start date"):
        contracts.update_contract(store, record.id, start_date=date(2018, 1, 1))
    assert contracts.get_contract(store, record.id) == record
    assert _count(store, AuditEvent) == events


def test_an_unknown_field_is_refused(store: Store, provider_id: int) -> None:
    with pytest.raises(ValidationError, match="Unknown contract fields: colour"):
        _new(store, provider_id, colour="blue")
    assert _count(store, Contract) == 0
    record = _new(store, provider_id)
    with pytest.raises(ValidationError, match="archived_at"):
        contracts.update_contract(store, record.id, archived_at=datetime.now(UTC))
    assert contracts.get_contract(store, record.id).archived is False


def test_missing_required_values_are_refused(store: Store, provider_id: int) -> None:
    with pytest.raises(ValidationError, match="title"):
        _new(store, provider_id, title="   ")
    with pytest.raises(ValidationError, match="provider id"):
        create_contract(
            store,
            reference="X",
            title="T",
            provider_id=None,
            start_date=date(2020, 1, 1),
            end_date=date(2021, 1, 1),
        )
    with pytest.raises(ValidationError, match="Choose the provider"):
        _new(store, provider_id + 100)
    assert _count(store, Contract) == 0


def test_unknown_contract_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        contracts.get_contract(store, 999)
    with pytest.raises(NotFoundError):
        contracts.update_contract(store, 999, title="x")


def test_find_contract_is_case_insensitive(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id, reference="ECHS-DA-0221")
    found = contracts.find_contract(store, "  echs-da-0221 ")
    assert found is not None
    assert found.id == record.id
    assert contracts.find_contract(store, "ECHS-DA-022") is None


# --- the decision deadline ------------------------------------------------------------------


def test_decision_deadline_is_end_minus_six_months_by_default(
    store: Store, provider_id: int
) -> None:
    record = _new(store, provider_id, end_date=date(2025, 8, 31), start_date=date(2023, 9, 1))
    assert record.decision_deadline == date(2025, 2, 28)


def test_decision_lead_time_is_configurable_per_contract(store: Store, provider_id: int) -> None:
    start = date(2023, 9, 1)
    three = _new(
        store,
        provider_id,
        reference="A",
        start_date=start,
        end_date=date(2025, 8, 31),
        decision_lead_months=3,
    )
    none = _new(
        store,
        provider_id,
        reference="B",
        start_date=start,
        end_date=date(2025, 8, 31),
        decision_lead_months=0,
    )
    assert three.decision_deadline == date(2025, 5, 31)
    assert none.decision_deadline == date(2025, 8, 31)
    changed = contracts.update_contract(store, three.id, decision_lead_months=12)
    assert changed.decision_deadline == date(2024, 8, 31)
    with pytest.raises(ValidationError, match="lead time"):
        contracts.update_contract(store, three.id, decision_lead_months=25)


def _state_for_deadline(
    store: Store, provider_id: int, deadline: date, today: date, **extra: Any
) -> contracts.ContractRecord:
    """A contract whose decision deadline (6 months before its end) is ``deadline``."""
    end = add_months(deadline, 6)
    assert add_months(end, -6) == deadline  # no clamping in the chosen dates
    record = _new(store, provider_id, start_date=date(2020, 1, 1), end_date=end, **extra)
    listed = {c.id: c for c in contracts.list_contracts(store, include_archived=True, today=today)}
    got = contracts.get_contract(store, record.id, today=today)
    assert got.decision_deadline == deadline
    assert listed[record.id].deadline_state is got.deadline_state
    return got


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (FIXED_TODAY - timedelta(days=400), DeadlineState.PASSED),
        (FIXED_TODAY - timedelta(days=1), DeadlineState.PASSED),
        (FIXED_TODAY, DeadlineState.SOON),
        (FIXED_TODAY + timedelta(days=1), DeadlineState.SOON),
        (date(2024, 8, 15), DeadlineState.SOON),  # exactly three months ahead
        (date(2024, 8, 16), DeadlineState.OK),  # three months and a day
        (date(2026, 1, 15), DeadlineState.OK),
    ],
)
def test_deadline_state_at_its_boundaries(
    store: Store, provider_id: int, deadline: date, expected: DeadlineState
) -> None:
    assert _state_for_deadline(store, provider_id, deadline, FIXED_TODAY).deadline_state is expected


@pytest.mark.parametrize("today", [date(2024, 5, 31), date(2023, 11, 30), date(2024, 2, 29)])
def test_deadline_state_boundaries_at_month_ends(
    store: Store, provider_id: int, today: date
) -> None:
    """With no lead time the deadline is the end date itself, whatever day today is."""

    def state(end: date) -> DeadlineState:
        ref = f"C-{end.isoformat()}"
        record = _new(
            store,
            provider_id,
            reference=ref,
            start_date=date(2020, 1, 1),
            end_date=end,
            decision_lead_months=0,
        )
        return contracts.get_contract(store, record.id, today=today).deadline_state

    three_months_on = add_months(today, 3)
    assert state(today - timedelta(days=1)) is DeadlineState.PASSED
    assert state(today) is DeadlineState.SOON
    assert state(three_months_on) is DeadlineState.SOON
    assert state(three_months_on + timedelta(days=1)) is DeadlineState.OK


@pytest.mark.parametrize(
    "status", [ContractStatus.DRAFT, ContractStatus.ACTIVE, ContractStatus.EXTENDED]
)
def test_open_contracts_have_a_deadline_state(
    store: Store, provider_id: int, status: ContractStatus
) -> None:
    got = _state_for_deadline(
        store, provider_id, FIXED_TODAY - timedelta(days=1), FIXED_TODAY, status=status
    )
    assert got.deadline_state is DeadlineState.PASSED


@pytest.mark.parametrize("status", [ContractStatus.ENDED, ContractStatus.DECOMMISSIONED])
def test_closed_contracts_have_no_deadline_state(
    store: Store, provider_id: int, status: ContractStatus
) -> None:
    got = _state_for_deadline(
        store, provider_id, FIXED_TODAY - timedelta(days=1), FIXED_TODAY, status=status
    )
    assert got.deadline_state is DeadlineState.NOT_APPLICABLE


def test_archived_contracts_have_no_deadline_state(store: Store, provider_id: int) -> None:
    got = _state_for_deadline(store, provider_id, FIXED_TODAY, FIXED_TODAY)
    assert got.deadline_state is DeadlineState.SOON
    contracts.set_contract_archived(store, got.id, True)
    [listed] = contracts.list_contracts(store, include_archived=True, today=FIXED_TODAY)
    assert listed.deadline_state is DeadlineState.NOT_APPLICABLE
    archived = contracts.get_contract(store, got.id, today=FIXED_TODAY)
    assert archived.deadline_state is DeadlineState.NOT_APPLICABLE


# --- extensions and variations --------------------------------------------------------------


def _extend(store: Store, contract_id: int, new_end: date | None, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "kind": VariationKind.EXTENSION,
        "new_end_date": new_end,
        "approval_date": date(2017, 9, 26),
        "approver": "Portfolio Holder",
        "route": "Exemption to competitive tendering",
        "reason": "Report CSD17132",
    }
    values.update(extra)
    return add_variation(store, contract_id, **values)


def test_an_extension_moves_the_end_date_and_the_deadline(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id)
    assert record.decision_deadline == date(2017, 3, 30)
    extended = _extend(store, record.id, date(2018, 9, 30))

    assert extended.end_date == date(2018, 9, 30)
    assert extended.original_end_date == date(2017, 9, 30)
    assert extended.decision_deadline == date(2018, 3, 30)
    assert extended.status is ContractStatus.EXTENDED
    [variation] = extended.variations
    assert variation.kind is VariationKind.EXTENSION
    assert variation.route == "Exemption to competitive tendering"
    assert variation.approval_date == date(2017, 9, 26)
    # The stored contract keeps its original end date; the listing agrees with get_contract.
    with store.session() as s:
        assert s.get(Contract, record.id).end_date == date(2017, 9, 30)
    [listed] = contracts.list_contracts(store)
    assert listed.end_date == date(2018, 9, 30)

    [event] = _events(store, "contract_variation", variation.id)
    assert event.action is AuditAction.CREATE
    assert json.loads(event.changes)["end_date"] == {"old": "2017-09-30", "new": "2018-09-30"}


def test_the_history_is_kept_in_order(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id)
    _extend(store, record.id, date(2018, 9, 30), approver="First")
    after_variation = add_variation(
        store,
        record.id,
        VariationKind.VARIATION,
        new_end_date=None,
        approval_date=date(2018, 3, 1),
        approver="Second",
        route="Contract variation",
        reason="Siblings added",
    )
    # A later variation without a new end date leaves the end date alone.
    assert after_variation.end_date == date(2018, 9, 30)
    assert after_variation.status is ContractStatus.EXTENDED

    final = _extend(store, record.id, date(2019, 3, 31), approver="Third")
    assert final.end_date == date(2019, 3, 31)
    assert final.original_end_date == date(2017, 9, 30)
    assert final.decision_deadline == date(2018, 9, 30)
    assert [(v.approver, v.kind, v.new_end_date) for v in final.variations] == [
        ("First", VariationKind.EXTENSION, date(2018, 9, 30)),
        ("Second", VariationKind.VARIATION, None),
        ("Third", VariationKind.EXTENSION, date(2019, 3, 31)),
    ]


def test_a_variation_does_not_mark_a_contract_extended(store: Store, provider_id: int) -> None:
    record = _new(store, provider_id)
    varied = add_variation(
        store,
        record.id,
        VariationKind.VARIATION,
        None,
        date(2016, 1, 1),
        "Director",
        "Delegated authority",
    )
    assert varied.status is ContractStatus.ACTIVE
    assert varied.end_date == date(2017, 9, 30)


@pytest.mark.parametrize(
    ("new_end", "extra", "message"),
    [
        (None, {}, "new end date"),
        (date(2018, 9, 30), {"approver": "   "}, "who approved"),
        (date(2018, 9, 30), {"approval_date": None}, "who approved"),
        (date(2013, 1, 1), {}, "before the contract started"),
    ],
)
def test_an_incomplete_extension_is_refused(
    store: Store, provider_id: int, new_end: date | None, extra: dict[str, Any], message: str
) -> None:
    record = _new(store, provider_id)
    events = _count(store, AuditEvent)
    with pytest.raises(ValidationError, match=message):
        _extend(store, record.id, new_end, **extra)
    assert _count(store, ContractVariation) == 0
    assert _count(store, AuditEvent) == events
    assert contracts.get_contract(store, record.id) == record


# --- the next meeting due -------------------------------------------------------------------


def _meeting(store: Store, contract_id: int, when: datetime, status: MeetingStatus) -> None:
    with store.session() as s:
        s.add(Meeting(contract_id=contract_id, starts_at=when, status=status))


def test_before_any_meeting_the_first_is_due_a_frequency_after_the_start(
    store: Store, provider_id: int
) -> None:
    record = _new(store, provider_id, meeting_frequency_months=3)  # started 01/10/2014
    assert record.next_meeting_due == date(2015, 1, 1)
    assert contracts.list_contracts(store)[0].next_meeting_due == date(2015, 1, 1)


def test_no_meeting_is_due_on_an_ended_or_archived_contract(store: Store, provider_id: int) -> None:
    ended = _new(store, provider_id, status=ContractStatus.ENDED)
    assert ended.next_meeting_due is None
    live = _new(store, provider_id, reference="LIVE-1")
    assert live.next_meeting_due is not None
    contracts.set_contract_archived(store, live.id, True)
    assert contracts.get_contract(store, live.id).next_meeting_due is None


def test_the_next_meeting_due_is_the_earliest_planned_meeting_if_sooner(
    store: Store, provider_id: int
) -> None:
    """The earliest planned meeting, if it comes before the frequency after the last one
    held (31/01 + 3 months = 30/04); else that date, as the dashboard's alert says."""
    record = _new(store, provider_id, meeting_frequency_months=3)
    other = _new(
        store,
        provider_id,
        reference="OTHER-1",
        start_date=date(2023, 12, 1),
        end_date=date(2026, 11, 30),
    )
    _meeting(store, record.id, datetime(2024, 1, 31, 10, tzinfo=UTC), MeetingStatus.APPROVED)
    _meeting(store, record.id, datetime(2024, 7, 9, 14, tzinfo=UTC), MeetingStatus.PLANNED)
    _meeting(store, record.id, datetime(2024, 3, 12, 10, tzinfo=UTC), MeetingStatus.PLANNED)
    _meeting(store, other.id, datetime(2024, 2, 1, 10, tzinfo=UTC), MeetingStatus.PLANNED)

    assert contracts.get_contract(store, record.id).next_meeting_due == date(2024, 3, 12)
    listed = {c.reference: c.next_meeting_due for c in contracts.list_contracts(store)}
    assert listed == {"ECHS-CSE-0114": date(2024, 3, 12), "OTHER-1": date(2024, 2, 1)}
    late = _new(store, provider_id, reference="LATE-1", meeting_frequency_months=3)
    _meeting(store, late.id, datetime(2024, 1, 31, 10, tzinfo=UTC), MeetingStatus.APPROVED)
    _meeting(store, late.id, datetime(2024, 6, 4, 10, tzinfo=UTC), MeetingStatus.PLANNED)
    assert contracts.get_contract(store, late.id).next_meeting_due == date(2024, 4, 30)


def test_without_a_planned_meeting_it_is_the_last_held_plus_the_frequency(
    store: Store, provider_id: int
) -> None:
    record = _new(store, provider_id, meeting_frequency_months=1)
    _meeting(store, record.id, datetime(2023, 11, 20, 10, tzinfo=UTC), MeetingStatus.APPROVED)
    _meeting(store, record.id, datetime(2024, 1, 31, 10, tzinfo=UTC), MeetingStatus.DRAFT_MINUTES)
    assert contracts.get_contract(store, record.id).next_meeting_due == date(2024, 2, 29)

    contracts.update_contract(store, record.id, meeting_frequency_months=6)
    assert contracts.get_contract(store, record.id).next_meeting_due == date(2024, 7, 31)
    assert contracts.list_contracts(store)[0].next_meeting_due == date(2024, 7, 31)


def test_the_next_meeting_due_is_the_meetings_date_in_london(
    store: Store, provider_id: int
) -> None:
    """00:30 on 1 June in London is 23:30 on 31 May in UTC: the meeting is on 1 June."""
    london = ZoneInfo("Europe/London")
    record = _new(
        store,
        provider_id,
        meeting_frequency_months=1,
        start_date=date(2024, 5, 15),
        end_date=date(2027, 5, 14),
    )
    _meeting(store, record.id, datetime(2024, 6, 1, 0, 30, tzinfo=london), MeetingStatus.PLANNED)
    assert contracts.get_contract(store, record.id).next_meeting_due == date(2024, 6, 1)

    held = _new(store, provider_id, reference="HELD-1", meeting_frequency_months=1)
    _meeting(store, held.id, datetime(2024, 4, 1, 0, 15, tzinfo=london), MeetingStatus.APPROVED)
    assert contracts.get_contract(store, held.id).next_meeting_due == date(2024, 5, 1)
