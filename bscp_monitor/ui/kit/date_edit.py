"""A date field shown as dd/mm/yyyy, with a calendar picker, that may be empty.

Dates are typed as people write them ("07/01/2027", "7/1/27", "07012027", "7 Jan 2027"):
the first character typed starts a free-typed date, read when the field is left (Tab,
Enter, focus elsewhere). An impossible date says so beside the field and the field keeps
its previous value. The arrow keys and the calendar work as in any date field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QDateEdit, QToolTip, QWidget

from bscp_monitor.common.dates import DateFormatError
from bscp_monitor.common.typed_dates import parse_typed_date

#: The lowest date stands for "no date"; it shows as the special value text.
_EMPTY = QDate(1900, 1, 1)
_COMMIT_KEYS = {
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


class DateEdit(QDateEdit):
    """``value()`` is a ``date`` or None (when ``optional`` and left empty)."""

    value_changed = Signal(object)
    #: A typed date that is not a date: the message shown (the value is unchanged).
    rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None, optional: bool = False) -> None:
        super().__init__(parent)
        self._optional = optional
        self._typed: str | None = None  # what is being typed, until the field is left
        self.problem = ""  # the last typed text's problem, "" once a date is taken
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMaximumDate(QDate(2200, 12, 31))
        self.setKeyboardTracking(False)
        if optional:
            self.setMinimumDate(_EMPTY)
            self.setSpecialValueText("No date")
            self.setDate(_EMPTY)
        else:
            self.setMinimumDate(QDate(1901, 1, 1))
            self.setDate(QDate.currentDate())
        self.setToolTip("Type a date (07/01/2027, 7/1/27, 07012027 or 7 Jan 2027) or pick one")
        self.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendarWidget().setGridVisible(True)
        self.dateChanged.connect(lambda _d: self.value_changed.emit(self.value()))

    # -- free typing -------------------------------------------------------------------------

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self._typed is not None:  # anything may be typed; it is read when the field is left
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        text = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if self._typed is None:
            if plain and text and text.isprintable() and not text.isspace():
                self._typed = ""
                self._type(text)
                return
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Escape:
            self._typed = None
            self._show_value()
            event.accept()
            return
        if key == Qt.Key.Key_Backspace:
            self._type(None)
            return
        if key in _COMMIT_KEYS:
            self.commit_typed()
            super().keyPressEvent(event)
            return
        if plain and text and text.isprintable():
            self._type(text)
            return
        super().keyPressEvent(event)

    def _type(self, text: str | None) -> None:
        assert self._typed is not None
        self._typed = self._typed + text if text is not None else self._typed[:-1]
        edit = self.lineEdit()
        blocked = edit.blockSignals(True)  # QDateEdit would put its own date back at once
        edit.setText(self._typed)
        edit.setCursorPosition(len(self._typed))
        edit.blockSignals(blocked)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802
        """Tab and Shift+Tab leave the field, as from any other (a date is typed whole, not
        day, month and year in turn); an empty optional date ("No date") kept Tab in it."""
        return QWidget.focusNextPrevChild(self, next)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit_typed()
        super().focusOutEvent(event)

    def commit_typed(self) -> bool:
        """Read what was typed, if anything: True if the field holds it now (or nothing was
        typed); False, with ``problem`` said beside the field, if it is not a date."""
        typed, self._typed = self._typed, None
        if typed is None:
            return True
        if not typed.strip() and self._optional:
            self.clear_value()
            self.problem = ""
            return True
        qshown = self.date()
        around = date.today() if self._is_empty() else date(qshown.year(), qshown.month(), 1)
        try:
            value = parse_typed_date(typed, around)
        except DateFormatError as exc:
            self.problem = str(exc)
            self._show_value()
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), self.problem, self)
            self.rejected.emit(self.problem)
            return False
        self.problem = ""
        self.set_value(value)
        self._show_value()
        return True

    def _show_value(self) -> None:
        """The line edit shows the field's value again (after free typing)."""
        self.lineEdit().setText(
            self.textFromDateTime(self.dateTime())
            if not self._is_empty()
            else self.specialValueText()
        )

    def _is_empty(self) -> bool:
        return self._optional and self.date() == _EMPTY

    # -- value ---------------------------------------------------------------------------

    def value(self) -> date | None:
        if self._typed is not None:  # read before the field is left (a shortcut, a test)
            self.commit_typed()
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
