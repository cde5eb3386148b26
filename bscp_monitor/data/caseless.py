"""Names and references compared as people read them: whatever the case, and however the
accents were typed -- "Éire" with one character or with E and a combining accent (as some
systems copy it) is the same name. Unicode's canonical caseless match."""

from __future__ import annotations

import unicodedata


def caseless(text: str) -> str:
    """The form two texts share if they are the same name: NFD(casefold(NFD(text)))."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
