"""The contracts register as a lazily loaded table model, and the proxy that searches it."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bscp_monitor.common.dates import format_date, format_money
from bscp_monitor.common.enums import ContractStatus, RiskLevel
from bscp_monitor.contracts.register import DEADLINE_WARNING_MONTHS, ContractRecord, DeadlineState
from bscp_monitor.ui.kit import display
from bscp_monitor.ui.kit.display import AMBER, CONTRACT_STATUS_LABELS, RED, RISK_LABELS
from bscp_monitor.ui.kit.display import SORT_ROLE as SORT_ROLE  # sorting's raw values
from bscp_monitor.ui.kit.lazy_table import LazyFilterProxy, LazyTableModel

#: The contract id of the row.
ID_ROLE = Qt.ItemDataRole.UserRole + 3

BATCH_SIZE = 100

SOON_BACKGROUND = QColor(AMBER[0])
SOON_FOREGROUND = QColor(AMBER[1])
PASSED_BACKGROUND = QColor(RED[0])
PASSED_FOREGROUND = QColor(RED[1])
ARCHIVED_FOREGROUND = QColor("#7b7f86")


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


COLUMNS = tuple(
    display.Column(
        HEADERS[column],
        partial(_display, column=column),
        sort_key=partial(sort_key, column=column),
        tooltip=partial(_tooltip, column=column),
        align_right=column is Column.VALUE,
    )
    for column in Column
)


class ContractsTableModel(LazyTableModel):
    """Rows are :class:`ContractRecord`; they reach views in batches of ``BATCH_SIZE``.

    Sorting sorts the whole list (not just the rows fetched so far) by the real values.
    """

    columns = COLUMNS
    batch_size = BATCH_SIZE

    def record_at(self, row: int) -> ContractRecord:
        return self._records[row]

    def row_of(self, contract_id: int) -> int | None:
        """The row of a contract, fetching rows up to it; None if it is not in the model."""
        return self.row_where(lambda record: record.id == contract_id)

    def cell_style(self, record: ContractRecord, column: int, role: int) -> Any:
        if role == ID_ROLE:
            return record.id
        deadline = column == Column.DEADLINE
        if role == Qt.ItemDataRole.BackgroundRole and deadline:
            if record.deadline_state is DeadlineState.PASSED:
                return QBrush(PASSED_BACKGROUND)
            if record.deadline_state is DeadlineState.SOON:
                return QBrush(SOON_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.archived:
                return QBrush(ARCHIVED_FOREGROUND)
            if deadline and record.deadline_state is DeadlineState.PASSED:
                return QBrush(PASSED_FOREGROUND)
            if deadline and record.deadline_state is DeadlineState.SOON:
                return QBrush(SOON_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole:
            passed = deadline and record.deadline_state is DeadlineState.PASSED
            if record.archived or passed:
                font = QFont()
                font.setItalic(record.archived)
                font.setBold(passed)
                return font
        return None


class ContractsFilterProxy(LazyFilterProxy):
    """Search as you type (reference, title, provider, contract manager) and filter by
    status and risk. Sorting is handed to the source model so it covers every row."""

    def source(self) -> ContractsTableModel:
        model = self.sourceModel()
        assert isinstance(model, ContractsTableModel)
        return model

    def set_search_text(self, text: str) -> None:
        self.set_filter("search", text.strip().casefold())

    def set_status(self, status: ContractStatus | None) -> None:
        self.set_filter("status", status)

    def set_risk(self, risk: RiskLevel | None) -> None:
        self.set_filter("risk", risk)

    def accepts(self, record: ContractRecord) -> bool:
        status = self.filters.get("status")
        if status is not None and record.status is not status:
            return False
        risk = self.filters.get("risk")
        if risk is not None and record.risk_level is not risk:
            return False
        search = self.filters.get("search")
        if not search:
            return True
        haystack = (
            record.reference,
            record.title,
            record.provider_name,
            record.contract_manager,
        )
        return any(search in text.casefold() for text in haystack)

    def record_at(self, row: int) -> ContractRecord:
        return super().record_at(row)

    def row_of(self, contract_id: int) -> int | None:
        source_row = self.source().row_of(contract_id)
        if source_row is None:
            return None
        index = self.mapFromSource(self.source().index(source_row, 0))
        return index.row() if index.isValid() else None

    def visible_records(self) -> Sequence[ContractRecord]:
        return super().visible_records()
