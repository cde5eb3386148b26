"""Meetings and actions, the DBS register and imports, metrics and thematic checks.

Revision ID: 0002_meetings_dbs_quality
Revises: 0001_register
"""

from __future__ import annotations

import sqlalchemy as sa

from bscp_monitor.data.dialect import TwelveDigits
from alembic import op

revision = "0002_meetings_dbs_quality"
down_revision = "0001_register"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("column_mapping", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider.id"],
            name=op.f("fk_import_batch_provider_id_provider"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("chair", sa.String(length=200), nullable=False),
        sa.Column("minute_taker", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "draft_minutes",
                "approved",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("approved_by", sa.String(length=200), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("next_meeting_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_meeting_contract_id_contract"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    op.create_table(
        "metric_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "unit",
            sa.Enum(
                "count",
                "percentage",
                "days",
                "pounds",
                name="unit",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column(
            "direction",
            sa.Enum(
                "higher",
                "lower",
                name="direction",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("amber_threshold", sa.Float(), nullable=True),
        sa.Column("red_threshold", sa.Float(), nullable=True),
        sa.Column(
            "frequency",
            sa.Enum(
                "monthly",
                "quarterly",
                name="frequency",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("safeguarding", sa.Boolean(), nullable=False),
        sa.Column("computed_key", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_metric_definition_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_definition")),
    )
    op.create_table(
        "staff_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("normalised_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column(
            "contact_level",
            sa.Enum(
                "direct",
                "regular",
                "occasional",
                "none",
                name="contact_level",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_staff_member_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider.id"],
            name=op.f("fk_staff_member_provider_id_provider"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_member")),
    )
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_member_normalised_name"), ["normalised_name"], unique=False
        )

    op.create_table(
        "thematic_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=120), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column(
            "rag",
            sa.Enum(
                "red",
                "amber",
                "green",
                name="rag",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_thematic_check_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thematic_check")),
    )
    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "standard",
                "safeguarding",
                "actions_review",
                "performance",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("discussion", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_agenda_item_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    op.create_table(
        "attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column(
            "attendance",
            sa.Enum(
                "present",
                "apologies",
                "absent",
                name="attendance",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_attendee_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendee")),
    )
    op.create_table(
        "dbs_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.Column("certificate_number", sa.String(length=12), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "basic",
                "standard",
                "enhanced",
                "enhanced_barred",
                "unknown",
                name="level",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "barred_list",
            sa.Enum(
                "none",
                "children",
                "adults",
                "both",
                name="barred_list",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("barred_list_checked_on", sa.Date(), nullable=True),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("expiry_from_provider", sa.Boolean(), nullable=False),
        sa.Column("update_service", sa.Boolean(), nullable=False),
        sa.Column("update_service_checked_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            TwelveDigits("certificate_number"),  # GLOB on SQLite, a regex on PostgreSQL
            name=op.f("ck_dbs_check_certificate_twelve_digits"),
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_dbs_check_import_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_member.id"],
            name=op.f("fk_dbs_check_staff_member_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dbs_check")),
    )
    with op.batch_alter_table("dbs_check", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dbs_check_certificate_number"), ["certificate_number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dbs_check_staff_member_id"), ["staff_member_id"], unique=False
        )

    op.create_table(
        "metric_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["metric_definition.id"],
            name=op.f("fk_metric_entry_definition_id_metric_definition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_metric_entry_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_entry")),
        sa.UniqueConstraint("definition_id", "period_start", name="uq_metric_entry_period"),
    )
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("thematic_check_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("owner_organisation", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in_progress",
                "done",
                "dropped",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(status IN ('done', 'dropped')) OR completed_on IS NULL",
            name=op.f("ck_action_completed_only_when_closed"),
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_action_agenda_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_action_contract_id_contract"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_action_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thematic_check_id"],
            ["thematic_check.id"],
            name=op.f("fk_action_thematic_check_id_thematic_check"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    op.create_table(
        "prompt_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("concern", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_prompt_response_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prompt_response")),
        sa.UniqueConstraint("agenda_item_id", "key", name="uq_prompt_response_item_key"),
    )
    op.create_table(
        "action_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in_progress",
                "done",
                "dropped",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_update_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_action_update_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_update")),
    )


def downgrade() -> None:
    op.drop_table("action_update")
    op.drop_table("prompt_response")
    op.drop_table("action")
    op.drop_table("metric_entry")
    with op.batch_alter_table("dbs_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dbs_check_staff_member_id"))
        batch_op.drop_index(batch_op.f("ix_dbs_check_certificate_number"))

    op.drop_table("dbs_check")
    op.drop_table("attendee")
    op.drop_table("agenda_item")
    op.drop_table("thematic_check")
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_member_normalised_name"))

    op.drop_table("staff_member")
    op.drop_table("metric_definition")
    op.drop_table("meeting")
    op.drop_table("import_batch")
