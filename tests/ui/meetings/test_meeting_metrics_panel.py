"""The meeting window's 'Performance and metrics' item shows what the minutes hold: the values
reported at the meeting, with the metric as approved minutes froze it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QLabel

from bscp_monitor.data.enums import AgendaKind, MeetingStatus, Rag
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings, metrics
from bscp_monitor.meetings import minuted_metrics as meeting_metrics
from bscp_monitor.ui.meetings.meeting_window import MeetingWindow
from tests.registers import make_contract, meeting_under_way

LONDON = ZoneInfo("Europe/London")


def test_approved_meeting_window_shows_metric_as_minuted(qtbot, store: Store) -> None:
    """The waiting list was 7 at the February meeting: amber against target 5 (red 10), and
    the minutes were approved with that. Later the metric is relaxed (target 10, amber 10,
    red 15). The approved minutes PDF still says target 5 / Amber (meeting_values), but
    opening the same approved meeting in the app shows the metric's *current* target and
    RAG (<= 10, Green) beside the locked value: the meeting window contradicts the approved
    minutes, which README says keep each metric's target and RAG as approved."""
    cid = make_contract(store, start=date(2024, 1, 1))
    waiting = metrics.add_from_library(store, cid, "Waiting list")
    first = meeting_under_way(store, cid, date(2025, 2, 10), discussion="Nothing to report.")
    metrics.record_value(store, waiting.id, date(2025, 1, 1), 7, meeting_id=first)
    meetings.set_status(store, first, MeetingStatus.DRAFT_MINUTES)
    later = meeting_under_way(store, cid, date(2025, 3, 10), discussion="Nothing to report.")
    meetings.approve_minutes(store, first, "Sarah Whitfield", later)
    metrics.update_metric(store, waiting.id, target=10, amber_threshold=10, red_threshold=15)
    (minuted,) = meeting_metrics.meeting_values(store, first)
    assert minuted.entry.rag is Rag.AMBER  # the minutes' record

    window = MeetingWindow(store, first)
    qtbot.addWidget(window)
    window.show()
    item = next(i for i in window.detail.items if i.kind is AgendaKind.PERFORMANCE)
    assert window.select_item(item.id)
    panel = window.editor.metrics_panel
    row = panel.row_for(waiting.id)
    assert row.edit.text() == "7"
    assert row.rag_label.text() == "Amber"


def test_approved_meeting_window_shows_no_value_typed_since(qtbot, store: Store) -> None:
    """The February meeting's minutes were approved with no waiting-list figure (none was
    reported). Weeks later an officer types January's waiting list (11) on the Metrics page.
    Re-opening the approved, locked February meeting now shows 11 (Red) in its Performance
    item as if it had been reported there, while the approved minutes (meeting_values /
    the PDF) contain no such figure. A locked meeting's window should show what its
    approved minutes hold, not values added afterwards elsewhere."""
    cid = make_contract(store, start=date(2024, 1, 1))
    waiting = metrics.add_from_library(store, cid, "Waiting list")
    first = meeting_under_way(store, cid, date(2025, 2, 10), discussion="Nothing to report.")
    meetings.set_status(store, first, MeetingStatus.DRAFT_MINUTES)
    later = meeting_under_way(store, cid, date(2025, 3, 10), discussion="Nothing to report.")
    meetings.approve_minutes(store, first, "Sarah Whitfield", later)
    metrics.record_value(store, waiting.id, date(2025, 1, 1), 11)  # typed on the Metrics page
    assert meeting_metrics.meeting_values(store, first) == []  # not in the minutes

    window = MeetingWindow(store, first)
    qtbot.addWidget(window)
    window.show()
    item = next(i for i in window.detail.items if i.kind is AgendaKind.PERFORMANCE)
    assert window.select_item(item.id)
    panel = window.editor.metrics_panel
    assert panel.rows == []  # nothing of the value typed since
    texts = [label.text() for label in panel.findChildren(QLabel)]
    assert "No metric value was reported at this meeting." in texts


def test_values_recorded_at_a_meeting_stay_visible_after_its_date_is_corrected(
    qtbot, store: Store
) -> None:
    """At the meeting first entered for 25/02/2025 the officer records January's waiting
    list (12, Red) in the Performance item. The date was mistyped -- the meeting was on
    03/03/2025 -- and is corrected (allowed: nothing approved around it). The minutes still
    hold 'Waiting list January 2025 12 Red' (meeting_values), but the meeting's window now
    shows only a February row, empty ('Not reported'): the value the minutes report at this
    meeting can no longer be seen, corrected or removed in the meeting's own window."""
    cid = make_contract(store, start=date(2024, 1, 1))
    waiting = metrics.add_from_library(store, cid, "Waiting list")
    mid = meeting_under_way(store, cid, date(2025, 2, 25), discussion="Nothing to report.")
    metrics.record_value(store, waiting.id, date(2025, 1, 1), 12, meeting_id=mid)
    meetings.update_meeting(store, mid, starts_at=datetime(2025, 3, 3, 10, tzinfo=LONDON))
    (minuted,) = meeting_metrics.meeting_values(store, mid)
    assert (minuted.period_label, minuted.entry.value) == ("January 2025", 12)

    window = MeetingWindow(store, mid)
    qtbot.addWidget(window)
    window.show()
    item = next(i for i in window.detail.items if i.kind is AgendaKind.PERFORMANCE)
    assert window.select_item(item.id)
    row = window.editor.metrics_panel.row_for(waiting.id)
    shown = (row.metric.label(row.period), row.edit.text())
    assert shown == ("January 2025", "12"), shown


def test_a_value_not_yet_minuted_is_marked_so_until_recorded(qtbot, store: Store) -> None:
    """A value typed on the Metrics page shows in the meeting as 'not yet recorded' until
    Enter or Record minutes it; a value being changed says so too; only a value recorded at
    this meeting reads 'Minuted' (and only that reaches the minutes)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from bscp_monitor.ui.meetings.meeting_metrics_panel import NOT_RECORDED

    cid = make_contract(store, start=date(2024, 1, 1))
    waiting = metrics.add_from_library(store, cid, "Waiting list")
    meeting = meeting_under_way(store, cid, date(2025, 2, 10), discussion="Nothing to report.")
    metrics.record_value(store, waiting.id, date(2025, 1, 1), 7)  # typed on the Metrics page

    window = MeetingWindow(store, meeting)
    qtbot.addWidget(window)
    window.show()
    item = next(i for i in window.detail.items if i.kind is AgendaKind.PERFORMANCE)
    assert window.select_item(item.id)
    row = window.editor.metrics_panel.row_for(waiting.id)
    assert row.edit.text() == "7"
    assert row.minuted_label.text() == NOT_RECORDED
    assert meeting_metrics.meeting_values(store, meeting) == []

    row.record_button.setFocus()
    QTest.keyClick(row.record_button, Qt.Key.Key_Space)
    assert row.minuted_label.text() == "✓ Minuted"
    assert [v.entry.value for v in meeting_metrics.meeting_values(store, meeting)] == [7]

    row.edit.setFocus()
    row.edit.selectAll()
    QTest.keyClicks(row.edit, "9")
    assert row.minuted_label.text() == NOT_RECORDED  # typed, not yet stored
    QTest.keyClick(row.edit, Qt.Key.Key_Return)
    assert row.minuted_label.text() == "✓ Minuted"
    assert [v.entry.value for v in meeting_metrics.meeting_values(store, meeting)] == [9]
