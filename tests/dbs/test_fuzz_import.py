"""A bounded fuzz test of import-dbs: a few hundred damaged .xlsx, .ods, .xls and .csv files,
made here from good ones with a fixed seed. Whatever the damage, the command exits 0 or 1;
on 1 it says one line on stderr, no traceback, and the database is as it was (issue 12,
point 6). Most cases call the command line in-process; a few run it as a real process."""

from __future__ import annotations

import io
import random
import re
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bscp_monitor.cli.main import main
from tests.dbs.sheets import write_csv, write_ods, write_xls, write_xlsx

SEED = 20261205
CASES_PER_FORMAT = 60
PROVIDER = "Fuzz Care"
ROWS = [
    ["Single central record: Fuzz Care", None, None, None, None],
    ["Name", "Role", "DBS Certificate Number", "DBS Issue Date", "DBS Level"],
    ["Ann Lee", "Cook", "001234567890", "01/02/2024", "Enhanced with barred list"],
    ["Bo Cole", "Driver", "0098 7654 3210", "03/04/2023", "Enhanced"],
    ["Cy Dent", "Carer", "000111222333", "05/06/2022", "Standard"],
    ["Di Eve", "Manager", "ABC", "31/02/2021", "Basic"],
]
TABLES = ("provider", "staff_member", "dbs_check", "import_batch", "audit_event")
MAIN = "import sys; from bscp_monitor.cli.main import main; sys.exit(main(sys.argv[1:]))"


def _snapshot(db: Path) -> tuple[object, ...]:
    with sqlite3.connect(db) as connection:
        state = tuple(
            connection.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {t}").fetchone()
            for t in TABLES
        ) + tuple(connection.execute("SELECT * FROM staff_member ORDER BY id").fetchall())
    connection.close()
    return state


# -- mutations -------------------------------------------------------------------------------


def _flip(data: bytes, rng: random.Random, count: int) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _reference(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCXYZaz") for _ in range(rng.randint(0, 7)))
    digits = str(rng.choice([0, 1, 3, 99, 65536, 200_001, 1_048_576, 10**9, 10**12]))
    return letters + rng.choice([digits, "", "-1", "1.5"])


# Well-formed pieces, placed between elements, so most damaged files reach the readers.
XML_SNIPPETS = [
    '<c r="{ref}"><v>1</v></c>',
    '<c r="{ref}" t="s"><v>{n}</v></c>',
    '<row r="{n}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>',
    "<c><v>1</v></c><c><v>2</v></c><c/>",
    '<row><c t="inlineStr"><is><t>Signed:</t></is></c></row>',
    '<dimension ref="A1:{ref}"/>',
    '<c r="A1" t="d"><v>99999-99-99</v></c>',
    '<c r="A2" t="n"><v>1e400</v></c>',
    '<c r="B3" t="e"><v>#DIV/0!</v></c>',
    '<c r="C4" t="b"><v>7</v></c>',
    '<mergeCell ref="A1:{ref}"/>',
]
ODS_SNIPPETS = [
    '<table:table-row table:number-rows-repeated="{n}"><table:table-cell '
    'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
    '<table:table-cell table:number-columns-repeated="{n}" office:value-type="float" '
    'office:value="1"/>',
    '<table:table-cell office:value-type="date" office:date-value="{ref}"/>',
    '<table:table-cell office:value-type="float" office:value="nan"/>',
    '<table:table-cell office:value-type="percentage" office:value="1e999"/>',
    '<table:covered-table-cell table:number-columns-repeated="{n}"/>',
    '<table:table-row><table:table-cell table:number-columns-spanned="{n}" '
    'table:number-rows-spanned="{n}" office:value-type="string"><text:p>y</text:p>'
    "</table:table-cell></table:table-row>",
]
NUMBERS = [0, 1, 2, 700, 70_000, 300_000, 10**7, 2**31, 2**64]


def _mutate_text(text: str, rng: random.Random, snippets: list[str]) -> str:
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        boundaries = [i + 1 for i in range(len(text) - 1) if text[i] == ">" and text[i + 1] == "<"]
        if roll < 0.55 and boundaries:
            at = rng.choice(boundaries)
            snippet = rng.choice(snippets).format(ref=_reference(rng), n=rng.choice(NUMBERS))
            text = text[:at] + snippet + text[at:]
        elif roll < 0.75:
            values = [m.span(1) for m in re.finditer(r'(?:r|ref|value|repeated)="([^"]*)"', text)]
            if values:
                start, end = rng.choice(values)
                new = rng.choice([_reference(rng), str(rng.choice(NUMBERS)), "-3", ""])
                text = text[:start] + new + text[end:]
        elif roll < 0.9:
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randint(1, 200) :]  # most often, not XML now
        else:
            at = rng.randrange(len(text))
            text = text[:at] + chr(rng.choice([0, 1, 0xFFFE, 0x1F600, 60, 38])) + text[at:]
    return text


def _mutate_zip(data: bytes, rng: random.Random, member: str, snippets: list[str]) -> bytes:
    roll = rng.random()
    if roll < 0.15:
        return _flip(data, rng, rng.randint(1, 8))
    if roll < 0.25:
        return data[: rng.randrange(len(data))]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member or (rng.random() < 0.1 and content):
                content = _mutate_text(content.decode("utf-8", "replace"), rng, snippets).encode(
                    "utf-8", "surrogatepass"
                )
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, content, method)
    return out.getvalue()


def _mutate_xls(data: bytes, rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.4:
        return data[: rng.randrange(512, len(data))]
    body = bytearray(data)
    for _ in range(rng.randint(1, 12)):  # past the compound file's header, in the records
        at = rng.randrange(512, len(body))
        body[at] = rng.choice([0, 0xFF, rng.randrange(256)])
    return bytes(body)


def _mutate_csv(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text))
        piece = rng.choice(
            ['"', '""', "\x00", ",", ";" * 40, "\r", "\n" * 3, "é", "\udcff", "," * 600,
             "=cmd|' /C calc'!A0", "1.31122E+11", "\t", "N/A", "-", str(10**30)]
        )  # fmt: skip
        text = text[:at] + piece + text[at:]
    return (
        text.encode("utf-8", "surrogateescape")
        if rng.random() < 0.8
        else _flip(text.encode("utf-8", "surrogateescape"), rng, 4)
    )


def _cases(folder: Path) -> list[Path]:
    rng = random.Random(SEED)
    bases: dict[str, tuple[bytes, Callable[[bytes, random.Random], bytes]]] = {
        ".xlsx": (
            write_xlsx(folder / "base.xlsx", {"Staff": ROWS}).read_bytes(),
            lambda d, r: _mutate_zip(d, r, "xl/worksheets/sheet1.xml", XML_SNIPPETS),
        ),
        ".ods": (
            write_ods(folder / "base.ods", {"Staff": ROWS}).read_bytes(),
            lambda d, r: _mutate_zip(d, r, "content.xml", ODS_SNIPPETS),
        ),
        ".xls": (write_xls(folder / "base.xls", {"Staff": ROWS}).read_bytes(), _mutate_xls),
        ".csv": (write_csv(folder / "base.csv", ROWS).read_bytes(), _mutate_csv),
    }
    paths = []
    for suffix, (data, mutate) in bases.items():
        for n in range(CASES_PER_FORMAT):
            path = folder / f"case-{n:03d}{suffix}"
            path.write_bytes(mutate(data, rng) or b"x")
            paths.append(path)
    return paths


def _check(code: int, err: str, before: tuple[object, ...], after: tuple[object, ...]) -> None:
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert "panicked" not in err
    if code == 1:
        assert err.count("\n") == 1, err
        assert err.startswith("bscp-monitor: "), err
        assert after == before


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The damaged files, made once for the module (both tests read them; neither changes
    them)."""
    return _cases(tmp_path_factory.mktemp("fuzz-cases"))


@pytest.fixture
def register(tmp_path: Path) -> Path:
    db = tmp_path / "register.sqlite3"
    good = write_xlsx(tmp_path / "good.xlsx", {"Staff": ROWS})
    assert main(["import-dbs", str(good), "--provider", PROVIDER, "--db", str(db)]) == 0
    return db


def test_damaged_files_exit_0_or_1_with_one_line_and_change_nothing_on_1(
    cases: list[Path], register: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    refused = 0
    for path in cases:
        before = _snapshot(register)
        code = main(["import-dbs", str(path), "--provider", PROVIDER, "--db", str(register)])
        _out, err = capfd.readouterr()
        _check(code, err, before, _snapshot(register))
        refused += code == 1
    assert refused > CASES_PER_FORMAT  # the damage is real: most files are refused


def test_damaged_files_in_real_processes(cases: list[Path], register: Path) -> None:
    for path in cases[5 :: len(cases) // 4]:  # one of each format
        before = _snapshot(register)
        child = subprocess.run(
            [sys.executable, "-c", MAIN, "import-dbs", str(path), "--provider", PROVIDER,
             "--db", str(register)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        _check(child.returncode, child.stderr, before, _snapshot(register))
