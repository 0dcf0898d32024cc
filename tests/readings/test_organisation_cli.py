"""`starframe teams`, `staff`, `people move`, `requests`, `db secure` and `db check`, as typed.

On SQLite (one person's file: deletions act at once) and on a secured PostgreSQL database
(`organisation_db.py`), where a worker's deletion waits for a lead and a worker's whole
export says it is partial.
"""

from __future__ import annotations

import datetime as dt
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


def _two_teams(path: Path) -> None:
    """Team north's 5 people and team south's 6, each with two complete tiny readings."""
    from starframe.readings import organisation
    from starframe.readings.models import Person, Team, Worker
    from starframe.readings.store import open_store
    from tests.readings.conftest import tiny_reading, tiny_text

    with open_store(str(path)) as store, store.write() as writer:
        writer.put_definition(tiny_text())
        organisation.add_teams(writer, [Team(code="north", name="N"), Team(code="south", name="S")])
        writer.add_worker(Worker(code="W1", name="Wen"))
        readings = []
        for n in range(11):
            code, team = f"P{n:02d}", "north" if n < 5 else "south"
            writer.add_person(Person(code=code, consent_date=dt.date(2023, 1, 1), team=team))
            later = {"home": 3, "money": 2, "health": 4}
            readings += [tiny_reading(code, day=1), tiny_reading(code, day=2, scores=later)]
        writer.add_readings(readings)


@pytest.mark.parametrize("command", ["cohort", "learning"])
def test_summaries_keep_to_one_team_with_team(cli: Runner, tmp_path: Path, command: str) -> None:
    _two_teams(tmp_path / "org.db")
    people = {
        team: json.loads(cli("summary", command, "tiny", "--json", *team).out)["people"]
        for team in [("--team", "north"), ("--team", "south"), ()]
    }
    if command == "learning":  # the review's head counts carry their own withheld reason
        people = {team: found["value"] for team, found in people.items()}
    assert list(people.values()) == [5, 6, 11]
    text = cli("summary", command, "tiny", "--team", "north").out
    assert ", team north)" in text.splitlines()[0]


@pytest.mark.parametrize("command", ["summary", "render"])
@pytest.mark.parametrize("report", ["cohort", "learning"])
def test_an_unknown_team_is_told_not_summarised(
    cli: Runner, tmp_path: Path, command: str, report: str
) -> None:
    _two_teams(tmp_path / "org.db")
    out = tmp_path / "report.pdf"
    done = cli(
        command, report, "tiny", "--team", "west", *(["-o", out] if command == "render" else [])
    )
    assert done.code == 1
    assert "no team has the code west: add it first with `starframe teams add west" in done.err
    assert "Traceback" not in done.err
    assert not out.exists()


@pytest.mark.parametrize("report", ["cohort", "learning"])
def test_a_team_report_names_its_team(cli: Runner, tmp_path: Path, report: str) -> None:
    from tests.render.conftest import read_pdf

    _two_teams(tmp_path / "org.db")
    out = tmp_path / "report.pdf"
    done = cli("render", report, "tiny", "--team", "south", "-o", out)
    assert done.code == 0, done.err
    text = " ".join(read_pdf(out.read_bytes()).text.split())
    assert "People 6 With change 6" in text
    assert "Team south" in text


def test_on_a_secured_database_a_worker_summarises_their_own_team_with_no_filter(
    cli: Runner, org: Organisation
) -> None:
    def cohort(name: str, *team: str) -> dict[str, object]:
        done = cli("summary", "cohort", "tiny", "--json", *team, "--db", org.url(name))
        assert done.code == 0, done.err
        found: dict[str, object] = json.loads(done.out)
        return found

    own, lead = cohort("alice"), cohort("lena", "--team", "a")
    assert {**own, "team": "a"} == lead
    assert cohort("lena", "--team", "b")["withheld"]["people"] == "fewer than 5"
    hidden = cli("summary", "cohort", "tiny", "--team", "b", "--db", org.url("alice"))
    assert hidden.code == 1  # the policies hide team b's readings from alice
    assert "you see only your own teams' people" in hidden.err


def test_on_a_secured_database_a_workers_erasure_waits_for_a_lead(
    cli: Runner, org: Organisation
) -> None:
    alice, lena = org.url("alice"), org.url("lena")
    added = cli("people", "add", "PA-GONE", "--consent", "2023-01-01", "--team", "a", "--db", alice)
    assert added.code == 0, added.err
    asked = cli(
        "people", "erase", "PA-GONE", "--reason", "asked to be forgotten", "--yes", "--db", alice
    )
    assert asked.code == 0, asked.err
    assert asked.out.startswith("Recorded request ")
    assert "erasing PA-GONE: on this database a lead approves it" in asked.out
    assert "nothing is removed until then" in asked.out
    number = asked.out.split()[2]
    shown = cli("people", "show", "PA-GONE", "--db", alice)
    assert shown.code == 0, shown.err  # still there: nothing is removed until a lead approves
    [request] = [
        r
        for r in json.loads(cli("requests", "list", "--json", "--db", lena).out)
        if str(r["id"]) == number
    ]
    assert (request["action"], request["person"], request["reason"]) == (
        "person.erase",
        "PA-GONE",
        "asked to be forgotten",
    )
    assert request["requested_by"] == org.login("alice")
    approved = cli("requests", "approve", number, "--db", lena)
    assert approved.code == 0, approved.err
    assert approved.out.startswith(f"Approved request {number}: ")
    gone = cli("people", "show", "PA-GONE", "--db", org.url())
    assert gone.code == 1
    assert "Traceback" not in gone.err


def test_on_a_secured_database_the_confirmation_says_a_lead_decides(
    cli: Runner, org: Organisation
) -> None:
    alice = org.url("alice")
    erase = cli("people", "erase", "PA1", "--reason", "asked", "--db", alice)
    assert "Ask a lead to erase PA1 and their 1 reading(s)? Nothing is removed until a lead " in (
        erase.out
    )
    assert "permanently" not in erase.out
    [first] = json.loads(cli("readings", "list", "--person", "PA1", "--json", "--db", alice).out)
    delete = cli("readings", "delete", first["id"], "--reason", "twice", "--db", alice)
    assert f"Ask a lead to delete reading {first['id'][:8]} (PA1, tiny 1.0, " in delete.out
    assert "cannot be undone" not in delete.out
    # No answer (stdin is empty): aborted, and nothing was asked for.
    assert (erase.code, delete.code) == (130, 130)
    assert "Recorded request" not in erase.out + delete.out
