"""The Dashboard: contracts x S1-S6 and overall (colour and words), counts, the filter,
sorting, each rating leading to its cause, and the alerts, soonest first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPersistentModelIndex, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox

from bscp_monitor.compliance.portfolio import counts_text, rag_counts
from bscp_monitor.compliance.rules import (
    RAG_ORDER,
    ContractCompliance,
    StandardResult,
    compute_compliance,
)
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import Rag, RiskLevel
from bscp_monitor.data.store import Store
from bscp_monitor.ui.contracts import contract_window
from bscp_monitor.ui.dashboard.dashboard_model import (
    FIRST_STANDARD,
    HEADERS,
    OVERALL_COLUMN,
    REFERENCE,
    AlertsModel,
    ComplianceModel,
)
from bscp_monitor.ui.dashboard.dashboard_view import DashboardView
from bscp_monitor.ui.kit.display import RAG_COLOURS, RED
from bscp_monitor.ui.main_window import MainWindow

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal
WORDS = {"Red", "Amber", "Green"}


@pytest.fixture
def make_window(qtbot, tmp_path: Path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    def make(store: Store) -> MainWindow:
        window = MainWindow(store, settings=settings)
        qtbot.addWidget(window)
        return window

    yield make
    for window in list(contract_window.WINDOWS.windows()):
        window.close()


def _result(contract_id: int, reference: str, rags: str) -> ContractCompliance:
    codes = {"r": Rag.RED, "a": Rag.AMBER, "g": Rag.GREEN}
    standards = tuple(
        StandardResult(f"S{n}", codes[letter], f"Reason {n} of {reference}.")
        for n, letter in enumerate(rags, start=1)
    )
    return ContractCompliance(
        contract_id, reference, f"Title {reference}", "Provider", RiskLevel.LOW, standards, ()
    )


SAMPLE = [
    _result(1, "REF-A", "gggggg"),
    _result(2, "REF-B", "gagggg"),
    _result(3, "REF-C", "rggggg"),
    _result(4, "REF-D", "ggggag"),
]


def test_models_pass_the_model_tester(qtbot, demo_store: Store) -> None:
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model, FATAL)
    QAbstractItemModelTester(view.alerts_model, FATAL)
    view.refresh()
    view.set_overall_filter(Rag.GREEN)
    view.set_overall_filter(None)
    view.table.sortByColumn(OVERALL_COLUMN, Qt.SortOrder.DescendingOrder)
    assert view.model.rowCount() == len(compute_compliance(demo_store))
    assert view.model.columnCount() == len(HEADERS) == 10


def test_sample_models_pass_the_model_tester(qtbot) -> None:
    model = ComplianceModel()
    QAbstractItemModelTester(model, FATAL)
    QAbstractItemModelTester(AlertsModel(), FATAL)
    model.set_results(SAMPLE)
    kept = QPersistentModelIndex(model.index(2, OVERALL_COLUMN))  # REF-C, red
    model.sort(OVERALL_COLUMN, Qt.SortOrder.DescendingOrder)
    assert kept.row() == 0
    assert kept.data() == "Red"
    model.set_overall(Rag.AMBER)
    assert [model.result(r).reference for r in range(model.rowCount())] == ["REF-B", "REF-D"]
    model.sort(FIRST_STANDARD, Qt.SortOrder.DescendingOrder)
    model.set_overall(None)
    model.set_results([])


def test_rag_cells_carry_words_colours_and_reasons(qtbot, demo_store: Store) -> None:
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(10)] == list(HEADERS)
    for row in range(model.rowCount()):
        result = model.result(row)
        for column in range(FIRST_STANDARD, len(HEADERS)):
            index = model.index(row, column)
            word = index.data()
            assert word in WORDS
            rag = Rag(word.lower())
            background = index.data(Qt.ItemDataRole.BackgroundRole)
            assert isinstance(background, QColor)
            assert background.name() == RAG_COLOURS[rag][0]
            assert index.data(Qt.ItemDataRole.ForegroundRole).name() == RAG_COLOURS[rag][1]
            if column == OVERALL_COLUMN:
                assert rag is result.overall
                assert "worst of the six" in index.data(Qt.ItemDataRole.ToolTipRole)
            else:
                standard = result.standards[column - FIRST_STANDARD]
                assert rag is standard.rag
                assert standard.reason in index.data(Qt.ItemDataRole.ToolTipRole)


def test_counts_per_standard(qtbot, demo_store: Store) -> None:
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    counts = rag_counts(compute_compliance(demo_store))
    for code, label in view.summary_labels.items():
        assert label.text() == counts_text(counts[code])
        assert code in label.toolTip()
    overall = view.summary_labels["Overall"].text()
    assert "red ·" in overall
    assert "amber ·" in overall
    assert "green" in overall
    red = counts["Overall"][Rag.RED]
    assert view.red_card.number_label.text() == str(red)


def test_filter_by_overall_and_sort_by_severity(qtbot, demo_store: Store) -> None:
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    view.model.set_results(SAMPLE)
    assert view.shown_references() == ["REF-A", "REF-B", "REF-C", "REF-D"]
    view.set_overall_filter(Rag.AMBER)
    assert view.shown_references() == ["REF-B", "REF-D"]
    view.set_overall_filter(Rag.RED)
    assert view.shown_references() == ["REF-C"]
    view.set_overall_filter(Rag.GREEN)
    assert view.shown_references() == ["REF-A"]
    view.set_overall_filter(None)
    view.table.sortByColumn(OVERALL_COLUMN, Qt.SortOrder.DescendingOrder)
    shown = view.shown_references()
    assert shown[0] == "REF-C"
    assert shown[-1] == "REF-A"
    view.table.sortByColumn(FIRST_STANDARD + 1, Qt.SortOrder.DescendingOrder)  # S2
    assert view.shown_references()[0] == "REF-B"
    view.table.sortByColumn(REFERENCE, Qt.SortOrder.DescendingOrder)
    assert view.shown_references() == ["REF-D", "REF-C", "REF-B", "REF-A"]


def _cell(view: DashboardView, reference: str, column: int):
    for row in range(view.model.rowCount()):
        if view.model.index(row, REFERENCE).data() == reference:
            return view.model.index(row, column)
    raise AssertionError(reference)


@pytest.mark.parametrize("standard", ["S1", "S2", "S3", "S4", "S5", "S6"])
def test_opening_a_rating_asks_for_its_cause(qtbot, demo_store: Store, standard: str) -> None:
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    cse = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    column = HEADERS.index(standard)
    with qtbot.waitSignal(view.cause_requested) as signal:
        view.table.activated.emit(_cell(view, "ECHS-CSE-0114", column))
    assert signal.args == [cse.id, standard]


@pytest.mark.parametrize("column", [0, 1, 2, OVERALL_COLUMN])
def test_opening_the_contract_columns_opens_the_contract(
    qtbot, demo_store: Store, column: int
) -> None:
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    da = contracts.find_contract(demo_store, "ECHS-DA-0221")
    with qtbot.waitSignal(view.contract_requested) as signal:
        view.table.activated.emit(_cell(view, "ECHS-DA-0221", column))
    assert signal.args == [da.id]


@pytest.mark.parametrize(
    ("standard", "tab"),
    [("S1", "assessments"), ("S2", "checklist"), ("S3", "provider_page")],
)
def test_s1_to_s3_open_the_contract_on_its_tab(
    make_window, demo_store: Store, standard: str, tab: str
) -> None:
    window = make_window(demo_store)
    cse = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    window.dashboard.table.activated.emit(
        _cell(window.dashboard, "ECHS-CSE-0114", HEADERS.index(standard))
    )
    assert window.current_section() == "Contracts"
    opened = contract_window.WINDOWS.get(cse.id)
    assert opened is not None
    assert opened.tabs.currentWidget() is getattr(opened, tab)
    assert f"({standard})" in opened.tabs.tabText(opened.tabs.currentIndex())


def test_s4_opens_the_dbs_register_on_the_provider(make_window, demo_store: Store) -> None:
    window = make_window(demo_store)
    cse = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    window.dashboard.table.activated.emit(_cell(window.dashboard, "ECHS-CSE-0114", 6))
    assert window.current_section() == "DBS register"
    assert window.dbs_view.provider_combo.currentData() == cse.provider_id


def test_s5_opens_the_contracts_meetings(make_window, demo_store: Store) -> None:
    window = make_window(demo_store)
    cse = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    window.dashboard.table.activated.emit(_cell(window.dashboard, "ECHS-CSE-0114", 7))
    assert window.current_section() == "Meetings"
    assert window.meetings_view.contract_combo.currentData() == cse.id


def test_s6_opens_the_thematic_checks(make_window, demo_store: Store) -> None:
    window = make_window(demo_store)
    cse = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    window.dashboard.table.activated.emit(_cell(window.dashboard, "ECHS-CSE-0114", 8))
    assert window.current_section() == "Thematic checks"
    page = window.page("Thematic checks")
    contract_filter = getattr(page, "contract_filter", None)
    if contract_filter is not None:
        assert contract_filter.currentData() == cse.id


def test_alerts_are_sorted_coloured_and_worded(qtbot, demo_store: Store, today: date) -> None:
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    alerts = view.alerts_model.alerts()
    expected = sum(len(c.alerts) for c in compute_compliance(demo_store))
    assert len(alerts) == expected > 0
    keys = [(a.alert.due or today, -RAG_ORDER[a.rag]) for a in alerts]
    assert keys == sorted(keys)
    model = view.alerts_model
    states = set()
    for row, a in enumerate(alerts):
        state = model.index(row, 1).data()
        states.add(state)
        background = model.index(row, 3).data(Qt.ItemDataRole.BackgroundRole).name()
        assert model.index(row, 3).data() == a.alert.message
        assert model.index(row, 2).data() == a.reference
        if a.alert.due is not None and a.alert.due < today:
            assert a.rag is Rag.RED
        if a.rag is Rag.RED:
            assert state == "Overdue"
            assert background == RED[0]
        else:
            assert state == "Due soon"
            assert background == RAG_COLOURS[Rag.AMBER][0]
        due = model.index(row, 0).data()
        assert due == (a.alert.due.strftime("%d/%m/%Y") if a.alert.due else "—")
    assert states == {"Overdue", "Due soon"}
    assert view.alerts_heading.text() == f"Alerts ({len(alerts)})"


def test_an_empty_register(qtbot, store: Store) -> None:
    view = DashboardView(store)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 0
    assert not view.empty_label.isHidden()
    assert view.table.isHidden()
    assert view.summary_labels["Overall"].text().endswith("0 red · 0 amber · 0 green")


def test_board_report_from_the_dashboard(
    qtbot, demo_store: Store, tmp_path: Path, monkeypatch
) -> None:
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.report_written, timeout=20_000) as written:
        assert view.export_report(tmp_path / "board.pdf") is not None  # runs off the UI thread
    assert written.args == [tmp_path / "board.pdf"]
    assert (tmp_path / "board.pdf").read_bytes().startswith(b"%PDF")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    assert view.export_report(tmp_path / "missing" / "board.pdf") is None
    assert len(warnings) == 1
    assert "does not exist" in warnings[0]
    assert not (tmp_path / "missing").exists()


def test_a_cancelled_board_report_leaves_no_file(qtbot, demo_store: Store, tmp_path: Path) -> None:
    from bscp_monitor.ui.kit.worker import GeneratorTask

    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    out = tmp_path / "out"
    out.mkdir()
    task = view.export_report(out / "board.xlsx")
    assert isinstance(task, GeneratorTask)
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        task.cancel()
    assert list(out.iterdir()) == []


def test_the_save_dialogs_kind_gives_a_name_without_one_its_extension(
    qtbot, demo_store: Store, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from bscp_monitor.ui.dashboard.dashboard_view import XLSX_FILTER

    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "report"), XLSX_FILTER)
    )
    with qtbot.waitSignal(view.report_written, timeout=20_000) as written:
        view.export_report()
    assert written.args == [tmp_path / "report.xlsx"]
    assert (tmp_path / "report.xlsx").read_bytes().startswith(b"PK")


@pytest.mark.parametrize(("name", "writer"), [("board.pdf", "pdf"), ("board.xlsx", "xlsx")])
def test_cancel_while_writing_keeps_an_earlier_report(
    qtbot, demo_store: Store, tmp_path: Path, monkeypatch, name: str, writer: str
) -> None:
    """Cancel pressed during "Writing…": no new report, and the earlier one as it was."""
    import threading

    from bscp_monitor.reports import board_report_pdf, board_report_xlsx

    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_bytes(b"an earlier report")
    module, attribute = (
        (board_report_pdf, "write_pdf") if writer == "pdf" else (board_report_xlsx, "write_xlsx")
    )
    real_write = getattr(module, attribute)
    started = threading.Event()
    task_holder: list = []

    def write_while_cancelled(data, path):  # the user presses Cancel meanwhile
        started.wait(5)
        task_holder[0].cancel()
        real_write(data, path)

    monkeypatch.setattr(module, attribute, write_while_cancelled)
    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    written: list = []
    view.report_written.connect(written.append)
    task = view.export_report(out / name)
    task_holder.append(task)
    started.set()
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        pass
    assert written == []
    assert [p.name for p in out.iterdir()] == [name]
    assert (out / name).read_bytes() == b"an earlier report"


def test_a_name_with_a_dot_gets_the_kind_chosen(
    qtbot, demo_store: Store, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from bscp_monitor.ui.dashboard.dashboard_view import PDF_FILTER

    view = DashboardView(demo_store)
    qtbot.addWidget(view)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "Board report v1.2"), PDF_FILTER),
    )
    with qtbot.waitSignal(view.report_written, timeout=20_000) as written:
        view.export_report()
    assert written.args == [tmp_path / "Board report v1.2.pdf"]


def test_the_dashboard_of_a_database_in_memory(qtbot) -> None:
    memory = Store.open("sqlite://")
    try:
        view = DashboardView(memory)
        qtbot.addWidget(view)
        assert view.model.rowCount() == 0
        assert not view.empty_label.isHidden()
    finally:
        memory.close()


def test_painting_the_tables_leaves_python_intact(qtbot) -> None:
    """PySide6 6.12's QModelRoleData.setData/clearData take references from None that they
    never gave: a model answering through multiData brought the app down ("deallocating
    None") after some hundred repaints of a full dashboard. Painting must not take any."""
    import sys

    from PySide6.QtWidgets import QTableView

    model = ComplianceModel()
    model.set_results(
        [_result(n, f"REF-{n:03d}", "rgagrg"[n % 3 :] + "gag"[: n % 3]) for n in range(60)]
    )
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(1200, 1000)
    table.show()
    qtbot.waitExposed(table)
    before = sys.getrefcount(None)
    for _ in range(5):
        table.grab()  # paints every cell in view
    assert sys.getrefcount(None) >= before


def test_a_filter_that_matches_nothing_says_so(qtbot, store: Store) -> None:
    """Not an empty grid: why it is empty, and how to see every contract again."""
    from bscp_monitor.compliance.portfolio import PortfolioSummary

    view = DashboardView(store)
    qtbot.addWidget(view)
    assert view.empty_label.text() == "There are no live contracts in the register yet."
    red = [_result(1, "REF-R", "rggggg")]
    view._show(PortfolioSummary(red, [], rag_counts(red), 1))
    view.show()
    assert view.table.isVisible()
    assert not view.empty_label.isVisible()
    view.set_overall_filter(Rag.GREEN)
    assert not view.table.isVisible()
    assert view.empty_label.isVisible()
    assert view.empty_label.text().startswith("No live contract is green overall.")
    view.set_overall_filter(None)
    assert view.table.isVisible()
    assert not view.empty_label.isVisible()
