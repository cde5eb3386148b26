"""The editor of one agenda item: its discussion and decisions (autosaved as typed), the
safeguarding prompts, the carried-forward actions under 'Action log review', approval of the
last meeting's minutes, and the actions raised from the item."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import AgendaKind, MeetingStatus
from bscp_monitor.meetings.actions import ActionRecord
from bscp_monitor.meetings.meetings import AgendaItemRecord, MeetingSummary
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.autosave import Autosaver
from bscp_monitor.ui.kit.display import AMBER, RED, chip_style
from bscp_monitor.ui.kit.lazy_table import Column, LazyTableModel
from bscp_monitor.ui.meetings.meeting_metrics_panel import MeetingMetricsPanel
from bscp_monitor.ui.meetings.meeting_widgets import (
    ACTION_COLOURS,
    ACTION_STATUS_LABELS,
    AutoTextEdit,
)
from bscp_monitor.ui.meetings.safeguarding_panel import SafeguardingPanel

TEXT_FIELDS = ("discussion", "decisions")
MINUTES_ITEM = "minutes of the last meeting"


def item_key(item_id: int, field: str) -> tuple[str, int, str]:
    return ("item", item_id, field)


def is_minutes_item(item: AgendaItemRecord) -> bool:
    return MINUTES_ITEM in item.title.casefold()


def _status(a: ActionRecord, as_of: date) -> str:
    text = ACTION_STATUS_LABELS[a.status]
    if a.completed_on is not None and a.closed:
        text += f" {format_date(a.completed_on)}"
    elif a.overdue(as_of):
        text += " — overdue"
    return text


def _status_colours(a: ActionRecord, as_of: date) -> tuple[str, str]:
    return RED if a.overdue(as_of) else ACTION_COLOURS[a.status]


class _ActionsModel(LazyTableModel):
    """Actions as they stood at a meeting: overdue as at its day (or today, for a meeting
    still to come), so the minutes of a past meeting never change as the days pass."""

    batch_size = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.as_of = date.today()

    def status(self, a: ActionRecord) -> str:
        return _status(a, self.as_of)

    def status_colours(self, a: ActionRecord) -> tuple[str, str]:
        return _status_colours(a, self.as_of)


def _history(a: ActionRecord) -> str:
    if not a.updates:
        return "No update yet"
    lines = []
    for u in a.updates:
        when = format_date(u.meeting_date or to_local(u.at).date())
        lines.append(
            f"{when}: {ACTION_STATUS_LABELS[u.status]}" + (f" — {u.note}" if u.note else "")
        )
    return "\n".join(lines)


def _with_history(a: ActionRecord) -> str:
    if not a.updates:
        return f"{a.description}\n    No update yet"
    return a.description + "".join(f"\n    ↳ {line}" for line in _history(a).splitlines())


class RaisedActionsModel(_ActionsModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            Column("Ref", lambda a: a.ref),
            Column("Action", lambda a: a.description, tooltip=lambda a: a.description),
            Column(
                "Owner",
                lambda a: a.owner + (f" ({a.owner_organisation})" if a.owner_organisation else ""),
            ),
            Column("Due", lambda a: format_date(a.due_on) if a.due_on else "—"),
            Column("Status", self.status, colours=self.status_colours),
        )


class CarriedActionsModel(_ActionsModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            Column("Ref", lambda a: a.ref),
            Column("Raised", lambda a: format_date(a.meeting_date) if a.meeting_date else "—"),
            Column("Action and its history", _with_history, tooltip=_with_history),
            Column("Owner", lambda a: a.owner),
            Column("Due", lambda a: format_date(a.due_on) if a.due_on else "—"),
            Column("Status", self.status, colours=self.status_colours),
        )


def _table(
    model: LazyTableModel, parent: QWidget, widths: tuple[int, ...], stretch: int
) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fit_rows(table: QTableView, max_height: int = 320) -> None:
    table.resizeRowsToContents()
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 2
    height += sum(table.rowHeight(r) for r in range(table.model().rowCount()))
    table.setFixedHeight(min(max(height, 60), max_height))


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionHeading")
    return label


class ItemEditor(QScrollArea):
    """Rebuilt for each item; signals ask the window to act (it holds the store calls that
    change the meeting's state)."""

    raise_requested = Signal(int)  # item id
    update_requested = Signal(object)  # ActionRecord
    approve_requested = Signal()
    changed = Signal()

    def __init__(self, store, autosaver: Autosaver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "Agenda item", "The item chosen in the agenda: its discussion and decisions")
        self._store = store
        self._autosaver = autosaver
        self.item: AgendaItemRecord | None = None
        self.safeguarding: SafeguardingPanel | None = None
        self.metrics_panel: MeetingMetricsPanel | None = None
        self.discussion_edit: AutoTextEdit | None = None
        self.decisions_edit: AutoTextEdit | None = None
        self.approve_button: QPushButton | None = None
        self.update_button: QPushButton | None = None
        self.raise_button: QPushButton | None = None
        self.carried_table: QTableView | None = None
        self.carried_model = CarriedActionsModel(self)
        self.raised_model = RaisedActionsModel(self)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_item(
        self,
        item: AgendaItemRecord,
        number: int,
        meeting: MeetingSummary,
        raised: list[ActionRecord],
        carried: list[ActionRecord],
        previous: MeetingSummary | None,
    ) -> None:
        same = self.item is not None and self.item.id == item.id
        scroll = self.verticalScrollBar().value() if same else 0
        self.item = item
        locked = meeting.locked
        as_of = min(to_local(meeting.starts_at).date(), date.today())
        self.carried_model.as_of = self.raised_model.as_of = as_of
        body = QWidget(self)
        body.setObjectName("itemEditorBody")
        body.setStyleSheet("QWidget#itemEditorBody { background: #ffffff; }")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 16, 12)
        layout.setSpacing(8)

        title_row = QHBoxLayout()
        title = QLabel(f"{number}. {item.title}", body)
        title.setObjectName("pageHeading")
        title.setWordWrap(True)
        title_row.addWidget(title, 1)
        if item.kind is AgendaKind.SAFEGUARDING:
            tag = QLabel("Mandatory — BSCP standard S5", body)
            tag.setStyleSheet(chip_style(RED))
            title_row.addWidget(tag, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(title_row)

        if is_minutes_item(item):
            layout.addWidget(self._previous_box(previous, meeting, body))
        self.safeguarding = None
        if item.kind is AgendaKind.SAFEGUARDING:
            layout.addWidget(_heading("Safeguarding prompts", body))
            self.safeguarding = SafeguardingPanel(
                self._store, item.prompts, self._autosaver, locked, body
            )
            self.safeguarding.changed.connect(self.changed)
            layout.addWidget(self.safeguarding)
        self.metrics_panel = None
        if item.kind is AgendaKind.PERFORMANCE:
            layout.addWidget(_heading("Metrics", body))
            self.metrics_panel = MeetingMetricsPanel(self._store, meeting, locked, body)
            self.metrics_panel.changed.connect(self.changed)
            layout.addWidget(self.metrics_panel)
        self.carried_table = None
        self.update_button = None
        if item.kind is AgendaKind.ACTIONS_REVIEW:
            layout.addLayout(self._carried_section(carried, locked, body))

        edits = {}
        for field, label, lines in (("discussion", "Discussion", 6), ("decisions", "Decisions", 3)):
            heading = _heading(label, body)
            layout.addWidget(heading)
            edit = AutoTextEdit(body, min_lines=lines, max_lines=30)
            heading.setBuddy(edit)  # the heading names the box for a screen reader
            edit.setObjectName(f"{field}Edit")
            edit.setPlaceholderText(
                "Minute the discussion as people speak"
                if field == "discussion"
                else "What was decided"
            )
            edit.set_text_quietly(getattr(item, field))
            edit.setReadOnly(locked)
            edit.textChanged.connect(
                lambda f=field, e=edit: self._autosaver.changed(
                    item_key(item.id, f), e.toPlainText()
                )
            )
            edit.focus_left.connect(self._autosaver.flush)
            layout.addWidget(edit)
            edits[field] = edit
        self.discussion_edit = edits["discussion"]
        self.decisions_edit = edits["decisions"]

        layout.addLayout(self._raised_section(item, raised, locked, body))
        layout.addStretch(1)
        old = self.takeWidget()
        self.setWidget(body)
        if old is not None:
            old.deleteLater()
        QTimer.singleShot(0, self._fit_tables)  # rows wrap to the widths the layout gives
        if scroll:
            self.verticalScrollBar().setValue(scroll)

    def _fit_tables(self) -> None:
        body = self.widget()
        if body is not None:
            for table in body.findChildren(QTableView):
                _fit_rows(table, 420)

    def _previous_box(
        self, previous: MeetingSummary | None, meeting: MeetingSummary, parent: QWidget
    ) -> QWidget:
        box = QFrame(parent)
        box.setObjectName("previousMinutes")
        row = QHBoxLayout(box)
        row.setContentsMargins(10, 6, 10, 6)
        text = QLabel(box)
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self.approve_button = None
        if previous is None:
            text.setText("This is the contract's first recorded meeting: no minutes to approve.")
            return box
        day = format_date(to_local(previous.starts_at).date())
        if previous.status is MeetingStatus.APPROVED:
            approved = (
                format_date(to_local(previous.approved_at).date()) if previous.approved_at else ""
            )
            text.setText(
                f"The minutes of {day} were approved by {previous.approved_by} on {approved}."
            )
        elif previous.status is MeetingStatus.DRAFT_MINUTES:
            box.setStyleSheet(f"QFrame#previousMinutes {{ {chip_style(AMBER)} }}")
            text.setText(f"The minutes of {day} are in draft: agree them, then approve them here.")
            self.approve_button = QPushButton(f"Approve minutes of {day}…", box)
            self.approve_button.setAutoDefault(False)
            started = meeting.status is not MeetingStatus.PLANNED
            self.approve_button.setEnabled(started and not meeting.locked)
            if not started:
                self.approve_button.setToolTip(
                    "Minutes are approved at a meeting that is taking place: start it first."
                )
            self.approve_button.clicked.connect(self.approve_requested)
            row.addWidget(self.approve_button)
        else:
            text.setText(
                f"The minutes of {day} are not ready to approve yet (the meeting is "
                f"{previous.status.value.replace('_', ' ')})."
            )
        return box

    def _carried_section(
        self, carried: list[ActionRecord], locked: bool, parent: QWidget
    ) -> QVBoxLayout:
        section = QVBoxLayout()
        section.addWidget(_heading("Actions carried forward", parent))
        self.carried_model.set_records(carried)
        if not carried:
            none = QLabel("No open action from earlier meetings of this contract.", parent)
            none.setObjectName("noteLabel")
            section.addWidget(none)
            return section
        self.carried_table = _table(
            self.carried_model, parent, (150, 84, 260, 116, 84, 130), stretch=2
        )
        named(self.carried_table, "Actions carried forward", "Record update… records progress")
        self.carried_table.doubleClicked.connect(lambda _i: self._update_selected())
        _fit_rows(self.carried_table, 360)
        section.addWidget(self.carried_table)
        row = QHBoxLayout()
        self.update_button = QPushButton("Record update…", parent)
        self.update_button.setAutoDefault(False)
        self.update_button.setToolTip("Record the status and a note for the selected action")
        self.update_button.setEnabled(not locked)
        self.update_button.clicked.connect(self._update_selected)
        row.addWidget(self.update_button)
        row.addStretch(1)
        section.addLayout(row)
        return section

    def select_carried(self, row: int) -> None:
        if self.carried_table is not None:
            self.carried_table.selectRow(row)

    def _update_selected(self) -> None:
        if self.carried_table is None or self.update_button is None:
            return
        if not self.update_button.isEnabled():
            return
        rows = self.carried_table.selectionModel().selectedRows()
        if rows:
            self.update_requested.emit(self.carried_model.record_at(rows[0].row()))

    def _raised_section(
        self, item: AgendaItemRecord, raised: list[ActionRecord], locked: bool, parent: QWidget
    ) -> QVBoxLayout:
        section = QVBoxLayout()
        head = QHBoxLayout()
        head.addWidget(_heading("Actions raised from this item", parent))
        head.addStretch(1)
        self.raise_button = QPushButton("Raise action…", parent)
        self.raise_button.setAutoDefault(False)
        self.raise_button.setEnabled(not locked)
        self.raise_button.clicked.connect(lambda: self.raise_requested.emit(item.id))
        head.addWidget(self.raise_button)
        section.addLayout(head)
        mine = [a for a in raised if a.agenda_item_id == item.id]
        self.raised_model.set_records(mine)
        if mine:
            table = _table(self.raised_model, parent, (150, 300, 180, 84, 130), stretch=1)
            named(table, "Actions raised at this item")
            _fit_rows(table, 260)
            section.addWidget(table)
        else:
            none = QLabel("None." if locked else "None yet.", parent)
            none.setObjectName("noteLabel")
            section.addWidget(none)
        return section
