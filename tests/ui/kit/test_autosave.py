"""The Autosaver: values the database cannot take now stay pending and are tried again,
less often each time, without waiting out the lock once per field."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from bscp_monitor.common.errors import UserError
from bscp_monitor.data.db_errors import database_error
from bscp_monitor.ui.kit.autosave import MAX_RETRY_MS, RETRY_MS, Autosaver


def test_a_locked_database_keeps_everything_pending_and_backs_off(qtbot) -> None:
    tried: list[object] = []
    stored: dict[object, object] = {}
    locked = [True]
    messages: list[str] = []

    def save(key: object, value: object) -> None:
        tried.append(key)
        if locked[0]:
            # what the store raises when SQLite stays locked past its busy timeout
            raise database_error(OperationalError("UPDATE", {}, Exception("database is locked")))
        stored[key] = value

    saver = Autosaver(save)
    saver.failed.connect(lambda _key, message: messages.append(message))
    saver.changed("a", "first")
    saver.changed("b", "second")
    assert saver.flush() is False
    assert tried == ["a"]  # the second would only wait out the same lock
    assert saver.pending() == {"a": "first", "b": "second"}
    assert saver._timer.interval() == RETRY_MS
    for _ in range(6):
        saver.flush()
    assert saver._timer.interval() == MAX_RETRY_MS  # 3 s, 6 s ... at most 30 s
    assert len(messages) == 1
    assert "database is locked" in messages[0]
    locked[0] = False
    assert saver.flush() is True
    assert stored == {"a": "first", "b": "second"}
    assert not saver.has_pending()
    assert saver._retry_ms == RETRY_MS


def test_a_refused_value_is_reported_and_dropped(qtbot) -> None:
    def save(key: object, value: object) -> None:
        raise UserError("The meeting is approved and locked.")

    saver = Autosaver(save)
    messages: list[str] = []
    saver.failed.connect(lambda _key, message: messages.append(message))
    saver.changed("a", "text")
    assert saver.flush() is False
    assert not saver.has_pending()
    assert messages == ["The meeting is approved and locked."]


def test_a_server_out_of_reach_keeps_everything_and_says_so_once(qtbot) -> None:
    from bscp_monitor.ui.kit.autosave import NOT_CONNECTED

    away = [True]
    stored: dict[object, object] = {}
    messages: list[str] = []
    connected: list[bool] = []

    def save(key: object, value: object) -> None:
        if away[0]:  # what psycopg says when the server is down
            raise database_error(
                OperationalError(
                    "UPDATE", {}, Exception('connection failed: connection to server at '
                    '"127.0.0.1", port 5432 failed: Connection refused')
                )
            )  # fmt: skip
        stored[key] = value

    saver = Autosaver(save)
    saver.failed.connect(lambda _key, message: messages.append(message))
    saver.connection.connect(connected.append)
    saver.changed("a", "first")
    saver.changed("b", "second")
    for _ in range(5):
        assert saver.flush() is False
        assert saver._timer.interval() == RETRY_MS  # every 3 s, not backing off
    assert saver.disconnected
    assert messages == [NOT_CONNECTED]
    assert connected == [False]
    assert saver.pending() == {"a": "first", "b": "second"}
    away[0] = False
    assert saver.flush() is True
    assert stored == {"a": "first", "b": "second"}
    assert connected == [False, True]
    assert not saver.disconnected
