"""The main window: navigation, menus, settings, the database in use, and the Dashboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from bscp_monitor import __version__
from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.store import OpenReport, Store
from bscp_monitor.ui import app as app_module
from bscp_monitor.ui.contracts import contract_window
from bscp_monitor.ui.contracts.contract_dialog import ContractDialog
from bscp_monitor.ui.dashboard.dashboard_view import DashboardView
from bscp_monitor.ui.kit.empty_state import EmptyStatePage
from bscp_monitor.ui.main_window import SECTIONS, MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings: QSettings):
    def make(store: Store, demo: bool = False) -> MainWindow:
        window = MainWindow(store, demo=demo, settings=settings)
        qtbot.addWidget(window)
        return window

    return make


def test_opens_on_the_demo(make_window, demo_store: Store, db_path: Path) -> None:
    window = make_window(demo_store, demo=True)
    window.show()
    assert window.windowTitle() == f"BSCP Monitor — {db_path.name}"
    assert str(db_path) in window.database_label.text()
    assert window.demo_label.isVisible()
    assert window.demo_label.text() == "Demo database"
    assert window.current_section() == "Dashboard"
    # nothing saved yet: 1600x1000 at most, else the screen's free room (the offscreen
    # screen is 800x800), so a laptop's window starts as wide as its screen
    room = window.screen().availableGeometry().size()
    assert window.size() == QSize(min(1600, room.width()), min(1000, room.height()))


def test_not_a_demo_says_nothing_about_it(make_window, store: Store) -> None:
    window = make_window(store)
    window.show()
    assert not window.demo_label.isVisible()
    assert not window.upgrade_label.isVisible()


def test_navigation_switches_pages(make_window, demo_store: Store) -> None:
    window = make_window(demo_store)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == list(SECTIONS)
    for index, name in enumerate(SECTIONS):
        window.nav.setCurrentRow(index)
        assert window.stack.currentIndex() == index
        assert window.current_section() == name
    window.section_actions[1].trigger()
    assert window.stack.currentWidget() is window.contracts_view
    assert window.nav.currentRow() == 1
    assert window.section_actions[1].shortcut().toString() == "Ctrl+2"
    window.section_actions[2].trigger()
    assert window.stack.currentWidget() is window.providers_view


def test_every_section_is_built_none_is_a_placeholder(make_window, store: Store) -> None:
    """Every section of the navigation is a working page now; none says "not available"."""
    window = make_window(store)
    for name in SECTIONS:
        page = window.page(name)
        assert not isinstance(page, EmptyStatePage), name


def test_geometry_and_section_are_restored(qtbot, make_window, store: Store) -> None:
    first = make_window(store)
    first.show()
    qtbot.waitExposed(first)
    first.show_section(SECTIONS.index("Providers"))
    # The offscreen screen is small (restoreGeometry keeps a window on its screen), so
    # pick a size that fits it yet differs from the default 1280x720.
    size = QSize(max(700, first.minimumSizeHint().width()), 640)
    first.resize(size)
    qtbot.waitUntil(lambda: first.size() == size)
    first.close()

    second = make_window(store)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == size
    assert second.size() != QSize(1280, 720)
    assert second.current_section() == "Providers"
    assert second.nav.currentRow() == SECTIONS.index("Providers")


def test_opening_a_file_that_is_not_a_database(
    make_window, demo_store: Store, tmp_path: Path, monkeypatch
) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("Meeting notes, not a database.\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(notes), ""))
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: warnings.append((title, text))
    )
    window = make_window(demo_store)
    title = window.windowTitle()
    contracts_view = window.contracts_view
    window.open_action.trigger()
    assert len(warnings) == 1
    assert "not a BSCP Monitor database" in warnings[0][1]
    assert "Traceback" not in warnings[0][1]
    assert window.store is demo_store
    assert window.contracts_view is contracts_view
    assert window.windowTitle() == title
    assert contracts.list_contracts(window.store)  # still usable


def test_opening_another_database_rebuilds_the_pages(
    make_window, demo_store: Store, tmp_path: Path, monkeypatch
) -> None:
    other_path = tmp_path / "other.sqlite3"
    other = Store.open(other_path)
    providers.create_provider(other, "Kestrel Care Ltd")
    other.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other_path), ""))
    window = make_window(demo_store, demo=True)
    window.open_action.trigger()
    try:
        assert window.store is not demo_store
        assert window.store.path == other_path.resolve()
        assert window.windowTitle() == "BSCP Monitor — other.sqlite3"
        assert window.demo_label.isHidden()
        assert window.contracts_view.model.total_count() == 0
        assert window.dashboard.providers_card.number_label.text() == "1"
    finally:
        window.store.close()


def test_back_up_the_database(make_window, demo_store: Store, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "copy.sqlite3"
    suggested: list[str] = []

    def get_save(_parent, _caption, default, *_args, **_kwargs):
        suggested.append(default)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    window = make_window(demo_store)
    window.backup_action.trigger()
    assert Path(suggested[0]).name == f"bscp-monitor-backup-{date.today():%Y-%m-%d}.sqlite3"
    assert told == [f"The database was backed up to {target}."]
    copy = Store.open(target)
    try:
        assert len(contracts.list_contracts(copy)) == len(contracts.list_contracts(demo_store))
    finally:
        copy.close()


def test_backup_failure_is_reported(make_window, store: Store, tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "no such folder" / "copy.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    window = make_window(store)
    window.backup_action.trigger()
    assert len(warnings) == 1
    assert "does not exist" in warnings[0]


def test_an_upgrade_is_reported_in_the_status_bar(
    make_window, store: Store, tmp_path: Path
) -> None:
    backup = tmp_path / "register.backup-20250101-0001.sqlite3"
    upgraded = Store(
        store.engine, OpenReport(created=False, upgraded_from="0001", backup_path=backup)
    )
    window = make_window(upgraded)
    window.show()
    assert window.upgrade_label.isVisible()
    assert "upgraded" in window.upgrade_label.text()
    assert str(backup) in window.upgrade_label.text()


def test_about_names_the_version_and_the_standards(make_window, store: Store, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: shown.append(text))
    make_window(store).about_action.trigger()
    assert __version__ in shown[0]
    assert "S1" in shown[0]
    assert "S6" in shown[0]


def test_new_contract_from_the_file_menu(make_window, demo_store: Store, monkeypatch) -> None:
    provider = providers.find_provider(demo_store, "Barnardo's")

    def create(_parent, store):
        return contracts.create_contract(
            store,
            reference="ECHS-NEW-0001",
            title="Family Group Conferencing",
            provider_id=provider.id,
            start_date=date(2026, 4, 1),
            end_date=date(2029, 3, 31),
        )

    monkeypatch.setattr(ContractDialog, "create", staticmethod(create))
    window = make_window(demo_store)
    window.new_contract_action.trigger()
    assert window.current_section() == "Contracts"
    selected = window.contracts_view.selected_record()
    assert selected is not None
    assert selected.reference == "ECHS-NEW-0001"
    assert window.dashboard.live_card.number_label.text() == "5"


def test_dashboard_shows_real_counts_and_deadline_alerts(qtbot, demo_store: Store) -> None:
    dashboard = DashboardView(demo_store)
    qtbot.addWidget(dashboard)
    records = contracts.list_contracts(demo_store)
    live = [r for r in records if r.status.value in ("draft", "active", "extended")]
    assert dashboard.live_card.number_label.text() == str(len(live))
    assert dashboard.providers_card.number_label.text() == str(
        len(providers.list_providers(demo_store))
    )
    cse = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    da = contracts.find_contract(demo_store, "ECHS-DA-0221")
    deadlines = [a for a in dashboard.alerts_model.alerts() if a.kind_label == "Decision deadline"]
    assert [a.contract_id for a in deadlines] == [cse.id, da.id]  # passed first, then soon
    assert dashboard.deadline_card.number_label.text() == "2"
    assert deadlines[0].alert.message == (
        f"Decision deadline {cse.decision_deadline:%d/%m/%Y} passed."
    )
    assert deadlines[1].alert.message.endswith("is near.")

    contracts.set_contract_archived(demo_store, cse.id, True)
    dashboard.refresh()
    assert cse.id not in dashboard.alert_ids()
    assert da.id in dashboard.alert_ids()


def test_dashboard_with_nothing_due(qtbot, store: Store) -> None:
    dashboard = DashboardView(store)
    qtbot.addWidget(dashboard)
    assert dashboard.alert_ids() == []
    assert not dashboard.no_alerts_label.isHidden()
    assert dashboard.live_card.number_label.text() == "0"


def test_opening_an_alert_opens_the_contract(make_window, demo_store: Store, qtbot) -> None:
    window = make_window(demo_store)
    dashboard = window.dashboard
    first = dashboard.alerts_model.alerts()[0]
    with qtbot.waitSignal(dashboard.contract_requested) as signal:
        dashboard.alerts.activated.emit(dashboard.alerts_model.index(0, 3))
    assert signal.args == [first.contract_id]
    assert window.current_section() == "Contracts"
    assert window.contracts_view.selected_id() == first.contract_id
    opened = contract_window.WINDOWS.get(first.contract_id)
    assert opened is not None
    opened.close()


def test_style_sheet_and_run_gui(qtbot, demo_store: Store, monkeypatch) -> None:
    style = app_module.load_style()
    assert "QListWidget#navigation" in style
    qapp = QApplication.instance()
    before = (qapp.organizationName(), qapp.applicationName(), qapp.styleSheet())
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    try:
        assert app_module.run_gui(demo_store, demo=True) == 0
        assert qapp.applicationName() == "BSCP Monitor"
        assert qapp.organizationName() == "BSCP Monitor"
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        assert any(w.isVisible() and w.demo for w in windows)
    finally:
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.hide()
                widget.deleteLater()
        qapp.setOrganizationName(before[0])
        qapp.setApplicationName(before[1])
        qapp.setStyleSheet(before[2])


def test_every_page_fits_a_1366_by_768_laptop(make_window, demo_store: Store) -> None:
    """A typical council laptop: no page may force the window wider or taller."""
    window = make_window(demo_store)
    for name in SECTIONS:
        window.page(name)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366, hint
    assert hint.height() <= 768 - 40, hint  # the task bar
