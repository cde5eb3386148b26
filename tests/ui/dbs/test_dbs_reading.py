"""The import dialog says how it reads a sheet (issue 12, points 1, 2 and 7): each column's
field and why, each change to a person's record (old -> new), and no whole numbers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from bscp_monitor.data.enums import ContactLevel
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.columns import Field
from bscp_monitor.dbs.importer import import_file
from bscp_monitor.ui.dbs.dbs_import_dialog import DbsImportDialog
from bscp_monitor.ui.dbs.dbs_preview_model import PreviewCol
from tests.dbs import real_sheets
from tests.dbs.sheets import write_xlsx

PROVIDER = "Riverside Youth Club"


@pytest.fixture
def make_dialog(qtbot, store: Store):
    def make(path: Path) -> DbsImportDialog:
        dialog = DbsImportDialog(store, path, provider=PROVIDER)
        qtbot.addWidget(dialog)
        return dialog

    return make


def _texts(dialog: DbsImportDialog, column: int) -> list[str]:
    proxy = dialog.preview_proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_the_mapping_panel_says_why_each_column_is_read_as_it_is(
    make_dialog, tmp_path: Path
) -> None:
    dialog = make_dialog(real_sheets.school_scr(tmp_path / "SCR.xlsx"))
    assert dialog.plan is not None
    combo = dialog.mapping_panel.combo_for("Children's Barred List: Date checked")
    assert combo.currentData() == Field.BARRED_CHECKED
    reasons = [label.text() for label in dialog.mapping_panel.findChildren(QLabel, "mappingReason")]
    assert "Matched “barred” + “checked”" in reasons
    assert any(r.startswith("Identity check") and "known, not imported" in r for r in reasons)
    # The user can still change it; the preview follows.
    combo.setCurrentIndex(combo.findData(Field.IGNORE))
    assert dialog.overrides == {"Children's Barred List: Date checked": Field.IGNORE}


def test_the_preview_shows_each_change_old_to_new_and_masks_numbers(
    make_dialog, store: Store, tmp_path: Path
) -> None:
    header = ["Name", "Contact with children", "DBS Certificate Number", "DBS Issue Date"]
    first = write_xlsx(
        tmp_path / "first.xlsx",
        {"Log": [header, ["Isla Evans", "Occasional", "001234567821", date(2024, 2, 14)]]},
    )
    import_file(store, first, PROVIDER)
    second = write_xlsx(
        tmp_path / "second.xlsx",
        {"Log": [header[:3], ["Isla Evans", "Direct", "CRB 0012 3456 7899"]]},
    )
    dialog = make_dialog(second)
    assert _texts(dialog, PreviewCol.VERDICT) == ["Update"]
    [changes] = _texts(dialog, PreviewCol.CHANGES)
    assert changes == (
        "Contact with children: occasional → direct; DBS certificate number: the certificate "
        "number ending 7821 → the certificate number ending 7899"
    )
    [problems] = _texts(dialog, PreviewCol.PROBLEMS)
    assert "marked CRB" in problems
    assert "001234567899" not in problems
    assert _texts(dialog, PreviewCol.CERTIFICATE) == ["********7899"]


def test_the_import_summary_says_how_many_fields_changed(
    qtbot, make_dialog, store: Store, tmp_path: Path
) -> None:
    header = ["Name", "Contact with children", "DBS Certificate Number"]
    first = write_xlsx(
        tmp_path / "a.xlsx", {"Log": [header, ["Leo Wright", "None", "001234567823"]]}
    )
    import_file(store, first, PROVIDER)
    second = write_xlsx(tmp_path / "b.xlsx", {"Log": [header, ["Leo Wright", "Direct", None]]})
    dialog = make_dialog(second)
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        dialog.start_import()
    assert [(c.field, c.new) for c in blocker.args[0].changes] == [
        ("contact_level", ContactLevel.DIRECT)
    ]
    assert dialog.summary == (
        "Imported: 0 created, 1 updated (1 field changed: see the Changes column), "
        "0 unchanged, 0 rejected"
    )
