"""Persistence, the bottom of the core: SQLAlchemy 2 models, the store (engine and short
sessions, which turn every database failure into one DatabaseError), the SQLite and
PostgreSQL dialects and Alembic migrations.

May import: nothing of BSCP Monitor above it (SQLAlchemy, Alembic, the standard library).
Only the core imports it; the UI uses `common.enums`, `common.database` and
`common.errors` instead."""
