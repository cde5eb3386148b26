"""Words and colours for the domain's vocabularies, and small shared widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from bscp_monitor.common.dates import format_date
from bscp_monitor.common.enums import (
    AssessmentStage,
    ClauseStatus,
    ContractStatus,
    Rag,
    RiskLevel,
    VariationKind,
)
from bscp_monitor.compliance.rules import TRAINING_VALID_MONTHS, training_current
from bscp_monitor.contracts.register import DEADLINE_WARNING_MONTHS, DeadlineState

CONTRACT_STATUS_LABELS = {
    ContractStatus.DRAFT: "Draft",
    ContractStatus.ACTIVE: "Active",
    ContractStatus.EXTENDED: "Extended",
    ContractStatus.ENDED: "Ended",
    ContractStatus.DECOMMISSIONED: "Decommissioned",
}
RISK_LABELS = {RiskLevel.LOW: "Low", RiskLevel.MEDIUM: "Medium", RiskLevel.HIGH: "High"}
VARIATION_LABELS = {VariationKind.EXTENSION: "Extension", VariationKind.VARIATION: "Variation"}
CLAUSE_STATUS_LABELS = {
    ClauseStatus.NOT_ASSESSED: "Not yet assessed",
    ClauseStatus.PRESENT: "Present",
    ClauseStatus.PARTIAL: "Partial",
    ClauseStatus.MISSING: "Missing",
}
STAGE_LABELS = {
    AssessmentStage.TENDER: "Tender",
    AssessmentStage.PERIODIC: "Periodic",
    AssessmentStage.AD_HOC: "Ad hoc",
}
RAG_LABELS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green"}

#: (background, text) pairs, readable on both light and dark palettes.
RED = ("#f8d7da", "#842029")
AMBER = ("#fff3cd", "#7a4f01")
GREEN = ("#d1e7dd", "#0f5132")
GREY = ("#e9ecef", "#41464b")

RAG_COLOURS = {Rag.RED: RED, Rag.AMBER: AMBER, Rag.GREEN: GREEN}
CLAUSE_COLOURS = {
    ClauseStatus.NOT_ASSESSED: GREY,
    ClauseStatus.PRESENT: GREEN,
    ClauseStatus.PARTIAL: AMBER,
    ClauseStatus.MISSING: RED,
}
DEADLINE_COLOURS = {
    DeadlineState.PASSED: RED,
    DeadlineState.SOON: AMBER,
    DeadlineState.OK: GREEN,
    DeadlineState.NOT_APPLICABLE: GREY,
}


def deadline_text(deadline: date, state: DeadlineState) -> str:
    """The decision deadline in words, so the colour is never the only cue."""
    text = f"Decision deadline {format_date(deadline)}"
    return (
        text
        + {
            DeadlineState.PASSED: " — passed",
            DeadlineState.SOON: f" — within {DEADLINE_WARNING_MONTHS} months",
            DeadlineState.OK: "",
            DeadlineState.NOT_APPLICABLE: " — not applicable (contract closed)",
        }[state]
    )


def training_note(last_attended: date | None, today: date | None = None) -> str:
    """A warning when BSCP training was never attended or is no longer current (the S3
    rule, compliance.rules.training_current), else ''."""
    if last_attended is None:
        return "No BSCP training recorded: invite the safeguarding lead to the next session."
    if not training_current(last_attended, today or date.today()):
        return (
            f"BSCP training last attended {format_date(last_attended)}, "
            f"over {TRAINING_VALID_MONTHS} months ago: a refresher is due."
        )
    return ""


def chip_style(colours: tuple[str, str]) -> str:
    background, text = colours
    return (
        f"background-color: {background}; color: {text}; border-radius: 4px; "
        "padding: 2px 8px; font-weight: 600;"
    )


class ErrorLabel(QLabel):
    """An inline message for a user error: hidden until there is something to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("errorLabel")
        self.setStyleSheet(chip_style(RED))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()
