"""The pilot report read from the database is the report of the same readings given as objects.

`pilot_from_store` reads the rows with its own queries into arrays (starframe/pilot/table.py),
while `pilot_report` takes `Reading` objects; an author must get the same figures either way,
whatever the readings: same-day readings (the order of entry decides first and latest), n/a,
the person's own points, every mode, dates outside `--from/--to`.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from starframe.definition.load import load_star_text
from starframe.definition.models import Star
from starframe.pilot.demo import (
    STAR_ID,
    START,
    WORKERS,
    install_pilot_demo,
    pilot_people,
    pilot_readings,
    pilot_star_text,
)
from starframe.pilot.report import pilot_from_store, pilot_report
from starframe.readings.models import Reading
from starframe.readings.store import open_store

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEXT = pilot_star_text().replace("    label: Home\n", "    label: Home\n    not_applicable: true\n")
"""The demo pilot Star, with n/a allowed on one scale so that the test can use it."""


def _star() -> Star:
    loaded = load_star_text(TEXT, f"{STAR_ID}.yaml")
    assert loaded.star is not None, loaded.problems
    return loaded.star


STAR = _star()
SCALES = [scale.id for scale in STAR.scales]


@st.composite
def readings(draw: st.DrawFn) -> list[Reading]:
    people = draw(st.integers(1, 6))
    made = []
    for _ in range(draw(st.integers(0, 24))):
        number = draw(st.integers(1, people))
        mode = draw(st.sampled_from(("collaborative", "worker-only", "person-only")))
        scores: dict[str, int | str] = {
            scale: draw(st.integers(1, STAR.points)) for scale in SCALES
        }
        if draw(st.booleans()):
            scores["home"] = "n/a"
        own = {}
        for scale in draw(st.lists(st.sampled_from(SCALES), max_size=2, unique=True)):
            theirs = draw(st.integers(1, STAR.points))
            if mode == "collaborative" and scores[scale] not in ("n/a", theirs):
                own[scale] = theirs
        made.append(
            Reading(
                star=STAR_ID,
                edition=STAR.edition,
                person=pilot_people(people)[number - 1].code,
                worker=WORKERS[0].code,
                mode=mode,
                date=START + dt.timedelta(days=draw(st.integers(0, 4)) * 30),
                scores=scores,  # type: ignore[arg-type]
                person_scores=own,
            )
        )
    return made


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(given_readings=readings(), until=st.sampled_from((None, START + dt.timedelta(days=60))))
def test_the_report_from_the_database_is_the_report_of_its_readings(
    tmp_path: Path, given_readings: list[Reading], until: dt.date | None
) -> None:
    db = tmp_path / f"pilot-{len(given_readings)}-{until}.db"
    db.unlink(missing_ok=True)
    with open_store(str(db)) as store:
        with store.write() as writer:
            hash_ = writer.put_definition(TEXT.encode())
            writer.add_worker(WORKERS[0])
            for person in pilot_people(6):
                writer.add_person(person)
            if given_readings:
                writer.add_readings(given_readings, definitions={(STAR_ID, STAR.edition): hash_})
        if not given_readings:
            return
        with store.read() as reader:
            star, from_store = pilot_from_store(reader, STAR_ID, until=until)
    # Oldest first, same-day readings in the order they were given (entered), as the store.
    chosen = [r for r in given_readings if until is None or r.date <= until]
    chosen.sort(key=lambda r: r.date)
    assert from_store.as_record() == pilot_report(star, chosen).as_record()


def test_postgresql_gives_the_same_report_as_the_readings(tmp_path: Path) -> None:
    """The same queries on PostgreSQL (its booleans and integers come back from the driver
    as they are, not through SQLite's affinities)."""
    server = make_url(os.environ.get("STARFRAME_TEST_PG_URL", PG_DEFAULT))
    name = f"starframe_test_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        with open_store(url) as store:
            install_pilot_demo(store, tmp_path / "pilot-stars")
            with store.read() as reader:
                star, from_store = pilot_from_store(reader, STAR_ID)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    # The store gives them oldest first; same-day readings in the order they were entered.
    entered = sorted(pilot_readings(star.edition), key=lambda r: r.date)
    assert from_store.as_record() == pilot_report(star, entered).as_record()
