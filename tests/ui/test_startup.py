"""Start-up: the window shows at once and the database opens in the background."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from bscp_monitor.data.store import Store
from bscp_monitor.ui.kit.store_opener import StoreOpener
from bscp_monitor.ui.main_window import SECTIONS, MainWindow


def _window(qtbot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(None, settings=settings)
    qtbot.addWidget(window)
    return window


def test_window_shows_before_the_store_then_fills(qtbot, tmp_path: Path, demo_store) -> None:
    path = demo_store.path
    demo_store.close()
    window = _window(qtbot, tmp_path)
    window.show()
    assert not window.nav.isEnabled()
    assert not window.new_contract_action.isEnabled()
    opener = StoreOpener(path)
    opener.opened.connect(window.attach_store)
    with qtbot.waitSignal(opener.opened, timeout=20_000):
        opener.start()
    opener.wait()
    assert window.nav.isEnabled()
    assert window.current_section() == SECTIONS[0]
    assert window.store.path == path
    window.show_section(SECTIONS.index("Contracts"))
    qtbot.waitUntil(lambda: window.contracts_view.proxy.rowCount() >= 5)
    window.store.close()


def test_a_newer_database_is_reported_not_opened(qtbot, tmp_path: Path, db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE alembic_version SET version_num = '0999_future'")
    db.close()
    opener = StoreOpener(db_path)
    with qtbot.waitSignal(opener.failed, timeout=20_000) as signal:
        opener.start()
    opener.wait()
    assert "newer version of BSCP Monitor" in signal.args[0]


def test_gui_launch_refuses_a_bad_file_before_any_window(tmp_path: Path) -> None:
    bad = tmp_path / "minutes.docx"
    bad.write_bytes(b"PK\x03\x04 not a database")
    done = subprocess.run(
        [sys.executable, "-m", "bscp_monitor", "--db", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "not a BSCP Monitor database" in lines[0]
    assert "Traceback" not in done.stderr
    assert bad.read_bytes() == b"PK\x03\x04 not a database"
