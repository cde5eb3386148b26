"""Whose staff list is it: the provider guessed from the file name and the title rows
(issue 12, point 9)."""

from __future__ import annotations

import pytest

from bscp_monitor.dbs.provider_guess import ProviderGuess, guess_provider

KNOWN = ["Oakwood Youth Trust", "Oak", "Hilltop Fostering Ltd", "Éire Youth Trust"]


@pytest.mark.parametrize(
    ("file_name", "titles", "expected"),
    [
        # A provider in the register, named in a title row or the file name (whole words,
        # the longest that fits, in any case or accent folding).
        ("staff", ["OAKWOOD YOUTH TRUST - staff DBS log"],
         ("Oakwood Youth Trust", "a title row", True)),
        ("SCR_oakwood_youth_trust_2025", [], ("Oakwood Youth Trust", "the file name", True)),
        ("scr oak 2025", [], ("Oak", "the file name", True)),
        ("soaking", [], None),
        ("list", ["Single central record for éire youth trust"],
         ("Éire Youth Trust", "a title row", True)),
        # A new provider, read from a title row in the shapes providers write.
        ("staff", ["Single Central Record: Sunrise Care (children's homes)", "Exported 01/02/2025"],
         ("Sunrise Care", "a title row", False)),
        ("staff", ["Sunrise Care – Single Central Record"], ("Sunrise Care", "a title row", False)),
        ("staff", ["Riverside Volunteers DBS log as at 01/04/2025"],
         ("Riverside Volunteers", "a title row", False)),
        ("staff", ["Name", "Staff"], None),
        ("staff", ["Single central record"], None),
    ],
)  # fmt: skip
def test_guesses(file_name: str, titles: list[str], expected: tuple[str, str, bool] | None) -> None:
    guess = guess_provider(file_name, titles, KNOWN)
    assert guess == (ProviderGuess(*expected) if expected else None)
