"""Dates as people here write them: dd/mm/yyyy, never month first."""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

DISPLAY_FORMAT = "%d/%m/%Y"
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


class DateFormatError(ValueError):
    """Text that is not a dd/mm/yyyy date."""


@lru_cache(maxsize=8192)  # a register's dates repeat: the dashboard writes thousands
def format_date(value: date | None) -> str:
    """dd/mm/yyyy, or an empty string for no date."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # as DISPLAY_FORMAT, quicker


def parse_date(text: str) -> date:
    """Read a dd/mm/yyyy date; raise DateFormatError saying what is wrong."""
    match = _DMY.match(text)
    if match is None:
        raise DateFormatError(
            f"'{text.strip()}' is not a date: write it as dd/mm/yyyy, e.g. 30/09/2018."
        )
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateFormatError(
            f"'{text.strip()}' is not a real date (day {day}, month {month})."
        ) from exc


@lru_cache(maxsize=8192)  # the compliance rules ask the same questions of every contract
def add_months(value: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = value.year * 12 + (value.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if value.day <= 28:  # every month has that day
        return date(year, month, value.day)
    day = min(value.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def format_money(pence: int) -> str:
    """Pounds sterling, e.g. £1,234.50."""
    pounds, rest = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    return f"{sign}£{pounds:,}.{rest:02d}"


def parse_money(text: str) -> int:
    """Pence from text such as '£12,500', '12500.50' or '1,000'."""
    cleaned = text.strip().replace("£", "").replace(",", "").replace(" ", "")
    if not cleaned:
        return 0
    if not re.fullmatch(r"\d+(\.\d{1,2})?", cleaned):
        raise ValueError(f"'{text.strip()}' is not an amount in pounds, e.g. 125,000.00.")
    pounds, _, pence = cleaned.partition(".")
    return int(pounds) * 100 + int((pence + "00")[:2])
