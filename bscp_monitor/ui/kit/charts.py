"""A small trend chart drawn with QPainter (PySide6-Essentials has no QtCharts): the values of
a metric as a line whose points are coloured by RAG, the target as a dashed line, axes and
period labels."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from bscp_monitor.common.enums import MetricUnit, Rag
from bscp_monitor.meetings.metric_periods import format_value

#: Strong colours for points (the table cells use pale fills with dark text).
POINT_COLOURS = {Rag.RED: "#c62828", Rag.AMBER: "#e0a100", Rag.GREEN: "#2e7d32"}
NO_RAG = "#5a6470"
LINE = "#1f3a5f"
AXIS = "#5a6470"
GRID = "#e3e7ec"
TARGET = "#37474f"
#: The chart shows at most this many of the latest periods.
MAX_POINTS = 24


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float
    rag: Rag | None


def nice_ticks(low: float, high: float, count: int = 5, whole: bool = False) -> list[float]:
    """Round tick values covering low..high (about ``count`` of them); ``whole`` numbers only
    for counts."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    if whole:
        step = max(step, 1)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


class TrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[ChartPoint] = []
        self._target: float | None = None
        self._unit = MetricUnit.COUNT
        self._title = ""
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Trend chart")

    # -- data --------------------------------------------------------------------------------

    def set_data(
        self,
        points: list[ChartPoint],
        target: float | None,
        unit: MetricUnit,
        title: str = "",
    ) -> None:
        """``points`` oldest first; only the latest MAX_POINTS are drawn."""
        self._points = list(points)[-MAX_POINTS:]
        self._target = target
        self._unit = unit
        self._title = title
        described = ", ".join(
            f"{p.label}: {format_value(p.value, unit)}"
            + (f" ({p.rag.value})" if p.rag is not None else "")
            for p in self._points
        )
        self.setAccessibleDescription(
            f"{title}. " + (described or "No values recorded yet.")
            + (f" Target {format_value(target, unit)}." if target is not None else "")
        )  # fmt: skip
        self.update()

    def clear(self) -> None:
        self.set_data([], None, MetricUnit.COUNT)

    def points(self) -> list[ChartPoint]:
        return list(self._points)

    def target(self) -> float | None:
        return self._target

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, 240)

    # -- geometry ----------------------------------------------------------------------------

    def value_range(self) -> tuple[float, float]:
        values = [p.value for p in self._points]
        if self._target is not None:
            values.append(self._target)
        if not values:
            return 0.0, 1.0
        if self._unit is MetricUnit.PERCENTAGE:
            return 0.0, 100.0
        low, high = min(0.0, *values), max(values)
        return low, high + max((high - low) * 0.1, 1.0)

    def _plot_rect(self, metrics: QFontMetrics, labels: list[str]) -> QRectF:
        left = max(metrics.horizontalAdvance(t) for t in labels) + 14 if labels else 40
        top = metrics.height() * 2 + 8
        bottom = metrics.height() + 12
        return QRectF(
            left, top, max(self.width() - left - 18, 10), max(self.height() - top - bottom, 10)
        )

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        font = QFont(self.font())
        painter.setFont(font)
        fm = QFontMetrics(font)
        if self._title:
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor(LINE))
            painter.drawText(QPointF(8, fm.ascent() + 4), self._title)
            painter.setFont(font)
        if not self._points:
            painter.setPen(QColor(AXIS))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No values recorded yet")
            painter.end()
            return

        low, high = self.value_range()
        ticks = nice_ticks(low, high, whole=self._unit is MetricUnit.COUNT)
        if self._unit is MetricUnit.PERCENTAGE:
            ticks = [t for t in ticks if 0 <= t <= 100] or ticks
        low, high = min(ticks[0], low), max(ticks[-1], high)
        tick_labels = [format_value(t, self._unit) for t in ticks]
        plot = self._plot_rect(fm, tick_labels)

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        n = len(self._points)
        step = plot.width() / n

        def x_of(i: int) -> float:
            return plot.left() + step * (i + 0.5)

        # grid and y axis labels
        for tick, text in zip(ticks, tick_labels, strict=True):
            y = y_of(tick)
            painter.setPen(QPen(QColor(GRID), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(AXIS))
            painter.drawText(
                QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        painter.setPen(QPen(QColor(AXIS), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        # x labels, thinned so they never overlap
        widest = max(fm.horizontalAdvance(p.label) for p in self._points) + 10
        every = max(1, math.ceil(widest / step))
        for i, point in enumerate(self._points):
            if (n - 1 - i) % every:
                continue  # keep the newest label
            x = x_of(i)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.drawText(
                QRectF(x - widest / 2, plot.bottom() + 5, widest, fm.height()),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                point.label,
            )

        # target
        if self._target is not None:
            y = y_of(self._target)
            pen = QPen(QColor(TARGET), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        self._legend(painter, fm, plot)

        # values
        positions = [QPointF(x_of(i), y_of(p.value)) for i, p in enumerate(self._points)]
        painter.setPen(QPen(QColor(LINE), 2))
        for a, b in zip(positions, positions[1:], strict=False):
            painter.drawLine(a, b)
        radius = 5.0
        for point, at in zip(self._points, positions, strict=True):
            colour = POINT_COLOURS.get(point.rag, NO_RAG) if point.rag else NO_RAG
            painter.setPen(QPen(QColor("#ffffff"), 1.5))
            painter.setBrush(QColor(colour))
            painter.drawEllipse(at, radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.end()

    def _legend(self, painter: QPainter, fm: QFontMetrics, plot: QRectF) -> None:
        """Top right: what the dashed line and the point colours mean."""
        y = fm.height() + fm.ascent() + 2
        items: list[tuple[str, str | None]] = [
            ("Green", POINT_COLOURS[Rag.GREEN]),
            ("Amber", POINT_COLOURS[Rag.AMBER]),
            ("Red", POINT_COLOURS[Rag.RED]),
        ]
        x = plot.right()
        if self._target is not None:
            text = f"Target {format_value(self._target, self._unit)}"
            x -= fm.horizontalAdvance(text)
            painter.setPen(QColor(TARGET))
            painter.drawText(QPointF(x, y), text)
            x -= 26
            painter.setPen(QPen(QColor(TARGET), 1.5, Qt.PenStyle.DashLine))
            mid = y - fm.ascent() / 2 + 1
            painter.drawLine(QPointF(x, mid), QPointF(x + 20, mid))
            x -= 14
        for text, colour in reversed(items):
            x -= fm.horizontalAdvance(text)
            painter.setPen(QColor(AXIS))
            painter.drawText(QPointF(x, y), text)
            x -= 12
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QPointF(x + 4, y - fm.ascent() / 2 + 1), 4, 4)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            x -= 10
