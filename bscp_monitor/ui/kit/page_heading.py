"""Every page of the main window starts the same way: its title in one heading style
(``QLabel#pageHeading`` in resources/style.qss) at the same place, inside the same margins.
A page makes its title with :func:`page_heading` and its layout with :func:`page_layout`."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

#: A page's margins (left, top, right, bottom) and the spacing between its parts.
PAGE_MARGINS = (20, 16, 20, 12)
PAGE_SPACING = 10


def page_heading(title: str, parent: QWidget | None = None) -> QLabel:
    """The page's title, in the pages' heading style."""
    heading = QLabel(title, parent)
    heading.setObjectName("pageHeading")
    heading.setAccessibleName(title)
    return heading


def page_layout(page: QWidget) -> QVBoxLayout:
    """The page's layout, from the top, with the pages' margins and spacing."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(*PAGE_MARGINS)
    layout.setSpacing(PAGE_SPACING)
    return layout
