"""The dashboard and its neighbours: it follows meetings held in their own windows, and a
rating's cause shows everyone behind it whatever filters were left on that page."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bscp_monitor.common.clock import to_utc
from bscp_monitor.common.dates import add_months
from bscp_monitor.compliance.rules import AlertKind
from bscp_monitor.contracts import providers
from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.enums import (
    BarredList,
    ContactLevel,
    ContractStatus,
    DbsLevel,
    MeetingStatus,
    RiskLevel,
)
from bscp_monitor.data.models import DbsCheck, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import DbsStatus
from bscp_monitor.meetings import meetings
from bscp_monitor.ui.contracts import contract_window
from bscp_monitor.ui.main_window import DASHBOARD, DBS, MEETINGS, MainWindow
from bscp_monitor.ui.meetings import meeting_window


@pytest.fixture
def make_window(qtbot, tmp_path: Path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    def make(store: Store) -> MainWindow:
        window = MainWindow(store, settings=settings)
        qtbot.addWidget(window)
        return window

    yield make
    for window in list(contract_window.WINDOWS.windows()):
        window.close()
    for window in list(meeting_window.WINDOWS.windows()):
        window.close()


def _contract(store: Store, today: date, reference: str = "T-1") -> tuple[int, int]:
    provider_id = providers.create_provider(store, f"Provider {reference}").id
    contract_id = contracts.create_contract(
        store,
        reference=reference,
        title=f"Service {reference}",
        provider_id=provider_id,
        start_date=add_months(today, -12),
        end_date=add_months(today, 36),
        status=ContractStatus.ACTIVE,
        risk_level=RiskLevel.MEDIUM,
        meeting_frequency_months=3,
        decision_lead_months=6,
    ).id
    return provider_id, contract_id


#: Certificate numbers, one per person (two current staff of a provider never share one).
_NUMBERS = itertools.count(1_234_567_890)


def _person(store: Store, provider_id: int, name: str, expiry: date) -> None:
    with store.session() as session:
        person = StaffMember(
            provider_id=provider_id,
            full_name=name,
            normalised_name=name.lower(),
            contact_level=ContactLevel.DIRECT,
        )
        session.add(person)
        session.add(
            DbsCheck(
                staff_member=person,
                certificate_number=f"{next(_NUMBERS):012d}",
                level=DbsLevel.ENHANCED_BARRED,
                barred_list=BarredList.CHILDREN,
                expiry_date=expiry,
            )
        )


def test_dashboard_refreshes_after_a_meeting_is_held_in_its_window(
    make_window, store: Store, today: date
) -> None:
    """The user opens last week's planned meeting from the Meetings page (its own window),
    goes back to the Dashboard, which lists 'Meeting overdue' for the contract, and presses
    'Start meeting' in the meeting window. The meeting is now held, so nothing is overdue;
    but the Dashboard, on screen behind the meeting window, keeps showing the overdue alert
    until the user happens to switch pages. Edits in a contract window do refresh it
    (contracts_changed); meeting windows only refresh the Meetings page
    (MeetingsView._meeting_changed never emits meetings_changed)."""
    _provider, contract_id = _contract(store, today)
    planned = meetings.schedule_meeting(
        store, contract_id, to_utc(datetime.combine(today - timedelta(days=7), time(10)))
    )
    window = make_window(store)
    kinds = {a.alert.kind for a in window.dashboard.alerts_model.alerts()}
    assert AlertKind.MEETING_OVERDUE in kinds  # the planned date has passed
    window.show_section(MEETINGS)
    opened = window.meetings_view.open_meeting(planned.id)
    window.show_section(DASHBOARD)
    assert opened.move_to(MeetingStatus.IN_PROGRESS)
    fresh = {a.alert.kind for a in _fresh_alerts(store, today)}
    assert AlertKind.MEETING_OVERDUE not in fresh  # the rules agree: nothing is overdue now
    shown = {a.alert.kind for a in window.dashboard.alerts_model.alerts()}
    assert AlertKind.MEETING_OVERDUE not in shown, "the Dashboard still shows the old alert"


def _fresh_alerts(store: Store, today: date):
    from bscp_monitor.compliance.portfolio import portfolio_summary

    return portfolio_summary(store, today).alerts


def test_s4_cause_shows_the_staff_that_make_s4_red_whatever_filter_was_left(
    make_window, store: Store, today: date
) -> None:
    """Earlier the user looked at the DBS register filtered to 'In date' people. Back on the
    Dashboard, S4 of a contract is red: '1 expired'. Double-clicking the S4 rating goes to
    the DBS register on the contract's provider, but the old status filter is still on, so
    the expired person who makes S4 red is not shown: the 'cause' page shows only people in
    date. Opening a cause should show the people S4 counts (clear or reset the status filter
    and search, as ContractsView.contract_added does for a new contract)."""
    provider_id, contract_id = _contract(store, today)
    _person(store, provider_id, "Ann Expired", today - timedelta(days=10))
    _person(store, provider_id, "Bo Indate", today + timedelta(days=400))
    window = make_window(store)
    window.show_section(DBS)
    dbs = window.dbs_view
    dbs.status_combo.setCurrentIndex(dbs.status_combo.findData(DbsStatus.IN_DATE))
    window.show_section(DASHBOARD)
    result = next(r for r in window.dashboard.model.results() if r.contract_id == contract_id)
    assert result.standard("S4").reason == "Contact staff DBS records: 1 expired."
    window.show_cause(contract_id, "S4")
    names = {r.full_name for r in window.dbs_view.proxy.visible_records()}
    assert "Ann Expired" in names, names
