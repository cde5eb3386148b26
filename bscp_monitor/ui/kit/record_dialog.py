"""The dialog that stores one record: a form, an error label and the buttons, and the one way
a user error is shown -- in the label, with the dialog left open so nothing typed is lost."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.ui.kit.display import ErrorLabel

R = TypeVar("R")


class RecordDialog(QDialog, Generic[R]):
    """A subclass fills ``body`` (widgets above and below ``form``, which it adds where it
    wants) and implements :meth:`save_record`; the error label and the buttons (the accept
    button labelled ``accept_text``, and Cancel) come after the body.

    The accept button calls :meth:`submit`; :meth:`ask` shows the dialog and gives the record
    stored, or None if it was cancelled."""

    def __init__(
        self, parent: QWidget | None, title: str, accept_text: str, min_width: int = 520
    ) -> None:
        super().__init__(parent)
        self.result_record: R | None = None
        self.setWindowTitle(title)
        if min_width:
            self.setMinimumWidth(min_width)
        layout = QVBoxLayout(self)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.accept_button = self.buttons.addButton(
            accept_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addLayout(self.body)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def add_note(self, text: str, object_name: str = "") -> QLabel:
        """A word-wrapped label at the end of the body (e.g. an introduction above the form,
        when added before it)."""
        label = QLabel(text, self)
        label.setWordWrap(True)
        if object_name:
            label.setObjectName(object_name)
        self.body.addWidget(label)
        return label

    def save_record(self) -> R:
        """Store what the form holds and return the record stored; raise UserError (with a
        message for the user) when it cannot be stored."""
        raise NotImplementedError

    def submit(self) -> bool:
        """Store the record and close; on a user error say so here and keep the dialog open."""
        try:
            record = self.save_record()
        except (UserError, DatabaseError) as exc:
            self.error.show_error(str(exc))
            return False
        self.result_record = record
        self.error.clear_error()
        self.accept()
        return True

    def ask(self) -> R | None:
        """Show the dialog (modal); the record stored, or None if it was cancelled."""
        if self.exec() == QDialog.DialogCode.Accepted:
            return self.result_record
        return None
