"""copy-to: a whole register moved onto a server and back, verified (issue 14, point 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bscp_monitor.cli.main import main
from bscp_monitor.data.store import Store

COMMANDS = (["contracts", "--archived"], ["meetings"], ["actions"], ["dbs"], ["compliance"])


def _documents(capsys: pytest.CaptureFixture[str], db: str) -> list[Any]:
    out = []
    for command in COMMANDS:
        assert main(["--db", db, *command, "--json"]) == 0
        out.append(json.loads(capsys.readouterr().out))
    return out


def _audit(db: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from bscp_monitor.data.models import AuditEvent

    store = Store.open(db)
    try:
        with store.session() as s:
            rows = s.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()
            return [(e.id, e.user, e.at, e.action, e.entity, e.summary, e.changes) for e in rows]
    finally:
        store.close()


def _json_of(capsys: pytest.CaptureFixture[str], db: str, command: str) -> str:
    assert main(["--db", db, command, "--json"]) == 0
    return capsys.readouterr().out


def _files(db: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from bscp_monitor.data.papers import Attachment

    store = Store.open(db)
    try:
        with store.session() as s:
            return [tuple(r) for r in s.execute(select(Attachment.name, Attachment.data))]
    finally:
        store.close()


def test_a_register_goes_to_a_server_and_back_unchanged(
    demo_store: Store, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bscp_monitor.papers.attachments import attach

    meetings = json.loads(_json_of(capsys, str(demo_store.path), "meetings"))["meetings"]
    open_meeting = next(m for m in meetings if m["status"] != "approved")
    papers = b"%PDF-1.4\n" + bytes(range(256)) * 40  # a file's bytes, every value
    attach(demo_store, "meeting", open_meeting["id"], "papers.pdf", papers)
    source = str(demo_store.path)
    demo_store.close()
    before = _documents(capsys, source)

    assert main(["--db", source, "copy-to", pg_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    tables = {t["table"]: t for t in report["tables"]}
    assert tables["audit_event"]["rows"] > 0
    assert tables["dbs_check"]["rows"] > 0
    assert all(len(t["sha256"]) == 64 for t in tables.values())
    assert _documents(capsys, pg_url) == before
    assert _audit(pg_url) == _audit(source)
    assert tables["attachment"]["rows"] == 1
    assert _files(pg_url) == _files(source)

    back = tmp_path / "backup.sqlite3"
    assert main(["--db", pg_url, "copy-to", str(back)]) == 0
    text = capsys.readouterr().out
    assert "verified" in text
    assert "audit_event" in text
    assert _documents(capsys, str(back)) == before
    assert _audit(str(back)) == _audit(source)
    assert _files(str(back)) == _files(source)


def test_a_target_holding_records_is_refused_and_left_alone(
    demo_store: Store, pg_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(demo_store.path)
    demo_store.close()
    before = _audit(pg_demo_url)
    assert main(["--db", source, "copy-to", pg_demo_url]) == 1
    err = capsys.readouterr().err
    assert "already holds records" in err
    assert "Nothing was copied" in err
    assert _audit(pg_demo_url) == before


def test_a_copy_onto_an_existing_register_file_is_refused(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(demo_store.path)
    demo_store.close()
    other = tmp_path / "other.sqlite3"
    assert main(["--db", str(other), "seed-demo"]) == 0
    capsys.readouterr()
    size = other.stat().st_size
    assert main(["--db", source, "copy-to", str(other)]) == 1
    assert "already holds records" in capsys.readouterr().err
    assert other.stat().st_size == size
    assert main(["--db", source, "copy-to", source]) == 1
    assert "onto itself" in capsys.readouterr().err
