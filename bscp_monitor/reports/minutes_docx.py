"""Minutes of a contract monitoring meeting as an editable Word document: the same content in
the same order as the PDF (minutes_pdf), in real Word styles."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from bscp_monitor.common.clock import format_local, to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.wording import counted
from bscp_monitor.data.enums import AgendaKind, Attendance
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions as actions_service
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.actions import ActionRecord
from bscp_monitor.meetings.meetings import AgendaItemRecord, MeetingDetail, MeetingSummary
from bscp_monitor.meetings.metric_periods import format_value
from bscp_monitor.meetings.minuted_metrics import MeetingValue, meeting_values
from bscp_monitor.papers.attachments import AttachmentRecord, meeting_papers
from bscp_monitor.reports import docx_layout as w
from bscp_monitor.reports.docx_layout import CONCERN_FILL, RAG_FILLS, DocFurniture
from bscp_monitor.reports.minutes_pdf import (
    MINUTES_ITEM,
    answered_prompts,
    approved_here,
    paper_rows,
)


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


def _day(moment: datetime) -> str:
    return format_date(to_local(moment).date())


def minutes_document(
    detail: MeetingDetail,
    raised: list[ActionRecord],
    carried: list[ActionRecord],
    metric_values: list[MeetingValue] | None = None,
    previous: MeetingSummary | None = None,
    papers: list[AttachmentRecord] | None = None,
) -> Any:
    m = detail.meeting
    as_of = min(to_local(m.starts_at).date(), date.today())  # overdue as at the meeting
    doc = w.new_document(
        DocFurniture(
            footer_left=f"{m.contract_reference} · Minutes of {_day(m.starts_at)}",
            draft=not m.locked,
        ),
        title=f"Minutes: {m.contract_reference} {m.contract_title}",
        author=m.minute_taker,
        subject="Minutes of a contract monitoring meeting",
    )
    doc.add_paragraph("Contract monitoring meeting", style="Title")
    w.muted(doc, f"{m.contract_reference} · {m.contract_title}")
    local = to_local(m.starts_at)
    venue = ("Online" + (f" ({m.venue})" if m.venue else "")) if m.online else m.venue or "—"
    facts = [
        ("Provider", m.provider_name),
        ("Date", format_date(local.date())),
        ("Time", local.strftime("%H:%M")),
        ("Venue", venue),
        ("Chair", m.chair or "—"),
        ("Minutes taken by", m.minute_taker or "—"),
        ("Status", "Approved minutes" if m.locked else "Draft minutes"),
    ]
    table = doc.add_table(rows=0, cols=2)
    for key, value in facts:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(key).bold = True
        cells[1].text = w.clean(value)
    w.fix_widths(table, [40, 134])

    for attendance, label in ((Attendance.PRESENT, "Present"),
                              (Attendance.APOLOGIES, "Apologies"),
                              (Attendance.ABSENT, "Absent")):  # fmt: skip
        people = [a for a in detail.attendees if a.attendance is attendance]
        if not people and attendance is Attendance.ABSENT:
            continue
        w.heading(doc, label, 2)
        if not people:
            w.muted(doc, "None recorded.")
            continue
        w.data_table(doc, ["Name", "Organisation", "Role"],
                     [[p.name, p.organisation, p.role] for p in people], [60, 62, 52])  # fmt: skip
    if papers:
        w.heading(doc, "Papers", 2)
        w.data_table(doc, ["Paper", "Size", "For"], paper_rows(detail, papers), [87, 22, 65])

    for number, item in enumerate(detail.items, start=1):
        w.heading(doc, f"{number}. {item.title}", 1)
        if MINUTES_ITEM in item.title.casefold() and approved_here(m, previous):
            assert previous is not None
            doc.add_paragraph(
                f"The minutes of the meeting on {_day(previous.starts_at)} were agreed as a "
                "correct record."
            )
        _item(doc, item, number, raised, carried, detail, metric_values)

    w.heading(doc, "Action log", 1)
    w.muted(
        doc,
        "Actions raised at this meeting and actions carried forward from earlier meetings "
        "of this contract.",
    )
    every = sorted({a.id: a for a in [*carried, *raised]}.values(), key=lambda a: a.id)
    if every:
        _action_table(doc, every, as_of)
    else:
        w.muted(doc, "No actions.")
    if m.next_meeting_on:
        doc.add_paragraph(f"Date of next meeting: {format_date(m.next_meeting_on)}")
    if m.locked and m.approved_at is not None:
        w.bold_line(
            doc, f"Approved by {m.approved_by} on {format_date(to_local(m.approved_at).date())}."
        )
    else:
        w.bold_line(
            doc,
            "DRAFT: these minutes are not yet approved. They will be approved at the next "
            "contract monitoring meeting.",
        )
    return doc


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
        w.heading(doc, "Metrics recorded at this meeting", 2)
        _metrics_table(doc, metric_values)
        wrote = True
    if item.kind is AgendaKind.ACTIONS_REVIEW:
        if carried:
            w.heading(doc, "Actions carried forward from earlier meetings:", 2)
            _carried_table(doc, carried)
        else:
            w.muted(doc, "No open actions were carried forward.")
        wrote = True
    next_meeting = detail.meeting.next_meeting_on
    if item.title.casefold() == "date of next meeting" and next_meeting is not None:
        doc.add_paragraph(f"The next meeting will be held on {format_date(next_meeting)}.")
        wrote = True
    if item.kind is AgendaKind.SAFEGUARDING:
        _safeguarding(doc, item, number)
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
            owner = a.owner + (f" ({a.owner_organisation})" if a.owner_organisation else "")
            due = f", due {format_date(a.due_on)}" if a.due_on else ""
            doc.add_paragraph(w.clean(f"{a.ref}  {a.description} ({owner}{due})"),
                              style="List Bullet")  # fmt: skip
        wrote = True
    if not wrote:
        w.muted(doc, "Nothing recorded.")


def _safeguarding(doc: Any, item: AgendaItemRecord, number: int) -> None:
    """As the PDF: the prompts answered (or flagged), then one line naming the others."""
    answered, not_discussed = answered_prompts(item, number)
    concerns = [row for row, (_n, p) in enumerate(answered, start=1) if p.concern]
    w.bold_line(
        doc, f"{counted(len(concerns), 'concern')} flagged." if concerns else "No concerns flagged."
    )
    if answered:
        rows = [
            [f"{number}.{n}", p.question, p.response.strip() or "Flagged; no response recorded.",
             "CONCERN" if p.concern else ""]
            for n, p in answered
        ]  # fmt: skip
        w.data_table(doc, ["#", "Prompt", "Response", "Flag"], rows, [13, 67, 74, 20],
                     fills={(r, -1): CONCERN_FILL for r in concerns})  # fmt: skip
    if not_discussed:
        w.muted(doc, not_discussed)


def _metrics_table(doc: Any, values: list[MeetingValue]) -> None:
    rows, fills = [], {}
    for row, v in enumerate(values, start=1):
        metric, rag = v.metric, v.entry.rag
        target = format_value(metric.target, metric.unit) if metric.target is not None else "—"
        name = metric.name + (f" ({metric.source})" if metric.computed else "")
        rows.append([name, v.period_label, format_value(v.entry.value, metric.unit), target,
                     rag.value.capitalize() if rag else "No RAG"])  # fmt: skip
        if rag is not None:
            fills[(row, 4)] = RAG_FILLS[rag.value]
    w.data_table(doc, ["Metric", "Period", "Value", "Target", "RAG"], rows,
                 [70, 30, 26, 26, 22], fills=fills)  # fmt: skip


def _action_table(doc: Any, items: list[ActionRecord], as_of: date) -> None:
    """The action log; an action overdue as at the meeting is marked so, as in the PDF."""
    rows, fills = [], {}
    for row, a in enumerate(items, start=1):
        status = actions_service.STATUS_LABELS[a.status] + (
            f" {format_date(a.completed_on)}" if a.completed_on else ""
        )
        if a.overdue(as_of):
            status += " — OVERDUE"
            fills[(row, 3)] = fills[(row, 4)] = CONCERN_FILL
        rows.append([a.ref, a.description,
                     a.owner + (f" ({a.owner_organisation})" if a.owner_organisation else ""),
                     format_date(a.due_on) or "—", status])  # fmt: skip
    w.data_table(doc, ["Ref", "Action", "Owner", "Due", "Status"], rows, [34, 58, 38, 20, 24],
                 fills=fills)  # fmt: skip


def _carried_table(doc: Any, items: list[ActionRecord]) -> None:
    rows = []
    for a in items:
        history = "; ".join(
            f"{format_date(u.meeting_date) if u.meeting_date else format_local(u.at)[:10]}: "
            f"{actions_service.STATUS_LABELS[u.status]}" + (f" — {u.note}" if u.note else "")
            for u in a.updates
        )
        rows.append([
            a.ref,
            a.description + (f"\nRaised {format_date(a.meeting_date)}" if a.meeting_date else ""),
            a.owner, format_date(a.due_on) or "—", actions_service.STATUS_LABELS[a.status],
            history or "No updates yet.",
        ])  # fmt: skip
    w.data_table(doc, ["Ref", "Action", "Owner", "Due", "Status", "History"], rows,
                 [28, 40, 25, 19, 20, 42])  # fmt: skip
