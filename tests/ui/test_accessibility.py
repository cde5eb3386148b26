"""A screen reader and a keyboard user in every window: each focusable control of every page
of the main window, every tab of a contract's and a meeting's window and the main dialogs has
an accessible name, as QAccessible gives it to a screen reader (its label, or a name set for
it; a drop-down's label, never only the choice it shows), and Tab reaches it from the
window's first control, in reading order (top to bottom, left to right in a row, a panel's
controls together). The S1-S6 headers say their names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from bscp_monitor.compliance.portfolio import STANDARD_TITLES
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.ui.kit.keyboard import install_keyboard_manners
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.pages import SECTIONS
from tests.ui.accessibility import (
    accessible_name,
    describe,
    focusable_controls,
    out_of_reading_order,
    tab_pages,
    unreachable_controls,
)

CONTRACT = "ECHS-CSE-0114"


def _labelled(widget: QWidget) -> bool:
    """A drop-down reads its current choice as its name on Linux and its label only through
    a relation to a label whose buddy it is (seen or not): it needs one."""
    if not isinstance(widget, QComboBox):
        return True
    interface = QAccessible.queryAccessibleInterface(widget)
    labels = interface.relations(QAccessible.Relation.Label)
    return any(label.text(QAccessible.Text.Name).strip() for label, _relation in labels)


def problems(qtbot, window: QWidget, where: str) -> list[str]:
    found = [
        f"{where}: no accessible name: {describe(w)}"
        for w in focusable_controls(window)
        if not accessible_name(w) or not _labelled(w)
    ]
    found += [f"{where}: Tab never reaches {d}" for d in unreachable_controls(qtbot, window)]
    found += [f"{where}: {d}" for d in out_of_reading_order(qtbot, window)]
    return found


def every_tab(qtbot, window: QWidget, where: str) -> list[str]:
    found = problems(qtbot, window, where)
    for tabs, index in tab_pages(window):
        if not tabs.isVisible():
            continue
        tabs.setCurrentIndex(index)
        found += problems(qtbot, window, f"{where} / {tabs.tabText(index)}")
    return found


@pytest.fixture
def main_window(qtbot, demo_store: Store, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(demo_store, settings=settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_every_page_of_the_main_window(qtbot, main_window: MainWindow) -> None:
    found: list[str] = []
    for index, name in enumerate(SECTIONS):
        main_window.show_section(index)
        found += every_tab(qtbot, main_window, name)
    assert not found, "\n".join(found)


def test_every_tab_of_a_contract_window(qtbot, demo_store: Store) -> None:
    from bscp_monitor.ui.contracts.contract_window import ContractWindow

    install_keyboard_manners()
    contract = contracts.find_contract(demo_store, CONTRACT)
    window = ContractWindow.open_for(None, demo_store, contract.id)
    window.show()
    qtbot.waitExposed(window)
    try:
        found = every_tab(qtbot, window, "Contract window")
        assert not found, "\n".join(found)
    finally:
        window.close()


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.DRAFT_MINUTES])
def test_every_tab_of_a_meeting_window(qtbot, demo_store: Store, status: MeetingStatus) -> None:
    from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

    install_keyboard_manners()
    meeting = next(m for m in meetings.list_meetings(demo_store) if m.status is status)
    window = MeetingWindow.open_for(None, demo_store, meeting.id)
    window.show()
    qtbot.waitExposed(window)
    found: list[str] = []
    try:
        items = window.findChild(QWidget, "agendaList")
        for row in range(items.count()):  # every agenda item's editor
            items.setCurrentRow(row)
            found += every_tab(qtbot, window, f"Meeting ({status.value}), item {row + 1}")
    finally:
        window.close()
    assert not found, "\n".join(found)


def _dialogs(store: Store) -> dict[str, Callable[[], QDialog]]:
    from bscp_monitor.meetings import metrics, thematic_checks
    from bscp_monitor.ui.contracts.contract_dialog import ContractDialog
    from bscp_monitor.ui.contracts.provider_dialog import ProviderDialog
    from bscp_monitor.ui.contracts.self_assessments_panel import SelfAssessmentDialog
    from bscp_monitor.ui.contracts.variation_dialog import VariationDialog
    from bscp_monitor.ui.dbs.dbs_import_dialog import DbsImportDialog
    from bscp_monitor.ui.dbs.dbs_purge_dialog import PurgeLeaversDialog
    from bscp_monitor.ui.dbs.dbs_staff_dialog import MarkLeftDialog, StaffEditDialog
    from bscp_monitor.ui.meetings.action_dialog import (
        ActionEditDialog,
        ActionUpdateDialog,
        RaiseActionDialog,
    )
    from bscp_monitor.ui.meetings.schedule_dialog import ScheduleMeetingDialog
    from bscp_monitor.ui.quality.metric_dialog import LibraryDialog, MetricDialog, RecordValueDialog
    from bscp_monitor.ui.quality.thematic_dialog import (
        FollowUpActionDialog,
        OutcomeDialog,
        PlanCheckDialog,
    )
    from bscp_monitor.ui.user_guide import UserGuideWindow

    contract = contracts.find_contract(store, CONTRACT)
    person = dbs_register.list_staff(store, provider_id=contract.provider_id)[0]
    action = actions.list_actions(store)[0]
    meeting = meetings.list_meetings(store, contract.id)[0]
    metric = metrics.list_metrics(store, contract.id)[0]
    check = thematic_checks.list_checks(store)[0]
    return {
        "New contract": lambda: ContractDialog(None, store),
        "Edit contract": lambda: ContractDialog(None, store, contract.id, date.today()),
        "New provider": lambda: ProviderDialog(store),
        "Variation": lambda: VariationDialog(store, contract.id),
        "Self-assessment": lambda: SelfAssessmentDialog(store, contract.provider_id),
        "Import DBS": lambda: DbsImportDialog(store),
        "Purge leavers": lambda: PurgeLeaversDialog(store),
        "Edit DBS record": lambda: StaffEditDialog(store, person),
        "Mark as left": lambda: MarkLeftDialog(store, person),
        "Update action": lambda: ActionUpdateDialog(None, store, action.id),
        "Edit action": lambda: ActionEditDialog(None, store, action.id),
        "Raise action": lambda: RaiseActionDialog(None, store, meeting.id, None),
        "Schedule meeting": lambda: ScheduleMeetingDialog(store, contract.id),
        "New metric": lambda: MetricDialog(None, store, contract.id),
        "Plan thematic check": lambda: PlanCheckDialog(
            None, store, contracts.list_contracts(store), contract.id
        ),
        "Metric library": lambda: LibraryDialog(None, store, contract.id),
        "Record a value": lambda: RecordValueDialog(None, store, metric),
        "Thematic check outcome": lambda: OutcomeDialog(None, store, check),
        "Follow-up action": lambda: FollowUpActionDialog(None, store, check),
        "User guide": lambda: UserGuideWindow(),
    }


def test_the_main_dialogs(qtbot, demo_store: Store) -> None:
    install_keyboard_manners()
    found: list[str] = []
    for name, make in _dialogs(demo_store).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        found += every_tab(qtbot, dialog, name)
        dialog.reject()
    assert not found, "\n".join(found)


def test_the_standard_headers_say_their_names(main_window: MainWindow) -> None:
    table = main_window.dashboard.table
    model = table.model()
    header = QAccessible.queryAccessibleInterface(table)
    assert header is not None
    named = {}
    for column in range(model.columnCount()):
        code = model.headerData(column, Qt.Orientation.Horizontal)
        if code in STANDARD_TITLES:
            tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            spoken = model.headerData(
                column, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole
            )
            assert tip == spoken == f"{code} {STANDARD_TITLES[code]}"
            named[code] = spoken
    assert named["S4"] == "S4 DBS records"
    assert len(named) == 6


def test_a_rating_says_its_word_and_reason_to_a_screen_reader(main_window: MainWindow) -> None:
    """RAG is never colour alone: a rating cell reads as its word, and its reason (the
    tooltip) is its accessible description."""
    table = main_window.dashboard.table
    model = table.model()
    s4 = next(
        column
        for column in range(model.columnCount())
        if model.headerData(column, Qt.Orientation.Horizontal) == "S4"
    )
    for row in range(model.rowCount()):
        index = model.index(row, s4)
        word = index.data()
        assert word in ("Red", "Amber", "Green")
        said = index.data(Qt.ItemDataRole.AccessibleDescriptionRole)
        assert said == index.data(Qt.ItemDataRole.ToolTipRole)
        assert said.startswith(f"S4 DBS records — {word}\n")
        assert len(said.splitlines()[1]) > 10  # the reason, in words
