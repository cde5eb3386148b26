"""The demo register, built from the source documents, with dates relative to today.

Barnardo's CSE Recovery Service keeps its real history from Bromley report CSD17132
(due to end 30/09/2017, extended 12 months to 30/09/2018 by an exemption to competitive
tendering); the other providers and contracts are invented but typical.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from bscp_monitor.common.dates import add_months
from bscp_monitor.common.errors import UserError
from bscp_monitor.contracts import clauses, providers, self_assessments
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import (
    AssessmentStage,
    ClauseStatus,
    ContractStatus,
    Rag,
    RiskLevel,
    VariationKind,
)
from bscp_monitor.data.models import Contract, Provider
from bscp_monitor.data.store import Store
from bscp_monitor.demo.dbs import seed_demo_dbs
from bscp_monitor.demo.meetings import seed_demo_meetings
from bscp_monitor.demo.quality import seed_demo_quality


@dataclass(frozen=True)
class DemoSummary:
    providers: int
    contracts: int


P = ClauseStatus.PRESENT
A = ClauseStatus.PARTIAL
M = ClauseStatus.MISSING
N = ClauseStatus.NOT_ASSESSED


def seed_demo(store: Store, today: date | None = None) -> DemoSummary:
    """Fill an empty database with the demo register; refuse one that holds any records."""
    today = today or date.today()
    with store.session() as session:
        # Any provider too: a clash of names half-way through would leave half a demo behind.
        if session.scalar(select(func.count(Contract.id))) or session.scalar(
            select(func.count(Provider.id))
        ):
            raise UserError(
                "This database already holds contracts or providers; the demo is only added to "
                "an empty one. Use a new file, or bscp-monitor --demo."
            )

    barnardos = providers.create_provider(
        store,
        "Barnardo's",
        address="Barnardo's London, Tanners Lane, Barkingside, Ilford IG6 1QG",
        safeguarding_lead_name="Joanne Pryce",
        safeguarding_lead_email="safeguarding.london@example.org.uk",
        safeguarding_lead_phone="020 8550 8822",
        receives_bscp_updates=True,
        bscp_training_last_attended=add_months(today, -5),
    )
    bridgeway = providers.create_provider(
        store,
        "Bridgeway Family Support CIC",
        address="14 Station Road, Orpington BR6 0RZ",
        safeguarding_lead_name="Marcus Adeyemi",
        safeguarding_lead_email="m.adeyemi@bridgeway.example.org",
        safeguarding_lead_phone="01689 555 014",
        receives_bscp_updates=False,
        bscp_training_last_attended=None,
    )
    kestrel = providers.create_provider(
        store,
        "Kestrel Care Ltd",
        address="Unit 3, Crayfields Business Park, St Paul's Cray BR5 3HP",
        safeguarding_lead_name="Helen O'Connor",
        safeguarding_lead_email="helen.oconnor@kestrelcare.example.co.uk",
        safeguarding_lead_phone="020 8300 5522",
        receives_bscp_updates=True,
        bscp_training_last_attended=add_months(today, -16),
    )
    haven = providers.create_provider(
        store,
        "Safe Haven Youth Trust",
        address="The Old Library, High Street, Penge SE20 7HB",
        safeguarding_lead_name="Priya Shah",
        safeguarding_lead_email="priya.shah@safehaven.example.org.uk",
        receives_bscp_updates=True,
        bscp_training_last_attended=add_months(today, -2),
    )

    # 1. The CSE Recovery Service and its history (report CSD17132).
    cse = contracts.create_contract(
        store,
        reference="ECHS-CSE-0114",
        title="Child Sexual Exploitation (CSE) Recovery Service",
        service_description=(
            "Direct support to children and young people under 18 (and looked after children "
            "under 21 living within the M25) at risk of sexual exploitation; awareness raising "
            "and training for Bromley social workers. Integrated with the Atlas Team."
        ),
        provider_id=barnardos.id,
        commissioning_team="Children's Commissioning (ECHS)",
        contract_manager="Sarah Whitfield",
        start_date=date(2014, 10, 1),
        end_date=date(2017, 9, 30),
        value_pence=16_500_000,
        status=ContractStatus.ACTIVE,
        risk_level=RiskLevel.HIGH,
        meeting_frequency_months=3,
        decision_lead_months=6,
    )
    contracts.add_variation(
        store,
        cse.id,
        VariationKind.EXTENSION,
        new_end_date=date(2018, 9, 30),
        approval_date=date(2017, 9, 26),
        approver="Portfolio Holder for Education, Children and Families",
        route="Exemption to competitive tendering (urgent decision, call-in waived)",
        reason=(
            "Report CSD17132: 12-month further award from 01/10/2017 to 30/09/2018 while the "
            "service model and the Atlas Team are reviewed. 15 young people supported, 4 waiting."
        ),
    )
    contracts.add_variation(
        store,
        cse.id,
        VariationKind.EXTENSION,
        new_end_date=add_months(today, 4),
        approval_date=add_months(today, -20),
        approver="Executive, Children, Education and Families",
        route="Contract extension under the Contract Procedure Rules",
        reason="Service re-modelled after the Atlas Team review; extended pending re-procurement.",
    )
    contracts.add_variation(
        store,
        cse.id,
        VariationKind.VARIATION,
        new_end_date=None,
        approval_date=add_months(today, -9),
        approver="Director of Children's Social Care",
        route="Contract variation (within delegated authority)",
        reason="Ofsted noted this was the only CSE service offered: wrap-around support for "
        "siblings added to the specification.",
    )
    _clauses(store, cse.id, [P, P, P, P, P, A, P, P, P, A], today, "Schedule 2, cl. 14")
    self_assessments.add_self_assessment(
        store,
        barnardos.id,
        add_months(today, -30),
        AssessmentStage.TENDER,
        Rag.GREEN,
        next_due=add_months(today, -6),
        notes="Section 11 audit at the 2014 tender refreshed.",
    )
    self_assessments.add_self_assessment(
        store,
        barnardos.id,
        add_months(today, -7),
        AssessmentStage.PERIODIC,
        Rag.AMBER,
        next_due=add_months(today, 17),
        notes="Training records for sessional staff incomplete; action plan agreed.",
    )

    # 2. A high-risk domestic abuse service whose decision deadline is near.
    da = contracts.create_contract(
        store,
        reference="ECHS-DA-0221",
        title="Children's Domestic Abuse Recovery Programme",
        service_description="Group and one-to-one recovery work with children and young people "
        "who have lived with domestic abuse, and their non-abusing parents.",
        provider_id=bridgeway.id,
        commissioning_team="Children's Commissioning (ECHS)",
        contract_manager="Daniel Okafor",
        start_date=add_months(today, -28),
        end_date=add_months(today, 8),
        value_pence=42_000_000,
        status=ContractStatus.ACTIVE,
        risk_level=RiskLevel.HIGH,
        meeting_frequency_months=1,
    )
    _clauses(store, da.id, [P, P, A, P, M, P, A, P, P, P], today, "Clause 9.")
    self_assessments.add_self_assessment(
        store,
        bridgeway.id,
        add_months(today, -27),
        AssessmentStage.TENDER,
        Rag.AMBER,
        next_due=add_months(today, -3),
        notes="Completed at tender; periodic audit now overdue.",
    )

    # 3. A medium-risk short breaks service with years to run.
    sb = contracts.create_contract(
        store,
        reference="ECHS-SB-0305",
        title="Short Breaks for Disabled Children",
        service_description="Overnight and day short breaks for disabled children and young "
        "people aged 5 to 18, including holiday schemes.",
        provider_id=kestrel.id,
        commissioning_team="SEND and Disabled Children's Commissioning",
        contract_manager="Aisha Rahman",
        start_date=add_months(today, -13),
        end_date=add_months(today, 38),
        value_pence=118_750_000,
        status=ContractStatus.ACTIVE,
        risk_level=RiskLevel.MEDIUM,
        meeting_frequency_months=3,
    )
    _clauses(store, sb.id, [P, A, N, N, P, N, N, A, N, N], today, "Section 7.")
    self_assessments.add_self_assessment(
        store,
        kestrel.id,
        add_months(today, -11),
        AssessmentStage.TENDER,
        Rag.GREEN,
        next_due=add_months(today, 13),
    )

    # 4. A low-risk service still in draft, and 5. one decommissioned last year.
    rhi = contracts.create_contract(
        store,
        reference="ECHS-RHI-0412",
        title="Return Home Interviews for Children Missing from Home and Care",
        service_description="Independent return home interviews within 72 hours of a child "
        "returning, with intelligence shared with the Atlas Team.",
        provider_id=haven.id,
        commissioning_team="Children's Commissioning (ECHS)",
        contract_manager="Sarah Whitfield",
        start_date=add_months(today, 2),
        end_date=add_months(today, 26),
        value_pence=9_600_000,
        status=ContractStatus.DRAFT,
        risk_level=RiskLevel.LOW,
        meeting_frequency_months=6,
    )
    _clauses(store, rhi.id, [P, P, P, P, P, P, P, P, P, P], today, "Schedule 1, para ")
    ym = contracts.create_contract(
        store,
        reference="ECHS-YM-0098",
        title="Youth Mentoring Scheme",
        service_description="Volunteer mentoring for young people at risk of exclusion.",
        provider_id=haven.id,
        commissioning_team="Early Intervention and Family Support",
        contract_manager="Daniel Okafor",
        start_date=add_months(today, -50),
        end_date=add_months(today, -14),
        value_pence=4_500_000,
        status=ContractStatus.DECOMMISSIONED,
        risk_level=RiskLevel.LOW,
        meeting_frequency_months=6,
    )
    _clauses(store, ym.id, [P, M, M, P, P, A, M, A, P, P], today, "Cl. ")
    self_assessments.add_self_assessment(
        store,
        haven.id,
        add_months(today, -4),
        AssessmentStage.AD_HOC,
        Rag.GREEN,
        next_due=add_months(today, 20),
        notes="Ahead of the return home interviews award.",
    )
    seed_demo_meetings(store, cse.id, today)
    seed_demo_dbs(store, today)
    seed_demo_quality(store, today)
    return DemoSummary(providers=4, contracts=5)


def _clauses(
    store: Store, contract_id: int, statuses: list[ClauseStatus], today: date, ref: str
) -> None:
    for number, status in enumerate(statuses, start=1):
        if status is ClauseStatus.NOT_ASSESSED:
            continue
        clauses.update_clause_check(
            store,
            contract_id,
            number,
            status=status,
            clause_ref="" if status is ClauseStatus.MISSING else _clause_ref(ref, number),
            note={
                ClauseStatus.PRESENT: "",
                ClauseStatus.PARTIAL: "Wording does not name the BSCP; to be strengthened at "
                "the next variation.",
                ClauseStatus.MISSING: "Not in the contract; provider asked to confirm its policy.",
            }[status],
            checked_on=add_months(today, -1),
        )


def _clause_ref(prefix: str, number: int) -> str:
    """'Schedule 2, cl. 14' + 3 -> 'Schedule 2, cl. 14.3'; 'Clause 9.' + 3 -> 'Clause 9.3'."""
    return f"{prefix}{number}" if prefix.endswith((" ", ".")) else f"{prefix}.{number}"
