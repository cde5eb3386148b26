"""Opening a rating on the Dashboard leads to its cause: the contract's own tab (S1-S3),
its provider's staff in the DBS register (S4), its meetings (S5), its thematic checks (S6)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bscp_monitor import contracts, dbs_register
from bscp_monitor.data.store import Store
from bscp_monitor.ui.main_window import DASHBOARD, DBS, MEETINGS, SECTIONS, THEMATIC, MainWindow


@pytest.fixture
def window(qtbot, demo_store: Store, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    made = MainWindow(demo_store, settings=settings)
    qtbot.addWidget(made)
    return made


def _contract(store: Store, reference: str) -> contracts.ContractRecord:
    found = contracts.find_contract(store, reference)
    assert found is not None
    return found


@pytest.mark.parametrize(("standard", "tab"), [("S1", "(S1)"), ("S2", "(S2)"), ("S3", "(S3)")])
def test_s1_to_s3_open_the_contracts_own_tab(
    window: MainWindow, demo_store: Store, standard: str, tab: str
) -> None:
    cse = _contract(demo_store, "ECHS-CSE-0114")
    window.show_cause(cse.id, standard)
    opened = window.contracts_view.open_contract(cse.id)  # the window already open
    assert opened.tabs.tabText(opened.tabs.currentIndex()).endswith(tab)
    opened.close()


def test_s4_shows_the_providers_staff(window: MainWindow, demo_store: Store) -> None:
    kestrel = _contract(demo_store, "ECHS-SB-0305")
    window.show_cause(kestrel.id, "S4")
    assert window.current_section() == SECTIONS[DBS]
    shown = window.dbs_view.proxy.visible_records()
    assert shown and {r.provider_id for r in shown} == {kestrel.provider_id}


def test_s4_of_a_provider_whose_staff_all_left_shows_nobody_elses(
    window: MainWindow, demo_store: Store
) -> None:
    bridgeway = _contract(demo_store, "ECHS-DA-0221")
    kestrel = _contract(demo_store, "ECHS-SB-0305")
    for person in dbs_register.list_staff(demo_store, provider_id=bridgeway.provider_id):
        dbs_register.update_staff(demo_store, person.id, left_on=date.today() - timedelta(1))
    window.show_cause(kestrel.id, "S4")  # Kestrel's first: its filter must not stay
    window.show_section(DASHBOARD)
    window.show_cause(bridgeway.id, "S4")
    assert window.dbs_view.proxy.visible_records() == []
    assert window.dbs_view.provider_combo.currentData() == bridgeway.provider_id


def test_s5_shows_the_contracts_meetings(window: MainWindow, demo_store: Store) -> None:
    cse = _contract(demo_store, "ECHS-CSE-0114")
    window.show_cause(cse.id, "S5")
    assert window.current_section() == SECTIONS[MEETINGS]
    assert window.meetings_view.contract_combo.currentData() == cse.id


def test_s6_shows_the_contracts_thematic_checks(window: MainWindow, demo_store: Store) -> None:
    sb = _contract(demo_store, "ECHS-SB-0305")
    window.show_cause(sb.id, "S6")
    assert window.current_section() == SECTIONS[THEMATIC]
    assert window.page("Thematic checks").contract_filter.currentData() == sb.id
