"""Every page fits a 1280-pixel screen (a meeting room's projector) beside the sections
list, and a long contract title in a drop-down is cut with an ellipsis, whole in its tooltip
(ui/kit/eliding_combo.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from bscp_monitor.data.store import Store
from bscp_monitor.ui.kit.eliding_combo import ElidingComboBox
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.pages import SECTIONS

PROJECTOR = 1280
LONG = "ECHS-CSE-0114 — Child Sexual Exploitation (CSE) Recovery Service (Barnardo's)"


def test_every_page_fits_a_1280_pixel_screen(qtbot, demo_store: Store, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(demo_store, settings=settings)
    qtbot.addWidget(window)
    window.show()
    for row, name in enumerate(SECTIONS):
        window.nav.setCurrentRow(row)  # each page is made when first shown
        QApplication.processEvents()
        width = window.minimumSizeHint().width()
        assert width <= PROJECTOR - 40, f"with {name} made, the window needs {width} px"


def test_a_long_choice_is_cut_with_an_ellipsis_and_whole_in_the_tooltip(qtbot) -> None:
    combo = ElidingComboBox(min_chars=16)
    qtbot.addWidget(combo)
    combo.addItems(["All contracts", LONG])
    combo.setCurrentIndex(1)
    combo.resize(260, combo.sizeHint().height())
    combo.show()
    qtbot.waitExposed(combo)
    shown = combo.shown_text()
    assert shown.endswith("…")
    assert LONG.startswith(shown.removesuffix("…"))
    assert combo.toolTip() == LONG
    assert combo.currentText() == LONG  # what a screen reader reads: the whole title
    assert combo.minimumSizeHint().width() < 260  # it never asks for the whole title's width
    combo.resize(2000, combo.height())
    assert combo.shown_text() == LONG
