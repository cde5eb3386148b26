"""Alembic migration environment for the BSCP Monitor schema."""
