"""Alembic environment: runs on the connection the store hands over (see store.py)."""

from __future__ import annotations

from alembic import context

from bscp_monitor.data.dialect import install_functions
from bscp_monitor.data.models import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # pragma: no cover - only for `alembic` run by hand
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://").connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    # The SQL functions the queries call (PostgreSQL's casefold): CREATE OR REPLACE, so a
    # database at any revision has them afterwards.
    install_functions(connection)
    context.run_migrations()
