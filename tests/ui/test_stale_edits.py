"""A record a colleague saved since it was shown (issue 14, point 3): the save is refused with
who and when, nothing is written over theirs, and what was typed stays on screen to copy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bscp_monitor.common.database import Store
from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.meetings import actions
from bscp_monitor.ui.contracts.contract_dialog import ContractDialog
from bscp_monitor.ui.contracts.provider_dialog import ProviderForm
from bscp_monitor.ui.meetings.action_dialog import ActionEditDialog
from tests.registers import make_contract, meeting_under_way


@pytest.fixture
def two_stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    path = tmp_path / "shared.sqlite3"
    first, second = Store.open(path), Store.open(path)
    yield first, second
    first.close()
    second.close()


def test_a_contract_field_saved_over_a_colleagues_change_is_refused(
    qtbot, two_stores: tuple[Store, Store]
) -> None:
    mine, theirs = two_stores
    contract_id = make_contract(mine)
    dialog = ContractDialog(None, mine, contract_id, date.today())
    qtbot.addWidget(dialog)
    contracts.update_contract(theirs, contract_id, title="The colleague's title")
    dialog.title_edit.setText("My own careful title")
    dialog.title_edit.editingFinished.emit()
    message = dialog.error_label.text()
    assert message.startswith("Changed by ")
    assert "since you opened it" in message
    assert "What you typed: My own careful title" in message
    assert contracts.get_contract(theirs, contract_id).title == "The colleague's title"
    assert dialog.title_edit.text() == "The colleague's title"  # theirs shown now
    dialog.title_edit.setText("My own careful title")  # and mine, saved over what I saw
    dialog.title_edit.editingFinished.emit()
    assert contracts.get_contract(theirs, contract_id).title == "My own careful title"


def test_an_action_edited_over_a_colleagues_save_keeps_the_dialog_and_the_text(
    qtbot, two_stores: tuple[Store, Store]
) -> None:
    mine, theirs = two_stores
    meeting_id = meeting_under_way(mine, make_contract(mine), date.today())
    action = actions.raise_action(mine, meeting_id, None, "Send the audit", "Sam Jones")
    dialog = ActionEditDialog(None, mine, action.id)
    qtbot.addWidget(dialog)
    actions.edit_action(theirs, action.id, owner="Alex Smith")
    dialog.owner_edit.setText("Jo Bloggs")
    assert not dialog.submit()
    assert dialog.error.text().startswith("Changed by ")
    assert dialog.owner_edit.text() == "Jo Bloggs"  # kept, to copy or save again
    assert actions.get_action(theirs, action.id).owner == "Alex Smith"


def test_a_providers_details_typed_over_a_colleagues_save_are_refused_and_kept(
    qtbot, two_stores: tuple[Store, Store]
) -> None:
    mine, theirs = two_stores
    provider_id = contracts.get_contract(mine, make_contract(mine)).provider_id
    form = ProviderForm(mine, provider_id)
    qtbot.addWidget(form)
    providers.update_provider(theirs, provider_id, safeguarding_lead_name="Alex Smith")
    lead = form.fields.edits["safeguarding_lead_name"]
    lead.setText("Jo Bloggs, designated lead")
    assert not form.flush()
    message = form.error.text()
    assert message.startswith("Changed by ")
    assert "since you opened it" in message
    assert "What you typed: Safeguarding lead: Jo Bloggs, designated lead" in message
    assert form.stale_refusal == message
    assert providers.get_provider(theirs, provider_id).safeguarding_lead_name == "Alex Smith"
    assert lead.text() == "Alex Smith"  # theirs shown now; mine is in the message to copy
    lead.setText("Jo Bloggs, designated lead")  # saved over what I now see
    assert form.flush()
    assert form.error.text() == ""
    assert providers.get_provider(theirs, provider_id).safeguarding_lead_name == (
        "Jo Bloggs, designated lead"
    )


def _refused_keeping(dialog, edit_text: str) -> None:
    assert not dialog.submit()
    message = dialog.error.text()
    assert message.startswith("Changed by ")
    assert "since you opened it" in message
    assert "Your text is kept" in message
    assert edit_text  # what was typed is still in its field, to copy or save again


def test_a_thematic_check_edited_over_a_colleagues_save_keeps_the_dialog_and_the_text(
    qtbot, two_stores: tuple[Store, Store]
) -> None:
    from bscp_monitor.meetings import thematic_checks
    from bscp_monitor.ui.quality.thematic_dialog import OutcomeDialog, PlanCheckDialog

    mine, theirs = two_stores
    contract = contracts.get_contract(mine, make_contract(mine))
    shown = thematic_checks.plan_check(mine, contract.id, "Safer recruitment", date.today())
    dialog = PlanCheckDialog(None, mine, [contract], check=shown)
    qtbot.addWidget(dialog)
    thematic_checks.update_check(theirs, shown.id, scope="The colleague's scope")
    dialog.scope_edit.setPlainText("My own scope, carefully written")
    _refused_keeping(dialog, dialog.scope_edit.toPlainText())
    assert dialog.scope_edit.toPlainText() == "My own scope, carefully written"
    assert thematic_checks.get_check(theirs, shown.id).scope == "The colleague's scope"

    outcome = OutcomeDialog(None, mine, shown)
    qtbot.addWidget(outcome)
    outcome.findings_edit.setPlainText("My findings")
    outcome.rag_combo.setCurrentIndex(outcome.rag_combo.findData("green"))
    _refused_keeping(outcome, outcome.findings_edit.toPlainText())
    assert outcome.findings_edit.toPlainText() == "My findings"
    assert thematic_checks.get_check(theirs, shown.id).findings == ""


def test_a_metric_changed_over_a_colleagues_save_keeps_the_dialog_and_the_text(
    qtbot, two_stores: tuple[Store, Store]
) -> None:
    from bscp_monitor.common.enums import MetricDirection, MetricFrequency, MetricUnit
    from bscp_monitor.meetings import metrics
    from bscp_monitor.ui.quality.metric_dialog import MetricDialog

    mine, theirs = two_stores
    contract_id = make_contract(mine)
    shown = metrics.define_metric(
        mine, contract_id, "Visits on time", MetricUnit.PERCENTAGE,
        MetricDirection.HIGHER_IS_BETTER, 90.0, 80.0, 70.0, MetricFrequency.MONTHLY,
    )  # fmt: skip
    dialog = MetricDialog(None, mine, contract_id, metric=shown)
    qtbot.addWidget(dialog)
    metrics.update_metric(theirs, shown.id, name="Visits kept on time")
    dialog.name_edit.setText("Visits made on time")
    _refused_keeping(dialog, dialog.name_edit.text())
    assert dialog.name_edit.text() == "Visits made on time"
    assert metrics.get_metric(theirs, shown.id).name == "Visits kept on time"


def test_a_dbs_record_edited_over_a_colleagues_save_keeps_the_dialog_and_the_text(
    qtbot, two_stores: tuple[Store, Store]
) -> None:
    from bscp_monitor.data.models import StaffMember
    from bscp_monitor.dbs import register as dbs_register
    from bscp_monitor.ui.dbs.dbs_staff_dialog import MarkLeftDialog, StaffEditDialog

    mine, theirs = two_stores
    provider_id = contracts.get_contract(mine, make_contract(mine)).provider_id
    with mine.session() as session:
        person = StaffMember(
            provider_id=provider_id, full_name="Ann Lee", normalised_name="ann lee"
        )
        session.add(person)
        session.flush()
        staff_id = person.id
    shown = dbs_register.get_staff(mine, staff_id)
    dialog = StaffEditDialog(mine, shown)
    qtbot.addWidget(dialog)
    dbs_register.update_staff(theirs, staff_id, role="Team leader")
    dialog.role_edit.setText("Night carer")
    _refused_keeping(dialog, dialog.role_edit.text())
    assert dialog.role_edit.text() == "Night carer"
    assert dbs_register.get_staff(theirs, staff_id).role == "Team leader"

    left = MarkLeftDialog(mine, shown)
    qtbot.addWidget(left)
    _refused_keeping(left, "x")
    assert dbs_register.get_staff(theirs, staff_id).left_on is None


def test_a_clause_note_typed_over_a_colleagues_save_is_refused_and_kept(
    qtbot, two_stores: tuple[Store, Store]
) -> None:
    from bscp_monitor.contracts import clauses
    from bscp_monitor.ui.contracts.clause_checklist import ClauseChecklist

    mine, theirs = two_stores
    contract_id = make_contract(mine)
    checklist = ClauseChecklist(mine, contract_id)
    qtbot.addWidget(checklist)
    clauses.update_clause_check(theirs, contract_id, 3, note="The colleague's evidence")
    row = checklist.row(3)
    row.note.setText("Seen in schedule 2, signed 01/04/2025")
    checklist.flush()
    message = checklist.error.text()
    assert message.startswith("Changed by ")
    assert "since you opened it" in message
    assert "What you typed for element 3: evidence note: Seen in schedule 2, signed 01/04/2025" in (
        message
    )
    assert clauses.clause_checklist(theirs, contract_id)[2].note == "The colleague's evidence"
    assert row.note.text() == "The colleague's evidence"  # theirs shown now
    # Another element, shown fresh, saves; and so does this one from what is now shown.
    checklist.row(4).note.setText("Clause 14")
    checklist.flush()
    row.note.setText("Seen in schedule 2, signed 01/04/2025")
    checklist.flush()
    assert checklist.error.text() == ""
    saved = clauses.clause_checklist(theirs, contract_id)
    assert (saved[2].note, saved[3].note) == ("Seen in schedule 2, signed 01/04/2025", "Clause 14")
