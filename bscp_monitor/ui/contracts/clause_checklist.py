"""S2: the ten safeguarding clause elements of one contract, each edit stored at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import ClauseStatus
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.common.versions import ChangedMeanwhile
from bscp_monitor.contracts import clauses
from bscp_monitor.contracts.clauses import ClauseCheckRecord
from bscp_monitor.standards import CLAUSE_ELEMENTS
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.kit.display import CLAUSE_COLOURS, CLAUSE_STATUS_LABELS, ErrorLabel

#: Typing in a text field is stored this long after the last key press.
DEBOUNCE_MS = 500
_STATUSES = list(CLAUSE_STATUS_LABELS)


def summary_text(records: list[ClauseCheckRecord]) -> str:
    counts = {status: 0 for status in ClauseStatus}
    for record in records:
        counts[record.status] += 1
    text = (
        f"{counts[ClauseStatus.PRESENT]} of {len(records)} present · "
        f"{counts[ClauseStatus.PARTIAL]} partial · {counts[ClauseStatus.MISSING]} missing"
    )
    if counts[ClauseStatus.NOT_ASSESSED]:
        text += f" · {counts[ClauseStatus.NOT_ASSESSED]} not yet assessed"
    return text


class _Row:
    """The widgets of one clause element."""

    def __init__(self, number: int, parent: QWidget) -> None:
        element = CLAUSE_ELEMENTS[number - 1]
        self.number = number
        self.title = QLabel(f"<b>{number}.</b> {element.title}", parent)
        self.title.setToolTip(element.text)
        self.title.setWordWrap(True)
        self.title.setMinimumWidth(180)
        self.text = QLabel(element.text, parent)
        self.text.setWordWrap(True)
        self.text.setObjectName("clauseText")
        self.text.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        self.status = QComboBox(parent)
        self.status.setAccessibleName(f"Status of clause element {number}")
        for status in _STATUSES:
            self.status.addItem(CLAUSE_STATUS_LABELS[status], status.value)
        self.clause_ref = QLineEdit(parent)
        self.clause_ref.setPlaceholderText("e.g. Schedule 2, cl. 14")
        self.clause_ref.setAccessibleName(f"Clause reference of element {number}")
        self.note = QLineEdit(parent)
        self.note.setPlaceholderText("Evidence or what is missing")
        self.note.setAccessibleName(f"Evidence note of element {number}")
        self.checked_on = DateEdit(parent, optional=True)
        self.checked_on.setAccessibleName(f"Date element {number} was checked")
        self.checked_on.setToolTip("Checked on (dd/mm/yyyy)")
        self.files = QPushButton("Files…", parent)
        self.files.setToolTip(f"Evidence files for clause element {number}")
        self.files.setAccessibleName(f"Evidence files of element {number}")

    def widgets(self) -> list[QWidget]:
        return [self.status, self.clause_ref, self.note, self.checked_on]

    def show_record(self, record: ClauseCheckRecord) -> None:
        for widget in self.widgets():
            widget.blockSignals(True)
        try:
            self.status.setCurrentIndex(_STATUSES.index(record.status))
            self.paint_status(record.status)
            if self.clause_ref.text() != record.clause_ref:
                self.clause_ref.setText(record.clause_ref)
                self.clause_ref.setCursorPosition(0)
            if self.note.text() != record.note:
                self.note.setText(record.note)
                self.note.setCursorPosition(0)
            self.note.setToolTip(record.note)
            self.checked_on.set_value(record.checked_on)
        finally:
            for widget in self.widgets():
                widget.blockSignals(False)

    def paint_status(self, status: ClauseStatus) -> None:
        background, text = CLAUSE_COLOURS[status]
        self.status.setStyleSheet(
            f"QComboBox {{ background-color: {background}; color: {text}; font-weight: 600; }}"
        )


def _typed(changes: dict[str, Any]) -> str:
    words = {"status": "status", "clause_ref": "clause reference", "note": "evidence note",
             "checked_on": "checked on"}  # fmt: skip
    shown = []
    for name, value in changes.items():
        if isinstance(value, ClauseStatus):
            text = CLAUSE_STATUS_LABELS[value]
        elif name == "checked_on":
            text = format_date(value) if value else "(blank)"
        else:
            text = str(value) if value else "(blank)"
        shown.append(f"{words.get(name, name)}: {text}")
    return "; ".join(shown)


class ClauseChecklist(QWidget):
    """Ten fixed rows: status, clause reference, evidence note and date checked."""

    changed = Signal()

    def __init__(self, store: Store, contract_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._contract_id = contract_id
        self._records: list[ClauseCheckRecord] = []
        self._pending: dict[tuple[int, str], Any] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)

        outer = QVBoxLayout(self)
        intro = QLabel(
            "S2 — the contract's safeguarding clause should contain all ten elements. "
            "Each change is saved as you make it; hover over an element for its full wording.",
            self,
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.summary = QLabel(self)
        self.summary.setObjectName("clauseSummary")
        self.summary.setStyleSheet("font-weight: 600; font-size: 13px;")
        outer.addWidget(self.summary)
        self.error = ErrorLabel(self)
        outer.addWidget(self.error)

        scroll = named(QScrollArea(self), "The ten clause elements")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for column, header in enumerate(
            ("Element", "Status", "Clause reference", "Evidence note", "Checked on", "")
        ):
            label = QLabel(f"<b>{header}</b>", body)
            grid.addWidget(label, 0, column)
        self._rows: list[_Row] = []
        for number in range(1, len(CLAUSE_ELEMENTS) + 1):
            row = _Row(number, body)
            base = number * 3 - 2
            grid.addWidget(row.title, base, 0)
            grid.addWidget(row.status, base, 1)
            grid.addWidget(row.clause_ref, base, 2)
            grid.addWidget(row.note, base, 3)
            grid.addWidget(row.checked_on, base, 4)
            grid.addWidget(row.files, base, 5)
            row.files.clicked.connect(lambda _c=False, n=number: self.show_evidence(n))
            grid.addWidget(row.text, base + 1, 0, 1, 6)
            if number < len(CLAUSE_ELEMENTS):
                line = QFrame(body)
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                grid.addWidget(line, base + 2, 0, 1, 6)
            self._connect(row)
            self._rows.append(row)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 4)
        grid.setRowStretch(len(CLAUSE_ELEMENTS) * 3, 1)
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.reload()

    def show_evidence(self, number: int) -> QWidget | None:
        """The evidence files of one clause element (S2), in their own window."""
        from bscp_monitor.papers.attachments import clause_owner
        from bscp_monitor.ui.kit.attachments_panel import AttachmentsDialog

        try:
            owner = clause_owner(self._store, self._contract_id, number)
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return None
        title = f"Evidence of clause element {number}: {CLAUSE_ELEMENTS[number - 1].title}"
        dialog = AttachmentsDialog(self._store, "clause_check", owner, title, self)
        dialog.show()
        return dialog

    # -- access for the window and tests -------------------------------------------------

    def row(self, number: int) -> _Row:
        return self._rows[number - 1]

    def records(self) -> list[ClauseCheckRecord]:
        return list(self._records)

    def has_pending(self) -> bool:
        return bool(self._pending)

    # -- loading and saving ---------------------------------------------------------------

    def reload(self) -> None:
        self._records = clauses.clause_checklist(self._store, self._contract_id)
        for row, record in zip(self._rows, self._records, strict=True):
            row.show_record(record)
        self.summary.setText(summary_text(self._records))

    def _connect(self, row: _Row) -> None:
        number = row.number
        row.status.currentIndexChanged.connect(
            lambda index, n=number: self._save(n, status=_STATUSES[index])
        )
        row.checked_on.value_changed.connect(
            lambda value, n=number: self._save(n, checked_on=value)
        )
        for name, edit in (("clause_ref", row.clause_ref), ("note", row.note)):
            edit.textChanged.connect(lambda text, n=number, f=name: self._queue(n, f, text))
            edit.editingFinished.connect(self.flush)

    def _queue(self, number: int, field: str, value: Any) -> None:
        self._pending[(number, field)] = value
        self._timer.start()

    def flush(self) -> None:
        """Store any typing not yet saved."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        for (number, field), value in pending.items():
            self._save(number, **{field: value})

    def _save(self, number: int, **changes: Any) -> None:
        if "status" in changes:
            self.row(number).paint_status(changes["status"])
        try:
            clauses.update_clause_check(
                self._store, self._contract_id, number,
                expected_version=self._records[number - 1].version, **changes,
            )  # fmt: skip
        except ChangedMeanwhile as exc:
            # A colleague saved this element since it was shown: theirs is shown now, and
            # what was typed stays in the (selectable) message, to copy and apply again.
            self.reload()
            self.error.show_error(f"{exc} What you typed for element {number}: "
                                  f"{_typed(changes)}")  # fmt: skip
            return
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            self.reload()  # show what is really stored
            return
        self.error.clear_error()
        self._refresh_row(number)
        self.changed.emit()

    def _refresh_row(self, number: int) -> None:
        """Show the stored status and date of one element (a status change dates the check).

        Text fields are left as typed: they hold the newest value.
        """
        # Only this element's copy is renewed: the others stay as shown (and as versioned).
        record = clauses.clause_checklist(self._store, self._contract_id)[number - 1]
        self._records[number - 1] = record
        row = self.row(number)
        row.status.blockSignals(True)
        row.checked_on.blockSignals(True)
        row.status.setCurrentIndex(_STATUSES.index(record.status))
        row.paint_status(record.status)
        row.checked_on.set_value(record.checked_on)
        row.status.blockSignals(False)
        row.checked_on.blockSignals(False)
        self.summary.setText(summary_text(self._records))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.flush()
        super().hideEvent(event)
