"""The wings are layers: each imports only the wings below it (data < common < contracts <
dbs < compliance < meetings < papers < reports < demo < cli), at the top of a module or inside a
function; only the command line opens the UI. The UI's own rule (never data/ or
SQLAlchemy) is tests/ui/test_ui_boundaries.py."""

from __future__ import annotations

import ast
from pathlib import Path

import bscp_monitor

PACKAGE = Path(bscp_monitor.__file__).resolve().parent
LAYERS = (
    "data", "common", "contracts", "dbs", "compliance", "meetings", "papers", "reports", "demo",
    "cli",
)  # fmt: skip
#: Above the layers but allowed: the command line starts the GUI.
ALLOWED = {("cli", "ui")}


def imported_wings(source: str) -> set[str]:
    """The wings (``bscp_monitor.<wing>``) a module's import statements name."""
    wings = set()
    for node in ast.walk(ast.parse(source)):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "bscp_monitor":
                modules += [f"bscp_monitor.{alias.name}" for alias in node.names]
        for module in modules:
            parts = module.split(".")
            if parts[0] == "bscp_monitor" and len(parts) > 1:
                wings.add(parts[1])
    return wings


def upward(wing: str, source: str) -> list[str]:
    """The wings above ``wing`` that ``source`` imports."""
    mine = LAYERS.index(wing)
    return sorted(
        other
        for other in imported_wings(source)
        if (other in LAYERS and LAYERS.index(other) > mine)
        or (other == "ui" and (wing, other) not in ALLOWED)
    )


def test_every_package_is_a_wing_in_its_place() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    # ui sits above the core; resources/ is shipped as bscp_monitor.resources (data, not
    # code), a package only in an installed copy, as CI tests it.
    assert packages - {"ui", "resources"} == set(LAYERS), "a new wing: give it its place"


def test_every_wing_imports_only_the_wings_below_it() -> None:
    offenders = {}
    checked = 0
    for wing in LAYERS:
        for path in sorted((PACKAGE / wing).rglob("*.py")):
            checked += 1
            found = upward(wing, path.read_text(encoding="utf-8"))
            if found:
                offenders[str(path.relative_to(PACKAGE))] = found
    assert checked > 80
    assert offenders == {}


def test_the_check_would_catch_an_import_upwards() -> None:
    assert upward("data", "from bscp_monitor.common.wording import counted\n") == ["common"]
    assert upward("contracts", "def f():\n    from bscp_monitor.meetings import actions\n") == [
        "meetings"
    ]
    assert upward("reports", "from bscp_monitor import cli\n") == ["cli"]
    assert upward("meetings", "import bscp_monitor.ui.app\n") == ["ui"]
    assert upward("cli", "from bscp_monitor.ui.app import run_gui\n") == []
    assert upward("meetings", "from bscp_monitor.contracts import register\n") == []
