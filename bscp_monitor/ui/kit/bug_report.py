"""An unexpected exception is a bug: say so plainly and give a detail people can copy.

Messages for people come from UserError (what was asked cannot be done) and DatabaseError
(the database failed); the UI catches those. Anything else reaches :func:`report_bug` --
from a slot (through :func:`install_bug_handlers`, which the app installs), from a thread,
or from the worker -- and is shown in a :class:`BugReportDialog`, never dressed up as a
database problem and never lost."""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor import APP_NAME, __version__

log = logging.getLogger(__name__)

HEADLINE = f"Something went wrong in {APP_NAME} -- this is a bug."
EXPLANATION = (
    "It is not something you did. What was stored before is safe; what you were doing just "
    "now may not have been finished. Please copy the details below and send them to whoever "
    "supports BSCP Monitor for you, with a line on what you were doing."
)


def bug_detail(exc: BaseException) -> str:
    """The copyable detail: versions, then the traceback."""
    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.platform()}",
        "",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class BugReportDialog(QDialog):
    """The headline, what it means, the detail (read-only, selectable) and Copy details."""

    def __init__(self, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bugReport")
        self.setWindowTitle(f"{APP_NAME} -- a bug")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.headline = QLabel(HEADLINE)
        self.headline.setObjectName("bugHeadline")
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        layout.addWidget(self.headline)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.detail = QPlainTextEdit(detail)
        self.detail.setObjectName("bugDetail")
        self.detail.setReadOnly(True)
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.detail.setMinimumHeight(220)
        layout.addWidget(self.detail, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy details")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_detail)
        layout.addWidget(buttons)

    def copy_detail(self) -> None:
        QGuiApplication.clipboard().setText(self.detail.toPlainText())
        self.copy_button.setText("Copied")


_showing: set[BugReportDialog] = set()


def report_bug_detail(detail: str, parent: QWidget | None = None) -> BugReportDialog | None:
    """Log the detail and show it in a bug dialog (not waiting for it to close); None when
    there is no application to show it in."""
    log.error("A bug in %s:\n%s", APP_NAME, detail)
    if not isinstance(QApplication.instance(), QApplication):
        return None
    if parent is None:
        parent = QApplication.activeWindow()
    dialog = BugReportDialog(detail, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    _showing.add(dialog)  # a dialog without a parent lives as long as Python holds it
    dialog.finished.connect(lambda _result: _showing.discard(dialog))
    dialog.show()
    return dialog


def report_bug(exc: BaseException, parent: QWidget | None = None) -> BugReportDialog | None:
    """Report an unexpected exception as a bug (see :func:`report_bug_detail`)."""
    return report_bug_detail(bug_detail(exc), parent)


class _ThreadRelay(QObject):
    """Brings a bug on another thread to the UI thread (a queued signal)."""

    bug = Signal(str)

    @Slot(str)
    def show(self, detail: str) -> None:
        report_bug_detail(detail)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_bug_handlers(app: QApplication) -> Callable[[], None]:
    """Report any exception nobody caught -- in a slot or event handler (sys.excepthook,
    which PySide6 calls for them, on any thread) or on a Python thread (threading.excepthook)
    -- as a bug,
    instead of a line on a console nobody sees. Returns a function that uninstalls them."""
    relay = _ThreadRelay(app)
    relay.bug.connect(relay.show, Qt.ConnectionType.QueuedConnection)
    previous_sys: ExceptHook = sys.excepthook
    previous_thread = threading.excepthook

    def on_exception(
        kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous_sys(kind, exc, tb)
        elif threading.current_thread() is threading.main_thread():
            report_bug(exc.with_traceback(tb))
        else:  # widgets live on the UI thread
            relay.bug.emit(bug_detail(exc.with_traceback(tb)))

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            previous_thread(args)
            return
        relay.bug.emit(bug_detail(args.exc_value.with_traceback(args.exc_traceback)))

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception

    def uninstall() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_thread
        relay.deleteLater()

    return uninstall
