"""Reading the cells of providers' DBS spreadsheets: dates (always day first), certificate
numbers, names, DBS levels and yes/no values. Each parser returns a typed value or raises
CellError with a message for people."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$")
_NAMED = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2}|\d{4})$")


def _year(text: str, past: bool = False) -> int:
    year = int(text)
    if len(text) == 2:
        if past:
            # A date that cannot be in the future (a date of birth): the latest such century.
            year += 2000 if 2000 + year <= date.today().year else 1900
        else:
            # DBS certificates exist from 2002; re-check dates run decades ahead.
            year += 2000 if year <= 69 else 1900
    return year


def _make(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"'{original}' is not a real date (day {day}, month {month}).") from None


def parse_date(value: object, past: bool = False) -> date | None:
    """A date from a spreadsheet cell, day first; None for an empty cell.

    ``past``: a two-digit year is read as the latest year not in the future (dates of birth).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):  # bool included
        raise CellError(f"{value} is a number, not a date.")
    text = str(value).strip()
    if not text:
        return None
    if match := _NUMERIC.match(text):  # the commonest, and never an ISO date too
        return _make(_year(match[4], past), int(match[3]), int(match[1]), text)
    if match := _ISO.match(text):
        return _make(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _NAMED.match(text):
        month = MONTHS.get(match[2].lower())
        if month is None:
            raise CellError(f"'{text}' is not a date: '{match[2]}' is not a month.")
        return _make(_year(match[3], past), month, int(match[1]), text)
    raise CellError(f"'{text}' is not a date: write it as dd/mm/yyyy, e.g. 12/03/2021.")


_SEPARATORS = re.compile(r"[\s\-]+")
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")


def parse_certificate(value: object) -> tuple[str | None, str | None]:
    """(the 12-digit certificate number or None, a warning or None); CellError if invalid.

    A number cell (Excel drops leading zeros) of up to 12 digits is padded back to 12.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        raise CellError("The certificate number is a yes/no value, not 12 digits.")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(f"The certificate number {value} is not a whole number.")
        if value < 0:
            raise CellError(f"The certificate number {value:g} is negative, not 12 digits.")
        digits = str(int(value))
        if len(digits) > 12:
            raise CellError(f"The certificate number {digits} has {len(digits)} digits, not 12.")
        if len(digits) < 12:
            return digits.zfill(12), (
                f"The certificate number was stored as a number ({digits}); "
                f"read as {digits.zfill(12)}."
            )
        return digits, None
    text = _SEPARATORS.sub("", str(value).strip())
    if not text:
        return None, None
    if not _TWELVE_DIGITS.fullmatch(text):  # ASCII digits only: str.isdigit() takes '²'
        raise CellError(f"'{str(value).strip()}' is not a 12-digit DBS certificate number.")
    return text, None


_NAME = re.compile(r"^[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*[.]?$")


def parse_name(value: object) -> str:
    """A person's name (letters, spaces, hyphens, apostrophes and full stops)."""
    text = " ".join(str(value).split()) if value is not None else ""
    # Accents written as a letter plus a combining mark (macOS, web forms) become one letter.
    text = unicodedata.normalize("NFC", text)
    if not text:
        raise CellError("There is no name.")
    # The pattern refuses ASCII digits itself; other digits (such as '²') it would take.
    if (not text.isascii() and any(map(str.isdigit, text))) or not _NAME.match(text):
        raise CellError(f"'{text}' is not a person's name.")
    return text


_NAME_PUNCTUATION = re.compile(r"[.'’\-]")


def normalise_name(name: str) -> str:
    """For matching: case, spacing and punctuation ignored."""
    return " ".join(_NAME_PUNCTUATION.sub(" ", name).casefold().split())


_LEVELS = (
    (
        (
            "enhanced with barred",
            "enhanced + barred",
            "enhanced & barred",
            "enhanced and barred",
            "enhanced with list",
            "enhanced barred",
            "enhanced (barred",
            "enhanced - barred",
            "enhanced/barred",
        ),
        DbsLevel.ENHANCED_BARRED,
    ),
    (("enhanced", "enh"), DbsLevel.ENHANCED),
    (("standard", "std"), DbsLevel.STANDARD),
    (("basic",), DbsLevel.BASIC),
)


def parse_level(value: object) -> tuple[DbsLevel, BarredList | None, bool]:
    """(level, barred list named in the level text or None, whether the text was recognised)."""
    return _level_of(" ".join(str(value).split()).casefold() if value is not None else "")


@lru_cache(maxsize=1024)  # a sheet holds a handful of spellings, each on thousands of rows
def _level_of(text: str) -> tuple[DbsLevel, BarredList | None, bool]:
    if not text:
        return DbsLevel.UNKNOWN, None, True
    barred: BarredList | None = None
    # A barred list only when the text names one: "Enhanced (child workforce)" names the
    # workforce of the check, not a barred list check.
    names_list = "barred" in text or "list" in text
    children = names_list and "child" in text
    adults = names_list and "adult" in text
    if names_list and (children and adults or "both" in text):
        barred = BarredList.BOTH
    elif children:
        barred = BarredList.CHILDREN
    elif adults:
        barred = BarredList.ADULTS
    for starts, level in _LEVELS:
        if any(text.startswith(s) or s in text for s in starts):
            if level is DbsLevel.ENHANCED and barred is not None:
                level = DbsLevel.ENHANCED_BARRED
            if level is DbsLevel.ENHANCED_BARRED and barred is None:
                barred = BarredList.CHILDREN  # the list that matters in children's services
            return level, barred, True
    return DbsLevel.UNKNOWN, barred, False


_YES = {"yes", "y", "true", "1", "subscribed", "on", "x", "✓", "✔"}
_NO = {"no", "n", "false", "0", "not subscribed", "off", "-", "none", "n/a", "na"}


def parse_yes_no(value: object) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    text = str(value).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"'{str(value).strip()}' is not yes or no.")


_CONTACT = (
    (("direct", "daily", "frequent", "yes", "high", "regulated"), ContactLevel.DIRECT),
    (("regular", "weekly", "medium", "ongoing"), ContactLevel.REGULAR),
    (("occasional", "infrequent", "low", "ad hoc", "adhoc", "rare"), ContactLevel.OCCASIONAL),
    (("none", "no", "nil", "n/a", "na"), ContactLevel.NONE),
)


def parse_contact(value: object) -> ContactLevel | None:
    """The level of contact with children, or None when blank or not recognised."""
    return _contact_of(" ".join(str(value).split()).casefold() if value is not None else "")


@lru_cache(maxsize=1024)
def _contact_of(text: str) -> ContactLevel | None:
    if not text:
        return None
    for words, level in _CONTACT:
        if any(text == w or text.startswith(w + " ") or w in text.split() for w in words):
            return level
    return None


def cell_text(value: object) -> str:
    """A cell as text for free-text fields (role) and for reports."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())
