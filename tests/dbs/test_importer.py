"""Importing a provider's DBS spreadsheet: the same verdict every time, the expiry date,
safe re-imports, all or nothing, and the trail (issue 4, points 2 and 5-9)."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bscp_monitor.common import audit
from bscp_monitor.common.progress import Progress
from bscp_monitor.common.settings import set_dbs_recheck_years
from bscp_monitor.data.enums import AuditAction, BarredList, ContactLevel, DbsLevel
from bscp_monitor.data.models import AuditEvent, DbsCheck, ImportBatch, Provider, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import import_writer
from bscp_monitor.dbs.columns import Field
from bscp_monitor.dbs.importer import (
    ImportPlan,
    ImportResult,
    Outcome,
    plan_import,
    read_plan,
    run_import,
    run_to_end,
)
from bscp_monitor.dbs.rows import Severity
from tests.dbs.sheets import dump, write_csv, write_xlsx

TODAY = date(2025, 6, 15)
PROVIDER = "Sunrise Care Ltd"
HEADER = [
    "Name",
    "Role",
    "Contact with children",
    "DBS Certificate Number",
    "DBS Level",
    "DBS Issue Date",
    "DBS Expiry Date",
    "Update Service",
    "Status check date",
]
GOOD = ["Ann Lee", "Carer", "Direct", "111111111111", "Enhanced with barred list"]


def _row(
    name: object = "Ann Lee",
    role: object = "Carer",
    contact: object = "Direct",
    number: object = "111111111111",
    level: object = "Enhanced with barred list",
    issue: object = date(2024, 1, 10),
    expiry: object = None,
    update: object = "No",
    checked: object = None,
) -> list[object]:
    return [name, role, contact, number, level, issue, expiry, update, checked]


def _book(path: Path, *rows: list[object], title: bool = False) -> Path:
    lead = [["Sunrise Care Ltd — Single Central Record"], ["Updated June 2025"]] if title else []
    return write_xlsx(path, {"Staff": [*lead, HEADER, *rows]})


def _plan(store: Store, path: Path, provider: str = PROVIDER, **kwargs: object) -> ImportPlan:
    return plan_import(store, path, provider, today=TODAY, **kwargs)  # type: ignore[arg-type]


def _check_counts(result: ImportResult) -> ImportResult:
    assert result.rows == result.created + result.updated + result.unchanged + result.rejected
    return result


def _import(store: Store, path: Path, provider: str = PROVIDER, **kwargs: object) -> ImportResult:
    return _check_counts(run_to_end(store, _plan(store, path, provider, **kwargs)))


def _count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _checks(store: Store) -> dict[str, DbsCheck]:
    """The latest check of each person, by name."""
    with store.session() as session:
        people = session.scalars(select(StaffMember)).all()
        return {p.full_name: p.dbs_checks[-1] for p in people if p.dbs_checks}


# --- the verdict on each row (point 6) --------------------------------------------------------


def test_the_verdict_on_every_kind_of_row(tmp_path: Path) -> None:
    rows = [
        _row(),  # 4: accepted, nothing to say
        _row(name=None, number="222222222222"),  # 5: no name
        ["Total staff: 12"],  # 6: a note under a part of the table
        _row(name="Bob Ray", number="12345"),  # 7: not 12 digits
        _row(name="Cy Dee", number="333333333333", issue="next week"),  # 8: no date
        _row(name="Di Eve", number="444444444444", issue=TODAY + timedelta(days=1)),  # 9
        _row(name="Ed Fox", number="1111 1111 1111"),  # 10: the number of row 4 again
        _row(name="Flo Gee", number="222222222222"),  # 11: row 5's, but row 5 was rejected
        _row(name="Gus Hay", number=None),  # 12: no number
        _row(name="Hal Ivy", number="555555555555", level="Standard"),  # 13: below enhanced
        _row(name="Ida Jay", number="666666666666", contact="Regular", level="Enhanced"),  # 14
        _row(name="Jo Kay", number="777777777777", contact="Occasional", level="Basic"),  # 15
        _row(name="Kit Lum", number="888888888888", issue=date(2020, 1, 1)),  # 16: expired
        _row(name="Lou May", number="999999999999", expiry=date(2025, 1, 1)),  # 17: expired
        _row(name="Mo Ness", number="121212121212", contact="Occasional", level="Gold"),  # 18
        _row(name="Ned Oak", number=12345678.0),  # 19: zero-padded
        [None] * 9,  # 20: blank, skipped
        [None, "", "  "],  # 21: blank too
        _row(name="Olu Page", number="131313131313", issue="31/02/2024"),  # 22
        ["Notes: checked by HR on 01/06/2025"],  # 23: notes under the table
    ]
    plan = read_plan(_book(tmp_path / "scr.xlsx", *rows, title=True), PROVIDER, today=TODAY)
    assert plan.sheets[0].header_row == 3
    verdicts = {v.row: v for v in plan.verdicts()}
    # Every non-blank row, as numbered, but the notes (rows 6 and 23: not staff rows).
    assert sorted(verdicts) == [4, 5, *range(7, 20), 22]
    assert [(n.row, n.severity) for n in plan.notes()] == [(6, Severity.NOTE), (23, Severity.NOTE)]
    assert plan.notes()[0].message == "Not a staff row; not imported: 'Total staff: 12'."

    def problems(row: int) -> list[tuple[str | None, Severity, str]]:
        return [(p.column, p.severity, p.message) for p in verdicts[row].problems]

    rejected = {row for row, v in verdicts.items() if v.rejected}
    assert rejected == {5, 7, 8, 9, 10, 22}
    assert problems(4) == []
    assert problems(5) == [("Name", Severity.ERROR, "There is no name.")]
    [(column, severity, message)] = problems(7)
    assert (column, severity) == ("DBS Certificate Number", Severity.ERROR)
    assert message == (
        "The certificate number ending 2345 has 5 digits: not a 12-digit DBS certificate number."
    )
    [(column, severity, message)] = problems(8)
    assert (column, severity) == ("DBS Issue Date", Severity.ERROR)
    assert "'next week' is not a date" in message
    assert problems(9) == [
        ("DBS Issue Date", Severity.ERROR, "The DBS issue date is in the future.")
    ]
    assert problems(10) == [
        (
            "DBS Certificate Number",
            Severity.ERROR,
            "The certificate number ending 1111 is already used by an earlier row.",
        )
    ]
    assert problems(11) == []
    assert problems(12) == [
        ("DBS Certificate Number", Severity.WARNING, "There is no DBS certificate number.")
    ]
    [(c1, s1, m1), (c2, s2, m2)] = problems(13)
    assert (c1, s1, c2, s2) == ("DBS Level", Severity.WARNING, "DBS Level", Severity.WARNING)
    assert "needs an enhanced DBS check; this one is standard" in m1
    assert "No children's barred list check" in m2
    [(column, severity, message)] = problems(14)
    assert (column, severity) == ("DBS Level", Severity.WARNING)
    assert message.startswith("No children's barred list check")
    assert "regular contact" in message
    assert problems(15) == []  # occasional contact needs no enhanced check
    assert problems(16) == [
        ("DBS Issue Date", Severity.WARNING, "The DBS check expired on 01/01/2023.")
    ]
    assert problems(17) == [
        ("DBS Expiry Date", Severity.WARNING, "The DBS check expired on 01/01/2025.")
    ]
    assert problems(18) == [
        ("DBS Level", Severity.WARNING, "The DBS level 'Gold' is not recognised.")
    ]
    [(column, severity, message)] = problems(19)
    assert (column, severity) == ("DBS Certificate Number", Severity.WARNING)
    assert "ending 5678 had lost its leading zeros" in message
    assert "4 zeros put back" in message
    [(column, severity, message)] = problems(22)
    assert (column, severity) == ("DBS Issue Date", Severity.ERROR)
    assert "not a real date" in message

    values = {v.values.full_name: v.values for v in verdicts.values() if v.values}
    assert values["Ned Oak"].certificate_number == "000012345678"
    assert values["Gus Hay"].certificate_number is None
    assert values["Mo Ness"].level is DbsLevel.UNKNOWN
    assert values["Ida Jay"].contact_level is ContactLevel.REGULAR
    assert values["Ann Lee"].level is DbsLevel.ENHANCED_BARRED
    assert values["Ann Lee"].barred_list is BarredList.CHILDREN
    assert all(o in (Outcome.CREATED, Outcome.REJECTED) for o in plan.outcomes)
    assert len(plan.outcomes) == len(verdicts)


def test_the_same_file_always_gets_the_same_verdict(tmp_path: Path) -> None:
    path = _book(tmp_path / "scr.xlsx", _row(), _row(name="Total: 1"), _row(name="Bo", number=None))
    first = read_plan(path, PROVIDER, today=TODAY)
    second = read_plan(path, PROVIDER, today=TODAY)
    assert first.verdicts() == second.verdicts()
    assert first.problems() == second.problems()


def test_reading_goes_on_to_the_end_past_blank_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [_row()]
    rows += [[None] * 9] * 40
    rows += [_row(name="Last Person", number="222222222222")]
    plan = read_plan(_book(tmp_path / "gaps.xlsx", *rows), PROVIDER, today=TODAY)
    assert [v.row for v in plan.verdicts()] == [2, 43]
    assert not any(v.rejected for v in plan.verdicts())


def test_a_duplicate_number_across_sheets_is_an_error(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "two.xlsx",
        {
            "Staff": [HEADER, _row()],
            "Volunteers": [HEADER, _row(name="Vic Wu", number="1111-1111-1111")],
        },
    )
    plan = read_plan(path, PROVIDER, today=TODAY)
    [problem] = plan.problems()
    assert (problem.sheet, problem.row, problem.column) == ("Volunteers", 2, HEADER[3])
    assert problem.severity is Severity.ERROR
    assert "already used by an earlier row" in problem.message
    assert [v.rejected for v in plan.verdicts()] == [False, True]


def test_forename_and_surname_columns_make_the_name(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "split.xlsx",
        {
            "Staff": [
                ["Surname", "Forename", "DBS No", "Issued"],
                ["Lee", "Ann", "111111111111", date(2024, 1, 1)],
                ["Total", "12", None, None],
            ]
        },
    )
    plan = read_plan(path, PROVIDER, today=TODAY)
    [first] = plan.verdicts()
    assert first.values is not None
    assert first.values.full_name == "Ann Lee"
    [note] = plan.notes()  # "Total | 12" is a total, not a person
    assert (note.row, note.severity) == (3, Severity.NOTE)


def test_a_csv_has_no_sheet_name_and_rows_as_lines(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "scr.csv",
        [["Staff list"], HEADER, _row(), _row(name="X1", number="222222222222")],
    )
    plan = read_plan(path, PROVIDER, today=TODAY)
    [problem] = plan.problems()
    assert (problem.sheet, problem.row, problem.column) == (None, 4, "Name")


# --- the expiry date (point 2) ----------------------------------------------------------------


def _expiry(store: Store, tmp_path: Path, **cells: object) -> tuple[date | None, bool]:
    path = _book(tmp_path / "expiry.xlsx", _row(**cells))  # type: ignore[arg-type]
    [verdict] = _plan(store, path).verdicts()
    assert verdict.values is not None, verdict.problems
    return verdict.values.expiry_date, verdict.values.expiry_from_provider


def test_the_providers_expiry_date_wins(store: Store, tmp_path: Path) -> None:
    assert _expiry(store, tmp_path, issue=date(2024, 1, 10), expiry=date(2025, 9, 1)) == (
        date(2025, 9, 1),
        True,
    )
    # Even with a recent Update Service check.
    assert _expiry(
        store,
        tmp_path,
        expiry=date(2025, 9, 1),
        update="Yes",
        checked=date(2025, 6, 1),
    ) == (date(2025, 9, 1), True)
    # The renewal date in text, day first.
    assert _expiry(store, tmp_path, expiry="01/09/2025") == (date(2025, 9, 1), True)


def test_otherwise_issue_date_plus_the_policy(store: Store, tmp_path: Path) -> None:
    assert _expiry(store, tmp_path, issue=date(2024, 1, 10)) == (date(2027, 1, 10), False)
    assert _expiry(store, tmp_path, issue=date(2024, 2, 29)) == (date(2027, 2, 28), False)
    assert _expiry(store, tmp_path, issue=None) == (None, False)
    set_dbs_recheck_years(store, 2)
    assert _expiry(store, tmp_path, issue=date(2024, 1, 10)) == (date(2026, 1, 10), False)
    set_dbs_recheck_years(store, 5)
    assert _expiry(store, tmp_path, issue=date(2024, 1, 10)) == (date(2029, 1, 10), False)


def test_the_policy_setting_changes_the_expired_warning(store: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "old.xlsx", _row(issue=date(2023, 1, 1)))
    assert _plan(store, path).problems() == []  # 3 years: until 01/01/2026
    set_dbs_recheck_years(store, 2)
    [problem] = _plan(store, path).problems()
    assert problem.message == "The DBS check expired on 01/01/2025."


def test_update_service_with_a_status_check_within_12_months(store: Store, tmp_path: Path) -> None:
    old_issue = date(2015, 3, 1)
    # Exactly 12 months ago: still current, for 12 months from the check.
    assert _expiry(store, tmp_path, issue=old_issue, update="Yes", checked=date(2024, 6, 15)) == (
        date(2025, 6, 15),
        False,
    )
    path = _book(
        tmp_path / "us.xlsx", _row(issue=old_issue, update="Yes", checked=date(2024, 6, 15))
    )
    assert _plan(store, path).problems() == []  # expires today: not yet expired
    # A day more: the check is too old, so issue + policy (long expired).
    assert _expiry(store, tmp_path, issue=old_issue, update="Yes", checked=date(2024, 6, 14)) == (
        date(2018, 3, 1),
        False,
    )
    # A recent check without the subscription counts for nothing.
    assert _expiry(store, tmp_path, issue=old_issue, update="No", checked=date(2025, 6, 1)) == (
        date(2018, 3, 1),
        False,
    )
    # The subscription without a check date likewise.
    assert _expiry(store, tmp_path, issue=old_issue, update="Yes", checked=None) == (
        date(2018, 3, 1),
        False,
    )
    assert _expiry(store, tmp_path, issue=old_issue, update="Yes", checked=date(2025, 1, 20)) == (
        date(2026, 1, 20),
        False,
    )


# --- writing, and re-importing (point 7) --------------------------------------------------------


def test_an_import_writes_people_and_checks(store: Store, tmp_path: Path) -> None:
    path = _book(
        tmp_path / "scr.xlsx",
        _row(),
        _row(name="Bo Cole", number=None, contact="None", level="Basic", role="Gardener"),
        _row(name="Total: 2"),
    )
    result = _import(store, path)
    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (
        3,
        2,
        0,
        0,
        1,
    )
    assert result.batch_id is not None
    with store.session() as session:
        provider = session.scalar(select(Provider).where(Provider.name == PROVIDER))
        assert provider is not None  # created by the import
        people = {p.full_name: p for p in session.scalars(select(StaffMember))}
        assert set(people) == {"Ann Lee", "Bo Cole"}
        ann = people["Ann Lee"]
        assert ann.provider_id == provider.id
        assert ann.normalised_name == "ann lee"
        assert ann.role == "Carer"
        assert ann.contact_level is ContactLevel.DIRECT
        [check] = ann.dbs_checks
        assert check.certificate_number == "111111111111"
        assert check.level is DbsLevel.ENHANCED_BARRED
        assert check.issue_date == date(2024, 1, 10)
        assert check.expiry_date == date(2027, 1, 10)
        assert check.import_batch_id == result.batch_id
        assert people["Bo Cole"].dbs_checks[0].certificate_number is None


def test_the_same_file_twice_changes_nothing(store: Store, db_path: Path, tmp_path: Path) -> None:
    path = _book(
        tmp_path / "scr.xlsx",
        _row(),
        _row(name="Bo Cole", number=None, update="Yes", checked=date(2025, 3, 1)),
        _row(name="Cy Dee", number=12345678.0, expiry=date(2026, 2, 1)),
        _row(name="Total: 3"),
    )
    first = _import(store, path)
    assert (first.created, first.rejected) == (3, 1)
    before = dump(db_path, skip=("import_batch", "audit_event"))
    batches, events = _count(store, ImportBatch), _count(store, AuditEvent)

    preview = _plan(store, path)
    assert preview.outcomes == (
        Outcome.UNCHANGED,
        Outcome.UNCHANGED,
        Outcome.UNCHANGED,
        Outcome.REJECTED,
    )
    second = _import(store, path)
    assert (second.rows, second.created, second.updated, second.unchanged, second.rejected) == (
        4,
        0,
        0,
        3,
        1,
    )
    assert dump(db_path, skip=("import_batch", "audit_event")) == before
    assert _count(store, ImportBatch) == batches + 1  # the trail of the second import
    assert _count(store, AuditEvent) == events + 1  # its one "import" event, no updates


def test_a_changed_expiry_is_an_update_with_the_old_value_audited(
    store: Store, tmp_path: Path
) -> None:
    _import(
        store,
        _book(
            tmp_path / "v1.xlsx",
            _row(expiry=date(2026, 1, 1)),
            _row(name="Bo Cole", number="222222222222"),
        ),
    )
    result = _import(
        store,
        _book(
            tmp_path / "v2.xlsx",
            _row(expiry=date(2026, 6, 1)),
            _row(name="Bo Cole", number="222222222222"),
        ),
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert _checks(store)["Ann Lee"].expiry_date == date(2026, 6, 1)
    with store.session() as session:
        [event] = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == AuditAction.UPDATE, AuditEvent.entity == "staff_member"
            )
        ).all()
        ann = session.scalar(select(StaffMember).where(StaffMember.full_name == "Ann Lee"))
        assert ann is not None
        assert event.entity_id == ann.id
        assert json.loads(event.changes) == {
            "expiry_date": {"old": "2026-01-01", "new": "2026-06-01"}
        }
        assert event.user == audit.current_user()


def test_rows_match_by_certificate_number_first(store: Store, tmp_path: Path) -> None:
    _import(store, _book(tmp_path / "v1.xlsx", _row(name="Ann Lee")))
    # Married since: the same certificate under a new name is the same person.
    result = _import(store, _book(tmp_path / "v2.xlsx", _row(name="Ann Smith")))
    assert (result.created, result.updated) == (0, 1)
    with store.session() as session:
        [person] = session.scalars(select(StaffMember)).all()
        assert person.full_name == "Ann Smith"
        assert person.normalised_name == "ann smith"
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.UPDATE)
        ).one()
        assert json.loads(event.changes)["full_name"] == {"old": "Ann Lee", "new": "Ann Smith"}


def test_rows_match_by_normalised_name_when_the_number_finds_nobody(
    store: Store, tmp_path: Path
) -> None:
    _import(store, _book(tmp_path / "v1.xlsx", _row(name="Siobhán O'Connor")))
    # A renewed certificate: a new number, the same person by name (case, spaces, ’ ignored).
    path = _book(tmp_path / "v2.xlsx", _row(name="SIOBHÁN  O’CONNOR", number="999999999999"))
    result = _import(store, path)
    assert (result.created, result.updated) == (0, 1)
    [check] = _checks(store).values()
    assert check.certificate_number == "999999999999"
    # And a row without a number matches by name too.
    result = _import(store, _book(tmp_path / "v3.xlsx", _row(name="siobhán o'connor", number=None)))
    assert (result.created, result.updated) == (0, 1)
    assert _count(store, StaffMember) == 1


def test_a_new_person_is_created(store: Store, tmp_path: Path) -> None:
    _import(store, _book(tmp_path / "v1.xlsx", _row()))
    result = _import(
        store, _book(tmp_path / "v2.xlsx", _row(), _row(name="Bo Cole", number="222222222222"))
    )
    assert (result.created, result.unchanged) == (1, 1)
    assert set(_checks(store)) == {"Ann Lee", "Bo Cole"}


def test_another_providers_staff_are_never_matched(store: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "scr.xlsx", _row())
    _import(store, path, provider="Other Provider")
    result = _import(store, path, provider=PROVIDER)
    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    with store.session() as session:
        owners = session.execute(
            select(Provider.name, StaffMember.full_name).join(
                StaffMember, StaffMember.provider_id == Provider.id
            )
        ).all()
    assert sorted(owners) == [("Other Provider", "Ann Lee"), (PROVIDER, "Ann Lee")]


def test_the_provider_is_found_whatever_its_case(store: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "scr.xlsx", _row())
    _import(store, path, provider=PROVIDER)
    result = _import(store, path, provider=f"  {PROVIDER.upper()} ")
    assert result.unchanged == 1
    assert _count(store, Provider) == 1


# --- all or nothing (point 8) -------------------------------------------------------------------


def _existing_then(store: Store, tmp_path: Path) -> Path:
    """A register with two people, and a file that updates one and adds three."""
    _import(store, _book(tmp_path / "v1.xlsx", _row(), _row(name="Bo Cole", number="222222222222")))
    return _book(
        tmp_path / "v2.xlsx",
        _row(expiry=date(2027, 5, 5)),
        _row(name="Bo Cole", number="222222222222"),
        _row(name="Cy Dee", number="333333333333"),
        _row(name="Di Eve", number="444444444444"),
        _row(name="Ed Fox", number="555555555555"),
    )


def test_a_failure_part_way_leaves_the_database_as_it_was(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _existing_then(store, tmp_path)
    before = dump(db_path)
    monkeypatch.setattr(import_writer, "BATCH", 1)
    real_insert = import_writer._insert
    calls = []

    def failing_insert(*args: object) -> None:
        calls.append(args)
        if len(calls) > 1:
            raise RuntimeError("disk on fire")
        real_insert(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(import_writer, "_insert", failing_insert)
    plan = _plan(store, path)
    with pytest.raises(RuntimeError, match="disk on fire"):
        run_to_end(store, plan)
    assert len(calls) == 2  # one batch of rows really was inserted before the failure
    assert dump(db_path) == before
    assert _checks(store)["Ann Lee"].expiry_date == date(2027, 1, 10)  # the update undone


def test_a_failure_in_a_new_providers_first_import_adds_nothing(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _book(tmp_path / "scr.xlsx", _row(), _row(name="Bo Cole", number="222222222222"))
    before = dump(db_path)
    real_insert = import_writer._insert

    def failing_insert(*args: object) -> None:
        real_insert(*args)  # type: ignore[arg-type]
        raise RuntimeError("after the first call")

    monkeypatch.setattr(import_writer, "_insert", failing_insert)
    with pytest.raises(RuntimeError):
        run_to_end(store, _plan(store, path))
    assert dump(db_path) == before
    for model in (Provider, StaffMember, DbsCheck, ImportBatch, AuditEvent):
        assert _count(store, model) == 0, model


def test_cancel_after_the_first_progress_changes_nothing(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    path = _existing_then(store, tmp_path)
    before = dump(db_path)
    runner = run_import(store, _plan(store, path))
    first = next(runner)
    assert isinstance(first, Progress)
    runner.close()
    assert dump(db_path) == before


def test_cancel_in_the_middle_of_the_transaction_changes_nothing(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _existing_then(store, tmp_path)
    before = dump(db_path)
    monkeypatch.setattr(import_writer, "BATCH", 1)
    runner = run_import(store, _plan(store, path))
    seen = [next(runner) for _ in range(4)]  # the start, then rows 1-3 written (in the session)
    assert [p.done for p in seen] == [0, 1, 2, 3]  # type: ignore[attr-defined]
    runner.close()
    assert dump(db_path) == before
    # The same plan run to the end afterwards does all of it.
    result = run_to_end(store, _plan(store, path))
    assert (result.created, result.updated, result.unchanged) == (3, 1, 1)


def test_progress_counts_up_to_the_total(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_writer, "BATCH", 2)
    rows = [_row(name=f"Person {chr(65 + i)}", number=f"{i + 1:012d}") for i in range(5)]
    runner = run_import(store, _plan(store, _book(tmp_path / "p.xlsx", *rows)))
    progress = []
    while True:
        try:
            progress.append(next(runner))
        except StopIteration as stop:
            result = stop.value
            break
    assert [(p.done, p.total) for p in progress] == [(0, 5), (2, 5), (4, 5), (5, 5)]  # type: ignore[attr-defined]
    assert result.created == 5


def test_plan_import_commits_nothing(store: Store, db_path: Path, tmp_path: Path) -> None:
    path = _existing_then(store, tmp_path)
    before = dump(db_path)
    plan = _plan(store, path)
    assert plan.count(Outcome.UPDATED) == 1
    assert plan.count(Outcome.CREATED) == 3
    new_provider = _plan(store, path, provider="Brand New Provider")
    assert new_provider.count(Outcome.CREATED) == 5
    assert dump(db_path) == before
    with store.session() as session:
        assert session.scalar(select(Provider).where(Provider.name == "Brand New Provider")) is None


def test_a_provider_name_is_required(store: Store, tmp_path: Path) -> None:
    from bscp_monitor.common.errors import UserError

    with pytest.raises(UserError, match="Name the provider"):
        plan_import(store, _book(tmp_path / "scr.xlsx", _row()), "  ")


# --- the trail (point 9) and the remembered mapping (point 5) ---------------------------------


def test_the_import_batch_records_the_file_and_counts(store: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "Sunrise SCR June.xlsx", _row(), _row(name="Total: 1"))
    started = datetime.now().astimezone()
    result = _import(store, path)
    with store.session() as session:
        batch = session.get_one(ImportBatch, result.batch_id)
        provider = session.scalar(select(Provider).where(Provider.name == PROVIDER))
        assert provider is not None
        assert batch.file_name == "Sunrise SCR June.xlsx"
        assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert batch.user == audit.current_user()
        assert batch.user
        assert batch.provider_id == provider.id
        assert (batch.rows, batch.created, batch.updated, batch.unchanged, batch.rejected) == (
            2,
            1,
            0,
            0,
            1,
        )
        assert json.loads(batch.column_mapping) == {
            "Name": "name",
            "Role": "role",
            "Contact with children": "contact_level",
            "DBS Certificate Number": "certificate_number",
            "DBS Level": "level",
            "DBS Issue Date": "issue_date",
            "DBS Expiry Date": "expiry_date",
            "Update Service": "update_service",
            "Status check date": "update_service_check_date",
        }
        assert batch.imported_at >= started - timedelta(seconds=5)
        assert batch.imported_at <= datetime.now().astimezone() + timedelta(seconds=5)
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.IMPORT)
        ).one()
        assert event.entity == "import_batch"
        assert event.entity_id == batch.id


def _ident_book(path: Path, *people: tuple[str, str]) -> Path:
    header = ["Name", "Ident", "Issued", "Level"]
    rows = [
        [name, number, date(2024, 1, 10), "Enhanced with barred list"] for name, number in people
    ]
    return write_xlsx(path, {"Staff": [header, *rows]})


def test_the_mapping_is_remembered_per_provider(store: Store, tmp_path: Path) -> None:
    first = _ident_book(tmp_path / "v1.xlsx", ("Ann Lee", "111111111111"))
    result = _import(store, first, overrides={"Ident": Field.CERTIFICATE})
    assert result.problems == ()
    with store.session() as session:
        batch = session.get_one(ImportBatch, result.batch_id)
        assert json.loads(batch.column_mapping)["Ident"] == "certificate_number"
        provider = session.scalar(select(Provider).where(Provider.name == PROVIDER))
        assert provider is not None
        assert provider.dbs_column_mapping
        assert json.loads(provider.dbs_column_mapping)["Ident"] == "certificate_number"

    second = _ident_book(
        tmp_path / "v2.xlsx", ("Ann Lee", "111111111111"), ("Bo Cole", "222222222222")
    )
    result = _import(store, second)  # no overrides: the first import's mapping is used
    assert (result.created, result.unchanged) == (1, 1)
    assert _checks(store)["Bo Cole"].certificate_number == "222222222222"

    # Another provider has no remembered mapping: "Ident" is not read.
    plan = _plan(store, second, provider="Other Provider")
    assert all(v.values and v.values.certificate_number is None for v in plan.verdicts())
    assert {p.message for p in plan.problems()} == {"There is no DBS certificate number."}


def test_an_override_beats_the_remembered_mapping(store: Store, tmp_path: Path) -> None:
    path = _ident_book(tmp_path / "v1.xlsx", ("Ann Lee", "111111111111"))
    _import(store, path, overrides={"Ident": Field.CERTIFICATE})
    plan = _plan(store, path, overrides={"Ident": Field.IGNORE})
    [verdict] = plan.verdicts()
    assert verdict.values is not None
    assert verdict.values.certificate_number is None


def test_people_sharing_a_name_are_matched_once_each_on_re_import(
    store: Store, tmp_path: Path
) -> None:
    """A row without a number must not take the record a numbered row already matched."""
    import csv

    from bscp_monitor.dbs.importer import import_file

    path = tmp_path / "same-names.csv"
    rows = [
        ["Name", "DBS Number", "DBS Issue Date", "Level"],
        ["John Smith", "001234567890", "01/01/2024", "Enhanced with barred list"],
        ["John Smith", "", "01/01/2024", "Enhanced with barred list"],
        ["John Smith", "", "02/01/2024", "Enhanced with barred list"],
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    first = import_file(store, path, "Provider")
    assert (first.created, first.unchanged) == (3, 0)
    for _ in range(2):
        again = import_file(store, path, "Provider")
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


# --- the DBS standing kept on each person (data/dbs_triggers.py) -----------------------------


def _standings(store: Store) -> dict[str, tuple[str, date | None]]:
    with store.session() as session:
        rows = session.execute(
            select(StaffMember.full_name, StaffMember.dbs_standing, StaffMember.dbs_expiry)
        )
        return {name: (standing.value, expiry) for name, standing, expiry in rows}


def _recomputed(store: Store) -> dict[str, tuple[str, date | None]]:
    """Every standing worked out afresh from the checks by the triggers' own statement."""
    from bscp_monitor.data.dbs_triggers import RECOMPUTE_ALL

    with store.engine.begin() as connection:
        connection.exec_driver_sql(RECOMPUTE_ALL)
    return _standings(store)


def test_the_import_stores_each_persons_standing_as_the_triggers_would(
    store: Store, tmp_path: Path
) -> None:
    first = _book(
        tmp_path / "v1.xlsx",
        _row(expiry=date(2026, 1, 1)),
        _row(name="Bo Cole", number="222222222222", level="Standard", contact="Regular"),
        _row(name="Cy Dunn", number="333333333333", level="Basic", contact="Occasional"),
        _row(name="Di Eve", number=None),
        _row(name="Ed Fox", number="555555555555", contact="None", level="Enhanced"),
    )
    _import(store, first)
    stored = _standings(store)
    assert stored["Ann Lee"] == ("dated", date(2026, 1, 1))
    assert stored["Bo Cole"][0] == "invalid"  # regular contact needs an enhanced check
    assert stored["Cy Dunn"][0] == "dated"  # occasional contact: any level will do
    assert stored["Di Eve"] == ("missing", None)
    assert _recomputed(store) == stored

    second = _book(  # changes of level, contact and number, and a newcomer
        tmp_path / "v2.xlsx",
        _row(expiry=date(2026, 1, 1), level="Standard"),
        _row(name="Bo Cole", number="222222222222", contact="Regular"),
        _row(name="Cy Dunn", number="333333333333", level="Basic", contact="Direct"),
        _row(name="Di Eve", number="444444444444"),
        _row(name="Ed Fox", number="555555555555", contact="None", level="Enhanced"),
        _row(name="Flo Gee", number="666666666666"),
    )
    result = _import(store, second)
    assert (result.created, result.updated) == (1, 4)
    stored = _standings(store)
    assert stored["Ann Lee"] == ("invalid", date(2026, 1, 1))
    assert stored["Bo Cole"][0] == "dated"
    assert stored["Cy Dunn"][0] == "invalid"
    assert stored["Di Eve"][0] == "dated"
    assert _recomputed(store) == stored


def test_the_trigger_and_index_are_back_after_an_import(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    import sqlite3

    def schema() -> set[str]:
        with sqlite3.connect(db_path) as db:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')")
            names = {r[0] for r in rows}
        db.close()
        return names

    before = schema()
    assert {"trg_dbs_check_inserted", "ix_staff_member_dbs_due"} <= before
    _import(store, _book(tmp_path / "v1.xlsx", _row(number=None)))
    assert schema() == before
    # The trigger works again: a check added by hand makes the person "dated".
    with store.session() as session:
        person = session.scalars(select(StaffMember)).one()
        session.add(
            DbsCheck(
                staff_member=person,
                certificate_number="123412341234",
                level=DbsLevel.ENHANCED_BARRED,
                barred_list=BarredList.CHILDREN,
                expiry_date=date(2027, 2, 2),
            )
        )
    assert _standings(store)["Ann Lee"] == ("dated", date(2027, 2, 2))


@pytest.mark.parametrize("contact", ["Occasional", "Direct"])
def test_a_person_without_a_check_gets_the_right_standing_from_an_import(
    store: Store, tmp_path: Path, contact: str
) -> None:
    """The contact trigger runs before the new check is written (and the insert trigger is
    off while loading): the import must still leave the standing right."""
    from bscp_monitor.dbs.values import normalise_name

    with store.session() as session:
        provider = Provider(name=PROVIDER)
        session.add(provider)
        session.flush()
        session.add(
            StaffMember(
                provider_id=provider.id,
                full_name="Ann Lee",
                normalised_name=normalise_name("Ann Lee"),
                contact_level=ContactLevel.OCCASIONAL,
            )
        )
    result = _import(
        store, _book(tmp_path / "v1.xlsx", _row(contact=contact, expiry=date(2027, 1, 10)))
    )
    assert result.updated == 1
    stored = _standings(store)
    assert stored == {"Ann Lee": ("dated", date(2027, 1, 10))}
    assert _recomputed(store) == stored


def test_a_provider_named_with_accented_capitals_is_found_again(
    store: Store, tmp_path: Path
) -> None:
    """SQLite's lower() folds ASCII only: 'Éire' must still match 'éire' on re-import."""
    _import(store, _book(tmp_path / "v1.xlsx", _row(expiry=date(2026, 1, 1))), "Éire Youth Trust")
    result = _import(
        store, _book(tmp_path / "v2.xlsx", _row(expiry=date(2026, 6, 1))), "ÉIRE YOUTH TRUST"
    )
    assert (result.created, result.updated) == (0, 1)
    assert _count(store, Provider) == 1


def test_a_newcomer_who_shares_a_leavers_name_is_a_new_person(store: Store, tmp_path: Path) -> None:
    from bscp_monitor.dbs import register as dbs_register

    _import(store, _book(tmp_path / "v1.xlsx", _row(name="Chloe Barker")))
    [leaver] = dbs_register.list_staff(store, today=TODAY)
    dbs_register.update_staff(store, leaver.id, left_on=TODAY - timedelta(days=200))
    newcomer = _row(name="Chloe Barker", number="300000000001", expiry=TODAY - timedelta(days=1))
    result = _import(store, _book(tmp_path / "v2.xlsx", newcomer))
    assert (result.created, result.updated) == (1, 0)
    [current] = dbs_register.list_staff(store, today=TODAY)
    assert current.full_name == "Chloe Barker"
    assert current.id != leaver.id
    assert current.status is dbs_register.DbsStatus.EXPIRED
    everyone = dbs_register.list_staff(store, include_left=True, today=TODAY)
    assert {p.certificate_number for p in everyone} == {"111111111111", "300000000001"}


def test_a_leaver_back_on_the_providers_list_is_current_again(store: Store, tmp_path: Path) -> None:
    """The sheet is the provider's list of current staff: someone marked as left who is on
    it again (the same certificate) is reinstated, and the trail says so."""
    from bscp_monitor.dbs import register as dbs_register

    path = _book(tmp_path / "v1.xlsx", _row(expiry=TODAY + timedelta(days=400)))
    _import(store, path)
    [person] = dbs_register.list_staff(store, today=TODAY)
    left = TODAY - timedelta(days=30)
    dbs_register.update_staff(store, person.id, left_on=left)
    assert dbs_register.list_staff(store, today=TODAY) == []
    result = _import(store, _book(tmp_path / "v2.xlsx", _row(expiry=TODAY + timedelta(days=400))))
    assert (result.created, result.updated) == (0, 1)
    [back] = dbs_register.list_staff(store, today=TODAY)
    assert back.id == person.id
    assert back.left_on is None
    assert _standings(store)["Ann Lee"][0] == "dated"
    with store.session() as session:
        event = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == AuditAction.UPDATE, AuditEvent.entity == "staff_member")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None
        assert json.loads(event.changes)["left_on"] == {"old": left.isoformat(), "new": None}
