"""Providers: the organisations contracted to deliver services, and their S3 record."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bscp_monitor.common import audit
from bscp_monitor.common.caseless import caseless
from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.common.versions import check_version
from bscp_monitor.common.wording import counted
from bscp_monitor.data.base import utcnow
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import Contract, Provider
from bscp_monitor.data.store import Store


@dataclass(frozen=True)
class ProviderRecord:
    id: int
    name: str
    address: str
    safeguarding_lead_name: str
    safeguarding_lead_email: str
    safeguarding_lead_phone: str
    receives_bscp_updates: bool
    bscp_training_last_attended: date | None
    archived: bool
    contract_count: int = 0
    #: The provider's saves (common/versions.py): an edit passes the one it showed.
    version: int = field(default=1, compare=False)


EDITABLE = {
    "name",
    "address",
    "safeguarding_lead_name",
    "safeguarding_lead_email",
    "safeguarding_lead_phone",
    "receives_bscp_updates",
    "bscp_training_last_attended",
}


def _record(provider: Provider, contract_count: int = 0) -> ProviderRecord:
    values = {
        f.name: getattr(provider, f.name) for f in fields(ProviderRecord) if f.name in EDITABLE
    }
    return ProviderRecord(
        id=provider.id,
        archived=provider.archived_at is not None,
        contract_count=contract_count,
        version=provider.version,
        **values,
    )


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(f"Unknown provider fields: {', '.join(sorted(unknown))}.")
    cleaned = dict(changes)
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError("A provider needs a name.")
    training = cleaned.get("bscp_training_last_attended")
    if training is not None and training > date.today():
        raise ValidationError("The BSCP training date cannot be in the future.")
    return cleaned


def _name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    query = select(Provider.id).where(func.casefold(Provider.name) == caseless(name))
    if except_id is not None:
        query = query.where(Provider.id != except_id)
    return session.scalar(query) is not None


def list_providers(store: Store, include_archived: bool = False) -> list[ProviderRecord]:
    counts = (
        select(Contract.provider_id, func.count(Contract.id).label("n"))
        .where(Contract.archived_at.is_(None))
        .group_by(Contract.provider_id)
        .subquery()
    )
    query = (
        select(Provider, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.provider_id == Provider.id)
        .order_by(func.casefold(Provider.name))
    )
    if not include_archived:
        query = query.where(Provider.archived_at.is_(None))
    with store.session() as session:
        return [_record(p, n) for p, n in session.execute(query).all()]


def count_providers(store: Store) -> int:
    """How many providers are not archived."""
    with store.connect() as connection:
        query = select(func.count()).select_from(Provider).where(Provider.archived_at.is_(None))
        return connection.execute(query).scalar_one()


def get_provider(store: Store, provider_id: int) -> ProviderRecord:
    with store.session() as session:
        provider = session.get(Provider, provider_id)
        if provider is None:
            raise NotFoundError(f"Provider {provider_id} does not exist.")
        return _record(provider)


def find_provider(store: Store, name: str) -> ProviderRecord | None:
    with store.session() as session:
        provider = session.scalar(
            select(Provider).where(func.casefold(Provider.name) == caseless(name.strip()))
        )
        return _record(provider) if provider is not None else None


def create_provider(store: Store, name: str, **values: Any) -> ProviderRecord:
    cleaned = _clean({"name": name, **values})
    with store.session() as session:
        if _name_taken(session, cleaned["name"]):
            raise ValidationError(f"A provider called '{cleaned['name']}' already exists.")
        provider = Provider(**cleaned)
        session.add(provider)
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "provider",
            provider.id,
            f"Created provider {provider.name}",
            {k: (None, v) for k, v in cleaned.items()},
        )
        return _record(provider)


def update_provider(
    store: Store, provider_id: int, *, expected_version: int | None = None, **changes: Any
) -> ProviderRecord:
    """Store ``changes``; ChangedMeanwhile (nothing written) if the provider was saved since
    the copy at ``expected_version`` was read."""
    cleaned = _clean(changes)
    with store.session() as session:
        provider = session.get(Provider, provider_id)
        if provider is None:
            raise NotFoundError(f"Provider {provider_id} does not exist.")
        check_version(session, provider, expected_version, "provider")
        if "name" in cleaned and _name_taken(session, cleaned["name"], provider_id):
            raise ValidationError(f"A provider called '{cleaned['name']}' already exists.")
        applied = audit.apply_changes(provider, cleaned)
        if applied:
            audit.record(
                session,
                AuditAction.UPDATE,
                "provider",
                provider.id,
                f"Updated provider {provider.name}: {', '.join(applied)}",
                applied,
            )
        session.flush()  # the version the save makes, for the next edit
        return _record(provider)


def set_provider_archived(store: Store, provider_id: int, archived: bool) -> ProviderRecord:
    with store.session() as session:
        provider = session.get(Provider, provider_id)
        if provider is None:
            raise NotFoundError(f"Provider {provider_id} does not exist.")
        if archived and provider.archived_at is None:
            live = session.scalar(
                select(func.count(Contract.id)).where(
                    Contract.provider_id == provider_id, Contract.archived_at.is_(None)
                )
            )
            if live:
                raise ValidationError(
                    f"{provider.name} still has {counted(live, 'contract')} in the register. "
                    "Archive those contracts first."
                )
            provider.archived_at = utcnow()
            audit.record(
                session,
                AuditAction.ARCHIVE,
                "provider",
                provider.id,
                f"Archived provider {provider.name}",
            )
        elif not archived and provider.archived_at is not None:
            provider.archived_at = None
            audit.record(
                session,
                AuditAction.RESTORE,
                "provider",
                provider.id,
                f"Restored provider {provider.name}",
            )
        return _record(provider)
