"""Record an extension or variation of a contract (with its approval route)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import add_months, format_date
from bscp_monitor.common.enums import VariationKind
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import ContractRecord
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.kit.display import VARIATION_LABELS
from bscp_monitor.ui.kit.record_dialog import RecordDialog

ROUTES = (
    "Exemption to competitive tendering",
    "Contract extension under the Contract Procedure Rules",
    "Contract variation (within delegated authority)",
    "Competitive tender",
    "Direct award",
)


class VariationDialog(RecordDialog[ContractRecord]):
    """Kind, new end date, approval date, approver, route and reason; stored on Record."""

    def __init__(self, store: Store, contract_id: int, parent: QWidget | None = None) -> None:
        contract = contracts.get_contract(store, contract_id)
        super().__init__(parent, f"Record extension or variation — {contract.reference}", "Record")
        self.record_button = self.accept_button
        self._store = store
        self._contract_id = contract_id
        self.add_note(
            f"{contract.title}<br>Current end date: <b>{format_date(contract.end_date)}</b>. "
            "An extension moves the end date; a variation may leave it as it is."
        )

        form = self.form
        self.kind = QComboBox(self)
        for kind, label in VARIATION_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.new_end_date = DateEdit(self, optional=True)
        self._suggested_end = add_months(contract.end_date, 12)
        self._end_touched = False
        self.new_end_date.set_value(self._suggested_end)
        self.new_end_date.value_changed.connect(self._end_edited)
        self.new_end_label = QLabel("New end date", self)
        self.approval_date = DateEdit(self)
        self.approver = QLineEdit(self)
        self.approver.setPlaceholderText(
            "e.g. Portfolio Holder for Children, Education and Families"
        )
        self.route = QComboBox(self)
        self.route.setEditable(True)
        self.route.addItems(ROUTES)
        self.route.setCurrentIndex(1)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText("Why, and the report or decision reference")
        self.reason.setFixedHeight(80)
        form.addRow("Kind", self.kind)
        form.addRow(self.new_end_label, self.new_end_date)
        form.addRow("Approval date", self.approval_date)
        form.addRow("Approved by", self.approver)
        form.addRow("Approval route", self.route)
        form.addRow("Reason", self.reason)
        self.body.addLayout(form)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _end_edited(self) -> None:
        self._end_touched = True

    def _kind_changed(self) -> None:
        extension = self.selected_kind() is VariationKind.EXTENSION
        self.new_end_label.setText("New end date" if extension else "New end date (if changed)")
        if not self._end_touched:
            # Suggest a year on for an extension; a variation usually keeps the end date.
            self.new_end_date.blockSignals(True)
            self.new_end_date.set_value(self._suggested_end if extension else None)
            self.new_end_date.blockSignals(False)

    def selected_kind(self) -> VariationKind:
        return VariationKind(self.kind.currentData())

    def save_record(self) -> ContractRecord:
        return contracts.add_variation(
            self._store,
            self._contract_id,
            self.selected_kind(),
            new_end_date=self.new_end_date.value(),
            approval_date=self.approval_date.value(),
            approver=self.approver.text(),
            route=self.route.currentText(),
            reason=self.reason.toPlainText(),
        )

    @classmethod
    def record(
        cls, parent: QWidget | None, store: Store, contract_id: int
    ) -> ContractRecord | None:
        return cls(store, contract_id, parent).ask()
