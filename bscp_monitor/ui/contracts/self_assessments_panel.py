"""S1: a provider's BSCP self-assessments (section 11 audits), and recording a new one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import add_months, format_date
from bscp_monitor.common.enums import AssessmentStage, Rag
from bscp_monitor.common.errors import UserError
from bscp_monitor.contracts import providers, self_assessments
from bscp_monitor.contracts.self_assessments import DEFAULT_INTERVAL_MONTHS, SelfAssessmentRecord
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.kit.display import (
    RAG_COLOURS,
    RAG_LABELS,
    RED,
    STAGE_LABELS,
)
from bscp_monitor.ui.kit.lazy_table import Column, LazyTableModel
from bscp_monitor.ui.kit.record_dialog import RecordDialog
from bscp_monitor.ui.kit.register_page import wrapping_table


def _next_due_text(record: SelfAssessmentRecord) -> str:
    if record.next_due is None:
        return ""
    text = format_date(record.next_due)
    return f"{text} — overdue" if record.overdue(date.today()) else text


class SelfAssessmentsModel(LazyTableModel):
    batch_size = None
    columns = (
        Column(
            "Completed on",
            lambda r: format_date(r.completed_on),
            sort_key=lambda r: r.completed_on.toordinal(),
        ),
        Column("Stage", lambda r: STAGE_LABELS[r.stage]),
        Column(
            "Outcome", lambda r: RAG_LABELS[r.outcome], colours=lambda r: RAG_COLOURS[r.outcome]
        ),
        Column(
            "Next due",
            _next_due_text,
            sort_key=lambda r: r.next_due.toordinal() if r.next_due else 0,
            colours=lambda r: RED if r.overdue(date.today()) else None,
        ),
        Column("Notes", lambda r: r.notes, tooltip=lambda r: r.notes),
    )


class SelfAssessmentDialog(RecordDialog[SelfAssessmentRecord]):
    """Completed on, stage, outcome, next due (two years on unless changed) and notes."""

    def __init__(
        self,
        store: Store,
        provider_id: int,
        contract_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        provider = providers.get_provider(store, provider_id)
        super().__init__(
            parent, f"Record self-assessment — {provider.name}", "Record", min_width=440
        )
        self.record_button = self.accept_button
        self._store = store
        self._provider_id = provider_id
        self._contract_id = contract_id

        form = self.form
        self.completed_on = DateEdit(self)
        self.stage = QComboBox(self)
        for stage, label in STAGE_LABELS.items():
            self.stage.addItem(label, stage.value)
        self.stage.setCurrentIndex(1)
        self.outcome = QComboBox(self)
        for rag in (Rag.GREEN, Rag.AMBER, Rag.RED):
            self.outcome.addItem(RAG_LABELS[rag], rag.value)
        self.next_due = DateEdit(self)
        self._next_due_touched = False
        self._suggest_next_due()
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText("Findings and any action plan agreed")
        self.notes.setFixedHeight(80)
        form.addRow("Completed on", self.completed_on)
        form.addRow("Stage", self.stage)
        form.addRow("Outcome", self.outcome)
        form.addRow("Next due", self.next_due)
        form.addRow("Notes", self.notes)
        self.body.addLayout(form)
        self.completed_on.value_changed.connect(lambda _v: self._suggest_next_due())
        self.next_due.value_changed.connect(self._next_due_edited)

    def _next_due_edited(self) -> None:
        self._next_due_touched = True

    def _suggest_next_due(self) -> None:
        if self._next_due_touched:
            return
        completed = self.completed_on.value() or date.today()
        self.next_due.blockSignals(True)
        self.next_due.set_value(add_months(completed, DEFAULT_INTERVAL_MONTHS))
        self.next_due.blockSignals(False)

    def save_record(self) -> SelfAssessmentRecord:
        completed = self.completed_on.value()
        if completed is None:  # pragma: no cover - the field is not optional
            raise UserError("Enter the date the self-assessment was completed.")
        return self_assessments.add_self_assessment(
            self._store,
            self._provider_id,
            completed,
            AssessmentStage(self.stage.currentData()),
            Rag(self.outcome.currentData()),
            next_due=self.next_due.value(),
            notes=self.notes.toPlainText(),
            contract_id=self._contract_id,
        )

    @classmethod
    def record(
        cls,
        parent: QWidget | None,
        store: Store,
        provider_id: int,
        contract_id: int | None = None,
    ) -> SelfAssessmentRecord | None:
        return cls(store, provider_id, contract_id, parent).ask()


class SelfAssessmentsPanel(QWidget):
    """The provider's self-assessments, newest first, with a button to record one."""

    changed = Signal()

    def __init__(
        self,
        store: Store,
        provider_id: int,
        contract_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._provider_id = provider_id
        self._contract_id = contract_id
        layout = QVBoxLayout(self)
        intro = QLabel(
            "S1 — the provider completes a BSCP self-assessment (section 11 audit) at tender "
            "and at the agreed interval, usually every two years.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.status)
        self.model = SelfAssessmentsModel(parent=self)
        self.table = wrapping_table(
            self.model, "Self-assessments", self, QHeaderView.ResizeMode.ResizeToContents
        )
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.record_button = QPushButton("Record self-assessment…", self)
        self.record_button.clicked.connect(self._record)
        row.addWidget(self.record_button)
        self.evidence_button = QPushButton("Evidence…", self)
        self.evidence_button.setToolTip("Files attached to the selected self-assessment")
        self.evidence_button.clicked.connect(lambda: self.show_evidence())
        row.addWidget(self.evidence_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.reload()

    def show_evidence(self) -> QWidget | None:
        """The selected self-assessment's evidence files (the latest if none is selected)."""
        from bscp_monitor.ui.kit.attachments_panel import AttachmentsDialog

        rows = self.table.selectionModel().selectedRows()
        records = self.model.records()
        if not records:
            return None
        record = records[rows[0].row()] if rows else records[0]
        dialog = AttachmentsDialog(
            self._store,
            "self_assessment",
            record.id,
            f"Evidence of the self-assessment of {format_date(record.completed_on)}",
            self,
        )
        dialog.show()
        return dialog

    def set_provider(self, provider_id: int) -> None:
        self._provider_id = provider_id
        self.reload()

    def reload(self) -> None:
        records = self_assessments.list_self_assessments(self._store, self._provider_id)
        self.model.set_records(records)
        self.evidence_button.setEnabled(bool(records))
        if not records:
            self.status.setText("No self-assessment recorded for this provider.")
        else:
            latest = records[0]
            text = f"Latest: {format_date(latest.completed_on)}, {RAG_LABELS[latest.outcome]}."
            if latest.overdue(date.today()):
                text += f" The next one was due {format_date(latest.next_due)} — overdue."
            elif latest.next_due is not None:
                text += f" Next due {format_date(latest.next_due)}."
            self.status.setText(text)

    def _record(self) -> None:
        if SelfAssessmentDialog.record(self, self._store, self._provider_id, self._contract_id):
            self.reload()
            self.changed.emit()
