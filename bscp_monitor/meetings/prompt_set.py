"""The safeguarding item's questions (BSCP standard S5), held as data in
``resources/safeguarding_prompts.json`` so a partnership can change the wording without code.

One de-duplicated set: the ten clause elements merged with the standing meeting questions.
Meetings keep the questions they were given (each meeting's prompts are stored with their
wording), so answers recorded under an earlier set stay readable as they were asked; each
question's ``replaces`` names the earlier set's keys it took over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from bscp_monitor.common.resource_files import resource_text

PROMPTS_FILE = "safeguarding_prompts.json"


@dataclass(frozen=True)
class SafeguardingPrompt:
    key: str
    topic: str
    question: str
    covers: tuple[int, ...] = ()  # the clause elements (1-10) it asks about
    replaces: tuple[str, ...] = ()  # keys of earlier sets' questions it took over


def parse_prompts(text: str) -> tuple[SafeguardingPrompt, ...]:
    """The prompt set in a file's text; ValueError saying what is wrong."""
    data = json.loads(text)
    prompts = tuple(
        SafeguardingPrompt(
            key=str(p["key"]),
            topic=str(p.get("topic", "")),
            question=" ".join(str(p["question"]).split()),
            covers=tuple(int(n) for n in p.get("covers", ())),
            replaces=tuple(str(k) for k in p.get("replaces", ())),
        )
        for p in data["prompts"]
    )
    keys = [p.key for p in prompts]
    if not prompts or len(set(keys)) != len(keys):
        raise ValueError(f"{PROMPTS_FILE}: the prompts need distinct keys ({', '.join(keys)}).")
    return prompts


@cache
def safeguarding_prompts() -> tuple[SafeguardingPrompt, ...]:
    """The prompt set shipped in resources/ (read once)."""
    return parse_prompts(resource_text(PROMPTS_FILE))

