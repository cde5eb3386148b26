"""Named settings stored in the database (e.g. the DBS re-check policy)."""

from __future__ import annotations

from bscp_monitor import audit
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import AppSetting
from bscp_monitor.data.store import Store
from bscp_monitor.errors import ValidationError

DBS_RECHECK_YEARS = "dbs_recheck_years"
DEFAULTS = {DBS_RECHECK_YEARS: "3"}


def get_setting(store: Store, key: str) -> str:
    with store.session() as session:
        row = session.get(AppSetting, key)
        return row.value if row is not None else DEFAULTS[key]


def set_setting(store: Store, key: str, value: str) -> None:
    if key not in DEFAULTS:
        raise ValidationError(f"There is no setting called {key}.")
    with store.session() as session:
        row = session.get(AppSetting, key)
        old = row.value if row is not None else DEFAULTS[key]
        if row is None:
            session.add(AppSetting(key=key, value=value))
        else:
            row.value = value
        if old != value:
            audit.record(
                session, AuditAction.UPDATE, "setting", 0, f"Setting {key}", {key: (old, value)}
            )


def dbs_recheck_years(store: Store) -> int:
    """Years after issue that a DBS check is re-checked when the provider gives no date."""
    return int(get_setting(store, DBS_RECHECK_YEARS))


def set_dbs_recheck_years(store: Store, years: int) -> None:
    if not 1 <= years <= 10:
        raise ValidationError("The DBS re-check policy must be between 1 and 10 years.")
    set_setting(store, DBS_RECHECK_YEARS, str(years))
