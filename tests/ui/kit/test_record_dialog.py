"""The record dialog: a user error, or a database failure, shows in its label and the
dialog stays open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import UserError
from bscp_monitor.contracts import providers
from bscp_monitor.data.db_errors import BUSY
from bscp_monitor.ui.kit.bug_report import BugReportDialog
from bscp_monitor.ui.kit.record_dialog import RecordDialog


class NameDialog(RecordDialog[str]):
    """Stores a name; an empty one is a user error."""

    def __init__(self) -> None:
        super().__init__(None, "Name", "Store name")
        self.stored: list[str] = []
        self.add_note("Type a name.")
        self.name_edit = QLineEdit(self)
        self.form.addRow("Name", self.name_edit)
        self.body.addLayout(self.form)

    def save_record(self) -> str:
        name = self.name_edit.text().strip()
        if not name:
            raise UserError("Enter a name.")
        self.stored.append(name)
        return name


def test_a_user_error_shows_in_the_label_and_the_dialog_stays_open(qtbot) -> None:
    dialog = NameDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.error.isHidden()
    assert dialog.accept_button.text() == "Store name"
    dialog.accept_button.click()
    assert dialog.isVisible()
    assert dialog.result() == 0
    assert not dialog.error.isHidden()
    assert dialog.error.text() == "Enter a name."
    assert dialog.result_record is None
    assert dialog.stored == []
    dialog.name_edit.setText("Ruth Campbell")
    assert dialog.submit()
    assert not dialog.isVisible()
    assert dialog.error.isHidden()
    assert dialog.result_record == "Ruth Campbell"
    assert dialog.stored == ["Ruth Campbell"]


def test_ask_gives_the_record_stored_or_none_when_cancelled(qtbot) -> None:
    dialog = NameDialog()
    qtbot.addWidget(dialog)
    QTimer.singleShot(0, lambda: (dialog.name_edit.setText("Pat Lee"), dialog.submit()))
    assert dialog.ask() == "Pat Lee"

    cancelled = NameDialog()
    qtbot.addWidget(cancelled)
    cancel = cancelled.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    QTimer.singleShot(0, lambda: (cancelled.name_edit.setText("Jo"), cancel.click()))
    assert cancelled.ask() is None
    assert cancelled.stored == []


class ProviderNameDialog(RecordDialog[str]):
    """Stores a provider in a real database."""

    def __init__(self, store: Store) -> None:
        super().__init__(None, "Provider", "Add provider")
        self.store = store
        self.name_edit = QLineEdit(self)
        self.form.addRow("Name", self.name_edit)
        self.body.addLayout(self.form)

    def save_record(self) -> str:
        return providers.create_provider(self.store, name=self.name_edit.text()).name


def test_a_busy_database_is_its_message_in_the_label_not_a_bug(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "busy.sqlite3"
    store = Store.open(db, busy_timeout=0.05)
    try:
        dialog = ProviderNameDialog(store)
        qtbot.addWidget(dialog)
        dialog.name_edit.setText("Kestrel Care")
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another program is writing
        try:
            assert dialog.submit() is False
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert dialog.error.text() == BUSY
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, BugReportDialog)]
        assert dialog.submit()  # free again: stored
        assert [p.name for p in providers.list_providers(store)] == ["Kestrel Care"]
    finally:
        store.close()
