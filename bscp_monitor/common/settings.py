"""Named settings stored in the database (e.g. the DBS re-check policy)."""

from __future__ import annotations

from bscp_monitor.common import audit
from bscp_monitor.common.errors import ValidationError
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import AppSetting
from bscp_monitor.data.store import Store

DBS_RECHECK_YEARS = "dbs_recheck_years"
DBS_RETENTION_MONTHS = "dbs_retention_months"
#: Leavers' DBS certificate numbers and dates of birth are erased this long after they left
#: (dbs/retention.py, purge-leavers).
DEFAULTS = {DBS_RECHECK_YEARS: "3", DBS_RETENTION_MONTHS: "12"}


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


THEMATIC_MONTHS = {
    "high": "thematic_months_high",
    "medium": "thematic_months_medium",
    "low": "thematic_months_low",
}
DEFAULTS.update(
    {"thematic_months_high": "6", "thematic_months_medium": "12", "thematic_months_low": "24"}
)


def thematic_interval_months(store: Store) -> dict[str, int]:
    """Months between thematic checks by risk level (high 6, medium 12, low 24 by default)."""
    with store.session() as session:
        stored = {
            row.key: row.value
            for row in session.query(AppSetting).filter(
                AppSetting.key.in_(list(THEMATIC_MONTHS.values()))
            )
        }
    return {risk: int(stored.get(key, DEFAULTS[key])) for risk, key in THEMATIC_MONTHS.items()}


def set_thematic_interval(store: Store, risk: str, months: int) -> None:
    if risk not in THEMATIC_MONTHS:
        raise ValidationError(f"There is no risk level called {risk}.")
    if not 1 <= months <= 60:
        raise ValidationError("Thematic checks must be between 1 and 60 months apart.")
    set_setting(store, THEMATIC_MONTHS[risk], str(months))
