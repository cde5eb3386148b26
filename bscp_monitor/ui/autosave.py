"""Autosave for text being typed: every change reaches the database within a bound.

A field's first unsaved change starts a single-shot timer (not restarted by later
keystrokes), so even continuous typing is saved every ``interval_ms``; focus leaving,
the widget hiding and the window closing flush at once. Saving runs on the UI thread and
costs about a millisecond (one short SQLite transaction; see bench/minutes.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from bscp_monitor.errors import UserError

#: The longest a keystroke waits before it is saved.
DEFAULT_INTERVAL_MS = 400


class Autosaver(QObject):
    """Collects pending values by key and saves them through ``save(key, value)``."""

    saved = Signal(object)  # the key
    failed = Signal(object, str)  # the key, a message for people

    def __init__(
        self,
        save: Callable[[object, object], None],
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._pending: dict[object, object] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        #: Seconds spent in each save on the UI thread (read by the benchmark).
        self.costs: list[float] = []

    def changed(self, key: object, value: object) -> None:
        """Note a new value; it is saved within the interval."""
        self._pending[key] = value
        if not self._timer.isActive():
            self._timer.start()

    def has_pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> bool:
        """Save everything pending now; False if anything was refused."""
        self._timer.stop()
        ok = True
        while self._pending:
            key, value = next(iter(self._pending.items()))
            del self._pending[key]
            start = time.perf_counter()
            try:
                self._save(key, value)
            except UserError as exc:
                ok = False
                self.failed.emit(key, str(exc))
            else:
                self.saved.emit(key)
            finally:
                self.costs.append(time.perf_counter() - start)
        return ok
