"""Opening a rating on the Dashboard leads to its cause: the contract's own tab (S1-S3),
its provider's staff in the DBS register (S4), its meetings (S5), its thematic checks (S6)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bscp_monitor.contracts import register as contracts
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import register as dbs_register
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
    assert shown
    assert {r.provider_id for r in shown} == {kestrel.provider_id}


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


def test_s6_cause_shows_every_check_of_the_contract_whatever_theme_filter_was_left(
    window: MainWindow, demo_store: Store
) -> None:
    """A contract manager looks at the Thematic checks page and filters it to the theme
    "Neglect". Later, on the Dashboard, she double-clicks the S6 rating of ECHS-SB-0305,
    whose schedule is driven by its *Safer recruitment* check done last year. The page she
    is taken to must show all of that contract's checks (as the S4 and S5 causes clear
    their filters and search: "a rating's cause must show all that makes it"); instead the
    old theme filter stays, and the very check that decides S6 is hidden."""
    sb = _contract(demo_store, "ECHS-SB-0305")
    window.show_section(THEMATIC)
    page = window.page("Thematic checks")
    page.theme_filter.setCurrentIndex(page.theme_filter.findData("Neglect"))
    window.show_section(DASHBOARD)

    window.show_cause(sb.id, "S6")

    assert window.current_section() == SECTIONS[THEMATIC]
    shown = {page.proxy.record_at(row).theme for row in range(page.proxy.rowCount())}
    assert shown == {"Neglect", "Safer recruitment"}


def test_s4_cause_opened_twice_for_a_provider_without_staff_shows_nobody_elses(
    window: MainWindow, demo_store: Store
) -> None:
    """A provider's contract is red on S4 because everyone on its DBS register has left.
    The manager double-clicks that S4 rating: the DBS register correctly shows nobody of
    that provider. She goes back to the Dashboard and double-clicks the same rating again
    (e.g. after chasing the provider). This time the DBS register shows *every other
    provider's* staff under that contract's filter -- the refresh on arrival dropped the
    provider (it has no staff listed) and, the contract filter being unchanged, nothing
    put it back. The cause of one contract's S4 must never show another provider's people.
    """
    bridgeway = _contract(demo_store, "ECHS-DA-0221")
    for person in dbs_register.list_staff(demo_store, provider_id=bridgeway.provider_id):
        dbs_register.update_staff(demo_store, person.id, left_on=date.today() - timedelta(1))

    window.show_cause(bridgeway.id, "S4")
    assert window.dbs_view.proxy.visible_records() == []
    window.show_section(DASHBOARD)
    window.show_cause(bridgeway.id, "S4")

    assert window.current_section() == SECTIONS[DBS]
    shown = window.dbs_view.proxy.visible_records()
    assert {r.provider_name for r in shown} <= {bridgeway.provider_name}, {
        r.provider_name for r in shown
    }
