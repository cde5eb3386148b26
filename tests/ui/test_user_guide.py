"""F1 and Help > User guide open the guide shipped with the app, readable offline: how a
meeting runs, S1-S6 and their ratings, DBS imports, where the database is and backing up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bscp_monitor.common.database import Store
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.user_guide import UserGuideWindow


def _guides() -> list[UserGuideWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, UserGuideWindow)]


def test_f1_opens_the_guide_and_it_covers_what_it_must(qtbot, store: Store) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(g.isVisible() for g in _guides()))
    guide = next(g for g in _guides() if g.isVisible())
    text = guide.browser.toPlainText()
    for needed in (
        "How a contract monitoring meeting runs",
        "S4 DBS records",
        "Importing DBS spreadsheets",
        "Back up database",
        "bscp-monitor.sqlite3",
        "Back to planned",
    ):
        assert needed in text, needed
    assert not guide.browser.openExternalLinks()
    guide.close()


def test_help_menu_holds_the_user_guide(qtbot, store: Store) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    texts = [a.text().replace("&", "") for a in help_menu.actions()]
    assert texts[0] == "User guide"
    guide_action = help_menu.actions()[0]
    assert guide_action.shortcut().toString() == "F1"
    guide_action.trigger()
    assert any(g.isVisible() for g in _guides())
    for guide in _guides():
        guide.close()
