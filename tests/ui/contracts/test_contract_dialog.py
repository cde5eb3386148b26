"""The contract dialog: creating a contract, and editing one with every change saved at once."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog
from sqlalchemy import select

from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import ContractStatus, RiskLevel, VariationKind
from bscp_monitor.data.register import AuditEvent
from bscp_monitor.data.store import Store
from bscp_monitor.ui.contracts.contract_dialog import NEW_PROVIDER, ContractDialog
from bscp_monitor.ui.contracts.contracts_view import ContractsView


def _audit(store: Store, entity: str, entity_id: int) -> list[AuditEvent]:
    with store.session() as session:
        return list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
                .order_by(AuditEvent.id)
            )
        )


def _choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_create_a_contract_through_the_dialog(qtbot, store: Store) -> None:
    barnardos = providers.create_provider(store, "Barnardo's")
    dialog = ContractDialog(None, store)
    qtbot.addWidget(dialog)
    assert dialog.create_button is not None
    assert not dialog.create_button.isEnabled()

    QTest.keyClicks(dialog.reference_edit, "ECHS-CSE-0114")
    QTest.keyClicks(dialog.title_edit, "CSE Recovery Service")
    assert not dialog.create_button.isEnabled()  # no provider yet
    _choose(dialog.provider_combo, "Barnardo's")
    assert dialog.create_button.isEnabled()
    QTest.keyClicks(dialog.manager_edit, "Sarah Whitfield")
    dialog.start_edit.set_value(date(2014, 10, 1))
    dialog.end_edit.set_value(date(2017, 9, 30))
    assert "30/03/2017" in dialog.deadline_label.text()  # six months before, live
    dialog.lead_spin.setValue(3)
    assert "30/06/2017" in dialog.deadline_label.text()
    QTest.keyClicks(dialog.value_edit, "165,000")
    _choose(dialog.risk_combo, "High")
    _choose(dialog.frequency_combo, "Monthly")

    with qtbot.waitSignal(dialog.accepted):
        dialog.create_button.click()

    created = dialog.record
    assert created is not None
    (stored,) = contracts.list_contracts(store)
    assert stored == created
    assert stored.reference == "ECHS-CSE-0114"
    assert stored.provider_id == barnardos.id
    assert stored.contract_manager == "Sarah Whitfield"
    assert stored.end_date == date(2017, 9, 30)
    assert stored.value_pence == 16_500_000
    assert stored.risk_level is RiskLevel.HIGH
    assert stored.meeting_frequency_months == 1
    assert stored.decision_lead_months == 3
    (event,) = _audit(store, "contract", stored.id)
    assert event.summary == "Created contract ECHS-CSE-0114"
    assert json.loads(event.changes)["reference"]["new"] == "ECHS-CSE-0114"


def test_create_refusal_is_shown_in_the_dialog(qtbot, store: Store) -> None:
    provider = providers.create_provider(store, "Barnardo's")
    contracts.create_contract(
        store,
        reference="DUP-1",
        title="Existing",
        provider_id=provider.id,
        start_date=date(2020, 1, 1),
        end_date=date(2021, 1, 1),
    )
    dialog = ContractDialog(None, store)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.reference_edit, "dup-1")
    QTest.keyClicks(dialog.title_edit, "Another")
    _choose(dialog.provider_combo, "Barnardo's")
    dialog.create_button.click()
    assert dialog.isVisible()  # stays open
    assert dialog.error_label.isVisible()
    assert "already used" in dialog.error_label.text()
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.record is None
    assert len(contracts.list_contracts(store)) == 1

    dialog.value_edit.setText("lots")
    dialog.create_button.click()
    assert "not an amount" in dialog.error_label.text()

    dialog.value_edit.setText("")
    dialog.reference_edit.setText("NEW-1")
    dialog.end_edit.set_value(date(2000, 1, 1))
    dialog.create_button.click()
    assert "before the start date" in dialog.error_label.text()
    assert len(contracts.list_contracts(store)) == 1


def test_new_provider_from_the_list(qtbot, store: Store, monkeypatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Kestrel Care Ltd", True))
    dialog = ContractDialog(None, store)
    qtbot.addWidget(dialog)
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData(NEW_PROVIDER))
    created = providers.find_provider(store, "Kestrel Care Ltd")
    assert created is not None
    assert dialog.provider_combo.currentData() == created.id
    assert dialog.provider_combo.currentText() == "Kestrel Care Ltd"

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData(NEW_PROVIDER))
    assert dialog.provider_combo.currentData() == created.id  # cancelled: back to it


def test_edit_saves_each_change_at_once(qtbot, demo_store: Store, db_path: Path) -> None:
    record = contracts.find_contract(demo_store, "ECHS-SB-0305")
    dialog = ContractDialog(None, demo_store, record.id)
    qtbot.addWidget(dialog)
    assert dialog.create_button is None
    (only_button,) = dialog.button_box.buttons()  # no Save: just Close
    assert dialog.button_box.standardButton(only_button) == QDialogButtonBox.StandardButton.Close

    dialog.show()
    dialog.manager_edit.setFocus()
    dialog.manager_edit.selectAll()
    with qtbot.waitSignal(dialog.contract_changed):
        QTest.keyClicks(dialog.manager_edit, "Priya Shah")
        dialog.manager_edit.editingFinished.emit()
    with qtbot.waitSignal(dialog.contract_changed):
        _choose(dialog.risk_combo, "High")
    with qtbot.waitSignal(dialog.contract_changed):
        dialog.end_edit.set_value(date(2031, 3, 31))

    reopened = Store.open(db_path)
    try:
        stored = contracts.get_contract(reopened, record.id)
    finally:
        reopened.close()
    assert stored.contract_manager == "Priya Shah"
    assert stored.risk_level is RiskLevel.HIGH
    assert stored.end_date == date(2031, 3, 31)
    assert "Saved" in dialog.saved_label.text()
    summaries = [e.summary for e in _audit(demo_store, "contract", record.id)]
    assert any("contract_manager" in s for s in summaries)


def test_description_is_saved_when_leaving_it(qtbot, demo_store: Store) -> None:
    record = contracts.find_contract(demo_store, "ECHS-SB-0305")
    dialog = ContractDialog(None, demo_store, record.id)
    qtbot.addWidget(dialog)
    dialog.description_edit.setPlainText("Overnight and day short breaks.")
    dialog.reject()  # closing stores what was still being typed
    assert contracts.get_contract(demo_store, record.id).service_description == (
        "Overnight and day short breaks."
    )


def test_invalid_edit_is_refused_inline_and_reverted(qtbot, demo_store: Store) -> None:
    record = contracts.find_contract(demo_store, "ECHS-SB-0305")
    dialog = ContractDialog(None, demo_store, record.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.end_edit.set_value(date(2020, 1, 1))  # before the start
    assert dialog.error_label.isVisible()
    assert "before the start date" in dialog.error_label.text()
    assert dialog.end_edit.value() == record.original_end_date  # back to the stored value
    assert contracts.get_contract(demo_store, record.id) == record

    dialog.title_edit.setText("   ")
    dialog.title_edit.editingFinished.emit()
    assert "needs a title" in dialog.error_label.text()
    assert dialog.title_edit.text() == record.title

    dialog.value_edit.setText("a lot")
    dialog.value_edit.editingFinished.emit()
    assert "not an amount" in dialog.error_label.text()
    assert dialog.value_edit.text() == "£1,187,500.00"
    assert contracts.get_contract(demo_store, record.id) == record

    _choose(dialog.status_combo, "Ended")  # a valid change clears the error
    assert not dialog.error_label.isVisible()
    assert contracts.get_contract(demo_store, record.id).status is ContractStatus.ENDED


def test_edit_shows_the_original_end_date_of_an_extended_contract(qtbot, demo_store: Store) -> None:
    record = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    assert any(v.kind is VariationKind.EXTENSION for v in record.variations)
    dialog = ContractDialog(None, demo_store, record.id)
    qtbot.addWidget(dialog)
    assert dialog.end_edit.value() == record.original_end_date
    assert not dialog.extension_note.isHidden()
    assert f"Extended to {record.end_date:%d/%m/%Y}" in dialog.extension_note.text()
    deadline = f"{record.decision_deadline:%d/%m/%Y}"
    assert deadline in dialog.deadline_label.text()
    assert "passed" in dialog.deadline_label.text()


def test_classmethods_drive_the_dialog(qtbot, demo_store: Store, monkeypatch) -> None:
    """create() returns the new record, edit() the changed one; exec is replaced by a user."""

    def user_creates(dialog: ContractDialog) -> int:
        dialog.reference_edit.setText("ECHS-FGC-0500")
        dialog.title_edit.setText("Family Group Conferencing")
        _choose(dialog.provider_combo, "Kestrel Care Ltd")
        dialog.create_button.click()
        return dialog.result()

    monkeypatch.setattr(ContractDialog, "exec", user_creates)
    view = ContractsView(demo_store)
    qtbot.addWidget(view)
    created = view.new_contract()
    assert created is not None
    assert created.reference == "ECHS-FGC-0500"
    assert view.selected_id() == created.id  # refreshed and selected

    def user_edits(dialog: ContractDialog) -> int:
        dialog.manager_edit.setText("Priya Shah")
        dialog.reject()  # Close (or Esc) stores what was typed
        return dialog.result()

    monkeypatch.setattr(ContractDialog, "exec", user_edits)
    view.edit_button.click()
    assert contracts.get_contract(demo_store, created.id).contract_manager == "Priya Shah"
    assert view.selected_record().contract_manager == "Priya Shah"

    monkeypatch.setattr(ContractDialog, "exec", lambda dialog: dialog.reject())
    assert ContractDialog.create(None, demo_store) is None
    assert ContractDialog.edit(None, demo_store, created.id) is None  # nothing changed
