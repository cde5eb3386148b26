"""Attendees' e-mail addresses: checked, stored, remembered per person for the next meeting,
and each calendar change to a meeting raises its invitation's SEQUENCE."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bscp_monitor.common.clock import to_utc
from bscp_monitor.common.errors import ValidationError
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings
from tests.registers import make_contract, meeting_under_way


def test_addresses_are_checked_and_remembered_per_person(store: Store) -> None:
    contract = make_contract(store)
    first = meeting_under_way(store, contract, date(2026, 3, 2))
    sarah = meetings.add_attendee(store, first, "Sarah Whitfield", email=" sarah@bromley.gov.uk ")
    assert sarah.email == "sarah@bromley.gov.uk"
    for bad in ("sarah", "sarah@", "@bromley.gov.uk", "sarah @bromley.gov.uk", "s@localhost"):
        with pytest.raises(ValidationError, match="not an e-mail address"):
            meetings.add_attendee(store, first, "Someone", email=bad)
    meetings.add_attendee(store, first, "Łukasz Wróbel", email="lukasz@example.org")

    second = meetings.schedule_meeting(store, contract, to_utc(datetime(2026, 6, 2, 9))).id
    again = meetings.add_attendee(store, second, "sarah whitfield")  # any case
    assert again.email == "sarah@bromley.gov.uk"
    assert meetings.add_attendee(store, second, "ŁUKASZ WRÓBEL").email == "lukasz@example.org"
    assert meetings.add_attendee(store, second, "Nobody Known").email == ""
    assert meetings.add_attendee(store, second, "Sarah Whitfield", email="").email == ""

    meetings.update_attendee(store, again.id, email="s.whitfield@bromley.gov.uk")
    assert meetings.remembered_email(store, "Sarah Whitfield") == "s.whitfield@bromley.gov.uk"
    with pytest.raises(ValidationError):
        meetings.update_attendee(store, again.id, email="not an address")
    stored = {a.name: a.email for a in meetings.get_meeting(store, second).attendees}
    assert stored["sarah whitfield"] == "s.whitfield@bromley.gov.uk"


def test_moving_a_meeting_raises_its_invitation_sequence(store: Store) -> None:
    contract = make_contract(store)
    meeting_id = meeting_under_way(store, contract, date(2026, 3, 2))
    summary = meetings.get_meeting(store, meeting_id).meeting
    assert summary.invite_sequence == 0
    meetings.update_meeting(store, meeting_id, chair="Sarah Whitfield")  # not in the invite
    assert meetings.get_meeting(store, meeting_id).meeting.invite_sequence == 0
    meetings.update_meeting(store, meeting_id, starts_at=summary.starts_at + timedelta(hours=1))
    assert meetings.get_meeting(store, meeting_id).meeting.invite_sequence == 1
    meetings.update_meeting(store, meeting_id, venue="Civic Centre, Room 2")
    assert meetings.get_meeting(store, meeting_id).meeting.invite_sequence == 2
    meetings.update_meeting(store, meeting_id, venue="Civic Centre, Room 2")  # no change
    assert meetings.get_meeting(store, meeting_id).meeting.invite_sequence == 2
