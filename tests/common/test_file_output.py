"""Exports are written whole, with the permissions any new file gets."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bscp_monitor.common.file_output import write_whole


def test_write_whole_gives_the_file_normal_permissions(tmp_path: Path) -> None:
    """A report saved to a shared folder used to be readable by the group/others (umask
    default, 0644); written through mkstemp it is 0600, readable by its writer only."""
    old = os.umask(0o022)
    try:
        target = tmp_path / "report.xlsx"
        write_whole(target, lambda p: p.write_bytes(b"data"))
        plain = tmp_path / "plain.xlsx"
        plain.write_bytes(b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
