"""Lines under (or inside) a staff table that are not staff rows: notes, totals, signature
blocks ("Signed: ____  Date: ____"), lines of underscores, a single line of text after a
blank row. They are reported as notes, never judged as people, never sent back as rejects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bscp_monitor.dbs.values import CellError, masked_text, parse_name

# Labels that begin a note whatever follows them.
_CLEAR_LABEL = re.compile(
    r"^\W*(signed|signature|sign(ed)? off|countersigned|checked by|completed by|verified by|"
    r"reviewed by|approved by|authori[sz]ed by|prepared by|compiled by|updated by|"
    r"print(ed)? name|total|totals|grand total|sub-?total|count|number of|no\. of|notes?|"
    r"nb|n\.b|key|last updated|last reviewed|date updated|updated on|please|source|"
    r"\*|end of|headteacher|head teacher|designated safeguarding lead|dsl)\b",
    re.IGNORECASE,
)
# Labels that begin a note only as a label ("Date:", "Name: ____", "Position ____").
_FORM_LABEL = re.compile(
    r"^\W*(date|name|position|role|job title|title|on behalf of|organisation|provider)"
    r"\s*(:|_{2,}|\.{3,}|$)",
    re.IGNORECASE,
)
_LINE = re.compile(r"^[\s_.\-=~*]{3,}$")
# A heading over a group of staff inside the table ("Teaching staff", "Supply staff").
_SECTION = re.compile(
    r"\b(staff|volunteers|governors|trustees|contractors|agency|supply|team|department|"
    r"section|employees|workers|personnel|teachers|leavers|starters|sessional)\b",
    re.IGNORECASE,
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def note_text(cells: Sequence[object], after_blank: bool, name_column: int | None) -> str | None:
    """The row's text when it is a note and not a staff row, else None.

    A note: every cell a label of a signature block, a total or a note (a number after a
    "Total" label too), or a line; or one cell of text after a blank row; or one cell of text
    that is no person's name (in the name column or elsewhere), such as a sentence.
    Anything else -- however wrong -- looks like a person's row, and is judged as one.
    """
    filled = [(i, v) for i, v in enumerate(cells) if not _blank(v)]
    if not filled:
        return None
    first = filled[0][1]
    if not isinstance(first, str):
        return None
    text = " ".join(first.split())
    clear = _CLEAR_LABEL.match(text) is not None
    if clear or _FORM_LABEL.match(text) or _LINE.match(text):
        rest_are_labels = all(
            isinstance(v, str) and (_CLEAR_LABEL.match(v) or _FORM_LABEL.match(v) or _LINE.match(v))
            for _, v in filled[1:]
        )
        # A total with its number is a note; a "Total" with a whole row of checks beside it
        # looks like a person's row, and is judged as one.
        if rest_are_labels or (clear and len(filled) <= 2):
            return _quoted(filled)
    if len(filled) == 1:
        if after_blank:
            return _quoted(filled)
        index = filled[0][0]
        words = text.split()
        if (
            len(words) >= 5
            or text.endswith((".", ":", "!", "?"))
            or index != name_column
            or _SECTION.search(text)
        ):
            return _quoted(filled)
        try:
            parse_name(text)
        except CellError:
            return _quoted(filled)
    return None


def _quoted(filled: list[tuple[int, object]]) -> str:
    text = " ".join(masked_text(v) for _, v in filled)
    return text if len(text) <= 80 else text[:77] + "…"
