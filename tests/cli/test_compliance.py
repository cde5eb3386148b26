"""The command line of the BSCP standards: compliance and export-report (issue 5, point 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bscp_monitor.cli.main import main
from bscp_monitor.data.store import Store

CONTRACT_KEYS = {"reference", "title", "provider", "overall", "standards", "alerts"}
STANDARD_KEYS = {"standard", "rag", "reason"}
ALERT_KEYS = {"kind", "due", "message"}
RAGS = {"red", "amber", "green"}
SEVERITY = {"green": 0, "amber": 1, "red": 2}


@pytest.fixture
def demo_db(tmp_path: Path, copy_demo: Callable[[Path], Path]) -> Path:
    """The file ``seed-demo`` makes (seeded once per session, copied here)."""
    return copy_demo(tmp_path / "demo.sqlite3")


def _json(db: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["--db", str(db), "compliance", "--json"]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    return json.loads(out.out)


def test_json_has_exactly_the_documented_shape(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _json(demo_db, capsys)
    assert set(document) == {"contracts"}
    assert document["contracts"]
    references = []
    for contract in document["contracts"]:
        assert set(contract) == CONTRACT_KEYS
        references.append(contract["reference"])
        assert all(isinstance(contract[k], str) for k in ("reference", "title", "provider"))
        assert contract["overall"] in RAGS
        standards = contract["standards"]
        assert [s["standard"] for s in standards] == ["S1", "S2", "S3", "S4", "S5", "S6"]
        for s in standards:
            assert set(s) == STANDARD_KEYS
            assert s["rag"] in RAGS
            assert isinstance(s["reason"], str)
            assert s["reason"].endswith(".")
        worst = max((s["rag"] for s in standards), key=SEVERITY.__getitem__)
        assert contract["overall"] == worst
        for a in contract["alerts"]:
            assert set(a) == ALERT_KEYS
            assert isinstance(a["kind"], str)
            assert isinstance(a["message"], str)
            if a["due"] is not None:
                date.fromisoformat(a["due"])
    assert references == sorted(references)
    assert "ECHS-CSE-0114" in references
    every = {s["rag"] for c in document["contracts"] for s in c["standards"]}
    assert every == RAGS  # the demo shows every state
    dues = [a["due"] for c in document["contracts"] for a in c["alerts"]]
    assert None in dues
    assert any(d is not None for d in dues)


def test_text_output_is_a_table(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "compliance"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"BSCP standards as at {date.today():%d/%m/%Y}"
    assert lines[2].split() == [
        "Reference", "Title", "Provider", "S1", "S2", "S3", "S4", "S5", "S6", "Overall"
    ]  # fmt: skip
    assert any(line.startswith("ECHS-CSE-0114") for line in lines)
    assert any(line.startswith("Overall: ") and " red · " in line for line in lines)
    assert "Alerts (" in out
    assert "Overdue" in out


def test_an_empty_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "empty.sqlite3")
    Store.open(db).close()
    assert main(["--db", db, "compliance", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"contracts": []}
    assert main(["--db", db, "compliance"]) == 0
    assert capsys.readouterr().out == "There are no live contracts in the register.\n"


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_export_report(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"board{suffix}"
    assert main(["--db", str(demo_db), "export-report", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Board report written to {out}.\n"
    if suffix == ".pdf":
        text = " ".join(p.extract_text() or "" for p in PdfReader(out).pages)
        assert "ECHS-CSE-0114" in text
        assert "OFFICIAL-SENSITIVE" in text
    else:
        assert load_workbook(out).sheetnames == ["Dashboard", "Reasons", "Alerts", "Metrics"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("board.docx", "use .pdf or .xlsx"),
        ("missing/board.pdf", "does not exist"),
        ("missing/board.xlsx", "does not exist"),
    ],
)
def test_a_bad_out_fails_in_one_line(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    before = sorted(tmp_path.rglob("*"))
    assert main(["--db", str(demo_db), "export-report", "--out", str(tmp_path / name)]) == 1
    err = capsys.readouterr()
    assert err.out == ""
    assert err.err.startswith("bscp-monitor: ")
    assert message in err.err
    assert err.err.count("\n") == 1
    assert "Traceback" not in err.err
    assert sorted(tmp_path.rglob("*")) == before


def test_through_a_real_process(demo_db: Path, tmp_path: Path) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("BSCP_MONITOR_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "bscp_monitor", "compliance", "--db", str(demo_db), "--json"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert {c["overall"] for c in document["contracts"]} <= RAGS
    bad = subprocess.run(
        [sys.executable, "-m", "bscp_monitor", "--db", str(demo_db), "export-report"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2  # --out is required: a usage error
