"""Purge leavers: erase the certificate numbers and dates of birth of people who left more
than the retention period ago (dbs/retention.py), after showing who they are."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QSpinBox, QWidget

from bscp_monitor.common.database import DatabaseError, Store
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import UserError
from bscp_monitor.dbs import retention
from bscp_monitor.dbs.retention import PurgeResult
from bscp_monitor.ui.kit.record_dialog import RecordDialog

INTRODUCTION = (
    "The DBS code of practice says to keep certificate information no longer than needed. "
    "For each person who left before the cut-off, the certificate number and date of birth "
    "are erased; the name, role, contact level and dates are kept, with a note that the "
    "record was purged. Each purge is recorded in the audit trail. This cannot be undone."
)


class PurgeLeaversDialog(RecordDialog[PurgeResult]):
    """The retention period (a setting), the people it would purge, and Purge."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, "Purge leavers' DBS details", "Purge", min_width=560)
        self._store = store
        self.add_note(INTRODUCTION, "noteLabel")
        self.months_spin = QSpinBox(self)
        self.months_spin.setRange(1, 120)
        self.months_spin.setSuffix(" months")
        self.months_spin.setValue(retention.retention_months(store))
        self.months_spin.setToolTip("How long after a person left their DBS details are kept")
        row = QHBoxLayout()
        label = QLabel("&Keep leavers' details for", self)
        label.setBuddy(self.months_spin)
        row.addWidget(label)
        row.addWidget(self.months_spin)
        row.addStretch(1)
        self.body.addLayout(row)
        self.cutoff_label = QLabel(self)
        self.cutoff_label.setWordWrap(True)
        self.body.addWidget(self.cutoff_label)
        self.people_list = QListWidget(self)
        self.people_list.setMinimumHeight(160)
        self.body.addWidget(self.people_list)
        self.months_spin.valueChanged.connect(self._months_changed)
        self.preview: PurgeResult | None = None
        self.show_preview()

    def _months_changed(self, months: int) -> None:
        try:
            retention.set_retention_months(self._store, months)
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return
        self.show_preview()

    def show_preview(self) -> None:
        """Who would be purged now (a dry run: nothing changes)."""
        try:
            preview = retention.purge_leavers(self._store, dry_run=True)
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return
        self.preview = preview
        self.error.clear_error()
        self.cutoff_label.setText(preview.summary())
        self.people_list.clear()
        for person in preview.people:
            self.people_list.addItem(
                f"{person.name} — {person.provider} — left {format_date(person.left_on)}"
            )
        self.people_list.setVisible(bool(preview.people))
        self.accept_button.setEnabled(bool(preview.people))

    def save_record(self) -> PurgeResult:
        try:
            return retention.purge_leavers(self._store)
        except DatabaseError as exc:
            raise UserError(str(exc)) from exc
