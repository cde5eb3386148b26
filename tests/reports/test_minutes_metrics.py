"""The minutes PDF lists the metric values recorded at the meeting, with their RAG, under the
'Performance and metrics' item (issue 5, point 2)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.enums import MetricDirection, MetricFrequency, MetricUnit
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings, metrics
from bscp_monitor.reports.minutes_pdf import export_minutes

LONDON = ZoneInfo("Europe/London")
MEETING_DAY = date(2024, 6, 4)


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


def _setup(store: Store) -> tuple[int, int, int]:
    provider_id = create_provider(store, "Barnardo's").id
    contract_id = create_contract(
        store,
        reference="ECHS-CSE-0114",
        title="Child exploitation support",
        provider_id=provider_id,
        start_date=date(2022, 4, 1),
        end_date=date(2027, 3, 31),
        contract_manager="Sarah Whitfield",
        value_pence=10_000_000,
    ).id
    at = datetime(MEETING_DAY.year, MEETING_DAY.month, MEETING_DAY.day, 10, tzinfo=LONDON)
    meeting_id = meetings.schedule_meeting(store, contract_id, at, chair="Sarah Whitfield").id
    earlier = meetings.schedule_meeting(
        store, contract_id, datetime(2024, 3, 5, 10, tzinfo=LONDON)
    ).id
    return contract_id, meeting_id, earlier


def test_recorded_values_and_their_rag_appear_under_performance(
    store: Store, tmp_path: Path
) -> None:
    contract_id, meeting_id, earlier = _setup(store)
    waiting = metrics.add_from_library(store, contract_id, "Waiting list")
    risk = metrics.define_metric(
        store,
        contract_id,
        "Exploitation risk assessments in 5 days",
        MetricUnit.PERCENTAGE,
        MetricDirection.HIGHER_IS_BETTER,
        100,
        95,
        85,
        MetricFrequency.QUARTERLY,
    )
    supported = metrics.add_from_library(store, contract_id, "Children and young people supported")
    metrics.record_value(store, waiting.id, date(2024, 5, 1), 12, meeting_id=meeting_id)
    metrics.record_value(store, risk.id, date(2024, 1, 1), 90, meeting_id=meeting_id)
    metrics.record_value(store, supported.id, date(2024, 5, 1), 15, meeting_id=meeting_id)
    # recorded outside the meeting, or at another: not in these minutes
    metrics.record_value(store, waiting.id, date(2024, 4, 1), 3)
    metrics.record_value(store, supported.id, date(2024, 2, 1), 977, meeting_id=earlier)

    text = _text(export_minutes(store, meeting_id, tmp_path / "minutes.pdf"))
    section = text[text.index("Performance and metrics") : text.index("6. Safeguarding")]
    assert "Metrics recorded at this meeting" in section
    assert "Metric Period Value Target RAG" in section
    assert "Waiting list May 2024 12 5 Red" in section
    assert "Exploitation risk assessments in 5 days Q1 2024 90% 100% Amber" in section
    assert "Children and young people supported May 2024 15 — No RAG" in section
    assert "977" not in text
    assert "April 2024" not in section


def test_no_values_no_table(store: Store, tmp_path: Path) -> None:
    contract_id, meeting_id, _ = _setup(store)
    metrics.add_from_library(store, contract_id, "Waiting list")
    text = _text(export_minutes(store, meeting_id, tmp_path / "minutes.pdf"))
    assert "Metrics recorded at this meeting" not in text
