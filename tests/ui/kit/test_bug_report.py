"""An exception nobody expected is reported as a bug -- plainly, with a detail people can
copy -- from a slot, from another thread or from the worker; never dressed up as a
database problem, never lost on a console."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from bscp_monitor.ui.kit import bug_report
from bscp_monitor.ui.kit.bug_report import (
    HEADLINE,
    BugReportDialog,
    bug_detail,
    install_bug_handlers,
    report_bug,
)


def shown_reports() -> list[BugReportDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, BugReportDialog) and w.isVisible()
    ]


@pytest.fixture
def reports(qtbot):
    """The bug dialogs shown during the test (closed afterwards)."""
    yield shown_reports
    for dialog in shown_reports():
        dialog.close()


def broken() -> None:
    {}["missing key"]


def test_the_dialog_says_it_is_a_bug_and_the_detail_can_be_copied(qtbot, reports) -> None:
    try:
        broken()
    except KeyError as exc:
        dialog = report_bug(exc)
    assert dialog is not None
    assert reports() == [dialog]
    assert dialog.headline.text() == HEADLINE
    assert "this is a bug" in HEADLINE
    assert "database" not in HEADLINE
    detail = dialog.detail.toPlainText()
    assert detail.startswith("BSCP Monitor ")
    assert "Traceback (most recent call last)" in detail
    assert "in broken" in detail
    assert "KeyError: 'missing key'" in detail
    assert dialog.detail.isReadOnly()
    QGuiApplication.clipboard().setText("")
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == detail
    assert dialog.copy_button.text() == "Copied"


def test_the_detail_names_the_versions_and_the_chain_of_causes() -> None:
    try:
        try:
            broken()
        except KeyError as exc:
            raise RuntimeError("while saving") from exc
    except RuntimeError as exc:
        detail = bug_detail(exc)
    assert "Python 3." in detail
    assert "PySide6 " in detail
    assert "KeyError: 'missing key'" in detail
    assert "RuntimeError: while saving" in detail


class Emitter(QObject):
    fired = Signal()


def test_an_exception_in_a_slot_is_shown_as_a_bug(qtbot, reports, qapp) -> None:
    uninstall = install_bug_handlers(qapp)
    try:
        assert sys.excepthook is not sys.__excepthook__
        emitter = Emitter()
        emitter.fired.connect(broken)
        emitter.fired.emit()  # PySide6 hands the exception to sys.excepthook
        qtbot.waitUntil(lambda: len(reports()) == 1, timeout=5000)
    finally:
        uninstall()
    assert "KeyError: 'missing key'" in reports()[0].detail.toPlainText()


def test_an_exception_on_another_thread_is_brought_to_the_ui_thread(qtbot, reports, qapp) -> None:
    previous = (sys.excepthook, threading.excepthook)
    uninstall = install_bug_handlers(qapp)
    try:
        thread = threading.Thread(target=broken, name="worker")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(reports()) == 1, timeout=5000)
    finally:
        uninstall()
    assert "in broken" in reports()[0].detail.toPlainText()
    assert (sys.excepthook, threading.excepthook) == previous


def test_a_bug_from_a_timer_is_not_lost(qtbot, reports, qapp) -> None:
    uninstall = install_bug_handlers(qapp)
    try:
        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: len(reports()) == 1, timeout=5000)
    finally:
        uninstall()


def test_without_an_application_a_bug_is_still_logged(caplog, monkeypatch) -> None:
    monkeypatch.setattr(bug_report.QApplication, "instance", staticmethod(lambda: None))
    assert bug_report.report_bug_detail("Traceback: the detail") is None
    assert "Traceback: the detail" in caplog.text
