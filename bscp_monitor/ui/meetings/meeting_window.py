"""One contract monitoring meeting: header and workflow, attendees, the agenda and the
editor of the selected item. Everything is stored as it is typed or chosen (one Autosaver
for all typed text, flushed on focus out, item switch, hide and close)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.common.clock import format_local, to_local
from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import MeetingStatus
from bscp_monitor.common.errors import DatabaseError, UserError
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.meetings.actions import ActionRecord
from bscp_monitor.meetings.meetings import MeetingDetail
from bscp_monitor.meetings.recorded import recorded_at_meeting
from bscp_monitor.ui.kit.attachments_panel import AttachmentsPanel
from bscp_monitor.ui.kit.autosave import NOT_CONNECTED, Autosaver
from bscp_monitor.ui.kit.display import AMBER, GREEN, chip_style
from bscp_monitor.ui.kit.focus_memory import (
    FocusMark,
    editing_text,
    focus_mark,
    no_default_buttons,
    refocus,
)
from bscp_monitor.ui.kit.keyboard import install_keyboard_manners
from bscp_monitor.ui.kit.window_registry import WindowRegistry
from bscp_monitor.ui.meetings import meeting_exports
from bscp_monitor.ui.meetings.action_dialog import ActionUpdateDialog, RaiseActionDialog
from bscp_monitor.ui.meetings.agenda_panel import AgendaPanel
from bscp_monitor.ui.meetings.attendees_panel import AttendeesPanel
from bscp_monitor.ui.meetings.item_editor import ItemEditor
from bscp_monitor.ui.meetings.meeting_details_panel import MeetingDetailsPanel
from bscp_monitor.ui.meetings.meeting_hold import HoldKeeper, read_only
from bscp_monitor.ui.meetings.meeting_widgets import (
    MEETING_COLOURS,
    MEETING_STATUS_LABELS,
    report_error,
)
from bscp_monitor.ui.meetings.meetings_model import venue_text
from bscp_monitor.ui.user_guide import add_help_shortcut


class MeetingWindow(QDialog):
    """A non-modal window for one meeting; see ``open_for``."""

    meeting_changed = Signal(int)

    def __init__(self, store: Store, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_keyboard_manners()
        self._store = store
        self.meeting_id = meeting_id
        self.listeners: list[object] = []
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowMinMaxButtonsHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        self.setSizeGripEnabled(True)
        self.setMinimumSize(900, 560)
        self.resize(1280, 720)
        self.detail: MeetingDetail = meetings.get_meeting(store, meeting_id)
        self.autosaver = Autosaver(self._save, parent=self)
        self.autosaver.failed.connect(self._save_failed)
        self._reported: set[str] = set()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(self._build_header())
        self.banner = QLabel(self)
        self.banner.setObjectName("lockedBanner")
        self.banner.setStyleSheet(chip_style(GREEN) + " padding: 6px 10px;")
        self.banner.hide()
        layout.addWidget(self.banner)
        # While the database server is out of reach: typing goes on, nothing is lost.
        self.connection_banner = QLabel(NOT_CONNECTED, self)
        self.connection_banner.setObjectName("connectionBanner")
        self.connection_banner.setStyleSheet(chip_style(AMBER) + " padding: 6px 10px;")
        self.connection_banner.hide()
        layout.addWidget(self.connection_banner)
        self.autosaver.connection.connect(self._connection_changed)
        # One recorder at a time: a colleague's window is read-only (meeting_hold.py).
        self.keeper = HoldKeeper(store, meeting_id, self)
        layout.addWidget(self.keeper.banner)
        if not self.detail.meeting.locked:
            self.keeper.take()
        self.keeper.changed.connect(lambda _holding: self.reload())
        self.keeper.follow.connect(self.reload)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.tabs = QTabWidget(self.splitter)
        self.agenda_panel = AgendaPanel(store, meeting_id, self.tabs)
        self.attendees_panel = AttendeesPanel(store, meeting_id, self.tabs)
        self.details_panel = MeetingDetailsPanel(store, meeting_id, self.autosaver, self.tabs)
        self.tabs.addTab(self.agenda_panel, "Agenda")
        self.tabs.addTab(self.attendees_panel, "Attendees")
        self.tabs.addTab(self.details_panel, "Details")
        papers = QWidget(self.tabs)
        self.papers_for = QComboBox(papers)
        self.papers_for.setAccessibleName("Papers for")
        self.papers_for.setToolTip("The meeting's papers, or those of one agenda item")
        self.papers_panel = AttachmentsPanel(store, "meeting", meeting_id, papers)
        self.papers_panel.setToolTip("Papers for the meeting: named in the minutes")
        papers_layout = QVBoxLayout(papers)
        papers_layout.setContentsMargins(4, 4, 4, 4)
        papers_layout.addWidget(self.papers_for)
        papers_layout.addWidget(self.papers_panel, 1)
        self.papers_for.currentIndexChanged.connect(self._papers_for_changed)
        self.tabs.addTab(papers, "Papers")
        self.editor = ItemEditor(store, self.autosaver, self.splitter)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([560, 720])  # room for attendees' names and roles
        layout.addWidget(self.splitter, 1)

        self.agenda_panel.item_selected.connect(self._item_selected)
        self.agenda_panel.changed.connect(self.reload)
        self.attendees_panel.changed.connect(self.reload)
        self.details_panel.changed.connect(self.reload)
        self.editor.changed.connect(lambda: self.meeting_changed.emit(self.meeting_id))
        self.editor.raise_requested.connect(self.raise_action)
        self.editor.update_requested.connect(self.update_action)
        self.editor.approve_requested.connect(self.approve_previous)
        self._show_detail()
        no_default_buttons(self)
        close = QShortcut(self)  # Ctrl+W, and the platform's own Close keys
        keys = [QKeySequence("Ctrl+W")]
        keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if k not in keys
        ]
        close.setKeys(keys)
        close.setContext(Qt.ShortcutContext.WindowShortcut)
        close.activated.connect(self.close)
        add_help_shortcut(self)  # F1: the user guide

    # -- construction ------------------------------------------------------------------------

    def _build_header(self) -> QVBoxLayout:
        header = QVBoxLayout()
        header.setSpacing(4)
        top = QHBoxLayout()
        self.reference_label = QLabel(self)
        self.reference_label.setStyleSheet("font-size: 18px; font-weight: 700;")
        self.title_label = QLabel(self)
        self.title_label.setStyleSheet("font-size: 16px;")
        self.title_label.setWordWrap(True)
        top.addWidget(self.reference_label)
        top.addWidget(self.title_label, 1)
        self.start_button = QPushButton("Start meeting", self)
        self.start_button.clicked.connect(lambda: self.move_to(MeetingStatus.IN_PROGRESS))
        self.start_button.setToolTip(
            "Start recording the meeting (it can go back to planned while nothing is recorded)"
        )
        self.back_button = QPushButton("Back to planned", self)
        self.back_button.setToolTip("Started by mistake: back to planned (nothing recorded yet)")
        self.back_button.clicked.connect(lambda: self.move_to(MeetingStatus.PLANNED))
        self.draft_button = QPushButton("Mark minutes as draft", self)
        self.draft_button.clicked.connect(lambda: self.move_to(MeetingStatus.DRAFT_MINUTES))
        self.reopen_button = QPushButton("Reopen", self)
        self.reopen_button.setToolTip("Back to 'in progress' to correct the draft minutes")
        self.reopen_button.clicked.connect(lambda: self.move_to(MeetingStatus.IN_PROGRESS))
        self.export_button = QPushButton("Export minutes…", self)
        self.export_button.setToolTip("Save the minutes as a PDF or an editable Word document")
        self.export_button.clicked.connect(self.export_minutes)
        self.send_button = QPushButton("Send minutes…", self)
        self.send_button.setToolTip(
            "An e-mail draft to the attendees with an address, the minutes attached as PDF "
            "and Word, opened in your mail program (nothing is sent until you send it)"
        )
        self.send_button.clicked.connect(self.send_minutes)
        self.invite_button = QPushButton("Calendar invite…", self)
        self.invite_button.setToolTip(
            "A calendar invitation (.ics) to the attendees with an address, opened in your "
            "calendar program to send; a moved meeting's invitation updates the earlier one"
        )
        self.invite_button.clicked.connect(self.calendar_invite)
        self.close_button = QPushButton("Close", self)
        self.close_button.setToolTip("Close this window (Ctrl+W); everything typed is saved")
        self.close_button.clicked.connect(self.close)
        for button in (self.start_button, self.back_button, self.draft_button, self.reopen_button):
            top.addWidget(button)
        top.addWidget(self.export_button)
        top.addWidget(self.send_button)
        top.addWidget(self.invite_button)
        top.addWidget(self.close_button)
        header.addLayout(top)
        facts = QHBoxLayout()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("meetingStatus")
        self.when_label = QLabel(self)
        self.provider_label = QLabel(self)
        self.venue_label = QLabel(self)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("noteLabel")
        for label in (self.status_label, self.when_label, self.provider_label, self.venue_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addWidget(label)
            facts.addSpacing(10)
        facts.addStretch(1)
        facts.addWidget(self.saved_label)
        header.addLayout(facts)
        return header

    # -- showing -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Store pending typing, then show the meeting as it is stored."""
        self.autosaver.flush()
        try:
            self.detail = meetings.get_meeting(self._store, self.meeting_id)
        except (UserError, DatabaseError) as exc:
            report_error(self, "Meeting", exc)
            self.close()
            return
        focused = focus_mark(QApplication.focusWidget(), self)
        self._show_detail()
        self.meeting_changed.emit(self.meeting_id)
        self._refocus(focused)

    def _refocus(self, mark: FocusMark | None) -> None:
        """Focus stays where the user was after an edit (the agenda if the control is gone)."""
        refocus(self, mark, self.agenda_panel.list)

    def _show_detail(self) -> None:
        m = self.detail.meeting
        self.setWindowTitle(f"Meeting {format_local(m.starts_at)} — {m.contract_reference}")
        self.reference_label.setText(m.contract_reference)
        self.title_label.setText(m.contract_title)
        self.status_label.setText(MEETING_STATUS_LABELS[m.status])
        self.status_label.setStyleSheet(chip_style(MEETING_COLOURS[m.status]))
        self.when_label.setText(f"<b>{format_local(m.starts_at)}</b>")
        self.provider_label.setText(f"Provider: <b>{m.provider_name}</b>")
        self.venue_label.setText(("" if m.online else "Venue: ") + venue_text(m))
        self.venue_label.setToolTip(venue_text(m))
        self.start_button.setVisible(m.status is MeetingStatus.PLANNED)
        self.draft_button.setVisible(m.status is MeetingStatus.IN_PROGRESS)
        recorded = (
            recorded_at_meeting(self._store, self.meeting_id)
            if m.status is MeetingStatus.IN_PROGRESS
            else []
        )
        self.back_button.setVisible(m.status is MeetingStatus.IN_PROGRESS and not recorded)
        self.reopen_button.setVisible(m.status is MeetingStatus.DRAFT_MINUTES)
        if m.locked:
            approved = format_date(to_local(m.approved_at).date()) if m.approved_at else ""
            self.banner.setText(f"Approved by {m.approved_by} on {approved} — locked")
            self.banner.show()
        else:
            self.banner.hide()
        shown = self._as_shown(self.detail)
        self.details_panel.show_meeting(shown.meeting)
        self.papers_panel.set_read_only(shown.meeting.locked)
        self._fill_papers_for()
        self.attendees_panel.show_meeting(shown)
        self.agenda_panel.show_meeting(shown)  # re-selects and shows the current item

    def _fill_papers_for(self) -> None:
        """'The meeting' and each agenda item, keeping the choice made."""
        chosen = self.papers_for.currentData()
        self.papers_for.blockSignals(True)
        self.papers_for.clear()
        self.papers_for.addItem("The meeting", f"meeting:{self.meeting_id}")
        for number, item in enumerate(self.detail.items, start=1):
            self.papers_for.addItem(f"{number}. {item.title}", f"agenda_item:{item.id}")
        index = self.papers_for.findData(chosen) if chosen is not None else 0
        self.papers_for.setCurrentIndex(max(index, 0))
        self.papers_for.blockSignals(False)
        self._papers_for_changed()

    def _papers_for_changed(self, *_args: object) -> None:
        owner = self.papers_for.currentData()  # "kind:id"
        if not owner:
            return
        kind, _, number = str(owner).partition(":")
        if (kind, int(number)) != (self.papers_panel.owner_kind, self.papers_panel.owner_id):
            self.papers_panel.set_owner(kind, int(number))

    def _item_selected(self, item_id: int) -> None:
        self.autosaver.flush()
        # The item as stored now: what was typed since the window opened included, and what
        # is typed but waiting for the database (kept, so the next keystroke adds to it).
        self.detail = self._with_pending(meetings.get_meeting(self._store, self.meeting_id))
        items = self.detail.items
        index = next((n for n, i in enumerate(items) if i.id == item_id), None)
        if index is None:
            return
        # As the minutes record them: later progress is not shown here (nor in the PDF).
        raised, carried = actions.minuted_meeting_actions(self._store, self.meeting_id)
        previous = meetings.previous_meeting(self._store, self.meeting_id)
        meeting = self._as_shown(self.detail).meeting
        self.editor.show_item(items[index], index + 1, meeting, raised, carried, previous)

    def _as_shown(self, detail: MeetingDetail) -> MeetingDetail:
        """Read-only while a colleague records the meeting (or the login may only read)."""
        return read_only(detail) if self.keeper.read_only else detail

    def _with_pending(self, detail: meetings.MeetingDetail) -> meetings.MeetingDetail:
        pending = self.autosaver.pending()
        if not pending:
            return detail
        items = []
        for item in detail.items:
            fields: dict[str, Any] = {
                k[2]: v
                for k, v in pending.items()
                if isinstance(k, tuple) and k[0] == "item" and k[1] == item.id
            }
            prompts = tuple(
                replace(p, response=cast(str, pending[("prompt", p.id)]))
                if ("prompt", p.id) in pending
                else p
                for p in item.prompts
            )
            items.append(replace(item, **fields, prompts=prompts))
        return replace(detail, items=tuple(items))

    def select_item(self, item_id: int) -> bool:
        return self.agenda_panel.select_item(item_id)

    # -- saving typed text -------------------------------------------------------------------

    def _save(self, key: object, value: object) -> None:
        assert isinstance(key, tuple)
        assert isinstance(value, str)
        self.keeper.ensure()  # a colleague recording it now: refused, the text kept
        if key[0] == "item":
            agenda.update_item(self._store, key[1], **{key[2]: value})
        elif key[0] == "prompt":
            agenda.update_prompt(self._store, key[1], response=value)
        elif key[0] == "meeting":
            meetings.update_meeting(self._store, self.meeting_id, **{key[1]: value})
        self.saved_label.setText("All changes saved")

    def _connection_changed(self, connected: bool) -> None:
        self.connection_banner.setVisible(not connected)
        if not connected:
            self.saved_label.setText("Not connected — kept, not saved yet")

    def _save_failed(self, _key: object, message: str) -> None:
        if message == NOT_CONNECTED:
            return  # said in the window, not in a box: the recorder keeps typing
        if message not in self._reported:  # one box per distinct problem, not per keystroke
            self._reported.add(message)
            report_error(self, "Not saved", message)

    def flush(self) -> bool:
        return self.autosaver.flush()

    # -- workflow ----------------------------------------------------------------------------

    def move_to(self, target: MeetingStatus) -> bool:
        self.autosaver.flush()
        try:
            meetings.set_status(self._store, self.meeting_id, target)
        except (UserError, DatabaseError) as exc:
            report_error(self, "Meeting status", exc)
            return False
        finally:
            self.reload()
        return True

    def approve_previous(self) -> bool:
        previous = meetings.previous_meeting(self._store, self.meeting_id)
        if previous is None or previous.status is not MeetingStatus.DRAFT_MINUTES:
            return False
        day = format_date(to_local(previous.starts_at).date())
        default = self.detail.meeting.chair or previous.chair
        name, ok = QInputDialog.getText(
            self, "Approve minutes", f"The minutes of {day} are approved by:", text=default
        )
        if not ok:
            return False
        self.autosaver.flush()
        try:
            meetings.approve_minutes(self._store, previous.id, name, self.meeting_id)
        except (UserError, DatabaseError) as exc:
            report_error(self, "Approve minutes", exc)
            return False
        other = WINDOWS.get(previous.id)
        if other is not None:
            other.reload()
        self.reload()
        self.meeting_changed.emit(previous.id)
        return True

    # -- the minutes, e-mail and invitation out of the app (meeting_exports) ---------------

    def export_minutes(self) -> None:
        meeting_exports.export_minutes(self)

    def send_minutes(self) -> Path | None:
        """Write the minutes as an e-mail draft and open it in the user's mail program."""
        return meeting_exports.send_minutes(self)

    def calendar_invite(self) -> Path | None:
        """Write the meeting's invitation (.ics) and open it in the calendar program."""
        return meeting_exports.calendar_invite(self)

    # -- actions -----------------------------------------------------------------------------

    def raise_action(self, item_id: int) -> ActionRecord | None:
        self.autosaver.flush()
        mark = focus_mark(QApplication.focusWidget(), self)  # the dialog takes the keyboard
        item = next(i for i in self.detail.items if i.id == item_id)
        record = RaiseActionDialog.raise_for(
            self,
            self._store,
            self.meeting_id,
            item_id,
            self.attendees_panel.names(),
            item_title=item.title,
        )
        if record is not None:
            self.reload()
        self._refocus(mark)
        return record

    def update_action(self, action: ActionRecord) -> ActionRecord | None:
        self.autosaver.flush()
        mark = focus_mark(QApplication.focusWidget(), self)  # the dialog takes the keyboard
        record = ActionUpdateDialog.record(self, self._store, action.id, self.meeting_id)
        if record is not None:
            self.reload()
        self._refocus(mark)
        return record

    # -- closing -----------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.autosaver.flush()
        super().hideEvent(event)

    def _all_saved(self) -> bool:
        """Save what is pending; if the database cannot take it, say so (the window stays
        open, so nothing typed is lost)."""
        self.autosaver.flush()
        if not self.autosaver.has_pending():
            return True
        report_error(
            self,
            "Not saved yet",
            "What you typed could not be saved yet (the database cannot be written just now), "
            "so the window stays open. It is tried again every few seconds: close the window "
            "once it is saved, or copy your text somewhere safe.",
        )
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._all_saved():
            event.ignore()
            return
        self.keeper.release()
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Escape:
            event.accept()
            if not editing_text(self.focusWidget()):  # typing minutes: Esc keeps the text
                self.close()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # No default button: Enter does the focused widget's own job, never a button's
            # elsewhere in the window (it once started a planned meeting by accident).
            event.accept()
            focused = self.focusWidget()
            if isinstance(focused, QAbstractButton) and focused.isEnabled():
                focused.click()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        no_default_buttons(self)
        super().showEvent(event)
        if not event.spontaneous() and not self.isAncestorOf(self.focusWidget()):
            self.agenda_panel.list.setFocus(Qt.FocusReason.OtherFocusReason)  # not a button

    def done(self, result: int) -> None:  # Esc closes the window: store pending typing first
        if not self._all_saved():
            return
        self.keeper.release()
        WINDOWS.forget(self.meeting_id, self)
        super().done(result)

    @classmethod
    def open_for(cls, parent: QWidget | None, store: Store, meeting_id: int) -> MeetingWindow:
        """Show the meeting's window, reusing the one already open for it."""
        return WINDOWS.open_for(
            meeting_id,
            lambda: cls(store, meeting_id, parent),
            reuse=lambda window: window.store is store,
        )

    @property
    def store(self) -> Store:
        return self._store


#: The meeting windows open now, one per meeting.
WINDOWS: WindowRegistry[MeetingWindow] = WindowRegistry()


def open_window(meeting_id: int) -> MeetingWindow | None:
    """The window open for a meeting, if there is one."""
    return WINDOWS.get(meeting_id)


def open_windows() -> list[MeetingWindow]:
    """Every meeting window open now."""
    return WINDOWS.windows()
