"""The declared size of every sheet, checked before a reader builds its grid.

python-calamine builds a dense grid from A1 to the furthest cell a sheet names, so one cell
at XFD1048576 (or at ZZZZZZ3, which Excel never writes but calamine reads) asks for
gigabytes and the process dies. Each format is measured here without building anything:

- .xlsx/.xlsm: the ``<dimension>`` element and every cell and row reference, found by
  streaming the sheet's XML (cells or rows without a reference count on from the last one,
  as calamine places them);
- .ods: the rows and columns that hold data, counting ``number-rows-repeated`` and
  ``number-columns-repeated`` (empty repeats, which LibreOffice writes to the sheet's end,
  hold none);
- .xls: the DIMENSIONS record and the row and column of every cell record (xls_bounds);
- .csv: the width of each row as it is read (spreadsheet_reader).

A sheet beyond the bounds is refused with one line naming it and the bound. So is a sheet
whose cells would copy more than 100 million characters of text: an .xlsx shared string (or
an .ods cell repeated across rows and columns) is copied into every cell that shows it, so
one long string shown in a thousand cells is gigabytes read from a 10 KB file. (.xls:
xls_bounds.py.)
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from bscp_monitor.common.errors import UserError

ROWS_VAR = "BSCP_MONITOR_MAX_ROWS"
COLUMNS_VAR = "BSCP_MONITOR_MAX_COLUMNS"
CELLS_VAR = "BSCP_MONITOR_MAX_CELLS"
CHUNK = 1 << 20
MAX_COLUMNS = 16_000


class SpreadsheetError(UserError):
    """The file as a whole cannot be read; nothing has been imported."""


class SheetTooLarge(SpreadsheetError):
    """A sheet declares more rows, columns or cells than the bounds; nothing was read."""


@dataclass(frozen=True)
class SheetBounds:
    rows: int = 200_000
    columns: int = 500
    #: rows x columns of the grid: what the reader's memory grows with (about 24 bytes a
    #: cell in calamine and 8 more in the Python lists).
    cells: int = 4_000_000
    #: Characters of text the grid may hold: a string is copied into every cell that shows
    #: it (twice: calamine's and Python's), so one long shared string shown in a thousand
    #: cells would be gigabytes from a 10 KB file.
    text: int = 100_000_000

    def check_text(self, sheet: str, file_name: str, characters: int) -> None:
        if characters <= self.text:
            return
        raise SheetTooLarge(
            f"The sheet '{sheet}' of {file_name} repeats text in its cells to over "
            f"{self.text // 1_000_000:,} million characters when read (no staff list does); "
            "it was not opened."
        )

    def check(self, sheet: str, file_name: str, rows: int, columns: int) -> None:
        if rows <= self.rows and columns <= self.columns and rows * columns <= self.cells:
            return
        where = f"The sheet '{sheet}' of {file_name}" if sheet else file_name
        raise SheetTooLarge(
            f"{where} reaches row {rows:,} and column {columns:,}; "
            f"the limit is {self.rows:,} rows, {self.columns:,} columns and {self.cells:,} "
            "cells a sheet, so it was not opened."
        )


def bounds_from_environment() -> SheetBounds:
    """The default bounds, or those set by BSCP_MONITOR_MAX_ROWS, _MAX_COLUMNS, _MAX_CELLS."""
    default = SheetBounds()
    values = {"rows": default.rows, "columns": default.columns, "cells": default.cells}
    for var, key in ((ROWS_VAR, "rows"), (COLUMNS_VAR, "columns"), (CELLS_VAR, "cells")):
        raw = os.environ.get(var, "").strip()
        if not raw:
            continue
        try:
            value = int(raw.replace(",", "").replace("_", ""))
        except ValueError:
            raise UserError(f"{var} should be a whole number, not '{raw}'.") from None
        if value < 1:
            raise UserError(f"{var} should be at least 1, not {value}.")
        if key == "columns" and value > MAX_COLUMNS:  # an .xlsx of rejects has 16,384
            raise UserError(f"{var} can be at most {MAX_COLUMNS:,}, not {value:,}.")
        values[key] = value
    return SheetBounds(**values)


# -- references ------------------------------------------------------------------------------


def column_number(letters: bytes) -> int:
    """A1-style column letters as a number (A = 1), in any case; 0 for none."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + (byte - 64)
    return number


def _greater(bound: str, alphabet: str) -> str:
    """A regular expression for strings over ``alphabet`` of ``bound``'s length that sort
    after it (so, read as numbers in that alphabet, are greater)."""
    options = []
    for i, ch in enumerate(bound):
        above = alphabet[alphabet.index(ch) + 1 :]
        if above:
            rest = len(bound) - i - 1
            tail = f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}" if rest else ""
            options.append(re.escape(bound[:i]) + f"[{above[0]}-{above[-1]}]" + tail)
    return "|".join(options) or "(?!)"


def _letters(number: int) -> str:
    out = ""
    while number:
        number, rem = divmod(number - 1, 26)
        out = chr(65 + rem) + out
    return out


# Whitespace, '/' and '>' as spaces, single quotes as double, lower case as upper: one C
# pass, after which every cell's start tag (<c ...>, <c>, <c/>) begins "<C " and the few
# forms a reference takes are plain literals.
_FOLD = bytes.maketrans(b"\t\r\n/>'abcdefghijklmnopqrstuvwxyz", b'     "ABCDEFGHIJKLMNOPQRSTUVWXYZ')
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?DIMENSION [^<]*?REF *= *"([^"]*)"')
# Every <c> and <row> start tag, with its attributes (the exact path).
_TAG = re.compile(rb"<(?:[\w.-]+:)?(C|ROW) ([^<]*)")
_R_ATTR = re.compile(rb'(?:^| )R *= *" *([A-Z]*)([0-9]*) *"')


@dataclass
class _Extent:
    rows: int = 0
    columns: int = 0
    row: int = 0  # the current row and column, as calamine counts them on
    column: int = 0


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in pieces cut after a '>', so no tag is split, each piece folded."""
    carry = b""
    while True:
        block = stream.read(CHUNK)
        if not block:
            if carry:
                yield carry.translate(_FOLD)
            return
        block = carry + block
        cut = block.rfind(b">") + 1
        if cut == 0 and len(block) < 16 * CHUNK:
            carry = block
            continue
        if cut == 0:
            cut = len(block)
        carry = block[cut:]
        yield block[:cut].translate(_FOLD)


#: Every cell's reference (a row's own number, after "<ROW", is not a cell's).
#: (The look back follows the literal, which re then finds by its quick search.)
_ANY_REF = re.compile(rb' R="(?<!<ROW R=")([A-Z]*)([0-9]*)"')
#: Unless a cell says otherwise, a sheet is taken to reach column Z and row 99,999: most
#: staff lists do not, and a search for a reference with two letters or six digits is the
#: quickest there is (bench/dbs_import.py).
SCREEN_COLUMNS, SCREEN_ROWS = 26, 99_999
_SCREEN = re.compile(rb' R="[A-Z](?:[A-Z]|[0-9]{6})')


def _screen_refs(beyond: re.Pattern[bytes]) -> re.Pattern[bytes]:
    """The whole reference of each cell the screen ``beyond`` (which begins ` R="`) finds."""
    tail = beyond.pattern.removeprefix(b' R="')
    return re.compile(rb' R="(?<!<ROW R=")(?=%s)([A-Z]*)([0-9]*) *"' % tail)


_SCREEN_REFS = _screen_refs(_SCREEN)
#: A cell's start tag not naming its reference first (one search, where counting every
#: "<C " and every '<C R="' took two passes over the chunk).
_UNPLAIN = re.compile(rb'<C (?!R=")')


class _XlsxSheetScan:
    """How far one sheet's XML reaches: screened, or (``full``) every reference counted."""

    def __init__(self, bounds: SheetBounds, full: bool = False, count_shared: bool = False) -> None:
        self.full = full
        self.count_shared = count_shared
        self.shared_cells = 0
        self.extent = _Extent()
        self.furthest_row = 0
        self.furthest_column = 0
        self.columns = min(bounds.columns, SCREEN_COLUMNS)
        self.rows = min(bounds.rows, SCREEN_ROWS, max(1, bounds.cells // self.columns))
        if (self.columns, self.rows) == (SCREEN_COLUMNS, SCREEN_ROWS):
            self.beyond = _SCREEN
            self.refs = _SCREEN_REFS
            return
        row_digits = str(self.rows)
        col_letters = _letters(self.columns)
        # A reference past the screen's rows or columns, in the form every writer uses
        # (` r="A1"` after the fold): the screen's one search; each hit is read exactly.
        self.beyond = re.compile(
            b' R="(?:(?:[A-Z]{%d,}|%s)[0-9]|[A-Z]*(?:[0-9]{%d,}|%s)")'
            % (
                len(col_letters) + 1,
                _greater(col_letters, "ABCDEFGHIJKLMNOPQRSTUVWXYZ").encode(),
                len(row_digits) + 1,
                _greater(row_digits, "0123456789").encode(),
            )
        )
        self.refs = _screen_refs(self.beyond)

    @staticmethod
    def plain(chunk: bytes) -> bool:
        """Whether every cell here names its reference first, as ` r="..."`: then the
        furthest cell is the furthest reference. Excel, LibreOffice and openpyxl all write
        cells so."""
        return b":C " not in chunk and _UNPLAIN.search(chunk) is None

    def scan(self, chunk: bytes) -> None:
        if self.count_shared:
            self.shared_cells += chunk.count(b'"S"')  # t="s" and more: an upper bound
        if not self.plain(chunk):
            self.exact(chunk)
            return
        # Every reference at once, the furthest found in C: a sheet past the screen's rows
        # has hundreds of thousands (a row's own number is not one: only cells make the grid).
        found = (_ANY_REF if self.full else self.refs).findall(chunk)
        if not found:
            return
        letters, digits = zip(*found, strict=True)
        self.furthest_row = max(self.furthest_row, max(map(int, filter(None, digits)), default=0))
        for column in set(letters):
            if column:
                self.furthest_column = max(self.furthest_column, column_number(column))

    def exact(self, chunk: bytes) -> None:
        """Every <c> and <row> tag in turn, placed as calamine places it."""
        at = self.extent
        for tag in _TAG.finditer(chunk):
            ref = _R_ATTR.search(tag.group(2))
            letters, digits = (ref.group(1), ref.group(2)) if ref else (b"", b"")
            if tag.group(1) == b"ROW":
                at.row = int(digits) if digits else at.row + 1
                at.column = 0
            else:
                if digits:
                    at.row = int(digits)
                at.column = column_number(letters) if letters else at.column + 1
                at.rows = max(at.rows, at.row)
                at.columns = max(at.columns, at.column)

    def seen(self) -> tuple[int, int]:
        """The furthest row and column of cells seen so far (each is a real cell's)."""
        return (
            max(self.furthest_row, self.extent.rows),
            max(self.furthest_column, self.extent.columns),
        )

    def reach(self) -> tuple[int, int]:
        """At the end: how far the sheet may reach. Screened, a cell not seen lies within
        the screen's rows and columns; counted in full, the furthest seen is the answer."""
        rows, columns = self.seen()
        if self.full:
            return rows, columns
        return max(rows, self.rows), max(columns, self.columns)


def _dimension(text: bytes) -> tuple[int, int]:
    found = _DIMENSION.search(text)
    if not found:
        return 0, 0
    rows = columns = 0
    for part in found.group(1).split(b":"):
        ref = re.fullmatch(rb"\$?([A-Z]*)\$?([0-9]*)", part.strip())
        if ref:
            columns = max(columns, column_number(ref.group(1)))
            rows = max(rows, int(ref.group(2) or 0))
    return rows, columns


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the worksheet part that holds it (workbook.xml and its relationships)."""
    from defusedxml.ElementTree import fromstring

    names = set(archive.namelist())
    workbook = next((n for n in ("xl/workbook.xml",) if n in names), None)
    if workbook is None:
        workbook = next((n for n in names if n.endswith("workbook.xml")), None)
    parts: dict[str, str] = {}
    if workbook is None:
        return parts
    folder = PurePosixPath(workbook).parent
    rels_name = str(folder / "_rels" / (PurePosixPath(workbook).name + ".rels"))
    targets: dict[str, str] = {}
    if rels_name in names:
        for rel in fromstring(archive.read(rels_name)).iter():
            if rel.tag.endswith("Relationship"):
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else str(folder / target)
                targets[rel.get("Id", "")] = path
    for node in fromstring(archive.read(workbook)).iter():
        if node.tag.endswith("}sheet") or node.tag == "sheet":
            rid = next((v for k, v in node.attrib.items() if k.endswith("}id")), "")
            if rid in targets:
                parts[node.get("name", "")] = targets[rid]
    return parts


def check_xlsx(path: Path, sheet: str | None, bounds: SheetBounds) -> None:
    """Refuse a sheet of an .xlsx/.xlsm that reaches beyond the bounds."""
    with zipfile.ZipFile(path) as archive:
        parts = _xlsx_sheet_parts(archive)
        named = {part: name for name, part in parts.items()}
        if sheet is not None:
            wanted = [parts[sheet]] if sheet in parts else []
        else:
            wanted = [
                n
                for n in archive.namelist()
                if n in named or (n.startswith("xl/worksheets/") and n.endswith(".xml"))
            ]
        shared = _shared_string_lengths(archive)
        for part in wanted:
            if part not in archive.namelist():
                continue
            name = named.get(part, PurePosixPath(part).stem)
            rows, columns, shared_cells = _scan_part(
                archive, part, name, path.name, bounds, full=False, count_shared=bool(shared)
            )
            if rows * columns > bounds.cells:  # wide or long: every reference counted
                _scan_part(archive, part, name, path.name, bounds, full=True)
            if shared and shared_cells * max(shared) > bounds.text:
                _check_shared_text(archive, part, name, path.name, bounds, shared)


_SI = re.compile(rb"<( ?)(?:[\w.-]+:)?SI ")  # after the fold: "<si>" opens, "</si>" closes
_SHARED_CELL = re.compile(rb'"S" [^<]*<(?:[\w.-]+:)?V ([0-9]+)<')


def _shared_string_lengths(archive: zipfile.ZipFile) -> list[int]:
    """The length (of its XML, at least its text's) of each shared string, in order."""
    name = next((n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")), None)
    if name is None:
        return []
    lengths: list[int] = []
    start: int | None = None
    offset = 0
    with archive.open(name) as stream:
        for chunk in _chunks(stream):
            for found in _SI.finditer(chunk):
                at = offset + found.start()
                if found.group(1):  # </si>
                    if start is not None:
                        lengths.append(at - start)
                        start = None
                else:
                    if start is not None:  # <si/>, or a string left open
                        lengths.append(0)
                    start = at
            offset += len(chunk)
    if start is not None:
        lengths.append(offset - start)
    return lengths


def _check_shared_text(
    archive: zipfile.ZipFile,
    part: str,
    name: str,
    file_name: str,
    bounds: SheetBounds,
    shared: list[int],
) -> None:
    """Refuse a sheet whose cells would copy shared strings into more text than the bound
    (counted exactly, when (cells naming a shared string) x (the longest) is over it)."""
    total = 0
    with archive.open(part) as stream:
        for chunk in _chunks(stream):
            for found in _SHARED_CELL.finditer(chunk):
                index = int(found.group(1))
                total += shared[index] if index < len(shared) else 0
            bounds.check_text(name, file_name, total)


def _scan_part(
    archive: zipfile.ZipFile,
    part: str,
    name: str,
    file_name: str,
    bounds: SheetBounds,
    full: bool,
    count_shared: bool = False,
) -> tuple[int, int, int]:
    """How far the sheet reaches, and (``count_shared``) at most how many of its cells name
    a shared string."""
    scan = _XlsxSheetScan(bounds, full, count_shared)
    first = True
    with archive.open(part) as stream:
        for chunk in _chunks(stream):
            if first:
                bounds.check(name, file_name, *_dimension(chunk))
                first = False
            scan.scan(chunk)
            bounds.check(name, file_name, *scan.seen())
    shared_cells = scan.shared_cells
    rows, columns = scan.reach()
    if full:
        bounds.check(name, file_name, rows, columns)
    return rows, columns, shared_cells


# -- .ods --------------------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def check_ods(path: Path, sheet: str | None, bounds: SheetBounds) -> None:
    """Refuse a table of an .ods whose data reaches beyond the bounds."""
    from defusedxml.ElementTree import iterparse

    table_tag, row_tag, cell_tag = f"{_TABLE}table", f"{_TABLE}table-row", f"{_TABLE}table-cell"
    covered_tag = f"{_TABLE}covered-table-cell"
    name_attr = f"{_TABLE}name"
    rows_attr, cols_attr = f"{_TABLE}number-rows-repeated", f"{_TABLE}number-columns-repeated"
    value_attr = f"{_OFFICE}value-type"
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
        name = ""
        row = rows = columns = 0
        row_repeat = column = 0
        row_data = 0  # the furthest column with data in the current row
        row_text = text = 0  # characters of text the row's cells, and the table's, hold
        for event, node in iterparse(stream, events=("start", "end")):
            tag = node.tag
            if event == "start":
                if tag == table_tag:
                    name = node.get(name_attr, "")
                    row = rows = columns = text = 0
                elif tag == row_tag:
                    row_repeat = _repeat(node.get(rows_attr))
                    column = row_data = row_text = 0
                continue
            if tag in (cell_tag, covered_tag):
                repeat = _repeat(node.get(cols_attr))
                if node.get(value_attr) is not None or len(node) or (node.text or "").strip():
                    row_data = column + repeat
                    row_text += repeat * sum(len(t) for t in node.itertext())
                column += repeat
                node.clear()
            elif tag == row_tag:
                if row_data:
                    rows = row + row_repeat
                    columns = max(columns, row_data)
                    text += row_text * row_repeat
                row += row_repeat
                node.clear()
                if sheet is None or name == sheet:
                    bounds.check(name, path.name, rows, columns)
                    bounds.check_text(name, path.name, text)
            elif tag == table_tag:
                node.clear()
