"""One contract's page: a header with the decision deadline, and a tab per part of its record.

Every change is stored as it is made; the window emits ``contract_changed`` after each one.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import format_date, format_money
from bscp_monitor.common.enums import RiskLevel, VariationKind
from bscp_monitor.common.wording import counted
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import ContractRecord, DeadlineState
from bscp_monitor.ui.contracts.clause_checklist import ClauseChecklist
from bscp_monitor.ui.contracts.contract_lists import (
    ContractActions,
    ContractMeetings,
    ProviderStaff,
)
from bscp_monitor.ui.contracts.provider_dialog import ProviderForm
from bscp_monitor.ui.contracts.self_assessments_panel import SelfAssessmentsPanel
from bscp_monitor.ui.contracts.variation_dialog import VariationDialog
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.display import (
    AMBER,
    CONTRACT_STATUS_LABELS,
    DEADLINE_COLOURS,
    GREEN,
    GREY,
    RED,
    RISK_LABELS,
    VARIATION_LABELS,
    chip_style,
    deadline_text,
)
from bscp_monitor.ui.kit.lazy_table import Column, LazyTableModel
from bscp_monitor.ui.kit.register_page import wrapping_table
from bscp_monitor.ui.kit.role_gate import grey_for_role, read_only_for_role
from bscp_monitor.ui.kit.window_registry import WindowRegistry

RISK_COLOURS = {RiskLevel.LOW: GREEN, RiskLevel.MEDIUM: AMBER, RiskLevel.HIGH: RED}


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


def _frequency(n: int) -> str:
    return {1: "Monthly", 3: "Quarterly", 6: "Every 6 months", 12: "Yearly"}.get(
        n, f"Every {_months(n)}"
    )


class VariationsModel(LazyTableModel):
    batch_size = None
    columns = (
        Column("Kind", lambda v: VARIATION_LABELS[v.kind]),
        Column(
            "New end date",
            lambda v: format_date(v.new_end_date) if v.new_end_date else "Unchanged",
        ),
        Column("Approval date", lambda v: format_date(v.approval_date)),
        Column("Approved by", lambda v: v.approver, tooltip=lambda v: v.approver),
        Column("Route", lambda v: v.route, tooltip=lambda v: v.route),
        Column("Reason", lambda v: v.reason, tooltip=lambda v: v.reason),
    )


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _Overview(QWidget):
    """The contract's fields, read-only, with a button to edit them."""

    FIELDS = (
        ("title", "Title"),
        ("service_description", "Service description"),
        ("provider", "Provider"),
        ("team", "Commissioning team"),
        ("manager", "Contract manager"),
        ("start", "Start date"),
        ("original_end", "Original end date"),
        ("end", "Current end date"),
        ("value", "Value"),
        ("frequency", "Monitoring meetings"),
        ("lead", "Decision lead time"),
        ("deadline", "Decision deadline"),
        ("next_meeting", "Next meeting due"),
    )

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        scroll = named(QScrollArea(self), "Contract details")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        form = QFormLayout(body)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(8)
        self.values: dict[str, QLabel] = {}
        for key, label in self.FIELDS:
            self.values[key] = _value_label(body)
            form.addRow(f"<b>{label}</b>", self.values[key])
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton("Edit details…", self)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        outer.addLayout(row)

    def show_record(self, c: ContractRecord) -> None:
        end = format_date(c.end_date)
        if c.end_date != c.original_end_date:
            moves = len([v for v in c.variations if v.new_end_date])
            end += f" (moved by {counted(moves, 'change')})"
        texts = {
            "title": c.title,
            "service_description": c.service_description or "—",
            "provider": c.provider_name,
            "team": c.commissioning_team or "—",
            "manager": c.contract_manager or "—",
            "start": format_date(c.start_date),
            "original_end": format_date(c.original_end_date),
            "end": end,
            "value": format_money(c.value_pence),
            "frequency": _frequency(c.meeting_frequency_months),
            "lead": f"{_months(c.decision_lead_months)} before the end date",
            "deadline": deadline_text(c.decision_deadline, c.deadline_state),
            "next_meeting": _next_meeting_text(c.next_meeting_due),
        }
        for key, text in texts.items():
            self.values[key].setText(text)


def _next_meeting_text(due: date | None) -> str:
    if due is None:
        return "None (the contract has ended or is archived)"
    return f"{format_date(due)} (overdue)" if due < date.today() else format_date(due)


class _Variations(QWidget):
    """The history of extensions and variations, oldest first."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.path = QLabel(self)
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.path)
        self.model = VariationsModel(parent=self)
        self.table = wrapping_table(
            self.model, "Extensions and variations", self, QHeaderView.ResizeMode.Interactive
        )
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.record_button = QPushButton("Record extension or variation…", self)
        row.addWidget(self.record_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._sized = False

    def show_record(self, c: ContractRecord) -> None:
        self.model.set_records(c.variations)
        steps = [f"{format_date(c.original_end_date)} (original)"]
        steps += [
            format_date(v.new_end_date)
            + (" (extension)" if v.kind is VariationKind.EXTENSION else " (variation)")
            for v in c.variations
            if v.new_end_date is not None
        ]
        self.path.setText("<b>End date:</b> " + " → ".join(steps))
        if not c.variations:
            self.path.setText(
                f"<b>End date:</b> {format_date(c.original_end_date)}. "
                "No extension or variation recorded yet."
            )
        if not self._sized and c.variations:
            widths = (86, 118, 118, 200, 240)
            for column, width in enumerate(widths):
                self.table.setColumnWidth(column, width)
            self._sized = True


class ContractWindow(QDialog):
    """A non-modal window for one contract; see ``open_for``."""

    contract_changed = Signal(int)

    def __init__(self, store: Store, contract_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.contract_id = contract_id
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowMinMaxButtonsHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        self.setSizeGripEnabled(True)
        self.setMinimumSize(760, 520)
        # Wide enough for the lists' columns (a DBS status, an action's words) at 1366x768.
        room = self.screen().availableGeometry()
        self.resize(max(760, min(1240, room.width() - 40)), max(520, min(700, room.height() - 40)))
        self.contract = contracts.get_contract(store, contract_id)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)

        self.overview = _Overview(self.tabs)
        self.overview.edit_button.clicked.connect(self.edit_details)
        self.variations = _Variations(self.tabs)
        self.variations.record_button.clicked.connect(self.record_variation)
        self.checklist = ClauseChecklist(store, contract_id, self.tabs)
        self.checklist.changed.connect(self._changed)
        self.assessments = SelfAssessmentsPanel(
            store, self.contract.provider_id, contract_id, self.tabs
        )
        self.assessments.changed.connect(self._changed)
        self.provider_page = QWidget(self.tabs)
        page = QVBoxLayout(self.provider_page)
        self.provider_title = QLabel(self.provider_page)
        self.provider_title.setStyleSheet("font-size: 14px; font-weight: 600;")
        page.addWidget(self.provider_title)
        intro = QLabel(
            "S3 — the provider and its sub-contractors receive BSCP information and updates, "
            "and take part in BSCP training. Each change is saved as you make it.",
            self.provider_page,
        )
        intro.setWordWrap(True)
        page.addWidget(intro)
        self.provider_form = ProviderForm(
            store, self.contract.provider_id, self.provider_page, include_identity=False
        )
        self.provider_form.setMaximumWidth(720)
        self.provider_form.changed.connect(lambda _pid: self._changed())
        page.addWidget(self.provider_form)
        page.addStretch(1)

        self.tabs.addTab(self.overview, "Overview")
        self.tabs.addTab(self.variations, "Extensions and variations")
        self.tabs.addTab(self.checklist, "Safeguarding clause (S2)")
        self.tabs.addTab(self.assessments, "Self-assessments (S1)")
        self.tabs.addTab(self.provider_page, "Provider (S3)")
        # What the contract has been through: its meetings, actions and provider's staff.
        self.meeting_list = ContractMeetings(store, contract_id, self.tabs)
        self.action_list = ContractActions(store, contract_id, self.tabs)
        self.staff_list = ProviderStaff(store, self.contract.provider_id, self.tabs)
        for listing in (self.meeting_list, self.action_list, self.staff_list):
            listing.changed.connect(self._changed)  # the header's next meeting, the dashboard
        self.tabs.addTab(self.meeting_list, "Meetings (S5)")
        self.tabs.addTab(self.action_list, "Actions")
        self.tabs.addTab(self.staff_list, "DBS staff (S4)")
        self.tabs.currentChanged.connect(self._tab_shown)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Return in a field stores it; it presses no button
        # A reader on a team server: the contract's own fields and write buttons, greyed.
        read_only_for_role(store, self.checklist, self.provider_page)
        grey_for_role(store, self.overview.edit_button, self.variations.record_button,
                      self.assessments.record_button)  # fmt: skip
        self._show_contract()

    def _build_header(self) -> QVBoxLayout:
        header = QVBoxLayout()
        header.setSpacing(4)
        top = QHBoxLayout()
        self.reference_label = QLabel(self)
        self.reference_label.setStyleSheet("font-size: 18px; font-weight: 700;")
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.reference_label)
        self.title_label = QLabel(self)
        self.title_label.setStyleSheet("font-size: 16px;")
        self.title_label.setWordWrap(True)
        top.addWidget(self.title_label, 1)
        header.addLayout(top)
        chips = QHBoxLayout()
        self.provider_label = QLabel(self)
        self.status_label = QLabel(self)
        self.risk_label = QLabel(self)
        self.end_label = QLabel(self)
        self.deadline_label = QLabel(self)
        self.deadline_label.setObjectName("decisionDeadline")
        for label in (
            self.provider_label,
            self.status_label,
            self.risk_label,
            self.end_label,
            self.deadline_label,
        ):
            chips.addWidget(label)
        chips.addStretch(1)
        header.addLayout(chips)
        return header

    def _show_contract(self) -> None:
        c = self.contract
        self.setWindowTitle(f"{c.reference} — {c.title}")
        self.reference_label.setText(c.reference)
        self.title_label.setText(c.title)
        self.provider_label.setText(f"Provider: <b>{c.provider_name}</b>")
        status = CONTRACT_STATUS_LABELS[c.status] + (" (archived)" if c.archived else "")
        self.status_label.setText(f"Status: {status}")
        self.status_label.setStyleSheet(chip_style(GREY))
        self.risk_label.setText(f"Risk: {RISK_LABELS[c.risk_level]}")
        self.risk_label.setStyleSheet(chip_style(RISK_COLOURS[c.risk_level]))
        self.end_label.setText(f"Ends {format_date(c.end_date)}")
        self.end_label.setStyleSheet(chip_style(GREY))
        self.deadline_label.setText(deadline_text(c.decision_deadline, c.deadline_state))
        colours = DEADLINE_COLOURS[c.deadline_state]
        if c.deadline_state in (DeadlineState.OK, DeadlineState.NOT_APPLICABLE):
            colours = GREY
        self.deadline_label.setStyleSheet(chip_style(colours))
        self.deadline_label.setToolTip(
            f"The decision on what follows must be approved {_months(c.decision_lead_months)} "
            "before the contract ends."
        )
        self.provider_title.setText(c.provider_name)
        self.overview.show_record(c)
        self.variations.show_record(c)

    def show_tab(self, name: str) -> bool:
        """Show the tab called ``name`` or marked with it (e.g. "S1"); False if none is."""
        for index in range(self.tabs.count()):
            text = self.tabs.tabText(index)
            if text == name or text.endswith(f"({name})"):
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def reload(self) -> None:
        """Show the contract as it is now stored."""
        self.contract = contracts.get_contract(self._store, self.contract_id)
        if self.provider_form.provider_id != self.contract.provider_id:
            self.provider_form.set_provider(self.contract.provider_id)
            self.assessments.set_provider(self.contract.provider_id)
            self.staff_list.set_provider(self.contract.provider_id)
        self._show_contract()

    def _tab_shown(self, index: int) -> None:
        """A list is read again when shown: meetings, actions and staff change elsewhere."""
        page = self.tabs.widget(index)
        if isinstance(page, ContractMeetings | ContractActions | ProviderStaff):
            page.refresh()

    def _changed(self) -> None:
        self.reload()
        self.contract_changed.emit(self.contract_id)

    def edit_details(self) -> None:
        from bscp_monitor.ui.contracts.contract_dialog import ContractDialog

        if ContractDialog.edit(self, self._store, self.contract_id) is not None:
            self._changed()
        else:
            self.reload()

    def record_variation(self) -> None:
        if VariationDialog.record(self, self._store, self.contract_id) is not None:
            self._changed()

    def flush(self) -> None:
        """Store any typing not yet saved."""
        self.checklist.flush()
        self.provider_form.flush()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.flush()
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Esc closes the window: store pending typing first
        self.flush()
        WINDOWS.forget(self.contract_id, self)
        super().done(result)

    @classmethod
    def open_for(cls, parent: QWidget | None, store: Store, contract_id: int) -> ContractWindow:
        """Show the contract's window, reusing the one already open for it."""
        return WINDOWS.open_for(
            contract_id,
            lambda: cls(store, contract_id, parent),
            reuse=lambda window: window.store is store,
        )

    @property
    def store(self) -> Store:
        return self._store


#: The contract windows open now, one per contract.
WINDOWS: WindowRegistry[ContractWindow] = WindowRegistry()
