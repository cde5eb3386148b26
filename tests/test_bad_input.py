"""The house rule: bad input gets one clear message, no traceback, nothing
stored changes and no half-written file is left."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bscp_monitor.cli.main import main
from bscp_monitor.common.errors import UserError
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions
from tests.dbs.sheets import dump, write_xlsx

ISSUED = date.today() - timedelta(days=400)


def _run(db: Path, *args: str) -> int:
    """main() as a user runs it: any exception escaping it is a traceback on their screen."""
    try:
        return main(["--db", str(db), *args])
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"traceback instead of one message: {type(exc).__name__}: {exc}")


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# -- DBS import ---------------------------------------------------------------------------


def test_import_dbs_with_update_service_check_date_far_in_future_gives_one_message(
    tmp_path: Path, copy_demo: Callable[[Path], Path], capsys
) -> None:
    """A provider's sheet has a typo in the Update Service status-check date (31/12/9999).

    Expected: the row is rejected (or the command fails with exit 1 and one line on stderr),
    the database unchanged. Before the fix: derived_expiry() added 12 months to it, date() raised
    ValueError('year 10000 is out of range') and the CLI dies with a traceback.
    """
    db = copy_demo(tmp_path / "register.sqlite3")
    capsys.readouterr()
    before = dump(db)
    sheet = write_xlsx(
        tmp_path / "staff.xlsx",
        {
            "Staff": [
                [
                    "Name",
                    "DBS Certificate Number",
                    "DBS Issue Date",
                    "Update Service",
                    "Update Service Check Date",
                ],
                ["Ann Lee", "001234567890", ISSUED, "Yes", "31/12/9999"],
            ]
        },
    )
    rc = _run(db, "import-dbs", str(sheet), "--provider", "Sunrise Care")
    err = capsys.readouterr().err
    assert rc in (0, 1)
    if rc == 1:
        assert err.startswith("bscp-monitor: ")
        assert dump(db) == before


def test_import_dbs_rejects_file_with_control_character_in_a_rejected_row(
    tmp_path: Path, copy_demo: Callable[[Path], Path], capsys
) -> None:
    """A CSV row is rejected (its name holds a stray control character, as text pasted from
    other programs does); --rejects asks for the rejected rows back as .xlsx.

    Expected: the rejects workbook is written (the character dropped or replaced) or one
    clear message, exit 1. Before the fix: openpyxl raises IllegalCharacterError from set_cell()
    (xlsx_safety.py) and the CLI dies with a traceback.
    """
    db = copy_demo(tmp_path / "register.sqlite3")
    capsys.readouterr()
    before = dump(db)
    sheet = tmp_path / "staff.csv"
    sheet.write_bytes(
        b"Name,Role,DBS No,Date of issue\n"
        b"Ann\x01 Lee,Carer,001234567890,01/01/2024\n"
        b"Bob Cole,Cook,001234567891,01/01/2024\n"
    )
    rejects = tmp_path / "rejected.xlsx"
    rc = _run(db, "import-dbs", str(sheet), "--provider", "Sunrise Care", "--rejects", str(rejects))
    err = capsys.readouterr().err
    if rc == 1:
        assert err.startswith("bscp-monitor: ")
        assert dump(db) == before
    else:
        assert rc == 0
        assert rejects.is_file()


def test_gui_save_rejected_rows_with_control_character_shows_message(
    qtbot, store: Store, tmp_path: Path
) -> None:
    """The same in the import dialog: *Save rejected rows...* on a file whose rejected row
    holds a vertical tab (Excel/Word line break pasted into a cell).

    Expected: the rows saved, or one message in the dialog. Before the fix: save_rejects() catches
    only UserError; IllegalCharacterError escapes the button's slot (a traceback, no message).
    """
    from bscp_monitor.ui.dbs.dbs_import_dialog import DbsImportDialog

    sheet = tmp_path / "staff.csv"
    sheet.write_bytes(
        b"Name,Role,DBS No,Date of issue\n"
        b"Ann Lee,Ca\x0brer,12345,01/01/2024\n"
        b"Bob Cole,Cook,001234567891,01/01/2024\n"
    )
    dialog = DbsImportDialog(store, sheet, provider="Sunrise Care")
    qtbot.addWidget(dialog)
    assert dialog.plan is not None
    assert dialog.rejects_button.isEnabled()
    target = tmp_path / "rejected.xlsx"
    try:
        written = dialog.save_rejects(target)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"traceback instead of one message: {type(exc).__name__}: {exc}")
    assert written == 1 or dialog.error_label.text()


# -- damaged database ---------------------------------------------------------------------


def _corrupt_table(db: Path, table: str) -> None:
    """Overwrite the root page of one table: sqlite_master and the schema version stay whole."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    data = bytearray(db.read_bytes())
    start = (root[0] - 1) * page_size
    data[start : start + page_size] = b"\xab" * page_size
    db.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "command", [["contracts"], ["meetings"], ["compliance"], ["export-report", "--out", "r.pdf"]]
)
def test_damaged_database_gives_one_message_not_a_traceback(
    tmp_path: Path, copy_demo: Callable[[Path], Path], capsys, command: list[str]
) -> None:
    """A database whose header and schema are intact but one table's page is damaged (a disk
    fault, a copy cut short). The README promises a damaged file is refused with one clear
    message (exit 1). Before the fix: Store.open() only peeks at sqlite_master, and the
    sqlalchemy DatabaseError ('database disk image is malformed') raised by the command
    escapes cli.main(), which catches only StoreError and UserError: a traceback.
    """
    db = copy_demo(tmp_path / "register.sqlite3")
    _corrupt_table(db, "contract")
    capsys.readouterr()
    command = [str(tmp_path / c) if c.endswith(".pdf") else c for c in command]
    rc = _run(db, *command)
    assert rc == 1
    assert capsys.readouterr().err.startswith("bscp-monitor: ")
    assert not (tmp_path / "r.pdf").exists()


# -- exports with text holding control characters -----------------------------------------


def _action_with_line_break(db: Path) -> None:
    """An action whose description was pasted from Word: its manual line break is \\x0b."""
    store = Store.open(db)
    try:
        for record in actions.list_actions(store):
            try:
                actions.edit_action(
                    store, record.id, description="Review the policy\x0bby the board"
                )
                return
            except UserError:
                continue  # minuted and approved: its wording is kept
        raise AssertionError("no editable action in the demo")
    finally:
        store.close()


def test_export_actions_xlsx_with_control_character_in_an_action(
    tmp_path: Path, copy_demo: Callable[[Path], Path], capsys
) -> None:
    """export-actions --out log.xlsx when one action's text holds a vertical tab (Word's
    Shift+Enter line break, pasted into the description). The PDF export copes.

    Expected: the workbook written (the character replaced) or one clear message, exit 1.
    Before the fix: IllegalCharacterError from openpyxl via xlsx_safety.set_cell: a traceback.
    """
    db = copy_demo(tmp_path / "register.sqlite3")
    _action_with_line_break(db)
    capsys.readouterr()
    before = _files(tmp_path)
    rc = _run(db, "export-actions", "--out", str(tmp_path / "log.xlsx"))
    if rc == 1:
        assert capsys.readouterr().err.startswith("bscp-monitor: ")
        assert _files(tmp_path) == before
    else:
        assert rc == 0
        assert (tmp_path / "log.xlsx").is_file()


def test_gui_export_action_log_xlsx_with_control_character_shows_message(
    qtbot, tmp_path: Path, copy_demo: Callable[[Path], Path], monkeypatch
) -> None:
    """The Actions page's *Export...* to .xlsx with the same action. Expected: a file or one
    warning. Before the fix: ActionsView.export() catches UserError and OSError only, so the
    IllegalCharacterError escapes the slot: no message, a traceback on stderr."""
    from bscp_monitor.ui.meetings.actions_view import XLSX_FILTER, ActionsView

    db = copy_demo(tmp_path / "register.sqlite3")
    _action_with_line_break(db)
    store = Store.open(db)
    view = ActionsView(store)
    qtbot.addWidget(view)
    target = tmp_path / "log.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), XLSX_FILTER))
    )
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    try:
        written = view.export()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"traceback instead of one message: {type(exc).__name__}: {exc}")
    finally:
        store.close()
    assert written == target or shown


def test_export_report_xlsx_with_control_character_in_a_contract_title(
    tmp_path: Path, copy_demo: Callable[[Path], Path], capsys
) -> None:
    """export-report --out board.xlsx when a contract's title holds a vertical tab (pasted
    from a Word tender document). The PDF report copes.

    Expected: the workbook or one message. Before the fix: IllegalCharacterError (openpyxl, through
    board_report_xlsx._put -> xlsx_safety.set_cell): a traceback.
    """
    db = copy_demo(tmp_path / "register.sqlite3")
    store = Store.open(db)
    try:
        first = contracts.list_contracts(store)[0]
        contracts.update_contract(store, first.id, title="CSE Recovery\x0bService")
    finally:
        store.close()
    capsys.readouterr()
    before = _files(tmp_path)
    rc = _run(db, "export-report", "--out", str(tmp_path / "board.xlsx"))
    if rc == 1:
        assert capsys.readouterr().err.startswith("bscp-monitor: ")
        assert _files(tmp_path) == before
    else:
        assert rc == 0
        assert (tmp_path / "board.xlsx").is_file()


# -- the GUI on a damaged database ---------------------------------------------------------


def _open_in_window(qtbot, tmp_path: Path, db: Path, monkeypatch) -> tuple[object, list[str]]:
    """The app's start-up path: the window first, the store opened in the background, then
    every section visited; warnings recorded instead of shown."""
    from PySide6.QtCore import QSettings

    from bscp_monitor.ui.kit.store_opener import StoreOpener
    from bscp_monitor.ui.main_window import SECTIONS, MainWindow

    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(
            QMessageBox,
            name,
            staticmethod(lambda *a, **k: shown.append(str(a[2])) or QMessageBox.StandardButton.Ok),
        )
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(None, settings=settings)
    qtbot.addWidget(window)
    window.show()
    opener = StoreOpener(db)
    failures: list[str] = []
    opener.failed.connect(failures.append)
    opener.opened.connect(window.attach_store)
    with qtbot.waitSignals([opener.opened], timeout=20_000, raising=False):
        opener.start()
    opener.wait()
    shown.extend(failures)
    qtbot.wait(300)
    for index in range(len(SECTIONS)):
        window.show_section(index)
        qtbot.wait(200)
    return window, shown


def test_gui_on_database_with_damaged_action_table_shows_a_message(
    qtbot, tmp_path: Path, copy_demo: Callable[[Path], Path], monkeypatch
) -> None:
    """The app opened on a database whose action table is damaged (header and schema whole,
    so the opener's check passes). Expected: one clear message (damaged: restore from a
    backup), no traceback. Before the fix: DashboardView.__init__ (the first page, built in
    MainWindow.attach_store / show_section) lets the sqlalchemy DatabaseError of
    compliance_facts escape into the Qt event loop: a traceback, and no message at all.
    """
    db = copy_demo(tmp_path / "register.sqlite3")
    _corrupt_table(db, "action")
    try:
        window, shown = _open_in_window(qtbot, tmp_path, db, monkeypatch)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"traceback instead of one message: {type(exc).__name__}: {exc}")
    store = getattr(window, "store", None)
    if store is not None:
        store.close()
    assert shown, "no message told the user the database is damaged"


def test_gui_on_database_with_damaged_meeting_table_message_is_for_people(
    qtbot, tmp_path: Path, copy_demo: Callable[[Path], Path], monkeypatch
) -> None:
    """The app opened on a database whose meeting table is damaged. Expected: one message
    saying the database is damaged and what to do (restore from a backup). Before the fix: the
    Meetings page's warning is the raw SQLAlchemy exception text -- the full SELECT
    statement, '[SQL: ...]' and a link to sqlalche.me -- with nothing about what to do.
    """
    db = copy_demo(tmp_path / "register.sqlite3")
    _corrupt_table(db, "meeting")
    window, shown = _open_in_window(qtbot, tmp_path, db, monkeypatch)
    store = getattr(window, "store", None)
    if store is not None:
        store.close()
    assert shown
    for message in shown:
        assert "[SQL:" not in message, message[:300]
        assert "sqlalche.me" not in message, message[:300]


# -- a database another program is writing --------------------------------------------------


@pytest.mark.parametrize("command", ["import-dbs", "dbs --reveal"])
def test_locked_database_gives_one_message(
    tmp_path: Path,
    copy_demo: Callable[[Path], Path],
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    """Another program holds the database's write lock (the GUI mid-save, a backup tool).
    Expected (README: exit 1, one line on stderr, the database unchanged): 'the database is
    busy, try again'. Before the fix: after the 5 s busy timeout the sqlalchemy OperationalError
    'database is locked' escapes cli.main() (which catches only StoreError/UserError):
    a traceback. (The test waits 0.1 s for the lock, not the users' 5 s, nor an import's
    60 s wait for the import lock.)"""
    monkeypatch.setenv("BSCP_MONITOR_BUSY_TIMEOUT", "0.1")
    monkeypatch.setenv("BSCP_MONITOR_IMPORT_WAIT", "0.1")
    db = copy_demo(tmp_path / "register.sqlite3")
    sheet = tmp_path / "staff.csv"
    sheet.write_text("Name,Role,DBS No,Date of issue\nAnn Lee,Carer,001234567890,01/01/2024\n")
    capsys.readouterr()
    before = dump(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        args = (
            ["import-dbs", str(sheet), "--provider", "Sunrise Care"]
            if command == "import-dbs"
            else command.split()
        )
        rc = _run(db, *args)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert rc == 1
    assert capsys.readouterr().err.startswith("bscp-monitor: ")
    assert dump(db) == before


# -- import-dbs that fails (or only checks) must not make a database -------------------------


@pytest.mark.parametrize("dry_run", [False, True])
def test_import_dbs_that_changes_nothing_leaves_no_new_database(
    tmp_path: Path, capsys, dry_run: bool
) -> None:
    """import-dbs --db new.sqlite3 (no such file yet) with a damaged spreadsheet (exit 1), or
    with --dry-run ('check the file, change nothing'). Expected: nothing stored anywhere, so
    no database file appears. Before the fix: cli.main opens (creating) the store before the handler
    runs, so an empty BSCP database is left at that path -- a typo'd --db becomes a new,
    empty register, exactly what the README says the CLI avoids."""
    db = tmp_path / "new.sqlite3"
    if dry_run:
        sheet = tmp_path / "staff.csv"
        sheet.write_text("Name,Role,DBS No,Date of issue\nAnn Lee,Carer,001234567890,01/01/2024\n")
        args = ["import-dbs", str(sheet), "--provider", "Sunrise Care", "--dry-run"]
    else:
        sheet = tmp_path / "staff.xlsx"
        sheet.write_bytes(b"this is not a spreadsheet")
        args = ["import-dbs", str(sheet), "--provider", "Sunrise Care"]
    rc = _run(db, *args)
    assert rc == (0 if dry_run else 1)
    assert not db.exists()
