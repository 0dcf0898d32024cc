"""Add readings from files: one reading, or the readings part of an import, all-or-nothing.

An import runs in one transaction (`starframe.transfer.importing` opens it, and adds the
audit log and practice records of a whole-database export). Every record is checked, every
problem is collected (up to a limit) with its file position, and if there is any, the
transaction is rolled back so the database is exactly as it was. Records already present and
identical are skipped, so an interrupted import can simply be run again. A record's stamps
(when it was stored, a reading's last change and revision) are kept as the file gives them,
and are the import's time (revision 1) where an older export leaves them out; a record already
held is compared without them and keeps its own, since they say when this database recorded
it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from starframe.problems import Problem
from starframe.readings.errors import InvalidReading, InvalidReadings
from starframe.readings.files import Record, placed_problems
from starframe.readings.models import (
    DEFAULT_TEAM,
    STAMPS,
    DefinitionRecord,
    Person,
    Reading,
    Team,
    Worker,
)
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store
from starframe.readings.streams import Check
from starframe.readings.writer import CheckAhead, Checked, Writer, taken_id
from starframe.store.background import settle
from starframe.store.bulk import Staging, between_batches
from starframe.store.errors import StoreError

MAX_PROBLEMS = 100
"""Enough to see a pattern; a file with a systematic mistake would otherwise print 100,000."""
BATCH = 5_000


class ImportFailed(Exception):
    """The records have problems; nothing was written. `problems` say where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was imported")


def add_from_record(store: Store, record: Record, installed: InstalledDefinitions) -> Reading:
    """Add the one reading a file holds; problems come back at their place in the file."""
    assert isinstance(record.model, Reading)
    with store.write() as writer:
        definitions = installed.hashes(writer, [record.model])
        try:
            return writer.add_reading(record.model, definitions=definitions)
        except InvalidReading as exc:
            raise ImportFailed(record.problems(exc.violations)) from None


class ReadingsImport:
    """The readings part of an import: definitions, workers, people and readings, checked and
    written in the import's transaction; `problems` holds what stops it.

    Each kind comes as an iterable read from the files as it goes (`streams.py`), and is
    checked and written in batches, so memory holds one batch. What must be known across
    batches is kept small: people's codes (to keep them unique) with a digest of each added
    person (an identical one given twice is the same person), and the key of the last reading
    recorded before the import (a reading recorded by then, given again unchanged, is skipped;
    one added by the import itself, given again, is a duplicate).
    """

    def __init__(
        self,
        writer: Writer,
        installed: InstalledDefinitions,
        *,
        halted: Callable[[], bool],
        lines: Callable[[str, set[int]], Mapping[int, str]],
    ) -> None:
        self.writer = writer
        self.installed = installed
        self.problems: list[Problem] = []
        self.added = dict.fromkeys(
            ("readings", "drafts", "action_items", "people", "workers", "definitions"), 0
        )
        self.unchanged = 0
        self._halted = halted
        """True once the import will fail anyway (a file cannot be read): records are read on,
        to report every problem reading them, but no longer checked or written."""
        self._lines = lines
        """The text of lines of a file, by number: to place a problem found after reading."""
        self._definitions: set[str] = set()
        """Hashes of the definitions the files carry: their Stars check readings ahead."""
        postgresql = writer.connection.dialect.name == "postgresql"
        self._staging = Staging(writer.connection) if postgresql else None
        self._places: list[tuple[str, str, int]] = []

    def definitions(self, records: Iterable[Record]) -> None:
        for record in records:
            assert isinstance(record.model, DefinitionRecord)
            raw = record.model.text.encode("utf-8")
            if hashlib.sha256(raw).hexdigest() != record.model.hash:
                self.problems.append(
                    record.problem(
                        "SF713",
                        "the definition text does not match its hash, so it was changed after "
                        "export: use the file as exported.",
                        ("hash",),
                    )
                )
                continue
            try:
                known = self.writer.has_definition(record.model.hash)
                self.writer.put_definition(raw, stored_at=record.model.stored_at)
            except StoreError as exc:
                self.problems.append(record.problem("SF713", str(exc), ("text",)))
                continue
            self.unchanged += known
            self.added["definitions"] += not known
            self._definitions.add(record.model.hash)

    def check_ahead(self) -> Check:
        """What checks each reading against its Star where it is read (`streams.py`), for
        the definitions the files carry: the writer uses what it found (`Writer._prepare`).

        Made just before the second process is forked: a PostgreSQL import's background
        copy is waited for first, so no other thread runs at the fork (`ahead.can_fork`)."""
        settle(self.writer.connection)
        stars = {}
        for hash_ in sorted(self._definitions):
            try:
                stars[hash_] = self.writer.star(hash_)
            except StoreError:
                continue  # found again, and reported, where a reading names it
        check = CheckAhead(stars)

        def checked(model: BaseModel) -> Checked | None:
            return check(model, dt.date.today()) if isinstance(model, Reading) else None

        return checked

    def workers(self, records: Iterable[Record]) -> None:
        known: dict[str, bytes] = {w.code: _digest(w) for w in self.writer.workers()}
        for batch in batched(records, BATCH):
            fresh = self._new(batch, known)
            self._add(fresh, "workers", lambda models: self.writer.add_workers(models))

    def teams(self, records: Iterable[Record]) -> None:
        """Teams not yet recorded; one recorded under the same code is kept as it is (the
        default team every database makes for itself, for one)."""
        from starframe.readings.organisation import add_teams, teams

        known = {team.code for team in teams(self.writer)}
        fresh = []
        for record in records:
            assert isinstance(record.model, Team)
            if record.model.code in known:
                # Every database makes its own default team: not a record the file brought.
                self.unchanged += record.model.code != DEFAULT_TEAM
                continue
            known.add(record.model.code)
            fresh.append(record.model)
        if fresh and not self._halted():
            add_teams(self.writer, fresh)

    def people(self, records: Iterable[Record]) -> None:
        taken = self.writer.people_codes()
        recorded = frozenset(taken.values())
        known: dict[str, bytes] = {}
        for batch in batched(records, BATCH):
            codes = [r.model.code for r in batch if isinstance(r.model, Person)]
            earlier = self.writer.people_by_code(code for code in codes if code in recorded)
            known.update((code, _digest(person)) for code, person in earlier.items())
            fresh = self._new(batch, known)
            self._add(fresh, "people", lambda models: self.writer.add_people(models, taken=taken))

    def _new(self, records: Sequence[Record], known: dict[str, bytes]) -> list[Record]:
        """Records not yet in the database; identical ones are skipped, others refused.

        `known` holds a digest of each record already recorded or added, by code.
        """
        fresh = []
        for record in records:
            model = record.model
            assert isinstance(model, Worker | Person)
            existing = known.get(model.code)
            digest = _digest(model)
            if existing is not None and existing == digest:
                self.unchanged += 1
            elif existing is not None:
                self.problems.append(
                    record.problem(
                        "SF714",
                        f"`{model.code}` is already recorded with other details: nothing is "
                        "overwritten by an import. Change the code, or correct the record in "
                        "the database first.",
                        ("code",),
                    )
                )
            else:
                known[model.code] = digest
                fresh.append(record)
        return fresh

    def _add(self, records: list[Record], what: str, add: Callable[[list[Any]], None]) -> None:
        if not records or self._halted():
            return
        try:
            add([record.model for record in records])
        except StoreError as exc:
            self.problems.append(records[0].problem("SF714", str(exc), ("code",)))
            return
        self.added[what] += len(records)

    def readings(self, records: Iterable[Record]) -> None:
        """Check and write the readings in batches, then (PostgreSQL) move the staged ones in."""
        before = self.writer.last_reading_pk()
        for batch in batched(records, BATCH):
            if len(self.problems) >= MAX_PROBLEMS or self._halted():
                continue  # read on: the files' own problems are all reported
            self._batch(batch, before)
        if self._staging is not None and not self.problems and not self._halted():
            self._finish_staged()

    def _batch(self, batch: Sequence[Record], before: int) -> None:
        ids = [r.model.id for r in batch if isinstance(r.model, Reading) and r.model.id]
        present = self.writer.readings_by_id(ids, up_to=before) if before else {}
        fresh: list[Record] = []
        for record in batch:
            assert isinstance(record.model, Reading)
            stored = present.get(record.model.id or "")
            if stored is not None and _same(stored, record.model):
                self.unchanged += 1
            else:
                fresh.append(record)
        # Readings an export carries were checked when first stored; a file's are new input.
        for stored_given in (False, True):
            group = [r for r in fresh if r.stored is stored_given]
            if group:
                self._add_readings(group)

    def _add_readings(self, batch: list[Record]) -> None:
        models = [r.model for r in batch if isinstance(r.model, Reading)]
        definitions = self.installed.hashes(self.writer, models)
        try:
            added = self.writer.add_readings(
                models,
                action="import",
                definitions=definitions,
                stored=batch[0].stored,
                staging=self._staging,
                checked=[r.checked for r in batch],
            )
        except InvalidReadings as exc:
            for index, violations in exc.failures.items():
                self.problems.extend(batch[index].problems(violations))
            return
        if self._staging is not None:
            self._places.extend(
                (reading.id or "", record.file, record.line)
                for reading, record in zip(added, batch, strict=True)
            )
            if len(self._places) >= STAGED_PLACES:
                self._stage_places()
        self.added["readings"] += len(batch)
        self.added["drafts"] += sum(model.status == "draft" for model in models)
        self.added["action_items"] += sum(len(model.actions) for model in models)

    def _stage_places(self) -> None:
        self.writer.stage_places(self._places)
        self._places = []

    def _finish_staged(self) -> None:
        """Refuse a reading id the file gives twice (a batch sees only its own), else write."""
        assert self._staging is not None
        self._stage_places()
        twice = self.writer.staged_duplicates(MAX_PROBLEMS)
        texts = {
            file: self._lines(file, {line for _id, shown, line in twice if shown == file})
            for file in {shown for _id, shown, _line in twice}
        }
        for reading_id, file, line in twice:
            text = texts[file].get(line, "")
            self.problems.extend(
                placed_problems(text, file, line, [taken_id(reading_id)], stored=True)
            )
        if not self.problems:
            self._staging.finish()


STAGED_PLACES = 50_000
"""Places of staged readings held before they are copied to the database."""


def batched(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    """The records in lists of `size`; each handled (`between_batches`) before the next."""
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
            between_batches()
    if batch:
        yield batch


def _digest(model: Worker | Person) -> bytes:
    """What identifies a record's details without its stamps: equal details, equal digests."""
    text = model.model_dump_json(exclude=_STAMPED).encode()
    return hashlib.blake2b(text, digest_size=16).digest()


_STAMPED = set(STAMPS)


def _same(stored: Reading, given: Reading) -> bool:
    if not given.definition:
        given = given.model_copy(update={"definition": stored.definition})
    return stored == given.unstamped()
