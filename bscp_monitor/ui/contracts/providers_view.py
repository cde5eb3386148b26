"""The Providers page: search, sort, create, edit, archive and restore providers."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.contracts import providers
from bscp_monitor.contracts.providers import ProviderRecord
from bscp_monitor.ui.contracts.provider_dialog import ProviderDialog
from bscp_monitor.ui.contracts.providers_model import ProvidersModel
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.lazy_table import SORT_ROLE
from bscp_monitor.ui.kit.page_heading import page_heading, page_layout
from bscp_monitor.ui.kit.register_page import RegisterPage
from bscp_monitor.ui.kit.role_gate import grey_for_role


class ProvidersView(RegisterPage):
    """All providers in a sortable table, filtered as you type."""

    changed = Signal()
    read_error_title = "Cannot read the providers"
    model: ProvidersModel

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        layout = page_layout(self)
        self.page_title = "Providers"
        layout.addWidget(page_heading("Providers", self))
        intro = QLabel(
            "The organisations delivering contracted services, their safeguarding lead and "
            "their S3 record: BSCP updates and training.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search providers, leads or emails…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search providers")
        self.search.setMinimumWidth(260)
        bar.addWidget(self.search)
        self.show_archived = QCheckBox("Show archived", self)
        bar.addWidget(self.show_archived)
        bar.addStretch(1)
        self.new_button = QPushButton("New provider…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.archive_button = QPushButton("Archive", self)
        for button in (self.new_button, self.edit_button, self.archive_button):
            bar.addWidget(button)
        layout.addLayout(bar)

        self.set_models(ProvidersModel(parent=self), QSortFilterProxyModel(self))
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = named(QTableView(self), "Providers", "Enter edits the provider")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ProvidersModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        layout.addWidget(self.table, 1)
        self.count = self.count_label = QLabel(self)
        layout.addWidget(self.count)

        self.search.textChanged.connect(self._filter)
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        self.new_button.clicked.connect(self.new_provider)
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        grey_for_role(self._store, self.new_button, self.edit_button, self.archive_button)
        self.refresh()
        self._size_columns()

    # -- data --------------------------------------------------------------------------

    def load(self) -> list[ProviderRecord]:
        return providers.list_providers(self._store, self.show_archived.isChecked())

    def show_loaded(self, loaded: list[ProviderRecord]) -> None:
        self.model.set_records(loaded)

    def _size_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(max(header.sectionSize(column) + 12, 90), 320))
        header.setSectionResizeMode(ProvidersModel.NAME, QHeaderView.ResizeMode.Stretch)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.update_count()
        self.update_buttons()

    def count_text(self) -> str:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "provider" if total == 1 else "providers"
        return f"{total} {noun}" if shown == total else f"Showing {shown} of {total} {noun}"

    def selected(self) -> ProviderRecord | None:
        return self.selected_record()

    def select(self, provider_id: int) -> bool:
        return self.select_record(provider_id)

    def update_buttons(self) -> None:
        record = self.selected()
        self.edit_button.setEnabled(record is not None)
        self.archive_button.setEnabled(record is not None)
        self.archive_button.setText(
            "Restore" if record is not None and record.archived else "Archive"
        )

    # -- actions -----------------------------------------------------------------------

    def new_provider(self) -> None:
        record = ProviderDialog.create(self, self._store)
        if record is not None:
            self.search.clear()
            self.refresh()
            self.select(record.id)
            self.changed.emit()

    def edit_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        ProviderDialog.edit(self, self._store, record.id)
        self.refresh()
        self.changed.emit()

    def toggle_archived(self) -> None:
        record = self.selected()
        if record is None:
            return
        archive = not record.archived
        verb = "Archive" if archive else "Restore"
        question = (
            f"Archive {record.name}? It will be hidden from lists; its history is kept "
            "and it can be restored."
            if archive
            else f"Restore {record.name} to the list of providers?"
        )
        if not self.confirm(f"{verb} provider", question):
            return
        self.set_archived(record.id, archive)

    def set_archived(self, provider_id: int, archived: bool) -> bool:
        try:
            providers.set_provider_archived(self._store, provider_id, archived)
        except (UserError, DatabaseError) as exc:
            self.show_error("Cannot archive provider" if archived else "Cannot restore", str(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True

    # Separate methods so tests can answer them without a blocking message box.
    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)
