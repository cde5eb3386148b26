"""Open the database off the UI thread, so the window shows at once."""

from __future__ import annotations

import os

from PySide6.QtCore import QThread, Signal


class StoreOpener(QThread):
    """Opens (creating or upgrading) the store and warms the first query, then reports."""

    opened = Signal(object)  # the Store
    failed = Signal(str)  # one message for people

    def __init__(self, location: str | os.PathLike[str] | None) -> None:
        super().__init__()
        self._location = location

    def run(self) -> None:
        from bscp_monitor.data.precheck import StoreError

        try:
            from bscp_monitor.contracts.register import list_contracts
            from bscp_monitor.data.store import Store

            store = Store.open(self._location)
            list_contracts(store)  # imports the ORM and prepares the query path here
        except StoreError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a traceback
            self.failed.emit(f"The database could not be opened ({exc}).")
        else:
            self.opened.emit(store)
