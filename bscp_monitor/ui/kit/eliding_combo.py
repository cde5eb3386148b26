"""A drop-down whose closed face cuts a long choice with an ellipsis.

QComboBox clips a choice longer than its face without a sign that anything is missing
("ECHS-CSE-0114 — Child Sexual Exp"), and sized to its longest choice it widens the whole
page past a 1280-pixel screen. This one is as wide as the layout gives it (at least
``min_chars`` characters), shows "ECHS-CSE-0114 — Child Sexual Exploita…", and holds the
whole choice in its tooltip, its open list and what a screen reader reads.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)


class ElidingComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None, min_chars: int = 20) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(min_chars)
        self.currentIndexChanged.connect(lambda _index: self.setToolTip(self.currentText()))

    def shown_text(self) -> str:
        """The current choice as the closed face shows it (cut to fit, with '…')."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        return self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(field.width(), 0)
        )

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
