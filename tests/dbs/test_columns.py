"""Finding the table in a provider's sheet: known column names, the header row (title rows
above it, a group header merged above sub-headers) and the mapping (issue 4, points 4-5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bscp_monitor.dbs.columns import (
    FIELD_LABELS,
    Field,
    HeaderFound,
    apply_overrides,
    find_header,
    match_header,
    normalise_header,
    parse_field,
)
from bscp_monitor.dbs.spreadsheet_reader import read_spreadsheet
from tests.dbs.sheets import write_xlsx

# Every variant DOMAIN.md section 4 lists, with the field it means.
DOMAIN_VARIANTS = {
    "Name": Field.FULL_NAME,
    "Full name": Field.FULL_NAME,
    "Staff name": Field.FULL_NAME,
    "Surname": Field.SURNAME,
    "Last name": Field.SURNAME,
    "Forename": Field.FORENAME,
    "First name": Field.FORENAME,
    "Date of birth": Field.DATE_OF_BIRTH,
    "Role": Field.ROLE,
    "Job title": Field.ROLE,
    "Position": Field.ROLE,
    "Start date": Field.START_DATE,
    "Contact with children": Field.CONTACT,
    "DBS Certificate Number": Field.CERTIFICATE,
    "DBS No": Field.CERTIFICATE,
    "DBS Cert No.": Field.CERTIFICATE,
    "Disclosure Number": Field.CERTIFICATE,
    "Certificate ref": Field.CERTIFICATE,
    "DBS Number": Field.CERTIFICATE,
    "DBS Issue Date": Field.ISSUE_DATE,
    "Date of issue": Field.ISSUE_DATE,
    "Issued": Field.ISSUE_DATE,
    "DBS Date": Field.ISSUE_DATE,
    "DBS Check Date": Field.ISSUE_DATE,
    "DBS renewal due": Field.EXPIRY_DATE,
    "Renewal due": Field.EXPIRY_DATE,
    "DBS Expiry Date": Field.EXPIRY_DATE,
    "Expiry": Field.EXPIRY_DATE,
    "DBS level": Field.LEVEL,
    "DBS Type": Field.LEVEL,
    "Level": Field.LEVEL,
    "Barred List Check Date": Field.BARRED_CHECKED,
    "Update Service": Field.UPDATE_SERVICE,
}


@pytest.mark.parametrize(("header", "field"), sorted(DOMAIN_VARIANTS.items()))
def test_every_header_variant_in_the_domain_notes_is_known(header: str, field: Field) -> None:
    assert match_header(header) is field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # case and spacing
        ("NAME", Field.FULL_NAME),
        ("  full   NAME ", Field.FULL_NAME),
        ("dbs certificate number", Field.CERTIFICATE),
        ("DBS  CERTIFICATE\nNUMBER", Field.CERTIFICATE),
        # punctuation
        ("Name:", Field.FULL_NAME),
        ("DBS Issue Date:", Field.ISSUE_DATE),
        ("DBS-Issue-Date", Field.ISSUE_DATE),
        ("DOB", Field.DATE_OF_BIRTH),
        ("D.O.B.", Field.DATE_OF_BIRTH),
        ("JOB  TITLE", Field.ROLE),
        ("Date_of_issue", Field.ISSUE_DATE),
        # No / No. / Number / # / ref / Cert
        ("DBS No.", Field.CERTIFICATE),
        ("DBS Number", Field.CERTIFICATE),
        ("DBS #", Field.CERTIFICATE),
        ("DBS#", Field.CERTIFICATE),
        ("DBS Num", Field.CERTIFICATE),
        ("DBS ref", Field.CERTIFICATE),
        ("DBS Reference", Field.CERTIFICATE),
        ("DBS Cert No", Field.CERTIFICATE),
        ("DBS Cert Number", Field.CERTIFICATE),
        ("DBS Cert #", Field.CERTIFICATE),
        ("DBS Certificate No.", Field.CERTIFICATE),
        ("DBS Certificate #", Field.CERTIFICATE),
        ("DBS Certificate Ref", Field.CERTIFICATE),
        ("Cert No", Field.CERTIFICATE),
        ("Cert No.", Field.CERTIFICATE),
        ("Cert Number", Field.CERTIFICATE),
        ("Cert #", Field.CERTIFICATE),
        ("Cert ref", Field.CERTIFICATE),
        ("Certificate No", Field.CERTIFICATE),
        ("Certificate #", Field.CERTIFICATE),
        ("Disclosure No", Field.CERTIFICATE),
        ("Disclosure No.", Field.CERTIFICATE),
        ("Disclosure #", Field.CERTIFICATE),
        ("Disclosure ref", Field.CERTIFICATE),
        ("CRB No", Field.CERTIFICATE),
        ("DBS Cert Date", Field.ISSUE_DATE),
        ("Expiry Date", Field.EXPIRY_DATE),
        ("DBS Type:", Field.LEVEL),
        ("Update Service?", Field.UPDATE_SERVICE),
        # headers that are not DBS columns: known but not imported, or not known
        ("Notes", Field.IGNORE),
        ("", None),
        (None, None),
        ("Total", None),
    ],
)
def test_obvious_spellings_of_headers(header: object, field: Field | None) -> None:
    assert match_header(header) is field


def test_normalise_header_unifies_number_words() -> None:
    for text in ("DBS No", "DBS No.", "DBS Number", "DBS #", "DBS#", "dbs  ref", "DBS Num"):
        assert normalise_header(text) == "dbs number", text
    assert normalise_header("Cert No.") == normalise_header("certificate number")


TABLE = [
    ["Name", "DBS Certificate Number", "DBS Issue Date", "DBS Level"],
    ["Ann Lee", "001234567890", "12/03/2021", "Enhanced"],
]


def test_the_header_is_the_first_row_with_three_known_names() -> None:
    found = find_header(TABLE)
    assert found is not None
    assert found.row == 0
    assert [(c.index, c.header, c.field) for c in found.columns] == [
        (0, "Name", Field.FULL_NAME),
        (1, "DBS Certificate Number", Field.CERTIFICATE),
        (2, "DBS Issue Date", Field.ISSUE_DATE),
        (3, "DBS Level", Field.LEVEL),
    ]
    assert found.mapping() == {
        0: Field.FULL_NAME,
        1: Field.CERTIFICATE,
        2: Field.ISSUE_DATE,
        3: Field.LEVEL,
    }


def test_title_rows_above_the_header_are_ignored() -> None:
    rows = [
        ["Single Central Record - Sunrise Care Ltd"],
        ["Name of provider:", "Sunrise Care Ltd"],  # one known name: not a header
        [None],
        ["Level", "Name", None],  # two known names: not a header either
        ["Updated 01/04/2024", None, None],
        *TABLE,
    ]
    found = find_header(rows)
    assert found is not None
    assert found.row == 5


def test_two_cells_with_the_same_meaning_count_once() -> None:
    # "Name", "Full name" and "Staff name" are one kind of column: the row has two kinds.
    rows = [["Name", "Full name", "Staff name", "DBS No"], *TABLE]
    found = find_header(rows)
    assert found is not None
    assert found.row == 1


def test_a_merged_cell_counts_once(tmp_path: Path) -> None:
    # "DBS Certificate Number" merged across three columns is one name, not three: the row
    # has two known names, so the real header is the next one.
    path = write_xlsx(
        tmp_path / "merged.xlsx",
        {
            "Staff": [
                ["Name", "DBS Certificate Number", None, None],
                ["Name", "DBS No", "Issued", "Level"],
                ["Ann Lee", "001234567890", "12/03/2021", "Enhanced"],
            ]
        },
        merged={"Staff": ["B1:D1"]},
    )
    [sheet] = read_spreadsheet(path)
    assert sheet.rows[0][2:] == [None, None]
    found = find_header(sheet.rows, sheet.merged)
    assert found is not None
    assert found.row == 1
    # The same merged row with the names repeated in every covered cell still counts once.
    repeated = [["Name", "DBS No", "DBS No", "DBS No"], *TABLE]
    found = find_header(repeated, [((0, 1), (0, 3))])
    assert found is not None
    assert found.row == 1


def _rows_with_header_at(index: int) -> list[list[object]]:
    return [[f"Title line {i}"] for i in range(index)] + TABLE


def test_the_header_must_be_within_the_first_30_rows() -> None:
    found = find_header(_rows_with_header_at(29))  # row 30 as the spreadsheet shows it
    assert found is not None
    assert found.row == 29
    assert find_header(_rows_with_header_at(30)) is None  # row 31: not looked at


def test_no_header_at_all() -> None:
    assert find_header([]) is None
    assert find_header([["Ann Lee", "001234567890", "12/03/2021"]] * 5) is None


def test_two_row_header_with_a_group_row_merged_over_sub_headers(tmp_path: Path) -> None:
    rows = [
        ["Sunrise Care - Single Central Record", None, None, None, None],
        ["Name", "Role", "DBS", None, None],
        [None, None, "Certificate Number", "Issue Date", "Level"],
        ["Ann Lee", "Carer", "001234567890", "12/03/2021", "Enhanced"],
    ]
    path = write_xlsx(
        tmp_path / "two-row.xlsx",
        {"SCR": rows},
        merged={"SCR": ["A1:E1", "A2:A3", "B2:B3", "C2:E2"]},
    )
    [sheet] = read_spreadsheet(path)
    found = find_header(sheet.rows, sheet.merged)
    assert found is not None
    assert found.row == 2  # the lower row is the header
    assert [(c.index, c.header, c.field) for c in found.columns] == [
        (0, "Name", Field.FULL_NAME),  # from the upper row, merged down through both
        (1, "Role", Field.ROLE),
        (2, "Certificate Number", Field.CERTIFICATE),
        (3, "Issue Date", Field.ISSUE_DATE),
        (4, "Level", Field.LEVEL),
    ]


def test_when_both_rows_qualify_the_lower_is_the_header() -> None:
    rows = [
        ["Staff name", "Job title", "Contact with children", "DBS", None, None],
        [None, None, None, "DBS No", "Date of issue", "DBS Type"],
        ["Ann Lee", "Carer", "Direct", "001234567890", "12/03/2021", "Enhanced"],
    ]
    merged = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 3), (0, 5))]
    found = find_header(rows, merged)
    assert found is not None
    assert found.row == 1
    assert {c.header: c.field for c in found.columns} == {
        "Staff name": Field.FULL_NAME,
        "Job title": Field.ROLE,
        "Contact with children": Field.CONTACT,
        "DBS No": Field.CERTIFICATE,
        "Date of issue": Field.ISSUE_DATE,
        "DBS Type": Field.LEVEL,
    }
    # Without the merge (a CSV) the upper row's names still name the columns under them.
    found = find_header(rows, [])
    assert found is not None
    assert found.row == 1
    assert {c.field for c in found.columns} == {
        Field.FULL_NAME,
        Field.ROLE,
        Field.CONTACT,
        Field.CERTIFICATE,
        Field.ISSUE_DATE,
        Field.LEVEL,
    }


def test_a_second_column_of_the_same_kind_is_left_out() -> None:
    rows = [["Name", "Full name", "DBS No", "Issued"], ["Ann Lee", "Ann Lee", "x", "y"]]
    found = find_header(rows)
    assert found is not None
    assert [(c.header, c.field) for c in found.columns] == [
        ("Name", Field.FULL_NAME),
        ("Full name", Field.IGNORE),  # known, but the first column gives the name
        ("DBS No", Field.CERTIFICATE),
        ("Issued", Field.ISSUE_DATE),
    ]
    assert "another column is read as Full name" in found.columns[1].reason


def test_unknown_headers_are_listed_without_a_field() -> None:
    rows = [["Name", "Staff ID", "DBS No", "Issued", None, "Notes", "Shoe size"]]
    found = find_header(rows)
    assert found is not None
    assert [(c.index, c.header, c.field) for c in found.columns] == [
        (0, "Name", Field.FULL_NAME),
        (1, "Staff ID", Field.IGNORE),  # known, but the register has no field for it
        (2, "DBS No", Field.CERTIFICATE),
        (3, "Issued", Field.ISSUE_DATE),
        (5, "Notes", Field.IGNORE),
        (6, "Shoe size", None),  # not known
    ]
    assert not {1, 5, 6} & set(found.mapping())


# --- the mapping corrected by hand ------------------------------------------------------------


def _found() -> HeaderFound:
    found = find_header([["Name", "Ident", "DBS No", "Issued", "Renewal due"]])
    assert found is not None
    return found


def test_apply_overrides_maps_an_unknown_header() -> None:
    changed = apply_overrides(_found(), {"ident": Field.ROLE})  # header text normalised
    assert {c.header: c.field for c in changed.columns}["Ident"] is Field.ROLE
    assert changed.row == _found().row


def test_apply_overrides_moves_a_field_from_another_column() -> None:
    changed = apply_overrides(_found(), {"Ident": Field.CERTIFICATE})
    fields = {c.header: c.field for c in changed.columns}
    assert fields["Ident"] is Field.CERTIFICATE
    assert fields["DBS No"] is None  # one column per field
    assert changed.mapping() == {
        0: Field.FULL_NAME,
        1: Field.CERTIFICATE,
        3: Field.ISSUE_DATE,
        4: Field.EXPIRY_DATE,
    }


def test_apply_overrides_ignores_a_column_and_unknown_headers() -> None:
    changed = apply_overrides(
        _found(), {"Renewal due": Field.IGNORE, "No such header": Field.LEVEL}
    )
    fields = {c.header: c.field for c in changed.columns}
    assert fields["Renewal due"] is Field.IGNORE
    assert Field.LEVEL not in fields.values()
    assert 4 not in changed.mapping()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("name", Field.FULL_NAME),
        ("certificate_number", Field.CERTIFICATE),
        ("Certificate Number", Field.CERTIFICATE),
        ("issue_date", Field.ISSUE_DATE),
        ("expiry_date", Field.EXPIRY_DATE),
        ("ignore", Field.IGNORE),
        ("IGNORE", Field.IGNORE),
        ("DBS No", Field.CERTIFICATE),  # any known header text
        ("Renewal due", Field.EXPIRY_DATE),
        ("contact_level", Field.CONTACT),
        ("update_service", Field.UPDATE_SERVICE),
    ],
)
def test_parse_field(text: str, field: Field) -> None:
    assert parse_field(text) is field


def test_every_field_parses_from_its_value_and_label() -> None:
    for field in Field:
        assert parse_field(field.value) is field
        assert parse_field(FIELD_LABELS[field]) is field


@pytest.mark.parametrize("text", ["", "colour", "favourite food", "nme"])
def test_parse_field_refuses_other_words(text: str) -> None:
    with pytest.raises(ValueError, match="is not a field; use one of: name"):
        parse_field(text)
