"""The Dashboard's table models: every live contract against S1-S6 and overall (each rating
in colour and in words, its reason as the tooltip), a proxy that filters by the overall
rating, and the alerts of the whole portfolio, soonest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from bscp_monitor.compliance import RAG_ORDER, ContractCompliance, StandardResult
from bscp_monitor.data.enums import Rag
from bscp_monitor.dates import format_date
from bscp_monitor.portfolio import (
    OVERALL,
    RAG_WORDS,
    STANDARD_CODES,
    STANDARD_TITLES,
    PortfolioAlert,
    alert_state,
)
from bscp_monitor.ui.display import RAG_COLOURS, RECORD_ROLE, SORT_ROLE

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


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _rag_role(rag: Rag, role: int) -> Any:
    if role == BACKGROUND:
        return QColor(RAG_COLOURS[rag][0])
    if role == FOREGROUND:
        return QColor(RAG_COLOURS[rag][1])
    if role == FONT:
        return _bold()
    if role == ALIGN:
        return CENTRED
    return None


class ComplianceModel(QAbstractTableModel):
    """Rows: ContractCompliance results; columns: HEADERS."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ContractCompliance] = []

    def set_results(self, results: Sequence[ContractCompliance]) -> None:
        self.beginResetModel()
        self._rows = list(results)
        self.endResetModel()

    def results(self) -> list[ContractCompliance]:
        return list(self._rows)

    def result(self, row: int) -> ContractCompliance:
        return self._rows[row]

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        column = index.column()
        if role == CONTRACT_ROLE:
            return c.contract_id
        if role == RECORD_ROLE:
            return c
        if role == STANDARD_ROLE:
            return self.standard_of(column)
        if column < FIRST_STANDARD:
            text = (c.reference, c.title, c.provider)[column]
            if role == DISPLAY:
                return text
            if role == SORT_ROLE:
                return text.casefold()
            if role == TOOLTIP and column != REFERENCE:
                return text
            return None
        result: StandardResult | None = (
            c.standards[column - FIRST_STANDARD] if column != OVERALL_COLUMN else None
        )
        rag = result.rag if result is not None else c.overall
        if role == DISPLAY:
            return RAG_WORDS[rag]
        if role == SORT_ROLE:
            return RAG_ORDER[rag]
        if role == TOOLTIP:
            if result is None:
                return f"Overall {RAG_WORDS[rag].lower()}: the worst of the six standards."
            title = STANDARD_TITLES[result.standard]
            return f"{result.standard} {title} — {RAG_WORDS[rag]}\n{result.reason}"
        return _rag_role(rag, role)


class OverallFilterProxy(QSortFilterProxyModel):
    """Sorts by real values (ratings by severity) and keeps only one overall rating."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._overall: Rag | None = None
        self.setSortRole(SORT_ROLE)

    def set_overall(self, rag: Rag | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self._overall = rag
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._overall = rag
            self.invalidateRowsFilter()

    def overall(self) -> Rag | None:
        return self._overall

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if self._overall is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, ComplianceModel)
        return model.result(source_row).overall is self._overall


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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        column = index.column()
        if role == CONTRACT_ROLE:
            return a.contract_id
        if role == RECORD_ROLE:
            return a
        if role == DISPLAY:
            if column == DUE:
                return format_date(a.alert.due) if a.alert.due else "—"
            if column == STATE:
                return alert_state(a.rag)
            if column == CONTRACT:
                return a.reference
            return a.alert.message
        if role == TOOLTIP:
            return f"{a.reference} {a.title} ({a.provider})\n{a.kind_label}: {a.alert.message}"
        if role in (BACKGROUND, FOREGROUND):
            return _rag_role(a.rag, role)
        if role == FONT and column == STATE:
            return _bold()
        return None
