"""What a screen reader is told about a control, for the whole application.

Each control should have its own label (a QLabel whose buddy it is, a form row's label) or a
name set with :func:`named`. For the rest, installed once on the QApplication, the
:class:`AccessibleNames` filter does what browsers do for a field with no label: when a
control is first shown it takes its name from the words it shows in place of a label (a
search box's placeholder, a drop-down's tooltip), a named drop-down gets an unseen label
bearing its name (the only way Linux screen readers hear a drop-down's label), and a text box
gives Tab back to moving between controls (Ctrl+Tab still types a tab), so Tab never stays
in one.
"""

from __future__ import annotations

import contextlib
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

W = TypeVar("W", bound=QWidget)


def named(widget: W, text: str, description: str = "") -> W:
    """Give ``widget`` the accessible name ``text`` (and a description); returns it."""
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def has_label(widget: QWidget) -> bool:
    """Whether a label names the widget: a name set for it, or a QLabel whose buddy it is."""
    if widget.accessibleName().strip():
        return True
    parent = widget.parentWidget()
    while parent is not None:
        for label in parent.findChildren(QLabel):
            if label.buddy() is widget:
                return True
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return False


def stand_in_name(widget: QWidget) -> str:
    """The words a control shows in place of a label: its placeholder, else its tooltip."""
    placeholder = getattr(widget, "placeholderText", None)
    text = placeholder() if callable(placeholder) else ""
    if not text:
        text = widget.toolTip()
    return " ".join(str(text).split())


_NAMED = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QAbstractItemView)


class AccessibleNames(QObject):
    """The application-wide event filter (see the module's docstring)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Polish and isinstance(watched, QWidget):
            polish_for_reader(watched)
        return False


def polish_for_reader(widget: QWidget) -> None:
    """What the filter does when a control is first shown (see the module's docstring); the
    keyboard filter (kit/keyboard.py) calls it too, so the app needs one filter, not two."""
    # A widget Qt builds and polishes itself (QFileDialog's drop-downs) can reach here
    # through a stale wrapper ("Internal C++ object already deleted"); an exception
    # escaping an application-wide filter aborts the process (PySide6 6.11).
    with contextlib.suppress(RuntimeError):
        _polished(widget)


def _polished(watched: QWidget) -> None:
    if isinstance(watched, QPlainTextEdit | QTextEdit) and not watched.isReadOnly():
        watched.setTabChangesFocus(True)
    if isinstance(watched, _NAMED) and not _inside_another(watched) and not has_label(watched):
        text = stand_in_name(watched)
        if text:
            watched.setAccessibleName(text)
    if isinstance(watched, QComboBox):
        label_for_linux(watched)


def label_for_linux(combo: QComboBox) -> None:
    """On Linux a screen reader (AT-SPI) reads a drop-down's choice as its name and its label
    only through a label's buddy relation: a drop-down named but with no label gets one,
    unseen, bearing its name."""
    text = combo.accessibleName().strip()
    parent = combo.parentWidget()
    if not text or parent is None:
        return
    if any(label.buddy() is combo for label in parent.findChildren(QLabel)):
        return
    label = QLabel(text, parent)
    label.setObjectName("accessibleLabel")
    label.setBuddy(combo)
    label.hide()


def _inside_another(widget: QWidget) -> bool:
    """A spin box's or drop-down's own line edit (the box is what is named)."""
    return isinstance(widget, QLineEdit) and isinstance(
        widget.parentWidget(), QAbstractSpinBox | QComboBox
    )


_INSTALLED: list[AccessibleNames] = []


def install_accessible_names() -> None:
    """Install the filter on the running application (once; later calls do nothing)."""
    app = QApplication.instance()
    if app is None or _INSTALLED:
        return
    names = AccessibleNames(app)
    app.installEventFilter(names)
    _INSTALLED.append(names)
