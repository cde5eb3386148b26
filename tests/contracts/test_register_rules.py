"""Rules of the register: dates that stay in order through variations, no live contract of
an archived provider, extensions that extend, and names compared however accents are
typed."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from bscp_monitor.common.errors import ValidationError
from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import VariationKind


def _contract(store, **kw):
    p = providers.create_provider(store, kw.pop("provider", "Kestrel Care Ltd"))
    values = dict(
        reference="REF-1",
        title="Service",
        provider_id=p.id,
        start_date=date(2024, 1, 1),
        end_date=date(2026, 12, 31),
    )
    values.update(kw)
    return contracts.create_contract(store, **values)


def test_start_date_moved_after_shortened_end_date_is_refused(store):
    """A variation shortens a contract to 30/06/2025; the user then moves the start date to
    01/12/2025 in the contract dialog. It is accepted: the register holds a contract that
    ends (30/06/2025) before it starts. The change should be refused like any end < start."""
    c = _contract(store)
    contracts.add_variation(
        store,
        c.id,
        VariationKind.VARIATION,
        date(2025, 6, 30),
        date(2025, 1, 10),
        "Director",
        "Variation",
        "Early termination",
    )
    with pytest.raises(ValidationError):
        contracts.update_contract(store, c.id, start_date=date(2025, 12, 1))
    rec = contracts.get_contract(store, c.id)
    assert rec.end_date >= rec.start_date


def test_restoring_contract_of_archived_provider_is_refused(store):
    """The user archives a contract, then its provider (allowed: no live contracts), then
    restores the contract with Show archived -> Restore. It is restored: a live contract of an
    archived provider, which create_contract/update_contract refuse. Restoring should be
    refused (restore the provider first)."""
    c = _contract(store)
    contracts.set_contract_archived(store, c.id, True)
    providers.set_provider_archived(store, c.provider_id, True)
    with pytest.raises(ValidationError):
        contracts.set_contract_archived(store, c.id, False)


def test_provider_name_with_decomposed_accent_is_a_duplicate(store):
    """'Éire Youth Trust' exists. The user pastes the same name in decomposed form (E +
    combining acute, as macOS copies it). A second provider is created; the names look
    identical in every list. It should be refused as a duplicate."""
    providers.create_provider(store, "Éire Youth Trust")
    nfd = unicodedata.normalize("NFD", "Éire Youth Trust")
    with pytest.raises(ValidationError):
        providers.create_provider(store, nfd)


def test_contract_reference_with_decomposed_accent_is_a_duplicate(store):
    """Contract 'CAFÉ-01' exists; the user creates another with the same reference pasted in
    decomposed form. It is accepted: two contracts with visually identical references, and the
    CLI --contract CAFÉ-01 finds only one of them. It should be refused as a duplicate."""
    c = _contract(store, reference="CAFÉ-01")
    with pytest.raises(ValidationError):
        contracts.create_contract(
            store,
            reference=unicodedata.normalize("NFD", "CAFÉ-01"),
            title="Other",
            provider_id=c.provider_id,
            start_date=date(2024, 1, 1),
            end_date=date(2025, 1, 1),
        )


def test_extension_cannot_shorten(store):
    """On the Extensions tab the user records an *extension* whose new end date (31/03/2025,
    a mistyped year) is before the current end date 31/12/2026. It is accepted: the end date
    silently moves 21 months earlier, the decision deadline jumps into the past, and the
    status becomes Extended. An extension should be refused unless it moves the end later."""
    c = _contract(store)
    with pytest.raises(ValidationError):
        contracts.add_variation(
            store,
            c.id,
            VariationKind.EXTENSION,
            date(2025, 3, 31),
            date(2025, 1, 10),
            "Director",
            "Exemption",
        )
