"""`starframe pilot report`: whether each scale of a Star edition under trial works."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from starframe.cli.options import dates_options, db_option, force_option, out_option
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.output import echo_json
from starframe.cli.shared.pdf import write_pdf
from starframe.cli.shared.store import database_files, opened_store
from starframe.output_files import check_target


@click.group()
def pilot() -> None:
    """Pilot a new Star: what the trial readings say about each scale (docs/pilots.md)."""


@pilot.command("report")
@click.argument("star")
@click.option("--edition", help="Edition piloted (needed when several are in use).")
@dates_options
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@out_option("Write the report as a PDF (readable by you only).", required=False)
@force_option
@db_option
def report(
    star: str,
    edition: str | None,
    since: dt.date | None,
    until: dt.date | None,
    as_json: bool,
    output: Path | None,
    force: bool,
    db: str | None,
) -> None:
    """Spread, floor and ceiling, change, consistency and correlations of STAR's scales."""
    from starframe.pilot.report import pilot_from_store
    from starframe.pilot.text import report_lines
    from starframe.store.errors import NotFound

    protected = database_files(db)
    if output is not None:
        check_target(output, force=force, protected=protected)
    with opened_store(db) as store, store.read() as reader:
        try:
            definition, result = pilot_from_store(reader, star, edition, since=since, until=until)
        except NotFound as exc:
            raise UserError(str(exc)) from None
    if output is not None:
        from starframe.render.pilot import render_pilot

        write_pdf(output, render_pilot(definition, result), force=force, protected=protected)
        return
    if as_json:
        echo_json(result.as_record())
        return
    for line in report_lines(result):
        click.echo(line)
