"""Writing a DBS import as its rows are judged (dbs/new_staff.py, importer.import_file): the
same register and the same report as judging first and writing after, all or nothing when a
batch fails on the writer's thread, statements cut to what SQLite allows, and the reader's
side work (issue 12; bench/dbs_import.py)."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from bscp_monitor.common.errors import UserError
from bscp_monitor.data.errors import DatabaseError
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import import_writer, new_staff
from bscp_monitor.dbs.importer import ImportResult, import_file, plan_import, run_to_end
from bscp_monitor.dbs.spreadsheet_reader import read_spreadsheet
from tests.dbs.sheets import dump, write_csv, write_xlsx

PROVIDER = "Sunrise Care Ltd"
RECENT = date.today() - timedelta(days=300)
OLD = date.today() - timedelta(days=5 * 365)
HEADER = ["Name", "Role", "Contact with children", "DBS Certificate Number", "DBS Level",
          "DBS Issue Date", "Update Service"]  # fmt: skip
FEW = ["Name", "DBS Certificate Number", "DBS Issue Date"]  # a partial list


def _person(n: int) -> list[object]:
    return [
        f"Person {chr(65 + n % 26)}{chr(65 + n // 26 % 26)} Lee",
        ["Carer", "Cook", "Driver"][n % 3],
        ["Direct", "Regular", "Occasional", "None"][n % 4],
        f"{n:012d}" if n % 9 else None,
        ["Enhanced with barred list", "Enhanced", "Standard"][n % 3],
        RECENT if n % 2 else OLD,
        ["Yes", "No", None][n % 3],
    ]


def _mixed_book(path: Path) -> Path:
    """Two tabs: title rows, rejected rows, a number used again on the second tab, a blank
    row and a note, people sharing a name, and a partial list for people already held."""
    staff = [["Sunrise Care Ltd: single central record"], HEADER]
    staff += [_person(n) for n in range(1, 30)]
    staff += [["Bad Row 7", "Carer", "Direct", "123", "Enhanced", RECENT, "No"]]
    staff += [[None] * 7, ["Signed: J. Smith, registered manager"]]
    bank = [FEW, ["Person BA Lee", "000000000001", RECENT]]  # number of row 1: an error
    bank += [["Person CA Lee", None, OLD], ["Person CA Lee", "000000000777", RECENT]]
    bank += [[f"Person {chr(65 + n)}Z Lee", f"{n + 500:012d}", RECENT] for n in range(12)]
    return write_xlsx(path, {"Staff": staff, "Bank": bank})


def _tables(path: Path) -> list[str]:
    """The register as rows: what an import writes (not its audit trail's times)."""
    return dump(path, skip=["audit_event", "import_batch"])


def _report(result: ImportResult) -> tuple[Any, ...]:
    return (
        result.rows,
        result.created,
        result.updated,
        result.unchanged,
        result.rejected,
        result.problems,
        result.changes,
    )


def test_written_as_judged_the_same_as_judged_then_written(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_staff, "ROWS_PER_STATEMENT", 4)  # many statements, one at a time
    monkeypatch.setattr(import_writer, "BATCH", 5)
    held = [[p[0], "Bank carer", *p[2:]] for p in map(_person, range(20, 45))]
    first = write_xlsx(tmp_path / "first.xlsx", {"S": [HEADER, *held]})
    import_file(store, first, PROVIDER)  # people already held: the new sheet changes roles
    store.close()
    other = tmp_path / "other.sqlite3"
    shutil.copyfile(db_path, other)
    book = _mixed_book(tmp_path / "mixed.xlsx")

    judged_first = Store.open(other)
    try:
        expected = run_to_end(judged_first, plan_import(judged_first, book, PROVIDER))
    finally:
        judged_first.close()
    reopened = Store.open(db_path)
    try:
        got = import_file(reopened, book, PROVIDER)
    finally:
        reopened.close()

    assert _report(got) == _report(expected)
    assert got.created  # every kind of row seen
    assert got.updated
    assert got.rejected
    assert got.changes
    assert _tables(db_path) == _tables(other)


def test_a_batch_the_database_refuses_on_the_writers_thread_leaves_nothing(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(store, write_xlsx(tmp_path / "a.xlsx", {"S": [HEADER, _person(1)]}), PROVIDER)
    before = dump(db_path)
    monkeypatch.setattr(new_staff, "ROWS_PER_STATEMENT", 3)
    monkeypatch.setattr(import_writer, "BATCH", 3)
    real_values = new_staff.NewStaffWriter._values
    batches: list[int] = []

    def broken_third_batch(writer: Any, rows: Any) -> tuple[list[object], list[object]]:
        staff, checks = real_values(writer, rows)
        batches.append(len(rows))
        if len(batches) == 3:
            checks[2] = "not a number"  # the database's own rule (12 digits) refuses it
        return staff, checks

    monkeypatch.setattr(new_staff.NewStaffWriter, "_values", broken_third_batch)
    interval = sys.getswitchinterval()
    book = write_xlsx(tmp_path / "b.xlsx", {"S": [HEADER, *map(_person, range(100, 130))]})
    with pytest.raises(DatabaseError, match="CHECK constraint"):
        import_file(store, book, PROVIDER)
    assert len(batches) >= 3  # two batches really were written before the one refused
    assert dump(db_path) == before
    assert not [t for t in threading.enumerate() if t.name.startswith("dbs-import-writer")]
    assert sys.getswitchinterval() == interval


def test_statements_are_cut_to_the_values_sqlite_allows(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    def few_values(connection: sqlite3.Connection, _record: object) -> None:
        connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 40)  # 3 rows of 11

    event.listen(store.engine, "connect", few_values)
    store.engine.dispose()  # the next connection is made with the limit
    book = write_xlsx(tmp_path / "s.xlsx", {"S": [HEADER, *map(_person, range(1, 26))]})
    result = import_file(store, book, PROVIDER)
    assert result.created == 25
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM staff_member").fetchone() == (25,)
        assert db.execute("SELECT count(*) FROM dbs_check").fetchone() == (25,)
    db.close()


def test_a_rejects_file_that_cannot_be_written_imports_nothing(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    before = dump(db_path)

    def cannot(_plan: object) -> None:
        raise UserError("The folder does not exist.")

    with pytest.raises(UserError, match="folder"):
        import_file(store, _mixed_book(tmp_path / "m.xlsx"), PROVIDER, before_commit=cannot)
    assert dump(db_path) == before


def test_side_work_runs_once_beside_the_parse_and_not_for_a_csv(tmp_path: Path) -> None:
    book = _mixed_book(tmp_path / "m.xlsx")
    ran: list[str] = []

    def side() -> None:
        ran.append(threading.current_thread().name)

    sheets = read_spreadsheet(book, while_parsing=side)
    assert [s.name for s in sheets] == ["Staff", "Bank"]
    assert ran == ["while-parsing"]  # on a thread of its own, once for the whole file
    ran.clear()
    read_spreadsheet(write_csv(tmp_path / "s.csv", [FEW]), while_parsing=side)
    assert ran == []  # nothing to wait for: the caller does the work itself


def test_an_error_in_the_side_work_is_raised_after_the_file_is_read(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bscp_monitor.dbs import importer

    before = dump(db_path)

    def lost(*_args: object) -> int:
        raise UserError("The database was lost.")

    monkeypatch.setattr(importer, "dbs_recheck_years", lost)
    with pytest.raises(UserError, match="lost"):
        import_file(store, _mixed_book(tmp_path / "m.xlsx"), PROVIDER)
    assert dump(db_path) == before


def test_cancel_with_a_batch_in_flight_changes_nothing(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel (the generator closed) while the writer's thread holds a batch: it is waited
    for, then everything is rolled back; no thread is left and the interval is back."""
    from bscp_monitor.dbs.importer import run_import

    before = dump(db_path)
    monkeypatch.setattr(new_staff, "ROWS_PER_STATEMENT", 4)
    monkeypatch.setattr(import_writer, "BATCH", 4)
    interval = sys.getswitchinterval()
    book = write_xlsx(tmp_path / "c.xlsx", {"S": [HEADER, *map(_person, range(1, 40))]})
    runner = run_import(store, plan_import(store, book, PROVIDER))
    for _ in range(4):  # the start, then three batches handed to the writer
        next(runner)
    assert sys.getswitchinterval() < interval  # a writer's thread is alive
    runner.close()
    assert dump(db_path) == before
    assert not [t for t in threading.enumerate() if t.name.startswith("dbs-import-writer")]
    assert sys.getswitchinterval() == interval
