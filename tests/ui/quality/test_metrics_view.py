"""The Metrics page, its dialogs and trend chart, and the metric values of a meeting's
'Performance and metrics' item (issue 5, points 1 and 2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import (
    AgendaKind,
    BarredList,
    ContactLevel,
    DbsLevel,
    MetricDirection,
    MetricFrequency,
    MetricUnit,
    Rag,
)
from bscp_monitor.data.models import DbsCheck, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings, metrics
from bscp_monitor.meetings import minuted_metrics as meeting_metrics
from bscp_monitor.meetings.metric_periods import period_start, reporting_period
from bscp_monitor.ui.kit.charts import ChartPoint, TrendChart, nice_ticks
from bscp_monitor.ui.main_window import SECTIONS, MainWindow
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow
from bscp_monitor.ui.quality.metric_dialog import LibraryDialog, MetricDialog, RecordValueDialog
from bscp_monitor.ui.quality.metrics_model import HistoryModel, MetricsModel
from bscp_monitor.ui.quality.metrics_view import MetricsView

LONDON = ZoneInfo("Europe/London")
DBS_NAME = "% of contact staff with an in-date enhanced DBS"


@pytest.fixture
def contract_id(store: Store) -> int:
    provider = providers.create_provider(store, "Barnardo's")
    return contracts.create_contract(
        store,
        reference="ECHS-CSE-0114",
        title="CSE Recovery Service",
        provider_id=provider.id,
        start_date=date(2024, 10, 1),
        end_date=date(2030, 9, 30),
    ).id


@pytest.fixture
def view(qtbot, store: Store, contract_id: int) -> MetricsView:
    page = MetricsView(store)
    qtbot.addWidget(page)
    page.resize(1180, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _accept_with(monkeypatch: pytest.MonkeyPatch, cls: type, fill) -> None:
    def run(dialog: QDialog) -> int:
        fill(dialog)
        return QDialog.DialogCode.Accepted if dialog.submit() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(cls, "exec", run)


def test_the_page_is_in_the_main_window(qtbot, store: Store, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)
    window.show_section(SECTIONS.index("Metrics"))
    assert isinstance(window.stack.currentWidget(), MetricsView)


def test_empty_states(view: MetricsView) -> None:
    assert "no metrics yet" in view.note.text()
    assert view.library_button.isEnabled()
    assert not view.record_button.isEnabled()
    assert view.chart.points() == []


def test_no_contract_yet(qtbot, tmp_path) -> None:
    other = Store.open(tmp_path / "empty.sqlite3")
    try:
        page = MetricsView(other)
        qtbot.addWidget(page)
        assert page.contract_id() is None
        assert "no contract yet" in page.note.text()
        assert not page.library_button.isEnabled()
        assert not page.new_button.isEnabled()
    finally:
        other.close()


def test_add_from_library_then_record_a_value_and_see_its_rag(
    store: Store, contract_id: int, view: MetricsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pick(dialog: LibraryDialog) -> None:
        assert "Waiting list" in dialog.names()
        assert DBS_NAME in dialog.names()
        dialog.choose("Waiting list", DBS_NAME)

    _accept_with(monkeypatch, LibraryDialog, pick)
    view.library_button.click()
    assert [m.name for m in view.model.records()] == [DBS_NAME, "Waiting list"]
    # the library offers only what the contract lacks
    assert "Waiting list" not in LibraryDialog(view, store, contract_id).names()

    # a computed metric cannot be typed
    assert view.select_metric(view.model.records()[0].id)
    assert not view.record_button.isEnabled()
    assert "computed from the DBS register" in view.record_button.toolTip()
    assert view.compute_button.isEnabled()
    assert view.model.data(view.model.index(0, 7)) == "Yes — DBS register"

    waiting = view.model.records()[1]
    assert view.select_metric(waiting.id)
    assert view.record_button.isEnabled()
    assert not view.compute_button.isEnabled()
    last_month = period_start(MetricFrequency.MONTHLY, date.today().replace(day=1) - timedelta(1))

    def type_value(dialog: RecordValueDialog) -> None:
        assert dialog.period() == last_month  # the last whole period by default
        QTest.keyClicks(dialog.value_edit, "12")
        assert dialog.rag_label.text() == "Red"

    _accept_with(monkeypatch, RecordValueDialog, type_value)
    view.record_button.click()
    row = view.model.row_of(waiting.id)
    assert view.model.data(view.model.index(row, 5)) == "12"
    assert view.model.data(view.model.index(row, 6)) == "Red"
    assert view.history_model.rowCount() == 1
    assert view.history_model.data(view.history_model.index(0, 2)) == "Red"
    assert view.chart.points() == [ChartPoint(last_month.strftime("%b %y"), 12.0, Rag.RED)]
    assert view.chart.target() == 5


def test_a_bad_value_is_explained_in_the_dialog(
    qtbot, store: Store, contract_id: int, view: MetricsView
) -> None:
    record = metrics.add_from_library(store, contract_id, "Waiting list")
    dialog = RecordValueDialog(view, store, record)
    qtbot.addWidget(dialog)
    QTest.keyClicks(dialog.value_edit, "lots")
    assert dialog.submit() is False
    assert not dialog.error.isHidden()
    assert "'lots' is not a number" in dialog.error.text()
    assert metrics.entries(store, record.id) == []


def test_new_metric_dialog_shows_errors_inline(
    qtbot, store: Store, contract_id: int, view: MetricsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = MetricDialog(view, store, contract_id)
    qtbot.addWidget(dialog)
    QTest.keyClicks(dialog.name_edit, "Return home interviews within 72 hours")
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(MetricUnit.PERCENTAGE.value))
    dialog.target_edit.setText("100")
    dialog.amber_edit.setText("80")
    dialog.red_edit.setText("90")
    assert "Below the red threshold is red" in dialog.hint.text()
    assert dialog.submit() is False
    assert "red threshold (90) cannot be above the amber threshold (80)" in dialog.error.text()
    dialog.direction_combo.setCurrentIndex(1)
    assert "Above the red threshold is red" in dialog.hint.text()
    edit = MetricDialog(
        view, store, contract_id, metrics.add_from_library(store, contract_id, "Waiting list")
    )
    qtbot.addWidget(edit)
    assert edit.direction_combo.currentData() == MetricDirection.LOWER_IS_BETTER.value
    assert (edit.target_edit.text(), edit.amber_edit.text(), edit.red_edit.text()) == (
        "5",
        "5",
        "10",
    )
    edit.target_edit.setText("3")
    assert edit.submit()
    assert edit.result_record is not None
    assert edit.result_record.target == 3
    metrics.delete_metric(store, edit.result_record.id)

    def fill(d: MetricDialog) -> None:
        QTest.keyClicks(d.name_edit, "Return home interviews within 72 hours")
        d.unit_combo.setCurrentIndex(d.unit_combo.findData(MetricUnit.PERCENTAGE.value))
        d.target_edit.setText("100%")
        d.amber_edit.setText("90")
        d.red_edit.setText("80")
        d.frequency_combo.setCurrentIndex(
            d.frequency_combo.findData(MetricFrequency.QUARTERLY.value)
        )

    _accept_with(monkeypatch, MetricDialog, fill)
    view.new_button.click()
    (record,) = view.model.records()
    assert (record.target, record.amber_threshold, record.red_threshold) == (100, 90, 80)
    assert record.direction is MetricDirection.HIGHER_IS_BETTER
    assert record.frequency is MetricFrequency.QUARTERLY
    assert view.selected_metric() == record

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    assert view.delete_selected()
    assert view.model.rowCount() == 0


def test_the_models_pass_the_model_tester(store: Store, contract_id: int) -> None:
    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    metrics.add_from_library(store, contract_id, "Missing episodes")
    for day, value in ((date(2025, 1, 5), 4), (date(2025, 2, 5), 8), (date(2025, 3, 5), 11)):
        metrics.record_value(store, waiting.id, day, value)
    model = MetricsModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_records(metrics.list_metrics(store, contract_id))
    history = HistoryModel()
    QAbstractItemModelTester(history, QAbstractItemModelTester.FailureReportingMode.Fatal)
    record = metrics.get_metric(store, waiting.id)
    history.set_history(record, metrics.entries(store, waiting.id))
    assert history.rowCount() == 3
    assert [history.data(history.index(r, 0)) for r in range(3)] == [
        "March 2025", "February 2025", "January 2025"
    ]  # fmt: skip
    assert [history.data(history.index(r, 2)) for r in range(3)] == ["Red", "Amber", "Green"]
    assert model.data(model.index(1, 6)) == "No value yet"


def test_the_chart_paints_and_exposes_its_points(qtbot) -> None:
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(640, 260)
    assert not chart.grab().isNull()  # empty
    points = [
        ChartPoint(f"P{n}", value, rag)
        for n, (value, rag) in enumerate([(80, Rag.RED), (93, Rag.AMBER), (100, Rag.GREEN)] * 12)
    ]
    chart.set_data(points, 100, MetricUnit.PERCENTAGE, "DBS compliance")
    assert len(chart.points()) == 24  # the latest 24
    assert chart.points()[-1] == ChartPoint("P35", 100, Rag.GREEN)
    image = chart.grab().toImage()
    assert image.width() == 640
    # the points are drawn in their RAG colours
    colours = {image.pixelColor(x, y).name() for x in range(0, 640) for y in range(0, 260)}
    assert {"#c62828", "#e0a100", "#2e7d32"} <= colours
    assert "DBS compliance" in chart.accessibleDescription()
    chart.set_data([ChartPoint("Q1 26", 3, None)], None, MetricUnit.COUNT)
    assert not chart.grab().isNull()
    assert nice_ticks(0, 13, whole=True) == [0, 5, 10, 15]
    assert nice_ticks(0, 2.2, whole=True) == [0, 1, 2, 3]


def _contact_staff(store: Store, provider_id: int, valid: int, invalid: int) -> None:
    with store.session() as session:
        for n in range(valid + invalid):
            person = StaffMember(
                provider_id=provider_id,
                full_name=f"Worker {n}",
                normalised_name=f"worker {n}",
                contact_level=ContactLevel.DIRECT,
            )
            if n < valid:
                person.dbs_checks.append(
                    DbsCheck(
                        certificate_number=f"0012345{n:05d}",  # one each
                        level=DbsLevel.ENHANCED_BARRED,
                        barred_list=BarredList.CHILDREN,
                        expiry_date=date.today() + timedelta(days=400),
                    )
                )
            session.add(person)


def test_compute_now(store: Store, contract_id: int, view: MetricsView) -> None:
    record = metrics.add_from_library(store, contract_id, DBS_NAME)
    view.refresh()
    view.select_metric(record.id)
    assert view.compute_selected() is False
    assert "no staff in direct or regular contact" in view.error.text()
    provider_id = contracts.get_contract(store, contract_id).provider_id
    _contact_staff(store, provider_id, valid=19, invalid=1)
    assert view.compute_selected() is True
    assert not view.error.isVisible()
    assert view.model.records()[0].latest_value == 95.0
    assert view.model.data(view.model.index(0, 6)) == "Green"
    assert "95%, computed from the DBS register" in view.note.text()


# --- the meeting's performance item --------------------------------------------------------


def test_the_performance_item_records_values_for_the_meeting(
    qtbot, store: Store, contract_id: int
) -> None:
    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    dbs = metrics.add_from_library(store, contract_id, DBS_NAME)
    day = date.today() - timedelta(days=3)
    at = datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)
    meeting_id = meetings.schedule_meeting(store, contract_id, at, chair="Sarah Whitfield").id
    window = MeetingWindow(store, meeting_id)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    item = next(i for i in window.detail.items if i.kind is AgendaKind.PERFORMANCE)
    assert window.select_item(item.id)
    panel = window.editor.metrics_panel
    assert panel is not None
    row = panel.row_for(waiting.id)
    assert row.period == reporting_period(MetricFrequency.MONTHLY, day)
    assert row.edit is not None
    assert panel.row_for(dbs.id).edit is None  # computed: a button, not a box
    assert panel.row_for(dbs.id).compute_button is not None

    with qtbot.waitSignal(panel.changed):
        row.edit.setFocus()
        QTest.keyClicks(row.edit, "7")
        assert panel.save(row)
    assert row.rag_label.text() == "Amber"
    (entry,) = metrics.entries(store, waiting.id)
    assert (entry.value, entry.meeting_id, entry.period_start) == (7, meeting_id, row.period)
    values = meeting_metrics.meeting_values(store, meeting_id)
    assert [(v.metric.name, v.entry.value) for v in values] == [("Waiting list", 7)]

    row.edit.setText("seven")
    assert panel.save(row) is False
    assert "'seven' is not a number" in panel.error.text()
    row.edit.clear()
    assert panel.save(row)  # cleared: the meeting's value is removed
    assert metrics.entries(store, waiting.id) == []
    assert not panel.compute(panel.row_for(dbs.id))  # no register yet: said inline
    assert "no staff" in panel.error.text()


def test_a_contract_without_metrics_says_so_in_the_meeting(
    qtbot, store: Store, contract_id: int
) -> None:
    at = datetime(2025, 5, 6, 10, tzinfo=LONDON)
    meeting_id = meetings.schedule_meeting(store, contract_id, at).id
    window = MeetingWindow(store, meeting_id)
    qtbot.addWidget(window)
    item = next(i for i in window.detail.items if i.kind is AgendaKind.PERFORMANCE)
    window.select_item(item.id)
    panel = window.editor.metrics_panel
    assert panel is not None
    assert panel.rows == []


def test_pounds_and_pence_go_back_into_edit_boxes_whole(
    qtbot, store: Store, contract_id: int
) -> None:
    """'%g' showed £12,345.67 as 12345.7, and confirming or saving the box stored that."""
    spend = metrics.define_metric(
        store,
        contract_id,
        "Spend on agency staff",
        MetricUnit.POUNDS,
        MetricDirection.LOWER_IS_BETTER,
        12345.67,
        None,
        None,
        MetricFrequency.MONTHLY,
    )
    day = date.today() - timedelta(days=2)
    at = datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)
    meeting_id = meetings.schedule_meeting(store, contract_id, at, chair="Sarah Whitfield").id
    period = reporting_period(MetricFrequency.MONTHLY, day)
    metrics.record_value(store, spend.id, period, 12345.67, meeting_id=meeting_id)
    window = MeetingWindow(store, meeting_id)
    qtbot.addWidget(window)
    window.show()
    item = next(i for i in window.detail.items if i.kind is AgendaKind.PERFORMANCE)
    assert window.select_item(item.id)
    panel = window.editor.metrics_panel
    assert panel is not None
    row = panel.row_for(spend.id)
    assert row.edit is not None
    assert row.edit.text() == "12345.67"
    assert panel.save(row)  # confirmed as read out
    (entry,) = metrics.entries(store, spend.id)
    assert entry.value == 12345.67

    dialog = MetricDialog(None, store, contract_id, metric=metrics.get_metric(store, spend.id))
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Spend on agency staff (all services)")  # only the name changes
    assert dialog.submit()
    assert metrics.get_metric(store, spend.id).target == 12345.67


def test_the_record_dialog_does_not_carry_a_value_into_an_empty_period(
    qtbot, store: Store, contract_id: int
) -> None:
    """February has 12; choosing January (nothing recorded) must not leave February's 12 in
    the box to be recorded for January. A value the user typed stays, though."""
    today = date(2026, 3, 18)
    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    metrics.record_value(store, waiting.id, date(2026, 2, 1), 12, today=today)
    dialog = RecordValueDialog(None, store, metrics.get_metric(store, waiting.id), today=today)
    qtbot.addWidget(dialog)
    assert (dialog.period(), dialog.value_edit.text()) == (date(2026, 2, 1), "12")
    dialog.set_period(date(2026, 1, 1))
    assert dialog.value_edit.text() == ""
    dialog.value_edit.setText("15")
    dialog.set_period(date(2025, 12, 1))
    assert dialog.value_edit.text() == "15"
    dialog.set_period(date(2026, 2, 1))  # back to February: its own value
    assert dialog.value_edit.text() == "12"


def test_the_unit_of_a_computed_metric_cannot_be_chosen(
    qtbot, store: Store, contract_id: int
) -> None:
    record = metrics.add_from_library(store, contract_id, DBS_NAME)
    dialog = MetricDialog(None, store, contract_id, record)
    qtbot.addWidget(dialog)
    assert not dialog.unit_combo.isEnabled()
    typed = metrics.add_from_library(store, contract_id, "Waiting list")
    other = MetricDialog(None, store, contract_id, typed)
    qtbot.addWidget(other)
    assert other.unit_combo.isEnabled()  # a typed metric with no values yet


def test_a_value_typed_beforehand_and_confirmed_at_the_meeting_is_in_its_minutes(
    qtbot, store: Store, contract_id: int
) -> None:
    """Last month's waiting list was typed on the Metrics page; at the meeting's performance
    item the box shows it and the manager presses Enter to confirm: it is now reported at
    this meeting, and in its minutes."""
    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    day = date.today() - timedelta(days=1)
    metrics.record_value(store, waiting.id, reporting_period(MetricFrequency.MONTHLY, day), 7)
    at = datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)
    meeting_id = meetings.schedule_meeting(store, contract_id, at, chair="Sarah Whitfield").id
    window = MeetingWindow(store, meeting_id)
    qtbot.addWidget(window)
    window.show()
    item = next(i for i in window.detail.items if i.kind is AgendaKind.PERFORMANCE)
    assert window.select_item(item.id)
    panel = window.editor.metrics_panel
    row = panel.row_for(waiting.id)
    assert row.edit is not None
    assert row.edit.text() == "7"
    assert meeting_metrics.meeting_values(store, meeting_id) == []
    assert panel.save(row)
    values = meeting_metrics.meeting_values(store, meeting_id)
    assert [(v.entry.value, v.entry.meeting_id) for v in values] == [(7, meeting_id)]
