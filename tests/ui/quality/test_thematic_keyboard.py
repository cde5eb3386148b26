"""Thematic checks page (S6) from the keyboard: Enter does what a double-click does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from bscp_monitor.data.enums import RiskLevel
from bscp_monitor.meetings import thematic_checks
from bscp_monitor.ui.quality.thematic_dialog import OutcomeDialog
from bscp_monitor.ui.quality.thematic_view import ThematicView
from tests.registers import make_contract


@pytest.fixture
def view(qtbot, store):
    page = ThematicView(store)
    qtbot.addWidget(page)
    page.resize(1190, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_enter_on_a_check_opens_record_outcome(view, store, monkeypatch):
    """Double-clicking a check opens "Record outcome…". A keyboard user who selects the
    overdue check and presses Enter gets nothing (only doubleClicked is connected)."""
    cid = make_contract(store, risk_level=RiskLevel.HIGH)
    thematic_checks.plan_check(store, cid, "Neglect", date.today() - timedelta(days=2))
    view.refresh()
    opened: list[int] = []
    monkeypatch.setattr(
        OutcomeDialog, "exec", lambda self: opened.append(1) or QDialog.DialogCode.Rejected
    )
    view.checks_table.setFocus()
    view.checks_table.selectRow(0)
    QTest.keyClick(view.checks_table, Qt.Key.Key_Return)
    assert opened, "Enter on a check did nothing"


def test_enter_on_a_schedule_row_shows_that_contracts_checks(view, store):
    """The schedule's tooltip says "Double-click a contract to show its checks below". With
    the keyboard, selecting contract B-2 in the schedule and pressing Enter does nothing:
    the checks stay filtered to all contracts."""
    make_contract(store, "A-1", provider="Provider A")
    b = make_contract(store, "B-2", provider="Provider B")
    view.refresh()
    view.schedule_table.setFocus()
    row = view.schedule_model.row_of(b)
    view.schedule_table.setCurrentIndex(view.schedule_model.index(row, 0))
    QTest.keyClick(view.schedule_table, Qt.Key.Key_Return)
    assert view.contract_filter.currentData() == b
