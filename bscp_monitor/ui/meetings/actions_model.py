"""The action log across contracts as a lazily loaded table model, and the proxy that filters it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import ActionStatus
from bscp_monitor.common.wording import counted
from bscp_monitor.meetings.actions import STATUS_LABELS, ActionRecord
from bscp_monitor.ui.kit.display import RED
from bscp_monitor.ui.kit.lazy_table import (
    Column,
    LazyFilterProxy,
    LazyTableModel,
    columns_in_order,
)

BATCH_SIZE = 100

OVERDUE_BACKGROUND = QColor(RED[0])
OVERDUE_FOREGROUND = QColor(RED[1])
CLOSED_FOREGROUND = QColor("#7b7f86")

#: The status filter's extra choice: open or in progress.
NOT_CLOSED = "not_closed"


class ActionCol(IntEnum):
    """The columns' positions."""

    REF = 0
    CONTRACT = 1
    RAISED = 2
    ACTION = 3
    OWNER = 4
    ORGANISATION = 5
    DUE = 6
    STATUS = 7
    COMPLETED = 8
    LATEST = 9


_STATUS_ORDER = {status: n for n, status in enumerate(ActionStatus)}


def latest_note(record: ActionRecord) -> str:
    """The most recent update's note (or its status when it has no note)."""
    if not record.updates:
        return ""
    update = record.updates[-1]
    return update.note or STATUS_LABELS[update.status]


def _text_key(text: Callable[[ActionRecord], str]) -> Callable[[ActionRecord], Any]:
    return lambda record: (text(record).casefold(), record.id)


def _date_key(when: Callable[[ActionRecord], date | None]) -> Callable[[ActionRecord], Any]:
    """Missing dates sort first (as the earliest)."""
    return lambda record: (when(record) or date.min, record.id)


def _raised_tip(record: ActionRecord) -> str | None:
    source = record.agenda_item_title
    if not source:
        return None
    return source if source.startswith("Thematic check") else f"Agenda item: {source}"


def action_columns(today: date) -> tuple[Column, ...]:
    """The columns, with actions due before ``today`` and still open shown overdue."""

    def overdue_tip(otherwise: Callable[[ActionRecord], str | None]) -> Any:
        def tip(record: ActionRecord) -> str | None:
            if not record.overdue(today):
                return otherwise(record)
            days = (today - record.due_on).days if record.due_on else 0
            return f"Overdue: due {format_date(record.due_on)}, {counted(days, 'day')} ago"

        return tip

    def due_text(record: ActionRecord) -> str:
        text = format_date(record.due_on)
        return f"{text} (overdue)" if record.overdue(today) else text

    def status_text(record: ActionRecord) -> str:
        return STATUS_LABELS[record.status]

    def none(_record: ActionRecord) -> None:
        return None

    return columns_in_order(
        ActionCol,
        {
            ActionCol.REF: Column(
                "Ref",
                lambda r: r.ref,
                sort_key=lambda r: (r.contract_reference.casefold(), r.id),
                tooltip=overdue_tip(none),
            ),
            ActionCol.CONTRACT: Column(
                "Contract",
                lambda r: r.contract_reference,
                sort_key=lambda r: (r.contract_reference.casefold(), r.id),
            ),
            ActionCol.RAISED: Column(
                "Raised",
                lambda r: format_date(r.meeting_date),
                sort_key=_date_key(lambda r: r.meeting_date),
                tooltip=_raised_tip,
            ),
            ActionCol.ACTION: Column(
                "Action",
                lambda r: r.description,
                sort_key=_text_key(lambda r: r.description),
                tooltip=lambda r: r.description,
            ),
            ActionCol.OWNER: Column(
                "Owner",
                lambda r: r.owner,
                sort_key=_text_key(lambda r: r.owner),
                tooltip=lambda r: r.owner,
            ),
            ActionCol.ORGANISATION: Column(
                "Organisation",
                lambda r: r.owner_organisation,
                sort_key=_text_key(lambda r: r.owner_organisation),
                tooltip=lambda r: r.owner_organisation,
            ),
            ActionCol.DUE: Column(
                "Due",
                due_text,
                sort_key=_date_key(lambda r: r.due_on),
                tooltip=overdue_tip(none),
                bold=lambda r: r.overdue(today),
            ),
            ActionCol.STATUS: Column(
                "Status",
                status_text,
                sort_key=lambda r: (_STATUS_ORDER[r.status], r.id),
                tooltip=overdue_tip(none),
            ),
            ActionCol.COMPLETED: Column(
                "Completed",
                lambda r: format_date(r.completed_on),
                sort_key=_date_key(lambda r: r.completed_on),
            ),
            ActionCol.LATEST: Column(
                "Latest update",
                latest_note,
                sort_key=_text_key(latest_note),
                tooltip=latest_note,
            ),
        },
    )


class ActionsTableModel(LazyTableModel):
    """Rows are :class:`ActionRecord`; they reach views in batches of ``BATCH_SIZE``.

    Sorting sorts the whole list (not just the rows fetched so far) by the real values.
    ``today`` decides which actions are overdue: their rows show red (a closed action grey).
    """

    batch_size = BATCH_SIZE

    def __init__(
        self,
        records: Iterable[ActionRecord] = (),
        parent: QObject | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(records, parent)
        self._set_today(today)

    def _set_today(self, today: date | None) -> None:
        self.today = today or date.today()
        self.columns = action_columns(self.today)

    # -- loading -----------------------------------------------------------------------------

    def set_records(self, records: Iterable[ActionRecord], today: date | None = None) -> None:
        self._set_today(today)
        super().set_records(records)

    def replace_record(self, record: ActionRecord) -> bool:
        """Show a changed action in place (same row); False if it is not in the model."""
        for row, held in enumerate(self._records):
            if held.id == record.id:
                self._records[row] = record
                if row < self._loaded:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(ActionCol) - 1))
                return True
        return False

    def records(self) -> list[ActionRecord]:
        return list(self._records)

    def record_at(self, row: int) -> ActionRecord:
        return self._records[row]

    def row_of(self, action_id: int) -> int | None:
        """The row of an action, fetching rows up to it; None if it is not in the model."""
        return self.row_where(lambda record: record.id == action_id)

    def row_style(self, record: ActionRecord, role: int) -> Any:
        overdue = record.overdue(self.today)
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.closed:
                return QBrush(CLOSED_FOREGROUND)
            if overdue:
                return QBrush(OVERDUE_FOREGROUND)
        return None


class ActionsFilterProxy(LazyFilterProxy):
    """Search (ref, description, owner, organisation) and filter by contract, owner, status
    and overdue. Sorting is handed to the source model so it covers every row."""

    def source(self) -> ActionsTableModel:
        model = self.sourceModel()
        assert isinstance(model, ActionsTableModel)
        return model

    def set_search_text(self, text: str) -> None:
        self.set_filter("search", text.strip().casefold())

    def set_contract(self, contract_id: int | None) -> None:
        self.set_filter("contract_id", contract_id)

    def set_owner(self, text: str) -> None:
        self.set_filter("owner", text.strip().casefold())

    def set_status(self, status: ActionStatus | str | None) -> None:
        """An ActionStatus, ``NOT_CLOSED`` (open or in progress) or None for all."""
        if status is not None and status != NOT_CLOSED:
            status = ActionStatus(status)
        self.set_filter("status", status)

    def set_overdue_only(self, on: bool) -> None:
        self.set_filter("overdue_only", bool(on))

    def accepts(self, record: ActionRecord) -> bool:
        """Whether the filters let this action through (whether fetched or not)."""
        contract_id = self.filters.get("contract_id")
        if contract_id is not None and record.contract_id != contract_id:
            return False
        owner = self.filters.get("owner")
        if owner and owner not in record.owner.casefold():
            return False
        status = self.filters.get("status")
        if status == NOT_CLOSED:
            if record.closed:
                return False
        elif status is not None and record.status is not status:
            return False
        if self.filters.get("overdue_only") and not record.overdue(self.source().today):
            return False
        search = self.filters.get("search")
        if not search:
            return True
        haystack = (record.ref, record.description, record.owner, record.owner_organisation)
        return any(search in text.casefold() for text in haystack)

    def record_at(self, row: int) -> ActionRecord:
        return super().record_at(row)

    def row_of(self, action_id: int) -> int | None:
        source_row = self.source().row_of(action_id)
        if source_row is None:
            return None
        index = self.mapFromSource(self.source().index(source_row, 0))
        return index.row() if index.isValid() else None

    def matching_records(self) -> list[ActionRecord]:
        """Every action the filters let through, in the current order, fetched or not."""
        return [record for record in self.source().records() if self.accepts(record)]
