"""The bulk facts behind the dashboard agree with the record-by-record answers."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from bscp_monitor.common.clock import to_local
from bscp_monitor.compliance.facts import _local_day, load_facts
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import ContactLevel
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import DbsStatus, list_staff

CONTACT = {ContactLevel.DIRECT, ContactLevel.REGULAR}


@pytest.mark.parametrize("shift", [0, -400, 120, 800])
def test_dbs_counts_match_each_persons_status(demo_store: Store, today: date, shift: int) -> None:
    """Judged on other days too, so people cross from in date to expiring to expired."""
    day = today + timedelta(days=shift)
    expected: dict[int, Counter[DbsStatus]] = {}
    for person in list_staff(demo_store, today=day):
        if person.contact_level in CONTACT and person.left_on is None:
            expected.setdefault(person.provider_id, Counter())[person.status] += 1
    facts = load_facts(demo_store, day)
    got = {
        pid: Counter({s: n for s, n in counts.items() if n}) for pid, counts in facts.dbs.items()
    }
    assert got == expected
    assert sum(sum(c.values()) for c in expected.values()) > 0


def test_contract_facts_match_the_register(demo_store: Store, today: date) -> None:
    facts = load_facts(demo_store, today)
    live = [
        c
        for c in contracts.list_contracts(demo_store)
        if c.status.value in {"draft", "active", "extended"}
    ]
    assert [f.reference for f in facts.contracts] == sorted(c.reference for c in live)
    by_reference = {c.reference: c for c in live}
    for f in facts.contracts:
        record = by_reference[f.reference]
        assert f.end_date == record.end_date  # after variations
        assert f.provider_name == record.provider_name
        assert f.start_date == record.start_date


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 7, 1, 22, 59, 59, 999999, tzinfo=UTC),  # summer: 23:59 in London
        datetime(2026, 7, 1, 23, 0, tzinfo=UTC),  # summer: already 2 July in London
        datetime(2026, 7, 1, 23, 30, 5, 12, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # winter: London is UTC
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # the night the clocks go forward
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # and back
        datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
        datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    ],
)
def test_stored_timestamps_become_london_dates(moment: datetime) -> None:
    stored = moment.replace(tzinfo=None).isoformat(sep=" ")
    assert _local_day(stored) == to_local(moment).date()


def test_compliance_on_an_in_memory_store(today: date) -> None:
    from bscp_monitor.compliance.rules import compute_compliance

    memory = Store.open("sqlite://")
    try:
        assert compute_compliance(memory, today) == []
    finally:
        memory.close()


def test_read_on_a_thread_gives_the_same_facts(demo_store: Store, today: date) -> None:
    from bscp_monitor.compliance.facts import start_loading_facts
    from bscp_monitor.contracts.providers import count_providers

    wait = start_loading_facts(demo_store, today)
    threaded = wait()
    assert threaded == load_facts(demo_store, today)
    assert threaded.providers == count_providers(demo_store) > 0
    assert len(threaded.contracts) > 0
    assert demo_store.engine.pool.checkedout() == 0  # its connection went back


def test_awkward_text_comes_back_as_typed_in_reference_order(store: Store, today: date) -> None:
    """The lists come back as JSON built by SQLite: quotes, backslashes, new lines, accents
    and characters beyond the BMP survive, and the order is SQLite's own (by code point)."""
    from bscp_monitor.contracts.providers import create_provider

    provider = create_provider(store, 'Éire "Youth" \\ Trust 🌈').id
    titles = {
        "b-2": "Line one\nline two\ttabbed",
        "B-1": "Quote \" and backslash \\ and 'apostrophe'",
        "É-3": "Ünïcödé 🧒 service",
        "a-0": "</script> & <b>",
    }
    for reference, title in titles.items():
        contracts.create_contract(
            store,
            reference=reference,
            title=title,
            provider_id=provider,
            start_date=today - timedelta(days=30),
            end_date=today + timedelta(days=300),
        )
    facts = load_facts(store, today)
    assert [f.reference for f in facts.contracts] == ["B-1", "a-0", "b-2", "É-3"]
    assert {f.reference: f.title for f in facts.contracts} == titles
    assert {f.provider_name for f in facts.contracts} == {'Éire "Youth" \\ Trust 🌈'}


def test_a_failed_read_on_the_thread_is_raised_to_the_caller(store: Store, today: date) -> None:
    from sqlalchemy import text

    from bscp_monitor.common.errors import DatabaseError
    from bscp_monitor.compliance.facts import start_loading_facts

    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE dbs_tally"))
    with pytest.raises(DatabaseError, match="dbs_tally"):
        load_facts(store, today)
    wait = start_loading_facts(store, today)
    with pytest.raises(DatabaseError, match="dbs_tally"):
        wait()
    assert store.engine.pool.checkedout() == 0
