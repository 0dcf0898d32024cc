"""`starframe teams`, `staff`, `people move`, `requests`, `db secure` and `db check`, as typed.

On SQLite (one person's file: deletions act at once) and on a secured PostgreSQL database
(`organisation_db.py`), where a worker's deletion waits for a lead and a worker's whole
export says it is partial.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from starframe.cli import main
from tests.readings.conftest import pg_url
from tests.readings.organisation_db import Organisation, org
from tests.readings.test_readings_cli import Run

__all__ = ["org", "pg_url"]

Runner = Callable[..., Run]


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    monkeypatch.setenv("STARFRAME_DB", str(tmp_path / "org.db"))

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        else:
            code = 0
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def test_teams_people_and_staff_on_sqlite(cli: Runner) -> None:
    assert cli("teams", "add", "north", "--name", "North").code == 0
    listed = cli("teams", "list", "--json")
    assert json.loads(listed.out) == [
        {"code": "default", "name": "Everyone"},
        {"code": "north", "name": "North"},
    ]
    assert cli("people", "add", "P1", "--consent", "2024-01-01", "--team", "north").code == 0
    missing = cli("people", "add", "P2", "--consent", "2024-01-01", "--team", "south")
    assert missing.code == 1
    assert "no team has the code south: add it first with `starframe teams add south" in missing.err
    moved = cli("people", "move", "P1", "--team", "default")
    assert moved.out == "Moved P1 from team north to team default.\n"
    audit = json.loads(cli("db", "audit", "--json").out)
    assert audit[0]["action"] == "person.move"
    assert audit[0]["details"] == {"from": "north", "to": "default"}
    assert cli("workers", "add", "W1", "--name", "Wen").code == 0
    added = cli("staff", "add", "a.jones", "--team", "north", "--role", "worker", "--worker", "W1")
    assert added.out == "Added a.jones as worker of north.\n"
    assert cli("staff", "move", "a.jones", "--team", "default").code == 0
    assert cli("staff", "retire", "a.jones").code == 0
    [member] = json.loads(cli("staff", "list", "--json").out)
    assert (member["teams"], member["retired_at"] is not None) == (["default"], True)


def test_sqlite_has_no_roles_and_no_requests(cli: Runner) -> None:
    secured = cli("db", "secure")
    assert secured.code == 1
    assert "is for a PostgreSQL database" in secured.err
    assert cli("requests", "list").out == "No requests are waiting.\n"
    refused = cli("requests", "approve", "1")
    assert refused.code == 1
    assert "deletions and erasures act at once there" in refused.err


def test_on_a_secured_database_a_workers_deletion_waits_for_a_lead(
    cli: Runner, org: Organisation, tmp_path: Path
) -> None:
    alice, lena = org.url("alice"), org.url("lena")
    ids = json.loads(cli("readings", "list", "--person", "PA1", "--json", "--db", alice).out)
    reading = ids[0]["id"]
    asked = cli("readings", "delete", reading, "--reason", "wrong person", "--yes", "--db", alice)
    assert asked.code == 0, asked.err
    assert asked.out.startswith("Recorded request ")
    assert "a lead approves it" in asked.out
    number = asked.out.split()[2]
    listed = cli("requests", "list", "--json", "--db", lena)
    assert [r["id"] for r in json.loads(listed.out)] == [int(number)]
    not_lead = cli("requests", "approve", number, "--db", alice)
    assert not_lead.code == 1
    assert "only a lead may approve or refuse a request" in not_lead.err
    assert "Traceback" not in not_lead.err
    refused = cli("requests", "refuse", number, "--db", lena)
    assert refused.out == f"Refused request {number}: nothing was removed.\n"
    exported = cli(
        "readings", "export", "--format", "jsonl", "-o", tmp_path / "a.jsonl", "--db", alice
    )
    assert exported.code == 0, exported.err
    assert (
        f"this export is partial: it holds only what {org.login('alice')} may read" in exported.err
    )
    people = [
        json.loads(line)["code"]
        for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
        if '"kind":"person"' in line.replace(" ", "")
    ]
    assert "PB1" not in people


def test_db_check_reports_the_policies(cli: Runner, org: Organisation) -> None:
    checked = cli("db", "check", "--json", "--db", org.url())
    policies = json.loads(checked.out)["policies"]
    assert policies["installed"] is True
    assert policies["tables"] == policies["of_tables"]
    again = cli("db", "secure", "--db", org.url())
    assert again.code == 0, again.err
    assert "policies on" in again.out
    by_worker = cli("db", "secure", "--db", org.url("alice"))
    assert by_worker.code == 1
    assert "only the database's owner can secure it" in by_worker.err


def test_db_check_warns_on_an_unsecured_shared_database(cli: Runner, pg_url: str) -> None:
    assert cli("db", "upgrade", "--db", pg_url).code == 0
    checked = cli("db", "check", "--db", pg_url)
    assert "warning: row-level security is not installed" in checked.out
    assert "starframe db secure" in checked.out
