"""Who made each change, on SQLite and PostgreSQL: recorded, read back, filtered, upgraded."""

from __future__ import annotations

import datetime as dt
import getpass
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from starframe.readings.export import jsonl_records, person_export, write_jsonl
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store, open_store
from starframe.store import database
from starframe.store.actor import current_actor
from starframe.store.database import HEAD
from starframe.store.errors import InvalidActor
from starframe.transfer.importing import import_records
from starframe.transfer.records import read_records
from tests.readings.conftest import add_people, downgrade_to, tiny_reading, tiny_text

JAN = dt.datetime(2024, 1, 10, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def jones(db_url: str) -> Iterator[Store]:
    """The test database opened by a worker who goes by a.jones."""
    with open_store(db_url, actor="a.jones") as opened:
        with opened.write() as writer:
            writer.put_definition(tiny_text())
        yield opened


def _actions_by(store: Store, **filters: Any) -> list[tuple[str | None, str]]:
    with store.read() as reader:
        return [(e.actor, e.action) for e in reader.audit_entries(**filters)]


# Who the actor is


def test_the_actor_is_starframe_user_trimmed() -> None:
    assert current_actor({"STARFRAME_USER": "  Sam Lee\t"}) == "Sam Lee"
    assert current_actor({"STARFRAME_USER": "x" * 80}) == "x" * 80


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("x" * 81, "81 characters long"),
        ("sam\nlee", "control character"),
    ],
)
def test_a_bad_starframe_user_is_refused_saying_how_to_fix_it(value: str, problem: str) -> None:
    with pytest.raises(InvalidActor, match=problem) as raised:
        current_actor({"STARFRAME_USER": value})
    assert "export STARFRAME_USER=" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_without_starframe_user_the_login_name_is_the_actor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "sjones")
    assert current_actor({}) == "sjones"


def test_without_any_login_name_the_actor_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_login() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert current_actor({}) == "unknown"


def test_a_bad_starframe_user_is_refused_before_the_database_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_USER", " ")
    path = tmp_path / "never.db"
    with pytest.raises(InvalidActor, match="STARFRAME_USER is empty"):
        open_store(str(path))
    assert not path.exists()


def test_a_program_naming_a_bad_actor_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidActor, match="the actor's name is empty"):
        open_store(str(tmp_path / "never.db"), actor="")


def test_opening_the_store_takes_the_actor_from_the_environment(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_USER", " Training Room 2 ")
    with open_store(db_url) as store:
        assert store.actor == "Training Room 2"
        with store.write() as writer:
            add_people(writer, "P1")
        assert {actor for actor, _ in _actions_by(store)} == {"Training Room 2"}


# Every change records it


def test_every_change_records_who_made_it(jones: Store, db_url: str) -> None:
    with jones.write() as writer:
        add_people(writer, "P1", "P2")
        done = writer.add_reading(tiny_reading())
        draft = writer.add_reading(tiny_reading(day=2, status="draft", scores={}))
    with open_store(db_url, actor="b.khan") as khan, khan.write() as writer:
        assert draft.id is not None
        complete = draft.model_copy(
            update={"status": "complete", "scores": {"home": 2, "money": 2, "health": 2}}
        )
        writer.save_draft(complete, revision=1)
        writer.revise(str(done.id), reason="typed the wrong day", date=dt.date(2024, 1, 3))
        writer.delete_reading(str(done.id), reason="entered for the wrong person")
        writer.audit("person.export", person="P1")
        writer.erase_person("P2", reason="asked to be forgotten")
    assert _actions_by(jones) == [
        ("a.jones", "worker.add"),
        ("a.jones", "person.add"),
        ("a.jones", "person.add"),
        ("a.jones", "reading.add"),
        ("a.jones", "reading.start"),
        ("b.khan", "reading.complete"),
        ("b.khan", "reading.revise"),
        ("b.khan", "reading.delete"),
        ("b.khan", "person.export"),
        ("b.khan", "person.erase"),
    ]


def test_an_import_records_who_imported(jones: Store, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "old.db"), actor="old system") as old:
        with old.write() as writer:
            hash_ = writer.put_definition(tiny_text())
            add_people(writer, "P1")
            writer.add_readings([tiny_reading()], definitions={("tiny", "1.0"): hash_})
        with old.read() as reader:
            buffer = io.StringIO()
            write_jsonl(jsonl_records(reader, reader.readings()), buffer)
    path = tmp_path / "everything.jsonl"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    loaded = read_records(path)
    assert loaded.problems == []

    def no_catalog() -> Any:
        raise AssertionError("the export carries its definition")

    import_records(jones, loaded.records, InstalledDefinitions(no_catalog))
    assert _actions_by(jones) == [
        ("a.jones", "worker.add"),
        ("a.jones", "person.add"),
        ("a.jones", "reading.import"),
        ("a.jones", "readings.import"),
    ]


# Reading the log


def _old_entry(store: Store, action: str, person: str | None, actor: str | None = None) -> None:
    """An entry as written before actors were recorded (or, with `actor`, on a given day)."""
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit (at, action, person_code, details, actor) "
                "VALUES (:at, :action, :person, '{}', :actor)"
            ),
            {"at": JAN, "action": action, "person": person, "actor": actor},
        )


def test_entries_without_an_actor_read_as_unknown(jones: Store) -> None:
    _old_entry(jones, "person.add", "P9")
    with jones.write() as writer:
        writer.audit("person.export", person="P9")
    with jones.read() as reader:
        old, new = reader.audit_entries(person="P9")
        unknown = reader.audit_entries(actor="unknown")
    assert (old.actor, old.who) == (None, "unknown")
    assert (new.actor, new.who) == ("a.jones", "a.jones")
    assert [e.id for e in unknown] == [old.id]


def test_the_log_is_filtered_by_person_actor_and_day_newest_first(
    jones: Store, db_url: str
) -> None:
    _old_entry(jones, "person.add", "P1", actor="a.jones")
    with jones.write() as writer:
        add_people(writer, "P2")
    with open_store(db_url, actor="b.khan") as khan, khan.write() as writer:
        writer.audit("person.export", person="P2")
    assert _actions_by(jones, newest_first=True) == [
        ("b.khan", "person.export"),
        ("a.jones", "person.add"),
        ("a.jones", "worker.add"),
        ("a.jones", "person.add"),
    ]
    assert _actions_by(jones, actor="b.khan") == [("b.khan", "person.export")]
    assert _actions_by(jones, actor="A.JONES") == []
    assert _actions_by(jones, person="P1") == [("a.jones", "person.add")]
    assert _actions_by(jones, since=dt.date(2024, 1, 10)) == _actions_by(jones)
    assert _actions_by(jones, since=dt.date(2024, 1, 11)) == _actions_by(jones)[1:]
    assert _actions_by(jones, since=dt.date.today() + dt.timedelta(days=1)) == []
    assert _actions_by(jones, actor="a.jones", newest_first=True, limit=2) == [
        ("a.jones", "person.add"),
        ("a.jones", "worker.add"),
    ]


def test_a_person_export_names_who_changed_their_records(jones: Store) -> None:
    with jones.write() as writer:
        add_people(writer, "P1")
    _old_entry(jones, "reading.delete", "P1")
    with jones.read() as reader:
        exported = person_export(reader, "P1")
    assert [(e["action"], e["actor"]) for e in exported["audit"]] == [
        ("person.add", "a.jones"),
        ("reading.delete", None),
    ]


# Upgrading


def test_audit_entries_written_before_actors_survive_the_upgrade(db_url: str) -> None:

    with open_store(db_url) as opened, opened.engine.begin() as connection:
        downgrade_to(connection, "0004")
        connection.execute(
            text(
                "INSERT INTO people (code, consent_date, created_at) "
                "VALUES ('P1', '2023-01-01', :at)"
            ),
            {"at": JAN},
        )
        for action, reason in (("person.add", None), ("person.export", "asked to see it")):
            connection.execute(
                text(
                    "INSERT INTO audit (at, action, person_code, details, reason) "
                    "VALUES (:at, :action, 'P1', :details, :reason)"
                ),
                {"at": JAN, "action": action, "details": json.dumps({}), "reason": reason},
            )
    with open_store(db_url, actor="a.jones") as upgraded:
        with upgraded.engine.connect() as connection:
            assert database.current_revision(connection) == HEAD
        with upgraded.write() as writer:
            writer.audit("person.export", person="P1")
        with upgraded.read() as reader:
            entries = reader.audit_entries(person="P1")
            assert [p.code for p in reader.people()] == ["P1"]
    assert [(e.at, e.action, e.reason, e.actor) for e in entries] == [
        (JAN, "person.add", None, None),
        (JAN, "person.export", "asked to see it", None),
        (entries[2].at, "person.export", None, "a.jones"),
    ]
