"""The suite's own PostgreSQL server: started as an unprivileged user, a database per test."""

from __future__ import annotations

import psycopg  # noqa: F401 -- the postgres extra is part of the test extra
import pytest
from sqlalchemy import create_engine, text

from tests.pg_server import PgServer


def test_the_server_runs_as_a_user_who_is_not_root(pg_server: PgServer, pg_url: str) -> None:
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar_one()
        superuser = conn.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar_one()
    engine.dispose()
    assert int(str(version).split(".")[0]) >= 13
    assert superuser
    owner = (pg_server.folder / "data").stat().st_uid
    assert owner != 0


def test_each_test_has_a_database_of_its_own(pg_server: PgServer) -> None:
    first, second = pg_server.new_database(), pg_server.new_database()
    try:
        assert first != second
        one = create_engine(pg_server.url(first))
        with one.begin() as conn:
            conn.execute(text("CREATE TABLE only_here (x int)"))
        one.dispose()
        other = create_engine(pg_server.url(second))
        with other.connect() as conn:
            tables = conn.execute(
                text("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")
            ).scalar_one()
        other.dispose()
        assert tables == 0
    finally:
        pg_server.drop_database(first)
        pg_server.drop_database(second)


def test_missing_postgresql_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import pg_server as module

    monkeypatch.setattr(module, "find_bindir", lambda: None)
    reason = module.why_unavailable()
    assert reason is not None
    assert "PostgreSQL is not installed" in reason
