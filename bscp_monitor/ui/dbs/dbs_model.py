"""The DBS register as a lazily loaded table model, and the proxy that filters it."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.register import LEVEL_LABELS, STATUS_LABELS, DbsStatus, StaffRecord
from bscp_monitor.ui.kit.display import AMBER, GREEN, RED
from bscp_monitor.ui.kit.lazy_table import Column, LazyFilterProxy, LazyTableModel, columns_in_order

CONTACT_LABELS = {
    ContactLevel.DIRECT: "Direct",
    ContactLevel.REGULAR: "Regular",
    ContactLevel.OCCASIONAL: "Occasional",
    ContactLevel.NONE: "None",
}
BARRED_LABELS = {
    BarredList.NONE: "Not checked",
    BarredList.CHILDREN: "Children's",
    BarredList.ADULTS: "Adults' only",
    BarredList.BOTH: "Children's and adults'",
}
STATUS_COLOURS = {
    DbsStatus.MISSING: RED,
    DbsStatus.INVALID: RED,
    DbsStatus.EXPIRED: RED,
    DbsStatus.EXPIRING: AMBER,
    DbsStatus.IN_DATE: GREEN,
}
#: Worst first, so that sorting by status puts what needs attention at the top.
STATUS_ORDER = {status: n for n, status in enumerate(DbsStatus)}
CONTACT_ORDER = {level: n for n, level in enumerate(ContactLevel)}
LEVEL_ORDER = {
    DbsLevel.UNKNOWN: 0,
    DbsLevel.BASIC: 1,
    DbsLevel.STANDARD: 2,
    DbsLevel.ENHANCED: 3,
    DbsLevel.ENHANCED_BARRED: 4,
}
#: The barred list column says which list was checked, so the level can be short.
LEVEL_SHORT = {DbsLevel.ENHANCED_BARRED: "Enhanced"}
#: Statuses that need the contract manager's attention.
ATTENTION = frozenset({DbsStatus.MISSING, DbsStatus.INVALID, DbsStatus.EXPIRED, DbsStatus.EXPIRING})
LEFT_FOREGROUND = QColor("#7b7f86")


class StaffCol(IntEnum):
    """The columns' positions."""

    PROVIDER = 0
    NAME = 1
    ROLE = 2
    CONTACT = 3
    CERTIFICATE = 4
    LEVEL = 5
    BARRED = 6
    ISSUE = 7
    EXPIRY = 8
    UPDATE_SERVICE = 9
    STATUS = 10


def status_text(record: StaffRecord) -> str:
    return STATUS_LABELS[record.status]


def _name(record: StaffRecord) -> str:
    if record.left_on is not None:
        return f"{record.full_name} (left {format_date(record.left_on)})"
    return record.full_name


def _expiry_tip(record: StaffRecord) -> str:
    if record.expiry_date is None:
        return "No re-check date: no issue date or expiry was given."
    return f"Re-check by {format_date(record.expiry_date)}."


COLUMNS = columns_in_order(
    StaffCol,
    {
        StaffCol.PROVIDER: Column(
            "Provider", lambda r: r.provider_name, tooltip=lambda r: r.provider_name
        ),
        StaffCol.NAME: Column("Name", _name, sort_key=lambda r: r.full_name, tooltip=_name),
        StaffCol.ROLE: Column("Role", lambda r: r.role, tooltip=lambda r: r.role),
        StaffCol.CONTACT: Column(
            "Contact",
            lambda r: CONTACT_LABELS[r.contact_level],
            sort_key=lambda r: CONTACT_ORDER[r.contact_level],
            tooltip=lambda r: f"{CONTACT_LABELS[r.contact_level]} contact with children",
        ),
        StaffCol.CERTIFICATE: Column(
            "Certificate",
            lambda r: r.masked_number,
            sort_key=lambda r: (r.certificate_number or "")[-4:],
            tooltip=lambda r: (
                "Only the last four digits show. Reveal number shows it all (the audit trail "
                "records who looked)."
                if r.certificate_number
                else "No certificate number is recorded."
            ),
        ),
        StaffCol.LEVEL: Column(
            "Level",
            lambda r: LEVEL_SHORT.get(r.level, LEVEL_LABELS[r.level]),
            sort_key=lambda r: LEVEL_ORDER[r.level],
            tooltip=lambda r: LEVEL_LABELS[r.level],
        ),
        StaffCol.BARRED: Column(
            "Barred\nlist",
            lambda r: BARRED_LABELS[r.barred_list],
            tooltip=lambda r: BARRED_LABELS[r.barred_list],
        ),
        StaffCol.ISSUE: Column(
            "Issue\ndate", lambda r: format_date(r.issue_date), sort_key=lambda r: r.issue_date
        ),
        StaffCol.EXPIRY: Column(
            "Expiry /\nre-check",
            lambda r: format_date(r.expiry_date),
            sort_key=lambda r: r.expiry_date,
            tooltip=_expiry_tip,
        ),
        StaffCol.UPDATE_SERVICE: Column(
            "Update\nService",
            lambda r: "Yes" if r.update_service else "No",
            tooltip=lambda r: (
                "Subscribed to the DBS Update Service"
                if r.update_service
                else "Not on the DBS Update Service"
            ),
        ),
        StaffCol.STATUS: Column(
            "Status",
            status_text,
            sort_key=lambda r: STATUS_ORDER[r.status],
            colours=lambda r: STATUS_COLOURS[r.status],
            tooltip=lambda r: r.reason,
        ),
    },
)


class StaffTableModel(LazyTableModel):
    """Rows are :class:`StaffRecord`. Numbers revealed stay shown until the next refresh."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self._revealed: dict[int, str] = {}

    def set_records(self, records: Any) -> None:
        self._revealed = {}
        super().set_records(records)

    def show_number(self, staff_id: int, number: str) -> None:
        self._revealed[staff_id] = number
        for row in range(self.rowCount()):
            if self.record_at(row).id == staff_id:
                index = self.index(row, StaffCol.CERTIFICATE)
                self.dataChanged.emit(index, index)

    def is_revealed(self, staff_id: int) -> bool:
        return staff_id in self._revealed

    def text(self, record: StaffRecord, column: int) -> str:
        if column == StaffCol.CERTIFICATE and record.id in self._revealed:
            return self._revealed[record.id]
        return super().text(record, column)

    def row_style(self, record: StaffRecord, role: int) -> Any:
        if record.left_on is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(LEFT_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class StaffFilterProxy(LazyFilterProxy):
    """Filters: ``provider`` (id), ``status`` (a DbsStatus or "attention"), ``search``."""

    def set_search_text(self, text: str) -> None:
        self.set_filter("search", text.strip().casefold())

    def accepts(self, record: StaffRecord) -> bool:
        provider = self.filters.get("provider")
        if provider is not None and record.provider_id != provider:
            return False
        status = self.filters.get("status")
        if status == "attention":
            if record.status not in ATTENTION:
                return False
        elif status is not None and record.status != status:
            return False
        search = self.filters.get("search")
        if not search:
            return True
        haystack = (record.full_name, record.role, record.provider_name, record.masked_number)
        return any(search in text.casefold() for text in haystack)


def counts_line(records: list[StaffRecord]) -> str:
    """ "N people · K missing · E expired · X expiring" (and invalid, when there are any)."""

    def count(status: DbsStatus) -> int:
        return sum(1 for r in records if r.status is status)

    people = len(records)
    parts = [
        f"{people} {'person' if people == 1 else 'people'}",
        f"{count(DbsStatus.MISSING)} missing",
    ]
    invalid = count(DbsStatus.INVALID)
    if invalid:
        parts.append(f"{invalid} invalid")
    parts += [f"{count(DbsStatus.EXPIRED)} expired", f"{count(DbsStatus.EXPIRING)} expiring"]
    return " · ".join(parts)
