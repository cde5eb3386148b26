"""The one adapter between the core's long work and the UI.

Long work in the core is a generator that yields :class:`Progress` and returns its result.
:class:`GeneratorTask` runs such a generator on ``QThreadPool.globalInstance()``, checks a
cancel flag between yields (and then closes the generator, so the core rolls back), and
delivers progress, the result, a failure or the cancellation by queued signals on the UI
thread. :func:`run_with_progress` adds a modal progress dialog with Cancel.

A UserError or DatabaseError fails the task with its message; any other exception is a bug:
it is shown in the bug report (ui/kit/bug_report.py) and fails the task saying so.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.common.progress import Progress
from bscp_monitor.ui.kit.bug_report import bug_detail, report_bug_detail

log = logging.getLogger(__name__)

MakeGenerator = Callable[[], Generator[Progress, None, Any]]


class _Relay(QObject):
    """Lives on the UI thread; the worker emits these, Qt queues them across threads."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    bug = Signal(str, str)  # the message, the detail for the bug report
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(
        self, make_generator: MakeGenerator, relay: _Relay, stop: threading.Event, what: str
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the task keeps it until it is done
        self._make = make_generator
        self._relay = relay
        self._stop = stop
        self._what = what

    def run(self) -> None:
        generator: Generator[Progress, None, Any] | None = None
        try:
            if self._stop.is_set():
                self._relay.cancelled.emit()
                return
            generator = self._make()
            while True:
                try:
                    step = next(generator)
                except StopIteration as stop:
                    self._relay.finished.emit(stop.value)
                    return
                self._relay.progress.emit(step)
                if self._stop.is_set():
                    generator.close()  # the core rolls back what it had not committed
                    self._relay.cancelled.emit()
                    return
        except UserError as exc:
            self._relay.failed.emit(str(exc))
        except DatabaseError as exc:  # locked, damaged: in words, never the SQL
            log.warning("%s failed: %s", self._what, exc.detail)
            self._relay.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: reported with its traceback
            self._relay.bug.emit(
                f"{self._what} stopped because of a bug ({exc or type(exc).__name__}); "
                "the details are in the bug report.",
                bug_detail(exc),
            )
        finally:
            if generator is not None:
                generator.close()


class GeneratorTask(QObject):
    """Run ``make_generator()`` off the UI thread. Exactly one of ``finished(result)``,
    ``failed(message)`` or ``cancelled()`` is emitted, after any ``progress(Progress)``."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        make_generator: MakeGenerator,
        what: str = "The work",
        parent: QObject | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._relay.bug.connect(self._on_bug, Qt.ConnectionType.QueuedConnection)
        self._relay.cancelled.connect(self._on_cancelled, Qt.ConnectionType.QueuedConnection)
        self._runnable: _Runnable | None = _Runnable(make_generator, self._relay, self._stop, what)
        self._pool = pool or QThreadPool.globalInstance()
        self._running = False
        self._done = False

    def start(self) -> None:
        if self._running or self._done or self._runnable is None:
            return
        self._running = True
        self._pool.start(self._runnable)

    def cancel(self) -> None:
        """Ask the work to stop at its next step (safe from any thread)."""
        self._stop.set()

    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def is_running(self) -> bool:
        return self._running

    def is_done(self) -> bool:
        return self._done

    def _end(self) -> None:
        self._running = False
        self._done = True
        self._runnable = None

    @Slot(object)
    def _on_progress(self, step: object) -> None:
        if not self._done:
            self.progress.emit(step)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._end()
        self.finished.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)

    @Slot(str, str)
    def _on_bug(self, message: str, detail: str) -> None:
        parent = self.parent()
        report_bug_detail(detail, parent if isinstance(parent, QWidget) else None)
        self._on_failed(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._end()
        self.cancelled.emit()


def run_with_progress(
    parent: QWidget,
    title: str,
    make_generator: MakeGenerator,
    unit: str = "rows",
) -> GeneratorTask:
    """Start the work with a modal progress dialog ("n of m rows") and Cancel.

    Connect to the task's ``finished`` / ``failed`` / ``cancelled``; the dialog closes itself.
    """
    task = GeneratorTask(make_generator, what=title, parent=parent)
    dialog = QProgressDialog(parent)
    dialog.setObjectName("workProgress")
    dialog.setWindowTitle(title)
    dialog.setLabelText(f"{title}…")
    dialog.setCancelButtonText("Cancel")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(420)
    dialog.setRange(0, 0)  # busy until the first step says how much there is

    shown = {"done": -1, "closed": False}

    def step(progress: Progress) -> None:
        # setValue() on a modal dialog processes events, so a later step (or the end) may
        # be handled inside it: never go back, and never touch a closed dialog.
        if task.cancel_requested() or shown["closed"] or progress.done < shown["done"]:
            return  # (the dialog hid itself on Cancel; do not bring it back)
        shown["done"] = progress.done
        if progress.total > 0:
            count = f"{progress.done:,} of {progress.total:,} {unit}"
            said = f"{progress.total:,}" in progress.text  # the text may say it already
            dialog.setLabelText(progress.text if said else f"{progress.text}\n{count}")
            dialog.setRange(0, progress.total)
            dialog.setValue(min(progress.done, progress.total))
        else:
            dialog.setLabelText(progress.text)

    def cancel() -> None:
        task.cancel()
        dialog.setLabelText("Cancelling: undoing what was done so far…")
        dialog.setCancelButtonText("Cancelling…")

    def close(*_args: object) -> None:
        shown["closed"] = True
        with contextlib.suppress(RuntimeError, TypeError):
            dialog.canceled.disconnect(cancel)
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    task.progress.connect(step)
    dialog.canceled.connect(cancel)
    task.finished.connect(close)
    task.failed.connect(close)
    task.cancelled.connect(close)
    task.dialog = dialog  # type: ignore[attr-defined]  # for callers and tests
    dialog.show()
    task.start()
    return task
