"""`starframe fhir import`: a Bundle's workers, people and readings, all or nothing.

The records go in through the readings import (`readings/importing.py`) in one transaction,
so they meet the same checks and problem codes as `readings import`, placed at their JSON
path (`records.FhirRecord`); any problem rolls everything back. A person or worker already
recorded is compared only on what a Bundle carries (a Patient never carries the display
name), so importing an export back into its own database changes nothing. A response for a
Star edition that is neither installed nor held by the database is refused with the reason
(SF711); one naming the exact definition it used (starframe's `definition` extension) needs
that text, installed or held (SF911).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starframe.fhir.records import FhirRecord
from starframe.limits import MAX_PROBLEMS
from starframe.problems import Problem
from starframe.readings.files import Record
from starframe.readings.importing import ImportFailed, ReadingsImport
from starframe.readings.models import Person, Reading, Worker
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store
from starframe.readings.writer import Writer

CARRIED: dict[type[Person | Worker], tuple[str, ...]] = {
    Person: ("consent_date", "birth_years", "support_need"),
    Worker: ("name",),
}
"""What a Patient and a Practitioner carry of a person and a worker, besides the code."""


@dataclass(frozen=True)
class Imported:
    readings: int
    drafts: int
    people: int
    workers: int
    unchanged: int
    """Records already in the database as the Bundle gives them, so skipped."""


def import_bundle(
    store: Store,
    records: Sequence[FhirRecord],
    installed: InstalledDefinitions,
    *,
    found: Sequence[Problem] = (),
) -> Imported:
    """Write every record in one transaction, or raise ImportFailed and write nothing.

    `found` are the problems reading the Bundle found: the records read are still checked,
    so one run lists everything, and nothing is written.
    """
    workers = [r for r in records if isinstance(r.model, Worker)]
    people = [r for r in records if isinstance(r.model, Person)]
    readings = [r for r in records if isinstance(r.model, Reading)]
    with store.write() as writer:
        problems: list[Problem] = list(found)
        unchanged = 0
        fresh_workers, same = _new(writer, workers, problems)
        unchanged += same
        fresh_people, same = _new(writer, people, problems)
        unchanged += same
        # A Bundle is read whole before the import starts, so nothing halts it part way, and a
        # reading's place is its resource, not a line of text.
        run = ReadingsImport(writer, installed, halted=lambda: False, lines=lambda _file, _at: {})
        run.workers(list(fresh_workers))
        run.people(list(fresh_people))
        if len(problems) == len(found):  # a person or worker refused would refuse their readings
            missing = _definitions(writer, readings, installed)
            problems.extend(missing)
            if not missing:
                run.readings(list(readings))
        problems.extend(run.problems)
        if problems:
            raise ImportFailed(problems[:MAX_PROBLEMS])
        done = Imported(
            readings=run.added["readings"],
            drafts=run.added["drafts"],
            people=run.added["people"],
            workers=run.added["workers"],
            unchanged=unchanged + run.unchanged,
        )
        writer.audit(
            "fhir.import",
            details={"readings": done.readings, "people": done.people, "workers": done.workers},
        )
        return done


def _new(
    writer: Writer, records: list[FhirRecord], problems: list[Problem]
) -> tuple[list[Record], int]:
    """The records not yet held; one held with other details is a problem (SF912)."""
    if not records:
        return [], 0
    held: dict[str, Person | Worker] = {
        p.code: p
        for p in (writer.people() if isinstance(records[0].model, Person) else writer.workers())
    }
    fresh: list[Record] = []
    seen: set[str] = set()
    same = 0
    for record in records:
        model = record.model
        assert isinstance(model, Person | Worker)
        if model.code in seen:
            problems.append(
                record.problem("SF910", f"`{model.code}` is given twice: keep one.", ("code",))
            )
            continue
        seen.add(model.code)
        existing = held.get(model.code)
        if existing is None:
            fresh.append(record)
            continue
        differ = [
            name for name in CARRIED[type(model)] if getattr(existing, name) != getattr(model, name)
        ]
        if differ:
            problems.append(
                record.problem(
                    "SF912",
                    f"`{model.code}` is already recorded with another {', '.join(differ)}: "
                    "nothing is overwritten by an import. Correct the record in the database, "
                    "or in the Bundle, first.",
                    (differ[0],),
                )
            )
        else:
            same += 1
    return fresh, same


def _definitions(
    writer: Writer, readings: list[FhirRecord], installed: InstalledDefinitions
) -> list[Problem]:
    """Store the installed text of each edition the responses name, and check that every
    exact definition they name is now held (SF911)."""
    models = [r.model for r in readings if isinstance(r.model, Reading)]
    installed.hashes(writer, [m.model_copy(update={"definition": None}) for m in models])
    named = {m.definition for m in models if m.definition}
    held = {hash_ for hash_ in named if writer.has_definition(hash_)}
    problems = []
    for record in readings:
        model = record.model
        assert isinstance(model, Reading)
        if model.definition and model.definition not in held:
            problems.append(
                record.problem(
                    "SF911",
                    f"the reading was taken with a text of {model.star} {model.edition} "
                    f"(sha256 {model.definition[:12]}…) that is neither installed nor held by "
                    "this database: install the plugin version it was taken with, or leave the "
                    "`definition` extension out to use the installed text.",
                    ("definition",),
                )
            )
    return problems
