"""Where the keyboard was, kept across a rebuild of a window's controls (after an edit or
a dialog), and the window manners that go with it: no default buttons, and whether the
user is typing (Esc there must not close the window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

#: A control's kind and name: what identifies it when the window rebuilds it.
FocusMark = tuple[str, str]


def _name_of(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) and isinstance(widget, QAbstractButton) else ""
    return widget.accessibleName() or widget.objectName() or label


def focus_mark(widget: QWidget | None, window: QWidget) -> FocusMark | None:
    """What identifies the focused control of ``window`` across a rebuild."""
    if widget is None or not window.isAncestorOf(widget):
        return None
    return type(widget).__name__, _name_of(widget)


def refocus(window: QWidget, mark: FocusMark | None, fallback: QWidget) -> None:
    """Focus stays where the user was after an edit: on the same control if it is still
    there, else on the control now in its place (a rebuilt editor), else on ``fallback``
    -- never lost, never the window's first button."""
    current = QApplication.focusWidget()
    if mark is None or (current is not None and window.isAncestorOf(current)):
        return
    kind, name = mark
    again = next(
        (
            w
            for w in window.findChildren(QWidget)
            if type(w).__name__ == kind and _name_of(w) == name and w.isVisible()
        ),
        None,
    )
    target = again if again is not None else fallback
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    if not window.isActiveWindow():  # back from a dialog
        window.activateWindow()


def no_default_buttons(window: QWidget) -> None:
    """No push button in the window is a default or auto-default one (Enter in a list or
    line edit must never press a button elsewhere)."""
    for button in window.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


def editing_text(widget: QWidget | None) -> bool:
    """The user is typing in a text box (Esc there must not close the window)."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return isinstance(widget, QAbstractSpinBox)
