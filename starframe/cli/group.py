"""The `starframe` command group and the registration of every command group.

Each command module is imported here only to register it; what the modules import at the top
is cheap, so `starframe stars list` never loads Textual, ReportLab or SQLAlchemy.
"""

from __future__ import annotations

import sys

import click


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    invoke_without_command=True,
)
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
@click.version_option(package_name="starframe", prog_name="starframe")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Define, validate and host Star outcome tools."""
    if ctx.invoked_subcommand is None:
        # A person at a terminal gets the UI; scripts and CI get help and never hang.
        if sys.stdin.isatty() and sys.stdout.isatty():
            from starframe.cli.shared.terminal import run_tui

            run_tui()
        else:
            click.echo(ctx.get_help())


def register_commands() -> None:
    from starframe.cli.commands import (
        db,
        demo,
        diff,
        fhir,
        new,
        organisation,
        people,
        pilot,
        plugins,
        practice,
        practice_certificates,
        practice_pdf,
        practice_sessions,
        readings,
        render,
        schema,
        serve,
        stars,
        summary,
        tui,
        validate,
        wording,
        workers,
    )

    cli.add_command(stars.stars)
    cli.add_command(validate.validate)
    cli.add_command(plugins.plugins)
    cli.add_command(schema.schema)
    cli.add_command(diff.diff)
    cli.add_command(new.new)
    cli.add_command(render.render)
    cli.add_command(practice.practice)
    for command in (
        *practice_sessions.COMMANDS,
        *practice_certificates.COMMANDS,
        *practice_pdf.COMMANDS,
    ):
        practice.practice.add_command(command)
    cli.add_command(tui.tui)
    cli.add_command(people.people)
    cli.add_command(workers.workers)
    cli.add_command(organisation.teams)
    cli.add_command(organisation.staff)
    cli.add_command(organisation.requests)
    cli.add_command(readings.readings)
    cli.add_command(summary.summary)
    cli.add_command(db.db)
    cli.add_command(demo.demo)
    cli.add_command(fhir.fhir)
    cli.add_command(serve.serve)
    cli.add_command(wording.wording)
    cli.add_command(pilot.pilot)


register_commands()
