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

import hashlib
from collections.abc import Callable
from typing import Any

from starframe.problems import Problem
from starframe.readings.errors import InvalidReading, InvalidReadings
from starframe.readings.files import Record
from starframe.readings.models import DefinitionRecord, Person, Reading, Worker
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store
from starframe.readings.writer import Writer
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
    written in the import's transaction; `problems` holds what stops it."""

    def __init__(self, writer: Writer, installed: InstalledDefinitions) -> None:
        self.writer = writer
        self.installed = installed
        self.problems: list[Problem] = []
        self.added = dict.fromkeys(
            ("readings", "drafts", "action_items", "people", "workers", "definitions"), 0
        )
        self.unchanged = 0

    def definitions(self, records: list[Record]) -> None:
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

    def workers(self, records: list[Record]) -> None:
        known: dict[str, Worker | Person] = {w.code: w for w in self.writer.workers()}
        fresh = self._new(records, known)
        self._add(fresh, "workers", lambda models: self.writer.add_workers(models))

    def people(self, records: list[Record]) -> None:
        known: dict[str, Worker | Person] = {p.code: p for p in self.writer.people()}
        fresh = self._new(records, known)
        self._add(fresh, "people", lambda models: self.writer.add_people(models))

    def _new(self, records: list[Record], known: dict[str, Worker | Person]) -> list[Record]:
        """Records not yet in the database; identical ones are skipped, others refused."""
        fresh = []
        for record in records:
            model = record.model
            assert isinstance(model, Worker | Person)
            existing = known.get(model.code)
            if existing is not None and existing.unstamped() == model.unstamped():
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
                known[model.code] = model
                fresh.append(record)
        return fresh

    def _add(self, records: list[Record], what: str, add: Callable[[list[Any]], None]) -> None:
        try:
            add([record.model for record in records])
        except StoreError as exc:
            first = records[0] if records else None
            self.problems.append(
                first.problem("SF714", str(exc), ("code",))
                if first
                else Problem("SF714", "error", str(exc), "")
            )
            return
        self.added[what] += len(records)

    def readings(self, records: list[Record]) -> None:
        fresh: list[Record] = []
        present = self.writer.existing_reading_ids(
            [r.model.id for r in records if isinstance(r.model, Reading) and r.model.id]
        )
        for record in records:
            assert isinstance(record.model, Reading)
            if record.model.id in present and self._same(record.model):
                self.unchanged += 1
            else:
                fresh.append(record)
        # Readings an export carries were checked when first stored; a file's are new input.
        batches = [
            group[start : start + BATCH]
            for group in ([r for r in fresh if not r.stored], [r for r in fresh if r.stored])
            for start in range(0, len(group), BATCH)
        ]
        for batch in batches:
            if len(self.problems) >= MAX_PROBLEMS:
                return
            models = [r.model for r in batch if isinstance(r.model, Reading)]
            definitions = self.installed.hashes(self.writer, models)
            try:
                self.writer.add_readings(
                    models, action="import", definitions=definitions, stored=batch[0].stored
                )
            except InvalidReadings as exc:
                for index, violations in exc.failures.items():
                    self.problems.extend(batch[index].problems(violations))
                continue
            self.added["readings"] += len(batch)
            self.added["drafts"] += sum(model.status == "draft" for model in models)
            self.added["action_items"] += sum(len(model.actions) for model in models)

    def _same(self, reading: Reading) -> bool:
        assert reading.id is not None
        stored = self.writer.reading(reading.id)
        given = (
            reading
            if reading.definition
            else reading.model_copy(update={"definition": stored.definition})
        )
        return stored == given.unstamped()
