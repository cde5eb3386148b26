"""Spreadsheets for the DBS import tests, written by the tests themselves in every format.

A sheet is a list of rows; a row is a list of cells (str, int, float, date, datetime or None).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

Rows = Sequence[Sequence[object]]

SCR_HEADER = [
    "Name",
    "Role",
    "Contact with children",
    "DBS Certificate Number",
    "DBS Level",
    "DBS Issue Date",
    "DBS Expiry Date",
    "Update Service",
]


def write_xlsx(
    path: Path,
    sheets: dict[str, Rows],
    merged: dict[str, Sequence[str]] | None = None,
) -> Path:
    """An .xlsx (or .xlsm: openpyxl writes the same package) with real date cells."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # "=..." is text here, as a provider typed it
                    if isinstance(value, date | datetime):
                        cell.number_format = "DD/MM/YYYY"
        for ref in (merged or {}).get(name, ()):
            sheet.merge_cells(ref)
    book.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, Rows]) -> Path:
    """A BIFF8 .xls through xlwt, dates as real date cells."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, date | datetime):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    """An OpenDocument spreadsheet through odfpy, dates as real date cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                if value is None:
                    cell = TableCell()
                elif isinstance(value, date | datetime):
                    day = value.date() if isinstance(value, datetime) else value
                    cell = TableCell(valuetype="date", datevalue=day.isoformat())
                    cell.addElement(P(text=day.strftime("%d/%m/%Y")))
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=str(value))
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def csv_text(rows: Rows, delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                value.strftime("%d/%m/%Y")
                if isinstance(value, date | datetime)
                else ("" if value is None else value)
                for value in row
            ]
        )
    return out.getvalue()


def write_csv(
    path: Path, rows: Rows, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False
) -> Path:
    data = csv_text(rows, delimiter).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_sheet(path: Path, rows: Rows, sheet: str = "Staff") -> Path:
    """One sheet in the format the file name asks for."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return write_xlsx(path, {sheet: rows})
    if suffix == ".xls":
        return write_xls(path, {sheet: rows})
    if suffix == ".ods":
        return write_ods(path, {sheet: rows})
    if suffix == ".csv":
        return write_csv(path, rows)
    raise ValueError(suffix)


def dump(path: Path, skip: Sequence[str] = ()) -> list[str]:
    """Every row of every table (except those named), to compare a database over time."""
    db = sqlite3.connect(path)
    try:
        return [
            line
            for line in db.iterdump()
            if not any(line.startswith(f'INSERT INTO "{table}"') for table in skip)
        ]
    finally:
        db.close()
