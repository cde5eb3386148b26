"""The action log exported to XLSX (read back cell by cell) and to PDF (read back as text)."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

from bscp_monitor.common.errors import UserError
from bscp_monitor.data.enums import ActionStatus
from bscp_monitor.meetings.actions import ActionRecord, ActionUpdateRecord
from bscp_monitor.reports.action_log import COLUMNS, export_action_log

TODAY = date.today()
DANGEROUS = ("=SUM(1,2)", "+44 20 7946 0000", "-1+2", "@cmd", '=HYPERLINK("http://x","y")')


def _record(n: int, **changes: object) -> ActionRecord:
    values: dict[str, object] = {
        "id": n,
        "ref": f"ECHS-CSE-0114/A{n:03d}",
        "contract_id": 1,
        "contract_reference": "ECHS-CSE-0114",
        "meeting_id": 1,
        "meeting_date": date(2025, 3, 14),
        "agenda_item_id": 5,
        "agenda_item_title": "Safeguarding",
        "description": f"Action number {n}",
        "owner": "Joanne Pryce",
        "owner_organisation": "Barnardo's",
        "due_on": TODAY + timedelta(days=30),
        "status": ActionStatus.OPEN,
        "completed_on": None,
        "updates": (),
    }
    values.update(changes)
    return ActionRecord(**values)  # type: ignore[arg-type]


@pytest.fixture
def records() -> list[ActionRecord]:
    done = _record(
        1,
        status=ActionStatus.DONE,
        due_on=date(2025, 4, 30),
        completed_on=date(2025, 4, 2),
        updates=(
            ActionUpdateRecord(
                datetime(2025, 4, 2, 10), 2, date(2025, 4, 2), ActionStatus.DONE, "Plan received"
            ),
        ),
    )
    overdue = _record(2, status=ActionStatus.IN_PROGRESS, due_on=TODAY - timedelta(days=10))
    no_due = _record(3, due_on=None, meeting_id=None, meeting_date=None)
    risky = [
        _record(10 + n, description=text, owner=text, owner_organisation=text)
        for n, text in enumerate(DANGEROUS)
    ]
    return [done, overdue, no_due, *risky]


def test_xlsx_read_back_cell_by_cell(tmp_path: Path, records: list[ActionRecord]) -> None:
    path = export_action_log(records, tmp_path / "log.xlsx", "ECHS-CSE-0114 · not closed")
    assert path == tmp_path / "log.xlsx"
    book = load_workbook(path)
    sheet = book.active
    assert sheet.title == "Action log"
    # Header: names, bold, filled; sensible widths.
    for col, (name, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col)
        assert cell.value == name
        assert cell.font.bold
        assert cell.fill.fgColor.rgb.endswith("1F3A5F")
        assert sheet.column_dimensions[get_column_letter(col)].width == width
    assert sheet.column_dimensions["E"].width >= 40  # the action's text has room
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{len(records) + 1}"
    assert sheet.max_row == len(records) + 1
    assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE"
    assert sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"
    assert sheet.oddFooter.left.text == "ECHS-CSE-0114 · not closed"
    assert book.properties.title == "ECHS-CSE-0114 · not closed"

    done = [c.value for c in sheet[2]]
    assert done == [
        "ECHS-CSE-0114/A001",
        "ECHS-CSE-0114",
        datetime(2025, 3, 14),
        "Safeguarding",
        "Action number 1",
        "Joanne Pryce",
        "Barnardo's",
        datetime(2025, 4, 30),
        "Done",
        datetime(2025, 4, 2),
        "No",
        "Plan received",
    ]
    for col in (3, 8, 10):
        assert sheet.cell(row=2, column=col).is_date
        assert sheet.cell(row=2, column=col).number_format == "DD/MM/YYYY"
    overdue = [c.value for c in sheet[3]]
    assert overdue[7] == datetime.combine(TODAY - timedelta(days=10), datetime.min.time())
    assert overdue[8] == "In progress"
    assert overdue[10] == "Yes"
    assert sheet.cell(row=3, column=11).fill.fgColor.rgb.endswith("F4C7C3")
    no_due = [c.value for c in sheet[4]]
    assert no_due[2] is None
    assert no_due[7] is None
    assert no_due[10] == "No"


def test_xlsx_formula_looking_text_stays_text(tmp_path: Path, records: list[ActionRecord]) -> None:
    path = export_action_log(records, tmp_path / "log.xlsx", "All contracts")
    sheet = load_workbook(path).active
    risky_rows = range(5, 5 + len(DANGEROUS))
    for row, text in zip(risky_rows, DANGEROUS, strict=True):
        for col in (5, 6, 7):  # action, owner, organisation
            cell = sheet.cell(row=row, column=col)
            assert cell.value == text
            assert cell.data_type == "s"
            assert cell.quotePrefix
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert not re.search(r"<(\w+:)?f[\s>/]", xml), "a formula element was written"
            assert 't="inlineStr"' in xml or 't="s"' in xml


def test_pdf_read_back(tmp_path: Path, records: list[ActionRecord]) -> None:
    path = export_action_log(records, tmp_path / "log.pdf", "ECHS-CSE-0114 · all statuses")
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "OFFICIAL-SENSITIVE" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Action log" in text
    assert "ECHS-CSE-0114 · all statuses" in text
    for record in records:
        assert record.ref in text
    assert "Done 02/04/2025" in text
    assert "(overdue)" in text
    assert f"{len(records)} actions as at" in text
    assert "1 overdue" in text
    assert "=SUM(1,2)" in text


def test_pdf_with_no_actions_says_so(tmp_path: Path) -> None:
    path = export_action_log([], tmp_path / "empty.pdf", "All contracts")
    text = PdfReader(path).pages[0].extract_text()
    assert "No actions match." in text
    assert "OFFICIAL-SENSITIVE" in text


def test_many_actions_span_pages_with_numbering(tmp_path: Path) -> None:
    many = [_record(n, description="A long action description. " * 8) for n in range(1, 120)]
    reader = PdfReader(export_action_log(many, tmp_path / "many.pdf", "All contracts"))
    pages = len(reader.pages)
    assert pages > 1
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    assert "Ref" in reader.pages[-1].extract_text()  # the header row repeats


@pytest.mark.parametrize("name", ["log.csv", "log.xls", "log"])
def test_wrong_extension_is_refused_and_writes_nothing(
    tmp_path: Path, records: list[ActionRecord], name: str
) -> None:
    with pytest.raises(UserError, match=r"\.xlsx, \.pdf or \.docx"):
        export_action_log(records, tmp_path / name, "All contracts")
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == []


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf", ".docx"])
def test_missing_folder_is_refused_and_writes_nothing(
    tmp_path: Path, records: list[ActionRecord], suffix: str
) -> None:
    target = tmp_path / "no such folder" / f"log{suffix}"
    with pytest.raises(UserError, match="does not exist"):
        export_action_log(records, target, "All contracts")
    assert not target.parent.exists()
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(UserError):
        export_action_log(records, tmp_path / "file.txt" / f"log{suffix}", "All contracts")
    assert (tmp_path / "file.txt").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["file.txt"]
