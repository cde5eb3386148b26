"""What an import plans and what it did: the verdict on every row of every sheet
(ImportPlan), the result (ImportResult), their JSON, and the pause of Python's collector
that planning and writing share."""

from __future__ import annotations

import gc
from bisect import insort_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from operator import attrgetter
from pathlib import Path

from bscp_monitor.dbs.changes import (
    Change,
    json_value,
)
from bscp_monitor.dbs.columns import Column, Field
from bscp_monitor.dbs.rows import (
    NO_NUMBER,
    Problem,
    RowVerdict,
    Severity,
    is_contact_warning,
)

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


@contextmanager
def gc_paused() -> Iterator[None]:
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


def severity_counts(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings); notes are neither."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
    return errors, warnings
