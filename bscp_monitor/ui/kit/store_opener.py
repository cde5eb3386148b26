"""Open the database off the UI thread, so the window shows at once."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QThread, Signal


class StoreOpener(QThread):
    """Opens (creating or upgrading) the store and warms the first query, then reports."""

    opened = Signal(object)  # the Store
    failed = Signal(str)  # one message for people

    def __init__(self, location: str | os.PathLike[str] | None) -> None:
        super().__init__()
        self._location = location

    def run(self) -> None:
        from bscp_monitor.common.errors import DatabaseError

        try:
            from bscp_monitor.common.database import open_store
            from bscp_monitor.contracts.register import list_contracts

            store = open_store(self._location)
            list_contracts(store)  # imports the ORM and prepares the query path here
        except DatabaseError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: to the bug report, and the window told
            sys.excepthook(type(exc), exc, exc.__traceback__)
            self.failed.emit(
                f"The database could not be opened because of a bug in BSCP Monitor ({exc})."
            )
        else:
            self.opened.emit(store)
