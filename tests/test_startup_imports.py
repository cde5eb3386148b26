"""The window shows before the database is opened: starting the app imports neither
SQLAlchemy nor the core services (they load with the store, in the background). A stray
top-level import once doubled the time to the first window (bench/startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_starting_the_app_does_not_import_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "import bscp_monitor.cli.main, bscp_monitor.ui.app, bscp_monitor.ui.main_window\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy')[:3])\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout
