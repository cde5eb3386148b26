"""Lose nothing: a real process typing the minutes is killed (SIGKILL) mid-edit; reopening the
database shows a prefix of what was typed that holds everything typed over a second before."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bscp_monitor.data.enums import AgendaKind
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings

DRIVER = Path(__file__).with_name("crash_driver.py")
TEXT = (
    "Joanne reported three safeguarding concerns since the last meeting, all referred "
    "to the MASH on the same day. Two referrals were accepted for assessment. No "
    "allegations against staff. County lines recruitment near two schools was shared "
    "with the Atlas Team and the police. "
) * 3
MIN_TYPED = 150
MIN_SECONDS = 2.0
SAFE_MARGIN = 1.0  # seconds: anything typed longer ago than this must be stored
DEADLINE = 60.0


def _read_lines(process: subprocess.Popen[bytes], deadline: float):
    """Yield stdout lines of the driver until the deadline (no sleeping: select on the pipe)."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    buffer = b""
    fd = process.stdout.fileno()
    while time.monotonic() < deadline:
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.decode()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_typing_loses_at_most_the_last_second(
    db_path: Path, tmp_path: Path, copy_demo: Callable[[Path], Path]
) -> None:
    store = Store.open(copy_demo(db_path))
    planned = next(m for m in meetings.list_meetings(store) if m.status.value == "planned")
    meeting_count = len(meetings.list_meetings(store))
    item = meetings.get_meeting(store, planned.id).safeguarding_item
    assert item.discussion == ""
    store.close()
    text_file = tmp_path / "text.txt"
    text_file.write_text(TEXT, encoding="utf-8")

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), str(db_path), str(planned.id), str(item.id), str(text_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    typed_at: list[float] = []  # monotonic time of each keystroke, in order
    first: float | None = None
    killed_at: float | None = None
    try:
        for line in _read_lines(process, time.monotonic() + DEADLINE):
            if not line.startswith("typed "):
                continue
            _word, count, moment = line.split()
            typed_at.append(float(moment))
            assert int(count) == len(typed_at)
            first = first if first is not None else float(moment)
            if len(typed_at) >= MIN_TYPED and float(moment) - first >= MIN_SECONDS:
                os.kill(process.pid, signal.SIGKILL)
                killed_at = time.monotonic()
                break
    finally:
        if killed_at is None:
            process.kill()
        process.wait(timeout=30)
        stderr = process.stderr.read().decode() if process.stderr else ""
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()
    assert killed_at is not None, f"the driver did not type enough: {stderr}"
    assert process.returncode == -signal.SIGKILL

    reopened = Store.open(db_path)
    try:
        detail = meetings.get_meeting(reopened, planned.id)
        stored = detail.safeguarding_item.discussion
        typed = TEXT[: len(typed_at)]
        assert typed.startswith(stored), "the stored text is not what was typed"
        must_have = sum(1 for moment in typed_at if moment < killed_at - SAFE_MARGIN)
        assert must_have >= 50
        assert len(stored) >= must_have, (
            f"{must_have} characters typed over {SAFE_MARGIN}s before the kill, "
            f"only {len(stored)} stored"
        )
        # nothing else is damaged: the whole meeting and the others load
        assert [i.kind for i in detail.items].count(AgendaKind.SAFEGUARDING) == 1
        assert len(detail.attendees) == 0
        assert len(meetings.list_meetings(reopened)) == meeting_count
        for m in meetings.list_meetings(reopened):
            meetings.get_meeting(reopened, m.id)
    finally:
        reopened.close()
