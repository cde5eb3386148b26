"""The meeting window and the recording hold (issue 14, point 3): the first window records,
a colleague's window on the same meeting is read-only and says who records it since when,
and taking over turns the first one read-only with its text kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.database import Store
from bscp_monitor.meetings import hold, meetings
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow
from tests.registers import make_contract, meeting_under_way


@pytest.fixture
def two_stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two clients of one database (two people's computers)."""
    path = tmp_path / "shared.sqlite3"
    first = Store.open(path)
    second = Store.open(path)
    yield first, second
    first.close()
    second.close()


def _editable(window: MeetingWindow) -> bool:
    return not window.agenda_panel.locked


def test_one_recorder_colleagues_read_and_may_take_over(
    qtbot: QtBot, two_stores: tuple[Store, Store]
) -> None:
    mine, theirs = two_stores
    meeting_id = meeting_under_way(mine, make_contract(mine), date.today())
    recorder = MeetingWindow(mine, meeting_id)
    qtbot.addWidget(recorder)
    assert recorder.keeper.holding
    assert _editable(recorder)
    assert recorder.keeper.banner.isHidden()

    colleague = MeetingWindow(theirs, meeting_id)
    qtbot.addWidget(colleague)
    held = hold.current_hold(theirs, meeting_id)
    assert held is not None
    since = to_local(held.since).strftime("%H:%M")
    assert not colleague.keeper.holding
    assert not _editable(colleague)
    assert f"is recording this meeting since {since}" in colleague.keeper.label.text()
    assert not colleague.keeper.banner.isHidden()

    # What the recorder saves, the colleague sees on the next follow.
    item = meetings.get_meeting(mine, meeting_id).safeguarding_item
    recorder.autosaver.changed(("item", item.id, "discussion"), "Saved by the recorder")
    recorder.autosaver.flush()
    colleague.keeper.follow.emit()
    assert colleague.detail.safeguarding_item.discussion == "Saved by the recorder"

    colleague.keeper.take_over_button.click()  # explicitly
    assert colleague.keeper.holding
    assert _editable(colleague)
    recorder.keeper.heartbeat()  # the recorder's next heartbeat learns it
    assert not recorder.keeper.holding
    assert not _editable(recorder)
    assert "took over the recording" in recorder.keeper.label.text()

    colleague.close()
    assert hold.current_hold(mine, meeting_id) is None  # released as the window closed


def test_meetings_list_says_who_is_recording_since_when(
    qtbot: QtBot, two_stores: tuple[Store, Store]
) -> None:
    from bscp_monitor.ui.meetings.meetings_view import MeetingsView

    mine, theirs = two_stores
    meeting_id = meeting_under_way(mine, make_contract(mine), date.today())
    view = MeetingsView(theirs)
    qtbot.addWidget(view)
    column = [
        view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())
    ].index("Recording")

    def shown() -> str:
        row = view.model.row_of(meeting_id)
        assert row is not None
        return str(view.model.index(row, column).data())

    qtbot.waitUntil(lambda: view.model.row_of(meeting_id) is not None)
    assert shown() == ""

    taken = hold.take_hold(mine, meeting_id)  # a colleague's window records it
    view.refresh(select_id=meeting_id)
    since = to_local(taken.since).strftime("%H:%M")
    qtbot.waitUntil(lambda: shown() != "")
    assert shown() == f"{taken.holder} since {since}"
    row = view.model.row_of(meeting_id)
    assert row is not None
    tip = view.model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
    assert f"Being recorded by {taken.holder} since {since}" in tip

    hold.release(mine, taken)
    view.refresh(select_id=meeting_id)
    qtbot.waitUntil(lambda: shown() == "")
