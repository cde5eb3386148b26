"""Benchmark: search across the minutes of many meetings, and what the index costs on disk.

    python bench/search.py [--meetings 5000] [--words 20000]

Builds a register of N meetings whose agenda items hold W words of discussion in all
(written through SQL in bulk, the search index's triggers indexing each row as a real
write would), then:

1. times ``papers.search.search`` for its first 50 hits over a mix of queries (common
   words, rare words, stems, two words, names) -- CPU time, best of 3 runs per query;
   target: every query under 100 ms;
2. compares the file's size with the same file without the index (index dropped, both
   VACUUMed); target: the index adds under 30%.

The issue's figures are 5,000 meetings of 20,000 words (100 million words, several GB and
a long build); smaller runs give the same per-word figures and the ratio.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from minutes import WORDS as MINUTES_WORDS  # bench/ is the script's folder: on sys.path

from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.store import Store
from bscp_monitor.papers.search import search

WORDS = [  # the minutes benchmark's words, and more that a team's papers use
    *MINUTES_WORDS,
    "supervision",
    "allegation",
    "lado",
    "recruitment",
    "induction",
    "volunteer",
    "complaint",
    "feedback",
    "voice",
    "placement",
    "transition",
    "escalation",
    "threshold",
    "capacity",
    "caseload",
    "vacancy",
    "agency",
    "budget",
    "variance",
    "audit",
    "compliance",
    "governance",
    "board",
    "incident",
    "whistleblowing",
    "dbs",
    "barred",
    "update",
    "matrix",
    "refresher",
]
RARE = [f"zeugma{n}" for n in range(200)]  # a few rare words, each in few places
QUERIES = ["safeguard", "training matrix", "lado allegation", "zeugma7", "recruit", "escalat",
           "caseload vacancy agency", "whistleblowing policy"]  # fmt: skip


def _pseudo_word(n: int) -> str:
    letters = "bcdfghjklmnprstvw"
    vowels = "aeiou"
    out = ""
    for _ in range(3):
        out += letters[n % len(letters)] + vowels[(n // len(letters)) % len(vowels)]
        n //= len(letters) * len(vowels)
        if not n:
            break
    return out + "ing" if len(out) < 5 else out


def build(path: Path, meetings: int, words: int, rng: random.Random) -> None:
    store = Store.open(path)
    provider = providers.create_provider(store, "Bench Provider")
    contracts.create_contract(store, reference="BENCH-1", title="Benchmark service",
                              provider_id=provider.id, start_date=date(2020, 1, 1),
                              end_date=date(2030, 1, 1))  # fmt: skip
    store.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    per_item = max(1, words // 10)
    # A realistic vocabulary: the domain's words, then 20,000 others by Zipf's law (as in
    # English prose, a few words are everywhere and most are rare).
    vocabulary = WORDS + [_pseudo_word(n) for n in range(20_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    for m in range(1, meetings + 1):
        db.execute(
            "INSERT INTO meeting (id, contract_id, starts_at, venue, online, chair, "
            "minute_taker, status, approved_by, actions_minuted, created_at, "
            "invite_sequence) VALUES (?, 1, ?, '', 0, '', '', 'draft_minutes', '', 0, ?, 0)",
            (m, "2020-01-01 10:00:00", "2020-01-01 00:00:00"),
        )
        items = []
        for position in range(10):
            text = " ".join(rng.choices(vocabulary, weights, k=per_item))
            if rng.random() < 0.05:
                text += " " + rng.choice(RARE)
            items.append((m, position, f"Item {position + 1}", "standard", 0, text, ""))
        db.executemany(
            "INSERT INTO agenda_item (meeting_id, position, title, kind, mandatory, "
            "discussion, decisions) VALUES (?, ?, ?, ?, ?, ?, ?)",
            items,
        )
        if m % 200 == 0:
            db.commit()
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def size_without_index(path: Path, folder: Path) -> tuple[int, int]:
    with_index, without = folder / "with.sqlite3", folder / "without.sqlite3"
    shutil.copyfile(path, with_index)
    shutil.copyfile(path, without)
    for target, drop in ((with_index, False), (without, True)):
        db = sqlite3.connect(target)
        if drop:
            db.execute("DROP TABLE search_index")
        db.execute("VACUUM")
        db.close()
    return with_index.stat().st_size, without.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--words", type=int, default=20000, help="words per meeting")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "bench.sqlite3"
        start = time.perf_counter()
        build(path, args.meetings, args.words, random.Random(7))
        took = time.perf_counter() - start
        print(f"built {args.meetings} meetings x {args.words} words "
              f"({args.meetings * args.words:,} words) in {took:.1f} s")  # fmt: skip
        store = Store.open(path)
        worst = 0.0
        for query in QUERIES:
            runs, hits = [], 0
            for _ in range(3):
                began = time.process_time()
                hits = len(search(store, query, 50))
                runs.append(time.process_time() - began)
            best = min(runs)
            worst = max(worst, best)
            print(f"  search {query!r:28} {hits:3d} hits  {best * 1000:7.1f} ms CPU")
        store.close()
        print(f"slowest query: {worst * 1000:.1f} ms (target < 100 ms)")
        with_index, without = size_without_index(path, root)
        print(f"database {with_index / 1e6:.1f} MB with the index, {without / 1e6:.1f} MB "
              f"without: the index adds {100 * (with_index - without) / without:.1f}% "
              "(target < 30%)")  # fmt: skip


if __name__ == "__main__":
    main()
