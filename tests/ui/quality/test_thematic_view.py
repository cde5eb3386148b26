"""The Thematic checks page: its models, the schedule by risk, and planning, recording and
raising follow-up actions through its dialogs."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester

from bscp_monitor.common.dates import add_months, format_date
from bscp_monitor.common.settings import thematic_interval_months
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.enums import Rag, RiskLevel
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, thematic_checks
from bscp_monitor.ui.kit.display import AMBER, GREEN, RED
from bscp_monitor.ui.quality.thematic_dialog import FollowUpActionDialog, OutcomeDialog
from bscp_monitor.ui.quality.thematic_model import CheckCol, ChecksModel, ScheduleCol, ScheduleModel
from bscp_monitor.ui.quality.thematic_view import ThematicView

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


def _contract(store: Store, reference: str, risk: RiskLevel = RiskLevel.HIGH) -> int:
    provider_id = create_provider(store, f"Provider {reference}").id
    return create_contract(
        store,
        reference=reference,
        title=f"Service {reference}",
        provider_id=provider_id,
        start_date=date(2022, 4, 1),
        end_date=date(2031, 3, 31),
        risk_level=risk,
    ).id


def _view(qtbot, store: Store) -> ThematicView:
    view = ThematicView(store)
    qtbot.addWidget(view)
    view.resize(1190, 700)
    view.show()
    return view


def _schedule_row(view: ThematicView, reference: str) -> int:
    model = view.schedule_model
    return next(
        row
        for row in range(model.rowCount())
        if model.index(row, ScheduleCol.CONTRACT).data() == reference
    )


def _cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, column).data(role)


def test_models_pass_the_item_model_tester(qtbot, demo_store: Store) -> None:
    schedule = ScheduleModel()
    QAbstractItemModelTester(schedule, FATAL)
    schedule.set_records(thematic_checks.schedule(demo_store))
    assert schedule.rowCount() == 4
    schedule.sort(ScheduleCol.STATE, Qt.SortOrder.DescendingOrder)
    schedule.set_records([])

    contract_id = thematic_checks.schedule(demo_store)[0].contract_id
    before = len(thematic_checks.list_checks(demo_store))  # the demo may hold some
    for theme in ("Neglect", "Exploitation", "Own theme"):
        thematic_checks.plan_check(demo_store, contract_id, theme, date.today())
    checks = ChecksModel()
    QAbstractItemModelTester(checks, FATAL)
    checks.set_records(thematic_checks.list_checks(demo_store))
    assert checks.rowCount() == before + 3
    for column in range(checks.columnCount()):
        checks.sort(column, Qt.SortOrder.AscendingOrder)
    checks.set_records([])

    view = _view(qtbot, demo_store)
    QAbstractItemModelTester(view.proxy, FATAL)
    QAbstractItemModelTester(view.schedule_model, FATAL)
    view.theme_filter.setCurrentIndex(view.theme_filter.findData("Own theme"))
    assert view.proxy.rowCount() == 1
    view.refresh()


def test_schedule_shows_overdue_for_high_risk_checked_seven_months_ago(qtbot, store: Store) -> None:
    high = _contract(store, "HIGH-1", RiskLevel.HIGH)
    low = _contract(store, "LOW-1", RiskLevel.LOW)
    seven_months_ago = add_months(date.today(), -7)
    for contract_id in (high, low):
        check = thematic_checks.plan_check(store, contract_id, "Neglect", seven_months_ago)
        thematic_checks.record_outcome(store, check.id, seven_months_ago, "Found", Rag.AMBER)
    view = _view(qtbot, store)
    model = view.schedule_model
    row = _schedule_row(view, "HIGH-1")
    assert _cell(model, row, ScheduleCol.RISK) == "High"
    assert _cell(model, row, ScheduleCol.INTERVAL) == "every 6 months"
    assert _cell(model, row, ScheduleCol.LAST_DONE) == format_date(seven_months_ago)
    assert _cell(model, row, ScheduleCol.NEXT_DUE) == format_date(add_months(seven_months_ago, 6))
    assert _cell(model, row, ScheduleCol.STATE) == "Overdue"
    background = _cell(model, row, ScheduleCol.STATE, Qt.ItemDataRole.BackgroundRole)
    assert background.color() == QColor(RED[0])
    assert "was due on" in _cell(model, row, ScheduleCol.STATE, Qt.ItemDataRole.ToolTipRole)
    low_row = _schedule_row(view, "LOW-1")
    assert _cell(model, low_row, ScheduleCol.INTERVAL) == "every 24 months"
    assert _cell(model, low_row, ScheduleCol.STATE) == "On schedule"
    low_background = _cell(model, low_row, ScheduleCol.STATE, Qt.ItemDataRole.BackgroundRole)
    assert low_background.color() == QColor(GREEN[0])
    assert "1 overdue" in view.schedule_summary.text()


def test_due_soon_is_amber(qtbot, store: Store) -> None:
    contract_id = _contract(store, "MED-1", RiskLevel.MEDIUM)
    done = add_months(date.today() + timedelta(days=10), -12)  # due in ten days
    check = thematic_checks.plan_check(store, contract_id, "Neglect", done)
    thematic_checks.record_outcome(store, check.id, done, "Found", Rag.GREEN)
    view = _view(qtbot, store)
    row = _schedule_row(view, "MED-1")
    assert _cell(view.schedule_model, row, ScheduleCol.STATE) == "Due soon"
    background = _cell(view.schedule_model, row, ScheduleCol.STATE, Qt.ItemDataRole.BackgroundRole)
    assert background.color() == QColor(AMBER[0])


def test_interval_spin_boxes_change_the_schedule(qtbot, store: Store) -> None:
    _contract(store, "HIGH-1", RiskLevel.HIGH)
    view = _view(qtbot, store)
    assert [view.interval_spins[r].value() for r in ("high", "medium", "low")] == [6, 12, 24]
    view.interval_spins["high"].setValue(3)
    assert thematic_interval_months(store)["high"] == 3
    row = _schedule_row(view, "HIGH-1")
    assert _cell(view.schedule_model, row, ScheduleCol.INTERVAL) == "every 3 months"
    assert _cell(view.schedule_model, row, ScheduleCol.NEXT_DUE) == "01/07/2022"


def test_plan_record_and_raise_through_the_dialogs(qtbot, store: Store, db_path: Path) -> None:
    contract_id = _contract(store, "ECHS-DA-0221")
    view = _view(qtbot, store)
    assert view.empty_label.isVisible()
    assert "No thematic checks yet" in view.empty_label.text()

    plan = view.plan_dialog()
    qtbot.addWidget(plan)
    assert not plan.submit()  # no contract chosen
    assert not plan.error.isHidden()
    assert "contract" in plan.error.text()
    plan.contract_combo.setCurrentIndex(plan.contract_combo.findData(contract_id))
    assert not plan.submit()  # no theme
    assert "theme" in plan.error.text()
    plan.theme_combo.setEditText("Voice of the child")
    planned_on = date.today() - timedelta(days=3)
    plan.planned_edit.set_value(planned_on)
    plan.scope_edit.setPlainText("Five case files")
    assert plan.submit()
    check = plan.result_record
    assert check is not None
    view._after(check)
    assert view.checks_model.total_count() == 1
    assert view.selected() is not None
    assert view.selected().id == check.id
    assert not view.empty_label.isVisible()
    row = view.proxy.mapFromSource(view.checks_model.index(0, 0)).row()
    assert _cell(view.proxy, row, CheckCol.STATUS) == "Overdue"  # planned, date passed
    assert "planned and overdue" in view.count.text()

    outcome = OutcomeDialog(view, store, view.selected())
    qtbot.addWidget(outcome)
    outcome.findings_edit.setPlainText("Children's views recorded in four of five files.")
    assert not outcome.submit()  # no rating
    assert "red, amber or green" in outcome.error.text()
    outcome.rag_combo.setCurrentIndex(outcome.rag_combo.findData("amber"))
    outcome.done_edit.set_value(date.today() - timedelta(days=1))
    assert outcome.submit()
    view._after(outcome.result_record)
    assert _cell(view.proxy, row, CheckCol.STATUS) == "Done"
    assert _cell(view.proxy, row, CheckCol.RAG) == "Amber"
    assert _cell(view.proxy, row, CheckCol.FINDINGS).startswith("Children's views")

    follow_up = FollowUpActionDialog(view, store, view.selected())
    qtbot.addWidget(follow_up)
    assert not follow_up.submit()
    assert "Describe the action" in follow_up.error.text()
    follow_up.description_edit.setPlainText("Add direct work to the last file")
    follow_up.owner_edit.setText("Jo Bloggs")
    follow_up.organisation_edit.setText("Provider")
    follow_up.due_edit.set_value(date.today() + timedelta(days=30))
    assert follow_up.submit()
    view._after(view.selected())
    assert _cell(view.proxy, row, CheckCol.ACTIONS) == "1 open of 1"
    (action,) = actions.list_actions(store)
    assert (action.contract_id, action.meeting_id) == (contract_id, None)
    assert action.agenda_item_title == "Thematic check: Voice of the child"

    edit = view.edit_dialog(view.selected())
    qtbot.addWidget(edit)
    assert not edit.contract_combo.isEnabled()
    edit.scope_edit.setPlainText("Six case files")
    assert edit.submit()
    assert edit.result_record is not None
    assert edit.result_record.scope == "Six case files"

    reopened = Store.open(db_path)
    try:
        again = _view(qtbot, reopened)
        assert again.checks_model.total_count() == 1
        (record,) = again.checks_model.records()
        assert (record.theme, record.scope, record.rag) == (
            "Voice of the child",
            "Six case files",
            Rag.AMBER,
        )
        assert record.done_on == date.today() - timedelta(days=1)
        assert record.total_actions == 1
        row = _schedule_row(again, "ECHS-DA-0221")
        assert _cell(again.schedule_model, row, ScheduleCol.STATE) == "On schedule"
        assert actions.list_actions(reopened)[0].description == "Add direct work to the last file"
    finally:
        again.deleteLater()
        reopened.close()


def test_outcome_dialog_refuses_a_future_date_inline(qtbot, store: Store) -> None:
    contract_id = _contract(store, "X-1")
    check = thematic_checks.plan_check(store, contract_id, "Neglect", date.today())
    dialog = OutcomeDialog(None, store, check)
    qtbot.addWidget(dialog)
    dialog.done_edit.setMaximumDate(dialog.done_edit.maximumDate().addDays(5))
    dialog.done_edit.set_value(date.today() + timedelta(days=2))
    dialog.findings_edit.setPlainText("Found")
    dialog.rag_combo.setCurrentIndex(0)
    assert not dialog.submit()
    assert "future" in dialog.error.text()
    assert thematic_checks.get_check(store, check.id).done_on is None


def test_filters_and_the_schedule_lead_to_a_contracts_checks(qtbot, store: Store) -> None:
    first = _contract(store, "A-1")
    second = _contract(store, "B-2")
    thematic_checks.plan_check(store, first, "Neglect", date.today())
    thematic_checks.plan_check(store, second, "Neglect", date.today())
    thematic_checks.plan_check(store, second, "Exploitation", date.today())
    view = _view(qtbot, store)
    assert view.proxy.rowCount() == 3
    view.show_contract(second)
    assert view.proxy.rowCount() == 2
    assert "Showing 2 of 3 checks" in view.count.text()
    view.theme_filter.setCurrentIndex(view.theme_filter.findData("Exploitation"))
    assert view.proxy.rowCount() == 1
    plan = view.plan_dialog()  # offers the filtered contract
    qtbot.addWidget(plan)
    assert plan.contract_combo.currentData() == second
    view.show_contract(first)  # of every theme again
    assert view.theme_filter.currentData() == ""
    assert view.proxy.rowCount() == 1
    view.theme_filter.setCurrentIndex(view.theme_filter.findData("Exploitation"))
    assert view.proxy.rowCount() == 0
    assert view.empty_label.isVisible()
    assert "match" in view.empty_label.text()
    row = _schedule_row(view, "A-1")
    view._schedule_activated(view.schedule_model.index(row, 0))
    assert view.contract_filter.currentData() == first


def test_no_contracts_is_said_honestly(qtbot, store: Store) -> None:
    view = _view(qtbot, store)
    assert "No live contracts" in view.schedule_summary.text()
    assert "No contracts yet" in view.empty_label.text()
    assert not view.plan_button.isEnabled()
    assert not view.outcome_button.isEnabled()


@pytest.mark.parametrize("section", ["Thematic checks"])
def test_main_window_builds_the_page(qtbot, store: Store, tmp_path: Path, section: str) -> None:
    from PySide6.QtCore import QSettings

    from bscp_monitor.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)
    assert isinstance(window.page(section), ThematicView)
