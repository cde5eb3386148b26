"""Every string every PDF draws -- paragraphs, table cells, page furniture and the board
report's charts -- goes through the same font fallback and right-to-left shaping: contract
titles, provider names and metric names in six scripts come back from ``pdftotext`` as
written, and an emoji becomes a visible placeholder in each PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bscp_monitor.common.dates import add_months
from bscp_monitor.data.enums import MetricDirection, MetricFrequency, MetricUnit
from bscp_monitor.data.models import Contract, MetricDefinition, MetricEntry
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, meetings
from bscp_monitor.reports.action_log import export_action_log
from bscp_monitor.reports.board_report import export_report
from bscp_monitor.reports.minutes_pdf import export_minutes
from bscp_monitor.reports.pdf_fonts import fitted_runs, font_runs, runs_width
from tests.registers import make_contract, meeting_under_way
from tests.reports.test_pdf_unicode import BIDI_CONTROLS, _pdftotext

#: Contract titles, provider names and metric names, each all in one script.
TITLES = {
    "Arabic": "خدمة رعاية الأطفال",
    "Hebrew": "שירות רווחת הילד",
    "Polish": "Usługa opieki nad dziećmi w Łodzi",
    "Vietnamese": "Dịch vụ chăm sóc trẻ em",
    "Chinese": "儿童照顾服务",
    "Greek": "Υπηρεσία φροντίδας παιδιών",
}
PROVIDERS = {
    "Arabic": "مؤسسة النور",
    "Hebrew": "עמותת אור",
    "Polish": "Fundacja Żółty Świt",
    "Vietnamese": "Quỹ Ánh Dương",
    "Chinese": "光明基金会",
    "Greek": "Ίδρυμα Ελπίδα",
}
METRICS = {
    "Arabic": "نسبة الموظفين المدققين",
    "Hebrew": "אחוז העובדים שנבדקו",
    "Polish": "Odsetek pracowników z ważną kontrolą",
    "Vietnamese": "Tỷ lệ nhân viên được kiểm tra",
    "Chinese": "员工核查比例",
    "Greek": "Ποσοστό ελεγμένου προσωπικού",
}
EMOJI_METRIC = "Visits logged 👍"
EMOJI_SHOWN = "Visits logged [thumbs up sign]"


def _portfolio(store: Store, today: date) -> list[int]:
    """A contract per script (its title and provider in that script), each with a
    safeguarding metric named in it and four months of values; the last has an emoji."""
    ids = []
    for number, script in enumerate(TITLES, start=1):
        contract_id = make_contract(
            store, reference=f"ECHS-INT-{number:04d}", provider=PROVIDERS[script]
        )
        ids.append(contract_id)
        with store.session() as session:
            contract = session.get(Contract, contract_id)
            assert contract is not None
            contract.title = TITLES[script]
            names = [METRICS[script]] + ([EMOJI_METRIC] if number == len(TITLES) else [])
            for name in names:
                definition = MetricDefinition(
                    contract_id=contract_id,
                    name=name,
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
                    session.add(
                        MetricEntry(definition_id=definition.id, period_start=period, value=value)
                    )
    return ids


def _text(path: Path) -> str:
    """The PDF's text line by line in page order, spaces collapsed, direction marks gone."""
    return "\n".join(" ".join(line.translate(BIDI_CONTROLS).split())
                     for line in _pdftotext(path).splitlines())  # fmt: skip


def test_the_board_report_draws_every_script_in_tables_and_charts(
    store: Store, tmp_path: Path, today: date
) -> None:
    _portfolio(store, today)
    make_contract(store, reference="ECHS-INT-0099", provider="Homes 🏠 Trust")
    text = _text(export_report(store, tmp_path / "board.pdf"))
    assert "Homes [house building] Trust" in text  # in the tables, too
    for script in TITLES:
        assert TITLES[script] in text, script
        assert PROVIDERS[script] in text, script
    charts = text[text.index("Safeguarding metrics") :]
    for script, name in METRICS.items():
        assert name in charts, script  # drawn in the chart's own title line
    assert EMOJI_SHOWN in charts  # the emoji named, not lost
    assert "\u25a1" not in text
    assert "\ufffd" not in text


def test_the_minutes_and_action_log_draw_every_script_in_furniture_and_tables(
    store: Store, tmp_path: Path, today: date
) -> None:
    ids = _portfolio(store, today)
    meeting_id = meeting_under_way(store, ids[0], date(2026, 3, 2))
    items = meetings.get_meeting(store, meeting_id).items
    for script, name in PROVIDERS.items():
        meetings.add_attendee(store, meeting_id, name, name, "Worker")
        actions.raise_action(store, meeting_id, items[1].id, f"{TITLES[script]}", name)
    actions.raise_action(store, meeting_id, items[1].id, "Celebrate 🎉", "Sam 👍")
    minutes = _text(export_minutes(store, meeting_id, tmp_path / "minutes.pdf"))
    title = f"{TITLES['Chinese']} {PROVIDERS['Greek']} {PROVIDERS['Arabic']}"
    log = _text(export_action_log(actions.list_actions(store), tmp_path / "log.pdf", title))
    footer = next(line for line in log.splitlines() if line.startswith("Action log · "))
    for name in (TITLES["Chinese"], PROVIDERS["Greek"], PROVIDERS["Arabic"]):
        assert name in footer  # the page furniture, drawn in the faces that have it
    for script in TITLES:
        assert PROVIDERS[script] in minutes, script
        assert TITLES[script] in minutes, script
        assert PROVIDERS[script] in log, script
        assert TITLES[script] in log, script
    assert TITLES["Arabic"] in minutes  # the contract's title in the heading, too
    for text in (minutes, log):
        assert "Celebrate [party popper]" in text
        assert "Sam [thumbs up sign]" in text
        assert "\u25a1" not in text


def test_furniture_and_chart_text_are_split_into_runs_of_one_face() -> None:
    runs = font_runs("Owner 王秀英 · Γιώργος 😀")
    assert runs == [
        ("Owner ", "BSCPSans"),
        ("王秀英 ", "BSCPCJK"),
        ("· Γιώργος [grinning face]", "BSCPSans"),
    ]
    assert font_runs("abc", bold=True) == [("abc", "BSCPSans-Bold")]
    assert font_runs("שרה") == [("הרש", "BSCPHebrew")]  # visual order
    long = "儿童照顾服务" * 30
    fitted = fitted_runs(long, 8, 100)
    assert runs_width(fitted, 8) <= 100
    assert fitted[-1][0].endswith("…")
