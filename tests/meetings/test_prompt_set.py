"""The safeguarding questions: one de-duplicated set held as data in resources/, each clause
element asked once; a meeting keeps the wording it was given."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bscp_monitor.data.models import PromptResponse
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.prompt_set import parse_prompts, safeguarding_prompts
from bscp_monitor.standards import CLAUSE_ELEMENTS
from tests.registers import make_contract

OLD_KEYS = [f"clause_{n}" for n in range(1, 11)] + [
    "concerns", "referrals", "allegations_lado", "dbs_safer_recruitment", "training",
    "bscp_messages", "exploitation_peer_abuse",
]  # fmt: skip


def test_every_clause_element_is_asked_once_and_every_topic_once() -> None:
    prompts = safeguarding_prompts()
    covered = sorted(n for p in prompts for n in p.covers)
    assert covered == [e.number for e in CLAUSE_ELEMENTS]
    assert [p.topic for p in prompts] == [
        "Concerns and referrals",
        "Allegations and the LADO",
        "Safer recruitment and DBS",
        "Induction and training",
        "Policies and guidance",
        "Whistleblowing",
        "BSCP messages and practice-review lessons",
        "Exploitation and peer-on-peer abuse",
        "Voice of the child",
    ]
    questions = [p.question.casefold() for p in prompts]
    assert len(set(questions)) == len(questions)
    assert sum("lado" in q for q in questions) == 1
    assert sum("dbs" in q for q in questions) == 1


def test_each_question_of_the_earlier_set_was_taken_over_once() -> None:
    taken = [k for p in safeguarding_prompts() for k in (p.key, *p.replaces) if k in OLD_KEYS]
    assert sorted(taken) == sorted(OLD_KEYS)


def test_the_wording_is_data() -> None:
    text = '{"prompts": [{"key": "a", "topic": "A", "question": "First  question?"}]}'
    (prompt,) = parse_prompts(text)
    assert (prompt.key, prompt.topic, prompt.question) == ("a", "A", "First question?")
    with pytest.raises(ValueError, match="distinct keys"):
        parse_prompts('{"prompts": [{"key": "a", "question": "?"}, {"key": "a", "question": "?"}]}')


def test_a_meeting_keeps_the_questions_it_was_given(store: Store) -> None:
    meeting = meetings.schedule_meeting(
        store, make_contract(store), datetime(2025, 1, 7, 10, tzinfo=UTC)
    )
    item_id = meetings.get_meeting(store, meeting.id).safeguarding_item.id
    with store.session() as session:  # as a database made before the set was merged holds it
        for prompt in session.query(PromptResponse).filter_by(agenda_item_id=item_id):
            session.delete(prompt)
        session.add(
            PromptResponse(
                agenda_item_id=item_id,
                position=1,
                key="referrals",
                question="How many referrals were made to children's social care?",
                response="Two, both accepted.",
            )
        )
    (kept,) = meetings.get_meeting(store, meeting.id).safeguarding_item.prompts
    assert (kept.key, kept.question, kept.response) == (
        "referrals",
        "How many referrals were made to children's social care?",
        "Two, both accepted.",
    )
