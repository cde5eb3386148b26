"""Every command gives the same answer on PostgreSQL as on SQLite (issue 14, point 1).

The demo register (as at today) in a SQLite file and in a PostgreSQL database of the suite's
own server (tests/pg_server.py); every command that prints JSON is run on both and the
documents compared whole; the minutes and the board report are written from both and their
text compared; a DBS sheet imported into both gives the same result and the same register.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bscp_monitor.cli.main import main
from bscp_monitor.data.store import Store
from tests.conftest import seed_demo_at_nine
from tests.dbs.sheets import write_xlsx

ISSUED = date.today() - timedelta(days=400)


def _json(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> Any:
    code = main(["--db", db, *args, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _both(capsys: pytest.CaptureFixture[str], sqlite_db: str, pg_db: str, *args: str) -> Any:
    on_sqlite = _json(capsys, sqlite_db, *args)
    on_pg = _json(capsys, pg_db, *args)
    assert on_pg == on_sqlite, f"{' '.join(args)}: {_first_difference(on_sqlite, on_pg)}"
    return on_sqlite


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    """Where two JSON documents first differ (a readable failure)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{where}.{key}")
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
        return f"{where}: {len(a)} items on SQLite, {len(b)} on PostgreSQL"
    return f"{where}: {a!r} on SQLite, {b!r} on PostgreSQL"


@pytest.fixture
def both(store: Store, pg_demo_url: str) -> tuple[str, str]:
    """The demo as at today, stamped 09:00, in SQLite and in PostgreSQL."""
    seed_demo_at_nine(store)
    path = store.path
    assert path is not None
    store.close()
    return str(path), pg_demo_url


def test_every_listing_is_the_same_on_postgresql(
    both: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite_db, pg_db = both
    contracts = _both(capsys, sqlite_db, pg_db, "contracts")["contracts"]
    assert contracts  # the demo has contracts: the comparison compared something
    _both(capsys, sqlite_db, pg_db, "contracts", "--archived")
    meetings = _both(capsys, sqlite_db, pg_db, "meetings")["meetings"]
    assert meetings
    for reference in {c["reference"] for c in contracts}:
        _both(capsys, sqlite_db, pg_db, "meetings", "--contract", reference)
        _both(capsys, sqlite_db, pg_db, "actions", "--contract", reference)
    for meeting in meetings:
        _both(capsys, sqlite_db, pg_db, "meeting", str(meeting["id"]))
    assert _both(capsys, sqlite_db, pg_db, "actions")["actions"]
    _both(capsys, sqlite_db, pg_db, "actions", "--open")
    staff = _both(capsys, sqlite_db, pg_db, "dbs")
    assert staff["staff"]
    _both(capsys, sqlite_db, pg_db, "dbs", "--provider", staff["staff"][0]["provider"])
    compliance = _both(capsys, sqlite_db, pg_db, "compliance")
    assert compliance["contracts"]


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_minutes_and_reports_read_the_same_on_postgresql(
    both: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite_db, pg_db = both
    meetings = _json(capsys, sqlite_db, "meetings")["meetings"]
    compared = 0
    for meeting in meetings:
        texts = []
        for name, db in (("sqlite", sqlite_db), ("pg", pg_db)):
            out = tmp_path / f"minutes-{meeting['id']}-{name}.pdf"
            code = main(["--db", db, "export-minutes", str(meeting["id"]), "--out", str(out)])
            capsys.readouterr()
            texts.append(_pdf_text(out) if code == 0 else None)
        assert texts[0] == texts[1]
        compared += texts[0] is not None
    assert compared  # some meetings of the demo have minutes
    reports = []
    for name, db in (("sqlite", sqlite_db), ("pg", pg_db)):
        pdf, xlsx = tmp_path / f"report-{name}.pdf", tmp_path / f"report-{name}.xlsx"
        actions = tmp_path / f"actions-{name}.xlsx"
        assert main(["--db", db, "export-report", "--out", str(pdf)]) == 0
        assert main(["--db", db, "export-report", "--out", str(xlsx)]) == 0
        assert main(["--db", db, "export-actions", "--out", str(actions)]) == 0
        capsys.readouterr()
        cells = [
            [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
            for book in (load_workbook(xlsx), load_workbook(actions))
            for sheet in book.worksheets
        ]
        reports.append((_pdf_text(pdf), cells))
    assert reports[0] == reports[1]


def test_a_dbs_import_is_the_same_on_postgresql(
    both: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite_db, pg_db = both
    header = ["Name", "Job title", "Contact with children", "DBS No", "DBS Type", "Date of issue"]
    rows: list[list[object]] = [header]
    for n in range(40):
        rows.append(
            [f"Pat {chr(65 + n % 26)}{'o' * (1 + n // 26)}dley", "Carer",
             "Direct" if n % 3 else "None", str(100000000000 + 7919 * n) if n % 7 else "123",
             "Enhanced with barred list", ISSUED]
        )  # fmt: skip
    sheet = write_xlsx(tmp_path / "staff.xlsx", {"Staff": rows})
    for provider in ("Sunrise Care", "Barnardo's"):
        first = _both(capsys, sqlite_db, pg_db, "import-dbs", str(sheet), "--provider", provider)
        assert first["created"] or first["updated"], first["problems"][:2]
        again = _both(capsys, sqlite_db, pg_db, "import-dbs", str(sheet), "--provider", provider)
        assert again["unchanged"]
    _both(capsys, sqlite_db, pg_db, "dbs")
    _both(capsys, sqlite_db, pg_db, "compliance")


def test_the_newer_commands_are_the_same_on_postgresql(
    both: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commands that write files (their JSON read with the folder made the same) and
    search and purge-leavers, on both databases."""
    sqlite_db, pg_db = both
    meetings = _json(capsys, sqlite_db, "meetings")["meetings"]
    planned = next(m for m in meetings if m["status"] == "planned")
    held = next(m for m in meetings if m["status"] != "planned")

    def on(db: str, name: str, *args: str) -> Any:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        filled = [a.replace("{out}", str(folder)) for a in args]
        code = main(["--db", db, *filled, "--json"])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        return json.loads(captured.out.replace(str(folder), "{out}"))

    commands = [
        ("purge-leavers", "--dry-run"),
        ("email-minutes", str(held["id"]), "--out", "{out}/minutes.eml"),
        ("remind-actions", "--out", "{out}/reminders"),
        ("export-ics", str(planned["id"]), "--out", "{out}/invite.ics"),
        ("export-calendar", "--out", "{out}/calendar.ics"),
    ]
    for command in commands:
        on_sqlite = on(sqlite_db, "sqlite", *command)
        on_pg = on(pg_db, "pg", *command)
        assert on_pg == on_sqlite, f"{command[0]}: {_first_difference(on_sqlite, on_pg)}"
    for words in ("safeguarding", "referral", "training"):
        # The same hits; each database ranks them by its own full-text scoring.
        hits = [
            on(db, name, "search", words)["hits"] for db, name in ((sqlite_db, "s"), (pg_db, "p"))
        ]
        assert hits[0]
        assert sorted(hits[1], key=json.dumps) == sorted(hits[0], key=json.dumps), words
