"""Importing a provider's DBS spreadsheet: read, find the table, judge each row, match it to
the register (by certificate number, else by name) and write it all in one transaction.

``plan_import`` commits nothing (the preview and --dry-run); ``run_import`` is a generator
yielding Progress and committing only when it completes, so stopping it (Cancel) leaves the
database as it was.
"""

from __future__ import annotations

import gc
import hashlib
import json
from bisect import insort_right
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import cached_property
from operator import attrgetter
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.attributes import set_committed_value

from bscp_monitor.common import audit
from bscp_monitor.common.caseless import caseless
from bscp_monitor.common.errors import UserError
from bscp_monitor.common.progress import Progress
from bscp_monitor.common.settings import dbs_recheck_years
from bscp_monitor.data.dbs_triggers import bulk_load, recompute
from bscp_monitor.data.enums import AuditAction, BarredList, ContactLevel, DbsLevel, DbsStanding
from bscp_monitor.data.models import DbsCheck, ImportBatch, Provider, StaffMember
from bscp_monitor.data.server_roles import masked_numbers, numbers_held, numbers_hidden
from bscp_monitor.data.store import Store
from bscp_monitor.data.write_lock import lock_for_import
from bscp_monitor.dbs.changes import (
    CHECK_FIELDS,
    STAFF_FIELDS,
    Change,
    differences,
    json_value,
    kept_warnings,
    rejudged_warnings,
    reported,
)
from bscp_monitor.dbs.columns import Column, Field, HeaderFound, apply_overrides, find_header
from bscp_monitor.dbs.notes import note_text
from bscp_monitor.dbs.register import standing_of
from bscp_monitor.dbs.rows import (
    NO_NUMBER,
    Problem,
    RowReader,
    RowVerdict,
    Severity,
    StaffValues,
    is_contact_warning,
)
from bscp_monitor.dbs.spreadsheet_reader import SpreadsheetError, read_spreadsheet
from bscp_monitor.dbs.values import normalise_name

_ROW = attrgetter("row")


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"
    NOTE = "note"  # shown in the preview only: a line that is not a staff row


@dataclass(frozen=True)
class SheetPlan:
    name: str | None
    header_row: int  # as the spreadsheet shows it
    columns: tuple[Column, ...]
    verdicts: tuple[RowVerdict, ...]
    notes: tuple[Problem, ...] = ()  # lines that are not staff rows (severity "note")
    titles: tuple[str, ...] = ()  # the text of the rows above the table (a provider's name)


@dataclass(frozen=True)
class ImportPlan:
    path: Path
    sha256: str
    provider_name: str
    sheets: tuple[SheetPlan, ...]
    outcomes: tuple[Outcome, ...]  # one per verdict, sheets in order
    changes: tuple[Change, ...] = ()  # what each updated person's record gains or loses
    kept: tuple[Problem, ...] = ()  # "Blank in the sheet; kept ...", found by matching
    #: Rows of people whose stored number the sheet does not touch: no "no number" warning.
    settled: frozenset[tuple[str | None, int]] = frozenset()
    #: Rows of people matched in the register: their contact-rule warnings are in ``kept``,
    #: judged on the record the import leaves (what the row gives, else what is stored).
    rejudged: frozenset[tuple[str | None, int]] = frozenset()
    policy_years: int = 3
    today: date | None = None

    def verdicts(self) -> list[RowVerdict]:
        return [v for s in self.sheets for v in s.verdicts]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o is outcome)

    def problems(self) -> list[Problem]:
        """Every problem, sheet by sheet in row order: the rows', the notes and the kept."""
        kept: dict[str | None, list[Problem]] = {}
        for problem in self.kept:
            kept.setdefault(problem.sheet, []).append(problem)
        settled, rejudged = self.settled, self.rejudged
        found: list[Problem] = []
        for sheet in self.sheets:
            rows = [p for v in sheet.verdicts for p in v.problems]
            if settled:
                rows = [
                    p for p in rows if p.message != NO_NUMBER or (p.sheet, p.row) not in settled
                ]
            if rejudged:
                rows = [
                    p for p in rows if (p.sheet, p.row) not in rejudged or not is_contact_warning(p)
                ]
            # The rows' problems are in row order already: the few more go in by row, after
            # any of their row (a sort of tens of thousands of problems would cost more).
            for problem in [*sheet.notes, *kept.get(sheet.name, ())]:
                insort_right(rows, problem, key=_ROW)
            found += rows
        return found

    def row_problems(self, verdict: RowVerdict) -> list[Problem]:
        """One row's problems as ``problems`` gives them (for the preview)."""
        where = (verdict.sheet, verdict.row)
        found = [p for p in verdict.problems if p.message != NO_NUMBER or where not in self.settled]
        if where in self.rejudged:
            found = [p for p in found if not is_contact_warning(p)]
        return found + self._kept_by_row.get(where, [])

    @cached_property
    def _kept_by_row(self) -> dict[tuple[str | None, int], list[Problem]]:
        by_row: dict[tuple[str | None, int], list[Problem]] = {}
        for problem in self.kept:
            by_row.setdefault((problem.sheet, problem.row), []).append(problem)
        return by_row

    def notes(self) -> list[Problem]:
        return [n for s in self.sheets for n in s.notes]

    def mapping(self) -> dict[str, str]:
        return {
            c.header: (c.field.value if c.field else Field.IGNORE.value)
            for s in self.sheets
            for c in s.columns
        }


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    problems: tuple[Problem, ...]
    batch_id: int | None
    changes: tuple[Change, ...] = ()


def result_of(plan: ImportPlan, batch_id: int | None = None) -> ImportResult:
    return ImportResult(
        rows=len(plan.outcomes),
        created=plan.count(Outcome.CREATED),
        updated=plan.count(Outcome.UPDATED),
        unchanged=plan.count(Outcome.UNCHANGED),
        rejected=plan.count(Outcome.REJECTED),
        problems=tuple(plan.problems()),
        batch_id=batch_id,
        changes=plan.changes,
    )


def change_documents(changes: Iterable[Change], reveal: bool = False) -> list[dict[str, object]]:
    """The import JSON's "changes": sheet, row, field, old, new (numbers masked)."""
    return [
        {
            "sheet": c.sheet,
            "row": c.row,
            "field": c.field,
            "old": json_value(c.field, c.old, reveal),
            "new": json_value(c.field, c.new, reveal),
        }
        for c in changes
    ]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def remembered_mapping(store: Store, provider_name: str) -> dict[str, Field]:
    with store.session() as session:
        text = session.scalar(
            select(Provider.dbs_column_mapping).where(
                func.casefold(Provider.name) == caseless(provider_name.strip())
            )
        )
    if not text:
        return {}
    return {header: Field(field) for header, field in json.loads(text).items()}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector held off during the bulk work of an import.

    An import builds hundreds of thousands of objects that all live to its end (cells,
    verdicts, problems); the collector would scan them again and again, for a third of the
    time. They hold no cycles, and reference counting still frees everything else. Pauses
    nest: the outermost one switches the collector back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_gc_paused()
def read_plan(
    path: Path,
    provider_name: str,
    sheet: str | None = None,
    overrides: dict[str, Field] | None = None,
    policy_years: int = 3,
    today: date | None = None,
) -> ImportPlan:
    """Read and judge the file (no database): every outcome is CREATED or REJECTED."""
    today = today or date.today()
    path = Path(path)
    sheets_data = read_spreadsheet(path, sheet)
    plans = []
    seen: set[str] = set()  # certificate numbers of accepted rows, across every sheet
    for data in sheets_data:
        found = find_header(data.rows, data.merged)
        if found is None:
            continue
        if overrides:
            found = apply_overrides(found, overrides)
        plans.append(
            _sheet_plan(
                data.name, data.rows, data.first_row_number, found, policy_years, today, seen
            )
        )
    if not plans:
        where = f"the sheet '{sheet}'" if sheet else path.name
        raise SpreadsheetError(
            f"No table of staff was found in {where}: no row in the first 30 has three column "
            "names BSCP Monitor knows (such as Name, DBS Certificate Number, DBS Issue Date). "
            "Check the file, or name the columns with --map."
        )
    if not any(
        c.field in (Field.FULL_NAME, Field.SURNAME, Field.FORENAME)
        for s in plans
        for c in s.columns
    ):
        raise SpreadsheetError(
            f"No column of names was found in {path.name}. Map one with "
            '--map "Header=name" (or choose it in the mapping).'
        )
    outcomes = tuple(
        Outcome.REJECTED if v.rejected else Outcome.CREATED for p in plans for v in p.verdicts
    )
    return ImportPlan(
        path,
        _sha256(path),
        provider_name.strip(),
        tuple(plans),
        outcomes,
        policy_years=policy_years,
        today=today,
    )


def _sheet_plan(
    name: str | None,
    rows: list[list[object]],
    first_row_number: int,
    found: HeaderFound,
    policy_years: int,
    today: date,
    seen: set[str],
) -> SheetPlan:
    # A CSV (no sheet name) holds every value as text, as Excel wrote it: a certificate
    # number there has lost its leading zeros as a number cell would.
    reader = RowReader(name, found.columns, policy_years, today, text_lost_zeros=name is None)
    verdicts = []
    notes = []
    read = reader.read
    names = [c.index for c in found.columns if c.field in _NAME_FIELDS]
    name_column = min(names) if names else None
    heading = _row_key(rows[found.row])  # the column headings, repeated in a long sheet
    after_blank = False
    for index in range(found.row + 1, len(rows)):
        cells = rows[index]
        for cell in cells:  # a blank row (no cell, or only spaces) is skipped
            if cell is not None and not (isinstance(cell, str) and not cell.strip()):
                row = first_row_number + index
                # Most rows are people, read at once; a line of one or two cells of text,
                # or a row that reads as no one with a number, may be a note instead.
                text = None
                if type(cell) is str and len(cells) - cells.count(None) <= 2:
                    text = note_text(cells, after_blank, name_column)
                elif (
                    type(cell) is str and cell.strip() == heading[0] and _row_key(cells) == heading
                ):  # the column headings again: not a person
                    text = " | ".join(heading)[:80]
                if text is None:
                    verdict = read(cells, row, seen)
                    values = verdict.values
                    if type(cell) is str and (values is None or values.certificate_number is None):
                        text = note_text(cells, after_blank, name_column)
                    if text is None:
                        verdicts.append(verdict)
                if text is not None:
                    notes.append(
                        Problem(
                            name,
                            row,
                            None,
                            Severity.NOTE,
                            f"Not a staff row; not imported: '{text}'.",
                        )
                    )
                after_blank = False
                # The row is judged (a verdict keeps its cells): its list goes now, so a
                # sheet's grid is not held beside every verdict's copy to the end.
                rows[index] = _JUDGED
                break
        else:  # a blank row under staff rows: a line of text after it is a note
            after_blank = bool(verdicts)
    titles = tuple(
        text
        # (not the row of group headings over the columns: "Employee", "DBS", "Barred list")
        for row in rows[: min(found.row - any(c.group for c in found.columns), 12)]
        if (text := " ".join(c.strip() for c in row if isinstance(c, str) and c.strip()))
    )
    return SheetPlan(
        name, first_row_number + found.row, found.columns, tuple(verdicts), tuple(notes), titles
    )


_NAME_FIELDS = (Field.FULL_NAME, Field.SURNAME, Field.FORENAME)
_JUDGED: list[object] = []  # in the grid, in place of a row already judged


def _row_key(cells: list[object]) -> tuple[str, ...]:
    """A row's cells of text as written (blanks left out), to know the headings again."""
    return tuple(" ".join(str(c).split()) for c in cells if c is not None and str(c).strip())


@_gc_paused()
def plan_import(
    store: Store,
    path: Path,
    provider_name: str,
    sheet: str | None = None,
    overrides: dict[str, Field] | None = None,
    today: date | None = None,
) -> ImportPlan:
    """The preview: the file judged and matched against the register; commits nothing."""
    if not provider_name.strip():
        raise UserError("Name the provider whose staff these are.")
    mapping = remembered_mapping(store, provider_name)
    mapping.update(overrides or {})
    plan = read_plan(path, provider_name, sheet, mapping, dbs_recheck_years(store), today)
    with store.session() as session:
        provider_id = session.scalar(
            select(Provider.id).where(
                func.casefold(Provider.name) == caseless(provider_name.strip())
            )
        )
        matched = _classify(session, provider_id, plan)
        session.rollback()
    return replace(
        plan,
        outcomes=matched.outcomes,
        changes=matched.changes,
        kept=matched.kept,
        settled=matched.settled,
        rejudged=matched.rejudged,
    )


@dataclass
class _Existing:
    staff: StaffMember
    check: DbsCheck | None


def _sheet_numbers(plan: ImportPlan) -> list[str]:
    return sorted(
        {
            v.values.certificate_number
            for v in plan.verdicts()
            if v.values is not None and v.values.certificate_number
        }
    )


def _index(
    session: Session, provider_id: int | None, plan: ImportPlan | None = None
) -> tuple[dict[str, _Existing], dict[str, list[_Existing]]]:
    """The provider's people by certificate number and by name, each with their latest check.

    ``plan``: for the sheet's certificate numbers (gathered only when needed). A login that
    may not read full numbers (a team server's editor) learns only those of the register
    that are among them (the server's dbs_checks_numbered); any other number it sees
    masked, which equals no number a sheet can hold -- so rows match and differ exactly as
    they would for the owner."""
    by_number: dict[str, _Existing] = {}
    by_name: dict[str, list[_Existing]] = {}
    if provider_id is None:
        return by_number, by_name
    staff = session.scalars(
        select(StaffMember).where(StaffMember.provider_id == provider_id).order_by(StaffMember.id)
    ).all()
    hidden = numbers_hidden(session.connection())
    query = (
        select(DbsCheck)
        .join(StaffMember, StaffMember.id == DbsCheck.staff_member_id)
        .where(StaffMember.provider_id == provider_id)
        .order_by(DbsCheck.id)
    )
    if hidden:
        query = query.options(defer(DbsCheck.certificate_number, raiseload=True))
    checks: dict[int, DbsCheck] = {}
    for check in session.scalars(query):
        checks[check.staff_member_id] = check  # the latest check per person
    if hidden:
        numbers = _sheet_numbers(plan) if plan is not None else []
        _fill_numbers(session, list(checks.values()), numbers)
    for person in staff:
        existing = _Existing(person, checks.get(person.id))
        if existing.check is not None and existing.check.certificate_number:
            # A number is matched to the current holder before a leaver who once held it.
            held = by_number.get(existing.check.certificate_number)
            if held is None or (held.staff.left_on is not None and person.left_on is None):
                by_number[existing.check.certificate_number] = existing
        if person.left_on is None:  # a newcomer who shares a leaver's name is someone else
            by_name.setdefault(person.normalised_name, []).append(existing)
    return by_number, by_name


def _fill_numbers(session: Session, checks: list[DbsCheck], numbers: list[str]) -> None:
    """Each check's number as this login may know it, set as if loaded (nothing to write)."""
    connection = session.connection()
    known = numbers_held(connection, numbers)
    masked = masked_numbers(connection, [c.id for c in checks if c.id not in known])
    for check in checks:
        value = known[check.id] if check.id in known else masked.get(check.id)
        set_committed_value(check, "certificate_number", value)


def _match(
    values: StaffValues,
    by_number: dict[str, _Existing],
    by_name: dict[str, list[_Existing]],
    claimed: set[int],
) -> _Existing | None:
    """The record a row updates: by certificate number, else the first person of that name
    not already matched by an earlier row of this file (people can share a name)."""
    if values.certificate_number and values.certificate_number in by_number:
        found = by_number[values.certificate_number]
        return None if found.staff.id in claimed else found
    if not by_name:
        return None
    for candidate in by_name.get(normalise_name(values.full_name), ()):
        if candidate.staff.id not in claimed:
            return candidate
    return None


@dataclass(frozen=True)
class _Matched:
    outcomes: tuple[Outcome, ...]
    changes: tuple[Change, ...] = ()
    kept: tuple[Problem, ...] = ()
    settled: frozenset[tuple[str | None, int]] = frozenset()
    rejudged: frozenset[tuple[str | None, int]] = frozenset()


def _settled(verdict: RowVerdict, values: StaffValues, existing: _Existing) -> bool:
    """A row that leaves alone the number the register holds for the person."""
    check = existing.check
    return (
        check is not None
        and bool(check.certificate_number)
        and "certificate_number" not in values.given
    )


def _classify(session: Session, provider_id: int | None, plan: ImportPlan) -> _Matched:
    """Each row's outcome against the register, the changes and the kept-value warnings."""
    by_number, by_name = _index(session, provider_id, plan)
    if not by_number and not by_name:  # nobody to match (a new provider): all created
        return _Matched(
            tuple(
                Outcome.REJECTED if v.values is None else Outcome.CREATED for v in plan.verdicts()
            )
        )
    found: list[Outcome] = []
    changes: list[Change] = []
    kept: list[Problem] = []
    settled: set[tuple[str | None, int]] = set()
    rejudged: set[tuple[str | None, int]] = set()
    claimed: set[int] = set()
    today = plan.today or date.today()
    for sheet in plan.sheets:
        for verdict in sheet.verdicts:
            if verdict.values is None:
                found.append(Outcome.REJECTED)
                continue
            existing = _match(verdict.values, by_number, by_name, claimed)
            if existing is None:
                found.append(Outcome.CREATED)
                continue
            claimed.add(existing.staff.id)
            differ = differences(
                existing.staff, existing.check, verdict.values, plan.policy_years, today
            )
            kept += kept_warnings(verdict, sheet.columns, existing.staff, existing.check)
            kept += rejudged_warnings(verdict, existing.staff, existing.check)
            rejudged.add((verdict.sheet, verdict.row))
            if _settled(verdict, verdict.values, existing):
                settled.add((verdict.sheet, verdict.row))
            changes += reported(verdict, differ)
            found.append(Outcome.UPDATED if differ else Outcome.UNCHANGED)
    return _Matched(
        tuple(found), tuple(changes), tuple(kept), frozenset(settled), frozenset(rejudged)
    )


BATCH = 2000


def run_import(store: Store, plan: ImportPlan) -> Generator[Progress, None, ImportResult]:
    """Write the plan in one transaction, yielding progress; returns the counts.

    Closing the generator before it finishes (Cancel) rolls everything back.
    """
    verdicts = plan.verdicts()
    total = len(verdicts)
    yield Progress(0, total, "Matching rows to the register…")
    with _gc_paused(), store.session() as session:
        # The lock first, then everything is matched afresh inside this transaction: a
        # second import of the same file at the same moment waits, then finds everyone.
        lock_for_import(session, plan.provider_name)
        provider = session.scalar(
            select(Provider).where(func.casefold(Provider.name) == caseless(plan.provider_name))
        )
        if provider is None:
            provider = Provider(name=plan.provider_name)
            session.add(provider)
            session.flush()
            audit.record(
                session,
                AuditAction.CREATE,
                "provider",
                provider.id,
                f"Created provider {provider.name} (DBS import)",
            )
        by_number, by_name = _index(session, provider.id, plan)
        batch = ImportBatch(
            provider_id=provider.id,
            file_name=plan.path.name,
            sha256=plan.sha256,
            user=audit.user_of(session),
            column_mapping=json.dumps(plan.mapping(), ensure_ascii=False, sort_keys=True),
        )
        session.add(batch)
        session.flush()
        outcomes: list[Outcome] = []
        pending: list[StaffValues] = []
        claimed: set[int] = set()
        all_changes: list[Change] = []
        kept: list[Problem] = []
        settled: set[tuple[str | None, int]] = set()
        rejudged: set[tuple[str | None, int]] = set()
        today = plan.today or date.today()
        columns = [s.columns for s in plan.sheets for _ in s.verdicts]
        anyone = bool(by_number or by_name)  # else every row is new: nothing to match
        with bulk_load(session.connection(), new_staff_only=True, adding=len(verdicts)):
            for done, verdict in enumerate(verdicts, start=1):
                values = verdict.values
                if values is None:
                    outcomes.append(Outcome.REJECTED)
                else:
                    existing = _match(values, by_number, by_name, claimed) if anyone else None
                    if existing is None:
                        pending.append(values)
                        outcomes.append(Outcome.CREATED)
                    else:
                        claimed.add(existing.staff.id)
                        kept += kept_warnings(
                            verdict, columns[done - 1], existing.staff, existing.check
                        )
                        kept += rejudged_warnings(verdict, existing.staff, existing.check)
                        rejudged.add((verdict.sheet, verdict.row))
                        if _settled(verdict, values, existing):
                            settled.add((verdict.sheet, verdict.row))
                        changes = differences(
                            existing.staff, existing.check, values, plan.policy_years, today
                        )
                        if changes:
                            all_changes += reported(verdict, changes)
                            _update(session, existing, values, changes, batch.id)
                            outcomes.append(Outcome.UPDATED)
                        else:
                            outcomes.append(Outcome.UNCHANGED)
                if len(pending) >= BATCH:
                    _insert(session, provider.id, batch.id, pending)
                    pending = []
                if done % BATCH == 0:
                    yield Progress(done, total, f"Imported {done:,} of {total:,} rows…")
            _insert(session, provider.id, batch.id, pending)
        final = replace(
            plan,
            outcomes=tuple(outcomes),
            changes=tuple(all_changes),
            kept=tuple(kept),
            settled=frozenset(settled),
            rejudged=frozenset(rejudged),
        )
        result = result_of(final)
        batch.rows, batch.created, batch.updated = result.rows, result.created, result.updated
        batch.unchanged, batch.rejected = result.unchanged, result.rejected
        remembered = {
            c.header: c.field.value for s in plan.sheets for c in s.columns if c.field is not None
        }
        provider.dbs_column_mapping = json.dumps(remembered, ensure_ascii=False, sort_keys=True)
        audit.record(
            session,
            AuditAction.IMPORT,
            "import_batch",
            batch.id,
            f"Imported {plan.path.name} for {provider.name}: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged, {result.rejected} rejected",
        )
        yield Progress(total, total, "Saving…")
        batch_id = batch.id
    return replace(result, batch_id=batch_id)


def _insert(session: Session, provider_id: int, batch_id: int, rows: Iterable[StaffValues]) -> None:
    rows = list(rows)
    if not rows:
        return
    if session.get_bind().dialect.name == "sqlite":
        _insert_sqlite(session, provider_id, batch_id, rows)
        return
    ids = session.scalars(
        insert(StaffMember).returning(StaffMember.id, sort_by_parameter_order=True),
        [
            {
                "provider_id": provider_id,
                "full_name": v.full_name,
                "normalised_name": normalise_name(v.full_name),
                "role": v.role,
                "contact_level": v.contact_level,
                "date_of_birth": v.date_of_birth,
                "start_date": v.start_date,
                **dict(zip(STANDING_COLUMNS, standing_of(v, v.contact_level), strict=True)),
                "current_certificate": v.certificate_number or None,
            }
            for v in rows
        ],
    ).all()
    session.execute(
        insert(DbsCheck),
        [
            {
                "staff_member_id": staff_id,
                "import_batch_id": batch_id,
                **{name: getattr(v, name) for name in CHECK_FIELDS},
            }
            for staff_id, v in zip(ids, rows, strict=True)
        ],
    )


STANDING_COLUMNS = ("dbs_standing", "dbs_expiry")
_STORED: dict[object, str] = {
    member: member.value
    for kind in (ContactLevel, DbsLevel, BarredList, DbsStanding)
    for member in kind
}


def _insert_sqlite(
    session: Session, provider_id: int, batch_id: int, rows: list[StaffValues]
) -> None:
    """The same rows written with two plain executemany INSERTs through the driver.

    SQLite cannot return the ids of a multi-row INSERT in order (SQLAlchemy would insert row
    by row), so the ids are given here: the next free ones, as SQLite itself would choose
    (the tables have no AUTOINCREMENT), and nobody else can take them, since this
    transaction has held the write lock since it added the import batch. Through the driver,
    values are stored as SQLAlchemy stores them (enums by value, dates as ISO text) without
    its per-row processing, which would take longer than SQLite's own work.
    """
    # Enum members as their values and booleans as 1 and 0, as SQLAlchemy stores them: the
    # driver binds an exact str or int at once, but first offers a StrEnum member or a bool
    # to its adapters (a tenth of the INSERTs' time).
    stored = _STORED
    staff_id = session.scalar(select(func.max(StaffMember.id))) or 0
    staff_rows = []
    check_rows = []
    for v in rows:
        staff_id += 1
        birth, start = v.date_of_birth, v.start_date
        barred_on, issue, expiry = v.barred_list_checked_on, v.issue_date, v.expiry_date
        update_on = v.update_service_checked_on
        expiry_text = None if expiry is None else expiry.isoformat()
        standing, standing_expiry = standing_of(v, v.contact_level)
        staff_rows.append(
            (
                staff_id,
                provider_id,
                v.full_name,
                normalise_name(v.full_name),
                v.role,
                stored[v.contact_level],
                None if birth is None else birth.isoformat(),
                None if start is None else start.isoformat(),
                stored[standing],
                None if standing_expiry is None else expiry_text,
                v.certificate_number or None,
            )
        )
        check_rows.append(
            (
                staff_id,
                batch_id,
                v.certificate_number,
                stored[v.level],
                stored[v.barred_list],
                None if barred_on is None else barred_on.isoformat(),
                None if issue is None else issue.isoformat(),
                expiry_text,
                int(v.expiry_from_provider),
                int(v.update_service),
                None if update_on is None else update_on.isoformat(),
            )
        )
    connection = session.connection()
    connection.exec_driver_sql(
        "INSERT INTO staff_member (id, provider_id, full_name, normalised_name, role, "
        "contact_level, date_of_birth, start_date, dbs_standing, dbs_expiry, "
        "current_certificate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        staff_rows,
    )
    connection.exec_driver_sql(
        "INSERT INTO dbs_check (staff_member_id, import_batch_id, certificate_number, level, "
        "barred_list, barred_list_checked_on, issue_date, expiry_date, expiry_from_provider, "
        "update_service, update_service_checked_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        check_rows,
    )


def _update(
    session: Session,
    existing: _Existing,
    values: StaffValues,
    changes: dict[str, tuple[object, object]],
    batch_id: int,
) -> None:
    """Write what the row changes, and nothing else (a field it leaves out is kept).

    The record's version goes up, so an edit from a copy shown before the import is refused
    (common/versions.py) instead of writing over what the sheet changed."""
    existing.staff.version += 1
    for name in STAFF_FIELDS:
        if name in changes:
            setattr(existing.staff, name, changes[name][1])
    if "left_on" in changes:
        existing.staff.left_on = None
    if "full_name" in changes:
        existing.staff.normalised_name = normalise_name(values.full_name)
    if existing.check is None:
        existing.check = DbsCheck(staff_member=existing.staff)
        session.add(existing.check)
        for name in CHECK_FIELDS:
            setattr(existing.check, name, getattr(values, name))
    else:
        for name in CHECK_FIELDS:
            if name in changes:
                setattr(existing.check, name, changes[name][1])
    existing.check.import_batch_id = batch_id
    # Loading in bulk, the insert trigger is off (data/dbs_triggers.py), and the contact
    # trigger may have run before a new check was written: work the standing out now.
    session.flush()
    recompute(session.connection(), existing.staff.id)
    audit.record(
        session,
        AuditAction.UPDATE,
        "staff_member",
        existing.staff.id,
        f"DBS import updated {existing.staff.full_name}",
        {  # the audit trail never holds a whole certificate number
            name: (
                (json_value(name, old), json_value(name, new))
                if name == "certificate_number"
                else (old, new)
            )
            for name, (old, new) in changes.items()
        },
    )


def run_to_end(store: Store, plan: ImportPlan) -> ImportResult:
    """Run an import with nobody watching its progress (the command line's path)."""
    runner = run_import(store, plan)
    while True:
        try:
            next(runner)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]


@_gc_paused()
def import_file(
    store: Store,
    path: Path,
    provider_name: str,
    sheet: str | None = None,
    overrides: dict[str, Field] | None = None,
) -> ImportResult:
    """Plan and run an import to the end.

    The collector stays off throughout: the plan's objects are freed (by reference
    counting) before it comes back, so it never has to scan them.
    """
    return run_to_end(store, plan_import(store, path, provider_name, sheet, overrides))


def severity_counts(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings); notes are neither."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
    return errors, warnings
