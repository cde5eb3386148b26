"""The declared size of an .xls (BIFF8) sheet, read from its records before the reader builds
a grid (sheet_bounds.py holds the other formats and the bounds): the DIMENSIONS record, the
row and column of every cell record, and the characters of shared-string table (SST) text
its cells would copy -- one long string shown in many cells is gigabytes read from a small
file."""

from __future__ import annotations

import struct
from pathlib import Path

from bscp_monitor.dbs.sheet_bounds import SheetBounds

_BOUNDSHEET, _BOF, _EOF, _DIMENSIONS = 0x0085, 0x0809, 0x000A, 0x0200
_SST, _CONTINUE, _LABELSST = 0x00FC, 0x003C, 0x00FD
#: Cell records: (row, first column) at the start of the record.
_CELLS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x0201, 0x00D6, 0x0406}
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column at the end


def check_xls(path: Path, sheet: str | None, bounds: SheetBounds) -> None:
    """Refuse a sheet of an .xls whose DIMENSIONS record or cells reach beyond the bounds.

    A file this walk cannot follow is left to the reader, whose errors become one line."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(stream).read()
    except Exception:  # noqa: BLE001 - not an OLE file we can follow: the reader decides
        return
    names: dict[int, str] = {}
    offset = 0
    records: list[tuple[int, int, int]] = []  # (type, start of data, length)
    while offset + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, offset)
        records.append((kind, offset + 4, length))
        if kind == _BOUNDSHEET and length >= 8:
            position = struct.unpack_from("<I", data, offset + 4)[0]
            names[position] = _sheet_name(data[offset + 10 : offset + 4 + length])
        offset += 4 + length
    shared = shared_string_lengths(data, records)
    name: str | None = None
    rows = columns = text = 0
    for kind, start, length in records:
        if kind == _BOF:
            name = names.get(start - 4)
            rows = columns = text = 0
        elif name is None or (sheet is not None and name != sheet):
            continue
        elif kind == _DIMENSIONS and length >= 14:
            last_row, _first_col, last_col = struct.unpack_from("<IHH", data, start + 4)
            rows, columns = max(rows, last_row), max(columns, last_col)
        elif kind in _CELLS and length >= 4:
            row, col = struct.unpack_from("<HH", data, start)
            rows, columns = max(rows, row + 1), max(columns, col + 1)
            if kind == _LABELSST and length >= 10:
                index = struct.unpack_from("<I", data, start + 6)[0]
                text += shared[index] if index < len(shared) else 0
        elif kind in _MULTI and length >= 6:
            row = struct.unpack_from("<H", data, start)[0]
            last = struct.unpack_from("<H", data, start + length - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _EOF:
            bounds.check(name, path.name, rows, columns)
            bounds.check_text(name, path.name, text)
            name = None
            continue
        else:
            continue
    if name is not None:
        bounds.check(name, path.name, rows, columns)
        bounds.check_text(name, path.name, text)


def _sheet_name(raw: bytes) -> str:
    """BOUNDSHEET's name: a length byte, a flags byte, then Latin-1 or UTF-16 text."""
    if len(raw) < 2:
        return ""
    length, flags = raw[0], raw[1]
    text = raw[2:]
    if flags & 1:
        return text[: 2 * length].decode("utf-16-le", errors="replace")
    return text[:length].decode("latin-1")


def shared_string_lengths(data: bytes, records: list[tuple[int, int, int]]) -> list[int]:
    """The length in characters of each string of the SST (its text may run on into
    CONTINUE records, each starting with a fresh flags byte). A table this walk cannot
    follow gives what was read so far; the reader judges the rest."""
    segments: list[bytes] = []
    for kind, start, length in records:
        if kind == _SST:
            segments = [data[start : start + length]]
        elif kind == _CONTINUE and segments:
            segments.append(data[start : start + length])
        elif segments:
            break
    if not segments or len(segments[0]) < 8:
        return []
    unique = struct.unpack_from("<I", segments[0], 4)[0]
    reader = _Segments(segments, 8)
    lengths: list[int] = []
    try:
        while len(lengths) < unique:
            count, flags = reader.header()
            runs = reader.unsigned(2) if flags & 0x08 else 0
            extra = reader.unsigned(4) if flags & 0x04 else 0
            reader.characters(count, bool(flags & 0x01))
            reader.skip(4 * runs + extra)
            lengths.append(count)
    except (IndexError, struct.error):
        pass
    return lengths


class _Segments:
    """Reading across the SST record and its CONTINUE records."""

    def __init__(self, segments: list[bytes], position: int) -> None:
        self.segments = segments
        self.index = 0
        self.position = position

    def _next(self) -> bytes:
        self.index += 1
        self.position = 0
        return self.segments[self.index]  # IndexError at the end: the table is done

    def header(self) -> tuple[int, int]:
        if self.position >= len(self.segments[self.index]):
            self._next()
        count = self.unsigned(2)
        return count, self.unsigned(1)

    def unsigned(self, size: int) -> int:
        segment = self.segments[self.index]
        if self.position + size > len(segment):
            segment = self._next()
        value = int.from_bytes(segment[self.position : self.position + size], "little")
        if self.position + size > len(segment):
            raise IndexError("short record")
        self.position += size
        return value

    def characters(self, count: int, wide: bool) -> None:
        while count:
            segment = self.segments[self.index]
            width = 2 if wide else 1
            take = min(count, (len(segment) - self.position) // width)
            count -= take
            self.position += take * width
            if count:
                segment = self._next()
                wide = bool(segment[0] & 0x01)  # a CONTINUE starts with the flags again
                self.position = 1

    def skip(self, size: int) -> None:
        while size:
            segment = self.segments[self.index]
            take = min(size, len(segment) - self.position)
            size -= take
            self.position += take
            if size:
                self._next()
