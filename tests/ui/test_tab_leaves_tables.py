"""Tab and Shift+Tab leave a table from any cell (arrow keys move inside it): every table of
every page of the main window -- the Meetings list among them -- and the DBS import dialog's
preview and mapping, each with rows in it and a cell current, as a user arrives in one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from bscp_monitor.data.store import Store
from bscp_monitor.ui.dbs.dbs_import_dialog import DbsImportDialog
from bscp_monitor.ui.kit.keyboard import install_keyboard_manners
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.pages import SECTIONS
from tests.ui.dbs.workbooks import write_scr


def _tables(window: QWidget) -> list[QAbstractItemView]:
    return [
        view
        for view in window.findChildren(QAbstractItemView)
        if view.isVisible()
        and view.isEnabled()
        and view.focusPolicy() & Qt.FocusPolicy.TabFocus
        and view.model() is not None
        and view.model().index(1, 0).isValid()  # two rows or more
    ]


def _columns(view: QAbstractItemView) -> int:
    model = view.model()
    count = 1
    while count < 100 and model.index(0, count).isValid():
        count += 1
    return count


def _keeping_tab(qtbot, window: QWidget, where: str) -> list[str]:
    """The tables of ``window`` that Tab or Shift+Tab does not leave, from a cell in the
    middle of their first row."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    kept = []
    for view in _tables(window):
        model, middle = view.model(), _columns(view) // 2
        for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            view.setCurrentIndex(model.index(0, middle))
            assert QApplication.focusWidget() is view
            QTest.keyClick(view, key)
            focused = QApplication.focusWidget()
            if focused is view or (focused is not None and view.isAncestorOf(focused)):
                kept.append(f"{where}: {key.name} stays in {view.accessibleName() or view}")
    return kept


def test_tab_leaves_every_table_of_the_main_window(
    qtbot, demo_store: Store, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(demo_store, settings=settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    kept, seen = [], []
    for index, name in enumerate(SECTIONS):
        window.show_section(index)
        seen += [name for _view in _tables(window)]
        kept += _keeping_tab(qtbot, window, name)
    assert "Meetings" in seen
    assert len(seen) >= 8
    assert kept == []


def test_tab_leaves_the_import_preview(qtbot, store: Store, tmp_path: Path) -> None:
    install_keyboard_manners()
    dialog = DbsImportDialog(store, write_scr(tmp_path / "sunrise.xlsx"), provider="Sunrise")
    qtbot.addWidget(dialog)
    dialog.resize(1280, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.preview_table in _tables(dialog)
    assert _keeping_tab(qtbot, dialog, "Import DBS") == []
    dialog.reject()
