"""The command line for meetings, minutes and actions, on the seeded demo register."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bscp_monitor.cli.main import main
from bscp_monitor.meetings.prompt_set import safeguarding_prompts

CSE = "ECHS-CSE-0114"
LISTED_MEETING_KEYS = {
    "id",
    "contract",
    "title",
    "provider",
    "starts_at",
    "venue",
    "online",
    "chair",
    "status",
}
MEETING_KEYS = LISTED_MEETING_KEYS | {
    "minute_taker",
    "approved_by",
    "approved_at",
    "next_meeting_on",
    "attendees",
    "agenda",
    "actions",
    "carried_forward",
}
ACTION_KEYS = {
    "ref",
    "id",
    "contract",
    "meeting_id",
    "agenda_item",
    "description",
    "owner",
    "owner_organisation",
    "due_date",
    "status",
    "completed_on",
    "overdue",
    "updates",
}
TITLES = [
    "Welcome and apologies",
    "Minutes of the last meeting and matters arising",
    "Declarations of interest",
    "Action log review",
    "Performance and metrics",
    "Safeguarding",
    "Voice of the child and feedback",
    "Risks and issues",
    "Finance",
    "Any other business",
    "Date of next meeting",
]


@pytest.fixture
def db(
    copy_demo: Callable[[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A copy of the demo register (the file ``seed-demo`` makes; seeded once per session)."""
    target = copy_demo(tmp_path / "register.sqlite3")
    capsys.readouterr()
    return target


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(list(args)) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def _fails(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert lines[0].startswith("bscp-monitor: ")
    return lines[0]


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _pdf_text(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --- meetings ---------------------------------------------------------------------------------


def test_seed_demo_through_main_then_meetings_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "fresh.sqlite3"
    assert main(["--db", str(db), "seed-demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "meetings"]) == 0
    every = capsys.readouterr().out.splitlines()
    assert len(every) == 5  # the CSE service's three, and one each of two other contracts
    lines = [line for line in every if CSE in line]
    assert [line.split()[0] for line in lines] == ["3", "2", "1"]  # newest first
    assert "Approved" in lines[2]
    assert "Draft minutes" in lines[1]
    assert "Planned" in lines[0]
    assert all(re.search(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b", line) for line in lines)
    assert "Bromley Civic Centre" in lines[2]
    assert "Online" in lines[0]


def test_meetings_of_a_contract_as_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _json(capsys, "meetings", "--db", str(db), "--contract", CSE, "--json")
    assert set(document) == {"meetings"}
    rows = document["meetings"]
    assert len(rows) == 3
    for row in rows:
        assert set(row) == LISTED_MEETING_KEYS
        assert row["contract"] == CSE
        assert row["provider"] == "Barnardo's"
        assert row["title"] == "Child Sexual Exploitation (CSE) Recovery Service"
        assert row["chair"] == "Sarah Whitfield"
        assert isinstance(row["online"], bool)
        assert isinstance(row["id"], int)
        assert datetime.fromisoformat(row["starts_at"]).tzinfo is not None
    assert [r["status"] for r in rows] == ["planned", "draft_minutes", "approved"]
    starts = [datetime.fromisoformat(r["starts_at"]) for r in rows]
    assert starts == sorted(starts, reverse=True)
    assert starts[0].date() > date.today() > starts[2].date()
    assert rows[0]["online"] is True
    # Listing every contract's meetings lists these too.
    every = _json(capsys, "--db", str(db), "meetings", "--json")["meetings"]
    assert [r for r in every if r["contract"] == CSE] == rows


def test_meetings_of_an_unknown_contract(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _fails(capsys, "--db", str(db), "meetings", "--contract", "NO-SUCH-REF")
    assert "NO-SUCH-REF" in line


def test_one_meeting_as_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m = _json(capsys, "--db", str(db), "meeting", "1", "--json")
    assert set(m) == MEETING_KEYS
    assert (m["id"], m["contract"], m["provider"], m["status"]) == (
        1,
        CSE,
        "Barnardo's",
        "approved",
    )
    assert m["approved_by"] == "Sarah Whitfield"
    assert datetime.fromisoformat(m["approved_at"]) > datetime.fromisoformat(m["starts_at"])
    assert m["minute_taker"] == "Daniel Okafor"
    assert date.fromisoformat(m["next_meeting_on"])

    assert len(m["attendees"]) == 5
    for person in m["attendees"]:
        assert set(person) == {"name", "organisation", "role", "attendance"}
    by_name = {a["name"]: a["attendance"] for a in m["attendees"]}
    assert by_name["Ruth Campbell"] == "apologies"
    assert by_name["Joanne Pryce"] == "present"

    assert [i["title"] for i in m["agenda"]] == TITLES
    assert [i["position"] for i in m["agenda"]] == list(range(1, 12))
    for item in m["agenda"]:
        assert set(item) == {
            "position",
            "title",
            "kind",
            "mandatory",
            "discussion",
            "decisions",
            "prompts",
        }
    [sg] = [i for i in m["agenda"] if i["kind"] == "safeguarding"]
    assert sg["mandatory"] is True
    assert sg["title"] == "Safeguarding"
    assert [p["key"] for p in sg["prompts"]] == [p.key for p in safeguarding_prompts()]
    assert [p["question"] for p in sg["prompts"]] == [p.question for p in safeguarding_prompts()]
    assert len(sg["prompts"]) == 9
    for prompt in sg["prompts"]:
        assert set(prompt) == {"key", "question", "response", "concern"}
    assert any(p["concern"] for p in sg["prompts"])
    assert all(not i["prompts"] for i in m["agenda"] if i["kind"] != "safeguarding")

    assert len(m["actions"]) == 3
    for action in m["actions"] + m["carried_forward"]:
        assert set(action) == ACTION_KEYS
        assert action["meeting_id"] is not None
    assert m["carried_forward"] == []  # the first meeting


def test_later_meetings_carry_the_open_actions(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _json(capsys, "--db", str(db), "meeting", "1", "--json")
    second = _json(capsys, "--db", str(db), "meeting", "2", "--json")
    third = _json(capsys, "--db", str(db), "meeting", "3", "--json")
    raised_first = {a["ref"]: a for a in first["actions"]}
    done = [ref for ref, a in raised_first.items() if a["status"] == "done"]
    assert len(done) == 1
    # Closed at the second meeting: still shown there, gone from the third.
    assert {a["ref"] for a in second["carried_forward"]} == set(raised_first)
    assert done[0] not in {a["ref"] for a in third["carried_forward"]}
    # ... and the demo's thematic check follow-up, raised outside any meeting, comes up too.
    outside = {a["ref"] for a in third["carried_forward"] if a["meeting_id"] is None}
    assert len(outside) == 1
    assert {a["ref"] for a in third["carried_forward"]} == (
        set(raised_first) - set(done) | {a["ref"] for a in second["actions"]} | outside
    )
    assert second["status"] == "draft_minutes"
    assert third["status"] == "planned"
    assert third["actions"] == []
    assert second["approved_by"] is None
    assert second["approved_at"] is None


def test_one_meeting_as_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "meeting", "1"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"Meeting 1: {CSE}")
    assert "[CONCERN]" in text
    for number, title in enumerate(TITLES, start=1):
        assert f"{number}. {title}" in text
    assert f"{CSE}/A001" in text


def test_an_unknown_meeting(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _fails(capsys, "--db", str(db), "meeting", "999")
    assert line == "bscp-monitor: There is no meeting 999."
    _fails(capsys, "--db", str(db), "meeting", "999", "--json")
    _fails(capsys, "--db", str(db), "export-minutes", "999", "--out", str(db.parent / "x.pdf"))
    assert not (db.parent / "x.pdf").exists()


# --- export-minutes --------------------------------------------------------------------------


def test_export_minutes(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _dump(db)
    out = tmp_path / "x.pdf"
    assert main(["--db", str(db), "export-minutes", "2", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    pages = _pdf_text(out)
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {len(pages)}" in page
    text = " ".join(pages)
    assert CSE in text
    assert "Barnardo's" in text
    assert "DRAFT" in text
    assert "Action log review" in text
    assert f"{CSE}/A002" in text
    assert _dump(db) == before  # exporting changes nothing
    assert not list(tmp_path.glob(".*.partial"))


def test_export_minutes_refuses_other_extensions(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(tmp_path)
    line = _fails(capsys, "--db", str(db), "export-minutes", "1", "--out", str(tmp_path / "x.txt"))
    assert ".pdf" in line
    assert ".docx" in line
    assert _files(tmp_path) == before


def test_export_minutes_as_word(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docx import Document

    out = tmp_path / "minutes.docx"
    assert main(["--db", str(db), "export-minutes", "2", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    doc = Document(str(out))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings[:3] == [f"{n}. {t}" for n, t in enumerate(TITLES[:3], start=1)]
    assert "OFFICIAL-SENSITIVE" in doc.sections[0].header.paragraphs[0].text
    out = tmp_path / "actions.docx"
    assert main(["--db", str(db), "export-actions", "--contract", CSE, "--out", str(out)]) == 0
    assert "6 actions written" in capsys.readouterr().out
    rows = Document(str(out)).tables[0].rows
    assert [r.cells[0].text for r in rows[1:]] == [f"{CSE}/A{n:03d}" for n in range(1, 7)]


def test_export_minutes_to_an_unwritable_place(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    before = _files(tmp_path)
    line = _fails(capsys, "--db", str(db), "export-minutes", "1", "--out", str(blocker / "x.pdf"))
    assert "plain-file" in line
    assert _files(tmp_path) == before
    assert blocker.read_text(encoding="utf-8") == "x"


def test_export_minutes_through_a_real_process(db: Path, tmp_path: Path) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("BSCP_MONITOR_DB", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bscp_monitor", "--db", str(db), *args],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    done = run("export-minutes", "1", "--out", "minutes.pdf")
    assert done.returncode == 0, done.stderr
    text = " ".join(_pdf_text(tmp_path / "minutes.pdf"))
    assert "OFFICIAL-SENSITIVE" in text
    assert "Approved by Sarah Whitfield on" in text
    assert "DRAFT" not in text

    missing = run("meeting", "999")
    assert missing.returncode == 1
    assert missing.stderr == "bscp-monitor: There is no meeting 999.\n"
    assert missing.stdout == ""


# --- actions -------------------------------------------------------------------------------------


def test_actions_as_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _json(capsys, "--db", str(db), "actions", "--json")
    assert set(document) == {"actions"}
    rows = document["actions"]
    assert len(rows) == 6  # five raised at meetings, one from a thematic check
    today = date.today()
    for row in rows:
        assert set(row) == ACTION_KEYS
        assert re.fullmatch(rf"{CSE}/A\d{{3}}", row["ref"])
        assert row["contract"] == CSE
        due = date.fromisoformat(row["due_date"])
        closed = row["status"] in {"done", "dropped"}
        assert row["overdue"] is (not closed and due < today)
        assert (row["completed_on"] is not None) is closed
        for update in row["updates"]:
            assert set(update) == {"at", "meeting_id", "status", "note"}
    statuses = {row["status"] for row in rows}
    assert {"open", "done"} <= statuses
    assert any(row["overdue"] for row in rows)
    done = next(row for row in rows if row["status"] == "done")
    assert done["updates"]
    assert done["updates"][-1]["meeting_id"] == 2

    same = _json(capsys, "--db", str(db), "actions", "--contract", CSE, "--json")
    assert same == document
    opened = _json(capsys, "--db", str(db), "actions", "--open", "--json")["actions"]
    assert [r["ref"] for r in opened] == [
        r["ref"] for r in rows if r["status"] not in {"done", "dropped"}
    ]
    assert len(opened) == 5


def test_actions_as_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "actions", "--open"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert all(line.startswith(f"{CSE}/A") for line in lines)
    assert not any("Done" in line.split()[1] for line in lines)
    assert any("OVERDUE" in line for line in lines)
    assert all(re.search(r"due \d{2}/\d{2}/\d{4}", line) for line in lines)

    assert main(["--db", str(db), "actions", "--contract", "ECHS-YOS-0999"]) == 1
    assert "ECHS-YOS-0999" in capsys.readouterr().err


def test_actions_of_a_contract_without_any(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = _json(capsys, "--db", str(db), "contracts", "--json")["contracts"]
    other = next(c["reference"] for c in listed if c["reference"] != CSE)
    assert _json(capsys, "--db", str(db), "actions", "--contract", other, "--json") == {
        "actions": []
    }
    assert main(["--db", str(db), "actions", "--contract", other]) == 0
    assert capsys.readouterr().out.strip() == "No actions."


def test_export_actions_to_xlsx(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "actions.xlsx"
    assert main(["--db", str(db), "export-actions", "--contract", CSE, "--out", str(out)]) == 0
    assert "6 actions written" in capsys.readouterr().out
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[0] == "Ref"
    assert "Action" in header
    assert "Due" in header
    refs = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert refs == [f"{CSE}/A{n:03d}" for n in range(1, 7)]
    due = sheet.cell(row=2, column=header.index("Due") + 1).value
    assert isinstance(due, datetime)  # a real Excel date


def test_export_actions_to_pdf(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "actions.pdf"
    assert main(["--db", str(db), "export-actions", "--out", str(out)]) == 0
    capsys.readouterr()
    text = " ".join(_pdf_text(out))
    assert "OFFICIAL-SENSITIVE" in text
    assert "Action log" in text
    for n in range(1, 6):
        assert f"{CSE}/A{n:03d}" in text


def test_export_actions_refuses_csv(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(tmp_path)
    line = _fails(capsys, "--db", str(db), "export-actions", "--out", str(tmp_path / "x.csv"))
    assert ".xlsx" in line
    assert ".pdf" in line
    assert _files(tmp_path) == before
