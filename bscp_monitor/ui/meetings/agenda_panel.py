"""The agenda of a meeting: numbered items, the safeguarding item marked as mandatory;
adding, renaming (F2 or double-click), reordering (drag and drop, Ctrl+Up / Ctrl+Down, or
the buttons) and removing items, and keeping the agenda as the contract's template."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QDropEvent, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.enums import AgendaKind
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.meetings import agenda
from bscp_monitor.meetings.meetings import AgendaItemRecord, MeetingDetail
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.display import RED
from bscp_monitor.ui.meetings.meeting_widgets import report_error, shield_icon

ID_ROLE = Qt.ItemDataRole.UserRole
MANDATORY_ROLE = Qt.ItemDataRole.UserRole + 1
MANDATORY_TEXT = "Mandatory"


class _AgendaDelegate(QStyledItemDelegate):
    """Numbers each item and draws a 'Mandatory' tag on the safeguarding item."""

    def initStyleOption(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.text = f"{index.row() + 1}.  {option.text}"

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not index.data(MANDATORY_ROLE):
            super().paint(painter, option, index)
            return
        metrics = option.fontMetrics
        tag_width = metrics.horizontalAdvance(MANDATORY_TEXT) + 14
        rect: QRect = option.rect
        style = option.widget.style() if option.widget else None
        if style is not None:  # the row's background (selection) across the whole width
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem,
                option,
                painter,
                option.widget,
            )
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = QRect(rect.x(), rect.y(), rect.width() - tag_width - 8, rect.height())
        super().paint(painter, narrowed, index)
        tag = QRect(
            rect.right() - tag_width - 4,
            rect.center().y() - metrics.height() // 2 - 1,
            tag_width,
            metrics.height() + 2,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(RED[0]))
        painter.drawRoundedRect(tag, 4, 4)
        painter.setPen(QColor(RED[1]))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, MANDATORY_TEXT)
        painter.restore()


class AgendaList(QListWidget):
    """A list whose items are moved by dragging; ``moved(item_id, new_row)`` after a drop."""

    moved = Signal(int, int)
    step_requested = Signal(int)  # Ctrl+Up (-1) or Ctrl+Down (+1)
    remove_requested = Signal()  # Delete

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
        elif event.key() == Qt.Key.Key_Delete and self.state() != self.State.EditingState:
            self.remove_requested.emit()
            event.accept()
        else:
            super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        item = self.currentItem()
        item_id = item.data(ID_ROLE) if item is not None else None
        super().dropEvent(event)
        if item_id is None:
            return
        for row in range(self.count()):
            if self.item(row).data(ID_ROLE) == item_id:
                self.moved.emit(item_id, row)
                return


class AgendaPanel(QWidget):
    """Emits ``item_selected(item_id)`` and ``changed()`` after any stored change."""

    item_selected = Signal(int)
    changed = Signal()

    def __init__(self, store: Store, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.meeting_id = meeting_id
        self.contract_id: int | None = None
        self.locked = False
        self._loading = False
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.list = AgendaList(self)
        self.list.setObjectName("agendaList")
        named(self.list, "Agenda", "Arrow keys choose an item; Ctrl+Up and Ctrl+Down move it")
        self.list.setItemDelegate(_AgendaDelegate(self.list))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setSpacing(1)
        self.list.currentRowChanged.connect(self._current_changed)
        self.list.itemChanged.connect(self._renamed)
        self.list.moved.connect(self.move_to)
        layout.addWidget(self.list, 1)

        self.add_button = QPushButton("Add item…", self)
        self.add_button.clicked.connect(self.add_item)
        self.rename_button = QPushButton("Rename", self)
        self.rename_button.setToolTip("Rename the item (F2)")
        self.rename_button.clicked.connect(self.rename_current)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button = QPushButton("Move up", self)
        self.up_button.setToolTip("Move the item up (Ctrl+Up)")
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button = QPushButton("Move down", self)
        self.down_button.setToolTip("Move the item down (Ctrl+Down)")
        self.down_button.clicked.connect(lambda: self.move_by(1))
        row1 = QHBoxLayout()
        row1.addWidget(self.add_button)
        row1.addWidget(self.rename_button)
        row1.addWidget(self.remove_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.up_button)
        row2.addWidget(self.down_button)
        layout.addLayout(row1)
        layout.addLayout(row2)
        self.save_template_button = QPushButton("Save as contract template", self)
        self.save_template_button.setToolTip(
            "Use this agenda (titles and order) for the contract's future meetings"
        )
        self.save_template_button.clicked.connect(self.save_template)
        self.reset_template_button = QPushButton("Reset to default template", self)
        self.reset_template_button.setToolTip(
            "Future meetings of the contract use the default BSCP agenda again"
        )
        self.reset_template_button.clicked.connect(self.reset_template)
        row3 = QHBoxLayout()
        row3.addWidget(self.save_template_button)
        row3.addWidget(self.reset_template_button)
        layout.addLayout(row3)
        self.hint = QLabel("Drag items, or Ctrl+Up / Ctrl+Down, to reorder.", self)
        self.hint.setObjectName("noteLabel")
        layout.addWidget(self.hint)

        self.list.step_requested.connect(self.move_by)
        self.list.remove_requested.connect(lambda: None if self.locked else self.remove_current())

    # -- loading -----------------------------------------------------------------------------

    def show_meeting(self, detail: MeetingDetail, select_id: int | None = None) -> None:
        self.contract_id = detail.meeting.contract_id
        self.locked = detail.meeting.locked
        keep = select_id if select_id is not None else self.current_id()
        self._loading = True
        try:
            self.list.clear()
            for record in detail.items:
                self.list.addItem(self._list_item(record))
            rows = [r for r in range(self.list.count()) if self.list.item(r).data(ID_ROLE) == keep]
            self.list.setCurrentRow(rows[0] if rows else 0)
        finally:
            self._loading = False
        self.list.setDragDropMode(
            QAbstractItemView.DragDropMode.NoDragDrop
            if self.locked
            else QAbstractItemView.DragDropMode.InternalMove
        )
        for widget in (
            self.add_button,
            self.rename_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.save_template_button,
            self.reset_template_button,
            self.hint,
        ):
            widget.setVisible(not self.locked)
        self._update_buttons()
        current = self.current_id()
        if current is not None:
            self.item_selected.emit(current)

    def _list_item(self, record: AgendaItemRecord) -> QListWidgetItem:
        item = QListWidgetItem(record.title)
        item.setData(ID_ROLE, record.id)
        mandatory = record.mandatory or record.kind is AgendaKind.SAFEGUARDING
        item.setData(MANDATORY_ROLE, mandatory)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.locked:
            flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
        item.setFlags(flags)
        if mandatory:
            item.setIcon(shield_icon())
            item.setToolTip(
                "Mandatory: BSCP standard S5 requires a safeguarding discussion at every "
                "contract monitoring meeting. It cannot be removed."
            )
        return item

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def select_item(self, item_id: int) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == item_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def ids(self) -> list[int]:
        return [self.list.item(r).data(ID_ROLE) for r in range(self.list.count())]

    def _current_changed(self, _row: int) -> None:
        self._update_buttons()
        if not self._loading and (current := self.current_id()) is not None:
            self.item_selected.emit(current)

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        mandatory = bool(item is not None and item.data(MANDATORY_ROLE))
        self.remove_button.setEnabled(not self.locked and item is not None and not mandatory)
        self.remove_button.setToolTip(
            "The safeguarding item cannot be removed (BSCP standard S5)" if mandatory else ""
        )
        row = self.list.currentRow()
        self.up_button.setEnabled(not self.locked and row > 0)
        self.down_button.setEnabled(not self.locked and 0 <= row < self.list.count() - 1)

    # -- changes -----------------------------------------------------------------------------

    def _run(self, title: str, call, select_id: int | None = None) -> bool:
        try:
            call()
        except (UserError, DatabaseError) as exc:
            report_error(self, title, exc)
            self.changed.emit()  # show what is stored
            return False
        self.changed.emit()
        if select_id is not None:
            self.select_item(select_id)
        return True

    def add_item(self) -> None:
        title, ok = QInputDialog.getText(self, "Add agenda item", "Title of the new item:")
        if ok and title.strip():
            new_id: list[int] = []
            if self._run(
                "Add agenda item",
                lambda: new_id.append(agenda.add_item(self._store, self.meeting_id, title)),
            ):
                self.select_item(new_id[0])

    def rename_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not self.locked:
            self.list.editItem(item)

    def _renamed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        item_id = item.data(ID_ROLE)
        self._run(
            "Rename agenda item",
            lambda: agenda.rename_item(self._store, item_id, item.text()),
            item_id,
        )

    def move_by(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if self.locked or row < 0 or not 0 <= target < self.list.count():
            return
        self.move_to(self.current_id(), target)

    def move_to(self, item_id: int | None, new_row: int) -> None:
        if item_id is None:
            return
        self._run("Move agenda item", lambda: agenda.move_item(self._store, item_id, new_row))
        self.select_item(item_id)
        self.list.setFocus()

    def remove_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        if not item.data(MANDATORY_ROLE):
            answer = QMessageBox.question(
                self,
                "Remove agenda item",
                f"Remove '{item.text()}' and what was minuted under it?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        item_id = item.data(ID_ROLE)
        self._run("Remove agenda item", lambda: agenda.remove_item(self._store, item_id))

    def save_template(self) -> None:
        if self._run(
            "Agenda template",
            lambda: agenda.save_as_contract_template(self._store, self.meeting_id),
        ):
            QMessageBox.information(
                self,
                "Agenda template",
                "This agenda is now the contract's template for its future meetings.",
            )

    def reset_template(self) -> None:
        if self.contract_id is not None and self._run(
            "Agenda template",
            lambda: agenda.reset_contract_template(self._store, self.contract_id),
        ):
            QMessageBox.information(
                self,
                "Agenda template",
                "Future meetings of the contract will use the default BSCP agenda.",
            )
