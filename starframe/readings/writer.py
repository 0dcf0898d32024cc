"""Readings' changes, within one write transaction: every method checks before it writes.

The rules that protect the records live here rather than in the screens that call them:
every reading is checked against the exact definition it references, a complete reading's
scores are never changed in place, and corrections, deletions and erasures need a reason and
leave an audit entry (the shared writer's `audit`) that holds codes, dates and field names but
never names or notes, and who made the change (the store's actor).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import delete, func, insert, select, text, update

from starframe.definition.models import MAX_POINTS, NA
from starframe.definition.rules import Violation
from starframe.readings.check import dating_violations, reading_violations
from starframe.readings.errors import InvalidReading, InvalidReadings, ReadingLocked
from starframe.readings.models import Mode, Person, Reading, Worker
from starframe.readings.reader import Reader, no_person, no_worker
from starframe.readings.rows import (
    PLAIN_SCORE_COLUMNS,
    READING_COLUMNS,
    SCORE_COLUMNS,
    action_rows,
    person_row,
    plain_score_values,
    reading_values,
    score_rows,
    score_values,
)
from starframe.store import tables as t
from starframe.store import writer as shared
from starframe.store.bulk import (
    Batch,
    Staging,
    chunks,
    copy_rows,
    insert_many,
    insert_values,
)
from starframe.store.errors import AlreadyExists, ChangedElsewhere, NotFound, StoreError
from starframe.store.score_keys import NO_VALUE, ZERO, score_key
from starframe.store.values import new_reading_id, now
from starframe.store.writer import required_reason

if TYPE_CHECKING:
    from starframe.definition.models import Star


class Writer(Reader, shared.Writer):
    """Readings' changes within one transaction, beside the shared ones; every method checks
    before it writes."""

    _places_made = False

    def add_person(self, person: Person) -> None:
        self.add_people([person])

    def add_people(self, people: Sequence[Person], *, taken: dict[str, str] | None = None) -> None:
        """Record new people; codes are unique, ignoring upper and lower case.

        `taken` (lower-case code → code) is every code recorded, for a caller that adds people
        in many batches (an import) and keeps it up to date; it is updated here. Without it,
        the codes are read from the database.
        """
        if taken is None:
            taken = self.people_codes()
        teams = {person.team for person in people}
        known = self._existing(t.teams.c.code, teams)
        if teams - known:
            missing = sorted(teams - known)[0]
            raise NotFound(
                f"no team has the code {missing}: add it first with `starframe teams add "
                f"{missing} --name NAME` (`starframe teams list` shows those recorded)."
            )
        for person in people:
            clash = taken.get(person.code.lower())
            if clash is not None:
                raise AlreadyExists(
                    f"a person with the code {clash} is already recorded: codes are unique "
                    "(and may not differ only in upper/lower case). Choose another code."
                )
            taken[person.code.lower()] = person.code
        stamp = now()
        insert_many(self.connection, t.people, [person_row(p, now=stamp) for p in people])
        insert_many(
            self.connection,
            t.audit,
            [self._entry(stamp, "person.add", person=p.code) for p in people],
        )

    def add_worker(self, worker: Worker) -> None:
        self.add_workers([worker])

    def add_workers(self, workers: Sequence[Worker]) -> None:
        taken = self._existing(t.workers.c.code, [w.code for w in workers])
        codes = [w.code for w in workers]
        twice = {code for code in codes if codes.count(code) > 1}
        if taken or twice:
            shown = ", ".join(sorted(taken | twice))
            raise AlreadyExists(f"a worker with the code {shown} is already recorded.")
        stamp = now()
        insert_many(
            self.connection,
            t.workers,
            [
                {"code": w.code, "name": w.name, "created_at": w.created_at or stamp}
                for w in workers
            ],
        )
        insert_many(
            self.connection,
            t.audit,
            [self._entry(stamp, "worker.add", details={"worker": w.code}) for w in workers],
        )

    def add_reading(
        self,
        reading: Reading,
        *,
        action: str = "add",
        definitions: Mapping[tuple[str, str], str] | None = None,
    ) -> Reading:
        try:
            return self.add_readings([reading], action=action, definitions=definitions)[0]
        except InvalidReadings as exc:
            raise InvalidReading(exc.failures[0]) from None

    def add_readings(
        self,
        readings: Sequence[Reading],
        *,
        action: str = "add",
        definitions: Mapping[tuple[str, str], str] | None = None,
        stored: bool = False,
        staging: Staging | None = None,
        checked: Sequence[object] = (),
    ) -> list[Reading]:
        """Check every reading, then write them all; returns them with id and definition.

        A reading without `definition` uses `definitions[(star, edition)]` (the installed
        text, see `sources.py`), else the definition of that edition stored most recently.
        One without `id` gets a new id; one without stamps is stored now, at revision 1.
        `stored` readings come from a database (an export being imported): they were checked
        when first stored, so the rules added since on their dates (`dating_violations`) do
        not apply to them. With `staging` (a PostgreSQL import), the readings, scores and
        action plans go to its staged tables, and `staging.finish()` writes them. `checked`
        (one a reading, or none) is what `CheckAhead` found for each, where it was read.
        """
        prepared, failures, ahead = self._prepare(
            readings, definitions or {}, stored=stored, checked=checked
        )
        if failures:
            raise InvalidReadings(failures)
        stamp = now()
        pks = self._reserve_pks(len(prepared))
        records, plain, scores, actions, entries, scans = [], [], [], [], [], []
        details: dict[tuple[str, str], str] = {}
        layouts: dict[str, tuple[str, ...]] = {}
        started, added = "reading.start", f"reading.{action}"
        for reading, pk, found in zip(prepared, pks, ahead, strict=True):
            records.append(reading_values(reading, pk, now=stamp))
            rows = plain_score_values(reading, pk)
            if rows is None:
                rows = score_values(reading, pk)
                scores.extend(rows)
            else:
                plain.extend(rows)
            if reading.status == "complete":
                scans.append(self._scan_row(reading, pk, rows, layouts, found))
            if reading.actions:
                actions.extend(action_rows(reading, pk))
            key = (reading.star, reading.edition)
            if key not in details:
                details[key] = json.dumps({"edition": reading.edition, "star": reading.star})
            entries.append(
                (
                    stamp,
                    self.store.actor,
                    started if reading.status == "draft" else added,
                    reading.person,
                    reading.id,
                    details[key],
                )
            )
        # Readings before the scores and plans that refer to them; then their audit entries.
        written: Batch = [
            (t.readings, READING_COLUMNS, records),
            (t.scores, PLAIN_SCORE_COLUMNS, plain),
            (t.scores, SCORE_COLUMNS, scores),
            (t.actions, _names(actions), [tuple(a.values()) for a in actions]),
            (t.readings_cohort_scan, SCAN_COLUMNS, scans),
        ]
        if staging is not None:
            # Written in the background while the next batch is read (`Staging.stage`).
            staging.stage(written, direct=[(t.audit, ENTRY_COLUMNS, entries)])
            return prepared
        for table, names, values in [*written, (t.audit, ENTRY_COLUMNS, entries)]:
            for chunk in chunks(values, 50_000):
                insert_values(self.connection, table, names, chunk)
        return prepared

    def _scan_row(
        self,
        reading: Reading,
        pk: int,
        rows: Sequence[tuple[Any, ...]],
        layouts: dict[str, tuple[str, ...]],
        checked: Checked | None = None,
    ) -> tuple[Any, ...]:
        """The reading's row in `readings_cohort_scan` (`SCAN_COLUMNS`), from its score rows
        (its key as `checked` found it, when it was checked ahead against its definition)."""
        definition = reading.definition
        assert definition is not None
        if checked is not None and checked.key is not None:
            key = checked.key
        else:
            layout = layouts.get(definition)
            if layout is None:
                layout = layouts[definition] = tuple(s.id for s in self.star(definition).scales)
            key = scan_key(layout, reading.scores, rows)
        return (
            pk,
            reading.star,
            reading.person,
            reading.date,
            reading.edition,
            reading.worker,
            key,
        )

    def stage_places(self, places: Sequence[tuple[str, str, int]]) -> None:
        """Where each reading a PostgreSQL import staged came from: (id, file, line)."""
        if not self._places_made:
            self.connection.exec_driver_sql(
                "CREATE TEMP TABLE import_places "
                "(seq bigserial, id text, file text, line integer) ON COMMIT DROP"
            )
            self._places_made = True
        rows = [{"id": i, "file": f, "line": n} for i, f, n in places]
        copy_rows(self.connection, "import_places", rows)

    def staged_duplicates(self, limit: int) -> list[tuple[str, str, int]]:
        """(id, file, line) of each staged reading whose id an earlier one has, in file order."""
        if not self._places_made:
            return []
        query = text(
            "SELECT id, file, line FROM (SELECT seq, id, file, line, "
            "row_number() OVER (PARTITION BY id ORDER BY seq) AS n FROM import_places) AS p "
            "WHERE n > 1 ORDER BY seq LIMIT :limit"
        )
        return [
            (row.id, row.file, row.line) for row in self.connection.execute(query, {"limit": limit})
        ]

    def _reserve_pks(self, count: int) -> list[int]:
        """Keys for new readings, so scores can be written without a round trip per reading.

        SQLite: the write transaction holds the database's write lock, so nobody else can
        take the keys after the current largest. PostgreSQL: the serial column's sequence.
        """
        if not count:
            return []
        if self.connection.dialect.name == "sqlite":
            top = self.connection.execute(select(func.max(t.readings.c.pk))).scalar() or 0
            return list(range(top + 1, top + count + 1))
        query = text(
            "SELECT nextval(pg_get_serial_sequence('readings', 'pk')) "
            "FROM generate_series(1, :count)"
        )
        return [int(pk) for pk in self.connection.execute(query, {"count": count}).scalars()]

    def _prepare(
        self,
        readings: Sequence[Reading],
        definitions: Mapping[tuple[str, str], str],
        *,
        stored: bool = False,
        checked: Sequence[object] = (),
    ) -> tuple[list[Reading], dict[int, list[Violation]], list[Checked | None]]:
        """The readings with id and definition, what is wrong with each that fails (by its
        place), and for each reading prepared what `checked` found that still holds."""
        people = self._consents(r.person for r in readings)
        workers = self._existing(t.workers.c.code, (r.worker for r in readings))
        taken = self._existing(t.readings.c.id, (r.id for r in readings if r.id))
        hashes = self._existing(
            t.definitions.c.hash,
            [*(r.definition for r in readings if r.definition), *definitions.values()],
        )
        latest: dict[tuple[str, str], str | None] = {}
        seen_ids: set[str] = set()
        today = dt.date.today()
        prepared: list[Reading] = []
        failures: dict[int, list[Violation]] = {}
        ahead: list[Checked | None] = []
        for index, reading in enumerate(readings):
            pre = checked[index] if checked else None
            found: list[Violation] = []
            hash_ = reading.definition or definitions.get((reading.star, reading.edition))
            if hash_ is None:
                key = (reading.star, reading.edition)
                if key not in latest:
                    latest[key] = self.latest_definition(*key)
                hash_ = latest[key]
                if hash_ is None:
                    found.append(_no_definition(reading))
            elif hash_ not in hashes:
                found.append(
                    Violation(
                        "SF711",
                        ("definition",),
                        f"this database holds no definition with hash {hash_[:12]}…: import "
                        "the export's definition records too, or remove `definition` to use "
                        "the installed Star.",
                    )
                )
                hash_ = None
            if reading.person not in people:
                found.append(Violation("SF709", ("person",), no_person(reading.person, [])))
            if not stored:
                found.extend(dating_violations(reading, people.get(reading.person)))
            if reading.worker not in workers:
                found.append(Violation("SF710", ("worker",), no_worker(reading.worker)))
            reading_id = reading.id or new_reading_id()
            if reading_id in taken or reading_id in seen_ids:
                found.append(taken_id(reading_id))
            seen_ids.add(reading_id)
            if not (isinstance(pre, Checked) and (pre.definition, pre.today) == (hash_, today)):
                pre = None  # checked against another definition, or on another day
            if pre is not None:
                found.extend(pre.violations)
            elif hash_ is not None:
                found.extend(reading_violations(reading, self.star(hash_), today=today))
            if found:
                failures[index] = found
                continue
            ahead.append(pre)
            if (reading.id, reading.definition) == (reading_id, hash_):
                prepared.append(reading)
            else:
                prepared.append(reading.model_copy(update={"id": reading_id, "definition": hash_}))
        return prepared, failures, ahead

    def _consents(self, codes: Iterable[str]) -> dict[str, dt.date]:
        """Each recorded person's consent date, by code (people not recorded are left out)."""
        people = t.people.c
        found: dict[str, dt.date] = {}
        for chunk in chunks(sorted(set(codes))):
            query = select(people.code, people.consent_date).where(people.code.in_(chunk))
            found.update({row.code: row.consent_date for row in self.connection.execute(query)})
        return found

    def save_draft(self, reading: Reading, *, revision: int) -> int:
        """Replace a draft's content (completing it when `status` is complete).

        `revision` is the one the caller last read or saved; if someone else saved since,
        nothing is written and `ChangedElsewhere` says so. Returns the new revision.
        """
        if reading.id is None:
            raise NotFound("a draft must be added before it is saved: use add_reading first.")
        current = self.stored(reading.id)
        old = current.reading
        if old.status == "complete":
            raise ReadingLocked(_locked(reading.id))
        fixed = {"person": old.person, "star": old.star, "edition": old.edition}
        changed = [name for name, value in fixed.items() if getattr(reading, name) != value]
        if changed:
            raise StoreError(
                f"a draft's {', '.join(changed)} cannot change: delete the draft and start a "
                "new one."
            )
        updated = reading.model_copy(update={"definition": old.definition})
        failures = self._prepare([updated.model_copy(update={"id": None})], {})[1]
        if failures:
            raise InvalidReading(failures[0])
        pk = self._pk(reading.id)
        # Scores before the status: once complete, a trigger locks them (0006).
        self.connection.execute(delete(t.scores).where(t.scores.c.reading_pk == pk))
        self.connection.execute(delete(t.actions).where(t.actions.c.reading_pk == pk))
        for table, rows in (
            (t.scores, score_rows(updated, pk)),
            (t.actions, action_rows(updated, pk)),
        ):
            if rows:
                self.connection.execute(insert(table), rows)
        result = self.connection.execute(
            update(t.readings)
            .where(t.readings.c.pk == pk, t.readings.c.revision == revision)
            .values(
                worker_code=updated.worker,
                taken_on=updated.date,
                mode=updated.mode,
                retrospective=updated.retrospective,
                status=updated.status,
                note=updated.note,
                revision=revision + 1,
                updated_at=now(),
            )
        )
        if result.rowcount != 1:
            raise ChangedElsewhere(
                f"draft {reading.id[:8]} was saved elsewhere (revision {current.revision}, "
                f"not {revision}): reload it and make the change again."
            )
        if updated.status == "complete":
            scan = self._scan_row(updated, pk, score_values(updated, pk), {})
            self.connection.execute(
                insert(t.readings_cohort_scan), [dict(zip(SCAN_COLUMNS, scan, strict=True))]
            )
            self.audit("reading.complete", person=old.person, reading=reading.id)
        return revision + 1

    def _pk(self, reading_id: str) -> int:
        pk = self.connection.execute(
            select(t.readings.c.pk).where(t.readings.c.id == reading_id)
        ).scalar()
        if pk is None:
            raise NotFound(f"no reading has id {reading_id}.")
        return int(pk)

    def revise(
        self,
        reading_id: str,
        *,
        reason: str | None,
        date: dt.date | None = None,
        worker: str | None = None,
        mode: Mode | None = None,
        retrospective: bool | None = None,
    ) -> Reading:
        """Correct a reading's details; its scores stay as they are."""
        why = required_reason(reason, "correcting a reading")
        current = self.stored(reading_id)
        old = current.reading
        wanted = {"date": date, "worker": worker, "mode": mode, "retrospective": retrospective}
        changes = {
            name: value
            for name, value in wanted.items()
            if value is not None and getattr(old, name) != value
        }
        if not changes:
            raise StoreError("nothing to correct: the details given are the ones recorded.")
        revised = old.model_copy(update=changes)
        checked = revised.model_copy(update={"id": None})
        failures = self._prepare([checked], {})[1]
        if failures:
            raise InvalidReading(failures[0])
        columns = {"date": "taken_on", "worker": "worker_code"}
        result = self.connection.execute(
            update(t.readings)
            .where(t.readings.c.id == reading_id, t.readings.c.revision == current.revision)
            .values(
                {
                    **{columns.get(name, name): value for name, value in changes.items()},
                    "revision": current.revision + 1,
                    "updated_at": now(),
                }
            )
        )
        if result.rowcount != 1:
            raise ChangedElsewhere(
                f"reading {reading_id[:8]} was changed elsewhere while correcting it: try again."
            )
        scanned = {columns[name]: changes[name] for name in ("date", "worker") if name in changes}
        if scanned:
            self.connection.execute(
                update(t.readings_cohort_scan)
                .where(t.readings_cohort_scan.c.reading_pk == self._pk(reading_id))
                .values(scanned)
            )
        self.audit(
            "reading.revise",
            person=old.person,
            reading=reading_id,
            details={
                "changes": {
                    name: [_plain(getattr(old, name)), _plain(value)]
                    for name, value in changes.items()
                }
            },
            reason=why,
        )
        return revised

    def delete_reading(self, reading_id: str, *, reason: str | None) -> Reading:
        why = required_reason(reason, "deleting a reading")
        old = self.reading(reading_id)
        self.connection.execute(delete(t.readings).where(t.readings.c.id == reading_id))
        self.audit(
            "reading.delete",
            person=old.person,
            reading=reading_id,
            details={
                "star": old.star,
                "edition": old.edition,
                "date": old.date.isoformat(),
                "status": old.status,
            },
            reason=why,
        )
        return old

    def erase_person(self, code: str, *, reason: str | None) -> int:
        """Remove a person and everything recorded about them; returns readings removed.

        Earlier audit entries about them keep their codes and dates (so the log stays
        complete) but lose their reasons, which are free text that might describe them.
        """
        why = required_reason(reason, "erasing a person")
        self.person(code)
        removed = self.connection.execute(
            delete(t.readings).where(t.readings.c.person_code == code)
        ).rowcount
        self.connection.execute(delete(t.people).where(t.people.c.code == code))
        self.connection.execute(
            update(t.audit)
            .where(t.audit.c.person_code == code, t.audit.c.reason.is_not(None))
            .values(reason="(erased with the person)")
        )
        self.audit("person.erase", person=code, details={"readings": removed}, reason=why)
        return int(removed)


class Checked(NamedTuple):
    """What checking a reading against its definition found, where the reading was read
    (`CheckAhead`): the same `_prepare` would find, for that definition on that day."""

    definition: str
    today: dt.date
    violations: list[Violation]
    key: str | None
    """Its cohort key (`scan_key`), when it is a complete reading without violations."""


class CheckAhead:
    """Checks readings against the Stars of their definitions (`stars`, by hash) where they
    are read, without a database: a second process reading an import's lines runs it
    (`ahead.py`). The writer uses what it found if it prepares the reading with that
    definition on that day (`Writer._prepare`)."""

    def __init__(self, stars: Mapping[str, Star]) -> None:
        self._stars = dict(stars)
        self._layouts = {hash_: tuple(s.id for s in star.scales) for hash_, star in stars.items()}

    def __call__(self, reading: Reading, today: dt.date) -> Checked | None:
        """None when `reading` names no definition `stars` holds."""
        definition = reading.definition
        star = self._stars.get(definition) if definition is not None else None
        if definition is None or star is None:
            return None
        violations = reading_violations(reading, star, today=today)
        key = None
        if not violations and reading.status == "complete":
            rows = plain_score_values(reading, 0)
            if rows is None:
                rows = score_values(reading, 0)
            key = scan_key(self._layouts[definition], reading.scores, rows)
        return Checked(definition, today, violations, key)


def scan_key(
    layout: Sequence[str], scores: Mapping[str, object], rows: Sequence[tuple[Any, ...]]
) -> str:
    """The cohort key (`score_keys.py`) of a reading with `scores` and score rows `rows`.

    The usual reading has a row for each scale it scores and no other: its key is made
    straight from its scores, without a mapping per reading (a million at an import);
    any other, from its rows."""
    if len(rows) == len(layout) == len(scores):
        try:
            return "".join(_KEY_PLACE[scores[scale_id]] for scale_id in layout)
        except KeyError:
            pass  # a scale or point the definition has not: `score_key` says which
    return score_key(layout, [(row[1], row[2]) for row in rows])


_KEY_PLACE: dict[object, str] = {
    NA: NO_VALUE,
    **{point: chr(ZERO + point) for point in range(1, MAX_POINTS + 1)},
}
"""A score's place in a reading's key (`score_keys.py`): `n/a` has no point."""

ENTRY_COLUMNS = ("at", "actor", "action", "person_code", "reading_id", "details")
"""The columns of the audit entry `Writer.add_readings` writes for each reading, in its order:
its `reason` is left NULL (nobody gives one to add a reading)."""

SCAN_COLUMNS = (
    "reading_pk",
    "star_id",
    "person_code",
    "taken_on",
    "edition",
    "worker_code",
    "scores",
)
"""The columns of `Writer._scan_row`, in its order."""


def _names(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The columns rows built by one function name, in the order they name them."""
    return tuple(rows[0]) if rows else ()


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _locked(reading_id: str) -> str:
    return (
        f"reading {reading_id[:8]} is complete, and a complete reading's scores are never "
        "changed: correct its date, worker or mode with `starframe readings revise`, or "
        "delete it (with a reason) and add a corrected reading."
    )


def taken_id(reading_id: str) -> Violation:
    return Violation(
        "SF712",
        ("id",),
        f"a reading with id {reading_id} is already recorded: remove `id` to add this as a new "
        "reading.",
    )


def _no_definition(reading: Reading) -> Violation:
    return Violation(
        "SF711",
        ("star",),
        f"Star {reading.star} {reading.edition} is not installed and this database holds no "
        "copy of it: install the plugin that provides it (see `starframe stars list`).",
    )
