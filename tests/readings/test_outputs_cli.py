"""Files the database commands write: never onto the database, never over a file unasked.

Issue 19, item 1: `readings export --format jsonl --out r1.db --db r1.db` emptied the live
database before failing. Every case runs `starframe.cli.main` in this process, from inside
the test's folder so the paths are the ones a person types.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import pytest
from sqlalchemy import create_engine, text

from starframe.cli import main
from tests.readings.conftest import tiny_text


@dataclass
class Run:
    code: int
    out: str
    err: str


Runner = Callable[..., Run]


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STARFRAME_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("STARFRAME_DB", raising=False)

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
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
def r1(cli: Runner, tmp_path: Path) -> Path:
    """`r1.db` in the current folder, holding one person and one reading."""
    stars = tmp_path / "stars"
    stars.mkdir()
    (stars / "tiny.yaml").write_bytes(tiny_text())
    reading = tmp_path / "reading.yaml"
    reading.write_text(
        'starframe: 1\nkind: reading\nstar: tiny\nedition: "1.0"\nperson: P-0001\n'
        "worker: W-01\ndate: 2024-03-01\nscores:\n  home: 2\n  money: 3\n  health: n/a\n"
        "notes:\n  home: Hostel place\n",
        encoding="utf-8",
    )
    assert cli("people", "add", "P-0001", "--consent", "2024-01-10", "--db", "r1.db").code == 0
    assert cli("workers", "add", "W-01", "--name", "Alex", "--db", "r1.db").code == 0
    added = cli("readings", "add", "--from", reading, "--stars-dir", stars, "--db", "r1.db")
    assert added.code == 0, added.err
    return tmp_path / "r1.db"


def still_whole(cli: Runner, db: Path, before: bytes) -> None:
    assert db.read_bytes() == before
    assert "P-0001" in cli("people", "list", "--db", db.name).out


def no_temporary_left(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".starframe-")]


def test_an_export_onto_the_database_in_use_is_refused_and_leaves_it_whole(
    cli: Runner, r1: Path
) -> None:
    before = r1.read_bytes()
    run = cli("readings", "export", "--format", "jsonl", "--out", "r1.db", "--db", "r1.db")
    assert run.code == 1
    assert run.err == "starframe: error: r1.db is the database in use: choose another file.\n"
    still_whole(cli, r1, before)
    forced = cli("readings", "export", "--out", "r1.db", "--force", "--db", "r1.db")
    assert forced.code == 1, "--force never replaces the database in use"
    still_whole(cli, r1, before)


@pytest.mark.parametrize("name", ["r1.db-wal", "r1.db-shm", "r1.db-journal"])
def test_the_database_working_files_are_refused(cli: Runner, r1: Path, name: str) -> None:
    run = cli("readings", "export", "--out", name, "--force", "--db", "r1.db")
    assert run.code == 1
    assert run.err == (
        f"starframe: error: {name} is a working file of the database in use ({r1}): "
        "choose another file.\n"
    )
    assert not (r1.parent / name).exists()


def test_the_database_under_another_name_is_refused(cli: Runner, r1: Path) -> None:
    before = r1.read_bytes()
    os.link(r1, "hard.db")
    sub = r1.parent / "sub"
    sub.mkdir()
    run = cli("readings", "export", "--out", "hard.db", "--force", "--db", "r1.db")
    assert run.err == "starframe: error: hard.db is the database in use: choose another file.\n"
    by_detour = cli("people", "export", "P-0001", "--out", "sub/../r1.db", "--db", "r1.db")
    assert by_detour.code == 1
    assert "is the database in use" in by_detour.err
    still_whole(cli, r1, before)


def test_people_export_and_backup_never_replace_the_database(cli: Runner, r1: Path) -> None:
    before = r1.read_bytes()
    person = cli("people", "export", "P-0001", "-o", "r1.db", "--force", "--db", "r1.db")
    assert person.code == 1
    assert "r1.db is the database in use" in person.err
    backup = cli("db", "backup", "r1.db", "--force", "--db", "r1.db")
    assert backup.code == 1
    assert "r1.db is the database in use" in backup.err
    still_whole(cli, r1, before)


@pytest.mark.parametrize(
    "command",
    [
        ("readings", "export", "--format", "jsonl", "--out"),
        ("readings", "export", "-o"),
        ("readings", "export", "--output"),
        ("people", "export", "P-0001", "--out"),
    ],
)
def test_an_existing_file_is_replaced_only_with_force_and_becomes_private(
    cli: Runner, r1: Path, command: tuple[str, ...]
) -> None:
    old = r1.parent / "out.txt"
    old.write_text("an earlier export\n", encoding="utf-8")
    old.chmod(0o644)
    refused = cli(*command, "out.txt", "--db", "r1.db")
    assert refused.code == 1
    assert refused.err == (
        "starframe: error: out.txt already exists: add --force to replace it, "
        "or choose another file.\n"
    )
    assert old.read_text(encoding="utf-8") == "an earlier export\n"
    replaced = cli(*command, "out.txt", "--force", "--db", "r1.db")
    assert replaced.code == 0, replaced.err
    assert "P-0001" in old.read_text(encoding="utf-8")
    assert stat.S_IMODE(old.stat().st_mode) == 0o600, "a replaced 0644 file is owner-only"
    no_temporary_left(r1.parent)


def test_a_symlink_at_the_target_is_refused_and_what_it_points_to_untouched(
    cli: Runner, r1: Path
) -> None:
    victim = r1.parent / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (r1.parent / "link.jsonl").symlink_to(victim)
    run = cli(
        "readings", "export", "--format", "jsonl", "--out", "link.jsonl", "--force", "--db", "r1.db"
    )
    assert run.code == 1
    assert run.err == (
        "starframe: error: link.jsonl is a symbolic link: starframe does not write through "
        "links; name the file itself or another file.\n"
    )
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert (r1.parent / "link.jsonl").is_symlink()


def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(
    cli: Runner, r1: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = r1.parent / "all.jsonl"
    old.write_text("an earlier export\n", encoding="utf-8")

    def half_then_full_disk(records: Iterator[dict[str, Any]], out: TextIO) -> int:
        out.write(json.dumps(next(records)) + "\n")
        out.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("starframe.readings.export.write_jsonl", half_then_full_disk)
    run = cli("readings", "export", "--format", "jsonl", "-o", "all.jsonl", "--force", "--db", r1)
    assert run.code == 1
    assert run.err == "starframe: error: cannot write all.jsonl: No space left on device.\n"
    assert old.read_text(encoding="utf-8") == "an earlier export\n"
    no_temporary_left(r1.parent)


def test_a_line_break_in_a_note_never_starts_a_formula_row(cli: Runner, r1: Path) -> None:
    """Item 12: `In a hostel\\r=2+5` came back as a second row starting with `=`.

    The note is stored straight into the database, as one stored before control characters
    were refused would be: an export still carries it.
    """
    engine = create_engine(f"sqlite:///{r1}")
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE scores SET note = :note WHERE scale_id = 'home'"),
            {"note": "In a hostel\r=2+5\n+3\r\n@SUM(A1)"},
        )
    engine.dispose()
    assert cli("readings", "export", "-o", "out.csv", "--db", "r1.db").code == 0
    raw = (r1.parent / "out.csv").read_bytes()
    with open(r1.parent / "out.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + 3, "a header and one row per scale"
    cells = [cell for row in rows for cell in row]
    lines = [line for cell in cells for line in cell.replace("\r\n", "\n").split("\r")]
    lines = [part for line in lines for part in line.split("\n")]
    assert not [line for line in lines if line[:1] in ("=", "+", "-", "@", "\t")]
    home = dict(zip(rows[0], rows[1], strict=True))
    assert home["note"] == "In a hostel\r'=2+5\n'+3\r\n'@SUM(A1)"
    assert b'"In a hostel\r' in raw, "a cell holding a line break is quoted"


def test_a_backup_replaced_with_force_is_owner_only_and_whole(cli: Runner, r1: Path) -> None:
    backup = r1.parent / "backup.db"
    backup.write_bytes(b"an old backup")
    backup.chmod(0o644)
    refused = cli("db", "backup", "backup.db", "--db", "r1.db")
    assert refused.code == 1
    assert "backup.db already exists: add --force to replace it" in refused.err
    assert backup.read_bytes() == b"an old backup"
    assert cli("db", "backup", "backup.db", "--force", "--db", "r1.db").code == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert "P-0001" in cli("people", "list", "--db", "backup.db").out
    no_temporary_left(r1.parent)


def test_a_backup_is_written_with_out_as_every_output_is(cli: Runner, r1: Path) -> None:
    """`-o/--out` names the file, as on every command that writes one (CONVENTIONS.md); the
    DESTINATION argument of earlier releases still works, but not both, nor neither."""
    assert cli("db", "backup", "-o", "new.db", "--db", "r1.db").code == 0
    assert "P-0001" in cli("people", "list", "--db", "new.db").out
    assert stat.S_IMODE((r1.parent / "new.db").stat().st_mode) == 0o600
    assert cli("db", "backup", "old.db", "--db", "r1.db").code == 0
    both = cli("db", "backup", "a.db", "-o", "b.db", "--db", "r1.db")
    assert both.code == 2
    assert "give the backup file once, as -o/--out FILE" in both.err
    assert cli("db", "backup", "--db", "r1.db").code == 2
    assert not (r1.parent / "a.db").exists()
    assert not (r1.parent / "b.db").exists()
    refused = cli("db", "backup", "-o", "r1.db", "--force", "--db", "r1.db")
    assert refused.code == 1
    assert "r1.db is the database in use" in refused.err
