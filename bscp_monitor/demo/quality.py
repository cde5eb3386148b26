"""Demo quality data (issue 5, point 8): safeguarding metrics with a year of values,
thematic checks, the other providers' staff lists and two more meetings, so that the
dashboard shows every RAG state for real reasons.

What each live contract shows (S1..S6; S1 has no amber in its rule):

- ECHS-CSE-0114 (high risk): metrics with monthly values, DBS compliance computed from the
  register, an exploitation check done last month (amber findings, a follow-up action):
  S5 and S6 green; S4 red for its missing and expired DBS records.
- ECHS-DA-0221 (high risk): one meeting three months ago although it meets monthly, no
  metric, a planned domestic abuse check never done: S5 and S6 red, a meeting overdue.
- ECHS-SB-0305 (medium risk): a safeguarding metric but no meeting yet, a safer recruitment
  check done just under a year ago, one DBS re-check due within 90 days: S4, S5, S6 amber.
- ECHS-RHI-0412 (low risk, draft): a mobilisation meeting with a safeguarding discussion, its
  own metric, all staff in date: green on every standard.

Everything goes through the core services, with dates relative to ``today``.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bscp_monitor.common.clock import to_utc
from bscp_monitor.common.dates import add_months
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import (
    Attendance,
    MeetingStatus,
    MetricDirection,
    MetricFrequency,
    MetricUnit,
    Rag,
)
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.importer import import_file
from bscp_monitor.demo.dbs import HEADER
from bscp_monitor.meetings import agenda, meetings, metrics, thematic_checks

#: Months ago -> (children and young people supported, waiting list) of the CSE service; the
#: waiting list falls after the recovery plan asked for at the meeting five months ago.
CSE_MONTHS = {
    11: (11, 9),
    10: (12, 8),
    9: (12, 8),
    8: (13, 7),
    7: (14, 6),
    6: (14, 5),
    5: (15, 4),
    4: (15, 3),
    3: (16, 3),
    2: (16, 2),
    1: (17, 2),
    0: (15, 3),
}
#: Months ago -> safeguarding concerns raised at the short breaks service.
SB_CONCERNS = {5: 1, 4: 0, 3: 2, 2: 1, 1: 0, 0: 1}


def _at(day: date, hour: int = 10) -> datetime:
    return to_utc(datetime.combine(day, time(hour, 0)))


def _contract_id(store: Store, reference: str) -> int:
    record = contracts.find_contract(store, reference)
    assert record is not None, reference
    return record.id


def seed_demo_quality(store: Store, today: date) -> None:
    _import_registers(store, today)
    _cse(store, _contract_id(store, "ECHS-CSE-0114"), today)
    _domestic_abuse(store, _contract_id(store, "ECHS-DA-0221"), today)
    _short_breaks(store, _contract_id(store, "ECHS-SB-0305"), today)
    _return_home(store, _contract_id(store, "ECHS-RHI-0412"), today)


# -- ECHS-CSE-0114 ----------------------------------------------------------------------------


def _cse(store: Store, contract_id: int, today: date) -> None:
    supported = metrics.add_from_library(store, contract_id, "Children and young people supported")
    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    for months_ago, (people, waiting_list) in CSE_MONTHS.items():
        period = add_months(today, -months_ago)
        metrics.record_value(store, supported.id, period, people, today=today)
        metrics.record_value(store, waiting.id, period, waiting_list, today=today)
    dbs = metrics.add_from_library(
        store, contract_id, "% of contact staff with an in-date enhanced DBS"
    )
    for months_ago in range(11, -1, -1):  # from the DBS register, as it stood each month
        metrics.compute(store, dbs.id, add_months(today, -months_ago), today=today)

    done = add_months(today, -1)
    check = thematic_checks.plan_check(
        store,
        contract_id,
        "Exploitation",
        done - timedelta(days=7),
        scope="Case files of 8 young people open to the service; the route for sharing "
        "exploitation intelligence with the Atlas Team and the police.",
    )
    thematic_checks.record_outcome(
        store,
        check.id,
        done,
        "Risk assessments were in place for 7 of the 8 young people and reviewed after each "
        "missing episode. Intelligence about county lines was shared with the Atlas Team, but "
        "not always within 24 hours, and one referral to the police was not recorded.",
        Rag.AMBER,
    )
    thematic_checks.raise_thematic_action(
        store,
        check.id,
        "Record every exploitation intelligence report shared with the Atlas Team, with the "
        "date shared, and audit 24-hour sharing monthly",
        "Joanne Pryce",
        "Barnardo's",
        add_months(today, 1),
    )
    thematic_checks.plan_check(
        store, contract_id, "Voice of the child", add_months(today, 4), scope="Feedback loops."
    )


# -- ECHS-DA-0221 -----------------------------------------------------------------------------


def _domestic_abuse(store: Store, contract_id: int, today: date) -> None:
    _held_meeting(
        store,
        contract_id,
        add_months(today, -3),
        venue="Bromley Civic Centre, Room 2.08",
        people=(
            ("Daniel Okafor", "London Borough of Bromley", "Contract manager (chair)"),
            ("Marcus Adeyemi", "Bridgeway Family Support CIC", "Safeguarding lead"),
        ),
        discussion="Two children disclosed further abuse during group sessions; both were "
        "referred to MASH the same day. The facilitators' DBS checks are being renewed.",
    )
    thematic_checks.plan_check(
        store,
        contract_id,
        "Domestic abuse",
        add_months(today, -1),
        scope="Safety planning with non-abusing parents; MARAC referrals.",
    )


# -- ECHS-SB-0305 -----------------------------------------------------------------------------


def _short_breaks(store: Store, contract_id: int, today: date) -> None:
    concerns = metrics.add_from_library(store, contract_id, "Safeguarding concerns raised")
    for months_ago, count in SB_CONCERNS.items():
        metrics.record_value(store, concerns.id, add_months(today, -months_ago), count, today=today)
    # Medium risk: every 12 months. Done a little under a year ago, so the next is due soon.
    done = add_months(today + timedelta(days=20), -12)
    check = thematic_checks.plan_check(
        store,
        contract_id,
        "Safer recruitment",
        done,
        scope="Recruitment files of the 6 staff who joined for the new contract.",
    )
    thematic_checks.record_outcome(
        store,
        check.id,
        done,
        "All files held two references, an enhanced DBS with the children's barred list and "
        "a full employment history with gaps explained.",
        Rag.GREEN,
    )
    thematic_checks.plan_check(
        store,
        contract_id,
        "Neglect",
        today + timedelta(days=14),
        scope="Overnight short breaks: recording and escalating signs of neglect.",
    )


# -- ECHS-RHI-0412 ----------------------------------------------------------------------------


def _return_home(store: Store, contract_id: int, today: date) -> None:
    metrics.define_metric(
        store,
        contract_id,
        "Return home interviews offered within 72 hours",
        MetricUnit.PERCENTAGE,
        MetricDirection.HIGHER_IS_BETTER,
        target=100,
        amber=95,
        red=85,
        frequency=MetricFrequency.MONTHLY,
    )
    _held_meeting(
        store,
        contract_id,
        add_months(today, -1),
        venue="Bromley Civic Centre, Room 1.02",
        people=(
            ("Sarah Whitfield", "London Borough of Bromley", "Contract manager (chair)"),
            ("Priya Shah", "Safe Haven Youth Trust", "Safeguarding lead"),
        ),
        discussion="Mobilisation: the safeguarding policy names the BSCP, all interviewers "
        "hold an enhanced DBS with the children's barred list, and intelligence will go to "
        "the Atlas Team within 24 hours of an interview.",
    )


# -- shared -----------------------------------------------------------------------------------


def _held_meeting(
    store: Store,
    contract_id: int,
    day: date,
    venue: str,
    people: tuple[tuple[str, str, str], ...],
    discussion: str,
) -> int:
    """A meeting held on ``day`` with a safeguarding discussion, its minutes in draft."""
    meeting = meetings.schedule_meeting(
        store, contract_id, _at(day), venue=venue, chair=people[0][0], minute_taker=people[0][0]
    )
    for name, organisation, role in people:
        meetings.add_attendee(store, meeting.id, name, organisation, role, Attendance.PRESENT)
    meetings.set_status(store, meeting.id, MeetingStatus.IN_PROGRESS)
    detail = meetings.get_meeting(store, meeting.id)
    agenda.update_item(store, detail.safeguarding_item.id, discussion=discussion)
    meetings.set_status(store, meeting.id, MeetingStatus.DRAFT_MINUTES)
    return meeting.id


def _registers(today: date) -> dict[str, list[list[str]]]:
    def d(months: int) -> str:
        return add_months(today, months).strftime("%d/%m/%Y")

    barred = "Enhanced with children's barred list"
    return {
        "Kestrel Care Ltd": [
            ["Helen O'Connor", "Registered manager", "Regular", "003012345678", d(-9), barred,
             "Yes", ""],
            ["Daniel Fraser", "Short breaks worker", "Direct", "003023456789", d(-14), barred,
             "No", ""],
            ["Chloe Barker", "Short breaks worker", "Direct", "003034567890", d(-22), barred,
             "No", ""],
            ["Kwame Asante", "Night care worker", "Direct", "003045678901", d(-35), barred,
             "No", ""],  # re-check due next month
            ["Janet Hollis", "Driver", "Occasional", "003056789012", d(-30), "Standard", "No",
             ""],
        ],
        "Safe Haven Youth Trust": [
            ["Priya Shah", "Safeguarding lead", "Direct", "004012345678", d(-6), barred, "Yes",
             ""],
            ["Owen Price", "Return home interviewer", "Direct", "004023456789", d(-3), barred,
             "No", ""],
            ["Fatima Begum", "Return home interviewer", "Direct", "004034567890", d(-12),
             barred, "No", ""],
        ],
    }  # fmt: skip


def _import_registers(store: Store, today: date) -> None:
    """The providers' staff lists, imported through the real import path (as demo_dbs)."""
    with tempfile.TemporaryDirectory(prefix="bscp-demo-") as folder:
        for number, (provider, rows) in enumerate(_registers(today).items()):
            path = Path(folder) / f"register-{number}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow([f"{provider} - staff list"])
                writer.writerow(HEADER)
                writer.writerows(rows)
            import_file(store, path, provider)
