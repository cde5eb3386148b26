"""Reading the cells of providers' DBS spreadsheets: dates (day first, always), certificate
numbers, names, DBS levels and yes/no values (issue 4, point 6)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel
from bscp_monitor.dbs.values import (
    CellError,
    DateWithNote,
    NotApplicable,
    cell_text,
    normalise_name,
    parse_certificate,
    parse_contact,
    parse_date,
    parse_level,
    parse_name,
    parse_yes_no,
)

MARCH_12 = date(2021, 3, 12)
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_FULL = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# --- dates ------------------------------------------------------------------------------------


def test_real_date_cells_are_taken_as_they_are() -> None:
    assert parse_date(MARCH_12) == MARCH_12
    assert parse_date(datetime(2021, 3, 12, 0, 0)) == MARCH_12
    assert parse_date(datetime(2021, 3, 12, 15, 45, 7)) == MARCH_12
    assert isinstance(parse_date(datetime(2021, 3, 12)), date)
    assert not isinstance(parse_date(datetime(2021, 3, 12)), datetime)


@pytest.mark.parametrize(
    "text",
    [
        # yyyy-mm-dd (also as a text cell holding a midnight time)
        "2021-03-12",
        "2021-3-12",
        "2021-03-12 00:00:00",
        "2021-03-12T00:00",
        # dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy; one or two digits; two or four-digit years
        "12/03/2021",
        "12/3/2021",
        "12/03/21",
        "12/3/21",
        "12-03-2021",
        "12-3-2021",
        "12-03-21",
        "12-3-21",
        "12.03.2021",
        "12.3.2021",
        "12.03.21",
        "12.3.21",
        # named months
        "12 Mar 2021",
        "12 March 2021",
        "12-Mar-21",
        "12-Mar-2021",
        "12 mar 21",
        "12 MARCH 2021",
        "12 Mar. 2021",
        # spaces around the cell
        "  12/03/2021 ",
    ],
)
def test_every_spelling_of_12_march_2021(text: str) -> None:
    assert parse_date(text) == MARCH_12


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/2/2021", date(2021, 2, 1)),
        ("01/02/2021", date(2021, 2, 1)),
        ("5.6.07", date(2007, 6, 5)),
        ("9-1-99", date(1999, 1, 9)),
        ("3 Sept 2022", date(2022, 9, 3)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_one_digit_days_and_months_are_day_first(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_day_first_never_month_first() -> None:
    assert parse_date("13/03/2021") == date(2021, 3, 13)
    assert parse_date("03/04/2021") == date(2021, 4, 3)  # 3 April, not 4 March
    with pytest.raises(CellError, match="not a real date"):
        parse_date("03/13/2021")  # month-first US spelling: month 13 does not exist
    with pytest.raises(CellError):
        parse_date("3/13/21")


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2021",
        "29/02/2023",  # not a leap year
        "32/01/2021",
        "00/01/2021",
        "01/00/2021",
        "31/04/2021",
        "2021-02-30",
        "2021-13-01",
        "31 Feb 2021",
        "31-Jun-21",
    ],
)
def test_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(CellError, match="not a real date"):
        parse_date(text)


@pytest.mark.parametrize(
    "value",
    [
        "next week",
        "12 Foo 2021",
        "2021",
        "12/03",
        "12/03/202",
        "12/03-2021",  # mixed separators
        "12/03/2021 10:30",
        "Mar 12",  # no year
        44267.5,  # not a whole day
        123,  # far outside Excel's dates this century
        True,
    ],
)
def test_unreadable_dates_are_errors(value: object) -> None:
    with pytest.raises(CellError) as raised:
        parse_date(value)
    assert not isinstance(raised.value, DateWithNote)  # no date read from it


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_dates_are_none(value: object) -> None:
    assert parse_date(value) is None


def test_two_digit_years_window() -> None:
    assert parse_date("01/01/00") == date(2000, 1, 1)
    assert parse_date("31/12/69") == date(2069, 12, 31)
    assert parse_date("01/01/70") == date(1970, 1, 1)
    assert parse_date("31/12/99") == date(1999, 12, 31)


def _four_digit_spellings(d: date) -> list[str]:
    y = f"{d.year:04d}"
    spellings = [f"{y}-{d.month:02d}-{d.day:02d}", f"{y}-{d.month}-{d.day}"]
    for sep in "/-.":
        for day in {f"{d.day}", f"{d.day:02d}"}:
            for month in {f"{d.month}", f"{d.month:02d}"}:
                spellings.append(f"{day}{sep}{month}{sep}{y}")
    abbr, full = MONTH_ABBR[d.month - 1], MONTH_FULL[d.month - 1]
    spellings += [f"{d.day} {abbr} {y}", f"{d.day} {full} {y}", f"{d.day:02d}-{abbr}-{y}"]
    return spellings


def _two_digit_spellings(d: date) -> list[str]:
    yy = f"{d.year % 100:02d}"
    spellings = []
    for sep in "/-.":
        for day in {f"{d.day}", f"{d.day:02d}"}:
            for month in {f"{d.month}", f"{d.month:02d}"}:
                spellings.append(f"{day}{sep}{month}{sep}{yy}")
    abbr, full = MONTH_ABBR[d.month - 1], MONTH_FULL[d.month - 1]
    spellings += [f"{d.day:02d}-{abbr}-{yy}", f"{d.day}-{abbr}-{yy}", f"{d.day} {full} {yy}"]
    return spellings


@settings(database=None, max_examples=300)
@given(st.dates(min_value=date(1902, 1, 1), max_value=date(2068, 12, 31)))
@example(date(2024, 2, 29))
@example(date(1902, 1, 1))
@example(date(2068, 12, 31))
def test_every_four_digit_format_of_a_date_parses_back_to_it(d: date) -> None:
    assert parse_date(d) == d
    assert parse_date(datetime(d.year, d.month, d.day, 9, 30)) == d
    for text in _four_digit_spellings(d):
        assert parse_date(text) == d, text


@settings(database=None, max_examples=300)
@given(st.dates(min_value=date(1902, 1, 1), max_value=date(2068, 12, 31)))
@example(date(1970, 1, 1))
@example(date(2068, 12, 31))
@example(date(1969, 12, 31))
def test_two_digit_years_parse_back_within_the_window(d: date) -> None:
    # Two-digit years are read in the window 1970..2069: 00-69 are 20xx, 70-99 are 19xx.
    yy = d.year % 100
    expected = d.replace(year=(2000 if yy <= 69 else 1900) + yy)
    if 1970 <= d.year <= 2069:
        assert expected == d
    for text in _two_digit_spellings(d):
        assert parse_date(text) == expected, text


_ANY_CELL = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789/-. :TJanMrchSeptOv", max_size=20),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@settings(database=None, max_examples=400)
@given(_ANY_CELL)
def test_random_cells_never_crash_the_date_parser(value: object) -> None:
    try:
        result = parse_date(value)
    except CellError as exc:
        assert str(exc)  # noqa: PT017 -- most values do not raise
    else:
        assert result is None or type(result) is date


# --- certificate numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "001234567890",
        "0012 3456 7890",
        "0012-3456-7890",
        "001 234 567 890",
        " 0012 - 3456 - 7890 ",
        "0012\u00a03456\u00a07890",  # non-breaking spaces from a web form
        "0\t01234567890",
    ],
)
def test_certificate_numbers_with_spaces_and_hyphens(text: str) -> None:
    assert parse_certificate(text) == ("001234567890", None)


def test_excel_floats_are_zero_padded_with_a_warning() -> None:
    number, warning = parse_certificate(1234567890.0)
    assert number == "001234567890"
    assert warning is not None
    assert "ending 7890" in warning
    assert "2 zeros put back" in warning
    assert "1234567890" not in warning  # no message shows a whole number
    assert parse_certificate(1234567890) == (number, warning)  # an int cell likewise
    number, warning = parse_certificate(7.0)
    assert number == "000000000007"
    assert warning
    # A float of exactly 12 digits needs no padding and no warning.
    assert parse_certificate(123456789012.0) == ("123456789012", None)


@pytest.mark.parametrize(
    "value",
    [
        1234567890123.0,  # 13 digits
        1234567890123,
        "1234567890123",
        "12345678901",  # 11 digits as text: nobody knows which digit is missing
        "12345678901A",
        "DBS123456789",
        "0012/3456/7890",
        "1.23457E+11",  # Excel's scientific notation in a CSV: digits lost
        1234567890.5,  # not a whole number
        0.5,
        float("nan"),
        float("inf"),
        True,
        -123456789.0,  # a negative number is no certificate
        -1,
        "１２３４５６７８９０１２",  # full-width digits
        "١٢٣٤٥٦٧٨٩٠١٢",  # Arabic-Indic digits
        "12345678901²",
    ],
)
def test_bad_certificate_numbers_are_rejected(value: object) -> None:
    with pytest.raises(CellError):
        parse_certificate(value)


@pytest.mark.parametrize("value", [None, "", "   ", " - "])
def test_no_certificate_number(value: object) -> None:
    assert parse_certificate(value) == (None, None)


@settings(database=None, max_examples=300)
@given(st.integers(min_value=0, max_value=10**12 - 1))
@example(0)
@example(10**12 - 1)
@example(10**11)
def test_any_number_of_up_to_12_digits_is_padded_back(n: int) -> None:
    number, warning = parse_certificate(float(n))
    assert number == str(n).zfill(12)
    assert (warning is None) == (len(str(n)) == 12)


@settings(database=None, max_examples=300)
@given(st.integers(min_value=10**12, max_value=10**15))
def test_numbers_of_13_or_more_digits_are_rejected(n: int) -> None:
    with pytest.raises(CellError, match="digits"):
        parse_certificate(float(n))


@settings(database=None, max_examples=300)
@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12),
    st.lists(st.tuples(st.integers(0, 12), st.sampled_from([" ", "-", "  ", " - ", "--"]))),
)
def test_any_12_digits_with_spaces_and_hyphens_parse_to_the_digits(
    digits: str, inserts: list[tuple[int, str]]
) -> None:
    text = digits
    for position, separator in sorted(inserts, reverse=True):
        text = text[:position] + separator + text[position:]
    assert parse_certificate(text) == (digits, None)


@settings(database=None, max_examples=500)
@given(_ANY_CELL)
@example(-5.0)
@example("١٢٣٤٥٦٧٨٩٠١٢")
def test_random_cells_never_crash_the_certificate_parser(value: object) -> None:
    try:
        number, warning = parse_certificate(value)
    except CellError as exc:
        assert str(exc)  # noqa: PT017 -- most values do not raise
    else:
        # Whatever is accepted is exactly what the database's constraint allows.
        assert number is None or re.fullmatch(r"[0-9]{12}", number), number
        # A warning without a number says why there is none ("Applied", "N/A").
        assert warning is None or number is not None or "no certificate" in warning


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Lee", "Ann Lee"),
        ("  Ann   Lee ", "Ann Lee"),
        ("Siobhán O'Connor", "Siobhán O'Connor"),
        ("Siobhán O’Connor", "Siobhán O’Connor"),
        ("Mary-Jane Smith-Jones", "Mary-Jane Smith-Jones"),
        ("J. R. Hartley", "J. R. Hartley"),
        ("St. John Rivers", "St. John Rivers"),
        ("Zoë Brontë", "Zoë Brontë"),
        ("José Núñez", "José Núñez"),
        ("Łukasz Żółć", "Łukasz Żółć"),
        ("Dr. Jr.", "Dr. Jr."),
        ("Ann\nLee", "Ann Lee"),
    ],
)
def test_people_names(text: str, expected: str) -> None:
    assert parse_name(text) == expected


def test_accents_written_as_combining_marks_are_letters() -> None:
    # macOS and some web forms write "ë" as "e" + a combining diaeresis.
    decomposed = unicodedata.normalize("NFD", "Zoë Brontë")
    assert decomposed != "Zoë Brontë"
    assert parse_name(decomposed) == "Zoë Brontë"


@pytest.mark.parametrize(
    "text",
    [
        "Total staff: 12",
        "Total staff 12",
        "Ann Lee 2",
        "R2D2",
        "Ann_Lee",
        "Ann Lee (agency)",
        "Ann/Lee",
        "Ann, Lee, Bob",  # one comma is "Surname, Forename"; two are a list
        "ann@example.org",
        "Notes: see HR",
        "*",
        "-",
        "'",
        "Ann & Bob",
        "12345",
        "=SUM(A1:A3)",
    ],
)
def test_things_that_are_not_names_are_errors(text: str) -> None:
    with pytest.raises(CellError, match="not a person's name"):
        parse_name(text)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_name_is_an_error(value: object) -> None:
    with pytest.raises(CellError, match="no name"):
        parse_name(value)


@settings(database=None, max_examples=400)
@given(st.one_of(st.text(), st.none(), st.integers(), st.floats(), st.dates()))
def test_random_text_never_crashes_the_name_parser(value: object) -> None:
    try:
        name = parse_name(value)
    except CellError as exc:
        assert str(exc)  # noqa: PT017 -- most values do not raise
    else:
        assert name
        assert not any(ch.isdigit() for ch in name)
        assert name == " ".join(name.split())


def test_normalised_names_ignore_case_spacing_and_punctuation() -> None:
    assert normalise_name("Siobhán  O'Connor") == normalise_name("siobhán o’connor")
    assert normalise_name("Mary-Jane Smith") == normalise_name("MARY JANE SMITH")
    assert normalise_name("J. R. Hartley") == "j r hartley"
    assert normalise_name("Ann Lee") != normalise_name("Anne Lee")


# --- levels, barred lists, yes/no, contact ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level", "barred"),
    [
        ("Enhanced", DbsLevel.ENHANCED, None),
        ("ENHANCED", DbsLevel.ENHANCED, None),
        ("Enh", DbsLevel.ENHANCED, None),
        ("Enhanced with barred list", DbsLevel.ENHANCED_BARRED, BarredList.CHILDREN),
        ("Enhanced + Barred", DbsLevel.ENHANCED_BARRED, BarredList.CHILDREN),
        ("Enhanced with children's barred list", DbsLevel.ENHANCED_BARRED, BarredList.CHILDREN),
        ("Enhanced with adults' barred list", DbsLevel.ENHANCED_BARRED, BarredList.ADULTS),
        ("Enhanced with both barred lists", DbsLevel.ENHANCED_BARRED, BarredList.BOTH),
        (
            "Enhanced with child and adult barred lists",
            DbsLevel.ENHANCED_BARRED,
            BarredList.BOTH,
        ),
        ("Standard", DbsLevel.STANDARD, None),
        ("std", DbsLevel.STANDARD, None),
        ("Basic", DbsLevel.BASIC, None),
        (" basic ", DbsLevel.BASIC, None),
    ],
)
def test_levels(text: str, level: DbsLevel, barred: BarredList | None) -> None:
    assert parse_level(text) == (level, barred, True)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_no_level_is_unknown_but_not_a_problem(value: object) -> None:
    assert parse_level(value) == (DbsLevel.UNKNOWN, None, True)


@pytest.mark.parametrize("text", ["Gold", "CRB", "Full", "Level 3", "Yes"])
def test_unrecognised_levels(text: str) -> None:
    level, _barred, recognised = parse_level(text)
    assert level is DbsLevel.UNKNOWN
    assert recognised is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Yes", True),
        ("y", True),
        ("TRUE", True),
        ("x", True),
        ("Subscribed", True),
        ("✓", True),
        (True, True),
        (1, True),
        (1.0, True),
        ("No", False),
        ("N", False),
        ("false", False),
        ("Not subscribed", False),
        (False, False),
        (0, False),
        (None, None),
        ("", None),
    ],
)
def test_yes_no(value: object, expected: bool | None) -> None:
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize("text", ["N/A", "n/a", "Not required", "-", " — "])
def test_not_applicable_is_blank_with_a_warning_not_no(text: str) -> None:
    with pytest.raises(NotApplicable, match="read as blank"):
        parse_yes_no(text)


@pytest.mark.parametrize("text", ["maybe", "pending", "2021", "yes please"])
def test_not_yes_or_no_is_an_error(text: str) -> None:
    with pytest.raises(CellError, match="not yes or no"):
        parse_yes_no(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Direct", ContactLevel.DIRECT),
        ("direct contact", ContactLevel.DIRECT),
        ("Regular", ContactLevel.REGULAR),
        ("Occasional", ContactLevel.OCCASIONAL),
        ("None", ContactLevel.NONE),
        ("No", ContactLevel.NONE),
        ("", None),
        (None, None),
        ("sometimes maybe", None),
    ],
)
def test_contact_levels(text: object, expected: ContactLevel | None) -> None:
    assert parse_contact(text) is expected


@settings(database=None, max_examples=300)
@given(_ANY_CELL)
def test_random_cells_never_crash_the_other_parsers(value: object) -> None:
    level, barred, recognised = parse_level(value)
    assert isinstance(level, DbsLevel)
    assert isinstance(recognised, bool)
    assert barred is None or isinstance(barred, BarredList)
    assert parse_contact(value) is None or isinstance(parse_contact(value), ContactLevel)
    assert isinstance(cell_text(value), str)
    try:
        answer = parse_yes_no(value)
    except CellError as exc:
        assert str(exc)  # noqa: PT017 -- most values do not raise
    else:
        assert answer in (True, False, None)


def test_cell_text() -> None:
    assert cell_text(None) == ""
    assert cell_text(12.0) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text(MARCH_12) == "12/03/2021"
    assert cell_text("  Team   leader ") == "Team leader"


def test_digits_alone_in_a_csv_are_padded_when_only_zeros_can_be_missing() -> None:
    # Excel writes a CSV's numbers without their leading zeros: up to four are put back.
    number, warning = parse_certificate("12345678", text_lost_zeros=True)
    assert number == "000012345678"
    assert warning is not None
    assert "4 zeros put back" in warning
    assert parse_certificate("012345678901", text_lost_zeros=True) == ("012345678901", None)
    with pytest.raises(CellError, match="has 7 digits"):
        parse_certificate("1234567", text_lost_zeros=True)  # digits missing, more likely
    with pytest.raises(CellError, match="has 11 digits"):
        parse_certificate("12345678901")  # typed as text in a workbook: nothing was lost
