"""The store as the screens use it: opened once, off the UI thread, with every call short.

Opening a database imports SQLAlchemy and may run migrations; that must not delay the first
screen, so the home screen asks for it in the background and later calls reuse it. Each
method is one transaction of the store's own API; the rules (what a valid reading is, that a
complete reading is locked, that a trainee's first practice answers stand) stay in the store's
writers: readings' and `starframe.practice.writer`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.catalog import Catalog
    from starframe.definition.models import Star
    from starframe.practice.agreement import Answer
    from starframe.practice.cases import CaseCatalog
    from starframe.practice.feedback import PassRule
    from starframe.practice.models import PracticeCase
    from starframe.practice.sessions import Session, SessionResults, SessionSummary, Submitted
    from starframe.readings.models import Person, Reading, Worker
    from starframe.readings.store import Store
    from starframe.readings.stored import StoredReading
    from starframe.readings.summaries import Journey


@dataclass(frozen=True)
class PersonRow:
    """What the people search shows and matches on, without loading anything else."""

    code: str
    display_name: str | None
    readings: int
    latest: str | None

    def matches(self, words: list[str]) -> bool:
        haystack = f"{self.code} {self.display_name or ''}".casefold()
        return all(word in haystack for word in words)


@dataclass(frozen=True)
class Counts:
    people: int
    readings: int
    drafts: int


class StoreAccess:
    """One open store for the app's lifetime; `close()` releases it when the app ends."""

    def __init__(self, db: str | None, catalog: Callable[[], Catalog]) -> None:
        self._db = db
        self._catalog = catalog
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._cannot_write: tuple[str] | None = None

    def store(self) -> Store:
        """The open store, opening (and migrating) it on first use; raises StoreError."""
        with self._lock:
            if self._store is None:
                from starframe.readings.store import open_store

                self._store = open_store(self._db)
            return self._store

    @property
    def where(self) -> str | None:
        """How to show the database to a person once it is open: `~/…` for the home folder."""
        if self._store is None:
            return None
        shown = self._store.location.shown
        home = str(Path.home())
        if self._store.location.sqlite_path is not None and shown.startswith(home + os.sep):
            return "~" + shown[len(home) :]
        return shown

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def cannot_write(self) -> str | None:
        """Why nothing can be saved to the database, in words; None when it can. Asked once,
        when it is first needed: permissions do not change while the app runs."""
        if self._cannot_write is None:
            self._cannot_write = (self.store().cannot_write() or "",)
        return self._cannot_write[0] or None

    def counts(self) -> Counts:
        with self.store().read() as reader:
            counts = reader.counts()
            drafts = len(reader.readings(status="draft"))
        return Counts(counts["people"], counts["readings"], drafts)

    # People and workers

    def people(self) -> list[PersonRow]:
        with self.store().read() as reader:
            stats = reader.person_stats()
            rows = []
            for person in reader.people():
                found = stats.get(person.code)
                rows.append(
                    PersonRow(
                        person.code,
                        person.display_name,
                        found.readings if found else 0,
                        found.latest.isoformat() if found and found.latest else None,
                    )
                )
            return rows

    def person(self, code: str) -> Person:
        with self.store().read() as reader:
            return reader.person(code)

    def add_person(self, person: Person) -> None:
        with self.store().write() as writer:
            writer.add_person(person)

    def worker(self, code: str) -> Worker:
        with self.store().read() as reader:
            return reader.worker(code)

    def workers(self) -> list[Worker]:
        with self.store().read() as reader:
            return reader.workers()

    def add_worker(self, worker: Worker) -> None:
        with self.store().write() as writer:
            writer.add_worker(worker)

    # Readings

    def drafts(self) -> list[Reading]:
        with self.store().read() as reader:
            return reader.readings(status="draft")

    def readings_of(self, person: str) -> list[Reading]:
        """The person's readings, oldest first."""
        with self.store().read() as reader:
            return reader.readings(person=person)

    def start(
        self, reading: Reading, *, person: Person | None = None, worker: Worker | None = None
    ) -> StoredReading:
        """Store a new draft with the installed definition of its Star; returns it stored.

        A `person` or `worker` not recorded yet is added in the same transaction, so a draft
        the store refuses leaves neither behind."""
        from starframe.readings.sources import InstalledDefinitions

        definitions = InstalledDefinitions(self._catalog)
        with self.store().write() as writer:
            if person is not None:
                writer.add_person(person)
            if worker is not None:
                writer.add_worker(worker)
            added = writer.add_reading(reading, definitions=definitions.hashes(writer, [reading]))
            assert added.id is not None
            return writer.stored(added.id)

    def open_draft(self, reading: Reading) -> StoredReading | None:
        """The draft already kept for `reading`'s person, Star edition and date, if any."""
        from starframe.readings.starting import open_draft

        with self.store().read() as reader:
            found = open_draft(reader, reading)
            return None if found is None or found.id is None else reader.stored(found.id)

    def stored(self, reading_id: str) -> StoredReading:
        with self.store().read() as reader:
            return reader.stored(reading_id)

    def save(self, reading: Reading, revision: int) -> int:
        """Save a draft (or complete it); returns the new revision."""
        with self.store().write() as writer:
            return writer.save_draft(reading, revision=revision)

    def journeys(self, person: str) -> list[tuple[Journey, Star]]:
        """The person's complete readings per Star edition, each with its latest definition."""
        from starframe.readings.summaries import person_summary

        with self.store().read() as reader:
            summary = person_summary(reader, person)
            found = []
            for journey in summary.journeys:
                latest = reader.readings(
                    person=person, star=journey.star, edition=journey.edition, status="complete"
                )[-1]
                assert latest.definition is not None
                found.append((journey, reader.star(latest.definition)))
            return found

    def star_of(self, reading: Reading) -> Star:
        """The exact Star definition the reading was taken with."""
        assert reading.definition is not None
        with self.store().read() as reader:
            return reader.star(reading.definition)

    # Practice: tables of their own, so an attempt is never a reading

    def practice_results(self, code: str, cases: CaseCatalog) -> SessionResults:
        """Session `code` (typed any way) with every answer so far; NotFound, in words for the
        trainee, when there is no such session."""
        from starframe.practice.sessions import session_results

        with self.store().read() as reader:
            return session_results(reader.connection, code, cases)

    def open_practice_sessions(self) -> list[SessionSummary]:
        """Trainers' sessions still taking answers, newest first (solo practice left out)."""
        from starframe.practice.sessions import list_sessions

        with self.store().read() as reader:
            found = list_sessions(reader.connection)
        return [item for item in found if item.session.closed_at is None]

    def close_practice_session(self, code: str) -> Session:
        from starframe.practice.writer import writing

        with writing(self.store()) as practice:
            return practice.close_session(code)

    def submit_practice(
        self,
        code: str | None,
        trainee: str,
        case: PracticeCase,
        star: Star,
        scores: Mapping[str, Answer],
    ) -> Submitted:
        """Store a trainee's answers in session `code`, or with no code in a one-case solo
        session made for them in the same transaction (solo practice certifies nobody)."""
        from starframe.practice.writer import writing

        with writing(self.store()) as practice:
            if code is None:
                code = practice.open_session([case], solo=True)
            return practice.submit(code, trainee, case, star, scores)

    def open_practice_session(self, cases: Sequence[PracticeCase], rule: PassRule) -> str:
        """A trainer's session on `cases` under `rule`; returns its code for the trainees."""
        from starframe.practice.writer import writing

        with writing(self.store()) as practice:
            return practice.open_session(cases, rule)
