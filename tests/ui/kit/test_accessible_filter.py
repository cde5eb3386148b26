"""The application-wide accessible-names filter never lets an exception out: Qt's own file
dialog polishes drop-downs that reach it through a stale wrapper, and an exception escaping
an application filter aborted the whole app (File -> Import DBS spreadsheet crashed it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog

from bscp_monitor.ui.kit.accessible import install_accessible_names


def test_a_file_dialog_opens_under_the_filter(qapp: QApplication, tmp_path: Path) -> None:
    install_accessible_names()
    dialog = QFileDialog(None, "Choose the DBS spreadsheet", str(tmp_path), "Sheets (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    qapp.processEvents()
    assert dialog.isVisible()
    dialog.close()
    dialog.deleteLater()
    qapp.processEvents()
