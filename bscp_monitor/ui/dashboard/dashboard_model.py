"""The Dashboard's table models: every live contract against S1-S6 and overall (each rating
in colour and in words, its reason as the tooltip), sorted and filtered by the overall rating
in the model itself, and the alerts of the whole portfolio, soonest first.

The compliance model sorts its own rows with one key per row, worked out once, instead of
through a QSortFilterProxyModel, whose comparisons call data() thousands of times for a
register of 500 contracts (bench/dashboard.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
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
from bscp_monitor.standards import STANDARDS
from bscp_monitor.ui.kit.cell_painter import Cell
from bscp_monitor.ui.kit.display import RAG_COLOURS
from bscp_monitor.ui.kit.lazy_table import Column, LazyTableModel

_Index = QModelIndex | QPersistentModelIndex
#: What each standard asks (a header's accessible description).
EXPECTATIONS = {s.code: s.expectation for s in STANDARDS}
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ACCESSIBLE_NAME = Qt.ItemDataRole.AccessibleTextRole
ACCESSIBLE_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole
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
    {int(r) for r in (DISPLAY, TOOLTIP, ACCESSIBLE_DESCRIPTION, BACKGROUND, FOREGROUND, FONT)}
    | {int(ALIGN)}
    | {int(Qt.ItemDataRole.UserRole) + n for n in range(0, 20)}
)


def _rating(column: int) -> Callable[[ContractCompliance], Rag]:
    """A rating column's rating of a contract: a standard's, or overall."""
    if column == OVERALL_COLUMN:
        return lambda c: c.overall
    return lambda c: c.standards[column - FIRST_STANDARD].rag


def _rating_tip(column: int) -> Callable[[ContractCompliance], str]:
    if column == OVERALL_COLUMN:
        return lambda c: f"Overall {RAG_WORDS[c.overall].lower()}: the worst of the six standards."

    def tip(c: ContractCompliance) -> str:
        result = c.standards[column - FIRST_STANDARD]
        title = STANDARD_TITLES[result.standard]
        return f"{result.standard} {title} — {RAG_WORDS[result.rag]}\n{result.reason}"

    return tip


def _rating_column(column: int) -> Column:
    rating = _rating(column)
    return Column(
        HEADERS[column],
        lambda c: RAG_WORDS[rating(c)],
        sort_key=lambda c: RAG_ORDER[rating(c)],
        tooltip=_rating_tip(column),
    )


#: Each rating column's rating of a contract, by column.
_RATINGS = {column: _rating(column) for column in range(FIRST_STANDARD, len(HEADERS))}

COMPLIANCE_COLUMNS = (
    Column("Reference", lambda c: c.reference, sort_key=lambda c: c.reference.casefold()),
    Column(
        "Title", lambda c: c.title, sort_key=lambda c: c.title.casefold(), tooltip=lambda c: c.title
    ),
    Column(
        "Provider",
        lambda c: c.provider,
        sort_key=lambda c: c.provider.casefold(),
        tooltip=lambda c: c.provider,
    ),
    *(_rating_column(column) for column in range(FIRST_STANDARD, len(HEADERS))),
)


class ComplianceModel(LazyTableModel):
    """Rows: the ContractCompliance results shown (those of the overall rating chosen, if
    any), in the order chosen; columns: HEADERS. Ties keep the order given (by reference)."""

    columns = COMPLIANCE_COLUMNS
    batch_size = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._all: list[ContractCompliance] = []
        self._overall: Rag | None = None
        self._sort_column = REFERENCE

    def set_results(self, results: Sequence[ContractCompliance]) -> None:
        self._all = list(results)
        self.set_records(self._shown())

    def results(self) -> list[ContractCompliance]:
        """Every result given, shown or not."""
        return list(self._all)

    def result(self, row: int) -> ContractCompliance:
        return self._records[row]

    def set_overall(self, rag: Rag | None) -> None:
        """Show only the contracts rated ``rag`` overall (None: all of them)."""
        self._overall = rag
        self.set_records(self._shown())

    def overall(self) -> Rag | None:
        return self._overall

    def _shown(self) -> list[ContractCompliance]:
        if self._overall is None:
            return self._all
        return [c for c in self._all if c.overall is self._overall]

    def _sort_list(self, column: int, order: Qt.SortOrder) -> None:
        """One key per row, worked out once; ties keep the order given either way."""
        key = self.columns[column].sort_key
        descending = order == Qt.SortOrder.DescendingOrder
        self._records = sorted(self._records, key=key, reverse=descending)

    def cell(self, row: int, column: int) -> Cell:
        """The cell's look, all at once (ui/cell_painter.py)."""
        c = self._records[row]
        if column < FIRST_STANDARD:
            return Cell((c.reference, c.title, c.provider)[column], None, False, False)
        rag = c.overall if column == OVERALL_COLUMN else c.standards[column - FIRST_STANDARD].rag
        return Cell(RAG_WORDS[rag], rag, True, True)

    @staticmethod
    def standard_of(column: int) -> str | None:
        if FIRST_STANDARD <= column < len(HEADERS):
            return HEADERS[column]
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        code = HEADERS[section]
        if role == DISPLAY:
            return code
        if role in (TOOLTIP, ACCESSIBLE_NAME):  # "S4 DBS records", to the eye and the ear
            if code == OVERALL:
                return "Overall: the worst of the six standards"
            if code in STANDARD_TITLES:
                return f"{code} {STANDARD_TITLES[code]}"
        if role == ACCESSIBLE_DESCRIPTION and code in EXPECTATIONS:
            return EXPECTATIONS[code]
        if role == ALIGN and section >= FIRST_STANDARD:
            return CENTRED
        return None

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        # Quick for what a view asks of every cell it paints (bench/dashboard.py).
        if role not in _ANSWERED:
            return None
        return super().data(index, role)

    def cell_style(self, record: ContractCompliance, column: int, role: int) -> Any:
        """A rating's colours, bold and centred (shared, made once); the style's own for the
        other columns."""
        if role == CONTRACT_ROLE:
            return record.contract_id
        if role == STANDARD_ROLE:
            return self.standard_of(column)
        if column >= FIRST_STANDARD and role in _LOOKS:
            return _rag_role(_RATINGS[column](record), role)
        return None


DUE, STATE, CONTRACT, MESSAGE = 0, 1, 2, 3


def _alert_tip(a: PortfolioAlert) -> str:
    return f"{a.reference} {a.title} ({a.provider})\n{a.kind_label}: {a.alert.message}"


ALERT_COLUMNS = (
    Column("Due", lambda a: format_date(a.alert.due) if a.alert.due else "—", tooltip=_alert_tip),
    Column("State", lambda a: alert_state(a.rag), tooltip=_alert_tip),
    Column("Contract", lambda a: a.reference, tooltip=_alert_tip),
    Column("Alert", lambda a: a.alert.message, tooltip=_alert_tip),
)
ALERT_HEADERS = tuple(column.header for column in ALERT_COLUMNS)


class AlertsModel(LazyTableModel):
    """Rows: PortfolioAlert, in the order given (portfolio_alerts sorts them), each in the
    colours of its rating."""

    columns = ALERT_COLUMNS
    batch_size = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)

    def set_alerts(self, alerts: Sequence[PortfolioAlert]) -> None:
        self.set_records(alerts)

    def alerts(self) -> list[PortfolioAlert]:
        return self.records()

    def cell(self, row: int, column: int) -> Cell:
        """The cell's look, all at once (ui/cell_painter.py)."""
        a = self._records[row]
        return Cell(self.columns[column].text(a), a.rag, column == STATE, False)

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        if role not in _ANSWERED:  # quick for what a view asks of every cell it paints
            return None
        return super().data(index, role)

    def cell_style(self, record: PortfolioAlert, column: int, role: int) -> Any:
        if role == CONTRACT_ROLE:
            return record.contract_id
        if role in (BACKGROUND, FOREGROUND) or (role == FONT and column == STATE):
            return _rag_role(record.rag, role)
        return None
