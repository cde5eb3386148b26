"""The contract window's lists: its meetings, its actions and its provider's DBS staff, each
opening its item with Enter (the meeting's window, the action's update dialog, the person's
DBS record)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bscp_monitor.common.enums import ActionStatus
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.meetings.actions import ActionFilter
from bscp_monitor.ui.contracts.contract_lists import ContractList
from bscp_monitor.ui.contracts.contract_window import ContractWindow
from bscp_monitor.ui.dbs.dbs_model import StaffCol
from bscp_monitor.ui.dbs.dbs_staff_dialog import StaffEditDialog
from bscp_monitor.ui.meetings import meeting_window
from bscp_monitor.ui.meetings.action_dialog import ActionUpdateDialog
from bscp_monitor.ui.meetings.actions_model import ActionCol


def _window(qtbot, store: Store, reference: str = "ECHS-CSE-0114") -> ContractWindow:
    contract = contracts.find_contract(store, reference)
    assert contract is not None
    window = ContractWindow.open_for(None, store, contract.id)
    qtbot.addWidget(window)
    return window


def _press_enter_on_row(qtbot, listing: ContractList, row: int) -> None:
    """Show the list's tab, put the cursor on ``row`` and press Enter (keys only)."""
    tabs = listing.parentWidget().parentWidget()  # the stacked widget's tab widget
    tabs.setCurrentWidget(listing)
    listing.table.setFocus()
    listing.table.setCurrentIndex(listing.proxy.index(row, 0))
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)


def test_the_window_has_tabs_for_meetings_actions_and_dbs_staff(qtbot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert names[-3:] == ["Meetings (S5)", "Actions", "DBS staff (S4)"]
    contract = window.contract

    held = meetings.list_meetings(demo_store, contract_id=contract.id)
    assert held
    assert window.meeting_list.proxy.rowCount() == len(held)
    shown = {window.meeting_list.proxy.index(r, 0).data() for r in range(len(held))}
    assert window.meeting_list.table.isColumnHidden(1)  # the contract: this one
    assert len(shown) == len(held)
    assert f"{len(held)} meeting" in window.meeting_list.note_label.text()

    raised = actions.list_actions(demo_store, ActionFilter(contract_id=contract.id))
    assert raised
    assert window.action_list.proxy.rowCount() == len(raised)
    refs = {window.action_list.proxy.index(r, ActionCol.REF).data() for r in range(len(raised))}
    assert refs == {a.ref for a in raised}
    assert all(ref.startswith("ECHS-CSE-0114/") for ref in refs)

    staff = dbs_register.list_staff(demo_store, provider_id=contract.provider_id)
    assert staff
    assert window.staff_list.proxy.rowCount() == len(staff)
    names_shown = {
        window.staff_list.proxy.index(r, StaffCol.NAME).data() for r in range(len(staff))
    }
    assert names_shown == {s.full_name for s in staff}
    everyone = dbs_register.list_staff(demo_store)
    assert len(everyone) > len(staff)  # other providers' staff are not listed
    assert window.staff_list.table.isColumnHidden(StaffCol.PROVIDER)
    window.close()


def test_enter_on_a_meeting_opens_its_window(qtbot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    listing = window.meeting_list
    record = listing.proxy.data(listing.proxy.index(0, 0), Qt.ItemDataRole.UserRole + 2)
    _press_enter_on_row(qtbot, listing, 0)
    opened = meeting_window.open_window(record.id)
    assert opened is not None
    assert opened.meeting_id == record.id
    opened.close()
    window.close()


def test_enter_on_an_action_records_an_update(
    qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, demo_store)
    listing = window.action_list
    open_rows = [
        r
        for r in range(listing.proxy.rowCount())
        if not listing.proxy.data(listing.proxy.index(r, 0), Qt.ItemDataRole.UserRole + 2).closed
    ]
    row = open_rows[0]
    record = listing.proxy.data(listing.proxy.index(row, 0), Qt.ItemDataRole.UserRole + 2)

    def complete(dialog: ActionUpdateDialog) -> int:
        assert dialog.windowTitle()  # the Actions page's own dialog
        index = dialog.status_combo.findData(ActionStatus.DONE.value)
        dialog.status_combo.setCurrentIndex(index)
        dialog.note_edit.setPlainText("Done, said the provider.")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ActionUpdateDialog, "exec", complete)
    with qtbot.waitSignal(window.contract_changed):
        _press_enter_on_row(qtbot, listing, row)
    stored = actions.get_action(demo_store, record.id)
    assert stored.status is ActionStatus.DONE
    assert stored.updates[-1].note == "Done, said the provider."
    shown = listing.proxy.row_where(lambda r: r.id == record.id)
    assert shown is not None
    assert listing.proxy.index(shown, ActionCol.STATUS).data() == "Done"
    window.close()


def test_enter_on_a_person_edits_their_dbs_record(
    qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, demo_store)
    listing = window.staff_list
    record = listing.proxy.data(listing.proxy.index(0, 0), Qt.ItemDataRole.UserRole + 2)

    def change_role(dialog: StaffEditDialog) -> int:
        dialog.role_edit.setText("Lead practitioner")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(StaffEditDialog, "exec", change_role)
    with qtbot.waitSignal(window.contract_changed):
        _press_enter_on_row(qtbot, listing, 0)
    assert dbs_register.get_staff(demo_store, record.id).role == "Lead practitioner"
    row = listing.proxy.row_where(lambda r: r.id == record.id)
    assert listing.proxy.index(row, StaffCol.ROLE).data() == "Lead practitioner"
    window.close()


def test_a_contract_with_nothing_yet_says_so(qtbot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store, "ECHS-SB-0305")  # no meeting, no action yet
    assert window.meeting_list.proxy.rowCount() == 0
    assert "No meeting" in window.meeting_list.note_label.text()
    assert not window.meeting_list.open_button.isEnabled()
    assert window.action_list.proxy.rowCount() == 0
    assert "No action" in window.action_list.note_label.text()
    assert window.staff_list.proxy.rowCount() == 5
    window.close()


def test_each_list_tells_a_screen_reader_what_it_is(qtbot, demo_store: Store) -> None:
    from tests.ui.accessibility import accessible_description, accessible_name

    window = _window(qtbot, demo_store)
    spoken = {
        accessible_name(listing.table): accessible_description(listing.table)
        for listing in (window.meeting_list, window.action_list, window.staff_list)
    }
    assert spoken == {
        "Meetings": "Enter opens the meeting's window",
        "Actions": "Enter records an update to the action",
        "DBS staff": "Enter edits the person's DBS record",
    }
    window.close()
