"""`starframe db`: bring the schema up to date, check a database, back it up."""

from __future__ import annotations

from pathlib import Path

import click

from starframe.cli.app import UserError
from starframe.cli.output import echo_json
from starframe.cli.store_options import db_option


@click.group()
def db() -> None:
    """The database: where it is, its schema, its health, backups."""


@db.command("upgrade")
@db_option
def upgrade(db: str | None) -> None:
    """Apply any pending schema migrations (commands do this on first use too)."""
    from starframe.readings.database import HEAD, locate, make_engine, prepare
    from starframe.readings.errors import StoreError

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


@db.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def check(as_json: bool, db: str | None) -> int:
    """Report where the database is and whether it is healthy, changing nothing.

    Exit code 0 when healthy, 1 when anything needs attention.
    """
    from starframe.readings.errors import StoreError
    from starframe.readings.health import check_database

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
            }
        )
        return 0 if health.ok else 1
    click.echo(f"Database: {health.shown} ({health.backend})")
    click.echo(f"Schema:   revision {health.revision or 'none'} ({health.state})")
    for note in health.notes:
        click.echo(f"          {note}")
    if health.counts:
        counts = ", ".join(f"{count} {name}" for name, count in health.counts.items())
        click.echo(f"Records:  {counts}")
    for problem in health.problems:
        click.echo(f"problem: {problem}", err=True)
    click.echo("OK." if health.ok else f"{len(health.problems)} problem(s) found.")
    return 0 if health.ok else 1


@db.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace DESTINATION if it exists.")
@db_option
def backup(destination: Path, force: bool, db: str | None) -> None:
    """Copy an SQLite database to DESTINATION, safely while it is in use (PostgreSQL: pg_dump)."""
    from starframe.readings.errors import StoreError
    from starframe.readings.health import backup_sqlite

    try:
        location = backup_sqlite(db, destination, overwrite=force)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"Backed up {location.shown} to {destination} (readable by you only).")
