"""Column widths are remembered per table: a width set on a page's table is the width the
next time the page is made (a stretching column is not kept); tables of other pages keep
their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from bscp_monitor import APP_NAME
from bscp_monitor.common.database import Store
from bscp_monitor.ui.kit.column_memory import GROUP
from bscp_monitor.ui.meetings.actions_view import ActionCol, ActionsView
from bscp_monitor.ui.meetings.meetings_view import MeetingsView


def _drag_edge(header, column: int, by: int) -> None:
    """Drag the right edge of ``column``'s heading ``by`` pixels with the mouse."""
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    start = QPoint(edge, header.height() // 2)
    QTest.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(header.viewport(), start + QPoint(by // 2, 0))
    QTest.mouseMove(header.viewport(), start + QPoint(by, 0))
    QTest.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(by, 0))


@pytest.fixture(autouse=True)
def _forget_widths() -> Iterator[None]:
    """QSettings keeps its file for the whole test process: later tests start afresh."""
    yield
    QSettings(APP_NAME, APP_NAME).remove(GROUP)


def test_a_width_set_is_used_next_time(qtbot, demo_store: Store) -> None:
    first = ActionsView(demo_store)
    qtbot.addWidget(first)
    first.resize(1200, 600)
    first.show()
    qtbot.waitExposed(first)
    header = first.table.horizontalHeader()
    default = header.sectionSize(ActionCol.OWNER)
    header.resizeSection(ActionCol.LATEST, header.sectionSize(ActionCol.LATEST) + 5)  # by code
    _drag_edge(header, ActionCol.OWNER, 77)
    assert header.sectionSize(ActionCol.OWNER) == default + 77

    again = ActionsView(demo_store)
    qtbot.addWidget(again)
    kept = again.table.horizontalHeader()
    assert kept.sectionSize(ActionCol.OWNER) == default + 77
    assert kept.sectionSize(ActionCol.LATEST) != header.sectionSize(ActionCol.LATEST)  # code's

    meetings_page = MeetingsView(demo_store)  # another table: its own widths
    qtbot.addWidget(meetings_page)
    fresh = meetings_page.table.horizontalHeader()
    assert all(fresh.sectionSize(c) != default + 77 for c in range(fresh.count()))
