"""Erasing a trainee: their answers leave every session, their certificates go, the rest stays."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from starframe.practice.cases import CaseCatalog
from starframe.practice.certificates import certificates
from starframe.practice.erasure import trainee_records
from starframe.practice.sessions import session_results
from starframe.practice.writer import PracticeWriter, erase
from starframe.readings.store import Store
from starframe.store.errors import StoreError
from tests.practice.conftest import Run

Starframe = Callable[..., Run]
RIGHT = {"home": 3, "money": 2, "health": 4}
KIM_RIGHT = {"home": 1, "money": 2, "health": 4}


def test_a_trainee_is_erased_from_every_session_and_others_are_kept(
    store: Store, catalog: CaseCatalog
) -> None:
    sam, kim = catalog.find("sam").case, catalog.find("kim").case
    assert sam is not None
    assert kim is not None
    star = catalog.star_of(sam)
    with store.write() as writer:
        practice = PracticeWriter(writer)
        first = practice.open_session([sam, kim])
        second = practice.open_session([sam])
        practice.submit(first, "Ana Silva", sam, star, RIGHT)
        practice.submit(first, "Ana Silva", kim, star, KIM_RIGHT)
        practice.submit(second, "ana  silva", sam, star, RIGHT)
        practice.submit(first, "Ben", sam, star, RIGHT)
        practice.submit(first, "Ben", kim, star, KIM_RIGHT)
    with store.read() as reader:
        held = trainee_records(reader.connection, "ANA SILVA")
    assert (held.names, held.answers, held.sessions, held.certificates) == (
        ("Ana Silva", "ana silva"),
        3,
        2,
        2,
    )
    with store.write() as writer:
        erased = PracticeWriter(writer).erase_trainee(" ana silva ", reason="left the service")
    assert erased == held
    with store.read() as reader:
        assert trainee_records(reader.connection, "Ana Silva").empty
        assert [c.trainee for c in certificates(reader.connection)] == ["Ben"]
        results = session_results(reader.connection, first, catalog)
        assert results.trainees == ["Ben"]
        assert session_results(reader.connection, second, catalog).cases[0].group is None


def test_erasing_from_the_command_line_asks_first_and_is_audited(
    starframe: Starframe, drafts: Path, tmp_path: Path
) -> None:
    db = tmp_path / "practice.db"
    where = ("--stars-dir", drafts, "--cases-dir", drafts, "--db", db)
    code = starframe("practice", "session", "new", "--case", "sam", *where).out.strip()
    answers = tmp_path / "ana.json"
    document = {"starframe": 1, "kind": "practice-answers", "case": "sam", "scores": RIGHT}
    answers.write_text(json.dumps(document), encoding="utf-8")
    submitted = starframe("practice", "submit", code, "--trainee", "Ana", "--from", answers, *where)
    assert submitted.code == 0, submitted.err
    reason = ("--reason", "left the service")
    unknown = starframe("practice", "erase", "--trainee", "Zed", *reason, "--yes", "--db", db)
    assert unknown.code == 1
    assert "no practice records for Zed" in unknown.err
    declined = starframe("practice", "erase", "--trainee", "ana", *reason, "--db", db)
    assert declined.code == 130, "no answer at the prompt is a no"
    assert "1 answer(s) in 1 session(s) and 1 certificate(s)" in declined.out
    assert "Ana" in starframe("practice", "certificates", "--db", db).out
    done = starframe("practice", "erase", "--trainee", "ana", *reason, "--yes", "--db", db)
    assert done.code == 0, done.err
    assert "Erased 1 answer(s) and 1 certificate(s) of Ana." in done.out
    assert "No certificates recorded" in starframe("practice", "certificates", "--db", db).out
    shown = json.loads(starframe("practice", "results", code, "--json", *where).out)
    assert shown["cases"][0]["trainees"] == []
    with sqlite3.connect(db) as connection:
        audited = connection.execute(
            "SELECT details, reason FROM audit WHERE action = 'practice.erase'"
        ).fetchall()
    assert [(json.loads(details), why) for details, why in audited] == [
        ({"answers": 1, "certificates": 1}, "left the service")
    ]
    assert "Ana" not in audited[0][0]


def test_an_erased_trainee_is_in_no_byte_of_the_database_files(
    starframe: Starframe, drafts: Path, tmp_path: Path
) -> None:
    db = tmp_path / "practice.db"
    where = ("--stars-dir", drafts, "--cases-dir", drafts, "--db", db)
    code = starframe("practice", "session", "new", "--case", "sam", *where).out.strip()
    answers = tmp_path / "answers.json"
    document = {"starframe": 1, "kind": "practice-answers", "case": "sam", "scores": RIGHT}
    answers.write_text(json.dumps(document), encoding="utf-8")
    name = "Zq7 Trainee Marker"
    assert starframe("practice", "submit", code, "--trainee", name, "--from", answers, *where)
    assert name.encode() in db.read_bytes(), "the last command to close copied it into the file"
    # Another program with the database open keeps SQLite from emptying the -wal by itself.
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("SELECT count(*) FROM practice_attempts").fetchall()
        reason = ("--reason", "left the service", "--yes")
        done = starframe("practice", "erase", "--trainee", name, *reason, "--db", db)
        assert done.code == 0, done.err
        files = (db, Path(f"{db}-wal"), Path(f"{db}-shm"))
        holding = [p.name for p in files if p.exists() and name.encode() in p.read_bytes()]
    finally:
        other.close()
    assert holding == []
    assert "-wal file emptied" in done.out
    assert "starframe cannot reach copies" in done.out


@pytest.mark.parametrize("reason", [None, "", "   ", "\t\n", "left\x1b[2Jthe service"])
def test_erasing_a_trainee_needs_a_real_reason_in_the_core(
    store: Store, catalog: CaseCatalog, reason: str | None
) -> None:
    """The core refuses it, not only the CLI: a program calling `erase` gets the same rule."""
    sam = catalog.find("sam").case
    assert sam is not None
    with store.write() as writer:
        practice = PracticeWriter(writer)
        code = practice.open_session([sam])
        practice.submit(code, "Ana", sam, catalog.star_of(sam), RIGHT)
    with pytest.raises(StoreError, match=r"needs a reason|the reason"):
        erase(store, "Ana", reason=reason)
    with store.read() as reader:
        assert trainee_records(reader.connection, "Ana").answers == 1, "nothing was erased"
        assert [e.action for e in reader.audit_entries()] == []


def test_erasing_from_the_command_line_refuses_a_blank_reason(
    starframe: Starframe, drafts: Path, tmp_path: Path
) -> None:
    """Issue 18: `--reason '   '` was accepted, because only click checked one was given."""
    db = tmp_path / "practice.db"
    where = ("--stars-dir", drafts, "--cases-dir", drafts, "--db", db)
    code = starframe("practice", "session", "new", "--case", "sam", *where).out.strip()
    answers = tmp_path / "ana.json"
    document = {"starframe": 1, "kind": "practice-answers", "case": "sam", "scores": RIGHT}
    answers.write_text(json.dumps(document), encoding="utf-8")
    assert starframe("practice", "submit", code, "--trainee", "Ana", "--from", answers, *where)
    blank = starframe(
        "practice", "erase", "--trainee", "ana", "--reason", "   ", "--yes", "--db", db
    )
    assert blank.code == 1
    assert "erasing a trainee needs a reason" in blank.err
    assert "Ana" in starframe("practice", "certificates", "--db", db).out
    with sqlite3.connect(db) as connection:
        erased = connection.execute("SELECT count(*) FROM audit WHERE action = 'practice.erase'")
        assert erased.fetchone() == (0,)
