"""The meeting window's side of the recording hold (meetings/hold.py).

A window on a meeting that is not approved takes the hold when it opens and beats its
heartbeat while open; it gives the hold back when it closes. A window that finds a colleague
recording shows "NAME is recording this meeting since 10:02", is read-only and reloads as the
recorder saves, and offers "Take over recording"; a recorder whose hold was taken over turns
read-only the same way (its unsaved text stays in the autosaver, which refuses to write it).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import fields, replace
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.meetings import hold
from bscp_monitor.meetings.meetings import MeetingDetail, MeetingSummary
from bscp_monitor.ui.kit.display import AMBER, chip_style
from bscp_monitor.ui.kit.role_gate import permissions_here

#: How often a read-only window shows what the recorder saved.
FOLLOW_EVERY = timedelta(seconds=5)


class _HeldElsewhere(MeetingSummary):
    """A meeting shown read-only because someone else is recording it."""

    @property
    def locked(self) -> bool:
        return True


def read_only(detail: MeetingDetail) -> MeetingDetail:
    m = detail.meeting
    copy = _HeldElsewhere(**{f.name: getattr(m, f.name) for f in fields(m)})
    return replace(detail, meeting=copy)


class HoldKeeper(QObject):
    """Takes, keeps and gives back one window's hold; ``changed`` when it is won or lost."""

    changed = Signal(bool)  # holding
    follow = Signal()  # read-only: time to show what the recorder saved

    def __init__(self, store: Store, meeting_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self._store = store
        self.meeting_id = meeting_id
        self.hold: hold.Hold | None = None
        self.other: hold.Hold | None = None
        #: Why this login may only read the meeting (a reader on a team server), else "".
        self.reading_only = ""
        self.banner = QWidget(parent)
        self.banner.setObjectName("holdBanner")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.banner)
        self.label.setStyleSheet(chip_style(AMBER) + " padding: 6px 10px;")
        self.take_over_button = QPushButton("Take over recording", self.banner)
        self.take_over_button.setToolTip("Record this meeting here; the colleague's window "
                                         "becomes read-only")  # fmt: skip
        self.take_over_button.clicked.connect(lambda: self.take(take_over=True))
        row.addWidget(self.label, 1)
        row.addWidget(self.take_over_button)
        self.banner.hide()
        self._beat = QTimer(self)
        self._beat.setInterval(int(hold.HEARTBEAT_EVERY.total_seconds() * 1000))
        self._beat.timeout.connect(self.heartbeat)
        self._follow = QTimer(self)
        self._follow.setInterval(int(FOLLOW_EVERY.total_seconds() * 1000))
        self._follow.timeout.connect(self.follow.emit)

    @property
    def holding(self) -> bool:
        return self.hold is not None

    @property
    def read_only(self) -> bool:
        """The window only shows the meeting: a colleague records it, or the login may not."""
        return self.other is not None or bool(self.reading_only)

    def take(self, take_over: bool = False) -> bool:
        """Hold the meeting (explicitly over a colleague's hold with ``take_over``)."""
        why = permissions_here(self._store).why_not_write
        if why:  # a reader: shown read-only, following what the recorder saves
            self.reading_only = why
            self.label.setText(f"{why} You are reading this meeting as it is saved.")
            self.take_over_button.hide()
            self.banner.show()
            self._follow.start()
            return False
        try:
            self.hold = hold.take_hold(self._store, self.meeting_id, take_over=take_over)
        except hold.HeldByAnother as refused:
            self._lost(refused.hold, f"{refused.hold.words} — you are reading it as it is saved.")
            return False
        except (UserError, DatabaseError):
            return False  # no hold to be had (the server is away): the autosaver copes
        self.other = None
        self.banner.hide()
        self._follow.stop()
        self._beat.start()
        self.changed.emit(True)
        return True

    def heartbeat(self) -> None:
        if self.hold is None:
            return
        try:
            self.hold = hold.heartbeat(self._store, self.hold)
        except hold.HoldLost as lost:
            if lost.hold is None:  # it lapsed and nobody took it: hold it again
                self.hold = None
                self.take()
            else:
                self._lost(lost.hold, str(lost))
        except DatabaseError:
            pass  # the server is away: the hold lapses there, the autosaver keeps the text

    def ensure(self) -> None:
        """Before a save: HoldLost / HeldByAnother unless this window may record."""
        if self.hold is None and self.other is None:
            return  # never held (e.g. an approved meeting): nothing to guard
        hold.ensure_holding(self._store, self.hold, self.meeting_id)

    def _lost(self, other: hold.Hold | None, words: str) -> None:
        was_holding = self.hold is not None
        self.hold, self.other = None, other
        self._beat.stop()
        self.label.setText(words)
        self.banner.show()
        self._follow.start()
        if was_holding or other is not None:
            self.changed.emit(False)

    def release(self) -> None:
        self._beat.stop()
        self._follow.stop()
        if self.hold is not None:
            with suppress(UserError, DatabaseError):  # else it lapses on its own
                hold.release(self._store, self.hold)
            self.hold = None
