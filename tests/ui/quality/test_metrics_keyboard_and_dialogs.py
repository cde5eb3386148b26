"""Metrics page (S5): Enter on a metric, Delete only for a metric without values, Add from the
library only when there is something to add, and a typed value kept across periods."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from bscp_monitor.data.enums import MetricFrequency
from bscp_monitor.meetings import metrics
from bscp_monitor.meetings.metric_periods import period_start, previous_period
from bscp_monitor.meetings.metric_rules import METRIC_LIBRARY
from bscp_monitor.ui.quality.metric_dialog import LibraryDialog, RecordValueDialog
from bscp_monitor.ui.quality.metrics_view import MetricsView
from tests.registers import make_contract


@pytest.fixture
def view(qtbot, store):
    make_contract(store)
    page = MetricsView(store)
    qtbot.addWidget(page)
    page.resize(1180, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_delete_confirmation_does_not_claim_a_metric_with_values_has_none(view, store, monkeypatch):
    """A manager selects "Waiting list", which already has a recorded value, and presses
    Delete. The button is enabled and the confirmation says "It has no values yet." -- which
    is false; after answering Yes they are told it cannot be deleted because it has a value.
    The app should not assert something untrue (and should not offer the delete at all, as
    the button's own tooltip says only a metric with no values can be deleted)."""
    m = metrics.add_from_library(store, view.contract_id(), "Waiting list")
    metrics.record_value(store, m.id, period_start(MetricFrequency.MONTHLY, date.today()), 3)
    view.refresh()
    assert view.selected_metric().entry_count == 1
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    view.delete_selected()
    assert not asked or "no values yet" not in asked[0], asked


def test_enter_on_a_metric_records_its_value_like_double_click(view, store, monkeypatch):
    """Double-clicking a metric opens "Record value…" (or computes a computed one). A
    keyboard user who selects the metric and presses Enter gets nothing: the table only
    listens to doubleClicked, not activated (the Dashboard does handle Enter)."""
    metrics.add_from_library(store, view.contract_id(), "Waiting list")
    view.refresh()
    opened: list[int] = []
    monkeypatch.setattr(
        RecordValueDialog, "exec", lambda self: opened.append(1) or QDialog.DialogCode.Rejected
    )
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    assert opened, "Enter on a metric did nothing"


def test_library_add_button_disabled_when_nothing_left_to_add(qtbot, store):
    """When a contract already has every library metric, "Add metrics from the library"
    says so, but its Add button is still enabled; pressing it only scolds "Tick the metrics
    to add" although there is nothing to tick. An action that cannot work should be off."""
    cid = make_contract(store)
    for entry in METRIC_LIBRARY:
        metrics.add_from_library(store, cid, entry.name)
    dialog = LibraryDialog(None, store, cid)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 0
    assert not dialog.add_button.isEnabled()


def test_a_typed_value_survives_looking_at_another_period(qtbot, store):
    """Recording "Waiting list": the manager types 7 for the offered period (empty), then
    looks at the month before (which already has 4) and comes back. The 7 they typed is
    gone: the box is empty. The dialog's own rule is that a value the user typed stays while
    they choose the period; looking at a filled period should not wipe it."""
    cid = make_contract(store)
    m = metrics.add_from_library(store, cid, "Waiting list")
    this = period_start(MetricFrequency.MONTHLY, date.today())
    last = previous_period(MetricFrequency.MONTHLY, this)
    earlier = previous_period(MetricFrequency.MONTHLY, last)
    metrics.record_value(store, m.id, earlier, 4)
    dialog = RecordValueDialog(None, store, metrics.get_metric(store, m.id))
    qtbot.addWidget(dialog)
    assert dialog.period() == last
    dialog.value_edit.setText("7")
    dialog.set_period(earlier)
    dialog.set_period(last)
    assert dialog.value_edit.text() == "7"
