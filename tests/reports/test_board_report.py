"""The board report read back: the PDF as text (pypdf) and the XLSX cell by cell."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bscp_monitor.common.dates import add_months
from bscp_monitor.common.errors import UserError
from bscp_monitor.compliance.rules import compute_compliance
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import MetricDirection, MetricFrequency, MetricUnit
from bscp_monitor.data.models import Contract, MetricDefinition, MetricEntry
from bscp_monitor.data.store import Store
from bscp_monitor.reports.board_report import export_report
from bscp_monitor.reports.board_report_pdf import trend_chart
from bscp_monitor.reports.report_data import REPORT_TITLE, gather
from bscp_monitor.reports.report_metrics import load_series

METRIC = "Percentage of contact staff with an in-date enhanced DBS"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _pages(path: Path) -> list[str]:
    return [_norm(page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture
def report_store(demo_store: Store, today: date) -> Store:
    """The demo, a safeguarding metric with values, and a title a spreadsheet would run."""
    cse = contracts.find_contract(demo_store, "ECHS-CSE-0114")
    with demo_store.session() as session:
        definition = MetricDefinition(
            contract_id=cse.id,
            name=METRIC,
            unit=MetricUnit.PERCENTAGE,
            target=100,
            direction=MetricDirection.HIGHER_IS_BETTER,
            amber_threshold=95,
            red_threshold=90,
            frequency=MetricFrequency.MONTHLY,
            safeguarding=True,
        )
        session.add(definition)
        session.flush()
        for month, value in enumerate([85, 92, 96, 99]):
            period = add_months(date(today.year - 1, today.month, 1), month)
            session.add(MetricEntry(definition_id=definition.id, period_start=period, value=value))
        session.get(Contract, cse.id).title = '=HYPERLINK("http://x")'
    return demo_store


def test_the_pdf_reads_back(report_store: Store, tmp_path: Path, today: date) -> None:
    path = export_report(report_store, tmp_path / "board.pdf")
    assert path == tmp_path / "board.pdf"
    pages = _pages(path)
    text = " ".join(pages)
    assert _norm(REPORT_TITLE) in pages[0]
    assert f"As at {today:%d/%m/%Y}" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page
        assert f"Page {number} of {len(pages)}" in page
    assert "Page 1 of" in pages[0]
    results = compute_compliance(report_store, today)
    for c in results:
        assert c.reference in text
        for s in c.standards:
            assert _norm(s.reason) in text, s.reason
        for a in c.alerts:
            assert _norm(a.message) in text
    for word in ("Red", "Amber", "Green"):
        assert word in text
    assert "Safeguarding metrics" in text
    assert METRIC in text
    assert "target 100%" in text
    assert not list(tmp_path.glob(".*partial"))


def test_the_xlsx_reads_back(report_store: Store, tmp_path: Path, today: date) -> None:
    path = export_report(report_store, tmp_path / "board.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Dashboard", "Reasons", "Alerts", "Metrics"]
    results = compute_compliance(report_store, today)

    dashboard = book["Dashboard"]
    header = [c.value for c in dashboard[1]]
    assert header[:4] == ["Reference", "Title", "Provider", "Risk"]
    assert [h.split()[0] for h in header[4:10]] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert header[10] == "Overall"
    assert dashboard.freeze_panes == "A2"
    assert dashboard.auto_filter.ref == f"A1:K{len(results) + 1}"
    assert dashboard.max_row == len(results) + 1
    for row, c in enumerate(results, start=2):
        assert dashboard.cell(row, 1).value == c.reference
        assert dashboard.cell(row, 3).value == c.provider
        words = [dashboard.cell(row, col).value for col in range(5, 12)]
        assert words == [s.rag.value.capitalize() for s in c.standards] + [
            c.overall.value.capitalize()
        ]
        fill = dashboard.cell(row, 11).fill.fgColor.rgb
        assert fill.endswith({"red": "F4C7C3", "amber": "FCE8B2", "green": "C8E6C9"}[c.overall])
    # A title a spreadsheet would run as a formula stays text.
    cse_row = next(
        r for r in range(2, dashboard.max_row + 1) if dashboard.cell(r, 1).value == "ECHS-CSE-0114"
    )
    title = dashboard.cell(cse_row, 2)
    assert title.value == '=HYPERLINK("http://x")'
    assert title.data_type == "s"

    reasons = book["Reasons"]
    assert [c.value for c in reasons[1]] == ["Reference", "Title", "Standard", "RAG", "Reason"]
    assert reasons.max_row == 6 * len(results) + 1
    stored = {(r[0].value, r[2].value[:2]): (r[3].value, r[4].value) for r in reasons.iter_rows(2)}
    for c in results:
        for s in c.standards:
            assert stored[(c.reference, s.standard)] == (s.rag.value.capitalize(), s.reason)
    assert reasons.freeze_panes == "A2"

    alerts = book["Alerts"]
    assert [c.value for c in alerts[1]] == ["Due", "State", "Reference", "Title", "Kind", "Alert"]
    messages = [r[5].value for r in alerts.iter_rows(2)]
    assert sorted(messages) == sorted(a.message for c in results for a in c.alerts)
    dated = [r[0] for r in alerts.iter_rows(2) if r[0].value is not None]
    assert dated
    assert all(cell.is_date for cell in dated)
    assert {r[1].value for r in alerts.iter_rows(2)} <= {"Overdue", "Due soon"}

    metrics = book["Metrics"]
    assert [c.value for c in metrics[1]][:5] == [
        "Reference", "Metric", "Period", "Period starts", "Value"
    ]  # fmt: skip
    rows = [r for r in metrics.iter_rows(2, values_only=True) if r[1] == METRIC]
    assert [r[4] for r in rows] == [85, 92, 96, 99]
    assert [r[7] for r in rows] == ["Red", "Amber", "Green", "Green"]
    assert all(r[0] == "ECHS-CSE-0114" and r[1] == METRIC for r in rows)
    first = date(today.year - 1, today.month, 1)
    assert rows[0][2] == first.strftime("%B %Y")  # named as the Metrics page names it
    assert metrics.cell(2, 4).is_date


def test_an_empty_register_still_reports(store: Store, tmp_path: Path) -> None:
    pdf = export_report(store, tmp_path / "empty.pdf")
    text = " ".join(_pages(pdf))
    assert "There are no live contracts in the register." in text
    assert "No safeguarding metric has a recorded value yet." in text
    book = load_workbook(export_report(store, tmp_path / "empty.xlsx"))
    assert book["Dashboard"].max_row == 1


@pytest.mark.parametrize("name", ["board.docx", "board.csv", "board"])
def test_a_wrong_extension_is_refused(demo_store: Store, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match=r"use \.pdf or \.xlsx"):
        export_report(demo_store, out / name)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_an_unwritable_path_leaves_nothing(demo_store: Store, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="does not exist"):
        export_report(demo_store, out / "missing" / f"board{suffix}")
    target = out / f"folder{suffix}"
    target.mkdir()  # a folder where the file should go: it cannot be replaced
    with pytest.raises(UserError, match="cannot be written"):
        export_report(demo_store, target)
    assert sorted(p.name for p in out.iterdir()) == [f"folder{suffix}"]
    assert list(target.iterdir()) == []


def test_trend_chart_draws_values_and_a_dashed_target(report_store: Store, today: date) -> None:
    data = gather(report_store, today)
    series = next(s for group in data.series.values() for s in group if s.name == METRIC)
    drawing = trend_chart(series, 240, 150)
    chart = drawing.contents[-1]
    assert chart.data[0] == [85, 92, 96, 99]
    assert chart.data[1] == [100] * 4
    assert chart.lines[1].strokeDashArray == (3, 2)
    assert load_series(report_store, []) == {}


@pytest.mark.parametrize("name", ["board.pdf", "board.xlsx"])
def test_report_steps_say_what_they_do_and_stopping_leaves_no_file(
    demo_store: Store, tmp_path: Path, name: str
) -> None:
    from bscp_monitor.reports.board_report import report_steps

    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    steps = report_steps(demo_store, target)
    first, second = next(steps), next(steps)
    assert (first.done, first.total) == (0, 3)
    assert "Judging" in first.text
    assert (second.done, second.total) == (1, 3)
    assert "contracts" in second.text
    steps.close()  # Cancel, before the file is written
    assert list(out.iterdir()) == []
    target.write_bytes(b"an earlier report")
    steps = report_steps(demo_store, target)
    next(steps), next(steps)
    saving = next(steps)  # written, under another name
    assert saving.text == f"Saving {name}…"
    steps.close()  # Cancel, after writing: the earlier report stays as it was
    assert list(out.iterdir()) == [target]
    assert target.read_bytes() == b"an earlier report"
    target.unlink()
    steps = report_steps(demo_store, target)
    texts = []
    while True:
        try:
            texts.append(next(steps).text)
        except StopIteration as done:
            assert done.value == target  # noqa: PT017 -- the generator's result
            break
    assert texts[-1] == f"Written {name}."
    assert target.stat().st_size > 0


def test_quarterly_periods_are_named_as_quarters(
    report_store: Store, tmp_path: Path, today: date
) -> None:
    """A quarterly metric's points are Q1 25, Q2 25 on the chart and in the workbook, as on
    the Metrics page -- not Jan 25, Apr 25, which read as two months with a gap."""
    cse = contracts.find_contract(report_store, "ECHS-CSE-0114")
    with report_store.session() as session:
        definition = MetricDefinition(
            contract_id=cse.id,
            name="Allegations referred to the LADO",
            unit=MetricUnit.COUNT,
            direction=MetricDirection.LOWER_IS_BETTER,
            frequency=MetricFrequency.QUARTERLY,
            safeguarding=True,
        )
        session.add(definition)
        session.flush()
        for period, value in ((date(2025, 1, 1), 1), (date(2025, 4, 1), 0)):
            session.add(MetricEntry(definition_id=definition.id, period_start=period, value=value))
    data = gather(report_store, today)
    series = next(s for group in data.series.values() for s in group if s.name.startswith("All"))
    chart = trend_chart(series, 240, 150).contents[-1]
    assert list(chart.categoryAxis.categoryNames) == ["Q1 25", "Q2 25"]
    book = load_workbook(export_report(report_store, tmp_path / "board.xlsx", today))
    rows = [r for r in book["Metrics"].iter_rows(2, values_only=True) if r[1].startswith("All")]
    assert [r[2] for r in rows] == ["Q1 2025", "Q2 2025"]


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_a_long_but_legal_name_from_the_command_line(
    demo_store: Store,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
) -> None:
    """export-report --out with a 240-character name used to end in a traceback (its
    temporary name was too long, and so was the clean-up). It is written."""
    from bscp_monitor.cli.main import main

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / ("r" * (240 - len(suffix)) + suffix)
    demo_store.close()
    assert main(["--db", str(db_path), "export-report", "--out", str(out)]) == 0
    assert [p.name for p in folder.iterdir()] == [out.name]
    assert "Written" in capsys.readouterr().out or out.stat().st_size > 0


def test_a_file_where_the_folder_should_be_is_named_as_such(tmp_path: Path) -> None:
    from bscp_monitor.common.errors import UserError
    from bscp_monitor.reports.board_report import check_report_path

    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    with pytest.raises(UserError, match="is a file, not a folder"):
        check_report_path(afile / "report.pdf")
    with pytest.raises(UserError, match="does not exist"):
        check_report_path(tmp_path / "missing" / "report.pdf")
