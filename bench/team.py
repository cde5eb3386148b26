"""Benchmark: a commissioning team on one PostgreSQL server -- many client processes at once.

    python bench/team.py                       # the issue's 20 clients for 60 s
    python bench/team.py --clients 4 --duration 20

A local PostgreSQL server is started here, as the tests start theirs (tests/pg_server.py: a
throwaway data folder, a free port, an unprivileged user when run as root), with one
database: per client a provider, a contract, a meeting under way with five actions raised at
it, and a 2,000-row single central record (CSV) of that provider's staff.

Each client is a process of its own with its own Store (engine and pool), released at the
same moment; until the time is up it repeats, as fast as it can:

- ``autosave``: the safeguarding item's discussion saved with one more word typed (what the
  meeting window's autosaver does every 400 ms while someone types), every round;
- ``action``: progress recorded on one of its actions (a note naming the client and a serial
  number), every 4th round;
- ``dashboard``: the portfolio summary (compliance of every live contract computed, the
  dashboard's data), every 10th round;
- ``import``: its provider's 2,000-row sheet imported (the first creates everyone, the later
  ones find everyone unchanged), on the first round and every 40th.

It counts each piece of work and its latency, and every error (target 0). At the end each
client checks its own writes through a fresh connection -- the discussion is exactly the
last text saved, each action note is there exactly once and none is missing, the provider
has exactly 2,000 staff and one import batch per import done -- and reports anything lost or
duplicated (target 0). Printed: throughput (pieces of work per second, all clients), p50 and
p95 latency of each kind, errors, lost and duplicated writes.

The machine's cores are shared by the server and every client, so latencies grow with the
number of clients per core; the figures say what this machine does, not a server's limits.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ("autosave", "action", "dashboard", "import")
ACTIONS_PER_CLIENT = 5
ROWS = 2000
HEADER = ["Name", "Role", "DBS Certificate Number", "DBS Level", "DBS Issue Date"]


def _letters(n: int) -> str:
    return "".join(chr(65 + n // 26**k % 26) for k in range(3))


def _write_sheet(path: Path, client: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(ROWS):
            number = (client * 100_003 + n) * 7919 % 10**12
            writer.writerow(
                [f"Carer {_letters(n)} {_letters(client)}son", "Residential worker",
                 f"{number:012d}", "Enhanced with barred list", "01/02/2024"]
            )  # fmt: skip


def _prepare(url: str, clients: int, folder: Path) -> list[dict[str, Any]]:
    """The shared register: each client's contract, meeting, actions and sheet."""
    from bscp_monitor.data.store import Store
    from bscp_monitor.meetings import actions, meetings
    from tests.registers import make_contract, meeting_under_way

    store = Store.open(url)
    plans = []
    try:
        for client in range(clients):
            contract_id = make_contract(
                store,
                reference=f"TEAM-{client:04d}",
                provider=f"Team Provider {_letters(client)}",
            )
            meeting_id = meeting_under_way(store, contract_id, date.today(), discussion="")
            item_id = meetings.get_meeting(store, meeting_id).safeguarding_item.id
            action_ids = [
                actions.raise_action(
                    store, meeting_id, item_id, f"Follow-up {n} of client {client}", "Sam Owner"
                ).id
                for n in range(ACTIONS_PER_CLIENT)
            ]
            sheet = folder / f"provider-{client:02d}.csv"
            _write_sheet(sheet, client)
            plans.append(
                {
                    "client": client,
                    "provider": f"Team Provider {_letters(client)}",
                    "item_id": item_id,
                    "action_ids": action_ids,
                    "sheet": str(sheet),
                }
            )
    finally:
        store.close()
    return plans


# --- one client (a process of its own) -------------------------------------------------------


def _client(url: str, plan: dict[str, Any], go: Path, duration: float) -> dict[str, Any]:
    from sqlalchemy import func, select

    from bscp_monitor.compliance.portfolio import portfolio_summary
    from bscp_monitor.data.dbs import ImportBatch, StaffMember
    from bscp_monitor.data.enums import ActionStatus
    from bscp_monitor.data.meetings import ActionUpdate, AgendaItem
    from bscp_monitor.data.register import Provider
    from bscp_monitor.data.store import Store
    from bscp_monitor.dbs.importer import import_file
    from bscp_monitor.meetings import actions, agenda

    store = Store.open(url)
    client, item_id = plan["client"], plan["item_id"]
    sheet = Path(plan["sheet"])
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    words: list[str] = []
    notes: dict[int, list[str]] = defaultdict(list)
    imports = 0
    today = date.today()

    def timed(kind: str, work: Any) -> bool:
        start = time.perf_counter()
        try:
            work()
        except Exception as exc:  # noqa: BLE001 -- counted and reported: the bench's errors
            errors.append(f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
            return False
        latencies[kind].append(time.perf_counter() - start)
        return True

    while not go.exists():
        time.sleep(0.001)
    deadline = time.monotonic() + duration
    round_ = 0
    while time.monotonic() < deadline:
        word = f"w{round_}"
        text = " ".join([*words, word])
        if timed("autosave", partial(agenda.update_item, store, item_id, discussion=text)):
            words.append(word)
        if round_ % 4 == 0:
            action_id = plan["action_ids"][round_ // 4 % ACTIONS_PER_CLIENT]
            note = f"client {client} note {round_}"
            if timed(
                "action",
                partial(actions.update_action, store, action_id, ActionStatus.OPEN, note),
            ):
                notes[action_id].append(note)
        if round_ % 10 == 0:
            timed("dashboard", lambda: portfolio_summary(store, today))
        if round_ % 40 == 0 and timed(
            "import", lambda: import_file(store, sheet, plan["provider"])
        ):
            imports += 1
        round_ += 1
    store.close()

    # Each client checks its own writes, through a new store (new connections).
    lost = duplicated = 0
    check = Store.open(url)
    try:
        with check.session() as session:
            stored = session.get(AgendaItem, item_id)
            expected = " ".join(words)
            if stored is None or stored.discussion != expected:
                lost += 1
            for action_id in plan["action_ids"]:
                found = list(
                    session.scalars(
                        select(ActionUpdate.note).where(ActionUpdate.action_id == action_id)
                    )
                )
                for note in notes[action_id]:
                    count = found.count(note)
                    lost += count == 0
                    duplicated += max(0, count - 1)
                done = set(notes[action_id])
                duplicated += sum(1 for n in found if n.startswith("client ") and n not in done)
            provider_id = session.scalar(
                select(Provider.id).where(Provider.name == plan["provider"])
            )
            staff = session.scalar(
                select(func.count())
                .select_from(StaffMember)
                .where(StaffMember.provider_id == provider_id)
            )
            batches = session.scalar(
                select(func.count())
                .select_from(ImportBatch)
                .where(ImportBatch.provider_id == provider_id)
            )
            if imports:
                lost += max(0, ROWS - int(staff or 0))
                duplicated += max(0, int(staff or 0) - ROWS)
            lost += max(0, imports - int(batches or 0))
            duplicated += max(0, int(batches or 0) - imports)
    finally:
        check.close()
    return {
        "client": client,
        "latencies": {k: v for k, v in latencies.items()},
        "errors": errors,
        "lost": lost,
        "duplicated": duplicated,
        "imports": imports,
    }


def _client_main(args: argparse.Namespace) -> int:
    plan = json.loads(Path(args.plan).read_text())
    try:
        result = _client(args.url, plan, Path(args.go), args.duration)
    except Exception:  # noqa: BLE001 -- the parent reports it
        result = {"client": plan["client"], "fatal": traceback.format_exc()}
    Path(args.out).write_text(json.dumps(result))
    return 0


# --- the run ----------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="client processes (20)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of work (60)")
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    parser.add_argument("--go", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        return _client_main(args)

    from tests.pg_server import start_server, why_unavailable

    reason = why_unavailable()
    if reason is not None:
        print(f"Not measured: {reason}.")
        return 1
    server = start_server()
    try:
        with tempfile.TemporaryDirectory(prefix="bscp-bench-team-") as name:
            folder = Path(name)
            url = server.url(server.new_database())
            start = time.perf_counter()
            plans = _prepare(url, args.clients, folder)
            print(
                f"{args.clients} clients on one local PostgreSQL ({os.cpu_count()} cores shared "
                f"by server and clients), {args.duration:.0f} s; register prepared in "
                f"{time.perf_counter() - start:.1f} s."
            )
            go = folder / "go"
            children = []
            for plan in plans:
                plan_file = folder / f"plan-{plan['client']}.json"
                plan_file.write_text(json.dumps(plan))
                out = folder / f"result-{plan['client']}.json"
                command = [
                    sys.executable, __file__, "--client", "--url", url, "--plan", str(plan_file),
                    "--go", str(go), "--out", str(out), "--duration", str(args.duration),
                ]  # fmt: skip
                children.append((out, subprocess.Popen(command, cwd=ROOT)))
            time.sleep(min(30.0, 2.0 + 0.5 * args.clients))  # every client started and waiting
            go.write_text("go")
            for _out, child in children:
                child.wait(timeout=args.duration + 600)
            results = [json.loads(out.read_text()) for out, _child in children]
    finally:
        server.stop()
    return _report(results, args.duration)


def _report(results: list[dict[str, Any]], duration: float) -> int:
    fatal = [r for r in results if "fatal" in r]
    for r in fatal:
        print(f"Client {r['client']} failed:\n{r['fatal']}")
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lost = duplicated = 0
    for r in results:
        if "fatal" in r:
            continue
        for kind, values in r["latencies"].items():
            latencies[kind] += values
        errors += r["errors"]
        lost += r["lost"]
        duplicated += r["duplicated"]
    total = sum(len(v) for v in latencies.values())
    print(f"Throughput: {total / duration:.1f} pieces of work per second (all clients)")
    print(f"{'work':<10} {'done':>7} {'per s':>8} {'p50 ms':>9} {'p95 ms':>9}")
    for kind in KINDS:
        values = latencies.get(kind, [])
        if not values:
            print(f"{kind:<10} {0:>7}")
            continue
        p50 = statistics.median(values) * 1000
        p95 = _percentile(values, 0.95) * 1000
        print(f"{kind:<10} {len(values):>7} {len(values) / duration:>8.1f} {p50:>9.1f} {p95:>9.1f}")
    print(f"Errors: {len(errors)} (target 0)")
    for message in errors[:10]:
        print(f"  {message}")
    print(f"Lost writes: {lost}, duplicated writes: {duplicated} (target 0 each)")
    ok = not fatal and not errors and lost == 0 and duplicated == 0
    print("Target met." if ok else "Target NOT met.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
