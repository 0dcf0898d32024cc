"""Check a database without changing it.

`starframe db check` is what an administrator runs when something seems wrong, so it
reports everything it can (reachability, schema revision, SQLite's own integrity checks,
file permissions, how many records of each kind) instead of stopping at the first finding.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from starframe.store.database import (
    HEAD,
    current_revision,
    locate,
    make_engine,
    revision_state,
    unavailable,
)
from starframe.store.hidden_text import HiddenText, hidden_text
from starframe.store.kinds import database_counts
from starframe.store.security import PROTECTED, policy_state


@dataclass
class Health:
    shown: str
    backend: str
    revision: str | None = None
    state: str = "unknown"
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    policies: dict[str, object] | None = None
    """PostgreSQL: whether row-level security is installed (`security.py`), and how much."""
    hidden_text: list[HiddenText] = field(default_factory=list)
    """Fields stored before control characters were refused that hold them (shown escaped)."""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(value: str | None) -> Health:
    location = locate(value)
    health = Health(location.shown, "sqlite" if location.sqlite_path else "postgresql")
    path = location.sqlite_path
    if path is not None and not path.exists():
        health.problems.append(
            f"there is no database at {path} yet: it is created the first time a command "
            "uses it (or run `starframe db upgrade`)."
        )
        return health
    if path is not None:
        _permissions(path, health)
    engine = make_engine(location)
    try:
        with engine.connect() as connection:
            health.revision = current_revision(connection)
            health.state = revision_state(health.revision)
            if path is not None:
                _sqlite_checks(connection, health)
            else:
                connection.execute(text("SELECT 1"))
                if health.state == "current":
                    _policies(connection, health)
            connection.rollback()
        if health.state == "current":
            with engine.connect() as connection:
                health.counts = database_counts(connection)
                health.hidden_text = list(hidden_text(connection))
    except DBAPIError as exc:
        health.problems.append(str(unavailable(location, exc)))
    finally:
        engine.dispose()
    if health.state == "outdated":
        health.problems.append(
            f"schema revision {health.revision or 'none'} is older than this starframe's "
            f"{HEAD}: run `starframe db upgrade` (any command that writes also upgrades it)."
        )
    elif health.state == "newer":
        health.problems.append(
            f"schema revision {health.revision} was written by a newer starframe: upgrade "
            "starframe before using this database."
        )
    return health


def _policies(connection: Connection, health: Health) -> None:
    state = policy_state(connection)
    health.policies = {
        "installed": state.installed,
        "tables": state.tables,
        "of_tables": len(PROTECTED),
        "policies": state.policies,
    }
    if state.installed:
        health.notes.append(
            f"row-level security on: {state.policies} policies on {state.tables} tables"
        )
    else:
        health.notes.append(
            f"warning: row-level security is not installed ({state.tables} of "
            f"{len(PROTECTED)} tables): everyone who can connect sees and changes everything. "
            "On a database several workers share, the owner should run `starframe db secure`."
        )


def _permissions(path: Path, health: Health) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        health.problems.append(
            f"{path} can be read by other users of this computer (mode {mode:o}): it holds "
            f"personal data, so run `chmod 600 {path}`."
        )


def _sqlite_checks(connection: Connection, health: Health) -> None:
    integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        health.problems.append("SQLite integrity check failed: " + "; ".join(integrity[:5]))
    broken = list(connection.exec_driver_sql("PRAGMA foreign_key_check"))
    if broken:
        health.problems.append(f"{len(broken)} row(s) refer to records that do not exist.")
    mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    health.notes.append(f"journal mode {mode}")
