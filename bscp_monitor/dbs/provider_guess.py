"""Whose staff list is this? A guess from the file name and the rows above the table, for
the import dialog to fill in and the user to confirm."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bscp_monitor.common.caseless import caseless

#: What providers call the list, in a title row or a file name.
_LIST = (
    r"(?:single\s+central\s+record|scr|dbs\s+(?:log|register|checks?|records?)|"
    r"staff\s+(?:list|register)|safer\s+recruitment\s+(?:record|log)|volunteers?'?\s+log)"
)
_AFTER = re.compile(rf"^\W*{_LIST}\W*(?:[:\-–—|]|\bfor\b|\bof\b|\bat\b)\s*(?P<name>.+)$", re.I)
_BEFORE = re.compile(rf"^\W*(?P<name>.+?)\s*[:\-–—|]?\s*{_LIST}\b", re.I)
#: Where a provider's name in a title ends: a bracket, a date, "as at", "exported" ...
_TAIL = re.compile(
    r"\s*(?:[(\[]|\b(?:as\s+(?:at|of)|exported|updated|printed|confidential|dated?)\b|"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|[-–—|:]\s).*$",
    re.I,
)


@dataclass(frozen=True)
class ProviderGuess:
    name: str
    source: str  # "the file name" or "a title row", for the note the user reads
    known: bool  # a provider already in the register


def _words(text: str) -> str:
    return " " + " ".join(re.sub(r"[\W_]+", " ", caseless(text)).split()) + " "


def _name_in_title(title: str) -> str | None:
    for shape in (_AFTER, _BEFORE):
        found = shape.match(title.strip())
        if found:
            name = _TAIL.sub("", found.group("name")).strip(" .,;:-–—'\"")
            if 3 <= len(name) <= 80 and re.search(r"[^\W\d_]{2}", name):
                return name
    return None


def guess_provider(
    file_name: str, titles: Sequence[str], known: Sequence[str]
) -> ProviderGuess | None:
    """A provider already known, named in a title row or the file name (the longest name
    that fits, as whole words); else a name read from a title row such as "Single Central
    Record: Sunrise Care (children's homes)"; None if nothing fits."""
    by_length = sorted(known, key=len, reverse=True)
    for source, texts in (("a title row", titles), ("the file name", [file_name])):
        for text in texts:
            words = _words(text)
            for name in by_length:
                if _words(name).strip() and _words(name) in words:
                    return ProviderGuess(name, source, True)
    for title in titles:
        found = _name_in_title(title)
        if found is not None:
            folded = caseless(found)
            same = next((k for k in known if caseless(k) == folded), None)
            return ProviderGuess(same or found, "a title row", same is not None)
    return None
