"""The documented move to another database loses nothing (issue 19, item 2).

A database with a row in every table — people and workers without readings, a draft, an action
plan, a corrected and a deleted reading, an erased person, a definition no reading uses,
practice sessions, answers and certificates — is exported with `starframe readings export
--format jsonl` and imported with `starframe readings import` into an empty database, and the
two are compared table by table and row by row, SQLite to SQLite, SQLite to PostgreSQL and
PostgreSQL to SQLite.

The tables are read through SQLAlchemy's metadata, so a table or column added later is compared
too, and this test fails until the move carries it or `NOT_CARRIED` says why it does not. When
each record was stored, and each reading's last change and revision, are compared like any
column: a move does not rewrite when things were recorded.
Surrogate keys are not kept by a move: the destination numbers its own rows, which keeps an
import into a database that already holds records simple and safe. Rows are compared on their
natural keys instead: scores and actions through their reading's public id, audit entries in
the order they were written, certificates as a whole row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from starframe.readings.models import ActionItem, Person, Team, Worker
from starframe.readings.organisation import add_teams
from starframe.readings.store import Store, open_store
from starframe.store import tables as t
from starframe.store.database import HEAD, locate, make_engine
from starframe.store.kinds import describe
from starframe.store.values import utc
from tests.practice import conftest as practice
from tests.readings.conftest import _empty, add_people, tiny_reading, tiny_text
from tests.transfer.test_practice_transfer import _fill as fill_practice

cli_cache = practice.cli_cache
starframe = practice.starframe
Starframe = Callable[..., practice.Run]
DATA = Path(__file__).resolve().parents[1] / "data"

NOT_CARRIED: dict[tuple[str, str], str] = {
    ("readings", "pk"): "surrogate key; scores and actions are compared by the reading's id",
    ("audit", "id"): "surrogate key; only orders the entries, which are compared in order",
    ("practice_certificates", "id"): "surrogate key; a certificate is its whole row",
    ("teams", "created_at"): "each database makes its own default team; other teams keep theirs",
    **{
        (table.name, column.name): "staff are the logins of one server, and a request is "
        "decided where it was made (its outcome is in the audit log, which moves)"
        for table in (t.staff, t.staff_teams, t.requests)
        for column in table.columns
    },
}
"""Every column a move does not copy, and why (docs/organisations.md says the same)."""
OWN_ENTRIES = {
    "team.add",
    "worker.add",
    "person.add",
    "reading.import",
    "reading.start",
    "readings.import",
}
"""What an import writes to the log about itself, after the entries it moved."""

Snapshot = dict[str, list[tuple[Any, ...]]]


def _plain(value: Any) -> Any:
    """One value as both backends' rows can be compared: times in UTC, binary as bytes."""
    if isinstance(value, dt.datetime):
        return utc(value).astimezone(dt.UTC)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def snapshot(url: str) -> Snapshot:
    """Every row of every table, with the columns a move carries."""
    engine = make_engine(locate(url))
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            assert present == {*t.metadata.tables, "alembic_version"}
            ids = dict(connection.execute(select(t.readings.c.pk, t.readings.c.id)).all())
            found: Snapshot = {}
            for table in t.metadata.sorted_tables:
                columns = [c for c in table.columns if (table.name, c.name) not in NOT_CARRIED]
                rows = []
                query = select(table).order_by(*table.primary_key.columns)
                for row in connection.execute(query):
                    values = []
                    for column in columns:
                        value = row._mapping[column.name]
                        if any(fk.column is t.readings.c.pk for fk in column.foreign_keys):
                            value = ids[value]
                        values.append(_plain(value))
                    rows.append(tuple(values))
                found[table.name] = rows if table is t.audit else sorted(rows, key=repr)
            # Not carried: each database is at the schema revision of the starframe using it.
            found["alembic_version"] = [(HEAD,)]
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
                (HEAD,)
            ]
            return found
    finally:
        engine.dispose()


def fill(store: Store) -> None:
    """A row in every table, each written by the store's own writers."""
    fill_practice(store)
    with store.write() as writer:
        add_teams(writer, [Team(code="north", name="North")])
        hash_ = writer.put_definition(tiny_text())
        writer.put_definition(tiny_text(edition="2.0"))
        writer.add_workers([Worker(code="W2", name="Idle Worker")])
        writer.add_people(
            [
                Person(
                    code="P2",
                    display_name="Kim Waiting",
                    consent_date=dt.date(2023, 6, 1),
                    birth_years="1990-1999",
                    support_need="Debt",
                ),
                Person(code="P3", consent_date=dt.date(2023, 7, 1), team="north"),
                Person(code="P4", display_name="Gone Soon", consent_date=dt.date(2023, 8, 1)),
            ]
        )
        add_people(writer, "P5")
        full = tiny_reading(
            "P5",
            scores={"home": 2, "money": 3, "health": "n/a"},
            person_scores={"home": 3},
            not_applicable_reasons={"health": "No health worries"},
            notes={"home": "In a hostel"},
            note="First meeting",
            actions=[
                ActionItem(
                    scale="home",
                    goal="Find a flat",
                    steps="Call the council",
                    who="person and worker",
                    by=dt.date(2024, 2, 1),
                ),
                ActionItem(scale="money", goal="Open a bank account", status="done"),
            ],
        )
        draft = tiny_reading("P5", day=2, status="draft", scores={"home": 1})
        wrong = tiny_reading("P5", day=3)
        erased = tiny_reading("P4", day=4)
        added = writer.add_readings(
            [full, draft, wrong, erased], definitions={("tiny", "1.0"): hash_}
        )
        writer.revise(str(added[0].id), reason="wrong date", date=dt.date(2024, 1, 5))
        writer.delete_reading(str(added[2].id), reason="entered for the wrong person")
        writer.erase_person("P4", reason="asked to be forgotten")


@pytest.fixture(params=["sqlite-sqlite", "sqlite-postgresql", "postgresql-sqlite"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(source, destination): the source filled, the destination empty."""
    backends = dict(zip(("source", "destination"), request.param.split("-"), strict=True))
    urls = {name: str(tmp_path / f"{name}.db") for name in backends}
    for name, backend in backends.items():
        if backend == "postgresql":
            urls[name] = request.getfixturevalue("pg_url")
            _empty(urls[name])
    with open_store(urls["source"], actor="a.jones") as store:
        fill(store)
    return urls["source"], urls["destination"]


def empty_columns(url: str) -> list[str]:
    """Columns the move carries that hold no value in any row: a move would pass unchecked."""
    engine = make_engine(locate(url))
    try:
        with engine.connect() as connection:
            return [
                f"{table.name}.{column.name}"
                for table in t.metadata.sorted_tables
                for column in table.columns
                if (table.name, column.name) not in NOT_CARRIED
                and not connection.execute(
                    select(func.count()).where(column.is_not(None))
                ).scalar_one()
            ]
    finally:
        engine.dispose()


def _counts(starframe: Starframe, url: str) -> dict[str, int]:
    checked = starframe("db", "check", "--json", "--db", url)
    assert checked.code == 0, checked.out + checked.err
    counts: dict[str, int] = json.loads(checked.out)["counts"]
    return counts


def test_a_whole_database_move_carries_every_row_of_every_table(
    starframe: Starframe, databases: tuple[str, str], tmp_path: Path
) -> None:
    source, destination = databases
    before = snapshot(source)
    assert empty_columns(source) == [], "fill() must write a value in every column"
    held = _counts(starframe, source)
    export = tmp_path / "everything.jsonl"
    exported = starframe("readings", "export", "--format", "jsonl", "--out", export, "--db", source)
    assert exported.code == 0, exported.err
    assert describe(held) in exported.err

    env = {"STARFRAME_USER": "b.smith"}
    broken = tmp_path / "broken.jsonl"
    clash = '{"starframe":1,"kind":"worker","code":"W2","name":"Someone Else"}'
    broken.write_text(export.read_text(encoding="utf-8") + clash + "\n", encoding="utf-8")
    refused = starframe("readings", "import", broken, "--db", destination, env=env)
    assert refused.code == 1
    assert "error SF714" in refused.err
    untouched = snapshot(destination)
    assert untouched["teams"] == [("default", "Everyone")]  # every database's own
    assert not any(
        untouched[table.name] for table in t.metadata.sorted_tables if table is not t.teams
    )

    moved = starframe("readings", "import", export, "--db", destination, env=env)
    assert moved.code == 0, moved.err
    assert f"Added:    {describe(held)}." in moved.out
    after = snapshot(destination)
    logged = len(before["audit"])
    assert after["audit"][:logged] == before["audit"]
    own = after["audit"][logged:]
    assert {entry[1] for entry in own} == OWN_ENTRIES  # (at, action, …)
    assert {entry[-1] for entry in own} == {"b.smith"}
    assert {**after, "audit": after["audit"][:logged]} == before

    arrived = _counts(starframe, destination)
    assert arrived == {**held, "audit_entries": held["audit_entries"] + len(own)}
    assert f"this import wrote {len(own)} entries of its own" in moved.out
    shown = starframe("db", "check", "--db", destination)
    assert f"Records:  {describe(arrived)}" in shown.out

    again = starframe("readings", "import", export, "--db", destination, env=env)
    assert again.code == 0, again.err
    assert f"Added:    {describe({})}." in again.out
    assert f"{held['audit_entries']} moved entries were already in it" in again.out
    repeated = snapshot(destination)
    assert repeated["audit"][: len(after["audit"])] == after["audit"]
    assert [entry[1] for entry in repeated["audit"][len(after["audit"]) :]] == ["readings.import"]
    assert {**repeated, "audit": after["audit"]} == after


def test_every_column_left_out_of_a_move_exists() -> None:
    """A renamed or dropped column must leave `NOT_CARRIED` (and the docs) too."""
    columns = {(table.name, c.name) for table in t.metadata.sorted_tables for c in table.columns}
    assert set(NOT_CARRIED) <= columns


def test_an_export_written_before_the_log_and_everyone_were_carried_still_imports(
    starframe: Starframe, tmp_path: Path
) -> None:
    """`export-0005.jsonl` is what a whole-database export held at schema revision 0005:
    definitions, workers and people named by readings, the readings, the practice records."""
    old = DATA / "export-0005.jsonl"
    target = tmp_path / "new.db"
    moved = starframe("readings", "import", old, "--db", target)
    assert moved.code == 0, moved.err
    assert "Imported 1 reading(s), 1 person(s), 1 worker(s), 1 definition(s)" in moved.out
    assert "2 practice session(s), 4 practice answer(s), 2 certificate(s)" in moved.out
    again = starframe("readings", "import", old, "--db", target)
    assert again.code == 0, again.err
    assert "12 already present and unchanged" in again.out
    assert f"Added:    {describe({})}." in again.out
