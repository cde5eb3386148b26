"""What the register pages (contracts, actions, meetings, DBS) share: the page itself
(:class:`RegisterPage`: heading and buttons, a search box, the table with its count line or
an empty state, refreshing and the selection), a read-only sortable table of records, and the
empty-register page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.errors import DatabaseError
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.column_memory import remember_widths
from bscp_monitor.ui.kit.lazy_table import RECORD_ROLE, LazyTableModel
from bscp_monitor.ui.kit.page_heading import page_heading, page_layout


def record_table(
    model: object,
    sort_column: int,
    sort_order: Qt.SortOrder,
    widths: Iterable[tuple[int, int]],
    stretch_column: int | None,
) -> QTableView:
    """A table of records: one row selected at a time, never edited in place, sortable.

    ``stretch_column`` takes the room the others leave (None: the last column does).
    """
    table = QTableView()
    table.setModel(model)  # type: ignore[arg-type]
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, sort_order)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(48)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_column is None)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    for column, width in widths:
        table.setColumnWidth(column, width)
    return table


def wrapping_table(
    model: object, name: str, parent: QWidget, columns: QHeaderView.ResizeMode
) -> QTableView:
    """A short read-only table of records inside a window's tab: whole rows selected, text
    wrapped and each row as tall as its text, the last column taking the room left.
    ``columns``: how the other columns are sized (by the user, or to their contents)."""
    table = named(QTableView(parent), name)
    table.setModel(model)  # type: ignore[arg-type]
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(columns)
    header.setStretchLastSection(True)
    return table


def table_with_count(table: QTableView) -> tuple[QWidget, QLabel]:
    """The table with a note line under it (the count of rows shown)."""
    count_label = QLabel()
    count_label.setObjectName("noteLabel")
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(table, 1)
    layout.addWidget(count_label)
    return page, count_label


class EmptyRegisterPage(QWidget):
    """Shown instead of an empty table: what the page will hold and the way to start."""

    def __init__(self, title: str, text: str, button_text: str, action: Callable[[], object]):
        super().__init__()
        self.setObjectName("emptyRegister")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 0, 120, 0)
        layout.setSpacing(12)
        heading = QLabel(title)
        heading.setObjectName("sectionHeading")
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.button = QPushButton(button_text)
        self.button.clicked.connect(lambda: action())
        layout.addStretch(1)
        layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.text_label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class RegisterPage(QWidget):
    """A page listing one register's records (rows of ``model``, shown through ``proxy``).

    A subclass makes ``model`` and ``proxy`` (:meth:`set_models`), builds its widgets with
    :meth:`heading_row`, :meth:`make_search`, :meth:`make_table` and :meth:`lay_out`, and
    says how its records are read (:meth:`load`), shown (:meth:`show_loaded`) and counted
    (:meth:`count_text`), and which buttons a selection enables (:meth:`update_buttons`).
    """

    #: The title of the message shown when the register cannot be read.
    read_error_title = "Cannot read the register"

    model: LazyTableModel
    proxy: QSortFilterProxyModel
    table: QTableView
    count_label: QLabel
    search_edit: QLineEdit

    def set_models(self, model: LazyTableModel, proxy: QSortFilterProxyModel) -> None:
        self.model = model
        self.proxy = proxy
        proxy.setSourceModel(model)

    # -- construction ------------------------------------------------------------------------

    def heading_row(self, title: str, *widgets: QWidget | int) -> QHBoxLayout:
        """The page's heading, then (at the right) its buttons; a number is a spacing."""
        heading = page_heading(title, self)
        self.page_title = title
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addStretch(1)
        for widget in widgets:
            if isinstance(widget, int):
                row.addSpacing(widget)
            else:
                row.addWidget(widget)
        return row

    def make_search(
        self, placeholder: str, changed: Callable[..., object], min_width: int, max_width: int
    ) -> QLineEdit:
        """The search box (``search_edit``), which Ctrl+F (Find) reaches from anywhere on
        the page."""
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(placeholder)
        named(self.search_edit, "Search", placeholder + " (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(min_width)
        self.search_edit.setMaximumWidth(max_width)
        self.search_edit.textChanged.connect(changed)
        self.search_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.search_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search_shortcut.activated.connect(self.focus_search)
        return self.search_edit

    def make_table(
        self,
        sort_column: int,
        sort_order: Qt.SortOrder,
        widths: Iterable[tuple[int, int]],
        stretch_column: int | None,
    ) -> QTableView:
        """The table (``table``) over ``proxy``; a change of selection updates the buttons."""
        self.table = record_table(self.proxy, sort_column, sort_order, widths, stretch_column)
        named(  # the page's heading names its table
            self.table,
            getattr(self, "page_title", "Records"),
            "Arrow keys move between rows; Enter opens the row",
        )
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        remember_widths(self.table, getattr(self, "page_title", type(self).__name__))
        return self.table

    def lay_out(self, *parts: QLayout | QWidget) -> None:
        """The page's layout: ``parts`` from the top, the last one taking the room left."""
        layout = page_layout(self)
        for number, part in enumerate(parts):
            stretch = 1 if number == len(parts) - 1 else 0
            if isinstance(part, QLayout):
                layout.addLayout(part, stretch)
            else:
                layout.addWidget(part, stretch)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> Any:
        """Read what the page shows from the store (may raise DatabaseError)."""
        raise NotImplementedError

    def show_loaded(self, loaded: Any) -> None:
        """Show what :meth:`load` read: the records in ``model``, the empty state..."""
        raise NotImplementedError

    def refresh(self, select_id: int | None = None) -> None:
        """Reload from the store, keeping the selected record (or ``select_id``) selected;
        if the database cannot be read, say so and keep what is shown."""
        keep = select_id if select_id is not None else self.selected_id()
        try:
            loaded = self.load()
        except DatabaseError as exc:
            QMessageBox.warning(self, self.read_error_title, str(exc))
            return
        self.show_loaded(loaded)
        if keep is not None:
            self.select_record(keep)
        self.update_count()
        self.update_buttons()

    def refresh_in_place(self) -> bool:
        """Reload because someone else changed the register: the selected record stays
        selected and the table stays scrolled where it was (the rows it showed fetched
        again). If the database cannot be read just now, what is shown stays, without a
        message (the next change tries again); False then."""
        bar = self.table.verticalScrollBar()
        top = bar.value()
        keep = self.selected_id()
        try:
            loaded = self.load()
        except DatabaseError:
            return False
        self.show_loaded(loaded)
        if keep is not None:
            self.select_record(keep)
        wanted = top + max(1, self.table.viewport().height() // max(1, self.table.rowHeight(0)))
        while self.proxy.rowCount() <= wanted and self.model.canFetchMore():
            self.model.fetchMore()
        bar.setValue(top)
        self.update_count()
        self.update_buttons()
        return True

    def count_text(self) -> str:
        """The line under the table: how many records there are (and are shown)."""
        raise NotImplementedError

    def update_count(self) -> None:
        self.count_label.setText(self.count_text())

    # -- selection ---------------------------------------------------------------------------

    def update_buttons(self) -> None:
        """Enable the buttons that act on the selected record."""

    def selected_record(self) -> Any:
        """The selected record, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], RECORD_ROLE) if rows else None

    def selected_id(self) -> int | None:
        record = self.selected_record()
        return record.id if record is not None else None

    def select_record(self, record_id: int) -> bool:
        """Select the record's row (fetching rows up to it); False if no row shows it."""
        source_row = self.model.row_where(lambda record: record.id == record_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def record_at(self, row: int) -> Any:
        """The record of a row of the table (as sorted and filtered)."""
        return self.proxy.data(self.proxy.index(row, 0), RECORD_ROLE)
