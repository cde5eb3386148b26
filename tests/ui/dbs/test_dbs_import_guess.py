"""The import dialog guesses the provider (the user confirms), stays open on the result, and
its layout does not jump when a provider is chosen (issue 12, point 9)."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from PySide6.QtWidgets import QMessageBox

from bscp_monitor.contracts import providers
from bscp_monitor.data.store import Store
from bscp_monitor.dbs import register as dbs_register
from bscp_monitor.ui.dbs.dbs_import_dialog import DbsImportDialog
from tests.dbs.sheets import write_xlsx

HEADER = ["Name", "Role", "DBS Certificate Number", "DBS Issue Date", "DBS Level"]
STAFF = [
    ["Ann Lee", "Cook", "001234567890", "01/02/2024", "Enhanced with barred list"],
    ["Bo Cole", "Driver", "12345", "03/04/2023", "Enhanced with barred list"],
]


def _sheet(path: Path, title: str | None) -> Path:
    rows = ([[title], ["Exported 01/02/2025 by HR"]] if title else []) + [HEADER, *STAFF]
    return write_xlsx(path, {"Staff": rows})


def test_a_new_provider_is_guessed_from_the_title_and_confirmed(
    qtbot, store: Store, tmp_path: Path
) -> None:
    path = _sheet(tmp_path / "staff.xlsx", "Single Central Record: Hilltop Fostering (homes)")
    dialog = DbsImportDialog(store, path)
    qtbot.addWidget(dialog)
    assert dialog.provider_name() == "Hilltop Fostering"
    assert dialog.provider_note.text().startswith("Guessed from a title row: check it is right.")
    assert "new provider" in dialog.provider_note.text()
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.No) as ask:
        assert dialog.start_import() is None  # not confirmed: nothing imported
    assert "“Hilltop Fostering”" in ask.call_args[0][2]
    assert providers.list_providers(store) == []
    with (
        patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes),
        qtbot.waitSignal(dialog.imported, timeout=20000),
    ):
        dialog.start_import()
    assert [p.name for p in providers.list_providers(store)] == ["Hilltop Fostering"]
    assert "Guessed" not in dialog.provider_note.text()


def test_a_known_provider_from_the_file_name_and_a_choice_of_ones_own(
    qtbot, store: Store, tmp_path: Path
) -> None:
    providers.create_provider(store, name="Oakwood Youth Trust")
    path = _sheet(tmp_path / "SCR oakwood youth trust 2025.xlsx", None)
    dialog = DbsImportDialog(store, path)
    qtbot.addWidget(dialog)
    assert dialog.provider_name() == "Oakwood Youth Trust"
    assert dialog.provider_note.text() == "Guessed from the file name: check it is right. "
    dialog.provider_combo.setEditText("Sunrise Care")  # the user's own choice: no question
    dialog._provider_changed()
    assert dialog.guess is None
    with (
        patch.object(QMessageBox, "question") as ask,
        qtbot.waitSignal(dialog.imported, timeout=20000),
    ):
        dialog.start_import()
    ask.assert_not_called()
    assert {s.provider_name for s in dbs_register.list_staff(store)} == {"Sunrise Care"}


def test_the_layout_does_not_jump(qtbot, store: Store, tmp_path: Path) -> None:
    providers.create_provider(store, name="Sunrise Care")
    dialog = DbsImportDialog(store, _sheet(tmp_path / "staff.xlsx", None))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    where = dialog.splitter.geometry()
    assert dialog.provider_note.text().startswith("Choose or type the provider")
    for name in ("Sunrise Care", "A New Provider Ltd", ""):
        dialog.provider_combo.setEditText(name)
        dialog._provider_changed()
        qtbot.wait(10)
        assert dialog.splitter.geometry() == where, name
    dialog.provider_combo.setEditText("Sunrise Care")
    dialog._provider_changed()
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.start_import()
    qtbot.wait(10)
    assert dialog.isVisible()  # open on the result
    assert dialog.status_label.text().startswith("Imported: 1 created")
    assert dialog.splitter.geometry() == where


def test_a_file_that_makes_the_reader_panic_or_claims_too_much_is_one_line(
    qtbot, store: Store, tmp_path: Path
) -> None:
    import re
    import zipfile

    from tests.dbs.sheets import write_xls

    data = write_xls(tmp_path / "whole.xls", {"Staff": [HEADER, *STAFF] * 40}).read_bytes()
    (tmp_path / "cut.xls").write_bytes(data[:-300])  # calamine panics: a BaseException
    far = tmp_path / "far.xlsx"
    base = _sheet(tmp_path / "base.xlsx", None)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(far, "w") as out:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = re.sub(
                    rb"</sheetData>", b'<row r="9"><c r="XFD9"><v>1</v></c></row></sheetData>', part
                )
            out.writestr(info, part)
    for path, start in (
        (tmp_path / "cut.xls", "cut.xls cannot be read: it is damaged"),
        (far, "The sheet 'Staff' of far.xlsx reaches row 9 and column 16,384"),
    ):
        dialog = DbsImportDialog(store, path, provider="Sunrise Care")
        qtbot.addWidget(dialog)
        assert dialog.plan is None
        assert dialog.error_label.text().startswith(start)
        assert "\n" not in dialog.error_label.text()
        assert dialog.error_label.text().endswith("Nothing has been imported.")
        assert not dialog.import_button.isEnabled()
    assert providers.list_providers(store) == []
