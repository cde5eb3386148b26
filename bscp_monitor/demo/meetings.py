"""Demo meetings of the CSE Recovery Service: approved minutes, a draft, and the next one
planned, with actions that are done, open and overdue."""

from __future__ import annotations

from datetime import date, datetime, time

from bscp_monitor.common.clock import to_utc
from bscp_monitor.common.dates import add_months
from bscp_monitor.data.enums import ActionStatus, Attendance, MeetingStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings

PEOPLE = (
    ("Sarah Whitfield", "London Borough of Bromley", "Contract manager (chair)"),
    ("Joanne Pryce", "Barnardo's", "Safeguarding lead"),
    ("Tom Ellery", "Barnardo's", "Service manager, CSE Recovery Service"),
    ("Ruth Campbell", "London Borough of Bromley", "Atlas Team manager"),
    ("Daniel Okafor", "London Borough of Bromley", "Commissioning officer (minutes)"),
)

RESPONSES = {  # keys of resources/safeguarding_prompts.json
    "concerns_referrals": "Three safeguarding concerns raised, all referred on the same day: "
    "two referrals to children's social care (MASH), both accepted for assessment.",
    "allegations_lado": "No allegations against staff or volunteers this quarter.",
    "safer_recruitment_dbs": "Two appointments since the last meeting; both followed safer "
    "recruitment, references and enhanced DBS with children's barred list seen.",
    "training": "Induction complete for the new worker. Two sessional staff are overdue for "
    "refresher training.",
    "policies": "Safeguarding is a standing item in team meetings and supervision; the policy "
    "was reviewed in March.",
    "exploitation_peer_abuse": "Rising concern about county lines recruitment near two "
    "secondary schools; shared with the Atlas Team and police.",
    "bscp_messages": "Learning from the latest LCSPR on adolescent exploitation cascaded at "
    "the team day.",
}


def _at(day: date, hour: int = 10) -> datetime:
    return to_utc(datetime.combine(day, time(hour, 0)))


def seed_demo_meetings(store: Store, contract_id: int, today: date) -> None:
    first_day = add_months(today, -5)
    second_day = add_months(today, -2)
    next_day = add_months(today, 1)

    first = meetings.schedule_meeting(
        store,
        contract_id,
        _at(first_day),
        venue="Bromley Civic Centre, Room 2.14",
        chair="Sarah Whitfield",
        minute_taker="Daniel Okafor",
    )
    second = meetings.schedule_meeting(
        store,
        contract_id,
        _at(second_day),
        venue="Barnardo's, Orpington office",
        chair="Sarah Whitfield",
        minute_taker="Daniel Okafor",
    )
    planned = meetings.schedule_meeting(
        store,
        contract_id,
        _at(next_day),
        venue="",
        online=True,
        chair="Sarah Whitfield",
        minute_taker="Daniel Okafor",
    )

    # -- the first meeting: fully minuted, later approved ---------------------------------
    _attend(store, first.id, apologies={"Ruth Campbell"})
    detail = meetings.get_meeting(store, first.id)
    items = {i.title: i for i in detail.items}
    meetings.set_status(store, first.id, MeetingStatus.IN_PROGRESS)
    agenda.update_item(
        store,
        items["Welcome and apologies"].id,
        discussion="Introductions. Apologies from Ruth Campbell (Atlas Team).",
    )
    agenda.update_item(
        store,
        items["Performance and metrics"].id,
        discussion="15 young people supported this quarter, 4 on the waiting list. "
        "Average wait 19 days against a target of 14.",
        decisions="Provider to bring a waiting list recovery plan.",
    )
    for prompt in detail.safeguarding_item.prompts:
        if prompt.key in RESPONSES:
            agenda.update_prompt(
                store,
                prompt.id,
                response=RESPONSES[prompt.key],
                concern=prompt.key in {"training", "exploitation_peer_abuse"},
            )
    agenda.update_item(
        store,
        detail.safeguarding_item.id,
        discussion="The provider's safeguarding lead summarised the quarter. "
        "Training compliance for sessional staff is the main gap.",
    )
    agenda.update_item(
        store,
        items["Voice of the child and feedback"].id,
        discussion="Feedback from 9 young people: 8 would recommend the service. "
        "One asked for sessions after school hours.",
    )
    waiting = actions.raise_action(
        store,
        first.id,
        items["Performance and metrics"].id,
        "Bring a waiting list recovery plan with weekly figures",
        "Tom Ellery",
        "Barnardo's",
        add_months(today, -4),
    )
    training = actions.raise_action(
        store,
        first.id,
        detail.safeguarding_item.id,
        "Sessional staff to complete safeguarding refresher training; send the training matrix",
        "Joanne Pryce",
        "Barnardo's",
        add_months(today, -3),
    )
    sharing = actions.raise_action(
        store,
        first.id,
        detail.safeguarding_item.id,
        "Agree an information-sharing route for exploitation intelligence with the Atlas Team",
        "Sarah Whitfield",
        "London Borough of Bromley",
        add_months(today, 2),
    )
    meetings.update_meeting(store, first.id, next_meeting_on=second_day)
    meetings.set_status(store, first.id, MeetingStatus.DRAFT_MINUTES)

    # -- the second meeting: minuted in draft; approves the first --------------------------
    _attend(store, second.id, apologies=set())
    detail2 = meetings.get_meeting(store, second.id)
    items2 = {i.title: i for i in detail2.items}
    meetings.set_status(store, second.id, MeetingStatus.IN_PROGRESS)
    meetings.approve_minutes(
        store, first.id, "Sarah Whitfield", second.id, approved_at=_at(second_day, 11)
    )
    agenda.update_item(
        store,
        items2["Minutes of the last meeting and matters arising"].id,
        discussion="The minutes of the previous meeting were agreed as accurate.",
    )
    actions.update_action(
        store,
        waiting.id,
        ActionStatus.DONE,
        "Recovery plan received; waiting list down to 2.",
        second.id,
        completed_on=second_day,
    )
    actions.update_action(
        store,
        training.id,
        ActionStatus.IN_PROGRESS,
        "4 of 6 sessional staff trained; 2 booked.",
        second.id,
    )
    agenda.update_prompt(
        store,
        _prompt(detail2, "concerns_referrals"),
        response="One new concern, referred to MASH the same day.",
    )
    agenda.update_prompt(
        store,
        _prompt(detail2, "allegations_lado"),
        response="One allegation against a volunteer, referred to the LADO; "
        "the volunteer is stood down pending the outcome.",
        concern=True,
    )
    agenda.update_item(
        store,
        items2["Risks and issues"].id,
        discussion="Contract end date approaching; the decision deadline has "
        "passed. Re-procurement options paper due to the Executive.",
    )
    actions.raise_action(
        store,
        second.id,
        items2["Risks and issues"].id,
        "Options paper for the future CSE service to the Executive",
        "Sarah Whitfield",
        "London Borough of Bromley",
        add_months(today, -1),
    )
    actions.raise_action(
        store,
        second.id,
        detail2.safeguarding_item.id,
        "Confirm the LADO outcome and any learning for the service",
        "Joanne Pryce",
        "Barnardo's",
        add_months(today, 1),
    )
    meetings.update_meeting(store, second.id, next_meeting_on=next_day)
    meetings.set_status(store, second.id, MeetingStatus.DRAFT_MINUTES)
    del sharing, planned


def _attend(store: Store, meeting_id: int, apologies: set[str]) -> None:
    for name, organisation, role in PEOPLE:
        meetings.add_attendee(
            store,
            meeting_id,
            name,
            organisation,
            role,
            Attendance.APOLOGIES if name in apologies else Attendance.PRESENT,
        )


def _prompt(detail: meetings.MeetingDetail, key: str) -> int:
    return next(p.id for p in detail.safeguarding_item.prompts if p.key == key)
