"""A quick painter for the Dashboard's table cells.

QStyledItemDelegate asks the model's data() for seven roles of every cell it paints, each
a call into Python, and then draws the cell through the style sheet's rules. The
Dashboard's models know each cell's look at once (``Cell``): this delegate draws it straight
from there, pixel for pixel as QStyledItemDelegate would with the app's style sheet (the
text padded and elided on the right; a rating's colours, bold and centred). The selected and
the current cell (a row at most) are left to QStyledItemDelegate itself. It saves about
1-1.5 ms of the Dashboard's first paint (bench/dashboard.py), and as much whenever it scrolls.

The models still answer data() for every role: tooltips, accessibility, copying and the
tests read them there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QMargins, QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from bscp_monitor.common.enums import Rag
from bscp_monitor.ui.kit.display import RAG_COLOURS

SELECTED = QStyle.StateFlag.State_Selected
HAS_FOCUS = QStyle.StateFlag.State_HasFocus


class Cell(NamedTuple):
    text: str
    rag: Rag | None  # a rating's colours, or the table's own
    bold: bool
    centred: bool


_colours: dict[Rag, tuple[QColor, QColor]] = {}


def _rag_colours(rag: Rag) -> tuple[QColor, QColor]:
    if not _colours:
        for each, (background, text) in RAG_COLOURS.items():
            _colours[each] = (QColor(background), QColor(text))
    return _colours[rag]


class _Font(NamedTuple):
    font: QFont
    metrics: QFontMetrics  # for eliding, as the style elides
    exact: QFontMetricsF  # for the width of a line, as the style lays it out
    ascent: float
    height: int  # of a line of text, as the style lays it out


def _font(font: QFont) -> _Font:
    exact = QFontMetricsF(font)
    return _Font(
        font, QFontMetrics(font), exact, exact.ascent(), round(exact.ascent() + exact.descent())
    )


class CellPainter(QStyledItemDelegate):
    """Paints each cell from ``cell(row, column)``; everything else (tooltips, size hints)
    is QStyledItemDelegate's, from the model's data()."""

    def __init__(self, cell: Callable[[int, int], Cell], parent: QWidget) -> None:
        super().__init__(parent)
        self._cell = cell
        self._fonts: dict[bool, _Font] = {}  # by boldness
        self._margins: QMargins | None = None

    def _text_margins(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QMargins:
        """Where the style puts a cell's text (the same for every cell here): its text
        rectangle, less the focus frame's margin and a pixel on either side, as
        QCommonStyle draws item text."""
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        widget = full.widget
        style = widget.style() if widget is not None else QApplication.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, full, widget)
        side = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        cell = full.rect
        return QMargins(
            text.left() - cell.left() + side,
            text.top() - cell.top(),
            cell.right() - text.right() + side,
            cell.bottom() - text.bottom(),
        )

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        state = option.state
        if state & (SELECTED | HAS_FOCUS):  # a row at most: the style's own look, exactly
            super().paint(painter, option, index)
            return
        text, rag, bold, centred = self._cell(index.row(), index.column())
        rect = option.rect
        if self._margins is None:
            self._margins = self._text_margins(option, index)
        look = self._fonts.get(bold)
        if look is None:
            font = QFont(option.font)
            font.setBold(bold)
            look = self._fonts[bold] = _font(font)
        painter.save()
        if rag is not None:
            background, foreground = _rag_colours(rag)
            painter.fillRect(rect, background)
            painter.setPen(foreground)
        else:
            painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.setFont(look.font)
        inner = rect.marginsRemoved(self._margins)
        shown = look.metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
        # As the style places the laid-out line: centred to the fraction of a pixel across,
        # and in whole pixels (halves rounded down) down.
        x: float = inner.left()
        if centred:
            x += (inner.width() - look.exact.horizontalAdvance(shown)) / 2
        top = inner.top() + (inner.height() - look.height) // 2
        painter.drawText(QPointF(x, top + look.ascent), shown)
        painter.restore()


__all__ = ["Cell", "CellPainter"]
