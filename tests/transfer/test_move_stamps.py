"""A move keeps when things were recorded (issue 19, item 2).

A JSON Lines export carries each record's stamps: when a person, worker, reading or definition
was stored, when a reading last changed, and its revision. An import into an empty database
keeps them, to the microsecond and in UTC whatever time zone a PostgreSQL session reports
in; an export written before stamps were carried imports with the import's time and revision
1, as it always did; and a record the database already holds keeps its own stamps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starframe.readings.store import open_store
from tests.practice import conftest as practice
from tests.readings.conftest import _empty, add_people, tiny_reading, tiny_text

cli_cache = practice.cli_cache
starframe = practice.starframe
Starframe = Callable[..., practice.Run]
DATA = Path(__file__).resolve().parents[1] / "data"
READING_ID = "0123456789abcdef0123456789abcdef"
ZONE = {"PGTZ": "Pacific/Chatham"}
"""A session time zone of +13:45, so a time PostgreSQL hands back is never already in UTC."""


def _line(**fields: Any) -> str:
    return json.dumps({"starframe": 1, **fields}, ensure_ascii=False, separators=(",", ":"))


def _crafted() -> list[str]:
    """An export whose stamps are in four zones and to the microsecond."""
    raw = tiny_text()
    return [
        _line(
            kind="definition",
            hash=hashlib.sha256(raw).hexdigest(),
            star="tiny",
            edition="1.0",
            text=raw.decode(),
            stored_at="2023-12-31T23:59:59.999999-05:00",
        ),
        _line(
            kind="worker",
            code="W1",
            name="Worker One",
            created_at="2024-01-01T00:00:00.000001+05:30",
        ),
        _line(
            kind="person",
            code="P1",
            consent_date="2023-01-01",
            created_at="2024-01-01T12:00:00.500000+00:00",
        ),
        _line(
            kind="reading",
            id=READING_ID,
            star="tiny",
            edition="1.0",
            definition=hashlib.sha256(raw).hexdigest(),
            person="P1",
            worker="W1",
            date="2024-01-01",
            scores={"home": 1, "money": 2, "health": 3},
            created_at="2024-01-02T09:30:00.123456+13:45",
            updated_at="2024-03-31T01:30:00.000007Z",
            revision=3,
        ),
    ]


EXPECTED = {
    "definition": {"stored_at": "2024-01-01T04:59:59.999999Z"},
    "worker": {"created_at": "2023-12-31T18:30:00.000001Z"},
    "person": {"created_at": "2024-01-01T12:00:00.500000Z"},
    "reading": {
        "created_at": "2024-01-01T19:45:00.123456Z",
        "updated_at": "2024-03-31T01:30:00.000007Z",
        "revision": 3,
    },
}
"""What an export then writes: the same instants, in UTC."""


def _stamps(export: Path) -> dict[str, dict[str, Any]]:
    """Kind → the stamps of its record, from an export holding one record of each kind."""
    found: dict[str, dict[str, Any]] = {}
    for line in export.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["kind"] in EXPECTED:
            found[record["kind"]] = {name: record[name] for name in EXPECTED[record["kind"]]}
    return found


def _move(starframe: Starframe, source: Path | str, target: Path | str, out: Path) -> Path:
    imported = starframe("readings", "import", source, "--db", target, env=ZONE)
    assert imported.code == 0, imported.err
    exported = starframe("readings", "export", "--format", "jsonl", "-o", out, "--db", target)
    assert exported.code == 0, exported.err
    return out


def test_times_move_exactly_between_sqlite_and_postgresql_in_any_time_zone(
    starframe: Starframe, tmp_path: Path, pg_url: str
) -> None:
    _empty(pg_url)
    crafted = tmp_path / "crafted.jsonl"
    crafted.write_text("\n".join(_crafted()) + "\n", encoding="utf-8")
    from_sqlite = _move(starframe, crafted, tmp_path / "first.db", tmp_path / "a.jsonl")
    assert _stamps(from_sqlite) == EXPECTED
    imported = starframe("readings", "import", from_sqlite, "--db", pg_url, env=ZONE)
    assert imported.code == 0, imported.err
    from_postgresql = tmp_path / "b.jsonl"
    exported = starframe(
        "readings", "export", "--format", "jsonl", "-o", from_postgresql, "--db", pg_url, env=ZONE
    )
    assert exported.code == 0, exported.err
    assert _stamps(from_postgresql) == EXPECTED
    back = _move(starframe, from_postgresql, tmp_path / "back.db", tmp_path / "c.jsonl")
    assert _stamps(back) == EXPECTED
    shown = starframe("readings", "show", READING_ID, "--json", "--db", tmp_path / "back.db")
    assert shown.code == 0, shown.err
    stored = json.loads(shown.out)
    assert (stored["revision"], stored["created_at"], stored["updated_at"]) == (
        3,
        "2024-01-01T19:45:00+00:00",
        "2024-03-31T01:30:00+00:00",
    )


def test_a_moved_reading_shows_when_it_was_stored_and_corrected(
    starframe: Starframe, tmp_path: Path
) -> None:
    """What the issue's user saw: after a move, `readings show` gave the import's time and
    revision 1. A filtered export carries the stamps of what it holds too."""
    source = tmp_path / "source.db"
    with open_store(str(source)) as store, store.write() as writer:
        hash_ = writer.put_definition(tiny_text())
        add_people(writer, "P1")
        added = writer.add_reading(tiny_reading(), definitions={("tiny", "1.0"): hash_})
        writer.revise(str(added.id), reason="wrong date", date=dt.date(2024, 1, 2))
    reading_id = str(added.id)
    for filters in ((), ("--person", "P1")):
        export = tmp_path / f"export{len(filters)}.jsonl"
        exported = starframe(
            "readings", "export", "--format", "jsonl", "-o", export, *filters, "--db", source
        )
        assert exported.code == 0, exported.err
        target = tmp_path / f"target{len(filters)}.db"
        assert starframe("readings", "import", export, "--db", target).code == 0
        shown = [
            json.loads(starframe("readings", "show", reading_id, "--json", "--db", db).out)
            for db in (source, target)
        ]
        before, after = ({k: s[k] for k in ("revision", "created_at", "updated_at")} for s in shown)
        assert before["revision"] == 2
        assert after == before
        with open_store(str(source)) as old, old.read() as reader:
            held = [reader.people(stamped=True), reader.workers(stamped=True)]
        with open_store(str(target)) as new, new.read() as reader:
            assert [reader.people(stamped=True), reader.workers(stamped=True)] == held


def test_an_export_without_stamps_imports_with_the_import_time(
    starframe: Starframe, tmp_path: Path
) -> None:
    target = tmp_path / "new.db"
    started = dt.datetime.now(dt.UTC)
    moved = starframe("readings", "import", DATA / "export-0005.jsonl", "--db", target)
    assert moved.code == 0, moved.err
    finished = dt.datetime.now(dt.UTC)
    with open_store(str(target)) as store, store.read() as reader:
        (reading,) = reader.readings(stamped=True)
        (person,) = reader.people(stamped=True)
        (worker,) = reader.workers(stamped=True)
        (definition,) = reader.definitions_used(None)
    assert reading.revision == 1
    assert reading.created_at == reading.updated_at
    for stamp in (reading.created_at, person.created_at, worker.created_at, definition.stored_at):
        assert stamp is not None
        assert started <= stamp <= finished


def test_a_record_already_held_keeps_its_own_stamps(starframe: Starframe, tmp_path: Path) -> None:
    """The same records with other stamps are the same records: skipped, never rewritten."""
    old = DATA / "export-0005.jsonl"
    target = tmp_path / "new.db"
    assert starframe("readings", "import", old, "--db", target).code == 0
    with open_store(str(target)) as store, store.read() as reader:
        before = (reader.readings(stamped=True), reader.people(stamped=True))
    stamped = tmp_path / "stamped.jsonl"
    lines = []
    for line in old.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["kind"] in ("worker", "person", "reading"):
            record["created_at"] = "2020-01-01T00:00:00Z"
        if record["kind"] == "reading":
            record.update(updated_at="2020-02-01T00:00:00Z", revision=4)
        if record["kind"] == "definition":
            record["stored_at"] = "2020-01-01T00:00:00Z"
        lines.append(json.dumps(record) + "\n")
    stamped.write_text("".join(lines), encoding="utf-8")
    again = starframe("readings", "import", stamped, "--db", target)
    assert again.code == 0, again.err
    assert "12 already present and unchanged" in again.out
    with open_store(str(target)) as store, store.read() as reader:
        assert (reader.readings(stamped=True), reader.people(stamped=True)) == before


def test_stamps_that_contradict_each_other_are_refused_at_their_place(
    starframe: Starframe, tmp_path: Path
) -> None:
    lines = _crafted()
    reading = json.loads(lines[3])
    backwards = json.dumps({**reading, "updated_at": "2024-01-01T00:00:00Z"})
    alone = {k: v for k, v in reading.items() if k != "created_at"}
    crafted = tmp_path / "crafted.jsonl"
    crafted.write_text(
        "\n".join([*lines[:3], backwards, json.dumps({**alone, "id": "f" * 32})]) + "\n",
        encoding="utf-8",
    )
    refused = starframe("readings", "import", crafted, "--db", tmp_path / "target.db")
    assert refused.code == 1
    column = backwards.index('"2024-01-01T00:00:00Z"') + 1
    assert (
        f"crafted.jsonl:4:{column}: error SF199: `updated_at`: is before `created_at`: a reading "
        "changes after it is stored." in refused.err
    )
    assert "crafted.jsonl:5:" in refused.err
    assert "`updated_at`: is given without `created_at`: give both, as exported." in refused.err
    assert "nothing was saved" in refused.err
