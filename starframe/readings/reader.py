"""Readings' queries, within one read transaction: a consistent view of the database.

Readings come back as the models they were written as, with their scales in the Star's
order; each Star is loaded from the definition text the database keeps (the shared reader's
`star`), and cached by hash. People, workers and readings come back without their stamps
(when stored, revision) unless `stamped`: an export asks for them, and everything else compares
records with what was written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from sqlalchemy import String, and_, case, cast, func, literal, or_, select

from starframe.readings.export_rows import NA_TOKEN, ReadingRows
from starframe.readings.models import DefinitionRecord, Person, Reading, Worker
from starframe.readings.rows import build_person, build_reading, build_worker
from starframe.readings.stored import CohortRow, PersonStats, StoredReading
from starframe.store import reader as shared
from starframe.store import tables as t
from starframe.store.bulk import chunks
from starframe.store.errors import NotFound
from starframe.store.values import in_utc, utc


class Reader(shared.Reader):
    """Readings' queries within one transaction, beside the shared ones."""

    # People and workers

    def person(self, code: str) -> Person:
        row = self.connection.execute(select(t.people).where(t.people.c.code == code)).first()
        if row is None:
            raise NotFound(no_person(code, self._similar_people(code)))
        return build_person(dict(row._mapping))

    def _similar_people(self, code: str) -> list[str]:
        rows = self.connection.execute(
            select(t.people.c.code).where(func.lower(t.people.c.code) == code.lower())
        )
        return [row.code for row in rows]

    def people(self, *, stamped: bool = False) -> list[Person]:
        return list(self.each_person(stamped=stamped))

    def each_person(self, *, stamped: bool = False) -> Iterator[Person]:
        """Everyone recorded, by code, read a batch at a time (an export of 250,000 people)."""
        query = select(t.people).order_by(t.people.c.code).execution_options(yield_per=READ_BATCH)
        for row in self.connection.execute(query):
            yield build_person(dict(row._mapping), stamped=stamped)

    def person_stats(self) -> dict[str, PersonStats]:
        query = select(
            t.readings.c.person_code, func.count(), func.max(t.readings.c.taken_on)
        ).group_by(t.readings.c.person_code)
        return {
            code: PersonStats(count, latest)
            for code, count, latest in self.connection.execute(query)
        }

    def worker(self, code: str) -> Worker:
        row = self.connection.execute(select(t.workers).where(t.workers.c.code == code)).first()
        if row is None:
            raise NotFound(no_worker(code))
        return build_worker(dict(row._mapping))

    def workers(self, *, stamped: bool = False) -> list[Worker]:
        rows = self.connection.execute(select(t.workers).order_by(t.workers.c.code))
        return [build_worker(dict(row._mapping), stamped=stamped) for row in rows]

    # Definitions, as an export carries them

    def definitions_used(self, hashes: Iterable[str] | None) -> list[DefinitionRecord]:
        """The given definitions (None: all) as export records, by hash, stamps included."""
        if hashes is None:
            hashes = self.connection.execute(select(t.definitions.c.hash)).scalars()
        result: list[DefinitionRecord] = []
        for chunk in chunks(sorted(set(hashes))):
            query = select(t.definitions).where(t.definitions.c.hash.in_(chunk))
            result.extend(
                DefinitionRecord.model_construct(
                    hash=row.hash,
                    star=row.star_id,
                    edition=row.edition,
                    text=bytes(row.text).decode(),
                    stored_at=in_utc(row.stored_at),
                )
                for row in self.connection.execute(query)
            )
        return sorted(result, key=lambda record: record.hash)

    # Readings

    def resolve_id(self, given: str) -> str:
        """A full reading id from the id or a unique prefix of it (at least 4 characters)."""
        wanted = given.strip().lower()
        if len(wanted) < 4 or not all(ch in "0123456789abcdef" for ch in wanted):
            raise NotFound(
                f"`{given}` is not a reading id: give the id shown by `starframe readings list` "
                "(its first 8 characters are enough)."
            )
        query = select(t.readings.c.id).where(t.readings.c.id.like(f"{wanted}%")).limit(3)
        found = list(self.connection.execute(query).scalars())
        if not found:
            raise NotFound(f"no reading has id {given}; see `starframe readings list`.")
        if len(found) > 1:
            raise NotFound(f"`{given}` matches several readings: give more of the id.")
        return str(found[0])

    def existing_reading_ids(self, ids: Iterable[str]) -> set[str]:
        return self._existing(t.readings.c.id, ids)

    def people_by_code(self, codes: Iterable[str]) -> dict[str, Person]:
        """The people recorded with these codes, by code."""
        found: dict[str, Person] = {}
        for chunk in chunks(sorted(set(codes))):
            query = select(t.people).where(t.people.c.code.in_(chunk))
            for row in self.connection.execute(query):
                found[row.code] = build_person(dict(row._mapping))
        return found

    def people_codes(self) -> dict[str, str]:
        """Every person's code, by its lower-case form (codes are unique ignoring case)."""
        codes = self.connection.execute(select(t.people.c.code)).scalars()
        return {code.lower(): code for code in codes}

    def last_reading_pk(self) -> int:
        """The largest reading key: readings recorded after this moment have larger ones."""
        return int(self.connection.execute(select(func.max(t.readings.c.pk))).scalar() or 0)

    def readings_by_id(self, ids: Iterable[str], *, up_to: int | None = None) -> dict[str, Reading]:
        """The readings with these ids (those recorded), by id; `up_to` a key: only readings
        recorded by then (`last_reading_pk`), not those an import in progress added since."""
        r = t.readings.c
        rows: list[Any] = []
        for chunk in chunks(sorted(set(ids))):
            query = select(t.readings).where(r.id.in_(chunk))
            if up_to is not None:
                query = query.where(r.pk <= up_to)
            rows.extend(row._mapping for row in self.connection.execute(query))
        return {reading.id or "": reading for reading in self._build(rows)}

    def stored(self, reading_id: str) -> StoredReading:
        row = self.connection.execute(
            select(t.readings).where(t.readings.c.id == reading_id)
        ).first()
        if row is None:
            raise NotFound(f"no reading has id {reading_id}; see `starframe readings list`.")
        reading = self._build([row._mapping])[0]
        return StoredReading(reading, row.revision, utc(row.created_at), utc(row.updated_at))

    def reading(self, reading_id: str) -> Reading:
        return self.stored(reading_id).reading

    def readings(
        self,
        *,
        person: str | None = None,
        star: str | None = None,
        edition: str | None = None,
        worker: str | None = None,
        status: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        stamped: bool = False,
        team: str | None = None,
    ) -> list[Reading]:
        """Readings matching every filter given, oldest first (`each_reading`, held)."""
        chosen = Filters(person, star, edition, worker, status, since, until, team)
        return list(self.each_reading(stamped=stamped, **asdict(chosen)))

    def each_reading(
        self, *, stamped: bool = False, newest: int | None = None, **filters: Any
    ) -> Iterator[Reading]:
        """Readings matching every filter given, oldest first, read a batch at a time.

        A million readings are never held at once: a list or export writes each batch as it
        comes. `newest` keeps only that many of the latest (still oldest first).
        """
        query = select(t.readings).where(*_chosen(newest, filters))
        query = query.order_by(*_CHRONOLOGICAL).execution_options(yield_per=READ_BATCH)
        for rows in self.connection.execute(query).partitions():
            yield from self._build([row._mapping for row in rows], stamped=stamped)

    def each_reading_rows(self, **filters: Any) -> Iterator[ReadingRows]:
        """The readings `each_reading` would give, in its order, as the rows they are stored
        as (`export_rows`). One ordered statement: beside each reading's row, the database
        packs its scores into one text (`_packed_scores`) and says whether it has an action
        plan; only the few readings whose scores hold more than a value, or that have a plan,
        have those rows read, a batch at a time."""
        r, s, a = t.readings.c, t.scores.c, t.actions.c
        planned = select(a.reading_pk).where(a.reading_pk == r.pk).exists()
        query = select(t.readings, _packed_scores().label("packed"), planned.label("planned"))
        query = query.where(*_chosen(None, filters)).order_by(*_CHRONOLOGICAL)
        full_rows = select(s.reading_pk, s.scale_id, s.value, s.not_applicable)
        full_rows = full_rows.add_columns(s.person_value, s.reason, s.note)
        result = self.connection.execute(query.execution_options(yield_per=READ_BATCH))
        for rows in result.partitions():
            packed = [_unpacked(row.packed) for row in rows]
            full: dict[int, list[Any]] = {
                row.pk: [] for row, (_s, _t, more) in zip(rows, packed, strict=True) if more
            }
            actions: dict[int, list[Any]] = {row.pk: [] for row in rows if row.planned}
            for chunk in chunks(list(full)):
                for score in self.connection.execute(full_rows.where(s.reading_pk.in_(chunk))):
                    full[score[0]].append(tuple(score))
            for chunk in chunks(list(actions)):
                for action in self.connection.execute(
                    select(t.actions).where(a.reading_pk.in_(chunk))
                ):
                    actions[action.reading_pk].append(action._mapping)
            for row, (scales, tokens, _more) in zip(rows, packed, strict=True):
                pk = row.pk
                yield ReadingRows(row._mapping, scales, tokens, full.get(pk), actions.get(pk, ()))

    def each_listed(self, *, newest: int | None = None, **filters: Any) -> Iterator[Listed]:
        """What `readings list` shows of each reading `each_reading` would give, in its
        order: the reading's own row only, so a million are listed in seconds."""
        r = t.readings.c
        columns = (r.id, r.taken_on, r.person_code, r.star_id, r.edition, r.worker_code)
        query = select(*columns, r.mode, r.retrospective, r.status)
        query = query.where(*_chosen(newest, filters)).order_by(*_CHRONOLOGICAL)
        for row in self.connection.execute(query.execution_options(yield_per=READ_BATCH)):
            yield Listed(*row)

    def count_readings(self, **filters: Any) -> int:
        query = select(func.count()).select_from(t.readings)
        return int(
            self.connection.execute(query.where(*_conditions(Filters(**filters)))).scalar_one()
        )

    def list_widths(self, **filters: Any) -> list[int]:
        """The longest of each column `readings list` shows, over the readings chosen: its
        lines are then written as the readings are read."""
        r = t.readings.c
        mode = func.length(r.mode) + case((r.retrospective, len(" (retrospective)")), else_=0)
        lengths = (
            func.length(r.person_code),
            func.length(r.star_id) + 1 + func.length(r.edition),
            func.length(r.worker_code),
            mode,
            func.length(r.status),
        )
        query = select(*(func.max(length) for length in lengths))
        found = self.connection.execute(query.where(*_conditions(Filters(**filters)))).one()
        return [8, 10, *(int(width or 0) for width in found)]

    def reading_references(self, **filters: Any) -> tuple[set[str], set[str], set[str]]:
        """The definitions, workers and people the readings matching the filters refer to."""
        r = t.readings.c
        conditions = _conditions(Filters(**filters))
        found = []
        for column in (r.definition_hash, r.worker_code, r.person_code):
            query = select(column).where(*conditions).distinct()
            found.append(set(self.connection.execute(query).scalars()))
        return found[0], found[1], found[2]

    def _build(self, rows: Sequence[Any], *, stamped: bool = False) -> list[Reading]:
        """The readings of `rows` (of `readings`), with their scores and action plans."""
        by_pk: dict[int, tuple[list[Any], list[Any]]] = {row["pk"]: ([], []) for row in rows}
        pks = list(by_pk)
        s, a = t.scores.c, t.actions.c
        for chunk in chunks(pks):
            scores = select(s.reading_pk, s.scale_id, s.value, s.not_applicable)
            scores = scores.add_columns(s.person_value, s.reason, s.note)
            found = self.connection.execute(scores.where(s.reading_pk.in_(chunk)))
            # The driver's own tuples: ten million scores skip SQLAlchemy's rows (a boolean is
            # 0 or 1 from SQLite, which `build_reading` reads as such).
            for score in found.cursor.fetchall():
                by_pk[score[0]][0].append(score)
            found.close()
            for action in self.connection.execute(select(t.actions).where(a.reading_pk.in_(chunk))):
                by_pk[action.reading_pk][1].append(action._mapping)
        result = []
        ranks: dict[str, dict[str, int]] = {}
        for row in rows:
            definition = row["definition_hash"]
            rank = ranks.get(definition)
            if rank is None:
                scales = self.star(definition).scales
                rank = ranks[definition] = {scale.id: index for index, scale in enumerate(scales)}
            found_scores, found_actions = by_pk[row["pk"]]
            result.append(build_reading(row, found_scores, found_actions, rank, stamped=stamped))
        return result

    def editions(self, star_id: str) -> list[str]:
        """Editions of a Star that complete readings in this database use."""
        query = (
            select(t.readings.c.edition)
            .where(t.readings.c.star_id == star_id, t.readings.c.status == "complete")
            .distinct()
        )
        return sorted(self.connection.execute(query).scalars())

    # Summaries

    def definition_hashes(self, star_id: str) -> dict[str, list[str]]:
        """Edition → the definition texts (by hash) complete readings of that edition use.

        Asked of each stored definition (a handful), not of each reading (a million): the
        index on readings' Star, edition and status finds the first such reading at once.
        """
        r, d = t.readings.c, t.definitions.c
        used = (
            select(r.pk)
            .where(
                r.star_id == d.star_id,
                r.edition == d.edition,
                r.status == "complete",
                r.definition_hash == d.hash,
            )
            .exists()
        )
        query = (
            select(d.edition, d.hash).where(d.star_id == star_id, used).order_by(d.edition, d.hash)
        )
        found: dict[str, list[str]] = {}
        for edition, hash_ in self.connection.execute(query):
            found.setdefault(edition, []).append(hash_)
        return found

    def cohort_rows(
        self,
        star_id: str,
        editions: Sequence[str],
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        worker: str | None = None,
        renames: Mapping[tuple[str, str], str] | None = None,
        team: str | None = None,
    ) -> list[CohortRow]:
        """Per scale, people counted by (first, second, latest) score and how many readings
        (two or more, three or more) they have.

        One statement over the cohort scan (`cohort_scan.py`): the database joins each
        person's keys of the editions given, oldest first, and numpy picks out their first,
        second and latest and counts them a scale at a time. `renames` maps (edition, scale
        id) of older editions to the scale id readings are summarised under, so one person's
        first and latest readings pair up across editions.
        """
        from starframe.readings.cohort_scan import scan_rows

        hashes = self.definition_hashes(star_id)
        layouts = {
            edition: [scale.id for scale in self.star(hashes[edition][0]).scales]
            for edition in editions
            if hashes.get(edition)
        }
        if not layouts:
            return []
        return scan_rows(
            self.connection,
            star_id,
            layouts,
            since=since,
            until=until,
            worker=worker,
            renames=renames,
            team=team,
        )


READ_BATCH = 2_000
"""Readings built at a time when reading many: their scores come in one query a batch."""


@dataclass(frozen=True)
class Filters:
    """What `readings list` and `export` choose readings by: each given one must match."""

    person: str | None = None
    star: str | None = None
    edition: str | None = None
    worker: str | None = None
    status: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    team: str | None = None
    """Only readings of people in this team's caseload (an owner's or lead's view of one team:
    on a secured database a worker sees only their own teams anyway, with no filter)."""


class Listed(NamedTuple):
    """A reading as `readings list` shows it: its own details, without scores."""

    id: str
    date: dt.date
    person: str
    star: str
    edition: str
    worker: str
    mode: str
    retrospective: bool
    status: str


def _packed_scores() -> Any:
    """A reading's scores as one text the database makes: `scales|tokens|more`, where
    `scales` are the scales scored (or n/a), comma-separated, `tokens` their values as JSON
    writes them, in the same order, and `more` 1 when a score row holds more than its value
    (the person's score, a reason, a note). NULL for a reading without score rows."""
    s = t.scores.c
    scored = or_(s.value.is_not(None), s.not_applicable.is_(True))
    token = case(
        (s.value.is_not(None), cast(s.value, String)),
        (s.not_applicable.is_(True), literal(NA_TOKEN)),
    )
    more = or_(s.person_value.is_not(None), s.reason.is_not(None), s.note.is_not(None))
    scales = func.coalesce(func.aggregate_strings(case((scored, s.scale_id)), ","), "")
    tokens = func.coalesce(func.aggregate_strings(token, ","), "")
    flag = cast(func.max(case((more, 1), else_=0)), String)
    packed = scales.concat("|").concat(tokens).concat("|").concat(flag)
    return select(packed).where(s.reading_pk == t.readings.c.pk).scalar_subquery()


def _unpacked(packed: str | None) -> tuple[str, str, bool]:
    """(scales, tokens, more) of `_packed_scores`."""
    if packed is None:
        return "", "", False
    scales, tokens, more = packed.split("|")
    return scales, tokens, more == "1"


def _chosen(newest: int | None, filters: Mapping[str, Any]) -> list[Any]:
    """The conditions that choose the readings `filters` name, or the `newest` of them."""
    r = t.readings.c
    conditions = _conditions(Filters(**filters))
    if newest is None:
        return conditions
    latest = select(r.pk).where(*conditions)
    latest = latest.order_by(*(column.desc() for column in _CHRONOLOGICAL)).limit(newest)
    return [r.pk.in_(latest.scalar_subquery())]


def _conditions(filters: Filters) -> list[Any]:
    r = t.readings.c
    conditions: list[Any] = [
        column == value
        for column, value in (
            (r.person_code, filters.person),
            (r.star_id, filters.star),
            (r.edition, filters.edition),
            (r.worker_code, filters.worker),
            (r.status, filters.status),
        )
        if value is not None
    ]
    if filters.since is not None:
        conditions.append(r.taken_on >= filters.since)
    if filters.until is not None:
        conditions.append(r.taken_on <= filters.until)
    if filters.team is not None:
        conditions.append(_in_team(filters.team))
    return conditions


def _in_team(team: str) -> Any:
    """Readings of people in `team`'s caseload."""
    people = t.people.c
    return t.readings.c.person_code.in_(select(people.code).where(people.team_code == team))


_CHRONOLOGICAL = (t.readings.c.taken_on, t.readings.c.pk)
"""Date taken, then order of entry (keys only grow; an import keeps its file's order)."""


def _when(condition: Any, value: Any) -> Any:
    return case((condition, value))


def _canonical(scale_id: Any, edition: Any, renames: Mapping[tuple[str, str], str]) -> Any:
    """The scale id a score is summarised under: renamed scales of older editions mapped."""
    if not renames:
        return scale_id
    whens = [
        (and_(edition == old_edition, scale_id == old_id), new_id)
        for (old_edition, old_id), new_id in renames.items()
    ]
    return case(*whens, else_=scale_id)


def no_person(code: str, similar: list[str]) -> str:
    hint = f" (did you mean {', '.join(similar)}? codes are case-sensitive)" if similar else ""
    return (
        f"no person has the code {code}{hint}. See `starframe people list`, or add them with "
        f"`starframe people add {code} --consent YYYY-MM-DD`."
    )


def no_worker(code: str) -> str:
    return (
        f"no worker has the code {code}. See `starframe workers list`, or add them with "
        f"`starframe workers add {code} --name NAME`."
    )
