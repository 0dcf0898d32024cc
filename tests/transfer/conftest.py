"""The transfer tests move records between the readings tests' stores (SQLite, PostgreSQL)."""

from __future__ import annotations

from tests.readings.conftest import db_url, no_database_from_environment, pg_url, store

__all__ = ["db_url", "no_database_from_environment", "pg_url", "store"]
