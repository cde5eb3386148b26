"""The Actions page: the model and proxy, filters, overdue highlighting, the update, raise and
edit dialogs, and exporting what the filters show to XLSX and PDF."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import ActionStatus, MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.meetings.actions import ActionRecord
from bscp_monitor.reports.action_log import COLUMNS
from bscp_monitor.ui.kit.lazy_table import SORT_ROLE
from bscp_monitor.ui.meetings import actions_model
from bscp_monitor.ui.meetings.action_dialog import (
    ActionEditDialog,
    ActionUpdateDialog,
    RaiseActionDialog,
)
from bscp_monitor.ui.meetings.actions_model import (
    NOT_CLOSED,
    ActionCol,
    ActionsFilterProxy,
    ActionsTableModel,
)
from bscp_monitor.ui.meetings.actions_view import (
    DOCX_FILTER,
    EMPTY_TEXT,
    PDF_FILTER,
    XLSX_FILTER,
    ActionsView,
)

MODE = QAbstractItemModelTester.FailureReportingMode.Fatal
CSE = "ECHS-CSE-0114"


def _cell(model, row: int, column: ActionCol, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def _refs(view: ActionsView) -> list[str]:
    return [_cell(view.proxy, row, ActionCol.REF) for row in range(view.proxy.rowCount())]


def _by_ref(store: Store) -> dict[str, ActionRecord]:
    return {r.ref: r for r in actions.list_actions(store)}


def _view(qtbot, store: Store) -> ActionsView:
    view = ActionsView(store)
    qtbot.addWidget(view)
    return view


def _meetings(store: Store) -> dict[MeetingStatus, int]:
    cse = contracts.find_contract(store, CSE)
    return {m.status: m.id for m in meetings.list_meetings(store, cse.id)}


def _accept_with(fill):
    """A stand-in for QDialog.exec that drives the dialog's widgets and presses the button."""

    def fake_exec(dialog) -> int:
        fill(dialog)
        dialog.buttons.accepted.emit()
        return dialog.result()

    return fake_exec


# -- the model and the proxy ---------------------------------------------------------------


def test_demo_holds_the_actions_this_file_relies_on(demo_store: Store, today: date) -> None:
    records = actions.list_actions(demo_store)
    assert len(records) >= 5
    assert {r.contract_reference for r in records} == {CSE}
    statuses = [r.status for r in records]
    assert ActionStatus.DONE in statuses
    assert ActionStatus.IN_PROGRESS in statuses
    overdue = [r for r in records if r.overdue(today)]
    assert {r.status for r in overdue} == {ActionStatus.OPEN, ActionStatus.IN_PROGRESS}


def test_model_and_proxy_pass_the_model_tester(qtbot, demo_store: Store) -> None:
    model = ActionsTableModel(actions.list_actions(demo_store))
    QAbstractItemModelTester(model, MODE)
    proxy = ActionsFilterProxy()
    proxy.setSourceModel(model)
    QAbstractItemModelTester(proxy, MODE)
    proxy.set_search_text("joanne")
    proxy.set_status(NOT_CLOSED)
    proxy.sort(ActionCol.DUE, Qt.SortOrder.DescendingOrder)
    proxy.set_overdue_only(True)
    model.set_records(actions.list_actions(demo_store))
    assert [proxy.record_at(r).owner for r in range(proxy.rowCount())] == ["Joanne Pryce"]
    proxy.set_overdue_only(False)
    model.replace_record(dataclasses.replace(model.record_at(0), owner="Someone else"))


def test_model_loads_rows_in_batches_and_sorts_them_all(qtbot, demo_store: Store) -> None:
    base = actions.list_actions(demo_store)[0]
    many = [
        dataclasses.replace(base, id=n, ref=f"X/A{n:03d}", due_on=date(2030, 1, 1) + timedelta(n))
        for n in range(1, 251)
    ]
    model = ActionsTableModel(many)
    assert model.rowCount() == actions_model.BATCH_SIZE
    model.fetchMore()
    assert model.rowCount() == 200
    model.sort(ActionCol.DUE, Qt.SortOrder.DescendingOrder)
    assert model.record_at(0).id == 250  # a row not fetched before sorting
    model.fetch_all()
    assert model.rowCount() == 250
    assert not model.canFetchMore()
    QAbstractItemModelTester(model, MODE)


def test_sorting_by_due_date_is_by_date_not_text(qtbot, demo_store: Store) -> None:
    view = _view(qtbot, demo_store)
    view.table.sortByColumn(ActionCol.DUE, Qt.SortOrder.AscendingOrder)
    dues = [view.proxy.record_at(r).due_on for r in range(view.proxy.rowCount())]
    texts = [_cell(view.proxy, r, ActionCol.DUE) for r in range(view.proxy.rowCount())]
    assert dues == sorted(dues)
    assert texts != sorted(texts)  # dd/mm/yyyy text would sort differently
    assert _cell(view.proxy, 0, ActionCol.DUE, SORT_ROLE)[0] == dues[0]
    view.table.sortByColumn(ActionCol.DUE, Qt.SortOrder.DescendingOrder)
    assert [view.proxy.record_at(r).due_on for r in range(view.proxy.rowCount())] == sorted(
        dues, reverse=True
    )


def test_overdue_rows_are_highlighted_and_say_so(qtbot, demo_store: Store, today) -> None:
    model = ActionsTableModel(actions.list_actions(demo_store), today=today)
    seen_overdue = seen_closed = seen_plain = False
    for row in range(model.rowCount()):
        record = model.record_at(row)
        due_text = _cell(model, row, ActionCol.DUE)
        background = _cell(model, row, ActionCol.ACTION, Qt.ItemDataRole.BackgroundRole)
        font = _cell(model, row, ActionCol.DUE, Qt.ItemDataRole.FontRole)
        tooltip = _cell(model, row, ActionCol.DUE, Qt.ItemDataRole.ToolTipRole)
        if record.overdue(today):
            seen_overdue = True
            assert due_text == f"{record.due_on:%d/%m/%Y} (overdue)"
            assert background is not None
            assert background.color() == actions_model.OVERDUE_BACKGROUND
            assert font is not None
            assert font.bold()
            assert tooltip.startswith("Overdue: due ")
        else:
            assert "overdue" not in due_text
            assert background is None
            assert font is None
            assert not tooltip
        if record.closed:
            seen_closed = True
            foreground = _cell(model, row, ActionCol.REF, Qt.ItemDataRole.ForegroundRole)
            assert foreground.color() == actions_model.CLOSED_FOREGROUND
            assert _cell(model, row, ActionCol.COMPLETED) == f"{record.completed_on:%d/%m/%Y}"
        elif not record.overdue(today):
            seen_plain = True
            assert _cell(model, row, ActionCol.REF, Qt.ItemDataRole.ForegroundRole) is None
    assert seen_overdue
    assert seen_closed
    assert seen_plain


def test_cells_show_words_and_dd_mm_yyyy(qtbot, demo_store: Store) -> None:
    model = ActionsTableModel(actions.list_actions(demo_store))
    first = model.record_at(0)
    assert _cell(model, 0, ActionCol.REF) == first.ref == f"{CSE}/A{first.id:03d}"
    assert _cell(model, 0, ActionCol.CONTRACT) == CSE
    assert _cell(model, 0, ActionCol.RAISED) == f"{first.meeting_date:%d/%m/%Y}"
    assert _cell(model, 0, ActionCol.STATUS) == "Done"
    assert _cell(model, 0, ActionCol.LATEST) == first.updates[-1].note
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in ActionCol] == [
        "Ref", "Contract", "Raised", "Action", "Owner", "Organisation", "Due", "Status",
        "Completed", "Latest update",
    ]  # fmt: skip


# -- the page's filters --------------------------------------------------------------------


def test_filters_give_the_right_rows(qtbot, demo_store: Store, today: date) -> None:
    view = _view(qtbot, demo_store)
    everything = actions.list_actions(demo_store)
    all_refs = {r.ref for r in everything}
    overdue = {r.ref for r in everything if r.overdue(today)}
    assert set(_refs(view)) == all_refs
    assert view.count_label.text() == (
        f"Showing {len(everything)} of {len(everything)} actions · {len(overdue)} overdue"
    )

    other = contracts.find_contract(demo_store, "ECHS-DA-0221")
    view.contract_combo.setCurrentIndex(view.contract_combo.findData(other.id))
    assert _refs(view) == []
    assert view.count_label.text().startswith(f"Showing 0 of {len(everything)} actions")
    cse = contracts.find_contract(demo_store, CSE)
    view.contract_combo.setCurrentIndex(view.contract_combo.findData(cse.id))
    assert set(_refs(view)) == all_refs

    QTest.keyClicks(view.owner_edit, "JOANNE")
    joanne = {r.ref for r in everything if "joanne" in r.owner.lower()}
    assert joanne
    assert set(_refs(view)) == joanne
    view.owner_edit.clear()

    view.status_combo.setCurrentIndex(view.status_combo.findText("Done"))
    assert set(_refs(view)) == {r.ref for r in everything if r.status is ActionStatus.DONE}
    view.status_combo.setCurrentIndex(view.status_combo.findText("In progress"))
    assert set(_refs(view)) == {r.ref for r in everything if r.status is ActionStatus.IN_PROGRESS}
    view.status_combo.setCurrentIndex(view.status_combo.findText("Not closed"))
    assert set(_refs(view)) == {r.ref for r in everything if not r.closed}

    view.status_combo.setCurrentIndex(0)
    view.overdue_check.setChecked(True)
    assert len(overdue) == 2
    assert set(_refs(view)) == overdue
    assert view.count_label.text() == f"Showing 2 of {len(everything)} actions · 2 overdue"
    view.overdue_check.setChecked(False)

    QTest.keyClicks(view.search_edit, "lado")
    assert [view.proxy.record_at(0).description] == [
        r.description for r in everything if "lado" in r.description.lower()
    ]
    view.search_edit.clear()
    QTest.keyClicks(view.search_edit, "a002")
    assert _refs(view) == [f"{CSE}/A002"]


def test_empty_database_says_how_actions_arise(qtbot, store: Store) -> None:
    view = _view(qtbot, store)
    assert view.pages.currentWidget() is view.empty_page
    assert view.empty_label.text() == EMPTY_TEXT
    assert view.export_button.isHidden()


# -- updating, raising and editing ---------------------------------------------------------


def test_update_dialog_records_progress_and_the_row_refreshes(
    qtbot, demo_store: Store, db_path: Path, monkeypatch, today: date
) -> None:
    view = _view(qtbot, demo_store)
    view.overdue_check.setChecked(True)
    target = next(r for r in actions.list_actions(demo_store) if r.overdue(today))
    assert view.select_record(target.id)
    yesterday = today - timedelta(days=1)

    def fill(dialog: ActionUpdateDialog) -> None:
        assert dialog.completed_edit.isHidden()  # not done yet: no completion date asked
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("Done"))
        assert not dialog.completed_edit.isHidden()
        assert dialog.completed_edit.isEnabled()
        assert dialog.completed_edit.value() == today
        dialog.completed_edit.set_value(yesterday)
        QTest.keyClicks(dialog.note_edit, "Finished; evidence seen.")

    monkeypatch.setattr(ActionUpdateDialog, "exec", _accept_with(fill))
    view.update_button.click()

    reopened = Store.open(db_path)
    try:
        saved = actions.get_action(reopened, target.id)
    finally:
        reopened.close()
    assert saved.status is ActionStatus.DONE
    assert saved.completed_on == yesterday
    assert saved.updates[-1].note == "Finished; evidence seen."
    assert saved.updates[-1].meeting_id is None
    # No longer overdue: it leaves the "Overdue only" list; without the filter it shows done.
    assert target.ref not in _refs(view)
    view.overdue_check.setChecked(False)
    row = view.proxy.row_of(target.id)
    assert _cell(view.proxy, row, ActionCol.STATUS) == "Done"
    assert _cell(view.proxy, row, ActionCol.COMPLETED) == f"{yesterday:%d/%m/%Y}"
    assert _cell(view.proxy, row, ActionCol.LATEST) == "Finished; evidence seen."
    assert _cell(view.proxy, row, ActionCol.DUE, Qt.ItemDataRole.BackgroundRole) is None


def test_update_dialog_shows_errors_inline_and_stores_nothing(
    qtbot, demo_store: Store, today: date
) -> None:
    approved = _meetings(demo_store)[MeetingStatus.APPROVED]
    target = next(r for r in actions.list_actions(demo_store) if not r.closed)
    dialog = ActionUpdateDialog(None, demo_store, target.id, at_meeting_id=approved)
    qtbot.addWidget(dialog)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("Dropped"))
    assert not dialog.submit()
    assert not dialog.error.isHidden()
    assert "approved" in dialog.error.text()
    assert actions.get_action(demo_store, target.id) == target


def test_update_dialog_record_returns_the_action_at_a_meeting(
    qtbot, demo_store: Store, monkeypatch
) -> None:
    draft = _meetings(demo_store)[MeetingStatus.DRAFT_MINUTES]
    target = next(r for r in actions.list_actions(demo_store) if r.status is ActionStatus.OPEN)

    def fill(dialog: ActionUpdateDialog) -> None:
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("In progress"))
        dialog.note_edit.setPlainText("Started.")

    monkeypatch.setattr(ActionUpdateDialog, "exec", _accept_with(fill))
    record = ActionUpdateDialog.record(None, demo_store, target.id, draft)
    assert record is not None
    assert record.status is ActionStatus.IN_PROGRESS
    assert record.updates[-1].meeting_id == draft
    assert record.completed_on is None


def test_raise_action_dialog(qtbot, demo_store: Store, db_path: Path, monkeypatch) -> None:
    planned = _meetings(demo_store)[MeetingStatus.PLANNED]
    dialog = RaiseActionDialog(None, demo_store, planned, None, ["Tom Ellery", "Joanne Pryce"])
    qtbot.addWidget(dialog)
    assert [dialog.owner_combo.itemText(i) for i in range(dialog.owner_combo.count())] == [
        "Tom Ellery",
        "Joanne Pryce",
    ]
    assert dialog.owner_combo.currentText() == ""
    assert not dialog.submit()
    assert dialog.error.text() == "Describe the action."
    before = len(actions.list_actions(demo_store))

    due = date.today() + timedelta(days=30)

    def fill(d: RaiseActionDialog) -> None:
        QTest.keyClicks(d.description_edit, "Send the exploitation audit")
        d.owner_combo.setCurrentIndex(1)
        QTest.keyClicks(d.organisation_edit, "Barnardo's")
        d.due_edit.set_value(due)

    monkeypatch.setattr(RaiseActionDialog, "exec", _accept_with(fill))
    record = RaiseActionDialog.raise_for(
        None, demo_store, planned, None, owners=["Tom Ellery", "Joanne Pryce"]
    )
    assert record is not None
    reopened = Store.open(db_path)
    try:
        saved = actions.get_action(reopened, record.id)
        assert len(actions.list_actions(reopened)) == before + 1
    finally:
        reopened.close()
    assert (saved.description, saved.owner, saved.owner_organisation, saved.due_on) == (
        "Send the exploitation audit",
        "Joanne Pryce",
        "Barnardo's",
        due,
    )
    assert saved.status is ActionStatus.OPEN
    assert saved.meeting_id == planned


def test_edit_dialog_changes_owner_and_due_and_keeps_approved_wording(
    qtbot, demo_store: Store, monkeypatch
) -> None:
    view = _view(qtbot, demo_store)
    approved = _meetings(demo_store)[MeetingStatus.APPROVED]
    target = next(r for r in actions.list_actions(demo_store) if r.meeting_id == approved)
    assert view.select_record(target.id)
    new_due = target.due_on + timedelta(days=7)

    def fill(dialog: ActionEditDialog) -> None:
        dialog.owner_edit.setText("Ruth Campbell")
        dialog.due_edit.set_value(new_due)

    monkeypatch.setattr(ActionEditDialog, "exec", _accept_with(fill))
    view.edit_button.click()
    saved = actions.get_action(demo_store, target.id)
    assert (saved.owner, saved.due_on, saved.description) == (
        "Ruth Campbell",
        new_due,
        target.description,
    )
    assert _cell(view.proxy, view.proxy.row_of(target.id), ActionCol.OWNER) == "Ruth Campbell"

    dialog = ActionEditDialog(None, demo_store, target.id)
    qtbot.addWidget(dialog)
    dialog.description_edit.setPlainText("Reworded")
    assert not dialog.submit()
    assert "approved minutes" in dialog.error.text()
    assert actions.get_action(demo_store, target.id).description == target.description


# -- exporting -----------------------------------------------------------------------------


def _save_as(monkeypatch, path: Path, chosen_filter: str = XLSX_FILTER) -> list[str]:
    asked: list[str] = []

    def get_save_file_name(_parent, _caption, _directory, filters, *_args, **_kwargs):
        asked.append(filters)
        return str(path), chosen_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return asked


def _warnings(monkeypatch) -> list[str]:
    shown: list[str] = []

    def warning(_parent, _title, text, *_args, **_kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


def test_export_xlsx_holds_what_the_filters_show(
    qtbot, demo_store: Store, tmp_path: Path, monkeypatch, today: date
) -> None:
    trap = next(r for r in actions.list_actions(demo_store) if r.ref.endswith("A005"))
    actions.edit_action(demo_store, trap.id, description='=HYPERLINK("http://x","y")')
    view = _view(qtbot, demo_store)
    cse = contracts.find_contract(demo_store, CSE)
    view.contract_combo.setCurrentIndex(view.contract_combo.findData(cse.id))
    view.status_combo.setCurrentIndex(view.status_combo.findText("Not closed"))
    shown = view.proxy.matching_records()
    target = tmp_path / "log.xlsx"
    asked = _save_as(monkeypatch, target)
    warnings = _warnings(monkeypatch)

    assert view.export() == target
    assert asked == [f"{XLSX_FILTER};;{PDF_FILTER};;{DOCX_FILTER}"]
    assert warnings == []
    assert str(target) in view.message_label.text()

    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]] == [name for name, _width in COLUMNS]
    assert sheet.max_row == len(shown) + 1
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{len(shown) + 1}"
    assert CSE in sheet.oddFooter.left.text
    assert "not closed" in sheet.oddFooter.left.text
    by_ref = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    assert set(by_ref) == {r.ref for r in shown}
    for record in shown:
        row = by_ref[record.ref]
        due = sheet.cell(row=row, column=8)
        assert isinstance(due.value, datetime)
        assert due.value.date() == record.due_on
        assert due.number_format == "DD/MM/YYYY"
        raised = sheet.cell(row=row, column=3)
        assert raised.value is None or raised.value.date() == record.meeting_date
        assert sheet.cell(row=row, column=6).value == record.owner
        assert sheet.cell(row=row, column=9).value == actions.STATUS_LABELS[record.status]
        assert sheet.cell(row=row, column=11).value == ("Yes" if record.overdue(today) else "No")
    formula = sheet.cell(row=by_ref[trap.ref], column=5)
    assert formula.value == '=HYPERLINK("http://x","y")'
    assert formula.data_type == "s"


def test_export_pdf(qtbot, demo_store: Store, tmp_path: Path, monkeypatch) -> None:
    view = _view(qtbot, demo_store)
    view.overdue_check.setChecked(True)
    shown = view.proxy.matching_records()
    target = tmp_path / "log"  # no extension: the chosen filter decides
    _save_as(monkeypatch, target, PDF_FILTER)
    warnings = _warnings(monkeypatch)
    assert view.export() == tmp_path / "log.pdf"
    assert warnings == []
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "log.pdf").pages)
    assert "OFFICIAL-SENSITIVE" in text
    assert "Page 1 of 1" in text
    assert "overdue only" in text
    for record in shown:
        assert record.ref in text
    hidden = [r for r in actions.list_actions(demo_store) if r not in shown]
    assert hidden
    assert all(r.ref not in text for r in hidden)


@pytest.mark.parametrize("name", ["file.txt/x.xlsx", "file.txt/x.pdf", "log.csv"])
def test_export_failure_shows_one_message_and_writes_nothing(
    qtbot, demo_store: Store, tmp_path: Path, monkeypatch, name: str
) -> None:
    (tmp_path / "file.txt").write_text("a regular file")
    before = sorted(p for p in tmp_path.rglob("*") if "home" not in p.parts)
    view = _view(qtbot, demo_store)
    _save_as(monkeypatch, tmp_path / name)
    warnings = _warnings(monkeypatch)
    assert view.export() is None
    assert len(warnings) == 1
    assert "Traceback" not in warnings[0]
    assert (tmp_path / "file.txt").read_text() == "a regular file"
    after = sorted(p for p in tmp_path.rglob("*") if "home" not in p.parts)
    new = [p for p in after if p not in before and not p.name.startswith("register.sqlite3")]
    assert new == []
    assert view.message_label.text() == ""


def test_cancelling_the_export_does_nothing(qtbot, demo_store: Store, monkeypatch) -> None:
    view = _view(qtbot, demo_store)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: ("", "")))
    warnings = _warnings(monkeypatch)
    assert view.export() is None
    assert warnings == []


def test_dialog_cancel_returns_none(qtbot, demo_store: Store, monkeypatch) -> None:
    target = actions.list_actions(demo_store)[0]
    monkeypatch.setattr(ActionUpdateDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    assert ActionUpdateDialog.record(None, demo_store, target.id) is None
    assert actions.get_action(demo_store, target.id) == target


def test_history_dates_an_update_made_after_midnight_in_summer_by_london_time() -> None:
    from datetime import UTC, datetime

    from bscp_monitor.data.enums import ActionStatus
    from bscp_monitor.meetings.actions import ActionRecord, ActionUpdateRecord
    from bscp_monitor.ui.meetings.action_dialog import history_text

    just_after_midnight = datetime(2025, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
    update = ActionUpdateRecord(just_after_midnight, None, None, ActionStatus.IN_PROGRESS, "")
    record = ActionRecord(
        1, "X/A001", 1, "X", None, None, None, "", "Do it", "Ann", "", None,
        ActionStatus.IN_PROGRESS, None, (update,),
    )  # fmt: skip
    assert history_text(record).startswith("02/07/2025: ")
