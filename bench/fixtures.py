"""Benchmark: the tests' database fixtures -- a database per test made from a session-wide
template, against building it per test as the suite used to, in one run.

    python bench/fixtures.py

Measured, medians of 15 rounds, each round timing every measurement once, each in a new
file in a temporary folder (as in tests/conftest.py):
(s) baseline ``store``: ``Store.open`` making a new, empty database (schema at head);
(S) ``store`` now: the session's empty template copied to the file, then ``Store.open``;
(d) baseline ``demo_store``: a new store, then ``seed_demo`` for today;
(D) ``demo_store`` now: (S), then the demo template copied in with SQLite's backup API.
The templates are made once, before the rounds (as once per test session).

Targets: (D) at least 10x quicker than (d), and (S) no slower than (s).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bscp_monitor.data.store import Store  # noqa: E402
from bscp_monitor.demo.seed import seed_demo  # noqa: E402

RUNS = 15
TARGET_DEMO_RATIO = 10.0


def _templates(folder: Path, today: date) -> tuple[Path, Path]:
    empty = folder / "empty.sqlite3"
    Store.open(empty).close()
    demo = folder / "demo.sqlite3"
    seeding = Store.open(demo)
    try:
        seed_demo(seeding, today)
        with seeding.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        seeding.close()
    return empty, demo


def _copied_store(empty: Path, target: Path) -> Store:
    shutil.copyfile(empty, target)
    return Store.open(target)


def _backup_into(store: Store, demo: Path) -> None:
    source = sqlite3.connect(demo)
    try:
        raw = store.engine.raw_connection()
        try:
            source.backup(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
    finally:
        source.close()


def main() -> int:
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="bscp-bench-fixtures-") as name:
        folder = Path(name)
        empty, demo = _templates(folder, today)
        counter = iter(range(10**9))

        def fresh() -> Path:
            return folder / f"t{next(counter)}.sqlite3"

        def new_store() -> None:
            Store.open(fresh()).close()

        def copied_store() -> None:
            _copied_store(empty, fresh()).close()

        def seeded_demo() -> None:
            store = Store.open(fresh())
            seed_demo(store, today)
            store.close()

        def copied_demo() -> None:
            store = _copied_store(empty, fresh())
            _backup_into(store, demo)
            store.close()

        cases: dict[str, Callable[[], None]] = {
            "(s) store, schema built": new_store,
            "(S) store, template copied": copied_store,
            "(d) demo_store, seeded": seeded_demo,
            "(D) demo_store, template copied": copied_demo,
        }
        for run in cases.values():  # warm: imports, the first seed's caches
            run()
        times: dict[str, list[float]] = {label: [] for label in cases}
        for _ in range(RUNS):
            for label, run in cases.items():
                started = time.perf_counter()
                run()
                times[label].append(time.perf_counter() - started)
    median = {label: statistics.median(values) for label, values in times.items()}
    for label, value in median.items():
        print(f"{label:34} {value * 1000:8.1f} ms")
    labels = list(cases)
    store_ratio = median[labels[0]] / median[labels[1]]
    demo_ratio = median[labels[2]] / median[labels[3]]
    print(f"store: copied is {store_ratio:.1f}x quicker than built (target: at least 1x)")
    print(
        f"demo_store: copied is {demo_ratio:.1f}x quicker than seeded "
        f"(target: at least {TARGET_DEMO_RATIO:.0f}x)"
    )
    ok = demo_ratio >= TARGET_DEMO_RATIO and store_ratio >= 1.0
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
