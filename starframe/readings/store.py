"""The store: people, workers, readings and their definitions, in SQLite or PostgreSQL.

All access goes through a transaction: `store.read()` gives a `Reader` for queries,
`store.write()` a `Writer` for changes, so a batch of changes (an import, an erasure) is
all-or-nothing. An erasure (`erase_person`, `delete_reading`, or any change made through
`erasing`) also removes the erased bytes once its transaction has committed (see `scrub.py`).
Database errors leave as `StoreError`s worded for a person. A store is opened for one actor,
whom every audit entry its writers append names (see `actor.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Engine, Table
from sqlalchemy.exc import DBAPIError, IntegrityError

from starframe.readings import tables as t
from starframe.readings.actor import checked_actor, current_actor
from starframe.readings.database import WRITE_OPTION, Location, locate, make_engine, prepare
from starframe.readings.database import unavailable as unavailable_error
from starframe.readings.errors import StoreError
from starframe.readings.reader import Reader
from starframe.readings.records import (
    AuditEntry,
    CohortRow,
    PersonStats,
    StoredReading,
    definition_hash,
    new_reading_id,
)
from starframe.readings.scrub import Scrub, scrub
from starframe.readings.writer import Writer

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading

__all__ = [
    "AuditEntry",
    "CohortRow",
    "Erasure",
    "PersonStats",
    "Reader",
    "Scrub",
    "Store",
    "StoredReading",
    "Writer",
    "definition_hash",
    "new_reading_id",
    "open_store",
]


def open_store(
    value: str | None = None, *, migrate: bool = True, actor: str | None = None
) -> Store:
    """Open (creating and migrating when needed) the database `--db`/STARFRAME_DB names.

    Changes are recorded as made by `actor`, by default whoever runs this process
    (STARFRAME_USER, else the login name); a bad STARFRAME_USER is refused here, before
    anything is opened or written.
    """
    who = current_actor() if actor is None else checked_actor(actor)
    location = locate(value)
    engine = make_engine(location)
    try:
        prepare(engine, location, migrate=migrate)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, location, actor=who)


class Store:
    """An open database; a context manager that releases its connections on exit."""

    def __init__(self, engine: Engine, location: Location, *, actor: str) -> None:
        self.engine = engine
        self.location = location
        self.actor = actor
        """Who the changes made through this store are recorded as made by."""
        self.stars: dict[str, Star] = {}
        """Stars by definition hash: safe to cache forever, as a hash names exact text."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """One transaction that sees a single snapshot, however many queries it makes."""
        with self._translate(), self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execution_options(isolation_level="REPEATABLE READ")
            try:
                yield Reader(self, connection)
            finally:
                connection.rollback()

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One transaction: everything done through the writer is committed, or nothing."""
        engine = self.engine.execution_options(**{WRITE_OPTION: True})
        with self._translate(), engine.begin() as connection:
            yield Writer(self, connection)

    @contextmanager
    def erasing(self, *tables: Table) -> Iterator[Erasure]:
        """A write transaction that removes personal data from `tables`.

        Once it has committed, what the database would keep of the removed rows goes too,
        and the `Erasure` yielded says how.
        """
        with self.write() as writer:
            erasure = Erasure(writer)
            yield erasure
        with self._translate():
            erasure.scrubbed = scrub(self.engine, self.location, tables)

    def erase_person(self, code: str, *, reason: str | None) -> tuple[int, Scrub]:
        """`Writer.erase_person`, then the erased bytes; returns readings removed and how."""
        with self.erasing(t.people, t.readings, t.scores, t.actions, t.audit) as erasure:
            removed = erasure.writer.erase_person(code, reason=reason)
        return removed, erasure.scrub

    def delete_reading(self, reading_id: str, *, reason: str | None) -> tuple[Reading, Scrub]:
        """`Writer.delete_reading`, then the deleted bytes (its notes are personal data)."""
        with self.erasing(t.readings, t.scores, t.actions) as erasure:
            deleted = erasure.writer.delete_reading(reading_id, reason=reason)
        return deleted, erasure.scrub

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError as exc:
            raise StoreError(
                "the database refused the change because another process changed the same "
                f"records at the same time ({_first_line(exc)}). Nothing was saved: try again."
            ) from None
        except DBAPIError as exc:
            raise unavailable_error(self.location, exc) from None


class Erasure:
    """An erasure's writer, and, once its transaction has committed, how the bytes went."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.scrubbed: Scrub | None = None

    @property
    def scrub(self) -> Scrub:
        if self.scrubbed is None:
            raise RuntimeError("an erasure is scrubbed only once its transaction has committed")
        return self.scrubbed


def _first_line(exc: DBAPIError) -> str:
    lines = str(exc.orig or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
