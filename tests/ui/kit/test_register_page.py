"""The register page base: refresh keeps the selection, the count line, a database failure
said once with what is shown kept, and Ctrl+F to the search box."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from bscp_monitor.common.errors import DatabaseError
from bscp_monitor.ui.kit.lazy_table import Column, LazyFilterProxy, LazyTableModel
from bscp_monitor.ui.kit.register_page import RegisterPage, table_with_count


@dataclass(frozen=True)
class Item:
    id: int
    name: str


class ItemsModel(LazyTableModel):
    columns = (Column("Name", lambda item: item.name),)


class ItemsProxy(LazyFilterProxy):
    def accepts(self, record: Item) -> bool:
        search = self.filters.get("search")
        return not search or search in record.name.casefold()


class ItemsPage(RegisterPage):
    read_error_title = "Cannot read the items"

    def __init__(self, items: list[Item]) -> None:
        super().__init__()
        self.items = items
        self.failure: DatabaseError | None = None
        self.set_models(ItemsModel(parent=self), ItemsProxy(self))
        self.open_button = QPushButton("Open")
        top = self.heading_row("Items", self.open_button)
        self.make_search("Search", self._search, 100, 300)
        self.make_table(0, Qt.SortOrder.AscendingOrder, [], None)
        table_page, self.count_label = table_with_count(self.table)
        self.lay_out(top, self.search_edit, table_page)
        self.refresh()

    def _search(self, text: str) -> None:
        self.proxy.set_filter("search", text.casefold())
        self.update_count()

    def load(self) -> list[Item]:
        if self.failure is not None:
            raise self.failure
        return list(self.items)

    def show_loaded(self, loaded: list[Item]) -> None:
        self.model.set_records(loaded)

    def count_text(self) -> str:
        return f"{self.proxy.rowCount()} of {self.model.total_count()} items"

    def update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_record() is not None)


@pytest.fixture
def page(qtbot) -> ItemsPage:
    page = ItemsPage([Item(1, "Beech"), Item(2, "Ash"), Item(3, "Cedar")])
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_refresh_keeps_the_selection_and_counts(page: ItemsPage) -> None:
    assert page.count_label.text() == "3 of 3 items"
    assert not page.open_button.isEnabled()
    assert page.record_at(0).name == "Ash"  # sorted by name
    assert page.select_record(3)
    assert page.selected_id() == 3
    assert page.open_button.isEnabled()
    page.items.append(Item(4, "Alder"))
    page.refresh()
    assert page.count_label.text() == "4 of 4 items"
    assert page.selected_record() == Item(3, "Cedar")
    assert not page.select_record(99)
    page.refresh(select_id=4)
    assert page.selected_id() == 4


def test_a_filtered_out_record_cannot_be_selected(page: ItemsPage) -> None:
    page.search_edit.setText("ash")
    assert page.count_label.text() == "1 of 3 items"
    assert not page.select_record(1)
    assert page.select_record(2)


def test_a_database_failure_is_said_once_and_what_is_shown_stays(
    page: ItemsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[tuple[str, str]] = []

    def warning(_parent: QWidget, title: str, text: str) -> None:
        said.append((title, text))

    monkeypatch.setattr(QMessageBox, "warning", warning)
    page.select_record(1)
    page.failure = DatabaseError("The database is busy: try again in a moment.")
    page.items.clear()
    page.refresh()
    assert said == [("Cannot read the items", "The database is busy: try again in a moment.")]
    assert page.model.total_count() == 3
    assert page.selected_id() == 1


def test_find_goes_to_the_search_box(qtbot, page: ItemsPage) -> None:
    page.table.setFocus()
    page.search_edit.setText("cedar")
    QTest.keySequence(page.table, "Ctrl+F")
    assert page.search_edit.hasFocus()
    assert page.search_edit.selectedText() == "cedar"
