"""Small pieces shared by the meeting windows: words and colours for meetings, a text field
that grows with its text and says when focus leaves it, and a one-box error report."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QFrame, QMessageBox, QPlainTextEdit, QWidget

from bscp_monitor.common.enums import ActionStatus, Attendance, MeetingStatus
from bscp_monitor.meetings.actions import STATUS_LABELS as ACTION_STATUS_LABELS
from bscp_monitor.meetings.meetings import STATUS_LABELS as MEETING_STATUS_LABELS
from bscp_monitor.ui.kit.display import AMBER, GREEN, GREY, RED

__all__ = [
    "ACTION_COLOURS",
    "ACTION_STATUS_LABELS",
    "ATTENDANCE_LABELS",
    "MEETING_COLOURS",
    "MEETING_STATUS_LABELS",
    "AutoTextEdit",
    "report_error",
    "shield_icon",
]

BLUE = ("#dbe6f3", "#12355b")
MEETING_COLOURS = {
    MeetingStatus.PLANNED: GREY,
    MeetingStatus.IN_PROGRESS: BLUE,
    MeetingStatus.DRAFT_MINUTES: AMBER,
    MeetingStatus.APPROVED: GREEN,
}
ATTENDANCE_LABELS = {
    Attendance.PRESENT: "Present",
    Attendance.APOLOGIES: "Apologies",
    Attendance.ABSENT: "Absent",
}
ACTION_COLOURS = {
    ActionStatus.OPEN: AMBER,
    ActionStatus.IN_PROGRESS: BLUE,
    ActionStatus.DONE: GREEN,
    ActionStatus.DROPPED: GREY,
}
CONCERN = RED


def report_error(parent: QWidget | None, title: str, error: Exception | str) -> None:
    """Show a message for people (a core UserError): one box, no traceback."""
    QMessageBox.warning(parent, title, str(error))


def shield_icon(size: int = 16, colour: str = "#842029") -> QIcon:
    """A small shield drawn in code: the mark of the mandatory safeguarding item."""
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    path = QPainterPath()
    path.moveTo(QPointF(s / 2, s * 0.06))
    path.lineTo(QPointF(s * 0.9, s * 0.2))
    path.cubicTo(QPointF(s * 0.9, s * 0.62), QPointF(s * 0.7, s * 0.84), QPointF(s / 2, s * 0.96))
    path.cubicTo(QPointF(s * 0.3, s * 0.84), QPointF(s * 0.1, s * 0.62), QPointF(s * 0.1, s * 0.2))
    path.closeSubpath()
    painter.fillPath(path, QColor(colour))
    painter.setPen(QColor("#ffffff"))
    painter.drawLine(QPointF(s * 0.32, s * 0.5), QPointF(s * 0.46, s * 0.64))
    painter.drawLine(QPointF(s * 0.46, s * 0.64), QPointF(s * 0.7, s * 0.36))
    painter.end()
    return QIcon(pixmap)


class AutoTextEdit(QPlainTextEdit):
    """Plain text that grows with its content (between ``min_lines`` and ``max_lines``)
    and emits ``focus_left`` so pending typing can be stored at once."""

    focus_left = Signal()

    def __init__(
        self, parent: QWidget | None = None, min_lines: int = 2, max_lines: int = 14
    ) -> None:
        super().__init__(parent)
        self._min_lines = min_lines
        self._max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self._fit()

    def set_text_quietly(self, text: str) -> None:
        """Show stored text without reporting it as typed."""
        blocked = self.blockSignals(True)
        try:
            self.setPlainText(text)
        finally:
            self.blockSignals(blocked)
        self._fit()

    def _fit(self) -> None:
        lines = int(self.document().size().height()) or 1
        lines = max(self._min_lines, min(self._max_lines, lines))
        margins = self.contentsMargins()
        doc_margin = int(self.document().documentMargin() * 2)
        height = (
            lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom() + doc_margin
        )
        if self.height() != height:
            self.setFixedHeight(height)
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if lines >= self._max_lines
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.focus_left.emit()
