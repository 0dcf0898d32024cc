"""Terminal escape sequences in text: refused when new, printed escaped when stored before.

An older starframe stored whatever it was given, so a note could hold `ESC[2J` (clear the
screen) or OSC 52 (set the terminal's clipboard). New input is refused with a located message;
records already stored load, move in a whole-database export, are listed by `db check`, and
every command prints them escaped. The commands run through `starframe.cli.main`, the entry
point's own code, with one run of the installed command in a fresh process.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pty
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, update

from starframe.cli import main
from starframe.readings.models import Person, Worker
from starframe.readings.store import Store
from starframe.store import tables as t
from starframe.store.hidden_text import HiddenText, hidden_text
from tests.practice.conftest import TINY_CASE
from tests.readings.conftest import tiny_text

STARFRAME = Path(sys.executable).parent / "starframe"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
CLEAR_SHOWN = "\\x1b[2J"
CLIPBOARD_SHOWN = "\\x1b]52;c;SGVsbG8=\\x07"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


Runner = Callable[..., Run]


def assert_escaped(run: Run) -> None:
    assert "\x1b" not in run.both, repr(run.both)
    assert "\x07" not in run.both, repr(run.both)
    assert "Traceback" not in run.both


@pytest.fixture(scope="module")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "readings.db"


@pytest.fixture
def cli(
    db: Path, cli_cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    monkeypatch.setenv("STARFRAME_CACHE_DIR", str(cli_cache))
    monkeypatch.setenv("STARFRAME_DB", str(db))

    def run(*args: str | Path, answer: str = "") -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(answer))
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        else:
            code = 0
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    """The tiny Star and a practice case on it."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "tiny.yaml").write_bytes(tiny_text())
    (folder / "sam.yaml").write_text(TINY_CASE, encoding="utf-8")
    return folder


def reading_yaml(folder: Path, note: str, *, date: str = "2024-03-01", extra: str = "") -> Path:
    path = folder / "reading.yaml"
    path.write_text(
        'starframe: 1\nkind: reading\nstar: tiny\nedition: "1.0"\nperson: P-1\nworker: W-1\n'
        f"date: {date}\n{extra}scores:\n  home: 2\n  money: 3\n  health: 4\n"
        f"notes:\n  home: {json.dumps(note)}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def people(cli: Runner) -> None:
    assert cli("people", "add", "P-1", "--consent", "2024-01-10", "--name", "Sam").code == 0
    assert cli("workers", "add", "W-1", "--name", "Alex").code == 0


# New input is refused, saying where.


@pytest.mark.parametrize("sequence", [CLEAR, CLIPBOARD])
def test_a_note_with_an_escape_sequence_is_refused_at_its_place(
    cli: Runner, people: None, drafts: Path, tmp_path: Path, sequence: str
) -> None:
    added = cli(
        "readings", "add", "--from", reading_yaml(tmp_path, f"ok{sequence}"), "--stars-dir", drafts
    )
    assert added.code == 1
    assert "reading.yaml:13:9: error SF110: `notes` › `home`: holds U+001B" in added.err
    assert_escaped(added)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("people", "add", "P-2", "--consent", "2024-01-01", "--name", f"Sam{CLEAR}"), "--name"),
        (
            ("people", "add", "P-2", "--consent", "2024-01-01", "--support-need", CLIPBOARD),
            "--support-need",
        ),
        (("workers", "add", "W-2", "--name", f"Alex{CLIPBOARD}"), "--name"),
        (("workers", "add", "W-2", "--name", "Alex\nLee"), "--name"),
    ],
)
def test_names_with_control_characters_are_refused_naming_the_option(
    cli: Runner, args: tuple[str, ...], option: str
) -> None:
    refused = cli(*args)
    assert refused.code == 1
    assert refused.err.startswith(f"starframe: error: {option}: holds ")
    assert_escaped(refused)


def test_a_reason_with_an_escape_sequence_is_refused(
    cli: Runner, people: None, drafts: Path, tmp_path: Path
) -> None:
    added = cli("readings", "add", "--from", reading_yaml(tmp_path, "fine"), "--stars-dir", drafts)
    reading_id = added.out.split()[2]
    refused = cli("readings", "delete", reading_id, "--reason", f"twice{CLEAR}", "--yes")
    assert refused.code == 1
    assert "the reason holds U+001B" in refused.err
    assert_escaped(refused)
    assert cli("readings", "show", reading_id).code == 0, "nothing was deleted"


def test_a_star_name_with_an_escape_sequence_is_refused_at_its_place(
    cli: Runner, tmp_path: Path
) -> None:
    folder = tmp_path / "stars"
    folder.mkdir()
    text = tiny_text().decode().replace("name: Tiny Star", f'name: "Tiny{CLIPBOARD}"')
    (folder / "tiny.yaml").write_text(text.replace("\x1b", "\\e").replace("\x07", "\\a"))
    checked = cli("validate", folder / "tiny.yaml")
    assert checked.code == 1
    assert "tiny.yaml:5:7: error SF110: `name`: holds U+001B" in checked.err + checked.out
    assert_escaped(checked)
    listed = cli("stars", "list", "--stars-dir", folder)
    assert "SF110" in listed.both
    assert_escaped(listed)


def test_a_trainee_name_with_an_escape_sequence_is_refused(
    cli: Runner, drafts: Path, tmp_path: Path
) -> None:
    where = ("--stars-dir", drafts, "--cases-dir", drafts)
    code = cli("practice", "session", "new", "--case", "sam", *where).out.strip()
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "starframe: 1\nkind: practice-answers\ncase: sam\nscores: {home: 3, money: 2, health: 4}\n"
    )
    refused = cli("practice", "submit", code, "--trainee", f"Ana{CLEAR}", "--from", answers, *where)
    assert refused.code == 1
    assert "the trainee's name holds U+001B" in refused.err
    assert_escaped(refused)


# Dates that cannot be right.


def test_a_reading_before_consent_is_refused_unless_retrospective(
    cli: Runner, people: None, drafts: Path, tmp_path: Path
) -> None:
    early = cli(
        "readings",
        "add",
        "--from",
        reading_yaml(tmp_path, "x", date="2024-01-09"),
        "--stars-dir",
        drafts,
    )
    assert early.code == 1
    assert "reading.yaml:7:7: error SF716: `date` is 2024-01-09, before P-1 consented" in early.err
    looking_back = reading_yaml(tmp_path, "x", date="2024-01-09", extra="retrospective: true\n")
    assert cli("readings", "add", "--from", looking_back, "--stars-dir", drafts).code == 0


def test_a_reading_before_1900_is_refused(
    cli: Runner, people: None, drafts: Path, tmp_path: Path
) -> None:
    old = reading_yaml(tmp_path, "x", date="1899-12-31", extra="retrospective: true\n")
    refused = cli("readings", "add", "--from", old, "--stars-dir", drafts)
    assert refused.code == 1
    assert "error SF715: `date` is 1899-12-31, before 1900" in refused.err


def test_a_consent_in_the_future_or_before_1900_is_refused(cli: Runner) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    future = cli("people", "add", "P-9", "--consent", tomorrow)
    assert future.code == 1
    assert f"--consent: {tomorrow} is in the future" in future.err
    ancient = cli("people", "add", "P-9", "--consent", "1850-01-01")
    assert ancient.code == 1
    assert "--consent: 1850-01-01 is before 1900" in ancient.err


# Records stored before the rule: shown escaped, moved, listed.


@pytest.fixture
def old_records(cli: Runner, people: None, drafts: Path, tmp_path: Path, db: Path) -> str:
    """A reading, a person, a worker, an audit reason and a trainee as an older starframe
    stored them: with escape sequences, written straight into the database."""
    added = cli("readings", "add", "--from", reading_yaml(tmp_path, "fine"), "--stars-dir", drafts)
    reading_id = added.out.split()[2]
    where = ("--stars-dir", drafts, "--cases-dir", drafts)
    code = cli("practice", "session", "new", "--case", "sam", *where).out.strip()
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "starframe: 1\nkind: practice-answers\ncase: sam\nscores: {home: 3, money: 2, health: 4}\n"
    )
    assert cli("practice", "submit", code, "--trainee", "Ana", "--from", answers, *where).code == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE people SET display_name = ?", (f"Sam{CLIPBOARD}{CLEAR}",))
        connection.execute("UPDATE workers SET name = ?", (f"Alex{CLIPBOARD}",))
        connection.execute("UPDATE readings SET note = ?", (f"all{CLIPBOARD}",))
        connection.execute("UPDATE scores SET note = ? WHERE scale_id = 'home'", (f"n{CLEAR}",))
        connection.execute("UPDATE audit SET reason = ?", (f"why{CLIPBOARD}",))
        connection.execute("UPDATE practice_attempts SET trainee = ?", (f"Ana{CLIPBOARD}",))
        connection.execute("UPDATE practice_certificates SET trainee = ?", (f"Ana{CLIPBOARD}",))
    return reading_id


@pytest.mark.parametrize(
    "command",
    [
        ("readings", "show", "{id}"),
        ("readings", "show", "{id}", "--json"),
        ("readings", "list"),
        ("readings", "list", "--json"),
        ("people", "list"),
        ("people", "list", "--json"),
        ("people", "show", "P-1"),
        ("workers", "list"),
        ("workers", "list", "--json"),
        ("db", "audit"),
        ("summary", "person", "P-1"),
        ("practice", "certificates"),
    ],
)
def test_stored_escape_sequences_are_printed_escaped(
    cli: Runner, old_records: str, command: tuple[str, ...]
) -> None:
    run = cli(*(part.replace("{id}", old_records) for part in command))
    assert run.code == 0, run.err
    assert_escaped(run)


def test_stored_text_shows_its_escapes_and_json_keeps_its_value(
    cli: Runner, old_records: str
) -> None:
    # Off a terminal, click itself drops CSI sequences such as ESC[2J; the rest are escaped.
    assert f"Sam{CLIPBOARD_SHOWN}" in cli("people", "show", "P-1").out
    assert f"Alex{CLIPBOARD_SHOWN}" in cli("workers", "list").out
    assert f"why{CLIPBOARD_SHOWN}" in cli("db", "audit").out
    assert f"all{CLIPBOARD_SHOWN}" in cli("readings", "show", old_records).out
    listed = json.loads(cli("people", "list", "--json").out)
    assert listed[0]["display_name"] == f"Sam{CLIPBOARD}{CLEAR}"


def test_stored_trainee_names_are_printed_escaped(
    cli: Runner, old_records: str, drafts: Path
) -> None:
    sessions = json.loads(cli("practice", "session", "list", "--json").out)
    code = sessions[0]["code"]
    results = cli("practice", "results", code, "--stars-dir", drafts, "--cases-dir", drafts)
    assert results.code == 0, results.err
    assert_escaped(results)
    assert f"Ana{CLIPBOARD_SHOWN}" in cli("practice", "certificates").out


def test_db_check_lists_the_fields_without_printing_them(cli: Runner, old_records: str) -> None:
    checked = cli("db", "check")
    assert_escaped(checked)
    assert "9 field(s) hold control characters" in checked.out
    rows = [line.split() for line in checked.out.splitlines()]
    assert ["people", "P-1", "display_name"] in rows
    assert any(
        row[0] == "scores" and row[1].startswith(old_records) and row[2:] == ["home", "note"]
        for row in rows
    )
    listed = json.loads(cli("db", "check", "--json").out)["control_characters"]
    assert {"table": "workers", "record": "W-1", "field": "name"} in listed


def test_a_whole_database_export_moves_stored_text_unchanged(
    cli: Runner, old_records: str, tmp_path: Path
) -> None:
    export = tmp_path / "all.jsonl"
    assert cli("readings", "export", "--format", "jsonl", "--out", export).code == 0
    assert "\x1b" not in export.read_text(encoding="utf-8"), "escaped as \\u001b"
    moved = tmp_path / "moved.db"
    imported = cli("readings", "import", export, "--db", moved)
    assert imported.code == 0, imported.err
    shown = json.loads(cli("people", "show", "P-1", "--json", "--db", moved).out)
    assert shown["person"]["display_name"] == f"Sam{CLIPBOARD}{CLEAR}"
    rows = [line.split() for line in cli("db", "check", "--db", moved).out.splitlines()]
    assert ["people", "P-1", "display_name"] in rows


def test_the_installed_command_on_a_terminal_prints_stored_text_escaped(
    old_records: str, db: Path, cli_cache: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env.update({"STARFRAME_CACHE_DIR": str(cli_cache), "STARFRAME_DB": str(db)})
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(STARFRAME), "people", "show", "P-1"],
            env=env,
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=120,
        )
        os.close(follower)
        printed = b""
        while chunk := _read(leader):
            printed += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0, done.stderr
    out = printed.decode("utf-8")
    assert f"Sam{CLIPBOARD_SHOWN}{CLEAR_SHOWN}" in out
    assert "\x1b" not in out


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal's other end is closed: everything was read
        return b""


def test_a_whole_database_export_moves_dates_stored_before_their_rules(
    cli: Runner, people: None, drafts: Path, tmp_path: Path, db: Path
) -> None:
    added = cli("readings", "add", "--from", reading_yaml(tmp_path, "x"), "--stars-dir", drafts)
    assert added.code == 0, added.err
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    with sqlite3.connect(db) as connection:  # as an older starframe let them be stored
        connection.execute("UPDATE people SET consent_date = ?", (later,))
        connection.execute("UPDATE readings SET taken_on = '1899-05-01'")
    export = tmp_path / "all.jsonl"
    assert cli("readings", "export", "--format", "jsonl", "--out", export).code == 0
    imported = cli("readings", "import", export, "--db", tmp_path / "moved.db")
    assert imported.code == 0, imported.err
    assert "1 reading(s), 1 person(s)" in imported.out


def test_json_to_standard_output_stays_valid_with_stored_c1_controls(
    cli: Runner, old_records: str, db: Path
) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE people SET support_need = ?", ("a\x9b2Jb\x85c",))
    for command in (("people", "export", "P-1"), ("people", "show", "P-1", "--json")):
        run = cli(*command)
        assert run.code == 0, run.err
        assert "\x9b" not in run.out
        assert "\\u009b" in run.out
        found = json.loads(run.out)
        person = found["person"]
        assert person["support_need"] == "a\x9b2Jb\x85c"
    exported = cli("readings", "export", "--format", "jsonl")
    assert "\x9b" not in exported.out
    assert all(json.loads(line) for line in exported.out.splitlines())


def test_a_draft_stored_with_an_escape_sequence_can_be_continued(
    cli: Runner, people: None, drafts: Path, tmp_path: Path, db: Path
) -> None:
    draft = reading_yaml(tmp_path, "fine", extra="status: draft\n")
    added = cli("readings", "add", "--from", draft, "--stars-dir", drafts)
    assert added.code == 0, added.err
    reading_id = added.out.split()[2]
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE scores SET note = ? WHERE scale_id = 'home'", (f"n{CLEAR}",))
    refused = cli("readings", "revise", reading_id, "--note", f"money=m{CLIPBOARD}")
    assert refused.code == 1
    assert "--note money: holds U+001B" in refused.err
    assert_escaped(refused)
    saved = cli("readings", "revise", reading_id, "--score", "home=1", "--note", "money=ok")
    assert saved.code == 0, saved.err
    shown = json.loads(cli("readings", "show", reading_id, "--json").out)
    assert shown["reading"]["notes"] == {"home": f"n{CLEAR}", "money": "ok"}


def test_hidden_text_is_found_on_each_backend(store: Store) -> None:
    with store.write() as writer:
        writer.add_person(Person(code="P-1", consent_date=dt.date(2024, 1, 1)))
        writer.add_worker(Worker(code="W-1", name="Alex"))
        writer.connection.execute(
            update(t.people).values(display_name=f"Sam{CLEAR}", support_need="")
        )
    with store.read() as reader:
        assert list(hidden_text(reader.connection)) == [HiddenText("people", "P-1", "display_name")]


# The audit log moves too: old reasons as they were stored, new reasons refused.


def _audit_rows(db: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(db) as connection:
        query = "SELECT at, action, reason FROM audit ORDER BY id"
        return [tuple(row) for row in connection.execute(query)]


def test_a_whole_database_move_carries_old_audit_reasons_and_counts_them(
    cli: Runner, old_records: str, tmp_path: Path, db: Path
) -> None:
    before = _audit_rows(db)
    export = tmp_path / "all.jsonl"
    assert cli("readings", "export", "--format", "jsonl", "--out", export).code == 0
    moved = tmp_path / "moved.db"
    imported = cli("readings", "import", export, "--db", moved)
    assert imported.code == 0, imported.err
    assert _audit_rows(moved)[: len(before)] == before, "each reason and time as stored"
    assert f"why{CLIPBOARD_SHOWN}" in cli("db", "audit", "--db", moved).out
    checked = cli("db", "check", "--db", moved)
    assert_escaped(checked)
    assert f", {len(_audit_rows(moved))} audit entries, " in checked.out
    rows = [line.split() for line in checked.out.splitlines()]
    assert ["audit", "1", "reason"] in rows


@pytest.mark.parametrize(
    ("name", "reason", "refused"),
    [
        ("log.jsonl", "why\\u0000not", "U+0000"),
        ("log.yaml", "why\\u001bnot", "U+001B"),
    ],
    ids=["NUL in an export", "ESC in a file that is not an export"],
)
def test_an_audit_entry_that_may_not_be_stored_is_refused_at_its_place(
    cli: Runner, tmp_path: Path, db: Path, name: str, reason: str, refused: str
) -> None:
    entry = (
        '{"starframe": 1, "kind": "audit-entry", "at": "2024-05-31T10:00:00+00:00", '
        f'"action": "reading.delete", "reason": "{reason}"}}\n'
    )
    path = tmp_path / name
    path.write_text(entry, encoding="utf-8")
    imported = cli("readings", "import", path)
    assert imported.code == 1
    assert f"{name}:1:" in imported.err
    assert f"error SF110: `reason`: holds {refused}" in imported.err
    assert_escaped(imported)
    assert not db.exists() or not [row for row in _audit_rows(db) if row[1] == "reading.delete"]


def test_a_new_reason_is_refused_control_characters_whichever_command_gives_it(
    cli: Runner, drafts: Path, tmp_path: Path
) -> None:
    where = ("--stars-dir", drafts, "--cases-dir", drafts)
    code = cli("practice", "session", "new", "--case", "sam", *where).out.strip()
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "starframe: 1\nkind: practice-answers\ncase: sam\nscores: {home: 3, money: 2, health: 4}\n"
    )
    assert cli("practice", "submit", code, "--trainee", "Ana", "--from", answers, *where).code == 0
    refused = cli("practice", "erase", "--trainee", "Ana", "--reason", f"left{CLEAR}", "--yes")
    assert refused.code == 1
    assert "the reason holds U+001B" in refused.err
    assert_escaped(refused)
    assert "Ana" in cli("practice", "certificates").out, "nothing was erased"


def test_an_audit_action_stored_with_control_characters_is_listed(store: Store) -> None:
    with store.write() as writer:
        writer.add_worker(Worker(code="W-1", name="Alex"))
        writer.connection.execute(update(t.audit).values(action=f"worker.add{CLEAR}"))
        entry = writer.connection.execute(select(t.audit.c.id)).scalar_one()
    with store.read() as reader:
        assert list(hidden_text(reader.connection)) == [HiddenText("audit", str(entry), "action")]
