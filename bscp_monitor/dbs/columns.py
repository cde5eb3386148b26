"""Finding the table in a provider's sheet: known column names, the header row (title rows
above it ignored, a group header merged above sub-headers understood) and the mapping from
columns to fields."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Field(StrEnum):
    FULL_NAME = "name"
    FORENAME = "forename"
    SURNAME = "surname"
    DATE_OF_BIRTH = "date_of_birth"
    ROLE = "role"
    START_DATE = "start_date"
    CONTACT = "contact_level"
    CERTIFICATE = "certificate_number"
    ISSUE_DATE = "issue_date"
    EXPIRY_DATE = "expiry_date"
    LEVEL = "level"
    BARRED_LIST = "barred_list"
    BARRED_CHECKED = "barred_list_check_date"
    UPDATE_SERVICE = "update_service"
    UPDATE_CHECKED = "update_service_check_date"
    IGNORE = "ignore"


FIELD_LABELS = {
    Field.FULL_NAME: "Full name",
    Field.FORENAME: "Forename",
    Field.SURNAME: "Surname",
    Field.DATE_OF_BIRTH: "Date of birth",
    Field.ROLE: "Role",
    Field.START_DATE: "Start date",
    Field.CONTACT: "Contact with children",
    Field.CERTIFICATE: "DBS certificate number",
    Field.ISSUE_DATE: "DBS issue date",
    Field.EXPIRY_DATE: "DBS expiry / renewal date",
    Field.LEVEL: "DBS level",
    Field.BARRED_LIST: "Barred list",
    Field.BARRED_CHECKED: "Barred list check date",
    Field.UPDATE_SERVICE: "Update Service",
    Field.UPDATE_CHECKED: "Update Service status check date",
    Field.IGNORE: "(not imported)",
}
DATE_FIELDS = frozenset(
    {
        Field.DATE_OF_BIRTH,
        Field.START_DATE,
        Field.ISSUE_DATE,
        Field.EXPIRY_DATE,
        Field.BARRED_CHECKED,
        Field.UPDATE_CHECKED,
    }
)

# Tokens that mean the same in header text: "No", "No.", "#", "Num", "Ref" -> number.
_SYNONYMS = {
    "no": "number",
    "num": "number",
    "nbr": "number",
    "number": "number",
    "#": "number",
    "ref": "number",
    "reference": "number",
    "cert": "certificate",
    "certificate": "certificate",
    "certif": "certificate",
    "crb": "dbs",
    "d": "d",
}

_KNOWN: dict[Field, tuple[str, ...]] = {
    Field.FULL_NAME: (
        "name",
        "full name",
        "staff name",
        "employee name",
        "name of staff member",
        "staff member",
        "name of employee",
        "volunteer name",
        "worker name",
        "full names",
    ),
    Field.FORENAME: ("forename", "forenames", "first name", "first names", "given name"),
    Field.SURNAME: ("surname", "last name", "family name"),
    Field.DATE_OF_BIRTH: ("date of birth", "dob", "d o b", "birth date"),
    Field.ROLE: ("role", "job title", "position", "post", "job role", "designation", "post title"),
    Field.START_DATE: (
        "start date",
        "date started",
        "employment start date",
        "date of appointment",
        "start of employment",
    ),
    Field.CONTACT: (
        "contact with children",
        "level of contact",
        "contact level",
        "contact",
        "regular contact with children",
        "level of contact with children",
        "contact type",
    ),
    Field.CERTIFICATE: (
        "dbs certificate number",
        "dbs number",
        "dbs certificate",
        "certificate number",
        "disclosure number",
        "dbs disclosure number",
        "certificate",
        "disclosure certificate number",
    ),
    Field.ISSUE_DATE: (
        "dbs issue date",
        "date of issue",
        "issued",
        "dbs date",
        "dbs check date",
        "issue date",
        "date issued",
        "certificate date",
        "disclosure date",
        "dbs issued",
        "date of dbs",
        "dbs certificate date",
        "certificate issue date",
        "dbs date of issue",
    ),
    Field.EXPIRY_DATE: (
        "dbs renewal due",
        "renewal due",
        "dbs expiry date",
        "expiry",
        "expiry date",
        "dbs expiry",
        "renewal date",
        "dbs renewal date",
        "recheck date",
        "re check date",
        "re check due",
        "recheck due",
        "expires",
        "date of expiry",
        "dbs renewal",
    ),
    Field.LEVEL: (
        "dbs level",
        "dbs type",
        "level",
        "type of check",
        "check level",
        "disclosure level",
        "dbs check type",
        "type",
        "level of check",
        "dbs check level",
        "check type",
    ),
    Field.BARRED_LIST: ("barred list", "barred list check", "barred", "barring list"),
    Field.BARRED_CHECKED: (
        "barred list check date",
        "barred list checked",
        "barred list date",
        "date barred list checked",
        "barred list checked on",
    ),
    Field.UPDATE_SERVICE: (
        "update service",
        "dbs update service",
        "on update service",
        "update service subscriber",
        "subscribed to update service",
        "update service subscription",
        "dbs update service subscriber",
    ),
    Field.UPDATE_CHECKED: (
        "update service check date",
        "update service checked",
        "status check date",
        "last status check",
        "update service status check",
        "date of status check",
        "update service status check date",
    ),
}


def normalise_header(text: object) -> str:
    """Case, spacing and punctuation removed; No / No. / Number / # / Ref / Cert unified."""
    raw = str(text or "").casefold().replace("#", " # ").replace("_", " ")
    words = re.sub(r"[^\w#]+", " ", raw).split()
    return " ".join(_SYNONYMS.get(w, w) for w in words)


KNOWN_NAMES: dict[str, Field] = {
    normalise_header(name): field for field, names in _KNOWN.items() for name in names
}


def match_header(text: object) -> Field | None:
    return KNOWN_NAMES.get(normalise_header(text))


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: Field | None


@dataclass(frozen=True)
class HeaderFound:
    row: int  # 0-based index in the sheet's rows
    columns: tuple[Column, ...]

    def mapping(self) -> dict[int, Field]:
        return {c.index: c.field for c in self.columns if c.field not in (None, Field.IGNORE)}


HEADER_SEARCH_ROWS = 30
MIN_MATCHES = 3


def _qualifies(row: Sequence[object]) -> bool:
    fields = {match_header(v) for v in row if v not in (None, "")}
    fields.discard(None)
    return len(fields) >= MIN_MATCHES


def find_header(
    rows: Sequence[Sequence[object]],
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> HeaderFound | None:
    """The header row: the first of the first 30 rows with at least three known names.

    When the next row qualifies too, that lower row is the header (the upper one names
    groups); a cell merged down from the row above gives its name to an empty header cell.
    """
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for index in range(limit):
        if not _qualifies(rows[index]):
            continue
        if index + 1 < len(rows) and _qualifies(rows[index + 1]):
            index += 1
        return HeaderFound(index, tuple(_columns(rows, index, merged)))
    return None


def _columns(
    rows: Sequence[Sequence[object]],
    index: int,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
) -> list[Column]:
    header = list(rows[index])
    width = max(len(header), max((len(r) for r in rows[index : index + 50]), default=0))
    header += [""] * (width - len(header))
    if index > 0:
        above = rows[index - 1]
        for (top, left), (bottom, right) in merged:
            if (
                top < index <= bottom
                and left == right
                and left < width
                and header[left] in ("", None)
            ):
                header[left] = above[left] if left < len(above) else ""
    columns = []
    used: set[Field] = set()
    for position, value in enumerate(header):
        text = " ".join(str(value).split()) if value not in (None, "") else ""
        if not text:
            continue
        field = match_header(text)
        if field is not None and field in used:
            field = None  # a second column of the same kind is left out (and shown as such)
        if field is not None:
            used.add(field)
        columns.append(Column(position, text, field))
    return columns


def apply_overrides(found: HeaderFound, overrides: dict[str, Field]) -> HeaderFound:
    """Change the mapping by header text (normalised), e.g. from --map or the GUI."""
    wanted = {normalise_header(k): v for k, v in overrides.items()}
    columns = []
    for column in found.columns:
        field = wanted.get(normalise_header(column.header), column.field)
        columns.append(Column(column.index, column.header, field))
    # A field chosen explicitly for one column is taken from any other column.
    explicit = {
        wanted[normalise_header(c.header)]: c.index
        for c in found.columns
        if normalise_header(c.header) in wanted
    }
    final = []
    for column in columns:
        field = column.field
        if field in explicit and explicit[field] != column.index and field is not Field.IGNORE:
            field = None
        final.append(Column(column.index, column.header, field))
    return HeaderFound(found.row, tuple(final))


def parse_field(name: str) -> Field:
    """A field from its name as typed on the command line (or its label)."""
    key = normalise_header(name).replace(" ", "_")
    for field in Field:
        if key in (field.value, normalise_header(FIELD_LABELS[field]).replace(" ", "_")):
            return field
    matched = match_header(name)
    if matched is not None:
        return matched
    choices = ", ".join(f.value for f in Field)
    raise ValueError(f"'{name}' is not a field; use one of: {choices}.")
