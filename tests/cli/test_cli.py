"""The command line: exit codes 0/1/2, one-line failures, the database left unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bscp_monitor import __version__
from bscp_monitor.cli.main import main
from bscp_monitor.common.dates import format_date
from bscp_monitor.contracts.register import find_contract, list_contracts, set_contract_archived
from bscp_monitor.data.store import Store

CONTRACT_KEYS = {
    "reference",
    "title",
    "provider",
    "status",
    "risk_level",
    "contract_manager",
    "start_date",
    "end_date",
    "decision_deadline",
    "deadline_state",
    "value_pence",
    "archived",
}


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real program in a child process, as a user would run it."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    environment.pop("BSCP_MONITOR_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "bscp_monitor", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dump(path: Path) -> list[str]:
    """Every row of every table, to compare a database before and after a command."""
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def _contracts_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main([*args, "contracts", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"contracts"}
    return document["contracts"]


def _files(folder: Path) -> list[str]:
    """The files in a folder (tmp_path also holds the isolated home folder)."""
    return sorted(p.name for p in folder.iterdir() if p.name != "home")


def _one_line_failure(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("bscp-monitor: ")
    return lines[0]


# --- through a real process -------------------------------------------------------------


def test_help_lists_the_commands_that_exist(tmp_path: Path) -> None:
    result = _run(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    assert "seed-demo" in result.stdout
    assert "contracts" in result.stdout
    assert "--db" in result.stdout
    commands = set(re.findall(r"^\s{4}([a-z][a-z-]+)\s", result.stdout, re.MULTILINE))
    assert {"seed-demo", "contracts"} <= commands
    # Meetings, minutes and actions (issue 3), the DBS register (issue 4), compliance and
    # the board report (issue 5).
    assert {"meetings", "meeting", "export-minutes", "actions", "export-actions"} <= commands
    assert {"import-dbs", "dbs"} <= commands
    assert {"compliance", "export-report"} <= commands
    assert result.stderr == ""


def test_version(tmp_path: Path) -> None:
    result = _run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"bscp-monitor {__version__}"


def test_seed_and_list_through_a_real_process(tmp_path: Path) -> None:
    seeded = _run(tmp_path, "--db", "demo.sqlite3", "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    assert (tmp_path / "demo.sqlite3").is_file()  # relative to the working folder
    listed = _run(tmp_path, "contracts", "--json", "--db", "demo.sqlite3")
    assert listed.returncode == 0, listed.stderr
    references = {c["reference"] for c in json.loads(listed.stdout)["contracts"]}
    assert "ECHS-CSE-0114" in references


def test_a_missing_folder_fails_in_one_line(tmp_path: Path) -> None:
    result = _run(tmp_path, "--db", str(tmp_path / "no such folder" / "x.sqlite3"), "contracts")
    assert result.returncode == 1
    line = _one_line_failure(result.stderr)
    assert "no such folder" in line
    assert result.stdout == ""
    assert not (tmp_path / "no such folder").exists()


def test_a_text_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the contract monitoring meeting\n" * 20, encoding="utf-8")
    before = notes.read_bytes()
    result = _run(tmp_path, "--db", str(notes), "seed-demo")
    assert result.returncode == 1
    assert "not a BSCP Monitor database" in _one_line_failure(result.stderr)
    assert notes.read_bytes() == before
    assert _files(tmp_path) == ["notes.txt"]


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE foo (x INTEGER)")
    db.execute("INSERT INTO foo VALUES (42)")
    db.commit()
    db.close()
    before = _sha(other)
    for command in ("contracts", "seed-demo"):
        result = _run(tmp_path, "--db", str(other), command)
        assert result.returncode == 1
        assert "not a BSCP Monitor database" in _one_line_failure(result.stderr)
        assert _sha(other) == before
    assert _files(tmp_path) == ["other.db"]


def test_a_postgresql_url_with_no_server_there_hides_the_password(tmp_path: Path) -> None:
    """postgresql:// takes the driver the postgres extra installs (psycopg); a server that is
    not there is one line in words, the password hidden."""
    with socket.socket() as probe:  # a local port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://bscp:s3cr3t-pw@127.0.0.1:{port}/bscp"
    result = _run(tmp_path, "--db", url, "contracts")
    assert result.returncode == 1
    line = _one_line_failure(result.stderr)
    assert "s3cr3t-pw" not in result.stderr
    assert "***" in line
    assert "cannot be opened" in line


def test_a_database_url_without_its_driver_hides_the_password(tmp_path: Path) -> None:
    url = "postgresql+pg8000://bscp:s3cr3t-pw@db.example.org/bscp"
    result = _run(tmp_path, "--db", url, "contracts")
    assert result.returncode == 1
    line = _one_line_failure(result.stderr)
    assert "s3cr3t-pw" not in result.stderr
    assert "***" in line
    assert "driver" in line


def test_an_unknown_subcommand_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(tmp_path, "frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "frobnicate" in result.stderr


# --- in process ------------------------------------------------------------------------------


def test_help_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    assert "seed-demo" in capsys.readouterr().out


def test_seed_demo_then_contracts_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "register.sqlite3"
    assert main(["--db", str(db), "seed-demo"]) == 0
    seeded = capsys.readouterr()
    assert "5 contracts" in seeded.out
    assert seeded.err == ""

    assert main(["--db", str(db), "contracts"]) == 0
    text = capsys.readouterr().out
    store = Store.open(db)
    try:
        records = list_contracts(store)
    finally:
        store.close()
    assert records
    lines = text.splitlines()
    assert lines[0].split()[0] == "Reference"
    for record in records:
        [line] = [row for row in lines if row.startswith(record.reference + " ")]
        assert format_date(record.end_date) in line
        assert format_date(record.decision_deadline) in line
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # never ISO (or month-first) for people


def test_contracts_json_has_the_stable_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "register.sqlite3"
    assert main(["--db", str(db), "seed-demo"]) == 0
    capsys.readouterr()
    rows = _contracts_json(capsys, "--db", str(db))

    store = Store.open(db)
    try:
        records = {c.reference: c for c in list_contracts(store)}
    finally:
        store.close()
    assert {row["reference"] for row in rows} == set(records)
    for row in rows:
        assert set(row) == CONTRACT_KEYS
        record = records[str(row["reference"])]
        assert row["provider"] == record.provider_name
        assert row["status"] == record.status.value
        assert row["risk_level"] == record.risk_level.value
        assert row["deadline_state"] == record.deadline_state.value
        assert date.fromisoformat(str(row["start_date"])) == record.start_date
        assert date.fromisoformat(str(row["end_date"])) == record.end_date
        assert date.fromisoformat(str(row["decision_deadline"])) == record.decision_deadline
        assert row["value_pence"] == record.value_pence
        assert isinstance(row["value_pence"], int)
        assert row["archived"] is False
    cse = next(row for row in rows if row["reference"] == "ECHS-CSE-0114")
    assert cse["provider"] == "Barnardo's"


def test_archived_contracts_are_listed_only_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "register.sqlite3"
    assert main(["--db", str(db), "seed-demo"]) == 0
    store = Store.open(db)
    try:
        cse = find_contract(store, "ECHS-CSE-0114")
        assert cse is not None
        set_contract_archived(store, cse.id, True)
    finally:
        store.close()
    capsys.readouterr()
    shown = {row["reference"] for row in _contracts_json(capsys, "--db", str(db))}
    assert "ECHS-CSE-0114" not in shown
    assert main(["--db", str(db), "contracts", "--json", "--archived"]) == 0
    every = json.loads(capsys.readouterr().out)["contracts"]
    assert {row["reference"]: row["archived"] for row in every}["ECHS-CSE-0114"] is True


def test_db_after_the_subcommand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "after.sqlite3"
    assert main(["seed-demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert db.is_file()
    assert main(["contracts", "--db", str(db), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["contracts"]) == 5


def test_the_environment_variable_names_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("BSCP_MONITOR_DB", str(db))
    assert main(["seed-demo"]) == 0
    capsys.readouterr()
    assert db.is_file()
    assert len(_contracts_json(capsys)) == 5
    # --db still wins over the variable.
    other = tmp_path / "other.sqlite3"
    Store.open(other).close()
    assert _contracts_json(capsys, "--db", str(other)) == []


def test_an_empty_register_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store.open(tmp_path / "empty.sqlite3").close()
    assert main(["--db", str(tmp_path / "empty.sqlite3"), "contracts"]) == 0
    assert capsys.readouterr().out.strip() == "No contracts in the register."


@pytest.mark.parametrize(
    "command", [["contracts"], ["compliance", "--json"], ["dbs"], ["meetings"], ["actions"]]
)
def test_a_mistyped_database_is_not_made_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """A command that reads never makes a new, empty database out of a typo (and so never
    reports an empty register that is really elsewhere)."""
    typo = tmp_path / "regsiter.sqlite3"
    assert main(["--db", str(typo), *command]) == 1
    line = _one_line_failure(capsys.readouterr().err)
    assert "There is no database at" in line
    assert "regsiter.sqlite3" in line
    assert not typo.exists()
    # Seeding (or importing) makes one there, as asked.
    assert main(["--db", str(typo), "seed-demo"]) == 0
    assert typo.exists()


def test_a_sqlite_url_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "by-url.sqlite3"
    assert main(["--db", f"sqlite:///{db.resolve()}", "seed-demo"]) == 0
    capsys.readouterr()
    # The same file, opened by its path, holds what was written through the URL.
    assert len(_contracts_json(capsys, "--db", str(db))) == 5


def test_seeding_twice_fails_and_leaves_the_database_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "register.sqlite3"
    assert main(["--db", str(db), "seed-demo"]) == 0
    capsys.readouterr()
    before = _dump(db)
    assert main(["--db", str(db), "seed-demo"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "already holds" in _one_line_failure(captured.err)
    assert _dump(db) == before


def test_a_missing_folder_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "missing" / "x.sqlite3"), "seed-demo"]) == 1
    assert "does not exist" in _one_line_failure(capsys.readouterr().err)
    assert not (tmp_path / "missing").exists()


def test_a_folder_as_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path), "contracts"]) == 1
    assert "folder" in _one_line_failure(capsys.readouterr().err)


def test_a_text_file_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_bytes(b"not a database at all\r\n\x00\x01")
    before = notes.read_bytes()
    assert main(["--db", str(notes), "contracts", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    _one_line_failure(captured.err)
    assert notes.read_bytes() == before


def test_an_unknown_subcommand_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate", "--db", "x.sqlite3"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
