"""Reading providers' spreadsheets: .xlsx, .xlsm, .xls and .ods through python-calamine
(one well-kept reader, in Rust, for all three formats), .csv through the standard library.

File-level problems raise SpreadsheetError with one message for people. Hostile files are
refused before they are parsed: entity declarations in the XML (defusedxml), zip bombs
(uncompressed size and ratio limits), and files or sheets beyond the size limits.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bscp_monitor.common.errors import UserError
from bscp_monitor.dbs.sheet_bounds import (
    SheetBounds,
    SpreadsheetError,
    bounds_from_environment,
    check_ods,
    check_xlsx,
)
from bscp_monitor.dbs.xls_bounds import check_xls

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

__all__ = ["SUPPORTED", "SheetBounds", "SheetData", "SpreadsheetError", "read_spreadsheet"]

Cell = object  # str, float, int, bool, date, datetime or None
MergedRange = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class SheetData:
    name: str | None  # None for CSV
    rows: list[list[Cell]]
    merged: list[MergedRange] = field(default_factory=list)
    first_row_number: int = 1  # the row number the spreadsheet shows for rows[0]


def read_spreadsheet(
    path: Path,
    sheet: str | None = None,
    bounds: SheetBounds | None = None,
    while_parsing: Callable[[], None] | None = None,
) -> list[SheetData]:
    """Every sheet (or the one named), as rows of cell values.

    ``while_parsing`` (which must not raise) runs on a thread of its own while python-calamine
    parses the first sheet, which it does without holding Python's lock: work that does not
    need the rows is done meanwhile, on the other core. It is not run at all for a CSV file
    or a file refused before parsing.

    Whatever goes wrong inside a reader -- python-calamine's PanicException (a
    BaseException), zlib.error, MemoryError, NotImplementedError ... -- comes out as one
    SpreadsheetError line; only KeyboardInterrupt, SystemExit and GeneratorExit pass.
    """
    path = Path(path)
    try:
        return _read(path, sheet, bounds or bounds_from_environment(), while_parsing)
    except UserError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        raise SpreadsheetError(
            f"{path.name} cannot be read: it is damaged or not a spreadsheet "
            f"({one_line(exc)}). Ask the provider to send it again."
        ) from exc


def one_line(exc: BaseException) -> str:
    """An exception as a short line: its first line of text, or its kind."""
    text = " ".join(str(exc).split("\n", 1)[0].split())
    if len(text) > 160:
        text = text[:157] + "..."
    return text or type(exc).__name__


def _read(
    path: Path, sheet: str | None, bounds: SheetBounds, while_parsing: Callable[[], None] | None
) -> list[SheetData]:
    if not path.exists():
        raise SpreadsheetError(f"{path} does not exist. Check the file name.")
    if path.is_dir():
        raise SpreadsheetError(f"{path} is a folder, not a spreadsheet.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise SpreadsheetError(
            f"{path.name} is not a spreadsheet BSCP Monitor reads: use .xlsx, .xlsm, .xls, "
            ".ods or .csv."
        )
    size = path.stat().st_size
    if size == 0:
        raise SpreadsheetError(f"{path.name} is empty: ask the provider to send it again.")
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"{path.name} is {size // (1024 * 1024)} MB; the limit is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Ask for the staff list on its own."
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if suffix == ".csv":
        if sheet is not None:
            raise SpreadsheetError(f"{path.name} is a CSV file: it has no sheet called '{sheet}'.")
        return [_read_csv(path, bounds)]
    if suffix in (".xlsx", ".xlsm", ".ods"):
        if head.startswith(OLE_MAGIC):
            raise SpreadsheetError(
                f"{path.name} is password-protected (encrypted). Ask the provider for a copy "
                "without a password, or remove it in Excel and save again."
            )
        if not head.startswith(ZIP_MAGIC):
            raise SpreadsheetError(
                f"{path.name} is not a real {suffix} spreadsheet (or it is damaged). "
                "Open it in Excel or LibreOffice and save it again."
            )
        _check_zip(path)
        if suffix == ".ods":
            check_ods(path, sheet, bounds)
        else:
            check_xlsx(path, sheet, bounds)
    elif not head.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            f"{path.name} is not a real .xls spreadsheet (or it is damaged). "
            "Open it in Excel or LibreOffice and save it again."
        )
    else:
        check_xls(path, sheet, bounds)
    return _read_calamine(path, sheet, bounds, while_parsing)


def _check_zip(path: Path) -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SpreadsheetError(
            f"{path.name} is damaged or truncated ({exc}). Ask the provider to send it again."
        ) from exc
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_UNCOMPRESSED_BYTES or (
                info.file_size > 10 * 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO
            ):
                raise SpreadsheetError(
                    f"{path.name} expands to far more data than a staff list holds "
                    "(a 'zip bomb'); it was not opened."
                )
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(1024 * 1024 + 1)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise SpreadsheetError(
                    f"{path.name} is damaged or truncated ({exc}). Ask for it again."
                ) from exc
            try:
                if len(data) <= 1024 * 1024:
                    fromstring(data)  # defusedxml: refuses DTDs, entities, external refs
                elif b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
                    raise DefusedXmlException("entity declarations")
            except DefusedXmlException as exc:
                raise SpreadsheetError(
                    f"{path.name} contains XML entity declarations, which spreadsheets never "
                    "need (a known attack); it was not opened."
                ) from exc
            except Exception as exc:
                raise SpreadsheetError(
                    f"{path.name} is damaged ({info.filename} is not valid XML). "
                    "Open it in Excel or LibreOffice and save it again."
                ) from exc


@contextmanager
def _native_stderr_quiet() -> Iterator[None]:
    """The process's stderr (file descriptor 2) sent nowhere while calamine works.

    A panic in python-calamine's Rust code is printed straight to descriptor 2 (with a
    backtrace when RUST_BACKTRACE is set) before Python sees the PanicException; the one
    line the user gets is the message made from that exception."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no descriptor 2 (a windowed app on Windows)
        yield
        return
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _read_calamine(
    path: Path, sheet: str | None, bounds: SheetBounds, while_parsing: Callable[[], None] | None
) -> list[SheetData]:
    with _native_stderr_quiet():
        return _read_calamine_quietly(path, sheet, bounds, while_parsing)


def _parse(book: Any, name: str, while_parsing: Callable[[], None] | None) -> Any:
    """calamine's parse of one sheet, with ``while_parsing`` on a thread meanwhile."""
    if while_parsing is None:
        return book.get_sheet_by_name(name)
    thread = threading.Thread(target=while_parsing, name="while-parsing", daemon=True)
    thread.start()
    try:
        return book.get_sheet_by_name(name)
    finally:
        thread.join()


def _read_calamine_quietly(
    path: Path, sheet: str | None, bounds: SheetBounds, while_parsing: Callable[[], None] | None
) -> list[SheetData]:
    import python_calamine as pc

    try:
        book = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as exc:
        raise SpreadsheetError(
            f"{path.name} is password-protected. Ask the provider for a copy without a password."
        ) from exc
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        raise SpreadsheetError(
            f"{path.name} cannot be read: it is damaged or not a spreadsheet ({one_line(exc)})."
        ) from exc
    names = list(book.sheet_names)
    if sheet is not None:
        if sheet not in names:
            raise SpreadsheetError(
                f"{path.name} has no sheet called '{sheet}'; its sheets are: "
                + ", ".join(f"'{n}'" for n in names)
                + "."
            )
        names = [sheet]
    sheets = []
    for name in names:
        try:
            data = _parse(book, name, while_parsing)
            while_parsing = None
            bounds.check(name, path.name, data.total_height, data.total_width)
            rows = _grid(data)
            merged = list(data.merged_cell_ranges or [])
            del data  # calamine's copy of the sheet
        except UserError:
            raise
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:
            raise SpreadsheetError(
                f"The sheet '{name}' of {path.name} cannot be read ({one_line(exc)}). "
                "Open the file in Excel or LibreOffice and save it again."
            ) from exc
        sheets.append(SheetData(name, rows, merged, 1))
    book.close()
    return sheets


def _grid(data: Any) -> list[list[Cell]]:
    """A calamine sheet as rows from A1 (as ``to_python(skip_empty_area=False)`` gives them),
    built row by row: empty cells ("") as None, and each text once however many cells hold
    it (a sheet's roles, levels and answers repeat down it; calamine makes a string per
    cell). A 200,000-row sheet of 16 columns reads with a peak 100 MB lower.

    ``iter_rows`` gives every row from the first, but each from the sheet's first column
    that holds data: the columns before it are put back."""
    start = data.start
    lead: list[Cell] = [None] * start[1] if start else []
    # Text to its one copy, and "" (an empty cell) to None; only text is looked up, with
    # one dict get (quicker than comparing every cell with "" and calling setdefault).
    texts: dict[str, str | None] = {"": None}
    get = texts.get
    text = str
    grid: list[list[Cell]] = []
    keep = grid.append
    for row in data.iter_rows():
        cells: list[Cell] = [*lead]
        add = cells.append
        for c in row:
            if type(c) is text:
                kept = get(c)
                if kept is None and c != "":
                    kept = texts[c] = c
                add(kept)
            else:
                add(c)
        keep(cells)
    return grid


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_csv(path: Path, bounds: SheetBounds) -> SheetData:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise SpreadsheetError(
            f"{path.name} is not a text CSV file (it holds binary data). Check the file."
        )
    text = _decode(raw)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    _check_csv_width(path, text, dialect, bounds)
    rows: list[list[Cell]] = []
    width = 0
    for row in _csv_rows(text, dialect):
        width = max(width, len(row))
        bounds.check("", path.name, len(rows) + 1, width)
        rows.append([cell.strip() or None for cell in row])
    return SheetData(None, rows, [], 1)


def _check_csv_width(
    path: Path, text: str, dialect: type[csv.Dialect] | csv.Dialect, bounds: SheetBounds
) -> None:
    """Refuse a line with more cells than the bound before the reader makes a list of them
    (a 20-million-cell row is gigabytes of lists). Counting delimiters overcounts quoted
    ones, so a line that seems too wide is counted again, minding quotes."""
    delimiter = dialect.delimiter or ","
    if text.count(delimiter) < bounds.columns:
        return
    quote = dialect.quotechar or '"'
    for line in io.StringIO(text, newline=None):
        if line.count(delimiter) < bounds.columns:
            continue
        cells, inside = 1, False
        for ch in line:
            if ch == quote:
                inside = not inside
            elif ch == delimiter and not inside:
                cells += 1
                if cells > bounds.columns:
                    bounds.check("", path.name, 1, cells)


def _csv_rows(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> Iterator[list[str]]:
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error as exc:
        raise SpreadsheetError(f"The CSV file cannot be read ({exc}).") from exc
