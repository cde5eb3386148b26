"""The structured prompts of the safeguarding item: each question with its response
(autosaved as it is typed) and a 'Concern' flag (stored when ticked)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.meetings import agenda
from bscp_monitor.meetings.meetings import PromptRecord
from bscp_monitor.ui.kit.autosave import Autosaver
from bscp_monitor.ui.kit.display import RED
from bscp_monitor.ui.meetings.meeting_widgets import AutoTextEdit, report_error

PROMPT_STYLE = "QFrame#promptRow {{ border: 1px solid {border}; border-radius: 5px; {fill} }}"
CONCERN_CHECK_STYLE = f"QCheckBox {{ color: {RED[1]}; font-weight: 600; }}"


def prompt_key(prompt_id: int) -> tuple[str, int]:
    return ("prompt", prompt_id)


class PromptRow(QFrame):
    def __init__(self, record: PromptRecord, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptRow")
        self.record = record
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.question = QLabel(f"<b>{number}.</b> {record.question}", self)
        self.question.setWordWrap(True)
        self.response = AutoTextEdit(self, min_lines=2, max_lines=12)  # grows with the answer
        self.response.setPlaceholderText("Response")
        self.response.setAccessibleName(f"Answer to question {number}")
        self.response.setAccessibleDescription(record.question)
        self.response.set_text_quietly(record.response)
        self.concern = QCheckBox("Concern", self)
        self.concern.setToolTip("Flag a safeguarding concern: shown in red in the minutes")
        self.concern.setChecked(record.concern)
        self.concern.setAccessibleName(f"Concern about question {number}")
        grid.addWidget(self.question, 0, 0, 1, 2)
        grid.addWidget(self.response, 1, 0)
        grid.addWidget(self.concern, 1, 1)
        grid.setColumnStretch(0, 1)
        self.show_concern(record.concern)

    def show_concern(self, on: bool) -> None:
        if on:
            self.setStyleSheet(
                PROMPT_STYLE.format(border=RED[1], fill=f"background-color: {RED[0]};")
            )
            self.concern.setStyleSheet(CONCERN_CHECK_STYLE)
        else:
            self.setStyleSheet(PROMPT_STYLE.format(border="#d5d9e0", fill=""))
            self.concern.setStyleSheet("")


class SafeguardingPanel(QWidget):
    """Every prompt of the safeguarding item; ``changed`` after a stored concern flag."""

    changed = Signal()

    def __init__(
        self,
        store: Store,
        prompts: tuple[PromptRecord, ...],
        autosaver: Autosaver,
        locked: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._autosaver = autosaver
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        intro = QLabel(
            "Answer the prompts that were discussed; at least one response, or the "
            "discussion below, is needed before the minutes can be drafted.",
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("noteLabel")
        layout.addWidget(intro)
        self.rows: list[PromptRow] = []
        for number, record in enumerate(prompts, start=1):
            row = PromptRow(record, number, self)
            row.response.setReadOnly(locked)
            row.concern.setEnabled(not locked)
            row.response.textChanged.connect(
                lambda r=row: autosaver.changed(prompt_key(r.record.id), r.response.toPlainText())
            )
            row.response.focus_left.connect(autosaver.flush)
            row.concern.toggled.connect(lambda on, r=row: self._concern_toggled(r, on))
            layout.addWidget(row)
            self.rows.append(row)

    def row_for(self, key: str) -> PromptRow:
        return next(r for r in self.rows if r.record.key == key)

    def _concern_toggled(self, row: PromptRow, on: bool) -> None:
        self._autosaver.flush()
        try:
            agenda.update_prompt(self._store, row.record.id, concern=on)
        except (UserError, DatabaseError) as exc:
            report_error(self, "Safeguarding", exc)
            blocked = row.concern.blockSignals(True)
            row.concern.setChecked(not on)
            row.concern.blockSignals(blocked)
            return
        row.show_concern(on)
        self.changed.emit()
