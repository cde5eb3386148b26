"""A partial list is safe (issue 12, point 1): a column not in the sheet, a blank cell or
"N/A" never changes a stored value; what does change is listed, old -> new."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bscp_monitor.cli.main import main
from bscp_monitor.data.enums import ContactLevel
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.importer import ImportResult, Outcome, plan_import, run_to_end
from bscp_monitor.dbs.register import DbsStatus, list_staff
from bscp_monitor.dbs.rows import Severity
from tests.dbs.sheets import dump, write_xlsx

TODAY = date(2025, 10, 15)
PROVIDER = "Sunrise Care Ltd"
HEADER = [
    "Name",
    "Role",
    "Contact with children",
    "DBS Certificate Number",
    "DBS Level",
    "DBS Issue Date",
    "Renewal due",
    "Update Service",
    "Status check date",
    "Date of birth",
    "Start date",
    "Barred list check date",
]
FULL = [
    HEADER,
    ["Ann Lee", "Administrator", "Occasional", "111111111111", "Enhanced with barred list",
     date(2024, 4, 5), None, "Yes", date(2025, 9, 1), date(1980, 1, 2), date(2019, 1, 7),
     date(2024, 4, 6)],
    ["Bo Cole", "Cook", "None", "222222222222", "Basic", date(2023, 2, 1), date(2026, 2, 1),
     "No", None, None, date(2020, 3, 2), None],
    ["Cy Dee", "Carer", "Direct", "333333333333", "Enhanced", date(2022, 5, 6), None, None,
     None, date(1999, 12, 31), None, date(2022, 5, 7)],
]  # fmt: skip
SKIP = ("import_batch", "audit_event", "provider")


def _import(store: Store, path: Path) -> ImportResult:
    return run_to_end(store, plan_import(store, path, PROVIDER, today=TODAY))


def _columns(names: list[str], rows: list[list[object]] = FULL) -> list[list[object]]:
    keep = [HEADER.index(n) for n in names]
    return [[row[i] for i in keep] for row in rows]


@pytest.fixture
def imported(store: Store, db_path: Path, tmp_path: Path) -> Store:
    result = _import(store, write_xlsx(tmp_path / "full.xlsx", {"Staff": FULL}))
    assert (result.created, result.rejected) == (3, 0)
    return store


def test_a_list_without_contact_or_update_service_changes_neither(
    imported: Store, db_path: Path, tmp_path: Path
) -> None:
    before = dump(db_path, skip=SKIP)
    statuses = {s.full_name: s.status for s in list_staff(imported, today=TODAY)}
    path = write_xlsx(
        tmp_path / "partial.xlsx", {"Staff": _columns(["Name", "DBS Certificate Number"])}
    )
    result = _import(imported, path)
    assert (result.rows, result.unchanged, result.updated) == (3, 3, 0)
    assert result.changes == ()
    assert dump(db_path, skip=SKIP) == before  # "occasional" and Update Service kept
    assert {s.full_name: s.status for s in list_staff(imported, today=TODAY)} == statuses
    assert statuses["Ann Lee"] is not DbsStatus.INVALID


def test_a_blank_cell_is_kept_with_a_warning(
    imported: Store, db_path: Path, tmp_path: Path
) -> None:
    before = dump(db_path, skip=SKIP)
    rows = _columns(["Name", "Contact with children", "DBS Issue Date", "Update Service"])
    rows[1][1:] = [None, None, "N/A"]  # Ann: blank contact, blank issue date, "N/A"
    result = _import(imported, write_xlsx(tmp_path / "blanks.xlsx", {"Staff": rows}))
    assert result.unchanged == 3
    assert dump(db_path, skip=SKIP) == before
    ann = [(p.column, p.severity, p.message) for p in result.problems if p.row == 2]
    assert ann == [
        ("Update Service", Severity.WARNING, "'N/A' read as blank."),
        ("Contact with children", Severity.WARNING, "Blank in the sheet; kept occasional."),
        ("DBS Issue Date", Severity.WARNING, "Blank in the sheet; kept 05/04/2024."),
        ("Update Service", Severity.WARNING, "Kept Yes."),
    ]


def test_the_preview_and_json_list_each_change(
    imported: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _columns(["Name", "Contact with children", "Update Service", "DBS Certificate Number"])
    rows[1][1:] = ["Direct", "No", "111111111111"]
    rows[2][3] = "222222229999"  # Bo has a new certificate
    path = write_xlsx(tmp_path / "changed.xlsx", {"Staff": rows})
    plan = plan_import(imported, path, PROVIDER, today=TODAY)
    assert plan.outcomes == (Outcome.UPDATED, Outcome.UPDATED, Outcome.UNCHANGED)
    assert [(c.row, c.field, c.old, c.new) for c in plan.changes] == [
        (2, "contact_level", ContactLevel.OCCASIONAL, ContactLevel.DIRECT),
        (2, "expiry_date", date(2026, 9, 1), date(2027, 4, 5)),  # worked out again
        (2, "update_service", True, False),
        (3, "certificate_number", "222222222222", "222222229999"),
    ]
    code = main(["--db", str(db_path), "import-dbs", str(path), "--provider", PROVIDER, "--json"])
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    assert document["changes"][0] == {
        "sheet": "Staff",
        "row": 2,
        "field": "contact_level",
        "old": "occasional",
        "new": "direct",
    }
    assert document["changes"][3] == {
        "sheet": "Staff",
        "row": 3,
        "field": "certificate_number",
        "old": "********2222",  # numbers masked
        "new": "********9999",
    }
    assert "222222229999" not in json.dumps(document)
    store = Store.open(db_path)
    try:
        ann = next(s for s in list_staff(store, today=TODAY) if s.full_name == "Ann Lee")
    finally:
        store.close()
    assert ann.contact_level is ContactLevel.DIRECT
    assert ann.update_service is False


def test_text_output_shows_changes_masked_unless_revealed(
    imported: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _columns(["Name", "DBS Certificate Number"])
    rows[2][1] = "222222229999"
    path = write_xlsx(tmp_path / "new-number.xlsx", {"Staff": rows})
    args = ["--db", str(db_path), "import-dbs", str(path), "--provider", PROVIDER, "--dry-run"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert (
        "Staff!row 3 change: DBS certificate number: the certificate number ending 2222 -> "
        "the certificate number ending 9999" in out
    )
    assert "222222229999" not in out
    assert main([*args, "--reveal"]) == 0
    assert "222222222222 -> 222222229999" in capsys.readouterr().out


# --- the property: re-importing any columns of an imported sheet changes nothing ----------


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with the full sheet imported, copied for each example."""
    folder = tmp_path_factory.mktemp("partial")
    db = folder / "base.sqlite3"
    store = Store.open(db)
    try:
        result = _import(store, write_xlsx(folder / "full.xlsx", {"Staff": FULL}))
        assert result.created == 3
    finally:
        store.close()
    return db


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.sets(st.sampled_from(HEADER[1:]), min_size=1),  # names and at least one more column
    st.sets(st.integers(1, len(FULL) - 1), min_size=1),
    st.booleans(),
)
def test_reimporting_any_columns_of_an_imported_sheet_changes_nothing(
    base_db: Path, tmp_path: Path, columns: set[str], people: set[int], blank_some: bool
) -> None:
    db = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}.sqlite3"
    shutil.copy(base_db, db)
    before = dump(db, skip=SKIP)
    names = ["Name", *(h for h in HEADER if h in columns)]
    rows = _columns(names, [FULL[0], *(FULL[i] for i in sorted(people))])
    if blank_some:  # blank cells in mapped columns say nothing either
        for row in rows[1:]:
            for i in range(2, len(row), 2):
                row[i] = None
    path = write_xlsx(tmp_path / f"subset-{db.stem}.xlsx", {"Staff": rows})
    store = Store.open(db)
    try:
        result = _import(store, path)
    finally:
        store.close()
    assert (result.created, result.updated, result.rejected) == (0, 0, 0)
    assert result.changes == ()
    assert dump(db, skip=SKIP) == before
