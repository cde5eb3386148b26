"""Writing untrusted text into spreadsheets: nothing from input may become a live formula,
and no character a workbook cannot hold (control characters, e.g. Word's Shift+Enter line
break pasted into a description) stops the file being written."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: str) -> str:
    """``value`` as a workbook can hold it: a vertical tab (Word's manual line break) becomes
    a new line; other control characters are left out."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", value.replace("\x0b", "\n")))


def set_cell(cell: Any, value: Any) -> None:
    """Set an openpyxl cell; text that a spreadsheet would run as a formula stays text."""
    if isinstance(value, str):
        value = cell_text(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
