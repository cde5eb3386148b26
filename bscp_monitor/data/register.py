"""The register: providers, contracts, variations, the S1-S3 records and the audit trail."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bscp_monitor.data.base import Base, UtcDateTime, str_enum, utcnow
from bscp_monitor.data.enums import (
    AssessmentStage,
    AuditAction,
    ClauseStatus,
    ContractStatus,
    Rag,
    RiskLevel,
    VariationKind,
)


class Provider(Base):
    __tablename__ = "provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: How many times the record was saved (a stale copy's edit is refused:
    #: common/versions.py); SQLAlchemy counts it and checks it on every UPDATE.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    safeguarding_lead_name: Mapped[str] = mapped_column(String(200), default="")
    safeguarding_lead_email: Mapped[str] = mapped_column(String(200), default="")
    safeguarding_lead_phone: Mapped[str] = mapped_column(String(50), default="")
    receives_bscp_updates: Mapped[bool] = mapped_column(default=False)
    bscp_training_last_attended: Mapped[date | None] = mapped_column(Date)
    dbs_column_mapping: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    contracts: Mapped[list[Contract]] = relationship(back_populates="provider")
    self_assessments: Mapped[list[SelfAssessment]] = relationship(back_populates="provider")

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class Contract(Base):
    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: How many times the record was saved (a stale copy's edit is refused:
    #: common/versions.py); SQLAlchemy counts it and checks it on every UPDATE.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    service_description: Mapped[str] = mapped_column(Text, default="")
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id", ondelete="RESTRICT"))
    commissioning_team: Mapped[str] = mapped_column(String(200), default="")
    contract_manager: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    value_pence: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ContractStatus] = mapped_column(
        str_enum(ContractStatus, "status"), default=ContractStatus.ACTIVE
    )
    risk_level: Mapped[RiskLevel] = mapped_column(
        str_enum(RiskLevel, "risk_level"), default=RiskLevel.MEDIUM
    )
    meeting_frequency_months: Mapped[int] = mapped_column(Integer, default=3)
    decision_lead_months: Mapped[int] = mapped_column(Integer, default=6)
    agenda_template: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    provider: Mapped[Provider] = relationship(back_populates="contracts")
    variations: Mapped[list[ContractVariation]] = relationship(
        back_populates="contract", order_by="ContractVariation.id"
    )
    clause_checks: Mapped[list[ClauseCheck]] = relationship(
        back_populates="contract", order_by="ClauseCheck.element"
    )

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="ends_after_start"),
        CheckConstraint("value_pence >= 0", name="value_not_negative"),
        CheckConstraint("meeting_frequency_months BETWEEN 1 AND 12", name="meeting_frequency"),
        CheckConstraint("decision_lead_months BETWEEN 0 AND 24", name="decision_lead"),
        CheckConstraint("length(trim(reference)) > 0", name="reference_not_blank"),
    )


class ContractVariation(Base):
    __tablename__ = "contract_variation"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"))
    kind: Mapped[VariationKind] = mapped_column(str_enum(VariationKind, "kind"))
    new_end_date: Mapped[date | None] = mapped_column(Date)
    approval_date: Mapped[date | None] = mapped_column(Date)
    approver: Mapped[str] = mapped_column(String(200), default="")
    route: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    contract: Mapped[Contract] = relationship(back_populates="variations")


class ClauseCheck(Base):
    """S2: one of the ten safeguarding clause elements, for one contract."""

    __tablename__ = "clause_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"))
    element: Mapped[int] = mapped_column(Integer)
    status: Mapped[ClauseStatus] = mapped_column(
        str_enum(ClauseStatus, "status"), default=ClauseStatus.NOT_ASSESSED
    )
    clause_ref: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    checked_on: Mapped[date | None] = mapped_column(Date)
    #: Its saves: a save from a stale copy is refused (common/versions.py); the edit
    #: function counts it up.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    contract: Mapped[Contract] = relationship(back_populates="clause_checks")

    __table_args__ = (
        UniqueConstraint("contract_id", "element", name="uq_clause_check_contract_element"),
        CheckConstraint("element BETWEEN 1 AND 10", name="element_range"),
    )


class SelfAssessment(Base):
    """S1: a BSCP self-assessment (section 11 audit) completed by a provider."""

    __tablename__ = "self_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id", ondelete="CASCADE"))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="SET NULL"))
    completed_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[AssessmentStage] = mapped_column(str_enum(AssessmentStage, "stage"))
    outcome: Mapped[Rag] = mapped_column(str_enum(Rag, "outcome"))
    next_due: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    provider: Mapped[Provider] = relationship(back_populates="self_assessments")

    __table_args__ = (
        CheckConstraint("next_due IS NULL OR next_due >= completed_on", name="due_after_done"),
    )


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(120))
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction, "action"))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="{}")
