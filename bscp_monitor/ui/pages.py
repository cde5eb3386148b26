"""The pages of the main window, in navigation order: each page's title, its shortcut and how
it is made (a page's module is imported only when the page is first shown, so the window
opens quickly). A new page is one more entry in ``PAGES``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from bscp_monitor.ui.main_window import MainWindow


@dataclass(frozen=True)
class PageSpec:
    """One page: its title in the navigation and the View menu, the shortcut that shows it,
    and the factory that makes it for the main window (over the window's store)."""

    title: str
    shortcut: str
    make: Callable[[MainWindow], QWidget]


def _dashboard(window: MainWindow) -> QWidget:
    from bscp_monitor.ui.dashboard.dashboard_view import DashboardView

    dashboard = DashboardView(window.store)
    dashboard.contract_requested.connect(window.open_contract)
    dashboard.cause_requested.connect(window.show_cause)
    dashboard.report_written.connect(
        lambda path: window.statusBar().showMessage(f"Board report saved: {path}", 15_000)
    )
    return dashboard


def _contracts(window: MainWindow) -> QWidget:
    from bscp_monitor.ui.contracts.contracts_view import ContractsView

    contracts = ContractsView(window.store)
    contracts.contracts_changed.connect(window.refresh_dashboard)
    if window.contracts_header is not None:
        contracts.table.horizontalHeader().restoreState(window.contracts_header)
    return contracts


def _providers(window: MainWindow) -> QWidget:
    from bscp_monitor.ui.contracts.providers_view import ProvidersView

    return ProvidersView(window.store)


def _meetings(window: MainWindow) -> QWidget:
    from bscp_monitor.ui.meetings.meetings_view import MeetingsView

    meetings_page = MeetingsView(window.store)
    meetings_page.meetings_changed.connect(window.refresh_dashboard)  # the dashboard's alerts
    return meetings_page


def _actions(window: MainWindow) -> QWidget:
    from bscp_monitor.ui.meetings.actions_view import ActionsView

    actions_page = ActionsView(window.store)
    actions_page.actions_changed.connect(window.refresh_dashboard)  # the dashboard's alerts
    return actions_page


def _dbs(window: MainWindow) -> QWidget:
    from bscp_monitor.ui.dbs.dbs_view import DbsView

    return DbsView(window.store)


def _metrics(window: MainWindow) -> QWidget:
    from bscp_monitor.ui.quality.metrics_view import MetricsView

    return MetricsView(window.store)


def _thematic(window: MainWindow) -> QWidget:
    from bscp_monitor.ui.quality.thematic_view import ThematicView

    thematic = ThematicView(window.store)
    thematic.changed.connect(window.refresh_dashboard)
    return thematic


PAGES: tuple[PageSpec, ...] = (
    PageSpec("Dashboard", "Ctrl+1", _dashboard),
    PageSpec("Contracts", "Ctrl+2", _contracts),
    PageSpec("Providers", "Ctrl+3", _providers),
    PageSpec("Meetings", "Ctrl+4", _meetings),
    PageSpec("Actions", "Ctrl+5", _actions),
    PageSpec("DBS register", "Ctrl+6", _dbs),
    PageSpec("Metrics", "Ctrl+7", _metrics),
    PageSpec("Thematic checks", "Ctrl+8", _thematic),
)

#: The pages' titles, in navigation order.
SECTIONS = tuple(page.title for page in PAGES)
DASHBOARD = SECTIONS.index("Dashboard")
CONTRACTS = SECTIONS.index("Contracts")
PROVIDERS = SECTIONS.index("Providers")
MEETINGS = SECTIONS.index("Meetings")
ACTIONS = SECTIONS.index("Actions")
DBS = SECTIONS.index("DBS register")
METRICS = SECTIONS.index("Metrics")
THEMATIC = SECTIONS.index("Thematic checks")
