"""Import a provider's DBS spreadsheet: choose (or drop) the file and the provider, check
the columns found and the preview of every row, then import off the UI thread with Cancel.

The preview commits nothing; the import commits in one transaction or not at all."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common import settings
from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.contracts import providers
from bscp_monitor.dbs import importer as dbs_import
from bscp_monitor.dbs import rejects as dbs_rejects
from bscp_monitor.dbs.columns import Field
from bscp_monitor.dbs.importer import ImportPlan, ImportResult, Outcome
from bscp_monitor.dbs.provider_guess import ProviderGuess, guess_provider
from bscp_monitor.dbs.spreadsheet_reader import SUPPORTED
from bscp_monitor.ui.dbs.dbs_mapping_panel import MappingPanel
from bscp_monitor.ui.dbs.dbs_preview_model import PreviewPanel, preview_rows, summary_line
from bscp_monitor.ui.kit.display import ErrorLabel
from bscp_monitor.ui.kit.worker import GeneratorTask, run_with_progress

log = logging.getLogger(__name__)

ALL_SHEETS = "All sheets"
FILE_FILTER = "Spreadsheets (" + " ".join(f"*{s}" for s in SUPPORTED) + ");;All files (*)"
CANCELLED = "Import cancelled: nothing was changed."


def is_supported(path: Path | str) -> bool:
    return Path(path).suffix.lower() in SUPPORTED


class DbsImportDialog(QDialog):
    """Construct with the store (and a path, when dropped); :meth:`run` shows it modally and
    says what was imported. ``imported(ImportResult)`` is emitted on success."""

    imported = Signal(object)

    def __init__(
        self,
        store: Store,
        path: Path | str | None = None,
        parent: QWidget | None = None,
        provider: str = "",
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.path: Path | None = None
        self.plan: ImportPlan | None = None
        self.overrides: dict[str, Field] = {}
        self.task: GeneratorTask | None = None
        self.result_of_import: ImportResult | None = None
        self.summary = ""
        self._planned_provider: str | None = None
        self.guess: ProviderGuess | None = None  # the provider filled in by a guess
        self.imported_plan: ImportPlan | None = None  # the plan stored by the last import
        self._provider_names = [p.name for p in providers.list_providers(store)]
        self.setWindowTitle("Import DBS spreadsheet")
        self._build()
        self._size_to_screen()
        if provider:
            self.provider_combo.setEditText(provider)
        if path is not None:
            self.set_path(path)

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("Choose the provider's spreadsheet, or drop it here")
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.provider_combo = QComboBox()
        self.provider_combo.setEditable(True)
        self.provider_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.provider_combo.addItems(self._provider_names)
        self.provider_combo.setCurrentIndex(-1)
        typed = self.provider_combo.lineEdit()
        assert typed is not None  # (an editable combo box has its line edit)
        typed.setPlaceholderText("The provider whose staff these are")
        self.provider_combo.setMinimumWidth(260)
        typed.editingFinished.connect(self._provider_changed)
        self.provider_combo.activated.connect(lambda _i: self._provider_changed())
        self.provider_note = QLabel()
        self.provider_note.setObjectName("noteLabel")
        # One line kept for it whether it says something or not: no jump below.
        self.provider_note.setMinimumHeight(self.provider_note.fontMetrics().lineSpacing() + 2)
        self.sheet_combo = QComboBox()
        self.sheet_combo.addItem(ALL_SHEETS, None)
        self.sheet_combo.setMinimumWidth(160)
        self.sheet_combo.activated.connect(lambda _i: self.replan())

        form = QGridLayout()
        form.setHorizontalSpacing(8)
        file_label = QLabel("&File")
        file_label.setBuddy(self.choose_button)
        form.addWidget(file_label, 0, 0)
        form.addWidget(self.file_edit, 0, 1, 1, 3)
        form.addWidget(self.choose_button, 0, 4)
        provider_label = QLabel("&Provider")
        provider_label.setBuddy(self.provider_combo)
        form.addWidget(provider_label, 1, 0)
        form.addWidget(self.provider_combo, 1, 1)
        sheet_label = QLabel("&Sheet")
        sheet_label.setBuddy(self.sheet_combo)
        form.addWidget(sheet_label, 1, 2, Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.sheet_combo, 1, 3)
        form.addWidget(self.provider_note, 2, 1, 1, 4)
        form.setColumnStretch(1, 1)

        self.error_label = ErrorLabel()

        self.mapping_panel = MappingPanel()
        self.mapping_panel.mapping_changed.connect(self._mapping_changed)
        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_heading = QLabel("Columns found")
        mapping_heading.setObjectName("sectionHeading")
        mapping_note = QLabel(
            "Change a column's field if it was read wrongly; the choice is "
            "remembered for this provider."
        )
        mapping_note.setObjectName("noteLabel")
        mapping_note.setWordWrap(True)
        mapping_layout.addWidget(mapping_heading)
        mapping_layout.addWidget(mapping_note)
        mapping_layout.addWidget(self.mapping_panel, 1)

        preview_box = PreviewPanel(self)
        self.preview_model = preview_box.model
        self.preview_proxy = preview_box.proxy
        self.show_combo = preview_box.show_combo
        self.preview_table = preview_box.table

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(mapping_box)
        self.splitter.addWidget(preview_box)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([340, 800])

        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setStyleSheet("font-weight: 600;")
        self.status_label = QLabel()
        self.status_label.setObjectName("noteLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(2 * self.status_label.fontMetrics().lineSpacing() + 2)

        self.rejects_button = QPushButton("Save rejected rows…")
        self.rejects_button.setToolTip(
            "Save the rejected rows, with their original cells and a Problems column, to an "
            ".xlsx to send back to the provider."
        )
        self.rejects_button.clicked.connect(lambda: self.save_rejects())
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rejects_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.setAcceptDrops(True)
        self._say("")
        self._show_plan(None)

    def _say(self, text: str) -> None:
        # Always there (empty or not), so nothing above it moves when it speaks.
        self.status_label.setText(text)

    def _size_to_screen(self) -> None:
        width, height = 1180, 700
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    # -- the file, provider and sheet --------------------------------------------------------

    def provider_name(self) -> str:
        return " ".join(self.provider_combo.currentText().split())

    def set_path(self, path: Path | str) -> None:
        """A new file: forget the sheet and the mapping changes, and read it."""
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.file_edit.setToolTip(str(self.path))
        self.overrides = {}
        self.sheet_combo.clear()
        self.sheet_combo.addItem(ALL_SHEETS, None)
        self.imported_plan = None
        guessing = not self.provider_name() or self.guess is not None
        self._say("")
        if guessing:  # a provider the user has not chosen: guessed afresh for this file
            self.guess = None
            self.provider_combo.setEditText("")
        self.replan()
        if guessing and self.plan is not None:
            self._guess_provider(self.plan)

    def _guess_provider(self, plan: ImportPlan) -> None:
        """The provider named by the file name or a title row, for the user to confirm."""
        titles = [t for sheet in plan.sheets for t in sheet.titles]
        guess = guess_provider(plan.path.stem, titles, self._provider_names)
        if guess is None:
            return
        self.guess = guess
        self.provider_combo.setEditText(guess.name)
        self.replan()

    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else str(Path.home())
        file_name, _filter = QFileDialog.getOpenFileName(
            self, "Choose the DBS spreadsheet", start, FILE_FILTER
        )
        if file_name:
            self.set_path(file_name)

    def _provider_changed(self) -> None:
        name = self.provider_name()
        if name == self._planned_provider:
            return
        if self.guess is not None and name != self.guess.name:
            self.guess = None  # the user's own choice
        self.replan()

    def _mapping_changed(self, header: str, field: Field) -> None:
        self.overrides[header] = field
        self.replan()

    # -- planning (the preview) --------------------------------------------------------------

    def replan(self) -> None:
        """Read and judge the file again (commits nothing) and show the preview."""
        self.error_label.clear_error()
        if self.path is None:
            self._show_plan(None)
            return
        provider = self.provider_name()
        self._planned_provider = provider
        sheet = self.sheet_combo.currentData()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if provider:
                plan = dbs_import.plan_import(
                    self._store, self.path, provider, sheet, self.overrides
                )
            else:  # no provider yet: judge the rows, match nothing
                years = settings.dbs_recheck_years(self._store)
                plan = dbs_import.read_plan(self.path, "", sheet, self.overrides, years)
        except (UserError, DatabaseError) as exc:
            self._show_plan(None)
            self.error_label.show_error(f"{exc} Nothing has been imported.")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._show_plan(plan)

    def _show_plan(self, plan: ImportPlan | None) -> None:
        self.plan = plan
        self.mapping_panel.set_plan(plan)
        self.preview_model.set_records(preview_rows(plan) if plan else [])
        if plan is not None and self.sheet_combo.count() == 1:
            for sheet in plan.sheets:
                if sheet.name:
                    self.sheet_combo.addItem(sheet.name, sheet.name)
        self.sheet_combo.setEnabled(self.sheet_combo.count() > 1)
        self.summary_label.setText(summary_line(plan) if plan else "")
        self._update_provider_note()
        self._update_buttons()

    def _update_provider_note(self) -> None:
        name = self.provider_name()
        if not name:
            text = "Choose or type the provider, so rows can be matched to its staff."
        elif name.casefold() not in {n.casefold() for n in self._provider_names}:
            text = f"“{name}” is a new provider: it will be created when you import."
        else:
            text = ""
        if self.guess is not None and name == self.guess.name:
            text = f"Guessed from {self.guess.source}: check it is right. " + text
        # Always there (an empty line when there is nothing to say), so choosing a provider
        # never moves the columns and preview below.
        self.provider_note.setText(text)

    def _update_buttons(self) -> None:
        busy = self.task is not None and self.task.is_running()
        plan = self.plan
        done = plan is not None and plan is self.imported_plan  # this very plan is stored
        self.import_button.setEnabled(
            not busy
            and not done
            and plan is not None
            and bool(self.provider_name())
            and bool(plan.outcomes)
        )
        self.import_button.setText("Imported" if done else "Import")
        self.rejects_button.setEnabled(
            not busy and plan is not None and plan.count(Outcome.REJECTED) > 0
        )
        for widget in (
            self.choose_button,
            self.provider_combo,
            self.sheet_combo,
            self.mapping_panel,
            self.close_button,
        ):
            widget.setEnabled(not busy)
        if not busy:
            self.sheet_combo.setEnabled(self.sheet_combo.count() > 1)

    # -- rejected rows -----------------------------------------------------------------------

    def save_rejects(self, target: Path | str | None = None) -> int | None:
        """Write the rejected rows to an .xlsx; the number written (None if not saved)."""
        if self.plan is None or self.path is None:
            return None
        if target is None:
            default = self.path.with_name(f"{self.path.stem} - rejected rows.xlsx")
            file_name, _filter = QFileDialog.getSaveFileName(
                self, "Save rejected rows", str(default), "Excel workbooks (*.xlsx)"
            )
            if not file_name:
                return None
            target = file_name
        target = Path(target)
        if not target.suffix:
            target = target.with_suffix(".xlsx")
        try:
            written = dbs_rejects.write_rejects(self.plan, target)
        except (UserError, DatabaseError) as exc:
            self.error_label.show_error(str(exc))
            return None
        self.error_label.clear_error()
        noun = "row" if written == 1 else "rows"
        self._say(f"Saved {written} rejected {noun} to {target}.")
        return written

    # -- the import --------------------------------------------------------------------------

    def start_import(self) -> GeneratorTask | None:
        """Run the import off the UI thread, with a progress dialog and Cancel."""
        self._provider_changed()  # a name typed but not yet confirmed is planned first
        plan = self.plan
        if plan is None or not self.provider_name() or self.import_button.isEnabled() is False:
            return None
        if self.guess is not None and not self._guess_confirmed(self.guess):
            self.provider_combo.setFocus()
            return None
        self.error_label.clear_error()
        self._say("")
        store = self._store
        self.task = run_with_progress(
            self, "Importing DBS records", lambda: dbs_import.run_import(store, plan)
        )
        self.task.finished.connect(self._import_finished)
        self.task.failed.connect(self._import_failed)
        self.task.cancelled.connect(self._import_cancelled)
        self._update_buttons()
        return self.task

    def _guess_confirmed(self, guess: ProviderGuess) -> bool:
        answer = QMessageBox.question(
            self,
            "Import DBS spreadsheet",
            f"Import these staff for “{guess.name}”? The provider was guessed from {guess.source}.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.guess = None
        self._update_provider_note()
        return True

    def _import_finished(self, result: ImportResult) -> None:
        """Stay open on the result, so the rejected rows can be saved now."""
        self.result_of_import = result
        self.imported_plan = self.plan
        changed = (
            f" ({len(result.changes):,} {'field' if len(result.changes) == 1 else 'fields'} "
            "changed: see the Changes column)"
            if result.changes
            else ""
        )
        self.summary = (
            f"Imported: {result.created:,} created, {result.updated:,} updated{changed}, "
            f"{result.unchanged:,} unchanged, {result.rejected:,} rejected"
        )
        rejected = " Save the rejected rows to send them back to the provider." * bool(
            result.rejected
        )
        self._say(self.summary + "." + rejected)
        self._update_buttons()
        self.imported.emit(result)

    def _import_failed(self, message: str) -> None:
        self.error_label.show_error(f"{message} Nothing was imported.")
        self._update_buttons()

    def _import_cancelled(self) -> None:
        self._say(CANCELLED)
        self._update_buttons()

    def reject(self) -> None:
        if self.task is not None and self.task.is_running():
            return  # the progress dialog's Cancel stops an import
        super().reject()

    # -- dropping a file on the dialog -------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        path = dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.set_path(path)

    # -- showing it --------------------------------------------------------------------------

    @classmethod
    def run(
        cls, parent: QWidget | None, store: Store, path: Path | str | None = None
    ) -> ImportResult | None:
        """Show the dialog modally; the import's result, or None if nothing was imported."""
        dialog = cls(store, path, parent)
        if path is None:
            dialog.show()
            dialog.choose_file()
        dialog.exec()  # the dialog shows the result itself, and stays until closed
        result = dialog.result_of_import
        dialog.deleteLater()
        return result


def dropped_path(mime) -> Path | None:
    """The one local spreadsheet file in dragged data, or None."""
    if mime is None or not mime.hasUrls():
        return None
    files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    if len(files) != 1 or not is_supported(files[0]):
        return None
    return Path(files[0])
