"""Subcommands for the BSCP standards: compliance and export-report (see cli.py for the
conventions)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bscp_monitor.data.store import Store


def register(commands: Any, db_option: Any) -> None:
    listing = commands.add_parser(
        "compliance", help="every live contract against the BSCP standards S1-S6, with alerts"
    )
    db_option(listing, top=False)
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=cmd_compliance)

    export = commands.add_parser(
        "export-report", help="write the board's portfolio report (.pdf or .xlsx)"
    )
    db_option(export, top=False)
    export.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx")
    export.set_defaults(handler=cmd_export_report)


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def cmd_compliance(store: Store, args: argparse.Namespace, output: Any) -> int:
    from datetime import date

    from bscp_monitor.cli.common import text_table
    from bscp_monitor.common.dates import format_date
    from bscp_monitor.compliance.portfolio import (
        OVERALL,
        RAG_WORDS,
        STANDARD_CODES,
        alert_state,
        compliance_document,
        counts_text,
        portfolio_alerts,
        rag_counts,
    )
    from bscp_monitor.compliance.rules import compute_compliance

    today = date.today()
    results = compute_compliance(store, today)
    if not results:
        output.emit(compliance_document(results), "There are no live contracts in the register.")
        return 0
    rows = [("Reference", "Title", "Provider", *STANDARD_CODES, OVERALL)]
    for c in results:
        rags = [RAG_WORDS[s.rag] for s in c.standards]
        rows.append(
            (c.reference, _short(c.title, 36), _short(c.provider, 28), *rags, RAG_WORDS[c.overall])
        )
    counts = rag_counts(results)
    lines = [f"BSCP standards as at {format_date(today)}", "", text_table(rows), ""]
    lines += [f"{code}: {counts_text(counts[code])}" for code in (*STANDARD_CODES, OVERALL)]
    alerts = portfolio_alerts(results, today)
    lines += ["", f"Alerts ({len(alerts)})" if alerts else "Alerts: none."]
    for a in alerts:
        lines.append(f"  {alert_state(a.rag):<9} {a.reference:<16} {a.alert.message}")
    output.emit(compliance_document(results), "\n".join(lines))
    return 0


def cmd_export_report(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.reports.board_report import export_report

    path = export_report(store, Path(args.out))
    output.emit({"path": str(path)}, f"Board report written to {path}.")
    return 0
