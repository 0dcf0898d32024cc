"""Alembic migrations of the readings schema; a package so they ship with starframe."""
