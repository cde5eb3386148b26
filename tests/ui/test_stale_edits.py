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
