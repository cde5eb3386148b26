"""Column specs on the lazy table model: the one way a table of records is shown."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QAbstractItemModelTester

from bscp_monitor.ui.kit.lazy_table import (
    ID_ROLE,
    RECORD_ROLE,
    SORT_ROLE,
    Column,
    LazyTableModel,
    columns_in_order,
)

MODE = QAbstractItemModelTester.FailureReportingMode.Fatal


@dataclass(frozen=True)
class Thing:
    id: int
    name: str
    size: int | None
    retired: bool = False


class ThingCol(IntEnum):
    NAME = 0
    SIZE = 1


COLUMNS = columns_in_order(
    ThingCol,
    {
        ThingCol.SIZE: Column(
            "Size",
            lambda t: "" if t.size is None else str(t.size),
            sort_key=lambda t: t.size,
            colours=lambda t: ("#ff0000", None) if (t.size or 0) > 10 else None,
            bold=lambda t: (t.size or 0) > 10,
            align_right=True,
        ),
        ThingCol.NAME: Column("Name", lambda t: t.name, tooltip=lambda t: t.name or None),
    },
)


class ThingModel(LazyTableModel):
    columns = COLUMNS
    batch_size = 3

    def row_style(self, record: Thing, role: int) -> Any:
        if record.retired and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if record.retired and role == Qt.ItemDataRole.ForegroundRole:
            return "grey"
        return None


THINGS = [
    Thing(1, "beta", 12, retired=True),
    Thing(2, "Alpha", None),
    Thing(3, "gamma", 5),
    Thing(4, "delta", 30),
]


def _data(model: LazyTableModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_specs_are_put_in_the_order_of_their_positions() -> None:
    assert [c.header for c in COLUMNS] == ["Name", "Size"]
    with pytest.raises(ValueError, match="one column spec for each position"):
        columns_in_order(ThingCol, {ThingCol.NAME: COLUMNS[0]})


def test_cells_show_the_specs(qtbot) -> None:
    model = ThingModel(THINGS)
    assert model.rowCount() == 3
    assert model.canFetchMore()
    QAbstractItemModelTester(model, MODE)  # (which fetches the rest)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Size"
    assert _data(model, 0, ThingCol.SIZE) == "12"
    assert _data(model, 0, ThingCol.NAME, RECORD_ROLE) is THINGS[0]
    assert _data(model, 0, ThingCol.NAME, ID_ROLE) == 1
    assert _data(model, 1, ThingCol.NAME, SORT_ROLE) == "alpha"  # text sorts without case
    assert _data(model, 1, ThingCol.NAME, Qt.ItemDataRole.ToolTipRole) == "Alpha"
    assert _data(model, 1, ThingCol.SIZE, Qt.ItemDataRole.ToolTipRole) is None
    assert _data(model, 0, ThingCol.SIZE, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    # the column's background; its text colour left to the row
    assert _data(model, 0, ThingCol.SIZE, Qt.ItemDataRole.BackgroundRole).color().name() == (
        "#ff0000"
    )
    assert _data(model, 0, ThingCol.SIZE, Qt.ItemDataRole.ForegroundRole) == "grey"
    # bold from the column, italic from the row, in one font
    font = _data(model, 0, ThingCol.SIZE, Qt.ItemDataRole.FontRole)
    assert font.bold()
    assert font.italic()
    assert _data(model, 0, ThingCol.NAME, Qt.ItemDataRole.FontRole).italic()
    assert _data(model, 2, ThingCol.SIZE, Qt.ItemDataRole.FontRole) is None


def test_sorting_covers_every_record_and_empty_values_sort_last(qtbot) -> None:
    model = ThingModel(THINGS)
    QAbstractItemModelTester(model, MODE)
    model.sort(ThingCol.SIZE, Qt.SortOrder.DescendingOrder)
    model.fetch_all()
    assert [model.record_at(r).id for r in range(model.rowCount())] == [4, 1, 3, 2]
    model.sort(ThingCol.NAME)
    assert [model.record_at(r).name for r in range(model.rowCount())] == [
        "Alpha",
        "beta",
        "delta",
        "gamma",
    ]


def test_a_model_without_batches_shows_every_row_at_once(qtbot) -> None:
    class AllAtOnce(ThingModel):
        batch_size = None

    model = AllAtOnce(THINGS)
    QAbstractItemModelTester(model, MODE)
    assert model.rowCount() == 4
    assert not model.canFetchMore()
    model.set_records(THINGS[:2])
    assert model.rowCount() == 2
