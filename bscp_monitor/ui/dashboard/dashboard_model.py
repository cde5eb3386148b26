"""The Dashboard's table models: every live contract against S1-S6 and overall (each rating
in colour and in words, its reason as the tooltip), sorted and filtered by the overall rating
in the model itself, and the alerts of the whole portfolio, soonest first.

The compliance model sorts its own rows with one key per row, worked out once, instead of
through a QSortFilterProxyModel, whose comparisons call data() thousands of times for a
register of 500 contracts (bench/dashboard.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import Rag
from bscp_monitor.compliance.portfolio import (
    OVERALL,
    RAG_WORDS,
    STANDARD_CODES,
    STANDARD_TITLES,
    PortfolioAlert,
    alert_state,
)
from bscp_monitor.compliance.rules import RAG_ORDER, ContractCompliance
from bscp_monitor.ui.kit.cell_painter import Cell
from bscp_monitor.ui.kit.display import RAG_COLOURS
from bscp_monitor.ui.kit.lazy_table import RECORD_ROLE

_Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
FONT = Qt.ItemDataRole.FontRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
#: The standard a cell stands for ("S1".."S6", "Overall"), or None for the other columns.
STANDARD_ROLE = Qt.ItemDataRole.UserRole + 10
#: The contract's id, on every cell of its row.
CONTRACT_ROLE = Qt.ItemDataRole.UserRole + 11

REFERENCE, TITLE, PROVIDER = 0, 1, 2
FIRST_STANDARD = 3
HEADERS = ("Reference", "Title", "Provider", *STANDARD_CODES, OVERALL)
OVERALL_COLUMN = len(HEADERS) - 1
CENTRED = int(Qt.AlignmentFlag.AlignCenter)


_looks: dict[tuple[Rag, int], Any] = {}


def _rag_role(rag: Rag, role: int) -> Any:
    """The colours, font and alignment of a rating's cell, made once each (a view asks for
    them for every cell it paints) and shared: Qt copies what it is given."""
    if not _looks:  # after the QApplication exists
        bold = QFont()
        bold.setBold(True)
        for each, (background, foreground) in RAG_COLOURS.items():
            _looks[each, int(BACKGROUND)] = QColor(background)
            _looks[each, int(FOREGROUND)] = QColor(foreground)
            _looks[each, int(FONT)] = bold
            _looks[each, int(ALIGN)] = CENTRED
    return _looks.get((rag, role))


#: The roles of a rating's look.
_LOOKS = frozenset(int(r) for r in (BACKGROUND, FOREGROUND, FONT, ALIGN))
#: The roles the models answer; a view asks for others (decoration, check state, size)
#: for every cell it paints, and they get None at once.
_ANSWERED = frozenset(
    {int(r) for r in (DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, FONT, ALIGN)}
    | {int(Qt.ItemDataRole.UserRole) + n for n in range(0, 20)}
)


def _sort_key(c: ContractCompliance, column: int) -> object:
    if column < FIRST_STANDARD:
        return (c.reference, c.title, c.provider)[column].casefold()
    if column == OVERALL_COLUMN:
        return RAG_ORDER[c.overall]
    return RAG_ORDER[c.standards[column - FIRST_STANDARD].rag]


class ComplianceModel(QAbstractTableModel):
    """Rows: the ContractCompliance results shown (those of the overall rating chosen, if
    any), in the order chosen; columns: HEADERS. Ties keep the order given (by reference)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ContractCompliance] = []
        self._rows: list[ContractCompliance] = []
        self._overall: Rag | None = None
        self._sort_column = REFERENCE
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_results(self, results: Sequence[ContractCompliance]) -> None:
        self.beginResetModel()
        self._all = list(results)
        self._rows = self._arranged()
        self.endResetModel()

    def results(self) -> list[ContractCompliance]:
        """Every result given, shown or not."""
        return list(self._all)

    def result(self, row: int) -> ContractCompliance:
        return self._rows[row]

    def set_overall(self, rag: Rag | None) -> None:
        """Show only the contracts rated ``rag`` overall (None: all of them)."""
        self.beginResetModel()
        self._overall = rag
        self._rows = self._arranged()
        self.endResetModel()

    def overall(self) -> Rag | None:
        return self._overall

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [(self._rows[i.row()].contract_id, i.column()) for i in before]
        self._sort_column, self._sort_order = column, order
        self._rows = self._arranged()
        where = {c.contract_id: row for row, c in enumerate(self._rows)}
        self.changePersistentIndexList(
            before, [self.index(where[contract], column) for contract, column in held]
        )
        self.layoutChanged.emit()

    def _arranged(self) -> list[ContractCompliance]:
        rows = (
            self._all
            if self._overall is None
            else [c for c in self._all if c.overall is self._overall]
        )
        column = self._sort_column
        return sorted(
            rows,
            key=lambda c: _sort_key(c, column),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def cell(self, row: int, column: int) -> Cell:
        """The cell's look, all at once (ui/cell_painter.py)."""
        c = self._rows[row]
        if column < FIRST_STANDARD:
            return Cell((c.reference, c.title, c.provider)[column], None, False, False)
        rag = c.overall if column == OVERALL_COLUMN else c.standards[column - FIRST_STANDARD].rag
        return Cell(RAG_WORDS[rag], rag, True, True)

    @staticmethod
    def standard_of(column: int) -> str | None:
        if FIRST_STANDARD <= column < len(HEADERS):
            return HEADERS[column]
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        code = HEADERS[section]
        if role == DISPLAY:
            return code
        if role == TOOLTIP:
            if code == OVERALL:
                return "Overall: the worst of the six standards"
            if code in STANDARD_TITLES:
                return f"{code} {STANDARD_TITLES[code]}"
        if role == ALIGN and section >= FIRST_STANDARD:
            return CENTRED
        return None

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        # Quick for what a view asks of every cell it paints (bench/dashboard.py).
        if role not in _ANSWERED:
            return None
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._rows):
            return None
        c = self._rows[row]
        column = index.column()
        if role == CONTRACT_ROLE:
            return c.contract_id
        if role == RECORD_ROLE:
            return c
        if role == STANDARD_ROLE:
            return self.standard_of(column)
        if column < FIRST_STANDARD:
            if role == DISPLAY or (role == TOOLTIP and column != REFERENCE):
                return (c.reference, c.title, c.provider)[column]
            return None  # the style's own colours and font
        return _rating_data(c, column, role)


def _rating_data(c: ContractCompliance, column: int, role: int) -> Any:
    """A rating cell (a standard, or overall): its colours, words or reason."""
    result = c.standards[column - FIRST_STANDARD] if column != OVERALL_COLUMN else None
    rag = result.rag if result is not None else c.overall
    if role in _LOOKS:
        return _rag_role(rag, role)
    if role == DISPLAY:
        return RAG_WORDS[rag]
    if role == TOOLTIP:
        if result is None:
            return f"Overall {RAG_WORDS[rag].lower()}: the worst of the six standards."
        title = STANDARD_TITLES[result.standard]
        return f"{result.standard} {title} — {RAG_WORDS[rag]}\n{result.reason}"
    return None


ALERT_HEADERS = ("Due", "State", "Contract", "Alert")
DUE, STATE, CONTRACT, MESSAGE = 0, 1, 2, 3


class AlertsModel(QAbstractTableModel):
    """Rows: PortfolioAlert, in the order given (portfolio_alerts sorts them)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PortfolioAlert] = []

    def set_alerts(self, alerts: Sequence[PortfolioAlert]) -> None:
        self.beginResetModel()
        self._rows = list(alerts)
        self.endResetModel()

    def alerts(self) -> list[PortfolioAlert]:
        return list(self._rows)

    def cell(self, row: int, column: int) -> Cell:
        """The cell's look, all at once (ui/cell_painter.py)."""
        a = self._rows[row]
        return Cell(_alert_text(a, column), a.rag, column == STATE, False)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(ALERT_HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == DISPLAY and horizontal and 0 <= section < len(ALERT_HEADERS):
            return ALERT_HEADERS[section]
        return None

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        if role not in _ANSWERED:
            return None
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._rows):
            return None
        a = self._rows[row]
        column = index.column()
        if role == CONTRACT_ROLE:
            return a.contract_id
        if role == RECORD_ROLE:
            return a
        if role == DISPLAY:
            return _alert_text(a, column)
        if role == TOOLTIP:
            return f"{a.reference} {a.title} ({a.provider})\n{a.kind_label}: {a.alert.message}"
        if role in (BACKGROUND, FOREGROUND):
            return _rag_role(a.rag, role)
        if role == FONT and column == STATE:
            return _rag_role(a.rag, FONT)
        return None


def _alert_text(a: PortfolioAlert, column: int) -> str:
    if column == DUE:
        return format_date(a.alert.due) if a.alert.due else "—"
    if column == STATE:
        return alert_state(a.rag)
    if column == CONTRACT:
        return a.reference
    return a.alert.message
