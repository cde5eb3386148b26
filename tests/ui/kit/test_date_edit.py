"""The date field: dd/mm/yyyy, optional ones start as "No date", and a date typed on the
keyboard into an empty optional field is the date typed (Qt used to drop the digits and keep
no date, without a word: an action raised with a typed due date had none)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bscp_monitor.ui.kit.date_edit import DateEdit


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31012027", date(2027, 1, 31)),  # a 31st, whatever this month is
        ("15062027", date(2027, 6, 15)),
    ],
)
def test_a_date_typed_into_an_empty_optional_field(qtbot, typed: str, expected: date) -> None:
    field = DateEdit(optional=True)
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    assert field.value() is None
    assert field.text() == "No date"
    field.setFocus()
    QTest.keyClicks(field, typed)
    QTest.keyClick(field, Qt.Key.Key_Tab)
    assert field.value() == expected
    assert field.text() == expected.strftime("%d/%m/%Y")


def test_an_optional_field_can_be_set_and_cleared(qtbot) -> None:
    field = DateEdit(optional=True)
    qtbot.addWidget(field)
    field.set_value(date(2026, 12, 25))
    assert field.value() == date(2026, 12, 25)
    field.clear_value()
    assert field.value() is None
