"""Reading providers' spreadsheets: .xlsx, .xlsm, .xls and .ods through python-calamine
(one well-kept reader, in Rust, for all three formats), .csv through the standard library.

File-level problems raise SpreadsheetError with one message for people. Hostile files are
refused before they are parsed: entity declarations in the XML (defusedxml), zip bombs
(uncompressed size and ratio limits), and files or sheets beyond the size limits.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from bscp_monitor.common.errors import UserError

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 200_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Cell = object  # str, float, int, bool, date, datetime or None
MergedRange = tuple[tuple[int, int], tuple[int, int]]


class SpreadsheetError(UserError):
    """The file as a whole cannot be read; nothing has been imported."""


@dataclass
class SheetData:
    name: str | None  # None for CSV
    rows: list[list[Cell]]
    merged: list[MergedRange] = field(default_factory=list)
    first_row_number: int = 1  # the row number the spreadsheet shows for rows[0]


def read_spreadsheet(path: Path, sheet: str | None = None) -> list[SheetData]:
    """Every sheet (or the one named), as rows of cell values."""
    path = Path(path)
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
        return [_read_csv(path)]
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
    elif not head.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            f"{path.name} is not a real .xls spreadsheet (or it is damaged). "
            "Open it in Excel or LibreOffice and save it again."
        )
    return _read_calamine(path, sheet)


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
            except Exception as exc:  # noqa: BLE001 - any XML error means a damaged file
                raise SpreadsheetError(
                    f"{path.name} is damaged ({info.filename} is not valid XML). "
                    "Open it in Excel or LibreOffice and save it again."
                ) from exc


def _read_calamine(path: Path, sheet: str | None) -> list[SheetData]:
    import python_calamine as pc

    try:
        book = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as exc:
        raise SpreadsheetError(
            f"{path.name} is password-protected. Ask the provider for a copy without a password."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - calamine's own errors: a damaged file
        raise SpreadsheetError(
            f"{path.name} cannot be read: it is damaged or not a spreadsheet ({exc})."
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
            data = book.get_sheet_by_name(name)
            if data.total_height > MAX_ROWS:
                raise SpreadsheetError(
                    f"The sheet '{name}' of {path.name} has {data.total_height:,} rows; the "
                    f"limit is {MAX_ROWS:,}."
                )
            # Empty cells come as "": None instead (most rows have none to replace).
            table = cast(list[list[Cell]], data.to_python(skip_empty_area=False))
            rows = [[None if c == "" else c for c in row] if "" in row else row for row in table]
            merged = list(data.merged_cell_ranges or [])
        except SpreadsheetError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise SpreadsheetError(
                f"The sheet '{name}' of {path.name} cannot be read ({exc}). "
                "Open the file in Excel or LibreOffice and save it again."
            ) from exc
        sheets.append(SheetData(name, rows, merged, 1))
    book.close()
    return sheets


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_csv(path: Path) -> SheetData:
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
    rows: list[list[Cell]] = []
    for row in _csv_rows(text, dialect):
        rows.append([cell.strip() or None for cell in row])
        if len(rows) > MAX_ROWS:
            raise SpreadsheetError(f"{path.name} has over {MAX_ROWS:,} rows; that is the limit.")
    return SheetData(None, rows, [], 1)


def _csv_rows(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> Iterator[list[str]]:
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error as exc:
        raise SpreadsheetError(f"The CSV file cannot be read ({exc}).") from exc
