"""Lists and the dashboard follow what others commit (another client, another process), on
SQLite and on PostgreSQL, keeping the user's selection and scroll position."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bscp_monitor.data.store import Store
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.pages import CONTRACTS
from tests.data.test_change_watch import add_contract_elsewhere
from tests.registers import make_contract


@pytest.fixture(params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, db_path: Path, copy_demo: Callable[[Path], Path]
) -> Iterator[tuple[Store, str]]:
    """The demo register open in this process, and where another process finds it."""
    if request.param == "sqlite":
        location = str(copy_demo(db_path))
    else:
        location = str(request.getfixturevalue("pg_demo_url"))
    store = Store.open(location)
    yield store, location
    store.close()


@pytest.fixture
def window(qtbot, live: tuple[Store, str], tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    made = MainWindow(live[0], settings=settings)
    qtbot.addWidget(made)
    made.resize(1280, 400)  # a short window: the contracts list scrolls
    made.show()
    yield made
    made.close()


def wait_for_change(window: MainWindow) -> None:
    """Poll as the window's timer does, until a change is seen."""
    for _ in range(300):
        if window.poll_changes():
            return
        time.sleep(0.01)
    raise AssertionError("no change was seen")


def test_a_contract_added_elsewhere_appears_in_the_open_list_selection_kept(
    window: MainWindow, live: tuple[Store, str]
) -> None:
    assert window.watch_timer.isActive()
    assert window.watch_timer.interval() == 2000
    for number in range(30):  # enough contracts for the list to scroll
        make_contract(live[0], reference=f"MORE-{number:04d}", provider="More Care")
    window.show_section(CONTRACTS)
    page = window.contracts_view
    before = page.model.total_count()
    assert before == 35
    chosen = page.record_at(before - 2)
    assert page.select_record(chosen.id)
    bar = page.table.verticalScrollBar()
    assert bar.maximum() > 0, "the list must scroll for this test to mean anything"
    bar.setValue(bar.maximum())
    scrolled = bar.value()
    window.poll_changes()  # anything this window's own opening wrote

    add_contract_elsewhere(live[1], "ZZZ-9001")
    wait_for_change(window)

    references = [record.reference for record in page.model.records()]
    assert "ZZZ-9001" in references
    assert page.model.total_count() == before + 1
    assert page.selected_id() == chosen.id
    assert bar.value() == scrolled
    assert window.poll_changes() is False  # seen once


def test_the_dashboard_follows_a_change_made_elsewhere_selection_kept(
    window: MainWindow, live: tuple[Store, str]
) -> None:
    dashboard = window.dashboard
    assert window.current_section() == "Dashboard"
    live_before = len(dashboard.model.results())
    dashboard.table.setCurrentIndex(dashboard.model.index(2, 3))
    chosen = dashboard.model.result(2).contract_id
    window.poll_changes()

    add_contract_elsewhere(live[1], "ZZZ-9002")
    wait_for_change(window)

    assert len(dashboard.model.results()) == live_before + 1
    assert "ZZZ-9002" in [r.reference for r in dashboard.model.results()]
    current = dashboard.table.currentIndex()
    assert (dashboard.model.result(current.row()).contract_id, current.column()) == (chosen, 3)
    assert dashboard.table.selectionModel().isSelected(current)


def test_the_status_bar_says_when_the_server_is_away_and_the_page_catches_up_after(
    qtbot, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from bscp_monitor.ui.status_line import OFFLINE
    from tests.pg_server import PgServer

    server: PgServer = request.getfixturevalue("pg_server")
    location = str(request.getfixturevalue("pg_demo_url"))
    store = Store.open(location)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)
    window.show()
    try:
        window.show_section(CONTRACTS)
        page = window.contracts_view
        before = page.model.total_count()
        assert not window.status.offline_label.isVisible()
        server.pause()
        try:
            for _ in range(500):
                window.poll_changes()
                if window.status.offline_label.isVisible():
                    break
                time.sleep(0.01)
            assert window.status.offline_label.isVisible()
            assert window.status.offline_label.text() == OFFLINE
            assert page.model.total_count() == before  # what was read stays shown
        finally:
            server.resume()
        add_contract_elsewhere(location, "ZZZ-9003")  # while this window was not listening
        wait_for_change(window)  # back: everything may have changed
        assert not window.status.offline_label.isVisible()
        assert "ZZZ-9003" in [r.reference for r in page.model.records()]
    finally:
        window.close()
        store.close()
