"""The action log exported to XLSX (openpyxl), PDF (reportlab) and Word (python-docx)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm

from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import UserError
from bscp_monitor.common.file_output import write_whole
from bscp_monitor.common.wording import counted
from bscp_monitor.common.xlsx_safety import cell_text, set_cell
from bscp_monitor.meetings.actions import STATUS_LABELS, ActionRecord
from bscp_monitor.reports.pdf_layout import (
    CONCERN_FILL,
    PageFurniture,
    build_pdf,
    content_width,
    data_table,
    para,
    styles,
)

COLUMNS: tuple[tuple[str, float], ...] = (
    ("Ref", 20),
    ("Contract", 16),
    ("Raised on", 12),
    ("Agenda item", 26),
    ("Action", 60),
    ("Owner", 22),
    ("Organisation", 26),
    ("Due", 12),
    ("Status", 13),
    ("Completed", 12),
    ("Overdue", 10),
    ("Latest update", 50),
)


def export_action_log(records: list[ActionRecord], path: Path, title: str) -> Path:
    """Write the action log as .xlsx, .pdf or .docx, chosen by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(records, path, title)
    elif suffix == ".pdf":
        write_pdf(records, path, title)
    elif suffix == ".docx":
        write_docx(records, path, title)
    else:
        raise UserError(
            f"'{path.name}' has an extension BSCP Monitor cannot write: use .xlsx, .pdf "
            "or .docx."
        )
    return path


def _row(record: ActionRecord, today: date) -> list[object]:
    latest = record.updates[-1].note if record.updates else ""
    return [
        record.ref,
        record.contract_reference,
        record.meeting_date,
        record.agenda_item_title,
        record.description,
        record.owner,
        record.owner_organisation,
        record.due_on,
        STATUS_LABELS[record.status],
        record.completed_on,
        "Yes" if record.overdue(today) else "No",
        latest,
    ]


def write_xlsx(records: list[ActionRecord], path: Path, title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist. Choose another place to save.")
    today = date.today()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Action log"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F3A5F")
    overdue_fill = PatternFill("solid", fgColor="F4C7C3")
    for col, (name, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col)
        set_cell(cell, name)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    date_columns = {3, 8, 10}
    for row_index, record in enumerate(records, start=2):
        for col, value in enumerate(_row(record, today), start=1):
            cell = sheet.cell(row=row_index, column=col)
            set_cell(cell, value)
            if col in date_columns:
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(vertical="top", wrap_text=col in {4, 5, 7, 12})
        if record.overdue(today):
            sheet.cell(row=row_index, column=11).fill = overdue_fill
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(records) + 1)}"
    sheet.oddHeader.center.text = "OFFICIAL-SENSITIVE"
    sheet.oddFooter.center.text = "OFFICIAL-SENSITIVE"
    sheet.oddFooter.left.text = title
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.print_title_rows = "1:1"
    book.properties.title = cell_text(title)
    write_whole(path, book.save)


def write_pdf(records: list[ActionRecord], path: Path, title: str) -> None:
    st = styles()
    today = date.today()
    width = content_width()
    rows = []
    extra = []
    for index, r in enumerate(records, start=1):
        status = STATUS_LABELS[r.status]
        if r.completed_on:
            status += f" {format_date(r.completed_on)}"
        if r.overdue(today):
            status += " (overdue)"
            extra.append(("BACKGROUND", (0, index), (-1, index), CONCERN_FILL))
        rows.append(
            [
                r.ref,
                r.description,
                r.owner + (f" ({r.owner_organisation})" if r.owner_organisation else ""),
                format_date(r.due_on) or "—",
                status,
            ]
        )
    story = [
        para("Action log", st["title"]),
        para(title, st["subtitle"]),
        para(
            f"{counted(len(records), 'action')} as at {format_date(today)}; "
            f"{sum(1 for r in records if r.overdue(today))} overdue (shaded).",
            st["muted"],
        ),
        data_table(
            ["Ref", "Action", "Owner", "Due", "Status"],
            rows,
            [34 * mm, width - 34 * mm - 40 * mm - 20 * mm - 28 * mm, 40 * mm, 20 * mm, 28 * mm],
            extra=extra,
        )
        if records
        else para("No actions match.", st["muted"]),
    ]
    build_pdf(
        path,
        story,
        PageFurniture(footer_left=f"Action log · {title}"),
        title=title,
        subject="Action log",
    )


def write_docx(records: list[ActionRecord], path: Path, title: str) -> None:
    """The action log as an editable Word table (landscape), overdue rows shaded."""
    from bscp_monitor.reports import docx_layout as w

    today = date.today()
    doc = w.new_document(
        w.DocFurniture(footer_left=f"Action log · {title}", landscape=True),
        title=title,
        author="",
        subject="Action log",
    )
    doc.add_paragraph("Action log", style="Title")
    w.muted(doc, title)
    overdue = sum(1 for r in records if r.overdue(today))
    w.muted(doc, f"{counted(len(records), 'action')} as at {format_date(today)}; "
                 f"{overdue} overdue (shaded).")  # fmt: skip
    rows, fills = [], {}
    for index, r in enumerate(records, start=1):
        status = STATUS_LABELS[r.status]
        if r.completed_on:
            status += f" {format_date(r.completed_on)}"
        if r.overdue(today):
            status += " (overdue)"
            fills[(index, -1)] = w.CONCERN_FILL
        latest = r.updates[-1].note if r.updates else ""
        rows.append([r.ref, r.description,
                     r.owner + (f" ({r.owner_organisation})" if r.owner_organisation else ""),
                     format_date(r.due_on) or "—", status, latest])  # fmt: skip
    if rows:
        w.data_table(doc, ["Ref", "Action", "Owner", "Due", "Status", "Latest update"], rows,
                     [36, 80, 45, 22, 30, 48], fills=fills)  # fmt: skip
    else:
        w.muted(doc, "No actions match.")
    w.save(doc, path)
