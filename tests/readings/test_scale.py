"""The store at organisation scale: imports and exports stream, and a bulk import stays whole.

Issue 21: an import held every record of its files in memory (4.7 GiB at a million readings),
and on PostgreSQL re-ran a query per batch that scanned the growing `readings` table; lists
and exports held every reading. These tests run the installed `starframe` command in a child
process, as a user would: under a memory cap set with `resource.setrlimit` (an export of
200,000 readings needed over a gigabyte before), and killed in the middle of an import (the
database is as it was, and the import runs again). Speed is measured by
`benchmarks/scale.py`, never here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pty
import resource
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from starframe.readings.models import Person, Worker
from starframe.readings.store import open_store
from tests.readings.conftest import tiny_text

STARFRAME = str(Path(sys.executable).parent / "starframe")
SCALES = ("home", "money", "health")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "STARFRAME_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("STARFRAME_DB", None)
    return env


def _run(
    tmp_path: Path, *args: str | Path, limit: int | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [STARFRAME, *map(str, args)],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap,
        check=False,
    )


def _export_lines(readings: int, *, people: int = 500) -> Iterator[dict[str, object]]:
    """An export as `readings export --format jsonl` writes one: the tiny Star's definition,
    a worker, `people` people and `readings` readings with ids of their own."""
    raw = tiny_text()
    digest = hashlib.sha256(raw).hexdigest()
    yield {
        "starframe": 1,
        "kind": "definition",
        "hash": digest,
        "star": "tiny",
        "edition": "1.0",
        "text": raw.decode(),
    }
    yield {"starframe": 1, "kind": "worker", "code": "W-01", "name": "Worker One"}
    for person in range(people):
        yield {
            "starframe": 1,
            "kind": "person",
            "code": f"P{person:05d}",
            "consent_date": "2020-01-01",
        }
    for index in range(readings):
        yield {
            "starframe": 1,
            "kind": "reading",
            "id": f"{index + 1:032x}",
            "star": "tiny",
            "edition": "1.0",
            "definition": digest,
            "person": f"P{index % people:05d}",
            "worker": "W-01",
            "date": f"2021-{index % 12 + 1:02d}-{index % 28 + 1:02d}",
            "scores": {"home": index % 4 + 1, "money": (index + 1) % 4 + 1, "health": "n/a"},
        }


def _write(path: Path, records: Iterator[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
    return path


def _counts(url: str) -> dict[str, int]:
    with open_store(url):  # made and migrated, as a command would
        pass
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("people", "workers", "readings", "scores", "audit")
            }
    finally:
        engine.dispose()


# A bad record in the middle of a bulk import


def test_a_bad_record_in_the_middle_leaves_the_database_as_it_was(
    db_url: str, tmp_path: Path
) -> None:
    """12,000 readings cross two batches (and PostgreSQL's staged path): one unknown person
    at line 6,000 fails the whole import, and the problem names its line."""
    lines = list(_export_lines(12_000))
    bad = 6_000
    lines[bad - 1] = {**lines[bad - 1], "person": "P-NOBODY"}
    path = _write(tmp_path / "bad.jsonl", iter(lines))
    before = _counts(db_url)
    run = _run(tmp_path, "readings", "import", path, "--db", db_url)
    assert run.returncode == 1, run.stderr
    assert f"bad.jsonl:{bad}:" in run.stderr
    assert "SF709" in run.stderr
    assert "nothing was saved" in run.stderr
    assert _counts(db_url) == before


def test_an_id_given_twice_in_different_batches_is_refused_at_the_second(
    db_url: str, tmp_path: Path
) -> None:
    """A batch sees only its own ids; PostgreSQL stages every batch before writing any, so the
    id given twice is found among the staged readings, and nothing is written."""
    lines = list(_export_lines(11_000))
    first, second = 600, 10_800  # lines of readings two batches apart
    lines[second - 1] = {**lines[second - 1], "id": lines[first - 1]["id"]}
    path = _write(tmp_path / "twice.jsonl", iter(lines))
    run = _run(tmp_path, "readings", "import", path, "--db", db_url)
    assert run.returncode == 1, run.stderr
    assert f"twice.jsonl:{second}:" in run.stderr
    assert f"twice.jsonl:{first}:" not in run.stderr
    assert "SF712" in run.stderr
    assert _counts(db_url)["readings"] == 0


def test_a_bulk_import_is_whole_and_runs_again_unchanged(db_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "good.jsonl", _export_lines(11_000))
    done = _run(tmp_path, "readings", "import", path, "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert "Imported 11000 reading(s), 500 person(s), 1 worker(s), 1 definition(s)." in done.stdout
    counts = _counts(db_url)
    assert (counts["readings"], counts["scores"], counts["people"]) == (11_000, 33_000, 500)
    if "://" not in db_url:  # written with a rollback journal (`Store.write`), the log is back
        with sqlite3.connect(db_url) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    again = _run(tmp_path, "readings", "import", path, "--db", db_url)
    assert again.returncode == 0, again.stderr
    assert "Imported 0 reading(s)" in again.stdout
    assert "11502 already present and unchanged" in again.stdout
    assert {**_counts(db_url), "audit": 0} == {**counts, "audit": 0}
    with open_store(db_url) as store, store.read() as reader:
        reading = reader.reading(f"{5_000:032x}")
    assert (reading.person, reading.scores) == (
        "P00499",
        {"home": 4, "money": 1, "health": "n/a"},
    )


def _kill_while_writing(db_url: str, path: Path, tmp_path: Path) -> None:
    """Start `readings import` of `path` and kill it (SIGKILL) once it is writing."""
    child = subprocess.Popen(
        [STARFRAME, "readings", "import", str(path), "--db", db_url],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_writing(db_url, child)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, "the import ended before it could be killed"


def test_an_import_killed_in_the_middle_leaves_nothing_and_runs_again(
    db_url: str, tmp_path: Path
) -> None:
    path = _write(tmp_path / "big.jsonl", _export_lines(40_000, people=2_000))
    _kill_while_writing(db_url, path, tmp_path)
    assert (_counts(db_url)["readings"], _counts(db_url)["people"]) == (0, 0)
    again = _run(tmp_path, "readings", "import", path, "--db", db_url)
    assert again.returncode == 0, again.stderr
    counts = _counts(db_url)
    assert (counts["readings"], counts["scores"], counts["people"]) == (40_000, 120_000, 2_000)


def _wait_until_writing(db_url: str, child: subprocess.Popen[bytes]) -> None:
    """Until the import has written readings in its transaction (seen from outside)."""
    engine = create_engine(db_url) if "://" in db_url else None
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and child.poll() is None:
            if engine is not None:
                if _pg_staging(engine):
                    return
            elif _sqlite_writing(Path(db_url), child.pid):
                return
            time.sleep(0.01)
    finally:
        if engine is not None:
            engine.dispose()
    pytest.fail("the import never started writing readings")


def _pg_staging(engine: Engine) -> bool:
    """A session of this database, inside a transaction, last ran a statement on a staged
    table: the import is staging readings."""
    with engine.connect() as connection:
        query = text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND xact_start IS NOT NULL AND query LIKE '%staged_scores%' "
            "AND pid <> pg_backend_pid()"
        )
        return bool(connection.execute(query).scalar_one())


def _sqlite_writing(path: Path, pid: int) -> bool:
    """Readings are being written: the write-ahead log holds more than the people or, in a
    large import, kept by a rollback journal until it commits, the journal is there and the
    import has started the process that reads its readings ahead (`ahead.py`), which it does
    once the people are written."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 2_000_000:
        return True
    return path.with_name(path.name + "-journal").exists() and _has_child(pid)


def _has_child(pid: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if fields[1] == str(pid):
            return True
    return False


# Streaming under a memory cap


CAP = 350 * 1024 * 1024
"""Address space for one command: the interpreter with its libraries and one batch fit in
it; 200,000 readings held at once (as every list and export did before issue 21) do not."""


@pytest.fixture(scope="module")
def two_hundred_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database of 200,000 readings (600,000 scores), written with SQL for speed."""
    folder = tmp_path_factory.mktemp("scale")
    db = folder / "scale.db"
    raw = tiny_text()
    with open_store(str(db)) as store, store.write() as writer:
        digest = writer.put_definition(raw)
        writer.add_workers([Worker(code="W-01", name="Worker One")])
        writer.add_people(
            [
                Person.model_validate({"code": f"P{p:05d}", "consent_date": "2020-01-01"})
                for p in range(1_000)
            ]
        )
    connection = sqlite3.connect(db)
    with connection:
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
            "INSERT INTO readings (pk, id, person_code, worker_code, star_id, edition, "
            "definition_hash, taken_on, mode, retrospective, status, revision, created_at, "
            "updated_at) SELECT i, printf('%032x', i), printf('P%05d', i % 1000), 'W-01', "
            "'tiny', '1.0', ?, date('2021-01-01', '+' || (i % 700) || ' days'), "
            "'collaborative', 0, 'complete', 1, '2024-01-01 00:00:00.000000', "
            "'2024-01-01 00:00:00.000000' FROM n",
            (digest,),
        )
        for offset, scale in enumerate(SCALES):
            connection.execute(
                "INSERT INTO scores (reading_pk, scale_id, value, not_applicable) "
                "SELECT pk, ?, (pk + ?) % 4 + 1, 0 FROM readings",
                (scale, offset),
            )
    connection.close()
    return db


@pytest.mark.slow
def test_a_200k_export_and_list_stream_under_a_memory_cap(
    two_hundred_thousand: Path, tmp_path: Path
) -> None:
    db = two_hundred_thousand
    jsonl = _run(
        tmp_path,
        "readings",
        "export",
        "--format",
        "jsonl",
        "-o",
        "all.jsonl",
        "--db",
        db,
        limit=CAP,
    )
    assert jsonl.returncode == 0, jsonl.stderr[-2000:]
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    readings = [json.loads(line) for line in lines if '"kind":"reading"' in line]
    assert len(readings) == 200_000
    assert [r["id"] for r in readings[:2]] == [f"{700:032x}", f"{1400:032x}"]  # oldest first
    assert readings[0]["scores"] == {"home": 1, "money": 2, "health": 3}
    csv = _run(tmp_path, "readings", "export", "-o", "all.csv", "--db", db, limit=CAP)
    assert csv.returncode == 0, csv.stderr[-2000:]
    with (tmp_path / "all.csv").open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in handle)
    assert rows == 1 + 200_000 * len(SCALES)
    listed = _run(tmp_path, "readings", "list", "--db", db, limit=CAP)
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert listed.stdout.count("\n") == 1 + 200_000  # piped: every reading, under its header


def test_the_cap_is_one_every_reading_held_at_once_does_not_fit_in(
    two_hundred_thousand: Path,
) -> None:
    """The test above proves something only if holding the readings breaks the cap: the
    reader's `readings()`, a list of them all, is what every list and export used."""
    code = (
        "import sys\n"
        "from starframe.readings.store import open_store\n"
        "with open_store(sys.argv[1]) as store, store.read() as reader:\n"
        "    print(len(reader.readings()))\n"
    )

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    run = subprocess.run(
        [sys.executable, "-c", code, str(two_hundred_thousand)],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        timeout=300,
        check=False,
    )
    assert run.returncode != 0, run.stdout
    assert "MemoryError" in run.stderr


# What `readings list` shows in a terminal


def _on_a_terminal(tmp_path: Path, *args: str | Path) -> tuple[int, str]:
    """The installed command run with its output on a pseudo-terminal: what a user sees."""
    leader, follower = pty.openpty()
    try:
        child = subprocess.Popen(
            [STARFRAME, *map(str, args)],
            env=_env(tmp_path),
            cwd=tmp_path,
            stdout=follower,
            stderr=subprocess.DEVNULL,
        )
        os.close(follower)
        printed = b""
        while chunk := _read(leader):
            printed += chunk
        code = child.wait(timeout=120)
    finally:
        os.close(leader)
    return code, printed.decode("utf-8").replace("\r\n", "\n")


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal's other end is closed: everything was read
        return b""


def test_in_a_terminal_the_list_shows_the_newest_50_and_the_total(tmp_path: Path) -> None:
    db = tmp_path / "sixty.db"
    path = _write(tmp_path / "sixty.jsonl", _export_lines(60, people=5))
    assert _run(tmp_path, "readings", "import", path, "--db", db).returncode == 0
    taken = [(f"2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}", f"P{i % 5:05d}") for i in range(60)]
    newest = sorted(taken)[-50:]  # by date, then order of entry (here the same as the person)
    code, shown = _on_a_terminal(tmp_path, "readings", "list", "--db", db)
    assert code == 0
    rows = [tuple(line.split()[1:3]) for line in shown.splitlines()[1:51]]
    assert rows == newest, "the newest 50, oldest first"
    assert "The newest 50 of 60 readings; `--all` lists every one" in shown
    code, everything = _on_a_terminal(tmp_path, "readings", "list", "--all", "--db", db)
    assert code == 0
    assert len(everything.splitlines()) == 1 + 60
    assert "The newest" not in everything
    piped = _run(tmp_path, "readings", "list", "--db", db)
    assert piped.returncode == 0
    assert piped.stdout.count("\n") == 1 + 60, "piped: every reading, under its header"
    assert "The newest" not in piped.stdout


# A large PostgreSQL import: its foreign keys dropped and added again in its transaction


BULK = "5000"
"""Staged rows that make an import large here (`STARFRAME_BULK_ROWS`): 12,000 readings are."""


def _foreign_keys(url: str) -> dict[tuple[str, str], tuple[str, int]]:
    """Every foreign key: (table, name) to (definition, oid). A key dropped and added again
    has the same definition and a new oid."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), "
                    "CAST(oid AS integer) FROM pg_constraint WHERE contype = 'f'"
                )
            ).all()
    finally:
        engine.dispose()
    return {(table, name): (definition, oid) for table, name, definition, oid in rows}


def _definitions(keys: dict[tuple[str, str], tuple[str, int]]) -> dict[tuple[str, str], str]:
    return {key: definition for key, (definition, _oid) in keys.items()}


def _renewed(
    before: dict[tuple[str, str], tuple[str, int]], after: dict[tuple[str, str], tuple[str, int]]
) -> set[str]:
    """The tables whose keys have new oids."""
    return {key[0] for key, (_definition, oid) in after.items() if before[key][1] != oid}


@pytest.fixture
def pg_db(pg_url: str) -> str:
    from tests.readings.conftest import _empty

    _empty(pg_url)
    return pg_url


def test_a_large_import_puts_back_exactly_the_foreign_keys_it_had(
    pg_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_BULK_ROWS", BULK)
    path = _write(tmp_path / "good.jsonl", _export_lines(12_000))
    _counts(pg_db)
    before = _foreign_keys(pg_db)
    done = _run(tmp_path, "readings", "import", path, "--db", pg_db)
    assert done.returncode == 0, done.stderr
    after = _foreign_keys(pg_db)
    assert _definitions(after) == _definitions(before)
    # The large tables' keys were added again (checked once over the table); the rest stayed.
    assert _renewed(before, after) == {"readings", "scores", "readings_cohort_scan"}
    counts = _counts(pg_db)
    assert (counts["readings"], counts["scores"]) == (12_000, 36_000)


def test_a_large_import_with_a_bad_record_in_the_middle_leaves_nothing(
    pg_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_BULK_ROWS", BULK)
    lines = list(_export_lines(12_000))
    lines[6_000 - 1] = {**lines[6_000 - 1], "person": "P-NOBODY"}
    path = _write(tmp_path / "bad.jsonl", iter(lines))
    before, keys = _counts(pg_db), _foreign_keys(pg_db)
    run = _run(tmp_path, "readings", "import", path, "--db", pg_db)
    assert run.returncode == 1, run.stderr
    assert "bad.jsonl:6000:" in run.stderr
    assert (_counts(pg_db), _foreign_keys(pg_db)) == (before, keys)


def test_the_database_checks_the_added_keys_and_a_bad_one_undoes_everything(
    pg_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row the import's own checks missed: the key added again refuses it, and the whole
    transaction, the dropped keys too, is undone."""
    from starframe.store import tables
    from starframe.store.bulk import Staging
    from starframe.store.errors import StoreError

    monkeypatch.setenv("STARFRAME_BULK_ROWS", "1")
    with open_store(pg_db) as store, store.write() as writer:
        digest = writer.put_definition(tiny_text())
        writer.add_workers([Worker(code="W-01", name="One")])
    before, keys = _counts(pg_db), _foreign_keys(pg_db)
    engine = create_engine(pg_db)
    stamp = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    row = (1, "a" * 32, "P-NOBODY", "W-01", "tiny", "1.0", digest, dt.date(2024, 1, 1))
    rest = ("collaborative", False, "complete", None, 1, stamp, stamp)
    names = [column.name for column in tables.readings.columns]
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            staging = Staging(connection)
            staging.insert(tables.readings, names, [row + rest])
            with pytest.raises(StoreError, match="refused the imported rows"):
                staging.finish()
            transaction.rollback()  # as the import does when a step fails
    finally:
        engine.dispose()
    assert (_counts(pg_db), _foreign_keys(pg_db)) == (before, keys)


def test_a_login_that_does_not_own_the_tables_keeps_the_keys(
    pg_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_BULK_ROWS", BULK)
    _counts(pg_db)
    login = f"sf_guest_{secrets.token_hex(4)}"
    admin = create_engine(pg_db, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in (
            f"CREATE ROLE {login} LOGIN",
            f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {login}",
            f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {login}",
        ):
            connection.execute(text(statement))
    try:
        url = make_url(pg_db).set(username=login).render_as_string(hide_password=False)
        before = _foreign_keys(pg_db)
        path = _write(tmp_path / "good.jsonl", _export_lines(12_000))
        done = _run(tmp_path, "readings", "import", path, "--db", url)
        assert done.returncode == 0, done.stderr
        assert _foreign_keys(pg_db) == before  # not one key dropped and added again
        assert _counts(pg_db)["readings"] == 12_000
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP OWNED BY {login}"))
            connection.execute(text(f"DROP ROLE {login}"))
        admin.dispose()


def test_a_large_import_killed_in_the_middle_runs_again_with_its_keys(
    pg_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_BULK_ROWS", BULK)
    path = _write(tmp_path / "big.jsonl", _export_lines(40_000, people=2_000))
    _counts(pg_db)
    keys = _definitions(_foreign_keys(pg_db))
    _kill_while_writing(pg_db, path, tmp_path)
    assert _counts(pg_db)["readings"] == 0
    assert _definitions(_foreign_keys(pg_db)) == keys
    again = _run(tmp_path, "readings", "import", path, "--db", pg_db)
    assert again.returncode == 0, again.stderr
    assert _definitions(_foreign_keys(pg_db)) == keys
    assert _counts(pg_db)["readings"] == 40_000


def test_a_large_import_into_a_busy_database_stops_with_a_message(
    pg_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another session reading `scores` holds it: the import waits `LOCK_WAIT`, not forever,
    then says why and saves nothing."""
    monkeypatch.setenv("STARFRAME_BULK_ROWS", BULK)
    path = _write(tmp_path / "good.jsonl", _export_lines(12_000))
    before = _counts(pg_db)
    engine = create_engine(pg_db)
    try:
        with engine.connect() as reader, reader.begin():
            reader.execute(text("LOCK TABLE scores IN ACCESS SHARE MODE"))
            run = _run(tmp_path, "readings", "import", path, "--db", pg_db, timeout=120)
    finally:
        engine.dispose()
    assert run.returncode == 1, run.stderr
    assert "another session is using" in run.stderr
    assert "Nothing was saved" in run.stderr
    assert _counts(pg_db) == before


def test_a_bad_record_in_a_late_batch_reports_what_the_end_of_the_import_would(
    pg_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large from its second batch on, the import moves each batch's scores in the background
    while it reads the next: bad records in late batches (after several have moved in) still
    fail it with the same problems, in the same order, as the import that moves everything at
    the end, and leave the rows and keys as they were."""
    lines = list(_export_lines(30_000))
    for bad in (22_000, 27_000):
        lines[bad - 1] = {**lines[bad - 1], "person": "P-NOBODY"}
    path = _write(tmp_path / "late.jsonl", iter(lines))
    before, keys = _counts(pg_db), _foreign_keys(pg_db)
    at_the_end = _run(tmp_path, "readings", "import", path, "--db", pg_db)  # never large
    monkeypatch.setenv("STARFRAME_BULK_ROWS", BULK)
    moving = _run(tmp_path, "readings", "import", path, "--db", pg_db)
    assert moving.returncode == at_the_end.returncode == 1, moving.stderr
    assert "late.jsonl:22000:" in moving.stderr
    assert "late.jsonl:27000:" in moving.stderr
    assert moving.stderr == at_the_end.stderr
    assert (_counts(pg_db), _foreign_keys(pg_db)) == (before, keys)


def test_a_move_the_database_refuses_in_the_background_fails_the_next_statement(
    pg_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once its keys are dropped, a large import moves each batch's scores in the background:
    a row the move refuses (the staged copy has no CHECK rules) fails the caller's next
    statement, or its commit, with the database's error, and the rollback leaves nothing."""
    from sqlalchemy.exc import IntegrityError

    from starframe.store import tables
    from starframe.store.bulk import Staging

    monkeypatch.setenv("STARFRAME_BULK_ROWS", "1")
    with open_store(pg_db) as store, store.write() as writer:
        digest = writer.put_definition(tiny_text())
        writer.add_workers([Worker(code="W-01", name="One")])
        writer.add_people([Person.model_validate({"code": "P1", "consent_date": "2020-01-01"})])
    before, keys = _counts(pg_db), _foreign_keys(pg_db)
    stamp = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    reading = (1, "a" * 32, "P1", "W-01", "tiny", "1.0", digest, dt.date(2024, 1, 1))
    rest = ("collaborative", False, "complete", None, 1, stamp, stamp)
    names = [column.name for column in tables.readings.columns]
    score_names = [column.name for column in tables.scores.columns]
    score = (1, "home", 2, False, None, None, None)
    both = (1, "money", 2, True, None, None, None)  # a value and n/a: refused by value_or_na
    engine = create_engine(pg_db)
    try:
        for statement in (True, False):
            with engine.connect() as connection:
                transaction = connection.begin()
                staging = Staging(connection)
                staging.stage(
                    [
                        (tables.readings, names, [reading + rest]),
                        (tables.scores, score_names, [score]),
                    ]
                )
                staging.stage([(tables.scores, score_names, [both])])  # keys dropped: moves
                end = partial(connection.execute, text("SELECT 1"))
                with pytest.raises(IntegrityError, match="value_or_na"):
                    (end if statement else transaction.commit)()
                if transaction.is_active:
                    transaction.rollback()  # as the import does when a step fails
    finally:
        engine.dispose()
    assert (_counts(pg_db), _foreign_keys(pg_db)) == (before, keys)
