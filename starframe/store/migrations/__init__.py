"""Alembic migrations of the database schema; a package so they ship with starframe."""
