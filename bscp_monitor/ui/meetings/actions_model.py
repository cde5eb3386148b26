"""The action log across contracts as a lazily loaded table model, and the proxy that filters it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import IntEnum
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import ActionStatus
from bscp_monitor.common.wording import counted
from bscp_monitor.meetings.actions import STATUS_LABELS, ActionRecord
from bscp_monitor.ui.kit import display
from bscp_monitor.ui.kit.display import RED
from bscp_monitor.ui.kit.display import SORT_ROLE as SORT_ROLE  # sorting's raw values
from bscp_monitor.ui.kit.lazy_table import LazyFilterProxy, LazyTableModel

#: The action id of the row.
ID_ROLE = Qt.ItemDataRole.UserRole + 3

BATCH_SIZE = 100

OVERDUE_BACKGROUND = QColor(RED[0])
OVERDUE_FOREGROUND = QColor(RED[1])
CLOSED_FOREGROUND = QColor("#7b7f86")

#: The status filter's extra choice: open or in progress.
NOT_CLOSED = "not_closed"


class Column(IntEnum):
    REF = 0
    CONTRACT = 1
    RAISED = 2
    ACTION = 3
    OWNER = 4
    ORGANISATION = 5
    DUE = 6
    STATUS = 7
    COMPLETED = 8
    LATEST = 9


HEADERS = {
    Column.REF: "Ref",
    Column.CONTRACT: "Contract",
    Column.RAISED: "Raised",
    Column.ACTION: "Action",
    Column.OWNER: "Owner",
    Column.ORGANISATION: "Organisation",
    Column.DUE: "Due",
    Column.STATUS: "Status",
    Column.COMPLETED: "Completed",
    Column.LATEST: "Latest update",
}

_STATUS_ORDER = {status: n for n, status in enumerate(ActionStatus)}
_TEXT_COLUMNS = (Column.ACTION, Column.OWNER, Column.ORGANISATION, Column.LATEST)


def latest_note(record: ActionRecord) -> str:
    """The most recent update's note (or its status when it has no note)."""
    if not record.updates:
        return ""
    update = record.updates[-1]
    return update.note or STATUS_LABELS[update.status]


def _display(record: ActionRecord, column: Column, today: date) -> str:
    if column is Column.REF:
        return record.ref
    if column is Column.CONTRACT:
        return record.contract_reference
    if column is Column.RAISED:
        return format_date(record.meeting_date)
    if column is Column.ACTION:
        return record.description
    if column is Column.OWNER:
        return record.owner
    if column is Column.ORGANISATION:
        return record.owner_organisation
    if column is Column.DUE:
        text = format_date(record.due_on)
        return f"{text} (overdue)" if record.overdue(today) else text
    if column is Column.STATUS:
        return STATUS_LABELS[record.status]
    if column is Column.COMPLETED:
        return format_date(record.completed_on)
    return latest_note(record)


def sort_key(record: ActionRecord, column: Column) -> Any:
    """The real value a column sorts by; missing dates sort first (as the earliest)."""
    if column is Column.REF:
        return (record.contract_reference.casefold(), record.id)
    if column is Column.CONTRACT:
        return (record.contract_reference.casefold(), record.id)
    if column is Column.RAISED:
        return (record.meeting_date or date.min, record.id)
    if column is Column.DUE:
        return (record.due_on or date.min, record.id)
    if column is Column.COMPLETED:
        return (record.completed_on or date.min, record.id)
    if column is Column.STATUS:
        return (_STATUS_ORDER[record.status], record.id)
    return (_display(record, column, date.min).casefold(), record.id)


#: Cell text without overdue marks; the model shows overdue as of its ``today``.
COLUMNS = tuple(
    display.Column(
        HEADERS[column],
        partial(_display, column=column, today=date.min),
        sort_key=partial(sort_key, column=column),
    )
    for column in Column
)


class ActionsTableModel(LazyTableModel):
    """Rows are :class:`ActionRecord`; they reach views in batches of ``BATCH_SIZE``.

    Sorting sorts the whole list (not just the rows fetched so far) by the real values.
    ``today`` decides which actions are overdue.
    """

    columns = COLUMNS
    batch_size = BATCH_SIZE

    def __init__(
        self,
        records: Iterable[ActionRecord] = (),
        parent: QObject | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(records, parent)
        self.today = today or date.today()

    # -- loading -----------------------------------------------------------------------------

    def set_records(self, records: Iterable[ActionRecord], today: date | None = None) -> None:
        self.today = today or date.today()
        super().set_records(records)

    def replace_record(self, record: ActionRecord) -> bool:
        """Show a changed action in place (same row); False if it is not in the model."""
        for row, held in enumerate(self._records):
            if held.id == record.id:
                self._records[row] = record
                if row < self._loaded:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                return True
        return False

    def records(self) -> list[ActionRecord]:
        return list(self._records)

    def record_at(self, row: int) -> ActionRecord:
        return self._records[row]

    def row_of(self, action_id: int) -> int | None:
        """The row of an action, fetching rows up to it; None if it is not in the model."""
        return self.row_where(lambda record: record.id == action_id)

    # -- what a cell shows -------------------------------------------------------------------

    def text(self, record: ActionRecord, column: int) -> str:
        return _display(record, Column(column), self.today)

    def tooltip(self, record: ActionRecord, column: int) -> str | None:
        col = Column(column)
        if record.overdue(self.today) and col in (Column.DUE, Column.REF, Column.STATUS):
            days = (self.today - record.due_on).days if record.due_on else 0
            return f"Overdue: due {format_date(record.due_on)}, {counted(days, 'day')} ago"
        if col is Column.RAISED and record.agenda_item_title:
            source = record.agenda_item_title
            return source if source.startswith("Thematic check") else f"Agenda item: {source}"
        if col in _TEXT_COLUMNS:
            return _display(record, col, self.today) or None
        return None

    def cell_style(self, record: ActionRecord, column: int, role: int) -> Any:
        if role == ID_ROLE:
            return record.id
        overdue = record.overdue(self.today)
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.closed:
                return QBrush(CLOSED_FOREGROUND)
            if overdue:
                return QBrush(OVERDUE_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and overdue and column == Column.DUE:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ActionsFilterProxy(LazyFilterProxy):
    """Search (ref, description, owner, organisation) and filter by contract, owner, status
    and overdue. Sorting is handed to the source model so it covers every row."""

    def source(self) -> ActionsTableModel:
        model = self.sourceModel()
        assert isinstance(model, ActionsTableModel)
        return model

    def set_search_text(self, text: str) -> None:
        self.set_filter("search", text.strip().casefold())

    def set_contract(self, contract_id: int | None) -> None:
        self.set_filter("contract_id", contract_id)

    def set_owner(self, text: str) -> None:
        self.set_filter("owner", text.strip().casefold())

    def set_status(self, status: ActionStatus | str | None) -> None:
        """An ActionStatus, ``NOT_CLOSED`` (open or in progress) or None for all."""
        if status is not None and status != NOT_CLOSED:
            status = ActionStatus(status)
        self.set_filter("status", status)

    def set_overdue_only(self, on: bool) -> None:
        self.set_filter("overdue_only", bool(on))

    def accepts(self, record: ActionRecord) -> bool:
        """Whether the filters let this action through (whether fetched or not)."""
        contract_id = self.filters.get("contract_id")
        if contract_id is not None and record.contract_id != contract_id:
            return False
        owner = self.filters.get("owner")
        if owner and owner not in record.owner.casefold():
            return False
        status = self.filters.get("status")
        if status == NOT_CLOSED:
            if record.closed:
                return False
        elif status is not None and record.status is not status:
            return False
        if self.filters.get("overdue_only") and not record.overdue(self.source().today):
            return False
        search = self.filters.get("search")
        if not search:
            return True
        haystack = (record.ref, record.description, record.owner, record.owner_organisation)
        return any(search in text.casefold() for text in haystack)

    def record_at(self, row: int) -> ActionRecord:
        return super().record_at(row)

    def row_of(self, action_id: int) -> int | None:
        source_row = self.source().row_of(action_id)
        if source_row is None:
            return None
        index = self.mapFromSource(self.source().index(source_row, 0))
        return index.row() if index.isValid() else None

    def matching_records(self) -> list[ActionRecord]:
        """Every action the filters let through, in the current order, fetched or not."""
        return [record for record in self.source().records() if self.accepts(record)]
