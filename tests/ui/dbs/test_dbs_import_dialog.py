"""The DBS import dialog: preview, mapping, import off the UI thread, Cancel, broken files,
rejected rows, and files dropped on the main window."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton
from sqlalchemy import func, select

from bscp_monitor.data.models import ImportBatch, Provider, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import importer as dbs_import
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.dbs.columns import FIELD_LABELS, Field
from bscp_monitor.ui.dbs import dbs_import_dialog
from bscp_monitor.ui.dbs.dbs_import_dialog import CANCELLED, DbsImportDialog
from bscp_monitor.ui.dbs.dbs_preview_model import PreviewCol
from bscp_monitor.ui.kit.bug_report import BugReportDialog
from bscp_monitor.ui.main_window import MainWindow
from tests.ui.dbs.workbooks import write_big, write_scr

PROVIDER = "Sunrise Care Ltd"


@pytest.fixture
def scr(tmp_path: Path) -> Path:
    return write_scr(tmp_path / "sunrise.xlsx")


@pytest.fixture
def make_dialog(qtbot, store: Store):
    def make(path: Path | None, provider: str = PROVIDER) -> DbsImportDialog:
        dialog = DbsImportDialog(store, path, provider=provider)
        qtbot.addWidget(dialog)
        return dialog

    return make


def column_texts(dialog: DbsImportDialog, column: int) -> list[str]:
    proxy = dialog.preview_proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def counts(db_path: Path) -> tuple[int, int, int]:
    """(staff, import batches, providers) as a fresh connection sees them."""
    fresh = Store.open(db_path)
    try:
        with fresh.session() as session:
            return (
                session.scalar(select(func.count(StaffMember.id))) or 0,
                session.scalar(select(func.count(ImportBatch.id))) or 0,
                session.scalar(select(func.count(Provider.id))) or 0,
            )
    finally:
        fresh.close()


def test_preview_shows_every_row_with_its_verdict_and_problems(make_dialog, scr: Path) -> None:
    dialog = make_dialog(scr)
    QAbstractItemModelTester(
        dialog.preview_model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    QAbstractItemModelTester(
        dialog.preview_proxy, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    assert dialog.error_label.isHidden()
    assert dialog.plan is not None
    assert dialog.plan.sheets[0].header_row == 4
    assert column_texts(dialog, PreviewCol.NAME) == ["Alice Smith", "Bob Jones", "Carol White", ""]
    assert column_texts(dialog, PreviewCol.ROW) == ["5", "6", "7", "9"]
    assert column_texts(dialog, PreviewCol.VERDICT) == [
        "Create",
        "Create",
        "Rejected",
        "Not a staff row",
    ]
    assert column_texts(dialog, PreviewCol.CERTIFICATE)[:2] == ["********7890", "********9012"]
    problems = column_texts(dialog, PreviewCol.PROBLEMS)
    assert "Error:" in problems[2]
    assert "12-digit" in problems[2]
    assert problems[3] == "Note: Not a staff row; not imported: 'Total staff: 3'."
    assert dialog.summary_label.text().startswith(
        "3 rows: 2 to create, 0 to update, 0 unchanged, 1 rejected · 1 error"
    )
    assert dialog.summary_label.text().endswith("· 1 line not staff rows")
    assert "new provider" in dialog.provider_note.text()
    assert dialog.import_button.isEnabled()
    assert dialog.rejects_button.isEnabled()
    # The filter shows only what is asked for.
    dialog.show_combo.setCurrentIndex(dialog.show_combo.findText("Rejected"))
    assert column_texts(dialog, PreviewCol.NAME) == ["Carol White"]


def test_changing_the_mapping_changes_the_preview(make_dialog, scr: Path, store: Store) -> None:
    dialog = make_dialog(scr)
    combo = dialog.mapping_panel.combo_for("Certificate Number")
    assert combo.currentText() == FIELD_LABELS[Field.CERTIFICATE]
    combo.setCurrentIndex(combo.findData(Field.IGNORE))
    assert dialog.overrides == {"Certificate Number": Field.IGNORE}
    # Without the number, Carol's bad number no longer rejects her: a warning instead.
    assert column_texts(dialog, PreviewCol.VERDICT) == [
        "Create",
        "Create",
        "Create",
        "Not a staff row",
    ]
    assert "no DBS certificate number" in column_texts(dialog, PreviewCol.PROBLEMS)[2]
    assert dialog.mapping_panel.combo_for("Certificate Number").currentData() == Field.IGNORE
    # Nothing is written by the preview; the import remembers the mapping for the provider.
    assert dbs_import.remembered_mapping(store, PROVIDER) == {}


def test_import_runs_off_the_ui_thread_and_commits(
    qtbot, make_dialog, scr: Path, store: Store, db_path: Path
) -> None:
    dialog = make_dialog(scr)
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert (result.created, result.updated, result.unchanged, result.rejected) == (2, 0, 0, 1)
    # The dialog stays open on the result, so the rejected rows can be saved now.
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.summary == "Imported: 2 created, 0 updated, 0 unchanged, 1 rejected"
    assert dialog.status_label.text().startswith(dialog.summary + ". Save the rejected rows")
    assert not dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Imported"
    assert dialog.rejects_button.isEnabled()
    assert dialog.save_rejects(db_path.with_name("rejects.xlsx")) == 1
    fresh = Store.open(db_path)
    try:
        staff = dbs_register.list_staff(fresh)
        assert [(s.provider_name, s.full_name, s.certificate_number) for s in staff] == [
            (PROVIDER, "Alice Smith", "001234567890"),
            (PROVIDER, "Bob Jones", "123456789012"),
        ]
    finally:
        fresh.close()
    assert counts(db_path) == (2, 1, 1)
    # The same file again: unchanged, in the preview of a new dialog.
    again = make_dialog(scr)
    assert column_texts(again, PreviewCol.VERDICT)[:2] == ["Unchanged", "Unchanged"]
    assert "new provider" not in again.provider_note.text()


def test_mapping_chosen_is_remembered_for_the_provider(
    qtbot, make_dialog, scr: Path, store: Store
) -> None:
    dialog = make_dialog(scr)
    combo = dialog.mapping_panel.combo_for("Role")
    combo.setCurrentIndex(combo.findData(Field.IGNORE))
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.start_import()
    assert dbs_import.remembered_mapping(store, PROVIDER)["Role"] is Field.IGNORE
    again = make_dialog(scr)
    assert again.mapping_panel.combo_for("Role").currentData() == Field.IGNORE


def test_cancel_during_an_import_changes_nothing(
    qtbot, make_dialog, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = write_big(tmp_path / "big.xlsx", 5000)
    real_run = dbs_import.run_import
    gate = threading.Event()

    def held_after_first_step(store, plan):
        work = real_run(store, plan)
        yield next(work)
        gate.wait(20)  # the worker waits here until Cancel has been pressed
        yield from work

    monkeypatch.setattr(dbs_import, "run_import", held_after_first_step)
    dialog = make_dialog(big, provider="Brand New Provider")
    assert dialog.plan is not None
    assert len(dialog.plan.outcomes) == 5000
    task = dialog.start_import()
    assert task is not None
    progress = task.dialog  # type: ignore[attr-defined]

    def cancel_on_first_step(_step: object) -> None:
        progress.findChild(QPushButton).click()
        gate.set()

    task.progress.connect(cancel_on_first_step)
    with qtbot.waitSignal(task.cancelled, timeout=30000):
        pass
    gate.set()
    assert dialog.status_label.text() == CANCELLED
    assert dialog.result_of_import is None
    assert dialog.import_button.isEnabled()
    assert counts(db_path) == (0, 0, 0)


def test_a_broken_file_shows_one_message_and_imports_nothing(
    make_dialog, tmp_path: Path, db_path: Path
) -> None:
    broken = tmp_path / "staff.xlsx"
    broken.write_text("this is not a spreadsheet", encoding="utf-8")
    dialog = make_dialog(broken)
    assert not dialog.error_label.isHidden()
    message = dialog.error_label.text()
    assert "staff.xlsx is not a real .xlsx spreadsheet" in message
    assert "Nothing has been imported" in message
    assert "Traceback" not in message
    assert dialog.plan is None
    assert dialog.preview_model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    assert dialog.start_import() is None
    assert counts(db_path) == (0, 0, 0)
    # A missing file says so the same way.
    dialog.set_path(tmp_path / "gone.xlsx")
    assert "does not exist" in dialog.error_label.text()


def test_save_rejected_rows_writes_text_never_formulas(
    make_dialog, scr: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(scr)
    target = tmp_path / "rejects.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Excel (*.xlsx)")
    )
    dialog.rejects_button.click()
    assert "Saved 1 rejected row" in dialog.status_label.text()
    sheet = load_workbook(target)["Staff"]
    header = [cell.value for cell in sheet[1]]
    assert "Problems" in header
    carol = [cell for cell in sheet[2]]
    assert carol[0].value == "Carol White"
    role = carol[header.index("Role")]
    assert role.value == "=1+1"
    assert role.data_type == "s"
    assert "12-digit" in carol[header.index("Problems")].value
    # An unwritable place: one message, nothing else.
    assert dialog.save_rejects(tmp_path / "no such folder" / "r.xlsx") is None
    assert "does not exist" in dialog.error_label.text()


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    made = MainWindow(store, settings=settings)
    qtbot.addWidget(made)
    return made


def _mime(path: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def test_dropping_a_spreadsheet_on_the_window_opens_the_import(
    window: MainWindow, scr: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr(
        DbsImportDialog,
        "run",
        classmethod(lambda cls, parent, store, path=None: opened.append(path)),
    )
    mime = _mime(scr)
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert opened == [scr]
    assert window.current_section() == "DBS register"
    # Other files are refused.
    text = tmp_path / "notes.txt"
    text.write_text("x", encoding="utf-8")
    text_mime = _mime(text)  # kept alive: the event does not own it
    refused = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        text_mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    refused.ignore()
    window.dragEnterEvent(refused)
    assert not refused.isAccepted()
    assert dbs_import_dialog.dropped_path(text_mime) is None


def test_file_menu_imports_with_ctrl_i(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    monkeypatch.setattr(
        DbsImportDialog,
        "run",
        classmethod(lambda cls, parent, store, path=None: opened.append(path)),
    )
    assert window.import_dbs_action.shortcut().toString() == "Ctrl+I"
    assert window.import_dbs_action.text() == "&Import DBS spreadsheet…"
    window.import_dbs_action.trigger()
    assert opened == [None]
    assert window.current_section() == "DBS register"


def test_an_unexpected_failure_is_one_message_and_changes_nothing(
    qtbot, make_dialog, scr: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = dbs_import.run_import

    def breaks_half_way(store, plan):
        work = real_run(store, plan)
        yield next(work)
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(dbs_import, "run_import", breaks_half_way)
    dialog = make_dialog(scr)
    task = dialog.start_import()
    assert task is not None
    with qtbot.waitSignal(task.failed, timeout=20000):
        pass
    message = dialog.error_label.text()
    assert "because of a bug (disk I/O error)" in message
    assert message.endswith("Nothing was imported.")
    assert "Traceback" not in message
    assert dialog.result_of_import is None
    assert dialog.import_button.isEnabled()
    assert counts(db_path) == (0, 0, 0)
    [report] = dialog.findChildren(BugReportDialog)  # the bug, with its traceback
    assert "RuntimeError: disk I/O error" in report.detail.toPlainText()
    report.close()
