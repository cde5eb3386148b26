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


class DateWithNote(CellError):
    """A date read as a person would read it, with a warning saying how ("March 2024" is
    01/03/2024; 45352 typed as text is the Excel date 01/03/2024)."""

    def __init__(self, day: date, message: str) -> None:
        super().__init__(message)
        self.day = day


class NotApplicable(CellError):
    """A cell that says there is nothing to say ("N/A", "Not required", "-"): read as blank,
    with a warning, never a rejected row."""


_NOT_APPLICABLE = {
    "n/a",
    "n / a",
    "na",
    "n.a.",
    "n.a",
    "not applicable",
    "not required",
    "not needed",
    "not known",
    "unknown",
    "-",
    "--",
    "---",
    "–",
    "—",
    "tbc",
    "?",
}


def not_applicable(value: object) -> bool:
    return isinstance(value, str) and " ".join(value.split()).casefold() in _NOT_APPLICABLE


_DIGIT_RUN = re.compile(r"\d(?:[\d\s\-]*\d)?")


def ending(number: str) -> str:
    """How a message names a certificate number: by its last four digits only."""
    digits = number if number.isdigit() else "".join(ch for ch in number if ch.isdigit())
    return f"the certificate number ending {digits[-4:]}" if digits else "the certificate number"


def masked_text(value: object) -> str:
    """A cell's text for a message: any run of 8 or more digits (a certificate number, whole
    or nearly) shows its last four only, so no message carries a full number."""
    text = cell_text(value)

    def hide(match: re.Match[str]) -> str:
        run = match.group(0)
        digits = sum(ch.isdigit() for ch in run)
        if digits < 8:
            return run
        keep = 4
        out = []
        for ch in reversed(run):
            if ch.isdigit():
                out.append(ch if keep > 0 else "*")
                keep -= 1
            else:
                out.append(ch)
        return "".join(reversed(out))

    return _DIGIT_RUN.sub(hide, text)


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
# Year first is never ambiguous: 2024-03-01, 2024/03/01, 2024.03.01. A date-time cell
# exported as text ("01/03/2024 00:00:00") is its date when the time is midnight.
_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?"
_ISO = re.compile(rf"^(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_MIDNIGHT}$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{2}}|\d{{4}}){_MIDNIGHT}$")
_NAMED = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{2}|\d{4})$",
    re.IGNORECASE,
)
#: "March 1st, 2024": a month written in words is never ambiguous, whichever comes first.
_MONTH_FIRST = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
#: "March 2024", "Mar-24" (Excel's mmm-yy): a month without its day ("Mar 12" may be a day).
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?(?:\s+|\s*-\s*)(\d{4})$|^([A-Za-z]{3,9})-(\d{2})$")
# Excel's day numbers from 01/01/1950 to 31/12/2099 (a date cell saved or typed as a number).
_EXCEL_EPOCH = date(1899, 12, 30)


def _serial(value: float, shown: str) -> date:
    """A whole number in Excel's range of dates: that date, with a warning; else CellError."""
    if not 18264 <= value < 73415 or value != int(value):  # NaN and infinities too
        raise CellError(f"{shown} is a number, not a date.")
    day = date.fromordinal(_EXCEL_EPOCH.toordinal() + int(value))
    raise DateWithNote(
        day,
        f"{shown} is how Excel stores the date {day:%d/%m/%Y} (a date cell saved as a number): "
        "read as that date.",
    )


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


def _worded_date(text: str, past: bool) -> date | None:
    """A date with its month in words: "1st March 2024", "01-Mar-24", "March 1st, 2024";
    "March 2024" (no day) is the 1st, with a warning (DateWithNote). None if not such."""
    if match := _NAMED.match(text):
        month = MONTHS.get(match[2].lower())
        if month is None:
            raise CellError(f"'{masked_text(text)}' is not a date: '{match[2]}' is not a month.")
        return _make(_year(match[3], past), month, int(match[1]), text)
    if (match := _MONTH_FIRST.match(text)) and (month := MONTHS.get(match[1].lower())):
        return _make(int(match[3]), month, int(match[2]), text)
    if (match := _MONTH_YEAR.match(text)) and (month := MONTHS.get((match[1] or match[3]).lower())):
        day = _make(_year(match[2] or match[4], past), month, 1, text)
        raise DateWithNote(day, f"'{text}' gives no day: read as {day:%d/%m/%Y}.")
    return None


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
        if isinstance(value, bool):
            raise CellError(f"{value} is not a date.")
        _serial(value, masked_text(value))
    text = str(value).strip()
    if not text:
        return None
    if match := _NUMERIC.match(text):  # the commonest, and never an ISO date too
        return _make(_year(match[4], past), int(match[3]), int(match[1]), text)
    if match := _ISO.match(text):
        return _make(int(match[1]), int(match[3]), int(match[4]), text)
    if (worded := _worded_date(text, past)) is not None:
        return worded
    if text.isdigit() and len(text) == 5:
        _serial(int(text), f"'{text}'")
    if not_applicable(text):
        raise NotApplicable(f"'{text}' read as blank.")
    if _PENDING.match(text):  # "Awaiting", "Applied 10/06/25": no such date yet
        raise NotApplicable(f"'{masked_text(text)}' read as blank: no date yet.")
    raise CellError(
        f"'{masked_text(text)}' is not a date: write it as dd/mm/yyyy, e.g. 12/03/2021."
    )


_DATE_IN_TEXT = re.compile(
    r"(\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[\s-]+[A-Za-z]{3,9}\.?[\s-]+(?:\d{4}|\d{2}))(?!\d)"
)


def date_in_text(text: str, past: bool = False) -> date | None:
    """The first date written inside a longer text ("Yes - status checked 01/09/2026")."""
    start = 0
    while (match := _DATE_IN_TEXT.search(text, start)) is not None:
        try:
            return parse_date(match.group(1), past)
        except CellError:
            start = match.start() + 1  # "99 checked 01/03/2011": try from the next place
    return None


_SEPARATORS = re.compile(r"[\s\-]+")
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_PREFIX = re.compile(
    r"^(?P<kind>dbs|crb|cert(?:ificate)?|disclosure|enhanced)\b\.?\s*"
    r"(?:(?:dbs|crb|enhanced)\b\s*)?(?:cert(?:ificate)?\b\.?\s*)?"
    r"(?:(?:no|num|number|ref|reference)\b\.?|#)?\s*[:#.]?\s*",
    re.IGNORECASE,
)
_PENDING = re.compile(
    r"^\W*(applied|awaiting|pending|waiting|in progress|requested|submitted|sent off|"
    r"chased|not yet|to follow|not received|outstanding)\b",
    re.IGNORECASE,
)
#: In a CSV, digits alone as short as this are a number whose zeros Excel dropped (up to four
#: lost); shorter ones are more likely digits missing, and are refused.
MIN_CSV_DIGITS = 8
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?e\+?\d+$", re.IGNORECASE)


def parse_certificate(
    value: object, text_lost_zeros: bool = False
) -> tuple[str | None, str | None]:
    """(the 12-digit certificate number or None, a warning or None); CellError if invalid.

    A number cell (Excel drops leading zeros) of up to 12 digits is padded back to 12; so is
    a text of digits alone when ``text_lost_zeros`` (a CSV, which Excel writes that way).
    A "DBS", "CRB" or "Cert No" before the digits is taken off (a CRB one with a warning);
    "Applied", "Awaiting" or "Pending" means no certificate yet (None, with a warning);
    "N/A", "Not required" or "-" means blank (None, with a warning).
    No message shows the whole number: "the certificate number ending 7890".
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        raise CellError("The certificate number is a yes/no value, not 12 digits.")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(
                f"The certificate number is {masked_text(value)}: not a whole number of 12 digits."
            )
        if value < 0:
            raise CellError("The certificate number is negative, not 12 digits.")
        digits = str(int(value))
        return _padded(digits)
    return _certificate_text(" ".join(str(value).split()), text_lost_zeros)


def _certificate_text(raw: str, text_lost_zeros: bool) -> tuple[str | None, str | None]:
    text = _SEPARATORS.sub("", raw)
    if not text:
        return None, None
    if _TWELVE_DIGITS.fullmatch(text):
        return text, None
    if _SCIENTIFIC.match(text):
        raise CellError(
            f"The certificate number '{raw}' was turned by Excel into a rounded number: its "
            "last digits are lost. Ask the provider to format the column as text and send "
            "the file again."
        )
    if text.isascii() and text.isdigit() and text_lost_zeros and MIN_CSV_DIGITS <= len(text) < 12:
        return _padded(text)
    if _PENDING.match(raw):
        return (
            None,
            _pending_message(raw),
        )
    if not_applicable(raw):
        return None, f"The certificate column says '{raw}': read as no certificate number."
    prefix = _PREFIX.match(raw)
    if prefix is not None and prefix.end() > 0:
        rest = _SEPARATORS.sub("", raw[prefix.end() :])
        if _TWELVE_DIGITS.fullmatch(rest):
            if prefix.group("kind").casefold() == "crb":
                return rest, (
                    f"{ending(rest).capitalize()} is marked CRB: a Criminal Records Bureau "
                    "certificate, issued before December 2012 (an old check)."
                )
            return rest, None
        if _PENDING.match(rest):
            return (
                None,
                _pending_message(raw),
            )
    if text.isascii() and text.isdigit():
        raise CellError(
            f"{ending(text).capitalize()} has {len(text)} digits: not a 12-digit DBS "
            "certificate number."
        )
    raise CellError(f"'{masked_text(raw)}' is not a 12-digit DBS certificate number.")


def _pending_message(raw: str) -> str:
    return (
        f"The certificate column says '{masked_text(raw)}': no certificate yet, so the "
        "check is recorded as missing."
    )


def _padded(digits: str) -> tuple[str, str | None]:
    if len(digits) > 12:
        raise CellError(
            f"{ending(digits).capitalize()} has {len(digits)} digits: not a 12-digit DBS "
            "certificate number."
        )
    if len(digits) == 12:
        return digits, None
    return digits.zfill(12), _LOST_ZEROS[12 - len(digits)].format(digits[-4:])


#: The warning for a number whose zeros were lost, by how many (on thousands of rows).
_LOST_ZEROS = {
    zeros: "The certificate number ending {} had lost its leading zeros (a spreadsheet kept "
    f"it as a number); read with {zeros} {'zero' if zeros == 1 else 'zeros'} put back."
    for zeros in range(1, 12)
}


_NAME = re.compile(r"^[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*[.]?$")


def parse_name(value: object) -> str:
    """A person's name (letters, spaces, hyphens, apostrophes and full stops)."""
    text = " ".join(str(value).split()) if value is not None else ""
    # Accents written as a letter plus a combining mark (macOS, web forms) become one letter.
    text = unicodedata.normalize("NFC", text)
    if not text:
        raise CellError("There is no name.")
    surname, comma, forenames = text.partition(",")
    if comma and surname.strip() and forenames.strip() and "," not in forenames:
        text = f"{forenames.strip()} {surname.strip()}"  # "Smith, John": as HR systems list
    # The pattern refuses ASCII digits itself; other digits (such as '²') it would take.
    if (not text.isascii() and any(map(str.isdigit, text))) or not _NAME.match(text):
        raise CellError(f"'{masked_text(text)}' is not a person's name.")
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


def level_note(value: object) -> str | None:
    """A warning for a level written in the words of the old checks (CRB, List 99)."""
    text = " ".join(str(value).split()).casefold() if value is not None else ""
    if "crb" in text:
        return (
            f"The level '{masked_text(value)}' names a CRB check: a Criminal Records Bureau "
            "certificate, issued before December 2012 (an old check)."
        )
    if "99" in text and "list" in text:
        return (
            f"The level '{masked_text(value)}' names List 99, the children's barred list "
            "before 2009: read as a children's barred list check (an old check)."
        )
    return None


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
    children = names_list and ("child" in text or "99" in text)
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


_YES = {
    "yes",
    "y",
    "true",
    "1",
    "subscribed",
    "on",
    "x",
    "✓",
    "✔",
    "☑",
    "✅",
    "ticked",
    "yes - subscribed",
    "registered",
}
_NO = {
    "no",
    "n",
    "false",
    "0",
    "not subscribed",
    "off",
    "none",
    "✗",
    "✘",
    "×",
    "☐",
    "❌",
    "not registered",
}
_LEADING_ANSWER = re.compile(
    r"^\W*(yes|y|no|n|subscribed|subscriber|member|registered|active|not subscribed|"
    r"not registered|not a member|lapsed|expired|cancelled)\b",
    re.IGNORECASE,
)
_YES_ANSWERS = ("yes", "y", "subscribed", "subscriber", "member", "registered", "active")


def parse_yes_no(value: object) -> bool | None:
    """Y/Yes/N/No/True/False/ticks; None for a blank. "N/A", "Not required" or "-" raise
    NotApplicable (blank, with a warning); anything else CellError."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    text = " ".join(str(value).split()).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    if not_applicable(text):
        raise NotApplicable(f"'{str(value).strip()}' read as blank.")
    raise CellError(f"'{masked_text(value)}' is not yes or no.")


def parse_update_text(value: object) -> tuple[bool, date | None] | None:
    """A free-text Update Service cell such as "Yes - status checked 01/09/2026": (the
    answer, the date of the status check in it, if any); None when it has no answer first."""
    text = " ".join(str(value).split()) if value is not None else ""
    match = _LEADING_ANSWER.match(text)
    if match is None:
        return None
    answer = match.group(1).casefold() in _YES_ANSWERS
    return answer, date_in_text(text[match.end() :], past=True)


_NO_CONTACT_START = re.compile(r"^(no|n|none|nil|not|non|un)\b|^non-|^unregulated")
_CONTACT = (
    (("direct", "daily", "frequent", "yes", "y", "true", "high", "regulated", "unsupervised",
      "✓", "✔"), ContactLevel.DIRECT),
    (("regular", "weekly", "medium", "ongoing"), ContactLevel.REGULAR),
    (("occasional", "infrequent", "low", "ad hoc", "adhoc", "rare", "limited", "minimal"),
     ContactLevel.OCCASIONAL),
    (("none", "no", "nil", "n", "false", "✗", "✘", "×"), ContactLevel.NONE),
)  # fmt: skip


def parse_contact(value: object) -> ContactLevel | None:
    """The level of contact with children, or None when blank or not recognised.

    "N", "No" or "Not regulated" in a contact or regulated-activity column is no regulated
    contact, never direct; "Y" or "Yes" is direct (the cautious reading).
    """
    return _contact_of(" ".join(str(value).split()).casefold() if value is not None else "")


@lru_cache(maxsize=1024)
def _contact_of(text: str) -> ContactLevel | None:
    if not text or not_applicable(text):
        return None
    if _NO_CONTACT_START.match(text):
        return ContactLevel.NONE
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
