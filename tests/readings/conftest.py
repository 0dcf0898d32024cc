"""Fixtures for the readings tests: a store on SQLite and on PostgreSQL, and small Stars.

Each test run creates its own PostgreSQL database (`starframe_test_<random>`) on the server
named by STARFRAME_TEST_PG_URL and drops it at the end, so runs never collide. Without a
server the PostgreSQL half is skipped, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from starframe.readings.models import Person, Reading, Worker
from starframe.readings.store import Store, open_store
from starframe.readings.writer import Writer
from starframe.store.database import HEAD

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny-star.yaml"
JUSTICE = ROOT / "plugins" / "justice" / "starframe_justice" / "stars" / "justice.yaml"
PARENT_BABY = (
    ROOT / "plugins" / "parent_baby" / "starframe_parent_baby" / "stars" / "parent-baby.yaml"
)
PG_ENV = "STARFRAME_TEST_PG_URL"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TABLES = (
    "requests",
    "staff_teams",
    "staff",
    "practice_attempts",
    "practice_session_cases",
    "practice_sessions",
    "audit",
    "actions",
    "scores",
    "readings",
    "people",
    "workers",
    "teams",
    "definitions",
)


def tiny_text(*, edition: str = "1.0", not_applicable: bool = True) -> bytes:
    """The tiny Star (3 scales, 4 points, stages 1–2 and 3–4); `health` may be n/a."""
    raw = TINY.read_text(encoding="utf-8").replace('edition: "1.0"', f'edition: "{edition}"')
    if not_applicable:
        raw = raw.replace(
            "    summary: Looking after body and mind.\n",
            "    summary: Looking after body and mind.\n    not_applicable: true\n",
        )
    return raw.encode("utf-8")


@pytest.fixture(autouse=True)
def no_database_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STARFRAME_DB", raising=False)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh, empty database on the test server, dropped when the run ends."""
    server = make_url(os.environ.get(PG_ENV, PG_DEFAULT))
    name = f"starframe_test_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        message = f"PostgreSQL at {server.render_as_string(hide_password=True)} unreachable: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database URL with no records in it, on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    url = request.getfixturevalue("pg_url")
    _empty(url)
    yield url


def _empty(url: str) -> None:
    """Every table emptied and the schema at HEAD: much faster than recreating it."""
    engine = create_engine(url)
    with engine.begin() as connection:
        present = set(inspect(connection).get_table_names())
        if present >= {*TABLES, "alembic_version"}:
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
            connection.execute(
                text(
                    "INSERT INTO teams (code, name, created_at) "
                    "VALUES ('default', 'Everyone', now())"
                )
            )
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": HEAD})
        else:
            for table in (*TABLES, "alembic_version"):
                connection.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    engine.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


@pytest.fixture
def tiny_hash(store: Store) -> str:
    with store.write() as writer:
        return writer.put_definition(tiny_text())


def add_people(writer: Writer, *codes: str, worker: str = "W1") -> None:
    if worker not in {w.code for w in writer.workers()}:
        writer.add_worker(Worker(code=worker, name="Worker One"))
    for code in codes:
        writer.add_person(Person(code=code, consent_date=dt.date(2023, 1, 1)))


def tiny_reading(person: str = "P1", *, day: int = 1, month: int = 1, **fields: object) -> Reading:
    values: dict[str, object] = {
        "star": "tiny",
        "edition": "1.0",
        "person": person,
        "worker": "W1",
        "date": dt.date(2024, month, day),
        "scores": {"home": 1, "money": 2, "health": 3},
    }
    values.update(fields)
    return Reading.model_validate(values)


@pytest.fixture
def reading_factory() -> Callable[..., Reading]:
    return tiny_reading


def table_counts(store: Store) -> dict[str, int]:
    with store.read() as reader:
        return reader.counts()


def everything(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show a failed operation changed nothing at all."""
    engine = store.engine
    with engine.connect() as connection:
        return {
            table: sorted(
                (
                    tuple(map(repr, row))
                    for row in connection.execute(text(f"SELECT * FROM {table}"))
                ),
            )
            for table in TABLES
        }


def downgrade_to(connection: Connection, revision: str) -> None:
    """Take a migrated database back to `revision`, to fill it as an older starframe would."""
    from alembic.command import downgrade
    from alembic.config import Config

    from starframe.store import database

    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).parent / "migrations"))
    config.attributes["connection"] = connection
    downgrade(config, revision)
