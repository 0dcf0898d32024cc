"""Write a file's records in one transaction: readings, the audit log and practice records.

Every record is checked, every problem is collected (up to a limit) with its file position,
and if there is any, the transaction is rolled back so the database is exactly as it was.
Readings' records go in through `readings/importing.py`, practice records (sessions, answers,
certificates) to their own tables through `practice.py`: readings never need them, and they
never touch a reading, a person or a worker. The audit log of a whole-database export goes in
first (`audit.py`), so it stays before the entries the import writes about itself; the result
counts both, so `db check` can be compared with it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Protocol

from pydantic import BaseModel
from sqlalchemy import func, select

from starframe.practice.records import (
    PracticeAttemptRecord,
    PracticeCertificateRecord,
    PracticeSessionRecord,
)
from starframe.problems import Problem
from starframe.readings.files import Record
from starframe.readings.importing import MAX_PROBLEMS, ImportFailed, ReadingsImport
from starframe.readings.models import (
    AuditRecord,
    DefinitionRecord,
    Person,
    Reading,
    Team,
    Worker,
)
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store
from starframe.readings.streams import MakeCheck, RecordList
from starframe.readings.writer import Writer
from starframe.store import tables as t
from starframe.store.bulk import analyze, bulk_load
from starframe.transfer.audit import import_audit
from starframe.transfer.practice import PracticeImport


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
        """How many of each kind (`store/kinds.py`) were added, as `db check` counts them."""
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


class RecordSource(Protocol):
    """Where an import's records come from: files read as it goes (`RecordFiles`), or a list."""

    problems: list[Problem]

    @property
    def ok(self) -> bool: ...

    @property
    def large(self) -> bool:
        """A bulk load (`Store.write`'s `bulk`)."""

    def records(
        self, types: Collection[type[BaseModel]], ahead: MakeCheck | None = None
    ) -> Iterator[Record]: ...

    def lines(self, file: str, numbers: set[int]) -> Mapping[int, str]: ...


def import_records(
    store: Store, records: Sequence[Record], installed: InstalledDefinitions
) -> ImportResult:
    """Write every record in one transaction, or nothing if any has a problem."""
    return import_source(store, RecordList(records), installed)


def import_source(
    store: Store, source: RecordSource, installed: InstalledDefinitions
) -> ImportResult:
    """Write every record `source` reads in one transaction, or nothing if any has a problem.

    The records are read a kind at a time, in the order they refer to one another, and
    written in batches: memory holds one batch, whatever the size of the files. A problem
    reading the files fails the import as it did before it was opened: those problems are
    the ones reported.
    """
    with store.write(bulk=source.large) as writer, bulk_load(writer.connection):
        logged = _entries(writer)
        # The moved log first, so it stays before the entries this import writes about itself.
        moved_log = (r.model for r in source.records({AuditRecord}))
        audit_added, audit_present = import_audit(
            writer.connection, (m for m in moved_log if isinstance(m, AuditRecord))
        )
        run = ReadingsImport(writer, installed, halted=lambda: not source.ok, lines=source.lines)
        run.definitions(source.records({DefinitionRecord}))
        run.workers(source.records({Worker}))
        run.teams(source.records({Team}))
        run.people(source.records({Person}))
        analyze(writer.connection, (t.definitions, t.workers, t.people, t.readings))
        run.readings(source.records({Reading}, ahead=run.check_ahead))
        practice = PracticeImport(writer.connection, limit=MAX_PROBLEMS)
        practice.run(
            list(source.records({PracticeSessionRecord})),
            list(source.records({PracticeAttemptRecord})),
            list(source.records({PracticeCertificateRecord})),
        )
        if not source.ok:
            raise ImportFailed(source.problems)
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
