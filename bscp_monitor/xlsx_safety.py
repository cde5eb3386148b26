"""Writing untrusted text into spreadsheets: nothing from input may become a live formula."""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def set_cell(cell: Any, value: Any) -> None:
    """Set an openpyxl cell; text that a spreadsheet would run as a formula stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
