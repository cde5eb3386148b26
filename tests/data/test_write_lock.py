"""The import lock on both databases: a second writer waits for it, or gives up saying so
with nothing changed (issue 12, point 5)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from bscp_monitor.data.models import Provider
from bscp_monitor.data.store import Store
from bscp_monitor.data.write_lock import BUSY_MESSAGE, WriteLockBusy, lock_for_import


@pytest.fixture
def store(store_on_both: Store) -> Store:
    return store_on_both


def test_a_second_import_gives_up_after_its_wait(store: Store) -> None:
    with store.session() as first:
        lock_for_import(first, "Sunrise Care")
        first.add(Provider(name="Sunrise Care"))
        first.flush()
        started = time.monotonic()
        with store.session() as second, pytest.raises(WriteLockBusy) as caught:
            lock_for_import(second, " sunrise  CARE ", wait=0.3)  # the same provider
        assert 0.3 <= time.monotonic() - started < 4  # its own wait, not the busy timeout
        assert str(caught.value) == BUSY_MESSAGE
        assert caught.value.busy
    with store.session() as s:
        assert s.scalars(select(Provider.name)).all() == ["Sunrise Care"]


def test_a_second_import_waits_then_sees_what_the_first_wrote(store: Store) -> None:
    seen: list[int] = []
    holding = threading.Event()

    def second() -> None:
        holding.wait()
        with store.session() as s:
            lock_for_import(s, "Sunrise Care", wait=30)
            seen.append(s.scalar(select(func.count(Provider.id))) or 0)

    waiter = threading.Thread(target=second)
    waiter.start()
    with store.session() as first:
        lock_for_import(first, "Sunrise Care")
        holding.set()
        time.sleep(0.3)  # the other is waiting now
        first.add(Provider(name="Sunrise Care"))
    waiter.join(timeout=60)
    assert seen == [1]
