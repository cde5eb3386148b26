"""The network or the server going away (issue 14, point 6): work in hand fails in words,
marked as 'not connected', commits nothing, and works again once the server is back."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bscp_monitor.common.errors import DatabaseError
from bscp_monitor.contracts.register import get_contract, list_contracts, update_contract
from bscp_monitor.data.models import AuditEvent
from bscp_monitor.data.store import Store
from tests.pg_server import PgServer


def _events(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count(AuditEvent.id))) or 0)


def test_a_server_restart_mid_session_loses_nothing_and_duplicates_nothing(
    pg_server: PgServer, pg_demo_url: str
) -> None:
    store = Store.open(pg_demo_url)
    try:
        contract = list_contracts(store)[0]
        before = _events(store)
        pg_server.down()
        try:
            with pytest.raises(DatabaseError) as away:
                update_contract(store, contract.id, title="Typed while the server was away")
        finally:
            pg_server.up()
        assert away.value.disconnected
        assert "cannot be reached" in str(away.value)
        assert "Nothing was changed" in str(away.value)
        assert _events(store) == before  # nothing half-written
        # The same work, saved once the server is back, is saved once.
        update_contract(store, contract.id, title="Typed while the server was away")
        assert get_contract(store, contract.id).title == "Typed while the server was away"
        assert _events(store) == before + 1
    finally:
        store.close()


def test_a_refused_piece_of_work_is_not_called_a_lost_connection(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        with pytest.raises(DatabaseError) as refused, store.session() as session:
            session.execute(select(func.no_such_function()))
        assert not refused.value.disconnected
    finally:
        store.close()
