"""The Dashboard: the register's counts and the decision deadlines that need attention.

Only real data from the store: nothing here is invented or sampled.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor import contracts, providers
from bscp_monitor.contracts import (
    CLOSED_STATUSES,
    DEADLINE_WARNING_MONTHS,
    ContractRecord,
    DeadlineState,
)
from bscp_monitor.data.store import Store
from bscp_monitor.dates import format_date
from bscp_monitor.ui.display import AMBER, RED

TITLE_LENGTH = 48
ID_ROLE = Qt.ItemDataRole.UserRole


def _short(text: str, length: int = TITLE_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def alert_text(record: ContractRecord) -> str:
    deadline = format_date(record.decision_deadline)
    if record.deadline_state is DeadlineState.PASSED:
        state = f"decision deadline {deadline} passed"
    else:
        state = f"decision deadline {deadline}, within {DEADLINE_WARNING_MONTHS} months"
    return f"{record.reference} {_short(record.title)} — {state}"


class CountCard(QFrame):
    """A number with its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countCard")
        self.number_label = QLabel("0")
        self.number_label.setObjectName("countNumber")
        self.caption_label = QLabel(caption)
        self.caption_label.setObjectName("countCaption")
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.number_label)
        layout.addWidget(self.caption_label)

    def set_count(self, count: int) -> None:
        self.number_label.setText(str(count))


class DashboardView(QWidget):
    """Emits ``contract_requested(id)`` when an alert is opened."""

    contract_requested = Signal(int)

    def __init__(
        self, store: Store, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today

        heading = QLabel("Dashboard")
        heading.setObjectName("pageHeading")

        self.live_card = CountCard("Live contracts (draft, active or extended)")
        self.providers_card = CountCard("Providers")
        self.deadline_card = CountCard(
            f"Decision deadlines passed or within {DEADLINE_WARNING_MONTHS} months"
        )
        cards = QHBoxLayout()
        cards.setSpacing(12)
        for card in (self.live_card, self.providers_card, self.deadline_card):
            cards.addWidget(card, 1)

        alerts_heading = QLabel("Decision deadlines")
        alerts_heading.setObjectName("sectionHeading")
        rule = QLabel(
            "A decision on what follows a contract must be approved before its decision "
            "deadline (by default six months before it ends). Double-click a contract to "
            "open it."
        )
        rule.setObjectName("noteLabel")
        rule.setWordWrap(True)
        self.alerts = QListWidget()
        self.alerts.setObjectName("alertsList")
        self.alerts.setAlternatingRowColors(False)
        self.alerts.itemActivated.connect(self._alert_activated)
        self.no_alerts_label = QLabel(
            f"No decision deadline has passed or falls within {DEADLINE_WARNING_MONTHS} months."
        )
        self.no_alerts_label.setObjectName("noteLabel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(cards)
        layout.addSpacing(8)
        layout.addWidget(alerts_heading)
        layout.addWidget(rule)
        layout.addWidget(self.no_alerts_label)
        layout.addWidget(self.alerts, 1)
        layout.addStretch(0)  # takes the room when there is no alert to list
        self.refresh()

    def refresh(self) -> None:
        records = contracts.list_contracts(self._store, today=self._today)
        live = [r for r in records if r.status not in CLOSED_STATUSES]
        due = [r for r in records if r.deadline_state in (DeadlineState.PASSED, DeadlineState.SOON)]
        due.sort(key=lambda r: (r.deadline_state is not DeadlineState.PASSED, r.decision_deadline))
        self.live_card.set_count(len(live))
        self.providers_card.set_count(len(providers.list_providers(self._store)))
        self.deadline_card.set_count(len(due))

        self.alerts.clear()
        for record in due:
            item = QListWidgetItem(alert_text(record))
            item.setData(ID_ROLE, record.id)
            background, foreground = RED if record.deadline_state is DeadlineState.PASSED else AMBER
            item.setBackground(QBrush(QColor(background)))
            item.setForeground(QBrush(QColor(foreground)))
            item.setToolTip(
                f"{record.title} ({record.provider_name}) ends {format_date(record.end_date)}"
            )
            if record.deadline_state is DeadlineState.PASSED:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.alerts.addItem(item)
        self.alerts.setVisible(bool(due))
        self.no_alerts_label.setVisible(not due)

    def alert_ids(self) -> list[int]:
        return [self.alerts.item(row).data(ID_ROLE) for row in range(self.alerts.count())]

    def _alert_activated(self, item: QListWidgetItem) -> None:
        contract_id = item.data(ID_ROLE)
        if isinstance(contract_id, int):
            self.contract_requested.emit(contract_id)
