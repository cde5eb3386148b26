"""The core never needs Qt: it imports and works with PySide6 made unimportable."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import bscp_monitor

PACKAGE = Path(bscp_monitor.__file__).resolve().parent
SKIPPED = (
    "bscp_monitor.ui",
    "bscp_monitor.data.migrations.versions",
    "bscp_monitor.data.migrations.env",
    "bscp_monitor.__main__",  # importing it runs the program
)

SCRIPT = textwrap.dedent(
    """
    import importlib
    import importlib.abc
    import json
    import pkgutil
    import sys
    from datetime import date

    BLOCKED = {"PySide6", "shiboken6"}


    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"Qt is blocked in this test: {name}")
            return None


    sys.meta_path.insert(0, BlockQt())
    try:
        import PySide6  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the Qt blocker does not work")

    import bscp_monitor

    SKIPPED = tuple(sys.argv[2].split(","))


    def skipped(name):
        return any(name == s or name.startswith(s + ".") for s in SKIPPED)


    imported = []
    # walk_packages imports each package to list what is inside; an ImportError there is
    # ignored (onerror) because every module that is not skipped is imported again below.
    for info in pkgutil.walk_packages(
        bscp_monitor.__path__, "bscp_monitor.", onerror=lambda name: None
    ):
        if skipped(info.name):
            continue
        importlib.import_module(info.name)
        imported.append(info.name)

    from bscp_monitor.cli.main import main
    from bscp_monitor.contracts.register import list_contracts
    from bscp_monitor.data.store import Store
    from bscp_monitor.demo.seed import seed_demo

    store = Store.open(sys.argv[1])
    try:
        seed_demo(store, date.today())
        references = [c.reference for c in list_contracts(store)]
    finally:
        store.close()
    code = main(["--db", sys.argv[1], "contracts", "--json"])
    qt = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    print(json.dumps({"imported": imported, "references": references, "cli": code, "qt": qt}))
    """
)


def test_the_core_imports_and_works_with_qt_blocked(tmp_path: Path) -> None:
    db = tmp_path / "no-qt.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "BSCP_MONITOR_DB"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db), ",".join(SKIPPED)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    imported = set(report["imported"])
    expected = {
        "bscp_monitor.common.audit",
        "bscp_monitor.cli.main",
        "bscp_monitor.contracts.clauses",
        "bscp_monitor.contracts.register",
        "bscp_monitor.common.dates",
        "bscp_monitor.demo.seed",
        "bscp_monitor.contracts.providers",
        "bscp_monitor.contracts.self_assessments",
        "bscp_monitor.standards",
        "bscp_monitor.data.store",
        "bscp_monitor.data.models",
        "bscp_monitor.data.migrations",
    }
    assert expected <= imported
    # Every core module on disk was imported (none silently skipped).
    on_disk = {
        ".".join(("bscp_monitor", *p.relative_to(PACKAGE).with_suffix("").parts))
        for p in PACKAGE.rglob("*.py")
        if p.name not in {"__init__.py", "__main__.py"}
    }
    core = {name for name in on_disk if not name.startswith(SKIPPED)}
    assert core <= imported
    assert not any(name.startswith("bscp_monitor.ui") for name in imported)

    assert "ECHS-CSE-0114" in report["references"]
    assert report["cli"] == 0
    assert report["qt"] == []


QT_IMPORT = re.compile(r"^\s*(import|from)\s+(PySide6|shiboken6)\b", re.MULTILINE)


def test_no_core_source_imports_qt() -> None:
    sources = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]]
    assert len(sources) > 10
    offenders = [str(p.relative_to(PACKAGE)) for p in sources if QT_IMPORT.search(p.read_text())]
    assert offenders == []


def test_the_static_scan_would_catch_an_import() -> None:
    assert QT_IMPORT.search("from __future__ import annotations\nfrom PySide6.QtCore import Qt\n")
    assert QT_IMPORT.search("def f():\n    import PySide6\n")
    assert not QT_IMPORT.search('"""Never imports PySide6."""\n')
