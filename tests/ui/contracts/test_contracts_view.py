"""The contracts register: the table model, the search proxy and the Contracts page."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QMessageBox

from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import DeadlineState
from bscp_monitor.data.enums import ContractStatus, RiskLevel
from bscp_monitor.data.store import Store
from bscp_monitor.ui.contracts import contracts_model
from bscp_monitor.ui.contracts.contracts_model import (
    ContractCol,
    ContractsFilterProxy,
    ContractsTableModel,
)
from bscp_monitor.ui.contracts.contracts_view import ContractsView
from bscp_monitor.ui.kit.lazy_table import SORT_ROLE

MODE = QAbstractItemModelTester.FailureReportingMode.Fatal


def _cell(model, row: int, column: ContractCol, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def _visible_references(view: ContractsView) -> list[str]:
    return [_cell(view.proxy, row, ContractCol.REFERENCE) for row in range(view.proxy.rowCount())]


def _many_contracts(store: Store, count: int) -> None:
    provider = providers.create_provider(store, "Kestrel Care Ltd")
    for n in range(count):
        contracts.create_contract(
            store,
            reference=f"REF-{n:04d}",
            title=f"Service {n}",
            provider_id=provider.id,
            start_date=date(2024, 1, 1),
            end_date=date(2027, 1, 1 + n % 28),
            value_pence=n * 100,
        )


def test_model_passes_the_model_tester(qtbot, demo_store: Store) -> None:
    model = ContractsTableModel(contracts.list_contracts(demo_store))
    QAbstractItemModelTester(model, MODE)
    proxy = ContractsFilterProxy()
    proxy.setSourceModel(model)
    QAbstractItemModelTester(proxy, MODE)
    proxy.set_search_text("barn")
    proxy.set_status(ContractStatus.EXTENDED)
    proxy.sort(ContractCol.DEADLINE, Qt.SortOrder.DescendingOrder)
    model.set_records(contracts.list_contracts(demo_store, include_archived=True))
    assert proxy.rowCount() == 1


def test_model_loads_rows_in_batches(qtbot, store: Store) -> None:
    _many_contracts(store, 250)
    model = ContractsTableModel(contracts.list_contracts(store))
    assert model.rowCount() == contracts_model.BATCH_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 200
    model.fetchMore()
    assert model.rowCount() == 250
    assert not model.canFetchMore()
    model.set_records(contracts.list_contracts(store))
    QAbstractItemModelTester(model, MODE)  # fetches the batches itself
    assert model.rowCount() == 250


def test_sorting_covers_rows_not_fetched_yet(qtbot, store: Store) -> None:
    _many_contracts(store, 150)
    model = ContractsTableModel(contracts.list_contracts(store))
    model.sort(ContractCol.VALUE, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 100
    assert _cell(model, 0, ContractCol.REFERENCE) == "REF-0149"


def test_cells_show_words_dates_money_and_deadline_state(qtbot, demo_store: Store) -> None:
    model = ContractsTableModel(contracts.list_contracts(demo_store))
    records = {model.record_at(row).reference: row for row in range(model.rowCount())}
    cse = records["ECHS-CSE-0114"]
    record = model.record_at(cse)
    assert record.deadline_state is DeadlineState.PASSED
    assert _cell(model, cse, ContractCol.STATUS) == "Extended"
    assert _cell(model, cse, ContractCol.RISK) == "High"
    assert _cell(model, cse, ContractCol.START) == "01/10/2014"
    assert _cell(model, cse, ContractCol.VALUE) == "£165,000.00"
    assert _cell(model, cse, ContractCol.VALUE, SORT_ROLE) == 16_500_000
    deadline = record.decision_deadline.strftime("%d/%m/%Y")
    assert _cell(model, cse, ContractCol.DEADLINE) == f"{deadline} (passed)"
    assert _cell(model, cse, ContractCol.DEADLINE, Qt.ItemDataRole.ToolTipRole) == (
        "Decision deadline passed"
    )
    assert _cell(model, cse, ContractCol.DEADLINE, Qt.ItemDataRole.FontRole).bold()
    assert _cell(model, cse, ContractCol.DEADLINE, Qt.ItemDataRole.BackgroundRole) is not None
    da = records["ECHS-DA-0221"]
    assert _cell(model, da, ContractCol.DEADLINE).endswith("(soon)")
    assert _cell(model, da, ContractCol.DEADLINE, Qt.ItemDataRole.ToolTipRole) == (
        "Decision deadline within 3 months"
    )
    ym = records["ECHS-YM-0098"]
    assert _cell(model, ym, ContractCol.STATUS) == "Decommissioned"
    assert _cell(model, ym, ContractCol.DEADLINE, Qt.ItemDataRole.BackgroundRole) is None


def test_search_narrows_rows_as_text_is_typed(qtbot, demo_store: Store) -> None:
    view = ContractsView(demo_store)
    qtbot.addWidget(view)
    assert view.proxy.rowCount() == 5
    QTest.keyClicks(view.search_edit, "safe")
    assert set(_visible_references(view)) == {"ECHS-RHI-0412", "ECHS-YM-0098"}
    view.search_edit.clear()
    QTest.keyClicks(view.search_edit, "AISHA")  # contract manager, any case
    assert _visible_references(view) == ["ECHS-SB-0305"]
    view.search_edit.clear()
    QTest.keyClicks(view.search_edit, "cse-0114")
    assert _visible_references(view) == ["ECHS-CSE-0114"]
    assert view.count_label.text() == "Showing 1 of 5 contracts."
    view.search_edit.clear()
    assert view.proxy.rowCount() == 5


def test_status_and_risk_filters(qtbot, demo_store: Store) -> None:
    view = ContractsView(demo_store)
    qtbot.addWidget(view)
    view.status_combo.setCurrentIndex(view.status_combo.findText("Active"))
    assert set(_visible_references(view)) == {"ECHS-DA-0221", "ECHS-SB-0305"}
    view.risk_combo.setCurrentIndex(view.risk_combo.findText("High"))
    assert _visible_references(view) == ["ECHS-DA-0221"]
    view.status_combo.setCurrentIndex(0)
    assert set(_visible_references(view)) == {"ECHS-DA-0221", "ECHS-CSE-0114"}
    view.risk_combo.setCurrentIndex(view.risk_combo.findData(RiskLevel.LOW))
    assert set(_visible_references(view)) == {"ECHS-RHI-0412", "ECHS-YM-0098"}


def test_sorting_by_decision_deadline_orders_by_date(qtbot, store: Store) -> None:
    provider = providers.create_provider(store, "Barnardo's")
    # By text "01/02/2030" < "15/06/2026" < "20/01/2028"; by date the order differs.
    for reference, end in (
        ("A", date(2030, 8, 1)),
        ("B", date(2026, 12, 15)),
        ("C", date(2028, 7, 20)),
    ):
        contracts.create_contract(
            store,
            reference=reference,
            title=f"Service {reference}",
            provider_id=provider.id,
            start_date=date(2020, 1, 1),
            end_date=end,
        )
    view = ContractsView(store)
    qtbot.addWidget(view)
    view.table.sortByColumn(ContractCol.DEADLINE, Qt.SortOrder.AscendingOrder)
    assert _visible_references(view) == ["B", "C", "A"]
    view.table.sortByColumn(ContractCol.DEADLINE, Qt.SortOrder.DescendingOrder)
    assert _visible_references(view) == ["A", "C", "B"]
    view.table.sortByColumn(ContractCol.REFERENCE, Qt.SortOrder.AscendingOrder)
    assert _visible_references(view) == ["A", "B", "C"]


def test_sorting_by_value_orders_by_amount(qtbot, store: Store) -> None:
    provider = providers.create_provider(store, "Barnardo's")
    for reference, pence in (("A", 9_000_00), ("B", 10_000_00), ("C", 850_00)):
        contracts.create_contract(
            store,
            reference=reference,
            title="Service",
            provider_id=provider.id,
            start_date=date(2020, 1, 1),
            end_date=date(2030, 1, 1),
            value_pence=pence,
        )
    view = ContractsView(store)
    qtbot.addWidget(view)
    view.table.sortByColumn(ContractCol.VALUE, Qt.SortOrder.AscendingOrder)
    assert _visible_references(view) == ["C", "A", "B"]


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_archive_asks_and_keeps_the_record(qtbot, demo_store: Store, monkeypatch, answer) -> None:
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    view = ContractsView(demo_store)
    qtbot.addWidget(view)
    cse = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    assert view.select_record(cse.id)
    assert view.archive_button.text() == "Archive"
    view.archive_button.click()
    assert len(asked) == 1
    assert "ECHS-CSE-0114" in asked[0]
    live = {c.reference for c in contracts.list_contracts(demo_store)}
    everything = {
        c.reference: c for c in contracts.list_contracts(demo_store, include_archived=True)
    }
    if answer == QMessageBox.StandardButton.No:
        assert "ECHS-CSE-0114" in live
        return
    assert "ECHS-CSE-0114" not in live
    assert everything["ECHS-CSE-0114"].archived  # never deleted
    assert "ECHS-CSE-0114" not in _visible_references(view)
    view.archived_check.setChecked(True)
    assert "ECHS-CSE-0114" in _visible_references(view)
    row = view.proxy.row_of(cse.id)
    assert _cell(view.proxy, row, ContractCol.STATUS) == "Extended (archived)"
    assert _cell(view.proxy, row, ContractCol.TITLE, Qt.ItemDataRole.FontRole).italic()
    # Restoring needs no confirmation.
    assert view.select_record(cse.id)
    assert view.archive_button.text() == "Restore"
    view.archive_button.click()
    assert len(asked) == 1
    assert not contracts.get_contract(demo_store, cse.id).archived


def test_empty_register_offers_a_new_contract(qtbot, store: Store) -> None:
    view = ContractsView(store)
    qtbot.addWidget(view)
    assert view.pages.currentWidget() is view.empty_page
    assert "No contracts yet" in view.empty_page.findChildren(type(view.count_label))[0].text()
    assert view.empty_new_button.text() == "New contract…"


def test_refresh_keeps_the_selection(qtbot, demo_store: Store) -> None:
    view = ContractsView(demo_store)
    qtbot.addWidget(view)
    sb = contracts.find_contract(demo_store, "ECHS-SB-0305")
    view.select_record(sb.id)
    contracts.update_contract(demo_store, sb.id, reference="ECHS-AA-0001")  # sorts first now
    view.refresh()
    assert view.selected_id() == sb.id
    assert view.selected_record().reference == "ECHS-AA-0001"


def test_ctrl_f_focuses_the_search(qtbot, demo_store: Store) -> None:
    view = ContractsView(demo_store)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.table.setFocus()
    view.activateWindow()
    qtbot.waitUntil(lambda: view.table.hasFocus())
    QTest.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.search_edit.hasFocus())


def test_opening_a_row_opens_the_contract_window(qtbot, demo_store: Store, monkeypatch) -> None:
    from bscp_monitor.ui.contracts import contract_window

    opened: list[int] = []
    original = contract_window.ContractWindow.open_for

    def open_for(parent, store, contract_id):
        opened.append(contract_id)
        return original(parent, store, contract_id)

    monkeypatch.setattr(contract_window.ContractWindow, "open_for", staticmethod(open_for))
    view = ContractsView(demo_store)
    qtbot.addWidget(view)
    view.table.activated.emit(view.proxy.index(0, 0))
    assert opened == [view.proxy.record_at(0).id]
    window = contract_window.WINDOWS.get(opened[0])
    assert window is not None
    # A change made in the contract window reaches the register.
    contracts.update_contract(demo_store, opened[0], title="Renamed service")
    window.contract_changed.emit(opened[0])
    assert view.proxy.record_at(view.proxy.row_of(opened[0])).title == "Renamed service"
    window.close()
