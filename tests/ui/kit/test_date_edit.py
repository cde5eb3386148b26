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


SPELLINGS = ["07/01/2027", "7/1/27", "07012027", "7 Jan 2027", "7 January 2027", "7.1.2027"]


@pytest.mark.parametrize("optional", [False, True])
@pytest.mark.parametrize("typed", SPELLINGS)
def test_dates_typed_as_people_write_them(qtbot, typed: str, optional: bool) -> None:
    field = DateEdit(optional=optional)
    qtbot.addWidget(field)
    field.set_value(date(2026, 3, 15))
    field.show()
    qtbot.waitExposed(field)
    field.setFocus()
    QTest.keyClicks(field, typed)
    assert field.text() == typed  # shown as typed, not forced into the sections
    QTest.keyClick(field, Qt.Key.Key_Tab)
    assert field.value() == date(2027, 1, 7)
    assert field.text() == "07/01/2027"
    assert field.problem == ""


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2027", "February 2027 has 28 days"),
        ("7/13/2027", "there is no month 13"),
        ("7 Foo 2027", "type it day first"),
    ],
)
def test_an_impossible_date_says_so_and_keeps_the_value(qtbot, typed: str, said: str) -> None:
    field = DateEdit()
    qtbot.addWidget(field)
    field.set_value(date(2026, 3, 15))
    field.show()
    qtbot.waitExposed(field)
    field.setFocus()
    with qtbot.waitSignal(field.rejected) as rejected:
        QTest.keyClicks(field, typed)
        QTest.keyClick(field, Qt.Key.Key_Return)
    assert said in rejected.args[0]
    assert said in field.problem
    assert field.value() == date(2026, 3, 15)
    assert field.text() == "15/03/2026"


def test_escape_drops_the_typing_and_arrows_still_step(qtbot) -> None:
    field = DateEdit()
    qtbot.addWidget(field)
    field.set_value(date(2026, 3, 15))
    field.show()
    qtbot.waitExposed(field)
    field.setFocus()
    QTest.keyClicks(field, "01/0")
    QTest.keyClick(field, Qt.Key.Key_Escape)
    assert field.value() == date(2026, 3, 15)
    field.setSelectedSection(DateEdit.Section.DaySection)
    QTest.keyClick(field, Qt.Key.Key_Up)
    assert field.value() == date(2026, 3, 16)


def test_schedule_dialog_takes_a_date_typed_with_slashes(qtbot, store) -> None:
    from bscp_monitor.ui.meetings.schedule_dialog import ScheduleMeetingDialog
    from tests.registers import make_contract

    dialog = ScheduleMeetingDialog(store, make_contract(store))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date_edit.setFocus()
    QTest.keyClicks(dialog.date_edit, "07/01/2027")
    QTest.keyClick(dialog.date_edit, Qt.Key.Key_Tab)
    assert dialog.date_edit.text() == "07/01/2027"
    assert dialog.date_edit.value() == date(2027, 1, 7)
