"""The Dashboard's quick cell painter draws exactly what QStyledItemDelegate draws from the
models' data(), with the app's style sheet and without it: the colours, words, bold,
alignment, padding and elision of every cell, and the selected and current cells."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QTableView

from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.store import Store
from bscp_monitor.ui import app as app_module
from bscp_monitor.ui.dashboard.dashboard_view import DashboardView
from bscp_monitor.ui.kit.cell_painter import CellPainter


@pytest.fixture(params=["app style sheet", "no style sheet"])
def styled(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[None]:
    before = qapp.styleSheet()
    qapp.setStyleSheet(app_module.load_style() if request.param == "app style sheet" else "")
    yield
    qapp.setStyleSheet(before)


def _painted(table: QTableView) -> QImage:
    return table.viewport().grab().toImage()


def _compare(table: QTableView) -> None:
    quick = _painted(table)
    assert isinstance(table.itemDelegate(), CellPainter)
    table.setItemDelegate(QStyledItemDelegate(table))
    plain = _painted(table)
    assert quick.size() == plain.size()
    assert quick == plain, "the quick painter differs from QStyledItemDelegate"


def test_each_cell_is_painted_as_the_style_would(
    qtbot, demo_store: Store, today: date, styled: None
) -> None:
    # A long title, so a cell is elided; an accent and an apostrophe in the text.
    record = contracts.find_contract(demo_store, "ECHS-SB-0305")
    assert record is not None
    contracts.update_contract(
        demo_store, record.id, title="Short Breaks for Disabled Children — Évreux d'été " * 3
    )
    view = DashboardView(demo_store, today=today)
    qtbot.addWidget(view)
    view.resize(1190, 700)
    view.show()
    qtbot.waitExposed(view)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(1, 4))  # selected and current
    view.alerts.setCurrentIndex(view.alerts_model.index(2, 1))  # a selected row
    _compare(view.table)
    _compare(view.alerts)
