"""The DBS register page: columns, status in words and colour, filters, sorting, the audited
reveal, edits by hand, leavers and the re-check policy."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog
from sqlalchemy import select as sql_select

from bscp_monitor.common import settings
from bscp_monitor.data.enums import AuditAction, ContactLevel
from bscp_monitor.data.models import AuditEvent
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import importer as dbs_import
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.ui.dbs.dbs_model import StaffCol
from bscp_monitor.ui.dbs.dbs_staff_dialog import MarkLeftDialog, StaffEditDialog
from bscp_monitor.ui.dbs.dbs_view import DbsView
from bscp_monitor.ui.kit.display import GREEN, RED
from tests.ui.dbs.workbooks import write_scr

TODAY = date.today()


@pytest.fixture
def register(store: Store, tmp_path: Path) -> Store:
    """Two providers: Sunrise (Alice in date, Bob expired, Cara missing) and Oak (Dan)."""
    recent = TODAY - timedelta(days=200)
    rows = [
        ("Alice Smith", "Support worker", "Direct", "001234567890", recent,
         "Enhanced with children's barred list", "Yes"),
        ("Bob Jones", "Driver", "Regular", "123456789012", date(2019, 6, 1),
         "Enhanced barred", "No"),
        ("Cara Mills", "Cook", "None", "", None, "", "No"),
    ]  # fmt: skip
    dbs_import.import_file(store, write_scr(tmp_path / "sunrise.xlsx", rows, note=""), "Sunrise")
    oak = [("Dan Oak", "Mentor", "Direct", "555566667777", recent, "Enhanced barred", "No")]
    dbs_import.import_file(store, write_scr(tmp_path / "oak.xlsx", oak, note=""), "Oak Trust")
    return store


@pytest.fixture
def view(qtbot, register: Store) -> DbsView:
    page = DbsView(register)
    qtbot.addWidget(page)
    return page


def names(view: DbsView) -> list[str]:
    return [r.full_name for r in view.proxy.visible_records()]


def cell(view: DbsView, name: str, column: StaffCol, role: int = Qt.ItemDataRole.DisplayRole):
    row = view.proxy.row_where(lambda r: r.full_name == name)
    assert row is not None
    return view.proxy.index(row, column).data(role)


def select_person(view: DbsView, name: str) -> None:
    record = next(r for r in view.proxy.visible_records() if r.full_name == name)
    assert view.select_record(record.id)


def test_the_register_shows_each_person_with_status_in_words_and_colour(view: DbsView) -> None:
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(view.proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in StaffCol]
    assert headers[:5] == ["Provider", "Name", "Role", "Contact", "Certificate"]
    assert sorted(names(view)) == ["Alice Smith", "Bob Jones", "Cara Mills", "Dan Oak"]
    assert cell(view, "Alice Smith", StaffCol.CERTIFICATE) == "********7890"
    assert cell(view, "Alice Smith", StaffCol.CONTACT) == "Direct"
    assert cell(view, "Alice Smith", StaffCol.UPDATE_SERVICE) == "Yes"
    assert cell(view, "Alice Smith", StaffCol.STATUS) == "In date"
    assert cell(view, "Bob Jones", StaffCol.STATUS) == "Expired"
    assert cell(view, "Cara Mills", StaffCol.STATUS) == "Missing"
    assert cell(view, "Bob Jones", StaffCol.ISSUE) == "01/06/2019"
    background = cell(view, "Bob Jones", StaffCol.STATUS, Qt.ItemDataRole.BackgroundRole)
    assert background.color() == QColor(RED[0])
    green = cell(view, "Alice Smith", StaffCol.STATUS, Qt.ItemDataRole.BackgroundRole)
    assert green.color() == QColor(GREEN[0])
    assert "Expired on" in cell(view, "Bob Jones", StaffCol.STATUS, Qt.ItemDataRole.ToolTipRole)
    assert view.count_label.text() == "4 people · 1 missing · 1 expired · 0 expiring"
    assert view.pages.currentWidget() is not view.empty_page


def test_search_filters_and_sorting_by_real_dates(view: DbsView) -> None:
    view.search_edit.setText("bob")
    assert names(view) == ["Bob Jones"]
    assert view.count_label.text().startswith("1 person · 0 missing · 1 expired")
    view.search_edit.setText("7777")  # the last four digits
    assert names(view) == ["Dan Oak"]
    view.search_edit.clear()
    view.provider_combo.setCurrentIndex(view.provider_combo.findText("Oak Trust"))
    assert names(view) == ["Dan Oak"]
    view.provider_combo.setCurrentIndex(0)
    view.status_combo.setCurrentIndex(view.status_combo.findText("Needs attention"))
    assert sorted(names(view)) == ["Bob Jones", "Cara Mills"]
    view.status_combo.setCurrentIndex(view.status_combo.findText("Missing"))
    assert names(view) == ["Cara Mills"]
    view.status_combo.setCurrentIndex(0)
    view.table.sortByColumn(StaffCol.ISSUE, Qt.SortOrder.AscendingOrder)
    assert names(view)[0] == "Bob Jones"  # 2019 first; no date last
    assert names(view)[-1] == "Cara Mills"
    view.table.sortByColumn(StaffCol.ISSUE, Qt.SortOrder.DescendingOrder)
    assert names(view)[-1] == "Cara Mills"
    assert names(view)[-2] == "Bob Jones"


def test_reveal_shows_the_number_and_is_audited(view: DbsView, register: Store) -> None:
    select_person(view, "Alice Smith")
    assert view.reveal_button.isEnabled()
    assert view.reveal_selected() == "001234567890"
    assert cell(view, "Alice Smith", StaffCol.CERTIFICATE) == "001234567890"
    assert cell(view, "Bob Jones", StaffCol.CERTIFICATE) == "********9012"
    assert not view.reveal_button.isEnabled()
    with register.session() as session:
        events = session.scalars(
            sql_select(AuditEvent).where(AuditEvent.action == AuditAction.REVEAL)
        ).all()
        assert [(e.entity, "Alice Smith" in e.summary) for e in events] == [("staff_member", True)]
    view.refresh()
    assert cell(view, "Alice Smith", StaffCol.CERTIFICATE) == "********7890"


def test_edit_by_hand_persists(
    qtbot, view: DbsView, register: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = next(r for r in view.proxy.visible_records() if r.full_name == "Cara Mills")
    dialog = StaffEditDialog(register, record)
    qtbot.addWidget(dialog)
    dialog.certificate_edit.setText("12345")
    dialog.submit()
    assert "12" in dialog.error.text()
    assert not dialog.error.isHidden()
    assert dialog.result_record is None
    dialog.certificate_edit.setText("9999 8888 7777")
    dialog.role_edit.setText("Head cook")
    dialog.contact_combo.setCurrentIndex(dialog.contact_combo.findData(ContactLevel.OCCASIONAL))
    dialog.issue_edit.set_value(date(2024, 5, 1))
    dialog.expiry_edit.set_value(TODAY + timedelta(days=30))
    dialog.submit()
    assert dialog.result_record is not None
    fresh = Store.open(db_path)
    try:
        [cara] = [s for s in dbs_register.list_staff(fresh) if s.full_name == "Cara Mills"]
        assert (cara.role, cara.contact_level, cara.certificate_number) == (
            "Head cook",
            ContactLevel.OCCASIONAL,
            "999988887777",
        )
        assert cara.status is dbs_register.DbsStatus.EXPIRING
    finally:
        fresh.close()
    # Through the page: the dialog's Save, then the register shows it.
    select_person(view, "Dan Oak")

    def edit_and_save(dialog: StaffEditDialog) -> int:
        dialog.role_edit.setText("Senior mentor")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(StaffEditDialog, "exec", edit_and_save)
    view.edit_selected()
    assert cell(view, "Dan Oak", StaffCol.ROLE) == "Senior mentor"
    assert view.selected_record().full_name == "Dan Oak"


def test_mark_as_left(
    qtbot, view: DbsView, register: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_person(view, "Bob Jones")

    def leave(dialog: MarkLeftDialog) -> int:
        dialog.date_edit.set_value(date(2025, 3, 31))
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(MarkLeftDialog, "exec", leave)
    view.mark_selected_left()
    assert "Bob Jones" not in names(view)
    fresh = Store.open(db_path)
    try:
        assert "Bob Jones" not in [s.full_name for s in dbs_register.list_staff(fresh)]
        [bob] = [
            s
            for s in dbs_register.list_staff(fresh, include_left=True)
            if s.full_name == "Bob Jones"
        ]
        assert bob.left_on == date(2025, 3, 31)
    finally:
        fresh.close()
    view.left_check.setChecked(True)
    assert cell(view, "Bob Jones", StaffCol.NAME) == "Bob Jones (left 31/03/2025)"
    select_person(view, "Bob Jones")
    assert not view.left_button.isEnabled()
    # A date in the future is refused, by the register's rule, in the dialog.
    alice = next(r for r in view.proxy.visible_records() if r.full_name == "Alice Smith")
    dialog = MarkLeftDialog(register, alice)
    qtbot.addWidget(dialog)
    dialog.date_edit.set_value(TODAY + timedelta(days=3))
    dialog.submit()
    assert dialog.error.text() == (
        "The date someone left cannot be in the future: mark them as left on the day."
    )
    assert dialog.result_record is None
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_recheck_policy_is_a_setting_explained(view: DbsView, register: Store) -> None:
    assert view.recheck_spin.value() == 3
    assert "no official expiry" in view.recheck_spin.toolTip()
    assert "Update Service" in view.recheck_spin.toolTip()
    view.recheck_spin.setValue(5)
    assert settings.dbs_recheck_years(register) == 5


def test_an_empty_register_says_how_to_start(qtbot, store: Store) -> None:
    page = DbsView(store)
    qtbot.addWidget(page)
    assert page.pages.currentWidget() is page.empty_page
    assert page.empty_import_button.text() == "Import DBS spreadsheet…"
    assert "drop the file" in page.empty_text.text()
    assert page.filter_bar.isHidden()


def test_the_register_of_one_contract_is_its_providers_staff(qtbot, demo_store) -> None:
    from bscp_monitor.contracts.register import find_contract
    from bscp_monitor.ui.dbs.dbs_view import DbsView

    view = DbsView(demo_store)
    qtbot.addWidget(view)
    view.refresh()
    cse = find_contract(demo_store, "ECHS-CSE-0114")
    assert cse is not None
    index = view.contract_combo.findData(cse.id)
    assert index > 0
    view.contract_combo.setCurrentIndex(index)
    shown = view.proxy.visible_records()
    assert shown
    assert {r.provider_name for r in shown} == {"Barnardo's"}
    view.contract_combo.setCurrentIndex(0)
    view.provider_combo.setCurrentIndex(0)
    assert len(view.proxy.visible_records()) > len(shown)
