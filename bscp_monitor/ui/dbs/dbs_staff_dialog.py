"""Dialogs over one person in the DBS register: edit the record by hand, mark as left."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.dbs.register import LEVEL_LABELS, StaffRecord
from bscp_monitor.ui.dbs.dbs_model import BARRED_LABELS, CONTACT_LABELS
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.kit.record_dialog import RecordDialog


def _combo(labels: dict[Any, str], current: Any) -> QComboBox:
    combo = QComboBox()
    for value, label in labels.items():
        combo.addItem(label, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class StaffEditDialog(RecordDialog[StaffRecord | None]):
    """Edit name, role, contact, certificate number, level, barred list, dates and Update
    Service; only what changed is saved (and audited). ``result_record`` holds the new
    record (None when nothing changed)."""

    def __init__(self, store: Store, record: StaffRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent, f"Edit DBS record — {record.full_name}", "Save", min_width=460)
        self.save_button = self.accept_button
        self._store = store
        self._record = record

        self.name_edit = QLineEdit(record.full_name)
        self.role_edit = QLineEdit(record.role)
        self.contact_combo = _combo(CONTACT_LABELS, record.contact_level)
        self.certificate_edit = QLineEdit()
        self.certificate_edit.setPlaceholderText(
            f"{record.masked_number} — leave empty to keep"
            if record.certificate_number
            else "12 digits, as printed top right of the certificate"
        )
        self.certificate_edit.setMaxLength(20)
        self.level_combo = _combo(LEVEL_LABELS, record.level)
        self.barred_combo = _combo(BARRED_LABELS, record.barred_list)
        self.issue_edit = DateEdit(optional=True)
        self.issue_edit.set_value(record.issue_date)
        self.expiry_edit = DateEdit(optional=True)
        self.expiry_edit.set_value(record.expiry_date)
        self.expiry_edit.setToolTip(
            "The date by which the check must be renewed or re-checked (certificates have no "
            "official expiry: this is the provider's date or the local re-check policy)."
        )
        self.update_check = QCheckBox("Subscribed to the DBS Update Service")
        self.update_check.setChecked(record.update_service)

        form = self.form
        form.addRow("Provider", QLabel(record.provider_name))
        form.addRow("&Name", self.name_edit)
        form.addRow("&Role", self.role_edit)
        form.addRow("&Contact with children", self.contact_combo)
        form.addRow("Certificate &number", self.certificate_edit)
        form.addRow("DBS &level", self.level_combo)
        form.addRow("&Barred list", self.barred_combo)
        form.addRow("&Issue date", self.issue_edit)
        form.addRow("&Expiry / re-check date", self.expiry_edit)
        form.addRow("", self.update_check)
        self.body.addLayout(form)

    def changes(self) -> dict[str, Any]:
        record = self._record
        wanted: dict[str, Any] = {
            "full_name": self.name_edit.text().strip(),
            "role": self.role_edit.text().strip(),
            "contact_level": ContactLevel(self.contact_combo.currentData()),
            "level": DbsLevel(self.level_combo.currentData()),
            "barred_list": BarredList(self.barred_combo.currentData()),
            "issue_date": self.issue_edit.value(),
            "expiry_date": self.expiry_edit.value(),
            "update_service": self.update_check.isChecked(),
        }
        changed = {k: v for k, v in wanted.items() if getattr(record, k) != v}
        number = self.certificate_edit.text().strip()
        if number:
            changed["certificate_number"] = number
        return changed

    def save_record(self) -> StaffRecord | None:
        changes = self.changes()
        if not changes:
            return None
        return dbs_register.update_staff(
            self._store, self._record.id, expected_version=self._record.version, **changes
        )


class MarkLeftDialog(RecordDialog[StaffRecord]):
    """The date a person left the provider; they leave the register (kept, not deleted)."""

    def __init__(self, store: Store, record: StaffRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent, "Mark as left", "Mark as left", min_width=420)
        self._store = store
        self._record = record
        self.date_edit = DateEdit()
        self.date_edit.set_value(date.today())
        self.add_note(
            f"{record.full_name} ({record.provider_name}) will no longer be listed. The record "
            "is kept, with its history: tick “Show leavers” to see it."
        )
        self.form.addRow("&Left on", self.date_edit)
        self.body.addLayout(self.form)

    def save_record(self) -> StaffRecord:
        left_on = self.date_edit.value()
        # (the register refuses a date in the future)
        return dbs_register.update_staff(
            self._store, self._record.id, expected_version=self._record.version, left_on=left_on
        )
