"""`starframe db audit` and the actor in history and exports, through the installed command.

Each run is a fresh process with its own STARFRAME_USER, as two workers sharing a database
would be.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.readings.conftest import tiny_text

STARFRAME = Path(sys.executable).parent / "starframe"
READING = """\
starframe: 1
kind: reading
star: tiny
edition: "1.0"
person: P-0001
worker: W-01
date: 2024-03-01
scores: {home: 2, money: 3, health: n/a}
notes: {home: "Hostel place"}
"""


@dataclass
class Run:
    code: int
    out: str
    err: str


Starframe = Callable[..., Run]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "records.db"


@pytest.fixture
def starframe(db: Path, tmp_path: Path) -> Starframe:
    """The installed command in a fresh process, as `user` (None: STARFRAME_USER unset)."""

    def run(*args: str | Path, user: str | None) -> Run:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
        env.update({"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), "STARFRAME_DB": str(db)})
        if user is not None:
            env["STARFRAME_USER"] = user
        done = subprocess.run(
            [str(STARFRAME), *map(str, args)], env=env, capture_output=True, text=True, timeout=120
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def history(starframe: Starframe, tmp_path: Path) -> str:
    """A reading added by a.jones, then corrected and exported by b.khan; returns its short id."""
    stars = tmp_path / "stars"
    stars.mkdir()
    (stars / "tiny.yaml").write_bytes(tiny_text())
    reading = tmp_path / "reading.yaml"
    reading.write_text(READING, encoding="utf-8")
    for args in (
        ("people", "add", "P-0001", "--consent", "2024-01-10", "--name", "Sam Test"),
        ("workers", "add", "W-01", "--name", "Alex Worker"),
        ("readings", "add", "--from", reading, "--stars-dir", stars),
    ):
        done = starframe(*args, user="a.jones")
        assert done.code == 0, done.err
    reading_id = done.out.split()[2]
    for args in (
        ("readings", "revise", reading_id, "--date", "2024-03-02", "--reason", "wrong day"),
        ("readings", "export", "--out", tmp_path / "all.csv"),
    ):
        done = starframe(*args, user=" b.khan ")
        assert done.code == 0, done.err
    return reading_id


def test_db_audit_lists_who_did_what_newest_first(
    starframe: Starframe, history: str, tmp_path: Path
) -> None:
    listed = starframe("db", "audit", user="a.jones")
    assert listed.code == 0, listed.err
    header, *lines = listed.out.splitlines()
    assert header.split() == ["TIME", "(UTC)", "ACTOR", "ACTION", "PERSON", "READING", "REASON"]
    assert [line.split()[2:4] for line in lines] == [
        ["b.khan", "readings.export"],
        ["b.khan", "reading.revise"],
        ["a.jones", "reading.add"],
        ["a.jones", "worker.add"],
        ["a.jones", "person.add"],
    ]
    assert lines[1].split()[4:] == ["P-0001", history, "wrong", "day"]
    # The log holds codes: no names, notes or scores reach it.
    assert "Sam Test" not in listed.out
    assert "Alex Worker" not in listed.out
    assert "Hostel" not in listed.out

    by_khan = json.loads(starframe("db", "audit", "--actor", "b.khan", "--json", user=None).out)
    assert [(e["actor"], e["action"]) for e in by_khan] == [
        ("b.khan", "readings.export"),
        ("b.khan", "reading.revise"),
    ]
    assert by_khan[1]["details"]["changes"]["date"] == ["2024-03-01", "2024-03-02"]
    assert by_khan[1]["reading"].startswith(history)
    assert dt.datetime.fromisoformat(by_khan[0]["at"]).tzinfo is not None

    about = json.loads(starframe("db", "audit", "--person", "P-0001", "--json", user=None).out)
    assert [e["action"] for e in about] == ["reading.revise", "reading.add", "person.add"]

    newest = starframe("db", "audit", "--limit", "2", user=None)
    assert newest.code == 0
    assert len(newest.out.splitlines()) == 3
    assert "Showing the newest 2" in newest.err

    today = dt.datetime.now(dt.UTC).date()
    since = starframe("db", "audit", "--since", today.isoformat(), "--json", user=None)
    assert len(json.loads(since.out)) == 5
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert starframe("db", "audit", "--since", tomorrow, user=None).out == (
        "No audit entries match.\n"
    )
    bad_day = starframe("db", "audit", "--since", "last week", user=None)
    assert bad_day.code == 2
    assert "YYYY-MM-DD" in bad_day.err


def test_history_and_person_exports_name_the_actor(
    starframe: Starframe, history: str, tmp_path: Path
) -> None:
    shown = starframe("readings", "show", history, user="c.ode")
    assert shown.code == 0, shown.err
    assert "reading.add by a.jones" in shown.out
    assert "reading.revise by b.khan: date 2024-03-01 → 2024-03-02 — wrong day" in shown.out
    as_json = json.loads(starframe("readings", "show", history, "--json", user=None).out)
    assert [e["actor"] for e in as_json["history"]] == ["a.jones", "b.khan"]

    out = tmp_path / "p-0001.json"
    assert starframe("people", "export", "P-0001", "--out", out, user="c.ode").code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [(e["actor"], e["action"]) for e in exported["audit"]] == [
        ("a.jones", "person.add"),
        ("a.jones", "reading.add"),
        ("b.khan", "reading.revise"),
    ]
    last = json.loads(starframe("db", "audit", "--limit", "1", "--json", user=None).out)
    assert [(e["actor"], e["action"]) for e in last] == [("c.ode", "person.export")]


def test_entries_from_before_actors_show_as_unknown(
    starframe: Starframe, history: str, db: Path
) -> None:
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit (at, action, person_code, details) "
                "VALUES ('2023-05-01 10:00:00.000000', 'person.add', 'P-0002', '{}')"
            )
        )
    engine.dispose()
    unknown = starframe("db", "audit", "--actor", "unknown", user=None)
    assert unknown.code == 0, unknown.err
    assert [line.split()[2:5] for line in unknown.out.splitlines()[1:]] == [
        ["unknown", "person.add", "P-0002"]
    ]
    as_json = json.loads(starframe("db", "audit", "--person", "P-0002", "--json", user=None).out)
    assert as_json[0]["actor"] is None


@pytest.mark.parametrize("user", ["", "   ", "x" * 81, "a\tb"])
def test_a_bad_starframe_user_is_a_one_line_error(
    starframe: Starframe, db: Path, user: str
) -> None:
    refused = starframe("people", "add", "P-0001", "--consent", "2024-01-10", user=user)
    assert refused.code == 1
    assert refused.err.startswith("starframe: error: STARFRAME_USER ")
    assert "export STARFRAME_USER=" in refused.err
    assert len(refused.err.splitlines()) == 1
    assert "Traceback" not in refused.err
    assert not db.exists()
