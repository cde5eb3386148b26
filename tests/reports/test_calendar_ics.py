"""Calendar files read back with icalendar: a meeting's invitation (REQUEST) with organiser,
attendees, venue, a stable UID and Europe/London times; moving it raises the SEQUENCE;
cancelling is a CANCEL of the same UID; the feed holds future meetings and deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bscp_monitor.common.clock import to_utc
from bscp_monitor.common.errors import UserError
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.reports.calendar_ics import calendar_feed, meeting_invitation, write_calendar
from tests.registers import make_contract, meeting_under_way

LONDON = ZoneInfo("Europe/London")


def _planned(store: Store) -> int:
    contract = make_contract(store)
    meeting = meetings.schedule_meeting(store, contract, to_utc(datetime(2026, 7, 1, 10)))
    meetings.update_meeting(store, meeting.id, venue="Civic Centre, Room 2.14",
                            chair="Sarah Whitfield")  # fmt: skip
    meetings.add_attendee(store, meeting.id, "Sarah Whitfield", email="sarah@bromley.gov.uk")
    meetings.add_attendee(store, meeting.id, "Γιώργος Παπαδόπουλος", email="g@example.org")
    meetings.add_attendee(store, meeting.id, "Tom Ellery")
    return meeting.id


def _read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def _event(cal: Calendar):
    (event,) = cal.walk("VEVENT")
    return event


def test_an_invitation_read_back(store: Store, tmp_path: Path) -> None:
    meeting_id = _planned(store)
    path = write_calendar(meeting_invitation(store, meeting_id), tmp_path / "m.ics")
    cal = _read(path)
    assert str(cal["METHOD"]) == "REQUEST"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    event = _event(cal)
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 7, 1, 10, tzinfo=LONDON)  # BST: 09:00 UTC
    assert start.utcoffset() == timedelta(hours=1)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTEND") - start == timedelta(hours=2)
    assert str(event["LOCATION"]) == "Civic Centre, Room 2.14"
    assert str(event["ORGANIZER"]) == "mailto:sarah@bromley.gov.uk"
    assert event["ORGANIZER"].params["CN"] == "Sarah Whitfield"
    attendees = {str(a): a.params["CN"] for a in event["ATTENDEE"]}
    assert attendees == {"mailto:sarah@bromley.gov.uk": "Sarah Whitfield",
                         "mailto:g@example.org": "Γιώργος Παπαδόπουλος"}  # fmt: skip
    assert "Tom Ellery" in str(event["DESCRIPTION"])  # no address: named, not lost
    assert int(event["SEQUENCE"]) == 1  # the venue was set after it was scheduled
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["UID"]).startswith(f"meeting-{meeting_id}-")


def test_moving_sends_an_update_and_cancelling_a_cancellation(
    store: Store, tmp_path: Path
) -> None:
    meeting_id = _planned(store)
    first = _event(meeting_invitation(store, meeting_id))
    meetings.update_meeting(store, meeting_id, starts_at=to_utc(datetime(2026, 7, 8, 14)))
    moved = _event(meeting_invitation(store, meeting_id))
    assert moved["UID"] == first["UID"]
    assert int(moved["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert moved.decoded("DTSTART") == datetime(2026, 7, 8, 14, tzinfo=LONDON)

    path = write_calendar(meeting_invitation(store, meeting_id, cancel=True), tmp_path / "c.ics")
    cal = _read(path)
    assert str(cal["METHOD"]) == "CANCEL"
    cancelled = _event(cal)
    assert cancelled["UID"] == first["UID"]
    assert int(cancelled["SEQUENCE"]) > int(moved["SEQUENCE"])
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_a_held_meeting_cannot_be_cancelled(store: Store, tmp_path: Path) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    with pytest.raises(UserError, match="has started"):
        meeting_invitation(store, meeting_id, cancel=True)
    with pytest.raises(UserError, match=r"\.ics"):
        write_calendar(meeting_invitation(store, meeting_id), tmp_path / "m.txt")
    assert not (tmp_path / "m.txt").exists()


def test_the_feed_holds_future_meetings_and_deadlines(store: Store) -> None:
    meeting_id = _planned(store)
    past = meeting_under_way(store, make_contract(store, "OTHER-1"), date(2026, 3, 2))
    actions.raise_action(store, past, None, "Send the policy", "Tom Ellery",
                         due_on=date(2026, 6, 30))  # fmt: skip
    cal = calendar_feed(store, date(2026, 5, 1))
    assert str(cal["METHOD"]) == "PUBLISH"
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert summaries == [
        "Action due: OTHER-1/A001 (Tom Ellery)",
        "Contract ends: ECHS-CSE-0114 Service ECHS-CSE-0114",
        "Contract ends: OTHER-1 Service OTHER-1",
        "Contract monitoring meeting: ECHS-CSE-0114 Service ECHS-CSE-0114",
        "Decision deadline: ECHS-CSE-0114 Service ECHS-CSE-0114",
        "Decision deadline: OTHER-1 Service OTHER-1",
    ]
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    meeting = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("Contract m"))
    assert meeting["UID"] == _event(meeting_invitation(store, meeting_id))["UID"]
    due = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("Action"))
    assert due.decoded("DTSTART") == date(2026, 6, 30)
    only = calendar_feed(store, date(2026, 5, 1), contract_id=meetings.get_meeting(
        store, past).meeting.contract_id)  # fmt: skip
    assert all("OTHER-1" in str(e["SUMMARY"]) for e in only.walk("VEVENT"))
