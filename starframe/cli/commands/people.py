"""`starframe people`: record people, see what is held about them, export it or erase it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from starframe.cli.options import date_option, db_option, force_option, out_option
from starframe.cli.shared.output import echo_json, echo_request, echo_scrub, table
from starframe.cli.shared.store import build, database_files, opened_store
from starframe.output_files import check_target, write_text


@click.group()
def people() -> None:
    """People supported, known by pseudonymous codes."""


@people.command("add")
@click.argument("code")
@date_option("--consent", required=True, help="Date consent was given.")
@click.option("--name", help="A display name workers recognise (never exported to CSV).")
@click.option("--birth-years", help="Range of years of birth, e.g. 1980-1989.")
@click.option("--support-need", help="The organisation's own category of support need.")
@click.option(
    "--team", metavar="T", help="The team whose caseload they are in (default: `default`)."
)
@db_option
def add_person(
    code: str,
    consent: dt.date,
    name: str | None,
    birth_years: str | None,
    support_need: str | None,
    team: str | None,
    db: str | None,
) -> None:
    """Record a person under a pseudonymous CODE (e.g. P-0042)."""
    from starframe.readings.models import Person

    person = build(
        Person,
        {"code": "CODE", "consent_date": "--consent", "display_name": "--name"},
        code=code,
        consent_date=consent,
        display_name=name,
        birth_years=birth_years,
        support_need=support_need,
        team=team,
    )
    with opened_store(db) as store, store.write() as writer:
        writer.add_person(person)
    click.echo(f"Added {person.code}.")


@people.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_people(as_json: bool, db: str | None) -> None:
    """Everyone recorded, with how many readings each has."""
    with opened_store(db) as store, store.read() as reader:
        everyone = reader.people()
        stats = reader.person_stats()
    records = []
    for person in everyone:
        found = stats.get(person.code)
        records.append(
            {
                **person.model_dump(mode="json", exclude={"starframe", "kind"}),
                "readings": found.readings if found else 0,
                "latest": found.latest.isoformat() if found and found.latest else None,
            }
        )
    if as_json:
        echo_json(records)
        return
    if not records:
        click.echo("Nobody is recorded yet. Add someone with `starframe people add CODE`.")
        return
    rows = [
        [
            r["code"],
            r["display_name"] or "",
            r["consent_date"],
            r["team"],
            str(r["readings"]),
            r["latest"] or "",
        ]
        for r in records
    ]
    click.echo(table(["CODE", "NAME", "CONSENT", "TEAM", "READINGS", "LATEST"], rows))


@people.command("move")
@click.argument("code")
@click.option("--team", required=True, metavar="T", help="The team to move them to.")
@db_option
def move_person(code: str, team: str, db: str | None) -> None:
    """Move a person to another team's caseload (recorded in the audit log)."""
    from starframe.readings.organisation import move_person

    with opened_store(db) as store, store.write() as writer:
        before = move_person(writer, code, team)
    click.echo(f"Moved {code} from team {before} to team {team}.")


@people.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def show_person(code: str, as_json: bool, db: str | None) -> None:
    """A person's details and readings."""
    with opened_store(db) as store, store.read() as reader:
        person = reader.person(code)
        readings = reader.readings(person=code)
    if as_json:
        echo_json(
            {
                "person": person.model_dump(mode="json", exclude={"starframe", "kind"}),
                "readings": [r.document() for r in readings],
            }
        )
        return
    details = [
        ("Code", person.code),
        ("Name", person.display_name or "-"),
        ("Consent given", person.consent_date.isoformat()),
        ("Years of birth", person.birth_years or "-"),
        ("Support need", person.support_need or "-"),
        ("Team", person.team),
    ]
    for label, value in details:
        click.echo(f"{label + ':':<16}{value}")
    click.echo("")
    if not readings:
        click.echo("No readings yet.")
        return
    rows = [
        [
            str(r.id)[:8],
            r.date.isoformat(),
            f"{r.star} {r.edition}",
            r.worker,
            r.mode,
            r.status,
        ]
        for r in readings
    ]
    click.echo(table(["ID", "DATE", "STAR", "WORKER", "MODE", "STATUS"], rows))


@people.command("export")
@click.argument("code")
@out_option("Write to this file (readable by you only) instead of standard output.", required=False)
@force_option
@db_option
def export_person(code: str, output: Path | None, force: bool, db: str | None) -> None:
    """Everything held about one person, as JSON (for a request to see their data)."""
    from starframe.transfer import exporting

    protected = database_files(db)
    if output is not None:
        check_target(output, force=force, protected=protected)

    def deliver(text: str) -> None:
        if output is None:
            click.echo(text, nl=False)
        else:
            write_text(output, text, force=force, protected=protected)

    with opened_store(db) as store:
        exporting.export_person(store, code, deliver)
    if output is not None:
        click.echo(f"Wrote everything held about {code} to {output}.", err=True)


@people.command("erase")
@click.argument("code")
@click.option("--reason", required=True, help="Why, e.g. 'asked to be forgotten, ref 123'.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
def erase_person(code: str, reason: str, yes: bool, db: str | None) -> None:
    """Remove a person and all their readings for good (the audit log keeps a note).

    On a secured shared database this records a request that a lead approves.
    """
    from starframe.readings import requests

    with opened_store(db) as store:
        with store.read() as reader:
            reader.person(code)
            count = len(reader.readings(person=code))
            asking = requests.needs_approval(reader)
        if not yes:
            click.confirm(
                f"Ask a lead to erase {code} and their {count} reading(s)? Nothing is removed "
                "until a lead approves"
                if asking
                else f"Erase {code} and their {count} reading(s) permanently? This cannot be "
                "undone",
                abort=True,
            )
        outcome = requests.erase_person(store, code, reason=reason)
    if outcome.request is not None:
        echo_request(outcome.request, f"erasing {code}")
        return
    assert outcome.scrubbed is not None
    click.echo(f"Erased {code} and {outcome.removed} reading(s).")
    echo_scrub(outcome.scrubbed)
