"""The action log across contracts as a lazily loaded table model, and the proxy that filters it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from bscp_monitor.actions import STATUS_LABELS, ActionRecord
from bscp_monitor.data.enums import ActionStatus
from bscp_monitor.dates import format_date
from bscp_monitor.ui.display import RED

#: Raw values (dates as dates, statuses in workflow order) that sorting uses.
SORT_ROLE = Qt.ItemDataRole.UserRole
#: The action id of the row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1

BATCH_SIZE = 100

OVERDUE_BACKGROUND = QColor(RED[0])
OVERDUE_FOREGROUND = QColor(RED[1])
CLOSED_FOREGROUND = QColor("#7b7f86")

#: The status filter's extra choice: open or in progress.
NOT_CLOSED = "not_closed"

_ModelIndex = QModelIndex | QPersistentModelIndex


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


class ActionsTableModel(QAbstractTableModel):
    """Rows are :class:`ActionRecord`; they reach views in batches of ``BATCH_SIZE``.

    Sorting sorts the whole list (not just the rows fetched so far) by the real values.
    ``today`` decides which actions are overdue.
    """

    def __init__(
        self,
        records: Iterable[ActionRecord] = (),
        parent: QObject | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today or date.today()
        self._records: list[ActionRecord] = list(records)
        self._loaded = min(BATCH_SIZE, len(self._records))
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- loading -----------------------------------------------------------------------------

    def set_records(self, records: Iterable[ActionRecord], today: date | None = None) -> None:
        self.beginResetModel()
        self.today = today or date.today()
        self._records = list(records)
        if self._sort_column >= 0:
            self._sort_list(Column(self._sort_column), self._sort_order)
        self._loaded = min(BATCH_SIZE, len(self._records))
        self.endResetModel()

    def replace_record(self, record: ActionRecord) -> bool:
        """Show a changed action in place (same row); False if it is not in the model."""
        for row, held in enumerate(self._records):
            if held.id == record.id:
                self._records[row] = record
                if row < self._loaded:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                return True
        return False

    def canFetchMore(self, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._loaded < len(self._records)

    def fetchMore(self, parent: _ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        count = min(BATCH_SIZE, len(self._records) - self._loaded)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + count - 1)
        self._loaded += count
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def total_count(self) -> int:
        """Every record held, fetched or not."""
        return len(self._records)

    def records(self) -> list[ActionRecord]:
        return list(self._records)

    def record_at(self, row: int) -> ActionRecord:
        return self._records[row]

    def row_of(self, action_id: int) -> int | None:
        """The row of an action, fetching rows up to it; None if it is not in the model."""
        for row, record in enumerate(self._records):
            if record.id == action_id:
                while row >= self._loaded and self.canFetchMore():
                    self.fetchMore()
                return row
        return None

    # -- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and 0 <= section < len(Column)
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return HEADERS[Column(section)]
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._loaded:
            return None
        if not 0 <= index.column() < len(Column):
            return None
        record = self._records[index.row()]
        column = Column(index.column())
        overdue = record.overdue(self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(record, column, self.today)
        if role == SORT_ROLE:
            return sort_key(record, column)
        if role == ID_ROLE:
            return record.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column, overdue)
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.closed:
                return QBrush(CLOSED_FOREGROUND)
            if overdue:
                return QBrush(OVERDUE_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and overdue and column is Column.DUE:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _tooltip(self, record: ActionRecord, column: Column, overdue: bool) -> str | None:
        if overdue and column in (Column.DUE, Column.REF, Column.STATUS):
            days = (self.today - record.due_on).days if record.due_on else 0
            return f"Overdue: due {format_date(record.due_on)}, {days} day(s) ago"
        if column is Column.RAISED and record.agenda_item_title:
            source = record.agenda_item_title
            return source if source.startswith("Thematic check") else f"Agenda item: {source}"
        if column in _TEXT_COLUMNS:
            return _display(record, column, self.today) or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        if column < 0 or column >= len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = [
            (index, self._records[index.row()].id if index.isValid() else None)
            for index in self.persistentIndexList()
        ]
        self._sort_list(Column(column), order)
        rows = {record.id: row for row, record in enumerate(self._records)}
        from_list, to_list = [], []
        for index, action_id in old_ids:
            new_row = rows.get(action_id) if action_id is not None else None
            from_list.append(index)
            if new_row is not None and new_row < self._loaded:
                to_list.append(self.index(new_row, index.column()))
            else:
                to_list.append(QModelIndex())
        self.changePersistentIndexList(from_list, to_list)
        self.layoutChanged.emit()

    def _sort_list(self, column: Column, order: Qt.SortOrder) -> None:
        self._records.sort(
            key=lambda record: sort_key(record, column),
            reverse=order is Qt.SortOrder.DescendingOrder,
        )


class ActionsFilterProxy(QSortFilterProxyModel):
    """Search (ref, description, owner, organisation) and filter by contract, owner, status
    and overdue. Sorting is handed to the source model so it covers every row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._contract_id: int | None = None
        self._owner = ""
        self._status: ActionStatus | str | None = None
        self._overdue_only = False
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def source(self) -> ActionsTableModel:
        model = self.sourceModel()
        assert isinstance(model, ActionsTableModel)
        return model

    def set_search_text(self, text: str) -> None:
        self._change_filter("_search", text.strip().casefold())

    def set_contract(self, contract_id: int | None) -> None:
        self._change_filter("_contract_id", contract_id)

    def set_owner(self, text: str) -> None:
        self._change_filter("_owner", text.strip().casefold())

    def set_status(self, status: ActionStatus | str | None) -> None:
        """An ActionStatus, ``NOT_CLOSED`` (open or in progress) or None for all."""
        if status is not None and status != NOT_CLOSED:
            status = ActionStatus(status)
        self._change_filter("_status", status)

    def set_overdue_only(self, on: bool) -> None:
        self._change_filter("_overdue_only", bool(on))

    def is_filtered(self) -> bool:
        return (
            bool(self._search)
            or self._contract_id is not None
            or bool(self._owner)
            or self._status is not None
            or self._overdue_only
        )

    def _change_filter(self, name: str, value: object) -> None:
        if value or self.is_filtered():
            # Filtering works on fetched rows only: fetch them all so no match is missed.
            self.source().fetch_all()
        modern = hasattr(self, "beginFilterChange")  # Qt 6.9 and later
        if modern:
            self.beginFilterChange()
        setattr(self, name, value)
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def accepts(self, record: ActionRecord) -> bool:
        """Whether the filters let this action through (whether fetched or not)."""
        if self._contract_id is not None and record.contract_id != self._contract_id:
            return False
        if self._owner and self._owner not in record.owner.casefold():
            return False
        if self._status == NOT_CLOSED:
            if record.closed:
                return False
        elif self._status is not None and record.status is not self._status:
            return False
        if self._overdue_only and not record.overdue(self.source().today):
            return False
        if not self._search:
            return True
        haystack = (record.ref, record.description, record.owner, record.owner_organisation)
        return any(self._search in text.casefold() for text in haystack)

    def filterAcceptsRow(self, source_row: int, source_parent: _ModelIndex) -> bool:
        return self.accepts(self.source().record_at(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def record_at(self, row: int) -> ActionRecord:
        source_index = self.mapToSource(self.index(row, 0))
        return self.source().record_at(source_index.row())

    def row_of(self, action_id: int) -> int | None:
        source_row = self.source().row_of(action_id)
        if source_row is None:
            return None
        index = self.mapFromSource(self.source().index(source_row, 0))
        return index.row() if index.isValid() else None

    def matching_records(self) -> list[ActionRecord]:
        """Every action the filters let through, in the current order, fetched or not."""
        return [record for record in self.source().records() if self.accepts(record)]
