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
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, select, text

from starframe.readings.models import AuditRecord
from starframe.readings.rows import trusted
from starframe.store import tables as t
from starframe.store.bulk import insert_many
from starframe.store.values import in_utc, utc

BATCH = 5_000
_KNOWN_DETAILS = 1_000
"""Distinct details texts an export keeps read at once (`audit_documents`)."""
EntryKey = tuple[Any, ...]
"""Every stored field of an entry but its id, as the database holds it."""


def audit_records(connection: Connection) -> Iterator[AuditRecord]:
    """Every entry, in the order it was written, read as it is handed on (a log of a million
    entries is never held whole)."""
    a = t.audit.c
    query = select(t.audit).order_by(a.id).execution_options(yield_per=BATCH)
    for row in connection.execute(query):
        yield trusted(
            AuditRecord,
            starframe=1,
            kind="audit-entry",
            at=utc(row.at).astimezone(dt.UTC),
            action=row.action,
            person=row.person_code,
            reading=row.reading_id,
            details=json.loads(row.details),
            reason=row.reason,
            actor=row.actor,
        )


def audit_documents(connection: Connection) -> Iterator[dict[str, Any]]:
    """`audit_records`, each as its `model_dump(mode="json", exclude_none=True)`, straight
    from its row: a whole-database export of a million readings carries over a million."""
    from starframe.readings.export_rows import Moments

    # Most entries repeat another's details (`{"edition": "1.0", "star": "justice"}` for each
    # reading imported): each text is read once. Only encoded, never changed, so shared.
    read: dict[str, Any] = {}
    moment = Moments()  # and an import's entries share their time
    a = t.audit.c
    for at, action, person, reading, details, reason, actor in connection.execute(
        select(a.at, a.action, a.person_code, a.reading_id, a.details, a.reason, a.actor)
        .order_by(a.id)
        .execution_options(yield_per=BATCH)
    ):
        entry: dict[str, Any] = {
            "starframe": 1,
            "kind": "audit-entry",
            "at": moment(at),
            "action": action,
        }
        if person is not None:
            entry["person"] = person
        if reading is not None:
            entry["reading"] = reading
        found = read.get(details)
        if found is None:
            if len(read) >= _KNOWN_DETAILS:
                read.clear()
            found = read[details] = json.loads(details)
        entry["details"] = found
        if reason is not None:
            entry["reason"] = reason
        if actor is not None:
            entry["actor"] = actor
        yield entry


def import_audit(connection: Connection, entries: Iterable[AuditRecord]) -> tuple[int, int]:
    """Append the entries not yet in the log; returns (added, already present).

    The log already held is counted once, as digests of its entries (16 bytes each), only
    when the file holds a log at all.
    """
    moving = connection.dialect.name == "postgresql"
    if moving:
        # A secured database's trigger keeps a moved entry's actor only for the owner or a
        # lead (`store/security.py`); others' entries record their login, or are refused.
        connection.execute(text("SELECT set_config('starframe.moved_log', 'on', true)"))
    try:
        added, given = _append(connection, entries)
    finally:
        if moving:
            connection.execute(text("SELECT set_config('starframe.moved_log', 'off', true)"))
    return added, given - added


def _append(connection: Connection, entries: Iterable[AuditRecord]) -> tuple[int, int]:
    present: Counter[bytes] | None = None
    added = given = 0
    fresh: list[dict[str, Any]] = []
    for entry in entries:
        if present is None:
            present = Counter(_digest(_key(_row(e))) for e in audit_records(connection))
        given += 1
        row = _row(entry)
        key = _digest(_key(row))
        if present[key]:
            present[key] -= 1
        else:
            fresh.append(row)
        if len(fresh) >= BATCH:
            insert_many(connection, t.audit, fresh)
            added += len(fresh)
            fresh = []
    insert_many(connection, t.audit, fresh)
    added += len(fresh)
    return added, given


def _digest(key: EntryKey) -> bytes:
    return hashlib.blake2b(repr(key).encode(), digest_size=16).digest()


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
        in_utc(row["at"]),
        row["action"],
        row["person_code"],
        row["reading_id"],
        row["details"],
        row["reason"],
        row["actor"],
    )
