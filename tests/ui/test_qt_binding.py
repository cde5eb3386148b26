"""The Qt binding the app is installed with must keep Python's books straight.

PySide6 6.12.0 on Python 3.11 returns None from every void method without taking a
reference to it: each call (setText, setEnabled, update, a timer's start...) leaves None
one reference short, and after some tens of thousands of them the app dies with "Fatal
Python error: none_dealloc" -- in the middle of a meeting. pyproject.toml leaves that
release out on Python 3.11; this test tells whoever installs a newer binding with the same
fault. (From Python 3.12 None is immortal and the count does not move at all.)
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_take_no_reference_from_none(qtbot) -> None:
    label = QLabel("Safeguarding")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(2_000):
        label.setText(f"Item {n % 7}")
        label.setEnabled(True)
    assert sys.getrefcount(None) >= before - 100  # a little noise from elsewhere is fine
