"""Benchmark: launch to the main window shown and idle, on a database of 500 contracts,
against a bare PySide6 QMainWindow measured the same way in the same run.

    python bench/startup.py

Each sample is a fresh process (wall time from spawn to exit): the process creates the
QApplication, shows the window, and quits from a zero-delay timer, which fires once the
event loop is idle after the window is shown. Target: at most 3x the bare window.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 720)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""

APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
QTimer.singleShot(0, app.quit)  # runs once the app's own window is shown and idle
from bscp_monitor.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def build_database(path: Path) -> None:
    from bscp_monitor.data.enums import ContractStatus, RiskLevel
    from bscp_monitor.data.models import Contract, Provider
    from bscp_monitor.data.store import Store

    store = Store.open(path)
    today = date.today()
    with store.session() as session:
        providers = [Provider(name=f"Provider {n:03d}") for n in range(60)]
        session.add_all(providers)
        session.flush()
        for n in range(500):
            start = today - timedelta(days=30 * (n % 48))
            session.add(
                Contract(
                    reference=f"BENCH-{n:04d}",
                    title=f"Children's service {n} with a realistically long descriptive title",
                    provider_id=providers[n % len(providers)].id,
                    start_date=start,
                    end_date=start + timedelta(days=365 * 3 + n % 200),
                    value_pence=1_000_000 + n * 12_345,
                    status=list(ContractStatus)[n % 5],
                    risk_level=list(RiskLevel)[n % 3],
                    contract_manager=f"Manager {n % 23}",
                )
            )
    store.close()


def sample(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the run failed:\n{done.stderr}")
    return elapsed


def main() -> None:
    runs = 7
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        build_database(db)
        sample(BARE)  # warm the file cache for both
        sample(APP, str(db))
        bare, app = [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            bare.append(sample(BARE))
            app.append(sample(APP, str(db)))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare QMainWindow:            median {b * 1000:7.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"BSCP Monitor, 500 contracts: median {a * 1000:7.0f} ms (min {min(app) * 1000:.0f})")
    print(f"ratio: {a / b:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
