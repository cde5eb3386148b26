"""Start the desktop application."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from bscp_monitor import APP_NAME
from bscp_monitor.data.store import Store
from bscp_monitor.resource_files import resource_text

STYLE_FILE = "style.qss"


def load_style() -> str:
    """The application's style sheet (shipped in resources/)."""
    try:
        return resource_text(STYLE_FILE)
    except OSError:
        return ""  # the default look is usable; never fail to start over a style sheet


def run_gui(store: Store, demo: bool = False) -> int:
    """Show the main window over ``store`` and run until it is closed; the exit code."""
    from bscp_monitor.ui.main_window import MainWindow

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setStyle("Fusion")
    app.setStyleSheet(load_style())
    window = MainWindow(store, demo=demo)
    window.show()
    return app.exec()
