"""Providers' DBS spreadsheets, written by the tests (openpyxl) in the shapes seen in life."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook


def _text(cell, value: str) -> None:
    """A text cell, even when it looks like a formula."""
    cell.value = value
    cell.data_type = "s"


def write_scr(path: Path, rows: list[tuple] | None = None, note: str = "Total staff: 3") -> Path:
    """A title row, a two-row header ("DBS" merged over Certificate Number | Issue Date |
    Level, the other names merged down), the staff, a blank row and a note under the table."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Staff"
    sheet["A1"] = "Sunrise Care Ltd — Single Central Record"
    heads = {"A": "Name", "B": "Role", "C": "Contact with children", "G": "Update Service"}
    for column, text in heads.items():
        sheet[f"{column}3"] = text
        sheet.merge_cells(f"{column}3:{column}4")
    sheet["D3"] = "DBS"
    sheet.merge_cells("D3:F3")
    sheet["D4"], sheet["E4"], sheet["F4"] = "Certificate Number", "Issue Date", "Level"
    if rows is None:
        rows = [
            (
                "Alice Smith",
                "Support worker",
                "Direct",
                "0012 3456 7890",
                date(2024, 1, 10),
                "Enhanced with children's barred list",
                "Yes",
            ),
            (
                "Bob Jones",
                "Driver",
                "Regular",
                123456789012,
                date(2023, 6, 1),
                "Enhanced barred",
                "No",
            ),
            ("Carol White", "=1+1", "Direct", "12345", date(2022, 3, 4), "Enhanced", "No"),
        ]
    number = 5
    for values in rows:
        for offset, value in enumerate(values):
            cell = sheet.cell(row=number, column=offset + 1)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
        number += 1
    if note:
        number += 1  # a blank row, then the note
        sheet.cell(row=number, column=1).value = note
    book.save(path)
    return path


def write_big(path: Path, count: int) -> Path:
    """A plain table of ``count`` valid people."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Staff")
    sheet.append(
        ["Full name", "Job title", "DBS Certificate Number", "DBS Issue Date", "DBS level"]
    )
    letters = "abcdefghijklmnopqrstuvwxyz"
    for n in range(count):
        name = (
            f"Person {letters[n % 26].upper()}{letters[(n // 26) % 26]}"
            f"{letters[(n // 676) % 26]} Test"
        )
        sheet.append(
            [
                name,
                "Carer",
                f"{100000000000 + n:012d}",
                date(2024, 2, 1),
                "Enhanced with barred list",
            ]
        )
    book.save(path)
    return path
