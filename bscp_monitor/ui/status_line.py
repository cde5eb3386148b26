"""The main window's status bar: the database in use, whether it is the demo, and a note
when it was upgraded on opening."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar

if TYPE_CHECKING:
    from bscp_monitor.common.database import Store


#: Shown while the database server cannot be reached.
OFFLINE = "Not connected to the server — showing what was last read"


class DatabaseStatus:
    """Three labels in ``bar``: the upgrade note (left), "Demo database", the file (right)."""

    def __init__(self, bar: QStatusBar) -> None:
        self.database_label = QLabel()
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_label = QLabel("Demo database")
        self.demo_label.setObjectName("demoLabel")
        self.upgrade_label = QLabel()
        self.upgrade_label.setObjectName("noteLabel")
        self.offline_label = QLabel(OFFLINE)
        self.offline_label.setObjectName("offlineLabel")
        self.offline_label.hide()
        bar.addWidget(self.upgrade_label, 1)
        bar.addPermanentWidget(self.offline_label)
        bar.addPermanentWidget(self.demo_label)
        bar.addPermanentWidget(self.database_label)

    def show_connected(self, connected: bool) -> None:
        self.offline_label.setVisible(not connected)

    def show_opening(self) -> None:
        self.database_label.setText("Opening the database…")

    def show_store(self, store: Store, demo: bool) -> str:
        """Show ``store``; the name the window's title gives it."""
        path = store.path
        where = str(path) if path is not None else store.url
        self.database_label.setText(f"Database: {where}")
        self.database_label.setToolTip(where)
        self.demo_label.setVisible(demo)
        report = store.report
        if report.upgraded_from is not None:
            backup = (
                f"; the previous version was backed up to {report.backup_path}"
                if report.backup_path is not None
                else ""
            )
            self.upgrade_label.setText(
                f"The database was upgraded from schema {report.upgraded_from}{backup}."
            )
            self.upgrade_label.show()
        else:
            self.upgrade_label.clear()
            self.upgrade_label.hide()
        return path.name if path is not None else store.url
