"""Benchmark: launch to the main window shown and idle, on a database of 500 contracts,
against a bare PySide6 QMainWindow measured the same way in the same run.

    python bench/startup.py

Each sample is a fresh process. Times run from spawning it to (a) the first moment its
event loop is idle with the main window shown (a zero-delay timer), and, for BSCP Monitor,
(b) the register's first page built from the database, which opens in the background.
Target: (a) at most 3x the bare window. Both are printed.
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
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 720)
window.show()
def idle():
    print("shown", time.time() - float(sys.argv[1]), flush=True)
    app.quit()
QTimer.singleShot(0, idle)
sys.exit(app.exec())
"""

APP = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
launched = float(sys.argv[1])
app = QApplication(sys.argv)

def idle():  # the first moment the event loop is idle after the window is shown
    print("shown", time.time() - launched, flush=True)
    poll.start(2)

def check():  # the register's first page is on screen
    windows = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"]
    if windows and windows[0]._pages:
        poll.stop()
        QTimer.singleShot(0, loaded)

def loaded():
    print("loaded", time.time() - launched, flush=True)
    app.quit()

poll = QTimer()
poll.timeout.connect(check)
QTimer.singleShot(0, idle)
from bscp_monitor.cli.main import main
sys.exit(main(["--db", sys.argv[2]]))
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


def sample(code: str, *args: str) -> dict[str, float]:
    """Seconds from spawning the process to each milestone it prints."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    launched = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, repr(launched), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise SystemExit(f"the run failed:\n{done.stderr}")
    milestones = {}
    for line in done.stdout.splitlines():
        name, _, seconds = line.partition(" ")
        milestones[name] = float(seconds)
    return milestones


def main() -> None:
    runs = 7
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        build_database(db)
        sample(BARE)  # warm the file cache for both
        sample(APP, str(db))
        bare, shown, loaded = [], [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            bare.append(sample(BARE)["shown"])
            app = sample(APP, str(db))
            shown.append(app["shown"])
            loaded.append(app["loaded"])
    b = statistics.median(bare)
    s, ld = statistics.median(shown), statistics.median(loaded)
    print(f"bare QMainWindow shown and idle:      median {b * 1000:6.0f} ms")
    print(f"BSCP Monitor window shown and idle:   median {s * 1000:6.0f} ms  ratio {s / b:.2f}x")
    print(f"  ... with the 500-contract register: median {ld * 1000:6.0f} ms  ratio {ld / b:.2f}x")
    print("target: window shown and idle <= 3x the bare window")


if __name__ == "__main__":
    main()
