"""Minutes of a contract monitoring meeting as an A4 PDF: attendance, a numbered section per
agenda item, the safeguarding prompts with concerns flagged, and the action log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from bscp_monitor.common.clock import format_local, to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.wording import counted
from bscp_monitor.data.enums import AgendaKind, Attendance
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions as actions_service
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.actions import ActionRecord
from bscp_monitor.meetings.meetings import (
    AgendaItemRecord,
    MeetingDetail,
    MeetingSummary,
    PromptRecord,
)
from bscp_monitor.meetings.metric_periods import format_value
from bscp_monitor.meetings.minuted_metrics import MeetingValue, meeting_values
from bscp_monitor.meetings.prompt_set import safeguarding_prompts
from bscp_monitor.papers.attachments import AttachmentRecord, meeting_papers
from bscp_monitor.reports.pdf_layout import (
    CONCERN_FILL,
    CONCERN_TEXT,
    RAG_FILLS,
    PageFurniture,
    build_pdf,
    content_width,
    data_table,
    para,
    paragraphs,
    styles,
)

MINUTES_ITEM = "minutes of the last meeting"
TOPICS = {p.key: p.topic for p in safeguarding_prompts()}


def export_minutes(store: Store, meeting_id: int, path: Path) -> Path:
    """Write the minutes of a meeting to ``path``; raise UserError on any problem."""
    detail = meetings.get_meeting(store, meeting_id)
    # The actions as this meeting's minutes record them: nothing from later meetings.
    raised, carried = actions_service.minuted_meeting_actions(store, meeting_id)
    values = meeting_values(store, meeting_id)
    previous = meetings.previous_meeting(store, meeting_id)
    story = minutes_story(
        detail, raised, carried, values, previous, meeting_papers(store, meeting_id)
    )
    m = detail.meeting
    build_pdf(
        Path(path),
        story,
        PageFurniture(
            footer_left=f"{m.contract_reference} · Minutes of {_day(m.starts_at)}",
            draft=not m.locked,
        ),
        title=f"Minutes: {m.contract_reference} {m.contract_title}",
        author=m.minute_taker,
        subject="Minutes of a contract monitoring meeting",
    )
    return Path(path)


def _day(moment: datetime) -> str:
    return format_date(to_local(moment).date())


def minutes_story(
    detail: MeetingDetail,
    raised: list[ActionRecord],
    carried: list[ActionRecord],
    metric_values: list[MeetingValue] | None = None,
    previous: MeetingSummary | None = None,
    papers: list[AttachmentRecord] | None = None,
) -> list[Flowable]:
    st = styles()
    m = detail.meeting
    as_of = min(to_local(m.starts_at).date(), date.today())  # overdue as at the meeting
    width = content_width()
    story: list[Flowable] = []
    state = "Approved minutes" if m.locked else "Draft minutes"
    story.append(Paragraph("Contract monitoring meeting", st["title"]))
    story.append(para(f"{m.contract_reference} · {m.contract_title}", st["subtitle"]))
    local = to_local(m.starts_at)
    facts = [
        ("Provider", m.provider_name),
        ("Date", format_date(local.date())),
        ("Time", local.strftime("%H:%M")),
        (
            "Venue",
            ("Online" + (f" ({m.venue})" if m.venue else "")) if m.online else m.venue or "—",
        ),
        ("Chair", m.chair or "—"),
        ("Minutes taken by", m.minute_taker or "—"),
        ("Status", state),
    ]
    story.append(_facts_table(facts, width))
    story.append(Spacer(1, 4 * mm))
    story.extend(_attendance(detail, width))
    if papers:
        story.append(Paragraph("Papers", st["h2"]))
        story.append(
            data_table(
                ["Paper", "Size", "For"],
                paper_rows(detail, papers),
                [width * 0.5, 22 * mm, width * 0.5 - 22 * mm],
            )
        )

    for number, item in enumerate(detail.items, start=1):
        story.append(CondPageBreak(30 * mm))
        story.append(para(f"{number}. {item.title}", st["h1"]))
        if MINUTES_ITEM in item.title.casefold():
            story.extend(_agreed_record(m, previous))
        story.extend(
            _item_body(item, number, raised, carried, width, m.next_meeting_on, metric_values)
        )

    story.append(CondPageBreak(40 * mm))
    story.append(Paragraph("Action log", st["h1"]))
    story.append(
        para(
            "Actions raised at this meeting and actions carried forward from earlier meetings "
            "of this contract.",
            st["muted"],
        )
    )
    all_actions = sorted({a.id: a for a in [*carried, *raised]}.values(), key=lambda a: a.id)
    story.append(
        _action_table(all_actions, width, as_of)
        if all_actions
        else para("No actions.", st["muted"])
    )

    story.append(Spacer(1, 6 * mm))
    if m.next_meeting_on:
        story.append(para(f"Date of next meeting: {format_date(m.next_meeting_on)}", st["body"]))
    if m.locked and m.approved_at is not None:
        story.append(
            para(
                f"Approved by {m.approved_by} on {format_date(to_local(m.approved_at).date())}.",
                st["cell_bold"],
            )
        )
    else:
        story.append(
            para(
                "DRAFT: these minutes are not yet approved. They will be approved at the next "
                "contract monitoring meeting.",
                st["cell_bold"],
            )
        )
    return kept_with_next(story)


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


def kept_with_next(story: list[Flowable]) -> list[Flowable]:
    """Each heading kept on the page of what follows it (never alone at a page's foot)."""
    headings = {styles()[name].name for name in ("h1", "h2")}
    out: list[Flowable] = []
    pending: list[Flowable] = []  # headings (and spacing) waiting for their text
    for flowable in story:
        if (
            isinstance(flowable, Paragraph)
            and flowable.style.name in headings
            or pending
            and isinstance(flowable, Spacer)
        ):
            pending.append(flowable)
        elif pending:
            out.append(KeepTogether([*pending, flowable]))
            pending = []
        else:
            out.append(flowable)
    out.extend(pending)
    return out


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


def _agreed_record(meeting: MeetingSummary, previous: MeetingSummary | None) -> list[Flowable]:
    if not approved_here(meeting, previous):
        return []
    assert previous is not None
    return [
        para(
            f"The minutes of the meeting on {_day(previous.starts_at)} were agreed as a "
            "correct record.",
            styles()["body"],
        )
    ]


def _facts_table(facts: list[tuple[str, str]], width: float) -> Flowable:
    from reportlab.platypus import Table, TableStyle

    st = styles()
    table = Table(
        [[para(k, st["cell_bold"]), para(v, st["cell"])] for k, v in facts],
        colWidths=[38 * mm, width - 38 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _attendance(detail: MeetingDetail, width: float) -> Iterable[Flowable]:
    st = styles()
    groups = {
        Attendance.PRESENT: "Present",
        Attendance.APOLOGIES: "Apologies",
        Attendance.ABSENT: "Absent",
    }
    for attendance, heading in groups.items():
        people = [a for a in detail.attendees if a.attendance is attendance]
        if not people and attendance is Attendance.ABSENT:
            continue
        yield Paragraph(heading, st["h2"])
        if not people:
            yield para("None recorded.", st["muted"])
            continue
        yield data_table(
            ["Name", "Organisation", "Role"],
            [[p.name, p.organisation, p.role] for p in people],
            [width * 0.34, width * 0.36, width * 0.30],
        )


def _item_body(
    item: AgendaItemRecord,
    number: int,
    raised: list[ActionRecord],
    carried: list[ActionRecord],
    width: float,
    next_meeting: date | None,
    metric_values: list[MeetingValue] | None = None,
) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = []
    if item.kind is AgendaKind.PERFORMANCE and metric_values:
        out.extend(_metrics_table(metric_values, width))
    if item.kind is AgendaKind.ACTIONS_REVIEW:
        if carried:
            out.append(para("Actions carried forward from earlier meetings:", st["h2"]))
            out.append(_carried_table(carried, width))
        else:
            out.append(para("No open actions were carried forward.", st["muted"]))
    if item.title.casefold() == "date of next meeting" and next_meeting is not None:
        out.append(
            para(f"The next meeting will be held on {format_date(next_meeting)}.", st["body"])
        )
    if item.kind is AgendaKind.SAFEGUARDING:
        out.extend(_safeguarding_table(item, number, width))
    if item.discussion.strip():
        out.append(Paragraph("Discussion", st["h2"]))
        out.extend(paragraphs(item.discussion, st["body"]))
    if item.decisions.strip():
        out.append(Paragraph("Decisions", st["h2"]))
        out.extend(paragraphs(item.decisions, st["body"]))
    mine = [a for a in raised if a.agenda_item_id == item.id]
    if mine:
        out.append(Paragraph("Actions", st["h2"]))
        out.extend(_action_lines(mine))
    if not out:
        out.append(para("Nothing recorded.", st["muted"]))
    return out


def _safeguarding_table(item: AgendaItemRecord, number: int, width: float) -> list[Flowable]:
    """The prompts answered (or flagged), numbered as asked; then one line naming those not
    discussed (never a dozen rows of 'No response recorded')."""
    st = styles()
    answered, not_discussed = answered_prompts(item, number)
    concerns = sum(1 for _n, p in answered if p.concern)
    out: list[Flowable] = [
        para(
            f"{counted(concerns, 'concern')} flagged." if concerns else "No concerns flagged.",
            st["cell_bold"],
        ),
        Spacer(1, 1.5 * mm),
    ]
    if answered:
        rows, extra = [], []
        for row, (n, prompt) in enumerate(answered, start=1):
            flag = para("CONCERN", st["cell_bold"]) if prompt.concern else ""
            response = prompt.response.strip() or "Flagged; no response recorded."
            rows.append([f"{number}.{n}", prompt.question, response, flag])
            if prompt.concern:
                extra.append(("BACKGROUND", (0, row), (-1, row), CONCERN_FILL))
                extra.append(("TEXTCOLOR", (3, row), (3, row), CONCERN_TEXT))
        out.append(
            data_table(
                ["#", "Prompt", "Response", "Flag"],
                rows,
                [11 * mm, width * 0.40, width - 11 * mm - width * 0.40 - 20 * mm, 20 * mm],
                extra=extra,
            )
        )
    if not_discussed:
        out.append(Spacer(1, 1.5 * mm))
        out.append(para(not_discussed, st["muted"]))
    return out


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


def _metrics_table(values: list[MeetingValue], width: float) -> list[Flowable]:
    """The metric values recorded at the meeting, each with its target and RAG in words."""
    st = styles()
    rows, extra = [], []
    for row, v in enumerate(values, start=1):
        metric, rag = v.metric, v.entry.rag
        target = format_value(metric.target, metric.unit) if metric.target is not None else "—"
        name = metric.name + (f" ({metric.source})" if metric.computed else "")
        rows.append(
            [name, v.period_label, format_value(v.entry.value, metric.unit), target,
             rag.value.capitalize() if rag else "No RAG"]
        )  # fmt: skip
        if rag is not None:
            extra.append(("BACKGROUND", (4, row), (4, row), RAG_FILLS[rag.value]))
    table = data_table(
        ["Metric", "Period", "Value", "Target", "RAG"],
        rows,
        [width - 104 * mm, 30 * mm, 26 * mm, 26 * mm, 22 * mm],
        extra=extra,
        plain_columns=frozenset({1, 2, 3, 4}),
    )
    return [para("Metrics recorded at this meeting", st["h2"]), table, Spacer(1, 2 * mm)]


def _action_lines(items: list[ActionRecord]) -> list[Flowable]:
    """The actions raised under an item, one line each (the action log has the full table)."""
    st = styles()
    lines = []
    for a in items:
        owner = a.owner + (f" ({a.owner_organisation})" if a.owner_organisation else "")
        due = f", due {format_date(a.due_on)}" if a.due_on else ""
        lines.append(para(f"{a.ref}  {a.description} ({owner}{due})", st["action"]))
    return lines


def _action_table(items: list[ActionRecord], width: float, as_of: date) -> Flowable:
    """The action log; an action overdue as at the meeting is marked so, in words and red,
    as in the app."""
    rows, extra = [], []
    for row, a in enumerate(items, start=1):
        status = actions_service.STATUS_LABELS[a.status] + (
            f" {format_date(a.completed_on)}" if a.completed_on else ""
        )
        if a.overdue(as_of):
            status += " — OVERDUE"
            extra.append(("BACKGROUND", (3, row), (4, row), CONCERN_FILL))
            extra.append(("TEXTCOLOR", (3, row), (4, row), CONCERN_TEXT))
        rows.append(
            [
                a.ref,
                a.description,
                a.owner + (f" ({a.owner_organisation})" if a.owner_organisation else ""),
                format_date(a.due_on) or "—",
                status,
            ]
        )
    return data_table(
        ["Ref", "Action", "Owner", "Due", "Status"],
        rows,
        [34 * mm, width - 34 * mm - 38 * mm - 20 * mm - 24 * mm, 38 * mm, 20 * mm, 24 * mm],
        plain_columns=frozenset({0, 3}),
        extra=extra,
    )


def _carried_table(items: list[ActionRecord], width: float) -> Flowable:
    rows = []
    for a in items:
        history = "; ".join(
            f"{format_date(u.meeting_date) if u.meeting_date else format_local(u.at)[:10]}: "
            f"{actions_service.STATUS_LABELS[u.status]}" + (f" — {u.note}" if u.note else "")
            for u in a.updates
        )
        rows.append(
            [
                a.ref,
                a.description
                + (f"\nRaised {format_date(a.meeting_date)}" if a.meeting_date else ""),
                a.owner,
                format_date(a.due_on) or "—",
                actions_service.STATUS_LABELS[a.status],
                history or "No updates yet.",
            ]
        )
    return data_table(
        ["Ref", "Action", "Owner", "Due", "Status", "History"],
        rows,
        [34 * mm, width * 0.27, 27 * mm, 19 * mm, 20 * mm, width * 0.73 - 100 * mm],
    )
