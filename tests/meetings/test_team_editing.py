"""Colleagues at the same time (issue 14, point 3): a stale copy's edit is refused, never
written over a colleague's, and a meeting being recorded is held by its recorder. Each test
runs on SQLite and on PostgreSQL, with two stores (two clients) on one database; the last
ones with a second client in a real process of its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from bscp_monitor.common import audit
from bscp_monitor.common.clock import to_local
from bscp_monitor.common.enums import MetricDirection, MetricFrequency, MetricUnit
from bscp_monitor.common.versions import ChangedMeanwhile
from bscp_monitor.contracts import clauses, providers
from bscp_monitor.contracts.register import get_contract, update_contract
from bscp_monitor.data.base import utcnow
from bscp_monitor.data.models import MeetingHold
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.meetings import agenda, hold, meetings, metrics, thematic_checks
from bscp_monitor.meetings.actions import edit_action_at, raise_action
from tests.registers import make_contract, meeting_under_way


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "team.sqlite3")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def two(location: str) -> tuple[Store, Store]:
    first = Store.open(location)
    second = Store.open(location)
    yield first, second
    first.close()
    second.close()


def _user(store: Store) -> str:
    with store.session() as session:
        return audit.user_of(session)


def test_a_contract_edited_from_a_stale_copy_is_refused_with_who_and_when(
    two: tuple[Store, Store],
) -> None:
    mine, theirs = two
    contract = get_contract(mine, make_contract(mine))
    opened = get_contract(mine, contract.id)  # I open it...
    update_contract(theirs, contract.id, title="Their title")  # ...a colleague saves it...
    with pytest.raises(ChangedMeanwhile) as refused:  # ...and my save is refused
        update_contract(mine, contract.id, expected_version=opened.version, title="My title")
    now = to_local(utcnow())
    message = str(refused.value)
    assert message.startswith(f"Changed by {_user(theirs)} at ")
    assert "since you opened it" in message
    assert abs(int(message.split(" at ")[1][:2]) - now.hour) <= 1
    assert get_contract(theirs, contract.id).title == "Their title"  # theirs kept
    fresh = get_contract(mine, contract.id)
    saved = update_contract(mine, contract.id, expected_version=fresh.version, title="My title")
    assert saved.title == "My title"
    assert saved.version == fresh.version + 1


def test_minutes_typed_over_a_colleagues_save_are_refused_and_kept_by_the_caller(
    two: tuple[Store, Store],
) -> None:
    mine, theirs = two
    contract = get_contract(mine, make_contract(mine))
    meeting_id = meeting_under_way(mine, contract.id, date.today())
    item = meetings.get_meeting(mine, meeting_id).safeguarding_item
    version = agenda.save_item(mine, item.id, item.version, {"discussion": "Mine, first"})
    version = agenda.save_item(mine, item.id, version, {"discussion": "Mine, second"})
    agenda.save_item(theirs, item.id, None, {"discussion": "Theirs"})
    with pytest.raises(ChangedMeanwhile):
        agenda.save_item(mine, item.id, version, {"discussion": "Mine, third"})
    assert meetings.get_meeting(theirs, meeting_id).safeguarding_item.discussion == "Theirs"


def test_an_action_edited_from_a_stale_copy_is_refused(two: tuple[Store, Store]) -> None:
    mine, theirs = two
    contract = get_contract(mine, make_contract(mine))
    meeting_id = meeting_under_way(mine, contract.id, date.today())
    action = raise_action(mine, meeting_id, None, "Send the audit", "Sam Jones")
    edit_action_at(theirs, action.id, action.version, {"owner": "Alex Smith"})
    with pytest.raises(ChangedMeanwhile):
        edit_action_at(mine, action.id, action.version, {"owner": "Jo Bloggs"})


def test_a_provider_edited_from_a_stale_copy_is_refused(two: tuple[Store, Store]) -> None:
    mine, theirs = two
    provider_id = get_contract(mine, make_contract(mine)).provider_id
    opened = providers.get_provider(mine, provider_id)
    providers.update_provider(theirs, provider_id, safeguarding_lead_name="Alex Smith")
    with pytest.raises(ChangedMeanwhile) as refused:
        providers.update_provider(
            mine, provider_id, expected_version=opened.version, safeguarding_lead_name="Jo"
        )
    assert str(refused.value).startswith(f"Changed by {_user(theirs)} at ")
    assert providers.get_provider(mine, provider_id).safeguarding_lead_name == "Alex Smith"
    fresh = providers.get_provider(mine, provider_id)
    assert fresh.version == opened.version + 1
    saved = providers.update_provider(
        mine, provider_id, expected_version=fresh.version, safeguarding_lead_name="Jo"
    )
    assert (saved.safeguarding_lead_name, saved.version) == ("Jo", fresh.version + 1)


def test_a_thematic_check_edited_from_a_stale_copy_is_refused(two: tuple[Store, Store]) -> None:
    mine, theirs = two
    contract = get_contract(mine, make_contract(mine))
    shown = thematic_checks.plan_check(mine, contract.id, "Safer recruitment", date.today())
    assert shown.version == 1
    thematic_checks.update_check(theirs, shown.id, scope="Their scope")
    with pytest.raises(ChangedMeanwhile) as refused:
        thematic_checks.update_check(
            mine, shown.id, expected_version=shown.version, scope="My scope"
        )
    assert str(refused.value).startswith(f"Changed by {_user(theirs)} at ")
    with pytest.raises(ChangedMeanwhile):
        thematic_checks.record_outcome(
            mine, shown.id, date.today(), "My findings", "green", expected_version=shown.version
        )
    now = thematic_checks.get_check(mine, shown.id)
    assert (now.scope, now.findings, now.version) == ("Their scope", "", 2)
    done = thematic_checks.record_outcome(
        mine, shown.id, date.today(), "My findings", "green", expected_version=now.version
    )
    assert (done.findings, done.version) == ("My findings", 3)


def test_a_metric_definition_edited_from_a_stale_copy_is_refused(
    two: tuple[Store, Store],
) -> None:
    mine, theirs = two
    contract = get_contract(mine, make_contract(mine))
    shown = metrics.define_metric(
        mine, contract.id, "Visits on time", MetricUnit.PERCENTAGE,
        MetricDirection.HIGHER_IS_BETTER, 90.0, 80.0, 70.0, MetricFrequency.MONTHLY,
    )  # fmt: skip
    assert shown.version == 1
    metrics.update_metric(theirs, shown.id, target=95.0)
    with pytest.raises(ChangedMeanwhile):
        metrics.update_metric(mine, shown.id, expected_version=shown.version, target=85.0)
    now = metrics.get_metric(mine, shown.id)
    assert (now.target, now.version) == (95.0, 2)


def test_a_dbs_record_edited_from_a_stale_copy_is_refused(two: tuple[Store, Store]) -> None:
    mine, theirs = two
    provider_id = get_contract(mine, make_contract(mine)).provider_id
    with mine.session() as session:
        from bscp_monitor.data.models import StaffMember

        person = StaffMember(
            provider_id=provider_id, full_name="Ann Lee", normalised_name="ann lee"
        )
        session.add(person)
        session.flush()
        staff_id = person.id
    shown = dbs_register.get_staff(mine, staff_id)
    assert shown.version == 1
    dbs_register.update_staff(theirs, staff_id, role="Team leader")
    with pytest.raises(ChangedMeanwhile) as refused:
        dbs_register.update_staff(mine, staff_id, expected_version=shown.version, role="Carer")
    assert "since you opened it" in str(refused.value)
    now = dbs_register.get_staff(mine, staff_id)
    assert (now.role, now.version) == ("Team leader", 2)
    assert (
        dbs_register.update_staff(
            mine, staff_id, expected_version=now.version, role="Carer"
        ).version
        == 3
    )


def test_a_dbs_record_shown_before_an_import_changed_it_is_not_saved_over(
    two: tuple[Store, Store], tmp_path: Path
) -> None:
    """A colleague's DBS import changes a person while their record is open here: saving
    the stale copy is refused (the import's change is never written over)."""
    from bscp_monitor.dbs.importer import import_file
    from tests.dbs.sheets import write_csv

    mine, theirs = two
    provider = get_contract(mine, make_contract(mine)).provider_name
    header = ["Full name", "Role", "DBS certificate number", "Date of issue"]
    first = write_csv(
        tmp_path / "first.csv", [header, ["Ann Lee", "Carer", "001234567890", "01/03/2024"]]
    )
    import_file(theirs, first, provider)
    (staff_id,) = [p.id for p in dbs_register.list_staff(mine) if p.full_name == "Ann Lee"]
    shown = dbs_register.get_staff(mine, staff_id)
    second = write_csv(
        tmp_path / "second.csv", [header, ["Ann Lee", "Team leader", "001234567890", "01/03/2024"]]
    )
    result = import_file(theirs, second, provider)
    assert result.updated == 1
    with pytest.raises(ChangedMeanwhile):
        dbs_register.update_staff(mine, staff_id, expected_version=shown.version, role="Carer")
    assert dbs_register.get_staff(mine, staff_id).role == "Team leader"


def test_a_clause_check_saved_from_a_stale_copy_is_refused(two: tuple[Store, Store]) -> None:
    mine, theirs = two
    contract_id = make_contract(mine)
    never = clauses.clause_checklist(mine, contract_id)[0]
    assert never.version == 0
    assert clauses.update_clause_check(theirs, contract_id, 1, note="Their note") == 1
    with pytest.raises(ChangedMeanwhile):  # shown never assessed; a colleague recorded it
        clauses.update_clause_check(mine, contract_id, 1, expected_version=0, note="Mine")
    shown = clauses.clause_checklist(mine, contract_id)[0]
    assert (shown.note, shown.version) == ("Their note", 1)
    assert clauses.update_clause_check(theirs, contract_id, 1, clause_ref="Sch 2") == 2
    with pytest.raises(ChangedMeanwhile) as refused:
        clauses.update_clause_check(mine, contract_id, 1, expected_version=1, note="Mine")
    assert str(refused.value).startswith(f"Changed by {_user(theirs)} at ")
    assert clauses.clause_checklist(theirs, contract_id)[0].note == "Their note"
    assert clauses.update_clause_check(mine, contract_id, 1, expected_version=2, note="Mine") == 3


def test_a_meeting_is_held_by_its_recorder(two: tuple[Store, Store]) -> None:
    mine, theirs = two
    contract = get_contract(mine, make_contract(mine))
    meeting_id = meeting_under_way(mine, contract.id, date.today())
    held = hold.take_hold(mine, meeting_id)
    assert hold.current_hold(theirs, meeting_id) == held
    with pytest.raises(hold.HeldByAnother) as refused:
        hold.take_hold(theirs, meeting_id)
    since = to_local(held.since).strftime("%H:%M")
    assert f"{_user(mine)} is recording this meeting since {since}" in str(refused.value)
    hold.ensure_holding(mine, held, meeting_id)
    with pytest.raises(hold.HeldByAnother):
        hold.ensure_holding(theirs, None, meeting_id)
    held = hold.heartbeat(mine, held)

    taken = hold.take_hold(theirs, meeting_id, take_over=True)  # explicitly
    with pytest.raises(hold.HoldLost):
        hold.heartbeat(mine, held)
    hold.release(mine, held)  # the old window closing leaves the new hold alone
    assert hold.current_hold(mine, meeting_id) == taken
    hold.release(theirs, taken)
    assert hold.current_hold(mine, meeting_id) is None


def test_a_hold_without_a_heartbeat_lapses(two: tuple[Store, Store]) -> None:
    mine, theirs = two
    contract = get_contract(mine, make_contract(mine))
    meeting_id = meeting_under_way(mine, contract.id, date.today())
    hold.take_hold(mine, meeting_id)
    with mine.session() as session:  # the recorder's laptop went to sleep three minutes ago
        session.execute(
            update(MeetingHold).values(heartbeat_at=utcnow() - hold.LAPSE - timedelta(minutes=1))
        )
    assert hold.current_hold(theirs, meeting_id) is None
    assert hold.take_hold(theirs, meeting_id).holder == _user(theirs)


_CLIENT = textwrap.dedent(
    """
    import sys
    from bscp_monitor.data.store import Store
    from bscp_monitor.meetings import hold
    from bscp_monitor.contracts.register import update_contract
    from bscp_monitor.contracts.providers import update_provider
    store = Store.open(sys.argv[1])
    if sys.argv[2] == "hold":
        print(hold.take_hold(store, int(sys.argv[3])).token)
    elif sys.argv[2] == "provider":
        update_provider(store, int(sys.argv[3]), address="Saved by the other client")
    else:
        update_contract(store, int(sys.argv[3]), title="Saved by the other client")
    store.close()
    """
)


def _other_client(location: str, what: str, record_id: int) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _CLIENT, location, what, str(record_id)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_two_client_processes_stale_edit_and_hold(location: str) -> None:
    # One store in this process: a second one's opening would read the file's header, and
    # closing that handle drops this process's SQLite locks (POSIX locks are per process).
    mine = Store.open(location)
    try:
        _two_processes(mine, location)
    finally:
        mine.close()


def _two_processes(mine: Store, location: str) -> None:
    contract = get_contract(mine, make_contract(mine))
    opened = get_contract(mine, contract.id)
    _other_client(location, "edit", contract.id)
    with pytest.raises(ChangedMeanwhile):
        update_contract(mine, contract.id, expected_version=opened.version, title="Mine")
    assert get_contract(mine, contract.id).title == "Saved by the other client"

    shown = providers.get_provider(mine, contract.provider_id)
    _other_client(location, "provider", contract.provider_id)
    with pytest.raises(ChangedMeanwhile):
        providers.update_provider(
            mine, contract.provider_id, expected_version=shown.version, address="Mine"
        )
    assert providers.get_provider(mine, contract.provider_id).address == "Saved by the other client"

    meeting_id = meeting_under_way(mine, contract.id, date.today())
    token = _other_client(location, "hold", meeting_id)
    with pytest.raises(hold.HeldByAnother) as refused:
        hold.take_hold(mine, meeting_id)
    assert refused.value.hold.token == token
