"""The contracts register as a lazily loaded table model, and the proxy that searches it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bscp_monitor.common.dates import format_date, format_money
from bscp_monitor.common.enums import ContractStatus, RiskLevel
from bscp_monitor.contracts.register import DEADLINE_WARNING_MONTHS, ContractRecord, DeadlineState
from bscp_monitor.ui.kit.display import AMBER, CONTRACT_STATUS_LABELS, RED, RISK_LABELS
from bscp_monitor.ui.kit.lazy_table import (
    Column,
    LazyFilterProxy,
    LazyTableModel,
    columns_in_order,
)

BATCH_SIZE = 100

ARCHIVED_FOREGROUND = "#7b7f86"
ARCHIVED_TIP = "Archived: kept in the register with its history."


class ContractCol(IntEnum):
    """The columns' positions."""

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


_STATUS_ORDER = {status: n for n, status in enumerate(ContractStatus)}
_RISK_ORDER = {risk: n for n, risk in enumerate(RiskLevel)}


def enum_label(value: ContractStatus | RiskLevel) -> str:
    """An enum in words: ``decommissioned`` -> ``Decommissioned``."""
    if isinstance(value, ContractStatus):
        return CONTRACT_STATUS_LABELS[value]
    return RISK_LABELS[value]


def _deadline_text(record: ContractRecord) -> str:
    text = format_date(record.decision_deadline)
    if record.deadline_state is DeadlineState.PASSED:
        return f"{text} (passed)"
    if record.deadline_state is DeadlineState.SOON:
        return f"{text} (soon)"
    return text


def _deadline_tip(record: ContractRecord) -> str:
    if record.deadline_state is DeadlineState.PASSED:
        return "Decision deadline passed"
    if record.deadline_state is DeadlineState.SOON:
        return f"Decision deadline within {DEADLINE_WARNING_MONTHS} months"
    return (
        f"{record.decision_lead_months} months before the contract ends "
        f"on {format_date(record.end_date)}"
    )


def _deadline_colours(record: ContractRecord) -> tuple[str | None, str | None] | None:
    """Red once passed, amber when soon; an archived contract's text stays grey."""
    colours = {DeadlineState.PASSED: RED, DeadlineState.SOON: AMBER}.get(record.deadline_state)
    if colours is None:
        return None
    return (colours[0], None if record.archived else colours[1])


def _end_tip(record: ContractRecord) -> str | None:
    if record.end_date != record.original_end_date:
        return f"Extended from {format_date(record.original_end_date)}"
    return None


def _or_archived(tooltip: Callable[[ContractRecord], str | None]) -> Any:
    """Every cell of an archived contract says so."""
    return lambda record: ARCHIVED_TIP if record.archived else tooltip(record)


def _no_tip(_record: ContractRecord) -> None:
    return None


COLUMNS = columns_in_order(
    ContractCol,
    {
        ContractCol.REFERENCE: Column(
            "Reference", lambda r: r.reference, sort_key=lambda r: r.reference.casefold()
        ),
        ContractCol.TITLE: Column("Title", lambda r: r.title, tooltip=lambda r: r.title),
        ContractCol.PROVIDER: Column(
            "Provider", lambda r: r.provider_name, tooltip=lambda r: r.provider_name
        ),
        ContractCol.STATUS: Column(
            "Status",
            lambda r: enum_label(r.status) + (" (archived)" if r.archived else ""),
            sort_key=lambda r: _STATUS_ORDER[r.status],
        ),
        ContractCol.RISK: Column(
            "Risk", lambda r: enum_label(r.risk_level), sort_key=lambda r: _RISK_ORDER[r.risk_level]
        ),
        ContractCol.START: Column(
            "Start", lambda r: format_date(r.start_date), sort_key=lambda r: r.start_date
        ),
        ContractCol.END: Column(
            "End",
            lambda r: format_date(r.end_date),
            sort_key=lambda r: r.end_date,
            tooltip=_end_tip,
        ),
        ContractCol.DEADLINE: Column(
            "Decision deadline",
            _deadline_text,
            sort_key=lambda r: r.decision_deadline,
            tooltip=_deadline_tip,
            colours=_deadline_colours,
            bold=lambda r: r.deadline_state is DeadlineState.PASSED,
        ),
        ContractCol.MANAGER: Column(
            "Contract manager", lambda r: r.contract_manager, tooltip=lambda r: r.contract_manager
        ),
        ContractCol.VALUE: Column(
            "Value",
            lambda r: format_money(r.value_pence),
            sort_key=lambda r: r.value_pence,
            align_right=True,
        ),
    },
)
COLUMNS = tuple(replace(c, tooltip=_or_archived(c.tooltip or _no_tip)) for c in COLUMNS)
HEADERS = {position: COLUMNS[position].header for position in ContractCol}


class ContractsTableModel(LazyTableModel):
    """Rows are :class:`ContractRecord`; they reach views in batches of ``BATCH_SIZE``.

    Sorting sorts the whole list (not just the rows fetched so far) by the real values.
    An archived contract shows grey and in italics.
    """

    columns = COLUMNS
    batch_size = BATCH_SIZE

    def record_at(self, row: int) -> ContractRecord:
        return self._records[row]

    def row_of(self, contract_id: int) -> int | None:
        """The row of a contract, fetching rows up to it; None if it is not in the model."""
        return self.row_where(lambda record: record.id == contract_id)

    def row_style(self, record: ContractRecord, role: int) -> Any:
        if not record.archived:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(ARCHIVED_FOREGROUND))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
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

    def visible_records(self) -> list[ContractRecord]:
        return super().visible_records()
