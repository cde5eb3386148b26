"""Driver for the crash test: open a meeting's window, type into an item's discussion one
character at a time, and report each keystroke on stdout until killed.

Usage: python crash_driver.py DB_PATH MEETING_ID ITEM_ID TEXT_FILE
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bscp_monitor.data.store import Store
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

INTERVAL_MS = 20


def main() -> int:
    db_path, meeting_id, item_id, text_file = sys.argv[1:5]
    with open(text_file, encoding="utf-8") as handle:
        text = handle.read()
    app = QApplication(sys.argv[:1])
    store = Store.open(db_path)
    window = MeetingWindow(store, int(meeting_id))
    window.resize(1366, 768)
    window.show()
    window.select_item(int(item_id))
    edit = window.editor.discussion_edit
    assert edit is not None
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    typed = 0

    def type_one() -> None:
        nonlocal typed
        if typed >= len(text):
            timer.stop()
            print("done", flush=True)
            return
        QTest.keyClick(edit, text[typed], Qt.KeyboardModifier.NoModifier)
        typed += 1
        print(f"typed {typed} {time.monotonic():.6f}", flush=True)

    timer = QTimer()
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(type_one)
    timer.start()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
