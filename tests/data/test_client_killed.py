"""A client killed (kill -9) in the middle of a transaction leaves the database consistent, on
SQLite and on PostgreSQL: nothing it wrote is there, and its locks are gone (another client
writes the same record at once)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bscp_monitor.data.store import Store
from tests.registers import make_contract

ROOT = Path(__file__).resolve().parents[2]

# The other client: adds 300 providers and renames the contract, in one transaction it never
# ends -- it says "ready" and waits to be killed.
CLIENT = """
import sys, time
from sqlalchemy import text
from bscp_monitor.data.register import Provider
from bscp_monitor.data.store import Store
store = Store.open(sys.argv[1])
with store.session() as session:
    session.add_all([Provider(name=f"Killed Care {n}") for n in range(300)])
    session.flush()
    session.execute(text("UPDATE contract SET title = 'Half-written' WHERE id = :id"),
                    {"id": int(sys.argv[2])})
    print("ready", flush=True)
    time.sleep(120)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, db_path: Path) -> str:
    return str(db_path) if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))


def test_a_client_killed_mid_transaction_leaves_nothing_half_done(location: str) -> None:
    store = Store.open(location, busy_timeout=10)
    try:
        contract_id = make_contract(store)
        client = subprocess.Popen(
            [sys.executable, "-c", CLIENT, location, str(contract_id)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert client.stdout is not None
            assert client.stdout.readline().strip() == "ready"
        finally:
            os.kill(client.pid, signal.SIGKILL)
            client.wait(timeout=30)
        assert client.returncode == -signal.SIGKILL

        with store.session() as session:  # its locks are gone: this waits for nothing
            session.execute(
                text("UPDATE contract SET title = 'Written after' WHERE id = :id"),
                {"id": contract_id},
            )
        with store.connect() as connection:
            killed = connection.execute(
                text("SELECT count(*) FROM provider WHERE name LIKE 'Killed Care%'")
            ).scalar_one()
            title = connection.execute(
                text("SELECT title FROM contract WHERE id = :id"), {"id": contract_id}
            ).scalar_one()
            if store.engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert killed == 0
        assert title == "Written after"
    finally:
        store.close()
