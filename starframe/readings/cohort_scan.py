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
more readings; a scale the latest reading has no row for is left out for that person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, select

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
) -> list[CohortRow]:
    """Per scale, people counted by (first, second, latest) score, over the editions in
    `layouts` (edition → its definition's scale ids in order); `renames` maps (older edition,
    scale id) to the scale id the summary reports it under."""
    c = t.readings_cohort_scan.c
    query = select(c.person_code, c.edition, c.scores).where(
        c.star_id == star_id, c.edition.in_(list(layouts))
    )
    if since is not None:
        query = query.where(c.taken_on >= since)
    if until is not None:
        query = query.where(c.taken_on <= until)
    if worker is not None:
        query = query.where(c.worker_code == worker)
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
            groups = _people(_fetched(cursor))
    else:
        # The driver's cursor, read straight: SQLAlchemy's rows would cost a second a million.
        result = connection.execute(query)
        groups = _people(_fetched(result.cursor))
        result.close()
    return _counted(groups, layouts, renames or {})


def _fetched(cursor: Any) -> Iterable[tuple[str, str, str]]:
    """The driver's rows as they come, a batch at a time."""
    while rows := cursor.fetchmany(FETCH):
        yield from rows


def _people(rows: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str, str, bool], _Group]:
    """Each person's first, second and latest key, grouped by their editions."""
    groups: dict[tuple[str, str, str, bool], _Group] = {}
    person = None
    first = second = latest = ("", "")
    count = 0

    def close() -> None:
        several = count >= 2
        shown_second = second if several else (latest[0], "")
        where = (first[0], shown_second[0], latest[0], several)
        group = groups.get(where)
        if group is None:
            group = groups[where] = _Group()
        group.firsts.append(first[1])
        group.seconds.append(shown_second[1])
        group.latests.append(latest[1])

    for code, edition, key in rows:
        if code != person:
            if count:
                close()
            person = code
            first = latest = (edition, key)
            count = 1
        else:
            count += 1
            latest = (edition, key)
            if count == 2:
                second = latest
    if count:
        close()
    return groups


def _counted(
    groups: Mapping[tuple[str, str, str, bool], _Group],
    layouts: Mapping[str, Sequence[str]],
    renames: Mapping[tuple[str, str], str],
) -> list[CohortRow]:
    def canonical(edition: str) -> list[str]:
        return [renames.get((edition, scale), scale) for scale in layouts[edition]]

    counts: Counter[tuple[str, int | None, int | None, int | None, bool]] = Counter()
    for (first_edition, second_edition, latest_edition, several), group in groups.items():
        scales = canonical(latest_edition)
        first_places = _places(canonical(first_edition))
        second_places = _places(canonical(second_edition)) if several else {}
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
                counts[(scale, point(f), point(s), point(latest), several)] += people
    return [
        CohortRow(scale, f, s, latest, several, people)
        for (scale, f, s, latest, several), people in counts.items()
    ]


def _places(scales: Sequence[str]) -> dict[str, int]:
    return {scale: index for index, scale in enumerate(scales)}


def _column(keys: list[str], index: int | None) -> Iterable[str]:
    """Every key's character at `index`; no row for each when the edition lacks the scale."""
    if index is None:
        return repeat(NO_ROW, len(keys))
    return map(itemgetter(index), keys)
