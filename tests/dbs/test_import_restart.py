"""A server restart in the middle of a DBS import loses nothing and commits nothing partial:
the import fails in words (the server could not be reached), the register is as before, and
the same file imported again, once the server is back, creates everyone exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bscp_monitor.data.dbs import ImportBatch, StaffMember
from bscp_monitor.data.errors import DatabaseError
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import import_writer as importer
from bscp_monitor.dbs.importer import import_file
from tests.dbs.sheets import write_csv
from tests.pg_server import PgServer

PEOPLE = 2500  # more than one batch of inserts (importer.BATCH)
HEADER = ["Name", "Role", "DBS Certificate Number", "DBS Level", "DBS Issue Date"]


def _letters(n: int) -> str:
    return "".join(chr(65 + n // 26**k % 26) for k in range(3))


def _sheet(path: Path) -> Path:
    rows: list[list[object]] = [HEADER]
    for n in range(PEOPLE):
        rows.append(
            [f"Person {_letters(n)} Smith", "Carer", f"{n * 7919 + 100_000_007:012d}",
             "Enhanced with barred list", "01/02/2024"]
        )  # fmt: skip
    return write_csv(path, rows)


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = Store.open(pg_url)
    yield store
    store.close()


def _counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        staff = session.scalar(select(func.count()).select_from(StaffMember))
        batches = session.scalar(select(func.count()).select_from(ImportBatch))
    return int(staff or 0), int(batches or 0)


def test_a_server_restart_mid_import_commits_nothing_and_a_retry_imports_once(
    pg_server: PgServer, pg_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert importer.BATCH < PEOPLE
    sheet = _sheet(tmp_path / "sunrise.csv")
    real_insert = importer._insert
    calls = []

    def insert_then_lose_the_server(*args: object, **kwargs: object) -> None:
        calls.append(1)
        real_insert(*args, **kwargs)  # type: ignore[arg-type]
        if len(calls) == 1:  # one batch written (not committed), then the server restarts
            pg_server.restart()

    monkeypatch.setattr(importer, "_insert", insert_then_lose_the_server)
    with pytest.raises(DatabaseError) as failed:
        import_file(pg_store, sheet, "Sunrise Care")
    assert failed.value.disconnected
    assert "cannot be reached" in str(failed.value)
    assert _counts(pg_store) == (0, 0)  # nothing partial

    monkeypatch.setattr(importer, "_insert", real_insert)
    result = import_file(pg_store, sheet, "Sunrise Care")
    assert result.created == PEOPLE
    assert _counts(pg_store) == (PEOPLE, 1)
