"""Column widths remembered per table: a width the user sets by dragging a column's edge is
kept (QSettings, under the table's name) and used the next time the table is made."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from bscp_monitor import APP_NAME

GROUP = "table_widths"


def _settings() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)


def _key(name: str) -> str:
    return f"{GROUP}/{''.join(c if c.isalnum() else '_' for c in name)}"


def remember_widths(table: QTableView, name: str) -> None:
    """Give ``table`` the widths last set for the table called ``name``, and keep every
    width set from now on (a stretching column takes what is left, so it is not kept)."""
    header = table.horizontalHeader()
    key = _key(name)
    saved = _settings().value(key)
    if isinstance(saved, dict):
        for column in range(header.count()):
            width = saved.get(str(column))
            if _kept(header, column) and isinstance(width, (int, str)) and int(width) >= 24:
                header.resizeSection(column, int(width))

    def keep(column: int, _old: int, new: int) -> None:
        # Only what the user sets by dragging a column's edge (or double-clicking it): a
        # width code sets is the default, not a choice to remember.
        if QApplication.mouseButtons() == Qt.MouseButton.NoButton or not _kept(header, column):
            return
        settings = _settings()
        widths = settings.value(key)
        widths = dict(widths) if isinstance(widths, dict) else {}
        widths[str(column)] = new
        settings.setValue(key, widths)

    header.sectionResized.connect(keep)


def _kept(header: QHeaderView, column: int) -> bool:
    return header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive and not (
        header.stretchLastSection() and column == header.count() - 1
    )
