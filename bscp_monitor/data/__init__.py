"""Persistence: SQLAlchemy 2 models, the store (engine and sessions) and Alembic migrations."""
