"""Add readings from files: one reading, or a whole import, all-or-nothing.

An import runs in one transaction. Every record is checked, every problem is collected
(up to a limit) with its file position, and if there is any, the transaction is rolled back
so the database is exactly as it was. Records already present and identical are skipped, so
an interrupted import can simply be run again. A record's stamps (when it was stored, a
reading's last change and revision) are kept as the file gives them, and are the import's time
(revision 1) where an older export leaves them out; a record already held is compared without
them and keeps its own, since they say when this database recorded it. Practice records
(sessions, answers, certificates) go to their own tables through `practice/transfer.py`:
readings never need them, and they never touch a reading, a person or a worker. The audit log
of a whole-database export goes in first (`history.py`), so it stays before the entries the
import writes about itself; the result counts both, so `db check` can be compared with it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from starframe.practice.records import (
    PracticeAttemptRecord,
    PracticeCertificateRecord,
    PracticeSessionRecord,
)
from starframe.practice.transfer import PracticeImport
from starframe.problems import Problem
from starframe.readings import tables as t
from starframe.readings.errors import InvalidReading, InvalidReadings, StoreError
from starframe.readings.files import Record, RecordModel
from starframe.readings.history import import_audit
from starframe.readings.models import AuditRecord, DefinitionRecord, Person, Reading, Worker
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store, Writer

MAX_PROBLEMS = 100
"""Enough to see a pattern; a file with a systematic mistake would otherwise print 100,000."""
BATCH = 5_000


class ImportFailed(Exception):
    """The records have problems; nothing was written. `problems` say where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was imported")


@dataclass(frozen=True)
class ImportResult:
    readings: int
    people: int
    workers: int
    definitions: int
    practice_sessions: int
    practice_attempts: int
    certificates: int
    unchanged: int
    """Records already in the database exactly as given, so skipped (audit entries apart)."""
    drafts: int = 0
    """Of the readings added, how many are drafts."""
    action_items: int = 0
    """Items of the action plans of the readings added."""
    audit_entries: int = 0
    """Entries of the file's audit log added (the log of a whole-database export)."""
    audit_present: int = 0
    """Entries of the file's audit log already in this log, so skipped."""
    own_entries: int = 0
    """Entries this import wrote to the log about itself (who added what, and the import)."""

    def moved(self) -> dict[str, int]:
        """How many of each kind (`kinds.KINDS`) were added, as `db check` counts them."""
        return {
            "people": self.people,
            "workers": self.workers,
            "readings": self.readings,
            "drafts": self.drafts,
            "action_items": self.action_items,
            "audit_entries": self.audit_entries,
            "definitions": self.definitions,
            "practice_sessions": self.practice_sessions,
            "practice_answers": self.practice_attempts,
            "certificates": self.certificates,
        }


def add_from_record(store: Store, record: Record, installed: InstalledDefinitions) -> Reading:
    """Add the one reading a file holds; problems come back at their place in the file."""
    assert isinstance(record.model, Reading)
    with store.write() as writer:
        definitions = installed.hashes(writer, [record.model])
        try:
            return writer.add_reading(record.model, definitions=definitions)
        except InvalidReading as exc:
            raise ImportFailed(record.problems(exc.violations)) from None


def import_records(
    store: Store, records: Sequence[Record], installed: InstalledDefinitions
) -> ImportResult:
    """Write every record in one transaction, or nothing if any has a problem."""
    kinds: defaultdict[type[RecordModel], list[Record]] = defaultdict(list)
    for record in records:
        kinds[type(record.model)].append(record)
    with store.write() as writer:
        logged = _entries(writer)
        # The moved log first, so it stays before the entries this import writes about itself.
        moved_log = [r.model for r in kinds[AuditRecord] if isinstance(r.model, AuditRecord)]
        audit_added, audit_present = import_audit(writer.connection, moved_log)
        run = _Import(writer, installed)
        run.definitions(kinds[DefinitionRecord])
        run.workers(kinds[Worker])
        run.people(kinds[Person])
        run.readings(kinds[Reading])
        practice = PracticeImport(writer.connection, limit=MAX_PROBLEMS)
        practice.run(
            kinds[PracticeSessionRecord],
            kinds[PracticeAttemptRecord],
            kinds[PracticeCertificateRecord],
        )
        problems = run.problems + practice.problems
        if problems:
            raise ImportFailed(problems[:MAX_PROBLEMS])
        result = ImportResult(
            readings=run.added["readings"],
            people=run.added["people"],
            workers=run.added["workers"],
            definitions=run.added["definitions"],
            practice_sessions=practice.added["practice_sessions"],
            practice_attempts=practice.added["practice_attempts"],
            certificates=practice.added["certificates"],
            unchanged=run.unchanged + practice.unchanged,
            drafts=run.added["drafts"],
            action_items=run.added["action_items"],
            audit_entries=audit_added,
            audit_present=audit_present,
            # What it wrote as it added records, and the entry about the import below.
            own_entries=_entries(writer) - logged - audit_added + 1,
        )
        writer.audit("readings.import", details=asdict(result))
        return result


def _entries(writer: Writer) -> int:
    return writer.connection.execute(select(func.count()).select_from(t.audit)).scalar_one()


class _Import:
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
