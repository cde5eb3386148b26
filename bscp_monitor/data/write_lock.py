"""Writers that must not overlap: the lock a DBS import takes before it matches rows.

Two imports for one provider at the same moment must give the register one import after
the other would give. Each import takes this lock as the first statement of its transaction
and only then reads the register to match rows against it, so the second reads what the
first wrote. The SQL for each database is ``dialect.try_import_lock`` (SQLite's
``BEGIN IMMEDIATE``, PostgreSQL's advisory lock on the provider); here is the waiting. A
writer that cannot have the lock within the wait gives up with :class:`WriteLockBusy`, and
nothing has been changed.
"""

from __future__ import annotations

import hashlib
import os
import time

from sqlalchemy.orm import Session

from bscp_monitor.data import dialect
from bscp_monitor.data.errors import DatabaseError

WAIT_ENV_VAR = "BSCP_MONITOR_IMPORT_WAIT"
DEFAULT_WAIT = 60.0  # seconds; a 50,000-row import takes a few
BUSY_MESSAGE = (
    "Another import for this provider is running (or another change is being saved); "
    "nothing was changed. Try again when it has finished."
)


class WriteLockBusy(DatabaseError):
    """The lock was not had within the wait; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE, busy=True, detail="import lock held elsewhere")


def wait_from_environment() -> float:
    raw = os.environ.get(WAIT_ENV_VAR, "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_WAIT
    except ValueError:
        seconds = DEFAULT_WAIT
    return min(max(seconds, 0.0), 3600.0)


def provider_key(name: str) -> int:
    """A signed 64-bit key for a provider's name (PostgreSQL's advisory locks take one)."""
    digest = hashlib.blake2b(" ".join(name.split()).casefold().encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def lock_for_import(session: Session, provider_name: str, wait: float | None = None) -> None:
    """Take the import lock for ``provider_name`` as the first statement of ``session``'s
    transaction, waiting up to ``wait`` seconds (default: BSCP_MONITOR_IMPORT_WAIT, else
    60); :class:`WriteLockBusy` if it is not had by then."""
    deadline = time.monotonic() + (wait_from_environment() if wait is None else wait)
    connection = session.connection()
    key = provider_key(provider_name)
    while not dialect.try_import_lock(connection, key, max(deadline - time.monotonic(), 0)):
        if time.monotonic() >= deadline:
            raise WriteLockBusy()
        time.sleep(0.2)
