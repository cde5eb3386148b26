"""GUI tests run again on PostgreSQL (issue 14: 'a set of GUI tests on PostgreSQL'): the same
test functions as on SQLite, collected here with ``store``, ``demo_store`` and ``db_path``
meaning a database on the suite's own PostgreSQL server (``db_path`` is then its URL, which
``Store.open`` takes as it takes a file). Chosen to cover every page and the meeting window:
a meeting end to end (attendees, guard, prompts, an action, workflow, minutes PDF,
approval), typing kept between items and flushed on close, the meetings, actions, contracts
and DBS lists with their models, filters and dialogs, the dashboard, and the main window's
navigation. The live refresh and the lost-server tests run on PostgreSQL in their own files
(test_live_refresh.py, meetings/test_meeting_offline.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bscp_monitor.data.store import Store
from tests.ui.contracts.test_contracts_view import (  # noqa: F401
    test_cells_show_words_dates_money_and_deadline_state,
    test_model_passes_the_model_tester,
    test_refresh_keeps_the_selection,
    test_search_narrows_rows_as_text_is_typed,
    test_sorting_by_decision_deadline_orders_by_date,
    test_status_and_risk_filters,
)
from tests.ui.dashboard.test_dashboard import (  # noqa: F401
    test_alerts_are_sorted_coloured_and_worded,
    test_counts_per_standard,
    test_filter_by_overall_and_sort_by_severity,
    test_models_pass_the_model_tester,
    test_rag_cells_carry_words_colours_and_reasons,
)
from tests.ui.dbs.test_dbs_view import (  # noqa: F401
    register,
    test_reveal_shows_the_number_and_is_audited,
    test_search_filters_and_sorting_by_real_dates,
    test_the_register_of_one_contract_is_its_providers_staff,
    test_the_register_shows_each_person_with_status_in_words_and_colour,
    view,
)
from tests.ui.meetings.test_actions_view import (  # noqa: F401
    test_filters_give_the_right_rows,
    test_model_and_proxy_pass_the_model_tester,
    test_overdue_rows_are_highlighted_and_say_so,
    test_update_dialog_records_progress_and_the_row_refreshes,
)
from tests.ui.meetings.test_meeting_window import (  # noqa: F401
    contract_id,
    messages,
    test_a_meeting_end_to_end,
    test_approved_minutes_show_actions_as_they_stood_not_overdue_by_today,
    test_cancel_a_planned_meeting_from_the_list,
    test_meetings_model_passes_the_model_tester,
    test_meetings_view_lists_filters_and_opens,
    test_minutes_typed_survive_moving_between_items,
    test_safeguarding_answers_survive_moving_between_items,
    test_typed_discussion_is_flushed_on_close,
)
from tests.ui.test_main_window import (  # noqa: F401
    make_window,
    settings,
    test_every_section_is_built_none_is_a_placeholder,
    test_navigation_switches_pages,
)


@pytest.fixture
def db_path(request: pytest.FixtureRequest) -> str:
    """The database's location: here a PostgreSQL URL (Store.open takes either) -- of a copy
    of the demo for a test using ``demo_store``, else of an empty database."""
    wanted = "pg_demo_url" if "demo_store" in request.fixturenames else "pg_url"
    return str(request.getfixturevalue(wanted))


@pytest.fixture
def store(db_path: str) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(db_path: str) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()
