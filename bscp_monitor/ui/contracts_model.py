"""The contracts register as a lazily loaded table model, and the proxy that searches it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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

from bscp_monitor.contracts import DEADLINE_WARNING_MONTHS, ContractRecord, DeadlineState
from bscp_monitor.data.enums import ContractStatus, RiskLevel
from bscp_monitor.dates import format_date, format_money
from bscp_monitor.ui.display import AMBER, CONTRACT_STATUS_LABELS, RED, RISK_LABELS

#: Raw values (dates as dates, money in pence) that sorting uses.
SORT_ROLE = Qt.ItemDataRole.UserRole
#: The contract id of the row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1

BATCH_SIZE = 100

SOON_BACKGROUND = QColor(AMBER[0])
SOON_FOREGROUND = QColor(AMBER[1])
PASSED_BACKGROUND = QColor(RED[0])
PASSED_FOREGROUND = QColor(RED[1])
ARCHIVED_FOREGROUND = QColor("#7b7f86")

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    REFERENCE = 0
    TITLE = 1
    PROVIDER = 2
    STATUS = 3
    RISK = 4
    START = 5
    END = 6
    DEADLINE = 7
    MANAGER = 8
    VALUE = 9


HEADERS = {
    Column.REFERENCE: "Reference",
    Column.TITLE: "Title",
    Column.PROVIDER: "Provider",
    Column.STATUS: "Status",
    Column.RISK: "Risk",
    Column.START: "Start",
    Column.END: "End",
    Column.DEADLINE: "Decision deadline",
    Column.MANAGER: "Contract manager",
    Column.VALUE: "Value",
}

_STATUS_ORDER = {status: n for n, status in enumerate(ContractStatus)}
_RISK_ORDER = {risk: n for n, risk in enumerate(RiskLevel)}


def enum_label(value: ContractStatus | RiskLevel) -> str:
    """An enum in words: ``decommissioned`` -> ``Decommissioned``."""
    if isinstance(value, ContractStatus):
        return CONTRACT_STATUS_LABELS[value]
    return RISK_LABELS[value]


def _display(record: ContractRecord, column: Column) -> str:
    if column is Column.REFERENCE:
        return record.reference
    if column is Column.TITLE:
        return record.title
    if column is Column.PROVIDER:
        return record.provider_name
    if column is Column.STATUS:
        return enum_label(record.status) + (" (archived)" if record.archived else "")
    if column is Column.RISK:
        return enum_label(record.risk_level)
    if column is Column.START:
        return format_date(record.start_date)
    if column is Column.END:
        return format_date(record.end_date)
    if column is Column.DEADLINE:
        text = format_date(record.decision_deadline)
        if record.deadline_state is DeadlineState.PASSED:
            return f"{text} (passed)"
        if record.deadline_state is DeadlineState.SOON:
            return f"{text} (soon)"
        return text
    if column is Column.MANAGER:
        return record.contract_manager
    return format_money(record.value_pence)


def sort_key(record: ContractRecord, column: Column) -> Any:
    """The real value a column sorts by: dates as dates, money as numbers, enums in order."""
    if column is Column.REFERENCE:
        return record.reference.casefold()
    if column is Column.TITLE:
        return record.title.casefold()
    if column is Column.PROVIDER:
        return record.provider_name.casefold()
    if column is Column.STATUS:
        return _STATUS_ORDER[record.status]
    if column is Column.RISK:
        return _RISK_ORDER[record.risk_level]
    if column is Column.START:
        return record.start_date
    if column is Column.END:
        return record.end_date
    if column is Column.DEADLINE:
        return record.decision_deadline
    if column is Column.MANAGER:
        return record.contract_manager.casefold()
    return record.value_pence


class ContractsTableModel(QAbstractTableModel):
    """Rows are :class:`ContractRecord`; they reach views in batches of ``BATCH_SIZE``.

    Sorting sorts the whole list (not just the rows fetched so far) by the real values.
    """

    def __init__(
        self, records: Iterable[ContractRecord] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._records: list[ContractRecord] = list(records)
        self._loaded = min(BATCH_SIZE, len(self._records))
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- loading -----------------------------------------------------------------------------

    def set_records(self, records: Iterable[ContractRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        if self._sort_column >= 0:
            self._sort_list(Column(self._sort_column), self._sort_order)
        self._loaded = min(BATCH_SIZE, len(self._records))
        self.endResetModel()

    def canFetchMore(self, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._loaded < len(self._records)

    def fetchMore(self, parent: _ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        remaining = len(self._records) - self._loaded
        count = min(BATCH_SIZE, remaining)
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

    def record_at(self, row: int) -> ContractRecord:
        return self._records[row]

    def row_of(self, contract_id: int) -> int | None:
        """The row of a contract, fetching rows up to it; None if it is not in the model."""
        for row, record in enumerate(self._records):
            if record.id == contract_id:
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
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[Column(section)]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.VALUE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._loaded:
            return None
        if not 0 <= index.column() < len(Column):
            return None
        record = self._records[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(record, column)
        if role == SORT_ROLE:
            return sort_key(record, column)
        if role == ID_ROLE:
            return record.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column is Column.DEADLINE:
            if record.deadline_state is DeadlineState.PASSED:
                return QBrush(PASSED_BACKGROUND)
            if record.deadline_state is DeadlineState.SOON:
                return QBrush(SOON_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.archived:
                return QBrush(ARCHIVED_FOREGROUND)
            if column is Column.DEADLINE and record.deadline_state is DeadlineState.PASSED:
                return QBrush(PASSED_FOREGROUND)
            if column is Column.DEADLINE and record.deadline_state is DeadlineState.SOON:
                return QBrush(SOON_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole:
            passed = column is Column.DEADLINE and record.deadline_state is DeadlineState.PASSED
            if record.archived or passed:
                font = QFont()
                font.setItalic(record.archived)
                font.setBold(passed)
                return font
        return None

    @staticmethod
    def _tooltip(record: ContractRecord, column: Column) -> str | None:
        if record.archived:
            return "Archived: kept in the register with its history."
        if column is Column.DEADLINE:
            if record.deadline_state is DeadlineState.PASSED:
                return "Decision deadline passed"
            if record.deadline_state is DeadlineState.SOON:
                return f"Decision deadline within {DEADLINE_WARNING_MONTHS} months"
            return (
                f"{record.decision_lead_months} months before the contract ends "
                f"on {format_date(record.end_date)}"
            )
        if column is Column.END and record.end_date != record.original_end_date:
            return f"Extended from {format_date(record.original_end_date)}"
        if column in (Column.TITLE, Column.PROVIDER, Column.MANAGER):
            return _display(record, column) or None
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
        from_list = []
        to_list = []
        for index, contract_id in old_ids:
            new_row = rows.get(contract_id) if contract_id is not None else None
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


class ContractsFilterProxy(QSortFilterProxyModel):
    """Search as you type (reference, title, provider, contract manager) and filter by
    status and risk. Sorting is handed to the source model so it covers every row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._status: ContractStatus | None = None
        self._risk: RiskLevel | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def source(self) -> ContractsTableModel:
        model = self.sourceModel()
        assert isinstance(model, ContractsTableModel)
        return model

    def set_search_text(self, text: str) -> None:
        self._change_filter("_search", text.strip().casefold())

    def set_status(self, status: ContractStatus | None) -> None:
        self._change_filter("_status", status)

    def set_risk(self, risk: RiskLevel | None) -> None:
        self._change_filter("_risk", risk)

    def is_filtered(self) -> bool:
        return bool(self._search) or self._status is not None or self._risk is not None

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

    def filterAcceptsRow(self, source_row: int, source_parent: _ModelIndex) -> bool:
        record = self.source().record_at(source_row)
        if self._status is not None and record.status is not self._status:
            return False
        if self._risk is not None and record.risk_level is not self._risk:
            return False
        if not self._search:
            return True
        haystack = (
            record.reference,
            record.title,
            record.provider_name,
            record.contract_manager,
        )
        return any(self._search in text.casefold() for text in haystack)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def record_at(self, row: int) -> ContractRecord:
        source_index = self.mapToSource(self.index(row, 0))
        return self.source().record_at(source_index.row())

    def row_of(self, contract_id: int) -> int | None:
        source_row = self.source().row_of(contract_id)
        if source_row is None:
            return None
        index = self.mapFromSource(self.source().index(source_row, 0))
        return index.row() if index.isValid() else None

    def visible_records(self) -> Sequence[ContractRecord]:
        return [self.record_at(row) for row in range(self.rowCount())]
