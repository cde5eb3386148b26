"""S2 clause checklist: every edit made in the widget is stored at once and survives reopening."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from bscp_monitor.contracts import clauses
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import ClauseStatus
from bscp_monitor.data.store import Store
from bscp_monitor.standards import CLAUSE_ELEMENTS
from bscp_monitor.ui.contracts.clause_checklist import ClauseChecklist


def _checklist(qtbot, store: Store, reference: str = "ECHS-CSE-0114") -> ClauseChecklist:
    contract = contracts.find_contract(store, reference)
    assert contract is not None
    widget = ClauseChecklist(store, contract.id)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _select_status(widget: ClauseChecklist, number: int, status: ClauseStatus) -> None:
    combo = widget.row(number).status
    combo.setCurrentIndex(combo.findData(status.value))


def test_shows_the_ten_elements_with_their_stored_state(qtbot, demo_store: Store) -> None:
    widget = _checklist(qtbot, demo_store)
    assert widget.summary.text() == "8 of 10 present · 2 partial · 0 missing"
    for number, element in enumerate(CLAUSE_ELEMENTS, start=1):
        row = widget.row(number)
        assert element.title in row.title.text()
        assert row.title.toolTip() == element.text
    assert widget.row(6).status.currentText() == "Partial"
    assert widget.row(1).status.currentText() == "Present"
    assert widget.row(1).clause_ref.text().startswith("Schedule 2, cl. 14")


def test_edit_persists_across_a_new_store(qtbot, demo_store: Store, db_path: Path) -> None:
    """Acceptance: status to Missing and a clause reference, typed in the widget, survive."""
    contract_id = contracts.find_contract(demo_store, "ECHS-CSE-0114").id
    widget = _checklist(qtbot, demo_store)
    with qtbot.waitSignal(widget.changed):
        _select_status(widget, 3, ClauseStatus.MISSING)
    assert widget.summary.text() == "7 of 10 present · 2 partial · 1 missing"
    assert "Missing" in widget.row(3).status.currentText()

    ref = widget.row(3).clause_ref
    ref.clear()
    qtbot.keyClicks(ref, "Schedule 4, cl. 2.1")
    qtbot.keyClick(ref, Qt.Key.Key_Return)  # editing finished: stored now
    assert not widget.has_pending()
    widget.close()
    demo_store.close()

    reopened = Store.open(db_path)
    try:
        row = clauses.clause_checklist(reopened, contract_id)[2]
        assert row.status is ClauseStatus.MISSING
        assert row.clause_ref == "Schedule 4, cl. 2.1"
        assert row.checked_on == date.today()  # a status change dates the check
    finally:
        reopened.close()


def test_typing_is_stored_after_a_pause(qtbot, demo_store: Store) -> None:
    contract_id = contracts.find_contract(demo_store, "ECHS-CSE-0114").id
    widget = _checklist(qtbot, demo_store)
    qtbot.keyClicks(widget.row(5).note, "Policy dated 2023")
    assert widget.has_pending()

    def stored() -> None:
        assert clauses.clause_checklist(demo_store, contract_id)[4].note == "Policy dated 2023"

    qtbot.waitUntil(stored, timeout=3000)
    assert not widget.has_pending()


def test_hiding_the_widget_stores_pending_typing(qtbot, demo_store: Store) -> None:
    contract_id = contracts.find_contract(demo_store, "ECHS-CSE-0114").id
    widget = _checklist(qtbot, demo_store)
    qtbot.keyClicks(widget.row(7).note, "Cascaded at team meeting")
    assert widget.has_pending()
    widget.hide()
    assert clauses.clause_checklist(demo_store, contract_id)[6].note == "Cascaded at team meeting"


def test_status_change_shows_todays_date_and_colour_word(qtbot, demo_store: Store) -> None:
    widget = _checklist(qtbot, demo_store, "ECHS-SB-0305")  # element 3 not yet assessed
    row = widget.row(3)
    assert row.status.currentText() == "Not yet assessed"
    assert row.checked_on.value() is None
    _select_status(widget, 3, ClauseStatus.PARTIAL)
    assert row.checked_on.value() == date.today()
    assert "#fff3cd" in row.status.styleSheet()  # amber, beside the word "Partial"
    assert row.status.currentText() == "Partial"


def test_a_future_check_date_is_refused_inline(qtbot, demo_store: Store) -> None:
    contract_id = contracts.find_contract(demo_store, "ECHS-CSE-0114").id
    widget = _checklist(qtbot, demo_store)
    before = clauses.clause_checklist(demo_store, contract_id)[0].checked_on
    widget.row(1).checked_on.set_value(date.today() + timedelta(days=3))
    assert widget.error.isVisible()
    assert "future" in widget.error.text()
    assert clauses.clause_checklist(demo_store, contract_id)[0].checked_on == before
    assert widget.row(1).checked_on.value() == before  # shows what is really stored
