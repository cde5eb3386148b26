"""The main window's pages come from one registry (ui/pages.py): navigation, View menu and
shortcuts follow it, and each page is made by its own factory."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QWidget

from bscp_monitor.data.store import Store
from bscp_monitor.ui import pages
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.pages import PAGES, SECTIONS, PageSpec


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_navigation_menu_and_shortcuts_follow_the_registry(
    qtbot, store: Store, settings: QSettings
) -> None:
    assert [page.shortcut for page in PAGES] == [f"Ctrl+{n}" for n in range(1, len(PAGES) + 1)]
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == list(SECTIONS)
    assert [a.text() for a in window.section_actions] == [page.title for page in PAGES]
    assert [a.shortcut().toString() for a in window.section_actions] == [
        page.shortcut for page in PAGES
    ]


def test_a_page_added_to_the_registry_is_shown(
    qtbot, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[MainWindow] = []

    def make(window: MainWindow) -> QWidget:
        made.append(window)
        return QLabel(f"Notes over {window.store.path}")

    extra = PageSpec("Notes", "Ctrl+9", make)
    monkeypatch.setattr(pages, "PAGES", (*PAGES, extra))
    monkeypatch.setattr("bscp_monitor.ui.main_window.PAGES", (*PAGES, extra))
    monkeypatch.setattr("bscp_monitor.ui.main_window.SECTIONS", (*SECTIONS, "Notes"))
    monkeypatch.setattr("bscp_monitor.ui.main_menus.PAGES", (*PAGES, extra))
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)
    assert window.nav.item(len(PAGES)).text() == "Notes"
    window.section_actions[-1].trigger()
    page = window.stack.currentWidget()
    assert isinstance(page, QLabel)
    assert page.text().startswith("Notes over")
    assert made == [window]
    assert window.current_section() == "Notes"
