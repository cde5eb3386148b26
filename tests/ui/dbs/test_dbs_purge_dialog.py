"""The DBS page's Purge leavers action: the retention setting, who would be purged, and the
purge itself (issue 12, point 8)."""

from __future__ import annotations

from unittest.mock import patch

from pytestqt.qtbot import QtBot

from bscp_monitor.data.models import StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import retention
from bscp_monitor.ui.dbs.dbs_purge_dialog import PurgeLeaversDialog
from bscp_monitor.ui.dbs.dbs_view import DbsView
from tests.dbs.test_retention import _months_ago, _person


def test_the_dialog_shows_who_then_purges(store: Store, qtbot: QtBot) -> None:
    old = _person(store, "Ann Lee", _months_ago(13), "991234567777")
    recent = _person(store, "Bo Cole", _months_ago(7), "991234568888")
    dialog = PurgeLeaversDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.months_spin.value() == 12
    assert dialog.people_list.count() == 1
    assert dialog.people_list.item(0).text().startswith("Ann Lee — Sunrise Care — left ")
    assert dialog.accept_button.isEnabled()
    dialog.months_spin.setValue(6)  # the setting itself, and the list follows it
    assert retention.retention_months(store) == 6
    assert dialog.people_list.count() == 2
    dialog.months_spin.setValue(24)
    assert dialog.people_list.count() == 0
    assert not dialog.accept_button.isEnabled()
    assert "No leaver who left before" in dialog.cutoff_label.text()
    dialog.months_spin.setValue(6)
    assert dialog.submit()
    assert dialog.result_record is not None
    assert dialog.result_record.purged == 2
    with store.session() as s:
        for staff_id in (old, recent):
            person = s.get_one(StaffMember, staff_id)
            assert person.date_of_birth is None
            assert person.purged_on is not None
            assert person.current_certificate is None


def test_the_page_offers_it(store: Store, qtbot: QtBot) -> None:
    _person(store, "Ann Lee", _months_ago(13), "991234567777")
    view = DbsView(store)
    qtbot.addWidget(view)
    assert view.purge_button.text() == "Purge leavers…"
    with (
        patch.object(PurgeLeaversDialog, "exec", lambda self: self.submit() and 1),
        patch("bscp_monitor.ui.dbs.dbs_view.QMessageBox.information") as told,
    ):
        assert view.purge_leavers() == 1
    assert "Erased the certificate numbers and dates of birth of 1 leaver" in told.call_args[0][2]
