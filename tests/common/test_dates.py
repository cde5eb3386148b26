"""Dates are dd/mm/yyyy (never month first); months clamp to their last day; money in pence."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from bscp_monitor.common.dates import (
    DateFormatError,
    add_months,
    format_date,
    format_money,
    parse_date,
    parse_money,
)

# Nothing is written to the working folder: no example database, and Hypothesis's own cache
# (which its pytest plugin fills at collection time, before any fixture runs) goes to a
# temporary folder removed at exit.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="bscp-monitor-hypothesis-")
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
NO_FILES = settings(database=None)
DATES = st.dates(min_value=date(1901, 1, 1), max_value=date(2200, 12, 31))


# --- format_date / parse_date -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2024, 2, 13), "13/02/2024"),
        (date(2018, 9, 30), "30/09/2018"),
        (date(2017, 1, 1), "01/01/2017"),
        (date(1999, 12, 31), "31/12/1999"),
    ],
)
def test_format_date_is_day_first_and_zero_padded(value: date, text: str) -> None:
    assert format_date(value) == text


def test_format_date_of_no_date_is_empty() -> None:
    assert format_date(None) == ""


def test_parse_date_reads_the_day_first() -> None:
    assert parse_date("13/02/2024") == date(2024, 2, 13)
    # Ambiguous text is never read month first: 03/02 is the 3rd of February.
    assert parse_date("03/02/2024") == date(2024, 2, 3)


def test_parse_date_accepts_one_digit_day_and_month_and_surrounding_spaces() -> None:
    assert parse_date("1/2/2024") == date(2024, 2, 1)
    assert parse_date("9/11/2023") == date(2023, 11, 9)
    assert parse_date("  30/9/2018 ") == date(2018, 9, 30)


def test_a_month_first_date_is_refused_with_a_clear_message() -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_date("02/13/2024")
    message = str(caught.value)
    assert "02/13/2024" in message
    assert "month 13" in message


def test_a_date_that_does_not_exist_is_refused() -> None:
    with pytest.raises(DateFormatError, match="not a real date"):
        parse_date("31/02/2024")
    with pytest.raises(DateFormatError, match="not a real date"):
        parse_date("29/02/2023")  # not a leap year
    assert parse_date("29/02/2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "yesterday",
        "2024-02-13",  # ISO is not how people here write it
        "13/02/24",  # two-digit year
        "13.02.2024",
        "13-02-2024",
        "13/02/2024x",
        "113/02/2024",
        "00/01/2024",
        "01/00/2024",
    ],
)
def test_rubbish_is_refused_with_a_date_format_error(text: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_date(text)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value)  # says what is wrong


def test_the_format_message_shows_the_expected_form() -> None:
    with pytest.raises(DateFormatError, match="dd/mm/yyyy"):
        parse_date("next Tuesday")


@NO_FILES
@given(DATES)
def test_parse_date_reverses_format_date(value: date) -> None:
    assert parse_date(format_date(value)) == value


# --- add_months ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 8, 31), -6, date(2023, 2, 28)),  # clamped to February's last day
        (date(2024, 8, 31), -6, date(2024, 2, 29)),  # leap year
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2018, 9, 30), -6, date(2018, 3, 30)),  # the CSE extension's decision deadline
        (date(2023, 11, 15), 3, date(2024, 2, 15)),  # across a year end
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
        (date(2024, 1, 15), -13, date(2022, 12, 15)),
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
        (date(2020, 2, 29), 24, date(2022, 2, 28)),
        (date(2020, 2, 29), 48, date(2024, 2, 29)),
        (date(2024, 5, 17), 0, date(2024, 5, 17)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@NO_FILES
@given(DATES, st.integers(min_value=-600, max_value=600))
def test_add_months_moves_by_whole_months_and_never_overshoots(value: date, months: int) -> None:
    moved = add_months(value, months)
    # Month arithmetic: the month index moves by exactly ``months``.
    assert (moved.year * 12 + moved.month) - (value.year * 12 + value.month) == months
    # The day is kept when it exists, else clamped to the month's last day.
    assert moved.day <= value.day
    if value.day <= 28:
        assert moved.day == value.day
    # Going back again never lands after the starting date, and stays in its month.
    back = add_months(moved, -months)
    assert back <= value
    assert (back.year, back.month) == (value.year, value.month)


# --- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pence", "text"),
    [
        (0, "£0.00"),
        (5, "£0.05"),
        (99, "£0.99"),
        (123_450, "£1,234.50"),
        (16_500_000, "£165,000.00"),
        (100_000_000, "£1,000,000.00"),
        (-123_450, "-£1,234.50"),
        (-5, "-£0.05"),
    ],
)
def test_format_money(pence: int, text: str) -> None:
    assert format_money(pence) == text


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£1,234.50", 123_450),
        ("1234.5", 123_450),
        ("£12,500", 1_250_000),
        (" 1,000 ", 100_000),
        ("0.07", 7),
        ("£ 165 000.00", 16_500_000),
        ("", 0),
    ],
)
def test_parse_money(text: str, pence: int) -> None:
    assert parse_money(text) == pence


@pytest.mark.parametrize("text", ["abc", "12.345", "1.2.3", "£12,5x0", "-5", ".50"])
def test_parse_money_refuses_bad_text(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_money(text)


@NO_FILES
@given(st.integers(min_value=0, max_value=10**13))
def test_parse_money_reverses_format_money(pence: int) -> None:
    assert parse_money(format_money(pence)) == pence
