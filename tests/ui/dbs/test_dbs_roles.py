"""The DBS register page on a team server shows what the login's role allows (issue 14,
point 5): a reader's buttons that change the register are greyed, saying why; only a DBS
officer may reveal a number, and then sees it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bscp_monitor.cli.main import main
from bscp_monitor.common.database import Store
from bscp_monitor.data.server_roles import DBS_OFFICER, EDITOR, READER
from bscp_monitor.ui.dbs.dbs_view import DbsView
from tests.pg_server import PgServer


@pytest.fixture
def logins(pg_server: PgServer, pg_demo_url: str) -> Iterator[dict[str, str]]:
    assert main(["--db", pg_demo_url, "init-server"]) == 0
    database = pg_demo_url.rsplit("/", 1)[1]
    urls = {}
    for role in (READER, EDITOR, DBS_OFFICER):
        login = f"{database}_ui_{role.removeprefix('bscp_')}"
        pg_server.admin(f"CREATE ROLE {login} LOGIN IN ROLE {role}")
        urls[role] = pg_server.url(database, user=login)
    yield urls
    pg_server.drop_database(database)


def _view(qtbot: Any, url: str) -> tuple[DbsView, Store]:
    store = Store.open(url)
    view = DbsView(store)
    qtbot.addWidget(view)
    view.table.selectRow(0)
    view.update_buttons()
    return view, store


def test_each_role_sees_what_it_may_do(qtbot: Any, logins: dict[str, str]) -> None:
    reader, store = _view(qtbot, logins[READER])
    try:
        assert not reader.import_button.isEnabled()
        assert not reader.edit_button.isEnabled()
        assert "not change it (it is a reader on this server)" in reader.edit_button.toolTip()
        assert not reader.reveal_button.isEnabled()
        assert "Only a DBS officer" in reader.reveal_button.toolTip()
        shown = reader.model.records()[0].certificate_number
        assert shown is None or shown.startswith("********")
    finally:
        store.close()

    editor, store = _view(qtbot, logins[EDITOR])
    try:
        assert editor.import_button.isEnabled()
        assert editor.edit_button.isEnabled()
        assert not editor.reveal_button.isEnabled()
    finally:
        store.close()

    officer, store = _view(qtbot, logins[DBS_OFFICER])
    try:
        row = next(n for n, r in enumerate(officer.model.records()) if r.certificate_number)
        officer.table.selectRow(officer.proxy.mapFromSource(officer.model.index(row, 0)).row())
        officer.update_buttons()
        assert officer.reveal_button.isEnabled()
        number = officer.reveal_selected()
        assert number is not None
        assert len(number) == 12
        assert number.isdigit()
    finally:
        store.close()
