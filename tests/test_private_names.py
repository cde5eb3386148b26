"""No module uses another module's private names. ruff's SLF001 finds ``module._name`` and
``obj._name``; this finds what it cannot: ``from bscp_monitor.x import _name``."""

from __future__ import annotations

import ast
from pathlib import Path

import bscp_monitor

PACKAGE = Path(bscp_monitor.__file__).resolve().parent


def private_imports(source: str) -> list[str]:
    """``module.name`` for every private name imported from a bscp_monitor module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0 and module.split(".")[0] != "bscp_monitor":
                continue  # another library's names are its business
            found += [
                f"{'.' * node.level}{module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 100
    offenders = {
        str(path.relative_to(PACKAGE)): names
        for path in sources
        if (names := private_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_would_catch_a_private_import() -> None:
    assert private_imports("from bscp_monitor.meetings.actions import CLOSED, _records\n") == [
        "bscp_monitor.meetings.actions._records"
    ]
    assert private_imports("def f():\n    from .actions import _records\n") == [".actions._records"]
    assert private_imports("from __future__ import annotations\nfrom os import _exit\n") == []
