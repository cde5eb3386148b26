"""Keyboard manners for the whole application, installed once on the QApplication:

- Tab and Shift+Tab leave tables and lists (arrow keys move inside them): no item view
  keeps Tab for moving between its cells.
- Tab and Shift+Tab follow reading order (kit/reading_order.py): where the window's
  controls are on screen when either is pressed.
- A drop-down changes only when it is opened or typed into: the mouse wheel and the arrow
  keys on a closed box do nothing (a chair was marked "Apologies" by a scroll).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QWidget

from bscp_monitor.ui.kit.accessible import polish_for_reader
from bscp_monitor.ui.kit.reading_order import tab_to_next

#: The only events the filter looks at (it sees every event of the application).
_WANTED = frozenset({QEvent.Type.Polish, QEvent.Type.Wheel, QEvent.Type.KeyPress})

_TAB_KEYS = {Qt.Key.Key_Tab, Qt.Key.Key_Backtab}
_NOT_TAB = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier  # Ctrl+Tab

_STEP_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
}


class KeyboardManners(QObject):
    """The application-wide event filter (see the module's docstring)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in _WANTED:  # most events: back to Qt at once
            return False
        # An exception escaping an application-wide filter aborts the process: a stale
        # wrapper (a widget Qt made and deleted itself) is let pass.
        with contextlib.suppress(RuntimeError):
            return self._filter(watched, event, kind)
        return False

    def _filter(self, watched: QObject, event: QEvent, kind: QEvent.Type) -> bool:
        if kind == QEvent.Type.Polish:
            if isinstance(watched, QWidget):
                polish_for_reader(watched)
                if isinstance(watched, QAbstractItemView):
                    watched.setTabKeyNavigation(False)
        elif kind == QEvent.Type.Wheel:
            if isinstance(watched, QComboBox) and not watched.view().isVisible():
                event.ignore()
                return True
        elif kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _TAB_KEYS and isinstance(watched, QWidget):
                return (
                    watched is QApplication.focusWidget()
                    and not event.modifiers() & _NOT_TAB
                    and tab_to_next(watched, event.key() == Qt.Key.Key_Tab)
                )
            if (
                isinstance(watched, QComboBox)
                and event.key() in _STEP_KEYS
                and not watched.isEditable()
                and not watched.view().isVisible()
                and not event.modifiers() & Qt.KeyboardModifier.AltModifier  # Alt+Down opens
            ):
                event.ignore()
                return True
        return False


def move_focus(widget: QWidget, forward: bool) -> None:
    """Focus the control Tab (or Shift+Tab) would reach after ``widget`` in its window (for
    an editor in a table, which Qt would keep in the table)."""
    if tab_to_next(widget, forward):
        return
    here: QWidget | None = widget
    for _ in range(2000):  # the focus chain is a ring: stop where it started
        assert here is not None
        here = here.nextInFocusChain() if forward else here.previousInFocusChain()
        if here is None or here is widget:
            return
        if here.window() is not widget.window() or here.isAncestorOf(widget):
            continue
        if widget.isAncestorOf(here):  # the widget's own parts
            continue
        policy = here.focusPolicy()
        if (
            (policy & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus
            and here.isVisible()
            and here.isEnabled()
            and here.focusProxy() is None
        ):
            reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            here.setFocus(reason)
            return


_INSTALLED: list[KeyboardManners] = []


def install_keyboard_manners() -> None:
    """Install the filter on the running application (once; later calls do nothing), with
    the names a screen reader is given for controls without a label (kit/accessible.py)."""
    app = QApplication.instance()
    if app is None or _INSTALLED:
        return
    manners = KeyboardManners(app)
    app.installEventFilter(manners)
    _INSTALLED.append(manners)
