"""Move the audit log through a whole-database export: out of one database, into another.

The log has no natural key (two identical changes in one microsecond are two entries), so an
entry equal in every field to one already recorded is that entry: importing a file again adds
nothing, and an entry the file holds twice is added twice, once. Entries are written in the
file's order, which is the order they were made in, and before the import's own entries, so
`starframe db audit` lists a moved log in its original order. The log's integer ids are
not carried: they only order the entries, and the destination numbers its own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from starframe.readings.models import AuditRecord
from starframe.store import tables as t
from starframe.store.bulk import insert_many
from starframe.store.values import utc

EntryKey = tuple[Any, ...]
"""Every stored field of an entry but its id, as the database holds it."""


def audit_records(connection: Connection) -> list[AuditRecord]:
    """Every entry, in the order it was written."""
    a = t.audit.c
    return [
        AuditRecord.model_construct(
            at=utc(row.at).astimezone(dt.UTC),
            action=row.action,
            person=row.person_code,
            reading=row.reading_id,
            details=json.loads(row.details),
            reason=row.reason,
            actor=row.actor,
        )
        for row in connection.execute(select(t.audit).order_by(a.id))
    ]


def import_audit(connection: Connection, entries: Sequence[AuditRecord]) -> tuple[int, int]:
    """Append the entries not yet in the log; returns (added, already present)."""
    if not entries:
        return 0, 0
    present = Counter(_key(_row(entry)) for entry in audit_records(connection))
    fresh: list[dict[str, Any]] = []
    for entry in entries:
        row = _row(entry)
        key = _key(row)
        if present[key]:
            present[key] -= 1
        else:
            fresh.append(row)
    insert_many(connection, t.audit, fresh)
    return len(fresh), len(entries) - len(fresh)


def _row(entry: AuditRecord) -> dict[str, Any]:
    return {
        "at": entry.at,
        "action": entry.action,
        "person_code": entry.person,
        "reading_id": entry.reading,
        # As `Writer.audit` writes it, so a moved entry is stored byte for byte as it was.
        "details": json.dumps(entry.details, sort_keys=True),
        "reason": entry.reason,
        "actor": entry.actor,
    }


def _key(row: dict[str, Any]) -> EntryKey:
    return (
        utc(row["at"]),
        row["action"],
        row["person_code"],
        row["reading_id"],
        row["details"],
        row["reason"],
        row["actor"],
    )
