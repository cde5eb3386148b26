"""email-minutes and remind-actions through the command line, the drafts read back with the
standard library's e-mail parser; bad names refused in one line, nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from bscp_monitor.cli.main import main
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings

CSE = "ECHS-CSE-0114"


@pytest.fixture
def db(
    copy_demo: Callable[[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A copy of the demo register (the file ``seed-demo`` makes; seeded once per session)."""
    target = copy_demo(tmp_path / "register.sqlite3")
    capsys.readouterr()
    return target


def _fails(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_email_minutes(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(db)
    try:
        detail = meetings.get_meeting(store, 2)
        meetings.update_attendee(store, detail.attendees[0].id, email="chair@bromley.gov.uk")
        name = detail.attendees[0].name
    finally:
        store.close()
    out = tmp_path / "minutes.eml"
    assert main(["--db", str(db), "email-minutes", "2", "--out", str(out), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["to"] == ["chair@bromley.gov.uk"]
    message = message_from_bytes(out.read_bytes(), policy=default)
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        (name, "chair@bromley.gov.uk")
    ]
    names = sorted(p.get_filename() for p in message.iter_attachments())
    assert [Path(n).suffix for n in names] == [".docx", ".pdf"]


def test_email_minutes_refuses_another_extension(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _fails(capsys, "--db", str(db), "email-minutes", "2", "--out", str(tmp_path / "m.txt"))
    assert ".eml" in line
    assert not (tmp_path / "m.txt").exists()


def test_remind_actions(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reminders"
    assert main(["--db", str(db), "remind-actions", "--contract", CSE, "--out", str(out)]) == 0
    assert "reminder" in capsys.readouterr().out
    drafts = sorted(out.glob("*.eml"))
    assert drafts
    for path in drafts:
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert message["Subject"].startswith("[OFFICIAL-SENSITIVE] Action reminder: ")
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        assert f"{CSE}/A" in body.get_content()
    line = _fails(capsys, "--db", str(db), "remind-actions", "--contract", "NOPE", "--out",
                  str(tmp_path / "x"))  # fmt: skip
    assert "NOPE" in line
    assert not (tmp_path / "x").exists()


def test_export_ics_and_calendar(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icalendar import Calendar

    out = tmp_path / "m.ics"
    assert main(["--db", str(db), "export-ics", "2", "--out", str(out)]) == 0
    assert "Invitation written" in capsys.readouterr().out
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["UID"]).startswith("meeting-2-")
    feed = tmp_path / "feed.ics"
    assert main(["--db", str(db), "export-calendar", "--contract", CSE, "--out", str(feed),
                 "--json"]) == 0  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    events = Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    assert document["events"] == len(events) > 0
    assert all(CSE in str(e["SUMMARY"]) for e in events if "Action" not in str(e["SUMMARY"]))
    line = _fails(capsys, "--db", str(db), "export-ics", "2", "--cancel", "--out",
                  str(tmp_path / "c.ics"))  # fmt: skip
    assert "has started" in line
    assert not (tmp_path / "c.ics").exists()
