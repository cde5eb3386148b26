"""A provider's details and S3 record: a live form (each edit stored at once) and its dialog."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.common.versions import ChangedMeanwhile
from bscp_monitor.contracts import providers
from bscp_monitor.contracts.providers import ProviderRecord
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.kit.display import AMBER, ErrorLabel, chip_style, training_note
from bscp_monitor.ui.kit.record_dialog import RecordDialog

DEBOUNCE_MS = 500
_TEXT_FIELDS = (
    ("name", "Name"),
    ("safeguarding_lead_name", "Safeguarding lead"),
    ("safeguarding_lead_email", "Lead's email"),
    ("safeguarding_lead_phone", "Lead's phone"),
)


class ProviderFields(QWidget):
    """The provider's fields in a form; ``values()`` reads them all."""

    def __init__(self, parent: QWidget | None = None, include_identity: bool = True) -> None:
        super().__init__(parent)
        self.include_identity = include_identity
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        for name, label in _TEXT_FIELDS:
            if name == "name" and not include_identity:
                continue
            edit = QLineEdit(self)
            edit.setAccessibleName(label)
            self.edits[name] = edit
            form.addRow(label, edit)
            if name == "name" and include_identity:
                self.address = QPlainTextEdit(self)
                self.address.setAccessibleName("Address")
                self.address.setFixedHeight(60)
                form.addRow("Address", self.address)
        self.edits["safeguarding_lead_email"].setPlaceholderText("name@example.org.uk")
        self.receives_updates = QCheckBox("Receives BSCP information and updates", self)
        form.addRow("", self.receives_updates)
        self.training = DateEdit(self, optional=True)
        self.training.setAccessibleName("BSCP training last attended")
        form.addRow("BSCP training last attended", self.training)
        self.training_warning = QLabel(self)
        self.training_warning.setWordWrap(True)
        self.training_warning.setObjectName("trainingWarning")
        self.training_warning.setStyleSheet(chip_style(AMBER))
        form.addRow("", self.training_warning)
        self.training.value_changed.connect(self._update_warning)
        self._update_warning()

    def _update_warning(self) -> None:
        note = training_note(self.training.value())
        self.training_warning.setText(note)
        self.training_warning.setVisible(bool(note))

    def show_record(self, record: ProviderRecord) -> None:
        widgets: list[QWidget] = [*self.edits.values(), self.receives_updates, self.training]
        if self.include_identity:
            widgets.append(self.address)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for name, edit in self.edits.items():
                edit.setText(getattr(record, name))
            if self.include_identity:
                self.address.setPlainText(record.address)
            self.receives_updates.setChecked(record.receives_bscp_updates)
            self.training.set_value(record.bscp_training_last_attended)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._update_warning()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {name: edit.text() for name, edit in self.edits.items()}
        if self.include_identity:
            values["address"] = self.address.toPlainText()
        values["receives_bscp_updates"] = self.receives_updates.isChecked()
        values["bscp_training_last_attended"] = self.training.value()
        return values


_FIELD_WORDS = {
    "name": "Name",
    "address": "Address",
    "safeguarding_lead_name": "Safeguarding lead",
    "safeguarding_lead_email": "Lead's email",
    "safeguarding_lead_phone": "Lead's phone",
    "receives_bscp_updates": "Receives BSCP updates",
    "bscp_training_last_attended": "BSCP training last attended",
}


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return format_date(value)
    return "(blank)" if value in (None, "") else str(value)


class ProviderForm(QWidget):
    """ProviderFields bound to one stored provider: every edit is stored as it is made."""

    changed = Signal(int)

    def __init__(
        self,
        store: Store,
        provider_id: int,
        parent: QWidget | None = None,
        include_identity: bool = True,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.provider_id = provider_id
        self._pending: dict[str, Any] = {}
        #: The last "Changed by NAME at HH:MM since you opened it" with the typed text ("").
        self.stale_refusal = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.fields = ProviderFields(self, include_identity)
        layout.addWidget(self.fields)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.reload()
        for name, edit in self.fields.edits.items():
            edit.textChanged.connect(lambda text, f=name: self._queue(f, text))
            edit.editingFinished.connect(self.flush)
        if include_identity:
            self.fields.address.textChanged.connect(
                lambda: self._queue("address", self.fields.address.toPlainText())
            )
        self.fields.receives_updates.toggled.connect(
            lambda on: self._save(receives_bscp_updates=on)
        )
        self.fields.training.value_changed.connect(
            lambda value: self._save(bscp_training_last_attended=value)
        )

    def reload(self) -> None:
        self.record = providers.get_provider(self._store, self.provider_id)
        self.fields.show_record(self.record)

    def set_provider(self, provider_id: int) -> None:
        self.flush()
        self.provider_id = provider_id
        self.reload()

    def has_pending(self) -> bool:
        return bool(self._pending)

    def _queue(self, field: str, value: Any) -> None:
        self._pending[field] = value
        self._timer.start()

    def flush(self) -> bool:
        """Store any typing not yet saved; False when the register refused it."""
        self._timer.stop()
        if not self._pending:
            return True
        pending, self._pending = self._pending, {}
        if self._save(**pending):
            return True
        if self.stale_refusal:  # a colleague saved it: nothing of ours is written over theirs
            return False
        # A field was refused (a name another provider has): store the others on their own,
        # so nothing else typed is lost. The refused one stays on screen with its message
        # until it is changed (closing again leaves it unsaved).
        refused = None
        for name, value in pending.items():
            try:
                self.record = providers.update_provider(
                    self._store, self.provider_id, expected_version=self.record.version,
                    **{name: value},
                )  # fmt: skip
            except (UserError, DatabaseError) as exc:
                refused = refused or str(exc)
            else:
                self.changed.emit(self.provider_id)
        if refused is not None:
            self.error.show_error(refused)
        return False

    def _save(self, **changes: Any) -> bool:
        self.stale_refusal = ""
        try:
            self.record = providers.update_provider(
                self._store, self.provider_id, expected_version=self.record.version, **changes
            )
        except ChangedMeanwhile as exc:
            self._changed_meanwhile(exc, changes)
            return False
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return False
        self.error.clear_error()
        self.changed.emit(self.provider_id)
        return True

    def _changed_meanwhile(self, exc: ChangedMeanwhile, changes: dict[str, Any]) -> None:
        """A colleague saved the provider since it was shown: theirs is shown now, and what
        was typed stays in the (selectable) message to copy and apply again."""
        typed = "; ".join(f"{_FIELD_WORDS.get(name, name)}: {_shown(value)}"
                          for name, value in changes.items())  # fmt: skip
        self.stale_refusal = f"{exc} What you typed: {typed}"
        with suppress(UserError, DatabaseError):
            self.reload()
        self.error.show_error(self.stale_refusal)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.flush()
        super().hideEvent(event)


class ProviderDialog(RecordDialog[ProviderRecord]):
    """New provider (Create / Cancel), or edit one live (Close): each change is stored as it
    is made, and the provider's form shows its own errors."""

    def __init__(
        self, store: Store, provider_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, "New provider", "Create", min_width=480)
        self._store = store
        self.live_form: ProviderForm | None = None
        if provider_id is None:
            self.create_button = self.accept_button
            self.fields = ProviderFields(self)
            self.fields.edits["name"].setPlaceholderText("Required")
            self.body.addWidget(self.fields)
        else:
            self.live_form = form = ProviderForm(store, provider_id, self)
            self.fields = form.fields
            self.error = form.error
            self.setWindowTitle(f"Provider — {form.record.name}")
            self.add_note("Each change is saved as you make it.")
            self.body.addWidget(form)
            self.buttons.clear()  # nothing to create: Close (which stores pending typing)
            self.buttons.rejected.disconnect(self.reject)
            self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            self.close_button.setAutoDefault(False)  # Return stores a field; it does not close
            self.close_button.setDefault(False)
            self.buttons.rejected.connect(self.accept)

    def save_record(self) -> ProviderRecord:
        """Create the provider (new mode)."""
        values = self.fields.values()
        name = values.pop("name")
        return providers.create_provider(self._store, name, **values)

    def done(self, result: int) -> None:
        if self.live_form is not None:
            if not self.live_form.flush():
                return  # stay open so the message is seen; closing again leaves it unsaved
            self.result_record = self.live_form.record
        super().done(result)

    @classmethod
    def create(cls, parent: QWidget | None, store: Store) -> ProviderRecord | None:  # type: ignore[override]  # not QWidget.create
        return cls(store, None, parent).ask()

    @classmethod
    def edit(cls, parent: QWidget | None, store: Store, provider_id: int) -> ProviderRecord | None:
        dialog = cls(store, provider_id, parent)
        dialog.exec()
        return dialog.result_record
