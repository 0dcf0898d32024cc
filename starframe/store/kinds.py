"""What a database holds, counted by kind, in the words `db check` and an import both print.

`starframe db check` lists how many of each kind the database holds and `starframe readings
import` how many of each it added, so after a move the two can be compared line by line.
Drafts and action items are counted apart because a move that lost them would otherwise
still show the right number of readings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, func, select

from starframe.store import tables as t

KINDS: dict[str, str] = {
    "people": "people",
    "workers": "workers",
    "readings": "readings",
    "drafts": "drafts (among the readings)",
    "action_items": "action items",
    "audit_entries": "audit entries",
    "definitions": "definitions",
    "practice_sessions": "practice sessions",
    "practice_answers": "practice answers",
    "certificates": "certificates",
}
"""Key (as in `--json` output) → how it is printed."""


def database_counts(connection: Connection) -> dict[str, int]:
    """How many of each kind the database holds."""
    queries: dict[str, Any] = {
        "people": t.people,
        "workers": t.workers,
        "readings": t.readings,
        "drafts": select(t.readings).where(t.readings.c.status == "draft").subquery(),
        "action_items": t.actions,
        "audit_entries": t.audit,
        "definitions": t.definitions,
        "practice_sessions": t.practice_sessions,
        "practice_answers": t.practice_attempts,
        "certificates": t.practice_certificates,
    }
    from starframe.store.security import readable

    # A login that may not read a table (a worker and the practice tables) counts none.
    tables = {key: t.readings if key == "drafts" else source for key, source in queries.items()}
    return {
        key: connection.execute(select(func.count()).select_from(source)).scalar_one()
        if readable(connection, tables[key].name)
        else 0
        for key, source in queries.items()
    }


def describe(counts: Mapping[str, int]) -> str:
    """`3 people, 2 workers, …`: every kind, zeros too, so two lists line up."""
    return ", ".join(f"{counts.get(key, 0)} {label}" for key, label in KINDS.items())
