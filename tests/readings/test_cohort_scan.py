"""The cohort scan gives exactly the figures of the query it replaced.

`joined_rows` is that query (a window over `readings`, three joins on `scores`), kept here as
the reference: any readings, drafts, deletions, corrections of date or worker, filters and
bridged editions give the same rows both ways, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, and_, case, delete, func, select, text

from starframe.readings.models import Reading, Worker
from starframe.readings.store import Store, open_store
from starframe.readings.stored import CohortRow
from starframe.readings.summaries import cohort_summary, select_cohort, summarise_cohort
from starframe.store import tables as t
from tests.readings.conftest import add_people, downgrade_to, tiny_reading, tiny_text
from tests.readings.test_summaries import RENAMED_EDITION

CHRONOLOGICAL = (t.readings.c.taken_on, t.readings.c.pk)
PEOPLE = ("P1", "P2", "P3", "p4")
RENAMES = {("1.0", "money"): "finances"}


@dataclass(frozen=True)
class Planned:
    """One reading to write, and what happens to it afterwards."""

    person: str
    day: int
    worker: str
    edition: str
    complete: bool
    scores: tuple[int, int, int | str]
    with_person_score: bool
    then: str
    """"keep", "delete", "redate", "reassign" or "complete" (a draft only)."""


planned = st.builds(
    Planned,
    person=st.sampled_from(PEOPLE),
    day=st.integers(0, 30),
    worker=st.sampled_from(("W1", "W2")),
    edition=st.sampled_from(("1.0", "1.0", "1.1")),
    complete=st.booleans(),
    scores=st.tuples(
        st.integers(1, 4), st.integers(1, 4), st.one_of(st.integers(1, 4), st.just("n/a"))
    ),
    with_person_score=st.booleans(),
    then=st.sampled_from(("keep", "keep", "keep", "delete", "redate", "reassign", "complete")),
)


@dataclass(frozen=True)
class Asked:
    """A cohort summary's choice of readings."""

    bridged: bool
    since: int | None
    until: int | None
    worker: str | None


asked = st.builds(
    Asked,
    bridged=st.booleans(),
    since=st.none() | st.integers(0, 30),
    until=st.none() | st.integers(0, 30),
    worker=st.none() | st.sampled_from(("W1", "W2")),
)


def day(number: int) -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=7 * number)


def write(store: Store, plans: list[Planned], erased: str | None) -> None:
    """Every planned reading, then the deletions, corrections and completions, then erasure."""
    with store.write() as writer:
        writer.connection.execute(delete(t.readings))
        writer.connection.execute(delete(t.people))
        add_people(writer, *PEOPLE)
        hashes = {
            "1.0": writer.put_definition(tiny_text()),
            "1.1": writer.put_definition(RENAMED_EDITION),
        }
    added: list[tuple[Planned, Reading]] = []
    with store.write() as writer:
        for plan in plans:
            home, money, health = plan.scores
            second = "money" if plan.edition == "1.0" else "finances"
            scores: dict[str, int | str] = {"home": home, second: money, "health": health}
            if not plan.complete and plan.then == "keep":
                del scores["home"]  # a draft part done; its note makes a row without a value
            reading = tiny_reading(
                plan.person,
                edition=plan.edition,
                worker=plan.worker,
                date=day(plan.day),
                status="complete" if plan.complete else "draft",
                scores=scores,
                person_scores=(
                    {"health": 5 - health}
                    if plan.with_person_score and isinstance(health, int)
                    else {}
                ),
                notes={"home": "a note"} if plan.with_person_score else {},
            )
            stored = writer.add_reading(
                reading, definitions={("tiny", plan.edition): hashes[plan.edition]}
            )
            added.append((plan, stored))
        for plan, reading in added:
            assert reading.id is not None
            if plan.then == "delete":
                writer.delete_reading(reading.id, reason="entered twice")
            elif plan.then == "redate" and plan.complete and plan.day != 15:
                writer.revise(reading.id, reason="wrong date", date=day(30 - plan.day))
            elif plan.then == "reassign" and plan.complete:
                other = "W2" if plan.worker == "W1" else "W1"
                writer.revise(reading.id, reason="wrong worker", worker=other)
            elif plan.then == "complete" and not plan.complete:
                writer.save_draft(reading.model_copy(update={"status": "complete"}), revision=1)
    if erased is not None:
        with store.write() as writer:
            writer.erase_person(erased, reason="asked to be forgotten")


def both_ways(store: Store, question: Asked) -> tuple[Counter[CohortRow], Counter[CohortRow]]:
    editions = ["1.0", "1.1"] if question.bridged else ["1.0"]
    renames = RENAMES if question.bridged else {}
    chosen: dict[str, Any] = {
        "since": None if question.since is None else day(question.since),
        "until": None if question.until is None else day(question.until),
        "worker": question.worker,
    }
    with store.read() as reader:
        scanned = reader.cohort_rows("tiny", editions, renames=renames, **chosen)
        joined = joined_rows(reader.connection, "tiny", editions, renames=renames, **chosen)
    return Counter(scanned), Counter(joined)


@pytest.fixture
def workers(store: Store) -> Store:
    with store.write() as writer:
        writer.add_worker(Worker(code="W1", name="Worker One"))
        writer.add_worker(Worker(code="W2", name="Worker Two"))
    return store


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plans=st.lists(planned, max_size=12),
    erased=st.none() | st.sampled_from(PEOPLE),
    question=asked,
)
def test_the_scan_counts_exactly_what_the_joins_counted(
    workers: Store, plans: list[Planned], erased: str | None, question: Asked
) -> None:
    write(workers, plans, erased)
    scanned, joined = both_ways(workers, question)
    assert scanned == joined


def test_summaries_over_the_scan_and_over_the_joins_are_the_same(workers: Store) -> None:
    plans = [
        Planned(
            person,
            n,
            "W1",
            "1.0",
            True,
            (1 + (i + n) % 4, 1 + i % 4, "n/a"),
            False,
            "keep",
        )
        for i, person in enumerate(PEOPLE)
        for n in range(3)
    ]
    write(workers, plans, None)
    with workers.read() as reader:
        selection = select_cohort(reader, "tiny", "1.0")
        scanned = summarise_cohort(selection)
        joined = summarise_cohort(
            selection.__class__(
                selection.star,
                selection.editions,
                selection.renames,
                joined_rows(reader.connection, "tiny", ["1.0"]),
            )
        )
        assert cohort_summary(reader, "tiny", "1.0") == scanned
    assert scanned == joined
    assert [scale.scale for scale in scanned.scales] == ["home", "money", "health"]


def test_an_older_database_is_filled_when_upgraded(workers: Store) -> None:
    """Readings recorded before the scan existed are in it once the database is upgraded."""
    plans = [
        Planned(person, number, "W2", "1.0", number != 1, (2, 3, 4), number == 2, "keep")
        for person in PEOPLE[:3]
        for number in range(3)
    ]
    write(workers, plans, None)
    scan = text("SELECT * FROM readings_cohort_scan ORDER BY reading_pk")
    with workers.engine.connect() as connection:
        before = connection.execute(scan).all()
    with workers.engine.begin() as connection:
        downgrade_to(connection, "0005")
    with open_store(workers.location.url) as upgraded, upgraded.engine.connect() as connection:
        assert connection.execute(scan).all() == before
    assert len(before) == 6


def joined_rows(
    connection: Connection,
    star_id: str,
    editions: Sequence[str],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    worker: str | None = None,
    renames: Mapping[tuple[str, str], str] | None = None,
) -> list[CohortRow]:
    """The cohort rows as `Reader.cohort_rows` computed them before the scan."""
    r = t.readings.c
    conditions = [r.star_id == star_id, r.edition.in_(editions), r.status == "complete"]
    if since is not None:
        conditions.append(r.taken_on >= since)
    if until is not None:
        conditions.append(r.taken_on <= until)
    if worker is not None:
        conditions.append(r.worker_code == worker)
    ordered = (
        select(
            r.pk,
            r.person_code,
            r.edition,
            func.row_number().over(partition_by=r.person_code, order_by=CHRONOLOGICAL).label("n"),
            func.count().over(partition_by=r.person_code).label("total"),
        )
        .where(*conditions)
        .cte("ordered")
    )
    o = ordered.c
    ends = (
        select(
            o.total,
            func.max(when(o.n == 1, o.pk)).label("first"),
            func.max(when(o.n == 2, o.pk)).label("second"),
            func.max(when(o.n == o.total, o.pk)).label("latest"),
            func.max(when(o.n == 1, o.edition)).label("first_edition"),
            func.max(when(o.n == 2, o.edition)).label("second_edition"),
            func.max(when(o.n == o.total, o.edition)).label("latest_edition"),
        )
        .group_by(o.person_code, o.total)
        .cte("ends")
    )
    e = ends.c
    last, first, second = (t.scores.alias(name) for name in ("l", "f", "s"))
    renamed = renames or {}
    scale = canonical(last.c.scale_id, e.latest_edition, renamed).label("scale")
    several = (e.total >= 2).label("several")
    three = (e.total >= 3).label("three_or_more")
    joined = (
        ends.join(last, last.c.reading_pk == e.latest)
        .outerjoin(
            first,
            and_(
                first.c.reading_pk == e.first,
                canonical(first.c.scale_id, e.first_edition, renamed) == scale,
            ),
        )
        .outerjoin(
            second,
            and_(
                second.c.reading_pk == e.second,
                canonical(second.c.scale_id, e.second_edition, renamed) == scale,
            ),
        )
    )
    query = (
        select(scale, first.c.value, second.c.value, last.c.value, several, three, func.count())
        .select_from(joined)
        .group_by(scale, first.c.value, second.c.value, last.c.value, several, three)
    )
    return [
        CohortRow(scale_id, f, s, latest, bool(many), count, bool(more))
        for scale_id, f, s, latest, many, more, count in connection.execute(query)
    ]


def when(condition: Any, value: Any) -> Any:
    return case((condition, value))


def canonical(scale_id: Any, edition: Any, renames: Mapping[tuple[str, str], str]) -> Any:
    if not renames:
        return scale_id
    whens = [
        (and_(edition == old_edition, scale_id == old_id), new_id)
        for (old_edition, old_id), new_id in renames.items()
    ]
    return case(*whens, else_=scale_id)
