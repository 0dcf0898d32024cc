"""A cohort's first, second and latest scores, from one ordered pass over the cohort scan.

`readings_cohort_scan` holds each complete reading once, clustered by Star, person, date and
order of entry, with its scores as a key of one character a scale (`store/score_keys.py`).
Reading a Star's rows in that order, each person's readings arrive together and oldest
first, so their first, second and latest keys are known when the next person starts. Only the
three keys are kept; the counting is done a scale at a time at the end by C code (`Counter`
over `zip`), never a Python step per score: a million readings take about a second on SQLite.

The figures are exactly those of the query this replaced (three joins on `scores`; the
property test in tests/readings/test_cohort_scan.py holds it to that): per scale of the
latest reading, people counted by (first, second, latest) point and whether they have two or
more readings, and three or more; a scale the latest reading has no row for is left out for
that person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, literal, select

from starframe.readings.stored import CohortRow
from starframe.store import tables as t
from starframe.store.score_keys import NO_ROW, point

FETCH = 10_000
"""Rows fetched from the driver at a time (PostgreSQL reads them through a server cursor)."""


@dataclass
class _Group:
    """People whose first, second and latest readings are of the same editions."""

    firsts: list[str] = field(default_factory=list)
    seconds: list[str] = field(default_factory=list)
    latests: list[str] = field(default_factory=list)


def scan_rows(
    connection: Connection,
    star_id: str,
    layouts: Mapping[str, Sequence[str]],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    worker: str | None = None,
    renames: Mapping[tuple[str, str], str] | None = None,
    team: str | None = None,
) -> list[CohortRow]:
    """Per scale, people counted by (first, second, latest) score, over the editions in
    `layouts` (edition → its definition's scale ids in order); `renames` maps (older edition,
    scale id) to the scale id the summary reports it under; `team` keeps its people only."""
    c = t.readings_cohort_scan.c
    editions = list(layouts)
    # One edition (the usual summary): each row is its person and key. Several: the key
    # carries its edition in front, split off only for each person's three kept keys.
    key = c.scores if len(editions) == 1 else c.edition + literal(SEPARATOR) + c.scores
    query = select(c.person_code, key).where(c.star_id == star_id, c.edition.in_(editions))
    if since is not None:
        query = query.where(c.taken_on >= since)
    if until is not None:
        query = query.where(c.taken_on <= until)
    if worker is not None:
        query = query.where(c.worker_code == worker)
    if team is not None:
        members = t.people.c
        team_people = select(members.code).where(members.team_code == team)
        query = query.where(c.person_code.in_(team_people))
    query = query.order_by(c.star_id, c.person_code, c.taken_on, c.reading_pk)
    if connection.dialect.name == "postgresql":
        # A server cursor: the rows come FETCH at a time instead of all at once.
        compiled = query.compile(
            dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor(name="cohort_scan") as cursor:
            cursor.execute(str(compiled), compiled.params)
            people = _people(_fetched(cursor))
    else:
        # The driver's cursor, read straight: SQLAlchemy's rows would cost a second a million.
        result = connection.execute(query)
        people = _people(_fetched(result.cursor))
        result.close()
    groups = _grouped(people, editions[0] if len(editions) == 1 else None)
    return _counted(groups, layouts, renames or {})


SEPARATOR = "\x1f"
"""Between a key's edition and its scores when a summary spans editions (no edition holds it)."""


def _fetched(cursor: Any) -> Iterable[tuple[str, str]]:
    """The driver's rows as they come, a batch at a time."""
    while rows := cursor.fetchmany(FETCH):
        yield from rows


@dataclass
class _People:
    """Each person's first, second (empty with one reading) and latest key, in order, and
    how many readings they have: 1, 2, or 3 for three or more."""

    firsts: list[str] = field(default_factory=list)
    seconds: list[str] = field(default_factory=list)
    latests: list[str] = field(default_factory=list)
    readings: list[int] = field(default_factory=list)


Where = tuple[str, str, str, int]
"""The editions of a group's first, second and latest readings, and how many readings (1, 2,
or 3 for three or more) its people have."""


def _people(rows: Iterable[tuple[str, str]]) -> _People:
    """The one step a row: a million rows, so nothing here but comparing and keeping."""
    found = _People()
    firsts, seconds, latests, readings = found.firsts, found.seconds, found.latests, found.readings
    person = None
    first = second = latest = ""
    count = 0
    for code, key in rows:
        if code == person:
            count += 1
            latest = key
            if count == 2:
                second = key
            continue
        if count:
            firsts.append(first)
            seconds.append(second if count > 1 else "")
            latests.append(latest)
            readings.append(min(count, 3))
        person = code
        first = latest = key
        count = 1
    if count:
        firsts.append(first)
        seconds.append(second if count > 1 else "")
        latests.append(latest)
        readings.append(min(count, 3))
    return found


def _grouped(people: _People, edition: str | None) -> dict[Where, _Group]:
    """People whose first, second and latest readings are of the same editions, together;
    `edition` is the one edition of every key, or None when each key names its own."""
    if edition is not None:
        groups: dict[Where, _Group] = {}
        for how_many in (1, 2, 3):
            chosen = [count == how_many for count in people.readings]
            group = _Group(
                list(compress(people.firsts, chosen)),
                list(compress(people.seconds, chosen)),
                list(compress(people.latests, chosen)),
            )
            if group.latests:
                groups[(edition, edition, edition, how_many)] = group
        return groups
    split: dict[Where, _Group] = {}
    for first, second, latest, how_many in zip(
        people.firsts, people.seconds, people.latests, people.readings, strict=True
    ):
        first_edition, first_key = first.split(SEPARATOR, 1)
        latest_edition, latest_key = latest.split(SEPARATOR, 1)
        second_edition, second_key = (
            second.split(SEPARATOR, 1) if how_many > 1 else (latest_edition, "")
        )
        where = (first_edition, second_edition, latest_edition, how_many)
        if where not in split:
            split[where] = _Group()
        group = split[where]
        group.firsts.append(first_key)
        group.seconds.append(second_key)
        group.latests.append(latest_key)
    return split


def _counted(
    groups: Mapping[Where, _Group],
    layouts: Mapping[str, Sequence[str]],
    renames: Mapping[tuple[str, str], str],
) -> list[CohortRow]:
    def canonical(edition: str) -> list[str]:
        return [renames.get((edition, scale), scale) for scale in layouts[edition]]

    counts: Counter[tuple[str, int | None, int | None, int | None, int]] = Counter()
    for (first_edition, second_edition, latest_edition, how_many), group in groups.items():
        scales = canonical(latest_edition)
        first_places = _places(canonical(first_edition))
        second_places = _places(canonical(second_edition)) if how_many > 1 else {}
        for index, scale in enumerate(scales):
            combinations = Counter(
                zip(
                    _column(group.firsts, first_places.get(scale)),
                    _column(group.seconds, second_places.get(scale)),
                    map(itemgetter(index), group.latests),
                    strict=False,
                )
            )
            for (f, s, latest), people in combinations.items():
                if latest == NO_ROW:
                    continue
                counts[(scale, point(f), point(s), point(latest), how_many)] += people
    return [
        CohortRow(scale, f, s, latest, how_many > 1, people, how_many > 2)
        for (scale, f, s, latest, how_many), people in counts.items()
    ]


def _places(scales: Sequence[str]) -> dict[str, int]:
    return {scale: index for index, scale in enumerate(scales)}


def _column(keys: list[str], index: int | None) -> Iterable[str]:
    """Every key's character at `index`; no row for each when the edition lacks the scale."""
    if index is None:
        return repeat(NO_ROW, len(keys))
    return map(itemgetter(index), keys)
