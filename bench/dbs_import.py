"""Benchmark: a provider's 50,000-row DBS spreadsheet imported end to end, against pandas
merely reading the same file, in one run.

    python bench/dbs_import.py            # needs pandas: pip install '.[bench]'
    python bench/dbs_import.py --readers  # also: each reader on the same rows, by format

A realistic single-central-record .xlsx is written first (openpyxl, write-only, fixed seed):
a title row, a two-row header with "DBS" merged over Certificate Number / Issue Date /
Level, certificate numbers as text with spaces and as numbers Excel has stripped of their
leading zeros, issue dates (within the last four years) as real date cells and as
dd/mm/yyyy text, levels mostly enhanced in every spelling, a few rows that must be rejected
(one of each error every 500 rows), blank rows, and notes under the table.

Each sample runs in a fresh process, so its peak memory (ru_maxrss) is its own, and the
samples are interleaved, so both sides see the same machine load; medians of 3 runs:

(a) baseline: ``pandas.read_excel(path, header=None)``, with its default engine for .xlsx,
    openpyxl (named, since pandas says the default will change to calamine);
(b) ``dbs_import.import_file`` into a new SQLite file: read, validate, match and write.

Target: (b) at least 4x faster than (a), with (b)'s peak memory under 400 MB. Times count
the call alone: starting Python, importing modules and creating the empty database do not.

(c) a hostile file: a header row and one cell at XFD1048576 (5 KB, but a grid of 17 billion
cells to a reader that believes it), imported the same way in a fresh process. Target:
refused in under 1 s, the whole process's peak under 100 MB.

(d) a sheet at the row bound (199,906 rows, 16 columns: nine more checks a single central
record keeps), imported whole in a fresh process, once. Target: peak (ru_maxrss) under
500 MB, issue 12's bound for any import.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROWS = 50_000
RUNS = 3
SEED = 4
PROVIDER = "Benchmark Provider"
TARGET_RATIO = 4.0
TARGET_MB = 400
HOSTILE_TARGET_S = 1.0
HOSTILE_TARGET_MB = 100
#: A sheet at the row bound (dbs/sheet_bounds.py: 200,000), with the checks a single central
#: record keeps beside the DBS ones (16 columns): its whole import's peak must stay < 500 MB.
BOUND_ROWS = 199_800  # staff rows: with the title, header, blank and note rows, 199,906
BOUND_TARGET_MB = 500
EXTRA = [  # known to the importer but not imported
    "Identity checked", "Right to work", "Qualifications", "Overseas checks", "Checked by",
    "Prohibition from teaching", "Section 128 check", "Medical fitness", "References",
]  # fmt: skip

FORENAMES = [
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Sophia", "Grace", "Lily", "Freya", "Emily",
    "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar", "Charlie",
    "Aisha", "Priya", "Zara", "Chloé", "Siobhán", "Wojciech", "Kwame", "Mei", "Tomasz", "Niamh",
]  # fmt: skip
SURNAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "O'Brien", "Smith-Jones", "McDonald", "Khan", "Nowak", "Okafor", "Ó Ceallaigh", "St. John",
]  # fmt: skip
ROLES = [
    "Support Worker", "Senior Support Worker", "Residential Care Worker", "Team Leader",
    "Registered Manager", "Deputy Manager", "Waking Night Worker", "Cook", "Driver",
    "Administrator", "Family Support Worker", "Youth Worker", "Therapist", "Volunteer",
]  # fmt: skip
CONTACT = ["Direct", "Direct", "Direct", "Regular", "Regular", "Occasional", "None", "Daily"]
LEVELS = [  # mostly the right check, in every spelling; some below it
    *["Enhanced with barred list"] * 5, *["Enhanced with Barred List (Children)"] * 3,
    *["Enhanced + Child Barred"] * 2, "Enhanced & Barred", "Enhanced", "Enh", "Standard", "Basic",
]  # fmt: skip
UPDATE = ["Yes", "No", "Y", "N", "Yes", "No", None]


def _number(rng: random.Random, n: int) -> object:
    """A unique certificate number, in the shapes providers send.

    Certificate numbers start with zeros, which Excel drops from a number cell.
    """
    digits = f"00{(n * 7_919_993 + 100_000_007) % 10**10:010d}"
    shape = rng.random()
    if shape < 0.40:
        return f"{digits[:4]} {digits[4:8]} {digits[8:]}"
    if shape < 0.55:
        return f"{digits[:6]}-{digits[6:]}"
    if shape < 0.80:
        return int(digits)  # a number cell: up to 12 digits, zero-padded back on import
    if shape < 0.98:
        return digits
    return None  # no number: a warning


def _issue(rng: random.Random) -> object:
    """An issue date within the last four years: most in date, a quarter expired."""
    day = date.today() - timedelta(days=rng.randrange(7, 4 * 365))
    if rng.random() < 0.5:
        return datetime(day.year, day.month, day.day)  # a real date cell
    if rng.random() < 0.9:
        return day.strftime("%d/%m/%Y")
    return f"{day.day}/{day.month}/{day.year % 100:02d}"


def _bad_row(n: int, good: list[object], previous: list[object]) -> list[object]:
    """A row the import must reject, one kind of error each time."""
    row = list(good)
    kind = n % 6
    if kind == 0:
        row[0] = f"Temp worker {n}"  # digits in a name
    elif kind == 1:
        row[3] = "1234 5678 901"  # 11 digits
    elif kind == 2:
        row[4] = "31/02/2021"  # no such date
    elif kind == 3:
        row[4] = "12/03/2099"  # in the future
    elif kind == 4:
        row[3] = previous[3] or "0011 2233 4455"  # the number of an earlier row
    else:
        row[0] = None  # no name
    return row


def write_workbook(
    path: Path, rows: int = ROWS, seed: int = SEED, extra: bool = False
) -> list[list[object]]:
    """The benchmark's .xlsx; returns its rows (for writing the same data in other formats).
    ``extra``: nine more columns of checks the importer knows but does not import."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    more = EXTRA if extra else []
    table: list[list[object]] = [
        ["Single central record: Benchmark Provider (children's residential services)"],
        [f"Exported {date(2025, 6, 30):%d/%m/%Y} by HR. Confidential."],
        ["Name", "Role", "Contact with children", "DBS", None, None, "Update Service", *more],
        [None, None, None, "Certificate Number", "Issue Date", "Level", None, *[None] * len(more)],
    ]
    for n in range(rows):
        name = f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"
        good = [
            name,
            rng.choice(ROLES),
            rng.choice(CONTACT),
            _number(rng, n),
            _issue(rng),
            rng.choice(LEVELS),
            rng.choice(UPDATE),
        ]
        if more:
            good += ["Passport", "Yes", "Level 3 Diploma", None, "J. Smith", "Clear", None,
                     "Fit", "2 received"]  # fmt: skip
        table.append(_bad_row(n, good, table[-1]) if n % 500 == 250 else good)
        if n % 2_000 == 1_999:
            table.append([None] * len(good))  # a blank row inside the table: skipped
    table += [
        [None] * 7,
        [f"Total staff: {rows:,}"],
        ["Checked by: J. Smith, 30/06/2025"],
    ]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("SCR")
    for cell in ("A3:A4", "B3:B4", "C3:C4", "D3:F3", "G3:G4"):
        sheet.merged_cells.add(cell)
    for row in table:
        sheet.append(row)
    book.save(path)
    return table


# ---------------------------------------------------------------------------- the samples


def _peak_mb() -> float:
    """This process's peak memory (the floor is the parent's, which starts it small)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child_pandas(path: str) -> dict[str, float]:
    import pandas

    start = time.perf_counter()
    frame = pandas.read_excel(path, header=None, engine="openpyxl")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": len(frame), "peak_mb": _peak_mb()}


def child_import(path: str, db: str) -> dict[str, float]:
    from bscp_monitor.data.store import Store
    from bscp_monitor.dbs.importer import import_file

    store = Store.open(db)
    start = time.perf_counter()
    result = import_file(store, Path(path), PROVIDER)
    seconds = time.perf_counter() - start
    store.close()
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "rows": result.rows,
        "created": result.created,
        "rejected": result.rejected,
        "problems": len(result.problems),
    }


def write_hostile(path: Path) -> Path:
    """A staff list's header and one cell at XFD1048576."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for col, header in enumerate(["Name", "Role", "DBS Certificate Number"], start=1):
        sheet.cell(row=1, column=col, value=header)
    sheet["XFD1048576"] = "x"
    book.save(path)
    return path


def child_hostile(path: str, db: str) -> dict[str, float]:
    from bscp_monitor.common.errors import UserError
    from bscp_monitor.data.store import Store
    from bscp_monitor.dbs.importer import import_file

    store = Store.open(db)
    start = time.perf_counter()
    try:
        import_file(store, Path(path), PROVIDER)
        refused = ""
    except UserError as exc:
        refused = str(exc)
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds, "peak_mb": _peak_mb(), "refused": refused}  # type: ignore[dict-item]


def child_phases(path: str, db: str) -> dict[str, float]:
    """The import's phases, each timed on its own: reading the file, then judging the rows
    and writing them (one phase: each batch is written as the next rows are judged)."""
    from bscp_monitor.data.store import Store
    from bscp_monitor.dbs import importer as dbs_import
    from bscp_monitor.dbs.spreadsheet_reader import read_spreadsheet

    store = Store.open(db)
    start = time.perf_counter()
    sheets = read_spreadsheet(Path(path))
    read = time.perf_counter() - start
    dbs_import.read_spreadsheet = lambda *_args, **_kwargs: sheets  # type: ignore[assignment]
    start = time.perf_counter()
    dbs_import.import_file(store, Path(path), PROVIDER)
    written = time.perf_counter() - start
    store.close()
    return {"read": read, "write": written, "peak_mb": _peak_mb()}


def child_reader(kind: str, path: str) -> dict[str, float]:
    start = time.perf_counter()
    if kind == "openpyxl":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
        book.close()
    elif kind == "calamine":
        import python_calamine as pc

        book = pc.CalamineWorkbook.from_path(path)
        rows = sum(
            len(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names
        )
    elif kind == "csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = sum(1 for _ in csv.reader(handle))
    else:  # "ours": bscp_monitor.dbs.spreadsheet_reader, safety checks included
        from bscp_monitor.dbs.spreadsheet_reader import read_spreadsheet

        rows = sum(len(s.rows) for s in read_spreadsheet(Path(path)))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows, "peak_mb": _peak_mb()}


def sample(kind: str, *args: str) -> dict[str, float]:
    """One measurement in a fresh Python process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"the {kind} sample failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(samples: list[dict[str, float]], key: str) -> float:
    return statistics.median(s[key] for s in samples)


# ---------------------------------------------------------------------------- the runs


def hostile(folder: Path) -> None:
    path = write_hostile(folder / "hostile.xlsx")
    samples = [
        sample("hostile", str(path), str(folder / f"hostile-{n}.sqlite3")) for n in range(RUNS)
    ]
    refused = all(s["refused"] for s in samples)
    seconds = _median(samples, "seconds")
    peak = max(s["peak_mb"] for s in samples)
    met = refused and seconds < HOSTILE_TARGET_S and peak < HOSTILE_TARGET_MB
    print(
        f"hostile file (a cell at XFD1048576, {path.stat().st_size / 1024:.0f} KB): "
        f"{'refused' if refused else 'NOT refused'} in median {seconds:.3f} s, peak "
        f"{peak:.0f} MB (largest of {RUNS}; target < {HOSTILE_TARGET_S:.0f} s, "
        f"< {HOSTILE_TARGET_MB} MB): {'met' if met else 'NOT met'}"
    )
    print(f"  said: {samples[0]['refused']}")


def at_the_bound(folder: Path) -> None:
    """A sheet at the row bound imported whole in a fresh process: its peak (ru_maxrss)."""
    seconds = sample("write", str(folder), "bound")["xlsx_seconds"]
    path = folder / "bound.xlsx"
    done = sample("import", str(path), str(folder / "bound.sqlite3"))
    met = done["peak_mb"] < BOUND_TARGET_MB
    print(
        f"a sheet at the row bound ({BOUND_ROWS:,} staff rows x {7 + len(EXTRA)} columns, "
        f"{path.stat().st_size / 1e6:.1f} MB, written in {seconds:.0f} s): imported in "
        f"{done['seconds']:.1f} s, {done['rows']:,} rows, peak {done['peak_mb']:.0f} MB "
        f"(target < {BOUND_TARGET_MB} MB): {'met' if met else 'NOT met'}"
    )


def compare(folder: Path, xlsx: Path) -> None:
    if importlib.util.find_spec("pandas") is None:  # not imported here: this process stays small
        raise SystemExit(
            "The baseline needs pandas, which BSCP Monitor itself does not use. Install it "
            "with:  pip install '.[bench]'   (or: pip install 'pandas>=2')"
        )
    baseline, ours, phases = [], [], []
    for run in range(RUNS):  # interleaved, so both see the same machine load
        baseline.append(sample("pandas", str(xlsx)))
        ours.append(sample("import", str(xlsx), str(folder / f"import-{run}.sqlite3")))
        phases.append(sample("phases", str(xlsx), str(folder / f"phases-{run}.sqlite3")))
    first = ours[0]
    print(
        f"import result: {first['rows']:,} rows, {first['created']:,} created, "
        f"{first['rejected']:,} rejected, {first['problems']:,} problems"
    )
    pandas_s, import_s = _median(baseline, "seconds"), _median(ours, "seconds")
    import_mb = max(s["peak_mb"] for s in ours)
    print(f"pandas.read_excel (read only):     median {pandas_s:6.2f} s  "
          f"peak {_median(baseline, 'peak_mb'):5.0f} MB")  # fmt: skip
    print(f"import_file (read+validate+write): median {import_s:6.2f} s  "
          f"peak {import_mb:5.0f} MB (largest of {RUNS})")  # fmt: skip
    print(
        f"  phases: read {_median(phases, 'read'):.2f} s, "
        f"judge and write (overlapping) {_median(phases, 'write'):.2f} s"
    )
    ratio = pandas_s / import_s
    verdict = "met" if ratio >= TARGET_RATIO and import_mb < TARGET_MB else "NOT met"
    print(
        f"ratio: {ratio:.1f}x faster than pandas' read alone "
        f"(target >= {TARGET_RATIO:.0f}x, peak < {TARGET_MB} MB): {verdict}"
    )


def _write_xls(path: Path, table: list[list[object]]) -> bool:
    try:
        import xlwt
    except ImportError:
        return False
    book = xlwt.Workbook()
    sheet = book.add_sheet("SCR")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return True


def _write_ods(path: Path, table: list[list[object]]) -> bool:
    try:
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P
    except ImportError:
        return False
    document = OpenDocumentSpreadsheet()
    sheet = Table(name="SCR")
    for row in table:
        line = TableRow()
        for value in row:
            if value is None:
                cell = TableCell()
            elif isinstance(value, datetime):
                cell = TableCell(valuetype="date", datevalue=value.date().isoformat())
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            elif isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            line.addElement(cell)
        sheet.addElement(line)
    document.spreadsheet.addElement(sheet)
    document.save(str(path))
    return True


def _write_csv(path: Path, table: list[list[object]]) -> bool:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        for row in table:
            writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, datetime) else v for v in row])
    return True


def child_write(folder: str, formats: str) -> dict[str, float]:
    """The benchmark's files, written in a process of their own: Linux hands a process's
    peak memory on to the programs it starts, so the one that starts the samples stays small.
    """
    start = time.perf_counter()
    if formats == "bound":
        write_workbook(Path(folder) / "bound.xlsx", BOUND_ROWS, extra=True)
        return {"xlsx_seconds": time.perf_counter() - start}
    table = write_workbook(Path(folder) / "staff.xlsx")
    written = {"xlsx_seconds": time.perf_counter() - start}
    writers = {".xls": _write_xls, ".ods": _write_ods, ".csv": _write_csv}
    for suffix in formats.split(",") if formats else []:
        written[suffix] = writers[suffix](Path(folder) / f"staff{suffix}", table)
    return written


def readers(folder: Path, xlsx: Path) -> None:
    """Each reader on the same rows, one fresh process per sample, medians of 3."""
    files = {".xlsx": xlsx}
    written = sample("write", str(folder), ".xls,.ods,.csv")
    for suffix in (".xls", ".ods", ".csv"):
        if written[suffix]:
            files[suffix] = folder / f"staff{suffix}"
        else:
            print(f"({suffix} skipped: no writer installed; pip install xlwt / odfpy)")
    cases = [(".xlsx", "openpyxl"), (".xlsx", "calamine"), (".xlsx", "ours")]
    for suffix in (".xls", ".ods"):
        if suffix in files:
            cases += [(suffix, "calamine"), (suffix, "ours")]
    cases += [(".csv", "csv"), (".csv", "ours")]
    results: dict[tuple[str, str], list[dict[str, float]]] = {case: [] for case in cases}
    for _ in range(RUNS):
        for suffix, kind in cases:
            results[suffix, kind].append(sample("reader", kind, str(files[suffix])))
    names = {
        "openpyxl": "openpyxl (read-only)",
        "calamine": "python-calamine",
        "csv": "csv module",
        "ours": "read_spreadsheet (ours)",
    }
    print()
    print(f"readers, {ROWS:,} rows (median of {RUNS}, each in a fresh process):")
    print(f"  {'format':6} {'reader':26} {'size':>8} {'time':>8} {'peak':>8}")
    for suffix, kind in cases:
        size = files[suffix].stat().st_size / (1024 * 1024)
        seconds = _median(results[suffix, kind], "seconds")
        peak = _median(results[suffix, kind], "peak_mb")
        print(f"  {suffix:6} {names[kind]:26} {size:6.1f}MB {seconds:7.2f}s {peak:6.0f}MB")
    print("  'ours' adds the safety checks (zip bomb, XML entities) and the cell clean-up.")


CHILDREN = {
    "pandas": child_pandas,
    "import": child_import,
    "phases": child_phases,
    "hostile": child_hostile,
    "reader": child_reader,
    "write": child_write,
}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(CHILDREN[sys.argv[2]](*sys.argv[3:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", action="store_true", help="also time each reader")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        xlsx = folder / "staff.xlsx"
        seconds = sample("write", str(folder), "")["xlsx_seconds"]
        print(
            f"wrote {xlsx.name}: {ROWS:,} staff rows, {xlsx.stat().st_size / 1e6:.1f} MB "
            f"in {seconds:.1f} s"
        )
        compare(folder, xlsx)
        hostile(folder)
        at_the_bound(folder)
        if args.readers:
            readers(folder, xlsx)


if __name__ == "__main__":
    main()
