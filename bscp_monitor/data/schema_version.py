"""The schema revisions this build knows, oldest first, so opening a database needs no Alembic.

tests/data/test_migrations.py checks this list against the Alembic scripts.
"""

from __future__ import annotations

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_register",
    "0002_meetings_dbs_quality",
    "0003_app_settings",
    "0004_fast_enum_checks",
    "0005_dbs_standing",
    "0006_meeting_indexes",
    "0007_dbs_tally",
    "0008_minuted_metrics",
    "0009_minuted_actions",
    "0010_email_and_invites",
    "0011_approved_at_meeting",
    "0012_dbs_current_certificate",
    "0013_attachments",
    "0014_search_index",
    "0015_versions_and_holds",
    "0016_merged_prompts",
    "0017_more_versions",
    "0018_clause_versions",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
