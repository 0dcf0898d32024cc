"""A cohort's first, second and latest scores: the database keeps them, numpy counts them.

`readings_cohort_scan` holds each complete reading once, clustered by Star, person, date and
order of entry, with its scores as a key of one character a scale (`store/score_keys.py`).
One statement reads a Star's rows in that order and groups them by person, so the database,
not Python, joins each person's keys oldest first and keeps only their first, second and
latest; it hands back every person at once as one text of fixed-width records. numpy then
counts each scale's (first, second, latest) points in a few array steps: nothing in Python
runs once a reading, or once a person.

The figures are exactly those of the query this replaced (three joins on `scores`; the
property test in tests/readings/test_cohort_scan.py holds it to that): per scale of the
latest reading, people counted by (first, second, latest) point and whether they have two or
more readings, and three or more; a scale the latest reading has no row for is left out for
that person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, String, case, cast, func, literal, select

from starframe.readings.stored import CohortRow
from starframe.store import tables as t
from starframe.store.score_keys import NO_ROW, point

BASE = ord(NO_ROW)
"""The lowest character a record holds: a key's characters are NO_ROW, NO_VALUE or a point
(`score_keys.py`), so `ord(c) - BASE` fits in SPAN."""
SPAN = 64
"""Above every character `ord(c) - BASE` of a key (a point of at most 20 is `D`)."""
EDITIONS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
"""The one character a record marks each edition with when a summary spans several."""


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
    editions = list(layouts)
    if len(editions) > len(EDITIONS):
        raise ValueError(f"a summary spans at most {len(EDITIONS)} editions")
    statement = _statement(connection, star_id, layouts, since, until, worker, team)
    counts, entries = connection.execute(statement).one()
    if not counts:
        return []
    return _counted(counts, entries, layouts, renames or {})


def _statement(
    connection: Connection,
    star_id: str,
    layouts: Mapping[str, Sequence[str]],
    since: dt.date | None,
    until: dt.date | None,
    worker: str | None,
    team: str | None,
) -> Any:
    """Two texts for the whole cohort: each person's count of readings (`4,1,…`) and every
    person's entries, each person's oldest first, all of one width. An entry is the reading's
    key; across several editions, the edition's mark and the key padded with NO_ROW to the
    widest."""
    c = t.readings_cohort_scan.c
    editions = list(layouts)
    if len(editions) == 1:
        entry: Any = c.scores
    else:
        widest = max(len(layout) for layout in layouts.values())
        mark = case(
            {edition: EDITIONS[index] for index, edition in enumerate(editions)}, value=c.edition
        )
        entry = mark + func.substr(c.scores + literal(NO_ROW * widest), 1, widest)
    joined: Any = func.aggregate_strings(entry, "")
    if connection.dialect.name == "postgresql":
        joined = joined.aggregate_order_by(c.taken_on, c.reading_pk)
    # SQLite (before 3.44) takes no ORDER BY in an aggregate: grouping by person with the Star
    # fixed, it reads the rows through the primary key (Star, person, date, reading), so each
    # person's entries are joined in that order, oldest first.
    people = select(func.count().label("readings"), joined.label("entries")).where(
        c.star_id == star_id, c.edition.in_(editions)
    )
    if since is not None:
        people = people.where(c.taken_on >= since)
    if until is not None:
        people = people.where(c.taken_on <= until)
    if worker is not None:
        people = people.where(c.worker_code == worker)
    if team is not None:
        members = t.people.c
        people = people.where(
            c.person_code.in_(select(members.code).where(members.team_code == team))
        )
    each = people.group_by(c.star_id, c.person_code).subquery()
    # One row: every person's count, and their entries, in the same order (one aggregation).
    return select(
        func.aggregate_strings(cast(each.c.readings, String), ","),
        func.aggregate_strings(each.c.entries, ""),
    )


def _records(counts: str, entries: str, width: int) -> Any:
    """A row a person: how many readings (`1`, `2`, or `3` for three or more), then their
    first, second (NO_ROW with one reading) and latest entry, picked out of every person's
    entries by where each person's begin and end."""
    import numpy as np

    readings = np.array(counts.split(","), dtype=np.int64)
    joined = np.frombuffer(entries.encode("ascii"), dtype=np.uint8)
    ends = np.cumsum(readings) * width
    begins = ends - readings * width
    latest_begins = ends - width
    places = np.arange(width)
    second = joined[np.minimum(begins + width, latest_begins)[:, None] + places]
    second[readings == 1] = ord(NO_ROW)
    how_many = (np.minimum(readings, 3) + ord("0")).astype(np.uint8)[:, None]
    return np.concatenate(
        [
            how_many,
            joined[begins[:, None] + places],
            second,
            joined[latest_begins[:, None] + places],
        ],
        axis=1,
    )


def _counted(
    counts: str,
    entries: str,
    layouts: Mapping[str, Sequence[str]],
    renames: Mapping[tuple[str, str], str],
) -> list[CohortRow]:
    """Each scale's people by (first, second, latest) point, from the statement's two texts:
    people whose readings are of the same editions, and as many, are counted together."""
    import numpy as np

    editions = list(layouts)
    several = len(editions) > 1
    offset = 1 if several else 0
    width = offset + max(len(layout) for layout in layouts.values())
    records = _records(counts, entries, width)
    starts = (1, 1 + width, 1 + 2 * width)
    group = records[:, 0].astype(np.int64)
    if several:
        for start in starts:
            group = group * SPAN + records[:, start]

    def canonical(edition: str) -> list[str]:
        return [renames.get((edition, scale), scale) for scale in layouts[edition]]

    def edition_at(chosen: Any, start: int) -> str:
        return editions[EDITIONS.index(chr(chosen[0, start]))] if several else editions[0]

    tally: Counter[tuple[str, int | None, int | None, int | None, int]] = Counter()
    for code in np.unique(group).tolist():
        chosen = records[group == code]
        how_many = int(chosen[0, 0]) - ord("0")
        first_places = _places(canonical(edition_at(chosen, starts[0])))
        second_places = _places(canonical(edition_at(chosen, starts[1]))) if how_many > 1 else {}
        latest_start = starts[2] + offset
        for index, scale in enumerate(canonical(edition_at(chosen, starts[2]))):
            firsts = _column(chosen, starts[0] + offset, first_places.get(scale))
            seconds = _column(chosen, starts[1] + offset, second_places.get(scale))
            latests = chosen[:, latest_start + index].astype(np.int64) - BASE
            combined = np.bincount((firsts * SPAN + seconds) * SPAN + latests)
            for value in np.flatnonzero(combined).tolist():
                f, rest = divmod(value, SPAN * SPAN)
                s, latest = divmod(rest, SPAN)
                if latest == NO_ROW_CODE:
                    continue
                key = (scale, _point(f), _point(s), _point(latest), how_many)
                tally[key] += int(combined[value])
    return [
        CohortRow(scale, f, s, latest, how_many > 1, people, how_many > 2)
        for (scale, f, s, latest, how_many), people in tally.items()
    ]


NO_ROW_CODE = ord(NO_ROW) - BASE


def _places(scales: Sequence[str]) -> dict[str, int]:
    return {scale: index for index, scale in enumerate(scales)}


def _column(chosen: Any, start: int, index: int | None) -> Any:
    """The records' characters at `start + index` as codes; no row for each when the
    edition lacks the scale (`index` None)."""
    import numpy as np

    if index is None:
        return np.full(len(chosen), NO_ROW_CODE, dtype=np.int64)
    return chosen[:, start + index].astype(np.int64) - BASE


def _point(code: int) -> int | None:
    return point(chr(code + BASE))
