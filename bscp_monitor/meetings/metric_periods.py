"""Metric periods and values in words: a monthly period starts on the first of its month, a
quarterly one on the first of its calendar quarter (Q1 = January to March)."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from bscp_monitor.common.errors import ValidationError
from bscp_monitor.data.enums import MetricFrequency, MetricUnit

MONTHS_IN = {MetricFrequency.MONTHLY: 1, MetricFrequency.QUARTERLY: 3}
UNIT_LABELS = {
    MetricUnit.COUNT: "Count",
    MetricUnit.PERCENTAGE: "Percentage",
    MetricUnit.DAYS: "Days",
    MetricUnit.POUNDS: "Pounds",
}
FREQUENCY_LABELS = {MetricFrequency.MONTHLY: "Monthly", MetricFrequency.QUARTERLY: "Quarterly"}


def period_start(frequency: MetricFrequency, day: date) -> date:
    """The first day of the period that holds ``day``."""
    if frequency is MetricFrequency.QUARTERLY:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def next_period(frequency: MetricFrequency, start: date) -> date:
    index = start.year * 12 + start.month - 1 + MONTHS_IN[frequency]
    return date(index // 12, index % 12 + 1, 1)


def previous_period(frequency: MetricFrequency, start: date) -> date:
    return period_start(frequency, period_start(frequency, start) - timedelta(days=1))


def period_end(frequency: MetricFrequency, start: date) -> date:
    """The last day of the period starting ``start``."""
    return next_period(frequency, period_start(frequency, start)) - timedelta(days=1)


def reporting_period(frequency: MetricFrequency, meeting_day: date) -> date:
    """The period a meeting reviews: the last whole month or quarter before the meeting."""
    return previous_period(frequency, period_start(frequency, meeting_day))


def period_label(frequency: MetricFrequency, start: date) -> str:
    """'March 2026' or 'Q1 2026'."""
    if frequency is MetricFrequency.QUARTERLY:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return start.strftime("%B %Y")


def short_period_label(frequency: MetricFrequency, start: date) -> str:
    """'Mar 26' or 'Q1 26', for chart axes."""
    if frequency is MetricFrequency.QUARTERLY:
        return f"Q{(start.month - 1) // 3 + 1} {start:%y}"
    return start.strftime("%b %y")


def recent_periods(frequency: MetricFrequency, today: date, count: int) -> list[date]:
    """The ``count`` latest periods up to the one holding ``today``, newest first."""
    out = [period_start(frequency, today)]
    while len(out) < count:
        out.append(previous_period(frequency, out[-1]))
    return out


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def editable_value(value: float | None) -> str:
    """A stored value as it goes back into an edit box: every digit it has (12345.67, not
    the 12345.7 of '%g'), no separators, nothing added ('' for none)."""
    return "" if value is None else f"{value:.15g}"


def format_value(value: float | None, unit: MetricUnit) -> str:
    """A value in words: '95%', '12', '3 days', '£1,250.50'; '' for none."""
    if value is None:
        return ""
    if unit is MetricUnit.PERCENTAGE:
        # Cut (not rounded) to 2 places, so 94.97% or 94.995% never reads as a met 95%: of
        # the decimal the value reads as (94.99 is 94.99, not 94.98999...).
        cut = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        return f"{cut:f}".rstrip("0").rstrip(".") + "%"
    if unit is MetricUnit.DAYS:
        return f"{_number(value)} day" + ("" if value == 1 else "s")
    if unit is MetricUnit.POUNDS:
        sign = "-" if value < 0 else ""
        amount = abs(value)
        text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        return f"{sign}£{text}"
    return _number(value)


_STRIP = re.compile(r"[£%,\s]|days?$", re.IGNORECASE)


def check_value(value: float, unit: MetricUnit, what: str = "The value") -> float:
    """``value`` if it makes sense for ``unit``; else ValidationError saying why."""
    if not math.isfinite(value):
        raise ValidationError(f"{what} must be a number.")
    if unit is MetricUnit.PERCENTAGE and not 0 <= value <= 100:
        raise ValidationError(f"{what} is a percentage: it must be between 0 and 100.")
    if unit in (MetricUnit.COUNT, MetricUnit.DAYS) and value < 0:
        raise ValidationError(f"{what} cannot be negative.")
    if unit is MetricUnit.COUNT and not float(value).is_integer():
        raise ValidationError(f"{what} is a count: it must be a whole number.")
    return float(value)


def parse_value(text: str, unit: MetricUnit, what: str = "The value") -> float:
    """Read a value as people type it ('95%', '£1,200', '12 days'); ValidationError if not."""
    cleaned = _STRIP.sub("", text.strip())
    if not cleaned:
        raise ValidationError(f"{what} is empty: type a number.")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValidationError(f"{what} '{text.strip()}' is not a number.") from None
    return check_value(value, unit, what)
