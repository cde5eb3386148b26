"""Providers: the register of organisations, their S3 record, archive rules and audit."""

from __future__ import annotations

import getpass
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.contracts import providers
from bscp_monitor.contracts.register import create_contract, set_contract_archived
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import AuditEvent, Provider
from bscp_monitor.data.store import Store


def _events(store: Store, provider_id: int) -> list[AuditEvent]:
    with store.session() as s:
        return list(
            s.scalars(
                select(AuditEvent)
                .where(AuditEvent.entity == "provider", AuditEvent.entity_id == provider_id)
                .order_by(AuditEvent.id)
            )
        )


def _provider_rows(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(Provider.id))) or 0


def _contract(store: Store, provider_id: int, reference: str) -> int:
    return create_contract(
        store,
        reference=reference,
        title=f"Service {reference}",
        provider_id=provider_id,
        start_date=date(2023, 4, 1),
        end_date=date(2026, 3, 31),
    ).id


def test_create_stores_the_provider_and_its_s3_record(store: Store) -> None:
    trained = date.today() - timedelta(days=40)
    created = providers.create_provider(
        store,
        "  Barnardo's ",
        safeguarding_lead_name="Joanne Pryce",
        safeguarding_lead_email="safeguarding@example.org.uk",
        receives_bscp_updates=True,
        bscp_training_last_attended=trained,
    )
    assert created.name == "Barnardo's"
    again = providers.get_provider(store, created.id)
    assert again == created
    assert again.receives_bscp_updates is True
    assert again.bscp_training_last_attended == trained
    assert again.archived is False

    [event] = _events(store, created.id)
    assert event.action is AuditAction.CREATE
    assert event.user == getpass.getuser()
    changes = json.loads(event.changes)
    assert changes["name"] == {"old": None, "new": "Barnardo's"}
    assert changes["bscp_training_last_attended"] == {"old": None, "new": trained.isoformat()}


def test_s3_fields_default_to_not_subscribed_and_never_trained(store: Store) -> None:
    created = providers.create_provider(store, "Kestrel Care Ltd")
    assert created.receives_bscp_updates is False
    assert created.bscp_training_last_attended is None


def test_a_duplicate_name_is_refused_case_insensitively(store: Store) -> None:
    providers.create_provider(store, "Barnardo's")
    with pytest.raises(ValidationError, match="already exists"):
        providers.create_provider(store, "  BARNARDO'S ")
    assert _provider_rows(store) == 1


def test_a_blank_name_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="needs a name"):
        providers.create_provider(store, "   ")
    assert _provider_rows(store) == 0


def test_an_unknown_field_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="Unknown provider fields: website"):
        providers.create_provider(store, "Barnardo's", website="x")
    assert _provider_rows(store) == 0


def test_update_changes_fields_and_audits_old_and_new(store: Store) -> None:
    created = providers.create_provider(store, "Bridgeway", safeguarding_lead_name="Marcus")
    trained = date.today()
    updated = providers.update_provider(
        store,
        created.id,
        safeguarding_lead_name="Marcus Adeyemi",
        receives_bscp_updates=True,
        bscp_training_last_attended=trained,
        address="",  # unchanged: not in the audit
    )
    assert updated.safeguarding_lead_name == "Marcus Adeyemi"
    assert providers.get_provider(store, created.id) == updated

    create, update = _events(store, created.id)
    assert update.action is AuditAction.UPDATE
    assert update.user == getpass.getuser()
    assert json.loads(update.changes) == {
        "safeguarding_lead_name": {"old": "Marcus", "new": "Marcus Adeyemi"},
        "receives_bscp_updates": {"old": False, "new": True},
        "bscp_training_last_attended": {"old": None, "new": trained.isoformat()},
    }

    providers.update_provider(store, created.id, safeguarding_lead_name="Marcus Adeyemi")
    assert len(_events(store, created.id)) == 2  # nothing changed, nothing audited


def test_renaming_onto_another_providers_name_is_refused(store: Store) -> None:
    providers.create_provider(store, "Barnardo's")
    other = providers.create_provider(store, "Bridgeway")
    with pytest.raises(ValidationError, match="already exists"):
        providers.update_provider(store, other.id, name="barnardo's")
    assert providers.get_provider(store, other.id).name == "Bridgeway"
    assert providers.update_provider(store, other.id, name="BRIDGEWAY").name == "BRIDGEWAY"


def test_a_future_training_date_is_refused(store: Store) -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        providers.create_provider(store, "Barnardo's", bscp_training_last_attended=tomorrow)
    assert _provider_rows(store) == 0

    created = providers.create_provider(store, "Barnardo's")
    with pytest.raises(ValidationError, match="future"):
        providers.update_provider(store, created.id, bscp_training_last_attended=tomorrow)
    assert providers.get_provider(store, created.id).bscp_training_last_attended is None
    assert len(_events(store, created.id)) == 1


def test_unknown_provider_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        providers.get_provider(store, 42)
    with pytest.raises(NotFoundError):
        providers.update_provider(store, 42, address="x")
    with pytest.raises(NotFoundError):
        providers.set_provider_archived(store, 42, True)


def test_find_provider_is_case_insensitive(store: Store) -> None:
    created = providers.create_provider(store, "Safe Haven Youth Trust")
    found = providers.find_provider(store, " safe haven youth trust ")
    assert found is not None
    assert found.id == created.id
    assert providers.find_provider(store, "Safe Haven") is None


def test_archive_is_refused_while_the_provider_has_live_contracts(store: Store) -> None:
    provider = providers.create_provider(store, "Barnardo's")
    first = _contract(store, provider.id, "C-1")
    second = _contract(store, provider.id, "C-2")

    with pytest.raises(ValidationError, match="2 contract"):
        providers.set_provider_archived(store, provider.id, True)
    assert providers.get_provider(store, provider.id).archived is False

    set_contract_archived(store, first, True)
    with pytest.raises(ValidationError, match="1 contract"):
        providers.set_provider_archived(store, provider.id, True)
    assert [e.action for e in _events(store, provider.id)] == [AuditAction.CREATE]

    set_contract_archived(store, second, True)
    archived = providers.set_provider_archived(store, provider.id, True)
    assert archived.archived is True
    assert providers.get_provider(store, provider.id).archived is True

    restored = providers.set_provider_archived(store, provider.id, False)
    assert restored.archived is False
    assert [e.action for e in _events(store, provider.id)] == [
        AuditAction.CREATE,
        AuditAction.ARCHIVE,
        AuditAction.RESTORE,
    ]


def test_an_archived_provider_cannot_take_new_contracts(store: Store) -> None:
    provider = providers.create_provider(store, "Barnardo's")
    providers.set_provider_archived(store, provider.id, True)
    with pytest.raises(ValidationError, match="archived"):
        _contract(store, provider.id, "C-1")


def test_list_providers_counts_live_contracts_and_hides_archived(store: Store) -> None:
    barnardos = providers.create_provider(store, "Barnardo's")
    kestrel = providers.create_provider(store, "kestrel Care")
    haven = providers.create_provider(store, "Safe Haven")
    for reference in ("B-1", "B-2", "B-3"):
        _contract(store, barnardos.id, reference)
    archived_contract = _contract(store, kestrel.id, "K-1")
    set_contract_archived(store, archived_contract, True)
    providers.set_provider_archived(store, kestrel.id, True)
    _contract(store, haven.id, "H-1")

    listed = providers.list_providers(store)
    assert [(p.name, p.contract_count) for p in listed] == [("Barnardo's", 3), ("Safe Haven", 1)]
    everything = providers.list_providers(store, include_archived=True)
    # Ordered by name regardless of case; archived contracts are not counted.
    assert [(p.name, p.contract_count, p.archived) for p in everything] == [
        ("Barnardo's", 3, False),
        ("kestrel Care", 0, True),
        ("Safe Haven", 1, False),
    ]
