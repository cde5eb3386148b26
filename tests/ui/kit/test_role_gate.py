"""Every page greys what the login's role may not change, saying why (issue 14, point 5):
a reader on the suite's PostgreSQL server sees every write action greyed with its role in
the tooltip, and stays greyed when a row is selected; an editor's are live; on SQLite
everything is allowed. What slips past the grey is refused by the server, in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from bscp_monitor.cli.main import main
from bscp_monitor.common.database import DatabaseError, Store
from bscp_monitor.common.permissions import permissions_of
from bscp_monitor.contracts import providers
from bscp_monitor.data.server_roles import EDITOR, READER
from bscp_monitor.ui.contracts.contracts_view import ContractsView
from bscp_monitor.ui.contracts.providers_view import ProvidersView
from bscp_monitor.ui.meetings.actions_view import ActionsView
from bscp_monitor.ui.meetings.meetings_view import MeetingsView
from bscp_monitor.ui.quality.metrics_view import MetricsView
from bscp_monitor.ui.quality.thematic_view import ThematicView
from tests.pg_server import PgServer


@pytest.fixture
def logins(pg_server: PgServer, pg_demo_url: str) -> Iterator[dict[str, str]]:
    assert main(["--db", pg_demo_url, "init-server"]) == 0
    database = pg_demo_url.rsplit("/", 1)[1]
    urls = {}
    for role in (READER, EDITOR):
        login = f"{database}_gate_{role.removeprefix('bscp_')}"
        pg_server.admin(f"CREATE ROLE {login} LOGIN IN ROLE {role}")
        urls[role] = pg_server.url(database, user=login)
    urls["owner"] = pg_demo_url
    yield urls
    pg_server.drop_database(database)


def _write_buttons(qtbot: Any, store: Store) -> list[tuple[QWidget, QWidget]]:
    """(page, button) for every write action of every page."""
    pages: list[tuple[QWidget, tuple[str, ...]]] = [
        (ContractsView(store), ("new_button", "edit_button", "archive_button")),
        (ProvidersView(store), ("new_button", "edit_button", "archive_button")),
        (MeetingsView(store), ("schedule_button", "cancel_button")),
        (ActionsView(store), ("update_button", "edit_button")),
        (MetricsView(store), ("library_button", "new_button", "edit_button",
                              "delete_button", "record_button", "compute_button")),
        (ThematicView(store), ("plan_button", "edit_button", "outcome_button",
                               "action_button")),
    ]  # fmt: skip
    found = []
    for page, names in pages:
        qtbot.addWidget(page)
        for name in names:
            found.append((page, getattr(page, name)))
    return found


def _select_first_row(page: Any) -> None:
    table = getattr(page, "table", None) or getattr(page, "checks_table", None)
    if table is not None and table.model() is not None and table.model().rowCount():
        table.selectRow(0)
    if hasattr(page, "update_buttons"):
        page.update_buttons()


def test_a_reader_sees_every_write_greyed_and_why(qtbot: Any, logins: dict[str, str]) -> None:
    store = Store.open(logins[READER])
    try:
        allowed = permissions_of(store)
        assert (allowed.role, allowed.write, allowed.reveal) == ("reader", False, False)
        assert allowed.on_server
        buttons = _write_buttons(qtbot, store)
        for page, _button in buttons:
            _select_first_row(page)  # the page's own enabling must not bring them back
        for _page, button in buttons:
            assert not button.isEnabled(), button.text()
            assert "Your login is a reader on this server" in button.toolTip(), button.text()
        assert "change nothing" in allowed.why_not_write
        assert "your login is a reader" in allowed.why_not_reveal

        # The fallback: a change made regardless is refused by the server, in words.
        first = providers.list_providers(store)[0]
        with pytest.raises(DatabaseError, match="not allowed"):
            providers.update_provider(store, first.id, address="Typed by a reader")
        assert providers.get_provider(store, first.id).address == first.address
    finally:
        store.close()


def test_an_editor_and_the_owner_may_change(qtbot: Any, logins: dict[str, str]) -> None:
    for login, role in ((logins[EDITOR], "editor"), (logins["owner"], "owner")):
        store = Store.open(login)
        try:
            allowed = permissions_of(store)
            assert (allowed.role, allowed.write) == (role, True)
            assert allowed.why_not_write == ""
            page = ProvidersView(store)
            qtbot.addWidget(page)
            assert page.new_button.isEnabled()
            assert "reader" not in page.new_button.toolTip()
        finally:
            store.close()


def test_on_sqlite_everything_is_allowed(qtbot: Any, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "one.sqlite3")
    try:
        allowed = permissions_of(store)
        assert (allowed.role, allowed.write, allowed.reveal, allowed.on_server) == (
            "owner", True, True, False,
        )  # fmt: skip
        for _page, button in _write_buttons(qtbot, store):
            assert "reader" not in button.toolTip()
        page = MeetingsView(store)
        qtbot.addWidget(page)
        assert page.cancel_button.toolTip().startswith("Remove a planned meeting")
    finally:
        store.close()


def test_a_readers_meeting_window_is_read_only_and_says_why(
    qtbot: Any, logins: dict[str, str]
) -> None:
    from bscp_monitor.common.enums import MeetingStatus
    from bscp_monitor.meetings import hold, meetings
    from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

    store = Store.open(logins[READER])
    try:
        meeting = next(
            m for m in meetings.list_meetings(store) if m.status is not MeetingStatus.APPROVED
        )
        window = MeetingWindow(store, meeting.id)
        qtbot.addWidget(window)
        assert window.keeper.read_only
        assert not window.keeper.holding
        assert window.agenda_panel.locked
        assert not window.keeper.banner.isHidden()
        assert "Your login is a reader on this server" in window.keeper.label.text()
        assert window.keeper.take_over_button.isHidden()
        assert hold.current_hold(store, meeting.id) is None  # no hold taken by a reader
        window.close()
    finally:
        store.close()


def test_a_readers_contract_window_shows_its_fields_read_only(
    qtbot: Any, logins: dict[str, str]
) -> None:
    from bscp_monitor.contracts import register as contracts
    from bscp_monitor.ui.contracts.contract_window import ContractWindow

    for login, reading in ((logins[READER], True), (logins[EDITOR], False)):
        store = Store.open(login)
        try:
            contract = contracts.list_contracts(store)[0]
            window = ContractWindow(store, contract.id)
            qtbot.addWidget(window)
            window.reload()  # the window's own refresh must not bring them back
            row = window.checklist.row(1)
            assert row.note.isReadOnly() is reading
            assert row.clause_ref.isReadOnly() is reading
            assert row.status.isEnabled() is not reading
            lead = window.provider_form.fields.edits["safeguarding_lead_name"]
            assert lead.isReadOnly() is reading
            assert window.provider_form.fields.receives_updates.isEnabled() is not reading
            for button in (window.overview.edit_button, window.variations.record_button,
                           window.assessments.record_button):  # fmt: skip
                assert button.isEnabled() is not reading, button.text()
            if reading:
                assert "Your login is a reader" in row.status.toolTip()
                assert "Your login is a reader" in window.overview.edit_button.toolTip()
            window.close()
        finally:
            store.close()
