"""The preview of a DBS import: every row of the file, its verdict and its problems, as a
lazily loaded model, its filter, and the panel that shows them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.dbs.changes import CHANGE_LABELS, Change, shown
from bscp_monitor.dbs.columns import Field
from bscp_monitor.dbs.importer import ImportPlan, Outcome
from bscp_monitor.dbs.register import mask
from bscp_monitor.dbs.rows import Problem, RowVerdict, Severity
from bscp_monitor.dbs.values import cell_text, masked_text
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.display import AMBER, GREEN, GREY, RED
from bscp_monitor.ui.kit.lazy_table import (
    Column,
    LazyFilterProxy,
    LazyTableModel,
    columns_in_order,
)

OUTCOME_LABELS = {
    Outcome.CREATED: "Create",
    Outcome.UPDATED: "Update",
    Outcome.UNCHANGED: "Unchanged",
    Outcome.REJECTED: "Rejected",
    Outcome.NOTE: "Not a staff row",
}
BLUE = ("#cfe2ff", "#084298")
OUTCOME_COLOURS = {
    Outcome.CREATED: GREEN,
    Outcome.UPDATED: BLUE,
    Outcome.UNCHANGED: GREY,
    Outcome.REJECTED: RED,
    Outcome.NOTE: GREY,
}
OUTCOME_ORDER = {outcome: n for n, outcome in enumerate(Outcome)}


@dataclass(frozen=True)
class PreviewRow:
    order: int  # position in the file: sheets in order, rows in order
    sheet: str
    row: int
    name: str
    certificate: str  # masked
    outcome: Outcome
    errors: int
    warnings: int
    problems: str
    changes: str = ""  # for an updated person: each field that changes, old -> new


def _cell(verdict: RowVerdict, index: int | None) -> str:
    if index is None or index >= len(verdict.cells):
        return ""
    return cell_text(verdict.cells[index])


def _masked(number: str) -> str:
    """A real certificate number shows its last four digits only; anything else with its
    digits hidden but the last four (never a whole number in the preview)."""
    digits = number.replace("-", "")
    return mask(digits) if len(digits) == 12 and digits.isdigit() else masked_text(number)


def _changes(changes: list[Change]) -> str:
    return "; ".join(
        f"{CHANGE_LABELS[c.field]}: {shown(c.field, c.old)} → {shown(c.field, c.new)}"
        for c in changes
    )


def _problems(problems: list[Problem]) -> str:
    return "; ".join(
        ("Error: " if p.severity is Severity.ERROR else "Warning: ")
        + p.message
        + (f" ({p.column})" if p.column else "")
        for p in problems
    )


def preview_rows(plan: ImportPlan) -> list[PreviewRow]:
    """Every row of the file with a verdict, and every line that is not a staff row."""
    rows: list[PreviewRow] = []
    outcomes = iter(plan.outcomes)
    changes: dict[tuple[str | None, int], list[Change]] = {}
    for change in plan.changes:
        changes.setdefault((change.sheet, change.row), []).append(change)
    for sheet in plan.sheets:
        where = {c.field: c.index for c in sheet.columns if c.field is not None}
        notes = sorted(sheet.notes, key=lambda n: n.row)
        for verdict in sheet.verdicts:
            while notes and notes[0].row < verdict.row:
                rows.append(_note_row(len(rows), sheet.name, notes.pop(0)))
            outcome = next(outcomes)
            if verdict.values is not None:
                name = verdict.values.full_name
                number = verdict.values.certificate_number or ""
            else:
                name = masked_text(_cell(verdict, where.get(Field.FULL_NAME))) or " ".join(
                    t
                    for t in (
                        masked_text(_cell(verdict, where.get(Field.FORENAME))),
                        masked_text(_cell(verdict, where.get(Field.SURNAME))),
                    )
                    if t
                )
                number = "".join(_cell(verdict, where.get(Field.CERTIFICATE)).split())
            problems = plan.row_problems(verdict)
            rows.append(
                PreviewRow(
                    order=len(rows),
                    sheet=sheet.name or "",
                    row=verdict.row,
                    name=name,
                    certificate=_masked(number),
                    outcome=outcome,
                    errors=sum(1 for p in problems if p.severity is Severity.ERROR),
                    warnings=sum(1 for p in problems if p.severity is Severity.WARNING),
                    problems=_problems(problems),
                    changes=_changes(changes.get((verdict.sheet, verdict.row), [])),
                )
            )
        rows += [_note_row(len(rows) + n, sheet.name, note) for n, note in enumerate(notes)]
    return rows


def _note_row(order: int, sheet: str | None, note: Problem) -> PreviewRow:
    return PreviewRow(
        order=order,
        sheet=sheet or "",
        row=note.row,
        name="",
        certificate="",
        outcome=Outcome.NOTE,
        errors=0,
        warnings=0,
        problems="Note: " + note.message,
    )


def _problem_colours(row: PreviewRow) -> tuple[str, str] | None:
    if row.errors:
        return RED
    if row.warnings:
        return AMBER
    return None


class PreviewCol(IntEnum):
    SHEET = 0
    ROW = 1
    NAME = 2
    CERTIFICATE = 3
    VERDICT = 4
    CHANGES = 5
    PROBLEMS = 6


class PreviewModel(LazyTableModel):
    """Rows are :class:`PreviewRow`, one per non-blank row of the file."""

    columns = columns_in_order(
        PreviewCol,
        {
            PreviewCol.SHEET: Column("Sheet", lambda r: r.sheet, sort_key=lambda r: r.order),
            PreviewCol.ROW: Column(
                "Row", lambda r: str(r.row), sort_key=lambda r: r.order, align_right=True
            ),
            PreviewCol.NAME: Column("Name", lambda r: r.name, tooltip=lambda r: r.name),
            PreviewCol.CERTIFICATE: Column("Certificate", lambda r: r.certificate),
            PreviewCol.VERDICT: Column(
                "Verdict",
                lambda r: OUTCOME_LABELS[r.outcome],
                sort_key=lambda r: OUTCOME_ORDER[r.outcome],
                colours=lambda r: OUTCOME_COLOURS[r.outcome],
            ),
            PreviewCol.CHANGES: Column(
                "Changes",
                lambda r: r.changes,
                tooltip=lambda r: r.changes.replace("; ", "\n"),
            ),
            PreviewCol.PROBLEMS: Column(
                "Problems",
                lambda r: r.problems,
                sort_key=lambda r: (-r.errors, -r.warnings, r.problems),
                colours=_problem_colours,
                tooltip=lambda r: r.problems.replace("; ", "\n"),
            ),
        },
    )


#: What the preview's filter offers: (label, key).
PREVIEW_FILTERS = (
    ("Every row", None),
    ("With problems", "problems"),
    ("Rejected", Outcome.REJECTED),
    ("To create", Outcome.CREATED),
    ("To update", Outcome.UPDATED),
    ("Unchanged", Outcome.UNCHANGED),
)


class PreviewFilterProxy(LazyFilterProxy):
    """The ``show`` filter: None, "problems" or an Outcome."""

    def accepts(self, record: PreviewRow) -> bool:
        show = self.filters.get("show")
        if show is None:
            return True
        if show == "problems":
            return bool(record.problems)
        return record.outcome == show


def summary_line(plan: ImportPlan) -> str:
    """ "N rows: c to create, u to update, n unchanged, r rejected · e errors, w warnings"."""
    problems = plan.problems()
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    notes = sum(1 for p in problems if p.severity is Severity.NOTE)
    warnings = len(problems) - errors - notes
    rows = len(plan.outcomes)
    return (
        f"{rows:,} {'row' if rows == 1 else 'rows'}: "
        f"{plan.count(Outcome.CREATED):,} to create, {plan.count(Outcome.UPDATED):,} to update, "
        f"{plan.count(Outcome.UNCHANGED):,} unchanged, {plan.count(Outcome.REJECTED):,} rejected"
        f" · {errors:,} {'error' if errors == 1 else 'errors'}, "
        f"{warnings:,} {'warning' if warnings == 1 else 'warnings'}"
        + (f" · {notes:,} {'line' if notes == 1 else 'lines'} not staff rows" if notes else "")
    )


class PreviewPanel(QWidget):
    """The preview table, sorted by row, with a filter of what to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PreviewModel(parent=self)
        self.proxy = PreviewFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.show_combo = QComboBox()
        for label, key in PREVIEW_FILTERS:
            self.show_combo.addItem(label, key)
        self.show_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filter("show", self.show_combo.currentData())
        )
        self.table = named(QTableView(), "Preview of every row", "Each row's verdict and problems")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PreviewCol.ROW, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (PreviewCol.SHEET, 90),
            (PreviewCol.ROW, 48),
            (PreviewCol.NAME, 170),
            (PreviewCol.CERTIFICATE, 104),
            (PreviewCol.VERDICT, 84),
            (PreviewCol.CHANGES, 220),
        ):
            self.table.setColumnWidth(column, width)
        top = QHBoxLayout()
        heading = QLabel("Preview — nothing is saved until you import")
        heading.setObjectName("sectionHeading")
        top.addWidget(heading)
        top.addStretch(1)
        show_label = QLabel("Sh&ow")
        show_label.setBuddy(self.show_combo)
        top.addWidget(show_label)
        top.addWidget(self.show_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
