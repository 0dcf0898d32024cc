"""A database of its own, secured, with two teams and a login for each role (PostgreSQL).

The policies change every table, so the shared test database stays unsecured: this makes a
database of its own, and drops it and every login and group role made for it at the end.
Test modules import `org` (module-scoped) from here.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

from starframe.readings import organisation
from starframe.readings.models import ActionItem, Person, Team, Worker
from starframe.readings.store import Store, open_store
from starframe.store.security import ROLES, role_name, secure
from tests.readings.conftest import PG_DEFAULT, PG_ENV, tiny_reading, tiny_text

LOGINS = {
    "alice": ("worker", ("a",), "WA"),
    "bob": ("worker", ("b",), "WB"),
    "mary": ("manager", ("a",), "WM"),
    "lena": ("lead", ("a", "b"), "WL"),
    "leo": ("lead", ("a", "b"), None),
    "tom": ("trainer", (), None),
}


@dataclass
class Organisation:
    server: URL
    database: str

    def login(self, name: str) -> str:
        return f"{self.database}_{name}"

    def url(self, name: str | None = None) -> str:
        user = self.server.username if name is None else self.login(name)
        return self.server.set(
            database=self.database, username=user, password=None
        ).render_as_string(hide_password=False)

    def raw(self, name: str) -> psycopg.Connection[tuple[object, ...]]:
        """A plain psycopg connection as `name`: what `psql` would be."""
        url = make_url(self.url(name))
        return psycopg.connect(
            host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True
        )

    def store(self, name: str | None = None) -> Store:
        return open_store(self.url(name))


@pytest.fixture(scope="module")
def org() -> Iterator[Organisation]:
    server = make_url(os.environ.get(PG_ENV, PG_DEFAULT))
    database = f"sforg_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    found = Organisation(server, database)
    try:
        _fill(found)
        yield found
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            for name in [
                *(found.login(n) for n in LOGINS),
                *(role_name(database, r) for r in ROLES),
            ]:
                connection.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()


def _fill(org: Organisation) -> None:
    with org.store() as store, store.write() as writer:
        writer.put_definition(tiny_text())
        organisation.add_teams(writer, [Team(code="a", name="A"), Team(code="b", name="B")])
        writer.add_workers([Worker(code=c, name=c) for c in ("WA", "WB", "WM", "WL")])
        writer.add_people(
            [
                Person(code="PA1", consent_date=dt.date(2023, 1, 1), team="a"),
                Person(code="PA2", consent_date=dt.date(2023, 1, 1), team="a"),
                Person(code="PB1", consent_date=dt.date(2023, 1, 1), team="b"),
            ]
        )
        plan = [ActionItem(scale="home", goal="Find a flat")]
        writer.add_readings(
            [
                tiny_reading("PA1", worker="WA", note="a's note", actions=plan),
                tiny_reading("PA2", worker="WA"),
                tiny_reading("PB1", worker="WB", note="b's note", actions=plan),
            ]
        )
        secure(writer.connection)
        for name, (role, teams, worker) in LOGINS.items():
            organisation.add_staff(
                writer,
                org.login(name),
                role=role,
                teams=teams,
                worker=worker,
                create_login=True,
            )
