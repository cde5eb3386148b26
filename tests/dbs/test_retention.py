"""Leavers' certificate numbers and dates of birth kept no longer than the retention period
(issue 12, point 8): the core, the command line and the audit trail."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bscp_monitor.cli.main import main
from bscp_monitor.common import audit
from bscp_monitor.common.errors import ValidationError
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import AuditEvent, DbsCheck, Provider, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import retention

TODAY = date.today()


def _months_ago(months: int) -> date:
    from bscp_monitor.common.dates import add_months

    return add_months(TODAY, -months)


def _person(store: Store, name: str, left_on: date | None, number: str | None) -> int:
    with store.session() as s:
        provider = s.scalar(select(Provider).where(Provider.name == "Sunrise Care"))
        if provider is None:
            provider = Provider(name="Sunrise Care")
            s.add(provider)
            s.flush()
        person = StaffMember(
            provider_id=provider.id,
            full_name=name,
            normalised_name=name.lower(),
            role="Carer",
            date_of_birth=date(1990, 5, 17) if number else None,
            start_date=date(2020, 1, 6),
            left_on=left_on,
        )
        s.add(person)
        s.flush()
        s.add(DbsCheck(staff_member_id=person.id, certificate_number=number,
                       issue_date=date(2021, 3, 1)))  # fmt: skip
        s.add(DbsCheck(staff_member_id=person.id, certificate_number=number and "00" + number[2:]))
        audit.record(
            s, AuditAction.UPDATE, "staff_member", person.id, f"DBS import updated {name}",
            {"date_of_birth": (None, date(1990, 5, 17)), "role": ("Cook", "Carer")},
        )  # fmt: skip
        return person.id


@pytest.fixture
def register(store: Store) -> dict[str, int]:
    return {
        "old": _person(store, "Ann Lee", _months_ago(13), "991234567777"),
        "recent": _person(store, "Bo Cole", _months_ago(11), "991234568888"),
        "current": _person(store, "Cy Dent", None, "991234569999"),
        "bare": _person(store, "Di Eve", _months_ago(30), None),
    }


def _state(store: Store, staff_id: int) -> tuple[object, ...]:
    with store.session() as s:
        person = s.get_one(StaffMember, staff_id)
        numbers = s.scalars(
            select(DbsCheck.certificate_number).where(DbsCheck.staff_member_id == staff_id)
        ).all()
        return (person.full_name, person.role, person.start_date, person.left_on,
                person.date_of_birth, person.purged_on, tuple(numbers))  # fmt: skip


def test_a_dry_run_names_who_and_changes_nothing(store: Store, register: dict[str, int]) -> None:
    before = {key: _state(store, i) for key, i in register.items()}
    result = retention.purge_leavers(store, dry_run=True)
    assert result.cutoff == _months_ago(12)
    assert [p.name for p in result.people] == ["Ann Lee"]
    assert result.summary().startswith("Would erase the certificate numbers and dates of")
    assert {key: _state(store, i) for key, i in register.items()} == before


def test_purging_erases_number_and_birth_date_and_keeps_the_rest(
    store: Store, register: dict[str, int]
) -> None:
    before = {key: _state(store, i) for key, i in register.items()}
    result = retention.purge_leavers(store)
    assert result.as_json() == {
        "cutoff": _months_ago(12).isoformat(),
        "retention_months": 12,
        "dry_run": False,
        "purged": 1,
        "people": [
            {"id": register["old"], "name": "Ann Lee", "provider": "Sunrise Care",
             "left_on": _months_ago(13).isoformat()}
        ],
    }  # fmt: skip
    name, role, start, left_on, birth, purged_on, numbers = _state(store, register["old"])
    assert (name, role, start, left_on) == before["old"][:4]
    assert (birth, purged_on, numbers) == (None, TODAY, (None, None))
    for key in ("recent", "current", "bare"):
        assert _state(store, register[key]) == before[key]
    with store.session() as s:
        events = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_id == register["old"])
            .order_by(AuditEvent.id)
        ).all()
        trail = " ".join(e.summary + e.changes for e in events)
        assert "Purged Ann Lee (Sunrise Care)" in events[-1].summary
        assert "7777" not in trail
        assert "1990-05-17" not in trail  # the earlier event's date of birth too
        others = s.scalars(
            select(AuditEvent.changes).where(AuditEvent.entity_id != register["old"])
        )
        assert any("1990-05-17" in c for c in others)  # nobody else's touched
    assert retention.purge_leavers(store).purged == 0  # nothing left to erase
    from bscp_monitor.dbs.register import get_staff

    note = get_staff(store, register["old"]).reason
    assert note.startswith(f"Record purged on {TODAY:%d/%m/%Y}: the certificate number and")


def test_the_retention_period_is_a_setting(store: Store, register: dict[str, int]) -> None:
    retention.set_retention_months(store, 6)
    assert [p.name for p in retention.purge_leavers(store, dry_run=True).people] == [
        "Ann Lee",
        "Bo Cole",
    ]
    retention.set_retention_months(store, 24)
    assert retention.purge_leavers(store, dry_run=True).people == ()
    with pytest.raises(ValidationError, match="between 1 and 120 months"):
        retention.set_retention_months(store, 0)


def test_the_command_line(
    tmp_path: Path, store: Store, register: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(store.path)
    assert main(["purge-leavers", "--dry-run", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Would erase the certificate numbers and dates of birth of 1 leaver")
    assert f"  Ann Lee (Sunrise Care), left {_months_ago(13):%d/%m/%Y}" in out
    assert main(["purge-leavers", "--json", "--db", db]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["purged"] == 1
    assert document["dry_run"] is False
    assert document["people"][0]["name"] == "Ann Lee"
    assert main(["purge-leavers", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("No leaver who left before")
    assert main(["purge-leavers", "--db", str(tmp_path / "missing.sqlite3")]) == 1
