"""Small registers for tests: a contract (and its provider) in one call."""

from __future__ import annotations

from datetime import date
from typing import Any

from bscp_monitor import contracts, providers
from bscp_monitor.data.store import Store


def make_contract(
    store: Store,
    reference: str = "ECHS-CSE-0114",
    provider: str = "Barnardo's",
    start: date = date(2024, 10, 1),
    end: date = date(2030, 9, 30),
    **kw: Any,
) -> int:
    found = providers.find_provider(store, provider)
    pid = found.id if found is not None else providers.create_provider(store, provider).id
    return contracts.create_contract(
        store, reference=reference, title=f"Service {reference}", provider_id=pid,
        start_date=start, end_date=end, **kw,
    ).id  # fmt: skip
