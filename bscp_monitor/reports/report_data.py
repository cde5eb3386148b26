"""What the board report says, gathered once for both of its forms (PDF and XLSX):
every live contract judged against the standards, the alerts, counts and metric series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bscp_monitor.common.dates import format_date
from bscp_monitor.compliance.portfolio import PortfolioAlert, portfolio_alerts, rag_counts
from bscp_monitor.compliance.rules import ContractCompliance, compute_compliance
from bscp_monitor.data.enums import Rag
from bscp_monitor.data.store import Store
from bscp_monitor.reports.report_metrics import MetricSeries, load_series

REPORT_TITLE = "Safe commissioning: BSCP standards — portfolio report"


@dataclass(frozen=True)
class ReportData:
    today: date
    results: list[ContractCompliance]
    alerts: list[PortfolioAlert]
    counts: dict[str, dict[Rag, int]]
    series: dict[int, list[MetricSeries]]

    @property
    def subtitle(self) -> str:
        return f"As at {format_date(self.today)}"


def gather(store: Store, today: date | None = None) -> ReportData:
    today = today or date.today()
    results = compute_compliance(store, today)
    return ReportData(
        today,
        results,
        portfolio_alerts(results, today),
        rag_counts(results),
        load_series(store, (c.contract_id for c in results)),
    )


