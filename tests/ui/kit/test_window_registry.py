"""The per-record window registry: one window per record, raised rather than opened twice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from bscp_monitor.ui.kit.window_registry import WindowRegistry


class _Window(QWidget):
    def __init__(self, store: object, keep_open: bool = False) -> None:
        super().__init__()
        self.store = store
        self.keep_open = keep_open
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.keep_open:
            event.ignore()
            return
        super().closeEvent(event)


def test_the_open_window_is_raised_not_opened_twice(qtbot) -> None:
    registry: WindowRegistry[_Window] = WindowRegistry()
    made: list[_Window] = []

    def make() -> _Window:
        made.append(_Window("store"))
        return made[-1]

    first = registry.open_for(7, make)
    qtbot.waitExposed(first)
    first.showMinimized()
    again = registry.open_for(7, make)
    assert again is first
    assert len(made) == 1
    assert again.isVisible()
    assert not again.isMinimized()
    other = registry.open_for(8, make)
    assert other is not first
    assert len(made) == 2
    assert registry.windows() == [first, other]
    assert registry.get(7) is first
    assert registry.get(9) is None
    assert registry.close_all()
    assert registry.windows() == []


def test_a_window_leaves_the_registry_when_it_is_closed_and_destroyed(qtbot) -> None:
    registry: WindowRegistry[_Window] = WindowRegistry()
    window = registry.open_for(1, lambda: _Window("store"))
    window.close()  # deleted on close
    qtbot.waitUntil(lambda: registry.get(1) is None)
    fresh = registry.open_for(1, lambda: _Window("store"))
    assert registry.get(1) is fresh
    fresh.close()


def test_a_window_of_another_store_is_replaced(qtbot) -> None:
    registry: WindowRegistry[_Window] = WindowRegistry()
    old = registry.open_for(3, lambda: _Window("old"))
    qtbot.addWidget(old)
    new = registry.open_for(3, lambda: _Window("new"), reuse=lambda w: w.store == "new")
    qtbot.addWidget(new)
    assert new is not old
    assert new.store == "new"
    assert registry.get(3) is new


def test_close_all_stops_at_a_window_that_stays_open(qtbot) -> None:
    registry: WindowRegistry[_Window] = WindowRegistry()
    stubborn = registry.open_for(1, lambda: _Window("store", keep_open=True))
    qtbot.addWidget(stubborn)
    later = registry.open_for(2, lambda: _Window("store"))
    qtbot.addWidget(later)
    assert not registry.close_all()
    assert later.isVisible()  # not asked: the first refusal stops the round
    stubborn.keep_open = False
    assert registry.close_all()
    assert registry.windows() == []
