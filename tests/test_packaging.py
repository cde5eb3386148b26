"""Every package of the source tree is shipped in the wheel (pyproject lists them by hand,
because resources/ is mapped into the package), so a new wing cannot be left out of an
installed copy while the tests, run from the tree, still pass."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "bscp_monitor").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found, "no packages found: the test looks in the wrong place"
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
