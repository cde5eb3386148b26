"""What the minutes say, shared by the PDF (minutes_pdf) and Word (minutes_docx) writers so
both hold the same words: the meeting's facts, the attendance groups, each table's header and
rows (with the rows to shade), and the fixed lines -- the agreed record, the safeguarding
headline and "Not discussed", each action's line, the closing approval or DRAFT line. The
writers only lay these out, each in its own house style."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bscp_monitor.common.clock import format_local, to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.wording import counted
from bscp_monitor.data.enums import Attendance
from bscp_monitor.meetings import actions as actions_service
from bscp_monitor.meetings.actions import ActionRecord
from bscp_monitor.meetings.meetings import (
    AgendaItemRecord,
    MeetingDetail,
    MeetingSummary,
    PromptRecord,
)
from bscp_monitor.meetings.metric_periods import format_value
from bscp_monitor.meetings.minuted_metrics import MeetingValue
from bscp_monitor.meetings.prompt_set import safeguarding_prompts
from bscp_monitor.papers.attachments import AttachmentRecord

TITLE = "Contract monitoring meeting"
MINUTES_ITEM = "minutes of the last meeting"
TOPICS = {p.key: p.topic for p in safeguarding_prompts()}
ATTENDANCE_GROUPS = (
    (Attendance.PRESENT, "Present"),
    (Attendance.APOLOGIES, "Apologies"),
    (Attendance.ABSENT, "Absent"),
)
ACTION_LOG_INTRO = (
    "Actions raised at this meeting and actions carried forward from earlier meetings "
    "of this contract."
)
DRAFT_LINE = (
    "DRAFT: these minutes are not yet approved. They will be approved at the next "
    "contract monitoring meeting."
)
NOTHING_RECORDED = "Nothing recorded."
NO_CARRIED = "No open actions were carried forward."
CARRIED_HEADING = "Actions carried forward from earlier meetings:"
METRICS_HEADING = "Metrics recorded at this meeting"


@dataclass
class Rows:
    """A table's header, its rows of text, and the rows (counted from 1 below the header)
    that are marked: shaded as a concern, an overdue action, or by a RAG colour."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    marked: dict[int, str] = field(default_factory=dict)  # row -> "concern" or a RAG value


def day(moment: datetime) -> str:
    return format_date(to_local(moment).date())


def subtitle(m: MeetingSummary) -> str:
    return f"{m.contract_reference} · {m.contract_title}"


def footer(m: MeetingSummary) -> str:
    return f"{m.contract_reference} · Minutes of {day(m.starts_at)}"


def document_title(m: MeetingSummary) -> str:
    return f"Minutes: {m.contract_reference} {m.contract_title}"


def facts(m: MeetingSummary) -> list[tuple[str, str]]:
    """The meeting's facts, label and value, as the minutes open with them."""
    local = to_local(m.starts_at)
    venue = ("Online" + (f" ({m.venue})" if m.venue else "")) if m.online else m.venue or "—"
    return [
        ("Provider", m.provider_name),
        ("Date", format_date(local.date())),
        ("Time", local.strftime("%H:%M")),
        ("Venue", venue),
        ("Chair", m.chair or "—"),
        ("Minutes taken by", m.minute_taker or "—"),
        ("Status", "Approved minutes" if m.locked else "Draft minutes"),
    ]


def attendance_rows(detail: MeetingDetail, attendance: Attendance) -> list[list[str]]:
    return [
        [p.name, p.organisation, p.role] for p in detail.attendees if p.attendance is attendance
    ]


def paper_rows(detail: MeetingDetail, papers: list[AttachmentRecord]) -> list[list[str]]:
    """Each paper: its name (marked if it can carry macros), size, and what it is for."""
    numbers = {item.id: n for n, item in enumerate(detail.items, start=1)}
    titles = {item.id: item.title for item in detail.items}
    rows = []
    for p in papers:
        where = (f"{numbers[p.owner_id]}. {titles[p.owner_id]}"
                 if p.owner_kind == "agenda_item" else "The meeting")  # fmt: skip
        name = p.name + (" (macro-enabled: open with care)" if p.risky else "")
        rows.append([name, p.size_text, where])
    return rows


def approved_here(meeting: MeetingSummary, previous: MeetingSummary | None) -> bool:
    """The previous meeting's minutes were approved at this meeting (for minutes approved
    before the approving meeting was kept: on this meeting's day, while it was under way)."""
    if previous is None or not previous.locked:
        return False
    if previous.approved_at_meeting_id is not None:
        return previous.approved_at_meeting_id == meeting.id
    return previous.approved_at is not None and (
        to_local(previous.approved_at).date() == to_local(meeting.starts_at).date()
    )


def agreed_record(
    meeting: MeetingSummary, item: AgendaItemRecord, previous: MeetingSummary | None
) -> str:
    """Item 2's line when the last minutes were agreed at this meeting ("" otherwise)."""
    if MINUTES_ITEM not in item.title.casefold() or not approved_here(meeting, previous):
        return ""
    assert previous is not None
    return (
        f"The minutes of the meeting on {day(previous.starts_at)} were agreed as a "
        "correct record."
    )


def next_meeting_line(item: AgendaItemRecord, next_meeting: date | None) -> str:
    if item.title.casefold() == "date of next meeting" and next_meeting is not None:
        return f"The next meeting will be held on {format_date(next_meeting)}."
    return ""


def answered_prompts(
    item: AgendaItemRecord, number: int
) -> tuple[list[tuple[int, PromptRecord]], str]:
    """The prompts answered or flagged, with their numbers; and the one line naming those
    not discussed ("" if none), as the minutes print them (PDF and Word)."""
    answered: list[tuple[int, PromptRecord]] = []
    unanswered: list[tuple[int, PromptRecord]] = []
    for n, prompt in enumerate(item.prompts, start=1):
        (answered if prompt.response.strip() or prompt.concern else unanswered).append((n, prompt))
    topics = "; ".join(f"{number}.{n} {_topic(p)}" for n, p in unanswered)
    return answered, (f"Not discussed: {topics}." if unanswered else "")


def _topic(prompt: PromptRecord) -> str:
    """A prompt's short name: its topic in the current set, else (a meeting given an earlier
    set) its own question as stored."""
    topic = TOPICS.get(prompt.key)
    return topic if topic is not None else prompt.question.rstrip("?")


@dataclass
class Safeguarding:
    """The safeguarding item: its headline, the prompts answered or flagged, the line naming
    those not discussed ("" if none)."""

    headline: str
    table: Rows
    not_discussed: str


def safeguarding(item: AgendaItemRecord, number: int) -> Safeguarding:
    answered, not_discussed = answered_prompts(item, number)
    concerns = sum(1 for _n, p in answered if p.concern)
    table = Rows(["#", "Prompt", "Response", "Flag"])
    for row, (n, prompt) in enumerate(answered, start=1):
        response = prompt.response.strip() or "Flagged; no response recorded."
        table.rows.append([f"{number}.{n}", prompt.question, response,
                           "CONCERN" if prompt.concern else ""])  # fmt: skip
        if prompt.concern:
            table.marked[row] = "concern"
    headline = f"{counted(concerns, 'concern')} flagged." if concerns else "No concerns flagged."
    return Safeguarding(headline, table, not_discussed)


def metric_rows(values: list[MeetingValue]) -> Rows:
    """The metric values recorded at the meeting, each with its target and RAG in words."""
    table = Rows(["Metric", "Period", "Value", "Target", "RAG"])
    for row, v in enumerate(values, start=1):
        metric, rag = v.metric, v.entry.rag
        target = format_value(metric.target, metric.unit) if metric.target is not None else "—"
        name = metric.name + (f" ({metric.source})" if metric.computed else "")
        table.rows.append(
            [name, v.period_label, format_value(v.entry.value, metric.unit), target,
             rag.value.capitalize() if rag else "No RAG"]
        )  # fmt: skip
        if rag is not None:
            table.marked[row] = rag.value
    return table


def owner(a: ActionRecord) -> str:
    return a.owner + (f" ({a.owner_organisation})" if a.owner_organisation else "")


def action_line(a: ActionRecord) -> str:
    """An action raised under an item, on one line (the action log has the full table)."""
    due = f", due {format_date(a.due_on)}" if a.due_on else ""
    return f"{a.ref}  {a.description} ({owner(a)}{due})"


def minuted_actions(raised: list[ActionRecord], carried: list[ActionRecord]) -> list[ActionRecord]:
    """Every action in the minutes' action log, once each, oldest first."""
    return sorted({a.id: a for a in [*carried, *raised]}.values(), key=lambda a: a.id)


def action_rows(items: list[ActionRecord], as_of: date) -> Rows:
    """The action log; an action overdue as at the meeting is marked so, in words."""
    table = Rows(["Ref", "Action", "Owner", "Due", "Status"])
    for row, a in enumerate(items, start=1):
        status = actions_service.STATUS_LABELS[a.status] + (
            f" {format_date(a.completed_on)}" if a.completed_on else ""
        )
        if a.overdue(as_of):
            status += " — OVERDUE"
            table.marked[row] = "concern"
        table.rows.append([a.ref, a.description, owner(a), format_date(a.due_on) or "—", status])
    return table


def carried_rows(items: list[ActionRecord]) -> Rows:
    """The actions carried forward, each with its history of updates."""
    table = Rows(["Ref", "Action", "Owner", "Due", "Status", "History"])
    for a in items:
        history = "; ".join(
            f"{format_date(u.meeting_date) if u.meeting_date else format_local(u.at)[:10]}: "
            f"{actions_service.STATUS_LABELS[u.status]}" + (f" — {u.note}" if u.note else "")
            for u in a.updates
        )
        table.rows.append([
            a.ref,
            a.description + (f"\nRaised {format_date(a.meeting_date)}" if a.meeting_date else ""),
            a.owner, format_date(a.due_on) or "—", actions_service.STATUS_LABELS[a.status],
            history or "No updates yet.",
        ])  # fmt: skip
    return table


def as_of(m: MeetingSummary) -> date:
    """The day overdue is judged on: the meeting's (or today, before it)."""
    return min(to_local(m.starts_at).date(), date.today())


def closing_lines(m: MeetingSummary) -> tuple[str, str]:
    """The next meeting's date line ("" if none) and the approval (or DRAFT) line."""
    following = (
        f"Date of next meeting: {format_date(m.next_meeting_on)}" if m.next_meeting_on else ""
    )
    if m.locked and m.approved_at is not None:
        return following, (
            f"Approved by {m.approved_by} on {format_date(to_local(m.approved_at).date())}."
        )
    return following, DRAFT_LINE
