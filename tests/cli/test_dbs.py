"""The command line of the DBS register: import-dbs and dbs (issue 4, points 8-10)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bscp_monitor.cli.main import main
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import AuditEvent
from bscp_monitor.data.store import Store
from tests.dbs.sheets import dump, write_csv, write_xlsx

TODAY = date.today()
ISSUED = TODAY - timedelta(days=400)
RESULT_KEYS = {"rows", "created", "updated", "unchanged", "rejected", "problems", "changes"}
PROBLEM_KEYS = {"sheet", "row", "column", "severity", "message"}
CHANGE_KEYS = {"sheet", "row", "field", "old", "new"}
STAFF_KEYS = {
    "provider",
    "name",
    "role",
    "contact_level",
    "certificate_number",
    "level",
    "issue_date",
    "expiry_date",
    "status",
}
HEADER = ["Name", "Job title", "Contact with children", "DBS No", "DBS Type", "Date of issue"]


def _scr(path: Path) -> Path:
    """Title rows, a good row, a mangled number, a bad row, a blank row and a note."""
    rows = [
        ["Sunrise Care — Single Central Record"],
        [None],
        HEADER,
        ["Ann Lee", "Carer", "Direct", "0012 3456 6789", "Enhanced with barred list", ISSUED],
        ["Bo Cole", "Cook", "None", 98765432.0, "Basic", ISSUED],
        ["Cy Dee", "Driver", "Direct", "12345", "Enhanced", ISSUED],
        [None] * 6,
        ["Total staff: 3"],
    ]
    return write_xlsx(path, {"Staff": rows})


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("BSCP_MONITOR_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "bscp_monitor", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code = main([*args, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    return json.loads(captured.out)


def _import(
    capsys: pytest.CaptureFixture[str], db: Path, file: Path, *extra: str
) -> dict[str, object]:
    return _json(
        capsys, "--db", str(db), "import-dbs", str(file), "--provider", "Sunrise Care", *extra
    )


def _fails(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("bscp-monitor: ")
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return lines[0]


def _shape(document: dict[str, object]) -> None:
    assert set(document) == RESULT_KEYS
    counts = [document[k] for k in ("created", "updated", "unchanged", "rejected")]
    assert all(isinstance(n, int) for n in counts)
    assert document["rows"] == sum(counts)  # type: ignore[arg-type]
    for problem in document["problems"]:  # type: ignore[attr-defined]
        assert set(problem) == PROBLEM_KEYS
        assert problem["severity"] in ("error", "warning", "note")
    for change in document["changes"]:  # type: ignore[attr-defined]
        assert set(change) == CHANGE_KEYS


# --- import-dbs ------------------------------------------------------------------------------


def test_import_json_has_exactly_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _import(capsys, tmp_path / "db.sqlite3", _scr(tmp_path / "scr.xlsx"))
    _shape(document)
    assert {k: document[k] for k in RESULT_KEYS - {"problems"}} == {
        "rows": 3,  # the note under the table is no row
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "changes": [],
    }
    problems = document["problems"]
    assert problems == [
        {
            "sheet": "Staff",
            "row": 5,
            "column": "DBS No",
            "severity": "warning",
            "message": "The certificate number ending 5432 had lost its leading zeros (a "
            "spreadsheet kept it as a number); read with 4 zeros put back.",
        },
        {
            "sheet": "Staff",
            "row": 6,
            "column": "DBS No",
            "severity": "error",
            "message": "The certificate number ending 2345 has 5 digits: not a 12-digit DBS "
            "certificate number.",
        },
        {
            "sheet": "Staff",
            "row": 8,
            "column": None,
            "severity": "note",
            "message": "Not a staff row; not imported: 'Total staff: 3'.",
        },
    ]


def test_csv_problems_have_no_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(
        tmp_path / "scr.csv",
        [HEADER, ["Ann Lee", "Carer", "Direct", "", "Enhanced with barred list", ISSUED]],
        delimiter=";",
    )
    document = _import(capsys, tmp_path / "db.sqlite3", path)
    _shape(document)
    assert document["problems"] == [
        {
            "sheet": None,
            "row": 2,
            "column": "DBS No",
            "severity": "warning",
            "message": "There is no DBS certificate number.",
        }
    ]


def test_a_problem_without_a_column_is_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No level column at all: the warning about the level names no column.
    path = write_xlsx(
        tmp_path / "nolevel.xlsx",
        {"Staff": [["Name", "DBS No", "Issued"], ["Ann Lee", "001234566789", ISSUED]]},
    )
    document = _import(capsys, tmp_path / "db.sqlite3", path)
    _shape(document)
    columns = {p["column"] for p in document["problems"]}  # type: ignore[attr-defined,index]
    assert columns == {None}
    assert len(document["problems"]) == 2  # type: ignore[arg-type]


def test_import_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "--db",
            str(tmp_path / "db.sqlite3"),
            "import-dbs",
            str(_scr(tmp_path / "scr.xlsx")),
            "--provider",
            "Sunrise Care",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Imported scr.xlsx for Sunrise Care: 3 rows — 2 created, 0 updated, ")
    assert "Staff!row 6 [DBS No] error: The certificate number ending 2345 has 5 digits" in out
    assert "Staff!row 8 note: Not a staff row; not imported: 'Total staff: 3'." in out


def test_import_twice_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, path = tmp_path / "db.sqlite3", _scr(tmp_path / "scr.xlsx")
    _import(capsys, db, path)
    before = dump(db, skip=("import_batch", "audit_event"))
    again = _import(capsys, db, path)
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (
        0,
        0,
        2,
        1,
    )
    assert dump(db, skip=("import_batch", "audit_event")) == before


def test_dry_run_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, path = tmp_path / "db.sqlite3", _scr(tmp_path / "scr.xlsx")
    _import(
        capsys,
        db,
        write_xlsx(
            tmp_path / "first.xlsx",
            {"S": [HEADER, ["Zed Young", "Cook", "None", "", "Basic", ISSUED]]},
        ),
    )
    before_dump, before_bytes = dump(db), db.read_bytes()
    document = _import(capsys, db, path, "--dry-run")
    _shape(document)
    assert document["created"] == 2
    assert document["rejected"] == 1
    assert dump(db) == before_dump
    assert db.read_bytes() == before_bytes
    code = main(["--db", str(db), "import-dbs", str(path), "--provider", "New One", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Checked (nothing imported) scr.xlsx for New One")
    assert dump(db) == before_dump


def test_sheet_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Staff": [HEADER, ["Ann Lee", "Carer", "Direct", "001234566789", "Enhanced", ISSUED]],
            "Volunteers": [
                HEADER,
                ["Vic Wu", "Helper", "None", "", "Basic", ISSUED],
                ["Wes Xu", "Helper", "None", "", "Basic", ISSUED],
            ],
        },
    )
    db = tmp_path / "db.sqlite3"
    assert _import(capsys, db, path, "--dry-run")["rows"] == 3  # every sheet
    document = _import(capsys, db, path, "--sheet", "Volunteers")
    assert (document["rows"], document["created"]) == (2, 2)
    assert {p["sheet"] for p in document["problems"]} == {"Volunteers"}  # type: ignore[attr-defined,index]
    listed = _json(capsys, "--db", str(db), "dbs")
    assert sorted(s["name"] for s in listed["staff"]) == ["Vic Wu", "Wes Xu"]  # type: ignore[attr-defined,index]


def test_map_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(
        tmp_path / "ident.xlsx",
        {
            "Staff": [
                ["Name", "Staff Ident", "Issued", "Level", "Notes"],
                ["Ann Lee", "001234566789", ISSUED, "Enhanced with barred list", "x"],
            ]
        },
    )
    db = tmp_path / "db.sqlite3"
    unmapped = _import(capsys, db, path, "--dry-run")
    assert [p["message"] for p in unmapped["problems"]] == [  # type: ignore[attr-defined,index]
        "There is no DBS certificate number."
    ]
    document = _import(
        capsys, db, path, "--map", "Staff Ident=certificate_number", "--map", "Notes=ignore"
    )
    assert document["problems"] == []
    assert document["created"] == 1
    listed = _json(capsys, "--db", str(db), "dbs", "--reveal")
    assert listed["staff"][0]["certificate_number"] == "001234566789"  # type: ignore[index]


@pytest.mark.parametrize(
    ("pair", "fragment"),
    [
        ("Staff Ident=colour", "'colour' is not a field; use one of: name"),
        ("Staff Ident", 'should be written as "Header text=field"'),
        ("=name", "should be written as"),
    ],
)
def test_a_bad_map_fails_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pair: str, fragment: str
) -> None:
    db = tmp_path / "db.sqlite3"
    _import(capsys, db, _scr(tmp_path / "scr.xlsx"))
    before = dump(db)
    line = _fails(
        capsys,
        "--db",
        str(db),
        "import-dbs",
        str(tmp_path / "scr.xlsx"),
        "--provider",
        "Sunrise Care",
        "--map",
        pair,
    )
    assert fragment in line
    assert dump(db) == before


def test_rejects_are_written_with_the_original_cells_and_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    hostile = "=cmd|' /C calc'!A0"
    rows = [
        HEADER,
        ["Ann Lee", "Carer", "Direct", "001234566789", "Enhanced with barred list", ISSUED],
        [hostile, "+Carer", "Direct", "@SUM(1)", "Enhanced", ISSUED],
        ["Total staff: 2", None, None, None, None, None],
    ]
    path = write_xlsx(tmp_path / "scr.xlsx", {"Staff": rows})
    out = tmp_path / "rejects.xlsx"
    document = _import(capsys, tmp_path / "db.sqlite3", path, "--rejects", str(out))
    assert document["rejected"] == 1  # the total under the table is a note, not sent back
    book = load_workbook(out)
    assert book.sheetnames == ["Staff"]
    sheet = book["Staff"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == [*HEADER, "Row", "Problems"]
    assert len(values) == 2
    assert values[1][:4] == [hostile, "+Carer", "Direct", "@SUM(1)"]
    assert values[1][5].date() == ISSUED  # type: ignore[union-attr]
    assert values[1][6] == 3
    assert "error: '=cmd|' /C calc'!A0' is not a person's name. (Name)" in values[1][7]  # type: ignore[operator]
    assert "is not a 12-digit DBS certificate number" in values[1][7]  # type: ignore[operator]
    for cell in (sheet["A2"], sheet["B2"], sheet["D2"]):
        assert cell.data_type == "s"  # text, never a formula
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml
    assert b"<f " not in xml
    assert not list(tmp_path.glob(".rejects.xlsx.partial"))


def test_rejects_to_a_missing_folder_fails_before_importing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite3"
    _import(
        capsys,
        db,
        write_xlsx(
            tmp_path / "first.xlsx",
            {"S": [HEADER, ["Zed Young", "Cook", "None", "", "Basic", ISSUED]]},
        ),
    )
    before = dump(db)
    line = _fails(
        capsys,
        "--db",
        str(db),
        "import-dbs",
        str(_scr(tmp_path / "scr.xlsx")),
        "--provider",
        "Sunrise Care",
        "--rejects",
        str(tmp_path / "no such folder" / "rejects.xlsx"),
    )
    assert "no such folder" in line
    assert "does not exist" in line
    assert dump(db) == before  # exit 1 means nothing was imported


def _broken_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04 a Word file")
    (tmp_path / "renamed.xlsx").write_text("Name,DBS No\nAnn,1\n", encoding="utf-8")
    whole = _scr(tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    write_xlsx(tmp_path / "noheader.xlsx", {"S": [["Ann Lee", "001234566789"]]})
    return {
        "missing": (tmp_path / "nowhere.xlsx", "does not exist"),
        "folder": (tmp_path / "folder.xlsx", "is a folder"),
        "docx": (tmp_path / "letter.docx", "is not a spreadsheet BSCP Monitor reads"),
        "renamed": (tmp_path / "renamed.xlsx", "is not a real .xlsx spreadsheet"),
        "truncated": (tmp_path / "truncated.xlsx", "damaged or truncated"),
        "empty": (tmp_path / "empty.csv", "is empty"),
        "locked": (tmp_path / "locked.xlsx", "password-protected"),
        "noheader": (tmp_path / "noheader.xlsx", "No table of staff was found"),
    }


@pytest.mark.parametrize(
    "kind", ["missing", "folder", "docx", "renamed", "truncated", "empty", "locked", "noheader"]
)
def test_file_level_failures_exit_1_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    db = tmp_path / "db.sqlite3"
    _import(capsys, db, _scr(tmp_path / "scr.xlsx"))
    before, before_bytes = dump(db), db.read_bytes()
    path, fragment = _broken_files(tmp_path)[kind]
    for extra in ([], ["--json"], ["--dry-run"]):
        line = _fails(
            capsys, "--db", str(db), "import-dbs", str(path), "--provider", "Sunrise Care", *extra
        )
        assert fragment in line
    assert dump(db) == before
    assert db.read_bytes() == before_bytes


def test_an_unknown_sheet_fails_naming_the_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite3"
    path = _scr(tmp_path / "scr.xlsx")
    _import(capsys, db, path)
    before = dump(db)
    line = _fails(
        capsys, "--db", str(db), "import-dbs", str(path), "--provider", "X", "--sheet", "Nope"
    )
    assert "no sheet called 'Nope'" in line
    assert "'Staff'" in line
    assert dump(db) == before


# --- dbs ---------------------------------------------------------------------------------------


def _two_providers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "db.sqlite3"
    _import(capsys, db, _scr(tmp_path / "scr.xlsx"))
    other = write_xlsx(
        tmp_path / "acorn.xlsx",
        {"S": [HEADER, ["Di Eve", "Nurse", "Direct", "111122223333", "Enhanced", ISSUED]]},
    )
    _json(capsys, "--db", str(db), "import-dbs", str(other), "--provider", "Acorn Homes")
    return db


def test_dbs_json_shape_with_masked_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _two_providers(tmp_path, capsys)
    document = _json(capsys, "--db", str(db), "dbs")
    assert set(document) == {"staff"}
    staff = document["staff"]
    for row in staff:  # type: ignore[attr-defined]
        assert set(row) == STAFF_KEYS
    expiry = ISSUED.replace(year=ISSUED.year + 3)
    assert staff == [
        {
            "provider": "Acorn Homes",
            "name": "Di Eve",
            "role": "Nurse",
            "contact_level": "direct",
            "certificate_number": "********3333",
            "level": "enhanced",
            "issue_date": ISSUED.isoformat(),
            "expiry_date": expiry.isoformat(),
            "status": "invalid",  # no children's barred list check
        },
        {
            "provider": "Sunrise Care",
            "name": "Ann Lee",
            "role": "Carer",
            "contact_level": "direct",
            "certificate_number": "********6789",
            "level": "enhanced_barred",
            "issue_date": ISSUED.isoformat(),
            "expiry_date": expiry.isoformat(),
            "status": "in_date",
        },
        {
            "provider": "Sunrise Care",
            "name": "Bo Cole",
            "role": "Cook",
            "contact_level": "none",
            "certificate_number": "********5432",
            "level": "basic",
            "issue_date": ISSUED.isoformat(),
            "expiry_date": expiry.isoformat(),
            "status": "in_date",
        },
    ]
    out = json.dumps(document)
    assert "001234566789" not in out
    assert "000098765432" not in out
    assert _reveal_events(db) == 0  # listing masked numbers is not a reveal


def _reveal_events(db: Path) -> int:
    store = Store.open(db)
    try:
        with store.session() as session:
            return len(
                session.scalars(
                    select(AuditEvent).where(AuditEvent.action == AuditAction.REVEAL)
                ).all()
            )
    finally:
        store.close()


def test_dbs_reveal_shows_numbers_and_is_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _two_providers(tmp_path, capsys)
    document = _json(capsys, "--db", str(db), "dbs", "--reveal")
    numbers = {s["name"]: s["certificate_number"] for s in document["staff"]}  # type: ignore[attr-defined,index]
    assert numbers == {
        "Di Eve": "111122223333",
        "Ann Lee": "001234566789",
        "Bo Cole": "000098765432",
    }
    assert _reveal_events(db) == 1
    code = main(["--db", str(db), "dbs", "--reveal"])
    text = capsys.readouterr().out
    assert code == 0
    assert "001234566789" in text
    assert _reveal_events(db) == 2
    code = main(["--db", str(db), "dbs"])
    text = capsys.readouterr().out
    assert "********6789" in text
    assert "001234566789" not in text
    assert _reveal_events(db) == 2


def test_dbs_provider_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _two_providers(tmp_path, capsys)
    document = _json(capsys, "--db", str(db), "dbs", "--provider", "acorn homes")
    assert [s["name"] for s in document["staff"]] == ["Di Eve"]  # type: ignore[attr-defined,index]
    before = dump(db)
    line = _fails(capsys, "--db", str(db), "dbs", "--provider", "Nobody Ltd")
    assert "There is no provider called 'Nobody Ltd'" in line
    assert dump(db) == before


def test_dbs_on_an_empty_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.sqlite3"
    Store.open(db).close()
    assert _json(capsys, "--db", str(db), "dbs") == {"staff": []}
    assert main(["--db", str(db), "dbs"]) == 0
    assert capsys.readouterr().out.strip() == "The DBS register is empty."


# --- through a real process --------------------------------------------------------------------


def test_import_and_list_through_a_real_process(tmp_path: Path) -> None:
    _scr(tmp_path / "scr.xlsx")
    imported = _run(
        tmp_path,
        "import-dbs",
        "scr.xlsx",
        "--provider",
        "Sunrise Care",
        "--db",
        "db.sqlite3",
        "--json",
    )
    assert imported.returncode == 0, imported.stderr
    document = json.loads(imported.stdout)
    _shape(document)
    assert (document["created"], document["rejected"]) == (2, 1)
    listed = _run(tmp_path, "dbs", "--db", "db.sqlite3", "--json")
    assert listed.returncode == 0, listed.stderr
    staff = json.loads(listed.stdout)["staff"]
    assert [(s["name"], s["certificate_number"]) for s in staff] == [
        ("Ann Lee", "********6789"),
        ("Bo Cole", "********5432"),
    ]


def test_a_broken_file_through_a_real_process(tmp_path: Path) -> None:
    _scr(tmp_path / "scr.xlsx")
    assert (
        _run(tmp_path, "import-dbs", "scr.xlsx", "--provider", "P", "--db", "db.sqlite3").returncode
        == 0
    )
    db = tmp_path / "db.sqlite3"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    whole = (tmp_path / "scr.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(whole[: len(whole) // 2])
    for name in ("cut.xlsx", "missing.ods"):
        result = _run(tmp_path, "import-dbs", name, "--provider", "P", "--db", "db.sqlite3")
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("bscp-monitor: "), result.stderr
        assert name in lines[0]
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_database_held_by_another_import_is_said_so_not_blamed_on_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import writes as it reads (import_file): the database's own message comes out,
    not 'the file could not be read', and nothing is imported."""
    import sqlite3

    db = tmp_path / "db.sqlite3"
    _import(capsys, db, _scr(tmp_path / "scr.xlsx"))
    before = dump(db)
    monkeypatch.setenv("BSCP_MONITOR_IMPORT_WAIT", "0.3")
    monkeypatch.setenv("BSCP_MONITOR_BUSY_TIMEOUT", "0.3")
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        line = _fails(
            capsys, "--db", str(db), "import-dbs", str(tmp_path / "scr.xlsx"),
            "--provider", "Sunrise Care",
        )  # fmt: skip
    finally:
        holder.close()
    assert "could not be read" not in line
    assert "another import" in line.lower() or "busy" in line.lower(), line
    assert dump(db) == before
