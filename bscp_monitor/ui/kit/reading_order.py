"""Tab follows reading order: the controls a window shows, top to bottom and left to right
within a row, a panel's controls together (the sidebar's, then the page's).

Qt's tab order is the order the widgets were made in, which put a page's buttons (made
first) before the controls above them, and a meeting's attendee list after its agenda.
:func:`tab_to_next` moves the keyboard by where the controls are on screen; the keyboard
filter (kit/keyboard.py) calls it when Tab or Shift+Tab is pressed, so the order is the one
the user sees at that moment (pages, tabs and panels shown since included). Qt's focus chain
is left as it is (reordering it with setTabOrder cuts a panel's controls off from the rest).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QScrollArea, QWidget


def takes_tab(widget: QWidget) -> bool:
    """A control Tab gives focus to (itself, not through a focus proxy or as part of a
    spin box's or drop-down's own line edit)."""
    if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) != Qt.FocusPolicy.TabFocus:
        return False
    if widget.focusProxy() is not None:
        return False
    return not (
        isinstance(widget, QLineEdit)
        and isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
    )


@dataclass
class _Unit:
    """A control, or a panel (a widget holding controls), and where it is in the window."""

    rect: QRect
    controls: list[QWidget]


def _overlap(a: QRect, b: QRect) -> bool:
    """Whether two rectangles share more than half the height of the shorter."""
    shared = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    return shared * 2 > min(a.height(), b.height())


def in_reading_order(rects: list[QRect]) -> list[int]:
    """The indexes of ``rects`` in reading order: rows from the top (a rectangle joins a row
    when it lies level with every one in it), each row from the left."""
    order = sorted(range(len(rects)), key=lambda i: (rects[i].top(), rects[i].left()))
    rows: list[list[int]] = []
    for index in order:
        if rows and all(_overlap(rects[index], rects[member]) for member in rows[-1]):
            rows[-1].append(index)
        else:
            rows.append([index])
    return [i for row in rows for i in sorted(row, key=lambda i: (rects[i].left(), rects[i].top()))]


def _controls(container: QWidget, window: QWidget) -> list[QWidget]:
    units: list[_Unit] = []
    for child in container.children():
        if not isinstance(child, QWidget) or child.isWindow() or not child.isVisible():
            continue
        if not child.isEnabled():
            continue
        rect = QRect(child.mapTo(window, QPoint(0, 0)), child.size())
        inner = _controls(child, window)  # a scroll area's or a panel's controls
        if takes_tab(child):
            inner.insert(0, child)
        if inner:
            units.append(_Unit(rect, inner))
    order = in_reading_order([unit.rect for unit in units])
    return [control for i in order for control in units[i].controls]


def reading_order(window: QWidget) -> list[QWidget]:
    """The controls ``window`` shows that Tab reaches, in reading order."""
    return _controls(window, window)


def next_in_reading_order(widget: QWidget, forward: bool) -> QWidget | None:
    """The control Tab (``forward``) or Shift+Tab reaches from ``widget`` (or from the
    control holding it, for an editor in a table), going round; None if ``widget`` is not
    among the window's controls."""
    window = widget.window()
    controls = reading_order(window)
    here: QWidget | None = widget
    while here is not None and here not in controls:
        here = None if here is window else here.parentWidget()
    if here is None or len(controls) < 2:
        return None
    index = controls.index(here)
    return controls[(index + (1 if forward else -1)) % len(controls)]


def tab_to_next(widget: QWidget, forward: bool) -> bool:
    """Give the keyboard to the control after (or before) ``widget`` in reading order,
    scrolled into view; False if there is none (Qt's own order then applies)."""
    target = next_in_reading_order(widget, forward)
    if target is None:
        return False
    reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    target.setFocus(reason)
    parent = target.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(target)
        parent = parent.parentWidget()
    return True
