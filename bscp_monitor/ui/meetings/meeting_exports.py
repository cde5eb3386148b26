"""What leaves the meeting window for other programs: the minutes exported as PDF or
Word, the minutes as an e-mail draft opened in the mail program, and the meeting's
calendar invitation. Each stores pending typing first."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.errors import UserError
from bscp_monitor.common.wording import counted
from bscp_monitor.meetings import meetings
from bscp_monitor.reports import calendar_ics, minutes_docx, minutes_email, minutes_pdf
from bscp_monitor.ui.meetings.meeting_widgets import report_error

if TYPE_CHECKING:
    from bscp_monitor.ui.meetings.meeting_window import MeetingWindow

MINUTES_PDF = "PDF documents (*.pdf)"
MINUTES_DOCX = "Word documents (*.docx)"


def minutes_file_name(m: meetings.MeetingSummary) -> str:
    day = to_local(m.starts_at).strftime("%d-%m-%Y")
    return f"Minutes {m.contract_reference} {day}.pdf"


def export_minutes(window: MeetingWindow) -> None:
    window.autosaver.flush()
    m = window.detail.meeting
    folder = QSettings().value("meetings/export_folder", str(Path.home()))
    default = str(Path(str(folder)) / minutes_file_name(m))
    file_name, chosen = QFileDialog.getSaveFileName(
        window, "Export minutes", default, f"{MINUTES_PDF};;{MINUTES_DOCX}"
    )
    if not file_name:
        return
    path = Path(file_name)
    wanted = ".docx" if chosen == MINUTES_DOCX else ".pdf"
    if path.suffix.lower() not in (".pdf", ".docx"):
        path = (
            path.with_suffix(path.suffix + wanted) if path.suffix else path.with_suffix(wanted)
        )
    try:
        if path.suffix.lower() == ".docx":
            minutes_docx.export_minutes_docx(window.store, window.meeting_id, path)
        else:
            minutes_pdf.export_minutes(window.store, window.meeting_id, path)
    except (UserError, OSError) as exc:
        report_error(window, "Export minutes", exc)
        return
    QSettings().setValue("meetings/export_folder", str(path.parent))
    window.saved_label.setText(f"Minutes exported to {path.name}")

def send_minutes(window: MeetingWindow) -> Path | None:
    """Write the minutes as an e-mail draft and open it in the user's mail program."""
    window.autosaver.flush()
    folder = Path(tempfile.mkdtemp(prefix="bscp-mail-"))
    path = folder / f"{minutes_email.minutes_file_stem(window.detail)}.eml"
    try:
        draft = minutes_email.write_minutes_email(window.store, window.meeting_id, path)
    except (UserError, OSError) as exc:
        report_error(window, "Send minutes", exc)
        return None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    if draft.to:
        window.saved_label.setText(
            f"E-mail draft to {counted(len(draft.to), 'attendee')} opened in your mail program"
        )
    else:
        window.saved_label.setText(
            "E-mail draft opened: no attendee has an e-mail address, so add the recipients"
        )
    return path

def calendar_invite(window: MeetingWindow) -> Path | None:
    """Write the meeting's invitation (.ics) and open it in the calendar program."""
    window.autosaver.flush()
    folder = Path(tempfile.mkdtemp(prefix="bscp-invite-"))
    m = window.detail.meeting
    name = f"Meeting {m.contract_reference} {to_local(m.starts_at):%d-%m-%Y}.ics"
    path = folder / name.replace("/", "-")
    try:
        calendar_ics.write_calendar(
            calendar_ics.meeting_invitation(window.store, window.meeting_id), path
        )
    except (UserError, OSError) as exc:
        report_error(window, "Calendar invite", exc)
        return None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    window.saved_label.setText("Calendar invitation opened in your calendar program")
    return path
