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

from sqlalchemy import Connection, select, text, type_coerce

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


def audit_lines(connection: Connection) -> Iterator[list[str]]:
    """The JSON Lines line of each entry of `audit_records`, as `ENCODE` writes its
    `model_dump(mode="json", exclude_none=True)`, a batch at a time, straight from its row: a
    whole-database export of a million readings carries over a million.

    An entry's line is texts made once joined with its own few: most entries repeat another's
    action and details (`{"edition": "1.0", "star": "justice"}` for each reading imported) and
    an import's entries share their time, so each is encoded once. The time is read as the
    driver gives it and made a datetime only when it changes (SQLite keeps text, whose parsing
    was a third of the cost).
    """
    from json.encoder import encode_basestring as text_of  # what `ENCODE` writes a str with

    from sqlalchemy.types import NullType

    from starframe.readings.export_rows import ENCODE, moment

    a = t.audit.c
    as_stored = a.at.type.dialect_impl(connection.dialect).result_processor(
        connection.dialect, None
    )
    heads: dict[tuple[Any, str], str] = {}
    details_of: dict[str, str] = {}
    query = select(
        type_coerce(a.at, NullType()), a.action, a.person_code, a.reading_id, a.details
    ).add_columns(a.reason, a.actor)
    result = connection.execute(query.order_by(a.id).execution_options(yield_per=BATCH))
    for rows in result.partitions():
        lines = []
        for at, action, person, reading, details, reason, actor in rows:
            head = heads.get((at, action))
            if head is None:
                if len(heads) >= _KNOWN_DETAILS:
                    heads.clear()
                stamp: Any = at if as_stored is None else as_stored(at)
                head = heads[(at, action)] = (
                    '{"starframe":1,"kind":"audit-entry","at":'
                    + ENCODE(moment(in_utc(stamp)))
                    + ',"action":'
                    + text_of(action)
                )
            shown = details_of.get(details)
            if shown is None:
                if len(details_of) >= _KNOWN_DETAILS:
                    details_of.clear()
                shown = details_of[details] = ',"details":' + ENCODE(json.loads(details))
            line = head
            if person is not None:
                line += ',"person":' + text_of(person)
            if reading is not None:
                line += ',"reading":' + text_of(reading)
            line += shown
            if reason is not None:
                line += ',"reason":' + text_of(reason)
            if actor is not None:
                line += ',"actor":' + text_of(actor)
            lines.append(line + "}")
        yield lines


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
