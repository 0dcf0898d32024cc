"""The pilot report's input as numpy arrays: one row per complete reading, one column per scale.

The report asks the same few questions of every scale (how many n/a, who moved, what the first
readings were), so the readings are read once into arrays and each question is one vectorised
step, instead of a pass over 40,000 reading objects per scale. From the database the rows come
from two plain queries (readings, then their scores) with no models built; readings given as
objects (`Reading`, in tests and in the demo) become the same arrays, so both take one path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from starframe.store import tables as t

MISSING = -3
"""No score recorded for the scale in this reading."""
NOT_APPLICABLE = -2
UNSCORED = -1
"""A score row with neither a point nor n/a."""
NO_OWN = -1
"""No point of the person's own (not collaborative, or not given)."""


class Scored(Protocol):
    """What the report reads of a reading: a `Reading`, or anything with the same fields."""

    @property
    def person(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def mode(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def scores(self) -> Mapping[str, int | str | None]: ...
    @property
    def person_scores(self) -> Mapping[str, int]: ...


@dataclass(frozen=True)
class ScoreTable:
    """Complete readings, in the order given (oldest first from the store)."""

    person: NDArray[np.intp]
    """Each reading's person, numbered in the order people first appear."""
    people: int
    day: NDArray[np.int64]
    """Each reading's date as an ordinal (`date.toordinal`)."""
    collaborative: NDArray[np.bool_]
    code: NDArray[np.int64]
    """readings × scales: the point, or UNSCORED, NOT_APPLICABLE, MISSING."""
    own: NDArray[np.int64]
    """readings × scales: the person's own point in a collaborative reading, or NO_OWN."""

    @property
    def readings(self) -> int:
        return len(self.person)

    def first_and_latest(self) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
        """Per person (in order of first appearance): the row of their first reading, of their
        latest, and how many readings they have. Ordered by date; readings on the same day
        keep the order given (a stable sort)."""
        order = np.lexsort((np.arange(self.readings), self.day, self.person))
        held = np.bincount(self.person, minlength=self.people)
        ends = np.cumsum(held)
        first = order[ends - held]
        latest = order[ends - 1]
        return first, latest, held


def _person_numbers(codes: Iterable[str]) -> tuple[NDArray[np.intp], int]:
    numbers: dict[str, int] = {}
    found = [numbers.setdefault(code, len(numbers)) for code in codes]
    return np.asarray(found, dtype=np.intp), len(numbers)


def table_from_readings(readings: Iterable[Scored], scale_ids: Sequence[str]) -> ScoreTable:
    """The table of the complete ones among `readings` (a Reading's own fields)."""
    kept = [r for r in readings if r.status == "complete"]
    person, people = _person_numbers(r.person for r in kept)
    code = np.full((len(kept), len(scale_ids)), MISSING, dtype=np.int64)
    own = np.full((len(kept), len(scale_ids)), NO_OWN, dtype=np.int64)
    for row, reading in enumerate(kept):
        for column, scale_id in enumerate(scale_ids):
            if scale_id in reading.scores:
                code[row, column] = _code(reading.scores[scale_id])
            if scale_id in reading.person_scores:
                own[row, column] = reading.person_scores[scale_id]
    return ScoreTable(
        person=person,
        people=people,
        day=np.asarray([r.date.toordinal() for r in kept], dtype=np.int64),
        collaborative=np.asarray([r.mode == "collaborative" for r in kept], dtype=np.bool_),
        code=code,
        own=own,
    )


def _code(score: int | str | None) -> int:
    if isinstance(score, int):
        return score
    return NOT_APPLICABLE if score == "n/a" else UNSCORED


def table_from_store(
    connection: Connection,
    star_id: str,
    edition: str,
    scale_ids: Sequence[str],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> ScoreTable:
    """The complete readings of one edition that have scores, oldest first (date taken, then
    order of entry), read with two plain queries."""
    r, s = t.readings.c, t.scores.c
    conditions: list[Any] = [r.star_id == star_id, r.edition == edition, r.status == "complete"]
    if since is not None:
        conditions.append(r.taken_on >= since)
    if until is not None:
        conditions.append(r.taken_on <= until)
    scored = select(s.reading_pk).where(s.reading_pk == r.pk).exists()
    heads = connection.execute(
        select(r.pk, r.person_code, r.taken_on, r.mode)
        .where(*conditions, scored)
        .order_by(r.taken_on, r.pk)
    ).all()
    # Every column an integer worked out by the database (the scale's column, the point or
    # its code, the person's own point), fetched from the driver's cursor as plain tuples:
    # SQLAlchemy's rows would cost more than the query for a quarter of a million of them.
    column = case({scale_id: i for i, scale_id in enumerate(scale_ids)}, value=s.scale_id)
    point = case((s.not_applicable, NOT_APPLICABLE), (s.value.is_(None), UNSCORED), else_=s.value)
    result = connection.execute(
        select(
            s.reading_pk,
            func.coalesce(column, -1),
            point,
            func.coalesce(s.person_value, NO_OWN),
        )
        .select_from(t.readings.join(t.scores, s.reading_pk == r.pk))
        .where(*conditions)
    )
    try:
        rows = result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()
    fetched = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
    scores = fetched[fetched[:, 1] >= 0]  # a scale the edition does not have
    pks = np.fromiter((h[0] for h in heads), dtype=np.int64, count=len(heads))
    by_pk = np.argsort(pks)
    where = by_pk[np.searchsorted(pks, scores[:, 0], sorter=by_pk)]
    person, people = _person_numbers(h[1] for h in heads)
    code = np.full((len(heads), len(scale_ids)), MISSING, dtype=np.int64)
    own = np.full((len(heads), len(scale_ids)), NO_OWN, dtype=np.int64)
    code[where, scores[:, 1]] = scores[:, 2]
    own[where, scores[:, 1]] = scores[:, 3]
    return ScoreTable(
        person=person,
        people=people,
        day=np.fromiter((h[2].toordinal() for h in heads), dtype=np.int64, count=len(heads)),
        collaborative=np.asarray([h[3] == "collaborative" for h in heads], dtype=np.bool_),
        code=code,
        own=own,
    )
