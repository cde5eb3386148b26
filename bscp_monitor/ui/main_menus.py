"""The main window's menus (File, View, Help) and what File > Back up and Help > About do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from bscp_monitor import APP_NAME, __version__
from bscp_monitor.common.errors import StoreError
from bscp_monitor.standards import STANDARDS
from bscp_monitor.ui.pages import PAGES
from bscp_monitor.ui.user_guide import show_user_guide

if TYPE_CHECKING:
    from bscp_monitor.common.database import Store
    from bscp_monitor.ui.main_window import MainWindow


@dataclass(frozen=True)
class MainActions:
    new_contract: QAction
    open: QAction
    backup: QAction
    import_dbs: QAction
    quit: QAction
    about: QAction
    user_guide: QAction
    search: QAction
    #: One per page, in navigation order (Ctrl+1, Ctrl+2, ...).
    sections: list[QAction]

    def needing_a_store(self) -> tuple[QAction, ...]:
        """The actions that wait until the database is open."""
        return (self.new_contract, self.open, self.backup, self.import_dbs, self.search)


def _action(window: MainWindow, text: str, slot: object, shortcut: object = None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
    action.triggered.connect(slot)
    return action


def build_menus(window: MainWindow) -> MainActions:
    """The menu bar of ``window``, its actions wired to the window's methods."""
    actions = MainActions(
        new_contract=_action(
            window, "&New contract…", window.new_contract, QKeySequence.StandardKey.New
        ),
        open=_action(
            window, "&Open database…", window.open_database, QKeySequence.StandardKey.Open
        ),
        backup=_action(window, "&Back up database…", lambda: back_up_database(window)),
        import_dbs=_action(
            window, "&Import DBS spreadsheet…", lambda: window.import_dbs(), "Ctrl+I"
        ),
        quit=_action(window, "&Quit", window.close, "Ctrl+Q"),
        about=_action(window, f"&About {APP_NAME}", lambda: show_about(window)),
        user_guide=_action(
            window,
            "&User guide",
            lambda: show_user_guide(window),
            QKeySequence.StandardKey.HelpContents,
        ),
        search=_action(window, "&Search…", window.show_search, "Ctrl+Shift+F"),
        sections=[
            _action(
                window, page.title, lambda _c=False, n=number: window.show_section(n), page.shortcut
            )
            for number, page in enumerate(PAGES)
        ],
    )
    actions.quit.setMenuRole(QAction.MenuRole.QuitRole)
    actions.about.setMenuRole(QAction.MenuRole.AboutRole)

    file_menu = window.menuBar().addMenu("&File")
    file_menu.addAction(actions.new_contract)
    file_menu.addAction(actions.open)
    file_menu.addAction(actions.backup)
    file_menu.addSeparator()
    file_menu.addAction(actions.import_dbs)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    view_menu = window.menuBar().addMenu("&View")
    view_menu.addAction(actions.search)
    view_menu.addSeparator()
    for action in actions.sections:
        view_menu.addAction(action)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction(actions.user_guide)
    help_menu.addSeparator()
    help_menu.addAction(actions.about)
    return actions


def start_folder(store: Store) -> str:
    """Where the file dialogs start: beside the database in use, else the home folder."""
    path = store.path
    return str(path.parent) if path is not None else str(Path.home())


def back_up_database(window: MainWindow) -> None:
    """File > Back up database…: a copy of the database in use, to a file the user picks."""
    store = window.store
    if store.path is None:
        QMessageBox.warning(
            window, "Back up database", "Only a database file can be backed up from here."
        )
        return
    default = Path(start_folder(store)) / f"bscp-monitor-backup-{date.today():%Y-%m-%d}.sqlite3"
    file_name, _filter = QFileDialog.getSaveFileName(
        window, "Back up database", str(default), "SQLite databases (*.sqlite3);;All files (*)"
    )
    if not file_name:
        return
    target = Path(file_name)
    if target.resolve() == store.path.resolve():
        QMessageBox.warning(
            window, "Back up database", "Choose another file: this is the database in use."
        )
        return
    try:
        store.backup_to(target)
    except StoreError as exc:
        QMessageBox.warning(window, "Back up database", f"The backup failed. {exc}")
        return
    QMessageBox.information(window, "Back up database", f"The database was backed up to {target}.")


def standards_line() -> str:
    return "; ".join(f"{s.code} {s.title.lower()}" for s in STANDARDS)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Safe commissioning of children's services: the contracts register, "
        "monitoring meetings and DBS records, against the Bromley Safeguarding Children "
        "Partnership's minimum expectations.</p>"
        f"<p>The BSCP standards: {standards_line()}.</p>",
    )
