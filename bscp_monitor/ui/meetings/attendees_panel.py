"""Who attends a meeting: name, organisation, role, attendance (present, apologies,
absent) and e-mail address (remembered per person), with people seen at the contract's
earlier meetings offered for quick adding."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.database import Store
from bscp_monitor.common.enums import Attendance
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.meetings import AttendeeRecord
from bscp_monitor.ui.kit.accessible import named
from bscp_monitor.ui.kit.keyboard import move_focus
from bscp_monitor.ui.meetings.meeting_widgets import ATTENDANCE_LABELS, report_error

_Index = QModelIndex | QPersistentModelIndex
NAME, ORGANISATION, ROLE, ATTENDANCE, EMAIL = range(5)
HEADERS = ("Name", "Organisation", "Role", "Attendance", "E-mail")
ATTENDANCE_WIDTH = 104
FIELDS = ("name", "organisation", "role", "attendance", "email")


class AttendeesModel(QAbstractTableModel):
    """Attendees of one meeting; edits are stored at once through the core."""

    failed = Signal(str)
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[AttendeeRecord] = []
        self.locked = False

    def set_records(self, records: tuple[AttendeeRecord, ...] | list[AttendeeRecord]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def record(self, row: int) -> AttendeeRecord:
        return self._rows[row]

    def records(self) -> list[AttendeeRecord]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if self.locked else base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (a.name, a.organisation, a.role, ATTENDANCE_LABELS[a.attendance], a.email)
            return values[index.column()]
        if role == Qt.ItemDataRole.EditRole:
            return (a.name, a.organisation, a.role, a.attendance, a.email)[index.column()]
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.locked:
            return False
        a = self._rows[index.row()]
        field = FIELDS[index.column()]
        if field == "attendance":
            value = Attendance(value)
        if getattr(a, field) == value:
            return False
        try:
            meetings.update_attendee(self._store, a.id, **{field: value})
        except (UserError, DatabaseError) as exc:
            self.failed.emit(str(exc))
            return False
        clean = value.strip() if isinstance(value, str) else value
        self._rows[index.row()] = AttendeeRecord(
            **{**a.__dict__, field: clean}  # frozen dataclass: build the new row
        )
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True


class AttendanceDelegate(QStyledItemDelegate):
    """A combo box (Present / Apologies / Absent) that stores the choice as soon as it's made."""

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: _Index
    ) -> QWidget:
        combo = QComboBox(parent)
        # Not a Tab stop of its own (Tab leaves the table): the table hands it the keys
        # typed on an attendance cell (AttendeesPanel.eventFilter).
        combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        combo.setAccessibleName(f"Attendance of {index.sibling(index.row(), NAME).data()}")
        for attendance, label in ATTENDANCE_LABELS.items():
            combo.addItem(label, attendance)
        combo.currentIndexChanged.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        """Tab on an attendance drop-down leaves the table (Qt would move to the next cell
        and keep the keyboard in the table for ever)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QComboBox):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                forward = event.key() == Qt.Key.Key_Tab and not (
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                view = self.parent()
                assert isinstance(view, QWidget)
                move_focus(view, forward)
                return True
        return super().eventFilter(editor, event)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        blocked = editor.blockSignals(True)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))
        editor.blockSignals(blocked)

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AttendeesPanel(QWidget):
    changed = Signal()

    def __init__(self, store: Store, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.meeting_id = meeting_id
        self.contract_id: int | None = None
        self._known: list[tuple[str, str, str]] = []
        self.model = AttendeesModel(store, self)
        self.model.failed.connect(lambda m: report_error(self, "Attendees", m))
        self.model.changed.connect(self.changed)
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setItemDelegateForColumn(ATTENDANCE, AttendanceDelegate(self.table))
        self.table.setAccessibleName("Attendees")
        self.table.setAccessibleDescription(
            "Arrow keys move between attendees; on Attendance, type P, A or the first letter "
            "of a choice, or press Space to open the list"
        )
        self.table.installEventFilter(self)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        # Every column shares the panel's width (no sideways scrolling); long text is cut in
        # the middle with the whole in the tooltip; the attendance drop-down keeps its room.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # set by fit_columns
        self.table.viewport().installEventFilter(self)  # refit when the panel is resized
        layout.addWidget(self.table, 3)

        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Name")
        self.organisation_edit = QLineEdit(self)
        self.organisation_edit.setPlaceholderText("Organisation")
        self.role_edit = QLineEdit(self)
        self.role_edit.setPlaceholderText("Role")
        self.email_edit = QLineEdit(self)
        self.email_edit.setPlaceholderText("E-mail (for minutes and invitations)")
        self.attendance_combo = named(QComboBox(self), "Attendance")
        for attendance, label in ATTENDANCE_LABELS.items():
            self.attendance_combo.addItem(label, attendance)
        self.add_button = QPushButton("Add", self)
        self.add_button.clicked.connect(self.add_from_fields)
        self.name_edit.returnPressed.connect(self.add_from_fields)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.activated.connect(self._completed)
        self.name_edit.setCompleter(self.completer)
        row1 = QHBoxLayout()
        row1.addWidget(self.name_edit, 3)
        row1.addWidget(self.organisation_edit, 3)
        row1.addWidget(self.email_edit, 3)
        row2 = QHBoxLayout()
        row2.addWidget(self.role_edit, 3)
        row2.addWidget(self.attendance_combo, 1)
        row2.addWidget(self.add_button)
        self.add_row = QWidget(self)
        add_layout = QVBoxLayout(self.add_row)
        add_layout.setContentsMargins(0, 0, 0, 0)
        add_layout.setSpacing(4)
        add_layout.addLayout(row1)
        add_layout.addLayout(row2)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        layout.addLayout(remove_row)
        layout.addWidget(self.add_row)

        self.known_label = QLabel("Seen at earlier meetings — double-click to add", self)
        self.known_label.setObjectName("noteLabel")
        self.known_list = QListWidget(self)
        self.known_list.setObjectName("knownPeople")
        named(self.known_list, "Seen at earlier meetings", "Enter adds the person chosen")
        self.known_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.known_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.known_list.itemActivated.connect(self._add_known)
        self.quick_add_button = QPushButton("Add selected person", self)
        self.quick_add_button.clicked.connect(
            lambda: self._add_known(self.known_list.currentItem())
        )
        layout.addWidget(self.known_label)
        layout.addWidget(self.known_list, 2)
        quick = QHBoxLayout()
        quick.addStretch(1)
        quick.addWidget(self.quick_add_button)
        layout.addLayout(quick)

    def fit_columns(self) -> None:
        """Columns sized to what they hold within the panel's width (no sideways scroll):
        the attendance drop-down its room, names whole first, then organisation, role and
        e-mail, each cut in the middle (whole in the tooltip) only when there is no room."""
        metrics = self.table.fontMetrics()
        room = self.table.viewport().width() - ATTENDANCE_WIDTH
        wanted = {}
        for column in (NAME, ORGANISATION, ROLE, EMAIL):
            texts = [HEADERS[column]] + [
                str(self.model.index(row, column).data() or "")
                for row in range(self.model.rowCount())
            ]
            wanted[column] = max(metrics.horizontalAdvance(t) for t in texts) + 18
        widths = dict(wanted)
        over = sum(widths.values()) - room
        for column in (EMAIL, ROLE, ORGANISATION, NAME):  # the last to give way: the name
            if over <= 0:
                break
            floor = 60 if column != NAME else min(wanted[NAME], 140)
            give = min(over, max(widths[column] - floor, 0))
            widths[column] -= give
            over -= give
        spare = room - sum(widths.values())
        if spare > 0:
            widths[ROLE] += spare
        for column, width in widths.items():
            self.table.setColumnWidth(column, max(width, 40))
        self.table.setColumnWidth(ATTENDANCE, ATTENDANCE_WIDTH)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
            return False
        return self._attendance_keys(watched, event)

    def _attendance_keys(self, watched: QObject, event: QEvent) -> bool:
        """Keys typed on an attendance cell go to its drop-down (Space, F2 or Alt+Down
        open it; a letter picks the choice starting with it)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            index = self.table.currentIndex()
            combo = self.table.indexWidget(index) if index.isValid() else None
            if isinstance(combo, QComboBox) and index.column() == ATTENDANCE:
                key = event.key()
                opens = key in (Qt.Key.Key_Space, Qt.Key.Key_F2) or (
                    key == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
                )
                if opens:
                    combo.setFocus()
                    combo.showPopup()
                    return True
                if (
                    event.text().isalpha()
                    and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
                ):
                    combo.setFocus()
                    QApplication.sendEvent(combo, event)
                    return True
        return QWidget.eventFilter(self, watched, event)

    # -- loading -----------------------------------------------------------------------------

    def show_meeting(self, detail: meetings.MeetingDetail) -> None:
        self.contract_id = detail.meeting.contract_id
        locked = detail.meeting.locked
        focused = self._focused_attendee()  # the reset below deletes the row's drop-down
        self.model.locked = locked
        self.model.set_records(detail.attendees)
        for row in range(self.model.rowCount()):
            index = self.model.index(row, ATTENDANCE)
            if locked:
                self.table.closePersistentEditor(index)
            else:
                self.table.openPersistentEditor(index)
        self.fit_columns()
        if focused is not None:  # focus stays where the user was, not the window's top
            self._focus_attendee(*focused)
        self._load_known(detail)
        for widget in (self.add_row, self.remove_button):
            widget.setVisible(not locked)
        if locked:
            for widget in (self.known_label, self.known_list, self.quick_add_button):
                widget.hide()

    def _focused_attendee(self) -> tuple[int, bool] | None:
        """(attendee id, on its drop-down) if the keyboard is in the table, else None."""
        focus = QApplication.focusWidget()
        if focus is None or not (focus is self.table or self.table.isAncestorOf(focus)):
            return None
        index = self.table.indexAt(focus.pos()) if focus is not self.table else None
        if index is None or not index.isValid():
            index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(index.row()).id, focus is not self.table

    def _focus_attendee(self, attendee_id: int, on_editor: bool) -> None:
        row = next(
            (n for n in range(self.model.rowCount()) if self.model.record(n).id == attendee_id),
            None,
        )
        if row is None:
            return
        index = self.model.index(row, ATTENDANCE if on_editor else NAME)
        self.table.setCurrentIndex(index)
        editor = self.table.indexWidget(index) if on_editor else None
        (editor or self.table).setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_known(self, detail: meetings.MeetingDetail) -> None:
        here = {a.name.casefold() for a in detail.attendees}
        known = meetings.known_people(self._store, detail.meeting.contract_id, self.meeting_id)
        self._known = [p for p in known if p[0].casefold() not in here]
        self.known_list.clear()
        for name, organisation, role in self._known:
            text = name + (f" — {organisation}" if organisation else "")
            item = QListWidgetItem(text + (f" ({role})" if role else ""))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, (name, organisation, role))
            self.known_list.addItem(item)
        self.completer.model().setStringList([p[0] for p in known])  # type: ignore[attr-defined]
        self._all_known = {p[0].casefold(): p for p in known}
        visible = bool(self._known)
        self.known_label.setVisible(visible)
        self.known_list.setVisible(visible)
        self.quick_add_button.setVisible(visible)

    def _completed(self, name: str) -> None:
        person = self._all_known.get(name.casefold())
        if person is not None:
            self.organisation_edit.setText(person[1])
            self.role_edit.setText(person[2])
            self.email_edit.setText(meetings.remembered_email(self._store, person[0]))

    # -- changes -----------------------------------------------------------------------------

    def add(
        self,
        name: str,
        organisation: str = "",
        role: str = "",
        attendance: Attendance = Attendance.PRESENT,
        email: str = "",
    ) -> bool:
        """Add someone; with no e-mail typed, the one remembered for them is used."""
        try:
            meetings.add_attendee(
                self._store, self.meeting_id, name, organisation, role, attendance,
                email=email or None,
            )  # fmt: skip
        except (UserError, DatabaseError) as exc:
            report_error(self, "Add attendee", exc)
            return False
        self.changed.emit()
        return True

    def add_from_fields(self) -> None:
        if self.add(
            self.name_edit.text(),
            self.organisation_edit.text(),
            self.role_edit.text(),
            self.attendance_combo.currentData(),
            self.email_edit.text(),
        ):
            for edit in (self.name_edit, self.organisation_edit, self.role_edit, self.email_edit):
                edit.clear()
            self.attendance_combo.setCurrentIndex(0)
            self.name_edit.setFocus()

    def _add_known(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            name, organisation, role = item.data(Qt.ItemDataRole.UserRole)
            self.add(name, organisation, role)

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        try:
            meetings.remove_attendee(self._store, self.model.record(rows[0].row()).id)
        except (UserError, DatabaseError) as exc:
            report_error(self, "Remove attendee", exc)
            return
        self.changed.emit()

    def names(self) -> list[tuple[str, str]]:
        """(name, organisation) of every attendee, for offering action owners."""
        return [(a.name, a.organisation) for a in self.model.records()]
