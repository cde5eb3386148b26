"""The README's list of system libraries is the one the window needs: every shared library
Qt's xcb platform plugin loads from the system comes from a package listed there, and
.ci/run installs the same list."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _readme_packages() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"sudo apt-get install (.*?)\n```", text, re.S)
    assert block is not None, "README: the apt-get line of system libraries"
    return set(block[1].replace("\\", " ").split())


def _ci_packages() -> set[str]:
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r'qt_libs="(.*?)"', text, re.S)
    assert listed is not None
    return set(listed[1].split())


def test_ci_installs_what_the_readme_lists() -> None:
    assert _ci_packages() == _readme_packages()
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0"} <= (
        _readme_packages()
    )


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not shutil.which("ldd") or not shutil.which("dpkg"),
    reason="ldd and dpkg (a Debian-like Linux) are needed to see what the plugin loads",
)
def test_every_library_the_xcb_plugin_loads_is_listed() -> None:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    system = sorted(
        {
            m[1]
            for m in re.finditer(r"=> (/\S+)", out.stdout)
            if "PySide6" not in m[1] and re.search(r"/lib(xcb|X11|xkbcommon|EGL|GL\.)", m[1])
        }
    )
    assert system, out.stdout
    # One dpkg for every library, as found and under /usr (/lib is a link to /usr/lib on
    # merged-/usr systems): dpkg -S names the owner of each path it knows, one per line.
    usr = {lib: lib.replace("/lib/", "/usr/lib/", 1) for lib in system}
    found = subprocess.run(
        ["dpkg", "-S", *sorted(set(system) | set(usr.values()))], capture_output=True, text=True
    )
    owner_of = {}
    for line in found.stdout.splitlines():
        package, _, path = line.partition(": ")
        owner_of[path.strip()] = package.split(":")[0]
    owners = set()
    for lib in system:
        owner = owner_of.get(lib) or owner_of.get(usr[lib])
        assert owner, lib
        owners.add(owner)
    assert owners - _readme_packages() == set()
