"""Dates as people type them into a date field: "07/01/2027", "7/1/27", "07012027",
"7 Jan 2027", "7.1.2027", "2027-01-07" -- always day first; an impossible date says why."""

from __future__ import annotations

import calendar
import re
from datetime import date

from bscp_monitor.common.dates import DateFormatError

_MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-\s]+(\d{1,2})(?:[/.\-\s]+(\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)\.?,?(?:[\s\-/.,]+(\d{2}|\d{4}))?$"
)
_HINT = "type it day first, e.g. 07/01/2027, 7/1/27, 07012027 or 7 Jan 2027"


def parse_typed_date(text: str, around: date) -> date:
    """The date typed; ``around`` gives the month and year a short form leaves out ("7"
    is the 7th of ``around``'s month, "7/1" the 7th of January of ``around``'s year)."""
    typed = " ".join(text.split()).casefold()
    if not typed:
        raise DateFormatError("No date typed: " + _HINT + ".")
    parts = _parts(typed, around)
    if parts is None:
        raise DateFormatError(f"'{text.strip()}' is not a date: {_HINT}.")
    day, month, year = parts
    if not 1 <= month <= 12:
        raise DateFormatError(f"'{text.strip()}' is not a date: there is no month {month}.")
    if year < 1901 or year > 2200:
        raise DateFormatError(f"'{text.strip()}' is a date this register cannot hold.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateFormatError(
            f"'{text.strip()}' is not a date: {calendar.month_name[month]} {year} has {last} days."
        )
    return date(year, month, day)


def _year(text: str | None, around: date) -> int:
    if text is None:
        return around.year
    return 2000 + int(text) if len(text) == 2 else int(text)


def _parts(typed: str, around: date) -> tuple[int, int, int] | None:
    if typed.isdigit():
        if len(typed) <= 2:
            return int(typed), around.month, around.year
        if len(typed) == 4:  # ddmm
            return int(typed[:2]), int(typed[2:]), around.year
        if len(typed) in (6, 8):  # ddmmyy, ddmmyyyy
            return int(typed[:2]), int(typed[2:4]), _year(typed[4:], around)
        return None
    if match := _ISO.match(typed):
        return int(match[3]), int(match[2]), int(match[1])
    if match := _NUMERIC.match(typed):
        return int(match[1]), int(match[2]), _year(match[3], around)
    if match := _WORDS.match(typed):
        month = _MONTHS.get(match[2])
        if month is None:
            return None
        return int(match[1]), month, _year(match[3], around)
    return None
