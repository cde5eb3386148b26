"""The contract details dialog: create a contract, or edit one with every change saved at once.

The house rule is "never press Save": in edit mode each field is stored as soon as it is
changed (line edits when editing finishes, lists, dates and numbers on change). A value the
register refuses is explained in the dialog and the field goes back to the stored value.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import add_months, format_date, format_money, parse_money
from bscp_monitor.common.enums import ContractStatus, RiskLevel
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.common.versions import ChangedMeanwhile
from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.contracts.register import ContractRecord
from bscp_monitor.ui.kit.date_edit import DateEdit
from bscp_monitor.ui.kit.display import (
    CONTRACT_STATUS_LABELS,
    DEADLINE_COLOURS,
    RISK_LABELS,
    ErrorLabel,
    chip_style,
    deadline_text,
)

MEETING_FREQUENCIES = (
    (1, "Monthly"),
    (2, "Every 2 months"),
    (3, "Quarterly"),
    (6, "Every 6 months"),
    (12, "Yearly"),
)
NEW_PROVIDER = "new-provider"
_TEXT_FIELDS = ("reference", "title", "commissioning_team", "contract_manager")


class ContractDialog(QDialog):
    """``ContractDialog(parent, store)`` creates; ``ContractDialog(parent, store, id)`` edits.

    Prefer the classmethods :meth:`create` and :meth:`edit`; tests build the dialog directly.
    """

    #: Emitted with the contract id after each change is stored (edit mode).
    contract_changed = Signal(int)

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        contract_id: int | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today or date.today()
        self._loading = False
        self._changed = False
        #: The stored contract: the one being edited, or the one created.
        self.record: ContractRecord | None = (
            contracts.get_contract(store, contract_id) if contract_id is not None else None
        )
        self.editing = self.record is not None
        self._provider_id: int | None = self.record.provider_id if self.record else None

        self._build()
        if self.record is not None:
            self._load_record(self.record)
        else:
            self._load_defaults()
        self._connect()
        self._update_deadline()
        self._update_create_button()

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        record = self.record
        self.setWindowTitle(f"Contract details — {record.reference}" if record else "New contract")
        self.setModal(True)

        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText("e.g. ECHS-CSE-0114")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("The service's name")
        self.provider_combo = QComboBox()
        self.provider_combo.setPlaceholderText("Choose a provider")
        self.provider_combo.setMinimumContentsLength(24)
        self.team_edit = QLineEdit()
        self.team_edit.setPlaceholderText("e.g. Children's Commissioning")
        self.manager_edit = QLineEdit()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText("What the provider delivers, and for whom")

        self.start_edit = DateEdit()
        self.end_edit = DateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setKeyboardTracking(False)
        self.extension_note = QLabel()
        self.extension_note.setObjectName("noteLabel")
        self.extension_note.setWordWrap(True)
        self.extension_note.hide()
        self.lead_spin = QSpinBox()
        self.lead_spin.setRange(0, 24)
        self.lead_spin.setSuffix(" months before the end")
        self.lead_spin.setKeyboardTracking(False)
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("deadlineLabel")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("e.g. 125,000.00")
        self.status_combo = QComboBox()
        for status, label in CONTRACT_STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.risk_combo = QComboBox()
        for risk, label in RISK_LABELS.items():
            self.risk_combo.addItem(label, risk)
        self.frequency_combo = QComboBox()
        for months, label in MEETING_FREQUENCIES:
            self.frequency_combo.addItem(label, months)
        self._fill_providers()

        contract_box = QGroupBox("The contract")
        left = QFormLayout(contract_box)
        left.addRow("&Reference", self.reference_edit)
        left.addRow("&Title", self.title_edit)
        left.addRow("&Provider", self.provider_combo)
        left.addRow("Commissioning &team", self.team_edit)
        left.addRow("Contract &manager", self.manager_edit)
        left.addRow("Service &description", self.description_edit)

        terms_box = QGroupBox("Dates, value and monitoring")
        right = QFormLayout(terms_box)
        right.addRow("&Start date", self.start_edit)
        right.addRow("&End date", self.end_edit)
        right.addRow("", self.extension_note)
        right.addRow("Decision &lead time", self.lead_spin)
        right.addRow("Decision deadline", self.deadline_label)
        right.addRow("&Value (£)", self.value_edit)
        right.addRow("Stat&us", self.status_combo)
        right.addRow("Ris&k level", self.risk_combo)
        right.addRow("Monitoring &meetings", self.frequency_combo)
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        columns = QHBoxLayout()
        columns.addWidget(contract_box, 3)
        columns.addWidget(terms_box, 2)

        self.error_label = ErrorLabel()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("noteLabel")
        self.button_box = QDialogButtonBox()
        self.create_button: QPushButton | None = None
        if self.editing:
            intro = QLabel("Changes are saved as you make them; there is no Save button.")
            self.button_box.addButton(QDialogButtonBox.StandardButton.Close)
            self.button_box.rejected.connect(self.reject)
        else:
            intro = QLabel("Reference, title and provider are needed; the rest can follow.")
            self.create_button = self.button_box.addButton(
                "Create contract", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.create_button.setDefault(True)
            self.create_button.clicked.connect(self.create_contract)
            self.button_box.addButton(QDialogButtonBox.StandardButton.Cancel)
            self.button_box.rejected.connect(self.reject)
        intro.setObjectName("noteLabel")
        intro.setWordWrap(True)

        bottom = QHBoxLayout()
        bottom.addWidget(self.saved_label, 1)
        bottom.addWidget(self.button_box)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)
        self.resize(960, 500)

    def _fill_providers(self) -> None:
        self._loading = True
        try:
            combo = self.provider_combo
            combo.clear()
            known = providers.list_providers(self._store)
            for provider in known:
                combo.addItem(provider.name, provider.id)
            if self._provider_id is not None and all(p.id != self._provider_id for p in known):
                # The contract's provider has been archived: still show it.
                current = providers.get_provider(self._store, self._provider_id)
                combo.addItem(f"{current.name} (archived)", current.id)
            combo.insertSeparator(combo.count())
            combo.addItem("New provider…", NEW_PROVIDER)
            self._select_provider(self._provider_id)
        finally:
            self._loading = False

    def _select_provider(self, provider_id: int | None) -> None:
        index = self.provider_combo.findData(provider_id) if provider_id is not None else -1
        self.provider_combo.setCurrentIndex(index)

    def _load_defaults(self) -> None:
        self._loading = True
        try:
            self.start_edit.set_value(self._today)
            self.end_edit.set_value(add_months(self._today, 36))
            self.lead_spin.setValue(contracts.DEFAULT_DECISION_LEAD_MONTHS)
            self.status_combo.setCurrentIndex(self.status_combo.findData(ContractStatus.ACTIVE))
            self.risk_combo.setCurrentIndex(self.risk_combo.findData(RiskLevel.MEDIUM))
            self.frequency_combo.setCurrentIndex(self.frequency_combo.findData(3))
        finally:
            self._loading = False

    def _load_record(self, record: ContractRecord) -> None:
        self._loading = True
        try:
            self.reference_edit.setText(record.reference)
            self.title_edit.setText(record.title)
            self.team_edit.setText(record.commissioning_team)
            self.manager_edit.setText(record.contract_manager)
            for edit in self._text_edits().values():
                edit.setCursorPosition(0)
            self.description_edit.setPlainText(record.service_description)
            self._provider_id = record.provider_id
            self._select_provider(record.provider_id)
            self.start_edit.set_value(record.start_date)
            self.end_edit.set_value(record.original_end_date)
            self.lead_spin.setValue(record.decision_lead_months)
            self.value_edit.setText(format_money(record.value_pence))
            self.status_combo.setCurrentIndex(self.status_combo.findData(record.status))
            self.risk_combo.setCurrentIndex(self.risk_combo.findData(record.risk_level))
            months = record.meeting_frequency_months
            if self.frequency_combo.findData(months) < 0:
                self.frequency_combo.addItem(f"Every {months} months", months)
            self.frequency_combo.setCurrentIndex(self.frequency_combo.findData(months))
        finally:
            self._loading = False
        extended_to = self._extended_to()
        if extended_to is not None:
            self.extension_note.setText(
                f"Extended to {format_date(extended_to)} by a later extension; "
                "this field is the original end date."
            )
            self.extension_note.show()
        else:
            self.extension_note.hide()

    def _connect(self) -> None:
        for name, edit in self._text_edits().items():
            edit.editingFinished.connect(lambda n=name, e=edit: self._save(n, e.text()))
            edit.textChanged.connect(self._update_create_button)
        self.description_edit.installEventFilter(self)
        self.value_edit.editingFinished.connect(self._value_finished)
        self.provider_combo.currentIndexChanged.connect(self._provider_chosen)
        self.start_edit.value_changed.connect(lambda v: self._save("start_date", v))
        self.end_edit.value_changed.connect(lambda v: self._save("end_date", v))
        self.lead_spin.valueChanged.connect(lambda v: self._save("decision_lead_months", v))
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self._save("status", self.status_combo.currentData())
        )
        self.risk_combo.currentIndexChanged.connect(
            lambda _i: self._save("risk_level", self.risk_combo.currentData())
        )
        self.frequency_combo.currentIndexChanged.connect(
            lambda _i: self._save("meeting_frequency_months", self.frequency_combo.currentData())
        )

    def _text_edits(self) -> dict[str, QLineEdit]:
        return {
            "reference": self.reference_edit,
            "title": self.title_edit,
            "commissioning_team": self.team_edit,
            "contract_manager": self.manager_edit,
        }

    # -- live feedback -----------------------------------------------------------------------

    def _extended_to(self) -> date | None:
        """The end date set by the latest extension, if the contract has one."""
        if self.record is None:
            return None
        ends = [v.new_end_date for v in self.record.variations if v.new_end_date is not None]
        return ends[-1] if ends else None

    def _update_deadline(self) -> None:
        end = self._extended_to() or self.end_edit.value()
        if end is None:
            self.deadline_label.clear()
            return
        deadline = contracts.decision_deadline(end, self.lead_spin.value())
        status = self.status_combo.currentData() or ContractStatus.ACTIVE
        archived = self.record.archived if self.record else False
        state = contracts.deadline_state(deadline, status, archived, self._today)
        self.deadline_label.setText(deadline_text(deadline, state))
        self.deadline_label.setStyleSheet(chip_style(DEADLINE_COLOURS[state]))

    def _update_create_button(self) -> None:
        if self.create_button is None:
            return
        ready = (
            bool(self.reference_edit.text().strip())
            and bool(self.title_edit.text().strip())
            and isinstance(self.provider_combo.currentData(), int)
        )
        self.create_button.setEnabled(ready)

    # -- the provider list -------------------------------------------------------------------

    def _provider_chosen(self, _index: int) -> None:
        if self._loading:
            return
        data = self.provider_combo.currentData()
        if data == NEW_PROVIDER:
            self._new_provider()
            return
        if isinstance(data, int):
            if self.editing:
                self._save("provider_id", data)
            else:
                self._provider_id = data
        self._update_create_button()

    def _new_provider(self) -> None:
        name, ok = QInputDialog.getText(self, "New provider", "Name of the new provider:")
        created = None
        if ok and name.strip():
            try:
                created = providers.create_provider(self._store, name)
            except (UserError, DatabaseError) as exc:
                self.error_label.show_error(str(exc))
        if created is None:
            self._fill_providers()  # back to the provider chosen before
            self._update_create_button()
            return
        self.error_label.clear_error()
        if self.editing:
            self._fill_providers()
            self._loading = True
            self._select_provider(created.id)
            self._loading = False
            self._save("provider_id", created.id)
        else:
            self._provider_id = created.id
            self._fill_providers()
        self._update_create_button()

    # -- edit mode: every change stored at once -----------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.description_edit and event.type() == QEvent.Type.FocusOut:
            self._save("service_description", self.description_edit.toPlainText())
        return super().eventFilter(watched, event)

    def _value_finished(self) -> None:
        try:
            pence = parse_money(self.value_edit.text())
        except ValueError as exc:
            self.error_label.show_error(str(exc))
            if self.record is not None:
                self._revert("value_pence")
            return
        self._loading = True
        self.value_edit.setText(format_money(pence))
        self._loading = False
        self._save("value_pence", pence)

    def _stored(self, field: str) -> Any:
        assert self.record is not None
        if field == "end_date":
            return self.record.original_end_date
        return getattr(self.record, field)

    def _save(self, field: str, value: Any) -> bool:
        """Store one field (edit mode). Returns False if the register refused it."""
        if self._loading:
            return True
        if field in ("end_date", "decision_lead_months", "status"):
            self._update_deadline()
        if self.record is None:
            self.error_label.clear_error()
            return True
        if isinstance(value, str):
            value = value.strip()
        if value == self._stored(field):
            return True
        try:
            self.record = contracts.update_contract(
                self._store, self.record.id, expected_version=self.record.version, **{field: value}
            )
        except ChangedMeanwhile as exc:
            # The colleague's version is shown; what was typed stays here, to copy.
            shown = format_date(value) if isinstance(value, date) else str(value)
            with suppress(UserError, DatabaseError):  # the contract as the colleague left it
                self.record = contracts.get_contract(self._store, self.record.id)
            self._revert(field)
            self.error_label.show_error(f"{exc} What you typed: {shown}")
            return False
        except (UserError, DatabaseError) as exc:
            self.error_label.show_error(str(exc))
            self._revert(field)
            return False
        self._changed = True
        self.error_label.clear_error()
        self.saved_label.setText(f"Saved at {datetime.now():%H:%M}.")
        self._update_deadline()
        self.setWindowTitle(f"Contract details — {self.record.reference}")
        self.contract_changed.emit(self.record.id)
        return True

    def _revert(self, _field: str) -> None:
        """Put the stored values back after the register refused a change.

        Every other field has already been stored (each is saved when left), so reloading
        the whole record loses nothing.
        """
        assert self.record is not None
        self._load_record(self.record)
        self._update_deadline()

    def _flush_pending(self) -> bool:
        """Store text still being typed (e.g. when the dialog is closed with Esc)."""
        ok = all(self._save(name, edit.text()) for name, edit in self._text_edits().items())
        ok = self._save("service_description", self.description_edit.toPlainText()) and ok
        try:
            pence = parse_money(self.value_edit.text())
        except ValueError:
            return ok  # _value_finished has already explained it
        return self._save("value_pence", pence) and ok

    def done(self, result: int) -> None:
        if self.editing and not self._flush_pending():
            return  # the error is shown; the next Close closes
        super().done(result)

    @property
    def changed(self) -> bool:
        """Whether this dialog stored any change (edit mode)."""
        return self._changed

    # -- create mode -------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The fields as keyword arguments of :func:`contracts.create_contract`."""
        provider = self.provider_combo.currentData()
        return {
            "reference": self.reference_edit.text(),
            "title": self.title_edit.text(),
            "service_description": self.description_edit.toPlainText(),
            "provider_id": provider if isinstance(provider, int) else None,
            "commissioning_team": self.team_edit.text(),
            "contract_manager": self.manager_edit.text(),
            "start_date": self.start_edit.value(),
            "end_date": self.end_edit.value(),
            "value_pence": parse_money(self.value_edit.text()),
            "status": self.status_combo.currentData(),
            "risk_level": self.risk_combo.currentData(),
            "meeting_frequency_months": self.frequency_combo.currentData(),
            "decision_lead_months": self.lead_spin.value(),
        }

    def create_contract(self) -> ContractRecord | None:
        """Create the contract from the fields; explain a refusal and stay open."""
        try:
            self.record = contracts.create_contract(self._store, **self.values())
        except ValueError as exc:  # an amount that is not money (ValidationError is a UserError)
            self.error_label.show_error(str(exc))
            return None
        except (UserError, DatabaseError) as exc:
            self.error_label.show_error(str(exc))
            return None
        self.error_label.clear_error()
        self.accept()
        return self.record

    # -- entry points ------------------------------------------------------------------------

    @classmethod
    def create(cls, parent: QWidget | None, store: Store) -> ContractRecord | None:  # type: ignore[override]  # not QWidget.create
        """Ask for a new contract; the created record, or None if cancelled."""
        dialog = cls(parent, store)
        try:
            dialog.exec()
            return dialog.record
        finally:
            dialog.deleteLater()

    @classmethod
    def edit(cls, parent: QWidget | None, store: Store, contract_id: int) -> ContractRecord | None:
        """Edit a contract's details; the record as stored at the end, or None if unchanged."""
        try:
            dialog = cls(parent, store, contract_id)
        except (UserError, DatabaseError) as exc:
            QMessageBox.warning(parent, "Contract not found", str(exc))
            return None
        try:
            dialog.exec()
            return dialog.record if dialog.changed else None
        finally:
            dialog.deleteLater()
