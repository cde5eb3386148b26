"""The BSCP minimum expectations (S1-S6) and the ten safeguarding clause elements, as data.

Source: "Safe commissioning - BSCP minimum expectations" (shared/seeds/000_*.txt).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Standard:
    code: str
    title: str
    expectation: str


@dataclass(frozen=True)
class ClauseElement:
    number: int
    title: str
    text: str
    question: str


STANDARDS: tuple[Standard, ...] = (
    Standard(
        "S1",
        "Self-assessment",
        "The provider has completed a BSCP self-assessment (section 11 audit) and keeps "
        "engaging in it at the agreed intervals.",
    ),
    Standard(
        "S2",
        "Safeguarding clause",
        "The contract has a standard safeguarding clause containing the ten elements.",
    ),
    Standard(
        "S3",
        "BSCP information and training",
        "Contractors and sub-contractors receive BSCP information and updates and can take "
        "part in BSCP training.",
    ),
    Standard(
        "S4",
        "DBS records",
        "DBS numbers and expiry dates are recorded for contracted staff who work directly "
        "with, or have regular contact with, children.",
    ),
    Standard(
        "S5",
        "Performance management",
        "A safeguarding discussion at each contract monitoring meeting, and safeguarding "
        "metrics in the contract.",
    ),
    Standard(
        "S6",
        "Thematic checks",
        "Thematic checks as part of quality assurance, as often as the contract's risk requires.",
    ),
)

CLAUSE_ELEMENTS: tuple[ClauseElement, ...] = (
    ClauseElement(
        1,
        "Safeguarding children",
        "An explicit reference to safeguarding children and young people.",
        "Does the service keep safeguarding children and young people explicit in its work?",
    ),
    ClauseElement(
        2,
        "Legislation and guidance",
        "An explicit reference to the legislation: Children Act 1989 and 2004, Working Together "
        "to Safeguard Children (2018), the London Child Protection Procedures, DBS checks: "
        "guidance for employers, and BSCP guidance.",
        "Is practice in line with the Children Act 1989 and 2004, Working Together 2018, the "
        "London Child Protection Procedures, DBS guidance and BSCP guidance?",
    ),
    ClauseElement(
        3,
        "Safer recruitment",
        "Adherence to the BSCP safer recruitment minimum standards.",
        "Have all recent appointments followed the BSCP safer recruitment minimum standards?",
    ),
    ClauseElement(
        4,
        "Safeguarding policy",
        "A safeguarding and child protection policy that meets the BSCP's policy guidance.",
        "Is the safeguarding and child protection policy in place, in date and in line with "
        "BSCP policy guidance?",
    ),
    ClauseElement(
        5,
        "Whistleblowing policy",
        "A whistleblowing policy in place.",
        "Is the whistleblowing policy in place and known to staff?",
    ),
    ClauseElement(
        6,
        "Induction and training",
        "Safeguarding induction and continued training for staff and volunteers.",
        "Have all staff and volunteers had safeguarding induction, and is their training in date?",
    ),
    ClauseElement(
        7,
        "BSCP messages cascaded",
        "Key BSCP messages, including lessons from Local Child Safeguarding Practice Reviews and "
        "audits, cascaded to all staff.",
        "Which BSCP messages and practice-review lessons have been cascaded to staff since the "
        "last meeting?",
    ),
    ClauseElement(
        8,
        "Signs of abuse and extra-familial harm",
        "Staff alert to the signs and symptoms of abuse and neglect and know what to do, with "
        "specific reference to extra-familial harm such as exploitation and peer-on-peer abuse.",
        "Are staff alert to signs of abuse and neglect, including exploitation and peer-on-peer "
        "abuse, and do they know what to do?",
    ),
    ClauseElement(
        9,
        "Reporting concerns",
        "Complying with BSCP arrangements to report and respond to concerns, and co-operating "
        "with safeguarding enquiries.",
        "Have concerns been reported and responded to under BSCP arrangements, and enquiries "
        "co-operated with?",
    ),
    ClauseElement(
        10,
        "Allegations and the LADO",
        "Responding to allegations against staff and volunteers, and co-operation with the Local "
        "Authority Designated Officer (LADO).",
        "Have there been any allegations against staff or volunteers, and were they referred to "
        "the LADO?",
    ),
)


def clause_element(number: int) -> ClauseElement:
    return CLAUSE_ELEMENTS[number - 1]


# The safeguarding item's questions are data: resources/safeguarding_prompts.json, read by
# bscp_monitor.meetings.prompt_set.
