"""What the register pages (contracts, actions, meetings, DBS) share: a read-only, sortable
table of records, the table with its count line, and the empty-register page."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)


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
