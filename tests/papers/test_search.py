"""Search: what was said (discussion, decisions, prompt answers, actions, updates) found
through the full-text index with English stemming, kept current as text is written,
changed and deleted; names of contracts, providers, staff and attendees; each hit in
context with the ids to open it; nothing found and odd input handled."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from bscp_monitor.cli.main import main
from bscp_monitor.data.enums import ActionStatus
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.papers.search import search, snippet
from tests.registers import make_contract, meeting_under_way


def _kinds(store: Store, text: str) -> list[tuple[str, str]]:
    return [(h.kind, h.snippet) for h in search(store, text)]


def test_what_was_said_is_found_by_stem(store: Store) -> None:
    meeting_id = meeting_under_way(
        store, make_contract(store), date(2026, 3, 2),
        discussion="The provider described its safeguarding arrangements in detail.",
    )  # fmt: skip
    detail = meetings.get_meeting(store, meeting_id)
    item = detail.safeguarding_item
    hits = search(store, "safeguard")
    assert [(h.kind, h.meeting_id, h.agenda_item_id) for h in hits] == [
        ("minutes", meeting_id, item.id)
    ]
    assert hits[0].where == "ECHS-CSE-0114 · meeting of 02/03/2026 · Safeguarding"
    assert "safeguarding arrangements" in hits[0].snippet

    prompt = item.prompts[0]
    agenda.update_prompt(store, prompt.id, response="Two referrals to the LADO were made.")
    action = actions.raise_action(store, meeting_id, item.id, "Chase the LADO referral", "Tom")
    actions.update_action(store, action.id, ActionStatus.IN_PROGRESS, "Referral acknowledged")
    kinds = sorted(h.kind for h in search(store, "referrals"))
    assert kinds == ["action", "action update", "prompt answer"]

    # kept current: a changed answer is found by its new words only
    agenda.update_prompt(store, prompt.id, response="No concerns this quarter.")
    assert sorted(h.kind for h in search(store, "referral")) == ["action", "action update"]
    assert [h.kind for h in search(store, "quarter")] == ["prompt answer"]


def test_names_and_odd_input(store: Store) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    meetings.add_attendee(store, meeting_id, "Łukasz Wróbel", "Barnardo's")
    assert [h.kind for h in search(store, "łukasz")] == ["attendee"]
    assert [h.kind for h in search(store, "LUKASZ")] == []  # other letters are other names
    assert [h.kind for h in search(store, "barnardo")] == ["provider"]
    assert [h.kind for h in search(store, "ECHS-CSE-0114")][:1] == ["contract"]
    for odd in ("", "   ", '"', "AND OR NOT", "(*)", "a\x00b", "x" * 500):
        search(store, odd)  # never an error
    assert search(store, "zzzz") == []


def test_snippet_shows_the_words_in_context() -> None:
    text = "word " * 40 + "the safeguarding policy was reviewed " + "word " * 40
    shown = snippet(text, ["safeguard"])
    assert shown.startswith("…")
    assert shown.endswith("…")
    assert "the safeguarding policy was reviewed" in shown


def test_search_command(
    store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_under_way(store, make_contract(store), date(2026, 3, 2),
                      discussion="Safeguarding training is behind.")  # fmt: skip
    store.close()
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(db_path, copy)
    assert main(["--db", str(copy), "search", "training", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [h["kind"] for h in document["hits"]] == ["minutes"]
    assert document["hits"][0]["snippet"] == "Safeguarding training is behind."
    assert main(["--db", str(copy), "search", "nothing-like-it"]) == 0
    assert capsys.readouterr().out.strip() == "Nothing found for “nothing-like-it”."


def test_the_same_hits_on_sqlite_and_postgresql(store_on_both: Store) -> None:
    store = store_on_both
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2),
                                   discussion="Safeguarding training is behind.")  # fmt: skip
    item = meetings.get_meeting(store, meeting_id).safeguarding_item
    actions.raise_action(store, meeting_id, item.id, "Send the training matrix", "Tom")
    assert [h.kind for h in search(store, "safeguard")] == ["minutes"]
    assert sorted(h.kind for h in search(store, "train")) == ["action", "minutes"]
