"""Meetings and deadlines for calendars (RFC 5545, the ``icalendar`` library).

A meeting's invitation is a METHOD:REQUEST with its organiser, the attendees who have an
e-mail address, the venue and a stable UID; each move or change of venue raises the
meeting's SEQUENCE (meetings.update_meeting), so a calendar replaces the event it holds; a
cancellation is a METHOD:CANCEL of the same UID with a higher SEQUENCE. The calendar feed
(``calendar_feed``) publishes every future meeting, decision deadline, contract end date and
open action's due date; re-exported to the same file regularly, it can be subscribed to.
Times are in Europe/London with the VTIMEZONE included.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import UserError
from bscp_monitor.common.file_output import write_whole
from bscp_monitor.data.enums import MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions as actions_service
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.actions import ActionFilter
from bscp_monitor.meetings.meetings import MeetingDetail, MeetingSummary

LONDON = ZoneInfo("Europe/London")
PRODUCT = "-//BSCP Monitor//Contract monitoring//EN"
DOMAIN = "bscp-monitor"
#: A meeting has a start only; its invitation holds this much of the diary.
MEETING_LENGTH = timedelta(hours=2)
#: The organiser when nobody at the meeting has an address: calendars need one.
NO_REPLY = "mailto:no-reply@bscp-monitor.invalid"


def meeting_uid(m: MeetingSummary) -> str:
    """The same for every invitation, update and cancellation of one meeting."""
    return f"meeting-{m.id}-contract-{m.contract_id}@{DOMAIN}"


def _calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def _address(name: str, email: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    if role is not None:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def _location(m: MeetingSummary) -> str:
    if m.online:
        return "Online" + (f" ({m.venue})" if m.venue else "")
    return m.venue


def _meeting_event(store: Store, detail: MeetingDetail, now: datetime, cancel: bool) -> Event:
    m = detail.meeting
    event = Event()
    event.add("uid", meeting_uid(m))
    event.add("dtstamp", now)
    start = to_local(m.starts_at).replace(tzinfo=LONDON)
    event.add("dtstart", start)
    event.add("dtend", start + MEETING_LENGTH)
    event.add("summary", f"Contract monitoring meeting: {m.contract_reference} {m.contract_title}")
    location = _location(m)
    if location:
        event.add("location", location)
    event.add("sequence", m.invite_sequence + (1 if cancel else 0))
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("class", "CONFIDENTIAL")
    event.add("transp", "OPAQUE")
    event.add("organizer", _organiser(store, detail))
    for a in detail.attendees:
        if a.email:
            event.add("attendee", _address(a.name, a.email, "REQ-PARTICIPANT"))
    without = [a.name for a in detail.attendees if not a.email]
    lines = [
        "OFFICIAL-SENSITIVE",
        f"Provider: {m.provider_name}",
        f"Chair: {m.chair or '—'}",
        "",
        "Agenda:",
        *(f"{n}. {i.title}" for n, i in enumerate(detail.items, start=1)),
    ]
    if without:
        lines += ["", "Also invited (no e-mail address recorded): " + ", ".join(without)]
    if cancel:
        lines.insert(0, "This meeting has been cancelled.")
    event.add("description", "\n".join(lines))
    return event


def _organiser(store: Store, detail: MeetingDetail) -> vCalAddress:
    """The chair (or else the minute taker) with their address, else a no-reply address."""
    m = detail.meeting
    emails = {a.name.casefold(): a.email for a in detail.attendees if a.email}
    for person in (m.chair, m.minute_taker):
        if person:
            email = emails.get(person.casefold()) or meetings.remembered_email(store, person)
            if email:
                return _address(person, email)
    address = vCalAddress(NO_REPLY)
    address.params["cn"] = vText(m.chair or "BSCP Monitor")
    return address


def meeting_invitation(
    store: Store, meeting_id: int, cancel: bool = False, now: datetime | None = None
) -> Calendar:
    """The meeting's invitation (REQUEST), or its cancellation (CANCEL)."""
    detail = meetings.get_meeting(store, meeting_id)
    if cancel and detail.meeting.status is not MeetingStatus.PLANNED:
        raise UserError(
            "Only a meeting still planned can be cancelled: this one has started, so it is "
            "part of the record."
        )
    cal = _calendar("CANCEL" if cancel else "REQUEST")
    cal.add_component(_meeting_event(store, detail, now or datetime.now(LONDON), cancel))
    cal.add_missing_timezones()
    return cal


def write_calendar(cal: Calendar, path: Path) -> Path:
    """Write a calendar whole to ``path`` (.ics); UserError if it cannot be written."""
    path = Path(path)
    if path.suffix.lower() != ".ics":
        raise UserError(f"Calendar files end .ics: give a name ending .ics, not {path.name}.")
    data = cal.to_ical()

    def write(draft: Path) -> None:
        draft.write_bytes(data)

    write_whole(path, write)
    return path


def _all_day(uid: str, day: date, summary: str, description: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("class", "CONFIDENTIAL")
    event.add("transp", "TRANSPARENT")
    return event


def calendar_feed(
    store: Store, today: date, contract_id: int | None = None, now: datetime | None = None
) -> Calendar:
    """Every future meeting, decision deadline, contract end date and open action's due
    date (of one contract, or all live contracts) as events (METHOD:PUBLISH)."""
    from bscp_monitor.contracts.register import list_contracts

    now = now or datetime.now(LONDON)
    cal = _calendar("PUBLISH")
    cal.add("x-wr-calname", "BSCP Monitor" + ("" if contract_id is None else " (contract)"))
    cal.add("x-wr-timezone", "Europe/London")
    contracts = [c for c in list_contracts(store, today=today)
                 if contract_id is None or c.id == contract_id]  # fmt: skip
    live = {c.id for c in contracts}
    for c in contracts:
        if c.decision_deadline >= today:
            cal.add_component(_all_day(
                f"decision-{c.id}", c.decision_deadline,
                f"Decision deadline: {c.reference} {c.title}",
                f"Decide whether to extend, re-procure or end {c.reference} ({c.provider_name}) "
                f"by {format_date(c.decision_deadline)}; the contract ends "
                f"{format_date(c.end_date)}.", now))  # fmt: skip
        if c.end_date >= today:
            cal.add_component(_all_day(
                f"contract-end-{c.id}", c.end_date, f"Contract ends: {c.reference} {c.title}",
                f"{c.reference} with {c.provider_name} ends on {format_date(c.end_date)}.",
                now))  # fmt: skip
    for summary in meetings.list_meetings(store, contract_id):
        if (
            summary.contract_id in live
            and summary.status is MeetingStatus.PLANNED
            and (to_local(summary.starts_at).date() >= today)
        ):
            detail = meetings.get_meeting(store, summary.id)
            cal.add_component(_meeting_event(store, detail, now, cancel=False))
    for a in actions_service.list_actions(
        store, ActionFilter(contract_id=contract_id, open_only=True)
    ):
        if a.due_on is not None and a.contract_id in live:
            cal.add_component(_all_day(
                f"action-{a.id}", a.due_on, f"Action due: {a.ref} ({a.owner})",
                f"{a.description}\nOwner: {a.owner}"
                + (f" ({a.owner_organisation})" if a.owner_organisation else ""), now))  # fmt: skip
    cal.add_missing_timezones()
    return cal
