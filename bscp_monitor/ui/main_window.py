"""The main window: a navigation list beside the pages, menus, and the database in use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from bscp_monitor import APP_NAME
from bscp_monitor.common.errors import DatabaseError, StoreError
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.empty_state import EmptyStatePage
from bscp_monitor.ui.kit.keyboard import install_keyboard_manners
from bscp_monitor.ui.main_menus import build_menus, start_folder
from bscp_monitor.ui.pages import (
    ACTIONS,
    CONTRACTS,
    DASHBOARD,
    DBS,
    MEETINGS,
    PAGES,
    PROVIDERS,
    SECTIONS,
    THEMATIC,
)
from bscp_monitor.ui.status_line import DatabaseStatus

if TYPE_CHECKING:
    from bscp_monitor.common.database import Store
    from bscp_monitor.ui.contracts.contracts_view import ContractsView
    from bscp_monitor.ui.contracts.providers_view import ProvidersView
    from bscp_monitor.ui.dashboard.dashboard_view import DashboardView
    from bscp_monitor.ui.dbs.dbs_view import DbsView
    from bscp_monitor.ui.meetings.actions_view import ActionsView
    from bscp_monitor.ui.meetings.meetings_view import MeetingsView

SETTINGS_GROUP = "main_window"
#: How often the window looks for changes others committed (lists and the dashboard).
WATCH_MS = 2000
#: The first window's size at most; on a smaller screen (a 1366x768 laptop) it takes the
#: whole of the room the desktop leaves, so long titles and names are not cut.
DEFAULT_SIZE = QSize(1600, 1000)


class MainWindow(QMainWindow):
    """Pass the store in, or None and :meth:`attach_store` once it is open (the window then
    shows at once while the database opens in the background); ``settings`` defaults to the
    user's QSettings for the app."""

    def __init__(
        self,
        store: Store | None,
        demo: bool = False,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__()
        install_keyboard_manners()
        self.store: Store = store  # type: ignore[assignment]  # set by attach_store
        self.demo = demo
        self.settings = settings or QSettings(APP_NAME, APP_NAME)
        self.setObjectName("mainWindow")
        self._pages: dict[int, QWidget] = {}
        self._watcher: object | None = None  # the store's ChangeWatcher
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_MS)
        self.watch_timer.timeout.connect(self.poll_changes)
        #: The contracts table's columns as the user left them (kept across databases).
        self.contracts_header: QByteArray | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        named(self.nav, "Sections", "The pages of the app; Ctrl+1 to Ctrl+8 show them")
        for name in SECTIONS:
            self.nav.addItem(QListWidgetItem(name))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setMinimumWidth(168)
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([172, 1108])
        self.setCentralWidget(self.splitter)
        self.setAcceptDrops(True)  # a provider's DBS spreadsheet dropped on the window

        self._build_menus()
        self._build_status_bar()
        self._restore_settings()
        self.nav.currentRowChanged.connect(self.show_section)
        if store is not None:
            self.attach_store(store)
        else:
            self._show_opening()

    def _show_opening(self) -> None:
        self.stack.addWidget(
            EmptyStatePage("Opening the database", "The register is being loaded…")
        )
        self.nav.setEnabled(False)
        for action in self.menu_actions.needing_a_store():
            action.setEnabled(False)
        self.status.show_opening()

    def attach_store(self, store: Store) -> None:
        """Show the register of ``store`` (called once it is open)."""
        self.store = store
        index = self._start_section
        self.nav.setEnabled(True)
        for action in self.menu_actions.needing_a_store():
            action.setEnabled(True)
        while self.stack.count():  # the "opening" page, if any
            page = self.stack.widget(0)
            assert page is not None
            self.stack.removeWidget(page)
            page.deleteLater()
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(index)
        self.nav.blockSignals(False)
        self._pages = {}
        for _name in SECTIONS:
            self.stack.addWidget(QWidget())
        self.stack.setCurrentIndex(index)
        self._page(index)
        self._show_store()
        self._watch()

    # -- construction ------------------------------------------------------------------------

    def _build_menus(self) -> None:
        actions = self.menu_actions = build_menus(self)
        self.new_contract_action, self.open_action = actions.new_contract, actions.open
        self.backup_action, self.import_dbs_action = actions.backup, actions.import_dbs
        self.quit_action, self.about_action = actions.quit, actions.about
        self.section_actions = actions.sections

    def _build_status_bar(self) -> None:
        self.status = DatabaseStatus(self.statusBar())
        self.database_label = self.status.database_label
        self.demo_label, self.upgrade_label = self.status.demo_label, self.status.upgrade_label

    def _build_pages(self) -> None:
        """(Re)build the pages over the current store; each is made when first shown."""
        current = max(self.stack.currentIndex(), 0)
        if self._pages.get(CONTRACTS) is not None:
            self.contracts_header = self.contracts_view.table.horizontalHeader().saveState()
        while self.stack.count():
            page = self.stack.widget(0)
            assert page is not None
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages = {}
        for _name in SECTIONS:
            self.stack.addWidget(QWidget())  # a stand-in until the section is first shown
        self._page(current)
        self.stack.setCurrentIndex(current)

    def _page(self, index: int) -> QWidget:
        """The page of a section, built on first use (start-up builds only the one shown)."""
        page = self._pages.get(index)
        if page is not None:
            return page
        try:
            page = self._make_page(index)
        except DatabaseError as exc:  # a damaged file, a lock held too long (a bug goes up)
            message = str(exc)
            QMessageBox.warning(self, SECTIONS[index], message)
            page = QLabel(f"{SECTIONS[index]} could not be shown. {message}")
            page.setObjectName("emptyStateText")
            page.setWordWrap(True)
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            page.setMargin(40)
        stand_in = self.stack.widget(index)
        assert stand_in is not None  # (every section has its page or a stand-in)
        showing = self.stack.currentIndex() == index
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        if showing:
            self.stack.setCurrentIndex(index)
        self._pages[index] = page
        return page

    def _make_page(self, index: int) -> QWidget:
        return PAGES[index].make(self)

    # -- what others change ----------------------------------------------------------------

    def _watch(self) -> None:
        """Watch the store for commits made by others (other people, other windows)."""
        self._stop_watching()
        self.status.show_connected(True)
        try:
            self._watcher = self.store.watch_changes()
        except DatabaseError:
            return  # the lists are still refreshed when shown
        self.watch_timer.start()

    def _stop_watching(self) -> None:
        self.watch_timer.stop()
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.close()  # type: ignore[attr-defined]

    def poll_changes(self) -> bool:
        """If anything was committed since the last look, refresh the page shown (keeping its
        selection and scroll position); the other pages refresh when next shown. True if
        something had changed."""
        if self._watcher is None:
            return False
        changes = self._watcher.poll()  # type: ignore[attr-defined]
        self.status.show_connected(self._watcher.connected)  # type: ignore[attr-defined]
        if changes is None:
            return False
        page = self._pages.get(self.stack.currentIndex())
        refresh = getattr(page, "refresh_in_place", None)
        if callable(refresh):
            refresh()
        return True

    def refresh_dashboard(self) -> None:
        """Something the dashboard shows changed (a contract, a meeting, an action...)."""
        dashboard = self._pages.get(DASHBOARD)
        if dashboard is not None:
            dashboard.refresh()  # type: ignore[attr-defined]

    @property
    def dashboard(self) -> DashboardView:
        return self._page(DASHBOARD)  # type: ignore[return-value]

    @property
    def contracts_view(self) -> ContractsView:
        return self._page(CONTRACTS)  # type: ignore[return-value]

    @property
    def providers_view(self) -> ProvidersView:
        return self._page(PROVIDERS)  # type: ignore[return-value]

    @property
    def meetings_view(self) -> MeetingsView:
        return self._page(MEETINGS)  # type: ignore[return-value]

    @property
    def actions_view(self) -> ActionsView:
        return self._page(ACTIONS)  # type: ignore[return-value]

    @property
    def dbs_view(self) -> DbsView:
        return self._page(DBS)  # type: ignore[return-value]

    def _show_store(self) -> None:
        name = self.status.show_store(self.store, self.demo)
        self.setWindowTitle(f"{APP_NAME} — {name}")

    # -- navigation --------------------------------------------------------------------------

    def current_section(self) -> str:
        return SECTIONS[self.stack.currentIndex()]

    def show_search(self) -> None:
        """The search window (Ctrl+Shift+F), one for this database, its box ready to type."""
        from bscp_monitor.ui.search_dialog import SearchDialog

        dialog = getattr(self, "search_dialog", None)
        if not isinstance(dialog, SearchDialog) or dialog.store is not self.store:
            dialog = SearchDialog(self.store, self)
            self.search_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.edit.setFocus()
        dialog.edit.selectAll()

    def show_section(self, index: int) -> None:
        if not 0 <= index < len(SECTIONS):
            return
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # comes back here through currentRowChanged
            return
        built = index in self._pages
        page = self._page(index)
        if built and index != self.stack.currentIndex():
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                try:
                    refresh()
                except DatabaseError as exc:  # (a bug goes up, to the bug report)
                    QMessageBox.warning(self, SECTIONS[index], str(exc))
        self.stack.setCurrentIndex(index)

    def page(self, name: str) -> QWidget:
        return self._page(SECTIONS.index(name))

    def open_contract(self, contract_id: int) -> None:
        self.show_section(CONTRACTS)
        self.contracts_view.open_contract(contract_id)

    def show_cause(self, contract_id: int, standard: str) -> None:
        """Where a contract's rating on a standard (S1..S6) comes from: the contract's own
        tab (S1-S3), the provider's staff in the DBS register (S4), the contract's meetings
        (S5) or the thematic checks (S6)."""
        if standard in ("S1", "S2", "S3"):
            self.show_section(CONTRACTS)
            window = self.contracts_view.open_contract(contract_id)
            show_tab = getattr(window, "show_tab", None)
            if callable(show_tab):
                show_tab(standard)
            return
        if standard == "S4":
            # The register filtered by the contract: its provider's staff, even when the
            # provider has none listed now (everyone left), never another provider's.
            self.show_section(DBS)
            self.dbs_view.show_contract(contract_id)
        elif standard == "S5":
            self.show_section(MEETINGS)
            self.meetings_view.show_contract(contract_id)
        elif standard == "S6":
            self.show_section(THEMATIC)
            show_contract = getattr(self._page(THEMATIC), "show_contract", None)
            if callable(show_contract):
                show_contract(contract_id)

    def new_contract(self) -> None:
        self.show_section(CONTRACTS)
        self.contracts_view.new_contract()

    def import_dbs(self, path: str | Path | None = None) -> None:
        """File > Import DBS spreadsheet…, or a file dropped on the window."""
        self.show_section(DBS)
        self.dbs_view.import_spreadsheet(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        from bscp_monitor.ui.dbs.dbs_import_dialog import dropped_path

        if self._pages and dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        from bscp_monitor.ui.dbs.dbs_import_dialog import dropped_path

        path = dropped_path(event.mimeData())
        if self._pages and path is not None:
            event.acceptProposedAction()
            self.import_dbs(path)

    # -- the database ------------------------------------------------------------------------

    def open_database(self) -> None:
        file_name, _filter = QFileDialog.getOpenFileName(
            self,
            "Open database",
            start_folder(self.store),
            "BSCP Monitor databases (*.sqlite3 *.sqlite *.db);;All files (*)",
        )
        if file_name:
            self.switch_to(file_name)

    def switch_to(self, location: str | Path) -> bool:
        """Open another database and show it; on failure explain and keep the current one."""
        from bscp_monitor.common.database import open_store

        if not self._close_record_windows():
            return False
        try:
            store = open_store(location)
        except StoreError as exc:
            QMessageBox.warning(self, "Cannot open the database", str(exc))
            return False
        old = self.store
        self.store = store
        self.demo = False
        self._build_pages()
        self._show_store()
        self._watch()
        if old is not store:
            old.close()
        return True

    # -- settings ----------------------------------------------------------------------------

    def _first_size(self) -> None:
        """DEFAULT_SIZE, or the screen's free room if smaller, placed within it."""
        screen = self.screen()
        if screen is None:
            self.resize(DEFAULT_SIZE)
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        size = DEFAULT_SIZE.boundedTo(room.size() - frame)
        self.resize(size)
        self.move(room.x() + (room.width() - size.width()) // 2, room.y())

    def _restore_settings(self) -> None:
        self.settings.beginGroup(SETTINGS_GROUP)
        try:
            geometry = self.settings.value("geometry")
            state = self.settings.value("state")
            splitter = self.settings.value("splitter")
            header = self.settings.value("contracts_header")
            section = self.settings.value("section", SECTIONS[DASHBOARD])
        finally:
            self.settings.endGroup()
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self._first_size()
        if isinstance(state, QByteArray):
            self.restoreState(state)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        if isinstance(header, QByteArray):
            self.contracts_header = header
        self._start_section = SECTIONS.index(section) if section in SECTIONS else DASHBOARD

    def save_settings(self) -> None:
        if not self._pages:
            return  # still opening: nothing was shown that is worth keeping
        self.settings.beginGroup(SETTINGS_GROUP)
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.settings.setValue("splitter", self.splitter.saveState())
        if CONTRACTS in self._pages:
            self.contracts_header = self.contracts_view.table.horizontalHeader().saveState()
        if self.contracts_header is not None:
            self.settings.setValue("contracts_header", self.contracts_header)
        self.settings.setValue("section", self.current_section())
        self.settings.endGroup()
        self.settings.sync()

    def _close_record_windows(self) -> bool:
        """Close the meeting and contract windows of this database, meeting windows first:
        each saves what was typed in its last moments, and stays open (so this says False)
        if the database cannot take it yet. Before quitting or opening another database."""
        from bscp_monitor.ui.contracts import contract_window
        from bscp_monitor.ui.meetings import meeting_window

        return meeting_window.WINDOWS.close_all() and contract_window.WINDOWS.close_all()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._close_record_windows():
            event.ignore()
            return
        self.save_settings()
        self._stop_watching()
        super().closeEvent(event)
