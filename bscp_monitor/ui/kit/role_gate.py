"""Greying what the login's role may not do (issue 14, point 5), saying why in a tooltip.

A page's own ``update_buttons`` enables a button when a row is selected; a button greyed
for the role must stay grey whatever the page asks, so :func:`grey_for_role` makes that
button's ``setEnabled`` keep it disabled (and its ``setToolTip`` keep the reason). The
server still refuses in words (data/db_errors.py) anything that is not greyed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QWidget

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


__all__ = ["grey_for_role", "lock", "permissions_here"]
