"""Finding the table in a provider's sheet: known column names, the header row (title rows
above it ignored, a group header merged above sub-headers understood) and the mapping from
columns to fields."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bscp_monitor.dbs.headers import VOCABULARY, HeaderMatch, match_meaning, tokens


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


def normalise_header(text: object) -> str:
    """Case, spacing, punctuation, possessives and plurals removed; No / No. / Number / # /
    Ref / Cert unified (the form header texts are compared in)."""
    return " ".join(tokens(text))


def match_header(text: object) -> Field | None:
    """The field a header means; ``Field.IGNORE`` for a column known but not imported."""
    found = match_meaning(text)
    return None if found is None else found.field


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: Field | None
    reason: str = ""  # why: the words that matched (or what a known, unimported column holds)
    group: str = ""  # the group heading over it, if any ("Enhanced DBS")


@dataclass(frozen=True)
class HeaderFound:
    row: int  # 0-based index in the sheet's rows
    columns: tuple[Column, ...]

    def mapping(self) -> dict[int, Field]:
        return {c.index: c.field for c in self.columns if c.field not in (None, Field.IGNORE)}


HEADER_SEARCH_ROWS = 30
MIN_MATCHES = 3
Merged = Sequence[tuple[tuple[int, int], tuple[int, int]]]


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _qualifies(row: Sequence[object], least: int = MIN_MATCHES, names: bool = False) -> bool:
    """Whether a row names at least ``least`` fields (one of them a name, if ``names``)."""
    fields = {match_header(v) for v in row if v not in (None, "")}
    fields.discard(None)
    fields.discard(Field.IGNORE)
    if names and not fields & {Field.FULL_NAME, Field.FORENAME, Field.SURNAME}:
        return False
    return len(fields) >= least


def _header_like(value: object) -> bool:
    """A cell written in the words of headers ("Date checked", "Certificate No.")."""
    if not isinstance(value, str) or any(ch.isdigit() for ch in value):
        return False
    words = tokens(value)
    return bool(words) and (all(w in VOCABULARY for w in words) or match_meaning(value) is not None)


def _is_sub_header(row: Sequence[object], above: int, merged: Merged) -> bool:
    """A row of sub-headers under group headings: no data in it (no digits, dates or numbers)
    and header words in at least two of its cells, or in one under a merged group heading."""
    cells = [v for v in row if v not in (None, "")]
    if not cells or any(not isinstance(v, str) or any(c.isdigit() for c in v) for v in cells):
        return False
    if _qualifies(row):
        return True
    like = sum(1 for v in cells if _header_like(v))
    if like * 2 < len(cells):
        return False
    spans = any(top == above and right > left for (top, left), (_b, right) in merged)
    return like >= 2 or (like >= 1 and spans)


def find_header(rows: Sequence[Sequence[object]], merged: Merged = ()) -> HeaderFound | None:
    """The header row: the first of the first 30 rows with at least three known names (else,
    for a short list, the first with a name and one more).

    Group headings over sub-headers are understood: when the next row is a row of
    sub-headers, the lower row is the header and the upper one names the groups; a row above
    the header with a heading merged across columns names groups too. A sub-header is read
    with its group heading ("Children's Barred List" over "Date checked"); an empty header
    cell takes the heading above it (merged down).
    """
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    header = next((i for i in range(limit) if _qualifies(rows[i])), None)
    if header is None:  # a short list: names and one more column ("Name", "DBS No")
        header = next((i for i in range(limit) if _qualifies(rows[i], 2, names=True)), None)
    if header is None:
        return None
    if header + 1 < len(rows) and _is_sub_header(rows[header + 1], header, merged):
        return HeaderFound(header + 1, tuple(_columns(rows, header + 1, header, merged)))
    group: int | None = None
    if header > 0 and any(
        top == header - 1 and (right > left or bottom >= header)
        for (top, left), (bottom, right) in merged
    ):
        group = header - 1
    return HeaderFound(header, tuple(_columns(rows, header, group, merged)))


def _groups(
    rows: Sequence[Sequence[object]], group: int, header: list[str], merged: Merged
) -> list[str]:
    """The group heading over each column: from a merged range, else the cell above (and,
    in a file with no merges such as a CSV, the heading to the left carried over the columns
    that have a sub-header, as a merged heading is written there)."""
    above = [_text(v) for v in rows[group]]
    above += [""] * (len(header) - len(above))
    result = list(above[: len(header)])
    if merged:
        for (top, left), (bottom, right) in merged:
            if top <= group <= bottom:
                value = above[left] if left < len(above) else ""
                for col in range(left, min(right + 1, len(header))):
                    result[col] = value
        return result
    carried = ""
    for col, text in enumerate(result):
        if text:
            carried = text if header[col] else ""
        elif header[col] and carried:
            result[col] = carried
        else:
            carried = ""
    return result


def _columns(
    rows: Sequence[Sequence[object]], index: int, group: int | None, merged: Merged
) -> list[Column]:
    header = [_text(v) for v in rows[index]]
    width = max(len(header), max((len(r) for r in rows[index : index + 50]), default=0))
    header += [""] * (width - len(header))
    groups = _groups(rows, group, header, merged) if group is not None else [""] * width
    repeated = Counter(normalise_header(h) for h in header if h)
    chosen: list[tuple[int, str, HeaderMatch | None]] = []
    group_of: dict[int, str] = {}
    for position, sub in enumerate(header):
        heading = groups[position]
        if not sub:
            if not heading:
                continue
            chosen.append((position, heading, match_meaning(heading)))
            continue
        found = match_meaning(sub)
        if heading and normalise_header(heading) != normalise_header(sub):
            group_of[position] = heading
        if (
            heading
            and normalise_header(heading) != normalise_header(sub)
            and (found is None or repeated[normalise_header(sub)] > 1)
        ):
            combined = match_meaning(f"{heading} {sub}")
            chosen.append((position, f"{heading}: {sub}", combined or found))
            continue
        chosen.append((position, sub, found))
    chosen = _numbers_by_content(chosen, rows[index + 1 : index + 51])
    # Of two columns with one meaning, the stronger match is read (the first if equal).
    best: dict[Field, tuple[int, int]] = {}
    for position, _, found in chosen:
        if found is None or found.field in (None, Field.IGNORE):
            continue
        assert found.field is not None
        if found.field not in best or found.strength > best[found.field][0]:
            best[found.field] = (found.strength, position)
    columns = []
    for position, text, found in chosen:
        heading_over = group_of.get(position, "")
        if found is None or found.field is None:
            columns.append(Column(position, text, None, "", heading_over))
        elif found.field is not Field.IGNORE and best[found.field][1] != position:
            # Known, but another column says it better: left out, saying so.
            label = FIELD_LABELS[found.field]
            why = f"{found.reason}; another column is read as {label}, so not imported"
            columns.append(Column(position, text, Field.IGNORE, why, heading_over))
        else:
            columns.append(Column(position, text, found.field, found.reason, heading_over))
    return columns


_DBS_WORDS = frozenset({"dbs", "disclosure", "certificate", "enhanced"})
_CERTIFICATE_LIKE = re.compile(r"^\D{0,12}\d[\d\s-]{8,16}\d$")


def _numbers_by_content(
    chosen: list[tuple[int, str, HeaderMatch | None]], below: Sequence[Sequence[object]]
) -> list[tuple[int, str, HeaderMatch | None]]:
    """With no certificate column by its header, a column headed only "DBS" or "Enhanced
    DBS" whose cells are mostly certificate numbers is the certificate column."""
    if any(f is not None and f.field is Field.CERTIFICATE for _, _, f in chosen):
        return chosen
    for n, (position, text, found) in enumerate(chosen):
        if found is not None or not _DBS_WORDS & set(tokens(text)):
            continue
        cells = [r[position] for r in below if position < len(r) and r[position] not in (None, "")]
        numbers = sum(
            1
            for c in cells
            if (isinstance(c, int | float) and not isinstance(c, bool) and 10**8 <= c < 10**12)
            or (isinstance(c, str) and _CERTIFICATE_LIKE.match(c.strip()))
        )
        if cells and numbers * 2 > len(cells):
            match = HeaderMatch(Field.CERTIFICATE, ("dbs", "12-digit numbers below"), "", 2)
            chosen[n] = (position, text, match)
            return chosen
    return chosen


def apply_overrides(found: HeaderFound, overrides: dict[str, Field]) -> HeaderFound:
    """Change the mapping by header text (normalised), e.g. from --map or the GUI."""
    wanted = {normalise_header(k): v for k, v in overrides.items()}
    columns = []
    for column in found.columns:
        key = normalise_header(column.header)
        if key in wanted and wanted[key] != column.field:  # the same choice keeps its why
            columns.append(
                Column(
                    column.index,
                    column.header,
                    wanted[key],
                    "chosen for this provider",
                    column.group,
                )
            )
        else:
            columns.append(column)
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
            final.append(
                Column(column.index, column.header, None, "chosen for another column", column.group)
            )
        else:
            final.append(column)
    return HeaderFound(found.row, tuple(final))


def parse_field(name: str) -> Field:
    """A field from its name as typed on the command line (or its label)."""
    choices = ", ".join(f.value for f in Field)
    for field, label in FIELD_LABELS.items():
        if name.strip().casefold() == label.casefold():
            return field
    key = normalise_header(name).replace(" ", "_")
    if not key:
        raise ValueError(f"'{name}' is not a field; use one of: {choices}.")
    for field in Field:
        if key in (field.value, normalise_header(FIELD_LABELS[field]).replace(" ", "_")):
            return field
    matched = match_header(name)
    if matched is not None:
        return matched
    choices = ", ".join(f.value for f in Field)
    raise ValueError(f"'{name}' is not a field; use one of: {choices}.")
