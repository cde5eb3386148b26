"""The generic worker: a core generator run off the UI thread, with progress, a result,
one message on failure, and Cancel that closes the generator."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication

from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.common.progress import Progress
from bscp_monitor.ui.kit.bug_report import BugReportDialog
from bscp_monitor.ui.kit.worker import GeneratorTask, run_with_progress


def bug_reports() -> list[BugReportDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, BugReportDialog) and w.isVisible()
    ]


def counting(total: int, closed: list[str], threads: list[int]):
    try:
        for done in range(total):
            threads.append(threading.get_ident())
            yield Progress(done, total, "Counting…")
        return total * 10
    except GeneratorExit:
        closed.append("closed")
        raise


def test_result_arrives_by_signal_from_another_thread(qtbot) -> None:
    closed: list[str] = []
    threads: list[int] = []
    task = GeneratorTask(lambda: counting(3, closed, threads))
    steps: list[Progress] = []
    task.progress.connect(steps.append)
    with qtbot.waitSignal(task.finished, timeout=10000) as blocker:
        task.start()
    assert blocker.args == [30]
    assert [s.done for s in steps] == [0, 1, 2]
    assert threads
    assert threading.get_ident() not in threads
    assert not task.is_running()
    assert task.is_done()


def test_cancel_closes_the_generator(qtbot) -> None:
    gate = threading.Event()
    closed: list[str] = []

    def held():
        try:
            yield Progress(0, 2, "First")
            gate.wait(10)
            yield Progress(1, 2, "Second")
            return "finished"
        except GeneratorExit:
            closed.append("closed")
            raise

    task = GeneratorTask(held)
    task.progress.connect(lambda _s: (task.cancel(), gate.set()))
    with qtbot.waitSignal(task.cancelled, timeout=10000):
        task.start()
    assert closed == ["closed"]


def test_failures_are_one_message_never_a_traceback(qtbot, caplog) -> None:
    def refuses():
        yield Progress(0, 1, "")
        raise UserError("The file is locked: close it in Excel and try again.")

    task = GeneratorTask(refuses)
    with qtbot.waitSignal(task.failed, timeout=10000) as blocker:
        task.start()
    assert blocker.args == ["The file is locked: close it in Excel and try again."]

    def breaks():
        yield Progress(0, 1, "")
        raise KeyError("boom")

    task = GeneratorTask(breaks, what="The import")
    with qtbot.waitSignal(task.failed, timeout=10000) as blocker:
        task.start()
    [message] = blocker.args
    assert message.startswith("The import stopped because of a bug ('boom')")
    assert "Traceback" not in message
    # ... and the bug itself is reported with its traceback, not dressed up as a message
    [report] = bug_reports()
    assert "KeyError: 'boom'" in report.detail.toPlainText()
    assert "in breaks" in report.detail.toPlainText()
    report.close()


def test_a_database_failure_is_its_message(qtbot) -> None:
    def locked():
        yield Progress(0, 1, "")
        raise DatabaseError("The database is busy.", busy=True, detail="database is locked")

    task = GeneratorTask(locked, what="The import")
    with qtbot.waitSignal(task.failed, timeout=10000) as blocker:
        task.start()
    assert blocker.args == ["The database is busy."]
    assert bug_reports() == []


def test_progress_dialog_follows_and_closes(qtbot, qapp) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    closed: list[str] = []
    task = run_with_progress(parent, "Counting", lambda: counting(4, closed, []))
    dialog = task.dialog  # type: ignore[attr-defined]
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    labels: list[str] = []
    task.progress.connect(lambda _s: labels.append(dialog.labelText()))
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert labels[-1] == "Counting…\n3 of 4 rows", labels
    assert dialog.isHidden()
