"""Every page of the main window is headed the same way: one title in the pages' heading
style (the same font and size), at the same place inside the same margins -- Providers,
Metrics and Thematic checks once had smaller titles and other margins."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QLabel

from bscp_monitor.data.store import Store
from bscp_monitor.ui.app import load_style
from bscp_monitor.ui.kit.page_heading import PAGE_MARGINS
from bscp_monitor.ui.main_window import MainWindow
from bscp_monitor.ui.pages import SECTIONS


def test_every_page_has_the_same_heading(qtbot, qapp, demo_store: Store, tmp_path: Path) -> None:
    style = load_style()
    assert "pageHeading" in style
    qapp.setStyleSheet(style)  # the app's look, as bscp-monitor starts with it
    try:
        _same_headings(qtbot, demo_store, tmp_path)
    finally:
        qapp.setStyleSheet("")


def _same_headings(qtbot, demo_store: Store, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(demo_store, settings=settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    seen = {}
    for index, name in enumerate(SECTIONS):
        window.show_section(index)
        page = window.stack.currentWidget()
        headings = [h for h in page.findChildren(QLabel, "pageHeading") if h.isVisible()]
        assert [h.text() for h in headings] == [name], name
        heading = headings[0]
        margins = page.layout().contentsMargins()
        place = heading.mapTo(page, QPoint(0, 0))
        font = heading.font()
        seen[name] = (
            font.pointSizeF(),
            font.weight(),
            heading.palette().color(heading.foregroundRole()).name(),
            (margins.left(), margins.top(), margins.right(), margins.bottom()),
            place.x(),
        )
        # the title sits at the top of the page, within a few pixels of its top margin
        assert PAGE_MARGINS[1] <= place.y() <= PAGE_MARGINS[1] + 8, (name, place.y())
    first = seen[SECTIONS[0]]
    assert first[0] > 14
    assert first[3] == PAGE_MARGINS
    assert first[4] == PAGE_MARGINS[0]
    assert {name: value for name, value in seen.items() if value != first} == {}, first
