"""A date field shown and typed as dd/mm/yyyy, with a calendar picker, that may be empty."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

#: The lowest date stands for "no date"; it shows as the special value text.
_EMPTY = QDate(1900, 1, 1)


class DateEdit(QDateEdit):
    """``value()`` is a ``date`` or None (when ``optional`` and left empty)."""

    value_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, optional: bool = False) -> None:
        super().__init__(parent)
        self._optional = optional
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMaximumDate(QDate(2200, 12, 31))
        if optional:
            self.setMinimumDate(_EMPTY)
            self.setSpecialValueText("No date")
            self.setDate(_EMPTY)
        else:
            self.setMinimumDate(QDate(1901, 1, 1))
            self.setDate(QDate.currentDate())
        self.calendarWidget().setFirstDayOfWeek(self.calendarWidget().firstDayOfWeek().Monday)
        self.calendarWidget().setGridVisible(True)
        self.dateChanged.connect(lambda _d: self.value_changed.emit(self.value()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # An empty field shows "No date", which typed digits cannot edit (Qt would drop them
        # and keep no date, silently). The first digit starts from a date with the day
        # selected, so typing 31012027 gives 31/01/2027 as in any other date field: this
        # month, or the next if this one has no 31st (Qt checks the day against the month
        # shown while the day is typed).
        if self._optional and self.date() == _EMPTY and event.text().isdigit():
            start = QDate.currentDate()
            start = QDate(start.year(), start.month(), 1)
            if start.daysInMonth() < 31:
                start = start.addMonths(1)
            self.setDate(start)
            self.setSelectedSection(QDateTimeEdit.Section.DaySection)
        super().keyPressEvent(event)

    def value(self) -> date | None:
        qdate = self.date()
        if self._optional and qdate == _EMPTY:
            return None
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(_EMPTY if self._optional else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def clear_value(self) -> None:
        if self._optional:
            self.setDate(_EMPTY)
