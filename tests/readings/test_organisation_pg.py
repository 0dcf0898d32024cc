"""Several workers, one PostgreSQL database: the database itself decides who sees what.

A database of its own (the policies change every table, so the shared test database stays
unsecured) holds two teams; `starframe db secure` installs the roles and policies, and logins
for two workers, a manager, two leads and a trainer connect as themselves, both through
starframe and with raw SQL through psycopg, as a worker with `psql` would. Every login and
group role made here is dropped at the end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from starframe.readings import requests
from starframe.readings.models import Person
from starframe.readings.store import open_store
from starframe.store.database import HEAD
from starframe.store.errors import Refused, SchemaOutdated
from starframe.store.security import secure
from tests.readings.conftest import tiny_reading
from tests.readings.organisation_db import Organisation, org

__all__ = ["org"]


def _count(org: Organisation, name: str, table: str) -> int:
    with org.raw(name) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(str(row[0]))


def test_a_worker_sees_only_their_teams_caseload_through_starframe(org: Organisation) -> None:
    with org.store("alice") as store, store.read() as reader:
        assert [p.code for p in reader.people()] == ["PA1", "PA2"]
        assert {r.person for r in reader.readings()} == {"PA1", "PA2"}
    with org.store("bob") as store, store.read() as reader:
        assert [p.code for p in reader.people()] == ["PB1"]


@pytest.mark.parametrize(
    ("table", "alice", "everyone"),
    [("people", 2, 3), ("readings", 2, 3), ("scores", 6, 9), ("actions", 1, 2)],
)
def test_raw_sql_meets_the_same_walls(
    org: Organisation, table: str, alice: int, everyone: int
) -> None:
    assert _count(org, "alice", table) == alice
    assert _count(org, "mary", table) == alice
    assert _count(org, "lena", table) == everyone


def test_a_worker_cannot_change_or_add_to_another_teams_records(org: Organisation) -> None:
    with org.raw("alice") as connection:
        changed = connection.execute("UPDATE people SET display_name = 'x' WHERE code = 'PB1'")
        assert changed.rowcount == 0
        changed = connection.execute("UPDATE readings SET note = 'x' WHERE person_code = 'PB1'")
        assert changed.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                "INSERT INTO people (code, consent_date, created_at, team_code) "
                "VALUES ('PB9', '2023-01-01', now(), 'b')"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE people SET team_code = 'b' WHERE code = 'PA1'")
    with org.store("alice") as store:
        with pytest.raises(Refused, match="team you are not in"), store.write() as writer:
            writer.add_person(Person(code="PB2", consent_date=dt.date(2023, 1, 1), team="b"))
        with store.write() as writer:
            writer.add_person(Person(code="PA3", consent_date=dt.date(2023, 1, 1), team="a"))
    assert _count(org, "bob", "people") == 1


@pytest.mark.parametrize("name", ["alice", "mary", "lena"])
def test_nobody_but_the_owner_edits_the_audit_log(org: Organisation, name: str) -> None:
    with org.raw(name) as connection:
        for statement in ("UPDATE audit SET reason = 'x'", "DELETE FROM audit"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)


def test_the_audit_actor_is_the_login_and_cannot_be_claimed(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    with org.raw("alice") as connection:
        connection.execute(
            "INSERT INTO audit (at, action, details, actor) VALUES (now(), 'x.claim', '{}', 'lena')"
        )
        row = connection.execute("SELECT actor FROM audit WHERE action = 'x.claim'").fetchone()
    assert row == (org.login("alice"),)
    monkeypatch.setenv("STARFRAME_USER", "somebody.else")
    with org.store("alice") as store:
        assert store.notices == [
            "STARFRAME_USER is ignored on this database: its audit log records your database "
            f"login ({org.login('alice')})."
        ]
        with store.write() as writer:
            writer.audit("x.notice")
        with store.read() as reader:
            [entry] = reader.audit_entries(actor=org.login("alice"), limit=100, newest_first=True)[
                :1
            ]
    assert entry.action == "x.notice"


def test_nobody_changes_a_complete_readings_scores(org: Organisation) -> None:
    for name in ("alice", "lena"):
        with org.raw(name) as connection, pytest.raises(psycopg.DatabaseError) as refused:
            connection.execute("UPDATE scores SET value = 4 WHERE value = 1")
        assert refused.value.sqlstate == "SFL01"


def test_a_manager_reads_the_team_and_writes_only_their_own_readings(org: Organisation) -> None:
    with org.store("mary") as store:
        with pytest.raises(Refused), store.write() as writer:
            writer.add_person(Person(code="PA9", consent_date=dt.date(2023, 1, 1), team="a"))
        with pytest.raises(Refused), store.write() as writer:
            writer.add_reading(tiny_reading("PA1", worker="WA", day=9))
        with store.write() as writer:
            writer.add_reading(tiny_reading("PA1", worker="WM", day=10))
        with store.read() as reader:
            assert {r.worker for r in reader.readings(person="PA1")} == {"WA", "WM"}


def test_a_trainer_reaches_practice_only(org: Organisation) -> None:
    with org.raw("tom") as connection:
        assert connection.execute("SELECT count(*) FROM practice_sessions").fetchone() == (0,)
        for table in ("people", "readings", "scores", "actions"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(f"SELECT count(*) FROM {table}")
        # Their own audit entries only: an audited practice change (closing a session) works.
        connection.execute("INSERT INTO audit (at, action, details) VALUES (now(), 'x.t', '{}')")
        rows = connection.execute("SELECT DISTINCT actor FROM audit").fetchall()
    assert rows == [(org.login("tom"),)]


def test_a_deletion_waits_for_a_lead_who_is_not_the_one_asking(org: Organisation) -> None:
    with org.store() as owner, owner.read() as reader:
        [reading] = reader.readings(person="PA2")
    reading_id = str(reading.id)
    with org.store("alice") as store:
        asked = requests.delete_reading(store, reading_id, reason="entered twice")
        assert asked.request is not None
        assert asked.scrubbed is None
        with store.read() as reader:
            assert [r.id for r in reader.readings(person="PA2")] == [reading_id]
        with pytest.raises(Refused, match="only a lead"):
            requests.decide(store, asked.request, approve=True)
    with org.store("lena") as store:
        decision = requests.decide(store, asked.request, approve=True)
        assert decision.scrubbed is not None
        # A lead is not the tables' owner: VACUUM is left to the owner, in one line.
        assert any("VACUUM" in line for line in decision.scrubbed.undone)
        with store.read() as reader:
            assert reader.readings(person="PA2") == []
            entry = reader.audit_entries(person="PA2", limit=1, newest_first=True)[0]
        assert (entry.action, entry.actor) == ("reading.delete", org.login("lena"))
        own = requests.erase_person(store, "PB1", reason="asked to be forgotten")
        assert own.request is not None
        with pytest.raises(Refused, match="second lead"):
            requests.decide(store, own.request, approve=True)
    with org.store("leo") as store:
        requests.decide(store, own.request, approve=True)
    with org.store() as owner, owner.read() as reader:
        assert "PB1" not in {p.code for p in reader.people()}
        assert reader.readings(person="PB1") == []
        reasons = {e.reason for e in reader.audit_entries(person="PB1", limit=100)}
    assert reasons <= {None, "(erased with the person)", "asked to be forgotten"}
    assert _count(org, "lena", "people WHERE code = 'PB1'") == 0


def test_the_owner_still_vacuums_and_upgrades_a_secured_database(org: Organisation) -> None:
    engine = create_engine(org.url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for table in ("people", "readings", "scores", "actions", "audit"):
                connection.execute(text(f"VACUUM (ANALYZE) {table}"))
    finally:
        engine.dispose()
    with org.store() as store, store.write() as writer:
        again = secure(writer.connection)  # re-runnable
    assert again.policies > 0


def test_a_worker_never_tries_to_upgrade(org: Organisation) -> None:
    engine = create_engine(org.url())
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0005'"))
        with pytest.raises(SchemaOutdated, match="ask the database's owner"):
            org.store("alice")
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"UPDATE alembic_version SET version_num = '{HEAD}'"))
        engine.dispose()


def test_a_url_may_name_a_libpq_service_and_no_host(
    org: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = make_url(org.url("alice"))
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[starframe]\nhost={server.host}\nport={server.port}\ndbname={server.database}\n"
        f"user={server.username}\nsslmode=prefer\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    with open_store("postgresql+psycopg:///?service=starframe") as store, store.read() as reader:
        assert {p.code for p in reader.people()} <= {"PA1", "PA2", "PA3"}
        assert store.actor == org.login("alice")


def test_only_the_owner_or_a_lead_brings_in_a_moved_audit_log(org: Organisation) -> None:
    """A whole-database import keeps the actors its log recorded; a worker who sets the same
    switch with `psql` to claim another actor is refused by the database."""
    moved = (
        "INSERT INTO audit (at, action, details, actor) "
        "VALUES (now(), 'x.moved', '{}', 'someone.before')"
    )
    with org.raw("alice") as connection:
        connection.execute("SET starframe.moved_log = 'on'")
        with pytest.raises(psycopg.DatabaseError) as refused:
            connection.execute(moved)
        assert refused.value.sqlstate == "SFR04"
    with org.raw("lena") as connection:
        connection.execute("SET starframe.moved_log = 'on'")
        connection.execute(moved)
        row = connection.execute("SELECT actor FROM audit WHERE action = 'x.moved'").fetchone()
    assert row == ("someone.before",)
