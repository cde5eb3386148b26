"""The DBS tally the triggers keep (how many current contact staff have each standing, per
provider) always equals counting the staff afresh, through every kind of write; and S4's
counts built on it agree with status_of, person by person."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from bscp_monitor.compliance.facts import load_facts
from bscp_monitor.data.dbs_triggers import RECOUNT_TALLY
from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.data.models import DbsCheck, DbsTally, Provider, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import status_of
from tests.data.test_migrations import _add_staff_with_a_check, _database_at

TODAY = date(2026, 11, 22)
#: Adding people and checks is likelier, so the register grows while it is changed.
WRITES = (
    *("add person",) * 3,
    *("add check",) * 2,
    "edit check",
    "delete check",
    "contact",
    "leave",
    "return",
    "move",
    "delete person",
    "raw standing",
)
CONTACT = [ContactLevel.DIRECT, ContactLevel.REGULAR, ContactLevel.OCCASIONAL, ContactLevel.NONE]


@pytest.fixture
def store(store_on_both: Store) -> Store:
    """Each test here runs on SQLite and on PostgreSQL."""
    return store_on_both


def tally(store: Store) -> dict[tuple[int, str], int]:
    with store.session() as s:
        rows = s.execute(select(DbsTally.provider_id, DbsTally.dbs_standing, DbsTally.people))
        return {(p, st.value): n for p, st, n in rows if n}


def recounted(store: Store) -> dict[tuple[int, str], int]:
    """The tally as RECOUNT_TALLY (a migration's, or a bulk load's) would write it."""
    with store.engine.connect() as connection:
        connection.exec_driver_sql("DELETE FROM dbs_tally")
        connection.exec_driver_sql(RECOUNT_TALLY)
        rows = connection.exec_driver_sql("SELECT provider_id, dbs_standing, people FROM dbs_tally")
        counted = {(p, st): n for p, st, n in rows}
        connection.rollback()
    return counted


def _random_write(store: Store, rng: random.Random, step: int) -> str:
    """One write of the kinds the app, an import or a hand edit make; says which."""
    with store.session() as s:
        people = s.scalars(select(StaffMember.id)).all()
        checks = s.scalars(select(DbsCheck.id)).all()
        kind = rng.choice(WRITES)
        if kind == "add person" or not people:
            s.add(
                StaffMember(
                    provider_id=rng.randint(1, 3),
                    full_name=f"P {step}",
                    normalised_name=f"p {step}",
                    contact_level=rng.choice(CONTACT),
                )
            )
            return "add person"
        who = rng.choice(people)
        if kind == "add check":
            s.add(
                DbsCheck(
                    staff_member_id=who,
                    certificate_number=rng.choice([None, f"{step:012d}"]),
                    level=rng.choice(list(DbsLevel)),
                    barred_list=rng.choice(list(BarredList)),
                    expiry_date=rng.choice([None, TODAY + timedelta(days=rng.randint(-30, 200))]),
                )
            )
        elif kind == "edit check" and checks:
            s.execute(
                update(DbsCheck)
                .where(DbsCheck.id == rng.choice(checks))
                .values(
                    level=rng.choice(list(DbsLevel)),
                    certificate_number=rng.choice([None, f"{step:012d}"]),
                    staff_member_id=rng.choice(people),
                )
            )
        elif kind == "delete check" and checks:
            s.execute(delete(DbsCheck).where(DbsCheck.id == rng.choice(checks)))
        elif kind == "contact":
            s.execute(
                update(StaffMember)
                .where(StaffMember.id == who)
                .values(contact_level=rng.choice(CONTACT))
            )
        elif kind == "leave":
            s.execute(update(StaffMember).where(StaffMember.id == who).values(left_on=TODAY))
        elif kind == "return":
            s.execute(update(StaffMember).where(StaffMember.id == who).values(left_on=None))
        elif kind == "move":
            s.execute(
                update(StaffMember)
                .where(StaffMember.id == who)
                .values(provider_id=rng.randint(1, 3))
            )
        elif kind == "delete person":
            s.execute(delete(StaffMember).where(StaffMember.id == who))
        elif kind == "raw standing":  # a hand edit of the kept column itself
            s.execute(
                text("UPDATE staff_member SET dbs_standing = 'invalid' WHERE id = :who"),
                {"who": who},
            )
        return kind


def test_the_tally_follows_every_kind_of_write(store: Store) -> None:
    with store.session() as s:
        s.add_all(Provider(id=n, name=f"Provider {n}") for n in (1, 2, 3))
    rng = random.Random(7)
    seen: Counter[str] = Counter()
    widest = 0
    for step in range(400):
        seen[_random_write(store, rng, step)] += 1
        now = tally(store)
        assert now == recounted(store), (step, seen)
        widest = max(widest, len(now))
    assert len(seen) == 10  # every kind of write was made
    assert widest >= 6  # and the tally was not trivially empty: providers x standings


def test_s4_counts_agree_with_status_of_person_by_person(store: Store) -> None:
    rng = random.Random(11)
    with store.session() as s:
        s.add_all(Provider(id=n, name=f"Provider {n}") for n in (1, 2, 3))
        s.flush()
        for n in range(300):
            person = StaffMember(
                provider_id=rng.randint(1, 3),
                full_name=f"P {n}",
                normalised_name=f"p {n}",
                contact_level=rng.choice(CONTACT),
                left_on=TODAY if n % 13 == 0 else None,
            )
            s.add(person)
            s.flush()
            for _ in range(rng.choice([0, 1, 1, 2])):
                s.add(
                    DbsCheck(
                        staff_member_id=person.id,
                        certificate_number=rng.choice([None, f"{n:012d}", f"{n:012d}"]),
                        level=rng.choice([DbsLevel.ENHANCED_BARRED, DbsLevel.ENHANCED_BARRED,
                                          DbsLevel.STANDARD, DbsLevel.ENHANCED]),
                        barred_list=rng.choice([BarredList.CHILDREN, BarredList.CHILDREN,
                                                BarredList.NONE, BarredList.BOTH]),
                        # every band, and each edge: yesterday, today, +90 and +91 days
                        expiry_date=rng.choice([None, TODAY - timedelta(days=1), TODAY,
                                                TODAY + timedelta(days=90),
                                                TODAY + timedelta(days=91),
                                                TODAY + timedelta(days=rng.randint(-400, 900))]),
                    )
                )  # fmt: skip
    expected: dict[int, Counter[object]] = {}
    with store.session() as s:
        for person in s.scalars(select(StaffMember)):
            if person.left_on is not None or person.contact_level not in (
                ContactLevel.DIRECT,
                ContactLevel.REGULAR,
            ):
                continue
            latest = person.dbs_checks[-1] if person.dbs_checks else None
            status, _reason = status_of(latest, person.contact_level, TODAY)
            expected.setdefault(person.provider_id, Counter())[status] += 1
    got = load_facts(store, TODAY).dbs
    assert {p: {k: v for k, v in c.items() if v} for p, c in got.items()} == {
        p: dict(c) for p, c in expected.items()
    }
    assert len({status for c in expected.values() for status in c}) == 5  # every status


def test_upgrading_from_0006_counts_the_tally(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    _database_at(old, "0006_meeting_indexes")
    _add_staff_with_a_check(old)  # one direct-contact person, a check with no expiry date
    store = Store.open(old)
    try:
        assert store.report.upgraded_from == "0006_meeting_indexes"
        assert tally(store) == {(1, "invalid"): 1}
        with store.session() as s:  # and the triggers work in the upgraded file
            s.execute(update(StaffMember).values(left_on=TODAY))
        assert tally(store) == {}
    finally:
        store.close()


@pytest.mark.parametrize("revision", ["0006_meeting_indexes"])
def test_downgrading_removes_the_tally(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "down.sqlite3"
    _database_at(path, revision)
    with sqlite3.connect(path) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert "dbs_tally" not in names
    assert not any(name.startswith("trg_staff_tally") for name in names)
    assert "ix_staff_member_dbs_summary" in names


def test_the_tally_follows_dbs_imports(store: Store, tmp_path: Path) -> None:
    """An import tallies the people it adds and changes through the triggers (its writer
    stores each standing itself, with the check trigger aside: bulk_load): the same tally as
    a fresh count, after imports that add, change and leave people, for two providers."""
    from bscp_monitor.dbs.importer import import_file
    from tests.dbs.sheets import write_sheet

    header = ["Name", "Contact with children", "DBS Certificate Number", "DBS Issue Date",
              "DBS Level"]  # fmt: skip
    recent = TODAY - timedelta(days=200)
    old = TODAY - timedelta(days=4 * 365)
    rng = random.Random(5)

    def person(n: int) -> list[object]:
        return [
            f"Person {chr(65 + n % 26)}{chr(65 + n // 26)} Lee",
            rng.choice(["Direct", "Regular", "Occasional", "None"]),
            f"{n:012d}" if n % 7 else None,
            rng.choice([recent, old]),
            rng.choice(["Enhanced with barred list", "Enhanced", "Standard"]),
        ]

    first = write_sheet(tmp_path / "first.xlsx", [header, *(person(n) for n in range(1, 40))])
    import_file(store, first, "Provider A")
    import_file(store, first, "Provider B")
    assert tally(store) == recounted(store)
    # Again for A: some people changed (contact, level, date), some new, some not in it.
    second = write_sheet(tmp_path / "second.xlsx", [header, *(person(n) for n in range(20, 60))])
    import_file(store, second, "Provider A")
    assert tally(store) == recounted(store)
    assert sum(tally(store).values()) > 40
