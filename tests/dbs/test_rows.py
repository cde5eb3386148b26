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


def test_a_date_written_again_reads_as_it_did_and_a_birth_date_apart() -> None:
    """Dates written as text are remembered per sheet (a long sheet repeats them); a date of
    birth reads a two-digit year otherwise (the latest such year not ahead), so the same
    text is a different date there -- and an issue date in the future is still an error."""
    from bscp_monitor.dbs.columns import Column, Field
    from bscp_monitor.dbs.rows import RowReader

    columns = [
        Column(0, "Name", Field.FULL_NAME),
        Column(1, "Date of birth", Field.DATE_OF_BIRTH),
        Column(2, "DBS Certificate Number", Field.CERTIFICATE),
        Column(3, "DBS Issue Date", Field.ISSUE_DATE),
    ]
    reader = RowReader("SCR", columns, 3, date(2025, 6, 15))
    seen: set[str] = set()
    first = reader.read(["Ann Lee", "01/02/30", "111111111111", "01/02/24"], 2, seen)
    assert first.values is not None
    assert first.values.date_of_birth == date(1930, 2, 1)
    assert first.values.issue_date == date(2024, 2, 1)
    again = reader.read(["Bo Cole", "01/02/24", "222222222222", "01/02/30"], 3, seen)
    assert again.values is None  # an issue date of 01/02/2030 is in the future
    assert [p.message for p in again.problems] == ["The DBS issue date is in the future."]
    third = reader.read(["Cy Dee", "01/02/24", "333333333333", "01/02/24"], 4, seen)
    assert third.values is not None
    assert third.values.date_of_birth == date(2024, 2, 1)
    assert third.values.issue_date == date(2024, 2, 1)
