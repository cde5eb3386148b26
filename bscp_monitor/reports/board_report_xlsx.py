"""The board report as XLSX (openpyxl): the same data as the PDF, one sheet per part --
Dashboard, Reasons, Alerts and Metrics. Text goes through xlsx_safety.set_cell, so nothing
typed into the register can become a live formula; dates are real dates."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bscp_monitor.common.errors import UserError
from bscp_monitor.common.file_output import write_whole
from bscp_monitor.common.xlsx_safety import set_cell
from bscp_monitor.compliance.portfolio import (
    OVERALL,
    RAG_WORDS,
    STANDARD_CODES,
    STANDARD_TITLES,
    alert_state,
)
from bscp_monitor.data.enums import Rag
from bscp_monitor.reports.report_data import REPORT_TITLE, ReportData

RAG_FILLS = {Rag.RED: "F4C7C3", Rag.AMBER: "FCE8B2", Rag.GREEN: "C8E6C9"}
RAG_FONTS = {Rag.RED: "8A1C14", Rag.AMBER: "7A4F01", Rag.GREEN: "1E5B24"}
DATE_FORMAT = "DD/MM/YYYY"


def _sheet(book: Any, title: str, columns: Sequence[tuple[str, float]], report: str) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for col, (name, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col)
        set_cell(cell, name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.oddHeader.center.text = "OFFICIAL-SENSITIVE"
    sheet.oddFooter.center.text = "OFFICIAL-SENSITIVE"
    sheet.oddFooter.left.text = report
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.print_title_rows = "1:1"
    return sheet


def _finish(sheet: Any, columns: int, rows: int) -> None:
    from openpyxl.utils import get_column_letter

    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(1, rows + 1)}"


def _put(sheet: Any, row: int, values: Sequence[Any], wrap: frozenset[int] = frozenset()) -> None:
    from datetime import date

    from openpyxl.styles import Alignment

    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col)
        set_cell(cell, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(vertical="top", wrap_text=col in wrap)


def _rag(sheet: Any, row: int, column: int, rag: Rag | None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cell = sheet.cell(row=row, column=column)
    if rag is None:
        set_cell(cell, "")
        return
    set_cell(cell, RAG_WORDS[rag])
    cell.fill = PatternFill("solid", fgColor=RAG_FILLS[rag])
    cell.font = Font(bold=True, color=RAG_FONTS[rag])
    cell.alignment = Alignment(horizontal="center", vertical="top")


def write_xlsx(data: ReportData, path: Path) -> None:
    from openpyxl import Workbook


    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist. Choose another place to save.")
    report = f"BSCP standards portfolio report · {data.subtitle}"
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)

    dashboard = _sheet(
        book,
        "Dashboard",
        [("Reference", 18), ("Title", 44), ("Provider", 30), ("Risk", 9)]
        + [(f"{code} {STANDARD_TITLES[code]}", 14) for code in STANDARD_CODES]
        + [(OVERALL, 11)],
        report,
    )
    for row, c in enumerate(data.results, start=2):
        _put(dashboard, row, [c.reference, c.title, c.provider, c.risk_level.value.capitalize()])
        for offset, s in enumerate(c.standards):
            _rag(dashboard, row, 5 + offset, s.rag)
        _rag(dashboard, row, 11, c.overall)
    _finish(dashboard, 11, len(data.results))

    reasons = _sheet(
        book,
        "Reasons",
        [("Reference", 18), ("Title", 40), ("Standard", 30), ("RAG", 9), ("Reason", 90)],
        report,
    )
    row = 1
    for c in data.results:
        for s in c.standards:
            row += 1
            standard = f"{s.standard} {STANDARD_TITLES[s.standard]}"
            _put(reasons, row, [c.reference, c.title, standard, None, s.reason], frozenset({5}))
            _rag(reasons, row, 4, s.rag)
    _finish(reasons, 5, row - 1)

    alerts = _sheet(
        book,
        "Alerts",
        [("Due", 12), ("State", 11), ("Reference", 18), ("Title", 40), ("Kind", 20)]
        + [("Alert", 70)],
        report,
    )
    for row, a in enumerate(data.alerts, start=2):
        values = [a.alert.due, alert_state(a.rag), a.reference, a.title, a.kind_label]
        _put(alerts, row, [*values, a.alert.message], frozenset({6}))
        _rag(alerts, row, 2, a.rag)
        set_cell(alerts.cell(row=row, column=2), alert_state(a.rag))
    _finish(alerts, 6, len(data.alerts))

    metrics = _sheet(
        book,
        "Metrics",
        [("Reference", 18), ("Metric", 50), ("Period", 16), ("Period starts", 13)]
        + [("Value", 11), ("Unit", 12), ("Target", 10), ("RAG", 9)],
        report,
    )
    row = 1
    for c in data.results:
        for series in data.series.get(c.contract_id, []):
            for point in series.points:
                row += 1
                values = [c.reference, series.name, series.label(point), point.period_start]
                _put(metrics, row, [*values, point.value, series.unit.value, series.target])
                _rag(metrics, row, 8, point.rag)
    _finish(metrics, 8, row - 1)

    book.properties.title = f"{REPORT_TITLE} ({data.subtitle.lower()})"
    write_whole(path, book.save)
