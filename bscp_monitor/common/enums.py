"""The closed vocabularies of the domain (statuses, levels, RAG...), for the wings above
and the UI, which never import ``bscp_monitor.data`` themselves."""

from __future__ import annotations

from bscp_monitor.data.enums import (
    ActionStatus,
    AgendaKind,
    AssessmentStage,
    Attendance,
    AuditAction,
    BarredList,
    ClauseStatus,
    ContactLevel,
    ContractStatus,
    DbsLevel,
    DbsStanding,
    MeetingStatus,
    MetricDirection,
    MetricFrequency,
    MetricUnit,
    Rag,
    RiskLevel,
    VariationKind,
)

__all__ = [
    "ActionStatus",
    "AgendaKind",
    "AssessmentStage",
    "Attendance",
    "AuditAction",
    "BarredList",
    "ClauseStatus",
    "ContactLevel",
    "ContractStatus",
    "DbsLevel",
    "DbsStanding",
    "MeetingStatus",
    "MetricDirection",
    "MetricFrequency",
    "MetricUnit",
    "Rag",
    "RiskLevel",
    "VariationKind",
]
