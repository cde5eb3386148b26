"""The provider form saves every field it can: one refused (a duplicate name) loses no
other typing."""

from __future__ import annotations

from bscp_monitor.contracts import providers
from bscp_monitor.ui.contracts.provider_dialog import ProviderForm


def test_provider_form_refused_name_loses_other_pending_edits(qtbot, store):
    """On a provider's form the user types a new address, then renames the provider to a
    name another provider already has and tabs out. The duplicate name is refused (message
    shown); the user corrects the name. The address typed before is never stored, though it
    is still on screen: ProviderForm.flush drops the whole pending batch when one field is
    refused. The address should be stored (or kept pending) whatever happens to the name."""
    providers.create_provider(store, "Kestrel Care Ltd")
    p = providers.create_provider(store, "Safe Haven Youth Trust")
    form = ProviderForm(store, p.id)
    qtbot.addWidget(form)
    form.fields.address.setPlainText("1 High Street, Bromley BR1 1AA")
    form.fields.edits["name"].setText("Kestrel Care Ltd")
    assert form.flush() is False  # the duplicate is refused
    form.fields.edits["name"].setText("Safe Haven Youth Trust CIC")
    form.flush()
    assert form.fields.address.toPlainText() == "1 High Street, Bromley BR1 1AA"
    assert providers.get_provider(store, p.id).address == "1 High Street, Bromley BR1 1AA"
