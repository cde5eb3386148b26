"""Benchmark: minutes of a large meeting to PDF, and the cost of an autosaved edit.

    python bench/minutes.py

1. A meeting of 40 agenda items, 20,000 words of discussion and 300 actions is exported
   with export_minutes, against the same text set as a plain reportlab document (one
   paragraph per block -- each action twice, as the minutes list it under its item and in
   the action log -- with no tables and no page furniture) in the same run. Target: <= 1.5x.
2. 2,000 keystrokes typed into the meeting window's discussion box, each saved at once
   by the window's Autosaver (one short transaction per save, on the UI thread); the 99th
   percentile of the time spent saving an edit must stay under 16 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bscp_monitor.common.clock import to_utc
from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.reports.minutes_pdf import export_minutes

WORDS = [
    "safeguarding",
    "provider",
    "referral",
    "assessment",
    "children",
    "young",
    "people",
    "exploitation",
    "training",
    "policy",
    "concern",
    "service",
    "waiting",
    "list",
    "outcome",
    "review",
    "partnership",
    "contract",
    "risk",
    "evidence",
    "agreed",
    "report",
    "quarter",
    "staff",
    "support",
    "family",
    "school",
    "social",
    "care",
    "plan",
    "action",
]


def _text(rng: random.Random, words: int) -> str:
    out = []
    for start in range(0, words, 80):
        chunk = [rng.choice(WORDS) for _ in range(min(80, words - start))]
        out.append(" ".join(chunk).capitalize() + ".")
    return "\n\n".join(out)


def build_meeting(store: Store) -> int:
    rng = random.Random(7)
    provider = providers.create_provider(store, "Benchmark Provider")
    contract = contracts.create_contract(
        store,
        reference="BENCH-1",
        title="Benchmark service",
        provider_id=provider.id,
        start_date=date(2024, 1, 1),
        end_date=date(2028, 1, 1),
    )
    meeting = meetings.schedule_meeting(store, contract.id, to_utc(datetime(2026, 3, 2, 10)))
    while len(agenda.item_ids(store, meeting.id)) < 40:
        agenda.add_item(store, meeting.id, f"Topic {len(agenda.item_ids(store, meeting.id)) + 1}")
    ids = agenda.item_ids(store, meeting.id)
    per_item = 20_000 // len(ids)
    for item_id in ids:
        agenda.update_item(store, item_id, discussion=_text(rng, per_item))
    for n in range(300):
        actions.raise_action(
            store,
            meeting.id,
            ids[n % len(ids)],
            _text(rng, 12),
            f"Owner {n % 17}",
            "Provider",
            date(2026, 4, 1),
        )
    return meeting.id


def plain_document(store: Store, meeting_id: int, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    detail = meetings.get_meeting(store, meeting_id)
    raised, _ = actions.meeting_actions(store, meeting_id)
    story = []
    for item in detail.items:
        story.append(Paragraph(item.title, style))
        for prompt in item.prompts:
            story.append(Paragraph(f"{prompt.question} {prompt.response}", style))
        for block in item.discussion.split("\n\n"):
            story.append(Paragraph(block, style))
        for a in raised:  # the minutes list each item's actions under it...
            if a.agenda_item_id == item.id:
                story.append(Paragraph(f"{a.ref} {a.description} {a.owner} {a.due_on}", style))
    for a in raised:  # ...and again in the action log
        story.append(Paragraph(f"{a.ref} {a.description} {a.owner} {a.due_on}", style))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def best_of(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    """CPU time of the fastest run: other processes on the machine do not count."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def autosave_through_the_window(store: Store, item_id: int, meeting_id: int) -> str:
    """2,000 keystrokes typed into the meeting window's discussion box, each saved at once
    by the window's own Autosaver; its record of UI-thread time per save is summarised."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

    app = QApplication.instance() or QApplication([])
    window = MeetingWindow(store, meeting_id)
    window.show()
    window.select_item(item_id)
    app.processEvents()
    edit = window.editor.discussion_edit
    assert edit is not None
    edit.setFocus()
    window.autosaver.costs.clear()
    for n in range(2000):
        QTest.keyClick(edit, "abcdefghij klmnopqrstu"[n % 22], Qt.KeyboardModifier.NoModifier)
        window.autosaver.flush()  # every keystroke saved: the worst case for the UI thread
    costs = sorted(window.autosaver.costs)
    window.close()
    p99 = costs[int(len(costs) * 0.99) - 1]
    return (
        f"autosave over {len(costs)} edits typed into the meeting window: "
        f"median {statistics.median(costs) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms, "
        f"max {costs[-1] * 1000:.2f} ms (target p99 < 16 ms)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        store = Store.open(root / "bench.sqlite3")
        meeting_id = build_meeting(store)
        detail = meetings.get_meeting(store, meeting_id)
        words = sum(len(i.discussion.split()) for i in detail.items)
        print(f"meeting: {len(detail.items)} items, {words} words, 300 actions")

        ours_runs, plain_runs = [], []
        for _ in range(5):  # interleaved, so both see the same machine load
            ours_runs.append(best_of(1, lambda: export_minutes(store, meeting_id, root / "m.pdf")))
            plain_runs.append(best_of(1, lambda: plain_document(store, meeting_id, root / "p.pdf")))
        ours, plain = min(ours_runs), min(plain_runs)
        print(f"minutes PDF (export_minutes):   {ours * 1000:8.1f} ms CPU")
        print(f"plain reportlab document:       {plain * 1000:8.1f} ms CPU")
        print(f"ratio: {ours / plain:.2f}x (target <= 1.5x)")

        print(autosave_through_the_window(store, detail.items[4].id, meeting_id))
        store.close()


if __name__ == "__main__":
    main()
