"""Dates typed as people write them, day first; an impossible one says why."""

from __future__ import annotations

from datetime import date

import pytest

from bscp_monitor.common.dates import DateFormatError
from bscp_monitor.common.typed_dates import parse_typed_date

AROUND = date(2026, 12, 5)


@pytest.mark.parametrize(
    "typed",
    [
        "07/01/2027",
        "7/1/27",
        "07012027",
        "070127",
        "7 Jan 2027",
        "7 jan 27",
        "7 January 2027",
        "7th January 2027",
        "7.1.2027",
        "7-1-2027",
        "2027-01-07",
        " 07 / 01 / 2027 ",
    ],
)
def test_every_spelling_is_the_seventh_of_january(typed: str) -> None:
    assert parse_typed_date(typed, AROUND) == date(2027, 1, 7)


def test_short_forms_take_month_and_year_from_the_field() -> None:
    assert parse_typed_date("7", AROUND) == date(2026, 12, 7)
    assert parse_typed_date("7/1", AROUND) == date(2026, 1, 7)
    assert parse_typed_date("0701", AROUND) == date(2026, 1, 7)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2027", "February 2027 has 28 days"),
        ("29/02/2027", "February 2027 has 28 days"),
        ("32012027", "January 2027 has 31 days"),
        ("00/01/2027", "January 2027 has 31 days"),
        ("7/13/2027", "there is no month 13"),
        ("7 Foo 2027", "type it day first"),
        ("01/01/1800", "cannot hold"),
        ("", "No date typed"),
        ("123", "type it day first"),
    ],
)
def test_an_impossible_date_says_why(typed: str, said: str) -> None:
    with pytest.raises(DateFormatError, match=said):
        parse_typed_date(typed, AROUND)


def test_a_leap_day_is_a_date() -> None:
    assert parse_typed_date("29/02/2028", AROUND) == date(2028, 2, 29)
