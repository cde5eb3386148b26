"""Search from the main window (Ctrl+Shift+F): hits in context, Enter opens the meeting at
the item where the words were said; a name opens its contract."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest

from bscp_monitor.data.store import Store
from bscp_monitor.ui.contracts.contract_window import ContractWindow
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.meetings import meeting_window
from bscp_monitor.ui.search_dialog import SearchDialog
from tests.registers import make_contract, meeting_under_way


def test_search_finds_and_opens(qtbot, store: Store, tmp_path: Path) -> None:
    contract = make_contract(store)
    meeting_id = meeting_under_way(store, contract, date(2026, 3, 2),
                                   discussion="The safeguarding policy was reviewed.")  # fmt: skip
    window = MainWindow(store, settings=QSettings(str(tmp_path / "s.ini"),
                                                  QSettings.Format.IniFormat))  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    shortcut = [a for a in window.findChildren(QAction) if a.text() == "&Search…"]
    assert [a.shortcut() for a in shortcut] == [QKeySequence("Ctrl+Shift+F")]
    shortcut[0].trigger()
    dialog = window.findChild(SearchDialog)
    assert dialog is not None
    assert dialog.isVisible()

    QTest.keyClicks(dialog.edit, "safeguard")
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert [h.kind for h in dialog.hits] == ["minutes"]
    assert dialog.table.item(0, 0).text() == "Minutes"
    assert "safeguarding policy" in dialog.table.item(0, 2).text()
    assert dialog.count_label.text() == "1 found"
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    opened = meeting_window.open_window(meeting_id)
    assert opened is not None
    qtbot.addWidget(opened)
    assert opened.agenda_panel.current_id() == dialog.hits[0].agenda_item_id

    dialog.edit.setText("ECHS-CSE-0114")
    dialog.run()
    assert dialog.hits[0].kind == "contract"
    contract_window = dialog.open_hit(0)
    assert isinstance(contract_window, ContractWindow)
    qtbot.addWidget(contract_window)

    dialog.edit.setText("nothing like it")
    dialog.run()
    assert dialog.table.rowCount() == 0
    assert dialog.count_label.text() == "Nothing found for “nothing like it”."
