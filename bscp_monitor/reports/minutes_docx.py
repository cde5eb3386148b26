"""Minutes of a contract monitoring meeting as an editable Word document: the same content in
the same order as the PDF (minutes_pdf) -- both take their words from minutes_content -- in
real Word styles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bscp_monitor.data.enums import AgendaKind, Attendance
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions as actions_service
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.actions import ActionRecord
from bscp_monitor.meetings.meetings import AgendaItemRecord, MeetingDetail, MeetingSummary
from bscp_monitor.meetings.minuted_metrics import MeetingValue, meeting_values
from bscp_monitor.papers.attachments import AttachmentRecord, meeting_papers
from bscp_monitor.reports import docx_layout as w
from bscp_monitor.reports import minutes_content as c
from bscp_monitor.reports.docx_layout import CONCERN_FILL, RAG_FILLS, DocFurniture


def export_minutes_docx(store: Store, meeting_id: int, path: Path) -> Path:
    """Write the minutes of a meeting to ``path`` (.docx); raise UserError on any problem."""
    detail = meetings.get_meeting(store, meeting_id)
    raised, carried = actions_service.minuted_meeting_actions(store, meeting_id)
    doc = minutes_document(
        detail,
        raised,
        carried,
        meeting_values(store, meeting_id),
        meetings.previous_meeting(store, meeting_id),
        meeting_papers(store, meeting_id),
    )
    return w.save(doc, Path(path))


def minutes_document(
    detail: MeetingDetail,
    raised: list[ActionRecord],
    carried: list[ActionRecord],
    metric_values: list[MeetingValue] | None = None,
    previous: MeetingSummary | None = None,
    papers: list[AttachmentRecord] | None = None,
) -> Any:
    m = detail.meeting
    doc = w.new_document(
        DocFurniture(footer_left=c.footer(m), draft=not m.locked),
        title=c.document_title(m),
        author=m.minute_taker,
        subject="Minutes of a contract monitoring meeting",
    )
    doc.add_paragraph(c.TITLE, style="Title")
    w.muted(doc, c.subtitle(m))
    table = doc.add_table(rows=0, cols=2)
    for key, value in c.facts(m):
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(key).bold = True
        cells[1].text = w.clean(value)
    w.fix_widths(table, [40, 134])

    for attendance, label in c.ATTENDANCE_GROUPS:
        people = c.attendance_rows(detail, attendance)
        if not people and attendance is Attendance.ABSENT:
            continue
        w.heading(doc, label, 2)
        if not people:
            w.muted(doc, "None recorded.")
            continue
        w.data_table(doc, ["Name", "Organisation", "Role"], people, [60, 62, 52])
    if papers:
        w.heading(doc, "Papers", 2)
        w.data_table(doc, ["Paper", "Size", "For"], c.paper_rows(detail, papers), [87, 22, 65])

    for number, item in enumerate(detail.items, start=1):
        w.heading(doc, f"{number}. {item.title}", 1)
        agreed = c.agreed_record(m, item, previous)
        if agreed:
            doc.add_paragraph(agreed)
        _item(doc, item, number, raised, carried, detail, metric_values)

    w.heading(doc, "Action log", 1)
    w.muted(doc, c.ACTION_LOG_INTRO)
    every = c.minuted_actions(raised, carried)
    if every:
        _table(doc, c.action_rows(every, c.as_of(m)), [31, 55, 36, 23, 29], (3, 4), red=(3, 4))
    else:
        w.muted(doc, "No actions.")
    following, approval = c.closing_lines(m)
    if following:
        doc.add_paragraph(following)
    w.bold_line(doc, approval)
    return doc


def _table(
    doc: Any,
    rows: c.Rows,
    widths: list[float],
    columns: tuple[int, ...] = (-1,),
    red: tuple[int, ...] = (),
    bold: bool = False,
) -> None:
    """A shared table's rows, each marked row shaded in ``columns`` (-1: the whole row) and,
    for a concern or an overdue action, its ``red`` columns in red (``bold`` too), as in the
    PDF."""
    fills = {
        (row, column): CONCERN_FILL if mark == "concern" else RAG_FILLS[mark]
        for row, mark in rows.marked.items()
        for column in columns
    }
    table = w.data_table(doc, rows.header, rows.rows, widths, fills=fills)
    for row, mark in rows.marked.items():
        if mark != "concern":
            continue
        for column in red:
            for paragraph in table.rows[row].cells[column].paragraphs:
                for run in paragraph.runs:
                    run.bold = bold or None
                    run.font.color.rgb = w.RED


def _item(
    doc: Any,
    item: AgendaItemRecord,
    number: int,
    raised: list[ActionRecord],
    carried: list[ActionRecord],
    detail: MeetingDetail,
    metric_values: list[MeetingValue] | None,
) -> None:
    wrote = False
    if item.kind is AgendaKind.PERFORMANCE and metric_values:
        w.heading(doc, c.METRICS_HEADING, 2)
        _table(doc, c.metric_rows(metric_values), [70, 30, 26, 26, 22], columns=(4,))
        wrote = True
    if item.kind is AgendaKind.ACTIONS_REVIEW:
        if carried:
            w.heading(doc, c.CARRIED_HEADING, 2)
            _table(doc, c.carried_rows(carried), [29, 38, 24, 23, 21, 39])
        else:
            w.muted(doc, c.NO_CARRIED)
        wrote = True
    following = c.next_meeting_line(item, detail.meeting.next_meeting_on)
    if following:
        doc.add_paragraph(following)
        wrote = True
    if item.kind is AgendaKind.SAFEGUARDING:
        found = c.safeguarding(item, number)
        w.bold_line(doc, found.headline)
        if found.table.rows:
            _table(doc, found.table, [13, 64, 72, 25], red=(3,), bold=True)
        if found.not_discussed:
            w.muted(doc, found.not_discussed)
        wrote = True
    if item.discussion.strip():
        w.heading(doc, "Discussion", 2)
        w.paragraphs(doc, item.discussion)
        wrote = True
    if item.decisions.strip():
        w.heading(doc, "Decisions", 2)
        w.paragraphs(doc, item.decisions)
        wrote = True
    mine = [a for a in raised if a.agenda_item_id == item.id]
    if mine:
        w.heading(doc, "Actions", 2)
        for a in mine:
            doc.add_paragraph(w.clean(c.action_line(a)), style="List Bullet")
        wrote = True
    if not wrote:
        w.muted(doc, c.NOTHING_RECORDED)
