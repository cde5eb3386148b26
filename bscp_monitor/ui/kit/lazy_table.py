"""The one way a table of records is shown: column specs (:class:`Column`) on a read-only
table model (:class:`LazyTableModel`) whose rows reach views in batches (for lists that can
grow to thousands of rows), sorted over every record by real values, and its filter proxy.

A page's model is a subclass naming its ``columns``; an IntEnum of the column positions
(``ContractCol.DEADLINE``...) may name them for the views and tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
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

BATCH_SIZE = 200

#: A cell's value for sorting (dates as dates, money as numbers, text without case).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The record a row shows.
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
#: The id of the record a row shows.
ID_ROLE = Qt.ItemDataRole.UserRole + 3
_TIP_ROLES = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole)


@dataclass(frozen=True)
class Column:
    """One column of a table of records: its header and how a record shows in it.

    ``colours`` gives (background, text) colours, either None to leave it to the row;
    ``bold`` says whether the cell's text is bold."""

    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    colours: Callable[[Any], tuple[str | None, str | None] | None] | None = None
    bold: Callable[[Any], bool] | None = None
    align_right: bool = False


def columns_in_order(positions: type[IntEnum], specs: Mapping[Any, Column]) -> tuple[Column, ...]:
    """The specs in the order of their positions (an IntEnum 0, 1, 2...), one for each."""
    if set(specs) != set(positions) or [int(p) for p in positions] != list(range(len(specs))):
        raise ValueError(f"{positions.__name__}: one column spec for each position 0..n-1")
    return tuple(specs[position] for position in positions)


_ModelIndex = QModelIndex | QPersistentModelIndex


def _sortable(key: Any) -> tuple[bool, Any]:
    """Empty values sort last; text sorts without regard to case."""
    if key is None or key == "":
        return (True, 0)
    return (False, key.casefold() if isinstance(key, str) else key)


class LazyTableModel(QAbstractTableModel):
    """Rows are records shown through ``columns`` (a class attribute, or set per model when
    what a cell shows depends on the model, e.g. the day it counts overdue from); a subclass
    may add :meth:`row_style` (e.g. to grey out a row) or override :meth:`text`."""

    columns: Sequence[Column] = ()
    #: How many rows reach views at a time; None: all at once (a short list, or one shown
    #: through a plain QSortFilterProxyModel, which sorts the rows it has).
    batch_size: int | None = BATCH_SIZE

    def __init__(self, records: Iterable[Any] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[Any] = list(records)
        self._loaded = self._first_batch()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- loading -----------------------------------------------------------------------------

    def set_records(self, records: Iterable[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        if 0 <= self._sort_column < len(self.columns):
            self._sort_list(self._sort_column, self._sort_order)
        self._loaded = self._first_batch()
        self.endResetModel()

    def _first_batch(self) -> int:
        size = len(self._records)
        return size if self.batch_size is None else min(self.batch_size, size)

    def canFetchMore(self, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._loaded < len(self._records)

    def fetchMore(self, parent: _ModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        left = len(self._records) - self._loaded
        count = left if self.batch_size is None else min(self.batch_size, left)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + count - 1)
        self._loaded += count
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def total_count(self) -> int:
        return len(self._records)

    def records(self) -> list[Any]:
        return list(self._records)

    def record_at(self, row: int) -> Any:
        return self._records[row]

    def row_where(self, predicate: Any) -> int | None:
        """The first row whose record satisfies ``predicate``, fetching rows up to it."""
        for row, record in enumerate(self._records):
            if predicate(record):
                while row >= self._loaded and self.canFetchMore():
                    self.fetchMore()
                return row
        return None

    def refresh_rows(self) -> None:
        """Tell views that what the rows show has changed (not which rows there are)."""
        if self._loaded:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._loaded - 1, len(self.columns) - 1)
            )

    # -- what a cell shows -------------------------------------------------------------------

    def text(self, record: Any, column: int) -> str:
        return self.columns[column].text(record)

    def sort_value(self, record: Any, column: int) -> Any:
        spec = self.columns[column]
        return spec.sort_key(record) if spec.sort_key else self.text(record, column)

    def cell_style(self, record: Any, column: int, role: int) -> Any:
        """A value for ``role`` (other than text, sort key, tooltip and alignment) in one
        cell, or None: the column's colours and boldness, else :meth:`row_style`."""
        spec = self.columns[column]
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colours = spec.colours(record) if spec.colours else None
            colour = None
            if colours is not None:
                colour = colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]
            if colour is not None:
                return QBrush(QColor(colour))
        elif role == Qt.ItemDataRole.FontRole and spec.bold is not None and spec.bold(record):
            row_font = self.row_style(record, role)
            font = QFont(row_font) if isinstance(row_font, QFont) else QFont()
            font.setBold(True)
            return font
        elif role == ID_ROLE:
            return getattr(record, "id", None)
        return self.row_style(record, role)

    def row_style(self, record: Any, role: int) -> Any:
        """A value for ``role`` that applies to the whole row, or None."""
        return None

    # -- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._loaded:
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(record, index.column())
        if role == SORT_ROLE:
            key = self.sort_value(record, index.column())
            return key.casefold() if isinstance(key, str) else key
        if role == RECORD_ROLE:
            return record
        if role in _TIP_ROLES:  # the tooltip is also what a screen reader says of the cell
            return (column.tooltip(record) if column.tooltip else None) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.cell_style(record, index.column(), role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        old = [
            (index, id(self._records[index.row()]) if index.isValid() else None)
            for index in self.persistentIndexList()
        ]
        self._sort_list(column, order)
        rows = {id(record): row for row, record in enumerate(self._records)}
        from_list, to_list = [], []
        for index, key in old:
            new_row = rows.get(key) if key is not None else None
            from_list.append(index)
            if new_row is not None and new_row < self._loaded:
                to_list.append(self.index(new_row, index.column()))
            else:
                to_list.append(QModelIndex())
        self.changePersistentIndexList(from_list, to_list)
        self.layoutChanged.emit()

    def _sort_list(self, column: int, order: Qt.SortOrder) -> None:
        def key(record: Any) -> tuple[bool, Any]:
            return _sortable(self.sort_value(record, column))

        ascending = sorted(self._records, key=key)
        if order is Qt.SortOrder.DescendingOrder:  # empty values stay last either way
            filled = [r for r in ascending if not key(r)[0]]
            empty = [r for r in ascending if key(r)[0]]
            ascending = filled[::-1] + empty
        self._records = ascending


class LazyFilterProxy(QSortFilterProxyModel):
    """Filters set by name; subclasses decide in :meth:`accepts`. Sorting is handed to the
    source model so that it covers every record, fetched or not."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filters: dict[str, Any] = {}
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def source(self) -> LazyTableModel:
        model = self.sourceModel()
        assert isinstance(model, LazyTableModel)
        return model

    def is_filtered(self) -> bool:
        return any(value not in (None, "", False) for value in self.filters.values())

    def set_filter(self, name: str, value: Any) -> None:
        if value not in (None, "", False) or self.is_filtered():
            self.source().fetch_all()  # filtering sees fetched rows only: fetch them all
        modern = hasattr(self, "beginFilterChange")  # Qt 6.9 and later
        if modern:
            self.beginFilterChange()
        self.filters[name] = value
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def accepts(self, record: Any) -> bool:
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: _ModelIndex) -> bool:  # noqa: N802
        return self.accepts(self.source().record_at(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def record_at(self, row: int) -> Any:
        return self.source().record_at(self.mapToSource(self.index(row, 0)).row())

    def visible_records(self) -> list[Any]:
        """Every record the filters let through (fetching them all)."""
        self.source().fetch_all()
        return [self.record_at(row) for row in range(self.rowCount())]

    def row_where(self, predicate: Any) -> int | None:
        """The first visible row whose record satisfies ``predicate``."""
        self.source().fetch_all()
        for row in range(self.rowCount()):
            if predicate(self.record_at(row)):
                return row
        return None
