"""Two imports for one provider at the same moment, in two real processes, give the register
one import after the other gives (issue 12, point 5)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bscp_monitor.data.store import Store
from tests.dbs.sheets import write_xlsx

HEADER = ["Name", "Role", "DBS Certificate Number", "DBS Level", "DBS Issue Date"]
PEOPLE = 2000
MAIN = "import sys; from bscp_monitor.cli.main import main; sys.exit(main(sys.argv[1:]))"

# Each process waits for the go file, so both start their import at the same moment.
CHILD = """
import os, sys, time
from pathlib import Path
go = Path(sys.argv[1])
Path(sys.argv[2]).write_text("ready")
while not go.exists():
    time.sleep(0.002)
from bscp_monitor.cli.main import main
sys.exit(main(["import-dbs", sys.argv[3], "--provider", "Sunrise Care", "--db", sys.argv[4]]))
"""


def _staff_file(path: Path) -> Path:
    rows: list[list[object]] = [HEADER]
    for n in range(PEOPLE):
        rows.append(
            [f"Person {chr(65 + n % 26)}{chr(65 + n // 26 % 26)} Smith", "Carer",
             f"{n * 7919 + 100_000_007:012d}", "Enhanced with barred list", "01/02/2024"]
        )  # fmt: skip
    return write_xlsx(path, {"Staff": rows})


def _register(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT s.full_name, s.left_on, s.current_certificate, s.dbs_standing, "
            "d.certificate_number, d.level FROM staff_member s "
            "JOIN dbs_check d ON d.staff_member_id = s.id ORDER BY s.full_name, s.id"
        ).fetchall()
    connection.close()
    return rows


def _run_two_at_once(tmp_path: Path, sheet: Path, db: Path) -> list[tuple[int, str]]:
    go = tmp_path / "go"
    env = {**os.environ, "BSCP_MONITOR_IMPORT_WAIT": "120"}
    children = []
    for n in range(2):
        ready = tmp_path / f"ready-{n}"
        children.append(
            (
                ready,
                subprocess.Popen(
                    [sys.executable, "-c", CHILD, str(go), str(ready), str(sheet), str(db)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                ),
            )
        )
    deadline = time.monotonic() + 120
    while not all(ready.exists() for ready, _ in children) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.write_text("go")
    results = []
    for _ready, child in children:
        out, err = child.communicate(timeout=300)
        results.append((child.returncode, out + err))
    return results


def test_two_imports_at_the_same_moment_give_the_register_of_one_after_the_other(
    tmp_path: Path,
) -> None:
    sheet = _staff_file(tmp_path / "staff.xlsx")
    together, one_by_one = tmp_path / "together.sqlite3", tmp_path / "one-by-one.sqlite3"
    for db in (together, one_by_one):
        Store.open(db).close()
    results = _run_two_at_once(tmp_path, sheet, together)
    outputs = sorted(text for _code, text in results)
    assert [code for code, _text in results] == [0, 0], outputs
    # One created everyone; the other waited for it, then found everyone unchanged.
    assert f"{PEOPLE} created, 0 updated, 0 unchanged" in outputs[0] + outputs[1]
    assert f"0 created, 0 updated, {PEOPLE} unchanged" in outputs[0] + outputs[1]

    from bscp_monitor.cli.main import main

    for _ in range(2):
        args = ["import-dbs", str(sheet), "--provider", "Sunrise Care", "--db", str(one_by_one)]
        assert main(args) == 0
    register = _register(together)
    assert len(register) == PEOPLE
    assert len({row[4] for row in register}) == PEOPLE  # no certificate number held twice
    assert register == _register(one_by_one)


def test_an_import_that_cannot_have_the_lock_changes_nothing(tmp_path: Path) -> None:
    sheet = _staff_file(tmp_path / "staff.xlsx")
    db = tmp_path / "register.sqlite3"
    Store.open(db).close()
    before = db.read_bytes()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, mid-import
    try:
        env = {**os.environ, "BSCP_MONITOR_IMPORT_WAIT": "0.5", "BSCP_MONITOR_BUSY_TIMEOUT": "0.1"}
        child = subprocess.run(
            [sys.executable, "-c", MAIN, "import-dbs", str(sheet),
             "--provider", "Sunrise Care", "--db", str(db)],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert child.returncode == 1, child.stderr
    assert child.stderr.count("\n") == 1
    assert "Another import for this provider is running" in child.stderr
    assert "nothing was changed" in child.stderr
    assert db.read_bytes() == before


# -- the property, in one process: two threads, two connections ---------------------------

NAMES = st.sampled_from(["Ann Lee", "Bo Cole", "Cy Dent", "Di Eve", "Ed Fox", "Flo Gill"])
NUMBERS = st.one_of(st.none(), st.integers(0, 40).map(lambda n: f"{n * 10_007 + 4_321:012d}"))


def _import_twice(sheet: Path, db: Path, together: bool) -> list[tuple[int, str]]:
    import threading

    from bscp_monitor.common.errors import UserError
    from bscp_monitor.data.errors import DatabaseError
    from bscp_monitor.dbs.importer import import_file

    Store.open(db).close()
    barrier = threading.Barrier(2)
    outcomes: list[tuple[int, str]] = []

    def one() -> None:
        store = Store.open(db)
        try:
            if together:
                barrier.wait()
            result = import_file(store, sheet, "Sunrise Care")
            outcomes.append((0, f"{result.created} created"))
        except (UserError, DatabaseError) as exc:
            outcomes.append((1, str(exc)))
        finally:
            store.close()

    if together:
        threads = [threading.Thread(target=one) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        one()
        one()
    return outcomes


@settings(max_examples=8, deadline=None)
@given(rows=st.lists(st.tuples(NAMES, NUMBERS), min_size=1, max_size=25))
def test_any_two_imports_of_a_file_at_once_leave_the_register_of_one_after_the_other(
    rows: list[tuple[str, str | None]],
) -> None:
    import tempfile

    from tests.dbs.sheets import write_csv

    with tempfile.TemporaryDirectory() as folder:
        sheet = write_csv(
            Path(folder) / "staff.csv",
            [HEADER] + [[n, "Carer", c or "", "Enhanced with barred list", "01/02/2024"]
                        for n, c in rows],
        )  # fmt: skip
        together, one_by_one = Path(folder) / "a.sqlite3", Path(folder) / "b.sqlite3"
        at_once = _import_twice(sheet, together, together=True)
        in_turn = _import_twice(sheet, one_by_one, together=False)
        assert sorted(at_once) == sorted(in_turn)
        assert _register(together) == _register(one_by_one)
