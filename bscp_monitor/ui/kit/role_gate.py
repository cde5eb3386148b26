"""Greying what the login's role may not do (issue 14, point 5), saying why in a tooltip.

A page's own ``update_buttons`` enables a button when a row is selected; a button greyed
for the role must stay grey whatever the page asks, so :func:`grey_for_role` makes that
button's ``setEnabled`` keep it disabled (and its ``setToolTip`` keep the reason). The
server still refuses in words (data/db_errors.py) anything that is not greyed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from bscp_monitor.common.database import DatabaseError, Store
from bscp_monitor.common.permissions import EVERYTHING, Permissions, permissions_of


def permissions_here(store: Store) -> Permissions:
    """The store's permissions; if the server cannot say, everything (it still refuses)."""
    try:
        return permissions_of(store)
    except DatabaseError:
        return EVERYTHING


def lock(widget: QWidget, why: str) -> None:
    """Grey ``widget`` for good, with ``why`` as its tooltip."""
    widget.setEnabled(False)
    widget.setToolTip(why)

    def stay_grey(_enabled: bool = False) -> None:
        QWidget.setEnabled(widget, False)

    def keep_why(_text: str = "") -> None:
        QWidget.setToolTip(widget, why)

    widget.setEnabled = stay_grey  # type: ignore[method-assign]
    widget.setToolTip = keep_why  # type: ignore[method-assign]
    if isinstance(widget, QAbstractButton):
        widget.setStatusTip(why)


def grey_for_role(store: Store, *widgets: QWidget) -> Permissions:
    """Grey ``widgets`` (the page's write actions) if the login may not change anything."""
    allowed = permissions_here(store)
    if not allowed.write:
        for widget in widgets:
            lock(widget, allowed.why_not_write)
    return allowed


def read_only_for_role(store: Store, *roots: QWidget) -> Permissions:
    """For a login that may not write, the fields under ``roots`` become read-only (text
    stays selectable, to copy) and their choices and write buttons are greyed, saying why."""
    allowed = permissions_here(store)
    if allowed.write:
        return allowed
    why = allowed.why_not_write
    for root in roots:
        for line in root.findChildren(QLineEdit):
            if isinstance(line.parent(), QAbstractSpinBox | QComboBox):
                continue  # a date's or a choice's own editor: greyed with it below
            line.setReadOnly(True)
            line.setToolTip(why)
        for plain in root.findChildren(QPlainTextEdit):
            plain.setReadOnly(True)
            plain.setToolTip(why)
        for rich in root.findChildren(QTextEdit):
            rich.setReadOnly(True)
            rich.setToolTip(why)
        for widget in [*root.findChildren(QComboBox), *root.findChildren(QCheckBox),
                       *root.findChildren(QAbstractSpinBox)]:  # fmt: skip
            lock(widget, why)
    return allowed


__all__ = ["grey_for_role", "lock", "permissions_here", "read_only_for_role"]
