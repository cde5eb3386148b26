"""Enum CHECK constraints rewritten from ``col IN (...)`` to ``col = 'a' OR col = 'b' ...``.

SQLite evaluates ``IN (list)`` in a CHECK by building a throwaway table for every row
written, which made bulk inserts (a DBS import) twice as slow; the OR form is as strict and
almost free. Same constraint names, same values; every table holding one is rebuilt
(batch mode, recreate="always") and keeps its data, indexes and other constraints.

Rebuilding drops each old table, and with foreign keys enforced SQLite would first delete its
rows, cascading to the tables that refer to it: the store runs migrations with foreign keys
off (checking them all afterwards). Should they be on here, this migration stops before
changing anything unless the tables it rebuilds are empty.

Revision ID: 0004_fast_enum_checks
Revises: 0003_app_settings
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_fast_enum_checks"
down_revision = "0003_app_settings"
branch_labels = None
depends_on = None

# As they stand at this revision (not imported from the models, which may change later):
# table -> {column: allowed values}; each constraint is named ck_<table>_<column>.
ENUM_CHECKS: dict[str, dict[str, tuple[str, ...]]] = {
    "audit_event": {"action": ("create", "update", "archive", "restore", "reveal", "import")},
    "contract": {
        "status": ("draft", "active", "extended", "ended", "decommissioned"),
        "risk_level": ("low", "medium", "high"),
    },
    "clause_check": {"status": ("not_assessed", "present", "partial", "missing")},
    "contract_variation": {"kind": ("extension", "variation")},
    "self_assessment": {
        "stage": ("tender", "periodic", "ad_hoc"),
        "outcome": ("red", "amber", "green"),
    },
    "meeting": {"status": ("planned", "in_progress", "draft_minutes", "approved")},
    "metric_definition": {
        "unit": ("count", "percentage", "days", "pounds"),
        "direction": ("higher", "lower"),
        "frequency": ("monthly", "quarterly"),
    },
    "staff_member": {"contact_level": ("direct", "regular", "occasional", "none")},
    "thematic_check": {"rag": ("red", "amber", "green")},
    "agenda_item": {"kind": ("standard", "safeguarding", "actions_review", "performance")},
    "attendee": {"attendance": ("present", "apologies", "absent")},
    "dbs_check": {
        "level": ("basic", "standard", "enhanced", "enhanced_barred", "unknown"),
        "barred_list": ("none", "children", "adults", "both"),
    },
    "action": {"status": ("open", "in_progress", "done", "dropped")},
    "action_update": {"status": ("open", "in_progress", "done", "dropped")},
}


def _or_form(column: str, values: tuple[str, ...]) -> str:
    return " OR ".join(f"{column} = '{value}'" for value in values)


def _in_form(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _refuse_cascading_drops() -> None:
    """Stop if dropping a table could delete rows elsewhere (foreign keys enforced)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if not bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        return
    for table in ENUM_CHECKS:
        if bind.exec_driver_sql(f"SELECT EXISTS (SELECT 1 FROM {table})").scalar():
            raise RuntimeError(
                "Migration 0004_fast_enum_checks rebuilds tables, which must run with SQLite's "
                "foreign keys off (PRAGMA foreign_keys=OFF) or it would delete rows. "
                "Open the database with BSCP Monitor, which does so."
            )


def _rebuild(form: str) -> None:
    _refuse_cascading_drops()
    render = _or_form if form == "or" else _in_form
    if op.get_bind().dialect.name != "sqlite":  # a server alters a constraint in place
        for table, columns in ENUM_CHECKS.items():
            for column, values in columns.items():
                name = op.f(f"ck_{table}_{column}")
                op.drop_constraint(name, table, type_="check")
                op.create_check_constraint(name, table, sa.text(render(column, values)))
        return
    for table, columns in ENUM_CHECKS.items():
        with op.batch_alter_table(
            table, recreate="always", reflect_kwargs={"resolve_fks": False}
        ) as batch_op:
            for column, values in columns.items():
                name = op.f(f"ck_{table}_{column}")
                batch_op.drop_constraint(name, type_="check")
                batch_op.create_check_constraint(name, sa.text(render(column, values)))


def upgrade() -> None:
    _rebuild("or")


def downgrade() -> None:
    _rebuild("in")
