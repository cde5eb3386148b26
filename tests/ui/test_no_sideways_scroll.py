"""At 1366x768 with the demo register, no page needs scrolling sideways: every table fits
its page, and the key columns (names, action text, dates) are not cut to a few letters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

from bscp_monitor.common.database import Store
from bscp_monitor.ui.main_window import MainWindow


def _tables(window: MainWindow) -> list[QTableView]:
    page = window.stack.currentWidget()
    return [v for v in page.findChildren(QTableView) if v.isVisible()]


def test_no_page_scrolls_sideways_at_1366x768(qtbot, demo_store: Store) -> None:
    window = MainWindow(demo_store, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    sideways, seen = [], 0
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
        for view in window.stack.currentWidget().findChildren(QAbstractItemView):
            if not view.isVisible():
                continue
            seen += 1
            if view.horizontalScrollBar().maximum() > 0:
                sideways.append(f"{window.nav.item(row).text()}: {view.accessibleName()}")
    assert seen >= 8
    assert sideways == []


def _width_of(view: QTableView, heading: str) -> int:
    model = view.model()
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal) == heading:
            return view.horizontalHeader().sectionSize(column)
    raise AssertionError(f"no column {heading!r}")


def test_key_columns_are_readable(qtbot, demo_store: Store) -> None:
    window = MainWindow(demo_store, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    chars = window.fontMetrics().averageCharWidth()
    wanted = {
        "DBS register": {"Name": 10, "Status": 8},
        "Actions": {"Action": 24, "Due": 10},
        "Meetings": {"Status": 12, "Contract": 10},
    }
    for row in range(window.nav.count()):
        page = window.nav.item(row).text()
        if page not in wanted:
            continue
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
        (view,) = [v for v in _tables(window) if v.model().rowCount() > 0][:1]
        for heading, letters in wanted[page].items():
            assert _width_of(view, heading) >= letters * chars, (page, heading)
