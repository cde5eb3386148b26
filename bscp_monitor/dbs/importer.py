"""Importing a provider's DBS spreadsheet: read, find the table, judge each row, match it to
the register (by certificate number, else by name) and write it all in one transaction.

``plan_import`` commits nothing (the preview and --dry-run); ``run_import`` is a generator
yielding Progress and committing only when it completes, so stopping it (Cancel) leaves the
database as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from bscp_monitor.common.caseless import caseless
from bscp_monitor.common.errors import UserError
from bscp_monitor.common.progress import Progress
from bscp_monitor.common.settings import dbs_recheck_years
from bscp_monitor.data.models import Provider
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.columns import Column, Field, HeaderFound, apply_overrides, find_header
from bscp_monitor.dbs.import_plan import (
    ImportPlan as ImportPlan,
)
from bscp_monitor.dbs.import_plan import (
    ImportResult as ImportResult,
)
from bscp_monitor.dbs.import_plan import (
    Outcome as Outcome,
)
from bscp_monitor.dbs.import_plan import (
    SheetPlan as SheetPlan,
)
from bscp_monitor.dbs.import_plan import (
    change_documents as change_documents,
)
from bscp_monitor.dbs.import_plan import (
    gc_paused,
)
from bscp_monitor.dbs.import_plan import (
    result_of as result_of,
)
from bscp_monitor.dbs.import_plan import (
    severity_counts as severity_counts,
)
from bscp_monitor.dbs.import_writer import JudgedRow, classify, write_as_judged
from bscp_monitor.dbs.import_writer import run_import as run_import
from bscp_monitor.dbs.notes import note_text
from bscp_monitor.dbs.rows import (
    Problem,
    RowReader,
    RowVerdict,
    Severity,
)
from bscp_monitor.dbs.spreadsheet_reader import SpreadsheetError, read_spreadsheet


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


@dataclass
class _Table:
    """A sheet read, with its header found: its rows are ready to be judged."""

    name: str | None
    rows: list[list[object]]
    first_row_number: int
    found: HeaderFound

    def columns(self) -> tuple[Column, ...]:
        return self.found.columns

    def rows_below(self) -> int:
        return len(self.rows) - self.found.row - 1


def _tables(
    path: Path,
    sheet: str | None,
    overrides: dict[str, Field] | Callable[[], dict[str, Field]] | None,
    while_parsing: Callable[[], None] | None = None,
) -> list[_Table]:
    """Every sheet of the file that holds a table of staff, its columns mapped (``overrides``
    may be asked for once the file is read: see _Meanwhile)."""
    sheets = read_spreadsheet(path, sheet, while_parsing=while_parsing)
    if callable(overrides):
        overrides = overrides()
    tables = []
    for data in sheets:
        found = find_header(data.rows, data.merged)
        if found is None:
            continue
        if overrides:
            found = apply_overrides(found, overrides)
        tables.append(_Table(data.name, data.rows, data.first_row_number, found))
    if not tables:
        where = f"the sheet '{sheet}'" if sheet else path.name
        raise SpreadsheetError(
            f"No table of staff was found in {where}: no row in the first 30 has three column "
            "names BSCP Monitor knows (such as Name, DBS Certificate Number, DBS Issue Date). "
            "Check the file, or name the columns with --map."
        )
    if not any(c.field in _NAME_FIELDS for t in tables for c in t.columns()):
        raise SpreadsheetError(
            f"No column of names was found in {path.name}. Map one with "
            '--map "Header=name" (or choose it in the mapping).'
        )
    return tables


@gc_paused()
def read_plan(
    path: Path,
    provider_name: str,
    sheet: str | None = None,
    overrides: dict[str, Field] | None = None,
    policy_years: int = 3,
    today: date | None = None,
) -> ImportPlan:
    """Read and judge the file (no database): every outcome is CREATED or REJECTED."""
    path = Path(path)
    tables = _tables(path, sheet, overrides)
    judging = _Judging(
        path, _sha256(path), provider_name, tables, policy_years, today or date.today()
    )
    for _judged in judging.rows():  # every row judged, none written
        pass
    return judging.plan()


def _sheet_plan(table: _Table, verdicts: tuple[RowVerdict, ...], notes: list[Problem]) -> SheetPlan:
    found, rows = table.found, table.rows
    titles = tuple(
        text
        # (not the row of group headings over the columns: "Employee", "DBS", "Barred list")
        for row in rows[: min(found.row - any(c.group for c in found.columns), 12)]
        if (text := " ".join(c.strip() for c in row if isinstance(c, str) and c.strip()))
    )
    return SheetPlan(
        table.name,
        table.first_row_number + found.row,
        found.columns,
        verdicts,
        tuple(notes),
        titles,
    )


def _judge(
    table: _Table,
    policy_years: int,
    today: date,
    seen: set[str],
    notes: list[Problem],
) -> Iterator[RowVerdict]:
    """The verdict on each staff row of the table, in order; a line that is not a staff row
    (a note, a total, the headings again) goes to ``notes`` instead."""
    name, rows, first_row_number, found = (
        table.name,
        table.rows,
        table.first_row_number,
        table.found,
    )
    # A CSV (no sheet name) holds every value as text, as Excel wrote it: a certificate
    # number there has lost its leading zeros as a number cell would.
    reader = RowReader(name, found.columns, policy_years, today, text_lost_zeros=name is None)
    read = reader.read
    names = [c.index for c in found.columns if c.field in _NAME_FIELDS]
    name_column = min(names) if names else None
    heading = _row_key(rows[found.row])  # the column headings, repeated in a long sheet
    after_blank = False
    people = False  # a staff row seen (a line of text after a blank row under them is a note)
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
                        people = True
                        yield verdict
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
            after_blank = people


_NAME_FIELDS = (Field.FULL_NAME, Field.SURNAME, Field.FORENAME)
_JUDGED: list[object] = []  # in the grid, in place of a row already judged


def _row_key(cells: list[object]) -> tuple[str, ...]:
    """A row's cells of text as written (blanks left out), to know the headings again."""
    return tuple(" ".join(str(c).split()) for c in cells if c is not None and str(c).strip())


@gc_paused()
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
        matched = classify(session, provider_id, plan)
        session.rollback()
    return replace(
        plan,
        outcomes=matched.outcomes,
        changes=matched.changes,
        kept=matched.kept,
        settled=matched.settled,
        rejudged=matched.rejudged,
    )


def run_to_end(store: Store, plan: ImportPlan) -> ImportResult:
    """Run an import with nobody watching its progress (the command line's path)."""
    return _to_end(run_import(store, plan))


@gc_paused()
def import_file(
    store: Store,
    path: Path,
    provider_name: str,
    sheet: str | None = None,
    overrides: dict[str, Field] | None = None,
    before_commit: Callable[[ImportPlan], None] | None = None,
) -> ImportResult:
    """Read, judge and write an import to the end (the command line's path; no preview).

    ``before_commit`` sees the whole plan once every row is judged, before anything is
    committed (the command line writes the rejects file there: if that fails, nothing is
    imported). On a SQLite file each row is written as soon as it is judged, the writing
    overlapping the judging of the rows after it (write_as_judged); elsewhere the file is
    judged first, then written.

    The collector stays off throughout: the plan's objects are freed (by reference
    counting) before it comes back, so it never has to scan them.
    """
    if not provider_name.strip():
        raise UserError("Name the provider whose staff these are.")
    path = Path(path)
    if store.path is None:  # a server (a login may see numbers masked) or memory
        mapping = remembered_mapping(store, provider_name)
        mapping.update(overrides or {})
        plan = read_plan(path, provider_name, sheet, mapping, dbs_recheck_years(store))
        if before_commit is not None:
            before_commit(plan)
        return run_to_end(store, plan)
    meanwhile = _Meanwhile(store, provider_name, path, overrides)
    tables = _tables(path, sheet, meanwhile.mapping, meanwhile.run)
    judging = _Judging(
        path, meanwhile.sha256(), provider_name, tables, meanwhile.years(), date.today()
    )
    return _to_end(
        write_as_judged(
            store, judging.outline, judging.rows(), judging.most, judging.plan, before_commit
        )
    )


class _Meanwhile:
    """What an import of a SQLite file reads from the database (the mapping remembered for the
    provider, the re-check policy) and the file's digest: worked out on a thread while the
    reader parses the sheet, which it does without holding Python's lock (a database in
    memory is one per thread, so this is for files only), or when first asked for."""

    def __init__(
        self, store: Store, provider_name: str, path: Path, overrides: dict[str, Field] | None
    ) -> None:
        self._store, self._provider, self._path = store, provider_name, path
        self._overrides = overrides or {}
        self._outcome: tuple[dict[str, Field], int, str] | BaseException | None = None

    def run(self) -> None:
        """The work (on the reader's thread: it never raises, its error is kept)."""
        try:
            mapping = remembered_mapping(self._store, self._provider)
            mapping.update(self._overrides)
            years = dbs_recheck_years(self._store)
            self._outcome = (mapping, years, _sha256(self._path))
        except BaseException as exc:  # noqa: BLE001 -- raised again, on the caller's thread
            self._outcome = exc

    def _done(self) -> tuple[dict[str, Field], int, str]:
        if self._outcome is None:
            self.run()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome

    def mapping(self) -> dict[str, Field]:
        return self._done()[0]

    def years(self) -> int:
        return self._done()[1]

    def sha256(self) -> str:
        return self._done()[2]


class _Judging:
    """The rows of a file judged one at a time, as the writer takes them."""

    def __init__(
        self,
        path: Path,
        sha256: str,
        provider_name: str,
        tables: list[_Table],
        policy_years: int,
        today: date,
    ) -> None:
        self.tables = tables
        self.policy_years = policy_years
        self.today = today
        self.outline = ImportPlan(
            path,
            sha256,
            provider_name.strip(),
            tuple(_sheet_plan(t, (), []) for t in tables),
            (),
            policy_years=policy_years,
            today=today,
        )
        self.most = sum(t.rows_below() for t in tables)
        self._sheets: list[SheetPlan] = []

    def rows(self) -> Iterator[JudgedRow]:
        seen: set[str] = set()
        for table in self.tables:
            notes: list[Problem] = []
            verdicts: list[RowVerdict] = []
            keep = verdicts.append
            columns = table.columns()
            for verdict in _judge(table, self.policy_years, self.today, seen, notes):
                keep(verdict)
                yield verdict, columns
            self._sheets.append(_sheet_plan(table, tuple(verdicts), notes))

    def plan(self) -> ImportPlan:
        """The whole plan, once every row is judged."""
        return replace(
            self.outline,
            sheets=tuple(self._sheets),
            outcomes=tuple(
                Outcome.REJECTED if v.rejected else Outcome.CREATED
                for s in self._sheets
                for v in s.verdicts
            ),
        )


def _to_end(runner: Generator[Progress, None, ImportResult]) -> ImportResult:
    while True:
        try:
            next(runner)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
