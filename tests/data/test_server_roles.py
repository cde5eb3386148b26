"""init-server's roles, enforced by PostgreSQL itself: each role logs in and types SQL by hand,
and can do no more than the app allows it (issue 14, points 2, 4 and 5)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import text

from bscp_monitor.cli.main import main
from bscp_monitor.data.server_roles import DBS_OFFICER, EDITOR, READER
from tests.pg_server import PgServer


@pytest.fixture
def team(pg_server: PgServer, pg_demo_url: str) -> Iterator[dict[str, Any]]:
    """The demo on a server set up by init-server, and a login in each role."""
    assert main(["--db", pg_demo_url, "init-server"]) == 0
    database = pg_demo_url.rsplit("/", 1)[1]
    logins = {
        role: f"{database}_{role.removeprefix('bscp_')}" for role in (READER, EDITOR, DBS_OFFICER)
    }
    for role, login in logins.items():
        pg_server.admin(f"CREATE ROLE {login} LOGIN IN ROLE {role}")
    yield {"server": pg_server, "database": database, "logins": logins, "admin_url": pg_demo_url}
    pg_server.drop_database(database)
    for login in logins.values():
        pg_server.admin(f"DROP ROLE IF EXISTS {login}")


def _as(team: dict[str, Any], role: str) -> psycopg.Connection[Any]:
    server: PgServer = team["server"]
    return psycopg.connect(
        host="127.0.0.1", port=server.port, dbname=team["database"],
        user=team["logins"][role], autocommit=True,
    )  # fmt: skip


def _refused(conn: psycopg.Connection[Any], sql: str, params: Any = None) -> None:
    with pytest.raises((errors.InsufficientPrivilege, errors.CheckViolation)):
        conn.execute(sql, params)


def test_init_server_is_idempotent(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", pg_url, "init-server"]) == 0
    assert main(["--db", pg_url, "init-server", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"roles_created": []' in out


def test_init_server_on_a_sqlite_file_is_refused_in_words(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "x.sqlite3"), "init-server"]) == 1
    assert "PostgreSQL" in capsys.readouterr().err


def test_a_reader_sees_all_but_full_numbers_and_changes_nothing(team: dict[str, Any]) -> None:
    with _as(team, READER) as conn:
        assert conn.execute("SELECT count(*) FROM contract").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] > 0
        masked = conn.execute(
            "SELECT masked_number FROM dbs_certificate_masked WHERE masked_number IS NOT NULL"
        ).fetchall()
        assert masked
        assert all(m[0][:-4] == "*" * 8 and m[0][-4:].isdigit() for m in masked)
        assert conn.execute("SELECT id, level FROM dbs_check").fetchall()
        _refused(conn, "SELECT certificate_number FROM dbs_check")
        _refused(conn, "SELECT * FROM dbs_check")
        _refused(conn, "SELECT current_certificate FROM staff_member")
        _refused(conn, "SELECT reveal_certificate(1)")
        _refused(conn, "SELECT * FROM dbs_checks_numbered(ARRAY['123456789012'])")
        _refused(conn, "UPDATE contract SET title = 'x'")
        _refused(conn, "INSERT INTO provider (name) VALUES ('x')")
        _refused(conn, "DELETE FROM meeting")
        _refused(conn, "DELETE FROM audit_event")
        _refused(conn, "CREATE TABLE mine (x int)")
        _refused(conn, "DROP TABLE action")


def test_an_editor_writes_but_never_reads_a_full_number_nor_forges_the_trail(
    team: dict[str, Any],
) -> None:
    login = team["logins"][EDITOR]
    with _as(team, EDITOR) as conn:
        conn.execute("UPDATE contract SET title = title || '' WHERE id = 1")
        staff = conn.execute("SELECT min(id) FROM staff_member").fetchone()[0]
        conn.execute(
            "INSERT INTO dbs_check (staff_member_id, certificate_number, level, barred_list, "
            "expiry_from_provider, update_service) "
            "VALUES (%s, '555566667777', 'enhanced_barred', 'children', false, false)",
            (staff,),
        )  # the triggers keep the standing and tally, whoever writes
        found = conn.execute(
            "SELECT certificate_number FROM dbs_checks_numbered(ARRAY['555566667777', '1'])"
        ).fetchall()
        assert found == [("555566667777",)]  # only numbers the editor already holds
        _refused(conn, "SELECT certificate_number FROM dbs_check")
        _refused(conn, "SELECT reveal_certificate(1)")
        _refused(conn, "UPDATE dbs_tally SET people = 0")
        _refused(conn, "DELETE FROM audit_event")
        conn.execute(
            'INSERT INTO audit_event ("user", at, action, entity, entity_id, summary, changes) '
            "VALUES (current_user, now(), 'update', 'contract', 1, 'x', '{}')"
        )
        with pytest.raises(errors.InsufficientPrivilege):  # row security: not in another's name
            conn.execute(
                'INSERT INTO audit_event ("user", at, action, entity, entity_id, summary, '
                "changes) VALUES ('somebody.else', now(), 'update', 'contract', 1, 'x', '{}')"
            )
        amended = conn.execute(
            "UPDATE audit_event SET summary = 'forged' WHERE \"user\" != %s", (login,)
        )
        assert amended.rowcount == 0
        _refused(conn, "CREATE TABLE mine (x int)")


def test_a_dbs_officer_reveals_a_number_only_through_the_audited_function(
    team: dict[str, Any],
) -> None:
    login = team["logins"][DBS_OFFICER]
    with _as(team, DBS_OFFICER) as conn:
        _refused(conn, "SELECT certificate_number FROM dbs_check")
        check = conn.execute(
            "SELECT check_id FROM dbs_certificate_masked WHERE masked_number IS NOT NULL LIMIT 1"
        ).fetchone()[0]
        before = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        number = conn.execute("SELECT reveal_certificate(%s)", (check,)).fetchone()[0]
        assert len(number) == 12
        assert number.isdigit()
        event = conn.execute(
            'SELECT "user", action, summary FROM audit_event ORDER BY id DESC LIMIT 1'
        ).fetchone()
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] == before + 1
    assert event[0] == login
    assert event[1] == "reveal"
    assert "Revealed the DBS certificate number" in event[2]


def _url(team: dict[str, Any], role: str) -> str:
    server: PgServer = team["server"]
    return server.url(team["database"], user=team["logins"][role])


def test_the_app_as_each_role(team: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    for role in (READER, EDITOR, DBS_OFFICER):
        for command in (["contracts"], ["meetings"], ["actions"], ["compliance"], ["dbs"]):
            code = main(["--db", _url(team, role), *command, "--json"])
            captured = capsys.readouterr()
            assert code == 0, (role, command, captured.err)
            if command == ["dbs"]:  # the register as the owner sees it, numbers masked
                assert main(["--db", team["admin_url"], "dbs", "--json"]) == 0
                assert json.loads(captured.out) == json.loads(capsys.readouterr().out)


def test_only_a_dbs_officer_reveals_numbers_in_the_app(
    team: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", team["admin_url"], "dbs", "--reveal", "--json"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert main(["--db", _url(team, DBS_OFFICER), "dbs", "--reveal", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == full
    for role in (READER, EDITOR):
        assert main(["--db", _url(team, role), "dbs", "--reveal", "--json"]) == 1
        err = capsys.readouterr().err
        assert "not allowed" in err
        assert "Traceback" not in err


def test_on_a_server_the_audit_trail_names_the_database_login(team: dict[str, Any]) -> None:
    from sqlalchemy import select

    from bscp_monitor.contracts.providers import create_provider
    from bscp_monitor.data.models import AuditEvent
    from bscp_monitor.data.store import Store

    store = Store.open(_url(team, EDITOR))
    try:
        create_provider(store, "Logged By Login Ltd")
        with store.session() as session:
            latest = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    finally:
        store.close()
    assert latest is not None
    assert "Logged By Login Ltd" in latest.summary
    assert latest.user == team["logins"][EDITOR]


def test_on_sqlite_the_audit_trail_names_the_os_user(tmp_path: Any) -> None:
    import getpass

    from sqlalchemy import select

    from bscp_monitor.contracts.providers import create_provider
    from bscp_monitor.data.models import AuditEvent
    from bscp_monitor.data.store import Store

    store = Store.open(tmp_path / "solo.sqlite3")
    try:
        create_provider(store, "Solo Ltd")
        with store.session() as session:
            latest = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    finally:
        store.close()
    assert latest is not None
    assert latest.user == getpass.getuser()


def test_a_refusal_by_the_server_is_explained_in_words(
    team: dict[str, Any], tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.dbs.sheets import write_xlsx

    sheet = write_xlsx(
        tmp_path / "s.xlsx",
        {"Staff": [["Name", "Job title", "Contact with children"], ["Ann Lee", "Carer", "Direct"]]},
    )
    code = main(["--db", _url(team, READER), "import-dbs", str(sheet), "--provider", "Barnardo's"])
    err = capsys.readouterr().err
    assert code == 1
    assert "not allowed" in err
    assert "nothing was" in err.lower()
    assert "Traceback" not in err


def test_a_password_the_server_asks_for_is_asked_and_kept_in_memory_only(
    pg_server: PgServer, pg_url: str
) -> None:
    from bscp_monitor.data.store import Store, StoreError
    from tests.pg_server import ADMIN

    database = pg_url.rsplit("/", 1)[1]
    login = f"{database}_pw"
    pg_server.require_password(login, "s3cr3t-pw")
    pg_server.admin(f"GRANT ALL ON DATABASE {database} TO {login}")
    pg_server.admin(f"ALTER DATABASE {database} OWNER TO {login}")
    url = pg_server.url(database, user=login)
    with pytest.raises(StoreError) as refused:
        Store.open(url)  # no way to ask: one message in words
    assert "password" in str(refused.value)
    asked: list[str] = []

    def ask(shown: str) -> str:
        asked.append(shown)
        return "s3cr3t-pw"

    store = Store.open(url, ask_password=ask)
    try:
        assert asked == [url]  # asked once, with the server named (no password in it)
        assert "s3cr3t-pw" not in store.url
        assert store.report.created
    finally:
        store.close()
    pg_server.admin(f"ALTER DATABASE {database} OWNER TO {ADMIN}")


def test_the_dbs_compliance_metric_is_the_same_for_a_login_without_numbers(
    team: dict[str, Any],
) -> None:
    from datetime import date, timedelta

    from bscp_monitor.data.store import Store
    from bscp_monitor.dbs.metric import dbs_compliance

    results = []
    for url in (team["admin_url"], _url(team, READER)):
        store = Store.open(url)
        try:
            with store.session() as session:
                providers = [p for (p,) in session.execute(text("SELECT id FROM provider"))]
            results.append(
                [
                    dbs_compliance(store, p, date.today() + timedelta(days=shift))
                    for p in providers
                    for shift in (-400, -30, 0, 30, 100, 400)
                ]
            )
        finally:
            store.close()
    assert results[0] == results[1]
    assert any(r.total for r in results[0])


def test_an_editor_imports_a_dbs_sheet_as_the_owner_would(
    team: dict[str, Any], tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """An editor never reads a full number, yet a sheet's rows match, differ and are stored
    exactly as they are for the owner of a SQLite copy of the same register."""
    from datetime import date, timedelta

    from bscp_monitor.data.store import Store
    from tests.conftest import seed_demo_at_nine
    from tests.dbs.sheets import write_xlsx

    solo = tmp_path / "solo.sqlite3"
    store = Store.open(solo)
    seed_demo_at_nine(store)
    store.close()
    assert main(["--db", str(solo), "dbs", "--reveal", "--json"]) == 0
    staff = [s for s in json.loads(capsys.readouterr().out)["staff"] if s["certificate_number"]]
    provider = staff[0]["provider"]
    theirs = [s for s in staff if s["provider"] == provider]
    assert len(theirs) >= 2  # one matched by number, one by name with a new number
    issued = date.today() - timedelta(days=300)
    header = ["Name", "Job title", "Contact with children", "DBS No", "DBS Type", "Date of issue"]
    rows: list[list[Any]] = [header]
    for n, person in enumerate(theirs):
        number = person["certificate_number"] if n % 2 == 0 else f"{987654320000 + n:012d}"
        rows.append(
            [person["name"], "Carer", "Direct", number, "Enhanced with barred list", issued]
        )
    rows.append(["Newly Joined Person", "Cook", "Direct", "111122223333", "Enhanced", issued])
    rows.append(["Numberless Person", "Driver", "Direct", None, "Enhanced", issued])
    sheet = write_xlsx(tmp_path / "sheet.xlsx", {"Staff": rows})

    results = []
    for db in (str(solo), _url(team, EDITOR)):
        runs = []
        for _ in range(2):  # the second time, everything is as the sheet says
            assert (
                main(["--db", db, "import-dbs", str(sheet), "--provider", provider, "--json"]) == 0
            )
            runs.append(json.loads(capsys.readouterr().out))
        results.append(runs)
    assert results[0] == results[1]
    assert results[0][0]["updated"]
    assert results[0][0]["created"] == 2
    assert results[0][1]["unchanged"] == len(theirs) + 2
    listings = []
    for db in (str(solo), team["admin_url"]):
        assert main(["--db", db, "dbs", "--reveal", "--json"]) == 0
        listings.append(json.loads(capsys.readouterr().out))
    assert listings[0] == listings[1]
