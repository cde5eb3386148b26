"""The closed vocabularies of the domain (stored as their string values)."""

from __future__ import annotations

from enum import StrEnum


class ContractStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    EXTENDED = "extended"
    ENDED = "ended"
    DECOMMISSIONED = "decommissioned"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class VariationKind(StrEnum):
    EXTENSION = "extension"
    VARIATION = "variation"


class ClauseStatus(StrEnum):
    NOT_ASSESSED = "not_assessed"
    PRESENT = "present"
    PARTIAL = "partial"
    MISSING = "missing"


class AssessmentStage(StrEnum):
    TENDER = "tender"
    PERIODIC = "periodic"
    AD_HOC = "ad_hoc"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class ContactLevel(StrEnum):
    DIRECT = "direct"
    REGULAR = "regular"
    OCCASIONAL = "occasional"
    NONE = "none"


class DbsLevel(StrEnum):
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"
    ENHANCED_BARRED = "enhanced_barred"
    UNKNOWN = "unknown"


class BarredList(StrEnum):
    NONE = "none"
    CHILDREN = "children"
    ADULTS = "adults"
    BOTH = "both"


class DbsStanding(StrEnum):
    """What a person's latest DBS check amounts to, leaving out the date (kept in the
    database by triggers; see data/dbs_triggers.py). The date bands -- expired, due for
    re-check, in date -- follow from the expiry date kept beside it."""

    MISSING = "missing"  # no check, or no certificate number
    INVALID = "invalid"  # not the check the contact needs, or no expiry date
    DATED = "dated"  # a usable check with an expiry date


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DRAFT_MINUTES = "draft_minutes"
    APPROVED = "approved"


class Attendance(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class AgendaKind(StrEnum):
    STANDARD = "standard"
    SAFEGUARDING = "safeguarding"
    ACTIONS_REVIEW = "actions_review"
    PERFORMANCE = "performance"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class MetricUnit(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    DAYS = "days"
    POUNDS = "pounds"


class MetricDirection(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class MetricFrequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    ARCHIVE = "archive"
    RESTORE = "restore"
    REVEAL = "reveal"
    IMPORT = "import"
