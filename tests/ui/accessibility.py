"""What a screen reader and a keyboard user meet in a window: each focusable control's
accessible name (as QAccessible reports it, the way a screen reader reads it) and whether
Tab reaches it from the window's first control."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTabWidget,
    QWidget,
)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def accessible_description(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Description).strip() if interface is not None else ""


def _part_of_another_control(widget: QWidget) -> bool:
    """A spin box's or combo box's own line edit: the reader announces the box."""
    parent = widget.parentWidget()
    return isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox)


def focusable_controls(window: QWidget) -> list[QWidget]:
    """The controls shown in ``window`` that Tab can give focus to (focus policy with
    TabFocus), in no particular order; a control whose focus goes to another (a focus proxy)
    or that is part of another is left to that one."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if widget.focusProxy() is not None or _part_of_another_control(widget):
            continue
        found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    text = ""
    for attribute in ("text", "placeholderText", "currentText", "title"):
        value = getattr(widget, attribute, None)
        if callable(value):
            try:
                text = str(value())
            except TypeError:
                continue
            if text:
                break
    path = []
    node: QWidget | None = widget
    while node is not None and len(path) < 4:
        path.append(node.objectName() or type(node).__name__)
        node = node.parentWidget()
    return f"{type(widget).__name__}({text[:40]!r}) in {'/'.join(reversed(path))}"


def unnamed_controls(window: QWidget) -> list[str]:
    return [describe(w) for w in focusable_controls(window) if not accessible_name(w)]


def tab_reached(qtbot, window: QWidget, limit: int | None = None) -> list[QWidget]:
    """Press Tab from the window's first control until focus comes back to it (or ``limit``
    presses); the controls focus reached, in order."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    controls = [w for w in focusable_controls(window) if w.isEnabled()]
    if not controls:
        return []
    first = window.nextInFocusChain()
    while first is not window and not (
        first in controls or (first.focusProxy() in controls if first.focusProxy() else False)
    ):
        first = first.nextInFocusChain()
    start = first.focusProxy() or first
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    reached: list[QWidget] = []
    left_start = False  # a control may keep Tab a while (a guide's links, a date's parts)
    for _press in range(limit or 3 * len(controls) + 40):
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused is reached_first(reached) and left_start:
            break
        if reached and focused is not reached[0]:
            left_start = True
        if focused not in reached:
            reached.append(focused)
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    return reached


def reached_first(reached: list[QWidget]) -> QWidget | None:
    return reached[0] if reached else None


def unreachable_controls(qtbot, window: QWidget) -> list[str]:
    reached = set(tab_reached(qtbot, window))
    return [describe(w) for w in focusable_controls(window) if w.isEnabled() and w not in reached]


def tab_pages(window: QWidget) -> list[tuple[QTabWidget, int]]:
    """Every (tab widget, index) of the window, to show each page in turn."""
    return [
        (tabs, index) for tabs in window.findChildren(QTabWidget) for index in range(tabs.count())
    ]


def _where(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _level(a: QRect, b: QRect) -> bool:
    shared = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    return shared * 2 > min(a.height(), b.height())


def _comes_before(b: QRect, a: QRect) -> bool:
    """Whether ``b`` is read before ``a``: above it in the same column, or level with it and
    to its left."""
    same_column = b.left() < a.right() and a.left() < b.right()
    return (same_column and b.bottom() <= a.top()) or (_level(a, b) and b.right() <= a.left())


def out_of_reading_order(qtbot, window: QWidget) -> list[str]:
    """Where pressing Tab from the window's first control in reading order (top left) goes
    back: to a control above in the same column, or to the left in the same row. Panels
    are allowed for: leaving a tall panel for the one beside it goes up, not back."""
    reached = tab_reached(qtbot, window)
    if not reached:
        return []
    places = [_where(widget) for widget in reached]
    first = min(range(len(reached)), key=lambda i: (places[i].top(), places[i].left()))
    cycle = reached[first:] + reached[:first]
    return [
        f"Tab goes back from {describe(a)} to {describe(b)}"
        for a, b in zip(cycle, cycle[1:], strict=False)
        if _comes_before(_where(b), _where(a))
        and not (a.isAncestorOf(b) or b.isAncestorOf(a))  # a scroll area and its controls
    ]
