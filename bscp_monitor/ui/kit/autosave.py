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

from bscp_monitor.common.errors import DatabaseError, UserError

#: The longest a keystroke waits before it is saved.
DEFAULT_INTERVAL_MS = 400
#: How soon a save the database could not take (locked, say) is first tried again, and
#: the longest wait between tries as they double.
RETRY_MS = 3000
MAX_RETRY_MS = 30000
DELAYED = (
    "Saving is delayed: the database cannot be written just now ({reason}). What you typed "
    "is kept and saved as soon as it can be; keep this window open until then."
)
#: What a window says while the database server cannot be reached (tried every RETRY_MS).
NOT_CONNECTED = "Not connected — your notes are kept and will be saved when the server is back"


class Autosaver(QObject):
    """Collects pending values by key and saves them through ``save(key, value)``."""

    saved = Signal(object)  # the key
    failed = Signal(object, str)  # the key, a message for people
    #: False when the database server went out of reach (saves wait, tried every 3 s),
    #: True when a save got through again.
    connection = Signal(bool)

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
        self._interval_ms = interval_ms
        self._timer.timeout.connect(self.flush)
        self._delayed = False  # a save is waiting for the database (said once)
        self._disconnected = False  # the server cannot be reached (said once)
        self._retry_ms = RETRY_MS
        #: Seconds spent in each save on the UI thread (read by the benchmark).
        self.costs: list[float] = []

    def changed(self, key: object, value: object) -> None:
        """Note a new value; it is saved within the interval."""
        self._pending[key] = value
        if not self._timer.isActive():
            self._timer.start(self._interval_ms)

    def has_pending(self) -> bool:
        return bool(self._pending)

    def pending(self) -> dict[object, object]:
        """The values not saved yet, by key (a copy)."""
        return dict(self._pending)

    def flush(self) -> bool:
        """Save everything pending now; False if anything was refused or must wait.

        A value the store refuses (UserError: say, the meeting was locked meanwhile) is
        reported and dropped. If the database cannot take a value now (locked by another
        program past the busy timeout, a disk error), it and everything after it stay
        pending -- the rest would only wait as long again -- and are tried again later, less
        often each time (3 s, 6 s ... at most 30 s); ``failed`` says so once, until a save
        succeeds. If the database server cannot be reached, ``failed`` says NOT_CONNECTED
        and ``connection`` False once, every value stays pending and is tried every 3 s;
        the first save that gets through says ``connection`` True. (A value is the whole
        text of its field, so saving it again after a lost reply writes nothing twice.)"""
        self._timer.stop()
        ok = True
        while self._pending:
            key, value = next(iter(self._pending.items()))
            start = time.perf_counter()
            try:
                self._save(key, value)
            except UserError as exc:
                del self._pending[key]
                ok = False
                self.failed.emit(key, str(exc))
            except DatabaseError as exc:
                if exc.disconnected:  # the server is away: try again soon, as often
                    if not self._disconnected:
                        self._disconnected = True
                        self.connection.emit(False)
                        self.failed.emit(key, NOT_CONNECTED)
                    self._timer.start(RETRY_MS)
                    return False
                self._wait_for(key, exc.detail)
                return False
            except OSError as exc:
                self._wait_for(key, str(exc))
                return False
            else:
                del self._pending[key]
                if self._disconnected:
                    self._disconnected = False
                    self.connection.emit(True)
                self.saved.emit(key)
            finally:
                self.costs.append(time.perf_counter() - start)
        if ok:
            self._delayed = False
            self._retry_ms = RETRY_MS
        return ok

    @property
    def disconnected(self) -> bool:
        """Whether saves wait for the database server to be back."""
        return self._disconnected

    def _wait_for(self, key: object, reason: str) -> None:
        """The database cannot take a value now: say so once, try again later, less often
        each time."""
        if not self._delayed:
            self.failed.emit(key, DELAYED.format(reason=reason.splitlines()[0]))
        self._timer.start(self._retry_ms)
        self._retry_ms = min(self._retry_ms * 2, MAX_RETRY_MS)
        self._delayed = True
