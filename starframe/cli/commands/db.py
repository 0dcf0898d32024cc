"""`starframe db`: bring the schema up to date, check a database, back it up, read its log."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, astuple
from pathlib import Path
from typing import TYPE_CHECKING

import click

from starframe.cli.options import date_option, db_option, force_option, out_option
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.output import echo_json, table
from starframe.cli.shared.store import opened_store

if TYPE_CHECKING:
    from starframe.store.values import AuditEntry


@click.group()
def db() -> None:
    """The database: where it is, its schema, its health, backups, its audit log."""


@db.command("upgrade")
@db_option
def upgrade(db: str | None) -> None:
    """Apply any pending schema migrations (commands do this on first use too)."""
    from starframe.store.database import HEAD, locate, make_engine, prepare
    from starframe.store.errors import StoreError

    try:
        location = locate(db)
        engine = make_engine(location)
        try:
            before = prepare(engine, location, migrate=True)
        finally:
            engine.dispose()
    except StoreError as exc:
        raise UserError(str(exc)) from None
    if before == HEAD:
        click.echo(f"{location.shown}: schema revision {HEAD}, already up to date.")
    else:
        click.echo(f"{location.shown}: upgraded from revision {before or 'none'} to {HEAD}.")


@db.command("secure")
@db_option
def secure(db: str | None) -> None:
    """Install roles, grants and row-level security on a shared PostgreSQL database.

    Run once by the database's owner (again after an upgrade: it is safe to repeat).
    """
    from starframe.store.errors import StoreError
    from starframe.store.security import secure as install

    with opened_store(db) as store:
        try:
            with store.write() as writer:
                done = install(writer.connection)
        except StoreError as exc:
            raise UserError(str(exc)) from None
    click.echo(
        f"Secured {store.location.shown}: roles {', '.join(done.roles)}; {done.policies} "
        f"policies on {done.tables} tables. Add staff with `starframe staff add LOGIN --team T "
        "--role worker --worker CODE`."
    )


@db.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def check(as_json: bool, db: str | None) -> int:
    """Report where the database is and whether it is healthy, changing nothing.

    Exit code 0 when healthy, 1 when anything needs attention.
    """
    from starframe.store.errors import StoreError
    from starframe.store.health import check_database
    from starframe.store.kinds import describe

    try:
        health = check_database(db)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    if as_json:
        echo_json(
            {
                "database": health.shown,
                "backend": health.backend,
                "revision": health.revision,
                "state": health.state,
                "ok": health.ok,
                "problems": health.problems,
                "counts": health.counts,
                "policies": health.policies,
                "control_characters": [asdict(found) for found in health.hidden_text],
            }
        )
        return 0 if health.ok else 1
    click.echo(f"Database: {health.shown} ({health.backend})")
    click.echo(f"Schema:   revision {health.revision or 'none'} ({health.state})")
    for note in health.notes:
        click.echo(f"          {note}")
    if health.counts:
        click.echo(f"Records:  {describe(health.counts)}")
    if health.hidden_text:
        click.echo(
            f"Text:     {len(health.hidden_text)} field(s) hold control characters, stored before "
            "they were refused (shown escaped; correct them when you can):"
        )
        click.echo(table(["table", "record", "field"], [astuple(f) for f in health.hidden_text]))
    for problem in health.problems:
        click.echo(f"problem: {problem}", err=True)
    click.echo("OK." if health.ok else f"{len(health.problems)} problem(s) found.")
    return 0 if health.ok else 1


@db.command("backup")
@out_option("The backup file to write (readable by you only).", required=False, old_names=())
@click.argument(
    "destination", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar=""
)
@force_option
@db_option
def backup(output: Path | None, destination: Path | None, force: bool, db: str | None) -> None:
    """Copy an SQLite database to a file, safely while it is in use (PostgreSQL: pg_dump)."""
    from starframe.store.backup import backup_sqlite
    from starframe.store.errors import StoreError

    # DESTINATION without -o is how the file was given before -o/--out; kept for one release.
    target = output or destination
    if target is None or (output is not None and destination is not None):
        raise click.UsageError("give the backup file once, as -o/--out FILE.")
    try:
        location = backup_sqlite(db, target, overwrite=force)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"Backed up {location.shown} to {target} (readable by you only).")


@db.command("audit")
@click.option("--person", metavar="CODE", help="Only entries about this person.")
@click.option(
    "--actor", metavar="NAME", help="Only changes made by this name (`unknown`: not recorded)."
)
@date_option("--since", help="Only entries made on or after this day (UTC).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    default=50,
    show_default=True,
    help="Show at most this many entries.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def audit(
    person: str | None,
    actor: str | None,
    since: dt.date | None,
    limit: int,
    as_json: bool,
    db: str | None,
) -> None:
    """The audit log, newest first: who changed what, when, and why.

    Entries hold codes, dates and field names, never names, notes or scores. Times are UTC.
    """
    with opened_store(db) as store, store.read() as reader:
        found = reader.audit_entries(
            person=person, actor=actor, since=since, limit=limit + 1, newest_first=True
        )
    shown, more = found[:limit], len(found) > limit
    if as_json:
        echo_json([_entry_json(entry) for entry in shown])
        return
    if not shown:
        click.echo("No audit entries match.")
        return
    rows = [
        [
            f"{entry.at:%Y-%m-%d %H:%M}",
            entry.who,
            entry.action,
            entry.person or "",
            (entry.reading or "")[:8],
            " ".join((entry.reason or "").split()),
        ]
        for entry in shown
    ]
    click.echo(table(["TIME (UTC)", "ACTOR", "ACTION", "PERSON", "READING", "REASON"], rows))
    if more:
        click.echo(f"Showing the newest {limit}; --limit shows more.", err=True)


def _entry_json(entry: AuditEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="seconds"),
        "actor": entry.actor,
        "action": entry.action,
        "person": entry.person,
        "reading": entry.reading,
        "details": entry.details,
        "reason": entry.reason,
    }
