"""One window per record: the contract and meeting windows are opened through a registry that
raises the window already open for a record instead of opening a second one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


class WindowRegistry(Generic[W]):
    """The windows open now, one per record id. A window leaves the registry when it is
    destroyed or calls :meth:`forget` (as it closes)."""

    def __init__(self) -> None:
        self._open: dict[int, W] = {}

    def get(self, record_id: int) -> W | None:
        """The window open for a record, if there is one."""
        return self._open.get(record_id)

    def windows(self) -> list[W]:
        """Every window open now, oldest first."""
        return list(self._open.values())

    def open_for(
        self,
        record_id: int,
        make: Callable[[], W],
        reuse: Callable[[W], bool] = lambda _window: True,
    ) -> W:
        """Show the record's window: the one already open (raised, restored if minimised)
        unless ``reuse`` says it may not serve (e.g. it shows another database: it is closed),
        else a new one from ``make``."""
        window = self._open.get(record_id)
        if window is not None and not reuse(window):
            window.close()
            self.forget(record_id, window)
            window = None
        if window is None:
            window = make()
            self.register(record_id, window)
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def register(self, record_id: int, window: W) -> None:
        """Hold ``window`` as the record's window (until it is destroyed or forgotten)."""
        self._open[record_id] = window
        window.destroyed.connect(lambda *_: self.forget(record_id, window))

    def forget(self, record_id: int, window: W) -> None:
        """``window`` is closing: the next :meth:`open_for` makes a new one."""
        if self._open.get(record_id) is window:
            del self._open[record_id]

    def close_all(self) -> bool:
        """Close every window; False (and stop) at the first that stays open, e.g. because
        what was typed in it cannot be saved yet."""
        for record_id, window in list(self._open.items()):
            if not window.close():
                return False
            self.forget(record_id, window)
        return True
