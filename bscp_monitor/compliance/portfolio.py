"""The compliance of the whole portfolio in the shapes its readers need: the alerts of every
contract in one list (soonest first, each rated), counts per standard, and the JSON document
of ``bscp-monitor compliance --json``. Shared by the dashboard, the CLI and the board report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bscp_monitor.common.settings import thematic_interval_months
from bscp_monitor.compliance.facts import PortfolioFacts, load_facts, start_loading_facts
from bscp_monitor.compliance.rules import (
    RAG_ORDER,
    Alert,
    AlertKind,
    ContractCompliance,
    judge_portfolio,
)
from bscp_monitor.data.enums import Rag
from bscp_monitor.data.store import Store
from bscp_monitor.standards import STANDARDS

STANDARD_CODES: tuple[str, ...] = tuple(s.code for s in STANDARDS)
STANDARD_TITLES: dict[str, str] = {s.code: s.title for s in STANDARDS}
OVERALL = "Overall"
RAG_WORDS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green"}
ALERT_KIND_LABELS = {
    AlertKind.DECISION_DEADLINE: "Decision deadline",
    AlertKind.CONTRACT_ENDING: "Contract ending",
    AlertKind.MEETING_OVERDUE: "Meeting overdue",
    AlertKind.ACTION_OVERDUE: "Actions overdue",
    AlertKind.SELF_ASSESSMENT_DUE: "Self-assessment due",
    AlertKind.DBS: "DBS checks",
    AlertKind.THEMATIC_CHECK_DUE: "Thematic check due",
}


def alert_state(rag: Rag) -> str:
    """The alert's urgency in words, so colour is never the only cue."""
    return "Overdue" if rag is Rag.RED else "Due soon"


@dataclass(slots=True)  # not frozen: a large register has thousands, and frozen ones are slower
class PortfolioAlert:
    contract_id: int
    reference: str
    title: str
    provider: str
    alert: Alert
    rag: Rag

    @property
    def kind_label(self) -> str:
        return ALERT_KIND_LABELS[self.alert.kind]


def portfolio_alerts(results: Iterable[ContractCompliance], today: date) -> list[PortfolioAlert]:
    """Every contract's alerts in one list, sorted by due date (undated alerts -- overdue
    actions, DBS checks -- count as due today), the most urgent first on the same day."""
    alerts = [
        PortfolioAlert(c.contract_id, c.reference, c.title, c.provider, a, a.rag)
        for c in results
        for a in c.alerts
    ]
    alerts.sort(key=lambda p: (p.alert.due or today, -RAG_ORDER[p.rag], p.reference))
    return alerts


def rag_counts(results: Sequence[ContractCompliance]) -> dict[str, dict[Rag, int]]:
    """Per standard (S1..S6, then "Overall"): how many contracts are red, amber and green."""
    counts = {code: dict.fromkeys(Rag, 0) for code in (*STANDARD_CODES, OVERALL)}
    for c in results:
        for s in c.standards:
            counts[s.standard][s.rag] += 1
        counts[OVERALL][c.overall] += 1
    return counts


@dataclass(frozen=True)
class PortfolioSummary:
    """What the dashboard shows: every live contract's compliance, the alerts of them all,
    the counts per standard and how many providers there are."""

    results: list[ContractCompliance]
    alerts: list[PortfolioAlert]
    counts: dict[str, dict[Rag, int]]
    providers: int


def portfolio_summary(store: Store, today: date) -> PortfolioSummary:
    """Everything the dashboard shows."""
    return _summary(load_facts(store, today), thematic_interval_months(store), today)


def start_portfolio_summary(store: Store, today: date) -> Callable[[], PortfolioSummary]:
    """portfolio_summary, its database read started on a thread; the function returned waits
    for it and judges (the caller can build its widgets meanwhile: bench/dashboard.py)."""
    facts = start_loading_facts(store, today)
    intervals = thematic_interval_months(store)  # meanwhile
    return lambda: _summary(facts(), intervals, today)


def _summary(facts: PortfolioFacts, intervals: dict[str, int], today: date) -> PortfolioSummary:
    results = judge_portfolio(facts, intervals, today)
    return PortfolioSummary(
        results, portfolio_alerts(results, today), rag_counts(results), facts.providers
    )


def counts_text(counts: dict[Rag, int]) -> str:
    """E.g. "3 red · 1 amber · 0 green"."""
    return " · ".join(f"{counts[r]} {r.value}" for r in (Rag.RED, Rag.AMBER, Rag.GREEN))


def compliance_document(results: Iterable[ContractCompliance]) -> dict[str, Any]:
    """The stable JSON shape of ``compliance --json``."""
    return {
        "contracts": [
            {
                "reference": c.reference,
                "title": c.title,
                "provider": c.provider,
                "overall": c.overall.value,
                "standards": [
                    {"standard": s.standard, "rag": s.rag.value, "reason": s.reason}
                    for s in c.standards
                ],
                "alerts": [
                    {
                        "kind": a.kind.value,
                        "due": a.due.isoformat() if a.due is not None else None,
                        "message": a.message,
                    }
                    for a in c.alerts
                ],
            }
            for c in results
        ]
    }
