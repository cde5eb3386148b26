"""The board report as PDF (reportlab): a summary of counts per standard, the dashboard
table (every live contract against S1-S6 and overall, each cell coloured and worded), the
alerts, a section per contract with the reason for each rating, and a trend chart per
safeguarding metric."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from bscp_monitor.common.dates import format_date
from bscp_monitor.common.wording import counted
from bscp_monitor.compliance.portfolio import (
    OVERALL,
    RAG_WORDS,
    STANDARD_CODES,
    STANDARD_TITLES,
    PortfolioAlert,
    alert_state,
    counts_text,
)
from bscp_monitor.compliance.rules import ContractCompliance
from bscp_monitor.data.enums import Rag
from bscp_monitor.reports.pdf_fonts import SANS, SANS_BOLD
from bscp_monitor.reports.pdf_layout import (
    GREY,
    NAVY,
    RAG_FILLS,
    RULE,
    PageFurniture,
    build_pdf,
    content_width,
    data_table,
    drawing_text,
    para,
    styles,
)
from bscp_monitor.reports.report_data import REPORT_TITLE, ReportData
from bscp_monitor.reports.report_metrics import MetricSeries

RAG_TEXT = {
    Rag.RED: colors.HexColor("#8A1C14"),
    Rag.AMBER: colors.HexColor("#7A4F01"),
    Rag.GREEN: colors.HexColor("#1E5B24"),
}
TARGET_COLOUR = colors.HexColor("#B3261E")


# -- the PDF -------------------------------------------------------------------------------


def _rag_cell_style(column: int, row: int, rag: Rag) -> list[tuple[object, ...]]:
    return [
        ("BACKGROUND", (column, row), (column, row), RAG_FILLS[rag.value]),
        ("TEXTCOLOR", (column, row), (column, row), RAG_TEXT[rag]),
        ("FONT", (column, row), (column, row), SANS_BOLD, 8.5, 11),
    ]


def _summary_table(data: ReportData) -> Table:
    width = content_width()
    header = ["Standard", "Red", "Amber", "Green"]
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = [("ALIGN", (1, 0), (-1, -1), "CENTER")]
    for index, code in enumerate((*STANDARD_CODES, OVERALL), start=1):
        label = f"{code} {STANDARD_TITLES[code]}" if code != OVERALL else "Overall (worst of six)"
        counts = data.counts[code]
        rows.append([label, counts[Rag.RED], counts[Rag.AMBER], counts[Rag.GREEN]])
        for column, rag in enumerate((Rag.RED, Rag.AMBER, Rag.GREEN), start=1):
            if counts[rag]:
                extra += _rag_cell_style(column, index, rag)
    extra.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.8, NAVY))
    extra.append(("FONT", (0, len(rows)), (0, len(rows)), SANS_BOLD, 8.5, 11))
    number = 22 * mm
    return data_table(header, rows, [width - 3 * number, number, number, number], extra=extra)


def _dashboard_table(data: ReportData) -> Table:
    width = content_width()
    rag_width = 12.5 * mm
    provider_width = 34 * mm
    header = ["Contract", "Provider", *STANDARD_CODES, OVERALL]
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = [("ALIGN", (2, 0), (-1, -1), "CENTER")]
    for index, c in enumerate(data.results, start=1):
        rags = [s.rag for s in c.standards] + [c.overall]
        rows.append([f"{c.reference}\n{c.title}", c.provider, *(RAG_WORDS[r] for r in rags)])
        for column, rag in enumerate(rags, start=2):
            extra += _rag_cell_style(column, index, rag)
    extra.append(("LINEBEFORE", (-1, 0), (-1, -1), 0.8, NAVY))
    widths = [width - provider_width - 7 * rag_width, provider_width] + [rag_width] * 7
    return data_table(header, rows, widths, extra=extra, plain_columns=frozenset(range(2, 9)))


def _alerts_table(alerts: list[PortfolioAlert]) -> Table:
    width = content_width()
    header = ["Due", "State", "Contract", "Alert"]
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = []
    for index, a in enumerate(alerts, start=1):
        due = format_date(a.alert.due) if a.alert.due else "—"
        rows.append([due, alert_state(a.rag), a.reference, a.alert.message])
        extra += _rag_cell_style(1, index, a.rag)
    widths = [20 * mm, 20 * mm, 34 * mm, width - 74 * mm]
    return data_table(header, rows, widths, extra=extra, plain_columns=frozenset({0, 1, 2}))


def _contract_section(c: ContractCompliance, data: ReportData) -> list[Flowable]:
    st = styles()
    width = content_width()
    header = ["Standard", "Rating", "Reason"]
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = []
    for index, s in enumerate(c.standards, start=1):
        rows.append([f"{s.standard} {STANDARD_TITLES[s.standard]}", RAG_WORDS[s.rag], s.reason])
        extra += _rag_cell_style(1, index, s.rag)
    widths = [46 * mm, 16 * mm, width - 62 * mm]
    overall = RAG_WORDS[c.overall]
    head: list[Flowable] = [
        para(f"{c.reference} — {c.title}", st["h1"]),
        para(
            f"Provider: {c.provider} · Risk: {c.risk_level.value} · Overall: {overall}",
            st["h2"],
        ),
        data_table(header, rows, widths, extra=extra, plain_columns=frozenset({1})),
    ]
    mine = [a for a in data.alerts if a.contract_id == c.contract_id]
    tail: list[Flowable] = [Spacer(1, 3)]
    if mine:
        tail.append(para("Alerts", st["h2"]))
        for a in mine:
            tail.append(para(f"• {alert_state(a.rag)}: {a.alert.message}", st["action"]))
    else:
        tail.append(para("No alerts.", st["muted"]))
    return [KeepTogether(head + tail)]


def trend_chart(series: MetricSeries, width: float, height: float) -> Drawing:
    """A small line chart of the metric's values by period, its target as a dashed line."""
    points = series.points[-12:]
    values = [p.value for p in points]
    target = series.target
    drawing = Drawing(width, height)
    drawing.add(drawing_text(0, height - 10, series.name, 8, width, bold=True))
    latest = points[-1]
    rating = f" ({RAG_WORDS[latest.rag]})" if latest.rag is not None else ""
    target_text = f" · target {series.format(target)}" if target is not None else ""
    latest_text = f"Latest {series.format(latest.value)}{rating}{target_text}"
    drawing.add(drawing_text(0, height - 20, latest_text, 7.5, width, fill=GREY))
    chart = HorizontalLineChart()
    chart.x, chart.y = 28, 16
    chart.width, chart.height = width - 36, height - 46
    data = [values]
    if target is not None:
        data.append([target] * len(values))
    chart.data = data
    chart.joinedLines = 1
    chart.categoryAxis.categoryNames = [series.short_label(p) for p in points]
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.angle = 0 if len(points) <= 6 else 30
    chart.categoryAxis.labels.boxAnchor = "n" if len(points) <= 6 else "ne"
    chart.categoryAxis.strokeColor = RULE
    low = min(values + ([target] if target is not None else []))
    high = max(values + ([target] if target is not None else []))
    pad = (high - low) * 0.15 or max(abs(high) * 0.1, 1)
    chart.valueAxis.valueMin = min(0, low) if low >= 0 else low - pad
    chart.valueAxis.valueMax = high + pad
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#ECEFF3")
    chart.lines[0].strokeColor = NAVY
    chart.lines[0].strokeWidth = 1.5
    chart.lines.symbol = None
    if target is not None:
        chart.lines[1].strokeColor = TARGET_COLOUR
        chart.lines[1].strokeWidth = 0.8
        chart.lines[1].strokeDashArray = (3, 2)
    drawing.add(chart)
    return drawing


def _metric_charts(data: ReportData) -> list[Flowable]:
    st = styles()
    width = content_width()
    story: list[Flowable] = [
        PageBreak(),
        para("Safeguarding metrics", st["h1"]),
        para(
            "The latest twelve periods of each safeguarding metric that has values; the "
            "dashed red line is the target.",
            st["muted"],
        ),
    ]
    any_chart = False
    chart_w, chart_h = width / 2 - 4, 52 * mm
    for c in data.results:
        series = data.series.get(c.contract_id, [])
        if not series:
            continue
        any_chart = True
        charts = [trend_chart(s, chart_w, chart_h) for s in series]
        grid: list[list[object]] = [[*charts[i : i + 2], ""][:2] for i in range(0, len(charts), 2)]
        table = Table(grid, colWidths=[width / 2] * 2, hAlign="LEFT")
        table.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
        story.append(CondPageBreak(chart_h + 20 * mm))
        story.append(para(f"{c.reference} — {c.title}", st["h2"]))
        story.append(table)
    if not any_chart:
        story.append(para("No safeguarding metric has a recorded value yet.", st["muted"]))
    return story


def write_pdf(data: ReportData, path: Path) -> None:
    st = styles()
    live = len(data.results)
    story: list[Flowable] = [
        para(REPORT_TITLE, st["title"]),
        para(f"{data.subtitle} · {counted(live, 'live contract')}", st["subtitle"]),
        para(
            "Each live contract is rated against the six BSCP minimum expectations for safe "
            "commissioning (S1-S6). Every rating is given in words as well as colour; the "
            "overall rating is the worst of the six.",
            st["body"],
        ),
        para("Summary", st["h1"]),
        para(f"Overall: {counts_text(data.counts[OVERALL])}.", st["body"]),
        _summary_table(data),
        para("The standards by contract", st["h1"]),
    ]
    if data.results:
        story.append(_dashboard_table(data))
    else:
        story.append(para("There are no live contracts in the register.", st["muted"]))
    story.append(para("Alerts", st["h1"]))
    if data.alerts:
        story.append(
            para(
                "Decision deadlines, contract ends, meetings, actions, self-assessments, DBS "
                "checks and thematic checks that are overdue or due soon, soonest first.",
                st["muted"],
            )
        )
        story.append(_alerts_table(data.alerts))
    else:
        story.append(para("Nothing is overdue or due soon.", st["muted"]))
    if data.results:
        story += [PageBreak(), para("Reasons by contract", st["title"])]
        for c in data.results:
            story += _contract_section(c, data)
    story += _metric_charts(data)
    furniture = PageFurniture(footer_left=f"BSCP standards portfolio report · {data.subtitle}")
    build_pdf(
        path,
        story,
        furniture,
        title=f"{REPORT_TITLE} ({data.subtitle.lower()})",
        subject="BSCP standards portfolio report",
    )
