"""Start the desktop application."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from bscp_monitor import APP_NAME
from bscp_monitor.common.resource_files import resource_text

if TYPE_CHECKING:
    from bscp_monitor.common.database import Store

STYLE_FILE = "style.qss"


def load_style() -> str:
    """The application's style sheet (shipped in resources/)."""
    try:
        return resource_text(STYLE_FILE)
    except OSError:
        return ""  # the default look is usable; never fail to start over a style sheet


def run_gui(
    store: Store | None = None,
    demo: bool = False,
    location: str | os.PathLike[str] | None = None,
) -> int:
    """Show the main window and run until it is closed; the exit code.

    With a ``store``, the window opens on it. Without one, the window shows at once and
    the database at ``location`` opens in the background (see StoreOpener). An exception
    nobody caught is shown as a bug (ui/kit/bug_report.py) while the app runs.
    """
    from bscp_monitor.ui.kit.bug_report import install_bug_handlers

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    uninstall = install_bug_handlers(app)
    try:
        return _run(app, store, demo, location)
    finally:
        uninstall()


def _run(
    app: QApplication,
    store: Store | None,
    demo: bool,
    location: str | os.PathLike[str] | None,
) -> int:
    from bscp_monitor.ui.main_window import MainWindow

    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setStyle("Fusion")
    app.setStyleSheet(load_style())
    window = MainWindow(store, demo=demo)
    window.show()
    if store is not None:
        return app.exec()

    from bscp_monitor.ui.kit.store_opener import StoreOpener

    opener = StoreOpener(location)
    outcome = {"code": 0}

    def failed(message: str) -> None:
        QMessageBox.critical(window, "Cannot open the database", message)
        outcome["code"] = 1
        window.close()

    opener.opened.connect(window.attach_store)
    opener.failed.connect(failed)
    opener.start()
    code = app.exec()
    opener.wait()
    return outcome["code"] or code
