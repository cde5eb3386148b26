"""An honest page for a section that a later version fills: what it will hold, no invented data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class EmptyStatePage(QWidget):
    """A heading and one or two sentences; ``refresh()`` exists so every page can be refreshed."""

    def __init__(self, heading: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyStatePage")
        self.heading_label = QLabel(heading)
        self.heading_label.setObjectName("pageHeading")
        self.text_label = QLabel(text)
        self.text_label.setObjectName("emptyStateText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setMaximumWidth(640)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.text_label)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Nothing to reload: the page holds no data."""
