"""Planned meetings take the merged safeguarding questions.

The safeguarding item's questions were merged into one set asked once each
(resources/safeguarding_prompts.json, meetings/prompt_set.py). A meeting keeps the questions
it was given -- so answers stay as they were asked -- except a meeting still planned with no
answer and no concern flagged on its safeguarding item: its questions become the merged set
(as scheduled today). Nothing else changes; downgrading leaves the questions as they are.

Revision ID: 0016_merged_prompts
Revises: 0015_versions_and_holds
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0016_merged_prompts"
down_revision = "0015_versions_and_holds"
branch_labels = None
depends_on = None


def _merged_set() -> list[tuple[str, str]]:
    """(key, question) of the set shipped in resources/ (read here, as the data layer
    imports nothing above it)."""
    try:
        text = (resources.files("bscp_monitor.resources") / "safeguarding_prompts.json").read_text(
            encoding="utf-8"
        )
    except (ModuleNotFoundError, FileNotFoundError):
        root = Path(__file__).resolve().parents[4]
        text = (root / "resources" / "safeguarding_prompts.json").read_text(encoding="utf-8")
    return [
        (str(p["key"]), " ".join(str(p["question"]).split())) for p in json.loads(text)["prompts"]
    ]


def upgrade() -> None:
    merged = _merged_set()
    conn = op.get_bind()
    items = conn.execute(
        sa.text(
            "SELECT agenda_item.id FROM agenda_item JOIN meeting ON meeting.id = "
            "agenda_item.meeting_id WHERE meeting.status = 'planned' "
            "AND agenda_item.kind = 'safeguarding'"
        )
    ).scalars()
    current = [key for key, _question in merged]
    for item_id in list(items):
        rows = conn.execute(
            sa.text("SELECT key, response, concern FROM prompt_response WHERE agenda_item_id = :i"),
            {"i": item_id},
        ).all()
        if any((r.response or "").strip() or r.concern for r in rows):
            continue  # something recorded: the meeting keeps its questions
        if sorted(r.key for r in rows) == sorted(current):
            continue  # already the merged set
        conn.execute(
            sa.text("DELETE FROM prompt_response WHERE agenda_item_id = :i"), {"i": item_id}
        )
        for position, (key, question) in enumerate(merged, start=1):
            conn.execute(
                sa.text(
                    "INSERT INTO prompt_response "
                    "(agenda_item_id, position, key, question, response, concern) "
                    "VALUES (:i, :p, :k, :q, '', :c)"
                ),
                {"i": item_id, "p": position, "k": key, "q": question, "c": False},
            )


def downgrade() -> None:
    pass  # the questions a meeting was given are its own: nothing to undo
