"""Every mapped class, importable from one place."""

from __future__ import annotations

from bscp_monitor.data.base import Base
from bscp_monitor.data.dbs import DbsCheck, DbsTally, ImportBatch, StaffMember
from bscp_monitor.data.meetings import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendee,
    Meeting,
    MeetingHold,
    MinutedAction,
    PromptResponse,
)
from bscp_monitor.data.papers import Attachment
from bscp_monitor.data.quality import MetricDefinition, MetricEntry, ThematicCheck
from bscp_monitor.data.register import (
    AuditEvent,
    ClauseCheck,
    Contract,
    ContractVariation,
    Provider,
    SelfAssessment,
)
from bscp_monitor.data.settings_model import AppSetting

__all__ = [
    "Action",
    "AppSetting",
    "Attachment",
    "ActionUpdate",
    "AgendaItem",
    "Attendee",
    "AuditEvent",
    "Base",
    "ClauseCheck",
    "Contract",
    "ContractVariation",
    "DbsCheck",
    "DbsTally",
    "ImportBatch",
    "Meeting",
    "MeetingHold",
    "MetricDefinition",
    "MetricEntry",
    "MinutedAction",
    "PromptResponse",
    "Provider",
    "SelfAssessment",
    "StaffMember",
    "ThematicCheck",
]
