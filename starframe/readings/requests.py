"""Deleting a reading or erasing a person takes two people on a shared database.

On a secured PostgreSQL database (`store/security.py`), `readings delete` and `people erase`
by anyone but the database's owner record a request with its reason; a lead approves or
refuses it (`starframe requests approve|refuse ID`). The approval runs in the database, in
`starframe_decide` (a `SECURITY DEFINER` function the owner installed), which checks the
login is a lead and not the one who asked, then does the deletion and its audit entries in one
transaction: an erasure rewrites the person's earlier audit rows, which nobody else may touch.
Once it has committed, the touched tables are vacuumed where the login may (`store/scrub.py`
says what to ask the owner otherwise).

SQLite is one person's file: there the commands act at once, as they always did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import insert, select, text

from starframe.readings.reader import Reader
from starframe.readings.store import Store
from starframe.readings.writer import Writer
from starframe.store import security
from starframe.store import tables as t
from starframe.store.errors import StoreError
from starframe.store.scrub import Scrub, scrub
from starframe.store.values import in_utc, now
from starframe.store.writer import required_reason

Action = Literal["reading.delete", "person.erase"]
ERASED_TABLES = (
    t.people,
    t.readings,
    t.readings_cohort_scan,
    t.scores,
    t.actions,
    t.audit,
    t.requests,
)
DELETED_TABLES = (t.readings, t.readings_cohort_scan, t.scores, t.actions)


@dataclass(frozen=True)
class Request:
    id: int
    action: str
    person: str
    reading: str | None
    reason: str
    requested_by: str
    requested_at: dt.datetime
    status: str
    decided_by: str | None


@dataclass(frozen=True)
class Decision:
    request: Request
    approved: bool
    scrubbed: Scrub | None
    """How the erased or deleted bytes went (approved requests only)."""


def needs_approval(reader: Reader) -> bool:
    """Whether a deletion here waits for a lead: a secured database, and not its owner."""
    connection = reader.connection
    return security.is_secured(connection) and not security.is_owner(connection)


def ask(
    writer: Writer,
    action: Action,
    *,
    person: str,
    reading: str | None = None,
    reason: str | None,
) -> int:
    """Record a request for a lead to decide; returns its number."""
    what = "deleting a reading" if action == "reading.delete" else "erasing a person"
    why = required_reason(reason, what)
    pending = writer.connection.execute(
        select(t.requests.c.id).where(
            t.requests.c.action == action,
            t.requests.c.person_code == person,
            t.requests.c.reading_id.is_(None)
            if reading is None
            else t.requests.c.reading_id == reading,
            t.requests.c.status == "open",
        )
    ).scalar()
    if pending is not None:
        raise StoreError(
            f"request {pending} already asks for this: a lead decides it with `starframe "
            f"requests approve {pending}`."
        )
    number = writer.connection.execute(
        insert(t.requests)
        .values(
            action=action,
            person_code=person,
            reading_id=reading,
            reason=why,
            requested_by=writer.store.actor,
            requested_at=now(),
            status="open",
        )
        .returning(t.requests.c.id)
    ).scalar_one()
    writer.audit(
        "request.add",
        person=person,
        reading=reading,
        details={"request": number, "action": action},
        reason=why,
    )
    return int(number)


def requests(reader: Reader, *, everything: bool = False) -> list[Request]:
    """Open requests (every one with `everything`), oldest first, as the login may see them."""
    query = select(t.requests).order_by(t.requests.c.id)
    if not everything:
        query = query.where(t.requests.c.status == "open")
    return [
        Request(
            row.id,
            row.action,
            row.person_code,
            row.reading_id,
            row.reason,
            row.requested_by,
            in_utc(row.requested_at),
            row.status,
            row.decided_by,
        )
        for row in reader.connection.execute(query)
    ]


def decide(store: Store, number: int, *, approve: bool) -> Decision:
    """A lead approves (carrying it out) or refuses request `number`."""
    with store.write() as writer:
        if writer.connection.dialect.name != "postgresql":
            raise StoreError(
                "an SQLite database has no requests: deletions and erasures act at once there."
            )
        found = next((r for r in requests(writer, everything=True) if r.id == number), None)
        writer.connection.execute(
            text("SELECT starframe_decide(:number, :approve)"),
            {"number": number, "approve": approve},
        )
    assert found is not None  # the function refused an unknown request (SFR03)
    scrubbed = None
    if approve:
        tables = ERASED_TABLES if found.action == "person.erase" else DELETED_TABLES
        scrubbed = scrub(store.engine, store.location, tables)
    return Decision(found, approve, scrubbed)


@dataclass(frozen=True)
class Outcome:
    """A deletion or erasure either done (`scrubbed` says how the bytes went) or asked for."""

    request: int | None
    scrubbed: Scrub | None
    removed: int = 0
    """Readings removed (an erasure done at once)."""


def delete_reading(store: Store, reading_id: str, *, reason: str | None) -> Outcome:
    """Delete at once where the login may (SQLite, the owner), else ask a lead."""
    with store.write() as writer:
        if needs_approval(writer):
            reading = writer.reading(reading_id)
            number = ask(
                writer, "reading.delete", person=reading.person, reading=reading_id, reason=reason
            )
            return Outcome(number, None)
    _deleted, scrubbed = store.delete_reading(reading_id, reason=reason)
    return Outcome(None, scrubbed)


def erase_person(store: Store, code: str, *, reason: str | None) -> Outcome:
    """Erase at once where the login may (SQLite, the owner), else ask a lead."""
    with store.write() as writer:
        if needs_approval(writer):
            writer.person(code)
            return Outcome(ask(writer, "person.erase", person=code, reason=reason), None)
    removed, scrubbed = store.erase_person(code, reason=reason)
    return Outcome(None, scrubbed, removed)
