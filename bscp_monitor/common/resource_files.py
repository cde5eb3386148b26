"""Files shipped in ``resources/`` (installed as the package ``bscp_monitor.resources``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(name: str) -> Path:
    """The path of a shipped resource, installed or in a source checkout."""
    try:
        candidate = Path(str(resources.files("bscp_monitor.resources").joinpath(name)))
        if candidate.is_file():
            return candidate
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "resources" / name


def resource_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")
