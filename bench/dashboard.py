"""Benchmark: the BSCP standards computed for a large register and the Dashboard shown,
against one SQL aggregate query over the same data as the floor, in one run.

    python bench/dashboard.py

A temporary SQLite file is filled with bulk inserts (fixed seed): 100 providers, 500
contracts, 50,000 staff (each with a DBS check, a mix of in date, expiring, expired,
missing and the wrong level), 5,000 monitoring meetings (each with a safeguarding agenda
item, some with a recorded discussion, some with prompt responses), 5,000 clause checks,
self-assessments, thematic checks, safeguarding metrics and actions.

Measured, medians of 11 rounds (warm), each round timing every measurement once:
(f) floor: one SELECT joining the contracts to the number of expired DBS checks of their
    providers' current contact staff and their latest meeting, grouped by contract -- the
    quickest of three plans of it (as SQLite plans it, staff scanned, checks first);
(c) ``compliance.compute_compliance`` for every contract (S1-S6, overall and alerts);
(d) the Dashboard shown: ``DashboardView`` constructed offscreen, with the app's style
    sheet, and events processed until its table holds every contract and is painted
    (closing and deleting it afterwards is not timed). The view reads the database on a
    thread while it builds its widgets (compliance_facts.start_loading_facts); its
    judging, layout and painting run on this thread, after the read.

Target: (d) under 0.5 s and within 5x of (f). The same is then measured on a local
PostgreSQL server (started by the benchmark as the tests start theirs, when PostgreSQL is
installed): the same register, the floor as PostgreSQL plans it, the same target.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import TextClause, insert, text  # noqa: E402

from bscp_monitor.data import models as m  # noqa: E402
from bscp_monitor.data.store import Store  # noqa: E402

PROVIDERS = 100
CONTRACTS = 500
STAFF = 50_000
MEETINGS = 5_000
RUNS = 11
SEED = 5
TARGET_SECONDS = 0.5
TARGET_RATIO = 5.0

FLOOR_TEMPLATE = """
    SELECT c.id, c.reference, coalesce(e.expired, 0), lm.last_meeting
    FROM contract AS c
    LEFT JOIN (
        SELECT s.provider_id, count(*) AS expired
        FROM {staff_join}
        WHERE s.left_on IS NULL AND s.contact_level IN ('direct', 'regular')
          AND d.expiry_date < :today
        GROUP BY s.provider_id
    ) AS e ON e.provider_id = c.provider_id
    LEFT JOIN (
        SELECT contract_id, max(starts_at) AS last_meeting FROM meeting GROUP BY contract_id
    ) AS lm ON lm.contract_id = c.id
    WHERE c.archived_at IS NULL
    ORDER BY c.reference
    """
#: The same floor query with the staff/check join planned three ways: as SQLite chooses (it
#: may pick the app's partial index on staff, which does not suit this query), scanning the
#: staff table, and scanning the checks first. The floor is the quickest of the three, so
#: the app's own indexes can never make the floor slower and the ratio look better.
FLOOR_PLANS = {
    "as planned": "staff_member AS s JOIN dbs_check AS d ON d.staff_member_id = s.id",
    "staff scanned": (
        "staff_member AS s NOT INDEXED JOIN dbs_check AS d ON d.staff_member_id = s.id"
    ),
    "checks first": "dbs_check AS d CROSS JOIN staff_member AS s ON s.id = d.staff_member_id",
}
FLOOR_SQL = {
    name: text(FLOOR_TEMPLATE.format(staff_join=join)) for name, join in FLOOR_PLANS.items()
}


def build(store: Store, today: date) -> None:
    rng = random.Random(SEED)
    contact = ["direct", "direct", "regular", "occasional", "none"]
    with store.session() as s:
        s.execute(
            insert(m.Provider),
            [
                {
                    "id": p,
                    "name": f"Provider {p:03d}",
                    "receives_bscp_updates": p % 4 != 0,
                    "bscp_training_last_attended": today - timedelta(days=rng.randint(20, 500)),
                }
                for p in range(1, PROVIDERS + 1)
            ],
        )
        s.execute(
            insert(m.Contract),
            [
                {
                    "id": c,
                    "reference": f"BENCH-{c:04d}",
                    "title": f"Children's service {c}",
                    "provider_id": (c - 1) % PROVIDERS + 1,
                    "start_date": today - timedelta(days=rng.randint(200, 1500)),
                    "end_date": today + timedelta(days=rng.randint(-20, 1200)),
                    "status": "active",
                    "risk_level": ("low", "medium", "high")[c % 3],
                    "meeting_frequency_months": (1, 3, 6)[c % 3],
                }
                for c in range(1, CONTRACTS + 1)
            ],
        )
        s.execute(
            insert(m.ClauseCheck),
            [
                {
                    "contract_id": c,
                    "element": e,
                    "status": rng.choice(["present"] * 8 + ["partial", "missing"]),
                }
                for c in range(1, CONTRACTS + 1)
                for e in range(1, 11)
            ],
        )
        s.execute(
            insert(m.SelfAssessment),
            [
                {
                    "provider_id": p,
                    "completed_on": today - timedelta(days=rng.randint(30, 800)),
                    "stage": "periodic",
                    "outcome": "green",
                    "next_due": today + timedelta(days=rng.randint(-60, 600)),
                }
                for p in range(1, PROVIDERS + 1)
            ],
        )
        s.execute(
            insert(m.StaffMember),
            [
                {
                    "id": i,
                    "provider_id": (i - 1) % PROVIDERS + 1,
                    "full_name": f"Person {i}",
                    "normalised_name": f"person {i}",
                    "contact_level": rng.choice(contact),
                    "left_on": today - timedelta(days=10) if i % 97 == 0 else None,
                }
                for i in range(1, STAFF + 1)
            ],
        )
        checks = []
        for i in range(1, STAFF + 1):
            if i % 211 == 0:
                continue  # no DBS record at all
            checks.append(
                {
                    "staff_member_id": i,
                    "certificate_number": f"{i:012d}" if i % 173 else None,
                    "level": "enhanced_barred" if i % 157 else "standard",
                    "barred_list": "children",
                    "issue_date": today - timedelta(days=rng.randint(30, 1200)),
                    "expiry_date": today + timedelta(days=rng.randint(-60, 1000)),
                }
            )
        s.execute(insert(m.DbsCheck), checks)
        meetings, items, prompts = [], [], []
        for n in range(1, MEETINGS + 1):
            contract = (n - 1) % CONTRACTS + 1
            held = n <= MEETINGS - CONTRACTS  # the last round is planned
            when = datetime.now(UTC) - timedelta(days=(MEETINGS - n) // CONTRACTS * 60 + 1)
            if not held:
                when = datetime.now(UTC) + timedelta(days=rng.randint(-30, 60))
            meetings.append(
                {
                    "id": n,
                    "contract_id": contract,
                    "starts_at": when,
                    "status": "approved" if held else "planned",
                }
            )
            items.append(
                {
                    "id": n,
                    "meeting_id": n,
                    "position": 1,
                    "title": "Safeguarding",
                    "kind": "safeguarding",
                    "mandatory": True,
                    "discussion": "Discussed concerns and referrals." if n % 3 == 0 else "",
                }
            )
            if n % 3 == 1:
                prompts.append(
                    {
                        "agenda_item_id": n,
                        "position": 1,
                        "key": "concerns",
                        "question": "Concerns raised?",
                        "response": "None this quarter." if n % 2 else " ",
                    }
                )
        s.execute(insert(m.Meeting), meetings)
        s.execute(insert(m.AgendaItem), items)
        s.execute(insert(m.PromptResponse), prompts)
        s.execute(
            insert(m.ThematicCheck),
            [
                {
                    "contract_id": c,
                    "theme": "Neglect",
                    "done_on": today - timedelta(days=rng.randint(30, 900)),
                }
                for c in range(1, CONTRACTS + 1)
                if c % 5
            ],
        )
        s.execute(
            insert(m.MetricDefinition),
            [
                {
                    "contract_id": c,
                    "name": "Safeguarding concerns raised",
                    "unit": "count",
                    "direction": "lower",
                    "frequency": "quarterly",
                    "safeguarding": True,
                }
                for c in range(1, CONTRACTS + 1)
                if c % 4
            ],
        )
        s.execute(
            insert(m.Action),
            [
                {
                    "contract_id": (a - 1) % CONTRACTS + 1,
                    "description": f"Action {a}",
                    "due_on": today + timedelta(days=rng.randint(-90, 90)),
                    "status": rng.choice(["open", "in_progress", "done"]),
                }
                for a in range(1, 2_001)
            ],
        )


def timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(store: Store, today: date, floor_sql: dict[str, TextClause]) -> dict[str, float]:
    """Medians of RUNS rounds: each floor plan, (c) and (d), in seconds."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from bscp_monitor.compliance.rules import compute_compliance
    from bscp_monitor.ui.app import load_style
    from bscp_monitor.ui.dashboard.dashboard_view import DashboardView

    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(load_style())  # as the app has it (it costs some 6 ms a paint)

    def floor_with(query: TextClause) -> Callable[[], None]:
        def floor() -> None:
            with store.engine.connect() as connection:
                rows = connection.execute(query, {"today": today}).all()
            assert len(rows) == CONTRACTS

        return floor

    floors = {name: floor_with(query) for name, query in floor_sql.items()}

    def compliance() -> None:
        assert len(compute_compliance(store, today)) == CONTRACTS

    def dashboard() -> float:
        """Seconds from construction until the filled table is painted; then the view
        is closed and deleted (as the event loop would: processEvents alone never runs
        a deleteLater, and every view left alive would weigh on the next)."""
        start = time.perf_counter()
        view = DashboardView(store, today=today)
        view.resize(1190, 700)
        view.show()
        while view.model.rowCount() < CONTRACTS:
            app.processEvents()
        app.processEvents()
        shown = time.perf_counter() - start
        view.close()
        view.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return shown

    for fn in (*floors.values(), compliance, dashboard):  # warm the caches once
        fn()
    # Round by round, each measurement once per round, so a change in the machine's
    # speed during the run weighs on the floor and the dashboard alike.
    samples: dict[str, list[float]] = {name: [] for name in (*floors, "c", "d")}
    for _ in range(RUNS):
        for name, fn in floors.items():
            samples[name].append(timed(fn))
        samples["c"].append(timed(compliance))
        samples["d"].append(dashboard())
    return {name: statistics.median(values) for name, values in samples.items()}


def report(label: str, medians: dict[str, float]) -> bool:
    floor_times = {k: v for k, v in medians.items() if k not in ("c", "d")}
    c, d = medians["c"], medians["d"]
    print(f"--- {label}")
    for name, seconds in floor_times.items():
        print(f"    floor query, {name + ':':<28}{seconds * 1000:7.1f} ms")
    f = min(floor_times.values())
    print(f"(f) floor, the quickest of those:      {f * 1000:7.1f} ms")
    print(f"(c) compute_compliance, all contracts: {c * 1000:7.1f} ms  ({c / f:.2f}x the floor)")
    print(f"(d) Dashboard shown:                   {d * 1000:7.1f} ms  ({d / f:.2f}x the floor)")
    ok = d < TARGET_SECONDS and d / f <= TARGET_RATIO
    verdict = "met" if ok else "MISSED"
    print(
        f"Target (d) under {TARGET_SECONDS:.1f} s and within {TARGET_RATIO:.0f}x the floor: "
        f"{verdict}."
    )
    return ok


def _postgresql_line(today: date) -> bool | None:
    """The same register on a local PostgreSQL server (started here, as the tests start
    theirs: tests/pg_server.py); None when PostgreSQL or its driver is not installed."""
    from tests.pg_server import start_server, why_unavailable

    reason = why_unavailable()
    if reason is not None:
        print(f"--- PostgreSQL: not measured ({reason}).")
        return None
    server = start_server()
    try:
        store = Store.open(server.url(server.new_database()))
        start = time.perf_counter()
        build(store, today)
        with store.engine.begin() as connection:  # as autovacuum would, before reading
            connection.exec_driver_sql("ANALYZE")
        print(f"Built the same register on PostgreSQL in {time.perf_counter() - start:.1f} s.")
        medians = measure(store, today, FLOOR_SQL_PG)
        store.close()
    finally:
        server.stop()
    return report("PostgreSQL (a local server)", medians)


#: PostgreSQL plans the floor query itself (no NOT INDEXED or CROSS JOIN ordering there).
FLOOR_SQL_PG = {"as planned": FLOOR_SQL["as planned"]}


def main() -> int:
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="bscp-bench-dashboard-") as folder:
        store = Store.open(Path(folder) / "bench.sqlite3")
        start = time.perf_counter()
        build(store, today)
        built = time.perf_counter() - start
        print(
            f"Built {CONTRACTS} contracts, {STAFF:,} staff with DBS checks, {MEETINGS:,} "
            f"meetings in {built:.1f} s."
        )
        medians = measure(store, today, FLOOR_SQL)
        store.close()
    ok = report("SQLite (a file)", medians)
    on_server = _postgresql_line(today)
    return 0 if ok and on_server is not False else 1


if __name__ == "__main__":
    sys.exit(main())
