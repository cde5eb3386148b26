"""The DBS standing the triggers keep on each staff member agrees with status_of, for every
combination of values and through every kind of write."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, text, update

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel, DbsStanding
from bscp_monitor.data.models import DbsCheck, Provider, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import DbsStatus, standing_of, status_of
from tests.data.test_migrations import _add_staff_with_a_check, _database_at

TODAY = date(2026, 11, 22)
EXPIRIES = (
    None,
    TODAY - timedelta(days=1),
    TODAY,
    TODAY + timedelta(days=90),
    TODAY + timedelta(days=91),
)


@pytest.fixture
def store(store_on_both: Store) -> Store:
    """Each test here runs on SQLite and on PostgreSQL."""
    return store_on_both


def expected(check: DbsCheck | None, contact: ContactLevel) -> tuple[DbsStanding, date | None]:
    status, _reason = status_of(check, contact, TODAY)
    if status is DbsStatus.MISSING:
        return DbsStanding.MISSING, None
    assert check is not None
    if status is DbsStatus.INVALID:
        return DbsStanding.INVALID, check.expiry_date
    return DbsStanding.DATED, check.expiry_date


def standings(store: Store) -> dict[int, tuple[DbsStanding, date | None]]:
    with store.session() as s:
        rows = s.execute(select(StaffMember.id, StaffMember.dbs_standing, StaffMember.dbs_expiry))
        return {i: (standing, expiry) for i, standing, expiry in rows}


def test_every_combination_agrees_with_status_of(store: Store) -> None:
    combos = list(
        itertools.product(ContactLevel, (None, "001234567890"), DbsLevel, BarredList, EXPIRIES)
    )
    with store.session() as s:
        s.add(Provider(id=1, name="Acme Care"))
        s.flush()
        s.execute(
            insert(StaffMember),
            [
                {
                    "id": n,
                    "provider_id": 1,
                    "full_name": f"P {n}",
                    "normalised_name": f"p {n}",
                    "contact_level": contact,
                }
                for n, (contact, *_rest) in enumerate(combos, start=1)
            ],
        )
        s.execute(
            insert(DbsCheck),
            [
                {
                    "staff_member_id": n,
                    "certificate_number": number and f"{n:012d}",
                    "level": level,
                    "barred_list": barred,
                    "expiry_date": expiry,
                }
                for n, (_c, number, level, barred, expiry) in enumerate(combos, start=1)
            ],
        )
    got = standings(store)
    with store.session() as s:
        people = {p.id: p for p in s.scalars(select(StaffMember))}
        for n in people:
            person = people[n]
            check = person.dbs_checks[-1]
            assert got[n] == expected(check, person.contact_level), combos[n - 1]
            assert standing_of(check, person.contact_level) == got[n], combos[n - 1]
    # Every standing occurs, so the comparison above is not one-sided.
    assert {standing for standing, _e in got.values()} == set(DbsStanding)


def _one_person(store: Store, contact: ContactLevel = ContactLevel.DIRECT) -> int:
    with store.session() as s:
        s.add(Provider(id=1, name="Acme Care"))
        s.flush()
        person = StaffMember(
            provider_id=1, full_name="Ann Lee", normalised_name="ann lee", contact_level=contact
        )
        s.add(person)
        s.flush()
        return person.id


def _add_check(
    store: Store,
    staff_id: int,
    number: str | None,
    level: DbsLevel,
    barred: BarredList,
    expiry: date | None = None,
    check_id: int | None = None,
) -> None:
    with store.session() as s:
        s.add(
            DbsCheck(
                id=check_id,
                staff_member_id=staff_id,
                certificate_number=number,
                level=level,
                barred_list=barred,
                expiry_date=expiry,
            )
        )


def test_a_person_with_no_check_is_missing(store: Store) -> None:
    pid = _one_person(store)
    assert standings(store)[pid] == (DbsStanding.MISSING, None)


def test_the_latest_check_counts_and_edits_and_deletes_follow(store: Store) -> None:
    pid = _one_person(store)
    good = TODAY + timedelta(days=400)
    _add_check(store, pid, "001234567890", DbsLevel.ENHANCED_BARRED, BarredList.CHILDREN, good)
    assert standings(store)[pid] == (DbsStanding.DATED, good)

    # A newer check, of the wrong level, replaces it.
    _add_check(store, pid, "009999999999", DbsLevel.BASIC, BarredList.NONE, good)
    assert standings(store)[pid] == (DbsStanding.INVALID, good)

    with store.session() as s:  # corrected in place
        s.execute(
            update(DbsCheck)
            .where(DbsCheck.certificate_number == "009999999999")
            .values(level=DbsLevel.ENHANCED, barred_list=BarredList.BOTH)
        )
    assert standings(store)[pid] == (DbsStanding.DATED, good)

    with store.session() as s:  # the newer one deleted: the older one counts again
        s.execute(delete(DbsCheck).where(DbsCheck.certificate_number == "009999999999"))
    assert standings(store)[pid] == (DbsStanding.DATED, good)

    with store.session() as s:  # and with none left, the person is missing
        s.execute(delete(DbsCheck))
    assert standings(store)[pid] == (DbsStanding.MISSING, None)


def test_a_change_of_contact_level_is_followed(store: Store) -> None:
    pid = _one_person(store, ContactLevel.OCCASIONAL)
    expiry = TODAY + timedelta(days=30)
    _add_check(store, pid, "001234567890", DbsLevel.STANDARD, BarredList.NONE, expiry)
    assert standings(store)[pid] == (DbsStanding.DATED, expiry)
    with store.session() as s:
        s.execute(update(StaffMember).values(contact_level=ContactLevel.DIRECT))
    assert standings(store)[pid] == (DbsStanding.INVALID, expiry)
    with store.session() as s:  # through the ORM as well
        person = s.get(StaffMember, pid)
        assert person is not None
        person.contact_level = ContactLevel.NONE
    assert standings(store)[pid] == (DbsStanding.DATED, expiry)


def test_deleting_a_person_with_checks_leaves_nothing_behind(store: Store) -> None:
    pid = _one_person(store)
    _add_check(store, pid, "001234567890", DbsLevel.ENHANCED, BarredList.CHILDREN, TODAY)
    with store.session() as s:
        s.execute(delete(StaffMember).where(StaffMember.id == pid))
        assert s.scalar(select(text("count(*)")).select_from(DbsCheck)) == 0
    assert standings(store) == {}


def test_upgrading_from_0004_works_out_everyones_standing(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    _database_at(old, "0004_fast_enum_checks")
    _add_staff_with_a_check(old)  # a direct-contact person whose check has no expiry date
    with sqlite3.connect(old) as db:
        db.execute(
            "INSERT INTO staff_member (id, provider_id, full_name, normalised_name, role, "
            "contact_level) VALUES (2, 1, 'Bo Kay', 'bo kay', '', 'regular')"
        )
        db.execute(
            "INSERT INTO dbs_check (staff_member_id, certificate_number, level, barred_list, "
            "expiry_date, expiry_from_provider, update_service) "
            "VALUES (2, '000123456780', 'enhanced_barred', 'children', '2027-03-01', 0, 0)"
        )
    db.close()
    store = Store.open(old)
    try:
        assert store.report.upgraded_from == "0004_fast_enum_checks"
        assert standings(store) == {
            1: (DbsStanding.INVALID, None),
            2: (DbsStanding.DATED, date(2027, 3, 1)),
        }
        with store.session() as s:  # and the triggers work in the upgraded file
            s.execute(
                update(DbsCheck)
                .where(DbsCheck.staff_member_id == 1)
                .values(expiry_date=date(2027, 1, 1))
            )
        assert standings(store)[1] == (DbsStanding.DATED, date(2027, 1, 1))
    finally:
        store.close()


@pytest.mark.parametrize("revision", ["0004_fast_enum_checks"])
def test_downgrading_removes_the_triggers(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "down.sqlite3"
    _database_at(path, revision)
    with sqlite3.connect(path) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        columns = {r[1] for r in db.execute("PRAGMA table_info(staff_member)")}
    db.close()
    assert names == set()
    assert "dbs_standing" not in columns


def test_a_wrong_standing_given_with_the_row_is_put_right(store: Store) -> None:
    """A writer may store the standing it expects; the insert trigger corrects a wrong one."""
    with store.session() as s:
        s.add(Provider(id=1, name="Acme Care"))
        s.flush()
        s.execute(
            insert(StaffMember),
            [
                {
                    "id": 1,
                    "provider_id": 1,
                    "full_name": "A",
                    "normalised_name": "a",
                    "contact_level": ContactLevel.DIRECT,
                    "dbs_standing": DbsStanding.DATED,
                    "dbs_expiry": TODAY,
                }
            ],
        )
        s.execute(
            insert(DbsCheck),
            [
                {
                    "staff_member_id": 1,
                    "certificate_number": "001234567890",
                    "level": DbsLevel.STANDARD,
                    "barred_list": BarredList.NONE,
                    "expiry_date": TODAY,
                }
            ],
        )
    assert standings(store)[1] == (DbsStanding.INVALID, TODAY)


def test_an_older_check_inserted_later_does_not_displace_the_latest(store: Store) -> None:
    pid = _one_person(store)
    later = TODAY + timedelta(days=500)
    _add_check(
        store, pid, "001234567890", DbsLevel.ENHANCED, BarredList.CHILDREN, later, check_id=50
    )
    _add_check(store, pid, None, DbsLevel.UNKNOWN, BarredList.NONE, check_id=10)
    assert standings(store)[pid] == (DbsStanding.DATED, later)
