"""An erasure leaves nothing of the erased records in the database's own files.

SQLite keeps deleted bytes in free pages (unless secure_delete is on) and in the -wal file
(until a checkpoint, which SQLite never does by itself while another program has the
database open); PostgreSQL keeps deleted rows until VACUUM. These tests erase through the
real command and then read the raw files, or the server's own statistics.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from starframe.cli import main
from starframe.readings.models import Person, Worker
from starframe.readings.store import Store, open_store
from tests.readings.conftest import tiny_reading, tiny_text

STARFRAME = Path(sys.executable).parent / "starframe"
MARKER = "Zq7-hostel-marker-4471"
"""A string found nowhere else, written into every free-text field of the person erased."""
ERASED_TABLES = ("people", "readings", "readings_cohort_scan", "scores", "actions", "audit")


def _fill(url: str) -> None:
    """P1, whose name, support need, notes and an earlier reason hold MARKER; and P2."""
    with open_store(url) as store, store.write() as writer:
        writer.put_definition(tiny_text())
        writer.add_worker(Worker(code="W1", name="Worker One"))
        writer.add_person(
            Person(
                code="P1",
                consent_date=dt.date(2023, 1, 1),
                display_name=f"{MARKER} name",
                support_need=f"{MARKER} need",
            )
        )
        writer.add_person(Person(code="P2", consent_date=dt.date(2023, 1, 1)))
        writer.add_reading(
            tiny_reading("P1", note=f"{MARKER} whole", notes={"home": f"{MARKER} home"})
        )
        wrong = writer.add_reading(tiny_reading("P1", day=2, note=f"{MARKER} second"))
        writer.delete_reading(str(wrong.id), reason=f"{MARKER} reason")
        writer.add_reading(tiny_reading("P2", note="someone else's note"))


def _starframe(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    done = subprocess.run(
        [str(STARFRAME), *map(str, args)], env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _files_holding_marker(db: Path) -> list[str]:
    return [
        path.name
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"))
        if path.exists() and MARKER.encode() in path.read_bytes()
    ]


@pytest.mark.parametrize("other_connection", [False, True], ids=["alone", "another-open"])
def test_erasing_a_person_leaves_nothing_in_the_sqlite_files(
    tmp_path: Path, other_connection: bool
) -> None:
    db = tmp_path / "records.db"
    _fill(str(db))
    # Read before the other connection opens: closing any descriptor of the file would
    # drop that connection's POSIX locks, and with them the case under test.
    assert _files_holding_marker(db), "the marker is written before the erasure"
    other = sqlite3.connect(db, isolation_level=None)
    try:
        if other_connection:
            # Another program has it open (the TUI, say): SQLite then never empties the
            # -wal by itself, so without a checkpoint the erased pages stay in it.
            assert other.execute("SELECT count(*) FROM people").fetchone() == (2,)
        else:
            other.close()
        reason = ("--reason", "asked to be forgotten", "--yes")
        done = _starframe("people", "erase", "P1", *reason, "--db", db)
        assert done.returncode == 0, done.stderr
        assert _files_holding_marker(db) == []
        if other_connection:
            assert Path(f"{db}-wal").stat().st_size == 0
            assert other.execute("SELECT code FROM people").fetchall() == [("P2",)]
    finally:
        other.close()
    assert "Erased P1 and 1 reading(s)." in done.stdout
    assert "-wal file emptied" in done.stdout
    for copy in ("exports", "PDF", "backups", "copies of the database file"):
        assert copy in done.stdout
    assert done.stderr == ""


def test_erasure_does_not_depend_on_how_sqlite_was_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Debian builds SQLite with secure_delete on by default, others off: simulate off."""
    db = tmp_path / "records.db"
    _fill(str(db))
    connect = sqlite3.dbapi2.connect

    def built_without_secure_delete(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(*args, **kwargs)
        connection.execute("PRAGMA secure_delete = OFF")
        return connection

    monkeypatch.setattr(sqlite3.dbapi2, "connect", built_without_secure_delete)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as exited:
        main(["people", "erase", "P1", "--reason", "asked", "--yes", "--db", str(db)])
    assert exited.value.code == 0, capsys.readouterr().err
    assert _files_holding_marker(db) == []


def test_deleting_a_reading_leaves_its_notes_nowhere(tmp_path: Path) -> None:
    db = tmp_path / "records.db"
    _fill(str(db))
    with open_store(str(db)) as store, store.read() as reader:
        reading = reader.readings(person="P1")[0]
    notes = [f"{MARKER} whole".encode(), f"{MARKER} home".encode()]
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("SELECT count(*) FROM readings").fetchone()
        reason = ("--reason", "entered for the wrong person", "--yes")
        done = _starframe("readings", "delete", str(reading.id), *reason, "--db", db)
        assert done.returncode == 0, done.stderr
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        left = [p.name for p in files for note in notes if note in p.read_bytes()]
    finally:
        other.close()
    assert left == []
    assert "starframe cannot reach copies" in done.stdout


def test_a_program_still_reading_is_named_with_where_the_copies_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "records.db"
    _fill(str(db))
    monkeypatch.setattr("starframe.store.scrub.CHECKPOINT_WAIT_S", 0.1)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    reader = sqlite3.connect(db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM readings").fetchone()  # holds its snapshot
        with pytest.raises(SystemExit) as exited:
            main(["people", "erase", "P1", "--reason", "asked", "--yes", "--db", str(db)])
    finally:
        reader.close()
    captured = capsys.readouterr()
    assert exited.value.code == 0
    assert "starframe: warning: another program is reading the database" in captured.err
    assert f"stay in {db} and {db}-wal until every program using it" in captured.err
    assert "In the database," not in captured.out, "nothing is claimed done"


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    from tests.readings.conftest import _empty

    _empty(pg_url)
    _fill(pg_url)
    with open_store(pg_url) as store:
        yield store


def _vacuum_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT relname, vacuum_count FROM pg_stat_user_tables")
            ).all()
    finally:
        engine.dispose()
    return {name: int(count) for name, count in rows}


def test_erasing_on_postgresql_vacuums_the_tables_it_touched(
    pg_store: Store, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _vacuum_counts(pg_url)
    with pytest.raises(SystemExit) as exited:
        main(["people", "erase", "P1", "--reason", "asked", "--yes", "--db", pg_url])
    out = capsys.readouterr()
    assert exited.value.code == 0, out.err
    after = _vacuum_counts(pg_url)
    assert {name for name in after if after[name] > before.get(name, 0)} == set(ERASED_TABLES)
    assert "VACUUM removed the erased rows from 6 table(s)" in out.out
    assert "WAL archives and replicas" in out.out
    assert out.err == ""


@pytest.fixture
def clerk_url(pg_store: Store, pg_url: str) -> Iterator[str]:
    """A login that may change the records but owns no table, dropped afterwards."""
    server = make_url(pg_url)
    role = f"{server.database}_clerk"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(
            text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"')
        )
        connection.execute(text(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
    try:
        yield server.set(username=role, password=None).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def test_a_login_that_may_not_vacuum_is_given_the_owners_line(
    clerk_url: str, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _vacuum_counts(pg_url)
    with pytest.raises(SystemExit) as exited:
        main(["people", "erase", "P1", "--reason", "asked", "--yes", "--db", clerk_url])
    out = capsys.readouterr()
    assert exited.value.code == 0, out.err
    assert _vacuum_counts(pg_url) == before
    server = make_url(pg_url)
    owner = server.set(drivername="postgresql", password=None).render_as_string()
    tables = ", ".join(f"public.{name}" for name in ERASED_TABLES)
    line = f"psql '{owner}' -c 'VACUUM {tables};'"
    assert f"may not VACUUM {tables}" in out.err
    assert line in out.err
    assert "Erased P1 and 1 reading(s)." in out.out


def test_a_failed_checkpoint_says_the_erasure_is_saved_and_what_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "records.db"
    _fill(str(db))

    def broken(*_args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("starframe.store.scrub._checkpoint", broken)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as exited:
        main(["people", "erase", "P1", "--reason", "asked", "--yes", "--db", str(db)])
    captured = capsys.readouterr()
    assert exited.value.code == 0
    assert "Erased P1 and 1 reading(s)." in captured.out
    assert "the erasure is saved, but the checkpoint" in captured.err
    assert "(disk I/O error)" in captured.err
    with open_store(str(db)) as store, store.read() as reader:
        assert [person.code for person in reader.people()] == ["P2"]
