"""The contract window: header and deadline, variations, S1 self-assessments, S3 provider."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from bscp_monitor.common.dates import add_months, format_date
from bscp_monitor.contracts import providers, self_assessments
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import DeadlineState
from bscp_monitor.data.enums import AssessmentStage, ContractStatus, Rag, VariationKind
from bscp_monitor.data.store import Store
from bscp_monitor.ui.contracts.contract_window import ContractWindow
from bscp_monitor.ui.contracts.self_assessments_panel import SelfAssessmentDialog
from bscp_monitor.ui.contracts.variation_dialog import ROUTES, VariationDialog


def _window(qtbot, store: Store, reference: str = "ECHS-CSE-0114") -> ContractWindow:
    contract = contracts.find_contract(store, reference)
    assert contract is not None
    window = ContractWindow.open_for(None, store, contract.id)
    qtbot.addWidget(window)
    return window


def test_header_says_the_decision_deadline_has_passed(qtbot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    contract = window.contract
    assert contract.deadline_state is DeadlineState.PASSED
    text = window.deadline_label.text()
    assert text == f"Decision deadline {format_date(contract.decision_deadline)} — passed"
    assert "#f8d7da" in window.deadline_label.styleSheet()  # red, as well as the word
    assert window.reference_label.text() == "ECHS-CSE-0114"
    assert "Barnardo's" in window.provider_label.text()
    assert "High" in window.risk_label.text()
    assert window.end_label.text() == f"Ends {format_date(contract.end_date)}"


def test_header_warns_of_a_deadline_within_three_months(qtbot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store, "ECHS-DA-0221")
    assert window.contract.deadline_state is DeadlineState.SOON
    assert window.deadline_label.text().endswith("— within 3 months")
    assert "#fff3cd" in window.deadline_label.styleSheet()


def test_overview_shows_the_fields(qtbot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    values = window.overview.values
    assert values["start"].text() == "01/10/2014"
    assert values["original_end"].text() == "30/09/2017"
    assert values["value"].text() == "£165,000.00"
    assert values["manager"].text() == "Sarah Whitfield"
    assert values["frequency"].text() == "Quarterly"
    assert values["lead"].text() == "6 months before the end date"
    assert window.contract.next_meeting_due is not None  # the demo plans its next meeting
    assert values["next_meeting"].text() == format_date(window.contract.next_meeting_due)
    # No meeting held yet: the first was due a frequency after the start, long ago.
    other = _window(qtbot, demo_store, "ECHS-SB-0305")
    due = add_months(other.contract.start_date, other.contract.meeting_frequency_months)
    assert other.contract.next_meeting_due == due < date.today()
    assert other.overview.values["next_meeting"].text() == f"{format_date(due)} (overdue)"


def test_open_for_reuses_the_window_of_a_contract(qtbot, demo_store: Store) -> None:
    first = _window(qtbot, demo_store)
    assert first.isVisible()
    again = _window(qtbot, demo_store)
    assert again is first
    other = _window(qtbot, demo_store, "ECHS-DA-0221")
    assert other is not first
    for window in (first, other):
        window.close()


def test_recording_an_extension_moves_the_end_date(
    qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, demo_store, "ECHS-DA-0221")
    old_end = window.contract.end_date
    new_end = add_months(old_end, 12)

    def fill_and_record(dialog: VariationDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(VariationKind.EXTENSION.value))
        dialog.new_end_date.set_value(new_end)
        dialog.approval_date.set_value(date.today())
        dialog.approver.setText("Executive, Children, Education and Families")
        dialog.route.setCurrentText(ROUTES[1])
        dialog.reason.setPlainText("Pending re-procurement.")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(VariationDialog, "exec", fill_and_record)
    with qtbot.waitSignal(window.contract_changed) as signal:
        window.variations.record_button.click()
    assert signal.args == [window.contract_id]

    stored = contracts.get_contract(demo_store, window.contract_id)
    assert stored.end_date == new_end
    assert stored.status is ContractStatus.EXTENDED
    model = window.variations.model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Extension"
    assert model.index(0, 1).data() == format_date(new_end)
    assert model.index(0, 4).data() == ROUTES[1]
    assert window.end_label.text() == f"Ends {format_date(new_end)}"
    assert format_date(new_end) in window.variations.path.text()
    assert window.overview.values["end"].text().startswith(format_date(new_end))


def test_variation_history_is_oldest_first(qtbot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    model = window.variations.model
    assert model.rowCount() == 3
    assert model.index(0, 1).data() == "30/09/2018"
    assert model.index(2, 0).data() == "Variation"
    assert model.index(2, 1).data() == "Unchanged"
    assert window.variations.path.text().startswith("<b>End date:</b> 30/09/2017 (original)")


def test_an_extension_without_an_end_date_is_refused_inline(qtbot, demo_store: Store) -> None:
    contract = contracts.find_contract(demo_store, "ECHS-DA-0221")
    dialog = VariationDialog(demo_store, contract.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.new_end_date.set_value(None)
    dialog.approver.setText("Director of Children's Social Care")
    assert dialog.submit() is False
    assert dialog.error.isVisible()
    assert dialog.error.text() == "An extension needs its new end date."
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert contracts.get_contract(demo_store, contract.id).variations == ()


def test_a_variation_leaves_the_end_date_by_default(qtbot, demo_store: Store) -> None:
    contract = contracts.find_contract(demo_store, "ECHS-DA-0221")
    dialog = VariationDialog(demo_store, contract.id)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(VariationKind.VARIATION.value))
    assert dialog.new_end_date.value() is None
    dialog.approver.setText("Director of Children's Social Care")
    assert dialog.submit() is True
    stored = contracts.get_contract(demo_store, contract.id)
    assert stored.end_date == contract.end_date
    assert stored.variations[0].kind is VariationKind.VARIATION


def test_recording_a_self_assessment(
    qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, demo_store, "ECHS-DA-0221")  # Bridgeway: one overdue assessment
    panel = window.assessments
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 3).data().endswith("— overdue")
    assert "overdue" in panel.status.text()
    completed = date.today()

    def fill_and_record(dialog: SelfAssessmentDialog) -> int:
        dialog.completed_on.set_value(completed)
        assert dialog.next_due.value() == add_months(completed, 24)  # two years on
        dialog.stage.setCurrentIndex(dialog.stage.findData(AssessmentStage.PERIODIC.value))
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(Rag.RED.value))
        dialog.notes.setPlainText("Supervision records missing.")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(SelfAssessmentDialog, "exec", fill_and_record)
    with qtbot.waitSignal(window.contract_changed):
        panel.record_button.click()

    stored = self_assessments.list_self_assessments(demo_store, window.contract.provider_id)
    assert len(stored) == 2
    assert stored[0].outcome is Rag.RED
    assert stored[0].next_due == add_months(completed, 24)
    assert stored[0].contract_id == window.contract_id
    assert panel.model.rowCount() == 2
    assert panel.model.index(0, 0).data() == format_date(completed)  # newest first
    assert panel.model.index(0, 2).data() == "Red"
    assert "overdue" not in panel.status.text()


def test_a_self_assessment_in_the_future_is_refused_inline(qtbot, demo_store: Store) -> None:
    provider = providers.find_provider(demo_store, "Kestrel Care Ltd")
    dialog = SelfAssessmentDialog(demo_store, provider.id)
    qtbot.addWidget(dialog)
    dialog.completed_on.set_value(add_months(date.today(), 1))
    assert dialog.submit() is False
    assert "future" in dialog.error.text()
    assert len(self_assessments.list_self_assessments(demo_store, provider.id)) == 1


def test_provider_s3_fields_persist(qtbot, demo_store: Store, db_path: Path) -> None:
    window = _window(qtbot, demo_store, "ECHS-DA-0221")  # Bridgeway: no updates, never trained
    provider_id = window.contract.provider_id
    form = window.provider_form
    window.tabs.setCurrentWidget(window.provider_page)
    fields = form.fields
    assert fields.training_warning.isVisible()
    assert "No BSCP training recorded" in fields.training_warning.text()

    lead = fields.edits["safeguarding_lead_name"]
    lead.selectAll()
    qtbot.keyClicks(lead, "Grace Mensah")
    qtbot.keyClick(lead, Qt.Key.Key_Return)
    email = fields.edits["safeguarding_lead_email"]
    email.clear()
    qtbot.keyClicks(email, "grace.mensah@kestrelcare.example.co.uk")
    assert form.has_pending()  # stored after a pause, or when the window closes
    with qtbot.waitSignal(window.contract_changed):
        fields.receives_updates.setChecked(True)
    trained = add_months(date.today(), -1)
    fields.training.set_value(trained)
    assert not fields.training_warning.isVisible()
    window.close()
    demo_store.close()

    reopened = Store.open(db_path)
    try:
        stored = providers.get_provider(reopened, provider_id)
        assert stored.safeguarding_lead_name == "Grace Mensah"
        assert stored.safeguarding_lead_email == "grace.mensah@kestrelcare.example.co.uk"
        assert stored.receives_bscp_updates is True
        assert stored.bscp_training_last_attended == trained
    finally:
        reopened.close()


def test_stale_training_is_noted(qtbot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store, "ECHS-SB-0305")  # Kestrel: trained 16 months ago
    window.tabs.setCurrentWidget(window.provider_page)
    warning = window.provider_form.fields.training_warning
    assert warning.isVisible()
    assert "over 12 months ago" in warning.text()


def test_edit_details_reloads_the_window(
    qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bscp_monitor.ui.contracts import contract_dialog

    window = _window(qtbot, demo_store)

    def fake_edit(parent, store, contract_id):
        return contracts.update_contract(store, contract_id, title="CSE and Missing Service")

    monkeypatch.setattr(contract_dialog.ContractDialog, "edit", staticmethod(fake_edit))
    with qtbot.waitSignal(window.contract_changed):
        window.overview.edit_button.click()
    assert window.title_label.text() == "CSE and Missing Service"
    assert window.overview.values["title"].text() == "CSE and Missing Service"


def test_return_in_a_clause_field_stores_it_and_presses_no_button(
    qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bscp_monitor.contracts import clauses
    from bscp_monitor.ui.contracts import contract_dialog

    opened: list[int] = []
    monkeypatch.setattr(
        contract_dialog.ContractDialog,
        "edit",
        staticmethod(lambda parent, store, contract_id: opened.append(contract_id)),
    )
    monkeypatch.setattr(VariationDialog, "exec", lambda dialog: opened.append(-1) or 0)
    window = _window(qtbot, demo_store)
    window.tabs.setCurrentWidget(window.checklist)
    ref = window.checklist.row(2).clause_ref
    ref.clear()
    qtbot.keyClicks(ref, "Schedule 2, cl. 15")
    with qtbot.waitSignal(window.contract_changed):
        qtbot.keyClick(ref, Qt.Key.Key_Return)
    assert opened == []
    assert window.isVisible()
    stored = clauses.clause_checklist(demo_store, window.contract_id)[1]
    assert stored.clause_ref == "Schedule 2, cl. 15"
