"""The verdict records: frozen dataclasses whose hand-written __init__ (fast: one step instead
of one object.__setattr__ per field) must take exactly the fields, in order."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import date

import pytest

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.rows import Problem, RowVerdict, Severity, StaffValues


@pytest.mark.parametrize("cls", [Problem, StaffValues, RowVerdict])
def test_init_takes_the_fields_in_order(cls: type) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters)[1:]
    assert parameters == [f.name for f in dataclasses.fields(cls)]


def _values(**changes: object) -> StaffValues:
    fields: dict[str, object] = {
        "full_name": "Ann Lee",
        "role": "Cook",
        "contact_level": ContactLevel.DIRECT,
        "date_of_birth": None,
        "start_date": date(2020, 1, 6),
        "certificate_number": "001234567890",
        "level": DbsLevel.ENHANCED_BARRED,
        "barred_list": BarredList.CHILDREN,
        "barred_list_checked_on": None,
        "issue_date": date(2023, 3, 12),
        "expiry_date": date(2026, 3, 12),
        "expiry_from_provider": False,
        "update_service": True,
        "update_service_checked_on": None,
    }
    fields.update(changes)
    return StaffValues(**fields)  # type: ignore[arg-type]


def test_records_stay_frozen_comparable_hashable_and_replaceable() -> None:
    values = _values()
    assert values == _values()
    assert hash(values) == hash(_values())
    assert values != _values(role="Driver")
    assert dataclasses.replace(values, role="Driver") == _values(role="Driver")
    assert dataclasses.asdict(values)["certificate_number"] == "001234567890"
    with pytest.raises(dataclasses.FrozenInstanceError):
        values.role = "Driver"  # type: ignore[misc]
    problem = Problem("SCR", 5, "Level", Severity.WARNING, "Not recognised.")
    verdict = RowVerdict("SCR", 5, ("Ann Lee",), values, (problem,))
    assert verdict == RowVerdict("SCR", 5, ("Ann Lee",), values, (problem,))
    assert not verdict.rejected
    assert RowVerdict(sheet="SCR", row=6, cells=(), values=None, problems=()).rejected
    assert repr(problem) == (
        "Problem(sheet='SCR', row=5, column='Level', severity=<Severity.WARNING: 'warning'>, "
        "message='Not recognised.')"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.message = "changed"  # type: ignore[misc]
