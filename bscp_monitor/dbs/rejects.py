"""Rejected rows written back to an .xlsx for the provider: the original cells, with the
header row and a Problems column. Nothing from the file can become a live formula."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from bscp_monitor.common.errors import UserError
from bscp_monitor.common.file_output import write_whole
from bscp_monitor.common.xlsx_safety import set_cell
from bscp_monitor.dbs.importer import ImportPlan

_NOT_IN_SHEET_NAMES = str.maketrans({ch: " " for ch in "[]:*?/\\"})


def safe_sheet_title(name: str | None, taken: set[str], fallback: str = "Rejected rows") -> str:
    """A sheet title the xlsx format accepts, from any sheet name: none of []:*?/\\, no
    control characters, no apostrophe at either end, at most 31 characters, and unique
    (without regard to case) among ``taken``, which it joins."""
    text = "".join(ch if ch.isprintable() else " " for ch in (name or ""))
    text = " ".join(text.translate(_NOT_IN_SHEET_NAMES).split()).strip("'").strip()
    if not text or text.casefold() == "history":  # Excel reserves 'History'
        text = fallback
    title = text[:31].rstrip()
    number = 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title = text[: 31 - len(suffix)].rstrip() + suffix
        number += 1
    taken.add(title.casefold())
    return title


def write_rejects(plan: ImportPlan, path: Path) -> int:
    """Write the rejected rows; the number written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Rejected rows are written as .xlsx, not {path.suffix or path.name}.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist. Choose another place to save.")
    book = Workbook()
    book.remove(book.active)
    written = 0
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F3A5F")
    taken: set[str] = set()
    for sheet in plan.sheets:
        rejected = [v for v in sheet.verdicts if v.rejected]
        out = book.create_sheet(safe_sheet_title(sheet.name, taken))
        width = max([c.index for c in sheet.columns] + [len(v.cells) - 1 for v in rejected] + [0])
        headers = {c.index: c.header for c in sheet.columns}
        for col in range(width + 1):
            set_cell(out.cell(row=1, column=col + 1), headers.get(col, ""))
        set_cell(out.cell(row=1, column=width + 2), "Row")
        set_cell(out.cell(row=1, column=width + 3), "Problems")
        for cell in out[1]:
            cell.font, cell.fill = bold, fill
        for row_index, verdict in enumerate(rejected, start=2):
            for col, value in enumerate(verdict.cells):
                cell = out.cell(row=row_index, column=col + 1)
                set_cell(cell, value)
                if isinstance(value, date | datetime):
                    cell.number_format = "DD/MM/YYYY"
            set_cell(out.cell(row=row_index, column=width + 2), verdict.row)
            problems = "; ".join(
                f"{p.severity.value}: {p.message}" + (f" ({p.column})" if p.column else "")
                for p in verdict.problems
            )
            cell = out.cell(row=row_index, column=width + 3)
            set_cell(cell, problems)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            written += 1
        out.column_dimensions[out.cell(row=1, column=width + 3).column_letter].width = 70
        out.freeze_panes = "A2"
    if not book.sheetnames:
        book.create_sheet("Rejected rows")
    write_whole(path, book.save)
    return written
