"""Column widths are remembered per table: a width set on a page's table is the width the
next time the page is made (a stretching column is not kept); tables of other pages keep
their own."""

from __future__ import annotations

from bscp_monitor.common.database import Store
from bscp_monitor.ui.meetings.actions_view import ActionCol, ActionsView
from bscp_monitor.ui.meetings.meetings_view import MeetingsView


def test_a_width_set_is_used_next_time(qtbot, demo_store: Store) -> None:
    first = ActionsView(demo_store)
    qtbot.addWidget(first)
    header = first.table.horizontalHeader()
    default = header.sectionSize(ActionCol.OWNER)
    header.resizeSection(ActionCol.OWNER, default + 77)  # as a drag of the column's edge does

    again = ActionsView(demo_store)
    qtbot.addWidget(again)
    assert again.table.horizontalHeader().sectionSize(ActionCol.OWNER) == default + 77

    meetings_page = MeetingsView(demo_store)  # another table: its own widths
    qtbot.addWidget(meetings_page)
    fresh = meetings_page.table.horizontalHeader()
    assert all(fresh.sectionSize(c) != default + 77 for c in range(fresh.count()))
