"""Readings read ahead in a second process (`ahead.py`) are exactly those read in this one.

A large import reads, validates and checks its readings against their Stars in a forked child
while this process writes (issue 21). Whatever the file holds, the records, their problems,
the order of both, what the files count and what the database ends up holding must be those
of reading in-process; `STARFRAME_AHEAD_BYTES` sets where the second process starts (0: any
file, a huge number: never), so each test reads both ways.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel
from sqlalchemy import create_engine, text

from starframe.readings import ahead, streams
from starframe.readings.files import Record
from starframe.readings.models import Person, Reading
from starframe.readings.packing import Packer, unpack
from starframe.readings.streams import RecordFiles
from starframe.readings.writer import Checked
from starframe.transfer.records import MODELS
from tests.readings.test_scale import _export_lines

STARFRAME = str(Path(sys.executable).parent / "starframe")
NEVER = str(10**15)
BAD = [
    "{not json",
    '{"starframe":1,"kind":"reading","star":"tiny","edition":"1.0","person":"P1",'
    '"worker":"W-01","date":"2021-01-01","scores":{"home":' + "9" * 200 + "}}",
    '{"starframe":1,"kind":"reading","star":"tiny","edition":"1.0","person":"P1",'
    '"worker":"W-01","date":"2021-13-01","scores":{"home":1}}',
    '{"starframe":1,"kind":"reading","kind":"reading"}',
]
"""Lines every way a line can fail to be read: syntax, a huge number, a bad value, a key
given twice."""


def _lines(readings: int, *, bad_every: int = 0) -> Iterator[str]:
    """An export's lines, with a bad line after every `bad_every` readings, and readings of
    every shape: notes, n/a reasons, the person's scores, action plans, stamps, drafts."""
    for index, record in enumerate(_export_lines(readings, people=50)):
        if record["kind"] == "reading" and index % 7 == 0:
            record = {**record, "note": f"note {index}", "status": "draft"}
        if record["kind"] == "reading" and index % 11 == 0:
            record = {
                **record,
                "created_at": "2022-01-01T10:00:00Z",
                "updated_at": "2022-01-02T10:00:00Z",
                "revision": 2,
            }
        if record["kind"] == "reading" and index % 13 == 0:
            record = {**record, "not_applicable_reasons": {"health": "no"}}
        if record["kind"] == "reading" and index % 17 == 0:
            record = {**record, "actions": [{"scale": "home", "goal": "a home"}]}
        yield json.dumps(record, separators=(",", ":"))
        if bad_every and index % bad_every == bad_every - 1:
            yield BAD[index // bad_every % len(BAD)]


def _people_lines(people: int, *, bad_every: int) -> Iterator[str]:
    """Lines of people with every field, some left out, and a bad one every `bad_every`."""
    for index in range(people):
        person: dict[str, object] = {
            "starframe": 1,
            "kind": "person",
            "code": f"P{index:05d}",
            "consent_date": "2020-12-01",
        }
        if index % 3 == 0:
            person |= {"display_name": f"Person {index}", "birth_years": "1980-1989"}
        if index % 5 == 0:
            person |= {"support_need": "housing", "created_at": "2022-01-01T10:00:00Z"}
        yield json.dumps(person, separators=(",", ":"))
        if bad_every and index % bad_every == bad_every - 1:
            yield json.dumps({**person, "code": f"Q{index}", "consent_date": "2020-13-01"})


def _read(
    path: Path, monkeypatch: pytest.MonkeyPatch, at: str, kind: type[BaseModel] = Reading
) -> tuple[list[Record], object]:
    monkeypatch.setenv("STARFRAME_AHEAD_BYTES", at)
    source = RecordFiles([path], MODELS)
    records = []
    ok = []
    for record in source.records({kind}):
        records.append(record)
        ok.append(source.ok)  # what an import sees between records
    counts = [(f.read, f.problems, f.stopped) for f in source._files]
    return records, (source.problems, ok, counts)


def _same_records(ahead_: list[Record], here: list[Record]) -> None:
    assert [(r.file, r.line, r.text, r.stored) for r in ahead_] == [
        (r.file, r.line, r.text, r.stored) for r in here
    ]
    for got, want in zip(ahead_, here, strict=True):
        assert got.model == want.model
        assert list(got.model.__dict__.items()) == list(want.model.__dict__.items())
        assert got.model.__pydantic_fields_set__ == want.model.__pydantic_fields_set__


@pytest.mark.parametrize("bad_every", [0, 997, 37])
def test_records_and_problems_read_ahead_are_those_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_every: int
) -> None:
    """Every 37th line bad: the files stop at 100 problems, with the same last problem."""
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(_lines(3_000, bad_every=bad_every)) + "\n", encoding="utf-8")
    here, found_here = _read(path, monkeypatch, NEVER)
    ahead_, found_ahead = _read(path, monkeypatch, "0")
    assert len(here) > 1_000
    _same_records(ahead_, here)
    assert found_ahead == found_here
    assert all(record.checked is None for record in here)


@pytest.mark.parametrize("bad_every", [0, 41])
def test_people_read_ahead_are_those_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_every: int
) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text("\n".join(_people_lines(3_000, bad_every=bad_every)) + "\n", "utf-8")
    forked: list[bool] = []

    def counted(produce: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
        forked.append(True)
        return ahead.read_ahead(produce)

    monkeypatch.setattr(streams, "read_ahead", counted)
    here, found_here = _read(path, monkeypatch, NEVER, Person)
    assert not forked
    ahead_, found_ahead = _read(path, monkeypatch, "0", Person)
    assert forked == [True]
    assert len(here) > 1_000
    assert {type(record.model) for record in here} == {Person}
    _same_records(ahead_, here)
    assert found_ahead == found_here


def test_pack_and_unpack_give_the_same_record(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [*_people_lines(30, bad_every=0), *_lines(200)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(RecordFiles([path], MODELS).records({Person, Reading}))
    assert {type(record.model) for record in records} == {Person, Reading}
    packer = Packer()
    checked = Checked("ab" * 32, dt.date(2026, 1, 2), [], "123")
    for record in records:
        again = unpack(packer.pack(record, checked))
        _same_records([again], [record])
        assert again.checked == checked
        assert unpack(packer.pack(record)).checked is None


def _produce_then_fail() -> Iterator[bytes]:
    yield b"one"
    raise ValueError("the file changed while it was read")


def test_a_failure_in_the_second_process_is_raised_where_its_payload_was() -> None:
    payloads = ahead.read_ahead(_produce_then_fail)
    assert next(payloads) == b"one"
    with pytest.raises(ValueError, match="the file changed"):
        next(payloads)


def _produce_then_die() -> Iterator[bytes]:
    yield b"one"
    os._exit(3)


def test_a_second_process_that_dies_stops_the_import() -> None:
    """Killed, or out of memory: the records after it never come, so nothing is written."""
    with pytest.raises(ahead.ReaderGone, match="exit code 3"):
        list(ahead.read_ahead(_produce_then_die))  # what it had not sent yet is lost too


def _endless() -> Iterator[bytes]:
    while True:
        yield b"x" * 100_000


def test_stopping_early_stops_the_second_process() -> None:
    payloads = ahead.read_ahead(_endless)
    assert next(payloads) == b"x" * 100_000
    assert multiprocessing.active_children()
    payloads.close()
    assert not multiprocessing.active_children()


def _env(tmp_path: Path, at: str) -> dict[str, str]:
    env = {**os.environ, "STARFRAME_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("STARFRAME_DB", None)
    return {**env, "STARFRAME_AHEAD_BYTES": at}


def _import(tmp_path: Path, path: Path, db: str, at: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STARFRAME, "readings", "import", str(path), "--db", db],
        env=_env(tmp_path, at),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _held(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """What the import wrote, without the times it wrote it at."""
    engine = create_engine(f"sqlite:///{db}")
    queries = {
        "readings": "SELECT pk, id, person_code, worker_code, definition_hash, taken_on, mode, "
        "status, note, revision FROM readings ORDER BY pk",
        "scores": "SELECT * FROM scores ORDER BY reading_pk, scale_id",
        "actions": "SELECT * FROM actions ORDER BY reading_pk, position",
        "scan": "SELECT * FROM readings_cohort_scan ORDER BY reading_pk",
        "audit": "SELECT id, action, person_code, reading_id, details FROM audit "
        "WHERE action <> 'readings.import' ORDER BY id",
    }
    try:
        with engine.connect() as connection:
            return {
                name: [tuple(row) for row in connection.execute(text(query))]
                for name, query in queries.items()
            }
    finally:
        engine.dispose()


def test_an_import_read_ahead_writes_what_one_read_here_writes(tmp_path: Path) -> None:
    path = tmp_path / "good.jsonl"
    path.write_text("\n".join(_lines(6_000)) + "\n", encoding="utf-8")
    here = _import(tmp_path, path, str(tmp_path / "here.db"), NEVER)
    ahead_ = _import(tmp_path, path, str(tmp_path / "ahead.db"), "0")
    assert here.returncode == 0, here.stderr
    assert (ahead_.returncode, ahead_.stdout, ahead_.stderr) == (0, here.stdout, here.stderr)
    held = _held(tmp_path / "ahead.db")
    assert len(held["readings"]) == 6_000
    assert held == _held(tmp_path / "here.db")
    again = _import(tmp_path, path, str(tmp_path / "ahead.db"), "0")
    assert again.returncode == 0, again.stderr
    assert "Imported 0 reading(s)" in again.stdout
    assert _held(tmp_path / "ahead.db") == held


@pytest.mark.parametrize("unreadable", [False, True])
def test_bad_records_in_the_middle_give_the_same_problems_both_ways(
    tmp_path: Path, unreadable: bool
) -> None:
    """Problems found checking against the Star (a scale it has not) and the database (an
    unknown person, an id given twice) are the same, in the same order, and nothing is
    written; with a line that cannot be read, that line's problem is the one reported."""
    lines = list(_lines(12_000))
    middle = json.loads(lines[6_000])
    lines[6_000] = json.dumps({**middle, "person": "P-NOBODY"})
    lines[7_000] = json.dumps({**json.loads(lines[7_000]), "scores": {"homes": 1}})
    lines[9_000] = json.dumps({**json.loads(lines[9_000]), "id": middle["id"]})
    if unreadable:
        lines.insert(8_000, BAD[0])
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    here = _import(tmp_path, path, str(tmp_path / "here.db"), NEVER)
    ahead_ = _import(tmp_path, path, str(tmp_path / "ahead.db"), "0")
    assert here.returncode == 1
    assert (ahead_.returncode, ahead_.stdout, ahead_.stderr) == (1, here.stdout, here.stderr)
    codes = ("SF005",) if unreadable else ("SF709", "SF701")
    for code in codes:
        assert code in here.stderr
    assert _held(tmp_path / "ahead.db")["readings"] == []


def test_on_either_backend_bad_records_give_the_same_problems_and_a_good_file_goes_in(
    db_url: str, tmp_path: Path
) -> None:
    """PostgreSQL too (its copies run in a thread of their own, waited for before the fork)."""
    lines = list(_lines(12_000))
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines[6_000] = json.dumps({**json.loads(lines[6_000]), "person": "P-NOBODY"})
    lines[7_000] = json.dumps({**json.loads(lines[7_000]), "scores": {"homes": 1}})
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    here = _import(tmp_path, bad, db_url, NEVER)
    ahead_ = _import(tmp_path, bad, db_url, "0")
    assert "SF709" in here.stderr
    assert (ahead_.returncode, ahead_.stdout, ahead_.stderr) == (1, here.stdout, here.stderr)
    done = _import(tmp_path, good, db_url, "0")
    assert done.returncode == 0, done.stderr
    assert "Imported 12000 reading(s), 50 person(s)" in done.stdout
    again = _import(tmp_path, good, db_url, "0")
    assert again.returncode == 0, again.stderr
    assert "Imported 0 reading(s)" in again.stdout
