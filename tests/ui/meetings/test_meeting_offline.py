"""A meeting recorded on a PostgreSQL server that goes away: what is typed is kept, the window
says it is not connected (no box in the recorder's way), and everything is saved, once, when
the server is back -- whether the server was stopped, or its connections were cut."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings
from bscp_monitor.ui.kit.autosave import NOT_CONNECTED
from bscp_monitor.ui.meetings import meeting_window
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow
from tests.pg_server import PgServer
from tests.registers import make_contract, meeting_under_way


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(meeting_window, "report_error", lambda _p, _t, text: shown.append(text))
    return shown


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = Store.open(pg_url)
    yield store
    store.close()


def _open_on_safeguarding(qtbot, store: Store) -> tuple[MeetingWindow, int]:
    contract_id = make_contract(store)
    meeting_id = meeting_under_way(store, contract_id, date(2026, 10, 6), discussion="")
    window = MeetingWindow(store, meeting_id)  # closed by the test (and so deleted)
    window.show()
    item_id = meetings.get_meeting(store, meeting_id).safeguarding_item.id
    assert window.select_item(item_id)
    return window, item_id


def _stored_discussion(location: str, meeting_id: int, item_id: int) -> str:
    """Read back through a new Store (a new connection): what the server holds."""
    fresh = Store.open(location)
    try:
        item = next(i for i in meetings.get_meeting(fresh, meeting_id).items if i.id == item_id)
        return item.discussion
    finally:
        fresh.close()


def test_the_server_stopped_mid_meeting_keeps_the_notes_and_saves_them_once_back(
    qtbot, pg_server: PgServer, pg_store: Store, pg_url: str, boxes: list[str]
) -> None:
    window, item_id = _open_on_safeguarding(qtbot, pg_store)
    edit = window.editor.discussion_edit
    QTest.keyClicks(edit, "Two referrals made")
    assert window.flush() is True
    assert not window.connection_banner.isVisible()

    pg_server.pause()
    try:
        QTest.keyClicks(edit, "; both followed up")
        assert window.flush() is False
        assert window.connection_banner.isVisible()
        assert window.connection_banner.text() == NOT_CONNECTED
        assert NOT_CONNECTED == (
            "Not connected — your notes are kept and will be saved when the server is back"
        )
        assert window.autosaver.disconnected
        assert window.autosaver._timer.interval() == 3000  # tried again every 3 s
        edit.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(edit, ".")
        assert window.flush() is False  # still away: kept, said once, no box
        assert window.autosaver.pending() == {
            ("item", item_id, "discussion"): "Two referrals made; both followed up."
        }
        assert boxes == []
        assert window.isVisible()
    finally:
        pg_server.resume()

    assert window.flush() is True  # the next tick: a new connection, everything saved
    assert not window.connection_banner.isVisible()
    assert window.saved_label.text() == "All changes saved"
    assert not window.autosaver.has_pending()
    assert (
        _stored_discussion(pg_url, window.meeting_id, item_id)
        == "Two referrals made; both followed up."
    )
    assert boxes == []
    assert window.close()


def test_connections_cut_while_text_is_pending_lose_nothing(
    qtbot, pg_server: PgServer, pg_store: Store, pg_url: str, boxes: list[str]
) -> None:
    """Another connection ends every session of the database (as an administrator or a
    network device would) while the autosaver holds text: the next save reconnects."""
    window, item_id = _open_on_safeguarding(qtbot, pg_store)
    QTest.keyClicks(window.editor.discussion_edit, "Placement stable")
    assert window.autosaver.has_pending()
    database = pg_url.rsplit("/", 1)[1]
    pg_server.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()",
        database=database,
    )
    assert window.flush() is True
    assert _stored_discussion(pg_url, window.meeting_id, item_id) == "Placement stable"
    assert boxes == []
    assert not window.connection_banner.isVisible()
    assert window.close()
