"""The store tests use the readings tests' store, on SQLite and on PostgreSQL."""

from __future__ import annotations

from tests.readings.conftest import db_url, no_database_from_environment, pg_url, store

__all__ = ["db_url", "no_database_from_environment", "pg_url", "store"]
