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


def test_the_guide_states_the_rules_the_app_applies() -> None:
    """The guide's numbers are the ones the rules use (compliance/rules.py, dbs/register.py,
    common/settings.py): a change of rule that leaves the guide behind fails here."""
    from bscp_monitor.common import settings
    from bscp_monitor.common.resource_files import resource_text
    from bscp_monitor.compliance import rules
    from bscp_monitor.data.precheck import DEFAULT_FILE_NAME
    from bscp_monitor.dbs.register import EXPIRING_DAYS
    from bscp_monitor.standards import STANDARDS

    text = " ".join(resource_text("user_guide.html").split())
    for standard in STANDARDS:
        assert f"{standard.code} {standard.title}" in text
    assert f"within {EXPIRING_DAYS} days" in text
    assert f"training in the last {rules.TRAINING_VALID_MONTHS} months" in text
    assert f"due within {rules.DUE_SOON_DAYS} days" in text
    assert f"warns {rules.DUE_SOON_DAYS} days before" in text
    months = settings.DEFAULTS
    assert (
        f"every {months['thematic_months_high']}, {months['thematic_months_medium']} or "
        f"{months['thematic_months_low']} months for high, medium or low risk" in text
    )
    assert DEFAULT_FILE_NAME in text
    for suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".csv"):
        assert f"<code>{suffix}</code>" in text
    assert "lists of its meetings, its actions and its provider's DBS staff (S4)" in text
