"""Table models of the Thematic checks page: the schedule by risk and the checks."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import RiskLevel
from bscp_monitor.common.wording import every
from bscp_monitor.meetings.thematic_checks import (
    SCHEDULE_STATE_LABELS,
    ScheduleState,
    ThematicCheckRecord,
)
from bscp_monitor.ui.kit.display import (
    AMBER,
    GREEN,
    RAG_COLOURS,
    RAG_LABELS,
    RED,
    RISK_LABELS,
)
from bscp_monitor.ui.kit.lazy_table import (
    Column,
    LazyFilterProxy,
    LazyTableModel,
    columns_in_order,
)

STATE_COLOURS = {
    ScheduleState.OVERDUE: RED,
    ScheduleState.DUE_SOON: AMBER,
    ScheduleState.ON_SCHEDULE: GREEN,
}
#: Overdue first, so that sorting by state puts what needs attention at the top.
STATE_ORDER = {ScheduleState.OVERDUE: 0, ScheduleState.DUE_SOON: 1, ScheduleState.ON_SCHEDULE: 2}
RISK_ORDER = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2}
SUMMARY_LENGTH = 90


def summary(text: str, length: int = SUMMARY_LENGTH) -> str:
    """The first line of ``text``, cut to about ``length`` characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    if len(first) > length:
        return first[: length - 1].rstrip() + "…"
    if first != text.strip():
        return first + " …"
    return first


class ScheduleCol(IntEnum):
    CONTRACT = 0
    TITLE = 1
    RISK = 2
    INTERVAL = 3
    LAST_DONE = 4
    NEXT_DUE = 5
    PLANNED = 6
    STATE = 7


class ScheduleModel(LazyTableModel):
    """One row per live contract (a ``thematic_checks.ScheduleRow``)."""

    columns = columns_in_order(
        ScheduleCol,
        {
            ScheduleCol.CONTRACT: Column(
                "Contract", lambda r: r.reference, tooltip=lambda r: r.provider
            ),
            ScheduleCol.TITLE: Column("Service", lambda r: r.title, tooltip=lambda r: r.title),
            ScheduleCol.RISK: Column(
                "Risk",
                lambda r: RISK_LABELS[r.risk_level],
                sort_key=lambda r: RISK_ORDER[r.risk_level],
            ),
            ScheduleCol.INTERVAL: Column(
                "Checks", lambda r: every(r.interval_months), sort_key=lambda r: r.interval_months
            ),
            ScheduleCol.LAST_DONE: Column(
                "Last done",
                lambda r: format_date(r.last_done) or "Never",
                sort_key=lambda r: r.last_done,
            ),
            ScheduleCol.NEXT_DUE: Column(
                "Next due", lambda r: format_date(r.next_due), sort_key=lambda r: r.next_due
            ),
            ScheduleCol.PLANNED: Column(
                "Next planned",
                lambda r: format_date(r.next_planned) or "Not planned",
                sort_key=lambda r: r.next_planned,
            ),
            ScheduleCol.STATE: Column(
                "State",
                lambda r: SCHEDULE_STATE_LABELS[r.state],
                sort_key=lambda r: (STATE_ORDER[r.state], r.next_due),
                colours=lambda r: STATE_COLOURS[r.state],
                tooltip=lambda r: r.reason,
            ),
        },
    )

    def row_of(self, contract_id: int) -> int:
        for row, record in enumerate(self._records):
            if record.contract_id == contract_id:
                return row
        return -1


def _status(record: ThematicCheckRecord) -> str:
    if record.done:
        return "Done"
    if record.overdue:
        return "Overdue"
    return "Planned"


def _status_colours(record: ThematicCheckRecord) -> tuple[str, str] | None:
    if record.done:
        return GREEN
    return RED if record.overdue else None


def _actions(record: ThematicCheckRecord) -> str:
    if not record.total_actions:
        return "None"
    if record.open_actions == 0:
        return f"{record.total_actions} closed"
    return f"{record.open_actions} open of {record.total_actions}"


class CheckCol(IntEnum):
    CONTRACT = 0
    THEME = 1
    PLANNED = 2
    DONE = 3
    STATUS = 4
    SCOPE = 5
    FINDINGS = 6
    RAG = 7
    ACTIONS = 8


class ChecksModel(LazyTableModel):
    """Thematic checks (:class:`ThematicCheckRecord`)."""

    columns = columns_in_order(
        CheckCol,
        {
            CheckCol.CONTRACT: Column(
                "Contract", lambda r: r.contract_reference, tooltip=lambda r: r.contract_title
            ),
            CheckCol.THEME: Column("Theme", lambda r: r.theme),
            CheckCol.PLANNED: Column(
                "Planned", lambda r: format_date(r.planned_on), sort_key=lambda r: r.planned_on
            ),
            CheckCol.DONE: Column(
                "Done", lambda r: format_date(r.done_on), sort_key=lambda r: r.done_on
            ),
            CheckCol.STATUS: Column(
                "Status",
                _status,
                sort_key=lambda r: 0 if r.overdue else 1 if not r.done else 2,
                colours=_status_colours,
                tooltip=lambda r: (
                    f"Planned for {format_date(r.planned_on)} and not yet done."
                    if r.overdue
                    else ""
                ),
            ),
            CheckCol.SCOPE: Column(
                "Scope", lambda r: summary(r.scope, 60), tooltip=lambda r: r.scope
            ),
            CheckCol.FINDINGS: Column(
                "Findings", lambda r: summary(r.findings), tooltip=lambda r: r.findings
            ),
            CheckCol.RAG: Column(
                "RAG",
                lambda r: RAG_LABELS[r.rag] if r.rag is not None else "",
                sort_key=lambda r: {"red": 0, "amber": 1, "green": 2}.get(r.rag or ""),
                colours=lambda r: RAG_COLOURS[r.rag] if r.rag is not None else None,
            ),
            CheckCol.ACTIONS: Column(
                "Follow-ups",
                _actions,
                sort_key=lambda r: (r.open_actions, r.total_actions),
            ),
        },
    )

    def row_of(self, check_id: int) -> int:
        for row, record in enumerate(self._records):
            if record.id == check_id:
                return row
        return -1


class ChecksProxy(LazyFilterProxy):
    """Filters: ``contract_id`` (an id or None) and ``theme`` (a theme or empty)."""

    def accepts(self, record: Any) -> bool:
        contract_id = self.filters.get("contract_id")
        if contract_id is not None and record.contract_id != contract_id:
            return False
        theme = self.filters.get("theme")
        return not theme or record.theme.casefold() == str(theme).casefold()
