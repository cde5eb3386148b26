"""The meetings table: one row per meeting, newest first, with a filter proxy for the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from bscp_monitor.common.clock import format_local, to_local
from bscp_monitor.common.enums import MeetingStatus
from bscp_monitor.meetings.hold import Hold
from bscp_monitor.meetings.meetings import MeetingSummary
from bscp_monitor.ui.kit.lazy_table import RECORD_ROLE, SORT_ROLE, Column, LazyTableModel
from bscp_monitor.ui.meetings.meeting_widgets import MEETING_COLOURS, MEETING_STATUS_LABELS


def venue_text(m: MeetingSummary) -> str:
    if m.online:
        return f"Online ({m.venue})" if m.venue else "Online"
    return m.venue or "—"


def status_text(m: MeetingSummary) -> str:
    text = MEETING_STATUS_LABELS[m.status]
    if m.status is MeetingStatus.APPROVED and m.approved_by:
        text += f" by {m.approved_by}"
    return text


DATE_COLUMN = 0


@dataclass(frozen=True)
class ListedMeeting(MeetingSummary):
    """A meeting as the list shows it: its summary and who is recording it now."""

    #: "NAME since 10:02" while a colleague's window holds it; "" otherwise.
    recording: str = ""


def recording_text(hold: Hold | None) -> str:
    return f"{hold.holder} since {to_local(hold.since):%H:%M}" if hold is not None else ""


def listed(summaries: list[MeetingSummary], holds: list[Hold]) -> list[ListedMeeting]:
    """The summaries with who is recording each (from meetings/hold.py's live holds)."""
    by_meeting = {h.meeting_id: h for h in holds}
    return [
        ListedMeeting(
            **{f.name: getattr(m, f.name) for f in fields(MeetingSummary)},
            recording=recording_text(by_meeting.get(m.id)),
        )
        for m in summaries
    ]


class MeetingsTableModel(LazyTableModel):
    """Rows are :class:`MeetingSummary` records, all at once (the proxy sorts them)."""

    batch_size = None

    columns = (
        Column(
            "Date and time",
            lambda m: format_local(m.starts_at),
            sort_key=lambda m: m.starts_at.timestamp(),
        ),
        Column("Contract", lambda m: m.contract_reference),
        Column("Title", lambda m: m.contract_title, tooltip=lambda m: m.contract_title),
        Column("Provider", lambda m: m.provider_name, tooltip=lambda m: m.provider_name),
        Column("Venue", venue_text, tooltip=venue_text),
        Column("Chair", lambda m: m.chair or "—"),
        Column(
            "Recording",
            lambda m: getattr(m, "recording", ""),
            tooltip=lambda m: (
                f"Being recorded by {m.recording}: you can open it read-only"
                if getattr(m, "recording", "")
                else None
            ),
        ),
        Column(
            "Status",
            status_text,
            tooltip=status_text,
            sort_key=lambda m: list(MeetingStatus).index(m.status),
            colours=lambda m: MEETING_COLOURS[m.status],
        ),
    )

    def row_of(self, meeting_id: int) -> int | None:
        for row, record in enumerate(self._records):
            if record.id == meeting_id:
                return row
        return None


class MeetingsFilterProxy(QSortFilterProxyModel):
    """Filters by contract, status and free text; sorts through the model's SORT_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._contract_id: int | None = None
        self._status: MeetingStatus | None = None
        self._words: list[str] = []

    def set_contract(self, contract_id: int | None) -> None:
        self._change(lambda: setattr(self, "_contract_id", contract_id))

    def set_status(self, status: MeetingStatus | None) -> None:
        value = MeetingStatus(status) if status is not None else None  # combos give plain str
        self._change(lambda: setattr(self, "_status", value))

    def set_search_text(self, text: str) -> None:
        self._change(lambda: setattr(self, "_words", text.casefold().split()))

    def _change(self, apply: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self.invalidateRowsFilter()

    def is_filtered(self) -> bool:
        return bool(self._contract_id is not None or self._status is not None or self._words)

    def filterAcceptsRow(  # noqa: N802
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        record: Any = model.data(model.index(source_row, 0, source_parent), RECORD_ROLE)
        if record is None:
            return False
        if self._contract_id is not None and record.contract_id != self._contract_id:
            return False
        if self._status is not None and record.status is not self._status:
            return False
        if self._words:
            haystack = " ".join(
                (
                    format_local(record.starts_at),
                    record.contract_reference,
                    record.contract_title,
                    record.provider_name,
                    venue_text(record),
                    record.chair,
                    record.minute_taker,
                    status_text(record),
                )
            ).casefold()
            return all(word in haystack for word in self._words)
        return True
