"""The open database, and the transactions every domain reads and writes it through.

All access goes through a transaction: `store.read()` gives a reader for queries,
`store.write()` a writer for changes, so a batch of changes (an import, an erasure) is
all-or-nothing. A domain names its own reader and writer (`readings/store.py` makes the store
the commands and screens open); the rules common to every domain stay here and in the base
`Reader` and `Writer`. An erasure (any change made through `erasing`) also removes the erased
bytes once its transaction has committed (see `scrub.py`). Database errors leave as
`StoreError`s worded for a person. A store is opened for one actor, whom every audit entry its
writers append names (see `actor.py`).
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Generic, Self, TypeVar

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import DBAPIError, IntegrityError

from starframe.store.actor import ACTOR_ENV, checked_actor, current_actor
from starframe.store.database import (
    WRITE_OPTION,
    Location,
    locate,
    make_engine,
    prepare,
    rollback_journal,
)
from starframe.store.database import unavailable as unavailable_error
from starframe.store.errors import StoreError
from starframe.store.reader import Reader
from starframe.store.refusals import refusal
from starframe.store.scrub import Scrub, scrub
from starframe.store.security import secured_login
from starframe.store.writer import Writer

if TYPE_CHECKING:
    from starframe.definition.models import Star

ReaderT = TypeVar("ReaderT", bound=Reader, covariant=True)
WriterT = TypeVar("WriterT", bound=Writer, covariant=True)


class Store(ABC, Generic[ReaderT, WriterT]):
    """An open database; a context manager that releases its connections on exit.

    A subclass says which reader and writer its transactions hand out, so a domain that needs
    only the shared ones (practice) takes any `Store[Reader, Writer]`.
    """

    def __init__(self, engine: Engine, location: Location, *, actor: str) -> None:
        self.engine = engine
        self.location = location
        self.actor = actor
        """Who the changes made through this store are recorded as made by."""
        self.notices: list[str] = []
        """One-line notices for whoever opened it (a face prints them)."""
        self.stars: dict[str, Star] = {}
        """Stars by definition hash: safe to cache forever, as a hash names exact text."""

    @classmethod
    def open(
        cls, value: str | None = None, *, migrate: bool = True, actor: str | None = None
    ) -> Self:
        """Open (creating and migrating when needed) the database `--db`/STARFRAME_DB names.

        Changes are recorded as made by `actor`, by default whoever runs this process
        (STARFRAME_USER, else the login name); a bad STARFRAME_USER is refused here, before
        anything is opened or written.
        """
        who = current_actor() if actor is None else checked_actor(actor)
        location = locate(value)
        engine = make_engine(location)
        notices: list[str] = []
        try:
            prepare(engine, location, migrate=migrate)
            login = secured_login(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise unavailable_error(location, exc) from None
        except BaseException:
            engine.dispose()
            raise
        if login is not None:
            if actor is None and os.environ.get(ACTOR_ENV) is not None:
                notices.append(
                    f"{ACTOR_ENV} is ignored on this database: its audit log records your "
                    f"database login ({login})."
                )
            who = login
        opened = cls(engine, location, actor=who)
        opened.notices = notices
        return opened

    @abstractmethod
    def reader(self, connection: Connection) -> ReaderT:
        """The reader `read()` hands out, on the transaction's connection."""

    @abstractmethod
    def writer(self, connection: Connection) -> WriterT:
        """The writer `write()` hands out, on the transaction's connection."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def cannot_write(self) -> str | None:
        """Why changes cannot be saved here, in words a worker can pass on; None when they can.

        Asked before anything is typed, so a read-only database is said at once, not by a
        first save that fails (or by a screen that claims to have saved). SQLite: the file and
        its folder (SQLite writes its working files beside it) must be writable by this user.
        PostgreSQL: the session must not be read-only and the login may insert readings."""
        path = self.location.sqlite_path
        fix = "Ask whoever looks after it for write access, or open a copy you may change."
        if path is not None:
            if not os.access(path, os.W_OK):
                return f"the database file {self.location.shown} is read-only for you. {fix}"
            if not os.access(path.parent, os.W_OK | os.X_OK):
                return (
                    f"the folder of the database {self.location.shown} is read-only for you, "
                    f"and SQLite writes its working files there. {fix}"
                )
            return None
        with self._translate(), self.engine.connect() as connection:
            read_only = connection.exec_driver_sql("SHOW transaction_read_only").scalar()
            may_insert = connection.exec_driver_sql(
                "SELECT has_table_privilege('readings', 'INSERT')"
            ).scalar()
            connection.rollback()
        if read_only == "on":
            return f"the database {self.location.shown} takes no changes (it is read-only). {fix}"
        if not may_insert:
            return (
                f"your login may read the database {self.location.shown} but not change it. {fix}"
            )
        return None

    @contextmanager
    def read(self) -> Iterator[ReaderT]:
        """One transaction that sees a single snapshot, however many queries it makes."""
        with self._translate(), self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execution_options(isolation_level="REPEATABLE READ")
            try:
                yield self.reader(connection)
            finally:
                connection.rollback()

    @contextmanager
    def write(self, *, bulk: bool = False) -> Iterator[WriterT]:
        """One transaction: everything done through the writer is committed, or nothing.

        `bulk`: a large import, kept by SQLite's rollback journal where it can be had
        (`database.rollback_journal`): half the writing, the file to itself."""
        engine = self.engine.execution_options(**{WRITE_OPTION: True})
        with self._translate(), engine.connect() as connection:
            journal = rollback_journal(connection) if bulk else nullcontext()
            with journal, connection.begin():
                yield self.writer(connection)

    @contextmanager
    def erasing(self, *tables: Table) -> Iterator[Erasure[WriterT]]:
        """A write transaction that removes personal data from `tables`.

        Once it has committed, what the database would keep of the removed rows goes too,
        and the `Erasure` yielded says how.
        """
        with self.write() as writer:
            erasure = Erasure(writer)
            yield erasure
        with self._translate():
            erasure.scrubbed = scrub(self.engine, self.location, tables)

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            refused = refusal(exc)
            if refused is not None:
                raise refused from None
            if not isinstance(exc, IntegrityError):
                raise unavailable_error(self.location, exc) from None
            raise StoreError(
                "the database refused the change because another process changed the same "
                f"records at the same time ({_first_line(exc)}). Nothing was saved: try again."
            ) from None


class Erasure(Generic[WriterT]):
    """An erasure's writer, and, once its transaction has committed, how the bytes went."""

    def __init__(self, writer: WriterT) -> None:
        self._writer = writer
        self.scrubbed: Scrub | None = None

    @property
    def writer(self) -> WriterT:
        return self._writer

    @property
    def scrub(self) -> Scrub:
        if self.scrubbed is None:
            raise RuntimeError("an erasure is scrubbed only once its transaction has committed")
        return self.scrubbed


def _first_line(exc: DBAPIError) -> str:
    lines = str(exc.orig or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
