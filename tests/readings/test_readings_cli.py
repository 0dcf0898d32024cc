"""The readings commands as a person uses them.

Key flows go through the installed `starframe` entry point in a subprocess; the many small
cases call `starframe.cli.main` in this process (the same code path, without paying for
Python's start-up each time).
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from starframe.cli import main
from starframe.store.database import HEAD
from tests.readings.conftest import tiny_text

STARFRAME = Path(sys.executable).parent / "starframe"


@dataclass
class Run:
    code: int
    out: str
    err: str


Runner = Callable[..., Run]


@pytest.fixture(scope="module")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "readings.db"


@pytest.fixture
def shell(db: Path, cli_cache: Path) -> Runner:
    """The real entry point in a fresh process."""

    def run(*args: str | Path, database: str | Path | None = None) -> Run:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
        env.update({"STARFRAME_CACHE_DIR": str(cli_cache), "STARFRAME_DB": str(database or db)})
        done = subprocess.run(
            [str(STARFRAME), *map(str, args)], env=env, capture_output=True, text=True, timeout=120
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def cli(
    db: Path, cli_cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    """`starframe.cli.main` in this process."""
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


def reading_file(folder: Path, name: str = "reading.yaml", **changes: str) -> Path:
    fields = {
        "person": "P-0001",
        "worker": "W-01",
        "date": "2024-03-01",
        "home": "2",
        "money": "3",
        "health": "n/a",
        "note": "Hostel place",
    }
    fields.update(changes)
    path = folder / name
    path.write_text(
        "starframe: 1\n"
        "kind: reading\n"
        "star: tiny\n"
        'edition: "1.0"\n'
        f"person: {fields['person']}\n"
        f"worker: {fields['worker']}\n"
        f"date: {fields['date']}\n"
        "scores:\n"
        f"  home: {fields['home']}\n"
        f"  money: {fields['money']}\n"
        f"  health: {fields['health']}\n"
        "notes:\n"
        f"  home: {json.dumps(fields['note'])}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def stars_dir(tmp_path: Path) -> Path:
    """The tiny Star (with `health` allowed n/a) as a folder of drafts."""
    folder = tmp_path / "stars"
    folder.mkdir()
    (folder / "tiny.yaml").write_bytes(tiny_text())
    return folder


@pytest.fixture
def setup(cli: Runner) -> None:
    assert cli("people", "add", "P-0001", "--consent", "2024-01-10", "--name", "Sam Test").code == 0
    assert cli("workers", "add", "W-01", "--name", "Alex Worker").code == 0


def test_key_flow_through_the_entry_point(
    shell: Runner, setup: None, tmp_path: Path, stars_dir: Path, db: Path
) -> None:
    bad = shell(
        "readings", "add", "--from", reading_file(tmp_path, home="7"), "--stars-dir", stars_dir
    )
    assert bad.code == 1
    assert "reading.yaml:9:9: error SF702" in bad.err
    assert "Traceback" not in bad.err
    added = shell("readings", "add", "--from", reading_file(tmp_path), "--stars-dir", stars_dir)
    assert added.code == 0, added.err
    assert "Added reading" in added.out
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    # The Star's folder is gone: the reading still shows, summarises and exports.
    (stars_dir / "tiny.yaml").unlink()
    shown = shell("readings", "show", added.out.split()[2])
    assert shown.code == 0, shown.err
    assert "Tiny Star" in shown.out
    assert "Early days" in shown.out
    summary = json.loads(shell("summary", "person", "P-0001", "--json").out)
    assert summary["journeys"][0]["readings"][0]["scales"][2]["score"] == "n/a"
    exported = shell("readings", "export", "--format", "jsonl")
    assert exported.code == 0
    assert '"kind":"definition"' in exported.out


def test_demo_is_created_once(shell: Runner, cli: Runner, tmp_path: Path) -> None:
    demo = tmp_path / "demo.db"
    first = shell("demo", "--db", demo)
    assert first.code == 0, first.err
    assert "Created the demo" in first.out
    again = cli("demo", "--db", demo)
    assert again.code == 0
    assert "already holds the demo" in again.out
    cohort = json.loads(cli("summary", "cohort", "justice", "--json", "--db", demo).out)
    assert cohort["people_with_change"] >= 8
    parent = json.loads(cli("summary", "cohort", "parent-baby", "--json", "--db", demo).out)
    assert parent["people"] >= 6
    readings = json.loads(cli("readings", "list", "--json", "--db", demo).out)
    assert any(r["person_scores"] for r in readings)
    assert any("n/a" in r["scores"].values() for r in readings)
    assert any(r["actions"] for r in readings)
    assert any(r["status"] == "draft" for r in readings)
    assert {r["star"] for r in readings} == {"justice", "parent-baby"}


def test_demo_refuses_a_database_with_real_records(cli: Runner, setup: None, db: Path) -> None:
    refused = cli("demo", "--db", db)
    assert refused.code == 1
    assert "other people's records" in refused.err


def test_complete_scores_cannot_be_edited_but_details_can(
    cli: Runner, setup: None, tmp_path: Path, stars_dir: Path
) -> None:
    assert (
        cli("readings", "add", "--from", reading_file(tmp_path), "--stars-dir", stars_dir).code == 0
    )
    reading_id = json.loads(cli("readings", "list", "--json").out)[0]["id"]
    locked = cli("readings", "revise", reading_id[:8], "--score", "home=3")
    assert locked.code == 1
    assert "never changed" in locked.err
    unexplained = cli("readings", "revise", reading_id[:8], "--date", "2024-03-02")
    assert unexplained.code == 1
    assert "needs a reason" in unexplained.err
    fixed = cli("readings", "revise", reading_id[:8], "--date", "2024-03-02", "--reason", "typo")
    assert fixed.code == 0
    history = json.loads(cli("readings", "show", reading_id, "--json").out)["history"]
    assert history[-1]["details"]["changes"]["date"] == ["2024-03-01", "2024-03-02"]
    assert cli("readings", "delete", reading_id, "--reason", "test", "--yes").code == 0
    assert json.loads(cli("readings", "list", "--json").out) == []


def test_a_draft_is_continued_and_completed(
    cli: Runner, setup: None, tmp_path: Path, stars_dir: Path
) -> None:
    path = reading_file(tmp_path)
    path.write_text(
        path.read_text()
        .replace("  money: 3\n", "")
        .replace("kind: reading", "kind: reading\nstatus: draft")
    )
    assert cli("readings", "add", "--from", path, "--stars-dir", stars_dir).code == 0
    reading_id = json.loads(cli("readings", "list", "--json").out)[0]["id"]
    incomplete = cli("readings", "revise", reading_id, "--complete")
    assert incomplete.code == 1
    assert "money" in incomplete.err
    done = cli("readings", "revise", reading_id, "--score", "money=4", "--complete")
    assert done.code == 0, done.err
    assert json.loads(cli("readings", "list", "--json").out)[0]["status"] == "complete"


def test_a_score_on_a_scale_marked_na_with_a_reason_replaces_the_reason(
    cli: Runner, setup: None, tmp_path: Path, stars_dir: Path
) -> None:
    """`revise` follows the TUI's rules: a score clears the scale's n/a reason."""
    path = reading_file(tmp_path)
    path.write_text(
        path.read_text().replace("kind: reading", "kind: reading\nstatus: draft")
        + "not_applicable_reasons:\n  health: No health worker involved yet\n"
    )
    assert cli("readings", "add", "--from", path, "--stars-dir", stars_dir).code == 0
    reading_id = json.loads(cli("readings", "list", "--json").out)[0]["id"]
    scored = cli("readings", "revise", reading_id, "--score", "health=4")
    assert scored.code == 0, scored.err
    shown = json.loads(cli("readings", "show", reading_id, "--json").out)["reading"]
    assert shown["scores"]["health"] == 4
    assert "health" not in shown.get("not_applicable_reasons", {})
    marked = cli("readings", "revise", reading_id, "--score", "health=N/A", "--note", "home=")
    assert marked.code == 0, marked.err
    shown = json.loads(cli("readings", "show", reading_id, "--json").out)["reading"]
    assert shown["scores"]["health"] == "n/a"
    assert "home" not in shown["notes"], "an empty note removes it, as in the TUI"


def test_reading_file_errors_point_at_the_scale_key(
    cli: Runner, setup: None, tmp_path: Path, stars_dir: Path
) -> None:
    path = reading_file(tmp_path, home="1", health="4")
    path.write_text(path.read_text().replace("  home: 1", "  hme: 1"))
    failed = cli("readings", "add", "--from", path, "--stars-dir", stars_dir)
    assert failed.code == 1
    assert "reading.yaml:9:3: error SF701" in failed.err
    assert "Did you mean `home`?" in failed.err
    assert json.loads(cli("readings", "list", "--json").out) == []


def test_unknown_person_points_at_the_person(
    cli: Runner, setup: None, tmp_path: Path, stars_dir: Path
) -> None:
    failed = cli(
        "readings", "add", "--from", reading_file(tmp_path, person="P-9"), "--stars-dir", stars_dir
    )
    assert failed.code == 1
    assert "reading.yaml:5:9: error SF709" in failed.err
    assert "starframe people add P-9" in failed.err


def test_csv_export_is_safe_for_spreadsheets(
    cli: Runner, setup: None, tmp_path: Path, stars_dir: Path
) -> None:
    path = reading_file(tmp_path, note='=HYPERLINK("http://x")')
    assert cli("readings", "add", "--from", path, "--stars-dir", stars_dir).code == 0
    out = tmp_path / "out.csv"
    assert cli("readings", "export", "--out", out).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["scale"] for r in rows] == ["home", "money", "health"]
    assert rows[0]["note"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["stage"] == "Early days"
    assert rows[2]["score"] == "n/a"
    assert "Sam Test" not in out.read_text()


def test_import_is_all_or_nothing_and_can_be_repeated(
    cli: Runner, setup: None, tmp_path: Path, stars_dir: Path
) -> None:
    for day in (1, 2, 3):
        path = reading_file(tmp_path, f"r{day}.yaml", date=f"2024-03-0{day}")
        assert cli("readings", "add", "--from", path, "--stars-dir", stars_dir).code == 0
    export = tmp_path / "all.jsonl"
    assert cli("readings", "export", "--format", "jsonl", "--out", export).code == 0
    lines = export.read_text().splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([*lines[:-1], lines[-1].replace('"money":3', '"money":9')]))
    fresh = tmp_path / "fresh.db"
    refused = cli("readings", "import", broken, "--db", fresh)
    assert refused.code == 1
    assert f"broken.jsonl:{len(lines)}:" in refused.err
    assert cli("readings", "list", "--json", "--db", fresh).out.strip() == "[]"
    assert cli("people", "list", "--json", "--db", fresh).out.strip() == "[]"
    done = cli("readings", "import", export, "--db", fresh)
    assert done.code == 0, done.err
    assert "Imported 3 reading(s), 1 person(s), 1 worker(s), 1 definition(s)" in done.out
    again = cli("readings", "import", export, "--db", fresh)
    assert "6 already present and unchanged" in again.out
    original = json.loads(cli("readings", "list", "--json").out)
    assert json.loads(cli("readings", "list", "--json", "--db", fresh).out) == original


def test_people_export_and_erase(cli: Runner, setup: None, tmp_path: Path, stars_dir: Path) -> None:
    assert (
        cli("readings", "add", "--from", reading_file(tmp_path), "--stars-dir", stars_dir).code == 0
    )
    everything = json.loads(cli("people", "export", "P-0001").out)
    assert everything["person"]["display_name"] == "Sam Test"
    assert len(everything["readings"]) == 1
    assert everything["workers"] == [
        {"starframe": 1, "kind": "worker", "code": "W-01", "name": "Alex Worker"}
    ]
    assert cli("people", "erase", "P-0001", "--reason", "request", answer="n\n").code == 130
    erased = cli("people", "erase", "P-0001", "--reason", "asked to be forgotten", "--yes")
    assert erased.code == 0
    assert "1 reading" in erased.out
    assert cli("people", "show", "P-0001").code == 1
    assert json.loads(cli("readings", "list", "--json").out) == []


def test_people_options_are_checked(cli: Runner) -> None:
    bad = cli("people", "add", "not a code", "--consent", "2024-01-01")
    assert bad.code == 1
    assert "CODE:" in bad.err
    assert cli("people", "add", "P-1", "--consent", "yesterday").code == 2


def test_db_check_upgrade_and_backup(cli: Runner, setup: None, tmp_path: Path, db: Path) -> None:
    check = cli("db", "check")
    assert check.code == 0, check.err
    assert f"revision {HEAD} (current)" in check.out
    assert "1 people" in check.out
    assert "already up to date" in cli("db", "upgrade").out
    backup = tmp_path / "backup.db"
    assert cli("db", "backup", backup).code == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert cli("db", "backup", backup).code == 1
    assert "P-0001" in cli("people", "list", "--db", backup).out
    db.chmod(0o644)
    loose = cli("db", "check")
    assert loose.code == 1
    assert "chmod 600" in loose.err


def test_a_newer_schema_is_refused_clearly(cli: Runner, setup: None, db: Path) -> None:
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    refused = cli("people", "list")
    assert refused.code == 1
    assert "newer starframe" in refused.err
    assert "(newer)" in cli("db", "check").out


def test_an_unreachable_database_is_a_one_line_error(cli: Runner) -> None:
    failed = cli("people", "list", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert failed.code == 1
    assert failed.err.startswith("starframe: error: cannot use the database postgresql+psycopg://")
    assert len(failed.err.strip().splitlines()) == 1


def test_summaries_print_tables(cli: Runner, tmp_path: Path) -> None:
    demo = tmp_path / "demo.db"
    assert cli("demo", "--db", demo).code == 0
    cohort = cli("summary", "cohort", "justice", "--db", demo)
    assert "STAGE UP / SAME / DOWN" in cohort.out
    assert "Self-reliance" in cohort.out
    person = cli("summary", "person", "DEMO-001", "--db", demo)
    assert "SINCE FIRST" in person.out
    mixed = cli("summary", "cohort", "nothing", "--db", demo)
    assert mixed.code == 1
    assert "no complete readings" in mixed.err
