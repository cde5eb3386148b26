"""The Providers page: model, search, sort, create, edit live, archive and restore."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from bscp_monitor.contracts import providers
from bscp_monitor.data.store import Store
from bscp_monitor.ui.contracts.provider_dialog import ProviderDialog
from bscp_monitor.ui.contracts.providers_model import ProvidersModel
from bscp_monitor.ui.contracts.providers_view import ProvidersView


def _view(qtbot, store: Store) -> ProvidersView:
    view = ProvidersView(store)
    qtbot.addWidget(view)
    view.show()
    return view


def _names(view: ProvidersView) -> list[str]:
    return [
        view.proxy.index(row, ProvidersModel.NAME).data() for row in range(view.proxy.rowCount())
    ]


def test_model_passes_the_item_model_tester(qtbot, demo_store: Store) -> None:
    model = ProvidersModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.load(demo_store)
    assert model.rowCount() == 4
    assert model.columnCount() == 6
    model.load(demo_store, include_archived=True)
    model.set_records([])
    assert model.rowCount() == 0


def test_model_shows_the_s3_record(qtbot, demo_store: Store) -> None:
    model = ProvidersModel()
    model.load(demo_store)
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    bridgeway = rows["Bridgeway Family Support CIC"]
    assert model.index(bridgeway, ProvidersModel.LEAD).data() == "Marcus Adeyemi"
    assert model.index(bridgeway, ProvidersModel.UPDATES).data() == "No"
    assert model.index(bridgeway, ProvidersModel.TRAINING).data() == "Never"
    kestrel = rows["Kestrel Care Ltd"]
    assert model.index(kestrel, ProvidersModel.TRAINING).data().endswith("(over 12 months)")
    haven = rows["Safe Haven Youth Trust"]
    assert model.index(haven, ProvidersModel.CONTRACTS).data() == "2"
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers[0] == "Name"
    assert headers[-1] == "Contracts"


def test_search_filters_as_you_type(qtbot, demo_store: Store) -> None:
    view = _view(qtbot, demo_store)
    assert view.proxy.rowCount() == 4
    qtbot.keyClicks(view.search, "kestrel")
    assert _names(view) == ["Kestrel Care Ltd"]
    assert view.count.text() == "Showing 1 of 4 providers"
    view.search.clear()
    qtbot.keyClicks(view.search, "Priya")  # the safeguarding lead's name
    assert _names(view) == ["Safe Haven Youth Trust"]
    view.search.clear()
    qtbot.keyClicks(view.search, "no such provider")
    assert view.proxy.rowCount() == 0
    view.search.clear()
    assert view.proxy.rowCount() == 4


def test_columns_sort(qtbot, demo_store: Store) -> None:
    view = _view(qtbot, demo_store)
    assert _names(view)[0] == "Barnardo's"
    view.table.sortByColumn(ProvidersModel.NAME, Qt.SortOrder.DescendingOrder)
    assert _names(view)[0] == "Safe Haven Youth Trust"
    view.table.sortByColumn(ProvidersModel.TRAINING, Qt.SortOrder.AscendingOrder)
    assert _names(view)[0] == "Bridgeway Family Support CIC"  # never trained sorts first
    view.table.sortByColumn(ProvidersModel.CONTRACTS, Qt.SortOrder.DescendingOrder)
    assert _names(view)[0] == "Safe Haven Youth Trust"


def test_new_provider_dialog_needs_a_name(qtbot, store: Store) -> None:
    dialog = ProviderDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.submit() is False
    assert dialog.error.isVisible()
    assert dialog.error.text() == "A provider needs a name."
    assert providers.list_providers(store) == []

    qtbot.keyClicks(dialog.fields.edits["name"], "Oakfield Youth Services")
    dialog.fields.edits["safeguarding_lead_name"].setText("Tom Hale")
    dialog.fields.receives_updates.setChecked(True)
    assert dialog.submit() is True
    record = dialog.result_record
    assert record is not None
    assert record.name == "Oakfield Youth Services"
    assert record.safeguarding_lead_name == "Tom Hale"
    assert record.receives_bscp_updates is True
    assert record.bscp_training_last_attended is None


def test_new_provider_button_adds_and_selects_it(
    qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(qtbot, demo_store)

    def fill_and_create(dialog: ProviderDialog) -> int:
        dialog.fields.edits["name"].setText("Oakfield Youth Services")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ProviderDialog, "exec", fill_and_create)
    with qtbot.waitSignal(view.changed):
        view.new_button.click()
    assert "Oakfield Youth Services" in _names(view)
    assert view.selected().name == "Oakfield Youth Services"


def test_edit_dialog_stores_each_change(qtbot, demo_store: Store) -> None:
    provider = providers.find_provider(demo_store, "Kestrel Care Ltd")
    dialog = ProviderDialog(demo_store, provider.id)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.fields
    fields.receives_updates.setChecked(True)
    assert providers.get_provider(demo_store, provider.id).receives_bscp_updates is True
    phone = fields.edits["safeguarding_lead_phone"]
    phone.clear()
    qtbot.keyClicks(phone, "020 8300 9999")
    dialog.close_button.click()  # Close stores any typing still pending
    assert providers.get_provider(demo_store, provider.id).safeguarding_lead_phone == (
        "020 8300 9999"
    )
    assert dialog.result_record.safeguarding_lead_phone == "020 8300 9999"


def test_edit_dialog_refuses_an_empty_name_inline(qtbot, demo_store: Store) -> None:
    provider = providers.find_provider(demo_store, "Kestrel Care Ltd")
    dialog = ProviderDialog(demo_store, provider.id)
    qtbot.addWidget(dialog)
    dialog.show()
    name = dialog.fields.edits["name"]
    name.clear()
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "A provider needs a name."
    assert dialog.isVisible()
    assert providers.get_provider(demo_store, provider.id).name == "Kestrel Care Ltd"
    qtbot.keyClicks(name, "Barnardo's")  # taken by another provider
    dialog.close_button.click()  # Close stores pending typing; refused: shown, stays open
    assert dialog.isVisible()
    assert "already exists" in dialog.error.text()
    name.setText("Kestrel Care Limited")
    dialog.close_button.click()
    assert not dialog.isVisible()
    assert providers.get_provider(demo_store, provider.id).name == "Kestrel Care Limited"


def test_archive_refused_while_contracts_remain(
    qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(qtbot, demo_store)
    errors: list[str] = []
    monkeypatch.setattr(view, "confirm", lambda title, question: True)
    monkeypatch.setattr(view, "show_error", lambda title, message: errors.append(message))
    assert view.select(providers.find_provider(demo_store, "Barnardo's").id)
    view.archive_button.click()
    assert len(errors) == 1
    assert "still has 1 contract in" in errors[0]
    assert view.proxy.rowCount() == 4


def test_archive_and_restore(qtbot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    spare = providers.create_provider(store, "Spare Provider Ltd")
    providers.create_provider(store, "Other Provider")
    view = _view(qtbot, store)
    answers: list[str] = []

    def confirm(title: str, question: str) -> bool:
        answers.append(title)
        return True

    monkeypatch.setattr(view, "confirm", confirm)
    assert view.select(spare.id)
    assert view.archive_button.text() == "Archive"
    view.archive_button.click()
    assert answers == ["Archive provider"]
    assert providers.get_provider(store, spare.id).archived
    assert _names(view) == ["Other Provider"]

    view.show_archived.setChecked(True)
    assert "Spare Provider Ltd (archived)" in _names(view)
    assert view.select(spare.id)
    assert view.archive_button.text() == "Restore"
    view.archive_button.click()
    assert answers[-1] == "Restore provider"
    assert not providers.get_provider(store, spare.id).archived


def test_archive_needs_confirmation(qtbot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    spare = providers.create_provider(store, "Spare Provider Ltd")
    view = _view(qtbot, store)
    monkeypatch.setattr(view, "confirm", lambda title, question: False)
    view.select(spare.id)
    view.archive_button.click()
    assert not providers.get_provider(store, spare.id).archived
