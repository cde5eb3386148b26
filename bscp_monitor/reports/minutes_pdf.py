"""Minutes of a contract monitoring meeting as an A4 PDF: attendance, a numbered section per
agenda item, the safeguarding prompts with concerns flagged, and the action log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from bscp_monitor.data.enums import AgendaKind, Attendance
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions as actions_service
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.actions import ActionRecord
from bscp_monitor.meetings.meetings import AgendaItemRecord, MeetingDetail, MeetingSummary
from bscp_monitor.meetings.minuted_metrics import MeetingValue, meeting_values
from bscp_monitor.papers.attachments import AttachmentRecord, meeting_papers
from bscp_monitor.reports import minutes_content as c
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
        PageFurniture(footer_left=c.footer(m), draft=not m.locked),
        title=c.document_title(m),
        author=m.minute_taker,
        subject="Minutes of a contract monitoring meeting",
    )
    return Path(path)


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
    width = content_width()
    story: list[Flowable] = []
    story.append(Paragraph(c.TITLE, st["title"]))
    story.append(para(c.subtitle(m), st["subtitle"]))
    story.append(_facts_table(c.facts(m), width))
    story.append(Spacer(1, 4 * mm))
    story.extend(_attendance(detail, width))
    if papers:
        story.append(Paragraph("Papers", st["h2"]))
        story.append(
            data_table(
                ["Paper", "Size", "For"],
                c.paper_rows(detail, papers),
                [width * 0.5, 22 * mm, width * 0.5 - 22 * mm],
            )
        )

    for number, item in enumerate(detail.items, start=1):
        story.append(CondPageBreak(30 * mm))
        story.append(para(f"{number}. {item.title}", st["h1"]))
        agreed = c.agreed_record(m, item, previous)
        if agreed:
            story.append(para(agreed, st["body"]))
        story.extend(
            _item_body(item, number, raised, carried, width, m.next_meeting_on, metric_values)
        )

    story.append(CondPageBreak(40 * mm))
    story.append(Paragraph("Action log", st["h1"]))
    story.append(para(c.ACTION_LOG_INTRO, st["muted"]))
    all_actions = c.minuted_actions(raised, carried)
    story.append(
        _action_table(all_actions, width, c.as_of(m))
        if all_actions
        else para("No actions.", st["muted"])
    )

    story.append(Spacer(1, 6 * mm))
    following, approval = c.closing_lines(m)
    if following:
        story.append(para(following, st["body"]))
    story.append(para(approval, st["cell_bold"]))
    return kept_with_next(story)


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
    for attendance, heading in c.ATTENDANCE_GROUPS:
        people = c.attendance_rows(detail, attendance)
        if not people and attendance is Attendance.ABSENT:
            continue
        yield Paragraph(heading, st["h2"])
        if not people:
            yield para("None recorded.", st["muted"])
            continue
        yield data_table(
            ["Name", "Organisation", "Role"], people, [width * 0.34, width * 0.36, width * 0.30]
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
            out.append(para(c.CARRIED_HEADING, st["h2"]))
            out.append(_carried_table(carried, width))
        else:
            out.append(para(c.NO_CARRIED, st["muted"]))
    following = c.next_meeting_line(item, next_meeting)
    if following:
        out.append(para(following, st["body"]))
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
        out.extend(para(c.action_line(a), st["action"]) for a in mine)
    if not out:
        out.append(para(c.NOTHING_RECORDED, st["muted"]))
    return out


def _marks(rows: c.Rows, first: int, last: int, text_column: int | None) -> list[Any]:
    """Table style commands shading each marked row's cells ``first``..``last``."""
    extra: list[Any] = []
    for row, mark in rows.marked.items():
        fill = CONCERN_FILL if mark == "concern" else RAG_FILLS[mark]
        extra.append(("BACKGROUND", (first, row), (last, row), fill))
        if mark == "concern" and text_column is not None:
            extra.append(("TEXTCOLOR", (text_column, row), (last, row), CONCERN_TEXT))
    return extra


def _safeguarding_table(item: AgendaItemRecord, number: int, width: float) -> list[Flowable]:
    """The prompts answered (or flagged), numbered as asked; then one line naming those not
    discussed (never a dozen rows of 'No response recorded')."""
    st = styles()
    found = c.safeguarding(item, number)
    out: list[Flowable] = [para(found.headline, st["cell_bold"]), Spacer(1, 1.5 * mm)]
    table = found.table
    if table.rows:
        rows: list[list[Any]] = [
            [*row[:3], para(row[3], st["cell_bold"]) if row[3] else ""] for row in table.rows
        ]
        out.append(
            data_table(
                table.header,
                rows,
                [11 * mm, width * 0.40, width - 11 * mm - width * 0.40 - 20 * mm, 20 * mm],
                extra=_marks(table, 0, -1, 3),
            )
        )
    if found.not_discussed:
        out.append(Spacer(1, 1.5 * mm))
        out.append(para(found.not_discussed, st["muted"]))
    return out


def _metrics_table(values: list[MeetingValue], width: float) -> list[Flowable]:
    """The metric values recorded at the meeting, each with its target and RAG in words."""
    st = styles()
    rows = c.metric_rows(values)
    table = data_table(
        rows.header,
        rows.rows,
        [width - 104 * mm, 30 * mm, 26 * mm, 26 * mm, 22 * mm],
        extra=_marks(rows, 4, 4, None),
        plain_columns=frozenset({1, 2, 3, 4}),
    )
    return [para(c.METRICS_HEADING, st["h2"]), table, Spacer(1, 2 * mm)]


def _action_table(items: list[ActionRecord], width: float, as_of: date) -> Flowable:
    """The action log; an action overdue as at the meeting is marked so, in words and red,
    as in the app."""
    rows = c.action_rows(items, as_of)
    return data_table(
        rows.header,
        rows.rows,
        [34 * mm, width - 34 * mm - 38 * mm - 20 * mm - 24 * mm, 38 * mm, 20 * mm, 24 * mm],
        plain_columns=frozenset({0, 3}),
        extra=_marks(rows, 3, 4, 3),
    )


def _carried_table(items: list[ActionRecord], width: float) -> Flowable:
    rows = c.carried_rows(items)
    return data_table(
        rows.header,
        rows.rows,
        [34 * mm, width * 0.27, 27 * mm, 19 * mm, 20 * mm, width * 0.73 - 100 * mm],
    )
