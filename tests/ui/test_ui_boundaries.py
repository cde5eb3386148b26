"""The UI sees the database only through the core: no module under bscp_monitor/ui imports
SQLAlchemy or bscp_monitor.data (not at the top, not in a function, not for type checking);
the core re-exports what it needs (common.enums, common.database, common.errors)."""

from __future__ import annotations

import ast
from pathlib import Path

import bscp_monitor.ui

UI = Path(bscp_monitor.ui.__file__).resolve().parent
FORBIDDEN = ("sqlalchemy", "alembic", "bscp_monitor.data")


def imported_names(source: str, module: str) -> set[str]:
    """Every module an import statement in ``source`` names (relative ones resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def forbidden(names: set[str]) -> list[str]:
    return sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN))


def test_no_ui_module_imports_sqlalchemy_or_the_data_layer() -> None:
    offenders: dict[str, list[str]] = {}
    sources = sorted(UI.rglob("*.py"))
    assert len(sources) > 40
    for path in sources:
        module = ".".join(("bscp_monitor", "ui", *path.relative_to(UI).with_suffix("").parts))
        found = forbidden(imported_names(path.read_text(encoding="utf-8"), module))
        if found:
            offenders[str(path.relative_to(UI))] = found
    assert offenders == {}


def test_the_check_would_catch_each_kind_of_import() -> None:
    module = "bscp_monitor.ui.kit.example"
    caught = [
        "from sqlalchemy.exc import SQLAlchemyError\n",
        "import sqlalchemy\n",
        "def f():\n    from bscp_monitor.data.store import Store\n",
        "if TYPE_CHECKING:\n    from bscp_monitor.data import enums\n",
        "from bscp_monitor import data\n",
        "from ...data.enums import Rag\n",
    ]
    for source in caught:
        assert forbidden(imported_names(source, module)), source
    allowed = (
        "from bscp_monitor.common.enums import Rag\nfrom bscp_monitor.common import database\n"
    )
    assert forbidden(imported_names(allowed, module)) == []
